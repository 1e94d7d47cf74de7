/*
 * html_extract_int.h - what main-content extraction's two files share:
 * html_extract.c (the walk, the scores, the choice) and html_classes.c
 * (the flags an element's tag and attributes give it).  Not for use
 * outside them; the interface is html_extract.h.
 *
 * Prefix: dk_hx
 */
#ifndef DK_HTML_EXTRACT_INT_H
#define DK_HTML_EXTRACT_INT_H

#include <libxml/tree.h>

#include "html_dom.h"

/* Element flags. */
enum {
	F_BOILER = 1,   /* nav, aside, footer, class="share" ... */
	F_WEAK = 2,     /* comment sections, hidden elements */
	F_HINT = 4,     /* itemprop=articleBody, class="entry-content" ... */
	F_MAIN = 8,     /* <main>, role=main */
	F_ARTICLE = 16, /* <article> */
	F_STRONG = 32   /* boilerplate that is never content: cookie and
			 * consent banners, dialogs, footers, navigation */
};

/* How the walk treats an element. */
enum { M_READ, M_MUTE, M_SKIP };

/* ---- tunable parameters ---------------------------------------------------
 *
 * Defaults chosen by cross-validation on the two dev sets (bench/extraction
 * --cv: tuned on one set, scored on the other, and by site folds).  For
 * those experiments DOCKET_EXTRACT_PARAMS="name=value,..." overrides them
 * (read once per process, html_extract.c). */
typedef struct dk_hx_params {
	double caption;    /* 1: figcaption and caption/credit regions are
			    * boilerplate; 2: galleries and players too */
	double tail;       /* 1: short lines after the chosen element's last
			    * prose go; 2: and lines of middling prose */
	double orphan;     /* 1: a heading whose section was all dropped goes too */
	double intl;       /* 1: class/id words of other languages count */
	double author;     /* 1: author boxes and bios (class/id "author") */
	double head;       /* 1: short non-heading lines before the first prose go */
	double lang;       /* 1: stopwords of the page's language (lang.h) */
	double sibs;       /* 1: sibling regions of one class that together
			    * hold half the prose are content */
	double util;       /* 1: utility classes ("font-utility-2") name no region */
	double isolink;    /* 1: a sentence with a link between paragraphs stays */
	double strong;     /* 1: consent banners, dialogs, footers and menus stay
			    * boilerplate even when they hold half the prose */
	double cjk;        /* 1: Chinese and Japanese characters count as words
			    * (two a word), their full stops as sentence ends */
	double teaser;     /* 1: lists of teasers (linked title over an excerpt)
			    * inside the chosen element go */
	double tprose;     /* paragraphs of its own prose an element needs for
			    * its teaser lists to go */
	double repeat;     /* 1: a block repeating an earlier one in another
			    * container goes */
	double cta;        /* a sign-up box: the region around a form asking
			    * for an e-mail address goes when it holds at most
			    * this many bytes of text besides the form (0: off) */
	double hhead;      /* 1: the class word "header" on h1..h6 names the
			    * heading, not a page header */
	double tlead;      /* a teaser list goes even when it holds half the
			    * element's prose if each teaser has one excerpt
			    * and the element this many paragraphs of its own
			    * (0: off) */
	double sibart;     /* <article>s after the one holding this many
			    * times the others' prose go (0: off) */
	double tkept;      /* 1: a teaser's size counts only its kept blocks
			    * (not the share buttons dropped inside it) */
	double hdate;      /* 1: a line of up to 12 words holding a year goes
			    * before the first prose (a dateline); 2: after
			    * the last too */
	double debug;      /* 1: every block and its verdict to stderr */
} dk_hx_params;

/* ASCII upper case to lower case; other values as they are. */
static inline int dk_hx_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* The F_ flags of element n from its tag and attributes under the
 * parameters prm; *mode (M_) says whether the walk reads it, mutes it or
 * skips it. */
unsigned dk_hx_element_flags(xmlNode *n, dk_html_tag tag, int *mode,
			     const dk_hx_params *prm);

#endif
