/*
 * libFuzzer harness for the port-entry grammar: the input bytes are one
 * short-syntax port string. Checks that every span lies inside the input
 * and that a fix, applied, gives an entry that is bound to the address,
 * needs no further fix and keeps its host, container and protocol parts.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Longer entries only slow the fuzzer down: no port string is this long. */
#define INPUT_MAX 512

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

static bool span_inside(const struct portspec_span *sp, size_t len)
{
	return sp->off <= len && sp->len <= len - sp->off;
}

static bool span_same(const char *a, const struct portspec_span *sa,
		      const char *b, const struct portspec_span *sb)
{
	return sa->len == sb->len &&
	       memcmp(a + sa->off, b + sb->off, sa->len) == 0;
}

static void spec_check(const struct portspec *ps, size_t len)
{
	CHECK(ps->kind >= PORTSPEC_INVALID && ps->kind <= PORTSPEC_UNDECIDABLE);
	CHECK(portspec_kind_name(ps->kind) != NULL);
	CHECK(span_inside(&ps->ip, len));
	CHECK(span_inside(&ps->host, len));
	CHECK(span_inside(&ps->container, len));
	CHECK(span_inside(&ps->proto, len));
	CHECK(ps->kind != PORTSPEC_INVALID || ps->why != NULL);
	CHECK(!ps->from_default || ps->has_ip);
}

/* Applies fix to s[0..len) and checks what comes out. */
static void fix_check(const char *s, size_t len, const struct portspec *ps,
		      const char *addr, bool fix_explicit)
{
	struct portspec_fix fx;
	if (!portspec_fix(ps, s, addr, fix_explicit, &fx)) {
		return;
	}
	CHECK(ps->kind == PORTSPEC_UNBOUND || ps->kind == PORTSPEC_EMPTY_IP ||
	      ps->kind == PORTSPEC_CONTAINER_ONLY ||
	      (fix_explicit && ps->kind == PORTSPEC_WILDCARD));
	CHECK(!ps->from_default);
	CHECK(fx.off <= len && fx.del <= len - fx.off);
	CHECK(fx.len < sizeof(fx.text) && fx.text[fx.len] == '\0');
	CHECK(strlen(fx.text) == fx.len);

	size_t nlen = len - fx.del + fx.len;
	char *n = malloc(nlen + 1);
	CHECK(n != NULL);
	memcpy(n, s, fx.off);
	memcpy(n + fx.off, fx.text, fx.len);
	memcpy(n + fx.off + fx.len, s + fx.off + fx.del, len - fx.off - fx.del);
	n[nlen] = '\0';

	struct portspec np;
	portspec_parse(n, nlen, &np);
	spec_check(&np, nlen);
	if (np.kind != PORTSPEC_BOUND) {
		fprintf(stderr, "fixed \"%.*s\" -> \"%s\" reads as %s\n",
			(int)len, s, n, portspec_kind_name(np.kind));
	}
	CHECK(np.kind == PORTSPEC_BOUND);
	CHECK(np.has_ip && np.has_host);
	CHECK(!np.from_default);

	/* The address is the one asked for, bracketed when IPv6. */
	const char *ip = n + np.ip.off;
	size_t iplen = np.ip.len;
	if (iplen >= 2 && ip[0] == '[' && ip[iplen - 1] == ']') {
		ip++;
		iplen -= 2;
	}
	CHECK(iplen == strlen(addr) && memcmp(ip, addr, iplen) == 0);

	/* Nothing but the address changed. */
	CHECK(span_same(s, &ps->container, n, &np.container));
	CHECK(span_same(s, &ps->proto, n, &np.proto));
	if (ps->kind == PORTSPEC_CONTAINER_ONLY) {
		CHECK(np.host.len == 0);
	} else {
		CHECK(span_same(s, &ps->host, n, &np.host));
	}

	struct portspec_fix again;
	CHECK(!portspec_fix(&np, n, addr, false, &again));
	CHECK(!portspec_fix(&np, n, addr, true, &again));
	free(n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > INPUT_MAX) {
		return -1;
	}
	/* An exact-size copy, so ASan sees any read past the end. */
	char *s = malloc(size ? size : 1);
	if (!s) {
		return 0;
	}
	memcpy(s, data, size);

	struct portspec ps;
	portspec_parse(s, size, &ps);
	spec_check(&ps, size);

	static const char *const addrs[] = { "127.0.0.1", "::1" };
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		fix_check(s, size, &ps, addrs[i], false);
		fix_check(s, size, &ps, addrs[i], true);
	}

	bool wild;
	int v = portspec_addr(s, size, &wild);
	CHECK(v == 0 || v == 4 || v == 6);
	if (size > 0 && s[0] == '$') {
		CHECK(portspec_interp_len(s, size) <= size);
	}
	free(s);
	return 0;
}
