/*
 * cgi_templates.c - loading docket.cgi's page templates (see
 * cgi_templates.h): a site's files first, the compiled-in defaults
 * (build/gen/templates_default.c, made by tools/embed_templates.sh from
 * templates/) for the parts it does not have.  A CGI loads them once per
 * request, docket.fcgi too: a few small files, read and parsed in well
 * under a millisecond, and an edited template shows on the next request.
 */
#include "cgi_templates.h"

#include <stdlib.h>
#include <string.h>

static const char *const part_files[DK_CGI_NPARTS] = {
	"header.html", "result.html", "pagination.html", "facets.html",
	"article.html", "footer.html",
};

struct dk_cgi_templates {
	dk_tpl *t[DK_CGI_NPARTS];
};

const char *dk_cgi_part_file(dk_cgi_part part)
{
	return (unsigned)part < DK_CGI_NPARTS ? part_files[part] : "?";
}

static const dk_cgi_embedded *embedded(const char *name)
{
	for (const dk_cgi_embedded *e = dk_cgi_embedded_templates; e->name; e++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

void dk_cgi_templates_free(dk_cgi_templates *t)
{
	if (!t)
		return;
	for (int i = 0; i < DK_CGI_NPARTS; i++)
		dk_tpl_free(t->t[i]);
	free(t);
}

/* Parse the built-in template of part into *out. */
static dk_status parse_default(dk_cgi_part part, dk_tpl **out, char **err)
{
	const dk_cgi_embedded *e = embedded(part_files[part]);
	if (!e) {
		*out = NULL;
		*err = dk_strndup("templates: a built-in template is missing", 41);
		return DK_ERR_INTERNAL;
	}
	return dk_tpl_parse(e->name, e->text, e->len, out, err);
}

dk_status dk_cgi_templates_load(const char *dir, dk_cgi_templates **out,
				char **err)
{
	dk_status st = DK_OK;
	dk_buf path = DK_BUF_INIT, text = DK_BUF_INIT;
	dk_cgi_templates *t = calloc(1, sizeof *t);
	*out = NULL;
	*err = NULL;
	if (!t)
		return DK_ERR_NOMEM;
	for (int i = 0; i < DK_CGI_NPARTS && !st; i++) {
		if (!dir || !*dir) {
			st = parse_default((dk_cgi_part)i, &t->t[i], err);
			continue;
		}
		dk_buf_reset(&path);
		dk_buf_reset(&text);
		dk_buf_printf(&path, "%s/%s", dir, part_files[i]);
		if (path.err) {
			st = DK_ERR_NOMEM;
			break;
		}
		st = dk_buf_read_file(&text, path.data);
		if (st == DK_ERR_NOT_FOUND) {
			st = parse_default((dk_cgi_part)i, &t->t[i], err);
		} else if (st == DK_OK) {
			st = dk_tpl_parse(path.data, text.data ? text.data : "",
					  text.len, &t->t[i], err);
		} else if (st != DK_ERR_NOMEM) {
			dk_buf msg = DK_BUF_INIT;
			dk_buf_printf(&msg, "%s: cannot read the template (%s)",
				      path.data, dk_status_str(st));
			*err = dk_buf_detach(&msg, NULL);
			st = DK_ERR_IO;
		}
	}
	dk_buf_free(&path);
	dk_buf_free(&text);
	if (st) {
		dk_cgi_templates_free(t);
		return st;
	}
	*out = t;
	return DK_OK;
}

void dk_cgi_render_part(const dk_cgi_templates *t, dk_cgi_part part,
			const dk_tpl_data *d, dk_buf *b)
{
	dk_tpl *own = NULL;
	const dk_tpl *tpl = t ? t->t[part] : NULL;
	if (!tpl) {
		char *err = NULL;
		/* The built-in templates parse (tests/unit/test_cgi.c). */
		dk_status st = parse_default(part, &own, &err);
		free(err);
		if (st) {
			b->err = b->err ? b->err : DK_ERR_NOMEM;
			return;
		}
		tpl = own;
	}
	if (dk_tpl_render(tpl, d, b) && !b->err)
		b->err = DK_ERR_NOMEM;
	dk_tpl_free(own);
}
