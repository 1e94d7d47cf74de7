/*
 * queries.h - the query files of the in-process benchmarks
 * (bench/latency.c, bench/pages.c): "qid<TAB>query" lines, as
 * bench/queries.tsv.  A line starting with '#', an empty line and a line
 * without a tab are skipped; a trailing CR or LF is not part of the query.
 *
 * Prefix: dk_bench_queries.
 */
#ifndef DK_BENCH_QUERIES_H
#define DK_BENCH_QUERIES_H

#include <stddef.h>

typedef struct dk_bench_query {
	char *qid;   /* malloc'd */
	char *text;  /* the query as typed; malloc'd */
} dk_bench_query;

/*
 * Read the queries of path, in file order.  On success returns 0 and *out
 * is a malloc'd array of *n queries (NULL when there are none), which the
 * caller frees with dk_bench_queries_free().  On failure (the file cannot
 * be opened, memory runs out) returns -1 with a message on stderr that
 * starts with prog, and *out is NULL, *n 0.
 */
int dk_bench_queries_load(const char *prog, const char *path,
			  dk_bench_query **out, size_t *n);

/* Free what dk_bench_queries_load() returned (v may be NULL). */
void dk_bench_queries_free(dk_bench_query *v, size_t n);

#endif
