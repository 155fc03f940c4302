/*
 * source_pos() against a plain count, for questions in file order (the
 * counting cursor), backwards and scattered (the cursor giving way to the
 * line index); and the line-break helpers of eol.h against plain loops.
 */
#include "eol.h"
#include "source.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* What source_pos() must answer, by walking from the start. */
static void naive_pos(const char *d, size_t len, size_t off, unsigned *line,
		      unsigned *col)
{
	unsigned l = 1;
	if (off > len) {
		off = len;
	}
	/* a leading BOM is no column (an offset inside it is left be) */
	size_t start =
		off >= 3 && len >= 3 && !memcmp(d, "\xef\xbb\xbf", 3) ? 3 : 0;
	for (size_t i = 0; i < off; i++) {
		if (d[i] == '\n') {
			l++;
			start = i + 1;
		}
	}
	unsigned c = 1;
	for (size_t i = start; i < off; i++) {
		c += ((unsigned char)d[i] & 0xc0) != 0x80;
	}
	*line = l;
	*col = c;
}

/* A text of short and long lines, CRLF, UTF-8 and empty lines. */
static char *sample(size_t *len)
{
	static const char *const parts[] = {
		"a\n",
		"\n",
		"ports:\r\n",
		"  - \"3306:3306\"\n",
		"é ü\n",
		("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"),
		"\xef\xbb\xbf",
		"docker run -p 80:80 nginx\n",
		"\t\n",
	};
	size_t cap = 1 << 16, n = 0;
	char *d = malloc(cap);
	ck_assert_ptr_nonnull(d);
	memcpy(d, "\xef\xbb\xbf", 3); /* a BOM first */
	n = 3;
	unsigned seed = 7;
	while (n < cap - 200) {
		seed = seed * 1103515245u + 12345u;
		const char *p = parts[(seed >> 16) %
				      (sizeof(parts) / sizeof(parts[0]))];
		memcpy(d + n, p, strlen(p));
		n += strlen(p);
	}
	memcpy(d + n, "no break at the end", 19);
	n += 19;
	*len = n;
	return d;
}

static void check_order(const size_t *offs, size_t n)
{
	size_t len;
	char *d = sample(&len);
	struct source s;
	source_init(&s, d, len);
	for (size_t i = 0; i < n; i++) {
		unsigned l, c, wl, wc;
		ck_assert_int_eq(source_pos(&s, offs[i], &l, &c), 0);
		naive_pos(d, len, offs[i], &wl, &wc);
		ck_assert_uint_eq(l, wl);
		ck_assert_uint_eq(c, wc);
	}
	source_release(&s);
	free(d);
}

START_TEST(test_pos_in_order)
{
	size_t offs[2000];
	for (size_t i = 0; i < 2000; i++) {
		offs[i] = i * 33;
	}
	check_order(offs, 2000);
}
END_TEST

START_TEST(test_pos_backwards_and_scattered)
{
	size_t len;
	free(sample(&len));
	size_t offs[3000];
	for (size_t i = 0; i < 1000; i++) {
		offs[i] = len - i * 61 % len; /* backwards, from the end */
	}
	unsigned seed = 3;
	for (size_t i = 1000; i < 3000; i++) {
		seed = seed * 1103515245u + 12345u;
		offs[i] = (seed >> 8) % (len + 10); /* past the end too */
	}
	check_order(offs, 3000);
}
END_TEST

START_TEST(test_eol_helpers)
{
	size_t len;
	char *d = sample(&len);
	for (size_t from = 0; from < 300; from++) {
		for (size_t to = from; to < from + 300 && to <= len; to++) {
			size_t want = 0, first = to;
			for (size_t i = from; i < to; i++) {
				want += d[i] == '\n';
				if (d[i] == '\n' && first == to) {
					first = i;
				}
			}
			ck_assert_uint_eq(eol_count(d + from, to - from), want);
			ck_assert_uint_eq(eol_find(d, from, to), first);
		}
	}
	/* a line longer than the eight words looked at inline */
	char line[300];
	memset(line, 'x', sizeof(line));
	line[250] = '\n';
	ck_assert_uint_eq(eol_find(line, 0, sizeof(line)), 250);
	ck_assert_uint_eq(eol_find(line, 251, sizeof(line)), sizeof(line));
	ck_assert_uint_eq(eol_count(line, sizeof(line)), 1);
	free(d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("source");
	TCase *tc = tcase_create("source");
	tcase_add_test(tc, test_pos_in_order);
	tcase_add_test(tc, test_pos_backwards_and_scattered);
	tcase_add_test(tc, test_eol_helpers);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
