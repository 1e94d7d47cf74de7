/*
 * html_dom.c - the depth-capped libxml2 HTML parse and DOM helpers (see
 * html_dom.h).
 */
#include "html_dom.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>

/* Sorted by name for bsearch. */
static const struct tagname {
	const char *name;
	dk_html_tag tag;
} TAGS[] = {
	{ "a", DK_TAG_A }, { "address", DK_TAG_ADDRESS },
	{ "article", DK_TAG_ARTICLE }, { "aside", DK_TAG_ASIDE },
	{ "audio", DK_TAG_AUDIO }, { "blockquote", DK_TAG_BLOCKQUOTE },
	{ "body", DK_TAG_BODY }, { "br", DK_TAG_BR }, { "button", DK_TAG_BUTTON },
	{ "canvas", DK_TAG_CANVAS }, { "caption", DK_TAG_CAPTION },
	{ "center", DK_TAG_CENTER }, { "dd", DK_TAG_DD },
	{ "details", DK_TAG_DETAILS }, { "dialog", DK_TAG_DIALOG },
	{ "dir", DK_TAG_DIR }, { "div", DK_TAG_DIV }, { "dl", DK_TAG_DL },
	{ "dt", DK_TAG_DT }, { "embed", DK_TAG_EMBED },
	{ "fieldset", DK_TAG_FIELDSET }, { "figcaption", DK_TAG_FIGCAPTION },
	{ "figure", DK_TAG_FIGURE }, { "footer", DK_TAG_FOOTER },
	{ "form", DK_TAG_FORM }, { "h1", DK_TAG_H1 }, { "h2", DK_TAG_H2 },
	{ "h3", DK_TAG_H3 }, { "h4", DK_TAG_H4 }, { "h5", DK_TAG_H5 },
	{ "h6", DK_TAG_H6 }, { "head", DK_TAG_HEAD }, { "header", DK_TAG_HEADER },
	{ "hgroup", DK_TAG_HGROUP }, { "hr", DK_TAG_HR }, { "html", DK_TAG_HTML },
	{ "iframe", DK_TAG_IFRAME }, { "img", DK_TAG_IMG },
	{ "input", DK_TAG_INPUT }, { "label", DK_TAG_LABEL },
	{ "legend", DK_TAG_LEGEND }, { "li", DK_TAG_LI }, { "link", DK_TAG_LINK },
	{ "main", DK_TAG_MAIN }, { "map", DK_TAG_MAP }, { "math", DK_TAG_MATH },
	{ "menu", DK_TAG_MENU }, { "meta", DK_TAG_META }, { "nav", DK_TAG_NAV },
	{ "noscript", DK_TAG_NOSCRIPT }, { "object", DK_TAG_OBJECT },
	{ "ol", DK_TAG_OL }, { "option", DK_TAG_OPTION }, { "p", DK_TAG_P },
	{ "pre", DK_TAG_PRE }, { "script", DK_TAG_SCRIPT },
	{ "section", DK_TAG_SECTION }, { "select", DK_TAG_SELECT },
	{ "style", DK_TAG_STYLE }, { "summary", DK_TAG_SUMMARY },
	{ "svg", DK_TAG_SVG }, { "table", DK_TAG_TABLE }, { "tbody", DK_TAG_TBODY },
	{ "td", DK_TAG_TD }, { "template", DK_TAG_TEMPLATE },
	{ "textarea", DK_TAG_TEXTAREA }, { "tfoot", DK_TAG_TFOOT },
	{ "th", DK_TAG_TH }, { "thead", DK_TAG_THEAD }, { "time", DK_TAG_TIME },
	{ "title", DK_TAG_TITLE }, { "tr", DK_TAG_TR }, { "ul", DK_TAG_UL },
	{ "video", DK_TAG_VIDEO },
};

static int tag_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct tagname *)e)->name);
}

static dk_html_tag lookup(const char *name)
{
	const struct tagname *t = bsearch(name, TAGS, sizeof TAGS / sizeof TAGS[0],
					  sizeof TAGS[0], tag_cmp);
	return t ? t->tag : DK_TAG_OTHER;
}

dk_html_tag dk_html_tag_of(xmlNode *n)
{
	if (!n || n->type != XML_ELEMENT_NODE || !n->name)
		return DK_TAG_UNSET;
	if (n->extra > DK_TAG_UNSET && n->extra < DK_TAG_COUNT)
		return (dk_html_tag)n->extra;
	dk_html_tag t = lookup((const char *)n->name);
	n->extra = (unsigned short)t;
	return t;
}

int dk_html_tag_is_block(dk_html_tag t)
{
	switch (t) {
	case DK_TAG_ADDRESS: case DK_TAG_ARTICLE: case DK_TAG_ASIDE:
	case DK_TAG_BLOCKQUOTE: case DK_TAG_BODY: case DK_TAG_BR:
	case DK_TAG_CAPTION: case DK_TAG_CENTER: case DK_TAG_DD:
	case DK_TAG_DETAILS: case DK_TAG_DIALOG: case DK_TAG_DIR:
	case DK_TAG_DIV: case DK_TAG_DL: case DK_TAG_DT: case DK_TAG_FIELDSET:
	case DK_TAG_FIGCAPTION: case DK_TAG_FIGURE: case DK_TAG_FOOTER:
	case DK_TAG_FORM: case DK_TAG_H1: case DK_TAG_H2: case DK_TAG_H3:
	case DK_TAG_H4: case DK_TAG_H5: case DK_TAG_H6: case DK_TAG_HEADER:
	case DK_TAG_HGROUP: case DK_TAG_HR: case DK_TAG_HTML: case DK_TAG_LEGEND:
	case DK_TAG_LI: case DK_TAG_MAIN: case DK_TAG_MENU: case DK_TAG_NAV:
	case DK_TAG_OL: case DK_TAG_P: case DK_TAG_PRE: case DK_TAG_SECTION:
	case DK_TAG_SUMMARY: case DK_TAG_TABLE: case DK_TAG_TBODY:
	case DK_TAG_TFOOT: case DK_TAG_THEAD: case DK_TAG_TR: case DK_TAG_UL:
	case DK_TAG_TITLE:
		return 1;
	default:
		return 0;
	}
}

int dk_html_tag_is_void_of_text(dk_html_tag t)
{
	switch (t) {
	case DK_TAG_SCRIPT: case DK_TAG_STYLE: case DK_TAG_NOSCRIPT:
	case DK_TAG_TEMPLATE: case DK_TAG_SVG: case DK_TAG_MATH:
	case DK_TAG_IFRAME: case DK_TAG_OBJECT: case DK_TAG_EMBED:
	case DK_TAG_CANVAS: case DK_TAG_SELECT: case DK_TAG_OPTION:
	case DK_TAG_TEXTAREA: case DK_TAG_BUTTON: case DK_TAG_INPUT:
	case DK_TAG_AUDIO: case DK_TAG_VIDEO: case DK_TAG_MAP:
	case DK_TAG_HEAD: case DK_TAG_META: case DK_TAG_LINK:
		return 1;
	default:
		return 0;
	}
}

const char *dk_html_attr(const xmlNode *n, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (!a->name || strcmp((const char *)a->name, name))
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE &&
		    a->children->content)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

int dk_html_has_token(const char *v, const char *tok)
{
	size_t k = strlen(tok);
	if (!v || !k)
		return 0;
	const char *p = v;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
			p++;
		const char *s = p;
		while (*p && !(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
			       *p == '\f'))
			p++;
		if ((size_t)(p - s) == k && !strncasecmp(s, tok, k))
			return 1;
	}
	return 0;
}

xmlNode *dk_html_next(xmlNode *n, const xmlNode *root, int skip_children)
{
	if (!skip_children && n->children && n->type == XML_ELEMENT_NODE)
		return n->children;
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

void dk_html_text(xmlNode *root, dk_buf *out, size_t max)
{
	size_t start = out->len;
	int space = 0;
	xmlNode *n = root;
	while (n) {
		int skip = 0;
		if (n->type == XML_ELEMENT_NODE) {
			dk_html_tag t = dk_html_tag_of(n);
			if (n != root && dk_html_tag_is_void_of_text(t))
				skip = 1;
			else if (dk_html_tag_is_block(t) && out->len > start)
				space = 1;
		} else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
			   n->content) {
			const unsigned char *c = n->content;
			for (; *c; c++) {
				if (max && out->len - start >= max)
					return;
				if (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' ||
				    *c == '\f' || (c[0] == 0xC2 && c[1] == 0xA0)) {
					if (*c == 0xC2)
						c++;
					space = 1;
					continue;
				}
				if (space && out->len > start)
					dk_buf_putc(out, ' ');
				space = 0;
				dk_buf_putc(out, (char)*c);
			}
		}
		n = dk_html_next(n, root, skip);
	}
}

/* ---- crowded elements ------------------------------------------------------ */

/*
 * libxml2's HTML parser checks each attribute of an element against all
 * earlier ones, so one element with n attributes costs n^2/2 comparisons
 * (40,000 attributes: 6 s; a million: hours).  This linear pre-pass finds
 * the start tags and drops every attribute past the DK_HTML_MAX_ATTRS-th of
 * its element before the parser sees them; no real page comes near the cap.
 * The scan knows what the parser's tokenizer knows about tags: comments,
 * quoted values, and the raw text of <script> and <style>, which holds no
 * tags.  Nothing is copied unless an element is over the cap.
 */

static int ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The first occurrence of lit (lower case) in s[from..n), case-insensitive;
 * n when there is none. */
static size_t find_ci(const char *s, size_t n, size_t from, const char *lit)
{
	size_t k = strlen(lit);
	for (size_t i = from; i + k <= n; i++) {
		const char *p = memchr(s + i, '<', n - i);
		if (!p)
			break;
		i = (size_t)(p - s);
		if (i + k <= n && !strncasecmp(s + i, lit, k))
			return i;
	}
	return n;
}

/* Copy s[0..n) to out without the attributes past the cap.  Returns the
 * number dropped (0: out untouched); *first is the offset of the first. */
static size_t drop_crowded(const char *s, size_t n, dk_buf *out, size_t *first)
{
	size_t dropped = 0, copied = 0, i = 0;
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		if (!lt)
			break;
		i = (size_t)(lt - s) + 1;
		if (i + 2 < n && s[i] == '!' && s[i + 1] == '-' && s[i + 2] == '-') {
			size_t j = i + 3;
			while (j + 2 < n && !(s[j] == '-' && s[j + 1] == '-' && s[j + 2] == '>'))
				j++;
			i = j + 3;
			continue;
		}
		if (i >= n || !ascii_alpha(s[i]))
			continue;
		size_t name = i;
		while (i < n && !html_space(s[i]) && s[i] != '/' && s[i] != '>')
			i++;
		size_t name_len = i - name;
		size_t count = 0;
		for (;;) {
			while (i < n && (html_space(s[i]) || s[i] == '/'))
				i++;
			if (i >= n || s[i] == '>')
				break;
			size_t a = i;
			i++;  /* a name may start with '=' */
			while (i < n && !html_space(s[i]) && s[i] != '=' && s[i] != '>' &&
			       s[i] != '/')
				i++;
			size_t j = i;
			while (j < n && html_space(s[j]))
				j++;
			if (j < n && s[j] == '=') {
				j++;
				while (j < n && html_space(s[j]))
					j++;
				if (j < n && (s[j] == '"' || s[j] == '\'')) {
					const char *q = memchr(s + j + 1, s[j], n - j - 1);
					j = q ? (size_t)(q - s) + 1 : n;
				} else {
					while (j < n && !html_space(s[j]) && s[j] != '>')
						j++;
				}
				i = j;
			}
			if (++count > DK_HTML_MAX_ATTRS) {
				if (!dropped++)
					*first = a;
				dk_buf_append(out, s + copied, a - copied);
				copied = i;
			}
		}
		if (i < n && name_len == 6 && !strncasecmp(s + name, "script", 6))
			i = find_ci(s, n, i, "</script");
		else if (i < n && name_len == 5 && !strncasecmp(s + name, "style", 5))
			i = find_ci(s, n, i, "</style");
	}
	if (dropped)
		dk_buf_append(out, s + copied, n - copied);
	return dropped;
}

/* ---- parsing ------------------------------------------------------------ */

/* The time budget of one parse, in seconds (0: none). */
static double parse_budget;

void dk_html_set_time_budget(double seconds)
{
	parse_budget = seconds > 0 ? seconds : 0;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct parse_state {
	size_t depth;
	size_t elements;
	double deadline;     /* 0: none */
	int timed_out;
	dk_html_parse_info info;
} parse_state;

static size_t offset_of(xmlParserCtxtPtr c)
{
	if (!c->input || !c->input->cur || !c->input->base)
		return 0;
	return (size_t)c->input->consumed + (size_t)(c->input->cur - c->input->base);
}

/* The offset of the '<' of the start tag just read. */
static size_t tag_offset(xmlParserCtxtPtr c)
{
	if (!c->input || !c->input->cur || !c->input->base)
		return 0;
	const xmlChar *p = c->input->cur;
	while (p > c->input->base && *p != '<')
		p--;
	return (size_t)c->input->consumed + (size_t)(p - c->input->base);
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	xmlParserCtxtPtr c = ctx;
	parse_state *s = c->_private;
	/* The clock is read every 1024 elements: cheap, and each element
	 * costs little now that its attributes are bounded. */
	if (s->deadline > 0 && !(++s->elements & 1023) && now() > s->deadline) {
		s->timed_out = 1;
		xmlStopParser(c);
		return;
	}
	if (++s->depth > DK_HTML_MAX_DEPTH) {
		if (!s->info.flattened++)
			s->info.first_deep = tag_offset(c);
		return;
	}
	xmlNodePtr before = c->node;
	xmlSAX2StartElement(ctx, name, atts);
	if (c->node && c->node != before && c->node->type == XML_ELEMENT_NODE)
		c->node->extra = (unsigned short)lookup((const char *)c->node->name);
}

static void on_end(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr c = ctx;
	parse_state *s = c->_private;
	if (s->depth == 0)
		return;
	if (s->depth-- > DK_HTML_MAX_DEPTH)
		return;
	xmlSAX2EndElement(ctx, name);
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml(void)
{
	xmlInitParser();
}

dk_status dk_html_parse(const char *s, size_t n, xmlDocPtr *out,
			dk_html_parse_info *info)
{
	*out = NULL;
	if (info)
		memset(info, 0, sizeof *info);
	if (n >= INT_MAX)
		return DK_ERR_TOO_BIG;
	pthread_once(&init_once, init_libxml);
	/* An empty buffer makes no context; a page of one space is the same
	 * page to us. */
	if (n == 0) {
		s = " ";
		n = 1;
	}
	parse_state st = { 0 };
	if (parse_budget > 0)
		st.deadline = now() + parse_budget;
	dk_buf thinned = DK_BUF_INIT;
	size_t first_crowded = 0;
	size_t dropped = drop_crowded(s, n, &thinned, &first_crowded);
	if (thinned.err) {
		dk_buf_free(&thinned);
		return DK_ERR_NOMEM;
	}
	if (dropped) {
		s = thinned.data;
		n = thinned.len;
	}
	htmlParserCtxtPtr c = htmlCreateMemoryParserCtxt(s, (int)n);
	if (!c) {
		dk_buf_free(&thinned);
		return DK_ERR_NOMEM;
	}
	st.info.attrs_dropped = dropped;
	st.info.first_crowded = first_crowded;
	c->_private = &st;
	c->sax->startElement = on_start;
	c->sax->endElement = on_end;
	htmlCtxtUseOptions(c, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
			      HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
			      HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC |
			      HTML_PARSE_NODEFDTD);
	/* The text is UTF-8 already: say so, or libxml2 guesses Latin-1
	 * at the first non-ASCII byte. */
	c->charset = XML_CHAR_ENCODING_UTF8;
	htmlParseDocument(c);
	if (!st.timed_out && c->input && c->input->cur && c->input->end &&
	    c->input->cur < c->input->end) {
		st.info.stopped = 1;
		st.info.stopped_at = offset_of(c);
	}
	xmlDocPtr doc = c->myDoc;
	c->myDoc = NULL;
	c->_private = NULL;
	htmlFreeParserCtxt(c);
	dk_buf_free(&thinned);
	if (st.timed_out) {
		xmlFreeDoc(doc);
		return DK_ERR_TIMEOUT;
	}
	if (info)
		*info = st.info;
	if (!doc)
		return DK_ERR_PARSE;
	*out = doc;
	return DK_OK;
}
