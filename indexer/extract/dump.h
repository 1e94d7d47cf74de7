/*
 * dump.h - reading article dumps: format detection and the readers.
 *
 * A reader turns one dump file into articles and hands each to the sink;
 * anything it cannot read is reported through the report callback as one
 * line naming the file and the line, record or byte offset, then skipped,
 * and reading goes on.  Readers never touch the index, so they are tested
 * (and fuzzed) on their own and shared by indexing and --extract.
 */
#ifndef DK_DUMP_H
#define DK_DUMP_H

#include <stddef.h>
#include <stdint.h>

#include "../../common/article.h"
#include "../../common/status.h"

typedef enum dk_format {
	DK_FORMAT_AUTO = 0,
	DK_FORMAT_TEXT,
	DK_FORMAT_JSONL,
	DK_FORMAT_HTML,
	DK_FORMAT_WARC
} dk_format;

/* Default size limit of one record (a JSONL line, a text file). */
#define DK_MAX_RECORD (8u * 1024 * 1024)
/* Default size limit of one web page (an HTML file, a WARC record): pages
 * carry markup, scripts and inline images around their text, so they get
 * more room than a record of text.  A --max-record given by the user
 * (sink->max_record) applies to pages too. */
#define DK_MAX_PAGE (32u * 1024 * 1024)

typedef struct dk_dump_sink {
	/* Called per article; a is borrowed (cleared after the call).
	 * Returning non-DK_OK stops the reading with that status. */
	dk_status (*article)(void *ctx, dk_article *a);
	/* One problem: path, a position such as "line 12" or "byte 4096"
	 * (may be ""), and a message.  Counted as a skipped record when
	 * skipped is 1, else a warning. */
	void (*report)(void *ctx, const char *path, const char *where,
		       const char *msg, int skipped);
	/* Bytes of this file consumed so far as stored (compressed) and
	 * after decompression, for progress and throughput. */
	void (*progress)(void *ctx, uint64_t consumed, uint64_t uncompressed);
	void *ctx;
	size_t max_record;  /* 0: DK_MAX_RECORD */
} dk_dump_sink;

/* "text", "jsonl", "html", "warc" -> the format; DK_FORMAT_AUTO for
 * anything else (including "auto"). */
dk_format dk_format_from_name(const char *name);
const char *dk_format_name(dk_format f);

/*
 * The format of path from its name (".txt", ".jsonl", ".json", ".ndjson",
 * ".html", ".htm", ".warc", each optionally ".gz") and, when the name says
 * nothing, from its first bytes head[0..n) (decompressed).  Returns
 * DK_FORMAT_AUTO when it cannot tell.
 */
dk_format dk_format_detect(const char *path, const char *head, size_t n);

/*
 * Read the dump at path in format fmt (DK_FORMAT_AUTO: detect) and call the
 * sink for each article.  id is the article id for formats that hold one
 * article per file (text, html): the path relative to the PATH the user
 * gave.  Returns DK_OK when the file was read to its end (even if records
 * were skipped), or the status of a failure that stopped it (after
 * reporting it).
 */
dk_status dk_dump_read(const char *path, const char *id, dk_format fmt,
		       const dk_dump_sink *sink);

/* The readers, for tests and fuzzing: parse one text article / one JSONL
 * line from memory into *a (zeroed by the caller; free with
 * dk_article_clear).  DK_ERR_PARSE with *err set to a static message when
 * the input holds no article. */
dk_status dk_dump_text_parse(const char *data, size_t len, const char *id,
				dk_article *a, const char **err);
dk_status dk_dump_jsonl_parse(const char *line, size_t len, dk_article *a,
				 char *err, size_t errcap);

/*
 * One HTML page from memory into *a (zeroed by the caller; free with
 * dk_article_clear): the main content as text and the page's metadata
 * (indexer/extract/html_page.h), id as given, url (when not NULL) and the HTTP
 * charset (when not NULL) from the transport.  Problems that do not stop
 * the page are passed to warn(ctx, byte offset, message) when warn is not
 * NULL.  DK_ERR_PARSE with *err set to a static message when the page
 * holds no article.
 */
dk_status dk_dump_html_parse(const char *data, size_t len, const char *id,
				const char *url, const char *charset,
				void (*warn)(void *ctx, size_t off, const char *msg),
				void *ctx, dk_article *a, const char **err);

/*
 * Read a WARC file held in memory (name is used in reports only), exactly
 * as dk_dump_read() reads one from disk: for tests and fuzzing.
 */
dk_status dk_dump_warc_mem_read(const char *name, const char *data, size_t len,
			   const dk_dump_sink *sink);

/* Fill the fields derived from others: site from url's host, source from
 * site when absent, date normalized. */
dk_status dk_dump_article_finish(dk_article *a);

#endif
