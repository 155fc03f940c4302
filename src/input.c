#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

void input_init(struct input *in, const char *path)
{
	in->path = path;
	in->is_stdin = strcmp(path, "-") == 0;
	in->name = in->is_stdin ? "<stdin>" : path;
}

size_t input_dir_len(const struct input *in)
{
	const char *slash = in->is_stdin ? NULL : strrchr(in->path, '/');
	return slash ? (size_t)(slash - in->path + 1) : 0;
}

int input_read(const struct input *in, size_t max, struct buf *out,
	       struct stat *st, const char **why, const char **reason)
{
	int fd = 0;
	const char *path = in->path;
	bool is_stdin = in->is_stdin;
	*reason = NULL;

	if (!is_stdin) {
		/* O_NONBLOCK: a FIFO given as a file must not hang us */
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd < 0) {
			*why = "cannot open";
			*reason = strerror(errno);
			return -1;
		}
	}
	if (fstat(fd, st) < 0) {
		*why = "cannot stat";
		goto fail;
	}
	if (!is_stdin && !S_ISREG(st->st_mode)) {
		*why = "cannot read";
		*reason = S_ISDIR(st->st_mode) ? "is a directory"
					       : "not a regular file";
		errno = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	if (!is_stdin && (size_t)st->st_size > max) {
		*why = "cannot read";
		*reason = "larger than --max-size";
		errno = EFBIG;
		goto fail;
	}
	if (!is_stdin) {
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0) {
			fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
		}
	}
	/* one allocation of the right size: big inputs are read once */
	if (!is_stdin && buf_grow(out, (size_t)st->st_size + 1) < 0) {
		*why = "cannot read";
		goto fail;
	}
	if (buf_read_fd(out, fd, max) < 0) {
		*why = "cannot read";
		*reason = errno == EFBIG ? "larger than --max-size" : NULL;
		goto fail;
	}
	if (!is_stdin) {
		close(fd);
	}
	return 0;
fail:
	if (!*reason) {
		*reason = strerror(errno);
	}
	if (!is_stdin) {
		close(fd);
	}
	return -1;
}

int input_read_any(const char *path, size_t max, struct buf *out,
		   const char **why, const char **reason)
{
	struct stat st;
	if (stat(path, &st) < 0 || !S_ISCHR(st.st_mode)) {
		struct input in;
		input_init(&in, path);
		return input_read(&in, max, out, &st, why, reason);
	}
	*reason = NULL;
	*why = "cannot open";
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		*reason = strerror(errno);
		return -1;
	}
	*why = "cannot read";
	int rc = buf_read_fd(out, fd, max);
	if (rc < 0) {
		*reason = errno == EFBIG ? "larger than --max-size"
					 : strerror(errno);
	}
	close(fd);
	return rc;
}
