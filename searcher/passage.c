/*
 * passage.c - passage selection and highlighting (see passage.h).
 *
 * One pass of the analyzer collects the matching tokens (byte range,
 * position, term index); candidates are then cut from paragraph and
 * sentence boundaries and scored from the matches inside them, so the cost
 * is one analysis of the text plus linear work in the number of matches.
 */
#include "passage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct hit {
	size_t start, end;
	uint32_t pos;
	size_t term;   /* index in the match set */
} hit;

typedef struct cand {
	size_t start, end;
	double score;
	size_t first_hit, nhits;
} cand;

typedef struct cands {
	cand *v;
	size_t n, cap;
} cands;

typedef struct hits {
	hit *v;
	size_t n, cap;
	const dk_match_set *m;
	dk_status st;
	/* Early stop: the analysis ends once `want` candidates cover the
	 * query (every term, every phrase); 0 scans the whole text. */
	const cands *c;
	size_t ci;        /* the candidate being scanned */
	size_t hit0;      /* its first hit */
	size_t complete;  /* candidates found covering the query */
	size_t want;
	uint64_t need;    /* bit i: match term i must occur (prefix terms
			     share one bit, the lowest of them) */
} hits;

static long match_term(const dk_match_set *m, const dk_token *t)
{
	for (size_t i = 0; i < m->nterms; i++) {
		const dk_mterm *mt = &m->terms[i];
		if (mt->is_prefix) {
			if (t->len >= mt->len && !memcmp(t->term, mt->term, mt->len))
				return (long)i;
		} else if (mt->len == t->len && mt->term[0] == t->term[0] &&
			   !memcmp(mt->term, t->term, t->len)) {
			return (long)i;
		}
	}
	return -1;
}

static int phrase_found(const dk_mphrase *ph, const hit *h, size_t n,
			int limit);

/* Do hits h[0..n) hold every term and phrase of the query? */
static int covers(const hits *hs, const hit *h, size_t n)
{
	const dk_match_set *m = hs->m;
	uint64_t got = 0;
	size_t first_prefix = m->nterms;
	for (size_t i = 0; i < m->nterms; i++)
		if (m->terms[i].is_prefix) {
			first_prefix = i;
			break;
		}
	for (size_t i = 0; i < n; i++)
		got |= (uint64_t)1 << (m->terms[h[i].term].is_prefix ? first_prefix
								    : h[i].term);
	if ((got & hs->need) != hs->need)
		return 0;
	for (size_t p = 0; p < m->nphrases; p++)
		if (!phrase_found(&m->phrases[p], h, n, 1))
			return 0;
	return 1;
}

static int on_token(void *ctx, const dk_token *t)
{
	hits *h = ctx;
	/* Tokens come in text order: every candidate that ends before this
	 * token is complete. */
	while (h->want && h->ci < h->c->n && t->start >= h->c->v[h->ci].end) {
		if (h->n > h->hit0 && covers(h, h->v + h->hit0, h->n - h->hit0) &&
		    ++h->complete >= h->want)
			return 1;
		h->ci++;
		h->hit0 = h->n;
	}
	long k = match_term(h->m, t);
	if (k < 0)
		return 0;
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 32;
		hit *v = realloc(h->v, cap * sizeof *v);
		if (!v) {
			h->st = DK_ERR_NOMEM;
			return 1;
		}
		h->v = v;
		h->cap = cap;
	}
	h->v[h->n++] = (hit){ t->start, t->end, t->pos, (size_t)k };
	return 0;
}

static int push_cand(cands *c, size_t start, size_t end)
{
	if (end <= start)
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		cand *v = realloc(c->v, cap * sizeof *v);
		if (!v)
			return -1;
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = (cand){ start, end, 0, 0, 0 };
	return 0;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n';
}

/* The end of the sentence that starts at or after i within [i, end). */
static size_t sentence_end(const char *s, size_t i, size_t end)
{
	for (size_t k = i; k + 1 < end; k++) {
		char ch = s[k];
		if ((ch == '.' || ch == '?' || ch == '!') && is_space(s[k + 1])) {
			/* Not after a single capital ("U.S. courts", "J. Smith"). */
			if (ch == '.' && k >= 1 && k - i >= 1 &&
			    s[k - 1] >= 'A' && s[k - 1] <= 'Z' &&
			    (k < 2 || is_space(s[k - 2]) || s[k - 2] == '.'))
				continue;
			return k + 1;
		}
	}
	return end;
}

/* A cut at a word boundary at or before limit (> i), else limit. */
static size_t word_cut(const char *s, size_t i, size_t limit)
{
	for (size_t k = limit; k > i + DK_PASSAGE_TARGET / 2; k--)
		if (is_space(s[k]))
			return k;
	/* Do not split a UTF-8 sequence (at most 3 continuation bytes
	 * belong to one; a longer run is invalid and cut anywhere, so that
	 * no candidate exceeds DK_PASSAGE_MAX). */
	size_t k = limit;
	while (k > i && limit - k < 3 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return k > i && ((unsigned char)s[k] & 0xC0) != 0x80 ? k : limit;
}

/* Cut one paragraph [ps, pe) into candidates. */
static int cut_paragraph(const char *s, size_t ps, size_t pe, cands *c)
{
	while (ps < pe && is_space(s[ps]))
		ps++;
	while (pe > ps && is_space(s[pe - 1]))
		pe--;
	if (pe - ps <= DK_PASSAGE_MAX)
		return push_cand(c, ps, pe);
	size_t st = ps;
	while (st < pe) {
		size_t e = st;
		/* Take whole sentences up to the target size. */
		while (e < pe) {
			size_t se = sentence_end(s, e, pe);
			if (se - st > DK_PASSAGE_MAX) {
				if (e == st)
					e = word_cut(s, st, st + DK_PASSAGE_MAX);
				break;
			}
			e = se;
			if (e - st >= DK_PASSAGE_TARGET)
				break;
		}
		if (e <= st)
			e = pe;
		if (push_cand(c, st, e))
			return -1;
		st = e;
		while (st < pe && is_space(s[st]))
			st++;
	}
	return 0;
}

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Occurrences of phrase ph in hits h[0..n), counting up to limit:
 * consecutive hits at consecutive positions with the phrase's terms. */
static int phrase_found(const dk_mphrase *ph, const hit *h, size_t n,
			int limit)
{
	int found = 0;
	for (size_t i = 0; i < n && found < limit; i++) {
		if (h[i].term != ph->terms[0])
			continue;
		size_t k = 1, j = i + 1;
		uint32_t want = h[i].pos + 1;
		while (k < ph->n && j < n) {
			if (h[j].pos < want) {
				j++;
				continue;
			}
			if (h[j].pos > want || h[j].term != ph->terms[k])
				break;
			k++;
			want++;
			j++;
		}
		if (k == ph->n)
			found++;
	}
	return found;
}

static double score_cand(const dk_match_set *m, const hit *h, size_t n,
			 double *tf)
{
	double score = 0;
	size_t distinct = 0;
	for (size_t i = 0; i < m->nterms; i++)
		tf[i] = 0;
	for (size_t i = 0; i < n; i++)
		tf[h[i].term] += 1;
	for (size_t i = 0; i < m->nterms; i++) {
		if (tf[i] > 0) {
			score += m->terms[i].weight * (1 + 0.5 * log(tf[i]));
			distinct++;
		}
	}
	/* Phrase occurrences (at most two count). */
	for (size_t p = 0; p < m->nphrases; p++) {
		const dk_mphrase *ph = &m->phrases[p];
		double w = 0;
		for (size_t k = 0; k < ph->n; k++)
			w += m->terms[ph->terms[k]].weight;
		score += w * phrase_found(ph, h, n, 2);
	}
	if (distinct > 1)
		score *= 1 + 0.15 * (double)(distinct - 1);
	return score;
}

static int cmp_span(const void *a, const void *b)
{
	const dk_span *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end > y->end ? -1 : x->end < y->end;
}

/* Only spaces and hyphens between two highlights ("Stored Communications
 * Act", "class-action"): show them as one. */
static int joinable(const char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (s[i] != ' ' && s[i] != '-')
			return 0;
	return to - from <= 2;
}

/* Highlights of one candidate: its hits, sorted, overlaps merged. */
static dk_status make_highlights(const cand *c, const hit *h, const char *text,
				 dk_passage *p)
{
	p->hl = NULL;
	p->nhl = 0;
	if (!c->nhits)
		return DK_OK;
	dk_span *v = malloc(c->nhits * sizeof *v);
	if (!v)
		return DK_ERR_NOMEM;
	for (size_t i = 0; i < c->nhits; i++)
		v[i] = (dk_span){ h[c->first_hit + i].start - c->start,
				  h[c->first_hit + i].end - c->start };
	qsort(v, c->nhits, sizeof *v, cmp_span);
	size_t k = 0;
	for (size_t i = 0; i < c->nhits; i++) {
		if (k && (v[i].start < v[k - 1].end ||
			  joinable(text + c->start, v[k - 1].end, v[i].start))) {
			if (v[i].end > v[k - 1].end)
				v[k - 1].end = v[i].end;
			continue;
		}
		v[k++] = v[i];
	}
	p->hl = v;
	p->nhl = k;
	return DK_OK;
}

dk_status dk_passages_select(dk_analyzer *an, const char *text, size_t len,
			     const dk_match_set *m, size_t max,
			     dk_passage **out, size_t *n)
{
	dk_status st = DK_OK;
	hits h = { NULL, 0, 0, m, DK_OK, NULL, 0, 0, 0, 0, 0 };
	cands c = { 0 };
	double *tf = NULL;
	dk_passage *res = NULL;
	*out = NULL;
	*n = 0;
	if (!max || !text || !len)
		return DK_OK;
	size_t ps = 0;
	while (ps < len) {
		const char *nl = memchr(text + ps, '\n', len - ps);
		size_t pe = nl ? (size_t)(nl - text) : len;
		if (cut_paragraph(text, ps, pe, &c)) {
			st = DK_ERR_NOMEM;
			goto out;
		}
		ps = pe + 1;
	}
	if (!c.n)
		goto out;
	if (m->nterms) {
		h.c = &c;
		if (m->nterms <= 64) {
			int prefix_seen = 0;
			h.want = max;
			for (size_t i = 0; i < m->nterms; i++) {
				if (m->terms[i].is_prefix && prefix_seen++)
					continue;
				h.need |= (uint64_t)1 << i;
			}
		}
		st = dk_analyze(an, text, len, 1, 0, on_token, &h, NULL);
		if (!st)
			st = h.st;
		if (st)
			goto out;
	}
	tf = calloc(m->nterms ? m->nterms : 1, sizeof *tf);
	if (!tf) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	/* Hits and candidates are both in text order: one merge pass. */
	size_t hi = 0;
	for (size_t i = 0; i < c.n; i++) {
		while (hi < h.n && h.v[hi].start < c.v[i].start)
			hi++;
		size_t first = hi;
		while (hi < h.n && h.v[hi].end <= c.v[i].end)
			hi++;
		c.v[i].first_hit = first;
		c.v[i].nhits = hi - first;
		c.v[i].score = c.v[i].nhits ? score_cand(m, h.v + first,
							  hi - first, tf) : 0;
		if (i == 0)
			c.v[i].score *= 1.05;
	}
	qsort(c.v, c.n, sizeof *c.v, cmp_cand);
	size_t k = max < c.n ? max : c.n;
	/* Passages without a match are shown only when nothing matches. */
	if (c.v[0].score > 0) {
		size_t good = 0;
		while (good < k && c.v[good].score > 0)
			good++;
		k = good;
	} else {
		k = 1;
		/* The lead: the earliest candidate. */
		size_t lead = 0;
		for (size_t i = 1; i < c.n; i++)
			if (c.v[i].start < c.v[lead].start)
				lead = i;
		c.v[0] = c.v[lead];
	}
	res = calloc(k, sizeof *res);
	if (!res) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < k; i++) {
		res[i].start = c.v[i].start;
		res[i].end = c.v[i].end;
		res[i].score = c.v[i].score;
		if ((st = make_highlights(&c.v[i], h.v, text, &res[i]))) {
			dk_passages_free(res, i);
			res = NULL;
			goto out;
		}
	}
	*out = res;
	*n = k;
out:
	free(h.v);
	free(c.v);
	free(tf);
	return st;
}

void dk_passages_free(dk_passage *p, size_t n)
{
	if (!p)
		return;
	for (size_t i = 0; i < n; i++)
		free(p[i].hl);
	free(p);
}
