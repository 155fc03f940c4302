#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# With no PATH, the compose files of the current directory are used.
# Usage: discovery.sh COMPOSEFIX
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

OVERRIDE='services:\n  web:\n    ports:\n      - "8080:8080"\n'
OVERRIDE_FIXED='services:\n  web:\n    ports:\n      - "127.0.0.1:8080:8080"\n'
mk "$T/want/fixed.yml" "$DIRTY_FIXED"
mk "$T/want/override-fixed.yml" "$OVERRIDE_FIXED"

# A discovered file may be shown as NAME or ./NAME.
re_name() {
	printf '^(\\./)?%s:' "$(printf '%s' "$1" | sed 's/\./\\./g')"
}

d=$T/pair
mk "$d/compose.yaml" "$DIRTY"
mk "$d/compose.override.yaml" "$OVERRIDE"
mk "$d/other.yml" "$DIRTY"
cp "$d/other.yml" "$T/.run/other"
run "$d"
want_rc 1
want_match "$(re_name compose.yaml)5:9: \"80:80\" in service \"web\"" \
	"$out" stdout
want_match "$(re_name compose.override.yaml)4:9: \"8080:8080\" in service \"web\"" \
	"$out" stdout
if [ "$(wc -l <"$out")" -ne 2 ]; then
	note "expected 2 report lines"
	note_file "$out" stdout
fi
if grep -q other "$out"; then
	note "other.yml was picked up"
fi
first=$(head -n 1 "$out")
case $first in
compose.yaml:* | ./compose.yaml:*) ;;
*) note "compose.yaml should come before its override" ;;
esac
t_result "no PATH: compose.yaml and compose.override.yaml, base first"

run "$d" --in-place
want_rc 0
want_same "$T/want/fixed.yml" "$d/compose.yaml" compose.yaml
want_same "$T/want/override-fixed.yml" "$d/compose.override.yaml" \
	compose.override.yaml
want_same "$T/.run/other" "$d/other.yml" other.yml
t_result "no PATH with --in-place fixes both files, nothing else"

run "$d"
want_rc 0
want_empty "$out" stdout
t_result "no PATH after the fix: exit 0"

for name in compose.yml docker-compose.yaml docker-compose.yml; do
	d=$T/one-$name
	mk "$d/$name" "$DIRTY"
	run "$d"
	want_rc 1
	want_match "$(re_name "$name")5:9: " "$out" stdout
	t_result "no PATH: $name is found"
done

d=$T/docker-pair
mk "$d/docker-compose.yml" "$DIRTY"
mk "$d/docker-compose.override.yml" "$OVERRIDE"
run "$d"
want_rc 1
want_match "$(re_name docker-compose.yml)5:9: " "$out" stdout
want_match "$(re_name docker-compose.override.yml)4:9: " "$out" stdout
t_result "no PATH: docker-compose.yml and docker-compose.override.yml"

d=$T/empty
mkdir -p "$d"
run "$d"
want_rc 2
want_empty "$out" stdout
want_nonempty "$err" stderr
t_result "no PATH in an empty directory: exit 2 with a message"

d=$T/unrelated
mk "$d/stack.yml" "$DIRTY"
mk "$d/compose.yaml.bak" "$DIRTY"
run "$d"
want_rc 2
want_empty "$out" stdout
t_result "no PATH and only unrelated files: exit 2"

d=$T/clean
mk "$d/compose.yaml" "$CLEAN"
run "$d"
want_rc 0
want_empty "$out" stdout
t_result "no PATH, nothing to fix: exit 0"

t_done
