#include "ports.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "yamltype.h"

void sites_init(struct sites *f)
{
	f->v = NULL;
	f->n = 0;
	f->cap = 0;
}

void sites_release(struct sites *f)
{
	if (!f) {
		return;
	}
	free(f->v);
	sites_init(f);
}

static int sites_push(struct sites *f, const struct site *x)
{
	if (array_grow((void **)&f->v, &f->cap, f->n, sizeof(*f->v)) < 0) {
		return -1;
	}
	f->v[f->n++] = *x;
	return 0;
}

/* What walking one document needs. */
struct walk {
	const struct doc *doc;
	const struct env *env;
	struct sites *out;
	struct buf scratch;
	struct buf image; /* the current service's image, expanded */
	bool has_image;
	uint64_t *seen; /* a bit per node: already judged */
};

/*
 * Whether node i was already reported, marking it reported: for what a
 * service's context cannot change (a duplicate key, a list that is not a
 * list, host networking), one site however many services reach it.
 */
static bool seen_before(struct walk *w, uint32_t i)
{
	uint64_t bit = UINT64_C(1) << (i % 64);
	if (w->seen[i / 64] & bit) {
		return true;
	}
	w->seen[i / 64] |= bit;
	return false;
}

static int push_once(struct walk *w, const struct site *f)
{
	return seen_before(w, f->node) ? 0 : sites_push(w->out, f);
}

static const char *text(const struct walk *w, uint32_t i, size_t *len)
{
	return doc_text(w->doc, i, len);
}

/*
 * Judges an address text that may hold variables: the kind it gives, as
 * docker compose would see it with the .env values and the defaults.
 * Empty means all interfaces.
 */
static enum finding_kind judge_address(struct walk *w, const char *s,
				       size_t len, const char **why)
{
	buf_truncate(&w->scratch, 0);
	int r = env_expand(w->env, s, len, &w->scratch);
	if (r < 0) {
		*why = "malformed variable in the address";
		return FINDING_INVALID;
	}
	if (r == 0) {
		return FINDING_VARIABLE;
	}
	const char *a = w->scratch.data ? w->scratch.data : "";
	switch (portspec_ip_kind(a, w->scratch.len, why)) {
	case PORTSPEC_EMPTY_IP:
	case PORTSPEC_WILDCARD:
		return FINDING_EXPLICIT_WILDCARD;
	case PORTSPEC_BOUND:
		return FINDING_BOUND;
	default:
		*why = "the address is not an IP address";
		return FINDING_INVALID;
	}
}

/* The type Compose's YAML library gives scalar node i (see yamltype.h). */
static enum yaml_type node_type(const struct walk *w, uint32_t i,
				long long *value, bool *fits, struct site *f)
{
	const struct node *nd = &w->doc->nodes[i];
	const struct node_props *pr = doc_props(w->doc, i);
	const char *tag = pr ? w->doc->arena.data + pr->tag : NULL;
	size_t tag_len = pr ? pr->tag_len : 0;
	size_t len;
	const char *s = doc_text(w->doc, i, &len);

	if (pr && yaml_tag_forces_type(tag, tag_len)) {
		f->drop_tag = true;
		f->tag_start = pr->tag_start;
	}
	return yaml_type_of(s, len, nd->style == STYLE_PLAIN, tag, tag_len,
			    value, fits);
}

/*
 * An entry Compose does not read as a string. compose-go takes an
 * integer as {target: N}, a container port on every interface, and
 * refuses every other type ("invalid type float64 for port"). Returns
 * false for a string: then the port grammar decides.
 */
static bool classify_typed(struct walk *w, struct site *f)
{
	long long v = 0;
	bool fits = true;

	switch (node_type(w, f->node, &v, &fits, f)) {
	case YAML_TYPE_STR:
		return false;
	case YAML_TYPE_INT:
		if (!fits || v < 0 || v > 65535) {
			f->kind = FINDING_INVALID;
			f->why = "YAML reads it as an integer that is no port";
			return true;
		}
		f->is_number = true;
		f->number = (uint32_t)v;
		f->kind = FINDING_CONTAINER_ONLY;
		return true;
	case YAML_TYPE_FLOAT:
		f->why = "YAML reads it as a float, which Compose refuses; "
			 "quote it";
		break;
	case YAML_TYPE_BOOL:
		f->why = "YAML reads it as a boolean";
		break;
	case YAML_TYPE_NULL:
		f->why = "YAML reads it as null";
		break;
	case YAML_TYPE_TIMESTAMP:
		f->why = "YAML reads it as a timestamp";
		break;
	case YAML_TYPE_BINARY:
		f->why = "a !!binary entry, which composefix does not decode";
		break;
	case YAML_TYPE_BAD:
		f->why =
			"its tag does not fit its value, which Compose refuses";
		break;
	}
	f->kind = FINDING_INVALID;
	return true;
}

/*
 * Why --fix-explicit leaves a wildcard alone: no default in the file made
 * it ("${IP-127.0.0.1}" with IP set but empty, or IP=0.0.0.0 in .env).
 */
static const char from_variable[] =
	"it publishes on all interfaces through a variable's value, which no "
	"default in this file changes";

static void classify_short(struct walk *w, struct site *f)
{
	size_t len;
	const char *s = text(w, f->node, &len);
	const struct node *nd = &w->doc->nodes[f->node];

	if (classify_typed(w, f)) {
		return;
	}
	f->drop_tag = false;
	/*
	 * A block scalar ("- |") keeps its final line break ("8080:8080\n"),
	 * which nat refuses; only "|-" and ">-" strip it.
	 */
	if ((nd->style == STYLE_LITERAL || nd->style == STYLE_FOLDED) &&
	    len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r')) {
		f->kind = FINDING_INVALID;
		f->why = "a block scalar keeps its final line break, which "
			 "Docker refuses; use |- or >-";
		return;
	}
	portspec_parse(s, len, &f->spec);
	f->why = f->spec.why;
	switch (f->spec.kind) {
	case PORTSPEC_CONTAINER_ONLY:
		f->kind = FINDING_CONTAINER_ONLY;
		break;
	case PORTSPEC_UNBOUND:
	case PORTSPEC_EMPTY_IP:
		f->kind = FINDING_UNBOUND;
		break;
	case PORTSPEC_BOUND:
		f->kind = FINDING_BOUND;
		break;
	case PORTSPEC_WILDCARD:
		f->kind = FINDING_EXPLICIT_WILDCARD;
		f->has_wild_span = !f->spec.from_default;
		f->wild_off = (uint32_t)f->spec.ip.off;
		f->wild_len = (uint32_t)f->spec.ip.len;
		break;
	case PORTSPEC_VARIABLE_IP: {
		const char *ip = s + f->spec.ip.off;
		size_t iplen = f->spec.ip.len;
		f->kind = judge_address(w, ip, iplen, &f->why);
		size_t off, dlen;
		if (f->kind == FINDING_EXPLICIT_WILDCARD &&
		    env_applied_default(w->env, ip, iplen, &off, &dlen)) {
			f->has_wild_span = true;
			f->wild_off = (uint32_t)(f->spec.ip.off + off);
			f->wild_len = (uint32_t)dlen;
		} else if (f->kind == FINDING_EXPLICIT_WILDCARD) {
			f->why = from_variable;
		}
		break;
	}
	case PORTSPEC_UNDECIDABLE:
		f->kind = FINDING_UNDECIDABLE;
		break;
	case PORTSPEC_INVALID:
		f->kind = FINDING_INVALID;
		break;
	}
	if (f->spec.from_default &&
	    (f->kind == FINDING_UNBOUND || f->kind == FINDING_CONTAINER_ONLY)) {
		/* "${P:-:8080}:80": the default decides, not us */
		f->kind = FINDING_VARIABLE;
	}
}

static bool is_null_text(const char *s, size_t len)
{
	return len == 0 || (len == 1 && s[0] == '~') ||
	       (len == 4 &&
		(memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 ||
		 memcmp(s, "NULL", 4) == 0));
}

static int check_keys(struct walk *w, uint32_t map);

static int classify_long(struct walk *w, struct site *f)
{
	const struct doc *doc = w->doc;
	f->long_syntax = true;
	if (check_keys(w, f->node) < 0) {
		return -1;
	}
	if (doc_map_lookup(doc, f->node, "target", NULL, NULL) == UINT32_MAX) {
		f->kind = FINDING_INVALID;
		f->why = "long syntax without target";
		return 0;
	}
	f->published = doc_map_lookup(doc, f->node, "published", NULL, NULL);
	uint32_t holder;
	f->host_ip = doc_map_lookup(doc, f->node, "host_ip", &f->host_ip_key,
				    &holder);
	if (f->host_ip == UINT32_MAX) {
		f->kind = FINDING_UNBOUND; /* host_ip goes into the entry */
		return 0;
	}
	if (holder != f->node) {
		/* the value is defined in a merge source: judged, and fixed,
		 * there, once for every entry that merges it */
		f->node = holder;
		f->inherited = true;
	}
	uint32_t v = doc_resolve(doc, f->host_ip);
	if (doc->nodes[v].kind != NODE_SCALAR) {
		f->kind = FINDING_INVALID;
		f->why = "host_ip is not a string";
		return 0;
	}
	size_t len;
	const char *s = text(w, v, &len);
	enum yaml_type type = node_type(w, v, NULL, NULL, f);
	if (type == YAML_TYPE_NULL || (type == YAML_TYPE_STR && len == 0)) {
		/* "host_ip:", "host_ip: ~", "host_ip: !!null", "host_ip:
		 * !!str": no address. The address replaces the value, and a
		 * tag of any kind goes with it (left in place, "!!str" or
		 * "!x" would sit after the address or tag it). */
		const struct node_props *pr = doc_props(doc, v);
		if (pr && pr->tag_stop > pr->tag_start) {
			f->drop_tag = true;
			f->tag_start = pr->tag_start;
		}
		f->kind = FINDING_UNBOUND;
		return 0;
	}
	if (type != YAML_TYPE_STR) {
		f->kind = FINDING_INVALID;
		f->why = "host_ip is not a string";
		return 0;
	}
	f->kind = judge_address(w, s, len, &f->why);
	if (f->kind == FINDING_EXPLICIT_WILDCARD) {
		size_t off, dlen;
		if (env_applied_default(w->env, s, len, &off, &dlen)) {
			f->has_wild_span = true;
			f->wild_off = (uint32_t)off;
			f->wild_len = (uint32_t)dlen;
		} else if (!memchr(s, '$', len)) {
			f->has_wild_span = true;
			f->wild_off = 0;
			f->wild_len = (uint32_t)len;
		} else {
			f->why = from_variable;
		}
	}
	return 0;
}

/*
 * Reads "N" or "N-M" (ports 1 to 65535) from s[0..len) after expanding
 * it; false when it is something else or depends on an unset variable.
 */
static bool port_range(struct walk *w, const char *s, size_t len, unsigned *lo,
		       unsigned *hi)
{
	buf_truncate(&w->scratch, 0);
	if (env_expand(w->env, s, len, &w->scratch) != 1 || !w->scratch.data) {
		return false;
	}
	const char *p = w->scratch.data;
	unsigned v[2] = { 0, 0 };
	int n = 0;
	for (;;) {
		if (*p < '0' || *p > '9') {
			return false;
		}
		while (*p >= '0' && *p <= '9') {
			v[n] = v[n] * 10 + (unsigned)(*p++ - '0');
			if (v[n] > 65535) {
				return false;
			}
		}
		if (*p == '-' && n == 0) {
			p++;
			n = 1;
			continue;
		}
		break;
	}
	if (*p || v[0] == 0 || (n == 1 && v[1] < v[0])) {
		return false;
	}
	*lo = v[0];
	*hi = n == 1 ? v[1] : v[0];
	return true;
}

/* What the finding's container port of the current service exposes. */
static void expose(struct walk *w, struct site *f)
{
	unsigned lo = 0, hi = 0;
	const struct doc *doc = w->doc;
	if (f->kind == FINDING_HOST_NETWORK ||
	    f->kind == FINDING_SHARED_NETWORK ||
	    f->kind == FINDING_NOT_A_LIST || f->kind == FINDING_BAD_ENTRY) {
		/* the image alone: every port, or none we can read */
	} else if (f->long_syntax) {
		uint32_t t = doc_map_get(doc, f->node, "target", NULL);
		t = t == UINT32_MAX ? t : doc_resolve(doc, t);
		if (t != UINT32_MAX && doc->nodes[t].kind == NODE_SCALAR) {
			size_t len;
			const char *s = text(w, t, &len);
			if (!port_range(w, s, len, &lo, &hi)) {
				lo = hi = 0;
			}
		}
	} else if (f->kind != FINDING_INVALID &&
		   f->kind != FINDING_UNDECIDABLE) {
		size_t len;
		const char *s = text(w, f->node, &len);
		if (!port_range(w, s + f->spec.container.off,
				f->spec.container.len, &lo, &hi)) {
			lo = hi = 0;
		}
	}
	exposure_lookup(w->has_image ? w->image.data : NULL,
			w->has_image ? w->image.len : 0, lo, hi, &f->exposes);
}

static int push_exposed(struct walk *w, struct site *f)
{
	expose(w, f);
	return sites_push(w->out, f);
}

static int find_in_ports(struct walk *w, uint32_t service, uint32_t ports_key,
			 uint32_t ports)
{
	const struct node *nodes = w->doc->nodes;
	uint32_t list = doc_resolve(w->doc, ports);
	struct site base = {
		.list = list,
		.service = service,
		.ports_key = ports_key,
		.host_ip = UINT32_MAX,
		.host_ip_key = UINT32_MAX,
		.published = UINT32_MAX,
	};
	if (list >= w->doc->n) {
		return 0;
	}
	if (nodes[list].kind != NODE_SEQ) {
		size_t len;
		const char *s = nodes[list].kind == NODE_SCALAR
					? doc_text(w->doc, list, &len)
					: NULL;
		if (s && nodes[list].style == STYLE_PLAIN &&
		    is_null_text(s, len)) {
			return 0; /* "ports:", "ports: !reset null": none */
		}
		struct site f = base;
		f.node = list;
		f.entry = list;
		f.kind = FINDING_NOT_A_LIST;
		expose(w, &f);
		return push_once(w, &f);
	}
	for (uint32_t e = list + 1; e < nodes[list].end; e = nodes[e].end) {
		struct site f = base;
		f.node = doc_resolve(w->doc, e);
		f.entry = f.node;
		switch (nodes[f.node].kind) {
		case NODE_SCALAR:
			classify_short(w, &f);
			break;
		case NODE_MAP:
			if (classify_long(w, &f) < 0) {
				return -1;
			}
			break;
		default:
			f.kind = FINDING_BAD_ENTRY;
			break;
		}
		if (push_exposed(w, &f) < 0) {
			return -1;
		}
	}
	return 0;
}

static int check_keys(struct walk *w, uint32_t map)
{
	uint32_t dup;
	if (doc_map_duplicate(w->doc, map, &dup) < 0) {
		return -1;
	}
	if (dup == UINT32_MAX) {
		return 0;
	}
	struct site f = { .node = dup,
			  .entry = dup,
			  .service = dup,
			  .kind = FINDING_DUPLICATE_KEY };
	return push_once(w, &f);
}

/*
 * Loads the service's image (its own key, or through merge keys) into
 * w->image, expanded as docker compose would; an image that depends on an
 * unset variable is kept as written, which still names the software in
 * "${REGISTRY}/mysql:${TAG}". Returns 0, or -1 on ENOMEM.
 */
static int service_image(struct walk *w, uint32_t svc)
{
	const struct doc *doc = w->doc;
	w->has_image = false;
	buf_truncate(&w->image, 0);
	uint32_t v = doc_map_lookup(doc, svc, "image", NULL, NULL);
	v = v == UINT32_MAX ? v : doc_resolve(doc, v);
	if (v == UINT32_MAX || doc->nodes[v].kind != NODE_SCALAR) {
		return 0;
	}
	size_t len;
	const char *s = text(w, v, &len);
	errno = 0;
	int r = env_expand(w->env, s, len, &w->image);
	if (r < 0 && errno == ENOMEM) {
		return -1;
	}
	if (r != 1) {
		buf_truncate(&w->image, 0);
		if (buf_add(&w->image, s, len) < 0) {
			return -1;
		}
	}
	w->has_image = true;
	return 0;
}

/*
 * For a network_mode value nm that joins another container's network
 * namespace, "service:" or "container:" (the finding's reason); NULL for
 * any other. Docker refuses to publish ports there ("conflicting options:
 * port publishing and the container type network mode").
 */
static const char *network_shared(const struct doc *doc, uint32_t nm)
{
	uint32_t v = doc_resolve(doc, nm);
	if (doc->nodes[v].kind != NODE_SCALAR) {
		return NULL;
	}
	size_t len;
	const char *s = doc_text(doc, v, &len);
	if (len > 8 && memcmp(s, "service:", 8) == 0) {
		return "service:";
	}
	if (len > 10 && memcmp(s, "container:", 10) == 0) {
		return "container:";
	}
	return NULL;
}

static int find_in_service(struct walk *w, uint32_t key, uint32_t value)
{
	const struct doc *doc = w->doc;
	uint32_t svc = doc_resolve(doc, value);
	if (doc->nodes[svc].kind != NODE_MAP) {
		return 0;
	}
	if (svc == value && check_keys(w, svc) < 0) {
		return -1;
	}
	uint32_t ports_key = UINT32_MAX;
	uint32_t ports = doc_map_lookup(doc, svc, "ports", &ports_key, NULL);
	if (ports == UINT32_MAX) {
		return 0;
	}
	if (service_image(w, svc) < 0) {
		return -1;
	}
	uint32_t nm = doc_map_lookup(doc, svc, "network_mode", NULL, NULL);
	const char *shared = nm == UINT32_MAX ? NULL : network_shared(doc, nm);
	if (nm != UINT32_MAX &&
	    (shared || doc_text_is(doc, doc_resolve(doc, nm), "host", 4))) {
		uint32_t list = doc_resolve(doc, ports);
		if (doc->nodes[list].kind == NODE_SEQ &&
		    doc->nodes[list].end > list + 1) {
			struct site f = {
				.node = nm,
				.entry = nm,
				.service = key,
				.ports_key = ports_key,
				.why = shared,
				.kind = shared ? FINDING_SHARED_NETWORK
					       : FINDING_HOST_NETWORK
			};
			expose(w, &f);
			return push_once(w, &f);
		}
		return 0;
	}
	return find_in_ports(w, key, ports_key, ports);
}

/* A version-1 file: every top-level value a mapping with image or build. */
static bool is_legacy(const struct doc *doc, uint32_t root)
{
	const struct node *nodes = doc->nodes;
	bool any = false;
	for (uint32_t k = root + 1; k < nodes[root].end;) {
		uint32_t v = doc_resolve(doc, nodes[k].end);
		if (nodes[v].kind != NODE_MAP ||
		    (doc_map_get(doc, v, "image", NULL) == UINT32_MAX &&
		     doc_map_get(doc, v, "build", NULL) == UINT32_MAX)) {
			return false;
		}
		any = true;
		k = nodes[nodes[k].end].end;
	}
	return any;
}

static int find_in_doc(struct walk *w, uint32_t root)
{
	const struct doc *doc = w->doc;
	const struct node *nodes = doc->nodes;
	if (nodes[root].kind != NODE_MAP) {
		return 0;
	}
	uint32_t services = doc_resolve(
		doc, doc_map_lookup(doc, root, "services", NULL, NULL));
	if (services >= doc->n || nodes[services].kind != NODE_MAP) {
		if (services != UINT32_MAX || !is_legacy(doc, root)) {
			return 0;
		}
		services = root;
	}
	if (check_keys(w, root) < 0 ||
	    (services != root && check_keys(w, services) < 0)) {
		return -1;
	}
	/* the services, those a merge key brings included */
	uint32_t *keys;
	size_t n;
	if (doc_map_keys(doc, services, &keys, &n) < 0) {
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = find_in_service(w, keys[i], nodes[keys[i]].end);
	}
	free(keys);
	return rc;
}

/*
 * How much a kind exposes, for an entry judged under several sets of
 * variables (a file included by several projects): the worst counts.
 */
static int exposure_rank(enum finding_kind k)
{
	switch (k) {
	case FINDING_UNBOUND:
	case FINDING_CONTAINER_ONLY:
		return 5;
	case FINDING_EXPLICIT_WILDCARD:
		return 4;
	case FINDING_VARIABLE:
		return 3;
	case FINDING_INVALID:
		return 2;
	case FINDING_BOUND:
		return 0;
	default:
		return 1;
	}
}

/* Document order; an entry reached by several services: theirs, in order;
 * for one service, the most exposed reading first. */
static int by_node(const void *a, const void *b)
{
	const struct site *x = a, *y = b;
	if (x->node != y->node) {
		return (x->node > y->node) - (x->node < y->node);
	}
	if (x->service != y->service) {
		return (x->service > y->service) - (x->service < y->service);
	}
	int rx = exposure_rank(x->kind), ry = exposure_rank(y->kind);
	return (rx < ry) - (rx > ry);
}

/* A site out of order, by what a stable sort orders it by. */
struct keyed {
	uint32_t node, service;
	size_t pos;  /* its place in the input: ties keep their order */
	size_t rest; /* its index in the copy */
};

static int by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->node != y->node) {
		return (x->node > y->node) - (x->node < y->node);
	}
	if (x->service != y->service) {
		return (x->service > y->service) - (x->service < y->service);
	}
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/*
 * Sorts v[0..n) as a stable sort by node, then service, would. Most sites
 * are in order already (a service's own entries come in document order);
 * only those reached through an anchor defined earlier are not. So the
 * ordered ones stay as they are, the others are sorted alone and merged
 * in: a qsort of every site was 3% of a file of 10,000 services.
 */
static void sort_sites(struct site *v, size_t n)
{
	struct site *rest = malloc(n * sizeof(*rest));
	size_t *pos = malloc(n * sizeof(*pos));
	struct keyed *keys = malloc(n * sizeof(*keys));
	if (!rest || !pos || !keys) {
		free(rest);
		free(pos);
		free(keys);
		qsort(v, n, sizeof(*v), by_node); /* the slow way */
		return;
	}
	/* the kept ones: increasing nodes, in their order */
	size_t kept = 0, nrest = 0;
	for (size_t i = 0; i < n; i++) {
		if (kept == 0 || v[kept - 1].node < v[i].node) {
			pos[kept] = i;
			v[kept++] = v[i];
		} else {
			keys[nrest] = (struct keyed){ v[i].node, v[i].service,
						      i, nrest };
			rest[nrest++] = v[i];
		}
	}
	qsort(keys, nrest, sizeof(*keys), by_key);
	/* merged from the back, so that v holds both */
	size_t a = kept, b = nrest, out = n;
	while (b > 0) {
		struct keyed x = { 0 };
		if (a > 0) {
			x = (struct keyed){ v[a - 1].node, v[a - 1].service,
					    pos[a - 1], 0 };
		}
		if (a > 0 && by_key(&x, &keys[b - 1]) > 0) {
			v[--out] = v[--a];
		} else {
			v[--out] = rest[keys[--b].rest];
		}
	}
	free(rest);
	free(pos);
	free(keys);
}

int ports_find(const struct doc *doc, const struct env *const *envs,
	       size_t nenvs, struct sites *out)
{
	struct env none;
	env_init(&none);
	const struct env *no_env = &none;
	if (nenvs == 0) {
		envs = &no_env;
		nenvs = 1;
	}
	struct walk w = { .doc = doc, .out = out };
	w.seen = calloc(doc->n / 64 + 1, sizeof(*w.seen));
	if (!w.seen) {
		return -1;
	}
	buf_init(&w.scratch);
	buf_init(&w.image);
	size_t first = out->n;
	int rc = 0;
	for (size_t e = 0; e < nenvs && rc == 0; e++) {
		w.env = envs[e] ? envs[e] : &none;
		for (uint32_t i = 0; i < doc->n && rc == 0;
		     i = doc->nodes[i].end) {
			if (doc->nodes[i].kind == NODE_DOC &&
			    i + 1 < doc->nodes[i].end) {
				rc = find_in_doc(&w, doc_resolve(doc, i + 1));
			}
		}
	}
	buf_release(&w.scratch);
	buf_release(&w.image);
	free(w.seen);
	if (rc < 0) {
		return -1;
	}
	if (out->n - first < 2) {
		return 0; /* nothing to sort (and out->v may still be NULL) */
	}
	struct site *v = out->v + first;
	size_t n = out->n - first;
	bool sorted = true;
	for (size_t i = 1; sorted && i < n; i++) {
		sorted = v[i - 1].node < v[i].node;
	}
	if (!sorted) {
		/* an anchor reached from a later service, or from several;
		 * or the walk again under other variables (then the worst
		 * reading of an entry first, for the pick below) */
		if (nenvs > 1) {
			qsort(v, n, sizeof(*v), by_node);
		} else {
			sort_sites(v, n);
		}
	}
	if (nenvs > 1) {
		/* one finding per entry and service: the worst reading */
		size_t keep = 0;
		for (size_t i = 0; i < n; i++) {
			if (keep > 0 && v[keep - 1].node == v[i].node &&
			    v[keep - 1].service == v[i].service) {
				continue;
			}
			v[keep++] = v[i];
		}
		out->n = first + keep;
	}
	return 0;
}

struct refs {
	struct ref *v;
	size_t n;
	size_t cap;
};

static int ref_add(const struct doc *doc, struct refs *r, uint32_t node,
		   enum ref_kind kind, uint32_t entry, bool first)
{
	node = doc_resolve(doc, node);
	if (node >= doc->n || doc->nodes[node].kind != NODE_SCALAR ||
	    doc->nodes[node].text_len == 0) {
		return 0;
	}
	if (array_grow((void **)&r->v, &r->cap, r->n, sizeof(*r->v)) < 0) {
		return -1;
	}
	r->v[r->n++] = (struct ref){ kind, node, entry, first };
	return 0;
}

/* An include item's path, or list of paths. */
static int ref_add_paths(const struct doc *doc, struct refs *r, uint32_t v,
			 uint32_t entry)
{
	v = doc_resolve(doc, v);
	if (v >= doc->n) {
		return 0;
	}
	if (doc->nodes[v].kind != NODE_SEQ) {
		return ref_add(doc, r, v, REF_INCLUDE, entry, true);
	}
	for (uint32_t c = v + 1; c < doc->nodes[v].end; c = doc->nodes[c].end) {
		if (ref_add(doc, r, c, REF_INCLUDE, entry, c == v + 1) < 0) {
			return -1;
		}
	}
	return 0;
}

static int refs_in_doc(const struct doc *doc, uint32_t root, struct refs *r)
{
	const struct node *nodes = doc->nodes;
	if (nodes[root].kind != NODE_MAP) {
		return 0;
	}
	uint32_t inc = doc_resolve(
		doc, doc_map_lookup(doc, root, "include", NULL, NULL));
	if (inc < doc->n && nodes[inc].kind == NODE_SEQ) {
		for (uint32_t c = inc + 1; c < nodes[inc].end;
		     c = nodes[c].end) {
			uint32_t e = doc_resolve(doc, c);
			int rc = nodes[e].kind == NODE_MAP
					 ? ref_add_paths(doc, r,
							 doc_map_lookup(
								 doc, e, "path",
								 NULL, NULL),
							 e)
					 : ref_add(doc, r, e, REF_INCLUDE,
						   UINT32_MAX, true);
			if (rc < 0) {
				return -1;
			}
		}
	}
	uint32_t services = doc_resolve(
		doc, doc_map_lookup(doc, root, "services", NULL, NULL));
	if (services >= doc->n || nodes[services].kind != NODE_MAP) {
		return 0;
	}
	uint32_t *keys;
	size_t n;
	if (doc_map_keys(doc, services, &keys, &n) < 0) {
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		uint32_t v = nodes[keys[i]].end;
		uint32_t ext = doc_resolve(
			doc, doc_map_lookup(doc, v, "extends", NULL, NULL));
		if (ext < doc->n && doc->nodes[ext].kind == NODE_MAP) {
			rc = ref_add(
				doc, r,
				doc_map_lookup(doc, ext, "file", NULL, NULL),
				REF_EXTENDS, UINT32_MAX, false);
		}
	}
	free(keys);
	return rc;
}

int ports_references(const struct doc *doc, struct ref **out, size_t *n)
{
	struct refs r = { 0 };
	for (uint32_t i = 0; i < doc->n; i = doc->nodes[i].end) {
		if (doc->nodes[i].kind == NODE_DOC &&
		    i + 1 < doc->nodes[i].end &&
		    refs_in_doc(doc, doc_resolve(doc, i + 1), &r) < 0) {
			free(r.v);
			return -1;
		}
	}
	*out = r.v;
	*n = r.n;
	return 0;
}

/* A deploy: key that only docker stack deploy (swarm mode) reads. */
static const char *swarm_deploy(const struct doc *doc, uint32_t svc)
{
	static const struct {
		const char *key, *why;
	} keys[] = {
		{ "placement", "the file is a swarm stack: deploy.placement" },
		{ "update_config",
		  "the file is a swarm stack: deploy.update_config" },
		{ "rollback_config",
		  "the file is a swarm stack: deploy.rollback_config" },
		{ "endpoint_mode",
		  "the file is a swarm stack: deploy.endpoint_mode" },
	};
	uint32_t d = doc_resolve(
		doc, doc_map_lookup(doc, svc, "deploy", NULL, NULL));
	if (d >= doc->n || doc->nodes[d].kind != NODE_MAP) {
		return NULL;
	}
	uint32_t mode =
		doc_resolve(doc, doc_map_lookup(doc, d, "mode", NULL, NULL));
	if (mode < doc->n && doc_text_is(doc, mode, "global", 6)) {
		return "the file is a swarm stack: deploy.mode: global";
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (doc_map_lookup(doc, d, keys[i].key, NULL, NULL) !=
		    UINT32_MAX) {
			return keys[i].why;
		}
	}
	return NULL;
}

static const char *swarm_in_doc(const struct doc *doc, uint32_t root)
{
	const struct node *nodes = doc->nodes;
	if (nodes[root].kind != NODE_MAP) {
		return NULL;
	}
	uint32_t nets = doc_resolve(
		doc, doc_map_lookup(doc, root, "networks", NULL, NULL));
	if (nets < doc->n && nodes[nets].kind == NODE_MAP) {
		for (uint32_t k = nets + 1; k < nodes[nets].end;
		     k = nodes[nodes[k].end].end) {
			uint32_t drv = doc_resolve(
				doc, doc_map_lookup(doc, nodes[k].end, "driver",
						    NULL, NULL));
			if (drv < doc->n &&
			    doc_text_is(doc, drv, "overlay", 7)) {
				return "the file is a swarm stack: a network "
				       "with "
				       "driver: overlay";
			}
		}
	}
	uint32_t services = doc_resolve(
		doc, doc_map_lookup(doc, root, "services", NULL, NULL));
	if (services >= doc->n || nodes[services].kind != NODE_MAP) {
		return NULL;
	}
	uint32_t *keys;
	size_t n;
	if (doc_map_keys(doc, services, &keys, &n) < 0) {
		return NULL;
	}
	const char *why = NULL;
	for (size_t i = 0; !why && i < n; i++) {
		why = swarm_deploy(doc, nodes[keys[i]].end);
	}
	free(keys);
	return why;
}

/* A stack file's name: docker-stack.yml, stack.yaml, app-stack.yml... */
static bool stack_name(const char *path)
{
	if (!path) {
		return false;
	}
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t len = strlen(base);
	static const char *const ends[] = { "stack.yml", "stack.yaml" };
	for (size_t i = 0; i < 2; i++) {
		size_t e = strlen(ends[i]);
		if (len >= e && strcmp(base + len - e, ends[i]) == 0 &&
		    (len == e || base[len - e - 1] == '-' ||
		     base[len - e - 1] == '.' || base[len - e - 1] == '_')) {
			return true;
		}
	}
	return strncmp(base, "docker-stack.", 13) == 0;
}

const char *ports_swarm(const struct doc *doc, const char *path)
{
	if (stack_name(path)) {
		return "the file is a swarm stack by its name";
	}
	for (uint32_t i = 0; i < doc->n; i = doc->nodes[i].end) {
		if (doc->nodes[i].kind == NODE_DOC &&
		    i + 1 < doc->nodes[i].end) {
			const char *why =
				swarm_in_doc(doc, doc_resolve(doc, i + 1));
			if (why) {
				return why;
			}
		}
	}
	return NULL;
}
