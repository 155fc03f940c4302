#ifndef COMPOSEFIX_FOLLOW_H
#define COMPOSEFIX_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "result.h"

/*
 * Following include: and extends: the files the inputs pull in, so that
 * each file is processed once (by device and inode) and a file pulled in
 * keeps the containment root of the file that pulls it in.
 */

/* Paths, owned, each with a containment root that is not. */
struct paths {
	char **v;
	const char **root;
	size_t n;
	size_t cap;
};

struct follow {
	struct paths noted; /* pulled in by the results handed on so far */
	struct {
		dev_t dev;
		ino_t ino;
	} * seen; /* the files processed */
	size_t nseen;
	size_t seen_cap;
	bool inputs_seen; /* the first inputs are among the seen */
};

void follow_init(struct follow *f);
void follow_release(struct follow *f);

/* Notes the files r pulls in. Returns 0, or -1 on ENOMEM. */
int follow_note(struct follow *f, const struct result *r);

/*
 * Fills next (released first) with the files noted so far that are
 * regular files not processed yet, and forgets the notes; inputs[0..n)
 * are the inputs processed first (they count as seen). Returns next->n.
 */
size_t follow_next(struct follow *f, const char *const *inputs, size_t n,
		   struct paths *next);

void paths_release(struct paths *p);

#endif
