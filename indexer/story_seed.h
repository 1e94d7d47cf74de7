/*
 * story_seed.h - carry the story index from one run to the next.
 *
 * A build gives copies of one story one key (minhash.h) only among the
 * articles it reads.  An --update reads the new dumps alone, so before it
 * starts, the live index's recent articles are put back into the build's
 * story index: each with the sketch and key stored with it (fields.h,
 * DK_SLOT_SKETCH and DK_SLOT_STORY), oldest first.  A copy that arrives in
 * a later update then takes the key of the story an earlier run began, and
 * the searcher folds them.
 *
 * "Recent" is the DK_SEED_DAYS days up to the newest article date in the
 * live index (a story spans at most DK_STORY_DAYS days, so older articles
 * could not take a new copy anyway), at most DK_SEED_MAX articles (the
 * newest); undated articles are not seeded.  Each comes with its site
 * and title (from its record), so the same-site rule of
 * dk_stories_assign_meta() holds across runs as within one.
 */
#ifndef DK_STORY_SEED_H
#define DK_STORY_SEED_H

#include <stddef.h>

#include "extract/minhash.h"
#include "../common/status.h"

#define DK_SEED_DAYS 30
#define DK_SEED_MAX 200000

/*
 * Add the recent articles of the index made of shards[0..n) to s.
 * *added (may be NULL) receives how many joined.  Articles indexed before
 * sketches were stored are skipped.  On an error, *errmsg (may be NULL)
 * receives a message the caller frees.
 */
dk_status dk_story_seed(dk_stories *s, const char *const *shards, size_t n,
			size_t *added, char **errmsg);

/* "YYYYMMDD" of the day `days` before the date slot value v ("YYYYMMDD",
 * "YYYYMM00" or "YYYY0000"; unknown parts count as the first); "" when v
 * is not such a value.  Exposed for the tests. */
void dk_story_seed_floor(const char *v, size_t len, int days, char out[9]);

#endif
