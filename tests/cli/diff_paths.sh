#!/bin/sh
# The headers of --diff name files so that git apply and patch -p1 take
# the diff from the repository root (issue 11, item 4): no "./", no "//",
# an absolute path inside the current directory made relative to it.
. "$(dirname "$0")/lib.sh"

if ! command -v git >/dev/null 2>&1 || ! command -v patch >/dev/null 2>&1; then
	echo "diff_paths: git and patch are needed" >&2
	exit 1
fi

# fresh: a git repository with a dirty file at every path below.
r=$T/repo
fresh() {
	rm -rf "$r"
	for f in x.yml sub/compose.yaml sub/dir/compose.yaml; do
		mk "$r/$f" "$DIRTY"
	done
	git -C "$r" init -q
	git -C "$r" add -A
	git -C "$r" -c user.name=t -c user.email=t@t commit -q -m init
}
mk "$T/want/fixed.yml" "$DIRTY_FIXED"
mk "$T/want/dirty.yml" "$DIRTY"

# check HOW NAME ARG FILE...: the diff of ARG, made in the repository
# root, applies there with HOW and fixes exactly FILE...
check() {
	how=$1
	what=$2
	arg=$3
	shift 3
	fresh
	run "$r" --diff "$arg"
	want_rc 1
	cp "$out" "$T/.run/p.diff"
	if grep -E '^(---|\+\+\+) ' "$T/.run/p.diff" | grep -qE '(/\./|//| [ab]/\.)'; then
		note "a header holds ./ or //:"
		note_file "$T/.run/p.diff" diff
	fi
	case $how in
	git) (cd "$r" && git apply) <"$T/.run/p.diff" >"$err" 2>&1 ;;
	patch) (cd "$r" && patch -p1 -s --batch) <"$T/.run/p.diff" >"$err" 2>&1 ;;
	esac
	_rc=$?
	if [ "$_rc" -ne 0 ]; then
		note "$how failed ($_rc):"
		note_file "$err" "$how"
		note_file "$T/.run/p.diff" diff
	fi
	for f in x.yml sub/compose.yaml sub/dir/compose.yaml; do
		case " $* " in
		*" $f "*) want_same "$T/want/fixed.yml" "$r/$f" "$f" ;;
		*) want_same "$T/want/dirty.yml" "$r/$f" "$f" ;;
		esac
	done
	t_result "$how applies the diff of $what from the repository root"
}

for how in git patch; do
	check "$how" ./x.yml ./x.yml x.yml
	check "$how" sub/ sub/ sub/compose.yaml sub/dir/compose.yaml
	check "$how" sub/dir/compose.yaml sub/dir/compose.yaml sub/dir/compose.yaml
	check "$how" "an absolute path" "$r/sub/dir/compose.yaml" sub/dir/compose.yaml
	check "$how" "a directory walk" . sub/compose.yaml sub/dir/compose.yaml
	check "$how" "a path with // and ./" ./sub//dir/./compose.yaml sub/dir/compose.yaml
done

# A file outside the current directory: its absolute path without the
# leading slash, applied from /.
fresh
run "$r/sub" --diff "$r/x.yml"
want_rc 1
abs=${r#/}
want_line "--- a/$abs/x.yml" "$out" diff
want_line "+++ b/$abs/x.yml" "$out" diff
cp "$out" "$T/.run/p.diff"
if ! (cd / && patch -p1 -s --batch) <"$T/.run/p.diff" >"$err" 2>&1; then
	note "patch -p1 from / failed:"
	note_file "$err" patch
fi
want_same "$T/want/fixed.yml" "$r/x.yml" x.yml
t_result "a file outside the current directory: a/ABSOLUTE-PATH, patch -p1 from / applies it"

t_done
