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
#include "cgi_templates.h"

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
	const size_t qn = prm->q ? prm->q_len : 0;
	dk_buf frag = DK_BUF_INIT;
	dk_tpl_data *d = dk_tpl_data_new(), *it;
	if (!d) {
		b->err = b->err ? b->err : DK_ERR_NOMEM;
		return;
	}
	dk_tpl_set_str(d, "title", title);
	if (dk_cgi_url_linkable(a->url))
		dk_tpl_set_str(d, "url", a->url);
	const char *meta[] = { a->source, a->date, a->author };
	for (int i = 0; i < 3; i++) {
		if (!meta[i] || !*meta[i])
			continue;
		it = dk_tpl_add_item(d, "meta");
		dk_tpl_set_str(it, "text", meta[i]);
		dk_tpl_set_bool(it, "is_date", i == 1 && dk_cgi_iso_date(meta[i]));
	}
	dk_tpl_set_str(d, "id", a->id);
	dk_cgi_put_entities(&frag, a);
	if (frag.len && frag.data[frag.len - 1] == '\n')
		frag.len--;
	dk_tpl_set_html(d, "entities", frag.data, frag.len);
	dk_buf_reset(&frag);
	dk_buf_puts(&frag, "?q=");
	dk_cgi_url_encode("like:", 5, &frag);
	dk_cgi_url_encode(a->id, strlen(a->id), &frag);
	dk_tpl_set_text(d, "like_href", frag.data, frag.len);
	size_t best = v->npassages ? v->passages[0].paragraph : 0;
	if (best)
		dk_tpl_set_uint(d, "best", best);
	/* Paragraphs are the non-blank lines, numbered from 1 as the
	 * passages number them (passage.h). */
	size_t len = a->text ? a->text_len : 0, k = 0, para = 0;
	for (size_t ps = 0; ps < len;) {
		const char *nl = memchr(a->text + ps, '\n', len - ps);
		size_t pe = nl ? (size_t)(nl - a->text) : len;
		if (!blank(a->text + ps, pe - ps)) {
			para++;
			it = dk_tpl_add_item(d, "paragraphs");
			dk_tpl_set_uint(it, "num", para);
			dk_tpl_set_bool(it, "hit", para == best);
			dk_buf_reset(&frag);
			put_para(&frag, a->text, ps, pe, v->whole.hl, v->whole.nhl, &k);
			dk_tpl_set_html(it, "para", frag.data, frag.len);
		} else {
			while (k < v->whole.nhl && v->whole.hl[k].end <= pe)
				k++;
		}
		ps = pe + 1;
	}
	if (v->also_total) {
		dk_tpl_set_bool(d, "also_total", 1);
		for (size_t i = 0; i < v->nalso; i++) {
			const dk_also *al = &v->also[i];
			it = dk_tpl_add_item(d, "also");
			if (dk_cgi_url_linkable(al->url))
				dk_tpl_set_str(it, "also_url", al->url);
			dk_tpl_set_str(it, "also_name", al->source ? al->source
				       : al->id ? al->id : "another source");
			if (al->id) {
				dk_buf_reset(&frag);
				dk_cgi_article_url(&frag, al->id, prm->q, qn, 0);
				dk_tpl_set_text(it, "stored_href", frag.data,
						frag.len);
			}
		}
		if (v->also_total > v->nalso)
			dk_tpl_set_uint(d, "more", v->also_total - v->nalso);
	}
	if (frag.err)
		b->err = b->err ? b->err : frag.err;
	dk_cgi_page_header(b, prm, title, strlen(title), "Docket");
	dk_cgi_render_part(prm->templates, DK_CGI_ARTICLE, d, b);
	dk_cgi_page_foot(b, prm);
	dk_buf_free(&frag);
	dk_tpl_data_free(d);
}
