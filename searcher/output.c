/*
 * output.c - text, JSON (jansson) and TREC output of a result page.
 */
#include "output.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Print s[0..n) with control characters (but '\n') made into spaces, so
 * stored text cannot drive the terminal. */
static void put_safe(FILE *f, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			fwrite(s + run, 1, i - run, f);
			fputc(' ', f);
			run = i + 1;
		}
	}
	fwrite(s + run, 1, n - run, f);
}

static void put_passage(FILE *f, const char *text, const dk_passage *p,
			dk_mark_style style)
{
	const char *s = text + p->start;
	size_t at = 0;
	const char *on = style == DK_MARK_ANSI ? "\033[1;33m" : "**";
	const char *off = style == DK_MARK_ANSI ? "\033[0m" : "**";
	for (size_t i = 0; i < p->nhl; i++) {
		put_safe(f, s + at, p->hl[i].start - at);
		fputs(on, f);
		put_safe(f, s + p->hl[i].start, p->hl[i].end - p->hl[i].start);
		fputs(off, f);
		at = p->hl[i].end;
	}
	put_safe(f, s + at, p->end - p->start - at);
}

/* "also: NDTV, LatestLY +2": the first two distinct sources of the
 * folded copies other than the article's own, then how many copies are
 * not named; "also: 3 more on www.theverge.com" for copies of the page
 * on its own site. */
static void put_also(FILE *f, const dk_hit *h)
{
	const char *named[2];
	size_t same, covered;
	size_t nnamed = dk_hit_also_sources(h, named, 2, &same, &covered);
	fputs("   also:", f);
	for (size_t j = 0; j < nnamed; j++) {
		fputs(j ? ", " : " ", f);
		put_safe(f, named[j], strlen(named[j]));
	}
	if (h->also_total > covered)
		fprintf(f, " +%llu", (unsigned long long)(h->also_total - covered));
	if (same) {
		fprintf(f, "%s%zu more on ", nnamed || h->also_total > covered ? "; " : " ",
			same);
		put_safe(f, h->art.source, strlen(h->art.source));
	}
	fputc('\n', f);
}

dk_status dk_output_text(FILE *f, const dk_result_page *p, dk_mark_style style)
{
	const char *b = style == DK_MARK_ANSI ? "\033[1m" : "";
	const char *e = style == DK_MARK_ANSI ? "\033[0m" : "";
	if (p->explain)
		fprintf(f, "%s\n\n", p->explain);
	if (p->warning)
		fprintf(f, "note: %s\n", p->warning);
	if (p->suggestion)
		fprintf(f, "Did you mean: %s\n", p->suggestion);
	const char *about = p->total_exact ? "" : "about ";
	if (!p->nhits && p->total && !p->limit) {
		/* --limit 0: the count alone. */
		fprintf(f, "%s%llu result%s\n", about,
			(unsigned long long)p->total, p->total == 1 ? "" : "s");
		return DK_OK;
	}
	if (!p->nhits && p->total) {
		fprintf(f, "%s%llu result%s; none from %u on\n", about,
			(unsigned long long)p->total, p->total == 1 ? "" : "s",
			p->offset + 1);
		return DK_OK;
	}
	if (!p->nhits) {
		fprintf(f, "No results for: ");
		put_safe(f, p->query, strlen(p->query));
		fputc('\n', f);
		return DK_OK;
	}
	fprintf(f, "%s%llu result%s; showing %u-%u\n\n", about,
		(unsigned long long)p->total, p->total == 1 ? "" : "s",
		p->offset + 1, p->offset + (unsigned)p->nhits);
	for (size_t i = 0; i < p->nhits; i++) {
		const dk_hit *h = &p->hits[i];
		const char *title = h->art.title ? h->art.title : h->art.id;
		fprintf(f, "%u. %s", p->offset + (unsigned)i + 1, b);
		put_safe(f, title, strlen(title));
		fprintf(f, "%s\n   ", e);
		if (h->art.source) {
			put_safe(f, h->art.source, strlen(h->art.source));
			fputs(" | ", f);
		}
		if (h->art.date)
			fprintf(f, "%s | ", h->art.date);
		put_safe(f, h->art.id, strlen(h->art.id));
		fprintf(f, " | score %.2f\n", h->score);
		if (h->art.url) {
			fputs("   ", f);
			put_safe(f, h->art.url, strlen(h->art.url));
			fputc('\n', f);
		}
		for (size_t k = 0; k < h->npassages; k++) {
			fprintf(f, "   > [para %zu] ", h->passages[k].paragraph);
			put_passage(f, h->art.text, &h->passages[k], style);
			fputc('\n', f);
		}
		dk_output_entities_text(f, &h->art);
		if (h->also_total)
			put_also(f, h);
		fputc('\n', f);
	}
	return DK_OK;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The '\n'-separated list s as a JSON array of strings ([] for NULL). */
static json_t *list_json(const char *s)
{
	json_t *a = json_array();
	while (a && s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n && json_array_append_new(a, json_stringn(s, n))) {
			json_decref(a);
			return NULL;
		}
		s += n + (nl != NULL);
	}
	return a;
}

/* The entities found in an article (doc/output.md): every list present,
 * empty when none was found. */
json_t *dk_output_entities_json(const dk_article *a)
{
	json_t *o = json_object();
	int bad = !o;
	if (!bad) {
		bad |= json_object_set_new(o, "cases", list_json(a->cases));
		bad |= json_object_set_new(o, "parties", list_json(a->parties));
		bad |= json_object_set_new(o, "courts", list_json(a->courts));
		bad |= json_object_set_new(o, "statutes", list_json(a->statutes));
		bad |= json_object_set_new(o, "cves", list_json(a->cves));
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* "   cases: 25-00709 | parties: De La Torre; LinkedIn Corp" (nothing
 * when the article names none). */
void dk_output_entities_text(FILE *f, const dk_article *a)
{
	const char *names[] = { "cases", "parties", "courts", "statutes", "cves" };
	const char *lists[] = { a->cases, a->parties, a->courts, a->statutes,
				a->cves };
	int any = 0;
	for (int i = 0; i < 5; i++) {
		const char *s = lists[i];
		if (!s || !*s)
			continue;
		fprintf(f, "%s%s: ", any ? " | " : "   ", names[i]);
		any = 1;
		for (int first = 1; *s; first = 0) {
			const char *nl = strchr(s, '\n');
			size_t n = nl ? (size_t)(nl - s) : strlen(s);
			if (!first)
				fputs("; ", f);
			put_safe(f, s, n);
			s += n + (nl != NULL);
		}
	}
	if (any)
		fputc('\n', f);
}

static json_t *hit_json(const dk_hit *h)
{
	json_t *o = json_object();
	json_t *ps = json_array();
	json_t *al = json_array();
	int bad = !o || !ps || !al;
	if (bad)
		goto fail;
	bad |= json_object_set_new(o, "id", str_or_null(h->art.id));
	bad |= json_object_set_new(o, "title", str_or_null(h->art.title));
	bad |= json_object_set_new(o, "url", str_or_null(h->art.url));
	bad |= json_object_set_new(o, "source", str_or_null(h->art.source));
	bad |= json_object_set_new(o, "date", str_or_null(h->art.date));
	bad |= json_object_set_new(o, "author", str_or_null(h->art.author));
	bad |= json_object_set_new(o, "score", json_real(h->score));
	json_t *ents = dk_output_entities_json(&h->art);
	bad |= !ents || json_object_set_new(o, "entities", ents);
	for (size_t k = 0; k < h->npassages; k++) {
		const dk_passage *p = &h->passages[k];
		json_t *po = json_object();
		json_t *hl = json_array();
		if (!po || !hl) {
			json_decref(po);
			json_decref(hl);
			goto fail;
		}
		for (size_t j = 0; j < p->nhl; j++)
			bad |= json_array_append_new(hl, json_pack("[II]",
				(json_int_t)p->hl[j].start, (json_int_t)p->hl[j].end));
		bad |= json_object_set_new(po, "text",
			json_stringn(h->art.text + p->start, p->end - p->start));
		bad |= json_object_set_new(po, "start", json_integer((json_int_t)p->start));
		bad |= json_object_set_new(po, "end", json_integer((json_int_t)p->end));
		bad |= json_object_set_new(po, "paragraph",
					   json_integer((json_int_t)p->paragraph));
		bad |= json_object_set_new(po, "score", json_real(p->score));
		bad |= json_object_set_new(po, "highlights", hl);
		bad |= json_array_append_new(ps, po);
	}
	for (size_t k = 0; k < h->nalso; k++) {
		json_t *a = json_object();
		if (!a)
			goto fail;
		bad |= json_object_set_new(a, "id", str_or_null(h->also[k].id));
		bad |= json_object_set_new(a, "source", str_or_null(h->also[k].source));
		bad |= json_object_set_new(a, "url", str_or_null(h->also[k].url));
		bad |= json_array_append_new(al, a);
	}
	bad |= json_object_set_new(o, "passages", ps);
	bad |= json_object_set_new(o, "also", al);
	/* Each source of the copies once, the article's own left out. */
	const char *names[16];
	size_t same, covered;
	size_t nn = dk_hit_also_sources(h, names, 16, &same, &covered);
	json_t *srcs = json_array();
	for (size_t k = 0; srcs && k < nn; k++)
		bad |= json_array_append_new(srcs, json_string(names[k]));
	bad |= !srcs || json_object_set_new(o, "also_sources", srcs);
	bad |= json_object_set_new(o, "also_total",
				   json_integer((json_int_t)h->also_total));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
fail:
	json_decref(o);
	json_decref(ps);
	json_decref(al);
	return NULL;
}

/* One facet (or the histogram) as a JSON array of {value, count}. */
static json_t *facet_json(const dk_facet *f)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < f->n; i++)
		if (json_array_append_new(a, json_pack("{s:s,s:I}", "value",
						       f->v[i].value, "count",
						       (json_int_t)f->v[i].count))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

int dk_output_facets_json(const dk_result_page *p, json_t *o)
{
	int bad = 0;
	if (p->nfacets) {
		json_t *fo = json_object();
		bad |= !fo;
		for (size_t i = 0; fo && i < p->nfacets; i++) {
			json_t *a = facet_json(&p->facets[i]);
			bad |= !a || json_object_set_new(fo, p->facets[i].name, a);
		}
		bad |= !fo || json_object_set_new(o, "facets", fo);
	}
	if (p->histogram) {
		json_t *a = facet_json(p->histogram);
		json_t *h = a ? json_pack("{s:s,s:o}", "unit", p->histogram->name,
					  "buckets", a) : NULL;
		bad |= !h || json_object_set_new(o, "histogram", h);
	}
	return bad ? -1 : 0;
}

dk_status dk_output_json_string(const dk_result_page *p, char **out)
{
	*out = NULL;
	json_t *o = json_object();
	json_t *rs = json_array();
	int bad = !o || !rs;
	if (!bad) {
		bad |= json_object_set_new(o, "query", json_string(p->query));
		bad |= json_object_set_new(o, "total", json_integer((json_int_t)p->total));
		bad |= json_object_set_new(o, "total_exact",
					   json_boolean(p->total_exact));
		bad |= json_object_set_new(o, "offset", json_integer(p->offset));
		bad |= json_object_set_new(o, "suggestion", str_or_null(p->suggestion));
		if (p->warning)
			bad |= json_object_set_new(o, "warning", json_string(p->warning));
		if (p->shards > 1 || p->shards_answered < p->shards) {
			bad |= json_object_set_new(o, "shards",
						   json_integer(p->shards));
			bad |= json_object_set_new(o, "shards_answered",
						   json_integer(p->shards_answered));
		}
		if (p->explain)
			bad |= json_object_set_new(o, "explain", json_string(p->explain));
		for (size_t i = 0; i < p->nhits && !bad; i++) {
			json_t *h = hit_json(&p->hits[i]);
			bad |= !h || json_array_append_new(rs, h);
		}
		bad |= json_object_set_new(o, "results", rs);
		rs = NULL;
		bad |= dk_output_facets_json(p, o) != 0;
	}
	if (!bad)
		*out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	json_decref(rs);
	return *out ? DK_OK : DK_ERR_NOMEM;
}

dk_status dk_output_json(FILE *f, const dk_result_page *p)
{
	char *s = NULL;
	dk_status st = dk_output_json_string(p, &s);
	if (st)
		return st;
	fputs(s, f);
	fputc('\n', f);
	free(s);
	return DK_OK;
}

dk_status dk_output_trec(FILE *f, const dk_result_page *p, const char *qid,
			 const char *tag)
{
	for (size_t i = 0; i < p->nhits; i++) {
		const char *id = p->hits[i].art.id;
		/* TREC docids have no white space. */
		fprintf(f, "%s Q0 ", qid);
		for (const char *c = id; *c; c++)
			fputc(*c == ' ' || *c == '\t' || *c == '\n' ? '_' : *c, f);
		fprintf(f, " %u %.6f %s\n", p->offset + (unsigned)i + 1,
			p->hits[i].score, tag);
	}
	return DK_OK;
}
