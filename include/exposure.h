#ifndef COMPOSEFIX_EXPOSURE_H
#define COMPOSEFIX_EXPOSURE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * What a published port exposes: a database, an admin UI, a debugger, the
 * Docker API, a web server. Known from the image that listens on the port
 * (its name without registry, path prefix, tag and digest) and, when the
 * image says nothing, from the container port alone. One sorted table in
 * exposure.c holds the knowledge. Pure: it knows image references and port
 * numbers, not YAML, Compose or docker run; no allocation, no global state.
 */

/* The risk classes users fix by (--only), worst first. */
enum exposure_category {
	EXPOSURE_DATA,	/* databases, caches, queues, search, object stores */
	EXPOSURE_ADMIN, /* admin and dashboard UIs, debuggers, Docker API */
	EXPOSURE_WEB,	/* an HTTP front door, public by design */
	EXPOSURE_OTHER, /* anything else, recognised or not */
	EXPOSURE_CATEGORY_COUNT
};

/*
 * Finer than the category: what the severity follows. HOST is root on the
 * host (the Docker API), CODE runs code sent to it (debuggers, notebooks,
 * web IDEs).
 */
enum exposure_risk {
	EXPOSURE_RISK_HOST,
	EXPOSURE_RISK_CODE,
	EXPOSURE_RISK_DATA,
	EXPOSURE_RISK_ADMIN,
	EXPOSURE_RISK_OTHER,
	EXPOSURE_RISK_WEB,
	EXPOSURE_RISK_UNKNOWN, /* nothing recognised */
	EXPOSURE_RISK_COUNT
};

/* A lookup's answer. name is NULL when nothing was recognised. */
struct exposure {
	enum exposure_category category;
	enum exposure_risk risk;
	const char *name; /* "MySQL", "Docker API": static */
};

/* One row of the table: what image listens on port. */
struct exposure_entry {
	const char *image; /* a normalised name; "*": any image */
	unsigned port;	   /* 0: any other port of the image */
	enum exposure_risk risk;
	const char *name;
};

/*
 * An image reference's parts that name the software, as views into the
 * reference: path without registry host, "library/", tag and digest
 * ("docker.io/bitnami/postgresql:16@sha256:..." gives "bitnami/postgresql"),
 * and its last component ("postgresql"). Both are empty for an empty
 * reference.
 */
struct exposure_image {
	const char *path;
	size_t path_len;
	const char *name;
	size_t name_len;
};

/*
 * Splits ref[0..len) (need not be NUL-terminated) as Docker reads an image
 * reference: the first component is a registry when more follow and it
 * holds a '.' or a ':' or is "localhost"; the tag follows the first ':' of
 * the last component, the digest the first '@'. Interpolations are taken
 * as they stand ("${REGISTRY}/mysql:${TAG}" gives "mysql"): the caller
 * expands what it can first. Always fills *out.
 */
void exposure_image_parse(const char *ref, size_t len,
			  struct exposure_image *out);

/*
 * What the container ports lo..hi (lo == hi for one port) of image
 * ref[0..len) expose. The image decides when the table knows it (its path
 * first, so "mssql/server" is not any "server", then its last component):
 * the most severe of its entries for a port in lo..hi, else its entry for
 * any other port. Otherwise the ports decide: the most severe entry of any
 * image for a port in lo..hi. A web server or proxy (an image whose entry
 * for any other port is web) forwards what its other ports carry: a port
 * entry of another category decides before that entry (nginx on 3306 is
 * MySQL, on 443 nginx). A port of
 * 0 means unknown (a variable, or network_mode: host): the image's entry
 * for any other port, or its most severe one. ref may be NULL (no image:
 * a build). Always fills *out; with nothing recognised that is
 * EXPOSURE_OTHER, EXPOSURE_RISK_UNKNOWN, NULL.
 */
void exposure_lookup(const char *ref, size_t len, unsigned lo, unsigned hi,
		     struct exposure *out);

/* "data", "admin", "web", "other". */
const char *exposure_category_name(enum exposure_category c);

/* The category named s[0..len); false when no category has that name. */
bool exposure_category_parse(const char *s, size_t len,
			     enum exposure_category *out);

/* The category a risk belongs to. */
enum exposure_category exposure_risk_category(enum exposure_risk r);

/*
 * GitHub code scanning's security-severity of a risk, as the text of a
 * CVSS-like score: "9.8" HOST, "8.8" CODE, "8.6" DATA, "7.5" ADMIN, "5.3"
 * OTHER, "5.0" UNKNOWN, "3.1" WEB (critical, high, medium, low).
 */
const char *exposure_severity(enum exposure_risk r);

/*
 * The SARIF level a fix of that risk deserves: "error" from 7.0 (high and
 * critical), "warning" from 4.0 (medium), "note" below (low).
 */
const char *exposure_level(enum exposure_risk r);

/* The table, sorted by image (strcmp) then port; for tests. */
const struct exposure_entry *exposure_entries(size_t *n);

#endif
