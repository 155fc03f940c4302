#include "env.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "portspec.h"

void env_init(struct env *e)
{
	e->v = NULL;
	e->n = 0;
	e->cap = 0;
}

void env_release(struct env *e)
{
	if (!e) {
		return;
	}
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].name);
		free(e->v[i].value);
	}
	free(e->v);
	env_init(e);
}

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static int env_set(struct env *e, const char *name, size_t nlen,
		   const char *value, size_t vlen, bool unknown)
{
	char *v = dup_n(value, vlen);
	if (!v) {
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < e->n; i++) {
		if (strlen(e->v[i].name) == nlen &&
		    memcmp(e->v[i].name, name, nlen) == 0) {
			free(e->v[i].value);
			e->v[i].value = v;
			e->v[i].unknown = unknown;
			return 0;
		}
	}
	if (array_grow((void **)&e->v, &e->cap, e->n, sizeof(*e->v)) < 0) {
		free(v);
		return -1;
	}
	char *n = dup_n(name, nlen);
	if (!n) {
		free(v);
		errno = ENOMEM;
		return -1;
	}
	e->v[e->n++] = (struct env_var){ n, v, unknown };
	return 0;
}

static bool is_name_char(char c, bool first)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (!first && c >= '0' && c <= '9');
}

/*
 * The variables a lookup sees, in order: the first that has a name
 * decides (compose-go looks in the variables that win before the text's
 * own).
 */
struct scope {
	const struct env *v[2];
	size_t n;
};

static const struct env_var *scope_find(const struct scope *sc,
					const char *name, size_t len)
{
	for (size_t i = 0; i < sc->n; i++) {
		const struct env_var *v = env_find(sc->v[i], name, len);
		if (v) {
			return v;
		}
	}
	return NULL;
}

static int expand(const struct scope *sc, const char *s, size_t len,
		  struct buf *out);

/*
 * The length of a blank that is not a line break at s[i]: compose-go's
 * isSpace (\t \v \f \r space, U+0085, U+00A0), or 0.
 */
static size_t blank_len(const char *s, size_t i, size_t len)
{
	unsigned char c = (unsigned char)s[i];
	if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r') {
		return 1;
	}
	if (c == 0xc2 && i + 1 < len &&
	    ((unsigned char)s[i + 1] == 0x85 ||
	     (unsigned char)s[i + 1] == 0xa0)) {
		return 2;
	}
	return 0;
}

/* unicode.IsSpace, as far as a .env needs it: a blank or a line break. */
static size_t space_len(const char *s, size_t i, size_t len)
{
	return s[i] == '\n' ? 1 : blank_len(s, i, len);
}

static size_t trim_right(const char *s, size_t from, size_t to)
{
	while (to > from) {
		if (space_len(s, to - 1, to)) {
			to--;
		} else if (to - from >= 2 && (unsigned char)s[to - 2] == 0xc2 &&
			   blank_len(s, to - 2, to) == 2) {
			to -= 2;
		} else {
			break;
		}
	}
	return to;
}

/* A character compose-go allows in a name: letters, digits, "_.-[]". */
static bool is_key_char(unsigned char c)
{
	return c == '_' || c == '.' || c == '-' || c == '[' || c == ']' ||
	       (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c >= 0x80; /* non-ASCII letters */
}

static int add_utf8(struct buf *b, unsigned v)
{
	if (v < 0x80) {
		return buf_addc(b, (char)v);
	}
	char u[2] = { (char)(0xc0 | (v >> 6)), (char)(0x80 | (v & 0x3f)) };
	return buf_add(b, u, 2);
}

/*
 * compose-go's expandEscapes over a double-quoted value: \a \b \f \n \r
 * \t \v \" \\ become their characters, \$ becomes "$$" (a literal dollar
 * once interpolated), \0NNN is an octal byte; any other backslash stays.
 */
static int unescape(const char *s, size_t len, struct buf *out)
{
	static const char from[] = "abfnrtv\"\\";
	static const char to[] = "\a\b\f\n\r\t\v\"\\";
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\\' || i + 1 >= len) {
			if (buf_addc(out, s[i]) < 0) {
				return -1;
			}
			continue;
		}
		char c = s[i + 1];
		const char *k = c ? strchr(from, c) : NULL;
		int rc;
		if (k) {
			rc = buf_addc(out, to[k - from]);
			i++;
		} else if (c == '$') {
			rc = buf_adds(out, "$$");
			i++;
		} else if (c == 'c') {
			rc = buf_add(out, s + i, 2); /* matched, not unquoted */
			i++;
		} else if (c == '0') {
			/* "\0" and up to three digits; Go then reads "\NNN",
			 * which must be exactly three octal digits */
			size_t d = 0;
			while (d < 3 && i + 2 + d < len &&
			       s[i + 2 + d] >= '0' && s[i + 2 + d] <= '9') {
				d++;
			}
			unsigned v = 0;
			bool octal = d == 3;
			for (size_t j = 0; j < d; j++) {
				char x = s[i + 2 + j];
				octal = octal && x <= '7';
				v = v * 8 + (unsigned)(x - '0');
			}
			if (octal && v <= 0377) {
				rc = add_utf8(out, v);
			} else {
				/* the rewritten match, "\" and the digits */
				rc = buf_addc(out, '\\');
				if (rc == 0) {
					rc = buf_add(out, s + i + 2, d);
				}
			}
			i += 1 + d;
		} else {
			rc = buf_addc(out, '\\');
		}
		if (rc < 0) {
			return -1;
		}
	}
	return 0;
}

static int parse_fail(struct env_error *err, unsigned line, const char *msg)
{
	if (err) {
		err->line = line;
		err->msg = msg;
	}
	errno = EINVAL;
	return -1;
}

/* Sets name to the expansion of raw[0..rlen) in scope sc. */
static int set_expanded(struct env *e, const struct scope *sc, const char *name,
			size_t nlen, const char *raw, size_t rlen,
			struct env_error *err, unsigned line)
{
	struct buf v;
	buf_init(&v);
	int r = expand(sc, raw, rlen, &v);
	int rc;
	if (r < 0 && errno != ENOMEM) {
		rc = parse_fail(err, line, "invalid interpolation format");
	} else if (r < 0) {
		rc = -1;
	} else {
		rc = env_set(e, name, nlen, r == 1 && v.data ? v.data : "",
			     r == 1 ? v.len : 0, r == 0);
	}
	buf_release(&v);
	return rc;
}

int env_parse(struct env *e, const char *s, size_t len,
	      const struct env *lookup, struct env_error *err)
{
	struct scope sc = { { lookup, e }, 0 };
	if (lookup) {
		sc.n = 2;
	} else {
		sc.v[0] = e;
		sc.n = 1;
	}
	unsigned line = 1;
	size_t i = 0;
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		i = 3;
	}
	for (;;) {
		/* the statement's start: blanks, line breaks, comments */
		size_t k;
		while (i < len && (k = space_len(s, i, len)) > 0) {
			line += s[i] == '\n';
			i += k;
		}
		if (i >= len) {
			break;
		}
		if (s[i] == '#') {
			const char *nl = memchr(s + i, '\n', len - i);
			i = nl ? (size_t)(nl - s) : len;
			continue;
		}
		/* "export" and a blank (Go's \s) */
		if (len - i > 6 && memcmp(s + i, "export", 6) == 0 &&
		    memchr(" \t\n\f\r", s[i + 6], 5)) {
			i += 6;
			while (i < len && (k = blank_len(s, i, len)) > 0) {
				i += k;
			}
		}
		size_t name = i, t = i;
		while (t < len && s[t] != '=' && s[t] != ':' && s[t] != '\n') {
			if ((k = blank_len(s, t, len)) > 0) {
				t += k;
				continue;
			}
			if (!is_key_char((unsigned char)s[t])) {
				return parse_fail(err, line,
						  "unexpected character in "
						  "variable name");
			}
			t++;
		}
		if (t >= len) {
			break; /* a last word with no separator sets nothing */
		}
		size_t nend = trim_right(s, name, t);
		for (size_t j = name; j < nend; j++) {
			if (s[j] == ' ') {
				return parse_fail(err, line,
						  "key cannot contain a space");
			}
		}
		size_t nlen = nend - name;
		bool inherited = s[t] == '\n';
		i = t + 1;
		if (inherited) {
			/* "NAME" alone: the shell's value */
			if (env_set(e, s + name, nlen, "", 0, true) < 0) {
				return -1;
			}
			line++;
			continue;
		}
		while (i < len && (k = blank_len(s, i, len)) > 0) {
			i += k;
		}
		if (i < len && (s[i] == '"' || s[i] == '\'')) {
			char q = s[i];
			unsigned at = line;
			struct buf raw;
			buf_init(&raw);
			bool esc = false, closed = false;
			size_t j = i + 1;
			for (; j < len; j++) {
				char c = s[j];
				line += c == '\n';
				int rc = 0;
				if (esc) {
					esc = false;
					if (c != q) {
						rc = buf_addc(&raw, '\\');
					}
					if (rc == 0) {
						rc = buf_addc(&raw, c);
					}
				} else if (c == '\\') {
					esc = true;
				} else if (c == q) {
					closed = true;
					break;
				} else {
					rc = buf_addc(&raw, c);
				}
				if (rc < 0) {
					buf_release(&raw);
					return -1;
				}
			}
			if (!closed) {
				buf_release(&raw);
				return parse_fail(err, at,
						  "unterminated quoted value");
			}
			int rc;
			if (q == '\'') {
				rc = env_set(e, s + name, nlen,
					     raw.data ? raw.data : "", raw.len,
					     false);
			} else {
				struct buf un;
				buf_init(&un);
				rc = unescape(raw.data ? raw.data : "", raw.len,
					      &un);
				if (rc == 0) {
					rc = set_expanded(
						e, &sc, s + name, nlen,
						un.data ? un.data : "", un.len,
						err, at);
				}
				buf_release(&un);
			}
			buf_release(&raw);
			if (rc < 0) {
				return -1;
			}
			i = j + 1; /* the rest of the line is read on */
			continue;
		}
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;
		size_t vend = end;
		for (size_t j = i; j + 1 < end; j++) {
			if (s[j] == ' ' && s[j + 1] == '#') {
				vend = j; /* an inline comment */
				break;
			}
		}
		vend = trim_right(s, i, vend);
		if (set_expanded(e, &sc, s + name, nlen, s + i, vend - i, err,
				 line) < 0) {
			return -1;
		}
		i = end;
	}
	return 0;
}

const struct env_var *env_find(const struct env *e, const char *name,
			       size_t len)
{
	for (size_t i = e->n; i-- > 0;) {
		if (strlen(e->v[i].name) == len &&
		    memcmp(e->v[i].name, name, len) == 0) {
			return &e->v[i];
		}
	}
	return NULL;
}

const char *env_get(const struct env *e, const char *name, size_t len)
{
	const struct env_var *v = env_find(e, name, len);
	return v && !v->unknown ? v->value : NULL;
}

int env_merge(struct env *dst, const struct env *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct env_var *v = &src->v[i];
		if (!env_find(dst, v->name, strlen(v->name)) &&
		    env_set(dst, v->name, strlen(v->name), v->value,
			    strlen(v->value), v->unknown) < 0) {
			return -1;
		}
	}
	return 0;
}

bool env_equal(const struct env *a, const struct env *b)
{
	if (a->n != b->n) {
		return false;
	}
	for (size_t i = 0; i < a->n; i++) {
		const struct env_var *v =
			env_find(b, a->v[i].name, strlen(a->v[i].name));
		if (!v || v->unknown != a->v[i].unknown ||
		    strcmp(v->value, a->v[i].value) != 0) {
			return false;
		}
	}
	return true;
}

/* Expands one token s[0..len) (from portspec_interp_len). */
static int expand_token(const struct scope *sc, const char *s, size_t len,
			struct buf *out)
{
	if (len == 2 && s[1] == '$') {
		return buf_addc(out, '$') < 0 ? -1 : 1;
	}
	if (len == 1) {
		return buf_addc(out, '$') < 0 ? -1 : 1;
	}
	size_t i = s[1] == '{' ? 2 : 1;
	size_t name = i;
	while (i < len && is_name_char(s[i], i == name)) {
		i++;
	}
	size_t nlen = i - name;
	const struct env_var *var = scope_find(sc, s + name, nlen);
	if (var && var->unknown) {
		return 0; /* whatever the operator, the shell decides */
	}
	const char *val = var ? var->value : NULL;
	if (s[1] != '{' || s[i] == '}') {
		if (!val) {
			return 0;
		}
		return buf_adds(out, val) < 0 ? -1 : 1;
	}
	bool colon = s[i] == ':';
	if (colon) {
		i++;
	}
	char op = s[i++];
	const char *arg = s + i;
	size_t alen = len - i - 1; /* up to the closing brace */
	bool set = val != NULL;
	bool nonempty = set && val[0] != '\0';
	bool present = colon ? nonempty : set;
	switch (op) {
	case '-':
		if (present) {
			return buf_adds(out, val) < 0 ? -1 : 1;
		}
		return expand(sc, arg, alen, out);
	case '+':
		if (present) {
			return expand(sc, arg, alen, out);
		}
		return 1;
	case '?':
		if (!set) {
			return 0;
		}
		return buf_adds(out, val) < 0 ? -1 : 1;
	default:
		errno = EINVAL;
		return -1;
	}
}

static int expand(const struct scope *sc, const char *s, size_t len,
		  struct buf *out)
{
	int known = 1;
	size_t i = 0;
	while (i < len) {
		const char *d = memchr(s + i, '$', len - i);
		size_t lit = d ? (size_t)(d - s) - i : len - i;
		if (buf_add(out, s + i, lit) < 0) {
			return -1;
		}
		i += lit;
		if (i >= len) {
			break;
		}
		size_t t = portspec_interp_len(s + i, len - i);
		if (t == 0) {
			errno = EINVAL;
			return -1;
		}
		int r = expand_token(sc, s + i, t, out);
		if (r < 0) {
			return -1;
		}
		if (r == 0) {
			known = 0;
		}
		i += t;
	}
	return known;
}

int env_expand(const struct env *e, const char *s, size_t len, struct buf *out)
{
	struct scope sc = { { e, NULL }, 1 };
	return expand(&sc, s, len, out);
}

bool env_default_span(const char *s, size_t len, size_t *off, size_t *dlen)
{
	if (len < 5 || s[0] != '$' || s[1] != '{' ||
	    portspec_interp_len(s, len) != len) {
		return false;
	}
	size_t i = 2;
	while (i < len && is_name_char(s[i], i == 2)) {
		i++;
	}
	if (i < len && s[i] == ':') {
		i++;
	}
	if (i >= len || s[i] != '-') {
		return false;
	}
	*off = i + 1;
	*dlen = len - 1 - *off;
	return true;
}

bool env_applied_default(const struct env *e, const char *s, size_t len,
			 size_t *off, size_t *dlen)
{
	size_t base = 0;
	bool found = false;

	/* iterative: a hostile "${A:-${A:-..." nests as deep as it likes */
	for (;;) {
		size_t o, n;
		if (!env_default_span(s + base, len, &o, &n)) {
			break;
		}
		size_t name = base + 2;
		size_t nlen = 0;
		while (is_name_char(s[name + nlen], nlen == 0)) {
			nlen++;
		}
		const struct env_var *var = env_find(e, s + name, nlen);
		if (var && var->unknown) {
			return false; /* the shell's value decides */
		}
		const char *val = var ? var->value : NULL;
		bool colon = s[name + nlen] == ':';
		bool applies = !val || (colon && val[0] == '\0');
		if (!applies) {
			return false; /* the variable's own value decides */
		}
		base += o;
		len = n;
		found = true;
		if (!memchr(s + base, '$', len)) {
			break; /* plain text: this default is the address */
		}
	}
	if (!found || memchr(s + base, '$', len)) {
		return false;
	}
	*off = base;
	*dlen = len;
	return true;
}
