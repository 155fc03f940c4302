#ifndef COMPOSEFIX_BUF_H
#define COMPOSEFIX_BUF_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A growable byte buffer. data is always NUL-terminated (data[len] == 0)
 * once anything was added; a buffer fresh from buf_init() has data == NULL
 * and len == 0. The buffer owns data; buf_release() frees it.
 * Every function that grows the buffer returns 0, or -1 with errno set
 * (ENOMEM, EOVERFLOW) and the buffer unchanged.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
/* Frees the data and leaves b as after buf_init(); NULL is fine. */
void buf_release(struct buf *b);
/* Makes room for at least extra more bytes plus the terminating NUL. */
int buf_grow(struct buf *b, size_t extra);
/* data may point into b itself. */
int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
/* Appends n in decimal (what "%u" gives, without printf's cost). */
int buf_addu(struct buf *b, unsigned long n);
/* printf-style append. */
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Appends s[0..len) in double quotes, with '"', '\\' and control
 * characters escaped as in a YAML double-quoted scalar, for messages.
 */
int buf_add_quoted(struct buf *b, const char *s, size_t len);
/* Takes b's bytes (malloc'ed, NUL-terminated; "" when empty), which the
 * caller frees, and leaves b as after buf_init(). NULL on ENOMEM. */
char *buf_detach(struct buf *b);
/* Truncates to len bytes (len <= b->len). */
void buf_truncate(struct buf *b, size_t len);

/*
 * Makes room for element n of the array *v, which holds *cap elements of
 * size bytes: when n == *cap the array grows (doubling, from 16). Returns
 * 0, or -1 with errno ENOMEM or EOVERFLOW and *v and *cap as they were.
 */
int array_grow(void **v, size_t *cap, size_t n, size_t size);
/* Makes room for n elements in all (*cap at least n; doubling, from 16).
 * Returns 0, or -1 with errno ENOMEM or EOVERFLOW, the array kept. */
int array_reserve(void **v, size_t *cap, size_t n, size_t size);

/*
 * Appends everything readable from fd. Fails with EFBIG when the buffer
 * would exceed max bytes (the read stops there).
 */
int buf_read_fd(struct buf *b, int fd, size_t max);

#endif
