/*
 * The Markdown front end: markdown.h's pipeline behind the driver's
 * interface. The findings are the shell front end's (shell_findings()),
 * so a docker run reads the same in a script and in a README.
 */
#include "front.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../shell/front.h"
#include "filekind.h"
#include "markdown.h"
#include "source.h"

struct md_state {
	struct source src;
	struct markdown m;
};

static bool md_claims(const char *path)
{
	return filekind_by_name(path) == FILEKIND_MARKDOWN;
}

/* The info string's first word, for messages: "bash", or "shell". */
static void lang_word(const struct source *src, const struct md_unit *u,
		      const char **w, int *n)
{
	*w = "shell";
	*n = 5;
	if (u->info_n == 0) {
		return;
	}
	const char *p = src->data + u->info;
	size_t i = 0;
	while (i < u->info_n && !strchr(" \t{}:=,;([", p[i])) {
		i++;
	}
	if (i > 0 && i <= 32) {
		*w = p;
		*n = (int)i;
	}
}

/* A block that says it is shell and does not lex: a warning, left alone. */
static int unlexed(struct scan *s, const struct md_state *st)
{
	for (size_t i = 0; i < st->m.ntexts; i++) {
		const struct md_text *t = &st->m.texts[i];
		if (t->lexed || !t->error ||
		    !markdown_text_claims_shell(&st->m, t)) {
			continue;
		}
		const char *w;
		int n;
		lang_word(&st->src, &st->m.view.units[t->unit], &w, &n);
		if (diags_add(&s->diags, DIAG_WARNING, t->error->line,
			      t->error->col,
			      "this %.*s code block cannot be read as shell "
			      "(%s); its commands are left alone",
			      n, w, t->error->msg) < 0) {
			return -1;
		}
	}
	return 0;
}

static int md_scan(struct scan *s, const char *data, size_t len,
		   const struct frontend_opts *o)
{
	struct md_state *st = calloc(1, sizeof(*st));
	if (!st) {
		errno = ENOMEM;
		return -1;
	}
	s->state = st;
	source_init(&st->src, data, len);
	markdown_init(&st->m);
	/* md4c reads NUL bytes as U+FFFD, which no segment can show */
	const char *nul = memchr(data, '\0', len);
	if (nul || len >= UINT32_MAX) {
		unsigned line = 0, col = 0;
		if (nul && source_pos(&st->src, (size_t)(nul - data), &line,
				      &col) < 0) {
			return -1;
		}
		diags_add(&s->diags, DIAG_ERROR, line, col,
			  nul ? "binary file (a NUL byte), not Markdown"
			      : "file too large (4 GiB or more)");
		return -1;
	}
	struct shellcmd_opts so = {
		.binds = o->binds,
		.nbinds = o->nbinds,
		.fix_explicit = o->fix_explicit,
		.allow_ports = o->allow_ports,
		.nallow_ports = o->nallow_ports,
	};
	if (markdown_scan(&st->m, &st->src, &so) < 0 || unlexed(s, st) < 0) {
		return -1;
	}
	return shell_findings(s, &st->m.sc, o);
}

/* The bytes the proof's thread built, when they are the driver's. */
static int md_take_new(struct scan *s, const struct edit *e, size_t n,
		       struct buf *out)
{
	struct md_state *st = s->state;
	return markdown_take(&st->m, e, n, out);
}

static bool md_verify(const struct scan *s, const char *new, size_t len,
		      struct diags *d)
{
	struct md_state *st = s->state;
	return markdown_verify(&st->m, new, len, d) == 1;
}

static void md_release(struct scan *s)
{
	struct md_state *st = s->state;
	if (!st) {
		return;
	}
	markdown_release(&st->m);
	source_release(&st->src);
	free(st);
	s->state = NULL;
}

const struct frontend markdown_frontend = {
	.name = "markdown",
	.context = "command",
	.claims = md_claims,
	.scan = md_scan,
	.take_new = md_take_new,
	.verify = md_verify,
	.release = md_release,
};
