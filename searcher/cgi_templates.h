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

/*
 * Append part rendered with d to b: t's template, or when t is NULL the
 * built-in one (parsed for this call, for callers without a set, such as
 * tests rendering a page directly).  Memory running out (building d
 * included) becomes b's error.
 */
void dk_cgi_render_part(const dk_cgi_templates *t, dk_cgi_part part,
			const dk_tpl_data *d, dk_buf *b);

#endif
