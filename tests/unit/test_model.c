/*
 * test_model.c - a model test of the whole search path: random documents
 * and random queries, with a naive in-memory index as the oracle.
 *
 * For each seed, MODEL_DOCS documents are drawn over a vocabulary of 40
 * lower-case English words that the English stemmer leaves as they are
 * (checked at set-up, with dk_analyzer_stem) and that are not stopwords.
 * A document is an optional title of 1-3 words and a body of 3-30 words,
 * with random capitals, sentence ends and paragraph breaks, which must not
 * change what matches.  Each is built with dk_doc_builder_build() and
 * written through the shim; the oracle keeps the same documents as arrays
 * of word numbers with their positions (title words from 1, then a gap of
 * DK_TITLE_GAP, then the body: fields.h).
 *
 * Each query form below is drawn MODEL_QUERIES times per seed; Docket's
 * full result set (no folding, a limit above the document count) must be
 * exactly the oracle's, and the count exact.  Every highlight of the
 * passage shown must be a positive word of the query, never an excluded
 * one.
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

#include "../../common/analyzer.h"
#include "../../common/article.h"
#include "../../common/buf.h"
#include "../../common/fields.h"
#include "../../indexer/doc_builder.h"
#include "../../searcher/search.h"
#include "../../shims/xapian_shim.h"
#include "fixture.h"

#define MODEL_SEEDS 5
#define MODEL_DOCS 200
#define MODEL_QUERIES 40     /* per query form and seed */
#define MAX_TITLE 3
#define MAX_BODY 30

static const char *const vocab[] = {
	"cat", "dog", "fish", "bird", "tree", "rock", "sand", "wind", "rain",
	"snow", "lamp", "desk", "book", "pen", "cup", "milk", "bread", "salt",
	"corn", "rice", "frog", "lion", "wolf", "bear", "goat", "duck", "crab",
	"seal", "moth", "wasp", "ship", "boat", "road", "farm", "hill", "lake",
	"pond", "star", "moon", "sun",
};

#define NVOCAB ((int)(sizeof vocab / sizeof vocab[0]))

typedef struct mdoc {
	int ntitle, nbody;
	int title[MAX_TITLE];
	int body[MAX_BODY];
} mdoc;

typedef struct model {
	uint64_t rng;
	mdoc docs[MODEL_DOCS];
	char dir[PATH_MAX + 32];
	dk_searcher *s;
} model;

static char root[PATH_MAX];
static model *models[MODEL_SEEDS];

/* ---- random numbers (splitmix64: the same on every libc) ------------- */

static uint64_t next(model *m)
{
	uint64_t z = (m->rng += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int rnd(model *m, int n)
{
	return (int)(next(m) % (uint64_t)n);
}

/* A word number, skewed towards the front of the vocabulary so that
 * some words are common and some rare. */
static int rword(model *m)
{
	int a = rnd(m, NVOCAB), b = rnd(m, NVOCAB);
	return rnd(m, 3) ? (a < b ? a : b) : a;
}

/* ---- the oracle ------------------------------------------------------ */

/* The position of body word k as doc_builder numbers it: after the
 * title's words and the gap that follows a title. */
static uint32_t body_pos(const mdoc *d, int k)
{
	uint32_t base = 1 + (uint32_t)d->ntitle + (d->ntitle ? DK_TITLE_GAP : 0);
	return base + (uint32_t)k;
}

/* The tokens of d in index order, title first: count, word, position. */
static int ntok(const mdoc *d)
{
	return d->ntitle + d->nbody;
}

static int tok_word(const mdoc *d, int i)
{
	return i < d->ntitle ? d->title[i] : d->body[i - d->ntitle];
}

static uint32_t tok_pos(const mdoc *d, int i)
{
	return i < d->ntitle ? (uint32_t)i + 1 : body_pos(d, i - d->ntitle);
}

static int has(const mdoc *d, int w)
{
	for (int i = 0; i < ntok(d); i++)
		if (tok_word(d, i) == w)
			return 1;
	return 0;
}

static int has_title(const mdoc *d, int w)
{
	for (int i = 0; i < d->ntitle; i++)
		if (d->title[i] == w)
			return 1;
	return 0;
}

static int has_prefix(const mdoc *d, const char *p)
{
	for (int i = 0; i < ntok(d); i++)
		if (!strncmp(vocab[tok_word(d, i)], p, strlen(p)))
			return 1;
	return 0;
}

/* words w[0..n) at consecutive positions */
static int phrase(const mdoc *d, const int *w, int n)
{
	for (int i = 0; i < ntok(d); i++) {
		if (tok_word(d, i) != w[0])
			continue;
		int k = 1;
		while (k < n && i + k < ntok(d) && tok_word(d, i + k) == w[k] &&
		       tok_pos(d, i + k) == tok_pos(d, i) + (uint32_t)k)
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

/* a and b (distinct) within dist positions of each other */
static int near(const mdoc *d, int a, int b, uint32_t dist)
{
	for (int i = 0; i < ntok(d); i++) {
		if (tok_word(d, i) != a)
			continue;
		for (int j = 0; j < ntok(d); j++) {
			if (tok_word(d, j) != b)
				continue;
			uint32_t pi = tok_pos(d, i), pj = tok_pos(d, j);
			if ((pi > pj ? pi - pj : pj - pi) <= dist)
				return 1;
		}
	}
	return 0;
}

/* ---- queries --------------------------------------------------------- */

enum qform {
	Q_WORD, Q_AND, Q_OR, Q_NOT, Q_PHRASE2, Q_PHRASE3, Q_NEAR3, Q_NEAR1,
	Q_REQUIRED, Q_EXCLUDED, Q_BAG, Q_ONLY_EXCLUDED, Q_OR_AND, Q_AND_NOT,
	Q_TWO_REQUIRED, Q_TITLE, Q_PREFIX, Q_NFORMS
};

static const char *const form_names[Q_NFORMS] = {
	"word", "a AND b", "a OR b", "a NOT b", "\"a b\"", "\"a b c\"",
	"a NEAR/3 b", "a NEAR/1 b", "+a b", "a -b", "a b c", "-a",
	"(a OR b) AND c", "a AND b NOT c", "+a +b", "title:a", "a*",
};

typedef struct mquery {
	char text[128];
	int w[3];
	char prefix[8];
	int positive[3];   /* words that may be highlighted (-1: none) */
	int excluded[3];   /* words that must not be (-1: none) */
} mquery;

/* Three distinct words; for phrases, half the time words that follow one
 * another in some document, so that phrases match now and then. */
static void pick(model *m, int *w, int adjacent)
{
	if (adjacent && rnd(m, 2)) {
		for (int tries = 0; tries < 50; tries++) {
			const mdoc *d = &m->docs[rnd(m, MODEL_DOCS)];
			if (d->nbody < 3)
				continue;
			int i = rnd(m, d->nbody - 2);
			w[0] = d->body[i];
			w[1] = d->body[i + 1];
			w[2] = d->body[i + 2];
			if (w[0] != w[1] && w[1] != w[2] && w[0] != w[2])
				return;
		}
	}
	w[0] = rword(m);
	do
		w[1] = rword(m);
	while (w[1] == w[0]);
	do
		w[2] = rword(m);
	while (w[2] == w[0] || w[2] == w[1]);
}

static void make_query(model *m, enum qform f, mquery *q)
{
	int *w = q->w;
	const char *a, *b, *c;
	memset(q, 0, sizeof *q);
	for (int i = 0; i < 3; i++)
		q->positive[i] = q->excluded[i] = -1;
	pick(m, w, f == Q_PHRASE2 || f == Q_PHRASE3 || f == Q_NEAR1 ||
		   f == Q_NEAR3);
	a = vocab[w[0]];
	b = vocab[w[1]];
	c = vocab[w[2]];
	switch (f) {
	case Q_WORD:
		snprintf(q->text, sizeof q->text, "%s", a);
		q->positive[0] = w[0];
		break;
	case Q_AND:
		snprintf(q->text, sizeof q->text, "%s AND %s", a, b);
		q->positive[0] = w[0], q->positive[1] = w[1];
		break;
	case Q_OR:
		snprintf(q->text, sizeof q->text, "%s OR %s", a, b);
		q->positive[0] = w[0], q->positive[1] = w[1];
		break;
	case Q_NOT:
		snprintf(q->text, sizeof q->text, "%s NOT %s", a, b);
		q->positive[0] = w[0], q->excluded[0] = w[1];
		break;
	case Q_PHRASE2:
		snprintf(q->text, sizeof q->text, "\"%s %s\"", a, b);
		q->positive[0] = w[0], q->positive[1] = w[1];
		break;
	case Q_PHRASE3:
		snprintf(q->text, sizeof q->text, "\"%s %s %s\"", a, b, c);
		q->positive[0] = w[0], q->positive[1] = w[1], q->positive[2] = w[2];
		break;
	case Q_NEAR3:
		snprintf(q->text, sizeof q->text, "%s NEAR/3 %s", a, c);
		q->positive[0] = w[0], q->positive[1] = w[2];
		break;
	case Q_NEAR1:
		snprintf(q->text, sizeof q->text, "%s NEAR/1 %s", b, a);
		q->positive[0] = w[0], q->positive[1] = w[1];
		break;
	case Q_REQUIRED:
		snprintf(q->text, sizeof q->text, "+%s %s", a, b);
		q->positive[0] = w[0], q->positive[1] = w[1];
		break;
	case Q_EXCLUDED:
		snprintf(q->text, sizeof q->text, "%s -%s", a, b);
		q->positive[0] = w[0], q->excluded[0] = w[1];
		break;
	case Q_BAG:
		snprintf(q->text, sizeof q->text, "%s %s %s", a, b, c);
		q->positive[0] = w[0], q->positive[1] = w[1], q->positive[2] = w[2];
		break;
	case Q_ONLY_EXCLUDED:
		snprintf(q->text, sizeof q->text, "-%s", a);
		q->excluded[0] = w[0];
		break;
	case Q_OR_AND:
		snprintf(q->text, sizeof q->text, "(%s OR %s) AND %s", a, b, c);
		q->positive[0] = w[0], q->positive[1] = w[1], q->positive[2] = w[2];
		break;
	case Q_AND_NOT:
		snprintf(q->text, sizeof q->text, "%s AND %s NOT %s", a, b, c);
		q->positive[0] = w[0], q->positive[1] = w[1], q->excluded[0] = w[2];
		break;
	case Q_TWO_REQUIRED:
		snprintf(q->text, sizeof q->text, "+%s +%s", a, b);
		q->positive[0] = w[0], q->positive[1] = w[1];
		break;
	case Q_TITLE:
		snprintf(q->text, sizeof q->text, "title:%s", a);
		q->positive[0] = w[0];
		break;
	case Q_PREFIX:
		snprintf(q->prefix, sizeof q->prefix, "%.*s", 1 + rnd(m, 2), a);
		snprintf(q->text, sizeof q->text, "%s*", q->prefix);
		break;
	case Q_NFORMS:
		break;
	}
}

static int oracle(const mdoc *d, enum qform f, const mquery *q)
{
	const int *w = q->w;
	switch (f) {
	case Q_WORD: return has(d, w[0]);
	case Q_AND: return has(d, w[0]) && has(d, w[1]);
	case Q_OR: return has(d, w[0]) || has(d, w[1]);
	case Q_NOT: return has(d, w[0]) && !has(d, w[1]);
	case Q_PHRASE2: return phrase(d, w, 2);
	case Q_PHRASE3: return phrase(d, w, 3);
	case Q_NEAR3: return near(d, w[0], w[2], 3);
	case Q_NEAR1: return near(d, w[0], w[1], 1);
	case Q_REQUIRED: return has(d, w[0]);
	case Q_EXCLUDED: return has(d, w[0]) && !has(d, w[1]);
	case Q_BAG: return has(d, w[0]) || has(d, w[1]) || has(d, w[2]);
	case Q_ONLY_EXCLUDED: return !has(d, w[0]);
	case Q_OR_AND: return (has(d, w[0]) || has(d, w[1])) && has(d, w[2]);
	case Q_AND_NOT: return has(d, w[0]) && has(d, w[1]) && !has(d, w[2]);
	case Q_TWO_REQUIRED: return has(d, w[0]) && has(d, w[1]);
	case Q_TITLE: return has_title(d, w[0]);
	case Q_PREFIX: return has_prefix(d, q->prefix);
	case Q_NFORMS: break;
	}
	return 0;
}

/* ---- documents ------------------------------------------------------- */

static void put_word(dk_buf *b, model *m, int w)
{
	const char *s = vocab[w];
	if (!rnd(m, 5)) {
		dk_buf_putc(b, (char)(s[0] - 'a' + 'A'));
		dk_buf_puts(b, s + 1);
	} else {
		dk_buf_puts(b, s);
	}
}

static void make_doc(model *m, mdoc *d, dk_buf *title, dk_buf *body)
{
	dk_buf_reset(title);
	dk_buf_reset(body);
	d->ntitle = rnd(m, 3) ? 0 : 1 + rnd(m, MAX_TITLE);
	d->nbody = 3 + rnd(m, MAX_BODY - 2);
	for (int i = 0; i < d->ntitle; i++) {
		d->title[i] = rword(m);
		if (i)
			dk_buf_putc(title, ' ');
		put_word(title, m, d->title[i]);
	}
	for (int i = 0; i < d->nbody; i++) {
		d->body[i] = rword(m);
		if (i) {
			int r = rnd(m, 16);
			dk_buf_puts(body, r == 0 ? ". " : r == 1 ? ".\n" : r == 2 ? ", " : " ");
		}
		put_word(body, m, d->body[i]);
	}
	dk_buf_putc(body, '.');
}

/* ctx: the model; document i with its title and body from make_doc. */
static int fill_model(void *ctx, size_t i, dk_article *a)
{
	model *m = ctx;
	dk_buf title = DK_BUF_INIT, body = DK_BUF_INIT;
	char id[16];
	make_doc(m, &m->docs[i], &title, &body);
	snprintf(id, sizeof id, "d%d", (int)i);
	int rc = title.err || body.err ||
		 dk_article_set(&a->id, id, strlen(id)) ||
		 (title.len && dk_article_set(&a->title, title.data, title.len)) ||
		 dk_article_set(&a->text, body.data, body.len);
	a->text_len = body.len;
	dk_buf_free(&title);
	dk_buf_free(&body);
	return rc;
}

static int build(model *m, int seed)
{
	m->rng = (uint64_t)seed * 7919u + 17u;
	snprintf(m->dir, sizeof m->dir, "%s/seed%d", root, seed);
	if (fixture_shim_index(m->dir, MODEL_DOCS, fill_model, m))
		return -1;
	return dk_searcher_open(m->dir, &m->s, NULL) ? -1 : 0;
}

/* ---- set-up ---------------------------------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	if (fixture_mkdtemp(root, "docket-test-model"))
		return -1;
	for (int s = 0; s < MODEL_SEEDS; s++) {
		models[s] = calloc(1, sizeof *models[s]);
		if (!models[s] || build(models[s], s + 1))
			return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	for (int s = 0; s < MODEL_SEEDS; s++) {
		if (models[s])
			dk_searcher_close(models[s]->s);
		free(models[s]);
	}
	return fixture_remove_tree(root);
}

/* The oracle's premise: each vocabulary word is its own term. */
static void test_vocabulary(void **state)
{
	(void)state;
	dk_analyzer *an = NULL;
	assert_int_equal(dk_analyzer_new("english", &an), DK_OK);
	for (int i = 0; i < NVOCAB; i++) {
		char buf[DK_MAX_TERM + 1];
		size_t len = 0;
		assert_int_equal(dk_analyzer_stem(an, vocab[i], strlen(vocab[i]), 0,
						  buf, sizeof buf, &len), DK_OK);
		assert_string_equal(buf, vocab[i]);
		assert_false(dk_analyzer_is_stopword(an, vocab[i], strlen(vocab[i])));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(vocab[i], vocab[j]);
	}
	dk_analyzer_free(an);
}

/* ---- the comparison -------------------------------------------------- */

static int in_list(const int *v, int w)
{
	for (int i = 0; i < 3; i++)
		if (v[i] == w)
			return 1;
	return 0;
}

/* Every highlighted word is a positive query word (for a prefix query,
 * starts with the prefix), never an excluded one. */
static void check_highlights(const dk_hit *h, const mquery *q)
{
	for (size_t p = 0; p < h->npassages; p++) {
		const dk_passage *ps = &h->passages[p];
		for (size_t k = 0; k < ps->nhl; k++) {
			const char *s = h->art.text + ps->start + ps->hl[k].start;
			size_t n = ps->hl[k].end - ps->hl[k].start;
			/* Adjacent highlights merge: split on spaces. */
			size_t i = 0;
			while (i < n) {
				size_t e = i;
				while (e < n && s[e] != ' ')
					e++;
				char word[32];
				snprintf(word, sizeof word, "%.*s", (int)(e - i), s + i);
				if (word[0] >= 'A' && word[0] <= 'Z')
					word[0] = (char)(word[0] - 'A' + 'a');
				int w = -1;
				for (int v = 0; v < NVOCAB; v++)
					if (!strcmp(vocab[v], word))
						w = v;
				if (w < 0)
					fail_msg("%s: highlight \"%.*s\" is not a word in %s",
						 q->text, (int)n, s, h->art.id);
				if (q->prefix[0] ? strncmp(word, q->prefix, strlen(q->prefix))
						 : !in_list(q->positive, w))
					fail_msg("%s: \"%s\" highlighted in %s", q->text, word,
						 h->art.id);
				if (in_list(q->excluded, w))
					fail_msg("%s: excluded \"%s\" highlighted in %s",
						 q->text, word, h->art.id);
				i = e + 1;
			}
		}
	}
}

static void describe_doc(const mdoc *d, char *out, size_t cap)
{
	size_t k = 0;
	out[0] = '\0';
	for (int i = 0; i < ntok(d) && k + 16 < cap; i++)
		k += (size_t)snprintf(out + k, cap - k, "%s@%u ", vocab[tok_word(d, i)],
				      tok_pos(d, i));
}

static void test_form(void **state)
{
	enum qform f = (enum qform)(intptr_t)*state;
	int partial = 0;
	for (int s = 0; s < MODEL_SEEDS; s++) {
		model *m = models[s];
		/* A different query stream per form and seed. */
		model qm = { .rng = m->rng ^ ((uint64_t)f * 0x100000001B3ULL) };
		memcpy(qm.docs, m->docs, sizeof qm.docs);
		for (int n = 0; n < MODEL_QUERIES; n++) {
			mquery q;
			unsigned char got[MODEL_DOCS] = { 0 };
			uint64_t want = 0;
			make_query(&qm, f, &q);
			dk_search_request req;
			dk_result_page *p = NULL;
			dk_search_request_init(&req);
			req.query = q.text;
			req.query_len = strlen(q.text);
			req.fold = 0;
			req.limit = MODEL_DOCS + 10;
			req.passages = n % 4 == 0 ? 2 : 0;
			dk_status st = dk_search(m->s, &req, &p);
			if (st)
				fail_msg("seed %d: %s: %s", s + 1, q.text, dk_status_str(st));
			for (size_t i = 0; i < p->nhits; i++) {
				int id = atoi(p->hits[i].art.id + 1);
				assert_true(id >= 0 && id < MODEL_DOCS);
				if (got[id])
					fail_msg("seed %d: %s: d%d twice", s + 1, q.text, id);
				got[id] = 1;
				check_highlights(&p->hits[i], &q);
			}
			for (int i = 0; i < MODEL_DOCS; i++) {
				int o = oracle(&m->docs[i], f, &q);
				want += (uint64_t)o;
				if (o != got[i]) {
					char desc[1024];
					describe_doc(&m->docs[i], desc, sizeof desc);
					fail_msg("seed %d: %s: d%d %s but the oracle %s it: %s",
						 s + 1, q.text, i,
						 got[i] ? "returned" : "missed",
						 o ? "matches" : "does not match", desc);
				}
			}
			assert_int_equal(p->nhits, want);
			assert_int_equal(p->total, want);
			partial += want > 0 && want < MODEL_DOCS;
			dk_result_page_free(p);
		}
	}
	/* The comparison is not vacuous: most queries find something and
	 * not everything. */
	assert_true(partial * 3 >= MODEL_SEEDS * MODEL_QUERIES);
}

int main(void)
{
	struct CMUnitTest tests[Q_NFORMS + 1];
	char names[Q_NFORMS][48];
	memset(tests, 0, sizeof tests);
	tests[0].name = "vocabulary";
	tests[0].test_func = test_vocabulary;
	for (int f = 0; f < Q_NFORMS; f++) {
		snprintf(names[f], sizeof names[f], "model %s", form_names[f]);
		tests[f + 1].name = names[f];
		tests[f + 1].test_func = test_form;
		tests[f + 1].initial_state = (void *)(intptr_t)f;
	}
	return _cmocka_run_group_tests("model", tests, Q_NFORMS + 1, group_setup,
				       group_teardown);
}
