/*
 * dump.c - format detection, dispatch to the readers, derived fields.
 */
#include "dump.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/date.h"
#include "../common/dumpfile.h"

dk_format dk_format_from_name(const char *name)
{
	if (!name)
		return DK_FORMAT_AUTO;
	if (!strcmp(name, "text") || !strcmp(name, "txt"))
		return DK_FORMAT_TEXT;
	if (!strcmp(name, "jsonl") || !strcmp(name, "json"))
		return DK_FORMAT_JSONL;
	if (!strcmp(name, "html"))
		return DK_FORMAT_HTML;
	if (!strcmp(name, "warc"))
		return DK_FORMAT_WARC;
	return DK_FORMAT_AUTO;
}

const char *dk_format_name(dk_format f)
{
	switch (f) {
	case DK_FORMAT_TEXT: return "text";
	case DK_FORMAT_JSONL: return "jsonl";
	case DK_FORMAT_HTML: return "html";
	case DK_FORMAT_WARC: return "warc";
	case DK_FORMAT_AUTO: break;
	}
	return "auto";
}

static int ends_with(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && strncasecmp(s + n - k, suf, k) == 0;
}

dk_format dk_format_detect(const char *path, const char *head, size_t n)
{
	size_t len = strlen(path);
	if (ends_with(path, len, ".gz"))
		len -= 3;
	if (ends_with(path, len, ".jsonl") || ends_with(path, len, ".ndjson") ||
	    ends_with(path, len, ".json"))
		return DK_FORMAT_JSONL;
	if (ends_with(path, len, ".txt") || ends_with(path, len, ".text"))
		return DK_FORMAT_TEXT;
	if (ends_with(path, len, ".html") || ends_with(path, len, ".htm"))
		return DK_FORMAT_HTML;
	if (ends_with(path, len, ".warc"))
		return DK_FORMAT_WARC;
	/* By content (after a UTF-8 byte order mark). */
	size_t i = n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' ||
			 head[i] == '\t'))
		i++;
	if (n - i >= 5 && !strncmp(head + i, "WARC/", 5))
		return DK_FORMAT_WARC;
	if (i < n && head[i] == '{')
		return DK_FORMAT_JSONL;
	if (i < n && head[i] == '<')
		return DK_FORMAT_HTML;
	if (n > 0)
		return DK_FORMAT_TEXT;
	return DK_FORMAT_AUTO;
}

/* The host of an http(s) URL without "www.", lower-cased; NULL if none. */
static char *host_of(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return NULL;
	p += 3;
	const char *at = NULL, *e = p;
	while (*e && *e != '/' && *e != '?' && *e != '#') {
		if (*e == '@')
			at = e;
		e++;
	}
	if (at)
		p = at + 1;
	const char *colon = memchr(p, ':', (size_t)(e - p));
	if (colon)
		e = colon;
	if (e - p > 4 && !strncasecmp(p, "www.", 4))
		p += 4;
	if (e <= p || e - p > 253)
		return NULL;
	char *h = dk_strndup(p, (size_t)(e - p));
	if (!h)
		return NULL;
	for (char *c = h; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return h;
}

dk_status dk_article_finish(dk_article *a)
{
	if (a->url && !a->site) {
		a->site = host_of(a->url);
	}
	if (!a->source && a->site) {
		a->source = dk_strndup(a->site, strlen(a->site));
		if (!a->source)
			return DK_ERR_NOMEM;
	}
	if (a->date) {
		char norm[11];
		if (dk_date_parse(a->date, strlen(a->date), norm) == DK_OK)
			return dk_article_set(&a->date, norm, strlen(norm));
		free(a->date);
		a->date = NULL;
	}
	return DK_OK;
}

dk_status dk_text_dump_read(const char *path, const char *id,
			    const dk_dump_sink *sink);
dk_status dk_jsonl_dump_read(const char *path, const dk_dump_sink *sink);
dk_status dk_html_dump_read(const char *path, const char *id,
			    const dk_dump_sink *sink);
dk_status dk_warc_dump_read(const char *path, const dk_dump_sink *sink);

dk_status dk_dump_read(const char *path, const char *id, dk_format fmt,
		       const dk_dump_sink *sink)
{
	if (fmt == DK_FORMAT_AUTO) {
		char head[512];
		size_t n = 0;
		dk_lines *r = NULL;
		/* Peek at the start only when the name says nothing.  A first
		 * line longer than head (a JSONL article) must still be read,
		 * so the reader's limit is the record limit. */
		size_t max = sink->max_record ? sink->max_record : DK_MAX_RECORD;
		fmt = dk_format_detect(path, "", 0);
		if (fmt == DK_FORMAT_AUTO &&
		    dk_lines_open(path, max, &r, NULL) == DK_OK) {
			const char *line;
			size_t len;
			while (n < sizeof head - 1 &&
			       dk_lines_next(r, &line, &len) == DK_OK) {
				size_t k = len < sizeof head - 1 - n ? len : sizeof head - 1 - n;
				memcpy(head + n, line, k);
				n += k;
				if (n < sizeof head - 1)
					head[n++] = '\n';
			}
			dk_lines_close(r);
			fmt = dk_format_detect(path, head, n);
		}
	}
	switch (fmt) {
	case DK_FORMAT_TEXT:
		return dk_text_dump_read(path, id, sink);
	case DK_FORMAT_JSONL:
		return dk_jsonl_dump_read(path, sink);
	case DK_FORMAT_HTML:
		return dk_html_dump_read(path, id, sink);
	case DK_FORMAT_WARC:
		return dk_warc_dump_read(path, sink);
	case DK_FORMAT_AUTO:
		break;
	}
	sink->report(sink->ctx, path, "", "empty or unrecognized file, skipped", 1);
	return DK_OK;
}
