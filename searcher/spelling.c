/*
 * spelling.c - "did you mean" (see spelling.h).
 *
 * Cost: one term-frequency lookup per query word; for a suspect word, a
 * walk over the index terms sharing its first letter (bounded by
 * MAX_WALK) with a distance computation that gives up past the limit,
 * then one single-term search and one analysis of the best article for
 * the replacement term.
 */
#include "spelling.h"

#include <stdlib.h>
#include <string.h>

#include "../common/article.h"
#include "../common/buf.h"
#include "../common/fields.h"
#include "query_terms.h"

#define MAX_FIX 16          /* corrected words per query at most */
#define MAX_WALK 400000     /* vocabulary terms examined per word */
#define MAX_FORM_TEXT 200000 /* bytes of an article searched for a form */
#define MAX_ATOM_TOKENS 64  /* tokens of one query atom looked at */

unsigned dk_spelling_distance(const char *a, size_t alen, const char *b,
			      size_t blen, unsigned max)
{
	/* Three rows of the optimal string alignment table. */
	unsigned rows[3][DK_MAX_TERM + 2];
	unsigned *pp = rows[0], *p = rows[1], *c = rows[2];
	if (alen > DK_MAX_TERM || blen > DK_MAX_TERM)
		return max + 1;
	if ((alen > blen ? alen - blen : blen - alen) > max)
		return max + 1;
	for (size_t j = 0; j <= blen; j++)
		p[j] = (unsigned)j;
	for (size_t i = 1; i <= alen; i++) {
		unsigned best = c[0] = (unsigned)i;
		for (size_t j = 1; j <= blen; j++) {
			unsigned cost = a[i - 1] != b[j - 1];
			unsigned v = p[j - 1] + cost;
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		unsigned *t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[blen] > max ? max + 1 : p[blen];
}

typedef struct fix {
	char typed[DK_MAX_TERM + 1];   /* the word as typed */
	size_t typed_len;
	char word[DK_MAX_TERM + 1];    /* its replacement, normalized */
	size_t word_len;
} fix;

typedef struct speller {
	dk_reader *r;
	dk_analyzer *an;
	uint64_t total;
	fix fixes[MAX_FIX];
	size_t nfix;
	dk_status st;
} speller;

static int is_letters(const char *t, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)t[i];
		if (ch < 0x80 && !(ch >= 'a' && ch <= 'z'))
			return 0;
	}
	return len > 0;
}

/* ---- the closest term ---------------------------------------------- */

typedef struct walk {
	const char *stem;
	size_t len;
	unsigned maxd;
	char best[DK_MAX_TERM + 1];
	size_t best_len;
	unsigned best_d;
	uint64_t best_df;
	size_t seen;
} walk;

static int on_vocab(void *ctx, const char *t, size_t len, uint64_t df)
{
	walk *w = ctx;
	if (++w->seen > MAX_WALK)
		return 1;
	if (df < DK_SUGGEST_MIN_DF || len > DK_MAX_TERM || !is_letters(t, len) ||
	    (len == w->len && !memcmp(t, w->stem, len)))
		return 0;
	unsigned d = dk_spelling_distance(w->stem, w->len, t, len, w->maxd);
	if (d > w->maxd)
		return 0;
	if (d < w->best_d || (d == w->best_d && df > w->best_df)) {
		memcpy(w->best, t, len);
		w->best[len] = '\0';
		w->best_len = len;
		w->best_d = d;
		w->best_df = df;
	}
	return 0;
}

/* ---- the word for a term ------------------------------------------- */

typedef struct forms {
	dk_analyzer *an;   /* a second analyzer: the callback normalizes */
	const char *text;
	const char *term;
	size_t term_len;
	const char *typed;
	size_t typed_len;
	char best[DK_MAX_TERM + 1];
	size_t best_len;
	unsigned best_d;
} forms;

static int on_form(void *ctx, const dk_token *t)
{
	forms *f = ctx;
	char norm[DK_MAX_TERM + 1];
	size_t n = 0;
	if (t->len != f->term_len || memcmp(t->term, f->term, t->len))
		return 0;
	if (dk_analyzer_stem(f->an, f->text + t->start, t->end - t->start,
			     DK_ANALYZE_NO_STEM, norm, sizeof norm, &n) != DK_OK)
		return 0;
	unsigned d = dk_spelling_distance(f->typed, f->typed_len, norm, n,
					  DK_MAX_TERM);
	if (!f->best_len || d < f->best_d) {
		memcpy(f->best, norm, n + 1);
		f->best_len = n;
		f->best_d = d;
	}
	return d == 0;
}

/* The word of the best article for term that is closest to typed. */
static dk_status word_for(speller *s, const char *term, size_t len,
			  const char *typed, size_t typed_len, char *out,
			  size_t *out_len)
{
	dk_status st;
	dk_query *q = NULL;
	dk_mset *ms = NULL;
	dk_analyzer *an2 = NULL;
	dk_article a = { 0 };
	*out_len = 0;
	if ((st = dk_query_term(term, len, 1, &q)))
		return st;
	dk_search_opts o;
	dk_search_opts_init(&o);
	o.tie_slot = DK_SLOT_ID;  /* the same article whatever the build */
	if ((st = dk_reader_search(s->r, q, &o, 0, 1, &ms)))
		goto out;
	const char *data;
	size_t dlen;
	if (!dk_mset_size(ms) || dk_mset_data(ms, 0, &data, &dlen) ||
	    dk_article_decode(data, dlen, &a))
		goto out;
	if ((st = dk_analyzer_new(dk_analyzer_language(s->an), &an2)))
		goto out;
	forms f = { an2, NULL, term, len, typed, typed_len, "", 0, 0 };
	const char *texts[2] = { a.title, a.text };
	size_t lens[2] = { a.title ? strlen(a.title) : 0, a.text_len };
	for (int i = 0; i < 2 && !(f.best_len && f.best_d == 0); i++) {
		if (!texts[i])
			continue;
		f.text = texts[i];
		st = dk_analyze(s->an, texts[i],
				lens[i] > MAX_FORM_TEXT ? MAX_FORM_TEXT : lens[i], 1,
				0, on_form, &f, NULL);
		if (st)
			goto out;
	}
	memcpy(out, f.best, f.best_len + 1);
	*out_len = f.best_len;
out:
	dk_article_clear(&a);
	dk_analyzer_free(an2);
	dk_mset_free(ms);
	dk_query_free(q);
	return st;
}

/* ---- the query's words ---------------------------------------------- */

typedef struct word_ctx {
	speller *s;
	const char *text;   /* the atom's text */
} word_ctx;

static void consider(speller *s, const char *typed, size_t typed_len,
		     const char *stem, size_t len)
{
	uint64_t df = 0;
	char norm[DK_MAX_TERM + 1];
	size_t nl = 0;
	if (s->nfix >= MAX_FIX || typed_len > DK_MAX_TERM || len < 3)
		return;
	for (size_t i = 0; i < s->nfix; i++)
		if (s->fixes[i].typed_len == typed_len &&
		    !memcmp(s->fixes[i].typed, typed, typed_len))
			return;
	if ((s->st = dk_reader_termfreq(s->r, stem, len, &df)))
		return;
	if (df > 0 && !(s->total < DK_SUGGEST_FEW && df < DK_SUGGEST_FEW))
		return;
	size_t first = 1;
	while (first < len && ((unsigned char)stem[first] & 0xC0) == 0x80)
		first++;
	walk w = { stem, len, len <= 4 ? 1 : 2, "", 0, 99, 0, 0 };
	if ((s->st = dk_reader_terms(s->r, stem, first, 0, on_vocab, &w)))
		return;
	if (!w.best_len || w.best_df < DK_SUGGEST_MIN_DF || w.best_df < 10 * df)
		return;
	if (dk_analyzer_stem(s->an, typed, typed_len, DK_ANALYZE_NO_STEM, norm,
			     sizeof norm, &nl) != DK_OK)
		return;
	fix *f = &s->fixes[s->nfix];
	if ((s->st = word_for(s, w.best, w.best_len, norm, nl, f->word,
			      &f->word_len)))
		return;
	if (!f->word_len || (f->word_len == nl && !memcmp(f->word, norm, nl)))
		return;
	memcpy(f->typed, typed, typed_len);
	f->typed[typed_len] = '\0';
	f->typed_len = typed_len;
	s->nfix++;
}

static void atom(speller *s, const dk_qnode *n)
{
	dk_query_terms a;
	if (n->field != DK_FIELD_ANY && n->field != DK_FIELD_TITLE)
		return;
	if ((s->st = dk_query_terms_collect(s->an, n->text, n->len, 0,
					    MAX_ATOM_TOKENS, &a)))
		return;
	for (size_t i = 0; i < a.n && !s->st; i++) {
		if (a.v[i].flags & (DK_TOKEN_WHOLE | DK_TOKEN_NUMERIC | DK_TOKEN_STOP))
			continue;
		if (!is_letters(a.v[i].term, a.v[i].len))
			continue;
		consider(s, n->text + a.v[i].start, a.v[i].end - a.v[i].start,
			 a.v[i].term, a.v[i].len);
	}
	dk_query_terms_free(&a);
}

static void walk_tree(speller *s, const dk_qnode *n, int depth)
{
	if (!n || s->st || depth > DK_QP_TREE_DEPTH + 2)
		return;
	switch (n->kind) {
	case DK_Q_WORD:
	case DK_Q_PHRASE:
		atom(s, n);
		return;
	case DK_Q_NOT:
		/* Only the first operand is looked for. */
		if (n->nkids)
			walk_tree(s, n->kids[0], depth + 1);
		return;
	case DK_Q_PREFIX:
	case DK_Q_DATE:
		return;
	default:
		for (size_t i = 0; i < n->nkids; i++)
			if (n->kids[i]->mod != DK_QMOD_EXCLUDED)
				walk_tree(s, n->kids[i], depth + 1);
	}
}

/* ---- the corrected query -------------------------------------------- */

static int is_word_byte(unsigned char ch)
{
	return ch >= 0x80 || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

/* Write f's word in the case pattern of what was typed. */
static void put_word(dk_buf *b, const fix *f)
{
	const char *t = f->typed;
	int first_upper = t[0] >= 'A' && t[0] <= 'Z';
	int all_upper = f->typed_len > 1;
	for (size_t i = 0; i < f->typed_len; i++)
		if (t[i] >= 'a' && t[i] <= 'z')
			all_upper = 0;
	for (size_t i = 0; i < f->word_len; i++) {
		char ch = f->word[i];
		if (ch >= 'a' && ch <= 'z' && (all_upper || (i == 0 && first_upper)))
			ch = (char)(ch - 'a' + 'A');
		dk_buf_putc(b, ch);
	}
}

static char *rewrite(const speller *s, const char *q, size_t len)
{
	dk_buf b = DK_BUF_INIT;
	size_t i = 0;
	while (i < len) {
		const fix *hit = NULL;
		if (i == 0 || !is_word_byte((unsigned char)q[i - 1])) {
			for (size_t k = 0; k < s->nfix && !hit; k++) {
				const fix *f = &s->fixes[k];
				if (f->typed_len <= len - i &&
				    !memcmp(q + i, f->typed, f->typed_len) &&
				    (i + f->typed_len == len ||
				     !is_word_byte((unsigned char)q[i + f->typed_len])))
					hit = f;
			}
		}
		if (hit) {
			put_word(&b, hit);
			i += hit->typed_len;
		} else {
			dk_buf_putc(&b, q[i++]);
		}
	}
	return dk_buf_detach(&b, NULL);
}

dk_status dk_spelling_suggest(dk_reader *r, dk_analyzer *an,
			      const dk_qnode *tree, const char *q, size_t len,
			      uint64_t total, char **out)
{
	speller *s = calloc(1, sizeof *s);
	*out = NULL;
	if (!s)
		return DK_ERR_NOMEM;
	s->r = r;
	s->an = an;
	s->total = total;
	walk_tree(s, tree, 0);
	dk_status st = s->st;
	if (!st && s->nfix) {
		*out = rewrite(s, q, len);
		if (!*out)
			st = DK_ERR_NOMEM;
	}
	free(s);
	return st;
}
