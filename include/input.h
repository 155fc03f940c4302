#ifndef COMPOSEFIX_INPUT_H
#define COMPOSEFIX_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"

/* An input as named: a file, or "-" for standard input. */
struct input {
	const char *path; /* as named or found (not owned) */
	const char *name; /* for messages: path, or "<stdin>" */
	bool is_stdin;
};

/* Makes in for path, which must outlive it. */
void input_init(struct input *in, const char *path);

/* The length of path's directory with its '/' ("a/b/" of "a/b/c.yml"):
 * what a name relative to the input is joined to. 0 for standard input
 * and for a name without '/'. */
size_t input_dir_len(const struct input *in);

/*
 * Reads the regular file of in (or standard input) whole into out,
 * refusing more than max bytes. *st receives the file's stat (through
 * symlinks) as read, for a later atomic replace.
 *
 * Returns 0, or -1 with *why the failing step ("cannot open", "cannot
 * read") and *reason what went wrong (strerror, or "not a regular file",
 * "larger than --max-size").
 */
int input_read(const struct input *in, size_t max, struct buf *out,
	       struct stat *st, const char **why, const char **reason);

/*
 * The same for a file that need not be regular: a character device such
 * as /dev/null (--env-file /dev/null: no variables) is read to its end,
 * up to max bytes. Returns as input_read().
 */
int input_read_any(const char *path, size_t max, struct buf *out,
		   const char **why, const char **reason);

#endif
