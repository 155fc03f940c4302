#include "udiff.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The output must be byte for byte what `git diff` prints, so the numbers
 * below are git's (xdiff/xemit.c, xdiff/xdiffi.c, xdiff/xutils.c), not
 * choices of ours.
 */
#define CONTEXT 3
#define FUNC_MAX 80	 /* bytes of a funcname line git keeps */
#define HUNK_HDR_MAX 127 /* an "@@" line, funcname included, without '\n' */

/* Our own limit: the line table of one edited stretch (4 bytes a cell). */
#define LCS_MAX_CELLS ((size_t)1 << 20)

/* Indent heuristic (git's diff.indentHeuristic, on by default). */
#define MAX_INDENT 200
#define MAX_BLANKS 20
#define MAX_SLIDING 100
#define START_OF_FILE_PENALTY 1
#define END_OF_FILE_PENALTY 21
#define TOTAL_BLANK_WEIGHT (-30)
#define POST_BLANK_WEIGHT 6
#define RELATIVE_INDENT_PENALTY (-4)
#define RELATIVE_INDENT_WITH_BLANK_PENALTY 10
#define RELATIVE_OUTDENT_PENALTY 24
#define RELATIVE_OUTDENT_WITH_BLANK_PENALTY 17
#define RELATIVE_DEDENT_PENALTY 23
#define RELATIVE_DEDENT_WITH_BLANK_PENALTY 17
#define INDENT_WEIGHT 60

#define BUG(msg) udiff_bug(__FILE__, __LINE__, (msg))

static void udiff_bug(const char *file, int line, const char *msg)
{
	fprintf(stderr, "composefix: BUG: %s:%d: %s\n", file, line, msg);
	abort();
}

/* One side of the diff: its text cut into lines, and which lines changed. */
struct side {
	const char *text;
	size_t len;
	size_t n;      /* lines; a last line without '\n' counts */
	size_t *start; /* n + 1 offsets, start[n] == len */
	char *chg;     /* n + 2 flags: line i is chg[i + 1], zeros around */
};

/* A run of changed lines: n1 old lines at i1 replaced by n2 new at i2. */
struct change {
	size_t i1;
	size_t n1;
	size_t i2;
	size_t n2;
};

static int side_init(struct side *s, const char *text, size_t len)
{
	size_t n = 0;

	s->text = text;
	s->len = len;
	s->start = NULL;
	s->chg = NULL;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n') {
			n++;
		}
	}
	if (len > 0 && text[len - 1] != '\n') {
		n++;
	}
	s->n = n;
	/* n <= len, so n + 2 cannot wrap; the product can */
	if (n + 1 > SIZE_MAX / sizeof(*s->start)) {
		errno = ENOMEM;
		return -1;
	}
	s->start = malloc((n + 1) * sizeof(*s->start));
	s->chg = calloc(n + 2, 1);
	if (!s->start || !s->chg) {
		errno = ENOMEM;
		return -1;
	}
	size_t k = 0;
	s->start[k++] = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n' && i + 1 < len) {
			s->start[k++] = i + 1;
		}
	}
	s->start[n] = len;
	return 0;
}

static void side_release(struct side *s)
{
	free(s->start);
	free(s->chg);
	s->start = NULL;
	s->chg = NULL;
}

static bool side_chg(const struct side *s, size_t i)
{
	return s->chg[i + 1] != 0;
}

static void side_set(struct side *s, size_t i, bool v)
{
	s->chg[i + 1] = v;
}

static const char *line_ptr(const struct side *s, size_t i)
{
	return s->text + s->start[i];
}

static size_t line_len(const struct side *s, size_t i)
{
	return s->start[i + 1] - s->start[i];
}

static bool lines_eq(const struct side *a, size_t i, const struct side *b,
		     size_t j)
{
	size_t len = line_len(a, i);
	return len == line_len(b, j) &&
	       memcmp(line_ptr(a, i), line_ptr(b, j), len) == 0;
}

/*
 * The line holding byte off. The end of the text belongs to the last line
 * when that line has no '\n' (an insertion there changes it), and is the
 * line past the end (n) otherwise.
 */
static size_t side_line_at(const struct side *s, size_t off)
{
	if (off >= s->len) {
		if (s->len > 0 && s->text[s->len - 1] != '\n') {
			return s->n - 1;
		}
		return s->n;
	}
	size_t lo = 0;
	size_t hi = s->n; /* start[hi] > off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->start[mid] <= off) {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	return lo;
}

/* The line starting exactly at off, or n for the end of the text. */
static size_t side_line_from(const struct side *s, size_t off)
{
	if (off >= s->len) {
		return s->n;
	}
	size_t i = side_line_at(s, off);
	if (s->start[i] != off) {
		BUG("edit range does not end on a line boundary");
	}
	return i;
}

/* One past the last line an edit ending at byte end touches. */
static size_t side_line_end(const struct side *s, size_t end)
{
	size_t i = side_line_at(s, end);
	return i < s->n ? i + 1 : s->n;
}

static bool edit_noop(const char *old, const struct edit *e)
{
	return e->del == e->ins_len &&
	       (e->del == 0 || memcmp(old + e->off, e->ins, e->del) == 0);
}

/* a[ao..ao+len) == b[bo..bo+len); a and b may be NULL when len is 0 */
static bool bytes_eq(const char *a, size_t ao, const char *b, size_t bo,
		     size_t len)
{
	return len == 0 || memcmp(a + ao, b + bo, len) == 0;
}

/* Whether new_text really is old_text with the (sorted) edits applied. */
static bool edits_match(const char *old, size_t old_len, const char *new,
			size_t new_len, const struct edit *e, size_t n)
{
	size_t po = 0;
	size_t pn = 0;

	for (size_t i = 0; i < n; i++) {
		size_t keep = e[i].off - po;
		if (keep > new_len - pn || !bytes_eq(old, po, new, pn, keep)) {
			return false;
		}
		pn += keep;
		if (e[i].ins_len > new_len - pn ||
		    !bytes_eq(e[i].ins, 0, new, pn, e[i].ins_len)) {
			return false;
		}
		pn += e[i].ins_len;
		po = e[i].off + e[i].del;
	}
	return old_len - po == new_len - pn &&
	       bytes_eq(old, po, new, pn, old_len - po);
}

/*
 * Marks old[a..b) and new[c..d) changed where they differ, by a longest
 * common subsequence of lines, as git's own line diff would find it for
 * such a short stretch. A stretch too long for the table is marked whole.
 */
static int region_diff(struct side *o, size_t a, size_t b, struct side *nw,
		       size_t c, size_t d)
{
	while (a < b && c < d && lines_eq(o, a, nw, c)) {
		a++;
		c++;
	}
	while (a < b && c < d && lines_eq(o, b - 1, nw, d - 1)) {
		b--;
		d--;
	}
	size_t n1 = b - a;
	size_t n2 = d - c;
	uint32_t *lcs = NULL;
	if (n1 > 0 && n2 > 0 && n1 < LCS_MAX_CELLS / n2) {
		lcs = calloc((n1 + 1) * (n2 + 1), sizeof(*lcs));
		if (!lcs) {
			errno = ENOMEM;
			return -1;
		}
	}
	if (!lcs) {
		for (size_t i = a; i < b; i++) {
			side_set(o, i, true);
		}
		for (size_t j = c; j < d; j++) {
			side_set(nw, j, true);
		}
		return 0;
	}
	/* lcs[i * (n2 + 1) + j]: common lines of old[a+i..b), new[c+j..d) */
	size_t w = n2 + 1;
	for (size_t i = n1; i-- > 0;) {
		for (size_t j = n2; j-- > 0;) {
			uint32_t *cell = &lcs[i * w + j];
			if (lines_eq(o, a + i, nw, c + j)) {
				*cell = lcs[(i + 1) * w + j + 1] + 1;
			} else {
				uint32_t down = lcs[(i + 1) * w + j];
				uint32_t right = lcs[i * w + j + 1];
				*cell = down > right ? down : right;
			}
		}
	}
	size_t i = 0;
	size_t j = 0;
	while (i < n1 || j < n2) {
		if (i < n1 && j < n2 && lines_eq(o, a + i, nw, c + j) &&
		    lcs[i * w + j] == lcs[(i + 1) * w + j + 1] + 1) {
			i++;
			j++;
		} else if (i < n1 &&
			   (j == n2 || lcs[(i + 1) * w + j] > lcs[i * w + j + 1])) {
			side_set(o, a + i++, true);
		} else {
			side_set(nw, c + j++, true);
		}
	}
	free(lcs);
	return 0;
}

/*
 * Marks the lines the edits change. Edits whose line ranges share or touch
 * a line form one region (an edit at the end of the text touches the last
 * line when it has no '\n', the place after it otherwise); a region's old
 * lines map onto the new lines between the same boundaries, and only the
 * lines that differ there are changes: a whole line inserted at a line
 * start comes out as one '+' line, as with git.
 */
static int mark_changes(struct side *o, struct side *nw, const char *old,
			const struct edit *e, size_t n)
{
	size_t added = 0; /* the shift before the region, kept unsigned */
	size_t removed = 0;
	size_t i = 0;

	while (i < n) {
		if (edit_noop(old, &e[i])) {
			i++;
			continue;
		}
		size_t a = side_line_at(o, e[i].off);
		size_t b = side_line_end(o, e[i].off + e[i].del);
		size_t add = added + e[i].ins_len;
		size_t rem = removed + e[i].del;
		size_t j = i + 1;
		for (; j < n; j++) {
			if (edit_noop(old, &e[j])) {
				continue;
			}
			if (side_line_at(o, e[j].off) > b) {
				break;
			}
			b = side_line_end(o, e[j].off + e[j].del);
			add += e[j].ins_len;
			rem += e[j].del;
		}
		size_t c = side_line_from(nw, o->start[a] + added - removed);
		size_t d = side_line_from(nw, o->start[b] + add - rem);
		if (region_diff(o, a, b, nw, c, d) < 0) {
			return -1;
		}
		added = add;
		removed = rem;
		i = j;
	}
	return 0;
}

/*
 * Compaction, as git's xdl_change_compact() does it: where a run of
 * changed lines could equally sit a few lines higher or lower (the lines
 * around it repeat), git picks one place; so must we. A group is a run of
 * changed lines [start, end) of one side, possibly empty; the groups of
 * the two sides correspond one to one, in order.
 */
struct group {
	size_t start;
	size_t end;
};

static void group_init(const struct side *s, struct group *g)
{
	g->start = 0;
	g->end = 0;
	while (side_chg(s, g->end)) {
		g->end++;
	}
}

static bool group_next(const struct side *s, struct group *g)
{
	if (g->end == s->n) {
		return false;
	}
	g->start = g->end + 1;
	g->end = g->start;
	while (side_chg(s, g->end)) {
		g->end++;
	}
	return true;
}

static bool group_prev(const struct side *s, struct group *g)
{
	if (g->start == 0) {
		return false;
	}
	g->end = g->start - 1;
	g->start = g->end;
	while (g->start > 0 && side_chg(s, g->start - 1)) {
		g->start--;
	}
	return true;
}

/* Slides g one line down, swallowing a group it runs into. */
static bool group_down(struct side *s, struct group *g)
{
	if (g->end >= s->n || !lines_eq(s, g->start, s, g->end)) {
		return false;
	}
	side_set(s, g->start++, false);
	side_set(s, g->end++, true);
	while (side_chg(s, g->end)) {
		g->end++;
	}
	return true;
}

static bool group_up(struct side *s, struct group *g)
{
	if (g->start == 0 || !lines_eq(s, g->start - 1, s, g->end - 1)) {
		return false;
	}
	side_set(s, --g->start, true);
	side_set(s, --g->end, false);
	while (g->start > 0 && side_chg(s, g->start - 1)) {
		g->start--;
	}
	return true;
}

/* Columns of indentation (tab stops of 8), or -1 for a blank line. */
static int line_indent(const struct side *s, size_t i)
{
	const char *p = line_ptr(s, i);
	size_t len = line_len(s, i);
	int ret = 0;

	for (size_t k = 0; k < len; k++) {
		if (p[k] == ' ') {
			ret++;
		} else if (p[k] == '\t') {
			ret += 8 - ret % 8;
		} else if (p[k] != '\n' && p[k] != '\r') {
			return ret;
		}
		if (ret >= MAX_INDENT) {
			return MAX_INDENT;
		}
	}
	return -1;
}

struct split {
	bool end_of_file;
	int indent;	 /* of the line after the split, -1 if blank */
	int pre_blank;	 /* blank lines right above the split */
	int pre_indent;	 /* of the nearest non-blank line above, or -1 */
	int post_blank;	 /* blank lines after the line after the split */
	int post_indent; /* of the nearest non-blank line below that */
};

struct score {
	int effective_indent;
	int penalty;
};

static void split_measure(const struct side *s, size_t at, struct split *m)
{
	m->end_of_file = at >= s->n;
	m->indent = at >= s->n ? -1 : line_indent(s, at);
	m->pre_blank = 0;
	m->pre_indent = -1;
	for (size_t i = at; i-- > 0;) {
		m->pre_indent = line_indent(s, i);
		if (m->pre_indent != -1) {
			break;
		}
		if (++m->pre_blank == MAX_BLANKS) {
			m->pre_indent = 0;
			break;
		}
	}
	m->post_blank = 0;
	m->post_indent = -1;
	for (size_t i = at + 1; i < s->n; i++) {
		m->post_indent = line_indent(s, i);
		if (m->post_indent != -1) {
			break;
		}
		if (++m->post_blank == MAX_BLANKS) {
			m->post_indent = 0;
			break;
		}
	}
}

static void score_add(const struct split *m, struct score *s)
{
	if (m->pre_indent == -1 && m->pre_blank == 0) {
		s->penalty += START_OF_FILE_PENALTY;
	}
	if (m->end_of_file) {
		s->penalty += END_OF_FILE_PENALTY;
	}
	int post_blank = m->indent == -1 ? 1 + m->post_blank : 0;
	int total_blank = m->pre_blank + post_blank;
	s->penalty += TOTAL_BLANK_WEIGHT * total_blank;
	s->penalty += POST_BLANK_WEIGHT * post_blank;
	int indent = m->indent != -1 ? m->indent : m->post_indent;
	bool any_blanks = total_blank != 0;
	s->effective_indent += indent;
	if (indent == -1 || m->pre_indent == -1) {
		return;
	}
	if (indent > m->pre_indent) {
		s->penalty += any_blanks ? RELATIVE_INDENT_WITH_BLANK_PENALTY
					 : RELATIVE_INDENT_PENALTY;
	} else if (indent < m->pre_indent) {
		if (m->post_indent != -1 && m->post_indent > indent) {
			s->penalty += any_blanks
					      ? RELATIVE_OUTDENT_WITH_BLANK_PENALTY
					      : RELATIVE_OUTDENT_PENALTY;
		} else {
			s->penalty += any_blanks
					      ? RELATIVE_DEDENT_WITH_BLANK_PENALTY
					      : RELATIVE_DEDENT_PENALTY;
		}
	}
}

static int score_cmp(const struct score *a, const struct score *b)
{
	int cmp = (a->effective_indent > b->effective_indent) -
		  (a->effective_indent < b->effective_indent);
	return INDENT_WEIGHT * cmp + (a->penalty - b->penalty);
}

/* The end, among those a pure insertion or deletion can slide to, git likes. */
static size_t best_end(const struct side *s, size_t earliest_end,
		       size_t end, size_t size)
{
	size_t shift = earliest_end;
	if (end >= size + 1 && end - size - 1 > shift) {
		shift = end - size - 1;
	}
	if (end >= MAX_SLIDING && end - MAX_SLIDING > shift) {
		shift = end - MAX_SLIDING;
	}
	size_t best = end;
	struct score best_score = { 0, 0 };
	bool found = false;
	for (; shift <= end; shift++) {
		struct split m;
		struct score score = { 0, 0 };
		split_measure(s, shift, &m);
		score_add(&m, &score);
		split_measure(s, shift - size, &m);
		score_add(&m, &score);
		if (!found || score_cmp(&score, &best_score) <= 0) {
			best_score = score;
			best = shift;
			found = true;
		}
	}
	return best;
}

static void compact(struct side *s, struct side *o)
{
	struct group g;
	struct group go;

	group_init(s, &g);
	group_init(o, &go);
	for (;;) {
		if (g.end == g.start) {
			goto next;
		}
		size_t size;
		size_t earliest_end;
		bool match_other;
		/* up, then down as far as it goes; again if groups merged */
		do {
			size = g.end - g.start;
			match_other = false;
			while (group_up(s, &g)) {
				if (!group_prev(o, &go)) {
					BUG("group sync broken sliding up");
				}
			}
			earliest_end = g.end;
			if (go.end > go.start) {
				match_other = true;
			}
			while (group_down(s, &g)) {
				if (!group_next(o, &go)) {
					BUG("group sync broken sliding down");
				}
				if (go.end > go.start) {
					match_other = true;
				}
			}
		} while (size != g.end - g.start);

		if (g.end == earliest_end) {
			/* it cannot move */
		} else if (match_other) {
			/* line up with the last changed lines of the other side */
			while (go.end == go.start) {
				if (!group_up(s, &g) || !group_prev(o, &go)) {
					BUG("group sync broken sliding to match");
				}
			}
		} else {
			size_t best = best_end(s, earliest_end, g.end, size);
			while (g.end > best) {
				if (!group_up(s, &g) || !group_prev(o, &go)) {
					BUG("group sync broken sliding to best");
				}
			}
		}
next:
		if (!group_next(s, &g)) {
			break;
		}
		if (!group_next(o, &go)) {
			BUG("group sync broken moving to next group");
		}
	}
}

/* Collects the runs of changes; *out is NULL when there are none. */
static int changes_collect(const struct side *o, const struct side *nw,
			   struct change **out, size_t *count)
{
	size_t n = 0;
	struct change *v = NULL;

	*out = NULL;
	*count = 0;
	/* two passes: count, then fill */
	for (int pass = 0; pass < 2; pass++) {
		size_t i1 = 0;
		size_t i2 = 0;
		n = 0;
		while (i1 < o->n || i2 < nw->n) {
			if (!side_chg(o, i1) && !side_chg(nw, i2)) {
				if (i1 >= o->n || i2 >= nw->n) {
					BUG("unchanged lines out of step");
				}
				i1++;
				i2++;
				continue;
			}
			struct change c = { .i1 = i1, .i2 = i2 };
			while (side_chg(o, i1)) {
				i1++;
			}
			while (side_chg(nw, i2)) {
				i2++;
			}
			c.n1 = i1 - c.i1;
			c.n2 = i2 - c.i2;
			if (v) {
				v[n] = c;
			}
			n++;
		}
		if (pass == 0) {
			if (n == 0) {
				return 0;
			}
			v = calloc(n, sizeof(*v));
			if (!v) {
				errno = ENOMEM;
				return -1;
			}
		}
	}
	*out = v;
	*count = n;
	return 0;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* git's isspace(): no locale, and not '\v' or '\f' */
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * git's default funcname rule: a line starting with a letter, '_' or '$',
 * cut to FUNC_MAX bytes, trailing white space dropped.
 */
static bool funcname(const struct side *s, size_t i, const char **p,
		     size_t *len)
{
	const char *l = line_ptr(s, i);
	size_t n = line_len(s, i);

	if (n == 0 || !(is_alpha(l[0]) || l[0] == '_' || l[0] == '$')) {
		return false;
	}
	if (n > FUNC_MAX) {
		n = FUNC_MAX;
	}
	while (n > 0 && is_space(l[n - 1])) {
		n--;
	}
	*p = l;
	*len = n;
	return true;
}

static int hunk_header(struct buf *out, size_t s1, size_t c1, size_t s2,
		       size_t c2, const char *func, size_t func_len)
{
	char head[128];
	int n;

	/* an empty range names the line before it, as git does */
	if (c1 == 1 && c2 == 1) {
		n = snprintf(head, sizeof(head), "@@ -%zu +%zu @@", s1 + 1,
			     s2 + 1);
	} else if (c1 == 1) {
		n = snprintf(head, sizeof(head), "@@ -%zu +%zu,%zu @@", s1 + 1,
			     c2 ? s2 + 1 : s2, c2);
	} else if (c2 == 1) {
		n = snprintf(head, sizeof(head), "@@ -%zu,%zu +%zu @@",
			     c1 ? s1 + 1 : s1, c1, s2 + 1);
	} else {
		n = snprintf(head, sizeof(head), "@@ -%zu,%zu +%zu,%zu @@",
			     c1 ? s1 + 1 : s1, c1, c2 ? s2 + 1 : s2, c2);
	}
	if (n < 0 || (size_t)n >= sizeof(head)) {
		errno = EOVERFLOW;
		return -1;
	}
	if (buf_add(out, head, (size_t)n) < 0) {
		return -1;
	}
	if (func_len > 0) {
		size_t room = HUNK_HDR_MAX - (size_t)n - 1;
		if (func_len > room) {
			func_len = room;
		}
		if (buf_addc(out, ' ') < 0 || buf_add(out, func, func_len) < 0) {
			return -1;
		}
	}
	return buf_addc(out, '\n');
}

static int record(struct buf *out, char sign, const struct side *s, size_t i)
{
	size_t len = line_len(s, i);
	const char *p = line_ptr(s, i);

	if (buf_addc(out, sign) < 0 || buf_add(out, p, len) < 0) {
		return -1;
	}
	if (p[len - 1] != '\n') {
		return buf_adds(out, "\n\\ No newline at end of file\n");
	}
	return 0;
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

static int hunks_write(struct buf *out, const struct side *o,
		       const struct side *nw, const struct change *ch,
		       size_t count)
{
	const char *func = NULL;
	size_t func_len = 0;
	size_t searched = 0; /* funcname lines below this were looked at */

	for (size_t k = 0; k < count;) {
		size_t last = k;
		while (last + 1 < count &&
		       ch[last + 1].i1 - (ch[last].i1 + ch[last].n1) <=
			       2 * CONTEXT) {
			last++;
		}
		const struct change *f = &ch[k];
		const struct change *l = &ch[last];
		size_t s1 = f->i1 > CONTEXT ? f->i1 - CONTEXT : 0;
		size_t s2 = f->i2 > CONTEXT ? f->i2 - CONTEXT : 0;
		size_t ctx = CONTEXT;
		if (o->n - (l->i1 + l->n1) < ctx) {
			ctx = o->n - (l->i1 + l->n1);
		}
		if (nw->n - (l->i2 + l->n2) < ctx) {
			ctx = nw->n - (l->i2 + l->n2);
		}
		size_t e1 = l->i1 + l->n1 + ctx;
		size_t e2 = l->i2 + l->n2 + ctx;

		/* a hunk with no funcname line of its own keeps the last one */
		for (size_t i = s1; i > searched;) {
			i--;
			if (funcname(o, i, &func, &func_len)) {
				break;
			}
		}
		searched = s1;
		if (hunk_header(out, s1, e1 - s1, s2, e2 - s2, func,
				func_len) < 0) {
			return -1;
		}
		size_t i2 = s2;
		for (size_t j = k; j <= last; j++) {
			for (; i2 < ch[j].i2; i2++) {
				if (record(out, ' ', nw, i2) < 0) {
					return -1;
				}
			}
			for (size_t i = 0; i < ch[j].n1; i++) {
				if (record(out, '-', o, ch[j].i1 + i) < 0) {
					return -1;
				}
			}
			for (; i2 < ch[j].i2 + ch[j].n2; i2++) {
				if (record(out, '+', nw, i2) < 0) {
					return -1;
				}
			}
		}
		for (; i2 < e2; i2++) {
			if (record(out, ' ', nw, i2) < 0) {
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
	struct side o = { 0 };
	struct side nw = { 0 };
	struct change *ch = NULL;
	size_t count = 0;
	size_t start = out->len;
	int ret = -1;

	if (n == 0) {
		return 0;
	}
	if (!e || !path) {
		errno = EINVAL;
		return -1;
	}
	if (n > SIZE_MAX / sizeof(*e)) {
		errno = ENOMEM;
		return -1;
	}
	sorted = malloc(n * sizeof(*e));
	if (!sorted) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(sorted, e, n * sizeof(*e));
	if (edit_sort_check(sorted, n, old_len) < 0 ||
	    !edits_match(old_text, old_len, new_text, new_len, sorted, n)) {
		errno = EINVAL;
		goto done;
	}
	if (side_init(&o, old_text, old_len) < 0 ||
	    side_init(&nw, new_text, new_len) < 0) {
		goto done;
	}
	if (mark_changes(&o, &nw, old_text, sorted, n) < 0) {
		goto done;
	}
	compact(&o, &nw);
	compact(&nw, &o);
	if (changes_collect(&o, &nw, &ch, &count) < 0) {
		goto done;
	}
	if (count > 0 &&
	    (path_header(out, "--- ", "a/", path) < 0 ||
	     path_header(out, "+++ ", "b/", path) < 0 ||
	     hunks_write(out, &o, &nw, ch, count) < 0)) {
		goto done;
	}
	ret = 0;
done:
	if (ret < 0) {
		int err = errno;
		buf_truncate(out, start);
		errno = err;
	}
	free(ch);
	side_release(&nw);
	side_release(&o);
	free(sorted);
	return ret;
}
