/*
 * fuzz_stub.c - libFuzzer target for the generation stub parser
 * (common/index_dir.c, dk_stub_parse and dk_stub_format).
 *
 * The input is a stub file.  A stub that parses has at least one shard;
 * formatted again and parsed, it gives the same generation, manifest and
 * shards.  A stub that does not parse leaves *out cleared.  A broken
 * invariant aborts.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_stub/ as an ordinary test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/index_dir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_stub: %s\n", what);
	abort();
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dk_stub s;
	memset(&s, 0, sizeof s);
	dk_status st = dk_stub_parse((const char *)data, size, &s);
	if (st != DK_OK) {
		if (s.shards || s.nshards || s.manifest)
			fail("not cleared on failure");
		return 0;
	}
	if (s.nshards == 0)
		fail("a stub without shards parsed");
	char *text = NULL;
	if (dk_stub_format(&s, &text) != DK_OK)
		fail("format");
	dk_stub t;
	memset(&t, 0, sizeof t);
	if (dk_stub_parse(text, strlen(text), &t) != DK_OK)
		fail("formatted stub does not parse");
	if (t.generation != s.generation || !same(t.manifest, s.manifest) ||
	    t.nshards != s.nshards)
		fail("round trip changed the stub");
	for (size_t i = 0; i < s.nshards; i++)
		if (!same(s.shards[i], t.shards[i]) ||
		    dk_stub_kind(&s, i) != dk_stub_kind(&t, i))
			fail("round trip changed a shard");
	free(text);
	dk_stub_clear(&s);
	dk_stub_clear(&t);
	return 0;
}
