#ifndef COMPOSEFIX_CONTAIN_H
#define COMPOSEFIX_CONTAIN_H

#include <stdbool.h>

/*
 * Containment: the tree an --in-place run may write in. A pull request
 * from a stranger must not make composefix rewrite a file outside the tree
 * it was pointed at, through an include: of ../outside.yaml, an absolute
 * extends: file, or a symlink whose target lies elsewhere.
 */

/*
 * The containment root of an input named on the command line: for a
 * directory, the directory itself; for a file, the top of the git work
 * tree holding it (the nearest directory above it with a .git entry),
 * else the file's own directory. The directories are resolved with
 * realpath(3); a file's own symlink is not (a link is judged by where it
 * points, see contain_inside()).
 * Returns a malloc'ed absolute path the caller frees, or NULL with errno
 * set.
 */
char *contain_root(const char *path, bool is_dir);

/*
 * Whether the file path names (symlinks resolved) lies in the directory
 * root (an absolute real path from contain_root()) or below it.
 * Returns 1 inside, 0 outside, or -1 with errno set when path cannot be
 * resolved.
 */
int contain_inside(const char *root, const char *path);

#endif
