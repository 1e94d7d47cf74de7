/*
 * query_terms.h - the analyzed terms of one query atom, collected once.
 *
 * The compiler (query_compile.c), the --explain outline (explain.c) and
 * "did you mean" (spelling.c) all look at a word or phrase of the query
 * as the list of tokens the analyzer gives for it.  This module is that
 * list: each token's term (copied, since the analyzer lends it only for
 * the callback), its byte range in the atom's text, its group and flags.
 *
 * A group is one run of the analyzer: an identifier ("x86-64") gives a
 * WHOLE token and its PARTs in one group, every other word a group of
 * one.  A word searches an identifier whole, a phrase by its parts.
 */
#ifndef DK_QUERY_TERMS_H
#define DK_QUERY_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "../common/analyzer.h"
#include "../common/status.h"

/* The most tokens a caller may ask for: a query word longer than this
 * is noise. */
#define DK_QUERY_TERMS_MAX 4096

typedef struct dk_query_token {
	char term[DK_MAX_TERM + 1];  /* NUL-terminated (the analyzer drops
					longer terms; a longer one would be
					cut to DK_MAX_TERM bytes) */
	size_t len;
	size_t start, end;           /* byte range in the atom's text */
	uint32_t group;              /* dk_token.group */
	unsigned flags;              /* dk_token_flags */
} dk_query_token;

typedef struct dk_query_terms {
	dk_query_token *v;
	size_t n, cap;
	size_t max;                  /* collection stops at this many */
	dk_status st;                /* sticky error of the collector */
} dk_query_terms;

/*
 * Analyze text[0..len) (from word position 1, with dk_analyze options)
 * and collect its first max tokens (max at most DK_QUERY_TERMS_MAX;
 * larger values are taken as that).  out->v is owned by out: release it
 * with dk_query_terms_free.  On failure (DK_ERR_NOMEM, or dk_analyze's
 * error) *out is empty and holds no memory.
 */
dk_status dk_query_terms_collect(dk_analyzer *an, const char *text,
				 size_t len, unsigned options, size_t max,
				 dk_query_terms *out);

/* Release t's tokens and leave it empty; safe on an empty list. */
void dk_query_terms_free(dk_query_terms *t);

/*
 * The group starting at token i: returns the index just past its last
 * token and sets *whole to its WHOLE token (NULL if it has none; whole
 * may be NULL).  i must be below t->n.  The pointer is borrowed from t.
 */
size_t dk_query_terms_group(const dk_query_terms *t, size_t i,
			    const dk_query_token **whole);

/*
 * Whether token x of a group whose WHOLE token is whole is searched:
 * a word (phrase = 0) searches the identifier whole (or the single term
 * of a group without one), a phrase the parts.
 */
int dk_query_terms_searched(const dk_query_token *x,
			    const dk_query_token *whole, int phrase);

#endif
