/*
 * replay_main.c - run a libFuzzer target over its saved corpus, as an
 * ordinary test.
 *
 * Linked with one tests/fuzz/fuzz_*.c file in place of libFuzzer's own
 * main(): every file in the corpus directory given on the command line is
 * passed once to LLVMFuzzerTestOneInput().  A crash or sanitizer report
 * fails the test; otherwise each input prints one TAP "ok" line.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS-DIR\n", argv[0]);
		return 2;
	}
	DIR *d = opendir(argv[1]);
	if (!d) {
		printf("1..0 # SKIP no corpus at %s\n", argv[1]);
		return 0;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nn = realloc(names, cap * sizeof *nn);
			if (!nn)
				return 2;
			names = nn;
		}
		names[n] = strdup(e->d_name);
		if (!names[n])
			return 2;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp);
	printf("1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", argv[1], names[i]);
		FILE *f = fopen(path, "rb");
		uint8_t *buf = NULL;
		size_t len = 0;
		if (f) {
			fseek(f, 0, SEEK_END);
			long sz = ftell(f);
			fseek(f, 0, SEEK_SET);
			if (sz >= 0) {
				buf = malloc((size_t)sz + 1);
				if (buf)
					len = fread(buf, 1, (size_t)sz, f);
			}
			fclose(f);
		}
		if (!buf) {
			printf("not ok %zu - %s (unreadable)\n", i + 1, names[i]);
			free(names[i]);
			continue;
		}
		LLVMFuzzerTestOneInput(buf, len);
		printf("ok %zu - %s\n", i + 1, names[i]);
		free(buf);
		free(names[i]);
	}
	free(names);
	return 0;
}
