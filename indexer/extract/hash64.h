/*
 * hash64.h - 64-bit hashes and a small set of them, shared by the
 * boilerplate stripper, the site-template table and the MinHash sketches.
 *
 * dk_hash64_bytes is FNV-1a over bytes.  dk_hash64_mix is the finalizer
 * of splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", 2014, with Stafford's "variant 13" constants): a bijection
 * on 64-bit words in which every input bit flips each output bit with
 * probability close to 1/2, so a weak hash (FNV, a rolling hash) is spread
 * before its low bits are used.  The MinHash sketches draw their per-bin
 * hashes and band keys from it: changing it changes stored sketches, and an
 * index built with another mix must be rebuilt.  dk_hash64_set holds non-zero hashes by open addressing with
 * linear probing; it stays at most half full and doubles from 256 slots.
 */
#ifndef DK_HASH64_H
#define DK_HASH64_H

#include <stddef.h>
#include <stdint.h>

uint64_t dk_hash64_bytes(const char *s, size_t n);
static inline uint64_t dk_hash64_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

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
