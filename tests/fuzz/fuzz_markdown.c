/*
 * libFuzzer harness for the Markdown path: the input bytes are a Markdown
 * file, fixed with bind address 127.0.0.1, then dual-stack (127.0.0.1 and
 * ::1) with explicit wildcards rebound, then with port 80 allowed. Checks
 * that a refusal carries an error, that every unit's segments and every
 * finding lie inside the input, that every splice lies inside a unit's
 * segment, that the new bytes are the old ones with exactly the splices,
 * that they parse again into the same units, and that they need no second
 * fix. Then that a first part of the input parsed in place reads as it
 * does alone (view_cuts.h), and that two threads (two parts, or two
 * halves) read the input as one does, whatever md4c makes of the parts.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../view_cuts.h"
#include "markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Small inputs reach what large ones do (the corpus test has those). */
#define INPUT_MAX (64 * 1024)

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

static void diags_print(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		fprintf(stderr, "  %u:%u: %s: %s\n", d->v[i].line, d->v[i].col,
			diag_severity_name(d->v[i].severity), d->v[i].msg);
	}
}

static void view_check(const struct md_view *v, size_t len)
{
	size_t prev = 0;
	for (size_t i = 0; i < v->nunits; i++) {
		const struct md_unit *u = &v->units[i];
		CHECK(u->seg <= v->nsegs && u->nseg <= v->nsegs - u->seg);
		for (uint32_t k = 0; k < u->nseg; k++) {
			const struct md_seg *s = &v->segs[u->seg + k];
			CHECK(s->off <= len && s->len <= len - s->off);
			CHECK(s->off >= prev); /* document order */
			prev = (size_t)s->off + s->len;
		}
	}
}

/* Every splice inside one segment of a unit the analysis read. */
static void edits_inside_check(const struct markdown *m)
{
	for (size_t i = 0; i < m->sc.nedits; i++) {
		const struct edit *e = &m->edits[i];
		bool inside = false;
		for (size_t t = 0; t < m->ntexts && !inside; t++) {
			const struct md_text *x = &m->texts[t];
			for (size_t k = 0; k < x->nseg && !inside; k++) {
				const struct shellcmd_seg *s =
					&m->segs[x->seg + k];
				inside = e->off >= s->off &&
					 e->off + e->del <= s->off + s->len;
			}
		}
		CHECK(inside);
	}
}

/* new == old with the splices applied, and nothing else changed. */
static void splices_check(const struct markdown *m, const char *old, size_t len)
{
	const char *new = m->out.data;
	size_t nlen = m->out.len;
	size_t o = 0, n = 0;
	CHECK(new != NULL);
	for (size_t i = 0; i < m->sc.nedits; i++) {
		const struct edit *e = &m->edits[i];
		CHECK(e->off >= o && e->off <= len && e->del <= len - e->off);
		size_t keep = e->off - o;
		CHECK(keep <= nlen - n);
		CHECK(memcmp(old + o, new + n, keep) == 0);
		n += keep;
		CHECK(e->ins_len <= nlen - n);
		CHECK(memcmp(new + n, e->ins, e->ins_len) == 0);
		n += e->ins_len;
		o = e->off + e->del;
	}
	CHECK(len - o == nlen - n);
	CHECK(memcmp(old + o, new + n, len - o) == 0);
}

/* The new text parses into units of the same kinds, languages, marks. */
static void reparse_check(const struct markdown *m)
{
	struct md_view v;
	md_view_init(&v);
	CHECK(md_view_build(&v, m->out.data, m->out.len) == 0);
	view_check(&v, m->out.len);
	CHECK(v.nunits == m->view.nunits);
	for (size_t i = 0; i < v.nunits; i++) {
		CHECK(v.units[i].kind == m->view.units[i].kind);
		CHECK(v.units[i].lang == m->view.units[i].lang);
		CHECK(v.units[i].ignored == m->view.units[i].ignored);
		CHECK(v.units[i].nseg == m->view.units[i].nseg);
		CHECK(v.units[i].depth == m->view.units[i].depth);
	}
	md_view_release(&v);
}

static void pass_check(const char *text, size_t size,
		       const struct shellcmd_opts *opts)
{
	struct source src;
	struct diags d;
	struct markdown m;
	source_init(&src, text, size);
	diags_init(&d);
	markdown_init(&m);
	if (!source_check_text(&src, &d)) {
		goto out;
	}
	int rc = markdown_run(&m, &src, opts, &d);
	CHECK(rc >= 0);
	view_check(&m.view, size);
	if (rc == 1) {
		CHECK(d.errors > 0);
		goto out;
	}
	CHECK(d.errors == 0);
	for (size_t i = 0; i < m.sc.n; i++) {
		const struct shellcmd_finding *f = &m.sc.v[i];
		CHECK(f->off < size && f->value_off <= f->value_end &&
		      f->value_end <= size);
	}
	if (m.sc.nedits == 0) {
		goto out;
	}
	edits_inside_check(&m);
	splices_check(&m, text, size);
	reparse_check(&m);

	/* A second pass over the output changes nothing. */
	char *again = malloc(m.out.len + 1);
	CHECK(again != NULL);
	memcpy(again, m.out.data, m.out.len);
	again[m.out.len] = '\0'; /* as in a struct buf, see mdview.h */
	struct source src2;
	struct diags d2;
	struct markdown m2;
	source_init(&src2, again, m.out.len);
	diags_init(&d2);
	markdown_init(&m2);
	rc = markdown_run(&m2, &src2, opts, &d2);
	if (rc != 0 || m2.sc.nedits != 0) {
		fprintf(stderr, "second pass: rc %d, %zu edits\n", rc,
			m2.sc.nedits);
		diags_print(&d2);
	}
	CHECK(rc == 0);
	CHECK(m2.sc.nedits == 0);
	markdown_release(&m2);
	diags_release(&d2);
	source_release(&src2);
	free(again);
out:
	markdown_release(&m);
	diags_release(&d);
	source_release(&src);
}

/* One thread and two read the text the same. */
static void two_threads_check(const char *text, size_t size)
{
	static const char *const bind4[] = { "127.0.0.1" };
	const struct shellcmd_opts opts = { .binds = bind4, .nbinds = 1 };
	struct source src[2];
	struct diags d[2];
	struct markdown m[2];
	int rc[2];
	for (int k = 0; k < 2; k++) {
		source_init(&src[k], text, size);
		diags_init(&d[k]);
		markdown_init(&m[k]);
		m[k].split_from = k ? 0 : SIZE_MAX;
	}
	if (source_check_text(&src[0], &d[0])) {
		for (int k = 0; k < 2; k++) {
			rc[k] = markdown_run(&m[k], &src[k], &opts, &d[k]);
		}
		if (rc[0] != rc[1]) {
			/* md4c's reading may turn on offsets (markdown.h):
			 * only a proof by its parse may go one way, and
			 * the other; nothing else */
			int k = rc[0] == 1 ? 0 : 1;
			CHECK(rc[k] == 1 && rc[!k] == 0 && d[k].n > 0);
			const char *why = d[k].v[d[k].n - 1].msg;
			CHECK(strstr(why, "would not parse the same") ||
			      strstr(why, "reads otherwise parsed whole"));
			goto out;
		}
		CHECK(d[0].errors == d[1].errors);
		CHECK(m[0].sc.n == m[1].sc.n && m[0].ntexts == m[1].ntexts);
		for (size_t i = 0; i < m[0].sc.n; i++) {
			CHECK(m[0].sc.v[i].kind == m[1].sc.v[i].kind);
			CHECK(m[0].sc.v[i].off == m[1].sc.v[i].off);
		}
		CHECK(m[0].out.len == m[1].out.len);
		CHECK(m[0].out.len == 0 ||
		      memcmp(m[0].out.data, m[1].out.data, m[0].out.len) == 0);
	}
out:
	for (int k = 0; k < 2; k++) {
		markdown_release(&m[k]);
		diags_release(&d[k]);
		source_release(&src[k]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > INPUT_MAX) {
		return -1;
	}
	/* An exact-size copy and the NUL every struct buf has (md4c reads
	 * it, see mdview.h), so ASan sees any read past that. */
	char *text = malloc(size + 1);
	if (!text) {
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';

	static const char *const bind4[] = { "127.0.0.1" };
	static const char *const bind46[] = { "127.0.0.1", "::1" };
	static const unsigned allow[] = { 80 };
	const struct shellcmd_opts opts[] = {
		{ .binds = bind4, .nbinds = 1 },
		{ .binds = bind46, .nbinds = 2, .fix_explicit = true },
		{ .binds = bind4,
		  .nbinds = 1,
		  .allow_ports = allow,
		  .nallow_ports = 1 },
	};
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		pass_check(text, size, &opts[i]);
	}
	/* every cut is a parse: small inputs only */
	if (size <= 8192 && !memchr(text, '\0', size)) {
		char why[256];
		size_t taken, refused;
		int rc = view_cuts_try(text, size, &taken, &refused, why,
				       sizeof(why));
		if (rc == 2) {
			fprintf(stderr, "%s\n", why);
		}
		CHECK(rc != 2);
	}
	two_threads_check(text, size);
	free(text);
	return 0;
}
