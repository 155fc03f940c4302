#ifndef COMPOSEFIX_INPUT_H
#define COMPOSEFIX_INPUT_H

#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"

/*
 * Reads the regular file at path ("-": standard input) whole into out,
 * refusing more than max bytes. *st receives the file's stat (through
 * symlinks) as read, for a later atomic replace.
 *
 * Returns 0, or -1 with *why the failing step ("cannot open", "cannot
 * read") and *reason what went wrong (strerror, or "not a regular file",
 * "larger than --max-size").
 */
int input_read(const char *path, size_t max, struct buf *out, struct stat *st,
	       const char **why, const char **reason);

#endif
