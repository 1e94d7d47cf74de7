/*
 * test_search.c - end-to-end tests of searcher/search.c (and output.c)
 * through the libraries.
 *
 * The group set-up builds two indexes under a temporary directory:
 *   - "news": a JSONL dump of the articles in `news` below, indexed with
 *     the indexer library exactly as docket-index would;
 *   - "wire": copies of syndicated stories that share a story key.  The
 *     JSONL reader does not set dk_article.story (the indexer derives it
 *     from near-duplicate fingerprints), so these documents are built with
 *     dk_doc_builder_build() on dk_article structs and written through the
 *     shim's dk_writer.
 * The table `rows` holds queries over "news" and the set of ids each must
 * return (folding off, a large limit), in any order or in the given
 * order; the tests after it cover ranking, paging, sorting, folding and
 * the JSON, TREC and text outputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../common/analyzer.h"
#include "../../common/article.h"
#include "../../common/buf.h"
#include "../../common/fields.h"
#include "../../indexer/doc_builder.h"
#include "../../indexer/indexer.h"
#include "../../searcher/output.h"
#include "../../searcher/rank.h"
#include "../../searcher/search.h"
#include "../../searcher/spelling.h"
#include "../../shims/xapian_shim.h"
#include "fixture.h"

static char root[PATH_MAX];
static char news_dir[PATH_MAX + 16];
static char wire_dir[PATH_MAX + 16];
static char legal_dir[PATH_MAX + 16];
static dk_searcher *news;
static dk_searcher *wire;
static dk_searcher *legal;

/* ---- the corpora ----------------------------------------------------- */

struct art {
	const char *id, *title, *source, *url, *date, *author, *text;
};

static const struct art arts[] = {
	{ "a1", "LinkedIn sued over private messages", "Reuters",
	  "https://www.reuters.com/tech/linkedin", "2025-01-22", "Jane Doe",
	  "LinkedIn was sued by Premium customers who said it disclosed their "
	  "private messages to train AI models.\n"
	  "The proposed class action lawsuit was filed in federal court in San "
	  "Jose under the Stored Communications Act, case 5:25-cv-00709." },
	{ "a2", "Apple settles Siri privacy lawsuit", "The Verge",
	  "https://www.theverge.com/apple-siri", "2025-01-03", "Emma Roth",
	  "Apple agreed to pay $95 million to settle a privacy lawsuit claiming "
	  "Siri recorded users.\nThe court must still approve the settlement." },
	{ "a3", "Google faces advertisers", "Bloomberg",
	  "https://www.bloomberg.com/google-ads", "2024-11-15", "Sam Lee",
	  "A class of advertisers took action against Google in court over ad "
	  "pricing.\nThe complaint says prices were inflated." },
	{ "a4", "Crypto exchange hacked", "CoinDesk",
	  "https://www.coindesk.com/hack", "2024-06-01", NULL,
	  "Hackers stole tokens from a crypto exchange.\nThe court froze the "
	  "assets of the exchange." },
	{ "a5", "Zebra mussels spread", "AP", "https://apnews.com/zebra",
	  "2023-05-05", NULL,
	  "Zebra mussels are spreading in northern lakes.\nNo court was "
	  "involved." },
	{ "a6", "Privacy rules for apps", "Wired",
	  "https://www.wired.com/privacy-apps", "2025-01-28", "Lily Hay",
	  "New privacy rules apply to mobile apps.\nRegulators cited LinkedIn "
	  "and Apple as examples; a court is expected to weigh in." },
	{ "a7", "Java notes", "Ars Technica", "https://arstechnica.com/java",
	  "2024-12-20", NULL,
	  "The action class of the old framework was deprecated.\nNo court "
	  "case followed." },
	{ "a8", "Harbor report", "Harbor News", "https://harbor.example.org/1",
	  "2024-03-01", NULL, "The harbor saw a walrus today." },
	{ "a9", "Harbor report", "Harbor News", "https://harbor.example.org/2",
	  "2024-03-02", NULL, "The harbor saw a pelican today." },
	{ "a10", "Bird count", "Harbor News", "https://harbor.example.org/3",
	  "2024-03-03", NULL, "The harbor pelican count rose; a pelican colony grew." },
};

#define NARTS (sizeof arts / sizeof arts[0])

/* Wire copies: id, source, story key, text. */
struct wire_art {
	const char *id, *source, *story, *text;
};

static const struct wire_art wires[] = {
	{ "w1", "AP", "story1", "Acme agreed to a merger with Widget Corp, an exclusive report said." },
	{ "w2", "Reuters", "story1", "Acme agreed to a merger with Widget Corp, an exclusive report said." },
	{ "w3", "Yahoo", "story1", "Acme agreed to a merger with Widget Corp, a report said." },
	{ "w4", "MSN", "story1", "Acme agreed to a merger with Widget Corp, a report said." },
	{ "w5", "Bloomberg", "story2", "Another merger was called off on Friday." },
	{ "w6", "Wired", NULL, "Merger talks stalled at a third firm." },
};

#define NWIRES (sizeof wires / sizeof wires[0])

/* The "legal" index: articles with the entity fields the refine stage
 * extracts (cases, parties, courts), languages, identifiers, and one
 * article with more words of one prefix than a prefix query expands to. */
struct legal_art {
	const char *id, *title, *lang, *cases, *parties, *courts, *text;
};

static const struct legal_art legals[] = {
	{ "l1", "LinkedIn sued over AI training", "en", "25-00709",
	  "De La Torre\nLinkedIn Corp",
	  "U.S. District Court for the Northern District of California",
	  "The case is De La Torre v. LinkedIn Corp, Case No. 25-00709, in "
	  "San Jose." },
	{ "l2", "Backdoor found in xz utils", "en", NULL, NULL, NULL,
	  "The backdoor, tracked as CVE-2024-3094, hid in a compression "
	  "library." },
	{ "l3", "Section 230 ruling", "en", "21-01333", "Gonzalez\nGoogle LLC",
	  "U.S. Supreme Court",
	  "The justices read § 230 of the Communications Decency Act "
	  "broadly." },
	{ "l4", "Décision sur la vie privée", "fr", NULL, NULL, NULL,
	  "La cour a jugé l'affaire LinkedIn." },
	{ "l5", "Inventory", "en", NULL, NULL, NULL, NULL /* zzw001 .. zzw150 */ },
};

#define NLEGALS (sizeof legals / sizeof legals[0])
#define NZZW 150

static void put_field(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

static int build_news(void)
{
	char in[PATH_MAX + 32];
	snprintf(in, sizeof in, "%s/dump", root);
	if (mkdir(in, 0700))
		return -1;
	snprintf(in, sizeof in, "%s/dump/news.jsonl", root);
	FILE *f = fopen(in, "w");
	if (!f)
		return -1;
	for (size_t i = 0; i < NARTS; i++) {
		json_t *o = json_object();
		put_field(o, "id", arts[i].id);
		put_field(o, "title", arts[i].title);
		put_field(o, "source", arts[i].source);
		put_field(o, "url", arts[i].url);
		put_field(o, "date", arts[i].date);
		put_field(o, "author", arts[i].author);
		put_field(o, "text", arts[i].text);
		char *s = json_dumps(o, JSON_COMPACT);
		fprintf(f, "%s\n", s);
		free(s);
		json_decref(o);
	}
	fclose(f);
	snprintf(in, sizeof in, "%s/dump", root);
	return fixture_index(in, news_dir, NARTS);
}

static int fill_wire(void *ctx, size_t i, dk_article *a)
{
	(void)ctx;
	char url[64];
	snprintf(url, sizeof url, "https://%s.example.com/%s", wires[i].source,
		 wires[i].id);
	return dk_article_set(&a->id, wires[i].id, strlen(wires[i].id)) ||
	       dk_article_set(&a->title, "Merger news", 11) ||
	       dk_article_set(&a->source, wires[i].source, strlen(wires[i].source)) ||
	       dk_article_set(&a->url, url, strlen(url)) ||
	       dk_article_set(&a->date, "2025-01-20", 10) ||
	       (wires[i].story && dk_article_set(&a->story, wires[i].story,
						 strlen(wires[i].story))) ||
	       dk_article_set(&a->text, wires[i].text, strlen(wires[i].text));
}

static int build_wire(void)
{
	return fixture_shim_index(wire_dir, NWIRES, fill_wire, NULL);
}

/* ctx: "zzw001 zzw002 ... zzw150", the text of the article without one. */
static int fill_legal(void *ctx, size_t i, dk_article *a)
{
	const struct legal_art *l = &legals[i];
	const char *text = l->text ? l->text : ctx;
#define SET(field, v) ((v) && dk_article_set(&a->field, (v), strlen(v)))
	return SET(id, l->id) || SET(title, l->title) || SET(lang, l->lang) ||
	       SET(cases, l->cases) || SET(parties, l->parties) ||
	       SET(courts, l->courts) || SET(text, text) ||
	       SET(date, "2025-01-22");
#undef SET
}

static int build_legal(void)
{
	dk_buf many = DK_BUF_INIT;
	for (int i = 1; i <= NZZW; i++)
		dk_buf_printf(&many, "%szzw%03d", i > 1 ? " " : "", i);
	int rc = many.err ? -1 : fixture_shim_index(legal_dir, NLEGALS, fill_legal,
						    many.data);
	dk_buf_free(&many);
	return rc;
}

/* Articles dated with every precision, for test_imprecise_dates. */
static const struct { const char *id, *date; } dated[] = {
	{ "y2023", "2023" }, { "m2023-01", "2023-01" }, { "m2023-06", "2023-06" },
	{ "d2023-01-15", "2023-01-15" }, { "d2023-12-31", "2023-12-31" },
	{ "y2024", "2024" }, { "m2024-02", "2024-02" },
	{ "untitled", NULL },  /* no title, no date */
};
#define NDATED (sizeof dated / sizeof dated[0])
static char dated_dir[PATH_MAX + 16];
static dk_searcher *dated_s;

/* Articles for test_rerank: "scatter" holds the words of the question
 * more often, but in different paragraphs; "answer" holds them once,
 * together in one paragraph; the others hold none of them. */
static const struct { const char *id, *text; } coast[] = {
	{ "scatter",
	  "The lighthouse stood on the cliff above the bay.\n"
	  "Every lighthouse keeper kept a log of the ships.\n"
	  "The lighthouse lamp burned oil through the night.\n"
	  "A salary was paid by the harbour board each spring.\n"
	  "The lighthouse was painted white in summer.\n"
	  "Visitors climb the lighthouse stairs today." },
	{ "answer",
	  "Records show the lighthouse keeper salary was twelve pounds.\n"
	  "The village held a market on Tuesdays.\n"
	  "Fishing boats left the harbour before dawn.\n"
	  "The church bell rang on Sundays at noon.\n"
	  "Children walked to the school along the shore." },
	{ "c3", "The ferry crossed the strait twice a day." },
	{ "c4", "Storms closed the coastal road in winter." },
	{ "c5", "The mill ground wheat for the whole valley." },
	{ "c6", "Gulls followed the trawlers into port." },
};
#define NCOAST (sizeof coast / sizeof coast[0])
static char coast_dir[PATH_MAX + 16];
static dk_searcher *coast_s;

static int fill_coast(void *ctx, size_t i, dk_article *a)
{
	(void)ctx;
	return dk_article_set(&a->id, coast[i].id, strlen(coast[i].id)) ||
	       dk_article_set(&a->title, "Coast notes", 11) ||
	       dk_article_set(&a->date, "2025-01-22", 10) ||
	       dk_article_set(&a->text, coast[i].text, strlen(coast[i].text));
}

static int fill_dated(void *ctx, size_t i, dk_article *a)
{
	(void)ctx;
	if (!dated[i].date)
		return dk_article_set(&a->id, dated[i].id, strlen(dated[i].id)) ||
		       dk_article_set(&a->text, "Undated notes on a harbor. More.", 32);
	return dk_article_set(&a->id, dated[i].id, strlen(dated[i].id)) ||
	       dk_article_set(&a->title, "Dated report", 12) ||
	       dk_article_set(&a->date, dated[i].date, strlen(dated[i].date)) ||
	       dk_article_set(&a->text, "A dated report.", 15);
}

static int group_setup(void **state)
{
	(void)state;
	if (fixture_mkdtemp(root, "docket-test-search"))
		return -1;
	snprintf(news_dir, sizeof news_dir, "%s/news", root);
	snprintf(wire_dir, sizeof wire_dir, "%s/wire", root);
	snprintf(legal_dir, sizeof legal_dir, "%s/legal", root);
	snprintf(dated_dir, sizeof dated_dir, "%s/dated", root);
	snprintf(coast_dir, sizeof coast_dir, "%s/coast", root);
	if (build_news() || build_wire() || build_legal() ||
	    fixture_shim_index(dated_dir, NDATED, fill_dated, NULL) ||
	    dk_searcher_open(dated_dir, &dated_s, NULL) ||
	    fixture_shim_index(coast_dir, NCOAST, fill_coast, NULL) ||
	    dk_searcher_open(coast_dir, &coast_s, NULL))
		return -1;
	if (dk_searcher_open(news_dir, &news, NULL) ||
	    dk_searcher_open(wire_dir, &wire, NULL) ||
	    dk_searcher_open(legal_dir, &legal, NULL))
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	dk_searcher_close(news);
	dk_searcher_close(wire);
	dk_searcher_close(legal);
	dk_searcher_close(dated_s);
	dk_searcher_close(coast_s);
	return fixture_remove_tree(root);
}

/* ---- helpers --------------------------------------------------------- */

static dk_result_page *run(dk_searcher *s, const char *q, int fold,
			   uint32_t offset, uint32_t limit, int sort_date)
{
	dk_search_request req;
	dk_result_page *p = NULL;
	dk_search_request_init(&req);
	req.query = q;
	req.query_len = strlen(q);
	req.fold = fold;
	req.offset = offset;
	req.limit = limit;
	req.sort_date = sort_date;
	dk_status st = dk_search(s, &req, &p);
	if (st)
		fail_msg("%s: %s (%s)", q, dk_status_str(st), dk_searcher_error(s));
	assert_non_null(p);
	return p;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The ids of the page, space separated, in page order or sorted. */
static char *ids(const dk_result_page *p, int sorted)
{
	const char **v = calloc(p->nhits + 1, sizeof *v);
	dk_buf b = DK_BUF_INIT;
	assert_non_null(v);
	for (size_t i = 0; i < p->nhits; i++)
		v[i] = p->hits[i].art.id;
	if (sorted)
		qsort(v, p->nhits, sizeof *v, cmp_str);
	dk_buf_puts(&b, "");
	for (size_t i = 0; i < p->nhits; i++)
		dk_buf_printf(&b, "%s%s", i ? " " : "", v[i]);
	free(v);
	return dk_buf_detach(&b, NULL);
}

/* ---- the table: result sets ------------------------------------------ */

struct row {
	const char *q;
	const char *want;  /* sorted ids, space separated ("" for none) */
	int ordered;       /* want is the exact ranking, not a set */
	int on_legal;      /* run on the "legal" index, not "news" */
};

static const struct row rows[] = {
	/* Free words: any of them; stems match inflections. */
	{ "walrus", "a8", 0, 0 },
	{ "pelicans", "a10 a9", 0, 0 },
	{ "suing", "a1", 0, 0 },
	{ "zebra walrus", "a5 a8", 0, 0 },
	/* More and rarer matching words rank first. */
	{ "linkedin private messages", "a1 a6", 1, 0 },
	{ "walrus pelican", "a8 a10 a9", 1, 0 },
	/* Phrases: in order and adjacent; hyphens read as phrases. */
	{ "\"class action\"", "a1", 0, 0 },
	{ "class-action", "a1", 0, 0 },
	{ "class action", "a1 a3 a7", 0, 0 },
	{ "\"action class\"", "a7", 0, 0 },
	{ "\"stored communications act\"", "a1", 0, 0 },
	{ "\"court was\"", "a5", 0, 0 },
	/* Identifiers. */
	{ "5:25-cv-00709", "a1", 0, 0 },
	/* Excluded, required, boolean structure. */
	{ "court -apple", "a1 a3 a4 a5 a7", 0, 0 },
	{ "court NOT apple", "a1 a3 a4 a5 a7", 0, 0 },
	{ "+apple lawsuit", "a2 a6", 0, 0 },
	{ "apple AND lawsuit", "a2", 0, 0 },
	{ "zebra OR walrus", "a5 a8", 0, 0 },
	{ "(zebra OR walrus) harbor", "a10 a5 a8 a9", 0, 0 },
	{ "(zebra OR walrus) AND harbor", "a8", 0, 0 },
	{ "linkedin NEAR/3 sued", "a1", 0, 0 },
	{ "apple NEAR/2 linkedin", "a6", 0, 0 },
	{ "apple NEAR/1 linkedin", "", 0, 0 },
	{ "-court", "a10 a8 a9", 0, 0 },
	/* Fields. */
	{ "title:privacy", "a2 a6", 0, 0 },
	{ "title:linkedin", "a1", 0, 0 },
	{ "author:roth", "a2", 0, 0 },
	{ "author:\"jane doe\"", "a1", 0, 0 },
	{ "source:reuters", "a1", 0, 0 },
	{ "source:\"harbor news\"", "a10 a8 a9", 0, 0 },
	{ "site:theverge.com", "a2", 0, 0 },
	{ "site:www.Reuters.com", "a1", 0, 0 },
	{ "site:example.org", "a10 a8 a9", 0, 0 },
	{ "lawsuit site:theverge.com", "a2", 0, 0 },
	/* Dates. */
	{ "date:2025-01", "a1 a2 a6", 0, 0 },
	{ "date:2025-01-21..2025-01-31", "a1 a6", 0, 0 },
	{ "date:<2024", "a5", 0, 0 },
	{ "court date:>2024-12-31", "a1 a2 a6", 0, 0 },
	{ "date:2024-03-02", "a9", 0, 0 },
	/* Prefixes. */
	{ "pelic*", "a10 a9", 0, 0 },
	{ "harb*", "a10 a8 a9", 0, 0 },
	/* doc/query-language.md, row by row, beyond the cases above. */
	/* word word: inflections, rarer and more words first. */
	{ "lawsuits", "a1 a2", 0, 0 },
	{ "sued linkedin", "a1 a6", 1, 0 },
	/* "exact phrase" and hyphenated forms. */
	{ "\"private messages\"", "a1", 0, 0 },
	{ "\"messages private\"", "", 0, 0 },
	{ "\"class-action\"", "a1", 0, 0 },
	{ "\"Stored Communications Act\" lawsuit", "a1 a2", 1, 0 },
	/* + - AND OR NOT ( ) together. */
	{ "+court -crypto -\"class action\"", "a2 a3 a5 a6 a7", 0, 0 },
	{ "+court +privacy", "a2 a6", 0, 0 },
	{ "(apple OR google) AND court", "a2 a3 a6", 0, 0 },
	{ "(apple OR google) NOT privacy", "a3", 0, 0 },
	{ "court AND NOT (apple OR linkedin)", "a3 a4 a5 a7", 0, 0 },
	{ "zebra OR (harbor AND walrus)", "a5 a8", 0, 0 },
	{ "-\"class action\" court", "a2 a3 a4 a5 a6 a7", 0, 0 },
	/* NEAR/n, with phrases and in both orders. */
	{ "sued NEAR/3 linkedin", "a1", 0, 0 },
	{ "\"class action\" NEAR/5 lawsuit", "a1", 0, 0 },
	{ "pelican NEAR/1 count", "a10", 0, 0 },
	{ "pelican NEAR/1 colony", "a10", 0, 0 },
	{ "harbor NEAR/1 pelican", "a10", 0, 0 },
	/* field:word and field:"a phrase", every field. */
	{ "title:\"private messages\"", "a1", 0, 0 },
	{ "title:\"messages private\"", "", 0, 0 },
	{ "title:(siri OR zebra)", "a2 a5", 0, 0 },
	{ "title:report -walrus", "a9", 0, 0 },
	{ "source:verge", "a2", 0, 0 },
	{ "source:\"the verge\"", "a2", 0, 0 },
	{ "author:\"emma roth\"", "a2", 0, 0 },
	{ "author:doe OR author:hay", "a1 a6", 0, 0 },
	{ "site:apnews.com", "a5", 0, 0 },
	{ "site:\"theverge.com\"", "a2", 0, 0 },
	{ "court site:wired.com", "a6", 0, 0 },
	{ "party:linkedin", "l1", 0, 1 },
	{ "party:\"de la torre\"", "l1", 0, 1 },
	{ "party:google", "l3", 0, 1 },
	{ "court:california", "l1", 0, 1 },
	{ "court:\"supreme court\"", "l3", 0, 1 },
	{ "case:25-00709", "l1", 0, 1 },
	{ "case:5:25-cv-00709", "l1", 0, 1 },
	{ "case:3:25-cv-709", "l1", 0, 1 },
	{ "case:\"25-00709\"", "l1", 0, 1 },
	{ "case:99-99999", "", 0, 1 },
	{ "lang:fr", "l4", 0, 1 },
	{ "lang:\"FR\"", "l4", 0, 1 },
	{ "lang:en", "l1 l2 l3 l5", 0, 1 },
	{ "linkedin lang:fr", "l4", 0, 1 },
	{ "linkedin -lang:fr", "l1", 0, 1 },
	/* Dates. */
	{ "date:2025", "a1 a2 a6", 0, 0 },
	{ "date:>2025-01-22", "a6", 0, 0 },
	{ "date:>=2025-01-22", "a1 a6", 0, 0 },
	{ "date:2024-03-01..2024-03-02", "a8 a9", 0, 0 },
	{ "date:..2023-12-31", "a5", 0, 0 },
	{ "date:2024-12..", "a1 a2 a6 a7", 0, 0 },
	{ "harbor date:2024-03-03", "a10", 0, 0 },
	/* Prefixes (the cut expansion is test_prefix_cut). */
	{ "sett*", "a2", 0, 0 },
	{ "title:priv*", "a1 a2 a6", 0, 0 },
	{ "-pelic* harbor", "a8", 0, 0 },
	/* Identifiers, as words and as phrases. */
	{ "25-00709", "l1", 0, 1 },
	{ "\"25-00709\"", "l1", 0, 1 },
	{ "3:25-cv-00709", "", 0, 1 },
	{ "CVE-2024-3094", "l2", 0, 1 },
	{ "cve-2024-3094 backdoor", "l2", 0, 1 },
	{ "§ 230", "l3", 0, 1 },
	{ "§230", "l3", 0, 1 },
	{ "\"§ 230\"", "l3", 0, 1 },
	{ "section 230", "l3", 0, 1 },
	/* Lenient reading: never an error. */
	{ "\"class action", "a1", 0, 0 },
	{ "(zebra OR walrus", "a5 a8", 0, 0 },
	{ "walrus)", "a8", 0, 0 },
	{ "AND walrus OR", "a8", 0, 0 },
	{ "walrus NEAR", "a8", 0, 0 },
	{ "title:", "", 0, 0 },
	{ "foo:walrus", "", 0, 0 },
	{ "+ - ( ) \" : *", "", 0, 0 },
	/* Nothing. */
	{ "nonexistentword", "", 0, 0 },
	{ "\"court linkedin\"", "", 0, 0 },
	{ "", "", 0, 0 },
	{ "!!! ::", "", 0, 0 },
};

#define NROWS (sizeof rows / sizeof rows[0])

static void test_row(void **state)
{
	const struct row *r = *state;
	dk_result_page *p = run(r->on_legal ? legal : news, r->q, 0, 0, 100, 0);
	char *got = ids(p, !r->ordered);
	if (strcmp(got, r->want))
		fail_msg("%s: got [%s], want [%s]", r->q, got, r->want);
	/* With every match on the page the count is exact. */
	assert_int_equal(p->total, p->nhits);
	assert_string_equal(p->query, r->q);
	for (size_t i = 1; i < p->nhits && r->ordered; i++)
		assert_true(p->hits[i].score <= p->hits[i - 1].score);
	free(got);
	dk_result_page_free(p);
}

/* ---- beyond the table ------------------------------------------------ */

/* Offset and limit page through the same ranking. */
static void test_paging(void **state)
{
	(void)state;
	dk_result_page *all = run(news, "court harbor", 1, 0, 100, 0);
	char *want = ids(all, 0);
	if (all->nhits != NARTS)
		fail_msg("court harbor: [%s]", want);
	dk_buf b = DK_BUF_INIT;
	dk_buf_puts(&b, "");
	for (uint32_t off = 0; off < NARTS + 3; off += 3) {
		dk_result_page *p = run(news, "court harbor", 1, off, 3, 0);
		assert_int_equal(p->offset, off);
		/* total is Xapian's estimate (check_at_least is offset + limit),
		 * so a short page may under-count: it is at least what was
		 * seen and at most the matches. */
		if ((p->nhits && p->total < off + p->nhits) || p->total > NARTS)
			fail_msg("offset %u: total %llu, %zu hits", off, (unsigned long long)p->total, p->nhits);
		assert_int_equal(p->nhits, off >= NARTS ? 0 : NARTS - off < 3 ? NARTS - off : 3);
		for (size_t i = 0; i < p->nhits; i++) {
			dk_buf_printf(&b, "%s%s", b.len ? " " : "", p->hits[i].art.id);
			assert_true(p->hits[i].score == all->hits[off + i].score);
		}
		dk_result_page_free(p);
	}
	assert_string_equal(b.data, want);
	dk_buf_free(&b);
	free(want);
	dk_result_page_free(all);
	/* limit 0: a count, no hits. */
	dk_result_page *p = run(news, "court", 1, 0, 0, 0);
	assert_int_equal(p->nhits, 0);
	dk_result_page_free(p);
}

/* --sort date: newest first, whatever the relevance. */
static void test_sort_date(void **state)
{
	(void)state;
	dk_result_page *p = run(news, "court pelican walrus", 1, 0, 100, 1);
	assert_int_equal(p->nhits, NARTS);
	for (size_t i = 1; i < p->nhits; i++)
		if (strcmp(p->hits[i - 1].art.date, p->hits[i].art.date) < 0)
			fail_msg("%s (%s) before %s (%s)", p->hits[i - 1].art.id,
				 p->hits[i - 1].art.date, p->hits[i].art.id,
				 p->hits[i].art.date);
	assert_string_equal(p->hits[0].art.id, "a6");
	dk_result_page_free(p);
	/* Relevance order differs: the check above is not vacuous. */
	p = run(news, "court pelican walrus", 1, 0, 100, 0);
	assert_string_not_equal(p->hits[0].art.id, "a6");
	dk_result_page_free(p);
}

/* The stored article comes back whole. */
static void test_stored_fields(void **state)
{
	(void)state;
	dk_result_page *p = run(news, "walrus", 1, 0, 10, 0);
	assert_int_equal(p->nhits, 1);
	const dk_article *a = &p->hits[0].art;
	assert_string_equal(a->id, "a8");
	assert_string_equal(a->title, "Harbor report");
	assert_string_equal(a->source, "Harbor News");
	assert_string_equal(a->url, "https://harbor.example.org/1");
	assert_string_equal(a->date, "2024-03-01");
	assert_string_equal(a->text, "The harbor saw a walrus today.");
	assert_true(p->hits[0].score > 0);
	assert_int_equal(p->hits[0].npassages, 1);
	assert_int_equal(p->hits[0].also_total, 0);
	dk_result_page_free(p);
}

/* Passages: the best paragraph, highlights on the matched words only
 * (not on the stopwords dropped from the query). */
static void test_passages(void **state)
{
	(void)state;
	static const struct { const char *q, *id, *hl; } cases[] = {
		{ "lawsuit", "a1", "lawsuit" },
		{ "the stored communications act", "a1", "Stored Communications Act" },
		{ "\"class action\" -apple", "a1", "class action" },
		{ "the privacy of apps", "a6", "privacy|apps" },
		{ "title:privacy", "a6", "privacy" },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		dk_result_page *p = run(news, cases[c].q, 1, 0, 10, 0);
		size_t i = 0;
		while (i < p->nhits && strcmp(p->hits[i].art.id, cases[c].id))
			i++;
		assert_true(i < p->nhits);
		const dk_hit *h = &p->hits[i];
		assert_int_equal(h->npassages, 1);
		const dk_passage *ps = &h->passages[0];
		dk_buf b = DK_BUF_INIT;
		dk_buf_puts(&b, "");
		for (size_t k = 0; k < ps->nhl; k++) {
			if (k)
				dk_buf_putc(&b, '|');
			dk_buf_append(&b, h->art.text + ps->start + ps->hl[k].start,
				      ps->hl[k].end - ps->hl[k].start);
		}
		if (strcmp(b.data, cases[c].hl))
			fail_msg("%s: highlights [%s], want [%s]", cases[c].q, b.data,
				 cases[c].hl);
		dk_buf_free(&b);
		dk_result_page_free(p);
	}
}

/* Copies of one story fold into one result listing the others. */
static void test_fold(void **state)
{
	(void)state;
	dk_result_page *p = run(wire, "merger", 1, 0, 10, 0);
	assert_int_equal(p->nhits, 3);
	assert_int_equal(p->total, 3);
	int seen_story = 0;
	for (size_t i = 0; i < p->nhits; i++) {
		const dk_hit *h = &p->hits[i];
		if (h->art.story && !strcmp(h->art.story, "story1")) {
			seen_story = 1;
			assert_int_equal(h->also_total, 3);
			assert_int_equal(h->nalso, 3);
			/* The hit and its copies are the four copies. */
			const char *v[4] = { h->art.id, h->also[0].id, h->also[1].id,
					     h->also[2].id };
			qsort(v, 4, sizeof *v, cmp_str);
			assert_string_equal(v[0], "w1");
			assert_string_equal(v[1], "w2");
			assert_string_equal(v[2], "w3");
			assert_string_equal(v[3], "w4");
			for (size_t k = 0; k < h->nalso; k++) {
				assert_non_null(h->also[k].source);
				assert_non_null(h->also[k].url);
				assert_non_null(strstr(h->also[k].url, h->also[k].id));
			}
		} else {
			assert_int_equal(h->also_total, 0);
			assert_int_equal(h->nalso, 0);
		}
	}
	assert_true(seen_story);
	dk_result_page_free(p);

	/* --no-fold shows every copy. */
	p = run(wire, "merger", 0, 0, 10, 0);
	assert_int_equal(p->nhits, NWIRES);
	assert_int_equal(p->total, NWIRES);
	for (size_t i = 0; i < p->nhits; i++) {
		assert_int_equal(p->hits[i].also_total, 0);
		assert_int_equal(p->hits[i].nalso, 0);
	}
	char *got = ids(p, 1);
	assert_string_equal(got, "w1 w2 w3 w4 w5 w6");
	free(got);
	dk_result_page_free(p);

	/* Only the copies that match the query are listed. */
	p = run(wire, "merger AND exclusive", 1, 0, 10, 0);
	assert_int_equal(p->nhits, 1);
	assert_int_equal(p->hits[0].also_total, 1);
	assert_int_equal(p->hits[0].nalso, 1);
	const char *pair[2] = { p->hits[0].art.id, p->hits[0].also[0].id };
	qsort(pair, 2, sizeof *pair, cmp_str);
	assert_string_equal(pair[0], "w1");
	assert_string_equal(pair[1], "w2");
	dk_result_page_free(p);
}

/* The JSON document parses back and has the keys of doc/output.md; each passage is the
 * stored text between its offsets. */
static void check_json(const dk_result_page *p)
{
	char *s = NULL;
	json_error_t je;
	assert_int_equal(dk_output_json_string(p, &s), DK_OK);
	json_t *o = json_loads(s, 0, &je);
	if (!o)
		fail_msg("JSON does not parse: %s: %s", je.text, s);
	assert_true(json_is_object(o));
	assert_string_equal(json_string_value(json_object_get(o, "query")), p->query);
	assert_true(json_is_integer(json_object_get(o, "total")));
	assert_int_equal(json_integer_value(json_object_get(o, "total")), p->total);
	assert_int_equal(json_integer_value(json_object_get(o, "offset")), p->offset);
	assert_true(json_is_null(json_object_get(o, "suggestion")));
	json_t *rs = json_object_get(o, "results");
	assert_true(json_is_array(rs));
	assert_int_equal(json_array_size(rs), p->nhits);
	for (size_t i = 0; i < p->nhits; i++) {
		const dk_hit *h = &p->hits[i];
		json_t *r = json_array_get(rs, i);
		static const char *const keys[] = { "id", "title", "url", "source",
						    "date", "score", "passages", "also" };
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (!json_object_get(r, keys[k]))
				fail_msg("result %zu has no \"%s\": %s", i, keys[k], s);
		assert_string_equal(json_string_value(json_object_get(r, "id")), h->art.id);
		json_t *date = json_object_get(r, "date");
		if (h->art.date)
			assert_string_equal(json_string_value(date), h->art.date);
		else
			assert_true(json_is_null(date));
		assert_true(json_is_number(json_object_get(r, "score")));
		assert_true(json_number_value(json_object_get(r, "score")) > 0);
		json_t *ps = json_object_get(r, "passages");
		assert_true(json_is_array(ps));
		assert_int_equal(json_array_size(ps), h->npassages);
		for (size_t k = 0; k < json_array_size(ps); k++) {
			json_t *pj = json_array_get(ps, k);
			json_t *text = json_object_get(pj, "text");
			json_t *start = json_object_get(pj, "start");
			json_t *end = json_object_get(pj, "end");
			json_t *hl = json_object_get(pj, "highlights");
			assert_true(json_is_string(text) && json_is_integer(start) &&
				    json_is_integer(end) && json_is_array(hl));
			size_t st = (size_t)json_integer_value(start);
			size_t en = (size_t)json_integer_value(end);
			size_t tl = json_string_length(text);
			assert_true(st < en && en <= h->art.text_len);
			assert_int_equal(en - st, tl);
			assert_memory_equal(json_string_value(text), h->art.text + st, tl);
			for (size_t j = 0; j < json_array_size(hl); j++) {
				json_t *pair = json_array_get(hl, j);
				assert_true(json_is_array(pair));
				assert_int_equal(json_array_size(pair), 2);
				json_int_t a = json_integer_value(json_array_get(pair, 0));
				json_int_t b = json_integer_value(json_array_get(pair, 1));
				assert_true(a >= 0 && a < b && (size_t)b <= tl);
			}
		}
		json_t *al = json_object_get(r, "also");
		assert_true(json_is_array(al));
		assert_int_equal(json_array_size(al), h->nalso);
		for (size_t k = 0; k < json_array_size(al); k++) {
			json_t *a = json_array_get(al, k);
			assert_string_equal(json_string_value(json_object_get(a, "id")),
					    h->also[k].id);
			assert_true(json_object_get(a, "source") != NULL);
			assert_true(json_object_get(a, "url") != NULL);
		}
	}
	json_decref(o);
	free(s);
}

static void test_json(void **state)
{
	(void)state;
	dk_result_page *p = run(news, "lawsuit \"quoted\" \\ é", 1, 0, 10, 0);
	check_json(p);
	dk_result_page_free(p);
	p = run(news, "lawsuit", 1, 0, 10, 0);
	assert_int_equal(p->nhits, 2);
	check_json(p);
	/* The highlight of a1's passage is the word "lawsuit". */
	char *s = NULL;
	assert_int_equal(dk_output_json_string(p, &s), DK_OK);
	json_t *o = json_loads(s, 0, NULL);
	json_t *r = json_array_get(json_object_get(o, "results"), 0);
	json_t *pj = json_array_get(json_object_get(r, "passages"), 0);
	json_t *h0 = json_array_get(json_object_get(pj, "highlights"), 0);
	const char *text = json_string_value(json_object_get(pj, "text"));
	json_int_t a = json_integer_value(json_array_get(h0, 0));
	json_int_t b = json_integer_value(json_array_get(h0, 1));
	assert_int_equal(b - a, 7);
	assert_true(!strncasecmp(text + a, "lawsuit", 7));
	/* A small index is counted exactly. */
	assert_true(json_is_true(json_object_get(o, "total_exact")));
	json_decref(o);
	free(s);
	dk_result_page_free(p);
	/* No results, an offset, folded copies. */
	p = run(news, "nonexistentword", 1, 0, 10, 0);
	check_json(p);
	dk_result_page_free(p);
	p = run(news, "court", 1, 2, 3, 0);
	check_json(p);
	dk_result_page_free(p);
	p = run(wire, "merger", 1, 0, 10, 0);
	check_json(p);
	dk_result_page_free(p);
}

static void test_trec(void **state)
{
	(void)state;
	dk_result_page *p = run(news, "court", 1, 2, 4, 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(dk_output_trec(f, p, "q7", "myrun"), DK_OK);
	fclose(f);
	size_t lines = 0;
	char *save = NULL;
	for (char *line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), lines++) {
		char qid[16], q0[8], docid[32], tag[16];
		unsigned rank;
		double score;
		int n = sscanf(line, "%15s %7s %31s %u %lf %15s", qid, q0, docid,
			       &rank, &score, tag);
		assert_int_equal(n, 6);
		assert_string_equal(qid, "q7");
		assert_string_equal(q0, "Q0");
		assert_string_equal(docid, p->hits[lines].art.id);
		assert_int_equal(rank, 2 + lines + 1);
		assert_true(score > 0);
		assert_string_equal(tag, "myrun");
	}
	assert_int_equal(lines, p->nhits);
	assert_int_equal(lines, 4);
	free(buf);
	dk_result_page_free(p);
}

static void test_text_output(void **state)
{
	(void)state;
	dk_result_page *p = run(news, "walrus", 1, 0, 10, 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(dk_output_text(f, p, DK_MARK_PLAIN), DK_OK);
	fclose(f);
	assert_non_null(strstr(buf, "Harbor report"));
	assert_non_null(strstr(buf, "a **walrus** today"));
	assert_non_null(strstr(buf, "1 result; showing 1-1"));
	assert_null(strstr(buf, "about"));
	free(buf);
	/* An estimate says so. */
	p->total_exact = 0;
	f = open_memstream(&buf, &len);
	assert_int_equal(dk_output_text(f, p, DK_MARK_PLAIN), DK_OK);
	fclose(f);
	assert_non_null(strstr(buf, "about 1 result; showing 1-1"));
	free(buf);
	dk_result_page_free(p);
	p = run(news, "nonexistentword", 1, 0, 10, 0);
	f = open_memstream(&buf, &len);
	assert_int_equal(dk_output_text(f, p, DK_MARK_PLAIN), DK_OK);
	fclose(f);
	assert_non_null(strstr(buf, "No results"));
	free(buf);
	dk_result_page_free(p);
}

/* Plain mode reads operators and fields as words. */
static void test_plain(void **state)
{
	(void)state;
	dk_search_request req;
	dk_result_page *p = NULL;
	dk_search_request_init(&req);
	req.query = "walrus -pelican title:zebra";
	req.query_len = strlen(req.query);
	req.plain = 1;
	req.fold = 0;
	assert_int_equal(dk_search(news, &req, &p), DK_OK);
	char *got = ids(p, 1);
	assert_string_equal(got, "a10 a8 a9");
	free(got);
	dk_result_page_free(p);
	/* Explain fills the description of the query. */
	req.plain = 0;
	req.explain = 1;
	req.query = "walrus";
	req.query_len = 6;
	assert_int_equal(dk_search(news, &req, &p), DK_OK);
	assert_non_null(p->explain);
	assert_non_null(strstr(p->explain, "walrus"));
	dk_result_page_free(p);
}

/* Text output of one page, for the tests below; caller frees. */
static char *as_text(const dk_result_page *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(dk_output_text(f, p, DK_MARK_PLAIN), DK_OK);
	fclose(f);
	return buf;
}

static dk_result_page *run_req(dk_searcher *s, dk_search_request *req,
			       const char *q)
{
	dk_result_page *p = NULL;
	req->query = q;
	req->query_len = strlen(q);
	dk_status st = dk_search(s, req, &p);
	if (st)
		fail_msg("%s: %s (%s)", q, dk_status_str(st), dk_searcher_error(s));
	return p;
}

/* A prefix with more words than DK_PREFIX_MAX is cut, and says so. */
static void test_prefix_cut(void **state)
{
	(void)state;
	dk_search_request req;
	dk_search_request_init(&req);
	req.explain = 1;
	dk_result_page *p = run_req(legal, &req, "zzw*");
	assert_int_equal(p->nhits, 1);
	assert_string_equal(p->hits[0].art.id, "l5");
	assert_non_null(p->warning);
	assert_non_null(strstr(p->warning, "zzw* matches more than 100 words"));
	assert_non_null(strstr(p->explain, "more than 100 terms"));
	char *t = as_text(p);
	assert_non_null(strstr(t, "note: zzw* matches more than 100 words"));
	free(t);
	dk_result_page_free(p);
	/* Under the cap: no note. */
	p = run_req(news, &req, "pelic*");
	assert_null(p->warning);
	assert_non_null(strstr(p->explain, "prefix \"pelic\" -> pelic*: pelican (1 term)"));
	dk_result_page_free(p);
}

/* --explain is an outline a person can read. */
static void test_explain(void **state)
{
	(void)state;
	dk_search_request req;
	dk_search_request_init(&req);
	req.explain = 1;
	dk_result_page *p = run_req(news, &req,
		"lawsuits +\"class action\" -apple title:privacy site:reuters.com "
		"date:2025 harb* the");
	const char *want[] = {
		"read as:\n",
		"  ranked words (any may match; more and rarer rank higher):\n"
		"    word \"lawsuits\" -> lawsuit (2 articles)\n",
		"    prefix \"harb\" -> harb*: harbor (1 term)\n",
		"    word \"the\" -> the (",
		"[stopword: searched only when the query has nothing else]",
		"  required (every one must match):\n"
		"    phrase \"class action\" -> class action (adjacent, in this order)\n"
		"    title word \"privacy\" -> privaci (2 articles)\n",
		"  excluded:\n    word \"apple\" -> appl (2 articles)\n",
		"  restricted to:\n    site \"reuters.com\"\n"
		"    published 2025-01-01 .. 2025-12-31\n",
		"ranking: BM25 (k1 1.6, b 0.4), title matches +0.2\n",
		"parsed: (BAG ",
		"index query: Query(",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(p->explain, want[i]))
			fail_msg("explain lacks [%s]:\n%s", want[i], p->explain);
	char *t = as_text(p);
	assert_non_null(strstr(t, "read as:"));
	free(t);
	dk_result_page_free(p);
	/* Operators, NEAR, identifiers, feedback. */
	req.feedback = 1;
	p = run_req(news, &req, "(walrus OR pelican) AND harbor NEAR/3 pelican");
	assert_non_null(strstr(p->explain, "all of:\n    any of:\n"));
	assert_non_null(strstr(p->explain, "within 3 words of each other:"));
	assert_non_null(strstr(p->explain, "; feedback from the "));
	dk_result_page_free(p);
	p = run_req(legal, &req, "case:3:25-cv-00709 CVE-2024-3094");
	assert_non_null(strstr(p->explain, "case number \"3:25-cv-00709\" -> 25-00709 (1 article)"));
	assert_non_null(strstr(p->explain, "word \"CVE-2024-3094\" -> cve-2024-3094 (1 article)"));
	dk_result_page_free(p);
	p = run_req(news, &req, "!!!");
	assert_string_equal(p->explain, "read as: nothing searchable");
	dk_result_page_free(p);
}

/* "Did you mean": words of the index, in the user's spelling. */
static void test_suggestion(void **state)
{
	(void)state;
	static const struct { const char *q, *want; } cases[] = {
		{ "cuort", "court" },
		{ "Cuort", "Court" },
		{ "COURT harbr", "COURT harbor" },
		{ "HARBR", "HARBOR" },
		{ "cuort AND harbor", "court AND harbor" },
		{ "title:cuort -zebra", "title:court -zebra" },
		{ "\"federal cuort\"", "\"federal court\"" },
		{ "court", NULL },
		{ "-cuort walrus", NULL },         /* excluded words are left alone */
		{ "cuort*", NULL },                /* prefixes too */
		{ "xqzvw", NULL },                 /* nothing close */
		{ "lawsiut", NULL },               /* "lawsuit": in two articles */
	};
	dk_search_request req;
	dk_search_request_init(&req);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		dk_result_page *p = run_req(news, &req, cases[i].q);
		if (cases[i].want) {
			if (!p->suggestion || strcmp(p->suggestion, cases[i].want))
				fail_msg("%s: suggestion [%s], want [%s]", cases[i].q,
					 p->suggestion ? p->suggestion : "(null)",
					 cases[i].want);
		} else if (p->suggestion) {
			fail_msg("%s: unexpected suggestion [%s]", cases[i].q,
				 p->suggestion);
		}
		dk_result_page_free(p);
	}
	/* Shown in text and JSON; off on request. */
	dk_result_page *p = run_req(news, &req, "cuort");
	char *t = as_text(p), *j = NULL;
	assert_non_null(strstr(t, "Did you mean: court\n"));
	assert_int_equal(dk_output_json_string(p, &j), DK_OK);
	assert_non_null(strstr(j, "\"suggestion\":\"court\""));
	free(t);
	free(j);
	dk_result_page_free(p);
	req.suggest = 0;
	p = run_req(news, &req, "cuort");
	assert_null(p->suggestion);
	dk_result_page_free(p);
	/* The distance itself. */
	assert_int_equal(dk_spelling_distance("court", 5, "cuort", 5, 2), 1);
	assert_int_equal(dk_spelling_distance("court", 5, "curt", 4, 2), 1);
	assert_int_equal(dk_spelling_distance("court", 5, "courts", 6, 2), 1);
	assert_int_equal(dk_spelling_distance("court", 5, "cart", 4, 2), 2);
	assert_int_equal(dk_spelling_distance("court", 5, "xyz", 3, 2), 3);
	assert_int_equal(dk_spelling_distance("", 0, "ab", 2, 2), 2);
}

/* Feedback and the title boost reorder; they never add or drop a result. */
static void test_ranking(void **state)
{
	(void)state;
	static const char *const qs[] = {
		"court", "privacy lawsuit", "harbor pelican", "apple -siri",
		"\"class action\"", "title:report",
	};
	dk_search_request req;
	dk_rank_params plain;
	dk_rank_params_init(&plain);
	plain.title_weight = 0;
	dk_search_request_init(&req);
	req.limit = 100;
	req.fold = 0;
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		req.feedback = -1;
		req.rank = &plain;
		dk_result_page *a = run_req(news, &req, qs[i]);
		req.feedback = 1;
		req.rank = NULL;
		dk_result_page *b = run_req(news, &req, qs[i]);
		char *x = ids(a, 1), *y = ids(b, 1);
		if (strcmp(x, y))
			fail_msg("%s: [%s] without, [%s] with feedback", qs[i], x, y);
		assert_int_equal(a->total, b->total);
		free(x);
		free(y);
		dk_result_page_free(a);
		dk_result_page_free(b);
	}
	/* A title match outranks the same word in the body only. */
	req.feedback = 0;
	req.rank = NULL;
	dk_result_page *p = run_req(news, &req, "linkedin");
	assert_string_equal(p->hits[0].art.id, "a1");
	dk_result_page_free(p);
	/* Parameters for experiments. */
	dk_rank_params rp;
	dk_rank_params_init(&rp);
	assert_int_equal(dk_rank_params_parse("k1=0.9,b=0.4,title=0,fbdocs=5,"
					      "fbterms=30,fbweight=0.5", &rp), DK_OK);
	assert_true(rp.k1 == 0.9 && rp.b == 0.4 && rp.title_weight == 0);
	assert_true(rp.fb_docs == 5 && rp.fb_terms == 30 && rp.fb_weight == 0.5);
	assert_int_equal(dk_rank_params_parse("", &rp), DK_OK);
	assert_int_equal(dk_rank_params_parse("k1", &rp), DK_ERR_INVALID);
	assert_int_equal(dk_rank_params_parse("k1=x", &rp), DK_ERR_INVALID);
	assert_int_equal(dk_rank_params_parse("b=2", &rp), DK_ERR_INVALID);
	assert_int_equal(dk_rank_params_parse("k1=-1", &rp), DK_ERR_INVALID);
	assert_int_equal(dk_rank_params_parse("fbdocs=1000", &rp), DK_ERR_INVALID);
	assert_int_equal(dk_rank_params_parse("nope=1", &rp), DK_ERR_INVALID);
}

/* The first results reordered by their best passage (passage.h, rerank
 * and depth): the article holding the question's words in one paragraph
 * rises over the one holding them more often but apart, on every page
 * within the depth and with a page of one; without passages (a TREC run)
 * or with rerank=0 the index's order stands. */
static void test_rerank(void **state)
{
	(void)state;
	const char *q = "lighthouse keeper salary";
	assert_true(dk_passage_defaults.rerank > 0 &&
		    dk_passage_defaults.depth >= 2);
	setenv("DOCKET_PASSAGE_PARAMS", "rerank=0", 1);
	dk_result_page *p = run(coast_s, q, 0, 0, 10, 0);
	unsetenv("DOCKET_PASSAGE_PARAMS");
	char *x = ids(p, 0);
	assert_string_equal(x, "scatter answer");
	free(x);
	dk_result_page_free(p);
	p = run(coast_s, q, 0, 0, 10, 0);
	x = ids(p, 0);
	assert_string_equal(x, "answer scatter");
	free(x);
	assert_true(p->hits[0].score >= p->hits[1].score);
	assert_int_equal(p->total, 2);
	dk_result_page_free(p);
	p = run(coast_s, q, 0, 0, 1, 0);
	assert_int_equal(p->nhits, 1);
	assert_string_equal(p->hits[0].art.id, "answer");
	assert_int_equal(p->hits[0].npassages, 1);
	assert_int_equal(p->hits[0].passages[0].paragraph, 1);
	dk_result_page_free(p);
	p = run(coast_s, q, 0, 1, 1, 0);
	assert_int_equal(p->nhits, 1);
	assert_string_equal(p->hits[0].art.id, "scatter");
	dk_result_page_free(p);
	p = run(coast_s, q, 0, 2, 1, 0);
	assert_int_equal(p->nhits, 0);
	dk_result_page_free(p);
	dk_search_request req;
	dk_search_request_init(&req);
	req.passages = 0;
	req.limit = 10;
	req.fold = 0;
	p = run_req(coast_s, &req, q);
	x = ids(p, 0);
	assert_string_equal(x, "scatter answer");
	free(x);
	dk_result_page_free(p);
}

/* --passages N: up to N passages, best first, each highlighted. */
static void test_passages_n(void **state)
{
	(void)state;
	dk_search_request req;
	dk_search_request_init(&req);
	req.passages = 3;
	dk_result_page *p = run_req(news, &req, "linkedin court");
	size_t i = 0;
	while (i < p->nhits && strcmp(p->hits[i].art.id, "a1"))
		i++;
	assert_true(i < p->nhits);
	const dk_hit *h = &p->hits[i];
	/* a1 has two paragraphs, both matching. */
	assert_int_equal(h->npassages, 2);
	for (size_t k = 0; k < h->npassages; k++) {
		assert_true(h->passages[k].nhl > 0);
		assert_true(h->passages[k].end <= h->art.text_len);
		if (k)
			assert_true(h->passages[k].score <= h->passages[k - 1].score);
	}
	dk_result_page_free(p);
}

/* The time limit bounds the whole request: past it, the rest of the page
 * goes out without passages, and the page says so.  A limit of a
 * nanosecond has passed before the first result is dressed. */
static void test_time_limit(void **state)
{
	(void)state;
	dk_search_request req;
	dk_search_request_init(&req);
	req.time_limit = 1e-9;
	dk_result_page *p = run_req(news, &req, "court pelican walrus");
	assert_true(p->nhits > 0);
	for (size_t i = 0; i < p->nhits; i++)
		assert_int_equal(p->hits[i].npassages, 0);
	assert_non_null(p->warning);
	assert_non_null(strstr(p->warning, "time limit reached"));
	dk_result_page_free(p);
	/* With time to spare, the same page has its passages. */
	req.time_limit = 10;
	p = run_req(news, &req, "court pelican walrus");
	assert_true(p->nhits > 0);
	for (size_t i = 0; i < p->nhits; i++)
		assert_int_equal(p->hits[i].npassages, 1);
	assert_null(p->warning);
	dk_result_page_free(p);
}

/* Folded copies: "also: AP, Reuters +1" names two sources, counts the
 * rest. */
static void test_also_text(void **state)
{
	(void)state;
	dk_result_page *p = run(wire, "acme", 1, 0, 10, 0);
	assert_int_equal(p->nhits, 1);
	assert_int_equal(p->hits[0].also_total, 3);
	char *t = as_text(p);
	const char *line = strstr(t, "   also: ");
	assert_non_null(line);
	char name1[32], name2[32];
	unsigned more = 0;
	if (sscanf(line, "   also: %31[^,], %31s +%u", name1, name2, &more) != 3)
		fail_msg("also line: %s", line);
	assert_int_equal(more, 1);
	assert_string_not_equal(name1, name2);
	free(t);
	dk_result_page_free(p);
}

/* Query by document (like.h): an indexed article finds its neighbours and
 * not itself; a text finds the articles of its rare words; an unknown id
 * is an error. */
static void test_like(void **state)
{
	(void)state;
	dk_search_request req;
	dk_result_page *p = NULL;
	dk_search_request_init(&req);
	req.fold = 0;
	req.limit = 20;
	req.like_id = "a10";  /* "The harbor pelican count rose; ..." */
	assert_int_equal(dk_search(news, &req, &p), DK_OK);
	assert_true(p->nhits >= 2);
	/* a9 shares "pelican" and "harbor", a8 only "harbor"; a10 itself
	 * is left out. */
	assert_string_equal(p->hits[0].art.id, "a9");
	for (size_t i = 0; i < p->nhits; i++)
		assert_string_not_equal(p->hits[i].art.id, "a10");
	dk_result_page_free(p);

	dk_search_request_init(&req);
	req.fold = 0;
	req.like_text = "Zebra mussels, zebra mussels everywhere: the lakes "
			"are full of zebra mussels.";
	req.like_len = strlen(req.like_text);
	assert_int_equal(dk_search(news, &req, &p), DK_OK);
	assert_int_equal(p->nhits, 1);
	assert_string_equal(p->hits[0].art.id, "a5");
	dk_result_page_free(p);

	dk_search_request_init(&req);
	req.like_id = "no-such-id";
	assert_int_equal(dk_search(news, &req, &p), DK_ERR_NOT_FOUND);
	assert_null(p);
	assert_non_null(strstr(dk_searcher_error(news), "no-such-id"));
}

/* A text's case number is always among the terms kept, however many
 * rarer words surround it. */
static void test_like_case_number(void **state)
{
	(void)state;
	dk_buf t = DK_BUF_INIT;
	for (int i = 0; i < 200; i++)
		dk_buf_printf(&t, "qqword%03d qqword%03d ", i, i);
	dk_buf_puts(&t, "Case No. 25-00709 was filed in San Jose.");
	assert_int_equal(t.err, 0);
	dk_search_request req;
	dk_result_page *p = NULL;
	dk_search_request_init(&req);
	req.fold = 0;
	req.like_text = t.data;
	req.like_len = t.len;
	req.like_terms = 1;
	assert_int_equal(dk_search(legal, &req, &p), DK_OK);
	assert_true(p->nhits >= 1);
	assert_string_equal(p->hits[0].art.id, "l1");
	dk_result_page_free(p);
	dk_buf_free(&t);
}

/* A --plain query longer than the parser's node limit keeps its
 * discriminating word wherever it stands (the parser would have cut it). */
static void test_long_plain(void **state)
{
	(void)state;
	dk_buf q = DK_BUF_INIT;
	for (int i = 0; i < 1500; i++)
		dk_buf_puts(&q, "pelican ");
	dk_buf_puts(&q, "walrus");
	assert_int_equal(q.err, 0);
	dk_search_request req;
	dk_search_request_init(&req);
	req.fold = 0;
	req.plain = 1;
	dk_result_page *p = run_req(news, &req, q.data);
	int walrus = 0;
	for (size_t i = 0; i < p->nhits; i++)
		walrus |= !strcmp(p->hits[i].art.id, "a8");
	assert_true(walrus);
	dk_result_page_free(p);
	dk_buf_free(&q);
}

static void test_open_missing(void **state)
{
	(void)state;
	char path[PATH_MAX + 32];
	dk_searcher *s = (dk_searcher *)&s;
	char *msg = NULL;
	snprintf(path, sizeof path, "%s/no-such-index", root);
	assert_int_equal(dk_searcher_open(path, &s, &msg), DK_ERR_NOT_FOUND);
	assert_null(s);
	assert_non_null(msg);
	free(msg);
	dk_searcher_close(NULL);
	dk_result_page_free(NULL);
}

/* An article dated by year or month matches a range that holds all of
 * it (doc/query-language.md), and sorts before the days it covers. */
static void test_imprecise_dates(void **state)
{
	(void)state;
	static const struct { const char *q, *want; } drows[] = {
		{ "date:2023", "d2023-01-15 d2023-12-31 m2023-01 m2023-06 y2023" },
		{ "date:2023-01", "d2023-01-15 m2023-01" },
		{ "date:2023-01-15", "d2023-01-15" },
		{ "date:2023-06", "m2023-06" },
		{ "date:2022..2024", "d2023-01-15 d2023-12-31 m2023-01 m2023-06 m2024-02 y2023 y2024" },
		{ "date:<2023-06", "d2023-01-15 m2023-01" },
		{ "date:<=2023-06", "d2023-01-15 m2023-01 m2023-06" },
		{ "date:>=2023-06", "d2023-12-31 m2023-06 m2024-02 y2024" },
		{ "date:>2023-01-15", "d2023-12-31 m2023-06 m2024-02 y2024" },
		{ "date:2023-06..2024-02-29", "d2023-12-31 m2023-06 m2024-02" },
		{ "date:..2024-02-28", "d2023-01-15 d2023-12-31 m2023-01 m2023-06 y2023" },
		{ "date:2023-01-01..2023-12-31", "d2023-01-15 d2023-12-31 m2023-01 m2023-06 y2023" },
	};
	for (size_t i = 0; i < sizeof drows / sizeof drows[0]; i++) {
		dk_result_page *p = run(dated_s, drows[i].q, 0, 0, 20, 0);
		char *got = ids(p, 1);
		if (strcmp(got, drows[i].want))
			fail_msg("%s: got \"%s\", want \"%s\"", drows[i].q, got, drows[i].want);
		free(got);
		dk_result_page_free(p);
	}
	dk_result_page *p = run(dated_s, "date:2023", 0, 0, 20, 1);
	char *got = ids(p, 0);
	assert_string_equal(got, "d2023-12-31 m2023-06 d2023-01-15 m2023-01 y2023");
	assert_string_equal(p->hits[4].art.date, "2023");
	free(got);
	dk_result_page_free(p);
	/* No title: the index stores one made from the text (title.h), and
	 * its words are not title terms. */
	p = run(dated_s, "harbor", 0, 0, 20, 0);
	assert_int_equal(p->nhits, 1);
	assert_string_equal(p->hits[0].art.title, "Undated notes on a harbor");
	dk_result_page_free(p);
	p = run(dated_s, "title:harbor", 0, 0, 20, 0);
	assert_int_equal(p->nhits, 0);
	dk_result_page_free(p);
}

static void row_name(size_t i, const void *row, char *buf, size_t size)
{
	snprintf(buf, size, "query[%zu] %s", i, ((const struct row *)row)->q);
}

int main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_sort_date),
		cmocka_unit_test(test_imprecise_dates),
		cmocka_unit_test(test_stored_fields),
		cmocka_unit_test(test_passages),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_trec),
		cmocka_unit_test(test_text_output),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_prefix_cut),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_suggestion),
		cmocka_unit_test(test_ranking),
		cmocka_unit_test(test_passages_n),
		cmocka_unit_test(test_rerank),
		cmocka_unit_test(test_time_limit),
		cmocka_unit_test(test_also_text),
		cmocka_unit_test(test_open_missing),
		cmocka_unit_test(test_like),
		cmocka_unit_test(test_like_case_number),
		cmocka_unit_test(test_long_plain),
	};
	return fixture_run_table("search", rows, NROWS, sizeof rows[0], row_name,
				 test_row, extra, sizeof extra / sizeof extra[0],
				 group_setup, group_teardown);
}
