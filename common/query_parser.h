/*
 * query_parser.h - Docket's query language, parsed into a syntax tree.
 *
 * The parser never fails on user input: every byte string is a query.
 * Unbalanced quotes close at the end, unbalanced parentheses close at the
 * end (or a stray ')' is ignored), operators with nothing to act on are
 * dropped, unknown "field:" prefixes and lone colons stay part of the word,
 * control characters are spaces, and nesting deeper than DK_QP_MAX_DEPTH
 * is flattened.  It knows nothing of the index: the searcher compiles the
 * tree into an index query, running each TERM/PHRASE/PREFIX text through
 * the shared analyzer.
 *
 * Grammar (operators are upper-case words; lower-case "and" is a word):
 *
 *   query    := or_expr
 *   or_expr  := and_expr ( "OR" and_expr )*           also "|"
 *   and_expr := not_expr ( "AND" not_expr )*          also "&"
 *   not_expr := bag ( "NOT" bag )*
 *   bag      := item+                                  implicit: ranked
 *   item     := [ "+" | "-" ] unit ( "NEAR" [ "/" N ] unit )*
 *   unit     := "(" query ")" | FIELD ":" atom | "date:" RANGE | atom
 *   atom     := '"' words '"' | WORD "*" | WORD
 *
 * FIELD is one of title source site author case party court lang
 * (case-insensitive).  RANGE is YYYY[-MM[-DD]], A..B (either side may be
 * empty), >A, >=A, <A, <=A.  NEAR without /N means NEAR/10.
 * "§ 230" (a section sign then a number) is read as one WORD.
 *
 * With DK_QP_PLAIN the whole text is one bag of WORDs: no operators,
 * fields, phrases or prefixes (for natural-language topics).
 */
#ifndef DK_QUERY_PARSER_H
#define DK_QUERY_PARSER_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define DK_QP_MAX_DEPTH 64     /* parentheses nested deeper are flattened */
#define DK_QP_MAX_NODES 1024   /* atoms beyond this are dropped (with a warning) */
#define DK_QP_NEAR_DEFAULT 10

typedef enum dk_qkind {
	DK_Q_WORD,    /* text: one word as typed (may be an identifier) */
	DK_Q_PHRASE,  /* text: the words between the quotes */
	DK_Q_PREFIX,  /* text: the word before the '*' */
	DK_Q_DATE,    /* date_lo..date_hi */
	DK_Q_BAG,     /* kids: juxtaposed items, each with its modifier */
	DK_Q_AND,     /* kids: all must match */
	DK_Q_OR,      /* kids: any may match */
	DK_Q_NOT,     /* kids[0] and none of kids[1..] */
	DK_Q_NEAR     /* kids: within `distance` words of each other */
} dk_qkind;

typedef enum dk_qmod {
	DK_QMOD_NONE = 0,
	DK_QMOD_REQUIRED,  /* '+' */
	DK_QMOD_EXCLUDED   /* '-' */
} dk_qmod;

typedef enum dk_qfield {
	DK_FIELD_ANY = 0, DK_FIELD_TITLE, DK_FIELD_SOURCE, DK_FIELD_SITE,
	DK_FIELD_AUTHOR, DK_FIELD_CASE, DK_FIELD_PARTY, DK_FIELD_COURT,
	DK_FIELD_LANG
} dk_qfield;

typedef struct dk_qnode dk_qnode;
struct dk_qnode {
	dk_qkind kind;
	dk_qmod mod;          /* the item's modifier inside a BAG */
	dk_qfield field;      /* for WORD, PHRASE, PREFIX */
	char *text;           /* NUL-terminated copy, for WORD, PHRASE, PREFIX */
	size_t len;
	char date_lo[9];      /* "YYYYMMDD" inclusive, "" when open */
	char date_hi[9];      /* "YYYYMMDD" inclusive, "" when open */
	uint32_t distance;    /* NEAR window in words */
	dk_qnode **kids;
	size_t nkids;
};

enum dk_qparse_flags {
	DK_QP_PLAIN = 1u << 0  /* words only: no operators, fields or phrases */
};

/*
 * Parse q[0..len).  *out is a new tree the caller frees with
 * dk_qnode_free(), or NULL when the query holds nothing searchable (empty,
 * only spaces or punctuation).  *warning (may be NULL) receives a malloc'd
 * one-line note the caller frees when something was cut or ignored (depth
 * cap, node cap), else NULL.  Fails only with DK_ERR_NOMEM.
 */
dk_status dk_qparse(const char *q, size_t len, unsigned flags, dk_qnode **out,
		    char **warning);

void dk_qnode_free(dk_qnode *n);

/*
 * A one-line, fully parenthesized description of the tree, for --explain
 * and tests, e.g. (AND (WORD "linkedin") (PHRASE title:"class action")).
 * *out is malloc'd; the caller frees it.
 */
dk_status dk_qnode_describe(const dk_qnode *n, char **out);

/* The field's name as typed in queries ("title"), or "" for DK_FIELD_ANY. */
const char *dk_qfield_name(dk_qfield f);

#endif
