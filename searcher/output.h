/*
 * output.h - printing a result page: text for people, JSON and TREC runs
 * for scripts.  The JSON document is the one doc/output.md fixes; docket.cgi
 * serves the same bytes.
 */
#ifndef DK_OUTPUT_H
#define DK_OUTPUT_H

#include <stdio.h>

#include "../common/status.h"
#include "search.h"

typedef enum dk_mark_style {
	DK_MARK_PLAIN,  /* **word** */
	DK_MARK_ANSI    /* bold on a terminal */
} dk_mark_style;

/* Human-readable results. */
dk_status dk_output_text(FILE *f, const dk_result_page *p, dk_mark_style st);

/* The JSON document of doc/output.md, as a malloc'd string the caller frees. */
dk_status dk_output_json_string(const dk_result_page *p, char **out);
dk_status dk_output_json(FILE *f, const dk_result_page *p);

/* TREC run lines "qid Q0 docid rank score tag" (rank from offset + 1). */
dk_status dk_output_trec(FILE *f, const dk_result_page *p, const char *qid,
			 const char *tag);

/* The entities of an article (cases, parties, courts, statutes, cves) as
 * one line of text, or nothing when it names none. */
void dk_output_entities_text(FILE *f, const dk_article *a);

/* The same as the JSON object {"cases":[..],...} of doc/output.md: a new
 * reference (jansson's json_t) the caller owns, NULL when out of memory. */
struct json_t;
struct json_t *dk_output_entities_json(const dk_article *a);

/* One article (dk_search_show): its fields, entities, best passage, the
 * whole stored text with the query's matches marked, its other copies. */
dk_status dk_output_article_text(FILE *f, const dk_article_view *v,
				 dk_mark_style st);
/* The same as the JSON object of doc/output.md ("The article"); *out is
 * malloc'd, the caller frees it. */
dk_status dk_output_article_json_string(const dk_article_view *v, char **out);

/* CSV rows (RFC 4180, CRLF) id,date,source,title,url,score,passage, the
 * header line first when header is nonzero. */
dk_status dk_output_csv(FILE *f, const dk_result_page *p, int header);

/* Facets as "name: value (count), ..." lines and the histogram as a
 * table with bars (nothing when the page has neither). */
dk_status dk_output_facets_text(FILE *f, const dk_result_page *p);
/* Add "facets" and "histogram" (doc/output.md) to the JSON object o when
 * the page has them; -1 when out of memory. */
int dk_output_facets_json(const dk_result_page *p, struct json_t *o);
/* The histogram as CSV rows UNIT,count (RFC 4180, CRLF). */
dk_status dk_output_histogram_csv(FILE *f, const dk_result_page *p,
				  int header);

#endif
