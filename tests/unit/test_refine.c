/*
 * test_refine.c - unit tests for indexer/extract/refine.c.
 *
 * The refiner's contract (refine.h): every article pushed comes out once,
 * in order, with its id, after at most `window` pushes or at the flush;
 * *a is cleared by a push whatever happens.  Then what refining does, on a
 * table of small articles: text stripped (with templates learned across
 * the window, the first article included), date and author filled from a
 * dateline and a byline only when missing, entity lists, story keys shared
 * by copies and kept when carried; the options; and a failing callback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../indexer/extract/refine.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* What the callback saw. */
typedef struct seen {
	dk_article v[64];
	size_t n;
	int fail_at;   /* return an error for this article (-1: never) */
} seen;

static char *dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static dk_status collect(void *ctx, dk_article *a)
{
	seen *s = ctx;
	if ((int)s->n == s->fail_at)
		return DK_ERR_IO;
	assert_true(s->n < ARRAY_LEN(s->v));
	dk_article *c = &s->v[s->n++];
	memset(c, 0, sizeof *c);
	c->id = dup(a->id);
	c->title = dup(a->title);
	c->source = dup(a->source);
	c->date = dup(a->date);
	c->author = dup(a->author);
	c->story = dup(a->story);
	c->text = dup(a->text);
	c->text_len = a->text_len;
	c->cases = dup(a->cases);
	c->parties = dup(a->parties);
	c->courts = dup(a->courts);
	c->statutes = dup(a->statutes);
	c->cves = dup(a->cves);
	return DK_OK;
}

static void seen_clear(seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		dk_article_clear(&s->v[i]);
	s->n = 0;
}

static void make(dk_article *a, const char *id, const char *source,
		 const char *title, const char *date, const char *text)
{
	memset(a, 0, sizeof *a);
	a->id = dup(id);
	a->source = dup(source);
	a->title = dup(title);
	a->date = dup(date);
	a->text = dup(text);
	a->text_len = text ? strlen(text) : 0;
}

static void test_order_and_window(void **state)
{
	(void)state;
	dk_refine_opts o = { .window = 3 };
	dk_refiner *r = NULL;
	assert_int_equal(dk_refiner_new_opts(&o, &r), DK_OK);
	seen s = { .fail_at = -1 };
	for (int i = 0; i < 10; i++) {
		char id[16], text[96];
		snprintf(id, sizeof id, "a%d", i);
		snprintf(text, sizeof text, "Article number %d says something "
			 "different from all the others, number %d.", i, i * 31);
		dk_article a;
		make(&a, id, "src", NULL, NULL, text);
		assert_int_equal(dk_refiner_push(r, &a, collect, &s), DK_OK);
		static const dk_article zero;
		assert_memory_equal(&a, &zero, sizeof a);
		/* At most window - 1 articles are held. */
		assert_int_equal(s.n, (size_t)(i >= 2 ? i - 1 : 0));
	}
	assert_int_equal(dk_refiner_flush(r, collect, &s), DK_OK);
	assert_int_equal(s.n, 10);
	for (int i = 0; i < 10; i++) {
		char id[16];
		snprintf(id, sizeof id, "a%d", i);
		assert_string_equal(s.v[i].id, id);
		assert_non_null(s.v[i].story);
	}
	assert_int_equal(dk_refiner_flush(r, collect, &s), DK_OK);
	assert_int_equal(s.n, 10);
	seen_clear(&s);
	dk_refiner_free(r);

	/* window 1: each article comes out at once. */
	o.window = 1;
	assert_int_equal(dk_refiner_new_opts(&o, &r), DK_OK);
	dk_article a;
	make(&a, "only", NULL, NULL, NULL, "Some text.");
	assert_int_equal(dk_refiner_push(r, &a, collect, &s), DK_OK);
	assert_int_equal(s.n, 1);
	seen_clear(&s);
	dk_refiner_free(r);
}

struct art {
	const char *id, *source, *title, *date, *text;
};

/* Three pages of one source with a line no intrinsic rule knows, two
 * copies of one wire story, a dated and bylined essay, a legal story. */
static const struct art arts[] = {
	{ "lb-1", "LawBeat", "Judge weighs sanctions", "2025-01-14",
	  "LawBeat Premium Briefing Desk Edition Twelve\n"
	  "A federal judge in Manhattan on Monday threatened to sanction Lumenary AI if it cannot account for the training data it deleted, escalating a discovery dispute.\n"
	  "Summary judgment motions on fair use are due in February." },
	{ "lb-2", "LawBeat", "SEC charges Arcwell", "2025-01-30",
	  "LawBeat Premium Briefing Desk Edition Twelve\n"
	  "The Securities and Exchange Commission on Wednesday charged Arcwell Technologies with misleading investors about its use of artificial intelligence.\n"
	  "Arcwell agreed to pay a $2.75 million penalty without admitting wrongdoing." },
	{ "lb-3", "LawBeat", "Quantix ruling", "2025-03-24",
	  "LawBeat Premium Briefing Desk Edition Twelve\n"
	  "A federal judge refused on Monday to dismiss Ohio\xE2\x80\x99s lawsuit against Quantix Labs, the location data company, over the sale of residents\xE2\x80\x99 movements.\n"
	  "A scheduling conference in the Ohio case is set for April 15." },
	{ "mw-1", "Meridian Wire", "Brightpath sued", "2025-01-22",
	  "SAN JOSE, Calif., Jan. 22 (Meridian Wire) - Brightpath Inc., the maker of the popular Brightpath workplace chat app, was sued on Tuesday by a customer who says the company quietly fed millions of private messages and shared files into the artificial intelligence models behind its Pathfinder assistant without asking permission.\n"
	  "The lawsuit accuses Brightpath of breach of contract and of violating California's Unfair Competition Law and the federal Stored Communications Act, which allows statutory damages of $1,000 per violation.\n"
	  "The case is Harlow v. Brightpath Inc., U.S. District Court for the Northern District of California, Case No. 5:25-cv-01234.\n"
	  "(Reporting by Tomasz Wrona in San Jose; Editing by Ellen Park)" },
	{ "pl-1", "Pacific Ledger", "Sunnyvale's Brightpath sued", NULL,
	  "Pacific Ledger Local Business Tech Sports Opinion Obituaries E-Edition\n"
	  "SAN JOSE, Calif. \xE2\x80\x94 Brightpath Inc., the maker of the popular Brightpath workplace chat app, was sued on Tuesday by a customer who says the company quietly fed millions of private messages and shared files into the artificial intelligence models behind its Pathfinder assistant without asking permission.\n"
	  "The lawsuit accuses Brightpath of breach of contract and of violating California\xE2\x80\x99s Unfair Competition Law and the federal Stored Communications Act, which allows statutory damages of $1,000 per violation.\n"
	  "The case is Harlow v. Brightpath Inc., U.S. District Court for the Northern District of California, Case No. 5:25-cv-01234.\n"
	  "Support local journalism. Subscribe to the Pacific Ledger for 99 cents for your first month." },
	{ "sn-1", "Signal & Noise", "Section 230 is not a loophole", NULL,
	  "By Felix Amsel \xC2\xB7 July 18, 2024 \xC2\xB7 9 min read\n"
	  "Every few months someone declares that Section 230 is about to fall, and every few months it does not; this summer the question is before the Ninth Circuit.\n"
	  "The fix for CVE-2024-3094 shipped within days." },
};

static const dk_article *find(const seen *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].id, id))
			return &s->v[i];
	fail_msg("no article %s", id);
	return NULL;
}

static void push_all(dk_refiner *r, seen *s)
{
	for (size_t i = 0; i < ARRAY_LEN(arts); i++) {
		dk_article a;
		make(&a, arts[i].id, arts[i].source, arts[i].title, arts[i].date,
		     arts[i].text);
		assert_int_equal(dk_refiner_push(r, &a, collect, s), DK_OK);
	}
	assert_int_equal(dk_refiner_flush(r, collect, s), DK_OK);
	assert_int_equal(s->n, ARRAY_LEN(arts));
}

static void test_refined_fields(void **state)
{
	(void)state;
	dk_refiner *r = NULL;
	assert_int_equal(dk_refiner_new(&r), DK_OK);
	seen s = { .fail_at = -1 };
	push_all(r, &s);
	/* The repeated line goes from all three pages, the first too. */
	for (int i = 1; i <= 3; i++) {
		char id[8];
		snprintf(id, sizeof id, "lb-%d", i);
		const dk_article *a = find(&s, id);
		assert_null(strstr(a->text, "Briefing Desk"));
		assert_int_equal(strlen(a->text), a->text_len);
	}
	/* Wire copies: stripped, one story; the credit line goes. */
	const dk_article *mw = find(&s, "mw-1"), *pl = find(&s, "pl-1");
	assert_null(strstr(mw->text, "Reporting by"));
	assert_null(strstr(pl->text, "Obituaries"));
	assert_null(strstr(pl->text, "Support local journalism"));
	assert_string_equal(mw->story, pl->story);
	assert_string_not_equal(mw->story, find(&s, "lb-1")->story);
	/* Entities, from the text (and the title). */
	assert_string_equal(mw->cases, "25-01234");
	assert_string_equal(mw->parties, "Harlow\nBrightpath Inc.");
	assert_string_equal(mw->courts,
			    "U.S. District Court for the Northern District of California");
	assert_string_equal(mw->statutes,
			    "Unfair Competition Law\nStored Communications Act");
	assert_null(mw->cves);
	/* Dates: kept when given, from the byline when missing. */
	assert_string_equal(mw->date, "2025-01-22");
	assert_null(pl->date);
	const dk_article *sn = find(&s, "sn-1");
	assert_string_equal(sn->date, "2024-07-18");
	assert_string_equal(sn->author, "Felix Amsel");
	assert_null(strstr(sn->text, "min read"));
	assert_string_equal(sn->cves, "CVE-2024-3094");
	assert_string_equal(sn->courts, "U.S. Court of Appeals for the Ninth Circuit");
	assert_null(sn->cases);
	seen_clear(&s);
	dk_refiner_free(r);
}

static void test_options(void **state)
{
	(void)state;
	/* no_strip: text as read; no_stories: no key. */
	dk_refine_opts o = { .no_strip = 1, .no_stories = 1 };
	dk_refiner *r = NULL;
	assert_int_equal(dk_refiner_new_opts(&o, &r), DK_OK);
	seen s = { .fail_at = -1 };
	push_all(r, &s);
	const dk_article *pl = find(&s, "pl-1");
	assert_string_equal(pl->text, arts[4].text);
	assert_null(pl->story);
	assert_string_equal(pl->cases, "25-01234");
	seen_clear(&s);
	dk_refiner_free(r);

	/* A shared story index, and a story key the dump carried. */
	dk_stories *st = NULL;
	assert_int_equal(dk_stories_new(0, 0, &st), DK_OK);
	dk_refine_opts o2 = { .stories = st, .window = 1 };
	dk_refiner *r1 = NULL, *r2 = NULL;
	assert_int_equal(dk_refiner_new_opts(&o2, &r1), DK_OK);
	assert_int_equal(dk_refiner_new_opts(&o2, &r2), DK_OK);
	dk_article a;
	make(&a, "mw-1", arts[3].source, NULL, NULL, arts[3].text);
	assert_int_equal(dk_refiner_push(r1, &a, collect, &s), DK_OK);
	make(&a, "pl-1", arts[4].source, NULL, NULL, arts[4].text);
	assert_int_equal(dk_refiner_push(r2, &a, collect, &s), DK_OK);
	make(&a, "carried", NULL, NULL, NULL, arts[4].text);
	a.story = dup("feedface");
	assert_int_equal(dk_refiner_push(r2, &a, collect, &s), DK_OK);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.v[0].story, s.v[1].story);
	assert_string_equal(s.v[2].story, "feedface");
	seen_clear(&s);
	dk_refiner_free(r1);
	dk_refiner_free(r2);
	dk_stories_free(st);
}

/* A failing callback stops the refiner with its status; what it still
 * holds is freed with it (LeakSanitizer checks). */
static void test_callback_failure(void **state)
{
	(void)state;
	dk_refine_opts o = { .window = 4 };
	dk_refiner *r = NULL;
	assert_int_equal(dk_refiner_new_opts(&o, &r), DK_OK);
	seen s = { .fail_at = 1 };
	dk_status st = DK_OK;
	for (size_t i = 0; i < ARRAY_LEN(arts) && !st; i++) {
		dk_article a;
		make(&a, arts[i].id, arts[i].source, arts[i].title, arts[i].date,
		     arts[i].text);
		st = dk_refiner_push(r, &a, collect, &s);
		static const dk_article zero;
		assert_memory_equal(&a, &zero, sizeof a);
	}
	if (!st)
		st = dk_refiner_flush(r, collect, &s);
	assert_int_equal(st, DK_ERR_IO);
	assert_int_equal(s.n, 1);
	seen_clear(&s);
	dk_refiner_free(r);
}

/* Short formulaic texts fold only when their titles agree too. */
static void test_short_texts(void **state)
{
	(void)state;
	dk_refiner *r = NULL;
	assert_int_equal(dk_refiner_new(&r), DK_OK);
	seen s = { .fail_at = -1 };
	static const struct art shorts[] = {
		{ "r1", "Reuters", "COMBUSTION ENGINEERING INC <CSP> REGULAR DIV", "1987-02-26",
		  "Qtly div 25 cts vs 25 cts prior Pay April 30 Record April 16" },
		{ "r2", "Reuters", "MERIDIAN BANCORP INC <MRDN> SETS REGULAR PAYOUT", "1987-02-26",
		  "Qtly div 25 cts vs 25 cts prior Pay April 30 Record April 16" },
		{ "r3", "Reuters", "COMBUSTION ENGINEERING INC <CSP> REGULAR DIV", "1987-02-27",
		  "Qtly div 25 cts vs 25 cts prior Pay April 30 Record April 16" },
	};
	for (size_t i = 0; i < ARRAY_LEN(shorts); i++) {
		dk_article a;
		make(&a, shorts[i].id, shorts[i].source, shorts[i].title,
		     shorts[i].date, shorts[i].text);
		assert_int_equal(dk_refiner_push(r, &a, collect, &s), DK_OK);
	}
	assert_int_equal(dk_refiner_flush(r, collect, &s), DK_OK);
	assert_string_not_equal(s.v[0].story, s.v[1].story);
	assert_string_equal(s.v[0].story, s.v[2].story);
	seen_clear(&s);
	dk_refiner_free(r);
}

/* Articles without text or id, and an empty text, pass through. */
static void test_odd_articles(void **state)
{
	(void)state;
	dk_refiner *r = NULL;
	assert_int_equal(dk_refiner_new(&r), DK_OK);
	seen s = { .fail_at = -1 };
	dk_article a;
	make(&a, "no-text", NULL, "Only a title v. nothing", NULL, NULL);
	assert_int_equal(dk_refiner_push(r, &a, collect, &s), DK_OK);
	make(&a, "empty", NULL, NULL, NULL, "");
	assert_int_equal(dk_refiner_push(r, &a, collect, &s), DK_OK);
	make(&a, NULL, NULL, NULL, NULL, "Text without an id.");
	assert_int_equal(dk_refiner_push(r, &a, collect, &s), DK_OK);
	assert_int_equal(dk_refiner_flush(r, collect, &s), DK_OK);
	assert_int_equal(s.n, 3);
	assert_null(s.v[0].text);
	assert_non_null(s.v[0].story);
	assert_string_equal(s.v[1].text, "");
	assert_null(s.v[2].id);
	seen_clear(&s);
	dk_refiner_free(r);
}

/* collect() and the extra metadata. */
static dk_status keep_extra(void *ctx, dk_article *a)
{
	seen *s = ctx;
	dk_status st = collect(ctx, a);
	if (!st)
		s->v[s->n - 1].extra = dup(a->extra);
	return st;
}

/* ---- nothing lost silently (issue 13) ------------------------------- */

typedef struct warned {
	char origin[64];
	char id[16];
	size_t before, after;
	int n;
} warned;

static void on_warn(void *ctx, const char *origin, const dk_article *a,
		    size_t before, size_t after)
{
	warned *w = ctx;
	w->n++;
	snprintf(w->origin, sizeof w->origin, "%s", origin ? origin : "");
	snprintf(w->id, sizeof w->id, "%s", a->id);
	w->before = before;
	w->after = after;
}

static void test_nothing_lost(void **state)
{
	(void)state;
	static const struct {
		const char *id, *text, *want; /* want NULL: the text as read */
		int flagged;
	} rows[] = {
		{ "caps",
		  "THE PRESIDENT SAID ON TUESDAY THAT THE TALKS IN GENEVA WOULD GO ON THROUGH THE WINTER, AND THAT HE EXPECTED NO AGREEMENT BEFORE THE SPRING.\n"
		  "AN EXPERIMENTAL STUDY OF A WING IN A PROPELLER SLIPSTREAM WAS MADE IN ORDER TO DETERMINE THE SPANWISE DISTRIBUTION OF THE LIFT INCREASE DUE TO SLIPSTREAM AT DIFFERENT ANGLES OF ATTACK OF THE WING AND AT DIFFERENT FREE STREAM TO SLIPSTREAM VELOCITY RATIOS .",
		  NULL, 0 },
		{ "title",
		  "The President Said On Tuesday That The Talks In Geneva Would Go On Through The Winter. He Expected No Agreement Before The Spring Thaw In Europe.\n"
		  "Senators Of Both Parties Told Reporters They Would Wait For The Treaty Text Before They Decided How To Vote On It. Ratification Requires Two Thirds Of The Senate Chamber.",
		  NULL, 0 },
		{ "sharebar",
		  "Share on Facebook Share on X Share on LinkedIn Email",
		  NULL, 1 },
		{ "menu",
		  "Home | News | Sport | Weather | Business\n"
		  "The minister told reporters on Thursday that the rules would change next year, according to a transcript of the briefing released by the ministry.",
		  "The minister told reporters on Thursday that the rules would change next year, according to a transcript of the briefing released by the ministry.",
		  0 },
	};
	warned w = { .n = 0 };
	dk_refine_opts o = { .window = 1, .no_stories = 1, .warn = on_warn,
			     .warn_ctx = &w };
	dk_refiner *r = NULL;
	assert_int_equal(dk_refiner_new_opts(&o, &r), DK_OK);
	seen s = { .fail_at = -1 };
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		dk_article a = { 0 };
		a.id = dup(rows[i].id);
		a.text = dup(rows[i].text);
		a.text_len = strlen(rows[i].text);
		char origin[32];
		snprintf(origin, sizeof origin, "dump.jsonl: record %zu", i + 1);
		assert_int_equal(dk_refiner_push_from(r, &a, origin, collect, &s),
				 DK_OK);
	}
	assert_int_equal(dk_refiner_flush(r, collect, &s), DK_OK);
	assert_int_equal(s.n, ARRAY_LEN(rows));
	for (size_t i = 0; i < ARRAY_LEN(rows); i++)
		assert_string_equal(s.v[i].text,
				    rows[i].want ? rows[i].want : rows[i].text);
	/* One warning, naming the share-bar article and where it was read. */
	assert_int_equal(w.n, 1);
	assert_string_equal(w.id, "sharebar");
	assert_string_equal(w.origin, "dump.jsonl: record 3");
	assert_int_equal(w.after, 0);
	dk_refine_stats st;
	dk_refiner_stats(r, &st);
	assert_int_equal(st.stripped, 4);
	assert_int_equal(st.lost_half, 1);
	assert_int_equal(st.kept_whole, 1);
	for (size_t i = 0; i < s.n; i++)
		dk_article_clear(&s.v[i]);
	dk_refiner_free(r);
}

static void test_kept_whole_flag(void **state)
{
	(void)state;
	dk_refine_opts o = { .window = 1, .no_stories = 1 };
	dk_refiner *r = NULL;
	assert_int_equal(dk_refiner_new_opts(&o, &r), DK_OK);
	dk_article a = { 0 };
	a.id = dup("x");
	a.extra = dup("{\"section\":\"tech\"}");
	a.text = dup("Share on Facebook Share on X Share on LinkedIn Email");
	a.text_len = strlen(a.text);
	seen s = { .fail_at = -1 };
	assert_int_equal(dk_refiner_push(r, &a, keep_extra, &s), DK_OK);
	assert_int_equal(dk_refiner_flush(r, keep_extra, &s), DK_OK);
	assert_int_equal(s.n, 1);
	assert_non_null(strstr(s.v[0].extra, "\"section\":\"tech\""));
	assert_non_null(strstr(s.v[0].extra, "\"" DK_REFINE_FLAG_KEY "\":\""
				DK_REFINE_FLAG_VALUE "\""));
	dk_article_clear(&s.v[0]);
	dk_refiner_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_window),
		cmocka_unit_test(test_refined_fields),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_callback_failure),
		cmocka_unit_test(test_short_texts),
		cmocka_unit_test(test_odd_articles),
		cmocka_unit_test(test_nothing_lost),
		cmocka_unit_test(test_kept_whole_flag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
