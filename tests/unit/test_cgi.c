/*
 * test_cgi.c - unit tests for searcher/cgi.c and cgi_params.c, without a web server.
 *
 * Tables: percent-decoding, URL encoding, HTML escaping, which URLs may
 * become links, and query-string parsing (values, defaults, limits and the
 * reason of every 400).  Then whole requests through dk_cgi_handle()
 * against an index the group set-up builds from a small JSONL dump whose
 * titles, sources, texts and URLs are hostile: each response's headers are
 * checked, and each HTML body is run through a small tag scanner that
 * accepts only the elements and attributes the page is made of, and hrefs
 * that are relative or http(s).  Injected markup anywhere (the query, a
 * stored field) shows up there as an unknown tag or attribute.  Last,
 * the templates docket.fcgi keeps parsed (dk_cgi_templates_get): read
 * again after each kind of change to a site's file, and only then.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../common/buf.h"
#include "../../indexer/indexer.h"
#include "../../searcher/cgi.h"
#include "../../searcher/cgi_templates.h"
#include "../../searcher/output.h"
#include "../../searcher/search.h"
#include "fixture.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static char root[PATH_MAX];
static char index_dir[PATH_MAX + 16];
static char file_path[PATH_MAX + 16];
static char empty_dir[PATH_MAX + 16];

/* ---- percent-decoding ------------------------------------------------ */

struct decode_row {
	const char *in;
	const char *want;  /* NULL: DK_ERR_PARSE */
	size_t want_len;
};

#define D(in, out) { in, out, sizeof(out) - 1 }
#define DBAD(in) { in, NULL, 0 }

static const struct decode_row decode_rows[] = {
	D("", ""),
	D("plain", "plain"),
	D("a+b", "a b"),
	D("a%20b", "a b"),
	D("%2B", "+"),
	D("%2b%2F", "+/"),
	D("caf%C3%A9", "caf\xC3\xA9"),
	D("%00x", "\0x"),
	D("%25", "%"),
	D("%3Cscript%3E", "<script>"),
	D("100%25+sure", "100% sure"),
	DBAD("%"),
	DBAD("%2"),
	DBAD("abc%"),
	DBAD("%zz"),
	DBAD("%g0"),
	DBAD("%0g"),
	DBAD("a%-1"),
	DBAD("%%41"),
};

static void test_url_decode(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(decode_rows); i++) {
		const struct decode_row *r = &decode_rows[i];
		dk_buf b = DK_BUF_INIT;
		dk_status st = dk_cgi_url_decode(r->in, strlen(r->in), &b);
		if (!r->want) {
			if (st != DK_ERR_PARSE)
				fail_msg("'%s': decoded, wanted an error", r->in);
		} else {
			if (st)
				fail_msg("'%s': status %d", r->in, st);
			if (b.len != r->want_len ||
			    (r->want_len && memcmp(b.data, r->want, b.len)))
				fail_msg("'%s': got '%.*s'", r->in, (int)b.len,
					 b.data ? b.data : "");
		}
		dk_buf_free(&b);
	}
}

/* ---- URL encoding ----------------------------------------------------- */

static const struct { const char *in, *want; } encode_rows[] = {
	{ "", "" },
	{ "abc XYZ 019", "abc+XYZ+019" },
	{ "-._~", "-._~" },
	{ "a&b=c", "a%26b%3Dc" },
	{ "\"quoted\"", "%22quoted%22" },
	{ "<script>", "%3Cscript%3E" },
	{ "caf\xC3\xA9", "caf%C3%A9" },
	{ "+%#?/", "%2B%25%23%3F%2F" },
	{ "date:2025-01", "date%3A2025-01" },
};

static void test_url_encode(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(encode_rows); i++) {
		dk_buf b = DK_BUF_INIT, back = DK_BUF_INIT;
		const char *in = encode_rows[i].in;
		dk_cgi_url_encode(in, strlen(in), &b);
		const char *got = b.data ? b.data : "";
		if (strcmp(got, encode_rows[i].want))
			fail_msg("'%s': encoded '%s', wanted '%s'", in, got,
				 encode_rows[i].want);
		/* And it decodes back. */
		assert_int_equal(dk_cgi_url_decode(got, strlen(got), &back), DK_OK);
		assert_int_equal(back.len, strlen(in));
		assert_true(!back.len || !memcmp(back.data, in, back.len));
		dk_buf_free(&b);
		dk_buf_free(&back);
	}
}

/* ---- HTML escaping ---------------------------------------------------- */

#define FFFD "\xEF\xBF\xBD"

static const struct { const char *in; size_t len; const char *want; } esc_rows[] = {
	{ "plain", 0, "plain" },
	{ "", 0, "" },
	{ "<script>alert(1)</script>", 0,
	  "&lt;script&gt;alert(1)&lt;/script&gt;" },
	{ "\"><img src=x onerror=alert(1)>", 0,
	  "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" },
	{ "' onmouseover='x'", 0, "&#39; onmouseover=&#39;x&#39;" },
	{ "a & b &amp; c", 0, "a &amp; b &amp;amp; c" },
	{ "tab\tnl\nok", 0, "tab\tnl\nok" },
	{ "bell\a esc\x1b del\x7f", 0, "bell  esc  del " },
	{ "nul\0byte", 8, "nul byte" },
	{ "caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D", 0,
	  "caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D" },
	{ "bad\xFF<", 0, "bad" FFFD "&lt;" },
	{ "\xC0\xBCscript>", 0, FFFD FFFD "script&gt;" },  /* overlong '<' */
	{ "`${x}`", 0, "`${x}`" },
};

static void test_html_escape(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(esc_rows); i++) {
		dk_buf b = DK_BUF_INIT;
		size_t len = esc_rows[i].len ? esc_rows[i].len : strlen(esc_rows[i].in);
		dk_cgi_html_escape(esc_rows[i].in, len, &b);
		const char *got = b.data ? b.data : "";
		if (strcmp(got, esc_rows[i].want))
			fail_msg("row %zu: got '%s', wanted '%s'", i, got,
				 esc_rows[i].want);
		dk_buf_free(&b);
	}
}

/* ---- which URLs become links ------------------------------------------ */

static const struct { const char *url; int want; } link_rows[] = {
	{ "https://example.com/a", 1 },
	{ "http://example.com", 1 },
	{ "HTTPS://EXAMPLE.COM/X", 1 },
	{ "https://ok.example/a?b=1&c=\"><script>", 1 },  /* escaped on output */
	{ "javascript:alert(1)", 0 },
	{ "JaVaScRiPt:alert(1)", 0 },
	{ " javascript:alert(1)", 0 },
	{ "java\tscript:alert(1)", 0 },
	{ "vbscript:msgbox(1)", 0 },
	{ "data:text/html,<script>alert(1)</script>", 0 },
	{ "//evil.example/x", 0 },
	{ "/relative/path", 0 },
	{ "ftp://example.com/file", 0 },
	{ "mailto:a@example.com", 0 },
	{ "https://", 0 },
	{ "https:///path", 0 },
	{ "http:example.com", 0 },
	{ "https://exa mple.com", 0 },
	{ "https://example.com/\n", 0 },
	{ "", 0 },
	{ NULL, 0 },
};

static void test_url_linkable(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(link_rows); i++)
		if (dk_cgi_url_linkable(link_rows[i].url) != link_rows[i].want)
			fail_msg("'%s': linkable should be %d",
				 link_rows[i].url ? link_rows[i].url : "(null)",
				 link_rows[i].want);
}

/* ---- query-string parsing --------------------------------------------- */

struct parse_row {
	const char *qs;
	dk_status st;
	const char *q;       /* expected q (NULL: absent) */
	uint32_t page, n;
	int sort_date, json;
	const char *reason;  /* a word the reason must hold */
};

static const struct parse_row parse_rows[] = {
	{ "", DK_OK, NULL, 1, 10, 0, 0, NULL },
	{ "q=privacy", DK_OK, "privacy", 1, 10, 0, 0, NULL },
	{ "q=ai+training&page=3&n=25&sort=date&format=json", DK_OK,
	  "ai training", 3, 25, 1, 1, NULL },
	{ "q=", DK_OK, "", 1, 10, 0, 0, NULL },
	{ "q", DK_OK, "", 1, 10, 0, 0, NULL },
	{ "q=a&q=b", DK_OK, "a", 1, 10, 0, 0, NULL },          /* first wins */
	{ "page=&n=&sort=&format=&q=x", DK_OK, "x", 1, 10, 0, 0, NULL },
	{ "sort=relevance&format=html&q=x", DK_OK, "x", 1, 10, 0, 0, NULL },
	{ "utm_source=x&q=y&DB=../etc&index=/tmp&P=z", DK_OK, "y", 1, 10, 0, 0, NULL },
	{ "&&q=x&&", DK_OK, "x", 1, 10, 0, 0, NULL },
	{ "%71=encoded+key", DK_OK, "encoded key", 1, 10, 0, 0, NULL },
	{ "q=%E2%80%9Cfair+use%E2%80%9D", DK_OK, "\xE2\x80\x9C" "fair use\xE2\x80\x9D",
	  1, 10, 0, 0, NULL },
	{ "q=a%00b%0Ac%7F", DK_OK, "a b c ", 1, 10, 0, 0, NULL },
	{ "q=x&page=1000&n=100", DK_OK, "x", 1000, 100, 0, 0, NULL },
	{ "q=x&page=0007", DK_OK, "x", 7, 10, 0, 0, NULL },
	{ "q=x&ignored=%FF", DK_OK, "x", 1, 10, 0, 0, NULL },  /* not checked */

	{ "q=%", DK_ERR_PARSE, NULL, 1, 10, 0, 0, "percent" },
	{ "q=%zz", DK_ERR_PARSE, NULL, 1, 10, 0, 0, "percent" },
	{ "q=ok&x=%4", DK_ERR_PARSE, "ok", 1, 10, 0, 0, "percent" },
	{ "q=%FF", DK_ERR_PARSE, NULL, 1, 10, 0, 0, "UTF-8" },
	{ "q=%C0%AF", DK_ERR_PARSE, NULL, 1, 10, 0, 0, "UTF-8" },
	{ "q=%ED%A0%80", DK_ERR_PARSE, NULL, 1, 10, 0, 0, "UTF-8" },
	{ "q=%E2%80", DK_ERR_PARSE, NULL, 1, 10, 0, 0, "UTF-8" },
	{ "q=x&page=0", DK_ERR_INVALID, "x", 1, 10, 0, 0, "page" },
	{ "q=x&page=1001", DK_ERR_INVALID, "x", 1, 10, 0, 0, "page" },
	{ "q=x&page=-1", DK_ERR_INVALID, "x", 1, 10, 0, 0, "page" },
	{ "q=x&page=2x", DK_ERR_INVALID, "x", 1, 10, 0, 0, "page" },
	{ "q=x&page=99999999999999999999", DK_ERR_INVALID, "x", 1, 10, 0, 0, "page" },
	{ "q=x&n=0", DK_ERR_INVALID, "x", 1, 10, 0, 0, "n must" },
	{ "q=x&n=101", DK_ERR_INVALID, "x", 1, 10, 0, 0, "n must" },
	{ "q=x&n=+5", DK_ERR_INVALID, "x", 1, 10, 0, 0, "n must" },
	{ "q=x&sort=oldest", DK_OK, "x", 1, 10, -1, 0, NULL },
	{ "q=x&sort=newest", DK_ERR_INVALID, "x", 1, 10, 0, 0, "sort" },
	{ "q=x&format=xml", DK_ERR_INVALID, "x", 1, 10, 0, 0, "format" },
	{ "q=x&format=json%00x", DK_ERR_INVALID, "x", 1, 10, 0, 0, "format" },
	{ "q=x&sort=date%00", DK_ERR_INVALID, "x", 1, 10, 0, 0, "sort" },
	{ "q=x&n=1%000", DK_ERR_INVALID, "x", 1, 10, 0, 0, "n must" },
	/* The format is still known, for a JSON error. */
	{ "format=json&q=%", DK_ERR_PARSE, NULL, 1, 10, 0, 1, "percent" },
};

static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(parse_rows); i++) {
		const struct parse_row *r = &parse_rows[i];
		dk_cgi_params p;
		const char *reason = "unset";
		dk_status st = dk_cgi_parse(r->qs, strlen(r->qs), &p, &reason);
		if (st != r->st)
			fail_msg("'%s': status %d, wanted %d (%s)", r->qs, st, r->st,
				 reason ? reason : "");
		if (st) {
			if (!reason || !strstr(reason, r->reason))
				fail_msg("'%s': reason '%s' lacks '%s'", r->qs,
					 reason ? reason : "(null)", r->reason);
			if (strchr(reason, '\n'))
				fail_msg("'%s': reason is not one line", r->qs);
			/* q is kept when it was valid itself. */
			if (r->q && (!p.q || strcmp(p.q, r->q)))
				fail_msg("'%s': q '%s' not kept", r->qs, p.q ? p.q : "(null)");
			if (!r->q && p.q)
				fail_msg("'%s': invalid q kept", r->qs);
			assert_int_equal(p.json, r->json);
			dk_cgi_params_free(&p);
			continue;
		}
		assert_null(reason);
		if (!r->q) {
			assert_null(p.q);
		} else {
			if (!p.q || p.q_len != strlen(r->q) || memcmp(p.q, r->q, p.q_len))
				fail_msg("'%s': q '%s', wanted '%s'", r->qs,
					 p.q ? p.q : "(null)", r->q);
		}
		if (p.page != r->page || p.n != r->n || p.sort_date != r->sort_date ||
		    p.json != r->json)
			fail_msg("'%s': page %u n %u sort %d json %d", r->qs, p.page,
				 p.n, p.sort_date, p.json);
		dk_cgi_params_free(&p);
	}
}

static void test_parse_lengths(void **state)
{
	(void)state;
	char qs[4 * DK_CGI_MAX_QUERY_STRING];
	dk_cgi_params p;
	const char *reason;
	/* q of exactly 1024 bytes is fine, 1025 is not. */
	strcpy(qs, "q=");
	memset(qs + 2, 'a', DK_CGI_MAX_Q);
	qs[2 + DK_CGI_MAX_Q] = '\0';
	assert_int_equal(dk_cgi_parse(qs, strlen(qs), &p, &reason), DK_OK);
	assert_int_equal(p.q_len, DK_CGI_MAX_Q);
	dk_cgi_params_free(&p);
	strcat(qs, "a");
	assert_int_equal(dk_cgi_parse(qs, strlen(qs), &p, &reason), DK_ERR_INVALID);
	assert_non_null(strstr(reason, "1024"));
	assert_null(p.q);
	dk_cgi_params_free(&p);
	/* The limit is on decoded bytes: 1024 bytes as %E2%82%AC is fine. */
	strcpy(qs, "q=");
	for (int i = 0; i < 340; i++)
		strcat(qs, "%E2%82%AC");
	strcat(qs, "abcd");
	assert_int_equal(dk_cgi_parse(qs, strlen(qs), &p, &reason), DK_OK);
	assert_int_equal(p.q_len, 1024);
	dk_cgi_params_free(&p);
	/* A query string past the raw limit. */
	memset(qs, 'x', sizeof qs - 1);
	qs[sizeof qs - 1] = '\0';
	memcpy(qs, "q=", 2);
	assert_int_equal(dk_cgi_parse(qs, strlen(qs), &p, &reason), DK_ERR_INVALID);
	assert_non_null(strstr(reason, "too long"));
	dk_cgi_params_free(&p);
}

/* ---- the index for whole requests -------------------------------------- */

/* Articles with hostile fields; all hold the word "zebrafish". */
static const fixture_article arts[] = {
	{ "h1", "<script>alert('t1')</script> zebrafish merger",
	  "javascript:alert(1)", "<img src=x onerror=alert(2)>", "2025-01-02",
	  "The zebrafish merger <b>was</b> announced. \"quoted\" & 'single' "
	  "<script>alert(3)</script>", NULL },
	{ "h2", "\"><svg onload=alert(4)> zebrafish",
	  "https://ok.example/a?b=1&c=\"><script>alert(5)</script>", "Src",
	  "2025-01-03", "zebrafish text here", NULL },
	{ "h3", "zebrafish data url", "data:text/html,<script>alert(6)</script>",
	  "S3", "2024-05-01", "zebrafish again", NULL },
	{ "h4", "zebrafish ' onmouseover='alert(7)", " JaVaScRiPt:alert(8)",
	  "' onfocus='alert(9)", "2020\"><x>", "zebrafish <iframe src=//evil>", NULL },
	{ "h5", "Plain zebrafish story", "https://news.example/zebrafish",
	  "Good News", "2025-02-01", "A plain zebrafish story about a lawsuit.", NULL },
	{ "h6", "zebrafish protocol-relative", "//evil.example/x", "S6",
	  "2023-01-01", "zebrafish six", NULL },
	{ "h7", "zebrafish vbscript", "vbscript:msgbox(1)", "S7", "2023-01-02",
	  "zebrafish seven", NULL },
	{ "h8", "zebrafish </title><script>alert(10)</script>",
	  "HTTP://CAPS.EXAMPLE/ok", "S8", "2023-01-03",
	  "zebrafish </textarea><script>alert(11)</script>", NULL },
};

static int group_setup(void **state)
{
	(void)state;
	char dump[PATH_MAX + 32];
	if (fixture_mkdtemp(root, "docket-test-cgi"))
		return -1;
	snprintf(index_dir, sizeof index_dir, "%s/index", root);
	snprintf(file_path, sizeof file_path, "%s/a-file", root);
	snprintf(empty_dir, sizeof empty_dir, "%s/empty", root);
	snprintf(dump, sizeof dump, "%s/dump.jsonl", root);
	FILE *f = fopen(file_path, "w");
	if (!f)
		return -1;
	fputs("not an index\n", f);
	fclose(f);
	if (mkdir(empty_dir, 0700))
		return -1;
	if (fixture_write_jsonl(dump, arts, ARRAY_LEN(arts)))
		return -1;
	return fixture_index(dump, index_dir, ARRAY_LEN(arts));
}

static int group_teardown(void **state)
{
	(void)state;
	return fixture_remove_tree(root);
}

/* ---- a response, taken apart ------------------------------------------ */

typedef struct response {
	int code;
	char *raw;          /* the whole response */
	const char *body;   /* into raw */
	size_t body_len;
	char headers[4096]; /* the header block, NUL-terminated */
} response;

static void response_free(response *r)
{
	free(r->raw);
}

/* The value of header name (case-insensitive), copied into out, or NULL. */
static const char *header(const response *r, const char *name, char *out,
			  size_t cap)
{
	size_t nl = strlen(name);
	const char *p = r->headers;
	while (*p) {
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			break;
		if ((size_t)(eol - p) > nl && !strncasecmp(p, name, nl) && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			size_t n = (size_t)(eol - v) < cap - 1 ? (size_t)(eol - v) : cap - 1;
			memcpy(out, v, n);
			out[n] = '\0';
			return out;
		}
		p = eol + 2;
	}
	return NULL;
}

static void do_request(const char *method, const char *qs, const char *index,
		       response *r)
{
	dk_cgi_request req = { method, qs, index, 2.0, NULL, 0, NULL, NULL, NULL };
	dk_buf out = DK_BUF_INIT;
	memset(r, 0, sizeof *r);
	r->code = dk_cgi_handle(&req, &out);
	assert_int_equal(out.err, DK_OK);
	assert_non_null(out.data);
	size_t len;
	r->raw = dk_buf_detach(&out, &len);
	const char *sep = strstr(r->raw, "\r\n\r\n");
	assert_non_null(sep);
	size_t hl = (size_t)(sep - r->raw) + 2;
	assert_true(hl < sizeof r->headers);
	memcpy(r->headers, r->raw, hl);
	r->headers[hl] = '\0';
	r->body = sep + 4;
	r->body_len = len - (size_t)(r->body - r->raw);

	/* What every response must carry. */
	char v[512], want[64];
	snprintf(want, sizeof want, "Status: %d ", r->code);
	assert_true(!strncmp(r->raw, want, strlen(want)));
	assert_non_null(header(r, "Content-Type", v, sizeof v));
	assert_non_null(strstr(v, "; charset=utf-8"));
	assert_non_null(header(r, "Cache-Control", v, sizeof v));
	assert_non_null(header(r, "X-Content-Type-Options", v, sizeof v));
	assert_non_null(header(r, "Content-Security-Policy", v, sizeof v));
	assert_non_null(strstr(v, "default-src 'none'"));
	assert_null(strstr(v, "unsafe"));
	assert_non_null(header(r, "Content-Length", v, sizeof v));
	if (strcmp(method ? method : "GET", "HEAD"))
		assert_int_equal(strtoul(v, NULL, 10), r->body_len);
	else
		assert_int_equal(r->body_len, 0);
	/* No line break inside a header (no response splitting). */
	for (const char *p = r->headers; *p; p++)
		if (*p == '\n')
			assert_true(p > r->headers && p[-1] == '\r');
}

/* ---- the markup oracle ------------------------------------------------- */

static const char *const ok_tags[] = {
	"!DOCTYPE", "html", "head", "meta", "title", "style", "body", "div",
	"header", "h1", "h2", "h3", "a", "form", "label", "input", "select",
	"option", "button", "main", "p", "ol", "ul", "li", "article", "time",
	"mark", "nav", "span", "strong", "code", "dl", "dt", "dd", "footer",
	/* the facets and the timeline (cgi_facets.c) */
	"section", "figure", "figcaption", "svg", "rect", "text",
};
static const char *const ok_attrs[] = {
	"html", "lang", "charset", "name", "content", "href", "method", "role",
	"class", "for", "type", "id", "maxlength", "value", "selected", "rel",
	"aria-label", "aria-current", "start", "datetime",
	"viewBox", "x", "y", "width", "height", "text-anchor",
};

static int in_list(const char *const *list, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !strncasecmp(list[i], s, len))
			return 1;
	return 0;
}

/*
 * Scan an HTML body: every tag must be one we write, every attribute one we
 * use, every attribute value double-quoted, every href relative ("?...")
 * or http(s), and no raw '<' may sit in the text.  The contents of <style>
 * and <title> are text, checked for '<' like the rest.
 */
static void check_markup(const char *body, size_t len, const char *what)
{
	size_t i = 0;
	while (i < len) {
		if (body[i] == '>')
			fail_msg("%s: stray '>' at byte %zu: %.60s", what, i, body + i);
		if (body[i] != '<') {
			i++;
			continue;
		}
		i++;
		if (i < len && body[i] == '/')
			i++;
		size_t ns = i;
		while (i < len && (body[i] == '!' || (body[i] >= 'a' && body[i] <= 'z') ||
				   (body[i] >= 'A' && body[i] <= 'Z') ||
				   (body[i] >= '0' && body[i] <= '9')))
			i++;
		if (!in_list(ok_tags, ARRAY_LEN(ok_tags), body + ns, i - ns))
			fail_msg("%s: unexpected tag at byte %zu: %.60s", what, ns,
				 body + ns - 1);
		/* Attributes up to '>'. */
		for (;;) {
			while (i < len && body[i] == ' ')
				i++;
			if (i >= len)
				fail_msg("%s: unterminated tag", what);
			if (body[i] == '>') {
				i++;
				break;
			}
			size_t as = i;
			while (i < len && body[i] != '=' && body[i] != ' ' && body[i] != '>')
				i++;
			if (!in_list(ok_attrs, ARRAY_LEN(ok_attrs), body + as, i - as))
				fail_msg("%s: unexpected attribute at byte %zu: %.60s", what,
					 as, body + as);
			if (i < len && body[i] == '=') {
				int href = i - as == 4 && !strncmp(body + as, "href", 4);
				i++;
				if (i >= len || body[i] != '"')
					fail_msg("%s: unquoted value at byte %zu: %.60s", what,
						 i, body + i);
				size_t vs = ++i;
				while (i < len && body[i] != '"') {
					if (body[i] == '<' || body[i] == '>')
						fail_msg("%s: raw '%c' in a value at byte %zu",
							 what, body[i], i);
					i++;
				}
				if (href && body[vs] != '?' &&
				    strncasecmp(body + vs, "http://", 7) &&
				    strncasecmp(body + vs, "https://", 8))
					fail_msg("%s: bad href at byte %zu: %.60s", what, vs,
						 body + vs);
				i++;
			}
		}
	}
}

static const char *find_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return hay;
	return NULL;
}

/* ---- whole requests ------------------------------------------------------ */

static void test_form_page(void **state)
{
	(void)state;
	response r;
	char v[256];
	do_request("GET", "", NULL, &r);  /* the form needs no index */
	assert_int_equal(r.code, 200);
	assert_non_null(header(&r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "text/html; charset=utf-8");
	assert_non_null(strstr(r.body, "<form method=\"get\""));
	assert_non_null(strstr(r.body, "<label for=\"q\">"));
	assert_non_null(strstr(r.body, "name=\"q\""));
	assert_non_null(strstr(r.body, "<h1>"));
	assert_non_null(strstr(r.body, "<html lang=\"en\">"));
	check_markup(r.body, r.body_len, "form page");
	response_free(&r);
	/* Blank q is the form too. */
	do_request("GET", "q=+++", index_dir, &r);
	assert_int_equal(r.code, 200);
	assert_null(strstr(r.body, "class=\"results\""));
	assert_non_null(strstr(r.body, "Search tips"));
	response_free(&r);
}

static void test_results_page(void **state)
{
	(void)state;
	response r;
	char v[256];
	do_request("GET", "q=plain+zebrafish+story&n=3", index_dir, &r);
	assert_int_equal(r.code, 200);
	assert_non_null(header(&r, "Cache-Control", v, sizeof v));
	assert_string_equal(v, "public, max-age=300");
	/* The query stays in the box. */
	assert_non_null(strstr(r.body, "value=\"plain zebrafish story\""));
	assert_non_null(strstr(r.body, "<ol class=\"results\" start=\"1\">"));
	assert_non_null(strstr(r.body, "<h3><a href=\"https://news.example/zebrafish\" "
				       "rel=\"noreferrer noopener\">Plain zebrafish story"
				       "</a></h3>"));
	assert_non_null(strstr(r.body, "Good News"));
	assert_non_null(strstr(r.body, "<time datetime=\"2025-02-01\">"));
	assert_non_null(strstr(r.body, "<mark>"));
	assert_non_null(strstr(r.body, "of 8 results"));
	/* Pagination: 8 results, 3 a page. */
	assert_non_null(strstr(r.body, "aria-current=\"page\">1<"));
	assert_non_null(strstr(r.body,
		"href=\"?q=plain+zebrafish+story&amp;n=3&amp;page=3\""));
	assert_non_null(strstr(r.body, "rel=\"next\""));
	assert_null(strstr(r.body, "rel=\"prev\""));
	check_markup(r.body, r.body_len, "results");
	response_free(&r);

	do_request("GET", "q=zebrafish&n=3&page=3&sort=date", index_dir, &r);
	assert_int_equal(r.code, 200);
	assert_non_null(strstr(r.body, "<ol class=\"results\" start=\"7\">"));
	assert_non_null(strstr(r.body, "newest first"));
	assert_non_null(strstr(r.body, "<option value=\"date\" selected>"));
	assert_non_null(strstr(r.body, "rel=\"prev\""));
	assert_null(strstr(r.body, "rel=\"next\""));
	assert_non_null(strstr(r.body, "<input type=\"hidden\" name=\"n\" value=\"3\">"));
	check_markup(r.body, r.body_len, "page 3");
	response_free(&r);
}

/* Each result links to the articles like it; the link runs a document
 * query (like.h) that leaves the article itself out; an unknown id is 404. */
static void test_more_like_this(void **state)
{
	(void)state;
	response r;
	do_request("GET", "q=plain+zebrafish+story&n=3", index_dir, &r);
	assert_int_equal(r.code, 200);
	assert_non_null(strstr(r.body, "<p class=\"like\"><a href=\"?q=like%3Ah5\">"
				       "More like this</a></p>"));
	response_free(&r);
	do_request("GET", "q=like%3Ah5", index_dir, &r);
	assert_int_equal(r.code, 200);
	assert_non_null(strstr(r.body, "<ol class=\"results\""));
	assert_null(strstr(r.body, "href=\"https://news.example/zebrafish\""));
	check_markup(r.body, r.body_len, "more like this");
	response_free(&r);
	do_request("GET", "q=like%3Anosuchid", index_dir, &r);
	assert_int_equal(r.code, 404);
	response_free(&r);
}

static void test_empty_states(void **state)
{
	(void)state;
	response r;
	do_request("GET", "q=nonexistentwordxyz", index_dir, &r);
	assert_int_equal(r.code, 200);
	assert_non_null(strstr(r.body, "No results for &ldquo;nonexistentwordxyz"));
	assert_non_null(strstr(r.body, "Try fewer or different words"));
	check_markup(r.body, r.body_len, "no results");
	response_free(&r);
	do_request("GET", "q=zebrafish&page=50", index_dir, &r);
	assert_int_equal(r.code, 200);
	assert_non_null(strstr(r.body, "No more results"));
	assert_non_null(strstr(r.body, "href=\"?q=zebrafish\""));
	check_markup(r.body, r.body_len, "past the end");
	response_free(&r);
}

static void test_json(void **state)
{
	(void)state;
	response r;
	char v[256];
	do_request("GET", "q=zebrafish&format=json&n=4&page=2&sort=date", index_dir, &r);
	assert_int_equal(r.code, 200);
	assert_non_null(header(&r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "application/json; charset=utf-8");
	/* Byte for byte what docket-search --json prints. */
	dk_searcher *s = NULL;
	assert_int_equal(dk_searcher_open(index_dir, &s, NULL), DK_OK);
	dk_search_request req;
	dk_search_request_init(&req);
	req.query = "zebrafish";
	req.query_len = 9;
	req.limit = 4;
	req.offset = 4;
	req.sort_date = 1;
	dk_result_page *pg = NULL;
	assert_int_equal(dk_search(s, &req, &pg), DK_OK);
	char *js = NULL;
	assert_int_equal(dk_output_json_string(pg, &js), DK_OK);
	assert_int_equal(r.body_len, strlen(js) + 1);
	assert_memory_equal(r.body, js, strlen(js));
	assert_int_equal(r.body[r.body_len - 1], '\n');
	free(js);
	dk_result_page_free(pg);
	dk_searcher_close(s);
	json_error_t e;
	json_t *o = json_loadb(r.body, r.body_len, 0, &e);
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(o, "offset")), 4);
	assert_int_equal(json_array_size(json_object_get(o, "results")), 4);
	json_decref(o);
	response_free(&r);
	/* An empty query as JSON is an empty result, not the form. */
	do_request("GET", "format=json", index_dir, &r);
	assert_int_equal(r.code, 200);
	assert_non_null(strstr(r.body, "\"results\":[]"));
	response_free(&r);
}

/* Requests that must fail, with the status, the reason, and the format. */
static const struct {
	const char *method, *qs;
	int index;   /* 0 the index, 1 none, 2 "", 3 missing dir, 4 a file, 5 empty dir */
	int code;
	const char *has;
	int json;
} err_rows[] = {
	{ "POST", "q=x", 0, 405, "only GET and HEAD", 0 },
	{ "PUT", "", 0, 405, "only GET and HEAD", 0 },
	{ "DELETE", "q=x&format=json", 0, 405, "\"status\":405", 1 },
	{ "OPTIONS", "q=x", 0, 405, "only GET and HEAD", 0 },
	{ "get", "q=x", 0, 405, "only GET and HEAD", 0 },
	{ "POST", "q=%", 0, 405, "only GET and HEAD", 0 },
	{ "GET", "q=%zz", 0, 400, "invalid percent-encoding", 0 },
	{ "GET", "q=%FF%FE", 0, 400, "not valid UTF-8", 0 },
	{ "HEAD", "q=%FF", 0, 400, "", 0 },
	{ "GET", "q=x&n=1000", 0, 400, "n must be a whole number from 1 to 100", 0 },
	{ "GET", "q=x&page=1001", 0, 400, "page must be", 0 },
	{ "GET", "q=x&format=json&page=0", 0, 400,
	  "{\"error\":\"page must be a whole number from 1 to 1000\",\"status\":400}", 1 },
	{ "GET", "q=x&sort=asc", 0, 400, "sort must be", 0 },
	{ "GET", "q=x", 1, 503, "not available", 0 },
	{ "GET", "q=x", 2, 503, "not available", 0 },
	{ "GET", "q=x", 3, 503, "not available", 0 },
	{ "GET", "q=x&format=json", 3, 503, "\"status\":503", 1 },
	{ "GET", "q=x", 4, 503, "not available", 0 },
	{ "GET", "q=x", 5, 503, "not available", 0 },
	{ "HEAD", "q=x", 3, 503, "", 0 },
};

static void test_errors(void **state)
{
	(void)state;
	char missing[PATH_MAX + 32];
	snprintf(missing, sizeof missing, "%s/no-such-index", root);
	for (size_t i = 0; i < ARRAY_LEN(err_rows); i++) {
		const char *idx = err_rows[i].index == 0 ? index_dir
				  : err_rows[i].index == 1 ? NULL
				  : err_rows[i].index == 2 ? ""
				  : err_rows[i].index == 3 ? missing
				  : err_rows[i].index == 4 ? file_path : empty_dir;
		response r;
		char v[256];
		do_request(err_rows[i].method, err_rows[i].qs, idx, &r);
		if (r.code != err_rows[i].code)
			fail_msg("row %zu (%s %s): %d, wanted %d", i, err_rows[i].method,
				 err_rows[i].qs, r.code, err_rows[i].code);
		if (!strstr(r.body, err_rows[i].has))
			fail_msg("row %zu: body lacks '%s': %.300s", i, err_rows[i].has,
				 r.body);
		/* No path, no internal detail. */
		if (strstr(r.body, root) || strstr(r.body, "/tmp") ||
		    strstr(r.body, "Xapian") || strstr(r.body, "DOCKET_INDEX"))
			fail_msg("row %zu: the body shows internal detail", i);
		assert_non_null(header(&r, "Cache-Control", v, sizeof v));
		assert_string_equal(v, "no-store");
		assert_non_null(header(&r, "Content-Type", v, sizeof v));
		assert_string_equal(v, err_rows[i].json
			? "application/json; charset=utf-8" : "text/html; charset=utf-8");
		if (r.code == 405) {
			assert_non_null(header(&r, "Allow", v, sizeof v));
			assert_string_equal(v, "GET, HEAD");
		}
		if (r.code == 503)
			assert_non_null(header(&r, "Retry-After", v, sizeof v));
		if (!err_rows[i].json && r.body_len) {
			assert_non_null(strstr(r.body, "role=\"alert\""));
			check_markup(r.body, r.body_len, "error page");
		}
		response_free(&r);
	}
}

static void test_error_keeps_query(void **state)
{
	(void)state;
	response r;
	do_request("GET", "q=%22class+action%22+%3Cb%3E&n=500", index_dir, &r);
	assert_int_equal(r.code, 400);
	assert_non_null(strstr(r.body, "value=\"&quot;class action&quot; &lt;b&gt;\""));
	check_markup(r.body, r.body_len, "400 keeps q");
	response_free(&r);
}

static void test_head(void **state)
{
	(void)state;
	static const char *const qss[] = { "", "q=zebrafish", "q=zebrafish&format=json" };
	for (size_t i = 0; i < ARRAY_LEN(qss); i++) {
		response g, h;
		do_request("GET", qss[i], index_dir, &g);
		do_request("HEAD", qss[i], index_dir, &h);
		assert_int_equal(g.code, 200);
		assert_int_equal(h.code, 200);
		assert_string_equal(g.headers, h.headers);
		assert_int_equal(h.body_len, 0);
		response_free(&g);
		response_free(&h);
	}
}

/* XSS vectors in the query: each must come back escaped everywhere. */
static const char *const xss[] = {
	"<script>alert(1)</script>",
	"\"><script>alert(1)</script>",
	"'><img src=x onerror=alert(1)>",
	"\" autofocus onfocus=\"alert(1)",
	"' onmouseover='alert(1)",
	"</title><script>alert(1)</script>",
	"</style><script>alert(1)</script>",
	"<svg/onload=alert(1)>",
	"javascript:alert(1)",
	"<a href=javascript:alert(1)>x</a>",
	"<iframe src=\"data:text/html,<script>alert(1)</script>\">",
	"&lt;script&gt;",
	"zebrafish <b>bold</b>",
	"<!--",
	"]]><![CDATA[<script>",
	"\xE2\x80\xAE<script>",
	"<scr<script>ipt>alert(1)</scr</script>ipt>",
	"title:\"<script>\" zebrafish",
};

static void test_xss_query(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(xss); i++) {
		dk_buf qs = DK_BUF_INIT;
		dk_buf_puts(&qs, "q=");
		dk_cgi_url_encode(xss[i], strlen(xss[i]), &qs);
		for (int page = 1; page <= 2; page++) {
			char extra[32];
			snprintf(extra, sizeof extra, "&n=1&page=%d", page);
			dk_buf_puts(&qs, page == 2 ? extra : "");
			response r;
			do_request("GET", qs.data, index_dir, &r);
			/* 500 is allowed: some vectors trip the query compiler
			 * ("a/b=c"), and the error page echoes q too. */
			if (r.code != 200 && r.code != 500)
				fail_msg("vector %zu page %d: status %d", i, page, r.code);
			if ((strchr(xss[i], '<') || strchr(xss[i], '"')) &&
			    strstr(r.body, xss[i]))
				fail_msg("vector %zu echoed raw", i);
			check_markup(r.body, r.body_len, xss[i]);
			response_free(&r);
		}
		dk_buf_free(&qs);
	}
	/* Also in an error page (q kept in the box) and the JSON. */
	response r;
	do_request("GET", "q=%3Cscript%3E&format=json", index_dir, &r);
	assert_int_equal(r.code, 200);
	response_free(&r);
}

/* Hostile stored titles, sources, dates, texts and URLs. */
static void test_xss_stored(void **state)
{
	(void)state;
	response r;
	do_request("GET", "q=zebrafish&n=20", index_dir, &r);
	assert_int_equal(r.code, 200);
	check_markup(r.body, r.body_len, "stored fields");
	assert_non_null(strstr(r.body, "&lt;script&gt;alert(&#39;t1&#39;)&lt;/script&gt;"));
	assert_non_null(strstr(r.body, "&lt;img src=x onerror=alert(2)&gt;"));
	assert_non_null(strstr(r.body, "&lt;script&gt;alert(3)&lt;/script&gt;"));
	/* Only http(s) URLs are links, and they are escaped. */
	assert_null(find_nocase(r.body, "href=\"javascript"));
	assert_null(find_nocase(r.body, "href=\" javascript"));
	assert_null(strstr(r.body, "href=\"data:"));
	assert_null(strstr(r.body, "href=\"vbscript:"));
	assert_null(strstr(r.body, "href=\"//"));
	assert_non_null(strstr(r.body, "href=\"https://ok.example/a?b=1&amp;c=&quot;&gt;"
				       "&lt;script&gt;alert(5)&lt;/script&gt;\""));
	assert_non_null(strstr(r.body, "href=\"HTTP://CAPS.EXAMPLE/ok\""));
	/* The title of a non-link URL is still shown, as text. */
	assert_non_null(strstr(r.body, "<h3>zebrafish data url</h3>"));
	response_free(&r);
}

static void test_time_limit_passed(void **state)
{
	(void)state;
	/* A tiny time limit still answers (Xapian returns what it has). */
	dk_cgi_request req = { "GET", "q=zebrafish+OR+lawsuit&format=json",
			       index_dir, 1e-9, NULL, 0, NULL, NULL, NULL };
	dk_buf out = DK_BUF_INIT;
	int code = dk_cgi_handle(&req, &out);
	assert_true(code == 200 || code == 503);
	dk_buf_free(&out);
}

/* Pages the sample index cannot produce: a suggestion, folded copies with
 * hostile sources and URLs, missing fields, offsets past the text. */
static void test_render_synthetic(void **state)
{
	(void)state;
	static char text[] = "Acme <b>merger</b> & friends agreed.";
	dk_span hl[] = { { 0, 4 }, { 8, 14 }, { 30, 999 }, { 2, 3 } };
	dk_passage ps[] = {
		{ 0, sizeof text - 1, 1.0, hl, 4, 1, 0 },
		{ 20, 5000, 0.5, NULL, 0, 2, 0 },  /* end past the text: clamped */
	};
	dk_also al[] = {
		{ "c1", "<b>AP</b>", "javascript:alert(1)" },
		{ "c2", "Reuters", "https://reuters.example/x?a=1&b=\"2\"" },
		{ "c3", NULL, NULL },
	};
	dk_also al3[] = {
		{ "v2", "www.theverge.com", "https://www.theverge.com/2" },
		{ "r1", "Reuters", "https://reuters.example/r1" },
		{ "v3", "www.theverge.com", "https://www.theverge.com/3" },
		{ "r2", "reuters", "https://reuters.example/r2" },
		{ "v4", "www.theverge.com", NULL },
	};
	dk_hit hits[3];
	memset(hits, 0, sizeof hits);
	/* Copies of one source are named once; the page's own site apart. */
	hits[2].art.id = "v1";
	hits[2].art.title = "Sam Altman fired";
	hits[2].art.source = "www.theverge.com";
	hits[2].also = al3;
	hits[2].nalso = 5;
	hits[2].also_total = 5;
	hits[0].art.id = "id-1";
	hits[0].art.title = NULL;  /* the id stands in */
	hits[0].art.url = "https://acme.example/merger";
	hits[0].art.text = text;
	hits[0].art.text_len = sizeof text - 1;
	hits[0].passages = ps;
	hits[0].npassages = 2;
	hits[0].also = al;
	hits[0].nalso = 3;
	hits[0].also_total = 12;
	hits[1].art.id = "id-2";
	hits[1].art.title = "No text, no passages";
	hits[1].also_total = 2;  /* counted, none listed */
	dk_result_page pg;
	memset(&pg, 0, sizeof pg);
	pg.query = "acme mergr";
	pg.total = 1234567;
	pg.total_exact = 1;
	pg.offset = 20;
	pg.suggestion = "acme \"merger\" <i>";
	pg.warning = "acm* matches more than 100 words <x>";
	pg.hits = hits;
	pg.nhits = 3;
	dk_cgi_params p = { "acme mergr", 10, 3, 10, 0, 0, 0, NULL, NULL };
	dk_buf b = DK_BUF_INIT;
	dk_cgi_render_results(&p, &pg, &b);
	assert_int_equal(b.err, DK_OK);
	check_markup(b.data, b.len, "synthetic");
	assert_non_null(strstr(b.data, "21&ndash;23 of 1,234,567 results"));
	assert_non_null(strstr(b.data, "<p class=\"suggestion\">Did you mean <a "
				       "href=\"?q=acme+%22merger%22+%3Ci%3E\"><strong>"
				       "acme &quot;merger&quot; &lt;i&gt;</strong></a>?</p>"));
	assert_non_null(strstr(b.data, "matches more than 100 words &lt;x&gt;"));
	assert_non_null(strstr(b.data, "<h3><a href=\"https://acme.example/merger\" "
				       "rel=\"noreferrer noopener\">id-1</a></h3>"));
	assert_non_null(strstr(b.data, "<p class=\"passage\"><mark>Acme</mark> &lt;b"
				       "&gt;<mark>merger</mark>&lt;/b&gt; &amp; friends "
				       "agreed.</p>"));
	assert_non_null(strstr(b.data, "<p class=\"passage\"> friends agreed.</p>"));
	assert_non_null(strstr(b.data, "Also carried by &lt;b&gt;AP&lt;/b&gt;, <a href="
				       "\"https://reuters.example/x?a=1&amp;b=&quot;2&quot;\""
				       " rel=\"noreferrer noopener\">Reuters</a>, c3 and 9 "
				       "more.</p>"));
	assert_non_null(strstr(b.data, "Also carried by 2 other sources.</p>"));
	assert_non_null(strstr(b.data, "Also carried by <a href=\"https://reuters.example/r1\" "
				       "rel=\"noreferrer noopener\">Reuters</a>; 3 more copies "
				       "on www.theverge.com.</p>"));
	assert_null(strstr(b.data, ">www.theverge.com</a>"));
	/* Pages: 3 of 1000 (the cap), with 1, 2, 4, 5 and the last. */
	assert_non_null(strstr(b.data, "aria-current=\"page\">3<"));
	assert_non_null(strstr(b.data, "href=\"?q=acme+mergr&amp;page=1000\""));
	assert_null(strstr(b.data, "page=1001"));
	dk_buf_free(&b);
	/* An estimated total says so. */
	pg.total_exact = 0;
	dk_cgi_render_results(&p, &pg, &b);
	assert_int_equal(b.err, DK_OK);
	assert_non_null(strstr(b.data, "21&ndash;23 of about 1,234,567 results"));
	dk_buf_free(&b);
}

/* ---- templates kept across requests (docket.fcgi) ---------------------- */

/* The form page through dk_cgi_handle with the cache c and dir; its code
 * and whether its body holds want. */
static int form_with(dk_cgi_templates_cache *c, const char *dir,
		     const char *want, int *has)
{
	dk_cgi_request req = { "GET", "", NULL, 2.0, NULL, 0, NULL, dir, c };
	dk_buf out = DK_BUF_INIT;
	int code = dk_cgi_handle(&req, &out);
	assert_int_equal(out.err, DK_OK);
	*has = strstr(out.data, want) != NULL;
	dk_buf_free(&out);
	return code;
}

static void put_footer(const char *dir, const char *word)
{
	char text[128];
	snprintf(text, sizeof text, "<footer>%s</footer></div></body></html>\n",
		 word);
	fixture_put(dir, "footer.html", text);
}

/* Give dir/footer.html modification time t (s): a same-size edit within
 * one clock tick would otherwise keep its time. */
static void set_mtime(const char *dir, time_t t)
{
	char p[PATH_MAX + 32];
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };
	snprintf(p, sizeof p, "%s/footer.html", dir);
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
}

static void test_templates_cache(void **state)
{
	(void)state;
	char dir[PATH_MAX + 32];
	const dk_cgi_templates *t1, *t2, *t3;
	char *err = NULL;
	int has;
	snprintf(dir, sizeof dir, "%s/site-templates", root);
	assert_int_equal(mkdir(dir, 0700), 0);
	dk_cgi_templates_cache *c = dk_cgi_templates_cache_new();
	assert_non_null(c);

	/* The built-in set, parsed once. */
	assert_int_equal(dk_cgi_templates_get(c, NULL, &t1, &err), DK_OK);
	assert_int_equal(dk_cgi_templates_get(c, "", &t2, &err), DK_OK);
	assert_ptr_equal(t1, t2);
	assert_int_equal(form_with(c, NULL, "<footer>Docket", &has), 200);
	assert_true(has);

	/* A directory without the file: built in, kept while nothing
	 * changes. */
	assert_int_equal(dk_cgi_templates_get(c, dir, &t1, &err), DK_OK);
	assert_int_equal(dk_cgi_templates_get(c, dir, &t2, &err), DK_OK);
	assert_ptr_equal(t1, t2);

	/* The file appears: read on the next request, then kept. */
	put_footer(dir, "alpha");
	set_mtime(dir, 1000000000);
	assert_int_equal(form_with(c, dir, "<footer>alpha", &has), 200);
	assert_true(has);
	assert_int_equal(dk_cgi_templates_get(c, dir, &t1, &err), DK_OK);
	assert_int_equal(dk_cgi_templates_get(c, dir, &t2, &err), DK_OK);
	assert_ptr_equal(t1, t2);

	/* Edited in place, same size: the modification time tells. */
	put_footer(dir, "gamma");
	set_mtime(dir, 1000000001);
	assert_int_equal(form_with(c, dir, "<footer>gamma", &has), 200);
	assert_true(has);

	/* A broken edit is a 500 and keeps nothing; the fix shows next. */
	fixture_put(dir, "footer.html", "<footer>{{#open}}</footer>\n");
	assert_int_equal(dk_cgi_templates_get(c, dir, &t3, &err), DK_ERR_PARSE);
	assert_null(t3);
	assert_non_null(err);
	assert_non_null(strstr(err, "footer.html"));
	free(err);
	err = NULL;
	assert_int_equal(form_with(c, dir, "page templates", &has), 500);
	assert_true(has);
	put_footer(dir, "delta");
	assert_int_equal(form_with(c, dir, "<footer>delta", &has), 200);
	assert_true(has);

	/* Removed: the built-in footer again. */
	char p[PATH_MAX + 32];
	snprintf(p, sizeof p, "%s/footer.html", dir);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(form_with(c, dir, "<footer>Docket", &has), 200);
	assert_true(has);

	/* Back to no directory. */
	put_footer(dir, "omega");
	assert_int_equal(form_with(c, dir, "<footer>omega", &has), 200);
	assert_true(has);
	assert_int_equal(form_with(c, NULL, "<footer>Docket", &has), 200);
	assert_true(has);
	dk_cgi_templates_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_url_decode),
		cmocka_unit_test(test_url_encode),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_url_linkable),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_lengths),
		cmocka_unit_test(test_render_synthetic),
	};
	const struct CMUnitTest with_index[] = {
		cmocka_unit_test(test_form_page),
		cmocka_unit_test(test_results_page),
		cmocka_unit_test(test_empty_states),
		cmocka_unit_test(test_more_like_this),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_keeps_query),
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_xss_query),
		cmocka_unit_test(test_xss_stored),
		cmocka_unit_test(test_time_limit_passed),
		cmocka_unit_test(test_templates_cache),
	};
	int rc = cmocka_run_group_tests_name("cgi", pure, NULL, NULL);
	rc |= cmocka_run_group_tests_name("cgi with index", with_index, group_setup,
					  group_teardown);
	return rc;
}
