/*
 * test_utf8.c - unit tests for common/utf8.c.
 *
 * A table of byte strings, the cleaned text each should become, how many
 * bytes were invalid, where the first was, and whether the input counts
 * as valid UTF-8; then dk_utf8_truncate() checked against its definition
 * at every cut point of mixed-width text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../common/utf8.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define FFFD "\xEF\xBF\xBD"

/* Literal with its length (inputs may hold NUL bytes). */
#define L(s) s, sizeof(s) - 1

struct clean_row {
	const char *name;
	const char *in;
	size_t len;
	const char *want;
	size_t wlen;
	size_t invalid;
	size_t first;    /* first_invalid; checked when invalid > 0 */
	int valid;       /* dk_utf8_valid(in) */
};

static const struct clean_row clean_rows[] = {
	{ "ascii", L("plain text, 123!"), L("plain text, 123!"), 0, 0, 1 },
	{ "empty", L(""), L(""), 0, 0, 1 },
	{ "two-byte", L("caf\xC3\xA9"), L("caf\xC3\xA9"), 0, 0, 1 },
	{ "three-byte", L("\xE2\x80\x9Cq\xE2\x80\x9D"), L("\xE2\x80\x9Cq\xE2\x80\x9D"), 0, 0, 1 },
	{ "four-byte", L("a\xF0\x9F\x98\x80z"), L("a\xF0\x9F\x98\x80z"), 0, 0, 1 },
	{ "max code point", L("\xF4\x8F\xBF\xBF"), L("\xF4\x8F\xBF\xBF"), 0, 0, 1 },
	{ "BOM kept", L("\xEF\xBB\xBFx"), L("\xEF\xBB\xBFx"), 0, 0, 1 },
	{ "NBSP kept", L("a\xC2\xA0" "b"), L("a\xC2\xA0" "b"), 0, 0, 1 },

	/* Invalid bytes: each becomes one U+FFFD. */
	{ "0xFF", L("a\xFF" "b"), L("a" FFFD "b"), 1, 1, 0 },
	{ "0xFE at start", L("\xFE" "abc"), L(FFFD "abc"), 1, 0, 0 },
	{ "lone continuation", L("\x80"), L(FFFD), 1, 0, 0 },
	{ "continuation run", L("x\x80\xBF\x80"), L("x" FFFD FFFD FFFD), 3, 1, 0 },
	{ "overlong slash", L("\xC0\xAF"), L(FFFD FFFD), 2, 0, 0 },
	{ "overlong NUL", L("a\xC1\x80"), L("a" FFFD FFFD), 2, 1, 0 },
	{ "overlong 3-byte", L("\xE0\x80\xAF"), L(FFFD FFFD FFFD), 3, 0, 0 },
	{ "overlong 4-byte", L("\xF0\x80\x80\xAF"), L(FFFD FFFD FFFD FFFD), 4, 0, 0 },
	{ "high surrogate", L("\xED\xA0\x80!"), L(FFFD FFFD FFFD "!"), 3, 0, 0 },
	{ "low surrogate", L("ab\xED\xBF\xBF"), L("ab" FFFD FFFD FFFD), 3, 2, 0 },
	{ "past U+10FFFF", L("\xF4\x90\x80\x80"), L(FFFD FFFD FFFD FFFD), 4, 0, 0 },
	{ "F5 lead", L("\xF5\x80\x80\x80"), L(FFFD FFFD FFFD FFFD), 4, 0, 0 },
	{ "truncated at end", L("ab\xE2\x82"), L("ab" FFFD FFFD), 2, 2, 0 },
	{ "truncated 4-byte at end", L("\xF0\x9F\x98"), L(FFFD FFFD FFFD), 3, 0, 0 },
	{ "truncated in the middle", L("\xE2\x82x\xC3\xA9"), L(FFFD FFFD "x\xC3\xA9"), 2, 0, 0 },
	{ "lead then ASCII", L("ok\xC3(\xFF"), L("ok" FFFD "(" FFFD), 2, 2, 0 },
	{ "invalid after valid", L("\xC3\xA9\xC3\xA9\xFF"), L("\xC3\xA9\xC3\xA9" FFFD), 1, 4, 0 },

	/* Line ends. */
	{ "CRLF", L("a\r\nb\r\n"), L("a\nb\n"), 0, 0, 1 },
	{ "lone CR", L("a\rb\r"), L("a\nb\n"), 0, 0, 1 },
	{ "CR CR LF", L("a\r\r\nb"), L("a\n\nb"), 0, 0, 1 },
	{ "LF CR", L("a\n\rb"), L("a\n\nb"), 0, 0, 1 },
	{ "CR alone", L("\r"), L("\n"), 0, 0, 1 },

	/* Control characters. */
	{ "tab and LF kept", L("a\tb\nc"), L("a\tb\nc"), 0, 0, 1 },
	{ "C0 controls", L("a\x01" "b\x1F" "c\x0B" "d\x0C" "e\x1B"), L("a b c d e "), 0, 0, 1 },
	{ "NUL", L("a\0b"), L("a b"), 0, 0, 1 },
	{ "DEL", L("x\x7Fy"), L("x y"), 0, 0, 1 },
	{ "C1 NEL", L("a\xC2\x85" "b"), L("a b"), 0, 0, 1 },
	{ "C1 first and last", L("\xC2\x80\xC2\x9F"), L("  "), 0, 0, 1 },
	{ "just past C1", L("\xC2\xA1"), L("\xC2\xA1"), 0, 0, 1 },
	{ "everything", L("\xEF\xBB\xBFT\r\n\x01\xC2\x9B\xFFz"), L("\xEF\xBB\xBFT\n  " FFFD "z"), 1, 9, 0 },
};

static void test_clean_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t r = 0; r < ARRAY_LEN(clean_rows); r++) {
		const struct clean_row *row = &clean_rows[r];
		/* An exact-size copy so ASan sees any read past the length. */
		char *in = malloc(row->len ? row->len : 1);
		assert_non_null(in);
		memcpy(in, row->in, row->len);
		dk_buf out = DK_BUF_INIT;
		dk_utf8_report rep = { 99, 99 };
		dk_utf8_clean(in, row->len, &out, &rep);
		assert_int_equal(out.err, DK_OK);
		if (out.len != row->wlen || memcmp(out.data, row->want, row->wlen) != 0) {
			print_error("%s: wrong output (%zu bytes, want %zu)\n", row->name,
				    out.len, row->wlen);
			bad++;
		}
		if (rep.invalid != row->invalid ||
		    (row->invalid && rep.first_invalid != row->first)) {
			print_error("%s: invalid %zu at %zu, want %zu at %zu\n", row->name,
				    rep.invalid, rep.first_invalid, row->invalid, row->first);
			bad++;
		}
		if (dk_utf8_valid(in, row->len) != row->valid) {
			print_error("%s: dk_utf8_valid is %d\n", row->name, !row->valid);
			bad++;
		}
		/* The output is always valid, and cleaning it again changes nothing. */
		if (out.len && !dk_utf8_valid(out.data, out.len)) {
			print_error("%s: output is not valid UTF-8\n", row->name);
			bad++;
		}
		dk_buf again = DK_BUF_INIT;
		dk_utf8_clean(out.data ? out.data : "", out.len, &again, &rep);
		if (again.len != out.len || (out.len && memcmp(again.data, out.data, out.len)) ||
		    rep.invalid) {
			print_error("%s: cleaning is not idempotent\n", row->name);
			bad++;
		}
		dk_buf_free(&again);
		dk_buf_free(&out);
		free(in);
	}
	assert_int_equal(bad, 0);
}

/* Cleaning appends; rep may be NULL; only s[0..len) is read. */
static void test_clean_appends(void **state)
{
	(void)state;
	dk_buf out = DK_BUF_INIT;
	dk_buf_puts(&out, "head|");
	dk_utf8_clean("a\xFF\r\nb", 5, &out, NULL);
	assert_int_equal(out.len, 5 + 6);
	assert_memory_equal(out.data, "head|a" FFFD "\nb", 11);
	assert_int_equal(out.data[out.len], '\0');

	dk_buf_reset(&out);
	dk_utf8_report rep;
	dk_utf8_clean("abc\xFF", 3, &out, &rep);
	assert_string_equal(out.data, "abc");
	assert_int_equal(rep.invalid, 0);
	/* A CR at the very end of the range does not look past it. */
	dk_buf_reset(&out);
	dk_utf8_clean("a\r\n", 2, &out, &rep);
	assert_string_equal(out.data, "a\n");
	/* Empty input, even without a pointer, appends nothing (UBSan once
	 * reported the null-pointer offset). */
	dk_buf_reset(&out);
	dk_utf8_clean(NULL, 0, &out, &rep);
	assert_int_equal(out.len, 0);
	assert_int_equal(rep.invalid, 0);
	assert_true(dk_utf8_valid(NULL, 0));
	dk_buf_free(&out);
}

/* A long input with invalid bytes spread through it: counts add up. */
static void test_clean_long(void **state)
{
	(void)state;
	size_t n = 100000;
	char *in = malloc(n);
	assert_non_null(in);
	size_t want_invalid = 0, first = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		if (i % 997 == 500) {
			in[i] = (char)0xFF;
			want_invalid++;
			if (first == SIZE_MAX)
				first = i;
		} else {
			in[i] = (char)('a' + i % 26);
		}
	}
	dk_buf out = DK_BUF_INIT;
	dk_utf8_report rep;
	dk_utf8_clean(in, n, &out, &rep);
	assert_int_equal(rep.invalid, want_invalid);
	assert_int_equal(rep.first_invalid, first);
	assert_int_equal(out.len, n + 2 * want_invalid);
	assert_true(dk_utf8_valid(out.data, out.len));
	assert_false(dk_utf8_valid(in, n));
	dk_buf_free(&out);
	free(in);
}

/* ---- dk_utf8_truncate ------------------------------------------------- */

struct trunc_row {
	const char *s;
	size_t max;
	size_t want;
};

static const struct trunc_row trunc_rows[] = {
	{ "abc", 10, 3 },
	{ "abc", 3, 3 },
	{ "abc", 2, 2 },
	{ "abc", 0, 0 },
	{ "", 0, 0 },
	{ "a\xC3\xA9", 2, 1 },              /* would split é */
	{ "a\xC3\xA9", 3, 3 },
	{ "\xE2\x80\x9C", 1, 0 },
	{ "\xE2\x80\x9C", 2, 0 },
	{ "\xE2\x80\x9Cx", 3, 3 },
	{ "x\xF0\x9F\x98\x80", 4, 1 },
	{ "x\xF0\x9F\x98\x80y", 5, 5 },
	{ "\xC3\xA9\xC3\xA9\xC3\xA9", 5, 4 },
};

static void test_truncate_table(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(trunc_rows); r++) {
		const struct trunc_row *row = &trunc_rows[r];
		size_t got = dk_utf8_truncate(row->s, strlen(row->s), row->max);
		if (got != row->want)
			fail_msg("row %zu: truncate to %zu gives %zu, want %zu", r,
				 row->max, got, row->want);
	}
}

/* The length of the UTF-8 sequence led by byte c. */
static size_t seq_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* At every cut point: no split sequence, nothing dropped needlessly. */
static void test_truncate_every_cut(void **state)
{
	(void)state;
	static const char s[] =
		"a\xC3\xA9" "b\xE2\x80\x94\xF0\x9F\x98\x80" "cd\xE6\x97\xA5\xE6\x9C\xAC"
		"\xC2\xA0\xF4\x8F\xBF\xBF" "e";
	size_t len = sizeof s - 1;
	assert_true(dk_utf8_valid(s, len));
	for (size_t max = 0; max <= len + 2; max++) {
		size_t got = dk_utf8_truncate(s, len, max);
		if (max >= len) {
			assert_int_equal(got, len);
			continue;
		}
		if (got > max)
			fail_msg("max %zu: got %zu", max, got);
		if (!dk_utf8_valid(s, got))
			fail_msg("max %zu: prefix of %zu bytes splits a sequence", max, got);
		/* The next sequence would not have fitted. */
		if (got + seq_len((unsigned char)s[got]) <= max)
			fail_msg("max %zu: got %zu, the next character fits", max, got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_table),
		cmocka_unit_test(test_clean_appends),
		cmocka_unit_test(test_clean_long),
		cmocka_unit_test(test_truncate_table),
		cmocka_unit_test(test_truncate_every_cut),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
