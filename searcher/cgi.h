/*
 * cgi.h - docket.cgi: answering one HTTP request through CGI (RFC 3875).
 *
 * The request arrives as a few environment variables (REQUEST_METHOD,
 * QUERY_STRING) plus DOCKET_INDEX, which the web server's configuration
 * sets.  They are passed in a dk_cgi_request so that tests can build a
 * request without a server or an environment; dk_cgi_handle() turns it into
 * the complete CGI response (a Status line, the headers, a blank line and
 * the body) in a buffer, which cgi_main.c writes to standard output.
 *
 *   GET docket.cgi                       the search form
 *   GET docket.cgi?q=Q[&page=N][&n=N][&sort=date|relevance][&format=json]
 *                                        the results page, or the JSON
 *                                        document of `docket-search --json`
 *   GET docket.cgi?q=Q&format=atom        an Atom feed (RFC 4287) of the
 *                                        newest matches
 *   GET docket.cgi?id=ID[&q=Q][&format=json]
 *                                        the stored article, Q's matches
 *                                        marked (`docket-search --show`)
 *
 * Contract (doc/http.md):
 *   - GET and HEAD only; any other method is 405 with "Allow: GET, HEAD".
 *     HEAD gets exactly the headers GET would, Content-Length included.
 *   - Parameters: q at most DK_CGI_MAX_Q bytes, n in 1..DK_CGI_MAX_N,
 *     page in 1..DK_CGI_MAX_PAGE; an empty value means the default.  Bad
 *     percent-encoding, invalid UTF-8 or a value out of range is 400 with a
 *     one-line reason.  Unknown parameters are ignored; of a repeated
 *     parameter the first counts.
 *   - The index is req->index_dir (DOCKET_INDEX) and nothing else; a
 *     missing or unreadable index is 503.  Failure details go to req->log
 *     (the server's error log), never into the response.
 *   - Every response has Content-Type with a charset, Cache-Control,
 *     Content-Length, X-Content-Type-Options and a Content-Security-Policy
 *     that allows no script at all and only the page's own inline style
 *     (by hash).
 *   - Everything echoed in HTML is escaped; only http and https article
 *     URLs become links.
 */
#ifndef DK_CGI_H
#define DK_CGI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../common/buf.h"
#include "../common/status.h"

#define DK_CGI_MAX_Q 1024          /* bytes of the decoded query */
#define DK_CGI_MAX_N 100           /* results per page */
#define DK_CGI_MAX_PAGE 1000
#define DK_CGI_DEFAULT_N 10
#define DK_CGI_MAX_QUERY_STRING 8192  /* bytes of the raw QUERY_STRING */
#define DK_CGI_TIME_LIMIT 2.0      /* seconds of matching per search */

struct docket_index;
struct dk_cgi_templates_cache;

/* One request: borrowed strings, any of which may be NULL. */
typedef struct dk_cgi_request {
	const char *method;        /* REQUEST_METHOD; NULL is taken as GET */
	const char *query_string;  /* QUERY_STRING; NULL is empty */
	const char *index_dir;     /* DOCKET_INDEX; NULL or "" is not configured */
	double time_limit;         /* seconds of matching; 0 for none */
	FILE *log;                 /* failure details for the operator, or NULL */
	int partial;               /* DOCKET_PARTIAL=1: answer from the shards
				      that answer, with a notice */
	struct docket_index *ix;   /* an open index of index_dir (libdocket,
				      docket.h) to use instead of opening
				      one per request (docket.fcgi keeps
				      one, live.h); borrowed; NULL: open
				      and close here */
	const char *templates_dir; /* DOCKET_TEMPLATES: the site's page
				      templates, read per request; NULL or ""
				      for the built-in ones (cgi_templates.h) */
	struct dk_cgi_templates_cache *templates_cache;
				   /* parsed templates kept across requests
				      (docket.fcgi; cgi_templates.h), read
				      again when a file changes; borrowed;
				      NULL: read and parse them here */
} dk_cgi_request;

/* Fill req from the process environment (DOCKET_INDEX, DOCKET_PARTIAL,
 * DOCKET_TEMPLATES; time limit DK_CGI_TIME_LIMIT, log stderr).  The
 * strings are borrowed from the environment. */
void dk_cgi_request_from_env(dk_cgi_request *req);

/* The parameters of a request after decoding and validation. */
typedef struct dk_cgi_params {
	char *q;          /* decoded UTF-8, control characters made spaces;
			     malloc'd, owned by the struct; NULL when absent */
	size_t q_len;
	uint32_t page;    /* 1..DK_CGI_MAX_PAGE */
	uint32_t n;       /* 1..DK_CGI_MAX_N */
	int sort_date;    /* sort=date: 1, sort=oldest (the default of a
			     case page): -1, relevance: 0 */
	int json;         /* format=json */
	int atom;         /* format=atom: an Atom feed of the newest matches */
	char *id;         /* id=: an article's page (malloc'd, owned); NULL
			     when absent */
	const struct dk_cgi_templates *templates;
			  /* the page templates (borrowed, set by the caller;
			     dk_cgi_parse leaves NULL: the built-in ones) */
} dk_cgi_params;

/*
 * Decode and check the query string qs[0..len).  On success *out holds the
 * parameters and *reason is NULL.  On bad input the status is DK_ERR_PARSE
 * (encoding) or DK_ERR_INVALID (a value out of range), *reason a constant
 * one-line message for the client, and *out holds as much as could be read
 * (the format, so that the error comes in the format asked for, and q when
 * it was valid, so that the error page keeps it).  Either way the caller
 * frees *out with dk_cgi_params_free().
 */
dk_status dk_cgi_parse(const char *qs, size_t len, dk_cgi_params *out,
		       const char **reason);
void dk_cgi_params_free(dk_cgi_params *p);

/*
 * Percent-decode s[0..len) as application/x-www-form-urlencoded ('+' is a
 * space) and append it to out.  DK_ERR_PARSE when a '%' is not followed by
 * two hex digits; out then holds a partial result.
 */
dk_status dk_cgi_url_decode(const char *s, size_t len, dk_buf *out);

/* Append s[0..len) percent-encoded for a query string value: everything
 * but A-Z a-z 0-9 - . _ ~ is encoded, a space as '+'. */
void dk_cgi_url_encode(const char *s, size_t len, dk_buf *out);

/*
 * Append s[0..len) escaped for HTML text and double- or single-quoted
 * attribute values: & < > " ' become character references, control
 * characters other than tab and newline become spaces, and invalid UTF-8
 * becomes U+FFFD.
 */
void dk_cgi_html_escape(const char *s, size_t len, dk_buf *out);

/* 1 when url may be an href: it starts with http:// or https://
 * (any case), has a host, and holds no control characters or spaces. */
int dk_cgi_url_linkable(const char *url);

/*
 * Append the HTML results page of pg for the request p (the body, without
 * headers): what dk_cgi_handle() serves for a search.  Separate so that
 * tests can render pages the sample index cannot produce (suggestions,
 * folded copies, damaged offsets).  Needs "search.h" for dk_result_page.
 */
struct dk_result_page;
void dk_cgi_render_results(const dk_cgi_params *p,
			   const struct dk_result_page *pg, dk_buf *out);

/* Append the entities of article a (cases, parties and courts as links
 * to searches for them, statutes and CVEs as text) as one paragraph, or
 * nothing when it names none.  Needs "../common/article.h". */
struct dk_article;
void dk_cgi_put_entities(dk_buf *b, const struct dk_article *a);

/* The response when memory runs out (body "internal error\n"). */
#define DK_CGI_OOM_RESPONSE \
	"Status: 500 Internal Server Error\r\n" \
	"Content-Type: text/plain; charset=utf-8\r\n" \
	"Content-Length: 15\r\n" \
	"Cache-Control: no-store\r\n" \
	"X-Content-Type-Options: nosniff\r\n" \
	"\r\n" \
	"internal error\n"

/*
 * Answer req: append the whole CGI response to out and return its HTTP
 * status (200, 400, 405, 500 or 503).  When out's memory runs out the
 * response is replaced by a short 500; when the page templates do not
 * parse (or cannot be read) an HTML page is a plain-text 500, and the
 * one-line reason, naming the file and line, goes to req->log.
 */
int dk_cgi_handle(const dk_cgi_request *req, dk_buf *out);

#endif
