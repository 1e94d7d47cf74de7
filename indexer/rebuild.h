/*
 * rebuild.h - nightly rebuilds, incremental updates and rollback of a
 * generation-managed index directory (layout: common/index_dir.h).
 *
 *   dk_rebuild   reads every input into a new generation beside the live
 *                one (parallel.h), compacts it into one shard (or deals
 *                it into --shards K balanced shards, article i to shard
 *                i mod K, so that the K shards opened together number
 *                and rank articles as the one would; K from the rule of
 *                shard_count.h unless given, decided once the one shard
 *                is compacted and its articles and bytes are known),
 *                checks it, publishes it and removes what is no longer
 *                needed.
 *   dk_rebuild_update    the same for the inputs that are new or changed since
 *                the live generation's manifest (manifest.h); the articles
 *                of changed and vanished dumps are deleted from copies of
 *                the shards holding them, and a merge policy keeps the
 *                number of shards small.
 *   dk_rebuild_rollback  makes the previous generation live again.
 *
 * Each holds DIR's lock for its whole run; a second one gets DK_ERR_BUSY.
 * Nothing a reader can see changes until the final rename(2) of the stub,
 * so an interrupted or failed run leaves the live generation as it was.
 *
 * The check before publishing: the new generation opens, holds articles
 * (at least half as many as the live one, unless forced), and answers a
 * few probe queries (every document, an id, a frequent word) with stored
 * articles that decode.
 *
 * Merge policy (update): shards are kept oldest first; while the newest
 * shard is at least 1/MERGE_FACTOR the size of the one before it, the two
 * are compacted into one, so sizes fall geometrically and a directory
 * holds O(log n) shards; more than MAX_SHARDS are merged smallest
 * neighbours first.  A 1% update therefore usually writes only a small
 * shard, and now and then merges small shards, rarely the large one.
 */
#ifndef DK_REBUILD_H
#define DK_REBUILD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../common/status.h"
#include "extract/dump.h"
#include "indexer.h"
#include "shard_count.h"

typedef struct dk_rebuild_opts {
	const char *index_dir;
	const char *lang;        /* analyzer language; NULL: English */
	int single_stem;        /* stem every article with lang, not in its
				    own language (common/stemmers.h) */
	dk_format format;        /* DK_FORMAT_AUTO: detect per file */
	size_t max_record;       /* 0: DK_MAX_RECORD */
	unsigned jobs;           /* worker threads; 0: the number of cores */
	unsigned shards;         /* rebuild: shards of the new generation;
				    0: auto (shard_count.h), 1: one */
	uint64_t mem_bytes;      /* auto: the serving machines' memory;
				    0: dk_shard_count_memory() */
	size_t commit_bytes;     /* per-worker commit interval; 0: default */
	int force;               /* publish even if the count looks wrong */
	int quiet;               /* log only problems (and the caller's summary) */
	int progress;            /* live progress on err */
	FILE *err;               /* log and problems (stderr) */
	const char *prog;        /* program name for messages */
} dk_rebuild_opts;

typedef struct dk_rebuild_report {
	uint64_t generation;     /* the generation published (0: none) */
	uint64_t previous;       /* the one it replaced (0: none) */
	uint64_t articles;       /* articles in the published generation */
	uint64_t live_articles;  /* in the generation it replaced */
	size_t shards;           /* shards of the published generation */
	const char *shards_rule; /* how their number was set (static):
				    "auto", "given" (--shards K), "kept"
				    (an update keeps the live shards' shape);
				    NULL when nothing was published */
	dk_shard_plan plan;      /* "auto": the figures behind it */
	uint64_t index_bytes;    /* their size on disk */
	size_t files_new, files_changed, files_removed, files_same;
	dk_index_stats stats;    /* of the articles read in this run */
	double seconds;          /* the whole run */
	int refused;             /* the check refused the new generation */
	int unchanged;           /* update: nothing to do, nothing published */
	long holder_pid;         /* DK_ERR_BUSY: who holds the lock (0: ?) */
} dk_rebuild_report;

/* Rebuild dir from paths[0..n).  On failure *errmsg (if not NULL) is a
 * malloc'd message the caller frees; DK_ERR_BUSY when another run holds
 * the lock; DK_ERR_INVALID with rep->refused set when the check refused
 * to publish. */
dk_status dk_rebuild(const dk_rebuild_opts *o, const char *const *paths,
		     size_t n, dk_rebuild_report *rep, char **errmsg);

/* Update dir from paths[0..n) (the full set of inputs: files no longer
 * under them are removed from the index).  Without a live generation it
 * is a rebuild.  Same results as dk_rebuild, plus rep->unchanged. */
dk_status dk_rebuild_update(const dk_rebuild_opts *o, const char *const *paths,
		    size_t n, dk_rebuild_report *rep, char **errmsg);

/* Make the previous generation live again.  DK_ERR_NOT_FOUND when there
 * is none. */
dk_status dk_rebuild_rollback(const dk_rebuild_opts *o, dk_rebuild_report *rep,
		      char **errmsg);

#endif
