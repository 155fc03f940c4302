#ifndef COMPOSEFIX_ATOMIC_H
#define COMPOSEFIX_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"

/*
 * Replaces the contents of the file at path with the len bytes at data,
 * atomically: a temp file ".composefix-NAME.XXXXXX" in the directory of the
 * real file (a symlink is followed with realpath(3), and stays a link whose
 * target gets the new bytes; NAME is cut to fit NAME_MAX), written whole,
 * fchown'ed and fchmod'ed to the original's owner, group and permission
 * bits (st_mode & 07777), fsync'ed, renamed over the real file, and the
 * directory fsync'ed. When fchown fails with EPERM on a file that is
 * already ours, the group becomes our default group and the replace goes
 * on. ACLs, extended attributes and security labels are not carried over.
 *
 * orig (not NULL) is the stat (through symlinks) taken when the file was
 * read. Right after resolving and again right before the rename, the file
 * must still have orig's st_dev, st_ino, st_size and st_mtim, else nothing
 * is written (errno ESTALE, step "changed"). A file with more than one hard
 * link is refused (errno EMLINK, step "hardlinks") unless break_hardlinks,
 * in which case path gets a new inode and the other links keep the old
 * bytes. Anything but a regular file is refused (errno EINVAL, step "stat").
 *
 * Returns 0, or -1 with errno set and, if step is not NULL, *step naming the
 * failing step (a static string): "resolve", "stat", "changed",
 * "hardlinks", "opendir", "create", "write", "fchown", "fchmod", "fsync",
 * "close", "rename" -- the original is then untouched and no temp file is
 * left behind -- or "dirsync": the rename was done and path has the new
 * bytes, but the directory fsync failed, so after a crash the old file may
 * come back. *step is left alone on success.
 */
int atomic_replace(const char *path, const void *data, size_t len,
		   const struct stat *orig, bool break_hardlinks,
		   const char **step);

/*
 * The same, in stages, for many files at once: staging writes and closes
 * a temp file per file (all the checks and steps of atomic_replace but the
 * fsync), atomic_sync_all() makes every staged file durable with one
 * syncfs(2) per file system instead of an fsync each (so it must run
 * before any commit), and
 * atomic_commit() checks the original again and renames the temp file over
 * it. Directory entries become durable with one more syncfs afterwards
 * (atomic_sync_dirs). A file staged but not committed must be given to
 * atomic_abort(), which removes its temp file.
 */
struct atomic_file {
	char *real; /* owned */
	char *tmp;  /* owned; NULL once renamed */
	int fd;	    /* open only while staging */
	dev_t dev;
	bool break_hardlinks;
	struct stat orig;
};

void atomic_file_init(struct atomic_file *a);
/* Returns 0, or -1 with errno and *step as for atomic_replace; on failure
 * nothing is left behind. */
int atomic_stage(const char *path, const void *data, size_t len,
		 const struct stat *orig, bool break_hardlinks,
		 struct atomic_file *a, const char **step);
/* Returns 0, or -1 with errno set and *step "syncfs". */
int atomic_sync_all(struct atomic_file **v, size_t n, const char **step);
/* Makes the renames of the committed files durable: one syncfs per file
 * system. Returns 0, or -1 with errno set and *step "dirsync". */
int atomic_sync_dirs(struct atomic_file **v, size_t n, const char **step);
/* Returns 0, or -1 with errno and *step ("stat", "changed", "hardlinks",
 * "rename"); the original is then untouched. */
int atomic_commit(struct atomic_file *a, const char **step);
/* Removes a temp file not renamed, frees a; NULL is fine. Keeps errno. */
void atomic_abort(struct atomic_file *a);

/*
 * Appends why a replace failed at step with errno err, for a message
 * "cannot rewrite 'PATH' (STEP): WHY": strerror(err), except for the
 * refusals that have no errno of their own ("changed": "it changed on disk
 * since it was read"; "hardlinks": "it has N hard links; --break-hardlinks
 * splits them", N read from path; "stat" with EINVAL: "it is no longer a
 * regular file"). Returns 0, or -1 on ENOMEM.
 */
int atomic_explain(struct buf *out, const char *path, const char *step,
		   int err);

/*
 * A new file written in pieces and put in place whole at the end (the
 * --output report), so that a failed run never leaves half a file where
 * one was. atomic_out_open() creates the temp file ".composefix-NAME.XXXXXX"
 * beside path (beside the real file when path is a symlink), and
 * atomic_out_write() appends to it; atomic_out_commit() gives it the
 * permission bits of the file it replaces (a new file gets 0666 less the
 * umask), fsyncs it, renames it over path and fsyncs the directory. Until
 * the commit path is untouched; atomic_abort() removes the temp file.
 *
 * A path that exists and is neither a regular file nor a directory (a
 * terminal, a pipe, /dev/stdout) cannot be replaced: it is opened and
 * written directly (a->tmp stays NULL), and the commit only closes it.
 *
 * atomic_out_open() returns 0, or -1 with errno set and *step "resolve"
 * (path is a directory: EISDIR; a dangling symlink: ENOENT), "create" or
 * "open"; nothing is left behind. atomic_out_write() returns 0, or -1 with
 * errno set. atomic_out_commit() returns 0, or -1 with errno set and *step
 * "fchmod", "fsync", "close", "rename" (path is then untouched; the caller
 * still calls atomic_abort()) or "dirsync" (path has the new bytes).
 */
int atomic_out_open(const char *path, struct atomic_file *a, const char **step);
int atomic_out_write(struct atomic_file *a, const void *data, size_t len);
int atomic_out_commit(struct atomic_file *a, const char **step);

#endif
