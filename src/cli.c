#include "cli.h"

#include "exposure.h"
#include "filekind.h"
#include "portspec.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_STDOUT = 256,
	OPT_MAX_SIZE,
	OPT_BREAK_HARDLINKS,
	OPT_FOLLOW_OUTSIDE,
	OPT_BIND,
	OPT_FIX_EXPLICIT,
	OPT_ALLOW_PORT,
	OPT_ALLOW_SERVICE,
	OPT_ENV_FILE,
	OPT_STRICT,
	OPT_FORMAT,
	OPT_OUTPUT,
	OPT_COLOR,
	OPT_INCLUDE,
	OPT_EXCLUDE,
	OPT_KIND,
	OPT_ONLY,
};

static const struct option long_options[] = {
	{ "diff", no_argument, NULL, 'd' },
	{ "in-place", no_argument, NULL, 'i' },
	{ "stdout", no_argument, NULL, OPT_STDOUT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "bind", required_argument, NULL, OPT_BIND },
	{ "fix-explicit", no_argument, NULL, OPT_FIX_EXPLICIT },
	{ "allow-port", required_argument, NULL, OPT_ALLOW_PORT },
	{ "allow-service", required_argument, NULL, OPT_ALLOW_SERVICE },
	{ "only", required_argument, NULL, OPT_ONLY },
	{ "env-file", required_argument, NULL, OPT_ENV_FILE },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "colour", optional_argument, NULL, OPT_COLOR },
	{ "include", required_argument, NULL, OPT_INCLUDE },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "jobs", required_argument, NULL, 'j' },
	{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
	{ "break-hardlinks", no_argument, NULL, OPT_BREAK_HARDLINKS },
	{ "follow-outside", no_argument, NULL, OPT_FOLLOW_OUTSIDE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

void cli_usage(FILE *fp)
{
	fputs("usage: composefix [OPTIONS] [PATH...]\n"
	      "\n"
	      "Finds Docker ports published on all interfaces and binds them "
	      "to 127.0.0.1,\n"
	      "changing only the bytes that must change: in Compose files, "
	      "and in the\n"
	      "docker/podman/nerdctl run commands of shell scripts, "
	      "Makefiles and Markdown.\n"
	      "\n"
	      "PATH is a file, a directory (searched for compose files, "
	      "shell scripts,\n"
	      "Makefiles and Markdown files, skipping .git, node_modules, "
	      "vendor and hidden\n"
	      "directories but .devcontainer and .docker), or - for "
	      "standard input (read\n"
	      "as Compose unless --kind says). A file is read as the kind "
	      "its name says\n"
	      "(compose.yaml, *.sh, Makefile, *.md, ...) or, for a shell "
	      "script, its #!\n"
	      "line; any other file as Compose.\n"
	      "Without PATH: compose.yaml,\n"
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
	      "  -q, --quiet            only errors (with --strict also the "
	      "warnings that\n"
	      "                         fail the run): no report lines, "
	      "summary or notes\n"
	      "      --format FORMAT    the report as text (default), json "
	      "or sarif\n"
	      "      --output FILE      write the json or sarif report to "
	      "FILE\n"
	      "      --color[=WHEN]     color the diff and the report: auto "
	      "(default, when\n"
	      "                         stdout is a terminal and NO_COLOR is "
	      "unset),\n"
	      "                         always or never\n"
	      "      --include GLOB     also search directories for files "
	      "named GLOB\n"
	      "      --exclude GLOB     skip files and directories matching "
	      "GLOB\n"
	      "      --kind KIND        only this kind of file: compose, "
	      "shell, make or\n"
	      "                         markdown (repeatable); a named file "
	      "is read as\n"
	      "                         KIND whatever its name\n"
	      "  -v, --verbose          also list suppressed and allowed "
	      "entries\n"
	      "      --bind ADDR        the address to bind to (default "
	      "127.0.0.1); give it\n"
	      "                         twice for dual-stack: --bind "
	      "127.0.0.1 --bind ::1\n"
	      "                         ([::1] is ::1; not the same "
	      "address twice)\n"
	      "      --fix-explicit     also rebind explicit wildcards "
	      "(0.0.0.0, [::],\n"
	      "                         ${IP:-0.0.0.0}), which are kept "
	      "with a warning\n"
	      "      --allow-port LIST  host ports that may stay public "
	      "(80,443)\n"
	      "      --allow-service LIST  services that may stay public "
	      "(web,proxy)\n"
	      "      --only LIST        fix only entries that expose these "
	      "categories\n"
	      "                         (data,admin,web,other); the others "
	      "are warnings\n"
	      "      --env-file FILE    variables for ${...} (default: .env "
	      "beside each file;\n"
	      "                         /dev/null: none)\n"
	      "      --strict           warnings make the exit code 1\n"
	      "  -j, --jobs N           process N files at once (default: "
	      "one per CPU);\n"
	      "                         the output is the same, in the same "
	      "order\n"
	      "      --max-size SIZE    refuse inputs larger than SIZE "
	      "bytes (K, M, G\n"
	      "                         suffixes; default 64M); --in-place "
	      "writes no file\n"
	      "                         larger than SIZE either\n"
	      "      --break-hardlinks  rewrite files with several hard "
	      "links (the links split)\n"
	      "      --follow-outside   --in-place also rewrites files "
	      "outside the tree given\n"
	      "                         (included files, symlink targets); "
	      "by default they\n"
	      "                         are only reported\n"
	      "  -h, --help             show this help\n"
	      "  -V, --version          show the version\n"
	      "\n"
	      "exit codes:\n"
	      "  0  nothing to fix, or everything fixed (--in-place)\n"
	      "  1  changes needed (report, --diff, --stdout); with --strict "
	      "also warnings\n"
	      "  2  trouble: usage error, unreadable or invalid input, a fix "
	      "that failed\n"
	      "     verification (nothing is written then)\n"
	      "With several inputs every input is processed and the highest "
	      "code wins.\n"
	      "\n"
	      "An entry followed by the comment '# composefix: ignore', or "
	      "below such a\n"
	      "comment line (also above a service or its ports: key), is "
	      "left alone;\n"
	      "so is a command with that comment on one of its lines or "
	      "alone on the\n"
	      "line above it.\n"
	      "\n"
	      "Each entry is reported with what it exposes, known from the "
	      "image (a\n"
	      "service's, or the one a command runs) or else the container "
	      "port: data\n"
	      "(databases, caches, queues, search, object stores), admin "
	      "(admin UIs,\n"
	      "debuggers, the Docker API), web (an HTTP front door) or other "
	      "(anything\n"
	      "else). SARIF results rank them by security-severity: Docker "
	      "API 9.8,\n"
	      "debuggers 8.8, data 8.6, admin UIs 7.5, other 5.3 (5.0 when "
	      "nothing is\n"
	      "recognised), web 3.1.\n",
	      fp);
}

/* Whether two --bind addresses are one (::1 and 0:0::1 are). */
static bool same_addr(const char *a, const char *b)
{
	unsigned char x[16], y[16];
	int fa = strchr(a, ':') ? AF_INET6 : AF_INET;
	int fb = strchr(b, ':') ? AF_INET6 : AF_INET;
	if (fa == fb && inet_pton(fa, a, x) == 1 && inet_pton(fb, b, y) == 1) {
		return memcmp(x, y, fa == AF_INET6 ? 16 : 4) == 0;
	}
	return strcmp(a, b) == 0;
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

static int add_ports(struct options *o, const char *arg)
{
	const char *p = arg;
	for (;;) {
		char *end;
		errno = 0;
		unsigned long v = strtoul(p, &end, 10);
		if (errno || end == p || v == 0 || v > 65535 || *p == '-' ||
		    *p == '+' || (*end && *end != ',')) {
			return -1;
		}
		unsigned *nv = realloc(o->allow_ports,
				       (o->nallow_ports + 1) * sizeof(*nv));
		if (!nv) {
			return -1;
		}
		o->allow_ports = nv;
		o->allow_ports[o->nallow_ports++] = (unsigned)v;
		if (!*end) {
			return 0;
		}
		p = end + 1;
	}
}

static int add_services(struct options *o, const char *arg)
{
	const char *p = arg;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == 0) {
			return -1;
		}
		char **nv = realloc(o->allow_services,
				    (o->nallow_services + 1) * sizeof(*nv));
		if (!nv) {
			return -1;
		}
		o->allow_services = nv;
		char *name = malloc(len + 1);
		if (!name) {
			return -1;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		o->allow_services[o->nallow_services++] = name;
		if (!comma) {
			return 0;
		}
		p = comma + 1;
	}
}

/* "data,admin": a bit per category named; -1 on an unknown name. */
static int parse_only(const char *arg, unsigned *out)
{
	const char *p = arg;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		enum exposure_category c;
		if (!exposure_category_parse(p, len, &c)) {
			return -1;
		}
		*out |= 1u << c;
		if (!comma) {
			return 0;
		}
		p = comma + 1;
	}
}

static int add_pattern(const char ***v, size_t *n, const char *pat)
{
	const char **nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv) {
		return -1;
	}
	nv[(*n)++] = pat;
	*v = nv;
	return 0;
}

void options_release(struct options *o)
{
	if (!o) {
		return;
	}
	free(o->includes);
	free(o->excludes);
	o->includes = o->excludes = NULL;
	o->nincludes = o->nexcludes = 0;
	for (size_t i = 0; i < o->nallow_services; i++) {
		free(o->allow_services[i]);
	}
	free(o->allow_services);
	free(o->allow_ports);
	o->allow_services = NULL;
	o->allow_ports = NULL;
	o->nallow_services = 0;
	o->nallow_ports = 0;
}

static enum cli_action usage_error(char *err, size_t errlen, const char *msg,
				   const char *arg)
{
	snprintf(err, errlen, "%s%s%s", msg, arg ? " " : "", arg ? arg : "");
	return CLI_USAGE_ERROR;
}

enum cli_action cli_parse(int argc, char **argv, struct options *o, char *err,
			  size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->mode = MODE_REPORT;
	o->max_size = 64u * 1024 * 1024;
	bool mode_set = false;
	enum mode mode = MODE_REPORT;

	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":diqvj:hV", long_options, NULL)) !=
	       -1) {
		switch (c) {
		case 'd':
		case 'i':
		case OPT_STDOUT:
			mode = c == 'd'	  ? MODE_DIFF
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
		case 'v':
			o->verbose = true;
			break;
		case OPT_BIND: {
			bool wild;
			const char *a = optarg;
			size_t len = strlen(a);
			/* "[::1]" as in a port entry: the address inside */
			if (len > 2 && a[0] == '[' && a[len - 1] == ']' &&
			    memchr(a + 1, ':', len - 2)) {
				a++;
				len -= 2;
			}
			if (len >= sizeof(o->bind_text[0]) ||
			    !portspec_addr(a, len, &wild)) {
				return usage_error(err, errlen,
						   "--bind takes an IPv4 or "
						   "IPv6 address, not",
						   optarg);
			}
			if (wild) {
				return usage_error(err, errlen,
						   "--bind needs a specific "
						   "address, not the wildcard",
						   optarg);
			}
			if (o->nbinds == 2) {
				return usage_error(err, errlen,
						   "--bind takes at most two "
						   "addresses, not also",
						   optarg);
			}
			char *text = o->bind_text[o->nbinds];
			memcpy(text, a, len);
			text[len] = '\0';
			if (o->nbinds == 1 && same_addr(o->binds[0], text)) {
				return usage_error(
					err, errlen,
					"--bind given twice with the "
					"same address",
					optarg);
			}
			o->binds[o->nbinds++] = text;
			break;
		}
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0) {
				o->format = FORMAT_TEXT;
			} else if (strcmp(optarg, "json") == 0) {
				o->format = FORMAT_JSON;
			} else if (strcmp(optarg, "sarif") == 0) {
				o->format = FORMAT_SARIF;
			} else {
				return usage_error(err, errlen,
						   "--format takes text, json "
						   "or sarif, not",
						   optarg);
			}
			break;
		case OPT_OUTPUT:
			o->output = optarg;
			break;
		case OPT_COLOR:
			/* "--color never" reads never as a path: say so */
			if (!optarg && optind < argc &&
			    (strcmp(argv[optind], "auto") == 0 ||
			     strcmp(argv[optind], "always") == 0 ||
			     strcmp(argv[optind], "never") == 0)) {
				snprintf(err, errlen,
					 "--color takes its value after '=': "
					 "--color=%s (for a file named '%s', "
					 "write ./%s)",
					 argv[optind], argv[optind],
					 argv[optind]);
				return CLI_USAGE_ERROR;
			}
			if (!optarg || strcmp(optarg, "always") == 0) {
				o->color = COLOR_ALWAYS;
			} else if (strcmp(optarg, "auto") == 0) {
				o->color = COLOR_AUTO;
			} else if (strcmp(optarg, "never") == 0) {
				o->color = COLOR_NEVER;
			} else {
				return usage_error(err, errlen,
						   "--color takes auto, always "
						   "or never, not",
						   optarg);
			}
			break;
		case OPT_INCLUDE:
		case OPT_EXCLUDE:
			if (add_pattern(c == OPT_INCLUDE ? &o->includes
							 : &o->excludes,
					c == OPT_INCLUDE ? &o->nincludes
							 : &o->nexcludes,
					optarg) < 0) {
				return usage_error(err, errlen,
						   "out of memory at", optarg);
			}
			break;
		case OPT_KIND: {
			unsigned k = filekind_parse(optarg);
			if (!k) {
				return usage_error(
					err, errlen,
					"--kind takes compose, shell, "
					"make or markdown, not",
					optarg);
			}
			o->kinds |= k;
			break;
		}
		case OPT_FIX_EXPLICIT:
			o->fix_explicit = true;
			break;
		case OPT_STRICT:
			o->strict = true;
			break;
		case OPT_ENV_FILE:
			o->env_file = optarg;
			break;
		case OPT_ALLOW_PORT:
			if (add_ports(o, optarg) < 0) {
				return usage_error(err, errlen,
						   "--allow-port takes port "
						   "numbers such as 80,443, "
						   "not",
						   optarg);
			}
			break;
		case OPT_ONLY:
			if (parse_only(optarg, &o->only) < 0) {
				return usage_error(err, errlen,
						   "--only takes categories "
						   "from data, admin, web and "
						   "other, such as data,admin, "
						   "not",
						   optarg);
			}
			break;
		case OPT_ALLOW_SERVICE:
			if (add_services(o, optarg) < 0) {
				return usage_error(err, errlen,
						   "--allow-service takes "
						   "service names such as "
						   "web,proxy, not",
						   optarg);
			}
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
		case OPT_FOLLOW_OUTSIDE:
			o->follow_outside = true;
			break;
		case 'h':
			return CLI_HELP;
		case 'V':
			return CLI_VERSION;
		case ':':
		default: {
			/* a short option may sit inside a cluster ("-fx"):
			 * name it alone, not the word around it */
			char shortopt[3] = { '-', (char)optopt, '\0' };
			const char *word = argv[optind - 1];
			bool is_long = c == ':' ? strncmp(word, "--", 2) == 0
						: optopt == 0;
			const char *what = is_long ? word : shortopt;
			return usage_error(err, errlen,
					   c == ':' ? "missing argument for"
						    : "unknown option",
					   what);
		}
		}
	}
	if (o->output && o->format == FORMAT_TEXT) {
		return usage_error(err, errlen,
				   "--output writes the json or sarif report: "
				   "give --format json or --format sarif",
				   NULL);
	}
	if (o->mode == MODE_DIFF && o->format != FORMAT_TEXT && !o->output) {
		return usage_error(err, errlen,
				   "--diff writes the diff to standard output: "
				   "give --output FILE for the json or sarif "
				   "report",
				   NULL);
	}
	if (o->mode == MODE_STDOUT && o->format != FORMAT_TEXT && !o->output) {
		return usage_error(err, errlen,
				   "--stdout writes the document to standard "
				   "output: give --output FILE for the report",
				   NULL);
	}
	o->paths = argv + optind;
	o->npaths = (size_t)(argc - optind);
	if (o->mode == MODE_STDOUT && o->npaths != 1) {
		return usage_error(err, errlen,
				   "--stdout takes exactly one input", NULL);
	}
	return CLI_RUN;
}
