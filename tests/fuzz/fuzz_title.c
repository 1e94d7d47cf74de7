/*
 * fuzz_title.c - libFuzzer target for the metadata an article derives
 * from its URL and text: dk_date_from_url() (indexer/extract/date.c) and
 * dk_title_from_text() (indexer/extract/title.c).
 *
 * Any bytes in.  The URL date must be "" with precision 0, "YYYY-MM"
 * with 2 or "YYYY-MM-DD" with 3, and parse to itself (dk_date_parse).
 * The made-up title, from the bytes cleaned as every reader cleans its
 * text (dk_utf8_clean), must be valid UTF-8 on one line, hold a letter or
 * digit, and be at most DK_TITLE_TEXT_MAX bytes plus an ellipsis.  A
 * broken invariant aborts.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_title/ as an ordinary test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/utf8.h"
#include "../../indexer/extract/date.h"
#include "../../indexer/extract/title.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *s)
{
	fprintf(stderr, "fuzz_title: %s: \"%.200s\"\n", what, s);
	abort();
}

static void check_url_date(const uint8_t *data, size_t size)
{
	char *url = malloc(size + 1);
	if (!url)
		return;
	memcpy(url, data, size);
	url[size] = '\0';
	char out[11];
	memset(out, 'x', sizeof out);
	int prec = dk_date_from_url(url, out);
	size_t n = strnlen(out, sizeof out);
	if (n == sizeof out)
		fail("URL date not terminated", url);
	if (!((prec == 0 && n == 0) || (prec == 2 && n == 7) ||
	      (prec == 3 && n == 10)))
		fail("URL date of the wrong precision", out);
	char again[11];
	if (n && (dk_date_parse(out, n, again) != DK_OK || strcmp(again, out)))
		fail("URL date does not parse to itself", out);
	free(url);
}

static void check_title(const uint8_t *data, size_t size)
{
	dk_buf clean = DK_BUF_INIT;
	dk_utf8_clean((const char *)data, size, &clean, NULL);
	if (clean.err) {
		dk_buf_free(&clean);
		return;
	}
	dk_status st = DK_OK;
	char *t = dk_title_from_text(clean.data ? clean.data : "", clean.len, &st);
	dk_buf_free(&clean);
	if (!t)
		return;
	size_t n = strlen(t);
	if (!dk_utf8_valid(t, n))
		fail("title is not UTF-8", t);
	if (memchr(t, '\n', n))
		fail("title of two lines", t);
	if (n > DK_TITLE_TEXT_MAX + 3)
		fail("title too long", t);
	int word = 0;
	for (size_t i = 0; i < n && !word; i++) {
		unsigned char c = (unsigned char)t[i];
		word = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		       (c >= 0xc0);
	}
	if (!word)
		fail("title without a letter or digit", t);
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_url_date(data, size);
	check_title(data, size);
	return 0;
}
