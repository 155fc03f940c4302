#include "contain.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"

/* The real path of the directory path is in (path need not exist). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		return realpath(".", NULL);
	}
	if (slash == path) {
		return strdup("/");
	}
	struct buf dir;
	buf_init(&dir);
	if (buf_add(&dir, path, (size_t)(slash - path)) < 0) {
		return NULL;
	}
	char *real = realpath(dir.data, NULL);
	buf_release(&dir);
	return real;
}

/*
 * The nearest directory at or above dir (a real path, modified in place)
 * that holds a .git entry (a directory, or the file of a linked work tree
 * or a submodule); false when there is none.
 */
static bool git_top(char *dir)
{
	struct buf probe;
	buf_init(&probe);
	bool found = false;
	for (;;) {
		struct stat st;
		buf_truncate(&probe, 0);
		if (buf_adds(&probe, strcmp(dir, "/") ? dir : "") < 0 ||
		    buf_adds(&probe, "/.git") < 0) {
			break;
		}
		if (lstat(probe.data, &st) == 0) {
			found = true;
			break;
		}
		char *slash = strrchr(dir, '/');
		if (!slash || strcmp(dir, "/") == 0) {
			break;
		}
		slash[slash == dir ? 1 : 0] = '\0';
	}
	buf_release(&probe);
	return found;
}

char *contain_root(const char *path, bool is_dir)
{
	if (is_dir) {
		return realpath(path, NULL);
	}
	char *dir = dir_of(path);
	if (!dir) {
		return NULL;
	}
	char *top = strdup(dir);
	if (!top) {
		free(dir);
		return NULL;
	}
	if (git_top(top)) {
		free(dir);
		return top;
	}
	free(top);
	return dir;
}

int contain_inside(const char *root, const char *path)
{
	char *real = realpath(path, NULL);
	if (!real) {
		return -1;
	}
	size_t n = strlen(root);
	int inside =
		strcmp(root, "/") == 0 || (strncmp(real, root, n) == 0 &&
					   (real[n] == '/' || real[n] == '\0'));
	free(real);
	return inside;
}
