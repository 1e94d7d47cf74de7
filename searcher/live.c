/*
 * live.c - one searcher kept open across requests and reopened when the
 * index is replaced (live.h).
 */
#include "live.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/index_dir.h"

void dk_live_init(dk_live *l)
{
	memset(l, 0, sizeof *l);
}

/* stat dir/name into sig; 1 when it exists.  *notdir is set when dir
 * is not a directory. */
static int stat_in(const char *dir, const char *name, dk_live_sig *sig,
		   int *notdir)
{
	char path[512];
	dk_buf p = DK_BUF_INIT;
	const char *at = path;
	int n = snprintf(path, sizeof path, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof path) {
		dk_buf_printf(&p, "%s/%s", dir, name);
		at = p.err ? NULL : p.data;
	}
	int found = at && dk_file_sig_get(at, sig);
	if (notdir)
		*notdir = at && !found && errno == ENOTDIR;
	dk_buf_free(&p);
	return found;
}

/* A managed index's stub is looked at first, so that the common case of a
 * request is one stat(2); a path that is not a directory is a stub file. */
void dk_live_signature(const char *dir, dk_live_sig *sig)
{
	int notdir = 0;
	memset(sig, 0, sizeof *sig);
	if (!dir || !*dir)
		return;
	if (stat_in(dir, DK_INDEX_STUB, sig, &notdir))
		return;
	if (notdir) {
		dk_file_sig_get(dir, sig);
		return;
	}
	if (!stat_in(dir, "iamglass", sig, NULL))
		memset(sig, 0, sizeof *sig);
}

static int same_opts(const dk_searcher_opts *a, const dk_searcher_opts *b)
{
	return a->partial == b->partial && a->remote_timeout == b->remote_timeout &&
	       a->keep_values == b->keep_values;
}

void dk_live_drop(dk_live *l)
{
	docket_index_close(l->ix);
	l->ix = NULL;
}

void dk_live_free(dk_live *l)
{
	dk_live_drop(l);
	free(l->dir);
	dk_live_init(l);
}

dk_status dk_live_get(dk_live *l, const char *dir, const dk_searcher_opts *o,
		      docket_index **out, char **errmsg)
{
	dk_searcher_opts opts = { 0 };
	dk_live_sig now;
	if (o)
		opts = *o;
	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (!dir || !*dir)
		return DK_ERR_INVALID;
	/* The signature is taken before the open: a generation published in
	 * between makes the next request open again, never miss it. */
	dk_live_signature(dir, &now);
	if (l->ix && l->dir && !strcmp(l->dir, dir) && same_opts(&l->opts, &opts) &&
	    dk_file_sig_same(&now, &l->sig)) {
		*out = l->ix;
		return DK_OK;
	}
	dk_live_drop(l);
	if (!l->dir || strcmp(l->dir, dir)) {
		char *copy = dk_strndup(dir, strlen(dir));
		if (!copy)
			return DK_ERR_NOMEM;
		free(l->dir);
		l->dir = copy;
	}
	docket_index *ix = NULL;
	dk_status st = (dk_status)docket_index_open_with(dir,
		(opts.partial ? DOCKET_OPEN_PARTIAL : 0) |
		(opts.keep_values ? DOCKET_OPEN_RESIDENT : 0), opts.remote_timeout, &ix,
		errmsg);
	if (st)
		return st;
	l->ix = ix;
	l->opts = opts;
	l->sig = now;
	l->opens++;
	*out = ix;
	return DK_OK;
}
