/*
 * explain.c - the --explain outline (see explain.h).
 *
 * The outline follows the compiler's rules (query_compile.h) rather than
 * reading the Xapian query back: each atom is run through the same
 * analyzer, so the terms shown are the terms searched.  Counts are the
 * index's document frequencies.
 */
#include "explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/case_number.h"
#include "../common/fields.h"
#include "../common/stemmers.h"
#include "query_terms.h"

#define SHOW_EXPANSIONS 8
#define SHOW_TERMS 64      /* tokens of one atom outlined at most */

typedef struct explainer {
	dk_buf b;
	dk_analyzer *an;
	dk_reader *r;
	const dk_stemmers *langs;  /* the index's stemmers, or NULL */
} explainer;

static void indent(explainer *e, int depth)
{
	for (int i = 0; i < depth; i++)
		dk_buf_puts(&e->b, "  ");
}

/* s[0..n) quoted, with control bytes shown as spaces. */
static void quoted(explainer *e, const char *s, size_t n)
{
	dk_buf_putc(&e->b, '"');
	for (size_t i = 0; i < n; i++)
		dk_buf_putc(&e->b, (unsigned char)s[i] < 0x20 ? ' ' : s[i]);
	dk_buf_putc(&e->b, '"');
}

static void count(explainer *e, const char *prefix, const char *t, size_t len)
{
	dk_buf term = DK_BUF_INIT;
	uint64_t df = 0;
	dk_buf_puts(&term, prefix);
	dk_buf_append(&term, t, len);
	if (!term.err)
		dk_reader_termfreq(e->r, term.data, term.len, &df);
	dk_buf_printf(&e->b, " (%llu article%s)", (unsigned long long)df,
		      df == 1 ? "" : "s");
	dk_buf_free(&term);
}

static const char *field_label(dk_qfield f)
{
	switch (f) {
	case DK_FIELD_TITLE: return "title ";
	case DK_FIELD_AUTHOR: return "author ";
	case DK_FIELD_SOURCE: return "source ";
	case DK_FIELD_PARTY: return "party ";
	case DK_FIELD_COURT: return "court ";
	default: return "";
	}
}

/* site:, lang:, case: - boolean filters. */
static void filter_atom(explainer *e, const dk_qnode *n)
{
	if (n->field == DK_FIELD_CASE) {
		char norm[16];
		dk_buf_puts(&e->b, "case number ");
		quoted(e, n->text, n->len);
		if (dk_case_number_normalize(n->text, n->len, norm)) {
			dk_buf_printf(&e->b, " -> %s", norm);
			count(e, DK_PREFIX_CASE, norm, strlen(norm));
		} else {
			dk_buf_puts(&e->b, " (not a docket number: matches nothing)");
		}
		return;
	}
	dk_buf_puts(&e->b, n->field == DK_FIELD_SITE ? "site " : "language ");
	quoted(e, n->text, n->len);
}

/* Whether two analyses give the same searched terms. */
static int same_terms(const dk_query_terms *x, const dk_query_terms *y)
{
	if (x->n != y->n)
		return 0;
	for (size_t i = 0; i < x->n; i++)
		if (x->v[i].len != y->v[i].len ||
		    memcmp(x->v[i].term, y->v[i].term, x->v[i].len))
			return 0;
	return 1;
}

/* In an index of several stemmers, the forms the atom takes in the
 * articles of the other languages where they differ from the default's
 * (a: the default's analysis): "; german: klag (1 article)". */
static void other_languages(explainer *e, const dk_qnode *n,
			    const dk_query_terms *a, int phrase)
{
	size_t nl = e->langs ? dk_stemmers_count(e->langs) : 1;
	const char *prefix = dk_query_compile_field_prefix(n->field);
	for (size_t l = 1; l < nl; l++) {
		dk_analyzer *an = dk_stemmers_at(e->langs, l);
		dk_query_terms o;
		if (dk_query_terms_collect(an, n->text, n->len, 0, SHOW_TERMS, &o))
			continue;
		if (!same_terms(a, &o)) {
			dk_buf_printf(&e->b, "; %s:", dk_analyzer_language(an));
			const dk_query_token *single = NULL;
			size_t shown = 0;
			for (size_t i = 0; i < o.n;) {
				const dk_query_token *whole;
				size_t j = dk_query_terms_group(&o, i, &whole);
				for (size_t k = i; k < j; k++) {
					if (!dk_query_terms_searched(&o.v[k], whole,
								     phrase))
						continue;
					dk_buf_putc(&e->b, ' ');
					dk_buf_append(&e->b, o.v[k].term, o.v[k].len);
					single = &o.v[k];
					shown++;
				}
				i = j;
			}
			if (shown == 1)
				count(e, prefix, single->term, single->len);
		}
		dk_query_terms_free(&o);
	}
}

/* The terms a WORD or PHRASE becomes: groups of one identifier (WHOLE)
 * or of adjacent parts, as the compiler builds them. */
static void word_atom(explainer *e, const dk_qnode *n)
{
	dk_query_terms a;
	int phrase = n->kind == DK_Q_PHRASE;
	const char *prefix = dk_query_compile_field_prefix(n->field);
	/* An error leaves no terms: the atom is shown as ignored. */
	(void)dk_query_terms_collect(e->an, n->text, n->len, 0, SHOW_TERMS, &a);
	dk_buf_printf(&e->b, "%s%s ", field_label(n->field),
		      phrase ? "phrase" : "word");
	quoted(e, n->text, n->len);
	if (!a.n) {
		dk_buf_puts(&e->b, " -> no searchable term: ignored");
		return;
	}
	dk_buf_puts(&e->b, " ->");
	int all_stop = 1;
	size_t shown = 0;
	const dk_query_token *single = NULL;
	for (size_t i = 0; i < a.n;) {
		const dk_query_token *whole;
		size_t j = dk_query_terms_group(&a, i, &whole);
		for (size_t k = i; k < j; k++) {
			const dk_query_token *t = &a.v[k];
			if (!(t->flags & DK_TOKEN_STOP))
				all_stop = 0;
			if (!dk_query_terms_searched(t, whole, phrase))
				continue;
			dk_buf_putc(&e->b, ' ');
			dk_buf_append(&e->b, t->term, t->len);
			single = t;
			shown++;
		}
		i = j;
	}
	if (shown == 1)
		count(e, prefix, single->term, single->len);
	else
		dk_buf_puts(&e->b, " (adjacent, in this order)");
	if (all_stop && !phrase)
		dk_buf_puts(&e->b, " [stopword: searched only when the query has "
			    "nothing else]");
	other_languages(e, n, &a, phrase);
	dk_query_terms_free(&a);
}

typedef struct expansions {
	explainer *e;
	size_t n;
	size_t plen;
} expansions;

static int on_term(void *ctx, const char *t, size_t len, uint64_t df)
{
	expansions *x = ctx;
	(void)df;
	if (x->n < SHOW_EXPANSIONS) {
		dk_buf_puts(&x->e->b, x->n ? ", " : " ");
		dk_buf_append(&x->e->b, t + x->plen, len - x->plen);
	}
	x->n++;
	return 0;
}

static void prefix_atom(explainer *e, const dk_qnode *n)
{
	char norm[DK_MAX_TERM + 1];
	size_t nl = 0;
	dk_buf_printf(&e->b, "%sprefix ", field_label(n->field));
	quoted(e, n->text, n->len);
	if (dk_analyzer_stem(e->an, n->text, n->len, DK_ANALYZE_NO_STEM, norm,
			     sizeof norm, &nl) != DK_OK) {
		dk_buf_puts(&e->b, " -> no searchable term: ignored");
		return;
	}
	dk_buf term = DK_BUF_INIT;
	dk_buf_puts(&term, dk_query_compile_field_prefix(n->field));
	dk_buf_append(&term, norm, nl);
	dk_buf_printf(&e->b, " -> %s*:", norm);
	expansions x = { e, 0, strlen(dk_query_compile_field_prefix(n->field)) };
	if (!term.err)
		dk_reader_terms(e->r, term.data, term.len, DK_PREFIX_MAX + 1, on_term,
				&x);
	if (x.n > SHOW_EXPANSIONS)
		dk_buf_puts(&e->b, ", ...");
	if (x.n > DK_PREFIX_MAX)
		dk_buf_printf(&e->b, " (more than %d terms: only the %d most "
			      "frequent are searched)", DK_PREFIX_MAX,
			      DK_PREFIX_MAX);
	else
		dk_buf_printf(&e->b, " (%zu term%s)", x.n, x.n == 1 ? "" : "s");
	dk_buf_free(&term);
}

static void date_atom(explainer *e, const dk_qnode *n)
{
	char lo[11] = "", hi[11] = "";
	if (n->date_lo[0])
		snprintf(lo, sizeof lo, "%.4s-%.2s-%.2s", n->date_lo,
			 n->date_lo + 4, n->date_lo + 6);
	if (n->date_hi[0])
		snprintf(hi, sizeof hi, "%.4s-%.2s-%.2s", n->date_hi,
			 n->date_hi + 4, n->date_hi + 6);
	if (lo[0] && hi[0])
		dk_buf_printf(&e->b, "published %s .. %s", lo, hi);
	else if (lo[0])
		dk_buf_printf(&e->b, "published on or after %s", lo);
	else
		dk_buf_printf(&e->b, "published on or before %s", hi);
}

static int is_filter(const dk_qnode *n)
{
	if (n->kind == DK_Q_DATE)
		return 1;
	return (n->kind == DK_Q_WORD || n->kind == DK_Q_PHRASE ||
		n->kind == DK_Q_PREFIX) &&
	       (n->field == DK_FIELD_SITE || n->field == DK_FIELD_LANG ||
		n->field == DK_FIELD_CASE);
}

static int is_required(const dk_qnode *n)
{
	return n->mod == DK_QMOD_REQUIRED ||
	       ((n->kind == DK_Q_WORD || n->kind == DK_Q_PHRASE ||
		 n->kind == DK_Q_PREFIX) && n->field != DK_FIELD_ANY);
}

static void node(explainer *e, const dk_qnode *n, int depth);

enum role { ROLE_RANKED, ROLE_REQUIRED, ROLE_EXCLUDED, ROLE_FILTER };

static enum role role_of(const dk_qnode *k)
{
	if (k->mod == DK_QMOD_EXCLUDED)
		return ROLE_EXCLUDED;
	if (is_filter(k))
		return ROLE_FILTER;
	if (is_required(k))
		return ROLE_REQUIRED;
	return ROLE_RANKED;
}

static void bag(explainer *e, const dk_qnode *n, int depth)
{
	static const char *const heads[] = {
		"ranked words (any may match; more and rarer rank higher):",
		"required (every one must match):",
		"excluded:",
		"restricted to:"
	};
	for (int role = ROLE_RANKED; role <= ROLE_FILTER; role++) {
		int any = 0;
		for (size_t i = 0; i < n->nkids; i++) {
			if (role_of(n->kids[i]) != (enum role)role)
				continue;
			if (!any) {
				indent(e, depth);
				dk_buf_puts(&e->b, heads[role]);
				dk_buf_putc(&e->b, '\n');
				any = 1;
			}
			node(e, n->kids[i], depth + 1);
		}
	}
}

static void node(explainer *e, const dk_qnode *n, int depth)
{
	if (depth > DK_QP_TREE_DEPTH + 2)
		return;
	switch (n->kind) {
	case DK_Q_BAG:
		bag(e, n, depth);
		return;
	case DK_Q_AND:
	case DK_Q_OR:
	case DK_Q_NEAR:
	case DK_Q_NOT:
		indent(e, depth);
		if (n->kind == DK_Q_AND)
			dk_buf_puts(&e->b, "all of:\n");
		else if (n->kind == DK_Q_OR)
			dk_buf_puts(&e->b, "any of:\n");
		else if (n->kind == DK_Q_NEAR)
			dk_buf_printf(&e->b, "within %u words of each other:\n",
				      n->distance);
		else
			dk_buf_puts(&e->b, "the first, excluding the others:\n");
		for (size_t i = 0; i < n->nkids; i++)
			node(e, n->kids[i], depth + 1);
		return;
	default:
		break;
	}
	indent(e, depth);
	if (n->kind == DK_Q_DATE)
		date_atom(e, n);
	else if (is_filter(n))
		filter_atom(e, n);
	else if (n->kind == DK_Q_PREFIX)
		prefix_atom(e, n);
	else
		word_atom(e, n);
	dk_buf_putc(&e->b, '\n');
}

static void ranking(explainer *e, const dk_compiled *c,
		    const dk_rank_params *p, const dk_rank_info *info)
{
	dk_buf_printf(&e->b, "ranking: BM25 (k1 %g, b %g)", p->k1, p->b);
	if (p->title_weight > 0)
		dk_buf_printf(&e->b, ", title matches +%g", p->title_weight);
	if (info && info->nterms) {
		dk_buf_printf(&e->b, "; feedback from the %zu best article%s, "
			      "weight %g:", info->fb_docs,
			      info->fb_docs == 1 ? "" : "s", p->fb_weight);
		for (size_t i = 0; i < info->nterms; i++)
			dk_buf_printf(&e->b, "%s%s", i ? ", " : " ", info->terms[i]);
	}
	dk_buf_putc(&e->b, '\n');
	(void)c;
}

dk_status dk_explain(const dk_qnode *tree, const dk_compiled *c,
		     const dk_rank_params *p, const dk_rank_info *info,
		     dk_analyzer *an, dk_reader *r, char **out)
{
	explainer e = { DK_BUF_INIT, an, r, c->langs };
	char *d = NULL;
	*out = NULL;
	if (!tree) {
		dk_buf_puts(&e.b, "read as: nothing searchable\n");
	} else {
		dk_buf_puts(&e.b, "read as:\n");
		node(&e, tree, 1);
		if (c->query)
			ranking(&e, c, p, info);
		if (dk_qnode_describe(tree, &d) == DK_OK) {
			dk_buf_printf(&e.b, "parsed: %s\n", d);
			free(d);
			d = NULL;
		}
	}
	if (c->query && dk_query_describe(c->query, &d) == DK_OK) {
		dk_buf_printf(&e.b, "index query: %s\n", d);
		free(d);
	}
	if (e.b.len && e.b.data[e.b.len - 1] == '\n')
		e.b.data[--e.b.len] = '\0';
	if (e.b.err) {
		dk_buf_free(&e.b);
		return DK_ERR_NOMEM;
	}
	*out = dk_buf_detach(&e.b, NULL);
	return *out ? DK_OK : DK_ERR_NOMEM;
}
