#ifndef COMPOSEFIX_UDIFF_H
#define COMPOSEFIX_UDIFF_H

#include <stddef.h>

#include "buf.h"
#include "edit.h"

/*
 * Appends to out a unified diff of old_text -> new_text in git's format:
 * "--- a/PATH" and "+++ b/PATH" (PATH as given, see udiff_name(), C-quoted as
 * git quotes it when it holds a control character, '"', '\\' or a byte >= 0x80,
 * and followed by a tab when it holds a space), then hunks with 3 lines of
 * context, hunks whose contexts touch or overlap merged, "@@ -a,b +c,d @@"
 * with git's counts (",1" left out; an empty range names the line before
 * it) and git's default funcname (the nearest line above the hunk starting
 * with a letter, '_' or '$', cut to 80 bytes), removed lines before added
 * ones in each change, "\ No newline at end of file" after a last line
 * without '\n', and line endings such as CRLF kept inside the lines.
 *
 * The changed lines are read off the edits, not searched for: every line
 * an edit touches is shown as removed and added, and text inserted at a
 * line start that ends with a line break is shown as added lines only.
 * git apply and patch -p1 turn old_text into new_text with it; where
 * git diff would line up repeated lines differently, the hunks may differ
 * from git's.
 *
 * new_text must be old_text with the edits applied: the edits (a sorted
 * copy, see edit_sort_check) are checked against it. No edits, or edits
 * that change nothing: appends nothing. Returns 0, or -1 with errno set
 * (EINVAL when the edits do not turn old_text into new_text, ENOMEM) and
 * out as it was.
 */
int udiff_write(struct buf *out, const char *path, const char *old_text,
		size_t old_len, const char *new_text, size_t new_len,
		const struct edit *e, size_t n);

/*
 * Appends to out the name a diff header gives the file at path, so that
 * git apply and patch -p1 run in the directory cwd (an absolute path, or
 * NULL when unknown) find the file: empty and "." components dropped and
 * "dir/.." folded (as text, like git), an absolute path inside cwd, or a
 * relative one that climbs out of cwd and back in, made relative to it.
 * A file outside cwd is named by its absolute path without the leading
 * slash ("srv/app/compose.yaml"): such a diff applies from "/" (patch -p1
 * -d /). Returns 0 for a name relative to cwd, 1 for one outside it, -1 on
 * ENOMEM (out as it was).
 */
int udiff_name(struct buf *out, const char *path, const char *cwd);

#endif
