/*
 * pages.c - the CPU a results page costs inside a long-running searcher:
 * docket.fcgi's request handling (dk_cgi_handle with an index kept open
 * by live.h) without the FastCGI socket and the web server.
 *
 *   bench-pages --index DIR --queries FILE [--passes N] [--json]
 *               [--resident 0|1] [--dump FILE]
 *
 * FILE holds "qid<TAB>query" lines ('#' starts a comment), as
 * bench/queries.tsv.  Each query is asked as the results page
 * ("q=QUERY", the page's facets, timeline and passages) or with --json as
 * the JSON API; an untimed warm-up pass asks every query once (and, with
 * --dump, writes each response to FILE after a "=== QUERY_STRING CODE"
 * line, for comparing builds byte for byte), then N timed passes (default
 * 5).  --resident 1 (the default) opens the index as docket.fcgi does
 * (DOCKET_OPEN_RESIDENT: facets counted from values kept in memory);
 * --resident 0 as before.  Output: one line, the process CPU time per
 * request over the timed passes and in the cheapest pass, in ms (the
 * cheapest pass is the figure least disturbed by other work on the
 * machine).  --help prints the usage.  Exit status 0, 1 when out of
 * memory, or 2 on a bad argument.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/buf.h"
#include "../searcher/cgi.h"
#include "../searcher/cgi_templates.h"
#include "../searcher/live.h"
#include "queries.h"

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* "q=" and text as a form encodes it. */
static void form_query(const char *text, int json, dk_buf *b)
{
	dk_buf_puts(b, "q=");
	for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("-_.~", *s))
			dk_buf_putc(b, (char)*s);
		else if (*s == ' ')
			dk_buf_putc(b, '+');
		else
			dk_buf_printf(b, "%%%02X", *s);
	}
	if (json)
		dk_buf_puts(b, "&format=json");
}

/* The queries of path as query strings in *out (malloc'd, each
 * malloc'd): -1 on failure, with a message. */
static int load(const char *path, int json, char ***out, size_t *n)
{
	dk_bench_query *q = NULL;
	size_t nq = 0;
	char **v = NULL;
	*out = NULL;
	*n = 0;
	if (dk_bench_queries_load("bench-pages", path, &q, &nq))
		return -1;
	if (nq && !(v = calloc(nq, sizeof *v)))
		goto nomem;
	for (size_t i = 0; i < nq; i++) {
		dk_buf b = DK_BUF_INIT;
		form_query(q[i].text, json, &b);
		if (b.err)
			goto nomem;
		v[i] = dk_buf_detach(&b, NULL);
	}
	dk_bench_queries_free(q, nq);
	*out = v;
	*n = nq;
	return 0;
nomem:
	fputs("bench-pages: out of memory\n", stderr);
	for (size_t i = 0; v && i < nq; i++)
		free(v[i]);
	free(v);
	dk_bench_queries_free(q, nq);
	return -1;
}

static const char usage[] =
	"usage: bench-pages --index DIR --queries FILE [--passes N] "
	"[--json] [--resident 0|1] [--dump FILE]\n";

int main(int argc, char **argv)
{
	const char *index = NULL, *queries = NULL, *dump = NULL;
	int passes = 5, json = 0, resident = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--json")) {
			json = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			return 0;
		}
		if (!v) {
			fprintf(stderr, "bench-pages: %s: bad or missing value\n", a);
			return 2;
		}
		i++;
		if (!strcmp(a, "--index"))
			index = v;
		else if (!strcmp(a, "--queries"))
			queries = v;
		else if (!strcmp(a, "--dump"))
			dump = v;
		else if (!strcmp(a, "--passes"))
			passes = atoi(v);
		else if (!strcmp(a, "--resident"))
			resident = atoi(v);
		else {
			fprintf(stderr, "bench-pages: unknown option %s\n", a);
			return 2;
		}
	}
	char **qs = NULL;
	size_t nq = 0;
	if (!index || !queries || passes < 1 || load(queries, json, &qs, &nq) ||
	    !nq) {
		fputs(usage, stderr);
		return 2;
	}
	FILE *df = dump ? fopen(dump, "w") : NULL;
	dk_live live;
	dk_live_init(&live);
	/* The page templates kept parsed, as docket.fcgi keeps them. */
	dk_cgi_templates_cache *tc = dk_cgi_templates_cache_new();
	if (!tc) {
		fputs("bench-pages: out of memory\n", stderr);
		return 1;
	}
	double start = 0, best = 0;
	for (int p = -1; p < passes; p++) {
		double t = cpu_ms();
		if (p == 0)
			start = t;
		for (size_t i = 0; i < nq; i++) {
			dk_cgi_request req;
			dk_buf out = DK_BUF_INIT;
			memset(&req, 0, sizeof req);
			req.method = "GET";
			req.query_string = qs[i];
			req.index_dir = index;
			req.time_limit = DK_CGI_TIME_LIMIT;
			req.log = stderr;
			req.templates_cache = tc;
			dk_searcher_opts so = { 0 };
			so.remote_timeout = req.time_limit;
			so.keep_values = resident;
			if (dk_live_get(&live, index, &so, &req.ix, NULL))
				req.ix = NULL;
			int code = dk_cgi_handle(&req, &out);
			if (p < 0 && df) {
				fprintf(df, "=== %s %d\n", qs[i], code);
				fwrite(out.data, 1, out.len, df);
			}
			dk_buf_free(&out);
		}
		double d = cpu_ms() - t;
		if (p >= 0 && (p == 0 || d < best))
			best = d;
	}
	printf("%.3f ms CPU per request over %d passes of %zu; %.3f in the "
	       "cheapest pass\n", (cpu_ms() - start) / ((double)passes * nq),
	       passes, nq, best / (double)nq);
	if (df)
		fclose(df);
	dk_live_free(&live);
	dk_cgi_templates_cache_free(tc);
	for (size_t i = 0; i < nq; i++)
		free(qs[i]);
	free(qs);
	return 0;
}
