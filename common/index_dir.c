/*
 * index_dir.c - resolving an index directory to its live shards (see
 * index_dir.h).
 *
 * The stub syntax is the subset of Xapian's stub database format that
 * Docket writes: one "BACKEND PATH" per line, "#" comments, blank lines.
 * Paths are relative to the stub's directory, as Xapian reads them.  A
 * shard or manifest path must be one that reads back as written: not
 * empty, no control character (bytes below 0x20 and 0x7f: a CR before the
 * LF would be taken for a CRLF line end), no space or tab at either end
 * (trimmed).  The parser refuses a stub holding any other path, the writer
 * refuses to write one (Docket's own names are plain ASCII).
 */
#include "index_dir.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"

/* Files a stub cannot be larger than: thousands of shards. */
#define MAX_STUB (1024 * 1024)

void dk_stub_clear(dk_stub *s)
{
	for (size_t i = 0; i < s->nshards; i++)
		free(s->shards[i]);
	free(s->shards);
	free(s->manifest);
	memset(s, 0, sizeof *s);
}

static int starts(const char *p, size_t n, const char *word)
{
	size_t w = strlen(word);
	return n >= w && memcmp(p, word, w) == 0;
}

static dk_status add_shard(dk_stub *s, const char *p, size_t n)
{
	char **v = realloc(s->shards, (s->nshards + 1) * sizeof *v);
	if (!v)
		return DK_ERR_NOMEM;
	s->shards = v;
	if (!(v[s->nshards] = dk_strndup(p, n)))
		return DK_ERR_NOMEM;
	s->nshards++;
	return DK_OK;
}

/* Whether p[0..n) is a path a stub line can hold and give back unchanged
 * (see the top of this file). */
static int path_ok(const char *p, size_t n)
{
	if (n == 0 || p[0] == ' ' || p[0] == '\t' || p[n - 1] == ' ' ||
	    p[n - 1] == '\t')
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return 0;
	return 1;
}

/* One comment line (without the "#"): the two Docket keys, else ignored. */
static dk_status parse_comment(dk_stub *s, const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	if (starts(p, n, "docket generation ")) {
		uint64_t g = 0;
		size_t k = strlen("docket generation ");
		if (k == n)
			return DK_ERR_PARSE;
		for (; k < n; k++) {
			if (p[k] < '0' || p[k] > '9' || g > UINT64_MAX / 10 - 1)
				return DK_ERR_PARSE;
			g = g * 10 + (uint64_t)(p[k] - '0');
		}
		s->generation = g;
	} else if (starts(p, n, "manifest ")) {
		size_t k = strlen("manifest ");
		if (!path_ok(p + k, n - k))
			return DK_ERR_PARSE;
		free(s->manifest);
		if (!(s->manifest = dk_strndup(p + k, n - k)))
			return DK_ERR_NOMEM;
	}
	return DK_OK;
}

dk_status dk_stub_parse(const char *text, size_t len, dk_stub *out)
{
	dk_status st = DK_OK;
	memset(out, 0, sizeof *out);
	/* A NUL byte would cut a path short when it is used as a C string:
	 * such a stub is corrupt, not a shorter stub. */
	if (len && memchr(text, '\0', len))
		return DK_ERR_PARSE;
	const char *p = text, *end = text + len;
	while (p < end && !st) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t n = (size_t)(le - p);
		if (n && p[n - 1] == '\r')
			n--;
		while (n && (*p == ' ' || *p == '\t'))
			p++, n--;
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 0) {
			/* blank */
		} else if (*p == '#') {
			st = parse_comment(out, p + 1, n - 1);
		} else if (starts(p, n, "glass ") || starts(p, n, "auto ")) {
			size_t k = *p == 'g' ? 6 : 5;
			while (k < n && (p[k] == ' ' || p[k] == '\t'))
				k++;
			st = path_ok(p + k, n - k) ? add_shard(out, p + k, n - k)
						   : DK_ERR_PARSE;
		} else {
			st = DK_ERR_PARSE;
		}
		p = nl ? nl + 1 : end;
	}
	if (!st && out->nshards == 0)
		st = DK_ERR_PARSE;
	if (st)
		dk_stub_clear(out);
	return st;
}

dk_status dk_stub_format(const dk_stub *s, char **out)
{
	dk_buf b = DK_BUF_INIT;
	*out = NULL;
	/* A path that would not read back as written is refused, not
	 * written: the reader must get the same stub. */
	if (s->manifest && !path_ok(s->manifest, strlen(s->manifest)))
		return DK_ERR_INVALID;
	for (size_t i = 0; i < s->nshards; i++)
		if (!s->shards[i] || !path_ok(s->shards[i], strlen(s->shards[i])))
			return DK_ERR_INVALID;
	dk_buf_puts(&b, "# Written by docket-index: the live generation of this "
		    "index.\n");
	dk_buf_printf(&b, "# docket generation %llu\n",
		      (unsigned long long)s->generation);
	if (s->manifest)
		dk_buf_printf(&b, "# manifest %s\n", s->manifest);
	for (size_t i = 0; i < s->nshards; i++)
		dk_buf_printf(&b, "glass %s\n", s->shards[i]);
	if (b.err) {
		dk_buf_free(&b);
		return DK_ERR_NOMEM;
	}
	*out = dk_buf_detach(&b, NULL);
	return DK_OK;
}

dk_status dk_stub_read(const char *path, dk_stub *out)
{
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno == ENOENT || errno == ENOTDIR ? DK_ERR_NOT_FOUND
							   : DK_ERR_IO;
	char *buf = malloc(MAX_STUB + 1);
	if (!buf) {
		fclose(f);
		return DK_ERR_NOMEM;
	}
	size_t n = fread(buf, 1, MAX_STUB + 1, f);
	int bad = ferror(f);
	fclose(f);
	dk_status st;
	if (bad)
		st = DK_ERR_IO;
	else if (n > MAX_STUB)
		st = DK_ERR_TOO_BIG;
	else
		st = dk_stub_parse(buf, n, out);
	free(buf);
	return st;
}

char *dk_path_join(const char *dir, const char *name)
{
	dk_buf b = DK_BUF_INIT;
	size_t n = strlen(dir);
	dk_buf_append(&b, dir, n);
	if (n == 0 || dir[n - 1] != '/')
		dk_buf_putc(&b, '/');
	dk_buf_puts(&b, name);
	if (b.err) {
		dk_buf_free(&b);
		return NULL;
	}
	return dk_buf_detach(&b, NULL);
}

static int exists_in(const char *dir, const char *name)
{
	char *p = dk_path_join(dir, name);
	struct stat sb;
	int r = p && stat(p, &sb) == 0;
	free(p);
	return r;
}

dk_index_kind dk_index_dir_kind(const char *dir)
{
	if (exists_in(dir, DK_INDEX_STUB))
		return DK_INDEX_MANAGED;
	if (exists_in(dir, "iamglass") || exists_in(dir, "iamchert"))
		return DK_INDEX_PLAIN;
	return DK_INDEX_NONE;
}

void dk_index_location_clear(dk_index_location *loc)
{
	for (size_t i = 0; i < loc->n; i++)
		free(loc->paths[i]);
	free(loc->paths);
	free(loc->manifest);
	memset(loc, 0, sizeof *loc);
}

static void set_msg(char **errmsg, const char *a, const char *b)
{
	if (!errmsg)
		return;
	dk_buf m = DK_BUF_INIT;
	dk_buf_puts(&m, a);
	dk_buf_puts(&m, b);
	*errmsg = m.err ? NULL : dk_buf_detach(&m, NULL);
	if (!*errmsg)
		dk_buf_free(&m);
}

dk_status dk_index_dir_resolve(const char *dir, dk_index_location *out,
			       char **errmsg)
{
	dk_status st = DK_OK;
	dk_stub stub = { 0 };
	char *stub_path = NULL;
	struct stat sb;
	memset(out, 0, sizeof *out);
	if (errmsg)
		*errmsg = NULL;
	if (!dir || !*dir)
		return DK_ERR_INVALID;
	if (stat(dir, &sb) != 0) {
		set_msg(errmsg, "no index here: ", strerror(errno));
		return errno == ENOENT || errno == ENOTDIR ? DK_ERR_NOT_FOUND
							   : DK_ERR_IO;
	}
	if (!S_ISDIR(sb.st_mode) ||
	    dk_index_dir_kind(dir) != DK_INDEX_MANAGED) {
		/* A plain database or a stub file: Xapian opens it as is. */
		out->paths = calloc(1, sizeof *out->paths);
		if (!out->paths || !(out->paths[0] = dk_strndup(dir, strlen(dir)))) {
			st = DK_ERR_NOMEM;
			goto fail;
		}
		out->n = 1;
		return DK_OK;
	}
	if (!(stub_path = dk_path_join(dir, DK_INDEX_STUB))) {
		st = DK_ERR_NOMEM;
		goto fail;
	}
	st = dk_stub_read(stub_path, &stub);
	if (st) {
		set_msg(errmsg, "cannot read the live generation's stub: ",
			st == DK_ERR_PARSE ? "malformed" : dk_status_str(st));
		goto fail;
	}
	out->paths = calloc(stub.nshards, sizeof *out->paths);
	if (!out->paths) {
		st = DK_ERR_NOMEM;
		goto fail;
	}
	for (size_t i = 0; i < stub.nshards; i++) {
		/* Relative to the stub's directory, as Xapian reads it. */
		out->paths[i] = stub.shards[i][0] == '/'
			? dk_strndup(stub.shards[i], strlen(stub.shards[i]))
			: dk_path_join(dir, stub.shards[i]);
		if (!out->paths[i]) {
			st = DK_ERR_NOMEM;
			goto fail;
		}
		out->n++;
	}
	out->generation = stub.generation;
	if (stub.manifest && !(out->manifest = dk_path_join(dir, stub.manifest))) {
		st = DK_ERR_NOMEM;
		goto fail;
	}
	free(stub_path);
	dk_stub_clear(&stub);
	return DK_OK;
fail:
	free(stub_path);
	dk_stub_clear(&stub);
	dk_index_location_clear(out);
	return st;
}
