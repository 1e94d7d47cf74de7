/*
 * docket_int.h - what Docket's own programs see behind libdocket's
 * handles (docket.h): the searcher, request, page and article view that
 * each handle wraps.
 *
 * Prefix: dk_docket.
 *
 * docket-search runs every search through docket_search() and
 * docket_article_get(); these accessors let it set what the public API does
 * not offer (ranking experiments, query by document, alerts) and print
 * the results in its text, CSV and TREC formats (output.h).  They are not
 * exported from libdocket.so (docket.map) and not installed.
 */
#ifndef DK_DOCKET_INT_H
#define DK_DOCKET_INT_H

#include "docket.h"
#include "search.h"

/* The searcher behind ix (borrowed; closed by docket_index_close). */
dk_searcher *dk_docket_searcher(docket_index *ix);

/* The request behind req, which the caller may change (borrowed).  Strings
 * it is given must outlive the searches that use them. */
dk_search_request *dk_docket_request(docket_request *req);

/* The page behind res / the view behind a (borrowed). */
const dk_result_page *dk_docket_page(const docket_results *res);
const dk_article_view *dk_docket_view(const docket_article *a);

#endif
