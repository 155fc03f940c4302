/*
 * Round trip of the Markdown front end over the real files of
 * ../shared/corpus/docker-run: corpus_markdown CORPUS_DIR
 *
 * Every file SOURCES.tsv lists as markdown is run through markdown_run()
 * with the default bind address: it must be understood, and its change
 * proven (the Markdown parses the same, every edited command lexes the
 * same except the planned values); the new bytes must be the old ones
 * with exactly the splices; a second run over them must find nothing to
 * change. Read by two threads (in two parts, or in two halves), each file
 * must give the same findings and bytes; every place it may be cut
 * (mdview.h's md_view_cut()) must give the whole's view. Prints the
 * counts (files, texts read as shell, commands with publishing options,
 * findings per kind, cuts) and every refused file with its reason. Exits 0, 1
 * on any failure, 77 (skipped) when CORPUS_DIR is absent, unless CI=true, when
 * that is a failure too.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "markdown.h"
#include "view_cuts.h"

struct totals {
	size_t files, changed, refused, failed;
	size_t texts, unlexed, commands, edits;
	size_t kinds[SHELLCMD_KIND_COUNT];
	size_t cuts, cuts_refused, parts;
};

static int read_file(const char *path, struct buf *b)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		return -1;
	}
	int rc = buf_read_fd(b, fd, (size_t)1 << 30);
	close(fd);
	return rc;
}

static void diags_print(const char *path, const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		printf("#   %s:%u:%u: %s: %s\n", path, d->v[i].line,
		       d->v[i].col, diag_severity_name(d->v[i].severity),
		       d->v[i].msg);
	}
}

/* new == old with the splices applied, and nothing else. */
static bool splices_only(const struct markdown *m, const char *old, size_t len)
{
	const char *new = m->out.data;
	size_t nlen = m->out.len, o = 0, n = 0;
	for (size_t i = 0; i < m->sc.nedits; i++) {
		const struct edit *e = &m->edits[i];
		size_t keep = e->off - o;
		if (keep > nlen - n || memcmp(old + o, new + n, keep) != 0) {
			return false;
		}
		n += keep;
		if (e->ins_len > nlen - n ||
		    memcmp(new + n, e->ins, e->ins_len) != 0) {
			return false;
		}
		n += e->ins_len;
		o = e->off + e->del;
	}
	return len - o == nlen - n && memcmp(old + o, new + n, len - o) == 0;
}

/* Runs the pipeline over data (two threads from split_from bytes on); 0
 * understood, 1 refused, -1 system. */
static int run(struct markdown *m, const char *data, size_t len,
	       size_t split_from, struct diags *d, struct source *src)
{
	static const struct shellcmd_opts opts = { 0 };
	source_init(src, data, len);
	m->split_from = split_from;
	if (!source_check_text(src, d)) {
		return 1;
	}
	return markdown_run(m, src, &opts, d);
}

/* Whether a (one thread) and b (two) read a file the same. */
static bool same_reading(const struct markdown *a, const struct markdown *b)
{
	if (a->ntexts != b->ntexts || a->sc.n != b->sc.n ||
	    a->sc.nedits != b->sc.nedits || a->out.len != b->out.len ||
	    (a->out.len && memcmp(a->out.data, b->out.data, a->out.len))) {
		return false;
	}
	for (size_t i = 0; i < a->sc.n; i++) {
		const struct shellcmd_finding *x = &a->sc.v[i];
		const struct shellcmd_finding *y = &b->sc.v[i];
		if (x->kind != y->kind || x->off != y->off ||
		    strcmp(x->value, y->value) != 0) {
			return false;
		}
	}
	for (size_t i = 0; i < a->ntexts; i++) {
		if (a->texts[i].lexed != b->texts[i].lexed) {
			return false;
		}
	}
	return true;
}

/* Every cut of the file agrees with the whole, and so does the reading
 * by two threads. */
static bool cuts_agree(const char *path, const char *data, size_t len,
		       const struct markdown *m, struct totals *t)
{
	char why[256];
	size_t taken, refused;
	if (view_cuts_try(data, len, &taken, &refused, why, sizeof(why)) != 0) {
		printf("not ok - %s: %s\n", path, why);
		return false;
	}
	t->cuts += taken;
	t->cuts_refused += refused;
	struct markdown two;
	struct source src;
	struct diags d;
	markdown_init(&two);
	diags_init(&d);
	bool ok =
		run(&two, data, len, 0, &d, &src) == 0 && same_reading(m, &two);
	if (!ok) {
		printf("not ok - %s: two threads read it otherwise\n", path);
		diags_print(path, &d);
	}
	t->parts += two.cut;
	markdown_release(&two);
	diags_release(&d);
	source_release(&src);
	return ok;
}

static bool one_file(const char *path, struct totals *t)
{
	struct buf b;
	struct source src, src2;
	struct diags d, d2;
	struct markdown m, m2;
	bool ok = false;

	buf_init(&b);
	diags_init(&d);
	diags_init(&d2);
	markdown_init(&m);
	markdown_init(&m2);
	source_init(&src2, "", 0);
	if (read_file(path, &b) < 0) {
		printf("not ok - %s: cannot read: %s\n", path, strerror(errno));
		source_init(&src, "", 0);
		goto out;
	}
	const char *data = b.data ? b.data : "";
	int rc = run(&m, data, b.len, SIZE_MAX, &d, &src);
	t->files++;
	if (rc < 0) {
		printf("not ok - %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (rc > 0) {
		t->refused++;
		printf("not ok - %s: refused\n", path);
		diags_print(path, &d);
		goto out;
	}
	t->texts += m.ntexts;
	size_t last_cmd = SIZE_MAX;
	for (size_t i = 0; i < m.ntexts; i++) {
		const struct md_text *x = &m.texts[i];
		t->unlexed += !x->lexed;
		if (!x->lexed && x->error &&
		    markdown_text_claims_shell(&m, x)) {
			printf("#   %s:%u:%u: a shell block not lexed: %s\n",
			       path, x->error->line, x->error->col,
			       x->error->msg);
		}
	}
	for (size_t i = 0; i < m.sc.n; i++) {
		t->kinds[m.sc.v[i].kind]++;
		if (m.sc.v[i].cmd_off != last_cmd) {
			t->commands++;
			last_cmd = m.sc.v[i].cmd_off;
		}
	}
	t->edits += m.sc.nedits;
	if (!cuts_agree(path, data, b.len, &m, t)) {
		goto out;
	}
	if (m.sc.nedits == 0) {
		ok = true;
		goto out;
	}
	t->changed++;
	if (!splices_only(&m, data, b.len)) {
		printf("not ok - %s: the new bytes are not the old ones with "
		       "the splices\n",
		       path);
		goto out;
	}
	rc = run(&m2, m.out.data, m.out.len, SIZE_MAX, &d2, &src2);
	if (rc != 0 || m2.sc.nedits != 0) {
		printf("not ok - %s: the second run %s\n", path,
		       rc != 0 ? "refused the output" : "changes it again");
		diags_print(path, &d2);
		goto out;
	}
	ok = true;
out:
	if (!ok) {
		t->failed++;
	}
	markdown_release(&m);
	markdown_release(&m2);
	diags_release(&d);
	diags_release(&d2);
	source_release(&src);
	source_release(&src2);
	buf_release(&b);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: corpus_markdown CORPUS_DIR\n");
		return 2;
	}
	const char *ci = getenv("CI");
	bool strict = ci && !strcmp(ci, "true");
	char path[4096];
	snprintf(path, sizeof(path), "%s/SOURCES.tsv", argv[1]);
	FILE *list = fopen(path, "r");
	if (!list) {
		printf("# %s: %s: the corpus is absent%s\n", path,
		       strerror(errno), strict ? " (CI=true: a failure)" : "");
		return strict ? 1 : 77;
	}
	struct totals t;
	memset(&t, 0, sizeof(t));
	char line[8192];
	while (fgets(line, sizeof(line), list)) {
		/* repo, commit, path, license, kind, publishes */
		char *field[6] = { 0 };
		char *p = line;
		size_t n = 0;
		for (; n < 6 && p; n++) {
			field[n] = p;
			p = strchr(p, '\t');
			if (p) {
				*p++ = '\0';
			}
		}
		if (n < 5 || strcmp(field[4], "markdown") != 0) {
			continue;
		}
		/* OWNER/REPO is stored as OWNER__REPO */
		char *slash = strchr(field[0], '/');
		if (!slash) {
			continue;
		}
		*slash = '\0';
		int len = snprintf(path, sizeof(path), "%s/%s__%s/%s", argv[1],
				   field[0], slash + 1, field[2]);
		if (len < 0 || (size_t)len >= sizeof(path)) {
			printf("not ok - path too long: %s/%s__%s/%s\n",
			       argv[1], field[0], slash + 1, field[2]);
			t.failed++;
			continue;
		}
		one_file(path, &t);
	}
	fclose(list);
	printf("# %zu Markdown files: %zu changed, %zu refused, %zu failed\n",
	       t.files, t.changed, t.refused, t.failed);
	printf("# %zu code blocks and spans read as shell (%zu not lexed), "
	       "%zu commands with publishing options, %zu splices\n",
	       t.texts, t.unlexed, t.commands, t.edits);
	for (int k = 0; k < SHELLCMD_KIND_COUNT; k++) {
		printf("#   %-18s %zu\n", shellcmd_kind_name(k), t.kinds[k]);
	}
	printf("# %zu cuts agree with the whole (%zu turned down); %zu files "
	       "read in two parts as in one\n",
	       t.cuts, t.cuts_refused, t.parts);
	if (t.cuts == 0 || t.parts == 0) {
		printf("not ok - no file was cut\n");
		return 1;
	}
	if (t.files == 0) {
		printf("not ok - no Markdown file in %s\n", argv[1]);
		return 1;
	}
	return t.failed ? 1 : 0;
}
