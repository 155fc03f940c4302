#ifndef COMPOSEFIX_UDIFF_H
#define COMPOSEFIX_UDIFF_H

#include <stddef.h>

#include "buf.h"
#include "edit.h"

/*
 * Appends to out the unified diff `git diff` prints for old_text ->
 * new_text, byte for byte, with git's defaults: "--- a/PATH" and
 * "+++ b/PATH" (PATH as given, but C-quoted as git quotes it when it holds
 * a control character, '"', '\\' or a byte >= 0x80, and followed by a tab
 * when it holds a space), then the hunks: git's Myers line diff with the
 * indent heuristic (so repeated or blank lines next to a change line up
 * as git lines them up), 3 lines of context, hunks whose contexts touch or
 * overlap merged, "@@ -a,b +c,d @@" with git's counts (",1" left out; an
 * empty range names the line before it, "-0,0" for an empty file)
 * followed by git's default funcname (the nearest line above the hunk that
 * starts with a letter, '_' or '$', cut to 80 bytes, trailing blanks
 * dropped), removed lines before added ones in each change, "\ No newline
 * at end of file" after a last line without '\n', and line endings such
 * as CRLF kept inside the lines.
 *
 * new_text must be old_text with the edits applied: the edits (a sorted
 * copy, see edit_sort_check) are checked against it. No edits, or edits
 * that change nothing: appends nothing. Returns 0, or -1 with errno set
 * (EINVAL when the edits are not applicable or do not turn old_text into
 * new_text, ENOMEM, EOVERFLOW) and out as it was.
 */
int udiff_write(struct buf *out, const char *path, const char *old_text,
		size_t old_len, const char *new_text, size_t new_len,
		const struct edit *e, size_t n);

#endif
