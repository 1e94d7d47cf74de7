/*
 * cgi_templates.c - loading docket.cgi's page templates (see
 * cgi_templates.h): a site's files first, the compiled-in defaults
 * (build/gen/templates_default.c, made by tools/embed_templates.sh from
 * templates/) for the parts it does not have.  A CGI loads them once per
 * request; docket.fcgi keeps them in a cache (dk_cgi_templates_get) that
 * stats the part files before each request and loads the set again when
 * one changed, so an edited template shows on the next request.
 */
#include "cgi_templates.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../common/file_sig.h"

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

/* ---- the set kept across requests (docket.fcgi) ---------------------- */

struct dk_cgi_templates_cache {
	dk_cgi_templates *set;           /* owned; NULL when none is loaded */
	char *dir;                       /* what set was loaded from; malloc'd,
					    NULL for the built-in set */
	char *path[DK_CGI_NPARTS];       /* dir/part file; malloc'd */
	dk_file_sig sig[DK_CGI_NPARTS];  /* the files before set was read
					    (file_sig.h) */
};

dk_cgi_templates_cache *dk_cgi_templates_cache_new(void)
{
	return calloc(1, sizeof(dk_cgi_templates_cache));
}

static void cache_clear(dk_cgi_templates_cache *c)
{
	dk_cgi_templates_free(c->set);
	c->set = NULL;
	free(c->dir);
	c->dir = NULL;
	for (int i = 0; i < DK_CGI_NPARTS; i++) {
		free(c->path[i]);
		c->path[i] = NULL;
	}
	memset(c->sig, 0, sizeof c->sig);
}

void dk_cgi_templates_cache_free(dk_cgi_templates_cache *c)
{
	if (!c)
		return;
	cache_clear(c);
	free(c);
}

/* 1 when c's set was loaded from dir and none of its files changed; sigs
 * gets the files' signatures now. */
static int cache_fresh(const dk_cgi_templates_cache *c, const char *dir,
		       dk_file_sig sigs[DK_CGI_NPARTS])
{
	if (!c->set || !dir != !c->dir || (dir && strcmp(dir, c->dir)))
		return 0;
	int same = 1;
	for (int i = 0; dir && i < DK_CGI_NPARTS; i++) {
		dk_file_sig_get(c->path[i], &sigs[i]);
		same = same && dk_file_sig_same(&sigs[i], &c->sig[i]);
	}
	return same;
}

dk_status dk_cgi_templates_get(dk_cgi_templates_cache *c, const char *dir,
			       const dk_cgi_templates **out, char **err)
{
	dk_file_sig sigs[DK_CGI_NPARTS];
	*out = NULL;
	*err = NULL;
	if (dir && !*dir)
		dir = NULL;
	memset(sigs, 0, sizeof sigs);
	if (cache_fresh(c, dir, sigs)) {
		*out = c->set;
		return DK_OK;
	}
	if (!c->set || !dir != !c->dir || (dir && strcmp(dir, c->dir))) {
		/* Another directory: new paths, and their signatures now. */
		cache_clear(c);
		if (dir) {
			c->dir = dk_strndup(dir, strlen(dir));
			if (!c->dir)
				goto nomem;
			for (int i = 0; i < DK_CGI_NPARTS; i++) {
				dk_buf p = DK_BUF_INIT;
				dk_buf_printf(&p, "%s/%s", dir, part_files[i]);
				if (p.err)
					goto nomem;
				c->path[i] = dk_buf_detach(&p, NULL);
				dk_file_sig_get(c->path[i], &sigs[i]);
			}
		}
	} else {
		dk_cgi_templates_free(c->set);
		c->set = NULL;
	}
	/* The signatures are taken before the files are read: a file changed
	 * in between makes the next request read it again. */
	dk_status st = dk_cgi_templates_load(dir, &c->set, err);
	if (st) {
		cache_clear(c);
		return st;
	}
	memcpy(c->sig, sigs, sizeof sigs);
	*out = c->set;
	return DK_OK;
nomem:
	cache_clear(c);
	return DK_ERR_NOMEM;
}
