/*
 * test_query_terms.c - tests for searcher/query_terms.c.
 *
 * Each row analyzes one query atom and gives the terms expected, in
 * order, with the ones a word (and a phrase) searches marked; the other
 * tests check the cap on the number of tokens, byte ranges and bad input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../common/analyzer.h"
#include "../../common/buf.h"
#include "../../searcher/query_terms.h"

static dk_analyzer *an;

typedef struct row {
	const char *text;
	const char *terms;    /* all tokens, space separated */
	const char *word;     /* the tokens a word searches */
	const char *phrase;   /* the tokens a phrase searches */
	size_t groups;
} row;

static const row rows[] = {
	{ "privacy", "privaci", "privaci", "privaci", 1 },
	{ "Data Protection", "data protect", "data protect", "data protect", 2 },
	{ "x86-64", "x86-64 x86 64", "x86-64", "x86 64", 1 },
	{ "--", "", "", "", 0 },
	{ "state-of-the-art", "state of the art", "state of the art",
	  "state of the art", 1 },
};

/* The tokens of t that a word (phrase = 0) or a phrase searches, joined
 * by spaces; the number of groups in *groups. */
static void searched(const dk_query_terms *t, int phrase, int all,
		     dk_buf *b, size_t *groups)
{
	*groups = 0;
	for (size_t i = 0; i < t->n;) {
		const dk_query_token *whole;
		size_t j = dk_query_terms_group(t, i, &whole);
		assert_true(j > i);
		for (size_t k = i; k < j; k++) {
			if (!all && !dk_query_terms_searched(&t->v[k], whole, phrase))
				continue;
			if (b->len)
				dk_buf_putc(b, ' ');
			dk_buf_append(b, t->v[k].term, t->v[k].len);
		}
		(*groups)++;
		i = j;
	}
	dk_buf_putc(b, '\0');
}

static void test_row(void **state)
{
	const row *r = *state;
	dk_query_terms t;
	assert_int_equal(dk_query_terms_collect(an, r->text, strlen(r->text), 0,
						DK_QUERY_TERMS_MAX, &t),
			 DK_OK);
	const char *want[3] = { r->terms, r->word, r->phrase };
	for (int m = 0; m < 3; m++) {
		dk_buf b = DK_BUF_INIT;
		size_t groups;
		searched(&t, m == 2, m == 0, &b, &groups);
		assert_string_equal(b.data, want[m]);
		assert_int_equal(groups, r->groups);
		dk_buf_free(&b);
	}
	dk_query_terms_free(&t);
	assert_null(t.v);
	assert_int_equal(t.n, 0);
}

/* Collection stops at max tokens; the byte ranges point into the text. */
static void test_cap_and_ranges(void **state)
{
	(void)state;
	dk_buf text = DK_BUF_INIT;
	for (int i = 0; i < 100; i++)
		dk_buf_printf(&text, "word%d ", i);
	dk_query_terms t;
	assert_int_equal(dk_query_terms_collect(an, text.data, text.len, 0, 64,
						&t), DK_OK);
	assert_int_equal(t.n, 64);
	assert_int_equal(t.v[63].len, strlen("word63"));
	assert_memory_equal(text.data + t.v[63].start, "word63", 6);
	assert_int_equal(t.v[63].end - t.v[63].start, 6);
	dk_query_terms_free(&t);
	/* A cap above DK_QUERY_TERMS_MAX is taken as that. */
	assert_int_equal(dk_query_terms_collect(an, text.data, text.len, 0,
						(size_t)-1, &t), DK_OK);
	assert_int_equal(t.n, 100);
	assert_int_equal(t.max, DK_QUERY_TERMS_MAX);
	dk_query_terms_free(&t);
	dk_buf_free(&text);
}

/* Analyzer errors leave the list empty and own nothing. */
static void test_errors(void **state)
{
	(void)state;
	dk_query_terms t;
	assert_int_equal(dk_query_terms_collect(NULL, "a", 1, 0, 8, &t),
			 DK_ERR_INVALID);
	assert_null(t.v);
	assert_int_equal(t.n, 0);
	assert_int_equal(dk_query_terms_collect(an, NULL, 4, 0, 8, &t),
			 DK_ERR_INVALID);
	assert_null(t.v);
	dk_query_terms_free(&t);  /* safe on an empty list */
}

static int setup(void **state)
{
	(void)state;
	return dk_analyzer_new("en", &an) == DK_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	dk_analyzer_free(an);
	return 0;
}

/* A test named by its row's text. */
#define ROW(i) { rows[i].text, test_row, NULL, NULL, (void *)&rows[i] }

int main(void)
{
	const struct CMUnitTest tests[] = {
		ROW(0), ROW(1), ROW(2), ROW(3), ROW(4),
		cmocka_unit_test(test_cap_and_ranges),
		cmocka_unit_test(test_errors),
	};
	_Static_assert(sizeof rows / sizeof rows[0] == 5, "a test per row");
	return cmocka_run_group_tests_name("query_terms", tests, setup, teardown);
}
