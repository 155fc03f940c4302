#include "edit.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

/*
 * Binary insertion sort: stable, needs no memory (so the only failure left
 * is a list that cannot be applied), and linear on the already sorted lists
 * a planner produces in document order.
 */
static void edits_sort(struct edit *e, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (e[i - 1].off <= e[i].off) {
			continue;
		}
		struct edit cur = e[i];
		size_t lo = 0;
		size_t hi = i - 1;
		/* the first greater offset: ties keep their order */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (e[mid].off <= cur.off) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		memmove(&e[lo + 1], &e[lo], (i - lo) * sizeof(*e));
		e[lo] = cur;
	}
}

int edit_sort_check(struct edit *e, size_t n, size_t len)
{
	if (n > 0 && !e) {
		errno = EINVAL;
		return -1;
	}
	edits_sort(e, n);
	for (size_t i = 0; i < n; i++) {
		if (e[i].off > len || e[i].del > len - e[i].off ||
		    (e[i].ins_len > 0 && !e[i].ins)) {
			errno = EINVAL;
			return -1;
		}
		if (i == 0) {
			continue;
		}
		const struct edit *prev = &e[i - 1];
		if (prev->off + prev->del > e[i].off) {
			errno = EINVAL;
			return -1;
		}
		if (prev->off == e[i].off && (prev->del > 0 || e[i].del > 0)) {
			errno = EINVAL;
			return -1;
		}
	}
	return 0;
}

/* Appends p[off..off+len); p may be NULL when len is 0. */
static int bytes_add(struct buf *out, const char *p, size_t off, size_t len)
{
	return buf_add(out, len ? p + off : "", len);
}

int edit_apply(const char *old, size_t len, const struct edit *e, size_t n,
	       struct buf *out)
{
	size_t total = len;
	size_t pos = 0;

	/* Sizes first: one allocation, and a bad list fails before copying. */
	for (size_t i = 0; i < n; i++) {
		if (e[i].off < pos || e[i].off > len ||
		    e[i].del > len - e[i].off ||
		    (e[i].ins_len > 0 && !e[i].ins)) {
			errno = EINVAL;
			return -1;
		}
		if (e[i].ins_len > SIZE_MAX - total) {
			errno = EOVERFLOW;
			return -1;
		}
		total += e[i].ins_len;
		total -= e[i].del;
		pos = e[i].off + e[i].del;
	}
	if (buf_grow(out, total) < 0) {
		return -1;
	}
	pos = 0;
	for (size_t i = 0; i < n; i++) {
		if (bytes_add(out, old, pos, e[i].off - pos) < 0 ||
		    bytes_add(out, e[i].ins, 0, e[i].ins_len) < 0) {
			return -1;
		}
		pos = e[i].off + e[i].del;
	}
	return bytes_add(out, old, pos, len - pos);
}

size_t edit_map(const struct edit *e, size_t n, size_t off)
{
	/* Kept apart so the running shift never goes below zero. */
	size_t added = 0;
	size_t removed = 0;

	for (size_t i = 0; i < n && e[i].off <= off; i++) {
		if (off < e[i].off + e[i].del) {
			return e[i].off + added - removed;
		}
		added += e[i].ins_len;
		removed += e[i].del;
	}
	return off + added - removed;
}

void edit_cursor_init(struct edit_cursor *c, const struct edit *e, size_t n)
{
	c->e = e;
	c->n = n;
	c->i = 0;
	c->added = 0;
	c->removed = 0;
}

bool edit_cursor_map(struct edit_cursor *c, size_t off, bool at_end,
		     size_t *out)
{
	while (c->i < c->n && c->e[c->i].off < off) {
		const struct edit *e = &c->e[c->i];
		if (off < e->off + e->del) {
			return false;
		}
		c->added += e->ins_len;
		c->removed += e->del;
		c->i++;
	}
	*out = off + c->added - c->removed;
	/* Insertions at off stay unconsumed: the next offset may be the
	 * start of a range at the same place. */
	for (size_t j = c->i; at_end && j < c->n && c->e[j].off == off; j++) {
		if (c->e[j].del == 0) {
			*out += c->e[j].ins_len;
		}
	}
	return true;
}
