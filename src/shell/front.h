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

#endif
