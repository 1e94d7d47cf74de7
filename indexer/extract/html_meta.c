/*
 * html_meta.c - page metadata (see html_meta.h).
 *
 * One walk over the whole tree collects every candidate (meta tags,
 * <title>, <h1>, <time>, microdata, rel=author, byline elements, JSON-LD
 * scripts) into slots by source; the decisions at the end pick from the
 * slots in order of trust.  Candidates are squeezed (text.h) and capped in
 * length, so a hostile page cannot make a megabyte title.
 */
#include "html_meta.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../common/buf.h"
#include "date.h"
#include "html_dom.h"
#include "text.h"

#define MAX_FIELD 400     /* bytes kept of one candidate */
#define MAX_LD 4          /* JSON-LD nesting followed */

/* Date candidates, most trusted first. */
enum {
	D_LD_ARTICLE, D_META_PUBLISHED, D_ITEMPROP, D_META_OTHER, D_LD_OTHER,
	D_TIME_MAIN, D_TIME_FIRST, D_URL, D_DATECLASS, D_DATELINE, D_MODIFIED,
	D_COUNT
};
/* Author candidates, most trusted first. */
enum {
	A_LD_ARTICLE, A_META, A_META2, A_META3, A_ITEMPROP, A_REL, A_BYLINE,
	A_LD_OTHER, A_COUNT
};
/* The candidates written as bylines, which need their job titles and
 * dates cut off; the others are names already. */
#define A_IS_BYLINE(i) ((i) == A_REL || (i) == A_BYLINE)

typedef struct mstate {
	char *title_tag, *og_title, *tw_title, *ld_headline, *ld_name;
	char *h1_main, *h1_first, *h2_main;
	char *og_site, *ld_publisher, *ld_website, *app_name;
	char *canonical, *og_url;
	char *lang_attr, *og_locale, *content_lang;
	char *date[D_COUNT];
	char *author[A_COUNT];
	json_t *ld_ids;      /* JSON-LD "@id" -> name, for references */
	dk_buf date_texts;   /* short texts of date-classed elements, one a line */
	int ndate_texts;
	dk_status err;
} mstate;

static void state_free(mstate *s)
{
	char **all[] = { &s->title_tag, &s->og_title, &s->tw_title, &s->ld_headline,
			 &s->ld_name, &s->h1_main, &s->h1_first, &s->h2_main,
			 &s->og_site,
			 &s->ld_publisher, &s->ld_website, &s->app_name,
			 &s->canonical, &s->og_url, &s->lang_attr, &s->og_locale,
			 &s->content_lang };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		free(*all[i]);
		*all[i] = NULL;
	}
	for (int i = 0; i < D_COUNT; i++)
		free(s->date[i]);
	for (int i = 0; i < A_COUNT; i++)
		free(s->author[i]);
	dk_buf_free(&s->date_texts);
}

/* Store s[0..n), squeezed and capped, in *slot unless it is set. */
static void set_once(mstate *st, char **slot, const char *s, size_t n)
{
	if (*slot || !s || !n)
		return;
	dk_buf b = DK_BUF_INIT;
	dk_text_squeeze(s, n < 4 * MAX_FIELD ? n : 4 * MAX_FIELD, &b);
	if (b.err) {
		st->err = b.err;
		return;
	}
	if (b.len == 0) {
		dk_buf_free(&b);
		return;
	}
	if (b.len > MAX_FIELD) {
		/* Cut at a character boundary. */
		size_t k = MAX_FIELD;
		while (k > 0 && ((unsigned char)b.data[k] & 0xC0) == 0x80)
			k--;
		b.len = k;
		b.data[k] = '\0';
	}
	*slot = dk_buf_detach(&b, NULL);
	if (!*slot)
		st->err = DK_ERR_NOMEM;
}

static void set_str(mstate *st, char **slot, const char *s)
{
	if (s)
		set_once(st, slot, s, strlen(s));
}

static void set_text(mstate *st, char **slot, xmlNode *n)
{
	if (*slot)
		return;
	dk_buf b = DK_BUF_INIT;
	dk_html_text(n, &b, MAX_FIELD * 2);
	if (b.err)
		st->err = b.err;
	else if (b.len)
		set_once(st, slot, b.data, b.len);
	dk_buf_free(&b);
}

/* ---- JSON-LD -------------------------------------------------------------- */

static int type_is(json_t *t, const char *const *names)
{
	if (json_is_string(t)) {
		const char *v = json_string_value(t);
		/* "http://schema.org/NewsArticle" counts as "NewsArticle". */
		const char *slash = strrchr(v, '/');
		if (slash)
			v = slash + 1;
		for (size_t i = 0; names[i]; i++)
			if (!strcasecmp(v, names[i]))
				return 1;
		return 0;
	}
	if (json_is_array(t)) {
		size_t i;
		json_t *e;
		json_array_foreach(t, i, e)
			if (type_is(e, names))
				return 1;
	}
	return 0;
}

static const char *const ARTICLE_TYPES[] = {
	"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle",
	"AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
	"ReviewNewsArticle", "TechArticle", "ScholarlyArticle", "Report",
	"LiveBlogPosting", "SocialMediaPosting", "DiscussionForumPosting",
	"Review", "Recipe", "HowTo", "MedicalWebPage", "Posting", "Blog",
	"QAPage", "Question", "PressRelease", NULL
};
static const char *const PAGE_TYPES[] = {
	"WebPage", "ItemPage", "AboutPage", "FAQPage", "CollectionPage",
	"ProfilePage", "Product", "Course", "Event", "VideoObject", NULL
};
static const char *const SITE_TYPES[] = { "WebSite", NULL };

/* A string value, or the name of an object (directly or through an "@id"
 * reference to a node elsewhere in the graph). */
static const char *str_of(const mstate *st, json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_object(v)) {
		json_t *n = json_object_get(v, "name");
		if (json_is_string(n))
			return json_string_value(n);
		json_t *id = json_object_get(v, "@id");
		if (json_is_string(id) && st->ld_ids) {
			json_t *r = json_object_get(st->ld_ids, json_string_value(id));
			if (json_is_string(r))
				return json_string_value(r);
		}
	}
	if (json_is_array(v) && json_array_size(v) > 0)
		return str_of(st, json_array_get(v, 0));
	return NULL;
}

/* Record the name of every node with an "@id". */
static void ld_index(json_t *ids, json_t *v, int depth)
{
	if (depth > MAX_LD)
		return;
	if (json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
			ld_index(ids, e, depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	json_t *id = json_object_get(v, "@id"), *name = json_object_get(v, "name");
	if (json_is_string(id) && json_is_string(name))
		json_object_set(ids, json_string_value(id), name);
	const char *key;
	json_t *sub;
	json_object_foreach(v, key, sub)
		if (json_is_object(sub) || json_is_array(sub))
			ld_index(ids, sub, depth + 1);
}

/* The names in an author value: a string, {"name"}, or a list of them. */
static void ld_authors(mstate *st, json_t *v, char **slot)
{
	if (*slot)
		return;
	dk_buf b = DK_BUF_INIT;
	json_t *one = v;
	size_t n = json_is_array(v) ? json_array_size(v) : 1;
	for (size_t i = 0; i < n && i < 8; i++) {
		if (json_is_array(v))
			one = json_array_get(v, i);
		const char *name = NULL;
		if (json_is_string(one))
			name = json_string_value(one);
		else if (json_is_object(one))
			name = str_of(st, one);
		if (!name || !*name || !strncmp(name, "http", 4))
			continue;
		if (b.len)
			dk_buf_puts(&b, ", ");
		dk_buf_puts(&b, name);
	}
	if (b.err)
		st->err = b.err;
	else if (b.len)
		set_once(st, slot, b.data, b.len);
	dk_buf_free(&b);
}

static void ld_visit(mstate *st, json_t *v, int depth)
{
	if (depth > MAX_LD || st->err)
		return;
	if (json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
			ld_visit(st, e, depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	json_t *type = json_object_get(v, "@type");
	if (type_is(type, ARTICLE_TYPES)) {
		set_str(st, &st->ld_headline, str_of(st, json_object_get(v, "headline")));
		set_str(st, &st->ld_name, str_of(st, json_object_get(v, "name")));
		set_str(st, &st->date[D_LD_ARTICLE], str_of(st, json_object_get(v, "datePublished")));
		set_str(st, &st->date[D_LD_OTHER], str_of(st, json_object_get(v, "dateCreated")));
		set_str(st, &st->date[D_MODIFIED], str_of(st, json_object_get(v, "dateModified")));
		ld_authors(st, json_object_get(v, "author"), &st->author[A_LD_ARTICLE]);
		ld_authors(st, json_object_get(v, "creator"), &st->author[A_LD_ARTICLE]);
		set_str(st, &st->ld_publisher, str_of(st, json_object_get(v, "publisher")));
	} else if (type_is(type, PAGE_TYPES)) {
		set_str(st, &st->date[D_LD_OTHER], str_of(st, json_object_get(v, "datePublished")));
		set_str(st, &st->date[D_MODIFIED], str_of(st, json_object_get(v, "dateModified")));
		ld_authors(st, json_object_get(v, "author"), &st->author[A_LD_OTHER]);
		set_str(st, &st->ld_publisher, str_of(st, json_object_get(v, "publisher")));
	} else if (type_is(type, SITE_TYPES)) {
		set_str(st, &st->ld_website, str_of(st, json_object_get(v, "name")));
	}
	const char *key;
	json_t *sub;
	json_object_foreach(v, key, sub) {
		if (json_is_object(sub) || json_is_array(sub))
			ld_visit(st, sub, depth + 1);
	}
}

static void ld_script(mstate *st, xmlNode *script)
{
	dk_buf b = DK_BUF_INIT;
	for (xmlNode *c = script->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    c->content)
			dk_buf_puts(&b, (const char *)c->content);
	if (b.err || !b.len || b.len > 4u * 1024 * 1024) {
		dk_buf_free(&b);
		return;
	}
	/* Raw control characters (newlines inside strings are common) make
	 * JSON invalid; as white space they do no harm anywhere else. */
	char *s = b.data;
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)s[i] < 0x20)
			s[i] = ' ';
	/* Strip an HTML comment or CDATA wrapper. */
	size_t a = 0, e = b.len;
	while (a < e && s[a] == ' ')
		a++;
	if (e - a >= 4 && !memcmp(s + a, "<!--", 4))
		a += 4;
	while (e > a && s[e - 1] == ' ')
		e--;
	if (e - a >= 3 && !memcmp(s + e - 3, "-->", 3))
		e -= 3;
	json_error_t je;
	json_t *j = json_loadb(s + a, e - a, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	dk_buf_free(&b);
	if (!j)
		return;
	json_t *ids = json_object();
	if (ids)
		ld_index(ids, j, 0);
	st->ld_ids = ids;
	ld_visit(st, j, 0);
	st->ld_ids = NULL;
	json_decref(ids);
	json_decref(j);
}

/* ---- the walk ------------------------------------------------------------- */

/* Does h contain n (ASCII case-insensitively)?  n is lower case. */
static int contains_ci(const char *h, const char *n)
{
	size_t k = strlen(n);
	for (; *h; h++)
		if ((*h | 0x20) == n[0] && !strncasecmp(h, n, k))
			return 1;
	return 0;
}

static int inside(xmlNode *n, xmlNode *anc)
{
	for (; n; n = n->parent)
		if (n == anc)
			return 1;
	return 0;
}

/* Up to three author meta tags are kept: the first may be the site's own
 * name, a later one the person. */
static void meta_author(mstate *st, const char *v)
{
	if (!strncmp(v, "http", 4) || strchr(v, '@'))
		return;
	for (int i = A_META; i <= A_META3; i++) {
		if (st->author[i] && !strcmp(st->author[i], v))
			return;
		if (!st->author[i]) {
			set_str(st, &st->author[i], v);
			return;
		}
	}
}

static void on_meta(mstate *st, xmlNode *n)
{
	const char *key = dk_html_attr(n, "property");
	if (!key || !*key)
		key = dk_html_attr(n, "name");
	if (!key || !*key)
		key = dk_html_attr(n, "itemprop");
	const char *v = dk_html_attr(n, "content");
	if (!key) {
		const char *he = dk_html_attr(n, "http-equiv");
		if (he && !strcasecmp(he, "content-language"))
			set_str(st, &st->content_lang, v);
		return;
	}
	if (!v || !*v)
		return;
	char k[64];
	size_t i;
	for (i = 0; key[i] && i < sizeof k - 1; i++)
		k[i] = (char)((key[i] >= 'A' && key[i] <= 'Z') ? key[i] - 'A' + 'a' : key[i]);
	k[i] = '\0';
	static const char *const PUBLISHED[] = {
		"article:published_time", "og:article:published_time",
		"article.published", "published_time", "og:published_time",
		"article:published", NULL
	};
	static const char *const OTHER_DATES[] = {
		"date", "pubdate", "publishdate", "publish-date", "publish_date",
		"dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued",
		"dcterms.created", "sailthru.date", "parsely-pub-date",
		"citation_publication_date", "citation_date", "datepublished",
		"originalpublicationdate", "release_date", "article_date_original",
		"cxenseparse:recs:publishtime", "publication_date", "pub_date", NULL
	};
	static const char *const AUTHORS[] = {
		"author", "article:author", "parsely-author", "sailthru.author",
		"dc.creator", "dcterms.creator", "citation_author", "twitter:creator:name",
		"byl", NULL
	};
	for (size_t j = 0; PUBLISHED[j]; j++)
		if (!strcmp(k, PUBLISHED[j])) {
			set_str(st, &st->date[D_META_PUBLISHED], v);
			return;
		}
	for (size_t j = 0; OTHER_DATES[j]; j++)
		if (!strcmp(k, OTHER_DATES[j])) {
			if (!strcmp(k, "datepublished") && dk_html_attr(n, "itemprop"))
				set_str(st, &st->date[D_ITEMPROP], v);
			else
				set_str(st, &st->date[D_META_OTHER], v);
			return;
		}
	for (size_t j = 0; AUTHORS[j]; j++)
		if (!strcmp(k, AUTHORS[j])) {
			meta_author(st, v);
			return;
		}
	if (strstr(k, "author") && !strstr(k, "url") && !strstr(k, "twitter")) {
		meta_author(st, v);
		return;
	}
	if (strstr(k, "publish") && !strstr(k, "modif") && !strstr(k, "updat")) {
		set_str(st, &st->date[D_META_OTHER], v);
		return;
	}
	if (!strcmp(k, "og:title"))
		set_str(st, &st->og_title, v);
	else if (!strcmp(k, "twitter:title"))
		set_str(st, &st->tw_title, v);
	else if (!strcmp(k, "og:site_name"))
		set_str(st, &st->og_site, v);
	else if (!strcmp(k, "application-name") || !strcmp(k, "apple-mobile-web-app-title"))
		set_str(st, &st->app_name, v);
	else if (!strcmp(k, "og:url"))
		set_str(st, &st->og_url, v);
	else if (!strcmp(k, "og:locale"))
		set_str(st, &st->og_locale, v);
	else if (!strcmp(k, "article:modified_time") || !strcmp(k, "og:updated_time") ||
		 !strcmp(k, "datemodified"))
		set_str(st, &st->date[D_MODIFIED], v);
}

static void collect(mstate *st, xmlDocPtr doc, xmlNode *main)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root)
		return;
	set_str(st, &st->lang_attr, dk_html_attr(root, "lang"));
	if (!st->lang_attr)
		set_str(st, &st->lang_attr, dk_html_attr(root, "xml:lang"));
	int bylines = 0;
	xmlNode *n = root;
	while (n && !st->err) {
		int skip = 0;
		if (n->type == XML_ELEMENT_NODE) {
			dk_html_tag t = dk_html_tag_of(n);
			switch (t) {
			case DK_TAG_META:
				on_meta(st, n);
				break;
			case DK_TAG_TITLE:
				if (!st->title_tag)
					set_text(st, &st->title_tag, n);
				skip = 1;
				break;
			case DK_TAG_LINK: {
				const char *rel = dk_html_attr(n, "rel");
				if (dk_html_has_token(rel, "canonical"))
					set_str(st, &st->canonical, dk_html_attr(n, "href"));
				break;
			}
			case DK_TAG_SCRIPT: {
				const char *type = dk_html_attr(n, "type");
				if (type && contains_ci(type, "ld+json"))
					ld_script(st, n);
				skip = 1;
				break;
			}
			case DK_TAG_STYLE: case DK_TAG_SVG: case DK_TAG_NOSCRIPT:
			case DK_TAG_TEMPLATE:
				skip = 1;
				break;
			case DK_TAG_H1:
				if (main && !st->h1_main && inside(n, main))
					set_text(st, &st->h1_main, n);
				if (!st->h1_first)
					set_text(st, &st->h1_first, n);
				skip = 1;
				break;
			case DK_TAG_H2:
				if (main && !st->h2_main && inside(n, main))
					set_text(st, &st->h2_main, n);
				break;
			case DK_TAG_TIME: {
				const char *dt = dk_html_attr(n, "datetime");
				char **slot = main && inside(n, main) ? &st->date[D_TIME_MAIN]
								    : &st->date[D_TIME_FIRST];
				if (dt && *dt)
					set_str(st, slot, dt);
				else
					set_text(st, slot, n);
				break;
			}
			case DK_TAG_A: {
				const char *rel = dk_html_attr(n, "rel");
				if (dk_html_has_token(rel, "author"))
					set_text(st, &st->author[A_REL], n);
				break;
			}
			default:
				break;
			}
			const char *ip = dk_html_attr(n, "itemprop");
			if (ip && t != DK_TAG_META) {
				if (dk_html_has_token(ip, "datePublished")) {
					const char *v = dk_html_attr(n, "datetime");
					if (!v)
						v = dk_html_attr(n, "content");
					if (v)
						set_str(st, &st->date[D_ITEMPROP], v);
					else
						set_text(st, &st->date[D_ITEMPROP], n);
				} else if (dk_html_has_token(ip, "author") ||
					   dk_html_has_token(ip, "creator")) {
					const char *v = dk_html_attr(n, "content");
					if (v)
						set_str(st, &st->author[A_ITEMPROP], v);
					else {
						/* Prefer its itemprop=name child. */
						xmlNode *m = n;
						while ((m = dk_html_next(m, n, 0)))
							if (m->type == XML_ELEMENT_NODE &&
							    dk_html_has_token(dk_html_attr(m, "itemprop"), "name"))
								break;
						set_text(st, &st->author[A_ITEMPROP], m ? m : n);
					}
				}
			}
			const char *cls = dk_html_attr(n, "class");
			if (cls && st->ndate_texts < 6 &&
			    (contains_ci(cls, "date") || contains_ci(cls, "publish") ||
			     contains_ci(cls, "posted") || contains_ci(cls, "time"))) {
				dk_buf b = DK_BUF_INIT;
				dk_html_text(n, &b, 200);
				if (b.len && b.len < 200) {
					dk_buf_append(&st->date_texts, b.data, b.len);
					dk_buf_putc(&st->date_texts, '\n');
					st->ndate_texts++;
				}
				if (b.err)
					st->err = b.err;
				dk_buf_free(&b);
			}
			if (cls && bylines < 3 && !st->author[A_BYLINE] &&
			    (contains_ci(cls, "byline") || contains_ci(cls, "author"))) {
				bylines++;
				set_text(st, &st->author[A_BYLINE], n);
			}
		}
		n = dk_html_next(n, root, skip);
	}
}

/* ---- cleaning --------------------------------------------------------------- */

static int is_alnum_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

/* Lower-cased letters and digits of s[0..n) into out (cap bytes). */
static size_t fold(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k < cap - 1; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!is_alnum_byte(c))
			continue;
		out[k++] = (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
	}
	out[k] = '\0';
	return k;
}

static size_t count_words(const char *s, size_t n)
{
	size_t w = 0;
	int in = 0;
	for (size_t i = 0; i < n; i++) {
		int a = is_alnum_byte((unsigned char)s[i]);
		if (a && !in)
			w++;
		in = a;
	}
	return w;
}

/* Does the part s[0..n) name the site? */
static int names_site(const char *s, size_t n, const char *const *sites)
{
	char f[256];
	size_t fn = fold(s, n, f, sizeof f);
	if (!fn || !sites)
		return 0;
	for (size_t i = 0; sites[i]; i++) {
		char g[256];
		size_t gn = fold(sites[i], strlen(sites[i]), g, sizeof g);
		if (gn < 3)
			continue;
		if (fn == gn && !memcmp(f, g, fn))
			return 1;
		/* "MIT Technology Review" vs host "technologyreview". */
		if ((fn >= gn && strstr(f, g)) || (gn >= fn && fn >= 4 && strstr(g, f)))
			return 1;
	}
	return 0;
}

/* Is s exactly one of the names (letters and digits compared)? */
static int is_site_name(const char *s, const char *const *names)
{
	char f[256], g[256];
	size_t fn = fold(s, strlen(s), f, sizeof f);
	for (size_t i = 0; fn && names[i]; i++)
		if (fold(names[i], strlen(names[i]), g, sizeof g) == fn && !memcmp(f, g, fn))
			return 1;
	return 0;
}

static const char *const SEPS[] = {
	" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 ",
	" \xE2\x80\xA2 ", " \xC2\xBB ", " \xC2\xAB ", " // ", " ~ ", " / ", NULL
};

/* The last (or first) separator in t[0..n): its offset and length. */
static int find_sep(const char *t, size_t n, int last, size_t *at, size_t *len)
{
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; SEPS[j]; j++) {
			size_t k = strlen(SEPS[j]);
			if (i + k <= n && !memcmp(t + i, SEPS[j], k)) {
				if (!found || last) {
					*at = i;
					*len = k;
				}
				found = 1;
				if (!last)
					return 1;
			}
		}
	}
	return found;
}

/* Is the part s[0..n) exactly one of the site names (letters and digits
 * compared)?  Stricter than names_site(), for "Name: " prefixes: "Wired
 * for sound: ..." on wired.com is a headline. */
static int is_site_part(const char *s, size_t n, const char *const *sites)
{
	char f[256], g[256];
	size_t fn = fold(s, n, f, sizeof f);
	for (size_t i = 0; fn >= 3 && sites && sites[i]; i++)
		if (fold(sites[i], strlen(sites[i]), g, sizeof g) == fn &&
		    !memcmp(f, g, fn))
			return 1;
	return 0;
}

/* The first ": " of t[0..n) within its first six words, or 0. */
static size_t colon_prefix(const char *t, size_t n)
{
	for (size_t i = 1; i + 2 <= n; i++)
		if (t[i] == ':' && t[i + 1] == ' ')
			return count_words(t, i) <= 6 ? i : 0;
	return 0;
}

/*
 * The rounds of cleaning: a tail that names the site; then a short part
 * before it, written with the same separator, that is a section ("Title |
 * Section | The Guardian"); a head that is the site's name, before a
 * separator or ": " ("Reuters - ...", "WIRED: ..."); with loose, also a
 * short tail after " | " without evidence.
 */
static char *title_clean(const char *t, size_t n, const char *const *sites,
			 int loose, int colon)
{
	int cut_site = 0, sections = 0;
	char site_sep[8] = "";
	for (int round = 0; round < 3; round++) {
		size_t at, len;
		if (find_sep(t, n, 1, &at, &len)) {
			const char *tail = t + at + len;
			size_t tn = n - at - len;
			size_t tw = count_words(tail, tn), hw = count_words(t, at);
			int sec = cut_site && !sections && len < sizeof site_sep &&
				  !memcmp(t + at, site_sep, len) && !site_sep[len] &&
				  tw <= 4 && hw >= tw;
			if ((tw <= 8 && names_site(tail, tn, sites)) || sec ||
			    (loose && round < 2 && len == 3 && !memcmp(t + at, " | ", 3) &&
			     tw <= 4 && hw > tw)) {
				sections += sec && !names_site(tail, tn, sites);
				if (!cut_site && names_site(tail, tn, sites)) {
					memcpy(site_sep, t + at, len);
					site_sep[len] = '\0';
				}
				cut_site = cut_site || names_site(tail, tn, sites);
				n = at;
				continue;
			}
		}
		size_t c = colon ? colon_prefix(t, n) : 0;
		if (find_sep(t, n, 0, &at, &len) && (!c || at < c) &&
		    names_site(t, at, sites) && count_words(t + at + len, n - at - len) >= 2) {
			t += at + len;
			n -= at + len;
			continue;
		}
		if (c && is_site_part(t, c, sites) && count_words(t + c + 2, n - c - 2) >= 2) {
			t += c + 2;
			n -= c + 2;
			continue;
		}
		break;
	}
	while (n && (t[n - 1] == ' '))
		n--;
	while (n && *t == ' ') {
		t++;
		n--;
	}
	return dk_strndup(t, n);
}

char *dk_html_meta_title_clean(const char *t, size_t n, const char *const *sites)
{
	return title_clean(t, n, sites, 1, 0);
}

char *dk_html_meta_clean_sites(const char *t, size_t n, const char *const *sites,
			   int colon)
{
	return title_clean(t, n, sites, 0, colon);
}

/* Token overlap of two titles: shared word bytes over the shorter. */
static int similar(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	char fa[512], fb[512];
	size_t na = fold(a, strlen(a), fa, sizeof fa);
	size_t nb = fold(b, strlen(b), fb, sizeof fb);
	if (!na || !nb)
		return 0;
	if (na <= nb ? strstr(fb, fa) != NULL : strstr(fa, fb) != NULL)
		return 1;
	/* Word overlap. */
	size_t shared = 0, total = 0;
	const char *p = a;
	while (*p) {
		while (*p && !is_alnum_byte((unsigned char)*p))
			p++;
		const char *s = p;
		while (*p && is_alnum_byte((unsigned char)*p))
			p++;
		if (p == s)
			continue;
		char w[64];
		size_t wn = fold(s, (size_t)(p - s), w, sizeof w);
		total++;
		if (wn && strstr(fb, w))
			shared++;
	}
	return total && shared * 10 >= total * 7;
}

static int find_date(const char *s, size_t n, char out[11]);

/* A full date in candidate s: the whole of it, else written inside it. */
static int full_date(const char *s, char out[11])
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	if (dk_date_parse(s, n, out) == DK_OK && strlen(out) == 10)
		return 1;
	return n <= 200 && find_date(s, n, out);
}

/* A full date in a URL path (date.h). */
static int url_date(const char *u, char out[11])
{
	return u && dk_date_from_url(u, out) == 3;
}

/* The first full date written in s[0..n) ("Posted on April 13, 2023",
 * "on Friday December 19, 2025 @08:00PM"): dk_date_parse() tried at each
 * word start. */
static int find_date(const char *s, size_t n, char out[11])
{
	for (size_t k = 0; k < n; k++) {
		if (k > 0 && is_alnum_byte((unsigned char)s[k - 1]))
			continue;
		unsigned char c = (unsigned char)s[k];
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			continue;
		size_t m = n - k < 40 ? n - k : 40;
		if (dk_date_parse(s + k, m, out) == DK_OK && strlen(out) == 10)
			return 1;
	}
	return 0;
}

/* A full date written out near the top of the text: the first lines of
 * at most 160 bytes ("Published June 12, 2024", "By A · July 18, 2024"). */
static int dateline(const char *text, size_t len, char out[11])
{
	if (!text)
		return 0;
	size_t lines = 0;
	size_t i = 0;
	while (i < len && lines < 6) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		if (e - i <= 160 && find_date(text + i, e - i, out))
			return 1;
		lines++;
		i = e + 1;
	}
	return 0;
}

static const char *const MONTHS[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December", "Jan", "Feb",
	"Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", NULL
};
/* Words that follow a name in a byline and are not part of it. */
static const char *const ROLE_WORDS[] = {
	"Former", "Writer", "Editor", "Staff", "Founder", "Expert", "Reviewer",
	"Reviewed", "Updated", "Last", "Published", "Posted", "says", "wrote",
	"Contributor", "Correspondent", "Reporter", "Senior", "Director",
	"Manager", "Chief", "Posts", "Follow", "View", "Read", "Email", "is",
	"was", "has", "on", "at", "in", "Photo", "Photos", "Guest", NULL
};

static int word_at(const char *s, size_t n, size_t i, const char *const *list)
{
	for (size_t k = 0; list[k]; k++) {
		size_t l = strlen(list[k]);
		if (i + l <= n && !memcmp(s + i, list[k], l) &&
		    (i + l == n || !is_alnum_byte((unsigned char)s[i + l]) ||
		     (s[i + l] >= '0' && s[i + l] <= '9')))
			return 1;
	}
	return 0;
}

/* Clean a byline: "By Jane Doe and John Roe | March 3, 2024" -> "Jane Doe,
 * John Roe"; "Written byAAA Editor" -> "AAA"; "Luke KimDecember 4" -> "Luke
 * Kim".  NULL when nothing name-like is left. */
static char *clean_author(const char *a, int byline)
{
	if (!a)
		return NULL;
	size_t n = strlen(a);
	const char *s = a;
	/* Everything up to a "by" among the first words goes. */
	for (size_t i = 0, words = 0; i + 2 <= n && words < 4; i++) {
		int start = i == 0 || !is_alnum_byte((unsigned char)s[i - 1]);
		if (!start)
			continue;
		words++;
		if ((s[i] == 'b' || s[i] == 'B') && (s[i + 1] == 'y' || s[i + 1] == 'Y') &&
		    (i + 2 == n || s[i + 2] == ' ' || s[i + 2] == ':' ||
		     (s[i + 2] >= 'A' && s[i + 2] <= 'Z'))) {
			s += i + 2;
			n -= i + 2;
			break;
		}
	}
	while (n && (*s == ' ' || *s == ':')) {
		s++;
		n--;
	}
	static const char *const LEAD[] = { "author:", "authors:", "author ", "from ", NULL };
	for (size_t i = 0; LEAD[i]; i++) {
		size_t k = strlen(LEAD[i]);
		if (n >= k && !strncasecmp(s, LEAD[i], k)) {
			s += k;
			n -= k;
		}
	}
	while (n && *s == ' ') {
		s++;
		n--;
	}
	/* Cut at a separator, a date, a month or a job title that follows
	 * the name. */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int wstart = i == 0 || s[i - 1] == ' ';
		int glued = i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z' && c >= 'A' && c <= 'Z';
		if (c == '|' || c == '\n' || c == '(' || c == '[' ||
		    (wstart && c >= '0' && c <= '9') ||
		    (i + 2 <= n && (!memcmp(s + i, "\xC2\xB7", 2) || !memcmp(s + i, "\xC2\xBB", 2) ||
				    !memcmp(s + i, "\xC2\xAB", 2))) ||
		    (i + 3 <= n && (!memcmp(s + i, "\xE2\x80\xA2", 3) ||
				    !memcmp(s + i, "\xE2\x80\x94", 3) ||
				    !memcmp(s + i, "\xE2\x80\x93", 3) ||
				    !memcmp(s + i, " - ", 3))) ||
		    (byline && i > 0 && (wstart || glued) && word_at(s, n, i, MONTHS)) ||
		    (byline && i > 0 && wstart && word_at(s, n, i, ROLE_WORDS))) {
			n = i;
			break;
		}
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == ',' || s[n - 1] == ';' ||
		     s[n - 1] == ':' || s[n - 1] == '.' || s[n - 1] == '-'))
		n--;
	if (!n || n > 120)
		return NULL;
	size_t w = count_words(s, n);
	if (w == 0 || w > 12)
		return NULL;
	/* Template placeholders ("page.head.extra.author", "{{author}}"). */
	size_t dots = 0, spaces = 0;
	for (size_t i = 0; i < n; i++) {
		dots += s[i] == '.';
		spaces += s[i] == ' ';
		if (s[i] == '{' || s[i] == '}' || s[i] == '$' || s[i] == '%')
			return NULL;
	}
	if (!spaces && dots >= 2)
		return NULL;
	dk_buf b = DK_BUF_INIT;
	/* " and " between names becomes ", ". */
	for (size_t i = 0; i < n;) {
		if (i + 5 <= n && !strncasecmp(s + i, " and ", 5)) {
			dk_buf_puts(&b, ", ");
			i += 5;
		} else if (i + 3 <= n && !memcmp(s + i, " & ", 3)) {
			dk_buf_puts(&b, ", ");
			i += 3;
		} else {
			dk_buf_putc(&b, s[i++]);
		}
	}
	return dk_buf_detach(&b, NULL);
}

static char *lang_code(const char *v)
{
	if (!v)
		return NULL;
	while (*v == ' ')
		v++;
	if (!((v[0] | 0x20) >= 'a' && (v[0] | 0x20) <= 'z' &&
	      (v[1] | 0x20) >= 'a' && (v[1] | 0x20) <= 'z'))
		return NULL;
	if (v[2] && v[2] != '-' && v[2] != '_' && v[2] != ' ' && v[2] != ',')
		return NULL;
	char c[3] = { (char)(v[0] | 0x20), (char)(v[1] | 0x20), '\0' };
	return dk_strndup(c, 2);
}

static int absolute_http(const char *u)
{
	return u && (!strncasecmp(u, "http://", 7) || !strncasecmp(u, "https://", 8)) &&
	       strlen(u) < 2048;
}

/* The host's main label: "www.technologyreview.com" -> "technologyreview". */
static char *host_label(const char *url)
{
	if (!url)
		return NULL;
	const char *p = strstr(url, "://");
	if (!p)
		return NULL;
	p += 3;
	const char *e = p;
	while (*e && *e != '/' && *e != ':' && *e != '?' && *e != '#')
		e++;
	/* The label before the last dot (ignoring a two-letter country
	 * second level such as .co.uk). */
	const char *last = NULL, *prev = NULL;
	for (const char *c = p; c < e; c++)
		if (*c == '.') {
			prev = last;
			last = c;
		}
	if (!last)
		return dk_strndup(p, (size_t)(e - p));
	const char *start = prev ? prev + 1 : p;
	if (prev && last - start <= 3 && e - last <= 3) {
		const char *pp = NULL;
		for (const char *c = p; c < prev; c++)
			if (*c == '.')
				pp = c;
		return dk_strndup(pp ? pp + 1 : p, (size_t)(prev - (pp ? pp + 1 : p)));
	}
	return dk_strndup(start, (size_t)(last - start));
}

dk_status dk_html_meta_read(xmlDocPtr doc, xmlNode *main, const char *page_url,
			    const char *text, size_t len, dk_html_meta *out)
{
	mstate st;
	memset(&st, 0, sizeof st);
	collect(&st, doc, main);
	dk_status err = st.err;
	char *host = NULL;
	if (err)
		goto done;

	/* URL */
	if (absolute_http(st.canonical))
		out->url = dk_strndup(st.canonical, strlen(st.canonical));
	else if (absolute_http(st.og_url))
		out->url = dk_strndup(st.og_url, strlen(st.og_url));
	host = host_label(page_url ? page_url : out->url);

	/* Source */
	const char *src = st.og_site ? st.og_site : st.ld_publisher ? st.ld_publisher :
			  st.ld_website ? st.ld_website : st.app_name;
	if (src)
		out->source = dk_strndup(src, strlen(src));
	const char *sites[] = { st.og_site, st.ld_publisher, st.ld_website,
				st.app_name, host, NULL };
	/* Drop the NULL holes so the list ends at its first NULL. */
	const char *site_list[6];
	size_t ns = 0;
	for (size_t i = 0; i < 5; i++)
		if (sites[i])
			site_list[ns++] = sites[i];
	site_list[ns] = NULL;

	/* Title */
	char *declared[4] = { NULL, NULL, NULL, NULL };
	const char *raw[4] = { st.og_title, st.ld_headline, st.tw_title, st.title_tag };
	for (int i = 0; i < 4; i++)
		if (raw[i])
			declared[i] = dk_html_meta_title_clean(raw[i], strlen(raw[i]), site_list);
	/* Documentation generators end headings with a permalink mark. */
	char **h1s[] = { &st.h1_main, &st.h1_first };
	for (int i = 0; i < 2; i++) {
		char *h = *h1s[i];
		size_t hn = h ? strlen(h) : 0;
		for (;;) {
			if (hn >= 2 && !memcmp(h + hn - 2, "\xC2\xB6", 2))
				hn -= 2;                     /* pilcrow */
			else if (hn >= 1 && (h[hn - 1] == '#' || h[hn - 1] == ' '))
				hn--;
			else
				break;
		}
		if (h)
			h[hn] = '\0';
	}
	const char *h1 = st.h1_main && *st.h1_main ? st.h1_main :
			 st.h1_first && *st.h1_first ? st.h1_first : NULL;
	const char *title = NULL;
	if (h1 && !names_site(h1, strlen(h1), site_list)) {
		for (int i = 0; i < 4 && !title; i++)
			if (similar(h1, declared[i]))
				title = h1;
		if (!title && !declared[0] && !declared[1] && !declared[2] && !declared[3])
			title = h1;
	}
	for (int i = 0; i < 4 && !title; i++)
		if (declared[i] && *declared[i])
			title = declared[i];
	if (!title && h1)
		title = h1;
	if (!title && st.h2_main && *st.h2_main)
		title = st.h2_main;
	if (title)
		out->title = dk_strndup(title, strlen(title));
	for (int i = 0; i < 4; i++)
		free(declared[i]);

	/* Date */
	char d[11];
	for (int i = 0; i < D_COUNT && !out->date; i++) {
		if (i == D_URL) {
			if (url_date(out->url, d) || url_date(page_url, d))
				out->date = dk_strndup(d, 10);
			continue;
		}
		if (i == D_DATECLASS) {
			const char *t = st.date_texts.data;
			size_t tl = st.date_texts.len;
			while (t && tl && !out->date) {
				const char *nl = memchr(t, '\n', tl);
				size_t ln = nl ? (size_t)(nl - t) : tl;
				if (find_date(t, ln, d))
					out->date = dk_strndup(d, 10);
				t += ln + 1;
				tl -= ln + (nl ? 1 : 0);
			}
			continue;
		}
		if (i == D_DATELINE) {
			if (dateline(text, len, d) ||
			    (st.author[A_BYLINE] && full_date(st.author[A_BYLINE], d)))
				out->date = dk_strndup(d, 10);
			continue;
		}
		if (full_date(st.date[i], d))
			out->date = dk_strndup(d, 10);
	}
	if (!out->date) {
		/* A month or a year is better than nothing. */
		for (int i = 0; i < D_COUNT && !out->date; i++)
			if (st.date[i] && dk_date_parse(st.date[i], strlen(st.date[i]), d) == DK_OK &&
			    strlen(d) >= 7)
				out->date = dk_strndup(d, strlen(d));
	}

	/* Author: a person before the site's own name (which pages put in
	 * meta author when they have no byline). */
	const char *own[5];
	size_t nown = 0;
	const char *owns[] = { st.og_site, st.ld_publisher, st.ld_website, st.app_name };
	for (size_t i = 0; i < 4; i++)
		if (owns[i])
			own[nown++] = owns[i];
	own[nown] = NULL;
	for (int pass = 0; pass < 2 && !out->author; pass++) {
		for (int i = 0; i < A_COUNT && !out->author; i++) {
			char *au = clean_author(st.author[i], A_IS_BYLINE(i));
			if (au && pass == 0 && is_site_name(au, own)) {
				free(au);
				continue;
			}
			out->author = au;
		}
	}

	/* Language */
	out->lang = lang_code(st.lang_attr);
	if (!out->lang)
		out->lang = lang_code(st.content_lang);
	if (!out->lang)
		out->lang = lang_code(st.og_locale);

	if ((st.canonical && absolute_http(st.canonical) && !out->url) ||
	    (src && !out->source) || (title && !out->title))
		err = DK_ERR_NOMEM;
done:
	free(host);
	state_free(&st);
	if (err)
		dk_html_meta_clear(out);
	return err;
}

void dk_html_meta_clear(dk_html_meta *m)
{
	free(m->title);
	free(m->date);
	free(m->author);
	free(m->source);
	free(m->url);
	free(m->lang);
	memset(m, 0, sizeof *m);
}
