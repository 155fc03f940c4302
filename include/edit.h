#ifndef COMPOSEFIX_EDIT_H
#define COMPOSEFIX_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/*
 * One splice into the original bytes: remove del bytes at off, insert
 * ins_len bytes from ins there. Offsets always refer to the original,
 * unedited text. ins is not owned by the edit.
 */
struct edit {
	size_t off;
	size_t del;
	const char *ins;
	size_t ins_len;
};

/*
 * Sorts edits by offset (stable: edits at one offset keep their order)
 * and checks that they can be applied to a text of len bytes: none reaches
 * past len, none overlaps the next, two edits at the same offset both
 * delete nothing (they are then inserted in list order), and ins is set
 * whenever ins_len > 0. Allocates nothing. Returns 0, or -1 with errno
 * EINVAL when the list is not applicable (its order is then unspecified).
 */
int edit_sort_check(struct edit *e, size_t n, size_t len);

/*
 * Appends old with the sorted, checked edits applied to out, in one
 * forward copy. Returns 0, or -1 with errno set (EINVAL for a list
 * edit_sort_check() would refuse, ENOMEM, EOVERFLOW); out then holds what
 * it held before.
 */
int edit_apply(const char *old, size_t len, const struct edit *e, size_t n,
	       struct buf *out);

/*
 * Maps an offset of the old text (0..len) to the new text, through sorted,
 * checked edits: the position of the same byte after the edits (text
 * inserted at off comes before it; len maps to the new length), and for
 * an offset inside a deleted range, the start of what replaced it.
 */
size_t edit_map(const struct edit *e, size_t n, size_t off);

/*
 * edit_map() for many offsets in one pass: offsets of the old text given
 * in non-decreasing order, through sorted, checked edits (not owned, to
 * outlive the cursor). at_end says which side of text inserted exactly at
 * off the offset is on: an offset that ends a range maps after it (the
 * insertion belongs to the range), one that starts a range before it.
 * Returns false for an offset strictly inside a deleted range (it has no
 * place in the new text), else true with the new offset in *out.
 */
struct edit_cursor {
	const struct edit *e;
	size_t n;
	size_t i; /* edits before the last offset mapped */
	size_t added, removed;
};

void edit_cursor_init(struct edit_cursor *c, const struct edit *e, size_t n);
bool edit_cursor_map(struct edit_cursor *c, size_t off, bool at_end,
		     size_t *out);

#endif
