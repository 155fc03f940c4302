#ifndef COMPOSEFIX_CLI_H
#define COMPOSEFIX_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "format.h"

enum mode {
	MODE_REPORT,
	MODE_DIFF,
	MODE_IN_PLACE,
	MODE_STDOUT,
};

enum cli_action {
	CLI_RUN,
	CLI_HELP,
	CLI_VERSION,
	CLI_USAGE_ERROR,
};

enum color {
	COLOR_AUTO,
	COLOR_ALWAYS,
	COLOR_NEVER,
};

struct options {
	enum mode mode;
	enum report_format format;
	const char *output; /* --output FILE for json/sarif; NULL: stdout */
	enum color color;
	const char **includes; /* --include patterns (argv), array owned */
	size_t nincludes;
	const char **excludes; /* --exclude patterns (argv), array owned */
	size_t nexcludes;
	unsigned kinds; /* --kind: a set of enum file_kind; 0: every kind */
	bool quiet;
	bool verbose;
	bool strict;	       /* warnings make the exit code 1 */
	bool fix_explicit;     /* rebind explicit wildcards too */
	const char *binds[2];  /* --bind, at most two (dual-stack): into
				* bind_text */
	char bind_text[2][64]; /* the addresses, "[::1]" as "::1" */
	size_t nbinds;
	const char *env_file;  /* --env-file, instead of .env beside a file */
	unsigned *allow_ports; /* owned */
	size_t nallow_ports;
	char **allow_services; /* owned, each owned */
	size_t nallow_services;
	unsigned only; /* --only: bits 1u << enum exposure_category; 0: all */
	bool break_hardlinks;
	bool follow_outside; /* --in-place may write outside the tree given */
	size_t max_size;
	unsigned jobs; /* 0: one per CPU */
	char **paths;  /* points into argv */
	size_t npaths;
};

/*
 * Exit codes, stable for scripts. What one input's code is, the driver
 * decides (driver.h); over several inputs the highest code wins.
 */
enum {
	EXIT_CLEAN = 0,	  /* nothing to fix, or everything fixed */
	EXIT_CHANGES = 1, /* changes needed (report, --diff) */
	EXIT_TROUBLE = 2, /* usage error, bad input, failed verification */
};

/* The code of a run that ended with codes a and b. */
static inline int exit_worst(int a, int b)
{
	return a > b ? a : b;
}

/*
 * Parses argv into o (defaults first). Never prints or exits: on a usage
 * error it returns CLI_USAGE_ERROR with the message in err (err must hold
 * errlen bytes). The caller releases o with options_release() whatever
 * the result.
 */
enum cli_action cli_parse(int argc, char **argv, struct options *o, char *err,
			  size_t errlen);

/* Frees what cli_parse allocated in o; NULL is fine. */
void options_release(struct options *o);

/* Writes the --help text. */
void cli_usage(FILE *fp);

#endif
