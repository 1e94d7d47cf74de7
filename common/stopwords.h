/*
 * stopwords.h - stop word lists as data, and a small set to look them up.
 *
 * The analyzer flags stopwords (DK_TOKEN_STOP) but still emits them, so
 * phrases keep their positions; the query side decides what to drop.  The
 * lists hold words in the analyzer's normalized, unstemmed form: lower
 * case, accents stripped and apostrophes removed ("don't" is "dont").
 *
 * Only English has a list today (the Snowball one); other languages fall
 * back to it, which is harmless because the flag never removes a token.
 */
#ifndef DK_STOPWORDS_H
#define DK_STOPWORDS_H

#include <stddef.h>

#include "status.h"

typedef struct dk_stopwords dk_stopwords;

/*
 * The stop list of Snowball language lang ("english", ...), NULL-terminated
 * and sorted; the English list for languages without one (and for NULL or
 * "none").  Borrowed, static.
 */
const char *const *dk_stopwords_list(const char *lang);

/*
 * A lookup set over dk_stopwords_list(lang).  The caller frees it with
 * dk_stopwords_free().  Fails only with DK_ERR_NOMEM (or DK_ERR_INVALID
 * when out is NULL).
 */
dk_status dk_stopwords_new(const char *lang, dk_stopwords **out);
void dk_stopwords_free(dk_stopwords *sw);

/* 1 if word[0..len) is in the set (exact bytes: pass normalized words). */
int dk_stopwords_contains(const dk_stopwords *sw, const char *word,
			  size_t len);

#endif
