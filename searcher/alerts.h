/*
 * alerts.h - saved searches and what is new for them since the last
 * generation reported (docket-search --alerts FILE).
 *
 * A saved search is a name and a query (one "name<TAB>query" line of the
 * saved-searches file, the form of --queries).  For each, a run takes the
 * ids of every matching article (a match spy over the id slot,
 * common/fields.h DK_SLOT_ID: one value read per match, no document
 * fetched) and compares them with the state file:
 *
 *   - a search the state does not know (or whose query changed) starts
 *     its baseline: nothing is reported, every match is remembered;
 *   - on a new generation of the index, what matches now and did not at
 *     the generation last reported is new, and the current matches become
 *     the next run's baseline;
 *   - on the generation already reported, the same new articles are
 *     reported again: a second run after one nightly rebuild (a cron job
 *     retried, a mail that failed) says the same thing.  An index without
 *     generations (built in place) counts every run as a new one.
 *
 * The state is a JSON file (by default DIR/alerts/NAME.json beside the
 * index, NAME the saved-searches file's name), holding per search its
 * query, the generation and the two sets of matches as 64-bit FNV-1a
 * hashes of the ids.  It is read and replaced under an exclusive lock
 * (fcntl) and written to a temporary file renamed over it, so concurrent
 * runs take turns and a killed run leaves the old state whole.
 *
 * Prefix: dk_alerts.
 */
#ifndef DK_ALERTS_H
#define DK_ALERTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../common/article.h"
#include "../common/status.h"
#include "search.h"

#define DK_ALERTS_SHOW 20   /* new articles listed per search */

typedef struct dk_alert_search {
	const char *name;
	const char *query;
} dk_alert_search;

/* A saved-searches file, read: v[i] point into text. */
typedef struct dk_alert_list {
	char *text;
	dk_alert_search *v;
	size_t n;
} dk_alert_list;

/*
 * Read the saved-searches file path ("-": standard input): one
 * "name<TAB>query" per line; blank lines and lines starting with '#' are
 * skipped.  On success *out owns its memory (dk_alert_list_free()).  A
 * line without a tab, with an empty name or query, or a name given twice
 * is DK_ERR_PARSE with *errmsg (malloc'd) naming the file and line.
 */
dk_status dk_alerts_read(const char *path, dk_alert_list *out, char **errmsg);
void dk_alert_list_free(dk_alert_list *l);

typedef struct dk_alert_result {
	char *name, *query;      /* malloc'd copies */
	uint64_t matches;        /* articles matching now */
	int baseline;            /* 1: the first run of this search (or of
				    a changed query): nothing reported */
	uint64_t since;          /* the generation the news are new against */
	uint64_t new_total;      /* articles new since then */
	dk_article *news;        /* the newest of them, newest first (at
				    most DK_ALERTS_SHOW) */
	size_t nnews;
} dk_alert_result;

typedef struct dk_alerts {
	uint64_t generation;     /* of the index searched (0: none) */
	dk_alert_result *r;
	size_t n;
} dk_alerts;

/*
 * Run searches[0..n) over s, whose index lives at index (a directory or a
 * stub file: its generation is read from there), against the state file
 * state_path (created with its directory when missing).  On success *out
 * is new (free with dk_alerts_free()) and the state is updated.  On
 * failure *errmsg (malloc'd, the caller frees it) says why, naming the
 * state file or the search at fault; the state is left as it was.
 */
dk_status dk_alerts_run(dk_searcher *s, const char *index,
			const dk_alert_search *searches, size_t n,
			const char *state_path, dk_alerts **out,
			char **errmsg);
void dk_alerts_free(dk_alerts *a);

/* The default state file for a saved-searches file: DIR/alerts/BASE.json
 * with DIR the index directory (a stub file's directory) and BASE the
 * file's name without its directory.  malloc'd; NULL when out of memory. */
char *dk_alerts_default_state(const char *index, const char *searches_file);

/* The report as text (an e-mail-ready digest) or as one JSON document
 * (doc/output.md, "Alerts").  Returns 0, or -1 when writing failed. */
int dk_alerts_print_text(FILE *f, const dk_alerts *a);
int dk_alerts_print_json(FILE *f, const dk_alerts *a);

#endif
