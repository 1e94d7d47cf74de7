/*
 * facets.h - counts over a query's whole match set: facets (matching
 * articles per source, site, author, year, month, day, court, party and
 * case) and histograms (matching articles per day, week, month or year),
 * counted by the shim's match spies (xapian_shim.h, dk_spy) over the
 * facet slot and the date slot (common/fields.h): two value reads per
 * match, whatever the facets asked.
 *
 * Counts are of articles, copies of a folded story each counted; a date
 * known only to the year counts in the year facet and the yearly
 * histogram only (to the month: not in days or weeks).  Weeks start on
 * Monday and are named by that day ("2025-01-20").
 */
#ifndef DK_FACETS_H
#define DK_FACETS_H

#include <stddef.h>

#include "../common/status.h"
#include "../shims/xapian_shim.h"
#include "search.h"

enum dk_facet_kind {
	DK_FACET_SOURCE = 1u << 0,
	DK_FACET_SITE   = 1u << 1,
	DK_FACET_AUTHOR = 1u << 2,
	DK_FACET_YEAR   = 1u << 3,
	DK_FACET_MONTH  = 1u << 4,
	DK_FACET_DAY    = 1u << 5,
	DK_FACET_COURT  = 1u << 6,
	DK_FACET_PARTY  = 1u << 7,
	DK_FACET_CASE   = 1u << 8
};
#define DK_FACET_ALL 0x1ffu
#define DK_FACET_VALUES 10

enum { DK_HIST_NONE = 0, DK_HIST_DAY, DK_HIST_WEEK, DK_HIST_MONTH,
       DK_HIST_YEAR };

/*
 * Parse a comma-separated list of facet names (source, site, author,
 * year, month, day, date (= year, month and day), court, party, case,
 * all) into *mask.  DK_ERR_INVALID names the first unknown one in *bad
 * (borrowed from list, *bad_len bytes).
 */
dk_status dk_facets_parse(const char *list, unsigned *mask, const char **bad,
			  size_t *bad_len);
/* "day", "week", "month", "year" -> DK_HIST_*; -1 when unknown. */
int dk_facets_histogram_parse(const char *unit);
/* The name of a facet bit / a histogram unit. */
const char *dk_facets_name(unsigned kind);
const char *dk_facets_histogram_name(int unit);
/* The query field a facet value narrows by ("source", "date", "court",
 * ...): what a facet link adds to the query. */
const char *dk_facets_field(unsigned kind);

/* A spy for what req asks (facets and histogram); *out NULL when it asks
 * for neither.  With extra (may be NULL), the spy also counts that spec,
 * as its spec number *extra_at, after the ones req asks for (one pass
 * over the match counts both).  The caller frees it with dk_spy_free(). */
dk_status dk_facets_spy(const dk_search_request *req,
			const dk_spy_spec *extra, size_t *extra_at,
			dk_spy **out);

/* Fill page->facets and page->histogram from spy after the search. */
dk_status dk_facets_collect(const dk_search_request *req, const dk_spy *spy,
			    dk_result_page *page);

/* Free a page's facets and histogram (dk_result_page_free calls it). */
void dk_facets_free(dk_result_page *page);

#endif
