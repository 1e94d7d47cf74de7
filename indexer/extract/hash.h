/*
 * hash.h - the 64-bit mixing function of the extraction wing.
 *
 * dk_hash_mix64 is the finalizer of splitmix64 (Steele, Lea and Flood,
 * "Fast splittable pseudorandom number generators", 2014, with Stafford's
 * "variant 13" constants): a bijection on 64-bit words in which every
 * input bit flips each output bit with probability close to 1/2.  The
 * MinHash sketches (minhash.c) draw their per-bin hashes and band keys
 * from it, and the boilerplate stripper's hash tables their slots, so a
 * weak hash of the input (FNV, a rolling hash) is spread before its low
 * bits are used.  Changing it changes stored sketches: an index built
 * with another mix must be rebuilt.
 */
#ifndef DK_HASH_H
#define DK_HASH_H

#include <stdint.h>

static inline uint64_t dk_hash_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

#endif
