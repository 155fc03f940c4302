#!/bin/sh
# Fault injection: runs CMD with failshim preloaded, failing each function
# at every call number the write path reaches (N = 1, 2, ... until a run
# finishes without the fault firing), for each errno, on a plain file and
# through a symlink. After every fault: the original's bytes and inode are
# kept (or, for a failed directory fsync after the rename, the new bytes are
# in place), no .composefix-* temp file is left, the exit status is
# non-zero and stderr names the step "(STEP)" and the strerror text.
#
# usage: run.sh SHIM INPUT EXPECTED CMD [ARG...]
#   An ARG "{}" stands for the file to rewrite. CMD must turn a copy of
#   INPUT into EXPECTED; its standard input is EXPECTED (atomic_driver
#   writes what it reads, composefix --in-place ignores it). Pointing this
#   at composefix is a change of the CMD given by tests/faults/meson.build.
#   The file is named like INPUT's kind: compose.yml, or deploy.sh for a
#   shell script (INPUT ending in .sh).
set -u

if [ $# -lt 4 ]; then
	echo "usage: run.sh SHIM INPUT EXPECTED CMD [ARG...]" >&2
	exit 2
fi
# shellcheck disable=SC2034 # used through eval
shim=$1
input=$2
expected=$3
shift 3

work=$(mktemp -d "${TMPDIR:-/tmp}/composefix-faults.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
run=$work/run
name=compose.yml
case $input in
*.sh) name=deploy.sh ;;
esac
target=$run/d/$name
hitlog=$work/hits
errfile=$work/stderr

# CMD as one shell-quoted string, {} replaced, for eval.
cmd=""
for a; do
	if [ "$a" = "{}" ]; then
		a=$target
	fi
	q=$(printf '%s\n' "$a" | sed "s/'/'\\\\''/g")
	cmd="$cmd '$q'"
done

# A sanitized CMD may link the ASan runtime, which wants to be first.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

funcs="open openat mkstemp write fchown fchmod fsync close rename"
# Every one of these must fire at N=1: a miss means the shim does not
# interpose what the program really calls.
reached="open mkstemp write fchown fchmod fsync close rename"
# Every step of atomic_replace that a fault must have been seen to reach.
steps="opendir create write fchown fchmod fsync close rename dirsync"
errnos="ENOSPC EIO EDQUOT EACCES"
maxn=100

passed=0
failed=0
seen=" "

strerror_of() {
	case $1 in
	ENOSPC) echo "No space left on device" ;;
	EIO) echo "Input/output error" ;;
	EDQUOT) echo "Disk quota exceeded" ;;
	EACCES) echo "Permission denied" ;;
	EINTR) echo "Interrupted system call" ;;
	esac
}

# layout plain|symlink: a fresh copy of INPUT at $target, or at $real with
# $target a relative symlink to it.
layout() {
	rm -rf "$run"
	mkdir -p "$run/d" "$run/real"
	if [ "$1" = symlink ]; then
		real=$run/real/$name
		ln -s "../real/$name" "$target"
	else
		real=$target
	fi
	cp "$input" "$real"
	chmod 0640 "$real"
	inode=$(stat -c %i "$real")
}

problems=""
problem() {
	problems="$problems
    $*"
}

check_common() {
	temps=$(find "$run" -name '.composefix-*')
	[ -z "$temps" ] || problem "temp file left: $temps"
	if [ "$1" = symlink ] && [ ! -L "$target" ]; then
		problem "symlink replaced by a file"
	fi
}

check_untouched() {
	cmp -s "$input" "$real" || problem "original bytes changed"
	[ "$(stat -c %i "$real")" = "$inode" ] ||
		problem "original inode changed"
}

check_replaced() {
	cmp -s "$expected" "$real" || problem "new bytes not in place"
	[ "$(stat -c %a "$real")" = 640 ] || problem "mode not kept"
}

check_failed() { # STEP ERRNO
	[ "$rc" -ne 0 ] || problem "exit status 0 after a fault"
	if [ -n "$1" ]; then
		grep -qF "($1)" "$errfile" ||
			problem "stderr does not name ($1)"
	fi
	grep -qF "$(strerror_of "$2")" "$errfile" ||
		problem "stderr lacks '$(strerror_of "$2")'"
}

report() { # LABEL
	if [ -z "$problems" ]; then
		passed=$((passed + 1))
		echo "ok $1"
	else
		failed=$((failed + 1))
		echo "FAIL $1:$problems"
		sed 's/^/    stderr: /' "$errfile"
		[ -s "$hitlog" ] && sed 's/^/    hit: /' "$hitlog"
	fi
	problems=""
}

# What a fault on the call in the hit log must lead to: a step name, or
# "dirsync" (after the rename), "ignored" (the directory's read-only
# descriptor), "retry" (EINTR on write), "outside" (not atomic_replace's
# call: composefix reading its input or printing).
classify() { # ERRNO
	read -r hfunc _ hrest <"$hitlog"
	case $hfunc in
	write | fchown | fchmod | fsync | close)
		kind=${hrest%% *}
		obj=${hrest#* }
		;;
	*)
		kind=path
		obj=$hrest
		;;
	esac
	base=${obj##*/}
	case $hfunc:$kind:$base in
	write:reg:.composefix-*)
		if [ "$1" = EINTR ]; then
			echo retry
		else
			echo write
		fi
		;;
	*:reg:.composefix-*) echo "$hfunc" ;;
	fsync:dir:*) echo dirsync ;;
	close:dir:*) echo ignored ;;
	mkstemp:path:.composefix-*) echo create ;;
	rename:path:*)
		if [ "$obj" = "$real" ]; then
			echo rename
		else
			echo outside
		fi
		;;
	open:path:* | openat:path:*)
		if [ -d "$obj" ]; then
			echo opendir
		else
			echo outside
		fi
		;;
	*) echo outside ;;
	esac
}

# run_one LAYOUT FUNC N ERRNO [VAR=VALUE...]: one run in a fresh layout,
# exit status in $rc.
# shellcheck disable=SC2034 # used through eval
run_one() {
	lay=$1
	func=$2
	n=$3
	err=$4
	shift 4
	layout "$lay"
	rm -f "$hitlog"
	eval "env \"\$@\" LD_PRELOAD=\"\$shim\" FAILSHIM_FUNC=\"\$func\" \
		FAILSHIM_N=\"\$n\" FAILSHIM_ERRNO=\"\$err\" \
		FAILSHIM_HITLOG=\"\$hitlog\" $cmd" \
		<"$expected" >/dev/null 2>"$errfile"
	rc=$?
}

# check_run LAYOUT ERRNO: judges the run just made; returns 1 when the
# fault did not fire (the sweep is over).
check_run() {
	check_common "$1"
	if [ ! -s "$hitlog" ]; then
		[ "$rc" -eq 0 ] || problem "failed (status $rc) without a fault"
		check_replaced
		return 1
	fi
	[ "$(wc -l <"$hitlog")" -eq 1 ] || problem "more than one fault fired"
	class=$(classify "$2")
	case $class in
	retry | ignored)
		[ "$rc" -eq 0 ] ||
			problem "status $rc: $class fault not absorbed"
		check_replaced
		;;
	dirsync)
		check_failed dirsync "$2"
		check_replaced
		;;
	outside)
		# Not atomic_replace's call: whole old or whole new file, and
		# a failure is reported.
		if [ "$rc" -ne 0 ]; then
			check_failed "" "$2"
			check_untouched
		else
			check_replaced
		fi
		;;
	*)
		check_failed "$class" "$2"
		check_untouched
		;;
	esac
	case "$seen" in
	*" $class "*) ;;
	*) seen="$seen$class " ;;
	esac
	return 0
}

# sweep LAYOUT FUNC ERRNO [VAR=VALUE...]: N = 1, 2, ... until a run is not
# hit.
sweep() {
	lay=$1
	sfunc=$2
	serr=$3
	shift 3
	sn=1
	while [ $sn -le $maxn ]; do
		run_one "$lay" "$sfunc" $sn "$serr" "$@"
		label="$lay $sfunc N=$sn $serr${1:+ $*}"
		if check_run "$lay" "$serr"; then
			label="$label -> $class"
		else
			label="$label -> not hit, clean run"
			if [ $sn -eq 1 ]; then
				case " $reached " in
				*" $sfunc "*)
					problem "N=1 not hit: the shim" \
						"does not catch $sfunc"
					;;
				esac
			fi
			report "$label"
			return
		fi
		report "$label"
		sn=$((sn + 1))
	done
	problem "still hit at N=$maxn"
	report "$lay $sfunc"
}

for lay in plain symlink; do
	for f in $funcs; do
		for e in $errnos; do
			sweep "$lay" "$f" "$e"
		done
	done
done

# Short writes: every write of a 64-byte slice fails in turn, and with
# EINTR each is retried.
sweep plain write EIO FAILSHIM_SHORT=64
sweep plain write EINTR FAILSHIM_SHORT=64
sweep symlink write EINTR

# Another writer changes the file after the first check: the check right
# before the rename must see it and keep the other writer's bytes.
for f in fsync close; do
	for lay in plain symlink; do
		if [ "$lay" = symlink ]; then
			other=$run/real/$name
		else
			other=$target
		fi
		run_one "$lay" "$f" 1 EIO FAILSHIM_TOUCH="$other"
		check_common "$lay"
		[ -s "$hitlog" ] || problem "$f not reached"
		[ "$rc" -ne 0 ] || problem "exit status 0 over a changed file"
		grep -qF "(changed)" "$errfile" ||
			problem "stderr does not name (changed)"
		# not errno's "Stale file handle": what really happened
		grep -qF "(changed): it changed on disk since it was read" \
			"$errfile" ||
			problem "stderr does not say the file changed on disk"
		printf '#' | cat "$input" - | cmp -s - "$real" ||
			problem "the other writer's bytes are lost"
		report "$lay race at $f -> changed"
	done
done

for s in $steps; do
	case "$seen" in
	*" $s "*) ;;
	*) problem "no fault reached step $s (seen:$seen)" ;;
	esac
done
report "every step reached"

echo "faults: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
