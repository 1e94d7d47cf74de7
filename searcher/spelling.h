/*
 * spelling.h - "did you mean": a corrected query from the index's own
 * vocabulary, written in the user's words.
 *
 * A text word of the query (free or title:, not excluded, letters only,
 * at least 3 letters, not a stopword) is suspect when its term is in no
 * article, or when the query found fewer than DK_SUGGEST_FEW results and
 * the term is in fewer than DK_SUGGEST_FEW articles.  Its replacement is
 * the index term closest to its stem: the smallest Damerau-Levenshtein
 * distance (at most 1 for stems of up to 4 bytes, else 2) among the terms
 * sharing its first letter, then the most articles; the replacement must
 * be in at least DK_SUGGEST_MIN_DF articles and in ten times as many as
 * the suspect.  (The first letter is taken as typed: a vocabulary walk per
 * letter keeps the cost to a few milliseconds, and is done only for
 * suspect words.)
 *
 * The index holds stems ("privaci"), so the word shown is found in an
 * article holding the term: among the words there that stem to it, the
 * one closest to what was typed ("privacy").  The suggestion is the query
 * as typed with each corrected word replaced (keeping an initial capital
 * or all capitals), so operators, fields and phrases survive.
 */
#ifndef DK_SPELLING_H
#define DK_SPELLING_H

#include <stddef.h>
#include <stdint.h>

#include "../common/analyzer.h"
#include "query_parser.h"
#include "../common/status.h"
#include "../shims/xapian_shim.h"

#define DK_SUGGEST_FEW 5
#define DK_SUGGEST_MIN_DF 3

/*
 * A suggestion for query q[0..len) parsed as tree, which found `total`
 * results.  *out is a malloc'd query string the caller frees, or NULL
 * when no word needs (or has) a correction.
 */
dk_status dk_spelling_suggest(dk_reader *r, dk_analyzer *an,
			      const dk_qnode *tree, const char *q, size_t len,
			      uint64_t total, char **out);

/* The Damerau-Levenshtein (optimal string alignment) distance between
 * a[0..alen) and b[0..blen) in bytes, or max + 1 when it exceeds max. */
unsigned dk_spelling_distance(const char *a, size_t alen, const char *b,
			      size_t blen, unsigned max);

#endif
