#include "mdview.h"

#include <errno.h>
#include <md4c.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"

/* md_event.what */
enum {
	EV_ENTER_BLOCK,
	EV_LEAVE_BLOCK,
	EV_ENTER_SPAN,
	EV_LEAVE_SPAN,
	EV_TEXT,	/* text at off in the document */
	EV_TEXT_STATIC, /* text md4c made up (line ends, indentation) */
};

#define NO_OFF UINT32_MAX

_Static_assert(sizeof(struct md_event) == 16, "a large file has a million");

/* One parse, in either mode: record a view, or compare with one. */
struct pass {
	const char *text; /* the whole input, BOM included */
	size_t len;
	struct md_view *v; /* record mode */
	int err;	   /* errno of a failure inside a callback */

	/* compare mode: the old view, its next event, the edits */
	const struct md_view *old;
	size_t nold; /* its events (md_view_nevents()) */
	size_t ev;
	struct edit_cursor map;
	size_t where; /* old offset where the texts part */
	bool differ;

	uint32_t depth; /* open blocks, the document's excluded */
	/* the unit being read, or SIZE_MAX */
	size_t unit;
	uint32_t indent; /* made-up spaces before the current line's text */
	bool line_open;	 /* the current code line has text */
	/* ignore comments: the depth the next block must have to be
	 * ignored (0: none), the depth of the block whose content is
	 * ignored (0: none), an inline comment waiting for a span */
	uint32_t ignore_next;
	uint32_t ignoring;
	bool ignore_span;
	uint32_t html_from, html_to; /* the HTML block being read */
};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h = (h ^ s[i]) * 0x100000001b3ULL;
	}
	return h;
}

#define FNV_SEED 0xcbf29ce484222325ULL

static uint64_t fnv_attr(uint64_t h, const MD_ATTRIBUTE *a)
{
	uint32_t size = a->size;
	h = fnv(h, &size, sizeof(size));
	return a->text ? fnv(h, a->text, a->size) : h;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_eol(char c)
{
	return c == '\n' || c == '\r';
}

/* The offset of p, a pointer into the text, or NO_OFF for made-up text. */
static uint32_t off_of(const struct pass *s, const char *p)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)s->text;
	if (a < b || a - b >= s->len) {
		return NO_OFF;
	}
	return (uint32_t)(a - b);
}

/* The first byte of the line holding off (the BOM is not part of it). */
static size_t line_start(const struct pass *s, size_t off)
{
	size_t first = s->len >= 3 && !memcmp(s->text, "\xef\xbb\xbf", 3);
	first *= 3;
	while (off > first && !is_eol(s->text[off - 1])) {
		off--;
	}
	return off;
}

static size_t line_end(const struct pass *s, size_t off)
{
	while (off < s->len && !is_eol(s->text[off])) {
		off++;
	}
	return off;
}

/* The start of the line after the one holding off (len if none). */
static size_t next_line(const struct pass *s, size_t off)
{
	off = line_end(s, off);
	if (off < s->len && s->text[off] == '\r') {
		off++;
		if (off < s->len && s->text[off] == '\n') {
			off++;
		}
	} else if (off < s->len) {
		off++;
	}
	return off;
}

/* The start of the line before the one starting at start. */
static size_t prev_line(const struct pass *s, size_t start)
{
	if (start == 0) {
		return 0;
	}
	size_t off = start - 1;
	if (s->text[off] == '\n' && off > 0 && s->text[off - 1] == '\r') {
		off--;
	}
	return line_start(s, off);
}

/*
 * Where a code line's text starts when md4c showed indent made-up spaces
 * before the bytes at beg: the blanks before beg that make those columns
 * (tabs to multiples of 4, as CommonMark counts), from the line's start;
 * a tab that straddles the column where the code starts is included.
 */
static size_t code_start(const struct pass *s, size_t beg, uint32_t indent)
{
	if (indent == 0) {
		return beg;
	}
	size_t ls = line_start(s, beg);
	size_t run = beg;
	while (run > ls && is_blank(s->text[run - 1])) {
		run--;
	}
	size_t col = 0, x;
	for (x = ls; x < run; x++) {
		col = s->text[x] == '\t' ? (col + 4) & ~(size_t)3 : col + 1;
	}
	size_t end = col;
	for (size_t y = run; y < beg; y++) {
		end = s->text[y] == '\t' ? (end + 4) & ~(size_t)3 : end + 1;
	}
	size_t target = end >= indent ? end - indent : 0;
	for (; x < beg; x++) {
		size_t next =
			s->text[x] == '\t' ? (col + 4) & ~(size_t)3 : col + 1;
		if (col >= target || next > target) {
			break;
		}
		col = next;
	}
	return x;
}

static int fail(struct pass *s, int err)
{
	s->err = err;
	return -1;
}

static struct md_unit *unit_cur(struct pass *s)
{
	return s->unit == SIZE_MAX ? NULL : &s->v->units[s->unit];
}

static int unit_open(struct pass *s, enum md_unit_kind kind, enum md_lang lang,
		     uint32_t off)
{
	struct md_view *v = s->v;
	if (array_grow((void **)&v->units, &v->capunits, v->nunits,
		       sizeof(*v->units)) < 0) {
		return fail(s, errno);
	}
	struct md_unit *u = &v->units[v->nunits];
	memset(u, 0, sizeof(*u));
	u->kind = kind;
	u->lang = lang;
	u->off = off;
	u->seg = (uint32_t)v->nsegs;
	u->depth = s->depth;
	u->ignored = s->ignoring != 0;
	s->unit = v->nunits++;
	s->indent = 0;
	s->line_open = false;
	return 0;
}

static int seg_add(struct pass *s, uint32_t off, uint32_t len)
{
	struct md_view *v = s->v;
	if (v->nsegs >= UINT32_MAX ||
	    array_grow((void **)&v->segs, &v->capsegs, v->nsegs,
		       sizeof(*v->segs)) < 0) {
		return fail(s, v->nsegs >= UINT32_MAX ? EOVERFLOW : errno);
	}
	v->segs[v->nsegs].off = off;
	v->segs[v->nsegs].len = len;
	v->nsegs++;
	unit_cur(s)->nseg++;
	return 0;
}

/*
 * A code block's blank lines come as a bare line end, with nothing that
 * says where they are: they got NO_OFF, and here the offset of their
 * line's end, counted from the nearest line that has text (code lines
 * are consecutive lines of the source). A block of blank lines only has
 * no segments.
 */
static void unit_place_blanks(struct pass *s, struct md_unit *u)
{
	if (u->nseg == 0) {
		return; /* an empty block: segs may still be NULL */
	}
	struct md_seg *seg = s->v->segs + u->seg;
	uint32_t first = NO_OFF;
	for (uint32_t i = 0; i < u->nseg; i++) {
		if (seg[i].off != NO_OFF) {
			first = i;
			break;
		}
	}
	if (first == NO_OFF) {
		s->v->nsegs -= u->nseg;
		u->nseg = 0;
		return;
	}
	size_t start = line_start(s, seg[first].off);
	for (uint32_t i = first; i-- > 0;) {
		start = prev_line(s, start);
		seg[i].off = (uint32_t)line_end(s, start);
	}
	size_t at = seg[first].off;
	for (uint32_t i = first + 1; i < u->nseg; i++) {
		if (seg[i].off == NO_OFF) {
			seg[i].off = (uint32_t)line_end(s, next_line(s, at));
		}
		at = seg[i].off;
	}
	if (u->kind != MD_UNIT_SPAN) {
		u->off = seg[first].off;
	}
}

static void unit_close(struct pass *s)
{
	struct md_unit *u = unit_cur(s);
	if (u) {
		unit_place_blanks(s, u);
	}
	s->unit = SIZE_MAX;
}

/* A code line's text: bytes at off, after indent made-up spaces. */
static int code_text(struct pass *s, uint32_t off, uint32_t len)
{
	struct md_unit *u = unit_cur(s);
	if (s->line_open) {
		struct md_seg *last = &s->v->segs[s->v->nsegs - 1];
		if (last->off != NO_OFF && last->off + last->len == off) {
			last->len += len;
			return 0;
		}
		/* not contiguous: the view cannot say what a reader sees */
		return fail(s, EINVAL);
	}
	s->line_open = true;
	if (u->kind == MD_UNIT_SPAN) {
		return seg_add(s, off, len);
	}
	size_t start = code_start(s, off, s->indent);
	s->indent = 0;
	return seg_add(s, (uint32_t)start, (uint32_t)(off + len - start));
}

/* Made-up text in a unit: indentation, or a line end (a space in spans). */
static int code_static(struct pass *s, const char *t, size_t n)
{
	struct md_unit *u = unit_cur(s);
	if (u->kind == MD_UNIT_SPAN) {
		s->line_open = false;
		return 0;
	}
	if (n == 1 && t[0] == '\n') {
		if (!s->line_open && seg_add(s, NO_OFF, 0) < 0) {
			return -1;
		}
		s->line_open = false;
		s->indent = 0;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (t[i] != ' ') {
			return fail(s, EINVAL);
		}
	}
	if (s->line_open) {
		return fail(s, EINVAL);
	}
	s->indent += (uint32_t)n;
	return 0;
}

/* "<!-- composefix: ignore -->", blanks allowed around the words. */
static bool is_ignore_comment(const char *p, size_t n)
{
	static const char *const parts[] = { "<!--", "composefix:", "ignore",
					     "-->" };
	size_t i = 0;
	for (size_t k = 0; k < 4; k++) {
		while (i < n && (is_blank(p[i]) || is_eol(p[i]))) {
			i++;
		}
		size_t m = strlen(parts[k]);
		if (n - i < m || strncmp(p + i, parts[k], m) != 0) {
			return false;
		}
		i += m;
	}
	while (i < n && (is_blank(p[i]) || is_eol(p[i]))) {
		i++;
	}
	return i == n;
}

/* Records ev, or compares it with the old view's next event. */
static int event(struct pass *s, const struct md_event *ev)
{
	if (!s->old) {
		struct md_view *v = s->v;
		if (array_grow((void **)&v->events, &v->capevents, v->nevents,
			       sizeof(*v->events)) < 0) {
			return fail(s, errno);
		}
		v->events[v->nevents++] = *ev;
		return 0;
	}
	if (s->ev >= s->nold) {
		s->where = s->len;
		s->differ = true;
		return -1;
	}
	const struct md_event *o = md_view_event(s->old, s->ev++);
	bool same = o->what == ev->what && o->type == ev->type;
	if (same && o->what == EV_TEXT) {
		size_t from, to;
		same = edit_cursor_map(&s->map, o->at, false, &from) &&
		       edit_cursor_map(&s->map, o->at + o->len, true, &to) &&
		       ev->at == from && ev->len == to - from;
	} else if (same) {
		same = ev->at == o->at && ev->len == o->len;
	}
	if (!same) {
		s->where = o->what == EV_TEXT ? (size_t)o->at : 0;
		s->differ = true;
		return -1;
	}
	return 0;
}

static uint64_t block_detail(MD_BLOCKTYPE type, const void *detail)
{
	uint64_t h = FNV_SEED;
	switch (type) {
	case MD_BLOCK_UL: {
		const MD_BLOCK_UL_DETAIL *d = detail;
		h = fnv(h, &d->is_tight, sizeof(d->is_tight));
		return fnv(h, &d->mark, 1);
	}
	case MD_BLOCK_OL: {
		const MD_BLOCK_OL_DETAIL *d = detail;
		h = fnv(h, &d->start, sizeof(d->start));
		h = fnv(h, &d->is_tight, sizeof(d->is_tight));
		return fnv(h, &d->mark_delimiter, 1);
	}
	case MD_BLOCK_LI: {
		const MD_BLOCK_LI_DETAIL *d = detail;
		h = fnv(h, &d->is_task, sizeof(d->is_task));
		return fnv(h, &d->task_mark, 1);
	}
	case MD_BLOCK_H: {
		const MD_BLOCK_H_DETAIL *d = detail;
		return fnv(h, &d->level, sizeof(d->level));
	}
	case MD_BLOCK_CODE: {
		const MD_BLOCK_CODE_DETAIL *d = detail;
		h = fnv(h, &d->fence_char, 1);
		h = fnv_attr(h, &d->info);
		return fnv_attr(h, &d->lang);
	}
	default:
		return h;
	}
}

static uint64_t span_detail(MD_SPANTYPE type, const void *detail)
{
	uint64_t h = FNV_SEED;
	switch (type) {
	case MD_SPAN_A: {
		const MD_SPAN_A_DETAIL *d = detail;
		return fnv_attr(fnv_attr(h, &d->href), &d->title);
	}
	case MD_SPAN_IMG: {
		const MD_SPAN_IMG_DETAIL *d = detail;
		return fnv_attr(fnv_attr(h, &d->src), &d->title);
	}
	default:
		return h;
	}
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *ctx)
{
	struct pass *s = ctx;
	struct md_event ev = { EV_ENTER_BLOCK, (uint8_t)type, 0,
			       block_detail(type, detail) };
	if (event(s, &ev) < 0) {
		return -1;
	}
	if (type == MD_BLOCK_DOC) {
		return 0;
	}
	s->depth++;
	if (s->ignore_next == s->depth && !s->ignoring) {
		s->ignoring = s->depth;
	}
	s->ignore_next = 0;
	s->ignore_span = false;
	if (type == MD_BLOCK_HTML) {
		s->html_from = NO_OFF;
		s->html_to = NO_OFF;
	}
	if (type != MD_BLOCK_CODE || s->old) {
		return 0;
	}
	const MD_BLOCK_CODE_DETAIL *d = detail;
	enum md_lang lang = md_lang_of(d->info.text, d->info.size);
	uint32_t info = d->info.size ? off_of(s, d->info.text) : NO_OFF;
	if (unit_open(s, d->fence_char ? MD_UNIT_FENCED : MD_UNIT_INDENTED,
		      lang, info) < 0) {
		return -1;
	}
	if (info != NO_OFF) {
		unit_cur(s)->info = info;
		unit_cur(s)->info_n = d->info.size;
	}
	return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *ctx)
{
	struct pass *s = ctx;
	struct md_event ev = { EV_LEAVE_BLOCK, (uint8_t)type, 0, FNV_SEED };
	if (event(s, &ev) < 0) {
		return -1;
	}
	if (type == MD_BLOCK_DOC) {
		return 0;
	}
	if (type == MD_BLOCK_CODE && !s->old) {
		unit_close(s);
	}
	bool comment = type == MD_BLOCK_HTML && s->html_from != NO_OFF &&
		       is_ignore_comment(s->text + s->html_from,
					 s->html_to - s->html_from);
	if (s->ignoring == s->depth) {
		s->ignoring = 0;
	}
	s->ignore_next = comment ? s->depth : 0;
	s->ignore_span = false;
	s->depth--;
	return 0;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *ctx)
{
	struct pass *s = ctx;
	struct md_event ev = { EV_ENTER_SPAN, (uint8_t)type, 0,
			       span_detail(type, detail) };
	if (event(s, &ev) < 0) {
		return -1;
	}
	if (type != MD_SPAN_CODE || s->old) {
		return 0;
	}
	bool ignored = s->ignore_span;
	s->ignore_span = false;
	if (unit_open(s, MD_UNIT_SPAN, MD_LANG_NONE, NO_OFF) < 0) {
		return -1;
	}
	unit_cur(s)->ignored |= ignored;
	return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *ctx)
{
	struct pass *s = ctx;
	struct md_event ev = { EV_LEAVE_SPAN, (uint8_t)type, 0, FNV_SEED };
	if (event(s, &ev) < 0) {
		return -1;
	}
	if (type == MD_SPAN_CODE && !s->old) {
		struct md_unit *u = unit_cur(s);
		if (u && u->nseg) {
			u->off = s->v->segs[u->seg].off;
		}
		s->unit = SIZE_MAX;
	}
	return 0;
}

static bool all_blank(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!is_blank(t[i]) && !is_eol(t[i])) {
			return false;
		}
	}
	return true;
}

static int text(MD_TEXTTYPE type, const MD_CHAR *t, MD_SIZE n, void *ctx)
{
	struct pass *s = ctx;
	uint32_t off = off_of(s, t);
	if (off != NO_OFF && n > s->len - off) {
		off = NO_OFF; /* not wholly inside: treat as made up */
	}
	struct md_event ev = { off == NO_OFF ? EV_TEXT_STATIC : EV_TEXT,
			       (uint8_t)type, n,
			       off == NO_OFF ? fnv(FNV_SEED, t, n) : off };
	if (event(s, &ev) < 0) {
		return -1;
	}
	if (s->old) {
		return 0;
	}
	if (type == MD_TEXT_HTML && off != NO_OFF) {
		if (is_ignore_comment(t, n)) {
			s->ignore_span = true;
		}
		if (s->html_from == NO_OFF) {
			s->html_from = off;
		}
		s->html_to = off + n;
		return 0;
	}
	if (unit_cur(s) && type == MD_TEXT_CODE) {
		return off != NO_OFF ? code_text(s, off, n)
				     : code_static(s, t, n);
	}
	if (!all_blank(t, n)) {
		s->ignore_span = false;
	}
	return 0;
}

static int parse(struct pass *s)
{
	MD_PARSER p;
	memset(&p, 0, sizeof(p));
	p.abi_version = 0;
	p.flags = 0; /* CommonMark as the spec has it, no extensions */
	p.enter_block = enter_block;
	p.leave_block = leave_block;
	p.enter_span = enter_span;
	p.leave_span = leave_span;
	p.text = text;
	size_t skip = s->len >= 3 && !memcmp(s->text, "\xef\xbb\xbf", 3);
	skip *= 3;
	s->unit = SIZE_MAX;
	return md_parse(s->text + skip, (MD_SIZE)(s->len - skip), &p, s);
}

void md_view_init(struct md_view *v)
{
	memset(v, 0, sizeof(*v));
}

void md_view_release(struct md_view *v)
{
	if (!v) {
		return;
	}
	free(v->units);
	free(v->segs);
	free(v->events);
	free(v->more);
	memset(v, 0, sizeof(*v));
}

int md_view_build(struct md_view *v, const char *text, size_t len)
{
	if (len >= UINT32_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	struct pass s;
	memset(&s, 0, sizeof(s));
	s.text = text ? text : "";
	s.len = len;
	s.v = v;
	if (parse(&s) != 0) {
		errno = s.err ? s.err : EINVAL;
		return -1;
	}
	return 0;
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t md_view_cut(const char *text, size_t len, size_t from)
{
	if (len < 4) {
		return 0;
	}
	/* (memchr: glibc's memmem takes three times as long) */
	for (const char *p = text, *end = text + len;
	     (p = memchr(p, ']', (size_t)(end - p))) != NULL; p++) {
		if (p + 1 < end && p[1] == ':') {
			return 0;
		}
	}
	for (size_t i = from; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		if (!nl) {
			return 0;
		}
		size_t j = (size_t)(nl - text) + 1;
		if (j < len && text[j] == '\r') {
			j++;
		}
		if (j + 1 < len && text[j] == '\n' && is_letter(text[j + 1])) {
			return j + 1;
		}
		i = (size_t)(nl - text) + 1;
	}
	return 0;
}

bool md_view_ends_open(const struct md_view *v, const char *text, size_t len)
{
	if (v->nevents < 2) {
		return true;
	}
	const struct md_event *e = &v->events[v->nevents - 2];
	if (e->what != EV_LEAVE_BLOCK || e->type == MD_BLOCK_HTML) {
		return true;
	}
	if (e->type != MD_BLOCK_CODE) {
		return false;
	}
	/* A code block last: the part's last unit. A fence left open runs
	 * to the end, over the blank line the part ends with; a closed one
	 * (and an indented block, which drops its blank lines at the end)
	 * stops before it. A block without a segment may be all blanks. */
	if (v->nunits == 0 || v->units[v->nunits - 1].depth != 1 ||
	    v->units[v->nunits - 1].nseg == 0) {
		return true;
	}
	const struct md_unit *u = &v->units[v->nunits - 1];
	const struct md_seg *last = &v->segs[u->seg + u->nseg - 1];
	size_t blank = len;
	if (blank > 0 && text[blank - 1] == '\n') {
		blank--;
	}
	if (blank > 0 && text[blank - 1] == '\r') {
		blank--;
	}
	return (size_t)last->off + last->len >= blank;
}

void md_view_shift(struct md_view *v, uint32_t off)
{
	for (size_t i = 0; i < v->nevents; i++) {
		if (v->events[i].what == EV_TEXT) {
			v->events[i].at += off;
		}
	}
	for (size_t i = 0; i < v->nunits; i++) {
		struct md_unit *u = &v->units[i];
		if (u->off != NO_OFF) {
			u->off += off;
		}
		if (u->info_n) {
			u->info += off;
		}
	}
	for (size_t i = 0; i < v->nsegs; i++) {
		v->segs[i].off += off;
	}
}

int md_view_append(struct md_view *a, struct md_view *b)
{
	if (a->nevents < 1 || b->nevents < 1 || a->more || b->more) {
		errno = EINVAL;
		return -1;
	}
	if (a->nsegs + b->nsegs >= UINT32_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	if (array_reserve((void **)&a->units, &a->capunits,
			  a->nunits + b->nunits, sizeof(*a->units)) < 0 ||
	    array_reserve((void **)&a->segs, &a->capsegs, a->nsegs + b->nsegs,
			  sizeof(*a->segs)) < 0) {
		return -1;
	}
	/* a's document end and b's document start go */
	a->nevents--;
	a->more = b->events;
	a->nmore = b->nevents;
	b->events = NULL;
	b->nevents = b->capevents = 0;
	uint32_t seg0 = (uint32_t)a->nsegs;
	if (b->nsegs) {
		memcpy(a->segs + a->nsegs, b->segs,
		       b->nsegs * sizeof(*a->segs));
		a->nsegs += b->nsegs;
	}
	for (size_t i = 0; i < b->nunits; i++) {
		a->units[a->nunits] = b->units[i];
		a->units[a->nunits++].seg += seg0;
	}
	return 0;
}

size_t md_view_nevents(const struct md_view *v)
{
	return v->nevents + (v->more ? v->nmore - 1 : 0);
}

const struct md_event *md_view_event(const struct md_view *v, size_t i)
{
	return i < v->nevents ? &v->events[i] : &v->more[i - v->nevents + 1];
}

int md_view_same(const struct md_view *old, const char *new_text,
		 size_t new_len, const struct edit *e, size_t n, size_t *where)
{
	if (new_len >= UINT32_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	struct pass s;
	memset(&s, 0, sizeof(s));
	s.text = new_text ? new_text : "";
	s.len = new_len;
	s.old = old;
	s.nold = md_view_nevents(old);
	edit_cursor_init(&s.map, e, n);
	int rc = parse(&s);
	if (s.differ) {
		*where = s.where;
		return 0;
	}
	if (rc != 0) {
		errno = s.err ? s.err : ENOMEM;
		return -1;
	}
	if (s.ev != s.nold) {
		const struct md_event *last = md_view_event(old, s.ev);
		*where = last->what == EV_TEXT ? (size_t)last->at : 0;
		return 0;
	}
	return 1;
}

bool md_view_edits_inside(const struct md_view *v, const struct edit *e,
			  size_t n, size_t *bad)
{
	/* Segments are in document order within a unit, and units by where
	 * they start; spans start inside paragraphs between blocks, so sort
	 * nothing: look each edit up by a forward scan over all segments,
	 * which are in document order overall. */
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		while (j < v->nsegs &&
		       (size_t)v->segs[j].off + v->segs[j].len < e[i].off) {
			j++;
		}
		if (j == v->nsegs || v->segs[j].off > e[i].off ||
		    e[i].off + e[i].del >
			    (size_t)v->segs[j].off + v->segs[j].len) {
			*bad = i;
			return false;
		}
	}
	return true;
}

/* First word of an info string, or the first .class of a {...} block. */
enum md_lang md_lang_of(const char *info, size_t len)
{
	static const char *const shell[] = {
		"sh",	"bash",		"shell",       "zsh",	"ksh",
		"dash", "shell-script", "shellscript", "posix", "cli"
	};
	static const char *const console[] = {
		"console",	"shell-session", "shellsession", "sh-session",
		"bash-session", "terminal",	 "zsh-session",
	};
	size_t i = 0;
	while (i < len && is_blank(info[i])) {
		i++;
	}
	if (i == len) {
		return MD_LANG_NONE;
	}
	if (info[i] == '{') {
		while (i < len && info[i] != '.' && info[i] != '}') {
			i++;
		}
		if (i == len || info[i] != '.') {
			return MD_LANG_OTHER;
		}
		i++;
	}
	size_t w = i;
	while (w < len && info[w] && !strchr(" \t{}:=,;([.", info[w])) {
		w++;
	}
	size_t n = w - i;
	for (size_t k = 0; k < sizeof(shell) / sizeof(*shell); k++) {
		if (strlen(shell[k]) == n &&
		    !strncasecmp(info + i, shell[k], n)) {
			return MD_LANG_SHELL;
		}
	}
	for (size_t k = 0; k < sizeof(console) / sizeof(*console); k++) {
		if (strlen(console[k]) == n &&
		    !strncasecmp(info + i, console[k], n)) {
			return MD_LANG_CONSOLE;
		}
	}
	return MD_LANG_OTHER;
}
