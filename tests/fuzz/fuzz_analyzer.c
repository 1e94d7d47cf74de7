/*
 * fuzz_analyzer.c - libFuzzer target for common/analyzer.c.
 *
 * Runs dk_analyze() over the input with an English analyzer (stemmed and
 * unstemmed) and checks the token invariants every caller relies on:
 * byte ranges inside the input and non-empty, terms non-empty, at most
 * DK_MAX_TERM bytes, NUL-terminated, free of NUL and valid UTF-8,
 * positions non-decreasing from first_pos and below stats.next_pos, a
 * WHOLE token never also a PART and always followed by a PART of its
 * group at its position, and the invalid-byte count within the input.
 * dk_analyzer_stem() runs over the first bytes too, and
 * dk_analyze_filtered() must report exactly dk_analyze()'s tokens that
 * start with one of the input's first six bytes (English, German, and
 * Irish, whose stemmer changes first letters).  A broken invariant
 * aborts, which libFuzzer and the corpus replay both report.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_analyzer/ as an ordinary test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "../../common/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct check {
	size_t size;
	uint32_t first_pos;
	uint32_t last_pos;
	size_t ntok;
	int whole_pending;     /* the previous token was WHOLE */
	uint32_t whole_pos, whole_group;
} check;

static void fail(const char *what, const dk_token *t)
{
	fprintf(stderr, "fuzz_analyzer: %s (term '%.*s' pos %u [%zu,%zu) "
		"flags %u)\n", what, t ? (int)t->len : 0, t ? t->term : "",
		t ? t->pos : 0, t ? t->start : 0, t ? t->end : 0,
		t ? t->flags : 0);
	abort();
}

static int check_tok(void *ctx, const dk_token *t)
{
	check *c = ctx;

	if (t->start >= t->end || t->end > c->size)
		fail("byte range outside the input or empty", t);
	if (t->len == 0 || t->len > DK_MAX_TERM)
		fail("term length", t);
	if (t->term[t->len] != '\0' || memchr(t->term, '\0', t->len))
		fail("term not NUL-terminated or holding a NUL", t);
	for (size_t i = 0; i < t->len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(
			(const utf8proc_uint8_t *)t->term + i,
			(utf8proc_ssize_t)(t->len - i), &cp);
		if (k <= 0)
			fail("term is not valid UTF-8", t);
		i += (size_t)k;
	}
	if (t->pos < c->first_pos || (c->ntok && t->pos < c->last_pos))
		fail("position went backwards", t);
	if ((t->flags & DK_TOKEN_WHOLE) && (t->flags & DK_TOKEN_PART))
		fail("token both WHOLE and PART", t);
	if (c->whole_pending &&
	    (!(t->flags & DK_TOKEN_PART) || t->pos != c->whole_pos ||
	     t->group != c->whole_group))
		fail("WHOLE token not followed by its first part", t);
	c->whole_pending = (t->flags & DK_TOKEN_WHOLE) != 0;
	c->whole_pos = t->pos;
	c->whole_group = t->group;
	c->last_pos = t->pos;
	c->ntok++;
	return 0;
}

static void run(dk_analyzer *a, const uint8_t *data, size_t size,
		uint32_t first_pos, unsigned options)
{
	check c = { size, first_pos, first_pos, 0, 0, 0, 0 };
	dk_analyze_stats stats;

	if (dk_analyze(a, (const char *)data, size, first_pos, options,
		       check_tok, &c, &stats) != DK_OK)
		fail("dk_analyze failed", NULL);
	if (c.whole_pending)
		fail("input ended on a WHOLE token", NULL);
	if (stats.invalid_bytes > size ||
	    (stats.invalid_bytes && stats.first_invalid >= size))
		fail("invalid byte count", NULL);
	if (c.ntok && stats.next_pos <= c.last_pos)
		fail("next_pos not past the last token", NULL);
	if (stats.next_pos < first_pos)
		fail("next_pos below first_pos", NULL);
}

/* The tokens that start with a flagged byte, folded into a hash and a
 * count: dk_analyze_filtered() must give exactly those. */
typedef struct digest {
	const unsigned char *only;  /* NULL: every token (filtered already) */
	uint64_t h;
	size_t n;
	uint32_t next_pos;
} digest;

static int digest_tok(void *ctx, const dk_token *t)
{
	digest *d = ctx;
	if (d->only && !d->only[(unsigned char)t->term[0]])
		return 0;
	uint64_t h = d->h ^ 0x9e3779b97f4a7c15ULL;
	for (size_t i = 0; i < t->len; i++)
		h = (h ^ (unsigned char)t->term[i]) * 1099511628211ULL;
	h = (h ^ t->pos) * 1099511628211ULL;
	h = (h ^ t->start) * 1099511628211ULL;
	h = (h ^ t->end) * 1099511628211ULL;
	h = (h ^ t->group) * 1099511628211ULL;
	d->h = (h ^ t->flags) * 1099511628211ULL;
	d->n++;
	return 0;
}

/* dk_analyze_filtered() against dk_analyze() filtered afterwards, with
 * the flagged first bytes taken from the input's first bytes. */
static void run_filtered(dk_analyzer *a, const uint8_t *data, size_t size)
{
	unsigned char first[256] = { 0 };
	for (size_t i = 0; i < size && i < 6; i++)
		first[data[i]] = 1;
	digest want = { first, 0, 0, 0 }, got = { NULL, 0, 0, 0 };
	dk_analyze_stats ws, gs;
	if (dk_analyze(a, (const char *)data, size, 7, 0, digest_tok, &want,
		       &ws) != DK_OK ||
	    dk_analyze_filtered(a, (const char *)data, size, 7, 0, first,
				digest_tok, &got, &gs) != DK_OK)
		fail("dk_analyze_filtered failed", NULL);
	if (want.n != got.n || want.h != got.h || ws.next_pos != gs.next_pos ||
	    ws.invalid_bytes != gs.invalid_bytes)
		fail("dk_analyze_filtered differs from dk_analyze", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static dk_analyzer *english, *german, *irish;  /* kept for the run */
	char buf[DK_MAX_TERM + 1];
	size_t len;

	if (!english && dk_analyzer_new("english", &english) != DK_OK)
		abort();
	run(english, data, size, 0, 0);
	run(english, data, size, 1000, DK_ANALYZE_NO_STEM);
	if ((!german && dk_analyzer_new("german", &german) != DK_OK) ||
	    (!irish && dk_analyzer_new("irish", &irish) != DK_OK))
		abort();
	run_filtered(english, data, size);
	run_filtered(german, data, size);
	run_filtered(irish, data, size);

	dk_status st = dk_analyzer_stem(english, (const char *)data,
					size < 256 ? size : 256, 0, buf,
					sizeof buf, &len);
	if (st == DK_OK && (len == 0 || len > DK_MAX_TERM || buf[len]))
		fail("dk_analyzer_stem result", NULL);
	if (st != DK_OK && st != DK_ERR_INVALID)
		fail("dk_analyzer_stem status", NULL);
	return 0;
}
