#include "driver.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "contain.h"
#include "env.h"

void outcome_init(struct outcome *oc)
{
	memset(oc, 0, sizeof(*oc));
	findings_init(&oc->scan.findings);
	diags_init(&oc->scan.diags);
	buf_init(&oc->data);
	buf_init(&oc->new);
}

void outcome_release(struct outcome *oc)
{
	if (!oc) {
		return;
	}
	scan_release(oc->fe, &oc->scan);
	buf_release(&oc->data);
	buf_release(&oc->new);
	free(oc->edits);
	outcome_init(oc);
}

bool driver_shows(const struct options *o, const struct finding *f)
{
	const struct kind *k = kind_get(f->kind);
	return f->nfix > 0 || (k->shown && (o->verbose || !k->verbose_only));
}

/*
 * The variables docker compose would read: --env-file, else a .env file
 * beside the compose file. A missing .env is no error.
 */
static int load_env(const struct options *o, struct result *r, struct env *env)
{
	struct buf name, data;
	struct stat st;
	const char *why, *reason;
	int rc = 0;

	buf_init(&name);
	buf_init(&data);
	if (o->env_file) {
		rc = buf_adds(&name, o->env_file);
	} else {
		rc = buf_add(&name, r->in.path, input_dir_len(&r->in));
		if (rc == 0) {
			rc = buf_adds(&name, ".env");
		}
	}
	if (rc < 0) {
		goto out;
	}
	struct input file;
	input_init(&file, name.data);
	if (input_read(&file, o->max_size, &data, &st, &why, &reason) < 0) {
		if (o->env_file || errno != ENOENT) {
			result_fail(r, PROBLEM_READ, why, errno);
			r->problem.file = strdup(name.data);
			snprintf(r->problem.reason, sizeof(r->problem.reason),
				 "%s", reason);
			rc = -1;
		}
		goto out;
	}
	rc = env_parse(env, data.data ? data.data : "", data.len);
out:
	buf_release(&name);
	buf_release(&data);
	return rc;
}

/* The files the input pulls in, as paths relative to where it is. */
static int join_refs(struct result *r, const struct scan *s)
{
	size_t dir = input_dir_len(&r->in);
	r->refs = s->nrefs ? calloc(s->nrefs, sizeof(*r->refs)) : NULL;
	if (s->nrefs && !r->refs) {
		return -1;
	}
	for (size_t i = 0; i < s->nrefs; i++) {
		const char *p = s->refs[i];
		size_t len = strlen(p);
		size_t pre = p[0] == '/' ? 0 : dir;
		char *j = malloc(pre + len + 1);
		if (!j) {
			return -1;
		}
		memcpy(j, r->in.path, pre);
		memcpy(j + pre, p, len + 1);
		r->refs[r->nrefs++] = j;
	}
	return 0;
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
	if (buf_grow(&oc->new, oc->data.len + extra) < 0 ||
	    edit_apply(oc->data.data ? oc->data.data : "", oc->data.len,
		       oc->edits, oc->nedits, &oc->new) < 0) {
		return -1;
	}
	return 0;
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
	struct env env;
	env_init(&env);
	if (load_env(o, r, &env) < 0) {
		env_release(&env);
		r->status = EXIT_TROUBLE;
		return false;
	}
	struct frontend_opts fo = {
		.binds = o->binds,
		.nbinds = o->nbinds,
		.fix_explicit = o->fix_explicit,
		.allow_ports = o->allow_ports,
		.nallow_ports = o->nallow_ports,
		.allow_services = (const char *const *)o->allow_services,
		.nallow_services = o->nallow_services,
		.env = &env,
		.only = o->only,
	};
	oc->fe = frontend_pick(fes, r->in.path, o->kinds);
	r->kind = oc->fe->name;
	const char *data = oc->data.data ? oc->data.data : "";
	int rc = oc->fe->scan(&oc->scan, data, oc->data.len, &fo);
	int e = errno;
	env_release(&env);
	oc->notes_at = oc->scan.diags.n;
	oc->scanned = rc == 0;
	if (rc == 0 && apply(oc) < 0) {
		e = errno;
		rc = -1;
	}
	if (rc == 0 && oc->nedits > 0 &&
	    !oc->fe->verify(&oc->scan, oc->new.data, oc->new.len,
			    &oc->scan.diags)) {
		rc = -1;
	}
	/* what the writer needs is in the findings: the view can go */
	oc->fe->release(&oc->scan);
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
	if (join_refs(r, &oc->scan) < 0) {
		result_fail(r, PROBLEM_SYSTEM, NULL, ENOMEM);
		return;
	}
	bool changes = oc->nedits > 0;
	size_t warnings = count(o, oc, r);
	r->status = changes ? EXIT_CHANGES : EXIT_CLEAN;
	if (o->mode == MODE_IN_PLACE && changes && !may_write(o, r)) {
		return; /* reported, not written: the change is still needed */
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
