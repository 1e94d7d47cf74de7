/*
 * test_cgi_tpl.c - unit tests for searcher/cgi_tpl.c, the page-template
 * language of docket.cgi.
 *
 * Tables: templates rendered with one fixed set of values (hostile text,
 * a hostile URL, a safe HTML fragment, numbers, lists) and the exact
 * output expected, which pins the escaping of each context (element text,
 * quoted attribute, the start and the rest of a URL attribute); templates
 * that must not parse, each with the line its message names; and hostile
 * data through every context, checked to leave no markup of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../searcher/cgi_tpl.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The values every rendering case uses. */
static dk_tpl_data *sample_data(void)
{
	dk_tpl_data *d = dk_tpl_data_new();
	assert_non_null(d);
	dk_tpl_set_str(d, "q", "a <b> & \"c\" 'd'");
	dk_tpl_set_str(d, "js", "javascript:alert(1)");
	dk_tpl_set_str(d, "js_case", " JaVaScRiPt:alert(1)");
	dk_tpl_set_str(d, "js_tab", "java\tscript:alert(1)");
	dk_tpl_set_str(d, "data_url", "data:text/html,<script>x</script>");
	dk_tpl_set_str(d, "http", "https://ex.example/a?b=1&c=\"><x>");
	dk_tpl_set_str(d, "rel", "?q=a+b&page=2");
	dk_tpl_set_str(d, "colon_late", "?q=a:b");
	dk_tpl_set_str(d, "empty", "");
	dk_tpl_set_html(d, "frag", "<mark>x</mark>", 14);
	dk_tpl_set_uint(d, "zero", 0);
	dk_tpl_set_uint(d, "big", 1234567);
	dk_tpl_set_bool(d, "yes", 1);
	dk_tpl_set_bool(d, "no", 0);
	dk_tpl_set_text(d, "nul", "a\0b", 3);
	for (int i = 1; i <= 3; i++) {
		dk_tpl_data *it = dk_tpl_add_item(d, "items");
		char v[16];
		snprintf(v, sizeof v, "<%d>", i);
		dk_tpl_set_str(it, "v", v);
		dk_tpl_set_bool(it, "first", i == 1);
		for (int k = 0; k < i; k++)
			dk_tpl_set_uint(dk_tpl_add_item(it, "sub"), "k", (uint64_t)k);
	}
	return d;
}

static void render_ok(const char *src, const char *want)
{
	dk_tpl *t = NULL;
	char *err = NULL;
	dk_status st = dk_tpl_parse("t.html", src, strlen(src), &t, &err);
	if (st)
		fail_msg("%s: %s", src, err ? err : "no message");
	dk_tpl_data *d = sample_data();
	dk_buf out = DK_BUF_INIT;
	assert_int_equal(dk_tpl_render(t, d, &out), DK_OK);
	if (strcmp(out.data ? out.data : "", want))
		fail_msg("template %s\n got  %s\n want %s", src,
			 out.data ? out.data : "", want);
	dk_buf_free(&out);
	dk_tpl_data_free(d);
	dk_tpl_free(t);
}

static void test_render_table(void **state)
{
	(void)state;
	static const struct { const char *src, *want; } cases[] = {
		{ "", "" },
		{ "plain <b>text</b> } { }}", "plain <b>text</b> } { }}" },
		/* Element text. */
		{ "<p>{{q}}</p>", "<p>a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;</p>" },
		{ "<p>{{ q }}</p>", "<p>a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;</p>" },
		{ "<title>{{q}}</title>",
		  "<title>a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;</title>" },
		{ "<p>{{js}}</p>", "<p>javascript:alert(1)</p>" },
		{ "{{big}} {{zero}} [{{yes}}] [{{missing}}] [{{empty}}]",
		  "1234567 0 [] [] []" },
		{ "[{{nul}}]", "[a b]" },
		/* Safe fragments: raw in text only. */
		{ "<p>{{frag}}</p>", "<p><mark>x</mark></p>" },
		{ "<p title=\"{{frag}}\">", "<p title=\"&lt;mark&gt;x&lt;/mark&gt;\">" },
		/* Quoted attributes. */
		{ "<input value=\"{{q}}\">",
		  "<input value=\"a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;\">" },
		{ "<input value='{{q}}'>",
		  "<input value='a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;'>" },
		{ "<a title=\"x {{js}}\">", "<a title=\"x javascript:alert(1)\">" },
		/* The start of a URL: http(s) or relative, else dropped. */
		{ "<a href=\"{{http}}\">",
		  "<a href=\"https://ex.example/a?b=1&amp;c=&quot;&gt;&lt;x&gt;\">" },
		{ "<a href=\"{{rel}}\">", "<a href=\"?q=a+b&amp;page=2\">" },
		{ "<a href=\"{{colon_late}}\">", "<a href=\"?q=a:b\">" },
		{ "<a href=\"{{js}}\">", "<a href=\"\">" },
		{ "<a href='{{js_case}}'>", "<a href=''>" },
		{ "<a href=\"{{js_tab}}\">", "<a href=\"\">" },
		{ "<img src=\"{{data_url}}\">", "<img src=\"\">" },
		{ "<a HREF=\"{{js}}\">", "<a HREF=\"\">" },
		{ "<form action=\"{{js}}\">", "<form action=\"\">" },
		/* The rest of a URL: percent-encoded. */
		{ "<a href=\"?q={{q}}&amp;p={{big}}\">",
		  "<a href=\"?q=a+%3Cb%3E+%26+%22c%22+%27d%27&amp;p=1234567\">" },
		{ "<a href=\"/x/{{js}}\">", "<a href=\"/x/javascript%3Aalert%281%29\">" },
		{ "<a href=\"https://e.example/?u={{http}}\">",
		  "<a href=\"https://e.example/?u=https%3A%2F%2Fex.example%2Fa%3Fb%3D1%26c%3D%22%3E%3Cx%3E\">" },
		/* Sections: lists, nesting, lookups outward, conditions. */
		{ "{{#items}}[{{v}}{{#first}}!{{/first}}:{{#sub}}{{k}}{{/sub}}|{{big}}]{{/items}}",
		  "[&lt;1&gt;!:0|1234567][&lt;2&gt;:01|1234567][&lt;3&gt;:012|1234567]" },
		{ "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}n{{/no}}{{^yes}}y{{/yes}}", "Yn" },
		{ "{{#zero}}Z{{/zero}}{{^zero}}z{{/zero}}{{#big}}B{{/big}}", "zB" },
		{ "{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}{{#q}}Q{{/q}}", "eQ" },
		{ "{{#missing}}M{{/missing}}{{^missing}}m{{/missing}}", "m" },
		{ "{{^items}}none{{/items}}{{#items}}{{/items}}", "" },
		{ "<option{{#yes}} selected{{/yes}}{{#no}} x{{/no}}>",
		  "<option selected>" },
		{ "<a href=\"{{#yes}}?a=1{{/yes}}{{^yes}}?a=2{{/yes}}\">",
		  "<a href=\"?a=1\">" },
		/* Comments, and standalone lines. */
		{ "a{{! a comment }}b", "ab" },
		{ "<ul>\n  {{#items}}\n  <li>{{v}}</li>\n  {{/items}}\n</ul>\n",
		  "<ul>\n  <li>&lt;1&gt;</li>\n  <li>&lt;2&gt;</li>\n  <li>&lt;3&gt;</li>\n</ul>\n" },
		{ "{{! note }}\nx\n", "x\n" },
		{ "a {{#yes}}\nb\n{{/yes}}", "a \nb\n" },
		{ "{{#yes}}\nb\n{{/yes}}", "b\n" },
		{ "x\n\t{{^no}}  \r\ny\n  {{/no}}\nz", "x\ny\nz" },
		/* Markup the HTML tokenizer must follow. */
		{ "<!-- {{ not a var? no: }} -->", NULL },
		{ "<!DOCTYPE html>\n<p>{{big}}</p>", "<!DOCTYPE html>\n<p>1234567</p>" },
		{ "<style>p{}</style><p>{{big}}</p>", "<style>p{}</style><p>1234567</p>" },
		{ "<script>x</script >{{big}}", "<script>x</script >1234567" },
		{ "<SCRIPT>x</Script/>{{big}}", "<SCRIPT>x</Script/>1234567" },
		{ "<p a=b c>{{big}}", "<p a=b c>1234567" },
		{ "<svg><a href=\"{{rel}}\"><rect/></a><text>{{q}}</text></svg>",
		  "<svg><a href=\"?q=a+b&amp;page=2\"><rect/></a><text>a &lt;b&gt; "
		  "&amp; &quot;c&quot; &#39;d&#39;</text></svg>" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		if (!cases[i].want)
			continue;
		render_ok(cases[i].src, cases[i].want);
	}
}

/* Templates that must not parse: the message names the file and line. */
static void test_errors_table(void **state)
{
	(void)state;
	static const struct { const char *src; size_t line; const char *what; } cases[] = {
		{ "a\nb {{q", 2, "unterminated" },
		{ "{{#items}}\n<li>\n", 1, "never closed" },
		{ "{{/items}}", 1, "closes no open section" },
		{ "{{#a}}\n{{#b}}\n{{/a}}\n", 3, "closes {{#b}} of line 2" },
		{ "{{{q}}}", 1, "unescaped output" },
		{ "{{&q}}", 1, "unescaped output" },
		{ "{{}}", 1, "tag name" },
		{ "{{a b}}", 1, "tag name" },
		{ "{{a.b}}", 1, "tag name" },
		{ "x\n<a href={{rel}}>", 2, "unquoted attribute" },
		{ "<a {{q}}>", 1, "inside a tag" },
		{ "<{{q}}>", 1, "inside a tag" },
		{ "<a onclick=\"f('{{q}}')\">", 1, "event-handler" },
		{ "<a ONMOUSEOVER='{{q}}'>", 1, "event-handler" },
		{ "<p style=\"color:{{q}}\">", 1, "event-handler, style" },
		{ "<iframe srcdoc=\"{{q}}\">", 1, "srcdoc" },
		{ "<script>var q = '{{q}}';</script>", 1, "raw text" },
		{ "<style>\np { content: \"{{q}}\" }</style>", 2, "raw text" },
		{ "<script>\n</scrip>{{q}}</script>", 2, "raw text" },
		{ "<script>\n</scripts>{{q}}</script>", 2, "raw text" },
		{ "<a href=\"javascript&#58;{{q}}\">", 1, "scheme" },
		{ "<!-- {{q}} -->", 1, "comment" },
		{ "<a href=\"javascript:{{q}}\">", 1, "scheme" },
		{ "<a href=\"JavaScript:x({{q}})\">", 1, "scheme" },
		{ "<a href=\"{{rel}}script:x\">", 1, "cannot be followed by a scheme" },
		{ "{{#yes}}<a href=\"{{/yes}}\">", 1, "context it starts in" },
		{ "<p>{{#yes}}<a title=\"{{/yes}}\">", 1, "context it starts in" },
		{ "<a title=\"{{q}}", 1, "ends inside" },
		{ "{{! a {{b}} }}", 1, "comment cannot" },
		{ "<a on{{#yes}}x{{/yes}}click=\"{{q}}\">", 1, "name" },
		{ "<a {{#yes}}x{{/yes}}onclick=\"{{q}}\">", 1, "name" },
		{ "<a{{#yes}}b{{/yes}}>", 1, "name" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		dk_tpl *t = NULL;
		char *err = NULL;
		dk_status st = dk_tpl_parse("dir/page.html", cases[i].src,
					    strlen(cases[i].src), &t, &err);
		if (st != DK_ERR_PARSE || !err)
			fail_msg("%s parsed (status %d)", cases[i].src, (int)st);
		assert_null(t);
		char want[64];
		snprintf(want, sizeof want, "dir/page.html:%zu: ", cases[i].line);
		if (strncmp(err, want, strlen(want)) || !strstr(err, cases[i].what) ||
		    strchr(err, '\n'))
			fail_msg("%s: message \"%s\", wanted \"%s...%s\"", cases[i].src,
				 err, want, cases[i].what);
		free(err);
	}
}

static void test_depth_limit(void **state)
{
	(void)state;
	dk_buf src = DK_BUF_INIT;
	for (int i = 0; i <= DK_TPL_MAX_DEPTH; i++)
		dk_buf_puts(&src, "{{#yes}}");
	dk_tpl *t = NULL;
	char *err = NULL;
	assert_int_equal(dk_tpl_parse("deep", src.data, src.len, &t, &err),
			 DK_ERR_PARSE);
	assert_non_null(strstr(err, "too deeply"));
	free(err);
	dk_buf_free(&src);
}

/* 1 when no href="..." in html has a scheme (each is relative). */
static int hrefs_safe(const char *html)
{
	for (const char *h = strstr(html, "href=\""); h; h = strstr(h, "href=\"")) {
		h += 6;
		size_t n = strcspn(h, "\"");
		size_t pre = strcspn(h, ":/?#\"");
		if (pre < n && h[pre] == ':')
			return 0;
	}
	return 1;
}

/* Hostile data in every context a template may put it: nothing of it may
 * become a tag, an attribute or a javascript: URL. */
static void test_hostile_data(void **state)
{
	(void)state;
	static const char *const evil[] = {
		"<script>alert(1)</script>", "\"><svg onload=alert(1)>",
		"' onmouseover='alert(1)", "javascript:alert(1)",
		" javascript:alert(1)", "JAVASCRIPT:alert(1)", "java\nscript:x",
		"vbscript:x", "data:text/html;base64,PHNjcmlwdD4=", "&lt;script&gt;",
		"</title><script>x</script>", "{{q}}", "\x01\x7f\xff\xfe<",
	};
	static const char src[] =
		"<title>{{v}}</title><p>{{v}}</p><input value=\"{{v}}\">"
		"<a title='{{v}}' href=\"{{v}}\">x</a><a href=\"?q={{v}}\">y</a>";
	dk_tpl *t = NULL;
	char *err = NULL;
	assert_int_equal(dk_tpl_parse("h", src, sizeof src - 1, &t, &err), DK_OK);
	for (size_t i = 0; i < ARRAY_LEN(evil); i++) {
		dk_tpl_data *d = dk_tpl_data_new();
		dk_tpl_set_str(d, "v", evil[i]);
		dk_buf out = DK_BUF_INIT;
		assert_int_equal(dk_tpl_render(t, d, &out), DK_OK);
		/* Exactly the template's own tags and quotes, and hrefs without
		 * a scheme; data is never parsed as a template ("{{q}}"). */
		size_t lt = 0, quotes = 0;
		for (size_t k = 0; k < out.len; k++) {
			lt += out.data[k] == '<';
			quotes += out.data[k] == '"' || out.data[k] == '\'';
		}
		if (lt != 9 || quotes != 8 || !hrefs_safe(out.data))
			fail_msg("%s -> %s", evil[i], out.data);
		dk_buf_free(&out);
		dk_tpl_data_free(d);
	}
	dk_tpl_free(t);
}

static void test_values_replace_and_oom_free(void **state)
{
	(void)state;
	static const char src[] = "{{a}}|{{#l}}{{a}}{{/l}}";
	dk_tpl *t = NULL;
	char *err = NULL;
	assert_int_equal(dk_tpl_parse("r", src, sizeof src - 1, &t, &err), DK_OK);
	dk_tpl_data *d = dk_tpl_data_new();
	dk_tpl_set_str(d, "a", "one");
	dk_tpl_set_uint(d, "a", 2);           /* replaces */
	dk_tpl_set_str(dk_tpl_add_item(d, "l"), "a", "x");
	dk_tpl_add_item(d, "l");              /* falls back to the outer a */
	dk_tpl_set_str(d, "b", NULL);         /* leaves b unset */
	dk_buf out = DK_BUF_INIT;
	assert_int_equal(dk_tpl_render(t, d, &out), DK_OK);
	assert_string_equal(out.data, "2|x2");
	dk_buf_free(&out);
	dk_tpl_data_free(d);
	dk_tpl_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_table),
		cmocka_unit_test(test_errors_table),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_hostile_data),
		cmocka_unit_test(test_values_replace_and_oom_free),
	};
	return cmocka_run_group_tests_name("cgi_tpl", tests, NULL, NULL);
}
