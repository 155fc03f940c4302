#ifndef COMPOSEFIX_MARKDOWN_H
#define COMPOSEFIX_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"
#include "mdview.h"
#include "shellcmd.h"
#include "source.h"

/*
 * The Markdown front end's pipeline over one file:
 *     md_view_build()     the code blocks and spans (mdview.h)
 *     shellcmd_analyze()  each one a reader runs as shell, in file order
 *                         (a large file: both steps in two parts, one
 *                         a thread, where md_view_cut() finds a cut that
 *                         reads as the whole)
 *     edit_apply()        the planned splices, on the whole file
 *     md_view_same()      the new text parses as the old (same blocks,
 *                         kinds, info strings, nesting; every text where
 *                         the splices put it)
 *     shellcmd_verify()   every analysed text lexes as before except the
 *                         planned values
 * or nothing may be written.
 *
 * Which units are read as shell: fenced blocks whose info string names a
 * shell or a console session (mdview.h's md_lang) or nothing, indented
 * blocks, and spans on one line; only those that mention docker, podman
 * or nerdctl (a text that does not cannot hold a container-run command),
 * and none in a file that never does (shellcmd_mentions(): not parsed).
 * A console block with a line that starts with a prompt ("$ ", "# ",
 * "% "), or any other block or span with a line that starts with "$ ",
 * is read as a session (SHELLCMD_CONSOLE): only prompted lines and their
 * continuations are commands, output lines are not. A console block
 * without any prompt is a list of commands (official image docs write
 * them so) and is read as shell. A span that runs over
 * lines is left alone: Markdown joins its lines with a space, where the
 * shell would see two commands.
 */

/* One unit given to the analysis. */
struct md_text {
	uint32_t unit; /* index into view.units */
	enum shellcmd_dialect dialect;
	size_t seg, nseg; /* its segments: segs[seg .. seg+nseg) */
	size_t call;	  /* which shellcmd_analyze() call read it */
	bool lexed;	  /* false: it is not shell the lexer reads */
	/* when !lexed: why and where (owned; NULL when lexed, as most are:
	 * a file has thousands of texts) */
	struct shellcmd_error *error;
};

struct markdown_proof;

/* 256 KiB of code: below it, a second thread costs more than it saves. */
#define MARKDOWN_SPLIT_FROM ((size_t)256 * 1024)

struct markdown {
	struct source *src; /* the input (not owned), from markdown_scan() */
	struct md_view view;
	struct shellcmd sc;
	struct md_text *texts;
	size_t ntexts, captexts;
	/* line by line with their line ends (spans: their bytes) */
	struct shellcmd_seg *segs;
	size_t nsegs, capsegs;
	struct edit *edits; /* sc's splices in file order (sc.nedits) */
	bool edits_ok;	    /* ... and they apply (edit_sort_check()) */
	struct buf out;	    /* the new bytes, once built */
	/* where they are once built, also after markdown_take() moved the
	 * buffer away */
	const char *planned;
	size_t planned_len;
	/* the parse of out that proves it, started by markdown_scan() on a
	 * thread of its own; private to markdown.c */
	struct markdown_proof *proof;
	/* From this many bytes on, a file is parsed and read in two parts
	 * on two threads where it can be cut (mdview.h's md_view_cut());
	 * else from this many bytes of code on, its texts are read in two
	 * halves on two threads (MARKDOWN_SPLIT_FROM; tests set 0 or
	 * SIZE_MAX). */
	size_t split_from;
	/* tests: where to cut (0: where md_view_cut() says) */
	size_t cut_at;
	/* Read in two parts. md4c 0.4.8 does not always parse a part as it
	 * parses the same bytes within the whole: its check for a list item
	 * that starts with two blank lines reads the last line record as a
	 * block header, so whether a list ends early can turn on the low
	 * byte of a line's offset (found by the fuzz harness; it also makes
	 * a whole parse of the new bytes differ from the old's, now and
	 * then, which refuses a change). So a view read in parts is proven
	 * by a parse of the whole: the new bytes' when there are splices
	 * (markdown_verify(), which reads the file again whole when that
	 * parse differs), else the old bytes' (markdown_scan(), which reads
	 * it again whole then). */
	bool cut;
	struct shellcmd_opts opts; /* markdown_scan()'s, for a second read */
};

void markdown_init(struct markdown *m);
/* Frees everything; NULL is fine. */
void markdown_release(struct markdown *m);

/*
 * Reads src's bytes (checked text, see source_check_text(); src and its
 * bytes must outlive m) under opts (its suppress_all is set per unit
 * from the ignore comments): the view, and every unit that may hold
 * commands analysed into m->sc (findings, and splices m->edits in file
 * order). A unit the lexer cannot read is kept with lexed false. Returns
 * 0, or -1 with errno ENOMEM or EOVERFLOW.
 */
int markdown_scan(struct markdown *m, struct source *src,
		  const struct shellcmd_opts *opts);

/*
 * Proves new[0..len) after markdown_scan(): it must be the input with
 * exactly the splices, parse as the same Markdown with every text where
 * the splices put it, and every edited text must lex as before except the
 * planned values. Returns 1 when proven; 0 when not, with an error in d
 * that says where (old positions for the Markdown, new ones for a
 * command): nothing may be written; -1 with errno ENOMEM.
 */
int markdown_verify(struct markdown *m, const char *new, size_t len,
		    struct diags *d);

/*
 * After markdown_scan(): when e[0..n) (sorted) are m's splices, moves the
 * new bytes the proof's thread builds from them (waiting for them) into
 * out, which is released first, and returns 1; their memory must outlive
 * m (the proof reads it until markdown_verify() or markdown_release()).
 * Returns 0 when they are not m's splices (or there is no proof: out is
 * left alone), -1 with errno ENOMEM when they could not be built.
 */
int markdown_take(struct markdown *m, const struct edit *e, size_t n,
		  struct buf *out);

/*
 * markdown_scan(), the splices applied into m->out, markdown_verify().
 * Returns 0 when every change is proven (m->out holds the new bytes when
 * m->sc.nedits > 0); 1 when not, with an error in d: nothing may be
 * written; -1 with errno ENOMEM or EOVERFLOW.
 */
int markdown_run(struct markdown *m, struct source *src,
		 const struct shellcmd_opts *opts, struct diags *d);

/*
 * Whether a unit of this kind and language that cannot be lexed is worth
 * a warning: a block that says it is shell is; a block without an info
 * string, an indented block or a span may be anything.
 */
bool markdown_text_claims_shell(const struct markdown *m,
				const struct md_text *t);

#endif
