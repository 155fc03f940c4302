#ifndef COMPOSEFIX_SHELL_FRONT_H
#define COMPOSEFIX_SHELL_FRONT_H

#include <stdbool.h>
#include <stddef.h>

#include "frontend.h"

/*
 * The shell front end (scripts, typed by name or shebang: filekind.h) and
 * the Make front end (Makefiles): docker-run commands found by shellcmd.h,
 * proven by lexing the new bytes again. A file that names no container CLI
 * is not lexed at all.
 */
extern const struct frontend shell_frontend;
extern const struct frontend make_frontend;

struct shellcmd;
/*
 * Appends sc's findings to s->findings as the driver's, bound options
 * aside (o says which kinds were to be fixed, for the ones that could not
 * be): every front end that reads shell text through shellcmd.h reports
 * through it, so a command reads the same in a script and a README.
 * Returns 0, or -1 on ENOMEM.
 */
int shell_findings(struct scan *s, const struct shellcmd *sc,
		   const struct frontend_opts *o);

#endif
