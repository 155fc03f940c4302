#include "portspec.h"

/*
 * Each rule below is go-connections' nat as current docker compose and
 * docker run link it (v0.7). Where v0.4 (Debian's package, the oracle
 * test's parser) read an entry otherwise, the rule says so; a rule with
 * no version note is the same in both.
 */

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

enum port_value {
	PORT_BAD,
	PORT_NUMBER,
	PORT_VARIABLE,
};

static bool is_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

static size_t span_end(struct portspec_span sp)
{
	return sp.off + sp.len;
}

/*
 * The head of a braced token at s[0..1] == "${": "${NAME}" (closed) or
 * "${NAME" plus its operator ("${NAME:-"), after which a body follows.
 * Returns its length, 0 when malformed.
 */
static size_t brace_head(const char *s, size_t len, bool *closed)
{
	size_t i = 2;

	if (i >= len || !is_name_start(s[i])) {
		return 0;
	}
	while (i < len && is_name_char(s[i])) {
		i++;
	}
	if (i >= len) {
		return 0;
	}
	if (s[i] == '}') {
		*closed = true;
		return i + 1;
	}
	if (s[i] == ':') {
		i++;
	}
	if (i >= len || (s[i] != '-' && s[i] != '?' && s[i] != '+')) {
		return 0;
	}
	*closed = false;
	return i + 1;
}

size_t portspec_interp_len(const char *s, size_t len)
{
	size_t i;
	size_t depth = 0;

	if (len == 0 || s[0] != '$') {
		return 0;
	}
	if (len == 1) {
		return 1;
	}
	if (s[1] == '$') {
		return 2;
	}
	if (is_name_start(s[1])) {
		i = 2;
		while (i < len && is_name_char(s[i])) {
			i++;
		}
		return i;
	}
	if (s[1] != '{') {
		return 1;
	}

	/*
	 * Iterative rather than recursive so that a hostile "${A:-${A:-..."
	 * cannot exhaust the stack. Each round reads one head at s[i] ==
	 * "${", then the body of the innermost open token up to the next
	 * nested head.
	 */
	i = 0;
	for (;;) {
		bool closed;
		size_t n = brace_head(s + i, len - i, &closed);

		if (n == 0) {
			return 0;
		}
		i += n;
		if (closed && depth == 0) {
			return i;
		}
		if (!closed) {
			depth++;
		}
		for (;;) {
			char next;

			if (i >= len) {
				return 0;
			}
			next = i + 1 < len ? s[i + 1] : '\0';
			if (s[i] == '}') {
				i++;
				if (--depth == 0) {
					return i;
				}
			} else if (s[i] == '$' && next == '$') {
				i += 2;
			} else if (s[i] == '$' && next == '{') {
				break;
			} else {
				i++;
			}
		}
	}
}

/*
 * The token at s[i] inside a span ending at end: called only on text the
 * whole-entry scan found well formed, so a 0 cannot happen; it would
 * still advance.
 */
static size_t token_len(const char *s, size_t i, size_t end)
{
	size_t n;

	if (s[i] != '$') {
		return 1;
	}
	n = portspec_interp_len(s + i, end - i);
	return n ? n : 1;
}

static bool token_is_interp(const char *s, size_t i, size_t n)
{
	return n >= 2 && s[i + 1] != '$';
}

static bool span_has_interp(const char *s, struct portspec_span sp)
{
	size_t end = span_end(sp);
	size_t i = sp.off;

	while (i < end) {
		size_t n = token_len(s, i, end);

		if (token_is_interp(s, i, n)) {
			return true;
		}
		i += n;
	}
	return false;
}

/* Every byte outside interpolations satisfies ok(). */
static bool span_literals_ok(const char *s, struct portspec_span sp,
			     bool (*ok)(char))
{
	size_t end = span_end(sp);
	size_t i = sp.off;

	while (i < end) {
		size_t n = token_len(s, i, end);

		if (!token_is_interp(s, i, n)) {
			size_t k;

			for (k = i; k < i + n; k++) {
				if (!ok(s[k])) {
					return false;
				}
			}
		}
		i += n;
	}
	return true;
}

/* Offset of the first c outside interpolations in sp, or SIZE_MAX. */
static size_t span_find(const char *s, struct portspec_span sp, char c)
{
	size_t end = span_end(sp);
	size_t i = sp.off;

	while (i < end) {
		size_t n = token_len(s, i, end);

		if (n == 1 && s[i] == c) {
			return i;
		}
		i += n;
	}
	return SIZE_MAX;
}

/* Offset of the last c outside interpolations in sp, or SIZE_MAX. */
static size_t span_find_last(const char *s, struct portspec_span sp, char c)
{
	size_t end = span_end(sp);
	size_t i = sp.off;
	size_t found = SIZE_MAX;

	while (i < end) {
		size_t n = token_len(s, i, end);

		if (n == 1 && s[i] == c) {
			found = i;
		}
		i += n;
	}
	return found;
}

/*
 * One port number as nat v0.7's parsePortNumber reads it
 * (strconv.ParseInt base 10): an optional sign, then decimal digits
 * (leading zeros allowed), 0..65535. nat v0.4 (ParseUint) took no sign:
 * "+80" is a port for v0.7 only.
 */
static bool number_parse(const char *s, size_t len, unsigned long *out)
{
	unsigned long v = 0;
	bool neg = false;
	size_t i = 0;

	if (len > 0 && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		i = 1;
	}
	if (i >= len) {
		return false;
	}
	for (; i < len; i++) {
		if (!is_digit(s[i])) {
			return false;
		}
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > 65535) {
			return false;
		}
	}
	/* only "-0" survives a minus sign (and only after a range's dash) */
	if (neg && v != 0) {
		return false;
	}
	*out = v;
	return true;
}

static bool is_port_literal(char c)
{
	return is_digit(c) || c == '-' || c == '+';
}

/*
 * A port or port range as nat v0.7's parsePortRange takes it: split at
 * the first '-' into START and END, each a number; "N" or "START-END"
 * with START <= END, and END is not read at all when it is the same text
 * as START. v0.7 rejects a second dash ("8000-8010-9999", read as END
 * "8010-9999"); v0.4 read only the first two parts and accepted it. A
 * part with an interpolation cannot be checked, but its literal bytes
 * still can.
 */
static enum port_value port_parse(const char *s, struct portspec_span sp,
				  unsigned long *lo, unsigned long *hi)
{
	const char *p = s + sp.off;
	const char *dash;
	size_t slen, elen;

	if (sp.len == 0) {
		return PORT_BAD;
	}
	if (span_has_interp(s, sp)) {
		if (!span_literals_ok(s, sp, is_port_literal)) {
			return PORT_BAD;
		}
		return PORT_VARIABLE;
	}
	dash = memchr(p, '-', sp.len);
	slen = dash ? (size_t)(dash - p) : sp.len;
	if (!number_parse(p, slen, lo)) {
		return PORT_BAD;
	}
	*hi = *lo;
	if (!dash) {
		return PORT_NUMBER;
	}
	elen = sp.len - slen - 1;
	if (elen == slen && memcmp(p, dash + 1, slen) == 0) {
		return PORT_NUMBER;
	}
	if (!number_parse(dash + 1, elen, hi) || *hi < *lo) {
		return PORT_BAD;
	}
	return PORT_NUMBER;
}

bool portspec_range(const char *s, size_t len, unsigned *lo, unsigned *hi)
{
	struct portspec_span sp = { 0, len };
	unsigned long a, b;

	if (port_parse(s, sp, &a, &b) != PORT_NUMBER) {
		return false;
	}
	*lo = (unsigned)a;
	*hi = (unsigned)b;
	return true;
}

static bool proto_ok(const char *s, struct portspec_span sp)
{
	const char *p = s + sp.off;

	/*
	 * nat v0.7's SplitProtoPort cuts at the first '/' and keeps the rest:
	 * "80/udp/x" has the protocol "udp/x", which is none; v0.4 split at
	 * every '/' and took "udp". "80/" is "80/tcp" for both.
	 */
	if (sp.len == 0) {
		return true;
	}
	if (span_has_interp(s, sp)) {
		return span_literals_ok(s, sp, is_alpha);
	}
	return (sp.len == 3 && (strncasecmp(p, "tcp", 3) == 0 ||
				strncasecmp(p, "udp", 3) == 0)) ||
	       (sp.len == 4 && strncasecmp(p, "sctp", 4) == 0);
}

int portspec_addr(const char *s, size_t len, bool *wildcard)
{
	/* The longest literal is "ffff:ffff:ffff:ffff:ffff:ffff:1.2.3.4". */
	char tmp[INET6_ADDRSTRLEN];
	unsigned char bin[16];
	static const unsigned char zero[16];
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
	};
	bool wild = false;
	int version = 0;

	if (len > 0 && len < sizeof(tmp) && !memchr(s, '\0', len)) {
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		if (inet_pton(AF_INET, tmp, bin) == 1) {
			version = 4;
			wild = memcmp(bin, zero, 4) == 0;
		} else if (inet_pton(AF_INET6, tmp, bin) == 1) {
			version = 6;
			/* ::ffff:0.0.0.0 is 0.0.0.0 to Docker (net.IP.To4). */
			wild = memcmp(bin, zero, 16) == 0 ||
			       (memcmp(bin, mapped, 12) == 0 &&
				memcmp(bin + 12, zero, 4) == 0);
		}
	}
	if (wildcard) {
		*wildcard = wild;
	}
	return version;
}

enum portspec_kind portspec_ip_kind(const char *s, size_t len, const char **why)
{
	bool wild;
	int version;

	if (len == 0) {
		return PORTSPEC_EMPTY_IP;
	}
	if (s[0] == '[') {
		/*
		 * nat v0.7 (and v0.4) strip the brackets with
		 * net.SplitHostPort(ip + ":"): exactly "[X]", no other bracket
		 * in X. X may be any address, IPv4 too, or nothing: "[]" is no
		 * address at all, every interface.
		 */
		if (len < 2 || s[len - 1] != ']' ||
		    memchr(s + 1, '[', len - 1) ||
		    memchr(s + 1, ']', len - 2)) {
			*why = "invalid ip address";
			return PORTSPEC_INVALID;
		}
		if (len == 2) {
			return PORTSPEC_EMPTY_IP;
		}
		s++;
		len -= 2;
	}
	/*
	 * net.ParseIP. A bare IPv6 address ("::1:80:80") is one for nat v0.7;
	 * v0.4 passed every address through SplitHostPort, which refused it.
	 * "*" is no address for either (nor for Docker).
	 */
	version = portspec_addr(s, len, &wild);
	if (version == 0) {
		*why = "invalid ip address";
		return PORTSPEC_INVALID;
	}
	return wild ? PORTSPEC_WILDCARD : PORTSPEC_BOUND;
}

static bool is_ip_literal(char c)
{
	return is_hex(c) || c == '.' || c == ':' || c == '[' || c == ']';
}

/* The kind an IP part gives the entry; PORTSPEC_INVALID sets *why. */
static enum portspec_kind ip_kind(const char *s, struct portspec_span ip,
				  const char **why)
{
	if (ip.len > 0 && span_has_interp(s, ip)) {
		if (!span_literals_ok(s, ip, is_ip_literal)) {
			*why = "invalid ip address";
			return PORTSPEC_INVALID;
		}
		return PORTSPEC_VARIABLE_IP;
	}
	return portspec_ip_kind(s + ip.off, ip.len, why);
}

/* Checks a host port against the container port, as ParsePortSpec does. */
static bool host_check(const char *s, struct portspec_span host,
		       enum port_value cv, unsigned long clo, unsigned long chi,
		       const char **why)
{
	unsigned long lo, hi;
	enum port_value hv;

	/* An empty HOST is an ephemeral port. */
	if (host.len == 0) {
		return true;
	}
	hv = port_parse(s, host, &lo, &hi);
	if (hv == PORT_BAD) {
		*why = "invalid host port";
		return false;
	}
	/* A host range with one container port is a range to pick from. */
	if (hv == PORT_NUMBER && cv == PORT_NUMBER && hi - lo != chi - clo &&
	    chi != clo) {
		*why = "host and container port ranges differ";
		return false;
	}
	return true;
}

/*
 * When HOST is exactly one "${VAR:-DEFAULT}" (or "-", ":+", "+") whose
 * text has a colon outside nested interpolations, the entry reads as
 * "DEFAULT:CONTAINER" and the default's text before its last colon is an
 * IP. Returns whether host is such a token, with *text the span of that
 * text and *colon the offset of its last colon, and *alt set for the
 * ":+"/"+" forms (whose text applies when VAR is set).
 */
static bool host_default(const char *s, struct portspec_span host,
			 struct portspec_span *text, size_t *colon, bool *alt)
{
	const char *p = s + host.off;
	size_t i = 2;

	if (host.len < 2 || p[0] != '$' || p[1] != '{' ||
	    portspec_interp_len(p, host.len) != host.len) {
		return false;
	}
	while (is_name_char(p[i])) {
		i++;
	}
	if (p[i] == '}') {
		return false;
	}
	if (p[i] == ':') {
		i++;
	}
	if (p[i] == '?') {
		return false;
	}
	*alt = p[i] == '+';
	text->off = host.off + i + 1;
	text->len = host.len - i - 2;
	*colon = span_find_last(s, *text, ':');
	return *colon != SIZE_MAX;
}

void portspec_parse(const char *s, size_t len, struct portspec *out)
{
	size_t last = SIZE_MAX;
	size_t prev = SIZE_MAX;
	size_t ncolon = 0;
	size_t i = 0;
	size_t slash;
	unsigned long clo = 0, chi = 0;
	enum port_value cv;
	struct portspec_span text;
	size_t colon;
	bool alt;

	memset(out, 0, sizeof(*out));
	out->kind = PORTSPEC_INVALID;

	while (i < len) {
		size_t n = 1;

		if (s[i] == '$') {
			n = portspec_interp_len(s + i, len - i);
			if (n == 0) {
				out->why = "unbalanced interpolation";
				return;
			}
			if (i == 0 && n == len && token_is_interp(s, 0, n)) {
				out->kind = PORTSPEC_UNDECIDABLE;
				out->container.len = len;
				return;
			}
		} else if (s[i] == ':') {
			prev = last;
			last = i;
			ncolon++;
		}
		i += n;
	}

	if (ncolon == 0) {
		out->container.len = len;
	} else {
		out->has_host = true;
		out->container.off = last + 1;
		out->container.len = len - last - 1;
		if (ncolon == 1) {
			out->host.len = last;
		} else {
			out->has_ip = true;
			out->ip.len = prev;
			out->host.off = prev + 1;
			out->host.len = last - prev - 1;
		}
	}
	slash = span_find(s, out->container, '/');
	if (slash != SIZE_MAX) {
		out->proto.off = slash + 1;
		out->proto.len = span_end(out->container) - slash - 1;
		out->container.len = slash - out->container.off;
	}

	/*
	 * The order of nat v0.7's ParsePortSpec checks, which only decides
	 * the reason given (v0.4 checked the address first, the protocol
	 * last).
	 */
	if (out->container.len == 0) {
		out->why = "missing container port";
		return;
	}
	if (!proto_ok(s, out->proto)) {
		out->why = "invalid protocol";
		return;
	}
	if (out->has_ip) {
		out->kind = ip_kind(s, out->ip, &out->why);
		if (out->kind == PORTSPEC_INVALID) {
			return;
		}
	}
	cv = port_parse(s, out->container, &clo, &chi);
	if (cv == PORT_BAD) {
		out->kind = PORTSPEC_INVALID;
		out->why = "invalid container port";
		return;
	}

	if (!out->has_ip && out->has_host &&
	    host_default(s, out->host, &text, &colon, &alt)) {
		if (alt) {
			/* Its text holds the IP only when VAR is set. */
			out->kind = PORTSPEC_VARIABLE_IP;
			return;
		}
		out->from_default = true;
		out->has_ip = true;
		out->ip.off = text.off;
		out->ip.len = colon - text.off;
		out->host.off = colon + 1;
		out->host.len = span_end(text) - colon - 1;
		out->kind = ip_kind(s, out->ip, &out->why);
		if (out->kind == PORTSPEC_INVALID) {
			out->why =
				"invalid ip address in interpolation default";
			return;
		}
		if (!host_check(s, out->host, cv, clo, chi, &out->why)) {
			out->kind = PORTSPEC_INVALID;
			out->why = "invalid host port in interpolation default";
		}
		return;
	}

	if (out->has_host &&
	    !host_check(s, out->host, cv, clo, chi, &out->why)) {
		out->kind = PORTSPEC_INVALID;
		return;
	}
	if (!out->has_ip) {
		out->kind = out->has_host ? PORTSPEC_UNBOUND
					  : PORTSPEC_CONTAINER_ONLY;
	}
}

const char *portspec_kind_name(enum portspec_kind kind)
{
	switch (kind) {
	case PORTSPEC_INVALID:
		return "invalid";
	case PORTSPEC_CONTAINER_ONLY:
		return "container-only";
	case PORTSPEC_UNBOUND:
		return "unbound";
	case PORTSPEC_EMPTY_IP:
		return "empty-ip";
	case PORTSPEC_BOUND:
		return "bound";
	case PORTSPEC_WILDCARD:
		return "explicit-wildcard";
	case PORTSPEC_VARIABLE_IP:
		return "variable";
	case PORTSPEC_UNDECIDABLE:
		return "undecidable";
	}
	return "unknown";
}

bool portspec_fix(const struct portspec *ps, const char *s, const char *addr,
		  bool fix_explicit, struct portspec_fix *fix)
{
	struct portspec_fix f = { 0 };
	const char *suffix = "";
	size_t alen, slen;
	int version;

	if (!ps || !addr || !fix || ps->from_default) {
		return false;
	}
	alen = strlen(addr);
	version = portspec_addr(addr, alen, NULL);
	if (version == 0) {
		return false;
	}

	switch (ps->kind) {
	case PORTSPEC_UNBOUND:
		suffix = ":";
		break;
	case PORTSPEC_EMPTY_IP:
		/* the address replaces the IP part: nothing, or "[]" */
		f.off = ps->ip.off;
		f.del = ps->ip.len;
		break;
	case PORTSPEC_CONTAINER_ONLY:
		/* Not "ADDR:3000": Docker would read 3000 as the host port. */
		suffix = "::";
		break;
	case PORTSPEC_WILDCARD:
		if (!fix_explicit || !ps->has_ip || !s) {
			return false;
		}
		f.off = ps->ip.off;
		f.del = ps->ip.len;
		break;
	default:
		return false;
	}

	slen = strlen(suffix);
	if (alen + slen + 2 >= sizeof(f.text)) {
		return false;
	}
	if (version == 6) {
		f.text[f.len++] = '[';
	}
	memcpy(f.text + f.len, addr, alen);
	f.len += alen;
	if (version == 6) {
		f.text[f.len++] = ']';
	}
	memcpy(f.text + f.len, suffix, slen);
	f.len += slen;
	f.text[f.len] = '\0';

	if (f.del == f.len && memcmp(s + f.off, f.text, f.len) == 0) {
		return false;
	}
	*fix = f;
	return true;
}
