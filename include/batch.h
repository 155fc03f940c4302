#ifndef COMPOSEFIX_BATCH_H
#define COMPOSEFIX_BATCH_H

#include <stddef.h>

#include "result.h"

/*
 * The writes of a batch of --in-place results that the driver staged
 * (r->staged): every staged file made durable at once (a syncfs per file
 * system instead of an fsync each), then each renamed over its original,
 * then the renames made durable at once. A write that fails becomes its
 * result's problem (batched, status EXIT_TROUBLE), for the writer to word;
 * every staged file is committed or removed when it returns.
 */
void batch_commit(struct result *v, size_t n);

#endif
