#ifndef COMPOSEFIX_RECORD_H
#define COMPOSEFIX_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "exposure.h"

/*
 * What a machine-readable report says about one input: plain data,
 * independent of the pipeline that produced it.
 */

/* One splice as a region of the original file (1-based, end exclusive). */
struct record_edit {
	unsigned line, col, end_line, end_col;
	char *text; /* inserted text, owned */
};

struct record {
	unsigned line, col, end_line, end_col;
	char *service;	   /* owned */
	char *entry;	   /* the entry as written, owned */
	const char *kind;  /* "unbound", ... (static) */
	const char *level; /* "error" (fix needed), "warning", "note" */
	char *message;	   /* owned */
	char *replacement; /* the entry after the fix, owned; NULL: none */
	bool applied;	   /* the fix was written (--in-place) */
	struct exposure exposes;   /* what the entry publishes */
	struct record_edit *edits; /* owned */
	size_t nedits;
};

struct record_error {
	unsigned line, col; /* 0: no location */
	char *message;	    /* owned */
};

/* Everything about one file. */
struct records {
	const char *status; /* "clean", "changed", "fixed", "error" */
	const char *kind;   /* read as: "compose", "shell", ...; NULL: not */
	struct record *v;
	size_t n;
	size_t cap;
	struct record_error *errors;
	size_t nerrors;
};

void records_init(struct records *r);
void records_release(struct records *r);
/* Appends a zeroed record (exposing nothing recognised) and returns it,
 * or NULL on ENOMEM. */
struct record *records_add(struct records *r);
int records_add_error(struct records *r, unsigned line, unsigned col,
		      const char *message);

#endif
