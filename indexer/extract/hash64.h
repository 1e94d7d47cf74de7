/*
 * hash64.h - 64-bit hashes and a small set of them, shared by the
 * boilerplate stripper and the site-template table.
 *
 * dk_hash64_bytes is FNV-1a over bytes; dk_hash64_mix is the splitmix64
 * finalizer (constants 0xbf58476d1ce4e5b9, 0x94d049bb133111eb, shifts
 * 30/27/31).  dk_hash64_set holds non-zero hashes by open addressing with
 * linear probing; it stays at most half full and doubles from 256 slots.
 */
#ifndef DK_HASH64_H
#define DK_HASH64_H

#include <stddef.h>
#include <stdint.h>

uint64_t dk_hash64_bytes(const char *s, size_t n);
uint64_t dk_hash64_mix(uint64_t x);

/* A set of non-zero 64-bit hashes; zero it before the first use and free
 * its memory with dk_hash64_set_free(). */
typedef struct dk_hash64_set {
	uint64_t *v;
	size_t cap, n;
} dk_hash64_set;

/* Empty the set, keeping its memory. */
void dk_hash64_set_clear(dk_hash64_set *s);
/* Add h (non-zero); returns -1 when out of memory, else 0. */
int dk_hash64_set_add(dk_hash64_set *s, uint64_t h);
/* 1 when h is in the set. */
int dk_hash64_set_has(const dk_hash64_set *s, uint64_t h);
void dk_hash64_set_free(dk_hash64_set *s);

#endif
