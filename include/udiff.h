#ifndef COMPOSEFIX_UDIFF_H
#define COMPOSEFIX_UDIFF_H

#include <stddef.h>

#include "buf.h"
#include "edit.h"

/*
 * Appends to out a unified diff (git's rules: "--- a/PATH", "+++ b/PATH",
 * 3 lines of context, hunks whose contexts touch or overlap are merged,
 * exact "@@ -a,b +c,d @@" counts with git's conventions for empty ranges,
 * "\ No newline at end of file" after a last line without '\n', line
 * endings such as CRLF kept byte for byte inside the lines).
 *
 * new_text must be old_text with the edits applied; the edits are sorted
 * and checked (edit_sort_check). Whole lines touched by an edit are shown
 * as removed and added; nothing else is compared. No edits: appends
 * nothing. Returns 0, or -1 with errno set.
 */
int udiff_write(struct buf *out, const char *path, const char *old_text,
		size_t old_len, const char *new_text, size_t new_len,
		const struct edit *e, size_t n);

#endif
