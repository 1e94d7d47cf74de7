/*
 * buf.c - growable byte buffer (see buf.h).  Capacity doubles, so n appends
 * cost O(n) in total.
 */
#include "buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dk_buf_reserve(dk_buf *b, size_t n)
{
	if (b->err)
		return -1;
	if (n >= (size_t)-1 - b->len - 1) {
		b->err = DK_ERR_NOMEM;
		return -1;
	}
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->err = DK_ERR_NOMEM;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void dk_buf_append(dk_buf *b, const void *p, size_t n)
{
	if (dk_buf_reserve(b, n))
		return;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void dk_buf_puts(dk_buf *b, const char *s)
{
	dk_buf_append(b, s, strlen(s));
}

void dk_buf_putc(dk_buf *b, char c)
{
	dk_buf_append(b, &c, 1);
}

void dk_buf_printf(dk_buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (!b->err)
			b->err = DK_ERR_INTERNAL;
		return;
	}
	if ((size_t)n < sizeof small) {
		dk_buf_append(b, small, (size_t)n);
		return;
	}
	if (dk_buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void dk_buf_reset(dk_buf *b)
{
	b->len = 0;
	b->err = DK_OK;
	if (b->data)
		b->data[0] = '\0';
}

void dk_buf_free(dk_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->err = DK_OK;
}

char *dk_buf_detach(dk_buf *b, size_t *len)
{
	if (b->err) {
		dk_buf_free(b);
		if (len)
			*len = 0;
		return NULL;
	}
	if (!b->data)
		dk_buf_append(b, "", 0);
	char *p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

char *dk_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

dk_status dk_buf_read_file(dk_buf *b, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return errno == ENOENT ? DK_ERR_NOT_FOUND : DK_ERR_IO;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		dk_buf_append(b, chunk, n);
	int bad = ferror(f), err = errno;
	if (f != stdin)
		fclose(f);
	errno = err;
	return bad ? DK_ERR_IO : b->err ? DK_ERR_NOMEM : DK_OK;
}
