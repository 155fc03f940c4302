#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Exit status of every mode, several inputs, stdin, --stdout and -q.
# Usage: exit_status.sh COMPOSEFIX
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

d=$T/files
mk "$d/dirty.yml" "$DIRTY"
mk "$d/dirty2.yml" "$DIRTY"
mk "$d/clean.yml" "$CLEAN"
mk "$d/clean2.yml" "$CLEAN"
mk "$d/broken.yml" "$BROKEN"
mk "$T/want/fixed.yml" "$DIRTY_FIXED"
mk "$T/want/dirty.yml" "$DIRTY"
mk "$T/want/clean.yml" "$CLEAN"
mk "$T/want/broken.yml" "$BROKEN"

# reset: puts the fixtures back after a run that may have rewritten them.
reset() {
	cp "$T/want/dirty.yml" "$d/dirty.yml"
	cp "$T/want/dirty.yml" "$d/dirty2.yml"
	cp "$T/want/clean.yml" "$d/clean.yml"
	cp "$T/want/broken.yml" "$d/broken.yml"
}

# ---------------------------------------------------------------- one input
run "$d" clean.yml
want_rc 0
want_empty "$out" stdout
want_empty "$err" stderr
t_result "report: nothing to fix exits 0 silently"

run "$d" dirty.yml
want_rc 1
want_text "dirty.yml:5:9: $DIRTY_REPORT" "$out" stdout
want_empty "$err" stderr
want_same "$T/want/dirty.yml" "$d/dirty.yml" dirty.yml
t_result "report: changes needed exits 1, one report line, file untouched"

run "$d" broken.yml
want_rc 2
want_empty "$out" stdout
want_nonempty "$err" stderr
t_result "report: invalid input exits 2"

run "$d" missing.yml
want_rc 2
want_empty "$out" stdout
t_result "report: missing file exits 2"

run "$d" --diff clean.yml
want_rc 0
want_empty "$out" stdout
t_result "--diff: nothing to fix exits 0 with no output"

run "$d" --diff dirty.yml
want_rc 1
want_line '+      - "127.0.0.1:80:80"' "$out" stdout
want_same "$T/want/dirty.yml" "$d/dirty.yml" dirty.yml
t_result "--diff: changes needed exits 1, file untouched"

run "$d" -d dirty.yml
want_rc 1
want_line '--- a/dirty.yml' "$out" stdout
t_result "-d is --diff"

run "$d" --diff broken.yml
want_rc 2
want_empty "$out" stdout
t_result "--diff: invalid input exits 2 with no diff"

run "$d" --stdout clean.yml
want_rc 0
want_same "$T/want/clean.yml" "$out" stdout
t_result "--stdout: nothing to fix prints the input, exits 0"

# --stdout exits like report mode: 1 when the document needed changes.
run "$d" --stdout dirty.yml
want_rc 1
want_same "$T/want/fixed.yml" "$out" stdout
want_empty "$err" stderr
want_same "$T/want/dirty.yml" "$d/dirty.yml" dirty.yml
t_result "--stdout: prints the fixed document, exits 1, file untouched"

run "$d" --stdout broken.yml
want_rc 2
want_empty "$out" stdout
t_result "--stdout: invalid input exits 2 and prints no document"

run "$d" --in-place clean.yml
want_rc 0
want_same "$T/want/clean.yml" "$d/clean.yml" clean.yml
t_result "--in-place: nothing to fix exits 0"

run "$d" --in-place dirty.yml
want_rc 0
want_same "$T/want/fixed.yml" "$d/dirty.yml" dirty.yml
t_result "--in-place: all fixed exits 0"
reset

run "$d" -i dirty.yml
want_rc 0
want_same "$T/want/fixed.yml" "$d/dirty.yml" dirty.yml
t_result "-i is --in-place"
reset

run "$d" --in-place broken.yml
want_rc 2
want_same "$T/want/broken.yml" "$d/broken.yml" broken.yml
t_result "--in-place: invalid input exits 2, file untouched"

# ----------------------------------------------------------- several inputs
run "$d" clean.yml clean2.yml
want_rc 0
want_empty "$out" stdout
t_result "two clean inputs exit 0"

run "$d" clean.yml dirty.yml
want_rc 1
want_text "dirty.yml:5:9: $DIRTY_REPORT" "$out" stdout
t_result "clean then dirty exits 1"

run "$d" dirty.yml clean.yml
want_rc 1
t_result "dirty then clean exits 1"

run "$d" dirty.yml dirty2.yml
want_rc 1
printf 'dirty.yml:5:9: %s\ndirty2.yml:5:9: %s\n' "$DIRTY_REPORT" \
	"$DIRTY_REPORT" >"$T/.run/two"
want_same "$T/.run/two" "$out" stdout
t_result "report lines follow the order of the inputs"

run "$d" dirty.yml broken.yml
want_rc 2
want_text "dirty.yml:5:9: $DIRTY_REPORT" "$out" stdout
t_result "dirty then broken exits 2"

run "$d" broken.yml dirty.yml
want_rc 2
want_text "dirty.yml:5:9: $DIRTY_REPORT" "$out" stdout
want_match '^broken\.yml:[0-9]+:[0-9]+: error: ' "$err" stderr
t_result "broken then dirty exits 2 and still reports dirty.yml"

run "$d" missing.yml dirty.yml clean.yml
want_rc 2
want_text "dirty.yml:5:9: $DIRTY_REPORT" "$out" stdout
want_line "composefix: cannot open 'missing.yml': No such file or directory" \
	"$err" stderr
t_result "missing file first: later inputs still processed, exits 2"

run "$d" --diff broken.yml dirty.yml
want_rc 2
want_line '--- a/dirty.yml' "$out" stdout
want_line '+      - "127.0.0.1:80:80"' "$out" stdout
t_result "--diff: broken then dirty exits 2, dirty.yml's diff printed"

run "$d" --in-place broken.yml dirty.yml
want_rc 2
want_same "$T/want/broken.yml" "$d/broken.yml" broken.yml
want_same "$T/want/fixed.yml" "$d/dirty.yml" dirty.yml
t_result "--in-place: broken then dirty exits 2, dirty.yml still fixed"
reset

run "$d" --in-place dirty.yml dirty2.yml clean.yml
want_rc 0
want_same "$T/want/fixed.yml" "$d/dirty.yml" dirty.yml
want_same "$T/want/fixed.yml" "$d/dirty2.yml" dirty2.yml
t_result "--in-place: several inputs all fixed, exits 0"
reset

# ------------------------------------------------------------------ stdin
run "$d" - <"$d/dirty.yml"
want_rc 1
want_text "<stdin>:5:9: $DIRTY_REPORT" "$out" stdout
t_result "- reads stdin, reported as <stdin>"

run "$d" - <"$d/clean.yml"
want_rc 0
want_empty "$out" stdout
t_result "- with nothing to fix exits 0"

run "$d" --stdout - <"$d/dirty.yml"
want_rc 1
want_same "$T/want/fixed.yml" "$out" stdout
t_result "--stdout - fixes stdin to stdout"

run "$d" --diff - <"$d/dirty.yml"
want_rc 1
want_line '-      - "80:80"' "$out" stdout
want_line '+      - "127.0.0.1:80:80"' "$out" stdout
t_result "--diff - diffs stdin"

run "$d" - <"$d/broken.yml"
want_rc 2
want_match '^<stdin>:[0-9]+:[0-9]+: error: ' "$err" stderr
t_result "- with invalid input exits 2, error names <stdin>"

run "$d" --in-place - <"$d/dirty.yml"
want_rc 2
want_empty "$out" stdout
t_result "--in-place - is refused with exit 2"

run "$d" clean.yml - <"$d/dirty.yml"
want_rc 1
want_text "<stdin>:5:9: $DIRTY_REPORT" "$out" stdout
t_result "a file and - together"

# ----------------------------------------------------------------- --stdout
run "$d" --stdout clean.yml dirty.yml
want_rc 2
want_empty "$out" stdout
want_nonempty "$err" stderr
t_result "--stdout with two inputs is a usage error"

# --------------------------------------------------------------------- -q
run "$d" -q dirty.yml
want_rc 1
want_empty "$out" stdout
t_result "-q: no report lines, still exits 1"

run "$d" --quiet dirty.yml
want_rc 1
want_empty "$out" stdout
t_result "--quiet: no report lines, still exits 1"

run "$d" -q clean.yml
want_rc 0
want_empty "$out" stdout
t_result "-q: nothing to fix exits 0"

run "$d" -q broken.yml
want_rc 2
want_nonempty "$err" stderr
t_result "-q: errors are still printed, exits 2"

run "$d" -q --diff dirty.yml
want_rc 1
want_line '+      - "127.0.0.1:80:80"' "$out" stdout
t_result "-q --diff still prints the diff"

run "$d" -qd dirty.yml
want_rc 1
want_line '+      - "127.0.0.1:80:80"' "$out" stdout
t_result "short options combine (-qd)"

t_done
