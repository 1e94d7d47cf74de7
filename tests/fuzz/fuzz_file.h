/*
 * fuzz_file.h - shared by the fuzz targets that read dumps through a file
 * (fuzz_jsonl.c, fuzz_text.c, fuzz_warc_file.c, fuzz_dumpfile.c): the
 * input written to a scratch file, plain or gzip-compressed, and a sink that
 * checks what every caller of a reader relies on.  Header-only, since each
 * target is built from one .c file.
 *
 * Input layout: byte 0 says how to store the rest.  Bit 0 set: gzip, in
 * two members split at the point byte 1 names (as a share of the length),
 * and bit 1 set: the bytes after the split follow the gzip stream raw, as
 * trailing garbage.  The scratch directory is made once per process and
 * removed at exit.
 */
#ifndef DK_FUZZ_FILE_H
#define DK_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "../../common/utf8.h"
#include "../../indexer/extract/dump.h"

static char fuzz_dir[64];
static char fuzz_path[128];

static inline void fuzz_fail(const char *what, const char *s)
{
	fprintf(stderr, "fuzz: %s: \"%.200s\"\n", what, s ? s : "(null)");
	abort();
}

static inline void fuzz_cleanup(void)
{
	if (fuzz_path[0])
		unlink(fuzz_path);
	if (fuzz_dir[0])
		rmdir(fuzz_dir);
}

static inline void gz_member(FILE *f, const uint8_t *p, size_t n)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 1, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		fuzz_fail("deflateInit2", NULL);
	unsigned char out[16384];
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	int ret;
	do {
		z.next_out = out;
		z.avail_out = sizeof out;
		ret = deflate(&z, Z_FINISH);
		fwrite(out, 1, sizeof out - z.avail_out, f);
	} while (ret == Z_OK || (ret == Z_BUF_ERROR && z.avail_out == 0));
	deflateEnd(&z);
}

/* Write the input (after its control bytes) to the scratch file named with
 * the given ending; returns its path. */
static inline const char *fuzz_write(const uint8_t *data, size_t size, const char *ending)
{
	if (!fuzz_dir[0]) {
		snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/dk-fuzz.XXXXXX");
		if (!mkdtemp(fuzz_dir))
			fuzz_fail("mkdtemp", fuzz_dir);
		atexit(fuzz_cleanup);
	}
	if (fuzz_path[0])
		unlink(fuzz_path);
	uint8_t mode = size ? data[0] : 0;
	uint8_t cut = size > 1 ? data[1] : 0;
	const uint8_t *p = size > 2 ? data + 2 : data;
	size_t n = size > 2 ? size - 2 : 0;
	snprintf(fuzz_path, sizeof fuzz_path, "%s/in%s%s", fuzz_dir, ending,
		 mode & 1 ? ".gz" : "");
	FILE *f = fopen(fuzz_path, "wb");
	if (!f)
		fuzz_fail("fopen", fuzz_path);
	if (mode & 1) {
		size_t k = n * cut / 256;
		gz_member(f, p, k);
		if (mode & 2)
			fwrite(p + k, 1, n - k, f);
		else
			gz_member(f, p + k, n - k);
	} else {
		fwrite(p, 1, n, f);
	}
	fclose(f);
	return fuzz_path;
}

typedef struct fuzz_ctx {
	size_t articles, reports;
} fuzz_ctx;

static inline dk_status fuzz_article(void *c, dk_article *a)
{
	fuzz_ctx *x = c;
	if (!a->id || !*a->id || !dk_utf8_valid(a->id, strlen(a->id)))
		fuzz_fail("bad id", a->id);
	if (!a->text || strlen(a->text) != a->text_len ||
	    !dk_utf8_valid(a->text, a->text_len))
		fuzz_fail("bad text", a->text);
	if (a->title && !dk_utf8_valid(a->title, strlen(a->title)))
		fuzz_fail("bad title", a->title);
	if (a->url && !dk_utf8_valid(a->url, strlen(a->url)))
		fuzz_fail("bad url", a->url);
	x->articles++;
	return DK_OK;
}

static inline void fuzz_report(void *c, const char *path, const char *where,
			const char *msg, int skipped)
{
	fuzz_ctx *x = c;
	(void)skipped;
	if (!path || !where || !msg || !*msg)
		fuzz_fail("report without a message", msg);
	/* The path is given once, by the caller; a message that repeats it
	 * prints it twice. */
	if (strstr(msg, path))
		fuzz_fail("message repeats the path", msg);
	x->reports++;
}

/* Read the input as a dump of format fmt through a file with the given
 * ending, with the record limit max (0: the default). */
static inline void fuzz_dump(const uint8_t *data, size_t size, dk_format fmt,
		      const char *ending, size_t max)
{
	const char *path = fuzz_write(data, size, ending);
	fuzz_ctx c = { 0, 0 };
	dk_dump_sink sink = { fuzz_article, fuzz_report, NULL, &c, max };
	dk_status st = dk_dump_read(path, "fuzz-id", fmt, &sink);
	if (st != DK_OK)
		fuzz_fail("status", dk_status_str(st));
}

#endif
