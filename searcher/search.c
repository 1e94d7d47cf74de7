/*
 * search.c - the search pipeline (see search.h).
 *
 * Ranking (rank.h): BM25 with k1 = 1.6, b = 0.4, a title boost, and
 * pseudo-relevance feedback for --plain topics (or on request); all of it
 * joined with AND_MAYBE, so it reorders the matches of the query as
 * compiled and never adds one.  Folding: Xapian collapses on the story-key
 * value slot, so a page holds one result per story; the copies of a folded
 * story are then listed by a second, small query filtered on the story's
 * "K" term.  After the page, spelling.h looks for a "did you mean".
 */
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../common/analyzer.h"
#include "../common/buf.h"
#include "../common/fields.h"
#include "../common/index_dir.h"
#include "../common/lang.h"
#include "../common/stemmers.h"
#include "query_parser.h"
#include "../shims/xapian_shim.h"
#include "explain.h"
#include "facets.h"
#include "like.h"
#include "query_compile.h"
#include "rank.h"
#include "spelling.h"

#define MAX_RETRIES 3
#define MAX_ALSO 10

struct dk_searcher {
	char *dir;
	dk_searcher_opts o;
	dk_reader *r;
	dk_analyzer *an;     /* the default analyzer, langs' */
	dk_stemmers *langs;  /* the stemmers the index's articles use */
	size_t shards;       /* shards the index names */
	size_t answered;     /* of which are in r (< shards: partial) */
	char *missing;       /* the first shard left out ("shard 2 of 4
				(HOST:PORT): why"), or NULL */
	char err[512];
};

void dk_search_request_init(dk_search_request *req)
{
	memset(req, 0, sizeof *req);
	req->limit = 10;
	req->fold = 1;
	req->passages = 1;
	req->suggest = 1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* After the time limit (req->time_limit from the start of the search),
 * the remaining results of the page go out without passages or a listing
 * of their copies, and the page says so: the limit bounds the whole
 * request, not only Xapian's match. */
static dk_status note_time_limit(dk_result_page *page, size_t done,
				 size_t n)
{
	dk_buf b = { 0 };
	if (page->warning)
		dk_buf_printf(&b, "%s; ", page->warning);
	dk_buf_printf(&b, "time limit reached: passages and copies shown for "
		      "the first %zu of %zu results", done, n);
	if (b.err) {
		dk_buf_free(&b);
		return DK_ERR_NOMEM;
	}
	free(page->warning);
	page->warning = dk_buf_detach(&b, NULL);
	return DK_OK;
}

static void set_err(dk_searcher *s, const char *a, const char *b)
{
	snprintf(s->err, sizeof s->err, "%s%s%s", a, b && *b ? ": " : "",
		 b ? b : "");
}

/* Attempts at opening a generation that a concurrent rebuild removes
 * between our reading its stub and opening its shards (it takes two
 * publications in that window, so more than one retry is rare). */
#define OPEN_ATTEMPTS 5

/* What open_live opened besides the reader. */
typedef struct live_info {
	size_t shards, answered;
	char *missing;       /* malloc'd: the first shard left out, or NULL */
} live_info;

/*
 * Open the live index of dir (common/index_dir.h): every shard of the
 * published generation or of a stub file (local or remote), or the
 * database itself for an index written in place.  A shard that vanished
 * (or half vanished) before we opened it means a newer generation was
 * published meanwhile: when the stub names another generation now,
 * resolve again.  With o->partial a shard that does not open is left out
 * and named in li->missing.  *r is new; *m a malloc'd message on failure.
 */
static dk_status open_live(const char *dir, const dk_searcher_opts *o,
			   dk_reader **r, live_info *li, char **m)
{
	dk_status st = DK_OK;
	*r = NULL;
	*m = NULL;
	memset(li, 0, sizeof *li);
	for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
		dk_index_location loc;
		free(*m);
		*m = NULL;
		if ((st = dk_index_dir_resolve(dir, &loc, m)))
			return st;
		uint64_t gen = loc.generation;
		int *remote = calloc(loc.n, sizeof *remote);
		unsigned char *ok = calloc(loc.n, 1);
		if (!remote || !ok) {
			free(remote);
			free(ok);
			dk_index_location_clear(&loc);
			return DK_ERR_NOMEM;
		}
		for (size_t i = 0; i < loc.n; i++)
			remote[i] = loc.kinds[i] == DK_SHARD_REMOTE;
		dk_open_opts oo = { 0 };
		oo.remote = remote;
		oo.partial = o->partial;
		oo.keep_values = o->keep_values;
		if (o->remote_timeout > 0) {
			double ms = o->remote_timeout * 1000.0;
			oo.timeout_ms = ms > 3.6e6 ? 3600000u : (unsigned)ms + 1;
			oo.connect_timeout_ms = oo.timeout_ms;
		}
		st = dk_reader_open_shards((const char *const *)loc.paths, loc.n,
					   &oo, ok, r, m);
		if (st == DK_OK) {
			li->shards = loc.n;
			for (size_t i = 0; i < loc.n; i++)
				li->answered += ok[i];
			/* A partial open names what it left out in *m. */
			li->missing = *m;
			*m = NULL;
		}
		free(remote);
		free(ok);
		dk_index_location_clear(&loc);
		if (st == DK_OK || st == DK_ERR_NOMEM || gen == 0)
			return st;
		if (dk_index_dir_resolve(dir, &loc, NULL) == DK_OK) {
			int moved = loc.generation != gen;
			dk_index_location_clear(&loc);
			if (!moved)
				return st;
		}
	}
	return st;
}

/* Take li's counts into s (li->missing moves too). */
static void set_live(dk_searcher *s, live_info *li)
{
	s->shards = li->shards;
	s->answered = li->answered;
	free(s->missing);
	s->missing = li->missing;
	li->missing = NULL;
}

typedef struct stem_ctx {
	dk_stemmers *langs;
	dk_status st;
} stem_ctx;

static int add_stemmer(void *vctx, const char *t, size_t len, uint64_t tf)
{
	stem_ctx *x = vctx;
	char name[32];
	size_t pl = strlen(DK_PREFIX_STEMMER);
	dk_analyzer *an;
	(void)tf;
	if (len <= pl || len - pl >= sizeof name)
		return 0;
	memcpy(name, t + pl, len - pl);
	name[len - pl] = '\0';
	/* A stemmer this build lacks cannot be searched with; its articles
	 * are then found by the words they share with the others. */
	if (!dk_analyzer_stemmer_name(name))
		return 0;
	x->st = dk_stemmers_get(x->langs, name, &an);
	return x->st != DK_OK;
}

/* The stemmers of the index: the default (docket.lang) and one per
 * DK_PREFIX_STEMMER term (fields.h). */
static dk_status load_stemmers(dk_searcher *s)
{
	stem_ctx x = { s->langs, DK_OK };
	dk_status st = dk_reader_terms(s->r, DK_PREFIX_STEMMER,
				       strlen(DK_PREFIX_STEMMER), 0, add_stemmer,
				       &x);
	return st ? st : x.st;
}

/*
 * The retry path of dk_search(): the index changed under the reader, or
 * a remote shard stopped answering.  A reader on a published generation
 * never sees its files change (shards are immutable once published), so
 * this is a plain index being written in place, a long-lived searcher
 * that should move on to the newest generation, or a connection to open
 * again: either way a fresh reader on the live index answers.  A shard
 * that still does not answer fails with its name (or, partial, is left
 * out).  network: the failure was the network's, so the old reader is no
 * fallback.
 */
static dk_status reopen_live(dk_searcher *s, int network)
{
	dk_reader *r = NULL;
	char *m = NULL;
	live_info li;
	dk_status st = open_live(s->dir, &s->o, &r, &li, &m);
	if (st) {
		set_err(s, network ? "a shard stopped answering" :
			"reopening the index", m);
		free(m);
		if (network)
			return st;
		/* Fall back to moving the old reader to its latest revision. */
		if ((st = dk_reader_reopen(s->r, NULL)))
			return st;
		return load_stemmers(s);
	}
	dk_reader_close(s->r);
	s->r = r;
	set_live(s, &li);
	/* The new generation may hold articles of a new language. */
	return load_stemmers(s);
}

dk_status dk_searcher_open(const char *dir, dk_searcher **out, char **errmsg)
{
	dk_searcher_opts o = { 0 };
	return dk_searcher_open_opts(dir, &o, out, errmsg);
}

dk_status dk_searcher_open_opts(const char *dir, const dk_searcher_opts *o,
				dk_searcher **out, char **errmsg)
{
	dk_status st;
	live_info li;
	char *m = NULL, *lang = NULL;
	size_t lang_len = 0;
	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	dk_searcher *s = calloc(1, sizeof *s);
	if (!s)
		return DK_ERR_NOMEM;
	if (!(s->dir = dk_strndup(dir, strlen(dir)))) {
		st = DK_ERR_NOMEM;
		goto fail;
	}
	s->o = *o;
	if ((st = open_live(dir, &s->o, &s->r, &li, &m)))
		goto fail;
	set_live(s, &li);
	if ((st = dk_reader_metadata(s->r, DK_META_LANG, &lang, &lang_len))) {
		m = dk_strndup(dk_reader_error(s->r), strlen(dk_reader_error(s->r)));
		goto fail;
	}
	st = dk_stemmers_new(lang_len ? lang : NULL, 1, &s->langs);
	if (st) {
		m = dk_strndup("the index was built for an unknown language", 44);
		goto fail;
	}
	s->an = dk_stemmers_default(s->langs);
	if ((st = load_stemmers(s))) {
		m = dk_strndup(dk_reader_error(s->r), strlen(dk_reader_error(s->r)));
		goto fail;
	}
	free(lang);
	*out = s;
	return DK_OK;
fail:
	free(lang);
	if (errmsg)
		*errmsg = m;
	else
		free(m);
	dk_searcher_close(s);
	return st;
}

void dk_searcher_close(dk_searcher *s)
{
	if (!s)
		return;
	dk_reader_close(s->r);
	dk_stemmers_free(s->langs);
	free(s->missing);
	free(s->dir);
	free(s);
}

const char *dk_searcher_error(const dk_searcher *s)
{
	return s->err;
}

static void also_free(dk_also *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].id);
		free(a[i].source);
		free(a[i].url);
	}
	free(a);
}

static void hit_clear(dk_hit *h)
{
	dk_article_clear(&h->art);
	dk_passages_free(h->passages, h->npassages);
	also_free(h->also, h->nalso);
	memset(h, 0, sizeof *h);
}

typedef struct mixed {
	double mix;
	size_t at;   /* the index's order, which breaks ties */
} mixed;

static int cmp_mixed(const void *a, const void *b)
{
	const mixed *x = a, *y = b;
	if (x->mix != y->mix)
		return x->mix < y->mix ? 1 : -1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/*
 * The first k hits of the page (their passages chosen) reordered by
 *     score / max score + rerank * evidence / max evidence
 * where evidence is the best passage's score with the weights across
 * articles (passage.h): an article whose one paragraph holds the
 * question's words rises over one that holds them scattered.  The score
 * shown becomes that mix times the best score, so it stays in order;
 * equal mixes keep the index's order.
 */
static dk_status rerank_hits(dk_hit *v, size_t k, double rerank)
{
	double smax = 0, emax = 0;
	for (size_t i = 0; i < k; i++) {
		double e = v[i].npassages ? v[i].passages[0].evidence : 0;
		if (v[i].score > smax)
			smax = v[i].score;
		if (e > emax)
			emax = e;
	}
	if (smax <= 0 || emax <= 0 || k < 2)
		return DK_OK;
	mixed *m = malloc(k * sizeof *m);
	dk_hit *tmp = malloc(k * sizeof *tmp);
	if (!m || !tmp) {
		free(m);
		free(tmp);
		return DK_ERR_NOMEM;
	}
	for (size_t i = 0; i < k; i++) {
		double e = v[i].npassages ? v[i].passages[0].evidence : 0;
		m[i] = (mixed){ v[i].score / smax + rerank * e / emax, i };
	}
	qsort(m, k, sizeof *m, cmp_mixed);
	for (size_t i = 0; i < k; i++) {
		tmp[i] = v[m[i].at];
		tmp[i].score = smax * m[i].mix;
	}
	memcpy(v, tmp, k * sizeof *v);
	free(m);
	free(tmp);
	return DK_OK;
}

void dk_result_page_free(dk_result_page *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nhits; i++) {
		dk_article_clear(&p->hits[i].art);
		dk_passages_free(p->hits[i].passages, p->hits[i].npassages);
		also_free(p->hits[i].also, p->hits[i].nalso);
	}
	free(p->hits);
	dk_facets_free(p);
	free(p->query);
	free(p->suggestion);
	free(p->explain);
	free(p->warning);
	free(p);
}

size_t dk_hit_also_sources(const dk_hit *h, const char **names, size_t cap,
			   size_t *same, size_t *covered)
{
	size_t n = 0;
	*same = 0;
	*covered = 0;
	for (size_t k = 0; k < h->nalso; k++) {
		const char *src = h->also[k].source ? h->also[k].source : h->also[k].id;
		if (!src)
			src = "";
		if (h->art.source && !strcasecmp(src, h->art.source)) {
			(*same)++;
			(*covered)++;
			continue;
		}
		int dup = 0;
		for (size_t j = 0; j < n && !dup; j++)
			dup = !strcasecmp(names[j], src);
		if (!dup) {
			if (n == cap)
				continue;   /* a later copy may still be "same" */
			names[n++] = src;
		}
		(*covered)++;
	}
	return n;
}

/* The other copies of hit's story: the query filtered on its story term. */
static dk_status list_copies(dk_searcher *s, const dk_query *q,
			     dk_docid self, dk_hit *hit)
{
	dk_status st;
	dk_query *k = NULL, *f = NULL;
	dk_mset *ms = NULL;
	dk_buf term = DK_BUF_INIT;
	dk_buf_puts(&term, DK_PREFIX_STORY);
	dk_buf_puts(&term, hit->art.story);
	if (term.err)
		return DK_ERR_NOMEM;
	if ((st = dk_query_term(term.data, term.len, 1, &k)))
		goto out;
	const dk_query *pair[2] = { q, k };
	if ((st = dk_query_combine(DK_QOP_FILTER, pair, 2, 0, &f)))
		goto out;
	dk_search_opts o;
	dk_search_opts_init(&o);
	o.tie_slot = DK_SLOT_ID;  /* the same copies listed, however built */
	/* A story has few copies: read them all. */
	o.check_at_least = UINT32_MAX;
	if ((st = dk_reader_search(s->r, f, &o, 0, MAX_ALSO + 1, &ms)))
		goto out;
	size_t n = dk_mset_size(ms);
	hit->also = calloc(n ? n : 1, sizeof *hit->also);
	if (!hit->also) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < n && hit->nalso < MAX_ALSO; i++) {
		if (dk_mset_docid(ms, i) == self)
			continue;
		const char *data;
		size_t len;
		dk_article a = { 0 };
		if ((st = dk_mset_data(ms, i, &data, &len)))
			goto out;
		if (dk_article_decode(data, len, &a))
			continue;
		dk_also *al = &hit->also[hit->nalso++];
		al->id = a.id;
		al->source = a.source;
		al->url = a.url;
		a.id = a.source = a.url = NULL;
		dk_article_clear(&a);
	}
out:
	dk_mset_free(ms);
	dk_query_free(f);
	dk_query_free(k);
	dk_buf_free(&term);
	return st;
}

/*
 * Xapian counts a result's folded copies only as far as its match went,
 * and how far that is depends on the order of the documents (the threads
 * that indexed them, the shards): a result of hits[0..n) it counted none
 * for may still have copies.  Its story's article count, read for the
 * whole page at once, says which to look for; those are listed as the
 * counted ones are.
 */
static dk_status list_uncounted_copies(dk_searcher *s, const dk_query *q,
				       const dk_mset *ms, dk_hit *hits,
				       size_t n)
{
	dk_status st = DK_OK;
	char **terms = calloc(n ? n : 1, sizeof *terms);
	size_t *lens = calloc(n ? n : 1, sizeof *lens);
	size_t *at = calloc(n ? n : 1, sizeof *at);
	uint64_t *tf = calloc(n ? n : 1, sizeof *tf);
	size_t m = 0;
	if (!terms || !lens || !at || !tf) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const char *story = hits[i].art.story;
		if (hits[i].also_total || !story || !*story)
			continue;
		size_t len = strlen(DK_PREFIX_STORY) + strlen(story);
		if (!(terms[m] = malloc(len + 1))) {
			st = DK_ERR_NOMEM;
			goto out;
		}
		snprintf(terms[m], len + 1, "%s%s", DK_PREFIX_STORY, story);
		lens[m] = len;
		at[m++] = i;
	}
	if (!m)
		goto out;
	if ((st = dk_reader_termfreqs(s->r, (const char *const *)terms, lens,
				      m, tf))) {
		set_err(s, "counting the copies of stories",
			dk_reader_error(s->r));
		goto out;
	}
	for (size_t k = 0; k < m && !st; k++) {
		dk_hit *h = &hits[at[k]];
		if (tf[k] < 2)
			continue;
		if ((st = list_copies(s, q, dk_mset_docid(ms, at[k]), h)))
			set_err(s, "listing folded copies",
				dk_reader_error(s->r));
		else
			h->also_total = h->nalso;
	}
out:
	for (size_t k = 0; k < m; k++)
		free(terms[k]);
	free(terms);
	free(lens);
	free(at);
	free(tf);
	return st;
}

/* The stored article whose id is id, into *art (cleared by the caller),
 * and its "Q" term query into *self (the caller frees it). */
static dk_status load_article(dk_searcher *s, const char *id, dk_article *art,
			      dk_query **self)
{
	dk_status st;
	dk_mset *ms = NULL;
	dk_buf term = DK_BUF_INIT;
	const char *data;
	size_t len;
	dk_article_uid_term(id, &term);
	if (term.err)
		return DK_ERR_NOMEM;
	if ((st = dk_query_term(term.data, term.len, 1, self)))
		goto out;
	dk_search_opts o;
	dk_search_opts_init(&o);
	if ((st = dk_reader_search(s->r, *self, &o, 0, 1, &ms)))
		goto out;
	if (!dk_mset_size(ms)) {
		set_err(s, "no article has this id", id);
		st = DK_ERR_NOT_FOUND;
		goto out;
	}
	if ((st = dk_mset_data(ms, 0, &data, &len)))
		goto out;
	if (dk_article_decode(data, len, art)) {
		set_err(s, "a stored article is damaged", id);
		st = DK_ERR_DB_CORRUPT;
	}
out:
	dk_mset_free(ms);
	dk_buf_free(&term);
	return st;
}

/* c for a document query: req->like_id's article (title and text, its
 * parties; the article itself left out), req->like_text, or the text of a
 * long plain query. */
static dk_status like_compile(dk_searcher *s, const dk_search_request *req,
			      dk_compiled *c)
{
	dk_status st;
	if (!req->like_id) {
		const char *t = req->like_text ? req->like_text : req->query;
		size_t n = req->like_text ? req->like_len : req->query_len;
		/* A text in a language the index stems on its own is read
		 * with that stemmer (the default when it cannot tell, or when
		 * no article of the index is in it). */
		const char *code = t ? dk_lang_detect(t, n) : NULL;
		dk_analyzer *an = code ? dk_stemmers_find(s->langs, code)
				       : s->an;
		return dk_like_compile(s->r, an, t ? t : "", t ? n : 0, NULL,
				       req->like_terms, c);
	}
	dk_article art = { 0 };
	dk_query *self = NULL, *q = NULL;
	dk_buf text = DK_BUF_INIT;
	memset(c, 0, sizeof *c);
	if ((st = load_article(s, req->like_id, &art, &self)))
		goto out;
	/* The title twice, as the index counts it (fields.h). */
	for (int i = 0; i < 2 && art.title; i++) {
		dk_buf_puts(&text, art.title);
		dk_buf_putc(&text, '\n');
	}
	if (art.text)
		dk_buf_append(&text, art.text, art.text_len);
	if (text.err) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	/* The article's words as its own language's stemmer indexed them
	 * (its parties too: doc_builder.c). */
	dk_analyzer *an = dk_stemmers_find(s->langs, art.lang);
	if ((st = dk_like_compile(s->r, an, text.data ? text.data : "",
				  text.len, art.parties, req->like_terms, c)))
		goto out;
	if (c->query) {
		const dk_query *pair[2] = { c->query, self };
		if ((st = dk_query_combine(DK_QOP_AND_NOT, pair, 2, 0, &q)))
			goto out;
		dk_query_free(c->query);
		c->query = q;
	}
out:
	if (st)
		dk_compiled_free(c);
	dk_query_free(self);
	dk_article_clear(&art);
	dk_buf_free(&text);
	return st;
}

/* Folded results are counted exactly up to this many matches. */
#define DK_EXACT_FOLDED_MAX 2000

typedef struct story_sum {
	uint64_t docs, keys;
} story_sum;

static int add_story(void *ctx, const char *v, size_t len, uint64_t count)
{
	story_sum *ss = ctx;
	(void)v;
	(void)len;
	ss->docs += count;
	ss->keys++;
	return 0;
}

/*
 * Xapian's bounds on a collapsed count stay apart even when it has seen
 * every match (a story whose copies left the page is counted as maybe
 * one, maybe more), so "about 20 results" could stand for a count of a
 * few dozen matches.  When there are few, count them: one pass
 * over q with a spy on the story key (the facets' pass when the request
 * has one: story_at is the key's spec in spy); the folded results are
 * the distinct keys plus the matches without a key.
 */
static const dk_spy_spec story_spec = { DK_SLOT_STORY, -1, 0, 0 };

static dk_status folded_total(const dk_spy *spy, size_t story_at,
			      uint64_t matches, dk_result_page *page)
{
	story_sum ss = { 0, 0 };
	dk_status st = dk_spy_values(spy, story_at, add_story, &ss);
	if (st)
		return st;
	page->total = (matches > ss.docs ? matches - ss.docs : 0) + ss.keys;
	page->total_min = page->total;
	page->total_exact = 1;
	return DK_OK;
}

static dk_status exact_folded(dk_searcher *s, const dk_query *q,
			      dk_result_page *page)
{
	dk_spy *spy = NULL;
	uint64_t matches = 0;
	dk_status st = dk_spy_new(&story_spec, 1, &spy);
	if (!st)
		st = dk_reader_count_spied(s->r, q, spy, &matches);
	if (!st)
		st = folded_total(spy, 0, matches, page);
	dk_spy_free(spy);
	if (st) {
		set_err(s, "counting the results", dk_reader_error(s->r));
		return st;
	}
	return DK_OK;
}

/* c->query narrowed to the articles req->only_ids names (a filter: the
 * scores stay the query's). */
static dk_status restrict_ids(const dk_search_request *req, dk_compiled *c)
{
	dk_query **ids = calloc(req->nonly_ids, sizeof *ids);
	dk_query *any = NULL, *both = NULL;
	dk_buf t = DK_BUF_INIT;
	dk_status st = ids ? DK_OK : DK_ERR_NOMEM;
	for (size_t i = 0; !st && i < req->nonly_ids; i++) {
		dk_buf_reset(&t);
		dk_article_uid_term(req->only_ids[i], &t);
		st = t.err ? DK_ERR_NOMEM : dk_query_term(t.data, t.len, 1, &ids[i]);
	}
	if (!st)
		st = dk_query_combine(DK_QOP_OR, (const dk_query *const *)ids,
				      req->nonly_ids, 0, &any);
	if (!st) {
		const dk_query *pair[2] = { c->query, any };
		st = dk_query_combine(DK_QOP_FILTER, pair, 2, 0, &both);
	}
	if (!st) {
		dk_query_free(c->query);
		c->query = both;
	}
	for (size_t i = 0; ids && i < req->nonly_ids; i++)
		dk_query_free(ids[i]);
	free(ids);
	dk_query_free(any);
	dk_buf_free(&t);
	return st;
}

/* The match sets of one query per stemming language (query_compile.h),
 * made when an article of that language is first shown. */
typedef struct lang_match_sets {
	dk_match_set m[DK_STEMMERS_MAX];
	unsigned char made[DK_STEMMERS_MAX];
} lang_match_sets;

/* *out: the match set for the articles of stemmer lang; c's own when the
 * index has one language.  Borrowed from l or c. */
static dk_status lang_matches(lang_match_sets *l, const dk_compiled *c,
			      size_t lang, const dk_match_set **out)
{
	*out = &c->match;
	if (!c->langs || dk_stemmers_count(c->langs) < 2 ||
	    lang >= DK_STEMMERS_MAX)
		return DK_OK;
	if (!l->made[lang]) {
		dk_status st = dk_match_set_for_lang(c, lang, &l->m[lang]);
		if (st)
			return st;
		l->made[lang] = 1;
	}
	*out = &l->m[lang];
	return DK_OK;
}

static void lang_matches_free(lang_match_sets *l)
{
	for (size_t i = 0; i < DK_STEMMERS_MAX; i++)
		if (l->made[i])
			dk_match_set_free(&l->m[i]);
}

/* One attempt at the search; DK_ERR_DB_MODIFIED asks for a retry.  like:
 * a document query (like_compile; tree is NULL). */
static dk_status run(dk_searcher *s, const dk_search_request *req,
		     int like, const dk_qnode *tree, dk_result_page *page)
{
	double deadline = req->time_limit > 0 ? now_s() + req->time_limit : 0;
	size_t late_from = SIZE_MAX;  /* first hit past the deadline */
	dk_status st;
	dk_compiled c;
	dk_mset *ms = NULL;
	dk_spy *spy = NULL;
	dk_query *ranked = NULL;
	dk_rank_info info = { 0 };
	dk_rank_params rp;
	lang_match_sets lm;
	memset(&lm, 0, sizeof lm);
	if (req->rank)
		rp = *req->rank;
	else
		dk_rank_params_init(&rp);
	dk_passage_params pp;  /* the passages' parameters for this query */
	if ((st = dk_passage_params_for(req->query, req->query_len, &pp))) {
		set_err(s, "DOCKET_PASSAGE_PARAMS",
			"not a list of name=value (passage.h)");
		return st;
	}
	if (like) {
		if ((st = like_compile(s, req, &c))) {
			if (!s->err[0])
				set_err(s, "choosing the document's terms",
					dk_reader_error(s->r));
			return st;
		}
	} else if ((st = dk_query_compile_langs(tree, s->an, s->langs, s->r,
							&c))) {
		set_err(s, "compiling the query", dk_reader_error(s->r));
		return st;
	}
	if (c.warning && !page->warning) {
		page->warning = c.warning;
		c.warning = NULL;
	}
	if (req->nonly_ids && c.query && (st = restrict_ids(req, &c)))
		goto out;
	dk_search_opts o;
	dk_search_opts_init(&o);
	/* Equal scores go by article id, not by document id: the order of
	 * documents follows the indexing threads and the shards, the ids do
	 * not, so any build of the same articles ranks them alike (and folds
	 * a story's identical copies to the same one). */
	o.tie_slot = DK_SLOT_ID;
	o.bm25_k1 = rp.k1;
	o.bm25_b = rp.b;
	if (req->fold) {
		o.collapse_slot = DK_SLOT_STORY;
		o.collapse_max = 1;
	}
	o.time_limit = req->time_limit;
	/* Feedback costs a second search and an expand set (about 7 ms on
	 * tech-news), so by default only natural-language topics (--plain)
	 * get it; it only reorders, so never when sorting by date. */
	int fb = !like && (req->feedback > 0 ||
			  (req->feedback == 0 && req->plain));
	if (c.query && (st = dk_rank_query(s->r, s->an, &c, &rp, &o,
					   fb && !req->sort_date, &ranked,
					   req->explain ? &info : NULL))) {
		set_err(s, "ranking", dk_reader_error(s->r));
		goto out;
	}
	if (req->explain && !like) {
		free(page->explain);
		page->explain = NULL;
		if ((st = dk_explain(tree, &c, &rp, &info, s->an, s->r,
				      &page->explain)))
			goto out;
	}
	if (!ranked)
		goto out;
	if (req->sort_date) {
		uint64_t with_key = 0;
		/* Oldest first sorts by DK_SLOT_OLDEST (undated last) where
		 * the index has it; older indexes by the date itself. */
		o.sort_slot = DK_SLOT_DATE;
		if (req->sort_date < 0 &&
		    !dk_reader_value_freq(s->r, DK_SLOT_OLDEST, &with_key) &&
		    with_key)
			o.sort_slot = DK_SLOT_OLDEST;
		o.sort_descending = req->sort_date > 0;
		o.sort_then_relevance = 1;
		/* Filters only: by date, then article id (fields.h). */
		unsigned by_id = req->sort_date > 0 ? DK_SLOT_NEWEST_ID
						    : DK_SLOT_OLDEST_ID;
		with_key = 0;
		if (!dk_reader_value_freq(s->r, by_id, &with_key) && with_key)
			o.sort_key_slot = (int)by_id;
	}
	/* Examining a few hundred matches makes the total exact for most
	 * queries at a cost of microseconds; beyond that, the two pages after
	 * this one are checked, so that a page link never leads past the
	 * last result (total_min). */
	uint64_t need = (uint64_t)req->offset + 3 * (uint64_t)req->limit + 1;
	o.check_at_least = need < 200 ? 200 : need > UINT32_MAX ? UINT32_MAX
								 : (uint32_t)need;
	/* Pages within the first `depth` results read all of them, so that
	 * their passages can reorder them (rerank_hits). */
	size_t depth = req->passages && !like && !req->sort_date &&
		       pp.rerank > 0 && req->limit ? (size_t)pp.depth : 0;
	uint32_t from = req->offset, count = req->limit;
	if (depth && req->offset < depth) {
		from = 0;
		count = req->offset + req->limit;
		if (count < depth)
			count = (uint32_t)depth;
	} else {
		depth = 0;
	}
	st = dk_reader_search(s->r, ranked, &o, from, count, &ms);
	if (st) {
		set_err(s, "searching", dk_reader_error(s->r));
		goto out;
	}
	page->total = dk_mset_estimated(ms);
	page->total_exact = dk_mset_lower_bound(ms) == dk_mset_upper_bound(ms);
	page->total_min = dk_mset_lower_bound(ms);
	if (page->total_exact)
		page->total = page->total_min;
	int count_folded = !page->total_exact && req->fold &&
			   dk_mset_upper_bound(ms) <= DK_EXACT_FOLDED_MAX;
	/* Facets and histograms count the whole match set of the query as
	 * compiled (ranking only reorders it) in a second pass, which also
	 * counts the folded results when they are to be counted. */
	size_t story_at = 0;
	uint64_t matches = 0;
	if (!(st = dk_facets_spy(req, count_folded ? &story_spec : NULL,
				 &story_at, &spy)) && spy &&
	    !(st = dk_reader_count_spied(s->r, c.query, spy, &matches)) &&
	    !(st = dk_facets_collect(req, spy, page)) && count_folded) {
		st = folded_total(spy, story_at, matches, page);
		count_folded = 0;
	}
	if (st) {
		set_err(s, "searching", dk_reader_error(s->r));
		goto out;
	}
	if (count_folded && (st = exact_folded(s, c.query, page)))
		goto out;
	size_t n = dk_mset_size(ms);
	page->hits = calloc(n ? n : 1, sizeof *page->hits);
	if (!page->hits) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	/* The page's documents in one round trip per remote shard. */
	if (n && (st = dk_mset_fetch(ms))) {
		set_err(s, "reading the results", dk_mset_error(ms));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		dk_hit *h = &page->hits[page->nhits];
		const char *data;
		size_t len;
		if ((st = dk_mset_data(ms, i, &data, &len))) {
			set_err(s, "reading a result", dk_mset_error(ms));
			goto out;
		}
		if (dk_article_decode(data, len, &h->art)) {
			set_err(s, "a stored article is damaged", NULL);
			st = DK_ERR_DB_CORRUPT;
			goto out;
		}
		page->nhits++;
		h->score = dk_mset_weight(ms, i);
		h->also_total = dk_mset_collapse_count(ms, i);
		if (late_from == SIZE_MAX && deadline > 0 && now_s() > deadline)
			late_from = i;
		if (late_from != SIZE_MAX)
			continue;
		const dk_match_set *hm = NULL;
		size_t hl = dk_stemmers_find_index(s->langs, h->art.lang);
		if (req->passages &&
		    ((st = lang_matches(&lm, &c, hl, &hm)) ||
		     (st = dk_passages_select_with(dk_stemmers_at(s->langs, hl),
						   h->art.text,
						   h->art.text_len, hm,
						   &pp, req->passages,
						   &h->passages,
						   &h->npassages))))
			goto out;
		/* A query of filters only (case:, site:, date:) gives the
		 * index no weight: the article is scored by its best passage,
		 * which shows where the docket number stands. */
		if (h->score == 0 && h->npassages && h->passages[0].score > 0)
			h->score = h->passages[0].score;
		if (h->also_total && h->art.story &&
		    (st = list_copies(s, c.query, dk_mset_docid(ms, i), h))) {
			set_err(s, "listing folded copies", dk_reader_error(s->r));
			goto out;
		}
		/* Xapian's count is a lower bound; the listing may know more. */
		if (h->nalso > h->also_total)
			h->also_total = h->nalso;
	}
	if (req->fold && c.query &&
	    (st = list_uncounted_copies(s, c.query, ms, page->hits,
					late_from < page->nhits ? late_from
								: page->nhits)))
		goto out;
	if (depth && late_from == SIZE_MAX &&
	    (st = rerank_hits(page->hits, page->nhits < depth ? page->nhits
							      : depth,
			      pp.rerank)))
		goto out;
	if (depth) {
		/* Back to the page asked for: [offset, offset + limit). */
		size_t a = req->offset < page->nhits ? req->offset : page->nhits;
		size_t b = page->nhits - a < req->limit ? page->nhits
							: a + req->limit;
		for (size_t i = 0; i < page->nhits; i++)
			if (i < a || i >= b)
				hit_clear(&page->hits[i]);
		memmove(page->hits, page->hits + a, (b - a) * sizeof *page->hits);
		page->nhits = b - a;
		if (late_from != SIZE_MAX)
			late_from = late_from > a ? late_from - a : 0;
		n = page->nhits;
	}
	if (late_from != SIZE_MAX &&
	    (st = note_time_limit(page, late_from, n)))
		goto out;
	if (req->suggest && !like && late_from == SIZE_MAX &&
	    (st = dk_spelling_suggest(s->r, s->an, tree, page->query,
				      strlen(page->query), page->total,
				      &page->suggestion)))
		set_err(s, "looking for a spelling suggestion", dk_reader_error(s->r));
out:
	lang_matches_free(&lm);
	dk_spy_free(spy);
	dk_mset_free(ms);
	dk_query_free(ranked);
	dk_rank_info_free(&info);
	dk_compiled_free(&c);
	return st;
}

/* The page's shard counts, and its notice when some did not answer:
 * "3 of 4 shards answered (shard 2 of 4 (HOST:PORT) did not)". */
static dk_status note_shards(const dk_searcher *s, dk_result_page *page)
{
	page->shards = (uint32_t)s->shards;
	page->shards_answered = (uint32_t)s->answered;
	if (s->answered >= s->shards)
		return DK_OK;
	dk_buf b = DK_BUF_INIT;
	if (page->warning)
		dk_buf_printf(&b, "%s; ", page->warning);
	dk_buf_printf(&b, "%zu of %zu shards answered", s->answered, s->shards);
	if (s->missing) {
		/* "shard I of N (SPEC): why" -> its name only */
		const char *end = strstr(s->missing, "): ");
		int n = end ? (int)(end - s->missing) + 1
			    : (int)strlen(s->missing);
		dk_buf_printf(&b, " (%.*s did not)", n, s->missing);
	}
	if (b.err) {
		dk_buf_free(&b);
		return DK_ERR_NOMEM;
	}
	free(page->warning);
	page->warning = dk_buf_detach(&b, NULL);
	return DK_OK;
}

static void page_reset(dk_result_page *p)
{
	for (size_t i = 0; i < p->nhits; i++) {
		dk_article_clear(&p->hits[i].art);
		dk_passages_free(p->hits[i].passages, p->hits[i].npassages);
		also_free(p->hits[i].also, p->hits[i].nalso);
	}
	free(p->hits);
	dk_facets_free(p);
	p->hits = NULL;
	p->nhits = 0;
	p->total = 0;
	p->total_min = 0;
	p->total_exact = 1;
	free(p->suggestion);
	p->suggestion = NULL;
}

dk_status dk_search(dk_searcher *s, const dk_search_request *req,
		    dk_result_page **out)
{
	dk_status st;
	dk_qnode *tree = NULL;
	char *warning = NULL;
	*out = NULL;
	s->err[0] = '\0';
	dk_result_page *page = calloc(1, sizeof *page);
	if (!page)
		return DK_ERR_NOMEM;
	page->offset = req->offset;
	page->limit = req->limit;
	page->total_exact = 1;  /* until a match says otherwise */
	if (req->like_id && !req->query) {
		/* What the page says it searched: the web link's query. */
		dk_buf q = DK_BUF_INIT;
		dk_buf_puts(&q, "like:");
		dk_buf_puts(&q, req->like_id);
		page->query = q.err ? NULL : dk_buf_detach(&q, NULL);
		dk_buf_free(&q);
	} else {
		page->query = dk_strndup(req->query ? req->query : "",
					 req->query ? req->query_len : 0);
	}
	if (!page->query) {
		st = DK_ERR_NOMEM;
		goto fail;
	}
	int like = req->like_id || req->like_text ||
		   (req->plain && req->query &&
		    dk_like_word_count(s->an, req->query, req->query_len) >
			    DK_LIKE_LONG_WORDS);
	if (!like &&
	    (st = dk_qparse(req->query ? req->query : "",
			    req->query ? req->query_len : 0,
			    req->plain ? DK_QP_PLAIN : 0, &tree, &warning)))
		goto fail;
	page->warning = warning;
	/* A partial reader tries to take back the shards it left out (a
	 * refused connection costs a fraction of a millisecond). */
	if (s->answered < s->shards && (st = reopen_live(s, 1)))
		goto fail;
	for (int attempt = 0;; attempt++) {
		st = run(s, req, like, tree, page);
		if ((st != DK_ERR_DB_MODIFIED && st != DK_ERR_NETWORK) ||
		    attempt >= MAX_RETRIES)
			break;
		page_reset(page);
		if ((st = reopen_live(s, st == DK_ERR_NETWORK)))
			break;
	}
	if (st)
		goto fail;
	if ((st = note_shards(s, page)))
		goto fail;
	dk_qnode_free(tree);
	*out = page;
	return DK_OK;
fail:
	dk_qnode_free(tree);
	dk_result_page_free(page);
	return st;
}

/* ---- one article ------------------------------------------------------ */

void dk_article_view_free(dk_article_view *v)
{
	if (!v)
		return;
	dk_article_clear(&v->art);
	free(v->whole.hl);
	dk_passages_free(v->passages, v->npassages);
	also_free(v->also, v->nalso);
	free(v);
}

/* One attempt at dk_search_show(); DK_ERR_DB_MODIFIED asks for a retry. */
static dk_status show_once(dk_searcher *s, const char *id, const dk_qnode *tree,
			   const char *query, size_t query_len,
			   dk_article_view *v)
{
	dk_status st;
	dk_query *self = NULL, *all = NULL;
	dk_compiled c;
	memset(&c, 0, sizeof c);
	if ((st = load_article(s, id, &v->art, &self)))
		goto out;
	if (tree && (st = dk_query_compile_langs(tree, s->an, s->langs, s->r,
							&c))) {
		set_err(s, "compiling the query", dk_reader_error(s->r));
		goto out;
	}
	if (v->art.text && c.match.nterms) {
		dk_passage_params pp;
		if ((st = dk_passage_params_for(query, query_len, &pp)))
			goto out;
		size_t l = dk_stemmers_find_index(s->langs, v->art.lang);
		dk_analyzer *an = dk_stemmers_at(s->langs, l);
		dk_match_set own = { 0 };
		const dk_match_set *m = &c.match;
		if (dk_stemmers_count(s->langs) > 1) {
			if ((st = dk_match_set_for_lang(&c, l, &own)))
				goto out;
			m = &own;
		}
		if (!(st = dk_passage_whole(an, v->art.text, v->art.text_len, m,
					    &v->whole)))
			st = dk_passages_select_with(an, v->art.text,
						     v->art.text_len, m, &pp, 1,
						     &v->passages,
						     &v->npassages);
		dk_match_set_free(&own);
		if (st)
			goto out;
	} else {
		v->whole.end = v->art.text ? v->art.text_len : 0;
	}
	if (v->art.story) {
		/* Every copy of the story, whatever the query. */
		dk_hit h;
		memset(&h, 0, sizeof h);
		h.art.story = v->art.story;
		uint64_t n = 0;
		dk_buf term = DK_BUF_INIT;
		dk_buf_puts(&term, DK_PREFIX_STORY);
		dk_buf_puts(&term, v->art.story);
		if (term.err) {
			st = DK_ERR_NOMEM;
			goto out;
		}
		st = dk_reader_termfreq(s->r, term.data, term.len, &n);
		dk_buf_free(&term);
		if (st || (st = dk_query_match_all(&all)))
			goto out;
		st = list_copies(s, all, 0 /* no docid */, &h);
		v->also = h.also;
		v->nalso = h.nalso;
		v->also_total = n > 1 ? n - 1 : 0;
		if (st)
			goto out;
		/* The listing holds the article itself: leave it out. */
		for (size_t i = 0; i < v->nalso; i++) {
			if (v->also[i].id && !strcmp(v->also[i].id, id)) {
				free(v->also[i].id);
				free(v->also[i].source);
				free(v->also[i].url);
				memmove(v->also + i, v->also + i + 1,
					(v->nalso - i - 1) * sizeof *v->also);
				v->nalso--;
				break;
			}
		}
	}
out:
	dk_compiled_free(&c);
	dk_query_free(self);
	dk_query_free(all);
	return st;
}

dk_status dk_search_show(dk_searcher *s, const char *id, const char *query,
			 size_t query_len, dk_article_view **out)
{
	dk_status st = DK_OK;
	dk_qnode *tree = NULL;
	char *warning = NULL;
	*out = NULL;
	s->err[0] = '\0';
	if (query && query_len &&
	    (st = dk_qparse(query, query_len, 0, &tree, &warning)))
		return st;
	free(warning);
	dk_article_view *v = NULL;
	for (int attempt = 0;; attempt++) {
		dk_article_view_free(v);
		if (!(v = calloc(1, sizeof *v))) {
			st = DK_ERR_NOMEM;
			break;
		}
		st = show_once(s, id, tree, query ? query : "", query ? query_len : 0,
			       v);
		if ((st != DK_ERR_DB_MODIFIED && st != DK_ERR_NETWORK) ||
		    attempt >= MAX_RETRIES)
			break;
		if ((st = reopen_live(s, st == DK_ERR_NETWORK)))
			break;
	}
	dk_qnode_free(tree);
	if (st) {
		dk_article_view_free(v);
		return st;
	}
	*out = v;
	return DK_OK;
}
