#ifndef COMPOSEFIX_MDVIEW_H
#define COMPOSEFIX_MDVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "edit.h"

/*
 * The Markdown view: where a Markdown file holds code, found by md4c (a
 * CommonMark parser, the only user of <md4c.h>), as byte ranges of the
 * original text. The later stages never see md4c; they see units of code
 * and, per unit, its text as segments of the original bytes.
 *
 * A unit is a fenced code block, an indented code block or an inline code
 * span, wherever it sits (in lists, block quotes, list items in block
 * quotes). Its text is one segment per line, without the line ending and
 * without what belongs to the containers (block quote markers, list
 * indentation, the indentation a fence strips): joined by newlines, the
 * segments are what a reader copies. Where a container's tab is only
 * partly consumed, the segment starts at that tab (a tab where the
 * rendered block shows spaces: the same to a shell). A span's pieces are
 * its lines, which the span reads as joined by a space.
 *
 * Offsets are 32-bit: the text must be under 4 GiB (source_check_text()
 * ensures it). A UTF-8 BOM is skipped as CommonMark readers skip it.
 */

enum md_unit_kind {
	MD_UNIT_FENCED,
	MD_UNIT_INDENTED,
	MD_UNIT_SPAN,
};

/* What a code block's info string says it holds. */
enum md_lang {
	MD_LANG_NONE,	 /* no info string (and every span) */
	MD_LANG_SHELL,	 /* sh, bash, shell, zsh, ksh, cli, ... */
	MD_LANG_CONSOLE, /* console, shell-session, terminal, ... */
	MD_LANG_OTHER,	 /* anything else: not read as commands */
};

/* One line of a unit: bytes [off, off+len) of the original text. */
struct md_seg {
	uint32_t off;
	uint32_t len;
};

struct md_unit {
	enum md_unit_kind kind;
	enum md_lang lang;
	/* an HTML comment <!-- composefix: ignore --> right before it: as its
	 * own block before the unit's block (or before the list or block
	 * quote holding it), or inline before a span */
	bool ignored;
	uint32_t off;	 /* its first segment's offset (info: when none) */
	uint32_t seg;	 /* its lines: segs[seg .. seg+nseg) */
	uint32_t nseg;	 /* 0 for a block of blank lines only */
	uint32_t depth;	 /* open blocks: its own (a span's paragraph) and
			    the quotes, lists and items around it */
	uint32_t info;	 /* fenced: the info string's bytes, when in the */
	uint32_t info_n; /* text (else info_n is 0) */
};

/* What the parser reported, in order: verification compares two of these.
 * (16 bytes: a large file has a million.) */
struct md_event {
	uint8_t what; /* enum in mdview.c */
	uint8_t type; /* md4c's block, span or text type */
	uint32_t len; /* text: its length */
	/* text in the document: its offset; anything else: its details
	 * (block and span details, made-up text's bytes: a digest) */
	uint64_t at;
};

struct md_view {
	struct md_unit *units;
	size_t nunits, capunits;
	struct md_seg *segs;
	size_t nsegs, capsegs;
	struct md_event *events;
	size_t nevents, capevents;
	/* after md_view_append(): the appended view's events, which follow
	 * (more[0], its document's start, not among them); else NULL */
	struct md_event *more;
	size_t nmore;
};

/* How many events v holds, and the i-th (i below that). */
size_t md_view_nevents(const struct md_view *v);
const struct md_event *md_view_event(const struct md_view *v, size_t i);

void md_view_init(struct md_view *v);
/* Frees everything; NULL is fine. */
void md_view_release(struct md_view *v);

/*
 * Parses text[0..len) into v (fresh from md_view_init()). text[len] must
 * be a readable NUL, as in every struct buf: md4c 0.4.8 reads the byte
 * after a document that ends inside a link destination ("[x](y"), and a
 * ')' there makes it report text past the end. The view holds offsets
 * only: text need not outlive it. Returns 0, or -1 with
 * errno ENOMEM, EOVERFLOW (len does not fit 32 bits) or EINVAL (md4c
 * failed); v then holds what it found so far, to be released.
 */
int md_view_build(struct md_view *v, const char *text, size_t len);

/*
 * A text may be parsed in two parts, on two threads, where the parts read
 * as the whole does:
 *     at = md_view_cut(text, len, len / 2)   where to cut, or 0
 *     md_view_build(&a, text, at)            the parts
 *     md_view_build(&b, text + at, len - at)
 *     md_view_shift(&b, at)                  b's offsets in the text
 *     md_view_ends_open(&a, text, at)        true: the cut is not clean,
 *                                            parse the whole
 *     md_view_append(&a, &b)                 a is the whole's view
 */

/*
 * Where the text may be cut, looked for from offset from on: the start of
 * a line that follows a line end alone (a blank line, which closes every
 * paragraph) and starts with a letter (which cannot continue a list
 * item, a block quote or an indented block, nor open any block but a
 * paragraph). What may still be open there is a top-level code block or
 * HTML block, which the first part then shows as its last block
 * (md_view_ends_open()). md4c reads one thing across blocks, the link
 * reference definitions: a text that may hold one ("]:") is not cut.
 * Returns the offset, or 0.
 */
size_t md_view_cut(const char *text, size_t len, size_t from);

/* Whether the last top-level block of v, the view of text[0..len), may
 * not be closed where the text ends: a fenced block that runs to the end
 * (over the blank line), an HTML block, or no block at all. */
bool md_view_ends_open(const struct md_view *v, const char *text, size_t len);

/* Moves every offset of v by off (v: the view of a text from off on). */
void md_view_shift(struct md_view *v, uint32_t off);

/* Appends b (already shifted) to a: the view of a's text followed by b's.
 * b's events move, not copied (b has none after; a view takes one
 * append). Returns 0, or -1 with errno ENOMEM, EOVERFLOW or EINVAL (not
 * views, or a took one before). */
int md_view_append(struct md_view *a, struct md_view *b);

/*
 * Whether new_text[0..new_len) (new_text[new_len] a readable NUL, as for
 * md_view_build()) parses as old (the view of the text that
 * the sorted, checked edits e[0..n) turned into new_text) with only the
 * edited bytes changed: the same blocks, spans and texts in the same
 * order and nesting, the same details (info strings, list markers,
 * heading levels, link targets), every text at the place the edits move
 * it to and as long as the edits make it. An edit must lie inside a
 * segment of a unit (md_view_edits_inside() checks that first).
 * Returns 1 when it does, 0 when it does not (*where: the old offset
 * where the two part), -1 with errno ENOMEM or EOVERFLOW.
 */
int md_view_same(const struct md_view *old, const char *new_text,
		 size_t new_len, const struct edit *e, size_t n, size_t *where);

/*
 * Whether every edit of the sorted list lies inside one segment of a unit
 * (from its first byte to its end, both included). *bad: the first edit
 * that does not.
 */
bool md_view_edits_inside(const struct md_view *v, const struct edit *e,
			  size_t n, size_t *bad);

/* The language an info string names (its first word, or the first class
 * of a {.lang} attribute block), case-insensitive. */
enum md_lang md_lang_of(const char *info, size_t len);

#endif
