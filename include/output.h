#ifndef COMPOSEFIX_OUTPUT_H
#define COMPOSEFIX_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

#include "atomic.h"
#include "buf.h"
#include "cli.h"
#include "discover.h"
#include "exposure.h"
#include "format.h"
#include "kinds.h"
#include "result.h"

/*
 * The writer of the streams, the one part of composefix that prints: each
 * result's bytes on stdout and stderr (colored on a terminal), a progress
 * line for long runs, the summary, and the json/sarif report on stdout or
 * into --output (replaced atomically, never over an input).
 */
struct output {
	const struct options *o;
	bool color;    /* of stdout */
	bool progress; /* on stderr */
	size_t total;  /* inputs named or found */
	size_t done;
	size_t changed; /* files that (would) change */
	size_t fixed;	/* entries */
	size_t fixed_by[EXPOSURE_CATEGORY_COUNT]; /* the same, by category */
	size_t left[FINDING_KIND_COUNT];
	struct report_writer *writer;
	struct buf report; /* json/sarif text not yet written */
	bool to_file;	   /* --output: report_file, else stdout */
	struct atomic_file report_file;
	bool out_exists; /* the --output file as it was before the run */
	struct stat out_st;
	char *clash;	  /* an input that is the --output file, owned */
	bool stdout_gone; /* its reader left (| head): stop writing */
};

/*
 * Prepares s for a run under o over inputs: colors and progress, and for
 * json/sarif the report (its --output file opened; refused when it is one
 * of the inputs). Returns 0, or -1 after saying why on stderr (s is then
 * released).
 */
int output_open(struct output *s, const struct options *o,
		const struct found *inputs, const char *version);

/*
 * Puts into the json/sarif report a PATH that failed before any input was
 * read (msg: the line printed on stderr, without its newline): a file
 * with status "error". Nothing without a report. Returns 0, or -1 when it
 * could not.
 */
int output_failure(struct output *s, const char *path, const char *msg);

/* Writes b to fp. Returns 0, or -1 when it could not. */
int output_write(FILE *fp, const struct buf *b);

/* Prints one result: run_all()'s emit, ctx an output. Returns 0, or -1
 * when it could not write. A closed pipe on stdout (| head) is not a
 * failure: nothing more goes there, and the run goes on. */
int output_result(const struct result *r, void *ctx);

/*
 * Ends the run: completes the report (or says why not), else prints the
 * summary when several files were (or a directory was) looked at. Returns
 * status, or EXIT_TROUBLE when the report or stdout could not be written.
 * Releases s.
 */
int output_close(struct output *s, int status, bool searched);

#endif
