/*
 * refine.h - the stage between reading an article and indexing it:
 * boilerplate stripping of the text, metadata and entity extraction, and
 * the near-duplicate story key.
 *
 * Readers push each article in; the refiner hands refined articles to a
 * callback, possibly later than they were pushed (a refiner may hold a
 * window of articles to learn the templates of a source from several of
 * its pages), and dk_refiner_flush() hands over whatever it still holds.
 * A refiner is not thread-safe: a parallel build uses one per thread.
 */
#ifndef DK_REFINE_H
#define DK_REFINE_H

#include "../common/article.h"
#include "../common/status.h"

typedef struct dk_refiner dk_refiner;

/* Receives a refined article; a is borrowed for the call.  A non-OK
 * status stops the build. */
typedef dk_status (*dk_refined_fn)(void *ctx, dk_article *a);

/* A new refiner; the caller frees it with dk_refiner_free(). */
dk_status dk_refiner_new(dk_refiner **out);
void dk_refiner_free(dk_refiner *r);

/*
 * Refine a and pass it (now or later) to fn.  The refiner takes a's
 * fields: on return *a is cleared, whatever the status.
 */
dk_status dk_refiner_push(dk_refiner *r, dk_article *a, dk_refined_fn fn,
			  void *ctx);

/* Pass every article still held to fn. */
dk_status dk_refiner_flush(dk_refiner *r, dk_refined_fn fn, void *ctx);

#endif
