#!/bin/sh
# Fuzzing regressions: regressions.sh COMPOSEFIX DIR
#
# Every directory under DIR holding an input file is a case (input.yml, or
# input.sh / input.mk for the shell harness: the name types it): an input a
# fuzz harness found crashing (or breaking a property), minimised. Its
# file "why" names the bug in one line; an optional file "status" holds
# the exit code report mode must give. Each case runs through the normal
# binary in report, --diff, --stdout and --in-place modes on a scratch
# copy: every run must exit 0, 1 or 2 (no signal) with no sanitizer report
# on stderr, and --in-place leaves either the old bytes (status 2) or
# exactly what --stdout printed.
# Prints "ok N - case" / "not ok N - case" and "regressions: N passed, M
# failed"; exits 1 on any failure.
set -u
LC_ALL=C
export LC_ALL

if [ $# -ne 2 ]; then
	echo "usage: regressions.sh COMPOSEFIX DIR" >&2
	exit 2
fi
case $1 in
/*) bin=$1 ;;
*) bin=$(pwd)/$1 ;; # meson passes ./composefix; cases run elsewhere
esac
dir=$2
if [ ! -x "$bin" ] || [ ! -d "$dir" ]; then
	echo "regressions.sh: cannot run '$bin' on '$dir'" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/composefix-regress.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' HUP INT PIPE TERM

passed=0
failed=0
i=0
why=""

fail() {
	why="$why
# $*"
}

# run MODE...: composefix on $tmp/c/$target, status in $rc.
run() {
	(cd "$tmp/c" && "$bin" "$@" "$target") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	case $rc in
	0 | 1 | 2) ;;
	*) fail "${*:-report}: exit status $rc" ;;
	esac
	if grep -qE 'Sanitizer|runtime error:|BUG' "$tmp/err"; then
		fail "${*:-report}: sanitizer report or BUG"
		if [ -z "$shown" ]; then
			shown=y
			why="$why
$(grep -vE '^ *$|^=+$' "$tmp/err" | head -n 20 | sed 's/^/#     /')"
		fi
	fi
}

fresh() {
	rm -rf "$tmp/c"
	mkdir "$tmp/c"
	cp "$1/$input" "$tmp/c/$target"
}

for case in "$dir"/*/; do
	case=${case%/}
	input=
	for f in "$case"/input.*; do
		[ -f "$f" ] && input=${f##*/}
	done
	[ -n "$input" ] || continue
	case $input in
	input.yml) target=compose.yml ;;
	*) target=$input ;;
	esac
	i=$((i + 1))
	name=${case##*/}
	why=""
	shown=""
	[ -s "$case/why" ] || fail "no file 'why' naming the bug"

	fresh "$case"
	run
	if [ -f "$case/status" ] && [ "$rc" != "$(cat "$case/status")" ]; then
		fail "report: exit status $rc, expected $(cat "$case/status")"
	fi
	run --diff
	run --stdout
	stdout_rc=$rc
	cp "$tmp/out" "$tmp/stdout"
	run --in-place
	if [ -n "$why" ]; then
		: # the runs failed already: their output proves nothing
	elif [ "$rc" -eq 2 ] || [ "$stdout_rc" -eq 2 ]; then
		cmp -s "$case/$input" "$tmp/c/$target" ||
			fail "--in-place changed the file on trouble"
	elif [ "$rc" -le 1 ]; then
		cmp -s "$tmp/stdout" "$tmp/c/$target" ||
			fail "--in-place wrote other bytes than --stdout"
	fi

	if [ -z "$why" ]; then
		passed=$((passed + 1))
		echo "ok $i - $name"
	else
		failed=$((failed + 1))
		echo "not ok $i - $name$why"
	fi
done

echo "regressions: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
