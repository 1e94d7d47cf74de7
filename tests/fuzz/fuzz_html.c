/*
 * fuzz_html.c - libFuzzer target for the HTML pipeline: indexer/extract/charset.c,
 * html_dom.c, html_extract.c, html_meta.c and html_page.c.
 *
 * The input is a web page.  It is read as an article twice, without and
 * with a transport charset taken from its first byte, and the invariants
 * every caller relies on are checked: every field NULL or valid UTF-8 with
 * no NUL inside, text_len the length of the text, the text laid out as
 * text.h says (no empty paragraph, no leading or trailing space on a line,
 * no double spaces), the date "YYYY", "YYYY-MM" or "YYYY-MM-DD", warnings
 * naming offsets inside the input.  A broken invariant aborts, which
 * libFuzzer and the corpus replay both report.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_html/ as an ordinary test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/article.h"
#include "../../indexer/extract/html_page.h"
#include "../../common/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *s)
{
	fprintf(stderr, "fuzz_html: %s: \"%.200s\"\n", what, s ? s : "(null)");
	abort();
}

static void check_field(const char *what, const char *s)
{
	if (s && !dk_utf8_valid(s, strlen(s)))
		fail(what, s);
}

typedef struct ctx {
	size_t size;
} ctx;

static void on_warn(void *c, size_t off, const char *msg)
{
	const ctx *x = c;
	/* Offsets are into the input or its UTF-8 decoding, which can be
	 * up to three times longer. */
	if (off > 3 * x->size + 8 || !msg || !*msg)
		fail("warning offset out of range", msg);
}

static void check(const dk_article *a)
{
	check_field("title", a->title);
	check_field("author", a->author);
	check_field("source", a->source);
	check_field("url", a->url);
	check_field("lang", a->lang);
	if (!a->text)
		fail("no text", NULL);
	if (strlen(a->text) != a->text_len)
		fail("text_len is not the length", a->text);
	if (!dk_utf8_valid(a->text, a->text_len))
		fail("text is not UTF-8", a->text);
	const char *t = a->text;
	size_t n = a->text_len;
	if (n && (t[0] == '\n' || t[0] == ' ' || t[n - 1] == '\n' || t[n - 1] == ' '))
		fail("text not trimmed", t);
	if (strstr(t, "\n\n") || strstr(t, "  ") || strstr(t, " \n") || strstr(t, "\n "))
		fail("text layout", t);
	if (a->date) {
		size_t k = strlen(a->date);
		if (k != 4 && k != 7 && k != 10)
			fail("date form", a->date);
		for (size_t i = 0; i < k; i++)
			if (!((a->date[i] >= '0' && a->date[i] <= '9') ||
			      (a->date[i] == '-' && (i == 4 || i == 7))))
				fail("date form", a->date);
	}
	if (a->lang && strlen(a->lang) != 2)
		fail("lang is not two letters", a->lang);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = { NULL, "windows-1252", "koi8-r",
						"utf-16", "no-such-charset", "gb2312" };
	ctx c = { size };
	for (int round = 0; round < 2; round++) {
		const char *cs = round == 0 || size == 0 ? NULL :
				 charsets[data[0] % (sizeof charsets / sizeof charsets[0])];
		dk_html_page_opts o = { cs, round ? "https://fuzz.example/2024/05/06/p" : NULL,
					on_warn, &c };
		dk_article a = { 0 };
		const char *err = NULL;
		dk_status st = dk_html_page_read((const char *)data, size, &o, &a, &err);
		if (st == DK_OK)
			check(&a);
		else if (st == DK_ERR_PARSE && !err)
			fail("parse error without a message", NULL);
		else if (st != DK_ERR_PARSE)
			fail("unexpected status", NULL);
		dk_article_clear(&a);
	}
	return 0;
}
