/*
 * manifest.h - the inputs a generation was built from.
 *
 * `docket-index --update` indexes only the dumps that are new or changed
 * since the last build and deletes the articles of dumps that changed or
 * disappeared.  To know which, every generation keeps a manifest: per
 * input file its absolute path, size, modification time, a hash of its
 * content, how many articles it gave and which shard holds them.  A file
 * whose size and mtime are unchanged is taken as unchanged without being
 * read; otherwise its hash decides (a touched but identical dump is not
 * re-indexed).
 *
 * Every article carries the boolean term "F" + dk_manifest_file_term(path) (see
 * common/fields.h), so the articles of one dump are deleted by one term.
 *
 * File format (text, UTF-8 or raw bytes, one entry a line):
 *
 *   docket-manifest 1
 *   HASH SIZE MTIME_NS ARTICLES SHARD PATH
 *
 * fields separated by one tab; HASH is 16 hex digits (XXH64, seed 0), SIZE,
 * MTIME_NS (nanoseconds since the epoch, signed) and ARTICLES decimal;
 * SHARD the shard's name as is ("-" for none), which must hold no control
 * character (bytes below 0x20 and 0x7f): the parser refuses such a line
 * and the writer refuses such an entry (DK_ERR_INVALID), so what is
 * written reads back the same; PATH, never empty, with the bytes '%',
 * tab, CR, LF and other control characters written as %XX.  Lines are
 * sorted by PATH.
 */
#ifndef DK_MANIFEST_H
#define DK_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "../common/status.h"

typedef struct dk_manifest_entry {
	char *path;         /* absolute, malloc'd */
	uint64_t size;
	int64_t mtime_ns;
	uint64_t hash;      /* XXH64 of the content */
	uint64_t articles;  /* articles indexed from it */
	char *shard;        /* malloc'd shard name, or NULL */
} dk_manifest_entry;

typedef struct dk_manifest {
	dk_manifest_entry *v;
	size_t n, cap;
} dk_manifest;

/* Append a copy of e (its strings are copied). */
dk_status dk_manifest_add(dk_manifest *m, const dk_manifest_entry *e);
/* Sort the entries by path (bytewise), as dk_manifest_find needs. */
void dk_manifest_sort(dk_manifest *m);
/* The entry of path in a sorted manifest, or NULL.  Borrowed. */
dk_manifest_entry *dk_manifest_find(const dk_manifest *m, const char *path);
void dk_manifest_clear(dk_manifest *m);

/* The manifest text of m into *out (malloc'd, caller frees).
 * DK_ERR_INVALID, nothing written, for an entry with an empty path or a
 * shard name holding a control character. */
dk_status dk_manifest_format(const dk_manifest *m, char **out, size_t *len);
/* Parse text[0..len) into *out (sorted).  DK_ERR_PARSE with the line
 * number in *bad_line (if not NULL) when a line is malformed. */
dk_status dk_manifest_parse(const char *text, size_t len, dk_manifest *out,
			    size_t *bad_line);

/* Read the manifest file at path (DK_ERR_NOT_FOUND when absent). */
dk_status dk_manifest_read(const char *path, dk_manifest *out);
/* Write m to path durably: a temporary file beside it, fsync, rename. */
dk_status dk_manifest_write(const dk_manifest *m, const char *path);

/* Fill e->size, e->mtime_ns from stat(2) of e->path.  DK_ERR_NOT_FOUND
 * when the file is gone, DK_ERR_IO for other failures. */
dk_status dk_manifest_stat(dk_manifest_entry *e);

/* XXH64 of p[0..n) with seed 0, and of a whole file. */
uint64_t dk_manifest_hash64(const void *p, size_t n);
dk_status dk_manifest_hash_file(const char *path, uint64_t *out);

/* The "F" term value of a dump: 16 lower-case hex digits of the XXH64 of
 * its absolute path, into out[17] (NUL-terminated). */
void dk_manifest_file_term(const char *abs_path, char out[17]);

#endif
