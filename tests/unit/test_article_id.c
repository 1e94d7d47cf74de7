/*
 * test_article_id.c - unit tests for indexer/article_id.c: absolute,
 * lexically normalized paths, and ids relative to a root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../indexer/article_id.h"

static void test_abspath(void **state)
{
	(void)state;
	static const struct { const char *in, *want; } rows[] = {
		{ "/a/b/c.txt", "/a/b/c.txt" },
		{ "/a//b/./c.txt", "/a/b/c.txt" },
		{ "/a/b/../c.txt", "/a/c.txt" },
		{ "/a/b/sub/", "/a/b/sub" },
		{ "/../..", "/" },
		{ "/", "/" },
		{ "/a/b/c.txt/..", "/a/b" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *p = NULL;
		assert_int_equal(dk_article_id_abspath(rows[i].in, &p), DK_OK);
		assert_string_equal(p, rows[i].want);
		free(p);
	}
	/* A relative path starts at the current directory. */
	char *p = NULL;
	assert_int_equal(dk_article_id_abspath("x/./y", &p), DK_OK);
	assert_true(p[0] == '/');
	assert_non_null(strstr(p, "/x/y"));
	free(p);
}

static void test_rebase(void **state)
{
	(void)state;
	dk_input v[4] = {
		{ strdup("/data/news/sub/b.txt"), strdup("b.txt"), 0, 0 },
		{ strdup("/data/news/./a.txt"), strdup("a.txt"), 0, 0 },
		{ strdup("/elsewhere/c.txt"), strdup("c.txt"), 0, 0 },
		{ strdup("/data/newsroom/d.txt"), strdup("d.txt"), 0, 0 },
	};
	dk_input_list list = { v, 4, 4, 0 };
	assert_int_equal(dk_article_id_rebase(&list, 1, "/data/news/"), DK_OK);
	assert_string_equal(v[0].id, "b.txt");   /* before from: untouched */
	assert_string_equal(v[1].id, "a.txt");
	assert_string_equal(v[2].id, "/elsewhere/c.txt");   /* outside */
	assert_string_equal(v[3].id, "/data/newsroom/d.txt"); /* not a prefix folder */
	assert_int_equal(dk_article_id_rebase(&list, 0, "/data"), DK_OK);
	assert_string_equal(v[0].id, "news/sub/b.txt");
	for (size_t i = 0; i < 4; i++) {
		free(v[i].path);
		free(v[i].id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abspath),
		cmocka_unit_test(test_rebase),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
