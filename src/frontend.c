#include "frontend.h"

#include "filekind.h"

#include <errno.h>
#include <stdlib.h>

const struct frontend *frontend_for(const struct frontend *const *table,
				    const char *path)
{
	for (size_t i = 0; table[i]; i++) {
		if (!table[i]->claims || table[i]->claims(path)) {
			return table[i];
		}
	}
	return NULL;
}

const struct frontend *frontend_pick(const struct frontend *const *table,
				     const char *path, unsigned kinds)
{
	const struct frontend *fe = frontend_for(table, path);
	if (!kinds || (fe && (filekind_parse(fe->name) & kinds))) {
		return fe;
	}
	for (size_t i = 0; table[i]; i++) {
		if ((filekind_parse(table[i]->name) & kinds) &&
		    table[i]->claims && table[i]->claims(path)) {
			return table[i];
		}
	}
	for (size_t i = 0; table[i]; i++) {
		if (filekind_parse(table[i]->name) & kinds) {
			return table[i];
		}
	}
	return fe;
}

void scan_release(const struct frontend *fe, struct scan *s)
{
	if (!s) {
		return;
	}
	if (fe && s->state) {
		fe->release(s);
	}
	findings_release(&s->findings);
	diags_release(&s->diags);
	for (size_t i = 0; i < s->nrefs; i++) {
		struct scan_ref *x = &s->refs[i];
		free(x->path);
		for (size_t k = 0; k < x->nenv_files; k++) {
			free(x->env_files[k]);
		}
		free(x->env_files);
		free(x->project_dir);
	}
	free(s->refs);
	s->refs = NULL;
	s->nrefs = 0;
}

int scan_edits(const struct scan *s, struct edit **out, size_t *n)
{
	const struct findings *f = &s->findings;
	*out = NULL;
	*n = 0;
	if (f->nfixes == 0) {
		return 0;
	}
	struct edit *e = calloc(f->nfixes, sizeof(*e));
	if (!e) {
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < f->nfixes; i++) {
		const struct finding_fix *x = &f->fixes[i];
		e[i] = (struct edit){
			.off = x->off,
			.del = x->del,
			.ins = findings_str(f, x->ins),
			.ins_len = x->ins_len,
		};
	}
	*out = e;
	*n = f->nfixes;
	return 0;
}
