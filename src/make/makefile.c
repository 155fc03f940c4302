#include "makefile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"

/* One physical line: [start, end) without its newline; next line at next. */
struct line {
	size_t start, end, next;
};

static struct line line_at(const char *d, size_t len, size_t i)
{
	const char *nl = memchr(d + i, '\n', len - i);
	struct line l = { i, nl ? (size_t)(nl - d) : len, 0 };
	l.next = nl ? l.end + 1 : len;
	return l;
}

/* Whether the line ends in an odd run of backslashes (a continuation). */
static bool continues(const char *d, const struct line *l)
{
	size_t e = l->end, n = 0;
	if (e > l->start && d[e - 1] == '\r') {
		e--;
	}
	while (e > l->start && d[e - 1] == '\\') {
		e--;
		n++;
	}
	return n % 2 == 1 && l->next > l->end;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* "# composefix: ignore" at d[i] (a '#'), as in shell and compose files. */
static bool ignore_comment(const char *d, size_t i, size_t end)
{
	if (i >= end || d[i] != '#') {
		return false;
	}
	for (i++; i < end && is_blank(d[i]); i++) {
	}
	if (end - i < 10 || strncmp(d + i, "composefix", 10) != 0) {
		return false;
	}
	for (i += 10; i < end && (is_blank(d[i]) || d[i] == ':'); i++) {
	}
	return end - i >= 6 && strncmp(d + i, "ignore", 6) == 0;
}

void makefile_init(struct makefile *m)
{
	memset(m, 0, sizeof(*m));
}

void makefile_release(struct makefile *m)
{
	if (!m) {
		return;
	}
	free(m->segs);
	free(m->texts);
	for (size_t i = 0; i < m->nvars; i++) {
		free(m->vars[i]);
	}
	free(m->vars);
	makefile_init(m);
}

static int seg_add(struct makefile *m, size_t off, size_t end)
{
	if (array_grow((void **)&m->segs, &m->segs_cap, m->nsegs,
		       sizeof(*m->segs)) < 0) {
		return -1;
	}
	m->segs[m->nsegs++] = (struct shellcmd_seg){ off, end - off };
	return 0;
}

/*
 * A text from d[start] on the logical line whose first physical line is
 * *l: its continuation lines follow, each without one leading recipe
 * prefix when strip is set. *l becomes the logical line's last line.
 */
static int text_add(struct makefile *m, const char *d, size_t len, size_t start,
		    struct line *l, char strip, bool ignored)
{
	if (array_grow((void **)&m->texts, &m->texts_cap, m->ntexts,
		       sizeof(*m->texts)) < 0) {
		return -1;
	}
	struct make_text *t = &m->texts[m->ntexts];
	t->seg = m->nsegs;
	t->ignored = ignored;
	/* An inline recipe may start on a continuation line. */
	while (start >= l->next && continues(d, l)) {
		*l = line_at(d, len, l->next);
	}
	if (start > l->next) {
		start = l->next;
	}
	if (seg_add(m, start, l->next) < 0) {
		return -1;
	}
	while (continues(d, l)) {
		*l = line_at(d, len, l->next);
		size_t s = l->start;
		if (strip && s < l->end && d[s] == strip) {
			s++;
		}
		if (seg_add(m, s, l->next) < 0) {
			return -1;
		}
	}
	t->nsegs = m->nsegs - t->seg;
	m->ntexts++;
	return 0;
}

/* Skips the rest of a logical line. */
static void skip_logical(const char *d, size_t len, struct line *l)
{
	while (continues(d, l)) {
		*l = line_at(d, len, l->next);
	}
}

static int var_add(struct makefile *m, const char *name, size_t n)
{
	for (size_t i = 0; i < m->nvars; i++) {
		if (strlen(m->vars[i]) == n &&
		    memcmp(m->vars[i], name, n) == 0) {
			return 0;
		}
	}
	if (array_grow((void **)&m->vars, &m->vars_cap, m->nvars,
		       sizeof(*m->vars)) < 0) {
		return -1;
	}
	m->vars[m->nvars] = strndup(name, n);
	if (!m->vars[m->nvars]) {
		errno = ENOMEM;
		return -1;
	}
	m->nvars++;
	return 0;
}

static bool mentions(const char *s, size_t n)
{
	static const char *const clis[] = { "docker", "podman", "nerdctl" };
	for (size_t k = 0; k < 3; k++) {
		size_t cl = strlen(clis[k]);
		for (size_t i = 0; i + cl <= n; i++) {
			if (strncasecmp(s + i, clis[k], cl) == 0) {
				return true;
			}
		}
	}
	return false;
}

/* The end of the logical line starting with l (its last byte). */
static size_t logical_end(const char *d, size_t len, struct line l)
{
	while (continues(d, &l)) {
		l = line_at(d, len, l.next);
	}
	return l.end;
}

static bool word_is(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && strncmp(s, w, k) == 0 && (n == k || is_blank(s[k]));
}

/* The line of a define's body that ends it ("endef"), or len. */
static size_t endef_at(const char *d, size_t len, size_t i)
{
	while (i < len) {
		struct line k = line_at(d, len, i);
		size_t b = k.start;
		while (b < k.end && is_blank(d[b])) {
			b++;
		}
		if (word_is(d + b, k.end - b, "endef")) {
			return i;
		}
		i = k.next;
	}
	return len;
}

/*
 * "define NAME" at d[s..e) (its first line *l): a multi-line variable.
 * When its body mentions a container CLI it is a canned recipe (used as
 * "$(NAME)" in a recipe): each of its lines is a recipe line. *l ends as
 * the "endef" line.
 */
static int define(struct makefile *m, const char *d, size_t len, size_t s,
		  size_t e, struct line *l)
{
	size_t n = s + 6, ne;
	while (n < e && is_blank(d[n])) {
		n++;
	}
	ne = n;
	while (ne < e && !is_blank(d[ne]) && d[ne] != '=' && d[ne] != ':' &&
	       d[ne] != '?' && d[ne] != '+' && d[ne] != '\r') {
		ne++;
	}
	size_t body = l->next, end = endef_at(d, len, body);
	if (mentions(d + body, end - body)) {
		if (ne > n && var_add(m, d + n, ne - n) < 0) {
			return -1;
		}
		for (size_t i = body; i < end;) {
			struct line k = line_at(d, len, i);
			size_t b = k.start;
			while (b < k.end && (is_blank(d[b]) || d[b] == '@' ||
					     d[b] == '-' || d[b] == '+')) {
				b++;
			}
			if (b < k.end && d[b] != '\r' &&
			    text_add(m, d, len, b, &k, '\t', false) < 0) {
				return -1;
			}
			i = k.next;
		}
	}
	*l = line_at(d, len, end < len ? end : len);
	if (end >= len) {
		l->start = l->end = l->next = len;
	}
	return 0;
}

enum line_kind {
	LINE_OTHER,
	LINE_RULE,
	LINE_ASSIGN,
};

/*
 * Reads a line that is neither a recipe, a comment nor blank: where its
 * first ':' or '=' outside $(...) and ${...} is says what it is.
 * *op is the assignment operator's first byte, *val the value's start,
 * *semi an inline recipe's start (SIZE_MAX: none).
 */
static enum line_kind classify(const char *d, size_t s, size_t e, size_t *op,
			       size_t *val, size_t *semi)
{
	size_t depth = 0;
	*semi = SIZE_MAX;
	for (size_t i = s; i < e; i++) {
		char c = d[i];
		if (c == '$' && i + 1 < e &&
		    (d[i + 1] == '(' || d[i + 1] == '{')) {
			depth++;
			i++;
			continue;
		}
		if ((c == ')' || c == '}') && depth > 0) {
			depth--;
			continue;
		}
		if (depth > 0) {
			continue;
		}
		if (c == '=') {
			*op = i;
			if (i > s && (d[i - 1] == '?' || d[i - 1] == '+' ||
				      d[i - 1] == '!')) {
				*op = i - 1;
			}
			*val = i + 1;
			return LINE_ASSIGN;
		}
		if (c == ':') {
			size_t k = i;
			while (k < e && d[k] == ':') {
				k++;
			}
			if (k < e && d[k] == '=') {
				*op = i;
				*val = k + 1;
				return LINE_ASSIGN;
			}
			/* A rule; a target-specific assignment is not one
			 * whose recipe follows. */
			for (size_t j = k; j < e; j++) {
				if (d[j] == ';') {
					*semi = j + 1;
					break;
				}
				if (d[j] == '=') {
					return LINE_OTHER;
				}
			}
			return LINE_RULE;
		}
	}
	return LINE_OTHER;
}

int makefile_scan(struct makefile *m, const char *d, size_t len)
{
	char prefix = '\t';
	bool in_rule = false, ignore_next = false;
	size_t i = 0;

	while (i < len) {
		struct line l = line_at(d, len, i);
		size_t s = l.start;

		if (in_rule && s < l.end && d[s] == prefix) {
			s++;
			while (s < l.end && (d[s] == '@' || d[s] == '-' ||
					     d[s] == '+' || is_blank(d[s]))) {
				s++;
			}
			bool ign = ignore_comment(d, s, l.end);
			if (text_add(m, d, len, s, &l, prefix, ignore_next) <
			    0) {
				return -1;
			}
			ignore_next = ign;
			i = l.next;
			continue;
		}
		if (s < l.end && d[s] == prefix) {
			/* A recipe line before any rule: make refuses it. */
			skip_logical(d, len, &l);
			i = l.next;
			continue;
		}
		while (s < l.end && is_blank(d[s])) {
			s++;
		}
		if (s >= l.end || d[s] == '#' ||
		    (s + 1 == l.end && d[s] == '\r')) {
			ignore_next = ignore_comment(d, s, l.end);
			skip_logical(d, len, &l);
			i = l.next;
			continue;
		}
		ignore_next = false;
		size_t e = logical_end(d, len, l);
		if (word_is(d + s, e - s, "define")) {
			if (define(m, d, len, s, e, &l) < 0) {
				return -1;
			}
			in_rule = false;
			i = l.next;
			continue;
		}
		static const char *const directives[] = {
			"ifeq",	    "ifneq", "ifdef",	 "ifndef",
			"else",	    "endif", "include",	 "-include",
			"sinclude", "vpath", "unexport",
		};
		bool directive = false;
		for (size_t k = 0; k < sizeof(directives) / sizeof(*directives);
		     k++) {
			directive |= word_is(d + s, e - s, directives[k]);
		}
		if (directive) {
			skip_logical(d, len, &l);
			i = l.next;
			continue;
		}
		for (bool more = true; more;) {
			more = false;
			static const char *const mods[] = { "export",
							    "override",
							    "private" };
			for (size_t k = 0; k < 3; k++) {
				if (word_is(d + s, e - s, mods[k])) {
					s += strlen(mods[k]);
					while (s < e && is_blank(d[s])) {
						s++;
					}
					more = true;
				}
			}
		}
		size_t op = 0, val = 0, semi;
		enum line_kind kind = classify(d, s, e, &op, &val, &semi);
		if (kind == LINE_ASSIGN) {
			in_rule = false;
			size_t ne = op;
			while (ne > s && is_blank(d[ne - 1])) {
				ne--;
			}
			while (val < e && is_blank(d[val])) {
				val++;
			}
			if (ne - s == 13 &&
			    strncmp(d + s, ".RECIPEPREFIX", 13) == 0) {
				prefix = val < l.end && d[val] != '\r' ? d[val]
								       : '\t';
			} else if (mentions(d + val, e - val)) {
				if (var_add(m, d + s, ne - s) < 0 ||
				    text_add(m, d, len, val, &l, 0, false) <
					    0) {
					return -1;
				}
				i = l.next;
				continue;
			}
		} else if (kind == LINE_RULE) {
			in_rule = true;
			if (semi != SIZE_MAX) {
				while (semi < e &&
				       (is_blank(d[semi]) || d[semi] == '@' ||
					d[semi] == '-' || d[semi] == '+')) {
					semi++;
				}
				if (text_add(m, d, len, semi, &l, prefix,
					     false) < 0) {
					return -1;
				}
				i = l.next;
				continue;
			}
		} else {
			in_rule = false;
		}
		skip_logical(d, len, &l);
		i = l.next;
	}
	return 0;
}

struct shellcmd_input makefile_input(const struct makefile *m, size_t i,
				     struct source *src)
{
	struct shellcmd_input in = { src, m->segs + m->texts[i].seg,
				     m->texts[i].nsegs, SHELLCMD_MAKE };
	return in;
}
