#include "ports.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void findings_init(struct findings *f)
{
	f->v = NULL;
	f->n = 0;
	f->cap = 0;
}

void findings_release(struct findings *f)
{
	if (!f) {
		return;
	}
	free(f->v);
	findings_init(f);
}

static int findings_push(struct findings *f, const struct finding *x)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct finding *v = realloc(f->v, cap * sizeof(*v));
		if (!v) {
			errno = ENOMEM;
			return -1;
		}
		f->v = v;
		f->cap = cap;
	}
	f->v[f->n++] = *x;
	return 0;
}

const char *finding_kind_name(enum finding_kind kind)
{
	switch (kind) {
	case FINDING_BOUND:
		return "bound";
	case FINDING_UNBOUND:
		return "unbound";
	case FINDING_CONTAINER_ONLY:
		return "container-only";
	case FINDING_EXPLICIT_WILDCARD:
		return "explicit-wildcard";
	case FINDING_VARIABLE:
		return "variable";
	case FINDING_UNDECIDABLE:
		return "undecidable";
	case FINDING_INVALID:
		return "invalid";
	case FINDING_DUPLICATE_KEY:
		return "duplicate-key";
	}
	return "invalid";
}

static enum finding_kind kind_of(enum portspec_kind k)
{
	switch (k) {
	case PORTSPEC_CONTAINER_ONLY:
		return FINDING_CONTAINER_ONLY;
	case PORTSPEC_UNBOUND:
	case PORTSPEC_EMPTY_IP:
		return FINDING_UNBOUND;
	case PORTSPEC_BOUND:
		return FINDING_BOUND;
	case PORTSPEC_WILDCARD:
		return FINDING_EXPLICIT_WILDCARD;
	case PORTSPEC_VARIABLE_IP:
		return FINDING_VARIABLE;
	case PORTSPEC_UNDECIDABLE:
		return FINDING_UNDECIDABLE;
	case PORTSPEC_INVALID:
		break;
	}
	return FINDING_INVALID;
}

static int find_in_ports(const struct doc *doc, uint32_t service,
			 uint32_t ports, struct findings *out)
{
	const struct node *nodes = doc->nodes;
	ports = doc_resolve(doc, ports);
	if (ports >= doc->n || nodes[ports].kind != NODE_SEQ) {
		return 0;
	}
	for (uint32_t e = ports + 1; e < nodes[ports].end; e = nodes[e].end) {
		uint32_t entry = doc_resolve(doc, e);
		if (nodes[entry].kind != NODE_SCALAR) {
			continue;
		}
		struct finding f = {.node = entry, .service = service};
		size_t len;
		const char *s = doc_text(doc, entry, &len);
		portspec_parse(s, len, &f.spec);
		f.kind = kind_of(f.spec.kind);
		if (f.spec.from_default && (f.kind == FINDING_UNBOUND ||
					    f.kind == FINDING_CONTAINER_ONLY)) {
			/* "${P:-:8080}:80": the default decides, not us */
			f.kind = FINDING_VARIABLE;
		}
		if (findings_push(out, &f) < 0) {
			return -1;
		}
	}
	return 0;
}

static int check_keys(const struct doc *doc, uint32_t map,
		      struct findings *out)
{
	uint32_t dup = doc_map_duplicate(doc, map);
	if (dup == UINT32_MAX) {
		return 0;
	}
	struct finding f = {.node = dup, .service = dup,
			    .kind = FINDING_DUPLICATE_KEY};
	return findings_push(out, &f);
}

static int find_in_doc(const struct doc *doc, uint32_t root,
		       struct findings *out)
{
	const struct node *nodes = doc->nodes;
	uint32_t services = doc_resolve(doc, doc_map_get(doc, root, "services",
							 NULL));
	if (services >= doc->n || nodes[services].kind != NODE_MAP) {
		return 0;
	}
	if (check_keys(doc, root, out) < 0 ||
	    check_keys(doc, services, out) < 0) {
		return -1;
	}
	for (uint32_t k = services + 1; k < nodes[services].end;) {
		uint32_t v = nodes[k].end;
		uint32_t svc = doc_resolve(doc, v);
		if (nodes[svc].kind == NODE_MAP && svc == v &&
		    check_keys(doc, svc, out) < 0) {
			return -1;
		}
		if (nodes[svc].kind == NODE_MAP) {
			uint32_t ports = doc_map_get(doc, svc, "ports", NULL);
			if (ports != UINT32_MAX &&
			    find_in_ports(doc, k, ports, out) < 0) {
				return -1;
			}
		}
		k = nodes[v].end;
	}
	return 0;
}

/* Document order; for an entry shared by services, the first service. */
static int by_node(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	if (x->node != y->node) {
		return (x->node > y->node) - (x->node < y->node);
	}
	return (x->service > y->service) - (x->service < y->service);
}

int ports_find(const struct doc *doc, struct findings *out)
{
	size_t first = out->n;
	for (uint32_t i = 0; i < doc->n; i = doc->nodes[i].end) {
		if (doc->nodes[i].kind == NODE_DOC && i + 1 < doc->nodes[i].end &&
		    find_in_doc(doc, doc_resolve(doc, i + 1), out) < 0) {
			return -1;
		}
	}
	struct finding *v = out->v + first;
	size_t n = out->n - first;
	bool sorted = true;
	for (size_t i = 1; sorted && i < n; i++) {
		sorted = by_node(&v[i - 1], &v[i]) < 0;
	}
	if (sorted) {
		return 0; /* the usual case: no entry shared by two services */
	}
	qsort(v, n, sizeof(*v), by_node);
	size_t keep = 0;
	for (size_t i = 0; i < n; i++) {
		if (keep == 0 || v[keep - 1].node != v[i].node) {
			v[keep++] = v[i];
		}
	}
	out->n = first + keep;
	return 0;
}
