/*
 * templates.c - site-template learning (see templates.h): which
 * paragraphs recur across independent articles of one source.
 */
#include "templates.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hash64.h"

/* Openings: the first paragraph's prefixes at every OPEN_STEP-th word
 * end, up to OPEN_WORDS words, counted under a source key of their own. */
#define OPEN_STEP 4
#define OPEN_WORDS 256
#define OPEN_MIN_WORDS 8
#define OPEN_SALT 0x6f70656e696e67ULL

static dk_status learn_opening(dk_templates *t, uint64_t src,
			       const char *text, size_t len);

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Case-insensitive: does s[0..n) start with the ASCII prefix p? */
static int starts_with(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && strncasecmp(s, p, k) == 0;
}

/* The paragraph's hash for comparing paragraphs: its bytes (the readers
 * already collapse white space) with bit 5 set in each, which folds ASCII
 * case ("1-Year" = "1-year") and merges only bytes no template differs
 * by; eight bytes at a time. */
uint64_t dk_templates_para_hash(const char *s, size_t n)
{
	const uint64_t fold = 0x2020202020202020ULL;
	uint64_t h = 0x243f6a8885a308d3ULL ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ (w | fold)) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	uint64_t w = 0;
	for (; i < n; i++)
		w = w << 8 | ((unsigned char)s[i] | 0x20u);
	h = dk_hash64_mix(h ^ w);
	return h ? h : 1;
}

typedef struct tpl_entry {
	uint64_t key;     /* 0: empty */
	uint32_t count;   /* independent articles holding the paragraph */
	uint32_t first;   /* the first article holding it */
} tpl_entry;

struct dk_templates {
	tpl_entry *v;
	size_t cap;       /* power of two */
	size_t n;
	size_t max;
	uint32_t serial;  /* articles learned */
	dk_hash64_set seen;      /* the paragraphs of the article being learned */
	uint64_t *keys;   /* its new paragraph keys, in order */
	unsigned char *need; /* their template thresholds */
	size_t nkeys, kcap;
	uint32_t *firsts;
	size_t fcap;
};

/* Ownership: *out belongs to the caller (dk_templates_free). */
dk_status dk_templates_new(size_t max_entries, dk_templates **out)
{
	*out = NULL;
	dk_templates *t = calloc(1, sizeof *t);
	if (!t)
		return DK_ERR_NOMEM;
	t->max = max_entries ? max_entries : (size_t)1 << 21;
	if (t->max < 64)
		t->max = 64;
	t->cap = 1024;
	t->v = calloc(t->cap, sizeof *t->v);
	if (!t->v) {
		free(t);
		return DK_ERR_NOMEM;
	}
	*out = t;
	return DK_OK;
}

void dk_templates_free(dk_templates *t)
{
	if (!t)
		return;
	free(t->v);
	dk_hash64_set_free(&t->seen);
	free(t->keys);
	free(t->need);
	free(t->firsts);
	free(t);
}

uint64_t dk_templates_source_key(const char *source)
{
	return source ? dk_hash64_bytes(source, strlen(source)) : 0x5a5a5a5aULL;
}

static uint64_t tpl_key(uint64_t src, uint64_t para)
{
	uint64_t k = dk_hash64_mix(para ^ dk_hash64_mix(src + 0x9e3779b97f4a7c15ULL));
	return k ? k : 1;
}

static size_t tpl_slot(const dk_templates *t, uint64_t key)
{
	return (size_t)(key >> 7) & (t->cap - 1);
}

static tpl_entry *tpl_find(const dk_templates *t, uint64_t key)
{
	size_t i = tpl_slot(t, key);
	while (t->v[i].key) {
		if (t->v[i].key == key)
			return &t->v[i];
		i = (i + 1) & (t->cap - 1);
	}
	return NULL;
}

/* Rebuild the table with cap slots, keeping entries counted >= keep. */
static int tpl_rehash(dk_templates *t, size_t cap, uint32_t keep)
{
	tpl_entry *v = calloc(cap, sizeof *v);
	if (!v)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < t->cap; i++) {
		const tpl_entry *e = &t->v[i];
		if (!e->key || e->count < keep)
			continue;
		size_t j = (size_t)(e->key >> 7) & (cap - 1);
		while (v[j].key)
			j = (j + 1) & (cap - 1);
		v[j] = *e;
		n++;
	}
	free(t->v);
	t->v = v;
	t->cap = cap;
	t->n = n;
	return 0;
}

/* Room for one more entry: grow up to max, then forget the paragraphs
 * seen by the fewest articles. */
static int tpl_room(dk_templates *t)
{
	if ((t->n + 1) * 2 <= t->cap)
		return 0;
	if (t->cap < t->max)
		return tpl_rehash(t, t->cap * 2, 0);
	for (uint32_t keep = 2; (t->n + 1) * 2 > t->cap; keep *= 2)
		if (tpl_rehash(t, t->cap, keep))
			return -1;
	return 0;
}

static tpl_entry *tpl_insert(dk_templates *t, uint64_t key)
{
	if (tpl_room(t))
		return NULL;
	size_t i = tpl_slot(t, key);
	while (t->v[i].key) {
		if (t->v[i].key == key)
			return &t->v[i];
		i = (i + 1) & (t->cap - 1);
	}
	t->v[i].key = key;
	t->v[i].count = 0;
	t->v[i].first = t->serial;
	t->n++;
	return &t->v[i];
}

/* The count of the paragraph with normalized hash h. */
unsigned dk_templates_count_key(const dk_templates *t, uint64_t src,
				uint64_t h)
{
	const tpl_entry *e = tpl_find(t, tpl_key(src, h));
	return e ? e->count : 0;
}

unsigned dk_templates_count(const dk_templates *t, const char *source,
			    const char *p, size_t n)
{
	while (n && is_space((unsigned char)*p)) {
		p++;
		n--;
	}
	while (n && is_space((unsigned char)p[n - 1]))
		n--;
	return dk_templates_count_key(t, dk_templates_source_key(source),
				      dk_templates_para_hash(p, n));
}

/* The template threshold of a paragraph from its shape alone: long prose
 * (ends with sentence punctuation, has spaces) needs more evidence. */
static unsigned char cheap_need(const char *s, size_t n)
{
	if (n <= DK_TEMPLATES_LONG_PROSE)
		return DK_TEMPLATES_MIN;
	size_t b = n;
	while (b > 0 && (s[b - 1] == '"' || s[b - 1] == ')' || s[b - 1] == '\'' ||
			 (unsigned char)s[b - 1] >= 0x80))
		b--;
	if (b > 0 && (s[b - 1] == '.' || s[b - 1] == '!' || s[b - 1] == '?'))
		return DK_TEMPLATES_MIN_LONG;
	return DK_TEMPLATES_MIN;
}

/* The title normalized, without an "Updated:" style prefix. */
static uint64_t title_hash(const char *title)
{
	static const char *const pre[] = { "updated", "update", "corrected",
					   "correction", "breaking", "exclusive",
					   "refile", NULL };
	size_t n = strlen(title);
	for (size_t i = 0; pre[i]; i++) {
		size_t L = strlen(pre[i]);
		if (starts_with(title, n, pre[i]) && n > L &&
		    !isalnum((unsigned char)title[L])) {
			title += L;
			n -= L;
			break;
		}
	}
	return dk_templates_para_hash(title, n);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

dk_status dk_templates_learn(dk_templates *t, const char *source,
			     const char *title, const char *text, size_t len)
{
	uint64_t src = dk_templates_source_key(source);
	t->serial++;
	/* A repeated title marks a near-duplicate. */
	int dup = 0;
	if (title && *title) {
		uint64_t tk = tpl_key(src ^ 0x7469746c65ULL, title_hash(title));
		tpl_entry *e = tpl_find(t, tk);
		if (e)
			dup = 1;
		else if (!(e = tpl_insert(t, tk)))
			return DK_ERR_NOMEM;
		/* Title entries never count as paragraphs: count stays 0. */
	}
	/* The article's distinct paragraphs. */
	dk_hash64_set_clear(&t->seen);
	t->nkeys = 0;
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t a = i, b = e;
		i = e + 1;
		while (a < b && is_space((unsigned char)text[a]))
			a++;
		while (b > a && is_space((unsigned char)text[b - 1]))
			b--;
		if (a == b)
			continue;
		uint64_t h = dk_templates_para_hash(text + a, b - a);
		uint64_t key = tpl_key(src, h);
		if (dk_hash64_set_has(&t->seen, key))
			continue;
		if (dk_hash64_set_add(&t->seen, key))
			return DK_ERR_NOMEM;
		if (t->nkeys == t->kcap) {
			size_t cap = t->kcap ? t->kcap * 2 : 64;
			uint64_t *k = realloc(t->keys, cap * sizeof *k);
			if (!k)
				return DK_ERR_NOMEM;
			t->keys = k;
			unsigned char *nd = realloc(t->need, cap);
			if (!nd)
				return DK_ERR_NOMEM;
			t->need = nd;
			t->kcap = cap;
		}
		t->need[t->nkeys] = cheap_need(text + a, b - a);
		t->keys[t->nkeys++] = key;
	}
	/* Shared with one earlier article: half of the (six or more)
	 * paragraphs that are not templates already. */
	if (!dup) {
		if (t->fcap < t->nkeys) {
			uint32_t *f = realloc(t->firsts, t->nkeys * sizeof *f);
			if (!f)
				return DK_ERR_NOMEM;
			t->firsts = f;
			t->fcap = t->nkeys;
		}
		size_t m = 0, nf = 0;
		for (size_t k = 0; k < t->nkeys; k++) {
			const tpl_entry *e = tpl_find(t, t->keys[k]);
			if (e && e->count >= t->need[k])
				continue;
			m++;
			if (e)
				t->firsts[nf++] = e->first;
		}
		if (m >= DK_TEMPLATES_DUP_MIN_PARAS && nf * 2 >= m) {
			qsort(t->firsts, nf, sizeof *t->firsts, cmp_u32);
			size_t best = 0;
			for (size_t a = 0; a < nf;) {
				size_t b = a;
				while (b < nf && t->firsts[b] == t->firsts[a])
					b++;
				if (b - a > best)
					best = b - a;
				a = b;
			}
			dup = best * 2 >= m;
		}
	}
	for (size_t k = 0; k < t->nkeys; k++) {
		tpl_entry *e = tpl_find(t, t->keys[k]);
		if (!e) {
			if (!(e = tpl_insert(t, t->keys[k])))
				return DK_ERR_NOMEM;
			e->count = 1;
			continue;
		}
		if (!dup && e->count < UINT32_MAX)
			e->count++;
	}
	return dup ? DK_OK : learn_opening(t, src, text, len);
}

/* The openings of the first paragraph of text[0..len): (end, hash) at
 * every OPEN_STEP-th word end up to OPEN_WORDS words, into snap (room for
 * OPEN_WORDS / OPEN_STEP); returns how many. */
static size_t openings(const char *text, size_t len, size_t *end,
		       uint64_t *hash)
{
	size_t a = 0, n = 0, words = 0;
	while (a < len && (text[a] == ' ' || text[a] == '\t' || text[a] == '\n' ||
			   text[a] == '\r'))
		a++;
	uint64_t h = 0x84222325cbf29ce4ULL;
	for (size_t i = a; i < len && text[i] != '\n'; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' && i > a && text[i - 1] != ' ') {
			words++;
			if (words % OPEN_STEP == 0) {
				end[n] = i;
				hash[n] = dk_hash64_mix(h) | 1;
				if (++n == OPEN_WORDS / OPEN_STEP)
					break;
			}
		}
		h = (h ^ (uint64_t)(c | 0x20u)) * 0x100000001b3ULL;
	}
	return n;
}

/* Count the openings of an independent article's first paragraph. */
static dk_status learn_opening(dk_templates *t, uint64_t src,
			       const char *text, size_t len)
{
	size_t end[OPEN_WORDS / OPEN_STEP];
	uint64_t hash[OPEN_WORDS / OPEN_STEP];
	size_t n = openings(text, len, end, hash);
	for (size_t k = 0; k < n; k++) {
		uint64_t key = tpl_key(src ^ OPEN_SALT, hash[k]);
		tpl_entry *e = tpl_find(t, key);
		if (!e) {
			if (!(e = tpl_insert(t, key)))
				return DK_ERR_NOMEM;
			e->count = 1;
		} else if (e->count < UINT32_MAX) {
			e->count++;
		}
	}
	return DK_OK;
}

size_t dk_templates_opening(const dk_templates *t, const char *source,
			    const char *p, size_t n)
{
	size_t end[OPEN_WORDS / OPEN_STEP];
	uint64_t hash[OPEN_WORDS / OPEN_STEP];
	size_t k = openings(p, n, end, hash);
	uint64_t src = dk_templates_source_key(source);
	/* At least OPEN_MIN_WORDS: a few shared words (a journal's name, a
	 * dateline) are no evidence of a menu. */
	while (k-- > OPEN_MIN_WORDS / OPEN_STEP - 1) {
		const tpl_entry *e = tpl_find(t, tpl_key(src ^ OPEN_SALT, hash[k]));
		if (e && e->count >= DK_TEMPLATES_MIN_OPENING)
			return end[k];
	}
	return 0;
}
