#include "discover.h"

#include "filekind.h"

#include <errno.h>
#include <fnmatch.h>
#include <fts.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "contain.h"

void found_init(struct found *f)
{
	f->v = NULL;
	f->root = NULL;
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
		free(f->root[i]);
	}
	free(f->v);
	free(f->root);
	found_init(f);
}

int found_add(struct found *f, const char *path, const char *root)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 32;
		char **v = realloc(f->v, cap * sizeof(*v));
		if (!v) {
			errno = ENOMEM;
			return -1;
		}
		f->v = v;
		char **r = realloc(f->root, cap * sizeof(*r));
		if (!r) {
			errno = ENOMEM;
			return -1;
		}
		f->root = r;
		f->cap = cap;
	}
	char *s = strdup(path);
	char *rs = root ? strdup(root) : NULL;
	if (!s || (root && !rs)) {
		free(s);
		free(rs);
		errno = ENOMEM;
		return -1;
	}
	f->v[f->n] = s;
	f->root[f->n++] = rs;
	return 0;
}

struct file_id {
	dev_t dev;
	ino_t ino;
	size_t at;
};

static int by_id(const void *a, const void *b)
{
	const struct file_id *x = a, *y = b;
	if (x->dev != y->dev) {
		return x->dev < y->dev ? -1 : 1;
	}
	if (x->ino != y->ino) {
		return x->ino < y->ino ? -1 : 1;
	}
	return x->at < y->at ? -1 : x->at > y->at;
}

void found_dedupe(struct found *f)
{
	struct file_id *ids = f->n ? calloc(f->n, sizeof(*ids)) : NULL;
	bool *drop = f->n ? calloc(f->n, sizeof(*drop)) : NULL;
	size_t m = 0;
	if (!ids || !drop) {
		/* no memory to look: every file is kept, none is lost */
		free(ids);
		free(drop);
		return;
	}
	for (size_t i = 0; i < f->n; i++) {
		struct stat st;
		if (strcmp(f->v[i], "-") != 0 && stat(f->v[i], &st) == 0) {
			ids[m++] = (struct file_id){ st.st_dev, st.st_ino, i };
		}
	}
	/* sorted by identity, then by position: the first seen leads */
	qsort(ids, m, sizeof(*ids), by_id);
	for (size_t k = 1; k < m; k++) {
		if (ids[k].dev == ids[k - 1].dev &&
		    ids[k].ino == ids[k - 1].ino) {
			drop[ids[k].at] = true;
		}
	}
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (drop[i]) {
			free(f->v[i]);
			free(f->root[i]);
			continue;
		}
		f->v[n] = f->v[i];
		f->root[n++] = f->root[i];
	}
	f->n = n;
	free(ids);
	free(drop);
}

/* Hidden directories searched all the same. */
static const char *const hidden_dirs[] = {
#define NAME(kind, glob)
#define DIR(name) name,
#include "discover_names.def"
#undef NAME
#undef DIR
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
	if (name[0] == '.' && name[1] != '\0' && strcmp(name, "..") != 0) {
		for (size_t i = 0;
		     i < sizeof(hidden_dirs) / sizeof(hidden_dirs[0]); i++) {
			if (strcmp(name, hidden_dirs[i]) == 0) {
				return false;
			}
		}
		return true;
	}
	return strcmp(name, "node_modules") == 0 || strcmp(name, "vendor") == 0;
}

static int by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

/*
 * A file whose name says no kind (no extension: "deploy", "run-dev") is a
 * shell script when its #! line names a shell: only such names are opened,
 * so a walk over a source tree reads no file it does not need.
 */
static bool shell_by_shebang(const FTSENT *e, unsigned kinds)
{
	return (kinds & FILEKIND_SHELL) && !strchr(e->fts_name, '.') &&
	       filekind_by_name(e->fts_name) == 0 &&
	       filekind_shebang_file(e->fts_accpath);
}

int discover(const char *dir, unsigned kinds, const char *const *include,
	     size_t ninclude, const char *const *exclude, size_t nexclude,
	     struct found *out, struct buf *err)
{
	char *roots[] = { (char *)dir, NULL };
	char *root = contain_root(dir, true);
	FTS *fts = root ? fts_open(roots, FTS_PHYSICAL | FTS_NOCHDIR, by_name)
			: NULL;
	if (!fts) {
		buf_addf(err, "composefix: cannot search '%s': %s\n", dir,
			 strerror(errno));
		free(root);
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
			if ((filekind_by_name(e->fts_name) & kinds) ||
			    any_match(include, ninclude, e->fts_name) ||
			    shell_by_shebang(e, kinds)) {
				if (found_add(out, e->fts_path, root) < 0) {
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
	free(root);
	return rc < 0 ? -1 : partial ? 1 : 0;
}
