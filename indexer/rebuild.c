/*
 * rebuild.c - rebuild, update and rollback runs (see rebuild.h).
 *
 * A run, step by step (each logged unless quiet):
 *   1. prepare DIR (create it; refuse a directory that is neither empty
 *      nor Docket's), take the lock, remove leftovers of failed runs;
 *   2. read the live generation: its stub, manifest and article count;
 *   3. walk the inputs, stat and (when needed) hash them;
 *   4. build the articles to add into `jobs` scratch shards under
 *      DIR/tmp (parallel.h), written without fsync: they are scratch;
 *   5. compact them into one shard; for an update, copy the live shards
 *      that lose articles and delete those there, then apply the merge
 *      policy; with --shards K, deal the articles into K shards (an
 *      update of dealt shards copies all of them and deals the new
 *      articles onto the copies), and compact each dealt shard once its
 *      term list is written (compact_dealt);
 *   6. move the new shards to DIR/shards, fsync them, write the manifest;
 *   7. check the new generation, publish it, remove what neither the live
 *      nor the previous generation names.
 * A failure at any step stops the run; step 7's clean-up (or the next
 * run's step 1) removes what it left.  do_run() calls the steps in this
 * order, each a function of its own (prepare, walk_inputs, select_inputs,
 * build_new, carry_live_shards, compact_new, choose_shards, split_new,
 * update_dealt, apply_merge_policy, write_term_list, compact_dealt,
 * place_shards, check_generation, publish, clean_up); the steps of
 * sharded generations (choose_shards ... compact_dealt, dk_rb_* ) live in
 * rebuild_shards.c, the run's log, error and shard list in rebuild_run.c,
 * the types they share in rebuild_int.h, and the probes of the check in
 * gen_check.c.  A rebuild decides its number of shards
 * (choose_shards: --shards K, or the rule of shard_count.h) after step
 * 5's compaction, when the articles and their bytes are known; an update
 * keeps the shape of the live generation.
 */
#define _GNU_SOURCE 1 /* realpath with all headers */
#include "rebuild.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <dirent.h>

#include "../common/analyzer.h"
#include "../common/article.h"
#include "../common/buf.h"
#include "../common/fields.h"
#include "../common/index_dir.h"
#include "../shims/xapian_shim.h"
#include "gen_check.h"
#include "generations.h"
#include "log.h"
#include "manifest.h"
#include "parallel.h"
#include "rebuild_int.h"
#include "story_seed.h"
#include "walk.h"

#define MERGE_FACTOR 4
#define MAX_SHARDS 8
/* An update reading less than this is built by one worker. */
#define SMALL_BUILD (4u * 1024 * 1024)

/* Compact srcs into a new scratch shard; *out its path (malloc'd). */
static dk_status compact_into(run *r, const char *const *srcs, size_t n,
			      char **out)
{
	*out = dk_rb_scratch_path(r, "c");
	if (!*out)
		return DK_ERR_NOMEM;
	char *m = NULL;
	dk_status st = dk_shim_compact(srcs, n, *out, &m);
	if (st) {
		dk_rb_set_err(r, "compacting: %s", m ? m : dk_status_str(st));
		free(*out);
		*out = NULL;
	}
	free(m);
	return st;
}

/* Replace shards [i, i+1] by their compaction. */
static dk_status merge_pair(run *r, size_t i)
{
	shard *a = &r->sh[i], *b = &r->sh[i + 1];
	const char *srcs[2] = { a->path, b->path };
	char *out = NULL;
	dk_status st = compact_into(r, srcs, 2, &out);
	if (st)
		return st;
	char **o = realloc(a->origins, (a->norigins + b->norigins) * sizeof *o);
	if (!o) {
		free(out);
		return DK_ERR_NOMEM;
	}
	a->origins = o;
	for (size_t k = 0; k < b->norigins; k++)
		a->origins[a->norigins++] = b->origins[k];
	b->norigins = 0;
	if (a->scratch)
		dk_gen_tree_remove(a->path);
	if (b->scratch)
		dk_gen_tree_remove(b->path);
	free(a->path);
	free(a->name);
	a->path = out;
	a->name = NULL;
	a->scratch = 1;
	a->size = dk_gen_tree_size(out);
	dk_rb_shard_free(b);
	memmove(r->sh + i + 1, r->sh + i + 2, (r->nsh - i - 2) * sizeof *r->sh);
	r->nsh--;
	return DK_OK;
}

static dk_status apply_merge_policy(run *r)
{
	dk_status st = DK_OK;
	size_t merges = 0;
	while (!st && r->nsh >= 2 &&
	       r->sh[r->nsh - 2].size <= MERGE_FACTOR * r->sh[r->nsh - 1].size) {
		st = merge_pair(r, r->nsh - 2);
		merges++;
	}
	while (!st && r->nsh > MAX_SHARDS) {
		size_t best = 0;
		for (size_t i = 1; i + 1 < r->nsh; i++)
			if (r->sh[i].size + r->sh[i + 1].size <
			    r->sh[best].size + r->sh[best + 1].size)
				best = i;
		st = merge_pair(r, best);
		merges++;
	}
	if (!st && merges)
		dk_rb_say(r, "merge policy: %zu merge%s, %zu shard%s now", merges,
		    merges == 1 ? "" : "s", r->nsh, r->nsh == 1 ? "" : "s");
	return st;
}

/* Move the scratch shards to DIR/shards/gNNNNNN-K and sync them. */
static dk_status place_shards(run *r)
{
	char *sd = dk_index_dir_join(r->dir, DK_INDEX_SHARDS);
	if (!sd)
		return DK_ERR_NOMEM;
	dk_status st = dk_gen_mkdirs(sd);
	for (size_t i = 0, k = 0; i < r->nsh && !st; i++) {
		shard *s = &r->sh[i];
		if (!s->scratch)
			continue;
		char name[64];
		snprintf(name, sizeof name, "g%06llu-%zu",
			 (unsigned long long)r->gen, k++);
		char *dst = dk_index_dir_join(sd, name);
		if (!dst) {
			st = DK_ERR_NOMEM;
			break;
		}
		if ((st = dk_gen_tree_sync(s->path)) == DK_OK &&
		    rename(s->path, dst) != 0) {
			st = DK_ERR_IO;
			dk_rb_set_err(r, "cannot move %s to %s: %s", s->path, dst,
				strerror(errno));
		} else if (st) {
			dk_rb_set_err(r, "cannot sync %s: %s", s->path, strerror(errno));
		}
		if (!st) {
			free(s->path);
			free(s->name);
			s->path = dst;
			s->name = dk_strndup(name, strlen(name));
			s->scratch = 0;
			if (!s->name)
				st = DK_ERR_NOMEM;
		} else {
			free(dst);
		}
	}
	if (!st && (st = dk_gen_dir_sync(sd)))
		dk_rb_set_err(r, "cannot sync %s", sd);
	free(sd);
	return st;
}

/* ---- the check -------------------------------------------------------- */

/* gen_check.h's check of the new shards, then the decision: a generation
 * with no articles, or under half the live one's, is not published
 * unless forced. */
static dk_status check_generation(run *r)
{
	dk_status st;
	char *m = NULL;
	const char **paths = calloc(r->nsh ? r->nsh : 1, sizeof *paths);
	if (!paths)
		return DK_ERR_NOMEM;
	for (size_t i = 0; i < r->nsh; i++)
		paths[i] = r->sh[i].path;
	uint64_t count = 0;
	st = dk_gen_check(paths, r->nsh, &count, &m);
	free(paths);
	if (st) {
		if (m && *m)
			dk_rb_set_err(r, "check: %s", m);
		free(m);
		return st;
	}
	r->rep->articles = count;
	dk_rb_say(r, "check: %llu articles (live generation: %llu)%s",
	    (unsigned long long)count,
	    (unsigned long long)r->rep->live_articles,
	    count ? "; probe queries answered" : "");
	if (count == 0 && !r->o->force) {
		dk_rb_set_err(r, "check: the new generation holds no articles; not "
			"published (--force publishes it anyway)");
		r->rep->refused = 1;
		st = DK_ERR_INVALID;
	} else if (count * 2 < r->rep->live_articles && !r->o->force) {
		dk_rb_set_err(r, "check: the new generation holds %llu articles, under "
			"half of the live one's %llu; not published (--force "
			"publishes it anyway)", (unsigned long long)count,
			(unsigned long long)r->rep->live_articles);
		r->rep->refused = 1;
		st = DK_ERR_INVALID;
	}
	return st;
}

/* ---- preparing -------------------------------------------------------- */

static int dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dirent *e;
	int empty = 1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

static dk_status prepare(run *r)
{
	const char *dir = r->dir;
	struct stat sb;
	dk_status st;
	if (stat(dir, &sb) != 0) {
		if ((st = dk_gen_mkdirs(dir))) {
			dk_rb_set_err(r, "cannot create %s: %s", dir, strerror(errno));
			return st;
		}
	} else if (!S_ISDIR(sb.st_mode)) {
		dk_rb_set_err(r, "%s is not a directory", dir);
		return DK_ERR_INVALID;
	}
	dk_index_kind kind = dk_index_dir_kind(dir);
	char *lock = dk_index_dir_join(dir, DK_INDEX_LOCK);
	int marked = lock && stat(lock, &sb) == 0;
	free(lock);
	if (kind == DK_INDEX_PLAIN) {
		dk_rb_set_err(r, "%s holds an index written in place (without "
			"--rebuild); rebuild into a new directory instead", dir);
		return DK_ERR_INVALID;
	}
	if (kind == DK_INDEX_NONE && !marked && !dir_is_empty(dir)) {
		dk_rb_set_err(r, "%s is neither empty nor a Docket index directory; "
			"refusing to manage its files", dir);
		return DK_ERR_INVALID;
	}
	long holder = 0;
	st = dk_gen_lock(dir, &r->lock_fd, &holder);
	if (st == DK_ERR_BUSY) {
		r->rep->holder_pid = holder;
		if (holder)
			dk_rb_set_err(r, "%s: another rebuild or update is running "
				"(process %ld); try again later", dir, holder);
		else
			dk_rb_set_err(r, "%s: another rebuild or update is running; "
				"try again later", dir);
		return st;
	}
	if (st) {
		dk_rb_set_err(r, "cannot lock %s: %s", dir, strerror(errno));
		return st;
	}
	dk_gc_stats gs;
	st = dk_gen_gc(dir, &gs);
	if (st) {
		dk_rb_set_err(r, "cannot clean up %s: %s", dir, strerror(errno));
		return st;
	}
	if (gs.removed)
		dk_rb_say(r, "removed %zu leftover%s of an earlier failed run (%.1f MB)",
		    gs.removed, gs.removed == 1 ? "" : "s", dk_rb_mb(gs.bytes));
	st = dk_gen_read_stub(dir, 0, &r->live);
	if (st == DK_ERR_NOT_FOUND) {
		memset(&r->live, 0, sizeof r->live);
		st = DK_OK;
	}
	if (st) {
		dk_rb_set_err(r, "cannot read the live generation of %s: %s", dir,
			dk_status_str(st));
		return st;
	}
	if (r->live.nshards) {
		r->rep->previous = r->live.generation;
		char **paths = calloc(r->live.nshards, sizeof *paths);
		if (!paths)
			return DK_ERR_NOMEM;
		for (size_t i = 0; i < r->live.nshards && !st; i++)
			if (!(paths[i] = dk_index_dir_join(dir, r->live.shards[i])))
				st = DK_ERR_NOMEM;
		char *m = NULL;
		if (!st)
			st = dk_gen_check_count((const char *const *)paths,
						r->live.nshards,
						&r->rep->live_articles,
						&r->live_lang, &m);
		for (size_t i = 0; i < r->live.nshards; i++)
			free(paths[i]);
		free(paths);
		if (st) {
			/* A broken live generation must not stop its
			 * replacement: the new one is checked on its own. */
			dk_rb_say(r, "warning: the live generation does not open (%s); "
			    "its article count is taken as 0",
			    m ? m : dk_status_str(st));
			r->rep->live_articles = 0;
			st = DK_OK;
		}
		free(m);
		if (r->live.manifest) {
			char *mp = dk_index_dir_join(dir, r->live.manifest);
			st = mp ? dk_manifest_read(mp, &r->old) : DK_ERR_NOMEM;
			free(mp);
			if (st == DK_ERR_NOT_FOUND || st == DK_ERR_PARSE) {
				dk_rb_say(r, "warning: the live generation's manifest is "
				    "%s; every input counts as new",
				    st == DK_ERR_PARSE ? "malformed" : "missing");
				dk_manifest_clear(&r->old);
				st = DK_OK;
			}
		}
	}
	if (!st && (st = dk_gen_next_number(dir, &r->gen)))
		dk_rb_set_err(r, "cannot read %s: %s", dir, dk_status_str(st));
	if (st)
		return st;
	dk_buf t = DK_BUF_INIT;
	dk_buf_printf(&t, "%s/%s/g%06llu", dir, DK_INDEX_TMP,
		      (unsigned long long)r->gen);
	if (t.err)
		return DK_ERR_NOMEM;
	r->tmp = dk_buf_detach(&t, NULL);
	if ((st = dk_gen_mkdirs(r->tmp)))
		dk_rb_set_err(r, "cannot create %s: %s", r->tmp, strerror(errno));
	return st;
}

static void report_walk(void *ctx, const char *path, const char *msg)
{
	run *r = ctx;
	dk_log(r->o->err, 1, r->o->prog, "%s: %s", path, msg);
	r->rep->stats.skipped++;
}

/* Walk the inputs; r->now gets one entry per distinct file (stat'ed,
 * not hashed yet). */
static dk_status walk_inputs(run *r, const char *const *paths, size_t n)
{
	dk_status st = DK_OK;
	for (size_t i = 0; i < n && !st; i++)
		st = dk_walk(paths[i], &r->list, report_walk, r);
	if (st)
		return st;
	r->abs = calloc(r->list.n ? r->list.n : 1, sizeof *r->abs);
	if (!r->abs)
		return DK_ERR_NOMEM;
	for (size_t i = 0; i < r->list.n && !st; i++) {
		char *a = realpath(r->list.v[i].path, NULL);
		if (!a) {
			dk_log(r->o->err, 1, r->o->prog, "%s: %s",
			       r->list.v[i].path, strerror(errno));
			r->rep->stats.skipped++;
			continue;
		}
		dk_manifest_entry e = { 0 };
		e.path = a;
		if (dk_manifest_find(&r->now, a) == NULL &&
		    dk_manifest_stat(&e) == DK_OK) {
			st = dk_manifest_add(&r->now, &e);
			dk_manifest_sort(&r->now);
			r->abs[i] = a;
		} else {
			free(a);  /* given twice, or gone since the walk */
		}
	}
	return st;
}

/* ---- the run ---------------------------------------------------------- */

static long live_index(const run *r, const char *shard_name)
{
	size_t k = strlen(DK_INDEX_SHARDS);
	for (size_t i = 0; i < r->live.nshards; i++) {
		const char *s = r->live.shards[i];
		if (!strncmp(s, DK_INDEX_SHARDS, k) && s[k] == '/' &&
		    !strcmp(s + k + 1, shard_name))
			return (long)i;
	}
	return -1;
}

/*
 * Update: the live shards losing articles (of changed and vanished dumps,
 * and ids that new articles replace) are copied and the articles deleted
 * from the copies; the others are kept as they are.
 */
static dk_status carry_live_shards(run *r, const dk_build_result *res)
{
	dk_status st = DK_OK;
	size_t nl = r->live.nshards;
	del_list *dels = calloc(nl ? nl : 1, sizeof *dels);
	char **paths = calloc(nl ? nl : 1, sizeof *paths);
	if (!dels || !paths) {
		free(dels);
		free(paths);
		return DK_ERR_NOMEM;
	}
	for (size_t i = 0; i < nl && !st; i++)
		if (!(paths[i] = dk_index_dir_join(r->dir, r->live.shards[i])))
			st = DK_ERR_NOMEM;
	/* Dumps changed or gone: delete by their "F" term. */
	for (size_t i = 0; i < r->old.n && !st; i++) {
		const dk_manifest_entry *oe = &r->old.v[i];
		const dk_manifest_entry *ne = dk_manifest_find(&r->now, oe->path);
		if (ne && ne->hash == oe->hash)
			continue;
		long k = oe->shard ? live_index(r, oe->shard) : -1;
		if (k < 0)
			continue;
		char ft[17];
		char term[32];
		dk_manifest_file_term(oe->path, ft);
		int len = snprintf(term, sizeof term, "%s%s", DK_PREFIX_FILE, ft);
		st = dk_rb_del_add(&dels[k], term, (size_t)len);
	}
	/* Ids the new articles replace. */
	for (size_t i = 0; i < nl && !st && res->nuids; i++) {
		dk_reader *rd = NULL;
		char *m = NULL;
		const char *p1[1] = { paths[i] };
		if ((st = dk_reader_open(p1, 1, &rd, &m))) {
			dk_rb_set_err(r, "cannot open %s: %s", paths[i],
				m ? m : dk_status_str(st));
			free(m);
			break;
		}
		for (size_t u = 0; u < res->nuids && !st; u++) {
			uint64_t tf = 0;
			st = dk_reader_termfreq(rd, res->uids[u],
						strlen(res->uids[u]), &tf);
			if (!st && tf)
				st = dk_rb_del_add(&dels[i], res->uids[u],
					     strlen(res->uids[u]));
		}
		if (st && !r->err[0])
			dk_rb_set_err(r, "reading %s: %s", paths[i], dk_reader_error(rd));
		dk_reader_close(rd);
	}
	size_t copied = 0, dropped = 0;
	uint64_t deleted = 0;
	for (size_t i = 0; i < nl && !st; i++) {
		if (dels[i].n == 0) {
			st = dk_rb_shard_add(r, paths[i], dk_rb_live_name(r, i), 0,
				       dk_rb_live_name(r, i));
			continue;
		}
		char *cp = dk_rb_scratch_path(r, "u");
		if (!cp) {
			st = DK_ERR_NOMEM;
			break;
		}
		dk_writer *w = NULL;
		char *m = NULL;
		uint64_t left = 0;
		if ((st = dk_gen_dir_copy(paths[i], cp))) {
			dk_rb_set_err(r, "cannot copy %s: %s", paths[i], strerror(errno));
		} else if ((st = dk_writer_open(cp, DK_WRITER_NO_SYNC, &w, &m))) {
			dk_rb_set_err(r, "cannot open %s: %s", cp, m ? m : "");
		} else {
			for (size_t t = 0; t < dels[i].n && !st; t++) {
				int nd = 0;
				st = dk_writer_delete(w, dels[i].terms[t],
						      strlen(dels[i].terms[t]), &nd);
				deleted += (uint64_t)nd;
			}
			if (!st)
				st = dk_writer_doccount(w, &left);
			if (st)
				dk_rb_set_err(r, "deleting from %s: %s", cp,
					dk_writer_error(w));
			if (!st) {
				st = dk_writer_close(w, &m);
				if (st)
					dk_rb_set_err(r, "writing %s: %s", cp, m ? m : "");
			} else {
				dk_writer_abandon(w);
			}
		}
		free(m);
		if (!st && left == 0) {
			dk_gen_tree_remove(cp);
			dropped++;
		} else if (!st) {
			st = dk_rb_shard_add(r, cp, NULL, 1, dk_rb_live_name(r, i));
			copied++;
		}
		free(cp);
	}
	if (!st && (copied || dropped))
		dk_rb_say(r, "deleted %llu replaced or vanished articles from copies of "
		    "%zu shard%s%s", (unsigned long long)deleted, copied + dropped,
		    copied + dropped == 1 ? "" : "s",
		    dropped ? " (some left empty and dropped)" : "");
	for (size_t i = 0; i < nl; i++) {
		for (size_t t = 0; t < dels[i].n; t++)
			free(dels[i].terms[t]);
		free(dels[i].terms);
		free(paths[i]);
	}
	free(dels);
	free(paths);
	return st;
}

/* The final shard name holding origin (a live shard name or NEW_ORIGIN). */
static const char *final_name(const run *r, const char *origin)
{
	for (size_t i = 0; i < r->nsh; i++)
		for (size_t k = 0; k < r->sh[i].norigins; k++)
			if (!strcmp(r->sh[i].origins[k], origin))
				return r->sh[i].name;
	return NULL;
}

static dk_status write_manifest(run *r, const dk_build_input *in,
				const size_t *in_entry, size_t nin,
				dk_stub *stub)
{
	dk_manifest m = { 0 };
	dk_status st = DK_OK;
	/* Entries in r->now are the inputs; those built now take their
	 * counts from the build, the rest carry the old entry over. */
	uint64_t *built = calloc(r->now.n ? r->now.n : 1, sizeof *built);
	unsigned char *is_built = calloc(r->now.n ? r->now.n : 1, 1);
	if (!built || !is_built)
		st = DK_ERR_NOMEM;
	for (size_t i = 0; i < nin && !st; i++) {
		built[in_entry[i]] = in[i].articles;
		is_built[in_entry[i]] = 1;
	}
	for (size_t i = 0; i < r->now.n && !st; i++) {
		dk_manifest_entry e = r->now.v[i];
		if (is_built[i]) {
			e.articles = built[i];
			e.shard = (char *)final_name(r, NEW_ORIGIN);
		} else {
			const dk_manifest_entry *oe = dk_manifest_find(&r->old, e.path);
			e.articles = oe ? oe->articles : 0;
			e.shard = oe && oe->shard ? (char *)final_name(r, oe->shard)
						  : NULL;
		}
		st = dk_manifest_add(&m, &e);
	}
	char rel[64];
	snprintf(rel, sizeof rel, "%s/%06llu", DK_INDEX_MANIFESTS,
		 (unsigned long long)r->gen);
	char *dir = dk_index_dir_join(r->dir, DK_INDEX_MANIFESTS);
	char *path = dk_index_dir_join(r->dir, rel);
	if (!st && (!dir || !path))
		st = DK_ERR_NOMEM;
	if (!st && (st = dk_gen_mkdirs(dir)))
		dk_rb_set_err(r, "cannot create %s: %s", dir, strerror(errno));
	if (!st) {
		dk_manifest_sort(&m);
		if ((st = dk_manifest_write(&m, path)))
			dk_rb_set_err(r, "cannot write %s: %s", path,
				st == DK_ERR_INVALID
					? "a shard name with a control character "
					  "or an empty path"
					: strerror(errno));
	}
	if (!st && (st = dk_gen_dir_sync(dir)))
		dk_rb_set_err(r, "cannot sync %s", dir);
	if (!st && !(stub->manifest = dk_strndup(rel, strlen(rel))))
		st = DK_ERR_NOMEM;
	free(dir);
	free(path);
	free(built);
	free(is_built);
	dk_manifest_clear(&m);
	return st;
}

static void warn_space(run *r, uint64_t input_bytes)
{
	struct statvfs vs;
	if (statvfs(r->dir, &vs) != 0)
		return;
	uint64_t avail = (uint64_t)vs.f_bavail * (uint64_t)vs.f_frsize;
	/* Scratch shards run near 2.5x the input text and the compacted
	 * generation near 1.6x, beside them: about 4x the input, or (for
	 * gzip input, whose size says little) about 2.5x the live
	 * generation, which the new one will resemble. */
	uint64_t live = 0;
	for (size_t i = 0; i < r->live.nshards; i++) {
		char *p = dk_index_dir_join(r->dir, r->live.shards[i]);
		if (p)
			live += dk_gen_tree_size(p);
		free(p);
	}
	uint64_t need = 4 * input_bytes;
	if (need < live / 2 * 5)
		need = live / 2 * 5;
	if (avail < need)
		dk_log(r->o->err, 1, r->o->prog, "warning: %.0f MB free on the "
		       "file system of %s; this run may need about %.0f MB",
		       dk_rb_mb(avail), r->dir, dk_rb_mb(need));
}

/*
 * An update's story index begins with the live generation's recent
 * articles (story_seed.h), so new copies fold into stories an earlier
 * run began.  Ownership: *out belongs to the caller (dk_stories_free).
 */
static dk_status seed_stories(run *r, dk_stories **out)
{
	size_t nl = r->live.nshards, added = 0;
	char **paths = calloc(nl ? nl : 1, sizeof *paths);
	dk_status st = paths ? dk_stories_new(0, 0, out) : DK_ERR_NOMEM;
	for (size_t i = 0; i < nl && !st; i++)
		if (!(paths[i] = dk_index_dir_join(r->dir, r->live.shards[i])))
			st = DK_ERR_NOMEM;
	char *m = NULL;
	/* Seeding can only fail to read the live index, which the update
	 * then reports itself; only folding would suffer. */
	if (!st && dk_story_seed(*out, (const char *const *)paths, nl, &added,
				 &m))
		dk_log(r->o->err, 1, r->o->prog, "warning: %s; copies of live "
		       "stories will not fold with new ones",
		       m ? m : "reading the live index");
	else if (!st)
		dk_rb_say(r, "story index: %zu live articles of the last %d days",
		    added, DK_SEED_DAYS);
	free(m);
	for (size_t i = 0; i < nl && paths; i++)
		free(paths[i]);
	free(paths);
	if (st) {
		dk_stories_free(*out);
		*out = NULL;
	}
	return st;
}

/* ---- the run ---------------------------------------------------------- */

static void plan_free(plan *p)
{
	free(p->terms);
	if (p->wpaths)
		for (unsigned k = 0; k < p->jobs; k++)
			free(p->wpaths[k]);
	free(p->wpaths);
	free(p->in);
	free(p->in_entry);
	dk_build_result_clear(&p->res);
	dk_stub_clear(&p->stub);
}

/* An update's new shards must stem as the live ones do: --lang must agree
 * with the live generation's language, which is used. */
static dk_status check_language(run *r, plan *p)
{
	if (!p->update || !r->live_lang)
		return DK_OK;
	dk_analyzer *an = NULL;
	if (p->lang && dk_analyzer_new(p->lang, &an) == DK_OK &&
	    strcmp(dk_analyzer_language(an), r->live_lang)) {
		dk_rb_set_err(r, "the live generation was built with --lang %s, not "
			"%s; rebuild to change the language", r->live_lang,
			dk_analyzer_language(an));
		dk_analyzer_free(an);
		return DK_ERR_INVALID;
	}
	dk_analyzer_free(an);
	p->lang = r->live_lang;
	return DK_OK;
}

/* Step 3: hash the walked inputs (an update reuses the manifest's hash
 * of a file whose size and mtime are unchanged) and pick those to read:
 * all of them for a rebuild, the new and changed ones for an update. */
static dk_status select_inputs(run *r, plan *p)
{
	dk_status st = DK_OK;
	size_t cap = r->list.n ? r->list.n : 1;
	p->in = calloc(cap, sizeof *p->in);
	p->in_entry = calloc(cap, sizeof *p->in_entry);
	p->terms = calloc(cap, sizeof *p->terms);
	if (!p->in || !p->in_entry || !p->terms)
		return DK_ERR_NOMEM;
	for (size_t i = 0; i < r->list.n && !st; i++) {
		if (!r->abs[i])
			continue;
		dk_manifest_entry *e = dk_manifest_find(&r->now, r->abs[i]);
		const dk_manifest_entry *oe =
			p->update ? dk_manifest_find(&r->old, r->abs[i]) : NULL;
		if (oe && oe->size == e->size && oe->mtime_ns == e->mtime_ns) {
			e->hash = oe->hash;
			r->rep->files_same++;
			continue;
		}
		if ((st = dk_manifest_hash_file(e->path, &e->hash))) {
			dk_log(r->o->err, 1, r->o->prog, "%s: cannot read: %s",
			       e->path, strerror(errno));
			r->rep->stats.skipped++;
			st = DK_OK;
			continue;
		}
		if (oe && oe->hash == e->hash) {
			r->rep->files_same++;
			continue;
		}
		if (oe)
			r->rep->files_changed++;
		else
			r->rep->files_new++;
		size_t k = p->nin++;
		dk_manifest_file_term(e->path, p->terms[k]);
		p->in[k].path = r->list.v[i].path;
		p->in[k].id = r->list.v[i].id;
		p->in[k].file_term = p->terms[k];
		p->in[k].size = e->size;
		p->in_entry[k] = (size_t)(e - r->now.v);
		p->in_bytes += e->size;
	}
	for (size_t i = 0; i < r->old.n && p->update; i++)
		if (!dk_manifest_find(&r->now, r->old.v[i].path))
			r->rep->files_removed++;
	if (st)
		return st;
	if (p->update)
		dk_rb_say(r, "update of %s: %zu new, %zu changed, %zu removed, %zu "
		    "unchanged input files", r->dir, r->rep->files_new,
		    r->rep->files_changed, r->rep->files_removed,
		    r->rep->files_same);
	else
		dk_rb_say(r, "rebuild of %s: %zu input files (%.1f MB); generation "
		    "%llu, %u job%s", r->dir, p->nin, dk_rb_mb(p->in_bytes),
		    (unsigned long long)r->gen, p->jobs, p->jobs == 1 ? "" : "s");
	return DK_OK;
}

/* An update with no new, changed or removed input leaves the live
 * generation as it is; returns 1 (with the report filled) then. */
static int nothing_changed(run *r, const plan *p)
{
	if (!p->update || p->nin || r->rep->files_removed)
		return 0;
	dk_rb_say(r, "nothing changed since generation %llu",
	    (unsigned long long)r->live.generation);
	r->rep->unchanged = 1;
	r->rep->generation = r->live.generation;
	r->rep->articles = r->rep->live_articles;
	r->rep->shards = r->live.nshards;
	return 1;
}

/* Step 4: read the selected inputs into jobs scratch shards. */
static dk_status build_new(run *r, plan *p)
{
	dk_status st = DK_OK;
	if (p->update && p->in_bytes < SMALL_BUILD)
		p->jobs = 1;  /* not worth a second scratch shard */
	p->wpaths = calloc(p->jobs, sizeof *p->wpaths);
	if (!p->wpaths)
		return DK_ERR_NOMEM;
	for (unsigned k = 0; k < p->jobs && !st; k++)
		if (!(p->wpaths[k] = dk_rb_scratch_path(r, "w")))
			st = DK_ERR_NOMEM;
	if (st)
		return st;
	dk_build_opts bo = { 0 };
	bo.lang = p->lang;
	bo.single_stem = r->o->single_stem;
	bo.format = r->o->format;
	bo.max_record = r->o->max_record;
	bo.jobs = p->jobs;
	bo.writer_flags = DK_WRITER_NO_SYNC;
	bo.commit_bytes = r->o->commit_bytes;
	bo.progress = r->o->progress;
	bo.timestamps = 1;
	bo.err = r->o->err;
	bo.prog = r->o->prog;
	if (p->update && (st = seed_stories(r, &bo.stories)))
		return st;
	char *m = NULL;
	st = dk_parallel_build(&bo, p->in, p->nin, (const char *const *)p->wpaths,
			     &p->res, &m);
	dk_stories_free(bo.stories);
	if (st) {
		dk_rb_set_err(r, "building: %s", m ? m : dk_status_str(st));
		free(m);
		return st;
	}
	free(m);
	const dk_index_stats *bs = &p->res.stats;
	uint64_t sk = r->rep->stats.skipped;
	r->rep->stats = *bs;
	r->rep->stats.skipped += sk;
	dk_rb_say(r, "indexed %llu articles (%llu repeated ids, %llu skipped, "
	    "%llu warnings) from %.1f MB in %.1f s (%.1f MB/s)",
	    (unsigned long long)bs->indexed,
	    (unsigned long long)bs->replaced,
	    (unsigned long long)bs->skipped,
	    (unsigned long long)bs->warnings,
	    dk_rb_mb(bs->bytes), bs->seconds,
	    bs->seconds > 0 ? dk_rb_mb(bs->bytes) / bs->seconds : 0.0);
	return DK_OK;
}

/* Step 5: compact the scratch shards into one shard of the new
 * generation. */
static dk_status compact_new(run *r, plan *p)
{
	dk_status st;
	struct timespec tc;
	clock_gettime(CLOCK_MONOTONIC, &tc);
	char *out = NULL;
	if ((st = compact_into(r, (const char *const *)p->wpaths, p->jobs,
			       &out)))
		return st;
	for (unsigned k = 0; k < p->jobs; k++)
		dk_gen_tree_remove(p->wpaths[k]);
	st = dk_rb_shard_add(r, out, NULL, 1, NEW_ORIGIN);
	free(out);
	if (st)
		return st;
	dk_rb_say(r, "compacted %u scratch shard%s into %.1f MB in %.1f s", p->jobs,
	    p->jobs == 1 ? "" : "s", dk_rb_mb(r->sh[r->nsh - 1].size), dk_rb_since(&tc));
	return DK_OK;
}

/* Steps 6 and 7 after the check: the stub naming the placed shards, the
 * manifest, and the rename that makes the generation live. */
static dk_status publish(run *r, plan *p)
{
	dk_status st;
	dk_stub *stub = &p->stub;
	stub->generation = r->gen;
	stub->shards = calloc(r->nsh ? r->nsh : 1, sizeof *stub->shards);
	if (!stub->shards)
		return DK_ERR_NOMEM;
	for (size_t i = 0; i < r->nsh; i++) {
		dk_buf b = DK_BUF_INIT;
		dk_buf_printf(&b, "%s/%s", DK_INDEX_SHARDS, r->sh[i].name);
		if (b.err)
			return DK_ERR_NOMEM;
		stub->shards[stub->nshards++] = dk_buf_detach(&b, NULL);
		r->rep->index_bytes += r->sh[i].size;
	}
	if ((st = write_manifest(r, p->in, p->in_entry, p->nin, stub)))
		return st;
	if (stub->nshards == 0) {
		dk_rb_set_err(r, "the new generation has no shards; not published");
		r->rep->refused = 1;
		return DK_ERR_INVALID;
	}
	char *m = NULL;
	if ((st = dk_gen_publish(r->dir, stub, &m))) {
		dk_rb_set_err(r, "publishing: %s", m ? m : dk_status_str(st));
		free(m);
		return st;
	}
	r->rep->generation = r->gen;
	r->rep->shards = stub->nshards;
	dk_rb_say(r, "published generation %llu (%zu shard%s, %.1f MB)",
	    (unsigned long long)r->gen, stub->nshards,
	    stub->nshards == 1 ? "" : "s", dk_rb_mb(r->rep->index_bytes));
	return DK_OK;
}

/* Step 7's clean-up, run whatever happened: scratch space first, so the
 * count that follows is what no generation needs any more. */
static void clean_up(run *r, dk_status st)
{
	if (r->tmp) {
		char *t = dk_index_dir_join(r->dir, DK_INDEX_TMP);
		if (t)
			dk_gen_tree_remove(t);
		free(t);
	}
	if (r->lock_fd >= 0) {
		dk_gc_stats gs;
		if (dk_gen_gc(r->dir, &gs) == DK_OK && gs.removed && !st)
			dk_rb_say(r, "removed %zu files or directories no generation "
			    "needs (%.1f MB)", gs.removed, dk_rb_mb(gs.bytes));
	}
}

/* The steps of the opening comment, in order; a failure stops the run,
 * and clean_up runs in any case. */
static dk_status do_run(run *r, const char *const *paths, size_t n,
			int update)
{
	dk_status st;
	plan p;
	memset(&p, 0, sizeof p);
	p.update = update;
	p.lang = r->o->lang;
	p.jobs = r->o->jobs ? r->o->jobs : dk_parallel_ncpus();

	if ((st = prepare(r)))
		goto out;
	if (p.update && !r->live.nshards) {
		dk_rb_say(r, "no live generation yet: building one from all inputs");
		p.update = 0;
	}
	if ((st = check_language(r, &p)) || (st = walk_inputs(r, paths, n)) ||
	    (st = select_inputs(r, &p)))
		goto out;
	if (nothing_changed(r, &p))
		goto out;
	warn_space(r, p.in_bytes);
	if (p.nin && (st = build_new(r, &p)))
		goto out;
	int dealt = p.update && dk_rb_live_is_dealt(r);
	r->rep->shards_rule = p.update ? "kept" : NULL;
	if (dealt) {
		if ((p.nin && (st = compact_new(r, &p))) ||
		    (st = dk_rb_update_dealt(r, &p)))
			goto out;
	} else {
		if (p.update && (st = carry_live_shards(r, &p.res)))
			goto out;
		if (p.nin && (st = compact_new(r, &p)))
			goto out;
		unsigned k = 1;
		if (!p.update && p.nin && (st = dk_rb_choose_shards(r, &k)))
			goto out;
		if (k > 1 && (st = dk_rb_split_new(r, k)))
			goto out;
		dealt = k > 1;
		if (p.update && (st = apply_merge_policy(r)))
			goto out;
	}
	if ((st = dk_rb_write_term_list(r, dealt)) ||
	    (dealt && (st = dk_rb_compact_dealt(r))) ||
	    (p.update && dealt && (st = dk_rb_report_balance(r))) ||
	    (st = place_shards(r)) ||
	    (st = check_generation(r)) ||
	    (st = publish(r, &p)))
		goto out;
	if (p.update)
		dk_rb_note_outgrown(r, dealt ? r->nsh : 1);
out:
	clean_up(r, st);
	plan_free(&p);
	return st;
}

static void run_init(run *r, const dk_rebuild_opts *o, dk_rebuild_report *rep)
{
	memset(r, 0, sizeof *r);
	memset(rep, 0, sizeof *rep);
	r->o = o;
	r->rep = rep;
	r->dir = o->index_dir;
	r->lock_fd = -1;
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
}

static dk_status run_end(run *r, dk_status st, char **errmsg)
{
	if (errmsg)
		*errmsg = st ? dk_strndup(r->err[0] ? r->err : dk_status_str(st),
					  strlen(r->err[0] ? r->err
							   : dk_status_str(st)))
			     : NULL;
	dk_gen_unlock(r->lock_fd);
	dk_stub_clear(&r->live);
	dk_manifest_clear(&r->old);
	dk_manifest_clear(&r->now);
	free(r->live_lang);
	for (size_t i = 0; i < r->list.n && r->abs; i++)
		free(r->abs[i]);
	free(r->abs);
	dk_input_list_free(&r->list);
	for (size_t i = 0; i < r->nsh; i++)
		dk_rb_shard_free(&r->sh[i]);
	free(r->sh);
	free(r->tmp);
	r->rep->seconds = dk_rb_since(&r->t0);
	return st;
}

dk_status dk_rebuild(const dk_rebuild_opts *o, const char *const *paths,
		     size_t n, dk_rebuild_report *rep, char **errmsg)
{
	run r;
	run_init(&r, o, rep);
	dk_status st = do_run(&r, paths, n, 0);
	return run_end(&r, st, errmsg);
}

dk_status dk_rebuild_update(const dk_rebuild_opts *o, const char *const *paths,
		    size_t n, dk_rebuild_report *rep, char **errmsg)
{
	run r;
	run_init(&r, o, rep);
	dk_status st = do_run(&r, paths, n, 1);
	return run_end(&r, st, errmsg);
}

dk_status dk_rebuild_rollback(const dk_rebuild_opts *o, dk_rebuild_report *rep,
		      char **errmsg)
{
	run r;
	run_init(&r, o, rep);
	dk_status st;
	dk_stub prev = { 0 };
	if (dk_index_dir_kind(o->index_dir) != DK_INDEX_MANAGED) {
		dk_rb_set_err(&r, "%s holds no generations to roll back", o->index_dir);
		st = DK_ERR_NOT_FOUND;
		goto out;
	}
	if ((st = prepare(&r)))
		goto out;
	st = dk_gen_read_stub(o->index_dir, 1, &prev);
	if (st) {
		dk_rb_set_err(&r, st == DK_ERR_NOT_FOUND
			? "%s: there is no previous generation to roll back to"
			: "%s: the previous generation's stub is unreadable",
			o->index_dir);
		goto out;
	}
	char *m = NULL;
	if ((st = dk_gen_rollback(o->index_dir, &m))) {
		dk_rb_set_err(&r, "rollback: %s", m ? m : dk_status_str(st));
		free(m);
		goto out;
	}
	rep->generation = prev.generation;
	rep->shards = prev.nshards;
	dk_rb_say(&r, "rolled back from generation %llu to generation %llu",
	    (unsigned long long)r.live.generation,
	    (unsigned long long)prev.generation);
	char *t = dk_index_dir_join(o->index_dir, DK_INDEX_TMP);
	if (t)
		dk_gen_tree_remove(t);
	free(t);
	dk_gc_stats gs;
	if (dk_gen_gc(o->index_dir, &gs) == DK_OK && gs.removed)
		dk_rb_say(&r, "removed generation %llu (%zu files or directories, "
		    "%.1f MB)", (unsigned long long)r.live.generation, gs.removed,
		    dk_rb_mb(gs.bytes));
out:
	dk_stub_clear(&prev);
	return run_end(&r, st, errmsg);
}
