#ifndef COMPOSEFIX_PORTSPEC_H
#define COMPOSEFIX_PORTSPEC_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The grammar of one short-syntax port entry, as Docker reads it
 * (docker/go-connections nat.ParsePortSpec after compose interpolation):
 *
 *     [[IP:]HOST:]CONTAINER[/PROTOCOL]
 *
 * The last two colon-separated parts are HOST and CONTAINER, everything
 * before them is IP ("[::1]" or bare "::1" for IPv6). Where nat's
 * versions disagree, the rules follow nat v0.7, which current docker
 * compose and docker run link (portspec.c notes each such rule; Debian's
 * v0.4 differs on a leading '+' in a port, a bare IPv6 address, a second
 * '/' or a second '-'). Interpolations
 * ($VAR, ${VAR}, ${VAR:-x}, nested ${A:-${B:-1}}, and the escape $$) are
 * single tokens: a colon inside one never splits. Pure: no allocation, no
 * global state.
 */

enum portspec_kind {
	PORTSPEC_INVALID,	 /* not a port entry Docker accepts */
	PORTSPEC_CONTAINER_ONLY, /* "3000": ephemeral host port, all interfaces
				  */
	PORTSPEC_UNBOUND,	 /* "8080:80": no IP, all interfaces */
	PORTSPEC_EMPTY_IP,	 /* ":8080:80", "::80", "[]:80:80": no IP, all
				    interfaces */
	PORTSPEC_BOUND,		 /* a specific IP address */
	PORTSPEC_WILDCARD,	 /* an explicit 0.0.0.0, ::, [::], [0.0.0.0] */
	PORTSPEC_VARIABLE_IP,	 /* the IP part holds an interpolation */
	PORTSPEC_UNDECIDABLE,	 /* the whole entry is one interpolation */
};

/* A part of the entry: byte offset and length inside the parsed string. */
struct portspec_span {
	size_t off;
	size_t len;
};

struct portspec {
	enum portspec_kind kind;
	bool has_ip;		 /* an IP part is present (it may be empty) */
	bool has_host;		 /* a HOST part is present (it may be empty) */
	struct portspec_span ip; /* with brackets when bracketed */
	struct portspec_span host;
	/* Without the protocol; the whole entry for PORTSPEC_UNDECIDABLE. */
	struct portspec_span container;
	/* After the first '/', len 0 when absent or empty ("80/" is tcp). */
	struct portspec_span proto;
	/*
	 * The IP comes from the default of a HOST interpolation with a colon
	 * in it ("${P:-127.0.0.1:8080}:80" reads as "127.0.0.1:8080:80" when P
	 * is unset): ip and host then point inside that default, kind is the
	 * default IP's kind, and the entry is never fixed. With ":+" or "+"
	 * the text applies when the variable is set: PORTSPEC_VARIABLE_IP.
	 */
	bool from_default;
	const char *why; /* for PORTSPEC_INVALID: a static, lower-case reason */
};

/* Parses s[0..len) (need not be NUL-terminated). Always fills *out. */
void portspec_parse(const char *s, size_t len, struct portspec *out);

/* The kind's name as reports show it ("unbound", "container-only", ...). */
const char *portspec_kind_name(enum portspec_kind kind);

/*
 * Length of the interpolation token starting at s[0] == '$' (at most len):
 * "$$" is 2, "$VAR" the name's length plus 1, "${...}" up to and including
 * the matching '}' (nested "${" counted). A '$' not followed by '$', '{'
 * or a name character is a literal one-byte token. Returns 0 when the
 * token is malformed (unbalanced "${", empty "${}", a bad name or operator:
 * only ${VAR}, ${VAR:-x}, ${VAR-x}, ${VAR:?x}, ${VAR?x}, ${VAR:+x} and
 * ${VAR+x} are tokens), when len is 0 or when s[0] is not '$'.
 */
size_t portspec_interp_len(const char *s, size_t len);

/* The splice that binds an entry: replace del bytes at off with text. */
struct portspec_fix {
	size_t off;
	size_t del;
	char text[64];
	size_t len;
};

/*
 * Computes the fix that binds the entry ps (parsed from s) to addr, an IP
 * literal ("127.0.0.1", "::1"; IPv6 is written in brackets). Unbound and
 * empty-IP entries get the address in front ("127.0.0.1:8080:80"),
 * container-only ones "ADDR::" ("127.0.0.1::3000"). With fix_explicit, a
 * wildcard IP is replaced by addr. Returns true and fills *fix when the
 * entry needs a change, false otherwise: also for from_default entries,
 * when addr is not a valid IP literal, or when the IP already is addr.
 */
bool portspec_fix(const struct portspec *ps, const char *s, const char *addr,
		  bool fix_explicit, struct portspec_fix *fix);

/*
 * Reads s[0..len) as one port or port range ("8080", "3000-3400") the way
 * nat v0.7 does (see portspec.c): stores its first and last port and
 * returns true, or returns false for anything else (an interpolation
 * too).
 */
bool portspec_range(const char *s, size_t len, unsigned *lo, unsigned *hi);

/*
 * The kind of an IP part s[0..len) with no interpolation in it, as nat
 * v0.7 reads it: PORTSPEC_EMPTY_IP for "" and "[]", PORTSPEC_BOUND or
 * PORTSPEC_WILDCARD for an IPv4 or IPv6 address, bare or in brackets
 * ("[127.0.0.1]" too), else PORTSPEC_INVALID with a static reason in *why.
 */
enum portspec_kind portspec_ip_kind(const char *s, size_t len,
				    const char **why);

/*
 * Classifies the IP literal s[0..len) (no brackets, need not be
 * NUL-terminated). Returns 4 or 6 for a valid IPv4 or IPv6 address, 0
 * otherwise; *wildcard, when wildcard is not NULL, tells whether it is
 * the unspecified address (0.0.0.0, ::, ::0, ::ffff:0.0.0.0, ...).
 */
int portspec_addr(const char *s, size_t len, bool *wildcard);

#endif
