#include "document.h"

#include <errno.h>
#include <libfyaml.h>

/* gcc says __SANITIZE_ADDRESS__, clang __has_feature(address_sanitizer) */
#if defined(__SANITIZE_ADDRESS__)
#define COMPOSEFIX_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define COMPOSEFIX_LSAN 1
#endif
#endif
#ifdef COMPOSEFIX_LSAN
#include <sanitizer/lsan_interface.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct doc_parser {
	const char *src;
	size_t len;
	struct fy_parser *fyp;
	struct fy_diag *diag;
	struct fy_event *ev; /* the event handed out last, freed on next */
	size_t last;	     /* where the last event with a mark ended */
	bool failed;
	bool leak;	     /* destroying it would crash libfyaml */
	struct buf unquoted; /* a single-quoted value with '' undone */
};

struct doc_parser *doc_parser_create(const char *src, size_t len,
				     unsigned flags)
{
	struct doc_parser *p = calloc(1, sizeof(*p));
	if (!p) {
		return NULL;
	}
	struct fy_diag_cfg dcfg;
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.colorize = false;
	p->diag = fy_diag_create(&dcfg);
	if (!p->diag) {
		goto fail;
	}
	fy_diag_set_collect_errors(p->diag, true);
	p->src = src;
	p->len = len;

	struct fy_parse_cfg cfg = {
		.flags = FYPCF_QUIET | FYPCF_ALLOW_DUPLICATE_KEYS |
			 FYPCF_JSON_NONE | FYPCF_DISABLE_MMAP_OPT,
		.diag = p->diag,
	};
	if (flags & DOC_SLOPPY_FLOW) {
		cfg.flags |= FYPCF_SLOPPY_FLOW_INDENTATION;
	}
	p->fyp = fy_parser_create(&cfg);
	if (!p->fyp) {
		goto fail;
	}
	if (fy_parser_set_string(p->fyp, src, len) != 0) {
		goto fail;
	}
	return p;
fail:
	doc_parser_destroy(p);
	errno = ENOMEM;
	return NULL;
}

void doc_parser_destroy(struct doc_parser *p)
{
	if (!p) {
		return;
	}
	if (p->ev) {
		fy_parser_event_free(p->fyp, p->ev);
	}
	if (p->fyp && !p->leak) {
		fy_parser_destroy(p->fyp);
	}
#ifdef COMPOSEFIX_LSAN
	if (p->fyp && p->leak) {
		__lsan_ignore_object(
			p->fyp); /* on purpose, see parser_collect */
	}
#endif
	if (p->diag) {
		fy_diag_destroy(p->diag);
	}
	buf_release(&p->unquoted);
	free(p);
}

static void line_col(const char *src, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;
	size_t start = 0;
	for (size_t i = 0; i < off; i++) {
		if (src[i] == '\n') {
			l++;
			start = i + 1;
		}
	}
	if (start == 0 && off >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0) {
		start = 3;
	}
	for (size_t i = start; i < off; i++) {
		if (((unsigned char)src[i] & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static void parser_collect(struct doc_parser *p, struct diags *d)
{
	void *iter = NULL;
	struct fy_diag_error *err;
	size_t before = d->errors;

	while ((err = fy_diag_errors_iterate(p->diag, &iter))) {
		if (err->type < FYET_ERROR) {
			continue;
		}
		/*
		 * libfyaml 0.7.12 leaves its indentation stack broken after
		 * this error, and fy_parser_destroy() then crashes (found by
		 * fuzzing: "? a:<TAB>-"). The parser is leaked instead: a few
		 * hundred bytes, once per such file.
		 */
		if (strstr(err->msg, "tab for indentation of block entry")) {
			p->leak = true;
		}
		/* 0.7.12 reports both counted from 1 already */
		diags_add(d, DIAG_ERROR, (unsigned)err->line,
			  (unsigned)err->column, "%s", err->msg);
	}
	if (d->errors == before) {
		/* some errors come without a diagnostic: point after the last
		 * event that parsed */
		unsigned line, col;
		line_col(p->src, p->last, &line, &col);
		diags_add(d, DIAG_ERROR, line, col,
			  "invalid YAML after this point (the parser gives no "
			  "reason)");
	}
}

static enum node_style scalar_style(struct fy_token *t)
{
	if (!t) {
		return STYLE_PLAIN;
	}
	switch (fy_token_scalar_style(t)) {
	case FYSS_SINGLE_QUOTED:
		return STYLE_SINGLE;
	case FYSS_DOUBLE_QUOTED:
		return STYLE_DOUBLE;
	case FYSS_LITERAL:
		return STYLE_LITERAL;
	case FYSS_FOLDED:
		return STYLE_FOLDED;
	default:
		return STYLE_PLAIN;
	}
}

static void token_text(struct fy_token *t, const char **s, size_t *len)
{
	*s = NULL;
	*len = 0;
	if (t) {
		*s = fy_token_get_text(t, len);
		if (!*s) {
			*len = 0;
		}
	}
}

/*
 * A scalar's value. fy_token_get_text() builds a copy and costs about as
 * much as scanning; a one-line scalar without escapes is its own bytes,
 * which is almost every scalar of a compose file.
 */
static void scalar_text(struct doc_parser *p, struct fy_token *tok,
			struct doc_event *ev)
{
	const char *raw = p->src + ev->start;
	size_t n = ev->stop - ev->start;
	bool direct = false;
	if (!memchr(raw, '\n', n) && !memchr(raw, '\r', n)) {
		switch (ev->style) {
		case STYLE_PLAIN:
			direct = true;
			break;
		case STYLE_SINGLE:
			direct = !memchr(raw, '\'', n);
			break;
		case STYLE_DOUBLE:
			direct = !memchr(raw, '\\', n);
			break;
		default:
			break;
		}
	}
	if (direct) {
		ev->text = raw;
		ev->text_len = n;
	} else if (ev->style == STYLE_SINGLE && !memchr(raw, '\n', n) &&
		   !memchr(raw, '\r', n)) {
		/* one line with '' in it: undone here, as libfyaml 0.7.12's
		 * own fy_token_get_text() leaks on runs of '' (upstream #233)
		 */
		buf_truncate(&p->unquoted, 0);
		for (size_t i = 0; i < n; i++) {
			if (buf_addc(&p->unquoted, raw[i]) < 0) {
				token_text(tok, &ev->text, &ev->text_len);
				return;
			}
			if (raw[i] == '\'' && i + 1 < n && raw[i + 1] == '\'') {
				i++;
			}
		}
		ev->text = p->unquoted.data ? p->unquoted.data : "";
		ev->text_len = p->unquoted.len;
	} else {
		token_text(tok, &ev->text, &ev->text_len);
	}
}

/* An empty scalar has no mark at all: place it where the last one ended. */
static void event_span(struct doc_parser *p, struct fy_event *fye,
		       struct fy_token *t, struct doc_event *ev)
{
	const struct fy_mark *a =
		t ? fy_token_start_mark(t) : fy_event_start_mark(fye);
	const struct fy_mark *b =
		t ? fy_token_end_mark(t) : fy_event_end_mark(fye);
	ev->start = a ? a->input_pos : p->last;
	ev->stop = b ? b->input_pos : ev->start;
	if (ev->stop < ev->start) {
		ev->stop = ev->start;
	}
	p->last = ev->stop;
}

int doc_parser_next(struct doc_parser *p, struct doc_event *ev, struct diags *d)
{
	if (p->ev) {
		fy_parser_event_free(p->fyp, p->ev);
		p->ev = NULL;
	}
	if (p->failed) {
		return -1;
	}
	memset(ev, 0, sizeof(*ev));
	for (;;) {
		struct fy_event *fye = fy_parser_parse(p->fyp);
		if (!fye) {
			if (fy_parser_get_stream_error(p->fyp)) {
				p->failed = true;
				parser_collect(p, d);
				return -1;
			}
			return 0;
		}
		struct fy_token *anchor = NULL, *tag = NULL, *tok = NULL;
		ev->style = STYLE_NONE;
		switch (fye->type) {
		case FYET_STREAM_START:
		case FYET_STREAM_END:
		case FYET_NONE:
			fy_parser_event_free(p->fyp, fye);
			continue;
		case FYET_DOCUMENT_START:
			ev->kind = NODE_DOC;
			break;
		case FYET_DOCUMENT_END:
		case FYET_MAPPING_END:
		case FYET_SEQUENCE_END:
			ev->kind = NODE_END;
			break;
		case FYET_MAPPING_START:
			ev->kind = NODE_MAP;
			anchor = fye->mapping_start.anchor;
			tag = fye->mapping_start.tag;
			break;
		case FYET_SEQUENCE_START:
			ev->kind = NODE_SEQ;
			anchor = fye->sequence_start.anchor;
			tag = fye->sequence_start.tag;
			break;
		case FYET_SCALAR:
			ev->kind = NODE_SCALAR;
			anchor = fye->scalar.anchor;
			tag = fye->scalar.tag;
			tok = fye->scalar.value;
			ev->style = scalar_style(tok);
			break;
		case FYET_ALIAS:
			ev->kind = NODE_ALIAS;
			tok = fye->alias.anchor;
			token_text(tok, &ev->text, &ev->text_len);
			break;
		}
		if (ev->kind == NODE_MAP || ev->kind == NODE_SEQ) {
			ev->style = fy_event_get_node_style(fye) == FYNS_FLOW
					    ? STYLE_FLOW
					    : STYLE_BLOCK;
		}
		event_span(p, fye, tok, ev);
		if (ev->kind == NODE_SCALAR && tok) {
			scalar_text(p, tok, ev);
		}
		ev->no_token = ev->kind == NODE_SCALAR && !tok;
		token_text(anchor, &ev->anchor, &ev->anchor_len);
		token_text(tag, &ev->tag, &ev->tag_len);
		if (tag) {
			const struct fy_mark *a = fy_token_start_mark(tag);
			const struct fy_mark *b = fy_token_end_mark(tag);
			ev->tag_start = a ? a->input_pos : 0;
			ev->tag_stop = b ? b->input_pos : ev->tag_start;
		}
		p->ev = fye;
		return 1;
	}
}

/* No compose file nests this deep; a hostile one stops here, early. */
enum { DOC_MAX_DEPTH = 1000 };

/* Anchors seen so far: name -> node, most recent definition wins. */
struct anchor_map {
	struct anchor_slot {
		uint32_t node;		 /* UINT32_MAX: empty */
		uint32_t name, name_len; /* arena offsets */
		uint32_t hash;
	} * slots;
	size_t cap;
	size_t n;
};

static uint32_t name_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	}
	return h;
}

static struct anchor_slot *anchor_find(struct anchor_map *m,
				       const struct buf *arena, const char *s,
				       size_t len, uint32_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct anchor_slot *slot = &m->slots[i];
		if (slot->node == UINT32_MAX ||
		    (slot->hash == h && slot->name_len == len &&
		     memcmp(arena->data + slot->name, s, len) == 0)) {
			return slot;
		}
	}
}

static int anchor_grow(struct anchor_map *m, const struct buf *arena)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct anchor_slot *old = m->slots;
	size_t old_cap = m->cap;
	m->slots = malloc(cap * sizeof(*m->slots));
	if (!m->slots) {
		m->slots = old;
		errno = ENOMEM;
		return -1;
	}
	m->cap = cap;
	for (size_t i = 0; i < cap; i++) {
		m->slots[i].node = UINT32_MAX;
	}
	for (size_t i = 0; i < old_cap; i++) {
		if (old[i].node != UINT32_MAX) {
			*anchor_find(m, arena, arena->data + old[i].name,
				     old[i].name_len, old[i].hash) = old[i];
		}
	}
	free(old);
	return 0;
}

static int arena_add(struct buf *arena, const char *s, size_t len,
		     uint32_t *off)
{
	if (arena->len + len > UINT32_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	*off = (uint32_t)arena->len;
	return buf_add(arena, s, len);
}

static int doc_push(struct doc *doc, const struct node *nd)
{
	if (doc->n == doc->cap) {
		if (doc->cap >= UINT32_MAX / 2) {
			errno = EOVERFLOW;
			return -1;
		}
		uint32_t cap = doc->cap ? doc->cap * 2 : 256;
		struct node *v = realloc(doc->nodes, cap * sizeof(*v));
		if (!v) {
			errno = ENOMEM;
			return -1;
		}
		doc->nodes = v;
		doc->cap = cap;
	}
	doc->nodes[doc->n++] = *nd;
	return 0;
}

static int doc_add_props(struct doc *doc, uint32_t node,
			 const struct doc_event *ev)
{
	if (doc->nprops == doc->props_cap) {
		uint32_t cap = doc->props_cap ? doc->props_cap * 2 : 16;
		struct node_props *v = realloc(doc->props, cap * sizeof(*v));
		if (!v) {
			errno = ENOMEM;
			return -1;
		}
		doc->props = v;
		doc->props_cap = cap;
	}
	struct node_props *pr = &doc->props[doc->nprops];
	memset(pr, 0, sizeof(*pr));
	pr->node = node;
	if (arena_add(&doc->arena, ev->anchor, ev->anchor_len, &pr->anchor) <
		    0 ||
	    arena_add(&doc->arena, ev->tag, ev->tag_len, &pr->tag) < 0) {
		return -1;
	}
	pr->anchor_len = (uint32_t)ev->anchor_len;
	pr->tag_len = (uint32_t)ev->tag_len;
	pr->tag_start = (uint32_t)ev->tag_start;
	pr->tag_stop = (uint32_t)ev->tag_stop;
	doc->nprops++;
	doc->nodes[node].flags |= NODE_HAS_PROPS;
	return 0;
}

struct load_state {
	uint32_t *stack;
	size_t depth;
	size_t stack_cap;
	struct anchor_map anchors;
};

static int load_push(struct load_state *st, uint32_t node)
{
	if (st->depth == st->stack_cap) {
		size_t cap = st->stack_cap ? st->stack_cap * 2 : 64;
		uint32_t *v = realloc(st->stack, cap * sizeof(*v));
		if (!v) {
			errno = ENOMEM;
			return -1;
		}
		st->stack = v;
		st->stack_cap = cap;
	}
	st->stack[st->depth++] = node;
	return 0;
}

/* Handles one event of the load; returns 0, or -1 (diagnostic in d). */
static int load_event(struct doc *doc, struct load_state *st,
		      const struct doc_event *ev, struct diags *d)
{
	struct node nd = {
		.kind = (uint8_t)ev->kind,
		.style = (uint8_t)ev->style,
		.start = (uint32_t)ev->start,
		.stop = (uint32_t)ev->stop,
	};
	uint32_t idx = doc->n;

	if (ev->kind == NODE_END) {
		if (st->depth == 0) {
			diags_add(d, DIAG_ERROR, 0, 0,
				  "unbalanced YAML events");
			return -1;
		}
		struct node *open = &doc->nodes[st->stack[--st->depth]];
		open->end = doc->n;
		if (open->kind != NODE_DOC && ev->stop > open->stop) {
			open->stop = (uint32_t)ev->stop;
		}
		return 0;
	}
	if (ev->kind == NODE_SCALAR || ev->kind == NODE_ALIAS) {
		nd.text_len = (uint32_t)ev->text_len;
		if (ev->no_token) {
			nd.flags |= NODE_NO_TOKEN;
			nd.text = nd.start;
		} else if (ev->text == doc->src + ev->start ||
			   (ev->stop - ev->start == ev->text_len &&
			    memcmp(doc->src + ev->start, ev->text,
				   ev->text_len) == 0)) {
			nd.text = nd.start;
		} else {
			nd.flags |= NODE_TEXT_ARENA;
			if (arena_add(&doc->arena, ev->text, ev->text_len,
				      &nd.text) < 0) {
				return -1;
			}
		}
		nd.end = idx + 1;
	}
	if (ev->kind == NODE_ALIAS) {
		uint32_t h = name_hash(ev->text, ev->text_len);
		struct anchor_slot *slot =
			st->anchors.cap ? anchor_find(&st->anchors, &doc->arena,
						      ev->text, ev->text_len, h)
					: NULL;
		if (!slot || slot->node == UINT32_MAX) {
			unsigned line, col;
			line_col(doc->src, ev->start ? ev->start - 1 : 0, &line,
				 &col);
			diags_add(d, DIAG_ERROR, line, col,
				  "unknown alias '*%.*s' (no anchor of that "
				  "name before it)",
				  (int)ev->text_len, ev->text);
			return -1;
		}
		nd.aux = slot->node;
	}
	if (doc_push(doc, &nd) < 0) {
		return -1;
	}
	if (ev->anchor_len || ev->tag_len) {
		if (doc_add_props(doc, idx, ev) < 0) {
			return -1;
		}
	}
	if (ev->anchor_len) {
		struct anchor_map *m = &st->anchors;
		if ((m->n + 1) * 2 > m->cap &&
		    anchor_grow(m, &doc->arena) < 0) {
			return -1;
		}
		const struct node_props *pr = &doc->props[doc->nprops - 1];
		uint32_t h = name_hash(ev->anchor, ev->anchor_len);
		struct anchor_slot *slot = anchor_find(
			m, &doc->arena, ev->anchor, ev->anchor_len, h);
		if (slot->node == UINT32_MAX) {
			m->n++;
		}
		*slot = (struct anchor_slot){ idx, pr->anchor, pr->anchor_len,
					      h };
	}
	if (ev->kind == NODE_MAP || ev->kind == NODE_SEQ ||
	    ev->kind == NODE_DOC) {
		if (st->depth >= DOC_MAX_DEPTH) {
			unsigned line, col;
			line_col(doc->src, ev->start, &line, &col);
			diags_add(d, DIAG_ERROR, line, col,
				  "nesting deeper than %d levels",
				  DOC_MAX_DEPTH);
			return -1;
		}
		return load_push(st, idx);
	}
	return 0;
}

/* Bytes from the start of off's line to off. */
static size_t line_offset(const char *src, size_t off)
{
	size_t i = off;
	while (i > 0 && src[i - 1] != '\n' && src[i - 1] != '\r') {
		i--;
	}
	return off - i;
}

/*
 * libfyaml 0.7.12 accepts, at the end of a document only, a value on the
 * line after its key at the key's own indentation ("x:" then "t" below
 * it), reading it as the key's value; YAML, go-yaml and so Docker Compose
 * reject it ("could not find expected ':'"); likewise a block scalar's
 * content at its key's indentation. Such a file must be refused:
 * a fix that adds text after it (a dual-stack copy) would move the value
 * away from the end, where libfyaml rejects it too. Returns 0, or -1 with
 * the error in d.
 */
static int value_indent_check(const struct doc *doc, struct diags *d)
{
	const struct node *nodes = doc->nodes;
	for (uint32_t m = 0; m < doc->n; m++) {
		if (nodes[m].kind != NODE_MAP ||
		    nodes[m].style != STYLE_BLOCK) {
			continue;
		}
		size_t indent = line_offset(doc->src, nodes[m].start);
		uint32_t k = m + 1;
		while (k < nodes[m].end) {
			uint32_t v = nodes[k].end;
			if (v >= nodes[m].end) {
				break;
			}
			const struct node *nv = &nodes[v];
			bool block =
				nv->style == STYLE_BLOCK &&
				(nv->kind == NODE_MAP || nv->kind == NODE_SEQ);
			if (!(nv->flags & NODE_NO_TOKEN) && !block) {
				size_t at = nv->start;
				if ((nv->style == STYLE_SINGLE ||
				     nv->style == STYLE_DOUBLE) &&
				    at > 0) {
					at--;
				}
				if (nv->style == STYLE_LITERAL ||
				    nv->style == STYLE_FOLDED) {
					/* its token starts with the first
					 * content line's indentation */
					while (at < nv->stop &&
					       (doc->src[at] == ' ' ||
						doc->src[at] == '\n' ||
						doc->src[at] == '\r')) {
						at++;
					}
				}
				bool below = false; /* a break before it */
				for (size_t b = nodes[k].stop; b < at; b++) {
					below |= doc->src[b] == '\n' ||
						 doc->src[b] == '\r';
				}
				if (below && at < nv->stop &&
				    line_offset(doc->src, at) <= indent) {
					unsigned line, col;
					line_col(doc->src, at, &line, &col);
					diags_add(d, DIAG_ERROR, line, col,
						  "could not find expected "
						  "':' (a value below its key "
						  "must be indented more)");
					return -1;
				}
			}
			k = nv->end;
		}
	}
	return 0;
}

static bool flow_indent_error(const struct diags *d, size_t from)
{
	for (size_t i = from; i < d->n; i++) {
		const char *m = d->v[i].msg;
		if (d->v[i].severity == DIAG_ERROR && strstr(m, "flow") &&
		    strstr(m, "indent")) {
			return true;
		}
	}
	return false;
}

static void diags_drop_from(struct diags *d, size_t from)
{
	while (d->n > from) {
		struct diag *g = &d->v[--d->n];
		if (g->severity == DIAG_ERROR) {
			d->errors--;
		} else if (g->severity == DIAG_WARNING) {
			d->warnings--;
		}
		free(g->msg);
	}
}

static int doc_load_pass(struct doc *doc, unsigned flags, struct diags *d)
{
	struct load_state st = { 0 };
	struct doc_event ev;
	int rc = -1;
	struct doc_parser *p = doc_parser_create(doc->src, doc->src_len, flags);
	if (!p) {
		return -1;
	}
	int r;
	while ((r = doc_parser_next(p, &ev, d)) > 0) {
		if (load_event(doc, &st, &ev, d) < 0) {
			goto out;
		}
	}
	if (r == 0 && st.depth == 0) {
		rc = value_indent_check(doc, d);
	}
out:
	doc_parser_destroy(p);
	free(st.stack);
	free(st.anchors.slots);
	return rc;
}

int doc_load(struct doc *doc, const char *src, size_t len, struct diags *d)
{
	memset(doc, 0, sizeof(*doc));
	buf_init(&doc->arena);
	doc->src = src;
	doc->src_len = len;

	/*
	 * Reserve the node array once: a node takes at least two bytes of
	 * text, so this rarely grows, and pages never touched cost no memory
	 * (a doubling realloc would hold old and new arrays at once).
	 */
	size_t guess = len / 3 + 256;
	if (guess > UINT32_MAX / 2) {
		guess = UINT32_MAX / 2;
	}
	doc->nodes = malloc(guess * sizeof(*doc->nodes));
	if (!doc->nodes) {
		errno = ENOMEM;
		return -1;
	}
	doc->cap = (uint32_t)guess;

	size_t mark = d->n;
	if (doc_load_pass(doc, 0, d) == 0) {
		return 0;
	}
	if (!flow_indent_error(d, mark)) {
		return -1;
	}
	unsigned line = d->v[mark].line, col = d->v[mark].col;
	const char *msg = d->v[mark].msg;
	const char *what = strstr(msg, "mapping") ? "mapping" : "sequence";
	const char *how = strstr(msg, " end ") ? "closed at the indentation"
					       : "indented at the column";
	diags_drop_from(d, mark);
	doc->n = 0;
	doc->nprops = 0;
	buf_truncate(&doc->arena, 0);
	if (doc_load_pass(doc, DOC_SLOPPY_FLOW, d) < 0) {
		return -1;
	}
	doc->sloppy = true;
	diags_add(d, DIAG_WARNING, line, col,
		  "flow %s %s of its key; accepted as Docker Compose does",
		  what, how);
	return 0;
}

void doc_release(struct doc *doc)
{
	if (!doc) {
		return;
	}
	free(doc->nodes);
	free(doc->props);
	buf_release(&doc->arena);
	memset(doc, 0, sizeof(*doc));
}

const char *doc_text(const struct doc *doc, uint32_t i, size_t *len)
{
	const struct node *nd = &doc->nodes[i];
	*len = nd->text_len;
	if (nd->flags & NODE_TEXT_ARENA) {
		return doc->arena.data + nd->text;
	}
	return doc->src + nd->text;
}

bool doc_text_is(const struct doc *doc, uint32_t i, const char *s, size_t len)
{
	if (doc->nodes[i].kind != NODE_SCALAR) {
		return false;
	}
	size_t n;
	const char *t = doc_text(doc, i, &n);
	return n == len && memcmp(t, s, len) == 0;
}

const struct node_props *doc_props(const struct doc *doc, uint32_t i)
{
	if (!(doc->nodes[i].flags & NODE_HAS_PROPS)) {
		return NULL;
	}
	uint32_t lo = 0, hi = doc->nprops;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (doc->props[mid].node < i) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < doc->nprops && doc->props[lo].node == i ? &doc->props[lo]
							    : NULL;
}

uint32_t doc_resolve(const struct doc *doc, uint32_t i)
{
	/* anchors always precede their aliases, so this ends */
	while (i < doc->n && doc->nodes[i].kind == NODE_ALIAS) {
		i = doc->nodes[i].aux;
	}
	return i;
}

uint32_t doc_map_get(const struct doc *doc, uint32_t map, const char *key,
		     uint32_t *key_out)
{
	map = doc_resolve(doc, map);
	uint32_t found = UINT32_MAX;
	if (map >= doc->n || doc->nodes[map].kind != NODE_MAP) {
		return found;
	}
	size_t klen = strlen(key);
	for (uint32_t k = map + 1; k < doc->nodes[map].end;) {
		uint32_t v = doc->nodes[k].end;
		if (doc_text_is(doc, k, key, klen)) {
			found = v;
			if (key_out) {
				*key_out = k;
			}
		}
		k = doc->nodes[v].end;
	}
	return found;
}

uint32_t doc_map_merge(const struct doc *doc, uint32_t map)
{
	map = doc_resolve(doc, map);
	uint32_t found = UINT32_MAX;
	if (map >= doc->n || doc->nodes[map].kind != NODE_MAP) {
		return found;
	}
	for (uint32_t k = map + 1; k < doc->nodes[map].end;) {
		uint32_t v = doc->nodes[k].end;
		/* only a plain "<<" merges: a quoted one is a string key */
		if (doc->nodes[k].style == STYLE_PLAIN &&
		    doc_text_is(doc, k, "<<", 2)) {
			found = v;
		}
		k = doc->nodes[v].end;
	}
	return found;
}

/*
 * Appends mapping m and then its merge sources, depth first, to out: the
 * order in which their keys count. A mapping already there adds nothing.
 * Recursion is bounded by cap, as every level adds a distinct mapping.
 */
static void merge_order(const struct doc *doc, uint32_t m, uint32_t *out,
			size_t *n, size_t cap)
{
	m = doc_resolve(doc, m);
	if (m >= doc->n || doc->nodes[m].kind != NODE_MAP || *n >= cap) {
		return;
	}
	for (size_t i = 0; i < *n; i++) {
		if (out[i] == m) {
			return;
		}
	}
	out[(*n)++] = m;
	uint32_t v = doc_resolve(doc, doc_map_merge(doc, m));
	if (v >= doc->n) {
		return;
	}
	if (doc->nodes[v].kind == NODE_MAP) {
		merge_order(doc, v, out, n, cap);
	} else if (doc->nodes[v].kind == NODE_SEQ) {
		for (uint32_t c = v + 1; c < doc->nodes[v].end;
		     c = doc->nodes[c].end) {
			merge_order(doc, c, out, n, cap);
		}
	}
}

uint32_t doc_map_lookup(const struct doc *doc, uint32_t map, const char *key,
			uint32_t *key_out, uint32_t *holder)
{
	map = doc_resolve(doc, map);
	uint32_t v = doc_map_get(doc, map, key, key_out);
	if (v != UINT32_MAX || doc_map_merge(doc, map) == UINT32_MAX) {
		if (holder) {
			*holder = v != UINT32_MAX ? map : UINT32_MAX;
		}
		return v;
	}
	uint32_t order[DOC_MERGE_MAX + 1];
	size_t n = 0;
	merge_order(doc, map, order, &n, DOC_MERGE_MAX + 1);
	for (size_t i = 1; i < n; i++) {
		v = doc_map_get(doc, order[i], key, key_out);
		if (v != UINT32_MAX) {
			if (holder) {
				*holder = order[i];
			}
			return v;
		}
	}
	if (holder) {
		*holder = UINT32_MAX;
	}
	return UINT32_MAX;
}

struct key_ref {
	const char *s;
	size_t len;
	uint32_t node;
};

static int key_cmp(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = n ? memcmp(x->s, y->s, n) : 0;
	if (c == 0) {
		c = (x->len > y->len) - (x->len < y->len);
	}
	if (c == 0) {
		c = (x->node > y->node) - (x->node < y->node);
	}
	return c;
}

/* Small mappings, most of them: pairwise, no allocation, no sort. */
enum { DUP_PAIRWISE_MAX = 16 };

/*
 * Large mappings: keys go into a hash table in document order, so the first
 * key found there already is the answer. Returns false when the table
 * degenerates (keys crafted to collide): the caller then sorts, which is
 * O(n log n) whatever the keys are.
 */
static bool dup_by_hash(const struct key_ref *keys, size_t m, uint32_t *dup)
{
	size_t cap = 64;
	while (cap < 2 * m) {
		cap *= 2;
	}
	uint32_t *slots = calloc(cap, sizeof(*slots)); /* index + 1; 0: empty */
	if (!slots) {
		return false;
	}
	size_t budget = 8 * m + 64;
	bool decided = true;
	for (size_t i = 0; i < m && decided; i++) {
		size_t at = name_hash(keys[i].s, keys[i].len) & (cap - 1);
		for (;; at = (at + 1) & (cap - 1)) {
			if (budget-- == 0) {
				decided = false;
				break;
			}
			uint32_t k = slots[at];
			if (k == 0) {
				slots[at] = (uint32_t)i + 1;
				break;
			}
			if (keys[k - 1].len == keys[i].len &&
			    memcmp(keys[k - 1].s, keys[i].s, keys[i].len) ==
				    0) {
				*dup = keys[i].node;
				free(slots);
				return true;
			}
		}
	}
	free(slots);
	return decided;
}

int doc_map_keys(const struct doc *doc, uint32_t map, uint32_t **out, size_t *n)
{
	const struct node *nodes = doc->nodes;
	uint32_t order[DOC_MERGE_MAX + 1];
	size_t norder = 0;
	*out = NULL;
	*n = 0;
	merge_order(doc, map, order, &norder, DOC_MERGE_MAX + 1);
	size_t total = 0;
	for (size_t i = 0; i < norder; i++) {
		for (uint32_t k = order[i] + 1; k < nodes[order[i]].end;
		     k = nodes[nodes[k].end].end) {
			total++;
		}
	}
	struct key_ref *keys = malloc((total ? total : 1) * sizeof(*keys));
	uint32_t *v = malloc((total ? total : 1) * sizeof(*v));
	if (!keys || !v) {
		free(keys);
		free(v);
		errno = ENOMEM;
		return -1;
	}
	/* candidates in precedence order, numbered in .node: the sort below
	 * puts the first of each name first */
	size_t m = 0;
	for (size_t i = 0; i < norder; i++) {
		for (uint32_t k = order[i] + 1; k < nodes[order[i]].end;
		     k = nodes[nodes[k].end].end) {
			if (nodes[k].style == STYLE_PLAIN &&
			    doc_text_is(doc, k, "<<", 2)) {
				continue;
			}
			keys[m].s = NULL; /* a collection key: no name */
			keys[m].len = 0;
			if (nodes[k].kind == NODE_SCALAR) {
				keys[m].s = doc_text(doc, k, &keys[m].len);
			}
			keys[m].node = (uint32_t)m;
			v[m] = k;
			m++;
		}
	}
	if (norder == 1) {
		/* no merge: the keys as they are */
		free(keys);
		*out = v;
		*n = m;
		return 0;
	}
	/* the first of each name wins: sort by name, then precedence */
	qsort(keys, m, sizeof(*keys), key_cmp);
	bool *keep = calloc(m ? m : 1, sizeof(*keep));
	if (!keep) {
		free(keys);
		free(v);
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < m; i++) {
		bool first = i == 0 || !keys[i].s || !keys[i - 1].s ||
			     keys[i].len != keys[i - 1].len ||
			     (keys[i].len &&
			      memcmp(keys[i].s, keys[i - 1].s, keys[i].len));
		if (first) {
			keep[keys[i].node] = true;
		}
	}
	size_t w = 0;
	for (size_t i = 0; i < m; i++) {
		if (keep[i]) {
			v[w++] = v[i];
		}
	}
	free(keep);
	free(keys);
	*out = v;
	*n = w;
	return 0;
}

int doc_map_duplicate(const struct doc *doc, uint32_t map, uint32_t *dup)
{
	const struct node *nodes = doc->nodes;
	*dup = UINT32_MAX;
	if (map >= doc->n || nodes[map].kind != NODE_MAP) {
		return 0;
	}
	size_t n = 0;
	for (uint32_t k = map + 1; k < nodes[map].end;
	     k = nodes[nodes[k].end].end) {
		n++;
	}
	if (n < 2) {
		return 0;
	}
	struct key_ref small[DUP_PAIRWISE_MAX];
	struct key_ref *keys = small;
	if (n > DUP_PAIRWISE_MAX) {
		keys = malloc(n * sizeof(*keys));
		if (!keys) {
			errno = ENOMEM;
			return -1;
		}
	}
	size_t m = 0;
	for (uint32_t k = map + 1; k < nodes[map].end;
	     k = nodes[nodes[k].end].end) {
		if (nodes[k].kind == NODE_SCALAR) {
			keys[m].s = doc_text(doc, k, &keys[m].len);
			keys[m].node = k;
			m++;
		}
	}
	if (keys == small) {
		/* in document order: the first key that repeats an earlier one
		 */
		for (size_t i = 1; i < m; i++) {
			for (size_t j = 0; j < i; j++) {
				if (keys[i].len == keys[j].len &&
				    memcmp(keys[i].s, keys[j].s, keys[i].len) ==
					    0) {
					*dup = keys[i].node;
					return 0;
				}
			}
		}
		return 0;
	}
	if (dup_by_hash(keys, m, dup)) {
		free(keys);
		return 0;
	}
	qsort(keys, m, sizeof(*keys), key_cmp);
	for (size_t i = 1; i < m; i++) {
		if (keys[i].len == keys[i - 1].len &&
		    memcmp(keys[i].s, keys[i - 1].s, keys[i].len) == 0 &&
		    keys[i].node < *dup) {
			*dup = keys[i].node; /* the later of the two */
		}
	}
	free(keys);
	return 0;
}
