/*
 * index_dir.h - where the live index of an index directory is.
 *
 * An index directory is one of two things:
 *
 *   - a plain index: a Xapian (glass) database written in place by
 *     `docket-index --index DIR` (DIR/iamglass exists);
 *   - (given as --index FILE) a stub file of Xapian's format listing
 *     shards that may be local or remote (doc/scaling.md);
 *   - a generation-managed index, written by `docket-index --rebuild` and
 *     `--update`:
 *
 *       DIR/XAPIANDB          the live generation: a Xapian stub file
 *                             naming its shards, e.g.
 *                                 # docket generation 7
 *                                 # manifest manifests/000007
 *                                 auto shards/g000007-0
 *                             Publishing a generation is the rename(2) of
 *                             a new stub over this one, so a reader sees
 *                             one complete generation or the next.  Any
 *                             Xapian tool opens DIR itself through it.
 *       DIR/XAPIANDB.prev     the previous generation's stub (--rollback)
 *       DIR/shards/NAME/      glass databases; never modified once a
 *                             published stub names them (an update adds
 *                             new shards and stops naming old ones)
 *       DIR/manifests/NNNNNN  the inputs each generation was built from
 *       DIR/docket.lock       flock(2)ed by the process changing DIR; also
 *                             marks DIR as Docket's to clean up
 *       DIR/tmp/              work of the build in progress
 *
 * Readers call dk_index_dir_resolve() for the list of shard paths to open
 * (all shards of one generation) and the generation's name; a reader that
 * finds a shard gone (a later build removed it while the reader was
 * between reading the stub and opening the shards) resolves again.
 *
 * This module never sees Xapian: it reads the stub text itself, so it is
 * shared by the indexer and the searcher and unit-tested without an index.
 */
#ifndef DK_INDEX_DIR_H
#define DK_INDEX_DIR_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define DK_INDEX_STUB      "XAPIANDB"
#define DK_INDEX_STUB_PREV "XAPIANDB.prev"
#define DK_INDEX_SHARDS    "shards"
#define DK_INDEX_MANIFESTS "manifests"
#define DK_INDEX_LOCK      "docket.lock"
#define DK_INDEX_TMP       "tmp"

/* Where a shard lives: a database on a local file system, or a Xapian
 * remote server (xapian-tcpsrv, xapian-progsrv). */
typedef enum dk_shard_kind {
	DK_SHARD_LOCAL = 0,  /* "auto PATH" or "glass PATH" */
	DK_SHARD_REMOTE      /* "remote HOST:PORT" or "remote :PROGRAM ARGS" */
} dk_shard_kind;

/* The parsed content of a generation stub. */
typedef struct dk_stub {
	uint64_t generation;   /* from "# docket generation N"; 0 if absent */
	char *manifest;        /* from "# manifest PATH" (relative to DIR), or NULL */
	char **shards;         /* shard paths as written (relative to DIR), or
				  for a remote shard what follows "remote " */
	size_t nshards;
	dk_shard_kind *kinds;  /* per shard; NULL: every shard is local */
} dk_stub;

/* The kind of shard i of s. */
dk_shard_kind dk_stub_kind(const dk_stub *s, size_t i);

/*
 * Parse stub text[0..len): "#" comment lines (two of which carry the
 * generation and manifest), blank lines, and one line per shard, as
 * Xapian's stub databases have them: "auto PATH", "glass PATH",
 * "remote HOST:PORT" (xapian-tcpsrv) or "remote :PROGRAM ARGS"
 * (xapian-progsrv through a pipe, e.g. over ssh).  On success *out owns
 * malloc'd copies (free with dk_stub_clear).  DK_ERR_PARSE for a line of
 * any other form, a shard or manifest path that is empty or holds a
 * control character (a lone CR right before the LF is a CRLF line end),
 * or a stub without shards; *out is then cleared and *bad_line (when not
 * NULL) the 1-based number of the line at fault (0: the stub as a whole).
 */
dk_status dk_stub_parse_at(const char *text, size_t len, dk_stub *out,
			   size_t *bad_line);
/* dk_stub_parse_at without the line number. */
dk_status dk_stub_parse(const char *text, size_t len, dk_stub *out);

/* Write the stub of s as text into *out (malloc'd, NUL-terminated; the
 * caller frees it).  Local shards are written as "auto PATH" lines (a
 * replicated copy of a shard may be of any backend), remote ones as
 * "remote SPEC".  DK_ERR_INVALID, nothing written, when a path would not
 * read back unchanged: empty, a control character, or a space or tab at
 * either end. */
dk_status dk_stub_format(const dk_stub *s, char **out);

void dk_stub_clear(dk_stub *s);

/* Read and parse the stub file at path.  DK_ERR_NOT_FOUND when there is
 * none, DK_ERR_IO when it cannot be read; *bad_line as for
 * dk_stub_parse_at (may be NULL). */
dk_status dk_stub_read(const char *path, dk_stub *out);
dk_status dk_stub_read_at(const char *path, dk_stub *out, size_t *bad_line);

typedef enum dk_index_kind {
	DK_INDEX_NONE = 0,   /* nothing there (or an empty directory) */
	DK_INDEX_PLAIN,      /* a database written in place */
	DK_INDEX_MANAGED     /* generations: DIR/XAPIANDB */
} dk_index_kind;

/* What dir holds, from the files present. */
dk_index_kind dk_index_dir_kind(const char *dir);

/* The live index of an index directory. */
typedef struct dk_index_location {
	char **paths;        /* what to open: the shards, "DIR/shards/NAME";
				for a remote shard "HOST:PORT" or
				":PROGRAM ARGS" */
	dk_shard_kind *kinds;  /* kinds[i] of paths[i] (never NULL when n) */
	size_t n;
	uint64_t generation; /* 0 for a plain index */
	char *manifest;      /* full path of the manifest, or NULL */
} dk_index_location;

/*
 * Resolve dir to the databases of its live index.  A managed directory
 * resolves to the shards its stub names; a stub file given itself (a
 * list of local and remote shards, written by hand or by a replication
 * script) to the shards it names, local paths taken relative to the
 * file's directory as Xapian does; a plain index (or an empty
 * directory) to itself.  On failure *out is empty and *errmsg (if not NULL) a malloc'd
 * message the caller frees; a missing dir gives DK_ERR_NOT_FOUND.
 */
dk_status dk_index_dir_resolve(const char *dir, dk_index_location *out,
			       char **errmsg);

/* Free what a location owns and empty it. */
void dk_index_location_clear(dk_index_location *loc);

/* Join dir and name with one "/" into a malloc'd string (NULL when out of
 * memory).  The caller frees it. */
char *dk_index_dir_join(const char *dir, const char *name);

#endif
