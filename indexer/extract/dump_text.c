/*
 * dump_text.c - one article per text file.
 *
 * Layout (doc/input.md): an optional header block of "Key: value" lines (Title,
 * Date, Source, URL, Author, Lang; keys case-insensitive) ending at the
 * first blank line; without one, the first line is the title when it looks
 * like a headline (short, no sentence-final period, at least two words).
 * The rest is the body, laid out as paragraphs (text.h).  A header line
 * with an unknown key ends the header (it is body text, e.g. "Note: ...").
 */
#include "dump_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../common/buf.h"
#include "charset.h"
#include "dumpfile.h"
#include "text.h"
#include "../../common/utf8.h"

static char **header_field(dk_article *a, const char *key, size_t n)
{
	static const struct { const char *k; size_t off; } keys[] = {
		{ "title", offsetof(dk_article, title) },
		{ "headline", offsetof(dk_article, title) },
		{ "date", offsetof(dk_article, date) },
		{ "published", offsetof(dk_article, date) },
		{ "source", offsetof(dk_article, source) },
		{ "url", offsetof(dk_article, url) },
		{ "author", offsetof(dk_article, author) },
		{ "byline", offsetof(dk_article, author) },
		{ "lang", offsetof(dk_article, lang) },
		{ "language", offsetof(dk_article, lang) },
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strlen(keys[i].k) == n && !strncasecmp(key, keys[i].k, n))
			return (char **)((char *)a + keys[i].off);
	return NULL;
}

/* Does the line read like a headline rather than a sentence? */
static int headline_like(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n > 200)
		return 0;
	if (s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == ';')
		return 0;
	size_t words = 0;
	int in = 0;
	for (size_t i = 0; i < n; i++) {
		int sp = s[i] == ' ' || s[i] == '\t';
		if (!sp && !in)
			words++;
		in = !sp;
	}
	return words >= 2 && words <= 30;
}

dk_status dk_dump_text_parse(const char *data, size_t len, const char *id,
				dk_article *a, const char **err)
{
	dk_status st = DK_OK;
	dk_buf clean = DK_BUF_INIT, body = DK_BUF_INIT;
	*err = NULL;
	dk_utf8_clean(data, len, &clean, NULL);
	if (clean.err)
		return DK_ERR_NOMEM;
	const char *s = clean.data ? clean.data : "";
	size_t n = clean.len, i = 0;
	/* Skip leading blank lines and a UTF-8 byte order mark. */
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && (s[i] == '\n' || s[i] == ' ' || s[i] == '\t'))
		i++;
	size_t body_start = i;
	int header = 0;
	for (;;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t le = nl ? (size_t)(nl - s) : n;
		const char *colon = memchr(s + i, ':', le - i);
		if (le == i) {          /* blank line ends a header */
			if (header)
				body_start = le + 1;
			break;
		}
		if (!colon)
			break;
		size_t kn = (size_t)(colon - (s + i));
		char **f = header_field(a, s + i, kn);
		if (!f)
			break;
		const char *v = colon + 1;
		while (v < s + le && (*v == ' ' || *v == '\t'))
			v++;
		size_t vn = (size_t)(s + le - v);
		while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t'))
			vn--;
		if (vn && (st = dk_article_set(f, v, vn)))
			goto out;
		header = 1;
		body_start = le + 1;
		if (!nl)
			break;
		i = le + 1;
	}
	if (body_start > n)
		body_start = n;
	if (!header) {
		dk_article_clear(a);
		body_start = i;
		const char *nl = memchr(s + body_start, '\n', n - body_start);
		size_t le = nl ? (size_t)(nl - s) : n;
		/* A first line followed by more text, read as the title. */
		if (nl && headline_like(s + body_start, le - body_start)) {
			dk_buf t = DK_BUF_INIT;
			dk_text_squeeze(s + body_start, le - body_start, &t);
			st = t.err ? t.err : dk_article_set(&a->title, t.data, t.len);
			dk_buf_free(&t);
			if (st)
				goto out;
			body_start = le + 1;
		}
	}
	dk_text_paragraphs(s + body_start, n - body_start, &body);
	if (body.err) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	if (body.len == 0 && !a->title) {
		*err = n ? "no article text" : "empty file";
		st = DK_ERR_PARSE;
		goto out;
	}
	if ((st = dk_article_set(&a->id, id, strlen(id))))
		goto out;
	a->text = dk_buf_detach(&body, &a->text_len);
	if (!a->text) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	st = dk_dump_article_finish(a);
out:
	dk_buf_free(&clean);
	dk_buf_free(&body);
	if (st)
		dk_article_clear(a);
	return st;
}

/* Say how a file that was not UTF-8 was read: the charset it was read
 * in, or how many bytes became U+FFFD, with the first one's offset. */
static void text_charset_report(const dk_dump_sink *sink, const char *path,
				const dk_charset_info *ci)
{
	char where[64], m[160];
	snprintf(where, sizeof where, "byte %zu", ci->first_invalid);
	if (ci->fallback) {
		snprintf(m, sizeof m, "not valid UTF-8 (%zu invalid byte%s): "
			 "read as windows-1252", ci->invalid,
			 ci->invalid == 1 ? "" : "s");
	} else if (ci->source == DK_CHARSET_BOM ||
		   ci->source == DK_CHARSET_SNIFFED) {
		if (!ci->invalid)
			return;  /* UTF-16 (or UTF-8 after a mark), decoded */
		snprintf(m, sizeof m, "%zu byte%s not valid %s, replaced with "
			 "U+FFFD", ci->invalid, ci->invalid == 1 ? "" : "s",
			 ci->name);
	} else {
		snprintf(m, sizeof m,
			 "invalid UTF-8 (%zu byte%s replaced with U+FFFD)",
			 ci->invalid, ci->invalid == 1 ? "" : "s");
	}
	sink->report(sink->ctx, path, where, m, 0);
}

static dk_status text_dump_read(const char *path, const char *id,
				const dk_dump_sink *sink)
{
	char *data = NULL, *msg = NULL;
	size_t len = 0;
	size_t max = sink->max_record ? sink->max_record : DK_MAX_RECORD;
	dk_status st = dk_dumpfile_read(path, max, &data, &len, &msg);
	if (st == DK_ERR_PARSE) {
		/* A broken gzip stream: keep what decoded before the break. */
		sink->report(sink->ctx, path, "", msg ? msg : "broken stream", 0);
		free(msg);
		msg = NULL;
		st = DK_OK;
	} else if (st) {
		sink->report(sink->ctx, path, "", msg ? msg : dk_status_str(st),
			     1);
		free(msg);
		free(data);
		return st == DK_ERR_NOMEM ? st : DK_OK;
	}
	if (msg)   /* data after the gzip stream: a warning */
		sink->report(sink->ctx, path, "", msg, 0);
	free(msg);
	msg = NULL;
	/* UTF-8, else a byte order mark's or UTF-16's NULs' charset, else
	 * windows-1252 when hardly any of it is UTF-8 (charset.h). */
	dk_buf dec = DK_BUF_INIT;
	const char *text = data;
	size_t tlen = len;
	/* NULs are valid UTF-8: UTF-16 without a mark must be looked for,
	 * and a file with NULs that is not UTF-16 is no text at all (an
	 * image, a database file left in the tree). */
	const char *nul = memchr(data, '\0', len < 4096 ? len : 4096);
	if (!dk_utf8_valid(data, len) || nul) {
		dk_charset_info ci;
		if (dk_charset_decode_text(data, len, &dec, &ci)) {
			free(data);
			dk_buf_free(&dec);
			return DK_ERR_NOMEM;
		}
		if (nul && ci.source != DK_CHARSET_BOM &&
		    ci.source != DK_CHARSET_SNIFFED) {
			char where[64];
			snprintf(where, sizeof where, "byte %zu",
				 (size_t)(nul - data));
			sink->report(sink->ctx, path, where,
				     "a NUL byte: a binary file, not text", 1);
			free(data);
			dk_buf_free(&dec);
			return DK_OK;
		}
		text_charset_report(sink, path, &ci);
		text = dec.data ? dec.data : "";
		tlen = dec.len;
	}
	dk_article a = { 0 };
	const char *err = NULL;
	st = dk_dump_text_parse(text, tlen, id, &a, &err);
	dk_buf_free(&dec);
	free(data);
	if (sink->progress)
		sink->progress(sink->ctx, len, len);
	if (st == DK_ERR_PARSE) {
		sink->report(sink->ctx, path, "", err ? err : "no article", 1);
		return DK_OK;
	}
	if (st)
		return st;
	st = sink->article(sink->ctx, &a);
	dk_article_clear(&a);
	return st;
}

/* Any content no other reader claimed is text (dump.c asks only when
 * the file holds some bytes). */
static int text_sniff(const char *head, size_t n)
{
	(void)head;
	(void)n;
	return 1;
}

static const char *const text_names[] = { "text", "txt", NULL };
static const char *const text_endings[] = { ".txt", ".text", NULL };
const dk_dump_reader dk_text_reader = {
	DK_FORMAT_TEXT, text_names, text_endings, text_sniff, text_dump_read
};
