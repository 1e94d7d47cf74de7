/*
 * dump_reader.h - the interface every dump reader implements, private to
 * the extraction wing.
 *
 * dump.c holds the one table of readers (dk_dump_readers) and dispatches
 * to them; a reader never calls dump.c, so the readers and the dispatcher
 * form no circle.  A reader declares its format, its names (the first is
 * canonical, the rest are accepted aliases for --format), the file-name
 * endings it claims (before an optional ".gz"), how it recognizes its
 * content from the first bytes of a file whose name says nothing, and the
 * function that reads a file.
 */
#ifndef DK_DUMP_READER_H
#define DK_DUMP_READER_H

#include <stddef.h>

#include "dump.h"

typedef struct dk_dump_reader {
	dk_format format;
	const char *const *names;   /* NULL-terminated; names[0] canonical */
	const char *const *endings; /* NULL-terminated, e.g. ".jsonl" */
	/* 1 when head[0..n) (after a byte order mark and white space) looks
	 * like this format.  Readers are asked in table order. */
	int (*sniff)(const char *head, size_t n);
	/* Read the file at path (id as for dk_dump_read). */
	dk_status (*read)(const char *path, const char *id,
			  const dk_dump_sink *sink);
} dk_dump_reader;

extern const dk_dump_reader dk_warc_reader;
extern const dk_dump_reader dk_jsonl_reader;
extern const dk_dump_reader dk_html_reader;
extern const dk_dump_reader dk_text_reader;

#endif
