/* memmem(3) */
#define _GNU_SOURCE

#include "shellcmd.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eol.h"
#include "portspec.h"
#include "shflags.h"
#include "shlex.h"

/* A planned change of one word, for the verifier. */
struct shellcmd_expect {
	size_t text;
	size_t chunk;
	size_t tok;	  /* the old word holding the value */
	size_t chunk_off; /* the chunk's logical bytes in the old text */
	size_t chunk_end;
	size_t toks, ntoks; /* the chunk's tokens: shellcmd.toks[toks..] */
	size_t canon; /* its expected canonical form: expect_text[canon..] */
	size_t canon_len;
	size_t copy; /* the copied value word's form, when has_copy */
	size_t copy_len;
	bool has_copy; /* "-p COPY" follows the word */
};

/* A token of the old text as the analysis lexed it: struct shlex_tok
 * without its pieces, as the verifier compares the new token's bytes with
 * these; but for a word that holds a command substitution, whose bytes
 * change with the planned words inside it, what it reads as is kept
 * instead (has_canon: expect_text[off .. end)). */
struct shellcmd_tok {
	uint8_t type, op, flags;
	bool has_canon;
	uint32_t off, end;
};

struct ignore {
	unsigned line;
	bool alone; /* the comment is alone on its line */
};

/* Where a value starts: a word, and a position inside its pieces. */
struct val {
	size_t tok;   /* chunk token index */
	size_t piece; /* absolute piece index */
	size_t po;    /* byte offset inside that piece (SHLEX_LIT only) */
};

/* What was found out about the command being read. */
struct cmdinfo {
	const char *label;
	size_t name_tok;
	bool suppressed;
};

struct ctx {
	struct shellcmd *sc;
	const struct shellcmd_input *in;
	const struct shellcmd_opts *opts;
	struct shlex lx;
	struct shlex_chunk c;
	size_t chunk;
	size_t chunk_off; /* the chunk's logical bytes */
	size_t chunk_end;
	size_t chunk_toks; /* where its tokens are in sc->toks, or SIZE_MAX */
	size_t text;
	size_t e0;	 /* sc's edits before this text: they hold pointers */
	uint32_t *words; /* the words of the commands being read */
	size_t nwords;
	size_t wcap;
	size_t *levels; /* per substitution level: its first word */
	size_t nlevels;
	size_t lcap;
	struct ignore *ign;
	size_t nign;
	size_t igncap;
	size_t mention; /* next_mention()'s last answer, or SIZE_MAX */
	size_t *jstart; /* per piece of the value: its offset in judge */
	size_t *dstart; /* and in disp */
	size_t jcap;
	size_t dcap;
	struct buf judge; /* the value as portspec reads it */
	struct buf disp;  /* the value as reports show it */
	/* plan_fix()'s scratch: kept from value to value, as a large
	 * script has thousands */
	struct buf ins, canon, copy;
};

/* What one analysis or verification hands the next (see struct shellcmd):
 * arrays with their capacity, emptied, not freed. */
struct shellcmd_keep {
	struct shlex_chunk c, vc;
	uint32_t *words;
	size_t wcap;
	size_t *levels;
	size_t lcap;
	struct ignore *ign;
	size_t igncap;
	size_t *jstart, *dstart;
	size_t jcap, dcap;
	struct buf judge, disp, ins, canon, copy, vb;
};

static struct shellcmd_keep *keep_of(const struct shellcmd *sc)
{
	return sc->keep;
}

static void keep_free(struct shellcmd_keep *k)
{
	if (!k) {
		return;
	}
	shlex_chunk_release(&k->c);
	shlex_chunk_release(&k->vc);
	free(k->words);
	free(k->levels);
	free(k->ign);
	free(k->jstart);
	free(k->dstart);
	buf_release(&k->judge);
	buf_release(&k->disp);
	buf_release(&k->ins);
	buf_release(&k->canon);
	buf_release(&k->copy);
	buf_release(&k->vb);
	free(k);
}

/* The keep, made on first use (calloc: empty chunks and buffers). */
static struct shellcmd_keep *keep_get(struct shellcmd *sc)
{
	if (!sc->keep) {
		sc->keep = calloc(1, sizeof(*sc->keep));
		if (!sc->keep) {
			errno = ENOMEM;
		}
	}
	return sc->keep;
}

static const char *const default_bind = "127.0.0.1";

static const char *const kind_names[SHELLCMD_KIND_COUNT] = {
	[SHELLCMD_BOUND] = "bound",
	[SHELLCMD_UNBOUND] = "unbound",
	[SHELLCMD_CONTAINER_ONLY] = "container-only",
	[SHELLCMD_EXPLICIT_WILDCARD] = "explicit-wildcard",
	[SHELLCMD_VARIABLE] = "variable",
	[SHELLCMD_UNDECIDABLE] = "undecidable",
	[SHELLCMD_INVALID] = "invalid",
	[SHELLCMD_SUPPRESSED] = "suppressed",
	[SHELLCMD_ALLOWED] = "allowed",
	[SHELLCMD_PUBLISH_ALL] = "publish-all",
	[SHELLCMD_SWARM] = "swarm",
};

const char *shellcmd_kind_name(enum shellcmd_kind kind)
{
	if ((unsigned)kind < SHELLCMD_KIND_COUNT) {
		return kind_names[kind];
	}
	return "unknown";
}

bool shellcmd_mentions(const char *data, size_t len)
{
	return memmem(data, len, "docker", 6) ||
	       memmem(data, len, "podman", 6) ||
	       memmem(data, len, "nerdctl", 7);
}

void shellcmd_init(struct shellcmd *sc)
{
	memset(sc, 0, sizeof(*sc));
	buf_init(&sc->text);
	buf_init(&sc->expect_text);
}

void shellcmd_release(struct shellcmd *sc)
{
	if (!sc) {
		return;
	}
	for (size_t i = 0; i < sc->nblocks; i++) {
		free(sc->blocks[i]);
	}
	free(sc->blocks);
	free(sc->v);
	free(sc->edits);
	buf_release(&sc->text);
	free(sc->expect);
	buf_release(&sc->expect_text);
	free(sc->toks);
	for (size_t i = 0; i < sc->nvars; i++) {
		free(sc->vars[i]);
	}
	free(sc->vars);
	keep_free(sc->keep);
	shellcmd_init(sc);
}

/* ---- words ---- */

static const struct shlex_tok *tok_at(const struct ctx *x, size_t t)
{
	return &x->c.toks[t];
}

/*
 * The word's literal head after quote removal, up to its first expansion,
 * in buf (at most cap - 1 bytes, NUL-terminated). *whole tells whether
 * that is the whole word. Returns the head's length, or SIZE_MAX when it
 * did not fit.
 */
static size_t word_head(const struct ctx *x, size_t t, char *buf, size_t cap,
			bool *whole)
{
	const struct shlex_tok *w = tok_at(x, t);
	size_t n = 0;
	*whole = true;
	for (uint32_t k = 0; k < w->npieces; k++) {
		const struct shlex_piece *p = &x->c.pieces[w->piece + k];
		if (p->kind == SHLEX_LIT) {
			size_t len = p->end - p->off;
			if (n + len >= cap) {
				return SIZE_MAX;
			}
			memcpy(buf + n, x->lx.text + p->off, len);
			n += len;
		} else if (p->kind == SHLEX_ESC) {
			if (n + 1 >= cap) {
				return SIZE_MAX;
			}
			buf[n++] = (char)p->ch;
		} else {
			*whole = false;
			break;
		}
	}
	buf[n] = '\0';
	return n;
}

/* The literal word (NULL when it has an expansion or is too long). */
static const char *word_lit(const struct ctx *x, size_t t, char *buf,
			    size_t cap)
{
	bool whole;
	size_t n = word_head(x, t, buf, cap, &whole);
	return n != SIZE_MAX && whole ? buf : NULL;
}

/* The value that starts at byte k of the word's literal head. */
static struct val val_at(const struct ctx *x, size_t t, size_t k)
{
	const struct shlex_tok *w = tok_at(x, t);
	struct val v = { t, w->piece + w->npieces, 0 };
	for (uint32_t i = 0; i < w->npieces; i++) {
		const struct shlex_piece *p = &x->c.pieces[w->piece + i];
		size_t len = p->kind == SHLEX_LIT   ? p->end - p->off
			     : p->kind == SHLEX_ESC ? 1
						    : 0;
		if (k < len || (len == 0 && k == 0)) {
			v.piece = w->piece + i;
			v.po = p->kind == SHLEX_LIT ? k : 0;
			return v;
		}
		k -= len;
	}
	return v;
}

static struct val val_word(const struct ctx *x, size_t t)
{
	struct val v = { t, tok_at(x, t)->piece, 0 };
	return v;
}

static size_t val_end_piece(const struct ctx *x, const struct val *v)
{
	const struct shlex_tok *w = tok_at(x, v->tok);
	return w->piece + w->npieces;
}

static bool is_sub_piece(uint8_t kind)
{
	return kind == SHLEX_CMDSUB || kind == SHLEX_BACKQ ||
	       kind == SHLEX_PROCSUB;
}

/*
 * An expansion's text as portspec reads interpolations: a shell parameter
 * "$NAME" or "${NAME...}" as written (make's "$$" undone), anything else
 * as an opaque "${_}" (a command substitution, make's $(VAR), "$1").
 */
static int judge_expansion(struct ctx *x, const struct shlex_piece *p)
{
	struct buf *j = &x->judge;
	size_t at = j->len;
	if (p->kind == SHLEX_PARAM) {
		for (size_t i = p->off; i < p->end; i++) {
			char ch = x->lx.text[i];
			if (x->lx.dialect == SHELLCMD_MAKE && ch == '$' &&
			    i + 1 < p->end && x->lx.text[i + 1] == '$') {
				i++;
			}
			if (buf_addc(j, ch) < 0) {
				return -1;
			}
		}
		size_t n = j->len - at;
		if (n >= 2 && j->data[at + 1] != '$' &&
		    portspec_interp_len(j->data + at, n) == n) {
			return 0;
		}
		buf_truncate(j, at);
	}
	return buf_adds(j, "${_}");
}

/* Builds x->judge, x->disp and x->jstart for the value v. */
static int judge_build(struct ctx *x, const struct val *v)
{
	size_t end = val_end_piece(x, v);
	buf_truncate(&x->judge, 0);
	buf_truncate(&x->disp, 0);
	if (buf_adds(&x->judge, "") < 0 || buf_adds(&x->disp, "") < 0) {
		return -1;
	}
	for (size_t k = v->piece; k < end; k++) {
		const struct shlex_piece *p = &x->c.pieces[k];
		size_t i = k - v->piece;
		if (array_grow((void **)&x->jstart, &x->jcap, i,
			       sizeof(*x->jstart)) < 0) {
			return -1;
		}
		if (array_grow((void **)&x->dstart, &x->dcap, i,
			       sizeof(*x->dstart)) < 0) {
			return -1;
		}
		x->jstart[i] = x->judge.len;
		x->dstart[i] = x->disp.len;
		int rc = 0;
		if (p->kind == SHLEX_LIT || p->kind == SHLEX_ESC) {
			const char *s = p->kind == SHLEX_LIT
						? x->lx.text + p->off
						: (const char *)&p->ch;
			size_t len = p->kind == SHLEX_LIT ? p->end - p->off : 1;
			if (k == v->piece && p->kind == SHLEX_LIT) {
				s += v->po;
				len -= v->po;
			}
			/* A literal "$" is "$$" to portspec. */
			for (size_t b = 0; b < len && rc == 0;) {
				const char *d = memchr(s + b, '$', len - b);
				size_t n =
					d ? (size_t)(d - s) - b + 1 : len - b;
				rc = buf_add(&x->judge, s + b, n);
				if (rc == 0 && d) {
					rc = buf_addc(&x->judge, '$');
				}
				b += n;
			}
			if (rc == 0) {
				rc = buf_add(&x->disp, s, len);
			}
		} else {
			rc = judge_expansion(x, p);
			if (rc == 0) {
				rc = buf_add(&x->disp, x->lx.text + p->off,
					     p->end - p->off);
			}
		}
		if (rc < 0) {
			return -1;
		}
	}
	return 0;
}

/* ---- planning ---- */

#define STR_BLOCK 65536 /* bytes of a block of findings' strings */

/* b's bytes as a string of sc's (in its blocks), or NULL on ENOMEM. */
static char *dup_buf(struct shellcmd *sc, const struct buf *b)
{
	size_t need = b->len + 1;
	if (sc->nblocks == 0 || sc->block_size - sc->block_used < need) {
		size_t size = need > STR_BLOCK ? need : STR_BLOCK;
		char *block = malloc(size);
		if (!block ||
		    array_grow((void **)&sc->blocks, &sc->blocks_cap,
			       sc->nblocks, sizeof(*sc->blocks)) < 0) {
			free(block);
			errno = ENOMEM;
			return NULL;
		}
		sc->blocks[sc->nblocks++] = block;
		sc->block_size = size;
		sc->block_used = 0;
	}
	char *s = sc->blocks[sc->nblocks - 1] + sc->block_used;
	sc->block_used += need;
	memcpy(s, b->data ? b->data : "", b->len);
	s[b->len] = '\0';
	return s;
}

static struct shellcmd_finding *finding_add(struct ctx *x)
{
	struct shellcmd *sc = x->sc;
	if (array_grow((void **)&sc->v, &sc->cap, sc->n, sizeof(*sc->v)) < 0) {
		return NULL;
	}
	struct shellcmd_finding *f = &sc->v[sc->n++];
	memset(f, 0, sizeof(*f));
	f->first_edit = sc->nedits;
	return f;
}

/*
 * The edits of earlier texts point into sc->text: offsets while it moves.
 * Only when it moves, so that many texts analysed into one sc (a Markdown
 * file's blocks) cost no more than one long text.
 */
static int text_room(struct ctx *x, size_t n)
{
	struct shellcmd *sc = x->sc;
	if (n < sc->text.cap - sc->text.len) {
		return 0;
	}
	for (size_t i = 0; i < x->e0; i++) {
		sc->edits[i].ins = (const char *)(uintptr_t)(sc->edits[i].ins -
							     sc->text.data);
	}
	int rc = buf_grow(&sc->text, n);
	for (size_t i = 0; i < x->e0; i++) {
		sc->edits[i].ins = sc->text.data + (uintptr_t)sc->edits[i].ins;
	}
	return rc;
}

/* This text's edits hold offsets into sc->text until the end of its
 * analysis. */
static int edit_add(struct ctx *x, size_t off, size_t del, const char *ins,
		    size_t ins_len)
{
	struct shellcmd *sc = x->sc;
	if (array_grow((void **)&sc->edits, &sc->edits_cap, sc->nedits,
		       sizeof(*sc->edits)) < 0) {
		return -1;
	}
	size_t at = sc->text.len;
	if (text_room(x, ins_len) < 0 || buf_add(&sc->text, ins, ins_len) < 0) {
		return -1;
	}
	sc->edits[sc->nedits++] =
		(struct edit){ off, del, (const char *)(uintptr_t)at, ins_len };
	return 0;
}

/* The original offset just past logical offset end - 1. */
static size_t orig_end(const struct ctx *x, size_t end)
{
	return end == 0 ? shlex_orig(&x->lx, 0)
			: shlex_orig(&x->lx, end - 1) + 1;
}

/* How one address goes into a value: a splice inside its pieces. */
struct splice {
	size_t piece; /* absolute piece index where the text goes */
	size_t po;    /* offset inside it (SHLEX_LIT), else 0 */
	size_t del;   /* bytes of that piece replaced */
	char text[72];
	size_t len;
	bool wrap;	 /* the whole value gets double quotes around it */
	bool quote_text; /* the text goes in double quotes of its own */
};

/*
 * Maps portspec's fix (offsets into x->judge) to a splice of the value's
 * pieces. Returns false when the fix does not fall on bytes a splice can
 * change safely (*why says so).
 */
static bool splice_plan(struct ctx *x, const struct val *v,
			const struct portspec_fix *pf, struct splice *sp,
			const char **why)
{
	size_t end = val_end_piece(x, v);
	size_t n = end - v->piece;
	size_t k = 0;
	while (k + 1 < n && x->jstart[k + 1] <= pf->off) {
		k++;
	}
	if (n == 0) {
		*why = "the value is empty";
		return false;
	}
	const struct shlex_piece *p = &x->c.pieces[v->piece + k];
	size_t rel = pf->off - x->jstart[k];
	memset(sp, 0, sizeof(*sp));
	sp->piece = v->piece + k;
	if (pf->del > 0 || rel > 0) {
		/* A replaced address must be literal bytes of one piece that
		 * read as they are written. */
		size_t base = k == 0 ? v->po : 0;
		if (p->kind != SHLEX_LIT ||
		    base + rel + pf->del > (size_t)(p->end - p->off) ||
		    memcmp(x->lx.text + p->off + base + rel,
			   x->judge.data + pf->off, pf->del) != 0) {
			*why = "the address is not written as plain text";
			return false;
		}
		sp->po = base + rel;
	} else {
		sp->po = k == 0 ? v->po : 0;
	}
	sp->del = pf->del;
	if (pf->len >= sizeof(sp->text)) {
		*why = "the address is too long";
		return false;
	}
	memcpy(sp->text, pf->text, pf->len);
	sp->len = pf->len;
	if (p->quote == SHLEX_Q_NONE && memchr(pf->text, '[', pf->len)) {
		/* "[::1]:80:80" unquoted would be a glob to the shell. */
		if (n == 1 && p->kind == SHLEX_LIT && sp->po == v->po) {
			sp->wrap = true;
		} else {
			sp->quote_text = true;
		}
	}
	return true;
}

/* The text a splice inserts (its quotes included). */
static int splice_text(const struct splice *sp, struct buf *out)
{
	if (sp->wrap || sp->quote_text) {
		if (buf_addc(out, '"') < 0) {
			return -1;
		}
	}
	if (buf_add(out, sp->text, sp->len) < 0) {
		return -1;
	}
	if (sp->quote_text) {
		return buf_addc(out, '"');
	}
	return 0;
}

/* Logical offset of the splice point. */
static size_t splice_at(const struct ctx *x, const struct splice *sp)
{
	const struct shlex_piece *p = &x->c.pieces[sp->piece];
	return p->kind == SHLEX_LIT ? p->off + sp->po : p->off;
}

/* Canonical form of pieces [from, end) of the value, with sp applied. */
static int canon_spliced(struct ctx *x, size_t from, size_t po, size_t end,
			 const struct splice *sp, struct buf *out)
{
	for (size_t k = from; k < end; k++) {
		const struct shlex_piece *p = &x->c.pieces[k];
		size_t a = k == from ? po : 0;
		if (k != sp->piece) {
			if (shlex_canon_piece(&x->lx, p, a, SIZE_MAX, out) <
			    0) {
				return -1;
			}
			continue;
		}
		if (p->kind == SHLEX_LIT) {
			if (shlex_canon_piece(&x->lx, p, a, sp->po, out) < 0 ||
			    shlex_canon_lit(sp->text, sp->len, out) < 0 ||
			    shlex_canon_piece(&x->lx, p, sp->po + sp->del,
					      SIZE_MAX, out) < 0) {
				return -1;
			}
		} else if (shlex_canon_lit(sp->text, sp->len, out) < 0 ||
			   shlex_canon_piece(&x->lx, p, 0, SIZE_MAX, out) < 0) {
			return -1;
		}
	}
	return 0;
}

/* The source start of the value v (its opening quote, if any). */
static size_t val_src_start(const struct ctx *x, const struct val *v)
{
	const struct shlex_tok *w = tok_at(x, v->tok);
	const struct shlex_piece *p = &x->c.pieces[v->piece];
	if (v->piece >= w->piece + w->npieces) {
		return w->end;
	}
	if (v->po > 0) {
		return p->off + v->po;
	}
	if (v->piece == w->piece) {
		return w->off;
	}
	return x->c.pieces[v->piece - 1].end;
}

static bool allowed_port(const struct ctx *x, const struct portspec *ps)
{
	const struct shellcmd_opts *o = x->opts;
	unsigned lo, hi;
	if (!ps->has_host || ps->host.len == 0 ||
	    !portspec_range(x->judge.data + ps->host.off, ps->host.len, &lo,
			    &hi)) {
		return false;
	}
	/* a range stays public only when every port of it is allowed */
	for (unsigned long p = lo; p <= hi; p++) {
		bool listed = false;
		for (size_t k = 0; !listed && k < o->nallow_ports; k++) {
			listed = o->allow_ports[k] == p;
		}
		if (!listed) {
			return false;
		}
	}
	return true;
}

static enum shellcmd_kind kind_of(const struct portspec *ps)
{
	switch (ps->kind) {
	case PORTSPEC_CONTAINER_ONLY:
		return SHELLCMD_CONTAINER_ONLY;
	case PORTSPEC_UNBOUND:
	case PORTSPEC_EMPTY_IP:
		return SHELLCMD_UNBOUND;
	case PORTSPEC_BOUND:
		return SHELLCMD_BOUND;
	case PORTSPEC_WILDCARD:
		return SHELLCMD_EXPLICIT_WILDCARD;
	case PORTSPEC_VARIABLE_IP:
		return SHELLCMD_VARIABLE;
	case PORTSPEC_UNDECIDABLE:
		return SHELLCMD_UNDECIDABLE;
	case PORTSPEC_INVALID:
		break;
	}
	return SHELLCMD_INVALID;
}

/* Whether word t holds a command or process substitution. */
static bool holds_sub(const struct shlex_chunk *c, const struct shlex_tok *t)
{
	for (uint32_t k = 0; k < t->npieces; k++) {
		uint8_t kind = c->pieces[t->piece + k].kind;
		if (kind == SHLEX_CMDSUB || kind == SHLEX_BACKQ ||
		    kind == SHLEX_PROCSUB) {
			return true;
		}
	}
	return false;
}

static int expect_add(struct ctx *x, const struct val *v, struct buf *canon,
		      struct buf *copy)
{
	struct shellcmd *sc = x->sc;
	if (array_grow((void **)&sc->expect, &sc->expect_cap, sc->nexpect,
		       sizeof(*sc->expect)) < 0) {
		return -1;
	}
	if (x->chunk_toks == SIZE_MAX) {
		/* the chunk's first planned change: its tokens, once */
		if (array_reserve((void **)&sc->toks, &sc->toks_cap,
				  sc->ntoks + x->c.n, sizeof(*sc->toks)) < 0) {
			return -1;
		}
		x->chunk_toks = sc->ntoks;
		for (size_t i = 0; i < x->c.n; i++) {
			const struct shlex_tok *t = &x->c.toks[i];
			struct shellcmd_tok *k = &sc->toks[sc->ntoks++];
			*k = (struct shellcmd_tok){ .type = t->type,
						    .op = t->op,
						    .flags = t->flags,
						    .off = t->off,
						    .end = t->end };
			if (t->type == SHLEX_WORD && holds_sub(&x->c, t)) {
				size_t at = sc->expect_text.len;
				if (shlex_canon(&x->lx, &x->c, t,
						&sc->expect_text) < 0) {
					return -1;
				}
				if (sc->expect_text.len >= UINT32_MAX) {
					errno = EOVERFLOW;
					return -1;
				}
				k->has_canon = true;
				k->off = (uint32_t)at;
				k->end = (uint32_t)sc->expect_text.len;
			}
		}
	}
	struct shellcmd_expect *e = &sc->expect[sc->nexpect];
	memset(e, 0, sizeof(*e));
	e->text = x->text;
	e->chunk = x->chunk;
	e->chunk_off = x->chunk_off;
	e->chunk_end = x->chunk_end;
	e->toks = x->chunk_toks;
	e->ntoks = x->c.n;
	e->tok = v->tok;
	e->canon = sc->expect_text.len;
	e->canon_len = canon->len;
	if (buf_add(&sc->expect_text, canon->data ? canon->data : "",
		    canon->len) < 0) {
		return -1;
	}
	if (copy) {
		e->has_copy = true;
		e->copy = sc->expect_text.len;
		e->copy_len = copy->len;
		if (buf_add(&sc->expect_text, copy->data ? copy->data : "",
			    copy->len) < 0) {
			return -1;
		}
	}
	if (!sc->expect_text.data && buf_adds(&sc->expect_text, "") < 0) {
		return -1;
	}
	sc->nexpect++;
	return 0;
}

/*
 * Plans the fix of the value v (already judged into x->judge, parsed as
 * ps) for every bind address. Sets f->fixed, or f->why when no safe
 * splice exists. Returns 0, or -1 on ENOMEM.
 */
static int plan_fix(struct ctx *x, struct shellcmd_finding *f,
		    const struct val *v, const struct portspec *ps)
{
	const struct shellcmd_opts *o = x->opts;
	const char *const *binds = o->nbinds ? o->binds : &default_bind;
	size_t nbinds = o->nbinds ? o->nbinds : 1;
	struct splice sp[2];
	struct portspec_fix pf;
	const char *why = NULL;
	size_t end = val_end_piece(x, v);
	const struct shlex_tok *w = tok_at(x, v->tok);

	if (nbinds > 2) {
		nbinds = 2;
	}
	for (size_t b = 0; b < nbinds; b++) {
		if (!portspec_fix(ps, x->judge.data, binds[b], o->fix_explicit,
				  &pf)) {
			if (b == 0) {
				return 0; /* nothing to change */
			}
			f->why = "the second address cannot be applied";
			return 0;
		}
		if (!splice_plan(x, v, &pf, &sp[b], &why)) {
			f->why = why;
			return 0;
		}
	}
	size_t vstart = val_src_start(x, v);
	if (nbinds == 2) {
		for (size_t k = v->piece; k < end; k++) {
			if (is_sub_piece(x->c.pieces[k].kind)) {
				f->why = "a second -p cannot copy a command "
					 "substitution";
				return 0;
			}
		}
		if (!shlex_contiguous(&x->lx, vstart, w->end) ||
		    memchr(x->lx.text + vstart, '\n', w->end - vstart)) {
			f->why = "the value spans lines";
			return 0;
		}
	}

	struct buf *ins = &x->ins, *canon = &x->canon, *copy = &x->copy;
	buf_truncate(ins, 0);
	buf_truncate(canon, 0);
	buf_truncate(copy, 0);

	/* The value itself, for the first address. */
	if (splice_text(&sp[0], ins) < 0 ||
	    edit_add(x, shlex_orig(&x->lx, splice_at(x, &sp[0])), sp[0].del,
		     ins->data, ins->len) < 0) {
		return -1;
	}
	if (sp[0].wrap && edit_add(x, orig_end(x, w->end), 0, "\"", 1) < 0) {
		return -1;
	}
	if (canon_spliced(x, w->piece, 0, end, &sp[0], canon) < 0) {
		return -1;
	}
	/* The copy for the second: " -p VALUE" right after the word. */
	if (nbinds == 2) {
		size_t at = splice_at(x, &sp[1]);
		buf_truncate(ins, 0);
		if (buf_adds(ins, " -p ") < 0 ||
		    buf_add(ins, x->lx.text + vstart, at - vstart) < 0 ||
		    splice_text(&sp[1], ins) < 0 ||
		    buf_add(ins, x->lx.text + at + sp[1].del,
			    w->end - at - sp[1].del) < 0 ||
		    (sp[1].wrap && buf_addc(ins, '"') < 0) ||
		    edit_add(x, orig_end(x, w->end), 0, ins->data, ins->len) <
			    0) {
			return -1;
		}
		if (canon_spliced(x, v->piece, v->po, end, &sp[1], copy) < 0 ||
		    (!copy->data && buf_adds(copy, "") < 0)) {
			return -1;
		}
	}
	if (!canon->data && buf_adds(canon, "") < 0) {
		return -1;
	}
	if (expect_add(x, v, canon, nbinds == 2 ? copy : NULL) < 0) {
		return -1;
	}
	/* The value as it reads after the fix, for reports. */
	{
		size_t k = sp[0].piece - v->piece;
		size_t at =
			x->dstart[k] + (k == 0 ? sp[0].po - v->po : sp[0].po);
		buf_truncate(ins, 0);
		if (buf_add(ins, x->disp.data, at) < 0 ||
		    buf_add(ins, sp[0].text, sp[0].len) < 0 ||
		    buf_add(ins, x->disp.data + at + sp[0].del,
			    x->disp.len - at - sp[0].del) < 0) {
			return -1;
		}
		f->fixed = dup_buf(x->sc, ins);
		if (!f->fixed) {
			return -1;
		}
		if (nbinds == 2) {
			at = x->dstart[sp[1].piece - v->piece] +
			     (sp[1].piece == v->piece ? sp[1].po - v->po
						      : sp[1].po);
			buf_truncate(ins, 0);
			if (buf_add(ins, x->disp.data, at) < 0 ||
			    buf_add(ins, sp[1].text, sp[1].len) < 0 ||
			    buf_add(ins, x->disp.data + at + sp[1].del,
				    x->disp.len - at - sp[1].del) < 0) {
				return -1;
			}
			f->fixed_copy = dup_buf(x->sc, ins);
			if (!f->fixed_copy) {
				return -1;
			}
		}
	}
	return 0;
}

/* ---- findings ---- */

/* Position of a logical offset in the original file. */
static int pos_of(struct ctx *x, size_t loff, size_t *off, unsigned *line,
		  unsigned *col)
{
	*off = shlex_orig(&x->lx, loff);
	return source_pos(x->in->src, *off, line, col);
}

/*
 * One publishing option starting at opt_off, v its value (for -P, the
 * option word). Judges it and plans its fix.
 */
static int publish(struct ctx *x, const struct cmdinfo *ci, size_t opt_off,
		   const struct val *v, enum shellcmd_kind forced)
{
	struct shellcmd_finding *f = finding_add(x);
	struct portspec ps;
	if (!f) {
		return -1;
	}
	f->command = ci->label;
	f->cmd_off = shlex_orig(&x->lx, tok_at(x, ci->name_tok)->off);
	f->off = shlex_orig(&x->lx, opt_off);
	const struct shlex_tok *w = tok_at(x, v->tok);
	f->value_off = shlex_orig(&x->lx, val_src_start(x, v));
	f->value_end = orig_end(x, w->end);
	if (judge_build(x, v) < 0) {
		return -1;
	}
	f->value = dup_buf(x->sc, &x->disp);
	if (!f->value) {
		return -1;
	}
	if (forced == SHELLCMD_PUBLISH_ALL) {
		/* The value is the option word itself ("-P", "-dP"). */
		f->kind = ci->suppressed ? SHELLCMD_SUPPRESSED : forced;
		return 0;
	}
	if (forced == SHELLCMD_SWARM) {
		f->kind = ci->suppressed ? SHELLCMD_SUPPRESSED : SHELLCMD_SWARM;
		return 0;
	}
	if (memchr(x->judge.data, '=', x->judge.len)) {
		/* "published=8080,target=80": docker run turns it into
		 * "8080:80/tcp", which has no address to splice into. */
		f->kind = SHELLCMD_UNBOUND;
		f->why = "the name=value form cannot carry a host address; "
			 "write it as 127.0.0.1:PUBLISHED:TARGET";
		if (ci->suppressed) {
			f->kind = SHELLCMD_SUPPRESSED;
		}
		return 0;
	}
	portspec_parse(x->judge.data, x->judge.len, &ps);
	f->kind = kind_of(&ps);
	if (f->kind == SHELLCMD_INVALID) {
		f->why = ps.why;
	}
	if (f->kind == SHELLCMD_BOUND || f->kind == SHELLCMD_INVALID) {
		return 0;
	}
	if (ci->suppressed || x->opts->suppress_all) {
		f->kind = SHELLCMD_SUPPRESSED;
		return 0;
	}
	if (allowed_port(x, &ps)) {
		f->kind = SHELLCMD_ALLOWED;
		return 0;
	}
	for (size_t i = 0; i < x->opts->nleave; i++) {
		if (x->opts->leave[i] == f->off) {
			f->left = true;
			return 0;
		}
	}
	size_t first = x->sc->nedits;
	if (plan_fix(x, f, v, &ps) < 0) {
		return -1;
	}
	f->first_edit = first;
	f->nedits = x->sc->nedits - first;
	return 0;
}

/* ---- commands ---- */

static bool name_is(const char *s, const char *name)
{
	return s && strcmp(s, name) == 0;
}

static const char *base_name(const char *s)
{
	const char *slash = s ? strrchr(s, '/') : NULL;
	return slash ? slash + 1 : s;
}

static bool mentions_cli(const char *s, size_t len)
{
	static const char *const clis[] = { "docker", "podman", "nerdctl" };
	for (size_t k = 0; k < 3; k++) {
		size_t n = strlen(clis[k]);
		for (size_t i = 0; i + n <= len; i++) {
			if (strncasecmp(s + i, clis[k], n) == 0) {
				return true;
			}
		}
	}
	return false;
}

/* "NAME=" at the head of the word: the length of NAME, else 0. */
static size_t assignment(const struct ctx *x, size_t t)
{
	const struct shlex_tok *w = tok_at(x, t);
	if (w->npieces == 0) {
		return 0;
	}
	const struct shlex_piece *p = &x->c.pieces[w->piece];
	if (p->kind != SHLEX_LIT || p->quote != SHLEX_Q_NONE) {
		return 0;
	}
	const char *s = x->lx.text + p->off;
	size_t len = p->end - p->off, i = 0;
	if (len == 0 || !((s[0] >= 'A' && s[0] <= 'Z') ||
			  (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_')) {
		return 0;
	}
	while (i < len &&
	       ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		s[i] == '_' || (s[i] >= '0' && s[i] <= '9'))) {
		i++;
	}
	if (i < len &&
	    (s[i] == '=' || (s[i] == '+' && i + 1 < len && s[i + 1] == '='))) {
		return i;
	}
	return 0;
}

/* Remembers NAME when NAME=VALUE names a container CLI. */
static int note_var(struct ctx *x, size_t t, size_t namelen)
{
	const struct shlex_tok *w = tok_at(x, t);
	const char *s = x->lx.text + w->off;
	struct shellcmd *sc = x->sc;
	if (!mentions_cli(s + namelen, w->end - w->off - namelen)) {
		return 0;
	}
	for (size_t i = 0; i < sc->nvars; i++) {
		if (strlen(sc->vars[i]) == namelen &&
		    memcmp(sc->vars[i], s, namelen) == 0) {
			return 0;
		}
	}
	if (array_grow((void **)&sc->vars, &sc->vars_cap, sc->nvars,
		       sizeof(*sc->vars)) < 0) {
		return -1;
	}
	sc->vars[sc->nvars] = strndup(s, namelen);
	if (!sc->vars[sc->nvars]) {
		errno = ENOMEM;
		return -1;
	}
	sc->nvars++;
	return 0;
}

enum engine {
	ENGINE_NONE,
	ENGINE_DOCKER,
	ENGINE_PODMAN,
	ENGINE_NERDCTL,
	ENGINE_DOCKER_COMPOSE,
	ENGINE_PODMAN_COMPOSE,
};

static enum engine engine_of(const char *name)
{
	if (!name) {
		return ENGINE_NONE;
	}
	/* the last component, without a call per word (most are short and
	 * name no CLI) */
	const char *base = name;
	for (const char *p = name; *p; p++) {
		if (*p == '/') {
			base = p + 1;
		}
	}
	name = base;
	if (name[0] != 'd' && name[0] != 'p' && name[0] != 'n') {
		return ENGINE_NONE; /* most words: no name to compare */
	}
	if (name_is(name, "docker")) {
		return ENGINE_DOCKER;
	}
	if (name_is(name, "podman")) {
		return ENGINE_PODMAN;
	}
	if (name_is(name, "nerdctl")) {
		return ENGINE_NERDCTL;
	}
	if (name_is(name, "docker-compose")) {
		return ENGINE_DOCKER_COMPOSE;
	}
	if (name_is(name, "podman-compose")) {
		return ENGINE_PODMAN_COMPOSE;
	}
	return ENGINE_NONE;
}

/* A word that is one variable holding a container CLI: which one. */
static enum engine engine_var(const struct ctx *x, size_t t)
{
	const struct shlex_tok *w = tok_at(x, t);
	if (w->npieces != 1) {
		return ENGINE_NONE;
	}
	const struct shlex_piece *p = &x->c.pieces[w->piece];
	if (p->kind != SHLEX_PARAM && p->kind != SHLEX_MAKEVAR) {
		return ENGINE_NONE;
	}
	const char *s = x->lx.text + p->off;
	const char *e = x->lx.text + p->end;
	while (s < e && (*s == '$' || *s == '{' || *s == '(')) {
		s++;
	}
	const char *n = s;
	while (s < e && ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
			 *s == '_' || (*s >= '0' && *s <= '9'))) {
		s++;
	}
	size_t len = (size_t)(s - n);
	if (len == 0) {
		return ENGINE_NONE;
	}
	/* "$DOCKER", "${CONTAINER_ENGINE:-docker}", "$(DOCKER_CMD)" */
	bool known = mentions_cli(x->lx.text + p->off, p->end - p->off);
	for (size_t i = 0; !known && i < x->opts->ncli_vars; i++) {
		known = strlen(x->opts->cli_vars[i]) == len &&
			memcmp(x->opts->cli_vars[i], n, len) == 0;
	}
	for (size_t i = 0; !known && i < x->sc->nvars; i++) {
		known = strlen(x->sc->vars[i]) == len &&
			memcmp(x->sc->vars[i], n, len) == 0;
	}
	if (!known) {
		return ENGINE_NONE;
	}
	bool compose = false, podman = false, nerdctl = false;
	const char *r = x->lx.text + p->off;
	size_t rlen = p->end - p->off;
	for (size_t i = 0; i < rlen; i++) {
		size_t left = rlen - i;
		compose |= left >= 7 && strncasecmp(r + i, "compose", 7) == 0;
		podman |= left >= 6 && strncasecmp(r + i, "podman", 6) == 0;
		nerdctl |= left >= 7 && strncasecmp(r + i, "nerdctl", 7) == 0;
	}
	if (compose) {
		return podman ? ENGINE_PODMAN_COMPOSE : ENGINE_DOCKER_COMPOSE;
	}
	return podman	 ? ENGINE_PODMAN
	       : nerdctl ? ENGINE_NERDCTL
			 : ENGINE_DOCKER;
}

/*
 * Skips options of set from words[*i] on, as pflag reads them, up to the
 * first operand (or past "--"). With interspersed operands not allowed,
 * that operand is where the options end.
 */
static void skip_options(const struct ctx *x, const uint32_t *words, size_t n,
			 size_t *i, const struct shflag_set *set)
{
	char buf[256];
	while (*i < n) {
		bool whole;
		size_t len = word_head(x, words[*i], buf, sizeof(buf), &whole);
		if (len == SIZE_MAX || len < 2 || buf[0] != '-') {
			return;
		}
		if (whole && len == 2 && buf[1] == '-') {
			(*i)++;
			return;
		}
		bool next = false;
		if (buf[1] == '-') {
			char *eq = memchr(buf + 2, '=', len - 2);
			size_t nlen = eq ? (size_t)(eq - buf - 2) : len - 2;
			next = !eq && whole &&
			       shflag_long(set, buf + 2, nlen) != SHFLAG_BOOL;
		} else {
			for (size_t j = 1; j < len; j++) {
				enum shflag_arg a = shflag_short(set, buf[j]);
				if (a == SHFLAG_VALUE || a == SHFLAG_PUBLISH) {
					next = j + 1 == len && whole;
					break;
				}
			}
		}
		*i += next ? 2 : 1;
	}
}

/*
 * A word wholly made of expansions, in option position: unquoted (or
 * "$@", "${a[@]}") it may be several options, so reading goes on; quoted
 * it is one word, the image.
 */
static bool maybe_options(const struct ctx *x, size_t t)
{
	const struct shlex_tok *w = tok_at(x, t);
	for (uint32_t k = 0; k < w->npieces; k++) {
		const struct shlex_piece *p = &x->c.pieces[w->piece + k];
		if (p->kind == SHLEX_LIT || p->kind == SHLEX_ESC) {
			return false;
		}
		if (p->quote == SHLEX_Q_NONE) {
			continue;
		}
		const char *s = x->lx.text + p->off;
		size_t len = p->end - p->off;
		if (!(len == 2 && s[1] == '@') &&
		    !(len > 4 && memcmp(s + len - 4, "[@]}", 4) == 0)) {
			return false;
		}
	}
	return w->npieces > 0;
}

/*
 * Reads the run/create options of a command, from words[i] on; *image is
 * the index of the word after them (the image), or n.
 */
static int run_options(struct ctx *x, const struct cmdinfo *ci,
		       const uint32_t *words, size_t n, size_t i,
		       const struct shflag_set *set, bool swarm, size_t *image)
{
	char buf[256];
	*image = n;
	while (i < n) {
		size_t t = words[i];
		const struct shlex_tok *w = tok_at(x, t);
		struct val opt = val_word(x, t);
		bool whole;
		size_t len = word_head(x, t, buf, sizeof(buf), &whole);
		if (len == 0) {
			if (maybe_options(x, t)) {
				i++;
				continue;
			}
			return 0;
		}
		if (len == SIZE_MAX || buf[0] != '-' || (whole && len == 1)) {
			*image = i;
			return 0; /* the image (or the service) */
		}
		if (whole && len == 2 && buf[1] == '-') {
			*image = i + 1;
			return 0;
		}
		if (buf[1] == '-') {
			char *eq = memchr(buf + 2, '=', len - 2);
			size_t nlen = eq ? (size_t)(eq - buf - 2) : len - 2;
			if (!eq && !whole) {
				i++; /* "--$OPT": cannot tell */
				continue;
			}
			enum shflag_arg a = shflag_long(set, buf + 2, nlen);
			if (a == SHFLAG_PUBLISH) {
				struct val v;
				if (eq) {
					v = val_at(x, t,
						   (size_t)(eq - buf) + 1);
				} else if (i + 1 < n) {
					v = val_word(x, words[i + 1]);
				} else {
					return 0;
				}
				if (publish(x, ci, w->off, &v,
					    swarm ? SHELLCMD_SWARM
						  : SHELLCMD_UNBOUND) < 0) {
					return -1;
				}
				i += eq ? 1 : 2;
			} else if (a == SHFLAG_PUBLISH_ALL) {
				if (!eq || strcmp(eq + 1, "true") == 0 ||
				    strcmp(eq + 1, "1") == 0) {
					if (publish(x, ci, w->off, &opt,
						    SHELLCMD_PUBLISH_ALL) < 0) {
						return -1;
					}
				}
				i++;
			} else if (a == SHFLAG_VALUE && !eq) {
				i += 2;
			} else {
				i++;
			}
			continue;
		}
		bool next = false;
		for (size_t j = 1; j < len; j++) {
			enum shflag_arg a = shflag_short(set, buf[j]);
			if (a == SHFLAG_PUBLISH_ALL) {
				if (publish(x, ci, w->off, &opt,
					    SHELLCMD_PUBLISH_ALL) < 0) {
					return -1;
				}
				continue;
			}
			if (a == SHFLAG_BOOL) {
				continue;
			}
			size_t k = j + 1;
			if (k < len && buf[k] == '=') {
				k++;
			}
			bool glued = k < len || !whole;
			if (!glued) {
				next = true;
			}
			if (a == SHFLAG_PUBLISH) {
				struct val v;
				if (glued) {
					v = val_at(x, t, k);
				} else if (i + 1 < n) {
					v = val_word(x, words[i + 1]);
				} else {
					return 0;
				}
				if (publish(x, ci, w->off, &v,
					    swarm ? SHELLCMD_SWARM
						  : SHELLCMD_UNBOUND) < 0) {
					return -1;
				}
			}
			break;
		}
		i += next ? 2 : 1;
	}
	return 0;
}

static const char *label_of(enum engine e, const char *form)
{
	static const char *const labels[][8] = {
		[ENGINE_DOCKER] = { "docker run", "docker create",
				    "docker container run",
				    "docker container create",
				    "docker compose run",
				    "docker service create", NULL, NULL },
		[ENGINE_PODMAN] = { "podman run", "podman create",
				    "podman container run",
				    "podman container create",
				    "podman compose run", NULL,
				    "podman pod create", NULL },
		[ENGINE_NERDCTL] = { "nerdctl run", "nerdctl create",
				     "nerdctl container run",
				     "nerdctl container create",
				     "nerdctl compose run", NULL, NULL, NULL },
		[ENGINE_DOCKER_COMPOSE] = { NULL, NULL, NULL, NULL,
					    "docker-compose run", NULL, NULL,
					    NULL },
		[ENGINE_PODMAN_COMPOSE] = { NULL, NULL, NULL, NULL,
					    "podman-compose run", NULL, NULL,
					    NULL },
	};
	static const char *const forms[] = {
		"run",		 "create",
		"container run", "container create",
		"compose run",	 "service create",
		"pod create"
	};
	for (size_t k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
		if (strcmp(forms[k], form) == 0) {
			return labels[e][k];
		}
	}
	return NULL;
}

static bool reserved(const char *w)
{
	static const char *const words[] = { "if",   "then",  "else",  "elif",
					     "do",   "while", "until", "!",
					     "{",    "fi",    "done",  "}",
					     "esac", "time" };
	if (!w || !strchr("iteldwu!{f}", w[0])) {
		return false;
	}
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
		if (strcmp(w, words[k]) == 0) {
			return true;
		}
	}
	return false;
}

/* Whether an ignore comment covers lines [first, last]. */
static bool ignored(const struct ctx *x, unsigned first, unsigned last)
{
	for (size_t k = x->nign; k-- > 0;) {
		const struct ignore *g = &x->ign[k];
		if (g->line >= first && g->line <= last) {
			return true;
		}
		if (g->alone && g->line + 1 == first) {
			return true;
		}
		if (g->line + 1 < first) {
			break;
		}
	}
	return false;
}

/* One simple command: its words (chunk token indices). */
/*
 * Whether the literal word w may be one of the keywords and prefixes
 * command() looks for (their first letters, of the word or of its base
 * name): a quick no for most command names.
 */
static bool may_be_prefix(const char *w)
{
	static const char first[] = "fscitedwu!{}lrnb";
	return w && (strchr(first, w[0]) || strchr(first, base_name(w)[0]));
}

static int command(struct ctx *x, const uint32_t *words, size_t n)
{
	char buf[256];
	size_t i = 0;
	const char *w;

	/* Reserved words, assignments and the prefixes that run a command. */
	while (i < n) {
		w = word_lit(x, words[i], buf, sizeof(buf));
		if (w && engine_of(w) != ENGINE_NONE) {
			break; /* the usual case: no keyword, no prefix */
		}
		if (!may_be_prefix(w)) {
			/* no keyword or prefix below starts so: only an
			 * assignment may come before the command */
			size_t nl = assignment(x, words[i]);
			if (!nl) {
				break;
			}
			if (note_var(x, words[i], nl) < 0) {
				return -1;
			}
			i++;
			continue;
		}
		if (name_is(w, "for") || name_is(w, "select") ||
		    name_is(w, "case") || name_is(w, "in")) {
			return 0;
		}
		if (reserved(w)) {
			i++;
			continue;
		}
		if (name_is(w, "function")) {
			i += 2;
			continue;
		}
		size_t nl = assignment(x, words[i]);
		if (nl) {
			if (note_var(x, words[i], nl) < 0) {
				return -1;
			}
			i++;
			continue;
		}
		w = base_name(w);
		if (name_is(w, "export") || name_is(w, "local") ||
		    name_is(w, "readonly") || name_is(w, "declare") ||
		    name_is(w, "typeset")) {
			for (size_t k = i + 1; k < n; k++) {
				nl = assignment(x, words[k]);
				if (nl && note_var(x, words[k], nl) < 0) {
					return -1;
				}
			}
			return 0;
		}
		if (name_is(w, "sudo") || name_is(w, "doas")) {
			i++;
			skip_options(x, words, n, &i, &shflags_sudo);
			continue;
		}
		if (name_is(w, "exec") || name_is(w, "nohup") ||
		    name_is(w, "time") || name_is(w, "builtin")) {
			i++;
			while (i < n &&
			       (w = word_lit(x, words[i], buf, sizeof(buf))) &&
			       w[0] == '-') {
				i += name_is(w, "-a") ? 2 : 1;
			}
			continue;
		}
		if (name_is(w, "command")) {
			i++;
			w = i < n ? word_lit(x, words[i], buf, sizeof(buf))
				  : NULL;
			if (name_is(w, "-v") || name_is(w, "-V")) {
				return 0;
			}
			if (name_is(w, "-p")) {
				i++;
			}
			continue;
		}
		if (name_is(w, "env")) {
			i++;
			while (i < n &&
			       (w = word_lit(x, words[i], buf, sizeof(buf))) &&
			       w[0] == '-') {
				if (name_is(w, "-S") ||
				    strncmp(w, "--split-string", 14) == 0) {
					return 0;
				}
				i += name_is(w, "-u") || name_is(w, "-C") ? 2
									  : 1;
			}
			continue;
		}
		break;
	}
	if (i >= n) {
		return 0;
	}

	size_t name_tok = words[i];
	w = word_lit(x, name_tok, buf, sizeof(buf));
	enum engine e = w ? engine_of(w) : engine_var(x, name_tok);
	if (e == ENGINE_NONE) {
		return 0;
	}
	i++;
	const struct shflag_set *global =
		e == ENGINE_PODMAN    ? &shflags_podman_global
		: e == ENGINE_NERDCTL ? &shflags_nerdctl_global
		: e == ENGINE_DOCKER  ? &shflags_docker_global
				      : &shflags_compose_global;
	skip_options(x, words, n, &i, global);
	if (i >= n) {
		return 0;
	}
	char sub1[32] = "", sub2[32] = "";
	w = word_lit(x, words[i], buf, sizeof(buf));
	if (!w || strlen(w) >= sizeof(sub1)) {
		return 0;
	}
	strcpy(sub1, w);
	i++;
	const char *form = NULL;
	const struct shflag_set *set = &shflags_run;
	bool swarm = false;
	if (e == ENGINE_DOCKER_COMPOSE || e == ENGINE_PODMAN_COMPOSE) {
		form = name_is(sub1, "run") ? "compose run" : NULL;
		set = &shflags_compose_run;
	} else if (name_is(sub1, "run") || name_is(sub1, "create")) {
		form = sub1;
	} else if (name_is(sub1, "container") || name_is(sub1, "compose") ||
		   name_is(sub1, "service") || name_is(sub1, "pod")) {
		if (name_is(sub1, "compose")) {
			skip_options(x, words, n, &i, &shflags_compose_global);
		}
		w = i < n ? word_lit(x, words[i], buf, sizeof(buf)) : NULL;
		if (!w || strlen(w) >= sizeof(sub2)) {
			return 0;
		}
		strcpy(sub2, w);
		i++;
		snprintf(buf, sizeof(buf), "%s %s", sub1, sub2);
		form = buf;
		if (name_is(sub1, "compose")) {
			set = &shflags_compose_run;
		} else if (name_is(sub1, "service")) {
			set = &shflags_service_create;
			swarm = true;
		} else if (name_is(sub1, "pod")) {
			set = &shflags_pod_create;
		}
	}
	struct cmdinfo ci = { form ? label_of(e, form) : NULL, name_tok,
			      false };
	if (!ci.label) {
		return 0;
	}
	/* Suppression: the lines the command spans. */
	if (x->nign > 0) {
		unsigned l0, l1, col;
		size_t off;
		if (pos_of(x, tok_at(x, words[0])->off, &off, &l0, &col) < 0 ||
		    pos_of(x, tok_at(x, words[n - 1])->off, &off, &l1, &col) <
			    0) {
			return -1;
		}
		ci.suppressed = ignored(x, l0, l1);
	}
	size_t first = x->sc->n, image;
	if (run_options(x, &ci, words, n, i, set, swarm, &image) < 0) {
		return -1;
	}
	/* what the command runs, for what its ports expose (exposure.h); a
	 * compose run names a service, not an image */
	char img[SHELLCMD_IMAGE_MAX];
	bool whole = false;
	size_t len =
		image < n && first < x->sc->n && !strstr(ci.label, "compose")
			? word_head(x, words[image], img, sizeof(img), &whole)
			: 0;
	if (whole && len > 0 && len < sizeof(img)) {
		/* once, in the text the findings keep */
		struct shellcmd *sc = x->sc;
		size_t at = sc->text.len;
		if (text_room(x, len) < 0 || buf_add(&sc->text, img, len) < 0) {
			return -1;
		}
		for (size_t k = first; k < sc->n; k++) {
			sc->v[k].image = at;
			sc->v[k].image_len = len;
		}
	}
	return 0;
}

/* Records an ignore comment. */
static int comment(struct ctx *x, const struct shlex_tok *t)
{
	const char *s = x->lx.text + t->off + 1;
	size_t len = t->end - t->off - 1;
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (len < 10 || strncmp(s, "composefix", 10) != 0) {
		return 0;
	}
	s += 10;
	len -= 10;
	while (len > 0 && (*s == ' ' || *s == ':' || *s == '\t')) {
		s++;
		len--;
	}
	if (len < 6 || strncmp(s, "ignore", 6) != 0) {
		return 0;
	}
	size_t off;
	unsigned line, col;
	if (pos_of(x, t->off, &off, &line, &col) < 0 ||
	    array_grow((void **)&x->ign, &x->igncap, x->nign, sizeof(*x->ign)) <
		    0) {
		return -1;
	}
	x->ign[x->nign++] =
		(struct ignore){ line, (t->flags & SHLEX_F_LINE_FIRST) != 0 };
	return 0;
}

/* The command of the innermost level ends: read it and drop its words. */
static int command_end(struct ctx *x)
{
	size_t start = x->nlevels ? x->levels[x->nlevels - 1] : 0;
	int rc = 0;
	if (x->nwords > start) {
		rc = command(x, x->words + start, x->nwords - start);
	}
	x->nwords = start;
	return rc;
}

/* Splits a chunk into simple commands and reads each. */
static int chunk_commands(struct ctx *x)
{
	x->nwords = 0;
	x->nlevels = 0;
	for (size_t t = 0; t < x->c.n; t++) {
		const struct shlex_tok *k = &x->c.toks[t];
		switch (k->type) {
		case SHLEX_WORD:
			if (k->flags & (SHLEX_F_REDIR_TARGET |
					SHLEX_F_IONUMBER | SHLEX_F_DELIM)) {
				break;
			}
			if (array_grow((void **)&x->words, &x->wcap, x->nwords,
				       sizeof(*x->words)) < 0) {
				return -1;
			}
			x->words[x->nwords++] = (uint32_t)t;
			break;
		case SHLEX_OP:
			if (k->op != SHLEX_OP_REDIR &&
			    k->op != SHLEX_OP_HEREDOC && command_end(x) < 0) {
				return -1;
			}
			break;
		case SHLEX_COMMENT:
			if (comment(x, k) < 0) {
				return -1;
			}
			break;
		case SHLEX_SUB_OPEN:
			if (array_grow((void **)&x->levels, &x->lcap,
				       x->nlevels, sizeof(*x->levels)) < 0) {
				return -1;
			}
			x->levels[x->nlevels++] = x->nwords;
			break;
		case SHLEX_SUB_CLOSE:
			if (command_end(x) < 0) {
				return -1;
			}
			if (x->nlevels > 0) {
				x->nlevels--;
			}
			break;
		default:
			break;
		}
	}
	return command_end(x);
}

/*
 * Whether the chunk can hold a container command, an assignment naming a
 * CLI or an ignore comment: its bytes mention a CLI or "composefix", or,
 * once a variable is known to name a CLI, hold a "$". Most lines of a
 * large script do not, and are not read further.
 */
static bool word_at(const char *s, size_t len, const char *w)
{
	size_t n = strlen(w);
	return len >= n && strncasecmp(s, w, n) == 0;
}

/* Whether a CLI or "composefix" is named at s[0..len). */
static bool mention_at(const char *s, size_t len)
{
	char second = len > 1 ? (char)(s[1] | 0x20) : 0;
	return (second == 'o' || second == 'e') &&
	       (word_at(s, len, "docker") || word_at(s, len, "podman") ||
		word_at(s, len, "nerdctl") || word_at(s, len, "composefix"));
}

/* The eight bytes at p as a word (any byte order: only compared). */
static uint64_t load8(const char *p)
{
	uint64_t w;
	memcpy(&w, p, sizeof(w));
	return w;
}

/* High bit set in every byte of v that is zero (and maybe in a byte
 * above one that is: a filter, never a miss). */
static uint64_t zero_bytes(uint64_t v)
{
	return (v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull;
}

/*
 * The first i (from i on, eight at a time) where a mention may start: a
 * pair "do", "po", "co" or "ne" in any case, as every name mention_at()
 * knows begins. Skips the long runs of text without one at a few
 * operations a byte; the byte loop after it decides.
 */
static size_t skip_no_mention(const char *t, size_t i, size_t len)
{
	const uint64_t low = 0x2020202020202020ull;
	const uint64_t ones = 0x0101010101010101ull;
	for (; i + 9 <= len; i += 8) {
		uint64_t a = load8(t + i) | low, b = load8(t + i + 1) | low;
		uint64_t o = zero_bytes(b ^ (ones * 'o'));
		uint64_t m = ((zero_bytes(a ^ (ones * 'd')) |
			       zero_bytes(a ^ (ones * 'p')) |
			       zero_bytes(a ^ (ones * 'c'))) &
			      o) |
			     (zero_bytes(a ^ (ones * 'n')) &
			      zero_bytes(b ^ (ones * 'e')));
		if (m) {
			break;
		}
	}
	return i;
}

/*
 * The logical offset of the first mention of a CLI (or of "composefix")
 * at or after from, or the text's length: one sweep over the text for
 * the whole analysis, as the lines ask in order.
 */
static size_t next_mention(struct ctx *x, size_t from)
{
	static const bool first[256] = {
		['d'] = true, ['D'] = true, ['p'] = true, ['P'] = true,
		['n'] = true, ['N'] = true, ['c'] = true, ['C'] = true,
	};
	if (x->mention != SIZE_MAX && x->mention >= from) {
		return x->mention;
	}
	const char *t = x->lx.text;
	size_t i = from, len = x->lx.len;
	for (;;) {
		i = skip_no_mention(t, i, len);
		while (i < len && !first[(unsigned char)t[i]]) {
			i++;
		}
		if (i >= len || mention_at(t + i, len - i)) {
			break;
		}
		i++;
	}
	x->mention = i;
	return i;
}

/* Whether logical [a, b) may hold a container command, an assignment
 * naming a CLI, an ignore comment or, once a variable names a CLI, a use
 * of it. */
static bool line_wanted(struct ctx *x, size_t a, size_t b)
{
	if (next_mention(x, a) < b) {
		return true;
	}
	bool vars = x->sc->nvars > 0 || x->opts->ncli_vars > 0;
	return vars && memchr(x->lx.text + a, '$', b - a);
}

static bool chunk_wanted(struct ctx *x)
{
	if (x->c.n == 0) {
		return false;
	}
	size_t a = x->c.toks[0].off, e = x->c.toks[x->c.n - 1].end;
	for (size_t t = 0; t < x->c.n; t++) {
		if (x->c.toks[t].end > e) {
			e = x->c.toks[t].end;
		}
	}
	return line_wanted(x, a, e);
}

static int expect_cmp(const void *a, const void *b)
{
	const struct shellcmd_expect *x = a, *y = b;
	if (x->chunk != y->chunk) {
		return x->chunk < y->chunk ? -1 : 1;
	}
	return x->tok < y->tok ? -1 : x->tok > y->tok;
}

static int finding_cmp(const void *a, const void *b)
{
	const struct shellcmd_finding *x = a, *y = b;
	if (x->off != y->off) {
		return x->off < y->off ? -1 : 1;
	}
	if (x->value_off != y->value_off) {
		return x->value_off < y->value_off ? -1 : 1;
	}
	return x->first_edit < y->first_edit   ? -1
	       : x->first_edit > y->first_edit ? 1
					       : 0;
}

/* Whether v[0..n) is in order already (the usual case: no sort). */
static bool sorted(const void *v, size_t n, size_t size,
		   int (*cmp)(const void *, const void *))
{
	const char *p = v;
	for (size_t i = 1; i < n; i++) {
		if (cmp(p + (i - 1) * size, p + i * size) > 0) {
			return false;
		}
	}
	return true;
}

/* Drops what the analysis of a text that failed added to sc. */
static void rollback(struct shellcmd *sc, size_t n, size_t nedits, size_t ntext,
		     size_t nexpect, size_t nexpect_text, size_t ntoks)
{
	/* the findings' strings stay in the blocks until sc goes */
	sc->n = n;
	sc->nedits = nedits;
	buf_truncate(&sc->text, ntext);
	sc->nexpect = nexpect;
	buf_truncate(&sc->expect_text, nexpect_text);
	sc->ntoks = ntoks;
}

int shellcmd_analyze(struct shellcmd *sc, const struct shellcmd_input *in,
		     const struct shellcmd_opts *opts)
{
	struct ctx x;
	size_t n0 = sc->n, e0 = sc->nedits, t0 = sc->text.len;
	size_t x0 = sc->nexpect, xt0 = sc->expect_text.len, k0 = sc->ntoks;
	int rc = -1;

	memset(&x, 0, sizeof(x));
	struct shellcmd_keep *k = keep_get(sc);
	if (!k) {
		return -1;
	}
	x.sc = sc;
	x.in = in;
	x.opts = opts;
	x.text = sc->ntexts++;
	x.mention = SIZE_MAX;
	/* the last analysis' arrays and buffers, emptied */
	x.c = k->c;
	x.words = k->words;
	x.wcap = k->wcap;
	x.levels = k->levels;
	x.lcap = k->lcap;
	x.ign = k->ign;
	x.igncap = k->igncap;
	x.jstart = k->jstart;
	x.jcap = k->jcap;
	x.dstart = k->dstart;
	x.dcap = k->dcap;
	x.judge = k->judge;
	x.disp = k->disp;
	x.ins = k->ins;
	x.canon = k->canon;
	x.copy = k->copy;
	x.c.n = x.c.npieces = 0;
	buf_truncate(&x.judge, 0);
	buf_truncate(&x.disp, 0);
	x.e0 = e0;
	if (shlex_init(&x.lx, in) < 0) {
		goto out;
	}
	for (;;) {
		/* Most lines of a script name no CLI: when such a line is a
		 * whole chunk for certain, it is not lexed at all. */
		size_t eol = eol_find(x.lx.text, x.lx.pos, x.lx.len);
		eol += eol < x.lx.len;
		if (x.lx.pos < x.lx.len && !line_wanted(&x, x.lx.pos, eol)) {
			size_t simple =
				shlex_line_simple(&x.lx, eol - x.lx.pos);
			if (simple > 0) {
				shlex_seek(&x.lx, x.lx.pos + simple);
				x.chunk++;
				continue;
			}
		}
		x.chunk_off = x.lx.pos;
		x.chunk_toks = SIZE_MAX;
		int r = shlex_next(&x.lx, &x.c);
		x.chunk_end = x.lx.pos;
		if (r == 0) {
			break;
		}
		if (r < 0) {
			if (errno == EINVAL && x.lx.err) {
				struct shellcmd_error *e = &sc->error;
				e->off = shlex_orig(&x.lx, x.lx.err_off);
				if (source_pos(in->src, e->off, &e->line,
					       &e->col) < 0) {
					goto out;
				}
				snprintf(e->msg, sizeof(e->msg), "%s",
					 x.lx.err);
				rollback(sc, n0, e0, t0, x0, xt0, k0);
				rc = 1;
			}
			goto out;
		}
		if (chunk_wanted(&x) && chunk_commands(&x) < 0) {
			goto out;
		}
		x.chunk++;
	}
	if (sc->nexpect > x0 && !sorted(sc->expect + x0, sc->nexpect - x0,
					sizeof(*sc->expect), expect_cmp)) {
		qsort(sc->expect + x0, sc->nexpect - x0, sizeof(*sc->expect),
		      expect_cmp);
	}
	/* Commands inside "$(...)" are read before the command around
	 * them: findings go back to text order. */
	if (sc->n > n0 &&
	    !sorted(sc->v + n0, sc->n - n0, sizeof(*sc->v), finding_cmp)) {
		qsort(sc->v + n0, sc->n - n0, sizeof(*sc->v), finding_cmp);
	}
	rc = 0;
out:
	if (rc < 0) {
		int err = errno;
		rollback(sc, n0, e0, t0, x0, xt0, k0);
		errno = err;
	}
	for (size_t i = e0; i < sc->nedits; i++) {
		sc->edits[i].ins = sc->text.data + (uintptr_t)sc->edits[i].ins;
	}
	shlex_release(&x.lx);
	/* handed on to the next analysis, freed with sc */
	k->c = x.c;
	k->words = x.words;
	k->wcap = x.wcap;
	k->levels = x.levels;
	k->lcap = x.lcap;
	k->ign = x.ign;
	k->igncap = x.igncap;
	k->jstart = x.jstart;
	k->jcap = x.jcap;
	k->dstart = x.dstart;
	k->dcap = x.dcap;
	k->judge = x.judge;
	k->disp = x.disp;
	k->ins = x.ins;
	k->canon = x.canon;
	k->copy = x.copy;
	return rc;
}

/*
 * Moves from's findings, splices, expectations and variables to the end
 * of sc's, as if from's texts had been analysed into sc after its own:
 * text numbers, splice indexes and offsets into the text buffers move
 * along. from is left empty (its strings are sc's now).
 */
int shellcmd_append(struct shellcmd *sc, struct shellcmd *from)
{
	size_t n = sc->n + from->n, ne = sc->nedits + from->nedits;
	size_t nx = sc->nexpect + from->nexpect, nv = sc->nvars + from->nvars;
	size_t nk = sc->ntoks + from->ntoks, kbase = sc->ntoks;
	if (from->ntoks &&
	    sc->expect_text.len + from->expect_text.len >= UINT32_MAX) {
		errno = EOVERFLOW; /* the tokens' readings are kept below */
		return -1;
	}
	size_t tbase = sc->text.len, xbase = sc->expect_text.len;
	size_t ebase = sc->nedits;
	/* room first: nothing moves until all of it is there */
	if ((n > sc->cap &&
	     array_reserve((void **)&sc->v, &sc->cap, n, sizeof(*sc->v)) < 0) ||
	    (ne > sc->edits_cap &&
	     array_reserve((void **)&sc->edits, &sc->edits_cap, ne,
			   sizeof(*sc->edits)) < 0) ||
	    (nx > sc->expect_cap &&
	     array_reserve((void **)&sc->expect, &sc->expect_cap, nx,
			   sizeof(*sc->expect)) < 0) ||
	    (nv > sc->vars_cap &&
	     array_reserve((void **)&sc->vars, &sc->vars_cap, nv,
			   sizeof(*sc->vars)) < 0) ||
	    (nk > sc->toks_cap &&
	     array_reserve((void **)&sc->toks, &sc->toks_cap, nk,
			   sizeof(*sc->toks)) < 0) ||
	    (sc->nblocks + from->nblocks > sc->blocks_cap &&
	     array_reserve((void **)&sc->blocks, &sc->blocks_cap,
			   sc->nblocks + from->nblocks,
			   sizeof(*sc->blocks)) < 0) ||
	    buf_add(&sc->expect_text, from->expect_text.data,
		    from->expect_text.len) < 0) {
		return -1;
	}
	/* sc's splices point into sc->text, which may move: offsets while
	 * it grows */
	for (size_t i = 0; i < sc->nedits; i++) {
		sc->edits[i].ins = (const char *)(uintptr_t)(sc->edits[i].ins -
							     sc->text.data);
	}
	int rc = buf_add(&sc->text, from->text.data, from->text.len);
	for (size_t i = 0; i < sc->nedits; i++) {
		sc->edits[i].ins = sc->text.data + (uintptr_t)sc->edits[i].ins;
	}
	if (rc < 0) {
		buf_truncate(&sc->expect_text, xbase);
		return -1;
	}
	for (size_t i = 0; i < from->nedits; i++) {
		struct edit e = from->edits[i];
		size_t at =
			from->text.data ? (size_t)(e.ins - from->text.data) : 0;
		e.ins = sc->text.data + tbase + at;
		sc->edits[sc->nedits++] = e;
	}
	for (size_t i = 0; i < from->n; i++) {
		struct shellcmd_finding f = from->v[i];
		f.first_edit += ebase;
		f.image += tbase;
		sc->v[sc->n++] = f;
	}
	for (size_t i = 0; i < from->nexpect; i++) {
		struct shellcmd_expect x = from->expect[i];
		x.text += sc->ntexts;
		x.canon += xbase;
		x.copy += xbase;
		x.toks += kbase;
		sc->expect[sc->nexpect++] = x;
	}
	for (size_t i = 0; i < from->ntoks; i++) {
		struct shellcmd_tok k = from->toks[i];
		if (k.has_canon) {
			k.off += (uint32_t)xbase;
			k.end += (uint32_t)xbase;
		}
		sc->toks[sc->ntoks++] = k;
	}
	for (size_t i = 0; i < from->nvars; i++) {
		sc->vars[sc->nvars++] = from->vars[i];
	}
	sc->ntexts += from->ntexts;
	/* the findings' strings: from's blocks are sc's, before sc's last
	 * (the one sc's next strings go to) */
	if (from->nblocks > 0) {
		char *last = sc->nblocks ? sc->blocks[sc->nblocks - 1] : NULL;
		size_t at = sc->nblocks ? sc->nblocks - 1 : 0;
		memcpy(sc->blocks + at, from->blocks,
		       from->nblocks * sizeof(*sc->blocks));
		sc->nblocks += from->nblocks;
		if (last) {
			sc->blocks[sc->nblocks - 1] = last;
		} else {
			sc->block_used = from->block_used;
			sc->block_size = from->block_size;
		}
		from->nblocks = 0;
	}
	from->nvars = 0;
	shellcmd_release(from);
	return 0;
}

/* ---- verification ---- */

/* The new text, lexed again. */
struct side {
	struct shlex lx;
	struct shlex_chunk c;
};

static int mismatch(struct side *nw, const struct shellcmd_input *in,
		    size_t loff, const char *why, struct shellcmd_error *err)
{
	memset(err, 0, sizeof(*err));
	err->off = shlex_orig(&nw->lx, loff);
	if (source_pos(in->src, err->off, &err->line, &err->col) < 0) {
		return -1;
	}
	snprintf(err->msg, sizeof(err->msg), "%s", why);
	return 1;
}

/* Whether old token ta (in the old text otext) and new token tb have the
 * same bytes. */
static bool raw_equal(const char *otext, const struct shellcmd_tok *ta,
		      const struct side *b, const struct shlex_tok *tb)
{
	return ta->end - ta->off == tb->end - tb->off &&
	       memcmp(otext + ta->off, b->lx.text + tb->off,
		      ta->end - ta->off) == 0;
}

/* What the verifier says of an unplanned token whose bytes changed. */
static const char *changed(uint8_t type)
{
	switch (type) {
	case SHLEX_WORD:
		return "a word changed";
	case SHLEX_COMMENT:
	case SHLEX_HEREDOC:
		return "a comment or heredoc changed";
	default:
		return "a token changed";
	}
}

/* Whether new word tb reads as want[0..len). */
static int word_is(struct side *nw, const struct shlex_tok *tb,
		   const char *want, size_t len, struct buf *tmp, bool *eq)
{
	buf_truncate(tmp, 0);
	if (shlex_canon(&nw->lx, &nw->c, tb, tmp) < 0) {
		return -1;
	}
	*eq = tmp->len == len &&
	      (len == 0 || memcmp(tmp->data, want, len) == 0);
	return 0;
}

/*
 * Compares the chunk's old tokens (x's, as the analysis lexed them) with
 * the new ones: every token the same but the planned words, which must
 * read as planned, and the "-p COPY" a dual-stack fix adds after one. A
 * word not planned must keep its very bytes: a splice touches no other.
 */
static int compare_chunk(const struct shellcmd *sc, const char *otext,
			 struct side *nw, const struct shellcmd_input *in,
			 size_t text, size_t chunk, size_t *e,
			 struct shellcmd_error *err, struct buf *b)
{
	const struct shellcmd_expect *first = &sc->expect[*e];
	const struct shellcmd_tok *ot = sc->toks + first->toks;
	size_t j = 0;
	for (size_t i = 0; i < first->ntoks; i++) {
		const struct shellcmd_tok *to = &ot[i];
		if (j >= nw->c.n) {
			return mismatch(nw, in, nw->lx.pos,
					"a token is missing", err);
		}
		const struct shlex_tok *tn = &nw->c.toks[j++];
		if (to->type != tn->type || to->op != tn->op ||
		    to->flags != tn->flags) {
			return mismatch(nw, in, tn->off, "a token changed",
					err);
		}
		const struct shellcmd_expect *x = NULL;
		while (*e < sc->nexpect && sc->expect[*e].text == text &&
		       (sc->expect[*e].chunk < chunk ||
			(sc->expect[*e].chunk == chunk &&
			 sc->expect[*e].tok < i))) {
			(*e)++;
		}
		if (*e < sc->nexpect && sc->expect[*e].text == text &&
		    sc->expect[*e].chunk == chunk && sc->expect[*e].tok == i) {
			x = &sc->expect[(*e)++];
		}
		bool eq = true;
		if (x) {
			if (word_is(nw, tn, sc->expect_text.data + x->canon,
				    x->canon_len, b, &eq) < 0) {
				return -1;
			}
			if (!eq) {
				return mismatch(nw, in, tn->off,
						"a fixed value does not read "
						"as planned",
						err);
			}
		} else if (to->has_canon) {
			if (word_is(nw, tn, sc->expect_text.data + to->off,
				    to->end - to->off, b, &eq) < 0) {
				return -1;
			}
			if (!eq) {
				return mismatch(nw, in, tn->off,
						"a word changed", err);
			}
		} else if (!raw_equal(otext, to, nw, tn)) {
			return mismatch(nw, in, tn->off, changed(to->type),
					err);
		}
		if (x && x->has_copy) {
			if (j + 2 > nw->c.n ||
			    nw->c.toks[j].type != SHLEX_WORD ||
			    nw->c.toks[j + 1].type != SHLEX_WORD) {
				return mismatch(nw, in, tn->end,
						"the second -p is missing",
						err);
			}
			if (word_is(nw, &nw->c.toks[j], "-p", 2, b, &eq) < 0) {
				return -1;
			}
			bool eq2 = false;
			if (eq && word_is(nw, &nw->c.toks[j + 1],
					  sc->expect_text.data + x->copy,
					  x->copy_len, b, &eq2) < 0) {
				return -1;
			}
			if (!eq || !eq2) {
				return mismatch(
					nw, in, nw->c.toks[j].off,
					"the second -p does not read as "
					"planned",
					err);
			}
			j += 2;
		}
	}
	if (j != nw->c.n) {
		return mismatch(nw, in, nw->c.toks[j].off, "a token was added",
				err);
	}
	return 0;
}

static int verify_with(const struct shellcmd *sc, struct shellcmd_keep *k,
		       size_t text, const struct shellcmd_input *old,
		       const struct shellcmd_input *new,
		       struct shellcmd_error *err);

int shellcmd_verify(const struct shellcmd *sc, size_t text,
		    const struct shellcmd_input *old,
		    const struct shellcmd_input *new,
		    struct shellcmd_error *err)
{
	return verify_with(sc, keep_of(sc), text, old, new, err);
}

int shellcmd_verify_with(const struct shellcmd *sc, struct shellcmd *scratch,
			 size_t text, const struct shellcmd_input *old,
			 const struct shellcmd_input *new,
			 struct shellcmd_error *err)
{
	/* no keep to be had (ENOMEM): fresh arrays, freed after */
	return verify_with(sc, keep_get(scratch), text, old, new, err);
}

static int verify_with(const struct shellcmd *sc, struct shellcmd_keep *k,
		       size_t text, const struct shellcmd_input *old,
		       const struct shellcmd_input *new,
		       struct shellcmd_error *err)
{
	struct shlex od; /* the old text: its bytes, not lexed again */
	struct side nw;
	struct buf b;
	size_t e = 0;
	int rc = -1;

	memset(&od, 0, sizeof(od));
	memset(&nw, 0, sizeof(nw));
	/* k: scratch a verification before left (an analysis' keep, or a
	 * caller's), else fresh */
	shlex_chunk_init(&nw.c);
	buf_init(&b);
	if (k) {
		nw.c = k->vc;
		b = k->vb;
	}
	/* the first expectation of this text (they are in text order):
	 * by bisection, as a file may hold many texts */
	for (size_t hi = sc->nexpect; e < hi;) {
		size_t mid = e + (hi - e) / 2;
		if (sc->expect[mid].text < text) {
			e = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (shlex_init(&od, old) < 0 || shlex_init(&nw.lx, new) < 0) {
		goto out;
	}
	/*
	 * Only the chunks that hold a planned change are lexed again, and
	 * compared with the tokens the analysis kept of them: every other
	 * byte must be the old one, which a comparison of the bytes proves
	 * for a fraction of the cost (a chunk starts at the top level with
	 * no heredoc pending, so the same bytes lex the same way).
	 */
	size_t opos = 0, npos = 0;
	while (e < sc->nexpect && sc->expect[e].text == text) {
		const struct shellcmd_expect *x = &sc->expect[e];
		size_t chunk = x->chunk, gap = x->chunk_off - opos;
		size_t chunk_end = x->chunk_end;
		if (gap > nw.lx.len - npos ||
		    memcmp(od.text + opos, nw.lx.text + npos, gap) != 0) {
			rc = mismatch(&nw, new, npos,
				      "text outside the planned changes "
				      "changed",
				      err);
			goto out;
		}
		npos += gap;
		shlex_seek(&nw.lx, npos);
		int rn = shlex_next(&nw.lx, &nw.c);
		if (rn < 0 && errno != EINVAL) {
			goto out;
		}
		if (rn < 0) {
			rc = mismatch(&nw, new, nw.lx.err_off,
				      "the new text cannot be lexed", err);
			goto out;
		}
		if (rn != 1) {
			rc = mismatch(&nw, new, npos,
				      "the new text has other lines", err);
			goto out;
		}
		rc = compare_chunk(sc, od.text, &nw, new, text, chunk, &e, err,
				   &b);
		if (rc != 0) {
			goto out;
		}
		while (e < sc->nexpect && sc->expect[e].text == text &&
		       sc->expect[e].chunk == chunk) {
			e++;
		}
		opos = chunk_end;
		npos = nw.lx.pos;
	}
	if (od.len - opos != nw.lx.len - npos ||
	    memcmp(od.text + opos, nw.lx.text + npos, od.len - opos) != 0) {
		rc = mismatch(&nw, new, npos,
			      "text outside the planned changes changed", err);
		goto out;
	}
	rc = 0;
out:
	shlex_release(&od);
	shlex_release(&nw.lx);
	if (k) {
		k->vc = nw.c;
		k->vb = b;
	} else {
		shlex_chunk_release(&nw.c);
		buf_release(&b);
	}
	return rc;
}
