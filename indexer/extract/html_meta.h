/*
 * html_meta.h - an article's metadata from its web page.
 *
 * Sources, in the order they are trusted:
 *   title   the visible headline (the <h1> of the main content, else the
 *           page's first, permalink marks cut) when it agrees with one of
 *           the titles the page declares (og:title, JSON-LD headline,
 *           twitter:title, <title>) or when it declares none; else the
 *           first declared title.  A site name is cut off the declared
 *           ones ("... | MIT Technology Review", "Reuters - ...", "WIRED:
 *           ...") when it matches og:site_name, the JSON-LD publisher or
 *           the host, with a section just before it ("... | Technology |
 *           The Guardian"), or when it is a tail of at most four words
 *           after " | ".  No title at all: the first <h2> of the main
 *           content (else the indexer takes the text's first sentence,
 *           title.h).
 *   date    JSON-LD datePublished of an Article; article:published_time;
 *           itemprop=datePublished; other publication-date meta tags (any
 *           name with "publish" in it); JSON-LD dateCreated or a WebPage's
 *           date; <time> in the main content, then anywhere; a date in the
 *           URL (/2025/01/24/); the text of elements whose class names a
 *           date ("Posted on April 13, 2023"); a dateline near the top of
 *           the text; a modification date.  A full date wins over a month.
 *           Normalized to YYYY-MM-DD (date.h).
 *   author  JSON-LD author names (an "@id" reference is followed); meta
 *           author, article:author, parsely-author, byl, dc.creator and
 *           other *author* tags (not URLs); itemprop=author; rel=author
 *           links; byline elements, whose job titles, dates and "By" are
 *           cut.  The site's own name is taken only when nothing else is
 *           there.  Several authors are joined with ", ".
 *   source  og:site_name, the JSON-LD publisher, the WebSite name,
 *           application-name.
 *   url     <link rel=canonical>, og:url (absolute http(s) only).
 *   lang    <html lang>, else content-language or og:locale: ISO 639-1.
 * JSON-LD is parsed with jansson: @graph, nested objects, arrays and @type
 * lists are followed; an Article type (NewsArticle, BlogPosting, ...) wins
 * over a WebPage.
 */
#ifndef DK_HTML_META_H
#define DK_HTML_META_H

#include <stddef.h>

#include <libxml/tree.h>

#include "../../common/status.h"

typedef struct dk_html_meta {
	char *title, *date, *author, *source, *url, *lang;  /* malloc'd or NULL */
} dk_html_meta;

/*
 * Read the metadata of doc into *out (zeroed by the caller; free with
 * dk_html_meta_clear).  main is the main content element (html_extract.h)
 * or NULL; page_url the address the page came from or NULL (for dates in
 * URLs and the host as a site name); text[0..len) the extracted text, for
 * datelines (may be NULL).  Fails only with DK_ERR_NOMEM.
 */
dk_status dk_html_meta_read(xmlDocPtr doc, xmlNode *main, const char *page_url,
			    const char *text, size_t len, dk_html_meta *out);

void dk_html_meta_clear(dk_html_meta *m);

/*
 * The title t[0..n) without a site name: appended to out (a malloc'd
 * string the caller frees, NULL when out of memory).  sites is a
 * NULL-terminated list of names the site goes by (may be NULL).
 * Exposed for tests.
 */
char *dk_html_meta_title_clean(const char *t, size_t n, const char *const *sites);

/*
 * The same with evidence only, for titles a dump gives (title.h): a tail
 * or head that names one of the sites ("... - The Verge", "WIRED: ..."),
 * and a short part just before a site's name written with the same
 * separator (a section: "... | Technology | The Guardian"); a short tail
 * that names no site is kept.  With colon, also a head before ": " that
 * is exactly a site's name ("WIRED: ...").
 */
char *dk_html_meta_clean_sites(const char *t, size_t n, const char *const *sites,
			   int colon);

#endif
