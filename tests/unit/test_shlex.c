#include "shlex.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "source.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Renders the tokens of the whole text, one per line: W(value) for a word
 * (its value after quote removal, expansions as <kind:source>), the
 * operator's text, C for a comment, H(body) for a heredoc body, { and }
 * around the tokens of a substitution.
 */
static void render(const char *text, enum shellcmd_dialect d, struct buf *out,
		   int *rc)
{
	struct source src;
	struct shellcmd_seg seg = { 0, strlen(text) };
	struct shellcmd_input in = { &src, &seg, 1, d };
	struct shlex lx;
	struct shlex_chunk c;

	source_init(&src, text, strlen(text));
	ck_assert_int_eq(shlex_init(&lx, &in), 0);
	shlex_chunk_init(&c);
	buf_adds(out, "");
	while ((*rc = shlex_next(&lx, &c)) > 0) {
		for (size_t i = 0; i < c.n; i++) {
			const struct shlex_tok *t = &c.toks[i];
			switch (t->type) {
			case SHLEX_WORD:
				buf_adds(out, "W(");
				for (uint32_t k = 0; k < t->npieces; k++) {
					const struct shlex_piece *p =
						&c.pieces[t->piece + k];
					if (p->kind == SHLEX_LIT) {
						buf_add(out, lx.text + p->off,
							p->end - p->off);
					} else if (p->kind == SHLEX_ESC) {
						buf_addc(out, (char)p->ch);
					} else {
						buf_addf(out, "<%d:%.*s>",
							 p->kind,
							 (int)(p->end - p->off),
							 lx.text + p->off);
					}
				}
				buf_adds(out, ")");
				break;
			case SHLEX_OP:
				if (t->op == SHLEX_OP_NEWLINE) {
					buf_adds(out, "NL");
				} else {
					buf_add(out, lx.text + t->off,
						t->end - t->off);
				}
				break;
			case SHLEX_COMMENT:
				buf_adds(out, "C");
				break;
			case SHLEX_HEREDOC:
				buf_addf(out, "H(%.*s)", (int)(t->end - t->off),
					 lx.text + t->off);
				break;
			case SHLEX_SUB_OPEN:
				buf_adds(out, "{");
				break;
			case SHLEX_SUB_CLOSE:
				buf_adds(out, "}");
				break;
			}
			buf_adds(out, " ");
		}
	}
	shlex_chunk_release(&c);
	shlex_release(&lx);
	source_release(&src);
}

/* clang-format off */
static const struct {
	const char *in;
	const char *want;
	enum shellcmd_dialect d;
} cases[] = {
	{ "a b\n", "W(a) W(b) NL ", SHELLCMD_SH },
	{ "a 'b c' \"d $e\" f\\ g\n",
	  "W(a) W(b c) W(d <2:$e>) W(f g) NL ", SHELLCMD_SH },
	{ "a&&b||c;d|e&\n", "W(a) && W(b) || W(c) ; W(d) | W(e) & NL ",
	  SHELLCMD_SH },
	{ "a \\\n b\n", "W(a) W(b) NL ", SHELLCMD_SH },
	{ "x=$(a b) y\n", "{ W(a) W(b) } W(x=<3:$(a b)>) W(y) NL ",
	  SHELLCMD_SH },
	{ "x=`a`\n", "{ W(a) } W(x=<4:`a`>) NL ", SHELLCMD_SH },
	{ "echo $((1+2)) ${a:-b} $1\n",
	  "W(echo) W(<6:$((1+2))>) W(<2:${a:-b}>) W(<2:$1>) NL ", SHELLCMD_SH },
	{ "a # c d\nb\n", "W(a) C NL W(b) NL ", SHELLCMD_SH },
	{ "a#b\n", "W(a#b) NL ", SHELLCMD_SH },
	{ "cat <<EOF >f\nx $y\nEOF\nb\n",
	  "W(cat) << W(EOF) > W(f) NL H(x $y\n) W(b) NL ", SHELLCMD_SH },
	{ "cat <<-'E'\n\tx\n\tE\n", "W(cat) <<- W(E) NL H(\tx\n) ",
	  SHELLCMD_SH },
	{ "a 2>&1\n", "W(a) W(2) >& W(1) NL ", SHELLCMD_SH },
	{ "diff <(a) b\n", "W(diff) { W(a) } W(<5:<(a)>) W(b) NL ", SHELLCMD_SH },
	{ "echo $'a\\tb'\n", "W(echo) W(a\tb) NL ", SHELLCMD_SH },
	{ "a $(HOST) $$P '$$x' ${V}\n",
	  "W(a) W(<7:$(HOST)>) W(<2:$$P>) W($x) W(<7:${V}>) NL ",
	  SHELLCMD_MAKE },
	{ "a \"$$(b c)\"\n", "W(a) { W(b) W(c) } W(<3:$$(b c)>) NL ",
	  SHELLCMD_MAKE },
	{ "a\r\nb\r\n", "W(a) NL W(b) NL ", SHELLCMD_SH },
	{ "$ a b\noutput\n$ c \\\n> d\n", "W(a) W(b) NL W(c) W(d) NL ",
	  SHELLCMD_CONSOLE },
	{ "f() { a; }\n", "W(f) ( ) W({) W(a) ; W(}) NL ", SHELLCMD_SH },
	{ "a $(b $(c) d)\n",
	  "W(a) { W(b) { W(c) } W(<3:$(c)>) W(d) } W(<3:$(b $(c) d)>) NL ",
	  SHELLCMD_SH },
	{ "a \"x`b`y\"\n", "W(a) { W(b) } W(x<4:`b`>y) NL ", SHELLCMD_SH },
};
/* clang-format on */

START_TEST(test_tokens)
{
	struct buf out;
	int rc;
	buf_init(&out);
	render(cases[_i].in, cases[_i].d, &out, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out.data, cases[_i].want);
	buf_release(&out);
}
END_TEST

static const struct {
	const char *in;
	size_t off;
	const char *why;
} bad[] = {
	{ "a 'b\n", 2, "unterminated single quote" },
	{ "a \"b\n", 2, "unterminated double quote" },
	{ "a $(b\n", 2, "unterminated \"$(\"" },
	{ "a `b\n", 2, "unterminated backquote" },
	{ "a ${b\n", 2, "unterminated \"${\"" },
	{ "a $'b\n", 2, "unterminated $' quote" },
};

START_TEST(test_errors)
{
	struct source src;
	struct shellcmd_seg seg = { 0, strlen(bad[_i].in) };
	struct shellcmd_input in = { &src, &seg, 1, SHELLCMD_SH };
	struct shlex lx;
	struct shlex_chunk c;
	int rc;

	source_init(&src, bad[_i].in, strlen(bad[_i].in));
	ck_assert_int_eq(shlex_init(&lx, &in), 0);
	shlex_chunk_init(&c);
	while ((rc = shlex_next(&lx, &c)) > 0) {
	}
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_uint_eq(lx.err_off, bad[_i].off);
	ck_assert_str_eq(lx.err, bad[_i].why);
	shlex_chunk_release(&c);
	shlex_release(&lx);
	source_release(&src);
}
END_TEST

/* Hostile nesting is refused, not recursed into without end. */
START_TEST(test_deep)
{
	struct buf text, out;
	int rc;
	buf_init(&text);
	buf_init(&out);
	for (int i = 0; i < 10000; i++) {
		buf_adds(&text, "$(");
	}
	render(text.data, SHELLCMD_SH, &out, &rc);
	ck_assert_int_eq(rc, -1);
	buf_release(&text);
	buf_release(&out);
}
END_TEST

/* Offsets map back through segments and removed prompts. */
START_TEST(test_orig)
{
	const char *file = "xx$ ab\nout\n$ cd\n";
	struct source src;
	struct shellcmd_seg seg = { 2, strlen(file) - 2 };
	struct shellcmd_input in = { &src, &seg, 1, SHELLCMD_CONSOLE };
	struct shlex lx;

	source_init(&src, file, strlen(file));
	ck_assert_int_eq(shlex_init(&lx, &in), 0);
	ck_assert_uint_eq(lx.len, 6);
	ck_assert_int_eq(memcmp(lx.text, "ab\ncd\n", 6), 0);
	ck_assert_uint_eq(shlex_orig(&lx, 0), 4);
	ck_assert_uint_eq(shlex_orig(&lx, 3), 13);
	ck_assert(shlex_contiguous(&lx, 0, 3));
	ck_assert(!shlex_contiguous(&lx, 0, 4));
	shlex_release(&lx);
	source_release(&src);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("shlex");
	TCase *tc = tcase_create("core");
	tcase_add_loop_test(tc, test_tokens, 0, COUNT(cases));
	tcase_add_loop_test(tc, test_errors, 0, COUNT(bad));
	tcase_add_test(tc, test_deep);
	tcase_add_test(tc, test_orig);
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
