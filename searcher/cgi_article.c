/*
 * cgi_article.c - docket.cgi's page for one stored article (?id=ID&q=Q):
 * title (a link to the original), source, date, author, the entities as
 * searches, "More like this", the stored text with Q's matches marked,
 * one <p id="pN"> per paragraph so that a link ending in #pN shows the
 * passage that matched (no script), and the story's other copies.  Also
 * the entity line that results and article pages share
 * (dk_cgi_put_entities).
 */
#include "cgi.h"

#include <string.h>

#include "../common/article.h"

#include "cgi_page.h"

/* A link to the search field:"value" (a quoted phrase unless the value is
 * one token without quotes), showing value. */
static void put_field_link(dk_buf *b, const char *field, const char *v,
			   size_t n)
{
	dk_buf q = DK_BUF_INIT, url = DK_BUF_INIT;
	int quote = memchr(v, ' ', n) != NULL;
	dk_buf_puts(&q, field);
	dk_buf_putc(&q, ':');
	if (quote)
		dk_buf_putc(&q, '"');
	for (size_t i = 0; i < n; i++)
		if (v[i] != '"')
			dk_buf_putc(&q, v[i]);
	if (quote)
		dk_buf_putc(&q, '"');
	dk_buf_puts(&url, "?q=");
	if (q.data)
		dk_cgi_url_encode(q.data, q.len, &url);
	dk_buf_puts(b, "<a href=\"");
	if (url.data)
		dk_cgi_html_escape(url.data, url.len, b);
	dk_buf_puts(b, "\">");
	dk_cgi_html_escape(v, n, b);
	dk_buf_puts(b, "</a>");
	if (q.err || url.err)
		b->err = b->err ? b->err : DK_ERR_NOMEM;
	dk_buf_free(&q);
	dk_buf_free(&url);
}

/* The entities found in the article, each a search for it (cases,
 * parties, courts) or plain text (statutes, CVEs): one <p class="ents">,
 * nothing when it names none. */
void dk_cgi_put_entities(dk_buf *b, const dk_article *a)
{
	static const char *const labels[] = { "Cases", "Parties", "Courts",
					      "Statutes", "CVEs" };
	static const char *const fields[] = { "case", "party", "court", NULL,
					      NULL };
	const char *lists[] = { a->cases, a->parties, a->courts, a->statutes,
				a->cves };
	int any = 0;
	for (int i = 0; i < 5; i++) {
		const char *s = lists[i];
		if (!s || !*s)
			continue;
		dk_buf_puts(b, any ? " &middot; " : "<p class=\"meta ents\">");
		any = 1;
		dk_buf_puts(b, labels[i]);
		dk_buf_puts(b, ": ");
		for (int first = 1; *s; first = 0) {
			const char *nl = strchr(s, '\n');
			size_t n = nl ? (size_t)(nl - s) : strlen(s);
			if (!first)
				dk_buf_puts(b, ", ");
			if (fields[i])
				put_field_link(b, fields[i], s, n);
			else
				dk_cgi_html_escape(s, n, b);
			s += n + (nl != NULL);
		}
	}
	if (any)
		dk_buf_puts(b, "</p>\n");
}

/* Paragraph [s, e) of the text with the highlights hl[*k..] that fall in
 * it (absolute offsets, in order), *k moved past them. */
static void put_para(dk_buf *b, const char *text, size_t s, size_t e,
		     const dk_span *hl, size_t nhl, size_t *k)
{
	size_t at = s;
	while (*k < nhl && hl[*k].end <= e) {
		size_t hs = hl[*k].start, he = hl[*k].end;
		(*k)++;
		if (hs < at || he <= hs)
			continue;
		dk_cgi_html_escape(text + at, hs - at, b);
		dk_buf_puts(b, "<mark>");
		dk_cgi_html_escape(text + hs, he - hs, b);
		dk_buf_puts(b, "</mark>");
		at = he;
	}
	dk_cgi_html_escape(text + at, e - at, b);
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

void dk_cgi_render_article(const dk_cgi_params *prm, const dk_article_view *v,
			   dk_buf *b)
{
	const dk_article *a = &v->art;
	const char *title = a->title && *a->title ? a->title : a->id;
	dk_cgi_page_header(b, prm, title, strlen(title), "Docket");
	dk_buf_puts(b, "<main>\n<article>\n<h2>");
	dk_cgi_put_maybe_link(b, a->url, title);
	dk_buf_puts(b, "</h2>\n<p class=\"meta\">");
	const char *meta[] = { a->source, a->date, a->author };
	int n = 0;
	for (int i = 0; i < 3; i++) {
		if (!meta[i] || !*meta[i])
			continue;
		if (n++)
			dk_buf_puts(b, " &middot; ");
		if (i == 1 && dk_cgi_iso_date(meta[i])) {
			dk_buf_puts(b, "<time datetime=\"");
			dk_cgi_html_escape(meta[i], strlen(meta[i]), b);
			dk_buf_puts(b, "\">");
		}
		dk_cgi_html_escape(meta[i], strlen(meta[i]), b);
		if (i == 1 && dk_cgi_iso_date(meta[i]))
			dk_buf_puts(b, "</time>");
	}
	if (n++)
		dk_buf_puts(b, " &middot; ");
	dk_buf_puts(b, "id ");
	dk_cgi_html_escape(a->id, strlen(a->id), b);
	dk_buf_puts(b, "</p>\n");
	dk_cgi_put_entities(b, a);
	dk_buf puts_url = DK_BUF_INIT;
	dk_buf_puts(&puts_url, "?q=");
	dk_cgi_url_encode("like:", 5, &puts_url);
	dk_cgi_url_encode(a->id, strlen(a->id), &puts_url);
	dk_buf_puts(b, "<p class=\"like\"><a href=\"");
	if (puts_url.data)
		dk_cgi_html_escape(puts_url.data, puts_url.len, b);
	dk_buf_puts(b, "\">More like this</a>");
	dk_buf_free(&puts_url);
	size_t best = v->npassages ? v->passages[0].paragraph : 0;
	if (best)
		dk_buf_printf(b, " &middot; <a href=\"#p%zu\">The passage that "
			      "matched (paragraph %zu)</a>", best, best);
	dk_buf_puts(b, "</p>\n<div class=\"text\">\n");
	/* Paragraphs are the non-blank lines, numbered from 1 as the
	 * passages number them (passage.h). */
	size_t len = a->text ? a->text_len : 0, k = 0, para = 0;
	for (size_t ps = 0; ps < len;) {
		const char *nl = memchr(a->text + ps, '\n', len - ps);
		size_t pe = nl ? (size_t)(nl - a->text) : len;
		if (!blank(a->text + ps, pe - ps)) {
			para++;
			dk_buf_printf(b, "<p id=\"p%zu\"%s>", para,
				      para == best ? " class=\"hit\"" : "");
			put_para(b, a->text, ps, pe, v->whole.hl, v->whole.nhl, &k);
			dk_buf_puts(b, "</p>\n");
		} else {
			while (k < v->whole.nhl && v->whole.hl[k].end <= pe)
				k++;
		}
		ps = pe + 1;
	}
	dk_buf_puts(b, "</div>\n");
	if (v->also_total) {
		dk_buf_puts(b, "<h3>Also carried by</h3>\n<ul class=\"also\">\n");
		for (size_t i = 0; i < v->nalso; i++) {
			const dk_also *al = &v->also[i];
			dk_buf_puts(b, "<li>");
			dk_cgi_put_maybe_link(b, al->url, al->source ? al->source
					      : al->id ? al->id : "another source");
			if (al->id) {
				dk_buf_puts(b, " (<a ");
				dk_cgi_put_article_href(b, al->id, prm->q,
							prm->q ? prm->q_len : 0, 0);
				dk_buf_puts(b, ">stored text</a>)");
			}
			dk_buf_puts(b, "</li>\n");
		}
		if (v->also_total > v->nalso)
			dk_buf_printf(b, "<li>and %llu more</li>\n",
				      (unsigned long long)(v->also_total - v->nalso));
		dk_buf_puts(b, "</ul>\n");
	}
	dk_buf_puts(b, "</article>\n</main>\n");
	dk_cgi_page_foot(b, prm);
}
