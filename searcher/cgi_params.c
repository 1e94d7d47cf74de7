/*
 * cgi_params.c - what docket.cgi and docket.fcgi read from a request (see
 * cgi.h): the escaping and URL functions every page uses, the query
 * string's parameters (dk_cgi_parse) and the CGI environment
 * (dk_cgi_request_from_env).  The pages themselves are cgi.c's.
 */
#include "cgi.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/utf8.h"

/* ---- escaping and encoding ----------------------------------------------- */

static void html_escape_valid(const char *s, size_t len, dk_buf *out)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\t': case '\n': continue;
		default:
			if (c >= 0x20 && c != 0x7f)
				continue;
			rep = " ";
			break;
		}
		dk_buf_append(out, s + run, i - run);
		dk_buf_puts(out, rep);
		run = i + 1;
	}
	dk_buf_append(out, s + run, len - run);
}

void dk_cgi_html_escape(const char *s, size_t len, dk_buf *out)
{
	if (!s)
		return;
	if (dk_utf8_valid(s, len)) {
		html_escape_valid(s, len, out);
		return;
	}
	dk_buf clean = DK_BUF_INIT;
	dk_utf8_clean(s, len, &clean, NULL);
	if (clean.err) {
		out->err = out->err ? out->err : clean.err;
	} else if (clean.data) {
		html_escape_valid(clean.data, clean.len, out);
	}
	dk_buf_free(&clean);
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

dk_status dk_cgi_url_decode(const char *s, size_t len, dk_buf *out)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c != '%' && c != '+')
			continue;
		dk_buf_append(out, s + run, i - run);
		if (c == '+') {
			dk_buf_putc(out, ' ');
			run = i + 1;
			continue;
		}
		int hi = i + 1 < len ? hexval((unsigned char)s[i + 1]) : -1;
		int lo = i + 2 < len ? hexval((unsigned char)s[i + 2]) : -1;
		if (hi < 0 || lo < 0)
			return DK_ERR_PARSE;
		dk_buf_putc(out, (char)(hi * 16 + lo));
		i += 2;
		run = i + 1;
	}
	dk_buf_append(out, s + run, len - run);
	return out->err;
}

void dk_cgi_url_encode(const char *s, size_t len, dk_buf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		    c == '~') {
			dk_buf_putc(out, (char)c);
		} else if (c == ' ') {
			dk_buf_putc(out, '+');
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			dk_buf_append(out, e, 3);
		}
	}
}

int dk_cgi_url_linkable(const char *url)
{
	size_t skip;
	if (!url)
		return 0;
	if (!strncasecmp(url, "http://", 7))
		skip = 7;
	else if (!strncasecmp(url, "https://", 8))
		skip = 8;
	else
		return 0;
	/* A host must follow: not empty, not another slash. */
	if (!url[skip] || url[skip] == '/' || url[skip] == '?' ||
	    url[skip] == '#')
		return 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/* ---- parameters ------------------------------------------------------------ */

void dk_cgi_params_free(dk_cgi_params *p)
{
	if (!p)
		return;
	free(p->q);
	p->q = NULL;
	p->q_len = 0;
	free(p->id);
	p->id = NULL;
}

/* A whole number in 1..max, or -1.  Empty is not a number. */
static long parse_count(const char *v, size_t len, uint32_t max)
{
	long n = 0;
	if (!len || len > 7)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	return n >= 1 && n <= (long)max ? n : -1;
}

/* Whether the decoded bytes of b are exactly s (a %00 cannot cut them
 * short the way strcmp would). */
static int buf_is(const dk_buf *b, const char *s)
{
	size_t n = strlen(s);
	return b->len == n && (!n || !memcmp(b->data, s, n));
}

dk_status dk_cgi_parse(const char *qs, size_t len, dk_cgi_params *out,
		       const char **reason)
{
	dk_status st = DK_OK;
	dk_buf key = DK_BUF_INIT, val = DK_BUF_INIT;
	const char *why = NULL;
	int seen_q = 0, seen_page = 0, seen_n = 0, seen_sort = 0, seen_fmt = 0;
	int seen_id = 0;
	memset(out, 0, sizeof *out);
	out->page = 1;
	out->n = DK_CGI_DEFAULT_N;
	*reason = NULL;
	if (!qs)
		len = 0;
	if (len > DK_CGI_MAX_QUERY_STRING) {
		st = DK_ERR_INVALID;
		why = "the request is too long";
		len = 0;
	}
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && qs[end] != '&')
			end++;
		size_t eq = i;
		while (eq < end && qs[eq] != '=')
			eq++;
		dk_buf_reset(&key);
		dk_buf_reset(&val);
		dk_status kst = dk_cgi_url_decode(qs + i, eq - i, &key);
		dk_status vst = eq < end ? dk_cgi_url_decode(qs + eq + 1,
							     end - eq - 1, &val)
					 : DK_OK;
		i = end + 1;
		if (key.err || val.err) {
			st = DK_ERR_NOMEM;
			why = "out of memory";
			break;
		}
		if (kst || vst) {
			if (!st) {
				st = DK_ERR_PARSE;
				why = "invalid percent-encoding in the query string";
			}
			continue;
		}
		if (!key.len)
			continue;
		const char *v = val.data ? val.data : "";
		int empty = val.len == 0;
		if (buf_is(&key, "format") && !seen_fmt) {
			seen_fmt = 1;
			if (buf_is(&val, "json"))
				out->json = 1;
			else if (buf_is(&val, "atom"))
				out->atom = 1;
			else if (!empty && !buf_is(&val, "html") && !st) {
				st = DK_ERR_INVALID;
				why = "format must be html, json or atom";
			}
		} else if (buf_is(&key, "q") && !seen_q) {
			seen_q = 1;
			if (!dk_utf8_valid(v, val.len)) {
				if (!st) {
					st = DK_ERR_PARSE;
					why = "the query is not valid UTF-8";
				}
			} else if (val.len > DK_CGI_MAX_Q) {
				if (!st) {
					st = DK_ERR_INVALID;
					why = "the query is too long (at most 1024 bytes)";
				}
			} else {
				/* Control characters (a %00 too) are word breaks. */
				for (size_t k = 0; k < val.len; k++)
					if ((unsigned char)val.data[k] < 0x20 ||
					    val.data[k] == 0x7f)
						val.data[k] = ' ';
				out->q = dk_buf_detach(&val, &out->q_len);
				if (!out->q) {
					out->q = dk_strndup("", 0);
					out->q_len = 0;
				}
				if (!out->q) {
					st = DK_ERR_NOMEM;
					why = "out of memory";
					break;
				}
			}
		} else if (buf_is(&key, "id") && !seen_id) {
			seen_id = 1;
			if (!dk_utf8_valid(v, val.len) || val.len > DK_CGI_MAX_Q ||
			    memchr(v, '\0', val.len)) {
				if (!st) {
					st = DK_ERR_INVALID;
					why = "id must be an article id";
				}
			} else if (val.len) {
				out->id = dk_buf_detach(&val, NULL);
				if (!out->id) {
					st = DK_ERR_NOMEM;
					why = "out of memory";
					break;
				}
			}
		} else if (buf_is(&key, "page") && !seen_page) {
			seen_page = 1;
			long n = parse_count(v, val.len, DK_CGI_MAX_PAGE);
			if (n > 0)
				out->page = (uint32_t)n;
			else if (!empty && !st) {
				st = DK_ERR_INVALID;
				why = "page must be a whole number from 1 to 1000";
			}
		} else if (buf_is(&key, "n") && !seen_n) {
			seen_n = 1;
			long n = parse_count(v, val.len, DK_CGI_MAX_N);
			if (n > 0)
				out->n = (uint32_t)n;
			else if (!empty && !st) {
				st = DK_ERR_INVALID;
				why = "n must be a whole number from 1 to 100";
			}
		} else if (buf_is(&key, "sort") && !seen_sort) {
			seen_sort = 1;
			if (buf_is(&val, "date"))
				out->sort_date = 1;
			else if (buf_is(&val, "oldest"))
				out->sort_date = -1;
			else if (!empty && !buf_is(&val, "relevance") && !st) {
				st = DK_ERR_INVALID;
				why = "sort must be relevance, date or oldest";
			}
		}
	}
	dk_buf_free(&key);
	dk_buf_free(&val);
	if (st)
		*reason = why;
	return st;
}

/* ---- the request ---------------------------------------------------------- */

void dk_cgi_request_from_env(dk_cgi_request *req)
{
	memset(req, 0, sizeof *req);
	req->method = getenv("REQUEST_METHOD");
	req->query_string = getenv("QUERY_STRING");
	req->index_dir = getenv("DOCKET_INDEX");
	req->time_limit = DK_CGI_TIME_LIMIT;
	const char *partial = getenv("DOCKET_PARTIAL");
	req->partial = partial && !strcmp(partial, "1");
	req->templates_dir = getenv("DOCKET_TEMPLATES");
	req->log = stderr;
}
