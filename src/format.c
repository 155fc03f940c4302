#include "format.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "kinds.h"
#include "udiff.h"

#define HELP_URI "https://github.com/composefix/composefix#what-is-fixed"

struct pending_error {
	char *file;
	unsigned line, col;
	char *message;
};

struct report_writer {
	enum report_format format;
	struct json j;
	/* SARIF puts errors in the invocation, after the results */
	struct pending_error *errors;
	size_t nerrors;
};

static int key(struct json *j, const char *k)
{
	return json_strz(j, k);
}

static int kv_str(struct json *j, const char *k, const char *v)
{
	return key(j, k) < 0 ? -1 : json_strz(j, v);
}

static int kv_num(struct json *j, const char *k, long long v)
{
	return key(j, k) < 0 ? -1 : json_num(j, v);
}

struct report_writer *report_writer_create(enum report_format format,
					   const char *version, struct buf *out)
{
	struct report_writer *w = calloc(1, sizeof(*w));
	if (!w) {
		return NULL;
	}
	w->format = format;
	json_init(&w->j, out);
	struct json *j = &w->j;
	if (json_map(j) < 0) {
		goto fail;
	}
	if (format == FORMAT_JSON) {
		if (kv_num(j, "version", 1) < 0 ||
		    kv_str(j, "tool", "composefix") < 0 ||
		    kv_str(j, "tool_version", version) < 0 ||
		    key(j, "files") < 0 || json_seq(j) < 0) {
			goto fail;
		}
		return w;
	}
	if (kv_str(j, "$schema",
		   "https://json.schemastore.org/sarif-2.1.0.json") < 0 ||
	    kv_str(j, "version", "2.1.0") < 0 || key(j, "runs") < 0 ||
	    json_seq(j) < 0 || json_map(j) < 0 || key(j, "tool") < 0 ||
	    json_map(j) < 0 || key(j, "driver") < 0 || json_map(j) < 0 ||
	    kv_str(j, "name", "composefix") < 0 ||
	    kv_str(j, "version", version) < 0 ||
	    kv_str(j, "informationUri", HELP_URI) < 0 || key(j, "rules") < 0 ||
	    json_seq(j) < 0) {
		goto fail;
	}
	/* a rule for every kind a report can show, in the table's order */
	for (size_t i = 0; i < FINDING_KIND_COUNT; i++) {
		const struct kind *k = kind_get((enum finding_kind)i);
		if (!k->rule) {
			continue;
		}
		if (json_map(j) < 0 || kv_str(j, "id", k->name) < 0 ||
		    key(j, "shortDescription") < 0 || json_map(j) < 0 ||
		    kv_str(j, "text", k->rule) < 0 || json_end_map(j) < 0 ||
		    kv_str(j, "helpUri", HELP_URI) < 0 || json_end_map(j) < 0) {
			goto fail;
		}
	}
	if (json_end_seq(j) < 0 || json_end_map(j) < 0 || json_end_map(j) < 0 ||
	    kv_str(j, "columnKind", "unicodeCodePoints") < 0 ||
	    key(j, "results") < 0 || json_seq(j) < 0) {
		goto fail;
	}
	return w;
fail:
	report_writer_destroy(w);
	errno = ENOMEM;
	return NULL;
}

void report_writer_destroy(struct report_writer *w)
{
	if (!w) {
		return;
	}
	json_release(&w->j);
	for (size_t i = 0; i < w->nerrors; i++) {
		free(w->errors[i].file);
		free(w->errors[i].message);
	}
	free(w->errors);
	free(w);
}

/* {"category": "data", "name": "MySQL"}, or null: nothing recognised. */
static int json_exposes(struct json *j, const struct exposure *e)
{
	if (key(j, "exposes") < 0) {
		return -1;
	}
	if (!e->name) {
		return json_strz(j, NULL);
	}
	return json_map(j) < 0 ||
			       kv_str(j, "category",
				      exposure_category_name(e->category)) <
				       0 ||
			       kv_str(j, "name", e->name) < 0 ||
			       json_end_map(j) < 0
		       ? -1
		       : 0;
}

static int json_record(struct json *j, const char *path, const struct record *x)
{
	return json_map(j) < 0 || kv_str(j, "file", path) < 0 ||
			       kv_num(j, "line", x->line) < 0 ||
			       kv_num(j, "column", x->col) < 0 ||
			       kv_num(j, "end_line", x->end_line) < 0 ||
			       kv_num(j, "end_column", x->end_col) < 0 ||
			       kv_str(j, "service", x->service) < 0 ||
			       kv_str(j, "entry", x->entry) < 0 ||
			       kv_str(j, "kind", x->kind) < 0 ||
			       json_exposes(j, &x->exposes) < 0 ||
			       kv_str(j, "level", x->level) < 0 ||
			       kv_str(j, "message", x->message) < 0 ||
			       kv_str(j, "replacement", x->replacement) < 0 ||
			       key(j, "applied") < 0 ||
			       json_bool(j, x->applied) < 0 ||
			       json_end_map(j) < 0
		       ? -1
		       : 0;
}

static int json_file(struct report_writer *w, const char *path,
		     const struct records *r)
{
	struct json *j = &w->j;
	if (json_map(j) < 0 || kv_str(j, "file", path) < 0 ||
	    kv_str(j, "kind", r->kind) < 0 ||
	    kv_str(j, "status", r->status) < 0 || key(j, "errors") < 0 ||
	    json_seq(j) < 0) {
		return -1;
	}
	for (size_t i = 0; i < r->nerrors; i++) {
		const struct record_error *e = &r->errors[i];
		if (json_map(j) < 0 || kv_num(j, "line", e->line) < 0 ||
		    kv_num(j, "column", e->col) < 0 ||
		    kv_str(j, "message", e->message) < 0 ||
		    json_end_map(j) < 0) {
			return -1;
		}
	}
	if (json_end_seq(j) < 0 || key(j, "findings") < 0 || json_seq(j) < 0) {
		return -1;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (json_record(j, path, &r->v[i]) < 0) {
			return -1;
		}
	}
	return json_end_seq(j) < 0 || json_end_map(j) < 0 ? -1 : 0;
}

static int sarif_region(struct json *j, const char *name, unsigned line,
			unsigned col, unsigned end_line, unsigned end_col)
{
	return key(j, name) < 0 || json_map(j) < 0 ||
			       kv_num(j, "startLine", line) < 0 ||
			       kv_num(j, "startColumn", col) < 0 ||
			       kv_num(j, "endLine", end_line) < 0 ||
			       kv_num(j, "endColumn", end_col) < 0 ||
			       json_end_map(j) < 0
		       ? -1
		       : 0;
}

/*
 * A file's SARIF uri (RFC 3986): a relative reference for a relative
 * path, "./" and "//" dropped (udiff_name), a file:// URI for an absolute
 * one; every byte but the unreserved ones, the sub-delimiters, '@' and
 * '/' percent-encoded (':' too, so that "a:b" does not read as a scheme).
 */
static int sarif_uri(struct buf *out, const char *path)
{
	struct buf name;
	buf_init(&name);
	bool absolute = path[0] == '/';
	int rc = udiff_name(&name, path, NULL) < 0 ||
				 (absolute && buf_adds(out, "file:///") < 0)
			 ? -1
			 : 0;
	for (size_t i = 0; rc == 0 && i < name.len; i++) {
		unsigned char c = (unsigned char)name.data[i];
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') ||
			     (c && strchr("-._~!$&'()*+,;=@/", c));
		rc = plain ? buf_addc(out, (char)c)
			   : buf_addf(out, "%%%02X", c);
	}
	buf_release(&name);
	return rc;
}

static int sarif_artifact(struct json *j, const char *path)
{
	struct buf uri;
	buf_init(&uri);
	int rc = sarif_uri(&uri, path) < 0 || key(j, "artifactLocation") < 0 ||
				 json_map(j) < 0 ||
				 kv_str(j, "uri", uri.data ? uri.data : "") <
					 0 ||
				 json_end_map(j) < 0
			 ? -1
			 : 0;
	buf_release(&uri);
	return rc;
}

static int sarif_result(struct json *j, const char *path,
			const struct record *x)
{
	/* a fix's level follows what the entry exposes: a public web
	 * server is a note, a public database an error */
	const char *level = strcmp(x->level, "error") == 0
				    ? exposure_level(x->exposes.risk)
				    : x->level;
	if (json_map(j) < 0 || kv_str(j, "ruleId", x->kind) < 0 ||
	    kv_str(j, "level", level) < 0 || key(j, "message") < 0 ||
	    json_map(j) < 0 || kv_str(j, "text", x->message) < 0 ||
	    json_end_map(j) < 0 || key(j, "locations") < 0 || json_seq(j) < 0 ||
	    json_map(j) < 0 || key(j, "physicalLocation") < 0 ||
	    json_map(j) < 0 || sarif_artifact(j, path) < 0 ||
	    sarif_region(j, "region", x->line, x->col, x->end_line,
			 x->end_col) < 0 ||
	    json_end_map(j) < 0 || json_end_map(j) < 0 || json_end_seq(j) < 0 ||
	    key(j, "properties") < 0 || json_map(j) < 0 ||
	    kv_str(j, "security-severity", exposure_severity(x->exposes.risk)) <
		    0 ||
	    (x->exposes.name && json_exposes(j, &x->exposes) < 0) ||
	    json_end_map(j) < 0) {
		return -1;
	}
	if (x->nedits > 0) {
		if (key(j, "fixes") < 0 || json_seq(j) < 0 || json_map(j) < 0 ||
		    key(j, "description") < 0 || json_map(j) < 0 ||
		    kv_str(j, "text", "bind to loopback") < 0 ||
		    json_end_map(j) < 0 || key(j, "artifactChanges") < 0 ||
		    json_seq(j) < 0 || json_map(j) < 0 ||
		    sarif_artifact(j, path) < 0 || key(j, "replacements") < 0 ||
		    json_seq(j) < 0) {
			return -1;
		}
		for (size_t k = 0; k < x->nedits; k++) {
			const struct record_edit *e = &x->edits[k];
			if (json_map(j) < 0 ||
			    sarif_region(j, "deletedRegion", e->line, e->col,
					 e->end_line, e->end_col) < 0 ||
			    key(j, "insertedContent") < 0 || json_map(j) < 0 ||
			    kv_str(j, "text", e->text) < 0 ||
			    json_end_map(j) < 0 || json_end_map(j) < 0) {
				return -1;
			}
		}
		if (json_end_seq(j) < 0 || json_end_map(j) < 0 ||
		    json_end_seq(j) < 0 || json_end_map(j) < 0 ||
		    json_end_seq(j) < 0) {
			return -1;
		}
	}
	return json_end_map(j);
}

int report_writer_file(struct report_writer *w, const char *path,
		       const struct records *r)
{
	if (w->format == FORMAT_JSON) {
		return json_file(w, path, r);
	}
	for (size_t i = 0; i < r->n; i++) {
		if (sarif_result(&w->j, path, &r->v[i]) < 0) {
			return -1;
		}
	}
	for (size_t i = 0; i < r->nerrors; i++) {
		struct pending_error *v = realloc(
			w->errors, (w->nerrors + 1) * sizeof(*w->errors));
		if (!v) {
			return -1;
		}
		w->errors = v;
		struct pending_error *e = &w->errors[w->nerrors];
		e->file = strdup(path);
		e->message = strdup(r->errors[i].message);
		e->line = r->errors[i].line;
		e->col = r->errors[i].col;
		w->nerrors++;
		if (!e->file || !e->message) {
			return -1;
		}
	}
	return 0;
}

int report_writer_finish(struct report_writer *w)
{
	struct json *j = &w->j;
	if (w->format == FORMAT_JSON) {
		return json_end_seq(j) < 0 || json_end_map(j) < 0 ||
				       json_finish(j) < 0
			       ? -1
			       : 0;
	}
	if (json_end_seq(j) < 0 || key(j, "invocations") < 0 ||
	    json_seq(j) < 0 || json_map(j) < 0 ||
	    key(j, "executionSuccessful") < 0 ||
	    json_bool(j, w->nerrors == 0) < 0 ||
	    key(j, "toolExecutionNotifications") < 0 || json_seq(j) < 0) {
		return -1;
	}
	for (size_t i = 0; i < w->nerrors; i++) {
		const struct pending_error *e = &w->errors[i];
		if (json_map(j) < 0 || kv_str(j, "level", "error") < 0 ||
		    key(j, "message") < 0 || json_map(j) < 0 ||
		    kv_str(j, "text", e->message) < 0 || json_end_map(j) < 0 ||
		    key(j, "locations") < 0 || json_seq(j) < 0 ||
		    json_map(j) < 0 || key(j, "physicalLocation") < 0 ||
		    json_map(j) < 0 || sarif_artifact(j, e->file) < 0) {
			return -1;
		}
		if (e->line && (key(j, "region") < 0 || json_map(j) < 0 ||
				kv_num(j, "startLine", e->line) < 0 ||
				kv_num(j, "startColumn", e->col) < 0 ||
				json_end_map(j) < 0)) {
			return -1;
		}
		if (json_end_map(j) < 0 || json_end_map(j) < 0 ||
		    json_end_seq(j) < 0 || json_end_map(j) < 0) {
			return -1;
		}
	}
	return json_end_seq(j) < 0 || json_end_map(j) < 0 ||
			       json_end_seq(j) < 0 || json_end_map(j) < 0 ||
			       json_end_seq(j) < 0 || json_end_map(j) < 0 ||
			       json_finish(j) < 0
		       ? -1
		       : 0;
}
