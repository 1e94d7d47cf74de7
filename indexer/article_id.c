/*
 * article_id.c - file ids relative to a declared root (see article_id.h).
 */
#include "article_id.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/buf.h"

/* Normalize the absolute path p in place: drop "." segments and empty
 * ones, let ".." remove the segment before it (never above "/"). */
static void normalize(char *p)
{
	char *out = p;  /* writes "/seg" pieces */
	const char *r = p;
	while (*r) {
		while (*r == '/')
			r++;
		if (!*r)
			break;
		const char *s = r;
		while (*r && *r != '/')
			r++;
		size_t n = (size_t)(r - s);
		if (n == 1 && s[0] == '.')
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (out > p && *--out != '/')
				;
			continue;
		}
		*out++ = '/';
		memmove(out, s, n);
		out += n;
	}
	if (out == p)
		*out++ = '/';
	*out = '\0';
}

/* Ownership: *out belongs to the caller. */
dk_status dk_article_id_abspath(const char *path, char **out)
{
	*out = NULL;
	dk_buf b = DK_BUF_INIT;
	if (path[0] != '/') {
		char *cwd = getcwd(NULL, 0);
		if (!cwd)
			return DK_ERR_IO;
		dk_buf_puts(&b, cwd);
		dk_buf_putc(&b, '/');
		free(cwd);
	}
	dk_buf_puts(&b, path);
	char *p = dk_buf_detach(&b, NULL);
	if (!p)
		return DK_ERR_NOMEM;
	normalize(p);
	*out = p;
	return DK_OK;
}

dk_status dk_article_id_rebase(dk_input_list *list, size_t from,
			       const char *root)
{
	char *r = NULL;
	dk_status st = dk_article_id_abspath(root ? root : ".", &r);
	if (st)
		return st;
	size_t rl = strlen(r);
	if (rl == 1)
		rl = 0;  /* "/": every path is inside */
	for (size_t i = from; i < list->n && !st; i++) {
		char *abs = NULL;
		if ((st = dk_article_id_abspath(list->v[i].path, &abs)))
			break;
		char *id = abs;
		if (!strncmp(abs, r, rl) && abs[rl] == '/' && abs[rl + 1]) {
			id = strdup(abs + rl + 1);
			free(abs);
			if (!id) {
				st = DK_ERR_NOMEM;
				break;
			}
		}
		free(list->v[i].id);
		list->v[i].id = id;
	}
	free(r);
	return st;
}
