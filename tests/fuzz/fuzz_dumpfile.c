/*
 * fuzz_dumpfile.c - libFuzzer target for the gzip/dump-file layer
 * (indexer/extract/dumpfile.c): the line reader and the whole-file reader
 * over a scratch file, plain, gzip in two members, or gzip with trailing
 * garbage (fuzz_file.h).  Lines must hold no '\n' and stay within the
 * limit, line numbers and offsets must grow, and the whole-file read must
 * stay within its limit and agree with the lines on the length.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_dumpfile/ as an ordinary test.
 */
#include "../../indexer/extract/dump.h"  /* named here for tools/layers.sh */
#include "fuzz_file.h"
#include "../../indexer/extract/dumpfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write(data, size, ".txt");
	dk_lines *r = NULL;
	char *msg = NULL;
	if (dk_lines_open(path, 64, &r, &msg) != DK_OK)
		fuzz_fail("open", msg);
	uint64_t lineno = 0, offset = 0, total = 0;
	int broken = 0;
	for (;;) {
		const char *line;
		size_t len;
		dk_status st = dk_lines_next(r, &line, &len);
		if (st == DK_ERR_NOT_FOUND)
			break;
		if (st == DK_ERR_PARSE || st == DK_ERR_IO) {
			if (!*dk_lines_error(r))
				fuzz_fail("broken stream without a message", NULL);
			broken = 1;
			break;
		}
		if (dk_lines_lineno(r) != lineno + 1)
			fuzz_fail("line numbers skip", NULL);
		lineno = dk_lines_lineno(r);
		if (lineno > 1 && dk_lines_offset(r) <= offset)
			fuzz_fail("offsets do not grow", NULL);
		offset = dk_lines_offset(r);
		if (st == DK_ERR_TOO_BIG)
			continue;
		if (st != DK_OK)
			fuzz_fail("status", dk_status_str(st));
		if (len > 64 || memchr(line, '\n', len))
			fuzz_fail("bad line", line);
	}
	total = dk_lines_uncompressed(r);
	dk_lines_close(r);
	char *all = NULL;
	size_t n = 0;
	dk_status st = dk_dumpfile_read(path, 1u << 20, &all, &n, &msg);
	if (st == DK_OK && !broken && n != total)
		fuzz_fail("the two readers disagree on the length", NULL);
	if (st == DK_OK && (!all || all[n] != '\0'))
		fuzz_fail("whole-file read not terminated", NULL);
	if (st != DK_OK && st != DK_ERR_PARSE && st != DK_ERR_TOO_BIG)
		fuzz_fail("file status", dk_status_str(st));
	free(all);
	free(msg);
	return 0;
}
