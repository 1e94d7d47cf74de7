/*
 * fuzz_manifest.c - libFuzzer target for the manifest parser
 * (indexer/manifest.c, dk_manifest_parse and dk_manifest_format).
 *
 * The input is a manifest file.  One that parses is sorted by path;
 * formatted again and parsed, it gives the same entries.  One that does not
 * names the bad line, which lies inside the input.  A broken invariant
 * aborts.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_manifest/ as an ordinary test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../indexer/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_manifest: %s\n", what);
	abort();
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dk_manifest m;
	memset(&m, 0, sizeof m);
	size_t bad = 0;
	dk_status st = dk_manifest_parse((const char *)data, size, &m, &bad);
	if (st == DK_ERR_NOMEM)
		return 0;
	if (st != DK_OK) {
		if (st != DK_ERR_PARSE)
			fail("status");
		size_t lines = 1;
		for (size_t i = 0; i < size; i++)
			lines += data[i] == '\n';
		if (bad > lines)
			fail("bad line outside the input");
		dk_manifest_clear(&m);
		return 0;
	}
	for (size_t i = 1; i < m.n; i++)
		if (strcmp(m.v[i - 1].path, m.v[i].path) > 0)
			fail("not sorted");
	char *text = NULL;
	size_t len = 0;
	if (dk_manifest_format(&m, &text, &len) != DK_OK)
		fail("format");
	dk_manifest t;
	memset(&t, 0, sizeof t);
	if (dk_manifest_parse(text, len, &t, NULL) != DK_OK)
		fail("formatted manifest does not parse");
	if (t.n != m.n)
		fail("round trip changed the count");
	for (size_t i = 0; i < m.n; i++) {
		const dk_manifest_entry *a = &m.v[i], *b = &t.v[i];
		if (!same(a->path, b->path) || a->size != b->size ||
		    a->mtime_ns != b->mtime_ns || a->hash != b->hash ||
		    a->articles != b->articles || !same(a->shard, b->shard))
			fail("round trip changed an entry");
	}
	free(text);
	dk_manifest_clear(&m);
	dk_manifest_clear(&t);
	return 0;
}
