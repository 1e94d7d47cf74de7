/*
 * test_text.c - unit tests for indexer/extract/text.c.
 *
 * Tables of input text and the paragraph layout expected for it: text with
 * one paragraph per line, hard-wrapped blocks, both mixed, runs of blank
 * lines and no-break spaces; then the 30..100-byte wrap rule at its
 * boundaries with generated lines, and dk_text_squeeze() on its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../indexer/extract/text.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define NBSP "\xC2\xA0"

/* Hard-wrapped lines: 43, 45 and 13 bytes. */
#define W1 "The court said on Friday that the complaint"
#define W2 "failed to state a claim under the statute and"
#define W3 "dismissed it."
#define WRAPPED W1 " " W2 " " W3
/* Lines over 100 bytes: paragraphs one per line. */
#define P1 "Brightpath Inc. was sued on Friday in federal court over claims that it trained its models on private messages."
#define P2 "The company said in a statement that it would fight the lawsuit and that the claims were without any merit."

struct para_row {
	const char *name;
	const char *in;
	const char *want;
};

static const struct para_row para_rows[] = {
	{ "empty", "", "" },
	{ "only blank lines", "\n \n\t\n\n", "" },
	{ "one line", "Hello world.", "Hello world." },
	{ "one line with newline", "Hello world.\n", "Hello world." },
	{ "one per line, short", "First.\nSecond.\nThird.\n", "First.\nSecond.\nThird." },
	{ "one per line, long", P1 "\n" P2 "\n", P1 "\n" P2 },
	{ "one per line, blank-separated", P1 "\n\n" P2, P1 "\n" P2 },
	{ "hard-wrapped", W1 "\n" W2 "\n" W3 "\n", WRAPPED },
	{ "hard-wrapped, two blocks",
	  W1 "\n" W2 "\n" W3 "\n\n" W2 "\n" W1 "\n",
	  WRAPPED "\n" W2 " " W1 },
	{ "hard-wrapped, no final newline", W1 "\n" W3, W1 " " W3 },
	{ "mixed",
	  "Headline Here\n\n" W1 "\n" W2 "\n" W3 "\n\nShort one.\nShort two.\n",
	  "Headline Here\n" WRAPPED "\nShort one.\nShort two." },
	{ "mixed: a short line breaks the wrap",
	  W1 "\nShort.\n" W2 "\n",
	  W1 "\nShort.\n" W2 },
	{ "mixed: a long line breaks the wrap",
	  W1 "\n" P1 "\n" W2 "\n",
	  W1 "\n" P1 "\n" W2 },
	{ "blank-line runs", "\n\n\na\n\n\n\n\nb\n\n\n", "a\nb" },
	{ "white-space lines are blank", "a\n  \t \n \nb", "a\nb" },
	{ "trim and collapse", "  a   b  \n\t c\t\td \t", "a b\nc d" },
	{ "NBSP squeezed", "a" NBSP NBSP "b\n" NBSP "c" NBSP, "a b\nc" },
	{ "NBSP-only line dropped", "a\n" NBSP NBSP "\nb", "a\nb" },
	{ "NBSP-only text", NBSP "\n" NBSP, "" },
	{ "other white space", "a\fb\vc\rd", "a b c d" },
	{ "UTF-8 kept", "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D\n\xC3\xA0 la",
	  "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D\n\xC3\xA0 la" },
};

static void test_paragraphs_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t r = 0; r < ARRAY_LEN(para_rows); r++) {
		const struct para_row *row = &para_rows[r];
		size_t n = strlen(row->in);
		/* An exact-size copy so ASan sees any read past the length. */
		char *in = malloc(n ? n : 1);
		assert_non_null(in);
		memcpy(in, row->in, n);
		dk_buf out = DK_BUF_INIT;
		dk_text_paragraphs(in, n, &out);
		free(in);
		assert_int_equal(out.err, DK_OK);
		const char *got = out.data ? out.data : "";
		if (out.len != strlen(row->want) || strcmp(got, row->want) != 0) {
			print_error("%s:\n  got  \"%s\"\n  want \"%s\"\n", row->name, got,
				    row->want);
			bad++;
		}
		dk_buf_free(&out);
	}
	assert_int_equal(bad, 0);
}

/* A line of exactly n bytes: words of letters, no edge white space. */
static void make_line(char *dst, size_t n, char letter)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = (i % 6 == 5 && i + 1 < n) ? ' ' : letter;
}

struct wrap_row {
	size_t lens[4];    /* 0-terminated line lengths of one block */
	int wrapped;       /* 1: one paragraph; 0: one per line */
};

static const struct wrap_row wrap_rows[] = {
	{ { 30, 30, 30 }, 1 },
	{ { 100, 100, 1 }, 1 },
	{ { 29, 50, 50 }, 0 },
	{ { 50, 29, 50 }, 0 },
	{ { 101, 50, 50 }, 0 },
	{ { 50, 101, 50 }, 0 },
	{ { 50, 50, 200 }, 1 },   /* the last line may be any length */
	{ { 50, 50, 1 }, 1 },
	{ { 40, 3 }, 1 },
	{ { 3, 40 }, 0 },
};

static void test_wrap_boundaries(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(wrap_rows); r++) {
		const struct wrap_row *row = &wrap_rows[r];
		char in[1024], want[1024];
		size_t n = 0, w = 0;
		for (size_t k = 0; k < ARRAY_LEN(row->lens) && row->lens[k]; k++) {
			if (k) {
				in[n++] = '\n';
				want[w++] = row->wrapped ? ' ' : '\n';
			}
			make_line(in + n, row->lens[k], (char)('a' + k));
			memcpy(want + w, in + n, row->lens[k]);
			n += row->lens[k];
			w += row->lens[k];
		}
		want[w] = '\0';
		dk_buf out = DK_BUF_INIT;
		dk_text_paragraphs(in, n, &out);
		if (!out.data || strcmp(out.data, want) != 0)
			fail_msg("row %zu (%zu, %zu, ...): wrong layout \"%s\"", r,
				 row->lens[0], row->lens[1], out.data ? out.data : "");
		dk_buf_free(&out);
	}
}

/* Every paragraph in the output is trimmed and non-empty. */
static void test_layout_invariants(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(para_rows); r++) {
		dk_buf out = DK_BUF_INIT;
		dk_text_paragraphs(para_rows[r].in, strlen(para_rows[r].in), &out);
		const char *s = out.data ? out.data : "";
		for (size_t i = 0; i < out.len; i++) {
			int start = i == 0 || s[i - 1] == '\n';
			int end = i + 1 == out.len || s[i + 1] == '\n';
			if (s[i] == '\n' && (start || end))
				fail_msg("%s: empty paragraph", para_rows[r].name);
			if ((start || end) && (s[i] == ' ' || s[i] == '\t'))
				fail_msg("%s: untrimmed paragraph", para_rows[r].name);
			if (s[i] == ' ' && i + 1 < out.len && s[i + 1] == ' ')
				fail_msg("%s: double space", para_rows[r].name);
			if (s[i] == '\t' || s[i] == '\r')
				fail_msg("%s: tab or CR left", para_rows[r].name);
		}
		dk_buf_free(&out);
	}
}

struct squeeze_row {
	const char *in;
	const char *want;
};

static const struct squeeze_row squeeze_rows[] = {
	{ "", "" },
	{ "   ", "" },
	{ "a", "a" },
	{ "  a  b  ", "a b" },
	{ "a\n\nb\nc", "a b c" },
	{ "a\t\r\n\f\vb", "a b" },
	{ NBSP "x" NBSP NBSP "y" NBSP, "x y" },
	{ NBSP, "" },
	{ "\xC2\xA9 2025", "\xC2\xA9 2025" },      /* © is not a space */
	{ "\xC3\xA0" "b", "\xC3\xA0" "b" },        /* nor is à (C3 A0) */
	{ "x\xC2", "x\xC2" },                      /* a cut C2 is kept */
};

static void test_squeeze_table(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(squeeze_rows); r++) {
		size_t n = strlen(squeeze_rows[r].in);
		char *in = malloc(n ? n : 1);
		assert_non_null(in);
		memcpy(in, squeeze_rows[r].in, n);
		dk_buf out = DK_BUF_INIT;
		dk_buf_puts(&out, "[");
		dk_text_squeeze(in, n, &out);
		dk_buf_puts(&out, "]");
		free(in);
		char want[64];
		snprintf(want, sizeof want, "[%s]", squeeze_rows[r].want);
		if (strcmp(out.data, want) != 0)
			fail_msg("row %zu: got %s, want %s", r, out.data, want);
		dk_buf_free(&out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs_table),
		cmocka_unit_test(test_wrap_boundaries),
		cmocka_unit_test(test_layout_invariants),
		cmocka_unit_test(test_squeeze_table),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
