#ifndef COMPOSEFIX_SHELLCMD_H
#define COMPOSEFIX_SHELLCMD_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "edit.h"
#include "source.h"

/*
 * The docker-run analysis: finds the container-run commands of a piece of
 * shell text (docker/podman/nerdctl run|create, docker container
 * run|create, docker compose run, docker-compose run, podman pod create,
 * docker service create), judges every publishing option with the port
 * grammar of portspec.h, and plans the splices that bind them. Every
 * front end that holds shell text uses it: shell scripts, Makefile recipes
 * and command variables, Markdown code blocks and inline code.
 *
 * The text is given as segments of the original file's bytes: the logical
 * text is their concatenation. A shell script is one segment; a Makefile
 * recipe is its lines without the recipe prefix; a Markdown block is its
 * lines without the block-quote markers and the list indentation. Every
 * offset this module returns refers to the original file.
 *
 * Pipeline, for one text:
 *     shellcmd_analyze()  lex, find commands, judge, plan   -> findings, edits
 *     edit_apply()        by the caller, on the whole file   -> new bytes
 *     shellcmd_verify()   lex the new text again, compare    -> verdict
 * The new text's segments are the caller's to find again (a Markdown file
 * is parsed again; a Makefile scanned again).
 */

/* How the logical text reads. */
enum shellcmd_dialect {
	SHELLCMD_SH,   /* POSIX shell / bash: a script, a code block */
	SHELLCMD_MAKE, /* a make recipe or a command variable's value: "$$"
			* is the shell's "$", "$(VAR)" "${VAR}" "$X" are
			* make's (a value the shell never sees), also inside
			* the shell's single quotes */
	/* A console session: only lines that start with a prompt "$ ", "# "
	 * or "% " (after blanks) are commands, without the prompt; a line
	 * ending in a backslash, "&&", "||" or "|" continues on the next
	 * line, without its "> " secondary prompt. Other lines are output. */
	SHELLCMD_CONSOLE,
};

/* A run of the original file's bytes: data[off .. off + len). */
struct shellcmd_seg {
	size_t off;
	size_t len;
};

struct shellcmd_input {
	/* The original file: positions and line/column numbers (not owned;
	 * its line index may be built on first use, hence not const). */
	struct source *src;
	/* In ascending order, not overlapping, inside src (not owned). */
	const struct shellcmd_seg *segs;
	size_t nsegs;
	enum shellcmd_dialect dialect;
};

struct shellcmd_opts {
	const char *const *binds;    /* addresses to bind to; NULL: 127.0.0.1 */
	size_t nbinds;		     /* 2: dual-stack, a second -p per option */
	bool fix_explicit;	     /* also rebind explicit wildcards */
	const unsigned *allow_ports; /* host ports that may stay public */
	size_t nallow_ports;
	/* Every finding is SHELLCMD_SUPPRESSED (Markdown's
	 * "<!-- composefix: ignore -->" before a block). */
	bool suppress_all;
	/* Names of variables known to hold a container CLI ("DOCKER" after
	 * "DOCKER := docker" in a Makefile): "$(NAME) run", "${NAME} run",
	 * "$NAME run" are then docker commands. Names that contain "docker",
	 * "podman" or "nerdctl" (any case) count without being listed. */
	const char *const *cli_vars;
	size_t ncli_vars;
	/* Publishing options judged as usual but never fixed (--only left
	 * their category out): their offsets, shellcmd_finding.off, in any
	 * order. */
	const size_t *leave;
	size_t nleave;
};

/*
 * What a publishing option is. The first eight mirror the compose kinds
 * (a front end maps them onto the kinds table); the last two are the
 * command's, not an entry's.
 */
enum shellcmd_kind {
	SHELLCMD_BOUND,		    /* a specific address: nothing to do */
	SHELLCMD_UNBOUND,	    /* "8080:80", ":8080:80" */
	SHELLCMD_CONTAINER_ONLY,    /* "3000": ephemeral host port */
	SHELLCMD_EXPLICIT_WILDCARD, /* "0.0.0.0:80:80" and friends */
	SHELLCMD_VARIABLE,	    /* the address is a shell/make variable */
	SHELLCMD_UNDECIDABLE,	    /* the value is wholly a variable */
	SHELLCMD_INVALID,	    /* not a value Docker accepts */
	SHELLCMD_SUPPRESSED,	    /* "# composefix: ignore" */
	SHELLCMD_ALLOWED,	    /* --allow-port */
	SHELLCMD_PUBLISH_ALL, /* -P / --publish-all: no splice can fix it */
	SHELLCMD_SWARM,	      /* docker service create -p: every node */
	SHELLCMD_KIND_COUNT,
};

/* One publishing option (or -P, or a service's --publish). */
/* An image reference this long or longer is not kept (exposure.h). */
#define SHELLCMD_IMAGE_MAX 160

struct shellcmd_finding {
	enum shellcmd_kind kind;
	/* Static: "docker run", "podman create", "docker compose run",
	 * "docker-compose run", "podman pod create", "docker service create",
	 * "nerdctl run", "docker container run", ... */
	const char *command;
	size_t cmd_off; /* where the command's name starts */
	size_t off;	/* where the option starts ("-p", "-dp", "--publish") */
	size_t value_off; /* the value's first source byte (a quote, if any) */
	size_t value_end; /* just past the value's last source byte */
	/* The value after the shell's quote removal, expansions as written
	 * ("$PORT:80", "$(HOST_PORT):80"); for -P the option word ("-P",
	 * "-dP", "--publish-all"). Owned by the analysis. */
	char *value;
	/* The value after the fix for the first address; NULL when the
	 * option is not fixed. Owned by the analysis. */
	char *fixed;
	/* Dual-stack: the value of the "-p" added for the second address
	 * (its splice is the finding's last); NULL otherwise. Owned. */
	char *fixed_copy;
	/* SHELLCMD_INVALID: why Docker refuses the value; for a kind that
	 * is fixed but could not be (fixed == NULL): why no safe splice
	 * exists. Static, lower case; NULL otherwise. */
	const char *why;
	/* This finding's splices: edits[first_edit .. first_edit + nedits). */
	size_t first_edit;
	size_t nedits;
	/* The image the command runs as written, when it is one literal word
	 * ("mysql:8", "ghcr.io/acme/api"): image_len bytes at image in the
	 * analysis' text (shellcmd.text); image_len 0 when unknown or too
	 * long (SHELLCMD_IMAGE_MAX bytes or more), and for docker compose
	 * run (a service). */
	size_t image, image_len;
	bool left; /* in opts->leave: judged, not fixed */
};

/* A text that cannot be lexed: where and why. */
struct shellcmd_error {
	size_t off; /* original offset */
	unsigned line, col;
	char msg[128];
};

/* Private to the module: the planned changes the verifier checks, and
 * the old tokens it checks them against. */
struct shellcmd_expect;
struct shellcmd_tok;

struct shellcmd_keep;

struct shellcmd {
	struct shellcmd_finding *v; /* in text order */
	size_t n;
	size_t cap;
	/* The splices of every finding, each finding's together in the
	 * order planned (edit_sort_check() on a copy puts them in file
	 * order; two at one offset must keep their order), not overlapping,
	 * their inserted bytes in text (valid until the next analysis). */
	struct edit *edits;
	size_t nedits;
	size_t edits_cap;
	struct buf text;
	struct shellcmd_error error; /* after a return of 1 */
	struct shellcmd_expect *expect;
	size_t nexpect;
	size_t expect_cap;
	struct buf expect_text;
	/* The tokens of each chunk that holds a planned change, as the
	 * analysis lexed them: the verifier lexes only the new bytes. */
	struct shellcmd_tok *toks;
	size_t ntoks;
	size_t toks_cap;
	size_t ntexts; /* calls of shellcmd_analyze so far */
	/* Shell variables assigned a container CLI so far ("DOCKER=podman"),
	 * owned: later texts of the same file see them too. */
	char **vars;
	size_t nvars;
	size_t vars_cap;
	/* The findings' strings (value, fixed, fixed_copy), in blocks that
	 * never move and go with sc: one allocation for many. */
	char **blocks;
	size_t nblocks, blocks_cap;
	size_t block_used, block_size; /* of the last block */
	/* Scratch an analysis or a verification leaves for the next (its
	 * token arrays and buffers, grown once for a file of many texts);
	 * private to shellcmd.c, never state. */
	struct shellcmd_keep *keep;
};

void shellcmd_init(struct shellcmd *sc);
/* Frees everything sc holds and leaves it as after init; NULL is fine. */
void shellcmd_release(struct shellcmd *sc);

/*
 * Lexes in's logical text, finds its container-run commands and judges
 * their publishing options (appending to sc: one call per text; several
 * texts of one file may be analysed into one sc, in file order), and
 * plans the splices under opts. Nothing in "echo '...'", comments, heredoc
 * bodies or the arguments after an image is a command or an option.
 * A "# composefix: ignore" comment on a command's first line, on any of
 * its lines, or alone on the line above its first, suppresses its options.
 * Returns 0; 1 when the text cannot be lexed (an unbalanced quote, an
 * unterminated "$(", "${", "`" or "$(("): sc->error says where, and sc
 * holds no findings or edits of this text; -1 with errno ENOMEM.
 */
int shellcmd_analyze(struct shellcmd *sc, const struct shellcmd_input *in,
		     const struct shellcmd_opts *opts);

/*
 * shellcmd_verify() with the token arrays and buffers of scratch (an
 * empty shellcmd the caller owns and releases) instead of sc's: two
 * threads can verify texts of one sc at once, each with its scratch.
 */
int shellcmd_verify_with(const struct shellcmd *sc, struct shellcmd *scratch,
			 size_t text, const struct shellcmd_input *old,
			 const struct shellcmd_input *new,
			 struct shellcmd_error *err);

/*
 * Moves everything from's analyses found (findings, splices, what the
 * verifier expects, variables) to the end of sc's, as if from's texts
 * had been analysed into sc after sc's own; from is left empty. Returns
 * 0, or -1 on ENOMEM (both unchanged). Lets texts be analysed on two
 * threads, each into its own shellcmd, when no text sets a variable that
 * a later one reads.
 */
int shellcmd_append(struct shellcmd *sc, struct shellcmd *from);

/*
 * Proves a change: lexes old (the input analysed into sc, unchanged) and
 * new (the same text after the splices, its segments found again over the
 * new bytes) side by side, and compares them word by word: every word,
 * operator, comment and heredoc must read the same after quote removal
 * (same quoting of every expansion), except the values sc planned, which
 * must read exactly as intended, and the "-p VALUE" words planned for a
 * second address, which must be there. When several texts were analysed
 * into sc, call once per text with text the index of its analysis (0 for
 * the first call of shellcmd_analyze, 1 for the second, ...).
 * Returns 0 when they agree; 1 when not, with err saying where (the new
 * text's position); -1 with errno ENOMEM.
 */
int shellcmd_verify(const struct shellcmd *sc, size_t text,
		    const struct shellcmd_input *old,
		    const struct shellcmd_input *new,
		    struct shellcmd_error *err);

/* The kind's name as reports show it ("unbound", "publish-all", ...). */
const char *shellcmd_kind_name(enum shellcmd_kind kind);

/*
 * Whether data[0..len) mentions a container CLI at all ("docker",
 * "podman" or "nerdctl"): a file without one has no command to fix and
 * need not be lexed.
 */
bool shellcmd_mentions(const char *data, size_t len);

#endif
