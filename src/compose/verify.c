#include "verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"

/*
 * The new text's events are pulled one at a time and compared with what
 * the old view plus the plan says must come: a walk over the old nodes
 * that, at each planned node, expects the new value, the inserted pair or
 * the copied entry. Nothing is built from the new text.
 */
struct verifier {
	const struct doc *doc;
	const struct plan *plan;
	struct doc_parser *parser;
	struct diags *d;
	struct diags scratch;	      /* the new text's syntax errors */
	size_t next;		      /* the next change to meet */
	const struct change *copying; /* the copy being expected, if any */
	uint32_t where;		      /* the old node being compared */
	bool failed;
};

static bool same(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static bool fail(struct verifier *v, const char *what)
{
	if (v->failed) {
		return false;
	}
	v->failed = true;
	const struct doc *doc = v->doc;
	struct source s;
	unsigned line = 0, col = 0;
	source_init(&s, doc->src, doc->src_len);
	if (v->where < doc->n &&
	    source_pos(&s, doc->nodes[v->where].start, &line, &col) < 0) {
		line = col = 0;
	}
	source_release(&s);
	diags_add(v->d, DIAG_ERROR, line, col,
		  "verification failed: %s; nothing was changed", what);
	return false;
}

/* Pulls the next event of the new text. */
static bool pull(struct verifier *v, struct doc_event *ev)
{
	int r = doc_parser_next(v->parser, ev, &v->scratch);
	if (r > 0) {
		return true;
	}
	if (r == 0) {
		return fail(v, "the new text ends early");
	}
	char msg[512];
	snprintf(msg, sizeof(msg), "the new text does not parse (%s)",
		 v->scratch.n ? v->scratch.v[0].msg : "syntax error");
	return fail(v, msg);
}

/* What one event must be. props: the old node whose anchor and tag the
 * event must carry, or UINT32_MAX for none. */
struct want {
	enum node_kind kind;
	enum node_style style;
	const char *text;
	size_t text_len;
	uint32_t props;
	bool no_tag; /* the change dropped the tag: the anchor only */
};

static bool props_match(const struct doc *doc, const struct want *w,
			const struct doc_event *ev)
{
	const struct node_props *pr =
		w->props == UINT32_MAX ? NULL : doc_props(doc, w->props);
	if (!pr) {
		return ev->anchor_len == 0 && ev->tag_len == 0;
	}
	if (w->no_tag) {
		return same(doc->arena.data + pr->anchor, pr->anchor_len,
			    ev->anchor, ev->anchor_len) &&
		       ev->tag_len == 0;
	}
	return same(doc->arena.data + pr->anchor, pr->anchor_len, ev->anchor,
		    ev->anchor_len) &&
	       same(doc->arena.data + pr->tag, pr->tag_len, ev->tag,
		    ev->tag_len);
}

static bool expect(struct verifier *v, const struct want *w)
{
	struct doc_event ev;
	if (!pull(v, &ev)) {
		return false;
	}
	if (ev.kind != w->kind) {
		return fail(v, "a node changed its kind");
	}
	if (w->kind != NODE_END && w->kind != NODE_DOC &&
	    w->kind != NODE_ALIAS && ev.style != w->style) {
		return fail(v, "a node changed its style");
	}
	if (w->kind != NODE_END && !props_match(v->doc, w, &ev)) {
		return fail(v, "an anchor or tag changed");
	}
	if ((w->kind == NODE_SCALAR || w->kind == NODE_ALIAS) &&
	    !same(w->text, w->text_len, ev.text, ev.text_len)) {
		char msg[256];
		snprintf(msg, sizeof(msg),
			 "a value is not what was intended (\"%.*s\" where "
			 "\"%.*s\" was due)",
			 (int)(ev.text_len > 60 ? 60 : ev.text_len), ev.text,
			 (int)(w->text_len > 60 ? 60 : w->text_len), w->text);
		return fail(v, msg);
	}
	return true;
}

static bool expect_scalar(struct verifier *v, const char *s, size_t len,
			  enum node_style style)
{
	struct want w = { NODE_SCALAR, style, s, len, UINT32_MAX, false };
	return expect(v, &w);
}

static bool expect_pair(struct verifier *v, const struct change *c)
{
	return expect_scalar(v, "host_ip", 7,
			     v->plan->json ? STYLE_DOUBLE : STYLE_PLAIN) &&
	       expect_scalar(v, v->plan->text.data + c->value, c->value_len,
			     c->style);
}

static bool expect_node(struct verifier *v, uint32_t i, bool copy);

static bool expect_children(struct verifier *v, uint32_t i, bool copy)
{
	const struct node *nodes = v->doc->nodes;
	for (uint32_t c = i + 1; c < nodes[i].end; c = nodes[c].end) {
		if (!expect_node(v, c, copy)) {
			return false;
		}
	}
	struct want end = { .kind = NODE_END };
	return expect(v, &end);
}

/*
 * Expects old node i (and its subtree), with the plan's changes unless it
 * is inside a copy, whose nodes must read exactly as the original's.
 */
static bool expect_node(struct verifier *v, uint32_t i, bool copy)
{
	const struct doc *doc = v->doc;
	const struct node *nd = &doc->nodes[i];
	const struct plan *plan = v->plan;
	const struct change *set = NULL, *pair = NULL, *dup = NULL;

	while (!copy && v->next < plan->n && plan->v[v->next].node == i) {
		const struct change *c = &plan->v[v->next++];
		if (c->kind == CHANGE_SET) {
			set = c;
		} else if (c->kind == CHANGE_PAIR_FIRST) {
			pair = c;
		} else {
			dup = c;
		}
	}
	if (!copy && v->next < plan->n && plan->v[v->next].node < i) {
		return fail(v, "a planned change was not met");
	}
	v->where = i;
	struct want w = { (enum node_kind)nd->kind,
			  (enum node_style)nd->style,
			  NULL,
			  0,
			  i,
			  false };
	if (nd->kind == NODE_SCALAR || nd->kind == NODE_ALIAS) {
		w.text = doc_text(doc, i, &w.text_len);
	}
	if (copy && v->copying && v->copying->over == i) {
		/* the copy's own host_ip value */
		w.text = plan->text.data + v->copying->value;
		w.text_len = v->copying->value_len;
		w.style = v->copying->style;
	}
	if (set) {
		w.text = plan->text.data + set->value;
		w.text_len = set->value_len;
		w.style = set->style;
		w.no_tag = set->drop_tag;
	}
	if (!expect(v, &w)) {
		return false;
	}
	if (nd->kind == NODE_MAP || nd->kind == NODE_SEQ ||
	    nd->kind == NODE_DOC) {
		if (pair && !expect_pair(v, pair)) {
			return false;
		}
		if (!expect_children(v, i, copy)) {
			return false;
		}
	}
	if (!dup) {
		return true;
	}
	/* the copy: a scalar with its own value, or the mapping again with
	 * its own host_ip first */
	v->where = i;
	if (nd->kind == NODE_SCALAR) {
		return expect_scalar(v, plan->text.data + dup->value,
				     dup->value_len, dup->style);
	}
	struct want m = { NODE_MAP,   (enum node_style)nd->style,
			  NULL,	      0,
			  UINT32_MAX, false };
	if (!expect(v, &m) || (dup->over == 0 && !expect_pair(v, dup))) {
		return false;
	}
	v->copying = dup;
	bool ok = expect_children(v, i, true);
	v->copying = NULL;
	return ok;
}

bool verify_change(const struct doc *doc, const struct plan *plan,
		   const char *new_text, size_t new_len, struct diags *d)
{
	struct verifier v = { .doc = doc, .plan = plan, .d = d };
	diags_init(&v.scratch);
	v.parser = doc_parser_create(new_text, new_len,
				     doc->sloppy ? DOC_SLOPPY_FLOW : 0);
	if (!v.parser) {
		v.where = UINT32_MAX;
		return fail(&v, "out of memory");
	}
	bool ok = true;
	for (uint32_t i = 0; ok && i < doc->n; i = doc->nodes[i].end) {
		ok = expect_node(&v, i, false);
	}
	if (ok && v.next != plan->n) {
		ok = fail(&v, "a planned change was not met");
	}
	if (ok) {
		struct doc_event ev;
		int r = doc_parser_next(v.parser, &ev, &v.scratch);
		if (r != 0) {
			v.where = UINT32_MAX;
			ok = fail(&v, r > 0 ? "the new text has more nodes"
					    : "the new text does not parse");
		}
	}
	diags_release(&v.scratch);
	doc_parser_destroy(v.parser);
	return ok;
}
