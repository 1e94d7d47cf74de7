/*
 * test_generations.c - unit tests for indexer/generations.c.
 *
 * The lock (a second flock(2) on its own open file is refused even within
 * one process, so no fork is needed), publishing and rolling back stubs,
 * what the clean-up keeps and removes, generation numbering, and the
 * file-tree helpers.  Shards are plain directories here: nothing opens
 * them as databases.
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
#include <sys/stat.h>
#include <unistd.h>

#include "../../common/index_dir.h"
#include "../../indexer/generations.h"
#include "fixture.h"

static char root[PATH_MAX];
static char dir[PATH_MAX + 32];

static void path_of(char *out, size_t cap, const char *rel)
{
	if (snprintf(out, cap, "%s/%s", dir, rel) >= (int)cap)
		fail_msg("path too long");
}

static int exists(const char *rel)
{
	char p[PATH_MAX + 128];
	struct stat sb;
	path_of(p, sizeof p, rel);
	return stat(p, &sb) == 0;
}

static void put(const char *rel, const char *text)
{
	fixture_put(dir, rel, text);
}

static void mkshard(const char *name)
{
	char p[PATH_MAX + 128];
	char rel[128];
	snprintf(rel, sizeof rel, "shards/%s", name);
	path_of(p, sizeof p, rel);
	assert_int_equal(dk_gen_mkdirs(p), DK_OK);
	snprintf(rel, sizeof rel, "shards/%s/iamglass", name);
	put(rel, "glass");
}

static int setup(void **state)
{
	(void)state;
	if (fixture_mkdtemp(root, "dk-gen"))
		return -1;
	snprintf(dir, sizeof dir, "%s/idx", root);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return dk_gen_tree_remove(root) == DK_OK ? 0 : -1;
}

static void test_lock(void **state)
{
	(void)state;
	assert_int_equal(dk_gen_mkdirs(dir), DK_OK);
	int a = -1, b = -1;
	long holder = -1;
	assert_int_equal(dk_gen_lock(dir, &a, &holder), DK_OK);
	assert_true(a >= 0);
	assert_int_equal(holder, 0);
	assert_int_equal(dk_gen_lock(dir, &b, &holder), DK_ERR_BUSY);
	assert_int_equal(b, -1);
	assert_int_equal(holder, (long)getpid());
	dk_gen_unlock(a);
	assert_int_equal(dk_gen_lock(dir, &b, NULL), DK_OK);
	dk_gen_unlock(b);
	char missing[PATH_MAX + 64];
	snprintf(missing, sizeof missing, "%s/none/deeper", root);
	assert_int_equal(dk_gen_lock(missing, &a, NULL), DK_ERR_IO);
}

static dk_stub make_stub(uint64_t g, char **names, size_t n, char *manifest)
{
	dk_stub s = { g, manifest, names, n, NULL };
	return s;
}

static void test_publish_rollback_gc(void **state)
{
	(void)state;
	assert_int_equal(dk_gen_mkdirs(dir), DK_OK);
	uint64_t next = 0;
	assert_int_equal(dk_gen_next_number(dir, &next), DK_OK);
	assert_int_equal(next, 1);

	mkshard("g000001-0");
	char *s1[] = { "shards/g000001-0" };
	dk_stub st1 = make_stub(1, s1, 1, "manifests/000001");
	char *m = NULL;
	assert_int_equal(dk_gen_publish(dir, &st1, &m), DK_OK);
	assert_null(m);
	assert_true(exists("XAPIANDB"));
	assert_false(exists("XAPIANDB.prev"));
	assert_int_equal(dk_index_dir_kind(dir), DK_INDEX_MANAGED);

	mkshard("g000002-0");
	mkshard("g000001-1");  /* carried over by an update */
	char *s2[] = { "shards/g000001-1", "shards/g000002-0" };
	dk_stub st2 = make_stub(2, s2, 2, NULL);
	/* a path the stub could not give back unchanged: refused with a
	 * message, and generation 1 stays live without a "previous" */
	char *sbad[] = { "shards/g000002-0\r" };
	dk_stub stbad = make_stub(2, sbad, 1, NULL);
	assert_int_equal(dk_gen_publish(dir, &stbad, &m), DK_ERR_INVALID);
	assert_non_null(m);
	assert_non_null(strstr(m, "control character"));
	free(m);
	m = NULL;
	assert_false(exists("XAPIANDB.prev"));
	assert_int_equal(dk_gen_publish(dir, &st2, &m), DK_OK);
	dk_stub live, prev;
	assert_int_equal(dk_gen_read_stub(dir, 0, &live), DK_OK);
	assert_int_equal(dk_gen_read_stub(dir, 1, &prev), DK_OK);
	assert_int_equal(live.generation, 2);
	assert_int_equal(live.nshards, 2);
	assert_int_equal(prev.generation, 1);
	dk_stub_clear(&live);
	dk_stub_clear(&prev);

	/* leftovers of a killed run, and an old generation */
	mkshard("g000003-0");
	mkshard("g000000-9");
	assert_int_equal(dk_gen_mkdirs(dir), DK_OK);
	char p[PATH_MAX + 128];
	path_of(p, sizeof p, "tmp/g000003/w0");
	assert_int_equal(dk_gen_mkdirs(p), DK_OK);
	path_of(p, sizeof p, "manifests");
	assert_int_equal(dk_gen_mkdirs(p), DK_OK);
	put("manifests/000001", "docket-manifest 1\n");
	put("manifests/000000", "docket-manifest 1\n");
	put("XAPIANDB.new123", "glass half\n");
	assert_int_equal(dk_gen_next_number(dir, &next), DK_OK);
	assert_int_equal(next, 4);

	dk_gc_stats gs;
	assert_int_equal(dk_gen_gc(dir, &gs), DK_OK);
	assert_int_equal(gs.removed, 5);  /* tmp, 2 shards, 1 manifest, stub */
	assert_true(exists("shards/g000001-0"));   /* previous */
	assert_true(exists("shards/g000001-1"));   /* live */
	assert_true(exists("shards/g000002-0"));   /* live */
	assert_false(exists("shards/g000003-0"));
	assert_false(exists("shards/g000000-9"));
	assert_true(exists("manifests/000001"));
	assert_false(exists("manifests/000000"));
	assert_false(exists("tmp"));
	assert_false(exists("XAPIANDB.new123"));

	/* rollback: generation 1 is live again and 2's own shard goes */
	assert_int_equal(dk_gen_rollback(dir, &m), DK_OK);
	assert_int_equal(dk_gen_read_stub(dir, 0, &live), DK_OK);
	assert_int_equal(live.generation, 1);
	dk_stub_clear(&live);
	assert_int_equal(dk_gen_read_stub(dir, 1, &prev), DK_ERR_NOT_FOUND);
	assert_int_equal(dk_gen_gc(dir, &gs), DK_OK);
	assert_true(exists("shards/g000001-0"));
	assert_false(exists("shards/g000002-0"));
	assert_false(exists("shards/g000001-1"));
	assert_int_equal(dk_gen_rollback(dir, &m), DK_ERR_NOT_FOUND);
	free(m);
	m = NULL;

	/* a previous generation whose shard is gone is not rolled back to */
	mkshard("g000005-0");
	char *s5[] = { "shards/g000005-0" };
	dk_stub st5 = make_stub(5, s5, 1, NULL);
	assert_int_equal(dk_gen_publish(dir, &st5, &m), DK_OK);
	path_of(p, sizeof p, "shards/g000001-0");
	assert_int_equal(dk_gen_tree_remove(p), DK_OK);
	assert_int_equal(dk_gen_rollback(dir, &m), DK_ERR_NOT_FOUND);
	assert_non_null(m);
	free(m);
	assert_int_equal(dk_gen_read_stub(dir, 0, &live), DK_OK);
	assert_int_equal(live.generation, 5);
	dk_stub_clear(&live);

	/* an unreadable live stub: clean-up removes nothing */
	put("XAPIANDB", "garbage\n");
	mkshard("g000009-0");
	assert_int_equal(dk_gen_gc(dir, &gs), DK_ERR_PARSE);
	assert_true(exists("shards/g000009-0"));
	assert_int_equal(dk_gen_tree_remove(dir), DK_OK);
}

static void test_tree_helpers(void **state)
{
	(void)state;
	char src[PATH_MAX + 64], dst[PATH_MAX + 64];
	snprintf(src, sizeof src, "%s/src", root);
	snprintf(dst, sizeof dst, "%s/dst", root);
	assert_int_equal(dk_gen_mkdirs(src), DK_OK);
	assert_int_equal(dk_gen_mkdirs(src), DK_OK);  /* exists: fine */
	char f[PATH_MAX + 128];
	static const char *names[] = { "a.glass", "iamglass", "flintlock" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(f, sizeof f, "%s/%s", src, names[i]);
		FILE *fp = fopen(f, "w");
		assert_non_null(fp);
		for (int k = 0; k < 1000; k++)
			fputs("0123456789", fp);
		fclose(fp);
	}
	assert_int_equal(dk_gen_tree_size(src), 30000);
	assert_int_equal(dk_gen_dir_copy(src, dst), DK_OK);
	assert_int_equal(dk_gen_tree_size(dst), 20000);  /* no flintlock */
	assert_int_equal(dk_gen_dir_copy(src, dst), DK_ERR_IO);  /* dst exists */
	assert_int_equal(dk_gen_tree_sync(dst), DK_OK);
	assert_int_equal(dk_gen_tree_remove(dst), DK_OK);
	assert_int_equal(dk_gen_tree_remove(dst), DK_OK);  /* absent: fine */
	assert_int_equal(dk_gen_tree_size(dst), 0);
	assert_int_equal(dk_gen_tree_remove(src), DK_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_publish_rollback_gc),
		cmocka_unit_test(test_tree_helpers),
	};
	return cmocka_run_group_tests_name("generations", tests, setup, teardown);
}
