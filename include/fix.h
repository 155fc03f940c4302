#ifndef COMPOSEFIX_FIX_H
#define COMPOSEFIX_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "document.h"
#include "edit.h"
#include "env.h"
#include "plan.h"
#include "ports.h"
#include "source.h"

/*
 * Everything composefix learns about one input: the pipeline
 * check -> parse -> find -> plan -> splice -> verify, run once.
 */
/* How to judge and fix one input. */
struct fix_opts {
	struct plan_opts plan;
	const struct env *env; /* .env variables; NULL: none */
	bool verbose;	       /* also explain suppressed and allowed */
};

struct fix {
	const struct plan_opts *opts; /* not owned */
	struct source src;	      /* the input's bytes (not owned) */
	struct doc doc;
	struct findings findings;
	struct plan plan;
	struct edit *edits; /* plan.n splices, sorted */
	struct buf out;	    /* the new bytes, when edits exist */
	struct diags diags; /* errors, warnings, notes */
	size_t *notes; /* per finding: its diagnostic's index, or SIZE_MAX */
};

/*
 * Runs the pipeline over data[0..len) (which must outlive f). Returns 0
 * when the input was understood and any change verified (f->plan.n > 0
 * means the file changes, f->out holds the new bytes); -1 when it was not
 * (the reason is an error in f->diags, or errno ENOMEM): then nothing may
 * be written.
 */
int fix_run(struct fix *f, const char *data, size_t len,
	    const struct fix_opts *opts);
void fix_release(struct fix *f);
/*
 * Frees the document view and the findings, which only reports need: the
 * splices, the new bytes and the diagnostics stay. For large inputs, before
 * rendering a diff.
 */
void fix_drop_view(struct fix *f);

#endif
