#include "frontend.h"

#include "compose/compose.h"
#include "markdown/front.h"
#include "shell/front.h"

/* The input languages, one line each: the first that claims a file reads
 * it; the last takes any file. */
const struct frontend *const frontends[] = {
	&make_frontend, &shell_frontend, &markdown_frontend, &compose_frontend,
	NULL,
};
