#ifndef COMPOSEFIX_PORTS_H
#define COMPOSEFIX_PORTS_H

#include <stddef.h>
#include <stdint.h>

#include "document.h"
#include "portspec.h"

/* What an entry of a service's ports is, as far as exposure goes. */
enum finding_kind {
	FINDING_BOUND,		   /* a specific address: nothing to do */
	FINDING_UNBOUND,	   /* no (or an empty) address */
	FINDING_CONTAINER_ONLY,	   /* ephemeral host port, all interfaces */
	FINDING_EXPLICIT_WILDCARD, /* 0.0.0.0 and friends, on purpose */
	FINDING_VARIABLE,	   /* the address comes from a variable */
	FINDING_UNDECIDABLE,	   /* the whole entry is a variable */
	FINDING_INVALID,	   /* not a port entry Docker accepts */
	FINDING_DUPLICATE_KEY,	   /* node: a repeated key Compose rejects */
};

struct finding {
	uint32_t node;	  /* the entry's scalar node */
	uint32_t service; /* the service's key node */
	enum finding_kind kind;
	struct portspec spec; /* spans into the node's value */
};

struct findings {
	struct finding *v;
	size_t n;
	size_t cap;
};

void findings_init(struct findings *f);
void findings_release(struct findings *f);

/*
 * Finds every short-syntax port entry of every service of every document
 * of doc (services.NAME.ports, aliases followed; an entry reached twice
 * through a shared anchor is reported once, for the first service that
 * reaches it) and classifies it. Appends to out in document order.
 * Returns 0, or -1 on ENOMEM.
 */
int ports_find(const struct doc *doc, struct findings *out);

/* "unbound", "container-only", ... */
const char *finding_kind_name(enum finding_kind kind);

#endif
