/*
 * stemmers.h - the analyzers of a multilingual index: one per stemming
 * language its articles use.
 *
 * Prefix: dk_stemmers.
 *
 * Each article is stemmed in its own language (its `lang`, declared by
 * the dump or the page, or detected): the Snowball stemmer of that
 * language when libstemmer has one, else the index's default language
 * (--lang, English by default).  The indexer, the query compiler and the
 * passage highlighter all pick an article's analyzer through
 * dk_stemmers_choose(), so an article's words are indexed, looked up and
 * highlighted with one stemmer.
 *
 * The set starts with the default analyzer (index 0) and grows by one
 * analyzer per language added; analyzers are made once and kept.  Like
 * an analyzer, a set is for one thread.
 */
#ifndef DK_STEMMERS_H
#define DK_STEMMERS_H

#include <stddef.h>

#include "analyzer.h"
#include "status.h"

/* At most this many languages in a set (libstemmer has about 30). */
#define DK_STEMMERS_MAX 48

typedef struct dk_stemmers dk_stemmers;

/*
 * A new set whose default analyzer is for default_lang (as
 * dk_analyzer_new; NULL is English).  With per_article 0 every article
 * is stemmed with the default (dk_stemmers_choose ignores its language).
 * DK_ERR_INVALID for an unknown default_lang.  The caller frees *out with
 * dk_stemmers_free().
 */
dk_status dk_stemmers_new(const char *default_lang, int per_article,
			  dk_stemmers **out);
void dk_stemmers_free(dk_stemmers *s);

/* The default analyzer.  Borrowed from the set. */
dk_analyzer *dk_stemmers_default(const dk_stemmers *s);

/*
 * The Snowball name ("german") of the stemmer for an article in language
 * code (an ISO 639-1 code with or without region, or a Snowball name;
 * NULL or "" when unknown): its own when per-article stemming is on and
 * libstemmer has one, else the default's.  Static string.
 */
const char *dk_stemmers_choose(const dk_stemmers *s, const char *code);

/*
 * The analyzer for an article in language code (dk_stemmers_choose),
 * made and added to the set if it is not there yet.  *out is borrowed
 * from the set.  DK_ERR_NOMEM, or DK_ERR_TOO_BIG when the set is full
 * (*out is then the default analyzer).
 */
dk_status dk_stemmers_get(dk_stemmers *s, const char *code, dk_analyzer **out);

/* The analyzer already in the set for an article in language code, or
 * the default when its stemmer is not in the set.  Borrowed. */
dk_analyzer *dk_stemmers_find(const dk_stemmers *s, const char *code);
/* Its index in the set (0: the default). */
size_t dk_stemmers_find_index(const dk_stemmers *s, const char *code);

/* The number of analyzers in the set (at least 1), and the i-th; 0 is
 * the default.  Borrowed. */
size_t dk_stemmers_count(const dk_stemmers *s);
dk_analyzer *dk_stemmers_at(const dk_stemmers *s, size_t i);

#endif
