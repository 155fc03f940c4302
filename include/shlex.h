#ifndef COMPOSEFIX_SHLEX_H
#define COMPOSEFIX_SHLEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "shellcmd.h"

/*
 * The shell lexer under shellcmd.h: words with quote removal and exact
 * byte spans, operators, comments and heredoc bodies, one top-level line
 * (a "chunk") at a time. It reads the logical text of a shellcmd_input:
 * its segments joined (a single segment is read in place, several are
 * copied once), console prompts removed (SHELLCMD_CONSOLE), and maps every
 * logical offset back to the original file.
 *
 * Every offset in a token or piece is a logical one (shlex_orig() maps
 * it). Nothing here allocates per token beyond the chunk's arrays, which
 * are reused from one chunk to the next.
 */

enum shlex_tok_type {
	SHLEX_WORD,
	SHLEX_OP,	/* op says which; a newline is SHLEX_OP_NEWLINE */
	SHLEX_COMMENT,	/* "#..." up to the end of the line */
	SHLEX_HEREDOC,	/* a heredoc body (not lexed) */
	SHLEX_SUB_OPEN, /* the commands of "$(", "`", "<(" or ">(" follow */
	SHLEX_SUB_CLOSE,
};

enum shlex_op {
	SHLEX_OP_NONE,
	SHLEX_OP_NEWLINE,
	SHLEX_OP_SEMI,	  /* ; */
	SHLEX_OP_DSEMI,	  /* ;; ;& ;;& */
	SHLEX_OP_AMP,	  /* & */
	SHLEX_OP_AND,	  /* && */
	SHLEX_OP_OR,	  /* || */
	SHLEX_OP_PIPE,	  /* | |& */
	SHLEX_OP_LPAREN,  /* ( */
	SHLEX_OP_RPAREN,  /* ) */
	SHLEX_OP_REDIR,	  /* < > >> <> >| <& >& &> &>> <<< */
	SHLEX_OP_HEREDOC, /* << <<- */
};

/* Token flags. */
enum {
	SHLEX_F_REDIR_TARGET = 1, /* the word after a redirection */
	SHLEX_F_IONUMBER = 2,	  /* "2" in "2>file" */
	SHLEX_F_DELIM = 4,	  /* a heredoc's delimiter word */
	SHLEX_F_LINE_FIRST = 8,	  /* first token on its line (comments) */
};

enum shlex_piece_kind {
	SHLEX_LIT,     /* literal bytes: the value is the source span */
	SHLEX_ESC,     /* one escaped byte ("\x", "$$" in make's quotes):
			* the value is ch */
	SHLEX_PARAM,   /* $NAME, ${...}, $1, $@ (make: $$NAME, $${...}) */
	SHLEX_CMDSUB,  /* $(...), its commands are tokens of their own */
	SHLEX_BACKQ,   /* `...`, likewise */
	SHLEX_PROCSUB, /* <(...) >(...), likewise */
	SHLEX_ARITH,   /* $((...)) */
	SHLEX_MAKEVAR, /* make's $(VAR), ${VAR}, $X */
};

enum shlex_quote {
	SHLEX_Q_NONE,
	SHLEX_Q_SINGLE,
	SHLEX_Q_DOUBLE,
	SHLEX_Q_ANSI, /* $'...' */
};

struct shlex_piece {
	uint8_t kind;  /* enum shlex_piece_kind */
	uint8_t quote; /* enum shlex_quote */
	uint8_t ch;    /* SHLEX_ESC: the byte */
	uint32_t off;  /* source span (quotes of the word not included) */
	uint32_t end;
};

struct shlex_tok {
	uint8_t type;  /* enum shlex_tok_type */
	uint8_t op;    /* enum shlex_op */
	uint8_t flags; /* SHLEX_F_* */
	uint32_t off;  /* source span, quotes included */
	uint32_t end;
	uint32_t piece; /* SHLEX_WORD: pieces[piece .. piece + npieces) */
	uint32_t npieces;
};

/* The tokens of one chunk; reused from chunk to chunk. */
struct shlex_chunk {
	struct shlex_tok *toks;
	size_t n;
	size_t cap;
	struct shlex_piece *pieces;
	size_t npieces;
	size_t pcap;
};

struct shlex_run; /* private: one run of the logical-to-original map */
struct shlex_heredoc;

struct shlex {
	const char *text; /* the logical text */
	size_t len;
	char *owned; /* text, when it had to be built */
	struct shlex_run *runs;
	size_t nruns;
	size_t runs_cap;
	enum shellcmd_dialect dialect;
	size_t pos;
	unsigned depth; /* nesting of substitutions */
	struct shlex_heredoc *hd;
	size_t nhd;
	size_t hd_cap;
	/* After a failure with errno EINVAL: the logical offset and why. */
	size_t err_off;
	const char *err;
};

/*
 * Builds the logical text of in (its segments must outlive lx: a single
 * segment is read in place). Returns 0, or -1 with errno ENOMEM or EINVAL
 * (segments out of order or outside the source).
 */
int shlex_init(struct shlex *lx, const struct shellcmd_input *in);
void shlex_release(struct shlex *lx);

void shlex_chunk_init(struct shlex_chunk *c);
void shlex_chunk_release(struct shlex_chunk *c);

/*
 * Lexes the next chunk into c (emptied first): the tokens up to and
 * including the next newline outside quotes and substitutions, with the
 * bodies of the heredocs it opens. Returns 1 with a chunk, 0 at the end
 * of the text, or -1 with errno ENOMEM, or EINVAL when the text cannot be
 * lexed (lx->err and lx->err_off say why and where; the chunk is then
 * unusable and so is the lexer).
 */
int shlex_next(struct shlex *lx, struct shlex_chunk *c);

/*
 * n, the length of the line at the lexer's position (its newline
 * included, as the caller found it), when that line is a whole chunk on
 * its own for certain: no quote, substitution, "${", heredoc or
 * continuation carries on past its end. 0 when it may (lexing tells).
 * The analysis passes over such a line without lexing it when it names
 * no CLI.
 */
size_t shlex_line_simple(const struct shlex *lx, size_t n);

/*
 * Makes the next chunk start at logical offset pos, which must be where a
 * chunk started when the text was lexed from its beginning (the verifier
 * lexes again only the chunks that changed).
 */
void shlex_seek(struct shlex *lx, size_t pos);

/* The original file's offset of logical offset off (0..lx->len). */
size_t shlex_orig(const struct shlex *lx, size_t off);

/*
 * Whether logical [off, end) is one contiguous run of original bytes (no
 * segment boundary or removed prompt inside).
 */
bool shlex_contiguous(const struct shlex *lx, size_t off, size_t end);

/*
 * Appends the word's canonical form to out: its value after quote removal
 * with every expansion marked by its kind and quoting (a parameter or
 * make expansion with its source text, a substitution without: its
 * commands are tokens of their own) and unquoted glob characters marked.
 * Two words read the same to the shell when their forms are equal.
 * Returns 0, or -1 on ENOMEM.
 */
int shlex_canon(const struct shlex *lx, const struct shlex_chunk *c,
		const struct shlex_tok *t, struct buf *out);

/*
 * The canonical form of one piece, or for a SHLEX_LIT piece of its source
 * bytes [from, to) (offsets relative to the piece; other kinds are whole
 * whatever from and to say), appended to out. shlex_canon() is these
 * forms of the word's pieces, one after the other. Returns 0, or -1.
 */
int shlex_canon_piece(const struct shlex *lx, const struct shlex_piece *p,
		      size_t from, size_t to, struct buf *out);

/* The canonical form of literal bytes s[0..len) read inside quotes. */
int shlex_canon_lit(const char *s, size_t len, struct buf *out);

#endif
