#include "shlex.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Logical [loff, loff + len) is original [ooff, ooff + len). */
struct shlex_run {
	size_t loff;
	size_t ooff;
	size_t len;
};

struct shlex_heredoc {
	char *delim; /* owned */
	size_t len;
	bool strip_tabs;
};

enum term {
	TERM_TOP,
	TERM_PAREN,
	TERM_BACKQ,
};

/* Deeper nesting than this is refused rather than recursed into. */
enum { MAX_DEPTH = 64 };

/* Markers of the canonical form (shlex_canon). */
enum { CANON_MARK = 0x01 };

static int fail(struct shlex *lx, size_t off, const char *why)
{
	lx->err_off = off;
	lx->err = why;
	errno = EINVAL;
	return -1;
}

static int run_add(struct shlex *lx, size_t loff, size_t ooff, size_t len)
{
	if (len == 0) {
		return 0;
	}
	if (lx->nruns > 0) {
		struct shlex_run *r = &lx->runs[lx->nruns - 1];
		if (r->loff + r->len == loff && r->ooff + r->len == ooff) {
			r->len += len;
			return 0;
		}
	}
	if (array_grow((void **)&lx->runs, &lx->runs_cap, lx->nruns,
		       sizeof(*lx->runs)) < 0) {
		return -1;
	}
	lx->runs[lx->nruns++] = (struct shlex_run){ loff, ooff, len };
	return 0;
}

/* Appends text0[from, to) to b and maps it through runs0. */
static int take_range(struct shlex *lx, struct buf *b, const char *text0,
		      const struct shlex_run *runs0, size_t nruns0, size_t from,
		      size_t to)
{
	for (size_t k = 0; k < nruns0 && from < to; k++) {
		const struct shlex_run *r = &runs0[k];
		size_t rend = r->loff + r->len;
		if (rend <= from) {
			continue;
		}
		size_t a = from;
		size_t e = to < rend ? to : rend;
		if (run_add(lx, b->len, r->ooff + (a - r->loff), e - a) < 0 ||
		    buf_add(b, text0 + a, e - a) < 0) {
			return -1;
		}
		from = e;
	}
	return 0;
}

/* Whether a console line continues on the next: "\", "&&", "||", "|". */
static bool console_continues(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
			   s[len - 1] == '\r')) {
		len--;
	}
	if (len == 0) {
		return false;
	}
	if (s[len - 1] == '\\') {
		size_t n = 0;
		while (n < len && s[len - 1 - n] == '\\') {
			n++;
		}
		return n % 2 == 1;
	}
	return s[len - 1] == '|' ||
	       (len >= 2 && s[len - 2] == '&' && s[len - 1] == '&');
}

/* Keeps the prompted lines of text0 (and their continuations) in lx. */
static int console_text(struct shlex *lx, const char *text0, size_t len0,
			const struct shlex_run *runs0, size_t nruns0)
{
	struct buf b;
	bool cont = false;
	size_t i = 0;

	buf_init(&b);
	while (i < len0) {
		const char *nl = memchr(text0 + i, '\n', len0 - i);
		size_t le = nl ? (size_t)(nl - text0) : len0;
		size_t next = nl ? le + 1 : len0;
		size_t start = SIZE_MAX;
		if (cont) {
			start = i;
			if (le - i >= 2 && text0[i] == '>' &&
			    text0[i + 1] == ' ') {
				start = i + 2;
			}
		} else {
			size_t p = i;
			while (p < le &&
			       (text0[p] == ' ' || text0[p] == '\t')) {
				p++;
			}
			if (le - p >= 2 && text0[p + 1] == ' ' &&
			    (text0[p] == '$' || text0[p] == '#' ||
			     text0[p] == '%')) {
				start = p + 2;
			}
		}
		if (start != SIZE_MAX) {
			if (take_range(lx, &b, text0, runs0, nruns0, start,
				       next) < 0) {
				buf_release(&b);
				return -1;
			}
			cont = console_continues(text0 + start, le - start);
		} else {
			cont = false;
		}
		i = next;
	}
	lx->owned = b.data;
	lx->text = b.data ? b.data : "";
	lx->len = b.len;
	return 0;
}

int shlex_init(struct shlex *lx, const struct shellcmd_input *in)
{
	const char *data = in->src->data;
	size_t size = in->src->len;
	struct buf b;

	memset(lx, 0, sizeof(*lx));
	lx->dialect = in->dialect;
	lx->text = "";
	for (size_t k = 0; k < in->nsegs; k++) {
		const struct shellcmd_seg *s = &in->segs[k];
		if (s->off > size || s->len > size - s->off ||
		    (k > 0 &&
		     s->off < in->segs[k - 1].off + in->segs[k - 1].len)) {
			errno = EINVAL;
			return -1;
		}
	}
	/* Segments that follow each other in the file (a fenced block's
	 * lines, outside lists and quotes) are read where they are: the
	 * logical text is a slice of the file, one run, nothing copied. */
	bool joined = true;
	for (size_t k = 1; k < in->nsegs && joined; k++) {
		joined = in->segs[k].off ==
			 in->segs[k - 1].off + in->segs[k - 1].len;
	}
	const char *text0 = "";
	size_t len0 = 0;
	buf_init(&b);
	if (joined && in->nsegs > 0) {
		const struct shellcmd_seg *last = &in->segs[in->nsegs - 1];
		text0 = data + in->segs[0].off;
		len0 = last->off + last->len - in->segs[0].off;
		if (run_add(lx, 0, in->segs[0].off, len0) < 0) {
			return -1;
		}
		if (in->dialect != SHELLCMD_CONSOLE) {
			lx->text = text0;
			lx->len = len0;
			return 0;
		}
	} else {
		for (size_t k = 0; k < in->nsegs; k++) {
			const struct shellcmd_seg *s = &in->segs[k];
			if (run_add(lx, b.len, s->off, s->len) < 0 ||
			    buf_add(&b, data + s->off, s->len) < 0) {
				buf_release(&b);
				shlex_release(lx);
				return -1;
			}
		}
		text0 = b.data ? b.data : "";
		len0 = b.len;
	}
	if (in->dialect == SHELLCMD_CONSOLE) {
		struct shlex_run *runs0 = lx->runs;
		size_t nruns0 = lx->nruns;
		lx->runs = NULL;
		lx->nruns = 0;
		lx->runs_cap = 0;
		int rc = console_text(lx, text0, len0, runs0, nruns0);
		free(runs0);
		buf_release(&b);
		if (rc < 0) {
			shlex_release(lx);
		}
		return rc;
	}
	lx->owned = b.data;
	lx->text = b.data ? b.data : "";
	lx->len = b.len;
	return 0;
}

void shlex_release(struct shlex *lx)
{
	if (!lx) {
		return;
	}
	free(lx->owned);
	free(lx->runs);
	for (size_t i = 0; i < lx->nhd; i++) {
		free(lx->hd[i].delim);
	}
	free(lx->hd);
	memset(lx, 0, sizeof(*lx));
	lx->text = "";
}

void shlex_chunk_init(struct shlex_chunk *c)
{
	memset(c, 0, sizeof(*c));
}

void shlex_chunk_release(struct shlex_chunk *c)
{
	if (!c) {
		return;
	}
	free(c->toks);
	free(c->pieces);
	memset(c, 0, sizeof(*c));
}

/* The run holding logical offset off (the last run for off == len). */
static const struct shlex_run *run_of(const struct shlex *lx, size_t off)
{
	size_t lo = 0, hi = lx->nruns;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (lx->runs[mid].loff <= off) {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	return lx->nruns ? &lx->runs[lo] : NULL;
}

size_t shlex_orig(const struct shlex *lx, size_t off)
{
	const struct shlex_run *r = run_of(lx, off);
	if (!r) {
		return 0;
	}
	return r->ooff + (off - r->loff);
}

bool shlex_contiguous(const struct shlex *lx, size_t off, size_t end)
{
	const struct shlex_run *r = run_of(lx, off);
	if (end <= off) {
		return true;
	}
	return r && off >= r->loff && end <= r->loff + r->len;
}

/* ---- tokens ---- */

static struct shlex_tok *tok_push(struct shlex_chunk *c, uint8_t type,
				  uint8_t op, size_t off, size_t end)
{
	if (c->n == c->cap && array_grow((void **)&c->toks, &c->cap, c->n,
					 sizeof(*c->toks)) < 0) {
		return NULL;
	}
	struct shlex_tok *t = &c->toks[c->n++];
	*t = (struct shlex_tok){ .type = type,
				 .op = op,
				 .off = (uint32_t)off,
				 .end = (uint32_t)end };
	return t;
}

static int piece_push(struct shlex_chunk *c, uint8_t kind, uint8_t quote,
		      uint8_t ch, size_t off, size_t end)
{
	if (c->npieces == c->pcap &&
	    array_grow((void **)&c->pieces, &c->pcap, c->npieces,
		       sizeof(*c->pieces)) < 0) {
		return -1;
	}
	c->pieces[c->npieces++] = (struct shlex_piece){
		.kind = kind,
		.quote = quote,
		.ch = ch,
		.off = (uint32_t)off,
		.end = (uint32_t)end,
	};
	return 0;
}

static void pieces_reverse(struct shlex_piece *p, size_t a, size_t b)
{
	while (a + 1 < b) {
		struct shlex_piece t = p[a];
		p[a] = p[b - 1];
		p[b - 1] = t;
		a++;
		b--;
	}
}

/*
 * A substitution inside a word appended its own tokens' pieces after the
 * word's first pieces [ps, pe); the word's pieces must stay contiguous,
 * so they move after the inner ones (tokens from tok_from on are inner).
 */
static void pieces_rotate(struct shlex_chunk *c, size_t ps, size_t pe,
			  size_t tok_from)
{
	size_t pn = c->npieces;
	if (ps == pe || pe == pn) {
		return;
	}
	pieces_reverse(c->pieces, ps, pe);
	pieces_reverse(c->pieces, pe, pn);
	pieces_reverse(c->pieces, ps, pn);
	for (size_t i = tok_from; i < c->n; i++) {
		if (c->toks[i].type == SHLEX_WORD) {
			c->toks[i].piece -= (uint32_t)(pe - ps);
		}
	}
}

static bool is_blank(const struct shlex *lx, size_t i)
{
	char ch = lx->text[i];
	return ch == ' ' || ch == '\t' ||
	       (ch == '\r' && i + 1 < lx->len && lx->text[i + 1] == '\n');
}

static bool is_meta(char ch)
{
	return ch == ';' || ch == '&' || ch == '|' || ch == '<' || ch == '>' ||
	       ch == '(' || ch == ')';
}

/* Length of a backslash-newline at i ("\\\n" or "\\\r\n"), else 0. */
static size_t continuation(const struct shlex *lx, size_t i)
{
	if (lx->text[i] != '\\' || i + 1 >= lx->len) {
		return 0;
	}
	if (lx->text[i + 1] == '\n') {
		return 2;
	}
	if (lx->text[i + 1] == '\r' && i + 2 < lx->len &&
	    lx->text[i + 2] == '\n') {
		return 3;
	}
	return 0;
}

static bool is_name_start(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       ch == '_';
}

static bool is_name_char(char ch)
{
	return is_name_start(ch) || (ch >= '0' && ch <= '9');
}

static int lex_list(struct shlex *lx, struct shlex_chunk *c, enum term term,
		    size_t opener);

/*
 * The end of a bracketed construct opened at s[i] (one of "({"), counting
 * nested brackets of both kinds and skipping quotes: the offset just past
 * the matching close, or SIZE_MAX.
 */
static size_t bracket_end(const struct shlex *lx, size_t i, bool quotes)
{
	const char *s = lx->text;
	size_t depth = 0;
	while (i < lx->len) {
		char ch = s[i];
		if (ch == '(' || ch == '{') {
			depth++;
		} else if (ch == ')' || ch == '}') {
			if (--depth == 0) {
				return i + 1;
			}
		} else if (!quotes) {
			/* make reads no quotes in its own expansions */
		} else if (ch == '\\') {
			i++;
		} else if (ch == '\'') {
			const char *q =
				memchr(s + i + 1, '\'', lx->len - i - 1);
			if (!q) {
				return SIZE_MAX;
			}
			i = (size_t)(q - s);
		} else if (ch == '"') {
			size_t k = i + 1;
			while (k < lx->len && s[k] != '"') {
				k += s[k] == '\\' ? 2 : 1;
			}
			if (k >= lx->len) {
				return SIZE_MAX;
			}
			i = k;
		}
		i++;
	}
	return SIZE_MAX;
}

/* "$((...))": the offset past the closing "))", or SIZE_MAX. */
static size_t arith_end(const struct shlex *lx, size_t i)
{
	size_t depth = 0;
	for (i += 1; i < lx->len; i++) {
		char ch = lx->text[i];
		if (ch == '(') {
			depth++;
		} else if (ch == ')') {
			if (depth == 0) {
				return SIZE_MAX;
			}
			if (--depth == 0) {
				return i + 1 < lx->len && lx->text[i + 1] == ')'
					       ? i + 2
					       : SIZE_MAX;
			}
		}
	}
	return SIZE_MAX;
}

/*
 * A substitution's commands: "$(" at open (lx->pos is past it) up to its
 * ")", or "`" up to the next unescaped "`". Its tokens go between a
 * SUB_OPEN and a SUB_CLOSE; the word's pieces [ps, c->npieces) stay in
 * front of it.
 */
static int sub(struct shlex *lx, struct shlex_chunk *c, enum term term,
	       size_t open, size_t *ps, uint8_t kind, uint8_t quote)
{
	size_t pe = c->npieces;
	size_t tok_from = c->n;
	if (lx->depth >= MAX_DEPTH) {
		return fail(lx, open, "substitutions nested too deep");
	}
	if (!tok_push(c, SHLEX_SUB_OPEN, 0, open, lx->pos)) {
		return -1;
	}
	lx->depth++;
	int rc = lex_list(lx, c, term, open);
	lx->depth--;
	if (rc < 0) {
		return -1;
	}
	if (!tok_push(c, SHLEX_SUB_CLOSE, 0, lx->pos, lx->pos)) {
		return -1;
	}
	pieces_rotate(c, *ps, pe, tok_from);
	*ps += c->npieces - pe;
	return piece_push(c, kind, quote, 0, open, lx->pos);
}

/* A "$" at lx->pos (make's "$$" already consumed when shell_at < pos). */
static int dollar(struct shlex *lx, struct shlex_chunk *c, size_t start,
		  uint8_t quote, size_t *ps)
{
	const char *s = lx->text;
	size_t i = lx->pos; /* s[i] == '$', the shell's */
	char n = i + 1 < lx->len ? s[i + 1] : '\0';
	size_t end;

	if (n == '(' && i + 2 < lx->len && s[i + 2] == '(') {
		end = arith_end(lx, i + 1);
		if (end != SIZE_MAX) {
			lx->pos = end;
			return piece_push(c, SHLEX_ARITH, quote, 0, start, end);
		}
	}
	if (n == '(') {
		lx->pos = i + 2;
		return sub(lx, c, TERM_PAREN, start, ps, SHLEX_CMDSUB, quote);
	}
	if (n == '{') {
		end = bracket_end(lx, i + 1, true);
		if (end == SIZE_MAX) {
			return fail(lx, start, "unterminated \"${\"");
		}
		lx->pos = end;
		return piece_push(c, SHLEX_PARAM, quote, 0, start, end);
	}
	if (is_name_start(n)) {
		end = i + 2;
		while (end < lx->len && is_name_char(s[end])) {
			end++;
		}
		lx->pos = end;
		return piece_push(c, SHLEX_PARAM, quote, 0, start, end);
	}
	if ((n >= '0' && n <= '9') || (n != '\0' && strchr("@*#?$!-", n))) {
		lx->pos = i + 2;
		return piece_push(c, SHLEX_PARAM, quote, 0, start, i + 2);
	}
	/* A "$" nothing follows is a literal one. */
	lx->pos = i + 1;
	return piece_push(c, SHLEX_ESC, quote, '$', start, i + 1);
}

/*
 * make's "$" at lx->pos: "$$" hands a "$" to the shell (*shell set, pos
 * on the second "$"), anything else is make's own expansion.
 */
static int make_dollar(struct shlex *lx, struct shlex_chunk *c, uint8_t quote,
		       bool *shell)
{
	const char *s = lx->text;
	size_t i = lx->pos;
	char n = i + 1 < lx->len ? s[i + 1] : '\0';
	*shell = false;
	if (n == '$') {
		*shell = true;
		lx->pos = i + 1;
		return 0;
	}
	if (n == '(' || n == '{') {
		size_t end = bracket_end(lx, i + 1, false);
		if (end == SIZE_MAX) {
			return fail(lx, i,
				    n == '(' ? "unterminated make variable "
					       "\"$(\""
					     : "unterminated make variable "
					       "\"${\"");
		}
		lx->pos = end;
		return piece_push(c, SHLEX_MAKEVAR, quote, 0, i, end);
	}
	if (n == '\0' || n == '\n') {
		lx->pos = i + 1;
		return piece_push(c, SHLEX_ESC, quote, '$', i, i + 1);
	}
	lx->pos = i + 2;
	return piece_push(c, SHLEX_MAKEVAR, quote, 0, i, i + 2);
}

/* Any "$" at lx->pos in a word, in either dialect. */
static int any_dollar(struct shlex *lx, struct shlex_chunk *c, uint8_t quote,
		      size_t *ps)
{
	size_t start = lx->pos;
	if (lx->dialect == SHELLCMD_MAKE) {
		bool shell;
		if (make_dollar(lx, c, quote, &shell) < 0) {
			return -1;
		}
		if (!shell) {
			return 0;
		}
	}
	return dollar(lx, c, start, quote, ps);
}

static int lit_flush(struct shlex_chunk *c, size_t *lit, size_t end,
		     uint8_t quote)
{
	int rc = 0;
	if (*lit != SIZE_MAX && end > *lit) {
		rc = piece_push(c, SHLEX_LIT, quote, 0, *lit, end);
	}
	*lit = SIZE_MAX;
	return rc;
}

static int single_quoted(struct shlex *lx, struct shlex_chunk *c)
{
	size_t open = lx->pos;
	size_t lit = SIZE_MAX;
	lx->pos++;
	while (lx->pos < lx->len && lx->text[lx->pos] != '\'') {
		if (lx->dialect == SHELLCMD_MAKE && lx->text[lx->pos] == '$') {
			bool shell;
			size_t at = lx->pos;
			if (lit_flush(c, &lit, at, SHLEX_Q_SINGLE) < 0 ||
			    make_dollar(lx, c, SHLEX_Q_SINGLE, &shell) < 0) {
				return -1;
			}
			if (shell) {
				lx->pos++;
				if (piece_push(c, SHLEX_ESC, SHLEX_Q_SINGLE,
					       '$', at, lx->pos) < 0) {
					return -1;
				}
			}
			continue;
		}
		if (lit == SIZE_MAX) {
			lit = lx->pos;
		}
		lx->pos++;
	}
	if (lx->pos >= lx->len) {
		return fail(lx, open, "unterminated single quote");
	}
	if (lit_flush(c, &lit, lx->pos, SHLEX_Q_SINGLE) < 0) {
		return -1;
	}
	lx->pos++;
	return 0;
}

/* ANSI-C "$'...'": escapes read as one byte each (the value is exact for
 * the escapes that matter here; others keep their letter). */
static int ansi_quoted(struct shlex *lx, struct shlex_chunk *c)
{
	size_t open = lx->pos;
	size_t lit = SIZE_MAX;
	lx->pos += 2;
	while (lx->pos < lx->len && lx->text[lx->pos] != '\'') {
		if (lx->text[lx->pos] == '\\' && lx->pos + 1 < lx->len) {
			static const char from[] = "nrtabefv";
			static const char to[] = "\n\r\t\a\b\033\f\v";
			char e = lx->text[lx->pos + 1];
			const char *k = strchr(from, e);
			if (lit_flush(c, &lit, lx->pos, SHLEX_Q_ANSI) < 0 ||
			    piece_push(c, SHLEX_ESC, SHLEX_Q_ANSI,
				       (uint8_t)(k && e ? to[k - from] : e),
				       lx->pos, lx->pos + 2) < 0) {
				return -1;
			}
			lx->pos += 2;
			continue;
		}
		if (lit == SIZE_MAX) {
			lit = lx->pos;
		}
		lx->pos++;
	}
	if (lx->pos >= lx->len) {
		return fail(lx, open, "unterminated $' quote");
	}
	if (lit_flush(c, &lit, lx->pos, SHLEX_Q_ANSI) < 0) {
		return -1;
	}
	lx->pos++;
	return 0;
}

static int double_quoted(struct shlex *lx, struct shlex_chunk *c, size_t *ps,
			 enum term term)
{
	size_t open = lx->pos;
	size_t lit = SIZE_MAX;
	lx->pos++;
	while (lx->pos < lx->len && lx->text[lx->pos] != '"') {
		char ch = lx->text[lx->pos];
		size_t k = continuation(lx, lx->pos);
		if (k) {
			if (lit_flush(c, &lit, lx->pos, SHLEX_Q_DOUBLE) < 0) {
				return -1;
			}
			lx->pos += k;
			continue;
		}
		if (ch == '\\' && lx->pos + 1 < lx->len &&
		    strchr("$`\"\\", lx->text[lx->pos + 1])) {
			if (lit_flush(c, &lit, lx->pos, SHLEX_Q_DOUBLE) < 0 ||
			    piece_push(c, SHLEX_ESC, SHLEX_Q_DOUBLE,
				       (uint8_t)lx->text[lx->pos + 1], lx->pos,
				       lx->pos + 2) < 0) {
				return -1;
			}
			lx->pos += 2;
			continue;
		}
		if (ch == '$') {
			if (lit_flush(c, &lit, lx->pos, SHLEX_Q_DOUBLE) < 0 ||
			    any_dollar(lx, c, SHLEX_Q_DOUBLE, ps) < 0) {
				return -1;
			}
			continue;
		}
		if (ch == '`' && term != TERM_BACKQ) {
			size_t at = lx->pos;
			if (lit_flush(c, &lit, at, SHLEX_Q_DOUBLE) < 0) {
				return -1;
			}
			lx->pos++;
			if (sub(lx, c, TERM_BACKQ, at, ps, SHLEX_BACKQ,
				SHLEX_Q_DOUBLE) < 0) {
				return -1;
			}
			continue;
		}
		if (lit == SIZE_MAX) {
			lit = lx->pos;
		}
		lx->pos++;
	}
	if (lx->pos >= lx->len) {
		return fail(lx, open, "unterminated double quote");
	}
	if (lit_flush(c, &lit, lx->pos, SHLEX_Q_DOUBLE) < 0) {
		return -1;
	}
	lx->pos++;
	return 0;
}

/* Copies the delimiter word's value (quotes removed) for its heredoc. */
static int heredoc_add(struct shlex *lx, const struct shlex_chunk *c,
		       const struct shlex_tok *t, bool strip)
{
	struct buf d;
	buf_init(&d);
	for (uint32_t k = 0; k < t->npieces; k++) {
		const struct shlex_piece *p = &c->pieces[t->piece + k];
		int rc = p->kind == SHLEX_ESC ? buf_addc(&d, (char)p->ch)
					      : buf_add(&d, lx->text + p->off,
							p->end - p->off);
		if (rc < 0) {
			buf_release(&d);
			return -1;
		}
	}
	if (array_grow((void **)&lx->hd, &lx->hd_cap, lx->nhd,
		       sizeof(*lx->hd)) < 0) {
		buf_release(&d);
		return -1;
	}
	if (!d.data && buf_adds(&d, "") < 0) {
		return -1;
	}
	lx->hd[lx->nhd++] = (struct shlex_heredoc){ d.data, d.len, strip };
	return 0;
}

/* After a newline: the bodies of the heredocs the line opened. */
static int heredoc_bodies(struct shlex *lx, struct shlex_chunk *c)
{
	for (size_t h = 0; h < lx->nhd; h++) {
		const struct shlex_heredoc *hd = &lx->hd[h];
		size_t body = lx->pos;
		size_t i = body;
		size_t stop = lx->len, next = lx->len;
		while (i < lx->len) {
			const char *nl =
				memchr(lx->text + i, '\n', lx->len - i);
			size_t le = nl ? (size_t)(nl - lx->text) : lx->len;
			size_t a = i, e = le;
			if (hd->strip_tabs) {
				while (a < e && lx->text[a] == '\t') {
					a++;
				}
			}
			if (e > a && lx->text[e - 1] == '\r') {
				e--;
			}
			if (e - a == hd->len &&
			    memcmp(lx->text + a, hd->delim, hd->len) == 0) {
				stop = i;
				next = nl ? le + 1 : le;
				break;
			}
			i = nl ? le + 1 : le;
		}
		if (!tok_push(c, SHLEX_HEREDOC, 0, body, stop)) {
			return -1;
		}
		lx->pos = next;
	}
	for (size_t h = 0; h < lx->nhd; h++) {
		free(lx->hd[h].delim);
	}
	lx->nhd = 0;
	return 0;
}

/* Bytes a word cannot simply take as literal ones. */
static const bool special[256] = {
	[' '] = true,  ['\t'] = true, ['\n'] = true, ['\r'] = true,
	[';'] = true,  ['&'] = true,  ['|'] = true,  ['<'] = true,
	['>'] = true,  ['('] = true,  [')'] = true,  ['\\'] = true,
	['\''] = true, ['"'] = true,  ['$'] = true,  ['`'] = true,
};

static int word(struct shlex *lx, struct shlex_chunk *c, enum term term,
		uint8_t flags)
{
	size_t start = lx->pos;
	size_t ps = c->npieces;
	size_t lit = SIZE_MAX;

	/* Process substitution: "<(" or ">(" opens a word. */
	if ((lx->text[start] == '<' || lx->text[start] == '>') &&
	    start + 1 < lx->len && lx->text[start + 1] == '(') {
		lx->pos += 2;
		if (sub(lx, c, TERM_PAREN, start, &ps, SHLEX_PROCSUB,
			SHLEX_Q_NONE) < 0) {
			return -1;
		}
	}
	while (lx->pos < lx->len) {
		/* Plain bytes first, in one sweep: most of a script. */
		if (!special[(unsigned char)lx->text[lx->pos]]) {
			if (lit == SIZE_MAX) {
				lit = lx->pos;
			}
			do {
				lx->pos++;
			} while (lx->pos < lx->len &&
				 !special[(unsigned char)lx->text[lx->pos]]);
			continue;
		}
		char ch = lx->text[lx->pos];
		size_t k;
		if (ch == ' ' || ch == '\t' || ch == '\n' || is_meta(ch) ||
		    is_blank(lx, lx->pos) ||
		    (ch == '`' && term == TERM_BACKQ)) {
			break;
		}
		if (ch == '\\' && (k = continuation(lx, lx->pos)) != 0) {
			if (lit_flush(c, &lit, lx->pos, SHLEX_Q_NONE) < 0) {
				return -1;
			}
			lx->pos += k;
			continue;
		}
		if (ch == '\\') {
			if (lx->pos + 1 >= lx->len) {
				/* A backslash at the very end is itself. */
				if (lit == SIZE_MAX) {
					lit = lx->pos;
				}
				lx->pos++;
				continue;
			}
			if (lit_flush(c, &lit, lx->pos, SHLEX_Q_NONE) < 0 ||
			    piece_push(c, SHLEX_ESC, SHLEX_Q_NONE,
				       (uint8_t)lx->text[lx->pos + 1], lx->pos,
				       lx->pos + 2) < 0) {
				return -1;
			}
			lx->pos += 2;
			continue;
		}
		if (ch == '\'' || ch == '"' || ch == '$' || ch == '`') {
			if (lit_flush(c, &lit, lx->pos, SHLEX_Q_NONE) < 0) {
				return -1;
			}
		}
		int rc = 0;
		if (ch == '\'') {
			rc = single_quoted(lx, c);
		} else if (ch == '"') {
			rc = double_quoted(lx, c, &ps, term);
		} else if (ch == '$' && lx->dialect != SHELLCMD_MAKE &&
			   lx->pos + 1 < lx->len &&
			   lx->text[lx->pos + 1] == '\'') {
			rc = ansi_quoted(lx, c);
		} else if (ch == '$') {
			rc = any_dollar(lx, c, SHLEX_Q_NONE, &ps);
		} else if (ch == '`') {
			size_t at = lx->pos++;
			rc = sub(lx, c, TERM_BACKQ, at, &ps, SHLEX_BACKQ,
				 SHLEX_Q_NONE);
		} else {
			if (lit == SIZE_MAX) {
				lit = lx->pos;
			}
			lx->pos++;
		}
		if (rc < 0) {
			return -1;
		}
	}
	if (lit_flush(c, &lit, lx->pos, SHLEX_Q_NONE) < 0) {
		return -1;
	}
	struct shlex_tok *t = tok_push(c, SHLEX_WORD, 0, start, lx->pos);
	if (!t) {
		return -1;
	}
	t->flags = flags;
	t->piece = (uint32_t)ps;
	t->npieces = (uint32_t)(c->npieces - ps);
	return 0;
}

/* The operator at lx->pos, or SHLEX_OP_NONE; *len its length. */
static enum shlex_op op_at(const struct shlex *lx, size_t *len)
{
	const char *s = lx->text + lx->pos;
	size_t left = lx->len - lx->pos;
	char a = s[0], b = left > 1 ? s[1] : '\0', d = left > 2 ? s[2] : '\0';
	*len = 1;
	switch (a) {
	case ';':
		if (b == ';') {
			*len = d == '&' ? 3 : 2;
			return SHLEX_OP_DSEMI;
		}
		if (b == '&') {
			*len = 2;
			return SHLEX_OP_DSEMI;
		}
		return SHLEX_OP_SEMI;
	case '&':
		if (b == '&') {
			*len = 2;
			return SHLEX_OP_AND;
		}
		if (b == '>') {
			*len = d == '>' ? 3 : 2;
			return SHLEX_OP_REDIR;
		}
		return SHLEX_OP_AMP;
	case '|':
		if (b == '|') {
			*len = 2;
			return SHLEX_OP_OR;
		}
		*len = b == '&' ? 2 : 1;
		return SHLEX_OP_PIPE;
	case '(':
		return SHLEX_OP_LPAREN;
	case ')':
		return SHLEX_OP_RPAREN;
	case '<':
		if (b == '<') {
			if (d == '<') {
				*len = 3;
				return SHLEX_OP_REDIR;
			}
			*len = d == '-' ? 3 : 2;
			return SHLEX_OP_HEREDOC;
		}
		*len = (b == '>' || b == '&') ? 2 : 1;
		return SHLEX_OP_REDIR;
	case '>':
		*len = (b == '>' || b == '&' || b == '|') ? 2 : 1;
		return SHLEX_OP_REDIR;
	}
	return SHLEX_OP_NONE;
}

/* Whether the last token is a word of digits right before lx->pos. */
static void mark_ionumber(struct shlex *lx, struct shlex_chunk *c)
{
	if (c->n == 0) {
		return;
	}
	struct shlex_tok *t = &c->toks[c->n - 1];
	if (t->type != SHLEX_WORD || t->end != lx->pos || t->npieces != 1) {
		return;
	}
	const struct shlex_piece *p = &c->pieces[t->piece];
	if (p->kind != SHLEX_LIT || p->quote != SHLEX_Q_NONE ||
	    p->off != t->off || p->end != t->end) {
		return;
	}
	for (size_t i = p->off; i < p->end; i++) {
		if (lx->text[i] < '0' || lx->text[i] > '9') {
			return;
		}
	}
	t->flags |= SHLEX_F_IONUMBER;
}

static bool line_first(const struct shlex *lx, size_t i)
{
	while (i > 0 && (lx->text[i - 1] == ' ' || lx->text[i - 1] == '\t')) {
		i--;
	}
	return i == 0 || lx->text[i - 1] == '\n';
}

static int lex_list(struct shlex *lx, struct shlex_chunk *c, enum term term,
		    size_t opener)
{
	size_t parens = 0;
	uint8_t next_flags = 0;
	bool heredoc_next = false, strip = false;

	for (;;) {
		while (lx->pos < lx->len) {
			size_t k = is_blank(lx, lx->pos)
					   ? 1
					   : continuation(lx, lx->pos);
			if (k == 0) {
				break;
			}
			lx->pos += k;
		}
		if (lx->pos >= lx->len) {
			if (term == TERM_PAREN) {
				return fail(lx, opener,
					    lx->text[opener] == '$'
						    ? "unterminated \"$(\""
						    : "unterminated \"(\"");
			}
			if (term == TERM_BACKQ) {
				return fail(lx, opener,
					    "unterminated backquote");
			}
			return 0;
		}
		char ch = lx->text[lx->pos];
		if (ch == '\n') {
			if (!tok_push(c, SHLEX_OP, SHLEX_OP_NEWLINE, lx->pos,
				      lx->pos + 1)) {
				return -1;
			}
			lx->pos++;
			if (lx->nhd > 0 && heredoc_bodies(lx, c) < 0) {
				return -1;
			}
			if (term == TERM_TOP) {
				return 1;
			}
			continue;
		}
		if (ch == '#') {
			const char *nl = memchr(lx->text + lx->pos, '\n',
						lx->len - lx->pos);
			size_t end = nl ? (size_t)(nl - lx->text) : lx->len;
			if (term == TERM_BACKQ) {
				/* bash finds the closing "`" before it parses
				 * what is inside: a comment ends there. */
				const char *bq = memchr(lx->text + lx->pos, '`',
							end - lx->pos);
				if (bq) {
					end = (size_t)(bq - lx->text);
				}
			}
			if (end > lx->pos && lx->text[end - 1] == '\r') {
				end--;
			}
			struct shlex_tok *t =
				tok_push(c, SHLEX_COMMENT, 0, lx->pos, end);
			if (!t) {
				return -1;
			}
			if (line_first(lx, lx->pos)) {
				t->flags |= SHLEX_F_LINE_FIRST;
			}
			lx->pos = end;
			continue;
		}
		if (term == TERM_BACKQ && ch == '`') {
			lx->pos++;
			return 0;
		}
		if (ch == ')' && term == TERM_PAREN && parens == 0) {
			lx->pos++;
			return 0;
		}
		size_t len;
		enum shlex_op op = op_at(lx, &len);
		if (op != SHLEX_OP_NONE &&
		    !((ch == '<' || ch == '>') && len == 1 &&
		      lx->pos + 1 < lx->len && lx->text[lx->pos + 1] == '(')) {
			if (op == SHLEX_OP_REDIR || op == SHLEX_OP_HEREDOC) {
				mark_ionumber(lx, c);
			}
			if (!tok_push(c, SHLEX_OP, (uint8_t)op, lx->pos,
				      lx->pos + len)) {
				return -1;
			}
			if (op == SHLEX_OP_LPAREN) {
				parens++;
			} else if (op == SHLEX_OP_RPAREN && parens > 0) {
				parens--;
			}
			next_flags = 0;
			heredoc_next = false;
			if (op == SHLEX_OP_REDIR) {
				next_flags = SHLEX_F_REDIR_TARGET;
			} else if (op == SHLEX_OP_HEREDOC) {
				next_flags = SHLEX_F_DELIM;
				heredoc_next = true;
				strip = len == 3;
			}
			lx->pos += len;
			continue;
		}
		if (word(lx, c, term, next_flags) < 0) {
			return -1;
		}
		if (heredoc_next &&
		    heredoc_add(lx, c, &c->toks[c->n - 1], strip) < 0) {
			return -1;
		}
		next_flags = 0;
		heredoc_next = false;
	}
}

size_t shlex_line_simple(const struct shlex *lx, size_t n)
{
	const char *p = lx->text + lx->pos;
	char quote = 0;
	int braces = 0;
	if (lx->nhd > 0 || lx->depth > 0) {
		return 0;
	}
	static const bool hot[256] = {
		['\''] = true, ['"'] = true, ['\\'] = true, ['`'] = true,
		['<'] = true,  ['$'] = true, ['{'] = true,  ['}'] = true,
	};
	for (size_t i = 0; i < n; i++) {
		while (!quote && i < n && !hot[(unsigned char)p[i]]) {
			i++;
		}
		if (i >= n) {
			break;
		}
		char c = p[i];
		if (quote) {
			if (c == quote) {
				quote = 0;
			} else if (quote == '"' && (c == '\\' || c == '`' ||
						    (c == '$' && i + 1 < n &&
						     p[i + 1] == '('))) {
				return 0;
			}
			continue;
		}
		switch (c) {
		case '\'':
		case '"':
			quote = c;
			break;
		case '\\':
		case '`':
			return 0;
		case '<':
			if (i + 1 < n && p[i + 1] == '<') {
				return 0;
			}
			break;
		case '$':
			if (i + 1 < n &&
			    (p[i + 1] == '(' || p[i + 1] == '\'')) {
				return 0;
			}
			break;
		case '{':
			braces++;
			break;
		case '}':
			braces--;
			break;
		}
	}
	/* Every "${" of the line closes on it when the braces balance. */
	return quote == 0 && braces == 0 ? n : 0;
}

void shlex_seek(struct shlex *lx, size_t pos)
{
	lx->pos = pos < lx->len ? pos : lx->len;
	for (size_t h = 0; h < lx->nhd; h++) {
		free(lx->hd[h].delim);
	}
	lx->nhd = 0;
	lx->depth = 0;
}

int shlex_next(struct shlex *lx, struct shlex_chunk *c)
{
	c->n = 0;
	c->npieces = 0;
	if (lx->pos >= lx->len) {
		return 0;
	}
	if (lx->len > UINT32_MAX) {
		return fail(lx, 0, "text larger than 4 GiB");
	}
	if (lex_list(lx, c, TERM_TOP, 0) < 0) {
		return -1;
	}
	return 1;
}

/* ---- canonical form ---- */

static int canon_byte(struct buf *out, char b, bool unquoted)
{
	if (b == CANON_MARK) {
		return buf_add(out, "\x01\x01", 2);
	}
	if (unquoted && (b == '*' || b == '?' || b == '[')) {
		char m[3] = { CANON_MARK, 'g', b };
		return buf_add(out, m, 3);
	}
	return buf_addc(out, b);
}

int shlex_canon_lit(const char *s, size_t len, struct buf *out)
{
	for (size_t i = 0; i < len; i++) {
		if (canon_byte(out, s[i], false) < 0) {
			return -1;
		}
	}
	return 0;
}

int shlex_canon_piece(const struct shlex *lx, const struct shlex_piece *p,
		      size_t from, size_t to, struct buf *out)
{
	static const char kinds[] = "LEPCBSAM";
	char m[3] = { CANON_MARK, kinds[p->kind], (char)('0' + p->quote) };
	bool unq = p->quote == SHLEX_Q_NONE;

	switch (p->kind) {
	case SHLEX_LIT:
		if (to > p->end - p->off) {
			to = p->end - p->off;
		}
		/* Runs of plain bytes in one append: most words are such. */
		for (size_t i = p->off + from, e = p->off + to; i < e;) {
			size_t k = i;
			while (k < e && lx->text[k] != CANON_MARK &&
			       !(unq &&
				 (lx->text[k] == '*' || lx->text[k] == '?' ||
				  lx->text[k] == '['))) {
				k++;
			}
			if (k > i && buf_add(out, lx->text + i, k - i) < 0) {
				return -1;
			}
			if (k < e && canon_byte(out, lx->text[k], unq) < 0) {
				return -1;
			}
			i = k < e ? k + 1 : k;
		}
		return 0;
	case SHLEX_ESC:
		return canon_byte(out, (char)p->ch, false);
	case SHLEX_CMDSUB:
	case SHLEX_BACKQ:
	case SHLEX_PROCSUB:
		return buf_add(out, m, 3);
	default:
		if (buf_add(out, m, 3) < 0) {
			return -1;
		}
		for (size_t i = p->off; i < p->end; i++) {
			if (canon_byte(out, lx->text[i], false) < 0) {
				return -1;
			}
		}
		return buf_add(out, "\x01e", 2);
	}
}

int shlex_canon(const struct shlex *lx, const struct shlex_chunk *c,
		const struct shlex_tok *t, struct buf *out)
{
	for (uint32_t k = 0; k < t->npieces; k++) {
		if (shlex_canon_piece(lx, &c->pieces[t->piece + k], 0, SIZE_MAX,
				      out) < 0) {
			return -1;
		}
	}
	return 0;
}
