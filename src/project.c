#define _GNU_SOURCE /* memmem */
#include "project.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Bounds against include cycles that keep adding variables. */
enum { PROJECT_STEPS_MAX = 10000 };

void env_fail_release(struct env_fail *f)
{
	if (f) {
		free(f->file);
		memset(f, 0, sizeof(*f));
	}
}

static void env_destroy(struct env *e)
{
	if (e) {
		env_release(e);
		free(e);
	}
}

/* dir[0..dlen) joined with s, or s when it is absolute. */
static char *join(const char *dir, size_t dlen, const char *s)
{
	size_t len = strlen(s);
	size_t pre = s[0] == '/' ? 0 : dlen;
	char *p = malloc(pre + len + 1);
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(p, dir, pre);
	memcpy(p + pre, s, len + 1);
	return p;
}

/* Reads and parses one dotenv file; *why says what failed. */
static int read_env(const char *name, size_t max_size, bool must,
		    const struct env *lookup, struct env *env,
		    struct env_fail *why)
{
	struct buf data;
	const char *step, *reason;
	buf_init(&data);
	/* a character device is read too: --env-file /dev/null is the
	 * usual way to say "no variables" */
	if (input_read_any(name, max_size, &data, &step, &reason) < 0) {
		int rc = 0;
		if (must || errno != ENOENT) {
			why->file = strdup(name);
			why->step = step;
			snprintf(why->reason, sizeof(why->reason), "%s",
				 reason);
			rc = -1;
		}
		buf_release(&data);
		return rc;
	}
	struct env_error pe = { 0, NULL };
	int rc = env_parse(env, data.data ? data.data : "", data.len, lookup,
			   &pe);
	if (rc < 0 && errno == EINVAL) {
		why->file = strdup(name);
		why->step = NULL;
		why->line = pe.line;
		why->msg = pe.msg;
	}
	buf_release(&data);
	return rc;
}

int project_load_env(const char *env_file, const struct input *in,
		     size_t max_size, struct env *env, struct env_fail *why)
{
	if (env_file) {
		return read_env(env_file, max_size, true, NULL, env, why);
	}
	char *name = join(in->path, input_dir_len(in), ".env");
	if (!name) {
		return -1;
	}
	int rc = read_env(name, max_size, false, NULL, env, why);
	free(name);
	return rc;
}

int project_ref_env(const struct input *in, const struct scan_ref *ref,
		    const struct env *ctx, size_t max_size, struct env *out,
		    struct env_fail *why)
{
	if (env_merge(out, ctx) < 0) {
		return -1;
	}
	if (!ref->include) {
		return 0; /* extends: the same variables */
	}
	size_t dlen = input_dir_len(in);
	bool must = ref->nenv_files > 0;
	size_t n = must ? ref->nenv_files : 1;
	/* compose-go's GetEnvFromFile: each file expanded with the files
	 * before it, then the variables that win; a later file overrides */
	struct env acc;
	env_init(&acc);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		/* env_file: relative to the including project; the default
		 * .env in the included project's directory */
		char *name;
		if (must) {
			name = join(in->path, dlen, ref->env_files[i]);
		} else {
			char *dir = join(in->path, dlen, ref->project_dir);
			name = dir ? join(dir, strlen(dir), ".env") : NULL;
			free(dir);
		}
		if (!name) {
			rc = -1;
			break;
		}
		struct env look, one, next;
		env_init(&look);
		env_init(&one);
		env_init(&next);
		rc = env_merge(&look, &acc);
		if (rc == 0) {
			rc = env_merge(&look, ctx);
		}
		if (rc == 0) {
			rc = read_env(name, max_size, must, &look, &one, why);
		}
		if (rc == 0) {
			rc = env_merge(&next, &one);
		}
		if (rc == 0) {
			rc = env_merge(&next, &acc);
		}
		if (rc == 0) {
			env_release(&acc);
			acc = next;
		} else {
			env_release(&next);
		}
		env_release(&look);
		env_release(&one);
		free(name);
	}
	if (rc == 0) {
		rc = env_merge(out, &acc); /* the including project wins */
	}
	env_release(&acc);
	return rc;
}

void project_init(struct project *p)
{
	p->v = NULL;
	p->n = 0;
	p->cap = 0;
}

void project_release(struct project *p)
{
	if (!p) {
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		for (size_t k = 0; k < p->v[i].n; k++) {
			env_destroy(p->v[i].ctx[k]);
		}
		free(p->v[i].ctx);
		free(p->v[i].real);
	}
	free(p->v);
	project_init(p);
}

static struct project_file *project_find(const struct project *p,
					 const char *real)
{
	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->v[i].real, real) == 0) {
			return &p->v[i];
		}
	}
	return NULL;
}

/*
 * Records ctx (taken over) for the file at real (taken over). Returns 1
 * when it is new for that file (*added points to it), 0 when it was known
 * or over the bound, -1 on ENOMEM.
 */
static int project_add(struct project *p, char *real, struct env *ctx,
		       const struct env **added)
{
	struct project_file *f = project_find(p, real);
	if (!f) {
		if (array_grow((void **)&p->v, &p->cap, p->n, sizeof(*p->v)) <
		    0) {
			free(real);
			env_destroy(ctx);
			return -1;
		}
		f = &p->v[p->n++];
		*f = (struct project_file){ real, NULL, 0 };
	} else {
		free(real);
	}
	for (size_t i = 0; i < f->n; i++) {
		if (env_equal(f->ctx[i], ctx)) {
			env_destroy(ctx);
			return 0;
		}
	}
	if (f->n >= PROJECT_CONTEXTS_MAX) {
		env_destroy(ctx);
		return 0;
	}
	size_t cap = f->n; /* full: array_grow doubles it */
	if (array_grow((void **)&f->ctx, &cap, f->n, sizeof(*f->ctx)) < 0) {
		env_destroy(ctx);
		return -1;
	}
	f->ctx[f->n++] = ctx;
	*added = ctx;
	return 1;
}

/* A (file, variables) pair whose references are still to follow. */
struct step {
	char *path;
	const struct env *ctx; /* owned by the project */
};

struct queue {
	struct step *v;
	size_t n;
	size_t cap;
};

static int queue_push(struct queue *q, char *path, const struct env *ctx)
{
	if (array_grow((void **)&q->v, &q->cap, q->n, sizeof(*q->v)) < 0) {
		free(path);
		return -1;
	}
	q->v[q->n++] = (struct step){ path, ctx };
	return 0;
}

/* Reads path; 1 when its text names include or extends. */
static int names_refs(const char *path, size_t max_size, struct buf *data)
{
	struct stat st;
	const char *why, *reason;
	struct input in;
	input_init(&in, path);
	if (input_read(&in, max_size, data, &st, &why, &reason) < 0) {
		return 0;
	}
	const char *s = data->data ? data->data : "";
	return memmem(s, data->len, "include", 7) ||
	       memmem(s, data->len, "extends", 7);
}

/* Follows the references of one (file, variables) pair. */
static int scan_step(struct project *p, const struct options *o,
		     const struct frontend *const *fes, const struct step *st,
		     struct queue *q)
{
	struct buf data;
	buf_init(&data);
	if (!names_refs(st->path, o->max_size, &data)) {
		buf_release(&data);
		return 0;
	}
	struct frontend_opts fo = {
		.binds = o->binds,
		.nbinds = o->nbinds,
		.fix_explicit = o->fix_explicit,
		.envs = &st->ctx,
		.nenvs = 1,
		.path = st->path,
	};
	const struct frontend *fe = frontend_for(fes, st->path);
	struct scan s;
	memset(&s, 0, sizeof(s));
	findings_init(&s.findings);
	diags_init(&s.diags);
	int rc = 0;
	bool ok = fe->scan(&s, data.data ? data.data : "", data.len, &fo) == 0;
	if (!ok && errno == ENOMEM && s.diags.errors == 0) {
		rc = -1;
	}
	struct input in;
	input_init(&in, st->path);
	/* followed only when understood */
	for (size_t i = 0; ok && rc == 0 && i < s.nrefs; i++) {
		const struct scan_ref *ref = &s.refs[i];
		char *path = join(st->path, input_dir_len(&in), ref->path);
		char *real = path ? realpath(path, NULL) : NULL;
		struct env *ctx = real ? malloc(sizeof(*ctx)) : NULL;
		if (!ctx) {
			/* missing: processing the includer says so */
			free(real);
			free(path);
			rc = path ? 0 : -1;
			continue;
		}
		env_init(ctx);
		struct env_fail why = { 0 };
		if (project_ref_env(&in, ref, st->ctx, o->max_size, ctx, &why) <
		    0) {
			/* reported by the includer's processing */
			rc = errno == ENOMEM && !why.file ? -1 : 0;
			env_fail_release(&why);
			env_destroy(ctx);
			free(real);
			free(path);
			continue;
		}
		const struct env *added = NULL;
		int r = project_add(p, real, ctx, &added);
		if (r < 0) {
			free(path);
			rc = -1;
		} else if (r == 1) {
			rc = queue_push(q, path, added);
		} else {
			free(path);
		}
	}
	scan_release(fe, &s);
	buf_release(&data);
	return rc;
}

int project_scan(struct project *p, const struct options *o,
		 const struct frontend *const *fes, const char *const *paths,
		 size_t n)
{
	struct queue q = { 0 };
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct buf data;
		if (strcmp(paths[i], "-") == 0) {
			continue; /* read once, by its processing */
		}
		buf_init(&data);
		int refs = names_refs(paths[i], o->max_size, &data);
		buf_release(&data);
		if (!refs) {
			continue;
		}
		struct env *own = malloc(sizeof(*own));
		char *real = own ? realpath(paths[i], NULL) : NULL;
		char *path = real ? strdup(paths[i]) : NULL;
		if (!path) {
			free(own);
			free(real);
			rc = own && errno != ENOMEM ? 0 : -1;
			continue;
		}
		env_init(own);
		struct env_fail why = { 0 };
		struct input in;
		input_init(&in, paths[i]);
		if (project_load_env(o->env_file, &in, o->max_size, own, &why) <
		    0) {
			/* the input's processing reports it */
			env_fail_release(&why);
			env_destroy(own);
			free(real);
			free(path);
			continue;
		}
		const struct env *added = NULL;
		int r = project_add(p, real, own, &added);
		if (r < 0) {
			free(path);
			rc = -1;
		} else if (r == 1) {
			rc = queue_push(&q, path, added);
		} else {
			free(path);
		}
	}
	for (size_t i = 0; rc == 0 && i < q.n && i < PROJECT_STEPS_MAX; i++) {
		struct step st = q.v[i]; /* q.v may move as it grows */
		rc = scan_step(p, o, fes, &st, &q);
	}
	for (size_t i = 0; i < q.n; i++) {
		free(q.v[i].path);
	}
	free(q.v);
	return rc;
}

const struct env *const *project_contexts(const struct project *p,
					  const char *path, size_t *n)
{
	*n = 0;
	if (!p || p->n == 0 || strcmp(path, "-") == 0) {
		return NULL;
	}
	char *real = realpath(path, NULL);
	const struct project_file *f = real ? project_find(p, real) : NULL;
	free(real);
	if (!f) {
		return NULL;
	}
	*n = f->n;
	return (const struct env *const *)f->ctx;
}
