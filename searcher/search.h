/*
 * search.h - answering a query: the library behind docket-search and
 * docket.cgi.
 *
 * dk_search() parses the query (query_parser.h), compiles it through the
 * index's own analyzer (query_compile.h), adds the ranking evidence
 * (rank.h), runs it, folds near-duplicate copies of a story (collapse on
 * the story key), loads each hit's stored article and picks its passages
 * (passage.h); on request it explains the query (explain.h), and it
 * offers a spelling suggestion when a query finds little (spelling.h).
 * The result page is plain data that the output module prints as text,
 * JSON or TREC lines.
 *
 * A document as query (--like ID, --like-file FILE) and a --plain query
 * of more than DK_LIKE_LONG_WORDS words skip the parser: like.h picks
 * the text's most discriminating terms against the index.
 *
 * A reader that finds the index changed under it (a nightly rebuild
 * published a new generation) reopens and retries, up to three times;
 * so does one whose remote shard stopped answering (a connection the
 * server closed is opened again; a shard still dead fails the search
 * with its name, or with partial answers is left out and the page says
 * "3 of 4 shards answered").
 */
#ifndef DK_SEARCH_H
#define DK_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "../common/article.h"
#include "../common/status.h"
#include "passage.h"

typedef struct dk_searcher dk_searcher;

/*
 * Open the index at dir for searching.  On failure *out is NULL and
 * *errmsg (if not NULL) a malloc'd message the caller frees; a missing
 * index gives DK_ERR_NOT_FOUND.  Close with dk_searcher_close().
 */
dk_status dk_searcher_open(const char *dir, dk_searcher **out, char **errmsg);

/* How a searcher reaches its shards (doc/scaling.md). */
typedef struct dk_searcher_opts {
	int partial;            /* answer from the shards that answer, with
				   a notice on the page, instead of failing
				   when a shard is dead or unreachable */
	double remote_timeout;  /* seconds a remote shard may take to
				   connect or answer; 0: Xapian's 10 s */
	int keep_values;        /* a long-running searcher: keep in memory
				   the value slots facets count
				   (dk_open_opts.keep_values) */
} dk_searcher_opts;

/*
 * dk_searcher_open with options.  dir may also be a stub file listing
 * local and remote shards (common/index_dir.h).  A shard that cannot be
 * opened fails the open with a message naming it, unless o->partial
 * (then at least one shard must open).
 */
dk_status dk_searcher_open_opts(const char *dir, const dk_searcher_opts *o,
				dk_searcher **out, char **errmsg);
void dk_searcher_close(dk_searcher *s);
/* The message of the last failure.  Borrowed. */
const char *dk_searcher_error(const dk_searcher *s);

typedef struct dk_search_request {
	const char *query;
	size_t query_len;
	int plain;           /* words only: no operators or fields */
	uint32_t offset;
	uint32_t limit;      /* results per page */
	int sort_date;       /* 1: newest first, -1: oldest first, 0: by
				relevance */
	int fold;            /* fold copies of a story into one result */
	uint32_t passages;   /* passages per result; 0: none (TREC runs) */
	int explain;         /* fill page->explain */
	double time_limit;   /* seconds; 0 for none */
	const struct dk_rank_params *rank;  /* ranking parameters (rank.h);
					       NULL for the defaults */
	int suggest;         /* fill page->suggestion when a query finds
				little (spelling.h) */
	int feedback;        /* pseudo-relevance feedback (rank.h): 0 for
				plain queries only (the default), 1 always,
				-1 never */
	/* Query by document (like.h); when set, query is only the label
	 * the page shows ("like:ID" when NULL with like_id): */
	const char *like_id;     /* an indexed article's id */
	const char *like_text;   /* any text (a judgment, a complaint) */
	size_t like_len;
	uint32_t like_terms;     /* terms to keep; 0: DK_LIKE_TERMS */
	/* Counts over the whole match set (facets.h): */
	unsigned facets;         /* DK_FACET_* bits; 0 for none */
	uint32_t facet_values;   /* values per facet, most frequent first;
				    0: DK_FACET_VALUES */
	int histogram;           /* DK_HIST_*: matches per day, week, month
				    or year; DK_HIST_NONE (0) for none */
	int match_ids;           /* fill page->ids with the id of every
				    matching article (alerts.h) */
	const char *const *only_ids;  /* when nonly_ids: match only the
					 articles of these ids */
	size_t nonly_ids;
} dk_search_request;

/* Defaults: 10 results, folding on, 1 passage, spelling suggestions,
 * default ranking. */
void dk_search_request_init(dk_search_request *req);

typedef struct dk_also {
	char *id, *source, *url;  /* malloc'd; may be NULL */
} dk_also;

typedef struct dk_hit {
	dk_article art;       /* the stored article */
	double score;
	dk_passage *passages;
	size_t npassages;
	dk_also *also;        /* folded copies (up to 10) */
	size_t nalso;
	uint64_t also_total;  /* how many copies were folded in all */
} dk_hit;

/* One value of a facet or one bar of a histogram. */
typedef struct dk_facet_value {
	char *value;          /* malloc'd: "Reuters", "2025-01", ... */
	uint64_t count;       /* matching articles */
} dk_facet_value;

typedef struct dk_facet {
	const char *name;     /* "source", "year", ... (static); for the
				 histogram its unit ("week") */
	dk_facet_value *v;    /* most frequent first (the histogram: in
				 time order, every bucket with a match) */
	size_t n;
} dk_facet;

/*
 * The distinct sources of h's listed copies (dk_also.source, else its id),
 * other than h's own source, in the order listed: up to cap of them into
 * names (borrowed from h).  *same receives how many listed copies come
 * from h's own source, *covered how many listed copies the names and
 * *same account for (copies of sources past the cap-th are not).  Returns the
 * number of names.  "Also carried by" names each source once.
 */
size_t dk_hit_also_sources(const dk_hit *h, const char **names, size_t cap,
			   size_t *same, size_t *covered);

typedef struct dk_result_page {
	char *query;          /* the query as given */
	uint64_t total;       /* estimated matching results */
	int total_exact;      /* 1 when total is a count, not an estimate
				 (Xapian's bounds agree) */
	uint64_t total_min;   /* results known to exist (Xapian's lower
				 bound; == total when exact): page links
				 never go past it */
	uint32_t offset;
	uint32_t limit;       /* the page size asked for (0: counts only) */
	char *suggestion;     /* "did you mean", or NULL */
	char *explain;        /* how the query was read, or NULL */
	char *warning;        /* a note on the query (cut expansion, shards
				 that did not answer), or NULL */
	uint32_t shards;      /* shards of the index */
	uint32_t shards_answered;  /* of which answered (< shards only with
				      dk_searcher_opts.partial) */
	dk_hit *hits;
	size_t nhits;
	dk_facet *facets;     /* the facets asked for, in DK_FACET_* order */
	size_t nfacets;
	dk_facet *histogram;  /* or NULL */
	char **ids;           /* with req->match_ids: every matching
				 article's id, in byte order (malloc'd) */
	size_t nids;
} dk_result_page;

/*
 * Run req.  *out is a new page the caller frees with dk_result_page_free().
 * An empty or unsearchable query gives a page with no hits, not an error;
 * a like_id no article has gives DK_ERR_NOT_FOUND.
 */
dk_status dk_search(dk_searcher *s, const dk_search_request *req,
		    dk_result_page **out);
void dk_result_page_free(dk_result_page *p);

/* ---- one article (docket-search --show ID, docket.cgi?id=ID) ---------- */

typedef struct dk_article_view {
	dk_article art;       /* the stored article */
	dk_passage whole;     /* the whole text, the query's matches
				 highlighted (none without a query) */
	dk_passage *passages; /* the passage that best answers the query (at
				 most one; none without a query) */
	size_t npassages;
	dk_also *also;        /* other copies of its story (up to 10) */
	size_t nalso;
	uint64_t also_total;  /* how many copies the index holds */
} dk_article_view;

/*
 * The article whose id is id, with query[0..query_len) (may be empty)
 * highlighted in its text: *out is new, the caller frees it with
 * dk_article_view_free().  No article with that id gives DK_ERR_NOT_FOUND.
 */
dk_status dk_search_show(dk_searcher *s, const char *id, const char *query,
			 size_t query_len, dk_article_view **out);
void dk_article_view_free(dk_article_view *v);

#endif
