#include "report.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int report_pos(struct fix *f, uint32_t node, unsigned *line, unsigned *col)
{
	const struct node *nd = &f->doc.nodes[node];
	size_t at = nd->start;
	if ((nd->style == STYLE_SINGLE || nd->style == STYLE_DOUBLE) &&
	    at > 0) {
		at--; /* the token starts after the opening quote */
	}
	if ((nd->style == STYLE_LITERAL || nd->style == STYLE_FOLDED) &&
	    at > 0) {
		/* a block scalar's token starts on its first content line:
		 * point at the '|' or '>' of its header, the line above */
		const char *src = f->src.data;
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
	return source_pos(&f->src, at, line, col);
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
static size_t shown_len(const struct fix *f, uint32_t node, const char *s,
			size_t len)
{
	enum node_style st = (enum node_style)f->doc.nodes[node].style;
	if (st == STYLE_LITERAL || st == STYLE_FOLDED) {
		while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r')) {
			len--;
		}
	}
	return len;
}

/* The entry alone: its quoted value, or its long-syntax fields. */
static int entry_text(struct buf *out, const struct fix *f,
		      const struct finding *fd, bool quote)
{
	size_t len;
	if (fd->long_syntax) {
		bool first = true;
		if (buf_adds(out, "long-syntax port (") < 0 ||
		    add_field(out, &f->doc, fd->entry, "target", &first) < 0 ||
		    add_field(out, &f->doc, fd->entry, "published", &first) <
			    0 ||
		    add_field(out, &f->doc, fd->entry, "protocol", &first) <
			    0 ||
		    add_field(out, &f->doc, fd->entry, "host_ip", &first) < 0 ||
		    buf_adds(out, ")") < 0) {
			return -1;
		}
		return 0;
	}
	const char *s = doc_text(&f->doc, fd->node, &len);
	len = shown_len(f, fd->node, s, len);
	return quote ? buf_add_quoted(out, s, len) : buf_add(out, s, len);
}

int report_entry(struct buf *out, const struct fix *f, const struct finding *fd)
{
	size_t slen;
	const char *svc = doc_text(&f->doc, fd->service, &slen);
	if (entry_text(out, f, fd, true) < 0 ||
	    buf_adds(out, " in service ") < 0 ||
	    buf_add_quoted(out, svc, slen) < 0) {
		return -1;
	}
	return 0;
}

static int add_value(struct buf *out, const struct fix *f,
		     const struct change *c, bool long_syntax)
{
	const char *v = f->plan.text.data + c->value;
	size_t vlen = c->kind == CHANGE_SET
			      ? shown_len(f, c->node, v, c->value_len)
			      : c->value_len;
	if (long_syntax) {
		/* as the file will show it: quoted or not */
		if (buf_adds(out, "host_ip: ") < 0) {
			return -1;
		}
		if (c->style == STYLE_PLAIN) {
			return buf_add(out, v, vlen);
		}
	}
	return buf_add_quoted(out, v, vlen);
}

int report_fix(struct buf *out, const char *path, struct fix *f, size_t *i)
{
	const struct change *c = &f->plan.v[*i];
	size_t fi = c->finding;
	const struct finding *fd = &f->findings.v[fi];
	unsigned line, col;
	if (report_pos(f, fd->node, &line, &col) < 0 ||
	    buf_addf(out, "%s:%u:%u: ", path, line, col) < 0 ||
	    report_entry(out, f, fd) < 0) {
		return -1;
	}
	const char *what = fd->kind == FINDING_CONTAINER_ONLY
				   ? " publishes an ephemeral port on all "
				     "interfaces; fix: "
				   : " publishes on all interfaces; fix: ";
	if (buf_adds(out, what) < 0) {
		return -1;
	}
	/* the entry's own fix first, then its copies */
	size_t start = *i;
	while (*i < f->plan.n && f->plan.v[*i].finding == fi) {
		(*i)++;
	}
	bool first = true;
	for (int copies = 0; copies < 2; copies++) {
		for (size_t k = start; k < *i; k++) {
			c = &f->plan.v[k];
			if ((c->kind == CHANGE_COPY_AFTER) != copies) {
				continue;
			}
			if ((!first && buf_adds(out, copies ? ", and a copy "
							      "with "
							    : ", ") < 0) ||
			    add_value(out, f, c, fd->long_syntax) < 0) {
				return -1;
			}
			first = false;
		}
	}
	return buf_addf(out, " [%s]\n", finding_kind_name(fd->kind));
}

int report_diags(struct buf *out, const char *path, const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		int rc;
		if (g->line) {
			rc = buf_addf(out, "%s:%u:%u: %s: %s\n", path, g->line,
				      g->col, diag_severity_name(g->severity),
				      g->msg);
		} else {
			rc = buf_addf(out, "%s: %s: %s\n", path,
				      diag_severity_name(g->severity), g->msg);
		}
		if (rc < 0) {
			return -1;
		}
	}
	return 0;
}

static char *buf_steal(struct buf *b)
{
	char *s = b->data ? b->data : strdup("");
	buf_init(b);
	return s;
}

/* Where a finding's text ends: past a closing quote, or its last scalar. */
static size_t entry_stop(const struct fix *f, uint32_t node)
{
	const struct node *nodes = f->doc.nodes;
	size_t stop = nodes[node].stop;
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

static int record_fix(struct fix *f, size_t fi, struct record *x,
		      struct buf *tmp)
{
	const struct finding *fd = &f->findings.v[fi];
	size_t i = 0;
	while (i < f->plan.n && f->plan.v[i].finding != fi) {
		i++; /* plan_has() said it is there */
	}
	size_t first = i;
	size_t n = 0;
	for (; i < f->plan.n && f->plan.v[i].finding == fi; i++) {
		n++;
	}
	x->edits = calloc(n, sizeof(*x->edits));
	if (!x->edits) {
		return -1;
	}
	for (size_t k = 0; k < n; k++) {
		const struct change *c = &f->plan.v[first + k];
		struct record_edit *e = &x->edits[x->nedits];
		if (source_pos(&f->src, c->off, &e->line, &e->col) < 0 ||
		    source_pos(&f->src, c->off + c->del, &e->end_line,
			       &e->end_col) < 0) {
			return -1;
		}
		e->text = strndup(f->plan.text.data + c->ins, c->ins_len);
		if (!e->text) {
			return -1;
		}
		x->nedits++;
	}
	const struct change *c = &f->plan.v[first];
	for (size_t k = first; k < first + n; k++) {
		if (f->plan.v[k].kind != CHANGE_COPY_AFTER) {
			c = &f->plan.v[k];
			break;
		}
	}
	buf_truncate(tmp, 0);
	if (fd->long_syntax && c->kind != CHANGE_SET &&
	    buf_adds(tmp, "host_ip: ") < 0) {
		return -1;
	}
	if (buf_add(tmp, f->plan.text.data + c->value, c->value_len) < 0) {
		return -1;
	}
	x->replacement = buf_steal(tmp);
	return 0;
}

int report_records(struct fix *f, bool applied, struct records *out)
{
	struct buf tmp;
	buf_init(&tmp);
	for (size_t i = 0; i < f->findings.n; i++) {
		const struct finding *fd = &f->findings.v[i];
		bool fixed = plan_has(&f->plan, i);
		size_t note = f->notes ? f->notes[i] : SIZE_MAX;
		if (!fixed && note == SIZE_MAX) {
			continue; /* bound, or nothing said about it */
		}
		struct record *x = records_add(out);
		size_t slen;
		const char *svc = doc_text(&f->doc, fd->service, &slen);
		if (!x || report_pos(f, fd->node, &x->line, &x->col) < 0 ||
		    source_pos(&f->src, entry_stop(f, fd->node), &x->end_line,
			       &x->end_col) < 0 ||
		    !(x->service = strndup(svc, slen))) {
			goto fail;
		}
		buf_truncate(&tmp, 0);
		if (entry_text(&tmp, f, fd, false) < 0) {
			goto fail;
		}
		x->entry = buf_steal(&tmp);
		x->kind = finding_kind_name(fd->kind);
		if (fixed) {
			x->level = "error";
			x->applied = applied;
			size_t at = 0;
			while (f->plan.v[at].finding != i) {
				at++;
			}
			buf_truncate(&tmp, 0);
			if (report_fix(&tmp, "", f, &at) < 0) {
				goto fail;
			}
			/* drop the ":L:C: " the path-less report line starts
			 * with and its newline */
			const char *m = strchr(tmp.data, ' ');
			x->message = strndup(m ? m + 1 : tmp.data,
					     strlen(m ? m + 1 : tmp.data) - 1);
			if (!x->message || record_fix(f, i, x, &tmp) < 0) {
				goto fail;
			}
		} else {
			const struct diag *g = &f->diags.v[note];
			x->level =
				g->severity == DIAG_NOTE ? "note" : "warning";
			x->message = strdup(g->msg);
			if (!x->message) {
				goto fail;
			}
		}
	}
	for (size_t i = 0; i < f->diags.n; i++) {
		const struct diag *g = &f->diags.v[i];
		if (g->severity == DIAG_ERROR &&
		    records_add_error(out, g->line, g->col, g->msg) < 0) {
			goto fail;
		}
	}
	buf_release(&tmp);
	return 0;
fail:
	buf_release(&tmp);
	errno = ENOMEM;
	return -1;
}
