/*
 * dump_jsonl.c - one article per line, a JSON object (parsed with jansson);
 * or a file that is one JSON document: an array of such objects, one
 * object pretty-printed, or an object holding one list of them (a news
 * API's answer).
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
	"datePublished", "publishedAt", "pubdate", "date_publish", NULL };
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
 * author and the text, an object for the author and (its "name") the
 * source. */
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
	if (json_is_object(v) && k == F_SOURCE &&   /* {"id":..,"name":..} */
	    json_is_string(json_object_get(v, "name")))
		return json_object_get(v, "name");
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

/* One record from the JSON value o (a reference the call takes over);
 * see dk_dump_jsonl_parse. */
static dk_status parse_value(json_t *o, dk_article *a, char *err,
			     size_t errcap)
{
	dk_status st = DK_OK;
	json_t *extra = NULL, *html = NULL;
	err[0] = '\0';
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

dk_status dk_dump_jsonl_parse(const char *line, size_t len, dk_article *a,
				 char *err, size_t errcap)
{
	json_error_t je;
	json_t *o = json_loadb(line, len, JSON_DECODE_ANY, &je);
	err[0] = '\0';
	if (!o) {
		snprintf(err, errcap, "invalid JSON at column %d: %s", je.column,
			 je.text);
		return DK_ERR_PARSE;
	}
	return parse_value(o, a, err, errcap);
}

/* ---- a whole JSON document: an array of records, or one record -------- */

/* The largest JSON document read whole (a --max-record above it wins). */
#define MAX_JSON_DOC (256u * 1024 * 1024)

/* The records of a document: the array itself, or the one array of
 * objects an object holds when it is no record itself ({"articles":
 * [...]}, as news APIs answer); NULL when doc is one record. */
static json_t *doc_records(json_t *doc)
{
	if (json_is_array(doc))
		return doc;
	if (!json_is_object(doc))
		return NULL;
	/* An object with an id, a URL, a title, a text or a page is a
	 * record, whatever lists it holds (its authors). */
	static const int record_fields[] = { F_ID, F_URL, F_TITLE, F_TEXT };
	for (size_t j = 0; j < sizeof record_fields / sizeof *record_fields;
	     j++) {
		int k = record_fields[j];
		for (const char *const *n = field_keys[k]; *n; n++)
			if (usable(json_object_get(doc, *n), k))
				return NULL;
	}
	if (json_object_get(doc, "html"))
		return NULL;
	json_t *found = NULL;
	const char *key;
	json_t *v;
	json_object_foreach(doc, key, v) {
		if (!json_is_array(v) || !json_array_size(v) ||
		    !json_is_object(json_array_get(v, 0)))
			continue;
		if (found)
			return NULL;  /* two lists: which one is unclear */
		found = v;
	}
	return found;
}

/*
 * A file that opens with '[' or with a '{' alone on its line is one JSON
 * document (an exported array, a pretty-printed article) rather than JSON
 * Lines.  Reads it whole and hands its records to the sink ("item N" for
 * the N-th of an array).  *fallback is set when the file does not parse
 * as one JSON value: the caller then reads it as lines, as before.
 */
static dk_status read_document(const char *path, size_t max,
			       const dk_dump_sink *sink, int *fallback)
{
	char *data = NULL, *msg = NULL, err[256], where[64];
	size_t len = 0;
	*fallback = 0;
	dk_status st = dk_dumpfile_read(path, max, &data, &len, &msg);
	if (st == DK_ERR_TOO_BIG) {
		char m[200];
		snprintf(m, sizeof m, "a JSON document of over %zu MiB, not "
			 "read (give JSON Lines: one record a line)",
			 max >> 20);
		sink->report(sink->ctx, path, "", m, 1);
		free(data);
		free(msg);
		return DK_OK;
	}
	if (st) {
		sink->report(sink->ctx, path, "", msg ? msg : dk_status_str(st),
			     1);
		free(data);
		free(msg);
		return st == DK_ERR_NOMEM ? st : DK_OK;
	}
	if (msg)
		sink->report(sink->ctx, path, "", msg, 0);
	free(msg);
	dk_buf clean = DK_BUF_INIT;
	const char *text = data;
	if (!dk_utf8_valid(data, len)) {
		dk_utf8_report rep;
		dk_utf8_clean(data, len, &clean, &rep);
		if (clean.err) {
			free(data);
			return DK_ERR_NOMEM;
		}
		snprintf(where, sizeof where, "byte %zu", rep.first_invalid);
		snprintf(err, sizeof err, "invalid UTF-8 (%zu byte%s replaced "
			 "with U+FFFD)", rep.invalid, rep.invalid == 1 ? "" : "s");
		sink->report(sink->ctx, path, where, err, 0);
		text = clean.data;
		len = clean.len;
	}
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	json_error_t je;
	json_t *doc = json_loadb(text, len, JSON_DECODE_ANY, &je);
	dk_buf_free(&clean);
	free(data);
	if (!doc) {
		*fallback = 1;
		return DK_OK;
	}
	json_t *list = doc_records(doc);
	size_t n = list ? json_array_size(list) : 1;
	st = DK_OK;
	for (size_t i = 0; i < n && !st; i++) {
		json_t *o = list ? json_incref(json_array_get(list, i))
				 : json_incref(doc);
		dk_article a = { 0 };
		if (list)
			snprintf(where, sizeof where, "item %zu", i + 1);
		else
			where[0] = '\0';
		st = parse_value(o, &a, err, sizeof err);
		if (st == DK_ERR_PARSE) {
			sink->report(sink->ctx, path, where, err, 1);
			st = DK_OK;
			continue;
		}
		if (!st)
			st = sink->article(sink->ctx, &a);
		dk_article_clear(&a);
	}
	json_decref(doc);
	if (sink->progress)
		sink->progress(sink->ctx, len, len);
	return st;
}

/* 1 when the first non-blank line line[0..len) says the file is one JSON
 * document: it opens an array, is a '{' alone, or is an object that is
 * no record but holds a list of them. */
static int opens_document(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	if (i < len && line[i] == '[')
		return 1;
	if (i < len && line[i] == '{') {
		json_t *o = json_loadb(line, len, JSON_DECODE_ANY, NULL);
		int list = o && doc_records(o) != NULL;
		json_decref(o);
		if (list)
			return 1;
	}
	while (len > i && (line[len - 1] == ' ' || line[len - 1] == '\t' ||
			   line[len - 1] == '\r'))
		len--;
	return len - i == 1 && line[i] == '{';
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
	int seen = 0;   /* a non-blank line was read */
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
		if (!seen && opens_document(line, len)) {
			int fallback = 0;
			st = read_document(path, max > MAX_JSON_DOC ? max :
					   MAX_JSON_DOC, sink, &fallback);
			if (st || !fallback)
				break;
		}
		seen = 1;
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
