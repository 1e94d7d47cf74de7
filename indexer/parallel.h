/*
 * parallel.h - building shards with several threads.
 *
 * The calling thread reads the dumps (walk, decompress, parse) and hands
 * the articles, in batches, to `jobs` worker threads through a bounded
 * queue.  Each worker owns everything it touches: an analyzer, a refiner,
 * a document builder and a dk_writer on a shard of its own, so nothing in
 * the indexing path is shared or locked.  We chose this over giving each
 * thread whole input files because a nightly rebuild is often one big dump
 * (the benchmark corpus is one file), which a split by file could not
 * spread over the cores; reading and parsing are a small share of the work
 * (Xapian's add_document is most of it), so one reader keeps N workers
 * busy.
 *
 * Batches go to whichever worker is free, so each refiner sees a share of
 * the stream, not all of it.  What must see all of it does, so that the
 * index depends on the input alone, not on --jobs or thread timing: the
 * templates are learned from every input before any article is stripped,
 * and story keys (the first copy of a story decides its key) are given
 * one batch at a time in input order, after the batch is stripped and
 * sketched and before its documents are built.
 *
 * Replacing by id across shards: within a shard dk_writer_replace keeps
 * the last copy of an id, but two shards may each hold one.  Every worker
 * records the id terms it wrote with the sequence number of the article
 * (its order in the input); once all input is read, an id held by several
 * workers is deleted from every shard but the one holding its last copy,
 * before the shards are closed.  So the result is the one a single
 * sequential writer gives: the last copy of an id wins.
 *
 * Shards are fresh databases written without fsync (the caller compacts
 * them into the generation it publishes and syncs that).
 */
#ifndef DK_PARALLEL_H
#define DK_PARALLEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../common/status.h"
#include "extract/dump.h"
#include "indexer.h"

typedef struct dk_build_opts {
	const char *lang;        /* analyzer language; NULL: English */
	int single_stem;        /* stem every article with lang, not in its
				    own language (common/stemmers.h) */
	dk_format format;        /* DK_FORMAT_AUTO: detect per file */
	size_t max_record;       /* 0: DK_MAX_RECORD */
	unsigned jobs;           /* worker threads; 0 counts as 1 */
	unsigned writer_flags;   /* added to CREATE|OVERWRITE (e.g. NO_SYNC) */
	size_t commit_bytes;     /* article text per worker commit; 0: default */
	int progress;            /* live progress on err */
	int timestamps;          /* prefix reported problems with the time */
	FILE *err;               /* where input problems go */
	const char *prog;        /* program name for messages */
	struct dk_stories *stories;  /* story index to extend (borrowed: an
					update seeds it with the live index's
					recent articles); NULL: a new one */
} dk_build_opts;

/* One input file of a build. */
typedef struct dk_build_input {
	const char *path;       /* to read (borrowed) */
	const char *id;         /* article id for one-article-per-file formats */
	const char *file_term;  /* the "F" term value, or NULL for none */
	uint64_t size;          /* bytes on disk, for progress */
	uint64_t articles;      /* out: articles from it in the result */
	int failed;             /* out: its reading stopped on an error */
} dk_build_input;

typedef struct dk_build_result {
	dk_index_stats stats;   /* indexed = distinct ids; replaced = repeats */
	char **uids;            /* the id terms written, sorted, distinct */
	size_t nuids;
} dk_build_result;

/*
 * Read inputs[0..n) and write their articles into opts->jobs new
 * databases at shard_paths[0..jobs) (created, replacing anything there).
 * Input problems are reported on opts->err and skipped.  On success every
 * shard is committed and closed and *res filled (free it with
 * dk_build_result_clear); on failure *errmsg (if not NULL) is a malloc'd
 * message the caller frees and the shards are left in an unspecified
 * state for the caller to remove.
 */
dk_status dk_parallel_build(const dk_build_opts *opts, dk_build_input *inputs,
			  size_t n, const char *const *shard_paths,
			  dk_build_result *res, char **errmsg);

void dk_build_result_clear(dk_build_result *res);

/* The number of online processors (at least 1). */
unsigned dk_parallel_ncpus(void);

#endif
