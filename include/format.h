#ifndef COMPOSEFIX_FORMAT_H
#define COMPOSEFIX_FORMAT_H

#include <stddef.h>

#include "buf.h"
#include "record.h"

/*
 * Machine-readable reports, written file by file as results come in:
 * JSON (composefix's own, "version": 1, documented in the README) and
 * SARIF 2.1.0 for code-scanning services.
 */
enum report_format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_SARIF,
};

struct report_writer;

/* Text goes to out as it is written; returns NULL on ENOMEM. */
struct report_writer *report_writer_create(enum report_format format,
					   const char *version,
					   struct buf *out);
void report_writer_destroy(struct report_writer *w);
/* Adds one file's records. Returns 0, or -1 on ENOMEM. */
int report_writer_file(struct report_writer *w, const char *path,
		       const struct records *r);
/* Completes the document. Returns 0, or -1 on ENOMEM. */
int report_writer_finish(struct report_writer *w);

#endif
