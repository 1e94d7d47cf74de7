/*
 * like.c - query by document (see like.h).
 *
 * The text's terms are counted in an open-addressing table (one pass of
 * the analyzer), each distinct term's document frequency is looked up
 * once, and a partial selection keeps the best.  Cost: linear in the text
 * plus one term lookup per distinct term (a 40,000-character judgment has
 * about 2,000).
 */
#include "like.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/case_number.h"
#include "../common/fields.h"

#define MIN_TERM_LEN 3
#define MAX_PARTY_TERMS 20
/* A text of more words than this only offers terms it holds twice or more
 * (Lucene MoreLikeThis's minimum term frequency): a long judgment's
 * one-off words are noise, and each candidate costs a term lookup. */
#define LONG_TEXT_WORDS 2000

typedef struct entry {
	char term[DK_MAX_TERM + 1];
	uint8_t len;
	uint8_t is_case;     /* the identifier of a case number */
	uint32_t tf;
	double score;
} entry;

typedef struct table {
	entry *e;            /* cap slots; len 0 marks a free one */
	size_t cap, n;
	dk_status st;
} table;

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;  /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static entry *slot(entry *e, size_t cap, const char *t, size_t len)
{
	size_t i = (size_t)hash(t, len) & (cap - 1);
	while (e[i].len && !(e[i].len == len && !memcmp(e[i].term, t, len)))
		i = (i + 1) & (cap - 1);
	return &e[i];
}

static dk_status grow(table *tb)
{
	size_t cap = tb->cap ? tb->cap * 2 : 1024;
	entry *e = calloc(cap, sizeof *e);
	if (!e)
		return DK_ERR_NOMEM;
	for (size_t i = 0; i < tb->cap; i++)
		if (tb->e[i].len)
			*slot(e, cap, tb->e[i].term, tb->e[i].len) = tb->e[i];
	free(tb->e);
	tb->e = e;
	tb->cap = cap;
	return DK_OK;
}

static entry *add(table *tb, const char *t, size_t len)
{
	if ((tb->n + 1) * 2 > tb->cap && (tb->st = grow(tb)))
		return NULL;
	entry *x = slot(tb->e, tb->cap, t, len);
	if (!x->len) {
		memcpy(x->term, t, len);
		x->len = (uint8_t)len;
		tb->n++;
	}
	x->tf++;
	return x;
}

typedef struct count_ctx {
	table *tb;
	const dk_analyzer *an;
	const char *text;
	size_t len;
} count_ctx;

static int on_token(void *ctx, const dk_token *tok)
{
	count_ctx *c = ctx;
	if (tok->len < MIN_TERM_LEN || tok->len > DK_MAX_TERM ||
	    (tok->flags & DK_TOKEN_STOP))
		return 0;
	entry *x = add(c->tb, tok->term, tok->len);
	if (!x)
		return 1;
	if ((tok->flags & DK_TOKEN_NUMERIC) && !x->is_case) {
		char norm[16];
		x->is_case = dk_case_number_normalize(c->text + tok->start,
						      c->len - tok->start,
						      norm) > 0;
	}
	return 0;
}

size_t dk_like_word_count(dk_analyzer *an, const char *text, size_t len)
{
	dk_analyze_stats stats;
	if (dk_analyze(an, text, len, 0, 0, NULL, NULL, &stats))
		return 0;
	return stats.next_pos;
}

/* Best first; case numbers before all. */
static int by_score(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	if (x->is_case != y->is_case)
		return y->is_case - x->is_case;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(x->term, y->term);
}

static dk_status keep(dk_compiled *out, dk_query **v, size_t *nv,
		      const char *term, size_t len, uint32_t wqf, double idf,
		      int in_text)
{
	dk_status st = dk_query_term(term, len, wqf, &v[*nv]);
	if (st)
		return st;
	(*nv)++;
	if (!in_text)
		return DK_OK;
	dk_match_set *m = &out->match;
	dk_mterm *mt = &m->terms[m->nterms];
	if (!(mt->term = dk_strndup(term, len)))
		return DK_ERR_NOMEM;
	mt->len = len;
	mt->is_prefix = 0;
	mt->langs = 0;
	mt->weight = idf;
	m->nterms++;
	return DK_OK;
}

/* The party list's terms ("XP" + stem), each once. */
static dk_status add_parties(dk_analyzer *an, const char *parties,
			     table *tb)
{
	count_ctx c = { tb, an, parties, strlen(parties) };
	dk_status st = dk_analyze(an, parties, c.len, 0, 0, on_token, &c, NULL);
	return st ? st : tb->st;
}

dk_status dk_like_compile(dk_reader *r, dk_analyzer *an, const char *text,
			  size_t len, const char *parties, size_t max_terms,
			  dk_compiled *out)
{
	dk_status st;
	table tb = { 0 }, pt = { 0 };
	dk_query **v = NULL;
	size_t nv = 0, nsel = 0;
	uint64_t ndocs = 0;
	memset(out, 0, sizeof *out);
	if (!max_terms)
		max_terms = DK_LIKE_TERMS;
	count_ctx c = { &tb, an, text, len };
	dk_analyze_stats stats;
	if ((st = dk_analyze(an, text, len, 0, 0, on_token, &c, &stats)) ||
	    (st = tb.st))
		goto out;
	uint32_t min_tf = stats.next_pos > LONG_TEXT_WORDS ? 2 : 1;
	if (parties && *parties && (st = add_parties(an, parties, &pt)))
		goto out;
	if ((st = dk_reader_doccount(r, &ndocs)))
		goto out;
	/* Score in place, moving the scored entries to the front. */
	for (size_t i = 0; i < tb.cap; i++) {
		entry *x = &tb.e[i];
		if (!x->len || (x->tf < min_tf && !x->is_case))
			continue;
		uint64_t df = 0;
		if ((st = dk_reader_termfreq(r, x->term, x->len, &df)))
			goto out;
		if (!df)
			continue;
		double idf = log((double)(ndocs + 1) / (double)df);
		x->score = (1 + log((double)x->tf)) * idf;
		tb.e[nsel++] = *x;
	}
	qsort(tb.e, nsel, sizeof *tb.e, by_score);
	size_t ntext = nsel < max_terms ? nsel : max_terms;
	/* Case numbers beyond the cut still go in. */
	while (ntext < nsel && tb.e[ntext].is_case)
		ntext++;
	size_t cap = ntext + MAX_PARTY_TERMS;
	v = calloc(cap ? cap : 1, sizeof *v);
	out->match.terms = calloc(cap ? cap : 1, sizeof *out->match.terms);
	if (!v || !out->match.terms) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	out->match.cap = cap;
	for (size_t i = 0; i < ntext; i++) {
		entry *x = &tb.e[i];
		if ((st = keep(out, v, &nv, x->term, x->len, x->tf,
			       x->score / (1 + log((double)x->tf)), 1)))
			goto out;
	}
	dk_buf t = DK_BUF_INIT;
	for (size_t i = 0; i < pt.cap && nv < cap; i++) {
		if (!pt.e[i].len)
			continue;
		uint64_t df = 0;
		dk_buf_reset(&t);
		dk_buf_puts(&t, DK_PREFIX_PARTY);
		dk_buf_append(&t, pt.e[i].term, pt.e[i].len);
		if (t.err) {
			st = DK_ERR_NOMEM;
			break;
		}
		if ((st = dk_reader_termfreq(r, t.data, t.len, &df)))
			break;
		if (df && (st = keep(out, v, &nv, t.data, t.len, 1, 0, 0)))
			break;
	}
	dk_buf_free(&t);
	if (!st && nv)
		st = dk_query_combine(DK_QOP_OR, (const dk_query *const *)v, nv,
				      0, &out->query);
out:
	for (size_t i = 0; i < nv; i++)
		dk_query_free(v[i]);
	free(v);
	free(tb.e);
	free(pt.e);
	if (st)
		dk_compiled_free(out);
	return st;
}
