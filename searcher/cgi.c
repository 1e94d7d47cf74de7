/*
 * cgi.c - docket.cgi's page rendering and response (see cgi.h); the
 * request's parameters and the escaping functions are in cgi_params.c.
 *
 * Escaping is done at one place per context, so that no path can forget
 * it: dk_cgi_html_escape() for every byte of text or attribute that comes
 * from the request or the index, dk_cgi_url_encode() for the values of the
 * links we build (then HTML-escaped as a whole), and dk_cgi_url_linkable()
 * before any stored URL becomes an href.  Links are relative ("?q=..."),
 * so the page never echoes SCRIPT_NAME or the Host header.
 *
 * The page's HTML comes from templates (cgi_templates.h, the files in templates/):
 * this file fills in their values, text as text (cgi_tpl.c escapes it
 * for where the template puts it) and the few fragments built here, each
 * byte of them escaped as above (the style sheet, passages with <mark>,
 * entities, the "also carried by" line), as HTML.
 *
 * The page is plain HTML5 with one inline style sheet (cgi_page.c) and no
 * script.  The Content-Security-Policy allows that style sheet by its
 * SHA-256 hash (DK_CGI_PAGE_CSS_SHA256).
 *
 * Status codes: 400 for parameters (a one-line reason), 405 for methods,
 * 503 when the index cannot be opened or is being replaced (with
 * Retry-After), 500 for anything else.  Details of 5xx failures go to
 * req->log only.
 */
#include "cgi.h"

#include <stdlib.h>
#include <string.h>

#include "cgi_page.h"
#include "cgi_templates.h"
#include "docket_int.h"
#include "facets.h"
#include "output.h"
#include "search.h"

#define CSP_HTML "default-src 'none'; style-src 'sha256-" DK_CGI_PAGE_CSS_SHA256 "'; " \
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
#define CSP_OTHER "default-src 'none'; frame-ancestors 'none'"

#define CACHE_RESULTS "public, max-age=300"
#define CACHE_FORM "public, max-age=3600"
#define CACHE_ERROR "no-store"

/* ---- escaping --------------------------------------------------------- */

static void html_puts(dk_buf *out, const char *s)
{
	if (s)
		dk_cgi_html_escape(s, strlen(s), out);
}

/* ---- rendering -------------------------------------------------------------- */

/* What the links of a page keep from its request. */
typedef struct link_state {
	const char *q;
	size_t q_len;
	uint32_t n;
	int sort_date;
} link_state;

/* Append the query URL ?q=...[&n=..][&sort=date][&page=..] to url. */
static void link_url(dk_buf *url, const link_state *ls, const char *q,
		     size_t q_len, int sort_date, uint32_t page)
{
	dk_buf_puts(url, "?q=");
	dk_cgi_url_encode(q, q_len, url);
	if (ls->n != DK_CGI_DEFAULT_N)
		dk_buf_printf(url, "&n=%u", ls->n);
	if (sort_date)
		dk_buf_puts(url, sort_date > 0 ? "&sort=date" : "&sort=oldest");
	if (page > 1)
		dk_buf_printf(url, "&page=%u", page);
}

/* Append href="?q=...[&n=..][&sort=date][&page=..]" (HTML-escaped). */
static void put_link(dk_buf *b, const link_state *ls, const char *q,
		     size_t q_len, int sort_date, uint32_t page)
{
	dk_buf url = DK_BUF_INIT;
	link_url(&url, ls, q, q_len, sort_date, page);
	dk_cgi_put_href(b, &url);
}

static void put_count(dk_buf *b, uint64_t v)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			dk_buf_putc(b, ',');
		dk_buf_putc(b, digits[i]);
	}
}

static void render_form_page(dk_buf *b, const dk_cgi_templates *tpl)
{
	dk_cgi_page_header_with(b, tpl, NULL, 0, "Docket search", NULL, 0,
		    DK_CGI_DEFAULT_N, 0);
	dk_buf_puts(b,
		"<main>\n<h2>Search tips</h2>\n<dl class=\"tips\">\n"
		"<dt>ai training lawsuit</dt><dd>articles with these words; more "
		"of them, closer together, ranks higher</dd>\n"
		"<dt>\"class action\"</dt><dd>the exact phrase</dd>\n"
		"<dt>privacy -settlement</dt><dd>without a word</dd>\n"
		"<dt>gdpr OR ccpa</dt><dd>either word</dd>\n"
		"<dt>title:antitrust</dt><dd>in a field: title, source, site, "
		"author, case, party, court</dd>\n"
		"<dt>date:2025-01</dt><dd>published in a month, a year, or a "
		"range such as date:2025-01-01..2025-02-15</dd>\n"
		"<dt>regulat*</dt><dd>words that start with regulat</dd>\n"
		"</dl>\n</main>\n");
	dk_cgi_page_foot_with(b, tpl);
}

static void render_error_page(dk_buf *b, const dk_cgi_params *p,
			      const char *heading, const char *reason)
{
	const dk_cgi_templates *tpl = p ? p->templates : NULL;
	dk_cgi_page_header_with(b, tpl, NULL, 0, heading, p ? p->q : NULL,
		    p ? p->q_len : 0, p ? p->n : DK_CGI_DEFAULT_N,
		    p ? p->sort_date : 0);
	dk_buf_puts(b, "<main>\n<h2>");
	dk_buf_puts(b, heading);
	dk_buf_puts(b, "</h2>\n<p class=\"error\" role=\"alert\">");
	html_puts(b, reason);
	dk_buf_puts(b, "</p>\n</main>\n");
	dk_cgi_page_foot_with(b, tpl);
}

/* q = LIKE_PREFIX + an article id: the articles like that one. */
#define LIKE_PREFIX "like:"

/* The passage with its highlights as <mark>; offsets are checked against
 * the text, so a damaged record cannot make us read past it. */
static void put_passage(dk_buf *b, const dk_article *a, const dk_passage *p)
{
	size_t len = a->text ? a->text_len : 0;
	size_t start = p->start < len ? p->start : len;
	size_t end = p->end < len ? p->end : len;
	if (end < start)
		end = start;
	const char *s = a->text + start;
	size_t plen = end - start, at = 0;
	for (size_t i = 0; i < p->nhl; i++) {
		size_t hs = p->hl[i].start, he = p->hl[i].end;
		if (hs < at || he <= hs || he > plen)
			continue;
		dk_cgi_html_escape(s + at, hs - at, b);
		dk_buf_puts(b, "<mark>");
		dk_cgi_html_escape(s + hs, he - hs, b);
		dk_buf_puts(b, "</mark>");
		at = he;
	}
	dk_cgi_html_escape(s + at, plen - at, b);
}

/* An <a> to url when it is http(s), else the text alone. */
static void put_maybe_link(dk_buf *b, const char *url, const char *text)
{
	int link = dk_cgi_url_linkable(url);
	if (link) {
		dk_buf_puts(b, "<a href=\"");
		html_puts(b, url);
		dk_buf_puts(b, "\" rel=\"noreferrer noopener\">");
	}
	html_puts(b, text);
	if (link)
		dk_buf_puts(b, "</a>");
}

/* The "Also carried by" line of h, without its <p>: each source once;
 * copies from the article's own source (the same page at other
 * addresses) are counted apart. */
static void put_also(dk_buf *b, const dk_hit *h)
{
	{
		/* Each source once; copies from the article's own source
		 * (the same page at other addresses) are counted apart. */
		const char *names[5];
		size_t same, covered;
		size_t shown = dk_hit_also_sources(h, names, 5, &same, &covered);
		uint64_t more = h->also_total > covered ? h->also_total - covered : 0;
		if (shown || more)
			dk_buf_puts(b, "Also carried by ");
		for (size_t k = 0; k < shown; k++) {
			const dk_also *al = NULL;
			for (size_t j = 0; j < h->nalso && !al; j++) {
				const char *src = h->also[j].source ? h->also[j].source
								    : h->also[j].id;
				if (src == names[k])
					al = &h->also[j];
			}
			if (k)
				dk_buf_puts(b, k + 1 == shown && !more ? " and " : ", ");
			put_maybe_link(b, al ? al->url : NULL, names[k][0] ? names[k]
					: "another source");
		}
		if (more) {
			dk_buf_puts(b, shown ? " and " : "");
			put_count(b, more);
			dk_buf_puts(b, shown ? " more" : more == 1 ? " other source"
				    : " other sources");
		}
		if (same) {
			dk_buf_puts(b, shown || more ? "; " : "");
			put_count(b, same);
			dk_buf_puts(b, same == 1 ? " more copy on " : " more copies on ");
			dk_cgi_html_escape(h->art.source, strlen(h->art.source), b);
		}
		dk_buf_putc(b, '.');
	}
}

/* The result template for hit h of the query q. */
static void render_hit(dk_buf *b, const dk_cgi_templates *tpl,
		       const dk_hit *h, const char *q, size_t q_len)
{
	const dk_article *a = &h->art;
	const char *title = a->title && *a->title ? a->title
			    : a->id ? a->id : "(untitled)";
	dk_buf frag = DK_BUF_INIT;
	dk_tpl_data *d = dk_tpl_data_new();
	if (!d) {
		b->err = b->err ? b->err : DK_ERR_NOMEM;
		return;
	}
	dk_tpl_set_str(d, "title", title);
	if (dk_cgi_url_linkable(a->url))
		dk_tpl_set_str(d, "url", a->url);
	dk_tpl_set_bool(d, "meta", a->source || a->date);
	dk_tpl_set_str(d, "source", a->source);
	dk_tpl_set_bool(d, "source_and_date", a->source && a->date);
	dk_tpl_set_str(d, "date", a->date);
	dk_tpl_set_bool(d, "date_iso", a->date && dk_cgi_iso_date(a->date));
	for (size_t k = 0; k < h->npassages; k++) {
		dk_buf_reset(&frag);
		put_passage(&frag, a, &h->passages[k]);
		dk_tpl_set_html(dk_tpl_add_item(d, "passages"), "passage",
				frag.data, frag.len);
	}
	dk_buf_reset(&frag);
	dk_cgi_put_entities(&frag, a);
	if (frag.len && frag.data[frag.len - 1] == '\n')
		frag.len--;
	dk_tpl_set_html(d, "entities", frag.data, frag.len);
	if (a->id && *a->id) {
		/* The stored article, this query's matches marked, scrolled
		 * to the passage shown. */
		dk_buf_reset(&frag);
		dk_cgi_article_url(&frag, a->id, q, q_len,
			    h->npassages ? h->passages[0].paragraph : 0);
		dk_tpl_set_text(d, "read_href", frag.data, frag.len);
		/* "More like this": the query like:ID runs dk_search's
		 * document query (like.h) on this article. */
		dk_buf_reset(&frag);
		dk_buf_puts(&frag, "?q=");
		dk_cgi_url_encode(LIKE_PREFIX, strlen(LIKE_PREFIX), &frag);
		dk_cgi_url_encode(a->id, strlen(a->id), &frag);
		dk_tpl_set_text(d, "like_href", frag.data, frag.len);
	}
	if (h->also_total) {
		dk_buf_reset(&frag);
		put_also(&frag, h);
		dk_tpl_set_html(d, "also", frag.data, frag.len);
	}
	if (frag.err)
		b->err = b->err ? b->err : frag.err;
	dk_cgi_render_part(tpl, DK_CGI_RESULT, d, b);
	dk_buf_free(&frag);
	dk_tpl_data_free(d);
}

/* The pagination template: links around page, up to last. */
static void render_pages(dk_buf *b, const dk_cgi_templates *tpl,
			 const link_state *ls, uint32_t page, uint32_t last)
{
	if (last <= 1 && page <= 1)
		return;
	dk_buf url = DK_BUF_INIT;
	dk_tpl_data *d = dk_tpl_data_new(), *it;
	if (!d) {
		b->err = b->err ? b->err : DK_ERR_NOMEM;
		return;
	}
#define PAGE_URL(p) (dk_buf_reset(&url), \
		     link_url(&url, ls, ls->q, ls->q_len, ls->sort_date, (p)), \
		     url.data)
	if (page > 1)
		dk_tpl_set_str(d, "prev", PAGE_URL(page - 1));
	uint32_t from = page > 2 ? page - 2 : 1;
	uint32_t to = page + 2 < last ? page + 2 : last;
	if (from > 1) {
		it = dk_tpl_add_item(d, "pages");
		dk_tpl_set_uint(it, "num", 1);
		dk_tpl_set_str(it, "href", PAGE_URL(1));
		if (from > 2)
			dk_tpl_set_bool(dk_tpl_add_item(d, "pages"), "gap", 1);
	}
	for (uint32_t p = from; p <= to; p++) {
		it = dk_tpl_add_item(d, "pages");
		dk_tpl_set_uint(it, "num", p);
		if (p == page)
			dk_tpl_set_bool(it, "current", 1);
		else
			dk_tpl_set_str(it, "href", PAGE_URL(p));
	}
	if (to < last) {
		if (to + 1 < last)
			dk_tpl_set_bool(dk_tpl_add_item(d, "pages"), "gap", 1);
		it = dk_tpl_add_item(d, "pages");
		dk_tpl_set_uint(it, "num", last);
		dk_tpl_set_str(it, "href", PAGE_URL(last));
	}
	if (page < last)
		dk_tpl_set_str(d, "next", PAGE_URL(page + 1));
#undef PAGE_URL
	if (url.err)
		b->err = b->err ? b->err : url.err;
	dk_cgi_render_part(tpl, DK_CGI_PAGINATION, d, b);
	dk_buf_free(&url);
	dk_tpl_data_free(d);
}

/* A query that is one case number ("case:25-01234"): its page is a case
 * page, oldest first, headed by the case's parties and courts. */
static int is_case_query(const char *q, size_t len)
{
	if (!q || len <= 5 || strncmp(q, "case:", 5))
		return 0;
	for (size_t i = 5; i < len; i++)
		if (q[i] == ' ' || q[i] == '\t' || q[i] == '"' || q[i] == '(' ||
		    q[i] == ')')
			return 0;
	return 1;
}

/* The values of facet name of pg joined by " &middot; ", with counts. */
static void put_facet_values(dk_buf *b, const dk_result_page *pg,
			     const char *name)
{
	for (size_t i = 0; i < pg->nfacets; i++) {
		if (strcmp(pg->facets[i].name, name))
			continue;
		for (size_t k = 0; k < pg->facets[i].n; k++) {
			if (k)
				dk_buf_puts(b, " &middot; ");
			html_puts(b, pg->facets[i].v[k].value);
			dk_buf_printf(b, " (%llu)", (unsigned long long)
				      pg->facets[i].v[k].count);
		}
	}
}

static int has_facet_values(const dk_result_page *pg, const char *name)
{
	for (size_t i = 0; i < pg->nfacets; i++)
		if (!strcmp(pg->facets[i].name, name) && pg->facets[i].n)
			return 1;
	return 0;
}

/* The head of a case page: the number, then the parties and courts named
 * in its articles, most often named first (the timeline and the articles
 * follow, as on every page). */
static void render_case(dk_buf *b, const char *num, size_t len,
			const dk_result_page *pg)
{
	dk_buf_puts(b, "<section class=\"case\" aria-label=\"The case\">\n"
		    "<h3>Case ");
	dk_cgi_html_escape(num, len, b);
	dk_buf_puts(b, "</h3>\n");
	if (has_facet_values(pg, "party")) {
		dk_buf_puts(b, "<p>Parties named in its articles: ");
		put_facet_values(b, pg, "party");
		dk_buf_puts(b, "</p>\n");
	}
	if (has_facet_values(pg, "court")) {
		dk_buf_puts(b, "<p>Courts: ");
		put_facet_values(b, pg, "court");
		dk_buf_puts(b, "</p>\n");
	}
	dk_buf_puts(b, "</section>\n");
}

void dk_cgi_render_results(const dk_cgi_params *prm, const dk_result_page *pg,
			   dk_buf *b)
{
	link_state ls = { prm->q, prm->q_len, prm->n, prm->sort_date };
	int case_page = is_case_query(prm->q, prm->q_len);
	uint64_t total = pg->total;
	if (total < (uint64_t)pg->offset + pg->nhits)
		total = (uint64_t)pg->offset + pg->nhits;
	/* Page links go no further than the results known to exist: the
	 * count when it is exact, else the lower bound of the estimate (the
	 * search checks the pages after this one, so "Next" is there when
	 * they exist). */
	uint64_t known = pg->total_exact ? total : pg->total_min;
	if (known < (uint64_t)pg->offset + pg->nhits)
		known = (uint64_t)pg->offset + pg->nhits;
	uint64_t pages = (known + prm->n - 1) / prm->n;
	uint32_t last = pages > DK_CGI_MAX_PAGE ? DK_CGI_MAX_PAGE : (uint32_t)pages;

	dk_cgi_page_header_with(b, prm->templates, prm->q, prm->q_len, "Docket search",
		    prm->q, prm->q_len, prm->n, prm->sort_date);
	dk_buf_puts(b, "<main>\n");
	if (pg->nhits) {
		dk_buf_puts(b, "<h2>Results for &ldquo;");
		dk_cgi_html_escape(prm->q, prm->q_len, b);
		dk_buf_puts(b, "&rdquo;</h2>\n<p class=\"summary\">");
		dk_buf_printf(b, "%u&ndash;%u of %s", pg->offset + 1,
			      pg->offset + (unsigned)pg->nhits,
			      pg->total_exact ? "" : "about ");
		put_count(b, total);
		dk_buf_puts(b, total == 1 ? " result" : " results");
		/* The other order: relevance <-> newest; a case page goes
		 * between oldest and newest. */
		int other = prm->sort_date < 0 ? 1 : prm->sort_date == 0 ? 1
			  : case_page ? -1 : 0;
		dk_buf_puts(b, prm->sort_date > 0 ? ", newest first. <a "
			    : prm->sort_date < 0 ? ", oldest first. <a "
						 : ", by relevance. <a ");
		put_link(b, &ls, prm->q, prm->q_len, other, 1);
		dk_buf_puts(b, other > 0 ? ">Newest first</a></p>\n"
			    : other < 0 ? ">Oldest first</a></p>\n"
					: ">Sort by relevance</a></p>\n");
	} else if (pg->offset && total) {
		dk_buf_puts(b, "<h2>No more results</h2>\n<p class=\"summary\">"
			    "This page is past the last of the ");
		if (!pg->total_exact)
			dk_buf_puts(b, "about ");
		put_count(b, total);
		dk_buf_puts(b, total == 1 ? " result" : " results");
		dk_buf_puts(b, " for &ldquo;");
		dk_cgi_html_escape(prm->q, prm->q_len, b);
		dk_buf_puts(b, "&rdquo;. <a ");
		put_link(b, &ls, prm->q, prm->q_len, prm->sort_date, 1);
		dk_buf_puts(b, ">Go to the first page</a>.</p>\n");
	} else {
		dk_buf_puts(b, "<h2>No results for &ldquo;");
		dk_cgi_html_escape(prm->q, prm->q_len, b);
		dk_buf_puts(b, "&rdquo;</h2>\n");
	}
	if (pg->suggestion && *pg->suggestion) {
		dk_buf_puts(b, "<p class=\"suggestion\">Did you mean <a ");
		put_link(b, &ls, pg->suggestion, strlen(pg->suggestion),
			 prm->sort_date, 1);
		dk_buf_puts(b, "><strong>");
		html_puts(b, pg->suggestion);
		dk_buf_puts(b, "</strong></a>?</p>\n");
	}
	if (pg->warning && *pg->warning) {
		dk_buf_puts(b, "<p class=\"note\">Note: ");
		html_puts(b, pg->warning);
		dk_buf_puts(b, "</p>\n");
	}
	if (!pg->nhits && !pg->offset)
		dk_buf_puts(b, "<p>Try fewer or different words, check the "
			    "spelling, or drop quotes and filters such as "
			    "<code>source:</code> or <code>date:</code>.</p>\n");
	if (pg->nhits && case_page)
		render_case(b, prm->q + 5, prm->q_len - 5, pg);
	if (pg->nhits)
		dk_cgi_render_facets(prm, pg, b);
	if (pg->nhits) {
		dk_buf_printf(b, "<ol class=\"results\" start=\"%u\">\n",
			      pg->offset + 1);
		for (size_t i = 0; i < pg->nhits; i++)
			render_hit(b, prm->templates, &pg->hits[i], prm->q,
				   prm->q_len);
		dk_buf_puts(b, "</ol>\n");
	}
	render_pages(b, prm->templates, &ls, prm->page, last);
	dk_buf_puts(b, "</main>\n");
	dk_cgi_page_foot_with(b, prm->templates);
}

/* ---- the response ---------------------------------------------------------- */

static const char *status_text(int code)
{
	switch (code) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

/* respond()'s json argument: 0 HTML, 1 JSON, RESPOND_ATOM an Atom feed. */
#define RESPOND_ATOM 2

/* Append the headers for body (and the body unless head) to out. */
static void respond(dk_buf *out, int code, int json, const char *cache,
		    const dk_buf *body, int head)
{
	dk_buf_printf(out, "Status: %d %s\r\n", code, status_text(code));
	dk_buf_puts(out, json == RESPOND_ATOM
			 ? "Content-Type: application/atom+xml; charset=utf-8\r\n"
			 : json ? "Content-Type: application/json; charset=utf-8\r\n"
				: "Content-Type: text/html; charset=utf-8\r\n");
	dk_buf_printf(out, "Content-Length: %zu\r\n", body->len);
	dk_buf_printf(out, "Cache-Control: %s\r\n", cache);
	dk_buf_puts(out, "X-Content-Type-Options: nosniff\r\n");
	dk_buf_printf(out, "Content-Security-Policy: %s\r\n",
		      json ? CSP_OTHER : CSP_HTML);
	dk_buf_puts(out, "Referrer-Policy: no-referrer\r\n");
	if (code == 405)
		dk_buf_puts(out, "Allow: GET, HEAD\r\n");
	if (code == 503)
		dk_buf_puts(out, "Retry-After: 30\r\n");
	dk_buf_puts(out, "\r\n");
	if (!head && body->len)
		dk_buf_append(out, body->data, body->len);
}

/* A plain-text response with body text (no page to put it in). */
static void respond_plain(dk_buf *out, int code, const char *text, int head)
{
	size_t n = strlen(text);
	dk_buf_printf(out, "Status: %d %s\r\n", code, status_text(code));
	dk_buf_puts(out, "Content-Type: text/plain; charset=utf-8\r\n");
	dk_buf_printf(out, "Content-Length: %zu\r\n", n);
	dk_buf_printf(out, "Cache-Control: %s\r\n", CACHE_ERROR);
	dk_buf_puts(out, "X-Content-Type-Options: nosniff\r\n");
	dk_buf_printf(out, "Content-Security-Policy: %s\r\n", CSP_OTHER);
	dk_buf_puts(out, "Referrer-Policy: no-referrer\r\n\r\n");
	if (!head)
		dk_buf_append(out, text, n);
}

/* An error in the format the client asked for; reason is one line. */
static int respond_error(dk_buf *out, int code, const dk_cgi_params *p,
			 int json, const char *heading, const char *reason,
			 int head)
{
	dk_buf body = DK_BUF_INIT;
	if (json) {
		/* reason is one of our constant, quote-free messages. */
		dk_buf_printf(&body, "{\"error\":\"%s\",\"status\":%d}\n", reason,
			      code);
	} else {
		render_error_page(&body, p, heading, reason);
	}
	if (body.err) {
		dk_buf_free(&body);
		return -1;
	}
	respond(out, code, json, CACHE_ERROR, &body, head);
	dk_buf_free(&body);
	return code;
}

static void log_failure(const dk_cgi_request *req, const char *what,
			dk_status st, const char *detail)
{
	if (!req->log)
		return;
	fprintf(req->log, "docket.cgi: %s: %s%s%s\n", what, dk_status_str(st),
		detail && *detail ? ": " : "", detail ? detail : "");
	fflush(req->log);
}

/* Whether a status from the index means "the index is not usable now"
 * (503) rather than a bug (500). */
static int index_unavailable(dk_status st)
{
	switch (st) {
	case DK_ERR_NOT_FOUND: case DK_ERR_IO: case DK_ERR_DB:
	case DK_ERR_DB_CORRUPT: case DK_ERR_DB_LOCKED: case DK_ERR_DB_MODIFIED:
	case DK_ERR_DB_VERSION: case DK_ERR_TIMEOUT: case DK_ERR_BUSY:
	case DK_ERR_NETWORK:
		return 1;
	default:
		return 0;
	}
}

/* When q is "like:ID" (the "More like this" link), *id is a malloc'd copy
 * of ID (the caller frees it), else NULL.  Returns nonzero when out of
 * memory. */
static int like_query(const char *q, size_t len, char **id)
{
	size_t n = strlen(LIKE_PREFIX);
	*id = NULL;
	while (len && *q == ' ') {
		q++;
		len--;
	}
	while (len && q[len - 1] == ' ')
		len--;
	if (len <= n || memcmp(q, LIKE_PREFIX, n) || memchr(q + n, ' ', len - n))
		return 0;
	*id = dk_strndup(q + n, len - n);
	return *id == NULL;
}

/* ?id=ID[&q=Q]: the article page (or its JSON), 404 for an unknown id. */
static int article_page(const dk_cgi_request *req, docket_index *ix,
			const dk_cgi_params *prm, dk_buf *out, int head)
{
	docket_article *a = NULL;
	dk_buf body = DK_BUF_INIT;
	int code;
	dk_status st = (dk_status)docket_article_get(ix, prm->id,
						     prm->q ? prm->q : "",
						     prm->q ? prm->q_len : 0, &a);
	const dk_article_view *v = a ? dk_docket_view(a) : NULL;
	if (st == DK_ERR_NOT_FOUND)
		return respond_error(out, 404, prm, prm->json, "Not found",
				     "no article has this id", head);
	if (st) {
		log_failure(req, "showing an article", st, docket_index_error(ix));
		if (st == DK_ERR_NOMEM)
			return -1;
		return respond_error(out, index_unavailable(st) ? 503 : 500, prm,
				     prm->json, "Search unavailable",
				     "the article cannot be shown now; please "
				     "try again later", head);
	}
	if (prm->json) {
		char *js = NULL;
		if (dk_output_article_json_string(v, &js) == DK_OK) {
			dk_buf_puts(&body, js);
			dk_buf_putc(&body, '\n');
		} else {
			body.err = DK_ERR_NOMEM;
		}
		free(js);
	} else {
		dk_cgi_render_article(prm, v, &body);
	}
	docket_article_free(a);
	if (body.err) {
		code = -1;
	} else {
		respond(out, 200, prm->json, CACHE_RESULTS, &body, head);
		code = 200;
	}
	dk_buf_free(&body);
	return code;
}

static int handle(const dk_cgi_request *req, dk_buf *out)
{
	dk_cgi_params prm;
	const char *reason = NULL;
	const char *qs = req->query_string ? req->query_string : "";
	const char *method = req->method && *req->method ? req->method : "GET";
	int head = !strcmp(method, "HEAD");
	int code;
	docket_index *ix = NULL;       /* libdocket's handles (docket.h) */
	docket_request *dreq = NULL;
	docket_results *res = NULL;
	const dk_result_page *pg = NULL;
	dk_buf body = DK_BUF_INIT;
	dk_cgi_templates *own_tpl = NULL;  /* read for this request */
	const dk_cgi_templates *tpl = NULL;

	dk_status st = dk_cgi_parse(qs, strlen(qs), &prm, &reason);
	if (!prm.json) {
		/* A site's templates that do not parse break every page: the
		 * operator reads why in the error log, the client gets a plain
		 * 500 (no page to put it in). */
		char *msg = NULL;
		dk_status tst;
		if (req->templates_cache) {
			tst = dk_cgi_templates_get(req->templates_cache,
						   req->templates_dir, &tpl, &msg);
		} else {
			tst = dk_cgi_templates_load(req->templates_dir, &own_tpl,
						    &msg);
			tpl = own_tpl;
		}
		if (tst == DK_ERR_NOMEM) {
			code = -1;
			goto done;
		}
		if (tst) {
			log_failure(req, "the page templates", tst, msg);
			free(msg);
			respond_plain(out, 500, "the page templates of this site "
				      "have an error; see the server's error log\n",
				      head);
			code = 500;
			goto done;
		}
		prm.templates = tpl;
	}
	if (strcmp(method, "GET") && !head) {
		code = respond_error(out, 405, &prm, prm.json,
				     "Method not allowed",
				     "only GET and HEAD are supported", 0);
		goto done;
	}
	if (st == DK_ERR_NOMEM) {
		code = -1;
		goto done;
	}
	if (st) {
		/* The page keeps q (when it was valid) in the box to fix. */
		code = respond_error(out, 400, &prm, prm.json, "Bad request",
				     reason, head);
		goto done;
	}
	int blank = !prm.id;
	for (size_t i = 0; i < prm.q_len; i++)
		if (prm.q[i] != ' ')
			blank = 0;
	if (blank && !prm.json) {
		render_form_page(&body, tpl);
		if (body.err) {
			code = -1;
			goto done;
		}
		respond(out, 200, 0, CACHE_FORM, &body, head);
		code = 200;
		goto done;
	}
	if (!req->index_dir || !*req->index_dir) {
		log_failure(req, "no index configured", DK_ERR_NOT_FOUND,
			    "set DOCKET_INDEX in the web server's environment "
			    "for this script");
		code = respond_error(out, 503, &prm, prm.json, "Search unavailable",
				     "the search index is not available; please "
				     "try again later", head);
		goto done;
	}
	char *msg = NULL;
	st = req->ix ? DK_OK :
	     (dk_status)docket_index_open_with(req->index_dir,
		req->partial ? DOCKET_OPEN_PARTIAL : 0, req->time_limit, &ix,
		&msg);
	if (st) {
		if (req->log) {
			fprintf(req->log, "docket.cgi: opening the index %s: %s%s%s\n",
				req->index_dir, dk_status_str(st), msg ? ": " : "",
				msg ? msg : "");
			fflush(req->log);
		}
		free(msg);
		code = st == DK_ERR_NOMEM ? -1 :
		       respond_error(out, 503, &prm, prm.json, "Search unavailable",
				     "the search index is not available; please "
				     "try again later", head);
		goto done;
	}
	if (req->ix)
		ix = req->ix;
	if (prm.id) {
		code = article_page(req, ix, &prm, out, head);
		goto done;
	}
	if (docket_request_new(&dreq)) {
		code = -1;
		goto done;
	}
	/* The request behind the handle: the page sets what the public
	 * setters do not offer (like:ID, facet value counts). */
	dk_search_request sr;
	dk_search_request_init(&sr);
	sr.query = prm.q ? prm.q : "";
	sr.query_len = prm.q ? prm.q_len : 0;
	char *like_id = NULL;
	if (like_query(sr.query, sr.query_len, &like_id)) {
		code = -1;
		goto done;
	}
	sr.like_id = like_id;
	sr.limit = prm.n;
	sr.offset = (prm.page - 1) * prm.n;
	/* A feed is newest first; a case page oldest first unless the
	 * request asks newest first. */
	if (is_case_query(prm.q, prm.q_len) && !prm.atom && prm.sort_date <= 0)
		prm.sort_date = -1;
	sr.sort_date = prm.atom ? 1 : prm.sort_date;
	sr.time_limit = req->time_limit;
	if (!prm.json && !prm.atom && !like_id) {
		/* The page's facets and timeline (doc/http.md); the JSON
		 * document stays the one docket-search --json prints. */
		sr.facets = DK_FACET_SOURCE | DK_FACET_YEAR | DK_FACET_COURT |
			    DK_FACET_PARTY | DK_FACET_CASE;
		sr.facet_values = 6;
		sr.histogram = DK_HIST_MONTH;
	}
	*dk_docket_request(dreq) = sr;
	st = (dk_status)docket_search(ix, dreq, &res);
	pg = res ? dk_docket_page(res) : NULL;
	free(like_id);
	if (st == DK_ERR_NOT_FOUND && sr.like_id) {
		code = respond_error(out, 404, &prm, prm.json, "Not found",
				     "no article has this id", head);
		goto done;
	}
	if (st) {
		log_failure(req, "searching", st, docket_index_error(ix));
		if (st == DK_ERR_NOMEM)
			code = -1;
		else if (index_unavailable(st))
			code = respond_error(out, 503, &prm, prm.json,
					     "Search unavailable",
					     "the search index is busy or "
					     "unavailable; please try again "
					     "later", head);
		else
			code = respond_error(out, 500, &prm, prm.json,
					     "Something went wrong",
					     "the search failed; please try "
					     "again later", head);
		goto done;
	}
	if (prm.atom) {
		dk_cgi_render_atom(&prm, pg, &body);
		if (body.err) {
			code = -1;
			goto done;
		}
		respond(out, 200, RESPOND_ATOM, CACHE_RESULTS, &body, head);
		code = 200;
		goto done;
	}
	if (prm.json) {
		char *js = NULL;
		if (dk_output_json_string(pg, &js)) {
			code = -1;
			goto done;
		}
		dk_buf_puts(&body, js);
		dk_buf_putc(&body, '\n');
		free(js);
	} else {
		dk_cgi_render_results(&prm, pg, &body);
	}
	if (body.err) {
		code = -1;
		goto done;
	}
	respond(out, 200, prm.json, CACHE_RESULTS, &body, head);
	code = 200;
done:
	docket_results_free(res);
	docket_request_free(dreq);
	if (ix != req->ix)
		docket_index_close(ix);
	dk_buf_free(&body);
	dk_cgi_params_free(&prm);
	dk_cgi_templates_free(own_tpl);
	return code;
}

int dk_cgi_handle(const dk_cgi_request *req, dk_buf *out)
{
	static const char oom[] = DK_CGI_OOM_RESPONSE;
	size_t mark = out->len;
	int code = handle(req, out);
	if (code > 0 && !out->err)
		return code;
	/* Out of memory somewhere: drop what was built, say 500. */
	if (out->err) {
		dk_buf_free(out);
	} else {
		out->len = mark;
		if (out->data)
			out->data[mark] = '\0';
	}
	log_failure(req, "answering", DK_ERR_NOMEM, NULL);
	dk_buf_append(out, oom, sizeof oom - 1);
	return 500;
}
