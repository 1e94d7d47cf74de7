/*
 * fuzz_text.c - libFuzzer target for the text dump reader
 * (indexer/extract/dump_text.c), read through a file as the indexer reads
 * it: plain, gzip in two members, or gzip followed by trailing garbage
 * (fuzz_file.h).  The record limit is small (4096 bytes) so the
 * over-the-limit path runs too.  Every article must have an id and valid
 * UTF-8 fields; every report a message that does not repeat the path.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_text/ as an ordinary test.
 */
#include "../../indexer/extract/dump.h"  /* named here for tools/layers.sh */
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_dump(data, size, DK_FORMAT_TEXT, ".text", 4096);
	return 0;
}
