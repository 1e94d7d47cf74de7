/*
 * test_live.c - unit tests for searcher/live.c (the searcher docket.fcgi
 * keeps open) and for dk_cgi_handle() with a borrowed searcher.
 *
 * The set-up indexes one article into a plain index; the tests check that
 * the same searcher is handed out while nothing changes, that a commit to
 * the index, a stub renamed over the old one, a different directory or
 * different options give a new one, that a missing index fails without
 * keeping anything and is picked up once it exists, and that the CGI
 * handler answers from a searcher it is lent and leaves it open; and the
 * file signature (common/file_sig.h) they and the template cache compare.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <jansson.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../common/buf.h"
#include "../../common/file_sig.h"
#include "../../indexer/indexer.h"
#include "../../searcher/cgi.h"
#include "../../searcher/live.h"
#include "../../searcher/search.h"
#define TMPDIR_NAME "docket-test-live"
#include "fixture.h"

static const fixture_article first[] = {
	{ "a1", "Alpha quartz ruling", NULL, "S", "2024-01-02",
	  "The quartz ruling came down on Monday.", NULL },
};
static const fixture_article second[] = {
	{ "a2", "Beta quartz appeal", NULL, "S", "2024-02-03",
	  "An appeal of the quartz ruling was filed.", NULL },
};

static int group_setup(void **state)
{
	char dump[PATH_MAX], idx[PATH_MAX];
	if (tmpdir_setup(state))
		return -1;
	tmpdir_path(dump, "first.jsonl");
	tmpdir_path(idx, "index");
	if (fixture_write_jsonl(dump, first, 1))
		return -1;
	return fixture_index(dump, idx, 1);
}

/* The number of matches of q through the library's handle ix. */
static uint64_t count(docket_index *ix, const char *q)
{
	docket_request *r = NULL;
	docket_results *res = NULL;
	assert_int_equal(docket_request_new(&r), DOCKET_OK);
	assert_int_equal(docket_request_set_query(r, q, strlen(q)), DOCKET_OK);
	assert_int_equal(docket_search(ix, r, &res), DOCKET_OK);
	uint64_t n = docket_results_total(res, NULL);
	docket_results_free(res);
	docket_request_free(r);
	return n;
}

static void test_reuse_and_commit(void **state)
{
	(void)state;
	char idx[PATH_MAX], dump[PATH_MAX];
	tmpdir_path(idx, "index");
	dk_live l;
	docket_index *a = NULL, *b = NULL;
	dk_live_init(&l);
	assert_int_equal(dk_live_get(&l, idx, NULL, &a, NULL), DK_OK);
	assert_int_equal(dk_live_get(&l, idx, NULL, &b, NULL), DK_OK);
	assert_ptr_equal(a, b);
	assert_int_equal(l.opens, 1);
	assert_int_equal(count(b, "quartz"), 1);

	/* Different options: a new handle. */
	dk_searcher_opts o = { 0 };
	o.partial = 1;
	assert_int_equal(dk_live_get(&l, idx, &o, &b, NULL), DK_OK);
	assert_int_equal(l.opens, 2);

	/* A commit to the index: the next get sees it. */
	tmpdir_path(dump, "second.jsonl");
	assert_int_equal(fixture_write_jsonl(dump, second, 1), 0);
	assert_int_equal(fixture_index(dump, idx, 1), 0);
	assert_int_equal(dk_live_get(&l, idx, &o, &b, NULL), DK_OK);
	assert_int_equal(l.opens, 3);
	assert_int_equal(count(b, "quartz"), 2);

	/* A drop (after a failure, on SIGHUP) opens again. */
	dk_live_drop(&l);
	assert_null(l.ix);
	assert_int_equal(dk_live_get(&l, idx, &o, &b, NULL), DK_OK);
	assert_int_equal(l.opens, 4);
	dk_live_free(&l);
	assert_null(l.ix);
	assert_null(l.dir);
}

/* A stub file given as the index: a new stub renamed over it (as a
 * publish does) is a change even with the same size and content. */
static void test_stub_renamed(void **state)
{
	(void)state;
	char stub[PATH_MAX], tmp[PATH_MAX];
	tmpdir_path(stub, "one.stub");
	tmpdir_path(tmp, "one.stub.new");
	fixture_put(tmpdir_root, "one.stub", "auto index\n");
	dk_live l;
	docket_index *s = NULL;
	dk_live_sig before, after;
	dk_live_init(&l);
	assert_int_equal(dk_live_get(&l, stub, NULL, &s, NULL), DK_OK);
	assert_int_equal(dk_live_get(&l, stub, NULL, &s, NULL), DK_OK);
	assert_int_equal(l.opens, 1);
	dk_live_signature(stub, &before);
	assert_true(before.found);
	fixture_put(tmpdir_root, "one.stub.new", "auto index\n");
	assert_int_equal(rename(tmp, stub), 0);
	dk_live_signature(stub, &after);
	assert_true(after.found);
	assert_true(after.ino != before.ino);
	assert_int_equal(dk_live_get(&l, stub, NULL, &s, NULL), DK_OK);
	assert_int_equal(l.opens, 2);
	assert_int_equal(count(s, "quartz"), 2);
	dk_live_free(&l);
}

/* The signature both the live index and docket.fcgi's template cache
 * compare (common/file_sig.h): a missing file is all zero, an unchanged
 * one compares the same, a longer one does not, and neither does a
 * missing one against what was there. */
static void test_file_sig(void **state)
{
	(void)state;
	char path[PATH_MAX];
	dk_file_sig gone, a, b, zero;
	memset(&zero, 0, sizeof zero);
	tmpdir_path(path, "sig.txt");
	unlink(path);
	memset(&gone, 0x5a, sizeof gone);
	assert_int_equal(dk_file_sig_get(path, &gone), 0);
	assert_memory_equal(&gone, &zero, sizeof zero);
	assert_int_equal(dk_file_sig_get(NULL, &a), 0);
	fixture_put(tmpdir_root, "sig.txt", "one\n");
	assert_int_equal(dk_file_sig_get(path, &a), 1);
	assert_int_equal(dk_file_sig_get(path, &b), 1);
	assert_true(a.found);
	assert_int_equal(a.size, 4);
	assert_true(dk_file_sig_same(&a, &b));
	assert_false(dk_file_sig_same(&a, &gone));
	fixture_put(tmpdir_root, "sig.txt", "one two\n");
	assert_int_equal(dk_file_sig_get(path, &b), 1);
	assert_false(dk_file_sig_same(&a, &b));
	unlink(path);
}

/* A missing index fails and keeps nothing; once there, it opens. */
static void test_missing_then_there(void **state)
{
	(void)state;
	char later[PATH_MAX], dump[PATH_MAX];
	tmpdir_path(later, "later");
	tmpdir_path(dump, "first.jsonl");
	dk_live l;
	docket_index *s = (docket_index *)&l;
	char *msg = NULL;
	dk_live_init(&l);
	assert_int_not_equal(dk_live_get(&l, later, NULL, &s, &msg), DK_OK);
	assert_null(s);
	assert_null(l.ix);
	free(msg);
	assert_int_not_equal(dk_live_get(&l, "", NULL, &s, NULL), DK_OK);
	assert_int_equal(fixture_index(dump, later, 1), 0);
	assert_int_equal(dk_live_get(&l, later, NULL, &s, NULL), DK_OK);
	assert_non_null(s);
	assert_int_equal(l.opens, 1);
	assert_int_equal(count(s, "quartz"), 1);
	dk_live_free(&l);
}

/* dk_cgi_handle answers from a lent index handle and leaves it open. */
static void test_cgi_borrowed(void **state)
{
	(void)state;
	char idx[PATH_MAX];
	tmpdir_path(idx, "index");
	dk_live l;
	docket_index *s = NULL;
	dk_live_init(&l);
	assert_int_equal(dk_live_get(&l, idx, NULL, &s, NULL), DK_OK);
	for (int i = 0; i < 3; i++) {
		dk_cgi_request req;
		dk_buf out = DK_BUF_INIT;
		memset(&req, 0, sizeof req);
		req.method = "GET";
		req.query_string = i == 2 ? "id=a1&format=json" :
				   "q=quartz&format=json";
		req.index_dir = idx;
		req.ix = s;
		assert_int_equal(dk_cgi_handle(&req, &out), 200);
		assert_non_null(strstr(out.data, "\"a1\""));
		dk_buf_free(&out);
	}
	/* Still open and usable: the handler did not close it. */
	assert_int_equal(count(s, "quartz"), 2);
	dk_live_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reuse_and_commit),
		cmocka_unit_test(test_stub_renamed),
		cmocka_unit_test(test_missing_then_there),
		cmocka_unit_test(test_file_sig),
		cmocka_unit_test(test_cgi_borrowed),
	};
	return cmocka_run_group_tests_name("live", tests, group_setup,
					   tmpdir_teardown);
}
