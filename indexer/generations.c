/*
 * generations.c - lock, publish, rollback and clean-up of a managed index
 * directory (see generations.h and common/index_dir.h).
 */
#define _GNU_SOURCE 1 /* O_DIRECTORY, O_CLOEXEC, flock with older headers */
#include "generations.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/buf.h"

/* ---- lock ------------------------------------------------------------- */

dk_status dk_gen_lock(const char *dir, int *fd, long *holder_pid)
{
	*fd = -1;
	if (holder_pid)
		*holder_pid = 0;
	char *p = dk_index_dir_join(dir, DK_INDEX_LOCK);
	if (!p)
		return DK_ERR_NOMEM;
	int f = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	free(p);
	if (f < 0)
		return DK_ERR_IO;
	if (flock(f, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		if (e == EWOULDBLOCK && holder_pid) {
			char buf[32] = { 0 };
			ssize_t n = pread(f, buf, sizeof buf - 1, 0);
			if (n > 0)
				*holder_pid = strtol(buf, NULL, 10);
		}
		close(f);
		return e == EWOULDBLOCK ? DK_ERR_BUSY : DK_ERR_IO;
	}
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	if (ftruncate(f, 0) == 0 && n > 0)
		(void)!pwrite(f, buf, (size_t)n, 0);
	*fd = f;
	return DK_OK;
}

void dk_gen_unlock(int fd)
{
	if (fd >= 0) {
		(void)!ftruncate(fd, 0);
		flock(fd, LOCK_UN);
		close(fd);
	}
}

/* ---- file-tree helpers ------------------------------------------------ */

dk_status dk_gen_mkdirs(const char *path)
{
	char *p = dk_strndup(path, strlen(path));
	if (!p)
		return DK_ERR_NOMEM;
	dk_status st = DK_OK;
	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST) {
				st = DK_ERR_IO;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return st;
}

dk_status dk_gen_tree_remove(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return errno == ENOENT ? DK_OK : DK_ERR_IO;
	if (!S_ISDIR(sb.st_mode))
		return unlink(path) == 0 || errno == ENOENT ? DK_OK : DK_ERR_IO;
	DIR *d = opendir(path);
	if (!d)
		return DK_ERR_IO;
	dk_status st = DK_OK;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *c = dk_index_dir_join(path, e->d_name);
		dk_status s2 = c ? dk_gen_tree_remove(c) : DK_ERR_NOMEM;
		free(c);
		if (s2 && !st)
			st = s2;
	}
	closedir(d);
	if (rmdir(path) != 0 && errno != ENOENT && !st)
		st = DK_ERR_IO;
	return st;
}

uint64_t dk_gen_tree_size(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return 0;
	if (!S_ISDIR(sb.st_mode))
		return S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
	uint64_t total = 0;
	DIR *d = opendir(path);
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *c = dk_index_dir_join(path, e->d_name);
		if (c)
			total += dk_gen_tree_size(c);
		free(c);
	}
	closedir(d);
	return total;
}

static dk_status sync_path(const char *path, int is_dir)
{
	int fd = open(path, (is_dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) |
				    O_CLOEXEC);
	if (fd < 0)
		return DK_ERR_IO;
	int r = fsync(fd);
	close(fd);
	return r == 0 ? DK_OK : DK_ERR_IO;
}

dk_status dk_gen_dir_sync(const char *path)
{
	return sync_path(path, 1);
}

dk_status dk_gen_tree_sync(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return DK_ERR_IO;
	if (!S_ISDIR(sb.st_mode))
		return S_ISREG(sb.st_mode) ? sync_path(path, 0) : DK_OK;
	DIR *d = opendir(path);
	if (!d)
		return DK_ERR_IO;
	dk_status st = DK_OK;
	struct dirent *e;
	while ((e = readdir(d)) && !st) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *c = dk_index_dir_join(path, e->d_name);
		st = c ? dk_gen_tree_sync(c) : DK_ERR_NOMEM;
		free(c);
	}
	closedir(d);
	return st ? st : sync_path(path, 1);
}

static dk_status copy_file(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return DK_ERR_IO;
	int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		close(in);
		return DK_ERR_IO;
	}
	enum { CHUNK = 1 << 20 };
	char *buf = malloc(CHUNK);
	dk_status st = buf ? DK_OK : DK_ERR_NOMEM;
	while (!st) {
		ssize_t r = read(in, buf, CHUNK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			st = DK_ERR_IO;
			break;
		}
		if (r == 0)
			break;
		for (ssize_t off = 0; off < r && !st;) {
			ssize_t w = write(out, buf + off, (size_t)(r - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				st = DK_ERR_IO;
			else
				off += w;
		}
	}
	free(buf);
	close(in);
	if (close(out) != 0 && !st)
		st = DK_ERR_IO;
	return st;
}

dk_status dk_gen_dir_copy(const char *src, const char *dst)
{
	if (mkdir(dst, 0755) != 0)
		return DK_ERR_IO;
	DIR *d = opendir(src);
	if (!d)
		return DK_ERR_IO;
	dk_status st = DK_OK;
	struct dirent *e;
	while ((e = readdir(d)) && !st) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "flintlock"))
			continue;
		char *s = dk_index_dir_join(src, e->d_name);
		char *t = dk_index_dir_join(dst, e->d_name);
		struct stat sb;
		if (!s || !t)
			st = DK_ERR_NOMEM;
		else if (stat(s, &sb) == 0 && S_ISREG(sb.st_mode))
			st = copy_file(s, t);
		free(s);
		free(t);
	}
	closedir(d);
	return st;
}

/* ---- stubs, numbers --------------------------------------------------- */

dk_status dk_gen_read_stub(const char *dir, int prev, dk_stub *out)
{
	char *p = dk_index_dir_join(dir, prev ? DK_INDEX_STUB_PREV : DK_INDEX_STUB);
	if (!p) {
		memset(out, 0, sizeof *out);
		return DK_ERR_NOMEM;
	}
	dk_status st = dk_stub_read(p, out);
	free(p);
	return st;
}

/* The generation number in a shard name "gNNNNNN-K" or a manifest name
 * "NNNNNN"; 0 for other names. */
static uint64_t name_number(const char *name)
{
	if (*name == 'g')
		name++;
	uint64_t g = 0;
	for (; *name >= '0' && *name <= '9'; name++)
		g = g * 10 + (uint64_t)(*name - '0');
	return g;
}

static uint64_t max_in(const char *dir, const char *sub)
{
	uint64_t m = 0;
	char *p = dk_index_dir_join(dir, sub);
	DIR *d = p ? opendir(p) : NULL;
	free(p);
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		uint64_t g = name_number(e->d_name);
		if (g > m)
			m = g;
	}
	closedir(d);
	return m;
}

dk_status dk_gen_next_number(const char *dir, uint64_t *out)
{
	uint64_t m = 0;
	for (int prev = 0; prev < 2; prev++) {
		dk_stub s;
		dk_status st = dk_gen_read_stub(dir, prev, &s);
		if (st == DK_OK) {
			if (s.generation > m)
				m = s.generation;
			dk_stub_clear(&s);
		} else if (st != DK_ERR_NOT_FOUND && st != DK_ERR_PARSE) {
			return st;
		}
	}
	uint64_t a = max_in(dir, DK_INDEX_SHARDS);
	uint64_t b = max_in(dir, DK_INDEX_MANIFESTS);
	if (a > m)
		m = a;
	if (b > m)
		m = b;
	*out = m + 1;
	return DK_OK;
}

static void set_msg(char **errmsg, const char *what, const char *path)
{
	if (!errmsg)
		return;
	dk_buf b = DK_BUF_INIT;
	dk_buf_printf(&b, "%s %s: %s", what, path, strerror(errno));
	*errmsg = b.err ? NULL : dk_buf_detach(&b, NULL);
	if (!*errmsg)
		dk_buf_free(&b);
}

/* Write text durably to path via a temporary file and rename(2). */
static dk_status write_atomic(const char *dir, const char *name,
			      const char *text, size_t len, char **errmsg)
{
	dk_status st = DK_OK;
	char *path = dk_index_dir_join(dir, name);
	dk_buf tmp = DK_BUF_INIT;
	if (path)
		dk_buf_printf(&tmp, "%s.new%ld", path, (long)getpid());
	if (!path || tmp.err) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		set_msg(errmsg, "cannot create", tmp.data);
		st = DK_ERR_IO;
		goto out;
	}
	size_t off = 0;
	while (off < len && !st) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			set_msg(errmsg, "cannot write", tmp.data);
			st = DK_ERR_IO;
		} else {
			off += (size_t)w;
		}
	}
	if (!st && fsync(fd) != 0) {
		set_msg(errmsg, "cannot sync", tmp.data);
		st = DK_ERR_IO;
	}
	if (close(fd) != 0 && !st) {
		set_msg(errmsg, "cannot write", tmp.data);
		st = DK_ERR_IO;
	}
	if (!st && rename(tmp.data, path) != 0) {
		set_msg(errmsg, "cannot rename to", path);
		st = DK_ERR_IO;
	}
	if (st)
		unlink(tmp.data);
out:
	free(path);
	dk_buf_free(&tmp);
	return st;
}

static dk_status read_file(const char *path, dk_buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno == ENOENT ? DK_ERR_NOT_FOUND : DK_ERR_IO;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		dk_buf_append(out, chunk, n);
	int bad = ferror(f);
	fclose(f);
	return bad ? DK_ERR_IO : out->err;
}

dk_status dk_gen_publish(const char *dir, const dk_stub *stub, char **errmsg)
{
	char *text = NULL;
	char *live = NULL;
	dk_buf cur = DK_BUF_INIT;
	if (errmsg)
		*errmsg = NULL;
	dk_status st = dk_stub_format(stub, &text);
	if (st) {
		if (st == DK_ERR_INVALID && errmsg) {
			dk_buf b = DK_BUF_INIT;
			dk_buf_printf(&b, "cannot write the stub in %s: a shard or "
				      "manifest path is empty, holds a control "
				      "character or starts or ends with a blank",
				      dir);
			*errmsg = b.err ? NULL : dk_buf_detach(&b, NULL);
			if (!*errmsg)
				dk_buf_free(&b);
		}
		return st;
	}
	if (!(live = dk_index_dir_join(dir, DK_INDEX_STUB))) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	/* The live generation becomes the previous one first: a crash
	 * between the two renames leaves both stubs naming it. */
	st = read_file(live, &cur);
	if (st == DK_OK) {
		st = write_atomic(dir, DK_INDEX_STUB_PREV, cur.data, cur.len,
				  errmsg);
		if (st)
			goto out;
	} else if (st != DK_ERR_NOT_FOUND) {
		set_msg(errmsg, "cannot read", live);
		goto out;
	}
	st = write_atomic(dir, DK_INDEX_STUB, text, strlen(text), errmsg);
	if (!st && (st = dk_gen_dir_sync(dir)))
		set_msg(errmsg, "cannot sync", dir);
out:
	free(text);
	free(live);
	dk_buf_free(&cur);
	return st;
}

dk_status dk_gen_rollback(const char *dir, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	char *prev = dk_index_dir_join(dir, DK_INDEX_STUB_PREV);
	char *live = dk_index_dir_join(dir, DK_INDEX_STUB);
	dk_status st = DK_OK;
	dk_stub s = { 0 };
	if (!prev || !live) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	if ((st = dk_stub_read(prev, &s)))
		goto out;
	/* Every shard of the previous generation must still be there. */
	for (size_t i = 0; i < s.nshards; i++) {
		char *p = dk_index_dir_join(dir, s.shards[i]);
		struct stat sb;
		int ok = p && stat(p, &sb) == 0;
		if (!ok) {
			set_msg(errmsg, "a shard of the previous generation is "
				"missing:", p ? p : s.shards[i]);
			free(p);
			st = DK_ERR_NOT_FOUND;
			goto out;
		}
		free(p);
	}
	if (rename(prev, live) != 0) {
		set_msg(errmsg, "cannot rename to", live);
		st = DK_ERR_IO;
	} else if ((st = dk_gen_dir_sync(dir))) {
		set_msg(errmsg, "cannot sync", dir);
	}
out:
	dk_stub_clear(&s);
	free(prev);
	free(live);
	return st;
}

/* ---- clean-up --------------------------------------------------------- */

static int named(const dk_stub *s, const char *sub, const char *name)
{
	size_t k = strlen(sub);
	for (size_t i = 0; s && i < s->nshards; i++)
		if (!strncmp(s->shards[i], sub, k) && s->shards[i][k] == '/' &&
		    !strcmp(s->shards[i] + k + 1, name))
			return 1;
	if (s && s->manifest && !strncmp(s->manifest, sub, k) &&
	    s->manifest[k] == '/' && !strcmp(s->manifest + k + 1, name))
		return 1;
	return 0;
}

static dk_status gc_sub(const char *dir, const char *sub, const dk_stub *a,
			const dk_stub *b, dk_gc_stats *stats)
{
	char *p = dk_index_dir_join(dir, sub);
	if (!p)
		return DK_ERR_NOMEM;
	DIR *d = opendir(p);
	if (!d) {
		free(p);
		return errno == ENOENT ? DK_OK : DK_ERR_IO;
	}
	dk_status st = DK_OK;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (named(a, sub, e->d_name) || named(b, sub, e->d_name))
			continue;
		char *c = dk_index_dir_join(p, e->d_name);
		if (!c) {
			st = DK_ERR_NOMEM;
			break;
		}
		uint64_t sz = dk_gen_tree_size(c);
		dk_status s2 = dk_gen_tree_remove(c);
		free(c);
		if (s2) {
			st = s2;
			continue;
		}
		if (stats) {
			stats->removed++;
			stats->bytes += sz;
		}
	}
	closedir(d);
	free(p);
	return st;
}

/* Stray temporary stubs ("XAPIANDB.new123") of a killed publish. */
static void gc_stray(const char *dir, dk_gc_stats *stats)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	size_t k = strlen(DK_INDEX_STUB);
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		if (strncmp(n, DK_INDEX_STUB, k) || !strstr(n + k, ".new"))
			continue;
		char *c = dk_index_dir_join(dir, n);
		if (c && unlink(c) == 0 && stats)
			stats->removed++;
		free(c);
	}
	closedir(d);
}

dk_status dk_gen_gc(const char *dir, dk_gc_stats *stats)
{
	dk_stub live = { 0 }, prev = { 0 };
	if (stats)
		memset(stats, 0, sizeof *stats);
	dk_status st = dk_gen_read_stub(dir, 0, &live);
	if (st && st != DK_ERR_NOT_FOUND)
		return st;  /* never remove anything when unsure what is live */
	int have_live = st == DK_OK;
	st = dk_gen_read_stub(dir, 1, &prev);
	if (st && st != DK_ERR_NOT_FOUND) {
		dk_stub_clear(&live);
		return st;
	}
	int have_prev = st == DK_OK;
	char *tmp = dk_index_dir_join(dir, DK_INDEX_TMP);
	struct stat sb;
	st = DK_OK;
	if (!tmp) {
		st = DK_ERR_NOMEM;
	} else if (lstat(tmp, &sb) == 0) {
		uint64_t sz = dk_gen_tree_size(tmp);
		st = dk_gen_tree_remove(tmp);
		if (!st && stats) {
			stats->removed++;
			stats->bytes += sz;
		}
	}
	free(tmp);
	gc_stray(dir, stats);
	const dk_stub *a = have_live ? &live : NULL;
	const dk_stub *b = have_prev ? &prev : NULL;
	dk_status s2 = gc_sub(dir, DK_INDEX_SHARDS, a, b, stats);
	if (s2 && !st)
		st = s2;
	s2 = gc_sub(dir, DK_INDEX_MANIFESTS, a, b, stats);
	if (s2 && !st)
		st = s2;
	dk_stub_clear(&live);
	dk_stub_clear(&prev);
	return st;
}
