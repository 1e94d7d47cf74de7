/*
 * templates.h - site-template learning: cross-page evidence for the
 * boilerplate stripper.
 *
 * For each source (a site, a feed), the table counts how many different
 * articles hold each paragraph.  A paragraph that several otherwise
 * different articles of one source share is template: a menu, a share
 * row, a newsletter box.  Near-duplicate articles (an updated story, a
 * repeated wire item) do not count as independent evidence, so a story
 * that appears three times never loses its text.
 *
 * The table: open addressing from hash(source, normalized paragraph) to
 * (articles holding it, the first article holding it).  An article that
 * shares at least half of its (DK_TEMPLATES_DUP_MIN_PARAS or more)
 * non-template paragraphs with one earlier article, or repeats an earlier
 * title of its source, is a near-duplicate: its paragraphs do not raise
 * the counts.  A paragraph is template when DK_TEMPLATES_MIN independent
 * articles hold it (DK_TEMPLATES_MIN_LONG for prose longer than
 * DK_TEMPLATES_LONG_PROSE bytes).
 */
#ifndef DK_TEMPLATES_H
#define DK_TEMPLATES_H

#include <stddef.h>
#include <stdint.h>

#include "../../common/status.h"

#define DK_TEMPLATES_MIN 3        /* independent articles that make a template */
#define DK_TEMPLATES_MIN_LONG 4   /* ... for prose over LONG_PROSE bytes */
#define DK_TEMPLATES_LONG_PROSE 300
#define DK_TEMPLATES_MIN_OPENING 5 /* independent articles that make an
					opening (below) template */
#define DK_TEMPLATES_DUP_MIN_PARAS 6 /* paragraphs for the shared-paragraph
					 near-duplicate test */

/*
 * Cross-page evidence: for each source, how many different articles hold
 * each paragraph.  Learn every article first (or a window ahead), then
 * strip.  Not thread-safe; one per refiner.
 */
typedef struct dk_templates dk_templates;

/* A new, empty table; the caller frees it with dk_templates_free().
 * max_entries bounds its memory (16 bytes an entry; 0: 1 << 21); when
 * full, paragraphs seen only once are forgotten first. */
dk_status dk_templates_new(size_t max_entries, dk_templates **out);
void dk_templates_free(dk_templates *t);

/* Record the paragraphs of one article of source (NULL is a source of its
 * own) titled title (may be NULL).  text is laid out as paragraphs
 * separated by '\n'.  An article repeating an earlier title of its source,
 * or sharing half of its paragraphs with one earlier article, is a
 * near-duplicate and raises no count. */
dk_status dk_templates_learn(dk_templates *t, const char *source,
			     const char *title, const char *text, size_t len);

/* How many independent articles of source hold the paragraph p[0..n)
 * (compared byte for byte after trimming white space at both ends: the
 * readers already collapse white space inside). */
unsigned dk_templates_count(const dk_templates *t, const char *source,
			    const char *p, size_t n);

/*
 * Openings: a menu or share row flattened onto the start of the first
 * paragraph, before text of the article's own, is a paragraph no other
 * article shares, but its opening words are.  dk_templates_learn() also
 * counts the first paragraph's prefixes (every fourth word end, up to 256
 * words, ASCII case folded) of each independent article; this returns the
 * end of the longest prefix of p[0..n), of eight words or more, that
 * DK_TEMPLATES_MIN_OPENING independent articles of source opened with
 * (0: none).
 */
size_t dk_templates_opening(const dk_templates *t, const char *source,
			    const char *p, size_t n);

/* The hash that decides whether two paragraphs are the same: their bytes
 * (the readers already collapse white space) with ASCII case folded.
 * Never 0. */
uint64_t dk_templates_para_hash(const char *p, size_t n);

/* The key of a source for dk_templates_count_key() (NULL is a source of
 * its own). */
uint64_t dk_templates_source_key(const char *source);

/* dk_templates_count() for a paragraph already hashed: src from
 * dk_templates_source_key(), h from dk_templates_para_hash(). */
unsigned dk_templates_count_key(const dk_templates *t, uint64_t src,
				uint64_t h);

#endif
