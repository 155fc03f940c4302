/*
 * libFuzzer harness for the shell lexer and the docker-run analysis. The
 * first byte picks the dialect (a shell script, a Makefile read through
 * its scanner, a console session) and the options (dual-stack, rebinding
 * explicit wildcards); the rest is the text. Checks that a refusal says
 * where, that every finding and splice points inside the input, that the
 * new bytes are the old ones with exactly the splices (the bytes outside
 * them unchanged), that the verifier accepts them, and that a second run
 * over them plans nothing.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "edit.h"
#include "makefile.h"
#include "shellcmd.h"
#include "source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define INPUT_MAX (64 * 1024)

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

/* The texts of one file: a whole script, or a Makefile's recipes. */
struct texts {
	struct makefile mk;
	struct shellcmd_seg whole;
	enum shellcmd_dialect dialect;
};

static size_t texts_scan(struct texts *t, const char *s, size_t len,
			 enum shellcmd_dialect d)
{
	makefile_init(&t->mk);
	t->whole = (struct shellcmd_seg){ 0, len };
	t->dialect = d;
	if (d != SHELLCMD_MAKE) {
		return 1;
	}
	CHECK(makefile_scan(&t->mk, s, len) == 0);
	return t->mk.ntexts;
}

static struct shellcmd_input texts_input(const struct texts *t, size_t i,
					 struct source *src)
{
	if (t->dialect == SHELLCMD_MAKE) {
		return makefile_input(&t->mk, i, src);
	}
	return (struct shellcmd_input){ src, &t->whole, 1, t->dialect };
}

/* Analyses every text of src; returns false when one does not lex. */
static bool analyze(struct shellcmd *sc, const struct texts *t, size_t n,
		    struct source *src, const struct shellcmd_opts *o)
{
	for (size_t i = 0; i < n; i++) {
		struct shellcmd_input in = texts_input(t, i, src);
		int rc = shellcmd_analyze(sc, &in, o);
		CHECK(rc == 0 || rc == 1);
		if (rc == 1) {
			CHECK(sc->error.off <= src->len);
			CHECK(sc->error.line >= 1 && sc->error.msg[0]);
			return false;
		}
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > INPUT_MAX) {
		return 0;
	}
	static const enum shellcmd_dialect dialects[] = {
		SHELLCMD_SH, SHELLCMD_MAKE, SHELLCMD_CONSOLE, SHELLCMD_SH
	};
	const char *binds[] = { "127.0.0.1", "::1" };
	struct shellcmd_opts o = { 0 };
	o.binds = binds;
	o.nbinds = (data[0] & 4) ? 2 : 1;
	o.fix_explicit = (data[0] & 8) != 0;
	enum shellcmd_dialect d = dialects[data[0] & 3];
	const char *text = (const char *)data + 1;
	size_t len = size - 1;

	struct source src, nsrc;
	struct texts t, nt;
	struct shellcmd sc, sc2;
	struct buf out;
	source_init(&src, text, len);
	shellcmd_init(&sc);
	shellcmd_init(&sc2);
	buf_init(&out);
	size_t n = texts_scan(&t, text, len, d);
	o.cli_vars = (const char *const *)t.mk.vars;
	o.ncli_vars = t.mk.nvars;
	if (!analyze(&sc, &t, n, &src, &o)) {
		goto done;
	}
	for (size_t i = 0; i < sc.n; i++) {
		const struct shellcmd_finding *f = &sc.v[i];
		CHECK(f->off <= len && f->value_off <= f->value_end &&
		      f->value_end <= len && f->command && f->value);
		CHECK(f->first_edit + f->nedits <= sc.nedits);
		CHECK((f->nedits > 0) == (f->fixed != NULL));
	}
	struct edit *e = calloc(sc.nedits + 1, sizeof(*e));
	CHECK(e);
	if (sc.nedits) {
		memcpy(e, sc.edits, sc.nedits * sizeof(*e));
	}
	CHECK(edit_sort_check(e, sc.nedits, len) == 0);
	CHECK(edit_apply(text, len, e, sc.nedits, &out) == 0);
	if (!out.data) {
		buf_adds(&out, "");
	}
	/* The bytes outside the splices are the old ones. */
	size_t at = 0, nat = 0;
	for (size_t i = 0; i <= sc.nedits; i++) {
		size_t stop = i < sc.nedits ? e[i].off : len;
		CHECK(stop >= at);
		CHECK(nat + (stop - at) <= out.len);
		CHECK(memcmp(text + at, out.data + nat, stop - at) == 0);
		nat += stop - at;
		if (i < sc.nedits) {
			CHECK(memcmp(out.data + nat, e[i].ins, e[i].ins_len) ==
			      0);
			nat += e[i].ins_len;
			at = stop + e[i].del;
		}
	}
	CHECK(nat == out.len);
	free(e);

	/* Proven, and clean the second time. */
	source_init(&nsrc, out.data, out.len);
	size_t nn = texts_scan(&nt, out.data, out.len, d);
	CHECK(nn == n);
	for (size_t i = 0; i < n; i++) {
		struct shellcmd_input in = texts_input(&t, i, &src);
		struct shellcmd_input nin = texts_input(&nt, i, &nsrc);
		struct shellcmd_error err;
		int rc = shellcmd_verify(&sc, i, &in, &nin, &err);
		if (rc != 0) {
			fprintf(stderr, "verify: %u:%u: %s\n", err.line,
				err.col, err.msg);
		}
		CHECK(rc == 0);
	}
	CHECK(analyze(&sc2, &nt, nn, &nsrc, &o));
	CHECK(sc2.nedits == 0);
	makefile_release(&nt.mk);
	source_release(&nsrc);
done:
	makefile_release(&t.mk);
	shellcmd_release(&sc);
	shellcmd_release(&sc2);
	source_release(&src);
	buf_release(&out);
	return 0;
}
