#include "follow.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input.h"

void follow_init(struct follow *f)
{
	memset(f, 0, sizeof(*f));
}

void paths_release(struct paths *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i]);
	}
	free(p->v);
	free(p->root);
	memset(p, 0, sizeof(*p));
}

void follow_release(struct follow *f)
{
	if (!f) {
		return;
	}
	paths_release(&f->noted);
	free(f->seen);
	follow_init(f);
}

/* Takes s (freed on failure). */
static int paths_add(struct paths *p, char *s, const char *root)
{
	size_t cap = p->cap;
	if (array_grow((void **)&p->v, &cap, p->n, sizeof(*p->v)) < 0 ||
	    array_grow((void **)&p->root, &p->cap, p->n, sizeof(*p->root)) <
		    0) {
		free(s);
		return -1;
	}
	p->root[p->n] = root;
	p->v[p->n++] = s;
	return 0;
}

int follow_note(struct follow *f, const struct result *r)
{
	for (size_t i = 0; i < r->nrefs; i++) {
		char *s = strdup(r->refs[i]);
		if (!s || paths_add(&f->noted, s, r->root) < 0) {
			return -1;
		}
	}
	return 0;
}

/* Remembers the file at path as processed; false when it was already. */
static bool first_visit(struct follow *f, const char *path)
{
	struct input in;
	struct stat st;
	input_init(&in, path);
	if (in.is_stdin || stat(path, &st) < 0) {
		return true; /* stdin, or gone: it will say so itself */
	}
	for (size_t i = 0; i < f->nseen; i++) {
		if (f->seen[i].dev == st.st_dev &&
		    f->seen[i].ino == st.st_ino) {
			return false;
		}
	}
	if (array_grow((void **)&f->seen, &f->seen_cap, f->nseen,
		       sizeof(*f->seen)) == 0) {
		f->seen[f->nseen].dev = st.st_dev;
		f->seen[f->nseen++].ino = st.st_ino;
	}
	return true;
}

size_t follow_next(struct follow *f, const char *const *inputs, size_t n,
		   struct paths *next)
{
	paths_release(next);
	if (f->noted.n > 0 && !f->inputs_seen) {
		f->inputs_seen = true;
		/* only now, as most runs pull nothing in: the inputs, so
		 * that none is processed twice */
		for (size_t i = 0; i < n; i++) {
			first_visit(f, inputs[i]);
		}
	}
	struct paths *noted = &f->noted;
	for (size_t i = 0; i < noted->n; i++) {
		struct stat st;
		if (stat(noted->v[i], &st) == 0 && S_ISREG(st.st_mode) &&
		    first_visit(f, noted->v[i])) {
			paths_add(next, noted->v[i], noted->root[i]);
			noted->v[i] = NULL;
		}
	}
	paths_release(noted);
	return next->n;
}
