/*
 * test_shim.c - unit tests for the Xapian shim (shims/xapian_shim.h).
 *
 * Every test builds its small databases from a table of documents under
 * one temporary directory (mkdtemp under /tmp, made by the group set-up
 * and removed by the group tear-down), then checks what the shim gives
 * back.  Documents are added in table order, so in a one-shard database
 * the n-th row has docid n, and match sets are written as bitmasks of
 * docids (bit n for docid n).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../common/buf.h"
#include "../../shims/xapian_shim.h"
#include "fixture.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(n) ((uint64_t)1 << (n))

static char root[PATH_MAX];

/* ---- helpers ---------------------------------------------------------- */

static int
group_setup(void **state)
{
	(void)state;
	return fixture_mkdtemp(root, "docket-test-shim");
}

static int
group_teardown(void **state)
{
	(void)state;
	return fixture_remove_tree(root);
}

/* The path of database `name` under the test directory, in buf. */
static const char *
db_path(char *buf, size_t size, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", root, name);

	assert_true(n > 0 && (size_t)n < size);
	return buf;
}

/* One document of a test table. */
struct tdoc {
	const char *uid;   /* boolean id term, e.g. "Q1" */
	const char *text;  /* words added as postings at positions 1, 2, ... */
	const char *data;  /* document data, or NULL */
	const char *v0;    /* value slot 0, or NULL */
	const char *v1;    /* value slot 1, or NULL */
	const char *bools; /* extra boolean terms, space separated, or NULL */
};

static void
fill_doc(dk_doc *doc, const struct tdoc *t)
{
	char buf[512];
	char *tok, *save;
	uint32_t pos = 1;

	assert_int_equal(dk_doc_clear(doc), DK_OK);
	assert_int_equal(dk_doc_add_boolean_term(doc, t->uid, strlen(t->uid)),
			 DK_OK);
	if (t->text) {
		snprintf(buf, sizeof buf, "%s", t->text);
		for (tok = strtok_r(buf, " ", &save); tok;
		     tok = strtok_r(NULL, " ", &save))
			assert_int_equal(dk_doc_add_posting(doc, tok,
							    strlen(tok),
							    pos++, 1),
					 DK_OK);
	}
	if (t->bools) {
		snprintf(buf, sizeof buf, "%s", t->bools);
		for (tok = strtok_r(buf, " ", &save); tok;
		     tok = strtok_r(NULL, " ", &save))
			assert_int_equal(dk_doc_add_boolean_term(doc, tok,
								 strlen(tok)),
					 DK_OK);
	}
	if (t->data)
		assert_int_equal(dk_doc_set_data(doc, t->data,
						 strlen(t->data)),
				 DK_OK);
	if (t->v0)
		assert_int_equal(dk_doc_set_value(doc, 0, t->v0,
						  strlen(t->v0)),
				 DK_OK);
	if (t->v1)
		assert_int_equal(dk_doc_set_value(doc, 1, t->v1,
						  strlen(t->v1)),
				 DK_OK);
}

static void
add_docs(dk_writer *w, const struct tdoc *docs, size_t n)
{
	dk_doc *doc = NULL;

	assert_int_equal(dk_doc_new(&doc), DK_OK);
	for (size_t i = 0; i < n; i++) {
		fill_doc(doc, &docs[i]);
		assert_int_equal(dk_writer_replace(w, docs[i].uid,
						   strlen(docs[i].uid), doc,
						   NULL),
				 DK_OK);
	}
	dk_doc_free(doc);
}

/* Create database `name` holding docs[0..n) and return its path in buf. */
static const char *
make_db(char *buf, size_t size, const char *name, const struct tdoc *docs,
	size_t n)
{
	dk_writer *w = NULL;
	char *err = NULL;

	db_path(buf, size, name);
	assert_int_equal(dk_writer_open(buf, DK_WRITER_CREATE |
					 DK_WRITER_NO_SYNC, &w, &err),
			 DK_OK);
	assert_null(err);
	add_docs(w, docs, n);
	assert_int_equal(dk_writer_close(w, &err), DK_OK);
	assert_null(err);
	return buf;
}

static void
set_meta(const char *path, const char *key, const char *value)
{
	dk_writer *w = NULL;

	assert_int_equal(dk_writer_open(path, 0, &w, NULL), DK_OK);
	assert_int_equal(dk_writer_set_metadata(w, key, value, strlen(value)),
			 DK_OK);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);
}

/* Assert that r's metadata for key is want. */
static void
check_meta(dk_reader *r, const char *key, const char *want)
{
	char *v = NULL;
	size_t len = 0;

	assert_int_equal(dk_reader_metadata(r, key, &v, &len), DK_OK);
	assert_int_equal(len, strlen(want));
	assert_string_equal(v, want);
	free(v);
}

static dk_reader *
open_reader(const char *path)
{
	dk_reader *r = NULL;
	char *err = NULL;

	assert_int_equal(dk_reader_open(&path, 1, &r, &err), DK_OK);
	assert_null(err);
	assert_non_null(r);
	return r;
}

static dk_query *
qterm(const char *t)
{
	dk_query *q = NULL;

	assert_int_equal(dk_query_term(t, strlen(t), 1, &q), DK_OK);
	return q;
}

/* op over the space-separated terms of `terms`. */
static dk_query *
qcombine(dk_query_op op, uint32_t window, const char *terms)
{
	dk_query *subs[16];
	dk_query *q = NULL;
	char buf[256];
	char *tok, *save;
	size_t n = 0;

	snprintf(buf, sizeof buf, "%s", terms);
	for (tok = strtok_r(buf, " ", &save); tok && n < ARRAY_LEN(subs);
	     tok = strtok_r(NULL, " ", &save))
		subs[n++] = qterm(tok);
	assert_int_equal(dk_query_combine(op, (const dk_query *const *)subs,
					  n, window, &q),
			 DK_OK);
	for (size_t i = 0; i < n; i++)
		dk_query_free(subs[i]);
	return q;
}

/* Run q and return its docids in rank order in ids[0..cap); the count. */
static size_t
search_ids(dk_reader *r, const dk_query *q, const dk_search_opts *opts,
	   dk_docid *ids, size_t cap)
{
	dk_search_opts def;
	dk_mset *m = NULL;
	size_t n;

	if (!opts) {
		dk_search_opts_init(&def);
		opts = &def;
	}
	assert_int_equal(dk_reader_search(r, q, opts, 0, 100, &m), DK_OK);
	n = dk_mset_size(m);
	for (size_t i = 0; i < n && i < cap; i++)
		ids[i] = dk_mset_docid(m, i);
	dk_mset_free(m);
	return n < cap ? n : cap;
}

/* The set of docids q matches, as a bitmask. */
static uint64_t
search_mask(dk_reader *r, const dk_query *q, const dk_search_opts *opts)
{
	dk_docid ids[64];
	size_t n = search_ids(r, q, opts, ids, ARRAY_LEN(ids));
	uint64_t mask = 0;

	for (size_t i = 0; i < n; i++) {
		assert_true(ids[i] > 0 && ids[i] < 64);
		mask |= BIT(ids[i]);
	}
	return mask;
}

/* ---- writing and reading ---------------------------------------------- */

static void
test_version(void **state)
{
	(void)state;
	assert_int_equal(strncmp(dk_shim_version(), "xapian-core 1.", 14), 0);
	/* Constant storage: the same pointer every time. */
	assert_ptr_equal(dk_shim_version(), dk_shim_version());
}

static const struct tdoc basic_docs[] = {
	{ "Q1", "hello world", "one", NULL, NULL, NULL },
	{ "Q2", "hello there", "two", NULL, NULL, NULL },
	{ "Q3", "goodbye world", "three", NULL, NULL, NULL },
};

static void
test_create_add_commit_reopen(void **state)
{
	char path[PATH_MAX];
	dk_writer *w = NULL;
	dk_reader *r;
	uint64_t n = 0;
	int changed = -1;
	static const struct tdoc more = { "Q4", "hello again", "four",
					  NULL, NULL, NULL };

	(void)state;
	db_path(path, sizeof path, "basic");
	assert_int_equal(dk_writer_open(path, DK_WRITER_CREATE, &w, NULL),
			 DK_OK);
	assert_string_equal(dk_writer_error(w), "");
	add_docs(w, basic_docs, ARRAY_LEN(basic_docs));
	/* The writer sees its own uncommitted documents. */
	assert_int_equal(dk_writer_doccount(w, &n), DK_OK);
	assert_int_equal(n, 3);
	assert_int_equal(dk_writer_commit(w), DK_OK);

	r = open_reader(path);
	assert_int_equal(dk_reader_doccount(r, &n), DK_OK);
	assert_int_equal(n, 3);

	add_docs(w, &more, 1);
	assert_int_equal(dk_writer_commit(w), DK_OK);
	/* The reader stays on its revision until it reopens. */
	assert_int_equal(dk_reader_doccount(r, &n), DK_OK);
	assert_int_equal(n, 3);
	assert_int_equal(dk_reader_reopen(r, &changed), DK_OK);
	assert_int_equal(changed, 1);
	assert_int_equal(dk_reader_doccount(r, &n), DK_OK);
	assert_int_equal(n, 4);
	assert_int_equal(dk_reader_reopen(r, &changed), DK_OK);
	assert_int_equal(changed, 0);
	assert_string_equal(dk_reader_error(r), "");
	dk_reader_close(r);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);

	/* The database opens again without DK_WRITER_CREATE. */
	assert_int_equal(dk_writer_open(path, 0, &w, NULL), DK_OK);
	assert_int_equal(dk_writer_doccount(w, &n), DK_OK);
	assert_int_equal(n, 4);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);

	/* OVERWRITE starts afresh. */
	assert_int_equal(dk_writer_open(path, DK_WRITER_OVERWRITE, &w, NULL),
			 DK_OK);
	assert_int_equal(dk_writer_doccount(w, &n), DK_OK);
	assert_int_equal(n, 0);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);
}

static void
test_replace_by_uid(void **state)
{
	char path[PATH_MAX];
	dk_writer *w = NULL;
	dk_reader *r;
	dk_doc *doc = NULL;
	uint64_t n = 0;
	int existed = -1;
	char *data = NULL;
	size_t len = 0;
	static const struct tdoc v2 = { "Q2", "brand new words", "two-v2",
					NULL, NULL, NULL };
	static const struct tdoc v5 = { "Q5", "fifth", "five",
					NULL, NULL, NULL };

	(void)state;
	make_db(path, sizeof path, "replace", basic_docs,
		ARRAY_LEN(basic_docs));
	assert_int_equal(dk_writer_open(path, 0, &w, NULL), DK_OK);
	assert_int_equal(dk_doc_new(&doc), DK_OK);

	fill_doc(doc, &v2);
	assert_int_equal(dk_writer_replace(w, "Q2", 2, doc, &existed), DK_OK);
	assert_int_equal(existed, 1);
	assert_int_equal(dk_writer_doccount(w, &n), DK_OK);
	assert_int_equal(n, 3);
	/* Replacing again before a commit still finds the document. */
	assert_int_equal(dk_writer_replace(w, "Q2", 2, doc, &existed), DK_OK);
	assert_int_equal(existed, 1);

	fill_doc(doc, &v5);
	assert_int_equal(dk_writer_replace(w, "Q5", 2, doc, &existed), DK_OK);
	assert_int_equal(existed, 0);
	assert_int_equal(dk_writer_doccount(w, &n), DK_OK);
	assert_int_equal(n, 4);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);
	dk_doc_free(doc);

	r = open_reader(path);
	assert_int_equal(dk_reader_doccount(r, &n), DK_OK);
	assert_int_equal(n, 4);
	/* replace_document(term) keeps the first docid of the term. */
	assert_int_equal(dk_reader_document_data(r, 2, &data, &len), DK_OK);
	assert_int_equal(len, 6);
	assert_string_equal(data, "two-v2");
	free(data);
	assert_int_equal(dk_reader_termfreq(r, "there", 5, &n), DK_OK);
	assert_int_equal(n, 0);
	assert_int_equal(dk_reader_termfreq(r, "brand", 5, &n), DK_OK);
	assert_int_equal(n, 1);
	dk_reader_close(r);
}

static void
test_replace_needs_uid_term(void **state)
{
	char path[PATH_MAX];
	dk_writer *w = NULL;
	dk_doc *doc = NULL;
	int existed = -1;

	(void)state;
	db_path(path, sizeof path, "uidterm");
	assert_int_equal(dk_writer_open(path, DK_WRITER_CREATE, &w, NULL),
			 DK_OK);
	assert_int_equal(dk_doc_new(&doc), DK_OK);
	assert_int_equal(dk_doc_add_term(doc, "word", 4, 1), DK_OK);
	assert_int_equal(dk_writer_replace(w, "Qx", 2, doc, &existed),
			 DK_ERR_INVALID);
	assert_int_equal(existed, 0);
	assert_true(strlen(dk_writer_error(w)) > 0);
	dk_doc_free(doc);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);
}

static void
test_delete(void **state)
{
	char path[PATH_MAX];
	dk_writer *w = NULL;
	dk_reader *r;
	uint64_t n = 0;
	int deleted = -1;
	char *data = NULL;
	size_t len = 7;

	(void)state;
	make_db(path, sizeof path, "delete", basic_docs,
		ARRAY_LEN(basic_docs));
	assert_int_equal(dk_writer_open(path, 0, &w, NULL), DK_OK);
	assert_int_equal(dk_writer_delete(w, "Q1", 2, &deleted), DK_OK);
	assert_int_equal(deleted, 1);
	assert_int_equal(dk_writer_delete(w, "Q1", 2, &deleted), DK_OK);
	assert_int_equal(deleted, 0);
	assert_int_equal(dk_writer_delete(w, "Qnone", 5, NULL), DK_OK);
	assert_int_equal(dk_writer_doccount(w, &n), DK_OK);
	assert_int_equal(n, 2);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);

	r = open_reader(path);
	assert_int_equal(dk_reader_doccount(r, &n), DK_OK);
	assert_int_equal(n, 2);
	assert_int_equal(dk_reader_document_data(r, 1, &data, &len),
			 DK_ERR_NOT_FOUND);
	assert_null(data);
	assert_int_equal(len, 0);
	assert_true(strlen(dk_reader_error(r)) > 0);
	assert_int_equal(dk_reader_document_data(r, 0, &data, &len),
			 DK_ERR_INVALID);
	dk_reader_close(r);
}

static void
test_metadata(void **state)
{
	char path[PATH_MAX];
	dk_writer *w = NULL;
	dk_reader *r;
	char *v = NULL;
	size_t len = 0;
	static const char bin[] = { 'a', '\0', 'b' };

	(void)state;
	db_path(path, sizeof path, "meta");
	assert_int_equal(dk_writer_open(path, DK_WRITER_CREATE, &w, NULL),
			 DK_OK);
	assert_int_equal(dk_writer_set_metadata(w, "built", "2024-05-01", 10),
			 DK_OK);
	assert_int_equal(dk_writer_set_metadata(w, "bin", bin, sizeof bin),
			 DK_OK);
	assert_int_equal(dk_writer_set_metadata(w, "gone", "x", 1), DK_OK);
	assert_int_equal(dk_writer_set_metadata(w, "gone", "", 0), DK_OK);
	assert_int_equal(dk_writer_set_metadata(w, "", "x", 1),
			 DK_ERR_INVALID);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);

	r = open_reader(path);
	assert_int_equal(dk_reader_metadata(r, "built", &v, &len), DK_OK);
	assert_int_equal(len, 10);
	assert_string_equal(v, "2024-05-01");
	free(v);
	assert_int_equal(dk_reader_metadata(r, "bin", &v, &len), DK_OK);
	assert_int_equal(len, 3);
	assert_memory_equal(v, bin, 3);
	free(v);
	assert_int_equal(dk_reader_metadata(r, "gone", &v, &len), DK_OK);
	assert_int_equal(len, 0);
	assert_string_equal(v, "");
	free(v);
	assert_int_equal(dk_reader_metadata(r, "never", &v, &len), DK_OK);
	assert_int_equal(len, 0);
	assert_string_equal(v, "");
	free(v);
	dk_reader_close(r);
}

/* ---- queries ---------------------------------------------------------- */

struct qcase {
	dk_query_op op;
	uint32_t window;
	const char *terms;
	uint64_t expect;
};

static const struct tdoc phrase_docs[] = {
	{ "Q1", "the quick brown fox", NULL, NULL, NULL, NULL },
	{ "Q2", "brown quick the fox", NULL, NULL, NULL, NULL },
	{ "Q3", "quick red brown dog", NULL, NULL, NULL, NULL },
	{ "Q4", "fox", NULL, NULL, NULL, NULL },
};

static const struct qcase phrase_cases[] = {
	/* In order and adjacent only. */
	{ DK_QOP_PHRASE, 0, "quick brown", BIT(1) },
	{ DK_QOP_PHRASE, 0, "brown quick", BIT(2) },
	{ DK_QOP_PHRASE, 0, "the quick brown fox", BIT(1) },
	{ DK_QOP_PHRASE, 0, "quick fox", 0 },
	/* In order within a wider window. */
	{ DK_QOP_PHRASE, 3, "quick brown", BIT(1) | BIT(3) },
	/* Any order. */
	{ DK_QOP_NEAR, 0, "brown quick", BIT(1) | BIT(2) },
	{ DK_QOP_NEAR, 0, "quick brown", BIT(1) | BIT(2) },
	{ DK_QOP_NEAR, 3, "brown quick", BIT(1) | BIT(2) | BIT(3) },
	{ DK_QOP_NEAR, 4, "fox quick", BIT(1) | BIT(2) },
	{ DK_QOP_NEAR, 2, "fox quick", 0 },
};

static void
test_phrase_near(void **state)
{
	char path[PATH_MAX];
	dk_reader *r;

	(void)state;
	make_db(path, sizeof path, "phrase", phrase_docs,
		ARRAY_LEN(phrase_docs));
	r = open_reader(path);
	for (size_t i = 0; i < ARRAY_LEN(phrase_cases); i++) {
		const struct qcase *c = &phrase_cases[i];
		dk_query *q = qcombine(c->op, c->window, c->terms);
		uint64_t got = search_mask(r, q, NULL);

		if (got != c->expect)
			print_error("case %zu (%s): got %#llx want %#llx\n", i,
				    c->terms, (unsigned long long)got,
				    (unsigned long long)c->expect);
		assert_int_equal(got, c->expect);
		dk_query_free(q);
	}
	dk_reader_close(r);
}

static const struct tdoc bool_docs[] = {
	{ "Q1", "a b", NULL, NULL, NULL, NULL },
	{ "Q2", "a", NULL, NULL, NULL, NULL },
	{ "Q3", "b", NULL, NULL, NULL, NULL },
	{ "Q4", "a c", NULL, NULL, NULL, NULL },
	{ "Q5", "c", NULL, NULL, NULL, NULL },
	{ "Q6", "d", NULL, NULL, NULL, NULL },
};

static const struct qcase bool_cases[] = {
	{ DK_QOP_AND, 0, "a b", BIT(1) },
	{ DK_QOP_AND, 0, "a b c", 0 },
	{ DK_QOP_OR, 0, "a b", BIT(1) | BIT(2) | BIT(3) | BIT(4) },
	{ DK_QOP_AND_NOT, 0, "a b", BIT(2) | BIT(4) },
	{ DK_QOP_AND_NOT, 0, "a b c", BIT(2) },
	{ DK_QOP_AND_MAYBE, 0, "a b", BIT(1) | BIT(2) | BIT(4) },
	{ DK_QOP_FILTER, 0, "a c", BIT(4) },
	{ DK_QOP_SYNONYM, 0, "a c", BIT(1) | BIT(2) | BIT(4) | BIT(5) },
	{ DK_QOP_MAX, 0, "a c", BIT(1) | BIT(2) | BIT(4) | BIT(5) },
	/* The rarer term weighs more, so it is the one kept. */
	{ DK_QOP_ELITE_SET, 1, "a d", BIT(6) },
	{ DK_QOP_OR, 0, "zzz", 0 },
};

static void
test_boolean_ops(void **state)
{
	char path[PATH_MAX];
	dk_reader *r;
	dk_query *q, *sub[2], *all;
	dk_docid ids[8];
	dk_search_opts opts;
	size_t n;

	(void)state;
	make_db(path, sizeof path, "bool", bool_docs, ARRAY_LEN(bool_docs));
	r = open_reader(path);
	for (size_t i = 0; i < ARRAY_LEN(bool_cases); i++) {
		const struct qcase *c = &bool_cases[i];
		uint64_t got;

		q = qcombine(c->op, c->window, c->terms);
		got = search_mask(r, q, NULL);
		if (got != c->expect)
			print_error("case %zu (%s): got %#llx want %#llx\n", i,
				    c->terms, (unsigned long long)got,
				    (unsigned long long)c->expect);
		assert_int_equal(got, c->expect);
		dk_query_free(q);
	}

	/* AND_MAYBE: the document with the optional term ranks first. */
	q = qcombine(DK_QOP_AND_MAYBE, 0, "a b");
	n = search_ids(r, q, NULL, ids, ARRAY_LEN(ids));
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 1);
	dk_query_free(q);

	/* No subqueries: nothing. */
	assert_int_equal(dk_query_combine(DK_QOP_OR, NULL, 0, 0, &q), DK_OK);
	assert_true(dk_query_is_empty(q));
	assert_int_equal(search_mask(r, q, NULL), 0);
	dk_query_free(q);

	/* Scaled to 0 a query still matches but weighs nothing. */
	sub[0] = qterm("a");
	assert_int_equal(dk_query_scale(sub[0], 0.0, &q), DK_OK);
	{
		dk_mset *m = NULL;

		dk_search_opts_init(&opts);
		assert_int_equal(dk_reader_search(r, q, &opts, 0, 10, &m),
				 DK_OK);
		assert_int_equal(dk_mset_size(m), 3);
		for (size_t i = 0; i < 3; i++)
			assert_true(dk_mset_weight(m, i) == 0.0);
		dk_mset_free(m);
	}
	dk_query_free(q);
	assert_int_equal(dk_query_scale(sub[0], -1.0, &q), DK_ERR_INVALID);
	assert_null(q);

	/* match_all and match_nothing. */
	assert_int_equal(dk_query_match_all(&all), DK_OK);
	assert_false(dk_query_is_empty(all));
	assert_int_equal(search_mask(r, all, NULL),
			 BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6));
	sub[1] = all;
	assert_int_equal(dk_query_combine(DK_QOP_AND_NOT,
					  (const dk_query *const[]){ all,
								     sub[0] },
					  2, 0, &q),
			 DK_OK);
	assert_int_equal(search_mask(r, q, NULL), BIT(3) | BIT(5) | BIT(6));
	dk_query_free(q);
	dk_query_free(all);
	assert_int_equal(dk_query_match_nothing(&q), DK_OK);
	assert_true(dk_query_is_empty(q));
	assert_int_equal(search_mask(r, q, NULL), 0);
	dk_query_free(q);

	/* Descriptions for --explain. */
	{
		char *desc = NULL;

		assert_int_equal(dk_query_describe(sub[0], &desc), DK_OK);
		assert_non_null(strstr(desc, "a"));
		assert_non_null(strstr(desc, "Query("));
		free(desc);
	}
	assert_false(dk_query_is_empty(sub[0]));
	dk_query_free(sub[0]);
	dk_reader_close(r);
}

static const struct tdoc value_docs[] = {
	{ "Q1", "x", "d1", "2020-01", NULL, NULL },
	{ "Q2", "x", "d2", "2021-06", NULL, NULL },
	{ "Q3", "x", "d3", "2022-03", NULL, NULL },
	{ "Q4", "x", "d4", "2023-12", NULL, NULL },
	{ "Q5", "x", "d5", NULL, NULL, NULL },
};

static const struct {
	const char *lo, *hi;
	uint64_t expect;
} range_cases[] = {
	{ "2021", "2022-12", BIT(2) | BIT(3) },
	{ "2020-01", "2020-01", BIT(1) },
	{ NULL, "2021-06", BIT(1) | BIT(2) },
	{ "2022", NULL, BIT(3) | BIT(4) },
	{ "2030", "2040", 0 },
	{ "2023", "2021", 0 },
	/* Both ends open: everything, even without a value. */
	{ NULL, NULL, BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(5) },
};

static void
test_value_range_and_sort(void **state)
{
	char path[PATH_MAX];
	dk_reader *r;
	dk_query *q;
	dk_search_opts opts;
	dk_docid ids[8];
	size_t n;
	static const dk_docid asc[] = { 5, 1, 2, 3, 4 };
	static const dk_docid desc[] = { 4, 3, 2, 1, 5 };

	(void)state;
	make_db(path, sizeof path, "values", value_docs,
		ARRAY_LEN(value_docs));
	r = open_reader(path);
	for (size_t i = 0; i < ARRAY_LEN(range_cases); i++) {
		const char *lo = range_cases[i].lo, *hi = range_cases[i].hi;
		uint64_t got;

		assert_int_equal(dk_query_value_range(0, lo, lo ? strlen(lo) : 0,
						      hi, hi ? strlen(hi) : 0,
						      &q),
				 DK_OK);
		got = search_mask(r, q, NULL);
		if (got != range_cases[i].expect)
			print_error("range case %zu: got %#llx\n", i,
				    (unsigned long long)got);
		assert_int_equal(got, range_cases[i].expect);
		dk_query_free(q);
	}

	/* Sorting: a missing value is the empty string, the smallest. */
	q = qterm("x");
	dk_search_opts_init(&opts);
	opts.sort_slot = 0;
	for (int then_rel = 0; then_rel <= 1; then_rel++) {
		opts.sort_then_relevance = then_rel;
		opts.sort_descending = 0;
		n = search_ids(r, q, &opts, ids, ARRAY_LEN(ids));
		assert_int_equal(n, 5);
		assert_memory_equal(ids, asc, sizeof asc);
		opts.sort_descending = 1;
		n = search_ids(r, q, &opts, ids, ARRAY_LEN(ids));
		assert_int_equal(n, 5);
		assert_memory_equal(ids, desc, sizeof desc);
	}
	dk_query_free(q);
	dk_reader_close(r);
}

static const struct tdoc wild_docs[] = {
	{ "Q1", "apple", NULL, NULL, NULL, NULL },
	{ "Q2", "apple", NULL, NULL, NULL, NULL },
	{ "Q3", "apple apply", NULL, NULL, NULL, NULL },
	{ "Q4", "apply", NULL, NULL, NULL, NULL },
	{ "Q5", "apt", NULL, NULL, NULL, NULL },
	{ "Q6", "banana", NULL, NULL, NULL, NULL },
};

static const struct {
	const char *prefix;
	uint32_t max;
	uint64_t expect;
} wild_cases[] = {
	{ "ap", 0, BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(5) },
	{ "ap", 3, BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(5) },
	/* Over the limit, the most frequent expansions are kept. */
	{ "ap", 2, BIT(1) | BIT(2) | BIT(3) | BIT(4) },
	{ "ap", 1, BIT(1) | BIT(2) | BIT(3) },
	{ "appl", 0, BIT(1) | BIT(2) | BIT(3) | BIT(4) },
	{ "apt", 5, BIT(5) },
	{ "zz", 0, 0 },
};

static void
test_wildcard(void **state)
{
	char path[PATH_MAX];
	dk_reader *r;

	(void)state;
	make_db(path, sizeof path, "wild", wild_docs, ARRAY_LEN(wild_docs));
	r = open_reader(path);
	for (size_t i = 0; i < ARRAY_LEN(wild_cases); i++) {
		dk_query *q = NULL;
		uint64_t got;

		assert_int_equal(dk_query_wildcard(wild_cases[i].prefix,
						   strlen(wild_cases[i].prefix),
						   wild_cases[i].max, &q),
				 DK_OK);
		got = search_mask(r, q, NULL);
		if (got != wild_cases[i].expect)
			print_error("wildcard case %zu: got %#llx\n", i,
				    (unsigned long long)got);
		assert_int_equal(got, wild_cases[i].expect);
		dk_query_free(q);
	}
	dk_reader_close(r);
}

static const struct tdoc collapse_docs[] = {
	{ "Q1", "x", NULL, NULL, "s1", NULL },
	{ "Q2", "x", NULL, NULL, "s1", NULL },
	{ "Q3", "x", NULL, NULL, "s1", NULL },
	{ "Q4", "x", NULL, NULL, "s2", NULL },
	{ "Q5", "x", NULL, NULL, "s2", NULL },
	{ "Q6", "x", NULL, NULL, "s3", NULL },
	{ "Q7", "x", NULL, NULL, NULL, NULL },
};

/*
 * Xapian reports on every document kept for a key how many documents of
 * that key were folded away, so with collapse_max 2 both kept "s1"
 * documents say 1.
 */
static void
test_collapse(void **state)
{
	char path[PATH_MAX];
	dk_reader *r;
	dk_query *q;
	dk_search_opts opts;
	static const struct {
		uint32_t max;
		size_t size;
		uint64_t cc[4]; /* folded count for s1, s2, s3, no key */
		size_t kept[4]; /* documents kept for each */
	} cases[] = {
		{ 1, 4, { 2, 1, 0, 0 }, { 1, 1, 1, 1 } },
		{ 2, 6, { 1, 0, 0, 0 }, { 2, 2, 1, 1 } },
		{ 3, 7, { 0, 0, 0, 0 }, { 3, 2, 1, 1 } },
		{ 0, 4, { 2, 1, 0, 0 }, { 1, 1, 1, 1 } }, /* 0 is taken as 1 */
	};

	(void)state;
	make_db(path, sizeof path, "collapse", collapse_docs,
		ARRAY_LEN(collapse_docs));
	r = open_reader(path);
	q = qterm("x");
	for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
		dk_mset *m = NULL;
		size_t kept[4] = { 0, 0, 0, 0 };

		dk_search_opts_init(&opts);
		opts.collapse_slot = 1;
		opts.collapse_max = cases[c].max;
		assert_int_equal(dk_reader_search(r, q, &opts, 0, 10, &m),
				 DK_OK);
		assert_int_equal(dk_mset_size(m), cases[c].size);
		for (size_t i = 0; i < dk_mset_size(m); i++) {
			const char *v = NULL;
			size_t len = 0, key;

			assert_int_equal(dk_mset_value(m, i, 1, &v, &len),
					 DK_OK);
			key = len == 2 ? (size_t)(v[1] - '1') : 3;
			assert_true(key < 4);
			kept[key]++;
			assert_int_equal(dk_mset_collapse_count(m, i),
					 cases[c].cc[key]);
		}
		assert_memory_equal(kept, cases[c].kept, sizeof kept);
		dk_mset_free(m);
	}
	dk_query_free(q);
	dk_reader_close(r);
}

/* Equal weights: tie_slot orders them by its value, not by docid. */
static const struct tdoc tie_docs[] = {
	{ "Q1", "x", "1", NULL, "d", NULL },
	{ "Q2", "x", "2", NULL, "b", NULL },
	{ "Q3", "x", "3", NULL, "c", NULL },
	{ "Q4", "x", "4", NULL, "a", NULL },
};

static void
test_ties_and_termfreqs(void **state)
{
	char path[PATH_MAX];
	dk_reader *r;
	dk_query *q;
	dk_search_opts opts;
	static const char *const want[2] = { "1234", "4231" };

	(void)state;
	make_db(path, sizeof path, "ties", tie_docs, ARRAY_LEN(tie_docs));
	r = open_reader(path);
	q = qterm("x");
	for (int t = 0; t < 2; t++) {
		dk_mset *m = NULL;
		char got[8] = "";

		dk_search_opts_init(&opts);
		assert_int_equal(opts.tie_slot, -1);
		if (t)
			opts.tie_slot = 1;
		assert_int_equal(dk_reader_search(r, q, &opts, 0, 10, &m),
				 DK_OK);
		assert_int_equal(dk_mset_size(m), 4);
		for (size_t i = 0; i < 4; i++) {
			const char *d = NULL;
			size_t len = 0;

			assert_int_equal(dk_mset_data(m, i, &d, &len), DK_OK);
			assert_int_equal(len, 1);
			got[i] = d[0];
		}
		assert_string_equal(got, want[t]);
		dk_mset_free(m);
	}
	/* A page of two is the first two of the whole order. */
	dk_mset *m = NULL;
	const char *d = NULL;
	size_t len = 0;
	opts.tie_slot = 1;
	assert_int_equal(dk_reader_search(r, q, &opts, 0, 1, &m), DK_OK);
	assert_int_equal(dk_mset_data(m, 0, &d, &len), DK_OK);
	assert_memory_equal(d, "4", 1);
	dk_mset_free(m);

	/* Sorted by a value (slot 0, a date; newest first), a query of
	 * filters only goes by sort_key_slot (slot 1: the date and an id,
	 * as fields.h's DK_SLOT_NEWEST_ID, here with the id's order
	 * reversed by hand); a weighed one by weight, then (Xapian 1.4)
	 * document id. */
	static const struct tdoc dated[] = {
		{ "Q1", "x", "1", "2023", "2023w", NULL },
		{ "Q2", "x", "2", "2023", "2023y", NULL },
		{ "Q3", "x", "3", "2024", "2024x", NULL },
		{ "Q4", "x", "4", "2023", "2023z", NULL },
	};
	char dpath[PATH_MAX];
	make_db(dpath, sizeof dpath, "ties-dated", dated, ARRAY_LEN(dated));
	dk_reader *dr = open_reader(dpath);
	dk_query *zero = NULL;
	assert_int_equal(dk_query_scale(q, 0, &zero), DK_OK);
	for (int t = 0; t < 3; t++) {
		char got[8] = "";
		dk_search_opts_init(&opts);
		assert_int_equal(opts.sort_key_slot, -1);
		opts.sort_slot = 0;
		opts.sort_descending = 1;
		opts.sort_then_relevance = 1;
		if (t < 2)
			opts.sort_key_slot = 1;
		assert_int_equal(dk_reader_search(dr, t == 1 ? q : zero, &opts, 0,
						  10, &m), DK_OK);
		assert_int_equal(dk_mset_size(m), 4);
		for (size_t i = 0; i < 4; i++) {
			assert_int_equal(dk_mset_data(m, i, &d, &len), DK_OK);
			got[i] = d[0];
		}
		assert_string_equal(got, t == 0 ? "3421" : "3124");
		dk_mset_free(m);
	}
	/* A page of one of the filters-only order is its place in it. */
	opts.sort_key_slot = 1;
	assert_int_equal(dk_reader_search(dr, zero, &opts, 1, 1, &m), DK_OK);
	assert_int_equal(dk_mset_data(m, 0, &d, &len), DK_OK);
	assert_memory_equal(d, "4", 1);
	dk_mset_free(m);
	dk_query_free(zero);
	dk_reader_close(dr);

	const char *terms[] = { "x", "Q3", "nope" };
	size_t lens[] = { 1, 2, 4 };
	uint64_t tf[3] = { 9, 9, 9 };
	assert_int_equal(dk_reader_termfreqs(r, terms, lens, 3, tf), DK_OK);
	assert_int_equal(tf[0], 4);
	assert_int_equal(tf[1], 1);
	assert_int_equal(tf[2], 0);
	assert_int_equal(dk_reader_termfreqs(r, terms, lens, 0, NULL), DK_OK);
	assert_int_equal(dk_reader_termfreqs(r, NULL, lens, 3, tf),
			 DK_ERR_INVALID);
	lens[1] = 0;
	assert_int_equal(dk_reader_termfreqs(r, terms, lens, 3, tf),
			 DK_ERR_INVALID);
	assert_int_equal(dk_reader_termfreqs(NULL, terms, lens, 3, tf),
			 DK_ERR_INVALID);
	dk_query_free(q);
	dk_reader_close(r);
}

/*
 * A folded match that weighs nothing (a date range): Xapian stops at
 * check_at_least and, not knowing how many documents the range holds,
 * estimated the folded total as what it saw; the shim counts the
 * matches.  600 documents, 500 in the range, two to a story: 250
 * stories in it.
 */
static void
test_folded_estimate(void **state)
{
	enum { N = 600 };
	static struct tdoc docs[N];
	static char uid[N][16], date[N][16], story[N][16];
	char path[PATH_MAX];

	(void)state;
	for (int i = 0; i < N; i++) {
		snprintf(uid[i], sizeof uid[i], "Q%d", i);
		snprintf(date[i], sizeof date[i], "%d%04d", i < 500 ? 2023 : 2022,
			 i % 1231);
		snprintf(story[i], sizeof story[i], "s%d", i / 2);
		docs[i] = (struct tdoc){ uid[i], "x", "d", date[i], story[i], NULL };
	}
	make_db(path, sizeof path, "folded-estimate", docs, N);
	dk_reader *r = open_reader(path);
	dk_query *q = NULL;
	assert_int_equal(dk_query_value_range(0, "20230000", 8, "20239999", 8,
					      &q), DK_OK);
	for (int fold = 0; fold < 2; fold++) {
		dk_search_opts opts;
		dk_mset *m = NULL;
		dk_search_opts_init(&opts);
		opts.check_at_least = 20;
		if (fold)
			opts.collapse_slot = 1;
		assert_int_equal(dk_reader_search(r, q, &opts, 0, 10, &m), DK_OK);
		uint64_t est = dk_mset_estimated(m);
		assert_true(est >= dk_mset_lower_bound(m));
		assert_true(est <= dk_mset_upper_bound(m));
		/* Folded: between the stories (250) and the documents (500). */
		if (fold && (est < 250 || est > 500))
			fail_msg("folded estimate %llu for 250 stories",
				 (unsigned long long)est);
		dk_mset_free(m);
	}
	dk_query_free(q);
	dk_reader_close(r);
}

static void
test_mset_getters(void **state)
{
	char path[PATH_MAX];
	dk_reader *r;
	dk_query *q;
	dk_search_opts opts;
	dk_mset *m = NULL;
	const char *p1 = NULL, *p2 = NULL;
	size_t len = 0;

	(void)state;
	make_db(path, sizeof path, "getters", value_docs,
		ARRAY_LEN(value_docs));
	r = open_reader(path);
	q = qterm("x");
	dk_search_opts_init(&opts);
	opts.sort_slot = 0; /* docids 5, 1, 2, 3, 4 */
	assert_int_equal(dk_reader_search(r, q, &opts, 1, 2, &m), DK_OK);
	assert_int_equal(dk_mset_size(m), 2);
	assert_int_equal(dk_mset_docid(m, 0), 1);
	assert_int_equal(dk_mset_docid(m, 1), 2);
	assert_int_equal(dk_mset_lower_bound(m), 5);
	assert_int_equal(dk_mset_estimated(m), 5);
	assert_int_equal(dk_mset_upper_bound(m), 5);
	assert_true(dk_mset_weight(m, 0) > 0.0);

	assert_int_equal(dk_mset_data(m, 0, &p1, &len), DK_OK);
	assert_int_equal(len, 2);
	assert_memory_equal(p1, "d1", 2);
	assert_int_equal(dk_mset_value(m, 1, 0, &p2, &len), DK_OK);
	assert_int_equal(len, 7);
	assert_memory_equal(p2, "2021-06", 7);
	/* Borrowed and cached: the same bytes the second time. */
	assert_int_equal(dk_mset_data(m, 0, &p2, &len), DK_OK);
	assert_ptr_equal(p1, p2);
	assert_int_equal(dk_mset_value(m, 0, 0, &p1, &len), DK_OK);
	assert_memory_equal(p1, "2020-01", 7);
	assert_int_equal(dk_mset_data(m, 1, &p2, &len), DK_OK);
	assert_memory_equal(p2, "d2", 2);
	/* An unset slot is empty; p1 from before is still valid. */
	assert_int_equal(dk_mset_value(m, 0, 7, &p2, &len), DK_OK);
	assert_int_equal(len, 0);
	assert_memory_equal(p1, "2020-01", 7);

	/* Out of range. */
	assert_int_equal(dk_mset_data(m, 2, &p2, &len), DK_ERR_INVALID);
	assert_null(p2);
	assert_true(strlen(dk_mset_error(m)) > 0);
	assert_int_equal(dk_mset_docid(m, 2), 0);
	assert_int_equal(dk_mset_collapse_count(m, 2), 0);
	assert_true(dk_mset_weight(m, 99) == 0.0);
	dk_mset_free(m);

	/* A whole page and an empty page. */
	opts.check_at_least = 5;
	opts.time_limit = 10.0;
	assert_int_equal(dk_reader_search(r, q, &opts, 0, 10, &m), DK_OK);
	assert_int_equal(dk_mset_size(m), 5);
	dk_mset_free(m);
	assert_int_equal(dk_reader_search(r, q, &opts, 10, 10, &m), DK_OK);
	assert_int_equal(dk_mset_size(m), 0);
	assert_int_equal(dk_mset_estimated(m), 5);
	dk_mset_free(m);
	dk_query_free(q);
	dk_reader_close(r);
}

/* ---- statistics, terms, expansion ------------------------------------- */

struct term_seen {
	char terms[8][32];
	uint64_t freqs[8];
	size_t n;
	size_t stop_after; /* return nonzero after this many (0: never) */
};

static int
collect_term(void *ctx, const char *term, size_t len, uint64_t tf)
{
	struct term_seen *s = ctx;

	if (s->n < 8 && len < 32) {
		memcpy(s->terms[s->n], term, len);
		s->terms[s->n][len] = '\0';
		s->freqs[s->n] = tf;
	}
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

static void
test_stats_and_terms(void **state)
{
	char path[PATH_MAX];
	dk_reader *r;
	uint64_t n = 0;
	double avlen = 0;
	struct term_seen seen;
	static const struct {
		const char *term;
		uint64_t tf, cf;
	} freq_cases[] = {
		{ "apple", 3, 3 }, { "apply", 2, 2 }, { "apt", 1, 1 },
		{ "banana", 1, 1 }, { "cherry", 0, 0 }, { "Q1", 1, 0 },
	};

	(void)state;
	make_db(path, sizeof path, "stats", wild_docs, ARRAY_LEN(wild_docs));
	r = open_reader(path);
	for (size_t i = 0; i < ARRAY_LEN(freq_cases); i++) {
		const char *t = freq_cases[i].term;

		assert_int_equal(dk_reader_termfreq(r, t, strlen(t), &n),
				 DK_OK);
		assert_int_equal(n, freq_cases[i].tf);
		assert_int_equal(dk_reader_collection_freq(r, t, strlen(t),
							   &n),
				 DK_OK);
		assert_int_equal(n, freq_cases[i].cf);
	}
	/* 7 words in 6 documents (boolean terms have no length). */
	assert_int_equal(dk_reader_avlength(r, &avlen), DK_OK);
	assert_true(avlen > 7.0 / 6 - 1e-9 && avlen < 7.0 / 6 + 1e-9);

	memset(&seen, 0, sizeof seen);
	assert_int_equal(dk_reader_terms(r, "ap", 2, 0, collect_term, &seen),
			 DK_OK);
	assert_int_equal(seen.n, 3);
	assert_string_equal(seen.terms[0], "apple");
	assert_int_equal(seen.freqs[0], 3);
	assert_string_equal(seen.terms[1], "apply");
	assert_int_equal(seen.freqs[1], 2);
	assert_string_equal(seen.terms[2], "apt");

	memset(&seen, 0, sizeof seen);
	assert_int_equal(dk_reader_terms(r, "ap", 2, 2, collect_term, &seen),
			 DK_OK);
	assert_int_equal(seen.n, 2);

	memset(&seen, 0, sizeof seen);
	seen.stop_after = 1;
	assert_int_equal(dk_reader_terms(r, "ap", 2, 0, collect_term, &seen),
			 DK_OK);
	assert_int_equal(seen.n, 1);

	/* The Q prefix holds the six uid terms. */
	memset(&seen, 0, sizeof seen);
	assert_int_equal(dk_reader_terms(r, "Q", 1, 0, collect_term, &seen),
			 DK_OK);
	assert_int_equal(seen.n, 6);
	assert_string_equal(seen.terms[0], "Q1");
	dk_reader_close(r);
}

static const struct tdoc expand_docs[] = {
	{ "Q1", "rocket engine fuel rocket thrust", NULL, NULL, NULL,
	  "XSITEspace Kbig" },
	{ "Q2", "rocket launch fuel thrust", NULL, NULL, NULL,
	  "XSITEspace" },
	{ "Q3", "garden soil water seeds", NULL, NULL, NULL, "XSITEgarden" },
	{ "Q4", "garden rocket salad", NULL, NULL, NULL, "XSITEgarden" },
	{ "Q5", "garden soil compost", NULL, NULL, NULL, "XSITEgarden" },
	{ "Q6", "water cooler talk", NULL, NULL, NULL, NULL },
};

struct expand_seen {
	char terms[16][32];
	double weights[16];
	size_t n;
};

static int
collect_expand(void *ctx, const char *term, size_t len, double weight)
{
	struct expand_seen *s = ctx;

	if (s->n < 16 && len < 32) {
		memcpy(s->terms[s->n], term, len);
		s->terms[s->n][len] = '\0';
		s->weights[s->n] = weight;
	}
	s->n++;
	return 0;
}

static void
test_expand(void **state)
{
	char path[PATH_MAX];
	dk_reader *r;
	struct expand_seen seen;
	static const dk_docid rel[] = { 1, 2 };
	int fuel = 0;

	(void)state;
	make_db(path, sizeof path, "expand", expand_docs,
		ARRAY_LEN(expand_docs));
	r = open_reader(path);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(dk_reader_expand(r, rel, 2, 10, collect_expand,
					  &seen),
			 DK_OK);
	assert_true(seen.n > 0 && seen.n <= 10);
	for (size_t i = 0; i < seen.n; i++) {
		/* No field-prefixed term: not Q1, XSITEspace, Kbig. */
		assert_false(seen.terms[i][0] >= 'A' && seen.terms[i][0] <= 'Z');
		if (i)
			assert_true(seen.weights[i] <= seen.weights[i - 1]);
		if (!strcmp(seen.terms[i], "fuel"))
			fuel = 1;
	}
	assert_true(fuel);

	memset(&seen, 0, sizeof seen);
	assert_int_equal(dk_reader_expand(r, rel, 2, 2, collect_expand,
					  &seen),
			 DK_OK);
	assert_int_equal(seen.n, 2);

	memset(&seen, 0, sizeof seen);
	assert_int_equal(dk_reader_expand(r, rel, 0, 10, collect_expand,
					  &seen),
			 DK_OK);
	assert_int_equal(seen.n, 0);
	dk_reader_close(r);
}

/* ---- shards and compaction -------------------------------------------- */

static const struct tdoc shard_a[] = {
	{ "QA1", "alpha common", "A1", NULL, NULL, NULL },
	{ "QA2", "beta common", "A2", NULL, NULL, NULL },
};

static const struct tdoc shard_b[] = {
	{ "QB1", "alpha common", "B1", NULL, NULL, NULL },
	{ "QB2", "gamma common", "B2", NULL, NULL, NULL },
	{ "QB3", "common", "B3", NULL, NULL, NULL },
};

static int
cmp_item(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The data of the documents q matches, sorted and joined by spaces. */
static void
matched_data(dk_reader *r, const char *term, char *out, size_t size)
{
	dk_query *q = qterm(term);
	dk_search_opts opts;
	dk_mset *m = NULL;
	char items[16][8];
	size_t n;

	dk_search_opts_init(&opts);
	assert_int_equal(dk_reader_search(r, q, &opts, 0, 16, &m), DK_OK);
	n = dk_mset_size(m);
	assert_true(n <= 16);
	for (size_t i = 0; i < n; i++) {
		const char *d = NULL;
		size_t len = 0;
		char *d2 = NULL;
		size_t len2 = 0;

		assert_int_equal(dk_mset_data(m, i, &d, &len), DK_OK);
		assert_true(len < 8);
		memcpy(items[i], d, len);
		items[i][len] = '\0';
		/* The mset's docid reaches the same document. */
		assert_int_equal(dk_reader_document_data(r, dk_mset_docid(m, i),
							 &d2, &len2),
				 DK_OK);
		assert_string_equal(d2, items[i]);
		free(d2);
	}
	dk_mset_free(m);
	dk_query_free(q);
	qsort(items, n, sizeof items[0], cmp_item);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strncat(out, " ", size - strlen(out) - 1);
		strncat(out, items[i], size - strlen(out) - 1);
	}
}

static void
test_multi_shard_reader(void **state)
{
	char pa[PATH_MAX], pb[PATH_MAX], got[128];
	const char *paths[2];
	dk_reader *r = NULL;
	uint64_t n = 0;

	(void)state;
	paths[0] = make_db(pa, sizeof pa, "shard-a", shard_a,
			   ARRAY_LEN(shard_a));
	paths[1] = make_db(pb, sizeof pb, "shard-b", shard_b,
			   ARRAY_LEN(shard_b));
	set_meta(pa, "k", "A");
	set_meta(pb, "k", "B");
	set_meta(pb, "only-b", "b");
	assert_int_equal(dk_reader_open(paths, 2, &r, NULL), DK_OK);
	/* Metadata comes from the first shard only. */
	check_meta(r, "k", "A");
	check_meta(r, "only-b", "");
	assert_int_equal(dk_reader_doccount(r, &n), DK_OK);
	assert_int_equal(n, 5);
	assert_int_equal(dk_reader_termfreq(r, "alpha", 5, &n), DK_OK);
	assert_int_equal(n, 2);
	matched_data(r, "common", got, sizeof got);
	assert_string_equal(got, "A1 A2 B1 B2 B3");
	matched_data(r, "alpha", got, sizeof got);
	assert_string_equal(got, "A1 B1");
	matched_data(r, "gamma", got, sizeof got);
	assert_string_equal(got, "B2");
	dk_reader_close(r);
}

/* dk_shim_split with 3 threads writes the shards it writes with one: the
 * same documents under the same ids in each shard, the same metadata;
 * and a source that is not there is "not found" with a message. */
static void
test_split_threads(void **state)
{
	char src[PATH_MAX], a[4][PATH_MAX], b[4][PATH_MAX], buf[PATH_MAX];
	const char *da[4], *db[4];
	char *err = NULL;

	(void)state;
	make_db(src, sizeof src, "splitj-src", wild_docs, ARRAY_LEN(wild_docs));
	set_meta(src, "docket.lang", "en");
	for (int i = 0; i < 4; i++) {
		snprintf(buf, sizeof buf, "splitj-a%d", i);
		da[i] = db_path(a[i], sizeof a[i], buf);
		snprintf(buf, sizeof buf, "splitj-b%d", i);
		db[i] = db_path(b[i], sizeof b[i], buf);
	}
	assert_int_equal(dk_shim_split(src, da, 4, 1, &err), DK_OK);
	assert_int_equal(dk_shim_split(src, db, 4, 3, &err), DK_OK);
	assert_null(err);
	for (int i = 0; i < 4; i++) {
		dk_reader *x = open_reader(da[i]), *y = open_reader(db[i]);
		uint64_t nx = 0, ny = 0;
		assert_int_equal(dk_reader_doccount(x, &nx), DK_OK);
		assert_int_equal(dk_reader_doccount(y, &ny), DK_OK);
		assert_int_equal(nx, ny);
		check_meta(y, "docket.lang", "en");
		for (dk_docid d = 1; d <= nx; d++) {
			char *p = NULL, *q = NULL;
			size_t pl = 0, ql = 0;
			assert_int_equal(dk_reader_document_data(x, d, &p, &pl), DK_OK);
			assert_int_equal(dk_reader_document_data(y, d, &q, &ql), DK_OK);
			assert_int_equal(pl, ql);
			assert_memory_equal(p, q, pl);
			free(p);
			free(q);
		}
		dk_reader_close(x);
		dk_reader_close(y);
	}
	assert_int_equal(dk_shim_split(db_path(buf, sizeof buf, "splitj-none"),
				       da, 4, 2, &err), DK_ERR_NOT_FOUND);
	assert_non_null(err);
	free(err);
}

/* dk_shim_split deals documents so that the shards, opened together, number
 * them as the source does; every shard carries the metadata.  Then the
 * wildcard expanded over all shards, and opening with a shard missing. */
static void
test_split_and_wildcard(void **state)
{
	char src[PATH_MAX], sp[4][PATH_MAX], buf[PATH_MAX];
	const char *dsts[4];
	char *err = NULL;
	dk_reader *one = NULL, *four = NULL;
	uint64_t n = 0;
	dk_search_opts o;

	(void)state;
	make_db(src, sizeof src, "split-src", wild_docs, ARRAY_LEN(wild_docs));
	set_meta(src, "docket.lang", "en");
	for (int i = 0; i < 4; i++) {
		snprintf(buf, sizeof buf, "split-%d", i);
		dsts[i] = db_path(sp[i], sizeof sp[i], buf);
	}
	assert_int_equal(dk_shim_split(src, dsts, 4, 1, &err), DK_OK);
	assert_null(err);
	/* 6 documents over 4 shards: 2, 2, 1, 1; metadata on each */
	const uint64_t want[4] = { 2, 2, 1, 1 };
	for (int i = 0; i < 4; i++) {
		dk_reader *s = open_reader(dsts[i]);
		assert_int_equal(dk_reader_doccount(s, &n), DK_OK);
		assert_int_equal(n, want[i]);
		check_meta(s, "docket.lang", "en");
		dk_reader_close(s);
	}
	one = open_reader(src);
	assert_int_equal(dk_reader_open(dsts, 4, &four, NULL), DK_OK);
	assert_int_equal(dk_reader_nshards(four), 4);
	for (dk_docid d = 1; d <= 6; d++) {
		char *a = NULL, *b = NULL;
		size_t al = 0, bl = 0;
		assert_int_equal(dk_reader_document_data(one, d, &a, &al), DK_OK);
		assert_int_equal(dk_reader_document_data(four, d, &b, &bl), DK_OK);
		assert_int_equal(al, bl);
		assert_memory_equal(a, b, al);
		free(a);
		free(b);
	}
	/* "ap*", 2 words at most: apple (3 documents) and apply (2), not
	 * apt (1); the same documents and weights on one shard and four. */
	dk_search_opts_init(&o);
	dk_reader *rs[2] = { one, four };
	double w[2][8] = { { 0 } };
	for (int k = 0; k < 2; k++) {
		dk_query *q = NULL;
		dk_mset *m = NULL;
		assert_int_equal(dk_reader_wildcard(rs[k], "ap", 2, 2, &q), DK_OK);
		assert_int_equal(search_mask(rs[k], q, &o),
				 BIT(1) | BIT(2) | BIT(3) | BIT(4));
		assert_int_equal(dk_reader_search(rs[k], q, &o, 0, 8, &m), DK_OK);
		for (size_t i = 0; i < dk_mset_size(m); i++)
			w[k][dk_mset_docid(m, i)] = dk_mset_weight(m, i);
		dk_mset_free(m);
		dk_query_free(q);
		assert_int_equal(dk_reader_wildcard(rs[k], "ap", 2, 0, &q), DK_OK);
		assert_int_equal(search_mask(rs[k], q, &o),
				 BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(5));
		dk_query_free(q);
	}
	for (int d = 1; d <= 4; d++)
		assert_true(w[0][d] > 0 && w[0][d] - w[1][d] < 1e-12 &&
			    w[1][d] - w[0][d] < 1e-12);
	dk_reader_close(one);
	dk_reader_close(four);

	/* A shard that is not there: named; left out only when partial. */
	const char *two[2] = { dsts[0], db_path(buf, sizeof buf, "no-such-shard") };
	unsigned char answered[2];
	dk_open_opts oo = { 0 };
	assert_int_equal(dk_reader_open_shards(two, 2, &oo, answered, &four, &err),
			 DK_ERR_NOT_FOUND);
	assert_null(four);
	assert_non_null(strstr(err, "shard 2 of 2 ("));
	free(err);
	oo.partial = 1;
	assert_int_equal(dk_reader_open_shards(two, 2, &oo, answered, &four, &err),
			 DK_OK);
	assert_int_equal(answered[0], 1);
	assert_int_equal(answered[1], 0);
	assert_int_equal(dk_reader_nshards(four), 1);
	assert_non_null(strstr(err, "shard 2 of 2 ("));
	free(err);
	dk_reader_close(four);
}

/* ---- dealing keeps every document whole --------------------------------- */

/* Words repeat (wdf and positions over 1), boolean terms, values, data,
 * bytes outside ASCII; one document of no words and no data. */
static const struct tdoc deal_docs[] = {
	{ "Q1", "the cat sat on the mat the end", "d1", "2020-01", "b", "Sx Ly" },
	{ "Q2", "cat", NULL, NULL, "a", NULL },
	{ "Q3", NULL, NULL, NULL, NULL, "Sx" },
	{ "Q4", "mat mat mat caf\xc3\xa9", "d\x01\xff", "2021-06", NULL, "Sy" },
	{ "Q5", "on the other hand the end", "d5", NULL, "c", "Lz" },
	{ "Q6", "end", "d6", "2019-12", NULL, NULL },
	{ "Q7", "sat sat on it", "d7", NULL, NULL, "Sx Sy Lz" },
	{ "Q8", "a b c d e f g h i j k l m n o p", "d8", "2022-02", "z", NULL },
	{ "Q9", "cat caf\xc3\xa9 cat", "", NULL, NULL, "Ly" },
	{ "Q10", "the", "d10", "2023-03", "y", "Sx" },
	{ "Q11", "hand on mat", "d11", NULL, NULL, NULL },
};

/* Create database `name` from docs[0..n), each document also given a
 * term with wdf 2 and no positions ("Z" and its first word, as stems
 * are indexed); the path in buf. */
static const char *
make_deal_db(char *buf, size_t size, const char *name,
	     const struct tdoc *docs, size_t n)
{
	dk_writer *w = NULL;
	dk_doc *doc = NULL;
	char stem[64];

	db_path(buf, size, name);
	assert_int_equal(dk_writer_open(buf, DK_WRITER_CREATE |
					 DK_WRITER_NO_SYNC, &w, NULL),
			 DK_OK);
	assert_int_equal(dk_doc_new(&doc), DK_OK);
	for (size_t i = 0; i < n; i++) {
		fill_doc(doc, &docs[i]);
		snprintf(stem, sizeof stem, "Z%s", docs[i].text ? docs[i].text : "");
		stem[strcspn(stem, " ")] = '\0';
		assert_int_equal(dk_doc_add_term(doc, stem, strlen(stem), 2), DK_OK);
		assert_int_equal(dk_writer_replace(w, docs[i].uid,
						   strlen(docs[i].uid), doc, NULL),
				 DK_OK);
	}
	dk_doc_free(doc);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);
	return buf;
}

/* Assert that document x of a is document y of b: data, values, terms
 * with their wdf and positions, length. */
static void
check_same_doc(dk_reader *a, dk_docid x, dk_reader *b, dk_docid y)
{
	char *p = NULL, *q = NULL;
	size_t pl = 0, ql = 0;

	assert_int_equal(dk_reader_document_dump(a, x, &p, &pl), DK_OK);
	assert_int_equal(dk_reader_document_dump(b, y, &q, &ql), DK_OK);
	assert_string_equal(p, q);
	assert_int_equal(pl, ql);
	free(p);
	free(q);
}

/* Deal deal_docs into k shards and append nmore more documents; check
 * every document against the one-database build of all of them. */
static void
check_deal(dk_reader *whole, const char *tag, size_t k, size_t nmore,
	   unsigned jobs)
{
	char src[PATH_MAX], add[PATH_MAX], sp[4][PATH_MAX], buf[PATH_MAX];
	const char *dsts[4];
	const size_t n = ARRAY_LEN(deal_docs), nfirst = n - nmore;
	uint64_t added = 0, count = 0;
	char *err = NULL;
	dk_reader *all = NULL;

	snprintf(buf, sizeof buf, "deal-%s-%zu-src", tag, k);
	make_deal_db(src, sizeof src, buf, deal_docs, nfirst);
	set_meta(src, "docket.lang", "en");
	for (size_t i = 0; i < k; i++) {
		snprintf(buf, sizeof buf, "deal-%s-%zu-%zu", tag, k, i);
		dsts[i] = db_path(sp[i], sizeof sp[i], buf);
	}
	assert_int_equal(dk_shim_split(src, dsts, k, jobs, &err), DK_OK);
	assert_null(err);
	if (nmore) {
		snprintf(buf, sizeof buf, "deal-%s-%zu-add", tag, k);
		make_deal_db(add, sizeof add, buf, deal_docs + nfirst, nmore);
		assert_int_equal(dk_shim_append_dealt(add, dsts, k, &added, &err),
				 DK_OK);
		assert_null(err);
		assert_int_equal(added, nmore);
	}
	/* Document d in shard (d - 1) % k as its document (d - 1) / k + 1. */
	for (size_t i = 0; i < k; i++) {
		dk_reader *s = open_reader(dsts[i]);
		assert_int_equal(dk_reader_doccount(s, &count), DK_OK);
		assert_int_equal(count, (n - i + k - 1) / k);
		check_meta(s, "docket.lang", "en");
		for (dk_docid d = (dk_docid)i + 1; d <= n; d += (dk_docid)k)
			check_same_doc(whole, d, s, (d - 1) / (dk_docid)k + 1);
		dk_reader_close(s);
	}
	assert_int_equal(dk_reader_open(dsts, k, &all, NULL), DK_OK);
	for (dk_docid d = 1; d <= n; d++)
		check_same_doc(whole, d, all, d);
	dk_reader_close(all);
}

/* Dealt shards hold the source's documents whole, under the ids they
 * should have, for 1 to 4 shards, by one thread or two, appended to,
 * and read in one batch or (DOCKET_DEAL_BUDGET, in positions) in many:
 * a budget of 6 makes batches of one to three documents. */
static void
test_split_identity(void **state)
{
	char whole_path[PATH_MAX];
	dk_reader *whole;
	char *p = NULL;
	size_t len = 0;

	(void)state;
	make_deal_db(whole_path, sizeof whole_path, "deal-whole", deal_docs,
		     ARRAY_LEN(deal_docs));
	whole = open_reader(whole_path);
	/* The dump shows what it compares. */
	assert_int_equal(dk_reader_document_dump(whole, 4, &p, &len), DK_OK);
	assert_string_equal(p, "data d\\x01\\xff\n"
			       "value 0 2021-06\n"
			       "term Q4 wdf 0\n"
			       "term Sy wdf 0\n"
			       "term Zmat wdf 2\n"
			       "term caf\\xc3\\xa9 wdf 1 4\n"
			       "term mat wdf 3 1 2 3\n"
			       "length 6\n");
	assert_int_equal(len, strlen(p));
	free(p);
	assert_int_equal(dk_reader_document_dump(whole, 99, &p, &len),
			 DK_ERR_NOT_FOUND);
	assert_null(p);

	static const char *const budgets[] = { NULL, "6", "1" };
	for (size_t b = 0; b < ARRAY_LEN(budgets); b++) {
		char tag[16];
		if (budgets[b])
			assert_int_equal(setenv("DOCKET_DEAL_BUDGET", budgets[b], 1), 0);
		for (size_t k = 1; k <= 4; k++) {
			snprintf(tag, sizeof tag, "b%zu", b);
			check_deal(whole, tag, k, 0, 2);
			snprintf(tag, sizeof tag, "b%zu-add", b);
			check_deal(whole, tag, k, 4, 1);
		}
	}
	unsetenv("DOCKET_DEAL_BUDGET");
	dk_reader_close(whole);
}

/* ---- the global term list and dealt updates ---------------------------- */

#define TL_DOCS 5000
static char tl_text[TL_DOCS][64], tl_uid[TL_DOCS][16], tl_data[TL_DOCS][16];
static struct tdoc tl_docs[TL_DOCS];

/* TL_DOCS documents, each with 4 words of its own ("w00000".. "w24999":
 * 20,000 terms, over two chunks of the list) and a shared word. */
static void
tl_fill(void)
{
	for (int i = 0; i < TL_DOCS; i++) {
		snprintf(tl_uid[i], sizeof tl_uid[i], "Q%d", i);
		snprintf(tl_data[i], sizeof tl_data[i], "%d", i);
		snprintf(tl_text[i], sizeof tl_text[i],
			 "w%05d w%05d w%05d w%05d w%05d common", 5 * i,
			 5 * i + 1, 5 * i + 2, 5 * i + 3, (7 * i) % 500);
		tl_docs[i] = (struct tdoc){ tl_uid[i], tl_text[i], tl_data[i],
					    NULL, NULL, NULL };
	}
}

struct tl_walk {
	char buf[400000];
	size_t len;
};

static int
tl_collect(void *ctx, const char *t, size_t len, uint64_t tf)
{
	struct tl_walk *w = ctx;
	int n = snprintf(w->buf + w->len, sizeof w->buf - w->len, "%.*s:%llu ",
			 (int)len, t, (unsigned long long)tf);
	assert_true(n > 0 && (size_t)n < sizeof w->buf - w->len);
	w->len += (size_t)n;
	return 0;
}

/* The terms r gives for prefix (at most max), as "term:tf term:tf ...". */
static void
tl_terms(dk_reader *r, const char *prefix, size_t max, struct tl_walk *w)
{
	w->len = 0;
	w->buf[0] = '\0';
	assert_int_equal(dk_reader_terms(r, prefix, strlen(prefix), max,
					 tl_collect, w), DK_OK);
}

static void
test_term_list(void **state)
{
	char src[PATH_MAX], sp[3][PATH_MAX], buf[PATH_MAX], add[PATH_MAX];
	const char *dsts[3];
	char *err = NULL;
	dk_reader *one, *three = NULL;
	dk_term_list_info ti;
	static struct tl_walk a, b;
	static const char *const prefixes[] = {
		"w", "w0", "w004", "w0049", "w00499", "w07499", "w1", "c",
		"common", "zz", "Q1", "",
	};

	(void)state;
	tl_fill();
	make_db(src, sizeof src, "tl-src", tl_docs, TL_DOCS);
	for (int i = 0; i < 3; i++) {
		snprintf(buf, sizeof buf, "tl-%d", i);
		dsts[i] = db_path(sp[i], sizeof sp[i], buf);
	}
	assert_int_equal(dk_shim_split(src, dsts, 3, 2, &err), DK_OK);
	/* No list yet: not usable, and the walk answers. */
	assert_int_equal(dk_reader_open(dsts, 3, &three, NULL), DK_OK);
	assert_int_equal(dk_reader_term_list(three, &ti), DK_OK);
	assert_int_equal(ti.usable, 0);
	dk_reader_close(three);

	assert_int_equal(dk_shim_write_term_list(dsts, 3, 7, 1, NULL, &err), DK_OK);
	assert_null(err);
	/* Written twice, the second replaces the first. */
	dk_term_list_info wi;
	assert_int_equal(dk_shim_write_term_list(dsts, 3, 8, 1, &wi, &err), DK_OK);
	/* 20,000 own words, "common", and the 100 words of "w00000" ..
	 * "w00499" that end in 4 or 9 (no document's own words) */
	assert_int_equal(wi.nterms, 20101);
	assert_int_equal(dk_reader_open(dsts, 3, &three, NULL), DK_OK);
	assert_int_equal(dk_reader_term_list(three, &ti), DK_OK);
	assert_int_equal(ti.usable, 1);
	assert_int_equal(ti.generation, 8);
	assert_int_equal(ti.nshards, 3);
	assert_int_equal(ti.dealt, 1);
	assert_true(ti.nchunks >= 2);
	assert_int_equal(ti.nchunks, wi.nchunks);
	assert_int_equal(ti.nterms, wi.nterms);
	assert_int_equal(ti.bytes, wi.bytes);
	assert_true(ti.bytes > 64 * 1024 && ti.bytes < 20101 * 8);

	/* The list gives what one database's walk gives, limits too. */
	one = open_reader(src);
	for (size_t i = 0; i < ARRAY_LEN(prefixes); i++) {
		size_t maxes[3] = { 0, 1, 600 };
		for (int m = 0; m < 3; m++) {
			tl_terms(one, prefixes[i], maxes[m], &a);
			tl_terms(three, prefixes[i], maxes[m], &b);
			assert_string_equal(a.buf, b.buf);
		}
	}
	tl_terms(three, "w2499", 0, &b);
	assert_string_equal(b.buf, "w24990:1 w24991:1 w24992:1 w24993:1 "
			    "w24995:1 w24996:1 w24997:1 w24998:1 ");
	dk_query *q1 = NULL, *q3 = NULL;
	char *d1 = NULL, *d3 = NULL;
	assert_int_equal(dk_reader_wildcard(one, "w00", 2, 20, &q1), DK_OK);
	assert_int_equal(dk_reader_wildcard(three, "w00", 2, 20, &q3), DK_OK);
	assert_int_equal(dk_query_describe(q1, &d1), DK_OK);
	assert_int_equal(dk_query_describe(q3, &d3), DK_OK);
	assert_string_equal(d1, d3);
	free(d1);
	free(d3);
	dk_query_free(q1);
	dk_query_free(q3);
	dk_reader_close(three);

	/* A partial open (two of the three shards) does not use it. */
	assert_int_equal(dk_reader_open(dsts, 2, &three, NULL), DK_OK);
	assert_int_equal(dk_reader_term_list(three, &ti), DK_OK);
	assert_int_equal(ti.usable, 0);
	dk_reader_close(three);

	/* Switched off by the environment: the walk, same answer (the list
	 * is still reported: an update reads it). */
	setenv("DOCKET_TERM_LIST", "off", 1);
	assert_int_equal(dk_reader_open(dsts, 3, &three, NULL), DK_OK);
	assert_int_equal(dk_reader_term_list(three, &ti), DK_OK);
	assert_int_equal(ti.usable, 1);
	tl_terms(three, "w0", 0, &b);
	tl_terms(one, "w0", 0, &a);
	assert_string_equal(a.buf, b.buf);
	dk_reader_close(three);
	unsetenv("DOCKET_TERM_LIST");

	/* New documents dealt onto the shards: they number after the old
	 * ones (ids 5001, 5002, ...), round-robin; the list is stale until
	 * written again, and the walk sees the new words meanwhile. */
	static const struct tdoc more[] = {
		{ "QN1", "w00001 neuword", "N1", NULL, NULL, NULL },
		{ "QN2", "neuword", "N2", NULL, NULL, NULL },
		{ "QN3", "neuword other", "N3", NULL, NULL, NULL },
		{ "QN4", "neuword", "N4", NULL, NULL, NULL },
	};
	uint64_t added = 0, n = 0;
	make_db(add, sizeof add, "tl-add", more, ARRAY_LEN(more));
	assert_int_equal(dk_shim_append_dealt(add, dsts, 3, &added, &err), DK_OK);
	assert_int_equal(added, 4);
	assert_int_equal(dk_reader_open(dsts, 3, &three, NULL), DK_OK);
	assert_int_equal(dk_reader_term_list(three, &ti), DK_OK);
	assert_int_equal(ti.usable, 0);
	tl_terms(three, "neu", 0, &b);
	assert_string_equal(b.buf, "neuword:4 ");
	assert_int_equal(dk_reader_doccount(three, &n), DK_OK);
	assert_int_equal(n, TL_DOCS + 4);
	for (int i = 0; i < 4; i++) {
		char *d = NULL, want[4];
		size_t len = 0;
		assert_int_equal(dk_reader_document_data(three, TL_DOCS + 1 + i,
							 &d, &len), DK_OK);
		snprintf(want, sizeof want, "N%d", i + 1);
		assert_string_equal(d, want);
		free(d);
	}
	dk_reader_close(three);
	for (int i = 0; i < 3; i++) {
		dk_reader *s = open_reader(dsts[i]);
		assert_int_equal(dk_reader_doccount(s, &n), DK_OK);
		assert_true(n == TL_DOCS / 3 + 1 || n == TL_DOCS / 3 + 2);
		dk_reader_close(s);
	}
	assert_int_equal(dk_shim_write_term_list(dsts, 3, 9, 1, NULL, &err), DK_OK);
	assert_int_equal(dk_reader_open(dsts, 3, &three, NULL), DK_OK);
	assert_int_equal(dk_reader_term_list(three, &ti), DK_OK);
	assert_int_equal(ti.usable, 1);
	tl_terms(three, "neu", 0, &b);
	assert_string_equal(b.buf, "neuword:4 ");
	/* w00001: once in document 1, in the 10 documents i with 7i mod
	 * 500 = 1, and in N1. */
	tl_terms(three, "w00001", 0, &b);
	assert_string_equal(b.buf, "w00001:12 ");
	dk_reader_close(three);
	dk_reader_close(one);

	assert_int_equal(dk_shim_write_term_list(NULL, 0, 1, 0, NULL, &err),
			 DK_ERR_INVALID);
	assert_non_null(err);
	free(err);
}

static void
test_compact(void **state)
{
	char pa[PATH_MAX], pb[PATH_MAX], pc[PATH_MAX], pm[PATH_MAX];
	char got[128];
	const char *srcs[2];
	char *err = NULL;
	char *data = NULL;
	size_t len = 0;
	dk_reader *r;
	uint64_t n = 0;

	(void)state;
	srcs[0] = make_db(pa, sizeof pa, "compact-a", shard_a,
			  ARRAY_LEN(shard_a));
	srcs[1] = make_db(pb, sizeof pb, "compact-b", shard_b,
			  ARRAY_LEN(shard_b));
	set_meta(pa, "k", "A");
	set_meta(pb, "k", "B");
	set_meta(pb, "only-b", "b");
	db_path(pc, sizeof pc, "compact-out");
	assert_int_equal(dk_shim_compact(srcs, 2, pc, &err), DK_OK);
	assert_null(err);

	r = open_reader(pc);
	assert_int_equal(dk_reader_doccount(r, &n), DK_OK);
	assert_int_equal(n, 5);
	/* Every key survives; on a clash the first source wins. */
	check_meta(r, "k", "A");
	check_meta(r, "only-b", "b");
	matched_data(r, "alpha", got, sizeof got);
	assert_string_equal(got, "A1 B1");
	matched_data(r, "common", got, sizeof got);
	assert_string_equal(got, "A1 A2 B1 B2 B3");
	/* Renumbered: the sources follow one another. */
	assert_int_equal(dk_reader_document_data(r, 3, &data, &len), DK_OK);
	assert_string_equal(data, "B1");
	free(data);
	dk_reader_close(r);

	/* A writer can open the result and go on. */
	{
		dk_writer *w = NULL;
		static const struct tdoc extra = { "QC1", "delta", "C1",
						   NULL, NULL, NULL };

		assert_int_equal(dk_writer_open(pc, 0, &w, NULL), DK_OK);
		add_docs(w, &extra, 1);
		assert_int_equal(dk_writer_close(w, NULL), DK_OK);
	}

	/* The destination must not exist. */
	assert_int_equal(dk_shim_compact(srcs, 2, pc, &err), DK_ERR_INVALID);
	assert_non_null(err);
	assert_true(strlen(err) > 0);
	free(err);
	err = NULL;

	/* A missing source. */
	srcs[1] = db_path(pm, sizeof pm, "compact-missing");
	db_path(pc, sizeof pc, "compact-out2");
	assert_int_equal(dk_shim_compact(srcs, 2, pc, &err), DK_ERR_NOT_FOUND);
	assert_non_null(err);
	free(err);
	assert_int_equal(dk_shim_compact(srcs, 0, pc, NULL), DK_ERR_INVALID);
}

/* dk_shim_compact_keep_ids: a shard whose first document was deleted
 * keeps its ids (dk_shim_compact would renumber them from 1). */
static void
test_compact_keep_ids(void **state)
{
	char pb[PATH_MAX], pc[PATH_MAX];
	dk_writer *w = NULL;
	dk_reader *r;
	char *err = NULL, *data = NULL;
	size_t len = 0;
	uint64_t n = 0;

	(void)state;
	make_db(pb, sizeof pb, "keep-ids", shard_b, ARRAY_LEN(shard_b));
	set_meta(pb, "k", "B");
	assert_int_equal(dk_writer_open(pb, 0, &w, NULL), DK_OK);
	assert_int_equal(dk_writer_delete(w, "QB1", 3, NULL), DK_OK);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);
	db_path(pc, sizeof pc, "keep-ids-out");
	assert_int_equal(dk_shim_compact_keep_ids(pb, pc, &err), DK_OK);
	assert_null(err);

	r = open_reader(pc);
	assert_int_equal(dk_reader_doccount(r, &n), DK_OK);
	assert_int_equal(n, 2);
	check_meta(r, "k", "B");
	assert_int_equal(dk_reader_document_data(r, 2, &data, &len), DK_OK);
	assert_string_equal(data, "B2");
	free(data);
	assert_int_equal(dk_reader_document_data(r, 3, &data, &len), DK_OK);
	assert_string_equal(data, "B3");
	free(data);
	assert_int_not_equal(dk_reader_document_data(r, 1, &data, &len), DK_OK);
	dk_reader_close(r);

	/* The destination must not exist; a missing source is named. */
	assert_int_equal(dk_shim_compact_keep_ids(pb, pc, &err), DK_ERR_INVALID);
	assert_non_null(err);
	assert_non_null(strstr(err, "already exists"));
	free(err);
	assert_int_equal(dk_shim_compact_keep_ids(NULL, pc, NULL), DK_ERR_INVALID);
}

/* ---- writer flags, locking and abandon -------------------------------- */

static void
test_abandon(void **state)
{
	char path[PATH_MAX];
	dk_writer *w = NULL;
	dk_reader *r;
	uint64_t n = 0;
	char *v = NULL;
	size_t len = 0;
	static const struct tdoc later[] = {
		{ "Q4", "later", NULL, NULL, NULL, NULL },
		{ "Q5", "later", NULL, NULL, NULL, NULL },
	};

	(void)state;
	db_path(path, sizeof path, "abandon");
	assert_int_equal(dk_writer_open(path, DK_WRITER_CREATE, &w, NULL),
			 DK_OK);
	add_docs(w, basic_docs, ARRAY_LEN(basic_docs));
	assert_int_equal(dk_writer_commit(w), DK_OK);
	add_docs(w, later, ARRAY_LEN(later));
	assert_int_equal(dk_writer_delete(w, "Q1", 2, NULL), DK_OK);
	assert_int_equal(dk_writer_set_metadata(w, "k", "v", 1), DK_OK);
	assert_int_equal(dk_writer_doccount(w, &n), DK_OK);
	assert_int_equal(n, 4);
	dk_writer_abandon(w);

	r = open_reader(path);
	assert_int_equal(dk_reader_doccount(r, &n), DK_OK);
	assert_int_equal(n, 3);
	assert_int_equal(dk_reader_termfreq(r, "later", 5, &n), DK_OK);
	assert_int_equal(n, 0);
	assert_int_equal(dk_reader_termfreq(r, "Q1", 2, &n), DK_OK);
	assert_int_equal(n, 1);
	assert_int_equal(dk_reader_metadata(r, "k", &v, &len), DK_OK);
	assert_int_equal(len, 0);
	free(v);
	dk_reader_close(r);

	/* The lock is released: a new writer can open. */
	assert_int_equal(dk_writer_open(path, 0, &w, NULL), DK_OK);
	dk_writer_abandon(w);
	dk_writer_abandon(NULL);
}

static void
test_writer_errors(void **state)
{
	char path[PATH_MAX], missing[PATH_MAX];
	dk_writer *w = NULL, *w2 = (dk_writer *)1;
	dk_reader *r = (dk_reader *)1;
	dk_doc *doc = NULL;
	char *err = NULL;
	const char *p;
	char longterm[300];

	(void)state;
	/* Missing database, for reading and for writing. */
	p = db_path(missing, sizeof missing, "no-such-db");
	assert_int_equal(dk_reader_open(&p, 1, &r, &err), DK_ERR_NOT_FOUND);
	assert_null(r);
	assert_non_null(err);
	assert_true(strlen(err) > 0);
	free(err);
	err = NULL;
	assert_int_equal(dk_writer_open(missing, 0, &w2, &err),
			 DK_ERR_NOT_FOUND);
	assert_null(w2);
	assert_non_null(err);
	free(err);
	err = NULL;

	/* Two writers on one database. */
	db_path(path, sizeof path, "locked");
	assert_int_equal(dk_writer_open(path, DK_WRITER_CREATE, &w, NULL),
			 DK_OK);
	w2 = (dk_writer *)1;
	assert_int_equal(dk_writer_open(path, DK_WRITER_CREATE, &w2, &err),
			 DK_ERR_DB_LOCKED);
	assert_null(w2);
	assert_non_null(err);
	assert_non_null(strstr(err, "lock"));
	free(err);
	err = NULL;
	/* A message is optional. */
	assert_int_equal(dk_writer_open(path, 0, &w2, NULL), DK_ERR_DB_LOCKED);

	/* Glass refuses terms over 245 bytes when the document is added. */
	memset(longterm, 'a', sizeof longterm);
	assert_int_equal(dk_doc_new(&doc), DK_OK);
	assert_int_equal(dk_doc_add_boolean_term(doc, "Qlong", 5), DK_OK);
	assert_int_equal(dk_doc_add_term(doc, longterm, sizeof longterm, 1),
			 DK_OK);
	assert_int_equal(dk_writer_replace(w, "Qlong", 5, doc, NULL),
			 DK_ERR_INVALID);
	assert_non_null(strstr(dk_writer_error(w), "too long"));
	/* The handle's message stays until the next error. */
	assert_int_equal(dk_writer_commit(w), DK_OK);
	assert_non_null(strstr(dk_writer_error(w), "too long"));
	dk_doc_free(doc);
	assert_int_equal(dk_writer_close(w, &err), DK_OK);
	assert_null(err);

	/* Unknown flags. */
	assert_int_equal(dk_writer_open(path, 1u << 20, &w, &err),
			 DK_ERR_INVALID);
	assert_null(w);
	assert_non_null(err);
	free(err);
}

static void
test_no_termlist(void **state)
{
	char path[PATH_MAX];
	dk_writer *w = NULL;
	dk_doc *doc = NULL;
	int existed = -1;
	uint64_t n = 0;
	int deleted = -1;

	(void)state;
	db_path(path, sizeof path, "notermlist");
	assert_int_equal(dk_writer_open(path, DK_WRITER_CREATE |
					DK_WRITER_NO_TERMLIST |
					DK_WRITER_NO_SYNC, &w, NULL),
			 DK_OK);
	add_docs(w, basic_docs, ARRAY_LEN(basic_docs));
	assert_int_equal(dk_writer_commit(w), DK_OK);
	/* Deleting what is not there needs no termlist. */
	assert_int_equal(dk_writer_delete(w, "Qnone", 5, &deleted), DK_OK);
	assert_int_equal(deleted, 0);
	/* Replacing an existing document does: a bulk build is add-only. */
	assert_int_equal(dk_doc_new(&doc), DK_OK);
	fill_doc(doc, &basic_docs[0]);
	assert_int_equal(dk_writer_replace(w, "Q1", 2, doc, &existed),
			 DK_ERR_DB);
	assert_true(strlen(dk_writer_error(w)) > 0);
	dk_doc_free(doc);
	assert_int_equal(dk_writer_doccount(w, &n), DK_OK);
	assert_int_equal(n, 3);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);
}

/* A reader whose revision a writer has since recycled must reopen. */
static void
test_reader_modified(void **state)
{
	char path[PATH_MAX];
	dk_writer *w = NULL;
	dk_reader *r;
	dk_doc *doc = NULL;
	dk_query *q;
	dk_search_opts opts;
	dk_mset *m = NULL;
	dk_status st;
	int changed = 0;
	char uid[16], data[300];
	const size_t ndocs = 2000;

	(void)state;
	db_path(path, sizeof path, "modified");
	assert_int_equal(dk_writer_open(path, DK_WRITER_CREATE |
					DK_WRITER_NO_SYNC, &w, NULL),
			 DK_OK);
	assert_int_equal(dk_doc_new(&doc), DK_OK);
	assert_int_equal(dk_writer_commit(w), DK_OK);
	r = NULL;
	for (int round = 0; round < 4; round++) {
		for (size_t i = 0; i < ndocs; i++) {
			snprintf(uid, sizeof uid, "Q%zu", i);
			memset(data, 'a' + round, sizeof data);
			assert_int_equal(dk_doc_clear(doc), DK_OK);
			assert_int_equal(dk_doc_add_boolean_term(doc, uid,
								 strlen(uid)),
					 DK_OK);
			assert_int_equal(dk_doc_add_posting(doc, "common", 6,
							    1, 1),
					 DK_OK);
			assert_int_equal(dk_doc_set_data(doc, data,
							 200 + round),
					 DK_OK);
			assert_int_equal(dk_writer_replace(w, uid, strlen(uid),
							   doc, NULL),
					 DK_OK);
		}
		assert_int_equal(dk_writer_commit(w), DK_OK);
		if (round == 0)
			r = open_reader(path);
	}
	dk_doc_free(doc);

	q = qterm("common");
	dk_search_opts_init(&opts);
	st = dk_reader_search(r, q, &opts, 0, (uint32_t)ndocs, &m);
	for (size_t i = 0; st == DK_OK && i < dk_mset_size(m); i++) {
		const char *d;
		size_t len;

		st = dk_mset_data(m, i, &d, &len);
		if (st)
			assert_non_null(strstr(dk_mset_error(m), "reopen"));
	}
	dk_mset_free(m);
	m = NULL;
	assert_int_equal(st, DK_ERR_DB_MODIFIED);

	/* Reopen and retry. */
	assert_int_equal(dk_reader_reopen(r, &changed), DK_OK);
	assert_int_equal(changed, 1);
	assert_int_equal(dk_reader_search(r, q, &opts, 0, (uint32_t)ndocs, &m),
			 DK_OK);
	assert_int_equal(dk_mset_size(m), ndocs);
	for (size_t i = 0; i < dk_mset_size(m); i++) {
		const char *d;
		size_t len;

		assert_int_equal(dk_mset_data(m, i, &d, &len), DK_OK);
		assert_int_equal(len, 203);
	}
	dk_mset_free(m);
	dk_query_free(q);
	dk_reader_close(r);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);
}

/* ---- misuse ----------------------------------------------------------- */

static int
no_term(void *ctx, const char *t, size_t len, uint64_t tf)
{
	(void)ctx, (void)t, (void)len, (void)tf;
	return 0;
}

static int
no_expand(void *ctx, const char *t, size_t len, double w)
{
	(void)ctx, (void)t, (void)len, (void)w;
	return 0;
}

static void
test_null_misuse(void **state)
{
	char path[PATH_MAX];
	dk_writer *w = NULL, *w_out = (dk_writer *)1;
	dk_reader *r, *r_out = (dk_reader *)1;
	dk_doc *doc = NULL;
	dk_query *q, *out = (dk_query *)1;
	dk_search_opts opts;
	dk_mset *m = NULL;
	const char *p = NULL;
	char *s = (char *)1;
	size_t len = 0;
	uint64_t n = 0;
	double d = 0;
	const char *null_path = NULL;
	const dk_query *null_sub[1] = { NULL };

	(void)state;
	make_db(path, sizeof path, "misuse", basic_docs,
		ARRAY_LEN(basic_docs));
	assert_int_equal(dk_writer_open(path, 0, &w, NULL), DK_OK);
	r = open_reader(path);
	assert_int_equal(dk_doc_new(&doc), DK_OK);
	q = qterm("hello");
	dk_search_opts_init(&opts);

	const struct {
		const char *what;
		dk_status st;
	} cases[] = {
		{ "writer_open path", dk_writer_open(NULL, 0, &w_out, NULL) },
		{ "writer_open out", dk_writer_open(path, 0, NULL, NULL) },
		{ "writer_replace w", dk_writer_replace(NULL, "Q1", 2, doc, NULL) },
		{ "writer_replace uid", dk_writer_replace(w, NULL, 0, doc, NULL) },
		{ "writer_replace doc", dk_writer_replace(w, "Q1", 2, NULL, NULL) },
		{ "writer_delete", dk_writer_delete(NULL, "Q1", 2, NULL) },
		{ "writer_delete uid", dk_writer_delete(w, "", 0, NULL) },
		{ "writer_commit", dk_writer_commit(NULL) },
		{ "writer_set_metadata", dk_writer_set_metadata(NULL, "k", "v", 1) },
		{ "writer_set_metadata key", dk_writer_set_metadata(w, NULL, "v", 1) },
		{ "writer_doccount", dk_writer_doccount(NULL, &n) },
		{ "writer_doccount out", dk_writer_doccount(w, NULL) },
		{ "doc_new", dk_doc_new(NULL) },
		{ "doc_clear", dk_doc_clear(NULL) },
		{ "doc_add_posting", dk_doc_add_posting(NULL, "a", 1, 1, 1) },
		{ "doc_add_posting term", dk_doc_add_posting(doc, NULL, 1, 1, 1) },
		{ "doc_add_posting pos 0", dk_doc_add_posting(doc, "a", 1, 0, 1) },
		{ "doc_add_term", dk_doc_add_term(NULL, "a", 1, 1) },
		{ "doc_add_term empty", dk_doc_add_term(doc, "", 0, 1) },
		{ "doc_add_boolean_term", dk_doc_add_boolean_term(NULL, "a", 1) },
		{ "doc_set_value", dk_doc_set_value(NULL, 0, "a", 1) },
		{ "doc_set_value val", dk_doc_set_value(doc, 0, NULL, 1) },
		{ "doc_set_data", dk_doc_set_data(NULL, "a", 1) },
		{ "doc_set_data data", dk_doc_set_data(doc, NULL, 1) },
		{ "query_term out", dk_query_term("a", 1, 1, NULL) },
		{ "query_term empty", dk_query_term("", 0, 1, &out) },
		{ "query_combine subs", dk_query_combine(DK_QOP_AND, NULL, 2, 0, &out) },
		{ "query_combine sub", dk_query_combine(DK_QOP_AND, null_sub, 1, 0, &out) },
		{ "query_combine op", dk_query_combine((dk_query_op)99,
						       (const dk_query *const[]){ q },
						       1, 0, &out) },
		{ "query_value_range out", dk_query_value_range(0, "a", 1, "b", 1, NULL) },
		{ "query_wildcard out", dk_query_wildcard("a", 1, 0, NULL) },
		{ "query_scale q", dk_query_scale(NULL, 1.0, &out) },
		{ "query_match_all", dk_query_match_all(NULL) },
		{ "query_match_nothing", dk_query_match_nothing(NULL) },
		{ "query_describe q", dk_query_describe(NULL, &s) },
		{ "query_describe out", dk_query_describe(q, NULL) },
		{ "reader_open paths", dk_reader_open(NULL, 1, &r_out, NULL) },
		{ "reader_open n", dk_reader_open(&p, 0, &r_out, NULL) },
		{ "reader_open path", dk_reader_open(&null_path, 1, &r_out, NULL) },
		{ "reader_reopen", dk_reader_reopen(NULL, NULL) },
		{ "reader_doccount", dk_reader_doccount(NULL, &n) },
		{ "reader_doccount out", dk_reader_doccount(r, NULL) },
		{ "reader_avlength", dk_reader_avlength(NULL, &d) },
		{ "reader_termfreq", dk_reader_termfreq(NULL, "a", 1, &n) },
		{ "reader_termfreq out", dk_reader_termfreq(r, "a", 1, NULL) },
		{ "reader_collection_freq", dk_reader_collection_freq(NULL, "a", 1, &n) },
		{ "reader_terms", dk_reader_terms(NULL, "a", 1, 0, no_term, NULL) },
		{ "reader_terms fn", dk_reader_terms(r, "a", 1, 0, NULL, NULL) },
		{ "reader_metadata", dk_reader_metadata(NULL, "k", &s, &len) },
		{ "reader_metadata out", dk_reader_metadata(r, "k", NULL, &len) },
		{ "reader_metadata len", dk_reader_metadata(r, "k", &s, NULL) },
		{ "reader_document_data", dk_reader_document_data(NULL, 1, &s, &len) },
		{ "reader_document_dump", dk_reader_document_dump(NULL, 1, &s, &len) },
		{ "reader_document_dump out", dk_reader_document_dump(r, 1, NULL, &len) },
		{ "reader_document_dump id", dk_reader_document_dump(r, 0, &s, &len) },
		{ "reader_search r", dk_reader_search(NULL, q, &opts, 0, 10, &m) },
		{ "reader_search q", dk_reader_search(r, NULL, &opts, 0, 10, &m) },
		{ "reader_search opts", dk_reader_search(r, q, NULL, 0, 10, &m) },
		{ "reader_search out", dk_reader_search(r, q, &opts, 0, 10, NULL) },
		{ "reader_expand", dk_reader_expand(NULL, NULL, 0, 10, no_expand, NULL) },
		{ "reader_expand rel", dk_reader_expand(r, NULL, 2, 10, no_expand, NULL) },
		{ "reader_expand fn", dk_reader_expand(r, NULL, 0, 10, NULL, NULL) },
		{ "mset_data", dk_mset_data(NULL, 0, &p, &len) },
		{ "mset_value", dk_mset_value(NULL, 0, 0, &p, &len) },
		{ "compact srcs", dk_shim_compact(NULL, 1, path, NULL) },
		{ "compact dst", dk_shim_compact(&p, 1, NULL, NULL) },
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		if (cases[i].st != DK_ERR_INVALID)
			print_error("%s: got %d\n", cases[i].what,
				    (int)cases[i].st);
		assert_int_equal(cases[i].st, DK_ERR_INVALID);
	}
	/* Outputs of failed calls are NULL. */
	assert_null(out);
	assert_null(w_out);
	assert_null(r_out);
	assert_null(s);
	assert_null(m);
	assert_null(p);

	/* The functions with no status accept NULL too. */
	assert_string_equal(dk_writer_error(NULL), "");
	assert_string_equal(dk_reader_error(NULL), "");
	assert_string_equal(dk_doc_error(NULL), "");
	assert_string_equal(dk_mset_error(NULL), "");
	assert_int_equal(dk_mset_size(NULL), 0);
	assert_int_equal(dk_mset_estimated(NULL), 0);
	assert_int_equal(dk_mset_docid(NULL, 0), 0);
	assert_int_equal(dk_writer_close(NULL, NULL), DK_OK);
	assert_true(dk_query_is_empty(NULL));
	dk_search_opts_init(NULL);
	dk_mset_free(NULL);
	dk_query_free(NULL);
	dk_doc_free(NULL);
	dk_reader_close(NULL);

	assert_true(strlen(dk_doc_error(doc)) > 0);
	assert_true(strlen(dk_writer_error(w)) > 0);
	assert_true(strlen(dk_reader_error(r)) > 0);
	dk_query_free(q);
	dk_doc_free(doc);
	dk_reader_close(r);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);
}

/* ---- counting values: Xapian's spies against in-memory slots -------- */

static const struct tdoc spy_docs[] = {
	{ "Q1", "court ruling apple", NULL, "Reuters|reuters.com", "a\nb", NULL },
	{ "Q2", "court appeal", NULL, "Verge|theverge.com", "b", NULL },
	{ "Q3", "apple phone", NULL, "Reuters|reuters.com", NULL, NULL },
	{ "Q4", "court apple", NULL, "", "a\nc", NULL },
	{ "Q5", "phone court", NULL, NULL, "c", NULL },
	{ "Q6", "apple court appeal", NULL, "Ars|arstechnica.com", "", NULL },
	{ "Q7", "court", NULL, "Reuters", "b\na", NULL },
};

static int
spy_print(void *ctx, const char *v, size_t len, uint64_t count)
{
	dk_buf *b = ctx;
	dk_buf_printf(b, "[%.*s]=%llu ", (int)len, v, (unsigned long long)count);
	return 0;
}

/* Every spec's counts of q over r, the matches and the documents seen, as
 * one line; counted twice with one spy (counts add up over calls). */
/* A query of the spy tests: "court" a term, "*" every document, "and
 * court apple" an operator over terms, "and2" court AND ((phone OR
 * appeal) AND_NOT apple), nested (the in-memory count works these out
 * from the posting lists, and leaves phrases to the matcher). */
static dk_query *
spy_query(const char *spec)
{
	static const struct { const char *name; dk_query_op op; } ops[] = {
		{ "and ", DK_QOP_AND }, { "or ", DK_QOP_OR },
		{ "not ", DK_QOP_AND_NOT }, { "maybe ", DK_QOP_AND_MAYBE },
		{ "filter ", DK_QOP_FILTER }, { "phrase ", DK_QOP_PHRASE },
		{ "syn ", DK_QOP_SYNONYM }, { "max ", DK_QOP_MAX },
	};
	dk_query *q = NULL;
	if (!strcmp(spec, "*")) {
		assert_int_equal(dk_query_match_all(&q), DK_OK);
		return q;
	}
	if (!strcmp(spec, "and2")) {
		dk_query *either = qcombine(DK_QOP_OR, 0, "phone appeal");
		dk_query *apple = qterm("apple");
		dk_query *court = qterm("court");
		const dk_query *no[] = { either, apple };
		dk_query *both = NULL;
		assert_int_equal(dk_query_combine(DK_QOP_AND_NOT, no, 2, 0, &both),
				 DK_OK);
		const dk_query *with[] = { court, both };
		assert_int_equal(dk_query_combine(DK_QOP_AND, with, 2, 0, &q),
				 DK_OK);
		dk_query_free(either);
		dk_query_free(apple);
		dk_query_free(court);
		dk_query_free(both);
		return q;
	}
	for (size_t i = 0; i < ARRAY_LEN(ops); i++)
		if (!strncmp(spec, ops[i].name, strlen(ops[i].name)))
			return qcombine(ops[i].op, 0, spec + strlen(ops[i].name));
	return qterm(spec);
}

static char *
spy_counts(dk_reader *r, const char *term)
{
	static const dk_spy_spec specs[] = {
		{ 0, -1, 0, 0 }, { 0, 1, '|', 0 }, { 1, -1, 0, 1 },
		{ 0, 0, '|', 0 }, { 1, -1, 0, 0 },
	};
	dk_spy *spy = NULL;
	dk_query *q = spy_query(term);
	dk_buf b = DK_BUF_INIT;
	uint64_t m1 = 0, m2 = 0;
	assert_int_equal(dk_spy_new(specs, ARRAY_LEN(specs), &spy), DK_OK);
	assert_int_equal(dk_reader_count_spied(r, q, spy, &m1), DK_OK);
	dk_buf_printf(&b, "matches %llu seen %llu: ", (unsigned long long)m1,
		      (unsigned long long)dk_spy_seen(spy));
	for (size_t i = 0; i < ARRAY_LEN(specs); i++) {
		assert_int_equal(dk_spy_values(spy, i, spy_print, &b), DK_OK);
		dk_buf_puts(&b, "| ");
	}
	assert_int_equal(dk_reader_count_spied(r, q, spy, &m2), DK_OK);
	assert_int_equal(m1, m2);
	dk_buf_printf(&b, "again seen %llu: ",
		      (unsigned long long)dk_spy_seen(spy));
	for (size_t i = 0; i < ARRAY_LEN(specs); i++)
		assert_int_equal(dk_spy_values(spy, i, spy_print, &b), DK_OK);
	dk_spy_free(spy);
	dk_query_free(q);
	assert_int_equal(b.err, 0);
	return dk_buf_detach(&b, NULL);
}

static dk_reader *
open_keeping(const char *const *paths, size_t n)
{
	dk_open_opts o = { 0 };
	dk_reader *r = NULL;
	o.keep_values = 1;
	assert_int_equal(dk_reader_open_shards(paths, n, &o, NULL, &r, NULL),
			 DK_OK);
	return r;
}

static void
test_count_spied_memory(void **state)
{
	static const char *const terms[] = {
		"court", "apple", "phone", "appeal", "nothing", "*",
		"and court apple", "or phone appeal nothing", "not court apple",
		"maybe phone court", "filter court phone", "syn phone appeal",
		"max apple phone", "phrase court appeal", "and2",
		"and court nothing", "not nothing court",
	};
	static const struct tdoc more = { "Q8", "court apple", NULL,
					  "Verge|theverge.com", "c", NULL };
	char one[PATH_MAX], s0[PATH_MAX], s1[PATH_MAX];
	dk_writer *w = NULL;
	int changed = 0;

	(void)state;
	make_db(one, sizeof one, "spy-one", spy_docs, ARRAY_LEN(spy_docs));
	/* Two shards as a split deals them: 1, 3, 5, 7 and 2, 4, 6. */
	static const struct tdoc odd[] = { spy_docs[0], spy_docs[2],
					   spy_docs[4], spy_docs[6] };
	static const struct tdoc even[] = { spy_docs[1], spy_docs[3],
					    spy_docs[5] };
	make_db(s0, sizeof s0, "spy-s0", odd, ARRAY_LEN(odd));
	make_db(s1, sizeof s1, "spy-s1", even, ARRAY_LEN(even));
	const char *one_p = one;
	const char *const shards[] = { s0, s1 };
	dk_reader *spied = open_reader(one);
	dk_reader *kept = open_keeping(&one_p, 1);
	dk_reader *kept2 = open_keeping(shards, 2);
	dk_reader *spied2 = NULL;
	assert_int_equal(dk_reader_open(shards, 2, &spied2, NULL), DK_OK);
	for (size_t i = 0; i < ARRAY_LEN(terms); i++) {
		char *want = spy_counts(spied, terms[i]);
		char *got = spy_counts(kept, terms[i]);
		char *got2 = spy_counts(kept2, terms[i]);
		char *want2 = spy_counts(spied2, terms[i]);
		assert_string_equal(got, want);
		assert_string_equal(got2, want);
		assert_string_equal(want2, want);
		free(want);
		free(got);
		free(got2);
		free(want2);
	}
	char *c = spy_counts(kept2, "and2");  /* Q2 and Q5 */
	assert_non_null(strstr(c, "matches 2 seen 2: "));
	assert_non_null(strstr(c, "| [Verge]=1 |"));
	free(c);
	c = spy_counts(kept2, "phrase court appeal");  /* Q2 and Q6 */
	assert_non_null(strstr(c, "matches 2 seen 2: "));
	free(c);
	c = spy_counts(kept, "court");
	assert_string_equal(c, "matches 6 seen 6: [Ars|arstechnica.com]=1 "
			    "[Reuters]=1 [Reuters|reuters.com]=1 "
			    "[Verge|theverge.com]=1 | "
			    "[arstechnica.com]=1 [reuters.com]=1 [theverge.com]=1 | "
			    "[a]=3 [b]=3 [c]=2 | [Ars]=1 [Reuters]=2 [Verge]=1 | "
			    "[a\nb]=1 [a\nc]=1 [b]=1 [b\na]=1 [c]=1 | again seen 12: "
			    "[Ars|arstechnica.com]=2 [Reuters]=2 "
			    "[Reuters|reuters.com]=2 [Verge|theverge.com]=2 "
			    "[arstechnica.com]=2 [reuters.com]=2 [theverge.com]=2 "
			    "[a]=6 [b]=6 [c]=4 [Ars]=2 [Reuters]=4 [Verge]=2 "
			    "[a\nb]=2 [a\nc]=2 [b]=2 [b\na]=2 [c]=2 ");
	free(c);

	/* A new revision: the kept slots follow a reopen that moves. */
	assert_int_equal(dk_writer_open(one, 0, &w, NULL), DK_OK);
	add_docs(w, &more, 1);
	assert_int_equal(dk_writer_commit(w), DK_OK);
	assert_int_equal(dk_reader_reopen(kept, &changed), DK_OK);
	assert_int_equal(changed, 1);
	assert_int_equal(dk_reader_reopen(spied, &changed), DK_OK);
	assert_int_equal(changed, 1);
	for (size_t i = 0; i < ARRAY_LEN(terms); i++) {
		char *want = spy_counts(spied, terms[i]);
		char *got = spy_counts(kept, terms[i]);
		assert_string_equal(got, want);
		free(want);
		free(got);
	}
	c = spy_counts(kept, "apple");
	assert_non_null(strstr(c, "matches 5 seen 5: "));
	assert_non_null(strstr(c, "[Verge|theverge.com]=1 "));
	free(c);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);
	dk_reader_close(spied);
	dk_reader_close(kept);
	dk_reader_close(kept2);
	dk_reader_close(spied2);
}

/* The documents of spec over r with equal weights ordered by slot, as
 * "id id ... ". */
static char *
tie_order(dk_reader *r, const char *spec, int slot)
{
	dk_search_opts o;
	dk_mset *m = NULL;
	dk_buf b = DK_BUF_INIT;
	dk_query *q = spy_query(spec);
	dk_search_opts_init(&o);
	o.tie_slot = slot;
	assert_int_equal(dk_reader_search(r, q, &o, 0, 100, &m), DK_OK);
	for (size_t i = 0; i < dk_mset_size(m); i++)
		dk_buf_printf(&b, "%u ", (unsigned)dk_mset_docid(m, i));
	dk_mset_free(m);
	dk_query_free(q);
	assert_int_equal(b.err, 0);
	return b.data ? dk_buf_detach(&b, NULL) : dk_strndup("", 0);
}

/* A reader keeping its values orders equal weights by the slot from
 * memory (a KeyMaker over the value numbers): the order reading the
 * values gives, empty and missing values first, a value before the
 * longer ones it starts. */
static void
test_tie_keys_memory(void **state)
{
	static const char *const terms[] = {
		"*", "court", "apple", "phone", "or phone appeal nothing",
		"not court apple", "filter court phone", "phrase court appeal",
	};
	static const struct tdoc more = { "Q8", "court apple", NULL,
					  "Reuters", "a", NULL };
	char one[PATH_MAX];
	dk_writer *w = NULL;
	int changed = 0;

	(void)state;
	make_db(one, sizeof one, "tie-one", spy_docs, ARRAY_LEN(spy_docs));
	const char *one_p = one;
	dk_reader *plain = open_reader(one);
	dk_reader *kept = open_keeping(&one_p, 1);
	char *got = tie_order(kept, "*", 0);
	/* "" (4), none (5), Ars (6), Reuters (7), Reuters|... (1, 3),
	 * Verge (2) */
	assert_string_equal(got, "4 5 6 7 1 3 2 ");
	free(got);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < ARRAY_LEN(terms); i++)
			for (int slot = 0; slot < 2; slot++) {
				char *want = tie_order(plain, terms[i], slot);
				got = tie_order(kept, terms[i], slot);
				assert_string_equal(got, want);
				free(want);
				free(got);
			}
		if (round)
			break;
		/* A new revision: the kept slot follows a reopen. */
		assert_int_equal(dk_writer_open(one, 0, &w, NULL), DK_OK);
		add_docs(w, &more, 1);
		assert_int_equal(dk_writer_commit(w), DK_OK);
		assert_int_equal(dk_reader_reopen(kept, &changed), DK_OK);
		assert_int_equal(changed, 1);
		assert_int_equal(dk_reader_reopen(plain, &changed), DK_OK);
		assert_int_equal(changed, 1);
	}
	got = tie_order(kept, "*", 0);
	assert_string_equal(got, "4 5 6 7 8 1 3 2 ");
	free(got);
	assert_int_equal(dk_writer_close(w, NULL), DK_OK);
	dk_reader_close(plain);
	dk_reader_close(kept);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_create_add_commit_reopen),
		cmocka_unit_test(test_replace_by_uid),
		cmocka_unit_test(test_replace_needs_uid_term),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_phrase_near),
		cmocka_unit_test(test_boolean_ops),
		cmocka_unit_test(test_value_range_and_sort),
		cmocka_unit_test(test_wildcard),
		cmocka_unit_test(test_collapse),
		cmocka_unit_test(test_ties_and_termfreqs),
		cmocka_unit_test(test_folded_estimate),
		cmocka_unit_test(test_mset_getters),
		cmocka_unit_test(test_stats_and_terms),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_multi_shard_reader),
		cmocka_unit_test(test_split_and_wildcard),
		cmocka_unit_test(test_split_threads),
		cmocka_unit_test(test_split_identity),
		cmocka_unit_test(test_term_list),
		cmocka_unit_test(test_compact),
		cmocka_unit_test(test_compact_keep_ids),
		cmocka_unit_test(test_abandon),
		cmocka_unit_test(test_writer_errors),
		cmocka_unit_test(test_no_termlist),
		cmocka_unit_test(test_reader_modified),
		cmocka_unit_test(test_null_misuse),
		cmocka_unit_test(test_count_spied_memory),
		cmocka_unit_test(test_tie_keys_memory),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
