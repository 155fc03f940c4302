/*
 * The floor under composefix's Markdown throughput: md4c's parser alone,
 * with the flags the Markdown front end uses (none: CommonMark), over one
 * file read into memory; the callbacks only count. composefix parses
 * twice (the load, and the verifying re-parse of the new text), so half
 * this speed is its ceiling.
 *
 * usage: mdparse FILE     prints the number of callbacks; exits 1 when
 *                         md4c fails, 2 on a usage or I/O error
 * Built by tests/bench/run.sh with the system's cc and pkg-config.
 */
#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int block(MD_BLOCKTYPE type, void *detail, void *ctx)
{
	(void)type;
	(void)detail;
	++*(unsigned long *)ctx;
	return 0;
}

static int span(MD_SPANTYPE type, void *detail, void *ctx)
{
	(void)type;
	(void)detail;
	++*(unsigned long *)ctx;
	return 0;
}

static int text(MD_TEXTTYPE type, const MD_CHAR *t, MD_SIZE n, void *ctx)
{
	(void)type;
	(void)t;
	(void)n;
	++*(unsigned long *)ctx;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mdparse FILE\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	size_t cap = 1 << 20, len = 0, got;
	char *buf = malloc(cap);
	while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			char *p = realloc(buf, cap *= 2);
			if (!p) {
				free(buf);
				buf = NULL;
			}
			buf = p;
		}
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "mdparse: out of memory\n");
		return 2;
	}
	MD_PARSER p;
	memset(&p, 0, sizeof(p));
	p.enter_block = block;
	p.leave_block = block;
	p.enter_span = span;
	p.leave_span = span;
	p.text = text;
	unsigned long n = 0;
	int rc = md_parse(buf, (MD_SIZE)len, &p, &n);
	free(buf);
	printf("%lu\n", n);
	return rc == 0 ? 0 : 1;
}
