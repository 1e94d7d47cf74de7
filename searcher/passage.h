/*
 * passage.h - choosing the passages of an article that answer a query, and
 *
 * Prefix: dk_passages.
 * the words to highlight in them.
 *
 * Works on the stored text and the query's match set only (no index), the
 * way RediSearch's fragmenter does: the text is run through the shared
 * analyzer, each token is checked against the match set, and candidate
 * passages are scored.
 *
 * Paragraphs are the text's non-blank lines (a blank line between
 * paragraphs changes nothing), numbered from 1.  A candidate is a whole
 * paragraph when it is at most DK_PASSAGE_MAX bytes; a longer paragraph
 * gives one candidate per sentence: the run of whole sentences from it
 * that fits DK_PASSAGE_MAX (a sentence longer than that is cut at word
 * boundaries).  Those runs overlap; the best scoring one is the window
 * around the densest match, and the passages shown never overlap.
 *
 * Score of a candidate of len bytes, tf(t) the count of term t in it:
 *     sum over terms t of  w(t) * tf (k1 + 1) / (tf + k1 (1 - b + b len/avg))
 *   + for each phrase occurrence (at most 2) the phrase's summed w
 *   + prox * max over a's hits of min(w(a), w(b)) / g
 *                                  for each term a, over the next hit of
 *                                  another term b, g <= DK_PASSAGE_NEAR
 *                                  words after (proxonce; without it each
 *                                  such pair of hits adds its share)
 *   + answer * mean w(t) when the question has an answer type and the
 *                                  best sentence holds one outside the
 *                                  query's words (a year or a month for
 *                                  "when", a number for "how many")
 *   times `lead` for the candidates of the first paragraph,
 * where avg is the article's mean paragraph length (each at most
 * DK_PASSAGE_MAX) and
 *     w(t) = idf(t) + artidf * ln(1 + (P - pf(t) + 0.5) / (pf(t) + 0.5)),
 * idf(t) = ln(N / df) across the articles (the match set's weight, times
 * gidf, 1), P the
 * article's paragraphs and pf(t) those holding t: a word rare across
 * articles but in nearly every paragraph of this one (the article's own
 * topic) adds little to choose between its paragraphs.  The article's own
 * score, the prior, is the same for all its passages and so does not
 * change the choice.  A word whose stem extends a query stem of at least
 * four bytes, or is extended by it ("foundat" / "found"), counts `stem`
 * (instead of 1) in tf, the best sentence and proximity, and is not
 * highlighted.  For a question with an answer type, the word that names
 * it ("year" in "what year", "many" in "how many") keeps 1 - qword of its
 * weight: a year or a number answers it, not the word itself.
 * Proximity counts once per term, as tf saturates: a paragraph that
 * repeats the article's name ("Super Bowl" six times, each pair adjacent)
 * does not win by the repetition.  b is 1: a long paragraph is not
 * excused its length.  Candidates with no match score 0; when none
 * matches, the lead is shown.
 *
 * The first passage also carries the article's evidence: the best
 * candidate's score with w(t) = idf(t) (no in-article idf), comparable
 * between articles; search.c reorders the first `depth` results by
 * score / max + rerank * evidence / max.  The constants were chosen on
 * bench/qa by article folds (README, "Passages that answer").
 *
 * The whole text is analyzed once; the cost is that analysis plus linear
 * work per candidate in its matches.
 */
#ifndef DK_PASSAGE_H
#define DK_PASSAGE_H

#include <stddef.h>

#include "../common/analyzer.h"
#include "query_compile.h"

#define DK_PASSAGE_MAX 1200
#define DK_PASSAGE_NEAR 8
#define DK_PASSAGE_K1 0.9
#define DK_PASSAGE_B 1.0
#define DK_PASSAGE_ARTIDF 2.0
#define DK_PASSAGE_PROX 1.0
#define DK_PASSAGE_LEAD 1.0
#define DK_PASSAGE_SENT 1.0
#define DK_PASSAGE_ANSWER 1.0
#define DK_PASSAGE_STEM 0.5
#define DK_PASSAGE_COVER 0.0
#define DK_PASSAGE_RERANK 4.0
#define DK_PASSAGE_DEPTH 5
#define DK_PASSAGE_QWORD 0.5
#define DK_PASSAGE_GIDF 1.0
#define DK_PASSAGE_PROXONCE 1.0

/* What a question asks for, from its wording (dk_passage_params_for). */
typedef enum dk_answer_type {
	DK_ANSWER_ANY,
	DK_ANSWER_TIME,    /* when, what year, what date ... */
	DK_ANSWER_NUMBER   /* how many, how much, what percentage ... */
} dk_answer_type;

typedef struct dk_passage_params {
	double k1, b;    /* BM25 over the candidates */
	double artidf;   /* weight of the in-article idf */
	double prox;     /* weight of the proximity of matched terms */
	double lead;     /* factor of the first paragraph's candidates */
	double sent;     /* weight of the best sentence's query weight */
	double answer;   /* weight of holding what the question asks for */
	double stem;     /* tf of a word whose stem extends or is extended
			    by a query stem ("found" / "foundat") */
	double cover;    /* exponent of the share of the query's weight a
			    candidate holds */
	double rerank;   /* weight of the best passage's evidence in the
			    order of the first `depth` articles */
	double depth;    /* articles reordered by their passages (0: none) */
	double qword;    /* share of its weight the answer type's word
			    ("year" in "what year") loses */
	double gidf;     /* weight of the idf across articles in w(t) */
	double proxonce; /* 1: each term's proximity counts once (its
			    nearest other term), not each pair of hits */
	dk_answer_type type;  /* set per query by dk_passage_params_for() */
	const char *tword;    /* the answer type's word ("year", "many") or
				 NULL, a static string */
} dk_passage_params;

extern const dk_passage_params dk_passage_defaults;

typedef struct dk_span {
	size_t start, end;  /* byte offsets */
} dk_span;

typedef struct dk_passage {
	size_t start, end;  /* byte range in the article text */
	double score;
	dk_span *hl;        /* highlights, relative to start, in order */
	size_t nhl;
	size_t paragraph;   /* its paragraph, numbered from 1 (0: unknown) */
	double evidence;    /* the best candidate's score with the weights
			       across articles only (comparable between
			       articles); set on the first passage */
} dk_passage;

/*
 * Choose up to max passages of text[0..len) for the match set m, best
 * first, and their highlights.  *out (malloc'd, *n entries) is freed by the
 * caller with dk_passages_free().  max 0 gives none.
 */
dk_status dk_passages_select(dk_analyzer *an, const char *text, size_t len,
			     const dk_match_set *m, size_t max,
			     dk_passage **out, size_t *n);

/* The same with parameters pp (experiments: bench/qa --params). */
dk_status dk_passages_select_with(dk_analyzer *an, const char *text,
				  size_t len, const dk_match_set *m,
				  const dk_passage_params *pp, size_t max,
				  dk_passage **out, size_t *n);

/*
 * Parse "k1=1.2,b=0.75,artidf=1,prox=0.5,lead=1" (any subset) over *pp.
 * Returns DK_ERR_INVALID for an unknown name or a bad number.
 */
dk_status dk_passage_params_parse(const char *s, dk_passage_params *pp);

/*
 * The parameters for one query: the defaults, DOCKET_PASSAGE_PARAMS when
 * set (experiments), and the answer type of query[0..len).  Returns
 * DK_ERR_INVALID when DOCKET_PASSAGE_PARAMS does not parse.
 */
dk_status dk_passage_params_for(const char *query, size_t len,
				dk_passage_params *out);

/*
 * The whole of text[0..len) as one passage (start 0, end len, paragraph 0,
 * score 0) with every match of m highlighted: the article page.  out->hl
 * is malloc'd; the caller frees it (free(out->hl)).
 */
dk_status dk_passage_whole(dk_analyzer *an, const char *text, size_t len,
			   const dk_match_set *m, dk_passage *out);

void dk_passages_free(dk_passage *p, size_t n);

#endif
