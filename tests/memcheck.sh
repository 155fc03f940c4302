#!/bin/sh
# The binary under valgrind's memcheck over every golden case (report with
# -v, --diff, --format sarif and a batched --in-place of all inputs): no
# invalid access, no uninitialised read, no definite or indirect leak.
# Usage: memcheck.sh COMPOSEFIX GOLDEN_DIR
set -u
case $1 in
/*) bin=$1 ;;
*) bin=$(pwd)/$1 ;;
esac
golden=$2
# Slow (minutes): only on request, as .ci/run asks for it.
if [ "${COMPOSEFIX_MEMCHECK:-}" != 1 ]; then
	echo "memcheck: set COMPOSEFIX_MEMCHECK=1 to run; skipped"
	exit 77
fi
if ! command -v valgrind >/dev/null; then
	echo "memcheck: valgrind is not installed; skipped"
	[ "${CI:-}" = true ] && exit 1
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/composefix-memcheck.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect "$bin" "$@" \
		>/dev/null 2>"$tmp/err"
	[ $? -ne 99 ]
}
pass=0
fail=0
n=0
mkdir "$tmp/all"
for c in "$golden"/*/; do
	name=$(basename "$c")
	n=$((n + 1))
	rm -rf "$tmp/case" && cp -R "$c" "$tmp/case" || exit 2
	args=
	[ -f "$c/args" ] && args=$(cat "$c/args")
	input=
	for f in "$c"/input.*; do
		[ -f "$f" ] && input=${f##*/}
	done
	ok=true
	for mode in -v --diff "--format sarif"; do
		# shellcheck disable=SC2086
		if ! (cd "$tmp/case" && vg $args $mode "$input"); then
			ok=false
			echo "# $name $mode:"
			sed 's/^/#   /' "$tmp/err"
		fi
	done
	case $input in
	input.yml) cp "$c/$input" "$tmp/all/$n.compose.yml" ;;
	*) cp "$c/$input" "$tmp/all/$n.${input#input.}" ;;
	esac
	if $ok; then
		pass=$((pass + 1))
		echo "ok $n - $name"
	else
		fail=$((fail + 1))
		echo "not ok $n - $name"
	fi
done
n=$((n + 1))
if (cd "$tmp" && vg -q -j 2 --in-place all); then
	pass=$((pass + 1))
	echo "ok $n - batched --in-place of every input"
else
	fail=$((fail + 1))
	echo "not ok $n - batched --in-place of every input"
	sed 's/^/#   /' "$tmp/err"
fi
echo "memcheck: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
