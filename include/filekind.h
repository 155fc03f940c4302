#ifndef COMPOSEFIX_FILEKIND_H
#define COMPOSEFIX_FILEKIND_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The kinds of file composefix reads, as bits (a set of kinds is their
 * OR): what --kind names, what a directory walk looks for, and what a
 * front end's name says it reads. Typing is by name; a file with a shell's
 * shebang is a shell script whatever its name.
 */
enum file_kind {
	FILEKIND_COMPOSE = 1,
	FILEKIND_SHELL = 2,
	FILEKIND_MAKE = 4,
	FILEKIND_MARKDOWN = 8,
};

/* The kind named s ("compose", "shell", "make", "markdown"), or 0. */
unsigned filekind_parse(const char *s);

/* The name of kind k (one bit), or "?". */
const char *filekind_name(unsigned k);

/*
 * The kind a file name (the last component of path) says, from the list
 * of include/discover_names.def: compose.yaml and the other names docker
 * compose gives them; *.sh, *.bash, *.zsh, *.ksh; Makefile, makefile,
 * GNUmakefile, *.mk, *.make, *.makefile; *.md, *.markdown. 0 for any
 * other name.
 */
unsigned filekind_by_name(const char *path);

/*
 * Whether head[0..len), the start of a file, is a shebang that names a
 * shell: sh, bash, dash, ksh or zsh, directly ("#!/bin/sh") or through
 * env ("#!/usr/bin/env bash", "#!/usr/bin/env -S bash -e").
 */
bool filekind_shebang(const char *head, size_t len);

/* Whether the file at path starts with such a shebang (reads its first
 * 256 bytes; false when it cannot be read). */
bool filekind_shebang_file(const char *path);

#endif
