#include "frontend.h"

#include "compose/compose.h"

/* The input languages, one line each: the first that claims a file reads
 * it; the last takes any file. */
const struct frontend *const frontends[] = {
	&compose_frontend,
	NULL,
};
