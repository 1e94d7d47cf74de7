/*
 * cgi_facets.c - the results page's facets and timeline: for each facet,
 * its most frequent values with their counts, each a link that narrows the
 * query (q becomes "(q) AND field:value", so the URL stays shareable and
 * the box shows it; no script), and the matches per month as a server-rendered
 * SVG bar chart.  The chart is drawn here; the page around it, and the
 * facet lists, come from the facets template (templates/facets.html).
 */
#include "cgi.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cgi_page.h"
#include "cgi_templates.h"
#include "facets.h"

/* The filter a facet value adds: field:"value" (date:YYYY[-MM[-DD]] and
 * case:N bare), the value's quotes dropped. */
static void put_filter(dk_buf *q, const char *field, const char *v)
{
	int bare = !strcmp(field, "date") || !strcmp(field, "case");
	dk_buf_puts(q, field);
	dk_buf_putc(q, ':');
	if (!bare)
		dk_buf_putc(q, '"');
	for (const char *c = v; *c; c++)
		if (*c != '"')
			dk_buf_putc(q, *c);
	if (!bare)
		dk_buf_putc(q, '"');
}

/* needle in hay[0..n), or NULL. */
static const char *find_bytes(const char *hay, size_t n, const char *needle,
			     size_t m)
{
	for (size_t i = 0; i + m <= n; i++)
		if (!memcmp(hay + i, needle, m))
			return hay + i;
	return NULL;
}

/* Append ?q=(Q)+AND+filter[&sort=date] to url. */
static void narrow_url(dk_buf *url, const dk_cgi_params *p,
		       const char *field, const char *v)
{
	dk_buf q = DK_BUF_INIT;
	/* "(Q) AND filter": the matches of Q that have the value, which the
	 * count counted (beside a filter, Q's words would only rank).  A query
	 * narrowed before gets one more "AND filter". */
	if (p->q && p->q_len) {
		int narrowed = p->q[0] == '(' &&
			       find_bytes(p->q, p->q_len, ") AND ", 6) != NULL;
		if (!narrowed)
			dk_buf_putc(&q, '(');
		dk_buf_append(&q, p->q, p->q_len);
		dk_buf_puts(&q, narrowed ? " AND " : ") AND ");
	}
	put_filter(&q, field, v);
	dk_buf_puts(url, "?q=");
	if (q.data)
		dk_cgi_url_encode(q.data, q.len, url);
	if (p->n != DK_CGI_DEFAULT_N)
		dk_buf_printf(url, "&n=%u", p->n);
	if (p->sort_date)
		dk_buf_puts(url, p->sort_date > 0 ? "&sort=date" : "&sort=oldest");
	if (q.err)
		url->err = url->err ? url->err : DK_ERR_NOMEM;
	dk_buf_free(&q);
}

/* href="?q=(Q)+AND+filter[&sort=date]" */
static void put_narrow_href(dk_buf *b, const dk_cgi_params *p,
			    const char *field, const char *v)
{
	dk_buf url = DK_BUF_INIT;
	narrow_url(&url, p, field, v);
	dk_buf_puts(b, "href=\"");
	if (url.data)
		dk_cgi_html_escape(url.data, url.len, b);
	dk_buf_putc(b, '"');
	if (url.err)
		b->err = b->err ? b->err : DK_ERR_NOMEM;
	dk_buf_free(&url);
}

static unsigned kind_of(const char *name)
{
	for (unsigned k = 1; k <= DK_FACET_ALL; k <<= 1)
		if (!strcmp(dk_facets_name(k), name))
			return k;
	return 0;
}

static const char *heading(const char *name)
{
	static const struct { const char *n, *h; } hs[] = {
		{ "source", "Source" }, { "site", "Site" }, { "author", "Author" },
		{ "year", "Year" }, { "month", "Month" }, { "day", "Day" },
		{ "court", "Court" }, { "party", "Party" }, { "case", "Case" },
	};
	for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++)
		if (!strcmp(hs[i].n, name))
			return hs[i].h;
	return name;
}

/* v in decimal ("%llu"). */
static void put_count_plain(dk_buf *b, uint64_t v)
{
	char d[24];
	size_t i = sizeof d;
	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	dk_buf_append(b, d + i, sizeof d - i);
}

/*
 * x with two decimals exactly as "%.2f" prints it, without printf for the
 * chart's hundreds of coordinates.  For 0 <= x < 1e6, x * 100 is within
 * 1e-8 of its exact value, so rounding it to an integer goes the way
 * printf's exact rounding goes unless it lies within 1e-6 of a tie; ties,
 * -0 and anything else are left to printf.
 */
static void put_fixed2(dk_buf *b, double x)
{
	if (!(x >= 0 && x < 1e6) || signbit(x)) {
		dk_buf_printf(b, "%.2f", x);
		return;
	}
	double s = x * 100.0, fl = floor(s), frac = s - fl;
	if (fabs(frac - 0.5) < 1e-6) {
		dk_buf_printf(b, "%.2f", x);
		return;
	}
	uint64_t r = (uint64_t)fl + (frac > 0.5);
	put_count_plain(b, r / 100);
	char c[3] = { '.', (char)('0' + r / 10 % 10), (char)('0' + r % 10) };
	dk_buf_append(b, c, 3);
}

/* "YYYY-MM" as months since year 0, or -1. */
static long month_index(const char *v)
{
	if (strlen(v) != 7 || v[4] != '-')
		return -1;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (v[i] < '0' || v[i] > '9'))
			return -1;
	long y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 +
		 (v[3] - '0');
	long m = (v[5] - '0') * 10 + (v[6] - '0');
	return m >= 1 && m <= 12 ? y * 12 + m - 1 : -1;
}

/* Matches per bucket as bars, 600 x 120 user units, scaled by the
 * viewBox; each bar a link narrowing the query to its month, with a
 * <title> for its count. */
static void render_timeline(dk_buf *b, const dk_cgi_params *p,
			    const dk_facet *h)
{
	uint64_t top = 0;
	for (size_t i = 0; i < h->n; i++)
		top = h->v[i].count > top ? h->v[i].count : top;
	if (!h->n || !top)
		return;
	const double W = 600, H = 120, base = 104;
	/* Months stand at their place in time, so a quiet stretch shows as
	 * a gap; other units (or odd values) one after another. */
	long first = month_index(h->v[0].value);
	long span = first >= 0 ? month_index(h->v[h->n - 1].value) - first + 1
			       : 0;
	int by_month = first >= 0 && span >= (long)h->n && span <= 600;
	for (size_t i = 0; by_month && i < h->n; i++)
		by_month = month_index(h->v[i].value) >= 0;
	double slots = by_month ? (double)span : (double)h->n;
	double step = W / slots;
	double bw = step > 3 ? step * 0.8 : step;
	dk_buf_puts(b, "<figure class=\"timeline\">\n<figcaption>Matching "
		    "articles per ");
	dk_buf_puts(b, h->name);
	dk_buf_printf(b, ", %s to %s</figcaption>\n", h->v[0].value,
		      h->v[h->n - 1].value);
	dk_buf_printf(b, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		      "aria-label=\"Matching articles per %s\">\n", W, H, h->name);
	for (size_t i = 0; i < h->n; i++) {
		double bh = (double)h->v[i].count / (double)top * (base - 4);
		if (bh < 1)
			bh = 1;
		dk_buf_puts(b, "<a ");
		put_narrow_href(b, p, "date", h->v[i].value);
		double at = by_month ? (double)(month_index(h->v[i].value) - first)
				     : (double)i;
		dk_buf_puts(b, "><rect x=\"");
		put_fixed2(b, step * at);
		dk_buf_puts(b, "\" y=\"");
		put_fixed2(b, base - bh);
		dk_buf_puts(b, "\" width=\"");
		put_fixed2(b, bw);
		dk_buf_puts(b, "\" height=\"");
		put_fixed2(b, bh);
		dk_buf_puts(b, "\"><title>");
		dk_cgi_html_escape(h->v[i].value, strlen(h->v[i].value), b);
		dk_buf_puts(b, ": ");
		put_count_plain(b, h->v[i].count);
		dk_buf_puts(b, "</title></rect></a>\n");
	}
	dk_buf_printf(b, "<text x=\"0\" y=\"%.0f\">", H - 2);
	dk_cgi_html_escape(h->v[0].value, strlen(h->v[0].value), b);
	dk_buf_printf(b, "</text><text x=\"%.0f\" y=\"%.0f\" "
		      "text-anchor=\"end\">", W, H - 2);
	dk_cgi_html_escape(h->v[h->n - 1].value, strlen(h->v[h->n - 1].value), b);
	dk_buf_puts(b, "</text>\n</svg>\n</figure>\n");
}

void dk_cgi_render_facets(const dk_cgi_params *p,
			  const struct dk_result_page *pg, dk_buf *b)
{
	dk_buf frag = DK_BUF_INIT;
	dk_tpl_data *d = dk_tpl_data_new();
	if (!d) {
		b->err = b->err ? b->err : DK_ERR_NOMEM;
		return;
	}
	if (pg->histogram) {
		/* The chart is drawn here, every value in it escaped; the
		 * template places it. */
		render_timeline(&frag, p, pg->histogram);
		if (frag.len && frag.data[frag.len - 1] == '\n')
			frag.len--;
		dk_tpl_set_html(d, "timeline", frag.data, frag.len);
	}
	int any = 0;
	for (size_t i = 0; i < pg->nfacets; i++) {
		const dk_facet *f = &pg->facets[i];
		if (!f->n)
			continue;
		any = 1;
		const char *field = dk_facets_field(kind_of(f->name));
		dk_tpl_data *fd = dk_tpl_add_item(d, "facets");
		dk_tpl_set_str(fd, "heading", heading(f->name));
		for (size_t k = 0; k < f->n; k++) {
			dk_tpl_data *vd = dk_tpl_add_item(fd, "values");
			dk_buf_reset(&frag);
			narrow_url(&frag, p, field, f->v[k].value);
			dk_tpl_set_text(vd, "href", frag.data, frag.len);
			dk_tpl_set_str(vd, "value", f->v[k].value);
			dk_tpl_set_uint(vd, "count", f->v[k].count);
		}
	}
	dk_tpl_set_bool(d, "any_facets", any);
	if (frag.err)
		b->err = b->err ? b->err : frag.err;
	dk_cgi_render_part(p->templates, DK_CGI_FACETS, d, b);
	dk_buf_free(&frag);
	dk_tpl_data_free(d);
}
