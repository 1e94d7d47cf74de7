/*
 * test_dumpfile.c - unit tests for indexer/extract/dumpfile.c.
 *
 * Every input is written by the test into one mkdtemp directory (made by
 * the group set-up, removed by the tear-down): each table row is read both
 * as a plain file and gzip-compressed (written with zlib's gzwrite), and
 * must give the same lines, line numbers and offsets either way.  Broken
 * gzip is made by truncating or corrupting a good one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "../../common/buf.h"
#include "../../indexer/extract/dumpfile.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define L(s) s, sizeof(s) - 1

#define TMPDIR_NAME "docket-test-dumpfile"
#include "fixture.h"

static void write_plain(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void write_gzip(const char *path, const char *data, size_t len)
{
	gzFile gz = gzopen(path, "wb");
	assert_non_null(gz);
	size_t off = 0;
	while (off < len) {
		unsigned n = len - off > 65536 ? 65536 : (unsigned)(len - off);
		assert_int_equal(gzwrite(gz, data + off, n), (int)n);
		off += n;
	}
	assert_int_equal(gzclose(gz), Z_OK);
}

static off_t file_size(const char *path)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	return sb.st_size;
}

/* Lines "line <i> <words>\n" of varied length that gzip does not shrink
 * to nothing, so a truncated file still holds many complete lines. */
static char *make_lines(size_t count, size_t *len)
{
	static const char *const words[] = {
		"court", "ruling", "appeal", "privacy", "breach", "motion",
		"Brightpath", "Quantix", "dismissed", "settlement", "regulator",
	};
	dk_buf b = DK_BUF_INIT;
	uint32_t x = 12345;
	for (size_t i = 0; i < count; i++) {
		dk_buf_printf(&b, "line %zu", i);
		for (int w = 0; w < 8; w++) {
			x = x * 1103515245u + 12345u;
			dk_buf_printf(&b, " %s%u", words[(x >> 16) % ARRAY_LEN(words)],
				      (x >> 8) % 1000);
		}
		dk_buf_putc(&b, '\n');
	}
	assert_int_equal(b.err, DK_OK);
	return dk_buf_detach(&b, len);
}

/* ---- the line reader over a table ------------------------------------ */

struct want_line {
	dk_status st;
	const char *line;   /* for DK_OK */
	size_t len;
	uint64_t offset;    /* for DK_OK and DK_ERR_TOO_BIG */
};

#define END { DK_ERR_NOT_FOUND, NULL, 0, 0 }
#define LINE(s, off) { DK_OK, s, sizeof(s) - 1, off }
#define BIG(off) { DK_ERR_TOO_BIG, NULL, 0, off }

struct lines_row {
	const char *name;
	const char *data;
	size_t len;
	size_t max_line;
	struct want_line want[8];   /* up to and including END */
};

static const struct lines_row lines_rows[] = {
	{ "empty file", L(""), 100, { END } },
	{ "one line", L("hello\n"), 100, { LINE("hello", 0), END } },
	{ "no final newline", L("a\nlast"), 100,
	  { LINE("a", 0), LINE("last", 2), END } },
	{ "just a newline", L("\n"), 100, { LINE("", 0), END } },
	{ "empty lines", L("\n\nx\n\n"), 100,
	  { LINE("", 0), LINE("", 1), LINE("x", 2), LINE("", 4), END } },
	/* CR is kept: the line is everything up to its '\n'. */
	{ "CRLF", L("alpha\r\nbeta\r\n\r\nend"), 100,
	  { LINE("alpha\r", 0), LINE("beta\r", 7), LINE("\r", 13), LINE("end", 15), END } },
	{ "NUL bytes", L("a\0b\n\0\n"), 100,
	  { LINE("a\0b", 0), LINE("\0", 4), END } },
	{ "over the limit, then fine", L("short\n0123456789abc\nnext\nexactly8\n"), 8,
	  { LINE("short", 0), BIG(6), LINE("next", 20), LINE("exactly8", 25), END } },
	{ "over the limit at the end", L("ok\ntoolongline"), 5,
	  { LINE("ok", 0), BIG(3), END } },
	{ "two over the limit in a row", L("aaaaaaa\nbbbbbbb\nc\n"), 3,
	  { BIG(0), BIG(8), LINE("c", 16), END } },
	{ "limit 0", L("\nx\n"), 0, { LINE("", 0), BIG(1), END } },
};

/* Read every line of path and compare with the row. */
static void check_lines(const char *path, const struct lines_row *row, const char *kind)
{
	dk_lines *r = NULL;
	char *msg = NULL;
	assert_int_equal(dk_lines_open(path, row->max_line, &r, &msg), DK_OK);
	assert_non_null(r);
	assert_null(msg);
	for (size_t k = 0; k < ARRAY_LEN(row->want); k++) {
		const struct want_line *w = &row->want[k];
		const char *line = (const char *)1;
		size_t len = 99;
		dk_status st = dk_lines_next(r, &line, &len);
		if (st != w->st)
			fail_msg("%s (%s), line %zu: status %d, want %d", row->name, kind,
				 k + 1, st, w->st);
		if (st == DK_OK) {
			if (len != w->len || memcmp(line, w->line, len) != 0)
				fail_msg("%s (%s), line %zu: wrong text \"%.*s\"", row->name,
					 kind, k + 1, (int)len, line);
			assert_int_equal(line[len], '\0');
		} else {
			assert_null(line);
			assert_int_equal(len, 0);
		}
		if (st == DK_OK || st == DK_ERR_TOO_BIG) {
			assert_int_equal(dk_lines_lineno(r), k + 1);
			if (dk_lines_offset(r) != w->offset)
				fail_msg("%s (%s), line %zu: offset %llu, want %llu",
					 row->name, kind, k + 1,
					 (unsigned long long)dk_lines_offset(r),
					 (unsigned long long)w->offset);
		}
		if (st == DK_ERR_TOO_BIG)
			assert_non_null(strstr(dk_lines_error(r), "limit"));
		if (st == DK_ERR_NOT_FOUND) {
			assert_int_equal(dk_lines_uncompressed(r), row->len);
			/* The end stays the end. */
			assert_int_equal(dk_lines_next(r, &line, &len), DK_ERR_NOT_FOUND);
			break;
		}
	}
	assert_true(dk_lines_consumed(r) <= (uint64_t)file_size(path));
	dk_lines_close(r);
}

static void test_lines_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(lines_rows); i++) {
		const struct lines_row *row = &lines_rows[i];
		char plain[PATH_MAX], gz[PATH_MAX], name[64];
		snprintf(name, sizeof name, "lines-%zu.txt", i);
		tmpdir_path(plain, name);
		snprintf(name, sizeof name, "lines-%zu.txt.gz", i);
		tmpdir_path(gz, name);
		write_plain(plain, row->data, row->len);
		write_gzip(gz, row->data, row->len);
		check_lines(plain, row, "plain");
		check_lines(gz, row, "gzip");
	}
}

/* Lines that straddle the reader's 256 KiB chunks, kept and skipped. */
static void test_lines_across_chunks(void **state)
{
	(void)state;
	static const size_t lens[] = { 100000, 300000, 5, 262143, 262144, 0, 700000, 1 };
	const size_t max_line = 400000;
	dk_buf b = DK_BUF_INIT;
	for (size_t k = 0; k < ARRAY_LEN(lens); k++) {
		for (size_t i = 0; i < lens[k]; i++)
			dk_buf_putc(&b, (char)('a' + (i + k) % 26));
		dk_buf_putc(&b, '\n');
	}
	assert_int_equal(b.err, DK_OK);
	static const char *const kinds[] = { "plain", "gzip" };
	for (int g = 0; g < 2; g++) {
		char path[PATH_MAX];
		tmpdir_path(path, g ? "chunks.gz" : "chunks");
		(g ? write_gzip : write_plain)(path, b.data, b.len);
		dk_lines *r = NULL;
		assert_int_equal(dk_lines_open(path, max_line, &r, NULL), DK_OK);
		uint64_t off = 0;
		for (size_t k = 0; k < ARRAY_LEN(lens); k++) {
			const char *line;
			size_t len;
			dk_status st = dk_lines_next(r, &line, &len);
			if (lens[k] > max_line) {
				if (st != DK_ERR_TOO_BIG)
					fail_msg("%s: line %zu: status %d", kinds[g], k + 1, st);
			} else {
				if (st != DK_OK || len != lens[k] ||
				    memcmp(line, b.data + off, len) != 0)
					fail_msg("%s: line %zu wrong (status %d, %zu bytes)",
						 kinds[g], k + 1, st, len);
			}
			assert_int_equal(dk_lines_offset(r), off);
			off += lens[k] + 1;
		}
		const char *line;
		size_t len;
		assert_int_equal(dk_lines_next(r, &line, &len), DK_ERR_NOT_FOUND);
		if (g)
			assert_int_equal(dk_lines_consumed(r), (uint64_t)file_size(path));
		dk_lines_close(r);
	}
	dk_buf_free(&b);
}

/* A gzip file cut short: every line that decoded, then DK_ERR_PARSE. */
static void test_lines_truncated_gzip(void **state)
{
	(void)state;
	size_t len, count = 4000;
	char *data = make_lines(count, &len);
	char path[PATH_MAX];
	tmpdir_path(path, "truncated.jsonl.gz");
	write_gzip(path, data, len);
	off_t full = file_size(path);
	assert_int_equal(truncate(path, full / 2), 0);

	dk_lines *r = NULL;
	assert_int_equal(dk_lines_open(path, 1 << 20, &r, NULL), DK_OK);
	size_t n = 0, off = 0;
	const char *line;
	size_t llen;
	dk_status st;
	while ((st = dk_lines_next(r, &line, &llen)) == DK_OK) {
		const char *nl = memchr(data + off, '\n', len - off);
		assert_non_null(nl);
		size_t want = (size_t)(nl - (data + off));
		if (llen != want || memcmp(line, data + off, llen) != 0)
			fail_msg("line %zu differs from what was written", n + 1);
		off += want + 1;
		n++;
	}
	assert_int_equal(st, DK_ERR_PARSE);
	/* Some lines came through, but not all of them. */
	assert_true(n > count / 10);
	assert_true(n < count);
	assert_true(dk_lines_uncompressed(r) >= off);
	assert_non_null(strstr(dk_lines_error(r), "broken compressed stream"));
	assert_int_equal(dk_lines_lineno(r), n + 1);
	/* Broken stays broken. */
	assert_int_equal(dk_lines_next(r, &line, &llen), DK_ERR_PARSE);
	assert_null(line);
	dk_lines_close(r);
	free(data);
}

/* Corrupt bytes inside the deflate data: an error, never a clean end. */
static void test_lines_corrupt_gzip(void **state)
{
	(void)state;
	size_t len;
	char *data = make_lines(3000, &len);
	char path[PATH_MAX];
	tmpdir_path(path, "corrupt.gz");
	write_gzip(path, data, len);
	off_t size = file_size(path);
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, size / 2, SEEK_SET), 0);
	for (int i = 0; i < 64; i++)
		fputc(0xA5 ^ i, f);
	assert_int_equal(fclose(f), 0);

	dk_lines *r = NULL;
	assert_int_equal(dk_lines_open(path, 1 << 20, &r, NULL), DK_OK);
	const char *line;
	size_t llen, n = 0;
	dk_status st;
	while ((st = dk_lines_next(r, &line, &llen)) == DK_OK || st == DK_ERR_TOO_BIG)
		n++;
	assert_int_equal(st, DK_ERR_PARSE);
	assert_true(n < 3000);
	assert_true(strlen(dk_lines_error(r)) > 0);
	dk_lines_close(r);
	free(data);
}

/* Gzip magic followed by junk. */
static void test_lines_gzip_magic_junk(void **state)
{
	(void)state;
	char path[PATH_MAX];
	tmpdir_path(path, "junk.gz");
	write_plain(path, L("\x1F\x8B\x08\x00junkjunkjunkjunkjunk\n"));
	dk_lines *r = NULL;
	assert_int_equal(dk_lines_open(path, 100, &r, NULL), DK_OK);
	const char *line;
	size_t llen;
	assert_int_equal(dk_lines_next(r, &line, &llen), DK_ERR_PARSE);
	assert_true(strlen(dk_lines_error(r)) > 0);
	dk_lines_close(r);
}

static void test_lines_missing(void **state)
{
	(void)state;
	char path[PATH_MAX];
	tmpdir_path(path, "no-such-file.jsonl");
	dk_lines *r = (dk_lines *)1;
	char *msg = NULL;
	assert_int_equal(dk_lines_open(path, 100, &r, &msg), DK_ERR_NOT_FOUND);
	assert_null(r);
	assert_non_null(msg);
	assert_null(strstr(msg, path));  /* the caller names the file */
	assert_non_null(strstr(msg, "No such file"));
	free(msg);
	/* errmsg may be NULL. */
	r = (dk_lines *)1;
	assert_int_equal(dk_lines_open(path, 100, &r, NULL), DK_ERR_NOT_FOUND);
	assert_null(r);
	dk_lines_close(NULL);  /* closing nothing is fine */
}

/* ---- the whole-file reader ------------------------------------------- */

struct read_row {
	const char *name;
	const char *data;
	size_t len;
	size_t max;
	dk_status st;
};

static const struct read_row read_rows[] = {
	{ "small", L("Title: x\n\nBody.\n"), 100, DK_OK },
	{ "empty", L(""), 100, DK_OK },
	{ "empty, limit 0", L(""), 0, DK_OK },
	{ "exactly the limit", L("0123456789"), 10, DK_OK },
	{ "one over the limit", L("0123456789"), 9, DK_ERR_TOO_BIG },
	{ "NUL bytes", L("a\0b\0"), 100, DK_OK },
	{ "CRLF untouched", L("a\r\nb\r\n"), 100, DK_OK },
};

static void check_read(const char *path, const struct read_row *row, const char *kind)
{
	char *out = (char *)1, *msg = (char *)1;
	size_t len = 99;
	dk_status st = dk_dumpfile_read(path, row->max, &out, &len, &msg);
	if (st != row->st)
		fail_msg("%s (%s): status %d, want %d", row->name, kind, st, row->st);
	if (st == DK_OK) {
		assert_non_null(out);
		assert_int_equal(len, row->len);
		assert_memory_equal(out, row->data, row->len);
		assert_int_equal(out[len], '\0');
		assert_null(msg);
	} else {
		assert_null(out);
		assert_int_equal(len, 0);
		assert_non_null(msg);
		assert_null(strstr(msg, path));  /* the caller names the file */
		assert_non_null(strstr(msg, "limit"));
	}
	free(out);
	free(msg);
}

static void test_read_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(read_rows); i++) {
		char plain[PATH_MAX], gz[PATH_MAX], name[64];
		snprintf(name, sizeof name, "read-%zu.txt", i);
		tmpdir_path(plain, name);
		snprintf(name, sizeof name, "read-%zu.txt.gz", i);
		tmpdir_path(gz, name);
		write_plain(plain, read_rows[i].data, read_rows[i].len);
		write_gzip(gz, read_rows[i].data, read_rows[i].len);
		check_read(plain, &read_rows[i], "plain");
		check_read(gz, &read_rows[i], "gzip");
	}
}

/* Large files, over several internal reads; the limit holds there too. */
static void test_read_large(void **state)
{
	(void)state;
	size_t len;
	char *data = make_lines(5000, &len);
	assert_true(len > 200000);
	for (int g = 0; g < 2; g++) {
		char path[PATH_MAX];
		tmpdir_path(path, g ? "large.gz" : "large");
		(g ? write_gzip : write_plain)(path, data, len);
		char *out, *msg;
		size_t got;
		assert_int_equal(dk_dumpfile_read(path, len, &out, &got, &msg), DK_OK);
		assert_int_equal(got, len);
		assert_memory_equal(out, data, len);
		free(out);
		assert_int_equal(dk_dumpfile_read(path, len - 1, &out, &got, &msg),
				 DK_ERR_TOO_BIG);
		assert_null(out);
		assert_non_null(msg);
		free(msg);
		/* errmsg may be NULL. */
		assert_int_equal(dk_dumpfile_read(path, 1000, &out, &got, NULL), DK_ERR_TOO_BIG);
		assert_null(out);
	}
	free(data);
}

static void test_read_truncated_gzip(void **state)
{
	(void)state;
	size_t len;
	char *data = make_lines(5000, &len);
	char path[PATH_MAX];
	tmpdir_path(path, "read-truncated.gz");
	write_gzip(path, data, len);
	assert_int_equal(truncate(path, file_size(path) * 2 / 3), 0);
	char *out = NULL, *msg = NULL;
	size_t got = 0;
	assert_int_equal(dk_dumpfile_read(path, len * 2, &out, &got, &msg), DK_ERR_PARSE);
	/* What decoded before the break is handed back. */
	assert_non_null(out);
	assert_true(got > len / 3);
	assert_true(got < len);
	assert_memory_equal(out, data, got);
	assert_int_equal(out[got], '\0');
	assert_non_null(msg);
	assert_null(strstr(msg, path));  /* the caller names the file */
	assert_non_null(strstr(msg, "broken compressed stream"));
	free(out);
	free(msg);
	/* errmsg may be NULL here too. */
	assert_int_equal(dk_dumpfile_read(path, len * 2, &out, &got, NULL), DK_ERR_PARSE);
	free(out);
	free(data);
}

static void test_read_broken_gzip(void **state)
{
	(void)state;
	static const struct { const char *name; const char *data; size_t len; } rows[] = {
		{ "magic and junk", L("\x1F\x8B\x08\x00junkjunkjunkjunkjunk") },
		{ "header only", L("\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03") },
		{ "bad method", L("\x1F\x8B\x63\x00\x00\x00\x00\x00\x00\x03xxxxxxxx") },
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		char path[PATH_MAX], name[32];
		snprintf(name, sizeof name, "broken-%zu.gz", i);
		tmpdir_path(path, name);
		write_plain(path, rows[i].data, rows[i].len);
		char *out = NULL, *msg = NULL;
		size_t got = 99;
		dk_status st = dk_dumpfile_read(path, 1000, &out, &got, &msg);
		if (st != DK_ERR_PARSE)
			fail_msg("%s: status %d", rows[i].name, st);
		assert_non_null(msg);
		assert_non_null(strstr(msg, "broken compressed stream"));
		assert_non_null(out);
		assert_int_equal(out[got], '\0');
		free(out);
		free(msg);
	}
}

static void test_read_missing(void **state)
{
	(void)state;
	char path[PATH_MAX];
	tmpdir_path(path, "missing.txt");
	char *out = (char *)1, *msg = NULL;
	size_t len = 99;
	assert_int_equal(dk_dumpfile_read(path, 100, &out, &len, &msg), DK_ERR_NOT_FOUND);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_non_null(msg);
	assert_null(strstr(msg, path));  /* the caller names the file */
	free(msg);
}

/* Data after the gzip stream (here: after two members) is no longer
 * dropped in silence: both readers deliver what the members hold and say
 * at which stored byte the rest begins; a plain file has no such thing. */
static void test_trailing_garbage(void **state)
{
	(void)state;
	char path[PATH_MAX];
	tmpdir_path(path, "trailing.txt.gz");
	write_gzip(path, "first line\n", 11);
	char p2[PATH_MAX];
	tmpdir_path(p2, "trailing-2.gz");
	write_gzip(p2, "second line\n", 12);
	FILE *a = fopen(path, "ab"), *b = fopen(p2, "rb");
	assert_non_null(a);
	assert_non_null(b);
	char tmp[256];
	size_t k = fread(tmp, 1, sizeof tmp, b);
	fwrite(tmp, 1, k, a);
	fclose(b);
	long members = ftell(a);
	fputs("GARBAGE that is not gzip\n", a);
	fclose(a);

	char *out = NULL, *msg = NULL;
	size_t len = 0;
	assert_int_equal(dk_dumpfile_read(path, 1000, &out, &len, &msg), DK_OK);
	assert_string_equal(out, "first line\nsecond line\n");
	assert_non_null(msg);
	char want[96];
	snprintf(want, sizeof want, "data after the end of the gzip stream at stored byte %ld", members);
	assert_non_null(strstr(msg, want));
	free(out);
	free(msg);

	dk_lines *r = NULL;
	assert_int_equal(dk_lines_open(path, 100, &r, NULL), DK_OK);
	const char *line;
	size_t n;
	assert_int_equal(dk_lines_next(r, &line, &n), DK_OK);
	assert_int_equal(dk_lines_next(r, &line, &n), DK_OK);
	assert_int_equal(dk_lines_next(r, &line, &n), DK_ERR_NOT_FOUND);
	assert_int_equal(dk_lines_trailing(r), members);
	dk_lines_close(r);

	/* Plain files and clean gzip: no warning. */
	write_plain(path, "plain\n", 6);
	assert_int_equal(dk_dumpfile_read(path, 1000, &out, &len, &msg), DK_OK);
	assert_null(msg);
	free(out);
	assert_int_equal(dk_dumpfile_read(p2, 1000, &out, &len, &msg), DK_OK);
	assert_null(msg);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_table),
		cmocka_unit_test(test_lines_across_chunks),
		cmocka_unit_test(test_lines_truncated_gzip),
		cmocka_unit_test(test_lines_corrupt_gzip),
		cmocka_unit_test(test_lines_gzip_magic_junk),
		cmocka_unit_test(test_lines_missing),
		cmocka_unit_test(test_read_table),
		cmocka_unit_test(test_read_large),
		cmocka_unit_test(test_read_truncated_gzip),
		cmocka_unit_test(test_read_broken_gzip),
		cmocka_unit_test(test_read_missing),
		cmocka_unit_test(test_trailing_garbage),
	};
	return cmocka_run_group_tests_name("dumpfile", tests, tmpdir_setup,
					   tmpdir_teardown);
}
