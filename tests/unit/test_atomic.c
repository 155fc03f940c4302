#include "atomic.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* An unprivileged identity for the cases root would otherwise sail past. */
#define NOBODY 65534

static const char old_bytes[] = "services:\n  db:\n    ports:\n"
				"      - \"3306:3306\"\n";
static const char new_bytes[] = "services:\n  db:\n    ports:\n"
				"      - \"127.0.0.1:3306:3306\"\n";

/* A scratch directory per test: tests must not depend on a fixture. */
struct scratch {
	char dir[PATH_MAX];
};

static void scratch_init(struct scratch *s)
{
	const char *tmp = getenv("TMPDIR");
	int n = snprintf(s->dir, sizeof(s->dir), "%s/composefix-atomic.XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
	ck_assert(n > 0 && (size_t)n < sizeof(s->dir));
	ck_assert_ptr_nonnull(mkdtemp(s->dir));
	/* The unprivileged cases must reach into it. */
	ck_assert_int_eq(chmod(s->dir, 0755), 0);
}

static void rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0) {
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		chmod(path, 0700);
		DIR *d = opendir(path);
		ck_assert_ptr_nonnull(d);
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") ||
			    !strcmp(e->d_name, "..")) {
				continue;
			}
			char sub[PATH_MAX];
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			rm_rf(sub);
		}
		closedir(d);
		ck_assert_int_eq(rmdir(path), 0);
	} else {
		ck_assert_int_eq(unlink(path), 0);
	}
}

static void scratch_release(struct scratch *s)
{
	rm_rf(s->dir);
}

/* Joins s->dir and name into out (PATH_MAX bytes). */
static void scratch_path(const struct scratch *s, const char *name, char *out)
{
	int n = snprintf(out, PATH_MAX, "%s/%s", s->dir, name);
	ck_assert(n > 0 && n < PATH_MAX);
}

static void file_put(const char *path, const char *data, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	size_t len = strlen(data);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
	/* chmod, not the open mode: the umask must not interfere. */
	ck_assert_int_eq(chmod(path, mode), 0);
}

static void file_assert_bytes(const char *path, const char *want)
{
	char got[4096];
	int fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ssize_t n = read(fd, got, sizeof(got) - 1);
	ck_assert_int_ge(n, 0);
	close(fd);
	got[n] = '\0';
	ck_assert_str_eq(got, want);
}

/* Number of entries in dir whose name starts with ".composefix-". */
static int temps_count(const char *dir)
{
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strncmp(e->d_name, ".composefix-", 12)) {
			n++;
		}
	}
	closedir(d);
	return n;
}

/* Number of entries in dir besides "." and "..". */
static int entries_count(const char *dir)
{
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			n++;
		}
	}
	closedir(d);
	return n;
}

static void stat_or_fail(const char *path, struct stat *st)
{
	ck_assert_msg(stat(path, st) == 0, "stat %s: %s", path,
		      strerror(errno));
}

static void mtime_set_past(const char *path)
{
	struct timespec ts[2] = {
		{ .tv_sec = 946684800, .tv_nsec = 0 },
		{ .tv_sec = 946684800, .tv_nsec = 0 },
	};
	ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static int replace(const char *path, const char *data, const struct stat *orig,
		   bool break_hardlinks, const char **step)
{
	return atomic_replace(path, data, strlen(data), orig, break_hardlinks,
			      step);
}

struct outcome {
	int rc;
	int err;
	char step[32];
};

/*
 * Runs atomic_replace in a child that dropped root for uid/gid NOBODY, so
 * permission failures happen even when the tests run as root.
 */
static void replace_as_nobody(const char *path, const char *data,
			      const struct stat *orig, struct outcome *out)
{
	int pfd[2];
	ck_assert_int_eq(pipe(pfd), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char msg[64];
		const char *step = "";
		int rc = -1;
		int err = 0;
		close(pfd[0]);
		if (setgroups(0, NULL) < 0 || setgid(NOBODY) < 0 ||
		    setuid(NOBODY) < 0) {
			step = "privdrop";
			err = errno;
		} else {
			rc = replace(path, data, orig, false, &step);
			err = rc < 0 ? errno : 0;
		}
		int n = snprintf(msg, sizeof(msg), "%d %d %s", rc, err,
				 rc < 0 ? step : "-");
		bool sent = write(pfd[1], msg, (size_t)n) == n;
		close(pfd[1]);
		_exit(sent ? 0 : 1);
	}
	close(pfd[1]);
	char buf[64];
	ssize_t n = read(pfd[0], buf, sizeof(buf) - 1);
	close(pfd[0]);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_int_eq(
		sscanf(buf, "%d %d %31s", &out->rc, &out->err, out->step), 3);
	ck_assert_str_ne(out->step, "privdrop");
}

static const mode_t modes[] = { 0600, 0640, 0644, 0755, 04755, 02750 };

START_TEST(test_mode_kept)
{
	struct scratch s;
	char path[PATH_MAX];
	struct stat orig, now;
	const char *step = "untouched";

	scratch_init(&s);
	scratch_path(&s, "compose.yml", path);
	file_put(path, old_bytes, modes[_i]);
	stat_or_fail(path, &orig);

	ck_assert_int_eq(replace(path, new_bytes, &orig, false, &step), 0);
	ck_assert_str_eq(step, "untouched");
	file_assert_bytes(path, new_bytes);
	stat_or_fail(path, &now);
	ck_assert_uint_eq(now.st_mode & 07777, modes[_i]);
	ck_assert(S_ISREG(now.st_mode));
	ck_assert_uint_eq(now.st_uid, orig.st_uid);
	ck_assert_uint_eq(now.st_gid, orig.st_gid);
	ck_assert_int_eq(temps_count(s.dir), 0);
	ck_assert_int_eq(entries_count(s.dir), 1);
	scratch_release(&s);
}
END_TEST

START_TEST(test_owner_kept)
{
	struct scratch s;
	char path[PATH_MAX];
	struct stat orig, now;
	const char *step = NULL;

	scratch_init(&s);
	scratch_path(&s, "compose.yml", path);
	file_put(path, old_bytes, 0640);
	if (geteuid() == 0) {
		ck_assert_int_eq(chown(path, 1234, 5678), 0);
	} else {
		fprintf(stderr, "test_owner_kept: not root, checking only "
				"that our own owner is kept\n");
	}
	stat_or_fail(path, &orig);

	ck_assert_int_eq(replace(path, new_bytes, &orig, false, &step), 0);
	stat_or_fail(path, &now);
	ck_assert_uint_eq(now.st_uid, orig.st_uid);
	ck_assert_uint_eq(now.st_gid, orig.st_gid);
	ck_assert_uint_eq(now.st_mode & 07777, 0640);
	file_assert_bytes(path, new_bytes);
	ck_assert_int_eq(temps_count(s.dir), 0);
	scratch_release(&s);
}
END_TEST

START_TEST(test_symlink_target_rewritten)
{
	struct scratch s;
	char real_dir[PATH_MAX], link_dir[PATH_MAX];
	char real[PATH_MAX], link1[PATH_MAX], link2[PATH_MAX];
	char target[PATH_MAX];
	struct stat orig, lst1, lst2, now;
	const char *step = NULL;

	scratch_init(&s);
	scratch_path(&s, "real", real_dir);
	scratch_path(&s, "links", link_dir);
	scratch_path(&s, "real/compose.yml", real);
	scratch_path(&s, "links/one.yml", link1);
	scratch_path(&s, "links/two.yml", link2);
	ck_assert_int_eq(mkdir(real_dir, 0755), 0);
	ck_assert_int_eq(mkdir(link_dir, 0755), 0);
	file_put(real, old_bytes, 0640);
	/* A chain: two.yml -> one.yml -> ../real/compose.yml */
	ck_assert_int_eq(symlink("../real/compose.yml", link1), 0);
	ck_assert_int_eq(symlink("one.yml", link2), 0);
	ck_assert_int_eq(lstat(link1, &lst1), 0);
	ck_assert_int_eq(lstat(link2, &lst2), 0);
	stat_or_fail(link2, &orig);

	ck_assert_int_eq(replace(link2, new_bytes, &orig, false, &step), 0);

	ck_assert_int_eq(lstat(link2, &now), 0);
	ck_assert(S_ISLNK(now.st_mode));
	ck_assert_uint_eq(now.st_ino, lst2.st_ino);
	ssize_t n = readlink(link2, target, sizeof(target) - 1);
	ck_assert_int_gt(n, 0);
	target[n] = '\0';
	ck_assert_str_eq(target, "one.yml");
	ck_assert_int_eq(lstat(link1, &now), 0);
	ck_assert(S_ISLNK(now.st_mode));
	ck_assert_uint_eq(now.st_ino, lst1.st_ino);
	n = readlink(link1, target, sizeof(target) - 1);
	ck_assert_int_gt(n, 0);
	target[n] = '\0';
	ck_assert_str_eq(target, "../real/compose.yml");

	file_assert_bytes(real, new_bytes);
	stat_or_fail(real, &now);
	ck_assert_uint_eq(now.st_mode & 07777, 0640);
	ck_assert_int_eq(temps_count(real_dir), 0);
	ck_assert_int_eq(temps_count(link_dir), 0);
	ck_assert_int_eq(entries_count(real_dir), 1);
	ck_assert_int_eq(entries_count(link_dir), 2);
	scratch_release(&s);
}
END_TEST

START_TEST(test_only_written_file_changes)
{
	struct scratch s;
	char path[PATH_MAX], other[PATH_MAX], link[PATH_MAX];
	struct stat orig, other_before, link_before, now;
	const char *step = NULL;

	scratch_init(&s);
	scratch_path(&s, "compose.yml", path);
	scratch_path(&s, "other.yml", other);
	scratch_path(&s, "link.yml", link);
	file_put(path, old_bytes, 0644);
	file_put(other, old_bytes, 0644);
	ck_assert_int_eq(symlink("compose.yml", link), 0);
	mtime_set_past(path);
	mtime_set_past(other);
	stat_or_fail(path, &orig);
	stat_or_fail(other, &other_before);
	ck_assert_int_eq(lstat(link, &link_before), 0);

	ck_assert_int_eq(replace(link, new_bytes, &orig, false, &step), 0);

	stat_or_fail(path, &now);
	ck_assert_uint_ne(now.st_ino, orig.st_ino);
	ck_assert_int_ne(now.st_mtim.tv_sec, orig.st_mtim.tv_sec);
	ck_assert_int_eq(now.st_size, (off_t)strlen(new_bytes));

	stat_or_fail(other, &now);
	ck_assert_uint_eq(now.st_ino, other_before.st_ino);
	ck_assert_int_eq(now.st_mtim.tv_sec, other_before.st_mtim.tv_sec);
	ck_assert_int_eq(now.st_mtim.tv_nsec, other_before.st_mtim.tv_nsec);
	ck_assert_int_eq(now.st_size, other_before.st_size);
	file_assert_bytes(other, old_bytes);

	ck_assert_int_eq(lstat(link, &now), 0);
	ck_assert_uint_eq(now.st_ino, link_before.st_ino);
	ck_assert_int_eq(now.st_mtim.tv_sec, link_before.st_mtim.tv_sec);
	ck_assert_int_eq(now.st_mtim.tv_nsec, link_before.st_mtim.tv_nsec);
	ck_assert_int_eq(temps_count(s.dir), 0);
	ck_assert_int_eq(entries_count(s.dir), 3);
	scratch_release(&s);
}
END_TEST

/* How another writer changes the file after we took orig. */
enum other_writer {
	OTHER_APPEND,
	OTHER_SAME_SIZE,
	OTHER_TOUCH,
	OTHER_RENAME,
};

static const char other_bytes[] = "services:\n  db:\n    ports:\n"
				  "      - \"3307:3306\"\n";

START_TEST(test_changed_refused)
{
	struct scratch s;
	char path[PATH_MAX], side[PATH_MAX];
	struct stat orig, now;
	const char *step = NULL;
	char want[sizeof(old_bytes) + 16];
	struct timespec ts[2];

	scratch_init(&s);
	scratch_path(&s, "compose.yml", path);
	scratch_path(&s, "side.yml", side);
	file_put(path, old_bytes, 0644);
	mtime_set_past(path);
	stat_or_fail(path, &orig);

	switch ((enum other_writer)_i) {
	case OTHER_APPEND:
		snprintf(want, sizeof(want), "%s# more\n", old_bytes);
		break;
	case OTHER_SAME_SIZE:
		ck_assert_uint_eq(strlen(other_bytes), strlen(old_bytes));
		snprintf(want, sizeof(want), "%s", other_bytes);
		break;
	case OTHER_TOUCH:
	case OTHER_RENAME:
		snprintf(want, sizeof(want), "%s", old_bytes);
		break;
	}
	switch ((enum other_writer)_i) {
	case OTHER_APPEND:
	case OTHER_SAME_SIZE: {
		/* In place, as an editor without atomic save does it. */
		int fd = open(path, O_WRONLY | O_TRUNC);
		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(write(fd, want, strlen(want)),
				 (ssize_t)strlen(want));
		ck_assert_int_eq(close(fd), 0);
		break;
	}
	case OTHER_TOUCH:
		/* Bytes and size alike, only the mtime moves. */
		ts[0] = orig.st_atim;
		ts[1] = orig.st_mtim;
		ts[1].tv_sec += 60;
		ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
		break;
	case OTHER_RENAME:
		/* Same bytes, size and mtime, but another inode. */
		file_put(side, old_bytes, 0644);
		ts[0] = orig.st_atim;
		ts[1] = orig.st_mtim;
		ck_assert_int_eq(utimensat(AT_FDCWD, side, ts, 0), 0);
		ck_assert_int_eq(rename(side, path), 0);
		break;
	}

	errno = 0;
	ck_assert_int_eq(replace(path, new_bytes, &orig, false, &step), -1);
	ck_assert_int_eq(errno, ESTALE);
	ck_assert_str_eq(step, "changed");
	file_assert_bytes(path, want);
	stat_or_fail(path, &now);
	ck_assert_uint_eq(now.st_mode & 07777, 0644);
	ck_assert_int_eq(temps_count(s.dir), 0);
	ck_assert_int_eq(entries_count(s.dir), 1);
	scratch_release(&s);
}
END_TEST

START_TEST(test_hardlinks_refused)
{
	struct scratch s;
	char path[PATH_MAX], other[PATH_MAX];
	struct stat orig, now;
	const char *step = NULL;

	scratch_init(&s);
	scratch_path(&s, "compose.yml", path);
	scratch_path(&s, "hardlink.yml", other);
	file_put(path, old_bytes, 0644);
	ck_assert_int_eq(link(path, other), 0);
	stat_or_fail(path, &orig);
	ck_assert_uint_eq(orig.st_nlink, 2);

	errno = 0;
	ck_assert_int_eq(replace(path, new_bytes, &orig, false, &step), -1);
	ck_assert_int_eq(errno, EMLINK);
	ck_assert_str_eq(step, "hardlinks");
	file_assert_bytes(path, old_bytes);
	stat_or_fail(path, &now);
	ck_assert_uint_eq(now.st_ino, orig.st_ino);
	ck_assert_uint_eq(now.st_nlink, 2);
	ck_assert_int_eq(temps_count(s.dir), 0);
	ck_assert_int_eq(entries_count(s.dir), 2);
	scratch_release(&s);
}
END_TEST

START_TEST(test_hardlinks_broken)
{
	struct scratch s;
	char path[PATH_MAX], other[PATH_MAX];
	struct stat orig, now;
	const char *step = NULL;

	scratch_init(&s);
	scratch_path(&s, "compose.yml", path);
	scratch_path(&s, "hardlink.yml", other);
	file_put(path, old_bytes, 0640);
	ck_assert_int_eq(link(path, other), 0);
	stat_or_fail(path, &orig);

	ck_assert_int_eq(replace(path, new_bytes, &orig, true, &step), 0);
	file_assert_bytes(path, new_bytes);
	file_assert_bytes(other, old_bytes);
	stat_or_fail(path, &now);
	ck_assert_uint_ne(now.st_ino, orig.st_ino);
	ck_assert_uint_eq(now.st_nlink, 1);
	ck_assert_uint_eq(now.st_mode & 07777, 0640);
	stat_or_fail(other, &now);
	ck_assert_uint_eq(now.st_ino, orig.st_ino);
	ck_assert_uint_eq(now.st_nlink, 1);
	ck_assert_int_eq(temps_count(s.dir), 0);
	ck_assert_int_eq(entries_count(s.dir), 2);
	scratch_release(&s);
}
END_TEST

/* Where the path points that does not resolve. */
static const char *const missing[] = {
	"nodir/compose.yml",
	"compose.yml",
	"dangling.yml",
};

START_TEST(test_missing_refused)
{
	struct scratch s;
	char path[PATH_MAX], dangling[PATH_MAX];
	struct stat orig;
	const char *step = NULL;

	scratch_init(&s);
	/* Any stat will do: it is never reached. */
	stat_or_fail(s.dir, &orig);
	scratch_path(&s, "dangling.yml", dangling);
	ck_assert_int_eq(symlink("gone.yml", dangling), 0);
	scratch_path(&s, missing[_i], path);

	errno = 0;
	ck_assert_int_eq(replace(path, new_bytes, &orig, false, &step), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_str_eq(step, "resolve");
	ck_assert_int_eq(entries_count(s.dir), 1);
	ck_assert_int_eq(lstat(dangling, &orig), 0);
	ck_assert(S_ISLNK(orig.st_mode));
	scratch_release(&s);
}
END_TEST

START_TEST(test_not_regular_refused)
{
	struct scratch s;
	char path[PATH_MAX];
	struct stat orig, now;
	const char *step = NULL;

	scratch_init(&s);
	scratch_path(&s, "fifo", path);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	stat_or_fail(path, &orig);

	errno = 0;
	ck_assert_int_eq(replace(path, new_bytes, &orig, false, &step), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_str_eq(step, "stat");
	ck_assert_int_eq(lstat(path, &now), 0);
	ck_assert(S_ISFIFO(now.st_mode));

	errno = 0;
	stat_or_fail(s.dir, &orig);
	ck_assert_int_eq(replace(s.dir, new_bytes, &orig, false, &step), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_str_eq(step, "stat");
	ck_assert_int_eq(entries_count(s.dir), 1);
	scratch_release(&s);
}
END_TEST

START_TEST(test_unwritable_dir)
{
	struct scratch s;
	char sub[PATH_MAX], path[PATH_MAX];
	struct stat orig, now;
	struct outcome out;
	const char *step = NULL;

	scratch_init(&s);
	scratch_path(&s, "ro", sub);
	scratch_path(&s, "ro/compose.yml", path);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	/* Anyone may write the file in place, but not the directory. */
	file_put(path, old_bytes, 0666);
	stat_or_fail(path, &orig);
	if (geteuid() == 0) {
		/* Root may create anywhere: the child drops to NOBODY. */
		ck_assert_int_eq(chmod(sub, 0755), 0);
		replace_as_nobody(path, new_bytes, &orig, &out);
	} else {
		ck_assert_int_eq(chmod(sub, 0555), 0);
		out.rc = replace(path, new_bytes, &orig, false, &step);
		out.err = errno;
		snprintf(out.step, sizeof(out.step), "%s", step ? step : "-");
	}
	ck_assert_int_eq(out.rc, -1);
	ck_assert_int_eq(out.err, EACCES);
	ck_assert_str_eq(out.step, "create");
	file_assert_bytes(path, old_bytes);
	stat_or_fail(path, &now);
	ck_assert_uint_eq(now.st_ino, orig.st_ino);
	ck_assert_int_eq(entries_count(sub), 1);
	scratch_release(&s);
}
END_TEST

START_TEST(test_fchown_foreign_refused)
{
	struct scratch s;
	char path[PATH_MAX];
	struct stat orig, now;
	struct outcome out;

	if (geteuid() != 0) {
		fprintf(stderr, "test_fchown_foreign_refused: skipped, needs "
				"root to make a file owned by another user\n");
		return;
	}
	scratch_init(&s);
	/* NOBODY may create the temp file here, but cannot give it away. */
	ck_assert_int_eq(chmod(s.dir, 0777), 0);
	scratch_path(&s, "compose.yml", path);
	file_put(path, old_bytes, 0644);
	stat_or_fail(path, &orig);
	ck_assert_uint_eq(orig.st_uid, 0);

	replace_as_nobody(path, new_bytes, &orig, &out);
	ck_assert_int_eq(out.rc, -1);
	ck_assert_int_eq(out.err, EPERM);
	ck_assert_str_eq(out.step, "fchown");
	file_assert_bytes(path, old_bytes);
	stat_or_fail(path, &now);
	ck_assert_uint_eq(now.st_ino, orig.st_ino);
	ck_assert_int_eq(temps_count(s.dir), 0);
	ck_assert_int_eq(entries_count(s.dir), 1);
	scratch_release(&s);
}
END_TEST

START_TEST(test_fchown_own_group_lost)
{
	struct scratch s;
	char path[PATH_MAX];
	struct stat orig, now;
	struct outcome out;

	if (geteuid() != 0) {
		fprintf(stderr, "test_fchown_own_group_lost: skipped, needs "
				"root to give a file a group we are not in\n");
		return;
	}
	scratch_init(&s);
	ck_assert_int_eq(chmod(s.dir, 0777), 0);
	scratch_path(&s, "compose.yml", path);
	file_put(path, old_bytes, 0640);
	/* Ours once the child is NOBODY, in a group NOBODY is not in. */
	ck_assert_int_eq(chown(path, NOBODY, 0), 0);
	stat_or_fail(path, &orig);

	replace_as_nobody(path, new_bytes, &orig, &out);
	ck_assert_int_eq(out.rc, 0);
	file_assert_bytes(path, new_bytes);
	stat_or_fail(path, &now);
	ck_assert_uint_eq(now.st_uid, NOBODY);
	ck_assert_uint_eq(now.st_gid, NOBODY);
	ck_assert_uint_eq(now.st_mode & 07777, 0640);
	ck_assert_int_eq(temps_count(s.dir), 0);
	ck_assert_int_eq(entries_count(s.dir), 1);
	scratch_release(&s);
}
END_TEST

START_TEST(test_long_name)
{
	struct scratch s;
	char name[256], path[PATH_MAX];
	struct stat orig;
	const char *step = NULL;

	scratch_init(&s);
	memset(name, 'a', 250);
	memcpy(name + 250, ".yml", 5);
	scratch_path(&s, name, path);
	file_put(path, old_bytes, 0600);
	stat_or_fail(path, &orig);

	ck_assert_int_eq(replace(path, new_bytes, &orig, false, &step), 0);
	file_assert_bytes(path, new_bytes);
	ck_assert_int_eq(temps_count(s.dir), 0);
	ck_assert_int_eq(entries_count(s.dir), 1);
	scratch_release(&s);
}
END_TEST

START_TEST(test_empty_and_relative)
{
	struct scratch s;
	char path[PATH_MAX];
	struct stat orig, now;
	const char *step = NULL;

	scratch_init(&s);
	scratch_path(&s, "compose.yml", path);
	file_put(path, old_bytes, 0644);
	stat_or_fail(path, &orig);

	/* Relative to the cwd, and data may be NULL when len is 0. */
	int cwd = open(".", O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(cwd, 0);
	ck_assert_int_eq(chdir(s.dir), 0);
	int rc = atomic_replace("compose.yml", NULL, 0, &orig, false, &step);
	ck_assert_int_eq(fchdir(cwd), 0);
	close(cwd);
	ck_assert_int_eq(rc, 0);

	stat_or_fail(path, &now);
	ck_assert_int_eq(now.st_size, 0);
	ck_assert_uint_eq(now.st_mode & 07777, 0644);
	ck_assert_int_eq(temps_count(s.dir), 0);
	ck_assert_int_eq(entries_count(s.dir), 1);
	scratch_release(&s);
}
END_TEST

START_TEST(test_step_may_be_null)
{
	struct scratch s;
	char path[PATH_MAX];
	struct stat orig;

	scratch_init(&s);
	scratch_path(&s, "compose.yml", path);
	file_put(path, old_bytes, 0644);
	stat_or_fail(path, &orig);
	ck_assert_int_eq(truncate(path, 3), 0);

	errno = 0;
	ck_assert_int_eq(atomic_replace(path, "x", 1, &orig, false, NULL), -1);
	ck_assert_int_eq(errno, ESTALE);
	ck_assert_int_eq(temps_count(s.dir), 0);
	scratch_release(&s);
}
END_TEST

static Suite *atomic_suite(void)
{
	Suite *su = suite_create("atomic");
	TCase *tc = tcase_create("replace");

	tcase_add_loop_test(tc, test_mode_kept, 0,
			    sizeof(modes) / sizeof(modes[0]));
	tcase_add_test(tc, test_owner_kept);
	tcase_add_test(tc, test_symlink_target_rewritten);
	tcase_add_test(tc, test_only_written_file_changes);
	tcase_add_loop_test(tc, test_changed_refused, OTHER_APPEND,
			    OTHER_RENAME + 1);
	tcase_add_test(tc, test_hardlinks_refused);
	tcase_add_test(tc, test_hardlinks_broken);
	tcase_add_loop_test(tc, test_missing_refused, 0,
			    sizeof(missing) / sizeof(missing[0]));
	tcase_add_test(tc, test_not_regular_refused);
	tcase_add_test(tc, test_unwritable_dir);
	tcase_add_test(tc, test_fchown_foreign_refused);
	tcase_add_test(tc, test_fchown_own_group_lost);
	tcase_add_test(tc, test_long_name);
	tcase_add_test(tc, test_empty_and_relative);
	tcase_add_test(tc, test_step_may_be_null);
	suite_add_tcase(su, tc);
	return su;
}

int main(void)
{
	SRunner *sr = srunner_create(atomic_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
