#ifndef COMPOSEFIX_COMPOSE_H
#define COMPOSEFIX_COMPOSE_H

#include "document.h"
#include "frontend.h"
#include "plan.h"
#include "ports.h"
#include "source.h"

/*
 * The Compose front end: a YAML view of the input (document.c, the only
 * user of libfyaml), its services' port sites (ports.c), the policy that
 * plans their fixes (plan.c), and the proof by parsing again (verify.c).
 */
extern const struct frontend compose_frontend;

/* What the front end keeps of one input between scan and verify (the
 * scan's state): for tests that look inside. */
struct compose {
	struct source src; /* the input's bytes (not owned) */
	struct doc doc;
	struct sites sites;
	struct plan plan;
};

#endif
