/*
 * query_parser.c - Docket's query language: a small lexer and a
 * recursive-descent parser that turn any byte string into a dk_qnode tree
 * (the RANGE of a "date:" atom is read by query_date.c).
 *
 * Design.  The lexer hands out one token at a time (one token of
 * lookahead): '(' ')', the operators AND OR NOT NEAR[/N] (also '&' '&&'
 * '|' '||'), and atoms (WORD, PHRASE, PREFIX, DATE), each atom or '('
 * carrying the '+'/'-' modifier written in front of it and the field
 * written before its colon.  Everything that can go wrong with user input
 * is settled in the lexer by dropping or demoting: a lone '+', '-' or '*',
 * an empty "", "field:" with nothing after it, an atom with nothing but
 * ASCII punctuation in it, a malformed date (which becomes the plain WORD
 * "date:..."), an operator after a modifier (which is a word: "-OR").  The
 * parser then follows the grammar in query_parser.h, one function per
 * rule, and treats a missing operand as absent rather than as an error:
 * every rule may return NULL ("nothing here"), and a rule that collects
 * operands simply skips the absent ones.
 *
 * Invariants that keep hostile input cheap (SQLite FTS5's parser has the
 * same depth cap):
 *   - Recursion is bounded by the number of *real* groups open, at most
 *     DK_QP_MAX_DEPTH.  A '(' met at that depth is counted in `flat` and
 *     read as a space; the next `flat` ')' are read as spaces too, and a
 *     ')' with no group open is ignored.  Neither uses the stack, so
 *     10,000 '(' cost 10,000 loop turns.
 *   - Each paren level adds at most five interior tree levels (OR, AND,
 *     NOT, BAG, NEAR), so a tree is at most DK_QP_TREE_DEPTH nodes deep and
 *     dk_qnode_free() and dk_qnode_describe() may recurse.
 *   - At most DK_QP_MAX_NODES atoms are allocated; the rest are counted,
 *     dropped and reported in the warning.  Interior nodes only exist above
 *     atoms, so the whole tree is bounded too.
 *   - Every byte is looked at a constant number of times, except that a
 *     word is scanned again for its colon and its trailing stars.
 *
 * Memory failures use a sticky status in the parser (p->err, as FTS5's
 * builder chains do): once set, every builder returns NULL and the caller
 * at the top frees what was built.
 */
#include "query_parser.h"
#include "query_date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEAR_MAX 1000u

enum tkind { T_EOF = 0, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT, T_NEAR,
	     T_ATOM };

struct token {
	enum tkind kind;
	dk_qmod mod;          /* T_ATOM, T_LPAREN: the '+'/'-' in front */
	dk_qfield field;      /* T_ATOM; T_LPAREN of "title:(" */
	dk_qkind akind;       /* T_ATOM: WORD, PHRASE, PREFIX or DATE */
	const char *s;        /* T_ATOM text, raw, inside the query */
	size_t n;
	char lo[9], hi[9];    /* DATE */
	uint32_t distance;    /* T_NEAR */
};

struct parser {
	const char *q;
	size_t len;
	size_t pos;           /* lexer position */
	struct token tok;     /* the lookahead, valid when have_tok */
	int have_tok;
	int depth;            /* real groups open */
	size_t flat;          /* flattened '(' still open */
	int flattened;        /* some '(' was flattened (warn) */
	dk_qfield group_field;/* the field of the enclosing "title:(" group */
	size_t atoms;         /* atoms allocated */
	size_t dropped;       /* atoms dropped by the node cap */
	dk_status err;        /* sticky: DK_ERR_NOMEM */
};

/* ---- bytes ------------------------------------------------------------ */

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * The length of the space character at s[0..n), or 0.  Spaces are ASCII
 * space, the C0 controls and DEL (so NUL too), and in UTF-8 the C1
 * controls, NBSP, U+2000..U+200B, U+2028/9, U+202F, U+205F, U+3000 and the
 * BOM.  Only whole, valid sequences count; other bytes pass through.
 */
static size_t space_len(const unsigned char *s, size_t n)
{
	unsigned char b = s[0];

	if (b <= 0x20 || b == 0x7f)
		return 1;
	if (b == 0xc2 && n >= 2 && (s[1] == 0xa0 || (s[1] >= 0x80 && s[1] <= 0x9f)))
		return 2;
	if (n < 3)
		return 0;
	if (b == 0xe2 && s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8b) ||
	    s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf))
		return 3;
	if ((b == 0xe2 && s[1] == 0x81 && s[2] == 0x9f) ||
	    (b == 0xe3 && s[1] == 0x80 && s[2] == 0x80) ||
	    (b == 0xef && s[1] == 0xbb && s[2] == 0xbf))
		return 3;
	return 0;
}

/* The length of the phrase quote at s[0..n): '"', U+201C or U+201D. */
static size_t quote_len(const unsigned char *s, size_t n)
{
	if (s[0] == '"')
		return 1;
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0x9c || s[2] == 0x9d))
		return 3;
	return 0;
}

static const unsigned char *at(const struct parser *p, size_t i)
{
	return (const unsigned char *)p->q + i;
}

static size_t skip_spaces(const struct parser *p, size_t i)
{
	size_t l;

	while (i < p->len && (l = space_len(at(p, i), p->len - i)) > 0)
		i += l;
	return i;
}

/* Words end at a space, a quote or a parenthesis. */
static size_t word_end(const struct parser *p, size_t i)
{
	while (i < p->len) {
		unsigned char c = *at(p, i);
		if (c == '(' || c == ')' || space_len(at(p, i), p->len - i) ||
		    quote_len(at(p, i), p->len - i))
			break;
		i++;
	}
	return i;
}

/*
 * Whether s[0..n) holds something the analyzer could index: an ASCII
 * letter or digit, or any non-space byte above 0x7f (a letter, a symbol
 * such as '§', or invalid UTF-8 that the analyzer will judge).
 */
static int has_searchable(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, l;

	while (i < n) {
		if ((l = space_len(u + i, n - i)) > 0) {
			i += l;
			continue;
		}
		if (u[i] >= 0x80 || is_alnum(u[i]))
			return 1;
		i++;
	}
	return 0;
}

/* Whether s[0..n) is one or more section signs (U+00A7). */
static int all_section(const char *s, size_t n)
{
	if (n == 0 || n % 2)
		return 0;
	for (size_t i = 0; i < n; i += 2)
		if ((unsigned char)s[i] != 0xc2 || (unsigned char)s[i + 1] != 0xa7)
			return 0;
	return 1;
}

/*
 * "§ 230": when the word [s, *e) is only section signs and the next word
 * starts with a digit, extend *e over the spaces and that word.
 */
static void merge_section(const struct parser *p, size_t s, size_t *e)
{
	size_t j;

	if (!all_section(p->q + s, *e - s))
		return;
	j = skip_spaces(p, *e);
	if (j > *e && j < p->len && is_digit(*at(p, j)))
		*e = word_end(p, j);
}

static int ieq(const char *s, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n && lit[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c != (unsigned char)lit[i])
			return 0;
	}
	return i == n && lit[i] == '\0';
}

static const char *const field_names[] = {
	"", "title", "source", "site", "author", "case", "party", "court", "lang"
};

const char *dk_qfield_name(dk_qfield f)
{
	if ((unsigned)f < sizeof field_names / sizeof field_names[0])
		return field_names[f];
	return "";
}

static dk_qfield field_lookup(const char *s, size_t n)
{
	for (size_t f = 1; f < sizeof field_names / sizeof field_names[0]; f++)
		if (ieq(s, n, field_names[f]))
			return (dk_qfield)f;
	return DK_FIELD_ANY;
}

/* ---- lexer ------------------------------------------------------------- */

static int lex_phrase(struct parser *p, size_t start, dk_qmod mod, dk_qfield field)
{
	struct token *t = &p->tok;
	size_t j = start, ql = 0;

	while (j < p->len && (ql = quote_len(at(p, j), p->len - j)) == 0)
		j++;
	p->pos = j + ql;
	if (!has_searchable(p->q + start, j - start))
		return 0;
	t->kind = T_ATOM;
	t->akind = DK_Q_PHRASE;
	t->mod = mod;
	t->field = field;
	t->s = p->q + start;
	t->n = j - start;
	return 1;
}

/* A word [s, e) as WORD or PREFIX, after "§ 230" merging. */
static int lex_plain_word(struct parser *p, size_t s, size_t e, dk_qmod mod,
			  dk_qfield field)
{
	struct token *t = &p->tok;
	dk_qkind kind = DK_Q_WORD;

	merge_section(p, s, &e);
	p->pos = e;
	while (e > s && p->q[e - 1] == '*') {
		e--;
		kind = DK_Q_PREFIX;
	}
	if (!has_searchable(p->q + s, e - s))
		return 0;
	t->kind = T_ATOM;
	t->akind = kind;
	t->mod = mod;
	t->field = field;
	t->s = p->q + s;
	t->n = e - s;
	return 1;
}

/* "NEAR" or "NEAR/N" (a bad N gives the default). */
static int lex_near(struct token *t, const char *s, size_t n)
{
	uint32_t v = 0;
	size_t i;

	if (n < 4 || memcmp(s, "NEAR", 4) != 0 || (n > 4 && s[4] != '/'))
		return 0;
	t->kind = T_NEAR;
	t->distance = DK_QP_NEAR_DEFAULT;
	if (n <= 5)
		return 1;
	for (i = 5; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return 1;
		if (v <= NEAR_MAX)
			v = v * 10 + (uint32_t)(s[i] - '0');
	}
	t->distance = v < 1 ? 1 : v > NEAR_MAX ? NEAR_MAX : v;
	return 1;
}

static int lex_operator(struct token *t, const char *s, size_t n)
{
	if ((n == 3 && memcmp(s, "AND", 3) == 0) || (n == 1 && s[0] == '&') ||
	    (n == 2 && memcmp(s, "&&", 2) == 0))
		t->kind = T_AND;
	else if ((n == 2 && memcmp(s, "OR", 2) == 0) || (n == 1 && s[0] == '|') ||
		 (n == 2 && memcmp(s, "||", 2) == 0))
		t->kind = T_OR;
	else if (n == 3 && memcmp(s, "NOT", 3) == 0)
		t->kind = T_NOT;
	else
		return lex_near(t, s, n);
	return 1;
}

/*
 * After "field:" with nothing attached: a phrase or a group takes the
 * field; anything else drops the field and its modifier.  For "date:",
 * field is DK_FIELD_ANY.
 */
static int lex_after_field(struct parser *p, dk_qmod mod, dk_qfield field)
{
	size_t ql;

	if (p->pos >= p->len)
		return 0;
	if ((ql = quote_len(at(p, p->pos), p->len - p->pos)) > 0)
		return lex_phrase(p, p->pos + ql, mod, field);
	if (p->q[p->pos] == '(') {
		p->tok.kind = T_LPAREN;
		p->tok.mod = mod;
		p->tok.field = field;
		p->pos++;
		return 1;
	}
	return 0;
}

static int lex_word(struct parser *p, size_t s, size_t e, dk_qmod mod)
{
	struct token *t = &p->tok;
	const char *colon;

	p->pos = e;
	if (mod == DK_QMOD_NONE && lex_operator(t, p->q + s, e - s))
		return 1;
	colon = memchr(p->q + s, ':', e - s);
	if (colon) {
		size_t c = (size_t)(colon - p->q);
		dk_qfield f = field_lookup(p->q + s, c - s);
		int is_date = ieq(p->q + s, c - s, "date");
		if ((f != DK_FIELD_ANY || is_date) && c + 1 == e)
			return lex_after_field(p, mod, f);
		if (f != DK_FIELD_ANY)
			return lex_plain_word(p, c + 1, e, mod, f);
		if (is_date && dk_query_date_range(colon + 1, e - c - 1, t->lo, t->hi)) {
			t->kind = T_ATOM;
			t->akind = DK_Q_DATE;
			t->mod = mod;
			return 1;
		}
	}
	return lex_plain_word(p, s, e, mod, DK_FIELD_ANY);
}

/* The token at p->pos (not a space, not a modifier run). */
static int lex_unit(struct parser *p, dk_qmod mod)
{
	size_t i = p->pos, ql;
	unsigned char c = *at(p, i);

	if (c == '(' || c == ')') {
		p->tok.kind = c == '(' ? T_LPAREN : T_RPAREN;
		p->tok.mod = mod;
		p->pos = i + 1;
		return 1;
	}
	if ((ql = quote_len(at(p, i), p->len - i)) > 0)
		return lex_phrase(p, i + ql, mod, DK_FIELD_ANY);
	return lex_word(p, i, word_end(p, i), mod);
}

/* Fill p->tok with the next token, T_EOF at the end. */
static void lex(struct parser *p)
{
	for (;;) {
		dk_qmod mod = DK_QMOD_NONE;
		unsigned char c;

		memset(&p->tok, 0, sizeof p->tok);
		p->pos = skip_spaces(p, p->pos);
		if (p->pos >= p->len)
			return;
		c = *at(p, p->pos);
		if (c == '+' || c == '-') {
			size_t i = p->pos;
			while (i < p->len && (p->q[i] == '+' || p->q[i] == '-'))
				i++;
			p->pos = i;
			/* A modifier with nothing it could modify is dropped. */
			if (i >= p->len || p->q[i] == ')' ||
			    space_len(at(p, i), p->len - i))
				continue;
			mod = c == '+' ? DK_QMOD_REQUIRED : DK_QMOD_EXCLUDED;
		}
		if (lex_unit(p, mod))
			return;
	}
}

/*
 * The lookahead.  ')' closing a flattened '(' and ')' with no group open
 * are spaces, so the parser never sees them.
 */
static const struct token *peek(struct parser *p)
{
	for (;;) {
		if (!p->have_tok) {
			lex(p);
			p->have_tok = 1;
		}
		if (p->tok.kind != T_RPAREN || (p->flat == 0 && p->depth > 0))
			return &p->tok;
		if (p->flat > 0)
			p->flat--;
		p->have_tok = 0;
	}
}

static void advance(struct parser *p)
{
	p->have_tok = 0;
}

/* ---- tree building ----------------------------------------------------- */

struct vec {
	dk_qnode **v;
	size_t n, cap;
};

void dk_qnode_free(dk_qnode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		dk_qnode_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

static void vec_free(struct vec *v)
{
	for (size_t i = 0; i < v->n; i++)
		dk_qnode_free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}

/* Room for `more` nodes; 0 (and p->err) on failure. */
static int vec_reserve(struct parser *p, struct vec *v, size_t more)
{
	size_t cap = v->cap ? v->cap : 4;
	dk_qnode **nv;

	if (v->n + more <= v->cap)
		return 1;
	while (cap < v->n + more)
		cap *= 2;
	nv = realloc(v->v, cap * sizeof *nv);
	if (!nv) {
		p->err = DK_ERR_NOMEM;
		return 0;
	}
	v->v = nv;
	v->cap = cap;
	return 1;
}

static int can_splice(const dk_qnode *n, dk_qkind kind)
{
	if (n->kind != kind || n->mod != DK_QMOD_NONE)
		return 0;
	if (kind == DK_Q_BAG)   /* (a +b) inside a bag keeps +b local */
		for (size_t i = 0; i < n->nkids; i++)
			if (n->kids[i]->mod != DK_QMOD_NONE)
				return 0;
	return kind == DK_Q_BAG || kind == DK_Q_AND || kind == DK_Q_OR;
}

/*
 * Append n to v, taking ownership (n is freed on failure).  A child of the
 * same associative kind (OR in OR, AND in AND, a plain BAG in a BAG) gives
 * its children instead.
 */
static void vec_push(struct parser *p, struct vec *v, dk_qnode *n, dk_qkind kind)
{
	int splice = can_splice(n, kind);

	if (!vec_reserve(p, v, splice ? n->nkids : 1)) {
		dk_qnode_free(n);
		return;
	}
	if (!splice) {
		v->v[v->n++] = n;
		return;
	}
	memcpy(v->v + v->n, n->kids, n->nkids * sizeof *n->kids);
	v->n += n->nkids;
	free(n->kids);
	free(n);
}

static dk_qnode *new_node(struct parser *p, dk_qkind kind)
{
	dk_qnode *n = calloc(1, sizeof *n);

	if (!n) {
		p->err = DK_ERR_NOMEM;
		return NULL;
	}
	n->kind = kind;
	return n;
}

/*
 * The node for v's children: NULL for none, the child itself for one (a
 * BAG is kept around a single child with a modifier), else a new node of
 * `kind`.  Takes v's nodes in every case.
 */
static dk_qnode *vec_finish(struct parser *p, struct vec *v, dk_qkind kind)
{
	dk_qnode *n;

	if (p->err || v->n == 0) {
		vec_free(v);
		return NULL;
	}
	if (v->n == 1 && (kind != DK_Q_BAG || v->v[0]->mod == DK_QMOD_NONE)) {
		n = v->v[0];
		free(v->v);
	} else if ((n = new_node(p, kind)) != NULL) {
		n->kids = v->v;
		n->nkids = v->n;
	} else {
		vec_free(v);
		return NULL;
	}
	v->v = NULL;
	v->n = v->cap = 0;
	return n;
}

/*
 * A copy of s[0..n) with every run of spaces made one ' ' and none at the
 * ends.  Caller frees.
 */
static char *clean_copy(struct parser *p, const char *s, size_t n, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	char *o = malloc(n + 1);
	size_t i = 0, k = 0, l;
	int sp = 0;

	if (!o) {
		p->err = DK_ERR_NOMEM;
		return NULL;
	}
	while (i < n) {
		if ((l = space_len(u + i, n - i)) > 0) {
			sp = 1;
			i += l;
			continue;
		}
		if (sp && k)
			o[k++] = ' ';
		sp = 0;
		o[k++] = s[i++];
	}
	o[k] = '\0';
	*outlen = k;
	return o;
}

/* A new atom for token t, or NULL when over the node cap. */
static dk_qnode *make_atom(struct parser *p, const struct token *t)
{
	dk_qnode *n;

	if (p->err)
		return NULL;
	if (p->atoms >= DK_QP_MAX_NODES) {
		p->dropped++;
		return NULL;
	}
	if (!(n = new_node(p, t->akind)))
		return NULL;
	if (t->akind == DK_Q_DATE) {
		memcpy(n->date_lo, t->lo, sizeof n->date_lo);
		memcpy(n->date_hi, t->hi, sizeof n->date_hi);
	} else {
		n->field = t->field != DK_FIELD_ANY ? t->field : p->group_field;
		if (!(n->text = clean_copy(p, t->s, t->n, &n->len))) {
			free(n);
			return NULL;
		}
	}
	p->atoms++;
	return n;
}

/* ---- parser ------------------------------------------------------------ */

static dk_qnode *parse_or(struct parser *p);

/*
 * unit := "(" query ")" | atom.  Returns NULL, consuming nothing, at a
 * token that starts no unit.  *mod receives the modifier written in front.
 */
static dk_qnode *parse_unit(struct parser *p, dk_qmod *mod)
{
	const struct token *t = peek(p);
	dk_qfield saved;
	dk_qnode *n;

	while (t->kind == T_LPAREN && p->depth >= DK_QP_MAX_DEPTH) {
		if (t->mod != DK_QMOD_NONE)
			*mod = t->mod;
		p->flat++;
		p->flattened = 1;
		advance(p);
		t = peek(p);
	}
	if (t->kind == T_ATOM) {
		if (t->mod != DK_QMOD_NONE)
			*mod = t->mod;
		n = make_atom(p, t);
		advance(p);
		return n;
	}
	if (t->kind != T_LPAREN)
		return NULL;
	if (t->mod != DK_QMOD_NONE)
		*mod = t->mod;
	saved = p->group_field;
	if (t->field != DK_FIELD_ANY)
		p->group_field = t->field;
	advance(p);
	p->depth++;
	n = parse_or(p);
	if (peek(p)->kind == T_RPAREN)
		advance(p);
	p->depth--;
	p->group_field = saved;
	return n;
}

/* item := unit ( "NEAR" [ "/" N ] unit )*; a NEAR chain is one node. */
static dk_qnode *parse_item(struct parser *p, dk_qmod *mod)
{
	struct vec v = { 0 };
	uint32_t dist = 0;
	dk_qnode *n = parse_unit(p, mod);
	dk_qnode *res = NULL;

	if (n)
		vec_push(p, &v, n, DK_Q_NEAR);
	while (!p->err && peek(p)->kind == T_NEAR) {
		uint32_t d = peek(p)->distance;
		dk_qmod ignored = DK_QMOD_NONE;
		advance(p);
		if (!(n = parse_unit(p, &ignored)))
			continue;
		if (v.n > 0 && d > dist)
			dist = d;
		vec_push(p, &v, n, DK_Q_NEAR);
	}
	if (p->err)
		goto done;
	res = vec_finish(p, &v, DK_Q_NEAR);
	if (res && res->kind == DK_Q_NEAR && res->distance == 0)
		res->distance = dist;
done:
	if (!res)
		vec_free(&v);
	return res;
}

static int bag_end(const struct token *t)
{
	return t->kind == T_EOF || t->kind == T_RPAREN || t->kind == T_AND ||
	       t->kind == T_OR || t->kind == T_NOT;
}

/*
 * bag := item+.  `lead` (from a NOT with no left operand) replaces the
 * modifier of the first item.
 */
static dk_qnode *parse_bag(struct parser *p, dk_qmod lead)
{
	struct vec v = { 0 };

	while (!p->err && !bag_end(peek(p))) {
		dk_qmod mod = DK_QMOD_NONE;
		dk_qnode *n = parse_item(p, &mod);
		if (!n)
			continue;
		if (lead != DK_QMOD_NONE) {
			mod = lead;
			lead = DK_QMOD_NONE;
		}
		n->mod = mod;
		vec_push(p, &v, n, DK_Q_BAG);
	}
	return vec_finish(p, &v, DK_Q_BAG);
}

/*
 * not_expr := bag ( "NOT" bag )*.  Leading NOTs exclude the first item of
 * the bag after them, as '-' would.
 */
static dk_qnode *parse_not(struct parser *p)
{
	struct vec v = { 0 };
	dk_qmod lead = DK_QMOD_NONE;
	dk_qnode *first, *n, *res = NULL;

	while (peek(p)->kind == T_NOT) {
		lead = DK_QMOD_EXCLUDED;
		advance(p);
	}
	first = parse_bag(p, lead);
	if (first && first->kind == DK_Q_NOT) {   /* a group "(a NOT b) NOT c" */
		if (!vec_reserve(p, &v, first->nkids)) {
			dk_qnode_free(first);
			goto done;
		}
		memcpy(v.v, first->kids, first->nkids * sizeof *first->kids);
		v.n = first->nkids;
		free(first->kids);
		free(first);
	} else if (first) {
		vec_push(p, &v, first, DK_Q_NOT);
	}
	while (!p->err && peek(p)->kind == T_NOT) {
		advance(p);
		if (!(n = parse_bag(p, DK_QMOD_NONE)))
			continue;
		/*
		 * No first bag although NOTs were all read as leading: the bag
		 * held only atoms lost to the node cap or flattened '('.
		 */
		if (!first)
			n->mod = DK_QMOD_EXCLUDED;
		vec_push(p, &v, n, DK_Q_NOT);
	}
	if (p->err || v.n == 0)
		goto done;
	if (!first) {
		res = vec_finish(p, &v, DK_Q_BAG);
		goto done;
	}
	if (v.n == 1) {
		res = v.v[0];
		free(v.v);
		v.v = NULL;
		v.n = 0;
		goto done;
	}
	res = vec_finish(p, &v, DK_Q_NOT);
done:
	if (!res)
		vec_free(&v);
	return res;
}

/* and_expr := not_expr ( "AND" not_expr )*, absent operands skipped. */
static dk_qnode *parse_and(struct parser *p)
{
	struct vec v = { 0 };

	for (;;) {
		dk_qnode *n = parse_not(p);
		if (n)
			vec_push(p, &v, n, DK_Q_AND);
		if (p->err || peek(p)->kind != T_AND)
			break;
		advance(p);
	}
	return vec_finish(p, &v, DK_Q_AND);
}

/* or_expr := and_expr ( "OR" and_expr )*, absent operands skipped. */
static dk_qnode *parse_or(struct parser *p)
{
	struct vec v = { 0 };

	for (;;) {
		dk_qnode *n = parse_and(p);
		if (n)
			vec_push(p, &v, n, DK_Q_OR);
		if (p->err || peek(p)->kind != T_OR)
			break;
		advance(p);
	}
	return vec_finish(p, &v, DK_Q_OR);
}

/*
 * DK_QP_PLAIN: every run between spaces, quotes and parentheses is a
 * WORD, without its leading '+'/'-' and trailing '*'.
 */
static dk_qnode *parse_plain(struct parser *p)
{
	struct vec v = { 0 };
	size_t i = 0;

	while (!p->err) {
		struct token t;
		size_t s, e, ql;
		dk_qnode *n;

		for (;;) {
			i = skip_spaces(p, i);
			if (i < p->len && (p->q[i] == '(' || p->q[i] == ')'))
				i++;
			else if (i < p->len && (ql = quote_len(at(p, i), p->len - i)) > 0)
				i += ql;
			else
				break;
		}
		if (i >= p->len)
			break;
		s = i;
		e = word_end(p, i);
		while (s < e && (p->q[s] == '+' || p->q[s] == '-'))
			s++;
		merge_section(p, s, &e);
		i = e;
		while (e > s && p->q[e - 1] == '*')
			e--;
		if (!has_searchable(p->q + s, e - s))
			continue;
		memset(&t, 0, sizeof t);
		t.kind = T_ATOM;
		t.akind = DK_Q_WORD;
		t.s = p->q + s;
		t.n = e - s;
		if ((n = make_atom(p, &t)) != NULL)
			vec_push(p, &v, n, DK_Q_BAG);
	}
	return vec_finish(p, &v, DK_Q_BAG);
}

/* The note for *warning, or NULL when nothing was cut.  Caller frees. */
static dk_status make_warning(const struct parser *p, char **out)
{
	char buf[256];
	int k = 0;

	*out = NULL;
	if (p->flattened)
		k = snprintf(buf, sizeof buf,
			     "parentheses nested deeper than %d were ignored",
			     DK_QP_MAX_DEPTH);
	if (p->dropped)
		snprintf(buf + k, sizeof buf - (size_t)k,
			 "%squery has more than %d terms: %zu ignored",
			 k ? "; " : "", DK_QP_MAX_NODES, p->dropped);
	if (!p->flattened && !p->dropped)
		return DK_OK;
	if (!(*out = strdup(buf)))
		return DK_ERR_NOMEM;
	return DK_OK;
}

/*
 * Parse q[0..len).  *out (caller frees with dk_qnode_free) is the tree or
 * NULL; *warning (caller frees) is a note or NULL.  Both are NULL on
 * failure.
 */
dk_status dk_qparse(const char *q, size_t len, unsigned flags, dk_qnode **out,
		    char **warning)
{
	struct parser p;
	dk_qnode *root = NULL;
	char *warn = NULL;
	dk_status st = DK_OK;

	if (warning)
		*warning = NULL;
	if (!out)
		return DK_ERR_INVALID;
	*out = NULL;
	if (!q && len > 0)
		return DK_ERR_INVALID;
	memset(&p, 0, sizeof p);
	p.q = q ? q : "";
	p.len = len;
	if (flags & DK_QP_PLAIN) {
		root = parse_plain(&p);
	} else {
		/* Stray ')' are skipped by peek(), so one or_expr takes it all. */
		root = parse_or(&p);
	}
	if (p.err) {
		st = p.err;
		goto cleanup;
	}
	if (warning && (st = make_warning(&p, &warn)) != DK_OK)
		goto cleanup;
	*out = root;
	root = NULL;
	if (warning)
		*warning = warn;
	warn = NULL;
cleanup:
	dk_qnode_free(root);
	free(warn);
	return st;
}

/* ---- describe ---------------------------------------------------------- */

struct buf {
	char *b;
	size_t n, cap;
	int oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *nb;
		while (cap < b->n + n + 1)
			cap *= 2;
		if (!(nb = realloc(b->b, cap))) {
			b->oom = 1;
			return;
		}
		b->b = nb;
		b->cap = cap;
	}
	memcpy(b->b + b->n, s, n);
	b->n += n;
	b->b[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* s[0..n) in double quotes, '"' and '\\' escaped, controls as \xNN. */
static void put_quoted(struct buf *b, const char *s, size_t n)
{
	put(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[5];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(b, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof esc, "\\x%02x", c);
			put(b, esc, 4);
		} else {
			put(b, s + i, 1);
		}
	}
	put(b, "\"", 1);
}

static void describe(struct buf *b, const dk_qnode *n)
{
	static const char *const names[] = {
		"WORD", "PHRASE", "PREFIX", "DATE", "BAG", "AND", "OR", "NOT", "NEAR"
	};
	char num[16];

	if (n->mod == DK_QMOD_REQUIRED)
		put(b, "+", 1);
	else if (n->mod == DK_QMOD_EXCLUDED)
		put(b, "-", 1);
	put(b, "(", 1);
	puts_(b, (unsigned)n->kind < 9 ? names[n->kind] : "?");
	switch (n->kind) {
	case DK_Q_WORD:
	case DK_Q_PHRASE:
	case DK_Q_PREFIX:
		put(b, " ", 1);
		if (n->field != DK_FIELD_ANY) {
			puts_(b, dk_qfield_name(n->field));
			put(b, ":", 1);
		}
		put_quoted(b, n->text ? n->text : "", n->text ? n->len : 0);
		break;
	case DK_Q_DATE:
		put(b, " ", 1);
		put(b, n->date_lo, strnlen(n->date_lo, sizeof n->date_lo));
		put(b, "..", 2);
		put(b, n->date_hi, strnlen(n->date_hi, sizeof n->date_hi));
		break;
	case DK_Q_NEAR:
		snprintf(num, sizeof num, "/%u", (unsigned)n->distance);
		puts_(b, num);
		break;
	default:
		break;
	}
	for (size_t i = 0; i < n->nkids; i++) {
		put(b, " ", 1);
		describe(b, n->kids[i]);
	}
	put(b, ")", 1);
}

/* *out is malloc'd (caller frees); "" for a NULL tree. */
dk_status dk_qnode_describe(const dk_qnode *n, char **out)
{
	struct buf b = { NULL, 0, 0, 0 };

	if (!out)
		return DK_ERR_INVALID;
	*out = NULL;
	put(&b, "", 0);
	if (n)
		describe(&b, n);
	if (b.oom) {
		free(b.b);
		return DK_ERR_NOMEM;
	}
	*out = b.b;
	return DK_OK;
}
