/*
 * indexer.c - the build loop: walk the inputs, read each dump, build each
 * article's document and replace it in the index by its id term.
 *
 * Memory: Xapian buffers changes until a commit (or 10,000 documents),
 * which for news articles is hundreds of megabytes and slower than
 * writing in smaller batches, so the build commits after every
 * DK_COMMIT_BYTES of article text.  A commit is also a point a killed
 * build resumes from: what was committed is never lost.
 *
 * Progress (on a terminal) is redrawn at most every 250 ms from the
 * compressed bytes consumed, so the estimate of the time left holds for
 * gzip input too.
 */
#include "indexer.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../common/analyzer.h"
#include "../common/buf.h"
#include "../common/fields.h"
#include "../shims/xapian_shim.h"
#include "article_id.h"
#include "doc_builder.h"
#include "extract/refine.h"
#include "extract/title.h"
#include "story_seed.h"
#include "walk.h"

#define DK_COMMIT_BYTES (4u * 1024 * 1024)

struct dk_indexer {
	dk_index_opts opts;
	dk_stemmers *stems;     /* the article languages' analyzers */
	dk_writer *w;
	dk_doc_builder *builder;
	dk_refiner *refiner;
	dk_stories *stories;    /* the refiner's; seeded from the index */
	dk_index_stats stats;
	struct timespec t0;
	double last_draw;
	uint64_t total_bytes;   /* of all inputs, for the estimate */
	uint64_t done_bytes;    /* of the inputs finished */
	uint64_t file_bytes;    /* consumed of the current input */
	uint64_t file_text;     /* the same, decompressed */
	uint64_t done_text;     /* decompressed bytes of the inputs finished */
	int drawn;
	uint64_t uncommitted;   /* article text bytes since the last commit */
	char err[512];
	FILE *extract_out;      /* --extract mode: print, don't index */
	const char *cur_path;   /* the input being read */
	uint64_t cur_rec;       /* articles read from it so far */
	char origin[4096];      /* scratch: "path: record N" */
	char *root;             /* the roots of file ids, '\n'-separated
				   (DK_META_ROOT), or NULL */
	char *fixed_root;       /* --root, absolute, or NULL */
	char *cur_root;         /* scratch: the root of the PATH walked */
};

static double now_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void clear_progress(dk_indexer *ix)
{
	if (ix->drawn) {
		fputs("\r\033[K", ix->opts.err);
		ix->drawn = 0;
	}
}

static void draw_progress(dk_indexer *ix, int force)
{
	if (!ix->opts.progress)
		return;
	double t = now_since(&ix->t0);
	if (!force && t - ix->last_draw < 0.25)
		return;
	ix->last_draw = t;
	uint64_t done = ix->done_bytes + ix->file_bytes;
	double mb = (double)(ix->done_text + ix->file_text) / 1e6;
	double rate = t > 0 ? mb / t : 0;
	fprintf(ix->opts.err, "\r\033[K%llu articles  %.1f MB  %.1f MB/s",
		(unsigned long long)(ix->stats.indexed + ix->stats.replaced), mb,
		rate);
	if (ix->total_bytes && done > 0 && done < ix->total_bytes && t > 1) {
		double left = t * (double)(ix->total_bytes - done) / (double)done;
		fprintf(ix->opts.err, "  %d%%  %d:%02d left",
			(int)(100.0 * (double)done / (double)ix->total_bytes),
			(int)left / 60, (int)left % 60);
	}
	fflush(ix->opts.err);
	ix->drawn = 1;
}

static void report(void *ctx, const char *path, const char *where,
		   const char *msg, int skipped)
{
	dk_indexer *ix = ctx;
	clear_progress(ix);
	fprintf(ix->opts.err, "%s: %s: %s%s%s%s\n", ix->opts.prog, path,
		where && *where ? where : "", where && *where ? ": " : "", msg,
		skipped ? "" : " (indexed anyway)");
	if (skipped)
		ix->stats.skipped++;
	else
		ix->stats.warnings++;
}

static void report_walk(void *ctx, const char *path, const char *msg)
{
	report(ctx, path, "", msg, 1);
}

static void progress(void *ctx, uint64_t consumed, uint64_t uncompressed)
{
	dk_indexer *ix = ctx;
	ix->file_bytes = consumed;
	ix->file_text = uncompressed;
	draw_progress(ix, 0);
}

static dk_status print_article(dk_indexer *ix, const dk_article *a)
{
	json_t *o = json_object();
	if (!o)
		return DK_ERR_NOMEM;
	/* No title: the one the index stores, made from the text (title.h). */
	dk_status tst = DK_OK;
	char *made = a->title && *a->title ? NULL
		     : dk_title_from_text(a->text, a->text_len, &tst);
	const struct { const char *k; const char *v; } f[] = {
		{ "id", a->id }, { "url", a->url }, { "title", made ? made : a->title },
		{ "source", a->source }, { "site", a->site }, { "date", a->date },
		{ "author", a->author }, { "lang", a->lang },
	};
	int bad = tst != DK_OK;
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		bad |= json_object_set_new(o, f[i].k, f[i].v ? json_string(f[i].v)
							     : json_null());
	free(made);
	bad |= json_object_set_new(o, "text", json_stringn(a->text ? a->text : "",
							   a->text_len));
	/* The refine stage's fields: the story key and the entity lists
	 * (each '\n'-separated in the article) as arrays. */
	bad |= json_object_set_new(o, "story", a->story ? json_string(a->story)
							 : json_null());
	const struct { const char *k; const char *v; } ents[] = {
		{ "cases", a->cases }, { "parties", a->parties },
		{ "courts", a->courts }, { "statutes", a->statutes },
		{ "cves", a->cves },
	};
	for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++) {
		json_t *arr = json_array();
		for (const char *p = ents[i].v; p && *p && arr;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			bad |= json_array_append_new(arr, json_stringn(p, n));
			p += n + (nl ? 1 : 0);
		}
		bad |= json_object_set_new(o, ents[i].k, arr);
	}
	if (a->extra) {
		json_t *x = json_loads(a->extra, 0, NULL);
		if (x)
			bad |= json_object_set_new(o, "meta", x);
	}
	char *s = bad ? NULL : json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!s)
		return DK_ERR_NOMEM;
	clear_progress(ix);
	fputs(s, ix->extract_out);
	fputc('\n', ix->extract_out);
	free(s);
	return DK_OK;
}

/* A refined article: print it (--extract) or index it. */
static dk_status on_refined(void *ctx, dk_article *a)
{
	dk_indexer *ix = ctx;
	if (ix->extract_out) {
		ix->stats.indexed++;
		return print_article(ix, a);
	}
	const dk_doc *doc;
	const char *uid;
	size_t uid_len;
	dk_status st = dk_doc_builder_build(ix->builder, a, NULL, &doc, &uid,
					    &uid_len);
	if (st) {
		snprintf(ix->err, sizeof ix->err, "%s: %s", a->id,
			 dk_doc_builder_error(ix->builder));
		return st;
	}
	int existed = 0;
	st = dk_writer_replace(ix->w, uid, uid_len, doc, &existed);
	if (st) {
		snprintf(ix->err, sizeof ix->err, "%s", dk_writer_error(ix->w));
		return st;
	}
	if (existed)
		ix->stats.replaced++;
	else
		ix->stats.indexed++;
	ix->uncommitted += a->text_len + 512;
	if (ix->uncommitted >= DK_COMMIT_BYTES) {
		ix->uncommitted = 0;
		if ((st = dk_writer_commit(ix->w))) {
			snprintf(ix->err, sizeof ix->err, "%s", dk_writer_error(ix->w));
			return st;
		}
	}
	return DK_OK;
}

/* An article from a reader: refine it, then on_refined() takes it. */
static dk_status on_article(void *ctx, dk_article *a)
{
	dk_indexer *ix = ctx;
	ix->cur_rec++;
	snprintf(ix->origin, sizeof ix->origin, "%s: record %llu",
		 ix->cur_path ? ix->cur_path : "?",
		 (unsigned long long)ix->cur_rec);
	return dk_refiner_push_from(ix->refiner, a, ix->origin, on_refined, ix);
}

/* The stripper would have emptied an article: say so; it is kept. */
static void on_kept_whole(void *ctx, const char *origin, const dk_article *a,
			  size_t before, size_t after)
{
	dk_indexer *ix = ctx;
	clear_progress(ix);
	fprintf(ix->opts.err, "%s: %s: article %s: stripping would leave %zu of "
		"%zu bytes; text kept as read (flagged %s:%s)\n", ix->opts.prog,
		origin ? origin : "?", a->id ? a->id : "?", after, before,
		DK_REFINE_FLAG_KEY, DK_REFINE_FLAG_VALUE);
	ix->stats.warnings++;
}

static void take_refine_stats(dk_indexer *ix)
{
	dk_refine_stats rs;
	dk_refiner_stats(ix->refiner, &rs);
	ix->stats.stripped = rs.stripped;
	ix->stats.lost_half = rs.lost_half;
	ix->stats.kept_whole = rs.kept_whole;
}

static dk_status indexer_new(const dk_index_opts *opts, dk_indexer **out)
{
	dk_indexer *ix = calloc(1, sizeof *ix);
	*out = NULL;
	if (!ix)
		return DK_ERR_NOMEM;
	ix->opts = *opts;
	if (!ix->opts.err)
		ix->opts.err = stderr;
	if (!ix->opts.prog)
		ix->opts.prog = "docket-index";
	clock_gettime(CLOCK_MONOTONIC, &ix->t0);
	dk_refine_opts ro = { 0 };
	if (dk_stories_new(0, 0, &ix->stories)) {
		free(ix);
		return DK_ERR_NOMEM;
	}
	ro.stories = ix->stories;
	ro.warn = on_kept_whole;
	ro.warn_ctx = ix;
	if (dk_refiner_new_opts(&ro, &ix->refiner)) {
		dk_stories_free(ix->stories);
		free(ix);
		return DK_ERR_NOMEM;
	}
	*out = ix;
	return DK_OK;
}

static void indexer_free(dk_indexer *ix)
{
	dk_refiner_free(ix->refiner);
	dk_stories_free(ix->stories);  /* after the refiner that borrows it */
	dk_doc_builder_free(ix->builder);
	dk_stemmers_free(ix->stems);
	free(ix->root);
	free(ix->fixed_root);
	free(ix->cur_root);
	free(ix);
}

/* The folder a PATH names ids from: itself when it is a folder, else its
 * folder; absolute.  Ownership: *out belongs to the caller. */
static dk_status path_root(const char *path, char **out)
{
	struct stat sb;
	dk_buf b = DK_BUF_INIT;
	dk_buf_puts(&b, path);
	if (stat(path, &sb) || !S_ISDIR(sb.st_mode))
		dk_buf_puts(&b, "/..");
	dk_status st = b.err ? DK_ERR_NOMEM : dk_article_id_abspath(b.data, out);
	dk_buf_free(&b);
	return st;
}

/* Is path inside (or equal to) the folder root? */
static int inside(const char *path, const char *root)
{
	size_t n = strlen(root);
	if (n == 1)
		return 1;  /* "/" */
	return !strncmp(path, root, n) && (path[n] == '/' || !path[n]);
}

/*
 * The root of PATH's file ids: --root when given; else a root the index
 * recorded that holds PATH (the outermost); else PATH's own folder, which
 * is recorded ('\n'-separated in DK_META_ROOT) so that a later run over
 * a sub-folder names its files the same.  Borrowed from ix.
 */
static dk_status root_for(dk_indexer *ix, const char *path, const char **out)
{
	char *own = NULL;
	dk_status st = path_root(path, &own);
	if (st)
		return st;
	const char *best = NULL;
	for (const char *r = ix->root; r && *r;) {
		const char *nl = strchr(r, '\n');
		size_t n = nl ? (size_t)(nl - r) : strlen(r);
		char save = r[n];
		((char *)r)[n] = '\0';
		if (inside(own, r) && (!best || strlen(r) < strlen(best)))
			best = r;
		((char *)r)[n] = save;
		r += n + (nl ? 1 : 0);
	}
	if (best) {
		free(own);
		size_t n = strcspn(best, "\n");
		free(ix->cur_root);
		if (!(ix->cur_root = malloc(n + 1)))
			return DK_ERR_NOMEM;
		memcpy(ix->cur_root, best, n);
		ix->cur_root[n] = '\0';
		*out = ix->cur_root;
		return DK_OK;
	}
	/* A new root: record it. */
	dk_buf b = DK_BUF_INIT;
	if (ix->root && *ix->root) {
		dk_buf_puts(&b, ix->root);
		dk_buf_putc(&b, '\n');
	}
	dk_buf_puts(&b, own);
	if (b.err) {
		free(own);
		dk_buf_free(&b);
		return DK_ERR_NOMEM;
	}
	free(ix->root);
	ix->root = dk_buf_detach(&b, NULL);
	if (ix->w && !ix->extract_out)
		st = dk_writer_set_metadata(ix->w, DK_META_ROOT, ix->root,
					    strlen(ix->root));
	free(ix->cur_root);
	ix->cur_root = own;
	*out = own;
	return st;
}

/* The root recorded in the index at dir ("" when none); NULL on failure. */
static char *recorded_root(const char *dir)
{
	const char *p[1] = { dir };
	dk_reader *r = NULL;
	char *m = NULL, *v = NULL;
	size_t n;
	if (dk_reader_open(p, 1, &r, &m)) {
		free(m);
		return NULL;
	}
	if (dk_reader_metadata(r, DK_META_ROOT, &v, &n))
		v = NULL;
	dk_reader_close(r);
	return v;
}

dk_status dk_indexer_open(const dk_index_opts *opts, dk_indexer **out,
			  char **errmsg)
{
	dk_indexer *ix = NULL;
	char *m = NULL;
	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	dk_status st = indexer_new(opts, &ix);
	if (st)
		return st;
	unsigned flags = opts->overwrite ? DK_WRITER_OVERWRITE : DK_WRITER_CREATE;
	st = dk_writer_open(opts->index_dir, flags, &ix->w, &m);
	if (st)
		goto fail;
	/* The root of file ids: given, else the one the index recorded. */
	if (!opts->root && !opts->overwrite) {
		char *r = recorded_root(opts->index_dir);
		if (r && *r)
			ix->root = r;
		else
			free(r);
	}
	/* Copies of a story already in the index: new ones join their key
	 * (story_seed.h).  Without them only folding suffers. */
	if (!opts->overwrite) {
		const char *p1[1] = { opts->index_dir };
		char *sm = NULL;
		if (dk_story_seed(ix->stories, p1, 1, NULL, &sm))
			fprintf(ix->opts.err, "%s: warning: %s; copies of stories "
				"already indexed will not fold with new ones\n",
				ix->opts.prog, sm ? sm : "reading the index");
		free(sm);
	}
	/* The index remembers its analyzer language: a later update or a
	 * search must stem the same way. */
	const char *lang = opts->lang;
	st = dk_stemmers_new(lang, !opts->single_stem, &ix->stems);
	if (st) {
		m = dk_strndup("unknown language", 16);
		goto fail;
	}
	const char *name = dk_analyzer_language(dk_stemmers_default(ix->stems));
	st = dk_writer_set_metadata(ix->w, DK_META_LANG, name, strlen(name));
	if (!st)
		st = dk_writer_set_metadata(ix->w, DK_META_VERSION, "1", 1);
	if (st) {
		m = dk_strndup(dk_writer_error(ix->w), strlen(dk_writer_error(ix->w)));
		goto fail;
	}
	if ((st = dk_doc_builder_new(dk_stemmers_default(ix->stems),
				     &ix->builder)))
		goto fail;
	dk_doc_builder_set_stemmers(ix->builder, ix->stems);
	*out = ix;
	return DK_OK;
fail:
	if (errmsg)
		*errmsg = m;
	else
		free(m);
	dk_writer_abandon(ix->w);
	indexer_free(ix);
	return st;
}

static dk_status add_paths(dk_indexer *ix, const char *const *paths, size_t n)
{
	dk_input_list list = { 0 };
	dk_status st = DK_OK;
	if (ix->opts.root && !ix->fixed_root)
		st = dk_article_id_abspath(ix->opts.root, &ix->fixed_root);
	for (size_t i = 0; i < n && !st; i++) {
		size_t from = list.n;
		const char *root = ix->fixed_root;
		if (!root && (st = root_for(ix, paths[i], &root)))
			break;
		st = dk_walk(paths[i], &list, report_walk, ix);
		if (!st)
			st = dk_article_id_rebase(&list, from, root);
	}
	if (st)
		goto out;
	ix->total_bytes += list.total_size;
	dk_dump_sink sink = { on_article, report, progress, ix,
			      ix->opts.max_record };
	for (size_t i = 0; i < list.n && !st; i++) {
		ix->file_bytes = ix->file_text = 0;
		ix->cur_path = list.v[i].path;
		ix->cur_rec = 0;
		st = dk_dump_read(list.v[i].path, list.v[i].id, ix->opts.format,
				  &sink);
		ix->done_bytes += list.v[i].size;
		ix->done_text += ix->file_text;
		ix->stats.files++;
		ix->stats.bytes += ix->file_text;
		ix->file_bytes = ix->file_text = 0;
		draw_progress(ix, 0);
	}
	if (!st)
		st = dk_refiner_flush(ix->refiner, on_refined, ix);
	take_refine_stats(ix);
out:
	ix->cur_path = NULL;
	dk_input_list_free(&list);
	return st;
}

dk_status dk_indexer_add_paths(dk_indexer *ix, const char *const *paths,
			       size_t n)
{
	return add_paths(ix, paths, n);
}

dk_status dk_indexer_finish(dk_indexer *ix, dk_index_stats *stats,
			    char **errmsg)
{
	char *m = NULL;
	draw_progress(ix, 1);
	clear_progress(ix);
	dk_status st = dk_writer_close(ix->w, &m);
	ix->w = NULL;
	ix->stats.seconds = now_since(&ix->t0);
	if (stats)
		*stats = ix->stats;
	if (errmsg)
		*errmsg = m;
	else
		free(m);
	indexer_free(ix);
	return st;
}

void dk_indexer_abandon(dk_indexer *ix)
{
	if (!ix)
		return;
	clear_progress(ix);
	dk_writer_abandon(ix->w);
	indexer_free(ix);
}

void dk_indexer_stats(const dk_indexer *ix, dk_index_stats *out)
{
	*out = ix->stats;
}

const char *dk_indexer_error(const dk_indexer *ix)
{
	return ix->err;
}

/* Ownership: *errmsg (on failure) belongs to the caller. */
dk_status dk_indexer_stats_write(const dk_index_stats *s, const char *run,
			       const char *path, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
			      "s:I, s:f}",
			      "run", run,
			      "indexed", (json_int_t)s->indexed,
			      "replaced", (json_int_t)s->replaced,
			      "skipped", (json_int_t)s->skipped,
			      "warnings", (json_int_t)s->warnings,
			      "files", (json_int_t)s->files,
			      "bytes", (json_int_t)s->bytes,
			      "stripped", (json_int_t)s->stripped,
			      "lost_half", (json_int_t)s->lost_half,
			      "kept_whole", (json_int_t)s->kept_whole,
			      "seconds", s->seconds);
	if (o && s->shards &&
	    (json_object_set_new(o, "shards", json_integer((json_int_t)s->shards)) ||
	     json_object_set_new(o, "shards_rule",
				 json_string(s->shards_rule ? s->shards_rule
							    : "given")))) {
		json_decref(o);
		o = NULL;
	}
	if (!o)
		return DK_ERR_NOMEM;
	dk_buf tmp = DK_BUF_INIT;
	dk_buf_printf(&tmp, "%s.tmp", path);
	dk_status st = DK_OK;
	if (tmp.err) {
		st = DK_ERR_NOMEM;
	} else if (json_dump_file(o, tmp.data, JSON_INDENT(2) | JSON_SORT_KEYS) ||
		   rename(tmp.data, path)) {
		remove(tmp.data);
		st = DK_ERR_IO;
		if (errmsg) {
			dk_buf m = DK_BUF_INIT;
			dk_buf_printf(&m, "%s: cannot write the run record", path);
			*errmsg = dk_buf_detach(&m, NULL);
		}
	}
	dk_buf_free(&tmp);
	json_decref(o);
	return st;
}

dk_status dk_indexer_extract_paths(const dk_index_opts *opts,
				   const char *const *paths, size_t n, FILE *out,
				   dk_index_stats *stats)
{
	dk_indexer *ix = NULL;
	dk_status st = indexer_new(opts, &ix);
	if (st)
		return st;
	ix->extract_out = out;
	st = add_paths(ix, paths, n);
	clear_progress(ix);
	ix->stats.seconds = now_since(&ix->t0);
	if (stats)
		*stats = ix->stats;
	indexer_free(ix);
	return st;
}
