/*
 * html_page.c - decode, parse, extract, read metadata (see html_page.h).
 */
#include "html_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "../../common/buf.h"
#include "charset.h"
#include "html_dom.h"
#include "html_extract.h"
#include "html_meta.h"

static void warn(const dk_html_page_opts *o, size_t off, const char *msg)
{
	if (o && o->warn)
		o->warn(o->ctx, off, msg);
}

static void charset_warnings(const dk_html_page_opts *o, const dk_charset_info *ci)
{
	char m[256];
	if (ci->unknown[0]) {
		snprintf(m, sizeof m, "unknown charset \"%s\" declared, ignored",
			 ci->unknown);
		warn(o, 0, m);
	}
	if (ci->ignored[0]) {
		snprintf(m, sizeof m, "charset \"%s\" declared, but the page is "
			 "valid UTF-8: read as UTF-8", ci->ignored);
		warn(o, 0, m);
	}
	if (ci->fallback) {
		snprintf(m, sizeof m, "%s and not valid UTF-8 (%zu invalid byte%s): "
			 "read as windows-1252",
			 ci->source == DK_CHARSET_DEFAULT ? "no charset declared"
							  : "declared UTF-8",
			 ci->invalid, ci->invalid == 1 ? "" : "s");
		warn(o, ci->first_invalid, m);
	} else if (ci->invalid) {
		snprintf(m, sizeof m, "%zu byte%s not valid %s, replaced with U+FFFD",
			 ci->invalid, ci->invalid == 1 ? "" : "s", ci->name);
		warn(o, ci->first_invalid, m);
	}
}

/* Is paragraph p[0..n) the title again (case and spacing aside)? */
static int same_text(const char *p, size_t n, const char *t)
{
	size_t tn = strlen(t);
	return n == tn && !strncasecmp(p, t, n);
}

/* Remove a paragraph among the first three of text that repeats the
 * title: it is the headline, kept in its own field. */
static void drop_title_line(dk_buf *text, const char *title)
{
	size_t i = 0;
	for (int k = 0; k < 3 && i < text->len; k++) {
		const char *nl = memchr(text->data + i, '\n', text->len - i);
		size_t e = nl ? (size_t)(nl - text->data) : text->len;
		if (same_text(text->data + i, e - i, title)) {
			size_t cut_end = nl ? e + 1 : e;
			size_t cut_start = i;
			if (!nl && i > 0)
				cut_start = i - 1;   /* the '\n' before it */
			memmove(text->data + cut_start, text->data + cut_end,
				text->len - cut_end);
			text->len -= cut_end - cut_start;
			text->data[text->len] = '\0';
			return;
		}
		i = e + 1;
	}
}

/* Move *v into *field unless the field is set. */
static void give(char **field, char **v)
{
	if (!*field && *v) {
		*field = *v;
		*v = NULL;
	}
}

dk_status dk_html_page_read(const char *s, size_t n, const dk_html_page_opts *o,
			    dk_article *a, const char **err)
{
	dk_status st;
	dk_buf utf8 = DK_BUF_INIT, text = DK_BUF_INIT;
	dk_charset_info ci;
	dk_html_parse_info pi;
	dk_html_meta meta;
	xmlDocPtr doc = NULL;
	xmlNode *main = NULL;
	memset(&meta, 0, sizeof meta);
	*err = NULL;

	if ((st = dk_charset_decode(s, n, o ? o->charset : NULL, &utf8, &ci)))
		goto out;
	charset_warnings(o, &ci);
	st = dk_html_parse(utf8.data ? utf8.data : "", utf8.len, &doc, &pi);
	if (st == DK_ERR_PARSE || st == DK_ERR_TOO_BIG || st == DK_ERR_TIMEOUT) {
		*err = st == DK_ERR_TOO_BIG ? "page too large for the HTML parser" :
		       st == DK_ERR_TIMEOUT ? "a parse over the per-document time "
					      "budget (--doc-time)"
					    : "no HTML document";
		st = DK_ERR_PARSE;
		goto out;
	}
	if (st)
		goto out;
	if (pi.flattened) {
		char m[160];
		snprintf(m, sizeof m, "elements nested deeper than %d levels "
			 "(%zu of them) flattened", DK_HTML_MAX_DEPTH, pi.flattened);
		warn(o, pi.first_deep, m);
	}
	if (pi.attrs_dropped) {
		char m[160];
		snprintf(m, sizeof m, "an element with more than %d attributes: "
			 "%zu attributes dropped", DK_HTML_MAX_ATTRS, pi.attrs_dropped);
		warn(o, pi.first_crowded, m);
	}
	if (pi.stopped)
		warn(o, pi.stopped_at, "the HTML parser stopped here (a libxml2 "
		     "limit); the rest of the page is lost");
	/* The UTF-8 copy is no longer needed: the tree holds the text. */
	dk_buf_free(&utf8);
	if ((st = dk_html_extract(doc, &text, &main)))
		goto out;
	if ((st = dk_html_meta_read(doc, main, o && o->url ? o->url : a->url,
				    text.data, text.len, &meta)))
		goto out;
	if (meta.title)
		drop_title_line(&text, meta.title);
	if (a->title && (!meta.title || strcmp(a->title, meta.title)))
		drop_title_line(&text, a->title);
	if (!a->text && text.len == 0 && !a->title && !meta.title) {
		*err = "no text in the page";
		st = DK_ERR_PARSE;
		goto out;
	}
	if (!a->text) {
		a->text = dk_buf_detach(&text, &a->text_len);
		if (!a->text && !(a->text = dk_strndup("", 0))) {
			st = DK_ERR_NOMEM;
			goto out;
		}
	}
	give(&a->title, &meta.title);
	give(&a->date, &meta.date);
	give(&a->author, &meta.author);
	give(&a->source, &meta.source);
	give(&a->url, &meta.url);
	give(&a->lang, &meta.lang);
out:
	dk_html_meta_clear(&meta);
	if (doc)
		xmlFreeDoc(doc);
	dk_buf_free(&utf8);
	dk_buf_free(&text);
	return st;
}
