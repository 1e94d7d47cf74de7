/*
 * test_case_number.c - unit tests for common/case_number.c.
 *
 * A table of inputs, the bytes the function should consume and the normal
 * form it should write ("" and 0 for no docket number).  The shape is
 * [D[D]:]YY-[letters{1,4}-]N{1,6}; the serial is padded to five digits, a
 * six-digit serial only fits when it starts with a zero, and prefixes such
 * as "No." are the caller's business.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../common/case_number.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct row {
	const char *in;
	size_t used;       /* 0: no match */
	const char *want;  /* "" when used is 0 */
};

static const struct row rows[] = {
	/* The forms case_number.h names. */
	{ "5:25-cv-00709", 13, "25-00709" },
	{ "3:25-cv-709", 11, "25-00709" },
	{ "25-00709", 8, "25-00709" },
	{ "25-cv-00709", 11, "25-00709" },
	/* Offices, types and serial widths. */
	{ "12:24-md-3047", 13, "24-03047" },
	{ "1:24-cr-1", 9, "24-00001" },
	{ "2:23-CV-12345", 13, "23-12345" },
	{ "25-abcd-1", 9, "25-00001" },
	{ "25-a-42", 7, "25-00042" },
	{ "25-0", 4, "25-00000" },
	{ "99-99999", 8, "99-99999" },
	/* Six-digit serials: only a leading zero lets them fit five digits. */
	{ "1:24-cr-012345", 14, "24-12345" },
	{ "24-000709", 9, "24-00709" },
	{ "1:24-cr-123456", 0, "" },
	{ "24-100000", 0, "" },
	/* Seven digits: not a serial. */
	{ "24-1234567", 0, "" },
	{ "24-0000709", 0, "" },
	/* Leading white space is skipped and counted; the rest is left. */
	{ "  5:25-cv-00709 rest", 15, "25-00709" },
	{ "\t25-1", 5, "25-00001" },
	{ "25-00709, filed", 8, "25-00709" },
	{ "25-00709.", 8, "25-00709" },
	{ "25-00709x", 8, "25-00709" },
	/* Prefixes are not handled here. */
	{ "No. 25-00709", 0, "" },
	{ "Case No. 25-00709", 0, "" },
	{ "case number 25-00709", 0, "" },
	{ "#25-00709", 0, "" },
	/* Not docket numbers. */
	{ "", 0, "" },
	{ "   ", 0, "" },
	{ "2025-01-24", 0, "" },
	{ "25-", 0, "" },
	{ "25", 0, "" },
	{ "cv-00709", 0, "" },
	{ "123-4567", 0, "" },
	{ "5-00709", 0, "" },
	{ "5:2-cv-1", 0, "" },
	{ "123:25-cv-1", 0, "" },
	{ "5:", 0, "" },
	{ "5:25", 0, "" },
	{ ":25-00709", 0, "" },
	{ "25-cv-", 0, "" },
	{ "25-cv", 0, "" },
	{ "25-abcde-1", 0, "" },
	{ "25-cv 00709", 0, "" },
	{ "25 00709", 0, "" },
	{ "25--00709", 0, "" },
	{ "25-cv--1", 0, "" },
	{ "25-c1-1", 0, "" },
	{ "CVE-2024-3094", 0, "" },
	{ "x25-00709", 0, "" },
};

static void test_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t r = 0; r < ARRAY_LEN(rows); r++) {
		const struct row *row = &rows[r];
		size_t n = strlen(row->in);
		/* An exact-size copy so ASan sees any read past the length. */
		char *in = malloc(n ? n : 1);
		assert_non_null(in);
		memcpy(in, row->in, n);
		char out[16];
		memset(out, 'X', sizeof out);
		size_t used = dk_case_number_normalize(in, n, out);
		free(in);
		if (used != row->used || memchr(out, '\0', sizeof out) == NULL ||
		    strcmp(out, row->want) != 0) {
			print_error("\"%s\": used %zu \"%.15s\", want %zu \"%s\"\n",
				    row->in, used, out, row->used, row->want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Only s[0..len) is read: a cut changes the answer. */
static void test_length(void **state)
{
	(void)state;
	static const struct row cuts[] = {
		{ "25-00709", 5, "25-00000" },   /* "25-00" */
		{ "25-00709", 6, "25-00007" },   /* "25-007" */
		{ "25-00709", 3, "" },           /* "25-" */
		{ "5:25-cv-00709", 7, "" },      /* "5:25-cv" */
		{ "5:25-cv-00709", 9, "25-00000" },
		{ "24-1234567", 8, "24-12345" }, /* the seventh digit is cut off */
	};
	for (size_t r = 0; r < ARRAY_LEN(cuts); r++) {
		char out[16];
		size_t len = cuts[r].used;
		size_t used = dk_case_number_normalize(cuts[r].in, len, out);
		size_t want_used = cuts[r].want[0] ? len : 0;
		if (used != want_used || strcmp(out, cuts[r].want) != 0)
			fail_msg("\"%.*s\": used %zu \"%s\", want \"%s\"", (int)len,
				 cuts[r].in, used, out, cuts[r].want);
	}
}

/* Normalizing the normal form gives it back. */
static void test_idempotent(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(rows); r++) {
		if (!rows[r].used)
			continue;
		char out[16];
		size_t used = dk_case_number_normalize(rows[r].want,
						       strlen(rows[r].want), out);
		assert_int_equal(used, strlen(rows[r].want));
		assert_string_equal(out, rows[r].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_idempotent),
	};
	return cmocka_run_group_tests_name("case_number", tests, NULL, NULL);
}
