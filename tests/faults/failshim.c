/*
 * LD_PRELOAD fault injector. Environment:
 *   FAILSHIM_FUNC    write|open|openat|mkstemp|fsync|syncfs|rename|fchmod|
 *                    fchown|close: the function to fail (open counts open,
 * open64 and their _FORTIFY_SOURCE variants as one; likewise openat and
 * mkstemp) FAILSHIM_N       fail the Nth call of it, counting from 1
 *   FAILSHIM_ERRNO   ENOSPC|EIO|EDQUOT|EACCES|EINTR (default EIO)
 *   FAILSHIM_HITLOG  file to which one line "FUNC N WHAT" is appended when
 *                    the fault fires; WHAT is the path for open/openat/
 *                    mkstemp/rename, and "reg|dir|other PATH" for the
 *                    descriptor functions (PATH from /proc/self/fd)
 *   FAILSHIM_TOUCH   instead of failing the call, append one byte to this
 *                    file first (another writer racing with us), then make
 *                    the call
 *   FAILSHIM_SHORT   write at most this many bytes per write call, so the
 *                    caller must loop over short writes
 * The interposed symbols are the ones a program calls through the PLT;
 * calls glibc makes internally (stdio, mkstemp's own open) never get here,
 * which is why mkstemp itself is interposed.
 */
/*
 * Meson builds with _FILE_OFFSET_BITS=64, which renames open to open64 and
 * so on; the shim must define both names, each under its own.
 */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Not declared without _FORTIFY_SOURCE, but called by fortified programs. */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);

/*
 * An LD_PRELOAD shim has no caller to hand state to: the configuration and
 * the per-function call counters are process-wide by nature.
 */
static struct {
	int ready;
	const char *func;
	long n;
	int err;
	const char *hitlog;
	const char *touch;
	size_t shortw;
	long calls;
} shim;

static void *real_sym(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);
	if (!p) {
		static const char msg[] = "failshim: symbol not found\n";
		/* Our own write() must not be used: it would recurse. */
		ssize_t (*w)(int, const void *, size_t) =
			(ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT,
								     "write");
		if (w) {
			w(2, msg, sizeof(msg) - 1);
		}
		abort();
	}
	return p;
}

#define REAL(ret, name, ...) ((ret(*)(__VA_ARGS__))real_sym(#name))

static int errno_parse(const char *s)
{
	static const struct {
		const char *name;
		int err;
	} tab[] = {
		{ "ENOSPC", ENOSPC }, { "EIO", EIO },	  { "EDQUOT", EDQUOT },
		{ "EACCES", EACCES }, { "EINTR", EINTR },
	};
	for (size_t i = 0; s && i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (!strcmp(s, tab[i].name)) {
			return tab[i].err;
		}
	}
	return EIO;
}

static void shim_init(void)
{
	const char *s;

	if (shim.ready) {
		return;
	}
	shim.ready = 1;
	shim.func = getenv("FAILSHIM_FUNC");
	s = getenv("FAILSHIM_N");
	shim.n = s ? strtol(s, NULL, 10) : 0;
	shim.err = errno_parse(getenv("FAILSHIM_ERRNO"));
	shim.hitlog = getenv("FAILSHIM_HITLOG");
	shim.touch = getenv("FAILSHIM_TOUCH");
	s = getenv("FAILSHIM_SHORT");
	shim.shortw = s ? strtoul(s, NULL, 10) : 0;
}

static void hit_log(const char *func, const char *what)
{
	char line[8400];
	int fd;
	int len;

	if (!shim.hitlog) {
		return;
	}
	len = snprintf(line, sizeof(line), "%s %ld %s\n", func, shim.n, what);
	if (len < 0 || (size_t)len >= sizeof(line)) {
		len = snprintf(line, sizeof(line), "%s %ld ?\n", func, shim.n);
	}
	fd = REAL(int, open, const char *, int, ...)(
		shim.hitlog, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		abort();
	}
	REAL(ssize_t, write, int, const void *, size_t)(fd, line, (size_t)len);
	REAL(int, close, int)(fd);
}

/* "reg PATH", "dir PATH" or "other PATH" for the hit log. */
static void fd_describe(int fd, char *out, size_t size)
{
	char proc[64];
	char path[4096];
	struct stat st;
	const char *kind = "other";
	ssize_t n;

	if (fstat(fd, &st) < 0) {
		kind = "badfd";
	} else if (S_ISREG(st.st_mode)) {
		kind = "reg";
	} else if (S_ISDIR(st.st_mode)) {
		kind = "dir";
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, path, sizeof(path) - 1);
	if (n < 0) {
		n = 0;
	}
	path[n] = '\0';
	snprintf(out, size, "%s %s", kind, n ? path : "?");
}

static void touch(void)
{
	int fd = REAL(int, open, const char *, int,
		      ...)(shim.touch, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0 ||
	    REAL(ssize_t, write, int, const void *, size_t)(fd, "#", 1) != 1) {
		abort();
	}
	REAL(int, close, int)(fd);
}

/*
 * Counts a call of func and tells whether it must fail (errno then set).
 * what names the object for the hit log.
 */
static int fault(const char *func, const char *what)
{
	int saved = errno;

	shim_init();
	if (!shim.func || strcmp(shim.func, func)) {
		return 0;
	}
	if (++shim.calls != shim.n) {
		return 0;
	}
	hit_log(func, what);
	if (shim.touch) {
		touch();
		errno = saved;
		return 0;
	}
	errno = shim.err;
	return 1;
}

static int fault_fd(const char *func, int fd)
{
	char what[4200];
	int saved = errno;

	shim_init();
	if (!shim.func || strcmp(shim.func, func)) {
		return 0;
	}
	fd_describe(fd, what, sizeof(what));
	errno = saved;
	return fault(func, what);
}

static mode_t mode_arg(int flags, va_list ap)
{
	if (flags & (O_CREAT | O_TMPFILE)) {
		return (mode_t)va_arg(ap, int);
	}
	return 0;
}

ssize_t write(int fd, const void *data, size_t len)
{
	if (fault_fd("write", fd)) {
		return -1;
	}
	if (shim.shortw && len > shim.shortw) {
		len = shim.shortw;
	}
	return REAL(ssize_t, write, int, const void *, size_t)(fd, data, len);
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	if (fault("open", path)) {
		return -1;
	}
	return REAL(int, open, const char *, int, ...)(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	if (fault("open", path)) {
		return -1;
	}
	return REAL(int, open64, const char *, int, ...)(path, flags, mode);
}

int __open_2(const char *path, int flags)
{
	if (fault("open", path)) {
		return -1;
	}
	return REAL(int, __open_2, const char *, int)(path, flags);
}

int __open64_2(const char *path, int flags)
{
	if (fault("open", path)) {
		return -1;
	}
	return REAL(int, __open64_2, const char *, int)(path, flags);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	if (fault("openat", path)) {
		return -1;
	}
	return REAL(int, openat, int, const char *, int, ...)(dirfd, path,
							      flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	if (fault("openat", path)) {
		return -1;
	}
	return REAL(int, openat64, int, const char *, int, ...)(dirfd, path,
								flags, mode);
}

int __openat_2(int dirfd, const char *path, int flags)
{
	if (fault("openat", path)) {
		return -1;
	}
	return REAL(int, __openat_2, int, const char *, int)(dirfd, path,
							     flags);
}

int __openat64_2(int dirfd, const char *path, int flags)
{
	if (fault("openat", path)) {
		return -1;
	}
	return REAL(int, __openat64_2, int, const char *, int)(dirfd, path,
							       flags);
}

int mkstemp(char *tmpl)
{
	if (fault("mkstemp", tmpl)) {
		return -1;
	}
	return REAL(int, mkstemp, char *)(tmpl);
}

int mkstemp64(char *tmpl)
{
	if (fault("mkstemp", tmpl)) {
		return -1;
	}
	return REAL(int, mkstemp64, char *)(tmpl);
}

int fsync(int fd)
{
	if (fault_fd("fsync", fd)) {
		return -1;
	}
	return REAL(int, fsync, int)(fd);
}

int syncfs(int fd)
{
	if (fault_fd("syncfs", fd)) {
		return -1;
	}
	return REAL(int, syncfs, int)(fd);
}

int rename(const char *from, const char *to)
{
	if (fault("rename", to)) {
		return -1;
	}
	return REAL(int, rename, const char *, const char *)(from, to);
}

int fchmod(int fd, mode_t mode)
{
	if (fault_fd("fchmod", fd)) {
		return -1;
	}
	return REAL(int, fchmod, int, mode_t)(fd, mode);
}

int fchown(int fd, uid_t uid, gid_t gid)
{
	if (fault_fd("fchown", fd)) {
		return -1;
	}
	return REAL(int, fchown, int, uid_t, gid_t)(fd, uid, gid);
}

int close(int fd)
{
	int err;

	if (fault_fd("close", fd)) {
		/* Linux frees the descriptor even when close fails. */
		err = errno;
		REAL(int, close, int)(fd);
		errno = err;
		return -1;
	}
	return REAL(int, close, int)(fd);
}
