#ifndef COMPOSEFIX_YAMLTYPE_H
#define COMPOSEFIX_YAMLTYPE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The type Docker Compose gives a YAML scalar: compose-go decodes with
 * go-yaml v3, whose resolver (resolve.go) types a plain scalar by its
 * text, YAML 1.2 core schema plus go-yaml's own extensions: "0120" is the
 * octal integer 80 (YAML 1.1 spelling, still read), "0o120", "0x50",
 * "0b1010000", "+80" and "8_0" (underscores dropped) are integers, "080",
 * "8080.0" and "1e3" floats, "true", "null", "~" and "" what they say. A
 * quoted or block scalar is a string unless a tag says otherwise; a tag
 * such as !!int forces its type, and a text that cannot have it ("!!int
 * abc") makes Compose refuse the file. Pure: no allocation, no state.
 */
enum yaml_type {
	YAML_TYPE_STR,
	YAML_TYPE_INT,
	YAML_TYPE_FLOAT,
	YAML_TYPE_BOOL,
	YAML_TYPE_NULL,
	YAML_TYPE_TIMESTAMP,
	YAML_TYPE_BINARY, /* !!binary: a string once decoded (not done here) */
	YAML_TYPE_BAD,	  /* a tag its text cannot have: a decoding error */
};

/*
 * Types the scalar s[0..len). plain: the scalar is plain (not quoted, not
 * a block scalar). tag[0..tag_len): its tag as the parser resolved it
 * ("tag:yaml.org,2002:int", "!override", "!"), tag NULL or tag_len 0 for
 * none. For YAML_TYPE_INT, *value (when not NULL) receives the integer,
 * and *in_range whether it fits in a long long at all (huge values are
 * integers to go-yaml too, and never ports).
 */
enum yaml_type yaml_type_of(const char *s, size_t len, bool plain,
			    const char *tag, size_t tag_len, long long *value,
			    bool *in_range);

/* Whether a tag forces a type other than string (!!int, !!null, ...). */
bool yaml_tag_forces_type(const char *tag, size_t tag_len);

/* "string", "integer", "float", ... as messages name the type. */
const char *yaml_type_name(enum yaml_type t);

#endif
