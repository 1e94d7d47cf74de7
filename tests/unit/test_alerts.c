/*
 * test_alerts.c - the saved-searches file reader and the default state
 * path of searcher/alerts.c (the runs themselves, over real generations,
 * are tests/e2e/alerts.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define TMPDIR_NAME "docket-test-alerts"
#include "fixture.h"

#include "../../searcher/alerts.h"

struct row {
	const char *name;
	const char *text;
	dk_status want;
	const char *parsed;   /* "name=query;..." or the error's tail */
};

static const struct row rows[] = {
	{ "two searches", "a\tparty:harlow\nb\tprivacy lawsuit\n", DK_OK,
	  "a=party:harlow;b=privacy lawsuit;" },
	{ "comments, blank lines, CRLF, no final newline",
	  "# mine\r\n\r\na\tx y\r\n\nb\tz", DK_OK, "a=x y;b=z;" },
	{ "a tab inside the query stays", "a\tx\ty\n", DK_OK, "a=x\ty;" },
	{ "empty file", "", DK_OK, "" },
	{ "no tab", "a\tx\nb\n", DK_ERR_PARSE, "line 2: no tab between name and query" },
	{ "empty name", "\tx\n", DK_ERR_PARSE, "line 1: empty name" },
	{ "empty query", "a\t\n", DK_ERR_PARSE, "line 1: empty query" },
	{ "a name twice", "a\tx\n# c\na\ty\n", DK_ERR_PARSE,
	  "line 3: a name already given" },
};
#define NROWS (sizeof rows / sizeof rows[0])

static void row_name(size_t i, const void *row, char *buf, size_t size)
{
	snprintf(buf, size, "read[%zu] %s", i, ((const struct row *)row)->name);
}

static void test_row(void **state)
{
	const struct row *r = *state;
	char path[PATH_MAX];
	tmpdir_path(path, "saved.tsv");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(r->text, f);
	assert_int_equal(fclose(f), 0);
	dk_alert_list l;
	char *msg = NULL;
	dk_status st = dk_alerts_read(path, &l, &msg);
	if (st != r->want)
		fail_msg("status %d, want %d (%s)", st, r->want, msg ? msg : "");
	if (st) {
		assert_non_null(msg);
		size_t n = strlen(msg), k = strlen(r->parsed);
		if (n < k || strcmp(msg + n - k, r->parsed) || strncmp(msg, path, strlen(path)))
			fail_msg("message \"%s\", want \"%s: ...%s\"", msg, path, r->parsed);
		free(msg);
		assert_null(l.v);
		return;
	}
	assert_null(msg);
	char got[256] = "";
	for (size_t i = 0; i < l.n; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s=%s;",
			 l.v[i].name, l.v[i].query);
	assert_string_equal(got, r->parsed);
	dk_alert_list_free(&l);
}

static void test_missing_file(void **state)
{
	(void)state;
	dk_alert_list l;
	char *msg = NULL;
	assert_int_equal(dk_alerts_read("/nonexistent/saved.tsv", &l, &msg),
			 DK_ERR_NOT_FOUND);
	assert_non_null(strstr(msg, "/nonexistent/saved.tsv: "));
	free(msg);
}

static void test_default_state(void **state)
{
	(void)state;
	char *p = dk_alerts_default_state(tmpdir_root, "/home/me/cases.tsv");
	char want[PATH_MAX + 64];
	snprintf(want, sizeof want, "%s/alerts/cases.tsv.json", tmpdir_root);
	assert_string_equal(p, want);
	free(p);
	/* a stub file: its directory */
	p = dk_alerts_default_state("/srv/docket/remote.stub", "cases.tsv");
	assert_string_equal(p, "/srv/docket/alerts/cases.tsv.json");
	free(p);
}

int main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_default_state),
	};
	return fixture_run_table("alerts", rows, NROWS, sizeof rows[0], row_name,
				 test_row, extra, sizeof extra / sizeof extra[0],
				 tmpdir_setup, tmpdir_teardown);
}
