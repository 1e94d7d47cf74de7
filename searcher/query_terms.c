/*
 * query_terms.c - the analyzed terms of one query atom (see
 * query_terms.h).
 *
 * The list grows by doubling from 16 up to the caller's cap; reaching the
 * cap stops the analysis (the callback returns nonzero), which dk_analyze
 * reports as success, so a long atom is cut rather than refused.
 */
#include "query_terms.h"

#include <stdlib.h>
#include <string.h>

static int collect(void *ctx, const dk_token *t)
{
	dk_query_terms *a = ctx;
	if (a->n == a->max)
		return 1;
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		if (cap > a->max)
			cap = a->max;
		dk_query_token *v = realloc(a->v, cap * sizeof *v);
		if (!v) {
			a->st = DK_ERR_NOMEM;
			return 1;
		}
		a->v = v;
		a->cap = cap;
	}
	dk_query_token *x = &a->v[a->n++];
	size_t n = t->len > DK_MAX_TERM ? DK_MAX_TERM : t->len;
	memcpy(x->term, t->term, n);
	x->term[n] = '\0';
	x->len = n;
	x->start = t->start;
	x->end = t->end;
	x->group = t->group;
	x->flags = t->flags;
	return 0;
}

dk_status dk_query_terms_collect(dk_analyzer *an, const char *text,
				 size_t len, unsigned options, size_t max,
				 dk_query_terms *out)
{
	memset(out, 0, sizeof *out);
	out->max = max > DK_QUERY_TERMS_MAX ? DK_QUERY_TERMS_MAX : max;
	dk_status st = dk_analyze(an, text, len, 1, options, collect, out, NULL);
	if (!st)
		st = out->st;
	if (st)
		dk_query_terms_free(out);
	return st;
}

void dk_query_terms_free(dk_query_terms *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

size_t dk_query_terms_group(const dk_query_terms *t, size_t i,
			    const dk_query_token **whole)
{
	size_t j = i;
	const dk_query_token *w = NULL;
	while (j < t->n && t->v[j].group == t->v[i].group) {
		if (t->v[j].flags & DK_TOKEN_WHOLE)
			w = &t->v[j];
		j++;
	}
	if (whole)
		*whole = w;
	return j;
}

int dk_query_terms_searched(const dk_query_token *x,
			    const dk_query_token *whole, int phrase)
{
	if (phrase)
		return !(x->flags & DK_TOKEN_WHOLE);
	return !whole || x == whole;
}
