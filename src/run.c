#include "run.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "contain.h"
#include "env.h"
#include "fix.h"
#include "input.h"
#include "report.h"
#include "udiff.h"

void run_result_init(struct run_result *r)
{
	r->path = "";
	buf_init(&r->out);
	buf_init(&r->err);
	r->status = EXIT_TROUBLE;
	r->refs = NULL;
	r->nrefs = 0;
	r->fixed = 0;
	memset(r->left, 0, sizeof(r->left));
	records_init(&r->records);
	r->root = NULL;
	r->have_id = false;
	r->dev = 0;
	r->ino = 0;
	r->stage = false;
	r->staged = false;
	atomic_file_init(&r->pending);
}

void run_result_release(struct run_result *r)
{
	if (!r) {
		return;
	}
	buf_release(&r->out);
	buf_release(&r->err);
	for (size_t i = 0; i < r->nrefs; i++) {
		free(r->refs[i]);
	}
	free(r->refs);
	r->refs = NULL;
	r->nrefs = 0;
	records_release(&r->records);
	atomic_abort(&r->pending); /* a temp file never committed */
	r->staged = false;
}

/* The files f pulls in, as paths relative to where path is. */
static int collect_refs(const char *path, const struct fix *f,
			struct run_result *r)
{
	uint32_t *nodes;
	size_t n;
	if (ports_references(&f->doc, &nodes, &n) < 0) {
		return -1;
	}
	const char *slash = strcmp(path, "-") ? strrchr(path, '/') : NULL;
	size_t dir = slash ? (size_t)(slash - path + 1) : 0;
	int rc = 0;
	r->refs = n ? calloc(n, sizeof(*r->refs)) : NULL;
	if (n && !r->refs) {
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t len;
		const char *s = doc_text(&f->doc, nodes[i], &len);
		bool absolute = len > 0 && s[0] == '/';
		size_t pre = absolute ? 0 : dir;
		char *p = malloc(pre + len + 1);
		if (!p) {
			rc = -1;
			break;
		}
		memcpy(p, path, pre);
		memcpy(p + pre, s, len);
		p[pre + len] = '\0';
		r->refs[r->nrefs++] = p;
	}
	free(nodes);
	return rc;
}

/*
 * The variables docker compose would read: --env-file, else a .env file
 * beside the compose file. A missing .env is no error.
 */
static int load_env(const struct options *o, const char *path, struct env *env,
		    struct buf *err)
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
		const char *slash =
			strcmp(path, "-") ? strrchr(path, '/') : NULL;
		if (slash) {
			rc = buf_add(&name, path, (size_t)(slash - path + 1));
		}
		if (rc == 0) {
			rc = buf_adds(&name, ".env");
		}
	}
	if (rc < 0) {
		goto out;
	}
	if (input_read(name.data, o->max_size, &data, &st, &why, &reason) < 0) {
		if (o->env_file || errno != ENOENT) {
			buf_addf(err, "composefix: %s '%s': %s\n", why,
				 name.data, reason);
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

/* What the summary line counts. */
static void count_findings(const struct fix *f, struct run_result *r)
{
	for (size_t i = 0; i < f->findings.n; i++) {
		const struct finding *fd = &f->findings.v[i];
		if (plan_has(&f->plan, i)) {
			r->fixed++;
		} else if (fd->kind != FINDING_BOUND &&
			   fd->kind != FINDING_DUPLICATE_KEY &&
			   (size_t)fd->kind < RUN_KINDS) {
			r->left[fd->kind]++;
		}
	}
}

/*
 * Says why the rewrite of path failed at step with errno e: after the
 * rename ("dirsync") the file has changed, before it the file is as it
 * was.
 */
static void rewrite_failed(struct buf *err, const char *name, const char *path,
			   const char *step, int e)
{
	if (strcmp(step, "dirsync") == 0) {
		buf_addf(err,
			 "composefix: rewrote '%s' but could not sync its "
			 "directory (dirsync): %s; a crash may undo the "
			 "change\n",
			 name, strerror(e));
		return;
	}
	buf_addf(err, "composefix: cannot rewrite '%s' (%s): ", name, step);
	atomic_explain(err, path, step, e);
	buf_adds(err, "; the file is unchanged\n");
}

/*
 * Whether --in-place may write path: only inside the containment root of
 * the input it came from, unless --follow-outside. When not, err gets a
 * warning and r->status what the run then means (the change is still
 * needed; a path that cannot be resolved is trouble).
 */
static bool may_write(const struct options *o, const char *path,
		      const char *name, struct run_result *r, struct buf *err)
{
	if (o->follow_outside || !r->root) {
		return true;
	}
	int in = contain_inside(r->root, path);
	if (in == 1) {
		return true;
	}
	if (in < 0) {
		buf_addf(err, "composefix: cannot resolve '%s': %s\n", name,
			 strerror(errno));
		r->status = EXIT_TROUBLE;
		return false;
	}
	buf_addf(err,
		 "composefix: warning: not rewriting '%s': it lies outside "
		 "'%s', the tree given; --follow-outside allows it\n",
		 name, r->root);
	r->status = EXIT_CHANGES;
	return false;
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

void run_input(const struct options *o, const char *path, struct run_result *r)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	r->path = name;
	struct buf data, dname;
	struct buf *out = &r->out, *err = &r->err;
	struct stat st;
	struct fix f;
	const char *why = NULL;
	int status = EXIT_TROUBLE;
	bool warned = false;
	bool text = o->format == FORMAT_TEXT;

	buf_init(&data);
	buf_init(&dname);
	memset(&f, 0, sizeof(f));

	if (o->mode == MODE_IN_PLACE && strcmp(path, "-") == 0) {
		buf_adds(err, "composefix: cannot rewrite standard input in "
			      "place; use --stdout\n");
		goto done;
	}
	const char *reason = NULL;
	if (input_read(path, o->max_size, &data, &st, &why, &reason) < 0) {
		buf_addf(err, "composefix: %s '%s': %s\n", why, name, reason);
		goto done;
	}
	r->have_id = true;
	r->dev = st.st_dev;
	r->ino = st.st_ino;
	struct env env;
	env_init(&env);
	if (load_env(o, path, &env, err) < 0) {
		env_release(&env);
		goto done;
	}
	struct fix_opts fopts = {
		.plan = {
			.binds = o->binds,
			.nbinds = o->nbinds,
			.fix_explicit = o->fix_explicit,
			.allow_ports = o->allow_ports,
			.nallow_ports = o->nallow_ports,
			.allow_services =
				(const char *const *)o->allow_services,
			.nallow_services = o->nallow_services,
		},
		.env = &env,
		.verbose = o->verbose,
	};
	int rc = fix_run(&f, data.data ? data.data : "", data.len, &fopts);
	env_release(&env);
	int e = errno;
	if (report_diags(err, name, &f.diags) < 0) {
		goto oom;
	}
	if (rc < 0) {
		if (f.diags.errors == 0) {
			buf_addf(err, "composefix: %s: %s\n", name,
				 strerror(e));
		}
		for (size_t i = 0; !text && i < f.diags.n; i++) {
			const struct diag *g = &f.diags.v[i];
			if (g->severity == DIAG_ERROR &&
			    records_add_error(&r->records, g->line, g->col,
					      g->msg) < 0) {
				goto oom;
			}
		}
		goto done;
	}
	if (collect_refs(path, &f, r) < 0) {
		goto oom;
	}
	bool changes = f.plan.n > 0;
	status = changes ? EXIT_CHANGES : EXIT_CLEAN;
	if (o->strict && f.diags.warnings > 0) {
		warned = true;
	}
	switch (o->mode) {
	case MODE_REPORT:
	case MODE_IN_PLACE:
		for (size_t i = 0; text && !o->quiet && i < f.plan.n;) {
			if (report_fix(out, name, &f, &i) < 0) {
				goto oom;
			}
		}
		if (o->mode == MODE_IN_PLACE && changes &&
		    !may_write(o, path, name, r, err)) {
			/* reported, not written: the change is still needed */
			status = r->status;
			break;
		}
		if (o->mode == MODE_IN_PLACE && changes && r->stage) {
			/* the batch syncs, renames and reports later */
			const char *step = "write";
			if (atomic_stage(path, f.out.data, f.out.len, &st,
					 o->break_hardlinks, &r->pending,
					 &step) < 0) {
				e = errno;
				buf_truncate(out, 0);
				rewrite_failed(err, name, path, step, e);
				status = EXIT_TROUBLE;
				break;
			}
			r->staged = true;
			status = EXIT_CLEAN;
		} else if (o->mode == MODE_IN_PLACE && changes) {
			const char *step = "write";
			if (atomic_replace(path, f.out.data, f.out.len, &st,
					   o->break_hardlinks, &step) < 0) {
				e = errno;
				if (strcmp(step, "dirsync") != 0) {
					buf_truncate(out, 0);
				}
				rewrite_failed(err, name, path, step, e);
				status = EXIT_TROUBLE;
				break;
			}
			status = EXIT_CLEAN;
		}
		break;
	case MODE_DIFF:
		if (text) {
			fix_drop_view(&f); /* a big file's view is big */
		}
		if (f.plan.n > 0 && diff_name(&dname, path) < 0) {
			goto oom;
		}
		if (udiff_write(out, dname.data ? dname.data : path, data.data,
				data.len, f.out.data, f.out.len, f.edits,
				f.plan.n) < 0) {
			goto oom;
		}
		break;
	case MODE_STDOUT:
		if (changes ? buf_add(out, f.out.data, f.out.len) < 0
			    : buf_add(out, data.data, data.len) < 0) {
			goto oom;
		}
		break;
	}
	count_findings(&f, r);
	if (!text &&
	    report_records(&f, o->mode == MODE_IN_PLACE && status == EXIT_CLEAN,
			   &r->records) < 0) {
		goto oom;
	}
	goto done;
oom:
	buf_addf(err, "composefix: %s: %s\n", name, strerror(ENOMEM));
	status = EXIT_TROUBLE;
done:
	if (status == EXIT_TROUBLE) {
		r->records.status = "error";
		/* the errors, in the report too: the last line of err */
		if (!text && r->records.nerrors == 0) {
			size_t n = err->len;
			while (n > 0 && err->data[n - 1] == '\n') {
				n--;
			}
			const char *last = err->data ? err->data : "failed";
			for (size_t i = n; i > 0; i--) {
				if (err->data[i - 1] == '\n') {
					last = err->data + i;
					break;
				}
			}
			char *msg =
				strndup(last, (size_t)(err->data + n - last));
			if (msg) {
				records_add_error(&r->records, 0, 0, msg);
				free(msg);
			}
		}
	} else if (f.plan.n > 0) {
		r->records.status =
			o->mode == MODE_IN_PLACE && status == EXIT_CLEAN
				? "fixed"
				: "changed";
	}
	fix_release(&f);
	buf_release(&data);
	buf_release(&dname);
	if (warned && status == EXIT_CLEAN) {
		status = EXIT_CHANGES; /* --strict: a warning fails the run */
	}
	r->status = status;
}

struct pool {
	const struct options *o;
	const char *const *paths;
	size_t n;
	struct run_result *results;
	bool *done;
	size_t next;
	size_t waiting; /* the result the calling thread waits for */
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

/*
 * Takes the next input and processes it. Returns false when none is left.
 * The calling thread is woken only for the result it waits for: waking it
 * for every file costs a context switch each and steals a core.
 */
static bool pool_step(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	size_t i = p->next < p->n ? p->next++ : p->n;
	pthread_mutex_unlock(&p->lock);
	if (i >= p->n) {
		return false;
	}
	run_input(p->o, p->paths[i], &p->results[i]);
	pthread_mutex_lock(&p->lock);
	p->done[i] = true;
	if (i == p->waiting) {
		pthread_cond_signal(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
	return true;
}

static void *pool_worker(void *arg)
{
	while (pool_step(arg)) {
	}
	return NULL;
}

/* Whether result i is ready; with wait, sleeps until it is. */
static bool pool_ready(struct pool *p, size_t i, bool wait)
{
	pthread_mutex_lock(&p->lock);
	if (wait) {
		p->waiting = i;
		while (!p->done[i]) {
			pthread_cond_wait(&p->cond, &p->lock);
		}
	}
	bool done = p->done[i];
	pthread_mutex_unlock(&p->lock);
	return done;
}

static int max_status(int a, int b)
{
	return a > b ? a : b;
}

static int emit_one(struct run_result *r,
		    int (*emit)(const struct run_result *, void *), void *ctx)
{
	int status = r->status;
	if (emit(r, ctx) < 0) {
		status = EXIT_TROUBLE;
	}
	run_result_release(r);
	return status;
}

/* Paths, owned, each with a containment root that is not. */
struct paths {
	char **v;
	const char **root;
	size_t n;
	size_t cap;
};

static int paths_add(struct paths *p, char *s, const char *root)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		char **v = realloc(p->v, cap * sizeof(*v));
		if (v) {
			p->v = v;
		}
		const char **r = v ? realloc(p->root, cap * sizeof(*r)) : NULL;
		if (!r) {
			free(s);
			return -1;
		}
		p->root = r;
		p->cap = cap;
	}
	p->root[p->n] = root;
	p->v[p->n++] = s;
	return 0;
}

static void paths_release(struct paths *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i]);
	}
	free(p->v);
	free(p->root);
	p->v = NULL;
	p->root = NULL;
	p->n = p->cap = 0;
}

/* The files processed, by device and inode. */
struct seen {
	struct file_id {
		dev_t dev;
		ino_t ino;
	} * v;
	size_t n;
	size_t cap;
};

/* Remembers the file at path as processed; false when it was already. */
static bool first_visit(struct seen *seen, const char *path)
{
	struct stat st;
	if (strcmp(path, "-") == 0 || stat(path, &st) < 0) {
		return true; /* stdin, or gone: it will say so itself */
	}
	for (size_t i = 0; i < seen->n; i++) {
		if (seen->v[i].dev == st.st_dev &&
		    seen->v[i].ino == st.st_ino) {
			return false;
		}
	}
	if (array_grow((void **)&seen->v, &seen->cap, seen->n,
		       sizeof(*seen->v)) == 0) {
		seen->v[seen->n++] = (struct file_id){ st.st_dev, st.st_ino };
	}
	return true;
}

struct batch_emit {
	int (*emit)(const struct run_result *r, void *ctx);
	void *ctx;
	struct paths *refs; /* collects what the results pull in */
};

static int batch_emit(const struct run_result *r, void *ctx)
{
	struct batch_emit *b = ctx;
	for (size_t i = 0; i < r->nrefs; i++) {
		char *s = strdup(r->refs[i]);
		if (!s || paths_add(b->refs, s, r->root) < 0) {
			return -1;
		}
	}
	return b->emit(r, b->ctx);
}

static int run_batch(const struct options *o, const char *const *paths,
		     const char *const *roots, size_t n, unsigned jobs,
		     int (*emit)(const struct run_result *r, void *ctx),
		     void *ctx);

int run_all(const struct options *o, const char *const *paths,
	    const char *const *roots, size_t n, unsigned jobs,
	    int (*emit)(const struct run_result *r, void *ctx), void *ctx)
{
	struct paths batch = { 0 }, refs = { 0 };
	struct seen seen = { 0 };
	int status = EXIT_CLEAN;
	struct batch_emit b = { emit, ctx, &refs };
	status = run_batch(o, paths, roots, n, jobs, batch_emit, &b);
	if (refs.n > 0) {
		/* only now, as most runs pull nothing in: the inputs, so
		 * that none is processed twice */
		for (size_t i = 0; i < n; i++) {
			first_visit(&seen, paths[i]);
		}
	}
	while (refs.n > 0) {
		paths_release(&batch);
		for (size_t i = 0; i < refs.n; i++) {
			struct stat st;
			if (stat(refs.v[i], &st) == 0 && S_ISREG(st.st_mode) &&
			    first_visit(&seen, refs.v[i])) {
				paths_add(&batch, refs.v[i], refs.root[i]);
				refs.v[i] = NULL;
			}
		}
		paths_release(&refs);
		if (batch.n == 0) {
			break;
		}
		int s2 = run_batch(o, (const char *const *)batch.v, batch.root,
				   batch.n, jobs, batch_emit, &b);
		status = max_status(status, s2);
	}
	paths_release(&batch);
	paths_release(&refs);
	free(seen.v);
	return status;
}

/* A staged write that did not happen: the result says so. */
static void result_fail(struct run_result *r, const char *step, int e)
{
	buf_truncate(&r->out, 0);
	if (strcmp(step, "dirsync") == 0) {
		buf_addf(&r->err,
			 "composefix: rewrote '%s' but could not sync its "
			 "directory (dirsync): %s; a crash may undo the "
			 "change\n",
			 r->path, strerror(e));
	} else {
		rewrite_failed(&r->err, r->path,
			       r->pending.real ? r->pending.real : r->path,
			       step, e);
		for (size_t i = 0; i < r->records.n; i++) {
			r->records.v[i].applied = false;
		}
	}
	r->records.status = "error";
	records_add_error(&r->records, 0, 0, "the rewrite failed");
	r->status = EXIT_TROUBLE;
}

/*
 * The batch's writes: every staged file made durable at once, then each
 * renamed over its original, then the renames made durable at once.
 */
static void commit_staged(struct run_result *v, size_t n)
{
	struct atomic_file **files = calloc(n ? n : 1, sizeof(*files));
	size_t *owner = calloc(n ? n : 1, sizeof(*owner));
	size_t m = 0;
	const char *step = "syncfs";
	if (!files || !owner) {
		for (size_t i = 0; i < n; i++) {
			if (v[i].staged) {
				result_fail(&v[i], "write", ENOMEM);
				atomic_abort(&v[i].pending);
			}
		}
		free(files);
		free(owner);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].staged) {
			owner[m] = i;
			files[m++] = &v[i].pending;
		}
	}
	if (atomic_sync_all(files, m, &step) < 0) {
		int e = errno;
		for (size_t k = 0; k < m; k++) {
			result_fail(&v[owner[k]], step, e);
			atomic_abort(files[k]);
		}
		m = 0;
	}
	for (size_t k = 0; k < m; k++) {
		if (atomic_commit(files[k], &step) < 0) {
			result_fail(&v[owner[k]], step, errno);
			atomic_abort(files[k]);
		}
	}
	if (atomic_sync_dirs(files, m, &step) < 0) {
		int e = errno;
		for (size_t k = 0; k < m; k++) {
			if (files[k]->real && !files[k]->tmp) {
				result_fail(&v[owner[k]], step, e);
			}
		}
	}
	for (size_t k = 0; k < m; k++) {
		atomic_abort(files[k]); /* committed: frees, unlinks nothing */
	}
	free(files);
	free(owner);
}

/* Batching pays from this many files on: one syncfs instead of fsyncs. */
enum { STAGE_FROM = 16, STAGE_CHUNK = 4096 };

static int run_chunk(const struct options *o, const char *const *paths,
		     const char *const *roots, size_t n, unsigned jobs,
		     bool stage,
		     int (*emit)(const struct run_result *r, void *ctx),
		     void *ctx);

static int run_batch(const struct options *o, const char *const *paths,
		     const char *const *roots, size_t n, unsigned jobs,
		     int (*emit)(const struct run_result *r, void *ctx),
		     void *ctx)
{
	bool stage = o->mode == MODE_IN_PLACE && n >= STAGE_FROM;
	if (!stage) {
		return run_chunk(o, paths, roots, n, jobs, false, emit, ctx);
	}
	int status = EXIT_CLEAN;
	for (size_t at = 0; at < n; at += STAGE_CHUNK) {
		size_t m = n - at < STAGE_CHUNK ? n - at : STAGE_CHUNK;
		status =
			max_status(status, run_chunk(o, paths + at,
						     roots ? roots + at : NULL,
						     m, jobs, true, emit, ctx));
	}
	return status;
}

static int run_chunk(const struct options *o, const char *const *paths,
		     const char *const *roots, size_t n, unsigned jobs,
		     bool stage,
		     int (*emit)(const struct run_result *r, void *ctx),
		     void *ctx)
{
	int status = EXIT_CLEAN;
	if (jobs > n) {
		jobs = (unsigned)n;
	}
	if (jobs <= 1 && !stage) {
		for (size_t i = 0; i < n; i++) {
			struct run_result r;
			run_result_init(&r);
			r.root = roots ? roots[i] : NULL;
			run_input(o, paths[i], &r);
			status = max_status(status, emit_one(&r, emit, ctx));
		}
		return status;
	}

	struct pool p = {
		.o = o,
		.paths = paths,
		.n = n,
		.waiting = SIZE_MAX,
	};
	pthread_t *threads = calloc(jobs ? jobs : 1, sizeof(*threads));
	p.results = calloc(n, sizeof(*p.results));
	p.done = calloc(n, sizeof(*p.done));
	if (!threads || !p.results || !p.done) {
		free(threads);
		free(p.results);
		free(p.done);
		fprintf(stderr, "composefix: %s\n", strerror(ENOMEM));
		return EXIT_TROUBLE;
	}
	for (size_t i = 0; i < n; i++) {
		run_result_init(&p.results[i]);
		p.results[i].root = roots ? roots[i] : NULL;
		p.results[i].stage = stage;
	}
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.cond, NULL);
	/* jobs threads in all: this one and jobs - 1 more */
	unsigned started = 0;
	for (; started + 1 < jobs; started++) {
		if (pthread_create(&threads[started], NULL, pool_worker, &p)) {
			break;
		}
	}
	size_t emitted = 0;
	if (stage) {
		/* every write of the chunk is staged before any is committed */
		pool_worker(&p);
		for (unsigned t = 0; t < started; t++) {
			pthread_join(threads[t], NULL);
		}
		started = 0;
		commit_staged(p.results, n);
	} else {
		/* work, and between inputs print what is ready, in order */
		while (pool_step(&p)) {
			while (emitted < n && pool_ready(&p, emitted, false)) {
				status = max_status(
					status, emit_one(&p.results[emitted++],
							 emit, ctx));
			}
		}
	}
	for (; emitted < n; emitted++) {
		pool_ready(&p, emitted, true);
		status = max_status(status,
				    emit_one(&p.results[emitted], emit, ctx));
	}
	for (unsigned t = 0; t < started; t++) {
		pthread_join(threads[t], NULL);
	}
	pthread_cond_destroy(&p.cond);
	pthread_mutex_destroy(&p.lock);
	free(threads);
	free(p.results);
	free(p.done);
	return status;
}
