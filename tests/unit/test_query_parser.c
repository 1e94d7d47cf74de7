/*
 * test_query_parser.c - table-driven tests for searcher/query_parser.c.
 *
 * Each row of `rows` is a query, its flags and the dk_qnode_describe()
 * text expected for it (NULL: nothing searchable, *out is NULL); each row
 * runs as its own cmocka test, named after the query.  Rows follow the
 * "Forms" table of doc/query-language.md, then the hostile inputs.  The tests after the
 * table cover what a description cannot show: the caps and their
 * warnings, speed on deep nesting, the node fields, describe's escaping
 * and argument checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fixture.h"

#include "../../searcher/query_parser.h"

#define PLAIN DK_QP_PLAIN

struct row {
	const char *q;
	size_t len;          /* 0: strlen(q) */
	unsigned flags;
	const char *want;    /* NULL: no tree */
};

/* A row whose query holds NUL bytes: its length comes from the literal. */
#define BIN(lit, flags, want) { lit, sizeof(lit) - 1, flags, want }

static const struct row rows[] = {
	/* word word: a ranked bag; one word alone is itself. */
	{ "linkedin", 0, 0, "(WORD \"linkedin\")" },
	{ "linkedin privacy", 0, 0, "(BAG (WORD \"linkedin\") (WORD \"privacy\"))" },
	{ "  spaced   out  ", 0, 0, "(BAG (WORD \"spaced\") (WORD \"out\"))" },
	{ "a and b or c not d", 0, 0,
	  "(BAG (WORD \"a\") (WORD \"and\") (WORD \"b\") (WORD \"or\") (WORD \"c\") (WORD \"not\") (WORD \"d\"))" },
	{ "LinkedIn’s café", 0, 0, "(BAG (WORD \"LinkedIn’s\") (WORD \"café\"))" },

	/* "exact phrase" */
	{ "\"exact phrase\"", 0, 0, "(PHRASE \"exact phrase\")" },
	{ "\"class action\" lawsuit", 0, 0, "(BAG (PHRASE \"class action\") (WORD \"lawsuit\"))" },
	{ "\"one\"", 0, 0, "(PHRASE \"one\")" },
	{ "\"  a \t  b  \"", 0, 0, "(PHRASE \"a b\")" },
	{ "x \"unbalanced to the end", 0, 0, "(BAG (WORD \"x\") (PHRASE \"unbalanced to the end\"))" },
	{ "\"\" a", 0, 0, "(WORD \"a\")" },
	{ "\"   \"", 0, 0, NULL },
	{ "\"!!\" a", 0, 0, "(WORD \"a\")" },
	{ "“curly quotes” x", 0, 0, "(BAG (PHRASE \"curly quotes\") (WORD \"x\"))" },
	{ "“mixed\" ”", 0, 0, "(PHRASE \"mixed\")" },
	{ "a\"b c\"d", 0, 0, "(BAG (WORD \"a\") (PHRASE \"b c\") (WORD \"d\"))" },
	{ "\"(a OR b) NEAR c\"", 0, 0, "(PHRASE \"(a OR b) NEAR c\")" },

	/* +word / -word */
	{ "+word", 0, 0, "(BAG +(WORD \"word\"))" },
	{ "-word", 0, 0, "(BAG -(WORD \"word\"))" },
	{ "linkedin +title:\"class action\" -x", 0, 0,
	  "(BAG (WORD \"linkedin\") +(PHRASE title:\"class action\") -(WORD \"x\"))" },
	{ "a -\"b c\" +(d OR e)", 0, 0,
	  "(BAG (WORD \"a\") -(PHRASE \"b c\") +(OR (WORD \"d\") (WORD \"e\")))" },
	{ "-(a b) c", 0, 0, "(BAG -(BAG (WORD \"a\") (WORD \"b\")) (WORD \"c\"))" },
	{ "a - b + c", 0, 0, "(BAG (WORD \"a\") (WORD \"b\") (WORD \"c\"))" },
	{ "--a +-b", 0, 0, "(BAG -(WORD \"a\") +(WORD \"b\"))" },
	{ "-5 degrees", 0, 0, "(BAG -(WORD \"5\") (WORD \"degrees\"))" },
	{ "C++ a-", 0, 0, "(BAG (WORD \"C++\") (WORD \"a-\"))" },
	{ "-OR -AND +NEAR", 0, 0, "(BAG -(WORD \"OR\") -(WORD \"AND\") +(WORD \"NEAR\"))" },
	{ "(-a)", 0, 0, "(BAG -(WORD \"a\"))" },
	{ "x -)", 0, 0, "(WORD \"x\")" },
	{ "-\"\" x", 0, 0, "(WORD \"x\")" },

	/* Hyphens and colons inside identifiers are part of the word. */
	{ "class-action", 0, 0, "(WORD \"class-action\")" },
	{ "25-00709", 0, 0, "(WORD \"25-00709\")" },
	{ "3:25-cv-00709", 0, 0, "(WORD \"3:25-cv-00709\")" },
	{ "CVE-2024-3094", 0, 0, "(WORD \"CVE-2024-3094\")" },
	{ "xz CVE-2024-3094 -backdoor", 0, 0,
	  "(BAG (WORD \"xz\") (WORD \"CVE-2024-3094\") -(WORD \"backdoor\"))" },
	{ "foo:bar", 0, 0, "(WORD \"foo:bar\")" },
	{ "http://example.com/a?b=c", 0, 0, "(WORD \"http://example.com/a?b=c\")" },
	{ "foo:", 0, 0, "(WORD \"foo:\")" },
	{ ":foo", 0, 0, "(WORD \":foo\")" },

	/* AND OR NOT ( ): NOT > AND > OR; groups. */
	{ "a AND b", 0, 0, "(AND (WORD \"a\") (WORD \"b\"))" },
	{ "a OR b", 0, 0, "(OR (WORD \"a\") (WORD \"b\"))" },
	{ "a NOT b", 0, 0, "(NOT (WORD \"a\") (WORD \"b\"))" },
	{ "a AND b OR c", 0, 0, "(OR (AND (WORD \"a\") (WORD \"b\")) (WORD \"c\"))" },
	{ "a OR b AND c", 0, 0, "(OR (WORD \"a\") (AND (WORD \"b\") (WORD \"c\")))" },
	{ "a AND b NOT c", 0, 0, "(AND (WORD \"a\") (NOT (WORD \"b\") (WORD \"c\")))" },
	{ "a NOT b NOT c", 0, 0, "(NOT (WORD \"a\") (WORD \"b\") (WORD \"c\"))" },
	{ "a b AND c d", 0, 0,
	  "(AND (BAG (WORD \"a\") (WORD \"b\")) (BAG (WORD \"c\") (WORD \"d\")))" },
	{ "a OR b OR c", 0, 0, "(OR (WORD \"a\") (WORD \"b\") (WORD \"c\"))" },
	{ "a OR (b OR c)", 0, 0, "(OR (WORD \"a\") (WORD \"b\") (WORD \"c\"))" },
	{ "(a AND b) AND c", 0, 0, "(AND (WORD \"a\") (WORD \"b\") (WORD \"c\"))" },
	{ "(a NOT b) NOT c", 0, 0, "(NOT (WORD \"a\") (WORD \"b\") (WORD \"c\"))" },
	{ "(a OR b) c", 0, 0, "(BAG (OR (WORD \"a\") (WORD \"b\")) (WORD \"c\"))" },
	{ "(a OR b) AND (c OR d)", 0, 0,
	  "(AND (OR (WORD \"a\") (WORD \"b\")) (OR (WORD \"c\") (WORD \"d\")))" },
	{ "a (b c)", 0, 0, "(BAG (WORD \"a\") (WORD \"b\") (WORD \"c\"))" },
	{ "a (b +c)", 0, 0, "(BAG (WORD \"a\") (BAG (WORD \"b\") +(WORD \"c\")))" },
	{ "((((a))))", 0, 0, "(WORD \"a\")" },
	{ "a & b | c", 0, 0, "(OR (AND (WORD \"a\") (WORD \"b\")) (WORD \"c\"))" },
	{ "a && b || c", 0, 0, "(OR (AND (WORD \"a\") (WORD \"b\")) (WORD \"c\"))" },
	{ "AT&T a|b", 0, 0, "(BAG (WORD \"AT&T\") (WORD \"a|b\"))" },
	{ "a AND(b)", 0, 0, "(AND (WORD \"a\") (WORD \"b\"))" },
	{ "NOT foo", 0, 0, "(BAG -(WORD \"foo\"))" },
	{ "NOT foo bar", 0, 0, "(BAG -(WORD \"foo\") (WORD \"bar\"))" },
	{ "NOT NOT foo", 0, 0, "(BAG -(WORD \"foo\"))" },
	{ "NOT +foo", 0, 0, "(BAG -(WORD \"foo\"))" },
	{ "NOT (a b)", 0, 0, "(BAG -(BAG (WORD \"a\") (WORD \"b\")))" },
	{ "x OR NOT a", 0, 0, "(OR (WORD \"x\") (BAG -(WORD \"a\")))" },
	{ "x AND NOT a", 0, 0, "(AND (WORD \"x\") (BAG -(WORD \"a\")))" },

	/* Operators missing an operand are dropped. */
	{ "AND foo", 0, 0, "(WORD \"foo\")" },
	{ "foo OR", 0, 0, "(WORD \"foo\")" },
	{ "foo NOT", 0, 0, "(WORD \"foo\")" },
	{ "OR OR", 0, 0, NULL },
	{ "AND OR NOT", 0, 0, NULL },
	{ "a AND AND b", 0, 0, "(AND (WORD \"a\") (WORD \"b\"))" },
	{ "a OR AND b", 0, 0, "(OR (WORD \"a\") (WORD \"b\"))" },
	{ "a AND OR b", 0, 0, "(OR (WORD \"a\") (WORD \"b\"))" },
	{ "a NOT NOT b", 0, 0, "(NOT (WORD \"a\") (WORD \"b\"))" },
	{ "(OR a)", 0, 0, "(WORD \"a\")" },
	{ "() a ( ) (AND)", 0, 0, "(WORD \"a\")" },

	/* NEAR */
	{ "a NEAR/5 b", 0, 0, "(NEAR/5 (WORD \"a\") (WORD \"b\"))" },
	{ "a NEAR b", 0, 0, "(NEAR/10 (WORD \"a\") (WORD \"b\"))" },
	{ "a NEAR/3 b NEAR/3 c", 0, 0, "(NEAR/3 (WORD \"a\") (WORD \"b\") (WORD \"c\"))" },
	{ "a NEAR/3 b NEAR/7 c", 0, 0, "(NEAR/7 (WORD \"a\") (WORD \"b\") (WORD \"c\"))" },
	{ "a NEAR/abc b", 0, 0, "(NEAR/10 (WORD \"a\") (WORD \"b\"))" },
	{ "a NEAR/ b", 0, 0, "(NEAR/10 (WORD \"a\") (WORD \"b\"))" },
	{ "a NEAR/5x b", 0, 0, "(NEAR/10 (WORD \"a\") (WORD \"b\"))" },
	{ "a NEAR/99999999999999999999 b", 0, 0, "(NEAR/1000 (WORD \"a\") (WORD \"b\"))" },
	{ "a NEAR/1000 b", 0, 0, "(NEAR/1000 (WORD \"a\") (WORD \"b\"))" },
	{ "a NEAR/0 b", 0, 0, "(NEAR/1 (WORD \"a\") (WORD \"b\"))" },
	{ "\"a b\" NEAR/2 title:c", 0, 0, "(NEAR/2 (PHRASE \"a b\") (WORD title:\"c\"))" },
	{ "x -a NEAR b y", 0, 0,
	  "(BAG (WORD \"x\") -(NEAR/10 (WORD \"a\") (WORD \"b\")) (WORD \"y\"))" },
	{ "a NEAR -b", 0, 0, "(NEAR/10 (WORD \"a\") (WORD \"b\"))" },
	{ "(a OR b) NEAR c", 0, 0, "(NEAR/10 (OR (WORD \"a\") (WORD \"b\")) (WORD \"c\"))" },
	{ "NEAR/900 a NEAR/3 b", 0, 0, "(NEAR/3 (WORD \"a\") (WORD \"b\"))" },
	{ "a NEAR/900 NEAR/3 b", 0, 0, "(NEAR/3 (WORD \"a\") (WORD \"b\"))" },
	{ "a NEAR", 0, 0, "(WORD \"a\")" },
	{ "NEAR b", 0, 0, "(WORD \"b\")" },
	{ "near by NEARBY", 0, 0, "(BAG (WORD \"near\") (WORD \"by\") (WORD \"NEARBY\"))" },

	/* field:word, field:"a phrase", field:prefix* */
	{ "title:privacy", 0, 0, "(WORD title:\"privacy\")" },
	{ "title:\"a phrase\"", 0, 0, "(PHRASE title:\"a phrase\")" },
	{ "title:“curly phrase”", 0, 0, "(PHRASE title:\"curly phrase\")" },
	{ "title:priv*", 0, 0, "(PREFIX title:\"priv\")" },
	{ "source:reuters site:example.com author:smith", 0, 0,
	  "(BAG (WORD source:\"reuters\") (WORD site:\"example.com\") (WORD author:\"smith\"))" },
	{ "case:3:25-cv-00709 party:meta court:ndcal lang:en", 0, 0,
	  "(BAG (WORD case:\"3:25-cv-00709\") (WORD party:\"meta\") (WORD court:\"ndcal\") (WORD lang:\"en\"))" },
	{ "TITLE:Privacy Site:Example.COM", 0, 0,
	  "(BAG (WORD title:\"Privacy\") (WORD site:\"Example.COM\"))" },
	{ "site:https://www.example.com/path", 0, 0, "(WORD site:\"https://www.example.com/path\")" },
	{ "title:", 0, 0, NULL },
	{ "a title: b", 0, 0, "(BAG (WORD \"a\") (WORD \"b\"))" },
	{ "a -title: b", 0, 0, "(BAG (WORD \"a\") (WORD \"b\"))" },
	{ "title:*", 0, 0, NULL },
	{ "title:\"\"", 0, 0, NULL },
	{ "title:(a \"b c\" d* site:e)", 0, 0,
	  "(BAG (WORD title:\"a\") (PHRASE title:\"b c\") (PREFIX title:\"d\") (WORD site:\"e\"))" },
	{ "-title:(a b) c", 0, 0,
	  "(BAG -(BAG (WORD title:\"a\") (WORD title:\"b\")) (WORD \"c\"))" },
	{ "title:(a) b", 0, 0, "(BAG (WORD title:\"a\") (WORD \"b\"))" },
	{ "title:a:b", 0, 0, "(WORD title:\"a:b\")" },

	/* date: */
	{ "date:2025", 0, 0, "(DATE 20250101..20251231)" },
	{ "date:2025-01", 0, 0, "(DATE 20250101..20250131)" },
	{ "date:2025-02", 0, 0, "(DATE 20250201..20250231)" },
	{ "date:2025-01-21", 0, 0, "(DATE 20250121..20250121)" },
	{ "date:2025-01-21..2025-01-31", 0, 0, "(DATE 20250121..20250131)" },
	{ "date:2024..2025-06", 0, 0, "(DATE 20240101..20250631)" },
	{ "date:2025-01-31..2025-01-21", 0, 0, "(DATE 20250121..20250131)" },
	{ "date:2026..2025", 0, 0, "(DATE 20250101..20261231)" },
	{ "date:>2024-09-18", 0, 0, "(DATE 20240919..)" },
	{ "date:>=2024-09-18", 0, 0, "(DATE 20240918..)" },
	{ "date:>2024-12-31", 0, 0, "(DATE 20250101..)" },
	{ "date:>2024-02-28", 0, 0, "(DATE 20240229..)" },
	{ "date:>2025-02-28", 0, 0, "(DATE 20250301..)" },
	{ "date:>2025-01", 0, 0, "(DATE 20250201..)" },
	{ "date:>2025-12", 0, 0, "(DATE 20260101..)" },
	{ "date:>2025", 0, 0, "(DATE 20260101..)" },
	{ "date:>=2025", 0, 0, "(DATE 20250101..)" },
	{ "date:<2025", 0, 0, "(DATE ..20241231)" },
	{ "date:<=2025", 0, 0, "(DATE ..20251231)" },
	{ "date:<2025-03-01", 0, 0, "(DATE ..20250228)" },
	{ "date:<2024-03-01", 0, 0, "(DATE ..20240229)" },
	{ "date:<2025-01-01", 0, 0, "(DATE ..20241231)" },
	{ "date:<2025-03", 0, 0, "(DATE ..20250231)" },
	{ "date:<2025-01", 0, 0, "(DATE ..20241231)" },
	{ "date:..2025-01-31", 0, 0, "(DATE ..20250131)" },
	{ "date:2025-01-21..", 0, 0, "(DATE 20250121..)" },
	{ "date:2025/01/21", 0, 0, "(DATE 20250121..20250121)" },
	{ "date:2025/1/5", 0, 0, "(DATE 20250105..20250105)" },
	{ "date:2025-1", 0, 0, "(DATE 20250101..20250131)" },
	{ "date:2025-1-", 0, 0, "(WORD \"date:2025-1-\")" },
	{ "date:2025-01/21", 0, 0, "(DATE 20250121..20250121)" },
	{ "date:20250121", 0, 0, "(DATE 20250121..20250121)" },
	{ "date:202501", 0, 0, "(DATE 20250101..20250131)" },
	{ "date:2024-02-29", 0, 0, "(DATE 20240229..20240229)" },
	{ "DATE:2025", 0, 0, "(DATE 20250101..20251231)" },
	{ "privacy -date:2025 +date:>=2024", 0, 0,
	  "(BAG (WORD \"privacy\") -(DATE 20250101..20251231) +(DATE 20240101..))" },
	{ "date:yesterday", 0, 0, "(WORD \"date:yesterday\")" },
	{ "date:2025-13-45", 0, 0, "(WORD \"date:2025-13-45\")" },
	{ "date:2025-02-30", 0, 0, "(WORD \"date:2025-02-30\")" },
	{ "date:2025-02-29", 0, 0, "(WORD \"date:2025-02-29\")" },
	{ "date:2025-00", 0, 0, "(WORD \"date:2025-00\")" },
	{ "date:25", 0, 0, "(WORD \"date:25\")" },
	{ "date:2025-01-21..2025-01-32", 0, 0, "(WORD \"date:2025-01-21..2025-01-32\")" },
	{ "date:2025..2026..2027", 0, 0, "(WORD \"date:2025..2026..2027\")" },
	{ "date:..", 0, 0, "(WORD \"date:..\")" },
	{ "date:>", 0, 0, "(WORD \"date:>\")" },
	{ "date:>9999", 0, 0, "(WORD \"date:>9999\")" },
	{ "date:<0000", 0, 0, "(WORD \"date:<0000\")" },
	{ "date:2025*", 0, 0, "(PREFIX \"date:2025\")" },
	{ "date:", 0, 0, NULL },
	{ "a date: b", 0, 0, "(BAG (WORD \"a\") (WORD \"b\"))" },

	/* word* */
	{ "word*", 0, 0, "(PREFIX \"word\")" },
	{ "word***", 0, 0, "(PREFIX \"word\")" },
	{ "a*b", 0, 0, "(WORD \"a*b\")" },
	{ "*lead", 0, 0, "(WORD \"*lead\")" },
	{ "*", 0, 0, NULL },
	{ "a * b **", 0, 0, "(BAG (WORD \"a\") (WORD \"b\"))" },
	{ "-priv* +x*", 0, 0, "(BAG -(PREFIX \"priv\") +(PREFIX \"x\"))" },
	{ "\"a b\"*", 0, 0, "(PHRASE \"a b\")" },

	/* § 230 */
	{ "§ 230", 0, 0, "(WORD \"§ 230\")" },
	{ "§230", 0, 0, "(WORD \"§230\")" },
	{ "§   230 immunity", 0, 0, "(BAG (WORD \"§ 230\") (WORD \"immunity\"))" },
	{ "§§ 1-5", 0, 0, "(WORD \"§§ 1-5\")" },
	{ "section § 230(c)", 0, 0, "(BAG (WORD \"section\") (WORD \"§ 230\") (WORD \"c\"))" },
	{ "§ x", 0, 0, "(BAG (WORD \"§\") (WORD \"x\"))" },
	{ "title:§ 230", 0, 0, "(WORD title:\"§ 230\")" },
	{ "§ 23*", 0, 0, "(PREFIX \"§ 23\")" },

	/* Controls, odd spaces, invalid UTF-8. */
	BIN("a\x01" "b\tc\nd\re\x7f" "f", 0,
	    "(BAG (WORD \"a\") (WORD \"b\") (WORD \"c\") (WORD \"d\") (WORD \"e\") (WORD \"f\"))"),
	BIN("a\0b", 0, "(BAG (WORD \"a\") (WORD \"b\"))"),
	BIN("\0\0\0", 0, NULL),
	BIN("\"x\0y\"", 0, "(PHRASE \"x y\")"),
	{ "a\xc2\xa0" "b\xe3\x80\x80" "c\xe2\x80\x89" "d\xef\xbb\xbf" "e", 0, 0,
	  "(BAG (WORD \"a\") (WORD \"b\") (WORD \"c\") (WORD \"d\") (WORD \"e\"))" },
	{ "caf\xc3 \xff\xfe x\x80y", 0, 0,
	  "(BAG (WORD \"caf\xc3\") (WORD \"\xff\xfe\") (WORD \"x\x80y\"))" },
	{ "\xe2\x80", 0, 0, "(WORD \"\xe2\x80\")" },
	{ "a\\b \"q\\\"x\"", 0, 0, "(BAG (WORD \"a\\\\b\") (PHRASE \"q\\\\\") (WORD \"x\"))" },

	/* Hostile and degenerate inputs. */
	{ "", 0, 0, NULL },
	{ "   \t  ", 0, 0, NULL },
	{ "!!! ?? ...", 0, 0, NULL },
	{ ":", 0, 0, NULL },
	{ "\"", 0, 0, NULL },
	{ "-", 0, 0, NULL },
	{ "+", 0, 0, NULL },
	{ "NEAR/", 0, 0, NULL },
	{ "NEAR", 0, 0, NULL },
	{ "))))((((", 0, 0, NULL },
	{ "a) b", 0, 0, "(BAG (WORD \"a\") (WORD \"b\"))" },
	{ "x ))))(((( y", 0, 0, "(BAG (WORD \"x\") (WORD \"y\"))" },
	{ "((a b", 0, 0, "(BAG (WORD \"a\") (WORD \"b\"))" },
	{ "(a OR b", 0, 0, "(OR (WORD \"a\") (WORD \"b\"))" },
	{ "(a) ) OR b", 0, 0, "(OR (WORD \"a\") (WORD \"b\"))" },
	{ "( \"a b ) c", 0, 0, "(PHRASE \"a b ) c\")" },
	{ "( ( ( ) ) )", 0, 0, NULL },
	{ "a:b:c::", 0, 0, "(WORD \"a:b:c::\")" },

	/* DK_QP_PLAIN: words only. */
	{ "What are the effects of climate change?", 0, PLAIN,
	  "(BAG (WORD \"What\") (WORD \"are\") (WORD \"the\") (WORD \"effects\") (WORD \"of\") (WORD \"climate\") (WORD \"change?\"))" },
	{ "one", 0, PLAIN, "(WORD \"one\")" },
	{ "\"a phrase\" (group) +req -exc pre* title:x a-b", 0, PLAIN,
	  "(BAG (WORD \"a\") (WORD \"phrase\") (WORD \"group\") (WORD \"req\") (WORD \"exc\") (WORD \"pre\") (WORD \"title:x\") (WORD \"a-b\"))" },
	{ "a AND b OR NOT c NEAR/5 d", 0, PLAIN,
	  "(BAG (WORD \"a\") (WORD \"AND\") (WORD \"b\") (WORD \"OR\") (WORD \"NOT\") (WORD \"c\") (WORD \"NEAR/5\") (WORD \"d\"))" },
	{ "date:2025 f(x)", 0, PLAIN, "(BAG (WORD \"date:2025\") (WORD \"f\") (WORD \"x\"))" },
	{ "§ 230 “curly”", 0, PLAIN, "(BAG (WORD \"§ 230\") (WORD \"curly\"))" },
	{ "- + * \" ( ) !!", 0, PLAIN, NULL },
	{ "", 0, PLAIN, NULL },
	BIN("x\0y", PLAIN, "(BAG (WORD \"x\") (WORD \"y\"))"),
};

#define NROWS (sizeof rows / sizeof rows[0])

static void test_row(void **state)
{
	const struct row *r = *state;
	size_t len = r->len ? r->len : strlen(r->q);
	dk_qnode *tree = NULL;
	char *warning = NULL, *got = NULL;

	assert_int_equal(dk_qparse(r->q, len, r->flags, &tree, &warning), DK_OK);
	assert_null(warning);
	if (!r->want) {
		if (tree) {
			assert_int_equal(dk_qnode_describe(tree, &got), DK_OK);
			print_error("want no tree, got %s\n", got);
			free(got);
			dk_qnode_free(tree);
			fail();
		}
		return;
	}
	assert_non_null(tree);
	assert_int_equal(dk_qnode_describe(tree, &got), DK_OK);
	assert_string_equal(got, r->want);
	free(got);
	dk_qnode_free(tree);
}

/* ---- beyond the table --------------------------------------------------- */

static char *repeat(const char *unit, size_t times, const char *tail)
{
	size_t ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(ul * times + tl + 1);

	assert_non_null(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * ul, unit, ul);
	memcpy(s + ul * times, tail, tl + 1);
	return s;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 10,000 '(' then a word: flattened, fast, with a warning. */
static void test_deep_nesting(void **state)
{
	char *q = repeat("(", 10000, "deep");
	dk_qnode *tree = NULL;
	char *warning = NULL, *d = NULL;
	double t0 = now();

	(void)state;
	assert_int_equal(dk_qparse(q, strlen(q), 0, &tree, &warning), DK_OK);
	assert_true(now() - t0 < 1.0);
	assert_non_null(tree);
	assert_int_equal(dk_qnode_describe(tree, &d), DK_OK);
	assert_string_equal(d, "(WORD \"deep\")");
	assert_non_null(warning);
	assert_non_null(strstr(warning, "nested deeper than 64"));
	free(d);
	free(warning);
	dk_qnode_free(tree);
	free(q);
}

/* Exactly DK_QP_MAX_DEPTH groups are kept; one more is flattened. */
static void test_depth_cap_edge(void **state)
{
	char *ok = repeat("(a OR ", DK_QP_MAX_DEPTH, "z");
	char *over = repeat("(a OR ", DK_QP_MAX_DEPTH + 1, "z");
	dk_qnode *tree = NULL;
	char *warning = NULL;

	(void)state;
	assert_int_equal(dk_qparse(ok, strlen(ok), 0, &tree, &warning), DK_OK);
	assert_null(warning);
	assert_int_equal(tree->kind, DK_Q_OR);
	dk_qnode_free(tree);
	assert_int_equal(dk_qparse(over, strlen(over), 0, &tree, &warning), DK_OK);
	assert_non_null(warning);
	assert_int_equal(tree->kind, DK_Q_OR);
	free(warning);
	dk_qnode_free(tree);
	free(ok);
	free(over);
}

/* Flattened groups and their ')' vanish; the real groups still close. */
static void test_flattened_close(void **state)
{
	/* 64 real groups, 2 flattened, all closed, then "OR b" at the top. */
	char *open = repeat("(", DK_QP_MAX_DEPTH + 2, "x y");
	char *close = repeat(")", DK_QP_MAX_DEPTH + 2, " OR b");
	size_t lo = strlen(open), lc = strlen(close);
	char *q = malloc(lo + lc + 1);
	dk_qnode *tree = NULL;
	char *warning = NULL, *d = NULL;

	(void)state;
	assert_non_null(q);
	memcpy(q, open, lo);
	memcpy(q + lo, close, lc + 1);
	assert_int_equal(dk_qparse(q, strlen(q), 0, &tree, &warning), DK_OK);
	assert_int_equal(dk_qnode_describe(tree, &d), DK_OK);
	assert_string_equal(d, "(OR (BAG (WORD \"x\") (WORD \"y\")) (WORD \"b\"))");
	assert_non_null(warning);
	free(d);
	free(warning);
	dk_qnode_free(tree);
	free(q);
	free(open);
	free(close);

	/* A NOT whose left bag held only flattened '(' still excludes. */
	q = repeat("(", DK_QP_MAX_DEPTH + 2, "NOT (( NOT b");
	assert_int_equal(dk_qparse(q, strlen(q), 0, &tree, &warning), DK_OK);
	assert_int_equal(dk_qnode_describe(tree, &d), DK_OK);
	assert_string_equal(d, "(BAG -(WORD \"b\"))");
	assert_non_null(warning);
	free(d);
	free(warning);
	dk_qnode_free(tree);
	free(q);
}

/* Deep nesting of every operator stays within DK_QP_TREE_DEPTH. */
static size_t tree_depth(const dk_qnode *n)
{
	size_t best = 0;

	for (size_t i = 0; i < n->nkids; i++) {
		size_t d = tree_depth(n->kids[i]);
		if (d > best)
			best = d;
	}
	return best + 1;
}

static void test_tree_depth_bound(void **state)
{
	char *q = repeat("x OR y AND z NOT w -v NEAR (", 1000, "u");
	dk_qnode *tree = NULL;
	char *warning = NULL;
	size_t depth;

	(void)state;
	assert_int_equal(dk_qparse(q, strlen(q), 0, &tree, &warning), DK_OK);
	assert_non_null(tree);
	depth = tree_depth(tree);
	assert_true(depth <= DK_QP_TREE_DEPTH);
	assert_true(depth > 4 * DK_QP_MAX_DEPTH);   /* the bound is tight */
	free(warning);
	dk_qnode_free(tree);
	free(q);
}

/* 100 KB of "a ": the first DK_QP_MAX_NODES kept, the rest reported. */
static void test_node_cap(void **state)
{
	char *q = repeat("a ", 51200, "");
	dk_qnode *tree = NULL;
	char *warning = NULL;
	double t0 = now();

	(void)state;
	assert_int_equal(dk_qparse(q, strlen(q), 0, &tree, &warning), DK_OK);
	assert_true(now() - t0 < 1.0);
	assert_non_null(tree);
	assert_int_equal(tree->kind, DK_Q_BAG);
	assert_int_equal(tree->nkids, DK_QP_MAX_NODES);
	assert_non_null(warning);
	assert_non_null(strstr(warning, "50176 ignored"));
	free(warning);
	dk_qnode_free(tree);

	/* Exactly at the cap: no warning. */
	q[2 * DK_QP_MAX_NODES] = '\0';
	assert_int_equal(dk_qparse(q, strlen(q), 0, &tree, &warning), DK_OK);
	assert_int_equal(tree->nkids, DK_QP_MAX_NODES);
	assert_null(warning);
	dk_qnode_free(tree);

	/* DK_QP_PLAIN has the same cap. */
	q[2 * DK_QP_MAX_NODES] = 'b';
	assert_int_equal(dk_qparse(q, strlen(q), DK_QP_PLAIN, &tree, &warning), DK_OK);
	assert_int_equal(tree->nkids, DK_QP_MAX_NODES);
	assert_non_null(warning);
	free(warning);
	dk_qnode_free(tree);
	free(q);
}

/* Both caps at once give one warning line naming both. */
static void test_both_warnings(void **state)
{
	char *q = repeat("(", 100, "");
	char *words = repeat("w ", 1100, "");
	char *all = malloc(strlen(q) + strlen(words) + 1);
	dk_qnode *tree = NULL;
	char *warning = NULL;

	(void)state;
	assert_non_null(all);
	strcpy(all, q);
	strcat(all, words);
	assert_int_equal(dk_qparse(all, strlen(all), 0, &tree, &warning), DK_OK);
	assert_non_null(warning);
	assert_non_null(strstr(warning, "parentheses"));
	assert_non_null(strstr(warning, "76 ignored"));
	assert_null(strchr(warning, '\n'));
	free(warning);
	dk_qnode_free(tree);
	free(all);
	free(words);
	free(q);
}

/* The fields of the nodes, beyond what describe() shows. */
static void test_node_fields(void **state)
{
	const char *q = "+title:\"class  action\" -x* date:2025-01";
	dk_qnode *t = NULL;

	(void)state;
	assert_int_equal(dk_qparse(q, strlen(q), 0, &t, NULL), DK_OK);
	assert_int_equal(t->kind, DK_Q_BAG);
	assert_int_equal(t->mod, DK_QMOD_NONE);
	assert_int_equal(t->nkids, 3);
	assert_int_equal(t->kids[0]->kind, DK_Q_PHRASE);
	assert_int_equal(t->kids[0]->mod, DK_QMOD_REQUIRED);
	assert_int_equal(t->kids[0]->field, DK_FIELD_TITLE);
	assert_string_equal(t->kids[0]->text, "class action");
	assert_int_equal(t->kids[0]->len, 12);
	assert_int_equal(t->kids[1]->kind, DK_Q_PREFIX);
	assert_int_equal(t->kids[1]->mod, DK_QMOD_EXCLUDED);
	assert_string_equal(t->kids[1]->text, "x");
	assert_int_equal(t->kids[1]->len, 1);
	assert_int_equal(t->kids[2]->kind, DK_Q_DATE);
	assert_null(t->kids[2]->text);
	assert_string_equal(t->kids[2]->date_lo, "20250101");
	assert_string_equal(t->kids[2]->date_hi, "20250131");
	dk_qnode_free(t);

	assert_int_equal(dk_qparse("date:>2025", 10, 0, &t, NULL), DK_OK);
	assert_string_equal(t->date_lo, "20260101");
	assert_string_equal(t->date_hi, "");
	dk_qnode_free(t);

	assert_int_equal(dk_qparse("a NEAR/7 b", 10, 0, &t, NULL), DK_OK);
	assert_int_equal(t->kind, DK_Q_NEAR);
	assert_int_equal(t->distance, 7);
	dk_qnode_free(t);
}

/* Only the first len bytes are read. */
static void test_length_respected(void **state)
{
	dk_qnode *t = NULL;
	char *d = NULL;

	(void)state;
	assert_int_equal(dk_qparse("abc def", 3, 0, &t, NULL), DK_OK);
	assert_int_equal(dk_qnode_describe(t, &d), DK_OK);
	assert_string_equal(d, "(WORD \"abc\")");
	free(d);
	dk_qnode_free(t);
	assert_int_equal(dk_qparse("\"abc\" def", 4, 0, &t, NULL), DK_OK);
	assert_int_equal(dk_qnode_describe(t, &d), DK_OK);
	assert_string_equal(d, "(PHRASE \"abc\")");
	free(d);
	dk_qnode_free(t);
	assert_int_equal(dk_qparse("date:2025-01-21", 9, 0, &t, NULL), DK_OK);
	assert_int_equal(dk_qnode_describe(t, &d), DK_OK);
	assert_string_equal(d, "(DATE 20250101..20251231)");
	free(d);
	dk_qnode_free(t);
}

/* describe() escapes, handles NULL and hand-built trees. */
static void test_describe(void **state)
{
	dk_qnode word = { 0 }, date = { 0 }, bag = { 0 };
	dk_qnode *kids[2] = { &word, &date };
	char text[] = "a\"b\\c\x01";
	char *d = NULL;

	(void)state;
	assert_int_equal(dk_qnode_describe(NULL, &d), DK_OK);
	assert_string_equal(d, "");
	free(d);

	word.kind = DK_Q_WORD;
	word.field = DK_FIELD_COURT;
	word.text = text;
	word.len = strlen(text);
	word.mod = DK_QMOD_REQUIRED;
	date.kind = DK_Q_DATE;
	memcpy(date.date_hi, "20250131", 9);
	date.mod = DK_QMOD_EXCLUDED;
	bag.kind = DK_Q_BAG;
	bag.kids = kids;
	bag.nkids = 2;
	assert_int_equal(dk_qnode_describe(&bag, &d), DK_OK);
	assert_string_equal(d, "(BAG +(WORD court:\"a\\\"b\\\\c\\x01\") -(DATE ..20250131))");
	free(d);
	assert_int_equal(dk_qnode_describe(&bag, NULL), DK_ERR_INVALID);
}

static void test_field_names(void **state)
{
	(void)state;
	assert_string_equal(dk_qfield_name(DK_FIELD_ANY), "");
	assert_string_equal(dk_qfield_name(DK_FIELD_TITLE), "title");
	assert_string_equal(dk_qfield_name(DK_FIELD_SOURCE), "source");
	assert_string_equal(dk_qfield_name(DK_FIELD_SITE), "site");
	assert_string_equal(dk_qfield_name(DK_FIELD_AUTHOR), "author");
	assert_string_equal(dk_qfield_name(DK_FIELD_CASE), "case");
	assert_string_equal(dk_qfield_name(DK_FIELD_PARTY), "party");
	assert_string_equal(dk_qfield_name(DK_FIELD_COURT), "court");
	assert_string_equal(dk_qfield_name(DK_FIELD_LANG), "lang");
	assert_string_equal(dk_qfield_name((dk_qfield)99), "");
}

static void test_bad_arguments(void **state)
{
	dk_qnode *t = (dk_qnode *)&t;
	char *w = (char *)&w;

	(void)state;
	assert_int_equal(dk_qparse("a", 1, 0, NULL, &w), DK_ERR_INVALID);
	assert_null(w);
	assert_int_equal(dk_qparse(NULL, 3, 0, &t, NULL), DK_ERR_INVALID);
	assert_null(t);
	assert_int_equal(dk_qparse(NULL, 0, 0, &t, &w), DK_OK);
	assert_null(t);
	assert_null(w);
	dk_qnode_free(NULL);
}

/* A printable, bounded name for a row's test. */
static void row_name(size_t i, const void *row, char *name, size_t size)
{
	const struct row *r = row;
	size_t len = r->len ? r->len : strlen(r->q);
	size_t k;

	assert_true(size >= 96);
	k = (size_t)snprintf(name, 96, "%s[%zu] ", r->flags & PLAIN ? "plain" : "query", i);
	for (size_t j = 0; j < len && k < 90; j++) {
		unsigned char c = (unsigned char)r->q[j];
		name[k++] = c >= 0x20 && c < 0x7f && c != '#' ? (char)c : '.';
	}
	if (len > 0 && k >= 90)
		name[k++] = '~';
	name[k] = '\0';
}

int main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_depth_cap_edge),
		cmocka_unit_test(test_flattened_close),
		cmocka_unit_test(test_tree_depth_bound),
		cmocka_unit_test(test_node_cap),
		cmocka_unit_test(test_both_warnings),
		cmocka_unit_test(test_node_fields),
		cmocka_unit_test(test_length_respected),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_field_names),
		cmocka_unit_test(test_bad_arguments),
	};
	return fixture_run_table("query_parser", rows, NROWS, sizeof rows[0], row_name,
				 test_row, extra, sizeof extra / sizeof extra[0],
				 NULL, NULL);
}
