/*
 * The JSON writer against libfyaml's JSON emitter, which wrote the reports
 * before: the same events must give the same bytes. Random documents (a
 * fixed seed, so a failure repeats) of nested mappings, sequences and
 * strings drawn from the characters where the two could part: quotes,
 * backslashes, control characters, spaces, characters escaped as \uXXXX
 * and ones beyond the BMP. Spaces at either end of a string are the one
 * difference on purpose (see json.h) and have a test of their own.
 */
#include "json.h"

#include <check.h>
#include <libfyaml.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Both writers, driven by one call each. */
struct pair {
	struct json j;
	struct buf ours;
	struct fy_emitter *fy;
	struct buf theirs;
};

static int fy_out(struct fy_emitter *emit, enum fy_emitter_write_type t,
		  const char *str, int len, void *userdata)
{
	(void)emit;
	(void)t;
	struct buf *b = userdata;
	ck_assert_int_eq(buf_add(b, str, (size_t)len), 0);
	return len;
}

static void fy_ev(struct pair *p, struct fy_event *ev)
{
	ck_assert_ptr_nonnull(ev);
	ck_assert_int_eq(fy_emit_event(p->fy, ev), 0);
}

static void pair_init(struct pair *p)
{
	buf_init(&p->ours);
	buf_init(&p->theirs);
	json_init(&p->j, &p->ours);
	struct fy_emitter_cfg cfg = {
		.flags = FYECF_MODE_JSON | FYECF_INDENT_2 | FYECF_WIDTH_INF,
		.output = fy_out,
		.userdata = &p->theirs,
	};
	p->fy = fy_emitter_create(&cfg);
	ck_assert_ptr_nonnull(p->fy);
	fy_ev(p, fy_emit_event_create(p->fy, FYET_STREAM_START));
	fy_ev(p,
	      fy_emit_event_create(p->fy, FYET_DOCUMENT_START, 1, NULL, NULL));
}

static void pair_release(struct pair *p)
{
	json_release(&p->j);
	fy_emitter_destroy(p->fy);
	buf_release(&p->ours);
	buf_release(&p->theirs);
}

static void map(struct pair *p)
{
	ck_assert_int_eq(json_map(&p->j), 0);
	fy_ev(p, fy_emit_event_create(p->fy, FYET_MAPPING_START, FYNS_BLOCK,
				      NULL, NULL));
}

static void end_map(struct pair *p)
{
	ck_assert_int_eq(json_end_map(&p->j), 0);
	fy_ev(p, fy_emit_event_create(p->fy, FYET_MAPPING_END));
}

static void seq(struct pair *p)
{
	ck_assert_int_eq(json_seq(&p->j), 0);
	fy_ev(p, fy_emit_event_create(p->fy, FYET_SEQUENCE_START, FYNS_BLOCK,
				      NULL, NULL));
}

static void end_seq(struct pair *p)
{
	ck_assert_int_eq(json_end_seq(&p->j), 0);
	fy_ev(p, fy_emit_event_create(p->fy, FYET_SEQUENCE_END));
}

static void str(struct pair *p, const char *s, size_t len)
{
	ck_assert_int_eq(json_str(&p->j, s, len), 0);
	fy_ev(p, fy_emit_event_create(p->fy, FYET_SCALAR, FYSS_DOUBLE_QUOTED, s,
				      len, NULL, NULL));
}

static void num(struct pair *p, long long v)
{
	ck_assert_int_eq(json_num(&p->j, v), 0);
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%lld", v);
	fy_ev(p, fy_emit_event_create(p->fy, FYET_SCALAR, FYSS_PLAIN, tmp,
				      (size_t)n, NULL, NULL));
}

static void finish(struct pair *p)
{
	ck_assert_int_eq(json_finish(&p->j), 0);
	fy_ev(p, fy_emit_event_create(p->fy, FYET_DOCUMENT_END, 1));
	fy_ev(p, fy_emit_event_create(p->fy, FYET_STREAM_END));
}

/* Equal bytes, or the first place they part (a short message). */
static void same(const struct pair *p)
{
	const char *a = p->ours.data, *b = p->theirs.data;
	size_t i = 0;
	while (a[i] && a[i] == b[i]) {
		i++;
	}
	size_t from = i > 60 ? i - 60 : 0;
	ck_assert_msg(a[i] == b[i],
		      "differ at %zu:\nours:   %.100s\ntheirs: %.100s", i,
		      a + from, b + from);
}

static uint32_t rnd(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*state >> 33);
}

static const char *const pieces[] = {
	" ",
	"a",
	"z9",
	":",
	"\"",
	"\\",
	"\t",
	"\n",
	"\r",
	"\b",
	"\f",
	"\x01",
	"\x1f",
	"\x7f",
	"\xc2\x85",
	"\xc2\xa0",
	"\xc3\xa9",
	"\xe2\x80\xa8",
	"\xe3\x80\x80",
	"\xef\xbb\xbf",
	"\xef\xbf\xbe",
	"\xf0\x9f\x98\x80",
	"/",
	"#",
	"-",
};

static void random_str(struct pair *p, uint64_t *st)
{
	char s[64];
	size_t len = 0;
	size_t n = rnd(st) % 6;
	for (size_t i = 0; i < n; i++) {
		const char *x =
			pieces[rnd(st) % (sizeof(pieces) / sizeof(pieces[0]))];
		if (*x == ' ' && (i == 0 || i + 1 == n)) {
			x = "a";
		}
		memcpy(s + len, x, strlen(x));
		len += strlen(x);
	}
	str(p, s, len);
}

/* Keys are names (libfyaml writes others as "? key", which is no JSON). */
static void random_key(struct pair *p, uint64_t *st)
{
	static const char *const keys[] = { "file", "line", "end_column",
					    "$schema", "a" };
	const char *k = keys[rnd(st) % (sizeof(keys) / sizeof(keys[0]))];
	str(p, k, strlen(k));
}

static void random_value(struct pair *p, uint64_t *st, int depth)
{
	uint32_t r = rnd(st) % 10;
	if (depth > 4 || r < 4) {
		if (r == 0) {
			num(p, (long long)rnd(st) - 1000);
		} else {
			random_str(p, st);
		}
		return;
	}
	size_t n = rnd(st) % 4;
	if (r < 7) {
		map(p);
		for (size_t i = 0; i < n; i++) {
			random_key(p, st);
			random_value(p, st, depth + 1);
		}
		end_map(p);
	} else {
		seq(p);
		for (size_t i = 0; i < n; i++) {
			random_value(p, st, depth + 1);
		}
		end_seq(p);
	}
}

/* Under valgrind (the test setup sets COMPOSEFIX_VALGRIND) a sample. */
static bool slow(void)
{
	return getenv("COMPOSEFIX_VALGRIND") != NULL;
}

START_TEST(test_random_documents)
{
	uint64_t st = 42;
	int docs = slow() ? 100 : 3000;
	for (int doc = 0; doc < docs; doc++) {
		struct pair p;
		pair_init(&p);
		map(&p);
		for (uint32_t i = 0, n = rnd(&st) % 4; i < n; i++) {
			random_key(&p, &st);
			random_value(&p, &st, 1);
		}
		end_map(&p);
		finish(&p);
		same(&p);
		pair_release(&p);
	}
}
END_TEST

/* Every code point of the BMP and a sample beyond, alone and between
 * letters. */
START_TEST(test_every_code_point)
{
	struct pair p;
	pair_init(&p);
	seq(&p);
	for (long cp = 1; cp < 0x110000; cp++) {
		if ((cp >= 0xd800 && cp <= 0xdfff) ||
		    (cp > 0x10000 && cp % 251 != 0) ||
		    (slow() && cp > 0x800 && cp % 97 != 0)) {
			continue;
		}
		char s[8] = { 'a' };
		size_t n;
		if (cp < 0x80) {
			s[1] = (char)cp;
			n = 1;
		} else if (cp < 0x800) {
			s[1] = (char)(0xc0 | (cp >> 6));
			s[2] = (char)(0x80 | (cp & 0x3f));
			n = 2;
		} else if (cp < 0x10000) {
			s[1] = (char)(0xe0 | (cp >> 12));
			s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
			s[3] = (char)(0x80 | (cp & 0x3f));
			n = 3;
		} else {
			s[1] = (char)(0xf0 | (cp >> 18));
			s[2] = (char)(0x80 | ((cp >> 12) & 0x3f));
			s[3] = (char)(0x80 | ((cp >> 6) & 0x3f));
			s[4] = (char)(0x80 | (cp & 0x3f));
			n = 4;
		}
		s[n + 1] = 'b';
		str(&p, s, n + 2);
		if (cp != ' ') {
			str(&p, s + 1, n);
		}
	}
	end_seq(&p);
	finish(&p);
	same(&p);
	pair_release(&p);
}
END_TEST

/* libfyaml wrote " 80:80" as "80:80"; every byte is kept here. */
START_TEST(test_outer_spaces_kept)
{
	struct buf b;
	struct json j;
	buf_init(&b);
	json_init(&j, &b);
	ck_assert_int_eq(json_seq(&j), 0);
	ck_assert_int_eq(json_strz(&j, " 80:80 "), 0);
	ck_assert_int_eq(json_strz(&j, " "), 0);
	ck_assert_int_eq(json_end_seq(&j), 0);
	ck_assert_int_eq(json_finish(&j), 0);
	ck_assert_str_eq(b.data, "[\n  \" 80:80 \",\n  \" \"\n]\n");
	json_release(&j);
	buf_release(&b);
}
END_TEST

START_TEST(test_misuse)
{
	struct buf b;
	struct json j;
	buf_init(&b);
	json_init(&j, &b);
	ck_assert_int_eq(json_end_map(&j), -1);
	ck_assert_int_eq(json_map(&j), -1); /* refused after misuse */
	json_release(&j);
	json_init(&j, &b);
	ck_assert_int_eq(json_map(&j), 0);
	ck_assert_int_eq(json_finish(&j), -1); /* the map is open */
	json_release(&j);
	buf_release(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("against libfyaml");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_random_documents);
	tcase_add_test(tc, test_every_code_point);
	suite_add_tcase(s, tc);
	tc = tcase_create("misuse");
	tcase_add_test(tc, test_outer_spaces_kept);
	tcase_add_test(tc, test_misuse);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
