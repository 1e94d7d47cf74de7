/*
 * stemmers.c - the analyzers of a multilingual index (see stemmers.h).
 *
 * A set is a short array searched linearly by Snowball name: an index
 * rarely holds more than a handful of languages, and the names are
 * libstemmer's static strings, so equal names compare equal by content.
 */
#include "stemmers.h"

#include <stdlib.h>
#include <string.h>

struct dk_stemmers {
	int per_article;
	size_t n;
	dk_analyzer *an[DK_STEMMERS_MAX];
};

/* Ownership: *out belongs to the caller (dk_stemmers_free). */
dk_status dk_stemmers_new(const char *default_lang, int per_article,
			  dk_stemmers **out)
{
	*out = NULL;
	dk_stemmers *s = calloc(1, sizeof *s);
	if (!s)
		return DK_ERR_NOMEM;
	dk_status st = dk_analyzer_new(default_lang, &s->an[0]);
	if (st) {
		free(s);
		return st;
	}
	s->n = 1;
	s->per_article = per_article;
	*out = s;
	return DK_OK;
}

void dk_stemmers_free(dk_stemmers *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		dk_analyzer_free(s->an[i]);
	free(s);
}

dk_analyzer *dk_stemmers_default(const dk_stemmers *s)
{
	return s->an[0];
}

const char *dk_stemmers_choose(const dk_stemmers *s, const char *code)
{
	const char *name = NULL;
	if (s->per_article && code && *code)
		name = dk_analyzer_stemmer_name(code);
	/* "none" is a choice for the whole index, not an article's
	 * language: a page cannot turn stemming off. */
	if (!name || !strcmp(name, "none"))
		name = dk_analyzer_language(s->an[0]);
	return name;
}

static long find_name(const dk_stemmers *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(dk_analyzer_language(s->an[i]), name))
			return (long)i;
	return -1;
}

dk_status dk_stemmers_get(dk_stemmers *s, const char *code, dk_analyzer **out)
{
	const char *name = dk_stemmers_choose(s, code);
	long i = find_name(s, name);
	*out = s->an[0];
	if (i >= 0) {
		*out = s->an[i];
		return DK_OK;
	}
	if (s->n == DK_STEMMERS_MAX)
		return DK_ERR_TOO_BIG;
	dk_status st = dk_analyzer_new(name, &s->an[s->n]);
	if (st)
		return st == DK_ERR_INVALID ? DK_ERR_NOMEM : st;
	*out = s->an[s->n++];
	return DK_OK;
}

size_t dk_stemmers_find_index(const dk_stemmers *s, const char *code)
{
	long i = find_name(s, dk_stemmers_choose(s, code));
	return i >= 0 ? (size_t)i : 0;
}

dk_analyzer *dk_stemmers_find(const dk_stemmers *s, const char *code)
{
	return s->an[dk_stemmers_find_index(s, code)];
}

size_t dk_stemmers_count(const dk_stemmers *s)
{
	return s->n;
}

dk_analyzer *dk_stemmers_at(const dk_stemmers *s, size_t i)
{
	return i < s->n ? s->an[i] : NULL;
}
