/*
 * html_classes.c - what an HTML element's tag, class, id, role and style
 * say about it for main-content extraction: boilerplate (navigation,
 * share rows, footers, consent banners), weak (comment sections, hidden
 * elements), a content hint (itemprop=articleBody, "entry-content"),
 * <main> or <article>; and whether the walk reads its text, mutes it or
 * skips it.  The word lists are matched on whole tokens of the class and
 * id values, by prefix or exactly.  html_extract.c scores with these flags.
 */
#include "html_extract_int.h"

#include <string.h>
#include <strings.h>

/* ---- class, id and role words -------------------------------------------- */

static const char *const BOILER_PREFIX[] = {
	"nav", "menu", "breadcrumb", "footer", "sidebar", "share", "sharing",
	"social", "related", "promo", "newsletter", "subscri", "cookie",
	"consent", "advert", "sponsor", "popup", "modal", "toolbar",
	"pagination", "pager", "signup", "login", "banner", "masthead",
	"disqus", "outbrain", "taboola", "recommend", "trending", "offcanvas",
	"dropdown", "skiplink", "donate", "paywall", "adslot", "adunit",
	"adsense", "adwrap", "adcontainer", "gdpr", "tooltip", "byline",
	"copyright", NULL
};
static const char *const BOILER_EXACT[] = {
	"ad", "ads", "adv", "header", "meta", "tags", "tag", "bio", "cta",
	"follow", "skip", "categories", "rss", "search", "utility", "print",
	"tagline", "topbar", NULL
};
/* Sub-words of regions that are never the content, however much prose
 * they hold (a cookie notice is long and well written): consent and
 * cookie banners, pop-ups and dialogs, page footers.  Cookie words of
 * other languages: German, French, Spanish/Portuguese, Italian, Dutch,
 * Polish, Czech. */
static const char *const STRONG_PREFIX[] = {
	"cookie", "consent", "gdpr", "modal", "popup", "footer", "copyright",
	"datenschutzhinweis", "einwillig", "zustimm", "consentement",
	"consentimiento", "consentimento", "consenso", "toestemming", "zgod",
	"souhlas", NULL
};
static const char *const WEAK_PREFIX[] = {
	"comment", "respond", "replies", "reply", NULL
};
/* The same kinds of region named in other European languages (German,
 * French, Spanish, Portuguese, Italian, Dutch, Polish, Czech): sharing,
 * related and recommended articles, newsletters and subscriptions,
 * author boxes, tags, advertising. */
static const char *const BOILER_PREFIX_INTL[] = {
	"teilen", "partag", "compartir", "condivid", "udostep", "delen",
	"verwandt", "aehnlich", "ahnlich", "empfehl", "similair", "similar",
	"relacionad", "correlat", "powiazan", "polecan", "souvisej",
	"gerelateerd", "aanbevol", "abonn", "suscri", "assin", "iscri",
	"inscri", "anmeld", "schlagw", "etiquet",
	"werbung", "anzeige", "publicid", "pubblicit", "reklam", "weiterles",
	NULL
};
static const char *const WEAK_PREFIX_INTL[] = {
	"kommentar", "koment", "comentar", "reactie", "reacti", "diskuss",
	"discuss", "leserbrief", NULL
};
/* Sub-words that name the author's box, and what follows "author-" in
 * such a box's class (rather than an author's name, as WordPress's
 * "author-jane" on the article is). */
static const char *const AUTHOR_PREFIX[] = {
	"author", "autor", "auteur", "autore", NULL
};
static const char *const AUTHOR_BOX[] = {
	"bio", "box", "info", "card", "about", "profile", "detail", "desc",
	"wrap", "block", "section", "container", NULL
};
/* Sub-words that name captions and credits of pictures. */
static const char *const CAPTION_PREFIX[] = {
	"caption", "credit", "legend", "bildunterschrift", "bildtext",
	"didascalia", "podpis", "leyenda", "photographer", NULL
};
/* Picture galleries and media players inside an article (caption=2). */
static const char *const MEDIA_PREFIX[] = {
	"gallery", "galerie", "galeria", "slideshow", "carousel", "lightbox",
	"player", NULL
};
/* Whole class tokens, '-' and '_' removed, that CMSs give the article
 * body. */
static const char *const HINT_TOKENS[] = {
	"articlebody", "articlecontent", "articletext", "articlecopy",
	"articlemain", "entrycontent", "entrybody", "postcontent", "postbody",
	"posttext", "postentry", "storybody", "storycontent", "storytext",
	"blogcontent", "blogpostcontent", "maincontent", "pagecontent",
	"contentbody", "bodytext", "bodycopy", "newsbody", "newscontent",
	"singlecontent", "tdpostcontent", "itemfulltext", "richtext",
	"articlebodytext", "storybodytext", "entrytext", "prose", NULL
};
/* Whole class tokens that hide an element from sighted readers. */
static const char *const HIDE_TOKENS[] = {
	"hidden", "hide", "d-none", "is-hidden", "sr-only", "visually-hidden",
	"visuallyhidden", "screen-reader-text", "screen-reader-only",
	"element-invisible", "u-hidden", "off-screen", "offscreen", NULL
};

static int in_list(const char *const *list, const char *w, size_t n, int prefix)
{
	for (size_t i = 0; list[i]; i++) {
		if (list[i][0] != w[0])
			continue;
		size_t k = strlen(list[i]);
		if (prefix ? (n >= k && !memcmp(w, list[i], k))
			   : (n == k && !memcmp(w, list[i], k)))
			return 1;
	}
	return 0;
}

/* WordPress and friends put taxonomy and state classes on the article
 * element itself ("tag-privacy", "category-news", "format-standard"):
 * those name the content, not boilerplate. */
static int taxonomy_token(const char *t, size_t n)
{
	static const char *const P[] = { "tag-", "category-", "format-", "status-",
					 "type-", "postid-", "term-", "topic-",
					 "author-", "has-", "with-", "no-", "not-",
					 "non-", NULL };
	char low[16];
	size_t k = n < sizeof low ? n : sizeof low;
	for (size_t i = 0; i < k; i++)
		low[i] = (char)dk_hx_lower((unsigned char)t[i]);
	return in_list(P, low, k, 1);
}

/* Utility-first CSS ("font-utility-2", "md:px-4", "bg-brand/5") names
 * a style, not a region: tokens with a variant or a fraction, or whose
 * first sub-word is a style property. */
static int utility_token(const char *low, size_t n)
{
	static const char *const FIRST[] = {
		"font", "text", "bg", "border", "rounded", "shadow", "p", "px",
		"py", "pt", "pb", "pl", "pr", "m", "mx", "my", "mt", "mb", "ml",
		"mr", "w", "h", "min", "max", "gap", "space", "leading",
		"tracking", "z", "opacity", "justify", "items", "self", "place",
		"overflow", "whitespace", "fill", "stroke", "ring", "cursor",
		"transition", "duration", "ease", "sm", "md", "lg", "xl", NULL
	};
	if (memchr(low, ':', n) || memchr(low, '/', n) || memchr(low, '[', n))
		return 1;
	const char *d = memchr(low, '-', n);
	if (!d)
		return 0;
	return in_list(FIRST, low, (size_t)(d - low), 0);
}

/* Flags for the class or id value v of an element (heading: one of
 * h1..h6). */
static unsigned attr_words(const char *v, int heading, int *hide,
			   const dk_hx_params *prm)
{
	unsigned f = 0;
	const char *p = v;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
			p++;
		const char *t = p;
		while (*p && !(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
			       *p == '\f'))
			p++;
		size_t tn = (size_t)(p - t);
		if (tn == 0 || tn > 64)
			continue;
		char low[65], joined[65];
		size_t jn = 0;
		for (size_t i = 0; i < tn; i++) {
			low[i] = (char)dk_hx_lower((unsigned char)t[i]);
			if (low[i] != '-' && low[i] != '_')
				joined[jn++] = low[i];
		}
		low[tn] = joined[jn] = '\0';
		if (in_list(HIDE_TOKENS, low, tn, 0))
			*hide = 1;
		if (in_list(HINT_TOKENS, joined, jn, 0))
			f |= F_HINT;
		if (prm->util && utility_token(low, tn))
			continue;
		if (taxonomy_token(t, tn) &&
		    !(prm->author && tn > 7 && !strncmp(low, "author-", 7) &&
		      in_list(AUTHOR_BOX, low + 7, tn - 7, 1)))
			continue;
		/* Sub-words: split at '-', '_', ':' and lower-to-upper case. */
		size_t i = 0;
		int neg = 0;
		while (i < tn) {
			while (i < tn && (t[i] == '-' || t[i] == '_' || t[i] == ':' ||
					  (t[i] >= '0' && t[i] <= '9')))
				i++;
			size_t s = i;
			while (i < tn && t[i] != '-' && t[i] != '_' && t[i] != ':' &&
			       !(t[i] >= '0' && t[i] <= '9')) {
				i++;
				if (i < tn && t[i] >= 'A' && t[i] <= 'Z' &&
				    t[i - 1] >= 'a' && t[i - 1] <= 'z')
					break;
			}
			size_t wn = i - s;
			if (!wn)
				continue;
			const char *w = low + s;
			/* Letters between digits are part of a hash
			 * ("b5343ad4"), not a word. */
			int hashy = (s > 0 && t[s - 1] >= '0' && t[s - 1] <= '9') ||
				    (i < tn && t[i] >= '0' && t[i] <= '9');
			if (hashy && wn <= 4)
				continue;
			/* "not-footer", "no-ads": the word after a negation
			 * names what the element is not. */
			if (neg) {
				neg = 0;
				continue;
			}
			if ((wn == 2 && !memcmp(w, "no", 2)) ||
			    (wn == 3 && (!memcmp(w, "not", 3) || !memcmp(w, "non", 3)))) {
				neg = 1;
				continue;
			}
			/* "header" on a heading names the heading itself
			 * ("section-header", "et_pb_module_header"). */
			if (heading && prm->hhead && wn == 6 && !memcmp(w, "header", 6))
				continue;
			if (in_list(STRONG_PREFIX, w, wn, 1))
				f |= F_BOILER | F_STRONG;
			else if (in_list(BOILER_PREFIX, w, wn, 1) ||
				 in_list(BOILER_EXACT, w, wn, 0))
				f |= F_BOILER;
			else if (in_list(WEAK_PREFIX, w, wn, 1))
				f |= F_WEAK;
			else if (prm->author && in_list(AUTHOR_PREFIX, w, wn, 1))
				f |= F_BOILER;
			else if (prm->caption && in_list(CAPTION_PREFIX, w, wn, 1))
				f |= F_BOILER;
			else if (prm->caption >= 2 && in_list(MEDIA_PREFIX, w, wn, 1))
				f |= F_BOILER;
			else if (prm->intl && in_list(BOILER_PREFIX_INTL, w, wn, 1))
				f |= F_BOILER;
			else if (prm->intl && in_list(WEAK_PREFIX_INTL, w, wn, 1))
				f |= F_WEAK;
		}
	}
	return f;
}

/* Does the inline style hide the element? */
static int style_hides(const char *s)
{
	char buf[256];
	size_t k = 0;
	for (; *s && k < sizeof buf - 1; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			buf[k++] = (char)dk_hx_lower((unsigned char)*s);
	buf[k] = '\0';
	return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}


/* Elements whose own text is not article text.  libxml2 (unlike a
 * browser) does not break out of <svg> or <button> at a <div> or <p>, so
 * an unclosed one can hold the rest of the page: the walk goes on inside
 * them, ignoring text until a block element says the parser recovered. */
static int muting(dk_html_tag t)
{
	switch (t) {
	case DK_TAG_SVG: case DK_TAG_MATH: case DK_TAG_IFRAME: case DK_TAG_OBJECT:
	case DK_TAG_EMBED: case DK_TAG_CANVAS: case DK_TAG_AUDIO: case DK_TAG_VIDEO:
	case DK_TAG_MAP: case DK_TAG_SELECT: case DK_TAG_OPTION:
	case DK_TAG_TEXTAREA: case DK_TAG_BUTTON: case DK_TAG_NOSCRIPT:
		return 1;
	default:
		return 0;
	}
}

/* Flags of element n from its tag and attributes; *mode says whether the
 * walk reads it, mutes it or skips it. */
unsigned dk_hx_element_flags(xmlNode *n, dk_html_tag tag, int *mode,
			     const dk_hx_params *prm)
{
	unsigned f = 0;
	int hide = 0;
	*mode = M_READ;
	if (muting(tag)) {
		*mode = M_MUTE;
		return 0;
	}
	if (dk_html_tag_is_void_of_text(tag)) {
		*mode = M_SKIP;
		return 0;
	}
	int heading = tag == DK_TAG_H1 || tag == DK_TAG_H2 || tag == DK_TAG_H3 ||
		      tag == DK_TAG_H4 || tag == DK_TAG_H5 || tag == DK_TAG_H6;
	switch (tag) {
	case DK_TAG_FOOTER: case DK_TAG_DIALOG:
		f |= F_BOILER | F_STRONG;
		break;
	case DK_TAG_NAV: case DK_TAG_ASIDE: case DK_TAG_HEADER:
	case DK_TAG_FORM: case DK_TAG_MENU:
		f |= F_BOILER;
		break;
	case DK_TAG_FIGCAPTION:
		if (prm->caption)
			f |= F_BOILER;
		break;
	case DK_TAG_MAIN:
		f |= F_MAIN;
		break;
	case DK_TAG_ARTICLE:
		f |= F_ARTICLE;
		break;
	default:
		break;
	}
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		const char *v = a->children && a->children->type == XML_TEXT_NODE &&
				a->children->content ? (const char *)a->children->content : "";
		if (!name)
			continue;
		switch (name[0]) {
		case 'c':
			if (!strcmp(name, "class") && tag != DK_TAG_BODY && tag != DK_TAG_HTML)
				f |= attr_words(v, heading, &hide, prm);
			break;
		case 'i':
			if (!strcmp(name, "id") && tag != DK_TAG_BODY && tag != DK_TAG_HTML)
				f |= attr_words(v, heading, &hide, prm);
			else if (!strcmp(name, "itemprop") &&
				 dk_html_has_token(v, "articleBody"))
				f |= F_HINT;
			break;
		case 'r':
			if (!strcmp(name, "role")) {
				if (dk_html_has_token(v, "main"))
					f |= F_MAIN;
				else if (dk_html_has_token(v, "contentinfo") ||
					 dk_html_has_token(v, "dialog") ||
					 dk_html_has_token(v, "alertdialog"))
					f |= F_BOILER | F_STRONG;
				else if (dk_html_has_token(v, "navigation") ||
					 dk_html_has_token(v, "banner") ||
					 dk_html_has_token(v, "complementary") ||
					 dk_html_has_token(v, "search") ||
					 dk_html_has_token(v, "menu") ||
					 dk_html_has_token(v, "menubar") ||
					 dk_html_has_token(v, "dialog") ||
					 dk_html_has_token(v, "alertdialog") ||
					 dk_html_has_token(v, "toolbar"))
					f |= F_BOILER;
			}
			break;
		case 'h':
			if (!strcmp(name, "hidden"))
				hide = 1;
			break;
		case 's':
			if (!strcmp(name, "style") && style_hides(v))
				hide = 1;
			break;
		case 'a':
			if (!strcmp(name, "aria-hidden") && !strcasecmp(v, "true"))
				hide = 1;
			else if (!strcmp(name, "aria-modal") && !strcasecmp(v, "true"))
				f |= F_BOILER | F_STRONG;
			break;
		default:
			break;
		}
	}
	/* Hidden elements are read, and count like comment sections: often
	 * boilerplate (menus, dialogs), often content a script reveals
	 * (collapsed answers, tabs, React streaming's <div hidden>), kept
	 * when they are most of the page. */
	if (hide && tag != DK_TAG_BODY && tag != DK_TAG_HTML)
		return F_WEAK;
	/* A semantic main or article element wins over its class words. */
	if (f & (F_MAIN | F_ARTICLE | F_HINT))
		f &= ~(unsigned)(F_BOILER | F_WEAK | F_STRONG);
	if (!prm->strong)
		f &= ~(unsigned)F_STRONG;
	return f;
}
