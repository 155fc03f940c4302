#ifndef COMPOSEFIX_JSON_H
#define COMPOSEFIX_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/*
 * A streaming JSON writer for the machine-readable reports. Values are
 * appended to out as they come, laid out and escaped the way libfyaml's
 * JSON emitter (indent 2, no width limit) writes them, which is what the
 * reports have always looked like; tests/unit/test_json.c compares the
 * two. One difference on purpose: libfyaml drops the spaces at either end
 * of a string that could be a plain YAML scalar (" 80:80" became "80:80");
 * this writer keeps every byte.
 *
 * Calls must nest properly; a mapping takes key, value, key, value, and
 * nesting is limited to JSON_DEPTH levels. Every call returns 0, or -1
 * (errno ENOMEM, or EINVAL for misuse; the writer then refuses every
 * later call). json_finish() completes the document.
 */
enum { JSON_DEPTH = 16 };

/* A queued event: 'M', 'm' (mapping start, end), 'Q', 'q' (sequence),
 * 'S' (string), 'P' (plain: number, true, null), 'D' (end). */
struct json_event {
	char type;
	struct buf text; /* a scalar's text */
};

struct json_frame {
	char type;	 /* 'm' or 'q' */
	bool key_next;	 /* a mapping: the next value is a key */
	bool close_nl;	 /* the closing bracket on a line of its own */
	size_t items;	 /* values written so far */
	unsigned indent; /* of the line the collection starts on */
};

struct json {
	struct buf *out; /* not owned */
	bool failed;
	/* the emitter decides late whether a sequence is empty, from a
	 * queue of at most four events: the same queue is kept here */
	struct json_event queue[5];
	size_t nqueue;
	struct json_frame stack[JSON_DEPTH];
	size_t depth;
};

void json_init(struct json *j, struct buf *out);
/* Frees what the writer holds (not out); NULL is fine. */
void json_release(struct json *j);
int json_map(struct json *j);
int json_seq(struct json *j);
int json_end_map(struct json *j);
int json_end_seq(struct json *j);
/* A string value; s[0..len) is UTF-8 (other bytes come out as \xNN). */
int json_str(struct json *j, const char *s, size_t len);
int json_strz(struct json *j, const char *s); /* NULL: null */
int json_num(struct json *j, long long v);
int json_bool(struct json *j, bool v);
int json_finish(struct json *j);

#endif
