/*
 * query_parser.h - Docket's query language, parsed into a syntax tree.
 *
 * Prefix: dk_qparse (dk_qparse() and the dk_qnode tree).
 *
 * The parser never fails on user input: every byte string is a query.
 * Unbalanced quotes close at the end, unbalanced parentheses close at the
 * end (or a stray ')' is ignored), operators with nothing to act on are
 * dropped, unknown "field:" prefixes and lone colons stay part of the word,
 * control characters are spaces, and nesting deeper than DK_QP_MAX_DEPTH
 * is flattened.  It knows nothing of the index: the searcher compiles the
 * tree into an index query, running each WORD/PHRASE/PREFIX text through
 * the shared analyzer.
 *
 * Grammar (operators are upper-case words; lower-case "and" is a word):
 *
 *   query    := or_expr
 *   or_expr  := and_expr ( "OR" and_expr )*           also "|" "||"
 *   and_expr := not_expr ( "AND" not_expr )*          also "&" "&&"
 *   not_expr := bag ( "NOT" bag )*
 *   bag      := item+                                  implicit: ranked
 *   item     := [ "+" | "-" ] unit ( "NEAR" [ "/" N ] unit )*
 *   unit     := "(" query ")" | FIELD ":" "(" query ")"
 *             | FIELD ":" atom | "date:" RANGE | atom
 *   atom     := '"' words '"' | WORD "*" | WORD
 *
 * Tokens.  Words end at spaces, parentheses and quotes; '"', U+201C and
 * U+201D all open and close phrases.  Spaces are ASCII space, control
 * bytes (NUL included) and DEL, plus the Unicode spaces NBSP, U+2000..200B,
 * U+3000 and the like.  An operator is a whole word: "AND(" is the
 * operator, "AT&T" and "a|b" are words.  '+' or '-' is a modifier only at
 * the start of a word, phrase, field or '(' (a run of them counts as its
 * first); inside a word it is part of the word ("class-action",
 * "3:25-cv-00709"); with nothing after it, it is dropped.  After a
 * modifier, "AND", "OR", "NOT" and "NEAR" are plain words ("-OR").
 *
 * Tree shape (describe() output is part of the contract, tests pin it):
 *   - A bag, AND or OR of one thing is that thing; a BAG is kept around a
 *     single item only when the item has a modifier: "+a" is
 *     (BAG +(WORD "a")), "a" is (WORD "a").
 *   - Children of the same kind are spliced in: "a OR (b OR c)" is one OR
 *     of three, "a (b c)" one BAG of three (but "a (b +c)" keeps its inner
 *     BAG, whose '+' is local to it).  NEAR chains are one NEAR whose
 *     distance is the largest in the chain.
 *   - A modifier is set (n->mod) only on the children of a BAG.
 *   - NOT with no left operand ("NOT a b", "x OR NOT a") excludes the
 *     first item after it, as '-' would: (BAG -(WORD "a") (WORD "b")).
 *   - Any operator missing an operand is dropped ("AND a", "a OR", "OR OR",
 *     "a NEAR"); so are an unmatched ')' and the ')' of a flattened '('.
 *
 * Atoms.
 *   - FIELD is one of title source site author case party court lang
 *     (case-insensitive); the text is everything after the colon
 *     ("site:example.com" -> "example.com").  "title:(a b)" gives the
 *     field to every atom inside that has none.  An unknown prefix
 *     ("foo:bar", "http://x", "3:25-cv-00709") stays in the WORD, colon
 *     and all.  "title:" with nothing attached is dropped with its
 *     modifier.
 *   - RANGE is D, A..B (either side may be empty, not both; a reversed
 *     range is swapped), >D, >=D, <D, <=D, where D is YYYY, YYYY-MM,
 *     YYYY-MM-DD ('/' also separates; one-digit month and day accepted),
 *     YYYYMM or YYYYMMDD.  date_lo/date_hi are "YYYYMMDD", inclusive,
 *     compared as strings: a year covers 0101..1231, a month 01..31 (31 for
 *     every month), ">D" starts the day after everything D covers (">2025"
 *     is 20260101..) and "<D" ends the day before it.  Day and month must
 *     exist: "date:2025-02-30" and "date:yesterday" are not ranges and are
 *     read as the plain WORD "date:2025-02-30".  "date:" alone is dropped.
 *   - WORD "*" (any number of trailing stars) is a PREFIX; a '*' inside a
 *     word stays in it; a word of only stars is dropped.
 *   - "§ 230" (section signs, spaces, then a word starting with a digit)
 *     is one WORD, its spaces made one: "§ 230".
 *   - Text is copied as typed, except that each run of spaces in a phrase
 *     becomes one ' ' and a phrase is trimmed.  Invalid UTF-8 passes
 *     through.  An atom with no ASCII letter or digit and no byte above
 *     0x7f ("!!!", ":", "\"\"") is dropped.
 *   - NEAR without /N, or with a bad N, means NEAR/10; N is clamped to
 *     1..1000.
 *
 * Limits.  Parentheses nested deeper than DK_QP_MAX_DEPTH are read as
 * spaces (a modifier on them passes to the next item), so the parser's
 * recursion and the tree depth are bounded whatever the input: each level
 * adds at most five interior nodes (OR AND NOT BAG NEAR), hence
 * DK_QP_TREE_DEPTH.  Atoms beyond DK_QP_MAX_NODES are dropped.  Both are
 * reported through *warning.
 *
 * With DK_QP_PLAIN the whole text is one bag of WORDs (a single WORD when
 * there is one): runs between spaces, quotes and parentheses, without
 * their leading '+'/'-' and trailing '*', "§ 230" merged as above; no
 * operators, fields, phrases, prefixes or dates (for natural-language
 * topics).
 */
#ifndef DK_QUERY_PARSER_H
#define DK_QUERY_PARSER_H

#include <stddef.h>
#include <stdint.h>

#include "../common/status.h"

#define DK_QP_MAX_DEPTH 64     /* parentheses nested deeper are flattened */
#define DK_QP_MAX_NODES 1024   /* atoms beyond this are dropped (with a warning) */
#define DK_QP_NEAR_DEFAULT 10
/* No path from the root to a leaf holds more nodes than this. */
#define DK_QP_TREE_DEPTH (5 * (DK_QP_MAX_DEPTH + 1) + 1)

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
 * Parse q[0..len) (NUL bytes included; q may be NULL when len is 0).  *out
 * is a new tree the caller frees with dk_qnode_free(), or NULL when the
 * query holds nothing searchable (empty, only spaces or punctuation, only
 * dropped operators).  *warning (may be NULL) receives a malloc'd one-line
 * note the caller frees when something was cut or ignored (depth cap, node
 * cap), else NULL.  Fails only with DK_ERR_NOMEM (or DK_ERR_INVALID for a
 * NULL out, or a NULL q with len > 0); *out and *warning are then NULL.
 */
dk_status dk_qparse(const char *q, size_t len, unsigned flags, dk_qnode **out,
		    char **warning);

void dk_qnode_free(dk_qnode *n);

/*
 * A one-line, fully parenthesized description of the tree, for --explain
 * and tests, e.g. (AND (WORD "linkedin") (PHRASE title:"class action")),
 * (BAG (WORD "a") +(PREFIX "b") -(WORD site:"x.com")), (NEAR/5 ...),
 * (DATE 20250121..20250131), (DATE ..20241231).  A BAG child's modifier
 * is written before its '('.  In text, '"' and '\\' are backslash-escaped
 * and control bytes written \xNN.  A NULL tree is "".  *out is malloc'd;
 * the caller frees it.
 */
dk_status dk_qnode_describe(const dk_qnode *n, char **out);

/* The field's name as typed in queries ("title"), or "" for DK_FIELD_ANY. */
const char *dk_qfield_name(dk_qfield f);

#endif
