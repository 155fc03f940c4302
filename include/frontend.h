#ifndef COMPOSEFIX_FRONTEND_H
#define COMPOSEFIX_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "edit.h"
#include "env.h"
#include "finding.h"

/*
 * A front end knows one input language (Compose YAML, ...). It is given an
 * input's bytes and the options; it returns findings with positions,
 * kinds, contexts and planned fixes (plain data, see finding.h); after the
 * driver has applied the fixes, it proves the new bytes by parsing them
 * again. Everything else (applying, writing, reporting) is the driver's.
 */
struct frontend_opts {
	const char *const *binds;    /* addresses to bind to; NULL: 127.0.0.1 */
	size_t nbinds;		     /* 2: dual-stack, a copy per entry */
	bool fix_explicit;	     /* also rebind explicit wildcards */
	const unsigned *allow_ports; /* host ports that may stay public */
	size_t nallow_ports;
	const char *const *allow_services;
	size_t nallow_services;
	/* the variable sets for ${...}: the input's own, and those of every
	 * project that pulls it in (project.h); none: no variables */
	const struct env *const *envs;
	size_t nenvs;
	/* --only: a bit (1u << enum exposure_category) per category whose
	 * entries get fixes; 0: every category. A front end plans no fix
	 * for another category, and marks the finding deselected. */
	unsigned only;
	const char *path; /* the input's name, for what it says; NULL */
};

/* A file an input pulls in, as read under one of its variable sets. */
struct scan_ref {
	char *path;	    /* interpolated, as written (owned) */
	unsigned line, col; /* where it is named, 1-based */
	bool include;	    /* include: (a project of its own), else
			     * extends: {file: ...} (the same variables) */
	size_t ctx;	    /* the variable set (frontend_opts.envs index) */
	char **env_files;   /* include: env_file:, interpolated, as written
			     * (owned); none: the default .env */
	size_t nenv_files;
	char *project_dir; /* include: the included project's directory,
			    * as written, "" or ending in '/' (owned) */
};

/* What a front end made of one input. The driver owns it. */
struct scan {
	struct findings findings;
	struct diags diags;    /* errors and warnings about the input */
	struct scan_ref *refs; /* files it pulls in (owned); a local file
				* named by a variable set nowhere, or a
				* remote resource, is not among them */
	size_t nrefs;
	void *state; /* the front end's own, for verify; see release */
};

struct frontend {
	const char *name;    /* "compose" */
	const char *context; /* what a context is called: "service" */
	/* Whether it reads the file at path; NULL: any file (the last
	 * front end of a table takes what the others leave). */
	bool (*claims)(const char *path);
	/* Scans data[0..len) (which outlives s) into s, which the caller
	 * zeroed. Returns 0, or -1 when the input was not understood (the
	 * reason is an error in s->diags, or errno ENOMEM). */
	int (*scan)(struct scan *s, const char *data, size_t len,
		    const struct frontend_opts *o);
	/* Optional: when the front end built the new bytes itself from
	 * exactly the sorted splices e[0..n), moves them into out (released
	 * first) and returns 1; 0 when it did not (the driver applies the
	 * splices); -1 on ENOMEM. The front end may read the bytes until
	 * release(): out must not change or go before it. */
	int (*take_new)(struct scan *s, const struct edit *e, size_t n,
			struct buf *out);
	/* Whether new[0..len) is the scanned input with exactly the fixes
	 * made: false with an error in d otherwise. */
	bool (*verify)(const struct scan *s, const char *new, size_t len,
		       struct diags *d);
	/* Frees s->state (not the rest); NULL state is fine. */
	void (*release)(struct scan *s);
};

/* The first front end of table (NULL-terminated) that claims path. */
const struct frontend *frontend_for(const struct frontend *const *table,
				    const char *path);

/*
 * The front end that reads path when only the kinds in kinds (a set of
 * enum file_kind, filekind.h; 0: any) may be read: the one that claims it
 * when its kind is allowed, else the first allowed one that claims it,
 * else the first allowed one (--kind shell names a script called "deploy"
 * that has no #! line). A front end's kind is its name.
 */
const struct frontend *frontend_pick(const struct frontend *const *table,
				     const char *path, unsigned kinds);

/*
 * Stores a malloc'ed array of s's fixes as splices in *out (in the
 * findings' order; ins points into the findings' text) and their count
 * in *n; NULL and 0 when there are none. Returns 0, or -1 on ENOMEM.
 */
int scan_edits(const struct scan *s, struct edit **out, size_t *n);

/* Frees all of s, the front end's state through fe; NULL is fine. */
void scan_release(const struct frontend *fe, struct scan *s);

/* The front ends, one line each (src/frontends.c), NULL-terminated. */
extern const struct frontend *const frontends[];

#endif
