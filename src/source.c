#include "source.h"
#include "eol.h"
#include "utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void source_init(struct source *s, const char *data, size_t len)
{
	s->data = data;
	s->len = len;
	s->lines = NULL;
	s->nlines = 0;
	s->at_off = 0;
	s->at_breaks = 0;
	s->counted = 0;
}

void source_release(struct source *s)
{
	if (!s) {
		return;
	}
	free(s->lines);
	s->lines = NULL;
	s->nlines = 0;
}

static int source_index(struct source *s)
{
	size_t n = 1;
	for (size_t i = 0; (i = eol_find(s->data, i, s->len)) < s->len; i++) {
		n++;
	}
	s->lines = malloc(n * sizeof(*s->lines));
	if (!s->lines) {
		errno = ENOMEM;
		return -1;
	}
	s->lines[0] = 0;
	size_t k = 1;
	for (size_t i = 0; (i = eol_find(s->data, i, s->len)) < s->len; i++) {
		s->lines[k++] = (uint32_t)(i + 1);
	}
	s->nlines = n;
	return 0;
}

static bool is_bom(const char *p, size_t len)
{
	return len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0;
}

/* The line of off (0-based) and its start, by counting from the last
 * answer; false when that would count too much (the index answers). */
static bool source_count(struct source *s, size_t off, size_t *line,
			 size_t *start)
{
	if (off < s->at_off && off < s->at_off - off) {
		/* back to the start: nearer than the last answer */
		s->at_off = 0;
		s->at_breaks = 0;
	}
	size_t dist = off >= s->at_off ? off - s->at_off : s->at_off - off;
	if (s->lines || s->counted + dist > 4 * s->len + 4096) {
		return false;
	}
	s->counted += dist;
	if (off >= s->at_off) {
		s->at_breaks += eol_count(s->data + s->at_off, dist);
	} else {
		s->at_breaks -= eol_count(s->data + off, dist);
	}
	s->at_off = off;
	size_t a = off;
	while (a > 0 && s->data[a - 1] != '\n') {
		a--;
	}
	*line = s->at_breaks;
	*start = a;
	return true;
}

int source_pos(struct source *s, size_t off, unsigned *line, unsigned *col)
{
	if (off > s->len) {
		off = s->len;
	}
	size_t lo, start;
	if (!source_count(s, off, &lo, &start)) {
		if (!s->lines && source_index(s) < 0) {
			return -1;
		}
		lo = 0;
		for (size_t hi = s->nlines; hi - lo > 1;) {
			size_t mid = lo + (hi - lo) / 2;
			if (s->lines[mid] <= off) {
				lo = mid;
			} else {
				hi = mid;
			}
		}
		start = s->lines[lo];
	}
	if (lo == 0 && is_bom(s->data, s->len) && off >= 3) {
		start = 3;
	}
	unsigned c = 1;
	for (size_t i = start; i < off; i++) {
		if (((unsigned char)s->data[i] & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = (unsigned)lo + 1;
	*col = c;
	return 0;
}

static bool source_fail(struct source *s, struct diags *d, size_t off,
			const char *msg)
{
	unsigned line = 0, col = 0;
	if (source_pos(s, off, &line, &col) < 0) {
		line = col = 0;
	}
	diags_add(d, DIAG_ERROR, line, col, "%s", msg);
	return false;
}

bool source_check_text(struct source *s, struct diags *d)
{
	const unsigned char *p = (const unsigned char *)s->data;
	size_t len = s->len;

	if (len > UINT32_MAX - 1) {
		return source_fail(s, d, 0, "file too large (over 4 GiB)");
	}
	if (len >= 4 && (memcmp(p, "\xff\xfe\0\0", 4) == 0 ||
			 memcmp(p, "\0\0\xfe\xff", 4) == 0)) {
		return source_fail(s, d, 0,
				   "file is UTF-32 (byte order mark); only "
				   "UTF-8 is supported");
	}
	if (len >= 2 &&
	    (memcmp(p, "\xff\xfe", 2) == 0 || memcmp(p, "\xfe\xff", 2) == 0)) {
		return source_fail(s, d, 0,
				   "file is UTF-16 (byte order mark); only "
				   "UTF-8 is supported");
	}
	size_t i = 0;
	while (i < len) {
		/* ASCII fast path, eight bytes at a time */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if ((w & 0x8080808080808080ull) ||
			    ((w - 0x0101010101010101ull) & ~w &
			     0x8080808080808080ull)) {
				break;
			}
			i += 8;
		}
		if (i >= len) {
			break;
		}
		if (p[i] == 0) {
			return source_fail(s, d, i,
					   "NUL byte in input (binary file?)");
		}
		size_t n;
		if (utf8_decode(p + i, len - i, &n) < 0) {
			return source_fail(s, d, i, "invalid UTF-8");
		}
		i += n;
	}
	return true;
}
