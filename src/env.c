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
		   const char *value, size_t vlen)
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
	e->v[e->n++] = (struct env_var){ n, v };
	return 0;
}

static bool is_name_char(char c, bool first)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (!first && c >= '0' && c <= '9');
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int env_parse(struct env *e, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;
		size_t next = nl ? end + 1 : len;
		if (end > i && s[end - 1] == '\r') {
			end--;
		}
		while (i < end && is_blank(s[i])) {
			i++;
		}
		if (end - i > 7 && memcmp(s + i, "export ", 7) == 0) {
			i += 7;
			while (i < end && is_blank(s[i])) {
				i++;
			}
		}
		size_t name = i;
		while (i < end && is_name_char(s[i], i == name)) {
			i++;
		}
		size_t nlen = i - name;
		while (i < end && is_blank(s[i])) {
			i++;
		}
		if (nlen == 0 || i >= end || s[i] != '=') {
			i = next; /* a comment, a blank or not an assignment */
			continue;
		}
		i++;
		while (i < end && is_blank(s[i])) {
			i++;
		}
		size_t v = i, vend = end;
		if (i < end && (s[i] == '"' || s[i] == '\'')) {
			const char *q = memchr(s + i + 1, s[i], end - i - 1);
			v = i + 1;
			vend = q ? (size_t)(q - s) : end;
		} else {
			for (size_t j = i; j < end; j++) {
				if (s[j] == '#' && j > i &&
				    is_blank(s[j - 1])) {
					vend = j;
					break;
				}
			}
			while (vend > v && is_blank(s[vend - 1])) {
				vend--;
			}
		}
		if (env_set(e, s + name, nlen, s + v, vend - v) < 0) {
			return -1;
		}
		i = next;
	}
	return 0;
}

const char *env_get(const struct env *e, const char *name, size_t len)
{
	for (size_t i = e->n; i-- > 0;) {
		if (strlen(e->v[i].name) == len &&
		    memcmp(e->v[i].name, name, len) == 0) {
			return e->v[i].value;
		}
	}
	return NULL;
}

/* Expands one token s[0..len) (from portspec_interp_len). */
static int expand_token(const struct env *e, const char *s, size_t len,
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
	const char *val = env_get(e, s + name, nlen);
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
		return env_expand(e, arg, alen, out);
	case '+':
		if (present) {
			return env_expand(e, arg, alen, out);
		}
		return 1;
	case '?':
		if (!set) {
			return 0;
		}
		return buf_adds(out, val) < 0 ? -1 : 1;
	default:
		return -1;
	}
}

int env_expand(const struct env *e, const char *s, size_t len, struct buf *out)
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
			return -1;
		}
		int r = expand_token(e, s + i, t, out);
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
		const char *val = env_get(e, s + name, nlen);
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
