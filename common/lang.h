/*
 * lang.h - the language of a text, from its script and its function words.
 *
 * Texts in a script of their own are told by counting letters: Chinese
 * (Han without kana), Japanese (kana), Korean (Hangul), Arabic, Hebrew,
 * Greek, Thai, Hindi (Devanagari), Russian or Ukrainian (Cyrillic; the
 * letters і ї є ґ say Ukrainian).  Latin-script texts are told by their
 * most frequent words: each language has a short list of function words
 * (articles, pronouns, prepositions, conjunctions, auxiliaries), and the
 * language whose words the text uses most wins when it has enough hits
 * and clearly more than the runner-up.  The lists cover English, German,
 * French, Spanish, Portuguese, Italian, Dutch, Polish, Czech, Swedish,
 * Danish, Norwegian, Finnish, Hungarian, Romanian and Turkish.
 *
 * The same lists serve the HTML extractor, which counts each block's
 * function words in every language during its walk (dk_lang_word) and
 * judges blocks by the stopword density of the page's language.
 *
 * Cost: one hash lookup per word; no allocation.
 */
#ifndef DK_LANG_H
#define DK_LANG_H

#include <stddef.h>
#include <stdint.h>

/* The Latin-script languages with word lists, in this order. */
enum {
	DK_LANG_EN, DK_LANG_DE, DK_LANG_FR, DK_LANG_ES, DK_LANG_PT, DK_LANG_IT,
	DK_LANG_NL, DK_LANG_PL, DK_LANG_CS, DK_LANG_SV, DK_LANG_DA, DK_LANG_NO,
	DK_LANG_FI, DK_LANG_HU, DK_LANG_RO, DK_LANG_TR,
	DK_LANG_NWORD
};

/*
 * The set of languages (bit i for language i above) that have the
 * lower-case word w[0..n) (UTF-8) among their function words; 0 if none.
 * Thread-safe (the table is built once).
 */
uint32_t dk_lang_word(const char *w, size_t n);

/* The ISO 639-1 code of word-list language i ("en" ...), or NULL. */
const char *dk_lang_code(int i);

/*
 * Of the counts hits[0..DK_LANG_NWORD) of function words in a text of
 * `words` words, the winning language, or -1 when none is clear (fewer
 * than 3 hits, hits under 8% of the words, or the runner-up within 75%
 * of the winner).
 */
int dk_lang_pick(const unsigned *hits, unsigned words);

/* Bytes of a text dk_lang_detect reads: a few hundred words decide. */
#define DK_LANG_SAMPLE 3000

/*
 * The ISO 639-1 code of the language of text s[0..n) (UTF-8; only the
 * first DK_LANG_SAMPLE bytes are read), or NULL when it cannot tell (too
 * little text, a mixture).  Static string.
 */
const char *dk_lang_detect(const char *s, size_t n);

/*
 * The Snowball stemmer name for ISO 639-1 code (case ignored, region
 * subtags such as "de-AT" allowed), or NULL when Snowball has none
 * (Polish, Czech, Chinese ...).  Static string.
 */
const char *dk_lang_stemmer(const char *code);

#endif
