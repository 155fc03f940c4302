#ifndef COMPOSEFIX_DRIVER_H
#define COMPOSEFIX_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "cli.h"
#include "edit.h"
#include "frontend.h"
#include "result.h"

/*
 * The per-input driver: read the input (and the .env beside it), let its
 * front end scan it, apply the planned fixes to the original bytes in one
 * pass, have the front end verify the new bytes, then write them in place
 * (or stage them for the batch) when asked. Never prints.
 */

/* What the writer needs to render about one input; released after. */
struct outcome {
	const struct frontend *fe;
	bool scanned;	    /* the scan succeeded: the findings are whole */
	bool verified;	    /* and the new bytes were proven */
	struct scan scan;   /* findings and diagnostics (its state released) */
	size_t notes_at;    /* diags before the notes on entries left alone */
	struct buf data;    /* the input's bytes */
	struct buf new;	    /* the bytes with every fix, when any */
	struct edit *edits; /* sorted, pointing into the findings' text */
	size_t nedits;
	/* report_ahead()'s answer: 0 when the diff or the report's lines
	 * are in the result's out already (rendered on a thread of their
	 * own while the new bytes were verified), -1 when that failed
	 * (errno in ahead_err), 1 when they are still to do */
	int ahead_rc, ahead_err;
	/* the findings' lines for stderr (warnings and notes on entries
	 * left alone), rendered with them: warn_rc 0 when in warn, -1 when
	 * that failed, 1 when still to do */
	struct buf warn;
	int warn_rc;
};

void outcome_init(struct outcome *oc);
void outcome_release(struct outcome *oc);

/*
 * Processes r's input under o with the first front end of fes that takes
 * it, filling r's status, problem, counts, refs and staged write (when
 * r->stage) and oc. The exit status policy for one input lives here:
 * EXIT_TROUBLE when anything failed, else EXIT_CHANGES when it needs (or,
 * with --strict, warns about) changes, EXIT_CLEAN when nothing is to do or
 * --in-place wrote it.
 */
void drive(const struct options *o, const struct frontend *const *fes,
	   struct result *r, struct outcome *oc);

/* Whether a finding is said at all under o (-v shows more). */
bool driver_shows(const struct options *o, const struct finding *f);

#endif
