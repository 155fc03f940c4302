#include "record.h"

#include "buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void records_init(struct records *r)
{
	memset(r, 0, sizeof(*r));
	r->status = "clean";
}

void records_release(struct records *r)
{
	if (!r) {
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		struct record *x = &r->v[i];
		free(x->service);
		free(x->entry);
		free(x->message);
		free(x->replacement);
		for (size_t k = 0; k < x->nedits; k++) {
			free(x->edits[k].text);
		}
		free(x->edits);
	}
	for (size_t i = 0; i < r->nerrors; i++) {
		free(r->errors[i].message);
	}
	free(r->v);
	free(r->errors);
	records_init(r);
}

struct record *records_add(struct records *r)
{
	if (array_grow((void **)&r->v, &r->cap, r->n, sizeof(*r->v)) < 0) {
		return NULL;
	}
	struct record *x = &r->v[r->n++];
	memset(x, 0, sizeof(*x));
	x->exposes.category = EXPOSURE_OTHER; /* zero would be the worst */
	x->exposes.risk = EXPOSURE_RISK_UNKNOWN;
	return x;
}

int records_add_error(struct records *r, unsigned line, unsigned col,
		      const char *message)
{
	struct record_error *v =
		realloc(r->errors, (r->nerrors + 1) * sizeof(*v));
	if (!v) {
		errno = ENOMEM;
		return -1;
	}
	r->errors = v;
	char *m = strdup(message);
	if (!m) {
		errno = ENOMEM;
		return -1;
	}
	r->errors[r->nerrors++] = (struct record_error){ line, col, m };
	return 0;
}
