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

/* ---- parsing ------------------------------------------------------------ */

typedef struct parse_state {
	size_t depth;
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
	htmlParserCtxtPtr c = htmlCreateMemoryParserCtxt(s, (int)n);
	if (!c)
		return DK_ERR_NOMEM;
	parse_state st = { 0 };
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
	if (c->input && c->input->cur && c->input->end &&
	    c->input->cur < c->input->end) {
		st.info.stopped = 1;
		st.info.stopped_at = offset_of(c);
	}
	xmlDocPtr doc = c->myDoc;
	c->myDoc = NULL;
	c->_private = NULL;
	htmlFreeParserCtxt(c);
	if (info)
		*info = st.info;
	if (!doc)
		return DK_ERR_PARSE;
	*out = doc;
	return DK_OK;
}
