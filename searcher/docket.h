/*
 * docket.h - libdocket, the public C API of Docket's searcher: open an
 * index, run a query, read the ranked articles, their passages and
 * highlights, the counts over the whole match set, and single articles.
 *
 * Prefix: docket_hit, docket_search, docket_version (the rest are named
 * after the header's types; the installed API says docket_ where the rest
 * of the tree says dk_).
 *
 * This header is installed as <docket.h> and is the only one a program
 * using the library includes; link with `pkg-config --libs docket`
 * (-ldocket).  It needs only <stddef.h> and <stdint.h> and compiles as C
 * and C++.  The shared library exports the docket_* functions below and
 * nothing else (docket.map); docket(3) is the manual.
 *
 * Conventions, the same throughout:
 *   - Functions that can fail return a docket_status; DOCKET_OK is zero,
 *     so `if (st)` reads "if it failed".  Outputs come last; on failure
 *     they are set to NULL.  docket_status_str() names a status.
 *   - A long-lived handle (docket_index, docket_request) keeps the message
 *     of its last failure, read with docket_index_error() /
 *     docket_request_error().  docket_index_open() has no handle yet, so
 *     it hands its message back through an optional char ** that the
 *     caller frees with free(3).
 *   - Returned strings are borrowed from the handle they came from, valid
 *     until that handle is freed, unless the comment says "malloc'd".
 *     Text travels as pointer + length where it is not NUL-terminated
 *     (passages, an article's text).
 *   - Bad arguments (NULL handles, an index past the end, an unknown facet
 *     name) give DOCKET_ERR_INVALID, or NULL / 0 from a getter; the
 *     library never aborts, exits or prints.
 *   - Handles are not shared between threads at once; distinct handles
 *     may be used from distinct threads.
 */
#ifndef DOCKET_H
#define DOCKET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DOCKET_VERSION_MAJOR 0
#define DOCKET_VERSION_MINOR 1
#define DOCKET_VERSION_PATCH 0

/* What a function did.  The values are stable (part of the ABI). */
typedef enum docket_status {
	DOCKET_OK = 0,
	DOCKET_ERR_NOMEM,       /* an allocation failed */
	DOCKET_ERR_IO,          /* a file could not be read */
	DOCKET_ERR_PARSE,       /* malformed input */
	DOCKET_ERR_TOO_BIG,     /* an input over a size limit */
	DOCKET_ERR_NOT_FOUND,   /* no such index or article */
	DOCKET_ERR_INVALID,     /* an argument the caller should not pass */
	DOCKET_ERR_DB,          /* the index engine (Xapian) failed */
	DOCKET_ERR_DB_CORRUPT,  /* the index is damaged */
	DOCKET_ERR_DB_LOCKED,   /* the index is locked */
	DOCKET_ERR_DB_MODIFIED, /* the index changed too often during a
				   search (the library already retried) */
	DOCKET_ERR_DB_VERSION,  /* an index format this build cannot read */
	DOCKET_ERR_TIMEOUT,     /* the time limit cut the search short */
	DOCKET_ERR_BUSY,        /* another process holds a lock */
	DOCKET_ERR_NETWORK,     /* a remote shard did not answer */
	DOCKET_ERR_INTERNAL     /* a bug in the library */
} docket_status;

/* A short English description of st ("not found", ...).  Never
 * NULL; a constant, not to be freed. */
const char *docket_status_str(docket_status st);

/* The library's version, "0.1.0" (of the library actually loaded, which
 * may differ from DOCKET_VERSION_* of the header compiled against).  A
 * constant. */
const char *docket_version(void);

/* ---- the index ------------------------------------------------------- */

typedef struct docket_index docket_index;

/* docket_index_open_with() flags. */
enum docket_open_flags {
	DOCKET_OPEN_PARTIAL = 1u << 0, /* a stub listing several shards:
					  answer from the shards that open or
					  answer, and say so in the results'
					  warning, instead of failing */
	DOCKET_OPEN_RESIDENT = 1u << 1 /* the handle serves many searches
					  (a long-running process): keep in
					  memory the values facets and
					  timelines count, loaded on first use
					  (4 bytes per article and counted
					  value); the same results, with less
					  CPU per faceted search when every
					  shard is local */
};

/*
 * Open the index at path for searching: a directory made by docket-index,
 * or a stub file listing local and remote shards (docket-index(1)).
 * On success *out is a new handle the caller closes with
 * docket_index_close().  On failure *out is NULL and, when errmsg is not
 * NULL, *errmsg is a malloc'd message naming the cause, which the caller
 * frees with free(3) (it may be NULL when out of memory).  A path with no
 * index gives DOCKET_ERR_NOT_FOUND; a NULL or empty path
 * DOCKET_ERR_INVALID.
 */
docket_status docket_index_open(const char *path, docket_index **out,
				char **errmsg);

/*
 * docket_index_open() with DOCKET_OPEN_* flags and the seconds a remote
 * shard may take to connect or answer (0: Xapian's default, 10 s).  A
 * negative or non-finite timeout, or an unknown flag, gives
 * DOCKET_ERR_INVALID.
 */
docket_status docket_index_open_with(const char *path, unsigned flags,
				     double remote_timeout, docket_index **out,
				     char **errmsg);

/* Close ix and free everything it holds.  NULL is a no-op. */
void docket_index_close(docket_index *ix);

/* The message of ix's last failure ("" when none).  Borrowed from ix, valid
 * until the next call on ix.  Never NULL. */
const char *docket_index_error(const docket_index *ix);

/* ---- a search request ------------------------------------------------ */

typedef struct docket_request docket_request;

/* The order of the results. */
typedef enum docket_sort {
	DOCKET_SORT_RELEVANCE = 0,
	DOCKET_SORT_NEWEST,     /* by date, newest first (undated last) */
	DOCKET_SORT_OLDEST      /* by date, oldest first (undated last) */
} docket_sort;

/*
 * A new request with the defaults of docket-search: no query yet, 10
 * results from the first, ranked by relevance, copies of a story folded
 * into one result, one passage per result, no facets, no time limit.
 * The caller frees it with docket_request_free().  A request may be
 * reused for any number of searches, on any index.
 */
docket_status docket_request_new(docket_request **out);
void docket_request_free(docket_request *req);

/* The message of req's last failed setter ("" when none).  Borrowed;
 * never NULL. */
const char *docket_request_error(const docket_request *req);

/*
 * The query, q[0..len) in UTF-8, in docket's query language
 * (docket-search(1): words, "phrases", +required, -excluded, AND OR NOT,
 * field:value, date ranges).  The request keeps a copy.  An empty query is
 * allowed and finds nothing.
 */
docket_status docket_request_set_query(docket_request *req, const char *q,
				       size_t len);
/* Nonzero: read the query as plain words, no operators or fields (what a
 * search box sends).  Default 0. */
docket_status docket_request_set_plain(docket_request *req, int plain);
/* The page: skip offset results (at most 10,000,000), return up to limit
 * (at most 100,000; 0 counts only). */
docket_status docket_request_set_page(docket_request *req, uint32_t offset,
				      uint32_t limit);
docket_status docket_request_set_sort(docket_request *req, docket_sort sort);
/* Nonzero (the default): fold copies of one story into one result. */
docket_status docket_request_set_fold(docket_request *req, int fold);
/* Passages per result, 0 to 100 (default 1). */
docket_status docket_request_set_passages(docket_request *req, uint32_t n);
/* Bound a search to secs seconds (0, the default: none): Xapian's match
 * stops early, and the hits left when the time is up come without
 * passages, the results' warning saying so. */
docket_status docket_request_set_time_limit(docket_request *req,
					    double secs);
/*
 * Counts over the whole match set: list is a comma-separated list of
 * source, site, author, year, month, day, date (year, month and day),
 * court, party, case, or "all"; NULL or "" for none.  values: values per
 * facet, most frequent first (0: 10).  An unknown name gives
 * DOCKET_ERR_INVALID and a message naming it.
 */
docket_status docket_request_set_facets(docket_request *req,
					const char *list, uint32_t values);
/* Matching articles per "day", "week", "month" or "year"; NULL for none.
 * Anything else gives DOCKET_ERR_INVALID. */
docket_status docket_request_set_histogram(docket_request *req,
					   const char *unit);

/* ---- searching and the results -------------------------------------- */

typedef struct docket_results docket_results;

/*
 * Run req on ix.  On success *out is a new result set the caller frees
 * with docket_results_free(); it does not refer to ix or req, which may
 * be closed or changed while it lives.  On failure *out is NULL and
 * docket_index_error(ix) says why.  A query that cannot match (empty,
 * only stopwords) gives results with no hits, not an error.  A reader
 * that finds the index republished under it reopens it and retries.
 */
docket_status docket_search(docket_index *ix, const docket_request *req,
			    docket_results **out);
void docket_results_free(docket_results *res);

/* Matching results (copies folded) in the whole index; *exact (may be
 * NULL) is 1 when that is a count, 0 when it is Xapian's estimate. */
uint64_t docket_results_total(const docket_results *res, int *exact);
/* The number of hits in this page (0 .. limit). */
size_t docket_results_count(const docket_results *res);
/* The query as given; "did you mean" for a query that found little (or
 * NULL); a note on how the query was read or on shards that did not answer
 * (or NULL).  Borrowed from res. */
const char *docket_results_query(const docket_results *res);
const char *docket_results_suggestion(const docket_results *res);
const char *docket_results_warning(const docket_results *res);

/*
 * The results as the JSON document of docket-search --json (doc/output.md
 * and doc/output.schema.json): *out is a malloc'd NUL-terminated string
 * the caller frees with free(3).
 */
docket_status docket_results_json(const docket_results *res, char **out);

/* A stored field of an article. */
typedef enum docket_field {
	DOCKET_FIELD_ID = 0,   /* its unique id (docket_article_get) */
	DOCKET_FIELD_URL,
	DOCKET_FIELD_TITLE,
	DOCKET_FIELD_SOURCE,   /* publication, else the URL's host */
	DOCKET_FIELD_SITE,     /* the URL's host without "www." */
	DOCKET_FIELD_DATE,     /* "YYYY-MM-DD", "YYYY-MM" or "YYYY" */
	DOCKET_FIELD_AUTHOR,
	DOCKET_FIELD_LANG,     /* ISO 639-1 */
	/* The entities found in the text, each a list of values separated by
	 * '\n' (NULL when none): */
	DOCKET_FIELD_CASES,    /* docket numbers: "25-00709" */
	DOCKET_FIELD_PARTIES,  /* "LinkedIn Corp" */
	DOCKET_FIELD_COURTS,
	DOCKET_FIELD_STATUTES,
	DOCKET_FIELD_CVES
} docket_field;

/*
 * Hit i (0 <= i < docket_results_count(), best first): a field of its
 * article (NULL when the article lacks it or the arguments are out of
 * range), borrowed from res.  The shortcuts name the common fields.
 */
const char *docket_hit_field(const docket_results *res, size_t i,
			     docket_field f);
const char *docket_hit_id(const docket_results *res, size_t i);
const char *docket_hit_title(const docket_results *res, size_t i);
const char *docket_hit_source(const docket_results *res, size_t i);
const char *docket_hit_date(const docket_results *res, size_t i);
const char *docket_hit_url(const docket_results *res, size_t i);
/* Its relevance score (0 when sorted by date or out of range). */
double docket_hit_score(const docket_results *res, size_t i);
/* How many other copies of its story were folded into it. */
uint64_t docket_hit_copies(const docket_results *res, size_t i);

/* Its passages (0 .. the request's passages), best first. */
size_t docket_hit_passage_count(const docket_results *res, size_t i);
/*
 * Passage p of hit i: *text points at its *len bytes of UTF-8, borrowed
 * from res and not NUL-terminated; *paragraph (may be NULL) is its
 * paragraph of the article, numbered from 1.
 */
docket_status docket_hit_passage(const docket_results *res, size_t i,
				 size_t p, const char **text, size_t *len,
				 size_t *paragraph);
/* The query's matches in passage p: how many, and match k's byte range
 * [*start, *end) relative to the passage's text, in order. */
size_t docket_hit_highlight_count(const docket_results *res, size_t i,
				  size_t p);
docket_status docket_hit_highlight(const docket_results *res, size_t i,
				   size_t p, size_t k, size_t *start,
				   size_t *end);

/*
 * Facets (docket_request_set_facets), in the order source, site, author,
 * year, month, day, court, party, case: how many, facet f's name
 * ("source"), its number of values, and value v (most frequent first) with
 * *count (may be NULL) the matching articles that have it.  Strings are
 * borrowed from res; NULL / 0 out of range.
 */
size_t docket_results_facet_count(const docket_results *res);
const char *docket_results_facet_name(const docket_results *res, size_t f);
size_t docket_results_facet_value_count(const docket_results *res, size_t f);
const char *docket_results_facet_value(const docket_results *res, size_t f,
				       size_t v, uint64_t *count);

/*
 * The histogram (docket_request_set_histogram): its unit ("month") or
 * NULL when none was asked for; its bars in time order (every bucket with
 * a match); bar b's label ("2025-01"; weeks by their Monday) with *count
 * (may be NULL) its matching articles.
 */
const char *docket_results_histogram_unit(const docket_results *res);
size_t docket_results_histogram_count(const docket_results *res);
const char *docket_results_histogram_bar(const docket_results *res,
					 size_t b, uint64_t *count);

/* ---- one article ----------------------------------------------------- */

typedef struct docket_article docket_article;

/*
 * The stored article whose id is id, with the matches of query[0..len) (in
 * the query language; len 0 for none) marked in its text.  *out is new;
 * the caller frees it with docket_article_free().  No article with that id
 * gives DOCKET_ERR_NOT_FOUND; a failure's message is on ix.
 */
docket_status docket_article_get(docket_index *ix, const char *id,
				 const char *query, size_t len,
				 docket_article **out);
void docket_article_free(docket_article *a);

/* A field (NULL when absent), borrowed from a. */
const char *docket_article_field(const docket_article *a, docket_field f);
/* The whole stored text, paragraphs separated by '\n': *len bytes,
 * borrowed from a (NUL-terminated; NULL with *len 0 when none). */
const char *docket_article_text(const docket_article *a, size_t *len);
/* The query's matches in the text: how many, and match k's byte range. */
size_t docket_article_highlight_count(const docket_article *a);
docket_status docket_article_highlight(const docket_article *a, size_t k,
				       size_t *start, size_t *end);
/* The article as the JSON object of docket-search --show --json
 * (doc/output.md, "The article"): *out is malloc'd, freed with free(3). */
docket_status docket_article_json(const docket_article *a, char **out);

#ifdef __cplusplus
}
#endif

#endif
