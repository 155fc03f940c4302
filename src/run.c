#include "run.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "batch.h"
#include "driver.h"
#include "follow.h"
#include "pool.h"
#include "project.h"
#include "report.h"

/* Batching pays from this many files on: one syncfs instead of fsyncs. */
enum { STAGE_FROM = 16, STAGE_CHUNK = 4096 };

/* One run over a list of inputs. */
struct run {
	const struct options *o;
	const struct frontend *const *fes;
	int (*emit)(const struct result *r, void *ctx);
	void *ctx;
	struct follow follow;
	struct project project; /* the variables of the files pulled in */
	bool referenced;	/* the batch in hand was pulled in */
	int status;
	/* the chunk in hand */
	struct result *results;
	size_t n;
};

/* One input, start to end: the driver's work and the writer's words. */
static void run_one(const struct run *run, struct result *r)
{
	struct outcome oc;
	outcome_init(&oc);
	drive(run->o, run->fes, r, &oc);
	if (report_render(run->o, &oc, r) < 0) {
		result_fail(r, PROBLEM_SYSTEM, NULL, ENOMEM);
	}
	outcome_release(&oc);
	report_problem(r);
}

/* Hands a result on (to be printed) and frees it. */
static void hand_on(struct run *run, struct result *r)
{
	int status = r->status;
	if (follow_note(&run->follow, r) < 0 || run->emit(r, run->ctx) < 0) {
		status = EXIT_TROUBLE;
	}
	run->status = exit_worst(run->status, status);
	result_release(r);
}

static void pool_work(void *ctx, size_t i)
{
	struct run *run = ctx;
	run_one(run, &run->results[i]);
}

/* Between staging and printing: the batch's writes, and what failed. */
static void pool_commit(void *ctx)
{
	struct run *run = ctx;
	batch_commit(run->results, run->n);
	for (size_t i = 0; i < run->n; i++) {
		if (run->results[i].problem.batched) {
			report_problem(&run->results[i]);
		}
	}
}

static void pool_done(void *ctx, size_t i)
{
	struct run *run = ctx;
	hand_on(run, &run->results[i]);
}

/* One input after the other in this thread, each written at once. */
static void run_serial(struct run *run, const char *const *paths,
		       const char *const *roots, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct result r;
		result_init(&r, paths[i]);
		r.root = roots ? roots[i] : NULL;
		r.project = &run->project;
		r.referenced = run->referenced;
		run_one(run, &r);
		hand_on(run, &r);
	}
}

/* Up to STAGE_CHUNK inputs on the pool; staged: written in one batch. */
static void run_chunk(struct run *run, const char *const *paths,
		      const char *const *roots, size_t n, unsigned jobs,
		      bool stage)
{
	if (jobs > n) {
		jobs = (unsigned)n;
	}
	if (jobs <= 1 && !stage) {
		run_serial(run, paths, roots, n);
		return;
	}
	run->results = calloc(n, sizeof(*run->results));
	if (!run->results) {
		run_serial(run, paths, roots, n); /* no memory for more */
		return;
	}
	run->n = n;
	for (size_t i = 0; i < n; i++) {
		result_init(&run->results[i], paths[i]);
		run->results[i].root = roots ? roots[i] : NULL;
		run->results[i].project = &run->project;
		run->results[i].referenced = run->referenced;
		run->results[i].stage = stage;
	}
	if (pool_run(n, jobs, pool_work, stage ? pool_commit : NULL, pool_done,
		     run) < 0) {
		for (size_t i = 0; i < n; i++) {
			result_release(&run->results[i]);
		}
		run_serial(run, paths, roots, n);
	}
	free(run->results);
	run->results = NULL;
	run->n = 0;
}

static void run_batch(struct run *run, const char *const *paths,
		      const char *const *roots, size_t n, unsigned jobs)
{
	if (run->o->mode != MODE_IN_PLACE || n < STAGE_FROM) {
		run_chunk(run, paths, roots, n, jobs, false);
		return;
	}
	for (size_t at = 0; at < n; at += STAGE_CHUNK) {
		size_t m = n - at < STAGE_CHUNK ? n - at : STAGE_CHUNK;
		run_chunk(run, paths + at, roots ? roots + at : NULL, m, jobs,
			  true);
	}
}

int run_all(const struct options *o, const struct frontend *const *fes,
	    const char *const *paths, const char *const *roots, size_t n,
	    unsigned jobs, int (*emit)(const struct result *r, void *ctx),
	    void *ctx)
{
	struct run run = {
		.o = o,
		.fes = fes,
		.emit = emit,
		.ctx = ctx,
		.status = EXIT_CLEAN,
	};
	follow_init(&run.follow);
	project_init(&run.project);
	/*
	 * The variables of the files pulled in (project.h). With several
	 * inputs, one may pull in another, which is then judged under both
	 * projects: that is known before the inputs are processed. A single
	 * input is read once first: what it pulls in is known after.
	 */
	bool scanned = n > 1;
	if (scanned && project_scan(&run.project, o, fes, paths, n) < 0) {
		run.status = EXIT_TROUBLE;
	}
	run_batch(&run, paths, roots, n, jobs);
	run.referenced = true;
	if (!scanned && run.follow.noted.n > 0 &&
	    project_scan(&run.project, o, fes, paths, n) < 0) {
		run.status = EXIT_TROUBLE;
	}
	struct paths next = { 0 };
	while (follow_next(&run.follow, paths, n, &next) > 0) {
		run_batch(&run, (const char *const *)next.v, next.root, next.n,
			  jobs);
	}
	paths_release(&next);
	follow_release(&run.follow);
	project_release(&run.project);
	return run.status;
}
