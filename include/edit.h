#ifndef COMPOSEFIX_EDIT_H
#define COMPOSEFIX_EDIT_H

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
 * Sorts edits by offset (stable) and checks that they neither overlap nor
 * reach past len: two edits at the same offset are only allowed when
 * both delete nothing. Returns 0, or -1 when the list is not applicable.
 */
int edit_sort_check(struct edit *e, size_t n, size_t len);

/*
 * Appends old with the sorted, checked edits applied to out, in one
 * forward copy. Returns 0, or -1 with errno set (out may hold a prefix).
 */
int edit_apply(const char *old, size_t len, const struct edit *e, size_t n,
	       struct buf *out);

/*
 * Maps an offset of the old text to the new text: the position of the
 * same byte after the edits (for an offset inside a deleted range, the
 * start of what replaced it).
 */
size_t edit_map(const struct edit *e, size_t n, size_t off);

#endif
