/*
 * fixture.h - the set-up the unit tests share: temporary trees and their
 * removal, files written into them, and small indexes built from a table
 * of articles.  Header-only (the Makefile builds each test from one .c
 * file); include it after <cmocka.h>.
 *
 * Temporary trees.  fixture_mkdtemp(root, "docket-test-x") makes a fresh
 * directory under $TMPDIR (or /tmp) and fixture_remove_tree(root) removes
 * it with everything below it.  A test file that wants one directory per
 * group defines TMPDIR_NAME before the include and uses tmpdir_setup /
 * tmpdir_teardown as group fixtures and tmpdir_path() to name files.
 *
 * Hostile trees.  fixture_put(root, "a/b/XAPIANDB", "garbage\n") writes a
 * file (making its folders), so a test can lay out a broken or fake index
 * directory in one line per file.
 *
 * Small indexes.  Only when the test has included indexer/indexer.h
 * (which links the index layer): fixture_write_jsonl() writes a table of
 * fixture_article rows as a JSONL dump (NULL fields left out, JSON escaping
 * by jansson), and fixture_index() runs Docket's own indexer over a dump
 * file or folder and checks that exactly `want` articles were indexed and
 * none skipped.  Tests that need fields the JSONL reader cannot express
 * (a story id, entities) or thousands of generated documents use
 * fixture_shim_index() (when indexer/doc_builder.h and the shim header are
 * included): a callback fills each dk_article, and the documents go through
 * the analyzer and document builder straight into a new Xapian database.
 *
 * Table-driven groups.  fixture_run_table() runs one test per row of a
 * table (the row is the test's state, its name written by a callback)
 * followed by a list of fixed tests, as one cmocka group.
 *
 * The functions return 0 on success and -1 on failure, so group set-ups
 * can return their result; none of them asserts except tmpdir_path and
 * fixture_put, which run inside tests.
 */
#ifndef DK_TEST_FIXTURE_H
#define DK_TEST_FIXTURE_H

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- table-driven groups ------------------------------------------------- */

/* Writes row i's test name into buf (FIXTURE_NAME_MAX bytes). */
typedef void (*fixture_name_fn)(size_t i, const void *row, char *buf,
				size_t size);
#define FIXTURE_NAME_MAX 160

/* Runs group `group`: row_test once per row of rows (nrows rows of
 * row_size bytes; the row is the test's *state), named by name_of, then
 * the nextra tests of extra; setup/teardown may be NULL.  Returns the
 * number of failed tests, or 2 when out of memory. */
static inline int fixture_run_table(const char *group, const void *rows,
				    size_t nrows, size_t row_size,
				    fixture_name_fn name_of,
				    CMUnitTestFunction row_test,
				    const struct CMUnitTest *extra,
				    size_t nextra, CMFixtureFunction setup,
				    CMFixtureFunction teardown)
{
	struct CMUnitTest *tests = calloc(nrows + nextra, sizeof *tests);
	char (*names)[FIXTURE_NAME_MAX] = calloc(nrows ? nrows : 1,
						 sizeof *names);
	if (!tests || !names) {
		free(tests);
		free(names);
		return 2;
	}
	for (size_t i = 0; i < nrows; i++) {
		const void *row = (const char *)rows + i * row_size;
		name_of(i, row, names[i], sizeof names[i]);
		tests[i].name = names[i];
		tests[i].test_func = row_test;
		tests[i].initial_state = (void *)row;
	}
	if (nextra)
		memcpy(tests + nrows, extra, nextra * sizeof *extra);
	int failed = _cmocka_run_group_tests(group, tests, nrows + nextra,
					     setup, teardown);
	free(names);
	free(tests);
	return failed;
}

/* ---- temporary trees ----------------------------------------------------- */

/* Remove path and everything under it; 0 on success or if absent. */
static inline int fixture_remove_tree(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(sb.st_mode))
		return unlink(path);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char sub[PATH_MAX];
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		int n = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		if (n > 0 && (size_t)n < sizeof sub)
			fixture_remove_tree(sub);
	}
	closedir(d);
	return rmdir(path);
}

/* root (PATH_MAX bytes) = a new directory $TMPDIR/NAME.XXXXXX. */
static inline int fixture_mkdtemp(char *root, const char *name)
{
	const char *tmp = getenv("TMPDIR");
	int n = snprintf(root, PATH_MAX, "%s/%s.XXXXXX",
			 tmp && *tmp ? tmp : "/tmp", name);
	if (n < 0 || n >= PATH_MAX)
		return -1;
	return mkdtemp(root) ? 0 : -1;
}

/* Write text to root/rel, making the folders of rel; asserts on failure. */
static inline void fixture_put(const char *root, const char *rel,
			       const char *text)
{
	char p[PATH_MAX];
	int n = snprintf(p, sizeof p, "%s/%s", root, rel);
	assert_true(n > 0 && n < PATH_MAX);
	for (char *s = p + strlen(root) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		assert_true(mkdir(p, 0700) == 0 || errno == EEXIST);
		*s = '/';
	}
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* ---- one scratch directory per test group (TMPDIR_NAME) ------------------ */

#ifdef TMPDIR_NAME
static char tmpdir_root[PATH_MAX];

static inline int tmpdir_setup(void **state)
{
	(void)state;
	return fixture_mkdtemp(tmpdir_root, TMPDIR_NAME);
}

static inline int tmpdir_teardown(void **state)
{
	(void)state;
	return fixture_remove_tree(tmpdir_root);
}

/* buf (PATH_MAX bytes) = the scratch directory + "/" + name. */
static inline void tmpdir_path(char *buf, const char *name)
{
	int n = snprintf(buf, PATH_MAX, "%s/%s", tmpdir_root, name);
	assert_true(n > 0 && n < PATH_MAX);
}
#endif

/* ---- small indexes from a table of articles ------------------------------ */

#ifdef DK_INDEXER_H
#include <jansson.h>

/* One article of a test table; NULL fields are left out of the dump. */
typedef struct fixture_article {
	const char *id, *title, *url, *source, *date, *text, *author;
} fixture_article;

/* Write the n articles of a as one JSONL dump at path. */
static inline int fixture_write_jsonl(const char *path,
				      const fixture_article *a, size_t n)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const char *k[] = { "id", "title", "url", "source", "date",
				    "text", "author" };
		const char *v[] = { a[i].id, a[i].title, a[i].url, a[i].source,
				    a[i].date, a[i].text, a[i].author };
		json_t *o = json_object();
		for (size_t j = 0; o && j < sizeof k / sizeof k[0]; j++)
			if (v[j] && json_object_set_new(o, k[j], json_string(v[j])))
				rc = -1;
		char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
		if (!s || fprintf(f, "%s\n", s) < 0)
			rc = -1;
		free(s);
		json_decref(o);
	}
	return fclose(f) || rc ? -1 : 0;
}

/* Index the dump file or folder `in` into index_dir (created) with the
 * options of base (NULL: the defaults; its index_dir and err are set
 * here); 0 when exactly `want` articles were indexed and none skipped. */
static inline int fixture_index_with(const dk_index_opts *base,
				     const char *in, const char *index_dir,
				     size_t want)
{
	dk_index_opts o = { 0 };
	if (base)
		o = *base;
	o.index_dir = index_dir;
	o.err = stderr;
	dk_indexer *ix = NULL;
	dk_index_stats stats;
	const char *paths[1] = { in };
	if (dk_indexer_open(&o, &ix, NULL) || dk_indexer_add_paths(ix, paths, 1) ||
	    dk_indexer_finish(ix, &stats, NULL))
		return -1;
	return stats.indexed == want && !stats.skipped ? 0 : -1;
}

/* fixture_index_with() with the default options. */
static inline int fixture_index(const char *in, const char *index_dir,
				size_t want)
{
	return fixture_index_with(NULL, in, index_dir, want);
}
#endif

#if defined(DK_DOC_BUILDER_H) && defined(DK_XAPIAN_SHIM_H)
#include "../../common/fields.h"
/* Fill *a (zeroed) with article i of ctx's table; non-zero on failure. */
typedef int (*fixture_fill_fn)(void *ctx, size_t i, dk_article *a);

/* A new database at dir ("english", no fsync) holding the n articles that
 * fill makes, built as docket-index builds them. */
static inline int fixture_shim_index(const char *dir, size_t n,
				     fixture_fill_fn fill, void *ctx)
{
	dk_analyzer *an = NULL;
	dk_doc_builder *b = NULL;
	dk_writer *w = NULL;
	int rc = -1;
	if (dk_analyzer_new("english", &an) || dk_doc_builder_new(an, &b) ||
	    dk_writer_open(dir, DK_WRITER_CREATE | DK_WRITER_NO_SYNC, &w, NULL) ||
	    dk_writer_set_metadata(w, DK_META_LANG, "english", 7))
		goto out;
	for (size_t i = 0; i < n; i++) {
		dk_article a = { 0 };
		const dk_doc *doc;
		const char *uid;
		size_t uid_len;
		dk_status st = fill(ctx, i, &a) ? DK_ERR_INVALID : DK_OK;
		if (!st && a.text && !a.text_len)
			a.text_len = strlen(a.text);
		if (!st)
			st = dk_doc_builder_build(b, &a, NULL, &doc, &uid, &uid_len);
		if (!st)
			st = dk_writer_replace(w, uid, uid_len, doc, NULL);
		dk_article_clear(&a);
		if (st)
			goto out;
	}
	rc = dk_writer_close(w, NULL) ? -1 : 0;
	w = NULL;
out:
	if (w)
		dk_writer_abandon(w);
	dk_doc_builder_free(b);
	dk_analyzer_free(an);
	return rc;
}
#endif

#endif
