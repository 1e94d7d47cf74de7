/*
 * dumpfile.c - line and file readers over zlib (see dumpfile.h).
 *
 * The line reader keeps one read buffer (CHUNK bytes) and one line buffer
 * that grows up to the limit; a longer line is consumed and dropped without
 * being stored, so memory stays bounded by the limit whatever the input.
 */
#include "dumpfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../../common/buf.h"
#include "gz_message.h"

#define CHUNK (256 * 1024)

struct dk_lines {
	gzFile gz;
	char *chunk;
	size_t pos, end;    /* unread bytes are chunk[pos..end) */
	int eof;            /* gzread reported the end */
	int broken;         /* the stream failed; no more lines */
	size_t max_line;
	dk_buf line;
	uint64_t lineno;
	uint64_t offset;    /* uncompressed offset of the next line */
	uint64_t line_offset;
	char err[256];
};

/* A malloc'd "a: b" message, or NULL when out of memory. */
static char *msgdup(const char *a, const char *b)
{
	char tmp[512];
	snprintf(tmp, sizeof tmp, "%s: %s", a, b);
	return dk_strndup(tmp, strlen(tmp));
}

dk_status dk_lines_open(const char *path, size_t max_line, dk_lines **out,
			char **errmsg)
{
	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	dk_lines *r = calloc(1, sizeof *r);
	if (!r)
		return DK_ERR_NOMEM;
	r->chunk = malloc(CHUNK);
	if (!r->chunk) {
		free(r);
		return DK_ERR_NOMEM;
	}
	r->gz = gzopen(path, "rb");
	if (!r->gz) {
		int e = errno;
		if (errmsg)
			*errmsg = msgdup(path, e ? strerror(e) : "cannot open");
		free(r->chunk);
		free(r);
		return e == ENOENT ? DK_ERR_NOT_FOUND : DK_ERR_IO;
	}
	gzbuffer(r->gz, CHUNK);
	r->max_line = max_line;
	*out = r;
	return DK_OK;
}

/* Refill the chunk; returns 0 with data, 1 at a clean end, -1 when broken. */
static int refill(dk_lines *r)
{
	if (r->eof || r->broken)
		return r->broken ? -1 : 1;
	int n = gzread(r->gz, r->chunk, CHUNK);
	if (n > 0) {
		r->pos = 0;
		r->end = (size_t)n;
		return 0;
	}
	int errnum = Z_OK;
	const char *m = dk_gz_message(r->gz, &errnum);
	if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
		snprintf(r->err, sizeof r->err,
			 "broken compressed stream at uncompressed byte %llu: %s",
			 (unsigned long long)r->offset,
			 errnum == Z_ERRNO ? strerror(errno) : m);
		r->broken = 1;
		return -1;
	}
	r->eof = 1;
	return 1;
}

dk_status dk_lines_next(dk_lines *r, const char **line, size_t *len)
{
	int too_big = 0;
	uint64_t start = r->offset;
	*line = NULL;
	*len = 0;
	dk_buf_reset(&r->line);
	if (r->broken)
		return DK_ERR_PARSE;
	for (;;) {
		if (r->pos == r->end) {
			int st = refill(r);
			if (st < 0) {
				r->lineno++;
				r->line_offset = start;
				return DK_ERR_PARSE;
			}
			if (st > 0) {
				if (r->offset == start)
					return DK_ERR_NOT_FOUND;
				break;  /* last line without '\n' */
			}
		}
		char *p = r->chunk + r->pos;
		size_t avail = r->end - r->pos;
		char *nl = memchr(p, '\n', avail);
		size_t take = nl ? (size_t)(nl - p) : avail;
		if (!too_big) {
			if (r->line.len + take > r->max_line) {
				too_big = 1;
				dk_buf_reset(&r->line);
			} else {
				dk_buf_append(&r->line, p, take);
				if (r->line.err) {
					snprintf(r->err, sizeof r->err, "out of memory");
					return DK_ERR_NOMEM;
				}
			}
		}
		r->pos += take + (nl ? 1 : 0);
		r->offset += take + (nl ? 1 : 0);
		if (nl)
			break;
	}
	r->lineno++;
	r->line_offset = start;
	if (too_big) {
		snprintf(r->err, sizeof r->err,
			 "line of %llu bytes exceeds the %zu-byte limit, skipped",
			 (unsigned long long)(r->offset - start), r->max_line);
		return DK_ERR_TOO_BIG;
	}
	*line = r->line.data ? r->line.data : "";
	*len = r->line.len;
	return DK_OK;
}

uint64_t dk_lines_lineno(const dk_lines *r) { return r->lineno; }
uint64_t dk_lines_offset(const dk_lines *r) { return r->line_offset; }

uint64_t dk_lines_consumed(const dk_lines *r)
{
	z_off_t o = gzoffset(r->gz);
	return o < 0 ? 0 : (uint64_t)o;
}

uint64_t dk_lines_uncompressed(const dk_lines *r) { return r->offset; }

const char *dk_lines_error(const dk_lines *r) { return r->err; }

void dk_lines_close(dk_lines *r)
{
	if (!r)
		return;
	gzclose(r->gz);
	dk_buf_free(&r->line);
	free(r->chunk);
	free(r);
}

dk_status dk_file_read(const char *path, size_t max, char **out, size_t *len,
		       char **errmsg)
{
	dk_status st = DK_OK;
	dk_buf b = DK_BUF_INIT;
	*out = NULL;
	*len = 0;
	if (errmsg)
		*errmsg = NULL;
	gzFile gz = gzopen(path, "rb");
	if (!gz) {
		int e = errno;
		if (errmsg)
			*errmsg = msgdup(path, e ? strerror(e) : "cannot open");
		return e == ENOENT ? DK_ERR_NOT_FOUND : DK_ERR_IO;
	}
	char tmp[65536];
	for (;;) {
		int n = gzread(gz, tmp, sizeof tmp);
		if (n > 0) {
			if (b.len + (size_t)n > max) {
				char lim[96];
				snprintf(lim, sizeof lim,
					 "file exceeds the %zu-byte limit, skipped", max);
				if (errmsg)
					*errmsg = msgdup(path, lim);
				st = DK_ERR_TOO_BIG;
				goto done;
			}
			dk_buf_append(&b, tmp, (size_t)n);
			if (b.err) {
				st = DK_ERR_NOMEM;
				goto done;
			}
			continue;
		}
		int errnum = Z_OK;
		const char *m = dk_gz_message(gz, &errnum);
		if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
			char at[64];
			snprintf(at, sizeof at, "%zu", b.len);
			if (errmsg) {
				char tmpm[512];
				snprintf(tmpm, sizeof tmpm,
					 "%s: broken compressed stream at uncompressed byte %s: %s",
					 path, at, errnum == Z_ERRNO ? strerror(errno) : m);
				*errmsg = dk_strndup(tmpm, strlen(tmpm));
			}
			st = DK_ERR_PARSE;
			*len = b.len;
			*out = dk_buf_detach(&b, NULL);
			gzclose(gz);
			return st;
		}
		break;
	}
	*len = b.len;
	*out = dk_buf_detach(&b, NULL);
	if (!*out)
		st = DK_ERR_NOMEM;
done:
	gzclose(gz);
	if (st && st != DK_ERR_PARSE)
		dk_buf_free(&b);
	return st;
}
