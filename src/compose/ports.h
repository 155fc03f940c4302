#ifndef COMPOSEFIX_PORTS_H
#define COMPOSEFIX_PORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "document.h"
#include "env.h"
#include "exposure.h"
#include "kinds.h"
#include "portspec.h"

/* A port entry of a service (or a node about one), and its kind. */
struct site {
	/*
	 * The text the site is about: the entry (a scalar, or a long-syntax
	 * map), or for a long-syntax entry whose host_ip comes through a merge
	 * key ("{<<: *web, protocol: udp}"), the mapping that holds host_ip,
	 * which is where a fix goes.
	 */
	uint32_t node;
	uint32_t entry;	    /* the entry itself (aliases resolved) */
	uint32_t service;   /* the service's key node */
	uint32_t ports_key; /* the "ports" key node */
	uint32_t list;	    /* the sequence holding the entry */
	uint32_t host_ip;   /* long syntax: host_ip's value, or UINT32_MAX */
	uint32_t host_ip_key;
	uint32_t published; /* long syntax: published's value, or UINT32_MAX */
	enum finding_kind kind;
	bool long_syntax;
	bool inherited; /* node is a merge source, not the entry itself */
	/*
	 * For an explicit wildcard: the bytes of the value (of the entry, or
	 * of host_ip) that name the address, which --fix-explicit replaces:
	 * "0.0.0.0" in "0.0.0.0:80:80", the default in "${IP:-0.0.0.0}:80".
	 * has_wild_span is false when no such span exists.
	 */
	bool has_wild_span;
	uint32_t wild_off, wild_len;
	/* a static reason: why FINDING_INVALID, which option made it
	 * FINDING_ALLOWED, why a wanted fix cannot be made */
	const char *why;
	struct portspec spec; /* short syntax: spans into the value */
	/*
	 * Short syntax that Compose's YAML library reads as an integer (a
	 * plain 0x50, 0120, 8_0, +80, or !!int 90): the container port
	 * `number` alone, whatever the spelling; spec is then unused.
	 */
	bool is_number;
	uint32_t number;
	/*
	 * The value (the entry, or host_ip's value) carries a tag that
	 * forces a type (!!int, !!null): a fix must drop it, from tag_start.
	 */
	bool drop_tag;
	uint32_t tag_start;
	/*
	 * What the entry publishes, from the service's image and the
	 * container port (for a node finding, the image alone).
	 */
	struct exposure exposes;
};

struct sites {
	struct site *v;
	size_t n;
	size_t cap;
};

void sites_init(struct sites *s);
void sites_release(struct sites *s);

/*
 * Finds every port entry of every service of every document of doc and
 * classifies it, judging variables as docker compose would with each of
 * envs[0..nenvs) (the variables of each project the file belongs to: its
 * .env, or the including project's when it is included; none: no
 * variables); an entry judged differently under several keeps its most
 * exposed reading (unbound, then explicit-wildcard, variable, invalid).
 * Services are the "services" mapping, or, in a legacy version-1 file, the
 * top-level keys when every one of them is a mapping with image or build. Merge
 * keys ("<<: *base", "<<: [*a, *b]") count wherever Docker Compose's YAML
 * library resolves them: at the top level (services brought by a merge), in
 * services (services brought by a merge), in a service and in a long-syntax
 * entry; see doc_map_lookup(). An entry reached by several services through a
 * shared anchor has a site for each, in their order (plan_build keeps one).
 *
 * In a compose file a key repeated in the top-level mapping, in services,
 * in a service or in a long-syntax port, which Docker Compose rejects, is
 * a FINDING_DUPLICATE_KEY at the repeated key. Every other finding says
 * what it exposes (exposure_lookup() with the service's image, merge keys
 * followed and variables expanded as far as env knows them, and the
 * container port or range). Appends to out in document order. Returns 0,
 * or -1 on ENOMEM.
 */
int ports_find(const struct doc *doc, const struct env *const *envs,
	       size_t nenvs, struct sites *out);

/* A file a compose file pulls in. */
enum ref_kind {
	REF_INCLUDE, /* include: a project of its own */
	REF_EXTENDS, /* extends: {file: ...}: the same variables */
};

struct ref {
	enum ref_kind kind;
	uint32_t path;	/* the path's scalar node */
	uint32_t entry; /* REF_INCLUDE: the include item when it is a
			 * mapping (env_file, project_directory), else
			 * UINT32_MAX */
	bool first;	/* REF_INCLUDE: the first path of its item, which
			 * names the included project's directory */
};

/*
 * The files a compose file pulls in: the strings of the top-level
 * include: list (an entry's path, or every path of its path list) and of
 * every service's extends: {file: ...}, merge keys resolved. Stores a
 * malloc'ed array in *out (the caller frees it) and the count in *n.
 * Returns 0, or -1 on ENOMEM.
 */
int ports_references(const struct doc *doc, struct ref **out, size_t *n);

/*
 * What shows that the file at path (may be NULL) with view doc is a swarm
 * stack, for docker stack deploy, which ignores every port's host address:
 * a static phrase ("the file is a swarm stack: deploy.placement", ...),
 * or NULL when nothing does. A service's
 * deploy.mode: global, placement, update_config, rollback_config or
 * endpoint_mode, a top-level network with driver: overlay, or a name
 * like docker-stack.yml or stack.yaml.
 */
const char *ports_swarm(const struct doc *doc, const char *path);

#endif
