/*
 * output_more.c - the outputs beyond a result page's text and JSON: one
 * article (--show, text and JSON) and CSV rows for spreadsheets (RFC 4180).
 * The formats are those of doc/output.md.
 */
#include "output.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* s[0..n) with control characters but '\n' made spaces (see output.c). */
static void put_clean(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		fputc(c == '\n' || (c >= 0x20 && c != 0x7f) ? c : ' ', f);
	}
}

static void put_marked(FILE *f, const char *text, size_t start, size_t end,
		       const dk_span *hl, size_t nhl, dk_mark_style style)
{
	const char *on = style == DK_MARK_ANSI ? "\033[1;33m" : "**";
	const char *off = style == DK_MARK_ANSI ? "\033[0m" : "**";
	const char *s = text + start;
	size_t at = 0, len = end - start;
	for (size_t i = 0; i < nhl; i++) {
		if (hl[i].start < at || hl[i].end > len || hl[i].end <= hl[i].start)
			continue;
		put_clean(f, s + at, hl[i].start - at);
		fputs(on, f);
		put_clean(f, s + hl[i].start, hl[i].end - hl[i].start);
		fputs(off, f);
		at = hl[i].end;
	}
	put_clean(f, s + at, len - at);
}

dk_status dk_output_article_text(FILE *f, const dk_article_view *v,
				 dk_mark_style style)
{
	const dk_article *a = &v->art;
	const char *b = style == DK_MARK_ANSI ? "\033[1m" : "";
	const char *e = style == DK_MARK_ANSI ? "\033[0m" : "";
	const char *title = a->title ? a->title : a->id;
	fputs(b, f);
	put_clean(f, title, strlen(title));
	fprintf(f, "%s\n", e);
	const char *meta[] = { a->source, a->date, a->author, a->id };
	int first = 1;
	for (int i = 0; i < 4; i++) {
		if (!meta[i])
			continue;
		fputs(first ? "" : " | ", f);
		put_clean(f, meta[i], strlen(meta[i]));
		first = 0;
	}
	fputc('\n', f);
	if (a->url) {
		put_clean(f, a->url, strlen(a->url));
		fputc('\n', f);
	}
	dk_output_entities_text(f, a);
	for (size_t k = 0; k < v->npassages; k++) {
		const dk_passage *p = &v->passages[k];
		fprintf(f, "best passage: [para %zu] ", p->paragraph);
		put_marked(f, a->text, p->start, p->end, p->hl, p->nhl, style);
		fputc('\n', f);
	}
	fputc('\n', f);
	if (a->text)
		put_marked(f, a->text, 0, a->text_len, v->whole.hl, v->whole.nhl,
			   style);
	fputc('\n', f);
	if (v->also_total) {
		fprintf(f, "\nalso carried by %llu other%s:\n",
			(unsigned long long)v->also_total,
			v->also_total == 1 ? "" : "s");
		for (size_t k = 0; k < v->nalso; k++) {
			const dk_also *al = &v->also[k];
			fputs("   ", f);
			const char *parts[] = { al->source, al->id, al->url };
			for (int i = 0, n = 0; i < 3; i++) {
				if (!parts[i])
					continue;
				fputs(n++ ? " | " : "", f);
				put_clean(f, parts[i], strlen(parts[i]));
			}
			fputc('\n', f);
		}
	}
	return DK_OK;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *spans_json(const dk_span *hl, size_t n)
{
	json_t *a = json_array();
	for (size_t j = 0; a && j < n; j++)
		if (json_array_append_new(a, json_pack("[II]", (json_int_t)hl[j].start,
						       (json_int_t)hl[j].end))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

dk_status dk_output_article_json_string(const dk_article_view *v, char **out)
{
	const dk_article *a = &v->art;
	json_t *o = json_object();
	json_t *ps = json_array(), *al = json_array();
	int bad = !o || !ps || !al;
	*out = NULL;
	if (bad)
		goto done;
	bad |= json_object_set_new(o, "id", str_or_null(a->id));
	bad |= json_object_set_new(o, "title", str_or_null(a->title));
	bad |= json_object_set_new(o, "url", str_or_null(a->url));
	bad |= json_object_set_new(o, "source", str_or_null(a->source));
	bad |= json_object_set_new(o, "site", str_or_null(a->site));
	bad |= json_object_set_new(o, "date", str_or_null(a->date));
	bad |= json_object_set_new(o, "author", str_or_null(a->author));
	bad |= json_object_set_new(o, "lang", str_or_null(a->lang));
	json_t *ents = dk_output_entities_json(a);
	bad |= !ents || json_object_set_new(o, "entities", ents);
	bad |= json_object_set_new(o, "text", a->text ? json_stringn(a->text,
					a->text_len) : json_null());
	json_t *hl = spans_json(v->whole.hl, v->whole.nhl);
	bad |= !hl || json_object_set_new(o, "highlights", hl);
	for (size_t k = 0; k < v->npassages && !bad; k++) {
		const dk_passage *p = &v->passages[k];
		json_t *po = json_pack("{s:I,s:I,s:I,s:f}", "start",
				       (json_int_t)p->start, "end",
				       (json_int_t)p->end, "paragraph",
				       (json_int_t)p->paragraph, "score", p->score);
		json_t *ph = spans_json(p->hl, p->nhl);
		bad |= !po || !ph || json_object_set_new(po, "highlights", ph) ||
		       json_object_set_new(po, "text", json_stringn(a->text + p->start,
						      p->end - p->start)) ||
		       json_array_append_new(ps, po);
	}
	for (size_t k = 0; k < v->nalso && !bad; k++) {
		json_t *c = json_object();
		bad |= !c || json_object_set_new(c, "id", str_or_null(v->also[k].id)) ||
		       json_object_set_new(c, "source", str_or_null(v->also[k].source)) ||
		       json_object_set_new(c, "url", str_or_null(v->also[k].url)) ||
		       json_array_append_new(al, c);
	}
	bad |= json_object_set_new(o, "passages", ps);
	ps = NULL;
	bad |= json_object_set_new(o, "also", al);
	al = NULL;
	bad |= json_object_set_new(o, "also_total",
				   json_integer((json_int_t)v->also_total));
	if (!bad)
		*out = json_dumps(o, JSON_COMPACT);
done:
	json_decref(o);
	json_decref(ps);
	json_decref(al);
	return *out ? DK_OK : DK_ERR_NOMEM;
}

/* ---- CSV ---------------------------------------------------------------- */

/* One field: quoted when it holds a comma, a quote, CR or LF (RFC 4180),
 * quotes doubled; other control characters become spaces.  A field that
 * a spreadsheet would take for a formula (= + - @ first) gets a leading
 * apostrophe inside the quotes. */
static void csv_field(FILE *f, const char *s, size_t n)
{
	int quote = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			quote = 1;
	int formula = n && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
			    s[0] == '@');
	if (formula)
		quote = 1;
	if (quote)
		fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"')
			fputs("\"\"", f);
		else if (c == '\n' || c == '\r' || (c >= 0x20 && c != 0x7f))
			fputc(c, f);
		else
			fputc(' ', f);
	}
	if (quote)
		fputc('"', f);
}

static void csv_str(FILE *f, const char *s)
{
	if (s)
		csv_field(f, s, strlen(s));
}

dk_status dk_output_csv(FILE *f, const dk_result_page *p, int header)
{
	if (header)
		fputs("id,date,source,title,url,score,passage\r\n", f);
	for (size_t i = 0; i < p->nhits; i++) {
		const dk_hit *h = &p->hits[i];
		csv_str(f, h->art.id);
		fputc(',', f);
		csv_str(f, h->art.date);
		fputc(',', f);
		csv_str(f, h->art.source);
		fputc(',', f);
		csv_str(f, h->art.title);
		fputc(',', f);
		csv_str(f, h->art.url);
		fprintf(f, ",%.4f,", h->score);
		if (h->npassages && h->art.text) {
			const dk_passage *ps = &h->passages[0];
			size_t end = ps->end < h->art.text_len ? ps->end
							       : h->art.text_len;
			if (ps->start < end)
				csv_field(f, h->art.text + ps->start, end - ps->start);
		}
		fputs("\r\n", f);
	}
	return ferror(f) ? DK_ERR_IO : DK_OK;
}

/* ---- facets and histograms ------------------------------------------- */

/* A bar of up to 40 '#' scaled to the largest count. */
static void put_bar(FILE *f, uint64_t count, uint64_t top)
{
	unsigned n = top ? (unsigned)((count * 40 + top - 1) / top) : 0;
	for (unsigned i = 0; i < n; i++)
		fputc('#', f);
}

dk_status dk_output_facets_text(FILE *f, const dk_result_page *p)
{
	for (size_t i = 0; i < p->nfacets; i++) {
		const dk_facet *fc = &p->facets[i];
		fprintf(f, "%s:", fc->name);
		if (!fc->n)
			fputs(" (none)", f);
		for (size_t k = 0; k < fc->n; k++) {
			fputs(k ? ", " : " ", f);
			put_clean(f, fc->v[k].value, strlen(fc->v[k].value));
			fprintf(f, " (%llu)", (unsigned long long)fc->v[k].count);
		}
		fputc('\n', f);
	}
	if (p->histogram) {
		const dk_facet *h = p->histogram;
		uint64_t top = 0;
		for (size_t k = 0; k < h->n; k++)
			top = h->v[k].count > top ? h->v[k].count : top;
		fprintf(f, "%smatches per %s:\n", p->nfacets ? "\n" : "", h->name);
		for (size_t k = 0; k < h->n; k++) {
			fprintf(f, "  %-10s %6llu  ", h->v[k].value,
				(unsigned long long)h->v[k].count);
			put_bar(f, h->v[k].count, top);
			fputc('\n', f);
		}
	}
	return DK_OK;
}

dk_status dk_output_histogram_csv(FILE *f, const dk_result_page *p, int header)
{
	if (!p->histogram)
		return DK_OK;
	if (header)
		fprintf(f, "%s,count\r\n", p->histogram->name);
	for (size_t k = 0; k < p->histogram->n; k++)
		fprintf(f, "%s,%llu\r\n", p->histogram->v[k].value,
			(unsigned long long)p->histogram->v[k].count);
	return ferror(f) ? DK_ERR_IO : DK_OK;
}
