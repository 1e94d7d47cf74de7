/*
 * passage.h - choosing the passages of an article that answer a query, and
 * the words to highlight in them.
 *
 * Works on the stored text and the query's match set only (no index), the
 * way RediSearch's fragmenter does: the text is run through the shared
 * analyzer, each token is checked against the match set, and candidate
 * passages are scored.
 *
 * Candidates: each paragraph up to DK_PASSAGE_MAX bytes; a longer paragraph
 * is cut into runs of whole sentences of about DK_PASSAGE_TARGET bytes (a
 * sentence longer than DK_PASSAGE_MAX is cut at a word boundary).
 *
 * Score of a candidate, with w(t) the term's idf and tf its count there:
 *     sum over distinct terms t of  w(t) * (1 + 0.5 ln tf)
 *   + sum over phrase occurrences of the phrase's summed w (at most 2 each)
 *   times (1 + 0.15 * (distinct terms - 1))   (coverage of the query)
 *   times 1.05 for the first candidate of the article (the lead).
 * Candidates with no match score 0; when none matches, the lead is shown.
 *
 * Early stop: the text is analyzed in order, and the analysis ends as soon
 * as `max` candidates each hold every term and every phrase of the match
 * set (the prefix terms count as one), so the later paragraphs of a long
 * article are never read.  Among the candidates read, the best scores win;
 * when no candidate holds everything, the whole text is read.  This keeps
 * a page of ten long articles near a millisecond (README, "Passages").
 */
#ifndef DK_PASSAGE_H
#define DK_PASSAGE_H

#include <stddef.h>

#include "../common/analyzer.h"
#include "query_compile.h"

#define DK_PASSAGE_TARGET 320
#define DK_PASSAGE_MAX 560

typedef struct dk_span {
	size_t start, end;  /* byte offsets */
} dk_span;

typedef struct dk_passage {
	size_t start, end;  /* byte range in the article text */
	double score;
	dk_span *hl;        /* highlights, relative to start, in order */
	size_t nhl;
} dk_passage;

/*
 * Choose up to max passages of text[0..len) for the match set m, best
 * first, and their highlights.  *out (malloc'd, *n entries) is freed by the
 * caller with dk_passages_free().  max 0 gives none.
 */
dk_status dk_passages_select(dk_analyzer *an, const char *text, size_t len,
			     const dk_match_set *m, size_t max,
			     dk_passage **out, size_t *n);

void dk_passages_free(dk_passage *p, size_t n);

#endif
