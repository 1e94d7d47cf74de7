/*
 * query_compile.h - a parsed query (query_parser.h) made into an index
 * query, through the shared analyzer.
 *
 * Besides the index query, compiling yields the "match set" that passage
 * selection and highlighting use: every positive term the query looks for
 * in the article text (stems, whole identifiers, prefixes) with its weight,
 * and the phrases as sequences of those terms.  Because both come from the
 * same analyzer as the index, a highlighted word is exactly a word that
 * matched.
 *
 * Rules:
 *   WORD    analyzed; an identifier is its WHOLE term, a compound of
 *           letters ("class-action") the phrase of its parts, else a term.
 *   PHRASE  the phrase of its words (identifiers by their parts, which are
 *           indexed at consecutive positions).
 *   PREFIX  the words starting with the normalized prefix (and with its
 *           stem), at most DK_PREFIX_MAX of them, the most frequent first.
 *   NEAR    Xapian's NEAR when every item is a one-term word (or an OR of
 *           them); else every item AND the NEAR of the items' terms
 *           (a phrase's or compound's words, a prefix's expansion as an
 *           OR), the window widened by the phrases' extra words.  A
 *           nested expression or a date only has to match.
 *   BAG     required (+ and every field: or date: item) AND-MAYBE the
 *           optional items, AND-NOT the excluded ones.  Stopwords are
 *           dropped from the optional items when other words remain.
 *   site: lang: case: date:   boolean filters (no weight).
 */
#ifndef DK_QUERY_COMPILE_H
#define DK_QUERY_COMPILE_H

#include <stddef.h>
#include <stdint.h>

#include "../common/analyzer.h"
#include "../common/stemmers.h"
#include "query_parser.h"
#include "../shims/xapian_shim.h"

#define DK_PREFIX_MAX 100
#define DK_MTERM_CASE 2

typedef struct dk_mterm {
	char *term;       /* analyzed term (a stem, a whole identifier, or a
			     prefix when is_prefix) */
	size_t len;
	int is_prefix;   /* 0, 1 for a prefix, or DK_MTERM_CASE: a docket
			    number's normal form (case:), found in the text
			    by dk_case_number_normalize(), not by the
			    analyzer */
	double weight;    /* inverse document frequency, log(N / df) */
	uint64_t langs;   /* the stemmers (bit i: the i-th of the index's
			     dk_stemmers) whose query gives the term; 0 for
			     all (one language, or not a stemmed word) */
} dk_mterm;

typedef struct dk_mphrase {
	size_t *terms;    /* indexes into the match set's terms, in order */
	size_t n;
} dk_mphrase;

typedef struct dk_match_set {
	dk_mterm *terms;
	size_t nterms, cap;
	dk_mphrase *phrases;
	size_t nphrases, pcap;
} dk_match_set;

void dk_match_set_free(dk_match_set *m);
/* Index of term t in the set, or -1. */
long dk_match_set_find(const dk_match_set *m, const char *t, size_t len);

typedef struct dk_compiled {
	dk_query *query;     /* NULL when nothing is searchable */
	dk_match_set match;
	char *warning;       /* malloc'd note (prefix expansion cut), or NULL */
	const dk_stemmers *langs;  /* borrowed from the caller, or NULL */
} dk_compiled;

/*
 * Compile tree (may be NULL: nothing searchable) against the reader r,
 * which gives term statistics and prefix expansions.  The caller frees
 * *out's members with dk_compiled_free().
 */
dk_status dk_query_compile(const dk_qnode *tree, dk_analyzer *an, dk_reader *r,
			   dk_compiled *out);
/*
 * The same over an index whose articles use several stemmers (langs, its
 * default analyzer first, as common/stemmers.h): each text word, phrase,
 * prefix and NEAR is compiled once per language and each form restricted
 * to the articles of its language (DK_PREFIX_STEMMER terms); forms that
 * agree are one.  The match set holds the terms of every language.  an is
 * langs' default; langs may be NULL (one language: dk_query_compile).
 */
dk_status dk_query_compile_langs(const dk_qnode *tree, dk_analyzer *an,
				 const dk_stemmers *langs, dk_reader *r,
				 dk_compiled *out);
void dk_compiled_free(dk_compiled *c);


/*
 * q restricted to the articles stemmed by the stemmers of mask (a match
 * term's langs), or NULL when no restriction is needed (mask 0, or every
 * stemmer of c->langs): then q serves as it is.  The caller frees *out.
 */
dk_status dk_compiled_restrict(const dk_compiled *c, uint64_t mask,
			       const dk_query *q, dk_query **out);

/*
 * The match set of c for the articles of stemmer lang (an index into
 * c->langs; 0, the default, in a one-language index): the terms whose
 * langs hold it, and the phrases all of whose terms do.  Passages and
 * highlights of an article use its language's set, so that a stem of
 * another language never marks its words.  The caller frees *out with
 * dk_match_set_free().
 */
dk_status dk_match_set_for_lang(const dk_compiled *c, size_t lang,
				dk_match_set *out);

/* The index term prefix of a text field (fields.h): "S" for title:, ""
 * for DK_FIELD_ANY and for the boolean fields (site: lang: case:).
 * Constant, not owned. */
const char *dk_query_compile_field_prefix(dk_qfield f);

#endif
