#include "markdown.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/*
 * Which units the Markdown front end hands to the analysis, in which
 * dialect, and with which segments: the text a case expects is the
 * concatenation of the segments of every text read, each text followed
 * by "|" and its dialect (s, m, c for sh, make, console).
 */
/* clang-format off */
static const struct {
	const char *name;
	const char *md;
	const char *texts;
} reads[] = {
	{ "a bash block, lines with their line ends",
	  "```bash\ndocker run \\\n  -p 1:1 x\n```\n",
	  "docker run \\\n  -p 1:1 x\n|s" },
	{ "CRLF line ends stay in the segments",
	  "```sh\r\ndocker run x\r\n```\r\n",
	  "docker run x\r\n|s" },
	{ "last line of the file without a line end",
	  "    docker run x",
	  "docker run x|s" },
	{ "a block that names no container CLI is not read",
	  "```sh\nls -l\n```\n",
	  "" },
	{ "the name in any case: a variable named after it",
	  "```sh\nDOCKER=podman\n```\n",
	  "DOCKER=podman\n|s" },
	{ "a file that never names the CLI in lower case is not parsed",
	  "```sh\n$DOCKER run -p 1:1 x\n```\n",
	  "" },
	{ "another language is not read",
	  "```yaml\ndocker run -p 1:1 x\n```\n",
	  "" },
	{ "a console block with prompts is a session",
	  "```console\n$ docker run x\nout\n# docker ps\n```\n",
	  "$ docker run x\nout\n# docker ps\n|c" },
	{ "a console block without a prompt is shell",
	  "```console\ndocker run -p 1:1 x\n```\n",
	  "docker run -p 1:1 x\n|s" },
	{ "a bash block with a $ prompt is a session; its # lines stay out",
	  "```bash\n# it'll start\n$ docker run x\n```\n",
	  "$ docker run x\n|c" },
	{ "% is a prompt only in a console block",
	  "```sh\n% docker run x\n```\n",
	  "% docker run x\n|s" },
	{ "a span is its bytes",
	  "Run `docker run -p 1:1 x` now.\n",
	  "docker run -p 1:1 x|s" },
	{ "a span with a prompt",
	  "Run `$ docker run x` now.\n",
	  "$ docker run x|c" },
	{ "a span over two lines is not read",
	  "Run `docker run\n-p 1:1 x` now.\n",
	  "" },
	{ "a quoted block: the markers stay out",
	  "> ```sh\n> docker run \\\n>   x\n> ```\n",
	  "docker run \\\n  x\n|s" },
	/* regression: an empty fence and nothing else did arithmetic on
	 * the view's NULL segment array (clang's UBSan in the fuzzer) */
	{ "an empty fence alone", "```sh\n```\n", "" },
	{ "texts in file order",
	  "`docker a`\n\n```sh\ndocker b\n```\n\n    docker c\n",
	  "docker a|sdocker b\n|sdocker c\n|s" },
};
/* clang-format on */

static char dialect_char(enum shellcmd_dialect d)
{
	return d == SHELLCMD_SH ? 's' : d == SHELLCMD_MAKE ? 'm' : 'c';
}

START_TEST(test_reads)
{
	const char *md = reads[_i].md;
	struct source src;
	struct markdown m;
	struct buf got;
	static const struct shellcmd_opts opts = { 0 };

	source_init(&src, md, strlen(md));
	markdown_init(&m);
	buf_init(&got);
	ck_assert_int_eq(buf_adds(&got, ""), 0);
	ck_assert_int_eq(markdown_scan(&m, &src, &opts), 0);
	for (size_t i = 0; i < m.ntexts; i++) {
		const struct md_text *t = &m.texts[i];
		ck_assert_uint_eq(t->call, i);
		for (size_t k = 0; k < t->nseg; k++) {
			const struct shellcmd_seg *s = &m.segs[t->seg + k];
			ck_assert_int_eq(buf_add(&got, md + s->off, s->len), 0);
		}
		ck_assert_int_eq(buf_addc(&got, '|'), 0);
		ck_assert_int_eq(buf_addc(&got, dialect_char(t->dialect)), 0);
	}
	ck_assert_msg(strcmp(got.data, reads[_i].texts) == 0,
		      "%s: read [%s], want [%s]", reads[_i].name, got.data,
		      reads[_i].texts);
	buf_release(&got);
	markdown_release(&m);
	source_release(&src);
}
END_TEST

/* The ignore comment suppresses every option of the block after it. */
START_TEST(test_ignored)
{
	const char *md = "<!-- composefix: ignore -->\n```sh\n"
			 "docker run -p 1:1 x\n```\n\n`docker run -p 2:2 y`\n";
	struct source src;
	struct markdown m;
	static const struct shellcmd_opts opts = { 0 };

	source_init(&src, md, strlen(md));
	markdown_init(&m);
	ck_assert_int_eq(markdown_scan(&m, &src, &opts), 0);
	ck_assert_uint_eq(m.sc.n, 2);
	ck_assert_int_eq(m.sc.v[0].kind, SHELLCMD_SUPPRESSED);
	ck_assert_int_eq(m.sc.v[1].kind, SHELLCMD_UNBOUND);
	ck_assert_uint_eq(m.sc.nedits, 1);
	markdown_release(&m);
	source_release(&src);
}
END_TEST

/* A labelled shell block that does not lex is kept, with where. */
START_TEST(test_unlexed)
{
	const char *md =
		"```sh\ndocker run \"x\n```\n\n`docker run -p 1:1 y`\n";
	struct source src;
	struct markdown m;
	static const struct shellcmd_opts opts = { 0 };

	source_init(&src, md, strlen(md));
	markdown_init(&m);
	ck_assert_int_eq(markdown_scan(&m, &src, &opts), 0);
	ck_assert_uint_eq(m.ntexts, 2);
	ck_assert(!m.texts[0].lexed);
	ck_assert(markdown_text_claims_shell(&m, &m.texts[0]));
	ck_assert_uint_eq(m.texts[0].error->line, 2);
	ck_assert(m.texts[1].lexed);
	ck_assert(!markdown_text_claims_shell(&m, &m.texts[1]));
	ck_assert_uint_eq(m.sc.nedits, 1); /* the span is still fixed */
	markdown_release(&m);
	source_release(&src);
}
END_TEST

/*
 * markdown_verify() takes the planned bytes and nothing else: a text with
 * a byte changed elsewhere, or the splice with other words, is refused.
 */
START_TEST(test_verify)
{
	const char *md = "# T\n\n```sh\ndocker run -p 8080:80 x\n```\n";
	const char *good = "# T\n\n```sh\ndocker run -p 127.0.0.1:8080:80 x\n"
			   "```\n";
	const char *prose = "# U\n\n```sh\ndocker run -p 127.0.0.1:8080:80 x\n"
			    "```\n";
	const char *same = "# T\n\n```sh\ndocker run -p 8080:80 x\n```\n";
	struct source src;
	struct markdown m;
	struct diags d;
	static const struct shellcmd_opts opts = { 0 };

	source_init(&src, md, strlen(md));
	markdown_init(&m);
	diags_init(&d);
	ck_assert_int_eq(markdown_scan(&m, &src, &opts), 0);
	ck_assert_uint_eq(m.sc.nedits, 1);
	ck_assert_int_eq(markdown_verify(&m, good, strlen(good), &d), 1);
	ck_assert_uint_eq(d.errors, 0);
	ck_assert_int_eq(markdown_verify(&m, prose, strlen(prose), &d), 0);
	ck_assert_uint_eq(d.errors, 1);
	ck_assert_int_eq(markdown_verify(&m, same, strlen(same), &d), 0);
	ck_assert_uint_eq(d.errors, 2);
	diags_release(&d);
	markdown_release(&m);
	source_release(&src);
}
END_TEST

/* Dual-stack: a second -p right after the fixed one, proven. */
START_TEST(test_dual_stack)
{
	const char *md = "> ```sh\n> docker run -p 8080:80 x\n> ```\n";
	static const char *const binds[] = { "127.0.0.1", "::1" };
	const struct shellcmd_opts opts = { .binds = binds, .nbinds = 2 };
	struct source src;
	struct markdown m;
	struct diags d;

	source_init(&src, md, strlen(md));
	markdown_init(&m);
	diags_init(&d);
	ck_assert_int_eq(markdown_run(&m, &src, &opts, &d), 0);
	ck_assert_str_eq(m.out.data, "> ```sh\n> docker run -p "
				     "127.0.0.1:8080:80 -p \"[::1]:8080:80\" "
				     "x\n> ```\n");
	diags_release(&d);
	markdown_release(&m);
	source_release(&src);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("markdown");
	TCase *tc = tcase_create("markdown");
	tcase_add_loop_test(tc, test_reads, 0, sizeof(reads) / sizeof(*reads));
	tcase_add_test(tc, test_ignored);
	tcase_add_test(tc, test_unlexed);
	tcase_add_test(tc, test_verify);
	tcase_add_test(tc, test_dual_stack);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
