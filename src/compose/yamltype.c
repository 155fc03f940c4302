#include "yamltype.h"

#include <stdint.h>
#include <string.h>

/* The prefix libfyaml resolves "!!" to. */
static const char core[] = "tag:yaml.org,2002:";

enum tag {
	TAG_NONE, /* no tag, or the non-specific "!" */
	TAG_STR,
	TAG_INT,
	TAG_FLOAT,
	TAG_BOOL,
	TAG_NULL,
	TAG_TIMESTAMP,
	TAG_BINARY,
	TAG_OTHER, /* any other tag: go-yaml keeps the text as a string */
};

static enum tag tag_of(const char *tag, size_t len)
{
	static const struct {
		const char *name;
		enum tag tag;
	} core_tags[] = {
		{ "str", TAG_STR },	  { "int", TAG_INT },
		{ "float", TAG_FLOAT },	  { "bool", TAG_BOOL },
		{ "null", TAG_NULL },	  { "timestamp", TAG_TIMESTAMP },
		{ "binary", TAG_BINARY },
	};
	size_t n = sizeof(core) - 1;

	if (!tag || len == 0 || (len == 1 && tag[0] == '!')) {
		return TAG_NONE;
	}
	if (len <= n || memcmp(tag, core, n) != 0) {
		return TAG_OTHER;
	}
	for (size_t i = 0; i < sizeof(core_tags) / sizeof(core_tags[0]); i++) {
		size_t k = strlen(core_tags[i].name);
		if (len - n == k &&
		    memcmp(tag + n, core_tags[i].name, k) == 0) {
			return core_tags[i].tag;
		}
	}
	return TAG_OTHER;
}

bool yaml_tag_forces_type(const char *tag, size_t tag_len)
{
	switch (tag_of(tag, tag_len)) {
	case TAG_INT:
	case TAG_FLOAT:
	case TAG_BOOL:
	case TAG_NULL:
	case TAG_TIMESTAMP:
	case TAG_BINARY:
		return true;
	default:
		return false;
	}
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool text_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

/* resolve.go's table of whole words. */
static bool word_type(const char *s, size_t len, enum yaml_type *t)
{
	static const char *const trues[] = { "true",  "True",  "TRUE",
					     "false", "False", "FALSE" };
	static const char *const nulls[] = { "~", "null", "Null", "NULL" };
	static const char *const floats[] = { ".nan",  ".NaN",	".NAN",
					      ".inf",  ".Inf",	".INF",
					      "+.inf", "+.Inf", "+.INF",
					      "-.inf", "-.Inf", "-.INF" };
	if (len == 0) {
		*t = YAML_TYPE_NULL;
		return true;
	}
	for (size_t i = 0; i < sizeof(trues) / sizeof(trues[0]); i++) {
		if (text_is(s, len, trues[i])) {
			*t = YAML_TYPE_BOOL;
			return true;
		}
	}
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++) {
		if (text_is(s, len, nulls[i])) {
			*t = YAML_TYPE_NULL;
			return true;
		}
	}
	for (size_t i = 0; i < sizeof(floats) / sizeof(floats[0]); i++) {
		if (text_is(s, len, floats[i])) {
			*t = YAML_TYPE_FLOAT;
			return true;
		}
	}
	return false;
}

/*
 * A timestamp as go-yaml tries one: four digits and '-' first, then a
 * date "Y-M-D" (month and day of one or two digits), alone or followed by
 * a time after 'T', 't' or ' '. The time itself is not checked: a text
 * shaped like that is no port entry either way.
 */
static bool is_timestamp(const char *s, size_t len)
{
	size_t i = 0;
	unsigned month = 0, day = 0;
	size_t nd;

	while (i < len && is_digit(s[i])) {
		i++;
	}
	if (i != 4 || i == len || s[i] != '-') {
		return false;
	}
	i++;
	for (nd = 0; nd < 2 && i < len && is_digit(s[i]); nd++, i++) {
		month = month * 10 + (unsigned)(s[i] - '0');
	}
	if (nd == 0 || i >= len || s[i] != '-' || month < 1 || month > 12) {
		return false;
	}
	i++;
	for (nd = 0; nd < 2 && i < len && is_digit(s[i]); nd++, i++) {
		day = day * 10 + (unsigned)(s[i] - '0');
	}
	if (nd == 0 || day < 1 || day > 31) {
		return false;
	}
	return i == len || s[i] == 'T' || s[i] == 't' || s[i] == ' ';
}

static int digit_value(char c)
{
	if (is_digit(c)) {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return 99;
}

/*
 * strconv.ParseInt(p, 0, 64) on p (underscores already dropped): a sign,
 * then "0x", "0o", "0b" (either case, with at least one digit after) or a
 * leading "0" (octal), else decimal; then, as go-yaml tries next,
 * ParseUint for an unsigned value beyond int64. Returns false when p is
 * no integer (beyond 64 bits it is none: go-yaml then tries a float);
 * *fits is false for an integer beyond int64.
 */
static bool parse_int0(const char *p, size_t len, long long *out, bool *fits)
{
	size_t i = 0;
	bool neg = false;
	bool sign = false;
	unsigned base = 10;
	uint64_t v = 0;

	if (len > 0 && (p[0] == '+' || p[0] == '-')) {
		neg = p[0] == '-';
		sign = true;
		i++;
	}
	if (i >= len) {
		return false;
	}
	if (p[i] == '0') {
		char x = i + 1 < len ? (char)(p[i + 1] | 0x20) : 0;
		if (len - i >= 3 && (x == 'x' || x == 'o' || x == 'b')) {
			base = x == 'x' ? 16 : x == 'o' ? 8 : 2;
			i += 2;
		} else {
			base = 8;
			i++;
		}
	}
	for (; i < len; i++) {
		int d = digit_value(p[i]);
		if (d >= (int)base || v > (UINT64_MAX - (uint64_t)d) / base) {
			return false;
		}
		v = v * base + (uint64_t)d;
	}
	/* int64: up to 2^63 - 1, or 2^63 negated; ParseUint takes no sign */
	if (v > (uint64_t)INT64_MAX + (neg ? 1u : 0u)) {
		if (sign) {
			return false;
		}
		*fits = false;
		*out = 0;
		return true;
	}
	*fits = true;
	*out = neg ? (long long)(0 - v) : (long long)v;
	return true;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool is_yaml_float(const char *p, size_t len)
{
	size_t i = 0, d;

	if (i < len && (p[i] == '+' || p[i] == '-')) {
		i++;
	}
	if (i < len && p[i] == '.') {
		i++;
		for (d = 0; i < len && is_digit(p[i]); i++) {
			d++;
		}
		if (d == 0) {
			return false;
		}
	} else {
		for (d = 0; i < len && is_digit(p[i]); i++) {
			d++;
		}
		if (d == 0) {
			return false;
		}
		if (i < len && p[i] == '.') {
			i++;
			while (i < len && is_digit(p[i])) {
				i++;
			}
		}
	}
	if (i < len && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < len && (p[i] == '+' || p[i] == '-')) {
			i++;
		}
		for (d = 0; i < len && is_digit(p[i]); i++) {
			d++;
		}
		if (d == 0) {
			return false;
		}
	}
	return i == len;
}

/* resolve.go's resolve() for an untagged plain text, the type only. */
static enum yaml_type resolve_plain(const char *s, size_t len, enum tag tag,
				    long long *value, bool *in_range)
{
	enum yaml_type t;
	char plain[64];
	size_t n = 0;
	unsigned char c = len ? (unsigned char)s[0] : 0;
	bool sign = c == '+' || c == '-';

	/* resolve.go's hint table: which first bytes are worth a look */
	if (len > 0 && !sign && !is_digit((char)c) && c != '.' &&
	    !strchr("yYnNtTfFoO~", c)) {
		return YAML_TYPE_STR;
	}
	if (word_type(s, len, &t)) {
		return t;
	}
	if (c == '.') {
		return is_yaml_float(s, len) ? YAML_TYPE_FLOAT : YAML_TYPE_STR;
	}
	if (!sign && !is_digit((char)c)) {
		return YAML_TYPE_STR; /* 'y', 'n', ...: only whole words count
				       */
	}
	if ((tag == TAG_NONE || tag == TAG_TIMESTAMP) && is_timestamp(s, len)) {
		return YAML_TYPE_TIMESTAMP;
	}
	/* go-yaml drops every '_' before reading a number */
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '_') {
			continue;
		}
		if (n == sizeof(plain)) {
			return YAML_TYPE_STR; /* no number is that long */
		}
		plain[n++] = s[i];
	}
	if (parse_int0(plain, n, value, in_range)) {
		return YAML_TYPE_INT;
	}
	if (is_yaml_float(plain, n)) {
		return YAML_TYPE_FLOAT;
	}
	return YAML_TYPE_STR;
}

enum yaml_type yaml_type_of(const char *s, size_t len, bool plain,
			    const char *tag, size_t tag_len, long long *value,
			    bool *in_range)
{
	enum tag t = tag_of(tag, tag_len);
	enum yaml_type r;
	long long v = 0;
	bool fits = true;

	switch (t) {
	case TAG_NONE:
		if (!plain) {
			return YAML_TYPE_STR;
		}
		break;
	case TAG_STR:
	case TAG_OTHER:
		return YAML_TYPE_STR;
	case TAG_BINARY:
		return YAML_TYPE_BINARY;
	default:
		break;
	}
	r = resolve_plain(s, len, t, &v, &fits);
	if (r == YAML_TYPE_INT) {
		if (value) {
			*value = v;
		}
		if (in_range) {
			*in_range = fits;
		}
	}
	/* a tag must agree with what the text is; an integer may be a float */
	switch (t) {
	case TAG_NONE:
		return r;
	case TAG_INT:
		return r == YAML_TYPE_INT ? r : YAML_TYPE_BAD;
	case TAG_FLOAT:
		return r == YAML_TYPE_INT || r == YAML_TYPE_FLOAT
			       ? YAML_TYPE_FLOAT
			       : YAML_TYPE_BAD;
	case TAG_BOOL:
		return r == YAML_TYPE_BOOL ? r : YAML_TYPE_BAD;
	case TAG_NULL:
		return r == YAML_TYPE_NULL ? r : YAML_TYPE_BAD;
	case TAG_TIMESTAMP:
		return r == YAML_TYPE_TIMESTAMP ? r : YAML_TYPE_BAD;
	default:
		return YAML_TYPE_BAD;
	}
}

const char *yaml_type_name(enum yaml_type t)
{
	switch (t) {
	case YAML_TYPE_STR:
		return "string";
	case YAML_TYPE_INT:
		return "integer";
	case YAML_TYPE_FLOAT:
		return "float";
	case YAML_TYPE_BOOL:
		return "boolean";
	case YAML_TYPE_NULL:
		return "null";
	case YAML_TYPE_TIMESTAMP:
		return "timestamp";
	case YAML_TYPE_BINARY:
		return "binary";
	case YAML_TYPE_BAD:
		break;
	}
	return "value of no type";
}
