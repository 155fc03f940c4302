#include "buf.h"

#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Regression: plan.c appended part of its own text buffer to itself, and
 * the realloc in between freed the source (a use-after-free that
 * verification reported as a wrong value). */
START_TEST(test_add_from_itself)
{
	struct buf b;
	buf_init(&b);
	ck_assert_int_eq(buf_adds(&b, "127.0.0.1:"), 0);
	for (int i = 0; i < 12; i++) {
		/* each round doubles the length, so most rounds realloc */
		ck_assert_int_eq(buf_add(&b, b.data, b.len), 0);
	}
	ck_assert_uint_eq(b.len, 10u << 12);
	for (size_t i = 0; i < b.len; i += 10) {
		ck_assert_int_eq(memcmp(b.data + i, "127.0.0.1:", 10), 0);
	}
	ck_assert_int_eq(b.data[b.len], '\0');
	buf_release(&b);
}
END_TEST

START_TEST(test_add_quoted)
{
	struct buf b;
	buf_init(&b);
	ck_assert_int_eq(buf_add_quoted(&b, "a\"b\\c\n\x01", 7), 0);
	ck_assert_str_eq(b.data, "\"a\\\"b\\\\c\\x0a\\x01\"");
	buf_release(&b);
}
END_TEST

START_TEST(test_addf_long)
{
	struct buf b;
	buf_init(&b);
	char big[1000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(buf_addf(&b, "<%s>", big), 0);
	ck_assert_uint_eq(b.len, sizeof(big) + 1);
	ck_assert_int_eq(b.data[0], '<');
	ck_assert_int_eq(b.data[b.len - 1], '>');
	buf_truncate(&b, 1);
	ck_assert_str_eq(b.data, "<");
	buf_release(&b);
	ck_assert_ptr_null(b.data);
	buf_release(NULL);
}
END_TEST

START_TEST(test_addu)
{
	struct buf b;
	buf_init(&b);
	ck_assert_int_eq(buf_addu(&b, 0), 0);
	ck_assert_int_eq(buf_addc(&b, ' '), 0);
	ck_assert_int_eq(buf_addu(&b, 9), 0);
	ck_assert_int_eq(buf_addc(&b, ' '), 0);
	ck_assert_int_eq(buf_addu(&b, 65535), 0);
	ck_assert_int_eq(buf_addc(&b, ' '), 0);
	ck_assert_int_eq(buf_addu(&b, ULONG_MAX), 0);
	char want[64];
	snprintf(want, sizeof(want), "0 9 65535 %lu", ULONG_MAX);
	ck_assert_str_eq(b.data, want);
	buf_release(&b);
}
END_TEST

START_TEST(test_array_grow)
{
	int *v = NULL;
	size_t cap = 0;
	for (size_t n = 0; n < 1000; n++) {
		ck_assert_int_eq(array_grow((void **)&v, &cap, n, sizeof(*v)),
				 0);
		ck_assert_uint_gt(cap, n);
		v[n] = (int)n;
	}
	for (size_t n = 0; n < 1000; n++) {
		ck_assert_int_eq(v[n], (int)n);
	}
	/* room left: nothing moves */
	int *before = v;
	size_t cap_before = cap;
	ck_assert_int_eq(array_grow((void **)&v, &cap, 5, sizeof(*v)), 0);
	ck_assert_ptr_eq(v, before);
	ck_assert_uint_eq(cap, cap_before);
	/* a size that cannot be doubled: refused, array kept */
	size_t huge = SIZE_MAX / 2 + 1;
	errno = 0;
	ck_assert_int_eq(array_grow((void **)&v, &huge, huge, sizeof(*v)), -1);
	ck_assert_int_eq(errno, EOVERFLOW);
	ck_assert_ptr_eq(v, before);
	free(v);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("buf");
	tcase_add_test(tc, test_add_from_itself);
	tcase_add_test(tc, test_add_quoted);
	tcase_add_test(tc, test_addf_long);
	tcase_add_test(tc, test_addu);
	tcase_add_test(tc, test_array_grow);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
