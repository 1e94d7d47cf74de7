/*
 * docket-example.c - the smallest useful program over libdocket: open an
 * index, run the query given on the command line, print the hits the
 * way docket-search does (title; source, date, id and score; URL; the
 * best passage with its matches in **bold**; the entities found).
 *
 *   cc docket-example.c $(pkg-config --cflags --libs docket) -o docket-example
 *   ./docket-example INDEX 'query words'
 *
 * Exit status: 0 with hits, 1 without, 2 on error.  make check builds it
 * against a staged install and compares its output with docket-search's
 * (tests/e2e/library.sh).
 */
#include <docket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Hit i's passage p, its matches between ** and **. */
static void print_passage(const docket_results *res, size_t i, size_t p)
{
	const char *text;
	size_t len, para, at = 0;
	if (docket_hit_passage(res, i, p, &text, &len, &para))
		return;
	printf("   > [para %zu] ", para);
	for (size_t k = 0; k < docket_hit_highlight_count(res, i, p); k++) {
		size_t start, end;
		if (docket_hit_highlight(res, i, p, k, &start, &end))
			break;
		printf("%.*s**%.*s**", (int)(start - at), text + at,
		       (int)(end - start), text + start);
		at = end;
	}
	printf("%.*s\n", (int)(len - at), text + at);
}

/* "   cases: 25-00709 | parties: A; B": the entity lists, each stored as
 * lines. */
static void print_entities(const docket_results *res, size_t i)
{
	static const struct { docket_field f; const char *name; } lists[] = {
		{ DOCKET_FIELD_CASES, "cases" },
		{ DOCKET_FIELD_PARTIES, "parties" },
		{ DOCKET_FIELD_COURTS, "courts" },
		{ DOCKET_FIELD_STATUTES, "statutes" },
		{ DOCKET_FIELD_CVES, "cves" },
	};
	int any = 0;
	for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
		const char *s = docket_hit_field(res, i, lists[l].f);
		if (!s || !*s)
			continue;
		printf("%s%s: ", any ? " | " : "   ", lists[l].name);
		any = 1;
		for (const char *c = s; *c; c++) {
			if (*c != '\n')
				putchar(*c);
			else if (c[1])
				fputs("; ", stdout);
		}
	}
	if (any)
		putchar('\n');
}

int main(int argc, char **argv)
{
	docket_index *ix = NULL;
	docket_request *req = NULL;
	docket_results *res = NULL;
	char *msg = NULL, *query = NULL;
	int rc = 2;
	if (argc < 3) {
		fprintf(stderr, "usage: %s INDEX QUERY...\n", argv[0]);
		return 2;
	}
	/* The query is the remaining arguments, one space between. */
	size_t qlen = 0;
	for (int a = 2; a < argc; a++)
		qlen += strlen(argv[a]) + 1;
	if (!(query = calloc(1, qlen)))
		goto out;
	for (int a = 2; a < argc; a++) {
		if (a > 2)
			strcat(query, " ");
		strcat(query, argv[a]);
	}

	docket_status st = docket_index_open(argv[1], &ix, &msg);
	if (st) {
		fprintf(stderr, "docket-example: %s\n",
			msg ? msg : docket_status_str(st));
		goto out;
	}
	if ((st = docket_request_new(&req)) ||
	    (st = docket_request_set_query(req, query, strlen(query)))) {
		fprintf(stderr, "docket-example: %s\n", docket_status_str(st));
		goto out;
	}
	if ((st = docket_search(ix, req, &res))) {
		fprintf(stderr, "docket-example: %s: %s\n", docket_status_str(st),
			docket_index_error(ix));
		goto out;
	}

	int exact;
	uint64_t total = docket_results_total(res, &exact);
	size_t n = docket_results_count(res);
	if (n == 0) {
		printf("No results for: %s\n", docket_results_query(res));
		rc = 1;
		goto out;
	}
	printf("%s%llu result%s; showing 1-%zu\n\n", exact ? "" : "about ",
	       (unsigned long long)total, total == 1 ? "" : "s", n);
	for (size_t i = 0; i < n; i++) {
		const char *title = docket_hit_title(res, i);
		printf("%zu. %s\n   ", i + 1, title ? title : docket_hit_id(res, i));
		if (docket_hit_source(res, i))
			printf("%s | ", docket_hit_source(res, i));
		if (docket_hit_date(res, i))
			printf("%s | ", docket_hit_date(res, i));
		printf("%s | score %.2f\n", docket_hit_id(res, i),
		       docket_hit_score(res, i));
		if (docket_hit_url(res, i))
			printf("   %s\n", docket_hit_url(res, i));
		for (size_t p = 0; p < docket_hit_passage_count(res, i); p++)
			print_passage(res, i, p);
		print_entities(res, i);
		putchar('\n');
	}
	rc = 0;
out:
	docket_results_free(res);
	docket_request_free(req);
	docket_index_close(ix);
	free(msg);
	free(query);
	return rc;
}
