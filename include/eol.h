#ifndef COMPOSEFIX_EOL_H
#define COMPOSEFIX_EOL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * The offset of the first '\n' in t[i..len), or len. Inline, eight bytes
 * at a time for the first 64: lines are short, and a memchr() call per
 * line cost more than the line (the line indexes of source.c and udiff.c
 * and the shell analysis visit every line of a file); a longer line is
 * left to memchr().
 */
static inline size_t eol_find(const char *t, size_t i, size_t len)
{
	const uint64_t ones = 0x0101010101010101ull;
	for (int k = 0; k < 8 && len - i >= 8; k++) {
		uint64_t w;
		memcpy(&w, t + i, sizeof(w));
		w ^= ones * '\n';
		if ((w - ones) & ~w & (ones * 0x80)) {
			while (t[i] != '\n') {
				i++;
			}
			return i;
		}
		i += 8;
	}
	const char *nl = i < len ? memchr(t + i, '\n', len - i) : NULL;
	return nl ? (size_t)(nl - t) : len;
}

/*
 * The number of '\n' in p[0..n), without a branch per line: eight bytes
 * at a time, a byte's high bit set when it is a line break, the bits
 * summed by a multiplication.
 */
static inline size_t eol_count(const char *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t low7 = ones * 0x7f;
	size_t c = 0, i = 0;
	for (; n - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, sizeof(w));
		w ^= ones * '\n';
		/* high bit of each byte: set when the byte is not zero */
		uint64_t nz = ((w & low7) + low7) | w;
		c += (size_t)((((~nz & (ones * 0x80)) >> 7) * ones) >> 56);
	}
	for (; i < n; i++) {
		c += p[i] == '\n';
	}
	return c;
}

#endif
