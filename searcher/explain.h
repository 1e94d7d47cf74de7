/*
 * explain.h - how a query was understood, in words (docket-search
 * --explain, the "explain" key of the JSON document).
 *
 * The text is an indented outline of the parsed query: each word with the
 * index term it became and how many articles hold that term, phrases,
 * prefixes with their expansion (and whether it was cut), fields, dates
 * and the role of every item (ranked, required, excluded, restriction),
 * followed by the ranking (BM25 parameters, title boost, the feedback
 * terms) and, for developers, the parser's tree and Xapian's query:
 *
 *   read as:
 *     ranked words (any may match; more and rarer rank higher):
 *       word "lawsuits" -> lawsuit (3 articles)
 *       phrase "class action" -> class action
 *     excluded:
 *       word "settlement" -> settlement (1 article)
 *   ranking: BM25 (k1 1.6, b 0.4), title matches +0.2; feedback from the
 *     10 best articles, weight 0.3: sue, court, plaintiff
 *   parsed: (BAG (WORD "lawsuits") ...)
 *   index query: Query(...)
 */
#ifndef DK_EXPLAIN_H
#define DK_EXPLAIN_H

#include "../common/analyzer.h"
#include "query_parser.h"
#include "../shims/xapian_shim.h"
#include "query_compile.h"
#include "rank.h"

/*
 * The explanation of tree (NULL: nothing searchable) as compiled into c
 * and ranked with p (info: the feedback terms; may be NULL).  *out is a
 * malloc'd string the caller frees.  Fails only with DK_ERR_NOMEM.
 */
dk_status dk_explain(const dk_qnode *tree, const dk_compiled *c,
		     const dk_rank_params *p, const dk_rank_info *info,
		     dk_analyzer *an, dk_reader *r, char **out);

#endif
