/*
 * minhash.h - near-duplicate detection: MinHash sketches of an article's
 * word 5-shingles, and a story index that gives copies of one story (the
 * same wire text on several sites, an updated version) one story key.
 *
 * Shingles: the cleaned text is cut into words (runs of letters and
 * digits; ASCII case and Latin-1 accents folded, apostrophes dropped, so
 * "Núñez's" and "Nunez's" agree) and every run of DK_SHINGLE consecutive
 * words is one shingle, hashed to 64 bits.  A text of fewer words is one
 * shingle.
 *
 * Sketch: one-permutation MinHash (Li, Owen & Zhang 2012): the top 7 bits
 * of a shingle's hash pick one of DK_MINHASH_K bins, the low 32 bits are
 * its value, each bin keeps its minimum; an empty bin takes the value of
 * the next non-empty bin to its right (circularly) plus a constant times
 * the distance ("rotation" densification, Shrivastava & Li 2014), so short
 * texts still compare.  The share of equal bins estimates the Jaccard
 * similarity of the two shingle sets (standard error about
 * sqrt(J(1-J)/128): 0.044 at J = 0.5).  Cost: O(1) per shingle.
 *
 * Story index: LSH banding, DK_LSH_BANDS bands of DK_LSH_ROWS bins (a pair
 * at J = 0.5 shares a band with probability 1 - (1 - 0.5^4)^32 = 0.87, at
 * J = 0.6 with 0.99, at J = 0.2 with 0.05); each candidate is then checked
 * on the whole sketch, and the most similar earlier article at or above
 * the threshold (0.5 by default) gives its story key.  Otherwise the
 * article starts a story whose key is a hash of its id (16 hex digits), so
 * a rebuild over the same input gives the same keys.  A story spans at
 * most DK_STORY_DAYS days from its first (dated) article: a routine notice
 * repeated word for word every few days ("Fed adds reserves via customer
 * repurchases") is a new event, a syndicated copy or an update (the same
 * day or the next) is not.
 */
#ifndef DK_MINHASH_H
#define DK_MINHASH_H

#include <stddef.h>
#include <stdint.h>

#include "../../common/status.h"

#define DK_SHINGLE 5
#define DK_MINHASH_K 128
#define DK_LSH_BANDS 32
#define DK_LSH_ROWS 4
#define DK_STORY_KEY_LEN 16
#define DK_STORY_DAYS 3

typedef struct dk_minhash {
	uint32_t v[DK_MINHASH_K];
	uint32_t shingles;      /* distinct-or-not shingles seen; 0: empty */
} dk_minhash;

/* The sketch of text[0..len) (UTF-8). */
void dk_minhash_text(const char *text, size_t len, dk_minhash *out);

/* The sketch as stored in the index (fields.h, DK_SLOT_SKETCH): the low
 * 16 bits of each bin, little-endian, DK_MINHASH_BYTES bytes; that is all
 * the story index compares.  Encoding an empty sketch (shingles == 0)
 * writes nothing and returns 0; otherwise it returns DK_MINHASH_BYTES. */
#define DK_MINHASH_BYTES (2 * DK_MINHASH_K)
size_t dk_minhash_encode(const dk_minhash *m,
			 unsigned char out[DK_MINHASH_BYTES]);

/* Read back an encoded sketch; -1 (and m emptied) when len is wrong. */
int dk_minhash_decode(const void *p, size_t len, dk_minhash *m);

/* Estimated Jaccard similarity of two sketches, in [0, 1]; 0 when either
 * text was empty. */
double dk_minhash_similarity(const dk_minhash *a, const dk_minhash *b);

/*
 * The story index of one build.  It may be shared by the refiners of a
 * parallel build: dk_stories_assign() takes an internal lock.  Which
 * article comes first decides the key, so a parallel build that wants the
 * keys of a serial one assigns stories in input order (see refine.h).
 */
typedef struct dk_stories dk_stories;

/* A new index: threshold is the least similarity that joins a story (0:
 * 0.5); max_articles bounds its memory (about 1 KB an article; 0: four
 * million); later articles still get a key of their own.  The caller
 * frees it with dk_stories_free(). */
dk_status dk_stories_new(double threshold, size_t max_articles,
			 dk_stories **out);
void dk_stories_free(dk_stories *s);

/*
 * The story key of the article id with sketch m, published on day (days
 * since 1970-01-01, from dk_stories_day(); 0 when unknown): the key of the
 * most similar article added before (similarity >= threshold, its story
 * begun at most DK_STORY_DAYS days apart when both days are known), or a
 * new key made
 * from id.  When key_in is not NULL and not empty, the article keeps that
 * key instead (a key the dump carried).  Then the article is added.  key
 * receives the key and a NUL; *similarity (may be NULL) the similarity to
 * the article whose key was taken, 0 for a new story.
 */
dk_status dk_stories_assign(dk_stories *s, const dk_minhash *m,
			    const char *id, const char *key_in, int32_t day,
			    char key[DK_STORY_KEY_LEN + 1], double *similarity);

/*
 * The same, told where the article comes from: an earlier article of the
 * same site (host) under another title and another URL is never its copy,
 * however similar the texts, so a section or index page that holds the
 * teasers of many articles (or pages built on one long listing) does not
 * fold distinct articles together.  Titles compare by their letters and
 * digits, case aside; one title is the other when the shorter's first 48
 * of them appear in the longer ("Updated: Quantix confirms breach ..."
 * and "Quantix confirms breach ..."), so an update of a story stays with
 * it; titles of under 20 letters and digits must be equal.  A NULL field (or meta) skips the rule.  A site that republishes one
 * story under a new headline and a new URL keeps both.
 */
typedef struct dk_story_meta {
	const char *site;    /* host, "theverge.com" */
	const char *title;   /* without the site's name (title.h) */
	const char *url;
} dk_story_meta;

dk_status dk_stories_assign_meta(dk_stories *s, const dk_minhash *m,
				 const char *id, const char *key_in, int32_t day,
				 const dk_story_meta *meta,
				 char key[DK_STORY_KEY_LEN + 1], double *similarity);

/* The day number of a normalized date "YYYY-MM-DD" (days since
 * 1970-01-01, plus one so that no date gives 0); 0 for a date without
 * its day ("2025-01", "2025"), NULL or anything else. */
int32_t dk_stories_day(const char *date);

/* Articles added so far. */
size_t dk_stories_count(dk_stories *s);

#endif
