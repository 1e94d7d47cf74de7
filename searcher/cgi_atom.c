/*
 * cgi_atom.c - docket.cgi?q=Q&format=atom: an Atom feed (RFC 4287) of a
 * query's newest matches, for feed readers to poll.  Entry ids are
 * "urn:docket:article:" + the percent-encoded article id, so the same
 * article keeps its id across polls and rebuilds; the feed id is built
 * the same way from the query.  Links are relative (the page never echoes
 * the Host header), resolved against the feed's own URL.  Text goes
 * through the HTML escaper, whose output (character references, no
 * control characters, valid UTF-8) is valid XML text.
 */
#include "cgi.h"

#include <string.h>

#include "cgi_page.h"

/* An Atom date from "YYYY", "YYYY-MM" or "YYYY-MM-DD" (the first of the
 * month or year when the day is unknown); "1970-01-01" when absent. */
static void put_date(dk_buf *b, const char *d)
{
	char out[11] = "1970-01-01";
	if (d && dk_cgi_iso_date(d)) {
		size_t n = strlen(d);
		memcpy(out, d, n);
		if (n == 4)
			memcpy(out + 4, "-01-01", 6);
		else if (n == 7)
			memcpy(out + 7, "-01", 3);
		if (!memcmp(out + 5, "00", 2))
			memcpy(out + 5, "01", 2);
		if (!memcmp(out + 8, "00", 2))
			memcpy(out + 8, "01", 2);
	}
	dk_buf_append(b, out, 10);
	dk_buf_puts(b, "T00:00:00Z");
}

static void put_text(dk_buf *b, const char *s, size_t n)
{
	dk_cgi_html_escape(s, n, b);
}

static void put_urn(dk_buf *b, const char *kind, const char *v, size_t n)
{
	dk_buf u = DK_BUF_INIT;
	dk_buf_puts(&u, "urn:docket:");
	dk_buf_puts(&u, kind);
	dk_buf_putc(&u, ':');
	dk_cgi_url_encode(v, n, &u);
	if (u.data)
		put_text(b, u.data, u.len);
	if (u.err)
		b->err = b->err ? b->err : u.err;
	dk_buf_free(&u);
}

void dk_cgi_render_atom(const dk_cgi_params *p, const dk_result_page *pg,
			dk_buf *b)
{
	const char *q = p->q ? p->q : "";
	size_t ql = p->q ? p->q_len : 0;
	/* The newest entry dates the feed (results are newest first). */
	const char *newest = NULL;
	for (size_t i = 0; i < pg->nhits && !newest; i++)
		if (pg->hits[i].art.date && dk_cgi_iso_date(pg->hits[i].art.date))
			newest = pg->hits[i].art.date;
	dk_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>Docket: ");
	put_text(b, q, ql);
	dk_buf_puts(b, "</title>\n<id>");
	put_urn(b, "search", q, ql);
	dk_buf_puts(b, "</id>\n<updated>");
	put_date(b, newest);
	dk_buf_puts(b, "</updated>\n<author><name>Docket</name></author>\n"
		    "<generator version=\"" DOCKET_VERSION "\">Docket</generator>\n"
		    "<link rel=\"alternate\" type=\"text/html\" href=\"?q=");
	dk_buf u = DK_BUF_INIT;
	dk_cgi_url_encode(q, ql, &u);
	dk_buf_puts(&u, "&sort=date");
	if (u.data)
		put_text(b, u.data, u.len);
	dk_buf_free(&u);
	dk_buf_puts(b, "\"/>\n");
	for (size_t i = 0; i < pg->nhits; i++) {
		const dk_hit *h = &pg->hits[i];
		const dk_article *a = &h->art;
		const char *title = a->title && *a->title ? a->title : a->id;
		dk_buf_puts(b, "<entry>\n<title>");
		put_text(b, title, strlen(title));
		dk_buf_puts(b, "</title>\n<id>");
		put_urn(b, "article", a->id, strlen(a->id));
		dk_buf_puts(b, "</id>\n<updated>");
		put_date(b, a->date);
		dk_buf_puts(b, "</updated>\n");
		if (a->author && *a->author) {
			dk_buf_puts(b, "<author><name>");
			put_text(b, a->author, strlen(a->author));
			dk_buf_puts(b, "</name></author>\n");
		}
		if (dk_cgi_url_linkable(a->url)) {
			dk_buf_puts(b, "<link rel=\"alternate\" href=\"");
			put_text(b, a->url, strlen(a->url));
			dk_buf_puts(b, "\"/>\n");
		}
		dk_buf_puts(b, "<link rel=\"related\" type=\"text/html\" ");
		dk_cgi_put_article_href(b, a->id, q, ql, 0);
		dk_buf_puts(b, "/>\n");
		if (a->source && *a->source) {
			dk_buf_puts(b, "<source><title>");
			put_text(b, a->source, strlen(a->source));
			dk_buf_puts(b, "</title></source>\n");
		}
		if (h->npassages && a->text) {
			const dk_passage *ps = &h->passages[0];
			size_t end = ps->end < a->text_len ? ps->end : a->text_len;
			if (ps->start < end) {
				dk_buf_puts(b, "<summary>");
				put_text(b, a->text + ps->start, end - ps->start);
				dk_buf_puts(b, "</summary>\n");
			}
		}
		dk_buf_puts(b, "</entry>\n");
	}
	dk_buf_puts(b, "</feed>\n");
}
