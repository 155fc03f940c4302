#include "shflags.h"

#include <check.h>
#include <string.h>

static const struct shflag_set *const sets[] = {
	&shflags_run,
	&shflags_compose_run,
	&shflags_service_create,
	&shflags_pod_create,
	&shflags_docker_global,
	&shflags_podman_global,
	&shflags_nerdctl_global,
	&shflags_compose_global,
	&shflags_sudo,
};

/* shflag_long() searches by halves: every list must be sorted. */
START_TEST(test_sorted)
{
	const struct shflag_set *s = sets[_i];
	for (size_t k = 1; k < s->nvalues; k++) {
		ck_assert_msg(strcmp(s->values[k - 1], s->values[k]) < 0,
			      "%s before %s", s->values[k - 1], s->values[k]);
	}
	for (size_t k = 0; k < s->nvalues; k++) {
		const char *v = s->values[k];
		ck_assert_int_eq(shflag_long(s, v, strlen(v)), SHFLAG_VALUE);
	}
}
END_TEST

static const struct {
	const char *name;
	enum shflag_arg arg;
} run_long[] = {
	{ "publish", SHFLAG_PUBLISH },	{ "publish-all", SHFLAG_PUBLISH_ALL },
	{ "name", SHFLAG_VALUE },	{ "network", SHFLAG_VALUE },
	{ "env", SHFLAG_VALUE },	{ "volume", SHFLAG_VALUE },
	{ "platform", SHFLAG_VALUE },	{ "pull", SHFLAG_VALUE },
	{ "rm", SHFLAG_BOOL },		{ "detach", SHFLAG_BOOL },
	{ "init", SHFLAG_BOOL },	{ "privileged", SHFLAG_BOOL },
	{ "interactive", SHFLAG_BOOL }, { "no-such-option", SHFLAG_BOOL },
	{ "nam", SHFLAG_BOOL },		{ "names", SHFLAG_BOOL },
};

START_TEST(test_run_long)
{
	const char *n = run_long[_i].name;
	ck_assert_int_eq(shflag_long(&shflags_run, n, strlen(n)),
			 run_long[_i].arg);
}
END_TEST

START_TEST(test_shorts)
{
	/* docker run: -a -c -e -h -l -m -u -v -w take values. */
	const char *values = "acehlmuvw";
	for (const char *c = values; *c; c++) {
		ck_assert_int_eq(shflag_short(&shflags_run, *c), SHFLAG_VALUE);
	}
	const char *bools = "ditqt";
	for (const char *c = bools; *c; c++) {
		ck_assert_int_eq(shflag_short(&shflags_run, *c), SHFLAG_BOOL);
	}
	ck_assert_int_eq(shflag_short(&shflags_run, 'p'), SHFLAG_PUBLISH);
	ck_assert_int_eq(shflag_short(&shflags_run, 'P'), SHFLAG_PUBLISH_ALL);
	/* docker compose run has no -P, docker service create neither. */
	ck_assert_int_eq(shflag_short(&shflags_compose_run, 'P'), SHFLAG_BOOL);
	ck_assert_int_eq(shflag_short(&shflags_service_create, 'P'),
			 SHFLAG_BOOL);
	ck_assert_int_eq(shflag_long(&shflags_compose_run, "publish-all", 11),
			 SHFLAG_BOOL);
	/* Global options: -p is compose's project name, not a publish. */
	ck_assert_int_eq(shflag_short(&shflags_compose_global, 'p'),
			 SHFLAG_VALUE);
	ck_assert_int_eq(shflag_short(&shflags_docker_global, 'H'),
			 SHFLAG_VALUE);
	ck_assert_int_eq(shflag_short(&shflags_docker_global, 'D'),
			 SHFLAG_BOOL);
	ck_assert_int_eq(shflag_short(&shflags_run, '\0'), SHFLAG_BOOL);
}
END_TEST

/* A name with a NUL byte in it (from a word of the input) is no entry's
 * prefix: the lookup compares lengths, not C strings (fuzz_shell). */
START_TEST(test_nul_in_name)
{
	ck_assert_int_eq(shflag_long(&shflags_run, "env\0x", 5), SHFLAG_BOOL);
	ck_assert_int_eq(shflag_long(&shflags_run, "e\0", 2), SHFLAG_BOOL);
	ck_assert_int_eq(shflag_long(&shflags_run, "env", 3), SHFLAG_VALUE);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("shflags");
	TCase *tc = tcase_create("core");
	tcase_add_loop_test(tc, test_sorted, 0, sizeof(sets) / sizeof(sets[0]));
	tcase_add_loop_test(tc, test_run_long, 0,
			    sizeof(run_long) / sizeof(run_long[0]));
	tcase_add_test(tc, test_shorts);
	tcase_add_test(tc, test_nul_in_name);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
