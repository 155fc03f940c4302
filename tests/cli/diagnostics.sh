#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Entries left alone: warnings and notes on stderr in every mode but -q
# (which says only errors), no effect on the exit status; escaping in the
# messages.
# (The exact texts of the other kinds are pinned by the golden cases; the
# REASON of an invalid entry is not fixed by the contract, so only its
# shape is checked here.)
# Usage: diagnostics.sh COMPOSEFIX
# shellcheck disable=SC2016 # ${...} in single quotes is literal on purpose
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

d=$T/files

entry() {
	mk "$d/$1" "services:\n  web:\n    image: nginx\n    ports:\n      - $2\n"
}

INVALID_MID='" in service "web" is not a port entry Docker accepts ('
INVALID_END='); left alone'

# check_invalid FILE ENTRY VALUE-AS-PRINTED WHAT
check_invalid() {
	entry "$1" "$2"
	cp "$d/$1" "$T/.run/orig"
	for mode in "" --diff --stdout --in-place -q; do
		# shellcheck disable=SC2086 # an empty mode is no argument
		run "$d" $mode "$1"
		want_rc 0
		if [ "$mode" = -q ]; then
			want_empty "$err" "stderr (-q)"
		else
			want_shape "$1:5:9: warning: \"$3$INVALID_MID" \
				"$INVALID_END" "$err" "stderr (${mode:-report})"
		fi
		case $mode in
		--stdout) want_same "$T/.run/orig" "$out" "stdout (--stdout)" ;;
		*) want_empty "$out" "stdout (${mode:-report})" ;;
		esac
	done
	want_same "$T/.run/orig" "$d/$1" "$1"
	t_result "$4"
}

check_invalid equals.yml '"1080=1080"' '1080=1080' \
	"\"1080=1080\": warning with a reason, left alone, exit 0"
check_invalid hostname.yml '"localhost:80:80"' 'localhost:80:80' \
	"\"localhost:80:80\": a host name is not an IP, left alone"
check_invalid range.yml '"8000-8010:80-81"' '8000-8010:80-81' \
	"ranges of different sizes are not accepted"
check_invalid toolarge.yml '"70000:80"' '70000:80' \
	"port 70000 is out of range"
check_invalid proto.yml '"80:80/sctpx"' '80:80/sctpx' \
	"unknown protocol"
check_invalid escape.yml "'a\"b\\\\c'" 'a\"b\\c' \
	"a value with \" and \\ is printed escaped"

# Diagnostics and fixes in one file: exit 1, each on its own stream.
mk "$d/mixed.yml" 'services:
  web:
    image: nginx
    ports:
      - "0.0.0.0:80:80"
      - "8080:8080"
      - "${BIND}:9000:9000"
'
run "$d" mixed.yml
want_rc 1
want_text 'mixed.yml:6:9: "8080:8080" in service "web" publishes nginx (web) on all interfaces; fix: "127.0.0.1:8080:8080" [unbound]' \
	"$out" stdout
printf '%s\n%s\n' \
	'mixed.yml:5:9: warning: "0.0.0.0:80:80" in service "web" publishes nginx (web) on all interfaces on purpose; left alone [explicit-wildcard]' \
	'mixed.yml:7:9: note: "${BIND}:9000:9000" in service "web" binds to an address set by a variable; left alone [variable]' \
	>"$T/.run/want-err"
want_same "$T/.run/want-err" "$err" stderr
t_result "fixes on stdout, diagnostics on stderr, exit 1"

cp "$T/.run/want-err" "$T/.run/want-err-report"
for mode in --diff --stdout --in-place; do
	run "$d" "$mode" mixed.yml
	want_same "$T/.run/want-err-report" "$err" "stderr ($mode)"
	t_result "diagnostics are the same with $mode"
done
run "$d" -q mixed.yml
want_empty "$err" "stderr (-q)"
t_result "-q: no warnings or notes"

# After --in-place the left-alone entries are still reported, nothing else.
run "$d" mixed.yml
want_rc 0
want_empty "$out" stdout
want_same "$T/.run/want-err-report" "$err" stderr
t_result "after --in-place: exit 0, the same diagnostics"

# Stdin diagnostics carry <stdin>.
entry wild.yml '"0.0.0.0:80:80"'
run "$d" - <"$d/wild.yml"
want_rc 0
want_text '<stdin>:5:9: warning: "0.0.0.0:80:80" in service "web" publishes nginx (web) on all interfaces on purpose; left alone [explicit-wildcard]' \
	"$err" stderr
t_result "diagnostics on stdin name <stdin>"

# Columns count characters: a multi-byte character before the entry.
mk "$d/utf8.yml" 'services:\n  web:\n    image: nginx\n    ports: [ "\303\251", "80:80" ]\n'
run "$d" utf8.yml
want_rc 1
want_text 'utf8.yml:4:19: "80:80" in service "web" publishes nginx (web) on all interfaces; fix: "127.0.0.1:80:80" [unbound]' \
	"$out" stdout
want_shape 'utf8.yml:4:14: warning: "'"$(printf '\303\251')"'" in service "web" is not a port entry Docker accepts (' \
	"$INVALID_END" "$err" stderr
t_result "columns count characters, not bytes"

t_done
