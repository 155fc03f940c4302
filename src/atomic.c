/* syncfs(2) is Linux's: one flush for many staged files */
#define _GNU_SOURCE
#include "atomic.h"

#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef NAME_MAX
#define NAME_MAX 255
#endif

#define TMP_PREFIX ".composefix-"
#define TMP_SUFFIX ".XXXXXX"

static bool stat_same(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	       a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/*
 * Stats real into st and checks it is still the regular file orig describes
 * and, unless break_hardlinks, has a single link. Done once before the temp
 * file exists and once right before the rename, to narrow the window in
 * which another writer's change would be silently lost.
 */
static int file_check(const char *real, const struct stat *orig,
		      bool break_hardlinks, struct stat *st, const char **where)
{
	*where = "stat";
	if (stat(real, st) < 0) {
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		errno = EINVAL;
		return -1;
	}
	if (!stat_same(st, orig)) {
		*where = "changed";
		errno = ESTALE;
		return -1;
	}
	if (st->st_nlink > 1 && !break_hardlinks) {
		*where = "hardlinks";
		errno = EMLINK;
		return -1;
	}
	return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		size_t chunk = len > SSIZE_MAX ? SSIZE_MAX : len;
		ssize_t n = write(fd, p, chunk);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			return -1;
		}
		/* Cannot happen on a regular file; do not spin if it does. */
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Builds "<dir>" and "<dir>/.composefix-<base>.XXXXXX" from the absolute
 * path real. The base is cut so the temp name fits NAME_MAX: a long file
 * name must not make the replace fail, and the prefix alone tells a user
 * what a stray temp file is.
 */
static int tmp_names(const char *real, struct buf *dir, struct buf *tmp)
{
	const char *slash = strrchr(real, '/');
	size_t dirlen = (size_t)(slash - real);
	const char *base = slash + 1;
	size_t baselen = strlen(base);
	size_t room =
		NAME_MAX - (sizeof(TMP_PREFIX) - 1) - (sizeof(TMP_SUFFIX) - 1);

	if (baselen > room) {
		baselen = room;
	}
	if (dirlen == 0) {
		if (buf_adds(dir, "/") < 0) {
			return -1;
		}
	} else if (buf_add(dir, real, dirlen) < 0) {
		return -1;
	}
	if (buf_add(tmp, real, dirlen) < 0 ||
	    buf_adds(tmp, "/" TMP_PREFIX) < 0 ||
	    buf_add(tmp, base, baselen) < 0 || buf_adds(tmp, TMP_SUFFIX) < 0) {
		return -1;
	}
	return 0;
}

void atomic_file_init(struct atomic_file *a)
{
	memset(a, 0, sizeof(*a));
	a->fd = -1;
}

void atomic_abort(struct atomic_file *a)
{
	if (!a) {
		return;
	}
	int err = errno;
	if (a->fd >= 0) {
		close(a->fd);
	}
	if (a->tmp) {
		unlink(a->tmp);
	}
	free(a->real);
	free(a->tmp);
	atomic_file_init(a);
	errno = err;
}

int atomic_stage(const char *path, const void *data, size_t len,
		 const struct stat *orig, bool break_hardlinks,
		 struct atomic_file *a, const char **step)
{
	const char *where = "resolve";
	struct buf dir, tmp;
	struct stat st;

	atomic_file_init(a);
	buf_init(&dir);
	buf_init(&tmp);
	a->orig = *orig;
	a->break_hardlinks = break_hardlinks;
	/* The temp file must live beside the real file, not the link. */
	a->real = realpath(path, NULL);
	if (!a->real) {
		goto fail;
	}
	if (file_check(a->real, orig, break_hardlinks, &st, &where) < 0) {
		goto fail;
	}
	where = "create";
	if (tmp_names(a->real, &dir, &tmp) < 0) {
		goto fail;
	}
	a->fd = mkstemp(tmp.data);
	if (a->fd < 0) {
		goto fail;
	}
	a->tmp = tmp.data; /* the buffer's bytes, now the file's name */
	buf_init(&tmp);
	where = "write";
	if (write_all(a->fd, data, len) < 0) {
		goto fail;
	}
	/*
	 * fchown before fchmod: changing the owner clears the set-user-ID and
	 * set-group-ID bits, even for root.
	 */
	where = "fchown";
	if (fchown(a->fd, st.st_uid, st.st_gid) < 0 &&
	    !(errno == EPERM && st.st_uid == geteuid())) {
		goto fail;
	}
	where = "fchmod";
	if (fchmod(a->fd, st.st_mode & 07777) < 0) {
		goto fail;
	}
	a->dev = st.st_dev;
	/* closed now, so that a batch of thousands holds no descriptors;
	 * some file systems (NFS) report write-back errors only here */
	where = "close";
	int err = close(a->fd);
	a->fd = -1;
	if (err < 0) {
		goto fail;
	}
	buf_release(&dir);
	return 0;
fail:
	if (step) {
		*step = where;
	}
	buf_release(&dir);
	buf_release(&tmp);
	atomic_abort(a);
	return -1;
}

/* One syncfs for every file system the files' directories are on. */
static int sync_fs_of(struct atomic_file **v, size_t n, bool committed,
		      const char *name, const char **step)
{
	for (size_t i = 0; i < n; i++) {
		if (!v[i]->real || (committed == (v[i]->tmp != NULL))) {
			continue;
		}
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++) {
			seen = v[k]->real && (committed == !v[k]->tmp) &&
			       v[k]->dev == v[i]->dev;
		}
		if (seen) {
			continue;
		}
		char *slash = strrchr(v[i]->real, '/');
		*slash = '\0';
		int fd = open(slash == v[i]->real ? "/" : v[i]->real,
			      O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		*slash = '/';
		if (fd < 0 || syncfs(fd) < 0) {
			int err = errno;
			if (fd >= 0) {
				close(fd);
			}
			if (step) {
				*step = name;
			}
			errno = err;
			return -1;
		}
		close(fd); /* read-only: nothing to lose */
	}
	return 0;
}

int atomic_sync_all(struct atomic_file **v, size_t n, const char **step)
{
	return sync_fs_of(v, n, false, "syncfs", step);
}

int atomic_sync_dirs(struct atomic_file **v, size_t n, const char **step)
{
	return sync_fs_of(v, n, true, "dirsync", step);
}

int atomic_commit(struct atomic_file *a, const char **step)
{
	const char *where;
	struct stat st;
	if (file_check(a->real, &a->orig, a->break_hardlinks, &st, &where) <
	    0) {
		if (step) {
			*step = where;
		}
		return -1;
	}
	if (rename(a->tmp, a->real) < 0) {
		if (step) {
			*step = "rename";
		}
		return -1;
	}
	/* The name is now the real file's: never unlink it from here on. */
	free(a->tmp);
	a->tmp = NULL;
	return 0;
}

int atomic_replace(const char *path, const void *data, size_t len,
		   const struct stat *orig, bool break_hardlinks,
		   const char **step)
{
	const char *where = "resolve";
	char *real = NULL;
	struct buf dir;
	struct buf tmp;
	struct stat st;
	int dirfd = -1;
	int fd = -1;
	bool tmp_exists = false;
	int ret = -1;
	int err;

	buf_init(&dir);
	buf_init(&tmp);

	/* The temp file must live beside the real file, not the link. */
	real = realpath(path, NULL);
	if (!real) {
		goto out;
	}
	if (file_check(real, orig, break_hardlinks, &st, &where) < 0) {
		goto out;
	}

	where = "create";
	if (tmp_names(real, &dir, &tmp) < 0) {
		goto out;
	}
	/*
	 * Opened before anything is written so that the only failure left
	 * after the rename is the directory fsync itself.
	 */
	where = "opendir";
	dirfd = open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		goto out;
	}
	where = "create";
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		goto out;
	}
	tmp_exists = true;

	where = "write";
	if (write_all(fd, data, len) < 0) {
		goto out;
	}
	/*
	 * fchown before fchmod: changing the owner clears the set-user-ID and
	 * set-group-ID bits, even for root.
	 */
	where = "fchown";
	if (fchown(fd, st.st_uid, st.st_gid) < 0 &&
	    !(errno == EPERM && st.st_uid == geteuid())) {
		goto out;
	}
	where = "fchmod";
	if (fchmod(fd, st.st_mode & 07777) < 0) {
		goto out;
	}
	where = "fsync";
	if (fsync(fd) < 0) {
		goto out;
	}
	/* Some file systems (NFS) report write-back errors only here. */
	where = "close";
	err = close(fd);
	fd = -1;
	if (err < 0) {
		goto out;
	}

	if (file_check(real, orig, break_hardlinks, &st, &where) < 0) {
		goto out;
	}
	where = "rename";
	if (rename(tmp.data, real) < 0) {
		goto out;
	}
	/* The name is now the real file's: never unlink it from here on. */
	tmp_exists = false;

	/*
	 * EINVAL means the file system cannot sync a directory; the rename
	 * is then as durable as that file system makes it.
	 */
	where = "dirsync";
	if (fsync(dirfd) < 0 && errno != EINVAL) {
		goto out;
	}
	ret = 0;

out:
	err = errno;
	if (fd >= 0) {
		close(fd);
	}
	if (tmp_exists) {
		unlink(tmp.data);
	}
	/* Read-only descriptor: its close cannot lose data, so not checked. */
	if (dirfd >= 0) {
		close(dirfd);
	}
	free(real);
	buf_release(&dir);
	buf_release(&tmp);
	if (ret < 0 && step) {
		*step = where;
	}
	errno = err;
	return ret;
}

int atomic_explain(struct buf *out, const char *path, const char *step, int err)
{
	struct stat st;
	if (strcmp(step, "changed") == 0) {
		return buf_adds(out, "it changed on disk since it was read");
	}
	if (strcmp(step, "hardlinks") == 0) {
		if (stat(path, &st) == 0 && st.st_nlink > 1) {
			return buf_addf(out,
					"it has %ju hard links; "
					"--break-hardlinks splits them",
					(uintmax_t)st.st_nlink);
		}
		return buf_adds(out, "it has several hard links; "
				     "--break-hardlinks splits them");
	}
	if (strcmp(step, "stat") == 0 && err == EINVAL) {
		return buf_adds(out, "it is no longer a regular file");
	}
	return buf_adds(out, strerror(err));
}

/*
 * The absolute path the new file will have: the real file behind a
 * symlink, else path made absolute through its directory's real path
 * (the file itself need not exist yet).
 */
static char *out_real(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			return NULL;
		}
		if (S_ISLNK(st.st_mode) || S_ISREG(st.st_mode)) {
			return realpath(path, NULL);
		}
	} else if (errno != ENOENT) {
		return NULL;
	}
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	struct buf dir, real;
	buf_init(&dir);
	buf_init(&real);
	char *dirreal = NULL;
	if (*base == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0) {
		errno = EISDIR;
		goto fail;
	}
	if (slash == path) {
		dirreal = strdup("/");
	} else if (buf_add(&dir, slash ? path : ".",
			   slash ? (size_t)(slash - path) : 1) == 0) {
		dirreal = realpath(dir.data, NULL);
	}
	if (!dirreal ||
	    buf_adds(&real, strcmp(dirreal, "/") ? dirreal : "") < 0 ||
	    buf_addc(&real, '/') < 0 || buf_adds(&real, base) < 0) {
		goto fail;
	}
	free(dirreal);
	buf_release(&dir);
	return real.data;
fail:
	free(dirreal);
	buf_release(&dir);
	buf_release(&real);
	return NULL;
}

int atomic_out_open(const char *path, struct atomic_file *a, const char **step)
{
	const char *where = "resolve";
	struct buf dir, tmp;
	struct stat st;

	atomic_file_init(a);
	buf_init(&dir);
	buf_init(&tmp);
	/* a terminal or a pipe is written as it is: there is no replacing it */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode)) {
		where = "open";
		a->fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_APPEND);
		if (a->fd < 0) {
			goto fail;
		}
		return 0;
	}
	a->real = out_real(path);
	if (!a->real) {
		goto fail;
	}
	a->orig.st_mode = 0;
	if (stat(a->real, &st) == 0 && S_ISREG(st.st_mode)) {
		a->orig = st;
	}
	where = "create";
	if (tmp_names(a->real, &dir, &tmp) < 0) {
		goto fail;
	}
	a->fd = mkstemp(tmp.data);
	if (a->fd < 0) {
		goto fail;
	}
	a->tmp = tmp.data;
	buf_release(&dir);
	return 0;
fail:
	if (step) {
		*step = where;
	}
	buf_release(&dir);
	buf_release(&tmp);
	atomic_abort(a);
	return -1;
}

int atomic_out_write(struct atomic_file *a, const void *data, size_t len)
{
	return write_all(a->fd, data, len);
}

int atomic_out_commit(struct atomic_file *a, const char **step)
{
	const char *where = "close";
	int dirfd = -1;
	if (!a->tmp) {
		int err = close(a->fd);
		a->fd = -1;
		if (err < 0) {
			goto fail;
		}
		return 0;
	}
	mode_t mode = a->orig.st_mode & 07777;
	if (!a->orig.st_mode) {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	where = "fchmod";
	if (fchmod(a->fd, mode) < 0) {
		goto fail;
	}
	where = "fsync";
	if (fsync(a->fd) < 0) {
		goto fail;
	}
	where = "close";
	int err = close(a->fd);
	a->fd = -1;
	if (err < 0) {
		goto fail;
	}
	/* opened before the rename: the only failure left after it is the
	 * directory fsync itself */
	char *slash = strrchr(a->real, '/');
	*slash = '\0';
	dirfd = open(slash == a->real ? "/" : a->real,
		     O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	*slash = '/';
	where = "rename";
	if (dirfd < 0 || rename(a->tmp, a->real) < 0) {
		goto fail;
	}
	free(a->tmp);
	a->tmp = NULL;
	where = "dirsync";
	if (fsync(dirfd) < 0 && errno != EINVAL) {
		goto fail;
	}
	close(dirfd);
	return 0;
fail:
	if (step) {
		*step = where;
	}
	if (dirfd >= 0) {
		int e = errno;
		close(dirfd);
		errno = e;
	}
	return -1;
}
