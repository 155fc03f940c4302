#include "makefile.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A Makefile and its texts: each text's segments joined, texts separated
 * by "|", an ignored one marked "!"; then the command variables.
 */
/* clang-format off */
static const struct {
	const char *name;
	const char *in;
	const char *texts;
	const char *vars;
} cases[] = {
	{ "recipe lines and prefixes",
	  "run:\n\t@docker run -p 1:1 a\n\t-+ echo x\n\nother: dep\n\tls\n",
	  "docker run -p 1:1 a\n|echo x\n|ls\n", "" },
	{ "continuation lines lose one tab",
	  "run:\n\tdocker run \\\n\t\t-p 1:1 a\n",
	  "docker run \\\n\t-p 1:1 a\n", "" },
	{ "inline recipe", "run: ; @docker run -p 1:1 a\n",
	  "docker run -p 1:1 a\n", "" },
	{ "RECIPEPREFIX", ".RECIPEPREFIX = >\nrun:\n>docker ps\n\tnot\n",
	  "docker ps\n", "" },
	{ "command variables",
	  "DOCKER ?= podman\nRUN := docker run --rm -p 1:1\nX = ls\n"
	  "export D2 = $(shell which nerdctl)\n",
	  "podman\n|docker run --rm -p 1:1\n|$(shell which nerdctl)\n",
	  "DOCKER RUN D2" },
	{ "comments, assignments and directives end nothing but rules",
	  "# c\nrun:\n\techo a\nifdef X\n\techo b\nendif\nV = 1\n\techo c\n",
	  "echo a\n|echo b\n", "" },
	{ "ignore comment above",
	  "run:\n\t# composefix: ignore\n\tdocker run -p 1:1 a\n"
	  "# composefix: ignore\nr2:\n\tx\n",
	  "# composefix: ignore\n|!docker run -p 1:1 a\n|x\n", "" },
	{ "canned recipe",
	  "define RUN_IT\n@docker run -p $(P):80 \\\n\t--name n img\nendef\n"
	  "go:\n\t$(RUN_IT)\n",
	  "docker run -p $(P):80 \\\n--name n img\n|$(RUN_IT)\n", "RUN_IT" },
	{ "target-specific variable is no rule",
	  "t: V = docker\n\techo no\n", "", "" },
	{ "no newline at the end", "r:\n\tdocker ps", "docker ps", "" },
	{ "CRLF", "r:\r\n\tdocker ps\r\n", "docker ps\r\n", "" },
};
/* clang-format on */

START_TEST(test_scan)
{
	struct makefile m;
	struct buf out, vars;
	const char *in = cases[_i].in;

	makefile_init(&m);
	buf_init(&out);
	buf_init(&vars);
	buf_adds(&out, "");
	buf_adds(&vars, "");
	ck_assert_int_eq(makefile_scan(&m, in, strlen(in)), 0);
	for (size_t t = 0; t < m.ntexts; t++) {
		if (t > 0) {
			buf_addc(&out, '|');
		}
		if (m.texts[t].ignored) {
			buf_addc(&out, '!');
		}
		for (size_t k = 0; k < m.texts[t].nsegs; k++) {
			const struct shellcmd_seg *s =
				&m.segs[m.texts[t].seg + k];
			ck_assert_uint_le(s->off + s->len, strlen(in));
			buf_add(&out, in + s->off, s->len);
		}
	}
	for (size_t v = 0; v < m.nvars; v++) {
		buf_addf(&vars, "%s%s", v ? " " : "", m.vars[v]);
	}
	ck_assert_str_eq(out.data, cases[_i].texts);
	ck_assert_str_eq(vars.data, cases[_i].vars);
	makefile_release(&m);
	buf_release(&out);
	buf_release(&vars);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("makefile");
	TCase *tc = tcase_create("core");
	tcase_add_loop_test(tc, test_scan, 0, COUNT(cases));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
