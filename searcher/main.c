/*
 * main.c - docket-search: options in, library calls out.  It searches
 * through libdocket's handles (docket.h: docket_index, docket_request,
 * docket_search, docket_article_get), as any program using the library
 * does, and reaches behind them (docket_int.h) only for what the public
 * API leaves out: ranking experiments, query by document, alerts, and
 * the text, CSV and TREC printers (output.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../shims/xapian_shim.h"
#include "alerts.h"
#include "docket.h"
#include "docket_int.h"
#include "output.h"
#include "rank.h"
#include "facets.h"
#include "search.h"

enum { FMT_TEXT, FMT_JSON, FMT_TREC, FMT_CSV };

static void usage(FILE *f)
{
	fputs("Usage: docket-search [OPTION]... QUERY...\n"
	      "       docket-search [OPTION]... --queries FILE\n"
	      "       docket-search [OPTION]... --like ID | --like-file FILE\n"
	      "       docket-search [OPTION]... --show ID [QUERY...]\n"
	      "       docket-search [OPTION]... --alerts FILE\n"
	      "Search a Docket index; print the passages that answer the query.\n"
	      "\n"
	      "Query syntax: words (ranked), \"exact phrase\", +required, -excluded,\n"
	      "AND OR NOT ( ), a NEAR/5 b, field:word (title source site author case\n"
	      "party court lang), date:2025-01-21..2025-01-31, date:>2024-09-18, word*\n"
	      "\n"
	      "  -i, --index DIR        the index (default: $DOCKET_INDEX)\n"
	      "  -n, --limit N          results per page (default 10)\n"
	      "      --offset N         skip the first N results\n"
	      "      --passages N       passages per result (default 1)\n"
	      "      --sort ORDER       relevance (default), date (newest first) or\n"
	      "                         oldest\n"
	      "      --no-fold          show every copy of a syndicated story\n"
	      "  -j, --json             one JSON document on standard output\n"
	      "      --format FORMAT    text, json, csv or trec\n"
	      "      --run-id TAG       the run tag of TREC output (default docket)\n"
	      "      --queries FILE     batch: a TSV of qid<TAB>query lines\n"
	      "      --plain            read the query as words only (no operators)\n"
	      "      --explain          show how the query was understood\n"
	      "      --facets LIST      counts over all matches by source, site,\n"
	      "                         author, year, month, day (date: all three),\n"
	      "                         court, party, case (comma separated, or all)\n"
	      "      --facet-values N   values per facet (default 10)\n"
	      "      --histogram UNIT   matches per day, week, month or year\n"
	      "      --show ID          the stored article ID, QUERY's matches\n"
	      "                         marked (text or json)\n"
	      "      --alerts FILE      what is new for each saved search of FILE\n"
	      "                         (name<TAB>query lines) since the index\n"
	      "                         generation last reported (text or json)\n"
	      "      --alerts-state PATH  where --alerts keeps what it reported\n"
	      "                         (default: DIR/alerts/FILE.json)\n"
	      "      --like ID          articles like the indexed article ID\n"
	      "      --like-file FILE   articles like the text of FILE (- for stdin)\n"
	      "      --like-terms N     terms taken from the document (default 40)\n"
	      "      --like-queries     with --queries: each query is a document\n"
	      "      --time-limit SECS  stop a query after this long (default 10);\n"
	      "                         also the wait for a remote shard\n"
	      "      --partial          when a shard is dead or unreachable, answer\n"
	      "                         from the others and say so (default: fail)\n"
	      "      --feedback         expand every query with pseudo-relevance\n"
	      "                         feedback (default: --plain queries only)\n"
	      "      --no-feedback      never\n"
	      "      --rank PARAMS      ranking experiments: k1=,b=,title=,fbdocs=,\n"
	      "                         fbterms=,fbweight= (comma separated)\n"
	      "      --color WHEN       highlight with bold: auto, always, never\n"
	      "  -h, --help             show this help\n"
	      "  -V, --version          show the version\n"
	      "\n"
	      "Exit status: 0 if results were found (--alerts: new articles),\n"
	      "1 if none, 2 on error.\n", f);
}

static int parse_uint(const char *s, const char *opt, uint32_t max,
		      uint32_t *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || !*s || s[0] == '-' || v > max) {
		fprintf(stderr, "docket-search: bad %s '%s' (0..%u)\n", opt, s, max);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

typedef struct run_opts {
	int fmt;
	dk_mark_style marks;
	const char *run_id;
	int like_queries;  /* batch lines are documents (--like-queries) */
	int csv_header_done;
} run_opts;

/* The whole of path ("-": standard input) into *out (malloc'd, the
 * caller frees it); -1 with a message naming the file on failure. */
static int read_all(const char *path, dk_buf *out)
{
	dk_status st = dk_buf_read_file(out, path);
	if (st) {
		fprintf(stderr, "docket-search: %s: %s\n", path,
			st == DK_ERR_NOMEM ? "out of memory" : strerror(errno));
		return -1;
	}
	return 0;
}

/* Say why a call on ix failed with st: "status: message". */
static void say_failed(docket_index *ix, docket_status st)
{
	const char *m = docket_index_error(ix), *what = docket_status_str(st);
	fprintf(stderr, "docket-search: %s%s%s\n", what,
		*m && strcmp(m, what) ? ": " : "", strcmp(m, what) ? m : "");
}

/* Run one query and print it; returns 0 found, 1 none, 2 error. */
static int one(docket_index *ix, docket_request *dreq, run_opts *ro,
	       const char *qid)
{
	const dk_search_request *req = dk_docket_request(dreq);
	docket_results *res = NULL;
	dk_status st = (dk_status)docket_search(ix, dreq, &res);
	if (st) {
		say_failed(ix, (docket_status)st);
		return 2;
	}
	const dk_result_page *page = dk_docket_page(res);
	if (ro->fmt == FMT_JSON)
		st = dk_output_json(stdout, page);
	else if (ro->fmt == FMT_TREC)
		st = dk_output_trec(stdout, page, qid ? qid : "1", ro->run_id);
	else if (ro->fmt == FMT_CSV && req->histogram > 0) {
		/* The histogram is the table asked for. */
		st = dk_output_histogram_csv(stdout, page, !ro->csv_header_done);
		ro->csv_header_done = 1;
	} else if (ro->fmt == FMT_CSV) {
		st = dk_output_csv(stdout, page, !ro->csv_header_done);
		ro->csv_header_done = 1;
	} else {
		st = dk_output_text(stdout, page, ro->marks);
		if (!st && (page->nfacets || page->histogram)) {
			if (page->nhits)
				fputc('\n', stdout);
			st = dk_output_facets_text(stdout, page);
		}
	}
	/* --limit 0 or an offset past the end: found all the same. */
	int found = page->nhits > 0 || page->total > 0;
	docket_results_free(res);
	if (st) {
		fprintf(stderr, "docket-search: %s\n", dk_status_str(st));
		return 2;
	}
	return found ? 0 : 1;
}

/* --show ID [QUERY...]: the article, the query's matches marked. */
static int show_one(docket_index *ix, const char *id, int nq, char **q,
		    const run_opts *ro)
{
	dk_buf query = DK_BUF_INIT;
	docket_article *a = NULL;
	for (int i = 0; i < nq; i++) {
		if (i)
			dk_buf_putc(&query, ' ');
		dk_buf_puts(&query, q[i]);
	}
	if (query.err) {
		fputs("docket-search: out of memory\n", stderr);
		return 2;
	}
	docket_status st = docket_article_get(ix, id, query.data ? query.data : "",
					      query.len, &a);
	dk_buf_free(&query);
	if (st == DOCKET_ERR_NOT_FOUND) {
		fprintf(stderr, "docket-search: %s\n", docket_index_error(ix));
		return 1;
	}
	if (st) {
		say_failed(ix, st);
		return 2;
	}
	if (ro->fmt == FMT_JSON) {
		char *js = NULL;
		st = docket_article_json(a, &js);
		if (!st)
			printf("%s\n", js);
		free(js);
	} else if (ro->fmt == FMT_TEXT) {
		st = (docket_status)dk_output_article_text(stdout, dk_docket_view(a),
							   ro->marks);
	} else {
		fputs("docket-search: --show prints text or json\n", stderr);
		st = DOCKET_ERR_INVALID;
	}
	docket_article_free(a);
	return st ? 2 : 0;
}

/* --alerts FILE: 0 when some saved search has news, 1 when none, 2 on
 * error. */
static int run_alerts(dk_searcher *s, const char *index, const char *file,
		      const char *state, const run_opts *ro)
{
	dk_alert_list list;
	char *msg = NULL, *def = NULL;
	dk_alerts *a = NULL;
	int rc = 2;
	if (ro->fmt != FMT_TEXT && ro->fmt != FMT_JSON) {
		fputs("docket-search: --alerts prints text or json\n", stderr);
		return 2;
	}
	if (dk_alerts_read(file, &list, &msg)) {
		fprintf(stderr, "docket-search: %s\n", msg ? msg : file);
		free(msg);
		return 2;
	}
	if (!state && !(state = def = dk_alerts_default_state(index, file))) {
		fputs("docket-search: out of memory\n", stderr);
		goto out;
	}
	if (dk_alerts_run(s, index, list.v, list.n, state, &a, &msg)) {
		fprintf(stderr, "docket-search: alerts: %s\n", msg ? msg : "failed");
		goto out;
	}
	if ((ro->fmt == FMT_JSON ? dk_alerts_print_json(stdout, a)
				 : dk_alerts_print_text(stdout, a)))
		goto out;
	rc = 1;
	for (size_t i = 0; i < a->n; i++)
		if (a->r[i].new_total)
			rc = 0;
out:
	free(msg);
	free(def);
	dk_alerts_free(a);
	dk_alert_list_free(&list);
	return rc;
}

/* Batch mode: every "qid<TAB>query" line of path. */
static int batch(docket_index *ix, docket_request *dreq, run_opts *ro,
		 const char *path)
{
	dk_search_request *req = dk_docket_request(dreq);
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		fprintf(stderr, "docket-search: %s: %s\n", path, strerror(errno));
		return 2;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0;
	int any = 0, err = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n)
			continue;
		char *tab = strchr(line, '\t');
		if (!tab) {
			fprintf(stderr, "docket-search: %s: line %lu: no tab between "
				"query id and query, skipped\n", path, lineno);
			err = 1;
			continue;
		}
		*tab = '\0';
		if (docket_request_set_query(dreq, tab + 1, strlen(tab + 1))) {
			fprintf(stderr, "docket-search: %s: line %lu: %s\n", path,
				lineno, docket_request_error(dreq));
			err = 1;
			continue;
		}
		if (ro->like_queries) {
			req->like_text = req->query;
			req->like_len = req->query_len;
		}
		int rc = one(ix, dreq, ro, line);
		if (rc == 0)
			any = 1;
		else if (rc == 2)
			err = 1;
		/* Each answer goes out as it is made (a stream of queries
		 * through a pipe sees them one by one). */
		fflush(stdout);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	if (err && !any)
		return 2;
	return any ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "index", required_argument, NULL, 'i' },
		{ "limit", required_argument, NULL, 'n' },
		{ "offset", required_argument, NULL, 'o' },
		{ "passages", required_argument, NULL, 'P' },
		{ "sort", required_argument, NULL, 's' },
		{ "no-fold", no_argument, NULL, 'F' },
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "run-id", required_argument, NULL, 'r' },
		{ "queries", required_argument, NULL, 'Q' },
		{ "plain", no_argument, NULL, 'p' },
		{ "explain", no_argument, NULL, 'e' },
		{ "like", required_argument, NULL, 'L' },
		{ "show", required_argument, NULL, 'S' },
		{ "facets", required_argument, NULL, 'A' },
		{ "facet-values", required_argument, NULL, 'v' },
		{ "histogram", required_argument, NULL, 'H' },
		{ "like-file", required_argument, NULL, 'l' },
		{ "like-terms", required_argument, NULL, 'm' },
		{ "like-queries", no_argument, NULL, 'k' },
		{ "alerts", required_argument, NULL, 'W' },
		{ "alerts-state", required_argument, NULL, 'w' },
		{ "time-limit", required_argument, NULL, 'T' },
		{ "partial", no_argument, NULL, 'a' },
		{ "rank", required_argument, NULL, 'R' },
		{ "feedback", no_argument, NULL, 'B' },
		{ "no-feedback", no_argument, NULL, 'b' },
		{ "color", required_argument, NULL, 'C' },
		{ "colour", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	dk_search_request req;
	dk_rank_params rank;
	run_opts ro = { FMT_TEXT, DK_MARK_PLAIN, "docket", 0, 0 };
	const char *show = NULL;
	const char *index = getenv("DOCKET_INDEX");
	const char *queries = NULL, *like_file = NULL;
	const char *alerts = NULL, *alerts_state = NULL;
	int partial = 0;
	int color = -1, c;
	dk_search_request_init(&req);
	req.time_limit = 10;
	while ((c = getopt_long(argc, argv, "i:n:jhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': index = optarg; break;
		case 'n':
			if (parse_uint(optarg, "--limit", 100000, &req.limit))
				return 2;
			break;
		case 'o':
			if (parse_uint(optarg, "--offset", 10000000, &req.offset))
				return 2;
			break;
		case 'P':
			if (parse_uint(optarg, "--passages", 100, &req.passages))
				return 2;
			break;
		case 's':
			if (!strcmp(optarg, "date") || !strcmp(optarg, "newest"))
				req.sort_date = 1;
			else if (!strcmp(optarg, "oldest"))
				req.sort_date = -1;
			else if (!strcmp(optarg, "relevance"))
				req.sort_date = 0;
			else {
				fprintf(stderr, "docket-search: bad --sort '%s' "
					"(relevance, date or oldest)\n", optarg);
				return 2;
			}
			break;
		case 'F': req.fold = 0; break;
		case 'j': ro.fmt = FMT_JSON; break;
		case 'f':
			if (!strcmp(optarg, "json"))
				ro.fmt = FMT_JSON;
			else if (!strcmp(optarg, "trec"))
				ro.fmt = FMT_TREC;
			else if (!strcmp(optarg, "text"))
				ro.fmt = FMT_TEXT;
			else if (!strcmp(optarg, "csv"))
				ro.fmt = FMT_CSV;
			else {
				fprintf(stderr, "docket-search: bad --format '%s' "
					"(text, json, csv or trec)\n", optarg);
				return 2;
			}
			break;
		case 'r': ro.run_id = optarg; break;
		case 'Q': queries = optarg; break;
		case 'p': req.plain = 1; break;
		case 'e': req.explain = 1; break;
		case 'L': req.like_id = optarg; break;
		case 'S': show = optarg; break;
		case 'A': {
			const char *bad = NULL;
			size_t bad_len = 0;
			if (dk_facets_parse(optarg, &req.facets, &bad, &bad_len)) {
				fprintf(stderr, "docket-search: unknown facet '%.*s' "
					"(source, site, author, year, month, day, "
					"date, court, party, case, all)\n",
					(int)bad_len, bad);
				return 2;
			}
			break;
		}
		case 'v':
			if (parse_uint(optarg, "--facet-values", 10000,
				       &req.facet_values))
				return 2;
			break;
		case 'H':
			req.histogram = dk_facets_histogram_parse(optarg);
			if (req.histogram < 0) {
				fprintf(stderr, "docket-search: bad --histogram '%s' "
					"(day, week, month or year)\n", optarg);
				return 2;
			}
			break;
		case 'l': like_file = optarg; break;
		case 'k': ro.like_queries = 1; break;
		case 'W': alerts = optarg; break;
		case 'w': alerts_state = optarg; break;
		case 'm':
			if (parse_uint(optarg, "--like-terms", 1000, &req.like_terms))
				return 2;
			break;
		case 'T': {
			char *end;
			double t = strtod(optarg, &end);
			if (*end || !(t >= 0 && t <= 3600)) {
				fprintf(stderr, "docket-search: bad --time-limit '%s'\n",
					optarg);
				return 2;
			}
			req.time_limit = t;
			break;
		}
		case 'a': partial = 1; break;
		case 'B': req.feedback = 1; break;
		case 'b': req.feedback = -1; break;
		case 'R':
			if (!req.rank)
				dk_rank_params_init(&rank);
			if (dk_rank_params_parse(optarg, &rank)) {
				fprintf(stderr, "docket-search: bad --rank '%s' (see "
					"--help)\n", optarg);
				return 2;
			}
			req.rank = &rank;
			break;
		case 'C':
			if (!strcmp(optarg, "always"))
				color = 1;
			else if (!strcmp(optarg, "never"))
				color = 0;
			else if (!strcmp(optarg, "auto"))
				color = -1;
			else {
				fprintf(stderr, "docket-search: bad --color '%s'\n", optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		case 'V':
			printf("docket-search %s (%s)\n", DOCKET_VERSION,
			       dk_shim_version());
			return 0;
		default: usage(stderr); return 2;
		}
	}
	if ((req.like_id != NULL) + (like_file != NULL) + (queries != NULL) +
	    (alerts != NULL) + (show != NULL) > 1) {
		fputs("docket-search: --like, --like-file, --queries, --alerts and "
		      "--show go alone\n", stderr);
		return 2;
	}
	int like = req.like_id || like_file;
	if (show && (like || queries)) {
		fputs("docket-search: --show goes without --like and --queries\n",
		      stderr);
		return 2;
	}
	if (!queries && !like && !show && !alerts && optind >= argc) {
		fputs("docket-search: no query given (try --help)\n", stderr);
		return 2;
	}
	if (!index || !*index) {
		fputs("docket-search: no index given: use --index DIR or set "
		      "DOCKET_INDEX\n", stderr);
		return 2;
	}
	if (color < 0)
		color = isatty(fileno(stdout)) && getenv("NO_COLOR") == NULL;
	ro.marks = color ? DK_MARK_ANSI : DK_MARK_PLAIN;
	if (ro.fmt == FMT_TREC) {
		req.passages = 0;  /* a run needs ids and scores only */
		req.suggest = 0;
	}

	docket_index *ix = NULL;
	docket_request *dreq = NULL;
	char *msg = NULL;
	docket_status st = docket_index_open_with(index,
						  partial ? DOCKET_OPEN_PARTIAL : 0,
						  req.time_limit, &ix, &msg);
	if (st == DOCKET_ERR_NOT_FOUND)
		fprintf(stderr, "docket-search: %s: no index here (build one with "
			"docket-index)\n", index);
	else if (st)
		fprintf(stderr, "docket-search: %s\n",
			msg ? msg : docket_status_str(st));
	free(msg);
	if (st)
		return 2;
	if ((st = docket_request_new(&dreq))) {
		fprintf(stderr, "docket-search: %s\n", docket_status_str(st));
		docket_index_close(ix);
		return 2;
	}
	/* The options, all of them: the public setters cover only some. */
	*dk_docket_request(dreq) = req;
	int rc;
	if (alerts) {
		rc = run_alerts(dk_docket_searcher(ix), index, alerts, alerts_state,
				&ro);
	} else if (show) {
		rc = show_one(ix, show, argc - optind, argv + optind, &ro);
	} else if (like_file) {
		dk_buf text = DK_BUF_INIT;
		if (read_all(like_file, &text)) {
			rc = 2;
		} else {
			dk_search_request *r = dk_docket_request(dreq);
			r->like_text = text.data ? text.data : "";
			r->like_len = text.len;
			/* the page's label */
			st = docket_request_set_query(dreq, like_file,
						      strlen(like_file));
			rc = st ? 2 : one(ix, dreq, &ro, NULL);
		}
		dk_buf_free(&text);
	} else if (req.like_id) {
		rc = one(ix, dreq, &ro, NULL);
	} else if (queries) {
		rc = batch(ix, dreq, &ro, queries);
	} else {
		dk_buf q = DK_BUF_INIT;
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				dk_buf_putc(&q, ' ');
			dk_buf_puts(&q, argv[i]);
		}
		if (q.err) {
			fputs("docket-search: out of memory\n", stderr);
			rc = 2;
		} else if (docket_request_set_query(dreq, q.data ? q.data : "",
						    q.len)) {
			fprintf(stderr, "docket-search: %s\n",
				docket_request_error(dreq));
			rc = 2;
		} else {
			rc = one(ix, dreq, &ro, NULL);
		}
		dk_buf_free(&q);
	}
	docket_request_free(dreq);
	docket_index_close(ix);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "docket-search: writing results: %s\n",
			strerror(errno));
		return 2;
	}
	return rc;
}
