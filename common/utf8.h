/*
 * utf8.h - making untrusted bytes into clean UTF-8 text.
 *
 * Dumps arrive with invalid bytes, NULs, stray control characters and
 * Windows line ends.  dk_utf8_clean() copies text into a buffer with each
 * invalid byte replaced by U+FFFD, control characters other than '\n' and
 * '\t' turned into spaces, and "\r\n" / "\r" into "\n", and reports where
 * the first invalid byte was, so the caller can name the position.
 */
#ifndef DK_UTF8_H
#define DK_UTF8_H

#include <stddef.h>

#include "buf.h"

typedef struct dk_utf8_report {
	size_t invalid;        /* invalid bytes replaced */
	size_t first_invalid;  /* offset of the first in the input */
} dk_utf8_report;

/* Append the cleaned s[0..len) to out; rep (may be NULL) gets the counts. */
void dk_utf8_clean(const char *s, size_t len, dk_buf *out, dk_utf8_report *rep);

/* 1 if s[0..len) is valid UTF-8. */
int dk_utf8_valid(const char *s, size_t len);

/* The length of the longest prefix of s[0..len) no longer than max bytes
 * that does not end inside a UTF-8 sequence. */
size_t dk_utf8_truncate(const char *s, size_t len, size_t max);

#endif
