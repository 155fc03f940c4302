#include "diag.h"

#include "buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void diags_init(struct diags *d)
{
	d->v = NULL;
	d->n = 0;
	d->cap = 0;
	d->errors = 0;
	d->warnings = 0;
}

void diags_release(struct diags *d)
{
	if (!d) {
		return;
	}
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].msg);
	}
	free(d->v);
	diags_init(d);
}

int diags_add(struct diags *d, enum diag_severity sev, unsigned line,
	      unsigned col, const char *fmt, ...)
{
	if (array_grow((void **)&d->v, &d->cap, d->n, sizeof(*d->v)) < 0) {
		return -1;
	}
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!msg) {
		errno = ENOMEM;
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	d->v[d->n++] = (struct diag){ sev, line, col, msg };
	if (sev == DIAG_ERROR) {
		d->errors++;
	} else if (sev == DIAG_WARNING) {
		d->warnings++;
	}
	return 0;
}

const char *diag_severity_name(enum diag_severity sev)
{
	switch (sev) {
	case DIAG_NOTE:
		return "note";
	case DIAG_WARNING:
		return "warning";
	case DIAG_ERROR:
		return "error";
	}
	return "error";
}
