/*
 * walk.h - the input files behind the PATHs given on the command line.
 *
 * A PATH that is a file is itself; a directory is walked recursively, its
 * regular files taken in byte order of their paths (so ids and runs are
 * reproducible), skipping hidden entries ("." names) and files whose
 * name says they are no dump (README.md, a script): inside a directory only
 * names ending in a dump extension (dk_walk_is_dump_name) or with no
 * extension at all are read.  Hidden entries are skipped because they are
 * the tools' own (.git, editor swap files, a crawler's state), never
 * dumps; backup files ("a.txt~", "a.bak") by the same extension rule.
 * Symbolic links to files are followed only when the target lies inside
 * the directory given (dk_walk_set_follow_links lifts that); links to
 * directories are never followed (no cycles).  Links not followed,
 * dangling links, FIFOs, sockets and devices are reported, not passed
 * over in silence.  Each file carries
 * its id for one-article-per-file formats: the path relative to the
 * directory given (for a file given directly, its base name).
 */
#ifndef DK_WALK_H
#define DK_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "../common/status.h"

typedef struct dk_input {
	char *path;     /* malloc'd */
	char *id;       /* malloc'd: path relative to the PATH given */
	uint64_t size;  /* bytes on disk */
	int64_t mtime;  /* seconds */
} dk_input;

typedef struct dk_input_list {
	dk_input *v;
	size_t n, cap;
	uint64_t total_size;
} dk_input_list;

/*
 * Append the files under path to list.  Problems (a missing path, an
 * unreadable directory) are reported through report(ctx, path, message)
 * and skipped; the walk goes on.  Fails only with DK_ERR_NOMEM.
 */
dk_status dk_walk(const char *path, dk_input_list *list,
		  void (*report)(void *ctx, const char *path, const char *msg),
		  void *ctx);

void dk_input_list_free(dk_input_list *list);

/* Follow symbolic links to files outside the directory walked (0, the
 * default: report and skip them).  Set once at start-up, before walking. */
void dk_walk_set_follow_links(int follow);

/* 1 if a file of this base name is read when found in a directory: a dump
 * extension (.txt .text .jsonl .ndjson .json .html .htm .warc, each also
 * with .gz) or no extension. */
int dk_walk_is_dump_name(const char *name);

#endif
