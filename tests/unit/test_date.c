/*
 * test_date.c - unit tests for indexer/extract/date.c.
 *
 * One table of inputs and the normalized date each should give (NULL: not
 * a date), covering every form date.h lists, the calendar checks, the year
 * range and text that merely contains a number; one table for
 * dk_date_key().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../indexer/extract/date.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct parse_row {
	const char *in;
	const char *want;  /* NULL: DK_ERR_PARSE */
};

static const struct parse_row parse_rows[] = {
	/* The forms date.h lists. */
	{ "2025-01-24", "2025-01-24" },
	{ "2025-01-24T10:00:00Z", "2025-01-24" },
	{ "2025-01-24T23:59:59+05:30", "2025-01-24" },
	{ "2025-01-24 10:00:00", "2025-01-24" },
	{ "2025-01", "2025-01" },
	{ "2025/01/24", "2025-01-24" },
	{ "20250124", "2025-01-24" },
	{ "2025", "2025" },
	{ "January 24, 2025", "2025-01-24" },
	{ "Jan. 24, 2025", "2025-01-24" },
	{ "24 January 2025", "2025-01-24" },
	{ "Friday, January 24, 2025", "2025-01-24" },
	{ "Fri, 24 Jan 2025 10:00:00 GMT", "2025-01-24" },
	/* Variations on them. */
	{ "  2025-01-24  ", "2025-01-24" },
	{ "2025-1-5", "2025-01-05" },
	{ "JANUARY 24, 2025", "2025-01-24" },
	{ "january 24 2025", "2025-01-24" },
	{ "Sept. 5, 2025", "2025-09-05" },
	{ "Sep 30, 2025", "2025-09-30" },
	{ "Dec 31, 2024", "2024-12-31" },
	{ "May 1, 2025", "2025-05-01" },
	{ "24th January 2025", "2025-01-24" },
	{ "1st March 2025", "2025-03-01" },
	{ "Tues., March 4, 2025", "2025-03-04" },
	{ "2024 decision", "2024" },   /* words may follow the date */
	{ "January 2025", "2025-01" },
	{ "2025 Jan 24", "2025-01-24" },
	{ "Mon, 03 Feb 2025 08:15:00 +0000", "2025-02-03" },
	{ "Thursday, 6 March 2025", "2025-03-06" },
	{ "01/24/2025", "2025-01-24" },   /* US order */
	{ "24/01/2025", "2025-01-24" },   /* day first when unambiguous */
	{ "January 24, 2025 at 3:15 p.m.", "2025-01-24" },
	/* Calendar edges. */
	{ "2024-02-29", "2024-02-29" },
	{ "2000-02-29", "2000-02-29" },
	{ "2025-12-31", "2025-12-31" },
	{ "1900-01-01", "1900-01-01" },
	{ "2199-12-31", "2199-12-31" },
	{ "1900", "1900" },
	{ "2199", "2199" },

	/* Impossible dates. */
	{ "2025-02-30", NULL },
	{ "2025-02-29", NULL },
	{ "1900-02-29", NULL },
	{ "2025-04-31", NULL },
	{ "2025-13-01", NULL },
	{ "2025-00-10", NULL },
	{ "2025-01-32", NULL },
	{ "20251301", NULL },
	{ "20250230", NULL },
	{ "January 32, 2025", NULL },
	{ "February 30, 2024", NULL },
	{ "13/13/2025", NULL },
	/* Years out of range: not years at all. */
	{ "1899", NULL },
	{ "2200", NULL },
	{ "0000", NULL },
	{ "9999-01-01", NULL },
	{ "January 24, 1776", NULL },
	{ "18991231", NULL },
	/* Text that is not a date. */
	{ "", NULL },
	{ "   ", NULL },
	{ "Mayday", NULL },
	{ "Monday", NULL },
	{ "decision 2024", NULL },
	{ "Mayday 2024", NULL },
	{ "24 decision January 2025", NULL },
	{ "Published 2025-01-24", NULL },
	{ "Smarch 24, 2025", NULL },
	{ "page 2025", NULL },
	{ "hello", NULL },
	{ "12025", NULL },
	{ "25-00709", NULL },
	{ "5:25-cv-00709", NULL },
	{ "24 2025", NULL },
	{ "12/2025", NULL },
	{ "--", NULL },
};

/* Report a failing row and go on, so one run shows every failing row. */
#define row_fail(...) (print_error(__VA_ARGS__), print_error("\n"), bad++)

static void test_parse_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t r = 0; r < ARRAY_LEN(parse_rows); r++) {
		const struct parse_row *row = &parse_rows[r];
		size_t n = strlen(row->in);
		/* An exact-size copy so ASan sees any read past the length. */
		char *in = malloc(n ? n : 1);
		assert_non_null(in);
		memcpy(in, row->in, n);
		char out[11];
		memset(out, 'X', sizeof out);
		dk_status st = dk_date_parse(in, n, out);
		free(in);
		if (row->want) {
			if (st != DK_OK)
				row_fail("\"%s\": status %d, want \"%s\"", row->in, st,
					 row->want);
			if (strcmp(out, row->want) != 0)
				row_fail("\"%s\": got \"%s\", want \"%s\"", row->in, out,
					 row->want);
		} else {
			if (st != DK_ERR_PARSE)
				row_fail("\"%s\": status %d (\"%.10s\"), want DK_ERR_PARSE",
					 row->in, st, st ? "" : out);
			else if (out[0] != '\0')
				row_fail("\"%s\": out not emptied on failure", row->in);
		}
	}
	assert_int_equal(bad, 0);
}

/* Only s[0..len) is read. */
static void test_parse_length(void **state)
{
	(void)state;
	static const struct { const char *in; size_t len; const char *want; } rows[] = {
		{ "2025-01-24", 7, "2025-01" },
		{ "2025-01-24", 4, "2025" },
		{ "2025-01-24", 3, NULL },
		{ "2025-01-24", 0, NULL },
		{ "20250124", 4, "2025" },
	};
	for (size_t r = 0; r < ARRAY_LEN(rows); r++) {
		char out[11];
		dk_status st = dk_date_parse(rows[r].in, rows[r].len, out);
		if (rows[r].want) {
			assert_int_equal(st, DK_OK);
			assert_string_equal(out, rows[r].want);
		} else {
			assert_int_equal(st, DK_ERR_PARSE);
			assert_string_equal(out, "");
		}
	}
	char out[11] = "junk";
	assert_int_equal(dk_date_parse(NULL, 5, out), DK_ERR_PARSE);
	assert_string_equal(out, "");
}

/* Many tokens do not overflow the scanner. */
static void test_parse_long_input(void **state)
{
	(void)state;
	char in[4096];
	size_t n = 0;
	while (n + 3 < sizeof in) {
		in[n++] = '1';
		in[n++] = ' ';
		in[n++] = 'x';
	}
	char out[11];
	assert_int_equal(dk_date_parse(in, n, out), DK_ERR_PARSE);
	memset(in, '7', sizeof in);
	assert_int_equal(dk_date_parse(in, sizeof in, out), DK_ERR_PARSE);
}

/* Every output of dk_date_parse is a valid dk_date_key input. */
static void test_parse_then_key(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(parse_rows); r++) {
		if (!parse_rows[r].want)
			continue;
		char out[11], key[9];
		assert_int_equal(dk_date_parse(parse_rows[r].in,
					       strlen(parse_rows[r].in), out), DK_OK);
		dk_date_key(out, key);
		assert_int_equal(strlen(key), 8);
	}
}

struct key_row {
	const char *norm;
	const char *want;
};

static const struct key_row key_rows[] = {
	{ "2025-01-24", "20250124" },
	{ "2025-01", "20250100" },
	{ "2025", "20250000" },
	{ "1900-12-31", "19001231" },
	{ "", "" },
	{ "2025-1-24", "" },
	{ "2025/01/24", "" },
	{ "20250124", "" },
	{ "2025-01-2x", "" },
	{ "abcd", "" },
	{ "2025-", "" },
	{ "2025-01-24T10", "" },
	{ "202", "" },
	{ "2025_01", "" },
};

static void test_key_table(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(key_rows); r++) {
		char key[9];
		memset(key, 'X', sizeof key);
		dk_date_key(key_rows[r].norm, key);
		if (strcmp(key, key_rows[r].want) != 0)
			fail_msg("\"%s\": key \"%.9s\", want \"%s\"", key_rows[r].norm,
				 key, key_rows[r].want);
	}
	char key[9] = "junk";
	dk_date_key(NULL, key);
	assert_string_equal(key, "");
}

/* Keys sort like the dates they stand for. */
static void test_key_order(void **state)
{
	(void)state;
	static const char *const sorted[] = {
		"1999", "1999-12", "1999-12-31", "2025", "2025-01", "2025-01-01",
		"2025-01-24", "2025-02", "2025-10-01",
	};
	for (size_t i = 1; i < ARRAY_LEN(sorted); i++) {
		char a[9], b[9];
		dk_date_key(sorted[i - 1], a);
		dk_date_key(sorted[i], b);
		if (strcmp(a, b) >= 0)
			fail_msg("key(%s)=%s not before key(%s)=%s", sorted[i - 1], a,
				 sorted[i], b);
	}
}

/* Dates in URL paths: the archive shapes news sites use, and paths that
 * only look like them. */
static void test_from_url(void **state)
{
	(void)state;
	static const struct { const char *url, *want; int prec; } rows[] = {
		{ "https://venturebeat.com/2020/07/30/googles-fitbit-deal", "2020-07-30", 3 },
		{ "https://www.theverge.com/2023/11/9/23953901/humane-ai-pin", "2023-11-09", 3 },
		{ "https://www.theguardian.com/us-news/2019/jun/17/recycled-plastic", "2019-06-17", 3 },
		{ "https://www.theatlantic.com/ideas/archive/2022/05/student-loans/639438", "2022-05", 2 },
		{ "https://venturebeat.com/2014/05", "2014-05", 2 },
		{ "https://venturebeat.com/2014/05/", "2014-05", 2 },
		{ "https://example.org/news/report-2024-03-05.html", "2024-03-05", 3 },
		{ "https://example.org/a/2025/01/24", "2025-01-24", 3 },
		/* The first full date wins over a month before it. */
		{ "https://example.org/2025/01/x/2025/01/24/y", "2025-01-24", 3 },
		/* Not dates. */
		{ "https://deeplearningindaba.com/2018/indaba/speakers", "", 0 },
		{ "https://example.org/2025/13/01/x", "", 0 },
		{ "https://example.org/2025/02/30/x", "", 0 },
		{ "https://example.org/2025/01/2444/x", "", 0 },
		{ "https://example.org/item-2024-3-5", "", 0 },
		{ "https://example.org/item-2024-03", "", 0 },
		{ "https://example.org/1850/01/02/x", "", 0 },
		{ "https://2025/01/02.example.org/", "", 0 },
		{ "https://example.org/x?d=/2025/01/02/", "", 0 },
		{ "no url", "", 0 },
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		char out[11] = "junk";
		int p = dk_date_from_url(rows[i].url, out);
		if (p != rows[i].prec || strcmp(out, rows[i].want))
			fail_msg("%s: %d \"%s\", want %d \"%s\"", rows[i].url, p, out,
				 rows[i].prec, rows[i].want);
	}
	char out[11];
	assert_int_equal(dk_date_from_url(NULL, out), 0);
	assert_int_equal(dk_date_precision("2025"), 1);
	assert_int_equal(dk_date_precision("2025-01"), 2);
	assert_int_equal(dk_date_precision("2025-01-24"), 3);
	assert_int_equal(dk_date_precision("25-01"), 0);
	assert_int_equal(dk_date_precision(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_url),
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_length),
		cmocka_unit_test(test_parse_long_input),
		cmocka_unit_test(test_parse_then_key),
		cmocka_unit_test(test_key_table),
		cmocka_unit_test(test_key_order),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
