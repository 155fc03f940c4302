#include "batch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A staged write that did not happen: the result says so. */
static void commit_fail(struct result *r, const char *step, int e)
{
	result_fail(r,
		    strcmp(step, "dirsync") == 0 ? PROBLEM_DIRSYNC
						 : PROBLEM_REWRITE,
		    step, e);
	r->problem.batched = true;
	if (r->pending.real && !r->problem.file) {
		r->problem.file = strdup(r->pending.real); /* for its words */
	}
}

void batch_commit(struct result *v, size_t n)
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
