/*
 * The floor under composefix's throughput: libfyaml's event parser alone,
 * with composefix's parser flags, over one file read into memory; nothing
 * is done with the events. composefix parses twice (the load, and the
 * verifying re-parse of the new text), so half this speed is its ceiling.
 *
 * usage: fyparse FILE     prints the number of events; exits 1 on a parse
 *                         error, 2 on a usage or I/O error
 * Built by tests/bench/run.sh with the system's cc and pkg-config.
 */
#include <libfyaml.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fyparse FILE\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			char *more = realloc(buf, cap *= 2);
			if (!more) {
				free(buf);
			}
			buf = more;
		}
	}
	if (!buf || ferror(f)) {
		fprintf(stderr, "fyparse: cannot read %s\n", argv[1]);
		fclose(f);
		return 2;
	}
	fclose(f);
	struct fy_parse_cfg cfg = {
		.flags = FYPCF_QUIET | FYPCF_ALLOW_DUPLICATE_KEYS |
			 FYPCF_JSON_NONE | FYPCF_DISABLE_MMAP_OPT,
	};
	struct fy_parser *p = fy_parser_create(&cfg);
	if (!p || fy_parser_set_string(p, buf, len) != 0) {
		fprintf(stderr, "fyparse: cannot create the parser\n");
		return 2;
	}
	unsigned long events = 0;
	struct fy_event *e;
	while ((e = fy_parser_parse(p)) != NULL) {
		events++;
		fy_parser_event_free(p, e);
	}
	int bad = fy_parser_get_stream_error(p);
	fy_parser_destroy(p);
	free(buf);
	printf("%lu events\n", events);
	return bad ? 1 : 0;
}
