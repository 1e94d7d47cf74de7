/*
 * utf8.c - UTF-8 validation and cleaning with utf8proc (see utf8.h).
 * ASCII runs are copied in bulk; only non-ASCII bytes go through
 * utf8proc_iterate(), which rejects overlong forms, surrogates and code
 * points past U+10FFFF.
 */
#include "utf8.h"

#include <utf8proc.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

void dk_utf8_clean(const char *s, size_t len, dk_buf *out, dk_utf8_report *rep)
{
	size_t i = 0, run = 0;
	size_t invalid = 0, first = 0;
	dk_buf_reserve(out, len);
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f) {
			i++;
			continue;
		}
		dk_buf_append(out, s + run, i - run);
		if (c < 0x80) {
			if (c == '\r') {
				dk_buf_putc(out, '\n');
				if (i + 1 < len && s[i + 1] == '\n')
					i++;
			} else if (c == '\n' || c == '\t') {
				dk_buf_putc(out, (char)c);
			} else {
				dk_buf_putc(out, ' ');
			}
			i++;
		} else {
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
							      (utf8proc_ssize_t)(len - i), &cp);
			if (n <= 0) {
				if (!invalid)
					first = i;
				invalid++;
				dk_buf_append(out, REPLACEMENT, 3);
				i++;
			} else if (cp >= 0x80 && cp < 0xa0) {
				dk_buf_putc(out, ' ');  /* C1 controls */
				i += (size_t)n;
			} else {
				dk_buf_append(out, s + i, (size_t)n);
				i += (size_t)n;
			}
		}
		run = i;
	}
	if (len > run)  /* s may be NULL when len is 0 */
		dk_buf_append(out, s + run, len - run);
	if (rep) {
		rep->invalid = invalid;
		rep->first_invalid = first;
	}
}

int dk_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return 0;
		i += (size_t)n;
	}
	return 1;
}

size_t dk_utf8_truncate(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t n = max;
	/* Step back over continuation bytes to a sequence start. */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}
