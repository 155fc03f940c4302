/*
 * The command-line parser as a table: arguments in, options or the usage
 * error out. cli_parse() never prints or exits, so every case is a call.
 */
#include "cli.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 8

/* o->paths points into argv: it lives as long as the test. */
static char *argv[MAX_ARGS + 2];

static enum cli_action parse(const char *const *args, struct options *o,
			     char *err, size_t errlen)
{
	argv[0] = "composefix";
	int argc = 1;
	for (; args[argc - 1]; argc++) {
		argv[argc] = (char *)args[argc - 1];
	}
	argv[argc] = NULL;
	return cli_parse(argc, argv, o, err, errlen);
}

/* clang-format off */
static const struct {
	const char *args[MAX_ARGS];
	const char *error; /* a part of the message */
} bad[] = {
	{ { "-d", "-i", "x" }, "exclude each other" },
	{ { "--stdout", "a", "b" }, "exactly one input" },
	{ { "--bind", "0.0.0.0" }, "not the wildcard" },
	{ { "--bind", "localhost" }, "IPv4 or IPv6 address" },
	{ { "--bind", "127.0.0.1", "--bind", "::1", "--bind", "10.0.0.1" },
	  "at most two" },
	{ { "--format", "xml" }, "text, json or sarif" },
	{ { "--color=sometimes" }, "auto, always or never" },
	{ { "--allow-port", "80,0" }, "port numbers" },
	{ { "--allow-port", "65536" }, "port numbers" },
	{ { "--allow-service", "web,,db" }, "service names" },
	{ { "-j", "0" }, "from 1 to 1024" },
	{ { "-j", "1025" }, "from 1 to 1024" },
	{ { "--max-size", "12Q" }, "such as 64M" },
	{ { "--diff", "--format", "json" }, "--output FILE" },
	{ { "--bogus" }, "unknown option" },
	{ { "--bind" }, "missing argument" },
};
/* clang-format on */

START_TEST(test_bad)
{
	struct options o;
	char err[256] = "";
	ck_assert_int_eq(parse(bad[_i].args, &o, err, sizeof(err)),
			 CLI_USAGE_ERROR);
	ck_assert_msg(strstr(err, bad[_i].error), "'%s' lacks '%s'", err,
		      bad[_i].error);
	options_release(&o);
}
END_TEST

START_TEST(test_defaults)
{
	struct options o;
	char err[256];
	const char *args[] = { NULL };
	ck_assert_int_eq(parse(args, &o, err, sizeof(err)), CLI_RUN);
	ck_assert_int_eq(o.mode, MODE_REPORT);
	ck_assert_int_eq(o.format, FORMAT_TEXT);
	ck_assert_int_eq(o.color, COLOR_AUTO);
	ck_assert_uint_eq(o.nbinds, 0);
	ck_assert_uint_eq(o.max_size, 64u * 1024 * 1024);
	ck_assert_uint_eq(o.jobs, 0);
	ck_assert_uint_eq(o.npaths, 0);
	options_release(&o);
}
END_TEST

START_TEST(test_everything)
{
	struct options o;
	char err[256];
	const char *args[] = { "-i",
			       "--bind=127.0.0.1",
			       "--bind=::1",
			       "--allow-port=80,443",
			       "--allow-service=web,db",
			       "-j3",
			       "--max-size=2K",
			       "a.yml",
			       NULL };
	ck_assert_int_eq(parse(args, &o, err, sizeof(err)), CLI_RUN);
	ck_assert_int_eq(o.mode, MODE_IN_PLACE);
	ck_assert_uint_eq(o.nbinds, 2);
	ck_assert_str_eq(o.binds[1], "::1");
	ck_assert_uint_eq(o.nallow_ports, 2);
	ck_assert_uint_eq(o.allow_ports[1], 443);
	ck_assert_uint_eq(o.nallow_services, 2);
	ck_assert_str_eq(o.allow_services[1], "db");
	ck_assert_uint_eq(o.jobs, 3);
	ck_assert_uint_eq(o.max_size, 2048);
	ck_assert_uint_eq(o.npaths, 1);
	ck_assert_str_eq(o.paths[0], "a.yml");
	options_release(&o);
}
END_TEST

START_TEST(test_help_version)
{
	struct options o;
	char err[256];
	const char *help[] = { "-q", "--help", NULL };
	const char *version[] = { "-V", NULL };
	ck_assert_int_eq(parse(help, &o, err, sizeof(err)), CLI_HELP);
	options_release(&o);
	ck_assert_int_eq(parse(version, &o, err, sizeof(err)), CLI_VERSION);
	options_release(&o);
}
END_TEST

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

int main(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_everything);
	tcase_add_test(tc, test_help_version);
	tcase_add_loop_test(tc, test_bad, 0, COUNT(bad));
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
