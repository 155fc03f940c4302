#!/bin/sh
# --output FILE (issue 11, items 1 and 7): never one of the inputs, written
# whole by a rename or not at all, and only for the json and sarif formats.
. "$(dirname "$0")/lib.sh"

mk "$T/want/dirty.yml" "$DIRTY"

# Regression: --output docker-compose.yml --format sarif truncated the
# compose file, wrote SARIF into it and exited 0.
d=$T/same
mk "$d/docker-compose.yml" "$DIRTY"
for f in sarif json; do
	run "$d" --output docker-compose.yml --format "$f" docker-compose.yml
	want_rc 2
	want_same "$T/want/dirty.yml" "$d/docker-compose.yml" docker-compose.yml
	want_match "^composefix: --output 'docker-compose\\.yml' is the input 'docker-compose\\.yml'" "$err" stderr
	no_temp "$d" "$d"
	t_result "--format $f --output naming the input: refused, input kept"
done

run "$d" --output docker-compose.yml --format json
want_rc 2
want_same "$T/want/dirty.yml" "$d/docker-compose.yml" docker-compose.yml
t_result "--output naming a default input: refused"

mk "$d/sub/compose.yaml" "$DIRTY"
run "$d" --in-place --output sub/compose.yaml --format json .
want_rc 2
want_same "$T/want/dirty.yml" "$d/sub/compose.yaml" sub/compose.yaml
t_result "--output naming a file the directory walk finds: refused"

ln "$d/docker-compose.yml" "$d/other-name.json"
run "$d" --output other-name.json --format json docker-compose.yml
want_rc 2
want_same "$T/want/dirty.yml" "$d/docker-compose.yml" docker-compose.yml
t_result "--output naming a hard link of an input: refused"

d=$T/inc
mk "$d/compose.yaml" 'include:\n  - db.yaml\nservices:\n  web:\n    image: nginx\n'
mk "$d/db.yaml" "$DIRTY"
run "$d" --output db.yaml --format sarif compose.yaml
want_rc 2
want_same "$T/want/dirty.yml" "$d/db.yaml" db.yaml
want_match "^composefix: --output 'db\\.yaml' is the input 'db\\.yaml'; the report is not written" "$err" stderr
no_temp "$d" "$d"
t_result "--output naming a file pulled in by include: refused, file kept"

# The report replaces the file by a rename: a new inode, the old mode.
d=$T/atomic
mk "$d/compose.yaml" "$DIRTY"
mk "$d/report.json" 'old report\n'
chmod 640 "$d/report.json"
ino=$(stat -c %i "$d/report.json")
run "$d" --format json --output report.json compose.yaml
want_rc 1
if [ "$(stat -c %i "$d/report.json")" = "$ino" ]; then
	note "report.json was rewritten in place, not replaced"
fi
if [ "$(stat -c %a "$d/report.json")" != 640 ]; then
	note "report.json mode is $(stat -c %a "$d/report.json")"
fi
if ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$d/report.json" 2>>"$why"; then
	note "report.json is not JSON"
fi
no_temp "$d" "$d"
t_result "the report is written to a temp file and renamed over FILE"

# A run that fails before its end leaves the old report as it was.
printf 'old report\n' >"$d/report.json"
printf 'old report\n' >"$T/.run/old"
mk "$d/inc.yaml" 'include:\n  - report.json\nservices: {}\n'
run "$d" --format json --output report.json inc.yaml
want_rc 2
want_same "$T/.run/old" "$d/report.json" report.json
no_temp "$d" "$d"
t_result "a failed run leaves the old report file untouched"

run "$d" --format json --output nodir/report.json compose.yaml
want_rc 2
want_match "^composefix: cannot write 'nodir/report\\.json' \\(resolve\\): No such file or directory" "$err" stderr
if [ -e "$d/nodir" ]; then
	note "nodir was created"
fi
t_result "an output that cannot be created: exit 2, nothing left"

# A terminal or a pipe is written as it is.
run "$d" --format json --output /dev/stdout compose.yaml
want_rc 1
if ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$out" 2>>"$why"; then
	note "stdout is not JSON"
fi
t_result "--output /dev/stdout writes to standard output"

# --output with the text format is an error, not silently ignored.
run "$d" --output report.txt compose.yaml
want_rc 2
want_match '^composefix: --output writes the json or sarif report' "$err" stderr
if [ -e "$d/report.txt" ]; then
	note "report.txt was created"
fi
t_result "--output without --format json or sarif: usage error"

# Usage-level failures are in the json and sarif documents too.
d=$T/empty
mkdir -p "$d/nothing"
for f in json sarif; do
	run "$d" --format "$f" nothing
	want_rc 2
	want_match "^composefix: no .* under 'nothing'" "$err" stderr
	if ! python3 - "$f" "$out" >>"$why" 2>&1 <<'PY'; then
import json, sys
fmt, path = sys.argv[1], sys.argv[2]
doc = json.load(open(path))
if fmt == "json":
    f = doc["files"]
    assert len(f) == 1 and f[0]["status"] == "error", f
    assert "under 'nothing'" in f[0]["errors"][0]["message"]
else:
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    n = inv["toolExecutionNotifications"]
    assert "under 'nothing'" in n[0]["message"]["text"], n
PY
		note "no $f document with the error on stdout:"
		note_file "$out" stdout
	fi
	t_result "--format $f: 'no compose file under DIR' is in the document"
done

(cd "$d/nothing" && exec "$bin" --format json) >"$out" 2>"$err"
rc=$?
want_rc 2
want_match '"message": "composefix: no compose file here' "$out" stdout
t_result "--format json without PATH and no compose file: in the document"

# SARIF uris: percent-encoded, absolute paths as file:// URIs.
d=$T/uri
mk "$d/a b#%/compose.yaml" "$DIRTY"
mk "$d/c/compose.yaml" "$DIRTY"
run "$d" --format sarif "./a b#%/compose.yaml" "$d/c/compose.yaml"
want_rc 1
python3 - "$out" "$d" >>"$why" 2>&1 <<'PY' || note "sarif uris are wrong"
import json, sys, urllib.parse
doc = json.load(open(sys.argv[1]))
uris = [l["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"] for l in r["locations"]]
want = ["a%20b%23%25/compose.yaml",
        "file://" + urllib.parse.quote(sys.argv[2]) + "/c/compose.yaml"]
assert uris == want, (uris, want)
PY
t_result "sarif uris are percent-encoded, absolute paths file:// URIs"

# A file name with a newline cannot forge a report line.
d=$T/nl
nlname=$(printf 'x\ny.yml')
mk "$d/$nlname" "$DIRTY"
run "$d" "$nlname"
want_rc 1
if [ "$(wc -l <"$out")" -ne 1 ]; then
	note "the report is not one line:"
	note_file "$out" stdout
fi
want_match '^"x\\x0ay\.yml":5:9: ' "$out" stdout
t_result "a file name with a newline is escaped in text reports"

t_done
