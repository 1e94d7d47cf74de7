/*
 * test_buf.c - unit tests for common/buf.c.
 *
 * Tables of append sequences and printf formats check growth and content
 * against what snprintf/memcpy would give; the sticky error is forced
 * through dk_buf_reserve()'s overflow check (an allocation that cannot be
 * made), so no allocator tricks are needed and the tests run under ASan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../common/buf.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The invariants every healthy buffer keeps. */
static void check_invariants(const dk_buf *b)
{
	assert_int_equal(b->err, DK_OK);
	if (!b->data) {
		assert_int_equal(b->len, 0);
		assert_int_equal(b->cap, 0);
		return;
	}
	assert_true(b->len + 1 <= b->cap);
	assert_int_equal(b->data[b->len], '\0');
}

/* ---- append, puts, putc ---------------------------------------------- */

struct append_row {
	const char *name;
	size_t sizes[6];    /* 0-terminated list of append sizes */
};

static const struct append_row append_rows[] = {
	{ "one small", { 5 } },
	{ "exactly the first capacity minus the NUL", { 63 } },
	{ "exactly the first capacity", { 64 } },
	{ "crosses 64 in two steps", { 60, 10 } },
	{ "one large", { 100000 } },
	{ "mixed", { 1, 200, 3, 5000, 64, 1 } },
	{ "many doublings at once", { 1, 1000000 } },
};

static void test_append_table(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(append_rows); r++) {
		const struct append_row *row = &append_rows[r];
		dk_buf b = DK_BUF_INIT;
		size_t total = 0;
		for (size_t k = 0; k < ARRAY_LEN(row->sizes) && row->sizes[k]; k++)
			total += row->sizes[k];
		char *want = malloc(total);
		assert_non_null(want);
		for (size_t i = 0; i < total; i++)
			want[i] = (char)('a' + (i * 7 + r) % 26);
		size_t off = 0;
		for (size_t k = 0; k < ARRAY_LEN(row->sizes) && row->sizes[k]; k++) {
			dk_buf_append(&b, want + off, row->sizes[k]);
			off += row->sizes[k];
			check_invariants(&b);
			if (b.len != off)
				fail_msg("%s: len %zu after %zu bytes", row->name, b.len, off);
		}
		if (memcmp(b.data, want, total) != 0)
			fail_msg("%s: content differs", row->name);
		/* Capacity starts at 64 and doubles. */
		size_t cap = 64;
		while (cap < total + 1)
			cap *= 2;
		if (b.cap != cap)
			fail_msg("%s: cap %zu, want %zu", row->name, b.cap, cap);
		free(want);
		dk_buf_free(&b);
	}
}

/* n one-byte appends move the data O(log n) times, not O(n). */
static void test_append_amortized(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	size_t grows = 0, cap = 0;
	for (size_t i = 0; i < 200000; i++) {
		dk_buf_putc(&b, (char)('0' + i % 10));
		if (b.cap != cap) {
			grows++;
			cap = b.cap;
		}
	}
	check_invariants(&b);
	assert_int_equal(b.len, 200000);
	assert_true(grows <= 13);  /* 64 << 12 = 262144 */
	assert_int_equal(b.data[199999], '9');
	assert_int_equal(b.data[12345], '5');
	dk_buf_free(&b);
}

static void test_puts_putc(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	dk_buf_puts(&b, "");
	/* An empty append still gives a valid empty C string. */
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	dk_buf_puts(&b, "hello");
	dk_buf_putc(&b, ',');
	dk_buf_putc(&b, ' ');
	dk_buf_puts(&b, "world");
	check_invariants(&b);
	assert_string_equal(b.data, "hello, world");
	assert_int_equal(b.len, 12);
	/* A NUL byte is data like any other. */
	dk_buf_putc(&b, '\0');
	dk_buf_putc(&b, 'x');
	assert_int_equal(b.len, 14);
	assert_memory_equal(b.data, "hello, world\0x", 15);
	dk_buf_append(&b, NULL, 0);
	assert_int_equal(b.len, 14);
	dk_buf_free(&b);
}

/* ---- printf ----------------------------------------------------------- */

struct printf_row {
	const char *name;
	const char *prefix;   /* already in the buffer */
	int width;            /* %*d width */
	const char *str;      /* %s argument; NULL: a 1000-byte string */
};

static const struct printf_row printf_rows[] = {
	{ "short, empty buffer", "", 1, "abc" },
	{ "short after content", "head:", 3, "x" },
	{ "255 bytes: still the stack path", "", 250, "abcd" },
	{ "256 bytes: the heap path", "", 251, "abcd" },
	{ "long after content", "prefix-", 300, "tail" },
	{ "long string argument", "p", 1, NULL },
	{ "long, buffer nearly full", "0123456789012345678901234567890123456789012345678901234567890", 500, "z" },
};

static void test_printf_table(void **state)
{
	(void)state;
	char *longstr = malloc(1001);
	assert_non_null(longstr);
	memset(longstr, 'L', 1000);
	longstr[1000] = '\0';
	for (size_t r = 0; r < ARRAY_LEN(printf_rows); r++) {
		const struct printf_row *row = &printf_rows[r];
		const char *s = row->str ? row->str : longstr;
		char want[4096];
		int n = snprintf(want, sizeof want, "%s[%*d|%s]", row->prefix,
				 row->width, (int)r, s);
		assert_true(n > 0 && (size_t)n < sizeof want);
		dk_buf b = DK_BUF_INIT;
		dk_buf_puts(&b, row->prefix);
		dk_buf_printf(&b, "[%*d|%s]", row->width, (int)r, s);
		check_invariants(&b);
		if (b.len != (size_t)n || strcmp(b.data, want) != 0)
			fail_msg("%s: got %zu bytes \"%.40s...\", want %d", row->name,
				 b.len, b.data ? b.data : "(null)", n);
		/* A second printf appends after the first. */
		dk_buf_printf(&b, "%s", "!");
		assert_int_equal(b.len, (size_t)n + 1);
		assert_int_equal(b.data[n], '!');
		assert_int_equal(b.data[n + 1], '\0');
		dk_buf_free(&b);
	}
	free(longstr);
}

/* ---- the sticky error ------------------------------------------------- */

/* Drive b into the error state with a reservation no machine can make. */
static void force_error(dk_buf *b)
{
	assert_int_not_equal(dk_buf_reserve(b, SIZE_MAX - b->len), 0);
	assert_int_equal(b->err, DK_ERR_NOMEM);
}

static void test_sticky_error(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	dk_buf_puts(&b, "kept");
	force_error(&b);
	/* Every later append is a no-op... */
	dk_buf_append(&b, "xyz", 3);
	dk_buf_puts(&b, "more");
	dk_buf_putc(&b, '!');
	dk_buf_printf(&b, "%d", 42);
	dk_buf_printf(&b, "%0400d", 7);
	assert_int_equal(b.len, 4);
	assert_string_equal(b.data, "kept");
	/* ...even a reservation that would fit. */
	assert_int_not_equal(dk_buf_reserve(&b, 1), 0);
	assert_int_equal(b.err, DK_ERR_NOMEM);

	/* Reset clears the error and keeps the memory. */
	char *mem = b.data;
	dk_buf_reset(&b);
	assert_int_equal(b.err, DK_OK);
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.data, mem);
	assert_string_equal(b.data, "");
	dk_buf_puts(&b, "again");
	assert_string_equal(b.data, "again");
	dk_buf_free(&b);
}

/* Overflow in len + n is caught, whatever len is. */
static void test_reserve_overflow(void **state)
{
	(void)state;
	static const size_t extra[] = { SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - 10 };
	for (size_t k = 0; k < ARRAY_LEN(extra); k++) {
		dk_buf b = DK_BUF_INIT;
		dk_buf_puts(&b, "0123456789");
		if (dk_buf_reserve(&b, extra[k]) == 0)
			fail_msg("reserve(%zu) after 10 bytes succeeded", extra[k]);
		assert_int_equal(b.err, DK_ERR_NOMEM);
		assert_int_equal(b.len, 10);
		dk_buf_free(&b);
	}
	/* A reasonable reservation makes room without changing len. */
	dk_buf b = DK_BUF_INIT;
	assert_int_equal(dk_buf_reserve(&b, 1000), 0);
	assert_int_equal(b.len, 0);
	assert_true(b.cap >= 1001);
	char *mem = b.data;
	dk_buf_append(&b, "x", 1);
	for (int i = 0; i < 998; i++)
		dk_buf_putc(&b, 'y');
	assert_ptr_equal(b.data, mem);  /* no reallocation needed */
	assert_int_equal(b.len, 999);
	dk_buf_free(&b);
}

/* The first failure is the one remembered. */
static void test_first_error_kept(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	b.err = DK_ERR_INTERNAL;
	assert_int_not_equal(dk_buf_reserve(&b, SIZE_MAX), 0);
	dk_buf_puts(&b, "x");
	assert_int_equal(b.err, DK_ERR_INTERNAL);
	assert_null(b.data);
	dk_buf_free(&b);
	assert_int_equal(b.err, DK_OK);
}

/* ---- detach, free, reset ---------------------------------------------- */

static void test_detach(void **state)
{
	(void)state;
	static const char *const rows[] = { "", "a", "hello world", NULL };
	for (size_t r = 0; rows[r]; r++) {
		dk_buf b = DK_BUF_INIT;
		dk_buf_puts(&b, rows[r]);
		size_t len = 12345;
		char *p = dk_buf_detach(&b, &len);
		assert_non_null(p);
		assert_int_equal(len, strlen(rows[r]));
		assert_string_equal(p, rows[r]);
		/* The buffer is empty and owns nothing. */
		assert_null(b.data);
		assert_int_equal(b.len, 0);
		assert_int_equal(b.cap, 0);
		/* ...and usable again. */
		dk_buf_puts(&b, "next");
		assert_string_equal(b.data, "next");
		dk_buf_free(&b);
		free(p);
	}
}

static void test_detach_empty_never_null(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	char *p = dk_buf_detach(&b, NULL);  /* len may be NULL */
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_null(b.data);
	free(p);
}

static void test_detach_failed(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	dk_buf_puts(&b, "partial");
	force_error(&b);
	size_t len = 99;
	char *p = dk_buf_detach(&b, &len);
	assert_null(p);
	assert_int_equal(len, 0);
	/* The memory is released (LeakSanitizer checks) and the buffer reset. */
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.err, DK_OK);
	dk_buf_puts(&b, "ok");
	assert_string_equal(b.data, "ok");
	dk_buf_free(&b);
}

static void test_free_and_reuse(void **state)
{
	(void)state;
	dk_buf b = DK_BUF_INIT;
	dk_buf_free(&b);  /* freeing an empty buffer is fine */
	dk_buf_printf(&b, "%s-%d", "a", 1);
	assert_string_equal(b.data, "a-1");
	dk_buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	dk_buf_putc(&b, 'z');
	assert_string_equal(b.data, "z");
	dk_buf_reset(&b);
	assert_string_equal(b.data, "");
	dk_buf_free(&b);
	dk_buf_reset(&b);  /* reset of an empty buffer */
	assert_null(b.data);
}

/* ---- dk_strndup ------------------------------------------------------- */

struct strndup_row {
	const char *s;
	size_t n;
	const char *want;   /* want[0..n] including the terminating NUL */
};

static const struct strndup_row strndup_rows[] = {
	{ "abc", 3, "abc" },
	{ "abcdef", 3, "abc" },
	{ "", 0, "" },
	{ "xyz", 0, "" },
	{ "a\0b", 3, "a\0b" },
	{ "caf\xC3\xA9!", 5, "caf\xC3\xA9" },
};

static void test_strndup_table(void **state)
{
	(void)state;
	for (size_t r = 0; r < ARRAY_LEN(strndup_rows); r++) {
		const struct strndup_row *row = &strndup_rows[r];
		/* Copy the source to an exact-size block so ASan sees overreads. */
		char *src = malloc(row->n ? row->n : 1);
		assert_non_null(src);
		memcpy(src, row->s, row->n);
		char *p = dk_strndup(src, row->n);
		assert_non_null(p);
		assert_ptr_not_equal(p, src);
		if (memcmp(p, row->want, row->n) != 0 || p[row->n] != '\0')
			fail_msg("row %zu: wrong copy", r);
		free(p);
		free(src);
	}
}

/* Whole files into a buffer: appended, missing, unreadable. */
static void test_read_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/docket-test-buf-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[sizeof dir + 16];
	snprintf(path, sizeof path, "%s/f", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs("two\nlines", f);
	assert_int_equal(fclose(f), 0);
	dk_buf b = DK_BUF_INIT;
	dk_buf_puts(&b, ">");
	assert_int_equal(dk_buf_read_file(&b, path), DK_OK);
	assert_string_equal(b.data, ">two\nlines");
	dk_buf_reset(&b);
	snprintf(path, sizeof path, "%s/none", dir);
	assert_int_equal(dk_buf_read_file(&b, path), DK_ERR_NOT_FOUND);
	assert_int_equal(dk_buf_read_file(&b, dir), DK_ERR_IO);  /* a folder */
	dk_buf_free(&b);
	snprintf(path, sizeof path, "%s/f", dir);
	assert_int_equal(remove(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_append_table),
		cmocka_unit_test(test_append_amortized),
		cmocka_unit_test(test_puts_putc),
		cmocka_unit_test(test_printf_table),
		cmocka_unit_test(test_sticky_error),
		cmocka_unit_test(test_reserve_overflow),
		cmocka_unit_test(test_first_error_kept),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_detach_empty_never_null),
		cmocka_unit_test(test_detach_failed),
		cmocka_unit_test(test_free_and_reuse),
		cmocka_unit_test(test_strndup_table),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
