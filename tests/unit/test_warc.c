/*
 * test_warc.c - unit tests for indexer/extract/dump_warc.c.
 *
 * WARC files are assembled in memory from records built by a helper (so a
 * row can say "this record's Content-Length is 400 too long" without
 * spelling out byte counts) and read with dk_dump_warc_mem_read(); a table of
 * files lists the articles that must arrive, in order, and the reports
 * expected, with their byte offsets.  gzip files, one member per record,
 * are read from disk through dk_dump_read() like any dump.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <unistd.h>
#include <zlib.h>

#include "../../common/buf.h"
#include "../../indexer/extract/dump.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- building WARC files ---------------------------------------------------- */

#define PROSE "<p>The court said on Tuesday that the company had failed to show why the case should be moved, and it set a trial date for the spring.</p>"

/* An HTML page with a distinctive word. */
static void page(dk_buf *b, const char *word)
{
	dk_buf_printf(b, "<html><head><title>Page %s</title></head><body>"
		      "<nav><a href='/'>Home</a></nav><article><h1>Page %s</h1>" PROSE
		      "<p>The distinctive word of this page is %s.</p></article></body></html>",
		      word, word, word);
}

/* Append a record; extra_len is added to the Content-Length written. */
static void record(dk_buf *w, const char *version, const char *type, const char *uri,
		   const char *ctype, const char *block, size_t blen, long extra_len)
{
	dk_buf_printf(w, "WARC/%s\r\nWARC-Type: %s\r\nWARC-Date: 2025-03-09T10:00:00Z\r\n"
		      "WARC-Record-ID: <urn:uuid:%s>\r\n", version, type, uri ? uri : "none");
	if (uri)
		dk_buf_printf(w, "WARC-Target-URI: %s\r\n", uri);
	dk_buf_printf(w, "Content-Type: %s\r\nContent-Length: %ld\r\n\r\n", ctype,
		      (long)blen + extra_len);
	dk_buf_append(w, block, blen);
	dk_buf_puts(w, "\r\n\r\n");
}

/* An HTTP 200 HTML response record holding page(word). */
static void response(dk_buf *w, const char *uri, const char *word, long extra_len)
{
	dk_buf body = DK_BUF_INIT, http = DK_BUF_INIT;
	page(&body, word);
	dk_buf_printf(&http, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
		      "Content-Length: %zu\r\n\r\n", body.len);
	dk_buf_append(&http, body.data, body.len);
	record(w, "1.1", "response", uri, "application/http; msgtype=response",
	       http.data, http.len, extra_len);
	dk_buf_free(&body);
	dk_buf_free(&http);
}

/* A response with the given status line, headers and body. */
static void raw_response(dk_buf *w, const char *uri, const char *status,
			 const char *headers, const char *body, size_t blen)
{
	dk_buf http = DK_BUF_INIT;
	dk_buf_printf(&http, "HTTP/1.1 %s\r\n%s\r\n", status, headers);
	dk_buf_append(&http, body, blen);
	record(w, "1.0", "response", uri, "application/http; msgtype=response",
	       http.data, http.len, 0);
	dk_buf_free(&http);
}

/* ---- the sink ------------------------------------------------------------------ */

struct collected {
	dk_buf ids, titles, dates, reports, texts;
	size_t narticles, nreports, nskipped;
};

static dk_status sink_article(void *ctx, dk_article *a)
{
	struct collected *c = ctx;
	assert_non_null(a->id);
	assert_non_null(a->text);
	assert_int_equal(a->text_len, strlen(a->text));
	if (c->narticles) {
		dk_buf_putc(&c->ids, '|');
		dk_buf_putc(&c->titles, '|');
		dk_buf_putc(&c->dates, '|');
	}
	dk_buf_puts(&c->ids, a->id);
	dk_buf_puts(&c->titles, a->title ? a->title : "-");
	dk_buf_puts(&c->dates, a->date ? a->date : "-");
	dk_buf_puts(&c->texts, a->text);
	dk_buf_putc(&c->texts, '\n');
	c->narticles++;
	return DK_OK;
}

static void sink_report(void *ctx, const char *path, const char *where,
			const char *msg, int skipped)
{
	struct collected *c = ctx;
	(void)path;
	dk_buf_printf(&c->reports, "%s: %s%s\n", where, msg, skipped ? " [skipped]" : "");
	c->nreports++;
	c->nskipped += (size_t)skipped;
}

static dk_dump_sink make_sink(struct collected *c, size_t max)
{
	memset(c, 0, sizeof *c);
	dk_dump_sink s = { sink_article, sink_report, NULL, c, max };
	return s;
}

static void free_collected(struct collected *c)
{
	dk_buf_free(&c->ids);
	dk_buf_free(&c->titles);
	dk_buf_free(&c->dates);
	dk_buf_free(&c->reports);
	dk_buf_free(&c->texts);
}

static const char *str_of(const dk_buf *b)
{
	return b->data ? b->data : "";
}

/* ---- the table --------------------------------------------------------------- */

#define U(n) "https://news.example/" n

typedef void (*build_fn)(dk_buf *w);

static void b_one(dk_buf *w)
{
	response(w, U("a"), "Alpha", 0);
}

static void b_three(dk_buf *w)
{
	record(w, "1.0", "warcinfo", NULL, "application/warc-fields", "software: t\r\n", 13, 0);
	record(w, "1.0", "request", U("a"), "application/http; msgtype=request",
	       "GET /a HTTP/1.1\r\n\r\n", 19, 0);
	response(w, U("a"), "Alpha", 0);
	record(w, "1.0", "metadata", U("a"), "application/warc-fields", "outlinks: 2\r\n", 13, 0);
	response(w, U("b"), "Bravo", 0);
	record(w, "1.1", "revisit", U("b"), "application/http; msgtype=response", "x", 1, 0);
	response(w, U("c"), "Charlie", 0);
}

static void b_not_articles(dk_buf *w)
{
	raw_response(w, U("img"), "200 OK", "Content-Type: image/png\r\n", "\x89PNG", 4);
	raw_response(w, U("moved"), "301 Moved Permanently", "Location: /b\r\n", "", 0);
	raw_response(w, U("gone"), "404 Not Found", "Content-Type: text/html\r\n",
		     "<html><body><p>Not found</p></body></html>", 42);
	record(w, "1.0", "response", "dns:news.example", "text/dns", "news.example. 300 IN A 1.2.3.4", 30, 0);
	response(w, U("ok"), "Okay", 0);
}

static void b_too_long(dk_buf *w)
{
	response(w, U("a"), "Alpha", 0);
	response(w, U("bad"), "Broken", 400);   /* runs into the next record */
	response(w, U("b"), "Bravo", 0);
	response(w, U("c"), "Charlie", 0);
}

static void b_too_short(dk_buf *w)
{
	response(w, U("a"), "Alpha", 0);
	response(w, U("bad"), "Broken", -30);
	response(w, U("b"), "Bravo", 0);
}

static void b_garbage_between(dk_buf *w)
{
	response(w, U("a"), "Alpha", 0);
	dk_buf_puts(w, "this is not a WARC record at all\r\nWARC/1.0 is mentioned here\r\n\r\n");
	response(w, U("b"), "Bravo", 0);
}

static void b_truncated(dk_buf *w)
{
	response(w, U("a"), "Alpha", 0);
	response(w, U("b"), "Bravo", 0);
	w->len -= 200;       /* the file ends inside the second record */
}

static void b_no_length(dk_buf *w)
{
	response(w, U("a"), "Alpha", 0);
	dk_buf_puts(w, "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nHTTP/1.1 200 OK\r\n\r\n");
	response(w, U("b"), "Bravo", 0);
}

static void b_garbage_start(dk_buf *w)
{
	dk_buf_puts(w, "PK\x03\x04 a zip file, not a crawl\n");
	response(w, U("a"), "Alpha", 0);
}

static void b_bad_version(dk_buf *w)
{
	dk_buf_puts(w, "WARC/0.9\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n");
	response(w, U("a"), "Alpha", 0);
}

static void b_lf_only(dk_buf *w)
{
	dk_buf body = DK_BUF_INIT, http = DK_BUF_INIT;
	page(&body, "Lineonly");
	dk_buf_printf(&http, "HTTP/1.1 200 OK\nContent-Type: text/html\n\n");
	dk_buf_append(&http, body.data, body.len);
	dk_buf_printf(w, "WARC/1.0\nWARC-Type: response\nWARC-Target-URI: %s\n"
		      "Content-Length: %zu\n\n", U("lf"), http.len);
	dk_buf_append(w, http.data, http.len);
	dk_buf_puts(w, "\n\n");
	dk_buf_free(&body);
	dk_buf_free(&http);
	response(w, U("b"), "Bravo", 0);
}

static void b_chunked(dk_buf *w)
{
	dk_buf body = DK_BUF_INIT, ch = DK_BUF_INIT;
	page(&body, "Chunky");
	for (size_t i = 0; i < body.len; i += 100) {
		size_t k = body.len - i < 100 ? body.len - i : 100;
		dk_buf_printf(&ch, "%zx;ext=1\r\n", k);
		dk_buf_append(&ch, body.data + i, k);
		dk_buf_puts(&ch, "\r\n");
	}
	dk_buf_puts(&ch, "0\r\n\r\n");
	raw_response(w, U("chunked"), "200 OK",
		     "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", ch.data, ch.len);
	dk_buf_free(&body);
	dk_buf_free(&ch);
}

/* The same page with a stray line break before the first chunk size. */
static void b_chunked_stray(dk_buf *w)
{
	dk_buf body = DK_BUF_INIT, ch = DK_BUF_INIT;
	page(&body, "Strayed");
	dk_buf_puts(&ch, "\r\n");
	for (size_t i = 0; i < body.len; i += 171) {
		size_t k = body.len - i < 171 ? body.len - i : 171;
		dk_buf_printf(&ch, "%zx\r\n", k);
		dk_buf_append(&ch, body.data + i, k);
		dk_buf_puts(&ch, "\r\n");
	}
	dk_buf_puts(&ch, "0\r\n\r\n");
	raw_response(w, U("stray"), "200 OK",
		     "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", ch.data, ch.len);
	dk_buf_free(&body);
	dk_buf_free(&ch);
}

static void deflate_into(dk_buf *out, const char *p, size_t n, int gzip)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, gzip ? 31 : 15, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	dk_buf_reserve(out, deflateBound(&z, n));
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out->data + out->len;
	z.avail_out = (uInt)(out->cap - out->len - 1);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	out->len += z.total_out;
	deflateEnd(&z);
}

static void b_gzip_body(dk_buf *w)
{
	dk_buf body = DK_BUF_INIT, z = DK_BUF_INIT, zd = DK_BUF_INIT;
	page(&body, "Zipped");
	deflate_into(&z, body.data, body.len, 1);
	raw_response(w, U("gz"), "200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
		     z.data, z.len);
	dk_buf_reset(&body);
	page(&body, "Deflated");
	deflate_into(&zd, body.data, body.len, 0);
	raw_response(w, U("deflate"), "200 OK",
		     "Content-Type: text/html\r\nContent-Encoding: deflate\r\n", zd.data, zd.len);
	/* Declared gzip, stored decoded (as some crawlers do). */
	dk_buf_reset(&body);
	page(&body, "Plain");
	raw_response(w, U("plain"), "200 OK",
		     "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", body.data, body.len);
	dk_buf_free(&body);
	dk_buf_free(&z);
	dk_buf_free(&zd);
}

static void b_latin1(dk_buf *w)
{
	static const char body[] = "<html><head><title>Caf\xE9 M\xFCller</title></head>"
				   "<body>" PROSE "</body></html>";
	raw_response(w, U("latin1"), "200 OK", "Content-Type: text/html; charset=ISO-8859-1\r\n",
		     body, sizeof body - 1);
}

static void b_dates(dk_buf *w)
{
	/* No date in the page: the record's WARC-Date. */
	response(w, U("nodate"), "Undated", 0);
	/* A publication date in the page wins. */
	static const char body[] = "<html><head><title>Dated</title><meta property='article:published_time' "
				   "content='2024-12-01T08:00:00Z'></head><body>" PROSE "</body></html>";
	raw_response(w, U("dated"), "200 OK", "Content-Type: text/html\r\n", body, sizeof body - 1);
}

static void b_resource(dk_buf *w)
{
	dk_buf body = DK_BUF_INIT;
	page(&body, "Resourceful");
	record(w, "1.1", "resource", "<" U("res") ">", "text/html", body.data, body.len, 0);
	dk_buf_free(&body);
}

static void b_oversize(dk_buf *w)
{
	response(w, U("a"), "Alpha", 0);
	dk_buf big = DK_BUF_INIT;
	dk_buf_puts(&big, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>");
	for (int i = 0; i < 400; i++)
		dk_buf_puts(&big, "<p>Filler paragraph of the oversize record.</p>");
	dk_buf_puts(&big, "</body></html>");
	record(w, "1.1", "response", U("big"), "application/http; msgtype=response",
	       big.data, big.len, 0);
	dk_buf_free(&big);
	response(w, U("b"), "Bravo", 0);
}

static void b_empty(dk_buf *w)
{
	(void)w;
}

struct warc_row {
	const char *name;
	build_fn build;
	size_t max;          /* max_record, 0: default */
	const char *ids;
	size_t nreports, nskipped;
	const char *report;  /* a substring of the reports, or NULL */
};

static const struct warc_row warc_rows[] = {
	{ "one record", b_one, 0, U("a"), 0, 0, NULL },
	{ "records that are no articles", b_three, 0, U("a") "|" U("b") "|" U("c"), 0, 0, NULL },
	{ "redirects, images, 404s, dns", b_not_articles, 0, U("ok"), 0, 0, NULL },
	{ "Content-Length too long", b_too_long, 0, U("a") "|" U("b") "|" U("c"), 1, 1,
	  "does not end at a record boundary; skipped to the next record at byte" },
	{ "Content-Length too short", b_too_short, 0, U("a") "|" U("b"), 1, 1,
	  "corrupt WARC record" },
	{ "garbage between records", b_garbage_between, 0, U("a") "|" U("b"), 1, 1,
	  "garbage where a WARC record should start; skipped to the next record" },
	{ "truncated last record", b_truncated, 0, U("a"), 1, 1,
	  "truncated WARC record: Content-Length" },
	{ "invalid Content-Length", b_no_length, 0, U("a") "|" U("b"), 1, 1,
	  "without a valid Content-Length" },
	{ "not a WARC at the start", b_garbage_start, 0, U("a"), 1, 1, "byte 0: garbage" },
	{ "unsupported version", b_bad_version, 0, U("a"), 1, 1, "unsupported WARC version \"WARC/0.9\"" },
	{ "LF line ends", b_lf_only, 0, U("lf") "|" U("b"), 0, 0, NULL },
	{ "chunked transfer coding", b_chunked, 0, U("chunked"), 0, 0, NULL },
	{ "chunked, stray line break first", b_chunked_stray, 0, U("stray"), 1, 0,
	  "blank line before its first chunk size; decoded" },
	{ "gzip and deflate bodies", b_gzip_body, 0, U("gz") "|" U("deflate") "|" U("plain"), 0, 0, NULL },
	{ "HTTP charset", b_latin1, 0, U("latin1"), 0, 0, NULL },
	{ "dates", b_dates, 0, U("nodate") "|" U("dated"), 0, 0, NULL },
	{ "resource record", b_resource, 0, U("res"), 0, 0, NULL },
	{ "record over the limit", b_oversize, 4096, U("a") "|" U("b"), 1, 1,
	  "over the 4096-byte limit (--max-record), skipped" },
	{ "empty file", b_empty, 0, "", 0, 0, NULL },
};

static void test_warc_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t r = 0; r < ARRAY_LEN(warc_rows); r++) {
		const struct warc_row *row = &warc_rows[r];
		dk_buf w = DK_BUF_INIT;
		row->build(&w);
		assert_int_equal(w.err, DK_OK);
		/* An exact-size copy, so ASan sees reads past the end. */
		char *data = malloc(w.len ? w.len : 1);
		assert_non_null(data);
		memcpy(data, w.data ? w.data : "", w.len);
		struct collected c;
		dk_dump_sink sink = make_sink(&c, row->max);
		dk_status st = dk_dump_warc_mem_read("test.warc", data, w.len, &sink);
		const char *reports = str_of(&c.reports);
		if (st != DK_OK || strcmp(str_of(&c.ids), row->ids) ||
		    c.nreports != row->nreports || c.nskipped != row->nskipped ||
		    (row->report && !strstr(reports, row->report))) {
			print_error("%s: status %d, ids \"%s\" (want \"%s\"), %zu reports "
				    "(want %zu):\n%s", row->name, st, str_of(&c.ids), row->ids,
				    c.nreports, row->nreports, reports);
			bad++;
		}
		free_collected(&c);
		free(data);
		dk_buf_free(&w);
	}
	assert_int_equal(bad, 0);
}

/* The fields of the articles: titles decoded, dates chosen. */
static void test_warc_fields(void **state)
{
	(void)state;
	dk_buf w = DK_BUF_INIT;
	b_latin1(&w);
	b_dates(&w);
	b_chunked(&w);
	b_gzip_body(&w);
	struct collected c;
	dk_dump_sink sink = make_sink(&c, 0);
	assert_int_equal(dk_dump_warc_mem_read("f.warc", w.data, w.len, &sink), DK_OK);
	assert_string_equal(str_of(&c.titles), "Caf\xC3\xA9 M\xC3\xBCller|Page Undated|Dated|"
			    "Page Chunky|Page Zipped|Page Deflated|Page Plain");
	assert_string_equal(str_of(&c.dates), "2025-03-09|2025-03-09|2024-12-01|"
			    "2025-03-09|2025-03-09|2025-03-09|2025-03-09");
	free_collected(&c);
	dk_buf_free(&w);
}

/* No chunk size ends up inside the text: "ab" is the hex size of the
 * 171-byte chunks, which would split words ("sta ab y open"). */
static void test_warc_chunked_stray(void **state)
{
	(void)state;
	dk_buf w = DK_BUF_INIT;
	b_chunked_stray(&w);
	struct collected c;
	dk_dump_sink sink = make_sink(&c, 0);
	assert_int_equal(dk_dump_warc_mem_read("s.warc", w.data, w.len, &sink), DK_OK);
	assert_string_equal(str_of(&c.titles), "Page Strayed");
	const char *t = str_of(&c.texts);
	assert_non_null(strstr(t, "The court said on Tuesday that the company had failed "
			       "to show why the case should be moved"));
	assert_null(strstr(t, "ab "));
	assert_null(strstr(t, " ab"));
	free_collected(&c);
	dk_buf_free(&w);
}

/* The offset of a corrupt record is the byte where its "WARC/" starts. */
static void test_warc_offsets(void **state)
{
	(void)state;
	dk_buf w = DK_BUF_INIT;
	response(&w, U("a"), "Alpha", 0);
	size_t at = w.len;
	response(&w, U("bad"), "Broken", 1000000);
	size_t next = w.len;
	response(&w, U("b"), "Bravo", 0);
	struct collected c;
	dk_dump_sink sink = make_sink(&c, 0);
	assert_int_equal(dk_dump_warc_mem_read("o.warc", w.data, w.len, &sink), DK_OK);
	char want[160];
	snprintf(want, sizeof want, "byte %zu: ", at);
	assert_non_null(strstr(str_of(&c.reports), want));
	snprintf(want, sizeof want, "next record at byte %zu", next);
	assert_non_null(strstr(str_of(&c.reports), want));
	assert_string_equal(str_of(&c.ids), U("a") "|" U("b"));
	free_collected(&c);
	dk_buf_free(&w);
}

/* A .warc.gz of one gzip member per record, read from disk as one stream;
 * and a broken member at the end keeps what came before. */
static void test_warc_gzip_members(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_warc.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof path, "%s/crawl.warc.gz", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	const char *words[] = { "Alpha", "Bravo", "Charlie" };
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		dk_buf rec = DK_BUF_INIT, z = DK_BUF_INIT;
		char uri[64];
		snprintf(uri, sizeof uri, U("%zu"), i);
		response(&rec, uri, words[i], 0);
		deflate_into(&z, rec.data, rec.len, 1);
		assert_int_equal(fwrite(z.data, 1, z.len, f), z.len);
		dk_buf_free(&rec);
		dk_buf_free(&z);
	}
	/* A truncated fourth member. */
	dk_buf rec = DK_BUF_INIT, z = DK_BUF_INIT;
	response(&rec, U("3"), "Delta", 0);
	deflate_into(&z, rec.data, rec.len, 1);
	assert_int_equal(fwrite(z.data, 1, z.len / 2, f), z.len / 2);
	dk_buf_free(&rec);
	dk_buf_free(&z);
	fclose(f);

	struct collected c;
	dk_dump_sink sink = make_sink(&c, 0);
	assert_int_equal(dk_dump_read(path, "crawl.warc.gz", DK_FORMAT_AUTO, &sink), DK_OK);
	assert_string_equal(str_of(&c.ids), U("0") "|" U("1") "|" U("2"));
	assert_non_null(strstr(str_of(&c.reports), "broken compressed stream"));
	free_collected(&c);

	/* Three whole members and then bytes that are not gzip: the records
	 * arrive and the rest is reported with its stored offset. */
	f = fopen(path, "wb");
	assert_non_null(f);
	long members = 0;
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		dk_buf one = DK_BUF_INIT, zz = DK_BUF_INIT;
		char uri[64];
		snprintf(uri, sizeof uri, U("%zu"), i);
		response(&one, uri, words[i], 0);
		deflate_into(&zz, one.data, one.len, 1);
		assert_int_equal(fwrite(zz.data, 1, zz.len, f), zz.len);
		members += (long)zz.len;
		dk_buf_free(&one);
		dk_buf_free(&zz);
	}
	fputs("trailing garbage, not gzip", f);
	fclose(f);
	sink = make_sink(&c, 0);
	assert_int_equal(dk_dump_read(path, "crawl.warc.gz", DK_FORMAT_AUTO, &sink), DK_OK);
	assert_string_equal(str_of(&c.ids), U("0") "|" U("1") "|" U("2"));
	char want[96];
	snprintf(want, sizeof want, "data after the end of the gzip stream at stored byte %ld", members);
	assert_non_null(strstr(str_of(&c.reports), want));
	assert_int_equal(c.nreports, 1);
	free_collected(&c);
	unlink(path);
	rmdir(dir);
}

/* A record far larger than the read buffer (2 MB) between small ones, read
 * from disk plain and gzip-compressed: every record arrives.  (The header
 * fields once pointed into the buffer that reading the big block moved.) */
static void write_big_warc(const char *path, int gz)
{
	dk_buf w = DK_BUF_INIT, big = DK_BUF_INIT;
	response(&w, U("a"), "Alpha", 0);
	dk_buf_puts(&big, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
		    "<html><head><title>Big page</title></head><body><article>");
	while (big.len < 2u * 1024 * 1024)
		dk_buf_puts(&big, PROSE);
	dk_buf_puts(&big, "</article></body></html>");
	record(&w, "1.1", "response", U("big"), "application/http; msgtype=response",
	       big.data, big.len, 0);
	response(&w, U("b"), "Bravo", 0);
	assert_int_equal(w.err, DK_OK);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	if (gz) {
		dk_buf z = DK_BUF_INIT;
		deflate_into(&z, w.data, w.len, 1);
		assert_int_equal(fwrite(z.data, 1, z.len, f), z.len);
		dk_buf_free(&z);
	} else {
		assert_int_equal(fwrite(w.data, 1, w.len, f), w.len);
	}
	fclose(f);
	dk_buf_free(&w);
	dk_buf_free(&big);
}

static void test_warc_big_record(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_warc.XXXXXX";
	assert_non_null(mkdtemp(dir));
	for (int gz = 0; gz < 2; gz++) {
		char path[256];
		snprintf(path, sizeof path, "%s/big.warc%s", dir, gz ? ".gz" : "");
		write_big_warc(path, gz);
		struct collected c;
		dk_dump_sink sink = make_sink(&c, 0);
		assert_int_equal(dk_dump_read(path, "big.warc", DK_FORMAT_AUTO, &sink), DK_OK);
		assert_string_equal(str_of(&c.ids), U("a") "|" U("big") "|" U("b"));
		assert_string_equal(str_of(&c.titles), "Page Alpha|Big page|Page Bravo");
		assert_int_equal(c.nreports, 0);
		free_collected(&c);
		unlink(path);
	}
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_warc_table),
		cmocka_unit_test(test_warc_fields),
		cmocka_unit_test(test_warc_offsets),
		cmocka_unit_test(test_warc_gzip_members),
		cmocka_unit_test(test_warc_big_record),
		cmocka_unit_test(test_warc_chunked_stray),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
