/*
 * text.c - paragraph layout (see text.h).
 */
#include "text.h"

#include <string.h>

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

void dk_text_squeeze(const char *s, size_t len, dk_buf *out)
{
	size_t i = 0;
	int pending = 0, any = 0;
	while (i < len) {
		if (is_ws(s[i])) {
			pending = any;
			i++;
			continue;
		}
		/* U+00A0 no-break space counts as white space too. */
		if ((unsigned char)s[i] == 0xC2 && i + 1 < len &&
		    (unsigned char)s[i + 1] == 0xA0) {
			pending = any;
			i += 2;
			continue;
		}
		size_t st = i;
		while (i < len && !is_ws(s[i]) &&
		       !((unsigned char)s[i] == 0xC2 && i + 1 < len &&
			 (unsigned char)s[i + 1] == 0xA0))
			i++;
		if (pending)
			dk_buf_putc(out, ' ');
		dk_buf_append(out, s + st, i - st);
		pending = 0;
		any = 1;
	}
}

/* Is the line blank (only white space)? */
static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_ws(s[i]))
			return 0;
	return 1;
}

static void emit_para(dk_buf *out, const char *s, size_t n)
{
	size_t before = out->len;
	if (out->len)
		dk_buf_putc(out, '\n');
	size_t mark = out->len;
	dk_text_squeeze(s, n, out);
	if (out->len == mark && out->data) {  /* nothing but space: undo */
		out->len = before;
		out->data[before] = '\0';
	}
}

void dk_text_paragraphs(const char *s, size_t len, dk_buf *out)
{
	size_t i = 0;
	while (i < len) {
		/* Skip blank lines, then take the block up to the next one. */
		size_t ls = i;
		const char *nl = memchr(s + i, '\n', len - i);
		size_t le = nl ? (size_t)(nl - s) : len;
		if (blank(s + ls, le - ls)) {
			i = le + 1;
			continue;
		}
		size_t bs = ls, be = le, nlines = 0;
		int wrapped = 1;
		for (;;) {
			size_t n = le - ls;
			nlines++;
			size_t next = le + 1;
			int last = next >= len;
			size_t ne = len;
			if (!last) {
				const char *nl2 = memchr(s + next, '\n', len - next);
				ne = nl2 ? (size_t)(nl2 - s) : len;
				if (blank(s + next, ne - next))
					last = 1;
			}
			if (!last && (n < 30 || n > 100))
				wrapped = 0;
			be = le;
			if (last)
				break;
			ls = next;
			le = ne;
		}
		if (nlines == 1 || wrapped) {
			emit_para(out, s + bs, be - bs);
		} else {
			size_t p = bs;
			while (p < be) {
				const char *e = memchr(s + p, '\n', be - p);
				size_t pe = e ? (size_t)(e - s) : be;
				emit_para(out, s + p, pe - p);
				p = pe + 1;
			}
		}
		i = be + 1;
	}
}
