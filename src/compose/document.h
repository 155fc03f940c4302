#ifndef COMPOSEFIX_DOCUMENT_H
#define COMPOSEFIX_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"

/*
 * The YAML layer: the only part of composefix that knows libfyaml.
 *
 * Two ways in. A doc_parser streams events (for the verifier, which never
 * builds a tree). doc_load() turns the stream into a compact, read-only view
 * of every node in document order (about 28 bytes a node, scalar values
 * pointing into the source where they equal its bytes), so the walk never
 * holds a libfyaml tree and aliases stay references, never copies.
 */

enum node_kind {
	NODE_DOC, /* a document; its one child is the root */
	NODE_SCALAR,
	NODE_SEQ,
	NODE_MAP,   /* children: key, value, key, value, ... */
	NODE_ALIAS, /* aux: index of the anchored node */
	NODE_END,   /* doc_parser only: end of a collection or document */
};

enum node_style {
	STYLE_PLAIN,
	STYLE_SINGLE,
	STYLE_DOUBLE,
	STYLE_LITERAL,
	STYLE_FOLDED,
	STYLE_BLOCK,
	STYLE_FLOW,
	STYLE_NONE,
};

enum {
	NODE_TEXT_ARENA = 1 << 0, /* text is an offset into the arena */
	NODE_NO_TOKEN = 1 << 1,	  /* empty scalar: no bytes in the source */
	NODE_HAS_PROPS = 1 << 2,  /* anchor or tag, see doc_props() */
};

struct node {
	uint8_t kind;
	uint8_t style;
	uint16_t flags;
	uint32_t end;	/* index one past this node's subtree */
	uint32_t start; /* byte span in the source: scalars from their token */
	uint32_t stop;	/* (inside quotes), collections from their events */
	uint32_t text;	/* scalar value or alias name: offset, see flags */
	uint32_t text_len;
	uint32_t aux; /* alias: target node index */
};

struct node_props {
	uint32_t node;
	uint32_t anchor, anchor_len;  /* arena offsets; len 0 when absent */
	uint32_t tag, tag_len;	      /* the resolved tag ("tag:yaml.org,..") */
	uint32_t tag_start, tag_stop; /* the tag's bytes in the source */
};

struct doc {
	const char *src; /* not owned */
	size_t src_len;
	struct node *nodes;
	uint32_t n;
	uint32_t cap;
	struct node_props *props;
	uint32_t nprops;
	uint32_t props_cap;
	struct buf arena;
	bool sloppy; /* parsed with Docker's lenient flow indentation */
};

enum {
	DOC_SLOPPY_FLOW = 1 << 0,
};

/*
 * Parses every document of src[0..len) (which must outlive doc) into doc.
 * The strict YAML 1.2 parse comes first; when it fails only because a flow
 * collection is closed at its key's indentation (which Docker Compose
 * accepts), it parses again leniently and adds a warning. Syntax errors,
 * unknown aliases and aliases before their anchor go to d with line and
 * column. Returns 0, or -1 (errors in d, or errno on ENOMEM).
 */
int doc_load(struct doc *doc, const char *src, size_t len, struct diags *d);
void doc_release(struct doc *doc);

/* A node's text (scalar value, alias name); not NUL-terminated. */
const char *doc_text(const struct doc *doc, uint32_t i, size_t *len);
/* Whether node i is a scalar whose value is exactly s[0..len). */
bool doc_text_is(const struct doc *doc, uint32_t i, const char *s, size_t len);
/* The anchor/tag record of node i, or NULL. */
const struct node_props *doc_props(const struct doc *doc, uint32_t i);
/* Follows aliases to the node they name. */
uint32_t doc_resolve(const struct doc *doc, uint32_t i);
/* The value of key in mapping map (aliases of map resolved; keys compared
 * as plain text), or UINT32_MAX. The key node's index goes to *key_out
 * when it is not NULL. The last occurrence wins, as in Docker Compose. */
uint32_t doc_map_get(const struct doc *doc, uint32_t map, const char *key,
		     uint32_t *key_out);

/*
 * YAML merge keys, resolved as Docker Compose's YAML library (go-yaml v3)
 * resolves them in every mapping: a plain "<<" key whose value is a
 * mapping or a sequence of mappings (aliases followed) adds the keys the
 * mapping does not have itself, the earlier source winning, merges inside
 * the sources followed in turn. A source already visited adds nothing new
 * and is skipped; at most DOC_MERGE_MAX distinct sources are read per
 * mapping (a hostile file may name more: the rest are not read).
 */
enum { DOC_MERGE_MAX = 64 };

/* The value of the plain "<<" key of mapping map, or UINT32_MAX. */
uint32_t doc_map_merge(const struct doc *doc, uint32_t map);

/*
 * Like doc_map_get() with merge keys resolved: the value of key, or
 * UINT32_MAX. *key_out (when not NULL) gets the key node and *holder
 * (when not NULL) the mapping that holds it: map itself (resolved), or a
 * merge source.
 */
uint32_t doc_map_lookup(const struct doc *doc, uint32_t map, const char *key,
			uint32_t *key_out, uint32_t *holder);

/*
 * The keys of mapping map with merge keys resolved, each name once: its
 * own keys in order (the "<<" key left out), then those the sources add.
 * Stores a malloc'ed array of key nodes (the value of key k is the node
 * doc->nodes[k].end) in *out, which the caller frees, and the count in
 * *n. Returns 0, or -1 with errno ENOMEM.
 */
int doc_map_keys(const struct doc *doc, uint32_t map, uint32_t **out,
		 size_t *n);

/*
 * Sets *dup to the first key of mapping map (not following aliases) whose
 * plain text repeats an earlier key, or UINT32_MAX. O(n log n) in the keys:
 * libfyaml's own check is quadratic. Returns 0, or -1 with errno ENOMEM.
 */
int doc_map_duplicate(const struct doc *doc, uint32_t map, uint32_t *dup);

/* Event stream, for verification. */
struct doc_parser;

struct doc_event {
	enum node_kind kind;
	enum node_style style;
	size_t start, stop;
	const char *text; /* scalar value or alias name, valid until next */
	size_t text_len;
	const char *anchor;
	size_t anchor_len;
	const char *tag;
	size_t tag_len;
	size_t tag_start, tag_stop; /* the tag token's bytes in the source */
	bool no_token; /* an empty scalar with no bytes in the source */
};

/* Returns NULL on ENOMEM. flags: DOC_SLOPPY_FLOW. */
struct doc_parser *doc_parser_create(const char *src, size_t len,
				     unsigned flags);
void doc_parser_destroy(struct doc_parser *p);
/*
 * The next event into *ev: returns 1, 0 at the end of the stream, -1 on a
 * syntax error (added to d). Stream start/end events are skipped.
 */
int doc_parser_next(struct doc_parser *p, struct doc_event *ev,
		    struct diags *d);

#endif
