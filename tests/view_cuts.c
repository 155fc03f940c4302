#include "view_cuts.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdview.h"

/* Whether two views say the same; why when not. */
static bool views_equal(const struct md_view *a, const struct md_view *b,
			size_t at, char *why, size_t whysz)
{
	size_t n = md_view_nevents(a);
	if (n != md_view_nevents(b)) {
		snprintf(why, whysz, "cut at %zu: %zu events, the whole %zu",
			 at, n, md_view_nevents(b));
		return false;
	}
	for (size_t k = 0; k < n; k++) {
		const struct md_event *x = md_view_event(a, k);
		const struct md_event *y = md_view_event(b, k);
		if (x->what != y->what || x->type != y->type ||
		    x->len != y->len || x->at != y->at) {
			snprintf(why, whysz, "cut at %zu: event %zu differs",
				 at, k);
			return false;
		}
	}
	if (a->nunits != b->nunits || a->nsegs != b->nsegs) {
		snprintf(why, whysz,
			 "cut at %zu: %zu units, %zu segments; "
			 "the whole %zu, %zu",
			 at, a->nunits, a->nsegs, b->nunits, b->nsegs);
		return false;
	}
	for (size_t k = 0; k < a->nunits; k++) {
		const struct md_unit *x = &a->units[k], *y = &b->units[k];
		if (x->kind != y->kind || x->lang != y->lang ||
		    x->ignored != y->ignored || x->off != y->off ||
		    x->seg != y->seg || x->nseg != y->nseg ||
		    x->depth != y->depth || x->info_n != y->info_n ||
		    (x->info_n && x->info != y->info)) {
			snprintf(why, whysz, "cut at %zu: unit %zu differs", at,
				 k);
			return false;
		}
	}
	for (size_t k = 0; k < a->nsegs; k++) {
		if (a->segs[k].off != b->segs[k].off ||
		    a->segs[k].len != b->segs[k].len) {
			snprintf(why, whysz, "cut at %zu: segment %zu differs",
				 at, k);
			return false;
		}
	}
	return true;
}

/*
 * The first part is parsed in place, where md4c finds the cut's letter
 * after it instead of the NUL md_view_build() asks for: a copy of the
 * part with its NUL must read the same (and under ASan, md4c must not
 * read past it).
 */
static bool first_part_alone(const struct md_view *a, const char *md, size_t at,
			     char *why, size_t whysz)
{
	char *copy = malloc(at + 1);
	if (!copy) {
		snprintf(why, whysz, "out of memory");
		return false;
	}
	memcpy(copy, md, at);
	copy[at] = '\0';
	struct md_view v;
	md_view_init(&v);
	bool ok = false;
	if (md_view_build(&v, copy, at) < 0) {
		snprintf(why, whysz,
			 "cut at %zu: the first part alone does "
			 "not parse",
			 at);
	} else if (!views_equal(&v, a, at, why, whysz)) {
		size_t n = strlen(why);
		snprintf(why + n, whysz - n, " (the first part alone)");
	} else {
		ok = true;
	}
	md_view_release(&v);
	free(copy);
	return ok;
}

int view_cuts_try(const char *md, size_t len, size_t *taken, size_t *refused,
		  char *why, size_t whysz)
{
	struct md_view whole;
	int rc = 0;
	*taken = *refused = 0;
	md_view_init(&whole);
	if (md_view_build(&whole, md, len) < 0) {
		snprintf(why, whysz, "the whole does not parse");
		md_view_release(&whole);
		return -1;
	}
	for (size_t from = 0, at; rc == 0 && (at = md_view_cut(md, len, from));
	     from = at + 1) {
		struct md_view a, b;
		md_view_init(&a);
		md_view_init(&b);
		if (at >= len || md[at - 1] != '\n') {
			snprintf(why, whysz, "cut at %zu: not a line's start",
				 at);
			rc = 1;
		} else if (md_view_build(&a, md, at) < 0 ||
			   md_view_build(&b, md + at, len - at) < 0) {
			snprintf(why, whysz,
				 "cut at %zu: a part does not parse", at);
			rc = -1;
		} else if (!first_part_alone(&a, md, at, why, whysz)) {
			rc = 2;
		} else if (md_view_ends_open(&a, md, at)) {
			(*refused)++;
		} else {
			md_view_shift(&b, (uint32_t)at);
			if (md_view_append(&a, &b) < 0 || b.nevents != 0 ||
			    md_view_append(&a, &whole) == 0) {
				snprintf(why, whysz,
					 "cut at %zu: md_view_append()", at);
				rc = 1;
			} else if (!views_equal(&a, &whole, at, why, whysz)) {
				rc = 1;
			}
			(*taken)++;
		}
		md_view_release(&a);
		md_view_release(&b);
	}
	md_view_release(&whole);
	return rc;
}
