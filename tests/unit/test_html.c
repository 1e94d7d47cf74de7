/*
 * test_html.c - unit tests for the HTML pipeline: indexer/extract/charset.c,
 * html_dom.c, html_extract.c, html_meta.c, html_page.c and the HTML file
 * reader (indexer/extract/dump_html.c).
 *
 * Tables throughout: charset declarations and the names they map to;
 * byte strings and the UTF-8 they decode to, with the warning expected;
 * small pages and the text their extraction must keep and drop; pages and
 * the title, date, author, source, URL and language read from them; titles
 * and the site names cut from them.  Pages are built from a few macros so
 * each row shows only what it is about.
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

#include <libxml/tree.h>

#include "../../common/buf.h"
#include "../../indexer/extract/charset.h"
#include "../../indexer/extract/html_dom.h"
#include "../../indexer/extract/html_extract.h"
#include "../../indexer/extract/html_meta.h"
#include "../../indexer/extract/html_page.h"
#include "../../indexer/extract/title.h"
#include "../../common/utf8.h"
#include "../../indexer/extract/dump.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define L(s) s, sizeof(s) - 1

/* Article-like paragraphs: long enough, with stopwords and full stops. */
#define P1 "<p>The court said on Tuesday that the company had failed to show why the case should be moved to another district, and it set a trial date for the spring.</p>"
#define P2 "<p>Lawyers for the plaintiffs said they were pleased with the ruling and would ask for the documents that the company has so far refused to hand over.</p>"
#define P3 "<p>A spokesperson for the company said it would appeal, adding that it believed the claims were without merit and that it had always followed the law.</p>"
#define P4 "<p>Legal experts said the decision was unusual because judges in the district rarely set trial dates before the parties have finished exchanging evidence.</p>"
#define P5 "<p>The next hearing is scheduled for the end of the month, when the court will consider a request to seal some of the documents filed with the complaint.</p>"
/* Enough prose for the article score (short pages are kept whole). */
#define PROSE P1 P2 P3 P4 P5
/* A card of a list of teasers: a linked title over an excerpt. */
#define TEASER(href, title, text) "<div class='card'><h3><a href='" href "'>" title "</a></h3><p>" text "</p></div>"
/* A card of a news stream: a teaser with a row of buttons (dropped as
 * a share region) that makes it more than eight blocks long. */
#define STREAM(href, title, text) "<li class='item'><h3><a href='" href "'>" title "</a></h3><p>" text "</p>" \
	"<ul class='share'><li><a href='#'>Save</a></li><li><a href='#'>Like</a></li><li><a href='#'>Mail</a></li>" \
	"<li><a href='#'>Print</a></li><li><a href='#'>Post</a></li><li><a href='#'>Pin</a></li><li><a href='#'>Link</a></li></ul></li>"
/* An excerpt as long as an article's paragraph. */
#define EXC(what) "The " what " was the main subject of a long meeting of the council on Monday evening, where members of the public asked many questions about the cost and the time it will take."
/* "The court ruled on Tuesday that the company must hand over the
 * documents, and the trial will begin in the spring." in Chinese. */
#define ZH_P "<p>\xE6\xB3\x95\xE9\x99\xA2\xE5\x91\xA8\xE4\xBA\x8C\xE8\xA3\x81\xE5\xAE\x9A\xEF\xBC\x8C" \
	"\xE8\xAF\xA5\xE5\x85\xAC\xE5\x8F\xB8\xE5\xBF\x85\xE9\xA1\xBB\xE4\xBA\xA4\xE5\x87\xBA\xE7\x9B\xB8\xE5\x85\xB3\xE6\x96\x87\xE4\xBB\xB6\xEF\xBC\x8C" \
	"\xE5\xAE\xA1\xE5\x88\xA4\xE5\xB0\x86\xE4\xBA\x8E\xE6\x98\xA5\xE5\xA4\xA9\xE5\xBC\x80\xE5\xA7\x8B\xE3\x80\x82</p>"
#define NAV "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li><li><a href='/tech'>Tech</a></li><li><a href='/policy'>Policy</a></li></ul></nav>"
#define FOOT "<footer><p>Copyright 2025 Example Media. All rights reserved. Terms of use and privacy policy apply to every page.</p></footer>"
#define PAGE(body) "<!DOCTYPE html><html><head><title>T</title></head><body>" body "</body></html>"

/* ---- charset -------------------------------------------------------------- */

struct prescan_row {
	const char *name;
	const char *html;
	int found;
	const char *want;
};

static const struct prescan_row prescan_rows[] = {
	{ "meta charset", "<html><head><meta charset=\"windows-1251\">", 1, "windows-1251" },
	{ "unquoted", "<meta charset=koi8-r>", 1, "koi8-r" },
	{ "single quotes", "<META CHARSET='ISO-8859-2'/>", 1, "ISO-8859-2" },
	{ "http-equiv", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">",
	  1, "Shift_JIS" },
	{ "content first", "<meta content=\"text/html; charset=euc-jp\" http-equiv=content-type>",
	  1, "euc-jp" },
	{ "in a comment", "<!-- <meta charset=\"koi8-r\"> --><meta charset=\"utf-8\">", 1, "utf-8" },
	{ "after another tag", "<link rel=stylesheet href='a>b.css'><meta charset=big5>", 1, "big5" },
	{ "http-equiv without charset", "<meta http-equiv=\"content-type\" content=\"text/html\">", 0, "" },
	{ "none", "<html><head><title>x</title></head>", 0, "" },
	{ "junk label", "<meta charset=\"utf-8/../x\">", 0, "" },
	{ "truncated", "<meta charset=\"", 0, "" },
	{ "empty", "", 0, "" },
};

static void test_charset_prescan(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(prescan_rows); r++) {
		const struct prescan_row *row = &prescan_rows[r];
		char out[DK_CHARSET_NAME];
		int f = dk_charset_prescan(row->html, strlen(row->html), out, sizeof out);
		if (f != row->found || strcmp(out, row->want)) {
			print_error("%s: found %d \"%s\", want %d \"%s\"\n", row->name, f, out,
				    row->found, row->want);
			fail();
		}
	}
	char out[DK_CHARSET_NAME];
	assert_int_equal(dk_charset_from_content_type(L("text/html; charset=\"UTF-8\""),
						      out, sizeof out), 1);
	assert_string_equal(out, "UTF-8");
	assert_int_equal(dk_charset_from_content_type(L("text/html"), out, sizeof out), 0);
	assert_string_equal(out, "");
}

struct canon_row {
	const char *label;
	const char *want;     /* NULL: unknown */
};

static const struct canon_row canon_rows[] = {
	{ "utf-8", "UTF-8" }, { " UTF8 ", "UTF-8" }, { "ISO-8859-1", "windows-1252" },
	{ "latin1", "windows-1252" }, { "us-ascii", "windows-1252" },
	{ "cp1252", "windows-1252" }, { "gb2312", "GB18030" }, { "Shift_JIS", "CP932" },
	{ "koi8-r", "koi8-r" }, { "windows-1251", "windows-1251" },
	{ "x-no-such-charset", NULL }, { "", NULL }, { "utf-8//TRANSLIT", NULL },
};

static void test_charset_canonical(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(canon_rows); r++) {
		char out[DK_CHARSET_NAME];
		int ok = dk_charset_canonical(canon_rows[r].label, out, sizeof out);
		if (canon_rows[r].want ? (!ok || strcmp(out, canon_rows[r].want)) : ok) {
			print_error("%s: %d \"%s\"\n", canon_rows[r].label, ok, out);
			fail();
		}
	}
}

struct decode_row {
	const char *name;
	const char *in;
	size_t len;
	const char *transport;
	const char *want;      /* the decoded text */
	const char *charset;   /* info.name */
	int fallback;
	size_t invalid, first;
};

static const struct decode_row decode_rows[] = {
	{ "utf-8", L("<p>caf\xC3\xA9</p>"), NULL, "<p>caf\xC3\xA9</p>", "UTF-8", 0, 0, 0 },
	{ "undeclared cp1252", L("<p>caf\xE9 \x93q\x94</p>"), NULL,
	  "<p>caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D</p>", "windows-1252", 1, 3, 6 },
	{ "declared in meta", L("<meta charset=windows-1252><p>\x80 5</p>"), NULL,
	  "<meta charset=windows-1252><p>\xE2\x82\xAC 5</p>", "windows-1252", 0, 0, 0 },
	{ "latin1 label is cp1252", L("<meta charset=iso-8859-1>\x92"), NULL,
	  "<meta charset=iso-8859-1>\xE2\x80\x99", "windows-1252", 0, 0, 0 },
	{ "transport wins over meta", L("<meta charset=koi8-r>caf\xE9"), "iso-8859-1",
	  "<meta charset=koi8-r>caf\xC3\xA9", "windows-1252", 0, 0, 0 },
	{ "koi8-r via iconv", L("<meta charset=koi8-r>\xF0\xD2\xC9"), NULL,
	  "<meta charset=koi8-r>\xD0\x9F\xD1\x80\xD0\xB8", "koi8-r", 0, 0, 0 },
	{ "utf-8 bom wins", L("\xEF\xBB\xBF<meta charset=koi8-r>\xC3\xA9"), NULL,
	  "<meta charset=koi8-r>\xC3\xA9", "UTF-8", 0, 0, 0 },
	{ "utf-16le bom", L("\xFF\xFE<\0p\0>\0\xE9\0"), NULL, "<p>\xC3\xA9", "UTF-16LE", 0, 0, 0 },
	{ "mostly utf-8, one bad byte", L("\xC3\xA9\xC3\xA9\xC3\xA9 x\xFF"), NULL,
	  "\xC3\xA9\xC3\xA9\xC3\xA9 x\xEF\xBF\xBD", "UTF-8", 0, 1, 8 },
	{ "meta utf-16 means utf-8", L("<meta charset=utf-16>\xC3\xA9"), NULL,
	  "<meta charset=utf-16>\xC3\xA9", "UTF-8", 0, 0, 0 },
	{ "meta gbk, bytes valid utf-8: utf-8", L("<meta charset=gbk><p>\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87</p>"), NULL,
	  "<meta charset=gbk><p>\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87</p>", "UTF-8", 0, 0, 0 },
	{ "transport gbk stands", L("\xD6\xD0\xCE\xC4"), "gbk",
	  "\xE4\xB8\xAD\xE6\x96\x87", "GB18030", 0, 0, 0 },
	{ "unknown label", L("<meta charset=x-martian>ok"), NULL,
	  "<meta charset=x-martian>ok", "UTF-8", 0, 0, 0 },
	{ "controls cleaned", L("a\0b\r\nc"), NULL, "a b\nc", "UTF-8", 0, 0, 0 },
};

static void test_charset_decode(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(decode_rows); r++) {
		const struct decode_row *row = &decode_rows[r];
		char *in = malloc(row->len + 1);   /* exact size for ASan */
		assert_non_null(in);
		memcpy(in, row->in, row->len);
		dk_buf out = DK_BUF_INIT;
		dk_charset_info ci;
		assert_int_equal(dk_charset_decode(in, row->len, row->transport, &out, &ci), DK_OK);
		const char *got = out.data ? out.data : "";
		if (strcmp(got, row->want) || strcmp(ci.name, row->charset) ||
		    ci.fallback != row->fallback || ci.invalid != row->invalid ||
		    (row->invalid && ci.first_invalid != row->first)) {
			print_error("%s: \"%s\" as %s, fallback %d, invalid %zu at %zu\n",
				    row->name, got, ci.name, ci.fallback, ci.invalid,
				    ci.first_invalid);
			fail();
		}
		assert_true(dk_utf8_valid(got, out.len));
		dk_buf_free(&out);
		free(in);
	}
	dk_charset_info ci;
	dk_buf out = DK_BUF_INIT;
	dk_charset_decode(L("<meta charset=x-martian>"), NULL, &out, &ci);
	assert_string_equal(ci.unknown, "x-martian");
	assert_int_equal(ci.source, DK_CHARSET_DEFAULT);
	dk_buf_free(&out);
}

/* ---- parsing --------------------------------------------------------------- */

static char *deep_page(size_t depth)
{
	dk_buf b = DK_BUF_INIT;
	dk_buf_puts(&b, "<html><body><h1>Deep</h1>");
	for (size_t i = 0; i < depth; i++)
		dk_buf_puts(&b, "<div>");
	dk_buf_puts(&b, "<p>Deepest text here.</p>");
	for (size_t i = 0; i < depth; i++)
		dk_buf_puts(&b, "</div>");
	dk_buf_puts(&b, "<p>After the deep part.</p></body></html>");
	assert_int_equal(b.err, DK_OK);
	return dk_buf_detach(&b, NULL);
}

static void test_parse_depth_cap(void **state)
{
	(void)state;
	const size_t depths[] = { 10, DK_HTML_MAX_DEPTH - 5, 300, 20000 };
	for (size_t k = 0; k < ARRAY_LEN(depths); k++) {
		char *page = deep_page(depths[k]);
		xmlDocPtr doc = NULL;
		dk_html_parse_info pi;
		assert_int_equal(dk_html_parse(page, strlen(page), &doc, &pi), DK_OK);
		assert_non_null(doc);
		assert_int_equal(pi.stopped, 0);
		if (depths[k] + 3 > DK_HTML_MAX_DEPTH) {
			assert_true(pi.flattened > 0);
			/* The first element past the cap: html, body, then
			 * the divs. */
			size_t want = strlen("<html><body><h1>Deep</h1>") +
				      5 * (DK_HTML_MAX_DEPTH - 2);
			assert_int_equal(pi.first_deep, want);
		} else {
			assert_int_equal(pi.flattened, 0);
		}
		/* Both texts survive, in order. */
		dk_buf t = DK_BUF_INIT;
		dk_html_text(xmlDocGetRootElement(doc), &t, 0);
		assert_non_null(strstr(t.data, "Deepest text here. After the deep part."));
		dk_buf_free(&t);
		xmlFreeDoc(doc);
		free(page);
	}
}

static void test_parse_entities_and_tags(void **state)
{
	(void)state;
	static const char page[] =
		"<html><body><p id=x>AT&amp;T &eacute;t&eacute; &#8217; &#x2014; &nbsp;&lt;b&gt;</p>"
		"<script>var a = '<p>not text</p>';</script><svg><text>no</text></svg></body></html>";
	xmlDocPtr doc = NULL;
	assert_int_equal(dk_html_parse(L(page), &doc, NULL), DK_OK);
	xmlNode *body = xmlDocGetRootElement(doc)->children;
	assert_int_equal(dk_html_tag_of(body), DK_TAG_BODY);
	xmlNode *p = body->children;
	assert_int_equal(dk_html_tag_of(p), DK_TAG_P);
	assert_string_equal(dk_html_attr(p, "id"), "x");
	assert_null(dk_html_attr(p, "class"));
	dk_buf t = DK_BUF_INIT;
	dk_html_text(body, &t, 0);
	assert_string_equal(t.data, "AT&T \xC3\xA9t\xC3\xA9 \xE2\x80\x99 \xE2\x80\x94 <b>");
	dk_buf_free(&t);
	xmlFreeDoc(doc);
	assert_true(dk_html_has_token("canonical  author", "author"));
	assert_false(dk_html_has_token("coauthor", "author"));
	/* An empty page is a document too. */
	assert_int_equal(dk_html_parse("", 0, &doc, NULL), DK_OK);
	xmlFreeDoc(doc);
}

/* ---- extraction ---------------------------------------------------------- */

struct extract_row {
	const char *name;
	const char *html;
	const char *keep[4];    /* substrings the text must hold */
	const char *drop[4];    /* ... and must not */
};

static const struct extract_row extract_rows[] = {
	{ "nav and footer dropped", PAGE(NAV "<div class='content'>" PROSE "</div>" FOOT),
	  { "trial date for the spring", "would appeal", NULL }, { "Home", "Copyright", NULL } },
	{ "share bar and related list",
	  PAGE("<div class='post'><div class='share-buttons'><a href='#'>Share on Facebook</a> <a href='#'>Tweet</a></div>"
	       P1 P2 P4 P5 "<div class='related-posts'><h3>Related posts</h3><ul><li><a href='/a'>Another story about courts and trials</a></li><li><a href='/b'>Yet another story about lawyers</a></li></ul></div>" P3 "</div>"),
	  { "refused to hand over", "without merit", NULL }, { "Share on Facebook", "Related posts", "Yet another", NULL } },
	{ "script, style, noscript, hidden",
	  PAGE("<article><style>p{color:red}</style><script>document.write('scripted words')</script>"
	       "<noscript>Please enable JavaScript</noscript><div style='display: none'>hidden promo text</div>"
	       "<p hidden>hidden paragraph</p>" PROSE "</article>"),
	  { "moved to another district", NULL }, { "scripted", "enable JavaScript", "hidden promo", "hidden paragraph" } },
	{ "paragraphs one per line",
	  PAGE("<article><h2>Background</h2>" P1 "<ul><li>First point of the list</li><li>Second point of the list</li></ul>" P2 "line one<br>line two</article>"),
	  { "Background\nThe court", "\nFirst point of the list\nSecond point of the list\n", "line one\nline two", NULL }, { NULL } },
	{ "article element preferred over a teaser column",
	  PAGE("<div class='wrap'><article>" PROSE "</article><div class='teasers'><p>Our most popular story this week explains how the new rules on data will affect your family and your finances over the next year.</p></div></div>"),
	  { "set a trial date", NULL }, { "most popular story", NULL } },
	{ "itemprop articleBody",
	  PAGE("<div><div itemprop='articleBody'>" PROSE "</div><div class='author-box'><p>Jane Roe has covered courts for the paper for many years and lives in the city with her family and two dogs.</p></div></div>"),
	  { "set a trial date", NULL }, { "Jane Roe has covered", NULL } },
	{ "comments dropped beside an article",
	  PAGE("<div><div class='entry-content'>" PROSE "</div><div id='comments'><div class='comment'><p>I think this is a great article and the court is right about the case and the trial.</p></div></div></div>"),
	  { "would appeal", NULL }, { "great article", NULL } },
	{ "forum posts marked as comments kept",
	  PAGE(NAV "<div class='comment-list'><div class='comment'>" P1 "</div><div class='comment'>" P2 "</div><div class='comment'>" P3 "</div></div>" FOOT),
	  { "set a trial date", "refused to hand over", "would appeal", NULL }, { "Home", NULL } },
	{ "page wrapped in one form",
	  PAGE("<form id='aspnetForm'>" NAV "<div id='body'>" PROSE "</div></form>"),
	  { "set a trial date", "would appeal", NULL }, { "Policy", NULL } },
	{ "unclosed svg does not swallow the page",
	  PAGE("<svg><path d='M0 0'><div class='main'>" P1 P2 "</div>"),
	  { "set a trial date", "refused to hand over", NULL }, { NULL } },
	{ "link list inside the article dropped",
	  PAGE("<article>" P1 "<ul><li><a href='/x'>Read more about the trial in our coverage</a></li><li><a href='/y'>See all the documents in the case</a></li></ul>" P2 P3 P4 P5 "</article>"),
	  { "set a trial date", "refused", NULL }, { "Read more about", NULL } },
	{ "table rows",
	  PAGE("<article>" P1 "<table><tr><th>Year</th><th>Revenue</th></tr><tr><td>2024</td><td>$4.2 million</td></tr></table>" P2 "</article>"),
	  { "Year Revenue", "2024 $4.2 million", NULL }, { NULL } },
	{ "a product listing (structure mode)",
	  PAGE(NAV "<div class='grid'>"
	       "<div class='card'><a href='/p1'>Trail Runner 3 Shoes</a><span>$120.00</span><span>4.5 stars</span></div>"
	       "<div class='card'><a href='/p2'>Road Glide Shoes</a><span>$95.00</span><span>4.1 stars</span></div>"
	       "<div class='card'><a href='/p3'>Summit Hiker Boots</a><span>$180.00</span><span>4.8 stars</span></div>"
	       "<div class='card'><a href='/p4'>Marathon Pro Racers</a><span>$210.00</span><span>4.6 stars</span></div>"
	       "</div>" FOOT),
	  { "Trail Runner 3 Shoes", "Marathon Pro Racers", "$180.00", NULL }, { "Copyright", NULL } },
	{ "soft hyphens and zero-width spaces",
	  PAGE("<article><p>The court\xC2\xAD\xE2\x80\x8Bhouse was closed on Tuesday, and the judge said that the trial would be moved to a later date in the spring.</p></article>"),
	  { "courthouse was closed", NULL }, { "\xC2\xAD", NULL } },
	{ "figure caption dropped",
	  PAGE("<article>" P1 "<figure><img src='a.jpg'><figcaption>The courthouse on Main Street, seen from the square on Tuesday morning. Photo: Jane Doe</figcaption></figure>" P2 P3 P4 P5 "</article>"),
	  { "trial date for the spring", "refused to hand over", NULL }, { "seen from the square", NULL } },
	{ "sharing and comments named in German",
	  PAGE("<article>" PROSE "<div class='artikel-teilen'><p>Teilen Sie diesen Artikel mit Ihren Freunden und Kollegen auf allen Kan\xC3\xA4len, die Sie nutzen.</p></div>"
	       "<section id='kommentare'><p>Ein sehr guter Artikel, vielen Dank daf\xC3\xBCr, ich habe viel gelernt und werde ihn weiterempfehlen.</p></section></article>"),
	  { "would appeal", NULL }, { "Teilen Sie", "sehr guter Artikel", NULL } },
	{ "author box inside the article",
	  PAGE("<article>" PROSE "<div class='author-bio'><p>Jane Roe has covered courts for the paper for many years and lives in the city with her family and two dogs.</p></div></article>"),
	  { "would appeal", NULL }, { "Jane Roe has covered", NULL } },
	{ "heading over a dropped link list",
	  PAGE("<article>" PROSE "<h3>Mehr zum Thema</h3><ul><li><a href='/a'>Ein anderer Artikel \xC3\xBC" "ber Gerichte</a></li><li><a href='/b'>Noch ein Artikel \xC3\xBC" "ber Richter</a></li></ul></article>"),
	  { "would appeal", NULL }, { "Mehr zum Thema", "Noch ein Artikel", NULL } },
	{ "short lines after the last paragraph",
	  PAGE("<article>" PROSE "<p>Jane Roe</p><p>12 June</p></article>"),
	  { "seal some of the documents", NULL }, { "Jane Roe", "12 June", NULL } },
	{ "short lines before the first paragraph",
	  PAGE("<article><p>Published</p><p>Jane Roe</p><h2>The ruling</h2>" PROSE "</article>"),
	  { "The ruling\nThe court said", NULL }, { "Published", "Jane Roe", NULL } },
	{ "cookie notice on a page of tiles",
	  PAGE(NAV "<div class='grid'>"
	       "<div class='card'><a href='/p1'>Trail Runner 3 Shoes</a><span>$120.00</span></div>"
	       "<div class='card'><a href='/p2'>Road Glide Shoes</a><span>$95.00</span></div>"
	       "<div class='card'><a href='/p3'>Summit Hiker Boots</a><span>$180.00</span></div>"
	       "<div class='card'><a href='/p4'>Marathon Pro Racers</a><span>$210.00</span></div>"
	       "<div class='card'><a href='/p5'>Desert Sand Sandals</a><span>$45.00</span></div>"
	       "<div class='card'><a href='/p6'>Winter Storm Boots</a><span>$230.00</span></div>"
	       "</div><div id='onetrust-consent-sdk'><div class='ot-pc-scrollbar'>"
	       "<p>When you visit any website, it may store or retrieve information on your browser, mostly in the form of cookies, and this information is used to make the site work.</p>"
	       "<p>Because we respect your right to privacy, you can choose not to allow some types of cookies, and you can change the default settings for each category at any time.</p>"
	       "<p>Blocking some types of cookies may have an effect on your experience of the site and of the services we are able to offer to you and to the other visitors.</p>"
	       "<p>You can read more about the cookies we use, and about the partners who set them, in the cookie policy that is linked at the bottom of every page of this site.</p>"
	       "</div></div>" FOOT),
	  { "Trail Runner 3 Shoes", "Winter Storm Boots", NULL }, { "retrieve information", "right to privacy", NULL } },
	{ "a consent banner the parser never closed holds the article",
	  PAGE("<div class='cookie-banner'><p>We use cookies.</p><article><h1>The ruling</h1>" PROSE "</article>"),
	  { "set a trial date", "would appeal", NULL }, { NULL } },
	{ "not-footer names the content",
	  PAGE(NAV "<div class='wsite-elements wsite-not-footer'>" PROSE "</div>"
	       "<div class='wsite-elements wsite-footer'><p>Call us today on 555 0100, seven days a week.</p></div>"),
	  { "set a trial date", "would appeal", NULL }, { "Call us today", NULL } },
	{ "a sentence with a link between paragraphs",
	  PAGE("<article>" P1 P2 "<p>For the details, see <a href='/r'>the ruling of the court in full</a>.</p>" P3 P4 P5
	       "<ul><li><a href='/x'>Read more about the trial in our coverage.</a></li><li><a href='/y'>See all the documents in the case.</a></li></ul></article>"),
	  { "For the details, see the ruling of the court in full.", NULL }, { "Read more about", "See all the documents", NULL } },
	{ "article sections in sibling regions of one boilerplate-looking class",
	  PAGE(NAV "<div class='post'><div class='skip-item'>" P1 "</div><div class='skip-item'>" P2 "</div>"
	       "<div class='skip-item'>" P3 "</div><div class='skip-item'>" P4 "</div><div class='skip-item'>" P5 "</div></div>" FOOT),
	  { "set a trial date", "would appeal", "seal some of the documents", NULL }, { "Home", "Copyright", NULL } },
	{ "utility classes name no region",
	  PAGE("<article>" P1 P2 P3 P4 "<div class='py-tight font-utility-2 md:px-4 bg-brand/5'>" P5 "</div></article>"),
	  { "set a trial date", "seal some of the documents", NULL }, { NULL } },
	{ "Chinese prose is prose, though written without spaces",
	  PAGE("<div class='wrap'><div class='list'><p>\xE6\x9C\x80\xE6\x96\xB0</p><p>\xE7\x83\xAD\xE9\x97\xA8</p>"
	       "<p>\xE6\xA0\x87\xE7\xAD\xBE</p><p>\xE5\xBD\x92\xE6\xA1\xA3</p></div><div class='post'>"
	       ZH_P ZH_P ZH_P ZH_P ZH_P ZH_P ZH_P ZH_P "</div></div>"),
	  { "\xE6\xB3\x95\xE9\x99\xA2", NULL }, { "\xE7\x83\xAD\xE9\x97\xA8", "\xE5\xBD\x92\xE6\xA1\xA3", NULL } },
	{ "teaser cards after the article go",
	  PAGE("<div class='page'>" PROSE "<h2>Latest</h2>"
	       TEASER("/a", "Budget vote delayed again", "The council could not agree on the spending plan and will meet again next week to try once more.")
	       TEASER("/b", "New bridge opens to traffic", "After three years of work the bridge over the river opened on Monday with a small ceremony.")
	       TEASER("/c", "School year to start later", "Pupils will go back a week later than planned because the new school building is not ready.")
	       "</div>"),
	  { "set a trial date", "seal some of the documents", NULL },
	  { "Budget vote", "could not agree", "opened on Monday", "Latest" } },
	{ "teaser cards under a short introduction stay",
	  PAGE(NAV "<div class='page'>" P1 P2
	       TEASER("/a", "Budget vote delayed again", "The council could not agree on the spending plan and will meet again next week to try once more.")
	       TEASER("/b", "New bridge opens to traffic", "After three years of work the bridge over the river opened on Monday with a small ceremony.")
	       TEASER("/c", "School year to start later", "Pupils will go back a week later than planned because the new school building is not ready.")
	       "</div>" FOOT),
	  { "set a trial date", "could not agree", "opened on Monday", NULL }, { "Copyright", NULL } },
	{ "teaser cards that are the page stay",
	  PAGE("<div class='page'><p>Our picks for the week.</p>"
	       TEASER("/a", "Budget vote delayed again", "The council could not agree on the spending plan and will meet again next week to try once more.")
	       TEASER("/b", "New bridge opens to traffic", "After three years of work the bridge over the river opened on Monday with a small ceremony.")
	       TEASER("/c", "School year to start later", "Pupils will go back a week later than planned because the new school building is not ready.")
	       TEASER("/d", "Library hours extended", "The central library will stay open until nine in the evening from the first of the month on.")
	       "</div>"),
	  { "could not agree", "opened on Monday", "stay open until nine", NULL }, { NULL } },
	{ "a stream of stories under the article goes, though it holds more prose than the article",
	  PAGE(NAV "<div class='page'>" PROSE "<ul class='stream'>"
	       STREAM("/a", "Budget vote delayed again", EXC("budget"))
	       STREAM("/b", "New bridge opens to traffic", EXC("bridge"))
	       STREAM("/c", "School year to start later", EXC("school"))
	       STREAM("/d", "Library hours extended", EXC("library"))
	       STREAM("/e", "Bus lines to change", EXC("bus network"))
	       STREAM("/f", "Market square rebuilt", EXC("market square"))
	       "</ul></div>" FOOT),
	  { "set a trial date", "seal some of the documents", NULL },
	  { "Budget vote", "The budget was", "The market square was", "Save" } },
	{ "comments without class words under the article go, though they hold more prose than it",
	  PAGE(NAV "<div class='page'>" PROSE "<ol class='c'>"
	       "<li><a href='/u/1'>Reader One</a><p>" EXC("budget") "</p><span>2 hours ago</span></li>"
	       "<li><a href='/u/2'>Reader Two</a><p>" EXC("bridge") "</p><span>3 hours ago</span></li>"
	       "<li><a href='/u/3'>Reader Three</a><p>" EXC("school") "</p><span>4 hours ago</span></li>"
	       "<li><a href='/u/4'>Reader Four</a><p>" EXC("library") "</p><span>5 hours ago</span></li>"
	       "<li><a href='/u/5'>Reader Five</a><p>" EXC("bus network") "</p><span>6 hours ago</span></li>"
	       "<li><a href='/u/6'>Reader Six</a><p>" EXC("market square") "</p><span>7 hours ago</span></li>"
	       "</ol></div>" FOOT),
	  { "set a trial date", "seal some of the documents", NULL },
	  { "Reader One", "The budget was", "The market square was", "hours ago" } },
	{ "list items of several paragraphs under linked titles stay",
	  PAGE(NAV "<div class='page'>" PROSE "<ul class='stream'>"
	       "<li class='item'><h3><a href='/a'>Budget vote delayed again</a></h3><p>" EXC("budget") "</p><p>" EXC("tax") "</p></li>"
	       "<li class='item'><h3><a href='/b'>New bridge opens to traffic</a></h3><p>" EXC("bridge") "</p><p>" EXC("road") "</p></li>"
	       "<li class='item'><h3><a href='/c'>School year to start later</a></h3><p>" EXC("school") "</p><p>" EXC("pool") "</p></li>"
	       "</ul></div>" FOOT),
	  { "set a trial date", "The budget was", "The road was", "The pool was" }, { "Copyright", NULL } },
	{ "articles listed after the page's article, in another container, go",
	  PAGE(NAV "<div class='page'><div class='single'><article><h1>Trial set for spring</h1>" PROSE "</article></div>"
	       "<div class='also'><h2>Also in the news</h2><article><p>" EXC("budget") "</p></article>"
	       "<article><p>" EXC("bridge") "</p></article><article><p>" EXC("school") "</p></article></div></div>" FOOT),
	  { "set a trial date", "seal some of the documents", NULL },
	  { "The budget was", "The bridge was", "The school was", NULL } },
	{ "a thread's posts, each an article in its own item, stay",
	  PAGE(NAV "<ol class='thread'><li class='post first'><article>" P1 P2 P3 "</article></li>"
	       "<li class='post'><article>" P4 "</article></li><li class='post'><article>" P5 "</article></li></ol>" FOOT),
	  { "set a trial date", "rarely set trial dates", "seal some of the documents", NULL }, { "Copyright", NULL } },
	{ "a dateline before the article goes, in any language",
	  PAGE(NAV "<article><h1>Trial set for spring</h1><p>Aktualisiert am 3. März 2024, 10:45 Uhr</p>"
	       "<p>Lecture 4 min - publié le 12/03/2024</p>" PROSE "</article>" FOOT),
	  { "Trial set for spring", "set a trial date", "seal some of the documents", NULL },
	  { "2024", "Lecture", NULL } },
	{ "a table's lines with a year before the prose stay",
	  PAGE(NAV "<article><table><tr><th>Population of the country, estimate for 2019</th><td>4,933,210 people living here</td></tr></table>"
	       PROSE "</article>" FOOT),
	  { "Population of the country, estimate for 2019", "set a trial date", NULL }, { "Copyright", NULL } },
	{ "a section rendered twice, once per screen size, is kept once",
	  PAGE("<article><div class='wide'><p>Published by Jane Roe, court reporter</p>" P1 "</div>"
	       "<div class='narrow'><p>Published by Jane Roe, court reporter</p>" P1 "</div>" P2 P3 P4 P5 "</article>"),
	  { "Published by Jane Roe", "for the spring.\nLawyers", NULL }, { "spring.\nPublished", NULL } },
	{ "a line repeated in one container stays",
	  PAGE("<article>" P1 "<p>Guilty, said the jury.</p><p>Guilty, said the jury.</p>" P2 P3 P4 P5 "</article>"),
	  { "Guilty, said the jury.\nGuilty, said the jury.", NULL }, { NULL } },
	{ "a sign-up box around an e-mail form goes",
	  PAGE("<article>" P1 P2 P3 "<div class='box-7'><h3>Get the morning briefing</h3>"
	       "<p>The day's main stories from our newsroom, sent to you every morning before seven.</p>"
	       "<form action='/s'><input type='email' name='addr'><button>Go</button></form></div>" P4 P5 "</article>"),
	  { "set a trial date", "seal some of the documents", NULL }, { "morning briefing", "before seven", NULL } },
	{ "a box around a form asking no e-mail address stays",
	  PAGE("<article>" P1 P2 P3 "<div class='box-7'>"
	       "<p>Readers can search every ruling we have reported on since the court first opened its records.</p>"
	       "<form action='/q'><input type='text' name='q'><button>Go</button></form></div>" P4 P5 "</article>"),
	  { "set a trial date", "opened its records", NULL }, { NULL } },
	{ "a sign-up page keeps its text",
	  PAGE(NAV "<div class='box-7'><h1>Newsletter</h1>"
	       "<p>Every Friday we send the week's most important court rulings, explained in plain words, to our readers.</p>"
	       "<form action='/s'><input type='text' name='email'></form></div>" FOOT),
	  { "Every Friday we send", NULL }, { "Copyright", NULL } },
	{ "a heading whose class says header is a heading",
	  PAGE(NAV "<article>" P1 P2 "<h2 class='section-header'>What the ruling means</h2>" P3 P4 P5 "</article>"),
	  { "set a trial date", "What the ruling means", "seal some of the documents", NULL }, { "Home", NULL } },
	/* A blank line in <pre> ends a paragraph, a single line break is a
	 * space (court opinions are often served so). */
	{ "preformatted text keeps its paragraphs",
	  PAGE("<pre>UNITED STATES DISTRICT COURT\nSOUTHERN DISTRICT OF NEW YORK\n \n"
	       "The motion to dismiss is granted in part and denied in part for the\n"
	       "reasons below, and the plaintiff may amend within thirty days.\n\n"
	       "The plaintiff alleges that the defendant violated the Sherman Act by\n"
	       "fixing the prices of its products across the country.</pre>"),
	  { "DISTRICT OF NEW YORK\nThe motion", "for the reasons below",
	    "thirty days.\nThe plaintiff", NULL }, { NULL } },
	{ "empty body", PAGE(""), { NULL }, { NULL } },
};

static void test_extract_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t r = 0; r < ARRAY_LEN(extract_rows); r++) {
		const struct extract_row *row = &extract_rows[r];
		xmlDocPtr doc = NULL;
		assert_int_equal(dk_html_parse(row->html, strlen(row->html), &doc, NULL), DK_OK);
		dk_buf text = DK_BUF_INIT;
		xmlNode *main = NULL;
		assert_int_equal(dk_html_extract(doc, &text, &main), DK_OK);
		const char *t = text.data ? text.data : "";
		for (size_t k = 0; k < 4 && row->keep[k]; k++)
			if (!strstr(t, row->keep[k])) {
				print_error("%s: \"%s\" missing from:\n%s\n", row->name,
					    row->keep[k], t);
				bad++;
			}
		for (size_t k = 0; k < 4 && row->drop[k]; k++)
			if (strstr(t, row->drop[k])) {
				print_error("%s: \"%s\" kept in:\n%s\n", row->name,
					    row->drop[k], t);
				bad++;
			}
		/* Layout: trimmed paragraphs, single '\n' between them. */
		assert_true(dk_utf8_valid(t, text.len));
		assert_true(text.len == 0 || (t[0] != '\n' && t[0] != ' ' &&
					      t[text.len - 1] != '\n' && t[text.len - 1] != ' '));
		assert_null(strstr(t, "\n\n"));
		assert_null(strstr(t, "  "));
		assert_true(text.len == 0 || main != NULL);
		dk_buf_free(&text);
		xmlFreeDoc(doc);
	}
	assert_int_equal(bad, 0);
}

/* ---- metadata --------------------------------------------------------------- */

struct meta_row {
	const char *name;
	const char *html;
	const char *url;     /* the page's address, or NULL */
	const char *title, *date, *author, *source, *canon, *lang;  /* NULL: none */
};

#define HEAD(h, b) "<!DOCTYPE html><html lang='en-GB'><head>" h "</head><body>" b "</body></html>"

static const struct meta_row meta_rows[] = {
	{ "og and article meta",
	  HEAD("<title>Quiet Cars Get Louder | MIT Technology Review</title>"
	       "<meta property='og:title' content='Quiet Cars Get Louder'>"
	       "<meta property='og:site_name' content='MIT Technology Review'>"
	       "<meta property='article:published_time' content='2025-01-24T10:00:00-05:00'>"
	       "<meta name='author' content='Jane Roe'>"
	       "<link rel='canonical' href='https://www.technologyreview.example/2025/01/24/quiet-cars/'>",
	       "<h1>Quiet Cars Get Louder</h1>" P1),
	  NULL, "Quiet Cars Get Louder", "2025-01-24", "Jane Roe", "MIT Technology Review",
	  "https://www.technologyreview.example/2025/01/24/quiet-cars/", "en" },
	{ "title suffix cut by site name",
	  HEAD("<title>Judge halts merger - Reuters</title><meta property='og:site_name' content='Reuters'>", P1),
	  NULL, "Judge halts merger", NULL, NULL, "Reuters", NULL, "en" },
	{ "json-ld article",
	  HEAD("<title>Site</title><script type='application/ld+json'>"
	       "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"Court rules on data\","
	       "\"datePublished\":\"2024-11-14\",\"author\":[{\"@type\":\"Person\",\"name\":\"A. Writer\"},{\"name\":\"B. Writer\"}],"
	       "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Courtside Law\"}}</script>", P1),
	  NULL, "Court rules on data", "2024-11-14", "A. Writer, B. Writer", "Courtside Law", NULL, "en" },
	{ "json-ld graph with references",
	  HEAD("<script type='application/ld+json'>{\"@graph\":[{\"@type\":\"Article\",\"headline\":\"Graph headline\","
	       "\"datePublished\":\"2023-05-06T07:08:09Z\",\"author\":{\"@id\":\"#p1\"}},"
	       "{\"@type\":\"Person\",\"@id\":\"#p1\",\"name\":\"Ref Person\"}]}</script>", P1),
	  NULL, "Graph headline", "2023-05-06", "Ref Person", NULL, NULL, "en" },
	{ "broken json-ld ignored",
	  HEAD("<title>Plain title</title><script type='application/ld+json'>{\"@type\": \"Article\", </script>", P1),
	  NULL, "Plain title", NULL, NULL, NULL, NULL, "en" },
	{ "h1 agreeing with title",
	  HEAD("<title>Breaking: the court rules - The Daily</title>", "<h1>The court rules</h1>" P1),
	  NULL, "The court rules", NULL, NULL, NULL, NULL, "en" },
	{ "time element and byline",
	  HEAD("<title>Story</title>", "<article><h1>Story</h1><p class='byline'>By Jane Doe and John Roe | March 3, 2024</p>"
	       "<time datetime='2024-03-03T09:00:00Z'>March 3</time>" P1 "</article>"),
	  NULL, "Story", "2024-03-03", "Jane Doe, John Roe", NULL, NULL, "en" },
	{ "date from the url",
	  HEAD("<title>Story</title>", P1), "https://news.example/2022/07/19/story/",
	  "Story", "2022-07-19", NULL, NULL, NULL, "en" },
	{ "dateline in the text",
	  HEAD("<title>Essay</title>", "<article><p>Published June 12, 2024 at 6:15 a.m.</p>" P1 P2 "</article>"),
	  NULL, "Essay", "2024-06-12", NULL, NULL, NULL, "en" },
	{ "rel author and itemprop date",
	  HEAD("<title>Item</title>", "<span itemprop='datePublished' content='2021-02-03'>Feb 3</span>"
	       "<a rel='author' href='/a'>Sam Lee</a>" P1),
	  NULL, "Item", "2021-02-03", "Sam Lee", NULL, NULL, "en" },
	{ "author url and site name rejected",
	  HEAD("<title>X</title><meta property='article:author' content='https://facebook.example/jane'>"
	       "<meta property='og:site_name' content='Daily Planet'><meta name='author' content='Daily Planet'>"
	       "<meta name='parsely-author' content='Lois Lane'>", P1),
	  NULL, "X", NULL, "Lois Lane", "Daily Planet", NULL, "en" },
	{ "lang from og:locale", "<html><head><meta property='og:locale' content='de_DE'><title>Titel</title></head><body>" P1 "</body></html>",
	  NULL, "Titel", NULL, NULL, NULL, NULL, "de" },
	{ "relative canonical ignored",
	  HEAD("<title>T2</title><link rel='canonical' href='/path/x'><meta property='og:url' content='https://site.example/x'>", P1),
	  NULL, "T2", NULL, NULL, NULL, "https://site.example/x", "en" },
};

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void test_meta_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t r = 0; r < ARRAY_LEN(meta_rows); r++) {
		const struct meta_row *row = &meta_rows[r];
		dk_article a = { 0 };
		const char *err = NULL;
		dk_html_page_opts o = { NULL, row->url, NULL, NULL };
		assert_int_equal(dk_html_page_read(row->html, strlen(row->html), &o, &a, &err), DK_OK);
		if (!same(a.title, row->title) || !same(a.date, row->date) ||
		    !same(a.author, row->author) || !same(a.source, row->source) ||
		    !same(a.url, row->canon) || !same(a.lang, row->lang)) {
			print_error("%s:\n title %s\n date %s\n author %s\n source %s\n url %s\n lang %s\n",
				    row->name, a.title, a.date, a.author, a.source, a.url, a.lang);
			bad++;
		}
		dk_article_clear(&a);
	}
	assert_int_equal(bad, 0);
}

struct title_row {
	const char *in, *want;
};

static const struct title_row title_rows[] = {
	{ "Quiet Cars Get Louder | MIT Technology Review", "Quiet Cars Get Louder" },
	{ "Judge halts merger - Reuters", "Judge halts merger" },
	{ "Reuters - Judge halts merger", "Judge halts merger" },
	{ "A long headline about courts | Section | Site", "A long headline about courts" },
	{ "Apple - A new phone", "Apple - A new phone" },
	{ "Rates rise \xE2\x80\x94 Example News", "Rates rise" },
	{ "No separator here", "No separator here" },
	{ "", "" },
};

static void test_title_clean(void **state)
{
	(void)state;
	const char *sites[] = { "MIT Technology Review", "Reuters", "Site", "example", NULL };
	for (size_t r = 0; r < ARRAY_LEN(title_rows); r++) {
		char *t = dk_html_meta_title_clean(title_rows[r].in, strlen(title_rows[r].in), sites);
		assert_non_null(t);
		if (strcmp(t, title_rows[r].want)) {
			print_error("\"%s\" -> \"%s\"\n", title_rows[r].in, t);
			fail();
		}
		free(t);
	}
}

/* The evidence-only cleaner used for dump titles: no cut without a site
 * name; "Name: " heads only when asked and exactly the site's name. */
static void test_title_clean_sites(void **state)
{
	(void)state;
	const char *sites[] = { "The Verge", "wired.com", "wired", "theguardian", NULL };
	static const struct { const char *in, *want; int colon; } rows[] = {
		{ "Humane launches the AI Pin - The Verge", "Humane launches the AI Pin", 1 },
		{ "Deep-sea mining | WIRED", "Deep-sea mining", 1 },
		{ "WIRED: The year in space tourism", "The year in space tourism", 1 },
		{ "WIRED: The year in space tourism", "WIRED: The year in space tourism", 0 },
		{ "Wired for sound: a history", "Wired for sound: a history", 1 },
		{ "Weizenbaum's nightmares | Artificial intelligence (AI) | The Guardian",
		  "Weizenbaum's nightmares", 1 },
		{ "Courts and AI | Opinion", "Courts and AI | Opinion", 1 },
		{ "Rates rise | Markets | Business | The Guardian", "Rates rise | Markets", 1 },
		{ "The Verge", "The Verge", 1 },
	};
	for (size_t r = 0; r < ARRAY_LEN(rows); r++) {
		char *t = dk_html_meta_clean_sites(rows[r].in, strlen(rows[r].in), sites,
					       rows[r].colon);
		assert_non_null(t);
		if (strcmp(t, rows[r].want))
			fail_msg("\"%s\" -> \"%s\", want \"%s\"", rows[r].in, t, rows[r].want);
		free(t);
	}
}

/* Titles made from text: a heading-like first line, else the first
 * sentence, cut at a word boundary. */
static void test_title_from_text(void **state)
{
	(void)state;
	static const struct { const char *text, *want; } rows[] = {
		{ "Court halts the merger\nThe judge said so.", "Court halts the merger" },
		{ "The judge halted the merger on Friday. Both sides may appeal.\nMore.",
		  "The judge halted the merger on Friday" },
		{ "Why did the judge halt the merger? Nobody knows.", "Why did the judge halt the merger?" },
		{ "\n\nOne line only, no period", "One line only, no period" },
		{ "One sentence only.", "One sentence only" },
		{ "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo "
		  "pppp qqqq rrrr ssss tttt uuuu vvvv wwww",
		  "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo "
		  "pppp qqqq rrrr ssss tttt\xE2\x80\xA6" },
	};
	for (size_t r = 0; r < ARRAY_LEN(rows); r++) {
		dk_status st;
		char *t = dk_title_from_text(rows[r].text, strlen(rows[r].text), &st);
		assert_int_equal(st, DK_OK);
		assert_non_null(t);
		if (strcmp(t, rows[r].want))
			fail_msg("\"%s\" -> \"%s\"", rows[r].text, t);
		free(t);
	}
	dk_status st;
	assert_null(dk_title_from_text(" \n \n", 4, &st));
	assert_int_equal(st, DK_OK);
	assert_null(dk_title_from_text(NULL, 0, &st));
	/* punctuation alone names nothing (found by fuzz_title) */
	assert_null(dk_title_from_text(",", 1, &st));
	assert_int_equal(st, DK_OK);
	assert_null(dk_title_from_text("*** --- ***\nText.", 17, &st));
	assert_int_equal(st, DK_OK);
}

/* ---- the page pipeline and the file reader --------------------------------------- */

struct warns {
	size_t n;
	size_t off;
	char msg[256];
};

static void on_warn(void *ctx, size_t off, const char *msg)
{
	struct warns *w = ctx;
	if (!w->n++) {
		w->off = off;
		snprintf(w->msg, sizeof w->msg, "%s", msg);
	}
}

static void test_page_warnings(void **state)
{
	(void)state;
	/* An undeclared windows-1252 page: one warning, at the first bad byte. */
	static const char legacy[] = "<html><body><h1>Caf\xE9</h1>" P1 "</body></html>";
	struct warns w = { 0 };
	dk_article a = { 0 };
	const char *err;
	dk_html_page_opts o = { NULL, NULL, on_warn, &w };
	assert_int_equal(dk_html_page_read(L(legacy), &o, &a, &err), DK_OK);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.off, 19);
	assert_non_null(strstr(w.msg, "windows-1252"));
	assert_string_equal(a.title, "Caf\xC3\xA9");
	dk_article_clear(&a);

	/* Nesting past the cap: one warning, the text kept. */
	char *deep = deep_page(5000);
	memset(&w, 0, sizeof w);
	assert_int_equal(dk_html_page_read(deep, strlen(deep), &o, &a, &err), DK_OK);
	assert_int_equal(w.n, 1);
	assert_non_null(strstr(w.msg, "nested deeper"));
	assert_non_null(strstr(a.text, "Deepest text here."));
	assert_non_null(strstr(a.text, "After the deep part."));
	dk_article_clear(&a);
	free(deep);

	/* Fields the caller set are kept; the title line is not repeated in
	 * the text. */
	static const char page[] = "<html><head><title>Page title</title></head><body>"
				   "<article><h1>Page title</h1>" P1 "</article></body></html>";
	memset(&w, 0, sizeof w);
	a.title = strdup("Caller title");
	assert_int_equal(dk_html_page_read(L(page), &o, &a, &err), DK_OK);
	assert_string_equal(a.title, "Caller title");
	assert_null(strstr(a.text, "Page title"));
	assert_int_equal(w.n, 0);
	dk_article_clear(&a);

	/* Nothing to read. */
	assert_int_equal(dk_html_page_read(L("<html><body></body></html>"), &o, &a, &err),
			 DK_ERR_PARSE);
	assert_non_null(err);
	assert_null(a.text);
}

static void test_html_article_parse(void **state)
{
	(void)state;
	static const char page[] = "<html><head><title>T | Example</title>"
				   "<meta property='og:site_name' content='Example'></head>"
				   "<body>" NAV "<article>" P1 P2 "</article>" FOOT "</body></html>";
	dk_article a = { 0 };
	const char *err;
	assert_int_equal(dk_dump_html_parse(L(page), "dir/page.html",
					       "https://www.example.org/news/2025/02/01/x",
					       NULL, NULL, NULL, &a, &err), DK_OK);
	assert_string_equal(a.id, "dir/page.html");
	assert_string_equal(a.url, "https://www.example.org/news/2025/02/01/x");
	assert_string_equal(a.site, "example.org");
	assert_string_equal(a.source, "Example");
	assert_string_equal(a.title, "T");
	assert_string_equal(a.date, "2025-02-01");
	assert_int_equal(a.text_len, strlen(a.text));
	assert_null(strstr(a.text, "Home"));
	dk_article_clear(&a);
}

/* A JSONL line with an "html" key: the page's text and metadata fill
 * what the line leaves out. */
static void test_jsonl_html_key(void **state)
{
	(void)state;
	static const char line[] =
		"{\"id\":\"j1\",\"source\":\"Wire\",\"html\":\"<html><head><title>From page</title>"
		"<meta name='author' content='Page Author'></head><body><nav><a href='/'>Home</a></nav>"
		"<p>The court said on Tuesday that the company had failed to show why the case "
		"should be moved, and it set a trial date for the spring.</p></body></html>\"}";
	dk_article a = { 0 };
	char err[256];
	assert_int_equal(dk_dump_jsonl_parse(L(line), &a, err, sizeof err), DK_OK);
	assert_string_equal(a.id, "j1");
	assert_string_equal(a.source, "Wire");          /* the line wins */
	assert_string_equal(a.title, "From page");
	assert_string_equal(a.author, "Page Author");
	assert_non_null(strstr(a.text, "trial date for the spring"));
	assert_null(strstr(a.text, "Home"));
	assert_null(a.extra);                           /* html is not kept */
	dk_article_clear(&a);

	/* "text" wins over the page's text. */
	static const char both[] = "{\"id\":\"j2\",\"text\":\"Given text.\",\"html\":\"<p>Page text that is long enough to be read as a paragraph of the article body.</p>\"}";
	assert_int_equal(dk_dump_jsonl_parse(L(both), &a, err, sizeof err), DK_OK);
	assert_string_equal(a.text, "Given text.");
	dk_article_clear(&a);

	/* An empty page and no title: the usual error. */
	static const char empty[] = "{\"id\":\"j3\",\"html\":\"<html></html>\"}";
	assert_int_equal(dk_dump_jsonl_parse(L(empty), &a, err, sizeof err), DK_ERR_PARSE);
	assert_non_null(strstr(err, "no \"text\" or \"title\""));
}

/* One element with 100,000 attributes parses in linear time: the first
 * DK_HTML_MAX_ATTRS are kept, the rest dropped and counted, the text after
 * survives.  (Before the cap this took about a minute: libxml2 compares each
 * attribute with all earlier ones.)  Attribute-like text in a comment or a
 * script is left alone. */
static void test_parse_crowded_element(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	dk_buf_puts(&b, "<html><body><!-- <p x=1 y=2> --><script>var s = '<b c=\"'"
		    "</script><div ");
	for (int i = 0; i < 100000; i++)
		dk_buf_printf(&b, i % 3 ? "a%d=\"v>\" " : i % 2 ? "a%d=v " : "a%d ", i);
	dk_buf_puts(&b, "><p>Text after the crowded element.</p></div></body></html>");
	assert_int_equal(b.err, DK_OK);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	xmlDocPtr doc = NULL;
	dk_html_parse_info info;
	assert_int_equal(dk_html_parse(b.data, b.len, &doc, &info), DK_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(secs < 5.0);
	assert_int_equal(info.attrs_dropped, 100000 - DK_HTML_MAX_ATTRS);
	assert_true(info.first_crowded > 0 && info.first_crowded < b.len);
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *div = NULL;
	for (xmlNode *n = root; n; n = dk_html_next(n, root, 0))
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "div"))
			div = n;
	assert_non_null(div);
	size_t nattr = 0;
	for (xmlAttr *a = div->properties; a; a = a->next)
		nattr++;
	assert_int_equal(nattr, DK_HTML_MAX_ATTRS);
	assert_non_null(dk_html_attr(div, "a0"));
	assert_string_equal(dk_html_attr(div, "a1"), "v>");
	assert_null(dk_html_attr(div, "a99999"));
	dk_buf text = DK_BUF_INIT;
	dk_html_text(root, &text, 0);
	assert_non_null(strstr(text.data, "Text after the crowded element."));
	dk_buf_free(&text);
	xmlFreeDoc(doc);

	/* A page under the cap is parsed as it is. */
	dk_buf_reset(&b);
	dk_buf_puts(&b, "<p a=1 b=2 c=3>x</p>");
	assert_int_equal(dk_html_parse(b.data, b.len, &doc, &info), DK_OK);
	assert_int_equal(info.attrs_dropped, 0);
	xmlFreeDoc(doc);
	dk_buf_free(&b);
}

/* A parse over the time budget stops and says so; no budget, no limit. */
static void test_parse_time_budget(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	dk_buf_puts(&b, "<html><body>");
	for (int i = 0; i < 5000; i++)
		dk_buf_puts(&b, "<p>One paragraph.</p>");
	dk_buf_puts(&b, "</body></html>");
	xmlDocPtr doc = NULL;
	dk_html_set_time_budget(1e-9);
	assert_int_equal(dk_html_parse(b.data, b.len, &doc, NULL), DK_ERR_TIMEOUT);
	assert_null(doc);
	dk_html_set_time_budget(0);
	assert_int_equal(dk_html_parse(b.data, b.len, &doc, NULL), DK_OK);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	dk_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_charset_prescan),
		cmocka_unit_test(test_charset_canonical),
		cmocka_unit_test(test_charset_decode),
		cmocka_unit_test(test_parse_depth_cap),
		cmocka_unit_test(test_parse_crowded_element),
		cmocka_unit_test(test_parse_time_budget),
		cmocka_unit_test(test_parse_entities_and_tags),
		cmocka_unit_test(test_extract_table),
		cmocka_unit_test(test_meta_table),
		cmocka_unit_test(test_title_clean),
		cmocka_unit_test(test_title_clean_sites),
		cmocka_unit_test(test_title_from_text),
		cmocka_unit_test(test_page_warnings),
		cmocka_unit_test(test_html_article_parse),
		cmocka_unit_test(test_jsonl_html_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
