#ifndef COMPOSEFIX_DIAG_H
#define COMPOSEFIX_DIAG_H

#include <stddef.h>

/*
 * Diagnostics about one input, collected in order, printed by the caller
 * like a compiler: "path:line:col: severity: message". Lines and columns
 * count from 1; 0 means "no location".
 */
enum diag_severity {
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR,
};

struct diag {
	enum diag_severity severity;
	unsigned line;
	unsigned col;
	char *msg; /* owned */
};

struct diags {
	struct diag *v;
	size_t n;
	size_t cap;
	size_t errors;	 /* how many have DIAG_ERROR */
	size_t warnings; /* how many have DIAG_WARNING */
};

void diags_init(struct diags *d);
/* Frees every message; NULL is fine. */
void diags_release(struct diags *d);
/* Adds a printf-formatted diagnostic. Returns 0, or -1 on ENOMEM. */
int diags_add(struct diags *d, enum diag_severity sev, unsigned line,
	      unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* "error", "warning" or "note". */
const char *diag_severity_name(enum diag_severity sev);

#endif
