#!/bin/sh
# Golden tests: golden.sh COMPOSEFIX CASES_DIR
#
# Every directory under CASES_DIR holding an input file is a case:
#   input.EXT        the input, bytes exactly as the case needs: input.yml
#                    (Compose), input.sh (shell), input.mk (Make),
#                    input.md (Markdown); the name types it
#   expected.EXT     what `composefix --stdout input.EXT` prints
#   expected.diff    what `composefix --diff input.EXT` prints (may be empty)
#   expected.report  what `composefix input.EXT` (report mode) prints
#   expected.stderr  optional: the exact stderr of every mode
#   expected.json    optional: what `composefix --format json input.yml`
#                    prints, composefix's version written as @VERSION@
#   expected.sarif   optional: the same for --format sarif; with
#                    SARIF_SCHEMA set (the SARIF 2.1.0 JSON schema, see
#                    .ci/run) the output must validate against it too
#   args             optional: extra options, one line, split on blanks
#   status           optional: exit code of report mode, --diff and
#                    --stdout (default 1 when expected.diff is non-empty,
#                    else 0); --in-place exits 0 unless it is 2
# Each case runs in a temporary copy, so nothing is written to CASES_DIR.
# Prints "ok N - case" / "not ok N - case" (with the reasons as "#" lines)
# and a closing "golden: N passed, M failed"; exits 1 on any failure.

set -u
LC_ALL=C
export LC_ALL

if [ $# -ne 2 ]; then
	echo "usage: golden.sh COMPOSEFIX CASES_DIR" >&2
	exit 2
fi

abspath() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(pwd)" "$1" ;;
	esac
}

case $1 in
*/*) bin=$(abspath "$1") ;;
*) bin=$(command -v "$1") || bin=$1 ;;
esac
cases=$(abspath "$2")

if [ ! -x "$bin" ]; then
	echo "golden.sh: cannot run '$bin'" >&2
	exit 2
fi
if [ ! -d "$cases" ]; then
	echo "golden.sh: no such directory '$cases'" >&2
	exit 2
fi
for tool in patch git cmp diff; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "golden.sh: '$tool' is needed" >&2
		exit 2
	fi
done

# The version machine-readable reports carry, as expected.* spell it.
version=$("$bin" --version | sed -n 's/^composefix //p')
version_re=$(printf '%s' "$version" | sed 's/[].[\\*^$/]/\\&/g')
schema=${SARIF_SCHEMA:-}
if [ -n "$schema" ] && [ ! -f "$schema" ]; then
	echo "golden.sh: SARIF_SCHEMA '$schema' is not a file" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/composefix-golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' HUP INT PIPE TERM
# git apply must not find a repository above the scratch directories.
GIT_CEILING_DIRECTORIES=$tmp
export GIT_CEILING_DIRECTORIES
# Nobody's git configuration (core.autocrlf, apply.whitespace) counts.
GIT_CONFIG_NOSYSTEM=1
GIT_CONFIG_GLOBAL=/dev/null
export GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL

# An old timestamp, to see whether a run rewrote a file.
old_time='2001-02-03 04:05:06'

why=$tmp/why	# reasons for the current case's failure

fail() {
	printf '%s\n' "$*" >>"$why"
}

# same EXPECTED ACTUAL WHAT: byte comparison, diff -u shown on mismatch.
same() {
	if ! cmp -s "$1" "$2"; then
		fail "$3 differs from $(basename "$1") (diff -u expected actual):"
		diff -u "$1" "$2" | sed 's/^/    /' >>"$why"
		# Shows where, when the difference is invisible (CR, BOM, tab).
		fail "    $(cmp "$1" "$2" 2>&1 | sed "s|$tmp/||g; s|$dir/||g")"
	fi
}

# rc_is GOT WANT WHAT
rc_is() {
	if [ "$1" -ne "$2" ]; then
		fail "$3: exit status $1, expected $2"
		if [ -s "$tmp/err" ]; then
			sed 's/^/    stderr: /' "$tmp/err" >>"$why"
		fi
	fi
}

# check_stderr WHAT: compares stderr with expected.stderr when present.
check_stderr() {
	if [ -f "$dir/expected.stderr" ]; then
		same "$dir/expected.stderr" "$tmp/err" "$1: stderr"
	fi
}

# composefix MODE-OPTIONS...: runs in $work on the input with the case's
# args; stdout to $tmp/out, stderr to $tmp/err, status in $rc.
composefix() {
	set -f
	# shellcheck disable=SC2086 # args is split on purpose
	(cd "$work" && exec "$bin" $args "$@" "$input") \
		>"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	set +f
}

mtime() {
	stat -c %Y "$1"
}

# only_input DIR WHAT: the directory holds the input and the case's own
# files beside it (from $dir), nothing else.
only_input() {
	left=
	for f in "$1"/* "$1"/.[!.]* "$1"/..?*; do
		if [ -e "$f" ] || [ -L "$f" ]; then
			case ${f##*/} in
			"$input") ;;
			*)
				if [ ! -e "$dir/${f##*/}" ]; then
					left="$left ${f##*/}"
				fi
				;;
			esac
		fi
	done
	if [ -n "$left" ]; then
		fail "$2: left behind:$left"
	fi
}

run_case() {
	for f in "$input" "$expect" expected.diff expected.report; do
		if [ ! -f "$dir/$f" ]; then
			fail "case has no $f"
			return
		fi
	done

	args=
	if [ -f "$dir/args" ]; then
		args=$(cat "$dir/args")
	fi
	if [ -f "$dir/status" ]; then
		status=$(cat "$dir/status")
	elif [ -s "$dir/expected.diff" ]; then
		status=1
	else
		status=0
	fi
	# --in-place succeeds unless the input is in trouble.
	fixed_status=0
	if [ "$status" -eq 2 ]; then
		fixed_status=2
	fi
	# --strict: a warning that stays fails every run, fixed or not
	after_status=0
	case " $args " in
	*" --strict "*)
		if [ -s "$dir/expected.stderr" ] &&
			grep -q ': warning: ' "$dir/expected.stderr"; then
			fixed_status=1
			after_status=1
		fi
		;;
	esac

	# The case itself must be consistent.
	if cmp -s "$dir/$input" "$dir/$expect"; then
		if [ -s "$dir/expected.diff" ]; then
			fail "case: $expect equals $input but expected.diff is not empty"
		fi
	elif [ ! -s "$dir/expected.diff" ]; then
		fail "case: $expect differs from $input but expected.diff is empty"
	fi

	work=$tmp/work
	rm -rf "$work"
	mkdir "$work" || return
	cp "$dir/$input" "$work/$input" || return
	# files the case needs beside its input: .env, an --env-file, an
	# included file
	for aux in "$dir"/* "$dir"/.[!.]*; do
		[ -e "$aux" ] || continue
		case ${aux##*/} in
		input.* | expected.* | args | status) ;;
		*) cp -R "$aux" "$work/" || return ;;
		esac
	done
	touch -d "$old_time" "$work/$input"
	before=$(mtime "$work/$input")

	# Report mode.
	composefix
	rc_is "$rc" "$status" "report mode"
	same "$dir/expected.report" "$tmp/out" "report mode: stdout"
	check_stderr "report mode"
	same "$dir/$input" "$work/$input" "report mode: $input"

	# Machine-readable reports, when the case has them.
	for fmt in json sarif; do
		[ -f "$dir/expected.$fmt" ] || continue
		composefix --format "$fmt"
		rc_is "$rc" "$status" "--format $fmt"
		sed "/version\": /s/\"$version_re\"/\"@VERSION@\"/" "$tmp/out" \
			>"$tmp/report.$fmt"
		same "$dir/expected.$fmt" "$tmp/report.$fmt" "--format $fmt: stdout"
		check_stderr "--format $fmt"
		if [ "$fmt" = sarif ] && [ -n "$schema" ] &&
			! python3 -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
				"$tmp/out" "$schema" >"$tmp/py" 2>&1; then
			fail "--format sarif: does not validate against $schema:"
			sed 's/^/    /' "$tmp/py" >>"$why"
		fi
	done

	# --diff.
	composefix --diff
	rc_is "$rc" "$status" "--diff"
	same "$dir/expected.diff" "$tmp/out" "--diff: stdout"
	check_stderr "--diff"
	same "$dir/$input" "$work/$input" "--diff: $input"

	# --stdout.
	# --stdout exits like report mode (1 when the output differs).
	composefix --stdout
	rc_is "$rc" "$status" "--stdout"
	if [ "$status" -ne 2 ]; then
		same "$dir/$expect" "$tmp/out" "--stdout: stdout"
	fi
	check_stderr "--stdout"
	same "$dir/$input" "$work/$input" "--stdout: $input"

	if [ "$(mtime "$work/$input")" != "$before" ]; then
		fail "read-only modes changed the mtime of $input"
	fi

	# --in-place, then once more: the second run finds nothing to do.
	composefix --in-place
	rc_is "$rc" "$fixed_status" "--in-place"
	check_stderr "--in-place"
	same "$dir/$expect" "$work/$input" "--in-place: $input"
	only_input "$work" "--in-place"
	if cmp -s "$dir/$input" "$dir/$expect" &&
		[ "$(mtime "$work/$input")" != "$before" ]; then
		fail "--in-place rewrote an unchanged file (mtime changed)"
	fi

	if [ "$status" -ne 2 ]; then
		touch -d "$old_time" "$work/$input"
		composefix --in-place
		rc_is "$rc" "$after_status" "second --in-place"
		check_stderr "second --in-place"
		if [ -s "$tmp/out" ]; then
			fail "second --in-place printed:"
			sed 's/^/    /' "$tmp/out" >>"$why"
		fi
		same "$dir/$expect" "$work/$input" \
			"second --in-place: $input"
		if [ "$(mtime "$work/$input")" != "$before" ]; then
			fail "second --in-place rewrote the file (mtime changed)"
		fi
		only_input "$work" "second --in-place"

		composefix
		rc_is "$rc" "$after_status" "report mode after --in-place"
		if [ -s "$tmp/out" ]; then
			fail "report mode after --in-place printed:"
			sed 's/^/    /' "$tmp/out" >>"$why"
		fi
	fi

	# expected.diff applies to the input and gives the expected output.
	if [ -s "$dir/expected.diff" ]; then
		p=$tmp/patch
		rm -rf "$p"
		mkdir "$p"
		cp "$dir/$input" "$p/$input"
		if ! (cd "$p" && patch -p1 -s --batch --no-backup-if-mismatch) \
			<"$dir/expected.diff" >"$tmp/err" 2>&1; then
			fail "patch -p1 < expected.diff failed:"
			sed 's/^/    /' "$tmp/err" >>"$why"
		else
			same "$dir/$expect" "$p/$input" "patch -p1 result"
		fi

		rm -rf "$p"
		mkdir "$p"
		cp "$dir/$input" "$p/$input"
		if ! (cd "$p" && git apply --whitespace=nowarn) \
			<"$dir/expected.diff" >"$tmp/err" 2>&1; then
			fail "git apply < expected.diff failed:"
			sed 's/^/    /' "$tmp/err" >>"$why"
		else
			same "$dir/$expect" "$p/$input" "git apply result"
		fi
	fi
}

n=0
passed=0
failed=0
for dir in "$cases"/*/; do
	dir=${dir%/}
	input=
	for f in "$dir"/input.*; do
		[ -f "$f" ] && input=${f##*/}
	done
	[ -n "$input" ] || continue
	expect=expected.${input#input.}
	name=${dir##*/}
	n=$((n + 1))
	: >"$why"
	run_case
	if [ -s "$why" ]; then
		failed=$((failed + 1))
		echo "not ok $n - $name"
		sed 's/^/# /' "$why"
	else
		passed=$((passed + 1))
		echo "ok $n - $name"
	fi
done

if [ "$n" -eq 0 ]; then
	echo "golden.sh: no cases in '$cases'" >&2
	echo "golden: 0 passed, 0 failed"
	exit 1
fi
echo "golden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
