/*
 * cgi_tpl.h - the page templates of docket.cgi: a small Mustache-like
 * language whose output escaping follows the HTML around each variable.
 *
 * Prefix: dk_tpl.
 *
 * Syntax (doc/http.md, "Templates"):
 *   {{name}}              a value, escaped for where it stands
 *   {{#name}} .. {{/name}}  a section: once per item when name is a list,
 *                         once when it is set and true (a non-empty text,
 *                         a non-zero number, true), else not at all
 *   {{^name}} .. {{/name}}  the opposite: once when name is missing, false,
 *                         empty or an empty list
 *   {{! comment }}        nothing
 * A section, inverted section, closing or comment tag alone on its line
 * takes the line with it, so that templates can be laid out readably.
 * Names are [A-Za-z0-9_]+; a name missing from the data is empty.  Inside
 * a list's section a name is looked up in the item, then outward.
 *
 * Escaping is not the template's choice.  The parser follows the HTML of
 * the template's literal text and gives each variable its context:
 *   - element text, or a quoted attribute value: HTML-escaped
 *     (dk_cgi_html_escape: & < > " ' become references);
 *   - the start of a URL attribute (href, src, action, ...): the value is
 *     dropped unless it is an http(s) URL or a relative one (no scheme),
 *     without spaces or control characters, then HTML-escaped;
 *   - later in a URL attribute: percent-encoded, then HTML-escaped;
 *   - anywhere else (in a tag, an unquoted attribute, an event handler or
 *     style attribute, a comment, <script> or <style>): a parse error.
 * A section must end in the HTML context it starts in.  The only values
 * written without escaping are fragments the code marks as HTML with
 * dk_tpl_set_html() (passages with their <mark>s, the SVG timeline), and
 * only in element text; a template has no syntax to unescape anything.
 *
 * Parse errors are one line, "NAME:LINE: what", NAME the name given to
 * dk_tpl_parse() (the file's path).
 */
#ifndef DK_CGI_TPL_H
#define DK_CGI_TPL_H

#include <stddef.h>
#include <stdint.h>

#include "../common/buf.h"
#include "../common/status.h"

typedef struct dk_tpl dk_tpl;             /* a parsed template */
typedef struct dk_tpl_data dk_tpl_data;   /* the values it is rendered with */

/* Sections nest at most this deep. */
#define DK_TPL_MAX_DEPTH 32

/*
 * Parse src[0..len) (the text of the template named name).  On success
 * *out is the template, which the caller frees with dk_tpl_free(), and
 * *err is NULL.  On a syntax error the status is DK_ERR_PARSE, *out NULL
 * and *err a malloc'd one-line message "name:line: what" (the caller
 * frees it); DK_ERR_NOMEM with *err NULL when memory runs out.
 */
dk_status dk_tpl_parse(const char *name, const char *src, size_t len,
		       dk_tpl **out, char **err);
void dk_tpl_free(dk_tpl *t);

/* A new, empty set of values; NULL when out of memory.  The caller frees
 * it with dk_tpl_data_free() (which frees its lists' items too). */
dk_tpl_data *dk_tpl_data_new(void);
void dk_tpl_data_free(dk_tpl_data *d);

/*
 * Set name in d (replacing an earlier value of that name).  The values
 * are copied.  A failed allocation is remembered and reported by
 * dk_tpl_render(), so a caller can set many values and check once.
 *   dk_tpl_set_text  text from anywhere (the request, the index):
 *                    always escaped; NULL s leaves name unset
 *   dk_tpl_set_html  a fragment of HTML the code built and escaped itself,
 *                    written as is in element text
 *   dk_tpl_set_uint  a number, in decimal; 0 is false in a section
 *   dk_tpl_set_bool  true or false, for sections; prints nothing
 */
void dk_tpl_set_text(dk_tpl_data *d, const char *name, const char *s,
		     size_t len);
void dk_tpl_set_str(dk_tpl_data *d, const char *name, const char *s);
void dk_tpl_set_html(dk_tpl_data *d, const char *name, const char *html,
		     size_t len);
void dk_tpl_set_uint(dk_tpl_data *d, const char *name, uint64_t v);
void dk_tpl_set_bool(dk_tpl_data *d, const char *name, int v);

/* Append a new item to the list name of d (making name a list) and
 * return it, borrowed from d; NULL when out of memory (remembered). */
dk_tpl_data *dk_tpl_add_item(dk_tpl_data *d, const char *name);

/*
 * Append t rendered with d to out.  DK_ERR_NOMEM when building d or out
 * ran out of memory (out then holds a partial page); DK_OK otherwise.
 */
dk_status dk_tpl_render(const dk_tpl *t, const dk_tpl_data *d, dk_buf *out);

#endif
