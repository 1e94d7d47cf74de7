/*
 * test_passage.c - tests for searcher/passage.c: choosing passages and
 * highlights from a text and a hand-built match set.
 *
 * Each row of `rows` is a text, the query terms (each word run through the
 * English analyzer, as the query compiler would: "lawsuits" gives the
 * stem "lawsuit", "25-00709" its WHOLE term), prefix terms and one phrase,
 * then the passages expected best first and the words highlighted in the
 * first one.  Every row also goes through check_invariants(), which holds
 * for any text: passages inside the text and at most DK_PASSAGE_MAX
 * bytes, highlights sorted, disjoint and inside their passage, scores not
 * increasing, and (for valid UTF-8) no boundary inside a UTF-8 sequence.
 * The tests after the table cover long paragraphs, hostile bytes and the
 * argument edge cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

#include "../../common/analyzer.h"
#include "../../common/buf.h"
#include "../../common/utf8.h"
#include "../../searcher/passage.h"

static dk_analyzer *an;

/* ---- match sets by hand ---------------------------------------------- */

static size_t ms_add(dk_match_set *m, const char *term, size_t len,
		     double weight, int is_prefix)
{
	if (m->nterms == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 8;
		m->terms = realloc(m->terms, m->cap * sizeof *m->terms);
		assert_non_null(m->terms);
	}
	dk_mterm *t = &m->terms[m->nterms];
	t->term = dk_strndup(term, len);
	assert_non_null(t->term);
	t->len = len;
	t->is_prefix = is_prefix;
	t->weight = weight;
	return m->nterms++;
}

/* The analyzed term of word (its WHOLE term for an identifier), added
 * with weight; "word=2.5" sets the weight. */
static size_t ms_word(dk_match_set *m, const char *word, size_t wlen,
		      double weight, unsigned options)
{
	char buf[DK_MAX_TERM + 1];
	size_t len = 0;
	const char *eq = memchr(word, '=', wlen);
	if (eq) {
		weight = strtod(eq + 1, NULL);
		wlen = (size_t)(eq - word);
	}
	assert_int_equal(dk_analyzer_stem(an, word, wlen, options, buf,
					  sizeof buf, &len), DK_OK);
	long k = dk_match_set_find(m, buf, len);
	if (k >= 0 && !options)
		return (size_t)k;
	return ms_add(m, buf, len, weight, options != 0);
}

static void ms_phrase(dk_match_set *m, const size_t *idx, size_t n)
{
	if (m->nphrases == m->pcap) {
		m->pcap = m->pcap ? m->pcap * 2 : 4;
		m->phrases = realloc(m->phrases, m->pcap * sizeof *m->phrases);
		assert_non_null(m->phrases);
	}
	dk_mphrase *p = &m->phrases[m->nphrases++];
	p->terms = malloc(n * sizeof *p->terms);
	assert_non_null(p->terms);
	memcpy(p->terms, idx, n * sizeof *idx);
	p->n = n;
}

/* Add the space-separated words of list (NULL: none) to m: kind 0 as
 * analyzed terms, 1 as prefix terms, 2 as terms forming one phrase. */
static void each_word(const char *list, dk_match_set *m, int kind)
{
	size_t idx[16], n = 0;
	if (!list)
		return;
	for (const char *p = list; *p;) {
		while (*p == ' ')
			p++;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		if (e > p) {
			size_t k = ms_word(m, p, (size_t)(e - p), 1.0,
					   kind == 1 ? DK_ANALYZE_NO_STEM : 0);
			if (n < 16)
				idx[n++] = k;
		}
		p = e;
	}
	if (kind == 2)
		ms_phrase(m, idx, n);
}

/* ---- invariants ------------------------------------------------------ */

static int is_cont(const char *s, size_t len, size_t i)
{
	return i < len && ((unsigned char)s[i] & 0xC0) == 0x80;
}

static void check_invariants(const char *text, size_t len,
			     const dk_passage *p, size_t n, int valid_utf8)
{
	for (size_t i = 0; i < n; i++) {
		assert_true(p[i].start < p[i].end);
		assert_true(p[i].end <= len);
		assert_true(p[i].end - p[i].start <= DK_PASSAGE_MAX);
		if (i)
			assert_true(p[i].score <= p[i - 1].score);
		if (valid_utf8) {
			assert_false(is_cont(text, len, p[i].start));
			assert_false(is_cont(text, len, p[i].end));
		}
		size_t plen = p[i].end - p[i].start;
		for (size_t k = 0; k < p[i].nhl; k++) {
			assert_true(p[i].hl[k].start < p[i].hl[k].end);
			assert_true(p[i].hl[k].end <= plen);
			if (k)
				assert_true(p[i].hl[k].start > p[i].hl[k - 1].end);
			if (valid_utf8) {
				assert_false(is_cont(text, len, p[i].start + p[i].hl[k].start));
				assert_false(is_cont(text, len, p[i].start + p[i].hl[k].end));
			}
		}
		/* Passages never overlap one another. */
		for (size_t j = 0; j < i; j++)
			assert_true(p[i].end <= p[j].start || p[j].end <= p[i].start);
	}
}

/* "a|b|c": the highlighted strings of passage p. */
static char *hl_string(const char *text, const dk_passage *p)
{
	dk_buf b = DK_BUF_INIT;
	dk_buf_puts(&b, "");
	for (size_t k = 0; k < p->nhl; k++) {
		if (k)
			dk_buf_putc(&b, '|');
		dk_buf_append(&b, text + p->start + p->hl[k].start,
			      p->hl[k].end - p->hl[k].start);
	}
	assert_int_equal(b.err, DK_OK);
	return dk_buf_detach(&b, NULL);
}

/* ---- the table ------------------------------------------------------- */

struct row {
	const char *name;
	const char *text;
	const char *words;    /* query words, analyzed ("w=2.5" sets a weight) */
	const char *prefixes; /* prefix terms (normalized, not stemmed) */
	const char *phrase;   /* the words of one phrase (also terms) */
	size_t max;
	const char *want[5];  /* passage texts, best first */
	const char *hl;       /* highlights of the first passage, '|'-joined */
};

static const struct row rows[] = {
	{ "best paragraph",
	  "Markets rose on Monday after a quiet week.\n"
	  "LinkedIn faces a lawsuit over private messages.\n"
	  "The weather was mild.",
	  "lawsuit", NULL, NULL, 1,
	  { "LinkedIn faces a lawsuit over private messages." }, "lawsuit" },
	{ "stemmed form",
	  "Two lawsuits were filed against the company.",
	  "lawsuit", NULL, NULL, 1,
	  { "Two lawsuits were filed against the company." }, "lawsuits" },
	{ "query word inflected",
	  "The court heard the lawsuit on Friday.",
	  "lawsuits", NULL, NULL, 1,
	  { "The court heard the lawsuit on Friday." }, "lawsuit" },
	{ "case folded",
	  "Privacy groups said PRIVACY matters, and privacy won.",
	  "privacy", NULL, NULL, 1,
	  { "Privacy groups said PRIVACY matters, and privacy won." },
	  "Privacy|PRIVACY|privacy" },
	{ "accents folded",
	  "The café opened. Cafe owners cheered.",
	  "CAFÉ", NULL, NULL, 1,
	  { "The café opened. Cafe owners cheered." }, "café|Cafe" },
	{ "possessive",
	  "LinkedIn's users sued; LinkedIn’s lawyers replied.",
	  "linkedin", NULL, NULL, 1,
	  { "LinkedIn's users sued; LinkedIn’s lawyers replied." },
	  "LinkedIn|LinkedIn" },
	{ "prefix",
	  "Private data and privacy rules deprive users of privileges.",
	  NULL, "priv", NULL, 1,
	  { "Private data and privacy rules deprive users of privileges." },
	  "Private|privacy|privileges" },
	{ "identifier whole",
	  "The case 25-00709 was filed; see 25 and 00709 apart.",
	  "25-00709", NULL, NULL, 1,
	  { "The case 25-00709 was filed; see 25 and 00709 apart." },
	  "25-00709" },
	{ "identifier mixed case",
	  "Patch CVE-2024-3094 now. The cve-2024-3094 bug is bad.",
	  "cve-2024-3094", NULL, NULL, 1,
	  { "Patch CVE-2024-3094 now. The cve-2024-3094 bug is bad." },
	  "CVE-2024-3094|cve-2024-3094" },
	{ "docket number",
	  "Filed as 3:25-cv-00709 in San Jose.",
	  "3:25-CV-00709", NULL, NULL, 1,
	  { "Filed as 3:25-cv-00709 in San Jose." }, "3:25-cv-00709" },
	{ "phrase merged",
	  "He sued under the Stored Communications Act last week.",
	  NULL, NULL, "Stored Communications Act", 1,
	  { "He sued under the Stored Communications Act last week." },
	  "Stored Communications Act" },
	{ "hyphenated phrase merged",
	  "A class-action suit and a class of action figures.",
	  NULL, NULL, "class action", 1,
	  { "A class-action suit and a class of action figures." },
	  "class-action|class|action" },
	{ "separate words stay apart",
	  "Stored data, then communications.",
	  "stored communications", NULL, NULL, 1,
	  { "Stored data, then communications." }, "Stored|communications" },
	{ "phrase beats scattered words",
	  "The act was stored in communications logs.\n"
	  "Congress passed the Stored Communications Act in 1986.",
	  NULL, NULL, "Stored Communications Act", 1,
	  { "Congress passed the Stored Communications Act in 1986." },
	  "Stored Communications Act" },
	{ "no match: the lead",
	  "First paragraph here.\nSecond paragraph with more words.",
	  "zebra", NULL, NULL, 3,
	  { "First paragraph here." }, "" },
	{ "empty match set: the lead",
	  "\n\n  First paragraph here.  \nSecond paragraph.",
	  NULL, NULL, NULL, 2,
	  { "First paragraph here." }, "" },
	{ "max 3 best first",
	  "Nothing to see.\n"
	  "One privacy word.\n"
	  "Privacy lawsuit and more privacy.\n"
	  "A lawsuit alone.",
	  "privacy lawsuit", NULL, NULL, 3,
	  { "Privacy lawsuit and more privacy.", "A lawsuit alone.",
	    "One privacy word." },
	  "Privacy lawsuit|privacy" },
	{ "max 2",
	  "Nothing to see.\n"
	  "One privacy word.\n"
	  "Privacy lawsuit and more privacy.\n"
	  "A lawsuit alone.",
	  "privacy lawsuit", NULL, NULL, 2,
	  { "Privacy lawsuit and more privacy.", "A lawsuit alone." },
	  "Privacy lawsuit|privacy" },
	{ "unmatched paragraphs left out",
	  "Nothing to see.\nOne privacy word.\nNothing again.",
	  "privacy", NULL, NULL, 10,
	  { "One privacy word." }, "privacy" },
	{ "rare term outweighs common",
	  "The market fell and the market rose.\nA rare zebra appeared.",
	  "market=0.1 zebra=3", NULL, NULL, 2,
	  { "A rare zebra appeared.", "The market fell and the market rose." },
	  "zebra" },
	{ "the lead wins a tie",
	  "Privacy first.\nPrivacy second.",
	  "privacy", NULL, NULL, 2,
	  { "Privacy first.", "Privacy second." }, "Privacy" },
	/* Weights: the term's idf across articles plus its idf across the
	 * article's paragraphs. */
	{ "the article's topic word does not win by repetition",
	  "Newcastle shipped coal; Newcastle coal from Newcastle quays made "
	  "Newcastle rich.\n"
	  "The first recorded settlement in what is now Newcastle was Pons "
	  "Aelius.\n"
	  "Newcastle has a university.",
	  "newcastle=3 first=0.5 recorded settlement", NULL, NULL, 1,
	  { "The first recorded settlement in what is now Newcastle was Pons "
	    "Aelius." },
	  "first recorded settlement|Newcastle" },
	{ "repetition counts, saturating",
	  "Privacy and a lawsuit.\n"
	  "Privacy lawsuit, privacy lawsuit, privacy lawsuit.",
	  "privacy lawsuit", NULL, NULL, 2,
	  { "Privacy lawsuit, privacy lawsuit, privacy lawsuit.",
	    "Privacy and a lawsuit." }, "Privacy lawsuit|privacy lawsuit|privacy lawsuit" },
	{ "the term rarer in the article decides",
	  "Privacy first.\nA lawsuit.\nPrivacy and privacy again.",
	  "privacy lawsuit", NULL, NULL, 1,
	  { "A lawsuit." }, "lawsuit" },
	{ "a paragraph of readable length is shown whole",
	  "Lead.\n"
	  "The complaint was filed in San Jose. It names LinkedIn and says the "
	  "company shared private messages with advertisers for years. The "
	  "plaintiffs ask for damages under the Stored Communications Act. "
	  "LinkedIn has not commented. The judge set a hearing for March. "
	  "Lawyers for both sides declined to say more about the settlement "
	  "talks that began last spring, before the complaint was amended "
	  "twice. A class of users in California and New York joined the "
	  "suit in the autumn, and more are expected to follow before the "
	  "hearing, the lawyers said in a joint statement to the court.",
	  "advertisers", NULL, NULL, 1,
	  { "The complaint was filed in San Jose. It names LinkedIn and says the "
	    "company shared private messages with advertisers for years. The "
	    "plaintiffs ask for damages under the Stored Communications Act. "
	    "LinkedIn has not commented. The judge set a hearing for March. "
	    "Lawyers for both sides declined to say more about the settlement "
	    "talks that began last spring, before the complaint was amended "
	    "twice. A class of users in California and New York joined the "
	    "suit in the autumn, and more are expected to follow before the "
	    "hearing, the lawyers said in a joint statement to the court." },
	  "advertisers" },
	{ "max 0", "Privacy first.", "privacy", NULL, NULL, 0, { NULL }, NULL },
	{ "spaces only", "  \n \t \n ", "privacy", NULL, NULL, 3, { NULL }, NULL },
};

#define NROWS (sizeof rows / sizeof rows[0])

static void test_row(void **state)
{
	const struct row *r = *state;
	dk_match_set m = { 0 };
	dk_passage *p = (dk_passage *)&m;
	size_t n = 99, nwant = 0;

	each_word(r->words, &m, 0);
	each_word(r->prefixes, &m, 1);
	each_word(r->phrase, &m, 2);
	while (nwant < 5 && r->want[nwant])
		nwant++;
	size_t len = strlen(r->text);
	assert_int_equal(dk_passages_select(an, r->text, len, &m, r->max, &p, &n),
			 DK_OK);
	check_invariants(r->text, len, p, n, 1);
	assert_int_equal(n, nwant);
	for (size_t i = 0; i < n; i++) {
		size_t plen = p[i].end - p[i].start;
		if (plen != strlen(r->want[i]) ||
		    memcmp(r->text + p[i].start, r->want[i], plen))
			fail_msg("passage %zu is \"%.*s\", want \"%s\"", i,
				 (int)plen, r->text + p[i].start, r->want[i]);
	}
	if (n) {
		char *hl = hl_string(r->text, &p[0]);
		assert_string_equal(hl, r->hl);
		free(hl);
		/* A passage with highlights scores above zero, one without is
		 * the lead shown for want of better. */
		assert_true((p[0].nhl > 0) == (p[0].score > 0));
	} else {
		assert_null(p);
	}
	dk_passages_free(p, n);
	dk_match_set_free(&m);
}

/* ---- beyond the table ------------------------------------------------ */

/* Exact offsets, not only the strings: passage offsets are in the text,
 * highlight offsets in the passage. */
static void test_offsets(void **state)
{
	(void)state;
	const char *t = "Intro line.\n  Two lawsuits were filed in 25-00709.";
	dk_match_set m = { 0 };
	dk_passage *p = NULL;
	size_t n = 0;
	each_word("lawsuit 25-00709", &m, 0);
	assert_int_equal(dk_passages_select(an, t, strlen(t), &m, 1, &p, &n), DK_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].start, 14);
	assert_int_equal(p[0].end, strlen(t));
	assert_int_equal(p[0].nhl, 2);
	assert_int_equal(p[0].hl[0].start, 4);
	assert_int_equal(p[0].hl[0].end, 12);
	assert_int_equal(p[0].hl[1].start, 27);
	assert_int_equal(p[0].hl[1].end, 35);
	assert_int_equal(p[0].paragraph, 2);
	dk_passages_free(p, n);
	dk_match_set_free(&m);
}

/* A long paragraph: runs of whole sentences, none over the maximum,
 * the best one holding the rare word. */
static void test_long_paragraph(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	dk_match_set m = { 0 };
	dk_passage *p = NULL;
	size_t n = 0;
	dk_buf_puts(&b, "A short lead paragraph.\n");
	size_t para = b.len;
	for (int i = 0; i < 60; i++) {
		if (i)
			dk_buf_putc(&b, ' ');
		dk_buf_printf(&b, "Sentence %d of the long paragraph is about %s "
			      "and the U.S. courts, says J. Smith%s", i,
			      i == 37 ? "a zebra" : "the markets", i % 3 ? "." : "!");
	}
	dk_buf_puts(&b, "\nA closing paragraph.");
	assert_int_equal(b.err, DK_OK);
	each_word("zebra=3 markets=0.2", &m, 0);
	assert_int_equal(dk_passages_select(an, b.data, b.len, &m, 100, &p, &n),
			 DK_OK);
	check_invariants(b.data, b.len, p, n, 1);
	/* Every sentence mentions one of the terms: the whole paragraph is
	 * covered by candidates, each of whole sentences. */
	assert_true(n >= 2);
	for (size_t i = 0; i < n; i++) {
		const char *s = b.data + p[i].start;
		size_t len = p[i].end - p[i].start;
		assert_true(p[i].start >= para);
		assert_true(!strncmp(s, "Sentence ", 9));
		assert_true(s[len - 1] == '.' || s[len - 1] == '!');
		assert_true(b.data[p[i].end] == ' ' || b.data[p[i].end] == '\n');
		/* "U.S." and "J." do not end a sentence. */
		assert_true(strncmp(s + len - 2, "S.", 2) && strncmp(s + len - 2, "J.", 2));
	}
	assert_non_null(strstr(b.data + p[0].start, "zebra"));
	assert_true(strstr(b.data + p[0].start, "zebra") < b.data + p[0].end);
	dk_passages_free(p, n);
	dk_match_set_free(&m);
	dk_buf_free(&b);
}

/* One sentence far longer than the maximum, of multibyte words: cut at
 * spaces, never inside a character. */
static void test_long_sentence_utf8(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	dk_match_set m = { 0 };
	dk_passage *p = NULL;
	size_t n = 0;
	for (int i = 0; i < 300; i++)
		dk_buf_puts(&b, i == 150 ? "zèbra " : "café naïve “ü” ");
	assert_int_equal(b.err, DK_OK);
	assert_true(dk_utf8_valid(b.data, b.len));
	each_word("zèbra café", &m, 0);
	m.terms[0].weight = 5;
	assert_int_equal(dk_passages_select(an, b.data, b.len, &m, 50, &p, &n),
			 DK_OK);
	assert_true(n > b.len / DK_PASSAGE_MAX);
	check_invariants(b.data, b.len, p, n, 1);
	for (size_t i = 0; i < n; i++) {
		assert_true(p[i].start == 0 || b.data[p[i].start - 1] == ' ');
		assert_true(p[i].end == b.len || b.data[p[i].end] == ' ');
	}
	char *hl = hl_string(b.data, &p[0]);
	assert_non_null(strstr(hl, "zèbra"));
	free(hl);
	dk_passages_free(p, n);
	dk_match_set_free(&m);
	dk_buf_free(&b);
}

/* 100 KB without a space, ASCII or multibyte, with and without a match. */
static void test_no_spaces(void **state)
{
	(void)state;
	static const char *const units[] = { "a", "é", "中", "😀", "x-" };
	for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
		for (int with_match = 0; with_match < 2; with_match++) {
			dk_buf b = DK_BUF_INIT;
			dk_match_set m = { 0 };
			dk_passage *p = NULL;
			size_t n = 0;
			while (b.len < 100000)
				dk_buf_puts(&b, units[u]);
			if (with_match)
				dk_buf_puts(&b, " zebra");
			assert_int_equal(b.err, DK_OK);
			each_word("zebra a", &m, 0);
			assert_int_equal(dk_passages_select(an, b.data, b.len, &m, 5,
							    &p, &n), DK_OK);
			assert_true(n >= 1);
			check_invariants(b.data, b.len, p, n, 1);
			if (with_match) {
				char *hl = hl_string(b.data, &p[0]);
				assert_string_equal(hl, "zebra");
				free(hl);
			}
			dk_passages_free(p, n);
			dk_match_set_free(&m);
			dk_buf_free(&b);
		}
	}
}

/* Invalid UTF-8 of every kind, including runs of continuation bytes
 * longer than a passage: no crash, the bounds hold, the word after the
 * garbage is found. */
static void test_invalid_utf8(void **state)
{
	(void)state;
	static const char *const junk[] = {
		"\xff\xfe", "\x80", "\xc3", "\xe2\x80", "\xc0\xaf", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "\x00",
	};
	for (size_t j = 0; j < sizeof junk / sizeof junk[0]; j++) {
		size_t jl = strlen(junk[j]) ? strlen(junk[j]) : 1;
		for (int spaced = 0; spaced < 2; spaced++) {
			dk_buf b = DK_BUF_INIT;
			dk_match_set m = { 0 };
			dk_passage *p = NULL;
			size_t n = 0;
			dk_buf_puts(&b, "Lead privacy text.\n");
			for (int i = 0; i < 1500; i++) {
				dk_buf_append(&b, junk[j], jl);
				if (spaced && i % 7 == 0)
					dk_buf_putc(&b, ' ');
			}
			dk_buf_puts(&b, " privacy zebra.\n");
			for (int i = 0; i < 40; i++)
				dk_buf_append(&b, junk[j], jl);
			assert_int_equal(b.err, DK_OK);
			each_word("zebra privacy", &m, 0);
			assert_int_equal(dk_passages_select(an, b.data, b.len, &m, 10,
							    &p, &n), DK_OK);
			assert_true(n >= 1);
			check_invariants(b.data, b.len, p, n, 0);
			int found = 0;
			for (size_t i = 0; i < n; i++) {
				char *hl = hl_string(b.data, &p[i]);
				found |= strstr(hl, "zebra") != NULL;
				free(hl);
			}
			assert_true(found);
			dk_passages_free(p, n);
			dk_match_set_free(&m);
			dk_buf_free(&b);
		}
	}
}

/* Nothing but garbage, no match: the lead is shown, still bounded. */
static void test_garbage_lead(void **state)
{
	(void)state;
	char *s = malloc(5000);
	dk_match_set m = { 0 };
	dk_passage *p = NULL;
	size_t n = 0;
	assert_non_null(s);
	memset(s, 0x80, 5000);
	each_word("zebra", &m, 0);
	assert_int_equal(dk_passages_select(an, s, 5000, &m, 3, &p, &n), DK_OK);
	assert_int_equal(n, 1);
	check_invariants(s, 5000, p, n, 0);
	assert_int_equal(p[0].nhl, 0);
	dk_passages_free(p, n);
	dk_match_set_free(&m);
	free(s);
}

static void test_empty_text(void **state)
{
	(void)state;
	dk_match_set m = { 0 };
	dk_passage *p = (dk_passage *)&m;
	size_t n = 7;
	each_word("privacy", &m, 0);
	assert_int_equal(dk_passages_select(an, "", 0, &m, 3, &p, &n), DK_OK);
	assert_null(p);
	assert_int_equal(n, 0);
	n = 7;
	p = (dk_passage *)&m;
	assert_int_equal(dk_passages_select(an, NULL, 0, &m, 3, &p, &n), DK_OK);
	assert_null(p);
	assert_int_equal(n, 0);
	/* The length is respected: a match past it is not seen. */
	const char *t = "Nothing here.\nprivacy";
	assert_int_equal(dk_passages_select(an, t, 13, &m, 3, &p, &n), DK_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].end, 13);
	assert_int_equal(p[0].nhl, 0);
	dk_passages_free(p, n);
	dk_passages_free(NULL, 0);
	dk_match_set_free(&m);
}

/* Paragraph numbers count the non-blank lines, blank lines between
 * paragraphs or not; a long paragraph's window keeps its number. */
static void test_paragraph_numbers(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	dk_match_set m = { 0 };
	dk_passage *p = NULL;
	size_t n = 0;
	/* Paragraphs of a few hundred bytes, as articles have. */
	const char *fill = "Filler words fill this paragraph up to a length "
			   "that articles have, sentence after sentence. ";
	dk_buf_puts(&b, "One.\n\n  \nTwo zebra. ");
	for (int i = 0; i < 4; i++)
		dk_buf_puts(&b, fill);
	dk_buf_puts(&b, "\n\nThree.\n");
	for (int i = 0; i < 40; i++)
		dk_buf_printf(&b, "Sentence %d is %s. ", i,
			      i == 30 ? "a zebra herd" : "filler text here");
	assert_int_equal(b.err, DK_OK);
	each_word("zebra herd", &m, 0);
	assert_int_equal(dk_passages_select(an, b.data, b.len, &m, 2, &p, &n),
			 DK_OK);
	check_invariants(b.data, b.len, p, n, 1);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].paragraph, 4);
	assert_non_null(strstr(b.data + p[0].start, "zebra herd"));
	assert_true(strstr(b.data + p[0].start, "zebra herd") < b.data + p[0].end);
	assert_int_equal(p[1].paragraph, 2);
	dk_passages_free(p, n);
	dk_match_set_free(&m);
	dk_buf_free(&b);
}

/* case: gives the docket number's normal form; the passage shows it in
 * whatever form the article writes it, and nothing else that looks like
 * a docket number. */
static void test_case_number(void **state)
{
	(void)state;
	const char *t = "Markets fell.\n"
			"The suit, 5:25-cv-00709, was filed in San Jose; case "
			"24-00709 is another.\n"
			"Filings in Case No. 25-709 followed.";
	dk_match_set m = { 0 };
	dk_passage *p = NULL;
	size_t n = 0;
	ms_add(&m, "25-00709", 8, 2.0, DK_MTERM_CASE);
	assert_int_equal(dk_passages_select(an, t, strlen(t), &m, 3, &p, &n),
			 DK_OK);
	check_invariants(t, strlen(t), p, n, 1);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_true(p[i].score > 0);
	char *a = hl_string(t, &p[0]), *b = hl_string(t, &p[1]);
	char both[100];
	snprintf(both, sizeof both, "%s+%s", a, b);
	assert_true(!strcmp(both, "5:25-cv-00709+25-709") ||
		    !strcmp(both, "25-709+5:25-cv-00709"));
	free(a);
	free(b);
	dk_passages_free(p, n);
	dk_match_set_free(&m);
}

/* The question's wording: what it asks for, and the sentence holding a
 * year or a number outside the question's words wins a near tie. */
static void test_answer_type(void **state)
{
	(void)state;
	static const struct { const char *q; dk_answer_type t; } qs[] = {
		{ "When was the suit filed?", DK_ANSWER_TIME },
		{ "In what year did LinkedIn settle", DK_ANSWER_TIME },
		{ "how many users sued", DK_ANSWER_NUMBER },
		{ "How much did they pay?", DK_ANSWER_NUMBER },
		{ "Who filed the suit?", DK_ANSWER_ANY },
		{ "whenever privacy", DK_ANSWER_ANY },
		{ "", DK_ANSWER_ANY },
	};
	dk_passage_params pp;
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		assert_int_equal(dk_passage_params_for(qs[i].q, strlen(qs[i].q),
						       &pp), DK_OK);
		assert_int_equal(pp.type, qs[i].t);
	}
	const char *t = "The suit was filed in San Jose.\n"
			"The suit was filed in the spring of 2025.";
	dk_match_set m = { 0 };
	dk_passage *p = NULL;
	size_t n = 0;
	each_word("suit filed", &m, 0);
	assert_int_equal(dk_passage_params_for("when was the suit filed", 23,
					       &pp), DK_OK);
	pp.answer = 0.5;
	assert_int_equal(dk_passages_select_with(an, t, strlen(t), &m, &pp, 1,
						 &p, &n), DK_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].paragraph, 2);
	dk_passages_free(p, n);
	pp.answer = 0;
	assert_int_equal(dk_passages_select_with(an, t, strlen(t), &m, &pp, 1,
						 &p, &n), DK_OK);
	assert_int_equal(p[0].paragraph, 1);
	dk_passages_free(p, n);
	dk_match_set_free(&m);
}

/* Partial stem matches (stem > 0): "founded" (stem "found") meets
 * "foundation" ("foundat"); the paragraph holding it beats one that only
 * repeats the other word, and the partial word is scored, not
 * highlighted.  Without them the repetition wins.  A stem of fewer than
 * four bytes extends nothing ("art" does not meet "artist"). */
/* The answer's weight (answer: the mean query weight times 1): a
 * paragraph that holds a year beside two of the question's words beats
 * one that holds a third, common word ("court", in most paragraphs) but
 * no year; at half that weight, the third word wins. */
static void test_answer_weight(void **state)
{
	(void)state;
	const char *t = "The suit was filed in court at San Jose.\n"
			"The suit was filed in 2025.\n"
			"A suit for court is clothing.\n"
			"Nothing in court here.";
	const char *q = "when was the suit filed in court";
	dk_match_set m = { 0 };
	dk_passage *p = NULL;
	size_t n = 0;
	each_word("suit filed court=0.1", &m, 0);
	dk_passage_params pp;
	assert_int_equal(dk_passage_params_for(q, strlen(q), &pp), DK_OK);
	assert_true(pp.answer == 1);
	assert_int_equal(dk_passages_select_with(an, t, strlen(t), &m, &pp, 1,
						 &p, &n), DK_OK);
	assert_int_equal(p[0].paragraph, 2);
	dk_passages_free(p, n);
	pp.answer = 0.5;
	assert_int_equal(dk_passages_select_with(an, t, strlen(t), &m, &pp, 1,
						 &p, &n), DK_OK);
	assert_int_equal(p[0].paragraph, 1);
	dk_passages_free(p, n);
	dk_match_set_free(&m);
}

static void test_stem_parts(void **state)
{
	(void)state;
	const char *t = "The school choir sang while the school band played "
			"for the school.\n"
			"The foundation stone of the school was laid in 1850.";
	dk_match_set m = { 0 };
	dk_passage *p = NULL;
	size_t n = 0;
	each_word("founded school", &m, 0);
	dk_passage_params pp = dk_passage_defaults;
	pp.stem = 0;
	assert_int_equal(dk_passages_select_with(an, t, strlen(t), &m, &pp, 1,
						 &p, &n), DK_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].paragraph, 1);
	dk_passages_free(p, n);
	pp.stem = 0.5;
	assert_int_equal(dk_passages_select_with(an, t, strlen(t), &m, &pp, 1,
						 &p, &n), DK_OK);
	check_invariants(t, strlen(t), p, n, 1);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].paragraph, 2);
	char *h = hl_string(t, &p[0]);
	assert_string_equal(h, "school");
	free(h);
	dk_passages_free(p, n);
	dk_match_set_free(&m);

	const char *u = "An artist painted.\nArt and art again.";
	dk_match_set m2 = { 0 };
	each_word("art", &m2, 0);
	assert_int_equal(dk_passages_select_with(an, u, strlen(u), &m2, &pp, 2,
						 &p, &n), DK_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].paragraph, 2);
	dk_passages_free(p, n);
	dk_match_set_free(&m2);
}

/* The evidence (for reordering articles) is the best candidate's score
 * with the weights across articles only: the same for an article whose
 * paragraphs all hold the word as for one where a single paragraph does,
 * while the in-article weight favours the latter.  Set only when asked
 * (rerank and depth), on the first passage. */
static void test_evidence(void **state)
{
	(void)state;
	const char *one = "Harbor pelicans nest here.\nNothing else.\nNor here.";
	const char *all = "Harbor pelicans nest here.\nHarbor boats.\nHarbor "
			  "lights.";
	dk_match_set m = { 0 };
	dk_passage *p = NULL, *q = NULL;
	size_t n = 0, k = 0;
	each_word("harbor pelicans", &m, 0);
	dk_passage_params pp = dk_passage_defaults;
	pp.rerank = 1;
	pp.depth = 5;
	pp.sent = 0;
	pp.prox = 0;
	assert_int_equal(dk_passages_select_with(an, one, strlen(one), &m, &pp,
						 2, &p, &n), DK_OK);
	assert_int_equal(dk_passages_select_with(an, all, strlen(all), &m, &pp,
						 2, &q, &k), DK_OK);
	assert_true(p[0].evidence > 0);
	assert_true(p[0].score > q[0].score);
	assert_true(q[0].evidence > 0);
	assert_true(q[1].evidence == 0);
	dk_passages_free(p, n);
	dk_passages_free(q, k);
	pp.rerank = 0;
	assert_int_equal(dk_passages_select_with(an, one, strlen(one), &m, &pp,
						 1, &p, &n), DK_OK);
	assert_true(p[0].evidence == 0);
	dk_passages_free(p, n);
	dk_match_set_free(&m);
}

/* The answer type's word ("year" in "what year") is answered by a year,
 * not by itself: with qword it weighs less, and the paragraph that holds
 * the other words and a year beats the one that repeats "year". */
static void test_type_word(void **state)
{
	(void)state;
	const char *t = "A school year, a year of lessons, began after the "
			"harvest.\n"
			"The school was built in 1850.";
	const char *q = "in what year was the school built";
	dk_match_set m = { 0 };
	dk_passage *p = NULL;
	size_t n = 0;
	each_word("year school built", &m, 0);
	dk_passage_params pp;
	assert_int_equal(dk_passage_params_for(q, strlen(q), &pp), DK_OK);
	assert_int_equal(pp.type, DK_ANSWER_TIME);
	assert_string_equal(pp.tword, "year");
	pp.answer = 0;
	pp.qword = 0;
	assert_int_equal(dk_passages_select_with(an, t, strlen(t), &m, &pp, 1,
						 &p, &n), DK_OK);
	assert_int_equal(p[0].paragraph, 1);
	dk_passages_free(p, n);
	pp.qword = 0.5;
	assert_int_equal(dk_passages_select_with(an, t, strlen(t), &m, &pp, 1,
						 &p, &n), DK_OK);
	assert_int_equal(p[0].paragraph, 2);
	dk_passages_free(p, n);
	assert_int_equal(dk_passage_params_for("who built it", 12, &pp), DK_OK);
	assert_null(pp.tword);
	dk_match_set_free(&m);
}

/* Proximity counts once per term (its nearest other term), as tf
 * saturates: a paragraph that repeats the article's name ("Super Bowl",
 * adjacent six times) does not beat by its repetition the one whose rarer
 * word stands beside the name.  Counting every pair of hits, the
 * repetition wins. */
static void test_prox_once(void **state)
{
	(void)state;
	const char *t = "The Super Bowl drew crowds.\n"
			"Super Bowl fans, Super Bowl tickets, Super Bowl "
			"parties, Super Bowl ads, Super Bowl hats and Super "
			"Bowl songs filled the network schedule.\n"
			"The network CBS aired the Super Bowl.\n"
			"Super Bowl week ended.";
	dk_match_set m = { 0 };
	dk_passage *p = NULL;
	size_t n = 0;
	each_word("super bowl network", &m, 0);
	dk_passage_params pp = dk_passage_defaults;
	pp.proxonce = 0;
	assert_int_equal(dk_passages_select_with(an, t, strlen(t), &m, &pp, 1,
						 &p, &n), DK_OK);
	assert_int_equal(p[0].paragraph, 2);
	dk_passages_free(p, n);
	pp.proxonce = 1;
	assert_int_equal(dk_passages_select_with(an, t, strlen(t), &m, &pp, 1,
						 &p, &n), DK_OK);
	check_invariants(t, strlen(t), p, n, 1);
	assert_int_equal(p[0].paragraph, 3);
	dk_passages_free(p, n);
	dk_match_set_free(&m);
}

static void test_params_parse(void **state)
{
	(void)state;
	dk_passage_params pp = dk_passage_defaults;
	assert_int_equal(dk_passage_params_parse("k1=2,b=0.5,sent=1.5", &pp),
			 DK_OK);
	assert_true(pp.k1 == 2 && pp.b == 0.5 && pp.sent == 1.5);
	assert_true(pp.artidf == dk_passage_defaults.artidf);
	assert_int_equal(dk_passage_params_parse("stem=0.5,cover=1,rerank=2,"
						 "depth=5", &pp), DK_OK);
	assert_true(pp.stem == 0.5 && pp.cover == 1 && pp.rerank == 2 &&
		    pp.depth == 5);
	assert_int_equal(dk_passage_params_parse("gidf=0.5,proxonce=1", &pp),
			 DK_OK);
	assert_true(pp.gidf == 0.5 && pp.proxonce == 1);
	static const char *const bad[] = {
		"k1", "k1=", "k1=x", "zz=1", "b=2", "k1=-1", "k1=1;b=1", "k1=nan",
		"depth=2000", "qword=2",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		dk_passage_params q = pp;
		assert_int_equal(dk_passage_params_parse(bad[i], &q),
				 DK_ERR_INVALID);
		assert_true(q.k1 == 2 && q.b == 0.5);
	}
}

/* ---- main ------------------------------------------------------------ */

static int group_setup(void **state)
{
	(void)state;
	return dk_analyzer_new("english", &an) ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	dk_analyzer_free(an);
	return 0;
}

static void row_name(size_t i, const void *row, char *buf, size_t size)
{
	(void)i;
	snprintf(buf, size, "%s", ((const struct row *)row)->name);
}

int main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_long_paragraph),
		cmocka_unit_test(test_long_sentence_utf8),
		cmocka_unit_test(test_no_spaces),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_garbage_lead),
		cmocka_unit_test(test_empty_text),
		cmocka_unit_test(test_paragraph_numbers),
		cmocka_unit_test(test_case_number),
		cmocka_unit_test(test_answer_type),
		cmocka_unit_test(test_params_parse),
		cmocka_unit_test(test_stem_parts),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_type_word),
		cmocka_unit_test(test_prox_once),
		cmocka_unit_test(test_answer_weight),
	};
	return fixture_run_table("passage", rows, NROWS, sizeof rows[0], row_name,
				 test_row, extra, sizeof extra / sizeof extra[0],
				 group_setup, group_teardown);
}
