/*
 * test_research.c - the research tools of the searcher (issue 16): site and
 * source by short name, counts and page links, entity lists, the article
 * view (--show), CSV export, facets and histograms.
 *
 * The group set-up builds one small index, "desk", with dk_doc_builder
 * (through fixture_shim_index) so that the articles carry what the refine
 * stage extracts (cases, parties, courts, statutes, CVEs) and sources named
 * the way dumps name them: a host ("www.theverge.com") or a name
 * ("Reuters").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <jansson.h>
#include <limits.h>

#include "../../common/analyzer.h"
#include "../../common/article.h"
#include "../../common/buf.h"
#include "../../indexer/doc_builder.h"
#include "../../searcher/cgi.h"
#include "../../searcher/facets.h"
#include "../../searcher/output.h"
#include "../../searcher/search.h"
#include "../../shims/xapian_shim.h"
#include "fixture.h"

static char root[PATH_MAX];
static char desk_dir[PATH_MAX + 16];
static dk_searcher *desk;

struct desk_art {
	const char *id, *title, *source, *site, *date, *author, *cases,
		*parties, *courts, *statutes, *cves, *text;
};

static const struct desk_art desks[] = {
	{ "r1", "LinkedIn sued over AI training", "www.theverge.com",
	  "theverge.com", "2025-01-22", "Emma Roth", "25-00709",
	  "De La Torre\nLinkedIn Corp", "N.D. Cal.", "Stored Communications Act",
	  NULL,
	  "LinkedIn was sued by Premium customers.\n"
	  "The lawsuit, case 25-00709, says private messages trained AI models.\n"
	  "LinkedIn denied it." },
	{ "r2", "LinkedIn lawsuit dropped", "Reuters", "reuters.com",
	  "2025-01-24", "Jane Doe", "25-00709", "De La Torre\nLinkedIn Corp",
	  "N.D. Cal.", NULL, NULL,
	  "The plaintiff dropped the lawsuit against LinkedIn on Friday." },
	{ "r3", "Google ad tech trial opens", "Reuters", "reuters.com",
	  "2024-09-09", "Jane Doe", "23-00108", "United States\nGoogle LLC",
	  "E.D. Va.", NULL, NULL,
	  "The antitrust lawsuit over ad tech went to trial in Virginia." },
	{ "r4", "Apple watch import ban", "www.theverge.com", "theverge.com",
	  "2023-12-26", "Emma Roth", NULL, NULL, NULL, NULL, NULL,
	  "The ban follows a patent lawsuit by Masimo." },
	{ "r5", "Backdoor in xz", "CoinDesk", "coindesk.com", "2024-06-01", NULL,
	  NULL, NULL, NULL, NULL, "CVE-2024-3094",
	  "A backdoor, CVE-2024-3094, hid in a compression library." },
	{ "r6", "Ars on the LinkedIn case", "Ars Technica", "arstechnica.com",
	  "2025-01-30", NULL, NULL, NULL, NULL, NULL, NULL,
	  "Another lawsuit story, with the court filing quoted at length." },
};

#define NDESKS (sizeof desks / sizeof desks[0])

static int fill_desk(void *ctx, size_t i, dk_article *a)
{
	const struct desk_art *d = &desks[i];
	char url[128];
	(void)ctx;
	snprintf(url, sizeof url, "https://%s/%s", d->site, d->id);
#define SET(field, v) ((v) && dk_article_set(&a->field, (v), strlen(v)))
	return SET(id, d->id) || SET(title, d->title) || SET(source, d->source) ||
	       SET(site, d->site) || SET(date, d->date) || SET(author, d->author) ||
	       SET(cases, d->cases) || SET(parties, d->parties) ||
	       SET(courts, d->courts) || SET(statutes, d->statutes) ||
	       SET(cves, d->cves) || SET(text, d->text) ||
	       dk_article_set(&a->url, url, strlen(url)) ||
	       SET(lang, "en");
#undef SET
}

static int group_setup(void **state)
{
	(void)state;
	if (fixture_mkdtemp(root, "docket-test-research"))
		return -1;
	snprintf(desk_dir, sizeof desk_dir, "%s/desk", root);
	if (fixture_shim_index(desk_dir, NDESKS, fill_desk, NULL))
		return -1;
	return dk_searcher_open(desk_dir, &desk, NULL) ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	dk_searcher_close(desk);
	return fixture_remove_tree(root);
}

static dk_result_page *run(const char *q, uint32_t limit)
{
	dk_search_request req;
	dk_result_page *p = NULL;
	dk_search_request_init(&req);
	req.query = q;
	req.query_len = strlen(q);
	req.fold = 0;
	req.limit = limit;
	dk_status st = dk_search(desk, &req, &p);
	if (st)
		fail_msg("%s: %s (%s)", q, dk_status_str(st),
			 dk_searcher_error(desk));
	assert_non_null(p);
	return p;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sorted ids of q's matches, space separated. */
static char *ids_of(const char *q)
{
	dk_result_page *p = run(q, 100);
	const char **v = calloc(p->nhits + 1, sizeof *v);
	dk_buf b = DK_BUF_INIT;
	assert_non_null(v);
	for (size_t i = 0; i < p->nhits; i++)
		v[i] = p->hits[i].art.id;
	qsort(v, p->nhits, sizeof *v, cmp_str);
	dk_buf_puts(&b, "");
	for (size_t i = 0; i < p->nhits; i++)
		dk_buf_printf(&b, "%s%s", i ? " " : "", v[i]);
	free(v);
	dk_result_page_free(p);
	return dk_buf_detach(&b, NULL);
}

static void expect_ids(const char *q, const char *want)
{
	char *got = ids_of(q);
	if (strcmp(got, want))
		fail_msg("%s: got '%s', want '%s'", q, got, want);
	free(got);
}

/* ---- site: and source: ------------------------------------------------ */

static void test_site_source_names(void **state)
{
	(void)state;
	/* A host, a URL, and the names users type. */
	expect_ids("site:theverge.com", "r1 r4");
	expect_ids("site:https://www.theverge.com/x", "r1 r4");
	expect_ids("site:verge", "r1 r4");
	expect_ids("site:Reuters", "r2 r3");
	expect_ids("site:reuters.com", "r2 r3");
	/* Three letters are too few to guess a part of a name. */
	expect_ids("site:ars", "");
	expect_ids("site:arstechnica", "r6");
	/* source: the publication, by its name or its site's name. */
	expect_ids("source:verge", "r1 r4");
	expect_ids("source:\"the verge\"", "r1 r4");
	expect_ids("source:reuters", "r2 r3");
	expect_ids("source:ars", "r6");
	expect_ids("source:coindesk", "r5");
	expect_ids("lawsuit source:verge", "r1 r4");
	expect_ids("lawsuit -site:verge", "r2 r3 r6");
	expect_ids("source:nosuchpaper", "");
}

/* ---- counts ----------------------------------------------------------- */

static void test_limit_zero_text(void **state)
{
	(void)state;
	dk_result_page *p = run("lawsuit", 0);
	assert_int_equal(p->nhits, 0);
	assert_int_equal(p->total, 5);
	assert_true(p->total_exact);
	assert_int_equal(p->total_min, 5);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_int_equal(dk_output_text(f, p, DK_MARK_PLAIN), DK_OK);
	fclose(f);
	assert_string_equal(out, "5 results\n");
	free(out);
	dk_result_page_free(p);
	/* A small exact count is never "about". */
	p = run("lawsuit", 2);
	assert_true(p->total_exact);
	assert_int_equal(p->total, 5);
	f = open_memstream(&out, &len);
	dk_output_text(f, p, DK_MARK_PLAIN);
	fclose(f);
	assert_non_null(strstr(out, "5 results; showing 1-2"));
	assert_null(strstr(out, "about"));
	free(out);
	dk_result_page_free(p);
}

/* An estimate of 2,000 with 35 results known: links stop at page 4. */
static void test_pages_stop_at_known(void **state)
{
	(void)state;
	dk_hit hits[10];
	memset(hits, 0, sizeof hits);
	for (int i = 0; i < 10; i++)
		hits[i].art.id = "x";
	dk_result_page pg = { 0 };
	pg.query = "google";
	pg.total = 2000;
	pg.total_exact = 0;
	pg.total_min = 35;
	pg.hits = hits;
	pg.nhits = 10;
	pg.limit = 10;
	dk_cgi_params prm = { 0 };
	prm.q = "google";
	prm.q_len = 6;
	prm.page = 1;
	prm.n = 10;
	dk_buf b = DK_BUF_INIT;
	dk_cgi_render_results(&prm, &pg, &b);
	assert_non_null(b.data);
	assert_non_null(strstr(b.data, "page=4\""));
	assert_null(strstr(b.data, "page=5\""));
	assert_null(strstr(b.data, "page=200"));
	assert_non_null(strstr(b.data, "about 2,000 results"));
	dk_buf_free(&b);
	/* Exact: the last page is the count's. */
	pg.total = 35;
	pg.total_exact = 1;
	dk_cgi_render_results(&prm, &pg, &b);
	assert_non_null(strstr(b.data, "page=4\""));
	assert_null(strstr(b.data, "page=5\""));
	assert_null(strstr(b.data, "about"));
	dk_buf_free(&b);
}

/* ---- entities --------------------------------------------------------- */

static void test_entities_json_text_html(void **state)
{
	(void)state;
	dk_result_page *p = run("case:25-00709 training", 10);
	assert_true(p->nhits >= 1);
	assert_string_equal(p->hits[0].art.id, "r1");
	char *js = NULL;
	assert_int_equal(dk_output_json_string(p, &js), DK_OK);
	json_error_t je;
	json_t *o = json_loads(js, 0, &je);
	assert_non_null(o);
	json_t *e = json_object_get(json_array_get(json_object_get(o, "results"),
						   0), "entities");
	assert_non_null(e);
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(e, "cases"), 0)), "25-00709");
	assert_int_equal(json_array_size(json_object_get(e, "parties")), 2);
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(e, "parties"), 1)), "LinkedIn Corp");
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(e, "statutes"), 0)), "Stored Communications Act");
	assert_int_equal(json_array_size(json_object_get(e, "cves")), 0);
	json_decref(o);
	free(js);

	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	dk_output_text(f, p, DK_MARK_PLAIN);
	fclose(f);
	assert_non_null(strstr(out, "   cases: 25-00709 | parties: De La Torre; "
				    "LinkedIn Corp | courts: N.D. Cal."));
	free(out);

	dk_buf b = DK_BUF_INIT;
	dk_cgi_put_entities(&b, &p->hits[0].art);
	assert_non_null(b.data);
	assert_non_null(strstr(b.data, "<a href=\"?q=case%3A25-00709\">"
				       "25-00709</a>"));
	assert_non_null(strstr(b.data, "?q=party%3A%22De+La+Torre%22"));
	dk_buf_free(&b);
	dk_result_page_free(p);
}


/* ---- the article ------------------------------------------------------ */

static void test_show(void **state)
{
	(void)state;
	dk_article_view *v = NULL;
	assert_int_equal(dk_search_show(desk, "r1", "linkedin", 8, &v), DK_OK);
	assert_string_equal(v->art.id, "r1");
	/* "LinkedIn" twice in the text, each marked. */
	assert_int_equal(v->whole.nhl, 2);
	assert_int_equal(v->whole.start, 0);
	assert_int_equal(v->whole.end, v->art.text_len);
	for (size_t i = 0; i < v->whole.nhl; i++)
		assert_memory_equal(v->art.text + v->whole.hl[i].start, "LinkedIn", 8);
	assert_int_equal(v->npassages, 1);
	char *js = NULL;
	assert_int_equal(dk_output_article_json_string(v, &js), DK_OK);
	json_t *o = json_loads(js, 0, NULL);
	assert_non_null(o);
	assert_int_equal(json_array_size(json_object_get(o, "highlights")), 2);
	assert_string_equal(json_string_value(json_object_get(o, "text")),
			    desks[0].text);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
		json_object_get(o, "entities"), "cases"), 0)), "25-00709");
	json_decref(o);
	free(js);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	dk_output_article_text(f, v, DK_MARK_PLAIN);
	fclose(f);
	assert_non_null(strstr(out, "**LinkedIn** was sued by Premium customers."));
	assert_non_null(strstr(out, "   cases: 25-00709"));
	free(out);
	dk_article_view_free(v);
	/* A case number is marked in whatever form the text writes it. */
	assert_int_equal(dk_search_show(desk, "r1", "case:5:25-cv-00709", 18, &v),
			 DK_OK);
	assert_int_equal(v->whole.nhl, 1);
	assert_memory_equal(v->art.text + v->whole.hl[0].start, "25-00709", 8);
	dk_article_view_free(v);
	/* No query: the text, nothing marked. */
	assert_int_equal(dk_search_show(desk, "r5", "", 0, &v), DK_OK);
	assert_int_equal(v->whole.nhl, 0);
	assert_int_equal(v->npassages, 0);
	dk_article_view_free(v);
	assert_int_equal(dk_search_show(desk, "nosuch", "", 0, &v),
			 DK_ERR_NOT_FOUND);
	assert_null(v);
}

static int cgi_get(const char *qs, dk_buf *out)
{
	dk_cgi_request req = { 0 };
	req.method = "GET";
	req.query_string = qs;
	req.index_dir = desk_dir;
	return dk_cgi_handle(&req, out);
}

static void test_article_page(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	assert_int_equal(cgi_get("id=r1&q=linkedin", &b), 200);
	assert_non_null(strstr(b.data, "<p id=\"p1\"><mark>LinkedIn</mark> was"));
	assert_non_null(strstr(b.data, "class=\"hit\""));
	assert_non_null(strstr(b.data, "?q=like%3Ar1"));
	assert_non_null(strstr(b.data, "?q=case%3A25-00709"));
	assert_non_null(strstr(b.data, "https://theverge.com/r1"));
	dk_buf_free(&b);
	assert_int_equal(cgi_get("id=nosuch", &b), 404);
	dk_buf_free(&b);
	assert_int_equal(cgi_get("id=r2&format=json", &b), 200);
	assert_non_null(strstr(b.data, "\"id\":\"r2\""));
	dk_buf_free(&b);
	/* Results link to it, scrolled to the passage shown. */
	assert_int_equal(cgi_get("q=premium", &b), 200);
	assert_non_null(strstr(b.data, "href=\"?id=r1&amp;q=premium#p1\""));
	dk_buf_free(&b);
}

/* ---- CSV -------------------------------------------------------------- */

static void test_csv(void **state)
{
	(void)state;
	dk_hit h[2];
	memset(h, 0, sizeof h);
	char text[] = "He said \"no\", twice.\nThen left.";
	dk_passage ps = { 0, sizeof text - 1, 1.0, NULL, 0, 1, 0 };
	h[0].art.id = "a,1";
	h[0].art.date = "2025-01-02";
	h[0].art.source = "Reuters";
	h[0].art.title = "=HYPERLINK(\"x\")";
	h[0].art.url = "https://x.example/?a=1";
	h[0].art.text = text;
	h[0].art.text_len = sizeof text - 1;
	h[0].score = 3.5;
	h[0].passages = &ps;
	h[0].npassages = 1;
	h[1].art.id = "b2";
	dk_result_page p = { 0 };
	p.hits = h;
	p.nhits = 2;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_int_equal(dk_output_csv(f, &p, 1), DK_OK);
	fclose(f);
	assert_string_equal(out,
		"id,date,source,title,url,score,passage\r\n"
		"\"a,1\",2025-01-02,Reuters,\"'=HYPERLINK(\"\"x\"\")\","
		"https://x.example/?a=1,3.5000,"
		"\"He said \"\"no\"\", twice.\nThen left.\"\r\n"
		"b2,,,,,0.0000,\r\n");
	free(out);
}


/* ---- facets and histograms ------------------------------------------- */

static dk_result_page *run_facets(const char *q, unsigned facets, int hist)
{
	dk_search_request req;
	dk_result_page *p = NULL;
	dk_search_request_init(&req);
	req.query = q;
	req.query_len = strlen(q);
	req.limit = 1;
	req.facets = facets;
	req.histogram = hist;
	dk_status st = dk_search(desk, &req, &p);
	if (st)
		fail_msg("%s: %s (%s)", q, dk_status_str(st),
			 dk_searcher_error(desk));
	return p;
}

/* "value=count value=count" of a facet. */
static char *facet_str(const dk_facet *f)
{
	dk_buf b = DK_BUF_INIT;
	dk_buf_puts(&b, "");
	for (size_t i = 0; i < f->n; i++)
		dk_buf_printf(&b, "%s%s=%llu", i ? " " : "", f->v[i].value,
			      (unsigned long long)f->v[i].count);
	return dk_buf_detach(&b, NULL);
}

static void expect_facet(const dk_result_page *p, const char *name,
			 const char *want)
{
	for (size_t i = 0; i < p->nfacets; i++) {
		if (strcmp(p->facets[i].name, name))
			continue;
		char *got = facet_str(&p->facets[i]);
		if (strcmp(got, want))
			fail_msg("facet %s: got '%s', want '%s'", name, got, want);
		free(got);
		return;
	}
	fail_msg("no facet %s", name);
}

static void test_facets(void **state)
{
	(void)state;
	/* "lawsuit": r1 r2 r3 r4 r6, counted over the whole match set
	 * although the page holds one result. */
	dk_result_page *p = run_facets("lawsuit", DK_FACET_ALL, DK_HIST_WEEK);
	assert_int_equal(p->nhits, 1);
	assert_int_equal(p->nfacets, 9);
	expect_facet(p, "source", "Reuters=2 www.theverge.com=2 Ars Technica=1");
	expect_facet(p, "site", "reuters.com=2 theverge.com=2 arstechnica.com=1");
	expect_facet(p, "author", "Emma Roth=2 Jane Doe=2");
	expect_facet(p, "year", "2025=3 2023=1 2024=1");
	expect_facet(p, "month", "2025-01=3 2023-12=1 2024-09=1");
	expect_facet(p, "day", "2023-12-26=1 2024-09-09=1 2025-01-22=1 "
			       "2025-01-24=1 2025-01-30=1");
	expect_facet(p, "court", "N.D. Cal.=2 E.D. Va.=1");
	expect_facet(p, "party", "De La Torre=2 LinkedIn Corp=2 Google LLC=1 "
				 "United States=1");
	expect_facet(p, "case", "25-00709=2 23-00108=1");
	/* Weeks start on Monday, in time order. */
	assert_non_null(p->histogram);
	assert_string_equal(p->histogram->name, "week");
	char *h = facet_str(p->histogram);
	assert_string_equal(h, "2023-12-25=1 2024-09-09=1 2025-01-20=2 "
			       "2025-01-27=1");
	free(h);

	char *js = NULL;
	assert_int_equal(dk_output_json_string(p, &js), DK_OK);
	json_t *o = json_loads(js, 0, NULL);
	json_t *src = json_object_get(json_object_get(o, "facets"), "source");
	assert_int_equal(json_array_size(src), 3);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(src, 0), "value")), "Reuters");
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(src, 0), "count")), 2);
	json_t *hist = json_object_get(o, "histogram");
	assert_string_equal(json_string_value(json_object_get(hist, "unit")),
			    "week");
	assert_int_equal(json_array_size(json_object_get(hist, "buckets")), 4);
	json_decref(o);
	free(js);

	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	dk_output_facets_text(f, p);
	fclose(f);
	assert_non_null(strstr(out, "case: 25-00709 (2), 23-00108 (1)\n"));
	assert_non_null(strstr(out, "  2025-01-20      2  ####"));
	free(out);
	f = open_memstream(&out, &len);
	dk_output_histogram_csv(f, p, 1);
	fclose(f);
	assert_string_equal(out, "week,count\r\n2023-12-25,1\r\n2024-09-09,1\r\n"
				 "2025-01-20,2\r\n2025-01-27,1\r\n");
	free(out);
	dk_result_page_free(p);

	/* A narrower query, fewer values; --facet-values cuts. */
	p = run_facets("backdoor", DK_FACET_SOURCE | DK_FACET_CASE, DK_HIST_NONE);
	expect_facet(p, "source", "CoinDesk=1");
	expect_facet(p, "case", "");
	assert_null(p->histogram);
	dk_result_page_free(p);
	/* None asked: none computed. */
	p = run_facets("lawsuit", 0, DK_HIST_NONE);
	assert_int_equal(p->nfacets, 0);
	assert_null(p->histogram);
	dk_result_page_free(p);
}

/* What a faceted search shows, as one string: totals, hits, facets, the
 * histogram and the matching ids. */
static char *facet_summary(dk_searcher *s, const char *q, int fold, int hist,
			   int ids)
{
	dk_search_request req;
	dk_result_page *p = NULL;
	dk_buf b = DK_BUF_INIT;
	dk_search_request_init(&req);
	req.query = q;
	req.query_len = strlen(q);
	req.limit = 2;
	req.fold = fold;
	req.facets = DK_FACET_ALL;
	req.histogram = hist;
	req.match_ids = ids;
	dk_status st = dk_search(s, &req, &p);
	if (st)
		fail_msg("%s: %s (%s)", q, dk_status_str(st),
			 dk_searcher_error(s));
	dk_buf_printf(&b, "%s: total %llu min %llu exact %d hits", q,
		      (unsigned long long)p->total,
		      (unsigned long long)p->total_min, p->total_exact);
	for (size_t i = 0; i < p->nhits; i++)
		dk_buf_printf(&b, " %s", p->hits[i].art.id);
	for (size_t i = 0; i < p->nfacets; i++) {
		char *f = facet_str(&p->facets[i]);
		dk_buf_printf(&b, "; %s: %s", p->facets[i].name, f);
		free(f);
	}
	if (p->histogram) {
		char *h = facet_str(p->histogram);
		dk_buf_printf(&b, "; histogram %s", h);
		free(h);
	}
	dk_buf_puts(&b, "; ids");
	for (size_t i = 0; i < p->nids; i++)
		dk_buf_printf(&b, " %s", p->ids[i]);
	dk_result_page_free(p);
	assert_int_equal(b.err, 0);
	return dk_buf_detach(&b, NULL);
}

/*
 * A searcher that keeps the counted values in memory (docket.fcgi's,
 * keep_values) counts what Xapian's spies count: on the index, and on
 * three local shards dealt from it (a stub), twice in a row (the second
 * time from the loaded copies).
 */
static void test_facets_resident(void **state)
{
	static const char *const qs[] = { "lawsuit", "linkedin", "backdoor",
					  "court OR ban", "nothingmatches",
					  "lawsuit AND NOT reuters" };
	char shard[3][PATH_MAX + 32], stub[PATH_MAX + 32];
	const char *dsts[3];
	(void)state;
	for (size_t i = 0; i < 3; i++) {
		snprintf(shard[i], sizeof shard[i], "%s/shard%zu", root, i);
		dsts[i] = shard[i];
	}
	assert_int_equal(dk_shim_split(desk_dir, dsts, 3, 1, NULL), DK_OK);
	snprintf(stub, sizeof stub, "%s/three.stub", root);
	FILE *f = fopen(stub, "w");
	assert_non_null(f);
	fputs("auto shard0\nauto shard1\nauto shard2\n", f);
	fclose(f);
	dk_searcher_opts keep = { 0 };
	keep.keep_values = 1;
	dk_searcher *res = NULL, *three = NULL, *three_res = NULL;
	assert_int_equal(dk_searcher_open_opts(desk_dir, &keep, &res, NULL),
			 DK_OK);
	assert_int_equal(dk_searcher_open(stub, &three, NULL), DK_OK);
	assert_int_equal(dk_searcher_open_opts(stub, &keep, &three_res, NULL),
			 DK_OK);
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++)
			for (int v = 0; v < 3; v++) {
				int fold = v != 1, ids = v == 2;
				int hist = v == 1 ? DK_HIST_WEEK : DK_HIST_MONTH;
				char *want = facet_summary(desk, qs[i], fold,
							   hist, ids);
				char *a = facet_summary(res, qs[i], fold, hist,
							ids);
				char *b = facet_summary(three, qs[i], fold, hist,
							ids);
				char *c = facet_summary(three_res, qs[i], fold,
							hist, ids);
				assert_string_equal(a, want);
				assert_string_equal(b, want);
				assert_string_equal(c, want);
				free(want);
				free(a);
				free(b);
				free(c);
			}
	char *got = facet_summary(three_res, "lawsuit", 1, DK_HIST_YEAR, 0);
	assert_non_null(strstr(got, "; source: Reuters=2 www.theverge.com=2 "
				    "Ars Technica=1;"));
	assert_non_null(strstr(got, "; histogram 2023=1 2024=1 2025=3;"));
	free(got);
	dk_searcher_close(res);
	dk_searcher_close(three);
	dk_searcher_close(three_res);
}

static void test_facets_parse(void **state)
{
	(void)state;
	unsigned m = 0;
	const char *bad = NULL;
	size_t bl = 0;
	assert_int_equal(dk_facets_parse("source,date", &m, &bad, &bl), DK_OK);
	assert_int_equal(m, DK_FACET_SOURCE | DK_FACET_YEAR | DK_FACET_MONTH |
			    DK_FACET_DAY);
	assert_int_equal(dk_facets_parse("all", &m, &bad, &bl), DK_OK);
	assert_int_equal(m, DK_FACET_ALL);
	assert_int_equal(dk_facets_parse("court,colour", &m, &bad, &bl),
			 DK_ERR_INVALID);
	assert_int_equal(bl, 6);
	assert_memory_equal(bad, "colour", 6);
	assert_int_equal(dk_facets_histogram_parse("month"), DK_HIST_MONTH);
	assert_int_equal(dk_facets_histogram_parse("fortnight"), -1);
}

static void test_facets_page(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	assert_int_equal(cgi_get("q=lawsuit", &b), 200);
	const char *link = "href=\"?q=%28lawsuit%29+AND+source%3A%22Reuters%22\"";
	assert_non_null(strstr(b.data, link));
	assert_non_null(strstr(b.data, "<section class=\"facets\""));
	assert_non_null(strstr(b.data, "?q=%28lawsuit%29+AND+case%3A25-00709"));
	/* The timeline: one bar per month with a match, each a link. */
	assert_non_null(strstr(b.data, "<svg viewBox="));
	const char *at = b.data;
	int bars = 0;
	while ((at = strstr(at, "<rect ")) != NULL) {
		bars++;
		at++;
	}
	assert_int_equal(bars, 3);
	/* Bars stand at their month: 2023-12, 2024-09 (9 of 14 months on),
	 * 2025-01 (the last). */
	assert_non_null(strstr(b.data, "<rect x=\"0.00\""));
	assert_non_null(strstr(b.data, "<rect x=\"385.71\""));
	assert_non_null(strstr(b.data, "<rect x=\"557.14\""));
	assert_non_null(strstr(b.data, "?q=%28lawsuit%29+AND+date%3A2025-01"));
	dk_buf_free(&b);
	/* Following the link gives the count the facet showed. */
	expect_ids("(lawsuit) AND source:\"Reuters\"", "r2 r3");
	expect_ids("(lawsuit) AND case:25-00709", "r1 r2");
	expect_ids("(lawsuit) AND date:2025-01", "r1 r2 r6");
	/* A narrowed query is narrowed again with one more AND. */
	assert_int_equal(cgi_get("q=%28lawsuit%29+AND+date%3A2025-01", &b), 200);
	assert_non_null(strstr(b.data, "?q=%28lawsuit%29+AND+date%3A2025-01+AND+"
				       "source%3A%22Reuters%22"));
	dk_buf_free(&b);
}


/* ---- the Atom feed ---------------------------------------------------- */

static void test_atom(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	assert_int_equal(cgi_get("q=lawsuit&format=atom", &b), 200);
	assert_non_null(strstr(b.data, "Content-Type: application/atom+xml; "
				       "charset=utf-8\r\n"));
	assert_non_null(strstr(b.data, "<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
	assert_non_null(strstr(b.data, "<id>urn:docket:search:lawsuit</id>"));
	/* Newest first: r6 (2025-01-30) leads, and dates the feed. */
	const char *r6 = strstr(b.data, "<id>urn:docket:article:r6</id>");
	const char *r2 = strstr(b.data, "<id>urn:docket:article:r2</id>");
	assert_non_null(r6);
	assert_non_null(r2);
	assert_true(r6 < r2);
	assert_non_null(strstr(b.data, "<updated>2025-01-30T00:00:00Z</updated>"));
	assert_non_null(strstr(b.data, "<author><name>Jane Doe</name></author>"));
	assert_non_null(strstr(b.data, "<link rel=\"alternate\" "
				       "href=\"https://reuters.com/r2\"/>"));
	dk_buf_free(&b);
	assert_int_equal(cgi_get("q=lawsuit&format=rss", &b), 400);
	assert_non_null(strstr(b.data, "format must be html, json or atom"));
	dk_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_site_source_names),
		cmocka_unit_test(test_limit_zero_text),
		cmocka_unit_test(test_pages_stop_at_known),
		cmocka_unit_test(test_entities_json_text_html),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_article_page),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_facets),
		cmocka_unit_test(test_facets_resident),
		cmocka_unit_test(test_facets_parse),
		cmocka_unit_test(test_facets_page),
		cmocka_unit_test(test_atom),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
