/*
 * test_walk.c - unit tests for indexer/walk.c: which files of a tree are
 * read, and that what is not read is reported.
 *
 * A scratch tree holds a dump, a hidden file, a README, a link to the dump
 * (inside the tree: followed), a link to a file in a sibling directory
 * (outside: reported, not followed unless allowed), a dangling link, a
 * link to a directory and a FIFO.  The table of the walk's outcome lists
 * the ids taken and the messages reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#define TMPDIR_NAME "docket-test-walk"
#include "fixture.h"

#include "../../common/buf.h"
#include "../../indexer/walk.h"

static void collect(void *ctx, const char *path, const char *msg)
{
	dk_buf *b = ctx;
	const char *base = strrchr(path, '/');
	dk_buf_printf(b, "%s: %s\n", base ? base + 1 : path, msg);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void make_tree(char *tree)
{
	char p[PATH_MAX], q[PATH_MAX];
	tmpdir_path(tree, "tree");
	assert_int_equal(mkdir(tree, 0700), 0);
	tmpdir_path(p, "outside");
	assert_int_equal(mkdir(p, 0700), 0);
	tmpdir_path(p, "outside/secret.txt");
	put(p, "a secret outside the tree\n");
	tmpdir_path(p, "tree/a.txt");
	put(p, "An article.\n");
	tmpdir_path(p, "tree/.hidden.txt");
	put(p, "hidden\n");
	tmpdir_path(p, "tree/README.md");
	put(p, "readme\n");
	tmpdir_path(p, "tree/in.txt");
	assert_int_equal(symlink("a.txt", p), 0);
	tmpdir_path(q, "outside/secret.txt");
	tmpdir_path(p, "tree/out.txt");
	assert_int_equal(symlink(q, p), 0);
	tmpdir_path(p, "tree/dangling.txt");
	assert_int_equal(symlink("no-such-file", p), 0);
	tmpdir_path(q, "outside");
	tmpdir_path(p, "tree/dirlink");
	assert_int_equal(symlink(q, p), 0);
	tmpdir_path(p, "tree/pipe");
	assert_int_equal(mkfifo(p, 0600), 0);
}

static void ids_of(const dk_input_list *l, dk_buf *ids)
{
	for (size_t i = 0; i < l->n; i++)
		dk_buf_printf(ids, "%s%s", i ? "|" : "", l->v[i].id);
}

static void test_walk_links_and_specials(void **state)
{
	(void)state;
	char tree[PATH_MAX];
	make_tree(tree);
	for (int follow = 0; follow < 2; follow++) {
		dk_walk_set_follow_links(follow);
		dk_input_list l = { 0 };
		dk_buf rep = DK_BUF_INIT, ids = DK_BUF_INIT;
		assert_int_equal(dk_walk(tree, &l, collect, &rep), DK_OK);
		ids_of(&l, &ids);
		const char *r = rep.data ? rep.data : "";
		assert_string_equal(ids.data, follow ? "a.txt|in.txt|out.txt"
						     : "a.txt|in.txt");
		assert_non_null(strstr(r, "dangling.txt: dangling symbolic link, skipped\n"));
		assert_non_null(strstr(r, "dirlink: symbolic link to a directory, not followed\n"));
		assert_non_null(strstr(r, "pipe: a FIFO, skipped\n"));
		if (follow) {
			assert_null(strstr(r, "out.txt"));
		} else {
			assert_non_null(strstr(r, "out.txt: symbolic link to "));
			assert_non_null(strstr(r, "outside the input tree, not followed"));
		}
		assert_null(strstr(r, "hidden"));
		assert_null(strstr(r, "README"));
		dk_input_list_free(&l);
		dk_buf_free(&rep);
		dk_buf_free(&ids);
	}
	dk_walk_set_follow_links(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_links_and_specials),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
