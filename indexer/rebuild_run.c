/*
 * rebuild_run.c - the state every step of a run shares (rebuild_int.h):
 * its log and error message, the list of the new generation's shards,
 * scratch paths under DIR/tmp, and the deletion lists of an update.
 * rebuild.c (the run) and rebuild_shards.c (its sharded steps) both use
 * it; it uses neither.
 */
#include "rebuild_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/buf.h"
#include "generations.h"
#include "log.h"

double dk_rb_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void dk_rb_say(run *r, const char *fmt, ...)
{
	if (r->o->quiet)
		return;
	char m[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m, sizeof m, fmt, ap);
	va_end(ap);
	dk_log(r->o->err, 1, r->o->prog, "%s", m);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void dk_rb_set_err(run *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err, sizeof r->err, fmt, ap);
	va_end(ap);
}

double dk_rb_mb(uint64_t bytes)
{
	return (double)bytes / 1e6;
}

/* ---- shards of the new generation ------------------------------------ */

dk_status dk_rb_shard_add(run *r, const char *path, const char *name,
			   int scratch, const char *origin)
{
	shard *v = realloc(r->sh, (r->nsh + 1) * sizeof *v);
	if (!v)
		return DK_ERR_NOMEM;
	r->sh = v;
	shard *s = &v[r->nsh];
	memset(s, 0, sizeof *s);
	s->path = dk_strndup(path, strlen(path));
	s->name = name ? dk_strndup(name, strlen(name)) : NULL;
	s->origins = calloc(1, sizeof *s->origins);
	if (s->origins)
		s->origins[0] = dk_strndup(origin, strlen(origin));
	if (!s->path || (name && !s->name) || !s->origins || !s->origins[0]) {
		free(s->path);
		free(s->name);
		if (s->origins)
			free(s->origins[0]);
		free(s->origins);
		return DK_ERR_NOMEM;
	}
	s->norigins = 1;
	s->scratch = scratch;
	s->size = dk_gen_tree_size(path);
	r->nsh++;
	return DK_OK;
}

void dk_rb_shard_free(shard *s)
{
	free(s->path);
	free(s->name);
	for (size_t i = 0; i < s->norigins; i++)
		free(s->origins[i]);
	free(s->origins);
}

/* A new scratch path under DIR/tmp/gN ("DIR/tmp/gN/PREFIX<k>"). */
char *dk_rb_scratch_path(run *r, const char *prefix)
{
	dk_buf b = DK_BUF_INIT;
	dk_buf_printf(&b, "%s/%s%u", r->tmp, prefix, r->scratch_n++);
	if (b.err) {
		dk_buf_free(&b);
		return NULL;
	}
	return dk_buf_detach(&b, NULL);
}

dk_status dk_rb_del_add(del_list *d, const char *t, size_t len)
{
	char **v = realloc(d->terms, (d->n + 1) * sizeof *v);
	if (!v)
		return DK_ERR_NOMEM;
	d->terms = v;
	if (!(v[d->n] = dk_strndup(t, len)))
		return DK_ERR_NOMEM;
	d->n++;
	return DK_OK;
}

/* The live shard name ("NAME" of "shards/NAME"). */
const char *dk_rb_live_name(const run *r, size_t i)
{
	const char *s = r->live.shards[i];
	const char *slash = strrchr(s, '/');
	return slash ? slash + 1 : s;
}
