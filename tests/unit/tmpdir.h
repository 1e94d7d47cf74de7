/*
 * tmpdir.h - a scratch directory per cmocka test group, shared by the unit
 * tests that write files.  Header-only (the Makefile builds each test from
 * one .c file); include it after <cmocka.h>.
 *
 * A test file defines TMPDIR_NAME ("docket-test-dump") before including
 * it, then uses tmpdir_setup/tmpdir_teardown as group fixtures and
 * tmpdir_path() to name files inside the directory.
 */
#ifndef DK_TEST_TMPDIR_H
#define DK_TEST_TMPDIR_H

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir_root[PATH_MAX];

/* Remove path and everything under it; 0 on success or if absent. */
static inline int tmpdir_remove_tree(const char *path)
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
			tmpdir_remove_tree(sub);
	}
	closedir(d);
	return rmdir(path);
}

static inline int tmpdir_setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(tmpdir_root, sizeof tmpdir_root, "%s/" TMPDIR_NAME ".XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(tmpdir_root) ? 0 : -1;
}

static inline int tmpdir_teardown(void **state)
{
	(void)state;
	return tmpdir_remove_tree(tmpdir_root);
}

/* buf (PATH_MAX bytes) = the scratch directory + "/" + name. */
static inline void tmpdir_path(char *buf, const char *name)
{
	int n = snprintf(buf, PATH_MAX, "%s/%s", tmpdir_root, name);
	assert_true(n > 0 && n < PATH_MAX);
}

#endif
