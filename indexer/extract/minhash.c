/*
 * minhash.c - MinHash sketches and the story index (see minhash.h).
 *
 * Index layout: an array of articles (a 16-bit copy of each bin, enough
 * to compare sketches: two different 32-bit minima agree in their low 16
 * bits one time in 65536, and the story key), and an open-addressing table
 * from a band's hash to the newest article holding it, each article
 * linking to the previous holder of each of its bands.  A visit stamp per
 * article keeps a candidate from being compared twice in one lookup.
 */
#include "minhash.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "hash64.h"

#define NONE UINT32_MAX
/* Candidates compared per band, newest first: copies of one story share
 * a key, so the newest few stand for all of them, and a band that very
 * many articles share (a stock sentence) costs no more than this. */
#define MAX_CHAIN 48
/* Bytes of a folded title kept per article, and the head of the shorter
 * of two titles that must appear in the other for them to be one title
 * ("Updated: Quantix confirms breach ..." holds "Quantix confirms ..."). */
#define TITLE_KEPT 127
#define TITLE_HEAD 48
/* A shorter title ("Story 1" in "Story 10") must be equal. */
#define TITLE_SHORT 20

/* ---- sketches --------------------------------------------------------- */

/* ASCII letters and digits folded to lower case; 0 for the rest. */
static const unsigned char ascii_fold[128] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73,
	0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b,
	0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* Latin-1 letters with accents (U+00C0..U+00FF, second byte of C3 xx) to
 * their ASCII base letters, lower case; 0 for the others (x, /). */
static const char latin1_fold[64] = {
	'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i',
	'i', 'i', 'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u',
	'u', 'y', 't', 's', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e',
	'e', 'e', 'i', 'i', 'i', 'i', 'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,
	'o', 'u', 'u', 'u', 'u', 'y', 't', 'y'
};

/* Shingle hashes roll: H = w1*P^4 + w2*P^3 + ... + w5 (mod 2^64), and
 * the next is H*P - w1*P^5 + w6, then finalized by dk_hash64_mix. */
#define ROLL_P 0x100000001b3ULL

typedef struct sketcher {
	dk_minhash *m;
	uint64_t ring[DK_SHINGLE];
	uint64_t roll;
	uint64_t p_top;       /* ROLL_P ^ DK_SHINGLE */
	size_t words;
	size_t slot;          /* words % DK_SHINGLE */
} sketcher;

static void add_shingle(sketcher *k, uint64_t h)
{
	h = dk_hash64_mix(h + 0x9e3779b97f4a7c15ULL);
	uint32_t bin = (uint32_t)(h >> 57);
	uint32_t v = (uint32_t)h;
	if (v < k->m->v[bin])
		k->m->v[bin] = v;
	k->m->shingles++;
}

static void add_word(sketcher *k, uint64_t h)
{
	/* The FNV hash of the word is mixed once more in the shingle. */
	uint64_t w = h;
	size_t slot = k->slot;
	uint64_t out = k->words >= DK_SHINGLE ? k->ring[slot] : 0;
	k->ring[slot] = w;
	k->slot = slot + 1 == DK_SHINGLE ? 0 : slot + 1;
	k->roll = k->roll * ROLL_P - out * k->p_top + w;
	k->words++;
	if (k->words >= DK_SHINGLE)
		add_shingle(k, k->roll);
}

void dk_minhash_text(const char *text, size_t len, dk_minhash *out)
{
	sketcher k = { out, { 0 }, 0, 1, 0, 0 };
	for (int i = 0; i < DK_SHINGLE; i++)
		k.p_top *= ROLL_P;
	for (size_t i = 0; i < DK_MINHASH_K; i++)
		out->v[i] = UINT32_MAX;
	out->shingles = 0;
	const uint64_t fnv0 = 1469598103934665603ULL;
	uint64_t h = fnv0;
	int in = 0;
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i++];
		if (c < 0x80) {
			unsigned char f = ascii_fold[c];
			if (f) {
				h = (h ^ f) * 1099511628211ULL;
				in = 1;
				continue;
			}
			if (c == '\'' && in)
				continue;  /* "don't" = "dont" */
			if (in) {
				add_word(&k, h);
				h = fnv0;
				in = 0;
			}
			continue;
		}
		/* Multi-byte characters. */
		int ch = -1;  /* the byte a letter adds to the word, or -1 */
		if (c == 0xC3 && i < len && s[i] >= 0x80 && s[i] < 0xC0) {
			char f = latin1_fold[s[i] - 0x80];
			i++;
			if (f)
				ch = f;
		} else if (c == 0xE2 && i + 1 < len && s[i] == 0x80) {
			/* General punctuation: a right single quote inside a
			 * word is an apostrophe; the rest separate. */
			i += 2;
			if (s[i - 1] == 0x99 && in)
				continue;
		} else if (c == 0xC2) {
			i++;  /* Latin-1 punctuation and the no-break space */
		} else {
			ch = c;  /* another letter: its bytes as they are */
		}
		if (ch >= 0) {
			h = (h ^ (unsigned char)ch) * 1099511628211ULL;
			in = 1;
		} else if (in) {
			add_word(&k, h);
			h = fnv0;
			in = 0;
		}
	}
	if (in)
		add_word(&k, h);
	if (k.words > 0 && k.words < DK_SHINGLE)
		add_shingle(&k, k.roll);
	if (!out->shingles)
		return;
	/* Densify: an empty bin borrows from the next bin that was full. */
	uint32_t full[DK_MINHASH_K];
	memcpy(full, out->v, sizeof full);
	for (uint32_t b = 0; b < DK_MINHASH_K; b++) {
		if (full[b] != UINT32_MAX)
			continue;
		for (uint32_t t = 1; t < DK_MINHASH_K; t++) {
			uint32_t x = full[(b + t) % DK_MINHASH_K];
			if (x != UINT32_MAX) {
				out->v[b] = x + t * 0x9e3779b9u;
				break;
			}
		}
	}
}

double dk_minhash_similarity(const dk_minhash *a, const dk_minhash *b)
{
	if (!a->shingles || !b->shingles)
		return 0;
	unsigned eq = 0;
	for (size_t i = 0; i < DK_MINHASH_K; i++)
		eq += a->v[i] == b->v[i];
	return (double)eq / DK_MINHASH_K;
}

size_t dk_minhash_encode(const dk_minhash *m,
			 unsigned char out[DK_MINHASH_BYTES])
{
	if (!m->shingles)
		return 0;
	for (size_t i = 0; i < DK_MINHASH_K; i++) {
		out[2 * i] = (unsigned char)(m->v[i] & 0xff);
		out[2 * i + 1] = (unsigned char)((m->v[i] >> 8) & 0xff);
	}
	return DK_MINHASH_BYTES;
}

int dk_minhash_decode(const void *p, size_t len, dk_minhash *m)
{
	const unsigned char *b = p;
	memset(m, 0, sizeof *m);
	if (!p || len != DK_MINHASH_BYTES)
		return -1;
	for (size_t i = 0; i < DK_MINHASH_K; i++)
		m->v[i] = (uint32_t)b[2 * i] | (uint32_t)b[2 * i + 1] << 8;
	m->shingles = 1;
	return 0;
}

/* ---- the story index -------------------------------------------------- */

typedef struct story_art {
	uint16_t sig[DK_MINHASH_K];
	uint32_t next[DK_LSH_BANDS];  /* previous holder of each band */
	uint32_t stamp;
	int32_t day;                  /* the day its story began; 0: unknown */
	uint32_t site, url;           /* hashes (dk_story_meta); 0: unknown */
	char title[TITLE_KEPT + 1];   /* folded title, cut; "": unknown */
	char key[DK_STORY_KEY_LEN + 1];
} story_art;

typedef struct band_slot {
	uint64_t band;    /* 0: empty */
	uint32_t newest;  /* the last article holding it */
} band_slot;

struct dk_stories {
	pthread_mutex_t lock;
	double threshold;
	size_t max;
	story_art *art;
	size_t n, cap;
	band_slot *slot;
	size_t nslots, used;  /* nslots a power of two */
	uint32_t stamp;
};

/* Ownership: *out belongs to the caller (dk_stories_free). */
dk_status dk_stories_new(double threshold, size_t max_articles,
			 dk_stories **out)
{
	*out = NULL;
	dk_stories *s = calloc(1, sizeof *s);
	if (!s)
		return DK_ERR_NOMEM;
	if (pthread_mutex_init(&s->lock, NULL)) {
		free(s);
		return DK_ERR_NOMEM;
	}
	s->threshold = threshold > 0 ? threshold : 0.5;
	s->max = max_articles ? max_articles : (size_t)4 << 20;
	*out = s;
	return DK_OK;
}

void dk_stories_free(dk_stories *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	free(s->art);
	free(s->slot);
	free(s);
}

size_t dk_stories_count(dk_stories *s)
{
	pthread_mutex_lock(&s->lock);
	size_t n = s->n;
	pthread_mutex_unlock(&s->lock);
	return n;
}

static uint64_t band_hash(const dk_minhash *m, size_t b)
{
	uint64_t h = 0x5bd1e995ULL + b;
	for (size_t r = 0; r < DK_LSH_ROWS; r++)
		h = dk_hash64_mix(h ^ ((uint64_t)(uint16_t)m->v[b * DK_LSH_ROWS + r]
					   << 16 | (uint64_t)r << 40));
	return h ? h : 1;
}

static band_slot *slot_of(const dk_stories *s, uint64_t band)
{
	size_t i = (size_t)band & (s->nslots - 1);
	while (s->slot[i].band && s->slot[i].band != band)
		i = (i + 1) & (s->nslots - 1);
	return &s->slot[i];
}

static int grow_slots(dk_stories *s)
{
	if (s->nslots && (s->used + DK_LSH_BANDS) * 2 <= s->nslots)
		return 0;
	size_t cap = s->nslots ? s->nslots * 2 : 4096;
	band_slot *old = s->slot;
	size_t oldn = s->nslots;
	s->slot = calloc(cap, sizeof *s->slot);
	if (!s->slot) {
		s->slot = old;
		return -1;
	}
	s->nslots = cap;
	for (size_t i = 0; i < oldn; i++)
		if (old[i].band)
			*slot_of(s, old[i].band) = old[i];
	free(old);
	return 0;
}

static void key_of_id(const char *id, char key[DK_STORY_KEY_LEN + 1])
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *p = id ? id : ""; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211ULL;
	}
	h = dk_hash64_mix(h);
	static const char hex[] = "0123456789abcdef";
	for (int i = DK_STORY_KEY_LEN - 1; i >= 0; i--) {
		key[i] = hex[h & 15];
		h >>= 4;
	}
	key[DK_STORY_KEY_LEN] = '\0';
}

int32_t dk_stories_day(const char *date)
{
	int y, mo, d;
	if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9'))
			return 0;
	y = atoi(date);
	mo = atoi(date + 5);
	d = atoi(date + 8);
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	/* Days from civil (Howard Hinnant's algorithm). */
	y -= mo <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468 + 1);
}

static int far_apart(int32_t a, int32_t b)
{
	return a && b && (a > b ? a - b : b - a) > DK_STORY_DAYS;
}

/* A 32-bit hash of s's letters and digits, ASCII case folded (bytes of
 * other scripts kept); 0 for NULL or nothing to hash. */
static uint32_t meta_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	int any = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		unsigned c = *p < 128 ? ascii_fold[*p] : *p;
		if (!c)
			continue;
		h ^= c;
		h *= 1099511628211ULL;
		any = 1;
	}
	uint32_t v = (uint32_t)(dk_hash64_mix(h) >> 32);
	return any ? (v ? v : 1) : 0;
}

/* The letters and digits of t, ASCII case folded, into out (cut at
 * TITLE_KEPT bytes). */
static void fold_title(const char *t, char out[TITLE_KEPT + 1])
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)(t ? t : "");
	     *p && n < TITLE_KEPT; p++) {
		unsigned c = *p < 128 ? ascii_fold[*p] : *p;
		if (c)
			out[n++] = (char)c;
	}
	out[n] = '\0';
}

/* Are folded titles a and b different titles (neither holds the head of
 * the other)?  0 when either is unknown. */
static int other_title(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	if (!na || !nb)
		return 0;
	if (na > nb) {
		const char *t = a;
		a = b;
		b = t;
		na = nb;
	}
	if (na < TITLE_SHORT)
		return strcmp(a, b) != 0;
	char head[TITLE_HEAD + 1];
	size_t k = na < TITLE_HEAD ? na : TITLE_HEAD;
	memcpy(head, a, k);
	head[k] = '\0';
	return strstr(b, head) == NULL;
}

/* Called with the lock held. */
static dk_status assign_locked(dk_stories *s, const dk_minhash *m,
			       const char *id, const char *key_in, int32_t day,
			       const dk_story_meta *meta,
			       char key[DK_STORY_KEY_LEN + 1], double *similarity)
{
	uint32_t site = meta ? meta_hash(meta->site) : 0;
	uint32_t url = meta ? meta_hash(meta->url) : 0;
	char title[TITLE_KEPT + 1];
	fold_title(meta ? meta->title : NULL, title);
	uint64_t bands[DK_LSH_BANDS];
	double best = 0;
	uint32_t best_i = NONE;
	if (similarity)
		*similarity = 0;
	if (m->shingles && s->n) {
		if (++s->stamp == 0) {
			for (size_t i = 0; i < s->n; i++)
				s->art[i].stamp = 0;
			s->stamp = 1;
		}
		for (size_t b = 0; b < DK_LSH_BANDS; b++) {
			bands[b] = band_hash(m, b);
			band_slot *sl = slot_of(s, bands[b]);
			if (!sl->band)
				continue;
			unsigned seen = 0;
			for (uint32_t c = sl->newest; c != NONE && seen < MAX_CHAIN;
			     c = s->art[c].next[b], seen++) {
				story_art *a = &s->art[c];
				if (a->stamp == s->stamp)
					continue;
				a->stamp = s->stamp;
				/* A story spans at most DK_STORY_DAYS from its
				 * first article, so daily notices do not chain. */
				if (far_apart(a->day, day))
					continue;
				/* Two pages of one site under different
				 * titles (and addresses) are distinct pages
				 * that share a template or a listing, not
				 * copies. */
				if (site && a->site == site && !(url && a->url == url) &&
				    other_title(a->title, title))
					continue;
				unsigned eq = 0;
				for (size_t i = 0; i < DK_MINHASH_K; i++)
					eq += a->sig[i] == (uint16_t)m->v[i];
				double sim = (double)eq / DK_MINHASH_K;
				/* Ties go to the earliest article. */
				if (sim > best || (sim == best && c < best_i)) {
					best = sim;
					best_i = c;
				}
			}
		}
	} else {
		for (size_t b = 0; b < DK_LSH_BANDS; b++)
			bands[b] = band_hash(m, b);
	}
	if (key_in && *key_in) {
		size_t n = strlen(key_in);
		if (n > DK_STORY_KEY_LEN)
			n = DK_STORY_KEY_LEN;
		memcpy(key, key_in, n);
		key[n] = '\0';
	} else if (best_i != NONE && best >= s->threshold) {
		memcpy(key, s->art[best_i].key, DK_STORY_KEY_LEN + 1);
		if (s->art[best_i].day)
			day = s->art[best_i].day;
		if (similarity)
			*similarity = best;
	} else {
		key_of_id(id, key);
	}
	/* Remember the article (texts too short to compare are left out). */
	if (!m->shingles || s->n >= s->max)
		return DK_OK;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		story_art *v = realloc(s->art, cap * sizeof *v);
		if (!v)
			return DK_ERR_NOMEM;
		s->art = v;
		s->cap = cap;
	}
	if (grow_slots(s))
		return DK_ERR_NOMEM;
	uint32_t idx = (uint32_t)s->n++;
	story_art *a = &s->art[idx];
	for (size_t i = 0; i < DK_MINHASH_K; i++)
		a->sig[i] = (uint16_t)m->v[i];
	a->stamp = s->stamp;
	a->day = day;
	a->site = site;
	a->url = url;
	memcpy(a->title, title, sizeof a->title);
	memcpy(a->key, key, DK_STORY_KEY_LEN + 1);
	for (size_t b = 0; b < DK_LSH_BANDS; b++) {
		band_slot *sl = slot_of(s, bands[b]);
		if (!sl->band) {
			sl->band = bands[b];
			sl->newest = NONE;
			s->used++;
		}
		a->next[b] = sl->newest;
		sl->newest = idx;
	}
	return DK_OK;
}

dk_status dk_stories_assign(dk_stories *s, const dk_minhash *m,
			    const char *id, const char *key_in, int32_t day,
			    char key[DK_STORY_KEY_LEN + 1], double *similarity)
{
	return dk_stories_assign_meta(s, m, id, key_in, day, NULL, key, similarity);
}

dk_status dk_stories_assign_meta(dk_stories *s, const dk_minhash *m,
				 const char *id, const char *key_in, int32_t day,
				 const dk_story_meta *meta,
				 char key[DK_STORY_KEY_LEN + 1], double *similarity)
{
	pthread_mutex_lock(&s->lock);
	dk_status st = assign_locked(s, m, id, key_in, day, meta, key, similarity);
	pthread_mutex_unlock(&s->lock);
	return st;
}
