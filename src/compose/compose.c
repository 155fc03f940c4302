#include "compose.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"

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

/* The findings of every site but bound ones, in document order. */
static int add_findings(struct scan *s, const struct compose *c,
			const struct plan_opts *po)
{
	struct buf tmp;
	buf_init(&tmp);
	size_t k = 0;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < c->sites.n; i++) {
		const struct site *fd = &c->sites.v[i];
		if (fd->kind == FINDING_BOUND) {
			continue;
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
	}
	buf_release(&tmp);
	return rc;
}

/* The files the input pulls in (include:, extends:), as written. */
static int add_refs(struct scan *s, const struct compose *c)
{
	uint32_t *nodes;
	size_t n;
	if (ports_references(&c->doc, &nodes, &n) < 0) {
		return -1;
	}
	int rc = 0;
	s->refs = n ? calloc(n, sizeof(*s->refs)) : NULL;
	if (n && !s->refs) {
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t len;
		const char *t = doc_text(&c->doc, nodes[i], &len);
		s->refs[i] = strndup(t, len);
		if (!s->refs[i]) {
			rc = -1;
			break;
		}
		s->nrefs++;
	}
	free(nodes);
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
	    ports_find(&c->doc, o->env, &c->sites) < 0 ||
	    duplicate_keys(c, &s->diags) != 0 ||
	    plan_build(&c->plan, &c->doc, &c->sites, &po) < 0 ||
	    add_findings(s, c, &po) < 0 || add_refs(s, c) < 0) {
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
