/*
 * entities_scan.h - what the entity matchers share (entities.c and
 * entities_court.c; not part of the extraction wing's interface).
 *
 * Prefix: dk_entities (the entity matchers' shared parts).
 *
 * The text is split once into tokens (entities.c's tokenize); a token
 * keeps its core, from its first to its last letter or digit, with the
 * flags below.  The core tests are inline: the matchers call them for
 * every anchor they look around.
 */
#ifndef DK_ENTITIES_SCAN_H
#define DK_ENTITIES_SCAN_H

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "entities.h"

typedef struct dk_etok {
	size_t s, e;          /* the token */
	size_t cs, ce;        /* its core, without a possessive "'s" */
	unsigned char cap;    /* the core starts with an upper-case letter */
	unsigned char alpha;  /* ... with a letter */
	unsigned char digit;  /* the core holds a digit */
	unsigned char poss;   /* a possessive "'s" or "’s" was cut */
	unsigned char mixed;  /* lower case, then a capital: "hiQ", "eBay" */
	char trail;           /* punctuation right after the core: , . ; : ) */
	char tail;            /* the token's last byte when punctuation */
	char lead;            /* punctuation before the core: ( " */
} etok;

/* The token's core equals the string literal lit. */
#define CORE_IS(s, t, lit) ((t)->ce - (t)->cs == sizeof(lit) - 1 && \
			    !memcmp((s) + (t)->cs, lit, sizeof(lit) - 1))

/* The token's core equals w (ASCII, case-sensitive). */
static inline int core_is(const char *s, const etok *t, const char *w)
{
	size_t n = strlen(w);
	return t->ce - t->cs == n && !memcmp(s + t->cs, w, n);
}

static inline int core_is_ci(const char *s, const etok *t, const char *w)
{
	size_t n = strlen(w);
	return t->ce - t->cs == n && !strncasecmp(s + t->cs, w, n);
}

static inline int core_in(const char *s, const etok *t, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (core_is(s, t, list[i]))
			return 1;
	return 0;
}

static inline int core_in_ci(const char *s, const etok *t, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (core_is_ci(s, t, list[i]))
			return 1;
	return 0;
}

/* A word that may be part of a name: capitalised (or "hiQ"), starting
 * with a letter, without digits. */
static inline int is_name_word(const etok *t)
{
	return (t->cap || t->mixed) && t->alpha && !t->digit && t->ce > t->cs;
}

/* Capitalised words that open a sentence but not a party's name. */
extern const char *const dk_entities_not_names[];

/* Add v[0..n) to list k unless it is there already (ignoring ASCII case
 * and a final period); trailing spaces and commas are cut, values over
 * 200 bytes and lists at DK_ENT_MAX are left alone. */
void dk_entities_add_value(dk_entities *e, dk_entity_kind k, const char *v,
			   size_t n);

/* The court names among e's tokens of s (entities_court.c); a headline
 * (every word capitalised) looks only for circuits and districts. */
void dk_entities_find_courts(dk_entities *e, const char *s, int headline);

#endif
