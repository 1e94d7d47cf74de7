/*
 * test_query_compile.c - tests for searcher/query_compile.c.
 *
 * The group set-up writes a small JSONL dump under a temporary directory
 * and indexes it with the indexer library, so term statistics and prefix
 * expansions come from a real index.  Each row of `rows` is a query: it is
 * parsed with dk_qparse(), compiled against that index, and the compiled
 * query's description (Xapian's, through dk_query_describe()) must hold
 * every '|'-separated piece of `has` and none of `lacks`; the match set
 * must hold the terms of `terms` and none of `not_terms`, with the given
 * number of phrases; and a warning must be given or not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../common/analyzer.h"
#include "../../common/buf.h"
#include "../../searcher/query_parser.h"
#include "../../indexer/indexer.h"
#include "../../searcher/query_compile.h"
#include "../../shims/xapian_shim.h"
#include "fixture.h"

static char root[PATH_MAX];
static char index_dir[PATH_MAX + 16];
static dk_reader *reader;
static dk_analyzer *an;

/* ---- the index ------------------------------------------------------- */

static const char *const articles[] = {
	"{\"id\":\"c1\",\"title\":\"LinkedIn privacy lawsuit\","
	"\"url\":\"https://www.example.com/linkedin\",\"source\":\"Reuters\","
	"\"author\":\"Jane Smith\",\"date\":\"2025-01-24\","
	"\"text\":\"A class action lawsuit over privacy. Case 3:25-cv-00709, "
	"also 25-00709, under the Stored Communications Act.\"}",
	"{\"id\":\"c2\",\"title\":\"Court rules\",\"date\":\"2024-09-18\","
	"\"text\":\"The court ruled on the motion. The who and the what.\"}",
	"{\"id\":\"c3\",\"title\":\"Court again\",\"text\":\"The court met. "
	"smallpa smallpb smallpc.\"}",
	"{\"id\":\"c4\",\"title\":\"Court later\",\"text\":\"The court met again.\"}",
};

/* A document holding more than DK_PREFIX_MAX words starting with "zq". */
static void write_prefix_article(FILE *f)
{
	const char *cons = "bcdfghjklmnpqrstvwxz";
	fputs("{\"id\":\"many\",\"title\":\"Many\",\"text\":\"court", f);
	for (int i = 0; i < 12; i++)
		for (int j = 0; j < 12; j++)
			fprintf(f, " zq%c%c", cons[i], cons[j]);
	fputs("\"}\n", f);
}

static int group_setup(void **state)
{
	(void)state;
	char in[PATH_MAX + 32];
	if (fixture_mkdtemp(root, "docket-test-qc"))
		return -1;
	snprintf(in, sizeof in, "%s/in.jsonl", root);
	snprintf(index_dir, sizeof index_dir, "%s/index", root);
	FILE *f = fopen(in, "w");
	if (!f)
		return -1;
	for (size_t i = 0; i < sizeof articles / sizeof articles[0]; i++)
		fprintf(f, "%s\n", articles[i]);
	write_prefix_article(f);
	fclose(f);
	if (fixture_index(in, index_dir, 5))
		return -1;
	const char *dbs[1] = { index_dir };
	if (dk_reader_open(dbs, 1, &reader, NULL))
		return -1;
	return dk_analyzer_new("english", &an) ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	dk_reader_close(reader);
	dk_analyzer_free(an);
	return fixture_remove_tree(root);
}

/* ---- compiling ------------------------------------------------------- */

/* Parse and compile q; *desc the description ("" for no query). */
static void compile_q(const char *q, dk_compiled *c, char **desc)
{
	dk_qnode *tree = NULL;
	char *w = NULL;
	assert_int_equal(dk_qparse(q, strlen(q), 0, &tree, &w), DK_OK);
	free(w);
	assert_int_equal(dk_query_compile(tree, an, reader, c), DK_OK);
	dk_qnode_free(tree);
	if (c->query)
		assert_int_equal(dk_query_describe(c->query, desc), DK_OK);
	else
		*desc = dk_strndup("", 0);
	assert_non_null(*desc);
}

/* Is each '|'-separated piece of list in s (want 1) or none of them
 * (want 0)?  The offending piece goes to *bad. */
static int pieces(const char *s, const char *list, int want, char *bad,
		  size_t cap)
{
	if (!list)
		return 1;
	const char *p = list;
	while (*p) {
		const char *e = strchr(p, '|');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		snprintf(bad, cap, "%.*s", (int)n, p);
		if ((strstr(s, bad) != NULL) != want)
			return 0;
		p += n + (e ? 1 : 0);
	}
	return 1;
}

/* 1 if the match set holds term t (prefix terms written "t*"). */
static int has_term(const dk_match_set *m, const char *t)
{
	size_t n = strlen(t);
	int prefix = n && t[n - 1] == '*';
	if (prefix)
		n--;
	for (size_t i = 0; i < m->nterms; i++)
		if (m->terms[i].is_prefix == prefix && m->terms[i].len == n &&
		    !memcmp(m->terms[i].term, t, n))
			return 1;
	return 0;
}

static char *match_string(const dk_match_set *m)
{
	dk_buf b = DK_BUF_INIT;
	dk_buf_puts(&b, "");
	for (size_t i = 0; i < m->nterms; i++)
		dk_buf_printf(&b, "%s%s%s", i ? " " : "", m->terms[i].term,
			      m->terms[i].is_prefix ? "*" : "");
	return dk_buf_detach(&b, NULL);
}

struct row {
	const char *q;
	const char *has;        /* pieces the description must hold */
	const char *lacks;      /* pieces it must not hold */
	const char *terms;      /* match set terms ("x*" for a prefix), '|' */
	const char *not_terms;  /* terms the match set must not hold */
	int nphrases;           /* phrases in the match set */
	int warning;            /* a warning expected */
};

static const struct row rows[] = {
	/* Free words: stems, combined with OR. */
	{ "privacy", "privaci", "OR", "privaci", NULL, 0, 0 },
	{ "privacy lawsuits", "privaci|lawsuit|OR", "lawsuits",
	  "privaci|lawsuit", NULL, 0, 0 },
	/* Stopwords dropped when other words remain, from the query and
	 * from the highlighted terms alike; kept when they are all there is. */
	{ "the privacy", "privaci", "the", "privaci", "the", 0, 0 },
	{ "privacy of the court", "privaci|court", "the|of ",
	  "privaci|court", "the|of", 0, 0 },
	{ "the who", "the|who", NULL, "the|who", NULL, 0, 0 },
	{ "+the privacy", "the OR (privaci FILTER the)", NULL, "the|privaci", NULL, 0, 0 },
	{ "the site:example.com", "the|Hexample.com", NULL, "the", NULL, 0, 0 },
	{ "\"the court\" of", "the PHRASE 2 court", "of", "the|court", "of", 1, 0 },
	/* Phrases. */
	{ "\"class action\"", "class PHRASE 2 action", NULL,
	  "class|action", NULL, 1, 0 },
	{ "\"Stored Communications Act\"", "store PHRASE 3 communic PHRASE 3 act",
	  NULL, "store|communic|act", NULL, 1, 0 },
	{ "class-action", "class PHRASE 2 action", NULL, "class|action", NULL, 1, 0 },
	{ "\"class-action lawsuit\"", "class PHRASE 3 action PHRASE 3 lawsuit",
	  NULL, "class|action|lawsuit", NULL, 1, 0 },
	/* Identifiers are one whole term. */
	{ "25-00709", "25-00709", "PHRASE|00709 ", "25-00709", "25|00709", 0, 0 },
	{ "3:25-cv-00709", "3:25-cv-00709", "PHRASE", "3:25-cv-00709", NULL, 0, 0 },
	{ "CVE-2024-3094", "cve-2024-3094", "PHRASE", "cve-2024-3094", NULL, 0, 0 },
	/* Fields. */
	{ "title:privacy", "Sprivaci", NULL, "privaci", NULL, 0, 0 },
	{ "title:\"class action\"", "Sclass PHRASE 2 Saction", NULL,
	  "class|action", NULL, 1, 0 },
	{ "author:smith", "Asmith", NULL, NULL, "smith", 0, 0 },
	{ "source:Reuters", "Breuter", NULL, NULL, "reuter|reuters", 0, 0 },
	{ "site:www.Example.com", "Hexample.com", "www|Hwww", NULL, "exampl", 0, 0 },
	{ "site:https://Example.com/path", "Hexample.com", "path", NULL, NULL, 0, 0 },
	{ "privacy site:example.com", "privaci|Hexample.com|FILTER", NULL,
	  "privaci", NULL, 0, 0 },
	{ "privacy title:lawsuit", "Slawsuit OR (privaci FILTER Slawsuit)", NULL,
	  "privaci|lawsuit", NULL, 0, 0 },
	/* Dates: a value range on slot 0. */
	{ "date:2025-01-21..2025-01-31", "VALUE_RANGE 0 20250121 20250131", NULL,
	  NULL, NULL, 0, 0 },
	{ "date:2025", "VALUE_RANGE 0 20250000 20251231", NULL, NULL, NULL, 0, 0 },
	{ "date:>2024-09-18", "VALUE_GE 0 20240919", NULL, NULL, NULL, 0, 0 },
	{ "date:<2024", "VALUE_LE 0 20231231", NULL, NULL, NULL, 0, 0 },
	{ "privacy date:2025", "privaci|FILTER|VALUE_RANGE 0 20250000 20251231",
	  NULL, "privaci", NULL, 0, 0 },
	/* Prefixes: a bounded wildcard, with a warning when cut. */
	{ "smallp*", "smallpa OR smallpb OR smallpc", NULL, "smallp*", NULL, 0, 0 },
	{ "zq*", "zqbb OR zqbc|zqld OR zqlf))", NULL, "zq*", NULL, 0, 1 },
	{ "title:court*", "Query(Scourt)", NULL, "court*", NULL, 0, 0 },
	/* Excluded words are searched against, never highlighted. */
	{ "privacy -lawsuit", "privaci|AND_NOT|lawsuit", NULL, "privaci",
	  "lawsuit", 0, 0 },
	{ "privacy NOT lawsuit", "privaci|AND_NOT|lawsuit", NULL, "privaci",
	  "lawsuit", 0, 0 },
	{ "privacy -\"class action\"", "privaci|AND_NOT|class PHRASE 2 action",
	  NULL, "privaci", "class|action", 0, 0 },
	{ "privacy -zq*", "privaci|AND_NOT|zqbb OR", NULL, "privaci", "zq*", 0, 1 },
	{ "-lawsuit", "AND_NOT|lawsuit", NULL, NULL, "lawsuit", 0, 0 },
	/* Boolean structure. */
	{ "+privacy lawsuit", "privaci OR (lawsuit FILTER privaci)", NULL,
	  "privaci|lawsuit", NULL, 0, 0 },
	{ "privacy AND lawsuit", "privaci AND lawsuit", NULL,
	  "privaci|lawsuit", NULL, 0, 0 },
	{ "privacy OR lawsuit", "privaci OR lawsuit", NULL,
	  "privaci|lawsuit", NULL, 0, 0 },
	{ "privacy NEAR/3 lawsuit", "privaci NEAR 4 lawsuit", NULL,
	  "privaci|lawsuit", NULL, 0, 0 },
	{ "privacy NEAR lawsuit", "privaci NEAR 11 lawsuit", NULL,
	  "privaci|lawsuit", NULL, 0, 0 },
	/* NEAR over what Xapian's NEAR cannot hold: the items AND the NEAR
	 * of their terms, the window widened by a phrase's extra words. */
	{ "(privacy OR court) NEAR/3 lawsuit",
	  "(privaci OR court) NEAR 4 lawsuit", "AND", "privaci|court|lawsuit",
	  NULL, 0, 0 },
	{ "\"class action\" NEAR/5 lawsuit",
	  "class PHRASE 2 action|AND lawsuit AND|class NEAR 7 action NEAR 7 lawsuit",
	  NULL, "class|action|lawsuit", NULL, 1, 0 },
	{ "class-action NEAR/5 lawsuit",
	  "class PHRASE 2 action|class NEAR 7 action NEAR 7 lawsuit", NULL,
	  "class|action|lawsuit", NULL, 1, 0 },
	{ "smallp* NEAR/2 lawsuit", "(smallpa OR smallpb OR smallpc) AND lawsuit|(smallpa OR smallpb OR smallpc) NEAR 3 lawsuit", NULL,
	  "smallp*|lawsuit", NULL, 0, 0 },
	{ "(privacy AND court) NEAR/3 lawsuit", "privaci AND court", "NEAR",
	  "privaci|court|lawsuit", NULL, 0, 0 },
	{ "privacy NEAR/3 date:2025", "privaci AND VALUE_RANGE", "NEAR",
	  "privaci", NULL, 0, 0 },
	{ "25-00709 NEAR/2 privacy", "25-00709 NEAR 3 privaci", "PHRASE",
	  "25-00709|privaci", NULL, 0, 0 },
};

#define NROWS (sizeof rows / sizeof rows[0])

static void test_row(void **state)
{
	const struct row *r = *state;
	dk_compiled c;
	char *d = NULL, bad[128];

	compile_q(r->q, &c, &d);
	char *ms = match_string(&c.match);
	if (!pieces(d, r->has, 1, bad, sizeof bad))
		fail_msg("%s: \"%s\" not in %s", r->q, bad, d);
	if (!pieces(d, r->lacks, 0, bad, sizeof bad))
		fail_msg("%s: \"%s\" in %s", r->q, bad, d);
	if (r->terms) {
		for (const char *p = r->terms; *p;) {
			const char *e = strchr(p, '|');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			snprintf(bad, sizeof bad, "%.*s", (int)n, p);
			if (!has_term(&c.match, bad))
				fail_msg("%s: match set [%s] lacks %s", r->q, ms, bad);
			p += n + (e ? 1 : 0);
		}
	} else if (!r->not_terms) {
		if (c.match.nterms)
			fail_msg("%s: match set [%s] should be empty", r->q, ms);
	}
	if (r->not_terms) {
		for (const char *p = r->not_terms; *p;) {
			const char *e = strchr(p, '|');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			snprintf(bad, sizeof bad, "%.*s", (int)n, p);
			if (has_term(&c.match, bad))
				fail_msg("%s: match set [%s] holds %s", r->q, ms, bad);
			p += n + (e ? 1 : 0);
		}
	}
	assert_int_equal(c.match.nphrases, r->nphrases);
	for (size_t i = 0; i < c.match.nphrases; i++)
		for (size_t k = 0; k < c.match.phrases[i].n; k++)
			assert_true(c.match.phrases[i].terms[k] < c.match.nterms);
	if (r->warning) {
		assert_non_null(c.warning);
		assert_non_null(strstr(c.warning, "100"));
	} else if (c.warning) {
		fail_msg("%s: unexpected warning %s", r->q, c.warning);
	}
	free(ms);
	free(d);
	dk_compiled_free(&c);
}

/* ---- beyond the table ------------------------------------------------ */

static void test_null_tree(void **state)
{
	(void)state;
	dk_compiled c;
	assert_int_equal(dk_query_compile(NULL, an, reader, &c), DK_OK);
	assert_null(c.query);
	assert_int_equal(c.match.nterms, 0);
	assert_null(c.warning);
	dk_compiled_free(&c);
	/* Words that analyze to nothing compile to nothing. */
	char *d = NULL;
	compile_q("-- ... ''", &c, &d);
	assert_null(c.query);
	free(d);
	dk_compiled_free(&c);
}

/* Highlight weights are idf: a term in one document outweighs one in all
 * of them; a term the index lacks weighs most. */
static void test_weights(void **state)
{
	(void)state;
	dk_compiled c;
	char *d = NULL;
	compile_q("privacy court unheardofword", &c, &d);
	long p = dk_match_set_find(&c.match, "privaci", 7);
	long k = dk_match_set_find(&c.match, "court", 5);
	long u = dk_match_set_find(&c.match, "unheardofword", 13);
	assert_true(p >= 0 && k >= 0 && u >= 0);
	assert_true(c.match.terms[p].weight > c.match.terms[k].weight);
	assert_true(c.match.terms[u].weight > c.match.terms[p].weight);
	assert_true(c.match.terms[k].weight > 0);
	assert_int_equal(dk_match_set_find(&c.match, "nothere", 7), -1);
	free(d);
	dk_compiled_free(&c);
}

/* A prefix expansion under the limit gives no warning; the same prefix
 * with more than DK_PREFIX_MAX words says so, naming it. */
static void test_prefix_warning(void **state)
{
	(void)state;
	dk_compiled c;
	char *d = NULL;
	compile_q("zqb*", &c, &d);  /* 12 words */
	assert_null(c.warning);
	free(d);
	dk_compiled_free(&c);
	compile_q("zq* smallp*", &c, &d);
	assert_non_null(c.warning);
	assert_non_null(strstr(c.warning, "zq*"));
	assert_null(strstr(c.warning, "smallp"));
	free(d);
	dk_compiled_free(&c);
}

/* The same term twice is one entry of the match set. */
static void test_dedup(void **state)
{
	(void)state;
	dk_compiled c;
	char *d = NULL;
	compile_q("lawsuit lawsuits \"class action lawsuit\"", &c, &d);
	size_t n = 0;
	for (size_t i = 0; i < c.match.nterms; i++)
		n += !strcmp(c.match.terms[i].term, "lawsuit");
	assert_int_equal(n, 1);
	assert_int_equal(c.match.nphrases, 1);
	assert_int_equal(c.match.phrases[0].n, 3);
	assert_string_equal(c.match.terms[c.match.phrases[0].terms[2]].term,
			    "lawsuit");
	free(d);
	dk_compiled_free(&c);
}

/* Hostile queries compile (or compile to nothing) without error. */
static void test_hostile(void **state)
{
	(void)state;
	static const char *const qs[] = {
		"((((((((((a", "\"", "NOT", "a NEAR/0 b", "a NEAR/100000 b",
		"title:", "date:2025-02-30", "case:garbage", "case:3:25-cv-00709",
		"lang:EN", "-a -b -c", "+", "*", "§ 230", "\xff\xfe privacy",
		"title:(a OR -b)", "a AND NOT b", "x*y*", "-(a b)",
	};
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		dk_compiled c;
		char *d = NULL;
		compile_q(qs[i], &c, &d);
		free(d);
		dk_compiled_free(&c);
	}
}

static void row_name(size_t i, const void *row, char *buf, size_t size)
{
	(void)i;
	snprintf(buf, size, "%s", ((const struct row *)row)->q);
}

int main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_null_tree),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_prefix_warning),
		cmocka_unit_test(test_dedup),
		cmocka_unit_test(test_hostile),
	};
	return fixture_run_table("query_compile", rows, NROWS, sizeof rows[0], row_name,
				 test_row, extra, sizeof extra / sizeof extra[0],
				 group_setup, group_teardown);
}
