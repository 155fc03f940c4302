#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "cli.h"
#include "contain.h"
#include "discover.h"
#include "filekind.h"
#include "format.h"
#include "frontend.h"
#include "input.h"
#include "kinds.h"
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

/* More files than this, on a terminal: a progress line. */
enum { PROGRESS_FROM = 300 };

/* What main learns from the results as they are emitted. */
struct session {
	const struct options *o;
	bool color;    /* of stdout */
	bool progress; /* on stderr */
	size_t total;  /* inputs named or found */
	size_t done;
	size_t changed; /* files that (would) change */
	size_t fixed;	/* entries */
	size_t left[FINDING_KIND_COUNT];
	struct report_writer *writer;
	struct buf report; /* json/sarif text not yet written */
	bool to_file;	   /* --output: report_file, else stdout */
	struct atomic_file report_file;
	bool out_exists; /* the --output file as it was before the run */
	struct stat out_st;
	char *clash; /* an input that is the --output file, owned */
};

static int write_buf(FILE *fp, const struct buf *b)
{
	if (b->len && fwrite(b->data, 1, b->len, fp) != b->len) {
		return -1;
	}
	return 0;
}

/* Writes out the report text gathered so far. */
static int report_put(struct session *s)
{
	int rc = s->to_file ? (s->report.len ? atomic_out_write(&s->report_file,
								s->report.data,
								s->report.len)
					     : 0)
			    : write_buf(stdout, &s->report);
	buf_truncate(&s->report, 0);
	return rc;
}

/* Whether the file read for r is the --output file. */
static bool is_output(const struct session *s, bool have_id, dev_t dev,
		      ino_t ino)
{
	return s->out_exists && have_id && s->out_st.st_dev == dev &&
	       s->out_st.st_ino == ino;
}

/* Colors a diff or a report line by line as it goes to stdout. */
static int write_colored(FILE *fp, const struct buf *b, enum mode mode)
{
	const char *p = b->data, *end = b->data + b->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *on = NULL;
		if (mode == MODE_DIFF) {
			if (len >= 3 && (memcmp(p, "---", 3) == 0 ||
					 memcmp(p, "+++", 3) == 0)) {
				on = "\033[1m";
			} else if (len >= 2 && memcmp(p, "@@", 2) == 0) {
				on = "\033[36m";
			} else if (len && p[0] == '+') {
				on = "\033[32m";
			} else if (len && p[0] == '-') {
				on = "\033[31m";
			}
		} else {
			on = "\033[1m"; /* report lines: bold location */
		}
		if (on && mode != MODE_DIFF) {
			const char *colon = memchr(p, ' ', len);
			size_t head = colon ? (size_t)(colon - p) : len;
			if (fprintf(fp, "%s%.*s\033[0m%.*s\n", on, (int)head, p,
				    (int)(len - head), p + head) < 0) {
				return -1;
			}
		} else if (fprintf(fp, "%s%.*s%s\n", on ? on : "", (int)len, p,
				   on ? "\033[0m" : "") < 0) {
			return -1;
		}
		p += len + (nl ? 1 : 0);
	}
	return 0;
}

static void progress_clear(struct session *s)
{
	if (s->progress) {
		fputs("\r\033[K", stderr);
	}
}

static void progress_show(struct session *s)
{
	if (s->progress) {
		fprintf(stderr, "\rcomposefix: %zu/%zu files, %zu entries %s",
			s->done, s->total, s->fixed,
			s->o->mode == MODE_IN_PLACE ? "fixed" : "to fix");
		fflush(stderr);
	}
}

/* Errors first, so a reader of both streams sees them in order. */
static int emit(const struct result *r, void *ctx)
{
	struct session *s = ctx;
	int rc = 0;

	progress_clear(s);
	/* stdout is flushed before stderr gets anything, so that both
	 * streams read in order; otherwise stdio buffers as it likes */
	if (r->err.len &&
	    (fflush(stdout) != 0 || write_buf(stderr, &r->err) < 0)) {
		rc = -1;
	}
	if (rc == 0 && r->out.len) {
		bool lines = s->o->mode == MODE_DIFF ||
			     s->o->mode == MODE_REPORT ||
			     s->o->mode == MODE_IN_PLACE;
		rc = s->color && lines
			     ? write_colored(stdout, &r->out, s->o->mode)
			     : write_buf(stdout, &r->out);
	}
	if (s->writer) {
		/* the report streams out file by file */
		if (report_writer_file(s->writer, r->in.name, &r->records) <
			    0 ||
		    report_put(s) < 0) {
			rc = -1;
		}
	}
	if (!s->clash && is_output(s, r->have_id, r->dev, r->ino)) {
		/* pulled in by include: or extends:; the report is not
		 * put in place, so the file keeps its bytes */
		s->clash = strdup(r->in.name);
	}
	s->done++;
	s->fixed += r->fixed;
	if (r->fixed > 0) {
		s->changed++;
	}
	for (size_t k = 0; k < FINDING_KIND_COUNT; k++) {
		s->left[k] += r->left[k];
	}
	progress_show(s);
	return rc;
}

static void summary(const struct session *s)
{
	bool in_place = s->o->mode == MODE_IN_PLACE;
	fprintf(stderr,
		"composefix: %zu file%s scanned, %zu %s, %zu "
		"entr%s %s",
		s->total, s->total == 1 ? "" : "s", s->changed,
		in_place ? "changed" : "to change", s->fixed,
		s->fixed == 1 ? "y" : "ies", in_place ? "fixed" : "to fix");
	const char *sep = "; left alone: ";
	for (size_t k = 0; k < FINDING_KIND_COUNT; k++) {
		if (s->left[k]) {
			fprintf(stderr, "%s%zu %s", sep, s->left[k],
				kind_get((enum finding_kind)k)->name);
			sep = ", ";
		}
	}
	fputc('\n', stderr);
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
static int gather(const struct options *o, struct found *inputs, bool *searched)
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
			size_t before = inputs->n;
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
			buf_adds(&err, "composefix: no compose file here "
				       "(looked for compose.yaml, compose.yml, "
				       "docker-compose.yaml, "
				       "docker-compose.yml); name one\n");
			status = EXIT_TROUBLE;
		}
	}
	/* a file named twice, or named and found, is processed once */
	found_dedupe(inputs);
	write_buf(stderr, &err);
	buf_release(&err);
	return status;
}

int main(int argc, char **argv)
{
	struct options o;
	char err[512];

	/* a closed pipe is an error to report, not a silent death */
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
	found_init(&inputs);
	bool searched = false;
	int status = gather(&o, &inputs, &searched);
	if (inputs.n == 0) {
		found_release(&inputs);
		options_release(&o);
		return EXIT_TROUBLE;
	}
	if (o.mode == MODE_STDOUT && inputs.n != 1) {
		fprintf(stderr, "composefix: --stdout takes exactly one "
				"input\n");
		found_release(&inputs);
		options_release(&o);
		return EXIT_TROUBLE;
	}

	struct session s = { .o = &o, .total = inputs.n };
	buf_init(&s.report);
	const char *no_color = getenv("NO_COLOR");
	s.color = o.color == COLOR_ALWAYS ||
		  (o.color == COLOR_AUTO && isatty(STDOUT_FILENO) &&
		   !(no_color && no_color[0]));
	s.progress = inputs.n > PROGRESS_FROM && isatty(STDERR_FILENO);
	if (o.output) {
		s.out_exists = stat(o.output, &s.out_st) == 0 &&
			       S_ISREG(s.out_st.st_mode);
		for (size_t i = 0; s.out_exists && i < inputs.n; i++) {
			struct input in;
			struct stat st;
			input_init(&in, inputs.v[i]);
			if (!in.is_stdin && stat(inputs.v[i], &st) == 0 &&
			    is_output(&s, true, st.st_dev, st.st_ino)) {
				fprintf(stderr,
					"composefix: --output '%s' is the "
					"input '%s'; the report would replace "
					"it\n",
					o.output, inputs.v[i]);
				found_release(&inputs);
				options_release(&o);
				return EXIT_TROUBLE;
			}
		}
	}
	if (o.format != FORMAT_TEXT) {
		const char *step = "create";
		s.to_file = o.output != NULL;
		atomic_file_init(&s.report_file);
		if (s.to_file &&
		    atomic_out_open(o.output, &s.report_file, &step) < 0) {
			fprintf(stderr,
				"composefix: cannot write '%s' (%s): %s\n",
				o.output, step, strerror(errno));
			found_release(&inputs);
			options_release(&o);
			return EXIT_TROUBLE;
		}
		s.writer = report_writer_create(o.format, COMPOSEFIX_VERSION,
						&s.report);
		if (!s.writer) {
			fprintf(stderr, "composefix: %s\n", strerror(errno));
			atomic_abort(&s.report_file);
			found_release(&inputs);
			options_release(&o);
			return EXIT_TROUBLE;
		}
	}

	unsigned jobs = o.jobs;
	if (jobs == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = cpus > 0 ? (unsigned)cpus : 1;
	}
	int rs = run_all(&o, frontends, (const char *const *)inputs.v,
			 (const char *const *)inputs.root, inputs.n, jobs, emit,
			 &s);
	status = exit_worst(status, rs);
	progress_clear(&s);

	if (s.writer) {
		const char *step = "write";
		if (s.clash) {
			fprintf(stderr,
				"composefix: --output '%s' is the input "
				"'%s'; the report is not written\n",
				o.output, s.clash);
			status = EXIT_TROUBLE;
		} else if (report_writer_finish(s.writer) < 0 ||
			   report_put(&s) < 0 ||
			   (s.to_file &&
			    atomic_out_commit(&s.report_file, &step) < 0) ||
			   (!s.to_file &&
			    (fflush(stdout) != 0 || ferror(stdout)))) {
			fprintf(stderr,
				"composefix: cannot write the report (%s): "
				"%s\n",
				step, strerror(errno));
			status = EXIT_TROUBLE;
		}
		atomic_abort(&s.report_file); /* a temp file not renamed */
		report_writer_destroy(s.writer);
	} else if (!o.quiet && (s.total > 1 || searched) &&
		   o.mode != MODE_STDOUT && o.mode != MODE_DIFF) {
		summary(&s);
	}
	buf_release(&s.report);
	free(s.clash);
	found_release(&inputs);
	options_release(&o);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr,
			"composefix: cannot write to standard output: "
			"%s\n",
			strerror(errno));
		status = EXIT_TROUBLE;
	}
	return status;
}
