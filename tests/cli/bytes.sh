#!/bin/sh
# The bytes of a fix fit the file (issue 11, items 11 to 13): a CRLF file
# gets CRLF lines, no line gets a trailing blank, a JSON file stays JSON,
# and --in-place never grows a file past --max-size.
. "$(dirname "$0")/lib.sh"

# Lines of FILE that end in a blank (before a CR or LF); a count.
trailing() {
	tr '\r' '\n' <"$1" | grep -c '[[:blank:]]$'
}

# Line feeds of FILE not preceded by a CR; a count.
bare_lf() {
	od -An -v -tx1 "$1" | tr -s ' ' '\n' | grep -v '^$' |
		awk 'BEGIN { n = 0 } $0 == "0a" && prev != "0d" { n++ } { prev = $0 } END { print n }'
}

# ------------------------------------------------------------ item 11
# Regression: a CRLF file whose last line (no final break) is a long-syntax
# entry got "host_ip: 127.0.0.1" ending in a bare LF.
d=$T/crlf
mk "$d/compose.yaml" 'services:\r\n  web:\r\n    image: nginx\r\n    ports:\r\n      - "8080:80"\r\n      - target: 80'
for args in "" "--bind 127.0.0.1 --bind ::1"; do
	cp "$d/compose.yaml" "$d/c.yaml"
	# shellcheck disable=SC2086 # split on purpose
	run "$d" --in-place $args c.yaml
	want_rc 0
	n=$(bare_lf "$d/c.yaml")
	if [ "$n" -ne 0 ]; then
		note "$n line(s) end in a bare LF:"
		od -c "$d/c.yaml" | sed 's/^/    /' >>"$why"
	fi
	# shellcheck disable=SC2086
	run "$d" $args c.yaml
	want_rc 0
	t_result "CRLF, long syntax on the last line without a break ($args): CRLF lines"
done

# The same with lone CRs (old Mac line ends, YAML breaks too): no LF.
d=$T/cr
mk "$d/compose.yaml" 'services:\r  web:\r    image: nginx\r    ports:\r      - target: 80'
run "$d" --in-place compose.yaml
want_rc 0
if od -An -c "$d/compose.yaml" | grep -q '\\n'; then
	note "a line feed in a file of lone CRs:"
	od -c "$d/compose.yaml" | sed 's/^/    /' >>"$why"
fi
run "$d" compose.yaml
want_rc 0
t_result "lone CRs, long syntax on the last line without a break: no LF"

# Regression: a multi-line flow mapping got "{host_ip: 127.0.0.1, " with a
# blank before the line break.
d=$T/flow
mk "$d/compose.yaml" 'services:\n  web:\n    image: nginx\n    ports:\n      - {\n          target: 80,\n          published: 8080\n        }\n      - {target: 81,\n         published: 8081}\n  db:\n    image: redis\n    ports: [{\r\n        target: 6379 }]\r\n'
for args in "" "--bind 127.0.0.1 --bind ::1"; do
	cp "$d/compose.yaml" "$d/c.yaml"
	# shellcheck disable=SC2086
	run "$d" --in-place $args c.yaml
	want_rc 0
	n=$(trailing "$d/c.yaml")
	if [ "$n" -ne 0 ]; then
		note "$n line(s) end in a blank:"
		cat -A "$d/c.yaml" | sed 's/^/    /' >>"$why"
	fi
	t_result "multi-line flow mappings ($args): no trailing blank"
done

# ------------------------------------------------------------ item 12
# Regression: a compose file written as JSON got "host_ip: 127.0.0.1" and
# a bare 127.0.0.1::8080, which no JSON parser takes.
d=$T/json
mk "$d/compose.json" '{\n  "services": {\n    "web": {\n      "image": "nginx",\n      "ports": [\n        8080,\n        "9090:90",\n        {\n          "target": 80,\n          "published": "8081"\n        },\n        {"target": 443, "host_ip": null},\n        {"target": 444, "host_ip": ""},\n        {"target": 445, "host_ip": "0.0.0.0"}\n      ]\n    }\n  }\n}\n'
if ! command -v python3 >/dev/null 2>&1; then
	echo "$t_name: python3 is missing: the JSON checks are skipped" >&2
else
	for args in "" "--fix-explicit" "--bind 127.0.0.1 --bind ::1 --fix-explicit"; do
		cp "$d/compose.json" "$d/c.json"
		# shellcheck disable=SC2086
		run "$d" --in-place $args c.json
		want_rc 0
		if ! python3 -m json.tool "$d/c.json" >"$T/.run/json" 2>&1; then
			note "not JSON any more:"
			note_file "$T/.run/json" json.tool
			note_file "$d/c.json" c.json
		fi
		# shellcheck disable=SC2086
		run "$d" $args c.json
		want_rc 0
		t_result "a JSON compose file stays JSON ($args)"
	done
fi

# ------------------------------------------------------------ item 13
# Regression: --in-place grew a file past --max-size, and the same command
# line then refused it as "larger than --max-size".
d=$T/size
mk "$d/compose.yaml" "$DIRTY"
mk "$T/want/dirty.yml" "$DIRTY"
size=$(wc -c <"$d/compose.yaml")
run "$d" --in-place --max-size "$size" compose.yaml
want_rc 2
want_same "$T/want/dirty.yml" "$d/compose.yaml" compose.yaml
want_match "^composefix: cannot rewrite 'compose\\.yaml': the fixed file would be [0-9]* bytes, more than --max-size \\($size\\); the file is unchanged" "$err" stderr
no_temp "$d" "$d"
run "$d" --max-size "$size" compose.yaml
want_rc 1
t_result "--in-place does not grow a file past --max-size; it stays checkable"

run "$d" --in-place --max-size "$((size + 10))" compose.yaml
want_rc 0
run "$d" --max-size "$((size + 10))" compose.yaml
want_rc 0
t_result "--in-place within --max-size: written, and checked clean again"

t_done
