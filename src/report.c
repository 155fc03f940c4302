#include "report.h"

#include <string.h>

int report_pos(struct fix *f, uint32_t node, unsigned *line, unsigned *col)
{
	const struct node *nd = &f->doc.nodes[node];
	size_t at = nd->start;
	if ((nd->style == STYLE_SINGLE || nd->style == STYLE_DOUBLE) && at > 0) {
		at--; /* the token starts after the opening quote */
	}
	return source_pos(&f->src, at, line, col);
}

/* ", published 8080" for a long-syntax key that is present. */
static int add_field(struct buf *out, const struct doc *doc, uint32_t map,
		     const char *key, bool *first)
{
	uint32_t v = doc_map_get(doc, map, key, NULL);
	if (v == UINT32_MAX) {
		return 0;
	}
	v = doc_resolve(doc, v);
	if (doc->nodes[v].kind != NODE_SCALAR) {
		return 0;
	}
	size_t len;
	const char *s = doc_text(doc, v, &len);
	int rc = buf_addf(out, "%s%s %.*s", *first ? "" : ", ", key, (int)len,
			  s);
	*first = false;
	return rc;
}

int report_entry(struct buf *out, const struct fix *f,
		 const struct finding *fd)
{
	size_t len, slen;
	const char *svc = doc_text(&f->doc, fd->service, &slen);
	if (fd->long_syntax) {
		bool first = true;
		if (buf_adds(out, "long-syntax port (") < 0 ||
		    add_field(out, &f->doc, fd->node, "target", &first) < 0 ||
		    add_field(out, &f->doc, fd->node, "published", &first) <
			    0 ||
		    add_field(out, &f->doc, fd->node, "protocol", &first) < 0 ||
		    add_field(out, &f->doc, fd->node, "host_ip", &first) < 0 ||
		    buf_adds(out, ")") < 0) {
			return -1;
		}
	} else {
		const char *s = doc_text(&f->doc, fd->node, &len);
		if (buf_add_quoted(out, s, len) < 0) {
			return -1;
		}
	}
	if (buf_adds(out, " in service ") < 0 ||
	    buf_add_quoted(out, svc, slen) < 0) {
		return -1;
	}
	return 0;
}

static int add_value(struct buf *out, const struct fix *f,
		     const struct change *c, bool long_syntax)
{
	const char *v = f->plan.text.data + c->value;
	if (long_syntax && c->kind != CHANGE_SET) {
		if (buf_adds(out, "host_ip: ") < 0) {
			return -1;
		}
		if (c->style == STYLE_PLAIN) {
			return buf_add(out, v, c->value_len);
		}
	} else if (long_syntax) {
		if (buf_adds(out, "host_ip: ") < 0) {
			return -1;
		}
	}
	return buf_add_quoted(out, v, c->value_len);
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
	bool first = true;
	for (; *i < f->plan.n && f->plan.v[*i].finding == fi; (*i)++) {
		c = &f->plan.v[*i];
		if ((!first && buf_adds(out, c->kind == CHANGE_COPY_AFTER
						     ? ", and a copy with "
						     : ", ") < 0) ||
		    add_value(out, f, c, fd->long_syntax) < 0) {
			return -1;
		}
		first = false;
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
