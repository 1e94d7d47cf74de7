/*
 * fuzz_warc_file.c - libFuzzer target for the streaming WARC reader
 * (indexer/extract/dump_warc.c) through a file, plain or gzip, as the
 * indexer reads it (fuzz_warc.c fuzzes the same code from memory).  The
 * record limit is taken from the input's third byte, from 64 bytes to the
 * default (32 MiB), so records of all sizes meet both the hold-whole path
 * and the skip-by-length path; run it with -max_len above 600000 to cross
 * the 512 KiB read buffer.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_warc_file/ as an ordinary test.
 */
#include "../../indexer/extract/dump.h"  /* named here for tools/layers.sh */
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t max = 0;
	if (size > 2 && data[2] < 128)
		max = (size_t)64 << (data[2] % 16);
	fuzz_dump(data, size, DK_FORMAT_WARC, ".warc", max);
	return 0;
}
