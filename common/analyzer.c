/*
 * analyzer.c - the one analyzer: tokenize -> normalize -> stem.
 *
 * The token rules are in analyzer.h; this note says how they are run.
 *
 * Decoding.  UTF-8 is decoded strictly (no overlong forms, no surrogates,
 * nothing above U+10FFFF) by a small inline decoder; a byte that does not
 * start a valid sequence is one invalid byte: a separator, counted once by
 * the main loop (lookahead never steps over one).  Bytes below 0x80 are
 * classified through a table and lower-cased inline: that ASCII fast path
 * carries most text without a call into utf8proc.
 *
 * Classes.  Letters (L*) and numbers (N*) make words; marks (M*) and a few
 * invisible characters (soft hyphen, ZWJ, ZWNJ, word joiner) continue the
 * word before them; apostrophes, hyphens, '.', ':', '/', '_' and ',' may
 * join words into a run; '$' and U+00A7 prefix numbers; everything else,
 * invalid bytes included, separates.  Han, kana, Bopomofo, Thai, Lao,
 * Myanmar and Khmer letters are each a word on their own (with the marks
 * after them), since those scripts do not put spaces between words.
 *
 * Runs.  A run is word (connector word)*, a connector being one hyphen or
 * one of ". : / _" with a word straight after it.  Apostrophes and digit
 * group commas do not split a word, they vanish from it: "don't" is one
 * segment "dont", "1,000,000" one segment "1000000".  A run is read twice
 * at most: pass 1 finds its extent, whether it holds a number, whether it
 * is a dotted acronym, and builds its WHOLE term (capped at DK_MAX_TERM);
 * a single-segment run - nearly every word - is emitted straight from
 * pass 1.  Only compounds take pass 2, which re-reads the run and emits
 * its parts.  Both passes are linear and keep no per-segment state, so a
 * 10 MB run costs two linear scans and a few hundred bytes of stack.
 *
 * Normalization.  Each code point above ASCII goes through
 * utf8proc_decompose_char() with CASEFOLD | DECOMPOSE | COMPAT, and
 * STRIPMARK unless its script spells vowels with marks (Indic, Thai, Lao,
 * Tibetan, Myanmar, Khmer, kana), where stripping would change the word;
 * a mark in the input follows the same choice as its base letter.
 * Precomposed Hangul is kept as is (NFKD would split it into jamo).
 * Output is appended to a fixed buffer of DK_MAX_TERM bytes; once a term
 * would pass it, writing stops and the term is dropped, but scanning goes
 * on, so long inputs stay linear.
 *
 * Stemming.  Only terms of a segment without numbers are stemmed, with
 * the analyzer's sb_stemmer (not thread-safe: one analyzer per thread).
 * Stopword flags are looked up on the unstemmed term.  A direct-mapped
 * cache of CACHE_SLOTS entries (about 400 KB per analyzer) maps recent
 * terms of up to CACHE_TERM bytes to their stem and stop flag; on news
 * text it answers nine words in ten and doubles the throughput.
 * dk_analyze_filtered() (the highlighter) does not stem a word whose
 * first byte starts no wanted term where the stemmer keeps first bytes:
 * nine stems in ten go (bench-latency over tech-news: 167,022 stemmer
 * calls for 132 searches before, 15,787 after).
 *
 * Throughput (one core, tech-news text, 178 MB): about 60 MB/s stemmed,
 * 110 MB/s with DK_ANALYZE_NO_STEM.
 */
#include "analyzer.h"
#include "stopwords.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Character classes, as the tokenizer sees them. */
enum {
	C_END,     /* past the end of the input */
	C_SEP,     /* a separator */
	C_SPACE,   /* white space: a separator that may follow a section sign */
	C_BAD,     /* an invalid UTF-8 byte: a separator that is counted */
	C_WORD,    /* a letter or number */
	C_UNIT,    /* a letter that is a word of its own (Han, kana, Thai) */
	C_MARK,    /* a combining mark: part of the word before it */
	C_IGNORE,  /* invisible inside a word: soft hyphen, ZWJ ... */
	C_APOS,    /* ' U+2018 U+2019 U+02BC U+FF07 */
	C_HYPHEN,  /* - U+2010 U+2011 */
	C_CONN,    /* . : / _ */
	C_COMMA,   /* , */
	C_DOLLAR,  /* $ */
	C_SECTION  /* U+00A7 */
};

#define S C_SEP
#define _ C_SPACE
#define W C_WORD
#define A C_APOS
#define H C_HYPHEN
#define C C_CONN
#define K C_COMMA
#define D C_DOLLAR
static const unsigned char ascii_cls[128] = {
	S, S, S, S, S, S, S, S, S, _, _, _, _, _, S, S,
	S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
	_, S, S, S, D, S, S, A, S, S, S, S, K, H, C, C,
	W, W, W, W, W, W, W, W, W, W, C, S, S, S, S, S,
	S, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
	W, W, W, W, W, W, W, W, W, W, W, S, S, S, S, C,
	S, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
	W, W, W, W, W, W, W, W, W, W, W, S, S, S, S, S,
};
#undef S
#undef _
#undef W
#undef A
#undef H
#undef C
#undef K
#undef D

#define SECTION_SIGN "\xc2\xa7"
#define PREFIX_DOLLAR 1           /* do_run(): "$" before the number */
#define PREFIX_SECTION 2          /* do_run(): section sign(s) before it */
#define DECOMP_MAX 32             /* code points one character may become */
#define NORM_MAX (DECOMP_MAX * 4) /* their UTF-8 bytes */
#define MAX_SPACES_AFTER_SECTION 3
#define CACHE_SLOTS 8192          /* stem cache entries (a power of two) */
#define CACHE_TERM 24             /* longest term the stem cache holds */

/* A stem cache entry: term -> stem and stop flag; tlen 0 marks an empty
 * slot. */
typedef struct stem_entry {
	unsigned char tlen, slen, stop;
	char term[CACHE_TERM];
	char stem[CACHE_TERM + 1];
} stem_entry;

struct dk_analyzer {
	const char *lang;            /* sb_stemmer_list() name or "none" */
	struct sb_stemmer *stemmer;  /* NULL when lang is "none" */
	stem_entry *cache;           /* CACHE_SLOTS entries, with the stemmer */
	dk_stopwords *stop;
	int keeps_first;             /* the stemmer keeps a term's first byte */
};

/* One decoded character. */
typedef struct dchar {
	int32_t cp;
	unsigned len;       /* bytes it takes in the input */
	unsigned char cls;
	unsigned char num;  /* category N*: a number character */
} dchar;

/* A term being built; over means it passed DK_MAX_TERM and is dropped. */
typedef struct termbuf {
	size_t len;
	int over;
	char b[DK_MAX_TERM + 1];
} termbuf;

/* One segment of a run: a word with its apostrophes and digit commas. */
typedef struct seg {
	size_t start, end;  /* its bytes in the input */
	size_t next;        /* where the run goes on: end, or past a "'s" */
	size_t nchars;      /* letters and numbers in it (not marks) */
	int num;            /* it holds a number character */
	int possessive;     /* a dropped "'s" ended it (and the run) */
	termbuf t;
} seg;

/* The state of one dk_analyze() call. */
typedef struct az {
	dk_analyzer *a;
	const unsigned char *s;
	size_t n;
	int stem;
	const unsigned char *only;   /* dk_analyze_filtered's first[], or NULL */
	int only_stemmed;            /* only applies before stemming too */
	dk_token_fn fn;
	void *ctx;
	uint32_t pos, group;
	int stopped;
	dk_status err;
	char stembuf[DK_MAX_TERM + 1];
} az;

/* ---- decoding and classes ------------------------------------------- */

/* Length of the valid UTF-8 sequence at p (n > 0 bytes left), or 0. */
static unsigned utf8_decode(const unsigned char *p, size_t n, int32_t *cp)
{
	uint32_t b0 = p[0];

	if (b0 < 0xC2)          /* ASCII is handled by the caller; 0x80-0xC1 */
		return 0;       /* are continuations or overlong leads */
	if (b0 < 0xE0) {
		if (n < 2 || (p[1] & 0xC0) != 0x80)
			return 0;
		*cp = (int32_t)(((b0 & 0x1F) << 6) | (p[1] & 0x3Fu));
		return 2;
	}
	if (b0 < 0xF0) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (b0 == 0xE0 && p[1] < 0xA0)   /* overlong */
			return 0;
		if (b0 == 0xED && p[1] >= 0xA0)  /* a UTF-16 surrogate */
			return 0;
		*cp = (int32_t)(((b0 & 0x0F) << 12) | ((p[1] & 0x3Fu) << 6) |
				(p[2] & 0x3Fu));
		return 3;
	}
	if (b0 < 0xF5) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if (b0 == 0xF0 && p[1] < 0x90)   /* overlong */
			return 0;
		if (b0 == 0xF4 && p[1] >= 0x90)  /* above U+10FFFF */
			return 0;
		*cp = (int32_t)(((b0 & 0x07) << 18) | ((p[1] & 0x3Fu) << 12) |
				((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu));
		return 4;
	}
	return 0;
}

/* Letters of scripts written without spaces: each is a word. */
static int is_unit_script(int32_t cp)
{
	return (cp >= 0x0E00 && cp <= 0x0EFF) ||   /* Thai, Lao */
	       (cp >= 0x1000 && cp <= 0x109F) ||   /* Myanmar */
	       (cp >= 0x1780 && cp <= 0x17FF) ||   /* Khmer */
	       (cp >= 0x2E80 && cp <= 0x2FDF) ||   /* CJK radicals */
	       (cp >= 0x3005 && cp <= 0x3007) ||
	       (cp >= 0x3021 && cp <= 0x3029) ||
	       (cp >= 0x3031 && cp <= 0x3035) ||
	       (cp >= 0x3040 && cp <= 0x31FF) ||   /* kana, Bopomofo ... */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||   /* CJK ext. A */
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* CJK */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||   /* CJK compatibility */
	       (cp >= 0xFF66 && cp <= 0xFF9F) ||   /* half-width katakana */
	       (cp >= 0x20000 && cp <= 0x3FFFF);   /* CJK ext. B ... */
}

/* Scripts whose marks are spelling (vowel signs, viramas, dakuten):
 * their marks are kept rather than stripped. */
static int keeps_marks(int32_t cp)
{
	return (cp >= 0x0900 && cp <= 0x0DFF) ||   /* Indic */
	       (cp >= 0x0E00 && cp <= 0x109F) ||   /* Thai ... Myanmar */
	       (cp >= 0x1780 && cp <= 0x17FF) ||   /* Khmer */
	       (cp >= 0x3040 && cp <= 0x30FF) ||   /* kana */
	       (cp >= 0xFF66 && cp <= 0xFF9F);
}

static unsigned char classify(int32_t cp, unsigned char *num)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x02BC: case 0xFF07:
		return C_APOS;
	case 0x2010: case 0x2011:
		return C_HYPHEN;
	case 0x00A7:
		return C_SECTION;
	case 0x00AD: case 0x200C: case 0x200D: case 0x2060:
		return C_IGNORE;
	case 0x0085: case 0x00A0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202F: case 0x205F: case 0x3000:
		return C_SPACE;
	default:
		break;
	}
	if (cp >= 0x2000 && cp <= 0x200A)
		return C_SPACE;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return is_unit_script(cp) ? C_UNIT : C_WORD;
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return C_MARK;
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		*num = 1;
		return C_WORD;
	default:
		return C_SEP;
	}
}

static void decode(const unsigned char *s, size_t n, size_t off, dchar *c)
{
	c->num = 0;
	if (off >= n) {
		c->cp = -1;
		c->len = 0;
		c->cls = C_END;
		return;
	}
	unsigned b = s[off];
	if (b < 0x80) {
		c->cp = (int32_t)b;
		c->len = 1;
		c->cls = ascii_cls[b];
		c->num = (unsigned)(b - '0') < 10u;
		return;
	}
	c->len = utf8_decode(s + off, n - off, &c->cp);
	if (!c->len) {
		c->cp = -1;
		c->len = 1;
		c->cls = C_BAD;
		return;
	}
	c->cls = classify(c->cp, &c->num);
}

static int is_ascii_digit(unsigned char b)
{
	return (unsigned)(b - '0') < 10u;
}

static char ascii_lower(unsigned char b)
{
	return (char)((unsigned)(b - 'A') < 26u ? b + 32 : b);
}

/*
 * A thousands group starts at p (just past a comma that follows a digit):
 * three ASCII digits not followed by a fourth, or two followed by another
 * ",digit" (Indian grouping, "43,25,275").  "3,14" and "18,2024" are not.
 */
static int digit_group(const unsigned char *s, size_t n, size_t p)
{
	size_t k = 0;
	while (k < 4 && p + k < n && is_ascii_digit(s[p + k]))
		k++;
	if (k == 3)
		return 1;
	if (k == 2)
		return p + 3 < n && s[p + 2] == ',' && is_ascii_digit(s[p + 3]);
	return 0;
}

/* ---- normalization --------------------------------------------------- */

static void tb_reset(termbuf *t)
{
	t->len = 0;
	t->over = 0;
	t->b[0] = '\0';
}

static void tb_put(termbuf *t, const char *p, size_t k)
{
	if (t->over)
		return;
	if (k > DK_MAX_TERM - t->len) {
		t->over = 1;
		return;
	}
	memcpy(t->b + t->len, p, k);
	t->len += k;
}

/* The folded, decomposed (and, if strip, mark-stripped) UTF-8 of cp > 0x7F
 * into out[NORM_MAX]; returns its length (0 when nothing is left). */
static size_t norm_cp(int32_t cp, int strip, char *out)
{
	utf8proc_int32_t dec[DECOMP_MAX];
	int boundclass = 0;
	size_t o = 0;

	if (cp >= 0xAC00 && cp <= 0xD7A3)  /* Hangul syllable: keep whole */
		return (size_t)utf8proc_encode_char(cp,
						    (utf8proc_uint8_t *)out);
	utf8proc_option_t opt = UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE |
				UTF8PROC_COMPAT;
	if (strip)
		opt |= UTF8PROC_STRIPMARK;
	utf8proc_ssize_t k = utf8proc_decompose_char(cp, dec, DECOMP_MAX, opt,
						     &boundclass);
	if (k < 0 || k > DECOMP_MAX)
		return 0;
	for (utf8proc_ssize_t i = 0; i < k; i++)
		o += (size_t)utf8proc_encode_char(dec[i],
						  (utf8proc_uint8_t *)out + o);
	return o;
}

static void tb_put_cp(termbuf *t, int32_t cp, int strip)
{
	char tmp[NORM_MAX];

	if (t->over)
		return;
	tb_put(t, tmp, norm_cp(cp, strip, tmp));
}

/* ---- scanning -------------------------------------------------------- */

/*
 * Read the segment starting with the word character at off: letters,
 * numbers, their marks, apostrophes between word characters (dropped) and
 * digit-group commas (dropped).  A "'s" that ends a word is a possessive:
 * it is skipped and ends the run.
 */
static void scan_seg(const unsigned char *s, size_t n, size_t off, seg *g)
{
	dchar c, d, e;
	int keep = 0, prev_digit = 0;

	g->start = off;
	g->nchars = 0;
	g->num = 0;
	g->possessive = 0;
	tb_reset(&g->t);
	for (;;) {
		if (off < n && s[off] < 0x80 && ascii_cls[s[off]] == C_WORD) {
			unsigned char b = s[off];
			if (g->t.len < DK_MAX_TERM)
				g->t.b[g->t.len++] = ascii_lower(b);
			else
				g->t.over = 1;
			prev_digit = is_ascii_digit(b);
			g->num |= prev_digit;
			g->nchars++;
			keep = 0;
			off++;
			continue;
		}
		decode(s, n, off, &c);
		switch (c.cls) {
		case C_WORD:
			keep = keeps_marks(c.cp);
			tb_put_cp(&g->t, c.cp, !keep);
			prev_digit = 0;
			g->num |= c.num;
			g->nchars++;
			off += c.len;
			continue;
		case C_MARK:
			if (keep)
				tb_put_cp(&g->t, c.cp, 0);
			off += c.len;
			continue;
		case C_IGNORE:
			off += c.len;
			continue;
		case C_COMMA:
			if (prev_digit && digit_group(s, n, off + 1)) {
				off++;
				continue;
			}
			break;
		case C_APOS:
			decode(s, n, off + c.len, &d);
			if (d.cls != C_WORD)
				break;
			if (d.cp == 's' || d.cp == 'S') {
				decode(s, n, off + c.len + 1, &e);
				if (e.cls != C_WORD && e.cls != C_MARK &&
				    e.cls != C_IGNORE) {
					g->end = off;
					g->next = off + c.len + 1;
					g->possessive = 1;
					g->t.b[g->t.len] = '\0';
					return;
				}
			}
			off += c.len;
			continue;
		default:
			break;
		}
		break;
	}
	g->end = g->next = off;
	g->t.b[g->t.len] = '\0';
}

/* The connector at off, if a word follows it: its length, and *conn its
 * normalized ASCII form. */
static size_t connector(const unsigned char *s, size_t n, size_t off,
			char *conn)
{
	dchar c, d;

	decode(s, n, off, &c);
	if (c.cls != C_HYPHEN && c.cls != C_CONN)
		return 0;
	decode(s, n, off + c.len, &d);
	if (d.cls != C_WORD)
		return 0;
	*conn = c.cls == C_HYPHEN ? '-' : (char)c.cp;
	return c.len;
}

/* ---- emitting -------------------------------------------------------- */

static void emit(az *st, const char *term, size_t len, size_t start,
		 size_t end, uint32_t pos, uint32_t group, unsigned flags)
{
	if (st->stopped || !st->fn ||
	    (st->only && !st->only[(unsigned char)term[0]]))
		return;
	dk_token t = { term, len, start, end, pos, group, flags };
	if (st->fn(st->ctx, &t))
		st->stopped = 1;
}

static uint32_t hash_term(const char *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 16777619u;
	}
	return h;
}

/*
 * Stem *term in place of itself (pointing it at the cache or st->stembuf)
 * and add DK_TOKEN_STOP to *flags for a stopword.  Word frequencies are
 * Zipfian, so a direct-mapped cache in front of the stemmer and the stop
 * set answers about 9 words in 10 with one hash and one compare (about
 * twice the throughput on news text).  Returns 0 (and sets st->err) when
 * the stemmer runs out of memory.
 */
static int stem_term(az *st, const char **term, size_t *len,
		     unsigned *flags)
{
	dk_analyzer *a = st->a;
	stem_entry *e = NULL;

	if (*len <= CACHE_TERM) {
		e = &a->cache[hash_term(*term, *len) & (CACHE_SLOTS - 1)];
		if (e->tlen == *len && memcmp(e->term, *term, *len) == 0) {
			*term = e->stem;
			*len = e->slen;
			*flags |= e->stop ? DK_TOKEN_STOP : 0u;
			return 1;
		}
	}
	int stop = dk_stopwords_contains(a->stop, *term, *len);
	*flags |= stop ? DK_TOKEN_STOP : 0u;
	const sb_symbol *r = sb_stemmer_stem(a->stemmer,
					     (const sb_symbol *)*term,
					     (int)*len);
	if (!r) {
		st->err = DK_ERR_NOMEM;
		st->stopped = 1;
		return 0;
	}
	int rl = sb_stemmer_length(a->stemmer);
	if (rl <= 0 || rl > DK_MAX_TERM)
		return 1;  /* keep the unstemmed term */
	if (e && rl <= CACHE_TERM) {
		e->tlen = (unsigned char)*len;
		e->slen = (unsigned char)rl;
		e->stop = (unsigned char)stop;
		memcpy(e->term, *term, *len);
		memcpy(e->stem, r, (size_t)rl);
		e->stem[rl] = '\0';
		*term = e->stem;
	} else {
		memcpy(st->stembuf, r, (size_t)rl);
		st->stembuf[rl] = '\0';
		*term = st->stembuf;
	}
	*len = (size_t)rl;
	return 1;
}

/* Emit one segment as a word at the next position (dropped when empty or
 * too long; its position is used all the same). */
static void emit_word(az *st, seg *g, unsigned flags, uint32_t group)
{
	uint32_t pos = st->pos++;
	const char *term = g->t.b;
	size_t len = g->t.len;

	if (g->t.over || len == 0)
		return;
	/* A word that cannot give a wanted term (emit() drops the others)
	 * is not stemmed: an unstemmed term is reported as it is, and the
	 * stemmers of keeps_first languages leave its first byte alone. */
	if (st->only && !st->only[(unsigned char)term[0]] &&
	    (g->num || !st->stem || st->only_stemmed))
		return;
	if (g->num)
		flags |= DK_TOKEN_NUMERIC;
	else if (st->stem) {
		if (!stem_term(st, &term, &len, &flags))
			return;
	} else if (dk_stopwords_contains(st->a->stop, term, len))
		flags |= DK_TOKEN_STOP;
	emit(st, term, len, g->start, g->end, pos, group, flags);
}

/* Pass 2: emit the nseg segments of the run at off as PART words. */
static void emit_parts(az *st, size_t off, size_t nseg, uint32_t group)
{
	seg g;
	char conn;

	for (size_t i = 0; i < nseg && !st->stopped; i++) {
		scan_seg(st->s, st->n, off, &g);
		emit_word(st, &g, DK_TOKEN_PART, group);
		if (i + 1 < nseg)
			off = g.end + connector(st->s, st->n, g.end, &conn);
	}
}

/*
 * The run whose first word character is at off.  prefix is 0 or a
 * PREFIX_ value; the prefix's bytes are [pstart, pend).  Returns the offset
 * where scanning resumes.
 */
static size_t do_run(az *st, size_t off, int prefix, size_t pstart,
		     size_t pend)
{
	seg g;
	termbuf whole, joined;
	size_t run_start = off, run_end, resume, nseg = 0, cl;
	int num = 0, acronym = 1;
	char conn = 0;

	tb_reset(&whole);
	tb_reset(&joined);
	if (prefix == PREFIX_DOLLAR)
		tb_put(&whole, "$", 1);
	else if (prefix == PREFIX_SECTION)
		tb_put(&whole, SECTION_SIGN, 2);
	for (;;) {
		scan_seg(st->s, st->n, off, &g);
		nseg++;
		num |= g.num;
		if (g.nchars != 1 || g.num)
			acronym = 0;
		cl = g.possessive ? 0 : connector(st->s, st->n, g.end, &conn);
		if (nseg > 1 || cl || prefix) {
			/* A lone word (the common case) skips these copies. */
			tb_put(&whole, g.t.b, g.t.len);
			tb_put(&joined, g.t.b, g.t.len);
			if (g.t.over) {
				whole.over = 1;
				joined.over = 1;
			}
		}
		if (!cl) {
			run_end = g.end;
			resume = g.next;
			break;
		}
		if (conn != '.')
			acronym = 0;
		tb_put(&whole, &conn, 1);
		off = g.end + cl;
	}

	uint32_t group = st->group++;
	if (!prefix && nseg == 1) {
		emit_word(st, &g, 0, group);
		return resume;
	}
	if (!prefix && !num && acronym) {
		/* "U.S." -> "us": one word, its final dot included. */
		uint32_t pos = st->pos++;
		size_t end = run_end;
		if (!g.possessive && end < st->n && st->s[end] == '.') {
			end++;
			resume = end;
		}
		if (!joined.over && joined.len) {
			joined.b[joined.len] = '\0';
			emit(st, joined.b, joined.len, run_start, end, pos,
			     group, 0);
		}
		return resume;
	}
	if (prefix || num) {
		size_t wstart = prefix ? pstart : run_start;
		if (!whole.over) {
			whole.b[whole.len] = '\0';
			emit(st, whole.b, whole.len, wstart, run_end, st->pos,
			     group, DK_TOKEN_WHOLE | DK_TOKEN_NUMERIC);
		}
		if (prefix == PREFIX_SECTION) {
			emit(st, "section", 7, pstart, pend, st->pos, group,
			     DK_TOKEN_PART);
			st->pos++;
		}
	}
	emit_parts(st, run_start, nseg, group);
	return resume;
}

/* A letter that is a word on its own, with the marks after it. */
static size_t do_unit(az *st, size_t off, const dchar *c)
{
	termbuf t;
	dchar m;
	size_t start = off;
	int keep = keeps_marks(c->cp);

	tb_reset(&t);
	tb_put_cp(&t, c->cp, !keep);
	off += c->len;
	for (;;) {
		decode(st->s, st->n, off, &m);
		if (m.cls != C_MARK && m.cls != C_IGNORE)
			break;
		if (m.cls == C_MARK && keep)
			tb_put_cp(&t, m.cp, 0);
		off += m.len;
	}
	uint32_t pos = st->pos++;
	uint32_t group = st->group++;
	if (!t.over && t.len) {
		t.b[t.len] = '\0';
		emit(st, t.b, t.len, start, off, pos, group, 0);
	}
	return off;
}

/* ---- public interface ------------------------------------------------ */

static const struct {
	const char *code;
	const char *name;
} iso639[] = {
	{ "ar", "arabic" },     { "hy", "armenian" },   { "eu", "basque" },
	{ "ca", "catalan" },    { "da", "danish" },     { "nl", "dutch" },
	{ "en", "english" },    { "fi", "finnish" },    { "fr", "french" },
	{ "de", "german" },     { "el", "greek" },      { "hi", "hindi" },
	{ "hu", "hungarian" },  { "id", "indonesian" }, { "ga", "irish" },
	{ "it", "italian" },    { "lt", "lithuanian" }, { "ne", "nepali" },
	{ "no", "norwegian" },  { "nb", "norwegian" },  { "nn", "norwegian" },
	{ "pt", "portuguese" }, { "ro", "romanian" },   { "ru", "russian" },
	{ "sr", "serbian" },    { "es", "spanish" },    { "sv", "swedish" },
	{ "ta", "tamil" },      { "tr", "turkish" },    { "yi", "yiddish" },
};

/* The static name for lang from sb_stemmer_list() (or "none"), or NULL.
 * Case is ignored; "en-US" and "pt_BR" read as their language. */
static const char *resolve_language(const char *lang)
{
	char low[32];
	size_t n = strlen(lang);

	if (n == 0 || n >= sizeof low)
		return NULL;
	for (size_t i = 0; i <= n; i++) {
		unsigned char b = (unsigned char)lang[i];
		low[i] = ascii_lower(b);
	}
	if (n > 2 && (low[2] == '-' || low[2] == '_'))
		low[2] = '\0';
	if (strcmp(low, "none") == 0)
		return "none";
	const char *name = low;
	for (size_t i = 0; i < sizeof iso639 / sizeof iso639[0]; i++)
		if (strcmp(low, iso639[i].code) == 0)
			name = iso639[i].name;
	for (const char **l = sb_stemmer_list(); *l; l++)
		if (strcmp(name, *l) == 0)
			return *l;
	return NULL;
}

const char *dk_analyzer_stemmer_name(const char *lang)
{
	return lang ? resolve_language(lang) : NULL;
}

/*
 * The Snowball algorithms (libstemmer 2.2) that may change a word's first
 * bytes: prefix removal (indonesian, irish, yiddish, greek, arabic's
 * articles and conjunctions), letter normalization (arabic, russian's
 * yo, serbian's Cyrillic to Latin) or rules we have not checked.  Every
 * other algorithm only rewrites endings; tests/unit/test_analyzer.c
 * checks the claim on every word of the sample corpus.
 */
static const char *const changes_first[] = {
	"arabic",  "armenian",   "basque",     "catalan", "finnish",
	"greek",   "hindi",      "hungarian",  "indonesian", "irish",
	"lithuanian", "nepali",  "russian",    "serbian", "tamil",
	"turkish", "yiddish",    NULL
};

int dk_analyzer_keeps_first(const dk_analyzer *a)
{
	return a ? a->keeps_first : 0;
}

/* Ownership: *out belongs to the caller (dk_analyzer_free). */
dk_status dk_analyzer_new(const char *lang, dk_analyzer **out)
{
	dk_status st;

	if (!out)
		return DK_ERR_INVALID;
	*out = NULL;
	const char *name = resolve_language(lang ? lang : "english");
	if (!name)
		return DK_ERR_INVALID;
	dk_analyzer *a = calloc(1, sizeof *a);
	if (!a)
		return DK_ERR_NOMEM;
	a->lang = name;
	a->keeps_first = 1;
	for (const char *const *l = changes_first; *l; l++)
		if (strcmp(name, *l) == 0)
			a->keeps_first = 0;
	if (strcmp(name, "none") != 0) {
		a->stemmer = sb_stemmer_new(name, "UTF_8");
		a->cache = calloc(CACHE_SLOTS, sizeof *a->cache);
		if (!a->stemmer || !a->cache) {
			/* name is a known algorithm: out of memory */
			st = DK_ERR_NOMEM;
			goto fail;
		}
	}
	st = dk_stopwords_new(name, &a->stop);
	if (st)
		goto fail;
	*out = a;
	return DK_OK;
fail:
	dk_analyzer_free(a);
	return st;
}

void dk_analyzer_free(dk_analyzer *a)
{
	if (!a)
		return;
	if (a->stemmer)
		sb_stemmer_delete(a->stemmer);
	free(a->cache);
	dk_stopwords_free(a->stop);
	free(a);
}

const char *dk_analyzer_language(const dk_analyzer *a)
{
	return a ? a->lang : NULL;
}

dk_status dk_analyze(dk_analyzer *a, const char *text, size_t len,
		     uint32_t first_pos, unsigned options, dk_token_fn fn,
		     void *ctx, dk_analyze_stats *stats)
{
	return dk_analyze_filtered(a, text, len, first_pos, options, NULL, fn,
				   ctx, stats);
}

dk_status dk_analyze_filtered(dk_analyzer *a, const char *text, size_t len,
			      uint32_t first_pos, unsigned options,
			      const unsigned char *first, dk_token_fn fn,
			      void *ctx, dk_analyze_stats *stats)
{
	az st;
	dchar c, d;
	size_t off = 0, invalid = 0, first_invalid = 0;

	if (stats) {
		stats->invalid_bytes = 0;
		stats->first_invalid = 0;
		stats->next_pos = first_pos;
	}
	if (!a || (!text && len) || (options & ~(unsigned)DK_ANALYZE_NO_STEM))
		return DK_ERR_INVALID;

	st.a = a;
	st.s = (const unsigned char *)text;
	st.n = len;
	st.stem = a->stemmer && !(options & DK_ANALYZE_NO_STEM);
	st.only = first;
	st.only_stemmed = a->keeps_first;
	st.fn = fn;
	st.ctx = ctx;
	st.pos = first_pos;
	st.group = 0;
	st.stopped = 0;
	st.err = DK_OK;

	while (off < len && !st.stopped) {
		unsigned char b = st.s[off];
		if (b < 0x80 && ascii_cls[b] <= C_SPACE) {  /* fast path */
			off++;
			continue;
		}
		decode(st.s, len, off, &c);
		switch (c.cls) {
		case C_WORD:
			off = do_run(&st, off, 0, 0, 0);
			break;
		case C_UNIT:
			off = do_unit(&st, off, &c);
			break;
		case C_BAD:
			if (!invalid++)
				first_invalid = off;
			off++;
			break;
		case C_DOLLAR:
			decode(st.s, len, off + 1, &d);
			if (d.cls == C_WORD && d.num)
				off = do_run(&st, off + 1, PREFIX_DOLLAR, off,
					     off + 1);
			else
				off++;
			break;
		case C_SECTION: {
			/* "§ 230", "§230", "§§ 230": only section signs and
			 * a little white space are looked over, so resuming
			 * where the look ended skips nothing that matters. */
			size_t p = off + c.len, pend;
			unsigned spaces = 0;
			while (p + 1 < len && st.s[p] == 0xC2 &&
			       st.s[p + 1] == 0xA7)
				p += 2;
			pend = p;
			for (;;) {
				decode(st.s, len, p, &d);
				if (d.cls != C_SPACE ||
				    spaces == MAX_SPACES_AFTER_SECTION)
					break;
				spaces++;
				p += d.len;
			}
			if (d.cls == C_WORD && d.num)
				off = do_run(&st, p, PREFIX_SECTION, off,
					     pend);
			else
				off = p;
			break;
		}
		default:
			off += c.len;
			break;
		}
	}
	if (stats) {
		stats->invalid_bytes = invalid;
		stats->first_invalid = first_invalid;
		stats->next_pos = st.pos;
	}
	return st.err;
}

typedef struct first_token {
	char *buf;
	size_t cap;
	size_t len;
	int found;
	int fits;
} first_token;

static int take_first(void *ctx, const dk_token *tok)
{
	first_token *f = ctx;

	f->found = 1;
	if (tok->len < f->cap) {
		memcpy(f->buf, tok->term, tok->len);
		f->buf[tok->len] = '\0';
		f->len = tok->len;
		f->fits = 1;
	}
	return 1;
}

dk_status dk_analyzer_stem(dk_analyzer *a, const char *word, size_t wlen,
			   unsigned options, char *buf, size_t cap,
			   size_t *len)
{
	first_token f = { buf, cap, 0, 0, 0 };

	if (len)
		*len = 0;
	if (buf && cap)
		buf[0] = '\0';
	if (!a || !buf || !cap || !len || (!word && wlen))
		return DK_ERR_INVALID;
	dk_status st = dk_analyze(a, word, wlen, 0, options, take_first, &f,
				  NULL);
	if (st)
		return st;
	if (!f.found)
		return DK_ERR_INVALID;
	if (!f.fits)
		return DK_ERR_TOO_BIG;
	*len = f.len;
	return DK_OK;
}

int dk_analyzer_is_stopword(const dk_analyzer *a, const char *word,
			    size_t len)
{
	if (!a || !word)
		return 0;
	return dk_stopwords_contains(a->stop, word, len);
}

const char **dk_analyzer_languages(void)
{
	return sb_stemmer_list();
}
