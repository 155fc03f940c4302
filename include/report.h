#ifndef COMPOSEFIX_REPORT_H
#define COMPOSEFIX_REPORT_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "fix.h"
#include "record.h"

/*
 * Appends the report line of the finding that change *i of f belongs to,
 * and moves *i past all of that finding's changes. Like a compiler:
 * PATH:LINE:COL: "3306:3306" in service "db" publishes on all interfaces;
 * fix: "127.0.0.1:3306:3306" [unbound]
 * Returns 0, or -1 on ENOMEM.
 */
int report_fix(struct buf *out, const char *path, struct fix *f, size_t *i);

/*
 * Appends how a finding's entry reads in messages, without location: the
 * quoted entry and the service ('"3000" in service "web"'; a long-syntax
 * entry as 'long-syntax port (target 80, published 8080)').
 */
int report_entry(struct buf *out, const struct fix *f,
		 const struct finding *fd);

/*
 * Adds a record for every finding of f that a report shows (bound entries
 * and duplicate keys aside), with its fix when it has one (applied: it was
 * written), and the errors of f. Returns 0, or -1 on ENOMEM.
 */
int report_records(struct fix *f, bool applied, struct records *out);

/* Appends "PATH:LINE:COL: SEVERITY: MESSAGE\n" for each diagnostic. */
int report_diags(struct buf *out, const char *path, const struct diags *d);

/* 1-based line and column where the node starts (a quote included). */
int report_pos(struct fix *f, uint32_t node, unsigned *line, unsigned *col);

#endif
