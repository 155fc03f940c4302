#ifndef COMPOSEFIX_TESTS_VIEW_CUTS_H
#define COMPOSEFIX_TESTS_VIEW_CUTS_H

#include <stddef.h>

/*
 * Tries every place md_view_cut() offers in md[0..len) (md[len] a NUL):
 * the first part parsed in place (with the cut's letter after it) must
 * read as a copy of it alone; the two parts' view, when
 * md_view_ends_open() does not turn the cut down, should be the whole's
 * (events, units, segments): md4c 0.4.8 has rare inputs where it is not
 * (markdown.h), none in the tests' files. Counts the cuts taken and those
 * turned down. Returns 0 when every cut taken agrees, 1 with why (where
 * and what differs) when one does not, 2 when a first part read in place
 * does not read as alone, -1 on a failure to build a view.
 */
int view_cuts_try(const char *md, size_t len, size_t *taken, size_t *refused,
		  char *why, size_t whysz);

#endif
