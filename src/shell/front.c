/*
 * The shell and Make front ends: a script or a Makefile read as shell text
 * (shellcmd.h), its docker-run findings turned into the driver's findings,
 * and the new bytes proven by lexing them again.
 */
#include "front.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "exposure.h"
#include "filekind.h"
#include "makefile.h"
#include "portspec.h"
#include "shellcmd.h"
#include "source.h"

struct shell_state {
	struct source src;
	struct shellcmd sc;
	struct makefile mk; /* the Make front end's texts */
	struct shellcmd_seg whole;
	bool make;
};

/* A named file with a shell's name or shebang: its first line is read
 * here, the only front end that looks inside a file to take it. */
static bool shell_claims(const char *path)
{
	if (filekind_by_name(path) == FILEKIND_SHELL) {
		return true;
	}
	return strcmp(path, "-") != 0 && filekind_by_name(path) == 0 &&
	       filekind_shebang_file(path);
}

static bool make_claims(const char *path)
{
	return filekind_by_name(path) == FILEKIND_MAKE;
}

static int scan_error(struct scan *s, const struct shellcmd_error *e)
{
	diags_add(&s->diags, DIAG_ERROR, e->line, e->col,
		  "cannot read this as shell: %s", e->msg);
	return -1;
}

static int text(struct scan *s, const char *t, uint32_t *off, uint32_t *n)
{
	return findings_text(&s->findings, t, strlen(t), off, n);
}

/* s in double quotes, as messages show a value (tmp: scratch). */
static int quoted(struct scan *s, const char *t, struct buf *tmp, uint32_t *off,
		  uint32_t *n)
{
	buf_truncate(tmp, 0);
	if (buf_add_quoted(tmp, t, strlen(t)) < 0) {
		return -1;
	}
	return findings_text(&s->findings, tmp->data, tmp->len, off, n);
}

static enum finding_kind kind_of(enum shellcmd_kind k)
{
	switch (k) {
	case SHELLCMD_BOUND:
		return FINDING_BOUND;
	case SHELLCMD_UNBOUND:
		return FINDING_UNBOUND;
	case SHELLCMD_CONTAINER_ONLY:
		return FINDING_CONTAINER_ONLY;
	case SHELLCMD_EXPLICIT_WILDCARD:
		return FINDING_EXPLICIT_WILDCARD;
	case SHELLCMD_VARIABLE:
		return FINDING_VARIABLE;
	case SHELLCMD_UNDECIDABLE:
		return FINDING_UNDECIDABLE;
	case SHELLCMD_SUPPRESSED:
		return FINDING_SUPPRESSED;
	case SHELLCMD_ALLOWED:
		return FINDING_ALLOWED;
	case SHELLCMD_PUBLISH_ALL:
		return FINDING_PUBLISH_ALL;
	case SHELLCMD_SWARM:
		return FINDING_SWARM;
	case SHELLCMD_INVALID:
	case SHELLCMD_KIND_COUNT:
		break;
	}
	return FINDING_INVALID;
}

/* Whether the kind is one the analysis fixes under o. */
static bool wants_fix(enum shellcmd_kind k, const struct frontend_opts *o)
{
	return k == SHELLCMD_UNBOUND || k == SHELLCMD_CONTAINER_ONLY ||
	       (k == SHELLCMD_EXPLICIT_WILDCARD && o->fix_explicit);
}

/* What a finding's option publishes: the image the command runs and the
 * container port or range of its value ("-P": the image alone). */
static void expose(const struct shellcmd *sc, const struct shellcmd_finding *g,
		   struct exposure *out)
{
	unsigned lo = 0, hi = 0;
	struct portspec ps;
	portspec_parse(g->value, strlen(g->value), &ps);
	if (g->kind != SHELLCMD_PUBLISH_ALL && ps.kind != PORTSPEC_INVALID &&
	    ps.kind != PORTSPEC_UNDECIDABLE) {
		const char *p = g->value + ps.container.off;
		const char *end = p + ps.container.len;
		char *stop;
		unsigned long a = strtoul(p, &stop, 10);
		unsigned long b = a;
		if (stop < end && *stop == '-') {
			b = strtoul(stop + 1, &stop, 10);
		}
		if (stop == end && p < end && *p >= '0' && *p <= '9' &&
		    a >= 1 && b >= a && b <= 65535) {
			lo = (unsigned)a;
			hi = (unsigned)b;
		}
	}
	exposure_lookup(g->image_len ? sc->text.data + g->image : NULL,
			g->image_len, lo, hi, out);
}

static int findings_of(struct scan *s, const struct shellcmd *sc,
		       const struct frontend_opts *o, struct buf *tmp)
{
	for (size_t i = 0; i < sc->n; i++) {
		const struct shellcmd_finding *g = &sc->v[i];
		if (g->kind == SHELLCMD_BOUND) {
			continue;
		}
		struct finding *f = findings_add(&s->findings);
		if (!f) {
			return -1;
		}
		f->kind = kind_of(g->kind);
		f->at = g->off;
		f->end = g->value_end;
		f->entry_quoted = g->kind != SHELLCMD_PUBLISH_ALL;
		f->why = g->kind == SHELLCMD_INVALID ? g->why
			 : g->kind == SHELLCMD_ALLOWED
				 ? "--allow-port" /* the only allow a command
						     has */
				 : NULL;
		f->deselected = g->left;
		f->unfixable = !g->fixed && !g->left && wants_fix(g->kind, o);
		expose(sc, g, &f->exposes);
		if (text(s, g->command, &f->context, &f->context_len) < 0 ||
		    text(s, g->value, &f->entry, &f->entry_len) < 0) {
			return -1;
		}
		if (!g->fixed) {
			continue;
		}
		for (size_t k = 0; k < g->nedits; k++) {
			const struct edit *e = &sc->edits[g->first_edit + k];
			struct finding_fix *x = findings_add_fix(&s->findings);
			if (!x) {
				return -1;
			}
			x->off = e->off;
			x->del = e->del;
			x->copy = g->fixed_copy && k + 1 == g->nedits;
			const char *shown = x->copy ? g->fixed_copy : g->fixed;
			if (findings_text(&s->findings, e->ins, e->ins_len,
					  &x->ins, &x->ins_len) < 0 ||
			    quoted(s, shown, tmp, &x->shown, &x->shown_len) <
				    0) {
				return -1;
			}
		}
		f = &s->findings.v[s->findings.n - 1];
		if (text(s, g->fixed, &f->replacement, &f->replacement_len) <
		    0) {
			return -1;
		}
	}
	return 0;
}

int shell_findings(struct scan *s, const struct shellcmd *sc,
		   const struct frontend_opts *o)
{
	struct buf tmp;
	buf_init(&tmp);
	int rc = findings_of(s, sc, o, &tmp);
	buf_release(&tmp);
	return rc;
}

static size_t ntexts(const struct shell_state *st)
{
	return st->make ? st->mk.ntexts : 1;
}

static struct shellcmd_input input_of(struct shell_state *st,
				      const struct makefile *mk, size_t i,
				      struct source *src,
				      const struct shellcmd_seg *whole)
{
	if (st->make) {
		return makefile_input(mk, i, src);
	}
	return (struct shellcmd_input){ src, whole, 1, SHELLCMD_SH };
}

/* Analyses every text of the input into st->sc. Returns 0, or -1 (the
 * reason in s->diags, or errno ENOMEM). */
static int analyze(struct scan *s, struct shell_state *st,
		   struct shellcmd_opts *so)
{
	for (size_t i = 0; i < ntexts(st); i++) {
		struct shellcmd_input in =
			input_of(st, &st->mk, i, &st->src, &st->whole);
		so->suppress_all = st->make && st->mk.texts[i].ignored;
		int rc = shellcmd_analyze(&st->sc, &in, so);
		if (rc == 1) {
			return scan_error(s, &st->sc.error);
		}
		if (rc < 0) {
			return -1;
		}
	}
	return 0;
}

static int scan_any(struct scan *s, const char *data, size_t len,
		    const struct frontend_opts *o, bool make)
{
	struct shell_state *st = calloc(1, sizeof(*st));
	if (!st) {
		errno = ENOMEM;
		return -1;
	}
	s->state = st;
	st->make = make;
	source_init(&st->src, data, len);
	shellcmd_init(&st->sc);
	makefile_init(&st->mk);
	st->whole = (struct shellcmd_seg){ 0, len };
	if (memchr(data, '\0', len)) {
		diags_add(&s->diags, DIAG_ERROR, 0, 0,
			  "binary file (a NUL byte), not shell text");
		return -1;
	}
	/* A file that never names a container CLI has nothing to fix:
	 * it is not lexed at all. */
	if (!shellcmd_mentions(data, len)) {
		return 0;
	}
	if (make && makefile_scan(&st->mk, data, len) < 0) {
		return -1;
	}
	struct shellcmd_opts so = {
		.binds = o->binds,
		.nbinds = o->nbinds,
		.fix_explicit = o->fix_explicit,
		.allow_ports = o->allow_ports,
		.nallow_ports = o->nallow_ports,
		.cli_vars = (const char *const *)st->mk.vars,
		.ncli_vars = st->mk.nvars,
	};
	int rc = analyze(s, st, &so);
	if (rc != 0 || !o->only) {
		return rc != 0 ? rc : shell_findings(s, &st->sc, o);
	}
	/* --only: what each fixed option exposes is known once the command's
	 * image is read, after its options; the analysis runs again with the
	 * other categories' options left alone, so that the plan and the
	 * verifier's expectations hold only the fixes made */
	size_t *leave = malloc((st->sc.n + 1) * sizeof(*leave));
	if (!leave) {
		errno = ENOMEM;
		return -1;
	}
	size_t nleave = 0;
	for (size_t i = 0; i < st->sc.n; i++) {
		struct exposure e;
		expose(&st->sc, &st->sc.v[i], &e);
		if (st->sc.v[i].fixed && !((o->only >> e.category) & 1u)) {
			leave[nleave++] = st->sc.v[i].off;
		}
	}
	if (nleave > 0) {
		shellcmd_release(&st->sc);
		shellcmd_init(&st->sc);
		so.leave = leave;
		so.nleave = nleave;
		rc = analyze(s, st, &so);
	}
	free(leave);
	return rc != 0 ? rc : shell_findings(s, &st->sc, o);
}

static int shell_scan(struct scan *s, const char *data, size_t len,
		      const struct frontend_opts *o)
{
	return scan_any(s, data, len, o, false);
}

static int make_scan(struct scan *s, const char *data, size_t len,
		     const struct frontend_opts *o)
{
	return scan_any(s, data, len, o, true);
}

static bool shell_verify(const struct scan *s, const char *new, size_t len,
			 struct diags *d)
{
	struct shell_state *st = s->state;
	struct source nsrc;
	struct makefile nmk;
	struct shellcmd_seg whole = { 0, len };
	bool ok = false;

	source_init(&nsrc, new, len);
	makefile_init(&nmk);
	if (st->make && makefile_scan(&nmk, new, len) < 0) {
		goto out;
	}
	if (st->make && nmk.ntexts != st->mk.ntexts) {
		diags_add(
			d, DIAG_ERROR, 0, 0,
			"verification failed: the Makefile's recipes changed; "
			"nothing was written");
		goto out;
	}
	for (size_t i = 0; i < ntexts(st); i++) {
		struct shellcmd_input in =
			input_of(st, &st->mk, i, &st->src, &st->whole);
		struct shellcmd_input nin =
			input_of(st, &nmk, i, &nsrc, &whole);
		struct shellcmd_error err;
		int rc = shellcmd_verify(&st->sc, i, &in, &nin, &err);
		if (rc != 0) {
			if (rc > 0) {
				diags_add(d, DIAG_ERROR, err.line, err.col,
					  "verification failed: %s; nothing "
					  "was written",
					  err.msg);
			}
			goto out;
		}
	}
	ok = true;
out:
	makefile_release(&nmk);
	source_release(&nsrc);
	return ok;
}

static void shell_release(struct scan *s)
{
	struct shell_state *st = s->state;
	if (!st) {
		return;
	}
	source_release(&st->src);
	shellcmd_release(&st->sc);
	makefile_release(&st->mk);
	free(st);
	s->state = NULL;
}

const struct frontend shell_frontend = {
	.name = "shell",
	.context = "shell command",
	.claims = shell_claims,
	.scan = shell_scan,
	.verify = shell_verify,
	.release = shell_release,
};

const struct frontend make_frontend = {
	.name = "make",
	.context = "make command",
	.claims = make_claims,
	.scan = make_scan,
	.verify = shell_verify,
	.release = shell_release,
};
