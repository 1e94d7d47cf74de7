/*
 * cgi_templates.h - the set of page templates docket.cgi renders with: a
 * site's own (DOCKET_TEMPLATES=DIR) where DIR has the file, the built-in
 * defaults (templates/ in the source tree, compiled in) where it has not.
 *
 * Prefix: dk_cgi (the page parts of docket.cgi).
 *
 * The parts, each one file (doc/http.md, "Templates", lists the values
 * each is rendered with): header.html, result.html, pagination.html,
 * facets.html, article.html, footer.html.
 *
 * docket.cgi reads and parses the set once per request (one request per
 * process).  A long-running process (docket.fcgi) keeps a parsed set in a
 * dk_cgi_templates_cache and reads it again only when a part's file
 * changed: before each request it stats the site's part files (device,
 * inode, size, modification time, and whether the file is there), so an
 * edited, added or removed template still shows on the next request; the
 * built-in set (no DIR) is parsed once.
 */
#ifndef DK_CGI_TEMPLATES_H
#define DK_CGI_TEMPLATES_H

#include <stddef.h>

#include "../common/buf.h"
#include "../common/status.h"
#include "cgi_tpl.h"

typedef enum dk_cgi_part {
	DK_CGI_HEADER, DK_CGI_RESULT, DK_CGI_PAGINATION, DK_CGI_FACETS,
	DK_CGI_ARTICLE, DK_CGI_FOOTER, DK_CGI_NPARTS
} dk_cgi_part;

typedef struct dk_cgi_templates dk_cgi_templates;

/* A built-in template: the bytes of templates/NAME (generated). */
typedef struct dk_cgi_embedded {
	const char *name;
	const char *text;
	size_t len;
} dk_cgi_embedded;
/* Ends with a NULL name. */
extern const dk_cgi_embedded dk_cgi_embedded_templates[];

/* The file name of part ("header.html", ...). */
const char *dk_cgi_part_file(dk_cgi_part part);

/*
 * Read and parse the templates: DIR/NAME for each part whose file DIR has
 * (DIR NULL or "": none), the built-in one for the others.  On success
 * *out is the set, which the caller frees with dk_cgi_templates_free().
 * On failure *out is NULL and *err a malloc'd one-line message naming the
 * file (and line, for a syntax error), which the caller frees:
 * DK_ERR_PARSE for a syntax error, DK_ERR_IO for a file that exists but
 * cannot be read, DK_ERR_NOMEM (*err NULL) when out of memory.
 */
dk_status dk_cgi_templates_load(const char *dir, dk_cgi_templates **out,
				char **err);
void dk_cgi_templates_free(dk_cgi_templates *t);

typedef struct dk_cgi_templates_cache dk_cgi_templates_cache;

/* An empty cache; the caller frees it with dk_cgi_templates_cache_free().
 * NULL when out of memory. */
dk_cgi_templates_cache *dk_cgi_templates_cache_new(void);
void dk_cgi_templates_cache_free(dk_cgi_templates_cache *c);

/*
 * The set for dir (NULL or "": the built-in one), from c: the set c holds
 * when it was loaded from the same dir and no part's file has changed
 * since (see above), else one loaded now with dk_cgi_templates_load().
 * On success *out is borrowed from c, valid until the next call or
 * dk_cgi_templates_cache_free().  On failure *out is NULL, *err as for
 * dk_cgi_templates_load(), and c holds nothing, so that the next call
 * reads the files again.
 */
dk_status dk_cgi_templates_get(dk_cgi_templates_cache *c, const char *dir,
			       const dk_cgi_templates **out, char **err);

/*
 * Append part rendered with d to b: t's template, or when t is NULL the
 * built-in one (parsed for this call, for callers without a set, such as
 * tests rendering a page directly).  Memory running out (building d
 * included) becomes b's error.
 */
void dk_cgi_render_part(const dk_cgi_templates *t, dk_cgi_part part,
			const dk_tpl_data *d, dk_buf *b);

#endif
