#ifndef COMPOSEFIX_FINDING_H
#define COMPOSEFIX_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "exposure.h"
#include "kinds.h"

/*
 * What a front end found in one input, in the input's order: plain data
 * that the driver applies and the writers report, knowing no language.
 * Texts live in the findings' text buffer (offsets, so it may grow).
 */

/* One splice of a fix into the original bytes, and how it reads. */
struct finding_fix {
	size_t off, del;	   /* remove del bytes at off ... */
	uint32_t ins, ins_len;	   /* ... insert these (text offsets) */
	uint32_t shown, shown_len; /* the new value as messages show it */
	bool copy; /* a copy of the entry beside it (dual-stack), not the
		    * entry's own change */
};

struct finding {
	enum finding_kind kind;
	size_t at, end; /* byte span of the entry (messages start at at) */
	uint32_t context, context_len; /* the service (or command) */
	uint32_t entry, entry_len;     /* the entry as written, or a
					* description of it */
	bool entry_quoted;	       /* messages quote entry */
	bool unfixable;		       /* a fix was wanted, none is safe */
	/* a fix would be wanted, but --only leaves its category out */
	bool deselected;
	/* What the entry publishes (exposure_lookup()); for a finding
	 * about the context, what its image alone says. */
	struct exposure exposes;
	const char *why;  /* FINDING_INVALID: a static reason, or NULL */
	size_t fix, nfix; /* its fixes: fixes[fix .. fix + nfix) */
	uint32_t replacement, replacement_len; /* the entry after its fix */
	/* What else the fix changes, said after it in messages ("the fix
	 * writes 0x50 as 80"); note_len 0: nothing. */
	uint32_t note, note_len;
};

struct findings {
	struct finding *v;
	size_t n;
	size_t cap;
	struct finding_fix *fixes;
	size_t nfixes;
	size_t fixes_cap;
	struct buf text;
};

void findings_init(struct findings *f);
/* Frees everything; NULL is fine. */
void findings_release(struct findings *f);
/* Appends a zeroed finding, exposing nothing recognised, and returns it
 * (valid until the next add), or NULL on ENOMEM. */
struct finding *findings_add(struct findings *f);
/* Appends a zeroed fix to the last finding and returns it, or NULL on
 * ENOMEM. */
struct finding_fix *findings_add_fix(struct findings *f);
/* Appends s[0..len) to the text, storing where in *off and *n. Returns 0,
 * or -1 on ENOMEM or a text over 4 GiB. */
int findings_text(struct findings *f, const char *s, size_t len, uint32_t *off,
		  uint32_t *n);
/* A text stored by findings_text. */
static inline const char *findings_str(const struct findings *f, uint32_t off)
{
	return f->text.data + off;
}

#endif
