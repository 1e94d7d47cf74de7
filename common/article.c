/*
 * article.c - article fields and the record format (see article.h).
 */
#include "article.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"

enum {
	TAG_ID = 1, TAG_URL, TAG_TITLE, TAG_SOURCE, TAG_SITE, TAG_DATE,
	TAG_AUTHOR, TAG_LANG, TAG_EXTRA, TAG_STORY, TAG_TEXT, TAG_CASES,
	TAG_PARTIES, TAG_COURTS, TAG_STATUTES, TAG_CVES
};

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

dk_status dk_article_encode(const dk_article *a, dk_buf *out)
{
	dk_buf_append(out, "DK1", 3);
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
	if (a->text)
		put_field(out, TAG_TEXT, a->text, a->text_len);
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
	if (len < 3 || memcmp(data, "DK1", 3) != 0)
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
