/*
 * test_lang.c - unit tests for common/lang.c (the language of a
 * text) and its use by dk_dump_article_finish (articles without a declared
 * language get the detected one).
 *
 * Tables: sentences of news prose in each language the detector knows,
 * with the code expected; texts it must not name (Latin filler, a few
 * words, numbers); ISO codes and the Snowball stemmer they select, each
 * checked against the analyzer's own list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../common/analyzer.h"
#include "../../common/article.h"
#include "../../indexer/extract/dump.h"
#include "../../common/lang.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct detect_row {
	const char *text;
	const char *want;   /* NULL: no language */
};

static const struct detect_row detect_rows[] = {
	{ "The court said on Tuesday that the company had failed to show why the case "
	  "should be moved to another district.", "en" },
	{ "Das Gericht hat am Dienstag entschieden, dass die Klage der Verbraucher gegen "
	  "den Konzern zulässig ist und nicht mehr aufgeschoben wird.", "de" },
	{ "DAS GERICHT HAT AM DIENSTAG ENTSCHIEDEN, DASS DIE KLAGE DER VERBRAUCHER GEGEN "
	  "DEN KONZERN ZULÄSSIG IST UND NICHT MEHR AUFGESCHOBEN WIRD.", "de" },
	{ "Le tribunal a estimé mardi que la plainte des consommateurs contre le groupe "
	  "était recevable et que le procès pourra avoir lieu dans les prochains mois.", "fr" },
	{ "El tribunal decidió el martes que la demanda de los consumidores contra la "
	  "empresa es admisible y que el juicio se celebrará en los próximos meses.", "es" },
	{ "O tribunal decidiu na terça-feira que a ação dos consumidores contra a empresa "
	  "não foi apresentada fora do prazo e que o julgamento será em breve.", "pt" },
	{ "Il tribunale ha deciso martedì che la causa dei consumatori contro la società "
	  "è ammissibile e che il processo si terrà nei prossimi mesi.", "it" },
	{ "De rechter heeft dinsdag beslist dat de zaak van de consumenten tegen het "
	  "bedrijf ontvankelijk is en dat er nog dit jaar een uitspraak komt.", "nl" },
	{ "Sąd uznał we wtorek, że pozew konsumentów przeciwko firmie jest zasadny i nie "
	  "może być odrzucony, a proces odbędzie się jeszcze w tym roku.", "pl" },
	{ "Soud v úterý rozhodl, že žaloba spotřebitelů proti firmě je přípustná a že "
	  "proces se bude konat ještě letos, jak uvedl mluvčí soudu.", "cs" },
	{ "Domstolen beslutade på tisdagen att konsumenternas talan mot företaget är "
	  "giltig och att rättegången inte kan skjutas upp till nästa år.", "sv" },
	{ "法院周二裁定，消费者对该公司的诉讼可以受理，审判将在未来几个月内进行。", "zh" },
	{ "裁判所は火曜日、消費者による同社への訴えを受理し、数か月以内に審理を始めると発表した。", "ja" },
	{ "قررت المحكمة يوم الثلاثاء أن دعوى المستهلكين ضد الشركة مقبولة وأن المحاكمة ستعقد خلال الأشهر المقبلة.", "ar" },
	{ "Суд во вторник постановил, что иск потребителей против компании будет "
	  "рассмотрен в ближайшие месяцы.", "ru" },
	{ "Суд у вівторок ухвалив, що позов споживачів проти компанії є прийнятним і "
	  "буде розглянутий найближчими місяцями.", "uk" },
	{ "Το δικαστήριο αποφάσισε την Τρίτη ότι η αγωγή των καταναλωτών κατά της "
	  "εταιρείας είναι παραδεκτή.", "el" },
	{ "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod "
	  "tempor incididunt ut labore et dolore magna aliqua.", NULL },
	{ "Home News Tech", NULL },
	{ "2025 12 06 14:00", NULL },
	{ "", NULL },
};

static void test_detect_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < ARRAY_LEN(detect_rows); i++) {
		const struct detect_row *r = &detect_rows[i];
		const char *got = dk_lang_detect(r->text, strlen(r->text));
		int ok = r->want ? got && !strcmp(got, r->want) : got == NULL;
		if (!ok) {
			print_error("row %zu: got %s, want %s: %.40s\n", i,
				    got ? got : "(none)", r->want ? r->want : "(none)",
				    r->text);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Function words: shared ones carry every language that has them. */
static void test_words(void **state)
{
	(void)state;
	uint32_t m = dk_lang_word("die", 3);
	assert_true(m & (1u << DK_LANG_DE));
	assert_false(m & (1u << DK_LANG_FR));
	m = dk_lang_word("de", 2);
	assert_true(m & (1u << DK_LANG_FR));
	assert_true(m & (1u << DK_LANG_ES));
	assert_true(m & (1u << DK_LANG_NL));
	assert_false(m & (1u << DK_LANG_EN));
	assert_true(dk_lang_word("für", strlen("für")) & (1u << DK_LANG_DE));
	assert_int_equal(dk_lang_word("court", 5), 0);
	assert_int_equal(dk_lang_word("", 0), 0);
	assert_string_equal(dk_lang_code(DK_LANG_PL), "pl");
	assert_null(dk_lang_code(-1));
	assert_null(dk_lang_code(DK_LANG_NWORD));
}

/* Picking: enough hits, and clearly ahead of the runner-up. */
static void test_pick(void **state)
{
	(void)state;
	unsigned h[DK_LANG_NWORD] = { 0 };
	h[DK_LANG_DE] = 30;
	h[DK_LANG_NL] = 8;
	assert_int_equal(dk_lang_pick(h, 100), DK_LANG_DE);
	h[DK_LANG_NL] = 25;             /* too close to call */
	assert_int_equal(dk_lang_pick(h, 100), -1);
	h[DK_LANG_NL] = 0;
	assert_int_equal(dk_lang_pick(h, 1000), -1);   /* under 8% of the words */
	memset(h, 0, sizeof h);
	h[DK_LANG_FR] = 2;
	assert_int_equal(dk_lang_pick(h, 4), -1);      /* under 3 hits */
}

/* Every stemmer the map names is one the analyzer has. */
static void test_stemmer(void **state)
{
	(void)state;
	assert_string_equal(dk_lang_stemmer("de"), "german");
	assert_string_equal(dk_lang_stemmer("de-AT"), "german");
	assert_string_equal(dk_lang_stemmer("PT_br"), "portuguese");
	assert_null(dk_lang_stemmer("pl"));
	assert_null(dk_lang_stemmer("zh"));
	assert_null(dk_lang_stemmer("deu"));
	assert_null(dk_lang_stemmer(NULL));
	static const char *const codes[] = { "en", "de", "fr", "es", "pt", "it", "nl",
					     "sv", "da", "no", "fi", "hu", "ro", "tr",
					     "ru", "ar", "el" };
	for (size_t i = 0; i < ARRAY_LEN(codes); i++) {
		const char *name = dk_lang_stemmer(codes[i]);
		assert_non_null(name);
		dk_analyzer *an = NULL;
		assert_int_equal(dk_analyzer_new(name, &an), DK_OK);
		assert_string_equal(dk_analyzer_language(an), name);
		dk_analyzer_free(an);
	}
}

/* Only the opening of a long text is read: German first, then far more
 * English, is German. */
static void test_sample(void **state)
{
	(void)state;
	const char *de = detect_rows[1].text, *en = detect_rows[0].text;
	char *t = malloc(20 * DK_LANG_SAMPLE);
	assert_non_null(t);
	size_t n = 0;
	while (n + strlen(de) + 1 < DK_LANG_SAMPLE) {
		memcpy(t + n, de, strlen(de));
		n += strlen(de);
		t[n++] = ' ';
	}
	while (n + strlen(en) + 1 < 20 * DK_LANG_SAMPLE) {
		memcpy(t + n, en, strlen(en));
		n += strlen(en);
		t[n++] = ' ';
	}
	assert_string_equal(dk_lang_detect(t, n), "de");
	free(t);
}

/* dk_dump_article_finish: the detected language when none is declared. */
static void test_finish(void **state)
{
	(void)state;
	const char *de = detect_rows[1].text;
	dk_article a;
	memset(&a, 0, sizeof a);
	assert_int_equal(dk_article_set(&a.text, de, strlen(de)), DK_OK);
	a.text_len = strlen(de);
	assert_int_equal(dk_dump_article_finish(&a), DK_OK);
	assert_non_null(a.lang);
	assert_string_equal(a.lang, "de");
	dk_article_clear(&a);
	/* A declared language wins. */
	assert_int_equal(dk_article_set(&a.text, de, strlen(de)), DK_OK);
	a.text_len = strlen(de);
	assert_int_equal(dk_article_set(&a.lang, "en", 2), DK_OK);
	assert_int_equal(dk_dump_article_finish(&a), DK_OK);
	assert_string_equal(a.lang, "en");
	dk_article_clear(&a);
	/* Too little text: no language rather than a guess. */
	assert_int_equal(dk_article_set(&a.text, "Home", 4), DK_OK);
	a.text_len = 4;
	assert_int_equal(dk_dump_article_finish(&a), DK_OK);
	assert_null(a.lang);
	dk_article_clear(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_table),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_stemmer),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_finish),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
