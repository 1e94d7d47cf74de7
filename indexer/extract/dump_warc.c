/*
 * dump_warc.c - WARC/1.0 and WARC/1.1 crawls (.warc, .warc.gz).
 *
 * A WARC file is a sequence of records: a "WARC/1.x" line, header lines,
 * an empty line, Content-Length bytes of block, and "\r\n\r\n".  The
 * compressed-file layer (dumpfile.h) reads plain files and gzip alike,
 * including the usual one gzip member per record, as one stream; offsets in
 * reports are offsets in that uncompressed stream.  Data after the last
 * gzip member is reported with its stored offset.
 *
 * Each "response" record whose block is an HTTP response with status 2xx
 * and an HTML Content-Type is one article (so is a "resource" record of
 * type text/html): its id and URL are the record's WARC-Target-URI, its
 * date the page's own publication date, else the record's WARC-Date (kept
 * in the stored metadata as "crawled" either way).  The HTTP headers are
 * parsed for the charset, chunked Transfer-Encoding and gzip or deflate
 * Content-Encoding (undone here, up to the page limit).  Other records
 * (warcinfo, request, metadata, revisit, non-HTML responses, redirects)
 * are not articles and are passed over silently.
 *
 * A record is held whole in the read buffer while it is checked, which is
 * what makes recovery cheap: a record whose Content-Length does not end at
 * "\r\n\r\n", whose header is not a WARC header, or that the file ends
 * inside, is reported once with its byte offset, and reading resumes at the
 * next line starting "WARC/1.0" or "WARC/1.1" after its header, found by
 * scanning the bytes already in memory.  Records over the page limit are
 * skipped by seeking past them (gzseek decompresses forward) and the same
 * check and resynchronisation apply.  Memory stays bounded by the limit.
 * Header fields are pointers into the read buffer, so they are parsed again
 * after any fill() that can move it.
 */
#include "dump_reader.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "../../common/buf.h"
#include "dumpfile.h"
#include "text.h"
#include "../../common/utf8.h"

#define HEADER_MAX (64u * 1024)
#define CHUNK (256u * 1024)

/* ---- byte sources: a gzip file, or memory (tests, fuzzing) -------------- */

typedef struct source {
	/* > 0: bytes read; 0: the end; -1: the stream is broken */
	int (*read)(void *ctx, char *buf, size_t n);
	/* Position the next read at uncompressed offset off; 0 on success. */
	int (*seek)(void *ctx, uint64_t off);
	uint64_t (*consumed)(void *ctx);      /* stored bytes read so far */
	const char *(*error)(void *ctx);
	/* Stored offset of data after the gzip stream, or -1. */
	int64_t (*trailing)(void *ctx);
	void *ctx;
} source;

static int zf_read(void *ctx, char *buf, size_t n)
{
	return dk_zfile_read(ctx, buf, n);
}

static int zf_seek(void *ctx, uint64_t off)
{
	return dk_zfile_seek(ctx, off);
}

static uint64_t zf_consumed(void *ctx)
{
	return dk_zfile_consumed(ctx);
}

static const char *zf_error(void *ctx)
{
	return dk_zfile_error(ctx);
}

static int64_t zf_trailing(void *ctx)
{
	return dk_zfile_trailing(ctx);
}

typedef struct memsrc {
	const char *data;
	size_t len, pos;
} memsrc;

static int mem_read(void *ctx, char *buf, size_t n)
{
	memsrc *m = ctx;
	size_t k = m->len - m->pos;
	if (k > n)
		k = n;
	if (k > INT_MAX)
		k = INT_MAX;
	memcpy(buf, m->data + m->pos, k);
	m->pos += k;
	return (int)k;
}

static int mem_seek(void *ctx, uint64_t off)
{
	memsrc *m = ctx;
	m->pos = off > m->len ? m->len : (size_t)off;
	return 0;
}

static uint64_t mem_consumed(void *ctx)
{
	return ((memsrc *)ctx)->pos;
}

static const char *mem_error(void *ctx)
{
	(void)ctx;
	return "read error";
}

static int64_t mem_trailing(void *ctx)
{
	(void)ctx;
	return -1;
}

/* ---- the buffered reader -------------------------------------------------- */

typedef struct reader {
	source src;
	char *buf;
	size_t pos, end, cap;
	uint64_t base;          /* stream offset of buf[0] */
	int eof, broken, nomem;
	const char *path;
	const dk_dump_sink *sink;
	size_t max;             /* page limit */
} reader;

static uint64_t tell(const reader *r)
{
	return r->base + r->pos;
}

/* Make sure need bytes are buffered from pos.  0: they are; 1: the input
 * ends first; -1: the stream is broken or memory ran out. */
static int fill(reader *r, size_t need)
{
	while (r->end - r->pos < need) {
		if (r->broken || r->nomem)
			return -1;
		if (r->eof)
			return 1;
		if (r->cap - r->end < CHUNK) {
			if (r->pos > 0) {
				memmove(r->buf, r->buf + r->pos, r->end - r->pos);
				r->base += r->pos;
				r->end -= r->pos;
				r->pos = 0;
			}
			if (r->cap - r->end < CHUNK) {
				size_t cap = r->cap ? r->cap * 2 : 2 * CHUNK;
				while (cap - r->end < CHUNK)
					cap *= 2;
				char *b = realloc(r->buf, cap);
				if (!b) {
					r->nomem = 1;
					return -1;
				}
				r->buf = b;
				r->cap = cap;
			}
		}
		int n = r->src.read(r->src.ctx, r->buf + r->end, r->cap - r->end);
		if (n > 0)
			r->end += (size_t)n;
		else if (n == 0)
			r->eof = 1;
		else
			r->broken = 1;
	}
	return 0;
}

static int seek_to(reader *r, uint64_t off)
{
	if (off >= r->base && off <= r->base + r->end) {
		r->pos = (size_t)(off - r->base);
		return 0;
	}
	if (r->src.seek(r->src.ctx, off)) {
		r->broken = 1;
		return -1;
	}
	r->base = off;
	r->pos = r->end = 0;
	r->eof = 0;
	return 0;
}

static void report(reader *r, uint64_t at, const char *msg, int skipped)
{
	char where[48];
	snprintf(where, sizeof where, "byte %llu", (unsigned long long)at);
	r->sink->report(r->sink->ctx, r->path, where, msg, skipped);
}

/* Is p[0..n) the start of a record: "WARC/1.0" or "WARC/1.1" and a line
 * end?  -1 when n is too short to tell. */
static int record_start(const char *p, size_t n)
{
	if (n < 9)
		return -1;
	if (memcmp(p, "WARC/1.", 7) || (p[7] != '0' && p[7] != '1'))
		return 0;
	if (p[8] == '\n')
		return 1;
	if (n < 10)
		return -1;
	return p[8] == '\r' && p[9] == '\n';
}

/* Move to the next record start at or after from (one beginning a line).
 * Returns 1 when found (pos is there), 0 at the end of the input. */
static int resync(reader *r, uint64_t from)
{
	/* Whether the byte before from ends a line. */
	int prev_nl = from == 0;
	if (from > r->base && from <= r->base + r->end)
		prev_nl = r->buf[from - r->base - 1] == '\n';
	if (seek_to(r, from))
		return 0;
	for (;;) {
		int f = fill(r, 16);
		size_t avail = r->end - r->pos;
		const char *p = r->buf + r->pos;
		/* Unless the input ends here, leave the last bytes for the next
		 * round: a record start may straddle the refill. */
		size_t lim = f == 0 ? avail - 9 : avail;
		for (size_t i = 0; i < lim;) {
			const char *w = memchr(p + i, 'W', lim - i);
			if (!w)
				break;
			i = (size_t)(w - p);
			int line_start = i == 0 ? prev_nl : p[i - 1] == '\n';
			if (line_start && record_start(p + i, avail - i) > 0) {
				r->pos += i;
				return 1;
			}
			i++;
		}
		if (f != 0) {
			r->pos = r->end;      /* nothing more to read */
			return 0;
		}
		prev_nl = p[lim - 1] == '\n';
		r->pos += lim;
	}
}

/* Read and drop bytes up to stream offset to.  0 when there; 1 when the
 * input ends first; -1 when it is broken. */
static int skip_to(reader *r, uint64_t to)
{
	while (tell(r) < to) {
		int f = fill(r, 1);
		if (f)
			return f;
		uint64_t avail = r->end - r->pos;
		uint64_t k = to - tell(r) < avail ? to - tell(r) : avail;
		r->pos += (size_t)k;
	}
	return 0;
}

/* ---- headers --------------------------------------------------------------- */

typedef struct field {
	const char *v;
	size_t n;
} field;

typedef struct warc_hdr {
	field type, length, uri, date, ctype, id;
	char version[8];
} warc_hdr;

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
		(*n)--;
}

static int name_is(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && !strncasecmp(s, lit, n);
}

/* Visit the "Name: value" lines of h[0..n) (the first line excluded when
 * skip_first). */
static void header_lines(const char *h, size_t n, int skip_first,
			 void (*fn)(void *ctx, const char *k, size_t kn,
				    const char *v, size_t vn),
			 void *ctx)
{
	size_t i = 0;
	if (skip_first) {
		const char *nl = memchr(h, '\n', n);
		i = nl ? (size_t)(nl - h) + 1 : n;
	}
	while (i < n) {
		const char *nl = memchr(h + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - h) : n;
		const char *line = h + i;
		size_t ln = e - i;
		const char *colon = memchr(line, ':', ln);
		if (colon && line[0] != ' ' && line[0] != '\t') {
			const char *k = line, *v = colon + 1;
			size_t kn = (size_t)(colon - line), vn = ln - kn - 1;
			trim(&k, &kn);
			trim(&v, &vn);
			fn(ctx, k, kn, v, vn);
		}
		i = e + 1;
	}
}

static void warc_field(void *ctx, const char *k, size_t kn, const char *v, size_t vn)
{
	warc_hdr *w = ctx;
	field f = { v, vn };
	if (name_is(k, kn, "WARC-Type"))
		w->type = f;
	else if (name_is(k, kn, "Content-Length"))
		w->length = f;
	else if (name_is(k, kn, "WARC-Target-URI"))
		w->uri = f;
	else if (name_is(k, kn, "WARC-Date"))
		w->date = f;
	else if (name_is(k, kn, "Content-Type"))
		w->ctype = f;
	else if (name_is(k, kn, "WARC-Record-ID"))
		w->id = f;
}

typedef struct http_hdr {
	field ctype, te, ce;
} http_hdr;

static void http_field(void *ctx, const char *k, size_t kn, const char *v, size_t vn)
{
	http_hdr *h = ctx;
	field f = { v, vn };
	if (name_is(k, kn, "Content-Type"))
		h->ctype = f;
	else if (name_is(k, kn, "Transfer-Encoding"))
		h->te = f;
	else if (name_is(k, kn, "Content-Encoding"))
		h->ce = f;
}

static int starts_ci(const field *f, const char *lit)
{
	size_t k = strlen(lit);
	return f->n >= k && !strncasecmp(f->v, lit, k);
}

static int has_ci(const field *f, const char *lit)
{
	size_t k = strlen(lit);
	for (size_t i = 0; i + k <= f->n; i++)
		if (!strncasecmp(f->v + i, lit, k))
			return 1;
	return 0;
}

/* The offset just past the empty line ending a header in p[0..n), or 0. */
static size_t header_end(const char *p, size_t n, size_t from)
{
	for (size_t i = from; i < n; i++) {
		if (p[i] != '\n')
			continue;
		if (i + 1 < n && p[i + 1] == '\n')
			return i + 2;
		if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* ---- HTTP payloads ----------------------------------------------------------- */

/* Undo chunked transfer coding.  0 on success; -1 when the body is not
 * chunked at all (the caller keeps it as it is); 1 when it breaks off
 * (what came before is kept).  Blank lines before the first chunk-size
 * line (a stray line break some crawlers leave after the headers) are
 * passed over and *stray set, so chunk sizes never reach the text. */
static int dechunk(const char *p, size_t n, dk_buf *out, int *stray)
{
	size_t i = 0;
	int first = 1;
	*stray = 0;
	while (i < n && (p[i] == '\r' || p[i] == '\n' || p[i] == ' ' || p[i] == '\t')) {
		if (p[i] == '\n')
			*stray = 1;
		i++;
	}
	while (i < n) {
		size_t size = 0, digits = 0;
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		while (i < n) {
			char c = p[i];
			int d = c >= '0' && c <= '9' ? c - '0' :
				(c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
			if (d < 0)
				break;
			if (size > ((size_t)-1 >> 5))
				return first ? -1 : 1;
			size = size * 16 + (size_t)d;
			digits++;
			i++;
		}
		if (!digits)
			return first ? -1 : 1;
		const char *nl = memchr(p + i, '\n', n - i);
		if (!nl)
			return first ? -1 : 1;
		i = (size_t)(nl - p) + 1;
		if (size == 0)
			return 0;
		if (size > n - i) {
			dk_buf_append(out, p + i, n - i);
			return 1;
		}
		dk_buf_append(out, p + i, size);
		i += size;
		if (i < n && p[i] == '\r')
			i++;
		if (i < n && p[i] == '\n')
			i++;
		first = 0;
	}
	return first ? -1 : 1;
}

/* Inflate gzip, zlib or raw deflate data into out, at most max bytes.
 * 0 on success, 1 over the limit, -1 when the data is not compressed. */
static int inflate_body(const char *p, size_t n, size_t max, dk_buf *out)
{
	for (int raw = 0; raw < 2; raw++) {
		z_stream z;
		memset(&z, 0, sizeof z);
		if (inflateInit2(&z, raw ? -15 : 15 + 32) != Z_OK)
			return -1;
		z.next_in = (Bytef *)p;
		z.avail_in = n > UINT_MAX ? UINT_MAX : (uInt)n;
		int ret = Z_OK;
		size_t start = out->len;
		while (ret == Z_OK) {
			if (dk_buf_reserve(out, 65536)) {
				inflateEnd(&z);
				return -1;
			}
			z.next_out = (Bytef *)out->data + out->len;
			z.avail_out = 65536;
			ret = inflate(&z, Z_NO_FLUSH);
			out->len += 65536 - z.avail_out;
			out->data[out->len] = '\0';
			if (out->len - start > max) {
				inflateEnd(&z);
				return 1;
			}
			if (ret == Z_BUF_ERROR && z.avail_in == 0)
				break;     /* truncated: keep what we have */
		}
		inflateEnd(&z);
		if (ret == Z_STREAM_END || (out->len > start && (ret == Z_OK || ret == Z_BUF_ERROR)))
			return 0;
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
	}
	return -1;
}

static int looks_html(const char *p, size_t n)
{
	size_t i = 0;
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	if (i >= n || p[i] != '<')
		return 0;
	size_t lim = n - i < 1024 ? n - i : 1024;
	for (size_t k = 0; k + 5 <= lim; k++)
		if (!strncasecmp(p + i + k, "<html", 5) || !strncasecmp(p + i + k, "<!doc", 5) ||
		    !strncasecmp(p + i + k, "<head", 5) || !strncasecmp(p + i + k, "<body", 5))
			return 1;
	return 0;
}

typedef struct warn_ctx {
	reader *r;
	uint64_t rec;
} warn_ctx;

static void page_warn(void *ctx, size_t off, const char *msg)
{
	warn_ctx *w = ctx;
	char m[512];
	snprintf(m, sizeof m, "page byte %zu: %s", off, msg);
	report(w->r, w->rec, m, 0);
}

/* A header value as text: valid UTF-8, white space and control
 * characters squeezed to single spaces, trimmed.  NULL when empty (or out
 * of memory: *nomem is then set). */
static char *fdup(const field *f, int *nomem)
{
	dk_buf c = DK_BUF_INIT, t = DK_BUF_INIT;
	dk_utf8_clean(f->v, f->n, &c, NULL);
	dk_text_squeeze(c.data ? c.data : "", c.len, &t);
	char *r = NULL;
	if (c.err || t.err)
		*nomem = 1;
	else if (t.len)
		r = dk_buf_detach(&t, NULL);
	dk_buf_free(&c);
	dk_buf_free(&t);
	return r;
}

/* One record's block p[0..n): an article if it is an HTML page. */
static dk_status take_record(reader *r, uint64_t rec, const warc_hdr *w,
			     const char *p, size_t n)
{
	const char *body = p;
	size_t blen = n;
	http_hdr h;
	memset(&h, 0, sizeof h);
	dk_buf dechunked = DK_BUF_INIT, inflated = DK_BUF_INIT;
	dk_status st = DK_OK;
	char m[256];
	if (name_is(w->type.v, w->type.n, "response")) {
		if (w->ctype.n && !starts_ci(&w->ctype, "application/http"))
			return DK_OK;
		if (n < 12 || memcmp(p, "HTTP/", 5))
			return DK_OK;
		const char *sp = memchr(p, ' ', n < 32 ? n : 32);
		if (!sp || sp + 4 > p + n || sp[1] != '2')
			return DK_OK;       /* not a 2xx response */
		size_t he = header_end(p, n, 0);
		if (!he) {
			report(r, rec, "HTTP response without the end of its "
			       "headers, skipped", 1);
			return DK_OK;
		}
		header_lines(p, he, 1, http_field, &h);
		body = p + he;
		blen = n - he;
		if (h.ctype.n ? !(starts_ci(&h.ctype, "text/html") ||
				  starts_ci(&h.ctype, "application/xhtml"))
			      : !looks_html(body, blen))
			return DK_OK;
	} else if (name_is(w->type.v, w->type.n, "resource")) {
		if (!(starts_ci(&w->ctype, "text/html") ||
		      starts_ci(&w->ctype, "application/xhtml")))
			return DK_OK;
		h.ctype = w->ctype;
	} else {
		return DK_OK;
	}
	if (has_ci(&h.te, "chunked")) {
		int stray = 0;
		int d = dechunk(body, blen, &dechunked, &stray);
		if (dechunked.err)
			return DK_ERR_NOMEM;
		if (d >= 0 && stray)
			report(r, rec, "chunked HTTP body starts with a blank line "
			       "before its first chunk size; decoded", 0);
		if (d >= 0) {
			if (d > 0)
				report(r, rec, "chunked HTTP body breaks off; the "
				       "page is read as far as it goes", 0);
			body = dechunked.data ? dechunked.data : "";
			blen = dechunked.len;
		}
	}
	if (has_ci(&h.ce, "br")) {
		report(r, rec, "brotli-compressed page (Content-Encoding: br) "
		       "is not supported, skipped", 1);
		goto out;
	}
	if (has_ci(&h.ce, "gzip") || has_ci(&h.ce, "deflate")) {
		int d = inflate_body(body, blen, r->max, &inflated);
		if (inflated.err) {
			st = DK_ERR_NOMEM;
			goto out;
		}
		if (d > 0) {
			snprintf(m, sizeof m, "page decompresses to more than the "
				 "%zu-byte limit, skipped", r->max);
			report(r, rec, m, 1);
			goto out;
		}
		if (d == 0) {
			body = inflated.data ? inflated.data : "";
			blen = inflated.len;
		}
		/* d < 0: not compressed after all (crawlers often store the
		 * decoded body with the original headers). */
	}
	char charset[64] = "";
	if (h.ctype.n) {
		const char *c = h.ctype.v;
		size_t cn = h.ctype.n;
		for (size_t i = 0; i + 8 < cn; i++) {
			if (strncasecmp(c + i, "charset=", 8))
				continue;
			size_t s = i + 8, e = s;
			if (s < cn && (c[s] == '"' || c[s] == '\''))
				s = ++e;
			while (e < cn && c[e] != ';' && c[e] != '"' && c[e] != '\'' &&
			       c[e] != ' ')
				e++;
			if (e - s < sizeof charset) {
				memcpy(charset, c + s, e - s);
				charset[e - s] = '\0';
			}
			break;
		}
	}
	char *uri = NULL, *id = NULL;
	int nomem = 0;
	field u = w->uri;
	if (u.n >= 2 && u.v[0] == '<' && u.v[u.n - 1] == '>') {
		u.v++;
		u.n -= 2;
	}
	/* The id is the URI, else the record id, else the offset. */
	uri = fdup(&u, &nomem);
	if (uri)
		id = dk_strndup(uri, strlen(uri));
	else if (!(id = fdup(&w->id, &nomem))) {
		char tmp[64];
		snprintf(tmp, sizeof tmp, "record@%llu", (unsigned long long)rec);
		id = dk_strndup(tmp, strlen(tmp));
	}
	if (!id || nomem) {
		free(uri);
		free(id);
		st = DK_ERR_NOMEM;
		goto out;
	}
	dk_article a = { 0 };
	const char *err = NULL;
	warn_ctx wc = { r, rec };
	st = dk_dump_html_parse(body, blen, id, uri, charset[0] ? charset : NULL,
				   page_warn, &wc, &a, &err);
	free(uri);
	free(id);
	if (st == DK_ERR_PARSE) {
		snprintf(m, sizeof m, "HTML page with %s, skipped",
			 err ? err : "no article");
		report(r, rec, m, 1);
		st = DK_OK;
		goto out;
	}
	if (st)
		goto out;
	char *d = fdup(&w->date, &nomem);
	if (d) {
		json_t *o = json_object();
		if (o && !json_object_set_new(o, "crawled", json_string(d)))
			a.extra = json_dumps(o, JSON_COMPACT);
		if (!a.date)
			a.date = d;          /* normalized by finish below */
		else
			free(d);
		json_decref(o);
		if ((st = dk_dump_article_finish(&a))) {
			dk_article_clear(&a);
			goto out;
		}
	}
	st = r->sink->article(r->sink->ctx, &a);
	dk_article_clear(&a);
out:
	dk_buf_free(&dechunked);
	dk_buf_free(&inflated);
	return st;
}

/* ---- the record loop ----------------------------------------------------------- */

static void resync_report(reader *r, uint64_t rec, uint64_t from, const char *what)
{
	char m[320];
	if (resync(r, from))
		snprintf(m, sizeof m, "%s; skipped to the next record at byte %llu",
			 what, (unsigned long long)tell(r));
	else if (r->broken || r->nomem)
		snprintf(m, sizeof m, "%s; skipped", what);
	else
		snprintf(m, sizeof m, "%s; skipped (no record follows)", what);
	report(r, rec, m, 1);
}

static dk_status read_records(reader *r)
{
	dk_status st = DK_OK;
	char m[256];
	while (!st) {
		/* Blank lines between records are tolerated. */
		for (;;) {
			if (fill(r, 1))
				goto end;
			char c = r->buf[r->pos];
			if (c != '\r' && c != '\n')
				break;
			r->pos++;
		}
		uint64_t rec = tell(r);
		/* The whole header, up to its empty line. */
		size_t he = 0, scanned = 0;
		int f = 0;
		for (;;) {
			size_t avail = r->end - r->pos;
			he = header_end(r->buf + r->pos, avail, scanned);
			if (he || avail >= HEADER_MAX)
				break;
			scanned = avail > 2 ? avail - 2 : 0;
			if ((f = fill(r, avail + 1)) != 0)
				break;
		}
		if (f < 0 && !r->nomem)
			goto end;
		if (r->nomem) {
			st = DK_ERR_NOMEM;
			break;
		}
		const char *h = r->buf + r->pos;
		size_t avail = r->end - r->pos;
		if (record_start(h, avail < 10 ? avail : 10) <= 0) {
			if (avail >= 5 && !memcmp(h, "WARC/", 5)) {
				const char *nl = memchr(h, '\n', avail < 32 ? avail : 32);
				snprintf(m, sizeof m, "unsupported WARC version \"%.*s\"",
					 nl ? (int)(nl - h) - (nl > h && nl[-1] == '\r') : 8, h);
				resync_report(r, rec, rec + 1, m);
			} else {
				resync_report(r, rec, rec + 1, "garbage where a WARC record "
					      "should start");
			}
			continue;
		}
		if (!he) {
			resync_report(r, rec, rec + 1, avail >= HEADER_MAX ?
				      "WARC header longer than 64 KiB" :
				      "truncated WARC header at the end of the file");
			continue;
		}
		warc_hdr w;
		memset(&w, 0, sizeof w);
		header_lines(h, he, 1, warc_field, &w);
		uint64_t len = 0;
		int len_ok = w.length.n > 0 && w.length.n <= 15;
		for (size_t i = 0; len_ok && i < w.length.n; i++) {
			if (w.length.v[i] < '0' || w.length.v[i] > '9')
				len_ok = 0;
			else
				len = len * 10 + (uint64_t)(w.length.v[i] - '0');
		}
		uint64_t block = rec + he;
		if (!len_ok) {
			resync_report(r, rec, block, "WARC record without a valid "
				      "Content-Length");
			continue;
		}
		if (len > r->max) {
			/* Too big to hold: skip it by its length. */
			snprintf(m, sizeof m, "WARC record of %llu bytes is over the "
				 "%zu-byte limit (--max-record)",
				 (unsigned long long)len, r->max);
			f = skip_to(r, block + len);
			if (f < 0) {
				report(r, rec, m, 1);
				goto end;
			}
			if (f > 0) {
				snprintf(m + strlen(m), sizeof m - strlen(m),
					 " and runs past the end of the file");
				resync_report(r, rec, block, m);
				continue;
			}
			if (fill(r, 4) < 0) {
				report(r, rec, m, 1);
				goto end;
			}
			avail = r->end - r->pos;
			if (avail == 0 || (avail >= 4 && !memcmp(r->buf + r->pos, "\r\n\r\n", 4))) {
				r->pos += avail < 4 ? avail : 4;
				snprintf(m + strlen(m), sizeof m - strlen(m), ", skipped");
				report(r, rec, m, 1);
			} else {
				resync_report(r, rec, block, m);
			}
			continue;
		}
		/* Hold the block and the two line ends after it. */
		f = fill(r, he + (size_t)len + 4);
		if (f < 0) {
			if (r->nomem) {
				st = DK_ERR_NOMEM;
				break;
			}
			goto end;
		}
		/* fill() may have moved or reallocated the buffer: the header
		 * fields pointed into the old one, so read them again. */
		memset(&w, 0, sizeof w);
		header_lines(r->buf + r->pos, he, 1, warc_field, &w);
		avail = r->end - r->pos;
		if (avail < he + len) {
			snprintf(m, sizeof m, "truncated WARC record: Content-Length %llu "
				 "but the file ends %llu bytes into it",
				 (unsigned long long)len,
				 (unsigned long long)(avail - he));
			resync_report(r, rec, block, m);
			continue;
		}
		const char *t = r->buf + r->pos + he + len;
		size_t tn = avail - he - (size_t)len;
		int trailer_ok = (tn >= 4 && !memcmp(t, "\r\n\r\n", 4)) ||
				 (tn >= 2 && !memcmp(t, "\n\n", 2)) ||
				 (tn < 4 && !memcmp(t, "\r\n\r\n", tn));  /* at the end */
		if (!trailer_ok) {
			snprintf(m, sizeof m, "corrupt WARC record: its Content-Length "
				 "(%llu) does not end at a record boundary",
				 (unsigned long long)len);
			resync_report(r, rec, block, m);
			continue;
		}
		st = take_record(r, rec, &w, r->buf + r->pos + he, (size_t)len);
		r->pos += he + (size_t)len + (tn >= 4 && t[0] == '\r' ? 4 : tn >= 2 ? 2 : tn);
		if (r->sink->progress)
			r->sink->progress(r->sink->ctx, r->src.consumed(r->src.ctx), tell(r));
	}
	return st;
end:
	if (r->nomem)
		return DK_ERR_NOMEM;
	if (r->broken) {
		snprintf(m, sizeof m, "broken compressed stream: %s",
			 r->src.error(r->src.ctx));
		report(r, tell(r) + (r->end - r->pos), m, 0);
	} else if (r->eof && r->src.trailing(r->src.ctx) >= 0) {
		/* The offset is a stored one here: say so. */
		snprintf(m, sizeof m, "data after the end of the gzip stream at "
			 "stored byte %lld, ignored",
			 (long long)r->src.trailing(r->src.ctx));
		report(r, r->base + r->end, m, 0);
	}
	if (r->sink->progress)
		r->sink->progress(r->sink->ctx, r->src.consumed(r->src.ctx),
				  r->base + r->end);
	return st;
}

static dk_status run(const char *path, source src, const dk_dump_sink *sink)
{
	reader r;
	memset(&r, 0, sizeof r);
	r.src = src;
	r.path = path;
	r.sink = sink;
	r.max = sink->max_record ? sink->max_record : DK_MAX_PAGE;
	dk_status st = read_records(&r);
	free(r.buf);
	return st;
}

static dk_status warc_dump_read(const char *path, const char *id,
				const dk_dump_sink *sink)
{
	(void)id;  /* each record carries its own */
	char *emsg = NULL;
	dk_zfile *zf = NULL;
	dk_status st = dk_zfile_open(path, &zf, &emsg);
	if (st) {
		sink->report(sink->ctx, path, "", emsg ? emsg : dk_status_str(st), 1);
		free(emsg);
		return st == DK_ERR_NOMEM ? st : DK_OK;
	}
	source src = { zf_read, zf_seek, zf_consumed, zf_error, zf_trailing, zf };
	st = run(path, src, sink);
	dk_zfile_close(zf);
	return st;
}

dk_status dk_dump_warc_mem_read(const char *name, const char *data, size_t len,
			   const dk_dump_sink *sink)
{
	memsrc m = { data, len, 0 };
	source src = { mem_read, mem_seek, mem_consumed, mem_error, mem_trailing, &m };
	return run(name, src, sink);
}

static int warc_sniff(const char *head, size_t n)
{
	return n >= 5 && !strncmp(head, "WARC/", 5);
}

static const char *const warc_names[] = { "warc", NULL };
static const char *const warc_endings[] = { ".warc", NULL };
const dk_dump_reader dk_warc_reader = {
	DK_FORMAT_WARC, warc_names, warc_endings, warc_sniff, warc_dump_read
};
