/*
 * query_date.h - the RANGE of a "date:" query atom, as query_parser.h
 * describes it: D, A..B (either side may be empty, not both; a reversed
 * range is swapped), >D, >=D, <D, <=D, where D is YYYY, YYYY-MM,
 * YYYY-MM-DD ('/' also separates; one-digit month and day accepted),
 * YYYYMM or YYYYMMDD.
 */
#ifndef DK_QUERY_DATE_H
#define DK_QUERY_DATE_H

#include <stddef.h>

/*
 * Read s[0..n) (the text after "date:") as a RANGE; lo and hi receive
 * its inclusive bounds as "YYYYMMDD", "" for an open side.  Returns 1 for
 * a range, 0 for anything else (a day or month that does not exist, a
 * year outside 0..9999, other text), which the parser reads as a word.
 */
int dk_query_date_range(const char *s, size_t n, char lo[9], char hi[9]);

#endif
