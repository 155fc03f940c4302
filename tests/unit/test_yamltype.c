#include "yamltype.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Brace-initializer tables read best as tables. */
/* clang-format off */

#define T_STR YAML_TYPE_STR
#define T_INT YAML_TYPE_INT
#define T_FLT YAML_TYPE_FLOAT
#define T_BOO YAML_TYPE_BOOL
#define T_NUL YAML_TYPE_NULL
#define T_TS YAML_TYPE_TIMESTAMP
#define T_BIN YAML_TYPE_BINARY
#define T_BAD YAML_TYPE_BAD

#define INT "tag:yaml.org,2002:int"
#define FLT "tag:yaml.org,2002:float"
#define STR "tag:yaml.org,2002:str"
#define NUL "tag:yaml.org,2002:null"
#define BOO "tag:yaml.org,2002:bool"

/*
 * What go-yaml v3.0.1 decodes each scalar to (checked against the library
 * itself when the table was written): text, plain or not, tag (NULL:
 * none), type, and the integer for T_INT.
 */
struct row {
	const char *text;
	bool plain;
	const char *tag;
	enum yaml_type type;
	long long value;
};

static const struct row rows[] = {
	/* decimal, and the YAML 1.1 octal go-yaml v3 still reads */
	{ "80", true, NULL, T_INT, 80 },
	{ "0", true, NULL, T_INT, 0 },
	{ "00", true, NULL, T_INT, 0 },
	{ "0120", true, NULL, T_INT, 80 },
	{ "0777", true, NULL, T_INT, 511 },
	/* prefixes, either case */
	{ "0o120", true, NULL, T_INT, 80 },
	{ "0O120", true, NULL, T_INT, 80 },
	{ "0x50", true, NULL, T_INT, 80 },
	{ "0X50", true, NULL, T_INT, 80 },
	{ "0xfF", true, NULL, T_INT, 255 },
	{ "0b1010000", true, NULL, T_INT, 80 },
	{ "0B1010000", true, NULL, T_INT, 80 },
	{ "-0x50", true, NULL, T_INT, -80 },
	/* underscores are dropped, wherever they are */
	{ "1_000", true, NULL, T_INT, 1000 },
	{ "8_0", true, NULL, T_INT, 80 },
	{ "80_", true, NULL, T_INT, 80 },
	{ "8__0", true, NULL, T_INT, 80 },
	{ "0x_50", true, NULL, T_INT, 80 },
	{ "_80", true, NULL, T_STR, 0 },
	/* signs */
	{ "+80", true, NULL, T_INT, 80 },
	{ "-80", true, NULL, T_INT, -80 },
	{ "+", true, NULL, T_STR, 0 },
	/* not octal, so a float */
	{ "080", true, NULL, T_FLT, 0 },
	{ "0080", true, NULL, T_FLT, 0 },
	{ "09", true, NULL, T_FLT, 0 },
	{ "8080.0", true, NULL, T_FLT, 0 },
	{ "1e3", true, NULL, T_FLT, 0 },
	{ "1.", true, NULL, T_FLT, 0 },
	{ ".5", true, NULL, T_FLT, 0 },
	{ ".inf", true, NULL, T_FLT, 0 },
	{ "-.Inf", true, NULL, T_FLT, 0 },
	{ ".NaN", true, NULL, T_FLT, 0 },
	{ ".", true, NULL, T_STR, 0 },
	/* prefixes without digits, or with the wrong ones */
	{ "0x", true, NULL, T_STR, 0 },
	{ "0b", true, NULL, T_STR, 0 },
	{ "0b102", true, NULL, T_STR, 0 },
	{ "0x5g", true, NULL, T_STR, 0 },
	/* port entries stay strings */
	{ "8080:80", true, NULL, T_STR, 0 },
	{ "8000-8010", true, NULL, T_STR, 0 },
	{ "127.0.0.1:80:80", true, NULL, T_STR, 0 },
	{ "80/udp", true, NULL, T_STR, 0 },
	{ "1:20", true, NULL, T_STR, 0 },	/* no base 60 in go-yaml */
	{ "${P}", true, NULL, T_STR, 0 },
	/* words */
	{ "true", true, NULL, T_BOO, 0 },
	{ "FALSE", true, NULL, T_BOO, 0 },
	{ "yes", true, NULL, T_STR, 0 },	/* YAML 1.1 only */
	{ "on", true, NULL, T_STR, 0 },
	{ "null", true, NULL, T_NUL, 0 },
	{ "~", true, NULL, T_NUL, 0 },
	{ "", true, NULL, T_NUL, 0 },
	{ "nULL", true, NULL, T_STR, 0 },
	/* timestamps */
	{ "2001-12-14", true, NULL, T_TS, 0 },
	{ "2001-1-2T3:4:5Z", true, NULL, T_TS, 0 },
	{ "2001-13-14", true, NULL, T_STR, 0 },
	{ "2000-3000", true, NULL, T_STR, 0 },
	/* beyond int64 an integer still, beyond uint64 a float */
	{ "18446744073709551615", true, NULL, T_INT, 0 },
	{ "99999999999999999999", true, NULL, T_FLT, 0 },
	/* quoted and block scalars are strings */
	{ "80", false, NULL, T_STR, 0 },
	{ "0x50", false, NULL, T_STR, 0 },
	{ "true", false, NULL, T_STR, 0 },
	{ "", false, NULL, T_STR, 0 },
	/* the non-specific tag changes nothing for go-yaml */
	{ "80", true, "!", T_INT, 80 },
	{ "80", false, "!", T_STR, 0 },
	/* tags that force a type, on any style */
	{ "90", true, INT, T_INT, 90 },
	{ "91", false, INT, T_INT, 91 },
	{ "0x5c", true, INT, T_INT, 92 },
	{ "94:94", true, INT, T_BAD, 0 },
	{ "080", true, INT, T_BAD, 0 },
	{ "95", true, FLT, T_FLT, 0 },
	{ "9.5", true, FLT, T_FLT, 0 },
	{ "x", true, FLT, T_BAD, 0 },
	{ "", true, NUL, T_NUL, 0 },
	{ "~", true, NUL, T_NUL, 0 },
	{ "", false, NUL, T_NUL, 0 },
	{ "0", true, NUL, T_BAD, 0 },
	{ "true", false, BOO, T_BOO, 0 },
	{ "1", true, BOO, T_BAD, 0 },
	{ "2001-12-14", true, "tag:yaml.org,2002:timestamp", T_TS, 0 },
	{ "80", true, "tag:yaml.org,2002:timestamp", T_BAD, 0 },
	{ "ODA=", true, "tag:yaml.org,2002:binary", T_BIN, 0 },
	/* tags that keep the text */
	{ "93", true, STR, T_STR, 0 },
	{ "0x50", true, "!override", T_STR, 0 },
	{ "80", true, "!reset", T_STR, 0 },
	{ "80", true, "tag:yaml.org,2002:map", T_STR, 0 },
	{ "80", true, "tag:example.com,2000:port", T_STR, 0 },
};

/* clang-format on */

#define NROWS ((int)(sizeof(rows) / sizeof(rows[0])))

START_TEST(test_type)
{
	const struct row *r = &rows[_i];
	long long v = -12345;
	bool fits = false;
	enum yaml_type t =
		yaml_type_of(r->text, strlen(r->text), r->plain, r->tag,
			     r->tag ? strlen(r->tag) : 0, &v, &fits);

	ck_assert_msg(t == r->type, "'%s' (%s, tag %s): %s, want %s", r->text,
		      r->plain ? "plain" : "quoted", r->tag ? r->tag : "none",
		      yaml_type_name(t), yaml_type_name(r->type));
	if (t == YAML_TYPE_INT && r->value != 0) {
		ck_assert_msg(fits && v == r->value, "'%s': %lld, want %lld",
			      r->text, v, r->value);
	}
}
END_TEST

START_TEST(test_range)
{
	long long v = 0;
	bool fits = true;

	ck_assert_int_eq(yaml_type_of("9223372036854775807", 19, true, NULL, 0,
				      &v, &fits),
			 YAML_TYPE_INT);
	ck_assert(fits);
	ck_assert(v == 9223372036854775807LL);
	ck_assert_int_eq(yaml_type_of("-9223372036854775808", 20, true, NULL, 0,
				      &v, &fits),
			 YAML_TYPE_INT);
	ck_assert(fits);
	ck_assert_int_eq(yaml_type_of("9223372036854775808", 19, true, NULL, 0,
				      &v, &fits),
			 YAML_TYPE_INT);
	ck_assert(!fits);
	/* ParseUint takes no sign: a float then */
	ck_assert_int_eq(yaml_type_of("+9223372036854775808", 20, true, NULL, 0,
				      &v, &fits),
			 YAML_TYPE_FLOAT);
	/* value and in_range may be NULL */
	ck_assert_int_eq(yaml_type_of("80", 2, true, NULL, 0, NULL, NULL),
			 YAML_TYPE_INT);
	/* a length, not a terminator */
	ck_assert_int_eq(yaml_type_of("80:80", 2, true, NULL, 0, &v, &fits),
			 YAML_TYPE_INT);
	ck_assert(v == 80);
}
END_TEST

START_TEST(test_forces)
{
	ck_assert(yaml_tag_forces_type(INT, strlen(INT)));
	ck_assert(yaml_tag_forces_type(NUL, strlen(NUL)));
	ck_assert(yaml_tag_forces_type(FLT, strlen(FLT)));
	ck_assert(!yaml_tag_forces_type(STR, strlen(STR)));
	ck_assert(!yaml_tag_forces_type("!", 1));
	ck_assert(!yaml_tag_forces_type("!override", 9));
	ck_assert(!yaml_tag_forces_type(NULL, 0));
	/* a prefix is not the tag */
	ck_assert(!yaml_tag_forces_type(INT, strlen(INT) - 1));
}
END_TEST

static Suite *yamltype_suite(void)
{
	Suite *s = suite_create("yamltype");
	TCase *tc = tcase_create("type");

	tcase_add_loop_test(tc, test_type, 0, NROWS);
	tcase_add_test(tc, test_range);
	tcase_add_test(tc, test_forces);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(yamltype_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
