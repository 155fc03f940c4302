#include "fix.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "verify.h"

/* Why an entry that is left alone is left alone, and how loudly. */
static int explain(struct fix *f, const struct finding *fd, bool verbose)
{
	enum diag_severity sev = DIAG_WARNING;
	const char *why = NULL;
	char reason[160];
	bool entry = true;
	uint32_t at = fd->node;

	switch (fd->kind) {
	case FINDING_UNBOUND:
	case FINDING_CONTAINER_ONLY:
	case FINDING_EXPLICIT_WILDCARD:
		if (plan_wants_fix(fd, f->opts)) {
			why = "cannot be fixed by a safe splice; left alone";
		} else {
			why = "publishes on all interfaces on purpose; left "
			      "alone [explicit-wildcard]";
		}
		break;
	case FINDING_VARIABLE:
		sev = DIAG_NOTE;
		why = "binds to an address set by a variable; left alone "
		      "[variable]";
		break;
	case FINDING_UNDECIDABLE:
		sev = DIAG_NOTE;
		why = "is a variable that cannot be judged; left alone "
		      "[undecidable]";
		break;
	case FINDING_INVALID:
		snprintf(reason, sizeof(reason),
			 "is not a port entry Docker accepts (%s); left alone",
			 fd->why ? fd->why : "malformed");
		why = reason;
		break;
	case FINDING_SUPPRESSED:
		if (!verbose) {
			return 0;
		}
		sev = DIAG_NOTE;
		why = "is covered by a composefix: ignore comment; left alone "
		      "[suppressed]";
		break;
	case FINDING_ALLOWED:
		if (!verbose) {
			return 0;
		}
		sev = DIAG_NOTE;
		why = "is allowed by --allow-port or --allow-service; left "
		      "alone [allowed]";
		break;
	case FINDING_HOST_NETWORK:
		entry = false;
		why = "uses network_mode: host, so Docker ignores its ports "
		      "and every listening socket is on the host "
		      "[host-network]";
		break;
	case FINDING_NOT_A_LIST:
		entry = false;
		why = "has ports that are not a list; left alone";
		break;
	case FINDING_BAD_ENTRY:
		entry = false;
		why = "has a port entry that is neither a string nor a "
		      "mapping; left alone";
		break;
	default:
		return 0;
	}
	struct buf msg;
	buf_init(&msg);
	unsigned line = 0, col = 0;
	int rc = -1;
	if (report_pos(f, at, &line, &col) < 0) {
		goto out;
	}
	if (entry) {
		rc = report_entry(&msg, f, fd);
	} else {
		size_t len;
		const char *svc = doc_text(&f->doc, fd->service, &len);
		rc = buf_adds(&msg, "service ");
		if (rc == 0) {
			rc = buf_add_quoted(&msg, svc, len);
		}
	}
	if (rc == 0) {
		rc = buf_addf(&msg, " %s", why);
	}
	if (rc == 0) {
		f->notes[fd - f->findings.v] = f->diags.n;
		rc = diags_add(&f->diags, sev, line, col, "%s", msg.data);
	}
out:
	buf_release(&msg);
	return rc;
}

/* Repeated keys Compose rejects: errors. Returns how many, or -1. */
static int duplicate_keys(struct fix *f)
{
	int n = 0;
	for (size_t i = 0; i < f->findings.n; i++) {
		const struct finding *fd = &f->findings.v[i];
		if (fd->kind != FINDING_DUPLICATE_KEY) {
			continue;
		}
		unsigned line, col;
		size_t len;
		const char *key = doc_text(&f->doc, fd->node, &len);
		if (report_pos(f, fd->node, &line, &col) < 0 ||
		    diags_add(&f->diags, DIAG_ERROR, line, col,
			      "duplicate key '%.*s' (Docker Compose rejects "
			      "it)",
			      (int)len, key) < 0) {
			return -1;
		}
		n++;
	}
	return n;
}

static int explain_left_alone(struct fix *f, bool verbose)
{
	f->notes = malloc((f->findings.n + 1) * sizeof(*f->notes));
	if (!f->notes) {
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < f->findings.n; i++) {
		f->notes[i] = SIZE_MAX;
	}
	for (size_t i = 0; i < f->findings.n; i++) {
		if (!plan_has(&f->plan, i) &&
		    explain(f, &f->findings.v[i], verbose) < 0) {
			return -1;
		}
	}
	return 0;
}

int fix_run(struct fix *f, const char *data, size_t len,
	    const struct fix_opts *opts)
{
	memset(f, 0, sizeof(*f));
	f->opts = &opts->plan;
	source_init(&f->src, data, len);
	findings_init(&f->findings);
	plan_init(&f->plan);
	buf_init(&f->out);
	diags_init(&f->diags);

	if (!source_check_text(&f->src, &f->diags)) {
		return -1;
	}
	if (doc_load(&f->doc, data, len, &f->diags) < 0) {
		return -1;
	}
	if (ports_find(&f->doc, opts->env, &f->findings) < 0) {
		return -1;
	}
	if (duplicate_keys(f) != 0) {
		return -1;
	}
	if (plan_build(&f->plan, &f->doc, &f->findings, &opts->plan) < 0 ||
	    explain_left_alone(f, opts->verbose) < 0) {
		return -1;
	}
	if (f->plan.n == 0) {
		return 0;
	}
	f->edits = calloc(f->plan.n, sizeof(*f->edits));
	if (!f->edits) {
		errno = ENOMEM;
		return -1;
	}
	plan_edits(&f->plan, f->edits);
	if (edit_sort_check(f->edits, f->plan.n, len) < 0) {
		diags_add(&f->diags, DIAG_ERROR, 0, 0,
			  "internal error: overlapping edits; nothing was "
			  "changed");
		return -1;
	}
	if (buf_grow(&f->out, len + f->plan.text.len) < 0 ||
	    edit_apply(data, len, f->edits, f->plan.n, &f->out) < 0) {
		return -1;
	}
	if (!verify_change(&f->doc, &f->plan, f->out.data, f->out.len,
			   &f->diags)) {
		return -1;
	}
	return 0;
}

void fix_drop_view(struct fix *f)
{
	doc_release(&f->doc);
	findings_release(&f->findings);
}

void fix_release(struct fix *f)
{
	if (!f) {
		return;
	}
	source_release(&f->src);
	doc_release(&f->doc);
	findings_release(&f->findings);
	plan_release(&f->plan);
	free(f->edits);
	free(f->notes);
	buf_release(&f->out);
	diags_release(&f->diags);
	memset(f, 0, sizeof(*f));
}
