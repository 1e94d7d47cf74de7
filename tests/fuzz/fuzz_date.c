/*
 * fuzz_date.c - libFuzzer target for the date parser
 * (indexer/extract/date.c).
 *
 * Any bytes in; out must be "" on failure, else "YYYY", "YYYY-MM" or
 * "YYYY-MM-DD" with a year in 1900..2199, a month 01..12 and a day valid
 * for its month; a normalized date must parse to itself, and its key
 * (dk_date_key) be eight digits.  A broken invariant aborts.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_date/ as an ordinary test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../indexer/extract/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *s)
{
	fprintf(stderr, "fuzz_date: %s: \"%.200s\"\n", what, s);
	abort();
}

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[11];
	memset(out, 'x', sizeof out);
	dk_status st = dk_date_parse((const char *)data, size, out);
	size_t n = strnlen(out, sizeof out);
	if (n == sizeof out)
		fail("not terminated", "");
	if (st != DK_OK) {
		if (n)
			fail("output on failure", out);
		return 0;
	}
	if (!(n == 4 || n == 7 || n == 10))
		fail("bad length", out);
	if (!digits(out, 4) || (n > 4 && (out[4] != '-' || !digits(out + 5, 2))) ||
	    (n > 7 && (out[7] != '-' || !digits(out + 8, 2))))
		fail("bad form", out);
	int y = atoi(out), m = n > 4 ? atoi(out + 5) : 1, d = n > 7 ? atoi(out + 8) : 1;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		fail("out of range", out);
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		fail("29 February of a common year", out);
	char again[11];
	if (dk_date_parse(out, n, again) != DK_OK || strcmp(again, out))
		fail("does not parse to itself", out);
	char key[9];
	dk_date_key(out, key);
	if (strlen(key) != 8 || !digits(key, 8))
		fail("bad key", key);
	return 0;
}
