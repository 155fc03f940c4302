#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# The --diff output applies with patch -p1 and git apply and gives the same
# bytes as --in-place; headers carry the path exactly as given.
# Usage: diff_apply.sh COMPOSEFIX
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

example=$srcdir/testdata/example/docker-compose.yml

# The golden copy of the example must not drift from the bundled file.
if ! cmp -s "$example" "$srcdir/testdata/golden/example/input.yml"; then
	note "testdata/golden/example/input.yml differs from $example"
fi
t_result "golden example case matches testdata/example/docker-compose.yml"

# check_apply NAME RELPATH: NAME is a directory holding RELPATH. Runs
# --diff on RELPATH from NAME, then checks that patch -p1 and git apply of
# that diff to fresh copies give the bytes --in-place writes.
check_apply() {
	_src=$T/$1
	_rel=$2
	rm -rf "$T/inplace" "$T/patched" "$T/applied"
	cp -R "$_src" "$T/inplace"
	cp -R "$_src" "$T/patched"
	cp -R "$_src" "$T/applied"

	run "$_src" --diff "$_rel"
	want_rc 1
	cp "$out" "$T/.run/diff"
	want_line "--- a/$_rel" "$T/.run/diff" diff
	want_line "+++ b/$_rel" "$T/.run/diff" diff
	if [ "$(head -n 1 "$T/.run/diff")" != "--- a/$_rel" ]; then
		note "diff does not start with --- a/$_rel"
	fi

	run "$T/inplace" --in-place "$_rel"
	want_rc 0

	if ! (cd "$T/patched" && patch -p1 -s --batch --no-backup-if-mismatch) \
		<"$T/.run/diff" >"$T/.run/tool" 2>&1; then
		note "patch -p1 failed:"
		note_file "$T/.run/tool" patch
	fi
	want_same "$T/inplace/$_rel" "$T/patched/$_rel" "patch -p1 result"

	if ! (cd "$T/applied" && git apply --whitespace=nowarn) \
		<"$T/.run/diff" >"$T/.run/tool" 2>&1; then
		note "git apply failed:"
		note_file "$T/.run/tool" "git apply"
	fi
	want_same "$T/inplace/$_rel" "$T/applied/$_rel" "git apply result"

	# git apply --check on the original once more: the diff is exact.
	if ! (cd "$_src" && git apply --check --whitespace=nowarn) \
		<"$T/.run/diff" >"$T/.run/tool" 2>&1; then
		note "git apply --check failed on the original"
		note_file "$T/.run/tool" "git apply"
	fi
}

mkdir -p "$T/example"
cp "$example" "$T/example/docker-compose.yml"
check_apply example docker-compose.yml
t_result "example: diff applies with patch -p1 and git apply, same as --in-place"

mkdir -p "$T/nested/deploy/prod"
cp "$example" "$T/nested/deploy/prod/compose.yaml"
check_apply nested deploy/prod/compose.yaml
t_result "path in a subdirectory: headers a/deploy/prod/compose.yaml"

mk "$T/crlf/compose.yml" \
	'# CRLF\r\nservices:\r\n  web:\r\n    ports:\r\n      - "80:80"\r\n      - 443\r\n'
check_apply crlf compose.yml
t_result "CRLF file: diff applies, line endings kept"

mk "$T/noeol/compose.yml" \
	'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"'
check_apply noeol compose.yml
if ! grep -qxF '\ No newline at end of file' "$T/.run/diff"; then
	note "no \"\\ No newline at end of file\" marker"
fi
t_result "no final newline: marker present, diff applies"

mk "$T/bom/compose.yml" \
	'\357\273\277services:\n  web:\n    ports: ["80:80"]\n'
check_apply bom compose.yml
t_result "UTF-8 BOM in the context: diff applies"

# Many edits spread over a longer file: several hunks.
mk "$T/long/compose.yml" 'services:\n'
i=0
while [ $i -lt 30 ]; do
	printf '  s%d:\n    image: busybox\n    command: ["true"]\n' $i \
		>>"$T/long/compose.yml"
	if [ $((i % 4)) -eq 0 ]; then
		printf '    ports:\n      - "%d:80"\n' $((8000 + i)) \
			>>"$T/long/compose.yml"
	fi
	i=$((i + 1))
done
check_apply long compose.yml
hunks=$(grep -c '^@@ ' "$T/.run/diff")
if [ "$hunks" -ne 8 ]; then
	note "$hunks hunks, expected 8"
fi
t_result "30 services, 8 edits 14 lines apart: 8 hunks that apply"

# A large input (256 KiB or more): its diff, or its report's lines, are
# rendered on a thread beside the verification, and a Markdown file that
# large is read in two parts and proven on a thread of its own. The same
# bytes as --in-place, a report line per fix.
mkdir -p "$T/large"
i=0
while [ $i -lt 2500 ]; do
	printf '## Step %d\n\nStart it:\n\n```sh\ndocker run -d -p %d:80 nginx\n```\n\n' \
		$i $((10000 + i)) >>"$T/large/README.md"
	printf 'Then `docker run -p %d:5432 postgres` and read the logs.\n\n' \
		$((20000 + i)) >>"$T/large/README.md"
	i=$((i + 1))
done
if [ "$(wc -c <"$T/large/README.md")" -lt 262144 ]; then
	note "large/README.md is under 256 KiB"
fi
check_apply large README.md
fixed=$(grep -c '^+.*127\.0\.0\.1:' "$T/.run/diff")
if [ "$fixed" -ne 5000 ]; then
	note "$fixed lines fixed in the diff, expected 5000"
fi
run "$T/large" README.md
want_rc 1
lines=$(grep -c '^README\.md:[0-9]*:[0-9]*: ' "$out")
if [ "$lines" -ne 5000 ]; then
	note "$lines report lines, expected 5000"
fi
t_result "a 330 KiB Markdown file: diff and report rendered beside the proof"

# Several files: one diff that patch and git apply take in one go.
mk "$T/multi/a.yml" "$DIRTY"
mk "$T/multi/sub/b.yml" "$DIRTY"
mk "$T/multi/c.yml" "$CLEAN"
rm -rf "$T/multi-in" "$T/multi-p" "$T/multi-g"
cp -R "$T/multi" "$T/multi-in"
cp -R "$T/multi" "$T/multi-p"
cp -R "$T/multi" "$T/multi-g"
run "$T/multi" --diff a.yml c.yml sub/b.yml
want_rc 1
cp "$out" "$T/.run/diff"
if grep -q 'c\.yml' "$T/.run/diff"; then
	note "diff mentions c.yml, which has nothing to fix"
fi
run "$T/multi-in" --in-place a.yml c.yml sub/b.yml
want_rc 0
(cd "$T/multi-p" && patch -p1 -s --batch --no-backup-if-mismatch) \
	<"$T/.run/diff" >/dev/null 2>&1 || note "patch -p1 failed"
(cd "$T/multi-g" && git apply --whitespace=nowarn) \
	<"$T/.run/diff" >/dev/null 2>&1 || note "git apply failed"
for f in a.yml sub/b.yml c.yml; do
	want_same "$T/multi-in/$f" "$T/multi-p/$f" "patch -p1: $f"
	want_same "$T/multi-in/$f" "$T/multi-g/$f" "git apply: $f"
done
t_result "several inputs: one diff, applies in one go"

# Nothing to fix: empty diff, exit 0.
mk "$T/clean/compose.yml" "$CLEAN"
run "$T/clean" --diff compose.yml
want_rc 0
want_empty "$out" stdout
t_result "nothing to fix: empty diff"

t_done
