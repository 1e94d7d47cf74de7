/*
 * like.h - query by document: the most discriminating terms of a text,
 * chosen against the collection, as one ranked query.
 *
 * A long text (a judgment, a complaint, an article of the index) cannot
 * be searched word by word: the parser stops at its node limit and keeps
 * whatever came first.  Instead, like Xapian's expand set or Lucene's
 * MoreLikeThis, every distinct term of the text is scored
 *
 *     score(t) = (1 + ln tf(t)) * ln(N / df(t))
 *
 * (tf: occurrences in the text; df: documents of the index holding t;
 * N: documents in the index) and the best max_terms are kept.  Terms the
 * index does not hold, stopwords and terms of one or two bytes are left
 * out, and so are the terms a text of more than 2,000 words holds only
 * once (Lucene MoreLikeThis's minimum term frequency).  Case numbers
 * found in the text (case_number.h) are always kept: their identifier
 * term is rare and names the dispute.  The caller may
 * add entity lists of a stored article (its parties), searched as party
 * terms.
 *
 * The query is the OR of the kept terms, each with its text frequency as
 * within-query frequency (BM25's query-term saturation bounds its effect);
 * the match set holds the same terms, so passages highlight them.
 */
#ifndef DK_LIKE_H
#define DK_LIKE_H

#include <stddef.h>

#include "../common/analyzer.h"
#include "../common/status.h"
#include "../shims/xapian_shim.h"
#include "query_compile.h"

/* Terms kept by default, chosen by leave-one-collection-out on the
 * bench/like proxies (README "Query by document"). */
#define DK_LIKE_TERMS 40

/* Plain queries longer than this many words use the selection. */
#define DK_LIKE_LONG_WORDS 256

/*
 * Compile text[0..len) into out (query and match set) with at most
 * max_terms selected text terms (0: DK_LIKE_TERMS).  parties (may be NULL)
 * is a newline-separated list searched as party terms.  The caller frees
 * out's members with dk_compiled_free(); out->query is NULL when the text
 * holds no term of the index.
 */
dk_status dk_like_compile(dk_reader *r, dk_analyzer *an, const char *text,
			  size_t len, const char *parties, size_t max_terms,
			  dk_compiled *out);

/* The number of words of text[0..len) (stopwords included). */
size_t dk_like_word_count(dk_analyzer *an, const char *text, size_t len);

#endif
