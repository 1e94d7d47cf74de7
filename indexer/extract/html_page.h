/*
 * html_page.h - one web page in, one article out.
 *
 * The pipeline every HTML source shares (.html files, WARC records, the
 * "html" key of JSONL): decode the bytes to UTF-8 (charset.h), parse them
 * with libxml2 under a depth cap (html_dom.h), extract the main content
 * (html_extract.h) and the metadata (html_meta.h), and fill the article.
 * Problems that do not stop the page being read (an undeclared legacy
 * charset, invalid bytes, nesting past the cap, a parser limit) are
 * passed to a callback with the byte offset they concern, one call per
 * problem, so the reader can report one line each.
 */
#ifndef DK_HTML_PAGE_H
#define DK_HTML_PAGE_H

#include <stddef.h>

#include "../../common/article.h"
#include "../../common/status.h"

typedef void (*dk_html_warn_fn)(void *ctx, size_t offset, const char *msg);

typedef struct dk_html_page_opts {
	const char *charset;   /* declared by the transport (HTTP), or NULL */
	const char *url;       /* where the page came from, or NULL */
	dk_html_warn_fn warn;  /* may be NULL */
	void *ctx;
} dk_html_page_opts;

/*
 * Read the page s[0..n) into a: text, and title, date, author, source,
 * url and lang where a has none yet (the caller's own sources win).
 * Returns DK_ERR_PARSE with *err a static message when the page has
 * neither text nor a title (a is then unchanged), DK_ERR_NOMEM, or DK_OK.
 */
dk_status dk_html_page_read(const char *s, size_t n, const dk_html_page_opts *o,
			    dk_article *a, const char **err);

#endif
