/*
 * date.c - date parsing (see date.h).  A small scanner: it splits the text
 * into numbers and words, then matches the few shapes news uses.
 */
#include "date.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const months[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/* 1..12 when w is a month name or an abbreviation of one ("Sept"), else 0. */
static int month_of(const char *w, size_t n)
{
	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++)
		if (n <= strlen(months[m]) && strncasecmp(w, months[m], n) == 0)
			return m + 1;
	return 0;
}

typedef struct tok {
	int is_num;
	long num;
	int ndigits;
	const char *w;
	size_t n;
	char sep;  /* the character that followed the token */
} tok;

static const char *const weekdays[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday"
};

/* 1 when w is a weekday name or an abbreviation of one ("Thu", "Tues"). */
static int weekday_of(const char *w, size_t n)
{
	if (n < 3)
		return 0;
	for (int d = 0; d < 7; d++)
		if (n <= strlen(weekdays[d]) && strncasecmp(w, weekdays[d], n) == 0)
			return 1;
	return 0;
}

/* 1 when token k is the suffix of an ordinal such as "24th". */
static int ordinal_suffix(const tok *t, size_t k)
{
	static const char *const suf[4] = { "st", "nd", "rd", "th" };
	if (k == 0 || !t[k - 1].is_num || t[k].n != 2 || t[k - 1].sep != t[k].w[0])
		return 0;
	for (int i = 0; i < 4; i++)
		if (strncasecmp(t[k].w, suf[i], 2) == 0)
			return 1;
	return 0;
}

static int days_in(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int valid(int y, int m, int d)
{
	if (y < 1900 || y > 2199)
		return 0;
	if (m == 0)
		return d == 0;
	if (m < 1 || m > 12)
		return 0;
	return d == 0 || (d >= 1 && d <= days_in(y, m));
}

/* Write "YYYY[-MM[-DD]]"; the caller has checked the ranges. */
static void emit(int y, int m, int d, char out[11])
{
	char *p = out;
	*p++ = (char)('0' + y / 1000);
	*p++ = (char)('0' + y / 100 % 10);
	*p++ = (char)('0' + y / 10 % 10);
	*p++ = (char)('0' + y % 10);
	if (m) {
		*p++ = '-';
		*p++ = (char)('0' + m / 10);
		*p++ = (char)('0' + m % 10);
		if (d) {
			*p++ = '-';
			*p++ = (char)('0' + d / 10);
			*p++ = (char)('0' + d % 10);
		}
	}
	*p = '\0';
}

dk_status dk_date_parse(const char *s, size_t len, char out[11])
{
	tok t[8];
	size_t nt = 0, i = 0;
	out[0] = '\0';
	if (!s)
		return DK_ERR_PARSE;
	while (i < len && nt < 8) {
		unsigned char c = (unsigned char)s[i];
		if (isdigit(c)) {
			long v = 0;
			int nd = 0;
			while (i < len && isdigit((unsigned char)s[i])) {
				if (nd < 9)
					v = v * 10 + (s[i] - '0');
				nd++;
				i++;
			}
			t[nt] = (tok){ 1, v, nd, NULL, 0, i < len ? s[i] : '\0' };
			nt++;
			/* An ISO time part ends the date. */
			if (i < len && (s[i] == 'T' || s[i] == ':') && nt >= 3)
				break;
		} else if (isalpha(c)) {
			size_t st = i;
			while (i < len && isalpha((unsigned char)s[i]))
				i++;
			t[nt] = (tok){ 0, 0, 0, s + st, i - st, i < len ? s[i] : '\0' };
			nt++;
		} else {
			i++;
		}
	}
	/* Drop weekday names and ordinal suffixes ("24th").  Other words may
	 * only follow the year ("2025 at 3:15 p.m."): before it they make the
	 * text something other than a date ("decision 2024"). */
	tok u[8];
	size_t nu = 0;
	int year_seen = 0;
	for (size_t k = 0; k < nt; k++) {
		if (t[k].is_num && (t[k].ndigits == 4 || t[k].ndigits == 8))
			year_seen = 1;
		if (!t[k].is_num && !month_of(t[k].w, t[k].n)) {
			if (!year_seen && !weekday_of(t[k].w, t[k].n) &&
			    !ordinal_suffix(t, k))
				return DK_ERR_PARSE;
			continue;
		}
		u[nu++] = t[k];
	}
	int y = 0, m = 0, d = 0;
	/* Numeric shapes. */
	if (nu >= 1 && u[0].is_num && u[0].ndigits == 8 && nu == 1) {
		y = (int)(u[0].num / 10000);
		m = (int)(u[0].num / 100 % 100);
		d = (int)(u[0].num % 100);
	} else if (nu >= 1 && u[0].is_num && u[0].ndigits == 4) {
		y = (int)u[0].num;
		if (nu >= 2 && u[1].is_num && u[1].ndigits <= 2) {
			m = (int)u[1].num;
			if (nu >= 3 && u[2].is_num && u[2].ndigits <= 2)
				d = (int)u[2].num;
		} else if (nu >= 2 && !u[1].is_num) {
			/* "2025 Jan 24" */
			m = month_of(u[1].w, u[1].n);
			if (nu >= 3 && u[2].is_num && u[2].ndigits <= 2)
				d = (int)u[2].num;
		}
	} else if (nu >= 3 && !u[0].is_num && u[1].is_num && u[2].is_num &&
		   u[1].ndigits <= 2 && u[2].ndigits == 4) {
		/* "January 24, 2025" */
		m = month_of(u[0].w, u[0].n);
		d = (int)u[1].num;
		y = (int)u[2].num;
	} else if (nu >= 3 && u[0].is_num && !u[1].is_num && u[2].is_num &&
		   u[0].ndigits <= 2 && u[2].ndigits == 4) {
		/* "24 January 2025" */
		d = (int)u[0].num;
		m = month_of(u[1].w, u[1].n);
		y = (int)u[2].num;
	} else if (nu >= 2 && !u[0].is_num && u[1].is_num && u[1].ndigits == 4) {
		/* "January 2025" */
		m = month_of(u[0].w, u[0].n);
		y = (int)u[1].num;
	} else if (nu >= 3 && u[0].is_num && u[1].is_num && u[2].is_num &&
		   u[2].ndigits == 4 && u[0].ndigits <= 2 && u[1].ndigits <= 2) {
		/* "01/24/2025" (US order) or "24/01/2025" when unambiguous. */
		m = (int)u[0].num;
		d = (int)u[1].num;
		if (m > 12 && d <= 12) {
			int x = m;
			m = d;
			d = x;
		}
		y = (int)u[2].num;
	} else {
		return DK_ERR_PARSE;
	}
	if (!valid(y, m, d))
		return DK_ERR_PARSE;
	emit(y, m, d, out);
	return DK_OK;
}

void dk_date_key(const char *norm, char out[9])
{
	out[0] = '\0';
	if (!norm)
		return;
	size_t n = strlen(norm);
	if (n != 4 && n != 7 && n != 10)
		return;
	for (size_t i = 0; i < n; i++) {
		if (i == 4 || i == 7) {
			if (norm[i] != '-')
				return;
		} else if (!isdigit((unsigned char)norm[i])) {
			return;
		}
	}
	memcpy(out, norm, 4);
	memcpy(out + 4, n >= 7 ? norm + 5 : "00", 2);
	memcpy(out + 6, n == 10 ? norm + 8 : "00", 2);
	out[8] = '\0';
}

int dk_date_precision(const char *norm)
{
	char k[9];
	dk_date_key(norm, k);
	if (!k[0])
		return 0;
	return memcmp(k + 4, "00", 2) == 0 ? 1 : memcmp(k + 6, "00", 2) == 0 ? 2 : 3;
}

/* 1..2 digits at *p, a value into *v, *p moved past them; 0 if none. */
static int small_num(const char **p, int *v)
{
	const char *s = *p;
	if (!isdigit((unsigned char)s[0]))
		return 0;
	int n = s[0] - '0', k = 1;
	if (isdigit((unsigned char)s[1])) {
		n = n * 10 + (s[1] - '0');
		k = 2;
	}
	if (isdigit((unsigned char)s[k]))
		return 0;
	*v = n;
	*p = s + k;
	return 1;
}

/* An English month abbreviation of three letters ("jun", "Sep") followed
 * by sep: its number, *p moved past it; else 0. */
static int month_abbr(const char **p, char sep)
{
	const char *s = *p;
	for (int i = 0; i < 3; i++)
		if (!isalpha((unsigned char)s[i]))
			return 0;
	if (s[3] != sep)
		return 0;
	int m = month_of(s, 3);
	if (m)
		*p = s + 3;
	return m;
}

/* Does a path segment end at p ('/', '-', '_', '.', '?', '#' or the end)? */
static int seg_end(char c)
{
	return c == '\0' || c == '/' || c == '-' || c == '_' || c == '.' ||
	       c == '?' || c == '#';
}

int dk_date_from_url(const char *url, char out[11])
{
	out[0] = '\0';
	if (!url)
		return 0;
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : url;
	int best = 0;
	for (; p && *p && *p != '?' && *p != '#'; p++) {
		if (*p != '/' && *p != '-' && *p != '_')
			continue;
		const char *y = p + 1;
		if (!((y[0] == '1' && y[1] == '9') || (y[0] == '2' && y[1] == '0')) ||
		    !isdigit((unsigned char)y[2]) || !isdigit((unsigned char)y[3]))
			continue;
		char sep = y[4];
		if (sep != '/' && sep != '-')
			continue;
		const char *q = y + 5;
		int mon = 0, day = 0;
		if (sep == '/')
			mon = month_abbr(&q, sep);
		if (!mon) {
			/* "-2025-1-24" is no slug date: '-' wants two digits. */
			const char *q0 = q;
			if (!small_num(&q, &mon) || (sep == '-' && q - q0 != 2))
				continue;
		}
		if (mon < 1 || mon > 12)
			continue;
		int year = (y[0] - '0') * 1000 + (y[1] - '0') * 100 +
			   (y[2] - '0') * 10 + (y[3] - '0');
		int prec = 0;
		if (*q == sep) {
			const char *d0 = q + 1, *dq = d0;
			if (small_num(&dq, &day) && seg_end(*dq) &&
			    (sep == '/' || dq - d0 == 2) && day >= 1 &&
			    day <= days_in(year, mon))
				prec = 3;
			else if (sep == '/' && !isdigit((unsigned char)q[1]))
				prec = 2;   /* "/2025/01/slug" */
		} else if (sep == '/' && (*q == '\0' || *q == '?' || *q == '#')) {
			prec = 2;           /* "/2025/01" */
		}
		if (prec > best) {
			emit(year, mon, prec == 3 ? day : 0, out);
			best = prec;
			if (best == 3)
				break;
		}
	}
	return best;
}
