#ifndef COMPOSEFIX_POOL_H
#define COMPOSEFIX_POOL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A pool of threads over n numbered items, whose results are handed on
 * in their order: work(ctx, i) runs once for every i in [0, n), on up to
 * jobs threads in all (the calling thread is one of them), and done(ctx,
 * i) runs in the calling thread for every i in order, as soon as item i
 * and every earlier one are worked. With a barrier, every item is worked
 * first, then barrier(ctx) runs, then done for each. Knows nothing of
 * what the items are.
 *
 * Returns 0, or -1 with errno ENOMEM when the pool could not be made (no
 * item was worked then); fewer threads than asked, when the system gives
 * no more, are no failure.
 */
int pool_run(size_t n, unsigned jobs, void (*work)(void *ctx, size_t i),
	     void (*barrier)(void *ctx), void (*done)(void *ctx, size_t i),
	     void *ctx);

#endif
