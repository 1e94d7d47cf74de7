/*
 * test_docket_api.c - libdocket's public API (searcher/docket.h) as a
 * program using it sees it.
 *
 * The group set-up indexes sample-corpus/ (text and JSONL) with the
 * indexer library, as docket-index does.  The table `queries` runs each
 * query through docket_search() and through dk_search(), the engine
 * docket-search ran before it used the library, and requires the same
 * hits: ids, scores, passage ranges and highlight offsets; with DOCKET_BIN
 * set (tests/run sets it) it also requires docket-search --json to name
 * the same ids in the same order.  The tests after it cover opening
 * errors (a status and a message, never a crash), bad arguments to every
 * kind of function, facets and the histogram, single articles, JSON, and
 * results outliving their index and request.  Under ASan the whole file
 * runs leak-checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <sys/stat.h>

#include "../../indexer/indexer.h"
#include "../../searcher/docket.h"
#include "../../searcher/search.h"
#include "fixture.h"

static char root[PATH_MAX];
static char index_dir[PATH_MAX + 8];
static docket_index *ix;  /* open on index_dir for the whole group */

static int group_setup(void **state)
{
	(void)state;
	const char *top = getenv("DOCKET_TOP");
	char text[PATH_MAX], jsonl[PATH_MAX];
	snprintf(text, sizeof text, "%s/sample-corpus/text", top ? top : ".");
	snprintf(jsonl, sizeof jsonl, "%s/sample-corpus/jsonl", top ? top : ".");
	if (fixture_mkdtemp(root, "docket-test-api"))
		return -1;
	snprintf(index_dir, sizeof index_dir, "%s/idx", root);
	dk_index_opts o = { 0 };
	o.index_dir = index_dir;
	o.err = stderr;
	dk_indexer *in = NULL;
	dk_index_stats stats;
	const char *paths[2] = { text, jsonl };
	if (dk_indexer_open(&o, &in, NULL) || dk_indexer_add_paths(in, paths, 2) ||
	    dk_indexer_finish(in, &stats, NULL) || stats.indexed < 20)
		return -1;
	char *msg = NULL;
	docket_status st = docket_index_open(index_dir, &ix, &msg);
	free(msg);
	return st ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	docket_index_close(ix);
	ix = NULL;
	return fixture_remove_tree(root);
}

/* ---- the table: docket_search() = dk_search() = docket-search -------- */

typedef struct query_row {
	const char *query;
	int plain;
	docket_sort sort;
	uint32_t offset, limit, passages;
} query_row;

static const query_row queries[] = {
	{ "lawsuit", 0, DOCKET_SORT_RELEVANCE, 0, 10, 1 },
	{ "court ruling privacy", 0, DOCKET_SORT_RELEVANCE, 0, 20, 2 },
	{ "\"data breach\"", 0, DOCKET_SORT_RELEVANCE, 0, 10, 1 },
	{ "case:25-01234", 0, DOCKET_SORT_RELEVANCE, 0, 10, 1 },
	{ "antitrust OR merger", 0, DOCKET_SORT_NEWEST, 0, 10, 1 },
	{ "judge", 0, DOCKET_SORT_OLDEST, 3, 5, 1 },
	{ "what did the judge rule", 1, DOCKET_SORT_RELEVANCE, 0, 10, 3 },
	{ "zzyzxqwv", 0, DOCKET_SORT_RELEVANCE, 0, 10, 1 },
	{ "", 0, DOCKET_SORT_RELEVANCE, 0, 10, 1 },
};

#define NQUERIES (sizeof queries / sizeof queries[0])

static void query_name(size_t i, const void *row, char *buf, size_t size)
{
	const query_row *r = row;
	snprintf(buf, size, "query %zu: '%s'", i, r->query);
}

/* The ids of docket-search --json's results for r, into ids (up to max);
 * -1 when DOCKET_BIN is unset. */
static int cli_ids(const query_row *r, char ids[][256], size_t max, size_t *n)
{
	const char *bin = getenv("DOCKET_BIN");
	*n = 0;
	if (!bin || !*r->query)
		return -1;
	char cmd[PATH_MAX * 3];
	snprintf(cmd, sizeof cmd, "'%s/docket-search' -i '%s' --json "
		 "%s--sort %s --offset %u -n %u --passages %u -- '%s'", bin,
		 index_dir, r->plain ? "--plain " : "",
		 r->sort == DOCKET_SORT_NEWEST ? "newest" :
		 r->sort == DOCKET_SORT_OLDEST ? "oldest" : "relevance",
		 (unsigned)r->offset, (unsigned)r->limit, (unsigned)r->passages,
		 r->query);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	json_error_t err;
	json_t *o = json_loadf(p, 0, &err);
	pclose(p);
	assert_non_null(o);
	json_t *rs = json_object_get(o, "results");
	for (size_t i = 0; i < json_array_size(rs) && *n < max; i++) {
		const char *id = json_string_value(
			json_object_get(json_array_get(rs, i), "id"));
		assert_non_null(id);
		snprintf(ids[(*n)++], 256, "%s", id);
	}
	json_decref(o);
	return 0;
}

static void test_query(void **state)
{
	const query_row *r = *state;
	docket_request *req = NULL;
	docket_results *res = NULL;
	assert_int_equal(docket_request_new(&req), DOCKET_OK);
	assert_int_equal(docket_request_set_query(req, r->query, strlen(r->query)),
			 DOCKET_OK);
	assert_int_equal(docket_request_set_plain(req, r->plain), DOCKET_OK);
	assert_int_equal(docket_request_set_sort(req, r->sort), DOCKET_OK);
	assert_int_equal(docket_request_set_page(req, r->offset, r->limit),
			 DOCKET_OK);
	assert_int_equal(docket_request_set_passages(req, r->passages), DOCKET_OK);
	assert_int_equal(docket_search(ix, req, &res), DOCKET_OK);
	assert_non_null(res);

	/* The engine directly, with the same request. */
	dk_searcher *s = NULL;
	assert_int_equal(dk_searcher_open(index_dir, &s, NULL), DK_OK);
	dk_search_request dq;
	dk_search_request_init(&dq);
	dq.query = r->query;
	dq.query_len = strlen(r->query);
	dq.plain = r->plain;
	dq.sort_date = r->sort == DOCKET_SORT_NEWEST ? 1 :
		       r->sort == DOCKET_SORT_OLDEST ? -1 : 0;
	dq.offset = r->offset;
	dq.limit = r->limit;
	dq.passages = r->passages;
	dk_result_page *page = NULL;
	assert_int_equal(dk_search(s, &dq, &page), DK_OK);

	int exact = -1;
	assert_int_equal(docket_results_total(res, &exact), page->total);
	assert_int_equal(exact, page->total_exact);
	assert_int_equal(docket_results_count(res), page->nhits);
	assert_string_equal(docket_results_query(res), r->query);
	for (size_t i = 0; i < page->nhits; i++) {
		const dk_hit *h = &page->hits[i];
		assert_string_equal(docket_hit_id(res, i), h->art.id);
		assert_true(fabs(docket_hit_score(res, i) - h->score) < 1e-9);
		assert_ptr_equal(docket_hit_title(res, i),
				 docket_hit_field(res, i, DOCKET_FIELD_TITLE));
		if (h->art.title)
			assert_string_equal(docket_hit_title(res, i), h->art.title);
		assert_int_equal(docket_hit_passage_count(res, i), h->npassages);
		assert_true(h->npassages <= r->passages);
		for (size_t p = 0; p < h->npassages; p++) {
			const dk_passage *dp = &h->passages[p];
			const char *text;
			size_t len, para;
			assert_int_equal(docket_hit_passage(res, i, p, &text, &len,
							    &para), DOCKET_OK);
			assert_int_equal(len, dp->end - dp->start);
			assert_memory_equal(text, h->art.text + dp->start, len);
			assert_int_equal(para, dp->paragraph);
			assert_int_equal(docket_hit_highlight_count(res, i, p),
					 dp->nhl);
			for (size_t k = 0; k < dp->nhl; k++) {
				size_t a, b;
				assert_int_equal(docket_hit_highlight(res, i, p, k,
								      &a, &b),
						 DOCKET_OK);
				assert_int_equal(a, dp->hl[k].start);
				assert_int_equal(b, dp->hl[k].end);
				assert_true(a < b && b <= len);
			}
		}
	}
	/* And docket-search itself. */
	char ids[64][256];
	size_t n;
	if (cli_ids(r, ids, 64, &n) == 0) {
		assert_int_equal(n, docket_results_count(res));
		for (size_t i = 0; i < n; i++)
			assert_string_equal(ids[i], docket_hit_id(res, i));
	}
	dk_result_page_free(page);
	dk_searcher_close(s);
	docket_results_free(res);
	docket_request_free(req);
}

/* ---- opening ------------------------------------------------------------ */

static void test_open_errors(void **state)
{
	(void)state;
	docket_index *x = (docket_index *)&x;  /* set to NULL on failure */
	char *msg = NULL;
	char path[PATH_MAX + 32];

	snprintf(path, sizeof path, "%s/no-such-index", root);
	assert_int_equal(docket_index_open(path, &x, &msg), DOCKET_ERR_NOT_FOUND);
	assert_null(x);
	assert_non_null(msg);
	assert_non_null(strstr(msg, path));
	free(msg);

	/* A folder with a file that is no database. */
	snprintf(path, sizeof path, "%s/garbage", root);
	fixture_put(root, "garbage/iamglass", "not a database\n");
	fixture_put(root, "garbage/docinfo.glass", "nor this\n");
	x = (docket_index *)&x;
	docket_status st = docket_index_open(path, &x, &msg);
	assert_int_not_equal(st, DOCKET_OK);
	assert_null(x);
	assert_non_null(msg);
	assert_true(strlen(msg) > strlen(path));
	free(msg);

	/* Bad arguments. */
	assert_int_equal(docket_index_open(NULL, &x, &msg), DOCKET_ERR_INVALID);
	assert_null(x);
	assert_non_null(msg);
	free(msg);
	assert_int_equal(docket_index_open("", &x, NULL), DOCKET_ERR_INVALID);
	assert_int_equal(docket_index_open(index_dir, NULL, &msg),
			 DOCKET_ERR_INVALID);
	free(msg);
	assert_int_equal(docket_index_open_with(index_dir, 0x80, 0, &x, NULL),
			 DOCKET_ERR_INVALID);
	assert_int_equal(docket_index_open_with(index_dir, 0, -1, &x, NULL),
			 DOCKET_ERR_INVALID);
	assert_int_equal(docket_index_open_with(index_dir, 0, NAN, &x, NULL),
			 DOCKET_ERR_INVALID);
	assert_null(x);

	/* A stub file naming the index as its one shard: the same hits. */
	char stub[PATH_MAX + 16];
	snprintf(stub, sizeof stub, "auto %s\n", index_dir);
	fixture_put(root, "one.stub", stub);
	snprintf(path, sizeof path, "%s/one.stub", root);
	assert_int_equal(docket_index_open(path, &x, NULL), DOCKET_OK);
	docket_request *req = NULL;
	docket_results *r1 = NULL, *r2 = NULL;
	assert_int_equal(docket_request_new(&req), DOCKET_OK);
	assert_int_equal(docket_request_set_query(req, "lawsuit", 7), DOCKET_OK);
	assert_int_equal(docket_search(x, req, &r1), DOCKET_OK);
	assert_int_equal(docket_search(ix, req, &r2), DOCKET_OK);
	assert_true(docket_results_count(r1) > 0);
	assert_int_equal(docket_results_count(r1), docket_results_count(r2));
	for (size_t i = 0; i < docket_results_count(r1); i++)
		assert_string_equal(docket_hit_id(r1, i), docket_hit_id(r2, i));
	docket_results_free(r1);
	docket_results_free(r2);
	docket_request_free(req);
	docket_index_close(x);
	x = NULL;

	/* The good one, with flags, and an errmsg that stays NULL. */
	msg = (char *)"untouched";
	assert_int_equal(docket_index_open_with(index_dir, DOCKET_OPEN_PARTIAL, 5,
						&x, &msg), DOCKET_OK);
	assert_null(msg);
	assert_non_null(x);
	assert_string_equal(docket_index_error(x), "");
	docket_index_close(x);

	/* DOCKET_OPEN_RESIDENT counts facets from memory: the same counts,
	 * twice (the second time from the values loaded the first). */
	assert_int_equal(docket_index_open_with(index_dir, DOCKET_OPEN_RESIDENT,
						0, &x, NULL), DOCKET_OK);
	assert_int_equal(docket_request_new(&req), DOCKET_OK);
	assert_int_equal(docket_request_set_query(req, "lawsuit OR court", 16),
			 DOCKET_OK);
	assert_int_equal(docket_request_set_facets(req, "all", 0), DOCKET_OK);
	assert_int_equal(docket_request_set_histogram(req, "month"), DOCKET_OK);
	assert_int_equal(docket_search(ix, req, &r1), DOCKET_OK);
	for (int round = 0; round < 2; round++) {
		assert_int_equal(docket_search(x, req, &r2), DOCKET_OK);
		size_t nf = docket_results_facet_count(r1);
		assert_int_equal(docket_results_facet_count(r2), nf);
		size_t nonempty = 0;
		for (size_t f = 0; f < nf; f++) {
			size_t nv = docket_results_facet_value_count(r1, f);
			assert_int_equal(docket_results_facet_value_count(r2, f),
					 nv);
			nonempty += nv > 0;
			for (size_t v = 0; v < nv; v++) {
				uint64_t c1 = 0, c2 = 0;
				assert_string_equal(
					docket_results_facet_value(r1, f, v, &c1),
					docket_results_facet_value(r2, f, v, &c2));
				assert_int_equal(c1, c2);
			}
		}
		assert_true(nonempty >= 3);
		docket_results_free(r2);
	}
	docket_results_free(r1);
	docket_request_free(req);
	docket_index_close(x);
	docket_index_close(NULL);
}

/* ---- bad arguments everywhere -------------------------------------------- */

static void test_bad_arguments(void **state)
{
	(void)state;
	docket_request *req = NULL;
	docket_results *res = (docket_results *)&res;
	assert_int_equal(docket_request_new(NULL), DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_new(&req), DOCKET_OK);
	assert_string_equal(docket_request_error(req), "");

	/* Setters: NULL handles and values out of range, with a message. */
	assert_int_equal(docket_request_set_query(NULL, "x", 1), DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_query(req, NULL, 3), DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_query(req, "a\0b", 3),
			 DOCKET_ERR_INVALID);
	assert_non_null(strstr(docket_request_error(req), "NUL"));
	assert_int_equal(docket_request_set_page(req, 0, 100001),
			 DOCKET_ERR_INVALID);
	assert_non_null(strstr(docket_request_error(req), "limit"));
	assert_int_equal(docket_request_set_page(req, 10000001, 10),
			 DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_passages(req, 101), DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_sort(req, (docket_sort)7),
			 DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_time_limit(req, -1), DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_time_limit(req, NAN),
			 DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_facets(req, "source,colour", 0),
			 DOCKET_ERR_INVALID);
	assert_non_null(strstr(docket_request_error(req), "'colour'"));
	assert_int_equal(docket_request_set_facets(req, "source", 10001),
			 DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_histogram(req, "fortnight"),
			 DOCKET_ERR_INVALID);
	assert_non_null(strstr(docket_request_error(req), "fortnight"));
	assert_int_equal(docket_request_set_plain(NULL, 1), DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_fold(NULL, 1), DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_page(NULL, 0, 1), DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_passages(NULL, 1), DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_sort(NULL, DOCKET_SORT_NEWEST),
			 DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_time_limit(NULL, 1), DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_facets(NULL, "source", 0),
			 DOCKET_ERR_INVALID);
	assert_int_equal(docket_request_set_histogram(NULL, "day"),
			 DOCKET_ERR_INVALID);
	assert_non_null(docket_request_error(NULL));

	/* Searching with NULLs. */
	assert_int_equal(docket_search(NULL, req, &res), DOCKET_ERR_INVALID);
	assert_null(res);
	assert_int_equal(docket_search(ix, NULL, &res), DOCKET_ERR_INVALID);
	assert_non_null(strstr(docket_index_error(ix), "request"));
	assert_int_equal(docket_search(ix, req, NULL), DOCKET_ERR_INVALID);
	assert_non_null(docket_index_error(NULL));

	/* A request that failed its setters still searches with what it had
	 * (no query: no hits). */
	assert_int_equal(docket_search(ix, req, &res), DOCKET_OK);
	assert_int_equal(docket_results_count(res), 0);
	assert_int_equal(docket_results_total(res, NULL), 0);

	/* Getters out of range or on NULL. */
	const char *text = "x";
	size_t len = 9, a = 9, b = 9;
	uint64_t count = 9;
	int exact = 9;
	assert_null(docket_hit_id(res, 0));
	assert_null(docket_hit_field(res, 0, DOCKET_FIELD_URL));
	assert_null(docket_hit_field(NULL, 0, DOCKET_FIELD_URL));
	assert_true(docket_hit_score(res, 5) == 0);
	assert_int_equal(docket_hit_copies(NULL, 0), 0);
	assert_int_equal(docket_hit_passage_count(res, 0), 0);
	assert_int_equal(docket_hit_passage(res, 0, 0, &text, &len, NULL),
			 DOCKET_ERR_INVALID);
	assert_null(text);
	assert_int_equal(len, 0);
	assert_int_equal(docket_hit_highlight_count(NULL, 0, 0), 0);
	assert_int_equal(docket_hit_highlight(res, 0, 0, 0, &a, &b),
			 DOCKET_ERR_INVALID);
	assert_int_equal(a + b, 0);
	assert_int_equal(docket_results_facet_count(NULL), 0);
	assert_null(docket_results_facet_name(res, 0));
	assert_int_equal(docket_results_facet_value_count(res, 3), 0);
	assert_null(docket_results_facet_value(res, 0, 0, &count));
	assert_int_equal(count, 0);
	assert_null(docket_results_histogram_unit(res));
	assert_int_equal(docket_results_histogram_count(NULL), 0);
	assert_null(docket_results_histogram_bar(NULL, 0, NULL));
	assert_int_equal(docket_results_total(NULL, &exact), 0);
	assert_int_equal(exact, 0);
	assert_int_equal(docket_results_count(NULL), 0);
	assert_null(docket_results_query(NULL));
	assert_null(docket_results_suggestion(NULL));
	assert_null(docket_results_warning(NULL));
	char *js = (char *)"x";
	assert_int_equal(docket_results_json(NULL, &js), DOCKET_ERR_INVALID);
	assert_null(js);
	assert_int_equal(docket_results_json(res, NULL), DOCKET_ERR_INVALID);

	/* Articles. */
	docket_article *art = (docket_article *)&art;
	assert_int_equal(docket_article_get(NULL, "x", NULL, 0, &art),
			 DOCKET_ERR_INVALID);
	assert_null(art);
	assert_int_equal(docket_article_get(ix, NULL, NULL, 0, &art),
			 DOCKET_ERR_INVALID);
	assert_int_equal(docket_article_get(ix, "", NULL, 0, &art),
			 DOCKET_ERR_INVALID);
	assert_int_equal(docket_article_get(ix, "x", NULL, 4, &art),
			 DOCKET_ERR_INVALID);
	assert_int_equal(docket_article_get(ix, "x", NULL, 0, NULL),
			 DOCKET_ERR_INVALID);
	assert_null(docket_article_field(NULL, DOCKET_FIELD_ID));
	assert_null(docket_article_text(NULL, &len));
	assert_int_equal(len, 0);
	assert_int_equal(docket_article_highlight_count(NULL), 0);
	assert_int_equal(docket_article_highlight(NULL, 0, &a, &b),
			 DOCKET_ERR_INVALID);
	assert_int_equal(docket_article_json(NULL, &js), DOCKET_ERR_INVALID);

	/* Every status has a description; an unknown one too. */
	for (int st = DOCKET_OK; st <= DOCKET_ERR_INTERNAL; st++)
		assert_true(strlen(docket_status_str((docket_status)st)) > 0);
	assert_string_equal(docket_status_str((docket_status)999),
			    "unknown status");
	assert_string_equal(docket_version(), "0.1.0");

	docket_results_free(res);
	docket_results_free(NULL);
	docket_request_free(req);
	docket_request_free(NULL);
	docket_article_free(NULL);
}

/* ---- facets and the histogram -------------------------------------------- */

static void test_facets(void **state)
{
	(void)state;
	docket_request *req = NULL;
	docket_results *res = NULL;
	assert_int_equal(docket_request_new(&req), DOCKET_OK);
	assert_int_equal(docket_request_set_query(req, "court", 5), DOCKET_OK);
	assert_int_equal(docket_request_set_fold(req, 0), DOCKET_OK);
	assert_int_equal(docket_request_set_facets(req, "source,year", 3),
			 DOCKET_OK);
	assert_int_equal(docket_request_set_histogram(req, "month"), DOCKET_OK);
	assert_int_equal(docket_search(ix, req, &res), DOCKET_OK);
	uint64_t total = docket_results_total(res, NULL);
	assert_true(total > 0);

	assert_int_equal(docket_results_facet_count(res), 2);
	assert_string_equal(docket_results_facet_name(res, 0), "source");
	assert_string_equal(docket_results_facet_name(res, 1), "year");
	size_t nv = docket_results_facet_value_count(res, 0);
	assert_true(nv >= 1 && nv <= 3);
	uint64_t prev = UINT64_MAX, count;
	for (size_t v = 0; v < nv; v++) {
		assert_non_null(docket_results_facet_value(res, 0, v, &count));
		assert_true(count >= 1 && count <= prev && count <= total);
		prev = count;
	}
	assert_null(docket_results_facet_value(res, 0, nv, &count));

	assert_string_equal(docket_results_histogram_unit(res), "month");
	size_t nb = docket_results_histogram_count(res);
	assert_true(nb >= 1);
	uint64_t sum = 0;
	const char *last = "";
	for (size_t b = 0; b < nb; b++) {
		const char *label = docket_results_histogram_bar(res, b, &count);
		assert_non_null(label);
		assert_int_equal(strlen(label), 7);  /* YYYY-MM */
		assert_true(strcmp(label, last) > 0);  /* in time order */
		last = label;
		sum += count;
	}
	assert_true(sum >= 1 && sum <= total);

	/* The JSON document says the same. */
	char *js = NULL;
	assert_int_equal(docket_results_json(res, &js), DOCKET_OK);
	json_error_t err;
	json_t *o = json_loads(js, 0, &err);
	assert_non_null(o);
	assert_int_equal(json_array_size(json_object_get(o, "results")),
			 docket_results_count(res));
	assert_int_equal(json_integer_value(json_object_get(o, "total")), total);
	assert_non_null(json_object_get(o, "facets"));
	json_decref(o);
	free(js);

	/* Facets off again. */
	docket_results_free(res);
	assert_int_equal(docket_request_set_facets(req, NULL, 0), DOCKET_OK);
	assert_int_equal(docket_request_set_histogram(req, NULL), DOCKET_OK);
	assert_int_equal(docket_search(ix, req, &res), DOCKET_OK);
	assert_int_equal(docket_results_facet_count(res), 0);
	assert_null(docket_results_histogram_unit(res));
	docket_results_free(res);
	docket_request_free(req);
}

/* ---- one article ------------------------------------------------------- */

static void test_article(void **state)
{
	(void)state;
	docket_request *req = NULL;
	docket_results *res = NULL;
	docket_article *a = NULL;
	assert_int_equal(docket_request_new(&req), DOCKET_OK);
	assert_int_equal(docket_request_set_query(req, "lawsuit", 7), DOCKET_OK);
	assert_int_equal(docket_search(ix, req, &res), DOCKET_OK);
	assert_true(docket_results_count(res) > 0);
	const char *id = docket_hit_id(res, 0);

	assert_int_equal(docket_article_get(ix, id, "lawsuit", 7, &a), DOCKET_OK);
	assert_string_equal(docket_article_field(a, DOCKET_FIELD_ID), id);
	assert_string_equal(docket_article_field(a, DOCKET_FIELD_TITLE),
			    docket_hit_title(res, 0));
	size_t len = 0;
	const char *text = docket_article_text(a, &len);
	assert_non_null(text);
	assert_int_equal(strlen(text), len);
	size_t nhl = docket_article_highlight_count(a);
	assert_true(nhl >= 1);
	size_t prev = 0;
	for (size_t k = 0; k < nhl; k++) {
		size_t s, e;
		assert_int_equal(docket_article_highlight(a, k, &s, &e), DOCKET_OK);
		assert_true(s >= prev && s < e && e <= len);
		/* A match of "lawsuit" starts with its stem. */
		assert_int_equal(strncasecmp(text + s, "lawsuit", 7), 0);
		prev = e;
	}
	assert_int_equal(docket_article_highlight(a, nhl, &prev, &prev),
			 DOCKET_ERR_INVALID);
	char *js = NULL;
	assert_int_equal(docket_article_json(a, &js), DOCKET_OK);
	json_t *o = json_loads(js, 0, NULL);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "id")), id);
	json_decref(o);
	free(js);
	docket_article_free(a);

	/* No query: no highlights.  No such id: NOT_FOUND and a message. */
	assert_int_equal(docket_article_get(ix, id, NULL, 0, &a), DOCKET_OK);
	assert_int_equal(docket_article_highlight_count(a), 0);
	docket_article_free(a);
	a = (docket_article *)&a;
	assert_int_equal(docket_article_get(ix, "no/such/article", "x", 1, &a),
			 DOCKET_ERR_NOT_FOUND);
	assert_null(a);
	assert_non_null(strstr(docket_index_error(ix), "no/such/article"));

	docket_results_free(res);
	docket_request_free(req);
}

/* ---- results stand alone ---------------------------------------------- */

static void test_results_outlive(void **state)
{
	(void)state;
	docket_index *x = NULL;
	docket_request *req = NULL;
	docket_results *res = NULL;
	assert_int_equal(docket_index_open(index_dir, &x, NULL), DOCKET_OK);
	assert_int_equal(docket_request_new(&req), DOCKET_OK);
	assert_int_equal(docket_request_set_query(req, "privacy lawsuit", 15),
			 DOCKET_OK);
	assert_int_equal(docket_search(x, req, &res), DOCKET_OK);
	/* The query may change and the index close while res lives. */
	assert_int_equal(docket_request_set_query(req, "other", 5), DOCKET_OK);
	docket_request_free(req);
	docket_index_close(x);
	assert_string_equal(docket_results_query(res), "privacy lawsuit");
	size_t n = docket_results_count(res);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(docket_hit_id(res, i));
		const char *t;
		size_t len;
		if (docket_hit_passage_count(res, i))
			assert_int_equal(docket_hit_passage(res, i, 0, &t, &len,
							    NULL), DOCKET_OK);
	}
	docket_results_free(res);
}

int main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_facets),
		cmocka_unit_test(test_article),
		cmocka_unit_test(test_results_outlive),
	};
	return fixture_run_table("docket_api", queries, NQUERIES,
				 sizeof queries[0], query_name, test_query,
				 extra, sizeof extra / sizeof extra[0],
				 group_setup, group_teardown);
}
