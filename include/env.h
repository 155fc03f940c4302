#ifndef COMPOSEFIX_ENV_H
#define COMPOSEFIX_ENV_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/*
 * Variables from a .env file, and compose-style interpolation over them.
 * The process environment is never read: results must not depend on the
 * shell composefix happens to run in.
 */
struct env_var {
	char *name;  /* owned */
	char *value; /* owned */
};

struct env {
	struct env_var *v;
	size_t n;
	size_t cap;
};

void env_init(struct env *e);
void env_release(struct env *e);

/*
 * Adds the variables of a dotenv text: NAME=VALUE lines, blank lines and
 * '#' comments skipped, an optional "export " prefix, values optionally in
 * single or double quotes (a trailing " # comment" after an unquoted value
 * is dropped); a later line overrides an earlier one. Lines that are not
 * assignments are ignored, as docker compose does not fail on them either.
 * Returns 0, or -1 on ENOMEM.
 */
int env_parse(struct env *e, const char *s, size_t len);

/* The value of name[0..len), or NULL when unset. */
const char *env_get(const struct env *e, const char *name, size_t len);

/*
 * Expands s[0..len) as docker compose does: "$$" is "$", "$VAR" and
 * "${VAR}" the value, "${VAR:-d}" d when VAR is unset or empty, "${VAR-d}"
 * d when unset, "${VAR:+a}" a when set and not empty (else empty),
 * "${VAR+a}" a when set; "${VAR:?e}" and "${VAR?e}" the value. Defaults
 * are expanded in turn. Appends the result to out and returns 1 when it
 * is known, 0 when it depends on a variable that is not set (out then
 * holds a prefix), -1 on a malformed token or ENOMEM.
 */
int env_expand(const struct env *e, const char *s, size_t len, struct buf *out);

/*
 * When s[0..len) is exactly one "${NAME:-DEFAULT}" or "${NAME-DEFAULT}"
 * token, stores the DEFAULT's offset and length and returns true.
 */
bool env_default_span(const char *s, size_t len, size_t *off, size_t *dlen);

/*
 * When the value of s[0..len) under e comes from a default this text
 * holds ("${IP:-0.0.0.0}" with IP unset or empty, "${IP-0.0.0.0}" with IP
 * unset), stores the span of the innermost such default and returns true:
 * in "${A:-${B:-0.0.0.0}}" with A and B unset it is "0.0.0.0", so that
 * replacing it keeps both overrides. Returns false when the value comes
 * from a variable's own value (a set "${IP-...}" default never applies,
 * even to an empty IP), when a default holds anything but plain text or
 * one such token, or when s is not exactly one such token.
 */
bool env_applied_default(const struct env *e, const char *s, size_t len,
			 size_t *off, size_t *dlen);

#endif
