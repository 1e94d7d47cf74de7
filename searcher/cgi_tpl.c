/*
 * cgi_tpl.c - parsing and rendering docket.cgi's page templates (see
 * cgi_tpl.h for the language and its escaping rules).
 *
 * A template parses into a flat array of nodes: literal text, variables
 * and sections, a section holding the index just past its last node.  The
 * parser runs a small HTML tokenizer (a subset of the HTML5 one: text,
 * tags, attribute names, quoted and unquoted values, comments, <!...>
 * declarations, and the raw text of <script>, <style> and their kin) over
 * the literal text in template order, and stores with each variable the
 * context it stands in, so that rendering needs no HTML knowledge and a
 * variable can never be written where escaping would not protect the page.
 * Sections are scanned as if they rendered once; a section must end in the
 * context it started in, so rendering it any number of times, or not at
 * all, leaves the page in the context the parser assumed.
 *
 * Escaping and percent-encoding are cgi.c's (dk_cgi_html_escape,
 * dk_cgi_url_encode), the one place per context the rest of the CGI uses.
 *
 * Values are kept in a tree of dk_tpl_data: each holds a short list of
 * named entries; a list entry holds items, each a dk_tpl_data whose parent
 * is the data it belongs to, which is where lookups go next.
 */
#include "cgi_tpl.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cgi.h"

/* ---- values ---------------------------------------------------------------- */

enum { V_TEXT, V_HTML, V_UINT, V_BOOL, V_LIST };

typedef struct entry {
	struct entry *next;
	char *name;
	int kind;
	char *s;                /* V_TEXT, V_HTML: s[0..len), NUL-terminated */
	size_t len;
	uint64_t u;             /* V_UINT, V_BOOL */
	dk_tpl_data *items;     /* V_LIST, in order */
	dk_tpl_data *last;
} entry;

struct dk_tpl_data {
	dk_tpl_data *parent;    /* where a lookup goes next; NULL at the root */
	dk_tpl_data *next;      /* the next item of the same list */
	entry *entries;
	dk_status *err;         /* the root's sticky error */
	dk_status own_err;
};

dk_tpl_data *dk_tpl_data_new(void)
{
	dk_tpl_data *d = calloc(1, sizeof *d);
	if (d)
		d->err = &d->own_err;
	return d;
}

static void free_items(dk_tpl_data *it);

static void free_value(entry *e)
{
	free(e->s);
	e->s = NULL;
	free_items(e->items);
	e->items = e->last = NULL;
}

static void free_entries(entry *e)
{
	while (e) {
		entry *next = e->next;
		free_value(e);
		free(e->name);
		free(e);
		e = next;
	}
}

static void free_items(dk_tpl_data *it)
{
	while (it) {
		dk_tpl_data *next = it->next;
		free_entries(it->entries);
		free(it);
		it = next;
	}
}

void dk_tpl_data_free(dk_tpl_data *d)
{
	if (!d)
		return;
	free_entries(d->entries);
	free(d);
}

/* The entry name of d, emptied for a new value, or a new one; NULL (and
 * the error remembered) when out of memory. */
static entry *set_entry(dk_tpl_data *d, const char *name, int kind)
{
	if (!d)
		return NULL;
	entry *e;
	for (e = d->entries; e; e = e->next)
		if (!strcmp(e->name, name))
			break;
	if (e) {
		if (kind == V_LIST && e->kind == V_LIST)
			return e;
		free_value(e);
	} else {
		e = calloc(1, sizeof *e);
		if (e)
			e->name = dk_strndup(name, strlen(name));
		if (!e || !e->name) {
			free(e);
			*d->err = DK_ERR_NOMEM;
			return NULL;
		}
		e->next = d->entries;
		d->entries = e;
	}
	e->kind = kind;
	e->len = 0;
	e->u = 0;
	return e;
}

static void set_bytes(dk_tpl_data *d, const char *name, int kind,
		      const char *s, size_t len)
{
	entry *e = set_entry(d, name, kind);
	if (!e)
		return;
	e->s = dk_strndup(s ? s : "", s ? len : 0);
	e->len = s ? len : 0;
	if (!e->s) {
		e->kind = V_BOOL;
		*d->err = DK_ERR_NOMEM;
	}
}

void dk_tpl_set_text(dk_tpl_data *d, const char *name, const char *s,
		     size_t len)
{
	if (s)
		set_bytes(d, name, V_TEXT, s, len);
}

void dk_tpl_set_str(dk_tpl_data *d, const char *name, const char *s)
{
	if (s)
		set_bytes(d, name, V_TEXT, s, strlen(s));
}

void dk_tpl_set_html(dk_tpl_data *d, const char *name, const char *html,
		     size_t len)
{
	set_bytes(d, name, V_HTML, html, len);
}

void dk_tpl_set_uint(dk_tpl_data *d, const char *name, uint64_t v)
{
	entry *e = set_entry(d, name, V_UINT);
	if (e)
		e->u = v;
}

void dk_tpl_set_bool(dk_tpl_data *d, const char *name, int v)
{
	entry *e = set_entry(d, name, V_BOOL);
	if (e)
		e->u = v != 0;
}

dk_tpl_data *dk_tpl_add_item(dk_tpl_data *d, const char *name)
{
	entry *e = set_entry(d, name, V_LIST);
	if (!e)
		return NULL;
	dk_tpl_data *it = calloc(1, sizeof *it);
	if (!it) {
		*d->err = DK_ERR_NOMEM;
		return NULL;
	}
	it->parent = d;
	it->err = d->err;
	if (e->last)
		e->last->next = it;
	else
		e->items = it;
	e->last = it;
	return it;
}

/* ---- the HTML context of the literal text ------------------------------------ */

enum {
	S_TEXT, S_LT, S_LT_SLASH, S_TAGNAME, S_TAG, S_ATTR, S_AFTER_ATTR,
	S_BEFORE_VAL, S_DQ, S_SQ, S_UNQ, S_BANG, S_BANG_DASH, S_COMMENT,
	S_DECL, S_RAW, S_RAW_END
};

enum { A_PLAIN, A_URL, A_FORBIDDEN };

typedef struct html_state {
	int st;
	char tag[16];           /* the current (or last) tag's name, lower case */
	size_t tag_len;
	int end_tag;
	char attr[24];          /* the current attribute's name, lower case */
	size_t attr_len;
	int attr_class;         /* A_* of attr */
	int val_started;        /* the value has text or a variable before here */
	int val_var;            /* a variable stood at the start of the value */
	char scheme[12];        /* the URL value's literal scheme, lower case */
	size_t scheme_len;
	int scheme_done;        /* a : / ? or # ended the scheme part */
	int scheme_bad;         /* a scheme other than http(s) */
	size_t raw_match;       /* bytes of "</tag" seen in raw text */
	size_t dashes;          /* '-' just seen in a comment */
} html_state;

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int is_alpha(int c)
{
	c = lower(c);
	return c >= 'a' && c <= 'z';
}

static int attr_class(const char *a)
{
	static const char *const urls[] = {
		"href", "src", "action", "formaction", "cite", "poster",
		"background", "data", "xlink:href", "manifest", "icon",
		"longdesc", "codebase", "usemap", "ping", "profile",
	};
	if (!strncmp(a, "on", 2) || !strcmp(a, "style") ||
	    !strcmp(a, "srcdoc") || !strcmp(a, "srcset"))
		return A_FORBIDDEN;
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++)
		if (!strcmp(a, urls[i]))
			return A_URL;
	return A_PLAIN;
}

static int raw_tag(const char *t)
{
	static const char *const raws[] = {
		"script", "style", "xmp", "iframe", "noembed", "noframes",
		"noscript", "plaintext",
	};
	for (size_t i = 0; i < sizeof raws / sizeof raws[0]; i++)
		if (!strcmp(t, raws[i]))
			return 1;
	return 0;
}

static void close_tag(html_state *h)
{
	h->st = !h->end_tag && raw_tag(h->tag) ? S_RAW : S_TEXT;
	h->raw_match = 0;
}

static void start_value(html_state *h)
{
	h->attr_class = attr_class(h->attr);
	h->val_started = h->val_var = 0;
	h->scheme_len = 0;
	h->scheme_done = h->scheme_bad = 0;
}

/* A literal byte of an attribute value. */
static void value_byte(html_state *h, int c)
{
	if (!h->scheme_done) {
		if (c == '&') {
			/* A character reference could spell the ':' of a
			 * scheme ("javascript&#58;"): no variable in this one. */
			h->scheme_done = h->scheme_bad = 1;
		} else if (c == ':' || c == '/' || c == '?' || c == '#') {
			h->scheme_done = 1;
			if (c == ':' && (h->val_var ||
			    !((h->scheme_len == 4 && !memcmp(h->scheme, "http", 4)) ||
			      (h->scheme_len == 5 && !memcmp(h->scheme, "https", 5)))))
				h->scheme_bad = 1;
		} else if (h->scheme_len < sizeof h->scheme) {
			/* A longer scheme stays at the buffer's length,
			 * which no allowed scheme has. */
			h->scheme[h->scheme_len++] = (char)lower(c);
		}
	}
	h->val_started = 1;
}

static void append_name(char *dst, size_t cap, size_t *len, int c)
{
	if (*len + 1 < cap) {
		dst[(*len)++] = (char)lower(c);
		dst[*len] = '\0';
	} else {
		/* Too long to be a name we know: make it match none. */
		dst[0] = '#';
	}
}

static void scan(html_state *h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		switch (h->st) {
		case S_TEXT:
			if (c == '<')
				h->st = S_LT;
			break;
		case S_LT:
			h->end_tag = 0;
			if (is_alpha(c)) {
				h->st = S_TAGNAME;
				h->tag_len = 0;
				append_name(h->tag, sizeof h->tag, &h->tag_len, c);
			} else if (c == '/') {
				h->st = S_LT_SLASH;
			} else if (c == '!') {
				h->st = S_BANG;
			} else if (c == '?') {
				h->st = S_DECL;
			} else if (c != '<') {
				h->st = S_TEXT;
			}
			break;
		case S_LT_SLASH:
			if (is_alpha(c)) {
				h->st = S_TAGNAME;
				h->end_tag = 1;
				h->tag_len = 0;
				append_name(h->tag, sizeof h->tag, &h->tag_len, c);
			} else {
				h->st = c == '>' ? S_TEXT : S_DECL;
			}
			break;
		case S_TAGNAME:
			if (is_space(c) || c == '/')
				h->st = S_TAG;
			else if (c == '>')
				close_tag(h);
			else
				append_name(h->tag, sizeof h->tag, &h->tag_len, c);
			break;
		case S_TAG:
		case S_AFTER_ATTR:
			if (c == '>') {
				close_tag(h);
			} else if (c == '=' && h->st == S_AFTER_ATTR) {
				h->st = S_BEFORE_VAL;
				start_value(h);
			} else if (c == '/') {
				h->st = S_TAG;
			} else if (!is_space(c)) {
				h->st = S_ATTR;
				h->attr_len = 0;
				h->attr[0] = '\0';
				append_name(h->attr, sizeof h->attr, &h->attr_len, c);
			}
			break;
		case S_ATTR:
			if (is_space(c))
				h->st = S_AFTER_ATTR;
			else if (c == '=') {
				h->st = S_BEFORE_VAL;
				start_value(h);
			} else if (c == '>')
				close_tag(h);
			else if (c == '/')
				h->st = S_TAG;
			else
				append_name(h->attr, sizeof h->attr, &h->attr_len, c);
			break;
		case S_BEFORE_VAL:
			if (c == '"')
				h->st = S_DQ;
			else if (c == '\'')
				h->st = S_SQ;
			else if (c == '>')
				close_tag(h);
			else if (!is_space(c)) {
				h->st = S_UNQ;
				value_byte(h, c);
			}
			break;
		case S_DQ:
		case S_SQ:
			if (c == (h->st == S_DQ ? '"' : '\''))
				h->st = S_TAG;
			else
				value_byte(h, c);
			break;
		case S_UNQ:
			if (is_space(c))
				h->st = S_TAG;
			else if (c == '>')
				close_tag(h);
			else
				value_byte(h, c);
			break;
		case S_BANG:
			h->st = c == '-' ? S_BANG_DASH : c == '>' ? S_TEXT : S_DECL;
			break;
		case S_BANG_DASH:
			h->st = c == '-' ? S_COMMENT : c == '>' ? S_TEXT : S_DECL;
			h->dashes = 0;
			break;
		case S_COMMENT:
			if (c == '>' && h->dashes >= 2)
				h->st = S_TEXT;
			h->dashes = c == '-' ? h->dashes + 1 : 0;
			break;
		case S_DECL:
			if (c == '>')
				h->st = S_TEXT;
			break;
		case S_RAW: {
			/* Until "</" and the tag's name. */
			size_t want = 2 + h->tag_len;
			int next = h->raw_match == 0 ? '<' : h->raw_match == 1 ? '/'
				   : h->tag[h->raw_match - 2];
			if (lower(c) == next)
				h->raw_match++;
			else
				h->raw_match = c == '<';
			if (h->raw_match == want)
				h->st = S_RAW_END;
			break;
		}
		case S_RAW_END:
			/* "</script" ends the raw text only before a space, '/'
			 * or '>' ("</scripts>" does not). */
			h->end_tag = 1;
			if (is_space(c) || c == '/') {
				h->st = S_TAG;
			} else if (c == '>') {
				h->st = S_TEXT;
			} else {
				h->st = S_RAW;
				h->raw_match = c == '<';
			}
			break;
		}
	}
}

/* Between a tag's name and its '>', outside attribute values. */
static int in_tag(int st)
{
	return st == S_TAGNAME || st == S_TAG || st == S_ATTR ||
	       st == S_AFTER_ATTR;
}

/* Whether a section may end in state b having started in state a. */
static int same_context(const html_state *a, const html_state *b)
{
	if (in_tag(a->st) && in_tag(b->st))
		return !strcmp(a->tag, b->tag);
	if (a->st != b->st)
		return 0;
	if (a->st == S_TEXT)
		return 1;
	return !strcmp(a->tag, b->tag) &&
	       (a->st < S_ATTR || a->st > S_UNQ || !strcmp(a->attr, b->attr));
}

/* ---- parsing ------------------------------------------------------------------- */

enum { N_TEXT, N_VAR, N_SECTION, N_INVERTED };
enum { CTX_TEXT, CTX_ATTR, CTX_URL_START, CTX_URL_PART };

typedef struct node {
	int kind;
	int ctx;                /* N_VAR: CTX_* */
	size_t off, len;        /* N_TEXT: the text; else the name, in src */
	size_t end;             /* sections: the index just past the body */
} node;

struct dk_tpl {
	char *src;
	node *nodes;
	size_t n, cap;
};

void dk_tpl_free(dk_tpl *t)
{
	if (!t)
		return;
	free(t->src);
	free(t->nodes);
	free(t);
}

static node *add_node(dk_tpl *t, int kind, size_t off, size_t len)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		node *nn = realloc(t->nodes, cap * sizeof *nn);
		if (!nn)
			return NULL;
		t->nodes = nn;
		t->cap = cap;
	}
	node *nd = &t->nodes[t->n++];
	memset(nd, 0, sizeof *nd);
	nd->kind = kind;
	nd->off = off;
	nd->len = len;
	return nd;
}

typedef struct parser {
	dk_tpl *t;
	const char *name;
	size_t line_pos, line;  /* line is the line number of line_pos */
	dk_buf err;
} parser;

static size_t line_of(parser *p, size_t pos)
{
	for (; p->line_pos < pos; p->line_pos++)
		if (p->t->src[p->line_pos] == '\n')
			p->line++;
	return p->line;
}

static dk_status fail(parser *p, size_t pos, const char *what)
{
	dk_buf_printf(&p->err, "%s:%zu: %s", p->name, line_of(p, pos), what);
	return DK_ERR_PARSE;
}

/* Why a variable cannot stand in h, or NULL (*ctx then says how it is
 * written). */
static const char *var_context(html_state *h, int *ctx)
{
	switch (h->st) {
	case S_TEXT:
		*ctx = CTX_TEXT;
		return NULL;
	case S_DQ:
	case S_SQ:
		if (h->attr_class == A_FORBIDDEN)
			return "a variable in an event-handler, style or srcdoc attribute";
		if (h->attr_class == A_URL) {
			if (h->scheme_bad)
				return "a variable in a URL whose scheme is not http or https";
			*ctx = h->val_started ? CTX_URL_PART : CTX_URL_START;
			if (!h->val_started)
				h->val_var = 1;
		} else {
			*ctx = CTX_ATTR;
		}
		h->val_started = 1;
		return NULL;
	case S_BEFORE_VAL:
	case S_UNQ:
		return "a variable in an unquoted attribute value (quote it)";
	case S_COMMENT:
	case S_BANG:
	case S_BANG_DASH:
		return "a variable in an HTML comment";
	case S_RAW:
	case S_RAW_END:
		return "a variable in the raw text of <script>, <style> or the like";
	default:
		return "a variable inside a tag (only quoted attribute values and "
		       "element text take variables)";
	}
}

static int name_ok(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_'))
			return 0;
	}
	return 1;
}

static const char *find2(const char *s, size_t from, size_t len, char c)
{
	for (size_t i = from; i + 1 < len; i++)
		if (s[i] == c && s[i + 1] == c)
			return s + i;
	return NULL;
}

typedef struct open_section {
	size_t node;
	size_t pos;             /* where its tag starts */
	html_state h;
} open_section;

static dk_status parse(parser *p, size_t len)
{
	const char *src = p->t->src;
	html_state h;
	open_section stack[DK_TPL_MAX_DEPTH];
	size_t depth = 0, seg = 0, at = 0;
	memset(&h, 0, sizeof h);
	for (;;) {
		const char *o = find2(src, at, len, '{');
		if (!o) {
			if (seg < len) {
				scan(&h, src + seg, len - seg);
				if (!add_node(p->t, N_TEXT, seg, len - seg))
					return DK_ERR_NOMEM;
			}
			if (h.scheme_bad && h.val_var)
				return fail(p, len, "a URL that starts with a "
					    "variable cannot be followed by a scheme");
			break;
		}
		size_t open = (size_t)(o - src);
		const char *c = find2(src, open + 2, len, '}');
		if (!c)
			return fail(p, open, "unterminated tag: {{ without }}");
		size_t close = (size_t)(c - src), after = close + 2;
		size_t ns = open + 2, ne = close;
		while (ns < ne && is_space((unsigned char)src[ns]))
			ns++;
		char sigil = ns < ne ? src[ns] : '\0';
		int kind = sigil == '#' ? N_SECTION : sigil == '^' ? N_INVERTED
			   : sigil == '/' ? -1 : sigil == '!' ? -2 : N_VAR;
		if (kind != N_VAR)
			ns++;
		if (kind != -2) {
			while (ns < ne && is_space((unsigned char)src[ns]))
				ns++;
			while (ne > ns && is_space((unsigned char)src[ne - 1]))
				ne--;
			if (kind == N_VAR && (sigil == '{' || sigil == '&'))
				return fail(p, open, "unescaped output ({{{ }}} or {{& }}) "
					    "is not supported: the code marks which "
					    "values are HTML");
			if (!name_ok(src + ns, ne - ns))
				return fail(p, open, "a tag name must be letters, digits "
					    "or _ (after # ^ / or ! for sections, "
					    "ends and comments)");
		} else if (memchr(src + ns, '{', ne - ns)) {
			/* "{{! a {{b}} }}": the comment ended at the first }}. */
			return fail(p, open, "a comment cannot contain {{");
		}
		/* A section, end or comment tag alone on its line takes the
		 * line's indentation and end with it. */
		size_t text_end = open, next = after;
		if (kind != N_VAR) {
			size_t ls = open;
			while (ls > 0 && src[ls - 1] != '\n')
				ls--;
			int alone = ls >= seg;
			for (size_t i = ls; alone && i < open; i++)
				alone = src[i] == ' ' || src[i] == '\t';
			size_t e = after;
			while (alone && e < len && (src[e] == ' ' || src[e] == '\t' ||
						    src[e] == '\r'))
				e++;
			if (alone && (e == len || src[e] == '\n')) {
				text_end = ls;
				next = e < len ? e + 1 : len;
			}
		}
		if (text_end > seg) {
			scan(&h, src + seg, text_end - seg);
			if (!add_node(p->t, N_TEXT, seg, text_end - seg))
				return DK_ERR_NOMEM;
		}
		if (h.scheme_bad && h.val_var)
			return fail(p, open, "a URL that starts with a variable "
				    "cannot be followed by a scheme");
		/* A section tag may not split a name: with the section left
		 * out, "on{{#x}}x{{/x}}click" would be an event handler. */
		if (kind != N_VAR && kind != -2 &&
		    (h.st == S_TAGNAME || h.st == S_ATTR) && next < len &&
		    !is_space((unsigned char)src[next]) && src[next] != '>' &&
		    src[next] != '/' && src[next] != '=' && src[next] != '{')
			return fail(p, open, "a section tag cannot stand inside a "
				    "tag or attribute name");
		if (kind == N_VAR) {
			int ctx = CTX_TEXT;
			const char *why = var_context(&h, &ctx);
			if (why)
				return fail(p, open, why);
			node *nd = add_node(p->t, N_VAR, ns, ne - ns);
			if (!nd)
				return DK_ERR_NOMEM;
			nd->ctx = ctx;
		} else if (kind == N_SECTION || kind == N_INVERTED) {
			if (depth == DK_TPL_MAX_DEPTH)
				return fail(p, open, "sections nested too deeply");
			if (!add_node(p->t, kind, ns, ne - ns))
				return DK_ERR_NOMEM;
			stack[depth].node = p->t->n - 1;
			stack[depth].pos = open;
			stack[depth].h = h;
			depth++;
		} else if (kind == -1) {
			if (!depth)
				return fail(p, open, "{{/ }} closes no open section");
			open_section *os = &stack[depth - 1];
			node *sn = &p->t->nodes[os->node];
			if (sn->len != ne - ns || memcmp(src + sn->off, src + ns, sn->len)) {
				dk_buf msg = DK_BUF_INIT;
				dk_buf_printf(&msg, "{{/%.*s}} closes {{%c%.*s}} of line %zu",
					      (int)(ne - ns), src + ns,
					      sn->kind == N_SECTION ? '#' : '^',
					      (int)sn->len, src + sn->off,
					      line_of(p, os->pos));
				dk_status st = msg.err ? DK_ERR_NOMEM
						       : fail(p, open, msg.data);
				dk_buf_free(&msg);
				return st;
			}
			if (!same_context(&os->h, &h))
				return fail(p, open, "a section must end in the HTML "
					    "context it starts in (close the tags and "
					    "quotes it opens)");
			sn->end = p->t->n;
			depth--;
		}
		seg = at = next;
	}
	if (depth) {
		node *sn = &p->t->nodes[stack[depth - 1].node];
		dk_buf msg = DK_BUF_INIT;
		dk_buf_printf(&msg, "{{%c%.*s}} is never closed",
			      sn->kind == N_SECTION ? '#' : '^', (int)sn->len,
			      src + sn->off);
		dk_status st = msg.err ? DK_ERR_NOMEM
				       : fail(p, stack[depth - 1].pos, msg.data);
		dk_buf_free(&msg);
		return st;
	}
	if (h.st != S_TEXT && h.st != S_DECL)
		return fail(p, len, "the template ends inside a tag, attribute, "
			    "comment or script");
	return DK_OK;
}

dk_status dk_tpl_parse(const char *name, const char *src, size_t len,
		       dk_tpl **out, char **err)
{
	parser p;
	dk_status st;
	*out = NULL;
	*err = NULL;
	memset(&p, 0, sizeof p);
	p.name = name ? name : "template";
	p.line = 1;
	p.t = calloc(1, sizeof *p.t);
	if (!p.t)
		return DK_ERR_NOMEM;
	p.t->src = dk_strndup(src ? src : "", src ? len : 0);
	if (!p.t->src) {
		st = DK_ERR_NOMEM;
		goto done;
	}
	st = parse(&p, src ? len : 0);
	if (st == DK_ERR_PARSE) {
		*err = p.err.err ? NULL : dk_buf_detach(&p.err, NULL);
		if (!*err)
			st = DK_ERR_NOMEM;
	}
done:
	dk_buf_free(&p.err);
	if (st) {
		dk_tpl_free(p.t);
		return st;
	}
	*out = p.t;
	return DK_OK;
}

/* ---- rendering ------------------------------------------------------------------- */

static const entry *lookup(const dk_tpl_data *d, const char *name, size_t n)
{
	for (; d; d = d->parent)
		for (const entry *e = d->entries; e; e = e->next)
			if (!strncmp(e->name, name, n) && !e->name[n])
				return e;
	return NULL;
}

static int truthy(const entry *e)
{
	if (!e)
		return 0;
	switch (e->kind) {
	case V_TEXT: case V_HTML: return e->len > 0;
	case V_LIST: return e->items != NULL;
	default: return e->u != 0;
	}
}

/* 1 when s may start a URL attribute: http(s), or relative (no scheme),
 * and no byte a browser would strip or stop at. */
static int url_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '/' || s[i] == '?' || s[i] == '#')
			return 1;
		if (s[i] == ':')
			return (i == 4 && !strncasecmp(s, "http", 4)) ||
			       (i == 5 && !strncasecmp(s, "https", 5));
	}
	return 1;
}

static void put_var(const node *nd, const entry *e, dk_buf *out)
{
	char num[24];
	const char *s;
	size_t n;
	if (!e || e->kind == V_LIST || e->kind == V_BOOL)
		return;
	if (e->kind == V_UINT) {
		n = (size_t)snprintf(num, sizeof num, "%llu",
				     (unsigned long long)e->u);
		s = num;
	} else {
		s = e->s;
		n = e->len;
	}
	switch (nd->ctx) {
	case CTX_TEXT:
		if (e->kind == V_HTML)
			dk_buf_append(out, s, n);
		else
			dk_cgi_html_escape(s, n, out);
		break;
	case CTX_ATTR:
		dk_cgi_html_escape(s, n, out);
		break;
	case CTX_URL_START:
		if (url_ok(s, n))
			dk_cgi_html_escape(s, n, out);
		break;
	case CTX_URL_PART: {
		dk_buf enc = DK_BUF_INIT;
		dk_cgi_url_encode(s, n, &enc);
		if (enc.err)
			out->err = out->err ? out->err : enc.err;
		else
			dk_cgi_html_escape(enc.data, enc.len, out);
		dk_buf_free(&enc);
		break;
	}
	}
}

static void render(const dk_tpl *t, size_t from, size_t to,
		   const dk_tpl_data *d, dk_buf *out)
{
	for (size_t i = from; i < to;) {
		const node *nd = &t->nodes[i];
		if (nd->kind == N_TEXT) {
			dk_buf_append(out, t->src + nd->off, nd->len);
			i++;
			continue;
		}
		const entry *e = lookup(d, t->src + nd->off, nd->len);
		if (nd->kind == N_VAR) {
			put_var(nd, e, out);
			i++;
			continue;
		}
		if (nd->kind == N_SECTION && e && e->kind == V_LIST) {
			for (const dk_tpl_data *it = e->items; it; it = it->next)
				render(t, i + 1, nd->end, it, out);
		} else if ((nd->kind == N_SECTION) == (truthy(e) != 0)) {
			render(t, i + 1, nd->end, d, out);
		}
		i = nd->end;
	}
}

dk_status dk_tpl_render(const dk_tpl *t, const dk_tpl_data *d, dk_buf *out)
{
	if (d && *d->err)
		return *d->err;
	render(t, 0, t->n, d, out);
	return out->err ? DK_ERR_NOMEM : DK_OK;
}
