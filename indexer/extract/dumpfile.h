/*
 * dumpfile.h - reading dump files, plain or gzip-compressed.
 *
 * zlib's gz* functions read both, so every reader goes through here: a
 * line reader for JSONL (and WARC headers) and a whole-file reader for text
 * and HTML.  Both enforce a size limit on one record, so a 10 MB line is
 * reported and skipped rather than held, and both report a broken gzip
 * stream with the uncompressed offset where it broke.
 */
#ifndef DK_DUMPFILE_H
#define DK_DUMPFILE_H

#include <stddef.h>
#include <stdint.h>

#include "../../common/status.h"

/*
 * A file read plain or, when it starts with the gzip magic, decompressed
 * (any number of gzip members).  Unlike zlib's gzread(), it remembers
 * where data that is not gzip follows the last member (trailing garbage),
 * so the readers can warn instead of dropping it in silence.
 */
typedef struct dk_zfile dk_zfile;

/* Open path; *out is closed with dk_zfile_close().  On failure *out is NULL
 * and *errmsg (if not NULL) a malloc'd message (without the path) that
 * the caller frees. */
dk_status dk_zfile_open(const char *path, dk_zfile **out, char **errmsg);
/* Up to n bytes into buf: the count, 0 at the end, -1 when the stream is
 * broken (dk_zfile_error says how; what came before stays delivered). */
int dk_zfile_read(dk_zfile *f, char *buf, size_t n);
/* Position the next read at uncompressed offset off (forward by reading,
 * back by starting again).  0 on success. */
int dk_zfile_seek(dk_zfile *f, uint64_t off);
/* Stored (compressed) bytes consumed so far. */
uint64_t dk_zfile_consumed(const dk_zfile *f);
/* The stored offset of data after the last gzip member, or -1 (none yet,
 * or a plain file).  Known once a read has returned 0. */
int64_t dk_zfile_trailing(const dk_zfile *f);
/* "data after the end of the gzip stream at stored byte N, ignored". */
void dk_zfile_trailing_message(const dk_zfile *f, char *m, size_t n);
/* The last error's message.  Borrowed. */
const char *dk_zfile_error(const dk_zfile *f);
void dk_zfile_close(dk_zfile *f);

typedef struct dk_lines dk_lines;

/*
 * Open path for reading lines of at most max_line bytes.  On failure *out
 * is NULL and *errmsg (if not NULL) a malloc'd message the caller frees.
 * The caller closes the reader with dk_lines_close().
 */
dk_status dk_lines_open(const char *path, size_t max_line, dk_lines **out,
			char **errmsg);

/*
 * The next line, without its '\n'; *line is borrowed until the next call.
 * Returns DK_OK with a line; DK_ERR_NOT_FOUND at the end of the input;
 * DK_ERR_TOO_BIG for a line over the limit (skipped: the next call reads
 * the line after it); DK_ERR_PARSE or DK_ERR_IO when the stream is broken
 * (no more lines follow).  dk_lines_error() then describes the problem.
 */
dk_status dk_lines_next(dk_lines *r, const char **line, size_t *len);

/* Line number (1-based) of the line last returned or skipped. */
uint64_t dk_lines_lineno(const dk_lines *r);
/* Uncompressed byte offset at which that line starts. */
uint64_t dk_lines_offset(const dk_lines *r);
/* Compressed bytes consumed so far (for progress). */
uint64_t dk_lines_consumed(const dk_lines *r);
/* Uncompressed bytes delivered so far. */
uint64_t dk_lines_uncompressed(const dk_lines *r);
/* The stored offset of trailing data after the gzip stream, or -1; known
 * once dk_lines_next() has returned DK_ERR_NOT_FOUND. */
int64_t dk_lines_trailing(const dk_lines *r);
/* Message of the last error.  Borrowed. */
const char *dk_lines_error(const dk_lines *r);
void dk_lines_close(dk_lines *r);

/*
 * Read the whole of path (decompressing gzip) into *out, NUL-terminated,
 * at most max bytes.  *out is malloc'd; the caller frees it.  Over the
 * limit: DK_ERR_TOO_BIG.  A broken gzip stream: DK_ERR_PARSE with what was
 * read before the break still in *out and *len, and *errmsg describing it.
 * *errmsg (if not NULL) is malloc'd on any failure, and on success when
 * data follows the gzip stream (a warning: the rest was read); the caller
 * frees it.  Messages do not repeat the path.
 */
dk_status dk_dumpfile_read(const char *path, size_t max, char **out, size_t *len,
		       char **errmsg);

#endif
