/*
 * The table of finding kinds covers every kind, and says what every
 * writer needs: a row per enum constant with a distinct name; a shown kind
 * has its words and its SARIF rule; "%s" appears only where a reason goes,
 * "%x" (what the finding exposes) wherever it reads well, no other '%'.
 */
#include "kinds.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* How many "%s" holes text has; fails on a '%' that starts no hole. */
static int reason_holes(const char *text)
{
	int n = 0;
	for (const char *p = strchr(text, '%'); p; p = strchr(p + 2, '%')) {
		ck_assert_msg(p[1] == 's' || p[1] == 'x', "bad hole in %s",
			      text);
		n += p[1] == 's';
	}
	return n;
}

START_TEST(test_row)
{
	const struct kind *k = kind_get((enum finding_kind)_i);
	ck_assert_ptr_nonnull(k->name);
	ck_assert_uint_gt(strlen(k->name), 0);
	for (int j = 0; j < _i; j++) {
		ck_assert_str_ne(k->name, kind_get((enum finding_kind)j)->name);
	}
	if (!k->shown) {
		ck_assert_ptr_null(k->rule);
		return;
	}
	ck_assert_ptr_nonnull(k->left_alone);
	ck_assert_ptr_nonnull(k->rule);
	ck_assert(k->level == DIAG_NOTE || k->level == DIAG_WARNING);
	int holes = reason_holes(k->left_alone);
	ck_assert_int_le(holes, 1);
	if (holes) {
		/* a hole has a reason to fill it when the finding gives none */
		ck_assert(_i == FINDING_INVALID || _i == FINDING_ALLOWED ||
			  _i == FINDING_SWARM || _i == FINDING_SHARED_NETWORK);
		ck_assert_ptr_nonnull(k->reason);
	}
	if (k->fixed) {
		ck_assert_int_eq(reason_holes(k->fixed), 0);
	}
	/* --only names what it fixes where the reason goes */
	if (k->deselected) {
		ck_assert_ptr_nonnull(k->fixed);
		ck_assert_int_eq(reason_holes(k->deselected), 1);
		ck_assert_ptr_nonnull(strstr(k->deselected, "(--only %s)"));
	}
	/* -v only is for what the user chose to leave alone: notes */
	ck_assert(!k->verbose_only || k->level == DIAG_NOTE);
}
END_TEST

/* The kinds composefix fixes have their words for a fix. */
START_TEST(test_fixed_words)
{
	static const enum finding_kind fixed[] = {
		FINDING_UNBOUND,
		FINDING_CONTAINER_ONLY,
		FINDING_EXPLICIT_WILDCARD,
	};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		ck_assert_ptr_nonnull(kind_get(fixed[i])->fixed);
		ck_assert_ptr_nonnull(kind_get(fixed[i])->deselected);
		ck_assert_ptr_nonnull(strstr(kind_get(fixed[i])->fixed, "%x"));
	}
	ck_assert_str_eq(kind_get(FINDING_CONTAINER_ONLY)->fixed,
			 "publishes %xon an ephemeral port on all interfaces");
}
END_TEST

/* Its reason makes a wanted fix that cannot be made say why. */
START_TEST(test_unfixable_why)
{
	const char *hole = strstr(kind_unfixable_why, "%");
	ck_assert_ptr_nonnull(hole);
	ck_assert(hole[1] == 's' && !strchr(hole + 1, '%'));
	ck_assert_ptr_null(strchr(kind_unfixable, '%'));
}
END_TEST

/* A value out of range gets a row, not a crash. */
START_TEST(test_out_of_range)
{
	ck_assert_ptr_nonnull(kind_get(FINDING_KIND_COUNT)->name);
	ck_assert_ptr_nonnull(kind_get((enum finding_kind) - 1)->name);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kinds");
	TCase *tc = tcase_create("table");
	tcase_add_loop_test(tc, test_row, 0, FINDING_KIND_COUNT);
	tcase_add_test(tc, test_fixed_words);
	tcase_add_test(tc, test_out_of_range);
	tcase_add_test(tc, test_unfixable_why);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
