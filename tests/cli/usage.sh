#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# --help, --version and usage errors.
# Usage: usage.sh COMPOSEFIX
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

d=$T/files
mk "$d/dirty.yml" "$DIRTY"
mk "$T/want/dirty.yml" "$DIRTY"

# ------------------------------------------------------------------ --help
run "$d" --help
want_rc 0
want_empty "$err" stderr
for opt in -d --diff -i --in-place --stdout -q --quiet -h --help \
	-V --version; do
	if ! grep -qF -e "$opt" "$out"; then
		note "--help does not mention $opt"
	fi
done
t_result "--help exits 0 on stdout and mentions every option"
cp "$out" "$T/.run/help"

# The exit codes: a line mentioning "exit" (any case) or the codes each
# with its meaning; at least the three digits appear next to words.
for code in 0 1 2; do
	if ! grep -qE "(^|[^0-9.:])$code([^0-9.:]|$)" "$T/.run/help"; then
		note "--help does not mention exit code $code"
	fi
done
if ! grep -qi 'exit' "$T/.run/help"; then
	note "--help does not say \"exit\""
fi
t_result "--help documents the exit codes 0, 1 and 2"

run "$d" -h
want_rc 0
want_same "$T/.run/help" "$out" "-h output"
t_result "-h prints the same as --help"

run "$d" --help dirty.yml
want_rc 0
want_same "$T/want/dirty.yml" "$d/dirty.yml" dirty.yml
t_result "--help with a path only prints help"

# --------------------------------------------------------------- --version
run "$d" --version
want_rc 0
want_match '[0-9]+\.[0-9]+\.[0-9]+' "$out" stdout
want_empty "$err" stderr
t_result "--version exits 0 and prints a version number"
cp "$out" "$T/.run/version"

run "$d" -V
want_rc 0
want_same "$T/.run/version" "$out" "-V output"
t_result "-V prints the same as --version"

# ---------------------------------------------------------- usage errors
usage_error() {
	what=$1
	shift
	run "$d" "$@"
	want_rc 2
	want_empty "$out" stdout
	want_nonempty "$err" stderr
	want_same "$T/want/dirty.yml" "$d/dirty.yml" dirty.yml
	t_result "usage error exits 2: $what"
}

usage_error "unknown long option" --no-such-option dirty.yml
usage_error "unknown short option" -Z dirty.yml
usage_error "--diff and --in-place together" --diff --in-place dirty.yml
usage_error "-d and -i together" -d -i dirty.yml
usage_error "--stdout and --diff together" --stdout --diff dirty.yml
usage_error "--stdout and --in-place together" --stdout -i dirty.yml
usage_error "--stdout with two paths" --stdout dirty.yml dirty.yml
usage_error "argument given to a flag" --diff=yes dirty.yml

run "$d" --no-such-option dirty.yml
if ! grep -qF -e '--no-such-option' "$err"; then
	note "stderr does not name the bad option"
	note_file "$err" stderr
fi
t_result "usage error names the unknown option"

# ---------------------------------------------------------------- -- stops
mk "$d/-odd.yml" "$DIRTY"
run "$d" -- -odd.yml
want_rc 1
want_text "-odd.yml:5:9: $DIRTY_REPORT" "$out" stdout
t_result "-- ends the options"

t_done
