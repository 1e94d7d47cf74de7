/*
 * fuzz_refine.c - libFuzzer target for the refine stage (indexer/extract/refine.c
 * and indexer/extract/boilerplate.c, entities.c, minhash.c under it).
 *
 * The input is cleaned to UTF-8 (as every reader does) and cut into
 * articles at lines "%%"; the first line of each is its title, a first
 * byte below '4' picks one of four sources, so templates are learned
 * across articles.  They go through a refiner with a window of three, and
 * the checks are the contract of refine.h and the promises of the modules:
 * every article comes out once, in order, with its id; every kept
 * paragraph is a piece of the input text; the paragraph verdicts cover
 * the text in order with kept ranges inside their paragraphs; entity
 * lists are non-empty lines (case numbers "NN-NNNNN", CVE ids upper
 * case); a story key is set.  A broken check aborts, which libFuzzer and
 * the corpus replay both report.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_refine/ as an ordinary test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../indexer/extract/boilerplate.h"
#include "../../common/buf.h"
#include "../../common/utf8.h"
#include "../../indexer/extract/refine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARTS 16

typedef struct state {
	const char *text[MAX_ARTS];   /* the input text of each article */
	size_t len[MAX_ARTS];
	size_t pushed, seen;
} state;

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_refine: %s%s%s\n", what, detail ? ": " : "",
		detail ? detail : "");
	abort();
}

static int find(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0)
		return 1;
	for (size_t i = 0; i + nn <= hn; i++)
		if (hay[i] == needle[0] && !memcmp(hay + i, needle, nn))
			return 1;
	return 0;
}

static void check_list(const char *list, int is_case, int is_cve)
{
	for (const char *p = list; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n == 0)
			fail("empty entity", list);
		if (is_case && (n != 8 || p[2] != '-'))
			fail("case number not in normal form", p);
		if (is_cve && strncmp(p, "CVE-", 4))
			fail("CVE id not upper case", p);
		p += n + (nl ? 1 : 0);
		if (nl && !*p)
			fail("entity list ends with a newline", list);
	}
}

static dk_status on_refined(void *ctx, dk_article *a)
{
	state *s = ctx;
	char want[16];
	snprintf(want, sizeof want, "a%zu", s->seen);
	if (!a->id || strcmp(a->id, want))
		fail("article out of order or renamed", a->id);
	if (!a->story || !*a->story)
		fail("no story key", a->id);
	if (a->text) {
		if (strlen(a->text) > a->text_len)
			fail("text_len too short", a->id);
		/* Every kept paragraph is a piece of the input. */
		const char *in = s->text[s->seen];
		size_t in_len = s->len[s->seen];
		for (size_t i = 0; i < a->text_len;) {
			const char *nl = memchr(a->text + i, '\n', a->text_len - i);
			size_t e = nl ? (size_t)(nl - a->text) : a->text_len;
			if (!find(in, in_len, a->text + i, e - i))
				fail("kept text not in the input", a->text + i);
			i = e + 1;
		}
	}
	check_list(a->cases, 1, 0);
	check_list(a->parties, 0, 0);
	check_list(a->courts, 0, 0);
	check_list(a->statutes, 0, 0);
	check_list(a->cves, 0, 1);
	s->seen++;
	return DK_OK;
}

/* The verdicts of one text cover its paragraphs in order. */
static void check_verdicts(dk_bp_stripper *st, const char *text, size_t len)
{
	dk_bp_result r = { 0 };
	dk_buf out = DK_BUF_INIT;
	if (dk_bp_strip(st, NULL, "s", NULL, text, len, &r, &out))
		fail("strip failed", NULL);
	size_t prev = 0;
	for (size_t k = 0; k < r.n; k++) {
		const dk_bp_para *p = &r.para[k];
		if (p->start < prev || p->start + p->len > len)
			fail("paragraph out of range", NULL);
		if (p->verdict >= DK_BP_NVERDICTS)
			fail("bad verdict", NULL);
		if (p->verdict == DK_BP_KEEP &&
		    (p->keep_start < p->start ||
		     p->keep_start + p->keep_len > p->start + p->len))
			fail("kept part outside its paragraph", NULL);
		prev = p->start + p->len;
	}
	if (out.len > len)
		fail("output longer than the input", NULL);
	if (strlen(r.date) > 10 || strlen(r.author) >= sizeof r.author)
		fail("bad date or author", NULL);
	dk_buf_free(&out);
	dk_bp_result_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const sources[4] = { "LawBeat", "Bytewire", NULL, "" };
	dk_buf clean = DK_BUF_INIT;
	dk_utf8_clean((const char *)data, size, &clean, NULL);
	if (clean.err)
		return 0;
	const char *s = clean.data ? clean.data : "";
	size_t n = clean.len;
	dk_refine_opts o = { .window = 3 };
	dk_refiner *r = NULL;
	dk_bp_stripper *st = NULL;
	if (dk_refiner_new_opts(&o, &r) || dk_bp_stripper_new(&st))
		fail("out of memory", NULL);
	state stt = { { 0 }, { 0 }, 0, 0 };
	size_t i = 0;
	while (i <= n && stt.pushed < MAX_ARTS) {
		const char *ff = NULL;
		for (size_t k = i; k + 4 <= n; k++)
			if (!memcmp(s + k, "\n%%\n", 4)) {
				ff = s + k;
				break;
			}
		size_t e = ff ? (size_t)(ff - s) : n;
		const char *nl = memchr(s + i, '\n', e - i);
		size_t te = nl ? (size_t)(nl - s) : e;
		dk_article a;
		memset(&a, 0, sizeof a);
		char id[16];
		snprintf(id, sizeof id, "a%zu", stt.pushed);
		const char *src = e > i ? sources[(unsigned char)s[i] % 4] : NULL;
		size_t body = nl ? te + 1 : e;
		if (dk_article_set(&a.id, id, strlen(id)) ||
		    dk_article_set(&a.title, s + i, te - i) ||
		    (src && dk_article_set(&a.source, src, strlen(src))) ||
		    dk_article_set(&a.text, s + body, e - body))
			fail("out of memory", NULL);
		a.text_len = e - body;
		stt.text[stt.pushed] = s + body;
		stt.len[stt.pushed] = e - body;
		check_verdicts(st, s + body, e - body);
		stt.pushed++;
		if (dk_refiner_push(r, &a, on_refined, &stt))
			fail("push failed", NULL);
		i = ff ? e + 4 : n + 1;
	}
	if (dk_refiner_flush(r, on_refined, &stt))
		fail("flush failed", NULL);
	if (stt.seen != stt.pushed)
		fail("an article was lost", NULL);
	dk_refiner_free(r);
	dk_bp_stripper_free(st);
	dk_buf_free(&clean);
	return 0;
}
