#include "plan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void plan_init(struct plan *p)
{
	p->v = NULL;
	p->n = 0;
	p->cap = 0;
	buf_init(&p->text);
}

void plan_release(struct plan *p)
{
	if (!p) {
		return;
	}
	free(p->v);
	buf_release(&p->text);
	plan_init(p);
}

static int text_add(struct buf *b, const char *s, size_t len, uint32_t *off)
{
	if (b->len + len > UINT32_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	*off = (uint32_t)b->len;
	return buf_add(b, s, len);
}

static int plan_push(struct plan *p, const struct change *c)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct change *v = realloc(p->v, cap * sizeof(*v));
		if (!v) {
			errno = ENOMEM;
			return -1;
		}
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = *c;
	return 0;
}

/*
 * Where value offset 0 of a scalar sits in the source. Quoted and plain
 * scalars start at their token; a block scalar's token starts at the
 * first content line, before its indentation.
 */
static size_t value_start(const struct doc *doc, const struct node *nd)
{
	size_t at = nd->start;
	if (nd->style == STYLE_LITERAL || nd->style == STYLE_FOLDED) {
		while (at < nd->stop && doc->src[at] == ' ') {
			at++;
		}
	}
	return at;
}

/* A plain scalar cannot start with a flow indicator such as '['. */
static bool plain_ok(const char *v, size_t len)
{
	return len > 0 && !strchr("[]{},#&*!|>'\"%@`", v[0]);
}

static int plan_one(struct plan *p, const struct doc *doc,
		    const struct findings *f, size_t fi,
		    const struct plan_opts *opts)
{
	const struct finding *fd = &f->v[fi];
	const struct node *nd = &doc->nodes[fd->node];
	size_t len;
	const char *s = doc_text(doc, fd->node, &len);
	struct portspec_fix fx;

	if (!portspec_fix(&fd->spec, s, opts->bind, opts->fix_explicit, &fx)) {
		return 0;
	}
	struct change c = {
		.node = fd->node,
		.finding = fi,
		.style = (enum node_style)nd->style,
	};
	/* the new value: the fix applied to the value */
	if (text_add(&p->text, s, fx.off, &c.value) < 0 ||
	    buf_add(&p->text, fx.text, fx.len) < 0 ||
	    buf_add(&p->text, s + fx.off + fx.del, len - fx.off - fx.del) < 0) {
		return -1;
	}
	c.value_len = (uint32_t)(p->text.len - c.value);
	const char *value = p->text.data + c.value;

	if (nd->flags & NODE_NO_TOKEN) {
		return 0;
	}
	if (nd->style == STYLE_PLAIN && !plain_ok(value, c.value_len)) {
		/* quote the whole scalar: the value is a port spec, so it
		 * holds no quote or backslash that would need escaping */
		if (memchr(value, '"', c.value_len) ||
		    memchr(value, '\\', c.value_len)) {
			return 0;
		}
		c.off = nd->start;
		c.del = nd->stop - nd->start;
		c.style = STYLE_DOUBLE;
		if (text_add(&p->text, "\"", 1, &c.ins) < 0 ||
		    buf_add(&p->text, value, c.value_len) < 0 ||
		    buf_add(&p->text, "\"", 1) < 0) {
			return -1;
		}
		c.ins_len = c.value_len + 2;
		return plan_push(p, &c);
	}
	/* the value's bytes must lie verbatim in the source for a splice at
	 * a value offset to be the same splice in the source */
	size_t at = value_start(doc, nd);
	if (fx.off + fx.del > 0 &&
	    (at + fx.off + fx.del > doc->src_len ||
	     memcmp(doc->src + at, s, fx.off + fx.del) != 0)) {
		return 0;
	}
	c.off = at + fx.off;
	c.del = fx.del;
	if (text_add(&p->text, fx.text, fx.len, &c.ins) < 0) {
		return -1;
	}
	c.ins_len = (uint32_t)fx.len;
	return plan_push(p, &c);
}

int plan_build(struct plan *p, const struct doc *doc,
	       const struct findings *f, const struct plan_opts *opts)
{
	for (size_t i = 0; i < f->n; i++) {
		if (plan_one(p, doc, f, i, opts) < 0) {
			return -1;
		}
	}
	return 0;
}

void plan_edits(const struct plan *p, struct edit *edits)
{
	for (size_t i = 0; i < p->n; i++) {
		edits[i] = (struct edit){
			.off = p->v[i].off,
			.del = p->v[i].del,
			.ins = p->text.data + p->v[i].ins,
			.ins_len = p->v[i].ins_len,
		};
	}
}
