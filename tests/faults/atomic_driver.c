/*
 * atomic_driver PATH < NEW
 *
 * Replaces PATH with the bytes read from standard input through
 * atomic_replace, as composefix --in-place would after reading PATH, and
 * exits 0, or 1 after printing "atomic_driver: cannot rewrite 'PATH'
 * (STEP): WHY" (the wording of composefix, atomic_explain()). Standard input is
 * read with read(2) and PATH only stat'ed, so every open, write, close... that
 * the fault shim sees comes from atomic_replace.
 */
#include "atomic.h"
#include "buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	struct buf data;
	struct stat st;
	const char *step = "?";
	int status = EXIT_FAILURE;

	if (argc != 2) {
		fprintf(stderr, "usage: atomic_driver PATH < NEW\n");
		return 2;
	}
	buf_init(&data);
	if (buf_read_fd(&data, 0, (size_t)64 << 20) < 0) {
		fprintf(stderr,
			"atomic_driver: cannot read standard input: "
			"%s\n",
			strerror(errno));
		goto out;
	}
	if (stat(argv[1], &st) < 0) {
		fprintf(stderr, "atomic_driver: cannot stat '%s': %s\n",
			argv[1], strerror(errno));
		goto out;
	}
	if (atomic_replace(argv[1], data.data, data.len, &st, false, &step) <
	    0) {
		int e = errno;
		struct buf why;
		buf_init(&why);
		atomic_explain(&why, argv[1], step, e);
		fprintf(stderr, "atomic_driver: cannot rewrite '%s' (%s): %s\n",
			argv[1], step, why.data ? why.data : strerror(e));
		buf_release(&why);
		goto out;
	}
	status = EXIT_SUCCESS;
out:
	buf_release(&data);
	return status;
}
