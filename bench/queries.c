/*
 * queries.c - reading a benchmark's query file (queries.h), shared by
 * bench/latency.c and bench/pages.c.
 */
#include "queries.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dk_bench_queries_free(dk_bench_query *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].qid);
		free(v[i].text);
	}
	free(v);
}

int dk_bench_queries_load(const char *prog, const char *path,
			  dk_bench_query **out, size_t *n)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, k = 0, vcap = 0;
	ssize_t len;
	dk_bench_query *v = NULL;
	int rc = 0;
	*out = NULL;
	*n = 0;
	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		char *tab = strchr(line, '\t');
		if (!len || line[0] == '#' || !tab)
			continue;
		if (k == vcap) {
			size_t ncap = vcap ? vcap * 2 : 64;
			dk_bench_query *nv = realloc(v, ncap * sizeof *nv);
			if (!nv) {
				rc = -1;
				break;
			}
			v = nv;
			vcap = ncap;
		}
		*tab = '\0';
		v[k].qid = strdup(line);
		v[k].text = strdup(tab + 1);
		k++;
		if (!v[k - 1].qid || !v[k - 1].text) {
			rc = -1;
			break;
		}
	}
	free(line);
	fclose(f);
	if (rc) {
		fprintf(stderr, "%s: %s: out of memory\n", prog, path);
		dk_bench_queries_free(v, k);
		return -1;
	}
	*out = v;
	*n = k;
	return 0;
}
