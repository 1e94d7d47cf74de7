/*
 * refine.c - the refine stage (see refine.h).  This version passes each
 * article straight through: text readers already lay the text out as
 * paragraphs, and the fields they read are kept as they are.
 */
#include "refine.h"

#include <stdlib.h>
#include <string.h>

struct dk_refiner {
	int unused;
};

dk_status dk_refiner_new(dk_refiner **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? DK_OK : DK_ERR_NOMEM;
}

void dk_refiner_free(dk_refiner *r)
{
	free(r);
}

dk_status dk_refiner_push(dk_refiner *r, dk_article *a, dk_refined_fn fn,
			  void *ctx)
{
	(void)r;
	dk_status st = fn(ctx, a);
	dk_article_clear(a);
	return st;
}

dk_status dk_refiner_flush(dk_refiner *r, dk_refined_fn fn, void *ctx)
{
	(void)r;
	(void)fn;
	(void)ctx;
	return DK_OK;
}
