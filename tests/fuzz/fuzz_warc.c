/*
 * fuzz_warc.c - libFuzzer target for the WARC reader (indexer/extract/dump_warc.c).
 *
 * The input is a WARC file, read from memory with a small record limit so
 * the skip-by-length path runs too.  Every article handed to the sink must
 * have an id and valid UTF-8 text of the stated length; every report must
 * name a byte offset inside the input; and reading must end (the reader
 * always moves forward).  A broken invariant aborts.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_warc/ as an ordinary test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/utf8.h"
#include "../../indexer/extract/dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct ctx {
	size_t size;
	size_t articles, reports;
} ctx;

static void fail(const char *what, const char *s)
{
	fprintf(stderr, "fuzz_warc: %s: \"%.200s\"\n", what, s ? s : "(null)");
	abort();
}

static dk_status on_article(void *c, dk_article *a)
{
	ctx *x = c;
	if (!a->id || !*a->id)
		fail("article without id", NULL);
	if (!a->text || strlen(a->text) != a->text_len || !dk_utf8_valid(a->text, a->text_len))
		fail("bad text", a->text);
	if (a->title && !dk_utf8_valid(a->title, strlen(a->title)))
		fail("bad title", a->title);
	x->articles++;
	return DK_OK;
}

static void on_report(void *c, const char *path, const char *where,
		      const char *msg, int skipped)
{
	ctx *x = c;
	(void)path;
	(void)skipped;
	unsigned long long at = 0;
	if (!msg || !*msg || sscanf(where, "byte %llu", &at) != 1)
		fail("report without an offset", msg);
	/* Page warnings are offsets into a record; the record offsets
	 * themselves lie inside the input. */
	if (at > x->size)
		fail("offset past the input", where);
	x->reports++;
	if (x->reports > 4 * x->size + 16)
		fail("more reports than bytes", msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ctx c = { size, 0, 0 };
	dk_dump_sink sink = { on_article, on_report, NULL, &c, 2048 };
	dk_status st = dk_dump_warc_mem_read("fuzz.warc", (const char *)data, size, &sink);
	if (st != DK_OK)
		fail("status", NULL);
	sink.max_record = 0;
	c.reports = 0;
	if (dk_dump_warc_mem_read("fuzz.warc", (const char *)data, size, &sink) != DK_OK)
		fail("status", NULL);
	return 0;
}
