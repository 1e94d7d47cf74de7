/*
 * test_entities.c - unit tests for indexer/extract/entities.c.
 *
 * One table of texts and the entities each should give, per kind, as the
 * values joined by '|' ("" none).  Positive rows cover the forms
 * entities.h lists (and the seeds' and sample corpus's sentences);
 * negative rows are the near misses precision depends on: bare numbers,
 * lower-case "v.", sentence-initial words, "the court", Moore's Law, law
 * schools, prosecutors' offices.  Then de-duplication, the DK_ENT_MAX cap,
 * the kinds mask and a large input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../indexer/extract/entities.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct row {
	const char *text;
	const char *want[DK_ENT_NKINDS];  /* case, party, court, statute, cve */
};

static const struct row rows[] = {
	/* ---- the seeds ---- */
	{ "The case is formally titled De La Torre v. LinkedIn Corp and is filed in the U.S. District Court, Northern District of California, under case number 25-00709.",
	  { "25-00709", "De La Torre|LinkedIn Corp",
	    "U.S. District Court for the Northern District of California", "", "" } },
	{ "The case is De La Torre v. LinkedIn Corp, U.S. District Court for the Northern District of California, Case No. 25-00709.",
	  { "25-00709", "De La Torre|LinkedIn Corp",
	    "U.S. District Court for the Northern District of California", "", "" } },
	{ "The plaintiffs seek unspecified damages for breach of contract and violations of California\xE2\x80\x99s Unfair Competition Law, along with $1,000 per person for violations of the federal Stored Communications Act.",
	  { "", "", "", "Unfair Competition Law|Stored Communications Act", "" } },
	/* ---- case numbers ---- */
	{ "Harlow v. Brightpath Inc., No. 25-01234 in the U.S. District Court",
	  { "25-01234", "Harlow|Brightpath Inc.", "", "", "" } },
	{ "Case No. 5:25-cv-01234 and 3:24-cv-9130, also 1:24-cv-08812.",
	  { "25-01234|24-09130|24-08812", "", "", "", "" } },
	{ "In State of Ohio v. Quantix Labs, Case 1:24-cv-08812 in Cincinnati",
	  { "24-08812", "State of Ohio|Quantix Labs", "", "", "" } },
	{ "the 9th Cir. No. 23-15872 appeal; docket no. 24-00123; case #22-10001",
	  { "23-15872|24-00123|22-10001", "",
	    "U.S. Court of Appeals for the Ninth Circuit", "", "" } },
	{ "filed as 24-cv-2290 in Washington", { "24-02290", "", "", "", "" } },
	/* not docket numbers */
	{ "The vote was 25-00709 in favour; call 555-1234; in 2024-25 revenue fell; ranked No. 12-3; Patent No. 10,554,219; between 10-15 people",
	  { "", "", "", "", "" } },
	{ "The score was no 25-001 at all; model 23-xy-12345 shipped.",
	  { "", "", "", "", "" } },
	/* ---- captions ---- */
	{ "Sorrell Optics Inc. v. Quillon Devices Ltd., Case No. 2:23-cv-00417, went to trial.",
	  { "23-00417", "Sorrell Optics Inc.|Quillon Devices Ltd.", "", "", "" } },
	{ "It cites Barrett v. Linkhub Corp., 123 F.3d 456, and Ferris v. Mailstream Inc., 98 F.4th 1102.",
	  { "", "Barrett|Linkhub Corp.|Ferris|Mailstream Inc.", "", "", "" } },
	{ "Harlow v. Brightpath: three questions that will decide the suit",
	  { "", "Harlow|Brightpath", "", "", "" } },
	{ "U.S. District Judge Nathaniel Okafor ruled in United States v. Helix Cloud Corp. that the case may go on.",
	  { "", "United States|Helix Cloud Corp.", "", "", "" } },
	{ "In Moreno v. Threadline. The court split.",
	  { "", "Moreno|Threadline", "", "", "" } },
	{ "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1" "ez v. \xC3\x89" "cole Priv\xC3\xA9" "e SA was dismissed.",
	  { "", "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1" "ez|\xC3\x89" "cole Priv\xC3\xA9" "e SA", "", "", "" } },
	{ "in Andy Warhol Foundation for the Visual Arts, Inc. v. Goldsmith , a case",
	  { "", "Andy Warhol Foundation for the Visual Arts, Inc.|Goldsmith", "", "", "" } },
	{ "which ruled in hiQ Labs, Inc. v. LinkedIn Corp, that LinkedIn could not",
	  { "", "hiQ Labs, Inc.|LinkedIn Corp", "", "", "" } },
	{ "but in Bush v. Gore the Supreme Court affirmed the result",
	  { "", "Bush|Gore", "Supreme Court", "", "" } },
	{ "after Dobbs v. Jackson Women\xE2\x80\x99s Health Organization was decided",
	  { "", "Dobbs|Jackson Women\xE2\x80\x99s Health Organization", "", "", "" } },
	{ "as in Brown v. Board of Education and Friends of the Earth v. Laidlaw",
	  { "", "Brown|Board of Education|Friends of the Earth|Laidlaw", "", "", "" } },
	/* not captions */
	{ "ChatGPT vs. Bing vs Bard; Mac OS X v. 10.5; the model v. the baseline; apples v. oranges",
	  { "", "", "", "", "" } },
	{ "The match, Arsenal, v. Chelsea ended 2-1.", { "", "", "", "", "" } },
	/* ---- courts ---- */
	{ "the US District Court for the Northern District of California and the U.S. District Court for the District of Columbia",
	  { "", "", "U.S. District Court for the Northern District of California|U.S. District Court for the District of Columbia", "", "" } },
	{ "(N.D. Cal. 2024); (S.D.N.Y. 2023); (D.D.C.); E.D. Tex.; D. Del.",
	  { "", "", "U.S. District Court for the Northern District of California|U.S. District Court for the Southern District of New York|U.S. District Court for the District of Columbia|U.S. District Court for the Eastern District of Texas|U.S. District Court for the District of Delaware", "", "" } },
	{ "A panel of the U.S. Court of Appeals for the Ninth Circuit agreed; the Federal Circuit and the D.C. Circuit did not.",
	  { "", "", "U.S. Court of Appeals for the Ninth Circuit|U.S. Court of Appeals for the Federal Circuit|U.S. Court of Appeals for the D.C. Circuit", "", "" } },
	{ "The Supreme Court declined; the U.S. Supreme Court again; the Supreme Court of the United States; the Delaware Court of Chancery; the California Supreme Court.",
	  { "", "", "Supreme Court|U.S. Supreme Court|Delaware Court of Chancery|California Supreme Court", "", "" } },
	{ "the Court of Justice of the European Union and the Los Angeles County Superior Court",
	  { "", "", "Court of Justice of the European Union|Los Angeles County Superior Court", "", "" } },
	/* not courts */
	{ "the court said; a district court in Ohio; the Court agreed; the District Court ruled; Court records show; the U.S. Attorney for the Southern District of New York said; the Court of Appeals",
	  { "", "", "", "", "" } },
	{ "M.D. Anderson; N.D. alone; Food Court; Centre Court; Court TV", { "", "", "", "", "" } },
	{ "the Superior Court said; a Bankruptcy Court; LinkedIn Supreme Court of the United States Are",
	  { "", "", "U.S. Supreme Court", "", "" } },
	{ "Israel-Hamas war 2024 election Supreme Court Buy less stuff", { "", "", "Supreme Court", "", "" } },
	/* ---- statutes ---- */
	{ "the Computer Fraud and Abuse Act, the Ohio Consumer Sales Practices Act and the California Invasion of Privacy Act",
	  { "", "", "", "Computer Fraud and Abuse Act|Ohio Consumer Sales Practices Act|California Invasion of Privacy Act", "" } },
	{ "the European Union's General Data Protection Regulation, the Sherman Act, the FTC Act and the Children\xE2\x80\x99s Online Privacy Protection Act",
	  { "", "", "", "General Data Protection Regulation|Sherman Act|FTC Act|Children\xE2\x80\x99s Online Privacy Protection Act", "" } },
	{ "The Stored Communications Act says little. The Digital Millennium Copyright Act does.",
	  { "", "", "", "Stored Communications Act|Digital Millennium Copyright Act", "" } },
	{ "the AI in Government Act and the Americans with Disabilities Act",
	  { "", "", "", "AI in Government Act|Americans with Disabilities Act", "" } },
	{ "Through the AI Act; Should the AI Act; the Electronic Communications Sector (Directive 2002/58)",
	  { "", "", "", "AI Act", "" } },
	/* not statutes */
	{ "a professor of Intellectual Property Law; Broad Concept of Personal Data and Future of EU Data Protection Law",
	  { "", "", "", "", "" } },
	{ "Moore\xE2\x80\x99s Law holds; Harvard Law School; Courtside Law reported; the Act was passed; an act of God; Courtside Law Litigation Regulation Firms",
	  { "", "", "", "", "" } },
	/* ---- CVE ids ---- */
	{ "CVE-2025-21781 and cve-2024-3094, also CVE-2024-41102. Not CVE-24-1 or CVE-2024-12 or CVE-2024-12345678.",
	  { "", "", "", "", "CVE-2025-21781|CVE-2024-3094|CVE-2024-41102" } },
	/* ---- nothing ---- */
	{ "", { "", "", "", "", "" } },
	{ "   \n\n  ", { "", "", "", "", "" } },
};

/* Report a failing row and go on, so one run shows every failing row. */
#define row_fail(...) (print_error(__VA_ARGS__), print_error("\n"), bad++)

/* The list of kind k joined with '|'. */
static void joined(const dk_entities *e, dk_entity_kind k, char *out, size_t cap)
{
	size_t n;
	const char *v = dk_entities_get(e, k, &n);
	if (!v)
		n = 0;
	if (n >= cap)
		n = cap - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = v[i] == '\n' ? '|' : v[i];
	out[n] = '\0';
}

static void test_table(void **state)
{
	(void)state;
	dk_entities e = DK_ENTITIES_INIT;
	int bad = 0;
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		dk_entities_reset(&e);
		assert_int_equal(dk_entities_find(&e, rows[i].text,
						  strlen(rows[i].text), DK_ENT_ALL),
				 DK_OK);
		for (int k = 0; k < DK_ENT_NKINDS; k++) {
			char got[1024];
			joined(&e, (dk_entity_kind)k, got, sizeof got);
			if (strcmp(got, rows[i].want[k]))
				row_fail("[%zu] %s: got \"%s\", want \"%s\" in: %.70s", i,
					 dk_entities_kind_name((dk_entity_kind)k), got,
					 rows[i].want[k], rows[i].text);
		}
	}
	dk_entities_free(&e);
	assert_int_equal(bad, 0);
}

/* Values are listed once (case and a final period ignored), across calls. */
static void test_dedup_and_cap(void **state)
{
	(void)state;
	dk_entities e = DK_ENTITIES_INIT;
	const char *t = "Harlow v. Brightpath Inc. and Harlow v. Brightpath Inc";
	assert_int_equal(dk_entities_find(&e, t, strlen(t), DK_ENT_ALL), DK_OK);
	assert_int_equal(dk_entities_find(&e, t, strlen(t), DK_ENT_ALL), DK_OK);
	assert_int_equal(e.n[DK_ENT_PARTY], 2);
	dk_entities_reset(&e);
	assert_int_equal(e.n[DK_ENT_PARTY], 0);
	size_t n;
	assert_null(dk_entities_get(&e, DK_ENT_PARTY, &n));
	assert_int_equal(n, 0);
	/* At most DK_ENT_MAX values a kind. */
	dk_buf b = DK_BUF_INIT;
	for (int i = 0; i < 100; i++)
		dk_buf_printf(&b, "CVE-2024-%05d ", 10000 + i);
	assert_int_equal(dk_entities_find(&e, b.data, b.len, DK_ENT_ALL), DK_OK);
	assert_int_equal(e.n[DK_ENT_CVE], DK_ENT_MAX);
	dk_buf_free(&b);
	dk_entities_free(&e);
}

static void test_kinds_mask(void **state)
{
	(void)state;
	dk_entities e = DK_ENTITIES_INIT;
	/* A Title Case headline: no parties, named courts or statutes from
	 * capitals alone; numbers, ids and circuits still count. */
	const char *h = "Judge Rules Apple v. Epic Games Case 5:25-cv-01234 Goes To "
			"Supreme Court Under Digital Markets Act, Ninth Circuit Says";
	assert_int_equal(dk_entities_find(&e, h, strlen(h),
					  DK_ENT_ALL | DK_ENT_HEADLINE), DK_OK);
	assert_int_equal(e.n[DK_ENT_PARTY], 0);
	assert_int_equal(e.n[DK_ENT_STATUTE], 0);
	assert_int_equal(e.n[DK_ENT_CASE], 1);
	assert_int_equal(e.n[DK_ENT_COURT], 1);
	dk_entities_reset(&e);
	const char *t = "Harlow v. Brightpath under the Stored Communications Act, CVE-2024-3094";
	assert_int_equal(dk_entities_find(&e, t, strlen(t),
					  DK_ENT_ALL & ~DK_ENT_BIT(DK_ENT_STATUTE)),
			 DK_OK);
	assert_int_equal(e.n[DK_ENT_STATUTE], 0);
	assert_int_equal(e.n[DK_ENT_PARTY], 2);
	assert_int_equal(e.n[DK_ENT_CVE], 1);
	assert_string_equal(dk_entities_kind_name(DK_ENT_COURT), "court");
	assert_string_equal(dk_entities_kind_name(DK_ENT_NKINDS), "?");
	dk_entities_free(&e);
}

/* Anchors far apart and a long text without any: linear, and each
 * window keeps its own context. */
static void test_large(void **state)
{
	(void)state;
	dk_entities e = DK_ENTITIES_INIT;
	dk_buf b = DK_BUF_INIT;
	for (int i = 0; i < 20000; i++)
		dk_buf_puts(&b, "the quick brown fox jumps over the lazy dog ");
	dk_buf_puts(&b, "In Harlow v. Brightpath Inc., Case No. 5:25-cv-01234, ");
	for (int i = 0; i < 20000; i++)
		dk_buf_puts(&b, "lorem ipsum dolor sit amet ");
	dk_buf_puts(&b, "the Ninth Circuit held.");
	assert_int_equal(dk_entities_find(&e, b.data, b.len, DK_ENT_ALL), DK_OK);
	char got[256];
	joined(&e, DK_ENT_PARTY, got, sizeof got);
	assert_string_equal(got, "Harlow|Brightpath Inc.");
	joined(&e, DK_ENT_CASE, got, sizeof got);
	assert_string_equal(got, "25-01234");
	joined(&e, DK_ENT_COURT, got, sizeof got);
	assert_string_equal(got, "U.S. Court of Appeals for the Ninth Circuit");
	dk_buf_free(&b);
	dk_entities_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_dedup_and_cap),
		cmocka_unit_test(test_kinds_mask),
		cmocka_unit_test(test_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
