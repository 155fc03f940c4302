#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

enum {
	OPT_STDOUT = 256,
	OPT_MAX_SIZE,
	OPT_BREAK_HARDLINKS,
};

static const struct option long_options[] = {
	{"diff", no_argument, NULL, 'd'},
	{"in-place", no_argument, NULL, 'i'},
	{"stdout", no_argument, NULL, OPT_STDOUT},
	{"quiet", no_argument, NULL, 'q'},
	{"jobs", required_argument, NULL, 'j'},
	{"max-size", required_argument, NULL, OPT_MAX_SIZE},
	{"break-hardlinks", no_argument, NULL, OPT_BREAK_HARDLINKS},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

void cli_usage(FILE *fp)
{
	fputs(
		"usage: composefix [OPTIONS] [PATH...]\n"
		"\n"
		"Finds Docker Compose ports published on all interfaces and "
		"binds them to\n"
		"127.0.0.1, changing only the bytes that must change.\n"
		"\n"
		"PATH is a compose file, or - for standard input. Without "
		"PATH: compose.yaml,\n"
		"compose.yml, docker-compose.yaml, docker-compose.yml and "
		"their .override\n"
		"files in the current directory.\n"
		"\n"
		"modes (default: report findings, change nothing):\n"
		"  -d, --diff             print a unified diff of the fix "
		"(git apply / patch -p1)\n"
		"  -i, --in-place         rewrite the files atomically\n"
		"      --stdout           print the fixed document (one "
		"input)\n"
		"\n"
		"options:\n"
		"  -q, --quiet            no report lines\n"
		"  -j, --jobs N           process N files at once (default: "
		"one per CPU);\n"
		"                         the output is the same, in the same "
		"order\n"
		"      --max-size SIZE    refuse inputs larger than SIZE "
		"bytes (K, M, G\n"
		"                         suffixes; default 64M)\n"
		"      --break-hardlinks  rewrite files with several hard "
		"links (the links split)\n"
		"  -h, --help             show this help\n"
		"  -V, --version          show the version\n"
		"\n"
		"exit codes:\n"
		"  0  nothing to fix, or everything fixed (--in-place)\n"
		"  1  changes needed (report, --diff, --stdout)\n"
		"  2  trouble: usage error, unreadable or invalid input, a fix "
		"that failed\n"
		"     verification (nothing is written then)\n"
		"With several inputs every input is processed and the highest "
		"code wins.\n",
		fp);
}

static int parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || s[0] == '-') {
		return -1;
	}
	unsigned long long mul = 1;
	if (*end == 'K' || *end == 'k') {
		mul = 1024;
		end++;
	} else if (*end == 'M' || *end == 'm') {
		mul = 1024ull * 1024;
		end++;
	} else if (*end == 'G' || *end == 'g') {
		mul = 1024ull * 1024 * 1024;
		end++;
	}
	if (*end || v > (unsigned long long)SIZE_MAX / mul) {
		return -1;
	}
	*out = (size_t)(v * mul);
	return 0;
}

static enum cli_action usage_error(char *err, size_t errlen, const char *msg,
				   const char *arg)
{
	snprintf(err, errlen, "%s%s%s", msg, arg ? " " : "", arg ? arg : "");
	return CLI_USAGE_ERROR;
}

enum cli_action cli_parse(int argc, char **argv, struct options *o,
			  char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->mode = MODE_REPORT;
	o->max_size = 64u * 1024 * 1024;
	o->bind = "127.0.0.1";
	bool mode_set = false;
	enum mode mode = MODE_REPORT;

	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":diqj:hV", long_options, NULL)) !=
	       -1) {
		switch (c) {
		case 'd':
		case 'i':
		case OPT_STDOUT:
			mode = c == 'd' ? MODE_DIFF
			       : c == 'i' ? MODE_IN_PLACE
					  : MODE_STDOUT;
			if (mode_set && mode != o->mode) {
				return usage_error(
					err, errlen,
					"--diff, --in-place and --stdout "
					"exclude each other",
					NULL);
			}
			o->mode = mode;
			mode_set = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'j': {
			char *end;
			errno = 0;
			unsigned long v = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || v == 0 ||
			    v > 1024 || optarg[0] == '-') {
				return usage_error(err, errlen,
						   "-j takes a number of jobs "
						   "from 1 to 1024, not",
						   optarg);
			}
			o->jobs = (unsigned)v;
			break;
		}
		case OPT_MAX_SIZE:
			if (parse_size(optarg, &o->max_size) < 0) {
				return usage_error(err, errlen,
						   "--max-size takes a size "
						   "such as 64M, not",
						   optarg);
			}
			break;
		case OPT_BREAK_HARDLINKS:
			o->break_hardlinks = true;
			break;
		case 'h':
			return CLI_HELP;
		case 'V':
			return CLI_VERSION;
		case ':':
			return usage_error(err, errlen,
					   "missing argument for",
					   argv[optind - 1]);
		default:
			return usage_error(err, errlen, "unknown option",
					   argv[optind - 1]);
		}
	}
	o->paths = argv + optind;
	o->npaths = (size_t)(argc - optind);
	if (o->mode == MODE_STDOUT && o->npaths != 1) {
		return usage_error(err, errlen,
				   "--stdout takes exactly one input", NULL);
	}
	return CLI_RUN;
}
