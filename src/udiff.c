#include "udiff.h"
#include "eol.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The diff is read off the edits: composefix knows exactly which bytes it
 * changed, so no line-matching search is needed. Each edit touches the
 * whole lines around it (or, for text inserted at a line start that ends
 * with a line break, no old line at all); touched ranges that meet are
 * one change; changes whose contexts meet are one hunk.
 */

enum {
	CONTEXT = 3,
	FUNC_MAX = 80,	    /* git cuts the funcname here */
	HUNK_HDR_MAX = 128, /* and the whole @@ line here */
};

/* Line starts of a text: start[i] is where line i begins. */
struct lines {
	const char *text;
	size_t len;
	size_t *start;
	size_t n;
	size_t hint; /* line_of()'s last answer */
};

static int lines_init(struct lines *l, const char *text, size_t len)
{
	size_t n = eol_count(text, len);
	if (len > 0 && text[len - 1] != '\n') {
		n++; /* a last line without a break */
	}
	l->text = text;
	l->len = len;
	l->n = n;
	l->hint = 0;
	l->start = malloc((n + 1) * sizeof(*l->start));
	if (!l->start) {
		errno = ENOMEM;
		return -1;
	}
	size_t k = 0, i = 0;
	if (n > 0) {
		l->start[k++] = 0;
	}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* the line breaks of eight bytes at once, lowest address first:
	 * no branch per byte, one per line */
	const uint64_t ones = 0x0101010101010101ull, low7 = ones * 0x7f;
	for (; len - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, text + i, sizeof(w));
		w ^= ones * '\n';
		uint64_t m = ~(((w & low7) + low7) | w) & (ones * 0x80);
		for (; m; m &= m - 1) {
			size_t at = i + (size_t)(__builtin_ctzll(m) >> 3) + 1;
			if (k < n) {
				l->start[k++] = at;
			}
		}
	}
#endif
	for (; i < len; i++) {
		if (text[i] == '\n' && k < n) {
			l->start[k++] = i + 1;
		}
	}
	l->start[n] = len;
	return 0;
}

/*
 * Whether no edit adds or removes a line break (the usual fix inserts an
 * address inside a line): then the new text's lines are the old ones,
 * each moved by the edits before it, and need no index of their own.
 */
static bool same_breaks(const struct lines *ol, const char *text, size_t len,
			const struct edit *e, size_t n)
{
	if (ol->len == 0 || len == 0 ||
	    (ol->text[ol->len - 1] == '\n') != (text[len - 1] == '\n')) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if ((e[i].ins_len && memchr(e[i].ins, '\n', e[i].ins_len)) ||
		    (e[i].del && memchr(ol->text + e[i].off, '\n', e[i].del))) {
			return false;
		}
	}
	return true;
}

/*
 * The line holding byte off (n for off == len). The edits come in order,
 * so each answer is near the one before: walked to from l->hint, which
 * moves along (the walk over a whole diff is a walk over the lines).
 */
static size_t line_of(struct lines *l, size_t off)
{
	size_t i = l->hint;
	while (i < l->n && l->start[i + 1] <= off) {
		i++;
	}
	while (i > 0 && l->start[i] > off) {
		i--;
	}
	l->hint = i;
	return i;
}

static const char *line_ptr(const struct lines *l, size_t i)
{
	return l->text + l->start[i];
}

static size_t line_len(const struct lines *l, size_t i)
{
	return l->start[i + 1] - l->start[i];
}

/* A change: old lines [o, o + oc) became new lines [n, n + nc). */
struct change_range {
	size_t o, oc;
	size_t n, nc;
	size_t na; /* where new line n starts */
};

/* Whether new is old with the sorted edits applied. */
static bool edits_match(const char *old, size_t old_len, const char *nw,
			size_t new_len, const struct edit *e, size_t n)
{
	size_t o = 0, w = 0;
	for (size_t i = 0; i < n; i++) {
		size_t keep = e[i].off - o;
		if (w + keep + e[i].ins_len > new_len ||
		    memcmp(old + o, nw + w, keep) != 0 ||
		    (e[i].ins_len &&
		     memcmp(e[i].ins, nw + w + keep, e[i].ins_len) != 0)) {
			return false;
		}
		w += keep + e[i].ins_len;
		o = e[i].off + e[i].del;
	}
	return new_len - w == old_len - o &&
	       memcmp(old + o, nw + w, old_len - o) == 0;
}

/* The old bytes [oa, ob) whose whole lines an edit touches. */
static void edit_span(struct lines *ol, const struct edit *x, size_t *oa,
		      size_t *ob)
{
	size_t a = x->off, b = x->off + x->del;
	bool line_start = a == 0 || ol->text[a - 1] == '\n';
	/* whole lines replaced by whole lines (or by none) */
	if (line_start && (x->del > 0 || x->ins_len > 0) &&
	    (x->del == 0 || ol->text[b - 1] == '\n') &&
	    (x->ins_len == 0 || x->ins[x->ins_len - 1] == '\n')) {
		*oa = a;
		*ob = b;
		return;
	}
	size_t first = line_of(ol, a);
	if (first == ol->n && first > 0) {
		first--; /* at the end of a last partial line */
	}
	*oa = ol->start[first];
	/* a line break deleted joins the next line to this one */
	size_t l = line_of(ol, b > a && ol->text[b - 1] != '\n' ? b - 1 : b);
	*ob = l < ol->n ? ol->start[l + 1] : ol->len;
	if (*ob < b) {
		*ob = b;
	}
}

/*
 * The changed line ranges: the byte spans the edits touch, joined where
 * they meet, then mapped to the new text (a span's edits all lie inside
 * it, so its new bytes are its old bytes shifted by the edits before it,
 * plus its own). nl NULL: the new text has the old one's line breaks
 * (same_breaks()), so its lines are numbered as the old ones. Returns how
 * many were written to out.
 */
static size_t ranges_collect(struct lines *ol, struct lines *nl,
			     const struct edit *e, size_t n,
			     struct change_range *out)
{
	size_t count = 0;
	long shift = 0; /* new offset minus old, after the edits so far */
	size_t i = 0;
	while (i < n) {
		size_t oa, ob;
		edit_span(ol, &e[i], &oa, &ob);
		long before = shift;
		shift += (long)e[i].ins_len - (long)e[i].del;
		for (i++; i < n; i++) {
			size_t a2, b2;
			edit_span(ol, &e[i], &a2, &b2);
			if (a2 > ob) {
				break;
			}
			if (b2 > ob) {
				ob = b2;
			}
			shift += (long)e[i].ins_len - (long)e[i].del;
		}
		size_t na = (size_t)((long)oa + before);
		size_t nb = (size_t)((long)ob + shift);
		struct change_range r = { .o = line_of(ol, oa), .na = na };
		r.oc = (ob == oa ? r.o : line_of(ol, ob - 1) + 1) - r.o;
		if (nl) {
			r.n = line_of(nl, na);
			r.nc = (nb == na ? r.n : line_of(nl, nb - 1) + 1) - r.n;
		} else {
			r.n = r.o;
			r.nc = r.oc;
		}
		out[count++] = r;
	}
	return count;
}

/* git's isspace(): no locale */
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* git's default funcname: a line starting with a letter, '_' or '$'. */
static bool funcname(const struct lines *l, size_t i, const char **p,
		     size_t *len)
{
	const char *s = line_ptr(l, i);
	size_t n = line_len(l, i);
	char c = n ? s[0] : 0;
	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	      c == '$')) {
		return false;
	}
	if (n > FUNC_MAX) {
		n = FUNC_MAX;
	}
	while (n > 0 && is_space(s[n - 1])) {
		n--;
	}
	*p = s;
	*len = n;
	return true;
}

/* "-S,C" or "+S,C" of a hunk header ("-S" for one line; an empty range
 * names the line before it, as git does). */
static int add_range(struct buf *out, char sign, size_t s, size_t c)
{
	if (buf_addc(out, sign) < 0) {
		return -1;
	}
	if (c == 1) {
		return buf_addu(out, s + 1);
	}
	if (buf_addu(out, c ? s + 1 : s) < 0 || buf_addc(out, ',') < 0) {
		return -1;
	}
	return buf_addu(out, c);
}

static int hunk_header(struct buf *out, size_t s1, size_t c1, size_t s2,
		       size_t c2, const char *func, size_t func_len)
{
	size_t at = out->len;
	if (buf_adds(out, "@@ ") < 0 || add_range(out, '-', s1, c1) < 0 ||
	    buf_addc(out, ' ') < 0 || add_range(out, '+', s2, c2) < 0 ||
	    buf_adds(out, " @@") < 0) {
		return -1;
	}
	size_t n = out->len - at; /* at most 3 + 2 * 42 + 3 */
	if (func_len > 0) {
		size_t room = HUNK_HDR_MAX - n - 1;
		if (func_len > room) {
			func_len = room;
		}
		if (buf_addc(out, ' ') < 0 ||
		    buf_add(out, func, func_len) < 0) {
			return -1;
		}
	}
	return buf_addc(out, '\n');
}

static int record_bytes(struct buf *out, char sign, const char *p, size_t len)
{
	/* one growth for the sign and the line: a diff has many lines */
	if (buf_grow(out, len + 1) < 0) {
		return -1;
	}
	out->data[out->len] = sign;
	memcpy(out->data + out->len + 1, p, len);
	out->len += len + 1;
	out->data[out->len] = '\0';
	if (len == 0 || p[len - 1] != '\n') {
		return buf_adds(out, "\n\\ No newline at end of file\n");
	}
	return 0;
}

static int record(struct buf *out, char sign, const struct lines *l, size_t i)
{
	return record_bytes(out, sign, line_ptr(l, i), line_len(l, i));
}

/* The line of text[0..len) that starts at *at; *at moves past it. */
static int record_next(struct buf *out, char sign, const char *text, size_t len,
		       size_t *at)
{
	const char *p = text + *at;
	const char *nl = memchr(p, '\n', len - *at);
	size_t n = nl ? (size_t)(nl - p) + 1 : len - *at;
	*at += n;
	return record_bytes(out, sign, p, n);
}

/*
 * git writes a path in C quotes when it holds a control character, '"',
 * '\\' or a byte >= 0x80 (core.quotePath), and ends the line with a tab
 * when the path holds a space, so that patch(1) reads it whole.
 */
static int path_header(struct buf *out, const char *mark, const char *prefix,
		       const char *path)
{
	bool quote = false;
	for (const char *p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
			quote = true;
		}
	}
	if (buf_adds(out, mark) < 0) {
		return -1;
	}
	if (!quote) {
		if (buf_adds(out, prefix) < 0 || buf_adds(out, path) < 0) {
			return -1;
		}
	} else {
		if (buf_addc(out, '"') < 0 || buf_adds(out, prefix) < 0) {
			return -1;
		}
		for (const char *p = path; *p; p++) {
			unsigned char c = (unsigned char)*p;
			static const char esc[] = "\a\b\t\n\v\f\r";
			static const char name[] = "abtnvfr";
			const char *k = c ? strchr(esc, c) : NULL;
			int rc;
			if (k) {
				rc = buf_addf(out, "\\%c", name[k - esc]);
			} else if (c == '"' || c == '\\') {
				rc = buf_addf(out, "\\%c", c);
			} else if (c < 0x20 || c >= 0x7f) {
				rc = buf_addf(out, "\\%03o", c);
			} else {
				rc = buf_addc(out, (char)c);
			}
			if (rc < 0) {
				return -1;
			}
		}
		if (buf_addc(out, '"') < 0) {
			return -1;
		}
	}
	if (strchr(path, ' ') && buf_addc(out, '\t') < 0) {
		return -1;
	}
	return buf_addc(out, '\n');
}

static int hunks_write(struct buf *out, const struct lines *ol,
		       const char *new_text, size_t new_len,
		       const struct change_range *r, size_t count)
{
	const char *func = NULL;
	size_t func_len = 0;
	size_t searched = 0; /* funcname lines below this were looked at */

	for (size_t k = 0; k < count;) {
		/* the changes of this hunk: contexts closer than 2x meet */
		size_t last = k;
		while (last + 1 < count &&
		       r[last + 1].o - (r[last].o + r[last].oc) <=
			       2 * CONTEXT) {
			last++;
		}
		size_t before = r[k].o < CONTEXT ? r[k].o : CONTEXT;
		size_t o_end = r[last].o + r[last].oc;
		size_t after =
			ol->n - o_end < CONTEXT ? ol->n - o_end : CONTEXT;
		size_t o1 = r[k].o - before;
		size_t n1 = r[k].n - before;
		size_t oc = o_end + after - o1;
		size_t nc = r[last].n + r[last].nc + after - n1;

		/* the nearest funcname line above the hunk, as git finds it */
		for (size_t i = o1; i > searched; i--) {
			if (funcname(ol, i - 1, &func, &func_len)) {
				break;
			}
		}
		searched = o1;
		if (hunk_header(out, o1, oc, n1, nc, func, func_len) < 0) {
			return -1;
		}
		size_t o = o1;
		for (size_t j = k; j <= last; j++) {
			for (; o < r[j].o; o++) {
				if (record(out, ' ', ol, o) < 0) {
					return -1;
				}
			}
			for (size_t i = 0; i < r[j].oc; i++) {
				if (record(out, '-', ol, r[j].o + i) < 0) {
					return -1;
				}
			}
			size_t at = r[j].na;
			for (size_t i = 0; i < r[j].nc; i++) {
				if (record_next(out, '+', new_text, new_len,
						&at) < 0) {
					return -1;
				}
			}
			o = r[j].o + r[j].oc;
		}
		for (; o < o_end + after; o++) {
			if (record(out, ' ', ol, o) < 0) {
				return -1;
			}
		}
		k = last + 1;
	}
	return 0;
}

int udiff_write(struct buf *out, const char *path, const char *old_text,
		size_t old_len, const char *new_text, size_t new_len,
		const struct edit *e, size_t n)
{
	struct edit *sorted = NULL;
	struct change_range *ranges = NULL;
	struct lines ol = { 0 }, nl = { 0 };
	size_t keep = out->len;
	int rc = -1;

	if (n == 0 ||
	    (old_len == new_len && memcmp(old_text, new_text, old_len) == 0)) {
		return 0;
	}
	sorted = malloc(n * sizeof(*sorted));
	ranges = malloc(n * sizeof(*ranges));
	if (!sorted || !ranges) {
		errno = ENOMEM;
		goto out;
	}
	memcpy(sorted, e, n * sizeof(*sorted));
	if (edit_sort_check(sorted, n, old_len) < 0 ||
	    !edits_match(old_text, old_len, new_text, new_len, sorted, n)) {
		errno = EINVAL;
		goto out;
	}
	if (lines_init(&ol, old_text, old_len) < 0) {
		goto out;
	}
	bool same = same_breaks(&ol, new_text, new_len, sorted, n);
	if (!same && lines_init(&nl, new_text, new_len) < 0) {
		goto out;
	}
	size_t count =
		ranges_collect(&ol, same ? NULL : &nl, sorted, n, ranges);
	if (path_header(out, "--- ", "a/", path) < 0 ||
	    path_header(out, "+++ ", "b/", path) < 0 ||
	    hunks_write(out, &ol, new_text, new_len, ranges, count) < 0) {
		goto out;
	}
	rc = 0;
out:
	if (rc < 0) {
		int err = errno;
		if (out->data) {
			buf_truncate(out, keep);
		}
		errno = err;
	}
	free(ol.start);
	free(nl.start);
	free(sorted);
	free(ranges);
	return rc;
}

/* Path components, as (start, length) pairs into the strings split. */
struct comps {
	struct comp {
		const char *s;
		size_t len;
	} * v;
	size_t n;
	size_t cap;
};

/*
 * Appends the components of path to c, folding "." and "dir/..". A ".."
 * with nothing left to fold is kept only when keep_up (a relative path
 * not yet joined to cwd), else dropped ("/.." is "/").
 */
static int comps_add(struct comps *c, const char *path, bool keep_up)
{
	const char *p = path;
	while (*p) {
		while (*p == '/') {
			p++;
		}
		const char *end = p;
		while (*end && *end != '/') {
			end++;
		}
		size_t len = (size_t)(end - p);
		if (len == 0 || (len == 1 && p[0] == '.')) {
			p = end;
			continue;
		}
		bool up = len == 2 && p[0] == '.' && p[1] == '.';
		if (up && c->n > 0 &&
		    !(c->v[c->n - 1].len == 2 &&
		      memcmp(c->v[c->n - 1].s, "..", 2) == 0)) {
			c->n--;
		} else if (!up || keep_up) {
			if (array_grow((void **)&c->v, &c->cap, c->n,
				       sizeof(*c->v)) < 0) {
				return -1;
			}
			c->v[c->n++] = (struct comp){ p, len };
		}
		p = end;
	}
	return 0;
}

static int comps_join(struct buf *out, const struct comps *c, size_t from)
{
	for (size_t i = from; i < c->n; i++) {
		if ((i > from && buf_addc(out, '/') < 0) ||
		    buf_add(out, c->v[i].s, c->v[i].len) < 0) {
			return -1;
		}
	}
	return 0;
}

int udiff_name(struct buf *out, const char *path, const char *cwd)
{
	struct comps rel = { 0 }, abs = { 0 }, here = { 0 };
	size_t keep = out->len;
	int rc = -1;
	bool absolute = path[0] == '/';

	if (!absolute) {
		if (comps_add(&rel, path, true) < 0) {
			goto out;
		}
		if (!cwd || rel.n == 0 || rel.v[0].len != 2 ||
		    memcmp(rel.v[0].s, "..", 2) != 0) {
			rc = comps_join(out, &rel, 0);
			goto out;
		}
	}
	/* absolute, or climbing out: placed against cwd */
	if ((!absolute && comps_add(&abs, cwd, false) < 0) ||
	    comps_add(&abs, path, false) < 0 ||
	    (cwd && comps_add(&here, cwd, false) < 0)) {
		goto out;
	}
	size_t k = 0;
	while (cwd && k < here.n && k < abs.n &&
	       here.v[k].len == abs.v[k].len &&
	       memcmp(here.v[k].s, abs.v[k].s, here.v[k].len) == 0) {
		k++;
	}
	bool inside = cwd && k == here.n && abs.n > here.n;
	rc = comps_join(out, &abs, inside ? here.n : 0) < 0 ? -1
	     : inside					    ? 0
							    : 1;
out:
	if (rc < 0) {
		int err = errno;
		if (out->data) {
			buf_truncate(out, keep);
		}
		errno = err;
	}
	free(rel.v);
	free(abs.v);
	free(here.v);
	return rc;
}
