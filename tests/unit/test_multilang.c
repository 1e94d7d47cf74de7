/*
 * test_multilang.c - per-article stemming: common/stemmers.c, the stemmer
 * terms the document builder writes, the per-language queries of
 * searcher/query_compile.c and the searcher that uses both.
 *
 * The table checks which stemmer an article's language picks.  The fixed
 * tests index German, French, English and Polish articles once per-article
 * and once with one language (--single-lang), and check the stemmer terms
 * of each index, that an inflected German or French query word finds its
 * article only in the per-article index, that English queries compile and
 * rank exactly as in a one-language index, and that passages highlight
 * with the article's own stemmer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../common/analyzer.h"
#include "../../common/buf.h"
#include "../../common/fields.h"
#include "../../common/stemmers.h"
#include "../../indexer/indexer.h"
#include "../../searcher/query_compile.h"
#include "../../searcher/query_parser.h"
#include "../../searcher/search.h"
#include "../../shims/xapian_shim.h"
#include "fixture.h"

/* ---- which stemmer an article gets -------------------------------------- */

struct row {
	const char *deflt;   /* the index's --lang */
	int per_article;
	const char *code;    /* the article's lang */
	const char *want;    /* the Snowball name chosen */
};

static const struct row rows[] = {
	{ "english", 1, "de", "german" },
	{ "english", 1, "de-AT", "german" },
	{ "english", 1, "FR", "french" },
	{ "english", 1, "pt_BR", "portuguese" },
	{ "english", 1, "german", "german" },
	{ "english", 1, "en-US", "english" },
	{ "english", 1, "pl", "english" },      /* no Snowball stemmer */
	{ "english", 1, "zh", "english" },
	{ "english", 1, "xx", "english" },      /* unknown code */
	{ "english", 1, "", "english" },
	{ "english", 1, NULL, "english" },
	{ "english", 1, "none", "english" },    /* not an article's choice */
	{ "english", 0, "de", "english" },      /* --single-lang */
	{ "french", 1, "pl", "french" },
	{ "french", 1, "en", "english" },
	{ "none", 1, "de", "german" },
	{ "none", 1, "pl", "none" },
};
#define NROWS (sizeof rows / sizeof rows[0])

static void test_row(void **state)
{
	const struct row *r = *state;
	dk_stemmers *s = NULL;
	dk_analyzer *an = NULL;
	assert_int_equal(dk_stemmers_new(r->deflt, r->per_article, &s), DK_OK);
	assert_string_equal(dk_stemmers_choose(s, r->code), r->want);
	/* Not in the set yet: find gives the default. */
	assert_ptr_equal(dk_stemmers_find(s, r->code), dk_stemmers_default(s));
	assert_int_equal(dk_stemmers_get(s, r->code, &an), DK_OK);
	assert_string_equal(dk_analyzer_language(an), r->want);
	assert_ptr_equal(dk_stemmers_find(s, r->code), an);
	size_t want_n = strcmp(r->want, dk_analyzer_language(
					      dk_stemmers_default(s))) ? 2 : 1;
	assert_int_equal(dk_stemmers_count(s), want_n);
	assert_ptr_equal(dk_stemmers_at(s, 0), dk_stemmers_default(s));
	assert_null(dk_stemmers_at(s, want_n));
	dk_stemmers_free(s);
}

static void row_name(size_t i, const void *row, char *buf, size_t size)
{
	const struct row *r = row;
	snprintf(buf, size, "%zu: %s%s, lang %s -> %s", i, r->deflt,
		 r->per_article ? "" : " single", r->code ? r->code : "(null)",
		 r->want);
}

static void test_unknown_default(void **state)
{
	(void)state;
	dk_stemmers *s = (dk_stemmers *)1;
	assert_int_equal(dk_stemmers_new("klingon", 1, &s), DK_ERR_INVALID);
	assert_null(s);
	assert_null(dk_analyzer_stemmer_name("pl"));
	assert_null(dk_analyzer_stemmer_name(NULL));
	assert_string_equal(dk_analyzer_stemmer_name("nb-NO"), "norwegian");
}

/* ---- the indexes -------------------------------------------------------- */

static char root[PATH_MAX];
static char multi_dir[PATH_MAX + 16], single_dir[PATH_MAX + 16];

/* fixture_article has no language: these rows do. */
typedef struct lang_article {
	const char *id, *title, *date, *text, *lang;
} lang_article;

static const lang_article articles[] = {
	{ "de-1", "Gerichte prüfen die Klagen der Verbraucher", "2025-01-10",
	  "Die Verbraucherschützer haben mehrere Klagen gegen das Unternehmen "
	  "eingereicht. Das Gericht in Berlin prüft nun, ob die "
	  "Datenschutzverstöße der Firma zu Schadensersatz führen. Die "
	  "Kläger fordern eine Entschädigung für die gespeicherten "
	  "Nachrichten.", "de" },
	{ "fr-1", "Les tribunaux examinent les plaintes des consommateurs",
	  "2025-01-11",
	  "Les associations de consommateurs ont déposé plusieurs plaintes "
	  "contre l'entreprise. Le tribunal de Paris examine maintenant si "
	  "les violations de la protection des données entraînent des "
	  "dommages. Les plaignants demandent une indemnisation pour les "
	  "messages enregistrés.", "fr" },
	{ "en-1", "Courts review the complaints of consumers", "2025-01-12",
	  "Consumer groups have filed several complaints against the "
	  "company. The court in Berlin is now reviewing whether the data "
	  "protection violations lead to damages. The plaintiffs are "
	  "demanding compensation for the stored messages.", "en" },
	{ "en-2", "Regulators fine the company", "2025-01-13",
	  "The regulators fined the company for storing messages. Its "
	  "lawyers said the complaints were unfounded.", "en" },
	{ "pl-1", "Sądy badają skargi konsumentów", "2025-01-14",
	  "Organizacje konsumenckie złożyły skargi przeciwko firmie w "
	  "Berlinie.", "pl" },
};
#define NART (sizeof articles / sizeof articles[0])

static int write_dump(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < NART && !rc; i++) {
		const lang_article *a = &articles[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", a->id,
				      "title", a->title, "date", a->date,
				      "text", a->text, "lang", a->lang);
		char *line = o ? json_dumps(o, JSON_COMPACT) : NULL;
		if (!line || fprintf(f, "%s\n", line) < 0)
			rc = -1;
		free(line);
		json_decref(o);
	}
	return fclose(f) || rc ? -1 : 0;
}

static int build(const char *in, const char *dir, int single)
{
	dk_index_opts o = { 0 };
	o.single_stem = single;
	return fixture_index_with(&o, in, dir, NART);
}

static dk_searcher *multi, *single;

static int group_setup(void **state)
{
	(void)state;
	char in[PATH_MAX + 32];
	if (fixture_mkdtemp(root, "docket-test-multilang"))
		return -1;
	snprintf(in, sizeof in, "%s/in.jsonl", root);
	snprintf(multi_dir, sizeof multi_dir, "%s/multi", root);
	snprintf(single_dir, sizeof single_dir, "%s/single", root);
	if (write_dump(in) || build(in, multi_dir, 0) ||
	    build(in, single_dir, 1))
		return -1;
	if (dk_searcher_open(multi_dir, &multi, NULL) ||
	    dk_searcher_open(single_dir, &single, NULL))
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	dk_searcher_close(multi);
	dk_searcher_close(single);
	return fixture_remove_tree(root);
}

static int collect(void *ctx, const char *t, size_t len, uint64_t tf)
{
	dk_buf *b = ctx;
	dk_buf_printf(b, "%s%.*s:%llu", b->len ? " " : "", (int)len, t,
		      (unsigned long long)tf);
	return 0;
}

/* The stemmer terms of the index at dir with their frequencies. */
static char *stemmer_terms(const char *dir)
{
	const char *dbs[1] = { dir };
	dk_reader *r = NULL;
	dk_buf b = DK_BUF_INIT;
	assert_int_equal(dk_reader_open(dbs, 1, &r, NULL), DK_OK);
	assert_int_equal(dk_reader_terms(r, DK_PREFIX_STEMMER,
					 strlen(DK_PREFIX_STEMMER), 0, collect,
					 &b), DK_OK);
	dk_reader_close(r);
	dk_buf_puts(&b, "");
	return dk_buf_detach(&b, NULL);
}

static void test_stemmer_terms(void **state)
{
	(void)state;
	char *t = stemmer_terms(multi_dir);
	/* English (the default) and Polish (no stemmer) articles carry none. */
	assert_string_equal(t, "XZfrench:1 XZgerman:1");
	free(t);
	t = stemmer_terms(single_dir);
	assert_string_equal(t, "");
	free(t);
}

/* The ids q finds in s, space-separated, best first. */
static char *ids(dk_searcher *s, const char *q, dk_result_page **keep)
{
	dk_search_request req;
	dk_result_page *p = NULL;
	dk_buf b = DK_BUF_INIT;
	dk_search_request_init(&req);
	req.query = q;
	req.query_len = strlen(q);
	req.fold = 0;
	dk_status st = dk_search(s, &req, &p);
	if (st)
		fail_msg("%s: %s (%s)", q, dk_status_str(st), dk_searcher_error(s));
	for (size_t i = 0; i < p->nhits; i++)
		dk_buf_printf(&b, "%s%s", i ? " " : "", p->hits[i].art.id);
	dk_buf_puts(&b, "");
	if (keep)
		*keep = p;
	else
		dk_result_page_free(p);
	return dk_buf_detach(&b, NULL);
}

static void expect(dk_searcher *s, const char *q, const char *want)
{
	char *got = ids(s, q, NULL);
	if (strcmp(got, want))
		fail_msg("%s: want [%s], got [%s]", q, want, got);
	free(got);
}

static void test_inflected_queries(void **state)
{
	(void)state;
	/* German and French words in other inflections than the articles'. */
	expect(multi, "Klage", "de-1");
	expect(single, "Klage", "");
	expect(multi, "gespeicherte Nachricht", "de-1");
	expect(multi, "Entschädigungen", "de-1");
	expect(multi, "\"gespeicherte Nachricht\"", "de-1");
	expect(single, "\"gespeicherte Nachricht\"", "");
	expect(multi, "NEAR(Klage Unternehmens)", "de-1");
	expect(multi, "examinait", "fr-1");
	expect(single, "examinait", "");
	expect(multi, "title:tribunal", "fr-1");
	/* lang: still filters. */
	expect(multi, "lang:de Berlin", "de-1");
	expect(multi, "lang:fr", "fr-1");
	expect(multi, "-lang:de Klage", "");
	/* A word every stemmer leaves alike matches every language. */
	char *b = ids(multi, "Berlin", NULL);
	assert_non_null(strstr(b, "de-1"));
	assert_non_null(strstr(b, "en-1"));
	free(b);
}

/* English queries rank the English articles as a one-language index. */
static void test_english_unchanged(void **state)
{
	(void)state;
	static const char *const qs[] = {
		"complaints", "complaint", "storing messages", "\"stored messages\"",
		"compan*", "NEAR(complaints company)", "fined OR reviewed",
		"title:courts", "court -regulators",
	};
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		dk_result_page *pm = NULL, *ps = NULL;
		char *a = ids(multi, qs[i], &pm);
		char *c = ids(single, qs[i], &ps);
		/* Same English hits in the same order with the same scores
		 * (the German and French articles may add hits of their own). */
		size_t k = 0;
		for (size_t j = 0; j < ps->nhits; j++) {
			if (strncmp(ps->hits[j].art.id, "en-", 3))
				continue;
			while (k < pm->nhits && strncmp(pm->hits[k].art.id, "en-", 3))
				k++;
			if (k == pm->nhits)
				fail_msg("%s: %s missing (%s / %s)", qs[i],
					 ps->hits[j].art.id, a, c);
			assert_string_equal(pm->hits[k].art.id, ps->hits[j].art.id);
			assert_true(pm->hits[k].score == ps->hits[j].score);
			k++;
		}
		free(a);
		free(c);
		dk_result_page_free(pm);
		dk_result_page_free(ps);
	}
}

/* The highlight of the German article is its German word. */
static void test_highlight(void **state)
{
	(void)state;
	dk_result_page *p = NULL;
	char *got = ids(multi, "Klage", &p);
	assert_string_equal(got, "de-1");
	free(got);
	const dk_hit *h = &p->hits[0];
	assert_true(h->npassages > 0);
	const dk_passage *ps = &h->passages[0];
	dk_buf marked = DK_BUF_INIT;
	for (size_t i = 0; i < ps->nhl; i++)
		dk_buf_printf(&marked, "%s%.*s", i ? "|" : "",
			      (int)(ps->hl[i].end - ps->hl[i].start),
			      h->art.text + ps->start + ps->hl[i].start);
	dk_buf_puts(&marked, "");
	assert_non_null(strstr(marked.data, "Klagen"));
	assert_non_null(strstr(marked.data, "Kläger"));
	dk_buf_free(&marked);
	dk_result_page_free(p);
}

/* In a one-language set, dk_query_compile_langs is dk_query_compile. */
static void test_one_language_same_query(void **state)
{
	(void)state;
	const char *dbs[1] = { multi_dir };
	dk_reader *r = NULL;
	dk_stemmers *one = NULL, *two = NULL;
	dk_analyzer *de = NULL;
	assert_int_equal(dk_reader_open(dbs, 1, &r, NULL), DK_OK);
	assert_int_equal(dk_stemmers_new("english", 1, &one), DK_OK);
	assert_int_equal(dk_stemmers_new("english", 1, &two), DK_OK);
	assert_int_equal(dk_stemmers_get(two, "de", &de), DK_OK);
	static const char *const qs[] = {
		"Klagen", "\"stored messages\"", "compan*", "NEAR(a b)",
		"berlin lang:de", "title:courts -regulators",
	};
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		dk_qnode *tree = NULL;
		char *w = NULL, *d1 = NULL, *d2 = NULL, *d3 = NULL;
		dk_compiled c1, c2, c3;
		assert_int_equal(dk_qparse(qs[i], strlen(qs[i]), 0, &tree, &w),
				 DK_OK);
		free(w);
		dk_analyzer *en = dk_stemmers_default(one);
		assert_int_equal(dk_query_compile(tree, en, r, &c1), DK_OK);
		assert_int_equal(dk_query_compile_langs(tree, en, one, r, &c2),
				 DK_OK);
		assert_int_equal(dk_query_compile_langs(tree,
							dk_stemmers_default(two),
							two, r, &c3), DK_OK);
		assert_int_equal(dk_query_describe(c1.query, &d1), DK_OK);
		assert_int_equal(dk_query_describe(c2.query, &d2), DK_OK);
		assert_int_equal(dk_query_describe(c3.query, &d3), DK_OK);
		assert_string_equal(d1, d2);
		/* Two languages: the German form only for German articles. */
		if (i == 0) {
			assert_non_null(strstr(d3, "klag FILTER XZgerman"));
			assert_non_null(strstr(d3, "klagen AND_NOT XZgerman"));
			/* Each language's passages see its own stem only. */
			dk_match_set en_m, de_m;
			assert_int_equal(dk_match_set_for_lang(&c3, 0, &en_m), DK_OK);
			assert_int_equal(dk_match_set_for_lang(&c3, 1, &de_m), DK_OK);
			assert_true(dk_match_set_find(&en_m, "klagen", 6) >= 0);
			assert_true(dk_match_set_find(&en_m, "klag", 4) < 0);
			assert_true(dk_match_set_find(&de_m, "klag", 4) >= 0);
			assert_true(dk_match_set_find(&de_m, "klagen", 6) < 0);
			dk_match_set_free(&en_m);
			dk_match_set_free(&de_m);
			/* A title term restricted to German articles; none
			 * needed for a term of every language. */
			dk_query *t = NULL, *only = NULL;
			assert_int_equal(dk_query_term("Sklag", 5, 1, &t), DK_OK);
			assert_int_equal(dk_compiled_restrict(&c3, 2, t, &only), DK_OK);
			char *od = NULL;
			assert_int_equal(dk_query_describe(only, &od), DK_OK);
			assert_non_null(strstr(od, "Sklag FILTER XZgerman"));
			free(od);
			dk_query_free(only);
			assert_int_equal(dk_compiled_restrict(&c3, 3, t, &only), DK_OK);
			assert_null(only);
			assert_int_equal(dk_compiled_restrict(&c3, 0, t, &only), DK_OK);
			assert_null(only);
			dk_query_free(t);
		}
		/* One language: its match set is the query's own. */
		dk_match_set one_m;
		assert_int_equal(dk_match_set_for_lang(&c2, 0, &one_m), DK_OK);
		assert_int_equal(one_m.nterms, c1.match.nterms);
		assert_int_equal(one_m.nphrases, c1.match.nphrases);
		for (size_t k = 0; k < one_m.nterms; k++)
			assert_string_equal(one_m.terms[k].term, c1.match.terms[k].term);
		dk_match_set_free(&one_m);
		if (i == 4)  /* "berlin" is the same in both: unfiltered */
			assert_null(strstr(d3, "XZgerman"));
		free(d1);
		free(d2);
		free(d3);
		dk_compiled_free(&c1);
		dk_compiled_free(&c2);
		dk_compiled_free(&c3);
		dk_qnode_free(tree);
	}
	dk_stemmers_free(one);
	dk_stemmers_free(two);
	dk_reader_close(r);
}

int main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_unknown_default),
		cmocka_unit_test(test_stemmer_terms),
		cmocka_unit_test(test_inflected_queries),
		cmocka_unit_test(test_english_unchanged),
		cmocka_unit_test(test_highlight),
		cmocka_unit_test(test_one_language_same_query),
	};
	return fixture_run_table("multilang", rows, NROWS, sizeof rows[0],
				 row_name, test_row, extra,
				 sizeof extra / sizeof extra[0], group_setup,
				 group_teardown);
}
