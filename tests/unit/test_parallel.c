/*
 * test_parallel.c - unit tests for indexer/parallel.c.
 *
 * Two JSONL dumps where some ids repeat (inside one dump and across the
 * two) are built with 1, 2 and 3 workers; whatever the number of shards,
 * the shards together must hold each id once, as its last copy, with the
 * per-input counts and the id list matching; a shard that cannot be
 * created fails the build with a message.  Story keys do not depend on
 * the number of workers: 200 stories, each copied word for word later in
 * the dump (so first telling and copy are refined by different workers
 * at about the same time), get the keys one worker gives them.
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

#include "../../common/article.h"
#include "../../common/buf.h"
#include "../../indexer/doc_builder.h"
#include "../../indexer/generations.h"
#include "../../indexer/parallel.h"
#include "../../shims/xapian_shim.h"
#include "fixture.h"

static char root[PATH_MAX];
static char dump[2][PATH_MAX + 32];
static char stories[PATH_MAX + 32];

#define NSTORY 200  /* stories: s0..s199, then their copies c0..c199 */

#define N0 300   /* articles in dump 0: ids 0..299, then 0..19 again */
#define N1 100   /* dump 1: ids 250..349 */

static int setup(void **state)
{
	(void)state;
	if (fixture_mkdtemp(root, "dk-parallel"))
		return -1;
	for (int d = 0; d < 2; d++) {
		snprintf(dump[d], sizeof dump[d], "%s/d%d.jsonl", root, d);
		FILE *f = fopen(dump[d], "w");
		if (!f)
			return -1;
		int from = d ? 250 : 0, n = d ? N1 : N0;
		for (int i = 0; i < n; i++)
			fprintf(f, "{\"id\":\"a%d\",\"title\":\"t%d\",\"text\":\"copy "
				"d%d first word%d\"}\n", from + i, i, d, i);
		if (!d)
			for (int i = 0; i < 20; i++)
				fprintf(f, "{\"id\":\"a%d\",\"title\":\"t\",\"text\":"
					"\"copy d0 again\"}\n", i);
		fclose(f);
	}
	/* About 1.6 KB a story, so that batches (256 KB) split the dump. */
	snprintf(stories, sizeof stories, "%s/stories.jsonl", root);
	FILE *f = fopen(stories, "w");
	if (!f)
		return -1;
	for (int copy = 0; copy < 2; copy++)
		for (int k = 0; k < NSTORY; k++) {
			fprintf(f, "{\"id\":\"%c%d\",\"title\":\"story %d\","
				"\"text\":\"", copy ? 'c' : 's', k, k);
			for (int w = 0; w < 200; w++)
				fprintf(f, "w%dx%d ", k, w);
			fputs("\"}\n", f);
		}
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return dk_gen_tree_remove(root) == DK_OK ? 0 : -1;
}

/* id's article as stored in the shards, decoded into *a (the caller
 * clears it); 0 when it is not there. */
static int article_of(dk_reader *r, const char *id, dk_article *a)
{
	dk_buf uid = DK_BUF_INIT;
	dk_article_uid_term(id, &uid);
	dk_query *q = NULL;
	dk_mset *ms = NULL;
	int found = 0;
	assert_int_equal(dk_query_term(uid.data, uid.len, 1, &q), DK_OK);
	dk_search_opts o;
	dk_search_opts_init(&o);
	assert_int_equal(dk_reader_search(r, q, &o, 0, 10, &ms), DK_OK);
	if (dk_mset_size(ms) > 1)
		fail_msg("%s is there %zu times", id, dk_mset_size(ms));
	if (dk_mset_size(ms) == 1) {
		const char *data;
		size_t len;
		assert_int_equal(dk_mset_data(ms, 0, &data, &len), DK_OK);
		assert_int_equal(dk_article_decode(data, len, a), DK_OK);
		found = 1;
	}
	dk_mset_free(ms);
	dk_query_free(q);
	dk_buf_free(&uid);
	return found;
}

/* The text of id's document in the shards, or NULL (the caller frees). */
static char *text_of(dk_reader *r, const char *id)
{
	dk_article a = { 0 };
	char *out = NULL;
	if (article_of(r, id, &a)) {
		out = a.text;
		a.text = NULL;
	}
	dk_article_clear(&a);
	return out;
}

/* Build inputs in[0..n) with jobs workers into root/NAME's shards
 * (paths[0..jobs), which the caller frees with free_paths) and open a
 * reader over them; the caller clears *res and closes the reader. */
static dk_reader *build(const char *name, unsigned jobs, dk_build_input *in,
			size_t n, char **paths, dk_build_result *res)
{
	char dir[PATH_MAX + 32];
	snprintf(dir, sizeof dir, "%s/%s", root, name);
	assert_int_equal(dk_gen_mkdirs(dir), DK_OK);
	for (unsigned k = 0; k < jobs; k++) {
		paths[k] = malloc(PATH_MAX + 64);
		snprintf(paths[k], PATH_MAX + 64, "%s/w%u", dir, k);
	}
	dk_build_opts o = { 0 };
	o.jobs = jobs;
	o.writer_flags = DK_WRITER_NO_SYNC;
	o.err = stderr;
	o.prog = "test_parallel";
	char *m = NULL;
	if (dk_parallel_build(&o, in, n, (const char *const *)paths, res, &m))
		fail_msg("%s: %s", name, m ? m : "?");
	dk_reader *r = NULL;
	assert_int_equal(dk_reader_open((const char *const *)paths, jobs, &r, &m),
			 DK_OK);
	return r;
}

static void free_paths(char **paths, unsigned jobs)
{
	for (unsigned k = 0; k < jobs; k++)
		free(paths[k]);
}

static void build_with(unsigned jobs)
{
	char name[32], *paths[3];
	snprintf(name, sizeof name, "j%u", jobs);
	dk_build_input in[2] = {
		{ dump[0], "d0.jsonl", "00000000000000aa", 1, 0, 0 },
		{ dump[1], "d1.jsonl", NULL, 1, 0, 0 },
	};
	dk_build_result res;
	dk_reader *r = build(name, jobs, in, 2, paths, &res);
	assert_int_equal(res.stats.indexed, 350);
	assert_int_equal(res.stats.replaced, 20 + 50);
	assert_int_equal(res.nuids, 350);
	for (size_t i = 1; i < res.nuids; i++)
		assert_true(strcmp(res.uids[i - 1], res.uids[i]) < 0);
	assert_int_equal(in[0].articles, 250);  /* 250..299 went to d1 */
	assert_int_equal(in[1].articles, 100);

	uint64_t n = 0;
	assert_int_equal(dk_reader_doccount(r, &n), DK_OK);
	assert_int_equal(n, 350);
	static const struct { const char *id; const char *text; } want[] = {
		{ "a0", "copy d0 again" }, { "a19", "copy d0 again" },
		{ "a20", "copy d0 first word20" }, { "a249", "copy d0 first word249" },
		{ "a250", "copy d1 first word0" }, { "a299", "copy d1 first word49" },
		{ "a349", "copy d1 first word99" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char *t = text_of(r, want[i].id);
		if (!t || strcmp(t, want[i].text))
			fail_msg("jobs %u: %s: '%s'", jobs, want[i].id, t ? t : "(none)");
		free(t);
	}
	/* the F term is on dump 0's articles only */
	uint64_t tf = 0;
	assert_int_equal(dk_reader_termfreq(r, "F00000000000000aa", 17, &tf), DK_OK);
	assert_int_equal(tf, 250);
	dk_reader_close(r);
	dk_build_result_clear(&res);
	free_paths(paths, jobs);
}

static void test_one_worker(void **state)
{
	(void)state;
	build_with(1);
}

static void test_two_workers(void **state)
{
	(void)state;
	build_with(2);
}

static void test_three_workers(void **state)
{
	(void)state;
	build_with(3);
}

/* Build the story dump with jobs workers under root/NAME; keys[i] gets
 * the story key of s0.., then of c.. (the caller frees them). */
static void story_keys(const char *name, unsigned jobs, char **keys)
{
	char *paths[3];
	dk_build_input in[1] = { { stories, "stories.jsonl", NULL, 1, 0, 0 } };
	dk_build_result res;
	dk_reader *r = build(name, jobs, in, 1, paths, &res);
	assert_int_equal(res.stats.indexed, 2 * NSTORY);
	for (int i = 0; i < 2 * NSTORY; i++) {
		char id[32];
		snprintf(id, sizeof id, "%c%d", i < NSTORY ? 's' : 'c', i % NSTORY);
		dk_article a = { 0 };
		if (!article_of(r, id, &a) || !a.story)
			fail_msg("%s: %s has no story key", name, id);
		keys[i] = a.story;
		a.story = NULL;
		dk_article_clear(&a);
	}
	dk_reader_close(r);
	dk_build_result_clear(&res);
	free_paths(paths, jobs);
}

static void test_story_keys_follow_input(void **state)
{
	(void)state;
	static char *one[2 * NSTORY], *more[2 * NSTORY];
	story_keys("k1", 1, one);
	for (int k = 0; k < NSTORY; k++)  /* a copy joins its story */
		if (strcmp(one[k], one[NSTORY + k]))
			fail_msg("c%d: key %s, s%d: %s", k, one[NSTORY + k], k, one[k]);
	for (unsigned jobs = 2; jobs <= 3; jobs++) {
		for (int run = 0; run < 3; run++) {
			char name[32];
			snprintf(name, sizeof name, "k%u-%d", jobs, run);
			story_keys(name, jobs, more);
			for (int i = 0; i < 2 * NSTORY; i++) {
				if (strcmp(one[i], more[i]))
					fail_msg("%s: %c%d: key %s, with one worker %s",
						 name, i < NSTORY ? 's' : 'c', i % NSTORY,
						 more[i], one[i]);
				free(more[i]);
			}
		}
	}
	for (int i = 0; i < 2 * NSTORY; i++)
		free(one[i]);
}

static void test_shard_cannot_be_created(void **state)
{
	(void)state;
	char bad[PATH_MAX + 64];
	snprintf(bad, sizeof bad, "%s/d0.jsonl/not-a-dir", root);
	const char *paths[1] = { bad };
	dk_build_input in[1] = { { dump[0], "d0.jsonl", NULL, 1, 0, 0 } };
	dk_build_opts o = { 0 };
	o.jobs = 1;
	o.err = stderr;
	dk_build_result res;
	char *m = NULL;
	assert_int_not_equal(dk_parallel_build(&o, in, 1, paths, &res, &m), DK_OK);
	assert_non_null(m);
	assert_non_null(strstr(m, "not-a-dir"));
	assert_int_equal(res.nuids, 0);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_worker),
		cmocka_unit_test(test_two_workers),
		cmocka_unit_test(test_three_workers),
		cmocka_unit_test(test_story_keys_follow_input),
		cmocka_unit_test(test_shard_cannot_be_created),
	};
	return cmocka_run_group_tests_name("parallel", tests, setup, teardown);
}
