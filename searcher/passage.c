/*
 * passage.c - passage selection and highlighting (see passage.h).
 *
 * One pass of the analyzer collects the matching tokens (byte range,
 * position, term index).  Paragraphs are the lines of the text; the hits
 * are assigned to them, which gives each term's paragraph frequency inside
 * the article (its in-article idf).  Candidates are then cut from the
 * paragraphs (whole, or windows of whole sentences for a long one) and
 * scored from the hits inside them, so the cost is one analysis of the
 * text plus work linear in the matches for each candidate.
 */
#include "passage.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/case_number.h"

const dk_passage_params dk_passage_defaults = {
	DK_PASSAGE_K1, DK_PASSAGE_B, DK_PASSAGE_ARTIDF, DK_PASSAGE_PROX,
	DK_PASSAGE_LEAD, DK_PASSAGE_SENT, DK_PASSAGE_ANSWER, DK_PASSAGE_STEM,
	DK_PASSAGE_COVER, DK_PASSAGE_RERANK, DK_PASSAGE_DEPTH, DK_PASSAGE_QWORD,
	DK_PASSAGE_GIDF, DK_PASSAGE_PROXONCE, DK_ANSWER_ANY, NULL
};

typedef struct hit {
	size_t start, end;
	uint32_t pos;
	size_t term;   /* index in the match set */
	int part;      /* a stem that only extends or is extended by the
			  term's (scored, not highlighted) */
} hit;

typedef struct cand {
	size_t start, end;
	double score;
	size_t first_hit, nhits;
	size_t para;   /* 0-based paragraph number */
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
	size_t base;   /* offset of the analyzed piece in the text */
	int stem;      /* collect partial stem matches too */
} hits;

/*
 * The paragraph filter: a paragraph is analyzed only when it may hold a
 * match.  The key of a term of L bytes is its first L bytes when L <= 3,
 * else its first L - 2 bytes (at least 3, at most DK_KEY_LEN): the English
 * stemmer rewrites at most the stem's last byte ("hoping" -> "hope",
 * "sensibility" -> "sensibl"), so the word a term came from begins with
 * its key, lower-cased (its exceptions "dying", "lying", "tying" get keys
 * of their own).  A paragraph without any key (case-insensitively) holds
 * no match and is skipped.  A non-ASCII
 * character matches any one or two bytes of a key, since normalization
 * folds it ("naïve" -> "naive", a ligature to two letters).
 */
#define DK_KEY_LEN 6
typedef struct keys {
	char (*v)[DK_KEY_LEN];
	size_t n;
	size_t *len;
	unsigned char first[256];  /* first bytes of the keys */
	unsigned char term_first[256];  /* first bytes of the terms */
} keys;

static int add_key(keys *k, const char *t, size_t len)
{
	size_t l = len <= 3 ? len : len - 2 < 3 ? 3 : len - 2;
	if (l > DK_KEY_LEN)
		l = DK_KEY_LEN;
	if (!l)
		return 0;
	for (size_t i = 0; i < k->n; i++)
		if (k->len[i] == l && !memcmp(k->v[i], t, l))
			return 0;
	memcpy(k->v[k->n], t, l);
	k->len[k->n++] = l;
	k->first[(unsigned char)t[0]] = 1;
	k->first[toupper((unsigned char)t[0])] = 1;
	return 0;
}

static int build_keys(const dk_match_set *m, keys *k)
{
	static const char *const odd[][2] = {
		{ "die", "dyi" }, { "lie", "lyi" }, { "tie", "tyi" }
	};
	memset(k, 0, sizeof *k);
	k->v = malloc((2 * m->nterms + 1) * sizeof *k->v);
	k->len = malloc((2 * m->nterms + 1) * sizeof *k->len);
	if (!k->v || !k->len)
		return -1;
	for (size_t i = 0; i < m->nterms; i++) {
		const dk_mterm *t = &m->terms[i];
		if (t->is_prefix == DK_MTERM_CASE || !t->len)
			continue;
		k->term_first[(unsigned char)t->term[0]] = 1;
		add_key(k, t->term, t->len);
		for (size_t j = 0; j < 3; j++)
			if (t->len == 3 && !memcmp(t->term, odd[j][0], 3))
				add_key(k, odd[j][1], 3);
	}
	return 0;
}

/* Does key[x..l) start at s[j..n)?  A non-ASCII character (which
 * normalization may fold to one letter, or two for a ligature) matches
 * one or two key bytes. */
static int key_at(const char *s, size_t n, size_t j, const char *key,
		  size_t x, size_t l)
{
	while (x < l) {
		if (j >= n)
			return 0;
		unsigned char c = (unsigned char)s[j];
		if (c >= 0x80) {
			j++;
			while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
				j++;
			return key_at(s, n, j, key, x + 1, l) ||
			       (x + 2 <= l && key_at(s, n, j, key, x + 2, l));
		}
		if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)key[x])
			return 0;
		j++;
		x++;
	}
	return 1;
}

static int may_match(const keys *k, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		/* first[] holds both cases of the keys' first letters */
		if (c >= 0x80 ? (c & 0xC0) == 0x80 : !k->first[c])
			continue;
		for (size_t j = 0; j < k->n; j++)
			if (key_at(s, n, i, k->v[j], 0, k->len[j]))
				return 1;
	}
	return 0;
}

typedef struct span_list {
	dk_span *v;
	size_t n, cap;
} span_list;

/*
 * A partial match: one stem a proper prefix of the other, the shorter of
 * at least DK_PART_MIN bytes ("found" from "founded" and "foundat" from
 * "foundation").  A token shorter than the term must keep all but its
 * last two bytes (the paragraph filter's key).
 */
#define DK_PART_MIN 4
static int part_match(const dk_mterm *mt, const dk_token *t)
{
	if (mt->len == t->len || mt->term[0] != t->term[0])
		return 0;
	if (t->len > mt->len)
		return mt->len >= DK_PART_MIN &&
		       !memcmp(mt->term, t->term, mt->len);
	return t->len >= DK_PART_MIN && t->len + 2 >= mt->len &&
	       !memcmp(mt->term, t->term, t->len);
}

static long match_term(const dk_match_set *m, const dk_token *t, int stem,
		       int *part)
{
	long pm = -1;
	*part = 0;
	for (size_t i = 0; i < m->nterms; i++) {
		const dk_mterm *mt = &m->terms[i];
		if (mt->is_prefix == DK_MTERM_CASE)
			continue;
		if (mt->is_prefix) {
			if (t->len >= mt->len && !memcmp(t->term, mt->term, mt->len))
				return (long)i;
		} else if (mt->len == t->len && mt->term[0] == t->term[0] &&
			   !memcmp(mt->term, t->term, t->len)) {
			return (long)i;
		} else if (stem && pm < 0 && part_match(mt, t)) {
			pm = (long)i;
		}
	}
	*part = pm >= 0;
	return pm;
}

static int on_token(void *ctx, const dk_token *t)
{
	hits *h = ctx;
	int part;
	long k = match_term(h->m, t, h->stem, &part);
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
	h->v[h->n++] = (hit){ h->base + t->start, h->base + t->end, t->pos,
			      (size_t)k, part };
	return 0;
}

static int cmp_hit(const void *a, const void *b)
{
	const hit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/*
 * The docket numbers of the match set (case:) where they stand in the
 * text, in any of the forms courts write ("5:25-cv-00709", "25-709"):
 * each word that starts with a digit is normalized and compared.  The
 * hits get position 0 (no phrase or proximity counts them) and are
 * merged into h in text order.
 */
static dk_status case_hits(const char *text, size_t len, hits *h)
{
	const dk_match_set *m = h->m;
	size_t before = h->n;
	int any = 0;
	for (size_t t = 0; t < m->nterms; t++)
		any |= m->terms[t].is_prefix == DK_MTERM_CASE;
	if (!any)
		return DK_OK;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)text[i]) ||
		    (i && isalnum((unsigned char)text[i - 1])))
			continue;
		char norm[16];
		size_t used = dk_case_number_normalize(text + i,
						       len - i < 40 ? len - i : 40,
						       norm);
		if (!used)
			continue;
		size_t nl = strlen(norm);
		for (size_t t = 0; t < m->nterms; t++) {
			const dk_mterm *mt = &m->terms[t];
			if (mt->is_prefix != DK_MTERM_CASE || mt->len != nl ||
			    memcmp(mt->term, norm, nl))
				continue;
			if (h->n == h->cap) {
				size_t cap = h->cap ? h->cap * 2 : 32;
				hit *v = realloc(h->v, cap * sizeof *v);
				if (!v)
					return DK_ERR_NOMEM;
				h->v = v;
				h->cap = cap;
			}
			h->v[h->n++] = (hit){ i, i + used, 0, t, 0 };
			break;
		}
		i += used - 1;
	}
	if (h->n > before)
		qsort(h->v, h->n, sizeof *h->v, cmp_hit);
	return DK_OK;
}

static int push_span(span_list *l, size_t start, size_t end)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		dk_span *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = (dk_span){ start, end };
	return 0;
}

static int push_cand(cands *c, size_t start, size_t end, size_t para)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		cand *v = realloc(c->v, cap * sizeof *v);
		if (!v)
			return -1;
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = (cand){ start, end, 0, 0, 0, para };
	return 0;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* The end of the sentence that starts at i within [i, end). */
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

/* The start of the sentence holding byte at, within [from, at]: just
 * after the last sentence end before it. */
static size_t sentence_start(const char *s, size_t from, size_t at)
{
	for (size_t k = at; k > from + 1; k--) {
		char ch = s[k - 2];
		if ((ch == '.' || ch == '?' || ch == '!') && is_space(s[k - 1]))
			return k;
	}
	return from;
}

/* A cut at a word boundary at or before limit (> i), else a cut that
 * does not split a UTF-8 sequence. */
static size_t word_cut(const char *s, size_t i, size_t limit)
{
	for (size_t k = limit; k > i + DK_PASSAGE_MAX / 2; k--)
		if (is_space(s[k]))
			return k;
	/* At most 3 continuation bytes belong to one sequence; a longer run
	 * is invalid and cut anywhere, so no candidate exceeds the limit. */
	size_t k = limit;
	while (k > i && limit - k < 3 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return k > i && ((unsigned char)s[k] & 0xC0) != 0x80 ? k : limit;
}

static size_t skip_space(const char *s, size_t i, size_t end)
{
	while (i < end && is_space(s[i]))
		i++;
	return i;
}

/*
 * The candidates of one trimmed paragraph [ps, pe): the paragraph itself
 * when it is at most DK_PASSAGE_MAX bytes; else, for each of its sentences
 * (a sentence longer than the limit cut at word boundaries), the run of
 * whole sentences from it that fits the limit.  The runs overlap; the
 * best scoring one is the one around the densest match.
 */
static int cut_paragraph(const char *s, size_t ps, size_t pe, size_t para,
			 span_list *units, cands *c)
{
	if (pe - ps <= DK_PASSAGE_MAX)
		return push_cand(c, ps, pe, para);
	units->n = 0;
	size_t st = ps;
	while (st < pe) {
		size_t e = sentence_end(s, st, pe);
		while (e - st > DK_PASSAGE_MAX) {
			size_t w = word_cut(s, st, st + DK_PASSAGE_MAX);
			if (push_span(units, st, w))
				return -1;
			st = skip_space(s, w, pe);
		}
		if (e > st && push_span(units, st, e))
			return -1;
		st = skip_space(s, e > st ? e : st, pe);
	}
	for (size_t i = 0; i < units->n; i++) {
		size_t j = i;
		while (j + 1 < units->n &&
		       units->v[j + 1].end - units->v[i].start <= DK_PASSAGE_MAX)
			j++;
		if (push_cand(c, units->v[i].start, units->v[j].end, para))
			return -1;
		if (j + 1 == units->n)
			break;  /* later windows are inside this one */
	}
	return 0;
}

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
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

/*
 * BM25 of the hits h[0..n) of a candidate of len bytes, with the term
 * weights w and the mean candidate length avg; plus the phrases found
 * (each occurrence, at most two, adds the phrase's summed weight) and the
 * proximity of distinct matched terms (a hit and the next hit of another
 * term g <= DK_PASSAGE_NEAR words after give prox * min(w) / g; with
 * proxonce each term counts only its best such pair, else every pair
 * adds).
 */
static double score_cand(const dk_match_set *m, const dk_passage_params *pp,
			 const double *w, const char *text, size_t cend,
			 const hit *h, size_t n, size_t len, double avg,
			 double *tf, size_t *bs, size_t *be)
{
	double score = 0;
	*bs = 0;
	*be = n;
	for (size_t i = 0; i < m->nterms; i++)
		tf[i] = 0;
	for (size_t i = 0; i < n; i++)
		tf[h[i].term] += h[i].part ? pp->stem : 1;
	double norm = pp->k1 * (1 - pp->b + pp->b * (double)len / avg);
	double held = 0, all = 0;  /* query weight held, in all */
	for (size_t i = 0; i < m->nterms; i++) {
		all += w[i];
		if (tf[i] > 0) {
			score += w[i] * tf[i] * (pp->k1 + 1) / (tf[i] + norm);
			held += w[i] * (tf[i] < 1 ? tf[i] : 1);
		}
	}
	for (size_t p = 0; p < m->nphrases; p++) {
		const dk_mphrase *ph = &m->phrases[p];
		double pw = 0;
		for (size_t k = 0; k < ph->n; k++)
			pw += w[ph->terms[k]];
		score += pw * phrase_found(ph, h, n, 2);
	}
	if (pp->sent > 0) {
		/* The best sentence: the most query weight in one sentence
		 * (tf is reused as the mark of terms seen in it). */
		double best = 0;
		size_t i = 0;
		for (size_t t = 0; t < m->nterms; t++)
			tf[t] = -1;
		while (i < n) {
			size_t se = sentence_end(text, h[i].start, cend);
			/* the sentence holding hit i runs back to the previous
			 * end; its hits are i.. while they start before se */
			double sum = 0;
			size_t j = i;
			for (; j < n && h[j].start < se; j++) {
				if (tf[h[j].term] != (double)i) {
					tf[h[j].term] = (double)i;
					sum += w[h[j].term] *
					       (h[j].part ? pp->stem : 1);
				}
			}
			if (sum > best) {
				best = sum;
				*bs = i;
				*be = j;
			}
			i = j;
		}
		score += pp->sent * best;
	}
	if (pp->prox > 0) {
		/* tf is reused as each term's best proximity so far. */
		for (size_t t = 0; t < m->nterms; t++)
			tf[t] = 0;
		for (size_t i = 0; i + 1 < n; i++) {
			/* The next hit of another term (hits are in text
			 * order; a compound's parts share positions). */
			size_t j = i + 1;
			while (j < n && h[j].term == h[i].term)
				j++;
			if (j == n)
				break;
			uint32_t g = h[j].pos > h[i].pos ? h[j].pos - h[i].pos : 0;
			/* Docket-number hits have no position (0). */
			if (g == 0 || g > DK_PASSAGE_NEAR || !h[i].pos)
				continue;
			double lo = w[h[i].term] < w[h[j].term] ? w[h[i].term]
								: w[h[j].term];
			if (h[i].part || h[j].part)
				lo *= pp->stem;
			if (pp->proxonce > 0) {
				if (lo / g > tf[h[i].term])
					tf[h[i].term] = lo / g;
			} else
				score += pp->prox * lo / g;
		}
		if (pp->proxonce > 0)
			for (size_t t = 0; t < m->nterms; t++)
				score += pp->prox * tf[t];
	}
	if (pp->cover > 0 && all > 0)
		score *= pow(held / all, pp->cover);
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
	size_t nv = 0;
	for (size_t i = 0; i < c->nhits; i++)
		if (!h[c->first_hit + i].part)
			v[nv++] = (dk_span){ h[c->first_hit + i].start - c->start,
					     h[c->first_hit + i].end - c->start };
	qsort(v, nv, sizeof *v, cmp_span);
	size_t k = 0;
	for (size_t i = 0; i < nv; i++) {
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

static int overlaps(const cand *a, const cand *b)
{
	return a->start < b->end && b->start < a->end;
}

dk_status dk_passage_params_parse(const char *s, dk_passage_params *pp)
{
	dk_passage_params v = *pp;
	while (s && *s) {
		const char *eq = strchr(s, '=');
		if (!eq)
			return DK_ERR_INVALID;
		size_t nl = (size_t)(eq - s);
		char *end;
		double x = strtod(eq + 1, &end);
		if (end == eq + 1 || (*end && *end != ',') || !(x >= 0) || x > 1e6)
			return DK_ERR_INVALID;
#define DK_PARAM(name, field) \
		if (nl == sizeof name - 1 && !memcmp(s, name, nl)) v.field = x; else
		DK_PARAM("k1", k1) DK_PARAM("b", b) DK_PARAM("artidf", artidf)
		DK_PARAM("prox", prox) DK_PARAM("lead", lead)
		DK_PARAM("sent", sent) DK_PARAM("answer", answer)
		DK_PARAM("stem", stem) DK_PARAM("cover", cover)
		DK_PARAM("rerank", rerank) DK_PARAM("depth", depth)
		DK_PARAM("qword", qword) DK_PARAM("gidf", gidf)
		DK_PARAM("proxonce", proxonce)
			return DK_ERR_INVALID;
#undef DK_PARAM
		s = *end ? end + 1 : end;
	}
	if (v.b > 1 || v.depth > 1000 || v.qword > 1)
		return DK_ERR_INVALID;
	*pp = v;
	return DK_OK;
}

/* Does the lower-cased query hold the words w (at word boundaries)? */
static int has_words(const char *q, size_t len, const char *w)
{
	size_t wl = strlen(w);
	for (size_t i = 0; i + wl <= len; i++)
		if ((i == 0 || !isalnum((unsigned char)q[i - 1])) &&
		    !strncasecmp(q + i, w, wl) &&
		    (i + wl == len || !isalnum((unsigned char)q[i + wl])))
			return 1;
	return 0;
}

/* The last word of a phrase ("what year" -> "year"). */
static const char *last_word(const char *phrase)
{
	const char *sp = strrchr(phrase, ' ');
	return sp ? sp + 1 : phrase;
}

static dk_answer_type answer_type(const char *q, size_t len,
				  const char **tword)
{
	static const char *const time[] = {
		"when", "what year", "which year", "what date", "what day",
		"what month", "what century", "what decade", "what time",
		"how long ago", NULL
	};
	static const char *const number[] = {
		"how many", "how much", "what percentage", "what percent",
		"how long", "how old", "how far", "how large", "how big",
		"how high", "how tall", NULL
	};
	*tword = NULL;
	for (size_t i = 0; time[i]; i++)
		if (has_words(q, len, time[i])) {
			*tword = last_word(time[i]);
			return DK_ANSWER_TIME;
		}
	for (size_t i = 0; number[i]; i++)
		if (has_words(q, len, number[i])) {
			*tword = last_word(number[i]);
			return DK_ANSWER_NUMBER;
		}
	return DK_ANSWER_ANY;
}

dk_status dk_passage_params_for(const char *query, size_t len,
				dk_passage_params *out)
{
	*out = dk_passage_defaults;
	/* Experiments (bench/qa --params) set DOCKET_PASSAGE_PARAMS. */
	const char *env = getenv("DOCKET_PASSAGE_PARAMS");
	if (env && dk_passage_params_parse(env, out))
		return DK_ERR_INVALID;
	out->tword = NULL;
	out->type = query ? answer_type(query, len, &out->tword)
			  : DK_ANSWER_ANY;
	return DK_OK;
}

dk_status dk_passages_select(dk_analyzer *an, const char *text, size_t len,
			     const dk_match_set *m, size_t max,
			     dk_passage **out, size_t *n)
{
	return dk_passages_select_with(an, text, len, m, &dk_passage_defaults,
				       max, out, n);
}

static int is_month(const char *s, size_t n)
{
	static const char *const months[] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"
	};
	for (size_t i = 0; i < 12; i++)
		if (strlen(months[i]) == n && !strncasecmp(s, months[i], n))
			return 1;
	return 0;
}

/*
 * Does [s, e) hold what a question of type ty asks for, outside the
 * query's own words (the hits h[0..n))?  TIME: a year (a number of four
 * digits from 1000 to 2099) or a month's name; NUMBER: a number.
 */
static int holds_answer(const char *text, size_t s, size_t e,
			dk_answer_type ty, const hit *h, size_t n)
{
	size_t k = 0;
	for (size_t i = s; i < e;) {
		if (!isalnum((unsigned char)text[i])) {
			i++;
			continue;
		}
		size_t j = i, digits = 0;
		while (j < e && isalnum((unsigned char)text[j]))
			digits += isdigit((unsigned char)text[j++]) != 0;
		while (k < n && h[k].end <= i)
			k++;
		int in_query = k < n && h[k].start < j;
		if (!in_query) {
			if (ty == DK_ANSWER_NUMBER && digits)
				return 1;
			if (ty == DK_ANSWER_TIME &&
			    ((digits == 4 && j - i == 4 &&
			      (text[i] == '1' || (text[i] == '2' && text[i + 1] == '0'))) ||
			     is_month(text + i, j - i)))
				return 1;
		}
		i = j;
	}
	return 0;
}

dk_status dk_passages_select_with(dk_analyzer *an, const char *text,
				  size_t len, const dk_match_set *m,
				  const dk_passage_params *pp, size_t max,
				  dk_passage **out, size_t *n)
{
	dk_status st = DK_OK;
	hits h = { NULL, 0, 0, m, DK_OK, 0, pp->stem > 0 };
	keys ks = { 0 };
	cands c = { 0 };
	span_list paras = { 0 }, units = { 0 };
	double *tf = NULL, *w = NULL, *w0 = NULL, evidence = 0;
	size_t *pf = NULL, *lastp = NULL;
	dk_passage *res = NULL;
	*out = NULL;
	*n = 0;
	if (!max || !text || !len)
		return DK_OK;
	/* Paragraphs: the non-blank lines, trimmed. */
	for (size_t ps = 0; ps < len;) {
		const char *nl = memchr(text + ps, '\n', len - ps);
		size_t pe = nl ? (size_t)(nl - text) : len;
		size_t a = skip_space(text, ps, pe), b = pe;
		while (b > a && is_space(text[b - 1]))
			b--;
		if (b > a && push_span(&paras, a, b)) {
			st = DK_ERR_NOMEM;
			goto out;
		}
		ps = pe + 1;
	}
	if (!paras.n)
		goto out;
	if (m->nterms) {
		if (build_keys(m, &ks)) {
			st = DK_ERR_NOMEM;
			goto out;
		}
		uint32_t pos = 1;
		for (size_t p = 0; p < paras.n && !st; p++) {
			const char *ps = text + paras.v[p].start;
			size_t pl = paras.v[p].end - paras.v[p].start;
			if (!may_match(&ks, ps, pl))
				continue;
			dk_analyze_stats as;
			h.base = paras.v[p].start;
			st = dk_analyze_filtered(an, ps, pl, pos, 0,
						 ks.term_first, on_token, &h,
						 &as);
			pos = as.next_pos + DK_PASSAGE_NEAR + 1;
			if (!st)
				st = h.st;
		}
		if (!st)
			st = case_hits(text, len, &h);
		if (st)
			goto out;
	}
	size_t nt = m->nterms ? m->nterms : 1;
	tf = calloc(nt, sizeof *tf);
	w = calloc(nt, sizeof *w);
	w0 = calloc(nt, sizeof *w0);
	pf = calloc(nt, sizeof *pf);
	lastp = calloc(nt, sizeof *lastp);
	if (!tf || !w || !w0 || !pf || !lastp) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	/* Each term's paragraph frequency (hits and paragraphs are both in
	 * text order). */
	size_t hi = 0;
	for (size_t p = 0; p < paras.n; p++) {
		while (hi < h.n && h.v[hi].start < paras.v[p].start)
			hi++;
		for (; hi < h.n && h.v[hi].end <= paras.v[p].end; hi++) {
			size_t t = h.v[hi].term;
			if (lastp[t] != p + 1) {
				lastp[t] = p + 1;
				pf[t]++;
			}
		}
	}
	/* The weight of a term: its idf across articles plus artidf times
	 * its idf across this article's paragraphs, so that the article's
	 * own topic word, in nearly every paragraph, does not decide. */
	double np = (double)paras.n;
	for (size_t t = 0; t < m->nterms; t++) {
		w0[t] = m->terms[t].weight;
		w[t] = pp->gidf * m->terms[t].weight + pp->artidf *
		       log(1 + (np - (double)pf[t] + 0.5) / ((double)pf[t] + 0.5));
	}
	/* The word that names the answer's type ("year", "many") is
	 * answered by a year or a number, not by itself. */
	if (pp->tword && pp->qword > 0 && pp->type != DK_ANSWER_ANY) {
		char tb[DK_MAX_TERM + 1];
		size_t tl = 0;
		if (!dk_analyzer_stem(an, pp->tword, strlen(pp->tword), 0, tb,
				      sizeof tb, &tl)) {
			long k = dk_match_set_find(m, tb, tl);
			if (k >= 0)
				w[k] *= 1 - pp->qword;
		}
	}
	/* The evidence for reordering articles (search.c) is scored with
	 * the weights across articles only: the in-article idf favours an
	 * article that mentions a word once. */
	int want_evidence = pp->rerank > 0 && pp->depth >= 1;
	/* Only paragraphs with a match give candidates that can score; the
	 * first one is cut all the same, for the lead when nothing does. */
	hi = 0;
	for (size_t p = 0; p < paras.n; p++) {
		while (hi < h.n && h.v[hi].start < paras.v[p].start)
			hi++;
		if (p && !(hi < h.n && h.v[hi].end <= paras.v[p].end))
			continue;
		if (cut_paragraph(text, paras.v[p].start, paras.v[p].end, p,
				  &units, &c)) {
			st = DK_ERR_NOMEM;
			goto out;
		}
	}
	double wmean = 0;
	for (size_t t = 0; t < m->nterms; t++)
		wmean += w[t] / (double)m->nterms;
	double avg = 0;
	for (size_t p = 0; p < paras.n; p++) {
		size_t l = paras.v[p].end - paras.v[p].start;
		avg += (double)(l < DK_PASSAGE_MAX ? l : DK_PASSAGE_MAX);
	}
	avg = avg / np;
	if (avg < 1)
		avg = 1;
	/* Candidates are in text order, their starts increasing. */
	size_t h0 = 0, bs, be;
	for (size_t i = 0; i < c.n; i++) {
		while (h0 < h.n && h.v[h0].start < c.v[i].start)
			h0++;
		size_t e = h0;
		while (e < h.n && h.v[e].end <= c.v[i].end)
			e++;
		c.v[i].first_hit = h0;
		c.v[i].nhits = e - h0;
		if (c.v[i].nhits) {
			c.v[i].score = score_cand(m, pp, w, text, c.v[i].end,
						  h.v + h0, e - h0,
						  c.v[i].end - c.v[i].start, avg,
						  tf, &bs, &be);
			if (pp->type != DK_ANSWER_ANY && pp->answer > 0 &&
			    holds_answer(text, sentence_start(text, c.v[i].start,
							      h.v[h0 + bs].start),
					 sentence_end(text, h.v[h0 + be - 1].start,
						      c.v[i].end),
					 pp->type, h.v + h0, e - h0))
				c.v[i].score += pp->answer * wmean;
			if (c.v[i].para == 0)
				c.v[i].score *= pp->lead;
			if (want_evidence) {
				double ev = score_cand(m, pp, w0, text,
						      c.v[i].end, h.v + h0,
						      e - h0, c.v[i].end -
						      c.v[i].start, avg, tf,
						      &bs, &be);
				if (ev > evidence)
					evidence = ev;
			}
		}
	}
	qsort(c.v, c.n, sizeof *c.v, cmp_cand);
	size_t k = 0;
	if (c.v[0].score > 0) {
		/* The best candidates that do not overlap a better one;
		 * passages without a match only when nothing matches. */
		for (size_t i = 0; i < c.n && k < max && c.v[i].score > 0; i++) {
			size_t j = 0;
			while (j < k && !overlaps(&c.v[j], &c.v[i]))
				j++;
			if (j == k)
				c.v[k++] = c.v[i];
		}
	} else {
		/* The lead: the earliest candidate. */
		size_t lead = 0;
		for (size_t i = 1; i < c.n; i++)
			if (c.v[i].start < c.v[lead].start)
				lead = i;
		c.v[0] = c.v[lead];
		k = 1;
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
		res[i].paragraph = c.v[i].para + 1;
		res[i].evidence = i ? 0 : evidence;
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
	free(paras.v);
	free(units.v);
	free(tf);
	free(w);
	free(w0);
	free(pf);
	free(lastp);
	free(ks.v);
	free(ks.len);
	return st;
}

dk_status dk_passage_whole(dk_analyzer *an, const char *text, size_t len,
			   const dk_match_set *m, dk_passage *out)
{
	dk_status st = DK_OK;
	hits h = { NULL, 0, 0, m, DK_OK, 0, 0 };
	memset(out, 0, sizeof *out);
	out->end = text ? len : 0;
	if (!text || !len || !m->nterms)
		return DK_OK;
	unsigned char first[256] = { 0 };
	for (size_t i = 0; i < m->nterms; i++)
		if (m->terms[i].is_prefix != DK_MTERM_CASE && m->terms[i].len)
			first[(unsigned char)m->terms[i].term[0]] = 1;
	dk_analyze_stats as;
	st = dk_analyze_filtered(an, text, len, 1, 0, first, on_token, &h,
				 &as);
	if (!st)
		st = h.st;
	if (!st)
		st = case_hits(text, len, &h);
	if (!st) {
		qsort(h.v, h.n, sizeof *h.v, cmp_hit);
		cand c = { 0, len, 0, 0, h.n, 0 };
		st = make_highlights(&c, h.v, text, out);
	}
	free(h.v);
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
