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
	const char *const *binds;    /* addresses to bind to; NULL: 127.0.0.1 */
	size_t nbinds;		     /* 2: dual-stack, a copy per entry */
	bool fix_explicit;	     /* also rebind explicit wildcards */
	const unsigned *allow_ports; /* host ports that may stay public */
	size_t nallow_ports;
	const char *const *allow_services;
	size_t nallow_services;
	/* --only: a bit (1u << enum exposure_category) per category to fix;
	 * 0: every category */
	unsigned only;
};

enum change_kind {
	CHANGE_SET,	   /* a scalar gets a new value (and maybe style) */
	CHANGE_PAIR_FIRST, /* a mapping gets "host_ip: VALUE" as first pair */
	CHANGE_COPY_AFTER, /* a copy of the entry follows it (dual-stack) */
};

/*
 * One intended change: a splice into the source, and what the parse of
 * the new text must show for it. value/style: CHANGE_SET the node's new
 * value; CHANGE_PAIR_FIRST the host_ip value; CHANGE_COPY_AFTER the copied
 * scalar's value, or the host_ip value first in the copied mapping.
 */
struct change {
	enum change_kind kind;
	uint32_t node;
	size_t site;		   /* index into the sites */
	size_t off, del;	   /* splice in the source */
	uint32_t ins, ins_len;	   /* inserted bytes: offsets into text */
	uint32_t value, value_len; /* offsets into text */
	enum node_style style;
	/* CHANGE_SET: the splice also removes the node's tag (!!int, !!null),
	 * which would force a type on the new value; its anchor stays */
	bool drop_tag;
	/* CHANGE_COPY_AFTER of a mapping whose host_ip is present: that
	 * value's node, which reads value/style in the copy; 0 (always the
	 * first document's node, never a value) when the pair is added */
	uint32_t over;
};

/* Changes in the order the verifier meets them, and their bytes. */
struct plan {
	struct change *v;
	size_t n;
	size_t cap;
	struct buf text;
	/* The document is JSON (its first token is '{'): new keys and
	 * values are written as JSON strings, "host_ip": "127.0.0.1". */
	bool json;
};

void plan_init(struct plan *p);
void plan_release(struct plan *p);

/*
 * Applies the policy to the sites: entries covered by a
 * "# composefix: ignore" comment become FINDING_SUPPRESSED, those of an
 * allowed service or host port FINDING_ALLOWED (the sites are updated),
 * and every entry that still needs a fix gets its changes. An entry shared
 * by several services keeps one site: left alone only if every one of
 * them leaves it alone, else for the first that does not. An entry that
 * cannot be changed by a safe splice gets none (the caller reports it).
 * Returns 0, or -1 on ENOMEM.
 */
int plan_build(struct plan *p, const struct doc *doc, struct sites *f,
	       const struct plan_opts *opts);

/* Whether site i got a change. */
bool plan_has(const struct plan *p, size_t site);

/*
 * Fills edits[0..p->n) with the plan's splices (pointing into p->text, so
 * valid while p lives and is not changed).
 */
void plan_edits(const struct plan *p, struct edit *edits);

/*
 * Whether the site's kind is one composefix fixes under opts, and what it
 * exposes is in the categories opts->only selects.
 */
bool plan_wants_fix(const struct site *f, const struct plan_opts *opts);

/* Whether what the site exposes is in the categories opts selects. */
bool plan_selected(const struct site *f, const struct plan_opts *opts);

#endif
