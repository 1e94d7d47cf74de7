/*
 * fuzz_query_parser.c - libFuzzer target for searcher/query_parser.c.
 *
 * Every input is parsed twice in each mode (operators and DK_QP_PLAIN),
 * described and freed.  Beyond "no crash, no leak, no sanitizer report",
 * the target checks the invariants query_parser.h promises, and aborts
 * (a libFuzzer finding) when one fails:
 *   - dk_qparse() succeeds (only allocation can fail);
 *   - the tree is at most DK_QP_TREE_DEPTH deep, holds at most
 *     DK_QP_MAX_NODES atoms, and a warning is given when atoms were cut;
 *   - every node is well formed: atoms have non-empty, trimmed text without
 *     control bytes and with text[len] == '\0'; dates are 8 digits, not
 *     both open, lo <= hi; AND/OR/NOT/NEAR have two or more children, a
 *     BAG of one has a modifier; modifiers only on BAG children; NEAR
 *     distance in 1..1000;
 *   - DK_QP_PLAIN gives only WORDs (in at most one BAG), without fields;
 *   - the description is one line with balanced parentheses, and the same
 *     input gives the same description twice.
 * Built without libFuzzer, tests/fuzz/replay_main.c replays the corpus.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../searcher/query_parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                            \
	do {                                                                \
		if (!(c)) {                                                 \
			fprintf(stderr, "invariant failed: %s (%s:%d)\n",   \
				#c, __FILE__, __LINE__);                    \
			abort();                                            \
		}                                                           \
	} while (0)

struct stats {
	size_t atoms, nodes, depth;
};

static int is_date8(const char *s)
{
	for (int i = 0; i < 8; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[8] == '\0';
}

static void check_node(const dk_qnode *n, int in_bag, int plain, size_t depth,
		       struct stats *st)
{
	CHECK(n != NULL);
	CHECK(depth <= DK_QP_TREE_DEPTH);
	if (depth > st->depth)
		st->depth = depth;
	st->nodes++;
	CHECK(in_bag || n->mod == DK_QMOD_NONE);
	CHECK(n->mod <= DK_QMOD_EXCLUDED);
	if (plain) {
		CHECK(n->kind == DK_Q_WORD || (n->kind == DK_Q_BAG && depth == 1));
		CHECK(n->mod == DK_QMOD_NONE && n->field == DK_FIELD_ANY);
	}
	switch (n->kind) {
	case DK_Q_WORD:
	case DK_Q_PHRASE:
	case DK_Q_PREFIX:
		st->atoms++;
		CHECK(n->nkids == 0 && n->text != NULL && n->len > 0);
		CHECK(strlen(n->text) == n->len);
		CHECK(n->text[0] != ' ' && n->text[n->len - 1] != ' ');
		for (size_t i = 0; i < n->len; i++)
			CHECK((unsigned char)n->text[i] >= 0x20 &&
			      (unsigned char)n->text[i] != 0x7f);
		CHECK(n->field <= DK_FIELD_LANG);
		return;
	case DK_Q_DATE:
		st->atoms++;
		CHECK(n->nkids == 0 && n->text == NULL);
		CHECK(n->date_lo[0] || n->date_hi[0]);
		CHECK(!n->date_lo[0] || is_date8(n->date_lo));
		CHECK(!n->date_hi[0] || is_date8(n->date_hi));
		CHECK(!n->date_lo[0] || !n->date_hi[0] ||
		      strcmp(n->date_lo, n->date_hi) <= 0);
		return;
	case DK_Q_BAG:
		CHECK(n->nkids >= 2 || (n->nkids == 1 && n->kids[0]->mod != DK_QMOD_NONE));
		break;
	case DK_Q_NEAR:
		CHECK(n->distance >= 1 && n->distance <= 1000);
		CHECK(n->nkids >= 2);
		break;
	case DK_Q_AND:
	case DK_Q_OR:
	case DK_Q_NOT:
		CHECK(n->nkids >= 2);
		break;
	default:
		CHECK(!"unknown node kind");
	}
	CHECK(n->text == NULL);
	for (size_t i = 0; i < n->nkids; i++)
		check_node(n->kids[i], n->kind == DK_Q_BAG, plain, depth + 1, st);
}

/* One line, parentheses balanced outside quoted text. */
static void check_description(const char *d)
{
	long open = 0;
	int quoted = 0;

	for (const char *s = d; *s; s++) {
		CHECK(*s != '\n' && *s != '\r');
		if (quoted) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				quoted = 0;
			continue;
		}
		if (*s == '"')
			quoted = 1;
		else if (*s == '(')
			open++;
		else if (*s == ')')
			CHECK(--open >= 0);
	}
	CHECK(!quoted && open == 0);
}

static void run(const char *q, size_t len, unsigned flags)
{
	dk_qnode *t1 = NULL, *t2 = NULL;
	char *w1 = NULL, *d1 = NULL, *d2 = NULL;
	struct stats st = { 0, 0, 0 };

	CHECK(dk_qparse(q, len, flags, &t1, &w1) == DK_OK);
	CHECK(dk_qparse(q, len, flags, &t2, NULL) == DK_OK);
	if (t1) {
		check_node(t1, 0, (flags & DK_QP_PLAIN) != 0, 1, &st);
		CHECK(st.atoms <= DK_QP_MAX_NODES);
		CHECK(st.nodes <= (size_t)DK_QP_MAX_NODES * DK_QP_TREE_DEPTH);
	}
	CHECK((t1 == NULL) == (t2 == NULL));
	if (st.atoms < DK_QP_MAX_NODES)   /* nothing can have been cut */
		CHECK(w1 == NULL || strstr(w1, "terms") == NULL);
	CHECK(dk_qnode_describe(t1, &d1) == DK_OK);
	CHECK(dk_qnode_describe(t2, &d2) == DK_OK);
	CHECK(strcmp(d1, d2) == 0);
	CHECK((t1 == NULL) == (d1[0] == '\0'));
	check_description(d1);
	dk_qnode_free(t1);
	dk_qnode_free(t2);
	free(w1);
	free(d1);
	free(d2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run((const char *)data, size, 0);
	run((const char *)data, size, DK_QP_PLAIN);
	return 0;
}
