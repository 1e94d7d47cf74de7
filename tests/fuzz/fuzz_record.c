/*
 * fuzz_record.c - libFuzzer target for the article record
 * (common/article.c, dk_article_decode and dk_article_encode), the index
 * document data every search reads back, zstd-compressed text included.
 *
 * The input is a record.  One that decodes is encoded again and decoded:
 * every field and the text come back the same.  One that does not leaves
 * the article cleared.  Then the input's bytes, as the text of an article,
 * make a record (compressed when long enough) that must decode to them.
 * A broken invariant aborts.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_record/ as an ordinary test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/article.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_record: %s\n", what);
	abort();
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int cleared(const dk_article *a)
{
	static const dk_article zero;
	return !memcmp(a, &zero, sizeof zero);
}

static void round_trip(const dk_article *a)
{
	dk_buf rec = DK_BUF_INIT;
	dk_article b = { 0 };
	if (dk_article_encode(a, &rec) != DK_OK)
		fail("encode failed");
	if (dk_article_decode(rec.data, rec.len, &b) != DK_OK)
		fail("a record written does not decode");
	if (!same(a->id, b.id) || !same(a->url, b.url) ||
	    !same(a->title, b.title) || !same(a->source, b.source) ||
	    !same(a->site, b.site) || !same(a->date, b.date) ||
	    !same(a->author, b.author) || !same(a->lang, b.lang) ||
	    !same(a->extra, b.extra) || !same(a->story, b.story) ||
	    !same(a->cases, b.cases) || !same(a->parties, b.parties) ||
	    !same(a->courts, b.courts) || !same(a->statutes, b.statutes) ||
	    !same(a->cves, b.cves))
		fail("a field changed in the round trip");
	if (!a->text != !b.text || a->text_len != b.text_len ||
	    (a->text && memcmp(a->text, b.text, a->text_len)) ||
	    (b.text && b.text[b.text_len]))
		fail("the text changed in the round trip");
	dk_article_clear(&b);
	dk_buf_free(&rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dk_article a = { 0 };
	dk_status st = dk_article_decode((const char *)data, size, &a);
	if (st != DK_OK) {
		if (st != DK_ERR_PARSE && st != DK_ERR_NOMEM)
			fail("unexpected status");
		if (!cleared(&a))
			fail("not cleared on failure");
	} else {
		/* Fields are C strings: one with a NUL inside comes back
		 * shorter, so only NUL-free fields must round-trip. */
		round_trip(&a);
	}
	dk_article_clear(&a);

	dk_article t = { 0 };
	if (dk_article_set(&t.id, "fuzz", 4) ||
	    dk_article_set(&t.text, (const char *)data, size))
		fail("out of memory");
	t.text_len = size;
	round_trip(&t);
	dk_article_clear(&t);
	return 0;
}
