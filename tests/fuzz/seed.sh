#!/bin/sh
# Seed corpora for the fuzz harnesses: seed.sh OUTDIR
#
# OUTDIR/pipeline: every testdata/**/input.yml and
# tests/fuzz/regressions/*/input.yml (so the harness re-checks its
# properties on every past find), the real compose files of
# ../shared/corpus/real and the inputs of ../shared/yaml-test-suite (the
# shared ones are skipped with a message when absent).
# OUTDIR/markdown: every testdata/**/input.md and the Markdown files of
# ../shared/corpus/docker-run (skipped with a message when absent).
# OUTDIR/portspec: portspec.seeds, one entry a line, and the short-syntax
# port entries found under "ports:" in all of the above.
# Files are named by content (md5), so seeding twice adds nothing.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: seed.sh OUTDIR" >&2
	exit 2
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=$root/../shared
mkdir -p "$out/pipeline" "$out/portspec" "$out/markdown" "$out/shell"

# add DIR FILE: a copy of FILE in DIR named by its content.
add() {
	sum=$(md5sum <"$2")
	cp "$2" "$1/${sum%% *}"
}

list=$(mktemp "${TMPDIR:-/tmp}/composefix-seed.XXXXXX")
trap 'rm -f "$list"' EXIT

find "$root/testdata" "$root/tests/fuzz/regressions" -type f \
	-name input.yml >"$list"
if [ -d "$shared/corpus/real" ]; then
	find "$shared/corpus/real" -type f \
		\( -name '*.yml' -o -name '*.yaml' \) >>"$list"
else
	echo "seed.sh: $shared/corpus/real absent, skipped" >&2
fi
if [ -d "$shared/yaml-test-suite" ]; then
	find "$shared/yaml-test-suite" -type f -name in.yaml >>"$list"
else
	echo "seed.sh: $shared/yaml-test-suite absent, skipped" >&2
fi

n=0
while IFS= read -r f; do
	add "$out/pipeline" "$f"
	n=$((n + 1))
done <"$list"

# The items of "ports:" sequences, block or one-line flow, quotes removed.
entries=$(mktemp "${TMPDIR:-/tmp}/composefix-seed.XXXXXX")
trap 'rm -f "$list" "$entries"' EXIT
{
	grep -v '^#' "$here/portspec.seeds" || :
	while IFS= read -r f; do
		cat "$f"
		echo
	done <"$list" | tr -d '\r' | awk '
	function unquote(s) {
		sub(/^[ \t]+/, "", s)
		sub(/[ \t]+$/, "", s)
		if (s ~ /^".*"$/ || s ~ /^'\''.*'\''$/) {
			s = substr(s, 2, length(s) - 2)
		}
		return s
	}
	function indent(s) {
		match(s, /^[ \t]*/)
		return RLENGTH
	}
	{
		if (inports) {
			if ($0 ~ /^[ \t]*(#.*)?$/) {
				next
			}
			if ($0 ~ /^[ \t]*- / && indent($0) >= keyind) {
				item = $0
				sub(/^[ \t]*- /, "", item)
				sub(/[ \t]+#.*$/, "", item)
				if (item !~ /:[ \t]/ || item ~ /^["'\'']/) {
					print unquote(item)
				}
				next
			}
			inports = 0
		}
		if ($0 ~ /(^|[ \t])ports:[ \t]*(#.*)?$/) {
			inports = 1
			keyind = indent($0)
		} else if ($0 ~ /(^|[ \t])ports:[ \t]*\[.*\]/) {
			flow = $0
			sub(/^.*ports:[ \t]*\[/, "", flow)
			sub(/\].*$/, "", flow)
			k = split(flow, parts, ",")
			for (i = 1; i <= k; i++) {
				print unquote(parts[i])
			}
		}
	}'
} | sort -u >"$entries"

m=0
while IFS= read -r e; do
	[ -n "$e" ] || continue
	printf '%s' "$e" >"$out/portspec/seed"
	add "$out/portspec" "$out/portspec/seed"
	m=$((m + 1))
done <"$entries"
rm -f "$out/portspec/seed"

md=$(mktemp "${TMPDIR:-/tmp}/composefix-seed.XXXXXX")
trap 'rm -f "$list" "$entries" "$md"' EXIT
find "$root/testdata" -type f -name input.md >"$md"
if [ -d "$shared/corpus/docker-run" ]; then
	find "$shared/corpus/docker-run" -type f \
		\( -name '*.md' -o -name '*.markdown' \) >>"$md"
else
	echo "seed.sh: $shared/corpus/docker-run absent, skipped" >&2
fi
k=0
while IFS= read -r f; do
	add "$out/markdown" "$f"
	k=$((k + 1))
done <"$md"

# The shell harness: a byte of options (the dialect in its low bits:
# 0 shell, 1 Makefile, 2 console), then the text.
sk=0
seed_shell() {
	{ printf '%b' "$1"; cat "$2"; } >"$out/shell/seed"
	add "$out/shell" "$out/shell/seed"
	sk=$((sk + 1))
}
for f in $(find "$root/testdata" -type f -path '*/golden/*' \
	\( -name 'input.sh' -o -name 'input.mk' \) | sort); do
	case $f in
	*.mk) seed_shell '\001' "$f" ;;
	*) seed_shell '\000' "$f" ;;
	esac
done
if [ -f "$shared/corpus/docker-run/SOURCES.tsv" ]; then
	while IFS="$(printf '\t')" read -r repo _ path _ kind _; do
		f="$shared/corpus/docker-run/$(echo "$repo" | sed 's,/,__,')/$path"
		case $kind in
		shell) seed_shell '\000' "$f" ;;
		make) seed_shell '\001' "$f" ;;
		esac
	done <"$shared/corpus/docker-run/SOURCES.tsv"
else
	echo "seed.sh: $shared/corpus/docker-run absent, skipped" >&2
fi
rm -f "$out/shell/seed"

echo "seed.sh: $n documents in $out/pipeline, $m port entries in" \
	"$out/portspec, $k Markdown files in $out/markdown, $sk shell texts" \
	"in $out/shell"
