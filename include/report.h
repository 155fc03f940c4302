#ifndef COMPOSEFIX_REPORT_H
#define COMPOSEFIX_REPORT_H

#include <stdbool.h>

#include "cli.h"
#include "driver.h"
#include "result.h"

/*
 * The words: every sentence composefix says about an input is made here,
 * from the driver's data. Report lines read like a compiler's:
 * PATH:LINE:COL: "3306:3306" in service "db" publishes on all interfaces;
 * fix: "127.0.0.1:3306:3306" [unbound]
 */

/*
 * Renders what oc and r say under o's mode and format into r: report
 * lines, the diff or the document for stdout (r->out), diagnostics and
 * notes on entries left alone for stderr (r->err), and the records of a
 * json/sarif report. Returns 0, or -1 on ENOMEM.
 */
int report_render(const struct options *o, const struct outcome *oc,
		  struct result *r);

/*
 * What report_render() says that needs neither the proof nor the write,
 * rendered ahead (the driver runs them beside the verification, the two
 * at once: they read oc and r->in, and write, each, only what it says):
 *
 * report_ahead(): into r->out the diff (--diff) or the lines of a text
 * report (report and --in-place, not --quiet), which the driver drops
 * when the proof fails. Returns 0, -1 on ENOMEM (or a diff of bytes that
 * are not the input with oc's edits), 1 when the mode has nothing for
 * r->out.
 *
 * report_warnings_ahead(): into oc->warn the findings' lines for stderr,
 * setting oc->warn_rc (0, or -1 on ENOMEM).
 */
int report_ahead(const struct options *o, struct outcome *oc, struct result *r);
void report_warnings_ahead(const struct options *o, struct outcome *oc,
			   const struct result *r);
/* Whether report_ahead() has anything to render under o. */
bool report_renders_ahead(const struct options *o);

/*
 * Adds what r's problem means to r, once: its line on stderr, its error
 * in the records, and, for a write that failed, no report lines and no
 * fix counted as applied. Nothing when r has no problem and did not fail.
 */
void report_problem(struct result *r);

#endif
