/*
 * article.c - article fields and the record format (see article.h).
 *
 * The text is compressed with zstd (level TEXT_ZSTD_LEVEL) when it is at
 * least TEXT_ZSTD_MIN bytes and shrinks: Xapian would deflate the record
 * anyway (it compresses document data with zlib), and reading a result's
 * text back was a sixth of a search's CPU in zlib's inflate; zstd's
 * decoder is several times faster for an index about as large
 * (README, "Speed").  Each thread keeps one compression and one
 * decompression context (a context costs more to make than a text to
 * compress).
 */
#include "article.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "fields.h"

enum {
	TAG_ID = 1, TAG_URL, TAG_TITLE, TAG_SOURCE, TAG_SITE, TAG_DATE,
	TAG_AUTHOR, TAG_LANG, TAG_EXTRA, TAG_STORY, TAG_TEXT, TAG_CASES,
	TAG_PARTIES, TAG_COURTS, TAG_STATUTES, TAG_CVES, TAG_TEXT_ZSTD
};

#define TEXT_ZSTD_MIN 512
#define TEXT_ZSTD_LEVEL 6

/* ---- per-thread zstd contexts ---------------------------------------- */

static pthread_once_t ctx_once = PTHREAD_ONCE_INIT;
static pthread_key_t cctx_key, dctx_key;
static int ctx_keys_ok;

static void free_cctx(void *p)
{
	ZSTD_freeCCtx(p);
}

static void free_dctx(void *p)
{
	ZSTD_freeDCtx(p);
}

static void make_keys(void)
{
	ctx_keys_ok = !pthread_key_create(&cctx_key, free_cctx) &&
		      !pthread_key_create(&dctx_key, free_dctx);
}

/* This thread's compression context, made on first use; NULL when out of
 * memory.  Owned by the thread (freed when it exits). */
static ZSTD_CCtx *thread_cctx(void)
{
	pthread_once(&ctx_once, make_keys);
	if (!ctx_keys_ok)
		return NULL;
	ZSTD_CCtx *c = pthread_getspecific(cctx_key);
	if (!c && (c = ZSTD_createCCtx()) && pthread_setspecific(cctx_key, c)) {
		ZSTD_freeCCtx(c);
		c = NULL;
	}
	return c;
}

/* The same for decompression. */
static ZSTD_DCtx *thread_dctx(void)
{
	pthread_once(&ctx_once, make_keys);
	if (!ctx_keys_ok)
		return NULL;
	ZSTD_DCtx *d = pthread_getspecific(dctx_key);
	if (!d && (d = ZSTD_createDCtx()) && pthread_setspecific(dctx_key, d)) {
		ZSTD_freeDCtx(d);
		d = NULL;
	}
	return d;
}

void dk_article_clear(dk_article *a)
{
	free(a->id);
	free(a->url);
	free(a->title);
	free(a->source);
	free(a->site);
	free(a->date);
	free(a->author);
	free(a->lang);
	free(a->extra);
	free(a->story);
	free(a->text);
	free(a->cases);
	free(a->parties);
	free(a->courts);
	free(a->statutes);
	free(a->cves);
	free(a->sketch);
	memset(a, 0, sizeof *a);
}

dk_status dk_article_set(char **field, const char *s, size_t n)
{
	char *p = NULL;
	if (s) {
		p = dk_strndup(s, n);
		if (!p)
			return DK_ERR_NOMEM;
	}
	free(*field);
	*field = p;
	return DK_OK;
}

static void put_field(dk_buf *out, int tag, const char *s, size_t n)
{
	if (!s)
		return;
	unsigned char hdr[11];
	size_t h = 0;
	hdr[h++] = (unsigned char)tag;
	uint64_t v = n;
	do {
		unsigned char c = v & 0x7f;
		v >>= 7;
		hdr[h++] = (unsigned char)(c | (v ? 0x80 : 0));
	} while (v);
	dk_buf_append(out, hdr, h);
	dk_buf_append(out, s, n);
}

static void put_str(dk_buf *out, int tag, const char *s)
{
	if (s)
		put_field(out, tag, s, strlen(s));
}

/* The text compressed (malloc'd, the caller frees it; *zn its length), or
 * NULL when it is short, does not shrink or memory runs out (the record
 * then holds it as it is). */
static char *compress_text(const dk_article *a, size_t *zn)
{
	if (!a->text || a->text_len < TEXT_ZSTD_MIN)
		return NULL;
	ZSTD_CCtx *c = thread_cctx();
	size_t cap = ZSTD_compressBound(a->text_len);
	char *z = c ? malloc(cap) : NULL;
	if (!z)
		return NULL;
	size_t n = ZSTD_compressCCtx(c, z, cap, a->text, a->text_len,
				     TEXT_ZSTD_LEVEL);
	if (ZSTD_isError(n) || n >= a->text_len) {
		free(z);
		return NULL;
	}
	*zn = n;
	return z;
}

/* Decompress the text field z[0..n) into out->text; DK_ERR_PARSE for a
 * damaged frame or one that claims more than DK_ARTICLE_TEXT_MAX bytes. */
static dk_status decompress_text(const char *z, size_t n, dk_article *out)
{
	unsigned long long size = ZSTD_getFrameContentSize(z, n);
	if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
	    size > DK_ARTICLE_TEXT_MAX)
		return DK_ERR_PARSE;
	ZSTD_DCtx *d = thread_dctx();
	char *t = d ? malloc((size_t)size + 1) : NULL;
	if (!t)
		return DK_ERR_NOMEM;
	size_t got = ZSTD_decompressDCtx(d, t, (size_t)size, z, n);
	if (ZSTD_isError(got) || got != size) {
		free(t);
		return DK_ERR_PARSE;
	}
	t[size] = '\0';
	free(out->text);
	out->text = t;
	out->text_len = (size_t)size;
	return DK_OK;
}

dk_status dk_article_encode(const dk_article *a, dk_buf *out)
{
	size_t zn = 0;
	char *z = compress_text(a, &zn);
	/* "DK2" only for a compressed text, which older readers would
	 * otherwise skip as an unknown tag and show no text. */
	dk_buf_append(out, z ? "DK2" : "DK1", 3);
	put_str(out, TAG_ID, a->id);
	put_str(out, TAG_URL, a->url);
	put_str(out, TAG_TITLE, a->title);
	put_str(out, TAG_SOURCE, a->source);
	put_str(out, TAG_SITE, a->site);
	put_str(out, TAG_DATE, a->date);
	put_str(out, TAG_AUTHOR, a->author);
	put_str(out, TAG_LANG, a->lang);
	put_str(out, TAG_EXTRA, a->extra);
	put_str(out, TAG_STORY, a->story);
	if (z)
		put_field(out, TAG_TEXT_ZSTD, z, zn);
	else if (a->text)
		put_field(out, TAG_TEXT, a->text, a->text_len);
	free(z);
	put_str(out, TAG_CASES, a->cases);
	put_str(out, TAG_PARTIES, a->parties);
	put_str(out, TAG_COURTS, a->courts);
	put_str(out, TAG_STATUTES, a->statutes);
	put_str(out, TAG_CVES, a->cves);
	return out->err;
}

dk_status dk_article_decode(const char *data, size_t len, dk_article *out)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t i = 3;
	if (len < 3 || (memcmp(data, "DK1", 3) != 0 &&
			memcmp(data, "DK2", 3) != 0))
		return DK_ERR_PARSE;
	while (i < len) {
		int tag = p[i++];
		uint64_t n = 0;
		int shift = 0;
		for (;;) {
			if (i >= len || shift > 56)
				goto bad;
			unsigned char c = p[i++];
			n |= (uint64_t)(c & 0x7f) << shift;
			shift += 7;
			if (!(c & 0x80))
				break;
		}
		if (n > len - i)
			goto bad;
		if (tag == TAG_TEXT_ZSTD) {
			dk_status zs = decompress_text(data + i, (size_t)n, out);
			if (zs) {
				dk_article_clear(out);
				return zs;
			}
			i += (size_t)n;
			continue;
		}
		char **field = NULL;
		switch (tag) {
		case TAG_ID: field = &out->id; break;
		case TAG_URL: field = &out->url; break;
		case TAG_TITLE: field = &out->title; break;
		case TAG_SOURCE: field = &out->source; break;
		case TAG_SITE: field = &out->site; break;
		case TAG_DATE: field = &out->date; break;
		case TAG_AUTHOR: field = &out->author; break;
		case TAG_LANG: field = &out->lang; break;
		case TAG_EXTRA: field = &out->extra; break;
		case TAG_STORY: field = &out->story; break;
		case TAG_TEXT: field = &out->text; out->text_len = (size_t)n; break;
		case TAG_CASES: field = &out->cases; break;
		case TAG_PARTIES: field = &out->parties; break;
		case TAG_COURTS: field = &out->courts; break;
		case TAG_STATUTES: field = &out->statutes; break;
		case TAG_CVES: field = &out->cves; break;
		default: break;
		}
		if (field && dk_article_set(field, data + i, (size_t)n)) {
			dk_article_clear(out);
			return DK_ERR_NOMEM;
		}
		i += (size_t)n;
	}
	return DK_OK;
bad:
	dk_article_clear(out);
	return DK_ERR_PARSE;
}

/* 64-bit FNV-1a as the index has always used it (its offset basis is the
 * one written here: changing it would change the terms of long ids). */
static uint64_t uid_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void dk_article_uid_term(const char *id, dk_buf *out)
{
	size_t n = strlen(id);
	dk_buf_puts(out, DK_PREFIX_ID);
	if (n <= DK_ARTICLE_UID_MAX) {
		dk_buf_append(out, id, n);
		return;
	}
	dk_buf_append(out, id, DK_ARTICLE_UID_MAX - 17);
	dk_buf_printf(out, "#%016llx", (unsigned long long)uid_hash(id, n));
}
