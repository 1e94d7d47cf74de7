/*
 * rank.h - the ranking evidence added to a compiled query before it runs:
 * BM25 parameters, a title boost, and pseudo-relevance feedback.
 *
 * The compiled query (query_compile.h) decides what matches; ranking only
 * reorders those matches.  Every addition below is joined to the query
 * with AND_MAYBE, so it adds weight to documents the query already
 * matches and never adds a document: the result count, the exclusions and
 * the highlights stay those of the query as typed.
 *
 *   BM25      k1 = 1.6, b = 0.4.
 *   title     every positive text term t of the match set also looks for
 *             the title term "S" + t, its weight scaled by 0.2 (the index
 *             already counts a title word twice in the free-text terms:
 *             fields.h).
 *   feedback  the query runs once for its 10 best documents; Xapian's
 *             expand set over them (dk_reader_expand) gives up to 20 terms
 *             that are words (no digits or punctuation), neither query terms nor
 *             stopwords, and not shorter
 *             than 3 bytes; their OR, scaled by 0.3, is the extra evidence.
 *             Only for ranked searches (not --sort date) whose query has
 *             at least one positive text term.
 *
 * The values are one configuration for every collection, chosen by
 * bench/eval over a grid (k1, b, title weight, feedback on/off) as the
 * best mean MAP over the four shared test collections; its
 * leave-one-collection-out scores (tuned on three, tested on the fourth)
 * are in README.md ("Relevance").  Feedback stays on for --plain topics:
 * held out, it won on three collections of four, and no cheap predictor
 * tried (score gap, query length, result count, top score) told the
 * queries it helps from those it hurts.
 */
#ifndef DK_RANK_H
#define DK_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "../common/analyzer.h"
#include "../common/status.h"
#include "../shims/xapian_shim.h"
#include "query_compile.h"

typedef struct dk_rank_params {
	double k1, b;            /* BM25 */
	double title_weight;     /* 0: no title boost */
	uint32_t fb_docs;        /* feedback documents; 0: no feedback */
	uint32_t fb_terms;       /* expansion terms at most */
	double fb_weight;        /* scale of the expansion terms' weight */
} dk_rank_params;

/* The defaults above. */
void dk_rank_params_init(dk_rank_params *p);

/*
 * Read "k1=1.6,b=0.4,title=0.2,fbdocs=10,fbterms=20,fbweight=0.3" (any
 * subset, in any order) over the values already in *p.  Returns
 * DK_ERR_INVALID (and leaves *p partly updated) on an unknown key or a
 * value out of range; for experiments (docket-search --rank).
 */
dk_status dk_rank_params_parse(const char *s, dk_rank_params *p);

/* What ranking added, for --explain: the expansion terms.  Free with
 * dk_rank_info_free(). */
typedef struct dk_rank_info {
	char **terms;            /* malloc'd expansion terms, best first */
	size_t nterms;
	size_t fb_docs;          /* documents the terms came from */
} dk_rank_info;

void dk_rank_info_free(dk_rank_info *i);

/*
 * The query to run for c: c->query with the title boost and, when
 * feedback applies (feedback != 0 and c has positive text terms), the
 * expansion terms of its best documents under opts (which must already
 * hold p's BM25 values; collapsing and time limits apply to the first
 * pass too).  *out is a new query the caller frees; info (may be NULL)
 * receives the expansion.  c->query NULL gives *out NULL.
 */
dk_status dk_rank_query(dk_reader *r, dk_analyzer *an, const dk_compiled *c,
			const dk_rank_params *p, const dk_search_opts *opts,
			int feedback, dk_query **out, dk_rank_info *info);

#endif
