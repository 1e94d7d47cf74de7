/*
 * main.c - docket-index: options in, library calls out (indexer.h).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/index_dir.h"
#include "../shims/xapian_shim.h"
#include "extract/html_dom.h"
#include "indexer.h"
#include "generations.h"
#include "log.h"
#include "rebuild.h"
#include "shard_count.h"
#include "walk.h"

/* The default per-document time budget, in seconds: generous (a large
 * page parses in well under a second), yet one page cannot stall a
 * nightly run. */
#define DK_DOC_TIME_DEFAULT 10.0

/* sysexits.h's EX_TEMPFAIL: "try again later" for cron and systemd. */
#define EXIT_BUSY 75

static void usage(FILE *f)
{
	fputs("Usage: docket-index [OPTION]... --index DIR PATH...\n"
	      "       docket-index --rebuild|--update [OPTION]... --index DIR PATH...\n"
	      "       docket-index --rollback --index DIR\n"
	      "       docket-index --extract [OPTION]... PATH...\n"
	      "Read article dumps (text, JSONL; plain or gzip), strip them to the\n"
	      "article and add them to the index in DIR, replacing articles whose\n"
	      "id is already there.  A PATH that is a directory is read recursively.\n"
	      "\n"
	      "  -i, --index DIR        the index (default: $DOCKET_INDEX)\n"
	      "  -f, --format FORMAT    text, jsonl, html or warc (default: detect)\n"
	      "  -l, --lang LANG        stemming language of articles whose language\n"
	      "                         is unknown or has no stemmer (default:\n"
	      "                         english); others are stemmed in their own\n"
	      "                         language (Snowball's)\n"
	      "      --single-lang      stem every article with --lang\n"
	      "      --overwrite        start from an empty index\n"
	      "      --rebuild          build a new generation of DIR from the PATHs\n"
	      "                         beside the live one, check it and publish it\n"
	      "                         atomically (the previous one is kept)\n"
	      "      --update           the same from the PATHs that are new or changed\n"
	      "                         since the live generation; articles of dumps\n"
	      "                         that changed or vanished are removed\n"
	      "      --rollback         make the previous generation live again\n"
	      "  -j, --jobs N           indexing threads for --rebuild/--update\n"
	      "                         (default: the number of cores)\n"
	      "      --shards K|auto    --rebuild: publish K balanced shards (serve\n"
	      "                         each with xapian-tcpsrv).  auto (the default)\n"
	      "                         gives one shard unless the index is over\n"
	      "                         half the memory ($DOCKET_MEM_BYTES, else\n"
	      "                         this machine's) or over 3.2 million\n"
	      "                         articles; then enough shards that each is\n"
	      "                         under both (at most 64).  --update keeps\n"
	      "                         the shards it finds\n"
	      "      --force            publish even if the new generation holds under\n"
	      "                         half the live one's articles\n"
	      "      --commit-mb MB     article text per commit and thread (default 1)\n"
	      "  -x, --extract          print the extracted articles as JSON lines;\n"
	      "                         write no index\n"
	      "      --max-record BYTES the per-document size budget: skip records\n"
	      "                         larger than this, with a warning naming them\n"
	      "                         (default 8 MiB for a JSONL line or text file,\n"
	      "                         32 MiB for an HTML file or WARC record)\n"
	      "      --doc-time SECONDS the per-document time budget of the HTML\n"
	      "                         parser: a page that takes longer is skipped\n"
	      "                         with a warning naming it (default 10; 0: none)\n"
	      "      --follow-links     follow symbolic links to files outside the\n"
	      "                         directory given (default: report and skip\n"
	      "                         them; links to directories are never followed)\n"
	      "      --report FILE      write the run record (counts, as JSON) to\n"
	      "                         FILE\n"
	      "      --root DIR         ids of files are their paths relative to\n"
	      "                         DIR (default: a folder an earlier run\n"
	      "                         over the index recorded that holds the\n"
	      "                         PATH, else the PATH; see docket-index(1))\n"
	      "  -q, --quiet            no progress display; with --rebuild/--update\n"
	      "                         only problems and the summary are logged\n"
	      "  -h, --help             show this help\n"
	      "  -V, --version          show the version\n"
	      "\n"
	      "Exit status: 0 on success, 1 if nothing could be indexed or the\n"
	      "check refused the new generation, 2 on usage errors or when the\n"
	      "index cannot be written, 75 when another rebuild holds DIR's lock.\n", f);
}

/* --rebuild, --update, --rollback: run it, log the outcome, map it to an
 * exit status. */
static int write_report(const char *path, const dk_index_stats *s,
			const char *run);

static int run_generation(const dk_rebuild_opts *ro, int mode,
			  const char *const *paths, size_t n, const char *report)
{
	dk_rebuild_report rep;
	char *msg = NULL;
	dk_status st;
	if (mode == 'R')
		st = dk_rebuild(ro, paths, n, &rep, &msg);
	else if (mode == 'U')
		st = dk_rebuild_update(ro, paths, n, &rep, &msg);
	else
		st = dk_rebuild_rollback(ro, &rep, &msg);
	const char *what = mode == 'R' ? "rebuild" : mode == 'U' ? "update"
								 : "rollback";
	if (st) {
		dk_log(stderr, 1, ro->prog, "%s failed: %s%s", what,
		       msg ? msg : dk_status_str(st),
		       st == DK_ERR_BUSY ? "" : "; the live index is unchanged");
		free(msg);
		return st == DK_ERR_BUSY ? EXIT_BUSY : rep.refused ? 1 : 2;
	}
	free(msg);
	if (mode == 'B') {
		dk_log(stderr, 1, ro->prog, "rollback done: generation %llu is "
		       "live", (unsigned long long)rep.generation);
		return 0;
	}
	double mbs = (double)rep.stats.bytes / 1e6;
	if (rep.unchanged) {
		dk_log(stderr, 1, ro->prog, "update: nothing changed; generation "
		       "%llu stays live (%llu articles)",
		       (unsigned long long)rep.generation,
		       (unsigned long long)rep.articles);
		return 0;
	}
	const char *rule = !rep.shards_rule ? "" :
			   !strcmp(rep.shards_rule, "auto") ? "--shards auto; " :
			   !strcmp(rep.shards_rule, "kept") ? "kept; " : "";
	dk_log(stderr, 1, ro->prog, "%s: generation %llu published: %llu "
	       "articles in %zu shard%s (%s%.1f MB); %llu indexed, %llu skipped; "
	       "%.1f MB read; %.1f s in all; %llu lost over half of their text "
	       "to stripping, %llu kept whole", what,
	       (unsigned long long)rep.generation,
	       (unsigned long long)rep.articles, rep.shards,
	       rep.shards == 1 ? "" : "s", rule, (double)rep.index_bytes / 1e6,
	       (unsigned long long)rep.stats.indexed,
	       (unsigned long long)rep.stats.skipped, mbs, rep.seconds,
	       (unsigned long long)rep.stats.lost_half,
	       (unsigned long long)rep.stats.kept_whole);
	rep.stats.seconds = rep.seconds;
	rep.stats.shards = rep.shards;
	rep.stats.shards_rule = rep.shards_rule;
	return write_report(report, &rep.stats, what) ? 2 : 0;
}

/* Remove the empty index this run created at dir (an empty folder that
 * was there before stays, emptied). */
static void drop_index(const char *dir, int existed)
{
	if (dk_gen_tree_remove(dir) == DK_OK && existed)
		(void)mkdir(dir, 0777);
	fprintf(stderr, "docket-index: %s: nothing indexed; no index left "
		"there\n", dir);
}

/* --report FILE: the run record; 0 when written or not asked for. */
static int write_report(const char *path, const dk_index_stats *s,
			const char *run)
{
	if (!path)
		return 0;
	char *m = NULL;
	dk_status st = dk_indexer_stats_write(s, run, path, &m);
	if (st)
		fprintf(stderr, "docket-index: %s\n", m ? m : dk_status_str(st));
	free(m);
	return st != DK_OK;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "index", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "single-lang", no_argument, NULL, 'S' },
		{ "overwrite", no_argument, NULL, 'O' },
		{ "rebuild", no_argument, NULL, 'R' },
		{ "update", no_argument, NULL, 'U' },
		{ "rollback", no_argument, NULL, 'B' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shards", required_argument, NULL, 'K' },
		{ "force", no_argument, NULL, 'F' },
		{ "commit-mb", required_argument, NULL, 'C' },
		{ "extract", no_argument, NULL, 'x' },
		{ "max-record", required_argument, NULL, 'M' },
		{ "doc-time", required_argument, NULL, 'T' },
		{ "follow-links", no_argument, NULL, 'L' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "report", required_argument, NULL, 'P' },
		{ "root", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	dk_index_opts opts = { 0 };
	int quiet = 0, extract = 0, mode = 0, force = 0, c;
	const char *report = NULL;
	unsigned jobs = 0, shards = 0;
	size_t commit_bytes = 0;
	double doc_time = DK_DOC_TIME_DEFAULT;
	opts.prog = "docket-index";
	opts.err = stderr;
	opts.index_dir = getenv("DOCKET_INDEX");
	while ((c = getopt_long(argc, argv, "i:f:l:j:xqhV", longopts, NULL)) != -1) {
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
		case 'S': opts.single_stem = 1; break;
		case 'O': opts.overwrite = 1; break;
		case 'R': case 'U': case 'B':
			if (mode && mode != c) {
				fputs("docket-index: --rebuild, --update and --rollback "
				      "exclude each other\n", stderr);
				return 2;
			}
			mode = c;
			break;
		case 'F': force = 1; break;
		case 'j': case 'C': case 'K': {
			char *end;
			if (c == 'K' && !strcmp(optarg, "auto")) {
				shards = 0;
				break;
			}
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || v == 0 || v > (c == 'C' ? 4096 : 256)) {
				fprintf(stderr, "docket-index: bad --%s '%s'%s\n",
					c == 'j' ? "jobs" : c == 'K' ? "shards"
					: "commit-mb", optarg,
					c == 'K' ? " (1 to 256, or auto)" : "");
				return 2;
			}
			if (c == 'j')
				jobs = (unsigned)v;
			else if (c == 'K')
				shards = (unsigned)v;
			else
				commit_bytes = (size_t)v * 1024 * 1024;
			break;
		}
		case 'x': extract = 1; break;
		case 'P': report = optarg; break;
		case 'o': opts.root = optarg; break;
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
		case 'T': {
			char *end;
			double v = strtod(optarg, &end);
			if (end == optarg || *end || !(v >= 0 && v <= 86400)) {
				fprintf(stderr, "docket-index: bad --doc-time '%s' "
					"(seconds, 0 to 86400)\n", optarg);
				return 2;
			}
			doc_time = v;
			break;
		}
		case 'L': dk_walk_set_follow_links(1); break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V':
			printf("docket-index %s (%s)\n", DOCKET_VERSION,
			       dk_shim_version());
			return 0;
		default: usage(stderr); return 2;
		}
	}
	if (mode && extract) {
		fputs("docket-index: --extract writes no index; it does not go "
		      "with --rebuild, --update or --rollback\n", stderr);
		return 2;
	}
	if (shards > 1 && mode != 'R') {
		fputs("docket-index: --shards goes with --rebuild\n", stderr);
		return 2;
	}
	if (optind >= argc && mode != 'B') {
		fputs("docket-index: no PATH given (try --help)\n", stderr);
		return 2;
	}
	dk_html_set_time_budget(doc_time);
	opts.progress = !quiet && isatty(fileno(stderr));
	/* Past a file size limit, writes should fail with EFBIG and be
	 * reported, not kill the process. */
	signal(SIGXFSZ, SIG_IGN);
	if (mode) {
		if (!opts.index_dir || !*opts.index_dir) {
			fputs("docket-index: no index given: use --index DIR or set "
			      "DOCKET_INDEX\n", stderr);
			return 2;
		}
		if (mode == 'B' && optind < argc) {
			fputs("docket-index: --rollback takes no PATH\n", stderr);
			return 2;
		}
		dk_rebuild_opts ro = { 0 };
		ro.index_dir = opts.index_dir;
		ro.lang = opts.lang;
		ro.single_stem = opts.single_stem;
		ro.format = opts.format;
		ro.max_record = opts.max_record;
		ro.jobs = jobs;
		ro.shards = shards;
		if (mode != 'B' && shards == 0) {
			/* A bad DOCKET_MEM_BYTES is a usage error now, not
			 * after reading every input. */
			char *m = NULL;
			if (dk_shard_count_memory(&ro.mem_bytes, &m)) {
				fprintf(stderr, "docket-index: %s\n",
					m ? m : "cannot tell the memory size");
				free(m);
				return 2;
			}
		}
		ro.commit_bytes = commit_bytes;
		ro.force = force;
		ro.quiet = quiet;
		ro.progress = opts.progress;
		ro.err = stderr;
		ro.prog = opts.prog;
		return run_generation(&ro, mode, (const char *const *)argv + optind,
				      (size_t)(argc - optind), report);
	}
	const char *const *paths = (const char *const *)argv + optind;
	size_t npaths = (size_t)(argc - optind);
	dk_index_stats s = { 0 };
	dk_status st;
	if (extract) {
		st = dk_indexer_extract_paths(&opts, paths, npaths, stdout, &s);
		fprintf(stderr, "docket-index: %llu articles extracted, %llu skipped "
			"from %llu files in %.1f s; %llu lost over half of their "
			"text to stripping, %llu kept whole\n",
			(unsigned long long)s.indexed, (unsigned long long)s.skipped,
			(unsigned long long)s.files, s.seconds,
			(unsigned long long)s.lost_half,
			(unsigned long long)s.kept_whole);
		if (write_report(report, &s, "extract"))
			return 2;
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
	if (dk_index_dir_kind(opts.index_dir) == DK_INDEX_MANAGED) {
		fprintf(stderr, "docket-index: %s is managed by --rebuild and "
			"--update (it holds generations); use --update to add "
			"PATHs to it\n", opts.index_dir);
		return 2;
	}
	/* A run that creates the index and adds nothing to it leaves no
	 * index behind (readers would open an empty one). */
	int fresh = opts.overwrite ||
		    dk_index_dir_kind(opts.index_dir) == DK_INDEX_NONE;
	struct stat sb;
	int existed = stat(opts.index_dir, &sb) == 0;
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
		dk_indexer_stats(ix, &s);
		dk_indexer_abandon(ix);
		if (fresh && s.indexed + s.replaced == 0)
			drop_index(opts.index_dir, existed);
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
		"(%.1f MB/s); %llu lost over half of their text to stripping, "
		"%llu kept whole\n",
		(unsigned long long)s.indexed, (unsigned long long)s.replaced,
		(unsigned long long)s.skipped, (unsigned long long)s.warnings,
		(unsigned long long)s.files, mb, s.seconds,
		s.seconds > 0 ? mb / s.seconds : 0.0,
		(unsigned long long)s.lost_half, (unsigned long long)s.kept_whole);
	if (write_report(report, &s, "index"))
		return 2;
	if (s.indexed + s.replaced == 0 && fresh)
		drop_index(opts.index_dir, existed);
	if (s.indexed + s.replaced == 0 && s.skipped > 0)
		return 1;
	return 0;
}
