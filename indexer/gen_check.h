/*
 * gen_check.h - the check of a generation's shards before it is
 * published (rebuild.c), and the article count of a generation.
 *
 * dk_gen_check opens the shards as one database, counts the articles,
 * requires the analyzer language to be recorded, and, when there are
 * articles, runs three probe queries: every document, one id term (the
 * first in term order) and the most frequent of the first 5,000 plain
 * word terms.  Each must find a document whose stored article decodes.
 * What the count means (too few articles to publish) is the caller's
 * decision.
 */
#ifndef DK_GEN_CHECK_H
#define DK_GEN_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "../common/status.h"

/*
 * Check the databases at paths[0..n) as above; n may be 0 (no articles,
 * nothing opened).  *count receives the article count (0 on failure
 * before it is known).  On failure *errmsg (when errmsg is not NULL) is a
 * malloc'd message for the caller to free, else NULL.
 */
dk_status dk_gen_check(const char *const *paths, size_t n, uint64_t *count,
		       char **errmsg);

/*
 * The article count and (if lang is not NULL) the analyzer language of
 * the databases at paths[0..n).  *lang is malloc'd (the caller frees it),
 * NULL when unset.  *m, when set, is a malloc'd message from opening the
 * databases, for the caller to free.
 */
dk_status dk_gen_check_count(const char *const *paths, size_t n,
			     uint64_t *count, char **lang, char **m);

#endif
