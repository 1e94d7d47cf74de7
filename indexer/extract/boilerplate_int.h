/*
 * boilerplate_int.h - what the text-dump stripper's two files share:
 * boilerplate.c (the words, their features and the stripper's passes) and
 * boilerplate_rules.c (the intrinsic rules: fixed phrases, menus, share
 * rows, bios, bylines, datelines, glued headlines, the lead).  Not for use
 * outside them; the stripper's interface is boilerplate.h.
 *
 * Prefix: dk_bp
 */
#ifndef DK_BOILERPLATE_INT_H
#define DK_BOILERPLATE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "boilerplate.h"
#include "hash64.h"

#define PROMO_MAX 350       /* fixed-phrase rules apply up to this length */
#define TAIL_ITEM_MAX 250   /* longest item of a related list at the tail */
#define MAX_KEY 24          /* longest word looked up in the lexicon */
#define LIGHT_MIN 400       /* paragraphs longer than this (after the first
			       three) get no words but for a headline test */
#define GLUED_MAX_LOW 8     /* lower-case words a glued headline may hold
			       ("of", "in", "and", ...) */

/* ---- the lexicon's word classes (a bit mask per word) ----------------- */

enum {
	W_STOP = 1u << 0,      /* English stopword */
	W_NAV = 1u << 1,       /* navigation label */
	W_SOCIAL = 1u << 2,    /* share-button word */
	W_FOREIGN = 1u << 3,   /* function word of another language */
	W_ABBR = 1u << 4,      /* abbreviation: its period ends no sentence */
	W_ROLE = 1u << 5,      /* a journalist's job (bios) */
	W_CALENDAR = 1u << 6,  /* month or weekday name */
	W_PARTICLE = 1u << 7   /* lower-case name particle ("de", "van") */
};

typedef struct lex_slot {
	char w[MAX_KEY];
	unsigned char len;
	unsigned flags;
} lex_slot;

#define LEX_SLOTS 4096

struct dk_bp_stripper {
	lex_slot *lex;          /* LEX_SLOTS slots */
	/* scratch, reused across calls */
	struct word *w;
	size_t nw, wcap;
	struct pinfo *pi;
	size_t picap;
	dk_hash64_set vocab;           /* the article's content-word prefixes */
	dk_hash64_set gone;            /* hashes of removed paragraphs */
	struct phrase *ph;      /* the fixed phrases by first byte */
	size_t nph;
	uint16_t ph_start[257];
	int nocase;             /* the article's casing is no evidence */
};

/* ---- characters ------------------------------------------------------- */

static inline int dk_bp_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ASCII classes, by table (the ctype functions cost a call each). */
enum {
	C_ALNUM = 1, C_DIGIT = 2, C_UPPER = 4, C_LOWER = 8, C_ALPHA = 16,
	C_SPACE = 32, C_APOS = 64
};

#define C_U (C_ALNUM | C_UPPER | C_ALPHA)
#define C_L (C_ALNUM | C_LOWER | C_ALPHA)
#define C_D (C_ALNUM | C_DIGIT)
extern const unsigned char dk_bp_cls[128];
/* ASCII upper case to lower case; other bytes as they are. */
extern const unsigned char dk_bp_lower[256];

/* ---- words ------------------------------------------------------------ */

/* A word; offsets are into the whole text. */
typedef struct word {
	size_t s, e;            /* the token */
	size_t cs, ce;          /* its core: first to last letter or digit */
	unsigned flags;         /* lexicon classes */
	unsigned char alpha;    /* the core starts with a letter */
	unsigned char cap;      /* ... an upper-case one (0 when the article's
				   casing says nothing, see nocase) */
	unsigned char rcap;     /* ... an upper-case one, always */
	unsigned char upper;    /* every letter upper case (2 or more) */
	unsigned char digit;    /* the core holds a digit */
	unsigned char period;   /* a '.', '!', '?' or '...' follows the core */
	unsigned char end;      /* the token ends a sentence */
	unsigned char sep;      /* no core: a separator such as '|' or '-' */
	unsigned char quote;    /* opens with a quotation mark */
	unsigned char inner_dot;/* the core holds a '.' ("U.S", "e.g") */
} word;

typedef struct feat {
	size_t bytes;
	unsigned words;      /* tokens with a core */
	unsigned alpha;      /* words starting with a letter */
	unsigned cap;        /* ... with an upper-case one */
	unsigned upper;      /* all-caps words */
	unsigned stop;       /* English stopwords */
	unsigned content;    /* alpha words, not stopwords, >= 3 bytes */
	unsigned lowcontent; /* content words in lower case */
	unsigned nav, social, foreign;
	unsigned seps;       /* separator tokens */
	unsigned sents;      /* sentence ends */
	int term;            /* the last word ends a sentence */
} feat;

/* Split text[a..b) into words, appended to st->w, and compute their
 * features into f.  Returns -1 when out of memory (boilerplate.c). */
int dk_bp_scan(dk_bp_stripper *st, const char *s, size_t a, size_t b, feat *f);

/* ---- the rules (boilerplate_rules.c) ----------------------------------- */

/* Index the fixed phrases by their first byte; -1 when out of memory.
 * st->ph is freed by dk_bp_stripper_free. */
int dk_bp_phrases_build(dk_bp_stripper *st);
/* The PH_ categories of the fixed phrases in the paragraph s[..b) with
 * words w[0..nw). */
unsigned dk_bp_phrase_scan(const dk_bp_stripper *st, const char *s, size_t b,
			   const word *w, size_t nw);
/* The line trimmed and lower-cased into buf; its length, 0 if too long. */
size_t dk_bp_line_key(const char *s, size_t n, char *buf, size_t cap);
/* 1 if key (from dk_bp_line_key) is whole-line furniture ("advertisement",
 * "read more", ...). */
int dk_bp_is_furniture(const char *key);
int dk_bp_is_related_header(const char *s, size_t n, const feat *f);
int dk_bp_has_related_prefix(const char *s, size_t n);
int dk_bp_has_teaser_label(const char *s, size_t n);
int dk_bp_is_promo(const char *s, size_t n, const feat *f, unsigned ph);
int dk_bp_is_credit(const char *s, size_t n, unsigned ph);
int dk_bp_is_share(const word *w, size_t nw, const feat *f);
int dk_bp_is_menu(const feat *f, int nocase);
int dk_bp_is_bio(const char *s, const word *w, size_t nw, const feat *f);
int dk_bp_is_foreign(const feat *f);
int dk_bp_is_date_line(const char *s, size_t n, const feat *f, char out[11]);
size_t dk_bp_date_marker(const char *s, size_t n, char out[11]);
int dk_bp_is_byline(const char *s, size_t pend, const word *w, size_t nw,
		    const feat *f, char *author, size_t acap, char date[11]);
int dk_bp_city_dateline(const char *s, size_t pend, const word *w, size_t nw,
			char out[11]);
size_t dk_bp_glued_headline(const word *w, size_t nw, const feat *f);
size_t dk_bp_lead_cut(dk_bp_stripper *st, const char *text, size_t a, size_t b,
		      const char *title);

#endif
