#ifndef COMPOSEFIX_SOURCE_H
#define COMPOSEFIX_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * A loaded input's bytes, read-only for the whole run: every offset in
 * later stages refers to them. The line index is built on first use.
 */
struct source {
	const char *data; /* not owned */
	size_t len;
	uint32_t *lines; /* offsets of line starts, owned */
	size_t nlines;
	/* Before the index: the last offset asked, the line breaks before
	 * it, and the bytes counted so far. Reports ask in file order, so
	 * counting from one answer to the next reads the file once; when
	 * the questions jump about (four times the file counted), the index
	 * is built. */
	size_t at_off, at_breaks, counted;
};

void source_init(struct source *s, const char *data, size_t len);
void source_release(struct source *s);

/*
 * 1-based line and column of a byte offset; the column counts characters
 * (UTF-8 sequences, a tab is one) and not a leading BOM. Returns 0, or -1
 * on ENOMEM (building the index).
 */
int source_pos(struct source *s, size_t off, unsigned *line, unsigned *col);

/*
 * Checks that the bytes are text libfyaml can take whole: no NUL byte,
 * valid UTF-8 (a UTF-8 BOM is fine), not UTF-16 or UTF-32, and no larger
 * than 4 GiB (offsets are 32-bit). Adds an error with line and column to d
 * and returns false otherwise.
 */
bool source_check_text(struct source *s, struct diags *d);

#endif
