/*
 * test_manifest.c - unit tests for indexer/manifest.c.
 *
 * XXH64 against published vectors (the empty string, "a", "abc"; the low
 * 32 bits of the others agree with zstd's frame checksums, which are
 * XXH64), streaming over chunk boundaries equal to one-shot hashing, the
 * text format's round trip with awkward paths, a table of malformed lines,
 * and a durable write read back from disk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <limits.h>
#include <unistd.h>

#include "../../indexer/manifest.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void test_xxh64_vectors(void **state)
{
	(void)state;
	static const struct { const char *s; uint64_t h; } rows[] = {
		{ "", 0xef46db3751d8e999ULL },
		{ "a", 0xd24ec4f1a98c6e5bULL },
		{ "abc", 0x44bc2cf5ad770999ULL },
		{ "Nobody inspects the spammish repetition", 0xfbcea83c8a378bf1ULL },
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++)
		if (dk_manifest_hash64(rows[i].s, strlen(rows[i].s)) != rows[i].h)
			fail_msg("row %zu: %016llx", i, (unsigned long long)
				 dk_manifest_hash64(rows[i].s, strlen(rows[i].s)));
	char x[100];
	memset(x, 'x', sizeof x);
	/* low half checked against zstd --check */
	assert_int_equal(dk_manifest_hash64(x, sizeof x) & 0xffffffffu, 0x88a3c094u);
}

/* dk_manifest_hash_file reads in chunks; every length near the 32-byte stripes
 * and the 64 KiB chunk must hash as the bytes do in one piece. */
static void test_hash_file_matches(void **state)
{
	(void)state;
	char path[PATH_MAX];
	const char *t = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/dk-manifest-XXXXXX", t && *t ? t : "/tmp");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	static const size_t lens[] = { 0, 1, 31, 32, 33, 63, 64, 65, 65535,
				       65536, 65537, 200000 };
	unsigned char *buf = malloc(200000);
	assert_non_null(buf);
	for (size_t i = 0; i < 200000; i++)
		buf[i] = (unsigned char)(i * 2654435761u >> 13);
	for (size_t r = 0; r < ARRAY_LEN(lens); r++) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(buf, 1, lens[r], f), lens[r]);
		fclose(f);
		uint64_t h = 0;
		assert_int_equal(dk_manifest_hash_file(path, &h), DK_OK);
		if (h != dk_manifest_hash64(buf, lens[r]))
			fail_msg("length %zu", lens[r]);
	}
	unlink(path);
	uint64_t h = 1;
	assert_int_equal(dk_manifest_hash_file(path, &h), DK_ERR_NOT_FOUND);
	assert_int_equal(h, 0);
	free(buf);
}

static void test_file_term(void **state)
{
	(void)state;
	char a[17], b[17];
	dk_manifest_file_term("/data/a.jsonl", a);
	dk_manifest_file_term("/data/b.jsonl", b);
	assert_int_equal(strlen(a), 16);
	assert_string_not_equal(a, b);
	dk_manifest_file_term("", a);
	assert_string_equal(a, "ef46db3751d8e999");
}

static void test_round_trip(void **state)
{
	(void)state;
	dk_manifest m = { 0 };
	static const char *paths[] = {
		"/z/last.jsonl", "/a/first.txt", "/with space/and\ttab",
		"/nl\nin name", "/percent%20.gz", "/utf8/d\xc3\xa9p\xc3\xaa\x63he",
	};
	for (size_t i = 0; i < ARRAY_LEN(paths); i++) {
		dk_manifest_entry e = { (char *)paths[i], 1000 + i,
					(int64_t)1700000000123456789LL + (int64_t)i,
					0x0123456789abcdefULL * (i + 1), i * 7,
					i % 2 ? NULL : (char *)"g000003-0" };
		assert_int_equal(dk_manifest_add(&m, &e), DK_OK);
	}
	dk_manifest_entry neg = { (char *)"/old", 0, -5, 0, 0, NULL };
	assert_int_equal(dk_manifest_add(&m, &neg), DK_OK);
	/* the earliest time an int64 holds */
	dk_manifest_entry min = { (char *)"/older", 0, INT64_MIN, 0, 0, NULL };
	assert_int_equal(dk_manifest_add(&m, &min), DK_OK);
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(dk_manifest_format(&m, &text, &len), DK_OK);
	assert_int_equal(strlen(text), len);
	assert_null(memchr(text, '\t', 0));
	dk_manifest back;
	assert_int_equal(dk_manifest_parse(text, len, &back, NULL), DK_OK);
	assert_int_equal(back.n, m.n);
	for (size_t i = 0; i < m.n; i++) {
		dk_manifest_entry *e = dk_manifest_find(&back, m.v[i].path);
		if (!e)
			fail_msg("lost %s", m.v[i].path);
		assert_int_equal(e->size, m.v[i].size);
		assert_int_equal(e->mtime_ns, m.v[i].mtime_ns);
		assert_int_equal(e->hash, m.v[i].hash);
		assert_int_equal(e->articles, m.v[i].articles);
		if (m.v[i].shard)
			assert_string_equal(e->shard, m.v[i].shard);
		else
			assert_null(e->shard);
	}
	/* sorted by path */
	for (size_t i = 1; i < back.n; i++)
		assert_true(strcmp(back.v[i - 1].path, back.v[i].path) < 0);
	assert_null(dk_manifest_find(&back, "/nowhere"));
	free(text);
	dk_manifest_clear(&back);
	dk_manifest_clear(&m);
}

static void test_parse_errors(void **state)
{
	(void)state;
	static const struct { const char *text; size_t line; } rows[] = {
		{ "", 0 },
		{ "docket-manifest 2\n", 1 },
		{ "docket-manifest 1\nzz\t1\t1\t1\ts\t/p\n", 2 },
		{ "docket-manifest 1\n0123\t1\t1\t1\ts\n", 2 },
		{ "docket-manifest 1\n0123\tx\t1\t1\ts\t/p\n", 2 },
		{ "docket-manifest 1\n0123\t1\t1\t1\ts\t\n", 2 },
		{ "docket-manifest 1\n0123\t1\t1\t1\t\t/p\n", 2 },
		{ "docket-manifest 1\n0123\t1\t1\t1\ts\t/p%2\n", 2 },
		{ "docket-manifest 1\n0123\t1\t1\t1\ts\t/p%00x\n", 2 },
		{ "docket-manifest 1\n0123\t99999999999999999999999\t1\t1\ts\t/p\n", 2 },
		{ "docket-manifest 1\n0123\t1\t1\t1\ts\t/ok\n1\t1\t1\t1\ts\n", 3 },
		/* fuzz_manifest: a control byte in the shard field was read
		 * but could not be written back */
		{ "docket-manifest 1\n0123\t1\t1\t1\tg1\r\t/p\n", 2 },
		{ "docket-manifest 1\n0123\t1\t1\t1\t\rg1\t/p\n", 2 },
		{ "docket-manifest 1\n0123\t1\t1\t1\tg\001\t/p\n", 2 },
		{ "docket-manifest 1\n0123\t1\t1\t1\tg\177\t/p\n", 2 },
		{ "docket-manifest 1\n0123\t1\t-9223372036854775809\t1\ts\t/p\n", 2 },
	};
	for (size_t r = 0; r < ARRAY_LEN(rows); r++) {
		dk_manifest m;
		size_t line = 99;
		dk_status st = dk_manifest_parse(rows[r].text, strlen(rows[r].text),
						 &m, &line);
		if (st != DK_ERR_PARSE)
			fail_msg("row %zu accepted", r);
		if (line != rows[r].line && rows[r].line)
			fail_msg("row %zu: line %zu, want %zu", r, line, rows[r].line);
		assert_int_equal(m.n, 0);
	}
	dk_manifest m;
	assert_int_equal(dk_manifest_parse("docket-manifest 1\n", 18, &m, NULL),
			 DK_OK);
	assert_int_equal(m.n, 0);
	dk_manifest_clear(&m);
}

/* The writer refuses what the reader would refuse, so a manifest written
 * is a manifest read back. */
static void test_format_refuses(void **state)
{
	(void)state;
	static const char *shards[] = { "g1\r", "g\n1", "g\t1", "\001", "g\177" };
	for (size_t i = 0; i < ARRAY_LEN(shards); i++) {
		dk_manifest m = { 0 };
		dk_manifest_entry e = { (char *)"/p", 1, 1, 1, 1, (char *)shards[i] };
		assert_int_equal(dk_manifest_add(&m, &e), DK_OK);
		char *text = (char *)"x";
		size_t len = 9;
		if (dk_manifest_format(&m, &text, &len) != DK_ERR_INVALID)
			fail_msg("shard %zu was written", i);
		assert_null(text);
		dk_manifest_clear(&m);
	}
	dk_manifest m = { 0 };
	dk_manifest_entry e = { (char *)"", 1, 1, 1, 1, NULL };
	assert_int_equal(dk_manifest_add(&m, &e), DK_OK);
	char *text = NULL;
	assert_int_equal(dk_manifest_format(&m, &text, NULL), DK_ERR_INVALID);
	assert_null(text);
	dk_manifest_clear(&m);
}

static void test_write_read_stat(void **state)
{
	(void)state;
	char dir[PATH_MAX];
	const char *t = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/dk-manifest-XXXXXX", t && *t ? t : "/tmp");
	assert_non_null(mkdtemp(dir));
	char path[PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/m", dir);
	dk_manifest m = { 0 }, back;
	assert_int_equal(dk_manifest_read(path, &back), DK_ERR_NOT_FOUND);
	dk_manifest_entry e = { path, 0, 0, 0, 3, (char *)"s" };
	assert_int_equal(dk_manifest_add(&m, &e), DK_OK);
	assert_int_equal(dk_manifest_write(&m, path), DK_OK);
	assert_int_equal(dk_manifest_read(path, &back), DK_OK);
	assert_int_equal(back.n, 1);
	assert_int_equal(dk_manifest_stat(&back.v[0]), DK_OK);
	assert_true(back.v[0].size > 20);
	assert_true(back.v[0].mtime_ns > 0);
	dk_manifest_clear(&back);
	unlink(path);
	dk_manifest_entry gone = { path, 0, 0, 0, 0, NULL };
	assert_int_equal(dk_manifest_stat(&gone), DK_ERR_NOT_FOUND);
	dk_manifest_clear(&m);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xxh64_vectors),
		cmocka_unit_test(test_hash_file_matches),
		cmocka_unit_test(test_file_term),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_format_refuses),
		cmocka_unit_test(test_write_read_stat),
	};
	return cmocka_run_group_tests_name("manifest", tests, NULL, NULL);
}
