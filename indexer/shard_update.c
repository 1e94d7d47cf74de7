/*
 * shard_update.c - the update of a generation of K dealt shards (see
 * shard_update.h).
 *
 * Deleting by every term in every copy costs one posting-list lookup per
 * term and shard, which is small beside copying the shards; it saves
 * finding out first which shard holds which article.
 */
#include "shard_update.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../shims/xapian_shim.h"
#include "generations.h"

/* "WHAT PATH: DETAIL", malloc'd (NULL when out of memory); caller frees. */
static char *message(const char *what, const char *path, const char *detail)
{
	dk_buf m = DK_BUF_INIT;
	dk_buf_printf(&m, "%s %s: %s", what, path, detail);
	return dk_buf_detach(&m, NULL);
}

/* Copy live to out and delete dels there; *deleted grows. */
static dk_status copy_and_delete(const char *live, const char *out,
				 const char *const *dels, size_t ndels,
				 uint64_t *deleted, char **errmsg)
{
	dk_writer *w = NULL;
	char *m = NULL;
	dk_status st = dk_gen_dir_copy(live, out);
	if (st) {
		*errmsg = message("cannot copy", live, strerror(errno));
		return st;
	}
	if ((st = dk_writer_open(out, DK_WRITER_NO_SYNC, &w, &m))) {
		*errmsg = message("cannot open", out, m ? m : "");
		free(m);
		return st;
	}
	for (size_t t = 0; t < ndels && !st; t++) {
		int nd = 0;
		st = dk_writer_delete(w, dels[t], strlen(dels[t]), &nd);
		*deleted += (uint64_t)nd;
	}
	if (st) {
		*errmsg = message("deleting from", out, dk_writer_error(w));
		dk_writer_abandon(w);
		return st;
	}
	if ((st = dk_writer_close(w, &m)))
		*errmsg = message("writing", out, m ? m : "");
	free(m);
	return st;
}

int dk_shard_update_is_dealt(const char *const *paths, size_t k)
{
	dk_reader *rd = NULL;
	dk_term_list_info ti = { 0 };
	int ok = k > 1 && dk_reader_open(paths, k, &rd, NULL) == DK_OK &&
		 dk_reader_term_list(rd, &ti) == DK_OK && ti.usable && ti.dealt &&
		 ti.nshards == k;
	dk_reader_close(rd);
	return ok;
}

dk_status dk_shard_update(const char *const *live, const char *const *outs,
			  size_t k, const char *const *dels, size_t ndels,
			  const char *added, dk_shard_update_report *rep,
			  char **errmsg)
{
	dk_status st = DK_OK;
	char *m = NULL;
	memset(rep, 0, sizeof *rep);
	if (errmsg)
		*errmsg = NULL;
	for (size_t i = 0; i < k && !st; i++)
		st = copy_and_delete(live[i], outs[i], dels, ndels, &rep->deleted,
				     &m);
	if (!st && added &&
	    (st = dk_shim_append_dealt(added, outs, k, &rep->added, &m))) {
		char *full = message("dealing new articles into", outs[0],
				     m ? m : dk_status_str(st));
		free(m);
		m = full;
	}
	if (st && errmsg)
		*errmsg = m ? m : message("updating", outs[0], dk_status_str(st));
	else
		free(m);
	return st;
}
