/*
 * boilerplate_rules.c - the text-dump stripper's intrinsic rules: what a
 * paragraph is by itself (fixed credit and promo phrases, whole-line
 * furniture, related-section headers, share rows, menus, bios, bylines
 * and datelines, glued headlines, the menu run and title before the
 * text).  boilerplate.c runs them in order (see its head comment).
 */
#include "boilerplate_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"

/* ---- text helpers ----------------------------------------------------- */

/* Case-insensitive: does s[0..n) start with the ASCII prefix p (lower
 * case)? */
static int starts_with(const char *s, size_t n, const char *p)
{
	if (!n || (unsigned char)dk_bp_lower[(unsigned char)s[0]] != (unsigned char)p[0])
		return 0;
	size_t k = strlen(p);
	return n >= k && strncasecmp(s, p, k) == 0;
}

/* Case-insensitive search for the string p (lower case) in s[0..n). */
static const char *find_ci(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	if (k == 0 || n < k)
		return NULL;
	unsigned char c0 = (unsigned char)p[0];
	unsigned char c1 = (unsigned char)toupper(c0);
	for (size_t i = 0; i + k <= n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c != c0 && c != c1)
			continue;
		if (strncasecmp(s + i, p, k) == 0)
			return s + i;
	}
	return NULL;
}

/* ---- intrinsic rules -------------------------------------------------- */

static const char *const credit_starts[] = {
	"(reporting by", "reporting by ", "(editing by", "editing by ",
	"(writing by", "writing by ", "additional reporting by",
	"(additional reporting", "(compiled by", "compiled by ",
	"(this story has", "(this article", "(this story", "copyright ",
	"filed under:", "tags:", "topics:", "categories:", "photo credit",
	"image credit", "image:", "photo:", "photograph:", NULL
};

/* Captions are short: a longer paragraph that opens with one has the
 * article's text glued after it ("Photograph: Yilan Deng Of course, ..."),
 * and is kept. */
#define CAPTION_MAX 150

/* Anywhere in a paragraph of at most PROMO_MAX bytes. */
static const char *const credit_phrases[] = {
	"\xC2\xA9", "all rights reserved", "not been edited by",
	"from a syndicated feed", "this article was provided by",
	"this story was provided by", "this article originally appeared",
	"this story originally appeared", "originally published by",
	"originally published on", "originally published at",
	"republished with permission", "is republished from",
	"reproduction without permission", "may not be reproduced",
	"licensed cc by", "licensed under cc by", "is reader-supported",
	"is reader-funded", NULL
};

/* Promo phrases that article prose does not use. */
static const char *const promo_phrases[] = {
	"subscribe now", "subscribe free", "subscribe today",
	"subscribe to our", "subscribe here", "sign up today", "sign up now",
	"sign up here", "sign up \xE2\x80\x94", "sign up \xE2\x80\x93",
	"sign up -", "sign up for our", "free articles",
	"support local journalism", "support our journalism",
	"support independent journalism", "reader-supported", "reader-funded",
	"may earn a commission", "may earn a portion",
	"affiliate commission", "affiliate partnerships", "download our app",
	"join us at", "join us for", "early-bird registration",
	"register now", "get your ticket", "click ok", "already a subscriber",
	"point phone camera", "point your phone camera", "enter your email",
	"thanks for reading", "thank you for reading", "follow us on",
	"like us on facebook", "our newsletter", "newsletter:",
	"create a free account", "log in to continue", "sign in to continue",
	"to continue reading", "subscribers only", "you will be redirected",
	"update payment method", "disable your ad", "turn off your ad",
	"delivered to your inbox", "straight to your inbox", NULL
};

/* Weak promo words: a promo only with an imperative start and a call to
 * action. */
static const char *const promo_weak[] = {
	"newsletter", "subscription", "subscribe", "sign up", "download",
	"app", "premium", "membership", "podcast", "webinar", "inbox", NULL
};

/* "app" as a word, for "Get the X app" and "Download the X app". */
static const char *const app_phrases[] = {
	"app ", "app.", "app,", "apps ", NULL
};

static const char *const promo_starts[] = {
	"sign up", "subscribe", "download", "get ", "join ", "listen",
	"try ", "you ", "click", "register", "install", "tap ", NULL
};

static const char *const promo_cta[] = {
	"you", "your", "free", "today", "now", "here", "click", "tap", NULL
};

/* Whole-line furniture (compared after trimming punctuation). */
static const char *const furniture_lines[] = {
	"advertisement", "advertisements", "advert", "ad", "sponsored",
	"sponsored content", "loading", "continue reading", "read more",
	"learn more", "show more", "skip to main content", "skip to content",
	"scroll to continue", "story continues below",
	"story continues below advertisement", "article continues below",
	"click here", "log in", "sign in", "sign up", "subscribe", "menu",
	"search", "close", "share", "print", "email", "comments",
	"view comments", "back to top", "premium", "open navigation menu",
	"close menu", "listen to this article", "play video", NULL
};

/* Related-section headers (the whole line). */
static const char *const related_headers[] = {
	"related", "related articles", "related stories", "related content",
	"related coverage", "related posts", "related reading", "related links",
	"related news", "related topics", "related whitepaper", "related video",
	"related videos", "related resources", "related reports", "read more",
	"read next", "more stories", "more news", "recommended",
	"recommended for you", "recommended stories", "recommended reading",
	"recommended articles", "you may also like", "you might also like",
	"you may be interested in", "you might be interested in",
	"most popular", "most read", "most viewed", "popular", "popular now",
	"trending", "trending now", "trending stories", "latest news",
	"latest stories", "top stories", "editor's picks", "editors' picks",
	"editor\xE2\x80\x99s picks", "don't miss", "don\xE2\x80\x99t miss",
	"keep reading", "up next", "what to read next", "also read",
	"see also", "around the web", "from our partners", "promoted stories",
	"more like this", "more to explore", "more for you",
	"stories you may like", "you may have missed", NULL
};

/* A related header and a headline on one line ("Read more: ..."). */
static const char *const related_prefixes[] = {
	"read more:", "related:", "see also:", "also read:", "read also:",
	"read next:", "recommended:", "more:", "related article:",
	"related story:", "related content:", "related reading:",
	"don't miss:", "don\xE2\x80\x99t miss:", NULL
};

/* Words that open "More from X", "More in X". */
static const char *const related_more[] = {
	"more from ", "more in ", "more on ", "more by ", "more about ",
	"also on ", "also from ", NULL
};

/* A category label glued onto a teaser headline ("...warnNews The ..."). */
static const char *const teaser_labels[] = {
	"News", "Reviews", "Review", "Features", "Feature", "Opinion",
	"Analysis", "Deals", "Guides", "Guide", "How-to", "Tutorials",
	"Podcast", "Video", "Explainer", "Interview", "Sponsored", NULL
};

/* The line with surrounding punctuation and white space trimmed and
 * lower-cased into buf (at most cap-1 bytes); returns its length, or 0
 * when it does not fit. */
size_t dk_bp_line_key(const char *s, size_t n, char *buf, size_t cap)
{
	size_t a = 0, b = n;
	while (a < b && (dk_bp_is_space((unsigned char)s[a]) ||
			 ispunct((unsigned char)s[a])))
		a++;
	for (;;) {
		if (b > a && (dk_bp_is_space((unsigned char)s[b - 1]) ||
			      (ispunct((unsigned char)s[b - 1]) &&
			       s[b - 1] != '\''))) {
			b--;
			continue;
		}
		/* A trailing ellipsis. */
		if (b - a >= 3 && (unsigned char)s[b - 3] == 0xE2 &&
		    (unsigned char)s[b - 2] == 0x80 &&
		    (unsigned char)s[b - 1] == 0xA6) {
			b -= 3;
			continue;
		}
		break;
	}
	if (b - a + 1 > cap || b == a)
		return 0;
	size_t k = 0;
	int sp = 0;
	for (size_t i = a; i < b; i++) {
		unsigned char c = (unsigned char)s[i];
		if (dk_bp_is_space(c)) {
			sp = 1;
			continue;
		}
		if (sp && k)
			buf[k++] = ' ';
		sp = 0;
		buf[k++] = (char)tolower(c);
	}
	buf[k] = '\0';
	return k;
}

static int in_list(const char *key, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(key, list[i]))
			return 1;
	return 0;
}

int dk_bp_is_furniture(const char *key)
{
	return in_list(key, furniture_lines);
}

int dk_bp_is_related_header(const char *s, size_t n, const feat *f)
{
	char key[96];
	if (n > 80 || f->term || f->words > 8)
		return 0;
	size_t k = dk_bp_line_key(s, n, key, sizeof key);
	if (!k)
		return 0;
	if (in_list(key, related_headers))
		return 1;
	/* "More from TechLedger", "More in Merca2.0": short, no sentence. */
	if (f->words <= 5)
		for (size_t i = 0; related_more[i]; i++)
			if (starts_with(key, k, related_more[i]))
				return 1;
	return 0;
}

int dk_bp_has_related_prefix(const char *s, size_t n)
{
	for (size_t i = 0; related_prefixes[i]; i++)
		if (starts_with(s, n, related_prefixes[i]))
			return 1;
	return 0;
}

int dk_bp_has_teaser_label(const char *s, size_t n)
{
	for (size_t i = 1; i + 4 < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 'A' || c > 'Z')
			continue;
		unsigned char p = (unsigned char)s[i - 1];
		/* Glued: a lower-case letter, a digit, a closing quote or
		 * parenthesis straight before the label. */
		int glued = (p >= 'a' && p <= 'z') || (p >= '0' && p <= '9') ||
			    p == ')' || p == 0x99 || p == 0x9D || p == '\'' ||
			    p == '"';
		if (!glued)
			continue;
		for (size_t k = 0; teaser_labels[k]; k++) {
			size_t L = strlen(teaser_labels[k]);
			if (i + L + 2 <= n && !memcmp(s + i, teaser_labels[k], L) &&
			    s[i + L] == ' ' && isupper((unsigned char)s[i + L + 1]))
				return 1;
		}
	}
	return 0;
}

/* A whole word of promo_cta, or '!'. */
static int has_cta(const char *s, size_t n)
{
	if (memchr(s, '!', n))
		return 1;
	for (size_t i = 0; promo_cta[i]; i++) {
		size_t L = strlen(promo_cta[i]);
		size_t off = 0;
		const char *h;
		while (off < n && (h = find_ci(s + off, n - off, promo_cta[i]))) {
			size_t at = (size_t)(h - s);
			int lb = at == 0 || !isalnum((unsigned char)s[at - 1]);
			int rb = at + L >= n || !isalnum((unsigned char)s[at + L]);
			if (lb && rb)
				return 1;
			off = at + 1;
		}
	}
	return 0;
}

/* Phrase categories (a bit mask). */
enum {
	PH_CREDIT = 1, PH_PROMO = 2, PH_WEAK = 4, PH_APP = 8, PH_COPY = 16,
	PH_RIGHTS = 32
};

typedef struct phrase {
	const char *p;
	uint32_t head;          /* its first four bytes, lower case */
	unsigned char len;
	unsigned char cat;
} phrase;

/* Four bytes at s, ASCII letters in lower case, as one word. */
static uint32_t head4(const char *s)
{
	uint32_t h = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && (dk_bp_cls[c] & C_UPPER))
			c |= 0x20;
		h = h << 8 | c;
	}
	return h;
}

static int cmp_phrase(const void *a, const void *b)
{
	unsigned char x = (unsigned char)tolower((unsigned char)((const phrase *)a)->p[0]);
	unsigned char y = (unsigned char)tolower((unsigned char)((const phrase *)b)->p[0]);
	return (x > y) - (x < y);
}

/* Index the fixed phrases by their first byte (lower case). */
int dk_bp_phrases_build(dk_bp_stripper *st)
{
	static const struct { const char *const *list; unsigned cat; } lists[] = {
		{ credit_phrases, PH_CREDIT }, { promo_phrases, PH_PROMO },
		{ promo_weak, PH_WEAK }, { app_phrases, PH_APP },
	};
	size_t n = 2;
	for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
		for (size_t i = 0; lists[l].list[i]; i++)
			n++;
	st->ph = calloc(n, sizeof *st->ph);
	if (!st->ph)
		return -1;
	size_t k = 0;
	for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
		for (size_t i = 0; lists[l].list[i]; i++) {
			st->ph[k].p = lists[l].list[i];
			st->ph[k].len = (unsigned char)strlen(lists[l].list[i]);
			st->ph[k].cat = (unsigned char)lists[l].cat;
			k++;
		}
	st->ph[k++] = (phrase){ "\xC2\xA9", 0, 2, PH_COPY };
	st->ph[k++] = (phrase){ "all rights", 0, 10, PH_RIGHTS };
	st->nph = k;
	for (size_t i = 0; i < k; i++)
		if (st->ph[i].len >= 4)
			st->ph[i].head = head4(st->ph[i].p);
	qsort(st->ph, k, sizeof *st->ph, cmp_phrase);
	size_t j = 0;
	for (unsigned c = 0; c < 256; c++) {
		st->ph_start[c] = (uint16_t)j;
		while (j < k && (unsigned char)tolower((unsigned char)st->ph[j].p[0]) == c)
			j++;
	}
	st->ph_start[256] = (uint16_t)k;
	return 0;
}

/* The categories of the fixed phrases found in the paragraph s[a..b)
 * with words w[0..nw) (case ignored).  Phrases start words. */
unsigned dk_bp_phrase_scan(const dk_bp_stripper *st, const char *s, size_t b,
			    const word *w, size_t nw)
{
	unsigned mask = 0;
	for (size_t k = 0; k < nw; k++) {
		/* At the token and, past leading punctuation, at its core. */
		for (int at = 0; at < 2; at++) {
			size_t i = at ? w[k].cs : w[k].s;
			if (at && (w[k].sep || i == w[k].s))
				break;
			unsigned char c = dk_bp_lower[(unsigned char)s[i]];
			unsigned j = st->ph_start[c], e = st->ph_start[c + 1];
			if (j == e || i + 1 >= b)
				continue;
			size_t n = b - i;
			uint32_t h = n >= 4 ? head4(s + i) : 0;
			for (; j < e; j++) {
				const phrase *p = &st->ph[j];
				if (n < p->len || (mask & p->cat) == p->cat)
					continue;
				if (p->len >= 4 ? p->head != h :
				    (unsigned char)p->p[1] != (unsigned char)s[i + 1])
					continue;
				if (p->len <= 4 || !strncasecmp(s + i + 4, p->p + 4,
								 p->len - 4u))
					mask |= p->cat;
			}
		}
	}
	return mask;
}

int dk_bp_is_promo(const char *s, size_t n, const feat *f, unsigned ph)
{
	if (n > PROMO_MAX)
		return 0;
	if (ph & PH_PROMO)
		return 1;
	/* "Get the TechLedger app ...", "Download the SAN app today". */
	if ((ph & PH_APP) && f->words <= 30 &&
	    (starts_with(s, n, "get the ") || starts_with(s, n, "download the ") ||
	     starts_with(s, n, "download our ") ||
	     starts_with(s, n, "install the ")))
		return 1;
	/* Weak words need an imperative start and a call to action. */
	if ((ph & PH_WEAK) && n <= 200 && f->sents <= 3 && has_cta(s, n))
		for (size_t i = 0; promo_starts[i]; i++)
			if (starts_with(s, n, promo_starts[i]))
				return 1;
	return 0;
}

int dk_bp_is_credit(const char *s, size_t n, unsigned ph)
{
	if (n > PROMO_MAX)
		return 0;
	for (size_t i = 0; credit_starts[i]; i++)
		if (starts_with(s, n, credit_starts[i])) {
			/* "Copyright" opens sentences about copyright law too:
			 * only a notice (a year or the sign) counts. */
			if (!strcmp(credit_starts[i], "copyright ") &&
			    !(n > 10 && isdigit((unsigned char)s[10])) &&
			    !(ph & (PH_COPY | PH_RIGHTS)))
				continue;
			if ((strstr(credit_starts[i], "image") ||
			     strstr(credit_starts[i], "photo")) && n > CAPTION_MAX)
				continue;
			return 1;
		}
	return (ph & PH_CREDIT) != 0;
}

/* Share rows: share-button words, stopwords and separators. */
int dk_bp_is_share(const word *w, size_t nw, const feat *f)
{
	if (f->words == 0 || f->words > 20 || f->term || f->social < 2)
		return 0;
	unsigned other = 0;
	for (size_t i = 0; i < nw; i++)
		if (!w[i].sep && !(w[i].flags & (W_SOCIAL | W_STOP)))
			other++;
	/* "Share this story: Facebook | X | LinkedIn | Email" has one
	 * word of its own. */
	return other * 4 <= f->words;
}

/* Casing counts as evidence only when the article has some (nocase 0):
 * in an article set all in capitals or in Title Case, only the labels'
 * vocabulary and the separators tell a menu. */
int dk_bp_is_menu(const feat *f, int nocase)
{
	if (f->term || f->words < 4)
		return 0;
	if (nocase) {
		unsigned lab = f->nav + f->social;
		return (f->words >= 6 && f->nav >= 3 && lab * 2 >= f->words) ||
		       (f->seps >= 3 && f->seps * 3 >= f->words);
	}
	double capr = f->alpha ? (double)f->cap / f->alpha : 0;
	/* Link labels of a navigation bar (and its share buttons). */
	unsigned labels = f->nav + f->social;
	if (f->words >= 6 && f->nav >= 3 && labels * 2 >= f->words &&
	    capr >= 0.6 && f->lowcontent <= 1)
		return 1;
	/* Labels between separators: "Home | Litigation | IP | Privacy". */
	if (f->seps >= 3 && f->seps * 3 >= f->words && capr >= 0.6 &&
	    f->lowcontent <= 1)
		return 1;
	/* A long run of capitalised labels with (almost) no sentence: an
	 * abbreviation's period ("LLC.") may look like one. */
	if (f->words >= 30 && f->sents * 15 <= f->words && capr >= 0.7)
		return 1;
	return 0;
}

/* "Harriet Vale covers state enforcement ...", "Emma Woollacott is a
 * freelance journalist ...": a name, then a journalist's verb or job. */
int dk_bp_is_bio(const char *s, const word *w, size_t nw, const feat *f)
{
	if (f->bytes > 400 || nw < 4)
		return 0;
	size_t i = 0;
	while (i < nw && i < 4 && w[i].cap && !(w[i].flags & W_STOP))
		i++;
	if (i == 0 || i > 3 || i >= nw)
		return 0;
	size_t wl = w[i].ce - w[i].cs;
	const char *v = s + w[i].cs;
	if (wl == 6 && !memcmp(v, "covers", 6))
		return 1;
	if (wl == 6 && !memcmp(v, "writes", 6) && i + 1 < nw &&
	    !strncmp(s + w[i + 1].cs, "about", 5))
		return 1;
	if (wl == 2 && !memcmp(v, "is", 2))
		for (size_t j = i + 1; j < nw && j <= i + 5; j++)
			if (w[j].flags & W_ROLE)
				return 1;
	return 0;
}

/* Is the paragraph in another language?  Only asked in articles that are
 * English as a whole. */
int dk_bp_is_foreign(const feat *f)
{
	return f->words >= 4 && f->foreign >= 3 && f->foreign > 2 * f->stop;
}

/* ---- datelines and bylines ------------------------------------------- */

/* A date with at least a month at s[0..n) (after white space). */
static int date_at(const char *s, size_t n, char out[11])
{
	while (n && dk_bp_is_space((unsigned char)*s)) {
		s++;
		n--;
	}
	if (n == 0 || !isalnum((unsigned char)*s))
		return 0;
	if (dk_date_parse(s, n, out) != DK_OK || strlen(out) < 7) {
		out[0] = '\0';
		return 0;
	}
	return 1;
}

static const char *const date_labels[] = {
	"published on", "published:", "published", "updated on", "updated:",
	"updated", "posted on", "posted:", "posted", "last updated on",
	"last updated:", "last updated", "first published on",
	"first published:", "first published", "date:", "dated", NULL
};

/* "Published June 12, 2024 at 6:15 a.m.", "January 24, 2025": a short line
 * that is a date, with an optional label. */
int dk_bp_is_date_line(const char *s, size_t n, const feat *f, char out[11])
{
	if (n > 100 || f->words > 12)
		return 0;
	for (size_t i = 0; date_labels[i]; i++) {
		size_t L = strlen(date_labels[i]);
		if (starts_with(s, n, date_labels[i]) &&
		    (n == L || !isalnum((unsigned char)s[L])))
			return date_at(s + L, n - L, out);
	}
	if (n > 60 || f->words > 8 || f->lowcontent > 1)
		return 0;
	return date_at(s, n, out);
}

/* A leading "date 2025-01-24" marker: the bytes it takes, 0 if none. */
size_t dk_bp_date_marker(const char *s, size_t n, char out[11])
{
	if (!starts_with(s, n, "date"))
		return 0;
	size_t i = 4;
	if (i < n && s[i] == ':')
		i++;
	if (i >= n || !dk_bp_is_space((unsigned char)s[i]))
		return 0;
	while (i < n && dk_bp_is_space((unsigned char)s[i]))
		i++;
	/* An ISO date: "date 2025-01-24". */
	if (n - i < 10 || s[i + 4] != '-' || s[i + 7] != '-')
		return 0;
	for (size_t k = 0; k < 10; k++)
		if (k != 4 && k != 7 && !isdigit((unsigned char)s[i + k]))
			return 0;
	if (n > i + 10 && !dk_bp_is_space((unsigned char)s[i + 10]))
		return 0;
	if (dk_date_parse(s + i, 10, out) != DK_OK)
		return 0;
	i += 10;
	while (i < n && dk_bp_is_space((unsigned char)s[i]))
		i++;
	return i;
}

/* Is w a byline separator ("·", "|", "•", "—", "–", "-", "/")? */
static int is_sep_token(const char *s, const word *w)
{
	if (!w->sep)
		return 0;
	size_t n = w->e - w->s;
	const char *t = s + w->s;
	return (n == 1 && (*t == '|' || *t == '-' || *t == '/')) ||
	       (n == 2 && !memcmp(t, "\xC2\xB7", 2)) ||
	       (n == 3 && (!memcmp(t, "\xE2\x80\xA2", 3) ||
			   !memcmp(t, "\xE2\x80\x94", 3) ||
			   !memcmp(t, "\xE2\x80\x93", 3)));
}

/*
 * "By Felix Amsel · July 18, 2024 · 9 min read", "By Marisol Ortega |
 * Pacific Ledger", "By Jane Doe and John Roe": "By", two to six name words,
 * then the end, a separator, a comma or a date, and no prose after.  The
 * names go to author, a date after them to date.  s is the whole text,
 * pend the end of the paragraph.
 */
int dk_bp_is_byline(const char *s, size_t pend, const word *w, size_t nw,
		     const feat *f, char *author, size_t acap, char date[11])
{
	if (f->bytes > 160 || nw < 3)
		return 0;
	if (w[0].ce - w[0].cs != 2 || strncasecmp(s + w[0].cs, "by", 2) ||
	    w[0].e != w[0].ce || !w[0].cap)
		return 0;
	size_t i = 1, names = 0, name_end = 0;
	int comma = 0;
	while (i < nw) {
		const word *x = &w[i];
		if (x->sep)
			break;
		if (x->cap && x->alpha && !(x->flags & (W_STOP | W_CALENDAR)) &&
		    !x->digit) {
			names++;
			name_end = x->ce;
			i++;
			if (x->e > x->ce && s[x->ce] == ',') {
				comma = 1;
				break;
			}
			continue;
		}
		if (names && !x->cap && ((x->flags & W_PARTICLE) ||
					 (x->ce - x->cs == 3 &&
					  !strncmp(s + x->cs, "and", 3)))) {
			i++;
			continue;
		}
		break;
	}
	if (names < 2 || names > 6)
		return 0;
	if (i < nw) {
		const word *x = &w[i];
		if (!is_sep_token(s, x) && !comma &&
		    !date_at(s + x->s, pend - x->s, date))
			return 0;
		/* No prose after the names: at most two lower-case words
		 * ("9 min read", "archive page"). */
		unsigned low = 0;
		for (size_t j = i; j < nw; j++)
			if (w[j].alpha && !w[j].cap && !(w[j].flags & W_STOP) &&
			    w[j].ce - w[j].cs >= 3)
				low++;
		if (low > 2)
			return 0;
		for (size_t j = i; j < nw && !date[0]; j++)
			if (!w[j].sep && ((w[j].flags & W_CALENDAR) || w[j].digit))
				date_at(s + w[j].s, pend - w[j].s, date);
	}
	size_t a0 = w[1].cs;
	size_t an = name_end > a0 ? name_end - a0 : 0;
	if (an >= acap)
		an = acap - 1;
	memcpy(author, s + a0, an);
	author[an] = '\0';
	return 1;
}

/* "NEW DELHI, January 24, 2025: ...": up to four capitalised words and a
 * comma, then a full date.  The date to out. */
int dk_bp_city_dateline(const char *s, size_t pend, const word *w, size_t nw,
			 char out[11])
{
	size_t j = 0;
	while (j < nw && j < 4 && w[j].cap && !(w[j].flags & W_CALENDAR))
		j++;
	if (j == 0 || j >= nw || w[j - 1].e <= w[j - 1].ce ||
	    s[w[j - 1].ce] != ',' || !(w[j].flags & W_CALENDAR))
		return 0;
	if (!date_at(s + w[j].s, pend - w[j].s, out) || strlen(out) != 10) {
		out[0] = '\0';
		return 0;
	}
	return 1;
}

/* ---- glued headlines -------------------------------------------------- */

/*
 * The start of a Title Case headline glued after the last sentence of a
 * prose paragraph ("... their personal data. Deepak Agarwal Appointed As
 * LinkedIn Chief AI Officer, Brings 24 Years of Experience ..."), or 0.
 */
size_t dk_bp_glued_headline(const word *w, size_t nw, const feat *f)
{
	if (f->sents < 2 || !f->term)
		return 0;
	/* Not in an all-capitals paragraph. */
	if (f->alpha && f->upper * 2 > f->alpha)
		return 0;
	size_t last = nw;
	while (last > 0 && w[last - 1].sep)
		last--;
	if (last < 2)
		return 0;
	/* The start of the last sentence. */
	size_t st = 0;
	int found = 0;
	for (size_t j = last - 1; j-- > 0;)
		if (w[j].end) {
			st = j + 1;
			found = 1;
			break;
		}
	if (!found || st >= last)
		return 0;
	/* The sentence before it is ordinary prose: it ends with a lower-case
	 * word or a number and holds lower-case content words. */
	const word *pe = &w[st - 1];
	if (pe->cap && !pe->digit && !(pe->flags & W_CALENDAR))
		return 0;
	unsigned prev_low = 0;
	for (size_t j = st; j-- > 0;) {
		if (j + 1 < st && w[j].end)
			break;
		if (w[j].alpha && !w[j].cap && !(w[j].flags & W_STOP) &&
		    w[j].ce - w[j].cs >= 3)
			prev_low++;
	}
	if (prev_low < 2)
		return 0;
	/* The last sentence: at least six words, >= 5 capitalised content
	 * words, no lower-case one, no quotation. */
	unsigned caps = 0, words = 0, upper = 0;
	for (size_t j = st; j < last; j++) {
		if (w[j].sep)
			continue;
		words++;
		if (w[j].quote)
			return 0;
		if (!w[j].alpha || (w[j].flags & W_STOP))
			continue;
		if (!w[j].cap) {
			if (w[j].ce - w[j].cs >= 3)
				return 0;
			continue;
		}
		caps++;
		upper += w[j].upper;
	}
	/* Title Case, not a sentence in capitals ("WARNING: ANY ..."). */
	if (caps < 5 || words < 6 || upper * 2 > caps)
		return 0;
	return w[st].s;
}

/* ---- the lead: a menu run and the title glued before the text -------- */

/* In the paragraph text[a..b): the offset just after the page title when
 * a run of labels precedes it and text follows it; 0 otherwise. */
size_t dk_bp_lead_cut(dk_bp_stripper *st, const char *text, size_t a, size_t b,
		       const char *title)
{
	if (!title)
		return 0;
	size_t tl = strlen(title);
	/* Drop a " | Site" or " - Site" suffix from the title. */
	static const char *const seps[] = { " | ", " - ", " \xE2\x80\x94 ",
					    " \xE2\x80\x93 ", NULL };
	for (size_t i = 0; seps[i]; i++) {
		const char *h = strstr(title, seps[i]);
		if (h && (size_t)(h - title) >= 12 && (size_t)(h - title) < tl)
			tl = (size_t)(h - title);
	}
	size_t n = b - a;
	const char *p = text + a;
	if (tl < 12 || tl >= n)
		return 0;
	/* The last occurrence of the title in the paragraph, not at its
	 * start. */
	size_t at = 0;
	for (size_t i = 1; i + tl <= n; i++)
		if (p[i] == title[0] && !memcmp(p + i, title, tl))
			at = i;
	if (!at || at + tl >= n)
		return 0;
	/* What precedes it must be a run of labels, not prose. */
	feat f;
	size_t keep = st->nw;
	int r = dk_bp_scan(st, text, a, a + at, &f);
	st->nw = keep;
	if (r || f.sents > 0 || f.words < 3 || f.lowcontent > 2 + f.words / 10)
		return 0;
	size_t e = at + tl;
	while (e < n && (dk_bp_is_space((unsigned char)p[e]) || p[e] == '|'))
		e++;
	return e < n ? e : 0;
}

