/*
 * test_dump.c - unit tests for indexer/extract/dump.c, dump_text.c and dump_jsonl.c.
 *
 * The two record parsers are driven from tables of inputs and the fields
 * expected from each; format detection from a table of names and heads;
 * and dk_dump_read() over files the test writes into one mkdtemp directory
 * (group set-up and tear-down), with a sink that copies out the ids and
 * titles of the articles it receives and every problem reported, so a test
 * can say "these articles arrived, and this was reported about line 3".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "../../common/buf.h"
#include "../../indexer/extract/dump.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define FFFD "\xEF\xBF\xBD"

#define TMPDIR_NAME "docket-test-dump"
#include "fixture.h"

/* Write data to tmpdir_root/name, gzip-compressed when the name ends in ".gz". */
static void write_file(char *path, const char *name, const char *data, size_t len)
{
	tmpdir_path(path, name);
	size_t n = strlen(name);
	if (n > 3 && !strcmp(name + n - 3, ".gz")) {
		gzFile gz = gzopen(path, "wb");
		assert_non_null(gz);
		if (len)
			assert_int_equal(gzwrite(gz, data, (unsigned)len), (int)len);
		assert_int_equal(gzclose(gz), Z_OK);
		return;
	}
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* A NULL-safe string comparison for expected fields. */
static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

#define S(x) ((x) ? (x) : "(null)")

/* ---- dk_dump_text_parse -------------------------------------------- */

struct text_row {
	const char *name;
	const char *in;
	const char *title, *date, *source, *url, *author, *site;
	const char *text;    /* NULL: DK_ERR_PARSE */
};

#define LONG_SENTENCE \
	"The federal judge in San Jose on Friday refused to dismiss the privacy lawsuit that users brought against Brightpath last year."

static const struct text_row text_rows[] = {
	{ "full header",
	  "Title: Court rules\nDate: 2025-01-24\nSource: LawBeat\n"
	  "URL: https://www.LawBeat.example/a/b\nAuthor: Aditi Rao\n\nBody one.\nBody two.\n",
	  "Court rules", "2025-01-24", "LawBeat", "https://www.LawBeat.example/a/b",
	  "Aditi Rao", "lawbeat.example", "Body one.\nBody two." },
	{ "keys are case-insensitive",
	  "TITLE: Upper\ndate: January 24, 2025\nsOuRcE: Mixed\nurl: http://x.org/\nAUTHOR: A\n\nText.",
	  "Upper", "2025-01-24", "Mixed", "http://x.org/", "A", "x.org", "Text." },
	{ "values trimmed",
	  "Title:    Spaced out   \t\nAuthor:\tB  \n\nText.",
	  "Spaced out", NULL, NULL, NULL, "B", NULL, "Text." },
	{ "header ends at the blank line",
	  "Title: T\nDate: 2025-01-24\n\nAuthor: not a header line\nBody.",
	  "T", "2025-01-24", NULL, NULL, NULL, NULL, "Author: not a header line\nBody." },
	{ "an unknown key ends the header",
	  "Title: T\nNote: this is body text\nMore body.\n",
	  "T", NULL, NULL, NULL, NULL, NULL, "Note: this is body text\nMore body." },
	{ "header without a blank line after it",
	  "Title: T\nThe body starts here.",
	  "T", NULL, NULL, NULL, NULL, NULL, "The body starts here." },
	{ "header only",
	  "Title: Only a title\n",
	  "Only a title", NULL, NULL, NULL, NULL, NULL, "" },
	{ "source derived from the URL",
	  "Title: T\nURL: https://www.Example.COM:8443/x?y#z\n\nText.",
	  "T", NULL, "example.com", "https://www.Example.COM:8443/x?y#z", NULL,
	  "example.com", "Text." },
	{ "a date that is no date is dropped",
	  "Title: T\nDate: sometime soon\n\nText.",
	  "T", NULL, NULL, NULL, NULL, NULL, "Text." },
	{ "no header: headline first line",
	  "Judge trims Harlow v. Brightpath\n\nThe court dismissed two claims.\n",
	  "Judge trims Harlow v. Brightpath", NULL, NULL, NULL, NULL, NULL,
	  "The court dismissed two claims." },
	{ "no header: headline with a colon",
	  "Breaking: Court rules against Brightpath\nText follows.",
	  "Breaking: Court rules against Brightpath", NULL, NULL, NULL, NULL, NULL,
	  "Text follows." },
	{ "no header: a long first sentence is no title",
	  LONG_SENTENCE "\nSecond paragraph.\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, LONG_SENTENCE "\nSecond paragraph." },
	{ "no header: a short sentence with a period is no title",
	  "The court ruled.\nMore.\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, "The court ruled.\nMore." },
	{ "no header: one word is no title",
	  "Hello\nWorld is here\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, "Hello\nWorld is here" },
	{ "no header: a single line is the body",
	  "Just one line of text here",
	  NULL, NULL, NULL, NULL, NULL, NULL, "Just one line of text here" },
	{ "BOM before the header",
	  "\xEF\xBB\xBFTitle: With BOM\n\nText.",
	  "With BOM", NULL, NULL, NULL, NULL, NULL, "Text." },
	{ "BOM before a headline",
	  "\xEF\xBB\xBFSome Headline Here\nText.",
	  "Some Headline Here", NULL, NULL, NULL, NULL, NULL, "Text." },
	{ "leading blank lines and CRLF",
	  "\r\n\r\nTitle: T\r\nDate: 2024-12-09\r\n\r\nLine one.\r\nLine two.\r\n",
	  "T", "2024-12-09", NULL, NULL, NULL, NULL, "Line one.\nLine two." },
	{ "control characters become spaces",
	  "Title: A\x01" "B\n\nx\x02y",
	  "A B", NULL, NULL, NULL, NULL, NULL, "x y" },
	{ "invalid UTF-8 replaced",
	  "Title: caf\xFF\n\nbad \xC0 byte",
	  "caf" FFFD, NULL, NULL, NULL, NULL, NULL, "bad " FFFD " byte" },
	{ "empty", "", NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "only white space", " \n\t\n\n  ", NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "only a BOM", "\xEF\xBB\xBF", NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "only NUL bytes", "\0\0", NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "header with no value and no body", "Title:\n\n", NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};

static void test_text_parse_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t r = 0; r < ARRAY_LEN(text_rows); r++) {
		const struct text_row *row = &text_rows[r];
		/* "only NUL bytes" holds NULs, so lengths come from the row. */
		size_t n = !strcmp(row->name, "only NUL bytes") ? 2 : strlen(row->in);
		char *in = malloc(n ? n : 1);
		assert_non_null(in);
		memcpy(in, row->in, n);
		dk_article a = { 0 };
		const char *err = NULL;
		dk_status st = dk_dump_text_parse(in, n, "dir/file.txt", &a, &err);
		free(in);
		if (!row->text) {
			if (st != DK_ERR_PARSE || !err || !*err) {
				print_error("%s: status %d, want DK_ERR_PARSE with a message\n",
					    row->name, st);
				bad++;
			}
			dk_article_clear(&a);
			continue;
		}
		if (st != DK_OK) {
			print_error("%s: status %d (%s)\n", row->name, st, S(err));
			bad++;
			dk_article_clear(&a);
			continue;
		}
		const char *want[] = { row->title, row->date, row->source, row->url,
				       row->author, row->site, row->text, "dir/file.txt" };
		const char *got[] = { a.title, a.date, a.source, a.url, a.author,
				      a.site, a.text, a.id };
		static const char *const names[] = { "title", "date", "source", "url",
						     "author", "site", "text", "id" };
		for (size_t k = 0; k < ARRAY_LEN(want); k++)
			if (!same(want[k], got[k])) {
				print_error("%s: %s \"%s\", want \"%s\"\n", row->name,
					    names[k], S(got[k]), S(want[k]));
				bad++;
			}
		if (a.text && a.text_len != strlen(a.text)) {
			print_error("%s: text_len %zu\n", row->name, a.text_len);
			bad++;
		}
		dk_article_clear(&a);
	}
	assert_int_equal(bad, 0);
}

/* The Lang key, and its aliases. */
static void test_text_parse_aliases(void **state)
{
	(void)state;
	static const char in[] =
		"Headline: H\nPublished: 2025-02-03\nByline: C D\nLanguage: de\n\nText.";
	dk_article a = { 0 };
	const char *err;
	assert_int_equal(dk_dump_text_parse(in, sizeof in - 1, "x", &a, &err), DK_OK);
	assert_string_equal(a.title, "H");
	assert_string_equal(a.date, "2025-02-03");
	assert_string_equal(a.author, "C D");
	assert_string_equal(a.lang, "de");
	assert_string_equal(a.text, "Text.");
	dk_article_clear(&a);
}

/* ---- dk_dump_jsonl_parse ------------------------------------------- */

struct jsonl_row {
	const char *name;
	const char *in;
	const char *id, *title, *date, *source, *site, *url, *author, *lang;
	const char *extra;
	const char *text;    /* NULL: DK_ERR_PARSE, err must contain `error` */
	const char *error;
};

static const struct jsonl_row jsonl_rows[] = {
	{ "all known keys",
	  "{\"id\":\"a1\",\"url\":\"https://www.Meridian.example/x\",\"title\":\"T\","
	  "\"source\":\"Meridian Wire\",\"date\":\"2025-01-22\",\"author\":\"Tomasz Wrona\","
	  "\"lang\":\"en\",\"text\":\"One.\\n\\nTwo.\"}",
	  "a1", "T", "2025-01-22", "Meridian Wire", "meridian.example",
	  "https://www.Meridian.example/x", "Tomasz Wrona", "en", NULL, "One.\nTwo.", NULL },
	{ "numeric id", "{\"id\":42,\"text\":\"t\"}",
	  "42", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "t", NULL },
	{ "negative id", "{\"id\":-7,\"text\":\"t\"}",
	  "-7", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "t", NULL },
	{ "real id", "{\"id\":4.5,\"text\":\"t\"}",
	  "4.5", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "t", NULL },
	{ "title without text", "{\"id\":\"x\",\"title\":\"Only title\"}",
	  "x", "Only title", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "", NULL },
	{ "white space squeezed", "{\"id\":\" a  b \",\"title\":\"  T \\t x \"}",
	  "a b", "T x", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "", NULL },
	{ "empty strings are absent", "{\"id\":\"x\",\"title\":\"\",\"author\":\"\",\"text\":\"t\"}",
	  "x", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "t", NULL },
	{ "author as a list",
	  "{\"id\":\"x\",\"text\":\"t\",\"author\":[\"Ann\",{\"name\":\"Bo\"},3,null,{\"x\":1},\"Cy\"]}",
	  "x", NULL, NULL, NULL, NULL, NULL, "Ann, Bo, Cy", NULL, NULL, "t", NULL },
	{ "author as an empty list", "{\"id\":\"x\",\"text\":\"t\",\"author\":[]}",
	  "x", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "t", NULL },
	{ "extra keys kept, sorted and compact",
	  "{\"zeta\": 1, \"id\": \"x\", \"alpha\": {\"b\": [1, 2], \"a\": \"\xC3\xA9\"},"
	  " \"text\": \"t\", \"mid\": null, \"flag\": true}",
	  "x", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	  "{\"alpha\":{\"a\":\"\xC3\xA9\",\"b\":[1,2]},\"flag\":true,\"mid\":null,\"zeta\":1}",
	  "t", NULL },
	{ "no extra keys: extra is NULL", "{\"id\":\"x\",\"text\":\"t\",\"lang\":\"fr\"}",
	  "x", NULL, NULL, NULL, NULL, NULL, NULL, "fr", NULL, "t", NULL },
	{ "date normalized", "{\"id\":\"x\",\"text\":\"t\",\"date\":\"January 24, 2025\"}",
	  "x", NULL, "2025-01-24", NULL, NULL, NULL, NULL, NULL, NULL, "t", NULL },
	{ "ISO timestamp normalized", "{\"id\":\"x\",\"text\":\"t\",\"date\":\"2025-01-24T10:00:00Z\"}",
	  "x", NULL, "2025-01-24", NULL, NULL, NULL, NULL, NULL, NULL, "t", NULL },
	{ "bare-year date", "{\"id\":\"x\",\"text\":\"t\",\"date\":2024}",
	  "x", NULL, "2024", NULL, NULL, NULL, NULL, NULL, NULL, "t", NULL },
	{ "a year refined by the URL's date",
	  "{\"id\":\"x\",\"text\":\"t\",\"date\":\"2023\",\"url\":\"https://news.example/2023/11/9/1/slug\"}",
	  "x", NULL, "2023-11-09", "news.example", "news.example",
	  "https://news.example/2023/11/9/1/slug", NULL, NULL, NULL, "t", NULL },
	{ "a URL date that disagrees is ignored",
	  "{\"id\":\"x\",\"text\":\"t\",\"date\":\"2023\",\"url\":\"https://news.example/2019/07/02/slug\"}",
	  "x", NULL, "2023", "news.example", "news.example",
	  "https://news.example/2019/07/02/slug", NULL, NULL, NULL, "t", NULL },
	{ "no date: the URL's month",
	  "{\"id\":\"x\",\"text\":\"t\",\"url\":\"https://news.example/archive/2022/05/slug\"}",
	  "x", NULL, "2022-05", "news.example", "news.example",
	  "https://news.example/archive/2022/05/slug", NULL, NULL, NULL, "t", NULL },
	{ "site suffix and section cut from the title",
	  "{\"id\":\"x\",\"text\":\"t\",\"title\":\"Judges weigh AI rules | Technology | The Daily Ledger\","
	  "\"url\":\"https://www.dailyledger.example/a\"}",
	  "x", "Judges weigh AI rules", NULL, "dailyledger.example", "dailyledger.example",
	  "https://www.dailyledger.example/a", NULL, NULL, NULL, "t", NULL },
	{ "site prefix cut from the title, source named by the dump",
	  "{\"id\":\"x\",\"text\":\"t\",\"title\":\"LEDGER: Court halts merger\",\"source\":\"Ledger\"}",
	  "x", "Court halts merger", NULL, "Ledger", NULL, NULL, NULL, NULL, NULL, "t", NULL },
	{ "a tail that names no site is kept",
	  "{\"id\":\"x\",\"text\":\"t\",\"title\":\"Apple sued - what happens now\","
	  "\"url\":\"https://news.example/a\"}",
	  "x", "Apple sued - what happens now", NULL, "news.example", "news.example",
	  "https://news.example/a", NULL, NULL, NULL, "t", NULL },
	{ "bad date dropped", "{\"id\":\"x\",\"text\":\"t\",\"date\":\"2025-02-30\"}",
	  "x", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "t", NULL },
	{ "site from the URL, source from the site",
	  "{\"id\":\"x\",\"text\":\"t\",\"url\":\"HTTPS://WWW.Example.ORG/path\"}",
	  "x", NULL, NULL, "example.org", "example.org", "HTTPS://WWW.Example.ORG/path",
	  NULL, NULL, NULL, "t", NULL },
	{ "host with user and port",
	  "{\"id\":\"x\",\"text\":\"t\",\"url\":\"http://user:pw@www.News.example:8080/a\"}",
	  "x", NULL, NULL, "news.example", "news.example",
	  "http://user:pw@www.News.example:8080/a", NULL, NULL, NULL, "t", NULL },
	{ "host without www.", "{\"id\":\"x\",\"text\":\"t\",\"url\":\"https://wwwx.example/\"}",
	  "x", NULL, NULL, "wwwx.example", "wwwx.example", "https://wwwx.example/",
	  NULL, NULL, NULL, "t", NULL },
	{ "a URL with no host gives no site", "{\"id\":\"x\",\"text\":\"t\",\"url\":\"example.com/a\"}",
	  "x", NULL, NULL, NULL, NULL, "example.com/a", NULL, NULL, NULL, "t", NULL },
	{ "explicit source kept", "{\"id\":\"x\",\"text\":\"t\",\"source\":\"S\",\"url\":\"http://h.example\"}",
	  "x", NULL, NULL, "S", "h.example", "http://h.example", NULL, NULL, NULL, "t", NULL },
	{ "text laid out as paragraphs",
	  "{\"id\":\"x\",\"text\":\"  First.  \\r\\n\\n\\n  Second\\u00a0one. \\n\"}",
	  "x", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "First.\nSecond one.", NULL },
	{ "control characters in text", "{\"id\":\"x\",\"text\":\"a\\u0001b\\u0085c\"}",
	  "x", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "a b c", NULL },
	{ "trailing CR", "{\"id\":\"x\",\"text\":\"t\"}\r",
	  "x", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "t", NULL },

	/* Rejected lines. */
	{ "missing id", "{\"title\":\"T\",\"text\":\"t\"}",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "\"id\"" },
	{ "empty id", "{\"id\":\"\",\"text\":\"t\"}",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "\"id\"" },
	{ "white-space id", "{\"id\":\"  \\t \",\"text\":\"t\"}",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "\"id\"" },
	{ "null id", "{\"id\":null,\"text\":\"t\"}",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "\"id\"" },
	{ "boolean id", "{\"id\":true,\"text\":\"t\"}",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "\"id\"" },
	{ "object id", "{\"id\":{},\"text\":\"t\"}",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "\"id\"" },
	/* Other tools' names for the fields (dump_jsonl.c field_keys). */
	{ "the body under \"body\"", "{\"id\":\"x\",\"title\":\"T\",\"body\":\"B.\"}",
	  "x", "T", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "B.", NULL },
	{ "\"text\" wins; \"body\" stays metadata",
	  "{\"id\":\"x\",\"body\":\"b\",\"text\":\"t\"}",
	  "x", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "{\"body\":\"b\"}", "t", NULL },
	{ "the body as a list of paragraphs", "{\"id\":\"x\",\"text\":[\"One.\",2,\"Two.\"]}",
	  "x", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "One.\nTwo.", NULL },
	{ "docno, headline, content, byline, language",
	  "{\"docno\":\"FT-1\",\"headline\":\"H\",\"content\":\"c\",\"byline\":\"Al\","
	  "\"language\":\"de\"}",
	  "FT-1", "H", NULL, NULL, NULL, NULL, "Al", "de", NULL, "c", NULL },
	{ "no id: the URL is the id",
	  "{\"url\":\"https://news.example/a\",\"maintext\":\"m\",\"authors\":[\"A\",\"B\"]}",
	  "https://news.example/a", NULL, NULL, "news.example", "news.example",
	  "https://news.example/a", "A, B", NULL, NULL, "m", NULL },
	{ "an empty id gives way to _id", "{\"id\":\"\",\"_id\":\"m1\",\"abstract\":\"a\"}",
	  "m1", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "{\"id\":\"\"}", "a", NULL },
	{ "Unix time in seconds", "{\"id\":\"x\",\"text\":\"t\",\"published\":1700000000}",
	  "x", NULL, "2023-11-14", NULL, NULL, NULL, NULL, NULL, NULL, "t", NULL },
	{ "Unix time in milliseconds", "{\"id\":\"x\",\"text\":\"t\",\"date\":1700000000000}",
	  "x", NULL, "2023-11-14", NULL, NULL, NULL, NULL, NULL, NULL, "t", NULL },
	{ "an author object", "{\"id\":\"x\",\"text\":\"t\",\"author\":{\"name\":\"Di\"}}",
	  "x", NULL, NULL, NULL, NULL, NULL, "Di", NULL, NULL, "t", NULL },
	{ "no id and no url", "{\"title\":\"T\",\"text\":\"t\"}",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "no \"id\"" },
	{ "no text or title", "{\"id\":\"x\",\"author\":\"A\"}",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "\"text\"" },
	{ "an array", "[1,2,3]",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "not a JSON object" },
	{ "a string", "\"id\"",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "not a JSON object" },
	{ "a number", "42",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "not a JSON object" },
	{ "trailing comma", "{\"id\":\"x\",\"text\":\"t\",}",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "invalid JSON at column " },
	{ "cut off", "{\"id\":\"x\",\"text\":\"t",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "invalid JSON at column " },
	{ "bare word", "{\"id\": x}",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "invalid JSON at column 8" },
	{ "two objects", "{\"id\":\"x\",\"text\":\"t\"} {}",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "invalid JSON" },
	{ "empty", "",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "invalid JSON" },
	{ "NUL escape", "{\"id\":\"x\",\"text\":\"a\\u0000b\"}",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "invalid JSON" },
};

static void test_jsonl_parse_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t r = 0; r < ARRAY_LEN(jsonl_rows); r++) {
		const struct jsonl_row *row = &jsonl_rows[r];
		size_t n = strlen(row->in);
		char *in = malloc(n ? n : 1);
		assert_non_null(in);
		memcpy(in, row->in, n);
		dk_article a = { 0 };
		char err[256];
		memset(err, 'X', sizeof err);
		dk_status st = dk_dump_jsonl_parse(in, n, &a, err, sizeof err);
		free(in);
		if (!row->text) {
			if (st != DK_ERR_PARSE || !strstr(err, row->error)) {
				print_error("%s: status %d, err \"%.100s\", want DK_ERR_PARSE and \"%s\"\n",
					    row->name, st, memchr(err, 0, sizeof err) ? err : "?",
					    row->error);
				bad++;
			}
			static const dk_article zero;
			if (memcmp(&a, &zero, sizeof a) != 0) {
				print_error("%s: article not cleared\n", row->name);
				bad++;
			}
			dk_article_clear(&a);
			continue;
		}
		if (st != DK_OK) {
			print_error("%s: status %d: %s\n", row->name, st, err);
			bad++;
			dk_article_clear(&a);
			continue;
		}
		const char *want[] = { row->id, row->title, row->date, row->source,
				       row->site, row->url, row->author, row->lang,
				       row->extra, row->text };
		const char *got[] = { a.id, a.title, a.date, a.source, a.site, a.url,
				      a.author, a.lang, a.extra, a.text };
		static const char *const names[] = { "id", "title", "date", "source",
						     "site", "url", "author", "lang",
						     "extra", "text" };
		for (size_t k = 0; k < ARRAY_LEN(want); k++)
			if (!same(want[k], got[k])) {
				print_error("%s: %s \"%s\", want \"%s\"\n", row->name,
					    names[k], S(got[k]), S(want[k]));
				bad++;
			}
		if (a.text && a.text_len != strlen(a.text)) {
			print_error("%s: text_len %zu\n", row->name, a.text_len);
			bad++;
		}
		dk_article_clear(&a);
	}
	assert_int_equal(bad, 0);
}

/* A small error buffer truncates the message, never overflows it. */
static void test_jsonl_parse_small_err(void **state)
{
	(void)state;
	static const char in[] = "{\"id\": x}";
	char err[8];
	dk_article a = { 0 };
	assert_int_equal(dk_dump_jsonl_parse(in, sizeof in - 1, &a, err, sizeof err),
			 DK_ERR_PARSE);
	assert_int_equal(strlen(err), sizeof err - 1);
	assert_memory_equal(err, "invalid", 7);
}

/* ---- format names and detection -------------------------------------- */

static void test_format_names(void **state)
{
	(void)state;
	static const struct { const char *name; dk_format f; } rows[] = {
		{ "text", DK_FORMAT_TEXT }, { "txt", DK_FORMAT_TEXT },
		{ "jsonl", DK_FORMAT_JSONL }, { "json", DK_FORMAT_JSONL },
		{ "html", DK_FORMAT_HTML }, { "warc", DK_FORMAT_WARC },
		{ "auto", DK_FORMAT_AUTO }, { "", DK_FORMAT_AUTO },
		{ "JSONL", DK_FORMAT_AUTO }, { "xml", DK_FORMAT_AUTO },
		{ NULL, DK_FORMAT_AUTO },
	};
	for (size_t r = 0; r < ARRAY_LEN(rows); r++)
		if (dk_format_from_name(rows[r].name) != rows[r].f)
			fail_msg("\"%s\": wrong format", S(rows[r].name));
	static const dk_format all[] = { DK_FORMAT_TEXT, DK_FORMAT_JSONL,
					 DK_FORMAT_HTML, DK_FORMAT_WARC };
	for (size_t k = 0; k < ARRAY_LEN(all); k++)
		assert_int_equal(dk_format_from_name(dk_format_name(all[k])), all[k]);
	assert_string_equal(dk_format_name(DK_FORMAT_AUTO), "auto");
}

struct detect_row {
	const char *path;
	const char *head;
	dk_format want;
};

static const struct detect_row detect_rows[] = {
	/* By name; the content does not matter then. */
	{ "a/b/dump.jsonl", "<html>", DK_FORMAT_JSONL },
	{ "dump.jsonl.gz", "", DK_FORMAT_JSONL },
	{ "dump.ndjson", "", DK_FORMAT_JSONL },
	{ "dump.json.gz", "", DK_FORMAT_JSONL },
	{ "DUMP.JSONL.GZ", "", DK_FORMAT_JSONL },
	{ "story.txt", "{\"id\":1}", DK_FORMAT_TEXT },
	{ "story.txt.gz", "", DK_FORMAT_TEXT },
	{ "story.text", "", DK_FORMAT_TEXT },
	{ "page.html", "", DK_FORMAT_HTML },
	{ "page.htm.gz", "", DK_FORMAT_HTML },
	{ "crawl.warc", "", DK_FORMAT_WARC },
	{ "crawl.warc.gz", "", DK_FORMAT_WARC },
	/* By content when the name says nothing. */
	{ "part-00000", "{\"id\":\"x\"}\n", DK_FORMAT_JSONL },
	{ "part-00000.gz", "  \n\t{\"id\":\"x\"}", DK_FORMAT_JSONL },
	{ "page", "<!DOCTYPE html><html>", DK_FORMAT_HTML },
	{ "crawl.gz", "WARC/1.1\r\nWARC-Type: warcinfo\r\n", DK_FORMAT_WARC },
	{ "crawl", "\r\nWARC/1.0\r\n", DK_FORMAT_WARC },
	{ "notes", "Title: x\n\nBody", DK_FORMAT_TEXT },
	{ "notes.md", "Some words", DK_FORMAT_TEXT },
	{ "WARC", "WARC", DK_FORMAT_TEXT },   /* too short to be the magic */
	{ "empty", "", DK_FORMAT_AUTO },
	{ "blank", "   \n", DK_FORMAT_TEXT },
	{ "x.gz", "", DK_FORMAT_AUTO },
	{ ".gz", "", DK_FORMAT_AUTO },
	{ "txt", "", DK_FORMAT_AUTO },
	{ "json.gz", "", DK_FORMAT_AUTO },
};

static void test_format_detect(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t r = 0; r < ARRAY_LEN(detect_rows); r++) {
		const struct detect_row *row = &detect_rows[r];
		size_t n = strlen(row->head);
		char *head = malloc(n ? n : 1);
		assert_non_null(head);
		memcpy(head, row->head, n);
		dk_format f = dk_format_detect(row->path, head, n);
		free(head);
		if (f != row->want) {
			print_error("%s / \"%s\": %s, want %s\n", row->path, row->head,
				    dk_format_name(f), dk_format_name(row->want));
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* ---- dk_dump_read with a collecting sink ------------------------------ */

struct collected {
	dk_buf ids;        /* "id|id|..." */
	dk_buf titles;     /* "title|title|..." */
	dk_buf reports;    /* "where: msg [skipped]\n" ... */
	size_t narticles, nreports, nskipped;
	size_t progress_calls;
	uint64_t last_uncompressed;
	char last_path[PATH_MAX];
	size_t stop_after;  /* 0: never; n: fail the n-th article */
};

static dk_status sink_article(void *ctx, dk_article *a)
{
	struct collected *c = ctx;
	/* The article is well-formed: an id, text, consistent length. */
	assert_non_null(a->id);
	assert_non_null(a->text);
	assert_int_equal(a->text_len, strlen(a->text));
	if (c->narticles)
		dk_buf_putc(&c->ids, '|');
	dk_buf_puts(&c->ids, a->id);
	if (c->narticles)
		dk_buf_putc(&c->titles, '|');
	dk_buf_puts(&c->titles, a->title ? a->title : "-");
	c->narticles++;
	if (c->stop_after && c->narticles == c->stop_after)
		return DK_ERR_DB;
	return DK_OK;
}

static void sink_report(void *ctx, const char *path, const char *where,
			const char *msg, int skipped)
{
	struct collected *c = ctx;
	assert_non_null(path);
	assert_non_null(where);
	assert_non_null(msg);
	assert_true(skipped == 0 || skipped == 1);
	snprintf(c->last_path, sizeof c->last_path, "%s", path);
	dk_buf_printf(&c->reports, "%s: %s%s\n", where, msg, skipped ? " [skipped]" : "");
	c->nreports++;
	c->nskipped += (size_t)skipped;
}

static void sink_progress(void *ctx, uint64_t consumed, uint64_t uncompressed)
{
	struct collected *c = ctx;
	(void)consumed;
	c->progress_calls++;
	c->last_uncompressed = uncompressed;
}

static dk_dump_sink make_sink(struct collected *c)
{
	memset(c, 0, sizeof *c);
	dk_dump_sink s = { sink_article, sink_report, sink_progress, c, 0 };
	return s;
}

static void free_collected(struct collected *c)
{
	dk_buf_free(&c->ids);
	dk_buf_free(&c->titles);
	dk_buf_free(&c->reports);
}

static const char *str_of(const dk_buf *b)
{
	return b->data ? b->data : "";
}

struct read_row {
	const char *name;      /* file name; ".gz" makes it gzip */
	const char *data;
	dk_format fmt;
	size_t max_record;
	const char *ids;       /* the articles that must arrive, in order */
	size_t nskipped;
	size_t nreports;
	const char *report;    /* a substring of the reports, or NULL */
};

#define J(id) "{\"id\":\"" id "\",\"title\":\"T " id "\",\"text\":\"Body of " id ".\"}\n"

static const struct read_row read_rows[] = {
	{ "good.jsonl", J("a") J("b") J("c"), DK_FORMAT_AUTO, 0, "a|b|c", 0, 0, NULL },
	{ "good.jsonl.gz", J("a") J("b") J("c"), DK_FORMAT_AUTO, 0, "a|b|c", 0, 0, NULL },
	{ "bad-line-3.jsonl", J("a") J("b") "{\"id\":\"c\",\n" J("d") J("e"),
	  DK_FORMAT_AUTO, 0, "a|b|d|e", 1, 1, "line 3: invalid JSON at column" },
	{ "bad-line-3.jsonl.gz", J("a") J("b") "not json at all\n" J("d"),
	  DK_FORMAT_AUTO, 0, "a|b|d", 1, 1, "line 3: invalid JSON" },
	{ "blank-lines.jsonl", "\n" J("a") "  \t\r\n\n" J("b"),
	  DK_FORMAT_AUTO, 0, "a|b", 0, 0, NULL },
	/* One JSON document rather than JSON Lines: an array (bad items
	 * named by number), a pretty-printed object, a news API's answer. */
	{ "array.json", "[\n  {\"id\": \"a\", \"text\": \"x\"},\n  {\"id\": \"b\", \"text\": \"y\"}\n]\n",
	  DK_FORMAT_AUTO, 0, "a|b", 0, 0, NULL },
	{ "array-bad.json", "[{\"id\":\"a\",\"text\":\"x\"}, 5, {\"title\":\"T\"}, {\"id\":\"d\",\"text\":\"z\"}]",
	  DK_FORMAT_AUTO, 0, "a|d", 2, 2, "item 3: no \"id\"" },
	{ "pretty.json", "{\n  \"id\": \"p\",\n  \"text\": \"x\",\n  \"authors\": [{\"name\": \"A\"}]\n}\n",
	  DK_FORMAT_AUTO, 0, "p", 0, 0, NULL },
	{ "api.json", "{\"status\": \"ok\", \"articles\": [{\"url\": \"https://n.example/1\", "
	  "\"title\": \"T\", \"content\": \"c\", \"source\": {\"id\": null, \"name\": \"Wire\"}}]}",
	  DK_FORMAT_AUTO, 0, "https://n.example/1", 0, 0, NULL },
	/* A first line that opens an array, in a file that is not one JSON
	 * document, is read as JSON Lines. */
	{ "not-a-document.jsonl", "[1,2]\n{\"id\":\"b\",\"text\":\"y\"}\n",
	  DK_FORMAT_AUTO, 0, "b", 1, 1, "line 1: not a JSON object" },
	{ "bom.jsonl", "\xEF\xBB\xBF" "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\"}\n",
	  DK_FORMAT_AUTO, 0, "a|b", 0, 0, NULL },
	{ "crlf.jsonl", "{\"id\":\"a\",\"text\":\"x\"}\r\n{\"id\":\"b\",\"text\":\"y\"}\r\n",
	  DK_FORMAT_AUTO, 0, "a|b", 0, 0, NULL },
	{ "no-id.jsonl", J("a") "{\"title\":\"T\",\"text\":\"t\"}\n" J("c"),
	  DK_FORMAT_AUTO, 0, "a|c", 1, 1, "line 2: no \"id\"" },
	{ "not-object.jsonl", "[1]\n" J("b"),
	  DK_FORMAT_AUTO, 0, "b", 1, 1, "line 1: not a JSON object [skipped]" },
	{ "oversize.jsonl",
	  J("a") "{\"id\":\"big\",\"text\":\"0123456789012345678901234567890123456789"
	  "0123456789012345678901234567890123456789\"}\n" J("c"),
	  DK_FORMAT_AUTO, 60, "a|c", 1, 1, "line 2: line of" },
	{ "bad-utf8.jsonl", "{\"id\":\"u\",\"title\":\"caf\xFF\",\"text\":\"t\"}\n" J("v"),
	  DK_FORMAT_AUTO, 0, "u|v", 0, 1, "line 1: invalid UTF-8 at byte 22 of the line (1 byte replaced)" },
	{ "last-line-no-newline.jsonl", J("a") "{\"id\":\"z\",\"text\":\"t\"}",
	  DK_FORMAT_AUTO, 0, "a|z", 0, 0, NULL },
	{ "empty.jsonl", "", DK_FORMAT_AUTO, 0, "", 0, 0, NULL },
	/* Text files: one article, its id given by the caller. */
	{ "story.txt", "Title: Hello\nDate: Jan. 24, 2025\n\nBody.", DK_FORMAT_AUTO, 0,
	  "the/id.txt", 0, 0, NULL },
	{ "story.txt.gz", "Title: Hello\n\nBody.", DK_FORMAT_AUTO, 0, "the/id.txt", 0, 0, NULL },
	/* One stray byte in UTF-8 text is replaced; text that is hardly
	 * UTF-8 at all is a legacy charset, read as windows-1252. */
	{ "bad-utf8.txt", "Title: x\n\nZ\xC3\xBCrich ab\xFF", DK_FORMAT_AUTO, 0,
	  "the/id.txt", 0, 1,
	  "byte 20: invalid UTF-8 (1 byte replaced with U+FFFD)" },
	{ "latin1.txt", "Title: Caf\xE9\n\nM\xFCnchen.", DK_FORMAT_AUTO, 0, "the/id.txt",
	  0, 1, "byte 10: not valid UTF-8 (2 invalid bytes): read as windows-1252" },
	/* UTF-8 cut short (a lead byte, then a continuation byte) is
	 * damaged UTF-8, not a legacy charset. */
	{ "cut-utf8.txt", "Title: x\n\ncaf\xC3( and \xE2\x82 end", DK_FORMAT_AUTO, 0,
	  "the/id.txt", 0, 1, "byte 13: invalid UTF-8 (3 bytes replaced with U+FFFD)" },
	{ "empty.txt", "", DK_FORMAT_AUTO, 0, "", 1, 1, "empty file [skipped]" },
	{ "blank.txt", " \n\n", DK_FORMAT_AUTO, 0, "", 1, 1, "[skipped]" },
	{ "too-big.txt", "Title: x\n\n0123456789012345678901234567890123456789",
	  DK_FORMAT_AUTO, 20, "", 1, 1, "limit" },
	/* Detection by content, and the format given by the caller. */
	{ "articles", J("a") J("b"), DK_FORMAT_AUTO, 0, "a|b", 0, 0, NULL },
	{ "articles.gz", J("a"), DK_FORMAT_AUTO, 0, "a", 0, 0, NULL },
	{ "plain-notes", "Some Headline Here\nBody text.", DK_FORMAT_AUTO, 0,
	  "the/id.txt", 0, 0, NULL },
	{ "forced.txt", J("a") J("b"), DK_FORMAT_JSONL, 0, "a|b", 0, 0, NULL },
	{ "forced.jsonl", "Title: x\n\nBody.", DK_FORMAT_TEXT, 0, "the/id.txt", 0, 0, NULL },
	{ "unknown-empty", "", DK_FORMAT_AUTO, 0, "", 1, 1, "unrecognized" },
	/* HTML pages are read by dump_html.c (tests/unit/test_html.c). */
	{ "page.html", "<html><title>x</title></html>", DK_FORMAT_AUTO, 0, "the/id.txt",
	  0, 0, NULL },
};

static void test_dump_read_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t r = 0; r < ARRAY_LEN(read_rows); r++) {
		const struct read_row *row = &read_rows[r];
		char path[PATH_MAX];
		write_file(path, row->name, row->data, strlen(row->data));
		struct collected c;
		dk_dump_sink sink = make_sink(&c);
		sink.max_record = row->max_record;
		dk_status st = dk_dump_read(path, "the/id.txt", row->fmt, &sink);
		const char *reports = str_of(&c.reports);
		if (st != DK_OK || strcmp(str_of(&c.ids), row->ids) != 0 ||
		    c.nskipped != row->nskipped || c.nreports != row->nreports ||
		    (row->report && !strstr(reports, row->report))) {
			print_error("%s: status %d, ids \"%s\" (want \"%s\"), "
				    "%zu skipped (want %zu), reports:\n%s",
				    row->name, st, str_of(&c.ids), row->ids, c.nskipped,
				    row->nskipped, reports);
			bad++;
		}
		if (c.nreports && strcmp(c.last_path, path) != 0) {
			print_error("%s: report names \"%s\"\n", row->name, c.last_path);
			bad++;
		}
		free_collected(&c);
	}
	assert_int_equal(bad, 0);
}

/* The header fields of a text file reach the sink normalized. */
static void test_dump_read_text_fields(void **state)
{
	(void)state;
	char path[PATH_MAX];
	static const char data[] = "Title: Hello world\nDate: Jan. 24, 2025\n\nBody.";
	write_file(path, "fields.txt", data, sizeof data - 1);
	struct collected c;
	dk_dump_sink sink = make_sink(&c);
	assert_int_equal(dk_dump_read(path, "rel/fields.txt", DK_FORMAT_AUTO, &sink), DK_OK);
	assert_string_equal(str_of(&c.ids), "rel/fields.txt");
	assert_string_equal(str_of(&c.titles), "Hello world");
	assert_true(c.progress_calls >= 1);
	assert_int_equal(c.last_uncompressed, sizeof data - 1);
	free_collected(&c);
}

/* Text files in other charsets: UTF-16 of either byte order, with or
 * without a byte order mark, and windows-1252 reach the sink as UTF-8
 * (before, UTF-16 came out as "T i t l e" and Latin-1 as U+FFFD); a
 * binary file is skipped with a report. */
static void test_dump_read_text_charsets(void **state)
{
	(void)state;
	static const char le[] = "T\0i\0t\0l\0e\0:\0 \0C\0a\0f\0\xE9\0\n\0\n\0"
				 "B\0o\0d\0y\0 \0t\0e\0x\0t\0.\0";
	static const char be[] = "\0T\0i\0t\0l\0e\0:\0 \0C\0a\0f\0\xE9\0\n\0\n"
				 "\0B\0o\0d\0y\0 \0t\0e\0x\0t\0.";
	static const char bom_le[] = "\xFF\xFE" "C\0a\0f\0\xE9\0 \0o\0p\0e\0n\0s\0"
				     "\n\0\n\0B\0o\0d\0y\0.\0";
	static const char latin1[] = "Title: Caf\xE9\n\nBody text.";
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0"
				  "\x08\x06\0\0\0\x5c\x72\xa8\x66\0\0\0\x01sRGB\0";
	static const struct {
		const char *name, *data;
		size_t len;
		const char *title;
		size_t nreports;
	} rows[] = {
		{ "le.txt", le, sizeof le - 1, "Caf\xC3\xA9", 0 },
		{ "be.txt", be, sizeof be - 1, "Caf\xC3\xA9", 0 },
		{ "bom-le.txt", bom_le, sizeof bom_le - 1, "Caf\xC3\xA9 opens", 0 },
		{ "latin1-title.txt", latin1, sizeof latin1 - 1, "Caf\xC3\xA9", 1 },
		/* NULs that are not UTF-16's: a binary file, skipped and named. */
		{ "image.txt", png, sizeof png - 1, "", 1 },
	};
	for (size_t r = 0; r < ARRAY_LEN(rows); r++) {
		char path[PATH_MAX];
		write_file(path, rows[r].name, rows[r].data, rows[r].len);
		struct collected c;
		dk_dump_sink sink = make_sink(&c);
		assert_int_equal(dk_dump_read(path, "t.txt", DK_FORMAT_AUTO, &sink), DK_OK);
		if (strcmp(str_of(&c.titles), rows[r].title) ||
		    c.nreports != rows[r].nreports)
			fail_msg("%s: title \"%s\", %zu reports: %s", rows[r].name,
				 str_of(&c.titles), c.nreports, str_of(&c.reports));
		free_collected(&c);
	}
}

/* Extension-less JSONL whose first line is long (real articles are). */
static void test_dump_read_detect_long_first_line(void **state)
{
	(void)state;
	dk_buf data = DK_BUF_INIT;
	for (int k = 0; k < 3; k++) {
		dk_buf_printf(&data, "{\"id\":\"long-%d\",\"title\":\"T\",\"text\":\"", k);
		for (int i = 0; i < 300; i++)
			dk_buf_puts(&data, "word ");
		dk_buf_puts(&data, "\"}\n");
	}
	assert_int_equal(data.err, DK_OK);
	static const char *const names[] = { "part-00000", "part-00001.gz" };
	for (size_t k = 0; k < ARRAY_LEN(names); k++) {
		char path[PATH_MAX];
		write_file(path, names[k], data.data, data.len);
		struct collected c;
		dk_dump_sink sink = make_sink(&c);
		assert_int_equal(dk_dump_read(path, "x", DK_FORMAT_AUTO, &sink), DK_OK);
		if (strcmp(str_of(&c.ids), "long-0|long-1|long-2") != 0)
			fail_msg("%s: ids \"%s\", reports: %s", names[k], str_of(&c.ids),
				 str_of(&c.reports));
		assert_int_equal(c.nreports, 0);
		free_collected(&c);
	}
	dk_buf_free(&data);
}

/* A JSONL gzip cut short: the lines before the break, then one report. */
static void test_dump_read_truncated_gzip(void **state)
{
	(void)state;
	dk_buf data = DK_BUF_INIT;
	uint32_t x = 7;
	for (int k = 0; k < 2000; k++) {
		dk_buf_printf(&data, "{\"id\":\"t%d\",\"text\":\"", k);
		for (int i = 0; i < 12; i++) {
			x = x * 1103515245u + 12345u;
			dk_buf_printf(&data, "w%u ", (x >> 8) % 100000);
		}
		dk_buf_puts(&data, "\"}\n");
	}
	char path[PATH_MAX];
	write_file(path, "cut.jsonl.gz", data.data, data.len);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(truncate(path, sb.st_size / 2), 0);
	struct collected c;
	dk_dump_sink sink = make_sink(&c);
	assert_int_equal(dk_dump_read(path, "x", DK_FORMAT_AUTO, &sink), DK_OK);
	assert_true(c.narticles > 200);
	assert_true(c.narticles < 2000);
	/* The ids are t0, t1, ... with none missing. */
	dk_buf want = DK_BUF_INIT;
	for (size_t k = 0; k < c.narticles; k++)
		dk_buf_printf(&want, "%st%zu", k ? "|" : "", k);
	assert_string_equal(str_of(&c.ids), want.data);
	assert_int_equal(c.nreports, 1);
	assert_int_equal(c.nskipped, 1);
	char where[64];
	snprintf(where, sizeof where, "line %zu: ", c.narticles + 1);
	assert_non_null(strstr(str_of(&c.reports), where));
	assert_non_null(strstr(str_of(&c.reports), "broken compressed stream"));
	dk_buf_free(&want);
	free_collected(&c);
	dk_buf_free(&data);
}

/* A truncated gzip text file keeps what decoded, with a warning. */
static void test_dump_read_truncated_text_gzip(void **state)
{
	(void)state;
	dk_buf data = DK_BUF_INIT;
	dk_buf_puts(&data, "Title: Cut short\n\n");
	uint32_t x = 99;
	for (int k = 0; k < 3000; k++) {
		x = x * 1103515245u + 12345u;
		dk_buf_printf(&data, "Paragraph %d says %u.\n", k, (x >> 8) % 100000);
	}
	char path[PATH_MAX];
	write_file(path, "cut.txt.gz", data.data, data.len);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(truncate(path, sb.st_size / 2), 0);
	struct collected c;
	dk_dump_sink sink = make_sink(&c);
	assert_int_equal(dk_dump_read(path, "cut", DK_FORMAT_AUTO, &sink), DK_OK);
	assert_string_equal(str_of(&c.ids), "cut");
	assert_string_equal(str_of(&c.titles), "Cut short");
	assert_int_equal(c.nreports, 1);
	assert_int_equal(c.nskipped, 0);
	assert_non_null(strstr(str_of(&c.reports), "broken compressed stream"));
	free_collected(&c);
	dk_buf_free(&data);
}

static void test_dump_read_missing(void **state)
{
	(void)state;
	static const char *const names[] = { "missing.jsonl", "missing.txt" };
	for (size_t k = 0; k < ARRAY_LEN(names); k++) {
		char path[PATH_MAX];
		tmpdir_path(path, names[k]);
		struct collected c;
		dk_dump_sink sink = make_sink(&c);
		assert_int_equal(dk_dump_read(path, "x", DK_FORMAT_AUTO, &sink), DK_OK);
		assert_int_equal(c.narticles, 0);
		assert_int_equal(c.nskipped, 1);
		if (!strstr(str_of(&c.reports), "No such file"))
			fail_msg("%s: reports \"%s\"", names[k], str_of(&c.reports));
		free_collected(&c);
	}
}

/* A sink that fails stops the reading with its status. */
static void test_dump_read_sink_stops(void **state)
{
	(void)state;
	char path[PATH_MAX];
	static const char data[] = J("a") J("b") J("c") J("d");
	write_file(path, "stop.jsonl", data, sizeof data - 1);
	struct collected c;
	dk_dump_sink sink = make_sink(&c);
	c.stop_after = 2;
	assert_int_equal(dk_dump_read(path, "x", DK_FORMAT_AUTO, &sink), DK_ERR_DB);
	assert_string_equal(str_of(&c.ids), "a|b");
	free_collected(&c);

	write_file(path, "stop.txt", "Title: x\n\nBody.", 15);
	sink = make_sink(&c);
	c.stop_after = 1;
	assert_int_equal(dk_dump_read(path, "x", DK_FORMAT_AUTO, &sink), DK_ERR_DB);
	free_collected(&c);
}

/* The progress callback may be NULL; when given, it ends at the total. */
static void test_dump_read_progress(void **state)
{
	(void)state;
	dk_buf data = DK_BUF_INIT;
	for (int k = 0; k < 200; k++)
		dk_buf_printf(&data, "{\"id\":\"p%d\",\"text\":\"t\"}\n", k);
	char path[PATH_MAX];
	write_file(path, "progress.jsonl.gz", data.data, data.len);
	struct collected c;
	dk_dump_sink sink = make_sink(&c);
	assert_int_equal(dk_dump_read(path, "x", DK_FORMAT_AUTO, &sink), DK_OK);
	assert_int_equal(c.narticles, 200);
	assert_true(c.progress_calls >= 2);
	assert_int_equal(c.last_uncompressed, data.len);
	free_collected(&c);
	sink = make_sink(&c);
	sink.progress = NULL;
	assert_int_equal(dk_dump_read(path, "x", DK_FORMAT_AUTO, &sink), DK_OK);
	assert_int_equal(c.narticles, 200);
	free_collected(&c);
	dk_buf_free(&data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_parse_table),
		cmocka_unit_test(test_text_parse_aliases),
		cmocka_unit_test(test_jsonl_parse_table),
		cmocka_unit_test(test_jsonl_parse_small_err),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_format_detect),
		cmocka_unit_test(test_dump_read_table),
		cmocka_unit_test(test_dump_read_text_fields),
		cmocka_unit_test(test_dump_read_text_charsets),
		cmocka_unit_test(test_dump_read_detect_long_first_line),
		cmocka_unit_test(test_dump_read_truncated_gzip),
		cmocka_unit_test(test_dump_read_truncated_text_gzip),
		cmocka_unit_test(test_dump_read_missing),
		cmocka_unit_test(test_dump_read_sink_stops),
		cmocka_unit_test(test_dump_read_progress),
	};
	return cmocka_run_group_tests_name("dump", tests, tmpdir_setup, tmpdir_teardown);
}
