#include "env.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Brace-initializer tables read best as tables. */
/* clang-format off */

/* env_parse: after parsing text, name has value (NULL: unset). */
struct parse_row {
	const char *text;
	long len; /* -1: strlen(text) */
	const char *name;
	const char *value;
};

static const struct parse_row parse_rows[] = {
	{ "A=1\n", -1, "A", "1" },
	{ "A=1", -1, "A", "1" },			/* no final newline */
	{ "", -1, "A", NULL },
	{ "\n\n\n", -1, "A", NULL },
	/* comments */
	{ "# A=1\n", -1, "A", NULL },
	{ "   # A=1\nB=2\n", -1, "A", NULL },
	{ "# comment\nA=1\n", -1, "A", "1" },
	{ "A=1 # note\n", -1, "A", "1" },
	{ "A=1\t# note\n", -1, "A", "1\t# note" }, /* only " #" cuts */
	{ "A=1#not-a-comment\n", -1, "A", "1#not-a-comment" },
	{ "A=\"1 # kept\"\n", -1, "A", "1 # kept" },
	{ "A='1 # kept'\n", -1, "A", "1 # kept" },
	/* export */
	{ "export A=1\n", -1, "A", "1" },
	{ "export   A=1\n", -1, "A", "1" },
	{ "  export A=1\n", -1, "A", "1" },
	{ "export A=1\n", -1, "export", NULL },
	{ "exportA=1\n", -1, "exportA", "1" },
	{ "export=1\n", -1, "export", "1" },
	/* quotes */
	{ "A=\"a b\"\n", -1, "A", "a b" },
	{ "A='a b'\n", -1, "A", "a b" },
	{ "A=\"\"\n", -1, "A", "" },
	{ "A=''\n", -1, "A", "" },
	{ "A=\"it's\"\n", -1, "A", "it's" },
	{ "A='say \"hi\"'\n", -1, "A", "say \"hi\"" },
	{ "A=\"0.0.0.0\" # wildcard\n", -1, "A", "0.0.0.0" },
	/* spacing */
	{ "A = 1\n", -1, "A", "1" },
	{ "A\t=\t1\t\n", -1, "A", "1" },
	{ "  A=1  \n", -1, "A", "1" },
	{ "A=a b c\n", -1, "A", "a b c" },
	{ "A=\n", -1, "A", "" },
	{ "A=b=c\n", -1, "A", "b=c" },
	{ "A=${B:-x}\n", -1, "A", "x" },		/* values are expanded */
	/* names */
	{ "_a1=1\n", -1, "_a1", "1" },
	{ "lower=1\n", -1, "lower", "1" },
	{ "A=1\n", -1, "a", NULL },			/* case matters */
	{ "AB=1\n", -1, "A", NULL },
	{ "A=1\n", -1, "AB", NULL },
	/* CRLF */
	{ "A=1\r\nB=2\r\n", -1, "A", "1" },
	{ "A=1\r\nB=2\r\n", -1, "B", "2" },
	{ "A=\"q\"\r\n", -1, "A", "q" },
	{ "# c\r\nA=1 # c\r\n", -1, "A", "1" },
	/* a later line overrides an earlier one */
	{ "A=1\nA=2\n", -1, "A", "2" },
	{ "A=1\nB=x\nA=\n", -1, "A", "" },
	{ "export A=1\nA=\"2\"\n", -1, "A", "2" },
	/* garbage lines are skipped, the rest still counts */
	{ "=1\nA=2\n", -1, "A", "2" },
	{ "9X=4\nA=1\n", -1, "9X", "4" },
	{ "9X=4\nA=1\n", -1, "A", "1" },
	{ "A-B=1\nC=2\n", -1, "A-B", "1" },
	{ "A-B=1\nC=2\n", -1, "C", "2" },
	{ "A\nB=2\n", -1, "A", NULL },
	{ "A\nB=2\n", -1, "B", "2" },
	{ "A : 1\nB=2\n", -1, "A", "1" },		/* YAML style */
	/* only len bytes are read */
	/* as compose-go's dotenv: expansion, "KEY: value", quotes, escapes */
	{ "IP1=127.0.0.1\nIP10=${IP1}\n", -1, "IP10", "127.0.0.1" },
	{ "IP1=127.0.0.1\nIP10=\"${IP1}\"\n", -1, "IP10", "127.0.0.1" },
	{ "IP1=127.0.0.1\nIP10='${IP1}'\n", -1, "IP10", "${IP1}" },
	{ "IP10=${IP1}\nIP1=1\n", -1, "IP10", NULL },	/* unknown yet */
	{ "IP10=${IP1:-10.0.0.1}\n", -1, "IP10", "10.0.0.1" },
	{ "A: 1\n", -1, "A", "1" },
	{ "A:1", -1, "A", "1" },
	{ "export A: 1\n", -1, "A", "1" },
	{ "export\tA=1\n", -1, "A", "1" },
	{ "A=\"a\\nb\"\n", -1, "A", "a\nb" },
	{ "A='a\\nb'\n", -1, "A", "a\\nb" },
	{ "A=\"\\$B\"\n", -1, "A", "$B" },
	{ "A=$$B\n", -1, "A", "$B" },
	{ "A=\"it\\\"s\"\n", -1, "A", "it\"s" },
	{ "A='it\\'s'\n", -1, "A", "it's" },
	{ "A=\"multi\nline\"\nB=2\n", -1, "A", "multi\nline" },
	{ "A=\"multi\nline\"\nB=2\n", -1, "B", "2" },
	{ "A=\"x\" B=2\n", -1, "B", "2" },	/* read on after a quote */
	{ "A=\"x\" # c\n", -1, "A", "x" },
	{ "A= #c\n", -1, "A", "#c" },		/* no blank before '#' */
	{ "\xef\xbb\xbf" "A=1\n", -1, "A", "1" },	/* a BOM */
	{ "A=\"\\0101\"\n", -1, "A", "A" },	/* octal */
	{ "A=1\r\n", -1, "A", "1" },
	{ "A=123", 4, "A", "12" },
	{ "A=1\nB=2", 4, "B", NULL },
};

#define NPARSE ((int)(sizeof(parse_rows) / sizeof(parse_rows[0])))

/* env_parse refuses what compose-go's dotenv refuses, at that line. */
struct error_row {
	const char *text;
	unsigned line;
	const char *msg;
};

static const struct error_row error_rows[] = {
	{ "not an assignment\nA=1\n", 1, "key cannot contain a space" },
	{ "A=1\nB C=2\n", 2, "key cannot contain a space" },
	{ "A=1\n\nB*C=2\n", 3, "unexpected character in variable name" },
	{ "A=\"unterminated\nB=2\n", 1, "unterminated quoted value" },
	{ "A='x\n", 1, "unterminated quoted value" },
	{ "A=${B\n", 1, "invalid interpolation format" },
	{ "# c\nA=\"${B\"\n", 2, "invalid interpolation format" },
};

#define NERROR ((int)(sizeof(error_rows) / sizeof(error_rows[0])))

/*
 * env_expand over VARS: returns rc, and for rc 1 out is exactly want.
 * len -1: strlen(in).
 */
static const char VARS[] =
	"SET=val\n"
	"EMPTY=\n"
	"IP=127.0.0.1\n"
	"WILD=0.0.0.0\n"
	"PORT=8080\n"
	"DOLLAR='a$b'\n"
	"SHELL\n"			/* from the shell: unknown */
	"FROM_SHELL=${SHELL}\n";

struct expand_row {
	const char *in;
	long len;
	int rc;
	const char *want;
};

static const struct expand_row expand_rows[] = {
	/* no variables */
	{ "", -1, 1, "" },
	{ "80:80", -1, 1, "80:80" },
	{ "$$", -1, 1, "$" },
	{ "$$$$", -1, 1, "$$" },
	{ "a$$b", -1, 1, "a$b" },
	{ "$$SET", -1, 1, "$SET" },
	{ "$${SET}", -1, 1, "${SET}" },
	{ "$${UNSET:-x}", -1, 1, "${UNSET:-x}" },
	/* a '$' that starts no token is itself */
	{ "$", -1, 1, "$" },
	{ "a$", -1, 1, "a$" },
	{ "$:80", -1, 1, "$:80" },
	{ "$-1", -1, 1, "$-1" },
	{ "$1", -1, 1, "$1" },
	/* $VAR and ${VAR} */
	{ "$SET", -1, 1, "val" },
	{ "${SET}", -1, 1, "val" },
	{ "$SET:80", -1, 1, "val:80" },
	{ "${SET}x", -1, 1, "valx" },
	{ "x${SET}y${SET}z", -1, 1, "xvalyvalz" },
	{ "$SETx", -1, 0, NULL },		/* the name is SETx */
	{ "$UNSET", -1, 0, NULL },
	{ "${UNSET}", -1, 0, NULL },
	{ "${UNSET}:80:80", -1, 0, NULL },
	{ "80:${UNSET}", -1, 0, NULL },
	{ "$EMPTY", -1, 1, "" },
	{ "${EMPTY}:80", -1, 1, ":80" },
	{ "${IP}:${PORT}:80", -1, 1, "127.0.0.1:8080:80" },
	{ "$DOLLAR", -1, 1, "a$b" },		/* a value is not expanded */
	{ "${set}", -1, 0, NULL },		/* case matters */
	/* a value only the shell knows decides nothing here */
	{ "${SHELL}", -1, 0, NULL },
	{ "${SHELL:-127.0.0.1}", -1, 0, NULL },
	{ "${FROM_SHELL}", -1, 0, NULL },
	{ "${FROM_SHELL+x}", -1, 0, NULL },
	/* ${VAR:-d}: d when unset or empty */
	{ "${SET:-d}", -1, 1, "val" },
	{ "${EMPTY:-d}", -1, 1, "d" },
	{ "${UNSET:-d}", -1, 1, "d" },
	{ "${UNSET:-}", -1, 1, "" },
	{ "${UNSET:-0.0.0.0}:80:80", -1, 1, "0.0.0.0:80:80" },
	{ "${UNSET:-127.0.0.1:13306}:3306", -1, 1, "127.0.0.1:13306:3306" },
	/* ${VAR-d}: d when unset */
	{ "${SET-d}", -1, 1, "val" },
	{ "${EMPTY-d}", -1, 1, "" },
	{ "${UNSET-d}", -1, 1, "d" },
	{ "${UNSET-}", -1, 1, "" },
	/* ${VAR:+a}: a when set and not empty, else empty */
	{ "${SET:+a}", -1, 1, "a" },
	{ "${EMPTY:+a}", -1, 1, "" },
	{ "${UNSET:+a}", -1, 1, "" },
	{ "${UNSET:+a}:80", -1, 1, ":80" },
	/* ${VAR+a}: a when set */
	{ "${SET+a}", -1, 1, "a" },
	{ "${EMPTY+a}", -1, 1, "a" },
	{ "${UNSET+a}", -1, 1, "" },
	/* ${VAR:?e} and ${VAR?e}: the value */
	{ "${SET:?e}", -1, 1, "val" },
	{ "${SET?e}", -1, 1, "val" },
	{ "${EMPTY?e}", -1, 1, "" },
	{ "${UNSET:?e}", -1, 0, NULL },
	{ "${UNSET?e}", -1, 0, NULL },
	/* nesting: defaults are expanded in turn */
	{ "${UNSET:-${SET}}", -1, 1, "val" },
	{ "${UNSET:-${IP}}:80:80", -1, 1, "127.0.0.1:80:80" },
	{ "${UNSET:-${UNSET2:-x}}", -1, 1, "x" },
	{ "${UNSET:-${UNSET2}}", -1, 0, NULL },
	{ "${SET:-${UNSET}}", -1, 1, "val" },	/* the default is not needed */
	{ "${EMPTY:-${WILD}}", -1, 1, "0.0.0.0" },
	{ "${SET:+${IP}:80}", -1, 1, "127.0.0.1:80" },
	{ "${SET:+${UNSET}}", -1, 0, NULL },
	{ "${UNSET:+${UNSET2}}", -1, 1, "" },
	{ "${UNSET:-$$}", -1, 1, "$" },
	{ "${UNSET:-a$${b}}", -1, 1, "a${b}" },
	{ "${UNSET:-$SET}", -1, 1, "val" },
	{ "${A:-${B:-${C:-${D:-deep}}}}", -1, 1, "deep" },
	{ "${A:-${B:-${C:-${IP}}}}:${PORT}:80", -1, 1, "127.0.0.1:8080:80" },
	{ "${SET}}", -1, 1, "val}" },		/* a stray brace is text */
	/* only len bytes are read */
	{ "$SETX", 4, 1, "val" },
	{ "${SET}:80", 6, 1, "val" },
	{ "$$$", 2, 1, "$" },
	/* malformed tokens */
	{ "${", -1, -1, NULL },
	{ "${}", -1, -1, NULL },
	{ "${SET", -1, -1, NULL },
	{ "${SET:-x", -1, -1, NULL },
	{ "x${SET", -1, -1, NULL },
	{ "${SET}${", -1, -1, NULL },
	{ "${SET:}", -1, -1, NULL },
	{ "${SET:x}", -1, -1, NULL },
	{ "${SET!x}", -1, -1, NULL },
	{ "${SET=x}", -1, -1, NULL },
	{ "${1A}", -1, -1, NULL },
	{ "${-x}", -1, -1, NULL },
	{ "${A B}", -1, -1, NULL },
	{ "${UNSET:-${}}", -1, -1, NULL },
	{ "${UNSET:-${X}", -1, -1, NULL },
	{ "${SET}", 5, -1, NULL },		/* the brace is past len */
};

#define NEXPAND ((int)(sizeof(expand_rows) / sizeof(expand_rows[0])))

/* env_default_span: ok, and then the default's offset and length. */
struct span_row {
	const char *in;
	bool ok;
	size_t off;
	size_t len;
};

static const struct span_row span_rows[] = {
	{ "${IP:-0.0.0.0}", true, 6, 7 },
	{ "${IP-0.0.0.0}", true, 5, 7 },
	{ "${IP:-}", true, 6, 0 },
	{ "${A-}", true, 4, 0 },
	{ "${IP:-${A:-b}}", true, 6, 7 },
	{ "${IP:-[::]}", true, 6, 4 },
	{ "${LONG_NAME_1:-127.0.0.1}", true, 15, 9 },
	{ "${IP}", false, 0, 0 },
	{ "${IP:+x}", false, 0, 0 },
	{ "${IP+x}", false, 0, 0 },
	{ "${IP:?x}", false, 0, 0 },
	{ "${IP?x}", false, 0, 0 },
	{ "$IP", false, 0, 0 },
	{ "$$", false, 0, 0 },
	{ "", false, 0, 0 },
	{ "0.0.0.0", false, 0, 0 },
	{ "${IP:-a}b", false, 0, 0 },
	{ "x${IP:-a}", false, 0, 0 },
	{ "${IP:-a}${B:-c}", false, 0, 0 },
	{ "${IP:-a", false, 0, 0 },
	{ "${:-a}", false, 0, 0 },
	{ "${-a}", false, 0, 0 },
};

#define NSPAN ((int)(sizeof(span_rows) / sizeof(span_rows[0])))

/*
 * env_applied_default under the variables "SET=0.0.0.0", "EMPTY=": the
 * innermost default the value came from, if any.
 */
static const struct span_row applied_rows[] = {
	{ "${IP:-0.0.0.0}", true, 6, 7 },
	{ "${IP-0.0.0.0}", true, 5, 7 },
	{ "${IP:-}", true, 6, 0 },
	{ "${EMPTY:-0.0.0.0}", true, 9, 7 },
	/* "-" never applies to a set variable, even an empty one */
	{ "${EMPTY-127.0.0.1}", false, 0, 0 },
	{ "${SET:-127.0.0.1}", false, 0, 0 },
	{ "${SET-127.0.0.1}", false, 0, 0 },
	/* nested: the innermost default, so both overrides stay */
	{ "${A:-${B:-0.0.0.0}}", true, 10, 7 },
	{ "${A-${B-${C-}}}", true, 12, 0 },
	{ "${EMPTY:-${B:-0.0.0.0}}", true, 14, 7 },
	{ "${A:-${SET:-x}}", false, 0, 0 },
	{ "${A:-${EMPTY-x}}", false, 0, 0 },
	/* a default that holds a variable and text: no single default */
	{ "${A:-${B}}", false, 0, 0 },
	{ "${A:-x${B:-y}}", false, 0, 0 },
	{ "${A:+0.0.0.0}", false, 0, 0 },
	{ "0.0.0.0", false, 0, 0 },
	{ "${SET}", false, 0, 0 },
};

#define NAPPLIED ((int)(sizeof(applied_rows) / sizeof(applied_rows[0])))

/* clang-format on */

static size_t row_len(long len, const char *s)
{
	return len < 0 ? strlen(s) : (size_t)len;
}

START_TEST(test_parse)
{
	const struct parse_row *r = &parse_rows[_i];
	struct env e;
	const char *got;

	env_init(&e);
	ck_assert_int_eq(
		env_parse(&e, r->text, row_len(r->len, r->text), NULL, NULL),
		0);
	got = env_get(&e, r->name, strlen(r->name));
	if (r->value) {
		ck_assert_msg(got != NULL, "row %d: %s unset", _i, r->name);
		ck_assert_msg(strcmp(got, r->value) == 0,
			      "row %d: %s is \"%s\", want \"%s\"", _i, r->name,
			      got, r->value);
	} else {
		ck_assert_msg(got == NULL, "row %d: %s is \"%s\", want unset",
			      _i, r->name, got ? got : "");
	}
	env_release(&e);
}
END_TEST

START_TEST(test_expand)
{
	const struct expand_row *r = &expand_rows[_i];
	struct env e;
	struct buf out;
	int rc;

	env_init(&e);
	buf_init(&out);
	ck_assert_int_eq(env_parse(&e, VARS, strlen(VARS), NULL, NULL), 0);
	rc = env_expand(&e, r->in, row_len(r->len, r->in), &out);
	ck_assert_msg(rc == r->rc, "'%s': rc %d, want %d", r->in, rc, r->rc);
	if (r->rc == 1) {
		ck_assert_msg(strcmp(out.data ? out.data : "", r->want) == 0,
			      "'%s': \"%s\", want \"%s\"", r->in,
			      out.data ? out.data : "", r->want);
		ck_assert_uint_eq(out.len, strlen(r->want));
	}
	buf_release(&out);
	env_release(&e);
}
END_TEST

START_TEST(test_span)
{
	const struct span_row *r = &span_rows[_i];
	size_t off = 99, len = 99;
	bool ok = env_default_span(r->in, strlen(r->in), &off, &len);

	ck_assert_msg(ok == r->ok, "'%s': %d, want %d", r->in, ok, r->ok);
	if (r->ok) {
		ck_assert_msg(off == r->off && len == r->len,
			      "'%s': span %zu+%zu, want %zu+%zu", r->in, off,
			      len, r->off, r->len);
	}
}
END_TEST

START_TEST(test_applied)
{
	static const char text[] = "SET=0.0.0.0\nEMPTY=\n";
	const struct span_row *r = &applied_rows[_i];
	struct env e;
	size_t off = 99, len = 99;

	env_init(&e);
	ck_assert_int_eq(env_parse(&e, text, strlen(text), NULL, NULL), 0);
	bool ok = env_applied_default(&e, r->in, strlen(r->in), &off, &len);
	ck_assert_msg(ok == r->ok, "'%s': %d, want %d", r->in, ok, r->ok);
	if (r->ok) {
		ck_assert_msg(off == r->off && len == r->len,
			      "'%s': span %zu+%zu, want %zu+%zu", r->in, off,
			      len, r->off, r->len);
	}
	env_release(&e);
}
END_TEST

/* Only len bytes: a default that ends past len is no default. */
START_TEST(test_span_len)
{
	size_t off, len;

	ck_assert(!env_default_span("${IP:-0.0.0.0}", 13, &off, &len));
	ck_assert(env_default_span("${IP:-x}trailing", 8, &off, &len));
	ck_assert_uint_eq(off, 6);
	ck_assert_uint_eq(len, 1);
}
END_TEST

/* The result is appended to what out already holds. */
START_TEST(test_expand_appends)
{
	struct env e;
	struct buf out;

	env_init(&e);
	buf_init(&out);
	ck_assert_int_eq(env_parse(&e, "IP=::1\n", 7, NULL, NULL), 0);
	ck_assert_int_eq(buf_adds(&out, "pre:"), 0);
	ck_assert_int_eq(env_expand(&e, "[${IP}]", 7, &out), 1);
	ck_assert_str_eq(out.data, "pre:[::1]");
	ck_assert_int_eq(env_expand(&e, ":80", 3, &out), 1);
	ck_assert_str_eq(out.data, "pre:[::1]:80");
	buf_release(&out);
	env_release(&e);
}
END_TEST

/* With nothing parsed, every variable is unset; defaults still apply. */
START_TEST(test_empty_env)
{
	struct env e;
	struct buf out;

	env_init(&e);
	buf_init(&out);
	ck_assert_ptr_null(env_get(&e, "A", 1));
	ck_assert_int_eq(env_expand(&e, "${A:-127.0.0.1}", 15, &out), 1);
	ck_assert_str_eq(out.data, "127.0.0.1");
	buf_truncate(&out, 0);
	ck_assert_int_eq(env_expand(&e, "$A", 2, &out), 0);
	buf_release(&out);
	env_release(&e);
	env_release(&e); /* released twice: still fine */
	env_release(NULL);
}
END_TEST

/* env_get reads name[0..len) only: no NUL needed. */
START_TEST(test_get_len)
{
	struct env e;
	const char *v;

	env_init(&e);
	ck_assert_int_eq(env_parse(&e, "A=1\nAB=2\n", 9, NULL, NULL), 0);
	v = env_get(&e, "ABC", 1);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v, "1");
	v = env_get(&e, "ABC", 2);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v, "2");
	ck_assert_ptr_null(env_get(&e, "ABC", 3));
	ck_assert_ptr_null(env_get(&e, "", 0));
	env_release(&e);
}
END_TEST

START_TEST(test_parse_error)
{
	const struct error_row *r = &error_rows[_i];
	struct env e;
	struct env_error err = { 0, NULL };

	env_init(&e);
	errno = 0;
	ck_assert_int_eq(env_parse(&e, r->text, strlen(r->text), NULL, &err),
			 -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_msg(err.line == r->line, "row %d: line %u, want %u", _i,
		      err.line, r->line);
	ck_assert_str_eq(err.msg, r->msg);
	env_release(&e);
}
END_TEST

/* The variables that win are looked up first, then the text's own; a
 * "NAME" line is known to be set, to a value only the shell knows. */
START_TEST(test_parse_lookup)
{
	struct env root, e;
	const struct env_var *v;

	env_init(&root);
	env_init(&e);
	ck_assert_int_eq(env_parse(&root, "IP=0.0.0.0\n", 11, NULL, NULL), 0);
	ck_assert_int_eq(
		env_parse(&e, "IP=127.0.0.1\nX=${IP}\nY\n", 23, &root, NULL),
		0);
	ck_assert_str_eq(env_get(&e, "IP", 2), "127.0.0.1");
	ck_assert_str_eq(env_get(&e, "X", 1), "0.0.0.0");
	v = env_find(&e, "Y", 1);
	ck_assert_ptr_nonnull(v);
	ck_assert(v->unknown);
	ck_assert_ptr_null(env_get(&e, "Y", 1));
	/* merging: a name dst has is never overridden */
	ck_assert_int_eq(env_merge(&root, &e), 0);
	ck_assert_str_eq(env_get(&root, "IP", 2), "0.0.0.0");
	ck_assert_str_eq(env_get(&root, "X", 1), "0.0.0.0");
	ck_assert(!env_equal(&root, &e));
	env_release(&root);
	env_release(&e);
}
END_TEST

/* Several env_parse calls add up; a later text overrides. */
START_TEST(test_parse_twice)
{
	struct env e;

	env_init(&e);
	ck_assert_int_eq(env_parse(&e, "A=1\nB=1\n", 8, NULL, NULL), 0);
	ck_assert_int_eq(env_parse(&e, "B=2\n", 4, NULL, NULL), 0);
	ck_assert_str_eq(env_get(&e, "A", 1), "1");
	ck_assert_str_eq(env_get(&e, "B", 1), "2");
	ck_assert_uint_eq(e.n, 2);
	env_release(&e);
	ck_assert_uint_eq(e.n, 0);
	ck_assert_ptr_null(e.v);
}
END_TEST

/* Many variables: the table grows, every one is found. */
START_TEST(test_many)
{
	struct env e;
	struct buf text;
	char name[16];
	char want[16];
	int i;

	env_init(&e);
	buf_init(&text);
	for (i = 0; i < 1000; i++) {
		ck_assert_int_eq(buf_addf(&text, "V%d=%d\r\n", i, i * 7), 0);
	}
	ck_assert_int_eq(env_parse(&e, text.data, text.len, NULL, NULL), 0);
	ck_assert_uint_eq(e.n, 1000);
	for (i = 0; i < 1000; i += 37) {
		snprintf(name, sizeof(name), "V%d", i);
		snprintf(want, sizeof(want), "%d", i * 7);
		ck_assert_str_eq(env_get(&e, name, strlen(name)), want);
	}
	buf_release(&text);
	env_release(&e);
}
END_TEST

static Suite *env_suite(void)
{
	Suite *s = suite_create("env");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_parse, 0, NPARSE);
	tcase_add_loop_test(tc, test_parse_error, 0, NERROR);
	tcase_add_test(tc, test_parse_lookup);
	tcase_add_test(tc, test_get_len);
	tcase_add_test(tc, test_parse_twice);
	tcase_add_test(tc, test_many);
	suite_add_tcase(s, tc);

	tc = tcase_create("expand");
	tcase_add_loop_test(tc, test_expand, 0, NEXPAND);
	tcase_add_test(tc, test_expand_appends);
	tcase_add_test(tc, test_empty_env);
	suite_add_tcase(s, tc);

	tc = tcase_create("default_span");
	tcase_add_loop_test(tc, test_span, 0, NSPAN);
	tcase_add_test(tc, test_span_len);
	tcase_add_loop_test(tc, test_applied, 0, NAPPLIED);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(env_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
