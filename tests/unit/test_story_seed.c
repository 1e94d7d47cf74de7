/*
 * test_story_seed.c - unit tests for indexer/story_seed.c and the sketch
 * encoding of indexer/extract/minhash.c.
 *
 * The stored sketch round-trips to what the story index compares; the
 * seed window's floor date; and seeding from a real Xapian database: a
 * copy of a recent live article takes its key, a copy of an article older
 * than the window and an unrelated text start stories of their own, and
 * articles without a sketch are skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define TMPDIR_NAME "docket-test-seed"
#include "fixture.h"

#include "../../common/buf.h"
#include "../../common/fields.h"
#include "../../indexer/extract/minhash.h"
#include "../../indexer/story_seed.h"
#include "../../shims/xapian_shim.h"

/* A text of n words w<seed*100000+i>. */
static void sketch_of(unsigned seed, unsigned n, dk_minhash *m)
{
	dk_buf b = DK_BUF_INIT;
	for (unsigned i = 0; i < n; i++)
		dk_buf_printf(&b, "w%u ", seed * 100000 + i);
	dk_minhash_text(b.data, b.len, m);
	dk_buf_free(&b);
}

static void test_encode_roundtrip(void **state)
{
	(void)state;
	dk_minhash m, back;
	unsigned char enc[DK_MINHASH_BYTES];
	sketch_of(1, 300, &m);
	assert_int_equal(dk_minhash_encode(&m, enc), DK_MINHASH_BYTES);
	assert_int_equal(dk_minhash_decode(enc, sizeof enc, &back), 0);
	for (size_t i = 0; i < DK_MINHASH_K; i++)
		assert_int_equal(back.v[i], m.v[i] & 0xffff);
	assert_true(back.shingles > 0);
	/* Wrong lengths and empty sketches. */
	assert_int_equal(dk_minhash_decode(enc, sizeof enc - 1, &back), -1);
	assert_int_equal(back.shingles, 0);
	assert_int_equal(dk_minhash_decode(NULL, 0, &back), -1);
	dk_minhash empty;
	dk_minhash_text("", 0, &empty);
	assert_int_equal(dk_minhash_encode(&empty, enc), 0);
}

static void test_floor(void **state)
{
	(void)state;
	static const struct {
		const char *v;
		int days;
		const char *want;
	} rows[] = {
		{ "20250301", 30, "20250130" },
		{ "20250301", 0, "20250301" },
		{ "20240301", 1, "20240229" },   /* leap year */
		{ "20250300", 1, "20250228" },   /* unknown day: the 1st */
		{ "20250000", 1, "20241231" },   /* unknown month too */
		{ "19700102", 1, "19700101" },
		{ "19600315", 15, "19600229" },
		{ "2025030", 1, "" },
		{ "2025-03-", 1, "" },
		{ "20251301", 1, "" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char out[9];
		dk_story_seed_floor(rows[i].v, strlen(rows[i].v), rows[i].days, out);
		if (strcmp(out, rows[i].want))
			fail_msg("%s - %d days: got '%s', want '%s'", rows[i].v,
				 rows[i].days, out, rows[i].want);
	}
	char out[9];
	dk_story_seed_floor(NULL, 0, 1, out);
	assert_string_equal(out, "");
}

/* One article of the live index: its text seed, date slot and key. */
static void add_doc(dk_writer *w, dk_doc *d, const char *uid, unsigned seed,
		    const char *date, const char *key, int with_sketch)
{
	dk_minhash m;
	unsigned char enc[DK_MINHASH_BYTES];
	sketch_of(seed, 300, &m);
	dk_minhash_encode(&m, enc);
	assert_int_equal(dk_doc_clear(d), DK_OK);
	assert_int_equal(dk_doc_add_boolean_term(d, uid, strlen(uid)), DK_OK);
	assert_int_equal(dk_doc_set_value(d, DK_SLOT_DATE, date, 8), DK_OK);
	assert_int_equal(dk_doc_set_value(d, DK_SLOT_STORY, key, strlen(key)),
			 DK_OK);
	if (with_sketch)
		assert_int_equal(dk_doc_set_value(d, DK_SLOT_SKETCH,
						  (const char *)enc, sizeof enc),
				 DK_OK);
	assert_int_equal(dk_writer_replace(w, uid, strlen(uid), d, NULL), DK_OK);
}

/* The key a new copy of text `seed`, dated date, gets from s. */
static void copy_key(dk_stories *s, unsigned seed, const char *date,
		     char key[DK_STORY_KEY_LEN + 1], double *sim)
{
	dk_minhash mh;
	char id[32];
	snprintf(id, sizeof id, "copy%u", seed);
	sketch_of(seed, 300, &mh);
	assert_int_equal(dk_stories_assign(s, &mh, id, NULL,
					   dk_stories_day(date), key, sim),
			 DK_OK);
}

static void test_seed(void **state)
{
	(void)state;
	char path[PATH_MAX];
	tmpdir_path(path, "live");
	dk_writer *w = NULL;
	dk_doc *d = NULL;
	char *m = NULL;
	assert_int_equal(dk_writer_open(path, DK_WRITER_OVERWRITE, &w, &m), DK_OK);
	assert_int_equal(dk_doc_new(&d), DK_OK);
	add_doc(w, d, "Qnew", 1, "20250310", "aaaaaaaaaaaaaaaa", 1);
	add_doc(w, d, "Qold", 2, "20250101", "bbbbbbbbbbbbbbbb", 1);
	add_doc(w, d, "Qbare", 3, "20250309", "cccccccccccccccc", 0);
	dk_doc_free(d);
	assert_int_equal(dk_writer_close(w, &m), DK_OK);

	dk_stories *s = NULL;
	assert_int_equal(dk_stories_new(0, 0, &s), DK_OK);
	const char *p1[1] = { path };
	size_t added = 99;
	assert_int_equal(dk_story_seed(s, p1, 1, &added, &m), DK_OK);
	assert_int_equal(added, 1);  /* old: out of the window; bare: no sketch */

	char key[DK_STORY_KEY_LEN + 1];
	double sim = 0;
	/* A copy of the recent article, a day later: its story. */
	copy_key(s, 1, "2025-03-11", key, &sim);
	assert_string_equal(key, "aaaaaaaaaaaaaaaa");
	assert_true(sim > 0.9);
	/* Copies of the old and of the sketchless article: new stories. */
	copy_key(s, 2, "2025-01-02", key, NULL);
	assert_string_not_equal(key, "bbbbbbbbbbbbbbbb");
	copy_key(s, 3, "2025-03-10", key, NULL);
	assert_string_not_equal(key, "cccccccccccccccc");
	dk_stories_free(s);

	/* A missing index is an error with a message, and adds nothing. */
	assert_int_equal(dk_stories_new(0, 0, &s), DK_OK);
	tmpdir_path(path, "nowhere");
	added = 99;
	assert_int_not_equal(dk_story_seed(s, p1, 1, &added, &m), DK_OK);
	assert_non_null(m);
	assert_int_equal(added, 0);
	free(m);
	assert_int_equal(dk_stories_count(s), 0);
	dk_stories_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_roundtrip),
		cmocka_unit_test(test_floor),
		cmocka_unit_test(test_seed),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
