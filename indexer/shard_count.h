/*
 * shard_count.h - how many shards `docket-index --rebuild --shards auto`
 * (the default) publishes.
 *
 * A shard should stay small enough that its hot part (postings, term
 * lists and stored text: 47% of an index, doc/scaling.md) sits in memory
 * on the machine that serves it, and that it can be dealt, replicated and
 * searched in bounded time.  So a shard holds at most half the memory in
 * index bytes (its hot part is then under a quarter of memory) and at
 * most DK_SHARD_MAX_ARTICLES articles (the capacity plan's shard of 3.1
 * million articles, about 53 GB at 16.9 KB per article):
 *
 *   K = max(ceil(bytes / (mem / 2)), ceil(articles / 3,200,000)),
 *       then at least 1, at most DK_SHARD_AUTO_MAX and at most articles.
 *
 * bytes is the size of the index compacted into one shard, which a
 * rebuild has measured when it decides (tech-news: 16.9 KB per article);
 * when it is unknown (0) it is estimated as articles x
 * DK_INDEX_BYTES_PER_ARTICLE.  mem is the memory of the machines that
 * will serve the shards: DOCKET_MEM_BYTES when set (when the search
 * machines differ from the indexing machine, and for tests), else this
 * machine's physical memory.  One shard stays the simple case: on this
 * 25 GB development machine, anything under about 750,000 articles.
 */
#ifndef DK_SHARD_COUNT_H
#define DK_SHARD_COUNT_H

#include <stdint.h>

#include "../common/status.h"

#define DK_SHARD_MAX_ARTICLES 3200000u
#define DK_SHARD_AUTO_MAX 64u
/* Measured: 17,159 tech-news articles in one compacted shard, 290.5 MB. */
#define DK_INDEX_BYTES_PER_ARTICLE 16900u

typedef struct dk_shard_plan {
	unsigned k;              /* the shards to publish */
	uint64_t articles;       /* what the decision saw */
	uint64_t bytes;          /* the index size used (measured or estimated) */
	uint64_t mem;            /* the memory figure used */
	uint64_t shard_bytes;    /* the per-shard byte cap: mem / 2 */
	const char *why;         /* what decided K (a static string):
				    "one shard holds them", "index size",
				    "articles per shard", "capped" */
} dk_shard_plan;

/* The rule above; plan (may be NULL) gets the figures behind it. */
unsigned dk_shard_count_auto(uint64_t articles, uint64_t bytes, uint64_t mem,
			     dk_shard_plan *plan);

/*
 * The memory figure: DOCKET_MEM_BYTES when set and not empty (bytes, or
 * a number with a K, M, G or T suffix, powers of 1024), else this
 * machine's physical memory (sysconf _SC_PHYS_PAGES x _SC_PAGESIZE).
 * DK_ERR_INVALID, with *errmsg (if not NULL) a malloc'd message the
 * caller frees, when DOCKET_MEM_BYTES is not a size or the machine's
 * memory cannot be read.
 */
dk_status dk_shard_count_memory(uint64_t *mem, char **errmsg);

/* Parse a size as DOCKET_MEM_BYTES takes it; 0 on success, -1 if s is
 * not a positive size (or overflows). */
int dk_shard_count_parse_size(const char *s, uint64_t *out);

#endif
