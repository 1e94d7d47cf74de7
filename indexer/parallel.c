/*
 * parallel.c - one reader thread, N indexing workers (see parallel.h).
 *
 * Queue: a ring of at most 2 * jobs batches, so the reader runs at most
 * two batches ahead of each worker and memory stays bounded by
 * (2 * jobs + jobs) * BATCH_BYTES of article text.  A batch is cut at
 * BATCH_BYTES of text or BATCH_ARTICLES articles: large enough that the
 * lock is taken a few times a second, small enough that the workers stay
 * evenly loaded near the end.
 *
 * Failure: the first error (a worker's writer failing, say for lack of
 * disk space) is recorded once under the lock; the reader stops reading at
 * its next article, workers drop what is queued, and the caller gets the
 * message.
 *
 * The refiner may hand an article back later than it was pushed, so each
 * worker keeps the (id, sequence, input) of the articles it pushed in
 * order and matches a refined article to the oldest entry with its id;
 * entries before it were dropped by the refiner.
 */
#include "parallel.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../common/analyzer.h"
#include "../common/buf.h"
#include "../common/fields.h"
#include "../shims/xapian_shim.h"
#include "doc_builder.h"
#include "log.h"
#include "extract/refine.h"

#define BATCH_BYTES (256u * 1024)
#define BATCH_ARTICLES 256
#define DEFAULT_COMMIT_BYTES (1024u * 1024)

typedef struct item {
	dk_article a;
	uint64_t seq;
	uint32_t input;
	uint64_t rec;     /* its place in the input: record 1, 2 ... */
} item;

typedef struct batch {
	item *v;
	size_t n, cap;
	size_t bytes;
	uint64_t no;      /* batches are numbered in input order */
} batch;

/* An id term a worker wrote. */
typedef struct rec {
	char *uid;
	uint64_t seq;
	uint32_t input;
	uint32_t worker;
} rec;

typedef struct pending {
	char *id;
	uint64_t seq;
	uint32_t input;
} pending;

typedef struct build build;

typedef struct worker {
	build *b;
	unsigned idx;
	pthread_t th;
	int started;
	dk_stemmers *stems;
	dk_refiner *ref;
	dk_doc_builder *builder;
	dk_writer *w;
	uint64_t uncommitted;
	rec *recs;
	size_t nrecs, caprecs;
	pending *pend;
	size_t pend_head, pend_n, pend_cap;  /* a FIFO in pend[head..head+n) */
	dk_article *held;       /* the current batch, refined, keyless */
	size_t nheld, capheld;
	uint64_t warnings;      /* articles kept whole (refine.h) */
	char origin[4096];      /* scratch: "path: record N" */
} worker;

struct build {
	const dk_build_opts *o;
	dk_stories *stories;      /* one story index for all refiners */
	dk_templates *tpl;        /* learned from all inputs first; then
				     read by every refiner */
	dk_build_input *inputs;
	size_t ninputs;
	worker *w;
	unsigned jobs;
	/* the queue */
	pthread_mutex_t mu;
	pthread_cond_t can_push, can_pop;
	batch **ring;
	size_t ring_cap, ring_head, ring_n;
	int done;                 /* no more batches will come */
	pthread_cond_t can_key;
	uint64_t key_turn;        /* the batch whose stories are given next */
	uint64_t nbatches;        /* batches queued so far */
	atomic_int failed;
	char errmsg[1024];
	/* the reader's side */
	batch *cur;
	uint64_t seq;
	uint32_t cur_input;
	uint64_t cur_rec;         /* articles read from it so far */
	dk_index_stats stats;
	struct timespec t0;
	double last_draw;
	uint64_t done_bytes, file_bytes, file_text, done_text, total_bytes;
	int drawn;
};

static double since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

unsigned dk_parallel_ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 256 ? 256 : (unsigned)n;
}

static void batch_free(batch *bt)
{
	if (!bt)
		return;
	for (size_t i = 0; i < bt->n; i++)
		dk_article_clear(&bt->v[i].a);
	free(bt->v);
	free(bt);
}

/* Record the first failure; later ones are consequences. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void fail(build *b, const char *fmt, ...)
{
	pthread_mutex_lock(&b->mu);
	if (!atomic_load(&b->failed)) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(b->errmsg, sizeof b->errmsg, fmt, ap);
		va_end(ap);
		atomic_store(&b->failed, 1);
	}
	pthread_cond_broadcast(&b->can_push);
	pthread_cond_broadcast(&b->can_pop);
	pthread_cond_broadcast(&b->can_key);
	pthread_mutex_unlock(&b->mu);
}

/* ---- the queue -------------------------------------------------------- */

static int queue_push(build *b, batch *bt)
{
	pthread_mutex_lock(&b->mu);
	while (b->ring_n == b->ring_cap && !atomic_load(&b->failed))
		pthread_cond_wait(&b->can_push, &b->mu);
	int ok = !atomic_load(&b->failed);
	if (ok) {
		b->ring[(b->ring_head + b->ring_n) % b->ring_cap] = bt;
		b->ring_n++;
		pthread_cond_signal(&b->can_pop);
	}
	pthread_mutex_unlock(&b->mu);
	if (!ok)
		batch_free(bt);
	return ok;
}

/* The next batch, or NULL when the input is over (or the build failed). */
static batch *queue_pop(build *b)
{
	batch *bt = NULL;
	pthread_mutex_lock(&b->mu);
	while (b->ring_n == 0 && !b->done && !atomic_load(&b->failed))
		pthread_cond_wait(&b->can_pop, &b->mu);
	if (b->ring_n) {
		bt = b->ring[b->ring_head];
		b->ring_head = (b->ring_head + 1) % b->ring_cap;
		b->ring_n--;
		pthread_cond_signal(&b->can_push);
	}
	pthread_mutex_unlock(&b->mu);
	return bt;
}

static void queue_close(build *b)
{
	pthread_mutex_lock(&b->mu);
	b->done = 1;
	pthread_cond_broadcast(&b->can_pop);
	pthread_mutex_unlock(&b->mu);
}

/* ---- workers ---------------------------------------------------------- */

static dk_status pend_push(worker *wk, const char *id, uint64_t seq,
			   uint32_t input)
{
	if (wk->pend_head + wk->pend_n == wk->pend_cap) {
		if (wk->pend_head) {
			memmove(wk->pend, wk->pend + wk->pend_head,
				wk->pend_n * sizeof *wk->pend);
			wk->pend_head = 0;
		} else {
			size_t cap = wk->pend_cap ? wk->pend_cap * 2 : 64;
			pending *v = realloc(wk->pend, cap * sizeof *v);
			if (!v)
				return DK_ERR_NOMEM;
			wk->pend = v;
			wk->pend_cap = cap;
		}
	}
	pending *p = &wk->pend[wk->pend_head + wk->pend_n];
	p->id = dk_strndup(id ? id : "", id ? strlen(id) : 0);
	if (!p->id)
		return DK_ERR_NOMEM;
	p->seq = seq;
	p->input = input;
	wk->pend_n++;
	return DK_OK;
}

/* Pop the pending entry of id (dropping older ones); 0 if none. */
static int pend_take(worker *wk, const char *id, pending *out)
{
	for (size_t i = 0; i < wk->pend_n; i++) {
		pending *p = &wk->pend[wk->pend_head + i];
		if (strcmp(p->id, id ? id : ""))
			continue;
		*out = *p;
		for (size_t k = 0; k < i; k++)
			free(wk->pend[wk->pend_head + k].id);
		wk->pend_head += i + 1;
		wk->pend_n -= i + 1;
		if (wk->pend_n == 0)
			wk->pend_head = 0;
		return 1;
	}
	return 0;
}

static dk_status add_rec(worker *wk, const char *uid, size_t len,
			 uint64_t seq, uint32_t input)
{
	if (wk->nrecs == wk->caprecs) {
		size_t cap = wk->caprecs ? wk->caprecs * 2 : 1024;
		rec *v = realloc(wk->recs, cap * sizeof *v);
		if (!v)
			return DK_ERR_NOMEM;
		wk->recs = v;
		wk->caprecs = cap;
	}
	rec *r = &wk->recs[wk->nrecs];
	if (!(r->uid = dk_strndup(uid, len)))
		return DK_ERR_NOMEM;
	r->seq = seq;
	r->input = input;
	r->worker = wk->idx;
	wk->nrecs++;
	return DK_OK;
}

/* A refined article (story key given): build its document and write it. */
static dk_status build_doc(worker *wk, dk_article *a)
{
	build *b = wk->b;
	pending p;
	if (!pend_take(wk, a->id, &p)) {
		fail(b, "%s: the refiner returned an article it was not given",
		     a->id);
		return DK_ERR_INTERNAL;
	}
	free(p.id);
	const char *fterm = b->inputs[p.input].file_term;
	const dk_doc *doc;
	const char *uid;
	size_t uid_len;
	dk_status st = dk_doc_builder_build(wk->builder, a, fterm, &doc, &uid,
					    &uid_len);
	if (st) {
		fail(b, "%s: %s", a->id, dk_doc_builder_error(wk->builder));
		return st;
	}
	if ((st = dk_writer_replace(wk->w, uid, uid_len, doc, NULL))) {
		fail(b, "writing the index: %s", dk_writer_error(wk->w));
		return st;
	}
	if ((st = add_rec(wk, uid, uid_len, p.seq, p.input))) {
		fail(b, "%s", dk_status_str(st));
		return st;
	}
	wk->uncommitted += a->text_len + 512;
	size_t limit = b->o->commit_bytes ? b->o->commit_bytes
					  : DEFAULT_COMMIT_BYTES;
	if (wk->uncommitted >= limit) {
		wk->uncommitted = 0;
		if ((st = dk_writer_commit(wk->w))) {
			fail(b, "writing the index: %s", dk_writer_error(wk->w));
			return st;
		}
	}
	return DK_OK;
}

/* The stripper would have emptied an article: say so; it is kept. */
static void on_kept_whole(void *ctx, const char *origin, const dk_article *a,
			  size_t before, size_t after)
{
	worker *wk = ctx;
	dk_log(wk->b->o->err, wk->b->o->timestamps, wk->b->o->prog,
	       "%s: article %s: stripping would leave %zu of %zu bytes; text "
	       "kept as read (flagged %s:%s)", origin ? origin : "?",
	       a->id ? a->id : "?", after, before, DK_REFINE_FLAG_KEY,
	       DK_REFINE_FLAG_VALUE);
	wk->warnings++;
}

/* The refiner's callback: hold the article (its fields move) until the
 * batch's story keys are given. */
static dk_status on_refined(void *ctx, dk_article *a)
{
	worker *wk = ctx;
	if (wk->nheld == wk->capheld) {
		size_t cap = wk->capheld ? wk->capheld * 2 : 64;
		dk_article *v = realloc(wk->held, cap * sizeof *v);
		if (!v)
			return DK_ERR_NOMEM;
		wk->held = v;
		wk->capheld = cap;
	}
	wk->held[wk->nheld++] = *a;
	memset(a, 0, sizeof *a);
	return DK_OK;
}

/*
 * Story keys in input order: the first copy of a story decides its key,
 * so the batches take turns (in the order they were read) to give the
 * keys of their articles, and the key does not depend on which worker
 * got there first.  Stripping and sketching, the costly part, run before
 * the turn; building the documents after it.  0 when the build failed.
 */
static int give_keys(worker *wk, const batch *bt)
{
	build *b = wk->b;
	pthread_mutex_lock(&b->mu);
	while (b->key_turn != bt->no && !atomic_load(&b->failed))
		pthread_cond_wait(&b->can_key, &b->mu);
	pthread_mutex_unlock(&b->mu);
	if (atomic_load(&b->failed))
		return 0;
	dk_status st = DK_OK;
	for (size_t i = 0; i < wk->nheld && !st; i++)
		if ((st = dk_refine_story(b->stories, &wk->held[i])))
			fail(b, "%s", dk_status_str(st));
	pthread_mutex_lock(&b->mu);
	b->key_turn++;
	pthread_cond_broadcast(&b->can_key);
	pthread_mutex_unlock(&b->mu);
	return !st;
}

static void drop_held(worker *wk)
{
	for (size_t i = 0; i < wk->nheld; i++)
		dk_article_clear(&wk->held[i]);
	wk->nheld = 0;
}

static void *worker_main(void *arg)
{
	worker *wk = arg;
	build *b = wk->b;
	batch *bt;
	while ((bt = queue_pop(b))) {
		dk_status st = DK_OK;
		for (size_t i = 0; i < bt->n && !st; i++) {
			item *it = &bt->v[i];
			if (atomic_load(&b->failed))
				break;
			st = pend_push(wk, it->a.id, it->seq, it->input);
			snprintf(wk->origin, sizeof wk->origin, "%s: record %llu",
				 b->inputs[it->input].path,
				 (unsigned long long)it->rec);
			if (!st)
				st = dk_refiner_push_from(wk->ref, &it->a, wk->origin,
							  on_refined, wk);
		}
		if (!st)
			st = dk_refiner_flush(wk->ref, on_refined, wk);
		if (st)
			fail(b, "%s", dk_status_str(st));
		if (give_keys(wk, bt))
			for (size_t i = 0; i < wk->nheld; i++)
				if (atomic_load(&b->failed) ||
				    build_doc(wk, &wk->held[i]))
					break;
		drop_held(wk);
		batch_free(bt);
	}
	return NULL;
}

static dk_status worker_open(build *b, worker *wk, const char *path,
			     char **errmsg)
{
	unsigned flags = DK_WRITER_CREATE | DK_WRITER_OVERWRITE |
			 b->o->writer_flags;
	dk_status st = dk_writer_open(path, flags, &wk->w, errmsg);
	if (st)
		return st;
	if ((st = dk_stemmers_new(b->o->lang, !b->o->single_stem, &wk->stems))) {
		if (errmsg)
			*errmsg = dk_strndup("unknown language", 16);
		return st;
	}
	const char *lang = dk_analyzer_language(dk_stemmers_default(wk->stems));
	st = dk_writer_set_metadata(wk->w, DK_META_LANG, lang, strlen(lang));
	if (!st)
		st = dk_writer_set_metadata(wk->w, DK_META_VERSION, "1", 1);
	if (st) {
		if (errmsg)
			*errmsg = dk_strndup(dk_writer_error(wk->w),
					     strlen(dk_writer_error(wk->w)));
		return st;
	}
	dk_refine_opts ro;
	memset(&ro, 0, sizeof ro);
	ro.defer_stories = 1;     /* keys in input order: give_keys() */
	ro.window = 1;            /* the templates are learned: hold nothing */
	ro.templates = b->tpl;
	ro.warn = on_kept_whole;
	ro.warn_ctx = wk;
	if ((st = dk_refiner_new_opts(&ro, &wk->ref)))
		return st;
	if ((st = dk_doc_builder_new(dk_stemmers_default(wk->stems),
				     &wk->builder)))
		return st;
	dk_doc_builder_set_stemmers(wk->builder, wk->stems);
	return DK_OK;
}

static void worker_free(worker *wk)
{
	dk_writer_abandon(wk->w);
	dk_doc_builder_free(wk->builder);
	dk_refiner_free(wk->ref);
	dk_stemmers_free(wk->stems);
	for (size_t i = 0; i < wk->nrecs; i++)
		free(wk->recs[i].uid);
	free(wk->recs);
	for (size_t i = 0; i < wk->pend_n; i++)
		free(wk->pend[wk->pend_head + i].id);
	free(wk->pend);
	drop_held(wk);
	free(wk->held);
}

/* ---- the reader ------------------------------------------------------- */

static void clear_progress(build *b)
{
	if (b->drawn) {
		fputs("\r\033[K", b->o->err);
		b->drawn = 0;
	}
}

static void draw_progress(build *b, int force)
{
	if (!b->o->progress)
		return;
	double t = since(&b->t0);
	if (!force && t - b->last_draw < 0.25)
		return;
	b->last_draw = t;
	uint64_t done = b->done_bytes + b->file_bytes;
	double mb = (double)(b->done_text + b->file_text) / 1e6;
	fprintf(b->o->err, "\r\033[K%llu articles  %.1f MB  %.1f MB/s",
		(unsigned long long)b->seq, mb, t > 0 ? mb / t : 0.0);
	if (b->total_bytes && done > 0 && done < b->total_bytes && t > 1) {
		double left = t * (double)(b->total_bytes - done) / (double)done;
		fprintf(b->o->err, "  %d%%  %d:%02d left",
			(int)(100.0 * (double)done / (double)b->total_bytes),
			(int)left / 60, (int)left % 60);
	}
	fflush(b->o->err);
	b->drawn = 1;
}

static void report(void *ctx, const char *path, const char *where,
		   const char *msg, int skipped)
{
	build *b = ctx;
	clear_progress(b);
	dk_log(b->o->err, b->o->timestamps, b->o->prog, "%s: %s%s%s%s", path,
	       where && *where ? where : "", where && *where ? ": " : "", msg,
	       skipped ? "" : " (indexed anyway)");
	if (skipped)
		b->stats.skipped++;
	else
		b->stats.warnings++;
}

static void progress(void *ctx, uint64_t consumed, uint64_t uncompressed)
{
	build *b = ctx;
	b->file_bytes = consumed;
	b->file_text = uncompressed;
	draw_progress(b, 0);
}

static int flush_batch(build *b)
{
	batch *bt = b->cur;
	b->cur = NULL;
	if (!bt || bt->n == 0)
		return batch_free(bt), 1;
	bt->no = b->nbatches++;
	return queue_push(b, bt);
}

/* An article from a reader: move its fields into the current batch. */
static dk_status on_article(void *ctx, dk_article *a)
{
	build *b = ctx;
	if (atomic_load(&b->failed))
		return DK_ERR_INTERNAL;  /* the real error is in b->errmsg */
	if (!b->cur && !(b->cur = calloc(1, sizeof *b->cur)))
		return DK_ERR_NOMEM;
	batch *bt = b->cur;
	if (bt->n == bt->cap) {
		size_t cap = bt->cap ? bt->cap * 2 : 32;
		item *v = realloc(bt->v, cap * sizeof *v);
		if (!v)
			return DK_ERR_NOMEM;
		bt->v = v;
		bt->cap = cap;
	}
	item *it = &bt->v[bt->n++];
	it->a = *a;
	memset(a, 0, sizeof *a);  /* the fields are the batch's now */
	it->seq = b->seq++;
	it->input = b->cur_input;
	it->rec = ++b->cur_rec;
	bt->bytes += it->a.text_len + 256;
	if ((bt->bytes >= BATCH_BYTES || bt->n >= BATCH_ARTICLES) &&
	    !flush_batch(b))
		return DK_ERR_INTERNAL;
	return DK_OK;
}

/*
 * The template pass: every article of every input, in input order, is
 * learned into one table before any is stripped, so the stripped text
 * depends on the input alone, not on --jobs or on which thread took which
 * article.  Problems are reported by the indexing pass.
 */
static dk_status learn_article(void *ctx, dk_article *a)
{
	build *b = ctx;
	if (!a->text)
		return DK_OK;
	return dk_templates_learn(b->tpl, a->source, a->title, a->text,
				  a->text_len);
}

static void learn_report(void *ctx, const char *path, const char *where,
			 const char *msg, int skipped)
{
	(void)ctx, (void)path, (void)where, (void)msg, (void)skipped;
}

static void learn_progress(void *ctx, uint64_t consumed, uint64_t uncompressed)
{
	(void)ctx, (void)consumed, (void)uncompressed;
}

static dk_status learn_templates(build *b)
{
	dk_status st = dk_templates_new(0, &b->tpl);
	dk_dump_sink sink = { learn_article, learn_report, learn_progress, b,
			      b->o->max_record };
	for (size_t i = 0; i < b->ninputs && !st; i++) {
		st = dk_dump_read(b->inputs[i].path, b->inputs[i].id,
				  b->o->format, &sink);
		if (st != DK_ERR_NOMEM)
			st = DK_OK;  /* the indexing pass reports it */
	}
	return st;
}

static dk_status read_inputs(build *b)
{
	dk_dump_sink sink = { on_article, report, progress, b,
			      b->o->max_record };
	dk_status st = DK_OK;
	for (size_t i = 0; i < b->ninputs && !st; i++) {
		dk_build_input *in = &b->inputs[i];
		b->cur_input = (uint32_t)i;
		b->cur_rec = 0;
		b->file_bytes = b->file_text = 0;
		st = dk_dump_read(in->path, in->id, b->o->format, &sink);
		if (st && !atomic_load(&b->failed)) {
			in->failed = 1;
			fail(b, "%s: reading stopped: %s", in->path,
			     dk_status_str(st));
		}
		b->done_bytes += in->size;
		b->done_text += b->file_text;
		b->stats.files++;
		b->stats.bytes += b->file_text;
		b->file_bytes = b->file_text = 0;
		draw_progress(b, 0);
	}
	if (!st && !flush_batch(b))
		st = DK_ERR_INTERNAL;
	batch_free(b->cur);
	b->cur = NULL;
	return st;
}

/* ---- id resolution across shards ------------------------------------- */

static int cmp_rec(const void *x, const void *y)
{
	const rec *a = x, *c = y;
	int d = strcmp(a->uid, c->uid);
	if (d)
		return d;
	return a->seq < c->seq ? -1 : a->seq > c->seq;
}

/*
 * Keep the last copy of each id: delete it from the other shards, count
 * the articles per input, and hand the distinct ids to res.
 */
static dk_status resolve_ids(build *b, dk_build_result *res)
{
	size_t total = 0;
	for (unsigned k = 0; k < b->jobs; k++)
		total += b->w[k].nrecs;
	rec *all = malloc((total ? total : 1) * sizeof *all);
	if (!all)
		return DK_ERR_NOMEM;
	size_t n = 0;
	for (unsigned k = 0; k < b->jobs; k++) {
		if (b->w[k].nrecs)  /* a worker may have had no batch */
			memcpy(all + n, b->w[k].recs, b->w[k].nrecs * sizeof *all);
		n += b->w[k].nrecs;
		b->w[k].nrecs = 0;  /* the strings are all's now */
	}
	qsort(all, n, sizeof *all, cmp_rec);
	dk_status st = DK_OK;
	res->uids = malloc((n ? n : 1) * sizeof *res->uids);
	if (!res->uids)
		st = DK_ERR_NOMEM;
	unsigned char *hit = calloc(b->jobs, 1);
	if (!hit)
		st = DK_ERR_NOMEM;
	for (size_t i = 0; i < n && !st;) {
		size_t j = i + 1;
		while (j < n && !strcmp(all[j].uid, all[i].uid))
			j++;
		const rec *win = &all[j - 1];
		memset(hit, 0, b->jobs);
		for (size_t k = i; k < j - 1 && !st; k++) {
			uint32_t wk = all[k].worker;
			if (wk == win->worker || hit[wk])
				continue;
			hit[wk] = 1;
			st = dk_writer_delete(b->w[wk].w, win->uid, strlen(win->uid),
					      NULL);
			if (st)
				snprintf(b->errmsg, sizeof b->errmsg,
					 "writing the index: %s",
					 dk_writer_error(b->w[wk].w));
		}
		b->inputs[win->input].articles++;
		b->stats.indexed++;
		b->stats.replaced += j - i - 1;
		res->uids[res->nuids++] = win->uid;
		all[j - 1].uid = NULL;  /* res owns it */
		i = j;
	}
	for (size_t i = 0; i < n; i++)
		free(all[i].uid);
	free(all);
	free(hit);
	return st;
}

void dk_build_result_clear(dk_build_result *res)
{
	for (size_t i = 0; i < res->nuids; i++)
		free(res->uids[i]);
	free(res->uids);
	memset(res, 0, sizeof *res);
}

/* ---- the build -------------------------------------------------------- */

static void give(char **errmsg, const char *m)
{
	if (errmsg && !*errmsg && m && *m)
		*errmsg = dk_strndup(m, strlen(m));
}

dk_status dk_parallel_build(const dk_build_opts *opts, dk_build_input *inputs,
			  size_t n, const char *const *shard_paths,
			  dk_build_result *res, char **errmsg)
{
	dk_status st = DK_OK;
	build b;
	int mu_ok = 0;
	memset(res, 0, sizeof *res);
	memset(&b, 0, sizeof b);
	if (errmsg)
		*errmsg = NULL;
	b.o = opts;
	b.inputs = inputs;
	b.ninputs = n;
	b.jobs = opts->jobs ? opts->jobs : 1;
	clock_gettime(CLOCK_MONOTONIC, &b.t0);
	atomic_init(&b.failed, 0);
	for (size_t i = 0; i < n; i++) {
		inputs[i].articles = 0;
		inputs[i].failed = 0;
		b.total_bytes += inputs[i].size;
	}
	b.ring_cap = 2 * (size_t)b.jobs;
	b.ring = calloc(b.ring_cap, sizeof *b.ring);
	b.w = calloc(b.jobs, sizeof *b.w);
	if (!b.ring || !b.w) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	if (pthread_mutex_init(&b.mu, NULL) ||
	    pthread_cond_init(&b.can_push, NULL) ||
	    pthread_cond_init(&b.can_pop, NULL) ||
	    pthread_cond_init(&b.can_key, NULL)) {
		st = DK_ERR_INTERNAL;
		goto out;
	}
	mu_ok = 1;
	/* Copies of a story read by different workers must get one key. */
	if (b.o->stories)
		b.stories = b.o->stories;
	else if ((st = dk_stories_new(0, 0, &b.stories)))
		goto out;
	if ((st = learn_templates(&b)))
		goto out;
	for (unsigned k = 0; k < b.jobs; k++) {
		b.w[k].b = &b;
		b.w[k].idx = k;
		char *m = NULL;
		if ((st = worker_open(&b, &b.w[k], shard_paths[k], &m))) {
			snprintf(b.errmsg, sizeof b.errmsg, "%s: %s", shard_paths[k],
				 m ? m : dk_status_str(st));
			free(m);
			goto out;
		}
	}
	for (unsigned k = 0; k < b.jobs; k++) {
		if (pthread_create(&b.w[k].th, NULL, worker_main, &b.w[k])) {
			fail(&b, "cannot start a thread");
			st = DK_ERR_INTERNAL;
			break;
		}
		b.w[k].started = 1;
	}
	if (!st)
		st = read_inputs(&b);
	queue_close(&b);
	for (unsigned k = 0; k < b.jobs; k++)
		if (b.w[k].started)
			pthread_join(b.w[k].th, NULL);
	draw_progress(&b, 1);
	clear_progress(&b);
	/* Drop whatever a failure left in the queue. */
	while (b.ring_n) {
		batch_free(b.ring[b.ring_head]);
		b.ring_head = (b.ring_head + 1) % b.ring_cap;
		b.ring_n--;
	}
	if (atomic_load(&b.failed)) {
		if (!st || st == DK_ERR_INTERNAL)
			st = DK_ERR_DB;
		goto out;
	}
	if (st)
		goto out;
	for (unsigned k = 0; k < b.jobs; k++) {
		dk_refine_stats rs;
		dk_refiner_stats(b.w[k].ref, &rs);
		b.stats.stripped += rs.stripped;
		b.stats.lost_half += rs.lost_half;
		b.stats.kept_whole += rs.kept_whole;
		b.stats.warnings += b.w[k].warnings;
	}
	if ((st = resolve_ids(&b, res)))
		goto out;
	for (unsigned k = 0; k < b.jobs; k++) {
		char *m = NULL;
		st = dk_writer_close(b.w[k].w, &m);
		b.w[k].w = NULL;
		if (st) {
			snprintf(b.errmsg, sizeof b.errmsg, "writing the index: %s",
				 m ? m : dk_status_str(st));
			free(m);
			goto out;
		}
	}
	b.stats.seconds = since(&b.t0);
	res->stats = b.stats;
out:
	if (st) {
		give(errmsg, b.errmsg[0] ? b.errmsg : dk_status_str(st));
		dk_build_result_clear(res);
	}
	if (b.w)
		for (unsigned k = 0; k < b.jobs; k++)
			worker_free(&b.w[k]);
	free(b.w);
	if (b.stories != b.o->stories)  /* after the refiners that borrow it */
		dk_stories_free(b.stories);
	dk_templates_free(b.tpl);       /* the same */
	free(b.ring);
	if (mu_ok) {
		pthread_mutex_destroy(&b.mu);
		pthread_cond_destroy(&b.can_push);
		pthread_cond_destroy(&b.can_pop);
		pthread_cond_destroy(&b.can_key);
	}
	return st;
}
