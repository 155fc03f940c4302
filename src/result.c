#include "result.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

void result_init(struct result *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	input_init(&r->in, path);
	r->status = EXIT_TROUBLE;
	buf_init(&r->out);
	buf_init(&r->err);
	records_init(&r->records);
	atomic_file_init(&r->pending);
}

void result_release(struct result *r)
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
	free(r->problem.file);
	r->problem.file = NULL;
	records_release(&r->records);
	atomic_abort(&r->pending); /* a temp file never committed */
	r->staged = false;
}

void result_fail(struct result *r, enum problem_kind kind, const char *step,
		 int err)
{
	r->status = kind == PROBLEM_OUTSIDE ? EXIT_CHANGES : EXIT_TROUBLE;
	if (r->problem.kind != PROBLEM_NONE) {
		return;
	}
	r->problem.kind = kind;
	r->problem.step = step;
	r->problem.err = err;
}
