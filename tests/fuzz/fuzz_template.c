/*
 * fuzz_template.c - libFuzzer target for the page-template parser and
 * renderer (searcher/cgi_tpl.c).
 *
 * Any bytes in, parsed as a template.  A parse error must be one line
 * starting "fuzz.html:N: ".  A template that parses is rendered twice,
 * once with every value a plain word and once with every value hostile
 * (quotes, angle brackets, an ampersand, a javascript: URL), the lists
 * and the one HTML fragment alike: escaping means the hostile values add
 * no < > " or ' of their own, so both renderings hold the same number of
 * each.  A broken invariant aborts.
 *
 * Built with libFuzzer by "make fuzz"; built with tests/fuzz/replay_main.c
 * it replays tests/fuzz/corpus/fuzz_template/ (the default templates and
 * hostile ones) as an ordinary test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../searcher/cgi_tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
	"q", "title", "url", "href", "source", "date", "v", "text", "id",
};

static void fill(dk_tpl_data *d, const char *value, int depth)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		dk_tpl_set_str(d, names[i], value);
	dk_tpl_set_html(d, "passage", "<mark>x</mark>", 14);
	dk_tpl_set_uint(d, "n", 42);
	dk_tpl_set_bool(d, "yes", 1);
	if (depth < 2)
		for (int k = 0; k < 2; k++)
			fill(dk_tpl_add_item(d, depth ? "values" : "items"), value,
			     depth + 1);
}

static void count(const dk_buf *b, size_t c[4])
{
	memset(c, 0, 4 * sizeof c[0]);
	for (size_t i = 0; i < b->len; i++) {
		const char *p = strchr("<>\"'", b->data[i]);
		if (p && b->data[i])
			c[p - "<>\"'"]++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dk_tpl *t = NULL;
	char *err = NULL;
	dk_status st = dk_tpl_parse("fuzz.html", (const char *)data, size, &t,
				    &err);
	if (st == DK_ERR_PARSE) {
		if (!err || strncmp(err, "fuzz.html:", 10) || strchr(err, '\n') ||
		    !strstr(err, ": ")) {
			fprintf(stderr, "fuzz_template: bad message \"%s\"\n",
				err ? err : "(null)");
			abort();
		}
		free(err);
		return 0;
	}
	if (st)
		return 0;
	dk_tpl_data *plain = dk_tpl_data_new(), *evil = dk_tpl_data_new();
	dk_buf a = DK_BUF_INIT, b = DK_BUF_INIT;
	if (plain && evil) {
		fill(plain, "word", 0);
		fill(evil, "javascript:alert(1)\"'<script>&amp;</script>", 0);
		dk_status s1 = dk_tpl_render(t, plain, &a);
		dk_status s2 = dk_tpl_render(t, evil, &b);
		if (!s1 && !s2) {
			size_t ca[4], cb[4];
			count(&a, ca);
			count(&b, cb);
			if (memcmp(ca, cb, sizeof ca)) {
				fprintf(stderr, "fuzz_template: hostile values "
					"changed the markup:\n%.2000s\n---\n%.2000s\n",
					a.data ? a.data : "", b.data ? b.data : "");
				abort();
			}
		}
	}
	dk_buf_free(&a);
	dk_buf_free(&b);
	dk_tpl_data_free(plain);
	dk_tpl_data_free(evil);
	dk_tpl_free(t);
	return 0;
}
