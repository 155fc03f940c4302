#ifndef COMPOSEFIX_MARKDOWN_FRONT_H
#define COMPOSEFIX_MARKDOWN_FRONT_H

#include "frontend.h"

/*
 * The Markdown front end (*.md, *.markdown: filekind.h): the commands of a
 * file's code blocks and inline code (markdown.h), their findings as the
 * driver's, and the new bytes proven by parsing the Markdown again and
 * lexing every changed command again.
 */
extern const struct frontend markdown_frontend;

#endif
