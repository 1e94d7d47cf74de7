/*
 * title.c - site names off titles, titles from text (see title.h).
 */
#include "title.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../common/buf.h"
#include "html_meta.h"

/* The main label of a host: "www.theverge.com" -> "theverge",
 * "bbc.co.uk" -> "bbc", "deepmind.google" -> "deepmind".  The caller
 * frees it; NULL without a dot or memory. */
static char *host_label(const char *host)
{
	const char *e = host + strlen(host);
	const char *last = NULL, *prev = NULL;
	for (const char *c = host; c < e; c++)
		if (*c == '.') {
			prev = last;
			last = c;
		}
	if (!last)
		return NULL;
	const char *start = prev ? prev + 1 : host;
	/* A two-level public suffix: "co.uk", "com.au". */
	if (prev && last - start <= 3 && e - last <= 3) {
		const char *pp = NULL;
		for (const char *c = host; c < prev; c++)
			if (*c == '.')
				pp = c;
		start = pp ? pp + 1 : host;
		last = prev;
	}
	if (last <= start)
		return NULL;
	return dk_strndup(start, (size_t)(last - start));
}

/* Is url a site's home page (an empty path, "/", or "/index.html")?
 * There "Name: tagline" is the page's own title, not a site prefix. */
static int home_page(const char *url)
{
	const char *p = url ? strstr(url, "://") : NULL;
	if (!p)
		return 0;
	p = strchr(p + 3, '/');
	if (!p || !p[1] || p[1] == '?' || p[1] == '#')
		return 1;
	return !strncasecmp(p + 1, "index.", 6) && !strchr(p + 1, '/');
}

dk_status dk_title_strip_site(dk_article *a)
{
	if (!a->title || !*a->title)
		return DK_OK;
	const char *host = a->site ? a->site : a->source;
	char *label = host ? host_label(host) : NULL;
	const char *sites[4];
	size_t n = 0;
	if (a->source)
		sites[n++] = a->source;
	if (a->site)
		sites[n++] = a->site;
	if (label)
		sites[n++] = label;
	sites[n] = NULL;
	dk_status st = DK_OK;
	if (n) {
		char *t = dk_html_meta_clean_sites(a->title, strlen(a->title), sites,
					       !home_page(a->url));
		if (!t)
			st = DK_ERR_NOMEM;
		else if (*t && strcmp(t, a->title))
			st = dk_article_set(&a->title, t, strlen(t));
		free(t);
	}
	free(label);
	return st;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Does s hold a letter or digit (any non-ASCII character counts as one)? */
static int has_word(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		    c >= 0xc0)
			return 1;
	}
	return 0;
}

/* Does p[0..n) read as a heading: 2..20 words, no final period, comma
 * or colon? */
static int heading_like(const char *p, size_t n)
{
	if (!n || n > DK_TITLE_TEXT_MAX)
		return 0;
	char last = p[n - 1];
	if (last == '.' || last == ',' || last == ';' || last == ':')
		return 0;
	size_t words = 0;
	for (size_t i = 0; i < n; i++)
		if (!is_space(p[i]) && (i == 0 || is_space(p[i - 1])))
			words++;
	return words >= 2 && words <= 20;
}

char *dk_title_from_text(const char *text, size_t len, dk_status *st)
{
	*st = DK_OK;
	if (!text)
		return NULL;
	/* The first non-empty paragraph. */
	size_t i = 0;
	while (i < len && (text[i] == '\n' || is_space(text[i])))
		i++;
	const char *p = text + i;
	const char *nl = memchr(p, '\n', len - i);
	size_t n = nl ? (size_t)(nl - p) : len - i;
	while (n && is_space(p[n - 1]))
		n--;
	if (!n)
		return NULL;
	char *out;
	if (nl && heading_like(p, n)) {
		out = dk_strndup(p, n);
	} else {
		/* The first sentence: up to ". ", "? " or "! " after a few
		 * words (not "Mr. "-like abbreviations: at least 20 bytes). */
		size_t e = n;
		for (size_t k = 20; k + 1 < n; k++)
			if ((p[k] == '.' || p[k] == '?' || p[k] == '!') && p[k + 1] == ' ') {
				e = k + (p[k] != '.');
				break;
			}
		if (e == n && e > 1 && p[e - 1] == '.' && p[e - 2] != '.')
			e--;        /* the paragraph's own final period */
		int cut = 0;
		if (e > DK_TITLE_TEXT_MAX) {
			/* At the last space before the limit, else at a
			 * character boundary. */
			size_t k = DK_TITLE_TEXT_MAX;
			while (k > DK_TITLE_TEXT_MAX / 2 && p[k] != ' ')
				k--;
			if (p[k] != ' ') {
				k = DK_TITLE_TEXT_MAX;
				while (k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80)
					k--;
			}
			while (k && (is_space(p[k - 1]) || p[k - 1] == ',' ||
				     p[k - 1] == ';' || p[k - 1] == ':' || p[k - 1] == '-'))
				k--;
			e = k;
			cut = 1;
		}
		dk_buf b = DK_BUF_INIT;
		dk_buf_append(&b, p, e);
		if (cut)
			dk_buf_puts(&b, "\xE2\x80\xA6");
		if (b.err) {
			dk_buf_free(&b);
			*st = DK_ERR_NOMEM;
			return NULL;
		}
		out = dk_buf_detach(&b, NULL);
	}
	if (!out) {
		*st = DK_ERR_NOMEM;
	} else if (!has_word(out)) {
		/* Punctuation alone ("," or "***") names nothing. */
		free(out);
		out = NULL;
	}
	return out;
}
