/*
 * test_analyzer.c - unit tests for common/analyzer.c.
 *
 * Most tests are rows of one table: an input text (with the analyzer's
 * language, options and first position) and the tokens it must give,
 * written as "term@pos", with "/FLAGS" when the row shows flags (W whole,
 * P part, N numeric, S stop) and "[start,end)" byte ranges when it shows
 * offsets.  Every row runs as its own cmocka test, so a failure names its
 * row and prints the expected and actual token lists side by side.
 *
 * The rows cover every tricky token of the five seed articles
 * (the development data's seeds/: curly apostrophes, "class-action", "U.S.", "Case No.",
 * "3:25-cv-...", "$1,000", "§", dates, names, "Facts™", quotes ...) as
 * literal strings, so the test needs no files.  Invalid UTF-8 rows also
 * check the invalid-byte count and the offset of the first one.
 *
 * The other tests cover what a table row cannot: query/index equivalence
 * of spellings, groups, the callback stopping early, languages, argument
 * checks, dk_analyzer_stem(), stopwords, 10 MB inputs (linear time and
 * memory: a quadratic analyzer would not finish), dk_analyze_filtered()
 * against dk_analyze(), and which stemmers keep a word's first byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../common/analyzer.h"

enum show { SHOW_TERMS, SHOW_FLAGS, SHOW_BYTES };

typedef struct row {
	const char *name;
	const char *text;
	const char *expect;     /* space-separated tokens, in emission order */
	enum show show;
	const char *lang;       /* NULL: English */
	unsigned options;
	uint32_t first_pos;
	size_t invalid;         /* expected stats.invalid_bytes */
	size_t first_invalid;   /* expected stats.first_invalid */
} row;

#define T(n, txt, exp) { .name = n, .text = txt, .expect = exp, \
			 .show = SHOW_TERMS }
#define F(n, txt, exp) { .name = n, .text = txt, .expect = exp, \
			 .show = SHOW_FLAGS }
#define B(n, txt, exp) { .name = n, .text = txt, .expect = exp, \
			 .show = SHOW_BYTES }

static const row rows[] = {
	/* ---- apostrophes, from the seed articles ---- */
	F("possessive curly", "LinkedIn’s InMail", "linkedin@0 inmail@1"),
	F("possessive ascii", "LinkedIn's privacy practices",
	  "linkedin@0 privaci@1 practic@2"),
	B("possessive range excludes 's", "Microsoft’s LinkedIn",
	  "microsoft@0[0,9) linkedin@1[14,22)"),
	F("possessive of a place", "California’s unfair competition laws",
	  "california@0 unfair@1 competit@2 law@3"),
	F("possessive twice", "UK’s Information Commissioner’s Office (ICO)",
	  "uk@0 inform@1 commission@2 offic@3 ico@4"),
	F("possessive before colon", "Donald Trump’s speech:",
	  "donald@0 trump@1 speech@2"),
	B("trailing curly apostrophe", "breach of users’ privacy",
	  "breach@0[0,6) of@1/S[7,9) user@2[10,15) privaci@3[19,26)"),
	F("trailing ascii apostrophe", "members' private messages",
	  "member@0 privat@1 messag@2"),
	F("trailing apostrophe plural", "The scammers' latest efforts",
	  "the@0/S scammer@1 latest@2 effort@3"),
	F("customers’ permission", "Premium customers’ permission",
	  "premium@0 custom@1 permiss@2"),
	F("contraction", "You don't have credit card details",
	  "you@0/S dont@1/S have@2/S credit@3 card@4 detail@5"),
	F("curly contraction", "The change wasn’t universally welcomed",
	  "the@0/S chang@1 wasnt@2/S univers@3 welcom@4"),
	F("it's and possessives",
	  "it's a hacker's dream and the channel's biggest",
	  "it@0/S a@1/S hacker@2 dream@3 and@4/S the@5/S channel@6 "
	  "biggest@7"),
	F("inner apostrophes", "O’Neil rock'n'roll 90's 1'000",
	  "oneil@0 rocknrol@1 90@2/N 1000@3/N"),
	F("modifier and fullwidth apostrophes", "don\xca\xbct don\xef\xbc\x87t",
	  "dont@0/S dont@1/S"),

	/* ---- hyphens ---- */
	B("class-action", "a proposed class-action lawsuit",
	  "a@0/S[0,1) propos@1[2,10) class@2/P[11,16) action@3/P[17,23) "
	  "lawsuit@4[24,31)"),
	F("third-party 'affiliates'",
	  "disclosed its users’ data to third-party 'affiliates' within",
	  "disclos@0 it@1/S user@2 data@3 to@4/S third@5/P parti@6/P "
	  "affili@7 within@8"),
	F("third parties", "shared with third parties",
	  "share@0 with@1/S third@2 parti@3"),
	F("Microsoft- compounds",
	  "Microsoft-supported OpenAI, Microsoft-affiliated, Microsoft-backed, "
	  "Microsoft-Owned",
	  "microsoft@0/P support@1/P openai@2 microsoft@3/P affili@4/P "
	  "microsoft@5/P back@6/P microsoft@7/P own@8/P"),
	F("hyphen compounds",
	  "auto-generated up-to-date opt-out AI-powered anti-hacking "
	  "face-changing",
	  "auto@0/P generat@1/P up@2/PS to@3/PS date@4/P opt@5/P out@6/PS "
	  "ai@7/P power@8/P anti@9/P hack@10/P face@11/P chang@12/P"),
	B("unicode hyphens join, en dash separates",
	  "class\xe2\x80\x90" "action class\xe2\x80\x91" "action "
	  "2020\xe2\x80\x93" "2021",
	  "class@0/P[0,5) action@1/P[8,14) class@2/P[15,20) "
	  "action@3/P[23,29) 2020@4/N[30,34) 2021@5/N[37,41)"),
	F("spaced hyphen and dashes",
	  "Future Focus 2026 report - the leading; AI security – and it's "
	  "doing it; malware — Sophos warns",
	  "futur@0 focus@1 2026@2/N report@3 the@4/S lead@5 ai@6 secur@7 "
	  "and@8/S it@9/S do@10/S it@11/S malwar@12 sopho@13 warn@14"),
	F("dangling hyphens", "--x-- a- -b",
	  "x@0 a@1/S b@2"),

	/* ---- acronyms ---- */
	B("U.S. with final dot", "U.S. District Court",
	  "us@0[0,4) district@1[5,13) court@2[14,19)"),
	B("U.S without final dot", "the U.S", "the@0/S[0,3) us@1[4,7)"),
	B("U.S.A.", "U.S.A. today", "usa@0[0,6) today@1[7,12)"),
	B("e.g. in parentheses", "(e.g., your inputs)",
	  "eg@0[1,5) your@1/S[7,11) input@2[12,18)"),
	F("U.S.-based", "U.S.-based p.m.", "us@0 base@1 pm@2"),
	F("acronym is not a stopword", "U.S. us", "us@0 us@1"),

	/* ---- identifiers and numbers ---- */
	B("Case No. identifier", "Case No. 25-00709.",
	  "case@0[0,4) no@1/S[5,7) 25-00709@2/WN[9,17) 25@2/PN[9,11) "
	  "00709@3/PN[12,17)"),
	F("case number", "case number 25-00709.",
	  "case@0 number@1 25-00709@2/WN 25@2/PN 00709@3/PN"),
	B("docket numbers", "3:25-cv-00709 and 5:25-cv-00709",
	  "3:25-cv-00709@0/WN[0,13) 3@0/PN[0,1) 25@1/PN[2,4) "
	  "cv@2/P[5,7) 00709@3/PN[8,13) and@4/S[14,17) "
	  "5:25-cv-00709@5/WN[18,31) 5@5/PN[18,19) 25@6/PN[20,22) "
	  "cv@7/P[23,25) 00709@8/PN[26,31)"),
	F("CVE and version", "CVE-2024-3094 in v1.2.3",
	  "cve-2024-3094@0/WN cve@0/P 2024@1/PN 3094@2/PN in@3/S "
	  "v1.2.3@4/WN v1@4/PN 2@5/PN 3@6/PN"),
	B("reporter citation", "123 F.3d 456",
	  "123@0/N[0,3) f.3d@1/WN[4,8) f@1/P[4,5) 3d@2/PN[6,8) "
	  "456@3/N[9,12)"),
	B("dollars and rupees", "$1,000 (approximately Rs. 86,492) for each",
	  "$1000@0/WN[0,6) 1000@0/PN[1,6) approxim@1[8,21) rs@2[22,24) "
	  "86492@3/N[26,32) for@4/S[34,37) each@5/S[38,42)"),
	F("Indian grouping", "$500 billion (roughly Rs. 43,25,275 crore)",
	  "$500@0/WN 500@0/PN billion@1 rough@2 rs@3 4325275@4/N "
	  "crore@5"),
	F("millions, decimals, final dot", "1,000,000 3.5 in 2024.",
	  "1000000@0/N 3.5@1/WN 3@1/PN 5@2/PN in@3/S 2024@4/N"),
	F("commas that are not groups", "1,000s 3,14 18,2024 1,2",
	  "1000s@0/N 3@1/N 14@2/N 18@3/N 2024@4/N 1@5/N 2@6/N"),
	F("percent", "over 60% of businesses, only 20% had",
	  "over@0/S 60@1/N of@2/S busi@3 onli@4/S 20@5/N had@6/S"),
	F("letters and digits", "Merca2.0 premium",
	  "merca2.0@0/WN merca2@0/PN 0@1/PN premium@2"),
	F("dollar without a number", "$x $ 5 US$5",
	  "x@0 5@1/N us@2 $5@3/WN 5@3/PN"),

	/* ---- section sign ---- */
	B("section with space", "§ 230",
	  "§230@0/WN[0,6) section@0/P[0,2) 230@1/PN[3,6)"),
	B("section without space", "§230(c)",
	  "§230@0/WN[0,5) section@0/P[0,2) 230@1/PN[2,5) c@2[6,7)"),
	B("double section", "§§ 1983",
	  "§1983@0/WN[0,9) section@0/P[0,4) 1983@1/PN[5,9)"),
	F("section of an identifier", "§ 101.5",
	  "§101.5@0/WN section@0/P 101@1/PN 5@2/PN"),
	F("section sign alone", "§ alone §    5 §",
	  "alon@0 5@1/N"),

	/* ---- dates, names, quotes, symbols ---- */
	F("date with comma", "September 18, 2024, stating",
	  "septemb@0 18@1/N 2024@2/N state@3"),
	B("ISO date", " date 2025-01-24 New Delhi, January 24: Microsoft",
	  "date@0[1,5) 2025-01-24@1/WN[6,16) 2025@1/PN[6,10) "
	  "01@2/PN[11,13) 24@3/PN[14,16) new@4[17,20) delhi@5[21,26) "
	  "januari@6[28,35) 24@7/N[36,38) microsoft@8[40,49)"),
	F("name", "De La Torre v. LinkedIn Corp",
	  "de@0 la@1 torr@2 v@3 linkedin@4 corp@5"),
	B("trade mark", "Unbiased. Straight Facts™.",
	  "unbias@0[0,8) straight@1[10,18) fact@2[19,24)"),
	F("AI in parentheses", "generative Artificial Intelligence (AI) models",
	  "generat@0 artifici@1 intellig@2 ai@3 model@4"),
	F("curly quotes", "“These are false claims with no merit.”",
	  "these@0/S are@1/S fals@2 claim@3 with@4/S no@5/S merit@6"),
	F("single quotes", "'Nickel Alley' group, ‘another provider’",
	  "nickel@0 alley@1 group@2 anoth@3 provid@4"),
	F("double quotes", "\"false claims with no merit\"",
	  "fals@0 claim@1 with@2/S no@3/S merit@4"),
	F("copyright", "© Thomson Reuters 2025",
	  "thomson@0 reuter@1 2025@2/N"),
	F("InMail and lists", "InMail messages; LinkedIn, Upwork, and Fiverr",
	  "inmail@0 messag@1 linkedin@2 upwork@3 and@4/S fiverr@5"),
	F("run-together words", "systemNews GCHQ", "systemnew@0 gchq@1"),
	F("urls and emails", "https://www.example.com/path a@b.com",
	  "https@0 www@1/P exampl@2/P com@3/P path@4/P a@5/S b@6/P "
	  "com@7/P"),

	/* ---- normalization ---- */
	B("accents", "Café Société", "cafe@0[0,5) societ@1[6,15)"),
	T("accents in Spanish",
	  "Obtén un més gratis ¡Disfruta! radiografías. Análisis éxito",
	  "obten@0 un@1 mes@2 grati@3 disfruta@4 radiografia@5 analisi@6 "
	  "exito@7"),
	B("combining accent", "Cafe\xcc\x81 na\xc3\xafve",
	  "cafe@0[0,6) naiv@1[7,13)"),
	T("case folding sharp s", "STRASSE Straße strasse",
	  "strass@0 strass@1 strass@2"),
	{ .name = "case folding unstemmed", .text = "STRASSE Straße strasse",
	  .expect = "strasse@0 strasse@1 strasse@2",
	  .options = DK_ANALYZE_NO_STEM },
	T("greek final sigma", "ΣΊΣΥΦΟΣ σίσυφος", "σισυφοσ@0 σισυφοσ@1"),
	F("compatibility forms", "Ａｂｃ１２ ﬁnance", "abc12@0/N financ@1"),
	F("soft hyphen inside a word", "infor\xc2\xadmation", "inform@0"),
	B("CJK one word per ideograph", "東京タワー",
	  "東@0[0,3) 京@1[3,6) タ@2[6,9) ワ@3[9,12) ー@4[12,15)"),
	B("Indic marks kept, Hangul whole", "हिन्दी 한국어",
	  "हिन्दी@0[0,18) 한국어@1[19,28)"),
	B("Thai one word per letter", "ภาษา",
	  "ภ@0[0,3) า@1[3,6) ษ@2[6,9) า@3[9,12)"),

	/* ---- positions and long terms ---- */
	B("sample sentence",
	  "LinkedIn’s class-action suit (No. 25-00709) cites $1,000 in U.S. "
	  "damages.",
	  "linkedin@0[0,8) class@1/P[13,18) action@2/P[19,25) "
	  "suit@3[26,30) no@4/S[32,34) 25-00709@5/WN[36,44) "
	  "25@5/PN[36,38) 00709@6/PN[39,44) cite@7[46,51) "
	  "$1000@8/WN[52,58) 1000@8/PN[53,58) in@9/S[59,61) "
	  "us@10[62,66) damag@11[67,74)"),
	{ .name = "first_pos honoured",
	  .text = "LinkedIn’s class-action suit No. 25-00709",
	  .expect = "linkedin@100 class@101/P action@102/P suit@103 "
		    "no@104/S 25-00709@105/WN 25@105/PN 00709@106/PN",
	  .show = SHOW_FLAGS, .first_pos = 100 },
	T("64-byte term kept",
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b",
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@0 "
	  "b@1"),
	T("65-byte term dropped, position kept",
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b",
	  "b@1"),
	F("long identifier: whole and long part dropped",
	  "x-1111111111111111111111111111111111111111111111111111111111111111"
	  "111111-y",
	  "x@0/P y@2/P"),
	T("empty input", "", ""),
	T("only separators", " \t\n.,;:!?()[]{}<>\"'-–—…©™®", ""),

	/* ---- stemming and languages ---- */
	T("stemming", "lawsuits training", "lawsuit@0 train@1"),
	{ .name = "no stemming option", .text = "Lawsuits training",
	  .expect = "lawsuits@0 training@1", .options = DK_ANALYZE_NO_STEM },
	{ .name = "language none", .text = "Lawsuits training the",
	  .expect = "lawsuits@0 training@1 the@2/S", .show = SHOW_FLAGS,
	  .lang = "none" },
	T("english keeps chevaux", "chevaux continuelle",
	  "chevaux@0 continuell@1"),
	{ .name = "french stems differently", .text = "chevaux continuelle",
	  .expect = "cheval@0 continuel@1", .lang = "french" },
	{ .name = "ISO code fr", .text = "chevaux", .expect = "cheval@0",
	  .lang = "fr" },
	{ .name = "german", .text = "Häuser", .expect = "haus@0",
	  .lang = "de" },

	/* ---- invalid UTF-8 ---- */
	{ .name = "invalid byte 0xff splits a word", .text = "ab\xff" "cd",
	  .expect = "ab@0[0,2) cd@1[3,5)", .show = SHOW_BYTES,
	  .invalid = 1, .first_invalid = 2 },
	{ .name = "truncated sequence", .text = "\xe2\x82 x",
	  .expect = "x@0[3,4)", .show = SHOW_BYTES, .invalid = 2 },
	{ .name = "truncated at end", .text = "x \xf0\x9f\x98",
	  .expect = "x@0", .invalid = 3, .first_invalid = 2 },
	{ .name = "overlong encodings", .text = "a\xc0\xaf" "b\xe0\x80\xaf" "c",
	  .expect = "a@0/S[0,1) b@1[3,4) c@2[7,8)", .show = SHOW_BYTES,
	  .invalid = 5, .first_invalid = 1 },
	{ .name = "surrogate", .text = "x\xed\xa0\x80y",
	  .expect = "x@0[0,1) y@1[4,5)", .show = SHOW_BYTES, .invalid = 3,
	  .first_invalid = 1 },
	{ .name = "above U+10FFFF", .text = "x\xf4\x90\x80\x80y\xf5z",
	  .expect = "x@0 y@1 z@2", .invalid = 5, .first_invalid = 1 },
	{ .name = "lone continuations", .text = "\x80\xbf q \xe2\x80\x99",
	  .expect = "q@0[3,4)", .show = SHOW_BYTES, .invalid = 2 },
	{ .name = "invalid byte after apostrophe", .text = "don'\xff t",
	  .expect = "don@0 t@1", .invalid = 1, .first_invalid = 4 },
	{ .name = "invalid byte inside identifier", .text = "25-\xff" "00709",
	  .expect = "25@0/N 00709@1/N", .show = SHOW_FLAGS, .invalid = 1,
	  .first_invalid = 3 },
};

/* ---- helpers -------------------------------------------------------- */

static dk_analyzer *english;

typedef struct render {
	char buf[8192];
	size_t len;
	enum show show;
} render;

static int render_tok(void *ctx, const dk_token *t)
{
	render *r = ctx;
	char flags[8];
	size_t k = 0;

	if (t->flags & DK_TOKEN_WHOLE)
		flags[k++] = 'W';
	if (t->flags & DK_TOKEN_PART)
		flags[k++] = 'P';
	if (t->flags & DK_TOKEN_NUMERIC)
		flags[k++] = 'N';
	if (t->flags & DK_TOKEN_STOP)
		flags[k++] = 'S';
	flags[k] = '\0';
	assert_true(t->len > 0 && t->len <= DK_MAX_TERM);
	assert_int_equal(t->term[t->len], '\0');
	int n = snprintf(r->buf + r->len, sizeof r->buf - r->len,
			 "%s%s@%u", r->len ? " " : "", t->term, t->pos);
	assert_true(n > 0 && (size_t)n < sizeof r->buf - r->len);
	r->len += (size_t)n;
	if (r->show >= SHOW_FLAGS && k) {
		n = snprintf(r->buf + r->len, sizeof r->buf - r->len, "/%s",
			     flags);
		assert_true(n > 0 && (size_t)n < sizeof r->buf - r->len);
		r->len += (size_t)n;
	}
	if (r->show == SHOW_BYTES) {
		n = snprintf(r->buf + r->len, sizeof r->buf - r->len,
			     "[%zu,%zu)", t->start, t->end);
		assert_true(n > 0 && (size_t)n < sizeof r->buf - r->len);
		r->len += (size_t)n;
	}
	return 0;
}

/* Analyze text with a (English by default); the tokens as one string. */
static void analyze_render(dk_analyzer *a, const char *text, size_t len,
			   unsigned options, uint32_t first_pos,
			   enum show show, render *r, dk_analyze_stats *stats)
{
	r->len = 0;
	r->buf[0] = '\0';
	r->show = show;
	assert_int_equal(dk_analyze(a, text, len, first_pos, options,
				    render_tok, r, stats), DK_OK);
}

static void run_row(void **state)
{
	const row *rw = *state;
	dk_analyzer *a = english;
	dk_analyze_stats stats;
	render r;

	if (rw->lang)
		assert_int_equal(dk_analyzer_new(rw->lang, &a), DK_OK);
	analyze_render(a, rw->text, strlen(rw->text), rw->options,
		       rw->first_pos, rw->show, &r, &stats);
	if (strcmp(r.buf, rw->expect) != 0) {
		print_error("input:    %s\nexpected: %s\nactual:   %s\n",
			    rw->text, rw->expect, r.buf);
		fail();
	}
	assert_int_equal(stats.invalid_bytes, rw->invalid);
	assert_int_equal(stats.first_invalid, rw->first_invalid);
	if (a != english)
		dk_analyzer_free(a);
}

/* The terms and positions alone, for comparing two spellings. */
static void terms_of(const char *text, render *r)
{
	analyze_render(english, text, strlen(text), 0, 0, SHOW_TERMS, r,
		       NULL);
}

/* ---- tests beyond the table ---------------------------------------- */

static void test_query_equivalence(void **state)
{
	static const char *const pairs[][2] = {
		{ "class-action", "class action" },
		{ "class\xe2\x80\x90" "action", "class action" },
		{ "third-party", "third party" },
		{ "LinkedIn’s", "LinkedIn's" },
		{ "LinkedIn's", "linkedin" },
		{ "users’", "users" },
		{ "don’t", "dont" },
		{ "U.S.", "U.S" },
		{ "U.S.", "us" },
		{ "Straße", "STRASSE" },
		{ "Café", "CAFE" },
		{ "§230", "§ 230" },
		{ "$1,000", "$1000" },
		{ "1,000,000", "1000000" },
		{ "Case No. 25-00709.", "case no 25-00709" },
	};
	render a, b;

	(void)state;
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		terms_of(pairs[i][0], &a);
		terms_of(pairs[i][1], &b);
		if (strcmp(a.buf, b.buf) != 0) {
			print_error("'%s' -> %s\n'%s' -> %s\n", pairs[i][0],
				    a.buf, pairs[i][1], b.buf);
			fail();
		}
	}
}

typedef struct collect {
	dk_token tok[64];
	char term[64][DK_MAX_TERM + 1];
	size_t n;
	size_t stop_after;  /* 0: never */
} collect;

static int collect_tok(void *ctx, const dk_token *t)
{
	collect *c = ctx;

	if (c->n < 64) {
		memcpy(c->term[c->n], t->term, t->len + 1);
		c->tok[c->n] = *t;
		c->tok[c->n].term = c->term[c->n];
		c->n++;
	}
	return c->stop_after && c->n >= c->stop_after;
}

static void test_groups(void **state)
{
	const char *text = "class-action lawsuit 25-00709 § 230 U.S. 東京";
	collect c = { .n = 0 };

	(void)state;
	assert_int_equal(dk_analyze(english, text, strlen(text), 0, 0,
				    collect_tok, &c, NULL), DK_OK);
	/* class action | lawsuit | 25-00709 25 00709 | §230 section 230 |
	 * us | 東 | 京 */
	static const uint32_t want[] = { 0, 0, 1, 2, 2, 2, 3, 3, 3, 4, 5, 6 };
	assert_int_equal(c.n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < c.n; i++)
		assert_int_equal(c.tok[i].group, want[i]);
}

static void test_callback_stop(void **state)
{
	const char *text = "one two three four five";
	collect c = { .n = 0, .stop_after = 3 };
	dk_analyze_stats stats;

	(void)state;
	assert_int_equal(dk_analyze(english, text, strlen(text), 7, 0,
				    collect_tok, &c, &stats), DK_OK);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.tok[2].term, "three");
	assert_int_equal(c.tok[2].pos, 9);
	assert_int_equal(stats.next_pos, 10);

	/* Stopping on a WHOLE token stops before its parts. */
	c.n = 0;
	c.stop_after = 2;
	text = "see 25-00709 now";
	assert_int_equal(dk_analyze(english, text, strlen(text), 0, 0,
				    collect_tok, &c, &stats), DK_OK);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.tok[1].term, "25-00709");
}

static void test_null_callback_counts(void **state)
{
	const char *text = "class-action 25-00709 U.S. x";
	dk_analyze_stats stats;

	(void)state;
	assert_int_equal(dk_analyze(english, text, strlen(text), 5, 0, NULL,
				    NULL, &stats), DK_OK);
	assert_int_equal(stats.next_pos, 5 + 6);
}

static void test_languages(void **state)
{
	static const struct {
		const char *in;
		const char *want;  /* NULL: DK_ERR_INVALID */
	} cases[] = {
		{ NULL, "english" },     { "english", "english" },
		{ "en", "english" },     { "EN", "english" },
		{ "en-US", "english" },  { "English", "english" },
		{ "fr", "french" },      { "french", "french" },
		{ "de", "german" },      { "es", "spanish" },
		{ "it", "italian" },     { "nl", "dutch" },
		{ "pt_BR", "portuguese" }, { "sv", "swedish" },
		{ "da", "danish" },      { "no", "norwegian" },
		{ "nb", "norwegian" },   { "fi", "finnish" },
		{ "ru", "russian" },     { "hu", "hungarian" },
		{ "ro", "romanian" },    { "tr", "turkish" },
		{ "porter", "porter" },  { "none", "none" },
		{ "klingon", NULL },     { "", NULL },
		{ "xx", NULL },          { "eng", NULL },
		{ "englishenglishenglishenglishenglish", NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		dk_analyzer *a = (dk_analyzer *)1;
		dk_status st = dk_analyzer_new(cases[i].in, &a);
		if (!cases[i].want) {
			assert_int_equal(st, DK_ERR_INVALID);
			assert_null(a);
			continue;
		}
		assert_int_equal(st, DK_OK);
		assert_string_equal(dk_analyzer_language(a), cases[i].want);
		dk_analyzer_free(a);
	}

	const char **langs = dk_analyzer_languages();
	int has_english = 0, has_french = 0;
	assert_non_null(langs);
	for (; *langs; langs++) {
		has_english |= strcmp(*langs, "english") == 0;
		has_french |= strcmp(*langs, "french") == 0;
	}
	assert_true(has_english && has_french);
	assert_int_equal(dk_analyzer_new("en", NULL), DK_ERR_INVALID);
	dk_analyzer_free(NULL);
}

static int never(void *ctx, const dk_token *t)
{
	(void)ctx;
	(void)t;
	return 0;
}

static void test_bad_arguments(void **state)
{
	dk_analyze_stats stats;

	(void)state;
	assert_int_equal(dk_analyze(NULL, "x", 1, 0, 0, never, NULL, &stats),
			 DK_ERR_INVALID);
	assert_int_equal(dk_analyze(english, NULL, 1, 0, 0, never, NULL,
				    &stats), DK_ERR_INVALID);
	assert_int_equal(dk_analyze(english, "x", 1, 0, 0x80, never, NULL,
				    &stats), DK_ERR_INVALID);
	assert_int_equal(dk_analyze(english, NULL, 0, 3, 0, never, NULL,
				    &stats), DK_OK);
	assert_int_equal(stats.next_pos, 3);
	assert_int_equal(stats.invalid_bytes, 0);
	/* Not NUL-terminated: only len bytes are read. */
	assert_int_equal(dk_analyze(english, "abc", 2, 0, 0, never, NULL,
				    &stats), DK_OK);
	assert_null(dk_analyzer_language(NULL));
	assert_false(dk_analyzer_is_stopword(NULL, "the", 3));
}

static void test_stem(void **state)
{
	static const struct {
		const char *word;
		unsigned options;
		const char *want;
	} cases[] = {
		{ "Lawsuits", 0, "lawsuit" },
		{ "training", 0, "train" },
		{ "Training", DK_ANALYZE_NO_STEM, "training" },
		{ "LinkedIn’s", 0, "linkedin" },
		{ "U.S.", 0, "us" },
		{ "25-00709", 0, "25-00709" },
		{ "§ 230", 0, "§230" },
		{ "  Café ", 0, "cafe" },
		{ "class-action", 0, "class" },
	};
	char buf[DK_MAX_TERM + 1];
	size_t len = 99;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *w = cases[i].word;
		assert_int_equal(dk_analyzer_stem(english, w, strlen(w),
						  cases[i].options, buf,
						  sizeof buf, &len), DK_OK);
		assert_string_equal(buf, cases[i].want);
		assert_int_equal(len, strlen(cases[i].want));
	}
	assert_int_equal(dk_analyzer_stem(english, " -- ", 4, 0, buf,
					  sizeof buf, &len), DK_ERR_INVALID);
	assert_int_equal(len, 0);
	assert_int_equal(dk_analyzer_stem(english, "lawsuits", 8, 0, buf, 4,
					  &len), DK_ERR_TOO_BIG);
	assert_string_equal(buf, "");
	assert_int_equal(dk_analyzer_stem(english, "lawsuits", 8, 0, buf, 8,
					  &len), DK_OK);
	assert_string_equal(buf, "lawsuit");
	assert_int_equal(dk_analyzer_stem(english, "x", 1, 0, NULL, 8, &len),
			 DK_ERR_INVALID);
	assert_int_equal(dk_analyzer_stem(english, "x", 1, 0, buf, 0, &len),
			 DK_ERR_INVALID);
}

static void test_stopwords(void **state)
{
	static const char *const yes[] = {
		"the", "a", "and", "of", "dont", "isnt", "youre", "yourselves",
		"no", "it",
	};
	static const char *const no[] = {
		"us", "will", "can", "may", "ill", "wont", "cant", "well",
		"lawsuit", "The", "", "themselvesx",
	};
	dk_analyzer *fr;

	(void)state;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		assert_true(dk_analyzer_is_stopword(english, yes[i],
						    strlen(yes[i])));
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		assert_false(dk_analyzer_is_stopword(english, no[i],
						     strlen(no[i])));
	/* Languages without a list fall back to English. */
	assert_int_equal(dk_analyzer_new("fr", &fr), DK_OK);
	assert_true(dk_analyzer_is_stopword(fr, "the", 3));
	dk_analyzer_free(fr);
}

typedef struct counter {
	size_t n, bytes;
	uint32_t last_pos;
} counter;

static int count_tok(void *ctx, const dk_token *t)
{
	counter *c = ctx;

	c->n++;
	c->bytes += t->len;
	c->last_pos = t->pos;
	return 0;
}

/* 10 MB inputs: a quadratic analyzer would not finish, and ASan would
 * catch a buffer that grew with the run. */
static void test_huge_runs(void **state)
{
	const size_t n = 10u << 20;
	char *big = malloc(n);
	counter c;
	dk_analyze_stats stats;

	(void)state;
	assert_non_null(big);

	memset(big, 'a', n);  /* one 10 MB word: dropped */
	c = (counter){ 0, 0, 0 };
	assert_int_equal(dk_analyze(english, big, n, 0, 0, count_tok, &c,
				    &stats), DK_OK);
	assert_int_equal(c.n, 0);
	assert_int_equal(stats.next_pos, 1);

	for (size_t i = 0; i < n; i++)  /* "ab-ab-...": 3.5M parts */
		big[i] = "ab-"[i % 3];
	c = (counter){ 0, 0, 0 };
	assert_int_equal(dk_analyze(english, big, n, 0, 0, count_tok, &c,
				    &stats), DK_OK);
	assert_int_equal(c.n, (n + 2) / 3);
	assert_int_equal(stats.next_pos, c.n);

	for (size_t i = 0; i < n; i++)  /* "a.a.a.": an acronym too long */
		big[i] = "a."[i % 2];
	c = (counter){ 0, 0, 0 };
	assert_int_equal(dk_analyze(english, big, n, 0, 0, count_tok, &c,
				    &stats), DK_OK);
	assert_int_equal(c.n, 0);
	assert_int_equal(stats.next_pos, 1);

	for (size_t i = 0; i < n; i++)  /* "1-1-1": an identifier */
		big[i] = "1-"[i % 2];
	c = (counter){ 0, 0, 0 };
	assert_int_equal(dk_analyze(english, big, n, 0, 0, count_tok, &c,
				    &stats), DK_OK);
	assert_int_equal(c.n, n / 2);  /* parts only: the whole is too long */

	for (size_t i = 0; i + 1 < n; i += 2) {  /* "§§§§": no number */
		big[i] = '\xc2';
		big[i + 1] = '\xa7';
	}
	c = (counter){ 0, 0, 0 };
	assert_int_equal(dk_analyze(english, big, n, 0, 0, count_tok, &c,
				    &stats), DK_OK);
	assert_int_equal(c.n, 0);

	big[0] = 'e';  /* one letter, then 5M combining acute accents */
	for (size_t i = 1; i + 1 < n; i += 2) {
		big[i] = '\xcc';
		big[i + 1] = '\x81';
	}
	big[n - 1] = 'x';
	c = (counter){ 0, 0, 0 };
	assert_int_equal(dk_analyze(english, big, n, 0, 0, count_tok, &c,
				    &stats), DK_OK);
	assert_int_equal(c.n, 1);  /* "ex" */
	assert_int_equal(stats.invalid_bytes, 0);

	memset(big, 0xff, n);  /* all invalid */
	c = (counter){ 0, 0, 0 };
	assert_int_equal(dk_analyze(english, big, n, 0, 0, count_tok, &c,
				    &stats), DK_OK);
	assert_int_equal(c.n, 0);
	assert_int_equal(stats.invalid_bytes, n);
	assert_int_equal(stats.first_invalid, 0);
	free(big);
}

/* ---- dk_analyze_filtered -------------------------------------------- */

typedef struct toklist {
	dk_token v[512];
	char terms[512][DK_MAX_TERM + 1];
	size_t n;
	const unsigned char *only;  /* keep only these first bytes (or NULL) */
} toklist;

static int keep_tok(void *ctx, const dk_token *t)
{
	toklist *l = ctx;
	if (l->only && !l->only[(unsigned char)t->term[0]])
		return 0;
	assert_true(l->n < 512);
	memcpy(l->terms[l->n], t->term, t->len + 1);
	l->v[l->n] = *t;
	l->v[l->n].term = l->terms[l->n];
	l->n++;
	return 0;
}

/* The tokens dk_analyze_filtered() reports are exactly dk_analyze()'s
 * whose term starts with a flagged byte, with the same positions, offsets,
 * groups and flags, in languages whose stemmers keep the first byte and
 * in those that do not. */
static void test_filtered(void **state)
{
	static const char *const langs[] = { "english", "german", "french",
					     "irish", "indonesian", "none" };
	static const char *const sets[] = { "lcs", "aeiou", "0123456789$",
					    "\xc2\xe2", "bf", "" };
	(void)state;
	for (size_t li = 0; li < sizeof langs / sizeof langs[0]; li++) {
		dk_analyzer *a;
		assert_int_equal(dk_analyzer_new(langs[li], &a), DK_OK);
		for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
			const char *text = rows[r].text;
			size_t len = strlen(text);
			for (size_t si = 0; si < sizeof sets / sizeof sets[0];
			     si++) {
				unsigned char first[256] = { 0 };
				for (const char *c = sets[si]; *c; c++)
					first[(unsigned char)*c] = 1;
				static toklist want, got;
				dk_analyze_stats ws, gs;
				want.n = got.n = 0;
				want.only = first;
				got.only = NULL;
				assert_int_equal(dk_analyze(a, text, len, 3, 0,
							    keep_tok, &want,
							    &ws), DK_OK);
				assert_int_equal(dk_analyze_filtered(
					a, text, len, 3, 0, first, keep_tok,
					&got, &gs), DK_OK);
				assert_int_equal(got.n, want.n);
				assert_int_equal(gs.next_pos, ws.next_pos);
				assert_int_equal(gs.invalid_bytes,
						 ws.invalid_bytes);
				for (size_t i = 0; i < got.n; i++) {
					assert_string_equal(got.v[i].term,
							    want.v[i].term);
					assert_int_equal(got.v[i].pos,
							 want.v[i].pos);
					assert_int_equal(got.v[i].start,
							 want.v[i].start);
					assert_int_equal(got.v[i].end,
							 want.v[i].end);
					assert_int_equal(got.v[i].group,
							 want.v[i].group);
					assert_int_equal(got.v[i].flags,
							 want.v[i].flags);
				}
			}
		}
		dk_analyzer_free(a);
	}
}

/*
 * dk_analyzer_keeps_first() is a claim about libstemmer's algorithms;
 * check it on words built from every ending the Germanic and Romance
 * stemmers rewrite (and the special words of English's), and see that
 * the languages said to change first letters are not claimed.
 */
static void test_keeps_first(void **state)
{
	static const char *const stems[] = {
		"", "a", "e", "i", "o", "u", "y", "d", "l", "t", "s", "n",
		"ly", "dy", "ty", "ue", "ae", "oe", "ie", "ye", "yo", "ya",
		"ab", "ed", "ing", "nat", "real", "gener", "ueb", "yell",
	};
	static const char *const ends[] = {
		"", "s", "es", "ies", "ied", "y", "ying", "ing", "ed", "ly",
		"ness", "ment", "ational", "ization", "ation", "ative",
		"fulness", "iveness", "ousli", "eed", "eedly", "ings",
		"en", "ern", "em", "er", "est", "heit", "lich", "keit",
		"ungen", "isch", "end", "ement", "issement", "euse",
		"eaux", "ances", "iqUe", "amment", "emment", "ité",
		"mente", "idad", "ación", "ções", "ança", "ità", "ează",
		"ului", "elser", "heten", "ende", "ene", "erte", "lig",
		"ij", "je", "tje", "heden", "'s", "s'",
	};
	static const char *const words[] = {
		"dying", "lying", "tying", "skis", "news", "sky", "gently",
		"ugly", "early", "only", "singly", "idly", "howe", "atlas",
		"cosmos", "bias", "andes", "yes", "y", "ys", "yy", "über",
		"élève", "ñandú", "œuvre", "ça", "ıs", "ß", "æble", "øl",
		"åker", "ijzer", "yoghurt", "uebel", "oeffentlich",
	};
	const char **langs = dk_analyzer_languages();
	size_t checked = 0;
	(void)state;
	for (; *langs; langs++) {
		dk_analyzer *a;
		assert_int_equal(dk_analyzer_new(*langs, &a), DK_OK);
		if (!strcmp(*langs, "irish") || !strcmp(*langs, "indonesian") ||
		    !strcmp(*langs, "arabic") || !strcmp(*langs, "greek"))
			assert_false(dk_analyzer_keeps_first(a));
		if (!strcmp(*langs, "english") || !strcmp(*langs, "none"))
			assert_true(dk_analyzer_keeps_first(a));
		if (!dk_analyzer_keeps_first(a)) {
			dk_analyzer_free(a);
			continue;
		}
		char w[64], plain[DK_MAX_TERM + 1], stem[DK_MAX_TERM + 1];
		size_t pl, sl;
		size_t nw = sizeof stems / sizeof stems[0] *
			    (sizeof ends / sizeof ends[0]) +
			    sizeof words / sizeof words[0];
		for (size_t i = 0; i < nw; i++) {
			size_t ns = sizeof stems / sizeof stems[0];
			size_t ne = sizeof ends / sizeof ends[0];
			if (i < ns * ne)
				snprintf(w, sizeof w, "%s%s", stems[i / ne],
					 ends[i % ne]);
			else
				snprintf(w, sizeof w, "%s", words[i - ns * ne]);
			if (dk_analyzer_stem(a, w, strlen(w),
					     DK_ANALYZE_NO_STEM, plain,
					     sizeof plain, &pl) != DK_OK)
				continue;
			assert_int_equal(dk_analyzer_stem(a, w, strlen(w), 0,
							  stem, sizeof stem,
							  &sl), DK_OK);
			if (sl == 0 || stem[0] != plain[0])
				fail_msg("%s: \"%s\" -> \"%s\"", *langs, plain,
					 stem);
			checked++;
		}
		dk_analyzer_free(a);
	}
	assert_true(checked > 1000);
}

static int setup(void **state)
{
	(void)state;
	return dk_analyzer_new("english", &english) == DK_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	dk_analyzer_free(english);
	english = NULL;
	return 0;
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_query_equivalence),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_callback_stop),
		cmocka_unit_test(test_null_callback_counts),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_stem),
		cmocka_unit_test(test_stopwords),
		cmocka_unit_test(test_huge_runs),
		cmocka_unit_test(test_filtered),
		cmocka_unit_test(test_keeps_first),
	};
	const size_t nrows = sizeof rows / sizeof rows[0];
	const size_t nfixed = sizeof fixed / sizeof fixed[0];
	struct CMUnitTest *tests = calloc(nrows + nfixed, sizeof *tests);

	if (!tests)
		return 1;
	for (size_t i = 0; i < nrows; i++) {
		tests[i].name = rows[i].name;
		tests[i].test_func = run_row;
		tests[i].initial_state = (void *)&rows[i];
	}
	memcpy(tests + nrows, fixed, sizeof fixed);
	int rc = _cmocka_run_group_tests("analyzer", tests, nrows + nfixed,
					 setup, teardown);
	free(tests);
	return rc;
}
