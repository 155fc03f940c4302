#include "driver.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "contain.h"
#include "env.h"
#include "project.h"
#include "report.h"

void outcome_init(struct outcome *oc)
{
	memset(oc, 0, sizeof(*oc));
	findings_init(&oc->scan.findings);
	diags_init(&oc->scan.diags);
	buf_init(&oc->data);
	buf_init(&oc->new);
	buf_init(&oc->warn);
	oc->ahead_rc = 1;
	oc->warn_rc = 1;
}

void outcome_release(struct outcome *oc)
{
	if (!oc) {
		return;
	}
	scan_release(oc->fe, &oc->scan);
	buf_release(&oc->data);
	buf_release(&oc->new);
	buf_release(&oc->warn);
	free(oc->edits);
	outcome_init(oc);
}

bool driver_shows(const struct options *o, const struct finding *f)
{
	const struct kind *k = kind_get(f->kind);
	return f->nfix > 0 || (k->shown && (o->verbose || !k->verbose_only));
}

/* An env file that could not be used: r's problem. */
static void env_failed(struct result *r, struct env_fail *why)
{
	if (!why->file) {
		result_fail(r, PROBLEM_SYSTEM, NULL, ENOMEM);
		return;
	}
	if (why->step) {
		result_fail(r, PROBLEM_READ, why->step, 0);
		snprintf(r->problem.reason, sizeof(r->problem.reason), "%s",
			 why->reason);
	} else {
		result_fail(r, PROBLEM_DOTENV, NULL, 0);
		r->problem.line = why->line;
		snprintf(r->problem.reason, sizeof(r->problem.reason), "%s",
			 why->msg);
	}
	if (r->problem.kind != PROBLEM_NONE && !r->problem.file) {
		r->problem.file = why->file; /* taken over */
		why->file = NULL;
	}
	env_fail_release(why);
}

/*
 * Checks the files the input pulls in and keeps their paths, relative to
 * where the input is, in r->refs (each once). A local file that does not
 * exist is an error at the line that names it, as docker compose fails
 * on it; so is an include's env file that cannot be used (r's problem).
 * Returns 0 when all are there, 1 when one is not, -1 on ENOMEM.
 */
static int check_refs(const struct options *o, struct result *r,
		      struct outcome *oc, const struct env *const *ctx)
{
	const struct scan *s = &oc->scan;
	size_t dir = input_dir_len(&r->in);
	size_t cap = 0;
	int missing = 0;
	for (size_t i = 0; i < s->nrefs; i++) {
		const struct scan_ref *x = &s->refs[i];
		const char *p = x->path;
		size_t len = strlen(p);
		size_t pre = p[0] == '/' ? 0 : dir;
		char *j = malloc(pre + len + 1);
		if (!j) {
			return -1;
		}
		memcpy(j, r->in.path, pre);
		memcpy(j + pre, p, len + 1);
		struct stat st;
		if (stat(j, &st) < 0) {
			missing = 1;
			int e = errno;
			int rc = diags_add(
				&oc->scan.diags, DIAG_ERROR, x->line, x->col,
				"%s file '%s' %s (docker compose fails on it)",
				x->include ? "included" : "extended", j,
				e == ENOENT ? "does not exist"
					    : "cannot be read");
			free(j);
			if (rc < 0) {
				return -1;
			}
			continue;
		}
		if (x->include) {
			struct env tmp;
			struct env_fail why = { 0 };
			env_init(&tmp);
			int rc = project_ref_env(&r->in, x, ctx[x->ctx],
						 o->max_size, &tmp, &why);
			env_release(&tmp);
			if (rc < 0) {
				free(j);
				if (!why.file) {
					return -1;
				}
				env_failed(r, &why);
				missing = 1;
				continue;
			}
		}
		bool known = false;
		for (size_t k = 0; !known && k < r->nrefs; k++) {
			known = strcmp(r->refs[k], j) == 0;
		}
		if (known) {
			free(j);
			continue;
		}
		if (array_grow((void **)&r->refs, &cap, r->nrefs,
			       sizeof(*r->refs)) < 0) {
			free(j);
			return -1;
		}
		r->refs[r->nrefs++] = j;
	}
	return missing;
}

/* The fixes as splices, sorted and checked, applied to the input. */
static int apply(struct outcome *oc)
{
	if (scan_edits(&oc->scan, &oc->edits, &oc->nedits) < 0) {
		return -1;
	}
	if (oc->nedits == 0) {
		return 0;
	}
	size_t extra = 0;
	for (size_t i = 0; i < oc->nedits; i++) {
		extra += oc->edits[i].ins_len;
	}
	if (edit_sort_check(oc->edits, oc->nedits, oc->data.len) < 0) {
		diags_add(&oc->scan.diags, DIAG_ERROR, 0, 0,
			  "internal error: overlapping edits; nothing was "
			  "changed");
		return -1;
	}
	int taken = oc->fe->take_new ? oc->fe->take_new(&oc->scan, oc->edits,
							oc->nedits, &oc->new)
				     : 0;
	if (taken < 0 ||
	    (taken == 0 &&
	     (buf_grow(&oc->new, oc->data.len + extra) < 0 ||
	      edit_apply(oc->data.data ? oc->data.data : "", oc->data.len,
			 oc->edits, oc->nedits, &oc->new) < 0))) {
		return -1;
	}
	return 0;
}

/* The diff or the report's lines (report_ahead()), rendered into the
 * result while the new bytes are verified: they read only the input, the
 * new bytes, the edits and the findings, which nothing changes meanwhile,
 * and write only r->out, which nothing else does before the writer. Only
 * for an input of AHEAD_FROM bytes or more: for a small one a thread
 * costs more than it saves, and the pool runs other inputs beside it. */
#define AHEAD_FROM ((size_t)256 * 1024)

struct ahead_job {
	const struct options *o;
	struct outcome *oc;
	struct result *r;
};

static void *ahead_run(void *arg)
{
	struct ahead_job *j = arg;
	j->oc->ahead_rc = report_ahead(j->o, j->oc, j->r);
	j->oc->ahead_err = errno;
	return NULL;
}

/* Reads, scans, applies and verifies: true when the new bytes are sure. */
static bool understand(const struct options *o,
		       const struct frontend *const *fes, struct result *r,
		       struct outcome *oc, struct stat *st)
{
	const char *why = NULL, *reason = NULL;
	if (input_read(&r->in, o->max_size, &oc->data, st, &why, &reason) < 0) {
		result_fail(r, PROBLEM_READ, why, errno);
		snprintf(r->problem.reason, sizeof(r->problem.reason), "%s",
			 reason);
		return false;
	}
	r->have_id = true;
	r->dev = st->st_dev;
	r->ino = st->st_ino;
	/* the variables: its own (an input), and those of every project
	 * that pulls it in */
	size_t nproj;
	const struct env *const *proj =
		project_contexts(r->project, r->in.path, &nproj);
	const struct env *ctx[PROJECT_CONTEXTS_MAX + 1];
	size_t nctx = 0;
	struct env env;
	env_init(&env);
	if (!r->referenced || nproj == 0) {
		struct env_fail fail = { 0 };
		if (project_load_env(o->env_file, &r->in, o->max_size, &env,
				     &fail) < 0) {
			env_release(&env);
			env_failed(r, &fail);
			r->status = EXIT_TROUBLE;
			return false;
		}
		ctx[nctx++] = &env;
	}
	for (size_t k = 0; k < nproj && nctx < PROJECT_CONTEXTS_MAX + 1; k++) {
		if (nctx == 0 || !env_equal(proj[k], &env)) {
			ctx[nctx++] = proj[k];
		}
	}
	struct frontend_opts fo = {
		.binds = o->binds,
		.nbinds = o->nbinds,
		.fix_explicit = o->fix_explicit,
		.allow_ports = o->allow_ports,
		.nallow_ports = o->nallow_ports,
		.allow_services = (const char *const *)o->allow_services,
		.nallow_services = o->nallow_services,
		.envs = ctx,
		.nenvs = nctx,
		.only = o->only,
		.path = r->in.is_stdin ? NULL : r->in.path,
	};
	oc->fe = frontend_pick(fes, r->in.path, o->kinds);
	r->kind = oc->fe->name;
	const char *data = oc->data.data ? oc->data.data : "";
	int rc = oc->fe->scan(&oc->scan, data, oc->data.len, &fo);
	int e = errno;
	if (rc == 0) {
		/* docker compose would not load it: nothing is written */
		int m = check_refs(o, r, oc, ctx);
		if (m != 0) {
			e = ENOMEM;
			rc = -1;
		}
	}
	env_release(&env);
	oc->notes_at = oc->scan.diags.n;
	oc->scanned = rc == 0;
	if (rc == 0 && apply(oc) < 0) {
		e = errno;
		rc = -1;
	}
	struct ahead_job job = { o, oc, r };
	size_t out0 = r->out.len;
	pthread_t tid;
	bool ahead = rc == 0 && oc->nedits > 0 && report_renders_ahead(o) &&
		     oc->data.len >= AHEAD_FROM &&
		     pthread_create(&tid, NULL, ahead_run, &job) == 0;
	if (ahead) {
		/* here, while the parse of the new bytes goes on (the texts
		 * verified after are shared out with its thread) */
		report_warnings_ahead(o, oc, r);
	}
	if (rc == 0 && oc->nedits > 0 &&
	    !oc->fe->verify(&oc->scan, oc->new.data, oc->new.len,
			    &oc->scan.diags)) {
		rc = -1;
	}
	/* what the writer needs is in the findings: the view can go (while
	 * the diff or the report is still rendered: it reads none of it) */
	oc->fe->release(&oc->scan);
	if (ahead) {
		pthread_join(tid, NULL);
		if (rc < 0) {
			/* no diff or report of bytes not proven */
			buf_truncate(&r->out, out0);
			oc->ahead_rc = 1;
		}
	}
	if (rc < 0) {
		if (oc->scan.diags.errors == 0) {
			result_fail(r, PROBLEM_SYSTEM, NULL, e);
		}
		r->status = EXIT_TROUBLE;
		return false;
	}
	oc->verified = true;
	return true;
}

/* Entries fixed and left alone, for the summary; warnings, for
 * --strict. */
static size_t count(const struct options *o, const struct outcome *oc,
		    struct result *r)
{
	size_t warnings = oc->scan.diags.warnings;
	const struct findings *f = &oc->scan.findings;
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		if (x->nfix > 0) {
			r->fixed++;
			r->fixed_by[x->exposes.category]++;
		} else if (kind_get(x->kind)->shown) {
			r->left[x->kind]++;
			if (driver_shows(o, x) &&
			    kind_get(x->kind)->level == DIAG_WARNING) {
				warnings++;
			}
		}
	}
	return warnings;
}

/*
 * Whether --in-place may write the input: only inside the containment
 * root of the input it came from, unless --follow-outside. When not, the
 * result says why (and the change is still needed).
 */
static bool may_write(const struct options *o, struct result *r)
{
	if (o->follow_outside || !r->root) {
		return true;
	}
	int in = contain_inside(r->root, r->in.path);
	if (in == 1) {
		return true;
	}
	result_fail(r, in < 0 ? PROBLEM_UNRESOLVED : PROBLEM_OUTSIDE, NULL,
		    errno);
	return false;
}

void drive(const struct options *o, const struct frontend *const *fes,
	   struct result *r, struct outcome *oc)
{
	struct stat st;
	r->status = EXIT_TROUBLE;
	if (o->mode == MODE_IN_PLACE && r->in.is_stdin) {
		result_fail(r, PROBLEM_STDIN_IN_PLACE, NULL, 0);
		return;
	}
	if (!understand(o, fes, r, oc, &st)) {
		return;
	}
	bool changes = oc->nedits > 0;
	size_t warnings = count(o, oc, r);
	r->status = changes ? EXIT_CHANGES : EXIT_CLEAN;
	if (o->mode == MODE_IN_PLACE && changes && !may_write(o, r)) {
		return; /* reported, not written: the change is still needed */
	}
	if (o->mode == MODE_IN_PLACE && changes && oc->new.len > o->max_size) {
		/* --max-size counts the input: a file written bigger than it
		 * could not be read again by the same command line */
		result_fail(r, PROBLEM_TOO_LARGE, NULL, EFBIG);
		snprintf(r->problem.reason, sizeof(r->problem.reason),
			 "the fixed file would be %zu bytes, more than "
			 "--max-size (%zu)",
			 oc->new.len, o->max_size);
		return;
	}
	if (o->mode == MODE_IN_PLACE && changes) {
		const char *step = "write";
		int rc = r->stage ? atomic_stage(r->in.path, oc->new.data,
						 oc->new.len, &st,
						 o->break_hardlinks,
						 &r->pending, &step)
				  : atomic_replace(r->in.path, oc->new.data,
						   oc->new.len, &st,
						   o->break_hardlinks, &step);
		if (rc < 0) {
			/* dirsync: the rename happened, and the result says so
			 */
			result_fail(r,
				    strcmp(step, "dirsync") == 0
					    ? PROBLEM_DIRSYNC
					    : PROBLEM_REWRITE,
				    step, errno);
			return;
		}
		r->staged = r->stage; /* the batch syncs and renames later */
		r->status = EXIT_CLEAN;
	}
	if (o->strict && warnings > 0 && r->status == EXIT_CLEAN) {
		r->status =
			EXIT_CHANGES; /* --strict: a warning fails the run */
	}
}
