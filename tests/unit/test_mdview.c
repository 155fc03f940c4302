#include "mdview.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../view_cuts.h"
#include "buf.h"

#define MAX_UNITS 6

/*
 * A unit as the table writes it: kind F(enced), I(ndented) or S(pan),
 * language n(one), s(hell), c(onsole) or o(ther), whether ignored, and its
 * segments' bytes joined by '\n'.
 */
struct want {
	char kind;
	char lang;
	bool ignored;
	const char *text;
};

/* clang-format off */
static const struct {
	const char *name;
	const char *md;
	struct want units[MAX_UNITS];
} cases[] = {
	{ "fenced bash",
	  "Run:\n\n```bash\ndocker run -p 80:80 nginx\n```\n",
	  { { 'F', 's', false, "docker run -p 80:80 nginx" } } },
	{ "tildes, a longer fence holding a shorter one",
	  "~~~~sh\n```\ndocker run -p 1:1 x\n~~~\n~~~~\n",
	  { { 'F', 's', false, "```\ndocker run -p 1:1 x\n~~~" } } },
	{ "backtick fence of five, closed by six",
	  "`````zsh\na\n````\n``````\nafter\n",
	  { { 'F', 's', false, "a\n````" } } },
	{ "info strings: attributes, titles, case",
	  "```{.bash .numberLines}\na\n```\n"
	  "```Shell title=\"x\"\nb\n```\n"
	  "```sh:run.sh\nc\n```\n"
	  "```yaml\nd\n```\n"
	  "```\ne\n```\n"
	  "```shell-session\n$ f\n```\n",
	  { { 'F', 's', false, "a" }, { 'F', 's', false, "b" },
	    { 'F', 's', false, "c" }, { 'F', 'o', false, "d" },
	    { 'F', 'n', false, "e" }, { 'F', 'c', false, "$ f" } } },
	{ "console block: output lines are part of the text",
	  "```console\n$ docker run -p 1:1 x\n0.0.0.0:1->1/tcp\n```\n",
	  { { 'F', 'c', false, "$ docker run -p 1:1 x\n0.0.0.0:1->1/tcp" } } },
	{ "fence indentation is stripped up to the fence's own",
	  "  ```sh\n    a \\\n  b\nc\n  ```\n",
	  { { 'F', 's', false, "  a \\\nb\nc" } } },
	{ "indented block: blank lines inside kept, trailing ones dropped",
	  "para\n\n    docker run \\\n\n      -p 1:1 x\n\n\nafter\n",
	  { { 'I', 'n', false, "docker run \\\n\n  -p 1:1 x" } } },
	{ "a blank first line of a fence is placed by the next one",
	  "```sh\n\n\ndocker run\n\n```\n",
	  { { 'F', 's', false, "\n\ndocker run\n" } } },
	/* regression: an empty fence first in the file did arithmetic on
	 * the view's still NULL segments (clang's UBSan in the fuzzer) */
	{ "an empty fence", "```sh\n```\n", { { 'F', 's', false, "" } } },
	{ "a fence of blank lines only has no text",
	  "```sh\n\n\n```\n",
	  { { 'F', 's', false, "" } } },
	{ "a fence in a list item loses the item's indentation",
	  "1.  Start it:\n\n    ```sh\n    docker run \\\n      -p 1:1 x\n    ```\n"
	  "2.  Done\n",
	  { { 'F', 's', false, "docker run \\\n  -p 1:1 x" } } },
	{ "a fence in a block quote loses the markers",
	  "> ```sh\n> docker run \\\n>   -p 1:1 x\n>\n> ```\n",
	  { { 'F', 's', false, "docker run \\\n  -p 1:1 x\n" } } },
	{ "a list in a block quote",
	  "> - item\n>\n>   ```bash\n>   a \\\n>     b\n>   ```\n",
	  { { 'F', 's', false, "a \\\n  b" } } },
	{ "tabs: a partly used tab starts the line",
	  ">\t\tfoo\n",
	  { { 'I', 'n', false, "\tfoo" } } },
	{ "tabs: a whole tab of indentation is dropped",
	  "\tfoo\n\t\tbar\n",
	  { { 'I', 'n', false, "foo\n\tbar" } } },
	{ "tabs in a list item's code",
	  "-\t```sh\n\ta\n\t```\n",
	  { { 'F', 's', false, "a" } } },
	{ "CRLF: segments stop before the line end",
	  "```sh\r\na \\\r\n\r\n  b\r\n```\r\n",
	  { { 'F', 's', false, "a \\\n\n  b" } } },
	{ "lone CR line ends",
	  "```sh\ra\r\rb\r```\r",
	  { { 'F', 's', false, "a\n\nb" } } },
	{ "BOM before a fence",
	  "\xef\xbb\xbf```sh\na\n```\n",
	  { { 'F', 's', false, "a" } } },
	{ "last line without a line end, fence never closed",
	  "```sh\na\nb",
	  { { 'F', 's', false, "a\nb" } } },
	{ "inline spans, one across lines in a block quote",
	  "Use `docker run -p 80:80 x` or\n> `docker run\n> -p 1:1 y` too\n",
	  { { 'S', 'n', false, "docker run -p 80:80 x" },
	    { 'S', 'n', false, "docker run\n-p 1:1 y" } } },
	{ "span with stripped spaces and a longer backtick run",
	  "`` a`b `` and ` c `\n",
	  { { 'S', 'n', false, "a`b" }, { 'S', 'n', false, "c" } } },
	{ "ignore comment before a block",
	  "<!-- composefix: ignore -->\n```sh\na\n```\n\n```sh\nb\n```\n",
	  { { 'F', 's', true, "a" }, { 'F', 's', false, "b" } } },
	{ "ignore comment before a list covers its blocks",
	  "<!--composefix:ignore-->\n- x\n\n      a\n- `b`\n\n`c`\n",
	  { { 'I', 'n', true, "a" }, { 'S', 'n', true, "b" },
	    { 'S', 'n', false, "c" } } },
	{ "ignore comment then a paragraph, then the block",
	  "<!-- composefix: ignore -->\ntext\n\n```sh\na\n```\n",
	  { { 'F', 's', false, "a" } } },
	{ "an HTML comment saying more is not an ignore comment",
	  "<!-- composefix: ignore this -->\n```sh\na\n```\n",
	  { { 'F', 's', false, "a" } } },
	{ "ignore comment inline before a span",
	  "Say <!-- composefix: ignore --> `a` and `b`.\n",
	  { { 'S', 'n', true, "a" }, { 'S', 'n', false, "b" } } },
	{ "inline comment with words between does not reach the span",
	  "Say <!-- composefix: ignore --> so `a`.\n",
	  { { 'S', 'n', false, "a" } } },
	{ "a fence inside an HTML block is not code",
	  "<div>\n```sh\na\n```\n</div>\n",
	  { { 0 } } },
	{ "a fence inside a code block is text",
	  "    ```sh\n    a\n    ```\n",
	  { { 'I', 'n', false, "```sh\na\n```" } } },
};
/* clang-format on */

static char lang_char(enum md_lang l)
{
	return "nsco"[l];
}

static char kind_char(enum md_unit_kind k)
{
	return "FIS"[k];
}

START_TEST(test_units)
{
	const char *md = cases[_i].md;
	size_t len = strlen(md);
	struct md_view v;
	md_view_init(&v);
	ck_assert_int_eq(md_view_build(&v, md, len), 0);
	size_t n = 0;
	while (n < MAX_UNITS && cases[_i].units[n].kind) {
		n++;
	}
	ck_assert_msg(v.nunits == n, "%s: %zu units, want %zu", cases[_i].name,
		      v.nunits, n);
	for (size_t u = 0; u < n; u++) {
		const struct want *w = &cases[_i].units[u];
		const struct md_unit *got = &v.units[u];
		struct buf t;
		buf_init(&t);
		ck_assert_int_eq(buf_adds(&t, ""), 0);
		for (uint32_t k = 0; k < got->nseg; k++) {
			const struct md_seg *s = &v.segs[got->seg + k];
			ck_assert_uint_le((size_t)s->off + s->len, len);
			if (k) {
				ck_assert_int_eq(buf_addc(&t, '\n'), 0);
			}
			ck_assert_int_eq(buf_add(&t, md + s->off, s->len), 0);
		}
		ck_assert_msg(kind_char(got->kind) == w->kind &&
				      lang_char(got->lang) == w->lang &&
				      got->ignored == w->ignored,
			      "%s: unit %zu is %c%c%d, want %c%c%d",
			      cases[_i].name, u, kind_char(got->kind),
			      lang_char(got->lang), got->ignored, w->kind,
			      w->lang, w->ignored);
		ck_assert_msg(strcmp(t.data, w->text) == 0,
			      "%s: unit %zu reads [%s], want [%s]",
			      cases[_i].name, u, t.data, w->text);
		buf_release(&t);
	}
	md_view_release(&v);
}
END_TEST

/* Segments are in document order and never overlap: the edit check and
 * the front end's walk rely on it. */
START_TEST(test_segments_ordered)
{
	const char *md = cases[_i].md;
	struct md_view v;
	md_view_init(&v);
	ck_assert_int_eq(md_view_build(&v, md, strlen(md)), 0);
	for (size_t k = 1; k < v.nsegs; k++) {
		ck_assert_uint_le((size_t)v.segs[k - 1].off + v.segs[k - 1].len,
				  v.segs[k].off);
	}
	md_view_release(&v);
}
END_TEST

/* One edit as a test writes it: at the first occurrence of after+at,
 * right after `after`, delete del bytes and insert ins. */
struct splice {
	const char *md;
	const char *at; /* the edit is at the first occurrence of at */
	size_t skip;	/* ... plus skip bytes */
	size_t del;
	const char *ins;
	int same;    /* md_view_same's answer */
	bool inside; /* md_view_edits_inside's answer */
};

/* clang-format off */
static const struct splice splices[] = {
	{ "```sh\ndocker run -p 80:80 x\n```\n", "80:80", 0, 0,
	  "127.0.0.1:", 1, true },
	{ "> - a\n>\n>   ```sh\n>   docker run -p 80:80 x\n>   ```\n",
	  "80:80", 0, 0, "127.0.0.1:", 1, true },
	{ "Use `docker run -p 80:80 x`.\n", "80:80", 0, 0, "127.0.0.1:", 1,
	  true },
	/* a value alone on a continuation line: the insertion is at the
	 * segment's first byte */
	{ "```sh\ndocker run -p \\\n80:80 x\n```\n", "80:80", 0, 0,
	  "127.0.0.1:", 1, true },
	/* and at its last byte */
	{ "```sh\ndocker run x -p 80:80\n```\n", "80:80", 5, 0, " -p a", 1,
	  true },
	{ "    docker run -p 80:80 x\n", "80:80", 0, 5, "1:1", 1, true },
	{ "```sh\ndocker run -p 80:80 x\n```\n", "80:80", 0, 0,
	  "\n```\n", 0, true },
	/* a line end inside a line: the block has more lines */
	{ "```sh\ndocker run -p 80:80 x\n```\n", "80:80", 0, 0,
	  "\n~~~\n", 0, true },
	{ "Use `docker run -p 80:80 x`.\n", "80:80", 0, 0, "`", 0, true },
	/* prose changed in place parses the same: edits_inside refuses it */
	{ "Use `docker run -p 80:80 x`.\n", "Use", 0, 3, "Run", 1, false },
	{ "```sh\ndocker run -p 80:80 x\n```\n", "sh", 0, 2, "py", 0,
	  false },
	/* a line end in a quoted block leaves the next line without its
	 * marker: the quote ends there */
	{ "> ```sh\n> a\n> ```\n", "a", 0, 0, "b\n", 0, true },
};
/* clang-format on */

START_TEST(test_same)
{
	const struct splice *sp = &splices[_i];
	size_t len = strlen(sp->md);
	const char *at = strstr(sp->md, sp->at);
	ck_assert_ptr_nonnull(at);
	struct edit e = { (size_t)(at - sp->md) + sp->skip, sp->del, sp->ins,
			  strlen(sp->ins) };
	struct md_view v;
	md_view_init(&v);
	ck_assert_int_eq(md_view_build(&v, sp->md, len), 0);
	size_t bad = 99;
	ck_assert_msg(md_view_edits_inside(&v, &e, 1, &bad) == sp->inside,
		      "splice %d: inside is not %d", _i, sp->inside);
	if (!sp->inside) {
		ck_assert_uint_eq(bad, 0);
	}
	struct buf out;
	buf_init(&out);
	ck_assert_int_eq(edit_apply(sp->md, len, &e, 1, &out), 0);
	size_t where = 0;
	ck_assert_msg(md_view_same(&v, out.data, out.len, &e, 1, &where) ==
			      sp->same,
		      "splice %d: same is not %d", _i, sp->same);
	buf_release(&out);
	md_view_release(&v);
}
END_TEST

/* Every case is the same as itself. */
START_TEST(test_same_unchanged)
{
	const char *md = cases[_i].md;
	struct md_view v;
	md_view_init(&v);
	ck_assert_int_eq(md_view_build(&v, md, strlen(md)), 0);
	size_t where;
	ck_assert_int_eq(md_view_same(&v, md, strlen(md), NULL, 0, &where), 1);
	md_view_release(&v);
}
END_TEST

/* A different text is not the same, and where says where it parts. */
START_TEST(test_same_where)
{
	const char *a = "# T\n\npara\n\n```sh\nx\n```\n";
	const char *b = "# T\n\npara\n\n    x\n";
	struct md_view v;
	md_view_init(&v);
	ck_assert_int_eq(md_view_build(&v, a, strlen(a)), 0);
	size_t where = 0;
	ck_assert_int_eq(md_view_same(&v, b, strlen(b), NULL, 0, &where), 0);
	md_view_release(&v);
}
END_TEST

/* clang-format off */
static const struct {
	const char *info;
	enum md_lang lang;
} langs[] = {
	{ "", MD_LANG_NONE },
	{ "   ", MD_LANG_NONE },
	{ "sh", MD_LANG_SHELL },
	{ "BASH", MD_LANG_SHELL },
	{ "zsh title=x", MD_LANG_SHELL },
	{ "bash{1,3}", MD_LANG_SHELL },
	{ "sh:run.sh", MD_LANG_SHELL },
	{ "{.shell .numberLines}", MD_LANG_SHELL },
	{ "{ #id .console }", MD_LANG_CONSOLE },
	{ "console", MD_LANG_CONSOLE },
	{ "shell-session", MD_LANG_CONSOLE },
	{ "terminal", MD_LANG_CONSOLE },
	{ "shellsession", MD_LANG_CONSOLE },
	{ "bashx", MD_LANG_OTHER },
	{ "yaml", MD_LANG_OTHER },
	{ "{title=x}", MD_LANG_OTHER },
	{ "powershell", MD_LANG_OTHER },
	{ "fish", MD_LANG_OTHER },
	{ "cli", MD_LANG_SHELL },
	{ "text", MD_LANG_OTHER },
};
/* clang-format on */

START_TEST(test_lang)
{
	ck_assert_msg(md_lang_of(langs[_i].info, strlen(langs[_i].info)) ==
			      langs[_i].lang,
		      "info [%s]", langs[_i].info);
}
END_TEST

/*
 * md4c 0.4.8 reads the byte after a document that ends inside a link
 * destination, and a ')' there makes it report text past the end (found
 * by the fuzz harness, whose copies had no NUL then). With the NUL the
 * contract asks for, what follows it does not matter.
 */
START_TEST(test_link_at_end)
{
	static const char a[] = "[`x`](https://doc\0)))";
	static const char b[] = "[`x`](https://doc\0xxx";
	size_t len = strlen(a);
	struct md_view va, vb;
	md_view_init(&va);
	md_view_init(&vb);
	ck_assert_int_eq(md_view_build(&va, a, len), 0);
	ck_assert_int_eq(md_view_build(&vb, b, len), 0);
	ck_assert_uint_eq(va.nevents, vb.nevents);
	for (size_t k = 0; k < va.nevents; k++) {
		const struct md_event *x = &va.events[k], *y = &vb.events[k];
		ck_assert(x->what == y->what && x->type == y->type &&
			  x->len == y->len && x->at == y->at);
	}
	ck_assert_uint_eq(va.nunits, 1);
	md_view_release(&va);
	md_view_release(&vb);
}
END_TEST

/* Pathological nesting and long inputs parse in one pass, in bounds. */
START_TEST(test_deep_nesting)
{
	struct buf md;
	buf_init(&md);
	for (int i = 0; i < 2000; i++) {
		ck_assert_int_eq(buf_adds(&md, "> - "), 0);
	}
	ck_assert_int_eq(buf_adds(&md, "`docker run -p 1:1 x`\n"), 0);
	for (int i = 0; i < 2000; i++) {
		ck_assert_int_eq(buf_adds(&md, "\t"), 0);
	}
	ck_assert_int_eq(buf_adds(&md, "x\n"), 0);
	struct md_view v;
	md_view_init(&v);
	ck_assert_int_eq(md_view_build(&v, md.data, md.len), 0);
	ck_assert_uint_ge(v.nunits, 1);
	for (size_t k = 0; k < v.nsegs; k++) {
		ck_assert_uint_le((size_t)v.segs[k].off + v.segs[k].len,
				  md.len);
	}
	md_view_release(&v);
	buf_release(&md);
}
END_TEST

/* view_cuts_try() as a test: every cut taken agrees with the whole. */
static void try_cuts(const char *name, const char *md, size_t len,
		     size_t *taken, size_t *refused)
{
	char why[256];
	int rc = view_cuts_try(md, len, taken, refused, why, sizeof(why));
	ck_assert_msg(rc == 0, "%s: %s", name, why);
}

/* Every table case, cut wherever it can be: the parts read as the whole. */
START_TEST(test_cuts_agree)
{
	size_t taken, refused;
	try_cuts(cases[_i].name, cases[_i].md, strlen(cases[_i].md), &taken,
		 &refused);
}
END_TEST

/* clang-format off */
/* Cuts where a part could read otherwise than the whole: taken only where
 * they read the same. */
static const struct {
	const char *name;
	const char *md;
	size_t taken, refused; /* over every cut offered */
} cut_cases[] = {
	{ "two paragraphs", "One `docker run -p 1:1 x`.\n\nTwo.\n", 1, 0 },
	{ "CRLF", "One.\r\n\r\nTwo `docker run -p 1:1 x`.\r\n", 1, 0 },
	{ "a BOM before the first part", "\xef\xbb\xbfOne.\n\nTwo.\n", 1, 0 },
	{ "a fence open across the cut",
	  "```sh\ndocker run -p 1:1 x\n\nText inside\n```\n", 0, 1 },
	{ "a fence closed before the cut",
	  "```sh\ndocker run -p 1:1 x\n```\n\nText.\n", 1, 0 },
	{ "a fence closed before the cut, CRLF",
	  "```sh\r\ndocker run -p 1:1 x\r\n```\r\n\r\nText.\r\n", 1, 0 },
	{ "a fence open across the cut, CRLF",
	  "~~~\r\ndocker run -p 1:1 x\r\n\r\nText\r\n", 0, 1 },
	{ "a fence open across the cut after blank lines",
	  "```\nx\n\n\n\nText\n", 0, 1 },
	{ "a fence of blank lines open across the cut",
	  "```\n\nText\n", 0, 1 },
	{ "an empty fence closed before the cut",
	  "```\n```\n\nText\n", 0, 1 },
	{ "a fence in a fence's clothes: four backticks closed by three",
	  "````\nx\n```\n\nText\n````\n", 0, 1 },
	{ "an indented block before the cut",
	  "    docker run -p 1:1 x\n\nText.\n", 1, 0 },
	{ "an indented block with blank lines before the cut",
	  "    docker run -p 1:1 x\n\n    more\n\n\nText.\n", 1, 0 },
	{ "a script element open across the cut",
	  "<script>\nvar a;\n\nText\n</script>\n\nAfter.\n", 0, 2 },
	{ "an HTML comment open across the cut",
	  "<!--\n\nText\n-->\n\nAfter.\n", 0, 2 },
	{ "an ignore comment right before the cut",
	  "<!-- composefix: ignore -->\n\nRun `docker run -p 1:1 x`.\n", 0, 1 },
	{ "an HTML block before the cut", "<div>\nx\n\nText.\n", 0, 1 },
	{ "a loose list before the cut", "- a\n\n- b\n\nText.\n", 1, 0 },
	{ "a tight list before the cut", "- a\n- b\n\nText.\n", 1, 0 },
	{ "an ordered list with a paragraph",
	  "1. a\n\n   more `x`\n\nText.\n", 1, 0 },
	{ "a fence in a list item, closed by the cut",
	  "- ```sh\n  docker run -p 1:1 x\n\nText.\n", 1, 0 },
	{ "a fence in a quote, closed by the blank line",
	  "> ```sh\n> docker run -p 1:1 x\n\nText.\n", 1, 0 },
	{ "a setext heading after the cut", "One.\n\nTitle\n=====\n", 1, 0 },
	{ "a span that would run over the blank line",
	  "`docker run\n\nText` x\n", 1, 0 },
	{ "a link reference definition: no cut at all",
	  "[a]: /u\n\nText [a].\n\nMore.\n", 0, 0 },
	{ "a line of blanks is not a blank line here",
	  "One.\n  \nTwo.\n", 0, 0 },
	{ "a digit does not start a cut", "One.\n\n1. two\n", 0, 0 },
};
/* clang-format on */

START_TEST(test_cut_cases)
{
	size_t taken, refused;
	const char *md = cut_cases[_i].md;
	try_cuts(cut_cases[_i].name, md, strlen(md), &taken, &refused);
	ck_assert_msg(taken == cut_cases[_i].taken &&
			      refused == cut_cases[_i].refused,
		      "%s: %zu cuts taken, %zu turned down; want %zu, %zu",
		      cut_cases[_i].name, taken, refused, cut_cases[_i].taken,
		      cut_cases[_i].refused);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mdview");
	TCase *tc = tcase_create("mdview");
	tcase_add_loop_test(tc, test_units, 0, sizeof(cases) / sizeof(*cases));
	tcase_add_loop_test(tc, test_segments_ordered, 0,
			    sizeof(cases) / sizeof(*cases));
	tcase_add_loop_test(tc, test_same_unchanged, 0,
			    sizeof(cases) / sizeof(*cases));
	tcase_add_loop_test(tc, test_same, 0,
			    sizeof(splices) / sizeof(*splices));
	tcase_add_test(tc, test_same_where);
	tcase_add_loop_test(tc, test_lang, 0, sizeof(langs) / sizeof(*langs));
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_link_at_end);
	tcase_add_loop_test(tc, test_cuts_agree, 0,
			    sizeof(cases) / sizeof(*cases));
	tcase_add_loop_test(tc, test_cut_cases, 0,
			    sizeof(cut_cases) / sizeof(*cut_cases));
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
