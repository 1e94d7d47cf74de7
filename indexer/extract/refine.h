/*
 * refine.h - the stage between reading an article and indexing it:
 * boilerplate stripping of the text, metadata and entity extraction, and
 * the near-duplicate story key.
 *
 * Readers push each article in; the refiner hands refined articles to a
 * callback, possibly later than they were pushed (a refiner may hold a
 * window of articles to learn the templates of a source from several of
 * its pages), and dk_refiner_flush() hands over whatever it still holds.
 * Every article pushed comes out exactly once, in the order pushed, with
 * the id it went in with.  A refiner is not thread-safe: a parallel build
 * uses one per thread.
 *
 * What refining does to an article (each step in common/):
 *   1. boilerplate.h strips the text, with the templates learned from the
 *      articles of the same source seen so far and those in the window;
 *      a dateline or byline fills date and author when they are missing;
 *   2. entities.h fills cases, parties, courts and cves from the title and
 *      the cleaned text, and statutes from the cleaned text;
 *   3. minhash.h sketches the cleaned text and the story index gives the
 *      story key (kept when the dump carried one).
 *
 * Parallel builds: a worker's refiner would see only the articles it was
 * given, so parallel.c learns the templates from the whole input first
 * (dk_refine_opts.templates, shared read-only) and the stripped text does
 * not depend on --jobs.  Which copy of a story comes first decides its
 * key, so a parallel build refines with defer_stories (the sketch only)
 * and gives the keys itself with dk_refine_story(), one batch at a time
 * in input order, from one story index for the build.
 *
 * Nothing is lost silently: the refiner counts the articles the stripper
 * took more than half of the text from (dk_refine_stats).  An article the
 * stripper would leave empty or nearly empty (under DK_REFINE_NEAR_EMPTY
 * bytes and under a tenth of what it had) keeps its text as read, gets
 * "docket_strip":"kept-whole" in its extra metadata (and so a search
 * term, see indexer/doc_builder.c), and is reported to the warn callback
 * with the origin it was pushed with (file and record).
 *
 * Incremental builds: the templates live as long as the refiner; the
 * story index can be seeded from the live index first (story_seed.h), so
 * later runs fold new copies into earlier stories.
 */
#ifndef DK_REFINE_H
#define DK_REFINE_H

#include <stddef.h>

#include "../../common/article.h"
#include "minhash.h"
#include "templates.h"
#include "../../common/status.h"

typedef struct dk_refiner dk_refiner;

/* Receives a refined article; a is borrowed for the call.  A non-OK
 * status stops the build. */
typedef dk_status (*dk_refined_fn)(void *ctx, dk_article *a);

/* The text of an article the stripper would leave under this many bytes
 * (and under a tenth of its length) is kept as read. */
#define DK_REFINE_NEAR_EMPTY 200

/* The key and value added to the extra metadata of such an article. */
#define DK_REFINE_FLAG_KEY "docket_strip"
#define DK_REFINE_FLAG_VALUE "kept-whole"

/* An article the stripper would have emptied: origin as pushed (may be
 * NULL), a as refined (its text kept as read), before and after the
 * text's bytes before and after stripping. */
typedef void (*dk_refine_warn_fn)(void *ctx, const char *origin,
				  const dk_article *a, size_t before,
				  size_t after);

typedef struct dk_refine_stats {
	unsigned long long stripped;   /* articles whose text was stripped */
	unsigned long long lost_half;  /* ... that lost more than half */
	unsigned long long kept_whole; /* ... that would have been emptied:
					  kept as read, flagged */
} dk_refine_stats;

typedef struct dk_refine_opts {
	size_t window;          /* articles held back (0: 256; 1: none) */
	size_t window_bytes;    /* text bytes held back (0: 32 MB) */
	dk_stories *stories;    /* shared story index (borrowed); NULL: own */
	int no_strip;           /* keep the text as read (entities, stories
				   still run) */
	int no_stories;         /* no story keys */
	int defer_stories;      /* sketch (a->sketch) but give no key: the
				   caller calls dk_refine_story() in the
				   order it chooses (stories unused) */
	const dk_templates *templates; /* learned from the whole input
				   beforehand, shared read-only (borrowed;
				   a parallel build, see parallel.c); NULL:
				   learn from the articles as they come */
	dk_refine_warn_fn warn; /* may be NULL */
	void *warn_ctx;
} dk_refine_opts;

/* A new refiner with the default options; the caller frees it with
 * dk_refiner_free(). */
dk_status dk_refiner_new(dk_refiner **out);

/* A new refiner with options o (NULL: defaults). */
dk_status dk_refiner_new_opts(const dk_refine_opts *o, dk_refiner **out);

/* Free the refiner and any article it still holds (unrefined). */
void dk_refiner_free(dk_refiner *r);

/*
 * Refine a and pass it (now or later) to fn.  The refiner takes a's
 * fields: on return *a is cleared, whatever the status.
 */
dk_status dk_refiner_push(dk_refiner *r, dk_article *a, dk_refined_fn fn,
			  void *ctx);

/* dk_refiner_push() for an article read at origin ("file: record 12",
 * copied; may be NULL), named when it is reported. */
dk_status dk_refiner_push_from(dk_refiner *r, dk_article *a,
			       const char *origin, dk_refined_fn fn, void *ctx);

/*
 * The story key of a refined article from its sketch (a->sketch as the
 * refiner left it; NULL: an empty text), date, site, title and url, given
 * by the story index s; a key the dump carried (a->story) is kept.  A
 * refiner with defer_stories leaves this to its caller, so that a
 * parallel build can give keys in input order.
 */
dk_status dk_refine_story(dk_stories *s, dk_article *a);

/* The counts so far. */
void dk_refiner_stats(const dk_refiner *r, dk_refine_stats *out);

/* Pass every article still held to fn. */
dk_status dk_refiner_flush(dk_refiner *r, dk_refined_fn fn, void *ctx);

#endif
