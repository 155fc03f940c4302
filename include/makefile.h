#ifndef COMPOSEFIX_MAKEFILE_H
#define COMPOSEFIX_MAKEFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "shellcmd.h"

/*
 * The shell text of a Makefile, as GNU make hands it to the shell: every
 * recipe line (lines led by a tab, or by .RECIPEPREFIX, after a rule; the
 * text after ";" on a rule line), without its prefix characters ("@", "-",
 * "+") and with the recipe prefix of its continuation lines removed, is
 * one text; so is the value of a variable that mentions a container CLI
 * ("DOCKER_RUN = docker run --rm -p 1313:1313"), which is command text
 * wherever it is used. Each text is a list of segments of the file's bytes
 * for shellcmd_analyze() in the SHELLCMD_MAKE dialect.
 */

struct make_text {
	size_t seg; /* segs[seg .. seg + nsegs) */
	size_t nsegs;
	/* A "# composefix: ignore" comment is on the line above. */
	bool ignored;
};

struct makefile {
	struct shellcmd_seg *segs;
	size_t nsegs;
	size_t segs_cap;
	struct make_text *texts; /* in file order */
	size_t ntexts;
	size_t texts_cap;
	/* Names of variables whose value mentions docker, podman or nerdctl
	 * ("DOCKER ?= podman"), for shellcmd_opts.cli_vars; owned. */
	char **vars;
	size_t nvars;
	size_t vars_cap;
};

void makefile_init(struct makefile *m);
/* Frees everything m holds; NULL is fine. */
void makefile_release(struct makefile *m);

/*
 * Scans data[0..len) into m (which must be fresh from makefile_init).
 * Never fails on content: text that is not a rule, recipe or variable is
 * passed over. Returns 0, or -1 with errno ENOMEM.
 */
int makefile_scan(struct makefile *m, const char *data, size_t len);

/* The input of text i of m over src (the scanned bytes). */
struct shellcmd_input makefile_input(const struct makefile *m, size_t i,
				     struct source *src);

#endif
