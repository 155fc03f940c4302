#ifndef COMPOSEFIX_UTF8_H
#define COMPOSEFIX_UTF8_H

#include <stddef.h>

/*
 * The one UTF-8 decoder of the project: the sequence at s[0..len) (len >
 * 0). Returns its code point and puts its length in *n; -1 when it is not
 * a valid sequence (a stray continuation byte, an overlong form, a
 * surrogate, above U+10FFFF, or cut short by len). Inline: source.c runs
 * it over every non-ASCII byte of every input.
 */
static inline long utf8_decode(const unsigned char *s, size_t len, size_t *n)
{
	unsigned char c = s[0];
	size_t k;
	long cp, min;
	if (c < 0x80) {
		*n = 1;
		return c;
	} else if (c >= 0xc2 && c <= 0xdf) {
		k = 2;
		cp = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		k = 3;
		cp = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		k = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (len < k) {
		return -1;
	}
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			return -1;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		return -1;
	}
	*n = k;
	return cp;
}

#endif
