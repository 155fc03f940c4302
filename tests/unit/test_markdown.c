#include "markdown.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
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

/* One Markdown file read by one thread, and by two: in two parts cut
 * where md_view_cut() says, or (not to be cut) its texts in two halves.
 * The same findings, splices and new bytes, proven either way; a CLI
 * variable set in the first half (read in the second) and a block that
 * cannot be lexed in the second take their own ways. */
static void run_split(const char *md, size_t split_from, struct markdown *m,
		      struct source *src, struct diags *d)
{
	static const char *const binds[] = { "127.0.0.1", "::1" };
	const struct shellcmd_opts opts = { .binds = binds, .nbinds = 2 };
	source_init(src, md, strlen(md));
	markdown_init(m);
	m->split_from = split_from;
	diags_init(d);
	ck_assert_int_eq(markdown_run(m, src, &opts, d), 0);
}

static void check_split(const char *md, bool cut)
{
	struct source s1, s2;
	struct markdown a, b;
	struct diags d1, d2;
	run_split(md, SIZE_MAX, &a, &s1, &d1);
	run_split(md, 0, &b, &s2, &d2);
	ck_assert(!a.cut);
	ck_assert_int_eq(b.cut, cut);
	ck_assert_uint_eq(a.ntexts, b.ntexts);
	ck_assert_uint_eq(a.sc.n, b.sc.n);
	ck_assert_uint_gt(a.sc.n, 10);
	for (size_t i = 0; i < a.sc.n; i++) {
		const struct shellcmd_finding *x = &a.sc.v[i], *y = &b.sc.v[i];
		ck_assert_int_eq(x->kind, y->kind);
		ck_assert_uint_eq(x->off, y->off);
		ck_assert_str_eq(x->value, y->value);
		ck_assert_int_eq(!x->fixed, !y->fixed);
		if (x->fixed) {
			ck_assert_str_eq(x->fixed, y->fixed);
		}
		ck_assert_uint_eq(x->image_len, y->image_len);
		ck_assert_int_eq(memcmp(a.sc.text.data + x->image,
					b.sc.text.data + y->image,
					x->image_len),
				 0);
		ck_assert_uint_eq(x->first_edit, y->first_edit);
		ck_assert_uint_eq(x->nedits, y->nedits);
	}
	ck_assert_uint_eq(a.sc.nedits, b.sc.nedits);
	for (size_t i = 0; i < a.sc.nedits; i++) {
		const struct edit *x = &a.sc.edits[i], *y = &b.sc.edits[i];
		ck_assert_uint_eq(x->off, y->off);
		ck_assert_uint_eq(x->del, y->del);
		ck_assert_uint_eq(x->ins_len, y->ins_len);
		ck_assert_int_eq(memcmp(x->ins, y->ins, x->ins_len), 0);
	}
	for (size_t i = 0; i < a.ntexts; i++) {
		ck_assert_int_eq(a.texts[i].lexed, b.texts[i].lexed);
	}
	ck_assert_uint_eq(a.out.len, b.out.len);
	ck_assert_int_eq(memcmp(a.out.data, b.out.data, a.out.len), 0);
	ck_assert_uint_eq(d1.errors, 0);
	ck_assert_uint_eq(d2.errors, 0);
	diags_release(&d1);
	diags_release(&d2);
	markdown_release(&a);
	markdown_release(&b);
	source_release(&s1);
	source_release(&s2);
}

START_TEST(test_two_halves)
{
	struct buf md;
	buf_init(&md);
	for (int i = 0; i < 60; i++) {
		buf_addf(&md,
			 "## %d\n\n```bash\ndocker run -p %d:80 img%d\n```\n\n"
			 "> ```sh\n> podman run -p 9%d:5432 postgres:16\n> "
			 "```\n\n"
			 "Run `docker run -p %d:6379 redis` too.\n\n",
			 i, 8000 + i, i, i, 7000 + i);
		if (i == 45) {
			/* not lexed: an unbalanced quote */
			buf_adds(&md, "```sh\ndocker run -p '1:1 x\n```\n\n");
		}
	}
	check_split(md.data, true);
	/* a link reference definition: not cut, read in halves */
	buf_adds(&md, "[docs]: https://docs.docker.com\n");
	check_split(md.data, false);
	/* a fence open across the middle: the whole, in halves */
	buf_truncate(&md, 0);
	for (int half = 0; half < 2; half++) {
		for (int i = 0; i < 30; i++) {
			buf_addf(&md, "Run `docker run -p %d:6379 redis`.\n\n",
				 i + 1);
		}
		if (half == 0) {
			buf_adds(&md, "```text\n");
			for (int i = 0; i < 60; i++) {
				buf_adds(&md, "\nInside.\n");
			}
			buf_adds(&md, "```\n\n");
		}
	}
	check_split(md.data, false);
	/* a variable set early, used late: the second half is read again */
	buf_truncate(&md, 0);
	buf_adds(&md, "```sh\nC=podman\n```\n\n");
	for (int i = 0; i < 60; i++) {
		/* named in a comment: a block that names no CLI is not
		 * read at all */
		buf_addf(&md, "```sh\n$C run -p %d:80 img # docker\n```\n\n",
			 3000 + i);
	}
	check_split(md.data, false);
	/* ... and after the part before the cut */
	buf_truncate(&md, 0);
	buf_adds(&md, "```sh\nC=podman\n```\n\n");
	for (int i = 0; i < 60; i++) {
		buf_addf(&md,
			 "Step %d.\n\n```sh\n$C run -p %d:80 img # docker\n"
			 "```\n\n",
			 i, 3000 + i);
	}
	check_split(md.data, true);
	buf_release(&md);
}
END_TEST

/* A file read in two parts at cut (0: not read in parts), its plan and
 * bytes against one thread's; returns whether it stayed read in parts. */
static bool run_cut(const char *md, size_t cut)
{
	static const char *const binds[] = { "127.0.0.1" };
	const struct shellcmd_opts opts = { .binds = binds, .nbinds = 1 };
	struct source s1, s2;
	struct markdown a, b;
	struct diags d1, d2;
	source_init(&s1, md, strlen(md));
	source_init(&s2, md, strlen(md));
	markdown_init(&a);
	markdown_init(&b);
	diags_init(&d1);
	diags_init(&d2);
	a.split_from = SIZE_MAX;
	b.split_from = 0;
	b.cut_at = cut;
	ck_assert_int_eq(markdown_run(&a, &s1, &opts, &d1), 0);
	ck_assert_int_eq(markdown_run(&b, &s2, &opts, &d2), 0);
	ck_assert_uint_eq(d2.errors, 0);
	ck_assert_uint_gt(a.sc.n, 0);
	ck_assert_uint_eq(a.sc.n, b.sc.n);
	for (size_t i = 0; i < a.sc.n; i++) {
		ck_assert_int_eq(a.sc.v[i].kind, b.sc.v[i].kind);
		ck_assert_uint_eq(a.sc.v[i].off, b.sc.v[i].off);
	}
	ck_assert_uint_eq(a.out.len, b.out.len);
	ck_assert(a.out.len == 0 ||
		  memcmp(a.out.data, b.out.data, a.out.len) == 0);
	bool cut_kept = b.cut;
	markdown_release(&a);
	markdown_release(&b);
	diags_release(&d1);
	diags_release(&d2);
	source_release(&s1);
	source_release(&s2);
	return cut_kept;
}

/*
 * A part may not parse as it does within the whole (md4c 0.4.8 has a case,
 * markdown.h): the proof by a whole parse catches it and the file is read
 * again whole. A cut forced past a link reference definition (which
 * md_view_cut() never offers) makes a part read otherwise: "[docs]" is a
 * link in the whole, text in the part.
 */
START_TEST(test_cut_proven)
{
	const char *fixes = "[docs]: https://example.com\n\n"
			    "```sh\ndocker run -p 80:80 nginx\n```\n\n"
			    "Then [docs] and `docker run -p 81:81 redis`.\n";
	size_t cut = (size_t)(strstr(fixes, "Then") - fixes);
	/* splices: the new bytes' parse fails, the whole read plans the
	 * same, and its proof holds */
	ck_assert(run_cut(fixes, cut));
	/* no splice: the old bytes' parse fails, the file is read whole */
	const char *warns = "[docs]: https://example.com\n\n"
			    "```sh\ndocker run -P nginx\n```\n\n"
			    "Then [docs] and `docker run -P redis`.\n";
	cut = (size_t)(strstr(warns, "Then") - warns);
	ck_assert(!run_cut(warns, cut));
	/* the same without the link: the parts stand */
	const char *plain = "```sh\ndocker run -P nginx\n```\n\n"
			    "Then `docker run -P redis`.\n";
	cut = (size_t)(strstr(plain, "Then") - plain);
	ck_assert(run_cut(plain, cut));
}
END_TEST

/* markdown_take(): the proof's bytes move to the caller for the same
 * splices only, and stay proven where they are. */
START_TEST(test_take)
{
	const char *md = "```sh\ndocker run -p 80:80 nginx\n```\n";
	const struct shellcmd_opts opts = { 0 };
	struct source src;
	struct markdown m;
	struct diags d;
	struct buf out;
	source_init(&src, md, strlen(md));
	markdown_init(&m);
	diags_init(&d);
	buf_init(&out);
	ck_assert_int_eq(markdown_scan(&m, &src, &opts), 0);
	ck_assert_uint_eq(m.sc.nedits, 1);
	struct edit other = m.edits[0];
	other.off++;
	ck_assert_int_eq(markdown_take(&m, &other, 1, &out), 0);
	ck_assert_int_eq(markdown_take(&m, m.edits, 0, &out), 0);
	ck_assert_ptr_null(out.data);
	ck_assert_int_eq(markdown_take(&m, m.edits, 1, &out), 1);
	ck_assert_ptr_null(m.out.data);
	ck_assert_str_eq(out.data,
			 "```sh\ndocker run -p 127.0.0.1:80:80 nginx\n```\n");
	ck_assert_ptr_eq(out.data, m.planned);
	ck_assert_int_eq(markdown_verify(&m, out.data, out.len, &d), 1);
	markdown_release(&m);
	buf_release(&out);
	diags_release(&d);
	source_release(&src);
}
END_TEST

/* shellcmd_append(): two texts into one, and one each into two joined,
 * read the same; the verifier takes the joined one. */
START_TEST(test_append)
{
	const char *t1 = "docker run -p 80:80 -p 8443:443 nginx\n";
	const char *t2 = "podman run --publish=5432:5432 postgres\n";
	char both[256];
	snprintf(both, sizeof(both), "%s%s", t1, t2);
	struct source src;
	source_init(&src, both, strlen(both));
	struct shellcmd_seg s1 = { 0, strlen(t1) };
	struct shellcmd_seg s2 = { strlen(t1), strlen(t2) };
	struct shellcmd_input i1 = { &src, &s1, 1, SHELLCMD_SH };
	struct shellcmd_input i2 = { &src, &s2, 1, SHELLCMD_SH };
	const struct shellcmd_opts o = { 0 };
	struct shellcmd one, a, b;
	shellcmd_init(&one);
	shellcmd_init(&a);
	shellcmd_init(&b);
	ck_assert_int_eq(shellcmd_analyze(&one, &i1, &o), 0);
	ck_assert_int_eq(shellcmd_analyze(&one, &i2, &o), 0);
	ck_assert_int_eq(shellcmd_analyze(&a, &i1, &o), 0);
	ck_assert_int_eq(shellcmd_analyze(&b, &i2, &o), 0);
	ck_assert_int_eq(shellcmd_append(&a, &b), 0);
	ck_assert_uint_eq(b.n, 0);
	ck_assert_uint_eq(a.n, one.n);
	ck_assert_uint_eq(a.n, 3);
	ck_assert_uint_eq(a.ntexts, 2);
	ck_assert_uint_eq(a.nedits, one.nedits);
	for (size_t i = 0; i < a.nedits; i++) {
		ck_assert_uint_eq(a.edits[i].off, one.edits[i].off);
		ck_assert_uint_eq(a.edits[i].ins_len, one.edits[i].ins_len);
		ck_assert_int_eq(memcmp(a.edits[i].ins, one.edits[i].ins,
					a.edits[i].ins_len),
				 0);
	}
	for (size_t i = 0; i < a.n; i++) {
		ck_assert_str_eq(a.v[i].fixed, one.v[i].fixed);
		ck_assert_uint_eq(a.v[i].first_edit, one.v[i].first_edit);
	}
	/* the second text verifies against the joined expectations */
	char fixed[256];
	snprintf(fixed, sizeof(fixed), "%s%s", t1,
		 "podman run --publish=127.0.0.1:5432:5432 postgres\n");
	struct source nsrc;
	source_init(&nsrc, fixed, strlen(fixed));
	struct shellcmd_seg n2 = { strlen(t1), strlen(fixed) - strlen(t1) };
	struct shellcmd_input ni2 = { &nsrc, &n2, 1, SHELLCMD_SH };
	struct shellcmd_error err;
	ck_assert_int_eq(shellcmd_verify(&a, 1, &i2, &ni2, &err), 0);
	/* and refuses the first text's fix in its place */
	ck_assert_int_eq(shellcmd_verify(&a, 1, &i2, &i2, &err), 1);
	shellcmd_release(&one);
	shellcmd_release(&a);
	shellcmd_release(&b);
	source_release(&nsrc);
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
	tcase_add_test(tc, test_two_halves);
	tcase_add_test(tc, test_cut_proven);
	tcase_add_test(tc, test_take);
	tcase_add_test(tc, test_append);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
