/*
 * test_minhash.c - unit tests for indexer/extract/minhash.c.
 *
 * Sketches: equal texts are equal, normalization (case, accents, curly
 * apostrophes, punctuation) does not change a sketch, the estimate is
 * within a few standard errors of the exact Jaccard similarity of word
 * 5-shingles (computed here by brute force) for a table of overlaps,
 * short and empty texts.  The story index: copies join the first
 * article's story, different texts start their own, a carried key is
 * kept, the key of a new story is a function of the id, many copies of
 * one text stay fast, and two threads can share one index.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <pthread.h>

#include <cmocka.h>

#include "../../common/buf.h"
#include "../../indexer/extract/minhash.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A text of n words w<seed*100000+i>, i from first. */
static char *words(unsigned seed, unsigned first, unsigned n)
{
	dk_buf b = DK_BUF_INIT;
	for (unsigned i = first; i < first + n; i++)
		dk_buf_printf(&b, "w%u ", seed * 100000 + i);
	return dk_buf_detach(&b, NULL);
}

static double sim_of(const char *a, const char *b)
{
	dk_minhash ma, mb;
	dk_minhash_text(a, strlen(a), &ma);
	dk_minhash_text(b, strlen(b), &mb);
	return dk_minhash_similarity(&ma, &mb);
}

static void test_equal_and_normalized(void **state)
{
	(void)state;
	const char *a = "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1" "ez\xE2\x80\x99s clients said \xE2\x80\x9Cthe company\xE2\x80\x9D never asked them; they did not agree.";
	const char *b = "JOSE NUNEZ'S clients said \"the company\" never asked them, they did not agree!";
	assert_true(sim_of(a, a) == 1.0);
	assert_true(sim_of(a, b) == 1.0);
	/* A different word changes the shingles that hold it. */
	assert_true(sim_of(a, "Jose Nunez's clients said the firm never asked them; they did not agree.") < 1.0);
	/* Short texts: fewer than five words are one shingle. */
	assert_true(sim_of("Reuter", "REUTER") == 1.0);
	assert_true(sim_of("Blah blah blah.", "Blah blah blah") == 1.0);
	assert_true(sim_of("one two", "three four") < 0.1);
	/* Empty texts compare with nothing. */
	dk_minhash m;
	dk_minhash_text("", 0, &m);
	assert_int_equal(m.shingles, 0);
	dk_minhash_text(" -- ... \xE2\x80\x94 ", 12, &m);
	assert_int_equal(m.shingles, 0);
	assert_true(sim_of("", "") == 0.0);
	assert_true(sim_of("", "some words here") == 0.0);
}

struct overlap_row {
	unsigned n;       /* words in each text */
	unsigned shift;   /* the second text starts this many words later */
};

static const struct overlap_row overlap_rows[] = {
	{ 400, 0 }, { 400, 20 }, { 400, 100 }, { 400, 200 }, { 400, 300 },
	{ 400, 400 }, { 60, 10 }, { 60, 30 }, { 2000, 500 }, { 2000, 1500 },
};

/* The exact Jaccard similarity of the 5-shingle sets of word ranges
 * [0, n) and [shift, shift + n) of one sequence of distinct words. */
static double exact(unsigned n, unsigned shift)
{
	double sa = n - 4.0;
	double common = shift >= n - 4 ? 0 : (double)(n - 4 - shift);
	return common / (2 * sa - common);
}

static void test_estimate_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t r = 0; r < ARRAY_LEN(overlap_rows); r++) {
		const struct overlap_row *row = &overlap_rows[r];
		char *a = words(7, 0, row->n);
		char *b = words(7, row->shift, row->n);
		double got = sim_of(a, b), want = exact(row->n, row->shift);
		/* Four standard errors of a 128-bin estimate, at least 0.05. */
		double tol = 4 * sqrt(want * (1 - want) / DK_MINHASH_K);
		if (tol < 0.05)
			tol = 0.05;
		if (got < want - tol || got > want + tol) {
			print_error("n %u shift %u: estimate %.3f, exact %.3f\n", row->n,
				    row->shift, got, want);
			bad++;
		}
		free(a);
		free(b);
	}
	assert_int_equal(bad, 0);
}

static void test_stories(void **state)
{
	(void)state;
	dk_stories *s = NULL;
	assert_int_equal(dk_stories_new(0, 0, &s), DK_OK);
	char *orig = words(1, 0, 600);
	/* A copy with a paragraph added, one trimmed, one with a new lead. */
	char *added = words(1, 0, 700);
	char *trimmed = words(1, 0, 450);
	char *lead = words(1, 50, 550);
	char *other = words(2, 0, 600);
	char k0[DK_STORY_KEY_LEN + 1], k[DK_STORY_KEY_LEN + 1];
	double sim;
	dk_minhash m;
	dk_minhash_text(orig, strlen(orig), &m);
	assert_int_equal(dk_stories_assign(s, &m, "wire-1", NULL, 0, k0, &sim), DK_OK);
	assert_int_equal(strlen(k0), DK_STORY_KEY_LEN);
	assert_true(sim == 0.0);
	const char *copies[] = { added, trimmed, lead };
	for (size_t i = 0; i < ARRAY_LEN(copies); i++) {
		dk_minhash_text(copies[i], strlen(copies[i]), &m);
		char id[16];
		snprintf(id, sizeof id, "copy-%zu", i);
		assert_int_equal(dk_stories_assign(s, &m, id, NULL, 0, k, &sim), DK_OK);
		assert_string_equal(k, k0);
		assert_true(sim >= 0.5);
	}
	char k_other[DK_STORY_KEY_LEN + 1];
	dk_minhash_text(other, strlen(other), &m);
	assert_int_equal(dk_stories_assign(s, &m, "other", NULL, 0, k_other, &sim),
			 DK_OK);
	assert_string_not_equal(k_other, k0);
	/* A key the dump carried is kept. */
	dk_minhash_text(orig, strlen(orig), &m);
	assert_int_equal(dk_stories_assign(s, &m, "carried", "abc123", 0, k, NULL),
			 DK_OK);
	assert_string_equal(k, "abc123");
	/* Empty texts get a key of their own and are not remembered. */
	dk_minhash_text("", 0, &m);
	assert_int_equal(dk_stories_assign(s, &m, "empty-1", NULL, 0, k, NULL), DK_OK);
	assert_int_equal(dk_stories_assign(s, &m, "empty-2", NULL, 0, k0, NULL), DK_OK);
	assert_string_not_equal(k, k0);
	assert_int_equal(dk_stories_count(s), 6);
	dk_stories_free(s);
	/* A new story's key depends only on the id. */
	dk_stories *s2 = NULL;
	assert_int_equal(dk_stories_new(0.9, 0, &s2), DK_OK);
	dk_minhash_text(other, strlen(other), &m);
	assert_int_equal(dk_stories_assign(s2, &m, "other", NULL, 0, k0, NULL), DK_OK);
	assert_string_equal(k0, k_other);
	dk_minhash_text(orig, strlen(orig), &m);
	assert_int_equal(dk_stories_assign(s2, &m, "x", NULL, 0, k, NULL), DK_OK);
	assert_int_equal(dk_stories_assign(s2, &m, "x", NULL, 0, k0, NULL), DK_OK);
	assert_string_equal(k, k0);
	dk_stories_free(s2);
	free(orig);
	free(added);
	free(trimmed);
	free(lead);
	free(other);
}

/* 20,000 copies of one short text (Reuters' "Blah blah blah."): one
 * story, and the chains stay bounded. */
/* Pages of one site under different titles (a listing's teasers, pages
 * built on one long list) are not copies; the same page at another
 * address, or the story on another site, is. */
static void test_same_site_titles(void **state)
{
	(void)state;
	dk_stories *s = NULL;
	assert_int_equal(dk_stories_new(0, 0, &s), DK_OK);
	char *listing = words(3, 0, 600);
	char k0[DK_STORY_KEY_LEN + 1], k[DK_STORY_KEY_LEN + 1];
	dk_minhash m;
	dk_minhash_text(listing, strlen(listing), &m);
	dk_story_meta index = { "news.example", "Technology news and analysis",
				"https://news.example/tech" };
	assert_int_equal(dk_stories_assign_meta(s, &m, "index", NULL, 0, &index, k0, NULL),
			 DK_OK);
	/* Eleven distinct articles whose pages carry the same listing. */
	for (int i = 0; i < 11; i++) {
		char id[16], title[32];
		snprintf(id, sizeof id, "art-%d", i);
		snprintf(title, sizeof title, "Story number %d", i);
		dk_story_meta am = { "news.example", title, NULL };
		assert_int_equal(dk_stories_assign_meta(s, &m, id, NULL, 0, &am, k, NULL),
				 DK_OK);
		assert_string_not_equal(k, k0);
		/* "Story number 1" is not "Story number 10". */
		if (i == 10) {
			char k1[DK_STORY_KEY_LEN + 1];
			dk_story_meta m1 = { "news.example", "Story number 1", NULL };
			assert_int_equal(dk_stories_assign_meta(s, &m, "art-1b", NULL, 0, &m1,
								k1, NULL), DK_OK);
			assert_string_not_equal(k1, k);
		}
	}
	/* The index page again at another address, case and spacing aside. */
	dk_story_meta again = { "news.example", "TECHNOLOGY news and analysis ", NULL };
	assert_int_equal(dk_stories_assign_meta(s, &m, "index-2", NULL, 0, &again, k, NULL),
			 DK_OK);
	assert_string_equal(k, k0);
	/* Another site may retitle a wire story: still a copy. */
	dk_story_meta wire = { "other.example", "Something else", NULL };
	assert_int_equal(dk_stories_assign_meta(s, &m, "wire", NULL, 0, &wire, k, NULL),
			 DK_OK);
	assert_string_equal(k, k0);
	/* Without a title the rule does not apply. */
	dk_story_meta bare = { "news.example", NULL, NULL };
	assert_int_equal(dk_stories_assign_meta(s, &m, "bare", NULL, 0, &bare, k, NULL),
			 DK_OK);
	assert_string_equal(k, k0);
	/* An update under a longer headline is the same story; so is a new
	 * headline at the same address. */
	dk_story_meta upd = { "news.example", "Updated: technology news and analysis", NULL };
	assert_int_equal(dk_stories_assign_meta(s, &m, "upd", NULL, 0, &upd, k, NULL),
			 DK_OK);
	assert_string_equal(k, k0);
	dk_story_meta moved = { "news.example", "A new headline", "https://news.example/tech" };
	assert_int_equal(dk_stories_assign_meta(s, &m, "moved", NULL, 0, &moved, k, NULL),
			 DK_OK);
	assert_string_equal(k, k0);
	dk_stories_free(s);
	free(listing);
}

static void test_many_copies(void **state)
{
	(void)state;
	dk_stories *s = NULL;
	assert_int_equal(dk_stories_new(0, 0, &s), DK_OK);
	dk_minhash m;
	dk_minhash_text("Blah blah blah.", 15, &m);
	char k0[DK_STORY_KEY_LEN + 1], k[DK_STORY_KEY_LEN + 1];
	assert_int_equal(dk_stories_assign(s, &m, "first", NULL, 0, k0, NULL), DK_OK);
	for (int i = 0; i < 20000; i++) {
		char id[16];
		snprintf(id, sizeof id, "n%d", i);
		assert_int_equal(dk_stories_assign(s, &m, id, NULL, 0, k, NULL), DK_OK);
		if (strcmp(k, k0))
			fail_msg("copy %d got %s, want %s", i, k, k0);
	}
	dk_stories_free(s);
}

/* A bounded index keeps giving keys. */
static void test_bounded(void **state)
{
	(void)state;
	dk_stories *s = NULL;
	assert_int_equal(dk_stories_new(0, 10, &s), DK_OK);
	char k[DK_STORY_KEY_LEN + 1];
	for (unsigned i = 0; i < 50; i++) {
		char *t = words(100 + i, 0, 30);
		dk_minhash m;
		dk_minhash_text(t, strlen(t), &m);
		assert_int_equal(dk_stories_assign(s, &m, t, NULL, 0, k, NULL), DK_OK);
		free(t);
	}
	assert_int_equal(dk_stories_count(s), 10);
	dk_stories_free(s);
}

/* Days: copies a week apart fold, a month apart do not. */
static void test_days(void **state)
{
	(void)state;
	assert_int_equal(dk_stories_day("1970-01-01"), 1);
	assert_int_equal(dk_stories_day("2025-01-24") - dk_stories_day("2025-01-22"), 2);
	assert_int_equal(dk_stories_day("2024-03-01") - dk_stories_day("2024-02-28"), 2);
	assert_int_equal(dk_stories_day("2025-01-01") - dk_stories_day("2024-12-31"), 1);
	assert_int_equal(dk_stories_day("2025-01"), 0);
	assert_int_equal(dk_stories_day("2025"), 0);
	assert_int_equal(dk_stories_day(NULL), 0);
	assert_int_equal(dk_stories_day("2025-13-01"), 0);
	assert_int_equal(dk_stories_day("20x5-01-01"), 0);
	dk_stories *s = NULL;
	assert_int_equal(dk_stories_new(0, 0, &s), DK_OK);
	char *t = words(9, 0, 80);
	dk_minhash m;
	dk_minhash_text(t, strlen(t), &m);
	char k0[DK_STORY_KEY_LEN + 1], k[DK_STORY_KEY_LEN + 1];
	int32_t d = dk_stories_day("1987-03-06");
	assert_int_equal(dk_stories_assign(s, &m, "a", NULL, d, k0, NULL), DK_OK);
	assert_int_equal(dk_stories_assign(s, &m, "b", NULL, d + DK_STORY_DAYS, k,
					   NULL), DK_OK);
	assert_string_equal(k, k0);
	/* Daily copies do not stretch the story: a week after its first
	 * article it ends. */
	assert_int_equal(dk_stories_assign(s, &m, "b2", NULL, d + DK_STORY_DAYS + 3,
					   k, NULL), DK_OK);
	assert_string_not_equal(k, k0);
	/* A month later: a story of its own. */
	assert_int_equal(dk_stories_assign(s, &m, "d", NULL, d + 30, k, NULL),
			 DK_OK);
	assert_string_not_equal(k, k0);
	/* Without a day, any copy will do: the most similar, the first
	 * on a tie. */
	assert_int_equal(dk_stories_assign(s, &m, "c", NULL, 0, k, NULL), DK_OK);
	assert_string_equal(k, k0);
	free(t);
	dk_stories_free(s);
}

struct thread_arg {
	dk_stories *s;
	unsigned seed;
};

static void *assign_many(void *p)
{
	struct thread_arg *a = p;
	for (unsigned i = 0; i < 300; i++) {
		char *t = words(a->seed * 1000 + i % 50, 0, 40);
		dk_minhash m;
		char k[DK_STORY_KEY_LEN + 1];
		dk_minhash_text(t, strlen(t), &m);
		if (dk_stories_assign(a->s, &m, t, NULL, 0, k, NULL) != DK_OK)
			abort();
		free(t);
	}
	return NULL;
}

static void test_shared_by_threads(void **state)
{
	(void)state;
	dk_stories *s = NULL;
	assert_int_equal(dk_stories_new(0, 0, &s), DK_OK);
	pthread_t th[2];
	struct thread_arg args[2] = { { s, 1 }, { s, 2 } };
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, assign_many, &args[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(dk_stories_count(s), 600);
	dk_stories_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal_and_normalized),
		cmocka_unit_test(test_estimate_table),
		cmocka_unit_test(test_stories),
		cmocka_unit_test(test_same_site_titles),
		cmocka_unit_test(test_many_copies),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_shared_by_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
