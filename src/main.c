#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "cli.h"
#include "fix.h"
#include "input.h"
#include "report.h"
#include "udiff.h"

#ifndef COMPOSEFIX_VERSION
#define COMPOSEFIX_VERSION "unknown"
#endif

/* The files docker compose reads by default, in its order. */
static const char *const default_files[] = {
	"compose.yaml",
	"compose.override.yaml",
	"compose.yml",
	"compose.override.yml",
	"docker-compose.yaml",
	"docker-compose.override.yaml",
	"docker-compose.yml",
	"docker-compose.override.yml",
};

static int emit(FILE *fp, const struct buf *b)
{
	if (b->len && fwrite(b->data, 1, b->len, fp) != b->len) {
		return -1;
	}
	return 0;
}

static int max_status(int a, int b)
{
	return a > b ? a : b;
}

/* Processes one input; returns its exit status. */
static int run_one(const struct options *o, const char *path)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	struct buf data, out, err;
	struct stat st;
	struct fix f;
	const char *why = NULL;
	int status = EXIT_TROUBLE;

	buf_init(&data);
	buf_init(&out);
	buf_init(&err);
	memset(&f, 0, sizeof(f));

	if (o->mode == MODE_IN_PLACE && strcmp(path, "-") == 0) {
		fprintf(stderr,
			"composefix: cannot rewrite standard input in place; "
			"use --stdout\n");
		goto done;
	}
	const char *reason = NULL;
	if (input_read(path, o->max_size, &data, &st, &why, &reason) < 0) {
		buf_addf(&err, "composefix: %s '%s': %s\n", why, name, reason);
		goto done;
	}
	struct plan_opts popts = {.bind = o->bind};
	int rc = fix_run(&f, data.data ? data.data : "", data.len, &popts);
	int e = errno;
	if (report_diags(&err, name, &f.diags) < 0) {
		goto oom;
	}
	if (rc < 0) {
		if (f.diags.errors == 0) {
			buf_addf(&err, "composefix: %s: %s\n", name,
				 strerror(e));
		}
		goto done;
	}
	bool changes = f.plan.n > 0;
	status = changes ? EXIT_CHANGES : EXIT_CLEAN;
	switch (o->mode) {
	case MODE_REPORT:
	case MODE_IN_PLACE:
		for (size_t i = 0; !o->quiet && i < f.plan.n; i++) {
			if (report_change(&out, name, &f, &f.plan.v[i]) < 0) {
				goto oom;
			}
		}
		if (o->mode == MODE_IN_PLACE && changes) {
			const char *step = "write";
			if (atomic_replace(path, f.out.data, f.out.len, &st,
					   o->break_hardlinks, &step) < 0) {
				buf_truncate(&out, 0);
				buf_addf(&err,
					 "composefix: cannot rewrite '%s' "
					 "(%s): %s\n",
					 name, step, strerror(errno));
				status = EXIT_TROUBLE;
				break;
			}
			status = EXIT_CLEAN;
		}
		break;
	case MODE_DIFF:
		fix_drop_view(&f);
		if (udiff_write(&out, path, data.data, data.len, f.out.data,
				f.out.len, f.edits, f.plan.n) < 0) {
			goto oom;
		}
		break;
	case MODE_STDOUT:
		if (changes ? buf_add(&out, f.out.data, f.out.len) < 0
			    : buf_add(&out, data.data, data.len) < 0) {
			goto oom;
		}
		break;
	}
	goto done;
oom:
	buf_addf(&err, "composefix: %s: %s\n", name, strerror(ENOMEM));
	status = EXIT_TROUBLE;
done:
	/* errors first, so a reader of both streams sees them in order */
	fflush(stdout);
	if (emit(stderr, &err) < 0 || emit(stdout, &out) < 0) {
		status = EXIT_TROUBLE;
	}
	fix_release(&f);
	buf_release(&data);
	buf_release(&out);
	buf_release(&err);
	return status;
}

int main(int argc, char **argv)
{
	struct options o;
	char err[512];

	/* a closed pipe is an error to report, not a silent death */
	signal(SIGPIPE, SIG_IGN);

	switch (cli_parse(argc, argv, &o, err, sizeof(err))) {
	case CLI_HELP:
		cli_usage(stdout);
		return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_CLEAN
							      : EXIT_TROUBLE;
	case CLI_VERSION:
		printf("composefix %s\n", COMPOSEFIX_VERSION);
		return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_CLEAN
							      : EXIT_TROUBLE;
	case CLI_USAGE_ERROR:
		fprintf(stderr, "composefix: %s\n", err);
		fprintf(stderr, "try 'composefix --help' for more "
				"information\n");
		return EXIT_TROUBLE;
	case CLI_RUN:
		break;
	}

	const char *found[sizeof(default_files) / sizeof(default_files[0])];
	const char *const *paths = (const char *const *)o.paths;
	size_t npaths = o.npaths;
	if (npaths == 0) {
		for (size_t i = 0;
		     i < sizeof(default_files) / sizeof(default_files[0]); i++) {
			if (access(default_files[i], F_OK) == 0) {
				found[npaths++] = default_files[i];
			}
		}
		if (npaths == 0) {
			fprintf(stderr,
				"composefix: no compose file here (looked for "
				"compose.yaml, compose.yml, "
				"docker-compose.yaml, docker-compose.yml); "
				"name one\n");
			return EXIT_TROUBLE;
		}
		if (o.mode == MODE_STDOUT && npaths != 1) {
			fprintf(stderr, "composefix: --stdout takes exactly "
					"one input\n");
			return EXIT_TROUBLE;
		}
		paths = found;
	}

	int status = EXIT_CLEAN;
	for (size_t i = 0; i < npaths; i++) {
		status = max_status(status, run_one(&o, paths[i]));
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "composefix: cannot write to standard output: "
				"%s\n",
			strerror(errno));
		status = EXIT_TROUBLE;
	}
	return status;
}
