#include "json.h"
#include "utf8.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void json_init(struct json *j, struct buf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	for (size_t i = 0; i < sizeof(j->queue) / sizeof(j->queue[0]); i++) {
		buf_init(&j->queue[i].text);
	}
}

void json_release(struct json *j)
{
	if (!j) {
		return;
	}
	for (size_t i = 0; i < sizeof(j->queue) / sizeof(j->queue[0]); i++) {
		buf_release(&j->queue[i].text);
	}
}

/* What the emitter writes as \uXXXX rather than as itself. */
static bool is_escaped(long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0xfeff || cp >= 0xfffe;
}

static int add_u(struct buf *out, long cp)
{
	return buf_addf(out, "\\u%04lX", cp);
}

static int add_string(struct buf *out, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	if (buf_addc(out, '"') < 0) {
		return -1;
	}
	for (size_t i = 0, n; i < len; i += n) {
		long cp = utf8_decode(s + i, len - i, &n);
		int rc;
		if (cp < 0) {
			n = 1;
			rc = buf_addf(out, "\\x%02X", s[i]);
		} else if (cp == '"' || cp == '\\') {
			char esc[2] = { '\\', (char)cp };
			rc = buf_add(out, esc, 2);
		} else if (cp == '\b' || cp == '\t' || cp == '\n' ||
			   cp == '\f' || cp == '\r') {
			const char *e = cp == '\b'   ? "\\b"
					: cp == '\t' ? "\\t"
					: cp == '\n' ? "\\n"
					: cp == '\f' ? "\\f"
						     : "\\r";
			rc = buf_add(out, e, 2);
		} else if (cp >= 0x10000 && is_escaped(cp)) {
			long v = cp - 0x10000;
			rc = add_u(out, 0xd800 + (v >> 10));
			if (rc == 0) {
				rc = add_u(out, 0xdc00 + (v & 0x3ff));
			}
		} else if (is_escaped(cp)) {
			rc = add_u(out, cp);
		} else {
			rc = buf_add(out, s + i, n);
		}
		if (rc < 0) {
			return -1;
		}
	}
	return buf_addc(out, '"');
}

static int indent(struct buf *out, unsigned n)
{
	if (buf_addc(out, '\n') < 0) {
		return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		if (buf_addc(out, ' ') < 0) {
			return -1;
		}
	}
	return 0;
}

/*
 * Whether queue[i] can be processed: as libfyaml's emitter decides it, a
 * collection start waits for two (sequence) or three (mapping) events
 * after it, or for its end.
 */
static bool ready(const struct json *j, size_t i)
{
	char t = j->queue[i].type;
	size_t need = t == 'Q' ? 2 : t == 'M' ? 3 : 0;
	if (need == 0) {
		return true;
	}
	int level = 0;
	for (size_t k = i, count = 1; k < j->nqueue; k++, count++) {
		if (count > need) {
			return true;
		}
		char e = j->queue[k].type;
		level += (e == 'Q' || e == 'M')		      ? 1
			 : (e == 'q' || e == 'm' || e == 'D') ? -1
							      : 0;
		if (level == 0) {
			return true;
		}
	}
	return false;
}

/* Writes the head of the queue. */
static int process(struct json *j)
{
	struct json_event *e = &j->queue[0];
	struct buf *out = j->out;
	char t = e->type;
	unsigned ind = 0;
	if (j->depth > 0 && t != 'q' && t != 'm' && t != 'D') {
		struct json_frame *f = &j->stack[j->depth - 1];
		ind = f->indent + 2;
		if (f->type == 'm' && !f->key_next) {
			if (buf_adds(out, ": ") < 0) {
				return -1;
			}
			f->key_next = true;
		} else {
			if ((f->items > 0 && buf_addc(out, ',') < 0) ||
			    indent(out, ind) < 0) {
				return -1;
			}
			f->items++;
			f->key_next = f->type != 'm';
		}
	}
	int rc = 0;
	switch (t) {
	case 'S':
		rc = add_string(out, e->text.data ? e->text.data : "",
				e->text.len);
		break;
	case 'P':
		rc = buf_add(out, e->text.data, e->text.len);
		break;
	case 'M':
	case 'Q':
		if (j->depth == JSON_DEPTH) {
			errno = EINVAL;
			return -1;
		}
		/* the emitter takes a sequence for empty when the event
		 * after its start is not ready yet: then its ']' follows
		 * the last item on the same line */
		j->stack[j->depth].type = t == 'M' ? 'm' : 'q';
		j->stack[j->depth].key_next = true;
		j->stack[j->depth].items = 0;
		j->stack[j->depth].indent = ind;
		j->stack[j->depth].close_nl = j->nqueue > 1 && ready(j, 1) &&
					      j->queue[1].type != 'q' &&
					      j->queue[1].type != 'm';
		j->depth++;
		rc = buf_addc(out, t == 'M' ? '{' : '[');
		break;
	case 'm':
	case 'q': {
		if (j->depth == 0) {
			errno = EINVAL;
			return -1;
		}
		j->depth--;
		struct json_frame *f = &j->stack[j->depth];
		if (f->close_nl && f->items > 0) {
			rc = indent(out, f->indent);
		}
		if (rc == 0) {
			rc = buf_addc(out, t == 'm' ? '}' : ']');
		}
		break;
	}
	case 'D':
		rc = j->depth == 0 ? buf_addc(out, '\n') : (errno = EINVAL, -1);
		break;
	}
	/* the head is done: shift the queue, keeping the buffers */
	struct json_event done = j->queue[0];
	memmove(&j->queue[0], &j->queue[1],
		(j->nqueue - 1) * sizeof(j->queue[0]));
	j->queue[--j->nqueue] = done;
	buf_truncate(&j->queue[j->nqueue].text, 0);
	return rc;
}

static int push(struct json *j, char type, const char *s, size_t len)
{
	if (j->failed) {
		errno = EINVAL;
		return -1;
	}
	if (j->nqueue == sizeof(j->queue) / sizeof(j->queue[0])) {
		j->failed = true; /* cannot happen: the head was ready */
		errno = EINVAL;
		return -1;
	}
	struct json_event *e = &j->queue[j->nqueue];
	e->type = type;
	buf_truncate(&e->text, 0);
	if (s && buf_add(&e->text, s, len) < 0) {
		j->failed = true;
		return -1;
	}
	j->nqueue++;
	while (j->nqueue > 0 && ready(j, 0)) {
		if (process(j) < 0) {
			j->failed = true;
			return -1;
		}
	}
	return 0;
}

int json_map(struct json *j)
{
	return push(j, 'M', NULL, 0);
}

int json_seq(struct json *j)
{
	return push(j, 'Q', NULL, 0);
}

int json_end_map(struct json *j)
{
	return push(j, 'm', NULL, 0);
}

int json_end_seq(struct json *j)
{
	return push(j, 'q', NULL, 0);
}

int json_str(struct json *j, const char *s, size_t len)
{
	return push(j, 'S', s ? s : "", len);
}

int json_strz(struct json *j, const char *s)
{
	return s ? push(j, 'S', s, strlen(s)) : push(j, 'P', "null", 4);
}

int json_num(struct json *j, long long v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%lld", v);
	return push(j, 'P', tmp, (size_t)n);
}

int json_bool(struct json *j, bool v)
{
	return v ? push(j, 'P', "true", 4) : push(j, 'P', "false", 5);
}

int json_finish(struct json *j)
{
	if (push(j, 'D', NULL, 0) < 0) {
		return -1;
	}
	if (j->nqueue > 0 || j->depth > 0) {
		j->failed = true;
		errno = EINVAL;
		return -1;
	}
	return 0;
}
