#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* More files than this, on a terminal: a progress line. */
enum { PROGRESS_FROM = 300 };

int output_write(FILE *fp, const struct buf *b)
{
	if (b->len && fwrite(b->data, 1, b->len, fp) != b->len) {
		return -1;
	}
	return 0;
}

/*
 * Whether a failed write to stdout means its reader has gone (a closed
 * pipe, as under "| head"): then nothing more is written there, quietly,
 * and the run goes on to its end.
 */
static bool stdout_closed(struct output *s)
{
	if (errno == EPIPE) {
		s->stdout_gone = true;
	}
	return s->stdout_gone;
}

/* Writes out the report text gathered so far. */
static int report_put(struct output *s)
{
	int rc = 0;
	if (s->to_file) {
		rc = s->report.len
			     ? atomic_out_write(&s->report_file, s->report.data,
						s->report.len)
			     : 0;
	} else if (!s->stdout_gone && output_write(stdout, &s->report) < 0) {
		rc = stdout_closed(s) ? 0 : -1;
	}
	buf_truncate(&s->report, 0);
	return rc;
}

int output_failure(struct output *s, const char *path, const char *msg)
{
	if (!s->writer) {
		return 0;
	}
	struct records rec;
	records_init(&rec);
	rec.status = "error";
	int rc = 0;
	if (records_add_error(&rec, 0, 0, msg) < 0 ||
	    report_writer_file(s->writer, path, &rec) < 0 ||
	    report_put(s) < 0) {
		rc = -1;
	}
	records_release(&rec);
	return rc;
}

/* Whether the file read for r is the --output file. */
static bool is_output(const struct output *s, bool have_id, dev_t dev,
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

static void progress_clear(struct output *s)
{
	if (s->progress) {
		fputs("\r\033[K", stderr);
	}
}

static void progress_show(struct output *s)
{
	if (s->progress) {
		fprintf(stderr, "\rcomposefix: %zu/%zu files, %zu entries %s",
			s->done, s->total, s->fixed,
			s->o->mode == MODE_IN_PLACE ? "fixed" : "to fix");
		fflush(stderr);
	}
}

/* Errors first, so a reader of both streams sees them in order. */
int output_result(const struct result *r, void *ctx)
{
	struct output *s = ctx;
	int rc = 0;

	progress_clear(s);
	/* stdout is flushed before stderr gets anything, so that both
	 * streams read in order; otherwise stdio buffers as it likes */
	if (r->err.len && !s->stdout_gone && fflush(stdout) != 0 &&
	    !stdout_closed(s)) {
		rc = -1;
	}
	if (r->err.len && output_write(stderr, &r->err) < 0) {
		rc = -1;
	}
	if (rc == 0 && r->out.len && !s->stdout_gone) {
		bool lines = s->o->mode == MODE_DIFF ||
			     s->o->mode == MODE_REPORT ||
			     s->o->mode == MODE_IN_PLACE;
		rc = s->color && lines
			     ? write_colored(stdout, &r->out, s->o->mode)
			     : output_write(stdout, &r->out);
		if (rc < 0 && stdout_closed(s)) {
			rc = 0;
		}
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
	for (size_t c = 0; c < EXPOSURE_CATEGORY_COUNT; c++) {
		s->fixed_by[c] += r->fixed_by[c];
	}
	progress_show(s);
	return rc;
}

static void summary(const struct output *s)
{
	bool in_place = s->o->mode == MODE_IN_PLACE;
	fprintf(stderr,
		"composefix: %zu file%s scanned, %zu %s, %zu "
		"entr%s %s",
		s->done, s->done == 1 ? "" : "s", s->changed,
		in_place ? "changed" : "to change", s->fixed,
		s->fixed == 1 ? "y" : "ies", in_place ? "fixed" : "to fix");
	/* the fixed entries by what they expose: "(3 data, 1 web)" */
	const char *sep = " (";
	for (size_t c = 0; c < EXPOSURE_CATEGORY_COUNT; c++) {
		if (s->fixed_by[c]) {
			fprintf(stderr, "%s%zu %s", sep, s->fixed_by[c],
				exposure_category_name(c));
			sep = ", ";
		}
	}
	if (s->fixed) {
		fputc(')', stderr);
	}
	sep = "; left alone: ";
	for (size_t k = 0; k < FINDING_KIND_COUNT; k++) {
		if (s->left[k]) {
			fprintf(stderr, "%s%zu %s", sep, s->left[k],
				kind_get((enum finding_kind)k)->name);
			sep = ", ";
		}
	}
	fputc('\n', stderr);
}

int output_open(struct output *s, const struct options *o,
		const struct found *inputs, const char *version)
{
	memset(s, 0, sizeof(*s));
	s->o = o;
	s->total = inputs->n;
	buf_init(&s->report);
	atomic_file_init(&s->report_file);
	const char *no_color = getenv("NO_COLOR");
	s->color = o->color == COLOR_ALWAYS ||
		   (o->color == COLOR_AUTO && isatty(STDOUT_FILENO) &&
		    !(no_color && no_color[0]));
	s->progress = inputs->n > PROGRESS_FROM && isatty(STDERR_FILENO);
	if (o->output) {
		s->out_exists = stat(o->output, &s->out_st) == 0 &&
				S_ISREG(s->out_st.st_mode);
		for (size_t i = 0; s->out_exists && i < inputs->n; i++) {
			struct input in;
			struct stat st;
			input_init(&in, inputs->v[i]);
			if (!in.is_stdin && stat(inputs->v[i], &st) == 0 &&
			    is_output(s, true, st.st_dev, st.st_ino)) {
				fprintf(stderr,
					"composefix: --output '%s' is the "
					"input '%s'; the report would replace "
					"it\n",
					o->output, inputs->v[i]);
				buf_release(&s->report);
				return -1;
			}
		}
	}
	if (o->format != FORMAT_TEXT) {
		const char *step = "create";
		s->to_file = o->output != NULL;
		if (s->to_file &&
		    atomic_out_open(o->output, &s->report_file, &step) < 0) {
			fprintf(stderr,
				"composefix: cannot write '%s' (%s): %s\n",
				o->output, step, strerror(errno));
			buf_release(&s->report);
			return -1;
		}
		s->writer =
			report_writer_create(o->format, version, &s->report);
		if (!s->writer) {
			fprintf(stderr, "composefix: %s\n", strerror(errno));
			atomic_abort(&s->report_file);
			buf_release(&s->report);
			return -1;
		}
	}
	return 0;
}

int output_close(struct output *s, int status, bool searched)
{
	const struct options *o = s->o;
	progress_clear(s);
	if (s->writer) {
		const char *step = "write";
		if (s->clash) {
			fprintf(stderr,
				"composefix: --output '%s' is the input "
				"'%s'; the report is not written\n",
				o->output, s->clash);
			status = EXIT_TROUBLE;
		} else if (report_writer_finish(s->writer) < 0 ||
			   report_put(s) < 0 ||
			   (s->to_file &&
			    atomic_out_commit(&s->report_file, &step) < 0) ||
			   (!s->to_file && !s->stdout_gone &&
			    fflush(stdout) != 0 && !stdout_closed(s))) {
			fprintf(stderr,
				"composefix: cannot write the report (%s): "
				"%s\n",
				step, strerror(errno));
			status = EXIT_TROUBLE;
		}
		atomic_abort(&s->report_file); /* a temp file not renamed */
		report_writer_destroy(s->writer);
	} else if (!o->quiet && (s->total > 1 || searched) &&
		   o->mode != MODE_STDOUT && o->mode != MODE_DIFF) {
		summary(s);
	}
	buf_release(&s->report);
	free(s->clash);
	if (!s->stdout_gone && (fflush(stdout) != 0 || ferror(stdout)) &&
	    !stdout_closed(s)) {
		fprintf(stderr,
			"composefix: cannot write to standard output: "
			"%s\n",
			strerror(errno));
		status = EXIT_TROUBLE;
	}
	return status;
}
