/*
 * html_extract.c - main content extraction (see html_extract.h).
 *
 * One walk over the body builds two arrays: the elements in document order
 * (each with its parent, the end of its subtree and the range of blocks it
 * holds) and the text blocks.  Because both are in document order, the
 * blocks of an element are a contiguous range, so the score of every
 * element is one subtraction of prefix sums: choosing the best of
 * thousands of candidate elements is linear in the page.
 *
 * Block classes (words are runs of letters and digits; in Chinese and
 * Japanese, written without spaces, every two characters make a word and
 * the ideographic full stop ends a sentence):
 *   BAD    more than half of its text is link text
 *   SHORT  fewer than 4 words (headings, labels, dates)
 *   GOOD   at least 10 words with a stopword density of 0.2 or a sentence
 *          end, or at least 25 words; link text under 30%
 *   NEAR   the rest
 * An element's score is the sum over its blocks of
 *   GOOD +1 and NEAR +0.5 per byte of non-link text, SHORT -0.2 per byte,
 *   BAD -0.5 per byte, and -0.5 per byte for any block inside a
 *   boilerplate region; a block in a comment section or a hidden element
 *   counts nothing for its region (but what counts against still does).
 * so a region of prose scores high and grows until the next addition would
 * bring more link lists and boilerplate than text.  A boilerplate region
 * (by tag, class, id or role) that holds half of the page's good text is
 * not boilerplate (a page wrapped in one <form>, React's hidden streaming
 * container), and the same holds inside the chosen element.
 * A form asking for an e-mail address makes the box around it (up to
 * three levels, while it holds at most cta = 1,000 bytes of text besides
 * the form) boilerplate too: a newsletter or sign-up box that no class
 * word names.
 *
 * A second, structure mode scores every block by its length, links and
 * short lines included, boilerplate regions against: it finds the main
 * region of product grids, listings, tables of links and forum threads,
 * where the article score finds only fragments.  Its choice is taken when
 * the article mode keeps less than 30% as much text, when the article
 * score is nowhere positive, or when the page is short (under SHORT_PAGE
 * bytes of text); then comment sections that make up half of the region
 * are kept (a forum thread is all comments).
 *
 * Inside the article mode's choice, structure and position then drop
 * what no class word names: lists of teaser cards after the article's
 * last prose (drop_teasers; a stream of one-excerpt teasers under an
 * article of five paragraphs goes even when it holds more prose than
 * the article), <article> elements listed after the page's article in
 * another container (drop_sibling_articles), headings left over a
 * dropped section, short lines before the first prose and after the
 * last, and datelines (a line of up to 12 words with a year) before the
 * first (tidy); in both modes,
 * a run of blocks repeated in another container (drop_repeats: one copy
 * per screen size).
 */
#include "html_extract.h"
#include "html_extract_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hash64.h"
#include "html_dom.h"
#include "../../common/lang.h"
#include "../../common/stopwords.h"


enum { K_BAD, K_SHORT, K_NEAR, K_GOOD };

/* Good text a boilerplate region must hold, besides half of the page's,
 * to be taken for content: a footer on a page of product tiles holds all
 * of its (little) prose. */
#define MIN_PROTECT 400

/* Pages with less text than this (in the structure mode's choice) are
 * too short for the article score to tell content from chrome: all of
 * their text that is not marked as boilerplate is kept. */
#define SHORT_PAGE 500

/* ---- tunable parameters (html_extract_int.h) ----------------------------- */

static dk_hx_params prm = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 5, 1, 1000, 1, 5, 1, 1, 1, 0 };
static pthread_once_t prm_once = PTHREAD_ONCE_INIT;

static void prm_init(void)
{
	const char *e = getenv("DOCKET_EXTRACT_PARAMS");
	static const struct { const char *name; double *v; } names[] = {
		{ "caption", &prm.caption }, { "tail", &prm.tail },
		{ "orphan", &prm.orphan }, { "intl", &prm.intl },
		{ "author", &prm.author }, { "head", &prm.head }, { "lang", &prm.lang }, { "strong", &prm.strong },
		{ "isolink", &prm.isolink }, { "util", &prm.util }, { "sibs", &prm.sibs },
		{ "cjk", &prm.cjk }, { "teaser", &prm.teaser }, { "tprose", &prm.tprose }, { "repeat", &prm.repeat },
		{ "cta", &prm.cta }, { "hhead", &prm.hhead }, { "tlead", &prm.tlead },
		{ "sibart", &prm.sibart }, { "tkept", &prm.tkept }, { "hdate", &prm.hdate }, { "debug", &prm.debug },
	};
	while (e && *e) {
		const char *eq = strchr(e, '='), *end = strchr(e, ',');
		if (!end)
			end = e + strlen(e);
		if (eq && eq < end)
			for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
				if (strlen(names[i].name) == (size_t)(eq - e) &&
				    !strncmp(names[i].name, e, (size_t)(eq - e)))
					*names[i].v = strtod(eq + 1, NULL);
		e = *end ? end + 1 : end;
	}
}

typedef struct enode {
	xmlNode *n;
	int parent;
	int end;           /* one past the last element of the subtree */
	int b0, b1;        /* its blocks */
	unsigned char tag;
	unsigned char flags;
	unsigned char mute;  /* the walk's mute state before this element */
} enode;

typedef struct block {
	size_t off, len;   /* text in ex->txt */
	unsigned chars;    /* non-space bytes */
	unsigned link;     /* of which inside links */
	unsigned words, stops, ends;
	unsigned cjk;      /* characters of scripts without spaces */
	int node;          /* the element open when it ended */
	unsigned char kind;
	unsigned char heading;  /* 1..6 inside h1..h6 */
	unsigned short sl[DK_LANG_NWORD];  /* function words of each language */
} block;

typedef struct ex {
	enode *nodes;
	size_t nn, ncap;
	block *blocks;
	size_t nb, bcap;
	dk_buf txt;
	block cur;
	int open;          /* cur holds text */
	int space;         /* a space is due before the next text */
	int links;         /* <a href> elements open */
	int heading;
	int pre;           /* <pre> elements open: a blank line ends a block */
	int mute;          /* inside an element whose text is not read */
	int cur_node;
	/* the word being read, lower-cased, for the stopword test */
	char word[16];
	size_t wlen;
	int in_word;
	int word_long;
	const dk_stopwords *sw;
	unsigned page_sl[DK_LANG_NWORD];  /* function words of the page */
	unsigned page_words;
	dk_status err;
} ex;

/* ---- the stopword set, shared by all threads ---------------------------- */

static pthread_once_t sw_once = PTHREAD_ONCE_INIT;
static dk_stopwords *sw_set;

static void sw_init(void)
{
	if (dk_stopwords_new("english", &sw_set))
		sw_set = NULL;
}

/* ---- the walk ------------------------------------------------------------ */

static void end_word(ex *x)
{
	if (!x->in_word)
		return;
	x->cur.words++;
	x->page_words++;
	if (!x->word_long && x->sw &&
	    dk_stopwords_contains(x->sw, x->word, x->wlen))
		x->cur.stops++;
	if (!x->word_long && prm.lang && x->wlen <= 12) {
		uint32_t m = dk_lang_word(x->word, x->wlen);
		for (int l = 0; m; l++, m >>= 1)
			if (m & 1) {
				x->cur.sl[l]++;
				x->page_sl[l]++;
			}
	}
	x->in_word = 0;
	x->wlen = 0;
	x->word_long = 0;
}

static void close_block(ex *x)
{
	end_word(x);
	x->space = 0;
	if (!x->open)
		return;
	x->open = 0;
	if (x->cur.chars == 0) {
		x->txt.len = x->cur.off;
		return;
	}
	x->cur.len = x->txt.len - x->cur.off;
	x->cur.node = x->cur_node;
	if (x->nb == x->bcap) {
		size_t cap = x->bcap ? x->bcap * 2 : 256;
		block *b = realloc(x->blocks, cap * sizeof *b);
		if (!b) {
			x->err = DK_ERR_NOMEM;
			return;
		}
		x->blocks = b;
		x->bcap = cap;
	}
	x->blocks[x->nb++] = x->cur;
}

static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

/* Chinese and Japanese are written without spaces between words: a
 * paragraph would be one long "word", never prose.  Their characters
 * (UTF-8 E3 81 80 .. E9 BF BF: kana, CJK symbols, ideographs) count one
 * word per two (the mean length of a Chinese word), and their
 * punctuation (U+3000-U+303F, the fullwidth ! , . : ; ?) separates words;
 * the ideographic full stop and the fullwidth ! and ? end sentences.
 * Korean separates its words by spaces and is read as other letters. */
enum { CJK_NONE, CJK_CHAR, CJK_PUNCT, CJK_STOP };

static int cjk_kind(const unsigned char *s)
{
	if (s[0] < 0xE3 || s[0] > 0xEF || (s[1] & 0xC0) != 0x80 ||
	    (s[2] & 0xC0) != 0x80)
		return CJK_NONE;
	if (s[0] == 0xE3 && s[1] == 0x80)
		return s[2] == 0x82 ? CJK_STOP : CJK_PUNCT;
	if (s[0] <= 0xE9)
		return CJK_CHAR;
	if (s[0] == 0xEF && s[1] == 0xBC &&
	    (s[2] == 0x81 || s[2] == 0x9F))
		return CJK_STOP;
	if (s[0] == 0xEF && s[1] == 0xBC &&
	    (s[2] == 0x8C || s[2] == 0x8E || s[2] == 0x9A || s[2] == 0x9B))
		return CJK_PUNCT;
	return CJK_NONE;
}

/* Append the text of a text node to the current block. */
static void add_text(ex *x, const unsigned char *s)
{
	if (x->mute)
		return;
	for (; *s; s++) {
		unsigned char c = *s;
		if (c == '\n' && x->pre) {
			/* Preformatted text (a court opinion, a plain-text
			 * page wrapped in <pre>): a blank line ends a
			 * paragraph, a single line break is a space. */
			const unsigned char *t = s + 1;
			while (*t == ' ' || *t == '\t' || *t == '\r')
				t++;
			if (*t == '\n') {
				close_block(x);
				s = t;
				continue;
			}
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
		    c == '\v') {
			end_word(x);
			x->space = 1;
			continue;
		}
		if (c == 0xC2 && s[1] == 0xA0) {       /* no-break space */
			end_word(x);
			x->space = 1;
			s++;
			continue;
		}
		if (c == 0xC2 && s[1] == 0xAD) {       /* soft hyphen */
			s++;
			continue;
		}
		if (c == 0xE2 && s[1] == 0x80 && s[2] >= 0x8B && s[2] <= 0x8D) {
			s += 2;                        /* zero-width spaces */
			continue;
		}
		if (c == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
			s += 2;                        /* BOM as ZWNBSP */
			continue;
		}
		int cjk = prm.cjk ? cjk_kind(s) : 0;
		if (!x->open) {
			x->open = 1;
			memset(&x->cur, 0, sizeof x->cur);
			x->cur.off = x->txt.len;
			x->space = 0;
		}
		if (x->space && x->txt.len > x->cur.off)
			dk_buf_putc(&x->txt, ' ');
		x->space = 0;
		if (x->links)
			x->cur.link += cjk ? 3 : 1;
		if (x->heading)
			x->cur.heading = (unsigned char)x->heading;
		if (cjk) {
			/* One character of a script written without spaces:
			 * every two make a word; its full stops end sentences. */
			dk_buf_append(&x->txt, (const char *)s, 3);
			x->cur.chars += 3;
			end_word(x);
			if (cjk == CJK_CHAR && (++x->cur.cjk & 1)) {
				x->cur.words++;
				x->page_words++;
			} else if (cjk == CJK_STOP) {
				x->cur.ends++;
			}
			s += 2;
			continue;
		}
		dk_buf_putc(&x->txt, (char)c);
		x->cur.chars++;
		if (word_byte(c)) {
			if (x->wlen < sizeof x->word - 1)
				x->word[x->wlen++] = (char)dk_hx_lower(c);
			else
				x->word_long = 1;
			x->word[x->wlen] = '\0';
			x->in_word = 1;
		} else {
			end_word(x);
			if (c == '.' || c == '!' || c == '?')
				x->cur.ends++;
		}
	}
}

static int push_node(ex *x, xmlNode *n, dk_html_tag tag, unsigned flags)
{
	if (x->nn == x->ncap) {
		size_t cap = x->ncap ? x->ncap * 2 : 256;
		enode *e = realloc(x->nodes, cap * sizeof *e);
		if (!e) {
			x->err = DK_ERR_NOMEM;
			return -1;
		}
		x->nodes = e;
		x->ncap = cap;
	}
	int i = (int)x->nn++;
	enode *e = &x->nodes[i];
	e->n = n;
	e->parent = x->cur_node;
	e->end = i + 1;
	e->b0 = e->b1 = (int)x->nb;
	e->tag = (unsigned char)tag;
	e->flags = (unsigned char)flags;
	e->mute = (unsigned char)x->mute;
	n->_private = (void *)(size_t)(i + 1);
	x->cur_node = i;
	return i;
}

static int separating(dk_html_tag t, unsigned flags)
{
	return dk_html_tag_is_block(t) || (flags & (F_BOILER | F_WEAK | F_HINT));
}

static int heading_level(dk_html_tag t)
{
	switch (t) {
	case DK_TAG_H1: return 1;
	case DK_TAG_H2: return 2;
	case DK_TAG_H3: return 3;
	case DK_TAG_H4: return 4;
	case DK_TAG_H5: return 5;
	case DK_TAG_H6: return 6;
	default: return 0;
	}
}

/* Called when leaving element n (one that was entered and pushed). */
static void leave(ex *x, xmlNode *n)
{
	size_t idx = (size_t)n->_private;
	if (!idx)
		return;
	enode *e = &x->nodes[idx - 1];
	dk_html_tag t = (dk_html_tag)e->tag;
	if (separating(t, e->flags))
		close_block(x);
	else if (t == DK_TAG_TD || t == DK_TAG_TH || t == DK_TAG_LABEL ||
		 t == DK_TAG_IMG)
		x->space = 1;
	if (t == DK_TAG_A && dk_html_attr(n, "href") && x->links > 0)
		x->links--;
	if (heading_level(t))
		x->heading = 0;
	if (t == DK_TAG_PRE && x->pre > 0)
		x->pre--;
	e->b1 = (int)x->nb;
	e->end = (int)x->nn;
	x->mute = e->mute;
	x->cur_node = e->parent;
}

static void walk(ex *x, xmlNode *root)
{
	xmlNode *n = root;
	while (n && !x->err) {
		int descend = 0;
		if (n->type == XML_ELEMENT_NODE) {
			dk_html_tag t = dk_html_tag_of(n);
			int mode;
			unsigned f = dk_hx_element_flags(n, t, &mode, &prm);
			n->_private = NULL;
			if (t == DK_TAG_BR || t == DK_TAG_HR) {
				close_block(x);
			} else if (mode != M_SKIP) {
				if (separating(t, f))
					close_block(x);
				else if (t == DK_TAG_TD || t == DK_TAG_TH ||
					 t == DK_TAG_LABEL)
					x->space = 1;
				if (push_node(x, n, t, f) < 0)
					return;
				if (mode == M_MUTE)
					x->mute = 1;
				else if (dk_html_tag_is_block(t))
					x->mute = 0;
				if (t == DK_TAG_A && dk_html_attr(n, "href"))
					x->links++;
				if (heading_level(t))
					x->heading = heading_level(t);
				if (t == DK_TAG_PRE)
					x->pre++;
				descend = 1;
			}
		} else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
			   n->content) {
			add_text(x, n->content);
		}
		if (descend && n->children) {
			n = n->children;
			continue;
		}
		if (descend)
			leave(x, n);
		/* Climb until a next sibling, leaving the elements passed. */
		for (;;) {
			if (n == root)
				goto done;
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (!n)
				goto done;
			leave(x, n);
		}
	}
done:
	close_block(x);
}

/* Does s hold w (lower-case ASCII), ignoring ASCII case? */
static int strcasestr_ascii(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (; *s; s++)
		if (!strncasecmp(s, w, n))
			return 1;
	return 0;
}

/* ---- scoring ------------------------------------------------------------- */

static void classify(block *b)
{
	double ld = b->chars ? (double)b->link / b->chars : 0;
	if (ld > 0.5)
		b->kind = K_BAD;
	else if (b->words < 4)
		b->kind = K_SHORT;
	else if (ld < 0.3 &&
		 ((b->words >= 10 && ((double)b->stops / b->words >= 0.2 || b->ends)) ||
		  b->words >= 25))
		b->kind = K_GOOD;
	else
		b->kind = K_NEAR;
}

static double good_value(const block *b)
{
	double nonlink = (double)(b->chars - b->link);
	switch (b->kind) {
	case K_GOOD: return nonlink;
	case K_NEAR: return 0.5 * nonlink;
	default: return 0;
	}
}

static double block_value(const block *b, int boiler, int weak)
{
	if (boiler)
		return -0.5 * b->chars;
	double v;
	switch (b->kind) {
	case K_GOOD: v = (double)(b->chars - b->link); break;
	case K_NEAR: v = 0.5 * (double)(b->chars - b->link); break;
	case K_SHORT: v = -0.2 * b->chars; break;
	default: v = -0.5 * b->chars; break;
	}
	if (weak && v > 0)
		v = 0;
	return v;
}

static int is_ancestor(const ex *x, int a, int d)
{
	return a <= d && d < x->nodes[a].end;
}

static void emit(ex *x, const block *b, dk_buf *out)
{
	if (out->len)
		dk_buf_putc(out, '\n');
	dk_buf_append(out, x->txt.data + b->off, b->len);
}

static double list_value(const block *b, int boiler)
{
	if (boiler)
		return -1.0 * b->chars;
	switch (b->kind) {
	case K_GOOD: case K_NEAR: return b->chars;
	case K_SHORT: return 0.6 * b->chars;
	default: return 0.4 * b->chars;
	}
}

/* The hinted element with the most good text: itemprop/class hints are
 * the most specific, then <article>, then <main>.  -1 if none. */
static int best_hint(const ex *x, const double *G)
{
	int hint = -1;
	double hint_g = 0;
	for (size_t i = 0; i < x->nn; i++) {
		const enode *e = &x->nodes[i];
		if (!(e->flags & (F_HINT | F_MAIN | F_ARTICLE)) || e->b1 <= e->b0)
			continue;
		double g = G[e->b1] - G[e->b0];
		double w = (e->flags & F_HINT) ? 1.0 : (e->flags & F_ARTICLE) ? 0.9 : 0.8;
		if (g * w > hint_g) {
			hint_g = g * w;
			hint = (int)i;
		}
	}
	return hint;
}

/* The block-level element with the highest score (prefix sums P), moved
 * to the hinted element when that agrees with the score; *score (may be
 * NULL) gets the highest score. */
static int choose(const ex *x, const double *P, const double *G, int hint,
		  double *score)
{
	int best = 0;
	double best_s = -1e300;
	for (size_t i = 0; i < x->nn; i++) {
		const enode *e = &x->nodes[i];
		if (e->b1 <= e->b0 || !dk_html_tag_is_block((dk_html_tag)e->tag))
			continue;
		double s = P[e->b1] - P[e->b0];
		if (s > best_s) {
			best_s = s;
			best = (int)i;
		}
	}
	if (hint >= 0 && hint != best) {
		const enode *h = &x->nodes[hint], *b = &x->nodes[best];
		double gh = G[h->b1] - G[h->b0], gb = G[b->b1] - G[b->b0];
		double sh = P[h->b1] - P[h->b0];
		if (is_ancestor(x, best, hint) && gh >= 0.7 * gb)
			best = hint;            /* tighter, same text */
		else if (is_ancestor(x, hint, best) && sh >= 0.8 * best_s)
			best = hint;            /* wider, little lost */
	}
	if (score)
		*score = best_s;
	return best;
}

/* Does form f ask for an e-mail address (an <input type=email>, or an
 * input whose name or id says "mail", as sign-up forms name it in any
 * language)?  Looks at no more than 2,000 of its nodes, and at no more
 * than *budget on the page (forms left unclosed nest): a page that is one
 * <form> from top to bottom is no sign-up box anyway. */
static int asks_email(const xmlNode *f, long *budget)
{
	const xmlNode *n = f->children;
	int own = 2000;
	while (n && n != f && own-- > 0 && (*budget)-- > 0) {
		if (n->type == XML_ELEMENT_NODE && dk_html_tag_of((xmlNode *)n) == DK_TAG_INPUT) {
			const char *t = dk_html_attr(n, "type"), *nm = dk_html_attr(n, "name"),
				   *id = dk_html_attr(n, "id");
			if ((t && !strcasecmp(t, "email")) ||
			    (nm && strcasestr_ascii(nm, "mail")) ||
			    (id && strcasestr_ascii(id, "mail")))
				return 1;
		}
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n != f && !n->next)
			n = n->parent;
		if (n == f)
			break;
		n = n->next;
	}
	return 0;
}

/* Sign-up boxes: a form asking for an e-mail address ("Get our
 * newsletter", "Subscribe to read on") sits in a box with a heading and
 * a sentence or two that no class word may name.  The outermost of the
 * form's three nearest ancestors that hold at most prm.cta bytes of text
 * besides the form's own, no <h1>, <main>, <article> or body hint, and
 * less than half the page's good text, is boilerplate. */
static void mark_signup_boxes(ex *x, const double *P, const double *G,
			      double total_good, const char *anchor)
{
	long budget = 50000;
	for (size_t i = 0; i < x->nn; i++) {
		const enode *f = &x->nodes[i];
		if (f->tag != DK_TAG_FORM || G[f->b1] - G[f->b0] >= MIN_PROTECT ||
		    !asks_email(f->n, &budget))
			continue;
		double own = P[f->b1] - P[f->b0];
		int top = -1;
		for (int p = f->parent, d = 0; p >= 0 && d < 3; p = x->nodes[p].parent, d++) {
			const enode *e = &x->nodes[p];
			if ((anchor[p] & 1) || (e->flags & (F_MAIN | F_ARTICLE | F_HINT)) ||
			    e->tag == DK_TAG_BODY || e->tag == DK_TAG_HTML ||
			    P[e->b1] - P[e->b0] - own > prm.cta ||
			    G[e->b1] - G[e->b0] >= 0.5 * total_good)
				break;
			top = p;
		}
		if (top >= 0)
			x->nodes[top].flags |= F_BOILER;
	}
}

/* Boilerplate regions that are siblings of one class ("skip-item",
 * "section-banner") and together hold half the page's good text are its
 * sections, as one such region holding it would be content.  anchor[]
 * gets bit 2 for the regions looked at. */
static void protect_siblings(ex *x, const double *G, double total_good,
			     char *anchor)
{
	for (size_t i = 0; i < x->nn; i++) {
		const enode *e = &x->nodes[i];
		if ((e->flags & (F_BOILER | F_WEAK | F_STRONG)) != F_BOILER ||
		    (anchor[i] & 2) || e->b1 <= e->b0)
			continue;
		const char *cls = dk_html_attr(e->n, "class");
		if (!cls || !*cls)
			continue;
		double g = 0;
		int n = 0, steps = 0;
		for (size_t j = i; j < x->nn && x->nodes[j].parent == e->parent &&
		     steps < 256; j = (size_t)x->nodes[j].end, steps++) {
			const enode *f = &x->nodes[j];
			const char *c2 = dk_html_attr(f->n, "class");
			if ((f->flags & (F_BOILER | F_WEAK | F_STRONG)) != F_BOILER ||
			    !c2 || strcmp(c2, cls))
				continue;
			anchor[j] |= 2;
			g += G[f->b1] - G[f->b0];
			n++;
		}
		if (n < 2 || g < 0.5 * total_good || g < MIN_PROTECT)
			continue;
		steps = 0;
		for (size_t j = i; j < x->nn && x->nodes[j].parent == e->parent &&
		     steps < 256; j = (size_t)x->nodes[j].end, steps++) {
			enode *f = &x->nodes[j];
			const char *c2 = dk_html_attr(f->n, "class");
			if ((f->flags & (F_BOILER | F_WEAK | F_STRONG)) == F_BOILER &&
			    c2 && !strcmp(c2, cls))
				f->flags &= (unsigned char)~F_BOILER;
		}
	}
}

/* Is block i of element c a sentence with a link in it, between two
 * blocks of prose ("For details, see the court's ruling.")?  A link
 * list has link lines next to each other. */
static int isolated_link(const ex *x, const enode *c, int i)
{
	const block *b = &x->blocks[i];
	if (b->words < 5 || !b->ends || b->link > 0.9 * b->chars)
		return 0;
	if (i == c->b0 || x->blocks[i - 1].kind < K_NEAR)
		return 0;
	return i + 1 < c->b1 && x->blocks[i + 1].kind >= K_NEAR;
}

/* Mark in keep[] the blocks of element best that are kept: not in a
 * boilerplate region that is less than half of it, and (unless links)
 * not link lists.  mark is scratch of nb + 1 ints.  Returns the bytes kept. */
static size_t select_blocks(const ex *x, int best, const double *G, int *mark,
			    int links, int unite, char *keep)
{
	const enode *c = &x->nodes[best];
	double gc = G[c->b1] - G[c->b0];
	/* The good text in the outermost comment regions: when together
	 * they hold half of the element (and unite is set), they are its
	 * content, as forum posts marked "comment" are. */
	double in_weak = 0;
	for (int i = best + 1; i < c->end; i++) {
		const enode *e = &x->nodes[i];
		if (!(e->flags & (F_BOILER | F_WEAK)) || e->b1 <= e->b0)
			continue;
		if (e->flags & F_WEAK)
			in_weak += G[e->b1] - G[e->b0];
		i = e->end - 1;
	}
	unsigned drop = F_BOILER;
	if (!(unite && gc > 0 && in_weak >= 0.5 * gc))
		drop |= F_WEAK;
	memset(mark, 0, (x->nb + 1) * sizeof *mark);
	for (int i = best + 1; i < c->end; i++) {
		const enode *e = &x->nodes[i];
		if (!(e->flags & drop) || e->b1 <= e->b0)
			continue;
		double g = G[e->b1] - G[e->b0];
		if (gc > 0 && g >= 0.5 * gc)
			continue;
		mark[e->b0]++;
		mark[e->b1]--;
		i = e->end - 1;          /* its subtree is dropped whole */
	}
	int in_b = 0;
	size_t kept = 0;
	for (int i = 0; i < c->b0; i++)
		in_b += mark[i];
	for (int i = c->b0; i < c->b1; i++) {
		in_b += mark[i];
		const block *b = &x->blocks[i];
		if (in_b > 0)
			continue;
		if (!links && b->kind == K_BAD && !b->heading &&
		    !(prm.isolink && isolated_link(x, c, i)))
			continue;
		keep[i] = 1;
		kept += b->chars;
	}
	return kept;
}

/* Is element e a teaser: a title that is a link, in a block of its own,
 * and at least one more block (an excerpt, a date)?  A card is small: more
 * than 8 blocks (title, label, excerpt, author, date, "read more") is a
 * section, not a card.  With tkept only the blocks kept so far count
 * (the "Save", "Like" buttons of a news stream's cards are dropped
 * already), and a card holds at most one paragraph of prose (more is a
 * forum post or a section). */
static int teaser(const ex *x, const enode *e, const char *keep)
{
	int n = e->b1 - e->b0, good = 0;
	if (prm.tkept) {
		n = 0;
		for (int i = e->b0; i < e->b1; i++) {
			n += keep[i] != 0;
			good += keep[i] && x->blocks[i].kind == K_GOOD;
		}
	}
	if (e->b1 - e->b0 < 2 || n > 8 || good > 1)
		return 0;
	for (int i = e->b0; i < e->b1; i++)
		if (x->blocks[i].kind == K_BAD && x->blocks[i].words >= 2)
			return 1;
	return 0;
}

/* Teaser lists (article mode): inside the chosen element, three or more
 * sibling elements of one tag and class that are each a teaser() -- a
 * linked title over an excerpt, the "latest posts" or "you might also
 * like" cards under an article -- are dropped whole when they come after
 * the last prose that is no teaser's, unless all the teasers together
 * hold half of the element's good text (then they are its content: a
 * listing, a listicle whose items link their titles; but with tlead, not
 * when each teaser holds one excerpt at most and the element has tlead
 * paragraphs of prose of its own: a news stream under an article) or the element has
 * fewer than tprose paragraphs of prose of its own (then it is a page of
 * cards with an introduction: a documentation hub, a product category).  seen is nn bytes
 * of scratch: bit 1 for elements looked at, bit 2 for teasers of a
 * list; mark is scratch of nb + 1 ints. */
static void drop_teasers(const ex *x, int best, const double *G, char *seen,
			 int *mark, char *keep)
{
	const enode *c = &x->nodes[best];
	double gc = G[c->b1] - G[c->b0], gt = 0;
	int any = 0;
	memset(seen, 0, x->nn);
	for (int i = best + 1; i < c->end; i++) {
		const enode *e = &x->nodes[i];
		if (seen[i] || e->b1 - e->b0 < 2)
			continue;
		const char *cls = dk_html_attr(e->n, "class");
		int n = 0, t = 0;
		for (int pass = 0; pass < 2; pass++) {
			int steps = 0;
			for (int j = i; j < c->end && x->nodes[j].parent == e->parent &&
			     steps < 256; j = x->nodes[j].end, steps++) {
				const enode *f = &x->nodes[j];
				const char *c2 = dk_html_attr(f->n, "class");
				if (f->tag != e->tag || (!cls) != (!c2) ||
				    (cls && strcmp(cls, c2)))
					continue;
				seen[j] |= 1;
				if (pass == 0) {
					n++;
					t += teaser(x, f, keep);
				} else if (teaser(x, f, keep)) {
					seen[j] |= 2;
					gt += G[f->b1] - G[f->b0];
				}
			}
			if (t < 3 || 3 * t < 2 * n)
				break;
			any = 1;
		}
	}
	if (!any)
		return;
	/* The last prose block outside the teasers (mark: nb + 1 ints). */
	memset(mark, 0, (x->nb + 1) * sizeof *mark);
	int excerpts = 1;
	for (int i = best + 1; i < c->end; i++)
		if (seen[i] & 2) {
			const enode *e = &x->nodes[i];
			int good = 0;
			for (int k = e->b0; k < e->b1; k++)
				good += x->blocks[k].kind == K_GOOD;
			if (good > 1)
				excerpts = 0;
			mark[e->b0]++;
			mark[e->b1]--;
		}
	int last = -1, in_t = 0, prose = 0;
	for (int k = 0; k < c->b1; k++) {
		in_t += mark[k];
		if (k >= c->b0 && !in_t && keep[k] && x->blocks[k].kind == K_GOOD) {
			last = k;
			prose++;
		}
	}
	if (prose < prm.tprose)
		return;
	if (gt >= prm.teaser * gc &&
	    !(prm.tlead > 0 && excerpts && prose >= prm.tlead))
		return;
	for (int i = best + 1; i < c->end; i++) {
		const enode *e = &x->nodes[i];
		if ((seen[i] & 2) && e->b0 > last)
			memset(keep + e->b0, 0, (size_t)(e->b1 - e->b0));
	}
}

/* Do class attributes a and b share a word, or are both empty? */
static int share_class(const char *a, const char *b)
{
	if (!a || !*a || !b || !*b)
		return (!a || !*a) && (!b || !*b);
	for (const char *s = a; *s;) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		size_t n = strcspn(s, " \t\n");
		for (const char *t = b; n && *t;) {
			while (*t == ' ' || *t == '\t' || *t == '\n')
				t++;
			size_t m = strcspn(t, " \t\n");
			if (m == n && !memcmp(s, t, n))
				return 1;
			t += m;
		}
		s += n;
	}
	return 0;
}

/* Are elements a and b items of one list: up to the nearest ancestor
 * they share, their ancestors pair off with the same tag and a class
 * word in common (the posts of a forum thread, each in its own <li>,
 * the first one's marked "threadAuthor" too)? */
static int alike(const ex *x, int a, int b)
{
	while (a != b) {
		if (a < 0 || b < 0)
			return 0;
		const enode *p = &x->nodes[a], *q = &x->nodes[b];
		if (p->tag != q->tag ||
		    !share_class(dk_html_attr(p->n, "class"), dk_html_attr(q->n, "class")))
			return 0;
		a = p->parent;
		b = q->parent;
	}
	return 1;
}

/* Sibling articles (article mode): when the chosen element holds two
 * or more <article> elements side by side (the outermost ones inside
 * it) and one of them holds at least prm.sibart times the good text of
 * all the others together, that one is the page's article and the
 * others after it are the stories a news page lists under it ("more
 * news", the next article of an endless stream): they go. */
static void drop_sibling_articles(const ex *x, int best, const double *G,
				  char *keep)
{
	const enode *c = &x->nodes[best];
	int a = -1, n = 0;
	double ga = 0, gall = 0;
	for (int i = best + 1; i < c->end; i++) {
		const enode *e = &x->nodes[i];
		if (!(e->flags & F_ARTICLE))
			continue;
		double g = G[e->b1] - G[e->b0];
		gall += g;
		n++;
		if (g > ga) {
			ga = g;
			a = i;
		}
		i = e->end - 1;
	}
	if (n < 2 || a < 0 || ga < prm.sibart * (gall - ga))
		return;
	int after = x->nodes[a].end;
	for (int i = after; i < c->end; i++) {
		const enode *e = &x->nodes[i];
		if (!(e->flags & F_ARTICLE))
			continue;
		if (alike(x, a, i)) {
			i = e->end - 1;   /* a thread's replies, a list's items */
			continue;
		}
		if (e->b1 > e->b0)
			memset(keep + e->b0, 0, (size_t)(e->b1 - e->b0));
		i = e->end - 1;
	}
}

/* Is block b a dateline: at most 12 words, one of them a year (1900 to
 * 2099, four digits standing alone: "Updated November 18, 2025",
 * "08.04.2015 12:46", "Veröffentlicht am 3. März 2024 von ..."), and not
 * in a table cell (an infobox's "GDP 2018 estimate")?  The year is the
 * part of a date every language writes alike. */
static int dateline(const ex *x, int best, const block *b)
{
	if (b->words > 12)
		return 0;
	const unsigned char *s = (const unsigned char *)x->txt.data + b->off;
	int year = 0;
	for (size_t i = 0; i + 4 <= b->len && !year; i++) {
		if ((i > 0 && (s[i - 1] >= '0' && s[i - 1] <= '9')) ||
		    (i + 4 < b->len && s[i + 4] >= '0' && s[i + 4] <= '9'))
			continue;
		if (((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0')) &&
		    s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] >= '0' && s[i + 3] <= '9' &&
		    (i == 0 || !((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z')) &&
		    (i + 4 == b->len || !((s[i + 4] | 0x20) >= 'a' && (s[i + 4] | 0x20) <= 'z')))
			year = 1;
	}
	if (!year)
		return 0;
	for (int k = b->node; k > best && k >= 0; k = x->nodes[k].parent)
		if (x->nodes[k].tag == DK_TAG_TD || x->nodes[k].tag == DK_TAG_TH)
			return 0;
	return 1;
}

/* Position evidence inside the chosen element best (article mode):
 * a heading whose section lost all its blocks to the rules above (the
 * "Related articles" over a dropped link list) goes with them, after
 * the last block of prose only prose stays (the author's name, tags,
 * "Read more", a date line that close an article), and before the first
 * only prose and headings (a "Published" label, a byline, a date). */
static void tidy(const ex *x, int best, char *keep)
{
	const enode *c = &x->nodes[best];
	if (prm.orphan) {
		for (int i = c->b0; i < c->b1; i++) {
			if (!keep[i] || !x->blocks[i].heading)
				continue;
			int j = i + 1, any = 0;
			for (; j < c->b1 && !x->blocks[j].heading; j++)
				any |= keep[j];
			if (!any && (j > i + 1 || j == c->b1))
				keep[i] = 0;
		}
	}
	if (prm.tail) {
		int last = -1;
		for (int i = c->b0; i < c->b1; i++)
			if (keep[i] && x->blocks[i].kind == K_GOOD)
				last = i;
		if (last < 0)
			return;
		for (int i = c->b0; prm.head && i < c->b1; i++) {
			const block *b = &x->blocks[i];
			if (b->kind == K_GOOD)
				break;
			if (!b->heading && (b->kind == K_SHORT || b->kind == K_BAD ||
					    (prm.hdate && b->kind == K_NEAR && dateline(x, best, b))))
				keep[i] = 0;
		}
		for (int i = last + 1; i < c->b1; i++) {
			const block *b = &x->blocks[i];
			if (b->kind == K_SHORT || b->kind == K_BAD ||
			    (prm.tail >= 2 && b->kind == K_NEAR) ||
			    (prm.hdate >= 2 && b->kind == K_NEAR && !b->heading &&
			     dateline(x, best, b)))
				keep[i] = 0;
		}
	}
}

/* The container of block b: the parent of the element it ended in. */
static int container(const ex *x, const block *b)
{
	return b->node >= 0 ? x->nodes[b->node].parent : -1;
}

static int same_text(const ex *x, int i, int j)
{
	const block *a = &x->blocks[i], *b = &x->blocks[j];
	return a->len == b->len &&
	       !memcmp(x->txt.data + a->off, x->txt.data + b->off, a->len);
}

/* Repetition: a kept block with the same text as an earlier kept block in
 * another container goes when the repeat is part of a repeated run --
 * the copy comes right after the first, or the blocks before or after
 * the two are alike too: the same section rendered once per screen size,
 * the copies hidden by a style sheet we do not read.  Repeats inside one
 * container (a refrain, a list's items) and lone repeats far apart (a
 * sentence quoted again in a later section) stay.  Returns DK_ERR_NOMEM
 * or DK_OK. */
static dk_status drop_repeats(const ex *x, char *keep)
{
	size_t n = 0, cap = 16;
	for (size_t i = 0; i < x->nb; i++)
		n += keep[i] != 0;
	while (cap < 2 * n)
		cap <<= 1;
	int *tab = malloc(cap * sizeof *tab), *k = malloc((n + 1) * sizeof *k);
	char *drop = calloc(n + 1, 1);
	if (!tab || !k || !drop) {
		free(tab);
		free(k);
		free(drop);
		return DK_ERR_NOMEM;
	}
	n = 0;
	for (size_t i = 0; i < x->nb; i++)
		if (keep[i])
			k[n++] = (int)i;
	for (size_t h = 0; h < cap; h++)
		tab[h] = -1;
	for (int p = 0; p < (int)n; p++) {
		const block *b = &x->blocks[k[p]];
		size_t h = (size_t)dk_hash64_bytes(x->txt.data + b->off, b->len) & (cap - 1);
		for (; tab[h] >= 0 && !same_text(x, k[tab[h]], k[p]); h = (h + 1) & (cap - 1))
			;
		if (tab[h] < 0) {
			tab[h] = p;
			continue;
		}
		int q = tab[h];
		if (container(x, &x->blocks[k[q]]) == container(x, b))
			continue;
		if (q == p - 1 || (q > 0 && same_text(x, k[q - 1], k[p - 1])) ||
		    (p + 1 < (int)n && same_text(x, k[q + 1], k[p + 1])))
			drop[p] = 1;
	}
	for (size_t p = 0; p < n; p++)
		if (drop[p])
			keep[k[p]] = 0;
	free(tab);
	free(k);
	free(drop);
	return DK_OK;
}

/* The trace of DOCKET_EXTRACT_PARAMS=debug=1: each block, its verdict
 * and the elements around it. */
static void trace(const ex *x, int best, const char *keep)
{
	for (size_t i = 0; i < x->nb; i++) {
		const block *b = &x->blocks[i];
		int in = -1;
		for (size_t k = 0; k < x->nn; k++)
			if ((size_t)x->nodes[k].b0 <= i && i < (size_t)x->nodes[k].b1)
				in = (int)k;
		char chain[600] = "";
		size_t cl = 0;
		for (int k = in, d = 0; k >= 0 && d < (prm.debug >= 2 ? 12 : 4); k = x->nodes[k].parent, d++) {
			const char *cls = dk_html_attr(x->nodes[k].n, "class");
			cl += (size_t)snprintf(chain + cl, cl < sizeof chain ? sizeof chain - cl : 0,
					       "<%s.%.20s%s", (const char *)x->nodes[k].n->name,
					       cls ? cls : "", x->nodes[k].flags & F_STRONG ? "!S" :
					       x->nodes[k].flags & F_BOILER ? "!B" :
					       x->nodes[k].flags & F_WEAK ? "!W" : "");
			if (cl >= sizeof chain)
				break;
		}
		fprintf(stderr, "DKX %c%c k%d c%u l%u w%u s%u %s | %.*s\n",
			keep[i] ? '+' : '-', is_ancestor(x, best, in) ? 'm' : ' ',
			b->kind, b->chars, b->link, b->words, b->stops, chain,
			(int)(prm.debug >= 2 || b->len < 100 ? b->len : 100),
			x->txt.data + b->off);
	}
}

dk_status dk_html_extract(xmlDocPtr doc, dk_buf *text, xmlNode **main)
{
	if (main)
		*main = NULL;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root)
		return DK_OK;
	/* Start at <body> when there is one. */
	xmlNode *body = NULL;
	for (xmlNode *c = root->children; c; c = c->next)
		if (dk_html_tag_of(c) == DK_TAG_BODY)
			body = c;
	pthread_once(&sw_once, sw_init);
	pthread_once(&prm_once, prm_init);
	ex x;
	memset(&x, 0, sizeof x);
	x.cur_node = -1;
	x.sw = sw_set;
	walk(&x, body ? body : root);
	dk_status st = x.err ? x.err : x.txt.err;
	double *P = NULL, *G = NULL;
	int *boiler = NULL, *weak = NULL;
	char *anchor = NULL;
	if (st || x.nb == 0 || x.nn == 0)
		goto out;
	size_t nb = x.nb;
	P = malloc((nb + 1) * sizeof *P);
	G = malloc((nb + 1) * sizeof *G);
	boiler = calloc(nb + 1, sizeof *boiler);
	weak = calloc(nb + 1, sizeof *weak);
	if (!P || !G || !boiler || !weak) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	/* Stopword density in the page's own language: a page whose function
	 * words are clearly another language's than English is judged by
	 * that language's list (lang.h). */
	int lang = prm.lang ? dk_lang_pick(x.page_sl, x.page_words) : -1;
	if (lang > 0)
		for (size_t i = 0; i < nb; i++)
			x.blocks[i].stops = x.blocks[i].sl[lang];
	G[0] = 0;
	for (size_t i = 0; i < nb; i++) {
		classify(&x.blocks[i]);
		G[i + 1] = G[i] + good_value(&x.blocks[i]);
	}
	double total_good = G[nb];
	/* P holds the prefix sums of all text for now. */
	P[0] = 0;
	for (size_t i = 0; i < nb; i++)
		P[i + 1] = P[i] + x.blocks[i].chars;
	/* Elements that hold a <main>, an <article>, a body hint or an <h1>
	 * (children come after their parents, so one backward pass). */
	anchor = calloc(x.nn, 1);
	if (!anchor) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	for (size_t i = x.nn; i-- > 0;) {
		const enode *e = &x.nodes[i];
		if ((e->flags & (F_MAIN | F_ARTICLE | F_HINT)) || e->tag == DK_TAG_H1)
			anchor[i] = 1;
		if (anchor[i] && e->parent >= 0)
			anchor[e->parent] = 1;
	}
	/* Boilerplate regions, unless one holds half the page's good text.
	 * A consent banner, dialog or footer must also hold the page's
	 * heading or main element (a parser that never closed it wrapped
	 * the page in it): on a page of tiles and menus, a cookie notice is
	 * the most prose, and still not the content -- nor is its prose
	 * counted in the page's. */
	for (size_t i = 0; i < x.nn; i++) {
		const enode *e = &x.nodes[i];
		if (!(e->flags & F_STRONG) || (anchor[i] & 1) || e->b1 <= e->b0)
			continue;
		total_good -= G[e->b1] - G[e->b0];
		i = (size_t)e->end - 1;
	}
	if (prm.cta > 0)
		mark_signup_boxes(&x, P, G, total_good, anchor);
	if (prm.sibs)
		protect_siblings(&x, G, total_good, anchor);
	for (size_t i = 0; i < x.nn; i++) {
		enode *e = &x.nodes[i];
		if (!(e->flags & (F_BOILER | F_WEAK)) || e->b1 <= e->b0)
			continue;
		double g = G[e->b1] - G[e->b0];
		if (g >= 0.5 * total_good && g >= MIN_PROTECT &&
		    (!(e->flags & F_STRONG) || (anchor[i] & 1))) {
			e->flags &= (unsigned char)~(F_BOILER | F_WEAK);
			continue;
		}
		int *d = (e->flags & F_BOILER) ? boiler : weak;
		d[e->b0]++;
		d[e->b1]--;
	}
	P[0] = 0;
	int in_b = 0, in_w = 0;
	for (size_t i = 0; i < nb; i++) {
		in_b += boiler[i];
		in_w += weak[i];
		P[i + 1] = P[i] + block_value(&x.blocks[i], in_b > 0, in_w > 0);
	}
	double score1;
	int best = choose(&x, P, G, best_hint(&x, G), &score1);
	char *keep1 = calloc(nb, 1), *keep2 = calloc(nb, 1);
	if (!keep1 || !keep2) {
		free(keep1);
		free(keep2);
		st = DK_ERR_NOMEM;
		goto out;
	}
	size_t t1 = select_blocks(&x, best, G, boiler, 0, 0, keep1);
	/* The structure mode: lists and grids (product listings, forum
	 * threads, tables of links) are link-dense and short-lined, so the
	 * article score finds no region in them.  Score every block by its
	 * length instead, boilerplate regions against. */
	in_b = 0;
	memset(boiler, 0, (nb + 1) * sizeof *boiler);
	for (size_t i = 0; i < x.nn; i++) {
		const enode *e = &x.nodes[i];
		if ((e->flags & F_BOILER) && e->b1 > e->b0) {
			boiler[e->b0]++;
			boiler[e->b1]--;
		}
	}
	for (size_t i = 0; i < nb; i++) {
		in_b += boiler[i];
		P[i + 1] = P[i] + list_value(&x.blocks[i], in_b > 0);
	}
	int best2 = choose(&x, P, G, -1, NULL);
	size_t t2 = select_blocks(&x, best2, G, boiler, 1, 0, keep2);
	const char *keep = keep1;
	if (score1 <= 0 || t2 < SHORT_PAGE || (double)t1 < 0.3 * (double)t2) {
		/* A list of comments is the content of a page that is
		 * mostly comments (a forum thread). */
		memset(keep2, 0, nb);
		select_blocks(&x, best2, G, boiler, 1, 1, keep2);
		keep = keep2;
		best = best2;
	} else {
		if (prm.teaser)
			drop_teasers(&x, best, G, anchor, boiler, keep1);
		if (prm.sibart > 0)
			drop_sibling_articles(&x, best, G, keep1);
		tidy(&x, best, keep1);
	}
	if (prm.repeat && (st = drop_repeats(&x, keep == keep1 ? keep1 : keep2))) {
		free(keep1);
		free(keep2);
		goto out;
	}
	if (prm.debug) {
		const char *cls = dk_html_attr(x.nodes[best].n, "class");
		fprintf(stderr, "DKX mode %s main <%s.%.40s score1 %.0f t1 %zu t2 %zu\n",
			keep == keep1 ? "article" : "structure",
			(const char *)x.nodes[best].n->name, cls ? cls : "", score1, t1, t2);
		trace(&x, best, keep);
	}
	for (size_t i = 0; i < nb; i++)
		if (keep[i])
			emit(&x, &x.blocks[i], text);
	free(keep1);
	free(keep2);
	if (main)
		*main = x.nodes[best].n;
	if (text->err)
		st = text->err;
out:
	/* The tree's _private fields pointed into our arrays. */
	for (size_t i = 0; i < x.nn; i++)
		x.nodes[i].n->_private = NULL;
	free(P);
	free(G);
	free(boiler);
	free(weak);
	free(anchor);
	free(x.nodes);
	free(x.blocks);
	dk_buf_free(&x.txt);
	return st;
}
