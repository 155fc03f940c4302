#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

struct pool {
	size_t n;
	void (*work)(void *ctx, size_t i);
	void *ctx;
	bool *worked;
	size_t next;
	size_t waiting; /* the item the calling thread waits for */
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

/*
 * Takes the next item and works it. Returns false when none is left. The
 * calling thread is woken only for the item it waits for: waking it for
 * every item costs a context switch each and steals a core.
 */
static bool pool_step(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	size_t i = p->next < p->n ? p->next++ : p->n;
	pthread_mutex_unlock(&p->lock);
	if (i >= p->n) {
		return false;
	}
	p->work(p->ctx, i);
	pthread_mutex_lock(&p->lock);
	p->worked[i] = true;
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

/* Whether item i is worked; with wait, sleeps until it is. */
static bool pool_ready(struct pool *p, size_t i, bool wait)
{
	pthread_mutex_lock(&p->lock);
	if (wait) {
		p->waiting = i;
		while (!p->worked[i]) {
			pthread_cond_wait(&p->cond, &p->lock);
		}
	}
	bool worked = p->worked[i];
	pthread_mutex_unlock(&p->lock);
	return worked;
}

int pool_run(size_t n, unsigned jobs, void (*work)(void *ctx, size_t i),
	     void (*barrier)(void *ctx), void (*done)(void *ctx, size_t i),
	     void *ctx)
{
	if (jobs > n) {
		jobs = (unsigned)n;
	}
	struct pool p = {
		.n = n,
		.work = work,
		.ctx = ctx,
		.waiting = SIZE_MAX,
	};
	pthread_t *threads = calloc(jobs ? jobs : 1, sizeof(*threads));
	p.worked = calloc(n ? n : 1, sizeof(*p.worked));
	if (!threads || !p.worked) {
		free(threads);
		free(p.worked);
		errno = ENOMEM;
		return -1;
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
	size_t handed = 0;
	if (barrier) {
		pool_worker(&p);
		for (unsigned t = 0; t < started; t++) {
			pthread_join(threads[t], NULL);
		}
		started = 0;
		barrier(ctx);
	} else {
		/* work, and between items hand on what is ready, in order */
		while (pool_step(&p)) {
			while (handed < n && pool_ready(&p, handed, false)) {
				done(ctx, handed++);
			}
		}
	}
	for (; handed < n; handed++) {
		pool_ready(&p, handed, true);
		done(ctx, handed);
	}
	for (unsigned t = 0; t < started; t++) {
		pthread_join(threads[t], NULL);
	}
	pthread_cond_destroy(&p.cond);
	pthread_mutex_destroy(&p.lock);
	free(threads);
	free(p.worked);
	return 0;
}
