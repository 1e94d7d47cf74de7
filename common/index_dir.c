/*
 * index_dir.c - resolving an index directory to its live shards (see
 * index_dir.h).
 *
 * The stub syntax is the part of Xapian's stub database format that
 * names databases: one "auto PATH", "glass PATH" or "remote SPEC" per
 * line, "#" comments, blank lines.  Paths are relative to the stub's
 * directory, as Xapian reads them.  A remote SPEC is "HOST:PORT" (the
 * port is the digits after the last colon, so "[::1]:8100" names an IPv6
 * host) or ":PROGRAM ARGS"; the shim opens it (xapian_shim.h).  A shard
 * path, remote spec or manifest path must be one that reads back as
 * written: not empty, no control character (bytes below 0x20 and 0x7f: a
 * CR before the LF would be taken for a CRLF line end), no space or tab
 * at either end (trimmed).  The parser refuses a stub holding any other,
 * the writer refuses to write one (Docket's own names are plain ASCII).
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
	free(s->kinds);
	free(s->manifest);
	memset(s, 0, sizeof *s);
}

dk_shard_kind dk_stub_kind(const dk_stub *s, size_t i)
{
	return s->kinds && i < s->nshards ? s->kinds[i] : DK_SHARD_LOCAL;
}

static int starts(const char *p, size_t n, const char *word)
{
	size_t w = strlen(word);
	return n >= w && memcmp(p, word, w) == 0;
}

static dk_status add_shard(dk_stub *s, dk_shard_kind kind, const char *p,
			   size_t n)
{
	char **v = realloc(s->shards, (s->nshards + 1) * sizeof *v);
	if (!v)
		return DK_ERR_NOMEM;
	s->shards = v;
	dk_shard_kind *k = realloc(s->kinds, (s->nshards + 1) * sizeof *k);
	if (!k)
		return DK_ERR_NOMEM;
	s->kinds = k;
	if (!(v[s->nshards] = dk_strndup(p, n)))
		return DK_ERR_NOMEM;
	k[s->nshards] = kind;
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

/* A remote SPEC: ":PROGRAM[ ARGS]" with a program, or "HOST:PORT" with a
 * host and a port of 1 to 65535. */
static int remote_spec_ok(const char *p, size_t n)
{
	if (n && p[0] == ':')
		return n > 1 && p[1] != ' ' && p[1] != '\t';
	const char *colon = NULL;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == ':')
			colon = p + i;
		if (p[i] == ' ' || p[i] == '\t')
			return 0;
	}
	if (!colon || colon == p)
		return 0;
	size_t k = (size_t)(p + n - colon - 1);
	if (k == 0 || k > 5)
		return 0;
	unsigned long port = 0;
	for (size_t i = 0; i < k; i++) {
		char c = colon[1 + i];
		if (c < '0' || c > '9')
			return 0;
		port = port * 10 + (unsigned long)(c - '0');
	}
	return port >= 1 && port <= 65535;
}

/* One "BACKEND REST" line (trimmed); DK_ERR_PARSE for any other form. */
static dk_status parse_shard_line(dk_stub *s, const char *p, size_t n)
{
	static const struct { const char *word; dk_shard_kind kind; } be[] = {
		{ "glass", DK_SHARD_LOCAL }, { "auto", DK_SHARD_LOCAL },
		{ "remote", DK_SHARD_REMOTE },
	};
	for (size_t b = 0; b < sizeof be / sizeof be[0]; b++) {
		size_t w = strlen(be[b].word);
		if (n <= w || memcmp(p, be[b].word, w) ||
		    (p[w] != ' ' && p[w] != '\t'))
			continue;
		size_t k = w;
		while (k < n && (p[k] == ' ' || p[k] == '\t'))
			k++;
		if (k == n)
			return DK_ERR_PARSE;
		if (!path_ok(p + k, n - k) ||
		    (be[b].kind == DK_SHARD_REMOTE &&
		     !remote_spec_ok(p + k, n - k)))
			return DK_ERR_PARSE;
		return add_shard(s, be[b].kind, p + k, n - k);
	}
	return DK_ERR_PARSE;
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
	return dk_stub_parse_at(text, len, out, NULL);
}

dk_status dk_stub_parse_at(const char *text, size_t len, dk_stub *out,
			   size_t *bad_line)
{
	dk_status st = DK_OK;
	size_t line = 0;
	memset(out, 0, sizeof *out);
	if (bad_line)
		*bad_line = 0;
	/* A NUL byte would cut a path short when it is used as a C string:
	 * such a stub is corrupt, not a shorter stub. */
	const char *nul = len ? memchr(text, '\0', len) : NULL;
	if (nul) {
		for (const char *q = text; bad_line && q <= nul; q++)
			*bad_line += q == text || q[-1] == '\n';
		return DK_ERR_PARSE;
	}
	const char *p = text, *end = text + len;
	while (p < end && !st) {
		line++;
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
		} else {
			st = parse_shard_line(out, p, n);
		}
		p = nl ? nl + 1 : end;
	}
	if (st && bad_line)
		*bad_line = line;
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
		dk_buf_printf(&b, "%s %s\n",
			      dk_stub_kind(s, i) == DK_SHARD_REMOTE ? "remote"
								   : "auto",
			      s->shards[i]);
	if (b.err) {
		dk_buf_free(&b);
		return DK_ERR_NOMEM;
	}
	*out = dk_buf_detach(&b, NULL);
	return DK_OK;
}

dk_status dk_stub_read(const char *path, dk_stub *out)
{
	return dk_stub_read_at(path, out, NULL);
}

dk_status dk_stub_read_at(const char *path, dk_stub *out, size_t *bad_line)
{
	memset(out, 0, sizeof *out);
	if (bad_line)
		*bad_line = 0;
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
		st = dk_stub_parse_at(buf, n, out, bad_line);
	free(buf);
	return st;
}

char *dk_index_dir_join(const char *dir, const char *name)
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
	char *p = dk_index_dir_join(dir, name);
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
	free(loc->kinds);
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

/* The stub's directory: dir itself for a managed directory, the file's
 * directory for a stub file (malloc'd; NULL when out of memory). */
static char *base_of(const char *path, int is_file)
{
	if (!is_file)
		return dk_strndup(path, strlen(path));
	const char *slash = strrchr(path, '/');
	if (!slash)
		return dk_strndup(".", 1);
	if (slash == path)
		return dk_strndup("/", 1);
	return dk_strndup(path, (size_t)(slash - path));
}

/* The shards of stub into *out: local paths relative to base. */
static dk_status location_from_stub(const dk_stub *stub, const char *base,
				    dk_index_location *out)
{
	out->paths = calloc(stub->nshards, sizeof *out->paths);
	out->kinds = calloc(stub->nshards, sizeof *out->kinds);
	if (!out->paths || !out->kinds)
		return DK_ERR_NOMEM;
	for (size_t i = 0; i < stub->nshards; i++) {
		const char *sh = stub->shards[i];
		dk_shard_kind k = dk_stub_kind(stub, i);
		/* Relative to the stub's directory, as Xapian reads it. */
		out->paths[i] = k == DK_SHARD_REMOTE || sh[0] == '/'
			? dk_strndup(sh, strlen(sh))
			: dk_index_dir_join(base, sh);
		if (!out->paths[i])
			return DK_ERR_NOMEM;
		out->kinds[i] = k;
		out->n++;
	}
	out->generation = stub->generation;
	return DK_OK;
}

dk_status dk_index_dir_resolve(const char *dir, dk_index_location *out,
			       char **errmsg)
{
	dk_status st = DK_OK;
	dk_stub stub = { 0 };
	char *stub_path = NULL, *base = NULL;
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
	int is_file = !S_ISDIR(sb.st_mode);
	if (!is_file && dk_index_dir_kind(dir) != DK_INDEX_MANAGED) {
		/* A plain database (or nothing): Xapian opens it as is. */
		out->paths = calloc(1, sizeof *out->paths);
		out->kinds = calloc(1, sizeof *out->kinds);
		if (!out->paths || !out->kinds ||
		    !(out->paths[0] = dk_strndup(dir, strlen(dir)))) {
			st = DK_ERR_NOMEM;
			goto fail;
		}
		out->n = 1;
		return DK_OK;
	}
	if (!(stub_path = is_file ? dk_strndup(dir, strlen(dir))
				  : dk_index_dir_join(dir, DK_INDEX_STUB)) ||
	    !(base = base_of(dir, is_file))) {
		st = DK_ERR_NOMEM;
		goto fail;
	}
	size_t line = 0;
	st = dk_stub_read_at(stub_path, &stub, &line);
	if (st) {
		char where[64] = "";
		if (st == DK_ERR_PARSE && line)
			snprintf(where, sizeof where, ", line %zu", line);
		dk_buf m = DK_BUF_INIT;
		dk_buf_printf(&m, "%s: %s%s", is_file
			      ? "not a stub file (lines of auto PATH, glass PATH, "
				"remote HOST:PORT or remote :PROGRAM ARGS)"
			      : "cannot read the live generation's stub",
			      st == DK_ERR_PARSE ? "malformed" : dk_status_str(st),
			      where);
		if (errmsg && !m.err)
			*errmsg = dk_buf_detach(&m, NULL);
		dk_buf_free(&m);
		goto fail;
	}
	if ((st = location_from_stub(&stub, base, out)))
		goto fail;
	if (!is_file && stub.manifest &&
	    !(out->manifest = dk_index_dir_join(dir, stub.manifest))) {
		st = DK_ERR_NOMEM;
		goto fail;
	}
	free(stub_path);
	free(base);
	dk_stub_clear(&stub);
	return DK_OK;
fail:
	free(stub_path);
	free(base);
	dk_stub_clear(&stub);
	dk_index_location_clear(out);
	return st;
}
