/*
 * libFuzzer harness for the whole pipeline: the input bytes are a compose
 * file, fixed with bind address 127.0.0.1, then again dual-stack
 * (127.0.0.1 and ::1) with explicit wildcards rebound, then with two
 * services allowed. Checks that a
 * failure carries an error, that every site and finding points inside the
 * input,
 * that the new bytes are the old ones with exactly the listed splices, and
 * that they parse again and need no second fix.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"

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

static void sites_check(const struct compose *c, size_t len)
{
	const struct doc *doc = &c->doc;
	for (size_t i = 0; i < c->sites.n; i++) {
		const struct site *fd = &c->sites.v[i];
		node_check(doc, fd->node, len);
		/* one site per node, in document order */
		CHECK(i == 0 || c->sites.v[i - 1].node < fd->node);
		switch (fd->kind) {
		case FINDING_HOST_NETWORK:
		case FINDING_SHARED_NETWORK:
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

/* The generic findings: inside the input, fixes inside it too. */
static void findings_check(const struct scan *s, size_t len)
{
	const struct findings *f = &s->findings;
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		CHECK(x->at <= x->end && x->end <= len);
		CHECK(x->fix + x->nfix <= f->nfixes);
		CHECK((size_t)x->kind < FINDING_KIND_COUNT);
		for (size_t k = x->fix; k < x->fix + x->nfix; k++) {
			CHECK(f->fixes[k].off <= len &&
			      f->fixes[k].del <= len - f->fixes[k].off);
		}
	}
}

/* new == old with the edits applied, and nothing else changed. */
static void splices_check(const struct edit *e, size_t ne, const char *old,
			  size_t len, const struct buf *out)
{
	const char *new = out->data;
	size_t nlen = out->len;
	size_t o = 0, n = 0;
	CHECK(new != NULL);
	for (size_t i = 0; i < ne; i++) {
		CHECK(e[i].off >= o && e[i].off <= len &&
		      e[i].del <= len - e[i].off);
		CHECK(e[i].ins_len > 0 || e[i].del > 0);
		size_t keep = e[i].off - o;
		CHECK(keep <= nlen - n);
		CHECK(memcmp(old + o, new + n, keep) == 0);
		n += keep;
		CHECK(e[i].ins_len <= nlen - n);
		CHECK(memcmp(new + n, e[i].ins, e[i].ins_len) == 0);
		n += e[i].ins_len;
		o = e[i].off + e[i].del;
	}
	CHECK(len - o == nlen - n);
	CHECK(memcmp(old + o, new + n, len - o) == 0);
}

/* The front end over src, its fixes applied and verified: the number of
 * fixes, or -1 when it failed (with an error, as the contract says). */
static long pass(const char *src, size_t size, const struct frontend_opts *o,
		 struct buf *out)
{
	const struct frontend *fe = &compose_frontend;
	struct scan s;
	memset(&s, 0, sizeof(s));
	findings_init(&s.findings);
	diags_init(&s.diags);
	if (fe->scan(&s, src, size, o) < 0) {
		CHECK(s.diags.errors > 0);
		scan_release(fe, &s);
		return -1;
	}
	CHECK(s.diags.errors == 0);
	sites_check(s.state, size);
	findings_check(&s, size);
	struct edit *e;
	size_t ne;
	CHECK(scan_edits(&s, &e, &ne) == 0);
	long fixes = (long)ne;
	if (ne > 0) {
		CHECK(edit_sort_check(e, ne, size) == 0);
		CHECK(edit_apply(src, size, e, ne, out) == 0);
		splices_check(e, ne, src, size, out);
		if (!fe->verify(&s, out->data, out->len, &s.diags)) {
			diags_print(&s.diags);
			CHECK(!"verified");
		}
	}
	free(e);
	scan_release(fe, &s);
	return fixes;
}

/* One fix under opts, checked, and a second pass over its output. */
static void pass_check(const char *src, size_t size,
		       const struct frontend_opts *opts)
{
	struct buf out;
	buf_init(&out);
	long n = pass(src, size, opts, &out);
	if (n > 0) {
		char *copy = malloc(out.len ? out.len : 1);
		CHECK(copy != NULL);
		memcpy(copy, out.data, out.len);
		struct buf again;
		buf_init(&again);
		long m = pass(copy, out.len, opts, &again);
		if (m != 0) {
			fprintf(stderr, "second pass: %ld fixes\n", m);
		}
		CHECK(m == 0);
		buf_release(&again);
		free(copy);
	}
	buf_release(&out);
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
	const struct frontend_opts opts[] = {
		{ .binds = bind4, .nbinds = 1 },
		{ .binds = bind46, .nbinds = 2, .fix_explicit = true },
		{ .binds = bind4,
		  .nbinds = 1,
		  .allow_services = allow,
		  .nallow_services = 2 },
	};
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		pass_check(src, size, &opts[i]);
	}
	free(src);
	return 0;
}
