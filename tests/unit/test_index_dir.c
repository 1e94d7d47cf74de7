/*
 * test_index_dir.c - unit tests for common/index_dir.c.
 *
 * A table of stub texts (accepted with their shards and keys, or
 * rejected), a format/parse round trip, and resolution of directories
 * made on disk: missing, empty, plain (an "iamglass" file stands for a
 * database; nothing here opens it) and managed.
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
#include "fixture.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct stub_row {
	const char *name;
	const char *text;
	dk_status want;
	uint64_t generation;
	const char *manifest;
	const char *shards[4];
	const char *kinds;   /* "l"/"r" per shard; NULL: all local */
};

static const struct stub_row stub_rows[] = {
	{ "one shard", "glass shards/a\n", DK_OK, 0, NULL, { "shards/a" }, NULL },
	{ "auto backend, no final newline", "auto x", DK_OK, 0, NULL, { "x" }, NULL },
	{ "docket's own", "# Written by docket-index\n# docket generation 12\n"
	  "# manifest manifests/000012\nglass shards/g000012-0\n"
	  "glass shards/g000011-1\n", DK_OK, 12, "manifests/000012",
	  { "shards/g000012-0", "shards/g000011-1" }, NULL },
	{ "blank lines, CRLF, spaces", "\r\n  glass   a b \r\n\n", DK_OK, 0, NULL,
	  { "a b" }, NULL },
	{ "other comments ignored", "# hello\n#docket generation 3\nglass a\n",
	  DK_OK, 3, NULL, { "a" }, NULL },
	{ "no shards", "# docket generation 1\n", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "empty", "", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "unknown backend", "chert a\n", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "backend without path", "glass \n", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "bad generation", "# docket generation x1\nglass a\n", DK_ERR_PARSE, 0,
	  NULL, { 0 }, NULL },
	{ "generation overflow", "# docket generation 99999999999999999999\n"
	  "glass a\n", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "garbage line", "glass a\nhello\n", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "remote shards beside a local one",
	  "auto local/a\nremote 10.0.0.7:8100\nremote :ssh s2 xapian-progsrv /srv/x\n"
	  "remote\t[::1]:65535\n", DK_OK, 0, NULL,
	  { "local/a", "10.0.0.7:8100", ":ssh s2 xapian-progsrv /srv/x", "[::1]:65535" },
	  "lrrr" },
	{ "remote without port", "remote host\n", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "remote empty port", "remote host:\n", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "remote port 0", "remote host:0\n", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "remote port too big", "remote host:65536\n", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "remote without host", "remote :\n", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "remote host with a space", "remote a b:1\n", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "remote word glued", "remotehost:1\n", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	/* fuzz_stub: a CR that is not the line end, then a space, stayed in
	 * the path ("a\r"), and written back it read as "a" */
	{ "CR inside a shard path", "glass a\r \n", DK_ERR_PARSE, 0, NULL,
	  { 0 }, NULL },
	{ "control byte in a shard path", "glass a\001b\n", DK_ERR_PARSE, 0,
	  NULL, { 0 }, NULL },
	{ "DEL in a shard path", "glass a\177\n", DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "CR inside the manifest path", "# manifest m\r \nglass a\n",
	  DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "tab inside the manifest path", "# manifest m\tn\nglass a\n",
	  DK_ERR_PARSE, 0, NULL, { 0 }, NULL },
	{ "CRLF after a trailing space", "# manifest m \r\nglass a \r\n",
	  DK_OK, 0, "m", { "a" }, NULL },
};

static void test_stub_bad_line(void **state)
{
	(void)state;
	const struct { const char *text; size_t len; size_t line; } rows[] = {
		{ "# c\nauto a\nremote x\n", 0, 3 },
		{ "bogus", 0, 1 },
		{ "# only\n", 0, 0 },   /* no shards: the stub as a whole */
		{ "auto a\nauto b\0c\n", 15, 2 },
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		dk_stub s;
		size_t line = 99;
		size_t len = rows[i].len ? rows[i].len : strlen(rows[i].text);
		assert_int_equal(dk_stub_parse_at(rows[i].text, len, &s, &line),
				 DK_ERR_PARSE);
		assert_int_equal(line, rows[i].line);
	}
}

static void test_stub_parse_table(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(stub_rows); r++) {
		const struct stub_row *row = &stub_rows[r];
		dk_stub s;
		dk_status st = dk_stub_parse(row->text, strlen(row->text), &s);
		if (st != row->want)
			fail_msg("%s: status %d, want %d", row->name, st, row->want);
		if (st) {
			assert_int_equal(s.nshards, 0);
			assert_null(s.shards);
			continue;
		}
		assert_int_equal(s.generation, row->generation);
		if (row->manifest)
			assert_string_equal(s.manifest, row->manifest);
		else
			assert_null(s.manifest);
		size_t n = 0;
		while (n < 4 && row->shards[n])
			n++;
		if (s.nshards != n)
			fail_msg("%s: %zu shards, want %zu", row->name, s.nshards, n);
		for (size_t i = 0; i < n; i++) {
			assert_string_equal(s.shards[i], row->shards[i]);
			dk_shard_kind want = row->kinds && row->kinds[i] == 'r'
				? DK_SHARD_REMOTE : DK_SHARD_LOCAL;
			assert_int_equal(dk_stub_kind(&s, i), want);
		}
		dk_stub_clear(&s);
	}
}

static void test_stub_round_trip(void **state)
{
	(void)state;
	char *names[] = { "shards/g000007-0", "shards/g000003-1" };
	dk_stub s = { 7, "manifests/000007", names, 2, NULL };
	char *text = NULL;
	assert_int_equal(dk_stub_format(&s, &text), DK_OK);
	/* docket-index writes "auto" lines: a replica may be any backend */
	assert_non_null(strstr(text, "\nauto shards/g000007-0\n"));
	assert_null(strstr(text, "glass"));
	dk_stub back;
	assert_int_equal(dk_stub_parse(text, strlen(text), &back), DK_OK);
	assert_int_equal(back.generation, 7);
	assert_string_equal(back.manifest, "manifests/000007");
	assert_int_equal(back.nshards, 2);
	assert_string_equal(back.shards[0], names[0]);
	assert_string_equal(back.shards[1], names[1]);
	dk_stub_clear(&back);
	free(text);

	char *mixed[] = { "a", "127.0.0.1:9", ":xapian-progsrv /x" };
	dk_shard_kind kinds[] = { DK_SHARD_LOCAL, DK_SHARD_REMOTE,
				  DK_SHARD_REMOTE };
	dk_stub m = { 0, NULL, mixed, 3, kinds };
	assert_int_equal(dk_stub_format(&m, &text), DK_OK);
	assert_non_null(strstr(text, "\nauto a\nremote 127.0.0.1:9\n"
			       "remote :xapian-progsrv /x\n"));
	assert_int_equal(dk_stub_parse(text, strlen(text), &back), DK_OK);
	assert_int_equal(back.nshards, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(back.shards[i], mixed[i]);
		assert_int_equal(dk_stub_kind(&back, i), kinds[i]);
	}
	dk_stub_clear(&back);
	free(text);


	/* Paths a stub line could not give back unchanged are refused. */
	char *bad[] = { "a\nglass evil", "a\r", "a\r ", "", " a", "a\t",
			"a\001b", "a\177" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		dk_stub b2 = { 1, NULL, &bad[i], 1, NULL };
		if (dk_stub_format(&b2, &text) != DK_ERR_INVALID)
			fail_msg("shard path %zu was written", i);
		assert_null(text);
		dk_stub b3 = { 1, bad[i], names, 1, NULL };
		if (dk_stub_format(&b3, &text) != DK_ERR_INVALID)
			fail_msg("manifest path %zu was written", i);
		assert_null(text);
	}
	/* a space inside a path is kept */
	char *spaced[] = { "shards/a b" };
	dk_stub b4 = { 1, "manifests/x y", spaced, 1, NULL };
	assert_int_equal(dk_stub_format(&b4, &text), DK_OK);
	assert_int_equal(dk_stub_parse(text, strlen(text), &back), DK_OK);
	assert_string_equal(back.shards[0], "shards/a b");
	assert_string_equal(back.manifest, "manifests/x y");
	dk_stub_clear(&back);
	free(text);
}

/* ---- on disk ---------------------------------------------------------- */

static char root[PATH_MAX];

static void put(const char *rel, const char *text)
{
	fixture_put(root, rel, text);
}

static void mk(const char *rel)
{
	char p[PATH_MAX + 64];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	assert_int_equal(mkdir(p, 0755), 0);
}

static int setup(void **state)
{
	(void)state;
	return fixture_mkdtemp(root, "dk-index-dir");
}

static int teardown(void **state)
{
	(void)state;
	return fixture_remove_tree(root);
}

static void test_resolve(void **state)
{
	(void)state;
	char p[PATH_MAX + 64];
	dk_index_location loc;
	char *m = NULL;

	snprintf(p, sizeof p, "%s/missing", root);
	assert_int_equal(dk_index_dir_resolve(p, &loc, &m), DK_ERR_NOT_FOUND);
	assert_non_null(m);
	assert_int_equal(loc.n, 0);
	free(m);

	/* empty directory: itself (Xapian then says there is no index) */
	mk("empty");
	snprintf(p, sizeof p, "%s/empty", root);
	assert_int_equal(dk_index_dir_kind(p), DK_INDEX_NONE);
	assert_int_equal(dk_index_dir_resolve(p, &loc, NULL), DK_OK);
	assert_int_equal(loc.n, 1);
	assert_string_equal(loc.paths[0], p);
	dk_index_location_clear(&loc);

	mk("plain");
	put("plain/iamglass", "x");
	snprintf(p, sizeof p, "%s/plain", root);
	assert_int_equal(dk_index_dir_kind(p), DK_INDEX_PLAIN);
	assert_int_equal(dk_index_dir_resolve(p, &loc, NULL), DK_OK);
	assert_int_equal(loc.n, 1);
	assert_int_equal(loc.generation, 0);
	assert_null(loc.manifest);
	assert_string_equal(loc.paths[0], p);
	dk_index_location_clear(&loc);

	mk("gen");
	put("gen/XAPIANDB", "# docket generation 4\n# manifest manifests/000004\n"
	    "glass shards/g000004-0\nglass /abs/elsewhere\n");
	snprintf(p, sizeof p, "%s/gen", root);
	assert_int_equal(dk_index_dir_kind(p), DK_INDEX_MANAGED);
	assert_int_equal(dk_index_dir_resolve(p, &loc, NULL), DK_OK);
	assert_int_equal(loc.n, 2);
	assert_int_equal(loc.generation, 4);
	char want[PATH_MAX + 64];
	snprintf(want, sizeof want, "%s/gen/shards/g000004-0", root);
	assert_string_equal(loc.paths[0], want);
	assert_string_equal(loc.paths[1], "/abs/elsewhere");
	snprintf(want, sizeof want, "%s/gen/manifests/000004", root);
	assert_string_equal(loc.manifest, want);
	dk_index_location_clear(&loc);

	/* a trailing slash on the directory changes nothing */
	snprintf(p, sizeof p, "%s/gen/", root);
	assert_int_equal(dk_index_dir_resolve(p, &loc, NULL), DK_OK);
	snprintf(want, sizeof want, "%s/gen/shards/g000004-0", root);
	assert_string_equal(loc.paths[0], want);
	dk_index_location_clear(&loc);

	mk("broken");
	put("broken/XAPIANDB", "nonsense\n");
	snprintf(p, sizeof p, "%s/broken", root);
	assert_int_equal(dk_index_dir_resolve(p, &loc, &m), DK_ERR_PARSE);
	assert_non_null(m);
	free(m);
	assert_int_equal(loc.n, 0);

	/* a stub file given directly resolves to the shards it names,
	 * local ones relative to the file's directory */
	put("cluster.stub", "# four machines\nauto gen/shards/g000004-0\n"
	    "remote 127.0.0.1:8100\nremote :xapian-progsrv /srv/s3\n");
	snprintf(p, sizeof p, "%s/cluster.stub", root);
	assert_int_equal(dk_index_dir_resolve(p, &loc, NULL), DK_OK);
	assert_int_equal(loc.n, 3);
	snprintf(want, sizeof want, "%s/gen/shards/g000004-0", root);
	assert_string_equal(loc.paths[0], want);
	assert_int_equal(loc.kinds[0], DK_SHARD_LOCAL);
	assert_string_equal(loc.paths[1], "127.0.0.1:8100");
	assert_int_equal(loc.kinds[1], DK_SHARD_REMOTE);
	assert_string_equal(loc.paths[2], ":xapian-progsrv /srv/s3");
	assert_int_equal(loc.kinds[2], DK_SHARD_REMOTE);
	assert_int_equal(loc.generation, 0);
	assert_null(loc.manifest);
	dk_index_location_clear(&loc);

	/* a file that is no stub: named, with its line */
	put("notes.txt", "auto a\nsome words\n");
	snprintf(p, sizeof p, "%s/notes.txt", root);
	assert_int_equal(dk_index_dir_resolve(p, &loc, &m), DK_ERR_PARSE);
	assert_non_null(strstr(m, "not a stub file"));
	assert_non_null(strstr(m, "line 2"));
	free(m);
	assert_int_equal(loc.n, 0);
}

static void test_path_join(void **state)
{
	(void)state;
	const char *rows[][3] = {
		{ "a", "b", "a/b" }, { "a/", "b", "a/b" }, { "/", "x", "/x" },
		{ "", "x", "/x" },
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		char *j = dk_index_dir_join(rows[i][0], rows[i][1]);
		assert_string_equal(j, rows[i][2]);
		free(j);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stub_parse_table),
		cmocka_unit_test(test_stub_round_trip),
		cmocka_unit_test(test_stub_bad_line),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_path_join),
	};
	return cmocka_run_group_tests_name("index_dir", tests, setup, teardown);
}
