# Shared helpers for tests/cli/*.sh; sourced as
#     . "$(dirname "$0")/lib.sh"
# with the composefix binary as the first argument. Each check prints
# "ok N - what" or "not ok N - what" (reasons follow as "#" lines);
# t_done prints "NAME: N passed, M failed" and sets the exit status.
# shellcheck shell=sh disable=SC2034

set -u
LC_ALL=C
export LC_ALL

t_name=$(basename "$0" .sh)

if [ $# -lt 1 ]; then
	echo "usage: $0 COMPOSEFIX" >&2
	exit 2
fi
case $1 in
/*) bin=$1 ;;
*/*) bin=$(pwd)/$1 ;;
*) bin=$(command -v "$1") || bin=$1 ;;
esac
if [ ! -x "$bin" ]; then
	echo "$t_name: cannot run '$bin'" >&2
	exit 2
fi

# The source tree, for the bundled example.
srcdir=$(cd "$(dirname "$0")/../.." && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/composefix-$t_name.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 130' HUP INT PIPE TERM
# Scratch output lives in $T/.run, fixtures in directories below $T.
mkdir "$T/.run" || exit 2
out=$T/.run/out
err=$T/.run/err
why=$T/.run/why
GIT_CEILING_DIRECTORIES=$T
export GIT_CEILING_DIRECTORIES
# Nobody's git configuration (core.autocrlf, apply.whitespace) counts.
GIT_CONFIG_NOSYSTEM=1
GIT_CONFIG_GLOBAL=/dev/null
export GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL
exec </dev/null

t_n=0
t_pass=0
t_fail=0
: >"$why"

# note TEXT...: a reason for the next t_result.
note() {
	printf '%s\n' "$*" >>"$why"
}

# note_file FILE LABEL: a file's lines as reasons.
note_file() {
	if [ -s "$1" ]; then
		sed "s/^/    $2: /" "$1" >>"$why"
	else
		note "    $2: (empty)"
	fi
}

# t_result WHAT: ok when no reason was noted since the last result.
t_result() {
	t_n=$((t_n + 1))
	if [ -s "$why" ]; then
		t_fail=$((t_fail + 1))
		echo "not ok $t_n - $1"
		sed 's/^/# /' "$why"
	else
		t_pass=$((t_pass + 1))
		echo "ok $t_n - $1"
	fi
	: >"$why"
}

t_done() {
	echo "$t_name: $t_pass passed, $t_fail failed"
	[ "$t_fail" -eq 0 ]
	exit
}

# run DIR ARG...: runs composefix in DIR; stdout in $out, stderr in $err,
# exit status in $rc. stdin is inherited (/dev/null unless redirected).
run() {
	_dir=$1
	shift
	(cd "$_dir" && exec "$bin" "$@") >"$out" 2>"$err"
	rc=$?
}

# The checks below only note reasons; a t_result closes each test.

# want_rc WANT
want_rc() {
	if [ "$rc" -ne "$1" ]; then
		note "exit status $rc, expected $1"
		note_file "$err" stderr
	fi
}

# want_same EXPECTED ACTUAL LABEL: byte-identical files.
want_same() {
	if ! cmp -s "$1" "$2"; then
		note "$3 differs (diff -u expected actual):"
		diff -u "$1" "$2" | sed 's/^/    /' >>"$why"
		note "    $(cmp "$1" "$2" 2>&1)"
	fi
}

# want_text TEXT FILE LABEL: FILE holds exactly TEXT plus a newline.
want_text() {
	printf '%s\n' "$1" >"$T/.run/want"
	want_same "$T/.run/want" "$2" "$3"
}

# want_empty FILE LABEL
want_empty() {
	if [ -s "$1" ]; then
		note "$2 is not empty:"
		note_file "$1" "$2"
	fi
}

# want_nonempty FILE LABEL
want_nonempty() {
	if [ ! -s "$1" ]; then
		note "$2 is empty"
	fi
}

# want_line TEXT FILE LABEL: one line of FILE is exactly TEXT.
want_line() {
	if ! grep -qxF -e "$1" "$2"; then
		note "$3 has no line: $1"
		note_file "$2" "$3"
	fi
}

# want_match ERE FILE LABEL: some line of FILE matches ERE.
want_match() {
	if ! grep -qE -e "$1" "$2"; then
		note "$3 has no line matching: $1"
		note_file "$2" "$3"
	fi
}

# want_shape PREFIX SUFFIX FILE LABEL: FILE is one line that starts with
# PREFIX and ends with SUFFIX (both literal), with something in between.
want_shape() {
	if [ "$(wc -l <"$3")" -ne 1 ]; then
		note "$4 should be one line"
		note_file "$3" "$4"
		return
	fi
	_line=$(cat "$3")
	case $_line in
	"$1"?*"$2") ;;
	*)
		note "$4 should look like: $1...$2"
		note_file "$3" "$4"
		;;
	esac
}

# no_temp DIR LABEL: no ".composefix-*" file in DIR.
no_temp() {
	for _f in "$1"/.composefix-*; do
		if [ -e "$_f" ] || [ -L "$_f" ]; then
			note "$2: temp file left: $_f"
		fi
	done
}

# mk FILE TEXT: writes TEXT (printf format: \n, \r, \t, \ooo work).
mk() {
	mkdir -p "$(dirname "$1")"
	# shellcheck disable=SC2059 # the text is a format on purpose
	printf "$2" >"$1"
}

mtime() {
	stat -c %Y "$1"
}

old_time='2001-02-03 04:05:06'

# Fixtures used by several scripts.
DIRTY='services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n'
DIRTY_FIXED='services:\n  web:\n    image: nginx\n    ports:\n      - "127.0.0.1:80:80"\n'
DIRTY_REPORT='"80:80" in service "web" publishes nginx (web) on all interfaces; fix: "127.0.0.1:80:80" [unbound]'
CLEAN='services:\n  web:\n    image: nginx\n    ports:\n      - "127.0.0.1:80:80"\n'
# Unterminated double-quoted scalar at the end of the stream.
BROKEN='services:\n  web:\n    image: nginx\n    ports:\n      - "80:80\n'
