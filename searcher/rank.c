/*
 * rank.c - title boost and pseudo-relevance feedback (see rank.h).
 *
 * Both build Xapian query nodes around the compiled query; Xapian does the
 * scoring.  The feedback pass is one extra search of 10 documents and one
 * expand-set computation over their term lists.
 */
#include "rank.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/fields.h"

#define MAX_FB_DOCS 100
#define MAX_FB_TERMS 200
#define MIN_FB_TERM_LEN 3

void dk_rank_params_init(dk_rank_params *p)
{
	p->k1 = 1.6;
	p->b = 0.4;
	p->title_weight = 0.2;
	p->fb_docs = 10;
	p->fb_terms = 20;
	p->fb_weight = 0.3;
}

dk_status dk_rank_params_parse(const char *s, dk_rank_params *p)
{
	while (s && *s) {
		const char *end = strchr(s, ',');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		const char *eq = memchr(s, '=', n);
		if (!eq)
			return DK_ERR_INVALID;
		size_t klen = (size_t)(eq - s);
		char val[64];
		size_t vlen = n - klen - 1;
		if (vlen == 0 || vlen >= sizeof val)
			return DK_ERR_INVALID;
		memcpy(val, eq + 1, vlen);
		val[vlen] = '\0';
		char *vend;
		errno = 0;
		double v = strtod(val, &vend);
		if (errno || *vend || !(v >= 0 && v <= 1000))
			return DK_ERR_INVALID;
#define KEY(k) (klen == strlen(k) && !memcmp(s, k, klen))
		if (KEY("k1"))
			p->k1 = v;
		else if (KEY("b") && v <= 1)
			p->b = v;
		else if (KEY("title"))
			p->title_weight = v;
		else if (KEY("fbdocs") && v <= MAX_FB_DOCS)
			p->fb_docs = (uint32_t)v;
		else if (KEY("fbterms") && v <= MAX_FB_TERMS)
			p->fb_terms = (uint32_t)v;
		else if (KEY("fbweight"))
			p->fb_weight = v;
		else
			return DK_ERR_INVALID;
#undef KEY
		s = end ? end + 1 : NULL;
	}
	return DK_OK;
}

void dk_rank_info_free(dk_rank_info *i)
{
	if (!i)
		return;
	for (size_t k = 0; k < i->nterms; k++)
		free(i->terms[k]);
	free(i->terms);
	memset(i, 0, sizeof *i);
}

/* q AND_MAYBE (OR of extra) * scale; takes nothing, returns a new node. */
static dk_status and_maybe_scaled(const dk_query *q, dk_query *const *extra,
				  size_t n, double scale, dk_query **out)
{
	dk_query *any = NULL, *scaled = NULL;
	dk_status st = dk_query_combine(DK_QOP_OR, (const dk_query *const *)extra,
					n, 0, &any);
	if (!st)
		st = dk_query_scale(any, scale, &scaled);
	if (!st) {
		const dk_query *two[2] = { q, scaled };
		st = dk_query_combine(DK_QOP_AND_MAYBE, two, 2, 0, out);
	}
	dk_query_free(any);
	dk_query_free(scaled);
	return st;
}

static void free_all(dk_query **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dk_query_free(v[i]);
	free(v);
}

/* q with the title terms of the match set's plain terms, each for the
 * articles of the languages whose stem it is. */
static dk_status title_boost(const dk_compiled *c, double weight,
			     dk_query **out)
{
	const dk_query *q = c->query;
	const dk_match_set *m = &c->match;
	dk_status st = DK_OK;
	dk_buf t = DK_BUF_INIT;
	size_t n = 0;
	*out = NULL;
	dk_query **v = calloc(m->nterms ? m->nterms : 1, sizeof *v);
	if (!v)
		return DK_ERR_NOMEM;
	for (size_t i = 0; i < m->nterms && !st; i++) {
		if (m->terms[i].is_prefix)
			continue;
		dk_buf_reset(&t);
		dk_buf_puts(&t, DK_PREFIX_TITLE);
		dk_buf_append(&t, m->terms[i].term, m->terms[i].len);
		st = t.err ? DK_ERR_NOMEM : dk_query_term(t.data, t.len, 1, &v[n]);
		dk_query *only = NULL;
		if (!st && (st = dk_compiled_restrict(c, m->terms[i].langs, v[n],
						      &only)))
			dk_query_free(v[n]);
		if (only) {
			dk_query_free(v[n]);
			v[n] = only;
		}
		if (!st)
			n++;
	}
	if (!st && n)
		st = and_maybe_scaled(q, v, n, weight, out);
	free_all(v, n);
	dk_buf_free(&t);
	return st;
}

typedef struct expansion {
	dk_analyzer *an;
	const dk_match_set *m;
	dk_query **v;
	dk_rank_info *info;
	size_t n, max;
	dk_status st;
} expansion;

/* Words only: numbers, amounts and identifiers are too specific to the
 * feedback documents to help ("$57", "2019", "cve-2021-44228"). */
static int is_word(const char *t, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)t[i];
		if (ch < 0x80 && !(ch >= 'a' && ch <= 'z'))
			return 0;
	}
	return 1;
}

static int on_expand(void *ctx, const char *t, size_t len, double weight)
{
	expansion *e = ctx;
	(void)weight;
	if (len < MIN_FB_TERM_LEN || !is_word(t, len) ||
	    dk_match_set_find(e->m, t, len) >= 0 ||
	    dk_analyzer_is_stopword(e->an, t, len))
		return 0;
	if ((e->st = dk_query_term(t, len, 1, &e->v[e->n])))
		return 1;
	if (e->info) {
		char *copy = dk_strndup(t, len);
		if (!copy) {
			e->st = DK_ERR_NOMEM;
			return 1;
		}
		e->info->terms[e->info->nterms++] = copy;
	}
	return ++e->n >= e->max;
}

/* Does the match set hold a term the text was searched for? */
static int has_text_terms(const dk_match_set *m)
{
	for (size_t i = 0; i < m->nterms; i++)
		if (!m->terms[i].is_prefix)
			return 1;
	return 0;
}

static dk_status feedback(dk_reader *r, dk_analyzer *an, const dk_query *q,
			  const dk_compiled *c, const dk_rank_params *p,
			  const dk_search_opts *opts, dk_query **out,
			  dk_rank_info *info)
{
	dk_status st;
	dk_mset *ms = NULL;
	dk_docid ids[MAX_FB_DOCS];
	size_t nids = 0;
	uint32_t want = p->fb_docs < MAX_FB_DOCS ? p->fb_docs : MAX_FB_DOCS;
	size_t max = p->fb_terms < MAX_FB_TERMS ? p->fb_terms : MAX_FB_TERMS;
	expansion e = { an, &c->match, NULL, info, 0, max, DK_OK };
	dk_search_opts o = *opts;
	*out = NULL;
	o.check_at_least = 0;
	if ((st = dk_reader_search(r, q, &o, 0, want, &ms)))
		return st;
	nids = dk_mset_size(ms);
	for (size_t i = 0; i < nids; i++)
		ids[i] = dk_mset_docid(ms, i);
	dk_mset_free(ms);
	if (!nids || !max)
		return DK_OK;
	e.v = calloc(max, sizeof *e.v);
	if (!e.v)
		return DK_ERR_NOMEM;
	if (info) {
		info->terms = calloc(max, sizeof *info->terms);
		if (!info->terms) {
			free(e.v);
			return DK_ERR_NOMEM;
		}
		info->fb_docs = nids;
	}
	/* Ask for more than needed: the filters above drop some. */
	st = dk_reader_expand(r, ids, nids, max * 2 + 10, on_expand, &e);
	if (!st)
		st = e.st;
	if (!st && e.n)
		st = and_maybe_scaled(q, e.v, e.n, p->fb_weight, out);
	free_all(e.v, e.n);
	return st;
}

dk_status dk_rank_query(dk_reader *r, dk_analyzer *an, const dk_compiled *c,
			const dk_rank_params *p, const dk_search_opts *opts,
			int use_feedback, dk_query **out, dk_rank_info *info)
{
	dk_status st = DK_OK;
	dk_query *q = NULL, *fb = NULL;
	*out = NULL;
	if (info)
		memset(info, 0, sizeof *info);
	if (!c->query)
		return DK_OK;
	int text = has_text_terms(&c->match);
	if (text && p->title_weight > 0 &&
	    (st = title_boost(c, p->title_weight, &q)))
		return st;
	const dk_query *base = q ? q : c->query;
	if (use_feedback && text && p->fb_docs && p->fb_terms &&
	    p->fb_weight > 0 &&
	    (st = feedback(r, an, base, c, p, opts, &fb, info))) {
		dk_query_free(q);
		dk_rank_info_free(info);
		return st;
	}
	if (fb) {
		dk_query_free(q);
		*out = fb;
		return DK_OK;
	}
	if (q) {
		*out = q;
		return DK_OK;
	}
	return dk_query_scale(c->query, 1, out);
}
