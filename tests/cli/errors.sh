#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Errors name the file; invalid input never changes the file.
# Usage: errors.sh COMPOSEFIX
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

d=$T/files
mkdir -p "$d"

# ------------------------------------------------------------ system errors
for mode in "" --diff --stdout --in-place; do
	# shellcheck disable=SC2086 # an empty mode is no argument
	run "$d" $mode nope.yml
	want_rc 2
	want_empty "$out" stdout
	want_text "composefix: cannot open 'nope.yml': No such file or directory" \
		"$err" stderr
	t_result "missing file, exact message (${mode:-report})"
done

run "$d" sub/nope.yml
want_rc 2
want_text "composefix: cannot open 'sub/nope.yml': No such file or directory" \
	"$err" stderr
t_result "missing file: the path is shown as given"

mkdir -p "$d/adir"
run "$d" adir
want_rc 2
want_empty "$out" stdout
want_match "adir" "$err" stderr
t_result "a directory as input exits 2 and is named"

# ------------------------------------------------------------ syntax errors
# check_invalid NAME CONTENT WHAT [ERE]: every mode exits 2, prints an
# error "NAME:LINE:COL: error: ..." (matching ERE when given), nothing on
# stdout, and leaves the file as it was.
check_invalid() {
	_name=$1
	_what=$3
	_ere=${4:-}
	mk "$d/$_name" "$2"
	cp "$d/$_name" "$T/.run/orig"
	touch -d "$old_time" "$d/$_name"
	_before=$(mtime "$d/$_name")
	_re=$(printf '%s' "$_name" | sed 's/[.[\*^$]/\\&/g')
	for _mode in "" --diff --stdout --in-place; do
		# shellcheck disable=SC2086 # an empty mode is no argument
		run "$d" $_mode "$_name"
		want_rc 2
		want_empty "$out" "stdout (${_mode:-report})"
		want_match "^$_re:[0-9]+:[0-9]+: error: .+" "$err" \
			"stderr (${_mode:-report})"
		if [ -n "$_ere" ]; then
			want_match "$_ere" "$err" "stderr (${_mode:-report})"
		fi
	done
	want_same "$T/.run/orig" "$d/$_name" "$_name"
	if [ "$(mtime "$d/$_name")" != "$_before" ]; then
		note "$_name: mtime changed"
	fi
	no_temp "$(dirname "$d/$_name")" "$_name"
	t_result "$_what"
}

check_invalid broken.yml "$BROKEN" \
	"unterminated quoted scalar: exit 2 in every mode, file untouched" \
	'^broken\.yml:5:[0-9]+: error: '

check_invalid sub/dir/broken.yml "$BROKEN" \
	"syntax error in a subdirectory names the path as given"

check_invalid indent.yml \
	'services:\n  web:\n    image: nginx\n     ports:\n      - "80:80"\n' \
	"wrongly indented key"

check_invalid second-doc.yml \
	'services:\n  web:\n    ports:\n      - "80:80"\n---\nservices:\n  api: [\n' \
	"syntax error in the second document" \
	'^second-doc\.yml:[6-8]:[0-9]+: error: '

check_invalid latin1.yml \
	'services:\n  # caf\351\n  web:\n    ports:\n      - "80:80"\n' \
	"invalid UTF-8 in a comment (no silent truncation)" \
	'^latin1\.yml:2:[0-9]+: error: '

check_invalid nul.yml \
	'services:\n  web:\n    image: nginx\000\n    ports:\n      - "80:80"\n' \
	"NUL byte in the input" \
	'^nul\.yml:3:[0-9]+: error: '

check_invalid unknown-alias.yml \
	'services:\n  web:\n    image: nginx\n    ports: *nope\n' \
	"alias to an anchor that does not exist" \
	'^unknown-alias\.yml:4:[0-9]+: error: '

check_invalid dup.yml \
	'services:\n  web:\n    image: nginx\n  web:\n    ports:\n      - "80:80"\n' \
	"duplicate service key" \
	'^dup\.yml:4:[0-9]+: error: '

check_invalid tab-indent.yml \
	'services:\n  web:\n\tports:\n      - "80:80"\n' \
	"tab used as indentation" \
	'^tab-indent\.yml:3:[0-9]+: error: '

# ------------------------------------------- errors do not stop other inputs
mk "$d/dirty.yml" "$DIRTY"
run "$d" --in-place broken.yml nope.yml dirty.yml
want_rc 2
mk "$T/.run/fixed" "$DIRTY_FIXED"
want_same "$T/.run/fixed" "$d/dirty.yml" dirty.yml
want_match "^broken\\.yml:[0-9]+:[0-9]+: error: " "$err" stderr
want_line "composefix: cannot open 'nope.yml': No such file or directory" \
	"$err" stderr
t_result "each failing input gets its own error, the good one is fixed"

t_done
