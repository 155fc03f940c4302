#ifndef COMPOSEFIX_RESULT_H
#define COMPOSEFIX_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "atomic.h"
#include "buf.h"
#include "exposure.h"
#include "input.h"
#include "kinds.h"
#include "record.h"

struct project;

/*
 * What one input came to, as data: the driver fills in the status, what
 * went wrong, the counts and the files it pulls in; the writer renders
 * the bytes for stdout and stderr and the records of the machine-readable
 * reports; then it is printed, in the order of the inputs.
 */

/* Something that stopped an input (its diagnostics aside). */
enum problem_kind {
	PROBLEM_NONE,
	PROBLEM_STDIN_IN_PLACE, /* --in-place of standard input */
	PROBLEM_READ,		/* a file could not be read: step, file */
	PROBLEM_SYSTEM,		/* errno err while processing the input */
	PROBLEM_REWRITE,	/* the write failed at step: file unchanged */
	PROBLEM_DIRSYNC,	/* written, but its directory not synced */
	PROBLEM_OUTSIDE,	/* not written: outside root (a warning) */
	PROBLEM_UNRESOLVED,	/* not written: its real path is unknown */
	PROBLEM_DOTENV,		/* an env file docker compose refuses: file,
				 * line, reason */
	PROBLEM_TOO_LARGE,	/* not written: the fix passes --max-size
				 * (reason says by how much) */
};

struct problem {
	enum problem_kind kind;
	bool batched;	  /* a write of the batch commit (run.h) */
	const char *step; /* static: "cannot open", "rename", ... */
	char *file;	  /* owned; NULL: the input's path. PROBLEM_READ:
			   * the file not read; PROBLEM_REWRITE: the file
			   * written (a symlink's target) */
	char reason[128]; /* PROBLEM_READ, _DOTENV: what went wrong */
	unsigned line;	  /* PROBLEM_DOTENV: where */
	int err;	  /* errno */
};

struct result {
	struct input in;
	int status;	  /* EXIT_CLEAN, EXIT_CHANGES or EXIT_TROUBLE */
	const char *kind; /* the front end that read it ("compose", "shell",
			   * ...), static; NULL: not read */
	struct problem problem;
	char **refs; /* files it pulls in (include:, extends:), owned */
	size_t nrefs;
	size_t fixed; /* entries fixed (or to fix) */
	size_t fixed_by[EXPOSURE_CATEGORY_COUNT]; /* the same, by category */
	size_t left[FINDING_KIND_COUNT]; /* entries left alone, by kind */
	const char *root; /* in: the containment root (contain.h) of the
			   * input, not owned; NULL: not checked */
	const struct project *project; /* in: the variables of the files
					* pulled in (project.h), not owned */
	bool referenced; /* in: pulled in by another file, not an input */
	bool have_id;	 /* out: dev and ino of the file read are set */
	dev_t dev;
	ino_t ino;
	bool stage;  /* in: --in-place writes batched */
	bool staged; /* out: pending holds the new file */
	struct atomic_file pending;
	/* rendered by the writer */
	struct buf out;
	struct buf err;
	struct records records; /* for --format json/sarif */
};

/* Makes r for the input at path (which must outlive r). */
void result_init(struct result *r, const char *path);
/* Frees r, removing a staged file never committed; NULL is fine. */
void result_release(struct result *r);
/* Sets r's problem (the first one stays) and status EXIT_TROUBLE (for
 * PROBLEM_OUTSIDE, a warning: EXIT_CHANGES). */
void result_fail(struct result *r, enum problem_kind kind, const char *step,
		 int err);

#endif
