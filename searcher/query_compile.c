/*
 * query_compile.c - syntax tree -> index query and match set (see
 * query_compile.h).
 *
 * Every node compiles to a dk_query (or to nothing: a word that analyzes to
 * no term, say "--").  A node that compiles to nothing is left out of its
 * parent; an AND of nothing is nothing.  Term weights for highlighting are
 * idf = log(N / df) with the counts of the reader.
 */
#include "query_compile.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/case_number.h"
#include "../common/fields.h"
#include "../common/stemmers.h"
#include "query_terms.h"

typedef struct compiler {
	dk_analyzer *an;
	dk_reader *r;
	dk_match_set *m;
	double ndocs;
	dk_buf warning;
	dk_status st;
	const dk_stemmers *langs; /* the index's stemmers, or NULL */
	int fixed;                /* compiling for one language (c->an) */
	uint64_t lang_bit;        /* its bit in match terms' langs, or 0 */
} compiler;

/* A list of query nodes owned by the list. */
typedef struct qlist {
	dk_query **v;
	size_t n, cap;
} qlist;

static void qlist_free(qlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		dk_query_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Append q (taking it); NULL q is ignored. */
static void qlist_push(compiler *c, qlist *l, dk_query *q)
{
	if (!q)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		dk_query **v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			dk_query_free(q);
			c->st = DK_ERR_NOMEM;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = q;
}

/* Combine the list with op and free it; one element is returned as is.
 * Returns NULL for an empty list. */
static dk_query *qlist_combine(compiler *c, qlist *l, dk_query_op op,
			       uint32_t window)
{
	dk_query *q = NULL;
	if (c->st || l->n == 0) {
		qlist_free(l);
		return NULL;
	}
	if (l->n == 1 && op != DK_QOP_PHRASE && op != DK_QOP_NEAR) {
		q = l->v[0];
		l->n = 0;
		qlist_free(l);
		return q;
	}
	c->st = dk_query_combine(op, (const dk_query *const *)l->v, l->n, window,
				 &q);
	qlist_free(l);
	return c->st ? NULL : q;
}

static dk_query *combine2(compiler *c, dk_query_op op, dk_query *a, dk_query *b)
{
	qlist l = { 0 };
	qlist_push(c, &l, a);
	qlist_push(c, &l, b);
	return qlist_combine(c, &l, op, 0);
}

/* ---- the match set ------------------------------------------------ */

void dk_match_set_free(dk_match_set *m)
{
	for (size_t i = 0; i < m->nterms; i++)
		free(m->terms[i].term);
	free(m->terms);
	for (size_t i = 0; i < m->nphrases; i++)
		free(m->phrases[i].terms);
	free(m->phrases);
	memset(m, 0, sizeof *m);
}

long dk_match_set_find(const dk_match_set *m, const char *t, size_t len)
{
	for (size_t i = 0; i < m->nterms; i++)
		if (!m->terms[i].is_prefix && m->terms[i].len == len &&
		    !memcmp(m->terms[i].term, t, len))
			return (long)i;
	return -1;
}

/* The languages of a term found by two queries: 0 (all) wins. */
static uint64_t langs_union(uint64_t a, uint64_t b)
{
	return a && b ? a | b : 0;
}

static long match_add(compiler *c, const char *t, size_t len, int is_prefix)
{
	dk_match_set *m = c->m;
	for (size_t i = 0; i < m->nterms; i++)
		if (m->terms[i].is_prefix == is_prefix && m->terms[i].len == len &&
		    !memcmp(m->terms[i].term, t, len)) {
			m->terms[i].langs = langs_union(m->terms[i].langs,
							c->lang_bit);
			return (long)i;
		}
	if (m->nterms == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		dk_mterm *v = realloc(m->terms, cap * sizeof *v);
		if (!v) {
			c->st = DK_ERR_NOMEM;
			return -1;
		}
		m->terms = v;
		m->cap = cap;
	}
	dk_mterm *mt = &m->terms[m->nterms];
	mt->term = dk_strndup(t, len);
	if (!mt->term) {
		c->st = DK_ERR_NOMEM;
		return -1;
	}
	mt->len = len;
	mt->is_prefix = is_prefix;
	mt->langs = c->lang_bit;
	uint64_t df = 0;
	if (!is_prefix)
		dk_reader_termfreq(c->r, t, len, &df);
	else
		df = (uint64_t)(c->ndocs / 10 + 1);  /* a prefix is a common thing */
	mt->weight = log((c->ndocs + 1) / ((double)df + 0.5));
	if (mt->weight < 0.1)
		mt->weight = 0.1;
	return (long)m->nterms++;
}

static void match_add_phrase(compiler *c, const size_t *idx, size_t n)
{
	dk_match_set *m = c->m;
	if (n < 2 || c->st)
		return;
	if (m->nphrases == m->pcap) {
		size_t cap = m->pcap ? m->pcap * 2 : 4;
		dk_mphrase *v = realloc(m->phrases, cap * sizeof *v);
		if (!v) {
			c->st = DK_ERR_NOMEM;
			return;
		}
		m->phrases = v;
		m->pcap = cap;
	}
	size_t *t = malloc(n * sizeof *t);
	if (!t) {
		c->st = DK_ERR_NOMEM;
		return;
	}
	memcpy(t, idx, n * sizeof *t);
	m->phrases[m->nphrases].terms = t;
	m->phrases[m->nphrases].n = n;
	m->nphrases++;
}

/* Move the terms and phrases of src into dst (a term already in dst is
 * shared); src keeps only what the caller still frees. */
static void match_merge(compiler *c, dk_match_set *dst, dk_match_set *src)
{
	dk_match_set *keep = c->m;
	size_t *map;
	if (!src->nterms || c->st)
		return;
	map = malloc(src->nterms * sizeof *map);
	if (!map) {
		c->st = DK_ERR_NOMEM;
		return;
	}
	for (size_t i = 0; i < src->nterms; i++) {
		dk_mterm *t = &src->terms[i];
		size_t k = 0;
		while (k < dst->nterms && !(dst->terms[k].is_prefix == t->is_prefix &&
					    dst->terms[k].len == t->len &&
					    !memcmp(dst->terms[k].term, t->term, t->len)))
			k++;
		if (k == dst->nterms) {
			if (dst->nterms == dst->cap) {
				size_t cap = dst->cap ? dst->cap * 2 : 16;
				dk_mterm *v = realloc(dst->terms, cap * sizeof *v);
				if (!v) {
					c->st = DK_ERR_NOMEM;
					free(map);
					return;
				}
				dst->terms = v;
				dst->cap = cap;
			}
			dst->terms[dst->nterms++] = *t;
			t->term = NULL;
		} else
			dst->terms[k].langs = langs_union(dst->terms[k].langs,
							  t->langs);
		map[i] = k;
	}
	c->m = dst;
	for (size_t p = 0; p < src->nphrases; p++) {
		size_t idx[64], n = src->phrases[p].n < 64 ? src->phrases[p].n : 64;
		for (size_t j = 0; j < n; j++)
			idx[j] = map[src->phrases[p].terms[j]];
		match_add_phrase(c, idx, n);
	}
	c->m = keep;
	free(map);
}

/* The prefix of a field's terms (query_compile.h), in short. */
#define field_prefix dk_query_compile_field_prefix

/* ---- analysis of one text ----------------------------------------- */

static dk_status analyze(compiler *c, const char *text, size_t len,
			 unsigned options, dk_query_terms *out)
{
	return dk_query_terms_collect(c->an, text, len, options,
				      DK_QUERY_TERMS_MAX, out);
}

const char *dk_query_compile_field_prefix(dk_qfield f)
{
	switch (f) {
	case DK_FIELD_TITLE: return DK_PREFIX_TITLE;
	case DK_FIELD_AUTHOR: return DK_PREFIX_AUTHOR;
	case DK_FIELD_SOURCE: return DK_PREFIX_SOURCE;
	case DK_FIELD_PARTY: return DK_PREFIX_PARTY;
	case DK_FIELD_COURT: return DK_PREFIX_COURT;
	default: return "";
	}
}

/* Text terms of the body are highlighted, and those of the fields whose
 * words stand in the body too (parties, courts); the others (author,
 * source) are not in the passage text. */
static int highlights(dk_qfield f)
{
	return f == DK_FIELD_ANY || f == DK_FIELD_TITLE ||
	       f == DK_FIELD_PARTY || f == DK_FIELD_COURT;
}

static dk_query *term_query(compiler *c, const char *prefix, const char *t,
			    size_t len)
{
	dk_buf b = DK_BUF_INIT;
	dk_query *q = NULL;
	dk_buf_puts(&b, prefix);
	dk_buf_append(&b, t, len);
	if (b.err)
		c->st = DK_ERR_NOMEM;
	else
		c->st = dk_query_term(b.data, b.len, 1, &q);
	dk_buf_free(&b);
	return q;
}

/* The phrase (or the term, for one) of the given analyzed tokens. */
static dk_query *phrase_of(compiler *c, dk_qfield f, const dk_query_token *const *toks,
			   size_t n)
{
	qlist l = { 0 };
	size_t idx[64] = { 0 };
	size_t ni = 0;
	for (size_t i = 0; i < n && !c->st; i++) {
		qlist_push(c, &l,
			   term_query(c, field_prefix(f),
				      toks[i]->term, toks[i]->len));
		if (highlights(f)) {
			long k = match_add(c, toks[i]->term, toks[i]->len, 0);
			if (k >= 0 && ni < 64)
				idx[ni++] = (size_t)k;
		}
	}
	if (highlights(f))
		match_add_phrase(c, idx, ni);
	if (l.n == 1)
		return qlist_combine(c, &l, DK_QOP_AND, 0);
	return qlist_combine(c, &l, DK_QOP_PHRASE, 0);
}

/* ---- sites by name ---------------------------------------------------- */

/* Hosts a short name may stand for, at most this many. */
#define DK_SITE_NAMES_MAX 64

typedef struct site_names {
	const char *name;  /* lower-case letters and digits */
	size_t len;
	qlist l;
	compiler *c;
} site_names;

/*
 * Whether host (an "H" term without its prefix, a host or a parent domain
 * with at least one dot) is the site a user means by name: its first label
 * ("theverge" of "theverge.com", "reuters" of "reuters.com", "cnn" of
 * "cnn.com") is the name, or, for names of four letters or more, begins
 * or ends with it ("verge" -> "theverge", "ars" is too short to guess).
 */
static int site_is_named(const char *host, size_t len, const char *name,
			 size_t nl)
{
	const char *dot = memchr(host, '.', len);
	if (!dot || !nl)
		return 0;
	size_t ll = (size_t)(dot - host);
	if (ll == nl)
		return !memcmp(host, name, nl);
	if (nl < 4 || ll < nl)
		return 0;
	return !memcmp(host, name, nl) || !memcmp(host + ll - nl, name, nl);
}

static int collect_site(void *ctx, const char *t, size_t len, uint64_t tf)
{
	site_names *sn = ctx;
	(void)tf;
	size_t pl = strlen(DK_PREFIX_SITE);
	if (len <= pl || !site_is_named(t + pl, len - pl, sn->name, sn->len))
		return 0;
	dk_query *q = NULL;
	if ((sn->c->st = dk_query_term(t, len, 1, &q)))
		return 1;
	qlist_push(sn->c, &sn->l, q);
	return sn->c->st || sn->l.n >= DK_SITE_NAMES_MAX;
}

/*
 * The sites named by text[0..len) (site:verge, source:"the verge"): its
 * letters and digits, lower-cased, as a site's name (site_is_named), or
 * NULL when no indexed host has that name.  Text with a dot is a host,
 * not a name.
 */
static dk_query *sites_named(compiler *c, const char *text, size_t len)
{
	char name[64];
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '.' || ch >= 0x80 || k == sizeof name)
			return NULL;
		if (isalnum(ch))
			name[k++] = (char)tolower(ch);
	}
	if (!k || !c->r)
		return NULL;
	site_names sn = { name, k, { 0 }, c };
	dk_status st = dk_reader_terms(c->r, DK_PREFIX_SITE,
				       strlen(DK_PREFIX_SITE), 0, collect_site,
				       &sn);
	if (st && !c->st)
		c->st = st;
	if (c->st) {
		qlist_free(&sn.l);
		return NULL;
	}
	return qlist_combine(c, &sn.l, DK_QOP_OR, 0);
}

/* source:NAME is the publication: the words of its name as the dump gave
 * it, or the site of that name (dumps that name a source by its host,
 * "www.theverge.com", still answer source:verge). */
static dk_query *source_or_site(compiler *c, const dk_qnode *n, dk_query *q)
{
	if (c->st || n->field != DK_FIELD_SOURCE)
		return q;
	dk_query *s = sites_named(c, n->text, n->len);
	if (!s)
		return q;
	if (!q)
		return s;
	return combine2(c, DK_QOP_OR, q, s);
}

/* A boolean filter term for site:, lang:, case:. */
static dk_query *filter_query(compiler *c, const dk_qnode *n)
{
	char tmp[300];
	size_t k = 0;
	const char *s = n->text;
	size_t len = n->len;
	const char *prefix;
	if (n->field == DK_FIELD_CASE) {
		char norm[16];
		if (!dk_case_number_normalize(s, len, norm)) {
			/* Not a docket number: match the words of it as a
			 * case number literally, which finds nothing rather than
			 * everything. */
			return term_query(c, DK_PREFIX_CASE, s, len > 200 ? 200 : len);
		}
		/* The passage shows where the case number stands. */
		match_add(c, norm, strlen(norm), DK_MTERM_CASE);
		return term_query(c, DK_PREFIX_CASE, norm, strlen(norm));
	}
	prefix = n->field == DK_FIELD_SITE ? DK_PREFIX_SITE : DK_PREFIX_LANG;
	/* Hosts and language codes: lower-case, no scheme, no "www.". */
	const char *p = strstr(s, "://");
	if (p && n->field == DK_FIELD_SITE) {
		len -= (size_t)(p + 3 - s);
		s = p + 3;
	}
	if (len > 4 && !strncmp(s, "www.", 4) && n->field == DK_FIELD_SITE) {
		s += 4;
		len -= 4;
	}
	for (size_t i = 0; i < len && k < 250; i++) {
		if (s[i] == '/')
			break;
		tmp[k++] = (char)tolower((unsigned char)s[i]);
	}
	/* site:reuters, site:verge: a name rather than a host, unless some
	 * host is indexed under that very term ("site:com"). */
	if (n->field == DK_FIELD_SITE && k && !memchr(tmp, '.', k)) {
		uint64_t tf = 0;
		dk_buf t = DK_BUF_INIT;
		dk_buf_puts(&t, DK_PREFIX_SITE);
		dk_buf_append(&t, tmp, k);
		if (!t.err && c->r)
			dk_reader_termfreq(c->r, t.data, t.len, &tf);
		dk_buf_free(&t);
		dk_query *named = tf ? NULL : sites_named(c, tmp, k);
		if (named || c->st)
			return named;
	}
	return term_query(c, prefix, tmp, k);
}

static int is_filter_field(dk_qfield f)
{
	return f == DK_FIELD_SITE || f == DK_FIELD_LANG || f == DK_FIELD_CASE;
}

static dk_query *compile_word(compiler *c, const dk_qnode *n, int in_bag,
			      int *stop_only)
{
	dk_query_terms a;
	dk_query *q = NULL;
	*stop_only = 0;
	if (is_filter_field(n->field))
		return filter_query(c, n);
	if ((c->st = analyze(c, n->text, n->len, 0, &a)))
		goto out;
	qlist groups = { 0 };
	int all_stop = a.n > 0;
	int all_terms = 1;  /* every group is one term (not a phrase) */
	for (size_t i = 0; i < a.n && !c->st;) {
		const dk_query_token *whole;
		size_t j = dk_query_terms_group(&a, i, &whole);
		const dk_query_token *parts[64];
		size_t np = 0;
		for (size_t k = i; k < j; k++) {
			if (!(a.v[k].flags & DK_TOKEN_WHOLE) && np < 64)
				parts[np++] = &a.v[k];
			if (!(a.v[k].flags & DK_TOKEN_STOP))
				all_stop = 0;
		}
		if (whole) {
			qlist_push(c, &groups,
				   term_query(c, field_prefix(n->field),
					      whole->term, whole->len));
			if (highlights(n->field))
				match_add(c, whole->term, whole->len, 0);
		} else {
			if (np > 1)
				all_terms = 0;
			qlist_push(c, &groups, phrase_of(c, n->field, parts, np));
		}
		i = j;
	}
	*stop_only = all_stop && in_bag;
	/* Groups glued by punctuation ("a/b=c") read as a phrase when each is
	 * a term; Xapian's phrases take only terms, so compounds among them
	 * make it an AND of the groups. */
	q = qlist_combine(c, &groups, groups.n > 1 && all_terms ? DK_QOP_PHRASE
								 : DK_QOP_AND, 0);
	q = source_or_site(c, n, q);
out:
	dk_query_terms_free(&a);
	return q;
}

static dk_query *compile_phrase(compiler *c, const dk_qnode *n)
{
	dk_query_terms a;
	dk_query *q = NULL;
	if (is_filter_field(n->field))
		return filter_query(c, n);
	if ((c->st = analyze(c, n->text, n->len, 0, &a)))
		goto out;
	const dk_query_token **v = malloc((a.n ? a.n : 1) * sizeof *v);
	if (!v) {
		c->st = DK_ERR_NOMEM;
		goto out;
	}
	size_t k = 0;
	for (size_t i = 0; i < a.n; i++)
		if (!(a.v[i].flags & DK_TOKEN_WHOLE))
			v[k++] = &a.v[i];
	if (k > 64)
		k = 64;  /* Xapian handles long phrases, but 64 words is plenty */
	if (k)
		q = phrase_of(c, n->field, v, k);
	free(v);
	q = source_or_site(c, n, q);
out:
	dk_query_terms_free(&a);
	return q;
}

typedef struct expand_ctx {
	size_t n;
} expand_ctx;

static int count_terms(void *ctx, const char *t, size_t len, uint64_t tf)
{
	(void)t;
	(void)len;
	(void)tf;
	((expand_ctx *)ctx)->n++;
	return 0;
}

static dk_query *compile_prefix(compiler *c, const dk_qnode *n)
{
	char norm[DK_MAX_TERM + 1], stem[DK_MAX_TERM + 1];
	size_t nl = 0, sl = 0;
	if (is_filter_field(n->field))
		return filter_query(c, n);
	if (dk_analyzer_stem(c->an, n->text, n->len, DK_ANALYZE_NO_STEM, norm,
			     sizeof norm, &nl) != DK_OK)
		return NULL;
	if (dk_analyzer_stem(c->an, n->text, n->len, 0, stem, sizeof stem, &sl) !=
	    DK_OK)
		sl = 0;
	const char *prefix = field_prefix(n->field);
	qlist l = { 0 };
	const char *forms[2] = { norm, stem };
	size_t lens[2] = { nl, sl };
	for (int i = 0; i < 2 && !c->st; i++) {
		if (!lens[i] || (i == 1 && lens[1] == lens[0] &&
				 !memcmp(stem, norm, nl)))
			continue;
		/* A stem that is longer than the prefix typed would miss
		 * words: "privacy*" -> "privaci" finds "privacies" too,
		 * but only use it when it is a prefix-like shortening. */
		dk_buf b = DK_BUF_INIT;
		dk_buf_puts(&b, prefix);
		dk_buf_append(&b, forms[i], lens[i]);
		if (b.err) {
			c->st = DK_ERR_NOMEM;
			break;
		}
		expand_ctx ec = { 0 };
		dk_reader_terms(c->r, b.data, b.len, DK_PREFIX_MAX + 1, count_terms,
				&ec);
		char msg[DK_MAX_TERM + 100];
		snprintf(msg, sizeof msg, "%s* matches more than %d words: only "
			 "the %d most frequent are searched", forms[i],
			 DK_PREFIX_MAX, DK_PREFIX_MAX);
		/* Once, though each stemming language compiles the prefix. */
		if (ec.n > DK_PREFIX_MAX &&
		    !(c->fixed && c->warning.len && !c->warning.err &&
		      strstr(c->warning.data, msg))) {
			if (c->warning.len)
				dk_buf_puts(&c->warning, "; ");
			dk_buf_puts(&c->warning, msg);
		}
		dk_query *q = NULL;
		c->st = dk_reader_wildcard(c->r, b.data, b.len, DK_PREFIX_MAX, &q);
		qlist_push(c, &l, q);
		if (highlights(n->field))
			match_add(c, forms[i], lens[i], 1);
		dk_buf_free(&b);
	}
	return qlist_combine(c, &l, DK_QOP_SYNONYM, 0);
}

/*
 * An article dated only by year or month (stored as "YYYY0000" or
 * "YYYYMM00", fields.h) covers that whole year or month, and matches a
 * date range only when the range holds all of it: date:2023 and
 * date:2022..2024 find an article dated "2023", date:2023-01 and
 * date:<2023-06 do not; date:2023-01 finds one dated "2023-01".
 *
 * Its key sorts before the first day of its year or month, so a range
 * that starts on 1 January (the 1st of a month) has its lower bound moved
 * down to the year's (month's) "00"; a range starting later leaves those
 * keys below it.  On the upper side only the year and the month of the
 * last day can be covered in part: their "00" keys are excluded unless
 * the range runs to 31 December (to the month's last day).
 */
static int last_day_of_month(const char *d)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	int m = (d[4] - '0') * 10 + (d[5] - '0');
	int day = (d[6] - '0') * 10 + (d[7] - '0');
	if (m < 1 || m > 12)
		return 0;
	int last = dim[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		last = 29;
	return day >= last;
}

static dk_query *compile_date(compiler *c, const dk_qnode *n)
{
	dk_query *q = NULL;
	char low[9];
	const char *lo = n->date_lo[0] ? n->date_lo : NULL;
	const char *hi = n->date_hi[0] ? n->date_hi : NULL;
	if (!lo && !hi)
		return NULL;
	if (lo && strlen(lo) == 8 && !strcmp(lo + 6, "01")) {
		memcpy(low, lo, 9);
		memcpy(low + 6, "00", 2);
		if (!memcmp(low + 4, "01", 2))
			memcpy(low + 4, "00", 2);
		lo = low;
	}
	c->st = dk_query_value_range(DK_SLOT_DATE, lo, lo ? strlen(lo) : 0, hi,
				     hi ? strlen(hi) : 0, &q);
	if (c->st || !hi || strlen(hi) != 8)
		return q;
	/* The year and the month of the last day, when the range covers
	 * them only in part. */
	char part[2][9];
	size_t np = 0;
	if (memcmp(hi + 4, "1231", 4)) {
		memcpy(part[np], hi, 4);
		memcpy(part[np++] + 4, "0000", 5);
	}
	if (!last_day_of_month(hi)) {
		memcpy(part[np], hi, 6);
		memcpy(part[np++] + 6, "00", 3);
	}
	qlist l = { 0 };
	qlist_push(c, &l, q);
	for (size_t i = 0; i < np && !c->st; i++) {
		if (lo && strcmp(part[i], lo) < 0)
			continue;     /* below the range anyway */
		dk_query *x = NULL;
		c->st = dk_query_value_range(DK_SLOT_DATE, part[i], 8, part[i], 8, &x);
		qlist_push(c, &l, x);
	}
	return qlist_combine(c, &l, DK_QOP_AND_NOT, 0);
}

static dk_query *compile(compiler *c, const dk_qnode *n, int depth);

/* ---- one query per stemming language ------------------------------ */

/* A node compiler run once per language: depth and aux as compile_*
 * take them. */
typedef dk_query *(*node_fn)(compiler *c, const dk_qnode *n, int depth,
			     int *aux);

/*
 * q (taken) restricted to the articles of the stemmers of mask (bit i: the
 * i-th of langs): q itself when mask is 0 or holds them all; q AND_NOT
 * the other stemmers' terms when mask holds the default (its articles
 * have no stemmer term); else q FILTER the terms of mask's stemmers.
 */
static dk_status restrict_mask(const dk_stemmers *langs, uint64_t mask,
			       dk_query *q, dk_query **out)
{
	size_t nl = langs ? dk_stemmers_count(langs) : 1;
	uint64_t all = nl >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << nl) - 1;
	dk_status st = DK_OK;
	*out = NULL;
	if (!mask || (mask & all) == all) {
		*out = q;
		return DK_OK;
	}
	int with_default = (mask & 1) != 0;
	dk_query *v[DK_STEMMERS_MAX];
	size_t n = 0;
	dk_buf b = DK_BUF_INIT;
	for (size_t i = 1; i < nl && i < 64 && !st; i++) {
		if (((mask >> i) & 1) == (uint64_t)with_default)
			continue;
		const char *name = dk_analyzer_language(dk_stemmers_at(langs, i));
		dk_buf_reset(&b);
		dk_buf_puts(&b, DK_PREFIX_STEMMER);
		dk_buf_puts(&b, name);
		st = b.err ? DK_ERR_NOMEM : dk_query_term(b.data, b.len, 1, &v[n]);
		if (!st)
			n++;
	}
	dk_buf_free(&b);
	dk_query *any = NULL;
	if (!st)
		st = dk_query_combine(DK_QOP_OR, (const dk_query *const *)v, n, 0,
				      &any);
	if (!st) {
		const dk_query *two[2] = { q, any };
		st = dk_query_combine(with_default ? DK_QOP_AND_NOT : DK_QOP_FILTER,
				      two, 2, 0, out);
	}
	for (size_t i = 0; i < n; i++)
		dk_query_free(v[i]);
	dk_query_free(any);
	dk_query_free(q);
	return st;
}

/*
 * Node n (a text word, phrase, prefix or NEAR) in an index whose articles
 * use several stemmers: compiled once with each language's analyzer,
 * each query restricted to the articles of the languages that give it.
 * Languages whose queries are the same share one: a word that every
 * stemmer leaves alike ("berlin") is the plain term, unfiltered, and in
 * an index of one language nothing changes.  The default language's
 * query covers the articles without a stemmer term (AND_NOT the others'
 * terms); another's is FILTERed by its term.  An article has one
 * stemmer, so at most one branch of the OR matches it, and it weighs by
 * the collection statistics of its own language's term: scores stay
 * comparable across languages.  *aux (compile_word's stop_only) comes
 * from the default language.
 */
static dk_query *per_language(compiler *c, const dk_qnode *n, int depth,
			      int *aux, node_fn fn)
{
	size_t nl = c->langs ? dk_stemmers_count(c->langs) : 1;
	if (nl < 2 || c->fixed || is_filter_field(n->field) ||
	    n->kind == DK_Q_DATE)
		return fn(c, n, depth, aux);
	dk_query *q[DK_STEMMERS_MAX] = { 0 };
	char *d[DK_STEMMERS_MAX] = { 0 };
	int group[DK_STEMMERS_MAX];
	dk_analyzer *keep = c->an;
	c->fixed = 1;
	for (size_t i = 0; i < nl && !c->st; i++) {
		int a = 0;
		c->an = dk_stemmers_at(c->langs, i);
		c->lang_bit = (uint64_t)1 << i;
		q[i] = fn(c, n, depth, &a);
		if (i == 0 && aux)
			*aux = a;
		if (q[i] && !c->st)
			c->st = dk_query_describe(q[i], &d[i]);
	}
	c->an = keep;
	c->fixed = 0;
	c->lang_bit = 0;
	/* group[i]: the first language with the same query as i. */
	for (size_t i = 0; i < nl; i++) {
		group[i] = (int)i;
		for (size_t j = 0; j < i && d[i]; j++)
			if (d[j] && !strcmp(d[i], d[j])) {
				group[i] = (int)j;
				break;
			}
	}
	qlist out = { 0 };
	for (size_t g = 0; g < nl && !c->st; g++) {
		if (group[g] != (int)g || !q[g])
			continue;
		uint64_t mask = 0;
		for (size_t i = 0; i < nl; i++)
			if (group[i] == (int)g)
				mask |= (uint64_t)1 << i;
		dk_query *sub = NULL;
		c->st = restrict_mask(c->langs, mask, q[g], &sub);
		q[g] = NULL;
		qlist_push(c, &out, sub);
	}
	for (size_t i = 0; i < nl; i++) {
		dk_query_free(q[i]);
		free(d[i]);
	}
	return qlist_combine(c, &out, DK_QOP_OR, 0);
}

static dk_query *word_fn(compiler *c, const dk_qnode *n, int depth, int *aux)
{
	(void)depth;
	return compile_word(c, n, 0, aux);
}

static dk_query *bag_word_fn(compiler *c, const dk_qnode *n, int depth,
			     int *aux)
{
	(void)depth;
	return compile_word(c, n, 1, aux);
}

static dk_query *phrase_fn(compiler *c, const dk_qnode *n, int depth, int *aux)
{
	(void)depth;
	(void)aux;
	return compile_phrase(c, n);
}

static dk_query *prefix_fn(compiler *c, const dk_qnode *n, int depth, int *aux)
{
	(void)depth;
	(void)aux;
	return compile_prefix(c, n);
}

static dk_query *compile_near(compiler *c, const dk_qnode *n, int depth);

static dk_query *near_fn(compiler *c, const dk_qnode *n, int depth, int *aux)
{
	(void)aux;
	return compile_near(c, n, depth);
}

/* Is the node a restriction (field or date) rather than a ranked word? */
static int is_restriction(const dk_qnode *n)
{
	if (n->kind == DK_Q_DATE)
		return 1;
	return (n->kind == DK_Q_WORD || n->kind == DK_Q_PHRASE ||
		n->kind == DK_Q_PREFIX) && n->field != DK_FIELD_ANY;
}

static dk_query *compile_bag(compiler *c, const dk_qnode *n, int depth)
{
	qlist req = { 0 }, opt = { 0 }, stop = { 0 }, excl = { 0 }, filt = { 0 };
	/* The terms of optional stopwords: highlighted only when the
	 * stopwords are searched, which is known at the end. */
	dk_match_set stop_terms = { 0 };
	for (size_t i = 0; i < n->nkids && !c->st; i++) {
		const dk_qnode *k = n->kids[i];
		int stop_only = 0;
		dk_query *q;
		if (k->kind == DK_Q_WORD && k->mod != DK_QMOD_EXCLUDED) {
			dk_match_set scratch = { 0 }, *keep = c->m;
			c->m = &scratch;
			q = per_language(c, k, depth + 1, &stop_only,
					 bag_word_fn);
			c->m = keep;
			int optional_stop = stop_only && k->mod != DK_QMOD_REQUIRED &&
					    !is_restriction(k);
			match_merge(c, optional_stop ? &stop_terms : c->m, &scratch);
			dk_match_set_free(&scratch);
		} else if (k->mod == DK_QMOD_EXCLUDED) {
			/* Excluded words must not be highlighted: compile them
			 * against a scratch match set. */
			dk_match_set scratch = { 0 }, *keep = c->m;
			c->m = &scratch;
			q = compile(c, k, depth + 1);
			c->m = keep;
			dk_match_set_free(&scratch);
			qlist_push(c, &excl, q);
			continue;
		} else
			q = compile(c, k, depth + 1);
		if (!q)
			continue;
		if (k->kind == DK_Q_DATE || (is_restriction(k) &&
					     is_filter_field(k->field))) {
			dk_query *b = NULL;
			c->st = dk_query_scale(q, 0, &b);
			dk_query_free(q);
			qlist_push(c, &filt, b);
		} else if (k->mod == DK_QMOD_REQUIRED || is_restriction(k))
			qlist_push(c, &req, q);
		else if (stop_only)
			qlist_push(c, &stop, q);
		else
			qlist_push(c, &opt, q);
	}
	/* Stopwords count only when the query is nothing but stopwords
	 * ("the who"). */
	if (opt.n || req.n)
		qlist_free(&stop);
	else {
		opt = stop;
		memset(&stop, 0, sizeof stop);
		match_merge(c, c->m, &stop_terms);
	}
	dk_match_set_free(&stop_terms);
	dk_query *r = qlist_combine(c, &req, DK_QOP_AND, 0);
	dk_query *o = qlist_combine(c, &opt, DK_QOP_OR, 0);
	dk_query *q;
	if (r && o)
		q = combine2(c, DK_QOP_AND_MAYBE, r, o);
	else
		q = r ? r : o;
	dk_query *f = qlist_combine(c, &filt, DK_QOP_AND, 0);
	if (f) {
		if (!q && !c->st)
			c->st = dk_query_match_all(&q);
		q = combine2(c, DK_QOP_FILTER, q, f);
	}
	dk_query *x = qlist_combine(c, &excl, DK_QOP_OR, 0);
	if (x) {
		if (!q && !c->st)
			c->st = dk_query_match_all(&q);
		q = combine2(c, DK_QOP_AND_NOT, q, x);
	}
	return q;
}

/* ---- NEAR --------------------------------------------------------- */

typedef struct leaf_ctx {
	compiler *c;
	qlist *l;
	size_t plen;
} leaf_ctx;

static int push_leaf_term(void *ctx, const char *t, size_t len, uint64_t df)
{
	leaf_ctx *x = ctx;
	(void)df;
	qlist_push(x->c, x->l, term_query(x->c, "", t, len));
	(void)x->plen;
	return x->c->st != DK_OK;
}

/*
 * The terms of atom n that a NEAR can hold (Xapian's NEAR takes terms and
 * ORs of terms only): a word's term, a phrase's or compound's terms (one
 * leaf each; *extra grows by the words beyond the first), a prefix's
 * expansion as one OR.  Returns the leaves added; 0 for a node that has
 * none (a date, a site: filter, a nested expression).
 */
static size_t near_leaves(compiler *c, const dk_qnode *n, qlist *leaves,
			  uint32_t *extra)
{
	size_t before = leaves->n;
	if (is_filter_field(n->field) || n->kind == DK_Q_DATE)
		return 0;
	if (n->kind == DK_Q_PREFIX) {
		char norm[DK_MAX_TERM + 1];
		size_t nl = 0;
		if (dk_analyzer_stem(c->an, n->text, n->len, DK_ANALYZE_NO_STEM, norm,
				     sizeof norm, &nl) != DK_OK)
			return 0;
		dk_buf b = DK_BUF_INIT;
		qlist alts = { 0 };
		dk_buf_puts(&b, field_prefix(n->field));
		dk_buf_append(&b, norm, nl);
		leaf_ctx x = { c, &alts, 0 };
		if (b.err)
			c->st = DK_ERR_NOMEM;
		else
			dk_reader_terms(c->r, b.data, b.len, DK_PREFIX_MAX,
					push_leaf_term, &x);
		dk_buf_free(&b);
		qlist_push(c, leaves, qlist_combine(c, &alts, DK_QOP_OR, 0));
		return leaves->n - before;
	}
	if (n->kind != DK_Q_WORD && n->kind != DK_Q_PHRASE)
		return 0;
	dk_query_terms a;
	if ((c->st = analyze(c, n->text, n->len, 0, &a)))
		return 0;
	for (size_t i = 0; i < a.n && !c->st;) {
		const dk_query_token *whole;
		size_t j = dk_query_terms_group(&a, i, &whole);
		/* A word searches an identifier whole, a phrase by its parts. */
		for (size_t k = i; k < j; k++) {
			const dk_query_token *t = &a.v[k];
			if (!dk_query_terms_searched(t, whole,
						     n->kind != DK_Q_WORD))
				continue;
			qlist_push(c, leaves,
				   term_query(c, field_prefix(n->field),
					      t->term, t->len));
		}
		i = j;
	}
	dk_query_terms_free(&a);
	if (leaves->n - before > 1)
		*extra += (uint32_t)(leaves->n - before - 1);
	return leaves->n - before;
}

/* Is n a word that compiles to one term, or an OR of such words?  Those
 * are what Xapian's NEAR accepts as they are. */
static int is_leaf(compiler *c, const dk_qnode *n, int depth)
{
	if (depth > 2)
		return 0;
	if (n->kind == DK_Q_OR) {
		for (size_t i = 0; i < n->nkids; i++)
			if (!is_leaf(c, n->kids[i], depth + 1))
				return 0;
		return n->nkids > 0;
	}
	if (n->kind != DK_Q_WORD || is_filter_field(n->field))
		return 0;
	qlist l = { 0 };
	uint32_t extra = 0;
	size_t got = near_leaves(c, n, &l, &extra);
	qlist_free(&l);
	return got == 1;
}

/* A NEAR whose items are all leaves (is_leaf) is Xapian's NEAR.
 * Otherwise (a phrase, a compound word, a prefix, a nested expression)
 * every item must match as itself AND the terms of the atoms must lie
 * within the window, widened by the extra words of phrases. */
static dk_query *compile_near(compiler *c, const dk_qnode *n, int depth)
{
	qlist all = { 0 }, leaves = { 0 };
	uint32_t extra = 0;
	int simple = 1;
	for (size_t i = 0; i < n->nkids && !c->st; i++) {
		const dk_qnode *k = n->kids[i];
		dk_query *q = compile(c, k, depth + 1);
		if (!q)
			continue;
		if (is_leaf(c, k, 0)) {
			/* Its terms again: q itself may be wrapped. */
			qlist alts = { 0 };
			uint32_t none = 0;
			if (k->kind == DK_Q_OR)
				for (size_t g = 0; g < k->nkids; g++)
					near_leaves(c, k->kids[g], &alts, &none);
			else
				near_leaves(c, k, &alts, &none);
			qlist_push(c, &leaves, qlist_combine(c, &alts, DK_QOP_OR, 0));
		} else {
			simple = 0;
			near_leaves(c, k, &leaves, &extra);
		}
		qlist_push(c, &all, q);
	}
	if (c->st) {
		qlist_free(&all);
		qlist_free(&leaves);
		return NULL;
	}
	/* Xapian's window is the span of positions the whole match may
	 * cover: words at most `distance` apart span distance+1. */
	uint32_t window = n->distance + 1 + extra;
	if (simple && all.n >= 2) {
		qlist_free(&leaves);
		return qlist_combine(c, &all, DK_QOP_NEAR, window);
	}
	if (leaves.n >= 2)
		qlist_push(c, &all, qlist_combine(c, &leaves, DK_QOP_NEAR, window));
	else
		qlist_free(&leaves);
	return qlist_combine(c, &all, DK_QOP_AND, 0);
}

static dk_query *compile(compiler *c, const dk_qnode *n, int depth)
{
	int stop_only;
	if (c->st || !n || depth > 256)
		return NULL;
	switch (n->kind) {
	case DK_Q_WORD:
		return per_language(c, n, depth, &stop_only, word_fn);
	case DK_Q_PHRASE:
		return per_language(c, n, depth, NULL, phrase_fn);
	case DK_Q_PREFIX:
		return per_language(c, n, depth, NULL, prefix_fn);
	case DK_Q_DATE:
		return compile_date(c, n);
	case DK_Q_BAG:
		return compile_bag(c, n, depth);
	case DK_Q_NEAR:
		return per_language(c, n, depth, NULL, near_fn);
	case DK_Q_AND:
	case DK_Q_OR: {
		qlist l = { 0 };
		for (size_t i = 0; i < n->nkids && !c->st; i++)
			qlist_push(c, &l, compile(c, n->kids[i], depth + 1));
		return qlist_combine(c, &l, n->kind == DK_Q_AND ? DK_QOP_AND
							       : DK_QOP_OR, 0);
	}
	case DK_Q_NOT: {
		dk_query *first = n->nkids ? compile(c, n->kids[0], depth + 1) : NULL;
		qlist l = { 0 };
		dk_match_set scratch = { 0 }, *keep = c->m;
		c->m = &scratch;
		for (size_t i = 1; i < n->nkids && !c->st; i++)
			qlist_push(c, &l, compile(c, n->kids[i], depth + 1));
		c->m = keep;
		dk_match_set_free(&scratch);
		dk_query *x = qlist_combine(c, &l, DK_QOP_OR, 0);
		if (!x)
			return first;
		if (!first && !c->st)
			c->st = dk_query_match_all(&first);
		return combine2(c, DK_QOP_AND_NOT, first, x);
	}
	}
	return NULL;
}

dk_status dk_query_compile(const dk_qnode *tree, dk_analyzer *an, dk_reader *r,
			   dk_compiled *out)
{
	return dk_query_compile_langs(tree, an, NULL, r, out);
}

dk_status dk_query_compile_langs(const dk_qnode *tree, dk_analyzer *an,
				 const dk_stemmers *langs, dk_reader *r,
				 dk_compiled *out)
{
	compiler c = { an, r, &out->match, 0, DK_BUF_INIT, DK_OK, langs, 0, 0 };
	uint64_t nd = 0;
	memset(out, 0, sizeof *out);
	out->langs = langs;
	c.m = &out->match;
	dk_reader_doccount(r, &nd);
	c.ndocs = (double)nd;
	out->query = compile(&c, tree, 0);
	if (c.warning.len)
		out->warning = dk_buf_detach(&c.warning, NULL);
	dk_buf_free(&c.warning);
	if (c.st) {
		dk_compiled_free(out);
		return c.st;
	}
	return DK_OK;
}

void dk_compiled_free(dk_compiled *c)
{
	dk_query_free(c->query);
	dk_match_set_free(&c->match);
	free(c->warning);
	memset(c, 0, sizeof *c);
}

dk_status dk_compiled_restrict(const dk_compiled *c, uint64_t mask,
			       const dk_query *q, dk_query **out)
{
	dk_query *copy = NULL;
	size_t nl = c->langs ? dk_stemmers_count(c->langs) : 1;
	uint64_t all = nl >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << nl) - 1;
	*out = NULL;
	if (!mask || (mask & all) == all)
		return DK_OK;
	dk_status st = dk_query_scale(q, 1, &copy);
	if (st)
		return st;
	return restrict_mask(c->langs, mask, copy, out);
}

/* Ownership: *out's members belong to the caller (dk_match_set_free). */
dk_status dk_match_set_for_lang(const dk_compiled *c, size_t lang,
				dk_match_set *out)
{
	const dk_match_set *m = &c->match;
	uint64_t bit = lang < 64 ? (uint64_t)1 << lang : 0;
	long *map = NULL;
	memset(out, 0, sizeof *out);
	if (!m->nterms)
		return DK_OK;
	map = malloc(m->nterms * sizeof *map);
	out->terms = calloc(m->nterms, sizeof *out->terms);
	if (!map || !out->terms)
		goto nomem;
	out->cap = m->nterms;
	for (size_t i = 0; i < m->nterms; i++) {
		map[i] = -1;
		if (m->terms[i].langs && !(m->terms[i].langs & bit))
			continue;
		dk_mterm *t = &out->terms[out->nterms];
		*t = m->terms[i];
		if (!(t->term = dk_strndup(m->terms[i].term, m->terms[i].len)))
			goto nomem;
		map[i] = (long)out->nterms++;
	}
	if (m->nphrases) {
		out->phrases = calloc(m->nphrases, sizeof *out->phrases);
		if (!out->phrases)
			goto nomem;
		out->pcap = m->nphrases;
	}
	for (size_t p = 0; p < m->nphrases; p++) {
		const dk_mphrase *ph = &m->phrases[p];
		size_t k = 0;
		while (k < ph->n && map[ph->terms[k]] >= 0)
			k++;
		if (k < ph->n)
			continue;
		size_t *t = malloc(ph->n * sizeof *t);
		if (!t)
			goto nomem;
		for (k = 0; k < ph->n; k++)
			t[k] = (size_t)map[ph->terms[k]];
		out->phrases[out->nphrases].terms = t;
		out->phrases[out->nphrases++].n = ph->n;
	}
	free(map);
	return DK_OK;
nomem:
	free(map);
	dk_match_set_free(out);
	return DK_ERR_NOMEM;
}
