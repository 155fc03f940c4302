#!/bin/sh
# Messages say what really happened (issue 11, items 6, 8 and 9).
. "$(dirname "$0")/lib.sh"

mk "$T/want/dirty.yml" "$DIRTY"
mk "$T/want/fixed.yml" "$DIRTY_FIXED"

# ------------------------------------------------------------ item 6
# Regression: a file with two links was refused with errno's "Too many
# links".
d=$T/hard
mk "$d/compose.yaml" "$DIRTY"
ln "$d/compose.yaml" "$d/other.yaml"
run "$d" --in-place compose.yaml
want_rc 2
want_text "composefix: cannot rewrite 'compose.yaml' (hardlinks): it has 2 hard links; --break-hardlinks splits them; the file is unchanged" "$err" stderr
want_same "$T/want/dirty.yml" "$d/compose.yaml" compose.yaml
t_result "a file with hard links: the message says so, not 'Too many links'"

run "$d" --in-place --break-hardlinks compose.yaml
want_rc 0
want_same "$T/want/fixed.yml" "$d/compose.yaml" compose.yaml
want_same "$T/want/dirty.yml" "$d/other.yaml" other.yaml
t_result "--break-hardlinks splits them"

# ------------------------------------------------------------ item 8
# Regression: composefix ... | head printed "cannot write to standard
# output: Broken pipe" and exited 2.
d=$T/many
i=0
while [ $i -lt 400 ]; do
	mk "$d/s$i/compose.yaml" "$DIRTY"
	i=$((i + 1))
done
for mode in "" --diff "--format json"; do
	# shellcheck disable=SC2086 # mode is split on purpose
	{
		(cd "$d" && exec "$bin" $mode .) 2>"$err"
		echo $? >"$T/.run/rc"
	} | head -n 1 >/dev/null
	rc=$(cat "$T/.run/rc")
	want_rc 1
	if grep -v 'files scanned' "$err" | grep -q .; then
		note "stderr is not quiet:"
		note_file "$err" stderr
	fi
	t_result "composefix ${mode:-(report)} | head: ends quietly, exit 1"
done

run "$T" -fx
want_rc 2
want_line "composefix: unknown option -f" "$err" stderr
t_result "-fx names the unknown option -f"

run "$T" -qz
want_line "composefix: unknown option -z" "$err" stderr
t_result "-qz names -z"

d=$T/color
mk "$d/compose.yaml" "$DIRTY"
run "$d" --color never compose.yaml
want_rc 2
want_match "^composefix: --color takes its value after '=': --color=never" "$err" stderr
t_result "--color never suggests --color=never"

run "$d" --env-file /dev/null compose.yaml
want_rc 1
want_empty "$err" stderr
t_result "--env-file /dev/null is allowed"

run "$d" --diff --bind ::1 compose.yaml
cp "$out" "$T/.run/v6"
run "$d" --diff --bind '[::1]' compose.yaml
want_rc 1
want_same "$T/.run/v6" "$out" "--bind [::1] diff"
t_result "--bind '[::1]' is --bind ::1"

run "$d" --bind 127.0.0.1 --bind 127.0.0.1 compose.yaml
want_rc 2
want_match "^composefix: --bind given twice with the same address" "$err" stderr
run "$d" --bind ::1 --bind '[0::1]' compose.yaml
want_rc 2
t_result "the same --bind twice is refused"

d=$T/inc
mk "$d/compose.yaml" 'include:\n  - parts/db.yaml\nservices:\n  web:\n    image: nginx\n'
mk "$d/parts/db.yaml" "$DIRTY"
run "$d" .
want_rc 1
want_text "composefix: 2 files scanned, 1 to change, 1 entry to fix (1 web)" "$err" stderr
t_result "the summary counts files pulled in by include:"

# ------------------------------------------------------------ item 9
# Regression: -q still wrote a warning line per explicit wildcard.
d=$T/quiet
mk "$d/compose.yaml" 'services:\n  web:\n    ports:\n      - "0.0.0.0:80:80"\n      - "${IP}:81:81"\n'
mk "$d/other.yaml" "$DIRTY"
run "$d" -q compose.yaml other.yaml
want_rc 1
want_empty "$out" stdout
want_empty "$err" stderr
t_result "-q prints nothing but errors"

mk "$d/broken.yaml" "$BROKEN"
run "$d" -q compose.yaml broken.yaml
want_rc 2
want_match "^broken\\.yaml:[0-9]+:[0-9]+: error: " "$err" stderr
if grep -q warning "$err"; then
	note "a warning under -q"
fi
t_result "-q still prints errors"

run "$d" -q --strict compose.yaml
want_rc 1
want_match 'warning: "0\.0\.0\.0:80:80"' "$err" stderr
t_result "-q --strict: the warnings that fail the run are printed"

run "$d" compose.yaml
want_match 'warning: "0\.0\.0\.0:80:80"' "$err" stderr
t_result "without -q the warnings are printed"

t_done
