#ifndef COMPOSEFIX_RUN_H
#define COMPOSEFIX_RUN_H

#include <stddef.h>
#include <sys/types.h>

#include "atomic.h"
#include "buf.h"
#include "cli.h"
#include "record.h"

enum { RUN_KINDS = 16 }; /* room for every enum finding_kind */

/* What one input produced: bytes for stdout and stderr, and its status. */
struct run_result {
	const char *path; /* as named or found; "<stdin>" for "-" */
	struct buf out;
	struct buf err;
	int status;  /* EXIT_CLEAN, EXIT_CHANGES or EXIT_TROUBLE */
	char **refs; /* files it pulls in (include:, extends:), owned */
	size_t nrefs;
	size_t fixed;		/* entries fixed (or to fix) */
	size_t left[RUN_KINDS]; /* entries left alone, by finding_kind */
	struct records records; /* for --format json/sarif */
	const char *root;	/* in: the containment root (contain.h) of the
				 * input, not owned; NULL: not checked */
	bool have_id;		/* out: dev and ino of the file read are set */
	dev_t dev;
	ino_t ino;
	bool stage;  /* in: --in-place writes are batched */
	bool staged; /* out: pending holds the new file */
	struct atomic_file pending;
};

void run_result_init(struct run_result *r);
void run_result_release(struct run_result *r);

/*
 * Processes the input at path ("-": standard input) in o's mode: reads
 * it, runs the fix pipeline, and writes the file (--in-place) or renders
 * the report, diff or document into r. Never prints: the caller emits r.
 */
void run_input(const struct options *o, const char *path, struct run_result *r);

/*
 * Runs run_input() over paths[0..n) (roots[i] the containment root of
 * paths[i]; roots may be NULL) with up to jobs threads and hands
 * every result to emit() in the order of paths, from the calling thread;
 * then, the same way, over the files they pull in through include: and
 * extends: that exist and were not processed yet (each file once, by
 * device and inode), until no new one turns up; a file pulled in has the
 * root of the file that pulls it in. With --in-place a file whose real
 * path lies outside its root is not written unless --follow-outside: it
 * gets a warning and the status EXIT_CHANGES.
 * emit returns 0, or -1 when it could not write (that input's status then
 * becomes EXIT_TROUBLE). Returns the highest status, or EXIT_TROUBLE when
 * threads could not be started.
 */
int run_all(const struct options *o, const char *const *paths,
	    const char *const *roots, size_t n, unsigned jobs,
	    int (*emit)(const struct run_result *r, void *ctx), void *ctx);

#endif
