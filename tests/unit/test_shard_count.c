/*
 * test_shard_count.c - unit tests for indexer/shard_count.c: the rule of
 * `--shards auto` over a table (small collections get one shard; the
 * size, the article cap and the upper cap each decide in turn), the
 * estimate when the size is unknown, and the DOCKET_MEM_BYTES figure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../indexer/shard_count.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define KB 1024ull
#define MB (1024ull * KB)
#define GB (1024ull * MB)

static void test_rule(void **state)
{
	(void)state;
	static const struct {
		uint64_t articles, bytes, mem;
		unsigned k;
		const char *why;
	} rows[] = {
		/* sample corpus, tech-news, on a 25 GB machine: one shard */
		{ 37, 600 * KB, 25 * GB, 1, "one shard holds them" },
		{ 17159, 290 * MB, 25 * GB, 1, "one shard holds them" },
		/* exactly half the memory still fits; one byte more does not */
		{ 1000, 1 * GB, 2 * GB, 1, "one shard holds them" },
		{ 1000, 1 * GB + 1, 2 * GB, 2, "index size" },
		/* the sample corpus with a test's 400,000 bytes of memory */
		{ 37, 600 * KB, 400000, 4, "index size" },
		/* 100 million articles, 128 GB machines: the article cap */
		{ 100000000, 100000000ull * DK_INDEX_BYTES_PER_ARTICLE,
		  128 * GB, 32, "articles per shard" },
		{ DK_SHARD_MAX_ARTICLES, 1 * GB, 1024 * GB, 1,
		  "one shard holds them" },
		{ DK_SHARD_MAX_ARTICLES + 1, 1 * GB, 1024 * GB, 2,
		  "articles per shard" },
		/* capped at 64, and never more shards than articles */
		{ 1000000, 100 * GB, 1 * GB, 64, "capped" },
		{ 3, 600 * KB, 1000, 3, "capped" },
		{ 0, 0, 25 * GB, 1, "one shard holds them" },
		/* no memory figure at all: as many as the caps allow */
		{ 10, 10 * KB, 0, 10, "capped" },
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		dk_shard_plan p;
		unsigned k = dk_shard_count_auto(rows[i].articles, rows[i].bytes,
						 rows[i].mem, &p);
		if (k != rows[i].k || p.k != k || strcmp(p.why, rows[i].why))
			fail_msg("row %zu: k %u (%s), wanted %u (%s)", i, k, p.why,
				 rows[i].k, rows[i].why);
	}
}

/* Without a measured size the estimate is 16.9 KB per article. */
static void test_estimate(void **state)
{
	(void)state;
	dk_shard_plan p;
	assert_int_equal(dk_shard_count_auto(1000, 0, 25 * GB, &p), 1);
	assert_int_equal(p.bytes, 1000ull * DK_INDEX_BYTES_PER_ARTICLE);
	/* 1,000 articles are 16.9 MB: over 4 MB shards (8 MB of memory), 5 */
	assert_int_equal(dk_shard_count_auto(1000, 0, 8 * MB, &p), 5);
	assert_int_equal(p.shard_bytes, 4 * MB);
	assert_int_equal(dk_shard_count_auto(1000, 0, 8 * MB, NULL), 5);
}

static void test_parse_size(void **state)
{
	(void)state;
	static const struct { const char *s; int rc; uint64_t v; } rows[] = {
		{ "400000", 0, 400000 }, { "1K", 0, 1024 }, { "3m", 0, 3 * MB },
		{ "25G", 0, 25 * GB }, { "2T", 0, 2048 * GB },
		{ "", -1, 0 }, { "0", -1, 0 }, { "-5", -1, 0 }, { " 5", -1, 0 },
		{ "5X", -1, 0 }, { "5KB", -1, 0 }, { "abc", -1, 0 },
		{ "99999999999999999999", -1, 0 }, { "17179869184T", -1, 0 },
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		uint64_t v = 7;
		int rc = dk_shard_count_parse_size(rows[i].s, &v);
		if (rc != rows[i].rc || (rc == 0 && v != rows[i].v))
			fail_msg("'%s': rc %d value %llu", rows[i].s, rc,
				 (unsigned long long)v);
	}
}

static void test_memory(void **state)
{
	(void)state;
	uint64_t mem = 0;
	char *err = NULL;
	assert_int_equal(setenv("DOCKET_MEM_BYTES", "400000", 1), 0);
	assert_int_equal(dk_shard_count_memory(&mem, &err), DK_OK);
	assert_int_equal(mem, 400000);
	assert_null(err);
	assert_int_equal(setenv("DOCKET_MEM_BYTES", "lots", 1), 0);
	assert_int_equal(dk_shard_count_memory(&mem, &err), DK_ERR_INVALID);
	assert_non_null(err);
	assert_non_null(strstr(err, "DOCKET_MEM_BYTES='lots'"));
	free(err);
	assert_int_equal(mem, 0);
	/* unset (or empty): the machine's memory, which is not nothing */
	assert_int_equal(setenv("DOCKET_MEM_BYTES", "", 1), 0);
	assert_int_equal(dk_shard_count_memory(&mem, NULL), DK_OK);
	assert_true(mem > 16 * MB);
	assert_int_equal(unsetenv("DOCKET_MEM_BYTES"), 0);
	assert_int_equal(dk_shard_count_memory(&mem, NULL), DK_OK);
	assert_true(mem > 16 * MB);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule),
		cmocka_unit_test(test_estimate),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
