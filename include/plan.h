#ifndef COMPOSEFIX_PLAN_H
#define COMPOSEFIX_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "document.h"
#include "edit.h"
#include "ports.h"

struct plan_opts {
	const char *bind;  /* the address to bind to, "127.0.0.1" */
	bool fix_explicit; /* also rebind explicit wildcards */
};

/* One intended change: a splice, and what the node must read after it. */
struct change {
	uint32_t node;	  /* the scalar that changes */
	size_t finding;	  /* index into the findings */
	size_t off, del;  /* splice in the source */
	uint32_t ins, ins_len;	   /* inserted bytes: offsets into text */
	uint32_t value, value_len; /* the node's new value: into text */
	enum node_style style;	   /* the node's style afterwards */
};

/* Changes sorted by node (so by offset), and the bytes they refer to. */
struct plan {
	struct change *v;
	size_t n;
	size_t cap;
	struct buf text;
};

void plan_init(struct plan *p);
void plan_release(struct plan *p);

/*
 * Turns the findings that need a fix under opts into changes. Returns 0,
 * or -1 on ENOMEM.
 */
int plan_build(struct plan *p, const struct doc *doc,
	       const struct findings *f, const struct plan_opts *opts);

/*
 * Fills edits[0..p->n) with the plan's splices (pointing into p->text, so
 * valid while p lives and is not changed).
 */
void plan_edits(const struct plan *p, struct edit *edits);

#endif
