#include "udiff.h"

#include <errno.h>
#include <limits.h>
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
#define CONTEXT	     3
#define FUNC_MAX     80	 /* bytes of a funcname line git keeps */
#define HUNK_HDR_MAX 127 /* an "@@" line, funcname included, without '\n' */

/* Indent heuristic (git's diff.indentHeuristic, on by default). */
#define MAX_INDENT			    200
#define MAX_BLANKS			    20
#define MAX_SLIDING			    100
#define START_OF_FILE_PENALTY		    1
#define END_OF_FILE_PENALTY		    21
#define TOTAL_BLANK_WEIGHT		    (-30)
#define POST_BLANK_WEIGHT		    6
#define RELATIVE_INDENT_PENALTY		    (-4)
#define RELATIVE_INDENT_WITH_BLANK_PENALTY  10
#define RELATIVE_OUTDENT_PENALTY	    24
#define RELATIVE_OUTDENT_WITH_BLANK_PENALTY 17
#define RELATIVE_DEDENT_PENALTY		    23
#define RELATIVE_DEDENT_WITH_BLANK_PENALTY  17
#define INDENT_WEIGHT			    60

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
 * Which lines changed is decided as git decides it (xdiff's Myers
 * variant: classes of equal lines, the common ends trimmed, lines without
 * a partner set aside, then a middle-snake search with git's cut-offs), so
 * that ambiguous cases (repeated or blank lines next to a change) come out
 * the same. The edits only vouch for new_text.
 */
#define MAX_EQLIMIT    1024
#define SIMSCAN_WINDOW 100
#define KPDIS_RUN      4
#define MAX_COST_MIN   256
#define HEUR_MIN_COST  256
#define SNAKE_CNT      20
#define K_HEUR	       4

/* A distinct line, and how often each side has it. */
struct lclass {
	uint64_t hash;
	const char *p;
	size_t len;
	long count[2];
};

struct diffenv {
	struct side *sd[2];
	struct lclass *cls;
	long *id[2]; /* the class of every line */
	long *ha[2]; /* the classes of the lines the search looks at */
	long *ri[2]; /* and where those lines are */
	long nreff[2];
	long *kvd;
	long *kvdf; /* furthest forward reach per diagonal */
	long *kvdb; /* furthest backward reach per diagonal */
	long mxcost;
};

struct cut {
	long i1;
	long i2;
	bool min_lo;
	bool min_hi;
};

static void diffenv_release(struct diffenv *env)
{
	free(env->cls);
	for (int k = 0; k < 2; k++) {
		free(env->id[k]);
		free(env->ha[k]);
		free(env->ri[k]);
	}
	free(env->kvd);
}

static uint64_t line_hash(const char *p, size_t len)
{
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211u;
	}
	return h;
}

static int classify(struct diffenv *env)
{
	size_t total = env->sd[0]->n + env->sd[1]->n;
	size_t cap = 16;
	while (cap < total * 2) {
		cap *= 2;
	}
	size_t *slot = calloc(cap, sizeof(*slot));
	env->cls = malloc((total + 1) * sizeof(*env->cls));
	for (int k = 0; k < 2; k++) {
		env->id[k] = malloc((env->sd[k]->n + 1) * sizeof(long));
	}
	if (!slot || !env->cls || !env->id[0] || !env->id[1]) {
		free(slot);
		errno = ENOMEM;
		return -1;
	}
	size_t ncls = 0;
	for (int k = 0; k < 2; k++) {
		const struct side *s = env->sd[k];
		for (size_t i = 0; i < s->n; i++) {
			const char *p = line_ptr(s, i);
			size_t len = line_len(s, i);
			uint64_t h = line_hash(p, len);
			size_t pos = (size_t)h & (cap - 1);
			struct lclass *c = NULL;
			while (slot[pos]) {
				c = &env->cls[slot[pos] - 1];
				if (c->hash == h && c->len == len &&
				    memcmp(c->p, p, len) == 0) {
					break;
				}
				c = NULL;
				pos = (pos + 1) & (cap - 1);
			}
			if (!c) {
				c = &env->cls[ncls++];
				c->hash = h;
				c->p = p;
				c->len = len;
				c->count[0] = 0;
				c->count[1] = 0;
				slot[pos] = ncls;
			}
			c->count[k]++;
			env->id[k][i] = (long)(c - env->cls);
		}
	}
	free(slot);
	return 0;
}

static long bogosqrt(long n)
{
	long i = 1;
	for (; n > 0; n >>= 2) {
		i <<= 1;
	}
	return i;
}

/*
 * Whether a line with many partners, sitting among lines without any,
 * should be set aside with them (git's xdl_clean_mmatch()). dis: 0 no
 * partner, 1 some, 2 many.
 */
static bool mmatch_discard(const char *dis, long i, long s, long e)
{
	long r;
	long none_before = 0;
	long many_before = 1;
	long none_after = 0;
	long many_after = 1;

	if (i - s > SIMSCAN_WINDOW) {
		s = i - SIMSCAN_WINDOW;
	}
	if (e - i > SIMSCAN_WINDOW) {
		e = i + SIMSCAN_WINDOW;
	}
	for (r = 1; i - r >= s; r++) {
		if (dis[i - r] == 0) {
			none_before++;
		} else if (dis[i - r] == 2) {
			many_before++;
		} else {
			break;
		}
	}
	if (none_before == 0) {
		return false;
	}
	for (r = 1; i + r <= e; r++) {
		if (dis[i + r] == 0) {
			none_after++;
		} else if (dis[i + r] == 2) {
			many_after++;
		} else {
			break;
		}
	}
	if (none_after == 0) {
		return false;
	}
	long none = none_before + none_after;
	long many = many_before + many_after;
	return many * KPDIS_RUN < many + none;
}

/* Trims the common ends and sets aside the lines with no partner. */
static int prepare(struct diffenv *env)
{
	long n[2] = {(long)env->sd[0]->n, (long)env->sd[1]->n};
	long lim = n[0] < n[1] ? n[0] : n[1];
	long start = 0;
	while (start < lim && env->id[0][start] == env->id[1][start]) {
		start++;
	}
	long tail = 0;
	while (tail < lim - start &&
	       env->id[0][n[0] - 1 - tail] == env->id[1][n[1] - 1 - tail]) {
		tail++;
	}
	char *dis[2];
	dis[0] = calloc((size_t)n[0] + 1, 1);
	dis[1] = calloc((size_t)n[1] + 1, 1);
	for (int k = 0; k < 2; k++) {
		env->ha[k] = malloc(((size_t)n[k] + 1) * sizeof(long));
		env->ri[k] = malloc(((size_t)n[k] + 1) * sizeof(long));
	}
	if (!dis[0] || !dis[1] || !env->ha[0] || !env->ha[1] || !env->ri[0] ||
	    !env->ri[1]) {
		free(dis[0]);
		free(dis[1]);
		errno = ENOMEM;
		return -1;
	}
	for (int k = 0; k < 2; k++) {
		long end = n[k] - tail; /* exclusive */
		long mlim = bogosqrt(n[k]);
		if (mlim > MAX_EQLIMIT) {
			mlim = MAX_EQLIMIT;
		}
		for (long i = start; i < end; i++) {
			long nm = env->cls[env->id[k][i]].count[1 - k];
			dis[k][i] = nm == 0 ? 0 : nm >= mlim ? 2 : 1;
		}
		long nreff = 0;
		for (long i = start; i < end; i++) {
			if (dis[k][i] == 1 ||
			    (dis[k][i] == 2 &&
			     !mmatch_discard(dis[k], i, start, end - 1))) {
				env->ri[k][nreff] = i;
				env->ha[k][nreff] = env->id[k][i];
				nreff++;
			} else {
				side_set(env->sd[k], (size_t)i, true);
			}
		}
		env->nreff[k] = nreff;
	}
	free(dis[0]);
	free(dis[1]);
	return 0;
}

/*
 * Finds where to cut the box [off1, lim1) x [off2, lim2): the middle of a
 * shortest edit path, searched from both corners at once, or, once that
 * costs too much, the best point reached so far (git's xdl_split()).
 */
static void myers_split(struct diffenv *env, long off1, long lim1, long off2,
			long lim2, bool need_min, struct cut *spl)
{
	const long *ha1 = env->ha[0];
	const long *ha2 = env->ha[1];
	long *kvdf = env->kvdf;
	long *kvdb = env->kvdb;
	long dmin = off1 - lim2;
	long dmax = lim1 - off2;
	long fmid = off1 - off2;
	long bmid = lim1 - lim2;
	bool odd = ((fmid - bmid) & 1) != 0;
	long fmin = fmid;
	long fmax = fmid;
	long bmin = bmid;
	long bmax = bmid;

	kvdf[fmid] = off1;
	kvdb[bmid] = lim1;
	for (long ec = 1;; ec++) {
		bool got_snake = false;
		long d;
		long i1;
		long i2;
		long prev;

		/* one more diagonal each way, or one less at the box edge */
		if (fmin > dmin) {
			kvdf[--fmin - 1] = -1;
		} else {
			++fmin;
		}
		if (fmax < dmax) {
			kvdf[++fmax + 1] = -1;
		} else {
			--fmax;
		}
		for (d = fmax; d >= fmin; d -= 2) {
			if (kvdf[d - 1] >= kvdf[d + 1]) {
				i1 = kvdf[d - 1] + 1;
			} else {
				i1 = kvdf[d + 1];
			}
			prev = i1;
			i2 = i1 - d;
			while (i1 < lim1 && i2 < lim2 && ha1[i1] == ha2[i2]) {
				i1++;
				i2++;
			}
			if (i1 - prev > SNAKE_CNT) {
				got_snake = true;
			}
			kvdf[d] = i1;
			if (odd && bmin <= d && d <= bmax && kvdb[d] <= i1) {
				*spl = (struct cut){i1, i2, true, true};
				return;
			}
		}

		if (bmin > dmin) {
			kvdb[--bmin - 1] = LONG_MAX;
		} else {
			++bmin;
		}
		if (bmax < dmax) {
			kvdb[++bmax + 1] = LONG_MAX;
		} else {
			--bmax;
		}
		for (d = bmax; d >= bmin; d -= 2) {
			if (kvdb[d - 1] < kvdb[d + 1]) {
				i1 = kvdb[d - 1];
			} else {
				i1 = kvdb[d + 1] - 1;
			}
			prev = i1;
			i2 = i1 - d;
			while (i1 > off1 && i2 > off2 &&
			       ha1[i1 - 1] == ha2[i2 - 1]) {
				i1--;
				i2--;
			}
			if (prev - i1 > SNAKE_CNT) {
				got_snake = true;
			}
			kvdb[d] = i1;
			if (!odd && fmin <= d && d <= fmax && i1 <= kvdf[d]) {
				*spl = (struct cut){i1, i2, true, true};
				return;
			}
		}

		if (need_min) {
			continue;
		}

		/* costly: take a long enough snake far from both corners */
		if (got_snake && ec > HEUR_MIN_COST) {
			long best = 0;
			for (d = fmax; d >= fmin; d -= 2) {
				long dd = d > fmid ? d - fmid : fmid - d;
				i1 = kvdf[d];
				i2 = i1 - d;
				long v = (i1 - off1) + (i2 - off2) - dd;
				if (v > K_HEUR * ec && v > best &&
				    off1 + SNAKE_CNT <= i1 && i1 < lim1 &&
				    off2 + SNAKE_CNT <= i2 && i2 < lim2) {
					for (long k = 1;
					     ha1[i1 - k] == ha2[i2 - k]; k++) {
						if (k == SNAKE_CNT) {
							best = v;
							spl->i1 = i1;
							spl->i2 = i2;
							break;
						}
					}
				}
			}
			if (best > 0) {
				spl->min_lo = true;
				spl->min_hi = false;
				return;
			}
			for (d = bmax; d >= bmin; d -= 2) {
				long dd = d > bmid ? d - bmid : bmid - d;
				i1 = kvdb[d];
				i2 = i1 - d;
				long v = (lim1 - i1) + (lim2 - i2) - dd;
				if (v > K_HEUR * ec && v > best && off1 < i1 &&
				    i1 <= lim1 - SNAKE_CNT && off2 < i2 &&
				    i2 <= lim2 - SNAKE_CNT) {
					for (long k = 0;
					     ha1[i1 + k] == ha2[i2 + k]; k++) {
						if (k == SNAKE_CNT - 1) {
							best = v;
							spl->i1 = i1;
							spl->i2 = i2;
							break;
						}
					}
				}
			}
			if (best > 0) {
				spl->min_lo = false;
				spl->min_hi = true;
				return;
			}
		}

		/* too costly: the furthest point either search reached */
		if (ec >= env->mxcost) {
			long fbest = -1;
			long fbest1 = -1;
			for (d = fmax; d >= fmin; d -= 2) {
				i1 = kvdf[d] < lim1 ? kvdf[d] : lim1;
				i2 = i1 - d;
				if (lim2 < i2) {
					i1 = lim2 + d;
					i2 = lim2;
				}
				if (fbest < i1 + i2) {
					fbest = i1 + i2;
					fbest1 = i1;
				}
			}
			long bbest = LONG_MAX;
			long bbest1 = LONG_MAX;
			for (d = bmax; d >= bmin; d -= 2) {
				i1 = kvdb[d] > off1 ? kvdb[d] : off1;
				i2 = i1 - d;
				if (i2 < off2) {
					i1 = off2 + d;
					i2 = off2;
				}
				if (i1 + i2 < bbest) {
					bbest = i1 + i2;
					bbest1 = i1;
				}
			}
			if ((lim1 + lim2) - bbest < fbest - (off1 + off2)) {
				*spl = (struct cut){fbest1, fbest - fbest1,
						    true, false};
			} else {
				*spl = (struct cut){bbest1, bbest - bbest1,
						    false, true};
			}
			return;
		}
	}
}

static void myers(struct diffenv *env, long off1, long lim1, long off2,
		  long lim2, bool need_min)
{
	const long *ha1 = env->ha[0];
	const long *ha2 = env->ha[1];

	while (off1 < lim1 && off2 < lim2 && ha1[off1] == ha2[off2]) {
		off1++;
		off2++;
	}
	while (off1 < lim1 && off2 < lim2 && ha1[lim1 - 1] == ha2[lim2 - 1]) {
		lim1--;
		lim2--;
	}
	if (off1 == lim1) {
		for (; off2 < lim2; off2++) {
			side_set(env->sd[1], (size_t)env->ri[1][off2], true);
		}
	} else if (off2 == lim2) {
		for (; off1 < lim1; off1++) {
			side_set(env->sd[0], (size_t)env->ri[0][off1], true);
		}
	} else {
		struct cut spl;
		myers_split(env, off1, lim1, off2, lim2, need_min, &spl);
		myers(env, off1, spl.i1, off2, spl.i2, spl.min_lo);
		myers(env, spl.i1, lim1, spl.i2, lim2, spl.min_hi);
	}
}

/* Marks the changed lines of both sides. */
static int lines_diff(struct side *o, struct side *nw)
{
	struct diffenv env = {.sd = {o, nw}};
	int ret = -1;

	/* line numbers are longs below; the sizes were bounded before */
	if (classify(&env) < 0 || prepare(&env) < 0) {
		goto done;
	}
	long ndiags = env.nreff[0] + env.nreff[1] + 3;
	env.kvd = malloc((2 * (size_t)ndiags + 2) * sizeof(long));
	if (!env.kvd) {
		errno = ENOMEM;
		goto done;
	}
	env.kvdf = env.kvd + env.nreff[1] + 1;
	env.kvdb = env.kvd + ndiags + env.nreff[1] + 1;
	env.mxcost = bogosqrt(ndiags);
	if (env.mxcost < MAX_COST_MIN) {
		env.mxcost = MAX_COST_MIN;
	}
	myers(&env, 0, env.nreff[0], 0, env.nreff[1], false);
	ret = 0;
done:
	diffenv_release(&env);
	return ret;
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
static size_t best_end(const struct side *s, size_t earliest_end, size_t end,
		       size_t size)
{
	size_t shift = earliest_end;
	if (end >= size + 1 && end - size - 1 > shift) {
		shift = end - size - 1;
	}
	if (end >= MAX_SLIDING && end - MAX_SLIDING > shift) {
		shift = end - MAX_SLIDING;
	}
	size_t best = end;
	struct score best_score = {0, 0};
	bool found = false;
	for (; shift <= end; shift++) {
		struct split m;
		struct score score = {0, 0};
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

/* Moves the non-empty group g of s, go being its partner in o. */
static void group_place(struct side *s, struct side *o, struct group *g,
			struct group *go)
{
	size_t size;
	size_t earliest_end;
	bool match_other;

	/* up, then down as far as it goes; again if groups merged */
	do {
		size = g->end - g->start;
		match_other = false;
		while (group_up(s, g)) {
			if (!group_prev(o, go)) {
				BUG("groups out of step sliding up");
			}
		}
		earliest_end = g->end;
		if (go->end > go->start) {
			match_other = true;
		}
		while (group_down(s, g)) {
			if (!group_next(o, go)) {
				BUG("groups out of step sliding down");
			}
			if (go->end > go->start) {
				match_other = true;
			}
		}
	} while (size != g->end - g->start);

	if (g->end == earliest_end) {
		return; /* it cannot move */
	}
	size_t best = g->end;
	if (!match_other) {
		best = best_end(s, earliest_end, g->end, size);
	}
	/* line up with the other side's last changed lines, or go to best */
	while (match_other ? go->end == go->start : g->end > best) {
		if (!group_up(s, g) || !group_prev(o, go)) {
			BUG("groups out of step sliding back");
		}
	}
}

static void compact(struct side *s, struct side *o)
{
	struct group g;
	struct group go;

	group_init(s, &g);
	group_init(o, &go);
	for (;;) {
		if (g.end > g.start) {
			group_place(s, o, &g, &go);
		}
		if (!group_next(s, &g)) {
			break;
		}
		if (!group_next(o, &go)) {
			BUG("groups out of step moving on");
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
			struct change c = {.i1 = i1, .i2 = i2};
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
		if (buf_addc(out, ' ') < 0 ||
		    buf_add(out, func, func_len) < 0) {
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
		if (hunk_header(out, s1, e1 - s1, s2, e2 - s2, func, func_len) <
		    0) {
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
	struct side o = {0};
	struct side nw = {0};
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
	/* the line diff counts lines in longs */
	if (old_len > LONG_MAX / 4 || new_len > LONG_MAX / 4) {
		errno = EOVERFLOW;
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
	if (lines_diff(&o, &nw) < 0) {
		goto done;
	}
	compact(&o, &nw);
	compact(&nw, &o);
	if (changes_collect(&o, &nw, &ch, &count) < 0) {
		goto done;
	}
	if (count > 0 && (path_header(out, "--- ", "a/", path) < 0 ||
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
