/*
 * html_dom.h - parsing a web page into a libxml2 tree, and the small DOM
 * helpers the content extractor and the metadata reader share.
 *
 * Prefix: dk_html (the DOM helpers every HTML module uses).
 *
 * The parser is libxml2's HTML parser (error-recovering, as browsers are;
 * no network, no DTD), fed text already decoded to UTF-8 (charset.h) and
 * told to ignore the page's own charset declaration.  libxml2 2.9 stops
 * the whole parse at element nesting deeper than 256 levels unless
 * XML_PARSE_HUGE is set, losing the rest of the page, so the SAX callbacks
 * are wrapped: elements nested deeper than DK_HTML_MAX_DEPTH are not
 * created and their content goes to the ancestor at the cap (a page
 * nested 100,000 levels deep becomes flat, and its text is kept).  Text
 * nodes stay under libxml2's 10 MB limit (XML_PARSE_HUGE stays off);
 * when the parser stops early for that or any other reason, the tree holds
 * what came before and dk_html_parse_info says where it stopped.
 *
 * Every element's tag is classified once (dk_html_tag) and cached in the
 * node's "extra" field, which libxml2 leaves to applications when XPath
 * is not used.
 */
#ifndef DK_HTML_DOM_H
#define DK_HTML_DOM_H

#include <stddef.h>

#include <libxml/tree.h>

#include "../../common/buf.h"
#include "../../common/status.h"

#define DK_HTML_MAX_DEPTH 200
/* Attributes kept per element: libxml2 checks each against all earlier
 * ones (quadratic), so the rest are dropped before it sees them. */
#define DK_HTML_MAX_ATTRS 256

typedef enum dk_html_tag {
	DK_TAG_UNSET = 0,
	DK_TAG_OTHER,       /* an inline element we have no rule for */
	DK_TAG_A, DK_TAG_ADDRESS, DK_TAG_ARTICLE, DK_TAG_ASIDE, DK_TAG_AUDIO,
	DK_TAG_BLOCKQUOTE, DK_TAG_BODY, DK_TAG_BR, DK_TAG_BUTTON, DK_TAG_CANVAS,
	DK_TAG_CAPTION, DK_TAG_CENTER, DK_TAG_DD, DK_TAG_DETAILS, DK_TAG_DIALOG,
	DK_TAG_DIR, DK_TAG_DIV, DK_TAG_DL, DK_TAG_DT, DK_TAG_EMBED,
	DK_TAG_FIELDSET, DK_TAG_FIGCAPTION, DK_TAG_FIGURE, DK_TAG_FOOTER,
	DK_TAG_FORM, DK_TAG_H1, DK_TAG_H2, DK_TAG_H3, DK_TAG_H4, DK_TAG_H5,
	DK_TAG_H6, DK_TAG_HEAD, DK_TAG_HEADER, DK_TAG_HGROUP, DK_TAG_HR,
	DK_TAG_HTML, DK_TAG_IFRAME, DK_TAG_IMG, DK_TAG_INPUT, DK_TAG_LABEL,
	DK_TAG_LEGEND, DK_TAG_LI, DK_TAG_LINK, DK_TAG_MAIN, DK_TAG_MAP,
	DK_TAG_MATH, DK_TAG_MENU, DK_TAG_META, DK_TAG_NAV, DK_TAG_NOSCRIPT,
	DK_TAG_OBJECT, DK_TAG_OL, DK_TAG_OPTION, DK_TAG_P, DK_TAG_PRE,
	DK_TAG_SCRIPT, DK_TAG_SECTION, DK_TAG_SELECT, DK_TAG_STYLE,
	DK_TAG_SUMMARY, DK_TAG_SVG, DK_TAG_TABLE, DK_TAG_TBODY, DK_TAG_TD,
	DK_TAG_TEMPLATE, DK_TAG_TEXTAREA, DK_TAG_TFOOT, DK_TAG_TH,
	DK_TAG_THEAD, DK_TAG_TIME, DK_TAG_TITLE, DK_TAG_TR, DK_TAG_UL,
	DK_TAG_VIDEO,
	DK_TAG_COUNT
} dk_html_tag;

typedef struct dk_html_parse_info {
	size_t flattened;    /* elements not created: nested past the cap */
	size_t first_deep;   /* byte offset of the first of them */
	int stopped;         /* 1: the parser gave up before the end */
	size_t stopped_at;   /* where (byte offset) */
	size_t attrs_dropped; /* attributes past DK_HTML_MAX_ATTRS of their element */
	size_t first_crowded; /* byte offset of the first of them */
} dk_html_parse_info;

/*
 * The time one dk_html_parse() may take, in seconds (0, the default: no
 * limit).  Set once at start-up, before parsing threads run; a parse over
 * it stops and fails with DK_ERR_TIMEOUT.
 */
void dk_html_set_time_budget(double seconds);

/*
 * Parse the UTF-8 page s[0..n) into *out (the caller frees it with
 * xmlFreeDoc()).  info (may be NULL) gets the problems met.  Fails with
 * DK_ERR_TOO_BIG past 2 GB, DK_ERR_NOMEM, DK_ERR_TIMEOUT over the time
 * budget, or DK_ERR_PARSE when libxml2 made no document at all; *out is
 * then NULL.  When attributes were dropped, offsets past the first of them
 * (first_deep, stopped_at) are offsets in the thinned page.
 */
dk_status dk_html_parse(const char *s, size_t n, xmlDocPtr *out,
			dk_html_parse_info *info);

/* The tag of an element (DK_TAG_UNSET for other node types). */
dk_html_tag dk_html_tag_of(xmlNode *n);

/* 1 for elements that start a new paragraph (div, p, li, h1, td ...). */
int dk_html_tag_is_block(dk_html_tag t);

/* 1 for elements whose content is never text (script, style, svg ...). */
int dk_html_tag_is_void_of_text(dk_html_tag t);

/* The value of attribute name (lower case) of element n, borrowed from
 * the tree, or NULL. */
const char *dk_html_attr(const xmlNode *n, const char *name);

/* 1 if the attribute value v holds token tok (white-space separated,
 * ASCII case-insensitive), as rel="canonical author" does. */
int dk_html_has_token(const char *v, const char *tok);

/*
 * Append the text of n's subtree to out, white space squeezed to single
 * spaces and trimmed, skipping script, style and the like.  Used for short
 * things (titles, bylines): at most max bytes are appended (0: no limit).
 */
void dk_html_text(xmlNode *n, dk_buf *out, size_t max);

/* The next node after n in document order within root's subtree,
 * descending into n's children unless skip_children; NULL at the end.
 * Iterative: safe on any depth. */
xmlNode *dk_html_next(xmlNode *n, const xmlNode *root, int skip_children);

#endif
