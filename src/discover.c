#include "discover.h"

#include <errno.h>
#include <fnmatch.h>
#include <fts.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void found_init(struct found *f)
{
	f->v = NULL;
	f->n = 0;
	f->cap = 0;
}

void found_release(struct found *f)
{
	if (!f) {
		return;
	}
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i]);
	}
	free(f->v);
	found_init(f);
}

static int found_add(struct found *f, const char *path)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 32;
		char **v = realloc(f->v, cap * sizeof(*v));
		if (!v) {
			errno = ENOMEM;
			return -1;
		}
		f->v = v;
		f->cap = cap;
	}
	char *s = strdup(path);
	if (!s) {
		errno = ENOMEM;
		return -1;
	}
	f->v[f->n++] = s;
	return 0;
}

static const char *const compose_names[] = {
	"compose.yaml",		 "compose.yml",		 "docker-compose.yaml",
	"docker-compose.yml",	 "compose.*.yaml",	 "compose.*.yml",
	"docker-compose.*.yaml", "docker-compose.*.yml", "*.compose.yaml",
	"*.compose.yml",	 "*-compose.yaml",	 "*-compose.yml",
};

static bool any_match(const char *const *pats, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++) {
		if (fnmatch(pats[i], s, 0) == 0) {
			return true;
		}
	}
	return false;
}

static bool skipped_dir(const char *name)
{
	return (name[0] == '.' && name[1] != '\0' && strcmp(name, "..") != 0) ||
	       strcmp(name, "node_modules") == 0 || strcmp(name, "vendor") == 0;
}

static int by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

int discover(const char *dir, const char *const *include, size_t ninclude,
	     const char *const *exclude, size_t nexclude, struct found *out,
	     struct buf *err)
{
	char *roots[] = { (char *)dir, NULL };
	FTS *fts = fts_open(roots, FTS_PHYSICAL | FTS_NOCHDIR, by_name);
	if (!fts) {
		buf_addf(err, "composefix: cannot search '%s': %s\n", dir,
			 strerror(errno));
		return -1;
	}
	size_t skip = strlen(dir);
	int rc = 0;
	bool partial = false;
	FTSENT *e;
	while ((e = fts_read(fts))) {
		const char *rel = e->fts_path + skip;
		while (*rel == '/') {
			rel++;
		}
		switch (e->fts_info) {
		case FTS_D:
			if (e->fts_level > 0 &&
			    (skipped_dir(e->fts_name) ||
			     any_match(exclude, nexclude, e->fts_name) ||
			     any_match(exclude, nexclude, rel))) {
				fts_set(fts, e, FTS_SKIP);
			}
			break;
		case FTS_F:
			if (any_match(exclude, nexclude, e->fts_name) ||
			    any_match(exclude, nexclude, rel)) {
				break;
			}
			if (any_match(compose_names,
				      sizeof(compose_names) /
					      sizeof(compose_names[0]),
				      e->fts_name) ||
			    any_match(include, ninclude, e->fts_name)) {
				if (found_add(out, e->fts_path) < 0) {
					rc = -1;
				}
			}
			break;
		case FTS_DNR:
		case FTS_ERR:
			buf_addf(err, "composefix: cannot search '%s': %s\n",
				 e->fts_path, strerror(e->fts_errno));
			partial = true;
			break;
		default:
			break;
		}
		if (rc < 0) {
			break;
		}
	}
	fts_close(fts);
	return rc < 0 ? -1 : partial ? 1 : 0;
}
