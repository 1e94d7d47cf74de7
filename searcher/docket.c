/*
 * docket.c - libdocket (docket.h): the public handles over the searcher.
 *
 * A thin layer.  docket_index wraps a dk_searcher (search.h), a
 * docket_request a dk_search_request and a copy of its query, a
 * docket_results a dk_result_page, a docket_article a dk_article_view;
 * searching, passages, facets and JSON are the same code docket-search and
 * docket.cgi run.  What this file adds is the contract of a library:
 * every argument is checked (bad ones give DOCKET_ERR_INVALID, or NULL / 0
 * from a getter, never a crash), every failure leaves a message on its
 * handle, and docket_status keeps dk_status's values, checked below at
 * compile time, so a status converts by a cast.
 */
#include "docket.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/status.h"
#include "docket_int.h"
#include "facets.h"
#include "output.h"
#include "search.h"

#define SAME(a, b) _Static_assert((int)(a) == (int)(b), #a " is " #b)
SAME(DOCKET_OK, DK_OK);
SAME(DOCKET_ERR_NOMEM, DK_ERR_NOMEM);
SAME(DOCKET_ERR_IO, DK_ERR_IO);
SAME(DOCKET_ERR_PARSE, DK_ERR_PARSE);
SAME(DOCKET_ERR_TOO_BIG, DK_ERR_TOO_BIG);
SAME(DOCKET_ERR_NOT_FOUND, DK_ERR_NOT_FOUND);
SAME(DOCKET_ERR_INVALID, DK_ERR_INVALID);
SAME(DOCKET_ERR_DB, DK_ERR_DB);
SAME(DOCKET_ERR_DB_CORRUPT, DK_ERR_DB_CORRUPT);
SAME(DOCKET_ERR_DB_LOCKED, DK_ERR_DB_LOCKED);
SAME(DOCKET_ERR_DB_MODIFIED, DK_ERR_DB_MODIFIED);
SAME(DOCKET_ERR_DB_VERSION, DK_ERR_DB_VERSION);
SAME(DOCKET_ERR_TIMEOUT, DK_ERR_TIMEOUT);
SAME(DOCKET_ERR_BUSY, DK_ERR_BUSY);
SAME(DOCKET_ERR_NETWORK, DK_ERR_NETWORK);
SAME(DOCKET_ERR_INTERNAL, DK_ERR_INTERNAL);

/* The limits docket-search puts on its options. */
#define MAX_OFFSET 10000000u
#define MAX_LIMIT 100000u
#define MAX_PASSAGES 100u
#define MAX_FACET_VALUES 10000u
#define MAX_SECONDS 3600.0

struct docket_index {
	dk_searcher *s;
	char err[512];
};

struct docket_request {
	dk_search_request req;
	char *query;           /* the copy req.query points at */
	char err[256];
};

struct docket_results {
	dk_result_page *page;
};

struct docket_article {
	dk_article_view *v;
};

/* Write a message into buf[size] (truncated when long). */
static void put_msg(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void put_msg(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* A malloc'd copy of s, or NULL. */
static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	return d ? memcpy(d, s, n) : NULL;
}

const char *docket_status_str(docket_status st)
{
	return dk_status_str((dk_status)st);
}

const char *docket_version(void)
{
	return DOCKET_VERSION;
}

/* ---- the index ------------------------------------------------------- */

docket_status docket_index_open(const char *path, docket_index **out,
				char **errmsg)
{
	return docket_index_open_with(path, 0, 0, out, errmsg);
}

/* Fail an open: *errmsg (when wanted) a malloc'd copy of msg. */
static docket_status open_fail(docket_status st, const char *msg,
			       char **errmsg)
{
	if (errmsg)
		*errmsg = dup_str(msg);
	return st;
}

docket_status docket_index_open_with(const char *path, unsigned flags,
				     double remote_timeout, docket_index **out,
				     char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (!out)
		return open_fail(DOCKET_ERR_INVALID, "no place for the handle "
				 "(out is NULL)", errmsg);
	*out = NULL;
	if (!path || !*path)
		return open_fail(DOCKET_ERR_INVALID, "no index path given",
				 errmsg);
	if (flags & ~(unsigned)(DOCKET_OPEN_PARTIAL | DOCKET_OPEN_RESIDENT))
		return open_fail(DOCKET_ERR_INVALID, "unknown open flags",
				 errmsg);
	if (!isfinite(remote_timeout) || remote_timeout < 0)
		return open_fail(DOCKET_ERR_INVALID, "the remote timeout must be "
				 "0 or more seconds", errmsg);
	docket_index *ix = calloc(1, sizeof *ix);
	if (!ix)
		return open_fail(DOCKET_ERR_NOMEM, "out of memory", errmsg);
	dk_searcher_opts o = { 0 };
	o.partial = (flags & DOCKET_OPEN_PARTIAL) != 0;
	o.keep_values = (flags & DOCKET_OPEN_RESIDENT) != 0;
	o.remote_timeout = remote_timeout;
	char *m = NULL;
	dk_status st = dk_searcher_open_opts(path, &o, &ix->s, &m);
	if (st) {
		free(ix);
		if (errmsg) {
			/* Name the path: the caller may open several. */
			const char *why = st == DK_ERR_NOT_FOUND ?
				"no index here" : m ? m : dk_status_str(st);
			size_t n = strlen(path) + strlen(why) + 3;
			if ((*errmsg = malloc(n)))
				snprintf(*errmsg, n, "%s: %s", path, why);
		}
		free(m);
		return (docket_status)st;
	}
	*out = ix;
	return DOCKET_OK;
}

void docket_index_close(docket_index *ix)
{
	if (!ix)
		return;
	dk_searcher_close(ix->s);
	free(ix);
}

const char *docket_index_error(const docket_index *ix)
{
	return ix ? ix->err : "no index (NULL handle)";
}

/* Keep on ix the message of a failed call: the searcher's, else the
 * status's own description. */
static docket_status index_fail(docket_index *ix, dk_status st)
{
	const char *m = dk_searcher_error(ix->s);
	put_msg(ix->err, sizeof ix->err, "%s", m && *m ? m : dk_status_str(st));
	return (docket_status)st;
}

dk_searcher *dk_docket_searcher(docket_index *ix)
{
	return ix ? ix->s : NULL;
}

/* ---- a search request ------------------------------------------------ */

docket_status docket_request_new(docket_request **out)
{
	if (!out)
		return DOCKET_ERR_INVALID;
	docket_request *r = calloc(1, sizeof *r);
	if (!(*out = r))
		return DOCKET_ERR_NOMEM;
	dk_search_request_init(&r->req);
	return DOCKET_OK;
}

void docket_request_free(docket_request *req)
{
	if (!req)
		return;
	free(req->query);
	free(req);
}

const char *docket_request_error(const docket_request *req)
{
	return req ? req->err : "no request (NULL handle)";
}

dk_search_request *dk_docket_request(docket_request *req)
{
	return req ? &req->req : NULL;
}

/* Fail a setter with a message on req. */
static docket_status bad(docket_request *req, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static docket_status bad(docket_request *req, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(req->err, sizeof req->err, fmt, ap);
	va_end(ap);
	return DOCKET_ERR_INVALID;
}

docket_status docket_request_set_query(docket_request *req, const char *q,
				       size_t len)
{
	if (!req)
		return DOCKET_ERR_INVALID;
	if (!q && len)
		return bad(req, "a NULL query of %zu bytes", len);
	if (q && memchr(q, '\0', len))
		return bad(req, "the query holds a NUL byte");
	char *copy = malloc(len + 1);
	if (!copy) {
		put_msg(req->err, sizeof req->err, "out of memory");
		return DOCKET_ERR_NOMEM;
	}
	if (len)
		memcpy(copy, q, len);
	copy[len] = '\0';
	free(req->query);
	req->query = copy;
	req->req.query = copy;
	req->req.query_len = len;
	return DOCKET_OK;
}

docket_status docket_request_set_plain(docket_request *req, int plain)
{
	if (!req)
		return DOCKET_ERR_INVALID;
	req->req.plain = plain != 0;
	return DOCKET_OK;
}

docket_status docket_request_set_page(docket_request *req, uint32_t offset,
				      uint32_t limit)
{
	if (!req)
		return DOCKET_ERR_INVALID;
	if (offset > MAX_OFFSET)
		return bad(req, "offset %u is over %u", (unsigned)offset,
			   MAX_OFFSET);
	if (limit > MAX_LIMIT)
		return bad(req, "limit %u is over %u", (unsigned)limit, MAX_LIMIT);
	req->req.offset = offset;
	req->req.limit = limit;
	return DOCKET_OK;
}

docket_status docket_request_set_sort(docket_request *req, docket_sort sort)
{
	if (!req)
		return DOCKET_ERR_INVALID;
	switch (sort) {
	case DOCKET_SORT_RELEVANCE: req->req.sort_date = 0; break;
	case DOCKET_SORT_NEWEST: req->req.sort_date = 1; break;
	case DOCKET_SORT_OLDEST: req->req.sort_date = -1; break;
	default: return bad(req, "unknown sort order %d", (int)sort);
	}
	return DOCKET_OK;
}

docket_status docket_request_set_fold(docket_request *req, int fold)
{
	if (!req)
		return DOCKET_ERR_INVALID;
	req->req.fold = fold != 0;
	return DOCKET_OK;
}

docket_status docket_request_set_passages(docket_request *req, uint32_t n)
{
	if (!req)
		return DOCKET_ERR_INVALID;
	if (n > MAX_PASSAGES)
		return bad(req, "%u passages is over %u", (unsigned)n,
			   MAX_PASSAGES);
	req->req.passages = n;
	return DOCKET_OK;
}

docket_status docket_request_set_time_limit(docket_request *req, double secs)
{
	if (!req)
		return DOCKET_ERR_INVALID;
	if (!(secs >= 0 && secs <= MAX_SECONDS))
		return bad(req, "a time limit must be 0 to %.0f seconds",
			   MAX_SECONDS);
	req->req.time_limit = secs;
	return DOCKET_OK;
}

docket_status docket_request_set_facets(docket_request *req,
					const char *list, uint32_t values)
{
	if (!req)
		return DOCKET_ERR_INVALID;
	if (values > MAX_FACET_VALUES)
		return bad(req, "%u values per facet is over %u",
			   (unsigned)values, MAX_FACET_VALUES);
	unsigned mask = 0;
	if (list && *list) {
		const char *b = NULL;
		size_t blen = 0;
		if (dk_facets_parse(list, &mask, &b, &blen))
			return bad(req, "unknown facet '%.*s' (source, site, "
				   "author, year, month, day, date, court, "
				   "party, case, all)", (int)blen, b ? b : "");
	}
	req->req.facets = mask;
	req->req.facet_values = values;
	return DOCKET_OK;
}

docket_status docket_request_set_histogram(docket_request *req,
					   const char *unit)
{
	if (!req)
		return DOCKET_ERR_INVALID;
	int h = DK_HIST_NONE;
	if (unit && (h = dk_facets_histogram_parse(unit)) < 0)
		return bad(req, "unknown histogram unit '%s' (day, week, month "
			   "or year)", unit);
	req->req.histogram = h;
	return DOCKET_OK;
}

/* ---- searching and the results -------------------------------------- */

docket_status docket_search(docket_index *ix, const docket_request *req,
			    docket_results **out)
{
	if (out)
		*out = NULL;
	if (!ix)
		return DOCKET_ERR_INVALID;
	if (!req || !out) {
		put_msg(ix->err, sizeof ix->err, "docket_search: %s is NULL",
			!req ? "the request" : "out");
		return DOCKET_ERR_INVALID;
	}
	ix->err[0] = '\0';
	docket_results *res = calloc(1, sizeof *res);
	if (!res) {
		put_msg(ix->err, sizeof ix->err, "out of memory");
		return DOCKET_ERR_NOMEM;
	}
	dk_status st = dk_search(ix->s, &req->req, &res->page);
	if (st) {
		free(res);
		return index_fail(ix, st);
	}
	*out = res;
	return DOCKET_OK;
}

void docket_results_free(docket_results *res)
{
	if (!res)
		return;
	dk_result_page_free(res->page);
	free(res);
}

const dk_result_page *dk_docket_page(const docket_results *res)
{
	return res ? res->page : NULL;
}

uint64_t docket_results_total(const docket_results *res, int *exact)
{
	if (exact)
		*exact = res ? res->page->total_exact : 0;
	return res ? res->page->total : 0;
}

size_t docket_results_count(const docket_results *res)
{
	return res ? res->page->nhits : 0;
}

const char *docket_results_query(const docket_results *res)
{
	return res ? res->page->query : NULL;
}

const char *docket_results_suggestion(const docket_results *res)
{
	return res ? res->page->suggestion : NULL;
}

const char *docket_results_warning(const docket_results *res)
{
	return res ? res->page->warning : NULL;
}

docket_status docket_results_json(const docket_results *res, char **out)
{
	if (!out)
		return DOCKET_ERR_INVALID;
	*out = NULL;
	if (!res)
		return DOCKET_ERR_INVALID;
	return (docket_status)dk_output_json_string(res->page, out);
}

/* The field f of a, or NULL. */
static const char *field_of(const dk_article *a, docket_field f)
{
	switch (f) {
	case DOCKET_FIELD_ID: return a->id;
	case DOCKET_FIELD_URL: return a->url;
	case DOCKET_FIELD_TITLE: return a->title;
	case DOCKET_FIELD_SOURCE: return a->source;
	case DOCKET_FIELD_SITE: return a->site;
	case DOCKET_FIELD_DATE: return a->date;
	case DOCKET_FIELD_AUTHOR: return a->author;
	case DOCKET_FIELD_LANG: return a->lang;
	case DOCKET_FIELD_CASES: return a->cases;
	case DOCKET_FIELD_PARTIES: return a->parties;
	case DOCKET_FIELD_COURTS: return a->courts;
	case DOCKET_FIELD_STATUTES: return a->statutes;
	case DOCKET_FIELD_CVES: return a->cves;
	}
	return NULL;
}

/* Hit i of res, or NULL out of range. */
static const dk_hit *hit_at(const docket_results *res, size_t i)
{
	return res && i < res->page->nhits ? &res->page->hits[i] : NULL;
}

/* Passage p of hit i, or NULL. */
static const dk_passage *passage_at(const docket_results *res, size_t i,
				    size_t p)
{
	const dk_hit *h = hit_at(res, i);
	return h && p < h->npassages ? &h->passages[p] : NULL;
}

const char *docket_hit_field(const docket_results *res, size_t i,
			     docket_field f)
{
	const dk_hit *h = hit_at(res, i);
	return h ? field_of(&h->art, f) : NULL;
}

const char *docket_hit_id(const docket_results *res, size_t i)
{
	return docket_hit_field(res, i, DOCKET_FIELD_ID);
}

const char *docket_hit_title(const docket_results *res, size_t i)
{
	return docket_hit_field(res, i, DOCKET_FIELD_TITLE);
}

const char *docket_hit_source(const docket_results *res, size_t i)
{
	return docket_hit_field(res, i, DOCKET_FIELD_SOURCE);
}

const char *docket_hit_date(const docket_results *res, size_t i)
{
	return docket_hit_field(res, i, DOCKET_FIELD_DATE);
}

const char *docket_hit_url(const docket_results *res, size_t i)
{
	return docket_hit_field(res, i, DOCKET_FIELD_URL);
}

double docket_hit_score(const docket_results *res, size_t i)
{
	const dk_hit *h = hit_at(res, i);
	return h ? h->score : 0;
}

uint64_t docket_hit_copies(const docket_results *res, size_t i)
{
	const dk_hit *h = hit_at(res, i);
	return h ? h->also_total : 0;
}

size_t docket_hit_passage_count(const docket_results *res, size_t i)
{
	const dk_hit *h = hit_at(res, i);
	return h ? h->npassages : 0;
}

docket_status docket_hit_passage(const docket_results *res, size_t i,
				 size_t p, const char **text, size_t *len,
				 size_t *paragraph)
{
	const dk_passage *ps = passage_at(res, i, p);
	if (text)
		*text = NULL;
	if (len)
		*len = 0;
	if (paragraph)
		*paragraph = 0;
	if (!ps || !text || !len)
		return DOCKET_ERR_INVALID;
	const dk_article *a = &res->page->hits[i].art;
	if (!a->text || ps->end > a->text_len || ps->start > ps->end)
		return DOCKET_ERR_INTERNAL;
	*text = a->text + ps->start;
	*len = ps->end - ps->start;
	if (paragraph)
		*paragraph = ps->paragraph;
	return DOCKET_OK;
}

size_t docket_hit_highlight_count(const docket_results *res, size_t i,
				  size_t p)
{
	const dk_passage *ps = passage_at(res, i, p);
	return ps ? ps->nhl : 0;
}

docket_status docket_hit_highlight(const docket_results *res, size_t i,
				   size_t p, size_t k, size_t *start,
				   size_t *end)
{
	const dk_passage *ps = passage_at(res, i, p);
	if (start)
		*start = 0;
	if (end)
		*end = 0;
	if (!ps || k >= ps->nhl || !start || !end)
		return DOCKET_ERR_INVALID;
	*start = ps->hl[k].start;
	*end = ps->hl[k].end;
	return DOCKET_OK;
}

size_t docket_results_facet_count(const docket_results *res)
{
	return res ? res->page->nfacets : 0;
}

const char *docket_results_facet_name(const docket_results *res, size_t f)
{
	return res && f < res->page->nfacets ? res->page->facets[f].name : NULL;
}

size_t docket_results_facet_value_count(const docket_results *res, size_t f)
{
	return res && f < res->page->nfacets ? res->page->facets[f].n : 0;
}

/* Value v of facet fa (may be NULL), *count its count. */
static const char *value_of(const dk_facet *fa, size_t v, uint64_t *count)
{
	if (count)
		*count = 0;
	if (!fa || v >= fa->n)
		return NULL;
	if (count)
		*count = fa->v[v].count;
	return fa->v[v].value;
}

const char *docket_results_facet_value(const docket_results *res, size_t f,
				       size_t v, uint64_t *count)
{
	return value_of(res && f < res->page->nfacets ? &res->page->facets[f]
						       : NULL, v, count);
}

const char *docket_results_histogram_unit(const docket_results *res)
{
	return res && res->page->histogram ? res->page->histogram->name : NULL;
}

size_t docket_results_histogram_count(const docket_results *res)
{
	return res && res->page->histogram ? res->page->histogram->n : 0;
}

const char *docket_results_histogram_bar(const docket_results *res,
					 size_t b, uint64_t *count)
{
	return value_of(res ? res->page->histogram : NULL, b, count);
}

/* ---- one article ----------------------------------------------------- */

docket_status docket_article_get(docket_index *ix, const char *id,
				 const char *query, size_t len,
				 docket_article **out)
{
	if (out)
		*out = NULL;
	if (!ix)
		return DOCKET_ERR_INVALID;
	if (!id || !*id || !out || (!query && len)) {
		put_msg(ix->err, sizeof ix->err, "docket_article_get: %s",
			!out ? "out is NULL" : !id || !*id ? "no id given" :
			"a NULL query with a length");
		return DOCKET_ERR_INVALID;
	}
	ix->err[0] = '\0';
	docket_article *a = calloc(1, sizeof *a);
	if (!a) {
		put_msg(ix->err, sizeof ix->err, "out of memory");
		return DOCKET_ERR_NOMEM;
	}
	dk_status st = dk_search_show(ix->s, id, query ? query : "", len, &a->v);
	if (st) {
		free(a);
		if (st == DK_ERR_NOT_FOUND) {
			put_msg(ix->err, sizeof ix->err,
				"no article has the id '%s'", id);
			return DOCKET_ERR_NOT_FOUND;
		}
		return index_fail(ix, st);
	}
	*out = a;
	return DOCKET_OK;
}

void docket_article_free(docket_article *a)
{
	if (!a)
		return;
	dk_article_view_free(a->v);
	free(a);
}

const dk_article_view *dk_docket_view(const docket_article *a)
{
	return a ? a->v : NULL;
}

const char *docket_article_field(const docket_article *a, docket_field f)
{
	return a ? field_of(&a->v->art, f) : NULL;
}

const char *docket_article_text(const docket_article *a, size_t *len)
{
	if (len)
		*len = a && a->v->art.text ? a->v->art.text_len : 0;
	return a ? a->v->art.text : NULL;
}

size_t docket_article_highlight_count(const docket_article *a)
{
	return a ? a->v->whole.nhl : 0;
}

docket_status docket_article_highlight(const docket_article *a, size_t k,
				       size_t *start, size_t *end)
{
	if (start)
		*start = 0;
	if (end)
		*end = 0;
	if (!a || k >= a->v->whole.nhl || !start || !end)
		return DOCKET_ERR_INVALID;
	/* The whole text is one passage from 0: offsets are the text's. */
	*start = a->v->whole.start + a->v->whole.hl[k].start;
	*end = a->v->whole.start + a->v->whole.hl[k].end;
	return DOCKET_OK;
}

docket_status docket_article_json(const docket_article *a, char **out)
{
	if (!out)
		return DOCKET_ERR_INVALID;
	*out = NULL;
	if (!a)
		return DOCKET_ERR_INVALID;
	return (docket_status)dk_output_article_json_string(a->v, out);
}
