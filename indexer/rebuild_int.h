/*
 * rebuild_int.h - what the three files of a rebuild, update or rollback
 * run share: rebuild.c (the run and its steps) calls rebuild_shards.c (the
 * steps of sharded generations: how many shards, dealing, updating dealt
 * shards, the global term list, compacting, balance), and both use
 * rebuild_run.c (the run's log, error, shard list and scratch paths).
 * Not for use outside them; the interface is rebuild.h.
 *
 * Prefix: dk_rb
 */
#ifndef DK_REBUILD_INT_H
#define DK_REBUILD_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../common/index_dir.h"
#include "manifest.h"
#include "parallel.h"
#include "rebuild.h"
#include "walk.h"

/* The origin of a shard of articles this run read (a manifest entry's
 * shard is named after it once placed). */
#define NEW_ORIGIN "+new"

/* A shard of the generation being made. */
typedef struct shard {
	char *path;          /* where it is now */
	char *name;          /* its name under shards/ once placed */
	int scratch;         /* under tmp/: to be moved into shards/ */
	uint64_t size;
	char **origins;      /* live shard names (or NEW_ORIGIN) it holds */
	size_t norigins;
} shard;

typedef struct run {
	const dk_rebuild_opts *o;
	dk_rebuild_report *rep;
	const char *dir;
	char *tmp;               /* DIR/tmp/gNNNNNN */
	int lock_fd;
	uint64_t gen;
	dk_stub live;            /* the live generation (nshards 0: none) */
	dk_manifest old;         /* its manifest */
	char *live_lang;         /* its analyzer language (NULL: unknown) */
	dk_manifest now;         /* the inputs of this run (sorted) */
	dk_input_list list;      /* as walked */
	char **abs;              /* realpath of list.v[i] (NULL: skipped) */
	shard *sh;
	size_t nsh;
	unsigned scratch_n;      /* names handed out under tmp/ */
	char err[1024];
	struct timespec t0;
} run;

/* What one run builds: the inputs to read, their scratch shards, the
 * result and the stub to publish. */
typedef struct plan {
	int update;              /* an update (else a rebuild) */
	const char *lang;        /* the analyzer language of new shards */
	unsigned jobs;           /* workers, and scratch shards */
	dk_build_input *in;      /* the input files to read */
	size_t *in_entry;        /* in[i]'s entry in r->now */
	char (*terms)[17];       /* in[i]'s file term */
	size_t nin;
	uint64_t in_bytes;
	char **wpaths;           /* the scratch shards, jobs of them */
	dk_build_result res;
	dk_stub stub;
} plan;

typedef struct del_list {
	char **terms;
	size_t n;
} del_list;

/* ---- rebuild_run.c: the run's log, errors and shards ------------------ */

/* Seconds since *t0 (CLOCK_MONOTONIC). */
double dk_rb_since(const struct timespec *t0);
/* A progress line on the run's log, unless quiet. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void dk_rb_say(run *r, const char *fmt, ...);
/* The run's error message (r->err), which the caller's status goes with. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void dk_rb_set_err(run *r, const char *fmt, ...);
/* Bytes as MB, for messages. */
double dk_rb_mb(uint64_t bytes);
/* Add a shard at path (placed later as name, or a name of its own when
 * NULL; scratch: under tmp/) holding origin's articles to r->sh. */
dk_status dk_rb_shard_add(run *r, const char *path, const char *name,
			  int scratch, const char *origin);
/* Free the strings of *s (not s). */
void dk_rb_shard_free(shard *s);
/* A new scratch path under DIR/tmp/gN ("DIR/tmp/gN/PREFIX<k>"), malloc'd
 * (the caller frees it), or NULL when out of memory. */
char *dk_rb_scratch_path(run *r, const char *prefix);
/* Append a copy of the term t[0..len) to d. */
dk_status dk_rb_del_add(del_list *d, const char *t, size_t len);
/* The live shard name ("NAME" of "shards/NAME"), borrowed from r. */
const char *dk_rb_live_name(const run *r, size_t i);

/* ---- rebuild_shards.c: the steps of sharded generations --------------- */

/* Step 5 of a rebuild: deal the compacted shard (the last of r->sh) into
 * k shards. */
dk_status dk_rb_split_new(run *r, unsigned k);
/* Step 5 of a rebuild: the number of shards into *k, --shards K or the
 * rule of shard_count.h, logged with its figures. */
dk_status dk_rb_choose_shards(run *r, unsigned *k);
/* 1 if the live generation is K > 1 dealt shards (an update keeps K). */
int dk_rb_live_is_dealt(run *r);
/* Step 5 of an update of dealt shards: copies of all of them with the
 * deletions and p's new articles dealt onto them. */
dk_status dk_rb_update_dealt(run *r, const plan *p);
/* Before step 6: the global term list into every shard when all are new. */
dk_status dk_rb_write_term_list(run *r, int dealt);
/* After the term list: each dealt shard compacted with its ids kept. */
dk_status dk_rb_compact_dealt(run *r);
/* After an update of dealt shards: how evenly they hold the articles. */
dk_status dk_rb_report_balance(run *r);
/* After an update: a note when the index has outgrown its `have` shards
 * by the rule of --shards auto. */
void dk_rb_note_outgrown(run *r, size_t have);

#endif
