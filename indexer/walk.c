/*
 * walk.c - recursive directory walk (see walk.h).  Entries of each
 * directory are sorted before descending, so the order is the byte order
 * of the full paths.  Symbolic links to directories are not followed, which
 * rules out cycles.  A link to a file is followed only when its target,
 * resolved with realpath(), lies inside the directory given (resolved the
 * same way), unless following is allowed: a link to /etc/passwd dropped
 * into a crawl must not make that file searchable.
 */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../common/buf.h"

static dk_status push(dk_input_list *l, const char *path, const char *id,
		      const struct stat *st)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		dk_input *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return DK_ERR_NOMEM;
		l->v = v;
		l->cap = cap;
	}
	dk_input *in = &l->v[l->n];
	in->path = dk_strndup(path, strlen(path));
	in->id = dk_strndup(id, strlen(id));
	if (!in->path || !in->id) {
		free(in->path);
		free(in->id);
		return DK_ERR_NOMEM;
	}
	in->size = (uint64_t)st->st_size;
	in->mtime = (int64_t)st->st_mtime;
	l->total_size += in->size;
	l->n++;
	return DK_OK;
}

int dk_walk_is_dump_name(const char *name)
{
	static const char *const exts[] = {
		".txt", ".text", ".jsonl", ".ndjson", ".json", ".html", ".htm",
		".warc"
	};
	size_t n = strlen(name);
	if (n > 3 && !strcasecmp(name + n - 3, ".gz"))
		n -= 3;
	const char *dot = NULL;
	for (size_t i = 1; i < n; i++)  /* a leading dot is no extension */
		if (name[i] == '.')
			dot = name + i;
	if (!dot)
		return 1;
	size_t el = n - (size_t)(dot - name);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (strlen(exts[i]) == el && !strncasecmp(dot, exts[i], el))
			return 1;
	return 0;
}

static int follow_links;

void dk_walk_set_follow_links(int follow)
{
	follow_links = follow;
}

/* Is the resolved path p inside the resolved directory root? */
static int inside(const char *p, const char *root)
{
	size_t n = strlen(root);
	if (n == 1 && root[0] == '/')
		return 1;
	return !strncmp(p, root, n) && (p[n] == '/' || p[n] == '\0');
}

static const char *kind_of(mode_t m)
{
	return S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" :
	       S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device" :
	       "not a regular file";
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static dk_status walk_dir(const char *dir, size_t root_len, const char *real_root,
			  dk_input_list *l,
			  void (*report)(void *, const char *, const char *),
			  void *ctx, int depth)
{
	dk_status st = DK_OK;
	char **names = NULL;
	size_t n = 0, cap = 0;
	if (depth > 64) {
		report(ctx, dir, "directory nesting deeper than 64, skipped");
		return DK_OK;
	}
	DIR *d = opendir(dir);
	if (!d) {
		report(ctx, dir, strerror(errno));
		return DK_OK;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **nn = realloc(names, cap * sizeof *nn);
			if (!nn) {
				st = DK_ERR_NOMEM;
				goto out;
			}
			names = nn;
		}
		if (!(names[n] = dk_strndup(e->d_name, strlen(e->d_name)))) {
			st = DK_ERR_NOMEM;
			goto out;
		}
		n++;
	}
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n && !st; i++) {
		dk_buf p = DK_BUF_INIT;
		dk_buf_puts(&p, dir);
		if (p.len && p.data[p.len - 1] != '/')
			dk_buf_putc(&p, '/');
		dk_buf_puts(&p, names[i]);
		if (p.err) {
			st = DK_ERR_NOMEM;
			break;
		}
		struct stat sb;
		char msg[PATH_MAX + 128];
		if (lstat(p.data, &sb) != 0) {
			report(ctx, p.data, strerror(errno));
		} else if (S_ISDIR(sb.st_mode)) {
			st = walk_dir(p.data, root_len, real_root, l, report, ctx, depth + 1);
		} else if (!dk_walk_is_dump_name(names[i])) {
			/* README.md, scripts: not dumps. */
		} else if (S_ISREG(sb.st_mode)) {
			st = push(l, p.data, p.data + root_len, &sb);
		} else if (S_ISLNK(sb.st_mode)) {
			char *target = realpath(p.data, NULL);
			if (!target || stat(target, &sb) != 0) {
				report(ctx, p.data, "dangling symbolic link, skipped");
			} else if (S_ISDIR(sb.st_mode)) {
				report(ctx, p.data, "symbolic link to a directory, "
				       "not followed");
			} else if (!S_ISREG(sb.st_mode)) {
				snprintf(msg, sizeof msg, "symbolic link to %s, skipped",
					 kind_of(sb.st_mode));
				report(ctx, p.data, msg);
			} else if (!follow_links && real_root && !inside(target, real_root)) {
				snprintf(msg, sizeof msg, "symbolic link to %s, outside "
					 "the input tree, not followed (--follow-links "
					 "follows it)", target);
				report(ctx, p.data, msg);
			} else {
				st = push(l, p.data, p.data + root_len, &sb);
			}
			free(target);
		} else {
			snprintf(msg, sizeof msg, "%s, skipped", kind_of(sb.st_mode));
			report(ctx, p.data, msg);
		}
		dk_buf_free(&p);
	}
out:
	closedir(d);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return st;
}

dk_status dk_walk(const char *path, dk_input_list *list,
		  void (*report)(void *ctx, const char *path, const char *msg),
		  void *ctx)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		report(ctx, path, strerror(errno));
		return DK_OK;
	}
	if (S_ISDIR(sb.st_mode)) {
		size_t root_len = strlen(path);
		while (root_len > 1 && path[root_len - 1] == '/')
			root_len--;
		char *real_root = realpath(path, NULL);
		if (!real_root && errno == ENOMEM)
			return DK_ERR_NOMEM;
		dk_status st = walk_dir(path, root_len + 1, real_root, list,
					report, ctx, 0);
		free(real_root);
		return st;
	}
	if (!S_ISREG(sb.st_mode)) {
		report(ctx, path, "not a regular file or directory");
		return DK_OK;
	}
	const char *base = strrchr(path, '/');
	return push(list, path, base ? base + 1 : path, &sb);
}

void dk_input_list_free(dk_input_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->v[i].path);
		free(list->v[i].id);
	}
	free(list->v);
	memset(list, 0, sizeof *list);
}
