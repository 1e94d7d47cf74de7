/*
 * cgi_page.h - the parts of docket.cgi's pages that its page modules share
 * (cgi_page.c defines the page parts; cgi.c, cgi_article.c, cgi_facets.c
 * and cgi_atom.c the renderers declared at the end).
 *
 * Prefix: dk_cgi (the page parts of docket.cgi).
 * Every function appends to b, escaping what it takes from the request or
 * the index; the page's HTML around the values comes from the templates
 * (cgi_templates.h).
 */
#ifndef DK_CGI_PAGE_H
#define DK_CGI_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "../common/buf.h"
#include "search.h"

/* base64(SHA-256) of the page's style sheet (cgi_page.c), for the
 * Content-Security-Policy. */
#define DK_CGI_PAGE_CSS_SHA256 "sTT/y63qosqxf4ivZq6QdJ5xt+iI5IakwpxQvS6ZsNQ="

struct dk_cgi_params;
struct dk_cgi_templates;
/* The header template of tpl (page head, style sheet and search form):
 * the title "title_q - title" (title_q may be NULL), q in the box, the
 * form's n and sort as given. */
void dk_cgi_page_header_with(dk_buf *b, const struct dk_cgi_templates *tpl,
			     const char *title_q, size_t title_q_len,
			     const char *title, const char *q, size_t q_len,
			     uint32_t n, int sort_date);
/* The footer template of tpl. */
void dk_cgi_page_foot_with(dk_buf *b, const struct dk_cgi_templates *tpl);
/* Append href="URL" (HTML-escaped) for the URL built in url, and free
 * url; url's allocation failure becomes b's. */
void dk_cgi_put_href(dk_buf *b, dk_buf *url);
/* The header template of p's templates: <!DOCTYPE html> .. </header>, the
 * title "title_q - title" (title_q may be NULL), the search form with p's
 * q in the box. */
void dk_cgi_page_header(dk_buf *b, const struct dk_cgi_params *p,
			const char *title_q, size_t title_q_len,
			const char *title);
/* The footer template of p's templates. */
void dk_cgi_page_foot(dk_buf *b, const struct dk_cgi_params *p);
/* 1 when d is YYYY, YYYY-MM or YYYY-MM-DD. */
int dk_cgi_iso_date(const char *d);
/* href="?id=ID[&q=Q][#pN]" for the article page scrolled to paragraph N
 * (0: the top). */
void dk_cgi_put_article_href(dk_buf *b, const char *id, const char *q,
			     size_t q_len, size_t paragraph);
/* The same URL, ?id=ID[&q=Q][#pN], appended to url unescaped. */
void dk_cgi_article_url(dk_buf *url, const char *id, const char *q,
			size_t q_len, size_t paragraph);

/* The article page of v for the request p (body only). */
struct dk_cgi_params;
void dk_cgi_render_article(const struct dk_cgi_params *p,
			   const dk_article_view *v, dk_buf *b);

/* The facets of pg as links narrowing p's query, and its histogram as
 * an SVG bar chart (nothing when pg has neither). */
struct dk_result_page;
void dk_cgi_render_facets(const struct dk_cgi_params *p,
			  const struct dk_result_page *pg, dk_buf *b);

/* The Atom feed (RFC 4287) of pg, the newest matches of p's query. */
void dk_cgi_render_atom(const struct dk_cgi_params *p,
			const struct dk_result_page *pg, dk_buf *b);

#endif
