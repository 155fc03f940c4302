#ifndef COMPOSEFIX_DISCOVER_H
#define COMPOSEFIX_DISCOVER_H

#include <stddef.h>

#include "buf.h"

/* What a file found is; the names of each kind: discover_names.def. The
 * set of kinds of filekind.h has bit 1 << DISCOVER_k for each. */
enum discover_kind {
	DISCOVER_COMPOSE,
	DISCOVER_SHELL,
	DISCOVER_MAKE,
	DISCOVER_MARKDOWN,
	DISCOVER_KINDS
};

/*
 * The inputs of a run, owned: v[i] a path as named or found, root[i] its
 * containment root (see contain.h; NULL for standard input or when it
 * could not be resolved).
 */
struct found {
	char **v;
	char **root;
	size_t n;
	size_t cap;
};

void found_init(struct found *f);
void found_release(struct found *f);
/* Appends copies of path and root (NULL is fine). Returns 0, or -1 with
 * errno ENOMEM and f unchanged. */
int found_add(struct found *f, const char *path, const char *root);
/*
 * Drops every path that names the same file (device and inode, symlinks
 * followed) as an earlier one, keeping the first-seen order: a file given
 * twice, or given and found by a walk, is processed once. "-" and paths
 * that cannot be stat'ed stay (they fail on their own).
 */
void found_dedupe(struct found *f);

/*
 * Appends to out the files below dir of the kinds in kinds (a set of enum
 * file_kind, see filekind.h: bit 1 << k for DISCOVER_k), each with the
 * containment root of dir, sorted by path (each directory's entries in
 * byte order, so the order is stable): the names of those kinds in
 * discover_names.def (compose.yaml, compose.yml, compose.*.y(a)ml,
 * docker-compose*.y(a)ml, *.compose.y(a)ml, *-compose.y(a)ml; *.sh, ...;
 * Makefile, ...; *.md, ...), with FILEKIND_SHELL also files without a '.'
 * in their name whose #! line names a shell, or names that match one of
 * include[] (a fnmatch(3) pattern for the file name).
 * Hidden directories but those the list names (.devcontainer, .docker),
 * node_modules and vendor are skipped, .git always, and so is any file or
 * directory whose path below dir or whose name matches one of exclude[].
 * Symbolic links are not followed (fts(3) physical walk), so there are no
 * loops.
 * Returns 0; 1 when a part of the tree could not be read (a message for
 * each in err, the rest found); or -1 with errno set and a message in err.
 */
int discover(const char *dir, unsigned kinds, const char *const *include,
	     size_t ninclude, const char *const *exclude, size_t nexclude,
	     struct found *out, struct buf *err);

#endif
