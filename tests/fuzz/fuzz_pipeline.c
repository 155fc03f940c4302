/*
 * libFuzzer harness for the whole pipeline: the input bytes are a compose
 * file, fixed with bind address 127.0.0.1, then again dual-stack
 * (127.0.0.1 and ::1) with explicit wildcards rebound, then with two
 * services allowed. Checks that a
 * failure carries an error, that every finding points inside the input,
 * that the new bytes are the old ones with exactly the listed splices, and
 * that they parse again and need no second fix.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Keeps single runs fast; what a large input reaches, a small one reaches
 * too (the corpus test covers real, large files).
 */
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

static void node_check(const struct doc *doc, uint32_t i, size_t len)
{
	CHECK(i < doc->n);
	const struct node *nd = &doc->nodes[i];
	CHECK(nd->start <= nd->stop && nd->stop <= len);
}

/* Like node_check(), for a node that may be absent (UINT32_MAX). */
static void node_check_opt(const struct doc *doc, uint32_t i, size_t len)
{
	if (i != UINT32_MAX) {
		node_check(doc, i, len);
	}
}

static bool span_in_text(const struct doc *doc, uint32_t i, size_t off,
			 size_t len)
{
	size_t tlen;
	doc_text(doc, i, &tlen);
	return off <= tlen && len <= tlen - off;
}

static void findings_check(const struct fix *f, size_t len)
{
	const struct doc *doc = &f->doc;
	for (size_t i = 0; i < f->findings.n; i++) {
		const struct finding *fd = &f->findings.v[i];
		node_check(doc, fd->node, len);
		/* one finding per node, in document order */
		CHECK(i == 0 || f->findings.v[i - 1].node < fd->node);
		switch (fd->kind) {
		case FINDING_HOST_NETWORK:
		case FINDING_NOT_A_LIST:
		case FINDING_BAD_ENTRY:
		case FINDING_DUPLICATE_KEY:
			continue;
		default:
			break;
		}
		node_check(doc, fd->service, len);
		node_check_opt(doc, fd->ports_key, len);
		node_check_opt(doc, fd->list, len);
		node_check_opt(doc, fd->host_ip, len);
		node_check_opt(doc, fd->host_ip_key, len);
		node_check_opt(doc, fd->published, len);
		if (fd->long_syntax) {
			CHECK(doc->nodes[fd->node].kind == NODE_MAP);
			if (fd->has_wild_span) {
				CHECK(fd->host_ip != UINT32_MAX);
				CHECK(span_in_text(doc, fd->host_ip,
						   fd->wild_off, fd->wild_len));
			}
			continue;
		}
		CHECK(doc->nodes[fd->node].kind == NODE_SCALAR);
		if (fd->has_wild_span) {
			CHECK(span_in_text(doc, fd->node, fd->wild_off,
					   fd->wild_len));
		}
		/* The spec's spans point into the entry's value. */
		const struct portspec_span *sp[] = {
			&fd->spec.ip,
			&fd->spec.host,
			&fd->spec.container,
			&fd->spec.proto,
		};
		for (size_t k = 0; k < sizeof(sp) / sizeof(sp[0]); k++) {
			CHECK(span_in_text(doc, fd->node, sp[k]->off,
					   sp[k]->len));
		}
	}
}

/* new == old with f->edits applied, and nothing else changed. */
static void splices_check(const struct fix *f, const char *old, size_t len)
{
	const char *new = f->out.data;
	size_t nlen = f->out.len;
	size_t o = 0, n = 0;
	CHECK(new != NULL);
	for (size_t i = 0; i < f->plan.n; i++) {
		const struct edit *e = &f->edits[i];
		CHECK(e->off >= o && e->off <= len && e->del <= len - e->off);
		CHECK(e->ins_len > 0 || e->del > 0);
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

/* One fix under opts, checked, and a second pass over its output. */
static void pass_check(const char *src, size_t size,
		       const struct fix_opts *opts)
{
	struct fix f;
	int rc = fix_run(&f, src, size, opts);
	if (rc < 0) {
		/* The contract: the reason is an error in the diagnostics. */
		CHECK(f.diags.errors > 0);
		fix_release(&f);
		return;
	}
	CHECK(f.diags.errors == 0);
	findings_check(&f, size);
	if (f.plan.n == 0) {
		CHECK(f.edits == NULL && f.out.len == 0);
		fix_release(&f);
		return;
	}
	splices_check(&f, src, size);

	char *out = malloc(f.out.len ? f.out.len : 1);
	CHECK(out != NULL);
	memcpy(out, f.out.data, f.out.len);
	struct fix g;
	rc = fix_run(&g, out, f.out.len, opts);
	if (rc < 0 || g.plan.n != 0) {
		fprintf(stderr, "second pass: rc %d, %zu edits\n", rc,
			g.plan.n);
		diags_print(&g.diags);
	}
	CHECK(rc == 0);
	CHECK(g.plan.n == 0);
	fix_release(&g);
	free(out);
	fix_release(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > INPUT_MAX) {
		return -1;
	}
	/* An exact-size copy, so ASan sees any read past the end. */
	char *src = malloc(size ? size : 1);
	if (!src) {
		return 0;
	}
	memcpy(src, data, size);

	/*
	 * The default; dual-stack with wildcards rebound too; and services
	 * "a" and "web" allowed, so that entries they share with others go
	 * through the choice of one finding per entry.
	 */
	static const char *const bind4[] = { "127.0.0.1" };
	static const char *const bind46[] = { "127.0.0.1", "::1" };
	static const char *const allow[] = { "a", "web" };
	const struct fix_opts opts[] = {
		{ .plan = { .binds = bind4, .nbinds = 1 } },
		{ .plan = { .binds = bind46,
			    .nbinds = 2,
			    .fix_explicit = true } },
		{ .plan = { .binds = bind4,
			    .nbinds = 1,
			    .allow_services = allow,
			    .nallow_services = 2 } },
	};
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		pass_check(src, size, &opts[i]);
	}
	free(src);
	return 0;
}
