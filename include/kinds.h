#ifndef COMPOSEFIX_KINDS_H
#define COMPOSEFIX_KINDS_H

#include <stdbool.h>

#include "diag.h"

/*
 * The finding kinds: what a published port is, as far as exposure goes,
 * and everything said about each. A new kind is a constant here and a row
 * in kinds.c (a static assertion there counts them); every writer reads
 * the table.
 */
enum finding_kind {
	FINDING_BOUND,		   /* a specific address: nothing to do */
	FINDING_UNBOUND,	   /* no (or an empty) address */
	FINDING_CONTAINER_ONLY,	   /* ephemeral host port, all interfaces */
	FINDING_EXPLICIT_WILDCARD, /* 0.0.0.0 and friends, on purpose */
	FINDING_VARIABLE,	   /* the address depends on the environment */
	FINDING_UNDECIDABLE,	   /* the whole entry is a variable */
	FINDING_INVALID,	   /* not a port entry Docker accepts */
	FINDING_SUPPRESSED,	   /* a "composefix: ignore" comment */
	FINDING_ALLOWED,	   /* --allow-port / --allow-service */
	FINDING_HOST_NETWORK,	   /* the context uses the host's network */
	FINDING_SHARED_NETWORK,	   /* ... another container's: no ports */
	FINDING_NOT_A_LIST,	   /* a ports value that is no list */
	FINDING_BAD_ENTRY,	   /* an entry neither scalar nor map */
	FINDING_DUPLICATE_KEY,	   /* a repeated key (the front end's error) */
	FINDING_PUBLISH_ALL,	   /* -P / --publish-all: every exposed port */
	FINDING_SWARM,		   /* a swarm service's port: every node
				    * (in a compose stack file, beside the
				    * entry's own finding and fix) */
	FINDING_KIND_COUNT
};

struct kind {
	const char *name; /* "unbound": in reports, summaries, SARIF ids */
	/* Whether reports show a finding of this kind at all (bound entries
	 * and duplicate keys, which are errors, they do not). */
	bool shown;
	/* Left alone: how loudly it is said, and whether only with -v. */
	enum diag_severity level;
	bool verbose_only;
	/* The finding is about its context (service), not one entry. */
	bool about_context;
	/* What is said when it gets a fix, after the entry: "publishes
	 * %xon all interfaces"; NULL for kinds that are never fixed. A "%x"
	 * in any text stands for what the finding exposes, "MySQL (data) ",
	 * or nothing when nothing was recognised. */
	const char *fixed;
	/* What is said when it is left alone, after the entry; a "%s" in it
	 * stands for the finding's reason. */
	const char *left_alone;
	/* The reason when the finding gives none. */
	const char *reason;
	/* What is said when --only leaves its category out, after the
	 * entry; "%s" stands for the categories --only names. NULL for kinds
	 * that are never fixed. */
	const char *deselected;
	/* The SARIF rule's short description; NULL: no rule. */
	const char *rule;
};

/* The row of kind k (k < FINDING_KIND_COUNT). */
const struct kind *kind_get(enum finding_kind k);

/* What is said of a finding whose fix was wanted but cannot be made by a
 * safe splice, whatever its kind. */
extern const char *const kind_unfixable;
/* The same when the finding says why ("%s" stands for its reason). */
extern const char *const kind_unfixable_why;

#endif
