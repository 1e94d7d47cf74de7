/*
 * shard_update.h - the update of a generation of K dealt shards.
 *
 * A generation built with --rebuild --shards K deals its articles
 * round-robin into K shards (dk_shim_split).  Its update keeps that
 * shape: every live shard is copied (never edited: readers keep the live
 * one), the articles of changed or vanished dumps and those the new
 * articles replace are deleted from every copy, and the new articles
 * are dealt onto the copies after the ids already used
 * (dk_shim_append_dealt), so the K shards stay balanced and rank ties as
 * a rebuild reading the new dumps last would.  The caller then writes
 * the global term list into the copies, compacts each keeping its ids
 * (dk_shim_compact_keep_ids) and publishes them as a new generation.
 */
#ifndef DK_SHARD_UPDATE_H
#define DK_SHARD_UPDATE_H

#include <stddef.h>
#include <stdint.h>

#include "../common/status.h"

typedef struct dk_shard_update_report {
	uint64_t deleted;   /* documents deleted over all copies */
	uint64_t added;     /* documents dealt onto them */
} dk_shard_update_report;

/* 1 if the k > 1 shards at paths[0..k) were dealt (--shards K) and their
 * term list, which says so, is current; 0 otherwise or on any error. */
int dk_shard_update_is_dealt(const char *const *paths, size_t k);

/*
 * Copy the k live shards live[0..k) to the new directories outs[0..k),
 * delete from each copy the documents holding any of the terms
 * dels[0..ndels) (boolean terms: dump file terms, article ids), then
 * deal the documents of the database at added (NULL: none) onto the
 * copies.  The copies are written without fsync.  On failure *errmsg
 * (if not NULL) is a malloc'd message naming the shard; the caller frees
 * it and removes the copies.
 */
dk_status dk_shard_update(const char *const *live, const char *const *outs,
			  size_t k, const char *const *dels, size_t ndels,
			  const char *added, dk_shard_update_report *rep,
			  char **errmsg);

#endif
