/*
 * dump.c - the table of dump readers: format names, detection by file name
 * and by content, and dispatch.  The readers implement dump_reader.h and
 * never call back into this file.
 */
#include "dump.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dump_reader.h"
#include "dumpfile.h"

/* Content sniffing asks the readers in this order; text, which claims any
 * non-empty content, comes last. */
static const dk_dump_reader *const readers[] = {
	&dk_warc_reader, &dk_jsonl_reader, &dk_html_reader, &dk_text_reader,
};
#define NREADERS (sizeof readers / sizeof readers[0])

static const dk_dump_reader *reader_of(dk_format f)
{
	for (size_t i = 0; i < NREADERS; i++)
		if (readers[i]->format == f)
			return readers[i];
	return NULL;
}

dk_format dk_format_from_name(const char *name)
{
	if (!name)
		return DK_FORMAT_AUTO;
	for (size_t i = 0; i < NREADERS; i++)
		for (const char *const *n = readers[i]->names; *n; n++)
			if (!strcmp(name, *n))
				return readers[i]->format;
	return DK_FORMAT_AUTO;
}

const char *dk_format_name(dk_format f)
{
	const dk_dump_reader *r = reader_of(f);
	return r ? r->names[0] : "auto";
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
	for (size_t i = 0; i < NREADERS; i++)
		for (const char *const *e = readers[i]->endings; *e; e++)
			if (ends_with(path, len, *e))
				return readers[i]->format;
	if (n == 0)
		return DK_FORMAT_AUTO;
	/* By content (after a UTF-8 byte order mark and white space). */
	size_t i = n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' ||
			 head[i] == '\t'))
		i++;
	for (size_t r = 0; r < NREADERS; r++)
		if (readers[r]->sniff(head + i, n - i))
			return readers[r]->format;
	return DK_FORMAT_AUTO;
}

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
	const dk_dump_reader *rd = reader_of(fmt);
	if (rd)
		return rd->read(path, id, sink);
	sink->report(sink->ctx, path, "", "empty or unrecognized file, skipped", 1);
	return DK_OK;
}
