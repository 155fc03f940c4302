#include "filekind.h"

#include <assert.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <string.h>
#include <unistd.h>

#include "discover.h"

static const struct {
	const char *name;
	unsigned kind;
} names[] = {
	{ "compose", FILEKIND_COMPOSE },
	{ "shell", FILEKIND_SHELL },
	{ "make", FILEKIND_MAKE },
	{ "markdown", FILEKIND_MARKDOWN },
};

/* File names, by kind, from the one list (discover_names.def). */
static const struct {
	const char *pattern;
	unsigned kind;
} patterns[] = {
#define NAME(kind, glob) { glob, 1u << DISCOVER_##kind },
#define DIR(name)
#include "discover_names.def"
#undef NAME
#undef DIR
};

static_assert(FILEKIND_COMPOSE == 1u << DISCOVER_COMPOSE &&
		      FILEKIND_SHELL == 1u << DISCOVER_SHELL &&
		      FILEKIND_MAKE == 1u << DISCOVER_MAKE &&
		      FILEKIND_MARKDOWN == 1u << DISCOVER_MARKDOWN,
	      "a file kind's bit is 1 << its discover_kind");

unsigned filekind_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i].name) == 0) {
			return names[i].kind;
		}
	}
	return 0;
}

const char *filekind_name(unsigned k)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].kind == k) {
			return names[i].name;
		}
	}
	return "?";
}

unsigned filekind_by_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		if (fnmatch(patterns[i].pattern, base, 0) == 0) {
			return patterns[i].kind;
		}
	}
	return 0;
}

bool filekind_shebang(const char *head, size_t len)
{
	static const char *const shells[] = { "sh", "bash", "dash", "ksh",
					      "zsh" };
	if (len < 3 || head[0] != '#' || head[1] != '!') {
		return false;
	}
	const char *nl = memchr(head, '\n', len);
	size_t end = nl ? (size_t)(nl - head) : len;
	size_t i = 2;
	/* the interpreter, after "env" and its -S when there */
	for (int word = 0; word < 3; word++) {
		while (i < end && (head[i] == ' ' || head[i] == '\t')) {
			i++;
		}
		size_t s = i;
		while (i < end && head[i] != ' ' && head[i] != '\t' &&
		       head[i] != '\r') {
			i++;
		}
		size_t b = s;
		for (size_t k = s; k < i; k++) {
			if (head[k] == '/') {
				b = k + 1;
			}
		}
		size_t n = i - b;
		if ((n == 3 && memcmp(head + b, "env", 3) == 0) ||
		    (n == 2 && memcmp(head + b, "-S", 2) == 0)) {
			continue;
		}
		for (size_t k = 0; k < sizeof(shells) / sizeof(*shells); k++) {
			if (strlen(shells[k]) == n &&
			    memcmp(head + b, shells[k], n) == 0) {
				return true;
			}
		}
		return false;
	}
	return false;
}

bool filekind_shebang_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		return false;
	}
	char head[256];
	ssize_t n = read(fd, head, sizeof(head));
	close(fd);
	return n > 0 && filekind_shebang(head, (size_t)n);
}
