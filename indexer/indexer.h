/*
 * indexer.h - building or updating an index from dump files.
 *
 * The library behind docket-index: open an index, feed it PATHs (files or
 * directories), finish.  Problems with the input are reported on the
 * configured stream as one line each ("docket-index: FILE: line 12: ...")
 * and skipped; only a failure of the index itself stops the build.
 */
#ifndef DK_INDEXER_H
#define DK_INDEXER_H

#include <stdint.h>
#include <stdio.h>

#include "../common/status.h"
#include "extract/dump.h"

typedef struct dk_index_opts {
	const char *index_dir;  /* the index directory */
	const char *lang;       /* analyzer language; NULL: English */
	int single_stem;        /* stem every article with lang, not in its
				    own language (common/stemmers.h) */
	dk_format format;       /* DK_FORMAT_AUTO: detect per file */
	size_t max_record;      /* 0: DK_MAX_RECORD */
	int overwrite;          /* start from an empty index */
	int progress;           /* show live progress on err */
	FILE *err;              /* where problems go (stderr) */
	const char *prog;       /* program name for messages */
	const char *root;       /* ids of files are relative to it
				   (article_id.h); NULL: a root recorded in
				   the index that holds the PATH, else the
				   PATH (its folder when it is a file) */
} dk_index_opts;

typedef struct dk_index_stats {
	uint64_t indexed;   /* new articles */
	uint64_t replaced;  /* articles whose id was already indexed */
	uint64_t skipped;   /* records or files that could not be read */
	uint64_t warnings;  /* read with a problem (e.g. invalid UTF-8) */
	uint64_t files;
	uint64_t bytes;     /* input bytes read, after decompression */
	uint64_t stripped;  /* articles whose text went through the stripper */
	uint64_t lost_half; /* ... that lost more than half of it */
	uint64_t kept_whole;/* ... that it would have emptied: kept as read,
			       flagged and warned about (refine.h) */
	double seconds;
	/* --rebuild and --update only (0 and NULL otherwise): the shards
	 * published and how their number was set (rebuild.h, shards_rule) */
	uint64_t shards;
	const char *shards_rule;
} dk_index_stats;

typedef struct dk_indexer dk_indexer;

/* The counts so far (before dk_indexer_finish() or _abandon()). */
void dk_indexer_stats(const dk_indexer *ix, dk_index_stats *out);

/* Metadata key holding the absolute root that file ids are relative to. */
#define DK_META_ROOT "docket.root"

/*
 * Write the run record: one JSON object with the counts of s (keys as
 * the field names, plus "run": run, e.g. "index" or "extract"; "shards"
 * and "shards_rule" only when s->shards is not 0), to path,
 * replaced atomically.  On failure *errmsg (if not NULL) is a malloc'd
 * message naming path; the caller frees it.
 */
dk_status dk_indexer_stats_write(const dk_index_stats *s, const char *run,
			       const char *path, char **errmsg);

/* Open (creating if needed) the index.  On failure *out is NULL and
 * *errmsg (if not NULL) a malloc'd message the caller frees.  The caller
 * ends with dk_indexer_finish() or dk_indexer_abandon(). */
dk_status dk_indexer_open(const dk_index_opts *opts, dk_indexer **out,
			  char **errmsg);

/* Index everything under the PATHs paths[0..n).  Input problems are
 * reported and skipped; a non-OK status means the index failed. */
dk_status dk_indexer_add_paths(dk_indexer *ix, const char *const *paths,
			       size_t n);

/* Commit, close and free the indexer; *stats gets the totals.  On failure
 * *errmsg (if not NULL) is a malloc'd message the caller frees. */
dk_status dk_indexer_finish(dk_indexer *ix, dk_index_stats *stats,
			    char **errmsg);

/* Free without committing what was added since the last commit. */
void dk_indexer_abandon(dk_indexer *ix);

/* The last index error message.  Borrowed. */
const char *dk_indexer_error(const dk_indexer *ix);

/*
 * Extraction only (--extract): read the PATHs and print one JSON object
 * per article on out.  Problems are reported on opts->err.
 */
dk_status dk_indexer_extract_paths(const dk_index_opts *opts,
				   const char *const *paths, size_t n, FILE *out,
				   dk_index_stats *stats);

#endif
