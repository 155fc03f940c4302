#!/bin/sh
# Faults in a batched --in-place (16 files or more: the temp files are
# made durable by one syncfs, then renamed): failshim fails the Nth call of
# each function the batch reaches. Afterwards every file holds its old
# bytes or exactly its new ones, a file that kept its old bytes is named
# on stderr with the failing step, the exit code is 2, and no temp file is
# left. Usage: bulk.sh FAILSHIM INPUT EXPECTED COMPOSEFIX
set -u
shim=$1
input=$2
expected=$3
case $4 in
/*) bin=$4 ;;
*) bin=$(pwd)/$4 ;;
esac
case $shim in
/*) ;;
*) shim=$(pwd)/$shim ;;
esac
files=20
# the sanitizer build's runtime must come first, unless told otherwise
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS
tmp=$(mktemp -d "${TMPDIR:-/tmp}/composefix-bulkfault.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

check() { # LABEL
	problems=
	old=0
	k=0
	while [ "$k" -lt "$files" ]; do
		k=$((k + 1))
		f=$tmp/w/f$k.compose.yml
		if cmp -s "$f" "$expected"; then
			:
		elif cmp -s "$f" "$input"; then
			old=$((old + 1))
			grep -q "f$k.compose.yml" "$tmp/err" ||
				problems="$problems; f$k kept old bytes unnamed"
		else
			problems="$problems; f$k holds other bytes"
		fi
	done
	if ls -a "$tmp/w" | grep -q '^\.composefix-'; then
		problems="$problems; temp files left"
	fi
	# a failed close of a descriptor only read from (the input, a
	# directory) loses nothing and is rightly ignored
	hit=false
	if [ -s "$tmp/hit" ]; then
		hit=true
		if grep -q '^close ' "$tmp/hit" &&
			! grep -q '\.composefix-' "$tmp/hit"; then
			hit=false
		fi
	fi
	if $hit; then
		[ "$rc" -eq 2 ] || problems="$problems; exit $rc after a fault"
		[ "$old" -gt 0 ] || grep -q dirsync "$tmp/err" ||
			problems="$problems; a fault with every file rewritten"
	else
		[ "$rc" -eq 0 ] || problems="$problems; exit $rc without a fault"
		[ "$old" -eq 0 ] || problems="$problems; old bytes without a fault"
	fi
	if [ -z "$problems" ]; then
		pass=$((pass + 1))
		echo "ok $pass - $1"
	else
		fail=$((fail + 1))
		echo "not ok - $1:$problems"
		sed 's/^/#   /' "$tmp/err"
	fi
}

for func in syncfs mkstemp write fchown fchmod close rename; do
	n=1
	while :; do
		rm -rf "$tmp/w" && mkdir "$tmp/w"
		k=0
		while [ "$k" -lt "$files" ]; do
			k=$((k + 1))
			cp "$input" "$tmp/w/f$k.compose.yml"
		done
		: >"$tmp/hit"
		(cd "$tmp" && LD_PRELOAD=$shim FAILSHIM_FUNC=$func FAILSHIM_N=$n \
			FAILSHIM_ERRNO=EIO FAILSHIM_HITLOG=$tmp/hit \
			"$bin" -q -j 2 --in-place w) >/dev/null 2>"$tmp/err"
		rc=$?
		check "$func N=$n"
		[ -s "$tmp/hit" ] || break
		n=$((n + 1))
		# the whole sweep for the per-file calls would take long: the
		# first, a middle and the last few are the interesting ones
		if [ "$n" -gt 3 ] && [ "$n" -lt $((files - 1)) ]; then
			n=$((files - 1))
		fi
	done
done
echo "bulk-faults: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
