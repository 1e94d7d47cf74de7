/*
 * hash64.c - 64-bit hashes and a small hash set (see hash64.h).
 */
#include "hash64.h"

#include <stdlib.h>
#include <string.h>

uint64_t dk_hash64_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void dk_hash64_set_clear(dk_hash64_set *s)
{
	if (s->v && s->n)
		memset(s->v, 0, s->cap * sizeof *s->v);
	s->n = 0;
}

int dk_hash64_set_add(dk_hash64_set *s, uint64_t h)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		uint64_t *v = calloc(cap, sizeof *v);
		if (!v)
			return -1;
		for (size_t i = 0; i < s->cap; i++) {
			uint64_t x = s->v[i];
			if (!x)
				continue;
			size_t j = (size_t)dk_hash64_mix(x) & (cap - 1);
			while (v[j])
				j = (j + 1) & (cap - 1);
			v[j] = x;
		}
		free(s->v);
		s->v = v;
		s->cap = cap;
	}
	size_t j = (size_t)dk_hash64_mix(h) & (s->cap - 1);
	while (s->v[j]) {
		if (s->v[j] == h)
			return 0;
		j = (j + 1) & (s->cap - 1);
	}
	s->v[j] = h;
	s->n++;
	return 0;
}

int dk_hash64_set_has(const dk_hash64_set *s, uint64_t h)
{
	if (!s->n)
		return 0;
	size_t j = (size_t)dk_hash64_mix(h) & (s->cap - 1);
	while (s->v[j]) {
		if (s->v[j] == h)
			return 1;
		j = (j + 1) & (s->cap - 1);
	}
	return 0;
}

void dk_hash64_set_free(dk_hash64_set *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}
