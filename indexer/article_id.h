/*
 * article_id.h - ids of one-article-per-file inputs that do not depend on
 * the folder a run starts from.
 *
 * The walk (walk.h) names each file relative to the PATH it was found
 * under, so indexing news/ and then news/sub/ gave one article two ids
 * (sub/b.txt, b.txt).  Here the id becomes the file's path relative to a
 * root (indexer.c picks it: --root DIR; else a root the index recorded
 * that holds the PATH; else the PATH's own folder, then recorded), both
 * made absolute and normalized lexically ("." and ".." segments, repeated
 * slashes; symbolic links are not resolved, so a link keeps its own
 * name).  A file outside the root gets its absolute path as id.  Dumps
 * that carry ids (JSONL records, WARC and HTML URLs) are not affected.
 */
#ifndef DK_ARTICLE_ID_H
#define DK_ARTICLE_ID_H

#include <stddef.h>

#include "../common/status.h"
#include "walk.h"

/* The absolute, lexically normalized form of path (relative paths are
 * taken from the current directory).  Ownership: *out belongs to the
 * caller (free).  Fails with DK_ERR_NOMEM, or DK_ERR_IO when the current
 * directory cannot be read. */
dk_status dk_article_id_abspath(const char *path, char **out);

/* Rewrite the ids of list->v[from..n) relative to root (NULL: the current
 * directory). */
dk_status dk_article_id_rebase(dk_input_list *list, size_t from,
			       const char *root);

#endif
