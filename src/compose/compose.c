#include "compose.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"

#include "env.h"

/* Where messages place a node: a quote included, a block scalar at its
 * '|' or '>' header. */
static size_t node_at(const struct compose *c, uint32_t node)
{
	const struct node *nd = &c->doc.nodes[node];
	const struct node_props *pr = doc_props(&c->doc, node);
	size_t at = nd->start;
	if ((nd->flags & NODE_NO_TOKEN) && pr && pr->tag_stop > pr->tag_start) {
		return pr->tag_start; /* "- !!null": only its tag has bytes */
	}
	if ((nd->style == STYLE_SINGLE || nd->style == STYLE_DOUBLE) &&
	    at > 0) {
		at--; /* the token starts after the opening quote */
	}
	if ((nd->style == STYLE_LITERAL || nd->style == STYLE_FOLDED) &&
	    at > 0) {
		/* a block scalar's token starts on its first content line:
		 * point at the '|' or '>' of its header, the line above */
		const char *src = c->src.data;
		size_t end = at - 1, ls = end;
		while (ls > 0 && src[ls - 1] != '\n') {
			ls--;
		}
		for (size_t i = ls; i < end; i++) {
			if (src[i] == '|' || src[i] == '>') {
				at = i;
				break;
			}
		}
	}
	return at;
}

/* Where a site's text ends: past a closing quote, or its last scalar. */
static size_t entry_stop(const struct compose *c, uint32_t node)
{
	const struct node *nodes = c->doc.nodes;
	size_t stop = nodes[node].stop;
	const struct node_props *pr = doc_props(&c->doc, node);
	if ((nodes[node].flags & NODE_NO_TOKEN) && pr &&
	    pr->tag_stop > pr->tag_start) {
		return pr->tag_stop; /* "- !!null": the tag is the entry */
	}
	for (uint32_t k = node; k < nodes[node].end; k++) {
		size_t e = nodes[k].stop;
		if (nodes[k].style == STYLE_SINGLE ||
		    nodes[k].style == STYLE_DOUBLE) {
			e++;
		}
		if ((nodes[k].kind == NODE_SCALAR || k == node) && e > stop) {
			stop = e;
		}
	}
	return stop;
}

/* Repeated keys Compose rejects: errors. Returns how many, or -1. */
static int duplicate_keys(struct compose *c, struct diags *d)
{
	int n = 0;
	for (size_t i = 0; i < c->sites.n; i++) {
		const struct site *fd = &c->sites.v[i];
		if (fd->kind != FINDING_DUPLICATE_KEY) {
			continue;
		}
		unsigned line, col;
		size_t len;
		const char *key = doc_text(&c->doc, fd->node, &len);
		if (source_pos(&c->src, node_at(c, fd->node), &line, &col) <
			    0 ||
		    diags_add(d, DIAG_ERROR, line, col,
			      "duplicate key '%.*s' (Docker Compose rejects "
			      "it)",
			      (int)len, key) < 0) {
			return -1;
		}
		n++;
	}
	return n;
}

/* ", published 8080" for a long-syntax key that is present. */
static int add_field(struct buf *out, const struct doc *doc, uint32_t map,
		     const char *key, bool *first)
{
	uint32_t v = doc_map_lookup(doc, map, key, NULL, NULL);
	if (v == UINT32_MAX) {
		return 0;
	}
	v = doc_resolve(doc, v);
	if (doc->nodes[v].kind != NODE_SCALAR) {
		return 0;
	}
	size_t len;
	const char *s = doc_text(doc, v, &len);
	int rc = len ? buf_addf(out, "%s%s %.*s", *first ? "" : ", ", key,
				(int)len, s)
		     : buf_addf(out, "%s%s \"\"", *first ? "" : ", ", key);
	*first = false;
	return rc;
}

/* A block scalar's value ends with its line break: not worth showing. */
static size_t shown_len(const struct compose *c, uint32_t node, const char *s,
			size_t len)
{
	enum node_style st = (enum node_style)c->doc.nodes[node].style;
	if (st == STYLE_LITERAL || st == STYLE_FOLDED) {
		while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r')) {
			len--;
		}
	}
	return len;
}

/* The entry alone: its value, or a description of its long-syntax
 * fields. */
static int entry_text(struct buf *out, const struct compose *c,
		      const struct site *fd)
{
	if (fd->long_syntax) {
		bool first = true;
		const struct doc *doc = &c->doc;
		if (buf_adds(out, "long-syntax port (") < 0 ||
		    add_field(out, doc, fd->entry, "target", &first) < 0 ||
		    add_field(out, doc, fd->entry, "published", &first) < 0 ||
		    add_field(out, doc, fd->entry, "protocol", &first) < 0 ||
		    add_field(out, doc, fd->entry, "host_ip", &first) < 0 ||
		    buf_adds(out, ")") < 0) {
			return -1;
		}
		return 0;
	}
	size_t len;
	const char *s = doc_text(&c->doc, fd->node, &len);
	return buf_add(out, s, shown_len(c, fd->node, s, len));
}

/* A change's new value as messages show it: quoted, or as a long-syntax
 * pair reads in the file. */
static int shown_value(struct buf *out, const struct compose *c,
		       const struct change *ch, bool long_syntax)
{
	const char *v = c->plan.text.data + ch->value;
	size_t vlen = ch->kind == CHANGE_SET
			      ? shown_len(c, ch->node, v, ch->value_len)
			      : ch->value_len;
	if (long_syntax) {
		if (buf_adds(out, "host_ip: ") < 0) {
			return -1;
		}
		if (ch->style == STYLE_PLAIN) {
			return buf_add(out, v, vlen);
		}
	}
	return buf_add_quoted(out, v, vlen);
}

static int text(struct scan *s, const struct buf *b, uint32_t *off, uint32_t *n)
{
	return findings_text(&s->findings, b->data ? b->data : "", b->len, off,
			     n);
}

/*
 * What the fix changes besides the address, for the message: the
 * spelling of a number Compose's YAML reads otherwise ("0x50" is 80), a
 * tag that would force a type on the new value.
 */
static int typed_note(struct buf *out, const struct compose *c,
		      const struct site *fd)
{
	size_t len;
	const char *s = doc_text(&c->doc, fd->node, &len);
	char dec[16];
	/* the tag sits on the entry, or on a long-syntax entry's host_ip */
	const struct node_props *pr =
		doc_props(&c->doc, fd->long_syntax && fd->host_ip != UINT32_MAX
					   ? doc_resolve(&c->doc, fd->host_ip)
					   : fd->node);

	if (fd->is_number) {
		snprintf(dec, sizeof(dec), "%u", (unsigned)fd->number);
		if ((strlen(dec) != len || memcmp(dec, s, len) != 0) &&
		    buf_addf(out,
			     "Compose reads %.*s as port %s: the fix writes it "
			     "in decimal",
			     (int)len, s, dec) < 0) {
			return -1;
		}
	}
	if (fd->drop_tag && pr && pr->tag_stop > pr->tag_start &&
	    buf_addf(out, "%sthe fix drops the %.*s tag", out->len ? "; " : "",
		     (int)(pr->tag_stop - pr->tag_start),
		     c->src.data + pr->tag_start) < 0) {
		return -1;
	}
	return 0;
}

/* The fixes of site i: changes [*k ..) of the plan, which is in site
 * order. */
static int add_fixes(struct scan *s, const struct compose *c, size_t i,
		     size_t *k, struct buf *tmp)
{
	const struct site *fd = &c->sites.v[i];
	const struct change *own = NULL, *first = &c->plan.v[*k];
	for (; *k < c->plan.n && c->plan.v[*k].site == i; (*k)++) {
		const struct change *ch = &c->plan.v[*k];
		struct finding_fix *x = findings_add_fix(&s->findings);
		if (!x) {
			return -1;
		}
		x->off = ch->off;
		x->del = ch->del;
		x->copy = ch->kind == CHANGE_COPY_AFTER;
		buf_truncate(tmp, 0);
		if (findings_text(&s->findings, c->plan.text.data + ch->ins,
				  ch->ins_len, &x->ins, &x->ins_len) < 0 ||
		    shown_value(tmp, c, ch, fd->long_syntax) < 0 ||
		    text(s, tmp, &x->shown, &x->shown_len) < 0) {
			return -1;
		}
		if (!own && !x->copy) {
			own = ch;
		}
	}
	if (!own) {
		own = first;
	}
	/* the replacement as reports give it: the raw value */
	buf_truncate(tmp, 0);
	struct finding *f = &s->findings.v[s->findings.n - 1];
	if ((fd->long_syntax && own->kind != CHANGE_SET &&
	     buf_adds(tmp, "host_ip: ") < 0) ||
	    buf_add(tmp, c->plan.text.data + own->value, own->value_len) < 0) {
		return -1;
	}
	if (text(s, tmp, &f->replacement, &f->replacement_len) < 0) {
		return -1;
	}
	buf_truncate(tmp, 0);
	if (typed_note(tmp, c, fd) < 0) {
		return -1;
	}
	return tmp->len ? text(s, tmp, &f->note, &f->note_len) : 0;
}

/*
 * Whether site i's host_ip is an alias ("host_ip: *ip") of a value another
 * site's fix sets: the entry is bound with it, as an entry that services
 * share is fixed once and reported once.
 */
static bool fixed_through_alias(const struct compose *c, size_t i)
{
	const struct site *fd = &c->sites.v[i];
	if (!fd->long_syntax || fd->host_ip == UINT32_MAX ||
	    plan_has(&c->plan, i)) {
		return false;
	}
	uint32_t v = doc_resolve(&c->doc, fd->host_ip);
	if (v == fd->host_ip) {
		return false;
	}
	for (size_t k = 0; k < c->plan.n; k++) {
		if (c->plan.v[k].kind == CHANGE_SET && c->plan.v[k].node == v) {
			return true;
		}
	}
	return false;
}

/* Whether a site is a port entry that publishes a port (one left public
 * by an ignore comment or an allow list is public on purpose). */
static bool publishes(enum finding_kind k)
{
	switch (k) {
	case FINDING_BOUND:
	case FINDING_UNBOUND:
	case FINDING_CONTAINER_ONLY:
	case FINDING_EXPLICIT_WILDCARD:
	case FINDING_VARIABLE:
	case FINDING_UNDECIDABLE:
		return true;
	default:
		return false;
	}
}

/* The swarm warning beside the entry of site i (whatever its own kind):
 * docker stack deploy publishes it on every node. */
static int add_swarm(struct scan *s, const struct compose *c, size_t i,
		     const char *why, struct buf *tmp)
{
	const struct site *fd = &c->sites.v[i];
	struct finding *f = findings_add(&s->findings);
	if (!f) {
		return -1;
	}
	f->kind = FINDING_SWARM;
	f->at = node_at(c, fd->node);
	f->end = entry_stop(c, fd->node);
	f->entry_quoted = !fd->long_syntax;
	f->why = why;
	size_t slen;
	const char *svc = doc_text(&c->doc, fd->service, &slen);
	buf_truncate(tmp, 0);
	if (findings_text(&s->findings, svc, slen, &f->context,
			  &f->context_len) < 0 ||
	    entry_text(tmp, c, fd) < 0 ||
	    text(s, tmp, &f->entry, &f->entry_len) < 0) {
		return -1;
	}
	return 0;
}

/*
 * The findings of every site but bound ones, in document order; in a
 * swarm stack (swarm: why it is one), each published port is followed by
 * a FINDING_SWARM, bound ones too.
 */
static int add_findings(struct scan *s, const struct compose *c,
			const struct plan_opts *po, const char *swarm)
{
	struct buf tmp;
	buf_init(&tmp);
	size_t k = 0;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < c->sites.n; i++) {
		const struct site *fd = &c->sites.v[i];
		if (fd->kind == FINDING_BOUND) {
			if (swarm) {
				rc = add_swarm(s, c, i, swarm, &tmp);
			}
			continue;
		}
		if (fixed_through_alias(c, i)) {
			continue; /* its anchor's entry says it */
		}
		struct finding *f = findings_add(&s->findings);
		if (!f) {
			rc = -1;
			break;
		}
		f->kind = fd->kind;
		f->at = node_at(c, fd->node);
		f->end = entry_stop(c, fd->node);
		f->entry_quoted = !fd->long_syntax;
		f->why = fd->why;
		bool fixed = plan_has(&c->plan, i);
		/* wanted whatever --only says; then fixed, or deselected, or
		 * beyond a safe splice */
		struct plan_opts every = *po;
		every.only = 0;
		bool wanted = !fixed && plan_wants_fix(fd, &every);
		f->deselected = wanted && !plan_selected(fd, po);
		f->unfixable = wanted && !f->deselected;
		f->exposes = fd->exposes;
		size_t slen;
		const char *svc = doc_text(&c->doc, fd->service, &slen);
		buf_truncate(&tmp, 0);
		if (findings_text(&s->findings, svc, slen, &f->context,
				  &f->context_len) < 0 ||
		    entry_text(&tmp, c, fd) < 0 ||
		    text(s, &tmp, &f->entry, &f->entry_len) < 0) {
			rc = -1;
			break;
		}
		if (fixed) {
			while (c->plan.v[k].site != i) {
				k++; /* plan_has() said it is there */
			}
			rc = add_fixes(s, c, i, &k, &tmp);
		}
		if (rc == 0 && swarm && publishes(fd->kind)) {
			rc = add_swarm(s, c, i, swarm, &tmp);
		}
	}
	buf_release(&tmp);
	return rc;
}

/* A path docker compose hands to a remote loader, not the file system. */
static bool is_remote(const char *s, size_t len)
{
	if (len >= 4 && memcmp(s, "git@", 4) == 0) {
		return true;
	}
	for (size_t i = 0; i + 3 <= len; i++) {
		if (memcmp(s + i, "://", 3) == 0) {
			return true;
		}
	}
	return false;
}

/*
 * Scalar node v interpolated with ctx, as a malloc'ed string in *out:
 * 1; 0 when it is unknown here (a variable set nowhere, a malformed
 * interpolation), empty or not a scalar; -1 on ENOMEM.
 */
static int interpolate(const struct doc *doc, uint32_t v, const struct env *ctx,
		       char **out)
{
	*out = NULL;
	v = doc_resolve(doc, v);
	if (v >= doc->n || doc->nodes[v].kind != NODE_SCALAR) {
		return 0;
	}
	size_t len;
	const char *t = doc_text(doc, v, &len);
	struct buf b;
	buf_init(&b);
	int r = env_expand(ctx, t, len, &b);
	if (r < 0 && errno == ENOMEM) {
		buf_release(&b);
		return -1;
	}
	if (r == 1 && b.len > 0) {
		*out = buf_detach(&b);
		return *out ? 1 : -1;
	}
	buf_release(&b);
	return 0;
}

/* The include item's env_file: names (a string or a list). */
static int include_env_files(const struct doc *doc, const struct ref *ref,
			     const struct env *ctx, struct scan_ref *x)
{
	uint32_t v = ref->entry == UINT32_MAX
			     ? UINT32_MAX
			     : doc_resolve(doc, doc_map_lookup(doc, ref->entry,
							       "env_file", NULL,
							       NULL));
	if (v >= doc->n) {
		return 0;
	}
	bool seq = doc->nodes[v].kind == NODE_SEQ;
	size_t count = 1;
	if (seq) {
		count = 0;
		for (uint32_t c = v + 1; c < doc->nodes[v].end;
		     c = doc->nodes[c].end) {
			count++;
		}
	}
	x->env_files = calloc(count ? count : 1, sizeof(*x->env_files));
	if (!x->env_files) {
		errno = ENOMEM;
		return -1;
	}
	for (uint32_t c = seq ? v + 1 : v; count > 0; c = doc->nodes[c].end) {
		char *name;
		int r = interpolate(doc, c, ctx, &name);
		if (r < 0) {
			return -1;
		}
		if (r == 1) {
			x->env_files[x->nenv_files++] = name;
		}
		if (!seq || doc->nodes[c].end >= doc->nodes[v].end) {
			break;
		}
	}
	return 0;
}

/* The included project's directory: project_directory:, else the
 * directory of the item's first path; "" or ending in '/'. */
static int include_dir(const struct doc *doc, const struct ref *ref,
		       const struct env *ctx, const char *path,
		       struct scan_ref *x)
{
	char *dir = NULL;
	int r = 0;
	if (ref->entry != UINT32_MAX) {
		uint32_t pd = doc_map_lookup(doc, ref->entry,
					     "project_directory", NULL, NULL);
		if (pd != UINT32_MAX) {
			r = interpolate(doc, pd, ctx, &dir);
		}
	}
	if (r < 0) {
		return -1;
	}
	struct buf b;
	buf_init(&b);
	if (r == 1) {
		r = buf_adds(&b, dir);
		if (r == 0 && dir[strlen(dir) - 1] != '/') {
			r = buf_addc(&b, '/');
		}
	} else {
		char *first = NULL;
		if (!ref->first) {
			uint32_t p = doc_resolve(
				doc, doc_map_lookup(doc, ref->entry, "path",
						    NULL, NULL));
			if (p < doc->n && doc->nodes[p].kind == NODE_SEQ &&
			    doc->nodes[p].end > p + 1 &&
			    interpolate(doc, p + 1, ctx, &first) < 0) {
				free(dir);
				return -1;
			}
		}
		const char *f = first ? first : path;
		const char *slash = strrchr(f, '/');
		r = buf_add(&b, f, slash ? (size_t)(slash - f + 1) : 0);
		free(first);
	}
	free(dir);
	x->project_dir = r == 0 ? buf_detach(&b) : NULL;
	if (!x->project_dir) {
		buf_release(&b);
		x->project_dir = r == 0 ? strdup("") : NULL;
	}
	return x->project_dir ? 0 : -1;
}

/*
 * The files the input pulls in (include:, extends: {file:}), under each
 * variable set: interpolated, with where they are named and, for an
 * include, the env files of its project.
 */
static int add_refs(struct scan *s, struct compose *c,
		    const struct frontend_opts *o)
{
	struct ref *refs;
	size_t n;
	if (ports_references(&c->doc, &refs, &n) < 0) {
		return -1;
	}
	struct env none;
	env_init(&none);
	const struct env *const no_env[] = { &none };
	const struct env *const *envs = o->nenvs ? o->envs : no_env;
	size_t nenvs = o->nenvs ? o->nenvs : 1;
	int rc = 0;
	size_t cap = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		for (size_t k = 0; rc == 0 && k < nenvs; k++) {
			char *path;
			int r = interpolate(&c->doc, refs[i].path, envs[k],
					    &path);
			if (r <= 0 || is_remote(path, strlen(path))) {
				rc = r;
				free(path);
				continue;
			}
			if (array_grow((void **)&s->refs, &cap, s->nrefs,
				       sizeof(*s->refs)) < 0) {
				free(path);
				rc = -1;
				break;
			}
			struct scan_ref *x = &s->refs[s->nrefs++];
			memset(x, 0, sizeof(*x));
			x->path = path;
			x->include = refs[i].kind == REF_INCLUDE;
			x->ctx = o->nenvs ? k : 0;
			rc = source_pos(&c->src, node_at(c, refs[i].path),
					&x->line, &x->col);
			if (rc == 0 && x->include) {
				rc = include_env_files(&c->doc, &refs[i],
						       envs[k], x);
			}
			if (rc == 0 && x->include) {
				rc = include_dir(&c->doc, &refs[i], envs[k],
						 path, x);
			}
		}
	}
	free(refs);
	return rc;
}

static int compose_scan(struct scan *s, const char *data, size_t len,
			const struct frontend_opts *o)
{
	struct compose *c = calloc(1, sizeof(*c));
	if (!c) {
		errno = ENOMEM;
		return -1;
	}
	s->state = c;
	source_init(&c->src, data, len);
	sites_init(&c->sites);
	plan_init(&c->plan);
	struct plan_opts po = {
		.binds = o->binds,
		.nbinds = o->nbinds,
		.fix_explicit = o->fix_explicit,
		.allow_ports = o->allow_ports,
		.nallow_ports = o->nallow_ports,
		.allow_services = o->allow_services,
		.nallow_services = o->nallow_services,
		.only = o->only,
	};
	if (!source_check_text(&c->src, &s->diags) ||
	    doc_load(&c->doc, data, len, &s->diags) < 0 ||
	    ports_find(&c->doc, o->envs, o->nenvs, &c->sites) < 0 ||
	    duplicate_keys(c, &s->diags) != 0 ||
	    plan_build(&c->plan, &c->doc, &c->sites, &po) < 0 ||
	    add_findings(s, c, &po, ports_swarm(&c->doc, o->path)) < 0 ||
	    add_refs(s, c, o) < 0) {
		return -1;
	}
	return 0;
}

static bool compose_verify(const struct scan *s, const char *new, size_t len,
			   struct diags *d)
{
	const struct compose *c = s->state;
	return verify_change(&c->doc, &c->plan, new, len, d);
}

static void compose_release(struct scan *s)
{
	struct compose *c = s->state;
	if (!c) {
		return;
	}
	source_release(&c->src);
	doc_release(&c->doc);
	sites_release(&c->sites);
	plan_release(&c->plan);
	free(c);
	s->state = NULL;
}

const struct frontend compose_frontend = {
	.name = "compose",
	.context = "service",
	.scan = compose_scan,
	.verify = compose_verify,
	.release = compose_release,
};
