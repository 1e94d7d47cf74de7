/*
 * shard_count.c - the number of shards of `--shards auto` (see
 * shard_count.h for the rule and its constants).
 */
#include "shard_count.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "../common/buf.h"

static uint64_t ceil_div(uint64_t a, uint64_t b)
{
	return a / b + (a % b != 0);
}

unsigned dk_shard_count_auto(uint64_t articles, uint64_t bytes, uint64_t mem,
			     dk_shard_plan *plan)
{
	if (!bytes)
		bytes = articles > UINT64_MAX / DK_INDEX_BYTES_PER_ARTICLE
			? UINT64_MAX : articles * DK_INDEX_BYTES_PER_ARTICLE;
	uint64_t cap = mem / 2 ? mem / 2 : 1;
	uint64_t by_size = ceil_div(bytes, cap);
	uint64_t by_count = ceil_div(articles, DK_SHARD_MAX_ARTICLES);
	uint64_t k = by_size > by_count ? by_size : by_count;
	const char *why = k <= 1 ? "one shard holds them"
			  : by_size >= by_count ? "index size"
			  : "articles per shard";
	if (k > DK_SHARD_AUTO_MAX) {
		k = DK_SHARD_AUTO_MAX;
		why = "capped";
	}
	if (k > articles && articles) {
		k = articles;
		why = "capped";
	}
	if (k < 1)
		k = 1;
	if (plan) {
		plan->k = (unsigned)k;
		plan->articles = articles;
		plan->bytes = bytes;
		plan->mem = mem;
		plan->shard_bytes = cap;
		plan->why = why;
	}
	return (unsigned)k;
}

int dk_shard_count_parse_size(const char *s, uint64_t *out)
{
	*out = 0;
	if (!s || *s < '0' || *s > '9')
		return -1;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	unsigned shift = 0;
	switch (*end) {
	case '\0': break;
	case 'K': case 'k': shift = 10; break;
	case 'M': case 'm': shift = 20; break;
	case 'G': case 'g': shift = 30; break;
	case 'T': case 't': shift = 40; break;
	default: return -1;
	}
	if (*end && end[1])
		return -1;
	if (v == 0 || v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

dk_status dk_shard_count_memory(uint64_t *mem, char **errmsg)
{
	const char *env = getenv("DOCKET_MEM_BYTES");
	dk_buf m = DK_BUF_INIT;
	*mem = 0;
	if (errmsg)
		*errmsg = NULL;
	if (env && *env) {
		if (dk_shard_count_parse_size(env, mem) == 0)
			return DK_OK;
		dk_buf_printf(&m, "DOCKET_MEM_BYTES='%s' is not a size (bytes, "
			      "or a number with K, M, G or T)", env);
	} else {
		long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
		if (pages > 0 && size > 0) {
			*mem = (uint64_t)pages * (uint64_t)size;
			return DK_OK;
		}
		dk_buf_printf(&m, "cannot read this machine's memory size "
			      "(sysconf); set DOCKET_MEM_BYTES");
	}
	if (errmsg)
		*errmsg = dk_buf_detach(&m, NULL);
	else
		dk_buf_free(&m);
	return DK_ERR_INVALID;
}
