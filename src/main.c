#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "run.h"

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

static int write_buf(FILE *fp, const struct buf *b)
{
	if (b->len && fwrite(b->data, 1, b->len, fp) != b->len) {
		return -1;
	}
	return 0;
}

/* Errors first, so a reader of both streams sees them in order. */
static int emit(const struct run_result *r, void *ctx)
{
	(void)ctx;
	if (fflush(stdout) != 0 || write_buf(stderr, &r->err) < 0 ||
	    write_buf(stdout, &r->out) < 0) {
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	char err[512];

	/* a closed pipe is an error to report, not a silent death */
	signal(SIGPIPE, SIG_IGN);

	enum cli_action action = cli_parse(argc, argv, &o, err, sizeof(err));
	if (action != CLI_RUN && action != CLI_USAGE_ERROR) {
		options_release(&o);
	}
	switch (action) {
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
		options_release(&o);
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
			options_release(&o);
			return EXIT_TROUBLE;
		}
		if (o.mode == MODE_STDOUT && npaths != 1) {
			fprintf(stderr, "composefix: --stdout takes exactly "
					"one input\n");
			options_release(&o);
			return EXIT_TROUBLE;
		}
		paths = found;
	}

	unsigned jobs = o.jobs;
	if (jobs == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = cpus > 0 ? (unsigned)cpus : 1;
	}
	int status = run_all(&o, paths, npaths, jobs, emit, NULL);
	options_release(&o);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "composefix: cannot write to standard output: "
				"%s\n",
			strerror(errno));
		status = EXIT_TROUBLE;
	}
	return status;
}
