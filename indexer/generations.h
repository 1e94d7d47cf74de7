/*
 * generations.h - the on-disk mechanics of a generation-managed index
 *
 * Prefix: dk_gen.
 * directory (layout in common/index_dir.h): the lock, publishing a
 * generation atomically, rolling back, and removing what no generation
 * needs any more.
 *
 * Invariants, kept by every function here and relied on by readers:
 *   - DIR/XAPIANDB always names a complete, synced generation: a new stub
 *     is written and fsynced beside it and renamed over it, then the
 *     directory is fsynced.
 *   - A shard named by XAPIANDB or XAPIANDB.prev is never written to or
 *     removed.  Everything else under shards/, manifests/ and tmp/ is work
 *     in progress or garbage, and only the lock holder creates or removes
 *     it.
 * A process killed at any point therefore leaves the live generation
 * intact; the next lock holder removes its leftovers (dk_gen_gc).
 */
#ifndef DK_GENERATIONS_H
#define DK_GENERATIONS_H

#include <stddef.h>
#include <stdint.h>

#include "../common/index_dir.h"
#include "../common/status.h"

/*
 * Take the lock of dir (DIR/docket.lock, flock(2), without waiting; the file is
 * created if needed).  On success *fd is the descriptor to pass to
 * dk_gen_unlock (the lock also goes with the process).  When another
 * process holds it: DK_ERR_BUSY and *holder_pid its pid (0 if unknown).
 */
dk_status dk_gen_lock(const char *dir, int *fd, long *holder_pid);
void dk_gen_unlock(int fd);

/* Read the live (prev = 0) or previous (prev = 1) stub of dir into *out.
 * DK_ERR_NOT_FOUND when there is none. */
dk_status dk_gen_read_stub(const char *dir, int prev, dk_stub *out);

/* A number greater than any generation dir has seen (from the stubs and
 * the names under shards/ and manifests/). */
dk_status dk_gen_next_number(const char *dir, uint64_t *out);

/*
 * Make stub the live generation of dir: the current one (if any) becomes
 * the previous one, then stub replaces it in one rename(2).  The shards
 * and manifest stub names must already be in place and synced.
 */
dk_status dk_gen_publish(const char *dir, const dk_stub *stub, char **errmsg);

/* Make the previous generation live again (it stops being "previous").
 * DK_ERR_NOT_FOUND when there is no previous generation. */
dk_status dk_gen_rollback(const char *dir, char **errmsg);

typedef struct dk_gc_stats {
	size_t removed;      /* files and directories removed at the top level */
	uint64_t bytes;      /* their size */
} dk_gc_stats;

/* Remove tmp/ and every shard and manifest neither the live nor the
 * previous stub names.  Call with the lock held. */
dk_status dk_gen_gc(const char *dir, dk_gc_stats *stats);

/* ---- file-tree helpers ---------------------------------------------- */

/* Remove path and everything under it (no error if it is absent). */
dk_status dk_gen_tree_remove(const char *path);
/* Bytes of the regular files under path. */
uint64_t dk_gen_tree_size(const char *path);
/* fsync every file and directory under path, and path itself. */
dk_status dk_gen_tree_sync(const char *path);
/* Copy the regular files of directory src into the new directory dst
 * (not recursive; Xapian's lock file "flintlock" is skipped). */
dk_status dk_gen_dir_copy(const char *src, const char *dst);
/* fsync a directory (after renames in it). */
dk_status dk_gen_dir_sync(const char *path);
/* mkdir -p path (mode 0755). */
dk_status dk_gen_mkdirs(const char *path);

#endif
