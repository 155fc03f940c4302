#ifndef COMPOSEFIX_VERIFY_H
#define COMPOSEFIX_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "document.h"
#include "plan.h"

/*
 * Proves that new_text, parsed the way doc was parsed, is the same stream
 * of documents as doc except that exactly the plan's nodes changed, each
 * to its intended value and style: same kinds, styles, values, anchors and
 * tags everywhere else. The new text is streamed, never built into a tree.
 * Returns true; or false with an error in d that names where the two part
 * (line and column of the old node).
 */
bool verify_change(const struct doc *doc, const struct plan *plan,
		   const char *new_text, size_t new_len, struct diags *d);

#endif
