/*
 * query_date.c - the RANGE of a "date:" query atom (see query_date.h).
 *
 * A date is read as typed with its precision (year, month or day): the
 * first and last days it covers bound the range, and ">" / "<" step past
 * everything it covers (">2024" starts on 2025-01-01).  Days must exist
 * in the Gregorian calendar (leap years included); a month's last day is
 * written as its 31st (see date_last).
 */
#include "query_date.h"

#include <string.h>

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* A calendar date as typed: prec 1 = year, 2 = month, 3 = day. */
struct ymd {
	int y, m, d, prec;
};

static int days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

/* Read 1 or 2 digits at s[*i..n) into *v. */
static int digits12(const char *s, size_t n, size_t *i, int *v)
{
	size_t k = 0;

	*v = 0;
	while (*i < n && k < 2 && is_digit((unsigned char)s[*i])) {
		*v = *v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k > 0;
}

/*
 * YYYY, YYYY-M[M], YYYY-M[M]-D[D] (or '/' for '-'), YYYYMM, YYYYMMDD.
 * The month and day must exist: 2025-02-30 is not a date.
 */
static int parse_ymd(const char *s, size_t n, struct ymd *out)
{
	size_t i;

	if (n < 4)
		return 0;
	memset(out, 0, sizeof *out);
	for (i = 0; i < 4; i++) {
		if (!is_digit((unsigned char)s[i]))
			return 0;
		out->y = out->y * 10 + (s[i] - '0');
	}
	out->prec = 1;
	if ((n == 6 || n == 8) && is_digit((unsigned char)s[4])) {
		for (i = 4; i < n; i++)
			if (!is_digit((unsigned char)s[i]))
				return 0;
		out->m = (s[4] - '0') * 10 + (s[5] - '0');
		out->prec = 2;
		if (n == 8) {
			out->d = (s[6] - '0') * 10 + (s[7] - '0');
			out->prec = 3;
		}
	} else if (n > 4) {
		if (s[4] != '-' && s[4] != '/')
			return 0;
		i = 5;
		if (!digits12(s, n, &i, &out->m))
			return 0;
		out->prec = 2;
		if (i < n) {
			if (s[i] != '-' && s[i] != '/')
				return 0;
			i++;
			if (!digits12(s, n, &i, &out->d) || i != n)
				return 0;
			out->prec = 3;
		}
	}
	if (out->prec >= 2 && (out->m < 1 || out->m > 12))
		return 0;
	if (out->prec == 3 && (out->d < 1 || out->d > days_in_month(out->y, out->m)))
		return 0;
	return 1;
}

/* "YYYYMMDD"; 0 when the year left 0..9999. */
static int fmt_date(char out[9], int y, int m, int d)
{
	if (y < 0 || y > 9999)
		return 0;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = (char)('0' + m / 10);
	out[5] = (char)('0' + m % 10);
	out[6] = (char)('0' + d / 10);
	out[7] = (char)('0' + d % 10);
	out[8] = '\0';
	return 1;
}

/* The first day a date covers. */
static int date_first(const struct ymd *a, char out[9])
{
	return fmt_date(out, a->y, a->prec >= 2 ? a->m : 1, a->prec == 3 ? a->d : 1);
}

/*
 * The last day a date covers.  A month ends on its 31st whatever its
 * length: the range is compared as strings, and no real date falls
 * between the month's true last day and "31".
 */
static int date_last(const struct ymd *a, char out[9])
{
	return fmt_date(out, a->y, a->prec >= 2 ? a->m : 12, a->prec == 3 ? a->d : 31);
}

/* The first day after everything the date covers (for '>'). */
static int date_after(const struct ymd *a, char out[9])
{
	int y = a->y, m = a->m, d = a->d;

	if (a->prec == 1)
		return fmt_date(out, y + 1, 1, 1);
	if (a->prec == 3 && d < days_in_month(y, m))
		return fmt_date(out, y, m, d + 1);
	return m == 12 ? fmt_date(out, y + 1, 1, 1) : fmt_date(out, y, m + 1, 1);
}

/* The last day before everything the date covers (for '<'). */
static int date_before(const struct ymd *a, char out[9])
{
	int y = a->y, m = a->m, d = a->d;

	if (a->prec == 1)
		return fmt_date(out, y - 1, 12, 31);
	if (a->prec == 3 && d > 1)
		return fmt_date(out, y, m, d - 1);
	if (m == 1)
		return fmt_date(out, y - 1, 12, 31);
	return fmt_date(out, y, m - 1, a->prec == 3 ? days_in_month(y, m - 1) : 31);
}

int dk_query_date_range(const char *s, size_t n, char lo[9], char hi[9])
{
	struct ymd a, b;
	size_t i;

	lo[0] = hi[0] = '\0';
	if (n >= 1 && (s[0] == '>' || s[0] == '<')) {
		int eq = n >= 2 && s[1] == '=';
		size_t k = eq ? 2 : 1;
		if (!parse_ymd(s + k, n - k, &a))
			return 0;
		if (s[0] == '>')
			return eq ? date_first(&a, lo) : date_after(&a, lo);
		return eq ? date_last(&a, hi) : date_before(&a, hi);
	}
	for (i = 0; i + 1 < n; i++)
		if (s[i] == '.' && s[i + 1] == '.')
			break;
	if (i + 1 >= n)
		return parse_ymd(s, n, &a) && date_first(&a, lo) && date_last(&a, hi);
	if (i == 0 && n == 2)
		return 0;
	if (i > 0 && !(parse_ymd(s, i, &a) && date_first(&a, lo)))
		return 0;
	if (i + 2 < n && !(parse_ymd(s + i + 2, n - i - 2, &b) && date_last(&b, hi)))
		return 0;
	if (lo[0] && hi[0] && strcmp(lo, hi) > 0) {
		if (!date_first(&b, lo) || !date_last(&a, hi))
			return 0;
	}
	return 1;
}
