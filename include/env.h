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
	char *name;   /* owned */
	char *value;  /* owned; "" when unknown */
	bool unknown; /* set, to a value that depends on the shell */
};

struct env {
	struct env_var *v;
	size_t n;
	size_t cap;
};

void env_init(struct env *e);
void env_release(struct env *e);

/* Where a dotenv text stops making sense, as compose-go reports it. */
struct env_error {
	unsigned line;	 /* 1-based */
	const char *msg; /* static */
};

/*
 * Adds the variables of a dotenv text, read as compose-go's dotenv
 * package reads it (docker compose's .env, include: env_file:):
 * statements NAME=VALUE or NAME: VALUE, with an optional "export "
 * prefix and blanks around the separator; names of letters, digits and
 * "_.-[]"; '#' lines and blank lines skipped; a UTF-8 BOM skipped.
 * An unquoted value runs to the end of the line, is cut at the first
 * " #" and right-trimmed. A value in single quotes is literal; in double
 * quotes, escapes (\n, \t, \", \\, \$, octal \0NNN, ...) count; both
 * may span lines, and \' or \" ends neither. Unquoted and double-quoted
 * values are expanded like compose files (see env_expand()), looking a
 * name up in lookup first (the variables that win: earlier env files, the
 * root project's), then among the text's own earlier variables; a value
 * that needs a variable set nowhere is unknown, and so is a bare NAME
 * line (compose-go takes it from the shell). A later statement overrides
 * an earlier one.
 * Returns 0; -1 with errno EINVAL and *err filled on text compose-go
 * rejects (a character not allowed in a name, a name with a blank inside,
 * an unterminated quote); -1 with errno ENOMEM.
 */
int env_parse(struct env *e, const char *s, size_t len,
	      const struct env *lookup, struct env_error *err);

/* The variable name[0..len), or NULL when unset. */
const struct env_var *env_find(const struct env *e, const char *name,
			       size_t len);

/* The value of name[0..len), or NULL when unset or unknown. */
const char *env_get(const struct env *e, const char *name, size_t len);

/*
 * Adds to dst every variable of src that dst does not have (compose-go's
 * Mapping.Merge: the included project's variables never override the
 * root's). Returns 0, or -1 on ENOMEM.
 */
int env_merge(struct env *dst, const struct env *src);

/* Whether a and b hold the same variables with the same values. */
bool env_equal(const struct env *a, const struct env *b);

/*
 * Expands s[0..len) as docker compose does: "$$" is "$", "$VAR" and
 * "${VAR}" the value, "${VAR:-d}" d when VAR is unset or empty, "${VAR-d}"
 * d when unset, "${VAR:+a}" a when set and not empty (else empty),
 * "${VAR+a}" a when set; "${VAR:?e}" and "${VAR?e}" the value. Defaults
 * are expanded in turn. Appends the result to out and returns 1 when it
 * is known, 0 when it depends on a variable that is not set or unknown
 * (out then holds a prefix), -1 on a malformed token or ENOMEM.
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
