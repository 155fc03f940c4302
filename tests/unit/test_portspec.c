#include "portspec.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define INV PORTSPEC_INVALID
#define CON PORTSPEC_CONTAINER_ONLY
#define UNB PORTSPEC_UNBOUND
#define EMP PORTSPEC_EMPTY_IP
#define BND PORTSPEC_BOUND
#define WLD PORTSPEC_WILDCARD
#define VAR PORTSPEC_VARIABLE_IP
#define UND PORTSPEC_UNDECIDABLE

/* Brace-initializer macros and tables read best as tables. */
/* clang-format off */

/* An expected span; off -1: the part is absent, -2: not checked. */
struct exp_span {
	long off;
	long len;
};

#define S(o, l) { (o), (l) }
#define NO { -1, 0 }
#define ANY { -2, 0 }
#define P0 { 0, 0 }

/*
 * fix4/fix6: the whole entry after the fix for 127.0.0.1 and ::1 without
 * fix_explicit, xfix4/xfix6 with it; NULL: no fix expected.
 */
#define FIX(a, b) (a), (b), (a), (b)
#define XFIX(a, b) NULL, NULL, (a), (b)
#define NOFIX NULL, NULL, NULL, NULL

struct row {
	const char *in;
	enum portspec_kind kind;
	struct exp_span ip;
	struct exp_span host;
	struct exp_span container;
	struct exp_span proto;
	bool from_default;
	const char *why;
	const char *fix4;
	const char *fix6;
	const char *xfix4;
	const char *xfix6;
};

#define BAD(in, why) { (in), INV, ANY, ANY, ANY, ANY, false, (why), NOFIX }
/* Invalid because of the address in a HOST default. */
#define BAD_DEFAULT(in, why) \
	{ (in), INV, ANY, ANY, ANY, ANY, true, (why), NOFIX }

static const struct row rows[] = {
	/* container only: Docker picks an ephemeral host port */
	{ "3000", CON, NO, NO, S(0, 4), P0, false, NULL,
	  FIX("127.0.0.1::3000", "[::1]::3000") },
	{ "3000/udp", CON, NO, NO, S(0, 4), S(5, 3), false, NULL,
	  FIX("127.0.0.1::3000/udp", "[::1]::3000/udp") },
	{ "3000/TCP", CON, NO, NO, S(0, 4), S(5, 3), false, NULL,
	  FIX("127.0.0.1::3000/TCP", "[::1]::3000/TCP") },
	{ "3000/sctp", CON, NO, NO, S(0, 4), S(5, 4), false, NULL,
	  FIX("127.0.0.1::3000/sctp", "[::1]::3000/sctp") },
	{ "3000/Udp", CON, NO, NO, S(0, 4), S(5, 3), false, NULL,
	  FIX("127.0.0.1::3000/Udp", "[::1]::3000/Udp") },
	{ "3000/", CON, NO, NO, S(0, 4), S(5, 0), false, NULL,
	  FIX("127.0.0.1::3000/", "[::1]::3000/") },
	{ "3000-3005", CON, NO, NO, S(0, 9), P0, false, NULL,
	  FIX("127.0.0.1::3000-3005", "[::1]::3000-3005") },
	{ "0", CON, NO, NO, S(0, 1), P0, false, NULL,
	  FIX("127.0.0.1::0", "[::1]::0") },
	{ "65535", CON, NO, NO, S(0, 5), P0, false, NULL,
	  FIX("127.0.0.1::65535", "[::1]::65535") },
	/* nat v0.7 reads a port with strconv.ParseInt: a '+' is allowed */
	{ "+80", CON, NO, NO, S(0, 3), P0, false, NULL,
	  FIX("127.0.0.1::+80", "[::1]::+80") },
	{ "80-+90", CON, NO, NO, S(0, 6), P0, false, NULL,
	  FIX("127.0.0.1::80-+90", "[::1]::80-+90") },
	/* the same text on both sides of the dash is one port */
	{ "80-80", CON, NO, NO, S(0, 5), P0, false, NULL,
	  FIX("127.0.0.1::80-80", "[::1]::80-80") },
	{ "0080", CON, NO, NO, S(0, 4), P0, false, NULL,
	  FIX("127.0.0.1::0080", "[::1]::0080") },
	{ "${C}/udp", CON, NO, NO, S(0, 4), S(5, 3), false, NULL,
	  FIX("127.0.0.1::${C}/udp", "[::1]::${C}/udp") },
	{ "80${X}", CON, NO, NO, S(0, 6), P0, false, NULL,
	  FIX("127.0.0.1::80${X}", "[::1]::80${X}") },
	{ "3000/${PROTO}", CON, NO, NO, S(0, 4), S(5, 8), false, NULL,
	  FIX("127.0.0.1::3000/${PROTO}", "[::1]::3000/${PROTO}") },
	{ "${A}-${B}", CON, NO, NO, S(0, 9), P0, false, NULL,
	  FIX("127.0.0.1::${A}-${B}", "[::1]::${A}-${B}") },

	/* HOST:CONTAINER, all interfaces */
	{ "8080:80", UNB, NO, S(0, 4), S(5, 2), P0, false, NULL,
	  FIX("127.0.0.1:8080:80", "[::1]:8080:80") },
	{ "+80:+80", UNB, NO, S(0, 3), S(4, 3), P0, false, NULL,
	  FIX("127.0.0.1:+80:+80", "[::1]:+80:+80") },
	{ "8080:80/udp", UNB, NO, S(0, 4), S(5, 2), S(8, 3), false, NULL,
	  FIX("127.0.0.1:8080:80/udp", "[::1]:8080:80/udp") },
	{ "8080:80/UDP", UNB, NO, S(0, 4), S(5, 2), S(8, 3), false, NULL,
	  FIX("127.0.0.1:8080:80/UDP", "[::1]:8080:80/UDP") },
	{ "8000-8010:8000-8010", UNB, NO, S(0, 9), S(10, 9), P0, false, NULL,
	  FIX("127.0.0.1:8000-8010:8000-8010",
	      "[::1]:8000-8010:8000-8010") },
	{ "8000-8010:80", UNB, NO, S(0, 9), S(10, 2), P0, false, NULL,
	  FIX("127.0.0.1:8000-8010:80", "[::1]:8000-8010:80") },
	{ ":80", UNB, NO, S(0, 0), S(1, 2), P0, false, NULL,
	  FIX("127.0.0.1::80", "[::1]::80") },
	{ ":80/udp", UNB, NO, S(0, 0), S(1, 2), S(4, 3), false, NULL,
	  FIX("127.0.0.1::80/udp", "[::1]::80/udp") },
	{ "${PORT:-8080}:80", UNB, NO, S(0, 13), S(14, 2), P0, false, NULL,
	  FIX("127.0.0.1:${PORT:-8080}:80", "[::1]:${PORT:-8080}:80") },
	{ "$PORT:80", UNB, NO, S(0, 5), S(6, 2), P0, false, NULL,
	  FIX("127.0.0.1:$PORT:80", "[::1]:$PORT:80") },
	{ "${A:-${B:-8080}}:80", UNB, NO, S(0, 16), S(17, 2), P0, false, NULL,
	  FIX("127.0.0.1:${A:-${B:-8080}}:80", "[::1]:${A:-${B:-8080}}:80") },
	{ "${HOST_PORT?need a port}:80", UNB, NO, S(0, 24), S(25, 2), P0,
	  false, NULL,
	  FIX("127.0.0.1:${HOST_PORT?need a port}:80",
	      "[::1]:${HOST_PORT?need a port}:80") },
	{ "${P:?a:b}:80", UNB, NO, S(0, 9), S(10, 2), P0, false, NULL,
	  FIX("127.0.0.1:${P:?a:b}:80", "[::1]:${P:?a:b}:80") },
	{ "${P:+8080}:80", UNB, NO, S(0, 10), S(11, 2), P0, false, NULL,
	  FIX("127.0.0.1:${P:+8080}:80", "[::1]:${P:+8080}:80") },
	{ "80${X}:80", UNB, NO, S(0, 6), S(7, 2), P0, false, NULL,
	  FIX("127.0.0.1:80${X}:80", "[::1]:80${X}:80") },
	{ "${A}-${B}:${C}-${D}", UNB, NO, S(0, 9), S(10, 9), P0, false, NULL,
	  FIX("127.0.0.1:${A}-${B}:${C}-${D}",
	      "[::1]:${A}-${B}:${C}-${D}") },
	{ "8080:${C:-80}/tcp", UNB, NO, S(0, 4), S(5, 8), S(14, 3), false,
	  NULL,
	  FIX("127.0.0.1:8080:${C:-80}/tcp", "[::1]:8080:${C:-80}/tcp") },
	{ "8080:${C:-80/udp}", UNB, NO, S(0, 4), S(5, 12), P0, false, NULL,
	  FIX("127.0.0.1:8080:${C:-80/udp}", "[::1]:8080:${C:-80/udp}") },

	/* an empty IP part is all interfaces too */
	/* empty brackets are no address: net.SplitHostPort("[]:") is "" */
	{ "[]:80:80", EMP, S(0, 2), S(3, 2), S(6, 2), P0, false, NULL,
	  FIX("127.0.0.1:80:80", "[::1]:80:80") },
	{ "[]::80", EMP, S(0, 2), S(3, 0), S(4, 2), P0, false, NULL,
	  FIX("127.0.0.1::80", "[::1]::80") },
	{ ":8080:80", EMP, S(0, 0), S(1, 4), S(6, 2), P0, false, NULL,
	  FIX("127.0.0.1:8080:80", "[::1]:8080:80") },
	{ "::80", EMP, S(0, 0), S(1, 0), S(2, 2), P0, false, NULL,
	  FIX("127.0.0.1::80", "[::1]::80") },
	{ ":8080:80/udp", EMP, S(0, 0), S(1, 4), S(6, 2), S(9, 3), false,
	  NULL, FIX("127.0.0.1:8080:80/udp", "[::1]:8080:80/udp") },
	{ ":${P}:80", EMP, S(0, 0), S(1, 4), S(6, 2), P0, false, NULL,
	  FIX("127.0.0.1:${P}:80", "[::1]:${P}:80") },

	/* a specific address */
	{ "127.0.0.1:8080:80", BND, S(0, 9), S(10, 4), S(15, 2), P0, false,
	  NULL, NOFIX },
	{ "127.0.0.1::3000", BND, S(0, 9), S(10, 0), S(11, 4), P0, false,
	  NULL, NOFIX },
	{ "192.168.1.10:80:80/udp", BND, S(0, 12), S(13, 2), S(16, 2),
	  S(19, 3), false, NULL, NOFIX },
	{ "1.2.3.4:80:80/sctp", BND, S(0, 7), S(8, 2), S(11, 2), S(14, 4),
	  false, NULL, NOFIX },
	{ "[127.0.0.1]:80:80", BND, S(0, 11), S(12, 2), S(15, 2), P0, false,
	  NULL, NOFIX },
	{ "[::1]:80:80", BND, S(0, 5), S(6, 2), S(9, 2), P0, false, NULL,
	  NOFIX },
	{ "[::1]::80", BND, S(0, 5), S(6, 0), S(7, 2), P0, false, NULL,
	  NOFIX },
	{ "::1:6000:6000", BND, S(0, 3), S(4, 4), S(9, 4), P0, false, NULL,
	  NOFIX },
	{ "[fe80::1]:80:80", BND, S(0, 9), S(10, 2), S(13, 2), P0, false,
	  NULL, NOFIX },
	{ "1:2:3:4:5:6:7:8:80:80", BND, S(0, 15), S(16, 2), S(19, 2), P0,
	  false, NULL, NOFIX },
	{ "::ffff:127.0.0.1:80:80", BND, S(0, 16), S(17, 2), S(20, 2), P0,
	  false, NULL, NOFIX },
	{ "127.0.0.1:${P}:80", BND, S(0, 9), S(10, 4), S(15, 2), P0, false,
	  NULL, NOFIX },
	{ "127.0.0.1:8000-8010:8000-8010", BND, S(0, 9), S(10, 9), S(20, 9),
	  P0, false, NULL, NOFIX },
	{ "${SQL_PORT:-127.0.0.1:13306}:3306", BND, S(12, 9), S(22, 5),
	  S(29, 4), P0, true, NULL, NOFIX },
	{ "${SQL_PORT-127.0.0.1:13306}:3306", BND, S(11, 9), S(21, 5),
	  S(28, 4), P0, true, NULL, NOFIX },
	{ "${P:-[::1]:8080}:80", BND, S(5, 5), S(11, 4), S(17, 2), P0, true,
	  NULL, NOFIX },
	{ "${P:-::1:8080}:80", BND, S(5, 3), S(9, 4), S(15, 2), P0, true,
	  NULL, NOFIX },
	{ "${P:-127.0.0.1:}:80", BND, S(5, 9), S(15, 0), S(17, 2), P0, true,
	  NULL, NOFIX },
	{ "${P:-127.0.0.1:8000-8001}:80", BND, S(5, 9), S(15, 9), S(26, 2),
	  P0, true, NULL, NOFIX },
	{ "${P:-127.0.0.1:${Q:-8080}}:80/udp", BND, S(5, 9), S(15, 10),
	  S(27, 2), S(30, 3), true, NULL, NOFIX },

	/* an explicit wildcard: fixed only with fix_explicit */
	{ "0.0.0.0:80:80", WLD, S(0, 7), S(8, 2), S(11, 2), P0, false, NULL,
	  XFIX("127.0.0.1:80:80", "[::1]:80:80") },
	{ "0.0.0.0::80", WLD, S(0, 7), S(8, 0), S(9, 2), P0, false, NULL,
	  XFIX("127.0.0.1::80", "[::1]::80") },
	{ "0.0.0.0:8080:80/udp", WLD, S(0, 7), S(8, 4), S(13, 2), S(16, 3),
	  false, NULL, XFIX("127.0.0.1:8080:80/udp", "[::1]:8080:80/udp") },
	{ "[::]:80:80", WLD, S(0, 4), S(5, 2), S(8, 2), P0, false, NULL,
	  XFIX("127.0.0.1:80:80", "[::1]:80:80") },
	{ "[::0]:80:80", WLD, S(0, 5), S(6, 2), S(9, 2), P0, false, NULL,
	  XFIX("127.0.0.1:80:80", "[::1]:80:80") },
	{ ":::80:80", WLD, S(0, 2), S(3, 2), S(6, 2), P0, false, NULL,
	  XFIX("127.0.0.1:80:80", "[::1]:80:80") },
	{ "::0:80:80", WLD, S(0, 3), S(4, 2), S(7, 2), P0, false, NULL,
	  XFIX("127.0.0.1:80:80", "[::1]:80:80") },
	{ "0:0:0:0:0:0:0:0:80:80", WLD, S(0, 15), S(16, 2), S(19, 2), P0,
	  false, NULL, XFIX("127.0.0.1:80:80", "[::1]:80:80") },
	{ "::ffff:0.0.0.0:80:80", WLD, S(0, 14), S(15, 2), S(18, 2), P0,
	  false, NULL, XFIX("127.0.0.1:80:80", "[::1]:80:80") },
	/* nat strips any brackets: IPv4 in them too (v0.4 and v0.7) */
	{ "[0.0.0.0]:80:80", WLD, S(0, 9), S(10, 2), S(13, 2), P0, false, NULL,
	  XFIX("127.0.0.1:80:80", "[::1]:80:80") },
	{ "${P:-0.0.0.0:8080}:80", WLD, S(5, 7), S(13, 4), S(19, 2), P0,
	  true, NULL, NOFIX },
	{ "${P:-[::]:8080}:80", WLD, S(5, 4), S(10, 4), S(16, 2), P0, true,
	  NULL, NOFIX },

	/* an empty IP that only the default supplies: never fixed */
	{ "${P:-:8080}:80", EMP, S(5, 0), S(6, 4), S(12, 2), P0, true, NULL,
	  NOFIX },

	/* the IP depends on a variable */
	{ "${IP}:80:80", VAR, S(0, 5), S(6, 2), S(9, 2), P0, false, NULL,
	  NOFIX },
	{ "$IP:80:80", VAR, S(0, 3), S(4, 2), S(7, 2), P0, false, NULL,
	  NOFIX },
	{ "${IP}::80", VAR, S(0, 5), S(6, 0), S(7, 2), P0, false, NULL,
	  NOFIX },
	{ "${IP:-127.0.0.1}:80:80", VAR, S(0, 16), S(17, 2), S(20, 2), P0,
	  false, NULL, NOFIX },
	{ "${IP:-0.0.0.0}:80:80", VAR, S(0, 14), S(15, 2), S(18, 2), P0,
	  false, NULL, NOFIX },
	{ "[${IP6}]:80:80", VAR, S(0, 8), S(9, 2), S(12, 2), P0, false, NULL,
	  NOFIX },
	{ "10.0.${NET}.1:80:80", VAR, S(0, 13), S(14, 2), S(17, 2), P0, false,
	  NULL, NOFIX },
	{ "${P:-${IP}:8080}:80", VAR, S(5, 5), S(11, 4), S(17, 2), P0, true,
	  NULL, NOFIX },
	{ "${P:+127.0.0.1:8080}:80", VAR, NO, S(0, 20), S(21, 2), P0, false,
	  NULL, NOFIX },
	{ "${P+127.0.0.1:8080}:80", VAR, NO, S(0, 19), S(20, 2), P0, false,
	  NULL, NOFIX },

	/* the whole entry is one interpolation */
	{ "${PORTS}", UND, NO, NO, S(0, 8), P0, false, NULL, NOFIX },
	{ "$PORTS", UND, NO, NO, S(0, 6), P0, false, NULL, NOFIX },
	{ "${PORTS:-127.0.0.1:80:80}", UND, NO, NO, S(0, 25), P0, false, NULL,
	  NOFIX },
	{ "${PORTS:-8080:80}", UND, NO, NO, S(0, 17), P0, false, NULL,
	  NOFIX },
	{ "${A:-${B}}", UND, NO, NO, S(0, 10), P0, false, NULL, NOFIX },
	{ "${C:-80/tcp}", UND, NO, NO, S(0, 12), P0, false, NULL, NOFIX },
	{ "${PORTS?}", UND, NO, NO, S(0, 9), P0, false, NULL, NOFIX },

	/* no container port */
	BAD("", "missing container port"),
	BAD("80:", "missing container port"),
	BAD(":", "missing container port"),
	BAD("::", "missing container port"),
	BAD("80:80:", "missing container port"),
	BAD("/tcp", "missing container port"),
	BAD("80:/udp", "missing container port"),
	/* not a port or range */
	BAD("8080:80 ", "invalid container port"),
	BAD("8080: 80", "invalid container port"),
	BAD(" 8080:80", "invalid host port"),
	BAD("8080 :80", "invalid host port"),
	BAD("\t80", "invalid container port"),
	BAD("80\n", "invalid container port"),
	BAD("1080=1080", "invalid container port"),
	BAD("abc", "invalid container port"),
	BAD("localhost:80", "invalid host port"),
	BAD("70000", "invalid container port"),
	BAD("65536", "invalid container port"),
	BAD("8080:70000", "invalid container port"),
	BAD("70000:80", "invalid host port"),
	BAD("99999999999999999999:80", "invalid host port"),
	BAD("80-70", "invalid container port"),
	BAD("80-", "invalid container port"),
	BAD("-80", "invalid container port"),
	BAD("-", "invalid container port"),
	BAD("80-90-100", "invalid container port"),
	BAD("80--90", "invalid container port"),
	BAD("8080:80-", "invalid container port"),
	BAD("8080-:80", "invalid host port"),
	/* a sign is for nat v0.7 only, and only a '+' (or "-0") */
	BAD("+-80", "invalid container port"),
	BAD("++80", "invalid container port"),
	BAD("+", "invalid container port"),
	BAD("80:-80", "invalid container port"),
	BAD("80--1", "invalid container port"),
	BAD("8000-8010-9999:80", "invalid host port"),
	BAD("80:8000-8010-9999", "invalid container port"),
	BAD("80:80/udp/extra", "invalid protocol"),
	BAD("0x50", "invalid container port"),
	BAD("8000-8001:80-90", "host and container port ranges differ"),
	BAD("127.0.0.1:8000-8001:80-90",
	    "host and container port ranges differ"),
	BAD("x${P}:80", "invalid host port"),
	BAD("${P} :80", "invalid host port"),
	BAD("80:${C}.5", "invalid container port"),
	/* not a protocol */
	BAD("80/xyz", "invalid protocol"),
	BAD("80/tcp/udp", "invalid protocol"),
	BAD("80/tcp ", "invalid protocol"),
	BAD("80/tc", "invalid protocol"),
	BAD("80/${P}1", "invalid protocol"),
	BAD("80:80/icmp", "invalid protocol"),
	/* not an IP address */
	BAD("80:80:80:80", "invalid ip address"),
	BAD("localhost:80:80", "invalid ip address"),
	BAD("1.2.3:80:80", "invalid ip address"),
	BAD("256.1.1.1:80:80", "invalid ip address"),
	BAD("01.2.3.4:80:80", "invalid ip address"),
	BAD("127.0.0.1 :80:80", "invalid ip address"),
	BAD(" 127.0.0.1:80:80", "invalid ip address"),
	BAD("127.0.0.1:80:80:80", "invalid ip address"),
	BAD("[*]:80:80", "invalid ip address"),
	/* "*" is no address for net.ParseIP (nat v0.4 and v0.7) */
	BAD("*:80:80", "invalid ip address"),
	BAD("[]x:80:80", "invalid ip address"),
	BAD("[:80:80", "invalid ip address"),
	BAD("[]]:80:80", "invalid ip address"),
	BAD("[::1:80:80", "invalid ip address"),
	BAD("::1]:80:80", "invalid ip address"),
	BAD("[::1]x:80:80", "invalid ip address"),
	BAD("[[::1]]:80:80", "invalid ip address"),
	BAD("fe80::1%eth0:80:80", "invalid ip address"),
	BAD("**:80:80", "invalid ip address"),
	BAD(":::80", "invalid ip address"),
	BAD("::8080:80", "invalid ip address"),
	BAD("${IP} :80:80", "invalid ip address"),
	BAD("host-${N}:80:80", "invalid ip address"),
	/* bad defaults of a HOST that carries an address */
	BAD_DEFAULT("${P:-localhost:8080}:80",
		    "invalid ip address in interpolation default"),
	BAD_DEFAULT("${P:-1:8080}:80",
		    "invalid ip address in interpolation default"),
	BAD_DEFAULT("${P:-127.0.0.1:abc}:80",
		    "invalid host port in interpolation default"),
	BAD_DEFAULT("${P:-127.0.0.1:8000-8001}:80-90",
		    "invalid host port in interpolation default"),
	/* malformed interpolations */
	BAD("${PORT:80", "unbalanced interpolation"),
	BAD("${}:80", "unbalanced interpolation"),
	BAD("80:${", "unbalanced interpolation"),
	BAD("${A:-${B}:80", "unbalanced interpolation"),
	BAD("${1}:80", "unbalanced interpolation"),
	BAD("${A!x}:80", "unbalanced interpolation"),
	BAD("${A:}:80", "unbalanced interpolation"),
	BAD("127.0.0.1:${P:-${}}:80", "unbalanced interpolation"),
	/* a '$' that is no interpolation is a literal byte */
	BAD("$$:80", "invalid host port"),
	BAD("$$", "invalid container port"),
	BAD("$", "invalid container port"),
	BAD("$1:80", "invalid host port"),
	BAD("8080:$", "invalid container port"),
	BAD("$$IP:80:80", "invalid ip address"),
};

/* clang-format on */

#define NROWS ((int)(sizeof(rows) / sizeof(rows[0])))

static void span_check(const struct row *r, const char *what, bool has,
		       struct portspec_span got, struct exp_span want)
{
	if (want.off == -2) {
		return;
	}
	if (want.off == -1) {
		ck_assert_msg(!has, "'%s': %s present at %zu+%zu, want none",
			      r->in, what, got.off, got.len);
		return;
	}
	ck_assert_msg(has, "'%s': %s absent", r->in, what);
	ck_assert_msg((long)got.off == want.off && (long)got.len == want.len,
		      "'%s': %s at %zu+%zu, want %ld+%ld", r->in, what, got.off,
		      got.len, want.off, want.len);
}

/* Parses a copy of exactly len bytes, so that ASan sees any overread. */
static void parse_exact(const char *s, size_t len, struct portspec *ps)
{
	char *copy = malloc(len ? len : 1);

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, s, len);
	portspec_parse(copy, len, ps);
	free(copy);
}

static void fix_check(const struct row *r, const struct portspec *ps,
		      const char *addr, bool fix_explicit, const char *want)
{
	struct portspec_fix fix;
	size_t len = strlen(r->in);
	bool ok = portspec_fix(ps, r->in, addr, fix_explicit, &fix);
	char out[256];
	struct portspec again;

	if (!want) {
		ck_assert_msg(!ok, "'%s': fixed for %s%s, want no fix", r->in,
			      addr, fix_explicit ? " (explicit)" : "");
		return;
	}
	ck_assert_msg(ok, "'%s': no fix for %s%s, want '%s'", r->in, addr,
		      fix_explicit ? " (explicit)" : "", want);
	ck_assert(fix.off <= len && fix.del <= len - fix.off);
	ck_assert(fix.len < sizeof(fix.text) && fix.text[fix.len] == '\0');
	ck_assert(len + fix.len < sizeof(out));
	memcpy(out, r->in, fix.off);
	memcpy(out + fix.off, fix.text, fix.len);
	memcpy(out + fix.off + fix.len, r->in + fix.off + fix.del,
	       len - fix.off - fix.del);
	out[len - fix.del + fix.len] = '\0';
	ck_assert_msg(strcmp(out, want) == 0, "'%s': fixed to '%s', want '%s'",
		      r->in, out, want);

	/* The fixed entry is bound, and fixing is idempotent. */
	portspec_parse(out, strlen(out), &again);
	ck_assert_msg(again.kind == PORTSPEC_BOUND, "'%s': fixed '%s' is %s",
		      r->in, out, portspec_kind_name(again.kind));
	ck_assert_msg(!portspec_fix(&again, out, addr, fix_explicit, &fix),
		      "'%s': fixed '%s' fixed again", r->in, out);
}

START_TEST(test_row)
{
	const struct row *r = &rows[_i];
	struct portspec ps;

	parse_exact(r->in, strlen(r->in), &ps);
	ck_assert_msg(ps.kind == r->kind, "'%s': kind %s, want %s", r->in,
		      portspec_kind_name(ps.kind), portspec_kind_name(r->kind));
	if (r->why) {
		ck_assert_msg(ps.why && strcmp(ps.why, r->why) == 0,
			      "'%s': why '%s', want '%s'", r->in,
			      ps.why ? ps.why : "(null)", r->why);
	} else {
		ck_assert_msg(!ps.why, "'%s': why '%s' on a valid entry", r->in,
			      ps.why);
	}
	ck_assert_msg(ps.from_default == r->from_default,
		      "'%s': from_default %d", r->in, ps.from_default);
	span_check(r, "ip", ps.has_ip, ps.ip, r->ip);
	span_check(r, "host", ps.has_host, ps.host, r->host);
	span_check(r, "container", true, ps.container, r->container);
	span_check(r, "proto", true, ps.proto, r->proto);

	fix_check(r, &ps, "127.0.0.1", false, r->fix4);
	fix_check(r, &ps, "::1", false, r->fix6);
	fix_check(r, &ps, "127.0.0.1", true, r->xfix4);
	fix_check(r, &ps, "::1", true, r->xfix6);
}
END_TEST

/* len -1: strlen(in). */
struct interp_row {
	const char *in;
	long len;
	size_t want;
};

/* clang-format off */
static const struct interp_row interp_rows[] = {
	{ "$", -1, 1 },
	{ "$$", -1, 2 },
	{ "$$$", -1, 2 },
	{ "$$A", -1, 2 },
	{ "$1", -1, 1 },
	{ "$-", -1, 1 },
	{ "$:", -1, 1 },
	{ "$}", -1, 1 },
	{ "$ A", -1, 1 },
	{ "$A", -1, 2 },
	{ "$_", -1, 2 },
	{ "$a_B9:80", -1, 5 },
	{ "$PORT-1", -1, 5 },
	{ "${A}", -1, 4 },
	{ "${A}x", -1, 4 },
	{ "${A_1b}", -1, 7 },
	{ "${_}", -1, 4 },
	{ "${A:-80}", -1, 8 },
	{ "${A-80}", -1, 7 },
	{ "${A:?err}", -1, 9 },
	{ "${A?err msg}", -1, 12 },
	{ "${A:+x}", -1, 7 },
	{ "${A+x}", -1, 6 },
	{ "${A:-}", -1, 6 },
	{ "${A:-a:b}:80", -1, 9 },
	{ "${A:-${B:-80}}", -1, 14 },
	{ "${A:-${B:-${C}}}x", -1, 16 },
	{ "${A:-${B}${C}}", -1, 14 },
	{ "${A:-$$}", -1, 8 },
	{ "${A:-$${}", -1, 9 },
	{ "${A:-$}", -1, 7 },
	{ "${A:-$B}", -1, 8 },
	{ "${A:-{x}}", -1, 8 },
	{ "${", -1, 0 },
	{ "${A", -1, 0 },
	{ "${A:", -1, 0 },
	{ "${A:-80", -1, 0 },
	{ "${}", -1, 0 },
	{ "${1}", -1, 0 },
	{ "${-A}", -1, 0 },
	{ "${ A}", -1, 0 },
	{ "${A }", -1, 0 },
	{ "${A:}", -1, 0 },
	{ "${A!}", -1, 0 },
	{ "${A:-${B}", -1, 0 },
	{ "${A:-${}}", -1, 0 },
	{ "${A:-${1}}", -1, 0 },
	{ "", 0, 0 },
	{ "x", -1, 0 },
	/* len limits the token, the string need not end there */
	{ "${A}", 3, 0 },
	{ "$AB", 2, 2 },
	{ "$$", 1, 1 },
	{ "${A:-${B}}", 9, 0 },
};

/* clang-format on */

#define NINTERP ((int)(sizeof(interp_rows) / sizeof(interp_rows[0])))

START_TEST(test_interp)
{
	const struct interp_row *r = &interp_rows[_i];
	size_t len = r->len < 0 ? strlen(r->in) : (size_t)r->len;
	char *copy = malloc(len ? len : 1);
	size_t got;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, r->in, len);
	got = portspec_interp_len(copy, len);
	free(copy);
	ck_assert_msg(got == r->want, "'%s' (len %zu): %zu, want %zu", r->in,
		      len, got, r->want);
}
END_TEST

struct addr_row {
	const char *in;
	long len;
	int version;
	bool wildcard;
};

/* clang-format off */
static const struct addr_row addr_rows[] = {
	{ "127.0.0.1", -1, 4, false },
	{ "192.168.1.10", -1, 4, false },
	{ "255.255.255.255", -1, 4, false },
	{ "0.0.0.0", -1, 4, true },
	{ "::1", -1, 6, false },
	{ "fe80::1", -1, 6, false },
	{ "2001:DB8::1", -1, 6, false },
	{ "1:2:3:4:5:6:7:8", -1, 6, false },
	{ "::ffff:127.0.0.1", -1, 6, false },
	{ "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", -1, 6, false },
	{ "::", -1, 6, true },
	{ "::0", -1, 6, true },
	{ "0::0", -1, 6, true },
	{ "0:0:0:0:0:0:0:0", -1, 6, true },
	{ "0000:0000:0000:0000:0000:0000:0000:0000", -1, 6, true },
	{ "::ffff:0.0.0.0", -1, 6, true },
	{ "::0.0.0.0", -1, 6, true },
	{ "", -1, 0, false },
	{ "*", -1, 0, false },
	{ "localhost", -1, 0, false },
	{ "1.2.3", -1, 0, false },
	{ "1.2.3.4.5", -1, 0, false },
	{ "256.1.1.1", -1, 0, false },
	{ "01.2.3.4", -1, 0, false },
	{ " 127.0.0.1", -1, 0, false },
	{ "127.0.0.1 ", -1, 0, false },
	{ "[::1]", -1, 0, false },
	{ "fe80::1%eth0", -1, 0, false },
	{ "1:2:3:4:5:6:7:8:9", -1, 0, false },
	{ ":::", -1, 0, false },
	{ "::ffff:0.0.0.0:0", -1, 0, false },
	{ "0000:0000:0000:0000:0000:0000:0000:0000:0000", -1, 0, false },
	/* exactly len bytes count */
	{ "127.0.0.1:80", 9, 4, false },
	{ "::1]", 3, 6, false },
	{ "0.0.0.0", 6, 0, false },
	{ "127.0.0.1\0", 10, 0, false },
};

/* clang-format on */

#define NADDR ((int)(sizeof(addr_rows) / sizeof(addr_rows[0])))

START_TEST(test_addr)
{
	const struct addr_row *r = &addr_rows[_i];
	size_t len = r->len < 0 ? strlen(r->in) : (size_t)r->len;
	char *copy = malloc(len ? len : 1);
	bool wild = !r->wildcard;
	int got, again;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, r->in, len);
	got = portspec_addr(copy, len, &wild);
	again = portspec_addr(copy, len, NULL);
	free(copy);
	ck_assert_msg(got == r->version && wild == r->wildcard,
		      "'%s' (len %zu): %d%s, want %d%s", r->in, len, got,
		      wild ? " wildcard" : "", r->version,
		      r->wildcard ? " wildcard" : "");
	ck_assert_int_eq(again, got);
}
END_TEST

START_TEST(test_kind_name)
{
	static const struct {
		enum portspec_kind kind;
		const char *name;
	} names[] = {
		{ PORTSPEC_INVALID, "invalid" },
		{ PORTSPEC_CONTAINER_ONLY, "container-only" },
		{ PORTSPEC_UNBOUND, "unbound" },
		{ PORTSPEC_EMPTY_IP, "empty-ip" },
		{ PORTSPEC_BOUND, "bound" },
		{ PORTSPEC_WILDCARD, "explicit-wildcard" },
		{ PORTSPEC_VARIABLE_IP, "variable" },
		{ PORTSPEC_UNDECIDABLE, "undecidable" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ck_assert_str_eq(portspec_kind_name(names[i].kind),
				 names[i].name);
	}
	ck_assert_str_eq(portspec_kind_name((enum portspec_kind)99), "unknown");
}
END_TEST

/* Addresses portspec_fix refuses, and the fix it builds for them. */
START_TEST(test_fix_addr)
{
	/* clang-format off */
	static const char *const bad[] = {
		"", "localhost", "[::1]", "1.2.3", "127.0.0.1 ", "*",
		"fe80::1%eth0",
	};
	/* clang-format on */
	struct portspec ps;
	struct portspec_fix fix;
	size_t i;

	portspec_parse("8080:80", 7, &ps);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(!portspec_fix(&ps, "8080:80", bad[i], true, &fix),
			      "fixed with address '%s'", bad[i]);
	}
	ck_assert(!portspec_fix(NULL, "8080:80", "127.0.0.1", true, &fix));
	ck_assert(!portspec_fix(&ps, "8080:80", NULL, true, &fix));
	ck_assert(!portspec_fix(&ps, "8080:80", "127.0.0.1", true, NULL));

	/* The longest literal still fits text[]. */
	ck_assert(portspec_fix(&ps, "8080:80",
			       "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255",
			       false, &fix));
	ck_assert_str_eq(fix.text,
			 "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]:");
	ck_assert_uint_eq(fix.len, strlen(fix.text));
	ck_assert_uint_eq(fix.off, 0);
	ck_assert_uint_eq(fix.del, 0);

	/* Other bind addresses, spelled as given. */
	ck_assert(portspec_fix(&ps, "8080:80", "192.168.1.10", false, &fix));
	ck_assert_str_eq(fix.text, "192.168.1.10:");
	ck_assert(portspec_fix(&ps, "8080:80", "0::1", false, &fix));
	ck_assert_str_eq(fix.text, "[0::1]:");
}
END_TEST

/* Binding a wildcard to the address it already has is no change. */
START_TEST(test_fix_same)
{
	struct portspec ps;
	struct portspec_fix fix;

	portspec_parse("0.0.0.0:80:80", 13, &ps);
	ck_assert(!portspec_fix(&ps, "0.0.0.0:80:80", "0.0.0.0", true, &fix));
	ck_assert(portspec_fix(&ps, "0.0.0.0:80:80", "::", true, &fix));
	ck_assert_str_eq(fix.text, "[::]");
	portspec_parse("[::]:80:80", 10, &ps);
	ck_assert(!portspec_fix(&ps, "[::]:80:80", "::", true, &fix));
	ck_assert(portspec_fix(&ps, "[::]:80:80", "::0", true, &fix));
	ck_assert_str_eq(fix.text, "[::0]");
}
END_TEST

/* A NUL byte is a byte like any other, not the end of the entry. */
START_TEST(test_embedded_nul)
{
	struct portspec ps;

	portspec_parse("8080:80\0", 8, &ps);
	ck_assert_int_eq(ps.kind, PORTSPEC_INVALID);
	ck_assert_str_eq(ps.why, "invalid container port");
	portspec_parse("127.0.0.1\0:80:80", 16, &ps);
	ck_assert_int_eq(ps.kind, PORTSPEC_INVALID);
	ck_assert_str_eq(ps.why, "invalid ip address");
	portspec_parse("8080:80", 4, &ps);
	ck_assert_int_eq(ps.kind, PORTSPEC_CONTAINER_ONLY);
	ck_assert_uint_eq(ps.container.len, 4);
}
END_TEST

/* Deep nesting must neither recurse nor misjudge the length. */
START_TEST(test_deep_nesting)
{
	size_t depth = 200000;
	size_t len = depth * 6 + depth;
	char *s = malloc(len);
	struct portspec ps;
	size_t i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < depth; i++) {
		memcpy(s + i * 6, "${A:-0", 6);
	}
	memset(s + depth * 6, '}', depth);
	ck_assert_uint_eq(portspec_interp_len(s, len), len);
	portspec_parse(s, len, &ps);
	ck_assert_int_eq(ps.kind, PORTSPEC_UNDECIDABLE);
	ck_assert_uint_eq(portspec_interp_len(s, len - 1), 0);
	portspec_parse(s, len - 1, &ps);
	ck_assert_int_eq(ps.kind, PORTSPEC_INVALID);
	ck_assert_str_eq(ps.why, "unbalanced interpolation");
	free(s);
}
END_TEST

/* Many colons: the IP is everything before the last two parts. */
START_TEST(test_many_colons)
{
	size_t len = 100000;
	char *s = malloc(len);
	struct portspec ps;

	ck_assert_ptr_nonnull(s);
	memset(s, ':', len);
	memcpy(s + len - 5, "80:80", 5);
	portspec_parse(s, len, &ps);
	ck_assert_int_eq(ps.kind, PORTSPEC_INVALID);
	ck_assert_str_eq(ps.why, "invalid ip address");
	ck_assert(ps.has_ip);
	ck_assert_uint_eq(ps.ip.off, 0);
	ck_assert_uint_eq(ps.ip.len, len - 6);
	free(s);
}
END_TEST

/*
 * One Check test per table row, named after the row's input so that every
 * TAP line says which entry passed or failed.
 */
struct named_test {
	TTest test;
	char name[128];
};

/* Quotes in[0..len) for a TAP line: no newline, no '#' directive. */
static void name_set(struct named_test *nt, const TTest *test, const char *in,
		     size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	size_t i;

	nt->test = *test;
	nt->name[n++] = '\'';
	for (i = 0; i < len && n < sizeof(nt->name) - 6; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c >= 0x20 && c < 0x7f && c != '#' && c != '\\') {
			nt->name[n++] = (char)c;
		} else {
			nt->name[n++] = '\\';
			nt->name[n++] = 'x';
			nt->name[n++] = hex[c >> 4];
			nt->name[n++] = hex[c & 0xf];
		}
	}
	nt->name[n++] = '\'';
	nt->name[n] = '\0';
	nt->test.name = nt->name;
}

static size_t row_len(long len, const char *in)
{
	return len < 0 ? strlen(in) : (size_t)len;
}

/* portspec_range: one port or range as nat v0.7 reads it. */
START_TEST(test_range)
{
	static const struct {
		const char *in;
		bool ok;
		unsigned lo, hi;
	} range_rows[] = {
		{ "80", true, 80, 80 },	      { "3000-3400", true, 3000, 3400 },
		{ "0080", true, 80, 80 },     { "+80", true, 80, 80 },
		{ "80-80", true, 80, 80 },    { "65535", true, 65535, 65535 },
		{ "65536", false, 0, 0 },     { "90-80", false, 0, 0 },
		{ "80-90-100", false, 0, 0 }, { "", false, 0, 0 },
		{ "${P}", false, 0, 0 },      { "80/tcp", false, 0, 0 },
		{ "-80", false, 0, 0 },	      { "80-", false, 0, 0 },
	};
	for (size_t i = 0; i < sizeof(range_rows) / sizeof(range_rows[0]);
	     i++) {
		unsigned lo = 1, hi = 1;
		bool ok = portspec_range(range_rows[i].in,
					 strlen(range_rows[i].in), &lo, &hi);
		ck_assert_msg(ok == range_rows[i].ok, "'%s': %d",
			      range_rows[i].in, ok);
		if (ok) {
			ck_assert_msg(lo == range_rows[i].lo &&
					      hi == range_rows[i].hi,
				      "'%s': %u-%u", range_rows[i].in, lo, hi);
		}
	}
}
END_TEST

static Suite *portspec_suite(struct named_test *named)
{
	Suite *s = suite_create("portspec");
	TCase *tc = tcase_create("parse");
	int i;

	for (i = 0; i < NROWS; i++, named++) {
		name_set(named, test_row, rows[i].in, strlen(rows[i].in));
		tcase_add_loop_test(tc, &named->test, i, i + 1);
	}
	suite_add_tcase(s, tc);

	tc = tcase_create("interp");
	for (i = 0; i < NINTERP; i++, named++) {
		name_set(named, test_interp, interp_rows[i].in,
			 row_len(interp_rows[i].len, interp_rows[i].in));
		tcase_add_loop_test(tc, &named->test, i, i + 1);
	}
	suite_add_tcase(s, tc);

	tc = tcase_create("addr");
	for (i = 0; i < NADDR; i++, named++) {
		name_set(named, test_addr, addr_rows[i].in,
			 row_len(addr_rows[i].len, addr_rows[i].in));
		tcase_add_loop_test(tc, &named->test, i, i + 1);
	}
	suite_add_tcase(s, tc);

	tc = tcase_create("misc");
	tcase_add_test(tc, test_kind_name);
	tcase_add_test(tc, test_fix_addr);
	tcase_add_test(tc, test_fix_same);
	tcase_add_test(tc, test_embedded_nul);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_many_colons);
	tcase_add_test(tc, test_range);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	struct named_test *named;
	SRunner *sr;
	int failed;

	named = calloc((size_t)(NROWS + NINTERP + NADDR), sizeof(*named));
	if (!named) {
		return EXIT_FAILURE;
	}
	sr = srunner_create(portspec_suite(named));
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	free(named);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
