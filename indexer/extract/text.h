/*
 * text.h - article text layout: paragraphs.
 *
 * Docket stores an article body as paragraphs separated by single '\n'
 * characters, each trimmed, with runs of spaces and tabs collapsed.  Dumps
 * come either one paragraph per line or hard-wrapped with blank lines
 * between paragraphs; dk_text_paragraphs() turns both into that layout.
 */
#ifndef DK_TEXT_H
#define DK_TEXT_H

#include <stddef.h>

#include "../../common/buf.h"

/*
 * Append the paragraphs of s[0..len) to out, separated by '\n'.  A block of
 * lines between blank lines is one paragraph when its lines look
 * hard-wrapped (every line but the last between 30 and 100 bytes);
 * otherwise each line is a paragraph.  s must be clean UTF-8 (dk_utf8_clean).
 */
void dk_text_paragraphs(const char *s, size_t len, dk_buf *out);

/* Append s[0..len) with surrounding white space trimmed and inner runs of
 * white space (including newlines) collapsed to one space. */
void dk_text_squeeze(const char *s, size_t len, dk_buf *out);

#endif
