/*
 * test_article.c - unit tests for common/article.c.
 *
 * Round trips over a table of articles (every field, NULL fields, empty
 * strings, text with newlines and NUL bytes, long fields with multi-byte
 * lengths); the record bytes pinned for a small article, since records
 * live in indexes; then malformed records - a table of hand-made ones,
 * every prefix of a real one and seeded garbage - each decoded from an
 * exact-size heap copy so ASan catches a read past the end, and
 * LeakSanitizer a field left behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../common/article.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define L(s) s, sizeof(s) - 1

/* The string fields in struct order, for loops over all of them. */
#define NFIELDS 11
static char **field_at(dk_article *a, int i)
{
	char **f[NFIELDS] = { &a->id, &a->url, &a->title, &a->source, &a->site,
			      &a->date, &a->author, &a->lang, &a->extra,
			      &a->story, &a->text };
	return f[i];
}

static const char *const field_names[NFIELDS] = {
	"id", "url", "title", "source", "site", "date", "author", "lang",
	"extra", "story", "text"
};

static int is_zeroed(const dk_article *a)
{
	static const dk_article zero;
	return memcmp(a, &zero, sizeof zero) == 0;
}

/* A decode from an exact-size heap copy of data[0..len). */
static dk_status decode_exact(const char *data, size_t len, dk_article *out)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	if (len)
		memcpy(copy, data, len);
	dk_status st = dk_article_decode(copy, len, out);
	free(copy);
	return st;
}

/* ---- round trips ------------------------------------------------------ */

struct rt_row {
	const char *name;
	const char *v[NFIELDS - 1];  /* id .. story; NULL: absent */
	const char *text;            /* NULL: absent */
	size_t text_len;
};

static const struct rt_row rt_rows[] = {
	{ "every field",
	  { "jsonl:42", "https://example.com/a?b=c", "Court rules", "Example News",
	    "example.com", "2025-01-24", "Ann Author, Bo Writer", "en",
	    "{\"section\":\"law\",\"tags\":[\"a\",\"b\"]}", "9f86d081884c7d65" },
	  L("First paragraph.\nSecond paragraph.\nThird.") },
	{ "only an id", { "only-id" }, NULL, 0 },
	{ "nothing at all", { NULL }, NULL, 0 },
	{ "empty strings are not NULL",
	  { "", NULL, "", NULL, NULL, NULL, NULL, NULL, NULL, "" }, L("") },
	{ "NULL between present fields",
	  { "a", NULL, "t", NULL, "s", NULL, "au", NULL, "{}", NULL }, L("x") },
	{ "text with newlines and a NUL",
	  { "bin" }, L("line one\n\nline three\0after the NUL\n") },
	{ "UTF-8 everywhere",
	  { "caf\xC3\xA9", NULL, "\xE2\x80\x9CQuoted\xE2\x80\x9D headline", "Le Monde" },
	  L("\xC3\xA0 la carte \xF0\x9F\x98\x80") },
};

static void check_round_trip(const dk_article *in, const char *name)
{
	dk_buf rec = DK_BUF_INIT;
	assert_int_equal(dk_article_encode(in, &rec), DK_OK);
	assert_non_null(rec.data);
	/* "DK2" exactly when the text went in compressed (tag 17). */
	int big = in->text && in->text_len >= 512;
	if (memcmp(rec.data, "DK1", 3) && memcmp(rec.data, "DK2", 3))
		fail_msg("%s: magic %.3s", name, rec.data);
	if (!big)
		assert_memory_equal(rec.data, "DK1", 3);
	dk_article out = { 0 };
	if (decode_exact(rec.data, rec.len, &out) != DK_OK)
		fail_msg("%s: decode failed", name);
	dk_article *a = (dk_article *)in;
	for (int i = 0; i < NFIELDS - 1; i++) {
		const char *want = *field_at(a, i), *got = *field_at(&out, i);
		if (!want != !got || (want && strcmp(want, got) != 0))
			fail_msg("%s: field %s: got \"%s\", want \"%s\"", name,
				 field_names[i], got ? got : "(null)",
				 want ? want : "(null)");
	}
	if (!in->text != !out.text)
		fail_msg("%s: text presence differs", name);
	if (in->text) {
		assert_int_equal(out.text_len, in->text_len);
		assert_memory_equal(out.text, in->text, in->text_len);
		assert_int_equal(out.text[out.text_len], '\0');
	} else {
		assert_int_equal(out.text_len, 0);
	}
	dk_article_clear(&out);
	assert_true(is_zeroed(&out));
	dk_buf_free(&rec);
}

static void test_round_trip_table(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(rt_rows); r++) {
		const struct rt_row *row = &rt_rows[r];
		dk_article a = { 0 };
		for (int i = 0; i < NFIELDS - 1; i++)
			if (row->v[i])
				assert_int_equal(dk_article_set(field_at(&a, i), row->v[i],
								strlen(row->v[i])), DK_OK);
		if (row->text) {
			assert_int_equal(dk_article_set(&a.text, row->text, row->text_len),
					 DK_OK);
			a.text_len = row->text_len;
		}
		check_round_trip(&a, row->name);
		dk_article_clear(&a);
	}
}

/* Fields long enough to need two- and three-byte LEB128 lengths. */
static void test_round_trip_long(void **state)
{
	(void)state;
	static const size_t sizes[] = { 127, 128, 300, 16383, 16384, 200000 };
	for (size_t k = 0; k < ARRAY_LEN(sizes); k++) {
		size_t n = sizes[k];
		char *s = malloc(n);
		assert_non_null(s);
		for (size_t i = 0; i < n; i++)
			s[i] = (i % 50 == 49) ? '\n' : (char)('a' + i % 26);
		dk_article a = { 0 };
		assert_int_equal(dk_article_set(&a.id, "long", 4), DK_OK);
		assert_int_equal(dk_article_set(&a.title, s, n < 1000 ? n : 1000), DK_OK);
		assert_int_equal(dk_article_set(&a.text, s, n), DK_OK);
		a.text_len = n;
		char name[32];
		snprintf(name, sizeof name, "text of %zu bytes", n);
		check_round_trip(&a, name);
		dk_article_clear(&a);
		free(s);
	}
}

/* The record bytes themselves: tags in field order, LEB128 lengths. */
static void test_encoding_pinned(void **state)
{
	(void)state;
	dk_article a = { 0 };
	assert_int_equal(dk_article_set(&a.id, "a", 1), DK_OK);
	assert_int_equal(dk_article_set(&a.title, "T", 1), DK_OK);
	assert_int_equal(dk_article_set(&a.story, "", 0), DK_OK);
	char text[200];
	memset(text, 'x', sizeof text);
	assert_int_equal(dk_article_set(&a.text, text, sizeof text), DK_OK);
	a.text_len = sizeof text;
	dk_buf rec = DK_BUF_INIT;
	dk_buf_puts(&rec, "pre");  /* encoding appends */
	assert_int_equal(dk_article_encode(&a, &rec), DK_OK);
	static const char head[] = "preDK1\x01\x01" "a\x03\x01T\x0A\x00\x0B\xC8\x01";
	assert_int_equal(rec.len, sizeof head - 1 + sizeof text);
	assert_memory_equal(rec.data, head, sizeof head - 1);
	assert_memory_equal(rec.data + sizeof head - 1, text, sizeof text);
	dk_buf_free(&rec);
	dk_article_clear(&a);
}

/* The entity lists of the refine stage (tags 12..16, after the text):
 * they round-trip, and a record written before they existed decodes with
 * none. */
static void test_entity_fields(void **state)
{
	(void)state;
	dk_article a = { 0 };
	assert_int_equal(dk_article_set(&a.id, "e", 1), DK_OK);
	assert_int_equal(dk_article_set(&a.text, "body", 4), DK_OK);
	a.text_len = 4;
	static const char *const vals[5] = {
		"25-00709\n24-08812", "De La Torre\nLinkedIn Corp",
		"U.S. District Court for the Northern District of California",
		"Stored Communications Act", "CVE-2024-3094"
	};
	char **fields[5] = { &a.cases, &a.parties, &a.courts, &a.statutes, &a.cves };
	for (int i = 0; i < 5; i++)
		assert_int_equal(dk_article_set(fields[i], vals[i], strlen(vals[i])),
				 DK_OK);
	dk_buf rec = DK_BUF_INIT;
	assert_int_equal(dk_article_encode(&a, &rec), DK_OK);
	/* The tags follow the text, in order. */
	static const char head[] = "DK1\x01\x01" "e\x0B\x04" "body\x0C\x11" "25-00709\n24-08812";
	assert_memory_equal(rec.data, head, sizeof head - 1);
	dk_article out = { 0 };
	assert_int_equal(decode_exact(rec.data, rec.len, &out), DK_OK);
	char **got[5] = { &out.cases, &out.parties, &out.courts, &out.statutes,
			  &out.cves };
	for (int i = 0; i < 5; i++)
		assert_string_equal(*got[i], vals[i]);
	dk_article_clear(&out);
	assert_true(is_zeroed(&out));
	/* An old record: the same bytes up to the text. */
	assert_int_equal(decode_exact(rec.data, sizeof "DK1\x01\x01" "e\x0B\x04" "body" - 1,
				      &out), DK_OK);
	assert_string_equal(out.text, "body");
	for (int i = 0; i < 5; i++)
		assert_null(*got[i]);
	dk_article_clear(&out);
	dk_buf_free(&rec);
	dk_article_clear(&a);
	assert_true(is_zeroed(&a));
}

/* Tag 17: a long text is stored as a zstd frame in a "DK2" record and
 * comes back byte for byte; a short or incompressible one stays tag 11 in
 * a "DK1" record; a damaged frame, a cut one, or one claiming more than
 * DK_ARTICLE_TEXT_MAX bytes is DK_ERR_PARSE and leaves the article
 * cleared. */
static void test_zstd_text(void **state)
{
	(void)state;
	size_t n = 20000;
	char *text = malloc(n);
	assert_non_null(text);
	for (size_t i = 0; i < n; i++)
		text[i] = "The court said the data was stored.\n"[i % 37];
	dk_article a = { 0 };
	assert_int_equal(dk_article_set(&a.id, "z", 1), DK_OK);
	assert_int_equal(dk_article_set(&a.text, text, n), DK_OK);
	a.text_len = n;
	dk_buf rec = DK_BUF_INIT;
	assert_int_equal(dk_article_encode(&a, &rec), DK_OK);
	assert_memory_equal(rec.data, "DK2\x01\x01" "z\x11", 6);
	assert_true(rec.len < n / 10);
	dk_article out = { 0 };
	assert_int_equal(decode_exact(rec.data, rec.len, &out), DK_OK);
	assert_int_equal(out.text_len, n);
	assert_memory_equal(out.text, text, n);
	dk_article_clear(&out);

	/* Every byte of the field flipped in turn, and every cut inside it:
	 * parse errors (or, for a flip, a frame that still decodes), never
	 * a crash. */
	for (size_t i = 6; i < rec.len; i++) {
		char *bad = malloc(rec.len);
		assert_non_null(bad);
		memcpy(bad, rec.data, rec.len);
		bad[i] ^= 0x5A;
		dk_status st = decode_exact(bad, rec.len, &out);
		assert_true(st == DK_OK || st == DK_ERR_PARSE);
		if (st)
			assert_true(is_zeroed(&out));
		dk_article_clear(&out);
		/* (a cut at 6, before tag 17, is a record without text) */
		st = decode_exact(rec.data, i + 1, &out);
		if (i + 1 < rec.len) {
			assert_int_equal(st, DK_ERR_PARSE);
			assert_true(is_zeroed(&out));
		}
		dk_article_clear(&out);
		free(bad);
	}

	/* A frame whose header claims 2^40 bytes. */
	static const unsigned char bomb[] = {
		'D', 'K', '2', 0x11, 0x11, 0x28, 0xB5, 0x2F, 0xFD, 0xE0,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00,
		0x00, 0x00
	};
	assert_int_equal(decode_exact((const char *)bomb, sizeof bomb, &out),
			 DK_ERR_PARSE);
	assert_true(is_zeroed(&out));

	/* Short and incompressible texts stay as they are. */
	dk_buf_reset(&rec);
	assert_int_equal(dk_article_set(&a.text, text, 511), DK_OK);
	a.text_len = 511;
	assert_int_equal(dk_article_encode(&a, &rec), DK_OK);
	assert_memory_equal(rec.data, "DK1\x01\x01" "z\x0B", 6);
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < 4096; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		text[i] = (char)(x & 0xFF);
	}
	assert_int_equal(dk_article_set(&a.text, text, 4096), DK_OK);
	a.text_len = 4096;
	dk_buf_reset(&rec);
	assert_int_equal(dk_article_encode(&a, &rec), DK_OK);
	assert_memory_equal(rec.data, "DK1\x01\x01" "z\x0B", 6);
	assert_int_equal(decode_exact(rec.data, rec.len, &out), DK_OK);
	assert_int_equal(out.text_len, 4096);
	assert_memory_equal(out.text, text, 4096);
	dk_article_clear(&out);
	dk_buf_free(&rec);
	dk_article_clear(&a);
	free(text);
}

/* ---- decoding bad records -------------------------------------------- */

struct bad_row {
	const char *name;
	const char *data;
	size_t len;
};

static const struct bad_row bad_rows[] = {
	{ "empty", L("") },
	{ "short magic", L("DK") },
	{ "wrong magic", L("DK3\x01\x01" "a") },
	{ "lower-case magic", L("dk1\x01\x01" "a") },
	{ "tag without length", L("DK1\x01") },
	{ "length past the end", L("DK1\x01\x05" "ab") },
	{ "length one past the end", L("DK1\x01\x03" "ab") },
	{ "unterminated LEB128", L("DK1\x01\x80") },
	{ "unterminated long LEB128", L("DK1\x01\xFF\xFF\xFF") },
	{ "huge length", L("DK1\x01\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F" "abc") },
	{ "length 2^63", L("DK1\x0B\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01") },
	{ "ten-byte LEB128", L("DK1\x01\x81\x80\x80\x80\x80\x80\x80\x80\x80\x00" "a") },
	{ "length wraps size_t", L("DK1\x0B\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01") },
	{ "good fields then a bad one",
	  L("DK1\x01\x02id\x03\x05title\x0B\x04" "ab\x0B\x09tail") },
	{ "good fields then a cut tag", L("DK1\x01\x02id\x0B\x03" "abc\x63") },
	{ "unknown tag past the end", L("DK1\x01\x01" "a\xEE\x10xyz") },
	/* Tag 17 holding no zstd frame (test_zstd_text has more). */
	{ "zstd text that is no frame", L("DK2\x01\x01" "a\x11\x04" "abcd") },

};

static void test_decode_bad_table(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(bad_rows); r++) {
		const struct bad_row *row = &bad_rows[r];
		dk_article out = { 0 };
		dk_status st = decode_exact(row->data, row->len, &out);
		if (st != DK_ERR_PARSE)
			fail_msg("%s: status %d, want DK_ERR_PARSE", row->name, st);
		if (!is_zeroed(&out))
			fail_msg("%s: article not cleared", row->name);
	}
}

struct skip_row {
	const char *name;
	const char *data;
	size_t len;
	const char *id;      /* expected id; NULL: none */
	const char *title;   /* expected title; NULL: none */
};

static const struct skip_row skip_rows[] = {
	{ "magic only", L("DK1"), NULL, NULL },
	{ "unknown tag first", L("DK1\x63\x03zzz\x01\x02id"), "id", NULL },
	{ "unknown tag last", L("DK1\x01\x02id\xFF\x01!"), "id", NULL },
	{ "tag zero", L("DK1\x00\x00\x01\x01" "a\x03\x01T"), "a", "T" },
	{ "unknown tag with a two-byte length",
	  L("DK1\x40\x81\x01"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "x\x03\x02Tt"), NULL, "Tt" },
	{ "repeated field: the last wins", L("DK1\x01\x03one\x01\x03two"), "two", NULL },
	{ "non-minimal LEB128", L("DK1\x01\x82\x00id"), "id", NULL },
};

static void test_decode_skips_unknown(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(skip_rows); r++) {
		const struct skip_row *row = &skip_rows[r];
		dk_article out = { 0 };
		dk_status st = decode_exact(row->data, row->len, &out);
		if (st != DK_OK)
			fail_msg("%s: status %d", row->name, st);
		if (!row->id != !out.id || (row->id && strcmp(row->id, out.id)))
			fail_msg("%s: id \"%s\"", row->name, out.id ? out.id : "(null)");
		if (!row->title != !out.title ||
		    (row->title && strcmp(row->title, out.title)))
			fail_msg("%s: title \"%s\"", row->name,
				 out.title ? out.title : "(null)");
		assert_null(out.text);
		dk_article_clear(&out);
	}
}

/* Every proper prefix of a record decodes cleanly or fails cleanly; the
 * ones that succeed are exactly the cuts between fields. */
static void test_decode_every_prefix(void **state)
{
	(void)state;
	const struct rt_row *row = &rt_rows[0];
	dk_article a = { 0 };
	for (int i = 0; i < NFIELDS - 1; i++)
		assert_int_equal(dk_article_set(field_at(&a, i), row->v[i],
						strlen(row->v[i])), DK_OK);
	assert_int_equal(dk_article_set(&a.text, row->text, row->text_len), DK_OK);
	a.text_len = row->text_len;
	dk_buf rec = DK_BUF_INIT;
	assert_int_equal(dk_article_encode(&a, &rec), DK_OK);
	size_t oks = 0;
	for (size_t n = 0; n < rec.len; n++) {
		dk_article out = { 0 };
		dk_status st = decode_exact(rec.data, n, &out);
		if (st == DK_OK) {
			oks++;
			/* Whatever was decoded is a leading run of the fields. */
			int absent = 0;
			for (int i = 0; i < NFIELDS; i++) {
				const char *got = *field_at(&out, i);
				if (!got) {
					absent = 1;
				} else if (absent || strcmp(got, *field_at(&a, i)) != 0) {
					fail_msg("prefix %zu: field %s wrong", n, field_names[i]);
				}
			}
			dk_article_clear(&out);
		} else if (st != DK_ERR_PARSE || !is_zeroed(&out)) {
			fail_msg("prefix %zu: status %d", n, st);
		}
	}
	/* "DK1" alone, then after each of the first ten fields. */
	assert_int_equal(oks, NFIELDS);
	dk_buf_free(&rec);
	dk_article_clear(&a);
}

/* Seeded random bytes after the magic never crash, overread or leak. */
static void test_decode_garbage(void **state)
{
	(void)state;
	uint32_t x = 2463534242u;
	size_t ok = 0, bad = 0;
	for (int round = 0; round < 5000; round++) {
		unsigned char buf[64];
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		size_t n = 3 + x % (sizeof buf - 3);
		memcpy(buf, "DK1", 3);
		for (size_t i = 3; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			/* Mostly small values so some records are well-formed. */
			buf[i] = (unsigned char)(x % 4 ? x % 16 : x >> 8);
		}
		dk_article out = { 0 };
		dk_status st = decode_exact((const char *)buf, n, &out);
		if (st == DK_OK) {
			ok++;
			if (out.text)
				assert_int_equal(out.text[out.text_len], '\0');
			dk_article_clear(&out);
		} else {
			assert_int_equal(st, DK_ERR_PARSE);
			assert_true(is_zeroed(&out));
			bad++;
		}
	}
	/* The generator exercises both outcomes. */
	assert_true(ok > 100);
	assert_true(bad > 100);
}

/* ---- dk_article_set / dk_article_clear ------------------------------- */

static void test_article_set_clear(void **state)
{
	(void)state;
	dk_article a = { 0 };
	assert_int_equal(dk_article_set(&a.title, "Hello world", 5), DK_OK);
	assert_string_equal(a.title, "Hello");
	/* Replacing frees the old value (LeakSanitizer checks). */
	assert_int_equal(dk_article_set(&a.title, "Again", 5), DK_OK);
	assert_string_equal(a.title, "Again");
	assert_int_equal(dk_article_set(&a.title, NULL, 7), DK_OK);
	assert_null(a.title);
	assert_int_equal(dk_article_set(&a.url, "", 0), DK_OK);
	assert_non_null(a.url);
	assert_string_equal(a.url, "");
	for (int i = 0; i < NFIELDS; i++)
		assert_int_equal(dk_article_set(field_at(&a, i), "v", 1), DK_OK);
	a.text_len = 1;
	dk_article_clear(&a);
	assert_true(is_zeroed(&a));
	dk_article_clear(&a);  /* clearing twice is fine */
	assert_true(is_zeroed(&a));
}

/* The id term: "Q" + id, long ids cut and hashed; pinned, because the
 * indexes already built hold these terms. */
static void test_uid_term(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	dk_article_uid_term("text/a.txt", &b);
	assert_string_equal(b.data, "Qtext/a.txt");
	char id[251];
	memset(id, 'x', 250);
	id[250] = '\0';
	dk_buf_reset(&b);
	dk_article_uid_term(id, &b);
	assert_int_equal(b.len, 1 + DK_ARTICLE_UID_MAX - 17 + 17);
	assert_string_equal(b.data + 1 + DK_ARTICLE_UID_MAX - 17, "#ec9ed1cac0d8ee3b");
	dk_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_table),
		cmocka_unit_test(test_round_trip_long),
		cmocka_unit_test(test_encoding_pinned),
		cmocka_unit_test(test_entity_fields),
		cmocka_unit_test(test_zstd_text),
		cmocka_unit_test(test_decode_bad_table),
		cmocka_unit_test(test_decode_skips_unknown),
		cmocka_unit_test(test_decode_every_prefix),
		cmocka_unit_test(test_decode_garbage),
		cmocka_unit_test(test_article_set_clear),
		cmocka_unit_test(test_uid_term),
	};
	return cmocka_run_group_tests_name("article", tests, NULL, NULL);
}
