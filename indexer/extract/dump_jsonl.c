/*
 * dump_jsonl.c - one article per line, a JSON object (parsed with jansson).
 *
 * Known keys (doc/input.md): id (required, or else url; string or number),
 * url, title, source, date, author, text or html, lang, each also under
 * the other names common dumps give it (field_keys below).  An "html"
 * value is a raw page: its main content becomes the text (unless "text"
 * is there too) and its metadata fills the fields the line leaves out,
 * as for an HTML file (indexer/extract/html_page.h).  Every other key is kept in the
 * article's extra metadata as a compact JSON object.  A line that is not
 * valid UTF-8 is cleaned (invalid bytes become U+FFFD) and read, with a
 * warning; a line that is not a JSON object, or has no id, is skipped.
 */
#include "dump_reader.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../common/buf.h"
#include "dumpfile.h"
#include "html_page.h"
#include "text.h"
#include "../../common/utf8.h"

static dk_status set_str(char **f, json_t *v)
{
	if (json_is_string(v)) {
		dk_buf b = DK_BUF_INIT;
		dk_text_squeeze(json_string_value(v), json_string_length(v), &b);
		dk_status st = b.err;
		if (!st && b.len)
			st = dk_article_set(f, b.data, b.len);
		dk_buf_free(&b);
		return st;
	}
	if (json_is_integer(v)) {
		char tmp[32];
		snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
		return dk_article_set(f, tmp, strlen(tmp));
	}
	if (json_is_real(v)) {
		char tmp[64];
		snprintf(tmp, sizeof tmp, "%.17g", json_real_value(v));
		return dk_article_set(f, tmp, strlen(tmp));
	}
	return DK_OK;
}

/* An author may be a string, a {"name": ...} object, or a list of
 * either. */
static dk_status set_author(dk_article *a, json_t *v)
{
	if (json_is_object(v))
		v = json_object_get(v, "name");
	if (!json_is_array(v))
		return set_str(&a->author, v);
	dk_buf b = DK_BUF_INIT;
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e) {
		if (json_is_object(e))
			e = json_object_get(e, "name");
		if (!json_is_string(e))
			continue;
		if (b.len)
			dk_buf_puts(&b, ", ");
		dk_buf_append(&b, json_string_value(e), json_string_length(e));
	}
	dk_status st = b.err;
	if (!st && b.len)
		st = dk_article_set(&a->author, b.data, b.len);
	dk_buf_free(&b);
	return st;
}

/* The keys each field is read from, the first present winning: Docket's
 * own, then those of common crawlers' and exporters' dumps (news-please,
 * trafilatura, TREC's docno, Mongo's _id).  A text under another name
 * ("body", "content", "abstract") would otherwise be kept as metadata
 * only, and not be searched. */
enum { F_ID, F_URL, F_TITLE, F_SOURCE, F_DATE, F_AUTHOR, F_LANG, F_TEXT,
       NFIELDS };
static const char *const id_keys[] = { "id", "_id", "docid", "doc_id",
	"docno", "uuid", "guid", NULL };
static const char *const url_keys[] = { "url", "link", "uri",
	"canonical_url", NULL };
static const char *const title_keys[] = { "title", "headline", NULL };
static const char *const source_keys[] = { "source", "site_name",
	"publisher", NULL };
static const char *const date_keys[] = { "date", "published",
	"published_at", "publish_date", "publication_date", "date_published",
	"datePublished", "pubdate", "date_publish", NULL };
static const char *const author_keys[] = { "author", "authors", "byline",
	"creator", NULL };
static const char *const lang_keys[] = { "lang", "language", NULL };
static const char *const text_keys[] = { "text", "body", "content",
	"maintext", "full_text", "fulltext", "article_text", "articleBody",
	"article", "abstract", "description", "summary", NULL };
static const char *const *const field_keys[NFIELDS] = {
	id_keys, url_keys, title_keys, source_keys, date_keys, author_keys,
	lang_keys, text_keys,
};

/* v when it can fill field k, else NULL: a string (a non-empty one for
 * an id), a number for the id, title, date and source, a list for the
 * author and the text. */
static json_t *usable(json_t *v, int k)
{
	if (!v)
		return NULL;
	if (json_is_string(v))
		return k == F_ID && !json_string_length(v) ? NULL : v;
	if (json_is_number(v))
		return k == F_ID || k == F_TITLE || k == F_DATE ||
		       k == F_SOURCE ? v : NULL;
	if (json_is_array(v))
		return k == F_AUTHOR || k == F_TEXT ? v : NULL;
	if (json_is_object(v) && k == F_AUTHOR)
		return v;
	return NULL;
}

/* A date given as a number of at least 1e8 is Unix time (1973 on):
 * seconds, or milliseconds when it is too large for seconds (after the
 * year 5138).  Smaller numbers are read as written: a year (2024) or
 * YYYYMMDD (20240115). */
static dk_status set_date(char **f, json_t *v)
{
	if (!json_is_number(v) || json_number_value(v) < 1e8)
		return set_str(f, v);
	double t = json_number_value(v);
	if (t >= 1e11)
		t /= 1000;
	struct tm tm;
	time_t tt = (time_t)t;
	if (t < 0 || t >= 1e11 || !gmtime_r(&tt, &tm))
		return DK_OK;  /* no date rather than a wrong one */
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday);
	return dk_article_set(f, tmp, strlen(tmp));
}

/* The body: a string, or a list of strings (paragraphs). */
static dk_status set_text(dk_article *a, json_t *v)
{
	dk_buf j = DK_BUF_INIT, c = DK_BUF_INIT, b = DK_BUF_INIT;
	if (json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) {
			if (!json_is_string(e))
				continue;
			if (j.len)
				dk_buf_puts(&j, "\n\n");
			dk_buf_append(&j, json_string_value(e),
				      json_string_length(e));
		}
	} else {
		dk_buf_append(&j, json_string_value(v), json_string_length(v));
	}
	/* JSON escapes can carry control characters and CRs; text.h wants
	 * clean text. */
	dk_utf8_clean(j.data ? j.data : "", j.len, &c, NULL);
	dk_text_paragraphs(c.data ? c.data : "", c.len, &b);
	dk_status st = j.err ? j.err : c.err ? c.err : b.err;
	dk_buf_free(&j);
	dk_buf_free(&c);
	if (!st) {
		free(a->text);
		a->text = dk_buf_detach(&b, &a->text_len);
		if (!a->text)
			st = DK_ERR_NOMEM;
	}
	dk_buf_free(&b);
	return st;
}

dk_status dk_dump_jsonl_parse(const char *line, size_t len, dk_article *a,
				 char *err, size_t errcap)
{
	dk_status st = DK_OK;
	json_error_t je;
	json_t *extra = NULL, *html = NULL;
	json_t *o = json_loadb(line, len, JSON_DECODE_ANY, &je);
	err[0] = '\0';
	if (!o) {
		snprintf(err, errcap, "invalid JSON at column %d: %s", je.column,
			 je.text);
		return DK_ERR_PARSE;
	}
	if (!json_is_object(o)) {
		snprintf(err, errcap, "not a JSON object");
		st = DK_ERR_PARSE;
		goto out;
	}
	/* Each field from the first of its keys the object has (doc/input.md):
	 * dumps made by other tools name them their own way. */
	json_t *f[NFIELDS];
	const char *used[NFIELDS];
	/* With a raw page only "text" overrides its main content (a
	 * "description" beside it is metadata). */
	int page = json_is_string(json_object_get(o, "html"));
	for (int k = 0; k < NFIELDS; k++) {
		f[k] = NULL;
		used[k] = NULL;
		for (const char *const *n = field_keys[k];
		     *n && !f[k] && !(page && k == F_TEXT && n > field_keys[k]);
		     n++)
			if ((f[k] = usable(json_object_get(o, *n), k)))
				used[k] = *n;
	}
	json_t *id = f[F_ID] ? f[F_ID] : f[F_URL];
	if (!id) {
		snprintf(err, errcap, "no \"id\" (a string or number) and no "
			 "\"url\"");
		st = DK_ERR_PARSE;
		goto out;
	}
	extra = json_object();
	if (!extra) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	st = set_str(&a->id, id);
	if (!st && f[F_URL])
		st = set_str(&a->url, f[F_URL]);
	if (!st && f[F_TITLE])
		st = set_str(&a->title, f[F_TITLE]);
	if (!st && f[F_SOURCE])
		st = set_str(&a->source, f[F_SOURCE]);
	if (!st && f[F_DATE])
		st = set_date(&a->date, f[F_DATE]);
	if (!st && f[F_AUTHOR])
		st = set_author(a, f[F_AUTHOR]);
	if (!st && f[F_LANG])
		st = set_str(&a->lang, f[F_LANG]);
	if (!st && f[F_TEXT])
		st = set_text(a, f[F_TEXT]);
	if (st)
		goto out;
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		int taken = 0;
		for (int k = 0; k < NFIELDS && !taken; k++)
			taken = used[k] && !strcmp(key, used[k]);
		if (taken)
			continue;
		if (!strcmp(key, "html")) {
			/* Read after the other keys, which win over what
			 * the page says about itself. */
			if (json_is_string(v)) {
				html = v;
				continue;
			}
		}
		if (json_object_set(extra, key, v)) {
			st = DK_ERR_NOMEM;
			goto out;
		}
	}
	if (html) {
		/* A raw page: its main content is the text unless a "text"
		 * key gave one, and its metadata fills the fields the line
		 * did not give (indexer/extract/html_page.h). */
		const char *herr = NULL;
		dk_html_page_opts ho = { NULL, a->url, NULL, NULL };
		st = dk_html_page_read(json_string_value(html), json_string_length(html),
				       &ho, a, &herr);
		if (st == DK_ERR_PARSE)
			st = DK_OK;     /* no text in it: the title rule below decides */
		if (st)
			goto out;
	}
	if (!a->id) {  /* an id of white space only */
		snprintf(err, errcap, "no \"id\" (a string or number)");
		st = DK_ERR_PARSE;
		goto out;
	}
	if (!a->text && !a->title) {
		snprintf(err, errcap, "no \"text\" or \"title\"");
		st = DK_ERR_PARSE;
		goto out;
	}
	if (!a->text && !(a->text = dk_strndup("", 0))) {
		st = DK_ERR_NOMEM;
		goto out;
	}
	if (json_object_size(extra)) {
		a->extra = json_dumps(extra, JSON_COMPACT | JSON_SORT_KEYS);
		if (!a->extra) {
			st = DK_ERR_NOMEM;
			goto out;
		}
	}
	st = dk_dump_article_finish(a);
out:
	json_decref(extra);
	json_decref(o);
	if (st)
		dk_article_clear(a);
	return st;
}

static dk_status jsonl_dump_read(const char *path, const char *id,
				 const dk_dump_sink *sink)
{
	(void)id;  /* each record carries its own */
	dk_lines *r = NULL;
	char *msg = NULL;
	char where[64], err[256];
	size_t max = sink->max_record ? sink->max_record : DK_MAX_RECORD;
	dk_buf clean = DK_BUF_INIT;
	dk_status st = dk_lines_open(path, max, &r, &msg);
	if (st) {
		sink->report(sink->ctx, path, "", msg ? msg : dk_status_str(st), 1);
		free(msg);
		return DK_OK;
	}
	for (;;) {
		const char *line;
		size_t len;
		st = dk_lines_next(r, &line, &len);
		if (st == DK_ERR_NOT_FOUND) {
			st = DK_OK;
			if (dk_lines_trailing(r) >= 0) {
				char m[160];
				snprintf(where, sizeof where, "byte %lld",
					 (long long)dk_lines_trailing(r));
				snprintf(m, sizeof m, "data after the end of the gzip "
					 "stream, ignored");
				sink->report(sink->ctx, path, where, m, 0);
			}
			break;
		}
		snprintf(where, sizeof where, "line %llu",
			 (unsigned long long)dk_lines_lineno(r));
		if (st == DK_ERR_TOO_BIG) {
			sink->report(sink->ctx, path, where, dk_lines_error(r), 1);
			continue;
		}
		if (st == DK_ERR_PARSE || st == DK_ERR_IO) {
			sink->report(sink->ctx, path, where, dk_lines_error(r), 1);
			st = DK_OK;
			break;
		}
		if (st)
			break;
		if (sink->progress && (dk_lines_lineno(r) & 63) == 0)
			sink->progress(sink->ctx, dk_lines_consumed(r),
				       dk_lines_uncompressed(r));
		/* A byte order mark may open the file (format sniffing
		 * skips it too). */
		if (dk_lines_lineno(r) == 1 && len >= 3 &&
		    !memcmp(line, "\xEF\xBB\xBF", 3)) {
			line += 3;
			len -= 3;
		}
		/* Blank lines are allowed between records. */
		size_t k = 0;
		while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
			k++;
		if (k == len)
			continue;
		if (!dk_utf8_valid(line, len)) {
			dk_utf8_report rep;
			dk_buf_reset(&clean);
			dk_utf8_clean(line, len, &clean, &rep);
			if (clean.err) {
				st = DK_ERR_NOMEM;
				break;
			}
			char m[128];
			snprintf(m, sizeof m,
				 "invalid UTF-8 at byte %zu of the line (%zu byte%s replaced)",
				 rep.first_invalid, rep.invalid,
				 rep.invalid == 1 ? "" : "s");
			sink->report(sink->ctx, path, where, m, 0);
			line = clean.data;
			len = clean.len;
		}
		dk_article a = { 0 };
		st = dk_dump_jsonl_parse(line, len, &a, err, sizeof err);
		if (st == DK_ERR_PARSE) {
			sink->report(sink->ctx, path, where, err, 1);
			st = DK_OK;
			continue;
		}
		if (st)
			break;
		st = sink->article(sink->ctx, &a);
		dk_article_clear(&a);
		if (st)
			break;
	}
	if (sink->progress)
		sink->progress(sink->ctx, dk_lines_consumed(r),
				       dk_lines_uncompressed(r));
	dk_lines_close(r);
	dk_buf_free(&clean);
	return st;
}

static int jsonl_sniff(const char *head, size_t n)
{
	return n > 0 && head[0] == '{';
}

static const char *const jsonl_names[] = { "jsonl", "json", NULL };
static const char *const jsonl_endings[] = { ".jsonl", ".ndjson", ".json",
					     NULL };
const dk_dump_reader dk_jsonl_reader = {
	DK_FORMAT_JSONL, jsonl_names, jsonl_endings, jsonl_sniff,
	jsonl_dump_read
};
