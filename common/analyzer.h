/*
 * analyzer.h - the one analyzer: tokenize -> normalize -> stem.
 *
 * Prefix: dk_analyze (dk_analyze() and the dk_analyzer type).
 *
 * The indexer, the query parser and the highlighter all call dk_analyze(),
 * so what is indexed, what is looked up and what is highlighted can never
 * disagree.  The analyzer reports tokens through a callback (as SQLite FTS5's
 * tokenizers do), each with its term, its word position and the byte range
 * it came from in the input.
 *
 * Normalization (utf8proc): UTF-8 is decoded leniently (each invalid byte
 * - bad lead, stray continuation, truncated sequence, overlong form,
 * surrogate, above U+10FFFF - becomes a separator and is counted), then
 * Unicode case folding and accent stripping (NFKD, marks removed; marks
 * are kept in scripts that spell vowels with them: Indic, Thai, Lao,
 * Tibetan, Myanmar, Khmer, kana), curly quotes and apostrophes are read as
 * their ASCII forms.  "Straße" and "STRASSE" both give "strasse".
 *
 * Tokens:
 *   - A word is a run of letters (L*) and numbers (N*), with the marks
 *     (M*) inside it.  Han, kana, Thai, Lao, Myanmar and Khmer letters are
 *     each a word of their own.  Soft hyphens and zero-width joiners
 *     inside a word are ignored.
 *   - Words joined by one connector ('-', U+2010, U+2011, '.', ':', '/',
 *     '_') with a word straight after it form a compound run; a connector
 *     at either end is not part of the run ("in 2024." -> "2024").  En and
 *     em dashes separate.
 *   - Apostrophes (', U+2018, U+2019, U+02BC, U+FF07) between two word
 *     characters are removed ("don't" -> "dont"), except that a final
 *     "'s" is a possessive and is dropped, with the run ending there:
 *     "LinkedIn's" and "LinkedIn’s" -> "linkedin" (bytes of "LinkedIn").
 *     An apostrophe at either end of a word is ignored ("users’").
 *   - A comma between an ASCII digit and a group of three digits (or of
 *     two followed by another ",digit", as in "43,25,275") is a
 *     thousands separator and is removed: "1,000" -> "1000", one plain
 *     number.  "18, 2024", "18,2024" and "3,14" are two numbers.
 *   - Dotted acronyms join: a run of single letters joined by '.'
 *     ("U.S.", "U.S", "U.S.A.", "e.g.") is one word ("us", "usa", "eg")
 *     whose byte range includes a final dot.  It is neither stemmed nor
 *     flagged as a stopword.
 *   - A letters-only compound ("class-action") gives its parts as adjacent
 *     words (DK_TOKEN_PART), so it matches the phrase "class action".
 *   - A compound holding a digit is an identifier ("25-00709",
 *     "3:25-cv-00709", "CVE-2024-3094", "v1.2.3", "F.3d", "3.5"): it gives
 *     one DK_TOKEN_WHOLE token, lower-cased with its connectors kept
 *     (hyphens as '-'), at the position of its first part, then its parts
 *     (DK_TOKEN_PART) at consecutive positions.
 *   - "$" straight before a number gives the whole "$1000" plus the
 *     parts of the number ("$1,000" -> "$1000", "1000").
 *   - "§ 230" (also "§230", "§§ 230"; up to three spaces) gives the words
 *     "section" and "230" (PART) at consecutive positions plus the whole
 *     "§230" at the first position.  A section sign without a number
 *     after it is a separator.
 *   - Terms longer than DK_MAX_TERM bytes are dropped (positions still
 *     advance; a WHOLE token takes no position of its own).
 *
 * Flags: DK_TOKEN_NUMERIC on every term holding a number character;
 * DK_TOKEN_STOP on words whose normalized, unstemmed form is a stopword
 * (numbers, acronyms and WHOLE tokens never are).  Stopwords are emitted
 * all the same, so phrases keep their positions.
 *
 * Stemming: Snowball (libstemmer) in the analyzer's language, applied to
 * words made only of letters; identifiers and numbers are never stemmed.
 *
 * Positions start at the caller's first_pos and advance by one per word;
 * a WHOLE token shares the position of its first part.  Tokens come in
 * input order with non-decreasing positions.
 *
 * Cost: linear in the input, with O(1) memory beyond the analyzer (a 10 MB
 * run without spaces is two linear scans).
 */
#ifndef DK_ANALYZER_H
#define DK_ANALYZER_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define DK_MAX_TERM 64

typedef struct dk_analyzer dk_analyzer;

enum dk_token_flags {
	DK_TOKEN_WHOLE   = 1u << 0, /* an identifier kept as one unit */
	DK_TOKEN_PART    = 1u << 1, /* one part of a compound run */
	DK_TOKEN_NUMERIC = 1u << 2, /* holds a digit: never stemmed */
	DK_TOKEN_STOP    = 1u << 3  /* a stopword of the analyzer's language */
};

typedef struct dk_token {
	const char *term;  /* normalized (and stemmed) term, NUL-terminated;
			      borrowed for the call */
	size_t len;        /* its length in bytes */
	size_t start;      /* byte offset of the token's first byte in the input */
	size_t end;        /* byte offset just past its last byte */
	uint32_t pos;      /* word position */
	uint32_t group;    /* run number (from 0 in each dk_analyze call): the
			      WHOLE token and the PARTs of one compound share
			      it; every other token has its own */
	unsigned flags;    /* dk_token_flags */
} dk_token;

/* Called once per token in input order; returning nonzero stops the
 * analysis (dk_analyze then returns DK_OK). */
typedef int (*dk_token_fn)(void *ctx, const dk_token *tok);

enum dk_analyze_options {
	DK_ANALYZE_NO_STEM = 1u << 0 /* terms normalized but not stemmed */
};

typedef struct dk_analyze_stats {
	size_t invalid_bytes;  /* bytes that were not valid UTF-8 */
	size_t first_invalid;  /* byte offset of the first one (0 if none) */
	uint32_t next_pos;     /* the position after the last token */
} dk_analyze_stats;

/*
 * A new analyzer for language lang: a Snowball algorithm name or ISO 639-1
 * code ("english", "en", "french", "fr", ...), or "none" for no stemming.
 * NULL means English.  Case is ignored and a region is ("en-US", "pt_BR").
 * Unknown languages give DK_ERR_INVALID.  The caller
 * frees the analyzer with dk_analyzer_free().  An analyzer keeps scratch
 * state, so use one per thread.
 */
dk_status dk_analyzer_new(const char *lang, dk_analyzer **out);
void dk_analyzer_free(dk_analyzer *a);

/* The Snowball algorithm name in use ("english"), or "none".  Borrowed. */
const char *dk_analyzer_language(const dk_analyzer *a);

/*
 * Tokenize text[0..len) and call fn for each token.  Words are numbered
 * from first_pos.  options is a mask of dk_analyze_options.  stats (may be
 * NULL) receives the invalid-byte count and the next free position.
 * fn may be NULL to count positions only; it must not call dk_analyze()
 * on the same analyzer.  Invalid UTF-8 is not an error.  Returns
 * DK_ERR_INVALID for a NULL analyzer, NULL text with len > 0 or unknown
 * option bits, DK_ERR_NOMEM if the stemmer runs out of memory.
 */
dk_status dk_analyze(dk_analyzer *a, const char *text, size_t len,
		     uint32_t first_pos, unsigned options, dk_token_fn fn,
		     void *ctx, dk_analyze_stats *stats);

/*
 * dk_analyze() for a caller that looks only for terms starting with one
 * of the bytes flagged in first[256] (the highlighter, with its query
 * terms): only the tokens whose term starts with a flagged byte are
 * reported; the others still take their positions.  Where the language's
 * stemmer only rewrites word endings (dk_analyzer_keeps_first), a word
 * whose normalized first byte is not flagged is not stemmed either, which
 * is most of the cost of analyzing text.  first NULL is dk_analyze().
 */
dk_status dk_analyze_filtered(dk_analyzer *a, const char *text, size_t len,
			      uint32_t first_pos, unsigned options,
			      const unsigned char *first, dk_token_fn fn,
			      void *ctx, dk_analyze_stats *stats);

/* 1 if the analyzer's stemmer never changes a term's first byte (it only
 * rewrites endings: english, porter, the Germanic and Romance languages),
 * or the analyzer does not stem; 0 otherwise (and for NULL). */
int dk_analyzer_keeps_first(const dk_analyzer *a);

/*
 * Normalize and stem one word the way dk_analyze would (used for spelling
 * suggestions and prefix expansion): the term of the first token
 * dk_analyze gives for it (for an identifier, its WHOLE token).  Writes at
 * most cap-1 bytes and a NUL to buf; *len receives the length.  Returns
 * DK_ERR_INVALID when word holds no term, DK_ERR_TOO_BIG (buf "") when
 * the term does not fit; cap > DK_MAX_TERM always fits.
 */
dk_status dk_analyzer_stem(dk_analyzer *a, const char *word, size_t wlen,
			   unsigned options, char *buf, size_t cap,
			   size_t *len);

/* 1 if the normalized, unstemmed word is a stopword of the analyzer's
 * language (English list for languages without one).  word must already
 * be normalized ("dont", not "Don't"). */
int dk_analyzer_is_stopword(const dk_analyzer *a, const char *word,
			    size_t len);

/* The Snowball algorithm name that dk_analyzer_new(lang) would use
 * ("de-AT" -> "german"), "none", or NULL when libstemmer has none for
 * lang (Polish, Chinese ...).  Static string. */
const char *dk_analyzer_stemmer_name(const char *lang);

/* The Snowball algorithms available, NULL-terminated.  Borrowed. */
const char **dk_analyzer_languages(void);

#endif
