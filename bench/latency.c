/*
 * latency.c - the in-process half of bench/latency: time dk_search()
 * through the library, the way docket-search and docket.cgi call it.
 *
 *   bench-latency --index DIR --queries FILE [--passes N] [--limit N]
 *                 [--passages N] [--rank PARAMS] [--facets LIST]
 *                 [--histogram UNIT]
 *
 * FILE holds "qid<TAB>query" lines ('#' starts a comment).  One searcher is
 * opened; an untimed warm-up pass runs every query once, then each of the
 * N timed passes (default 5) runs every query in file order.  Each search
 * is a full page: top 10 (--limit), folded, one passage per result with
 * its highlights (--passages), as a user sees it.  Output: one line per
 * timed search, "qid<TAB>pass<TAB>wall us<TAB>results<TAB>total<TAB>CPU
 * us", which bench/latency turns into percentiles (the CPU time shows what
 * the search itself costs when other processes share the machine).
 * --help prints the usage.  Exit status 0, or 2 on a bad argument or a
 * failed search.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../searcher/facets.h"
#include "../searcher/rank.h"
#include "../searcher/search.h"
#include "queries.h"

static double clock_us(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static unsigned long arg_num(const char *s, const char *opt)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || !*s || v > 100000) {
		fprintf(stderr, "bench-latency: bad %s '%s'\n", opt, s);
		exit(2);
	}
	return v;
}

static const char usage[] =
	"usage: bench-latency --index DIR --queries FILE [--passes N] "
	"[--limit N] [--passages N] [--rank PARAMS] [--facets LIST] "
	"[--histogram UNIT]\n";

int main(int argc, char **argv)
{
	const char *index = NULL, *qfile = NULL;
	unsigned long passes = 5;
	dk_search_request req;
	dk_rank_params rank;
	dk_search_request_init(&req);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			return 0;
		}
		if (!v) {
			fprintf(stderr, "bench-latency: %s needs a value\n", a);
			return 2;
		}
		if (!strcmp(a, "--index"))
			index = v;
		else if (!strcmp(a, "--queries"))
			qfile = v;
		else if (!strcmp(a, "--passes"))
			passes = arg_num(v, a);
		else if (!strcmp(a, "--limit"))
			req.limit = (uint32_t)arg_num(v, a);
		else if (!strcmp(a, "--passages"))
			req.passages = (uint32_t)arg_num(v, a);
		else if (!strcmp(a, "--facets")) {
			if (!v || dk_facets_parse(v, &req.facets, NULL, NULL)) {
				fprintf(stderr, "bench-latency: bad --facets\n");
				return 2;
			}
		} else if (!strcmp(a, "--histogram")) {
			if (!v || (req.histogram = dk_facets_histogram_parse(v)) < 0) {
				fprintf(stderr, "bench-latency: bad --histogram\n");
				return 2;
			}
		} else if (!strcmp(a, "--rank")) {
			dk_rank_params_init(&rank);
			if (dk_rank_params_parse(v, &rank)) {
				fprintf(stderr, "bench-latency: bad --rank '%s'\n", v);
				return 2;
			}
			req.rank = &rank;
		} else {
			fprintf(stderr, "bench-latency: unknown option %s\n", a);
			return 2;
		}
		i++;
	}
	if (!index || !qfile) {
		fputs(usage, stderr);
		return 2;
	}
	dk_bench_query *qs = NULL;
	size_t nq = 0;
	if (dk_bench_queries_load("bench-latency", qfile, &qs, &nq))
		return 2;
	dk_searcher *s = NULL;
	char *msg = NULL;
	if (dk_searcher_open(index, &s, &msg)) {
		fprintf(stderr, "bench-latency: %s: %s\n", index, msg ? msg : "cannot open");
		free(msg);
		return 2;
	}
	int rc = 0;
	for (unsigned long pass = 0; pass <= passes && !rc; pass++) {
		for (size_t i = 0; i < nq; i++) {
			dk_result_page *p = NULL;
			req.query = qs[i].text;
			req.query_len = strlen(qs[i].text);
			double c0 = clock_us(CLOCK_PROCESS_CPUTIME_ID);
			double t0 = clock_us(CLOCK_MONOTONIC);
			dk_status st = dk_search(s, &req, &p);
			double t1 = clock_us(CLOCK_MONOTONIC);
			double c1 = clock_us(CLOCK_PROCESS_CPUTIME_ID);
			if (st) {
				fprintf(stderr, "bench-latency: %s: %s: %s\n", qs[i].qid,
					dk_status_str(st), dk_searcher_error(s));
				rc = 2;
				break;
			}
			if (pass > 0)  /* pass 0 warms the caches */
				printf("%s\t%lu\t%.1f\t%zu\t%llu\t%.1f\n", qs[i].qid,
				       pass, t1 - t0, p->nhits,
				       (unsigned long long)p->total, c1 - c0);
			dk_result_page_free(p);
		}
	}
	dk_searcher_close(s);
	dk_bench_queries_free(qs, nq);
	return rc;
}
