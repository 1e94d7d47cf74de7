/*
 * dumpfile.c - line and file readers over zlib (see dumpfile.h), and the
 * compressed-file layer under them.
 *
 * The line reader keeps one read buffer (CHUNK bytes) and one line buffer
 * that grows up to the limit; a longer line is consumed and dropped without
 * being stored, so memory stays bounded by the limit whatever the input.
 */
#include "dumpfile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../../common/buf.h"

#define CHUNK (256 * 1024)

struct dk_lines {
	dk_zfile *zf;
	char *chunk;
	size_t pos, end;    /* unread bytes are chunk[pos..end) */
	int eof;            /* the reader reported the end */
	int broken;         /* the stream failed; no more lines */
	size_t max_line;
	dk_buf line;
	uint64_t lineno;
	uint64_t offset;    /* uncompressed offset of the next line */
	uint64_t line_offset;
	char err[256];
};

/* A malloc'd copy of message m, or NULL when out of memory.  Messages do
 * not name the file: the callers report them beside its path, which would
 * otherwise be printed twice. */
static char *msgdup(const char *m)
{
	return dk_strndup(m, strlen(m));
}

/* ---- the compressed-file layer ------------------------------------------- */

/*
 * zlib's gzread() reads gzip members one after another and silently drops
 * whatever follows the last one when it is not gzip, so a file with
 * trailing garbage (a truncated concatenation, tar padding, a second file
 * appended) would lose it without a word.  This layer inflates with zlib
 * directly: at the end of each member it looks at the next two bytes;
 * 1f 8b starts another member, anything else is trailing data, remembered
 * with its stored offset for the caller to report.  A file not starting
 * with the gzip magic is read as it is.
 */
#define ZIN (64 * 1024)

struct dk_zfile {
	FILE *fp;
	z_stream z;
	int gzip, zinit;
	int in_eof;          /* fread reported the end */
	int done;            /* no more output */
	int broken;
	int64_t trailing;    /* stored offset of trailing data, or -1 */
	uint64_t in_off;     /* stored bytes read from the file */
	uint64_t out_off;    /* bytes delivered */
	unsigned char in[ZIN];
	char err[160];
};

/* Read more stored bytes after the avail_in ones (moved to the front). */
static void zin_fill(dk_zfile *f)
{
	if (f->in_eof)
		return;
	if (f->z.avail_in && f->z.next_in != f->in)
		memmove(f->in, f->z.next_in, f->z.avail_in);
	f->z.next_in = f->in;
	size_t k = fread(f->in + f->z.avail_in, 1, ZIN - f->z.avail_in, f->fp);
	if (k == 0) {
		f->in_eof = 1;
		if (ferror(f->fp)) {
			f->broken = 1;
			snprintf(f->err, sizeof f->err, "%s", strerror(errno));
		}
	}
	f->in_off += k;
	f->z.avail_in += (uInt)k;
}

static int zstart(dk_zfile *f)
{
	f->z.next_in = f->in;
	f->z.avail_in = 0;
	zin_fill(f);
	if (f->broken)
		return -1;
	f->gzip = f->z.avail_in >= 2 && f->in[0] == 0x1f && f->in[1] == 0x8b;
	if (f->gzip && !f->zinit) {
		if (inflateInit2(&f->z, 15 + 16) != Z_OK)
			return -1;
		f->zinit = 1;
	} else if (f->gzip) {
		inflateReset(&f->z);
	}
	return 0;
}

dk_status dk_zfile_open(const char *path, dk_zfile **out, char **errmsg)
{
	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	dk_zfile *f = calloc(1, sizeof *f);
	if (!f)
		return DK_ERR_NOMEM;
	f->trailing = -1;
	f->fp = fopen(path, "rb");
	if (!f->fp) {
		int e = errno;
		if (errmsg)
			*errmsg = msgdup(e ? strerror(e) : "cannot open");
		free(f);
		return e == ENOENT ? DK_ERR_NOT_FOUND : DK_ERR_IO;
	}
	if (zstart(f)) {
		if (errmsg)
			*errmsg = msgdup(f->err[0] ? f->err : "cannot read");
		dk_zfile_close(f);
		return DK_ERR_IO;
	}
	*out = f;
	return DK_OK;
}

int dk_zfile_read(dk_zfile *f, char *buf, size_t n)
{
	if (n > INT_MAX)
		n = INT_MAX;
	if (f->broken)
		return -1;
	if (f->done || n == 0)
		return 0;
	if (!f->gzip) {
		size_t k = f->z.avail_in < n ? f->z.avail_in : n;
		if (k) {
			memcpy(buf, f->z.next_in, k);
			f->z.next_in += k;
			f->z.avail_in -= (uInt)k;
		} else {
			k = fread(buf, 1, n, f->fp);
			f->in_off += k;
			if (k == 0) {
				if (ferror(f->fp)) {
					f->broken = 1;
					snprintf(f->err, sizeof f->err, "%s", strerror(errno));
					return -1;
				}
				f->done = 1;
			}
		}
		f->out_off += k;
		return (int)k;
	}
	for (;;) {
		if (f->z.avail_in == 0)
			zin_fill(f);
		if (f->broken)
			return -1;
		f->z.next_out = (Bytef *)buf;
		f->z.avail_out = (uInt)n;
		int ret = inflate(&f->z, Z_NO_FLUSH);
		size_t got = n - f->z.avail_out;
		f->out_off += got;
		if (ret == Z_STREAM_END) {
			/* Another member, the end, or trailing data? */
			if (f->z.avail_in < 2)
				zin_fill(f);
			if (f->z.avail_in == 0) {
				f->done = 1;
			} else if (f->z.avail_in >= 2 && f->z.next_in[0] == 0x1f &&
				   f->z.next_in[1] == 0x8b) {
				inflateReset(&f->z);
			} else {
				f->trailing = (int64_t)(f->in_off - f->z.avail_in);
				f->done = 1;
			}
		} else if (ret == Z_BUF_ERROR && f->z.avail_in == 0 && f->in_eof) {
			if (!got) {
				snprintf(f->err, sizeof f->err, "unexpected end of file");
				f->broken = 1;
				return -1;
			}
		} else if (ret != Z_OK && ret != Z_BUF_ERROR) {
			snprintf(f->err, sizeof f->err, "%s",
				 f->z.msg ? f->z.msg : ret == Z_MEM_ERROR ? "out of memory"
									  : "corrupt data");
			f->broken = 1;
			if (got)
				return (int)got;   /* the break is reported next call */
			return -1;
		}
		if (got)
			return (int)got;
		if (f->done)
			return 0;
	}
}

int dk_zfile_seek(dk_zfile *f, uint64_t off)
{
	if (off < f->out_off) {
		/* Back: start again from the beginning. */
		if (fseek(f->fp, 0, SEEK_SET))
			return -1;
		clearerr(f->fp);
		f->in_eof = f->done = f->broken = 0;
		f->trailing = -1;
		f->in_off = f->out_off = 0;
		f->err[0] = '\0';
		if (zstart(f))
			return -1;
	}
	char tmp[16384];
	while (f->out_off < off) {
		uint64_t want = off - f->out_off;
		int k = dk_zfile_read(f, tmp, want < sizeof tmp ? (size_t)want : sizeof tmp);
		if (k < 0)
			return -1;
		if (k == 0)
			break;     /* at the end: the next read says so */
	}
	return 0;
}

uint64_t dk_zfile_consumed(const dk_zfile *f)
{
	return f->in_off - f->z.avail_in;
}

int64_t dk_zfile_trailing(const dk_zfile *f)
{
	return f->trailing;
}

const char *dk_zfile_error(const dk_zfile *f)
{
	return f->err[0] ? f->err : "read error";
}

void dk_zfile_close(dk_zfile *f)
{
	if (!f)
		return;
	if (f->zinit)
		inflateEnd(&f->z);
	if (f->fp)
		fclose(f->fp);
	free(f);
}

/* The one-line warning about trailing data, into m. */
void dk_zfile_trailing_message(const dk_zfile *f, char *m, size_t n)
{
	snprintf(m, n, "data after the end of the gzip stream at stored byte "
		 "%lld, ignored", (long long)f->trailing);
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
	dk_status st = dk_zfile_open(path, &r->zf, errmsg);
	if (st) {
		free(r->chunk);
		free(r);
		return st;
	}
	r->max_line = max_line;
	*out = r;
	return DK_OK;
}


/* Refill the chunk; returns 0 with data, 1 at a clean end, -1 when broken. */
static int refill(dk_lines *r)
{
	if (r->eof || r->broken)
		return r->broken ? -1 : 1;
	int n = dk_zfile_read(r->zf, r->chunk, CHUNK);
	if (n > 0) {
		r->pos = 0;
		r->end = (size_t)n;
		return 0;
	}
	if (n < 0) {
		snprintf(r->err, sizeof r->err,
			 "broken compressed stream at uncompressed byte %llu: %s",
			 (unsigned long long)r->offset, dk_zfile_error(r->zf));
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
	return dk_zfile_consumed(r->zf);
}

uint64_t dk_lines_uncompressed(const dk_lines *r) { return r->offset; }

const char *dk_lines_error(const dk_lines *r) { return r->err; }

int64_t dk_lines_trailing(const dk_lines *r)
{
	return dk_zfile_trailing(r->zf);
}

void dk_lines_close(dk_lines *r)
{
	if (!r)
		return;
	dk_zfile_close(r->zf);
	dk_buf_free(&r->line);
	free(r->chunk);
	free(r);
}

dk_status dk_dumpfile_read(const char *path, size_t max, char **out, size_t *len,
		       char **errmsg)
{
	dk_status st = DK_OK;
	dk_buf b = DK_BUF_INIT;
	*out = NULL;
	*len = 0;
	if (errmsg)
		*errmsg = NULL;
	dk_zfile *f = NULL;
	if ((st = dk_zfile_open(path, &f, errmsg)))
		return st;
	char tmp[65536];
	for (;;) {
		int n = dk_zfile_read(f, tmp, sizeof tmp);
		if (n > 0) {
			if (b.len + (size_t)n > max) {
				char lim[96];
				snprintf(lim, sizeof lim,
					 "file exceeds the %zu-byte limit, skipped", max);
				if (errmsg)
					*errmsg = msgdup(lim);
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
		if (n < 0) {
			if (errmsg) {
				char m[512];
				snprintf(m, sizeof m, "broken compressed stream at "
					 "uncompressed byte %zu: %s", b.len,
					 dk_zfile_error(f));
				*errmsg = msgdup(m);
			}
			st = DK_ERR_PARSE;
			*len = b.len;
			*out = dk_buf_detach(&b, NULL);
			dk_zfile_close(f);
			return st;
		}
		break;
	}
	if (dk_zfile_trailing(f) >= 0 && errmsg) {
		char m[160];
		dk_zfile_trailing_message(f, m, sizeof m);
		*errmsg = msgdup(m);
	}
	*len = b.len;
	*out = dk_buf_detach(&b, NULL);
	if (!*out)
		st = DK_ERR_NOMEM;
done:
	dk_zfile_close(f);
	if (st && st != DK_ERR_PARSE)
		dk_buf_free(&b);
	return st;
}
