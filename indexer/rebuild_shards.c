/*
 * rebuild_shards.c - the steps of a run (rebuild.c) that make or keep a
 * generation of several dealt shards: how many (--shards K, or the rule
 * of shard_count.h), dealing the compacted shard into them, updating
 * dealt shards in place of a copy-and-merge, the global term list,
 * compacting each dealt shard with its ids kept, and how evenly an
 * update leaves them.  Declared in rebuild_int.h.
 */
#include "rebuild_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/fields.h"
#include "../common/index_dir.h"
#include "../shims/xapian_shim.h"
#include "generations.h"
#include "log.h"
#include "manifest.h"
#include "shard_count.h"
#include "shard_update.h"

/* The number of articles in the shard at path into *n; a failure sets
 * the run's error, naming the shard. */
static dk_status shard_articles(run *r, const char *path, uint64_t *n)
{
	dk_reader *rd = NULL;
	char *m = NULL;
	*n = 0;
	dk_status st = dk_reader_open(&path, 1, &rd, &m);
	if (!st)
		st = dk_reader_doccount(rd, n);
	dk_reader_close(rd);
	if (st)
		dk_rb_set_err(r, "counting the articles of %s: %s", path,
			      m ? m : dk_status_str(st));
	free(m);
	return st;
}

/* Step 5 of a rebuild with --shards K: deal the compacted shard's
 * articles into K shards (dk_shim_split, --jobs threads), compacted
 * after their term list is written (compact_dealt). */
dk_status dk_rb_split_new(run *r, unsigned k)
{
	dk_status st = DK_OK;
	struct timespec tc;
	clock_gettime(CLOCK_MONOTONIC, &tc);
	shard *one = &r->sh[r->nsh - 1];
	char **raw = calloc(k, sizeof *raw);
	if (!raw) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	for (unsigned i = 0; i < k && !st; i++)
		if (!(raw[i] = dk_rb_scratch_path(r, "s")))
			st = DK_ERR_NOMEM;
	char *m = NULL;
	if (!st && (st = dk_shim_split(one->path, (const char *const *)raw, k,
					  r->o->jobs ? r->o->jobs :
					  dk_parallel_ncpus(), &m)))
		dk_rb_set_err(r, "splitting into %u shards: %s", k,
			m ? m : dk_status_str(st));
	free(m);
	if (st)
		goto out;
	dk_gen_tree_remove(one->path);
	dk_rb_shard_free(one);
	r->nsh--;
	for (unsigned i = 0; i < k && !st; i++)
		st = dk_rb_shard_add(r, raw[i], NULL, 1, NEW_ORIGIN);
	if (!st)
		dk_rb_say(r, "dealt the articles into %u shards in %.1f s", k,
		    dk_rb_since(&tc));
out:
	for (unsigned i = 0; i < k && raw; i++)
		free(raw[i]);
	free(raw);
	return st;
}

/* Step 5 of a rebuild: the number of shards, --shards K or, by default,
 * the rule of shard_count.h over the compacted shard's articles and
 * bytes (the last of r->sh, from compact_new), logged with its figures. */
dk_status dk_rb_choose_shards(run *r, unsigned *k)
{
	*k = r->o->shards;
	if (*k) {
		r->rep->shards_rule = "given";
		return DK_OK;
	}
	shard *one = &r->sh[r->nsh - 1];
	uint64_t articles = 0, mem = r->o->mem_bytes;
	char *m = NULL;
	dk_status st = shard_articles(r, one->path, &articles);
	if (st)
		return st;
	if (!mem && (st = dk_shard_count_memory(&mem, &m))) {
		dk_rb_set_err(r, "--shards auto: %s", m ? m : dk_status_str(st));
		free(m);
		return st;
	}
	dk_shard_plan *pl = &r->rep->plan;
	*k = dk_shard_count_auto(articles, one->size, mem, pl);
	r->rep->shards_rule = "auto";
	dk_rb_say(r, "--shards auto: %llu articles, %.1f MB as one shard; a shard "
	    "holds at most %.1f MB (half of %.1f MB of memory) and %u articles: "
	    "%u shard%s (%s)", (unsigned long long)articles, dk_rb_mb(pl->bytes),
	    dk_rb_mb(pl->shard_bytes), dk_rb_mb(pl->mem), DK_SHARD_MAX_ARTICLES, *k,
	    *k == 1 ? "" : "s", pl->why);
	return DK_OK;
}

/* 1 if the live generation is K > 1 dealt shards: an update keeps them
 * K (shard_update.h). */
int dk_rb_live_is_dealt(run *r)
{
	size_t k = r->live.nshards;
	char **paths = calloc(k ? k : 1, sizeof *paths);
	int ok = paths != NULL;
	for (size_t i = 0; i < k && ok; i++)
		ok = (paths[i] = dk_index_dir_join(r->dir, r->live.shards[i])) != NULL;
	ok = ok && dk_shard_update_is_dealt((const char *const *)paths, k);
	for (size_t i = 0; i < k && paths; i++)
		free(paths[i]);
	free(paths);
	return ok;
}

/* Step 5 of an update of K dealt shards: copies of all K with the
 * deletions (the file terms of changed and vanished dumps, the ids new
 * articles replace) and the new articles (the last shard of r->sh, from
 * compact_new, when there are any) dealt onto them. */
dk_status dk_rb_update_dealt(run *r, const plan *p)
{
	size_t k = r->live.nshards;
	del_list d = { 0 };
	dk_status st = DK_OK;
	char **live = calloc(k, sizeof *live), **outs = calloc(k, sizeof *outs);
	if (!live || !outs)
		st = DK_ERR_NOMEM;
	for (size_t i = 0; i < r->old.n && !st; i++) {
		const dk_manifest_entry *oe = &r->old.v[i];
		const dk_manifest_entry *ne = dk_manifest_find(&r->now, oe->path);
		char ft[17], term[32];
		if (ne && ne->hash == oe->hash)
			continue;
		dk_manifest_file_term(oe->path, ft);
		int len = snprintf(term, sizeof term, "%s%s", DK_PREFIX_FILE, ft);
		st = dk_rb_del_add(&d, term, (size_t)len);
	}
	for (size_t u = 0; u < p->res.nuids && !st; u++)
		st = dk_rb_del_add(&d, p->res.uids[u], strlen(p->res.uids[u]));
	for (size_t i = 0; i < k && !st; i++)
		if (!(live[i] = dk_index_dir_join(r->dir, r->live.shards[i])) ||
		    !(outs[i] = dk_rb_scratch_path(r, "u")))
			st = DK_ERR_NOMEM;
	int has_new = !st && r->nsh && !strcmp(r->sh[r->nsh - 1].origins[0],
						NEW_ORIGIN);
	dk_shard_update_report ur;
	char *m = NULL;
	if (!st && (st = dk_shard_update((const char *const *)live,
					 (const char *const *)outs, k,
					 (const char *const *)d.terms, d.n,
					 has_new ? r->sh[r->nsh - 1].path : NULL,
					 &ur, &m)))
		dk_rb_set_err(r, "%s", m ? m : dk_status_str(st));
	free(m);
	if (!st && has_new) {
		dk_gen_tree_remove(r->sh[r->nsh - 1].path);
		dk_rb_shard_free(&r->sh[--r->nsh]);
	}
	for (size_t i = 0; i < k && !st; i++)
		st = dk_rb_shard_add(r, outs[i], NULL, 1, dk_rb_live_name(r, i));
	/* The manifest names shard 0 for the new dumps' articles (they are
	 * in every shard; an update of dealt shards deletes in all). */
	if (!st && has_new) {
		shard *s0 = &r->sh[r->nsh - k];
		char **o = realloc(s0->origins, (s0->norigins + 1) * sizeof *o);
		if (!o || !(o[s0->norigins] = dk_strndup(NEW_ORIGIN,
							 strlen(NEW_ORIGIN))))
			st = DK_ERR_NOMEM;
		if (o) {
			s0->origins = o;
			if (!st)
				s0->norigins++;
		}
	}
	if (!st)
		dk_rb_say(r, "kept %zu dealt shards: deleted %llu replaced or vanished "
		    "articles, dealt %llu new ones", k,
		    (unsigned long long)ur.deleted, (unsigned long long)ur.added);
	for (size_t i = 0; i < d.n; i++)
		free(d.terms[i]);
	free(d.terms);
	for (size_t i = 0; i < k && live; i++) {
		free(live[i]);
		free(outs[i]);
	}
	free(live);
	free(outs);
	return st;
}

/* Before step 6: the global term list into every shard, when all of
 * them are new (a generation keeping a live shard keeps its list, whose
 * stamp then no longer matches: searchers walk the shards instead). */
dk_status dk_rb_write_term_list(run *r, int dealt)
{
	dk_status st = DK_OK;
	const char **paths = calloc(r->nsh ? r->nsh : 1, sizeof *paths);
	if (!paths)
		return DK_ERR_NOMEM;
	for (size_t i = 0; i < r->nsh; i++) {
		if (!r->sh[i].scratch) {
			free(paths);
			return DK_OK;
		}
		paths[i] = r->sh[i].path;
	}
	struct timespec tc;
	clock_gettime(CLOCK_MONOTONIC, &tc);
	char *m = NULL;
	dk_term_list_info ti;
	if (r->nsh && (st = dk_shim_write_term_list(paths, r->nsh, r->gen, dealt,
						    &ti, &m)))
		dk_rb_set_err(r, "writing the term list: %s", m ? m : dk_status_str(st));
	else if (r->nsh)
		dk_rb_say(r, "wrote the term list (%llu terms, %.1f MB) into %zu shard%s "
		    "in %.1f s", (unsigned long long)ti.nterms, dk_rb_mb(ti.bytes),
		    r->nsh, r->nsh == 1 ? "" : "s", dk_rb_since(&tc));
	free(m);
	free(paths);
	return st;
}

/* After the term list of dealt shards (a rebuild's or an update's):
 * each shard compacted with its ids kept (they are its place among the
 * shards), the term list with it; an update's copy of a live shard
 * with its deletions and additions becomes as small as a rebuild's.
 * The term list's stamp holds, as compaction keeps the documents, their
 * lengths and the last id. */
dk_status dk_rb_compact_dealt(run *r)
{
	struct timespec tc;
	clock_gettime(CLOCK_MONOTONIC, &tc);
	uint64_t before = 0, after = 0;
	for (size_t i = 0; i < r->nsh; i++) {
		shard *s = &r->sh[i];
		char *out = dk_rb_scratch_path(r, "k"), *m = NULL;
		if (!out)
			return DK_ERR_NOMEM;
		dk_status st = dk_shim_compact_keep_ids(s->path, out, &m);
		if (st) {
			dk_rb_set_err(r, "compacting %s: %s", s->path,
				m ? m : dk_status_str(st));
			free(m);
			free(out);
			return st;
		}
		dk_gen_tree_remove(s->path);
		free(s->path);
		s->path = out;
		before += s->size;
		s->size = dk_gen_tree_size(out);
		after += s->size;
	}
	dk_rb_say(r, "compacted the %zu dealt shard%s: %.1f MB before, %.1f MB "
	    "after, in %.1f s", r->nsh, r->nsh == 1 ? "" : "s", dk_rb_mb(before),
	    dk_rb_mb(after), dk_rb_since(&tc));
	return DK_OK;
}

/* After an update of dealt shards: how evenly its deletions left them.
 * Logged: the smallest and largest shard; a note (even when quiet) when
 * the largest holds over UNEVEN_PERCENT more than the mean, since the
 * slowest shard sets the time of every query over remote shards and the
 * update never moves articles between shards (that would change their
 * ids, and so the order of ties): a rebuild deals them evenly again. */
#define UNEVEN_PERCENT 25
dk_status dk_rb_report_balance(run *r)
{
	uint64_t lo = UINT64_MAX, hi = 0, sum = 0;
	for (size_t i = 0; i < r->nsh; i++) {
		uint64_t n = 0;
		dk_status st = shard_articles(r, r->sh[i].path, &n);
		if (st)
			return st;
		lo = n < lo ? n : lo;
		hi = n > hi ? n : hi;
		sum += n;
	}
	if (!r->nsh)
		return DK_OK;
	double mean = (double)sum / (double)r->nsh;
	dk_rb_say(r, "the %zu shards hold %llu to %llu articles (mean %.1f)", r->nsh,
	    (unsigned long long)lo, (unsigned long long)hi, mean);
	if (hi - lo > 1 && (double)hi > mean * (100 + UNEVEN_PERCENT) / 100)
		dk_log(r->o->err, 1, r->o->prog, "note: the update's deletions "
		       "left the %zu shards uneven: %llu to %llu articles (mean "
		       "%.1f; the largest over %d%% above it); a --rebuild with "
		       "--shards %zu deals them evenly", r->nsh,
		       (unsigned long long)lo, (unsigned long long)hi, mean,
		       UNEVEN_PERCENT, r->nsh);
	return DK_OK;
}

/* After an update (which keeps the live shape): a note, logged even
 * when quiet, when the generation has outgrown its shards by the rule of
 * --shards auto, since only a rebuild reshards.  have: the shards the
 * rule would compare with (K dealt shards; one shard and the small shards
 * of the merge policy count as one). */
void dk_rb_note_outgrown(run *r, size_t have)
{
	uint64_t mem = r->o->mem_bytes;
	if (!mem && dk_shard_count_memory(&mem, NULL))
		return;
	dk_shard_plan pl;
	unsigned k = dk_shard_count_auto(r->rep->articles, r->rep->index_bytes,
					 mem, &pl);
	if (k > have)
		dk_log(r->o->err, 1, r->o->prog, "note: the index (%llu articles, "
		       "%.1f MB) has outgrown its %zu shard%s: --shards auto "
		       "would make %u (%s; a shard holds at most %.1f MB and %u "
		       "articles); a --rebuild reshards it",
		       (unsigned long long)r->rep->articles,
		       dk_rb_mb(r->rep->index_bytes), have, have == 1 ? "" : "s", k,
		       pl.why, dk_rb_mb(pl.shard_bytes), DK_SHARD_MAX_ARTICLES);
}
