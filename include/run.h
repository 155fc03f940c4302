#ifndef COMPOSEFIX_RUN_H
#define COMPOSEFIX_RUN_H

#include <stddef.h>

#include "cli.h"
#include "frontend.h"
#include "result.h"

/*
 * Processes every input of paths[0..n) (roots[i] the containment root of
 * paths[i]; roots may be NULL: the driver, then the writer's words) with
 * up to jobs threads, each by the first front end of fes that claims it,
 * and hands every result to emit() in the order of paths, from the
 * calling thread; then, the same way, over the files they pull in through
 * include: and extends: that exist and were not processed yet (each file
 * once, by device and inode), until no new one turns up; a file pulled in
 * has the root of the file that pulls it in. With --in-place a file whose
 * real path lies outside its root is not written unless --follow-outside:
 * it gets a warning and the status EXIT_CHANGES.
 * emit returns 0, or -1 when it could not write (that input's status then
 * becomes EXIT_TROUBLE). Returns the highest status, or EXIT_TROUBLE when
 * threads could not be started.
 */
int run_all(const struct options *o, const struct frontend *const *fes,
	    const char *const *paths, const char *const *roots, size_t n,
	    unsigned jobs, int (*emit)(const struct result *r, void *ctx),
	    void *ctx);

#endif
