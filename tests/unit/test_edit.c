#include "edit.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EDITS 8

/* An edit as a table writes it; a list ends at an all-zero entry. */
struct spec {
	size_t off;
	size_t del;
	const char *ins; /* NULL: no text (ins_len 0 unless bad_len) */
	size_t bad_len;	 /* ins_len to force when ins is NULL */
};

static size_t edits_fill(struct edit *e, const struct spec *s)
{
	size_t n = 0;
	for (; n < MAX_EDITS &&
	       (s[n].ins || s[n].del || s[n].off || s[n].bad_len);
	     n++) {
		e[n].off = s[n].off;
		e[n].del = s[n].del;
		e[n].ins = s[n].ins;
		e[n].ins_len = s[n].ins ? strlen(s[n].ins) : s[n].bad_len;
	}
	return n;
}

/*
 * edit_sort_check: lists that apply, with the order they must come out in
 * (the indexes of the input edits). A spec list ends at an all-zero entry,
 * so an insertion of nothing at 0 cannot be written; none is needed.
 */
/* clang-format off */
static const struct {
	const char *name;
	size_t len;
	struct spec in[MAX_EDITS];
	size_t order[MAX_EDITS];
} sort_ok[] = {
	{ "sorted", 20,
	  { { 1, 1, "a", 0 }, { 5, 0, "b", 0 }, { 9, 2, "", 0 } },
	  { 0, 1, 2 } },
	{ "reversed", 20,
	  { { 9, 2, "", 0 }, { 5, 0, "b", 0 }, { 1, 1, "a", 0 } },
	  { 2, 1, 0 } },
	{ "insertions at one offset keep their order", 20,
	  { { 5, 0, "x", 0 }, { 2, 0, "y", 0 }, { 5, 0, "z", 0 },
	    { 5, 0, "w", 0 } },
	  { 1, 0, 2, 3 } },
	{ "deletion ending where an insertion starts", 20,
	  { { 6, 0, "x", 0 }, { 2, 4, "y", 0 } },
	  { 1, 0 } },
	{ "deletion ending where a deletion starts", 20,
	  { { 6, 3, "", 0 }, { 2, 4, "", 0 } },
	  { 1, 0 } },
	{ "insertion at the very end", 20,
	  { { 20, 0, "\n", 0 }, { 0, 1, "A", 0 } },
	  { 1, 0 } },
	{ "deletion up to the very end", 20,
	  { { 15, 5, "", 0 } },
	  { 0 } },
	{ "whole text replaced", 3,
	  { { 0, 3, "abc", 0 } },
	  { 0 } },
	{ "empty text", 0,
	  { { 0, 0, "x", 0 } },
	  { 0 } },
};
/* clang-format on */

START_TEST(test_sort_ok)
{
	struct edit e[MAX_EDITS];
	struct edit orig[MAX_EDITS];
	size_t n = edits_fill(e, sort_ok[_i].in);
	memcpy(orig, e, sizeof(e));

	ck_assert_msg(edit_sort_check(e, n, sort_ok[_i].len) == 0,
		      "%s: refused", sort_ok[_i].name);
	for (size_t i = 0; i < n; i++) {
		const struct edit *want = &orig[sort_ok[_i].order[i]];
		ck_assert_msg(e[i].off == want->off && e[i].del == want->del &&
				      e[i].ins == want->ins,
			      "%s: edit %zu out of place", sort_ok[_i].name, i);
	}
}
END_TEST

/* clang-format off */
static const struct {
	const char *name;
	size_t len;
	struct spec in[MAX_EDITS];
} sort_bad[] = {
	{ "overlap", 20, { { 2, 4, "x", 0 }, { 5, 1, "y", 0 } } },
	{ "overlap, given backwards", 20,
	  { { 5, 1, "y", 0 }, { 2, 4, "x", 0 } } },
	{ "nested", 20, { { 2, 10, "", 0 }, { 4, 0, "y", 0 } } },
	{ "offset past the end", 20, { { 21, 0, "x", 0 } } },
	{ "deletion past the end", 20, { { 18, 3, "", 0 } } },
	{ "deletion overflowing", 20, { { 1, SIZE_MAX, "", 0 } } },
	{ "insertion and replacement at one offset", 20,
	  { { 5, 0, "x", 0 }, { 5, 2, "y", 0 } } },
	{ "replacement and insertion at one offset", 20,
	  { { 5, 2, "y", 0 }, { 5, 0, "x", 0 } } },
	{ "two replacements at one offset", 20,
	  { { 5, 1, "y", 0 }, { 5, 1, "x", 0 } } },
	{ "text missing", 20, { { 3, 0, NULL, 4 } } },
	{ "anything on an empty text but an insertion", 0,
	  { { 0, 1, "x", 0 } } },
};
/* clang-format on */

START_TEST(test_sort_bad)
{
	struct edit e[MAX_EDITS];
	size_t n = edits_fill(e, sort_bad[_i].in);

	errno = 0;
	ck_assert_msg(edit_sort_check(e, n, sort_bad[_i].len) == -1,
		      "%s: accepted", sort_bad[_i].name);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(test_sort_empty)
{
	ck_assert_int_eq(edit_sort_check(NULL, 0, 0), 0);
	ck_assert_int_eq(edit_sort_check(NULL, 0, 10), 0);
}
END_TEST

/* A long list given backwards comes out sorted, ties in input order. */
START_TEST(test_sort_many)
{
	enum { N = 1000 };
	struct edit *e = calloc(N, sizeof(*e));
	ck_assert_ptr_nonnull(e);
	static const char tag[N];
	for (size_t i = 0; i < N; i++) {
		e[i].off = (N - 1 - i) / 2 * 3;
		e[i].ins = &tag[i];
		e[i].ins_len = 1;
	}
	ck_assert_int_eq(edit_sort_check(e, N, 3 * N), 0);
	for (size_t i = 1; i < N; i++) {
		ck_assert(e[i - 1].off <= e[i].off);
		if (e[i - 1].off == e[i].off) {
			ck_assert(e[i - 1].ins < e[i].ins);
		}
	}
	free(e);
}
END_TEST

/* clang-format off */
static const struct {
	const char *name;
	const char *old;
	struct spec in[MAX_EDITS];
	const char *want;
} apply_cases[] = {
	{ "bind a port", "- \"3306:3306\"\n",
	  { { 3, 0, "127.0.0.1:", 0 } },
	  "- \"127.0.0.1:3306:3306\"\n" },
	{ "several edits", "ab\ncd\nef",
	  { { 0, 0, ">", 0 }, { 2, 1, "", 0 }, { 4, 1, "D", 0 },
	    { 8, 0, "\n", 0 } },
	  ">abcD\nef\n" },
	{ "insertions at one offset in list order", "ab",
	  { { 1, 0, "1", 0 }, { 1, 0, "2", 0 }, { 1, 0, "3", 0 } },
	  "a123b" },
	{ "a new line", "a:\n  b: 1\n",
	  { { 3, 0, "  host_ip: 127.0.0.1\n", 0 } },
	  "a:\n  host_ip: 127.0.0.1\n  b: 1\n" },
	{ "everything deleted", "abc", { { 0, 3, "", 0 } }, "" },
	{ "empty text", "", { { 0, 0, "x\n", 0 } }, "x\n" },
	{ "no edits", "same\n", { { 0 } }, "same\n" },
};
/* clang-format on */

START_TEST(test_apply)
{
	struct edit e[MAX_EDITS];
	size_t n = edits_fill(e, apply_cases[_i].in);
	const char *old = apply_cases[_i].old;
	struct buf out;
	buf_init(&out);

	ck_assert_int_eq(edit_sort_check(e, n, strlen(old)), 0);
	ck_assert_int_eq(buf_adds(&out, "prefix|"), 0);
	ck_assert_int_eq(edit_apply(old, strlen(old), e, n, &out), 0);
	ck_assert_uint_eq(out.len, strlen(apply_cases[_i].want) + 7);
	ck_assert_str_eq(out.data + 7, apply_cases[_i].want);
	ck_assert_mem_eq(out.data, "prefix|", 7);
	buf_release(&out);
}
END_TEST

START_TEST(test_apply_empty)
{
	struct buf out;
	buf_init(&out);
	ck_assert_int_eq(edit_apply(NULL, 0, NULL, 0, &out), 0);
	ck_assert_uint_eq(out.len, 0);
	ck_assert_ptr_nonnull(out.data);
	ck_assert_str_eq(out.data, "");
	buf_release(&out);
}
END_TEST

/* Lists edit_apply cannot use leave the buffer as it was. */
START_TEST(test_apply_bad)
{
	static const char old[] = "0123456789";
	struct edit unsorted[] = { { 5, 0, "x", 1 }, { 2, 0, "y", 1 } };
	struct edit overlap[] = { { 2, 4, "x", 1 }, { 5, 0, "y", 1 } };
	struct edit past[] = { { 8, 3, "", 0 } };
	struct edit noins[] = { { 1, 0, NULL, 2 } };
	struct {
		struct edit *e;
		size_t n;
	} bad[] = {
		{ unsorted, 2 },
		{ overlap, 2 },
		{ past, 1 },
		{ noins, 1 },
	};
	struct buf out;
	buf_init(&out);
	ck_assert_int_eq(buf_adds(&out, "kept"), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		ck_assert_int_eq(edit_apply(old, 10, bad[i].e, bad[i].n, &out),
				 -1);
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_str_eq(out.data, "kept");
		ck_assert_uint_eq(out.len, 4);
	}
	buf_release(&out);
}
END_TEST

/*
 * edit_map over "0123456789" with: insert "AB" at 2, replace "45" by "X",
 * delete "7", insert "Z" at 10. New text: "01AB23X689Z".
 */
/* clang-format off */
static const struct edit map_edits[] = {
	{ 2, 0, "AB", 2 },
	{ 4, 2, "X", 1 },
	{ 7, 1, "", 0 },
	{ 10, 0, "Z", 1 },
};
/* clang-format on */

/* clang-format off */
static const struct {
	size_t off;
	size_t want;
} map_cases[] = {
	{ 0, 0 },   /* before every edit */
	{ 1, 1 },
	{ 2, 4 },   /* the byte at an insertion point moves after it */
	{ 3, 5 },
	{ 4, 6 },   /* start of a replaced range: its replacement */
	{ 5, 6 },   /* inside it: the same */
	{ 6, 7 },   /* first byte after it */
	{ 7, 8 },   /* a deleted byte: where its (empty) replacement is */
	{ 8, 8 },
	{ 9, 9 },
	{ 10, 11 }, /* the end, after the text inserted there */
};
/* clang-format on */

START_TEST(test_map)
{
	static const char old[] = "0123456789";
	static const char new[] = "01AB23X689Z";
	size_t n = sizeof(map_edits) / sizeof(map_edits[0]);
	size_t got = edit_map(map_edits, n, map_cases[_i].off);

	ck_assert_msg(got == map_cases[_i].want, "map(%zu) = %zu, want %zu",
		      map_cases[_i].off, got, map_cases[_i].want);
	/* a byte that survives is the same byte in the new text */
	size_t off = map_cases[_i].off;
	if (off < 10 && off != 4 && off != 5 && off != 7) {
		ck_assert_int_eq(new[got], old[off]);
	}
}
END_TEST

/* The table above really describes "01AB23X689Z". */
START_TEST(test_map_text)
{
	struct buf out;
	buf_init(&out);
	ck_assert_int_eq(edit_apply("0123456789", 10, map_edits, 4, &out), 0);
	ck_assert_str_eq(out.data, "01AB23X689Z");
	buf_release(&out);
}
END_TEST

START_TEST(test_map_none)
{
	ck_assert_uint_eq(edit_map(NULL, 0, 0), 0);
	ck_assert_uint_eq(edit_map(NULL, 0, 42), 42);
}
END_TEST

/* edit_cursor_map over the same edits: every offset in order, as the
 * start and as the end of a range; where insertions differ, and the
 * offsets inside a replaced range that have no place. */
START_TEST(test_cursor)
{
	size_t n = sizeof(map_edits) / sizeof(map_edits[0]);
	static const size_t start[] = { 0, 1, 2, 5, 6, 0, 7, 8, 8, 9, 10 };
	static const size_t end[] = { 0, 1, 4, 5, 6, 0, 7, 8, 8, 9, 11 };
	struct edit_cursor c;
	edit_cursor_init(&c, map_edits, n);
	for (size_t off = 0; off <= 10; off++) {
		size_t got = 99;
		if (off == 5) {
			/* strictly inside the replaced "45" */
			ck_assert(!edit_cursor_map(&c, off, false, &got));
			ck_assert(!edit_cursor_map(&c, off, true, &got));
			continue;
		}
		ck_assert(edit_cursor_map(&c, off, true, &got));
		ck_assert_msg(got == end[off], "end %zu -> %zu", off, got);
		ck_assert(edit_cursor_map(&c, off, false, &got));
		ck_assert_msg(got == start[off], "start %zu -> %zu", off, got);
		/* as an end it is edit_map's answer, off 4 (a replacement
		 * starts there, nothing is inserted) included */
		ck_assert_uint_eq(end[off], edit_map(map_edits, n, off));
	}
	edit_cursor_init(&c, NULL, 0);
	size_t got;
	ck_assert(edit_cursor_map(&c, 42, true, &got));
	ck_assert_uint_eq(got, 42);
}
END_TEST

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *edit_suite(void)
{
	Suite *s = suite_create("edit");
	TCase *tc = tcase_create("sort_check");
	tcase_add_loop_test(tc, test_sort_ok, 0, COUNT(sort_ok));
	tcase_add_loop_test(tc, test_sort_bad, 0, COUNT(sort_bad));
	tcase_add_test(tc, test_sort_empty);
	tcase_add_test(tc, test_sort_many);
	suite_add_tcase(s, tc);

	tc = tcase_create("apply");
	tcase_add_loop_test(tc, test_apply, 0, COUNT(apply_cases));
	tcase_add_test(tc, test_apply_empty);
	tcase_add_test(tc, test_apply_bad);
	suite_add_tcase(s, tc);

	tc = tcase_create("map");
	tcase_add_loop_test(tc, test_map, 0, COUNT(map_cases));
	tcase_add_test(tc, test_map_text);
	tcase_add_test(tc, test_map_none);
	tcase_add_test(tc, test_cursor);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(edit_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
