#include "finding.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void findings_init(struct findings *f)
{
	memset(f, 0, sizeof(*f));
	buf_init(&f->text);
}

void findings_release(struct findings *f)
{
	if (!f) {
		return;
	}
	free(f->v);
	free(f->fixes);
	buf_release(&f->text);
	findings_init(f);
}

struct finding *findings_add(struct findings *f)
{
	if (array_grow((void **)&f->v, &f->cap, f->n, sizeof(*f->v)) < 0) {
		return NULL;
	}
	struct finding *x = &f->v[f->n++];
	memset(x, 0, sizeof(*x));
	x->fix = f->nfixes;
	/* nothing recognised until the front end says (a zeroed exposure
	 * would read as the worst risk) */
	x->exposes.category = EXPOSURE_OTHER;
	x->exposes.risk = EXPOSURE_RISK_UNKNOWN;
	return x;
}

struct finding_fix *findings_add_fix(struct findings *f)
{
	if (f->n == 0 || array_grow((void **)&f->fixes, &f->fixes_cap,
				    f->nfixes, sizeof(*f->fixes)) < 0) {
		return NULL;
	}
	struct finding_fix *x = &f->fixes[f->nfixes++];
	memset(x, 0, sizeof(*x));
	f->v[f->n - 1].nfix++;
	return x;
}

int findings_text(struct findings *f, const char *s, size_t len, uint32_t *off,
		  uint32_t *n)
{
	if (f->text.len > UINT32_MAX - 1 || len > UINT32_MAX - f->text.len) {
		errno = EOVERFLOW;
		return -1;
	}
	*off = (uint32_t)f->text.len;
	*n = (uint32_t)len;
	/* an empty text still gets its NUL, so findings_str() is a string */
	return buf_add(&f->text, s, len) < 0 || buf_addc(&f->text, '\0') < 0
		       ? -1
		       : 0;
}
