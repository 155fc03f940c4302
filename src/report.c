#include "report.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "source.h"
#include "udiff.h"

/* A finding's entry as messages show it: quoted, or a description. */
static int add_entry(struct buf *b, const struct findings *f,
		     const struct finding *x)
{
	const char *e = findings_str(f, x->entry);
	return x->entry_quoted ? buf_add_quoted(b, e, x->entry_len)
			       : buf_add(b, e, x->entry_len);
}

/* '"3000" in service "web"', or 'service "web"' for a finding about the
 * context itself. */
static int add_subject(struct buf *b, const char *context,
		       const struct findings *f, const struct finding *x)
{
	bool entry = !kind_get(x->kind)->about_context;
	if ((entry && (add_entry(b, f, x) < 0 || buf_adds(b, " in ") < 0)) ||
	    buf_adds(b, context) < 0 || buf_addc(b, ' ') < 0) {
		return -1;
	}
	return buf_add_quoted(b, findings_str(f, x->context), x->context_len);
}

/*
 * A kinds-table text with its holes filled: "%s" by reason, "%x" by what
 * the finding exposes ("MySQL (data) ", or nothing).
 */
static int add_text(struct buf *b, const char *text, const char *reason,
		    const struct exposure *e)
{
	for (const char *p = text; *p;) {
		const char *hole = strchr(p, '%');
		if (!hole || (hole[1] != 's' && hole[1] != 'x')) {
			/* no hole left: kinds.c has no other '%' (the unit
			 * test says so) */
			return buf_adds(b, p);
		}
		if (buf_add(b, p, (size_t)(hole - p)) < 0) {
			return -1;
		}
		int rc = 0;
		if (hole[1] == 's') {
			rc = buf_adds(b, reason);
		} else if (e->name) {
			rc = buf_adds(b, e->name) < 0 ||
					     buf_adds(b, " (") < 0 ||
					     buf_adds(b, exposure_category_name(
								 e->category)) <
						     0 ||
					     buf_adds(b, ") ") < 0
				     ? -1
				     : 0;
		}
		if (rc < 0) {
			return -1;
		}
		p = hole + 2;
	}
	return 0;
}

/* "data,admin": the categories --only names. */
static void only_text(char *s, size_t size, unsigned only)
{
	s[0] = '\0';
	for (int c = 0; c < EXPOSURE_CATEGORY_COUNT; c++) {
		if ((only >> c) & 1u) {
			size_t len = strlen(s);
			snprintf(s + len, size - len, "%s%s", len ? "," : "",
				 exposure_category_name(c));
		}
	}
}

/* What is said about a finding, without its location; only is --only's
 * selection. */
static int add_message(struct buf *b, const char *context,
		       const struct findings *f, const struct finding *x,
		       unsigned only)
{
	const struct kind *k = kind_get(x->kind);
	if (add_subject(b, context, f, x) < 0 || buf_addc(b, ' ') < 0) {
		return -1;
	}
	if (x->nfix == 0 && x->deselected && k->deselected) {
		char sel[64];
		only_text(sel, sizeof(sel), only);
		return add_text(b, k->deselected, sel, &x->exposes);
	}
	if (x->nfix == 0) {
		const char *text = k->left_alone;
		if (x->unfixable) {
			text = x->why ? kind_unfixable_why : kind_unfixable;
		}
		return add_text(b, text,
				x->why	    ? x->why
				: k->reason ? k->reason
					    : "malformed",
				&x->exposes);
	}
	if (add_text(b, k->fixed, "", &x->exposes) < 0 ||
	    buf_adds(b, "; fix: ") < 0) {
		return -1;
	}
	/* the entry's own fix first, then its copies */
	bool first = true;
	for (int copies = 0; copies < 2; copies++) {
		for (size_t i = x->fix; i < x->fix + x->nfix; i++) {
			const struct finding_fix *fx = &f->fixes[i];
			if (fx->copy != copies) {
				continue;
			}
			if ((!first && buf_adds(b, copies ? ", and a copy with "
							  : ", ") < 0) ||
			    buf_add(b, findings_str(f, fx->shown),
				    fx->shown_len) < 0) {
				return -1;
			}
			first = false;
		}
	}
	if (x->note_len > 0 &&
	    (buf_adds(b, " (") < 0 ||
	     buf_add(b, findings_str(f, x->note), x->note_len) < 0 ||
	     buf_addc(b, ')') < 0)) {
		return -1;
	}
	if (buf_adds(b, " [") < 0 || buf_adds(b, k->name) < 0) {
		return -1;
	}
	return buf_addc(b, ']');
}

/*
 * The name of a file in text lines: as given, or, when it holds a control
 * character (a newline would forge a line of its own), in double quotes
 * with the escapes of a YAML double-quoted scalar. Points at name or at
 * tmp's bytes; NULL on ENOMEM.
 */
static const char *shown_name(const char *name, struct buf *tmp)
{
	for (const char *p = name; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			buf_truncate(tmp, 0);
			return buf_add_quoted(tmp, name, strlen(name)) < 0
				       ? NULL
				       : tmp->data;
		}
	}
	return name;
}

/* "NAME:LINE:COL: ", without printf's cost (a report has a line per
 * finding). */
static int add_where(struct buf *b, const char *name, unsigned line,
		     unsigned col)
{
	if (buf_adds(b, name) < 0 || buf_addc(b, ':') < 0 ||
	    buf_addu(b, line) < 0 || buf_addc(b, ':') < 0 ||
	    buf_addu(b, col) < 0) {
		return -1;
	}
	return buf_adds(b, ": ");
}

/* -q: errors only, but the warnings that fail a --strict run. */
static bool said(const struct options *o, enum diag_severity level)
{
	return !o->quiet || o->strict || level == DIAG_ERROR;
}

static int add_diag(struct buf *b, const char *name, const struct diag *g)
{
	if (g->line) {
		return buf_addf(b, "%s:%u:%u: %s: %s\n", name, g->line, g->col,
				diag_severity_name(g->severity), g->msg);
	}
	return buf_addf(b, "%s: %s: %s\n", name,
			diag_severity_name(g->severity), g->msg);
}

/* Diagnostics, with the notes on entries left alone where they belong. */
/* The findings' lines for stderr: entries left alone (warnings, notes). */
static int render_warnings(const struct options *o, const struct outcome *oc,
			   const char *name, struct source *src,
			   struct buf *out)
{
	const struct findings *f = &oc->scan.findings;
	for (size_t i = 0; oc->scanned && i < f->n; i++) {
		const struct finding *x = &f->v[i];
		unsigned line, col;
		if (x->nfix > 0 || !driver_shows(o, x) ||
		    !said(o, kind_get(x->kind)->level)) {
			continue;
		}
		if (source_pos(src, x->at, &line, &col) < 0 ||
		    add_where(out, name, line, col) < 0 ||
		    buf_adds(out, diag_severity_name(
					  kind_get(x->kind)->level)) < 0 ||
		    buf_adds(out, ": ") < 0 ||
		    add_message(out, oc->fe->context, f, x, o->only) < 0 ||
		    buf_addc(out, '\n') < 0) {
			return -1;
		}
	}
	return 0;
}

static int render_err(const struct options *o, const struct outcome *oc,
		      struct source *src, struct result *r)
{
	const struct diags *d = &oc->scan.diags;
	struct buf tmp;
	buf_init(&tmp);
	const char *name = shown_name(r->in.name, &tmp);
	int rc = -1;
	if (!name) {
		goto out;
	}
	for (size_t i = 0; i < oc->notes_at; i++) {
		if (said(o, d->v[i].severity) &&
		    add_diag(&r->err, name, &d->v[i]) < 0) {
			goto out;
		}
	}
	if (oc->warn_rc == 0) {
		/* rendered beside the verification (report_ahead()) */
		if (buf_add(&r->err, oc->warn.data, oc->warn.len) < 0) {
			goto out;
		}
	} else if (oc->warn_rc < 0) {
		errno = ENOMEM;
		goto out;
	} else if (render_warnings(o, oc, name, src, &r->err) < 0) {
		goto out;
	}
	for (size_t i = oc->notes_at; i < d->n; i++) {
		if (said(o, d->v[i].severity) &&
		    add_diag(&r->err, name, &d->v[i]) < 0) {
			goto out;
		}
	}
	rc = 0;
out:
	buf_release(&tmp);
	return rc;
}

/* One line per fixed finding: PATH:LINE:COL: MESSAGE. */
static int render_lines(const struct options *o, const struct outcome *oc,
			struct source *src, struct result *r)
{
	const struct findings *f = &oc->scan.findings;
	struct buf tmp;
	buf_init(&tmp);
	const char *name = shown_name(r->in.name, &tmp);
	int rc = name ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < f->n; i++) {
		const struct finding *x = &f->v[i];
		unsigned line, col;
		if (x->nfix == 0) {
			continue;
		}
		if (source_pos(src, x->at, &line, &col) < 0 ||
		    add_where(&r->out, name, line, col) < 0 ||
		    add_message(&r->out, oc->fe->context, f, x, o->only) < 0 ||
		    buf_addc(&r->out, '\n') < 0) {
			rc = -1;
		}
	}
	buf_release(&tmp);
	return rc;
}

static char *steal(struct buf *b)
{
	return buf_detach(b);
}

static int record_fixes(struct source *src, const struct findings *f,
			const struct finding *x, struct record *rec)
{
	rec->edits = calloc(x->nfix, sizeof(*rec->edits));
	if (!rec->edits) {
		return -1;
	}
	for (size_t i = x->fix; i < x->fix + x->nfix; i++) {
		const struct finding_fix *fx = &f->fixes[i];
		struct record_edit *e = &rec->edits[rec->nedits];
		if (source_pos(src, fx->off, &e->line, &e->col) < 0 ||
		    source_pos(src, fx->off + fx->del, &e->end_line,
			       &e->end_col) < 0) {
			return -1;
		}
		e->text = strndup(findings_str(f, fx->ins), fx->ins_len);
		if (!e->text) {
			return -1;
		}
		rec->nedits++;
	}
	rec->replacement =
		strndup(findings_str(f, x->replacement), x->replacement_len);
	return rec->replacement ? 0 : -1;
}

/* Whether --in-place wrote the input (--strict may still make it 1). */
static bool written(const struct options *o, const struct result *r)
{
	return o->mode == MODE_IN_PLACE && r->problem.kind == PROBLEM_NONE &&
	       r->status != EXIT_TROUBLE;
}

static int render_records(const struct options *o, const struct outcome *oc,
			  struct source *src, struct result *r)
{
	const struct findings *f = &oc->scan.findings;
	bool applied = written(o, r);
	struct buf tmp;
	buf_init(&tmp);
	for (size_t i = 0; oc->verified && i < f->n; i++) {
		const struct finding *x = &f->v[i];
		if (!driver_shows(o, x)) {
			continue;
		}
		const struct kind *k = kind_get(x->kind);
		struct record *rec = records_add(&r->records);
		buf_truncate(&tmp, 0);
		if (!rec || source_pos(src, x->at, &rec->line, &rec->col) < 0 ||
		    source_pos(src, x->end, &rec->end_line, &rec->end_col) <
			    0 ||
		    !(rec->service = strndup(findings_str(f, x->context),
					     x->context_len)) ||
		    !(rec->entry = strndup(findings_str(f, x->entry),
					   x->entry_len)) ||
		    add_message(&tmp, oc->fe->context, f, x, o->only) < 0) {
			goto fail;
		}
		rec->message = steal(&tmp);
		rec->kind = k->name;
		rec->exposes = x->exposes;
		if (!rec->message) {
			goto fail;
		}
		if (x->nfix > 0) {
			rec->level = "error";
			rec->applied = applied;
			if (record_fixes(src, f, x, rec) < 0) {
				goto fail;
			}
		} else {
			rec->level = k->level == DIAG_NOTE ? "note" : "warning";
		}
	}
	for (size_t i = 0; i < oc->scan.diags.n; i++) {
		const struct diag *g = &oc->scan.diags.v[i];
		if (g->severity == DIAG_ERROR &&
		    records_add_error(&r->records, g->line, g->col, g->msg) <
			    0) {
			goto fail;
		}
	}
	buf_release(&tmp);
	return 0;
fail:
	buf_release(&tmp);
	errno = ENOMEM;
	return -1;
}

/*
 * The name of path in diff headers (udiff_name): relative to the current
 * directory where the file lies below it, also through a symlinked
 * directory. out must be empty.
 */
static int diff_name(struct buf *out, const char *path)
{
	char *cwd =
		path[0] == '/' || strstr(path, "..") ? getcwd(NULL, 0) : NULL;
	int rc = udiff_name(out, path, cwd);
	const char *slash = strrchr(path, '/');
	if (rc == 1 && cwd && slash) {
		/* /link/to/here/x is x too */
		struct buf dir, alt, name;
		buf_init(&dir);
		buf_init(&alt);
		buf_init(&name);
		char *real = NULL;
		if (slash == path ? buf_adds(&dir, "/") == 0
				  : buf_add(&dir, path,
					    (size_t)(slash - path)) == 0) {
			real = realpath(dir.data, NULL);
		}
		if (real && buf_adds(&alt, real) == 0 &&
		    buf_adds(&alt, slash) == 0 &&
		    udiff_name(&name, alt.data, cwd) == 0) {
			buf_truncate(out, 0);
			rc = buf_add(out, name.data, name.len) < 0 ? -1 : 0;
		}
		free(real);
		buf_release(&dir);
		buf_release(&alt);
		buf_release(&name);
	}
	free(cwd);
	return rc < 0 ? -1 : 0;
}

static int report_diff(const struct outcome *oc, const char *path,
		       struct buf *out)
{
	struct buf name;
	buf_init(&name);
	int rc = oc->nedits > 0 ? diff_name(&name, path) : 0;
	if (rc == 0) {
		rc = udiff_write(out, name.data ? name.data : path,
				 oc->data.data ? oc->data.data : "",
				 oc->data.len, oc->new.data, oc->new.len,
				 oc->edits, oc->nedits);
	}
	buf_release(&name);
	return rc;
}

/* Whether the mode's r->out lines are the report's (report_ahead()). */
static bool report_lines(const struct options *o)
{
	return (o->mode == MODE_REPORT || o->mode == MODE_IN_PLACE) &&
	       o->format == FORMAT_TEXT && !o->quiet;
}

bool report_renders_ahead(const struct options *o)
{
	return o->mode == MODE_DIFF || report_lines(o);
}

void report_warnings_ahead(const struct options *o, struct outcome *oc,
			   const struct result *r)
{
	/* a source of its own: source_pos() keeps a cursor */
	struct source src;
	source_init(&src, oc->data.data ? oc->data.data : "", oc->data.len);
	struct buf tmp;
	buf_init(&tmp);
	const char *name = shown_name(r->in.name, &tmp);
	oc->warn_rc = name && render_warnings(o, oc, name, &src, &oc->warn) == 0
			      ? 0
			      : -1;
	buf_release(&tmp);
	source_release(&src);
}

int report_ahead(const struct options *o, struct outcome *oc, struct result *r)
{
	/* a source of its own: source_pos() keeps a cursor */
	struct source src;
	source_init(&src, oc->data.data ? oc->data.data : "", oc->data.len);
	int rc = 1;
	if (o->mode == MODE_DIFF) {
		rc = report_diff(oc, r->in.path, &r->out);
	} else if (report_lines(o)) {
		rc = render_lines(o, oc, &src, r);
	}
	source_release(&src);
	return rc;
}

static int render_out(const struct options *o, const struct outcome *oc,
		      struct source *src, struct result *r)
{
	const char *data = oc->data.data ? oc->data.data : "";
	if (oc->ahead_rc <= 0) {
		/* rendered beside the verification (driver.c) */
		errno = oc->ahead_err;
		return oc->ahead_rc;
	}
	switch (o->mode) {
	case MODE_REPORT:
	case MODE_IN_PLACE:
		return report_lines(o) ? render_lines(o, oc, src, r) : 0;
	case MODE_DIFF:
		return report_diff(oc, r->in.path, &r->out);
	case MODE_STDOUT:
		return oc->nedits > 0
			       ? buf_add(&r->out, oc->new.data, oc->new.len)
			       : buf_add(&r->out, data, oc->data.len);
	}
	return 0;
}

int report_render(const struct options *o, const struct outcome *oc,
		  struct result *r)
{
	struct source src;
	source_init(&src, oc->data.data ? oc->data.data : "", oc->data.len);
	bool text = o->format == FORMAT_TEXT;
	int rc = render_err(o, oc, &src, r);
	if (rc == 0 && oc->verified) {
		rc = render_out(o, oc, &src, r);
	}
	if (rc == 0 && !text) {
		rc = render_records(o, oc, &src, r);
	}
	source_release(&src);
	r->records.kind = r->kind;
	if (r->status == EXIT_TROUBLE) {
		r->records.status = "error";
	} else if (oc->nedits > 0) {
		r->records.status = written(o, r) ? "fixed" : "changed";
	}
	return rc;
}

/* The line a problem prints, without its newline. */
static int problem_line(struct buf *b, const struct result *r, struct buf *tmp)
{
	const struct problem *p = &r->problem;
	const char *name = shown_name(r->in.name, tmp);
	if (!name) {
		return -1;
	}
	switch (p->kind) {
	case PROBLEM_NONE:
		return 0;
	case PROBLEM_STDIN_IN_PLACE:
		return buf_adds(b, "composefix: cannot rewrite standard input "
				   "in place; use --stdout");
	case PROBLEM_READ:
		return buf_addf(b, "composefix: %s '%s': %s", p->step,
				p->file ? p->file : name, p->reason);
	case PROBLEM_SYSTEM:
		return buf_addf(b, "composefix: %s: %s", name,
				strerror(p->err));
	case PROBLEM_REWRITE:
		/* the reason read off the file written: a symlink's target */
		if (buf_addf(b, "composefix: cannot rewrite '%s' (%s): ", name,
			     p->step) < 0 ||
		    atomic_explain(b, p->file ? p->file : r->in.path, p->step,
				   p->err) < 0) {
			return -1;
		}
		return buf_adds(b, "; the file is unchanged");
	case PROBLEM_DIRSYNC:
		return buf_addf(b,
				"composefix: rewrote '%s' but could not sync "
				"its directory (dirsync): %s; a crash may undo "
				"the change",
				name, strerror(p->err));
	case PROBLEM_OUTSIDE:
		return buf_addf(b,
				"composefix: warning: not rewriting '%s': it "
				"lies outside '%s', the tree given; "
				"--follow-outside allows it",
				name, r->root);
	case PROBLEM_DOTENV:
		return buf_addf(b,
				"%s:%u: error: %s (docker compose refuses this "
				"file)",
				p->file ? p->file : name, p->line, p->reason);
	case PROBLEM_UNRESOLVED:
		return buf_addf(b, "composefix: cannot resolve '%s': %s", name,
				strerror(p->err));
	case PROBLEM_TOO_LARGE:
		return buf_addf(b,
				"composefix: cannot rewrite '%s': %s; the "
				"file is unchanged",
				name, p->reason);
	}
	return 0;
}

void report_problem(struct result *r)
{
	const struct problem *p = &r->problem;
	if (r->status != EXIT_TROUBLE && p->kind == PROBLEM_NONE) {
		return;
	}
	struct buf line, tmp;
	buf_init(&line);
	buf_init(&tmp);
	problem_line(&line, r, &tmp);
	buf_release(&tmp);
	if (line.len) {
		buf_add(&r->err, line.data, line.len);
		buf_addc(&r->err, '\n');
	}
	if (r->status != EXIT_TROUBLE) {
		buf_release(&line);
		return; /* a warning */
	}
	bool unwritten =
		p->kind == PROBLEM_REWRITE || p->kind == PROBLEM_TOO_LARGE;
	if (unwritten || p->batched) {
		buf_truncate(&r->out, 0); /* no fix was written */
	}
	if (unwritten) {
		for (size_t i = 0; i < r->records.n; i++) {
			r->records.v[i].applied = false;
		}
	}
	r->records.status = "error";
	if (p->batched) {
		records_add_error(&r->records, 0, 0, "the rewrite failed");
	} else if (r->records.nerrors == 0) {
		records_add_error(&r->records, 0, 0,
				  line.len ? line.data : "failed");
	}
	buf_release(&line);
}
