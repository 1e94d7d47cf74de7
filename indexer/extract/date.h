/*
 * date.h - publication dates in the forms news dumps use.
 *
 * Accepted: ISO 8601 ("2025-01-24", "2025-01-24T10:00:00Z", "2025-01"),
 * "2025/01/24", "20250124", a bare year ("2025"), "January 24, 2025",
 * "Jan. 24, 2025", "24 January 2025", "Friday, January 24, 2025", RFC 1123
 * ("Fri, 24 Jan 2025 10:00:00 GMT").  Years 1900..2199 only: a number
 * outside that range is not a year.  Other words may follow the date (a
 * time, "at 3 p.m.") but not precede it: "decision 2024" is no date.  The
 * result is normalized to "YYYY-MM-DD", "YYYY-MM" or "YYYY".
 */
#ifndef DK_DATE_H
#define DK_DATE_H

#include <stddef.h>

#include "../../common/status.h"

/* Parse s[0..len) into out ("YYYY-MM-DD\0" at most).  DK_ERR_PARSE when
 * it is no date; out is then "". */
dk_status dk_date_parse(const char *s, size_t len, char out[11]);

/*
 * The date written in a URL's path, for pages that carry none: the
 * shapes news sites use for their archives, "/2025/01/24/", "/2023/11/9/"
 * (one-digit month and day), "/2019/jun/17/" (an English month
 * abbreviation), "-2025-01-24" in a slug, and "/2025/01/" (a month: the
 * path goes on with a slug, never with a number that could be a day).
 * A year alone ("/2018/indaba/") is not taken: too many paths name a
 * year that is not a publication date.  Years 1900..2099.  out receives
 * "YYYY-MM-DD" or "YYYY-MM"; returns its precision: 3 (day), 2 (month) or
 * 0 when the URL holds no date (out is then "").
 */
int dk_date_from_url(const char *url, char out[11]);

/* The precision of a normalized date: 3 "YYYY-MM-DD", 2 "YYYY-MM",
 * 1 "YYYY", 0 anything else. */
int dk_date_precision(const char *norm);

/* The sortable value of a normalized date: "YYYYMMDD" with "00" for an
 * unknown month or day.  out is "" for an empty or malformed date. */
void dk_date_key(const char *norm, char out[9]);

#endif
