#include "run.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic.h"
#include "driver.h"
#include "report.h"

/* One input, start to end: the driver's work and the writer's words. */
static void run_one(const struct options *o, const struct frontend *const *fes,
		    struct result *r)
{
	struct outcome oc;
	outcome_init(&oc);
	drive(o, fes, r, &oc);
	if (report_render(o, &oc, r) < 0) {
		result_fail(r, PROBLEM_SYSTEM, NULL, ENOMEM);
	}
	outcome_release(&oc);
	report_problem(r);
}

struct pool {
	const struct options *o;
	const struct frontend *const *fes;
	const char *const *paths;
	size_t n;
	struct result *results;
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
	run_one(p->o, p->fes, &p->results[i]);
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

static int emit_one(struct result *r,
		    int (*emit)(const struct result *, void *), void *ctx)
{
	int status = r->status;
	if (emit(r, ctx) < 0) {
		status = EXIT_TROUBLE;
	}
	result_release(r);
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
	struct input in;
	struct stat st;
	input_init(&in, path);
	if (in.is_stdin || stat(path, &st) < 0) {
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
	int (*emit)(const struct result *r, void *ctx);
	void *ctx;
	struct paths *refs; /* collects what the results pull in */
};

static int batch_emit(const struct result *r, void *ctx)
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

static int run_batch(const struct options *o, const struct frontend *const *fes,
		     const char *const *paths, const char *const *roots,
		     size_t n, unsigned jobs,
		     int (*emit)(const struct result *r, void *ctx), void *ctx);

int run_all(const struct options *o, const struct frontend *const *fes,
	    const char *const *paths, const char *const *roots, size_t n,
	    unsigned jobs, int (*emit)(const struct result *r, void *ctx),
	    void *ctx)
{
	struct paths batch = { 0 }, refs = { 0 };
	struct seen seen = { 0 };
	int status = EXIT_CLEAN;
	struct batch_emit b = { emit, ctx, &refs };
	status = run_batch(o, fes, paths, roots, n, jobs, batch_emit, &b);
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
		int s2 = run_batch(o, fes, (const char *const *)batch.v,
				   batch.root, batch.n, jobs, batch_emit, &b);
		status = max_status(status, s2);
	}
	paths_release(&batch);
	paths_release(&refs);
	free(seen.v);
	return status;
}

/* A staged write that did not happen: the result says so. */
static void commit_fail(struct result *r, const char *step, int e)
{
	result_fail(r,
		    strcmp(step, "dirsync") == 0 ? PROBLEM_DIRSYNC
						 : PROBLEM_REWRITE,
		    step, e);
	r->problem.batched = true;
	r->problem.real = r->pending.real;
	report_problem(r);
}

/*
 * The batch's writes: every staged file made durable at once, then each
 * renamed over its original, then the renames made durable at once.
 */
static void commit_staged(struct result *v, size_t n)
{
	struct atomic_file **files = calloc(n ? n : 1, sizeof(*files));
	size_t *owner = calloc(n ? n : 1, sizeof(*owner));
	size_t m = 0;
	const char *step = "syncfs";
	if (!files || !owner) {
		for (size_t i = 0; i < n; i++) {
			if (v[i].staged) {
				commit_fail(&v[i], "write", ENOMEM);
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
			commit_fail(&v[owner[k]], step, e);
			atomic_abort(files[k]);
		}
		m = 0;
	}
	for (size_t k = 0; k < m; k++) {
		if (atomic_commit(files[k], &step) < 0) {
			commit_fail(&v[owner[k]], step, errno);
			atomic_abort(files[k]);
		}
	}
	if (atomic_sync_dirs(files, m, &step) < 0) {
		int e = errno;
		for (size_t k = 0; k < m; k++) {
			if (files[k]->real && !files[k]->tmp) {
				commit_fail(&v[owner[k]], step, e);
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

static int run_chunk(const struct options *o, const struct frontend *const *fes,
		     const char *const *paths, const char *const *roots,
		     size_t n, unsigned jobs, bool stage,
		     int (*emit)(const struct result *r, void *ctx), void *ctx);

static int run_batch(const struct options *o, const struct frontend *const *fes,
		     const char *const *paths, const char *const *roots,
		     size_t n, unsigned jobs,
		     int (*emit)(const struct result *r, void *ctx), void *ctx)
{
	bool stage = o->mode == MODE_IN_PLACE && n >= STAGE_FROM;
	if (!stage) {
		return run_chunk(o, fes, paths, roots, n, jobs, false, emit,
				 ctx);
	}
	int status = EXIT_CLEAN;
	for (size_t at = 0; at < n; at += STAGE_CHUNK) {
		size_t m = n - at < STAGE_CHUNK ? n - at : STAGE_CHUNK;
		status =
			max_status(status, run_chunk(o, fes, paths + at,
						     roots ? roots + at : NULL,
						     m, jobs, true, emit, ctx));
	}
	return status;
}

static int run_chunk(const struct options *o, const struct frontend *const *fes,
		     const char *const *paths, const char *const *roots,
		     size_t n, unsigned jobs, bool stage,
		     int (*emit)(const struct result *r, void *ctx), void *ctx)
{
	int status = EXIT_CLEAN;
	if (jobs > n) {
		jobs = (unsigned)n;
	}
	if (jobs <= 1 && !stage) {
		for (size_t i = 0; i < n; i++) {
			struct result r;
			result_init(&r, paths[i]);
			r.root = roots ? roots[i] : NULL;
			run_one(o, fes, &r);
			status = max_status(status, emit_one(&r, emit, ctx));
		}
		return status;
	}

	struct pool p = {
		.o = o, .fes = fes, .paths = paths, .n = n, .waiting = SIZE_MAX
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
		result_init(&p.results[i], paths[i]);
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
