#ifndef COMPOSEFIX_PROJECT_H
#define COMPOSEFIX_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "env.h"
#include "frontend.h"
#include "input.h"

/*
 * The projects a file belongs to, and so the variables docker compose
 * interpolates it with (compose-go's loader): an input is read with its
 * own .env (or --env-file); a file it pulls in through include: with the
 * input's variables, which win, plus the included project's env files
 * (include: env_file:, else the .env of the included project's
 * directory), each expanded with the variables that win; a file pulled in
 * through extends: {file: ...} with the variables of the file that
 * extends. A file reached several ways is judged under each.
 */

/* At most this many variable sets are kept per file (include cycles). */
enum { PROJECT_CONTEXTS_MAX = 16 };

/* Why an env file could not be used. */
struct env_fail {
	char *file;	  /* owned; NULL: nothing failed (or ENOMEM) */
	const char *step; /* "cannot open", ...; NULL: a syntax error */
	char reason[128]; /* what went wrong reading it */
	unsigned line;	  /* a syntax error: where, and what (static) */
	const char *msg;
};

void env_fail_release(struct env_fail *f);

/*
 * Reads into env the variables docker compose uses for the input in: the
 * file env_file when it is not NULL, else the .env beside in, whose
 * absence is no error. Returns 0; -1 with *why filled when the file
 * cannot be read or is text docker compose refuses; -1 with errno ENOMEM
 * (why->file NULL).
 */
int project_load_env(const char *env_file, const struct input *in,
		     size_t max_size, struct env *env, struct env_fail *why);

/*
 * The variables the target of ref (pulled in by the input in, read with
 * ctx) is read with, into out (initialised by the caller): ctx, and for
 * include: the included project's env files for the names ctx lacks.
 * Returns 0; -1 with *why filled when an env file named by env_file: is
 * missing or cannot be read, or an env file does not parse (docker
 * compose fails on those too); -1 with errno ENOMEM.
 */
int project_ref_env(const struct input *in, const struct scan_ref *ref,
		    const struct env *ctx, size_t max_size, struct env *out,
		    struct env_fail *why);

/* The variable sets one file is read with. */
struct project_file {
	char *real;	  /* its real path, owned */
	struct env **ctx; /* owned, each distinct */
	size_t n;
};

struct project {
	struct project_file *v;
	size_t n;
	size_t cap;
};

void project_init(struct project *p);
void project_release(struct project *p);

/*
 * Follows include: and extends: from the inputs paths[0..n), each read
 * with its own variables, through their front ends' scans, and records
 * for every file reached the variables it is read with there. Only inputs
 * whose text names include or extends are scanned. Files that cannot be
 * read or scanned are skipped: processing them says why. Returns 0, or -1
 * on ENOMEM.
 */
int project_scan(struct project *p, const struct options *o,
		 const struct frontend *const *fes, const char *const *paths,
		 size_t n);

/*
 * The variable sets recorded for the file at path (compared by real
 * path), and their count in *n; NULL and 0 when there is none.
 */
const struct env *const *project_contexts(const struct project *p,
					  const char *path, size_t *n);

#endif
