#include "report.h"

int report_pos(struct fix *f, uint32_t node, unsigned *line, unsigned *col)
{
	const struct node *nd = &f->doc.nodes[node];
	size_t at = nd->start;
	if ((nd->style == STYLE_SINGLE || nd->style == STYLE_DOUBLE) && at > 0) {
		at--; /* the token starts after the opening quote */
	}
	return source_pos(&f->src, at, line, col);
}

int report_entry(struct buf *out, const struct fix *f,
		 const struct finding *fd)
{
	size_t len, slen;
	const char *s = doc_text(&f->doc, fd->node, &len);
	const char *svc = doc_text(&f->doc, fd->service, &slen);
	if (buf_add_quoted(out, s, len) < 0 ||
	    buf_adds(out, " in service ") < 0 ||
	    buf_add_quoted(out, svc, slen) < 0) {
		return -1;
	}
	return 0;
}

int report_change(struct buf *out, const char *path, struct fix *f,
		  const struct change *c)
{
	const struct finding *fd = &f->findings.v[c->finding];
	unsigned line, col;
	if (report_pos(f, c->node, &line, &col) < 0 ||
	    buf_addf(out, "%s:%u:%u: ", path, line, col) < 0 ||
	    report_entry(out, f, fd) < 0) {
		return -1;
	}
	const char *what = fd->kind == FINDING_CONTAINER_ONLY
				   ? " publishes an ephemeral port on all "
				     "interfaces; fix: "
				   : " publishes on all interfaces; fix: ";
	if (buf_adds(out, what) < 0 ||
	    buf_add_quoted(out, f->plan.text.data + c->value, c->value_len) <
		    0 ||
	    buf_addf(out, " [%s]\n", finding_kind_name(fd->kind)) < 0) {
		return -1;
	}
	return 0;
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
