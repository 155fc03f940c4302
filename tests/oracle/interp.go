package main

// Interpolation and .env reading as Docker Compose does them, written for
// the oracle from compose-go's documented rules (not shared with
// composefix's C code, which the oracle checks): "$$" is "$", "$NAME" and
// "${NAME}" the value (empty when unset), "${NAME:-d}" d when unset or
// empty, "${NAME-d}" d when unset, "${NAME:+a}" a when set and not empty,
// "${NAME+a}" a when set, "${NAME:?e}" and "${NAME?e}" an error when unset
// (or empty, with the colon). Defaults are interpolated in turn. A "$"
// followed by anything else is an invalid template.

import (
	"errors"
	"strings"
)

func isNameStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isNameChar(c byte) bool {
	return isNameStart(c) || (c >= '0' && c <= '9')
}

// braceEnd: the index of the '}' closing the "${" at s[0], nested "${"
// counted.
func braceEnd(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		if strings.HasPrefix(s[i:], "${") {
			depth++
			i++
			continue
		}
		if s[i] == '}' {
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// unsetSeen is set when an interpolation met a variable with no value and
// no default: Compose would read it from the shell's environment.
var unsetSeen bool

func lookup(env map[string]string, name string) string {
	v, ok := env[name]
	if !ok {
		unsetSeen = true
	}
	return v
}

func interpolate(s string, env map[string]string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '$' {
			b.WriteByte(s[i])
			i++
			continue
		}
		if i+1 >= len(s) {
			return "", errors.New("invalid template: " + s)
		}
		c := s[i+1]
		switch {
		case c == '$':
			b.WriteByte('$')
			i += 2
		case isNameStart(c):
			j := i + 1
			for j < len(s) && isNameChar(s[j]) {
				j++
			}
			b.WriteString(lookup(env, s[i+1:j]))
			i = j
		case c == '{':
			end := braceEnd(s[i:])
			if end < 0 {
				return "", errors.New("invalid template: " + s)
			}
			v, err := braced(s[i+2:i+end], env)
			if err != nil {
				return "", err
			}
			b.WriteString(v)
			i += end + 1
		default:
			return "", errors.New("invalid template: " + s)
		}
	}
	return b.String(), nil
}

// braced: the inside of "${...}".
func braced(in string, env map[string]string) (string, error) {
	j := 0
	if j >= len(in) || !isNameStart(in[j]) {
		return "", errors.New("invalid template: ${" + in + "}")
	}
	for j < len(in) && isNameChar(in[j]) {
		j++
	}
	name := in[:j]
	val, set := env[name]
	if j == len(in) {
		return lookup(env, name), nil
	}
	colon := in[j] == ':'
	if colon {
		j++
	}
	if j >= len(in) {
		return "", errors.New("invalid template: ${" + in + "}")
	}
	op, arg := in[j], in[j+1:]
	present := set && (!colon || val != "")
	switch op {
	case '-':
		if present {
			return val, nil
		}
		return interpolate(arg, env)
	case '+':
		if present {
			return interpolate(arg, env)
		}
		return "", nil
	case '?':
		if present {
			return val, nil
		}
		return "", errors.New("required variable " + name + " is missing a value")
	}
	return "", errors.New("invalid template: ${" + in + "}")
}

// parseDotenv: NAME=VALUE lines, "export " prefixes, '#' comments,
// single quotes verbatim, double quotes with \n escapes, an unquoted
// value ending at " #"; other values expand earlier variables.
func parseDotenv(text string) map[string]string {
	env := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		quoted := false
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		line = strings.TrimPrefix(line, "export ")
		if line == "" || line[0] == '#' {
			continue
		}
		eq := strings.IndexAny(line, "=:")
		if eq <= 0 {
			continue
		}
		name := strings.TrimSpace(line[:eq])
		v := strings.TrimSpace(line[eq+1:])
		switch {
		case len(v) >= 2 && v[0] == '\'' && strings.IndexByte(v[1:], '\'') >= 0:
			v = v[1 : 1+strings.IndexByte(v[1:], '\'')]
			quoted = true
		case len(v) >= 2 && v[0] == '"' && strings.IndexByte(v[1:], '"') >= 0:
			v = strings.ReplaceAll(v[1:1+strings.IndexByte(v[1:], '"')], `\n`, "\n")
		default:
			if k := strings.Index(v, " #"); k >= 0 {
				v = strings.TrimSpace(v[:k])
			}
		}
		if x, err := interpolate(v, env); err == nil && !quoted {
			v = x // compose-go expands earlier variables in values
		}
		env[name] = v
	}
	return env
}
