#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "contain.h"
#include "discover.h"
#include "filekind.h"
#include "frontend.h"
#include "input.h"
#include "output.h"
#include "run.h"

#ifndef COMPOSEFIX_VERSION
#define COMPOSEFIX_VERSION "unknown"
#endif

/* The files docker compose reads by default, in its order. */
static const char *const default_files[] = {
	"compose.yaml",	       "compose.override.yaml",
	"compose.yml",	       "compose.override.yml",
	"docker-compose.yaml", "docker-compose.override.yaml",
	"docker-compose.yml",  "docker-compose.override.yml",
};

/* Something that stopped a PATH before any input was read. */
struct failure {
	char *path; /* owned */
	char *msg;  /* owned: the line printed, without its newline */
};

struct failures {
	struct failure *v;
	size_t n;
	size_t cap;
};

static void failures_release(struct failures *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].path);
		free(f->v[i].msg);
	}
	free(f->v);
}

/* Adds a failure of path per line of text; one that finds no memory is
 * left out of the report (it is printed all the same). */
static void failures_add(struct failures *f, const char *path, const char *text,
			 size_t len)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && array_grow((void **)&f->v, &f->cap, f->n,
					sizeof(*f->v)) == 0) {
			struct failure *x = &f->v[f->n];
			x->path = strdup(path);
			x->msg = strndup(p, n);
			if (x->path && x->msg) {
				f->n++;
			} else {
				free(x->path);
				free(x->msg);
			}
		}
		p += n + 1;
	}
}

/* An input named on the command line, with its containment root. */
static int add_named(struct found *inputs, const char *p)
{
	struct input in;
	input_init(&in, p);
	if (in.is_stdin) {
		return found_add(inputs, p, NULL);
	}
	/* unresolvable: no root, and the input fails on its own */
	char *root = contain_root(p, false);
	int rc = found_add(inputs, p, root);
	free(root);
	return rc;
}

/* The kinds a directory walk looks for: those of --kind that a front end
 * reads, or all that one does. */
static unsigned searched_kinds(const struct options *o)
{
	unsigned read = 0;
	for (size_t i = 0; frontends[i]; i++) {
		read |= filekind_parse(frontends[i]->name);
	}
	return o->kinds ? o->kinds & read : read;
}

/* The inputs: files as named, directories searched, or the defaults. */
static int gather(const struct options *o, struct found *inputs, bool *searched,
		  struct failures *fails)
{
	struct buf err;
	buf_init(&err);
	int status = EXIT_CLEAN;
	for (size_t i = 0; i < o->npaths; i++) {
		const char *p = o->paths[i];
		struct input in;
		struct stat st;
		input_init(&in, p);
		if (!in.is_stdin && stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			*searched = true;
			size_t before = inputs->n, said = err.len;
			unsigned kinds = searched_kinds(o);
			int rc = discover(p, kinds, o->includes, o->nincludes,
					  o->excludes, o->nexcludes, inputs,
					  &err);
			if (rc != 0) {
				status = EXIT_TROUBLE;
			} else if (inputs->n == before) {
				buf_adds(&err,
					 kinds == FILEKIND_COMPOSE
						 ? "composefix: no compose "
						   "file"
						 : "composefix: no file it "
						   "reads (");
				for (unsigned k = 1;
				     kinds != FILEKIND_COMPOSE && k <= kinds;
				     k <<= 1) {
					if (kinds & k) {
						buf_addf(&err, "%s%s",
							 kinds & (k - 1) ? ", "
									 : "",
							 filekind_name(k));
					}
				}
				buf_addf(&err, "%s under '%s'\n",
					 kinds == FILEKIND_COMPOSE ? "" : ")",
					 p);
				status = EXIT_TROUBLE;
			}
			failures_add(fails, p, err.data + said, err.len - said);
			continue;
		}
		if (add_named(inputs, p) < 0) {
			status = EXIT_TROUBLE;
			buf_addf(&err, "composefix: %s\n", strerror(ENOMEM));
			break;
		}
	}
	if (o->npaths == 0) {
		for (size_t i = 0;
		     i < sizeof(default_files) / sizeof(default_files[0]);
		     i++) {
			if (access(default_files[i], F_OK) != 0) {
				continue;
			}
			if (add_named(inputs, default_files[i]) < 0) {
				status = EXIT_TROUBLE;
				buf_addf(&err, "composefix: %s\n",
					 strerror(ENOMEM));
				break;
			}
		}
		if (inputs->n == 0) {
			size_t said = err.len;
			buf_adds(&err, "composefix: no compose file here "
				       "(looked for compose.yaml, compose.yml, "
				       "docker-compose.yaml, "
				       "docker-compose.yml); name one\n");
			failures_add(fails, ".", err.data + said,
				     err.len - said);
			status = EXIT_TROUBLE;
		}
	}
	/* a file named twice, or named and found, is processed once */
	found_dedupe(inputs);
	output_write(stderr, &err);
	buf_release(&err);
	return status;
}

int main(int argc, char **argv)
{
	struct options o;
	char err[512];

	/* a closed pipe ends the output quietly, not the run: an --in-place
	 * run piped into head still finishes its writes */
	signal(SIGPIPE, SIG_IGN);

	enum cli_action action = cli_parse(argc, argv, &o, err, sizeof(err));
	if (action != CLI_RUN) {
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
		return EXIT_TROUBLE;
	case CLI_RUN:
		break;
	}

	struct found inputs;
	struct failures fails = { 0 };
	found_init(&inputs);
	bool searched = false;
	int status = gather(&o, &inputs, &searched, &fails);
	/* json and sarif still write their document, with the failures */
	if (inputs.n == 0 && o.format == FORMAT_TEXT) {
		failures_release(&fails);
		found_release(&inputs);
		options_release(&o);
		return EXIT_TROUBLE;
	}
	if (o.mode == MODE_STDOUT && inputs.n != 1) {
		fprintf(stderr, "composefix: --stdout takes exactly one "
				"input\n");
		failures_release(&fails);
		found_release(&inputs);
		options_release(&o);
		return EXIT_TROUBLE;
	}

	struct output s;
	if (output_open(&s, &o, &inputs, COMPOSEFIX_VERSION) < 0) {
		failures_release(&fails);
		found_release(&inputs);
		options_release(&o);
		return EXIT_TROUBLE;
	}
	for (size_t i = 0; i < fails.n; i++) {
		if (output_failure(&s, fails.v[i].path, fails.v[i].msg) < 0) {
			status = EXIT_TROUBLE;
		}
	}
	failures_release(&fails);

	unsigned jobs = o.jobs;
	if (jobs == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = cpus > 0 ? (unsigned)cpus : 1;
	}
	if (inputs.n > 0) {
		int rs = run_all(&o, frontends, (const char *const *)inputs.v,
				 (const char *const *)inputs.root, inputs.n,
				 jobs, output_result, &s);
		status = exit_worst(status, rs);
	}
	status = output_close(&s, status, searched);
	found_release(&inputs);
	options_release(&o);
	return status;
}
