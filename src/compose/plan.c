#include "plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portspec.h"

void plan_init(struct plan *p)
{
	p->v = NULL;
	p->n = 0;
	p->cap = 0;
	p->json = false;
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
	if (array_grow((void **)&p->v, &p->cap, p->n, sizeof(*p->v)) < 0) {
		return -1;
	}
	p->v[p->n++] = *c;
	return 0;
}

bool plan_has(const struct plan *p, size_t site)
{
	size_t lo = 0, hi = p->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->v[mid].site < site) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < p->n && p->v[lo].site == site;
}

bool plan_selected(const struct site *f, const struct plan_opts *opts)
{
	return opts->only == 0 || (opts->only >> f->exposes.category) & 1u;
}

bool plan_wants_fix(const struct site *f, const struct plan_opts *opts)
{
	switch (f->kind) {
	case FINDING_UNBOUND:
	case FINDING_CONTAINER_ONLY:
		return plan_selected(f, opts);
	case FINDING_EXPLICIT_WILDCARD:
		return opts->fix_explicit && plan_selected(f, opts);
	default:
		return false;
	}
}

/* The innermost collection holding node i (i > 0), or UINT32_MAX. */
static uint32_t parent_of(const struct doc *doc, uint32_t i)
{
	for (uint32_t k = i; k-- > 0;) {
		const struct node *nd = &doc->nodes[k];
		if ((nd->kind == NODE_MAP || nd->kind == NODE_SEQ) &&
		    nd->end > i) {
			return k;
		}
	}
	return UINT32_MAX;
}

/* Whether node i is the value of a key spelled key in mapping map. */
static bool value_of(const struct doc *doc, uint32_t map, uint32_t i,
		     const char *key)
{
	if (map == UINT32_MAX || doc->nodes[map].kind != NODE_MAP) {
		return false;
	}
	for (uint32_t k = map + 1; k < i;
	     k = doc->nodes[doc->nodes[k].end].end) {
		if (doc->nodes[k].end == i) {
			return doc_text_is(doc, k, key, strlen(key));
		}
	}
	return false;
}

/*
 * Whether the anchored scalar i is also read through an alias that is not
 * a port entry of the same kind (a short-syntax entry in a "ports:" list,
 * or a "host_ip:" value): "X: *p" in an environment would change with the
 * fix, and nothing the verifier compares would show it.
 */
static bool aliased_elsewhere(const struct doc *doc, uint32_t i, bool host_ip)
{
	const struct node_props *pr = doc_props(doc, i);
	if (!pr || pr->anchor_len == 0) {
		return false;
	}
	for (uint32_t a = i + 1; a < doc->n; a++) {
		if (doc->nodes[a].kind != NODE_ALIAS ||
		    doc->nodes[a].aux != i) {
			continue;
		}
		uint32_t up = parent_of(doc, a);
		bool ok = host_ip ? value_of(doc, up, a, "host_ip")
				  : up != UINT32_MAX &&
					    doc->nodes[up].kind == NODE_SEQ &&
					    value_of(doc, parent_of(doc, up),
						     up, "ports");
		if (!ok) {
			return true;
		}
	}
	return false;
}

/* The text layout around one spot of the source. */
struct place {
	const char *src;
	size_t len;
};

/* YAML's line breaks: "\n", "\r\n" and a lone "\r". */
static bool is_break(char c)
{
	return c == '\n' || c == '\r';
}

static size_t line_start(const struct place *pl, size_t off)
{
	while (off > 0 && !is_break(pl->src[off - 1])) {
		off--;
	}
	return off;
}

/* Offset of the line break ending the line of off, or the length. */
static size_t line_end(const struct place *pl, size_t off)
{
	while (off < pl->len && !is_break(pl->src[off])) {
		off++;
	}
	return off;
}

/* The line break at e (a break or the end of the source), or NULL. */
static const char *break_at(const struct place *pl, size_t e)
{
	if (e >= pl->len) {
		return NULL;
	}
	if (pl->src[e] == '\r') {
		return e + 1 < pl->len && pl->src[e + 1] == '\n' ? "\r\n"
								 : "\r";
	}
	return "\n";
}

/*
 * The line break ending this line; on a last line without one, the break
 * of the line above, so that a CRLF file gets CRLF lines ("\n" in a file
 * of one line).
 */
static const char *eol_at(const struct place *pl, size_t off)
{
	const char *eol = break_at(pl, line_end(pl, off));
	size_t ls = line_start(pl, off);
	if (eol || ls == 0) {
		return eol ? eol : "\n";
	}
	/* ls - 1 is the last byte of the break above: "\n" or "\r" */
	return pl->src[ls - 1] == '\r'		    ? "\r"
	       : ls >= 2 && pl->src[ls - 2] == '\r' ? "\r\n"
						    : "\n";
}

/*
 * What follows a new element of a flow collection inserted at off: ", "
 * before more text on the line, "," before the line break or the end, so
 * that no line gets a trailing blank.
 */
static const char *flow_sep(const struct place *pl, size_t off)
{
	return off >= pl->len || is_break(pl->src[off]) ? "," : ", ";
}

/*
 * Whether the document is JSON, as generated compose files often are: its
 * first token (after a BOM and blanks) opens a flow mapping. New keys and
 * values are then written as JSON strings, so that it stays JSON.
 */
static bool json_like(const struct place *pl)
{
	size_t i = 0;
	if (pl->len >= 3 && memcmp(pl->src, "\xef\xbb\xbf", 3) == 0) {
		i = 3;
	}
	while (i < pl->len && (pl->src[i] == ' ' || pl->src[i] == '\t' ||
			       is_break(pl->src[i]))) {
		i++;
	}
	return i < pl->len && pl->src[i] == '{';
}

/* Whether src[a..b) is spaces, then "- " indicators only (no tabs). */
static bool plain_indent(const struct place *pl, size_t a, size_t b,
			 bool want_dash)
{
	bool dash = false;
	for (size_t i = a; i < b; i++) {
		char c = pl->src[i];
		if (c == '-' && i + 1 < b && pl->src[i + 1] == ' ') {
			if (dash) {
				return false; /* "- - x": a nested sequence */
			}
			dash = true;
		} else if (c != ' ') {
			return false;
		}
	}
	return dash == want_dash;
}

static bool is_v6(const char *addr)
{
	return strchr(addr, ':') != NULL;
}

/* A plain scalar cannot start with an indicator such as '['. */
static bool plain_ok(const char *v, size_t len)
{
	return len > 0 && !strchr("[]{},#&*!|>'\"%@`-?:", v[0]);
}

/*
 * How a copy writes the value v[0..len) verbatim, starting from the
 * original's style: plain when it can, else in double quotes unless v has
 * a '"' or '\\' (escapes there), then in single quotes unless v has a
 * '\''. STYLE_NONE when none reads back as v (or v has a control byte).
 */
static enum node_style copy_style(const char *v, size_t len,
				  enum node_style style)
{
	bool dq = true, sq = true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c < 0x20 || c == 0x7f) {
			return STYLE_NONE;
		}
		dq &= c != '"' && c != '\\';
		sq &= c != '\'';
	}
	if (style == STYLE_PLAIN && plain_ok(v, len)) {
		return STYLE_PLAIN;
	}
	if (style == STYLE_SINGLE && sq) {
		return STYLE_SINGLE;
	}
	return dq ? STYLE_DOUBLE : sq ? STYLE_SINGLE : STYLE_NONE;
}

/* Whether a new address is written in double quotes: IPv6, as in "::1",
 * and any in JSON. */
static bool quoted_addr(const struct plan *p, const char *addr)
{
	return p->json || is_v6(addr);
}

/* The value of a new host_ip (see quoted_addr()). */
static int add_host_ip_value(const struct plan *p, struct buf *b,
			     const char *addr, uint32_t *off, uint32_t *len,
			     enum node_style *style)
{
	*style = quoted_addr(p, addr) ? STYLE_DOUBLE : STYLE_PLAIN;
	if (text_add(b, "", 0, off) < 0 || buf_adds(b, addr) < 0) {
		return -1;
	}
	*len = (uint32_t)strlen(addr);
	return 0;
}

static const char *written(const char *addr, bool quote, char *tmp, size_t cap)
{
	snprintf(tmp, cap, quote ? "\"%s\"" : "%s", addr);
	return tmp;
}

/* The new value of a short-syntax entry bound to addr, into p->text. */
static int short_value(struct plan *p, const struct doc *doc,
		       const struct site *fd, const char *addr,
		       bool fix_explicit, uint32_t *off, uint32_t *len)
{
	size_t slen;
	const char *s = doc_text(doc, fd->node, &slen);
	struct portspec_fix fx;
	char a[64];

	if (fd->is_number) {
		/* the port Docker read, in decimal: "0x50" is 80 */
		if (text_add(&p->text, "", 0, off) < 0 ||
		    buf_addf(&p->text, is_v6(addr) ? "[%s]::%u" : "%s::%u",
			     addr, (unsigned)fd->number) < 0) {
			return -1;
		}
		*len = (uint32_t)(p->text.len - *off);
		return 1;
	}
	if (fd->kind == FINDING_EXPLICIT_WILDCARD) {
		if (!fix_explicit || !fd->has_wild_span) {
			return 0;
		}
		/* the address itself, or a variable's default */
		snprintf(a, sizeof(a), is_v6(addr) ? "[%s]" : "%s", addr);
		fx.off = fd->wild_off;
		fx.del = fd->wild_len;
		fx.len = strlen(a);
		memcpy(fx.text, a, fx.len);
		/* a default that already is the address changes nothing */
		if (fx.off + fx.del <= slen && fx.del == fx.len &&
		    memcmp(s + fx.off, fx.text, fx.len) == 0) {
			return 0;
		}
	} else if (!portspec_fix(&fd->spec, s, addr, false, &fx)) {
		return 0;
	}
	if (fx.off + fx.del > slen) {
		return 0;
	}
	if (text_add(&p->text, s, fx.off, off) < 0 ||
	    buf_add(&p->text, fx.text, fx.len) < 0 ||
	    buf_add(&p->text, s + fx.off + fx.del, slen - fx.off - fx.del) <
		    0) {
		return -1;
	}
	*len = (uint32_t)(p->text.len - *off);
	return 1;
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

static char quote_of(enum node_style style)
{
	return style == STYLE_DOUBLE ? '"' : style == STYLE_SINGLE ? '\'' : 0;
}

/*
 * The splice that replaces a tagged scalar, tag and all: from the tag to
 * the end of the value's token (its closing quote), or of the tag itself
 * for an empty value ("host_ip: !!null"). Only blanks may stand between
 * tag and value: an anchor there would be lost. Returns false when the
 * layout is anything else.
 */
static bool untag_span(const struct doc *doc, uint32_t i, size_t *off,
		       size_t *del)
{
	const struct node *nd = &doc->nodes[i];
	const struct node_props *pr = doc_props(doc, i);
	size_t tok, end;

	if (!pr || pr->tag_stop <= pr->tag_start ||
	    pr->tag_stop > doc->src_len || doc->src[pr->tag_start] != '!') {
		return false;
	}
	if (nd->flags & NODE_NO_TOKEN) {
		if (pr->anchor_len > 0) {
			return false; /* "!!null &a": the anchor may follow */
		}
		*off = pr->tag_start;
		*del = pr->tag_stop - pr->tag_start;
		return true;
	}
	tok = nd->start - (quote_of((enum node_style)nd->style) ? 1 : 0);
	end = nd->stop + (quote_of((enum node_style)nd->style) ? 1 : 0);
	if (tok < pr->tag_stop || end > doc->src_len) {
		return false;
	}
	for (size_t k = pr->tag_stop; k < tok; k++) {
		if (doc->src[k] != ' ' && doc->src[k] != '\t') {
			return false;
		}
	}
	*off = pr->tag_start;
	*del = end - pr->tag_start;
	return true;
}

/* A short-syntax entry: set its value; with two addresses, copy it. */
static int plan_short(struct plan *p, const struct doc *doc,
		      const struct site *fd, size_t fi,
		      const struct plan_opts *o)
{
	const struct node *nd = &doc->nodes[fd->node];
	struct place pl = { doc->src, doc->src_len };
	struct change c = { .kind = CHANGE_SET,
			    .node = fd->node,
			    .site = fi,
			    .style = (enum node_style)nd->style };
	size_t slen;
	const char *s = doc_text(doc, fd->node, &slen);

	if ((nd->flags & NODE_NO_TOKEN) ||
	    aliased_elsewhere(doc, fd->node, false)) {
		return 0;
	}
	int r = short_value(p, doc, fd, o->binds[0], o->fix_explicit, &c.value,
			    &c.value_len);
	if (r <= 0) {
		return r;
	}
	const char *value = p->text.data + c.value;
	/* in JSON a bare number becomes a string, as every value there */
	bool requote = nd->style == STYLE_PLAIN &&
		       (p->json || !plain_ok(value, c.value_len));
	if (fd->drop_tag) {
		/* "!!int 90": the whole "tag value" goes, the new value is
		 * written plain when it can be, else in the scalar's quotes */
		char q = quote_of((enum node_style)nd->style);
		if (nd->style == STYLE_LITERAL || nd->style == STYLE_FOLDED ||
		    !untag_span(doc, fd->node, &c.off, &c.del)) {
			return 0;
		}
		if (!q && (p->json || !plain_ok(value, c.value_len))) {
			q = '"';
		}
		c.style = q == '"'    ? STYLE_DOUBLE
			  : q == '\'' ? STYLE_SINGLE
				      : STYLE_PLAIN;
		c.drop_tag = true;
		if (text_add(&p->text, q ? &q : "", q ? 1 : 0, &c.ins) < 0 ||
		    buf_add(&p->text, p->text.data + c.value, c.value_len) <
			    0 ||
		    (q && buf_addc(&p->text, q) < 0)) {
			return -1;
		}
		c.ins_len = (uint32_t)(p->text.len - c.ins);
	} else if (requote) {
		/* a port spec holds no quote or backslash to escape */
		if (memchr(value, '"', c.value_len) ||
		    memchr(value, '\\', c.value_len)) {
			return 0;
		}
		c.off = nd->start;
		c.del = nd->stop - nd->start;
		c.style = STYLE_DOUBLE;
		if (text_add(&p->text, "\"", 1, &c.ins) < 0 ||
		    buf_add(&p->text, p->text.data + c.value, c.value_len) <
			    0 ||
		    buf_add(&p->text, "\"", 1) < 0) {
			return -1;
		}
		c.ins_len = c.value_len + 2;
	} else {
		/* the value's prefix up to the splice must be verbatim in the
		 * source for a value offset to be a source offset */
		size_t at = value_start(doc, nd);
		size_t keep = 0;
		while (keep < c.value_len && keep < slen &&
		       value[keep] == s[keep]) {
			keep++;
		}
		size_t del = slen - keep;
		size_t tail = 0;
		while (tail < del && tail < c.value_len - keep &&
		       s[slen - 1 - tail] == value[c.value_len - 1 - tail]) {
			tail++;
		}
		del -= tail;
		if (at + keep + del > doc->src_len ||
		    memcmp(doc->src + at, s, keep + del) != 0) {
			return 0;
		}
		c.off = at + keep;
		c.del = del;
		if (text_add(&p->text, value + keep, c.value_len - keep - tail,
			     &c.ins) < 0) {
			return -1;
		}
		/* value may have moved: text_add can reallocate */
		c.ins_len = (uint32_t)(p->text.len - c.ins);
	}
	if (plan_push(p, &c) < 0) {
		return -1;
	}
	if (o->nbinds < 2) {
		return 0;
	}

	/* dual-stack: the same entry for the second address, right after */
	struct change cp = { .kind = CHANGE_COPY_AFTER,
			     .node = fd->node,
			     .site = fi,
			     .style = c.style };
	r = short_value(p, doc, fd, o->binds[1], o->fix_explicit, &cp.value,
			&cp.value_len);
	if (r <= 0) {
		return r;
	}
	cp.style = copy_style(p->text.data + cp.value, cp.value_len,
			      p->json && cp.style == STYLE_PLAIN ? STYLE_DOUBLE
								 : cp.style);
	if (cp.style == STYLE_NONE) {
		p->n--; /* no copy that reads as its value: no fix */
		return 0;
	}
	char q = quote_of(cp.style);
	bool flow = doc->nodes[fd->list].style == STYLE_FLOW;
	size_t tok = c.drop_tag
			     ? c.off
			     : nd->start - (quote_of((enum node_style)nd->style)
						    ? 1
						    : 0);
	size_t after =
		nd->stop + (quote_of((enum node_style)nd->style) ? 1 : 0);
	struct buf *t = &p->text;
	bool no_final_break = false;
	if (flow) {
		cp.off = after;
		if (text_add(t, ", ", 2, &cp.ins) < 0) {
			return -1;
		}
	} else {
		size_t ls = line_start(&pl, tok);
		if (!plain_indent(&pl, ls, tok, true) ||
		    nd->style == STYLE_LITERAL || nd->style == STYLE_FOLDED) {
			p->n--; /* no copy without the line's shape: no fix */
			return 0;
		}
		size_t le = line_end(&pl, after);
		const char *eol = eol_at(&pl, tok);
		bool last = le >= pl.len;
		no_final_break = last;
		cp.off = last ? pl.len : le + strlen(eol);
		if (text_add(t, last ? eol : "", last ? strlen(eol) : 0,
			     &cp.ins) < 0 ||
		    buf_add(t, doc->src + ls, tok - ls) < 0) {
			return -1;
		}
	}
	if ((q && buf_addc(t, q) < 0) ||
	    buf_add(t, t->data + cp.value, cp.value_len) < 0 ||
	    (q && buf_addc(t, q) < 0)) {
		return -1;
	}
	if (!flow && !no_final_break) {
		if (buf_adds(t, eol_at(&pl, tok)) < 0) {
			return -1;
		}
	}
	cp.ins_len = (uint32_t)(t->len - cp.ins);
	return plan_push(p, &cp);
}

/* The first byte after '{' and the spaces that follow it. */
static size_t flow_inside(const struct place *pl, size_t brace)
{
	size_t at = brace + 1;
	while (at < pl->len && pl->src[at] == ' ') {
		at++;
	}
	return at;
}

/*
 * Where the text of a subtree ends: its last scalar or flow collection.
 * A block collection's own end mark sits at the next token, often on a
 * later line, so it says nothing.
 */
static size_t subtree_stop(const struct doc *doc, uint32_t i)
{
	size_t stop = doc->nodes[i].start;
	for (uint32_t k = i; k < doc->nodes[i].end; k++) {
		const struct node *nd = &doc->nodes[k];
		bool block = (nd->kind == NODE_MAP || nd->kind == NODE_SEQ) &&
			     nd->style == STYLE_BLOCK;
		size_t end = nd->stop;
		if (nd->style == STYLE_SINGLE || nd->style == STYLE_DOUBLE) {
			end++; /* the closing quote */
		}
		if (!block && end > stop) {
			stop = end;
		}
	}
	return stop;
}

/*
 * Whether an entry's text cannot be copied for a second address: it holds
 * anchors or tags (a copy would duplicate them), or a collection inside it
 * ("? protocol: tcp", a mapping as a key), an empty key or a block scalar
 * (whose kept trailing lines reach the copy), which a port entry never
 * needs and whose lines a copy would not keep together.
 */
static bool no_copy(const struct doc *doc, uint32_t i)
{
	if (doc->nodes[i].kind == NODE_MAP) {
		for (uint32_t k = i + 1; k < doc->nodes[i].end;
		     k = doc->nodes[doc->nodes[k].end].end) {
			if (doc->nodes[k].flags & NODE_NO_TOKEN) {
				return true; /* an empty key (": x") */
			}
		}
	}
	for (uint32_t k = i; k < doc->nodes[i].end; k++) {
		const struct node *nd = &doc->nodes[k];
		if ((nd->flags & NODE_HAS_PROPS) ||
		    nd->style == STYLE_LITERAL || nd->style == STYLE_FOLDED ||
		    (k > i && (nd->kind == NODE_MAP || nd->kind == NODE_SEQ))) {
			return true;
		}
	}
	return false;
}

/* Text "host_ip: ADDR" as written for a new pair; in JSON
 * "\"host_ip\": \"ADDR\"". */
static int add_pair(const struct plan *p, struct buf *t, const char *addr)
{
	char tmp[80];
	return buf_addf(t, p->json ? "\"host_ip\": %s" : "host_ip: %s",
			written(addr, quoted_addr(p, addr), tmp, sizeof(tmp)));
}

/* A long-syntax entry with no host_ip: add one; dual-stack: copy it. */
static int plan_long_insert(struct plan *p, const struct doc *doc,
			    const struct site *fd, size_t fi,
			    const struct plan_opts *o)
{
	const struct node *nd = &doc->nodes[fd->node];
	struct place pl = { doc->src, doc->src_len };
	struct buf *t = &p->text;
	bool flow = nd->style == STYLE_FLOW;
	struct change c = { .kind = CHANGE_PAIR_FIRST,
			    .node = fd->node,
			    .site = fi };
	size_t ls = line_start(&pl, nd->start);
	const char *eol = eol_at(&pl, nd->start);

	if (flow && (nd->start >= pl.len || pl.src[nd->start] != '{')) {
		return 0; /* a flow pair ("[target: 80]") has no braces */
	}
	if (add_host_ip_value(p, t, o->binds[0], &c.value, &c.value_len,
			      &c.style) < 0) {
		return -1;
	}
	if (flow) {
		c.off = flow_inside(&pl, nd->start);
		if (text_add(t, "", 0, &c.ins) < 0 ||
		    add_pair(p, t, o->binds[0]) < 0 ||
		    buf_adds(t, flow_sep(&pl, c.off)) < 0) {
			return -1;
		}
	} else {
		if (!plain_indent(&pl, ls, nd->start, true) &&
		    !plain_indent(&pl, ls, nd->start, false)) {
			return 0; /* tabs or something else before the key */
		}
		c.off = nd->start;
		if (text_add(t, "", 0, &c.ins) < 0 ||
		    add_pair(p, t, o->binds[0]) < 0 || buf_adds(t, eol) < 0) {
			return -1;
		}
		for (size_t i = ls; i < nd->start; i++) {
			if (buf_addc(t, ' ') < 0) {
				return -1;
			}
		}
	}
	c.ins_len = (uint32_t)(t->len - c.ins);
	if (plan_push(p, &c) < 0) {
		return -1;
	}
	if (o->nbinds < 2 || no_copy(doc, fd->node)) {
		return 0;
	}

	/* dual-stack: a copy of the mapping with the second address */
	struct change cp = { .kind = CHANGE_COPY_AFTER,
			     .node = fd->node,
			     .site = fi };
	if (add_host_ip_value(p, t, o->binds[1], &cp.value, &cp.value_len,
			      &cp.style) < 0) {
		return -1;
	}
	size_t stop = subtree_stop(doc, fd->node);
	bool in_flow = doc->nodes[fd->list].style == STYLE_FLOW;
	if (in_flow) {
		if (!flow) {
			return 0;
		}
		size_t in = flow_inside(&pl, nd->start);
		cp.off = nd->stop;
		if (text_add(t, ", ", 2, &cp.ins) < 0 ||
		    buf_add(t, doc->src + nd->start, in - nd->start) < 0 ||
		    add_pair(p, t, o->binds[1]) < 0 ||
		    buf_adds(t, flow_sep(&pl, in)) < 0 ||
		    buf_add(t, doc->src + in, nd->stop - in) < 0) {
			return -1;
		}
	} else {
		if (!plain_indent(&pl, ls, nd->start, true)) {
			return 0; /* only "- " items can be copied as lines */
		}
		size_t le = line_end(&pl, stop);
		bool at_end = le >= pl.len;
		size_t split = flow ? flow_inside(&pl, nd->start) : nd->start;
		cp.off = at_end ? pl.len : le + strlen(eol_at(&pl, stop));
		if (text_add(t, at_end ? eol : "", at_end ? strlen(eol) : 0,
			     &cp.ins) < 0 ||
		    buf_add(t, doc->src + ls, split - ls) < 0 ||
		    add_pair(p, t, o->binds[1]) < 0) {
			return -1;
		}
		if (flow) {
			if (buf_adds(t, flow_sep(&pl, split)) < 0) {
				return -1;
			}
		} else {
			if (buf_adds(t, eol) < 0) {
				return -1;
			}
			for (size_t i = ls; i < nd->start; i++) {
				if (buf_addc(t, ' ') < 0) {
					return -1;
				}
			}
		}
		if (buf_add(t, doc->src + split, le - split) < 0 ||
		    (!at_end && buf_adds(t, eol_at(&pl, stop)) < 0)) {
			return -1;
		}
	}
	cp.ins_len = (uint32_t)(t->len - cp.ins);
	return plan_push(p, &cp);
}

/*
 * The change that sets a long-syntax entry's empty, null or wildcard
 * host_ip to addr, into *out (not pushed). Returns 1, 0 when no safe
 * splice exists, -1 on ENOMEM.
 */
static int long_set_change(struct plan *p, const struct doc *doc,
			   const struct site *fd, size_t fi, const char *addr,
			   struct change *out)
{
	uint32_t v = doc_resolve(doc, fd->host_ip);
	if (v != fd->host_ip) {
		return 0; /* an alias: the text is elsewhere and shared */
	}
	if (aliased_elsewhere(doc, v, true)) {
		return 0;
	}
	const struct node *nd = &doc->nodes[v];
	struct place pl = { doc->src, doc->src_len };
	struct buf *t = &p->text;
	struct change c = { .kind = CHANGE_SET, .node = v, .site = fi };
	size_t slen;
	const char *s = doc_text(doc, v, &slen);

	if (fd->kind == FINDING_EXPLICIT_WILDCARD) {
		if (!fd->has_wild_span || fd->wild_off + fd->wild_len > slen ||
		    (nd->flags & NODE_NO_TOKEN)) {
			return 0;
		}
		/* replace the address (or the variable's default) verbatim */
		if (memcmp(doc->src + nd->start, s, slen) != 0 ||
		    nd->stop - nd->start != slen) {
			return 0;
		}
		if (fd->wild_len == strlen(addr) &&
		    memcmp(s + fd->wild_off, addr, fd->wild_len) == 0) {
			return 0; /* a no-op: the address is there already */
		}
		bool v6 = is_v6(addr);
		c.style = (enum node_style)nd->style;
		if (c.style == STYLE_PLAIN && v6 && fd->wild_off == 0 &&
		    fd->wild_len == slen) {
			c.style = STYLE_DOUBLE;
			c.off = nd->start;
			c.del = slen;
			if (text_add(t, "\"", 1, &c.ins) < 0 ||
			    buf_adds(t, addr) < 0 || buf_addc(t, '"') < 0) {
				return -1;
			}
		} else {
			c.off = nd->start + fd->wild_off;
			c.del = fd->wild_len;
			if (text_add(t, addr, strlen(addr), &c.ins) < 0) {
				return -1;
			}
		}
		c.ins_len = (uint32_t)(t->len - c.ins);
		if (text_add(t, s, fd->wild_off, &c.value) < 0 ||
		    buf_adds(t, addr) < 0 ||
		    buf_add(t, s + fd->wild_off + fd->wild_len,
			    slen - fd->wild_off - fd->wild_len) < 0) {
			return -1;
		}
		c.value_len = (uint32_t)(t->len - c.value);
		*out = c;
		return 1;
	}

	/* empty or null: the address replaces it */
	if (add_host_ip_value(p, t, addr, &c.value, &c.value_len, &c.style) <
	    0) {
		return -1;
	}
	char tmp[80];
	if (fd->drop_tag) {
		/* "host_ip: !!null": the tag goes with the empty value */
		if (!untag_span(doc, v, &c.off, &c.del)) {
			return 0;
		}
		c.drop_tag = true;
		if (text_add(t, "", 0, &c.ins) < 0 ||
		    buf_adds(t, written(addr, quoted_addr(p, addr), tmp,
					sizeof(tmp))) < 0) {
			return -1;
		}
	} else if (nd->flags & NODE_NO_TOKEN) {
		/* "host_ip:" with nothing: after the key's colon; not with
		 * an anchor ("host_ip: &a"), which would have to come first
		 * and whose aliases would change too */
		const struct node_props *pr = doc_props(doc, v);
		if (pr && pr->anchor_len > 0) {
			return 0;
		}
		const struct node *k = &doc->nodes[fd->host_ip_key];
		size_t at =
			k->stop + (quote_of((enum node_style)k->style) ? 1 : 0);
		while (at < pl.len && pl.src[at] == ' ') {
			at++;
		}
		if (at >= pl.len || pl.src[at] != ':') {
			return 0;
		}
		c.off = at + 1;
		c.del = 0;
		if (text_add(t, " ", 1, &c.ins) < 0 ||
		    buf_adds(t, written(addr, quoted_addr(p, addr), tmp,
					sizeof(tmp))) < 0) {
			return -1;
		}
	} else if (nd->style == STYLE_SINGLE || nd->style == STYLE_DOUBLE) {
		c.style = (enum node_style)nd->style;
		c.off = nd->start;
		c.del = nd->stop - nd->start;
		if (text_add(t, addr, strlen(addr), &c.ins) < 0) {
			return -1;
		}
	} else if (nd->style == STYLE_PLAIN) {
		c.off = nd->start;
		c.del = nd->stop - nd->start;
		if (text_add(t, "", 0, &c.ins) < 0 ||
		    buf_adds(t, written(addr, quoted_addr(p, addr), tmp,
					sizeof(tmp))) < 0) {
			return -1;
		}
	} else {
		return 0;
	}
	c.ins_len = (uint32_t)(t->len - c.ins);
	*out = c;
	return 1;
}

/*
 * A long-syntax entry whose host_ip is empty, null or a wildcard: set it;
 * dual-stack: a copy of the entry follows with the second address set the
 * same way (the copy comes first in the plan: its node, the mapping,
 * precedes the host_ip value).
 */
static int plan_long_set(struct plan *p, const struct doc *doc,
			 const struct site *fd, size_t fi,
			 const struct plan_opts *o)
{
	struct change c, c2;
	int r = long_set_change(p, doc, fd, fi, o->binds[0], &c);
	if (r <= 0) {
		return r;
	}
	if (o->nbinds < 2 || no_copy(doc, fd->node) || fd->inherited ||
	    c.drop_tag) {
		/* no copy of a merge source: it is no list entry; none of a
		 * dropped tag either, which the copy would keep */
		return plan_push(p, &c);
	}
	r = long_set_change(p, doc, fd, fi, o->binds[1], &c2);
	if (r < 0) {
		return -1;
	}
	const struct node *nd = &doc->nodes[fd->node];
	struct place pl = { doc->src, doc->src_len };
	struct buf *t = &p->text;
	struct change cp = { .kind = CHANGE_COPY_AFTER,
			     .node = fd->node,
			     .site = fi,
			     .value = c2.value,
			     .value_len = c2.value_len,
			     .style = c2.style,
			     .over = c2.node };
	size_t ls = line_start(&pl, nd->start);
	bool flow = nd->style == STYLE_FLOW;
	bool in_flow = doc->nodes[fd->list].style == STYLE_FLOW;
	size_t from, to;
	if (r == 0 || (in_flow && !flow)) {
		return plan_push(p, &c); /* no copy: the first address only */
	}
	if (in_flow) {
		from = nd->start;
		to = nd->stop;
		cp.off = nd->stop;
		if (text_add(t, ", ", 2, &cp.ins) < 0) {
			return -1;
		}
	} else {
		if (!plain_indent(&pl, ls, nd->start, true)) {
			return plan_push(p, &c);
		}
		size_t stop = subtree_stop(doc, fd->node);
		size_t le = line_end(&pl, stop);
		bool at_end = le >= pl.len;
		const char *eol = eol_at(&pl, stop);
		if (at_end && c.off >= pl.len) {
			/* "host_ip:" ends the file: the address and the copy
			 * would both go at its end, the copy first */
			return plan_push(p, &c);
		}
		from = ls;
		to = le;
		cp.off = at_end ? pl.len : le + strlen(eol);
		if (text_add(t, at_end ? eol : "", at_end ? strlen(eol) : 0,
			     &cp.ins) < 0) {
			return -1;
		}
	}
	if (c2.off < from || c2.off + c2.del > to) {
		return plan_push(p, &c);
	}
	/* the entry's text again, with the second address spliced in */
	if (buf_add(t, doc->src + from, c2.off - from) < 0 ||
	    buf_add(t, t->data + c2.ins, c2.ins_len) < 0 ||
	    buf_add(t, doc->src + c2.off + c2.del, to - c2.off - c2.del) < 0) {
		return -1;
	}
	if (!in_flow && cp.off != pl.len &&
	    buf_adds(t, eol_at(&pl, subtree_stop(doc, fd->node))) < 0) {
		return -1;
	}
	cp.ins_len = (uint32_t)(t->len - cp.ins);
	if (plan_push(p, &cp) < 0) {
		return -1;
	}
	return plan_push(p, &c);
}

/* A "# composefix: ignore" comment on the line of off, after it. */
static bool ignore_on_line(const struct place *pl, size_t off)
{
	static const char tag[] = "composefix: ignore";
	size_t end = line_end(pl, off);
	for (size_t i = off; i < end; i++) {
		if (pl->src[i] == '#' && (i == 0 || pl->src[i - 1] == ' ' ||
					  pl->src[i - 1] == '\t')) {
			size_t j = i + 1;
			while (j < end && pl->src[j] == ' ') {
				j++;
			}
			return end - j >= sizeof(tag) - 1 &&
			       memcmp(pl->src + j, tag, sizeof(tag) - 1) == 0;
		}
	}
	return false;
}

/* The comment alone on the line above the line of off. */
static bool ignore_above(const struct place *pl, size_t off)
{
	size_t ls = line_start(pl, off);
	if (ls == 0) {
		return false;
	}
	size_t brk = ls - 1; /* the break ending the line above */
	if (brk > 0 && pl->src[brk] == '\n' && pl->src[brk - 1] == '\r') {
		brk--;
	}
	size_t prev = line_start(pl, brk);
	size_t i = prev;
	while (i < ls && (pl->src[i] == ' ' || pl->src[i] == '\t')) {
		i++;
	}
	return i < ls && pl->src[i] == '#' && ignore_on_line(pl, i);
}

static bool suppressed(const struct doc *doc, const struct site *fd)
{
	struct place pl = { doc->src, doc->src_len };
	const struct node *nd = &doc->nodes[fd->node];
	size_t at = nd->start;
	size_t stop = subtree_stop(doc, fd->node);
	if (ignore_on_line(&pl, stop) || ignore_on_line(&pl, at) ||
	    ignore_above(&pl, at)) {
		return true;
	}
	if (fd->entry != fd->node && fd->entry < doc->n) {
		/* a merge source's value: the entry that merges it counts */
		const struct node *e = &doc->nodes[fd->entry];
		if (ignore_on_line(&pl, subtree_stop(doc, fd->entry)) ||
		    ignore_on_line(&pl, e->start) ||
		    ignore_above(&pl, e->start)) {
			return true;
		}
	}
	if (fd->ports_key != UINT32_MAX &&
	    ignore_above(&pl, doc->nodes[fd->ports_key].start)) {
		return true;
	}
	return fd->service != UINT32_MAX &&
	       ignore_above(&pl, doc->nodes[fd->service].start);
}

/*
 * Whether every host port of s[0..len) ("8080", "3000-3400") is one that
 * --allow-port lists: a range stays public only when all of it may.
 */
static bool ports_allowed(const char *s, size_t len, const struct plan_opts *o)
{
	unsigned lo, hi;

	if (!portspec_range(s, len, &lo, &hi)) {
		return false;
	}
	for (unsigned long p = lo; p <= hi; p++) {
		bool listed = false;
		for (size_t i = 0; !listed && i < o->nallow_ports; i++) {
			listed = o->allow_ports[i] == p;
		}
		if (!listed) {
			return false;
		}
	}
	return true;
}

/*
 * The option that leaves the entry public, "--allow-service" or
 * "--allow-port", or NULL. A port entry is allowed by port only when
 * every host port it publishes is listed.
 */
static const char *allowed(const struct doc *doc, const struct site *fd,
			   const struct plan_opts *o)
{
	size_t len;
	const char *name = doc_text(doc, fd->service, &len);
	for (size_t i = 0; i < o->nallow_services; i++) {
		if (strlen(o->allow_services[i]) == len &&
		    memcmp(o->allow_services[i], name, len) == 0) {
			return "--allow-service";
		}
	}
	const char *host = NULL;
	size_t hlen = 0;
	if (fd->long_syntax && fd->published != UINT32_MAX) {
		uint32_t v = doc_resolve(doc, fd->published);
		if (doc->nodes[v].kind == NODE_SCALAR) {
			host = doc_text(doc, v, &hlen);
		}
	} else if (!fd->long_syntax && !fd->is_number && fd->spec.has_host) {
		host = doc_text(doc, fd->node, &len) + fd->spec.host.off;
		hlen = fd->spec.host.len;
	}
	if (host && o->nallow_ports > 0 && ports_allowed(host, hlen, o)) {
		return "--allow-port";
	}
	return NULL;
}

static bool is_entry_kind(enum finding_kind k)
{
	return k == FINDING_UNBOUND || k == FINDING_CONTAINER_ONLY ||
	       k == FINDING_EXPLICIT_WILDCARD || k == FINDING_VARIABLE ||
	       k == FINDING_UNDECIDABLE || k == FINDING_INVALID;
}

/*
 * An entry reached by several services (a shared anchor) has a site for
 * each. Its bytes are one: it is left alone only when every service leaves
 * it alone (an ignore comment above it, --allow-service), and is otherwise
 * judged for the first service that does not. Keeps one site per entry.
 */
static void one_per_entry(const struct doc *doc, struct sites *f,
			  const struct plan_opts *o)
{
	size_t keep = 0;
	for (size_t i = 0; i < f->n;) {
		size_t end = i + 1;
		while (end < f->n && f->v[end].node == f->v[i].node) {
			end++;
		}
		size_t pick = i;
		bool picked = false;
		for (size_t k = i; end - i > 1 && k < end; k++) {
			const struct site *fd = &f->v[k];
			if (is_entry_kind(fd->kind) && !suppressed(doc, fd) &&
			    (fd->kind == FINDING_INVALID ||
			     !allowed(doc, fd, o))) {
				/* with --only, the first service whose image
				 * is in the categories fixed decides */
				if (!picked || plan_selected(fd, o)) {
					pick = k;
					picked = true;
				}
				if (plan_selected(fd, o)) {
					break;
				}
			}
		}
		f->v[keep++] = f->v[pick];
		i = end;
	}
	f->n = keep;
}

int plan_build(struct plan *p, const struct doc *doc, struct sites *f,
	       const struct plan_opts *opts)
{
	static const char *const loopback[] = { "127.0.0.1" };
	struct plan_opts o = *opts;
	if (o.nbinds == 0) {
		o.binds = loopback;
		o.nbinds = 1;
	}
	struct place pl = { doc->src, doc->src_len };
	p->json = json_like(&pl);
	one_per_entry(doc, f, &o);
	for (size_t i = 0; i < f->n; i++) {
		struct site *fd = &f->v[i];
		if (!is_entry_kind(fd->kind)) {
			continue;
		}
		if (suppressed(doc, fd)) {
			fd->kind = FINDING_SUPPRESSED;
			continue;
		}
		const char *by;
		if (fd->kind != FINDING_INVALID &&
		    (by = allowed(doc, fd, &o)) != NULL) {
			fd->kind = FINDING_ALLOWED;
			fd->why = by;
			continue;
		}
		if (!plan_wants_fix(fd, &o)) {
			continue;
		}
		int r;
		if (!fd->long_syntax) {
			r = plan_short(p, doc, fd, i, &o);
		} else if (fd->host_ip == UINT32_MAX) {
			r = plan_long_insert(p, doc, fd, i, &o);
		} else {
			r = plan_long_set(p, doc, fd, i, &o);
		}
		if (r < 0) {
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
