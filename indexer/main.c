/*
 * main.c - docket-index: options in, library calls out (indexer.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../shims/xapian_shim.h"
#include "indexer.h"

static void usage(FILE *f)
{
	fputs("Usage: docket-index [OPTION]... --index DIR PATH...\n"
	      "       docket-index --extract [OPTION]... PATH...\n"
	      "Read article dumps (text, JSONL; plain or gzip), strip them to the\n"
	      "article and add them to the index in DIR, replacing articles whose\n"
	      "id is already there.  A PATH that is a directory is read recursively.\n"
	      "\n"
	      "  -i, --index DIR        the index (default: $DOCKET_INDEX)\n"
	      "  -f, --format FORMAT    text, jsonl, html or warc (default: detect)\n"
	      "  -l, --lang LANG        stemming language (default: english)\n"
	      "      --overwrite        start from an empty index\n"
	      "  -x, --extract          print the extracted articles as JSON lines;\n"
	      "                         write no index\n"
	      "      --max-record BYTES skip records larger than this (default 8 MiB)\n"
	      "  -q, --quiet            no progress display\n"
	      "  -h, --help             show this help\n"
	      "  -V, --version          show the version\n"
	      "\n"
	      "Exit status: 0 on success, 1 if nothing could be indexed, 2 on\n"
	      "usage errors or when the index cannot be written.\n", f);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "index", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "overwrite", no_argument, NULL, 'O' },
		{ "extract", no_argument, NULL, 'x' },
		{ "max-record", required_argument, NULL, 'M' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	dk_index_opts opts = { 0 };
	int quiet = 0, extract = 0, c;
	opts.prog = "docket-index";
	opts.err = stderr;
	opts.index_dir = getenv("DOCKET_INDEX");
	while ((c = getopt_long(argc, argv, "i:f:l:xqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': opts.index_dir = optarg; break;
		case 'f':
			opts.format = dk_format_from_name(optarg);
			if (opts.format == DK_FORMAT_AUTO && strcmp(optarg, "auto")) {
				fprintf(stderr, "docket-index: unknown format '%s' "
					"(text, jsonl, html, warc)\n", optarg);
				return 2;
			}
			break;
		case 'l': opts.lang = optarg; break;
		case 'O': opts.overwrite = 1; break;
		case 'x': extract = 1; break;
		case 'M': {
			char *end;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (*end || v == 0) {
				fprintf(stderr, "docket-index: bad --max-record '%s'\n",
					optarg);
				return 2;
			}
			opts.max_record = (size_t)v;
			break;
		}
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V':
			printf("docket-index %s (%s)\n", DOCKET_VERSION,
			       dk_shim_version());
			return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		fputs("docket-index: no PATH given (try --help)\n", stderr);
		return 2;
	}
	opts.progress = !quiet && isatty(fileno(stderr));
	const char *const *paths = (const char *const *)argv + optind;
	size_t npaths = (size_t)(argc - optind);
	dk_index_stats s = { 0 };
	dk_status st;
	if (extract) {
		st = dk_extract_paths(&opts, paths, npaths, stdout, &s);
		fprintf(stderr, "docket-index: %llu articles extracted, %llu skipped "
			"from %llu files in %.1f s\n",
			(unsigned long long)s.indexed, (unsigned long long)s.skipped,
			(unsigned long long)s.files, s.seconds);
		if (st) {
			fprintf(stderr, "docket-index: %s\n", dk_status_str(st));
			return 2;
		}
		return s.indexed == 0 && s.skipped > 0 ? 1 : 0;
	}
	if (!opts.index_dir || !*opts.index_dir) {
		fputs("docket-index: no index given: use --index DIR or set "
		      "DOCKET_INDEX\n", stderr);
		return 2;
	}
	dk_indexer *ix = NULL;
	char *msg = NULL;
	st = dk_indexer_open(&opts, &ix, &msg);
	if (st) {
		fprintf(stderr, "docket-index: %s: %s\n", opts.index_dir,
			msg ? msg : dk_status_str(st));
		free(msg);
		return 2;
	}
	st = dk_indexer_add_paths(ix, paths, npaths);
	if (st) {
		fprintf(stderr, "docket-index: %s: %s\n", opts.index_dir,
			*dk_indexer_error(ix) ? dk_indexer_error(ix)
					      : dk_status_str(st));
		/* What was committed before the failure stays; the rest is
		 * dropped rather than half-written. */
		dk_indexer_abandon(ix);
		return 2;
	}
	st = dk_indexer_finish(ix, &s, &msg);
	if (st) {
		fprintf(stderr, "docket-index: %s: %s\n", opts.index_dir,
			msg ? msg : dk_status_str(st));
		free(msg);
		return 2;
	}
	double mb = (double)s.bytes / 1e6;
	fprintf(stderr, "docket-index: %llu articles indexed, %llu replaced, "
		"%llu skipped (%llu warnings); %llu files, %.1f MB in %.1f s "
		"(%.1f MB/s)\n",
		(unsigned long long)s.indexed, (unsigned long long)s.replaced,
		(unsigned long long)s.skipped, (unsigned long long)s.warnings,
		(unsigned long long)s.files, mb, s.seconds,
		s.seconds > 0 ? mb / s.seconds : 0.0);
	if (s.indexed + s.replaced == 0 && s.skipped > 0)
		return 1;
	return 0;
}
