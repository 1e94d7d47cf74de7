/*
 * facets.c - facets and histograms of a match set (see facets.h).
 */
#include "facets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/fields.h"

/* Each facet: the field of the facet slot it counts (-1: the date slot). */
static const struct {
	unsigned kind;
	const char *name, *field;
	int f;
	int multi;
} kinds[] = {
	{ DK_FACET_SOURCE, "source", "source", DK_FACET_F_SOURCE, 0 },
	{ DK_FACET_SITE, "site", "site", DK_FACET_F_SITE, 0 },
	{ DK_FACET_AUTHOR, "author", "author", DK_FACET_F_AUTHOR, 0 },
	{ DK_FACET_YEAR, "year", "date", -1, 0 },
	{ DK_FACET_MONTH, "month", "date", -1, 0 },
	{ DK_FACET_DAY, "day", "date", -1, 0 },
	{ DK_FACET_COURT, "court", "court", DK_FACET_F_COURTS, 1 },
	{ DK_FACET_PARTY, "party", "party", DK_FACET_F_PARTIES, 1 },
	{ DK_FACET_CASE, "case", "case", DK_FACET_F_CASES, 1 },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static const char *const hist_names[] = { NULL, "day", "week", "month",
					  "year" };

dk_status dk_facets_parse(const char *list, unsigned *mask, const char **bad,
			  size_t *bad_len)
{
	*mask = 0;
	const char *s = list;
	while (s && *s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		unsigned m = 0;
		for (size_t i = 0; i < NKINDS; i++)
			if (strlen(kinds[i].name) == n &&
			    !memcmp(kinds[i].name, s, n))
				m = kinds[i].kind;
		if (n == 4 && !memcmp(s, "date", 4))
			m = DK_FACET_YEAR | DK_FACET_MONTH | DK_FACET_DAY;
		if (n == 3 && !memcmp(s, "all", 3))
			m = DK_FACET_ALL;
		if (!m && n) {
			if (bad)
				*bad = s;
			if (bad_len)
				*bad_len = n;
			return DK_ERR_INVALID;
		}
		*mask |= m;
		s = e ? e + 1 : NULL;
	}
	return DK_OK;
}

int dk_facets_histogram_parse(const char *unit)
{
	for (int i = 1; i <= DK_HIST_YEAR; i++)
		if (!strcmp(unit, hist_names[i]))
			return i;
	return -1;
}

const char *dk_facets_name(unsigned kind)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (kinds[i].kind == kind)
			return kinds[i].name;
	return "";
}

const char *dk_facets_field(unsigned kind)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (kinds[i].kind == kind)
			return kinds[i].field;
	return "";
}

const char *dk_facets_histogram_name(int unit)
{
	return unit > 0 && unit <= DK_HIST_YEAR ? hist_names[unit] : "";
}

/* The spy's specs: one per facet field asked, the date slot once. */
typedef struct plan {
	dk_spy_spec specs[NKINDS + 3];  /* + date, ids, a caller's extra */
	size_t n;
	size_t at[NKINDS];   /* spec index of kinds[i] */
	size_t date_at;      /* spec index of the date slot */
	size_t ids_at;       /* spec index of the id slot */
} plan;

static void make_plan(const dk_search_request *req, plan *p)
{
	memset(p, 0, sizeof *p);
	p->date_at = (size_t)-1;
	for (size_t i = 0; i < NKINDS; i++) {
		if (!(req->facets & kinds[i].kind) || kinds[i].f < 0)
			continue;
		p->at[i] = p->n;
		p->specs[p->n++] = (dk_spy_spec){ DK_SLOT_FACETS, kinds[i].f,
						  DK_FACET_SEP, kinds[i].multi };
	}
	if (req->histogram > 0 ||
	    (req->facets & (DK_FACET_YEAR | DK_FACET_MONTH | DK_FACET_DAY))) {
		p->date_at = p->n;
		p->specs[p->n++] = (dk_spy_spec){ DK_SLOT_DATE, -1, 0, 0 };
	}
	p->ids_at = (size_t)-1;
	if (req->match_ids) {
		p->ids_at = p->n;
		p->specs[p->n++] = (dk_spy_spec){ DK_SLOT_ID, -1, 0, 0 };
	}
}

dk_status dk_facets_spy(const dk_search_request *req,
			const dk_spy_spec *extra, size_t *extra_at,
			dk_spy **out)
{
	plan p;
	*out = NULL;
	if (!req->facets && req->histogram <= 0 && !req->match_ids)
		return DK_OK;
	make_plan(req, &p);
	if (extra) {
		*extra_at = p.n;
		p.specs[p.n++] = *extra;
	}
	return dk_spy_new(p.specs, p.n, out);
}

/* Counts keyed by value, growing. */
typedef struct tally {
	dk_facet_value *v;
	size_t n, cap;
	dk_status st;
} tally;

static void tally_add(tally *t, const char *val, size_t len, uint64_t count)
{
	if (t->st || !len)
		return;
	/* Values arrive in byte order, so an equal key is the last one. */
	if (t->n && strlen(t->v[t->n - 1].value) == len &&
	    !memcmp(t->v[t->n - 1].value, val, len)) {
		t->v[t->n - 1].count += count;
		return;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		dk_facet_value *v = realloc(t->v, cap * sizeof *v);
		if (!v) {
			t->st = DK_ERR_NOMEM;
			return;
		}
		t->v = v;
		t->cap = cap;
	}
	char *copy = malloc(len + 1);
	if (!copy) {
		t->st = DK_ERR_NOMEM;
		return;
	}
	memcpy(copy, val, len);
	copy[len] = '\0';
	t->v[t->n++] = (dk_facet_value){ copy, count };
}

static void tally_free(tally *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].value);
	free(t->v);
	memset(t, 0, sizeof *t);
}

static int on_value(void *ctx, const char *v, size_t len, uint64_t count)
{
	tally_add(ctx, v, len, count);
	return ((tally *)ctx)->st != DK_OK;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * The bucket of a date value "YYYYMMDD" ("00" for an unknown month or
 * day) at a precision: "YYYY", "YYYY-MM", "YYYY-MM-DD", or for weeks the
 * Monday starting it.  Empty (0) when the date is not that precise.
 */
static size_t date_bucket(const char *v, size_t len, int unit, char out[16])
{
	if (len != 8 || !digits(v, 8))
		return 0;
	int y = atoi((char[5]){ v[0], v[1], v[2], v[3], 0 });
	int m = (v[4] - '0') * 10 + (v[5] - '0');
	int d = (v[6] - '0') * 10 + (v[7] - '0');
	/* A year, month or day bucket is the value's own digits with dashes
	 * ("%04d-%02d-%02d" of them): copied, not formatted, as this runs
	 * for every distinct date of the match set, twice per page. */
	switch (unit) {
	case DK_HIST_YEAR:
		memcpy(out, v, 4);
		out[4] = '\0';
		return 4;
	case DK_HIST_MONTH:
		if (!m)
			return 0;
		memcpy(out, v, 4);
		out[4] = '-';
		memcpy(out + 5, v + 4, 2);
		out[7] = '\0';
		return 7;
	case DK_HIST_DAY:
		if (!m || !d)
			return 0;
		memcpy(out, v, 4);
		out[4] = '-';
		memcpy(out + 5, v + 4, 2);
		out[7] = '-';
		memcpy(out + 8, v + 6, 2);
		out[10] = '\0';
		return 10;
	case DK_HIST_WEEK: {
		if (!m || !d)
			return 0;
		long z = days_from_civil(y, m, d);
		long wd = ((z % 7) + 7 + 3) % 7;  /* 1970-01-01 was a Thursday */
		civil_from_days(z - wd, &y, &m, &d);
		return (size_t)snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
	}
	default:
		return 0;
	}
}

typedef struct date_ctx {
	tally *t;
	int unit;
} date_ctx;

/* Date values arrive in byte order, and so in time order; week buckets
 * too, as a week's Monday never precedes an earlier day's Monday. */
static int on_date(void *ctx, const char *v, size_t len, uint64_t count)
{
	date_ctx *dc = ctx;
	char b[16];
	size_t n = date_bucket(v, len, dc->unit, b);
	if (n)
		tally_add(dc->t, b, n, count);
	return dc->t->st != DK_OK;
}

static int by_count(const void *a, const void *b)
{
	const dk_facet_value *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->value, y->value);
}

/* Keep the max most frequent values of t in f (t is emptied). */
static void keep_top(tally *t, size_t max, dk_facet *f)
{
	if (t->n)
		qsort(t->v, t->n, sizeof *t->v, by_count);
	for (size_t i = max; i < t->n; i++)
		free(t->v[i].value);
	if (t->n > max)
		t->n = max;
	f->v = t->v;
	f->n = t->n;
	memset(t, 0, sizeof *t);
}

dk_status dk_facets_collect(const dk_search_request *req, const dk_spy *spy,
			    dk_result_page *page)
{
	plan p;
	dk_status st = DK_OK;
	if (!spy)
		return DK_OK;
	make_plan(req, &p);
	size_t max = req->facet_values ? req->facet_values : DK_FACET_VALUES;
	size_t want = 0;
	for (size_t i = 0; i < NKINDS; i++)
		want += (req->facets & kinds[i].kind) != 0;
	if (want && !(page->facets = calloc(want, sizeof *page->facets)))
		return DK_ERR_NOMEM;
	for (size_t i = 0; i < NKINDS && !st; i++) {
		if (!(req->facets & kinds[i].kind))
			continue;
		tally t = { 0 };
		dk_facet *f = &page->facets[page->nfacets++];
		f->name = kinds[i].name;
		if (kinds[i].f < 0) {
			int unit = kinds[i].kind == DK_FACET_YEAR ? DK_HIST_YEAR
				 : kinds[i].kind == DK_FACET_MONTH ? DK_HIST_MONTH
				 : DK_HIST_DAY;
			date_ctx dc = { &t, unit };
			st = dk_spy_values(spy, p.date_at, on_date, &dc);
		} else {
			st = dk_spy_values(spy, p.at[i], on_value, &t);
		}
		if (!st)
			st = t.st;
		if (st) {
			tally_free(&t);
			break;
		}
		keep_top(&t, max, f);
	}
	if (!st && req->histogram > 0) {
		tally t = { 0 };
		date_ctx dc = { &t, req->histogram };
		st = dk_spy_values(spy, p.date_at, on_date, &dc);
		if (!st)
			st = t.st;
		if (!st && !(page->histogram = calloc(1, sizeof *page->histogram)))
			st = DK_ERR_NOMEM;
		if (st) {
			tally_free(&t);
		} else {
			page->histogram->name = hist_names[req->histogram];
			page->histogram->v = t.v;
			page->histogram->n = t.n;
		}
	}
	if (!st && req->match_ids) {
		tally t = { 0 };
		st = dk_spy_values(spy, p.ids_at, on_value, &t);
		if (!st)
			st = t.st;
		if (!st && t.n && !(page->ids = malloc(t.n * sizeof *page->ids)))
			st = DK_ERR_NOMEM;
		for (size_t i = 0; !st && i < t.n; i++)
			page->ids[page->nids++] = t.v[i].value;
		if (!st) {
			free(t.v);
		} else {
			page->nids = 0;
			tally_free(&t);
		}
	}
	return st;
}

static void facet_clear(dk_facet *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].value);
	free(f->v);
}

void dk_facets_free(dk_result_page *page)
{
	for (size_t i = 0; i < page->nfacets; i++)
		facet_clear(&page->facets[i]);
	free(page->facets);
	page->facets = NULL;
	page->nfacets = 0;
	if (page->histogram)
		facet_clear(page->histogram);
	free(page->histogram);
	page->histogram = NULL;
	for (size_t i = 0; i < page->nids; i++)
		free(page->ids[i]);
	free(page->ids);
	page->ids = NULL;
	page->nids = 0;
}
