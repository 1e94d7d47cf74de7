/*
 * refine.c - the refine stage (see refine.h).
 *
 * The window is a ring of articles in push order.  An article is learned
 * (its paragraphs counted in the source's templates) when it enters and
 * refined when it leaves, so the template counts it is judged by include
 * every article before it and up to `window` after it.  It leaves when
 * the ring holds more than `window` articles or `window_bytes` of text,
 * or at a flush.
 */
#include "refine.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "boilerplate.h"
#include "../../common/buf.h"
#include "entities.h"

#define DEFAULT_WINDOW 256
/* Texts with fewer shingles (about 50 words) are sketched with their
 * title. */
#define SHORT_SHINGLES 46
#define DEFAULT_WINDOW_BYTES (32u * 1024 * 1024)

struct dk_refiner {
	dk_refine_opts o;
	dk_bp_stripper *strip;
	dk_templates *tpl;
	dk_stories *stories;
	int own_stories;
	dk_entities ent;
	dk_bp_result bp;
	dk_buf text;
	dk_article *ring;       /* cap slots, n held from head */
	char **origin;          /* each slot's origin, or NULL */
	dk_refine_stats stats;
	size_t head, n, cap;
	size_t bytes;           /* text bytes held */
};

dk_status dk_refiner_new(dk_refiner **out)
{
	return dk_refiner_new_opts(NULL, out);
}

/* Ownership: *out belongs to the caller (dk_refiner_free). */
dk_status dk_refiner_new_opts(const dk_refine_opts *o, dk_refiner **out)
{
	*out = NULL;
	dk_refiner *r = calloc(1, sizeof *r);
	if (!r)
		return DK_ERR_NOMEM;
	if (o)
		r->o = *o;
	if (!r->o.window)
		r->o.window = DEFAULT_WINDOW;
	if (!r->o.window_bytes)
		r->o.window_bytes = DEFAULT_WINDOW_BYTES;
	r->cap = r->o.window + 1;
	r->ring = calloc(r->cap, sizeof *r->ring);
	r->origin = calloc(r->cap, sizeof *r->origin);
	dk_status st = r->ring && r->origin ? DK_OK : DK_ERR_NOMEM;
	if (!st)
		st = dk_bp_stripper_new(&r->strip);
	if (!st)
		st = dk_templates_new(0, &r->tpl);
	if (!st && !r->o.stories && !r->o.no_stories && !r->o.defer_stories) {
		st = dk_stories_new(0, 0, &r->stories);
		r->own_stories = 1;
	} else {
		r->stories = r->o.stories;
	}
	if (st) {
		dk_refiner_free(r);
		return st;
	}
	*out = r;
	return DK_OK;
}

void dk_refiner_free(dk_refiner *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		dk_article_clear(&r->ring[(r->head + i) % r->cap]);
	for (size_t i = 0; r->origin && i < r->cap; i++)
		free(r->origin[i]);
	free(r->origin);
	free(r->ring);
	dk_bp_stripper_free(r->strip);
	dk_templates_free(r->tpl);
	if (r->own_stories)
		dk_stories_free(r->stories);
	dk_entities_free(&r->ent);
	dk_bp_result_free(&r->bp);
	dk_buf_free(&r->text);
	free(r);
}

/* Set *field to the entity list of kind k (NULL when empty). */
static dk_status set_list(dk_refiner *r, char **field, dk_entity_kind k)
{
	size_t n;
	const char *v = dk_entities_get(&r->ent, k, &n);
	return dk_article_set(field, v, n);
}

/* Is the title in Title Case: most words of four letters or more
 * capitalised? */
static int title_case(const char *t)
{
	unsigned words = 0, caps = 0;
	for (const char *p = t; *p;) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if (p - w >= 4) {
			words++;
			caps += *w >= 'A' && *w <= 'Z';
		}
	}
	return words >= 3 && caps * 4 >= words * 3;
}

/* Bytes of s[0..n) that are not white space. */
static size_t ink(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r';
	return k;
}

/* Add DK_REFINE_FLAG_KEY to a's extra metadata. */
static dk_status flag_kept_whole(dk_article *a)
{
	json_t *o = a->extra ? json_loads(a->extra, 0, NULL) : NULL;
	if (!o || !json_is_object(o)) {
		json_decref(o);
		o = json_object();
	}
	if (!o || json_object_set_new(o, DK_REFINE_FLAG_KEY,
				      json_string(DK_REFINE_FLAG_VALUE))) {
		json_decref(o);
		return DK_ERR_NOMEM;
	}
	char *x = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!x)
		return DK_ERR_NOMEM;
	dk_status st = dk_article_set(&a->extra, x, strlen(x));
	free(x);
	return st;
}

/* The story index compares the sketch's low 16 bits per bin, which is
 * what a->sketch holds, so a key given from it here is the one the full
 * sketch would get. */
dk_status dk_refine_story(dk_stories *s, dk_article *a)
{
	dk_minhash m;
	if (!a->sketch)
		memset(&m, 0, sizeof m);
	else
		dk_minhash_decode(a->sketch, DK_MINHASH_BYTES, &m);
	char key[DK_STORY_KEY_LEN + 1];
	dk_story_meta sm = { a->site ? a->site : a->source, a->title, a->url };
	dk_status st = dk_stories_assign_meta(s, &m, a->id, a->story,
					      dk_stories_day(a->date), &sm, key,
					      NULL);
	if (!st && (!a->story || strcmp(a->story, key)))
		st = dk_article_set(&a->story, key, strlen(key));
	return st;
}

/* Refine a in place; origin (may be NULL) names it in reports. */
static dk_status refine(dk_refiner *r, dk_article *a, const char *origin)
{
	dk_status st;
	if (a->text && !r->o.no_strip) {
		dk_buf_reset(&r->text);
		st = dk_bp_strip(r->strip,
				 r->o.templates ? r->o.templates : r->tpl,
				 a->source, a->title,
					  a->text, a->text_len, &r->bp, &r->text);
		if (st)
			return st;
		if (r->text.err)
			return DK_ERR_NOMEM;
		size_t before = ink(a->text, a->text_len);
		size_t after = ink(r->text.data ? r->text.data : "", r->text.len);
		r->stats.stripped++;
		if (after * 2 < before)
			r->stats.lost_half++;
		if (before && after < DK_REFINE_NEAR_EMPTY && after * 10 < before) {
			/* Nearly nothing left: keep the text as read. */
			r->stats.kept_whole++;
			if ((st = flag_kept_whole(a)))
				return st;
			if (r->o.warn)
				r->o.warn(r->o.warn_ctx, origin, a, before, after);
		} else {
			char *t = dk_buf_detach(&r->text, &a->text_len);
			if (!t)
				return DK_ERR_NOMEM;
			free(a->text);
			a->text = t;
		}
		if (!a->date && r->bp.date[0] &&
		    (st = dk_article_set(&a->date, r->bp.date, strlen(r->bp.date))))
			return st;
		if (!a->author && r->bp.author[0] &&
		    (st = dk_article_set(&a->author, r->bp.author,
					 strlen(r->bp.author))))
			return st;
	}
	/* Entities: in a Title Case headline, capitals say nothing. */
	dk_entities_reset(&r->ent);
	if (a->title && (st = dk_entities_find(&r->ent, a->title, strlen(a->title),
					       title_case(a->title) ?
					       DK_ENT_ALL | DK_ENT_HEADLINE :
					       DK_ENT_ALL & ~DK_ENT_BIT(DK_ENT_STATUTE))))
		return st;
	if (a->text && (st = dk_entities_find(&r->ent, a->text, a->text_len,
					      DK_ENT_ALL)))
		return st;
	if ((st = set_list(r, &a->cases, DK_ENT_CASE)) ||
	    (st = set_list(r, &a->parties, DK_ENT_PARTY)) ||
	    (st = set_list(r, &a->courts, DK_ENT_COURT)) ||
	    (st = set_list(r, &a->statutes, DK_ENT_STATUTE)) ||
	    (st = set_list(r, &a->cves, DK_ENT_CVE)))
		return st;
	/* The sketch.  A short text (a dividend notice, a market flash)
	 * says too little to tell two stories apart: its title joins it. */
	if (r->stories || r->o.defer_stories) {
		dk_minhash m;
		dk_minhash_text(a->text ? a->text : "", a->text ? a->text_len : 0,
				&m);
		if (m.shingles < SHORT_SHINGLES && a->title) {
			dk_buf_reset(&r->text);
			dk_buf_puts(&r->text, a->title);
			dk_buf_putc(&r->text, '\n');
			if (a->text)
				dk_buf_append(&r->text, a->text, a->text_len);
			if (r->text.err)
				return DK_ERR_NOMEM;
			dk_minhash_text(r->text.data, r->text.len, &m);
		}
		free(a->sketch);
		a->sketch = NULL;
		if (m.shingles) {
			if (!(a->sketch = malloc(DK_MINHASH_BYTES)))
				return DK_ERR_NOMEM;
			dk_minhash_encode(&m, a->sketch);
		}
		if (!r->o.defer_stories && (st = dk_refine_story(r->stories, a)))
			return st;
	}
	return DK_OK;
}

/* Refine the oldest held article and pass it on. */
static dk_status pop(dk_refiner *r, dk_refined_fn fn, void *ctx)
{
	dk_article *a = &r->ring[r->head];
	char *origin = r->origin[r->head];
	r->origin[r->head] = NULL;
	r->head = (r->head + 1) % r->cap;
	r->n--;
	r->bytes -= a->text_len;
	dk_status st = refine(r, a, origin);
	if (!st)
		st = fn(ctx, a);
	dk_article_clear(a);
	free(origin);
	return st;
}

dk_status dk_refiner_push(dk_refiner *r, dk_article *a, dk_refined_fn fn,
			  void *ctx)
{
	return dk_refiner_push_from(r, a, NULL, fn, ctx);
}

void dk_refiner_stats(const dk_refiner *r, dk_refine_stats *out)
{
	*out = r->stats;
}

dk_status dk_refiner_push_from(dk_refiner *r, dk_article *a,
			       const char *origin, dk_refined_fn fn, void *ctx)
{
	size_t at = (r->head + r->n) % r->cap;
	dk_article *slot = &r->ring[at];
	*slot = *a;
	memset(a, 0, sizeof *a);
	free(r->origin[at]);
	r->origin[at] = origin ? strdup(origin) : NULL;
	if (origin && !r->origin[at]) {
		dk_article_clear(slot);
		return DK_ERR_NOMEM;
	}
	r->n++;
	r->bytes += slot->text_len;
	dk_status st = DK_OK;
	if (!r->o.no_strip && !r->o.templates && slot->text)
		st = dk_templates_learn(r->tpl, slot->source, slot->title,
					slot->text, slot->text_len);
	while (!st && r->n && (r->n >= r->o.window ||
			       r->bytes > r->o.window_bytes))
		st = pop(r, fn, ctx);
	return st;
}

dk_status dk_refiner_flush(dk_refiner *r, dk_refined_fn fn, void *ctx)
{
	dk_status st = DK_OK;
	while (!st && r->n)
		st = pop(r, fn, ctx);
	return st;
}
