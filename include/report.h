#ifndef COMPOSEFIX_REPORT_H
#define COMPOSEFIX_REPORT_H

#include "buf.h"
#include "diag.h"
#include "fix.h"

/*
 * Appends the report line of change c of f, like a compiler:
 * PATH:LINE:COL: "3306:3306" in service "db" publishes on all interfaces;
 * fix: "127.0.0.1:3306:3306" [unbound]
 * Returns 0, or -1 on ENOMEM.
 */
int report_change(struct buf *out, const char *path, struct fix *f,
		  const struct change *c);

/*
 * Appends the line of the finding, without location and newline: the
 * quoted entry and the service ('"3000" in service "web"').
 */
int report_entry(struct buf *out, const struct fix *f,
		 const struct finding *fd);

/* Appends "PATH:LINE:COL: SEVERITY: MESSAGE\n" for each diagnostic. */
int report_diags(struct buf *out, const char *path, const struct diags *d);

/* 1-based line and column where the node starts (a quote included). */
int report_pos(struct fix *f, uint32_t node, unsigned *line, unsigned *col);

#endif
