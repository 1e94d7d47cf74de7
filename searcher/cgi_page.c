/*
 * cgi_page.c - the parts every page of docket.cgi has (see cgi_page.h):
 * the style sheet, the header and footer templates, article links and
 * dates.  The results page (cgi.c), the article page (cgi_article.c),
 * the facets (cgi_facets.c) and the Atom feed (cgi_atom.c) use them.
 *
 * The style sheet is allowed by the Content-Security-Policy by its
 * SHA-256 hash (DK_CGI_PAGE_CSS_SHA256 in cgi_page.h);
 * tests/e2e/cgi_http.sh recomputes the hash from a served page, so an
 * edit of PAGE_CSS without the new hash fails there.
 */
#include "cgi_page.h"

#include <stdint.h>
#include <string.h>

#include "cgi.h"
#include "cgi_templates.h"

/* ---- the style sheet ---------------------------------------------------- */

static const char PAGE_CSS[] =
	":root{color-scheme:light dark;--fg:#1b1b1b;--muted:#4d4d4d;--bg:#fff;"
	"--link:#0b4fa8;--visited:#5b3a94;--mark:#ffe98a;--line:#d4d4d4;"
	"--accent:#1d4f91;--on-accent:#fff;--err:#a11d1d;--focus:#c77700}\n"
	"@media (prefers-color-scheme:dark){:root{--fg:#ececec;--muted:#bdbdbd;"
	"--bg:#151515;--link:#8fb8ff;--visited:#caa2ff;--mark:#5e4b00;"
	"--line:#454545;--accent:#8fb8ff;--on-accent:#151515;--err:#ff9b8f;"
	"--focus:#ffb74d}}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:var(--bg);color:var(--fg);"
	"font:1rem/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}\n"
	".wrap{max-width:48rem;margin:0 auto;padding:1rem}\n"
	"header{border-bottom:1px solid var(--line);margin-bottom:1rem}\n"
	"h1{margin:0 0 .5rem;font-size:1.6rem;letter-spacing:.01em}\n"
	"h1 a{color:inherit;text-decoration:none}\n"
	"h2{font-size:1.2rem;margin:.5rem 0}\n"
	"form{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-end;"
	"margin:0 0 1rem}\n"
	".field{display:flex;flex-direction:column;gap:.2rem;flex:1 1 16rem;"
	"min-width:0}\n"
	".field.sort{flex:0 1 10rem}\n"
	"label{font-weight:600;font-size:.9rem}\n"
	"input,select,button{font:inherit;padding:.45rem .6rem;border:1px solid "
	"var(--muted);border-radius:4px;background:var(--bg);color:var(--fg);"
	"min-height:2.6rem;max-width:100%}\n"
	"button{background:var(--accent);color:var(--on-accent);"
	"border-color:var(--accent);font-weight:600;cursor:pointer;"
	"padding:.45rem 1.1rem}\n"
	"a:focus-visible,input:focus-visible,select:focus-visible,"
	"button:focus-visible{outline:3px solid var(--focus);outline-offset:2px}\n"
	"a{color:var(--link)}\n"
	"a:visited{color:var(--visited)}\n"
	".summary,.meta,.also,footer{color:var(--muted)}\n"
	".summary{margin:.25rem 0 .75rem}\n"
	"ol.results{list-style:none;margin:0;padding:0}\n"
	".results li{padding:.9rem 0;border-bottom:1px solid var(--line)}\n"
	".results h3{margin:0;font-size:1.12rem;line-height:1.35;"
	"overflow-wrap:anywhere}\n"
	".meta,.also{margin:.15rem 0;font-size:.9rem;overflow-wrap:anywhere}\n"
	".passage{margin:.35rem 0;overflow-wrap:anywhere}\n"
	"mark{background:var(--mark);color:inherit;font-weight:600;"
	"padding:0 .1em;border-radius:2px}\n"
	".error{border-left:4px solid var(--err);padding:.4rem .9rem;"
	"color:var(--err);font-weight:600}\n"
	".note{font-size:.9rem;color:var(--muted)}\n"
	"nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.35rem;"
	"padding:0;margin:1rem 0}\n"
	"nav a,nav span{display:inline-block;min-width:2.6rem;text-align:center;"
	"padding:.4rem .7rem;border:1px solid var(--line);border-radius:4px}\n"
	"nav [aria-current]{background:var(--accent);color:var(--on-accent);"
	"border-color:var(--accent);font-weight:700}\n"
	"nav .gap{border:0;min-width:0}\n"
	"code{font-size:.95em}\n"
	"dl.tips{display:grid;grid-template-columns:max-content 1fr;"
	"gap:.3rem 1rem;margin:0}\n"
	"dl.tips dt{font-family:ui-monospace,monospace;white-space:nowrap}\n"
	"dl.tips dd{margin:0}\n"
	"@media (max-width:30rem){dl.tips{grid-template-columns:1fr}"
	"dl.tips dd{margin:0 0 .5rem}}\n"
	"footer{font-size:.85rem;padding:1rem 0}\n"
	".text p{margin:.7rem 0;overflow-wrap:anywhere}\n"
	".text p.hit{border-left:4px solid var(--accent);padding-left:.7rem}\n"
	".read{font-size:.9rem;margin:.15rem 0}\n"
	".facets{display:flex;flex-wrap:wrap;gap:.4rem 1.5rem;margin:.5rem 0 1rem;"
	"font-size:.9rem}\n"
	".facet h3{font-size:.95rem;margin:0 0 .2rem}\n"
	".facet ul{list-style:none;margin:0;padding:0}\n"
	".facet li{margin:.1rem 0;overflow-wrap:anywhere}\n"
	".facet .n,figcaption{color:var(--muted)}\n"
	".timeline{margin:.5rem 0}\n"
	"figcaption{font-size:.85rem}\n"
	".timeline svg{width:100%;height:auto;max-height:9rem}\n"
	".timeline rect{fill:var(--accent)}\n"
	".timeline a:hover rect,.timeline a:focus rect{fill:var(--focus)}\n"
	".timeline text{fill:var(--muted);font-size:11px}\n";

/* ---- the parts ----------------------------------------------------------- */

/* Append href="URL" (HTML-escaped) for the query URL built in url, and
 * free url; url's allocation failure becomes b's. */
void dk_cgi_put_href(dk_buf *b, dk_buf *url)
{
	dk_buf_puts(b, "href=\"");
	if (url->err)
		b->err = b->err ? b->err : url->err;
	else
		dk_cgi_html_escape(url->data, url->len, b);
	dk_buf_putc(b, '"');
	dk_buf_free(url);
}

void dk_cgi_article_url(dk_buf *url, const char *id, const char *q,
			size_t q_len, size_t paragraph)
{
	dk_buf_puts(url, "?id=");
	dk_cgi_url_encode(id, strlen(id), url);
	if (q && q_len) {
		dk_buf_puts(url, "&q=");
		dk_cgi_url_encode(q, q_len, url);
	}
	if (paragraph)
		dk_buf_printf(url, "#p%zu", paragraph);
}

void dk_cgi_page_header_with(dk_buf *b, const dk_cgi_templates *tpl,
			     const char *title_q, size_t title_q_len,
			     const char *title, const char *q, size_t q_len,
			     uint32_t n, int sort_date)
{
	static const char style_open[] = "<style>", style_close[] = "</style>";
	char style[sizeof style_open + sizeof PAGE_CSS + sizeof style_close];
	size_t sl = 0;
	memcpy(style, style_open, sizeof style_open - 1);
	sl += sizeof style_open - 1;
	memcpy(style + sl, PAGE_CSS, sizeof PAGE_CSS - 1);
	sl += sizeof PAGE_CSS - 1;
	memcpy(style + sl, style_close, sizeof style_close - 1);
	sl += sizeof style_close - 1;
	dk_tpl_data *d = dk_tpl_data_new();
	if (!d) {
		b->err = b->err ? b->err : DK_ERR_NOMEM;
		return;
	}
	if (title_q && title_q_len)
		dk_tpl_set_text(d, "title_q", title_q, title_q_len);
	dk_tpl_set_str(d, "title", title);
	/* The style sheet is the code's: the Content-Security-Policy allows
	 * it by its hash. */
	dk_tpl_set_html(d, "style", style, sl);
	dk_tpl_set_text(d, "q", q ? q : "", q ? q_len : 0);
	dk_tpl_set_bool(d, "sort_relevance", sort_date == 0);
	dk_tpl_set_bool(d, "sort_newest", sort_date > 0);
	dk_tpl_set_bool(d, "sort_oldest", sort_date < 0);
	if (n != DK_CGI_DEFAULT_N)
		dk_tpl_set_uint(d, "n", n);
	dk_cgi_render_part(tpl, DK_CGI_HEADER, d, b);
	dk_tpl_data_free(d);
}

void dk_cgi_page_foot_with(dk_buf *b, const dk_cgi_templates *tpl)
{
	dk_tpl_data *d = dk_tpl_data_new();
	dk_tpl_set_str(d, "version", DOCKET_VERSION);
	if (d)
		dk_cgi_render_part(tpl, DK_CGI_FOOTER, d, b);
	else
		b->err = b->err ? b->err : DK_ERR_NOMEM;
	dk_tpl_data_free(d);
}

int dk_cgi_iso_date(const char *d)
{
	size_t n = strlen(d);
	if (n != 4 && n != 7 && n != 10)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (i == 4 || i == 7 ? d[i] != '-' : (d[i] < '0' || d[i] > '9'))
			return 0;
	return 1;
}

void dk_cgi_page_header(dk_buf *b, const dk_cgi_params *p,
			const char *title_q, size_t title_q_len,
			const char *title)
{
	dk_cgi_page_header_with(b, p->templates, title_q, title_q_len, title,
				p->q, p->q ? p->q_len : 0, DK_CGI_DEFAULT_N, 0);
}

void dk_cgi_page_foot(dk_buf *b, const dk_cgi_params *p)
{
	dk_cgi_page_foot_with(b, p->templates);
}

void dk_cgi_put_article_href(dk_buf *b, const char *id, const char *q,
			     size_t q_len, size_t paragraph)
{
	dk_buf url = DK_BUF_INIT;
	dk_cgi_article_url(&url, id, q, q_len, paragraph);
	dk_cgi_put_href(b, &url);
}
