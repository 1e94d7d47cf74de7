/*
 * buf.h - a growable byte buffer with a sticky error.
 *
 * Prefix: dk_str (dk_buf_*() and the string helpers dk_str*()).
 *
 * Appends never fail loudly: the first allocation failure is remembered in
 * b->err and every later append is a no-op, so a builder chain can check
 * once at the end (the SQLite FTS5 habit).  data is always NUL-terminated
 * when non-NULL, so it can be used as a C string when it holds text.
 */
#ifndef DK_BUF_H
#define DK_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "status.h"

typedef struct dk_buf {
	char *data;     /* owned; NULL until the first append */
	size_t len;
	size_t cap;
	dk_status err;  /* DK_OK or the first failure */
} dk_buf;

#define DK_BUF_INIT { NULL, 0, 0, DK_OK }

void dk_buf_append(dk_buf *b, const void *p, size_t n);
void dk_buf_puts(dk_buf *b, const char *s);
void dk_buf_putc(dk_buf *b, char c);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void dk_buf_printf(dk_buf *b, const char *fmt, ...);
/* Make room for n more bytes; returns 0 on success. */
int dk_buf_reserve(dk_buf *b, size_t n);
/* Empty the buffer, keeping its memory and clearing the error. */
void dk_buf_reset(dk_buf *b);
/* Free the memory; the buffer is empty and usable again. */
void dk_buf_free(dk_buf *b);
/* Hand the bytes to the caller (who frees them; never NULL unless the
 * buffer failed) and leave the buffer empty. */
char *dk_buf_detach(dk_buf *b, size_t *len);

/* Append the whole of the file path ("-": standard input).  DK_OK,
 * DK_ERR_NOT_FOUND (no such file), DK_ERR_IO (errno says why: opening or
 * reading failed) or DK_ERR_NOMEM; on failure b may hold part of it. */
dk_status dk_buf_read_file(dk_buf *b, const char *path);

/* A malloc'd NUL-terminated copy of s[0..n), or NULL when out of memory.
 * The caller frees it. */
char *dk_strndup(const char *s, size_t n);

#endif
