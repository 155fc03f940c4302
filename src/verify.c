#include "verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"

static bool same(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static bool props_match(const struct doc *doc, uint32_t i,
			const struct doc_event *ev)
{
	const struct node_props *pr = doc_props(doc, i);
	if (!pr) {
		return ev->anchor_len == 0 && ev->tag_len == 0;
	}
	return same(doc->arena.data + pr->anchor, pr->anchor_len, ev->anchor,
		    ev->anchor_len) &&
	       same(doc->arena.data + pr->tag, pr->tag_len, ev->tag,
		    ev->tag_len);
}

static bool fail(const struct doc *doc, uint32_t i, struct diags *d,
		 const char *what)
{
	struct source s;
	unsigned line = 0, col = 0;
	source_init(&s, doc->src, doc->src_len);
	if (i < doc->n && source_pos(&s, doc->nodes[i].start, &line, &col) < 0) {
		line = col = 0;
	}
	source_release(&s);
	diags_add(d, DIAG_ERROR, line, col,
		  "verification failed: %s; nothing was changed", what);
	return false;
}

bool verify_change(const struct doc *doc, const struct plan *plan,
		   const char *new_text, size_t new_len, struct diags *d)
{
	struct doc_parser *p = doc_parser_create(
		new_text, new_len, doc->sloppy ? DOC_SLOPPY_FLOW : 0);
	if (!p) {
		return fail(doc, UINT32_MAX, d, "out of memory");
	}
	uint32_t *stack = NULL;
	size_t depth = 0, cap = 0;
	uint32_t i = 0;
	size_t next_change = 0;
	bool ok = false;
	struct doc_event ev;
	int r;
	struct diags scratch;
	diags_init(&scratch);

	while ((r = doc_parser_next(p, &ev, &scratch)) > 0) {
		if (ev.kind == NODE_END) {
			if (depth == 0 || doc->nodes[stack[depth - 1]].end != i) {
				fail(doc, i, d, "a collection ends elsewhere");
				goto out;
			}
			depth--;
			continue;
		}
		if (i >= doc->n) {
			fail(doc, UINT32_MAX, d, "the new text has more nodes");
			goto out;
		}
		const struct node *nd = &doc->nodes[i];
		enum node_style style = (enum node_style)nd->style;
		size_t olen;
		const char *otext = doc_text(doc, i, &olen);
		if (next_change < plan->n && plan->v[next_change].node == i) {
			const struct change *c = &plan->v[next_change++];
			style = c->style;
			otext = plan->text.data + c->value;
			olen = c->value_len;
		}
		if (ev.kind != nd->kind) {
			fail(doc, i, d, "a node changed its kind");
			goto out;
		}
		if (ev.style != style) {
			fail(doc, i, d, "a node changed its style");
			goto out;
		}
		if (!props_match(doc, i, &ev)) {
			fail(doc, i, d, "an anchor or tag changed");
			goto out;
		}
		if ((nd->kind == NODE_SCALAR || nd->kind == NODE_ALIAS) &&
		    !same(otext, olen, ev.text, ev.text_len)) {
			fail(doc, i, d, "a value is not what was intended");
			goto out;
		}
		if (nd->kind == NODE_MAP || nd->kind == NODE_SEQ ||
		    nd->kind == NODE_DOC) {
			if (depth == cap) {
				cap = cap ? cap * 2 : 64;
				uint32_t *v = realloc(stack, cap * sizeof(*v));
				if (!v) {
					fail(doc, i, d, "out of memory");
					goto out;
				}
				stack = v;
			}
			stack[depth++] = i;
		}
		i++;
	}
	if (r < 0) {
		char msg[512];
		snprintf(msg, sizeof(msg), "the new text does not parse (%s)",
			 scratch.n ? scratch.v[0].msg : "syntax error");
		fail(doc, next_change ? plan->v[next_change - 1].node : 0, d,
		     msg);
		goto out;
	}
	if (i != doc->n || depth != 0 || next_change != plan->n) {
		fail(doc, i < doc->n ? i : UINT32_MAX, d,
		     "the new text has fewer nodes");
		goto out;
	}
	ok = true;
out:
	diags_release(&scratch);
	free(stack);
	doc_parser_destroy(p);
	return ok;
}
