#include "buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void buf_release(struct buf *b)
{
	if (!b) {
		return;
	}
	free(b->data);
	buf_init(b);
}

int buf_grow(struct buf *b, size_t extra)
{
	if (extra > SIZE_MAX - 1 - b->len) {
		errno = EOVERFLOW;
		return -1;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap) {
		return 0;
	}
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need) {
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	}
	char *p = realloc(b->data, cap);
	if (!p) {
		errno = ENOMEM;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int buf_add(struct buf *b, const void *data, size_t len)
{
	/* appending a part of the buffer to itself must survive the realloc */
	const char *p = data;
	if (b->data && p >= b->data && p < b->data + b->cap) {
		size_t off = (size_t)(p - b->data);
		if (buf_grow(b, len) < 0) {
			return -1;
		}
		data = b->data + off;
	} else if (buf_grow(b, len) < 0) {
		return -1;
	}
	if (len) {
		memcpy(b->data + b->len, data, len);
	}
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addc(struct buf *b, char c)
{
	if (b->len + 1 < b->cap) {
		/* the common case, without buf_add's checks */
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return buf_add(b, &c, 1);
}

int buf_addu(struct buf *b, unsigned long n)
{
	char digits[24];
	size_t i = sizeof(digits);
	do {
		digits[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	return buf_add(b, digits + i, sizeof(digits) - i);
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		errno = EINVAL;
		return -1;
	}
	if ((size_t)n < sizeof(small)) {
		return buf_add(b, small, (size_t)n);
	}
	if (buf_grow(b, (size_t)n) < 0) {
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int buf_add_quoted(struct buf *b, const char *s, size_t len)
{
	if (buf_addc(b, '"') < 0) {
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int rc;
		size_t run = i;
		while (run < len && s[run] != '"' && s[run] != '\\' &&
		       (unsigned char)s[run] >= 0x20 && s[run] != 0x7f) {
			run++;
		}
		if (run > i) {
			/* plain bytes, at once */
			if (buf_add(b, s + i, run - i) < 0) {
				return -1;
			}
			i = run - 1;
			continue;
		}
		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', (char)c };
			rc = buf_add(b, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			rc = buf_addf(b, "\\x%02x", c);
		} else {
			rc = buf_addc(b, (char)c);
		}
		if (rc < 0) {
			return -1;
		}
	}
	return buf_addc(b, '"');
}

int array_grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap) {
		return 0;
	}
	size_t want = *cap ? *cap * 2 : 16;
	if (want < *cap || want > SIZE_MAX / size) {
		errno = EOVERFLOW;
		return -1;
	}
	void *p = realloc(*v, want * size);
	if (!p) {
		errno = ENOMEM;
		return -1;
	}
	*v = p;
	*cap = want;
	return 0;
}

int array_reserve(void **v, size_t *cap, size_t n, size_t size)
{
	if (n <= *cap) {
		return 0;
	}
	size_t want = *cap ? *cap : 16;
	while (want < n) {
		if (want > SIZE_MAX / 2) {
			errno = EOVERFLOW;
			return -1;
		}
		want *= 2;
	}
	if (want > SIZE_MAX / size) {
		errno = EOVERFLOW;
		return -1;
	}
	void *p = realloc(*v, want * size);
	if (!p) {
		errno = ENOMEM;
		return -1;
	}
	*v = p;
	*cap = want;
	return 0;
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

int buf_read_fd(struct buf *b, int fd, size_t max)
{
	for (;;) {
		if (b->len > max) {
			errno = EFBIG;
			return -1;
		}
		size_t room = b->cap - b->len - (b->cap ? 1 : 0);
		if (room < 4096) {
			if (buf_grow(b, 65536) < 0) {
				return -1;
			}
			room = b->cap - b->len - 1;
		}
		ssize_t n = read(fd, b->data + b->len, room);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			return -1;
		}
		if (n == 0) {
			b->data[b->len] = '\0';
			if (b->len > max) {
				errno = EFBIG;
				return -1;
			}
			return 0;
		}
		b->len += (size_t)n;
	}
}

char *buf_detach(struct buf *b)
{
	char *s = b->data ? b->data : strdup("");
	buf_init(b);
	if (!s) {
		errno = ENOMEM;
	}
	return s;
}
