#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Bulk use: directories searched (with decoys), JSON and SARIF reports,
# -j output equal to -j 1, and the batched --in-place of many files.
# Usage: bulk.sh COMPOSEFIX; SARIF_SCHEMA names the SARIF 2.1.0 JSON schema
# (.ci/run fetches it: it is OASIS's file, not ours to ship).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

schema=${SARIF_SCHEMA:-}
py=/usr/bin/python3

# A tree with compose files and things that only look like them.
tree=$T/tree
mk "$tree/compose.yaml" "$DIRTY"
mk "$tree/compose.override.yml" "$DIRTY"
mk "$tree/sub/docker-compose.prod.yml" "$DIRTY"
mk "$tree/a/b/app.compose.yml" "$DIRTY"
mk "$tree/a/x-compose.yaml" "$DIRTY"
mk "$tree/stack/stack.yml" "$DIRTY"
mk "$tree/.github/workflows/compose.yml" "$DIRTY"
mk "$tree/.git/compose.yml" "$DIRTY"
mk "$tree/node_modules/pkg/compose.yml" "$DIRTY"
mk "$tree/vendor/lib/docker-compose.yml" "$DIRTY"
mk "$tree/.hidden/compose.yaml" "$DIRTY"
mk "$tree/notes/compose.yaml.bak" "$DIRTY"
mk "$tree/notes/composer.yml" "$DIRTY"
mk "$tree/notes/my-compose.yml.txt" "$DIRTY"
mk "$tree/notes/docker-compose" "$DIRTY"
mk "$tree/notes/compose.json" "$DIRTY"
mkdir -p "$tree/loop" && ln -s .. "$tree/loop/up"
ln -s ../sub "$tree/a/sub-link"

run "$T" --quiet tree
want_rc 1
run "$T" tree
cut -d: -f1 "$out" | sort -u >"$T/.run/found"
printf '%s\n' tree/a/b/app.compose.yml tree/a/x-compose.yaml \
	tree/compose.override.yml tree/compose.yaml \
	tree/sub/docker-compose.prod.yml >"$T/.run/want-found"
want_same "$T/.run/want-found" "$T/.run/found" "files found"
t_result "a directory is searched; hidden, vendored and look-alike files are not"

cut -d: -f1 "$out" >"$T/.run/order"
run "$T" tree
cut -d: -f1 "$out" >"$T/.run/order2"
want_same "$T/.run/order" "$T/.run/order2" "order of a second run"
if ! sort -c "$T/.run/order" 2>/dev/null; then
	note "files are not in sorted order"
	note_file "$T/.run/order" order
fi
t_result "the order of files is sorted and stable"

run "$T" --include 'stack.yml' --exclude sub --exclude '*.prod.yml' tree
cut -d: -f1 "$out" | sort -u >"$T/.run/found"
printf '%s\n' tree/a/b/app.compose.yml tree/a/x-compose.yaml \
	tree/compose.override.yml tree/compose.yaml \
	tree/stack/stack.yml >"$T/.run/want-found"
want_same "$T/.run/want-found" "$T/.run/found" "files found"
t_result "--include adds names, --exclude drops files and directories"

mkdir -p "$T/empty/dir"
run "$T" empty
want_rc 2
want_match "no file it reads [(]compose, shell, make[^)]*[)] under 'empty'" "$err" stderr
t_result "a directory without files composefix reads is an error"

run "$T" tree
want_match '^composefix: 5 files scanned, 5 to change, 5 entries to fix \(5 web\)$' \
	"$err" stderr
t_result "a summary line ends a run over many files"

# JSON
run "$T" --format json tree tree/notes/composer.yml /nonexistent.yml
want_rc 2
if ! "$py" - "$out" >"$T/.run/py" 2>&1 <<'PY'; then
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["version"] == 1, doc["version"]
files = {f["file"]: f for f in doc["files"]}
assert len(files) == 7, sorted(files)
assert files["/nonexistent.yml"]["status"] == "error"
assert files["/nonexistent.yml"]["errors"][0]["message"]
f = files["tree/compose.yaml"]
assert f["status"] == "changed" and f["errors"] == []
(x,) = f["findings"]
want = {"file": "tree/compose.yaml", "line": 5, "column": 9,
        "end_line": 5, "end_column": 16, "service": "web",
        "entry": "80:80", "kind": "unbound", "level": "error",
        "replacement": "127.0.0.1:80:80", "applied": False}
for k, v in want.items():
    assert x[k] == v, (k, x[k], v)
assert x["message"].startswith('"80:80" in service "web"'), x["message"]
PY
	note "the JSON report is not as documented:"
	note_file "$T/.run/py" python
fi
t_result "--format json carries the documented fields"

cp -r "$tree" "$T/tree2"
run "$T" --in-place --format json --output report.json tree2
want_rc 0
want_empty "$out" stdout
if ! "$py" -c '
import json, sys
doc = json.load(open(sys.argv[1]))
st = {f["file"]: f["status"] for f in doc["files"]}
assert st["tree2/compose.yaml"] == "fixed", st
assert all(x["applied"] for f in doc["files"] for x in f["findings"])
' "$T/report.json" >"$T/.run/py" 2>&1; then
	note "report.json after --in-place:"
	note_file "$T/.run/py" python
fi
t_result "--in-place with --output writes the JSON report to the file"

run "$T" --diff --format json tree
want_rc 2
want_match 'give --output FILE' "$err" stderr
t_result "--diff with --format json needs --output"

# SARIF
run "$T" --format sarif --bind 127.0.0.1 --bind ::1 tree
want_rc 1
if [ -n "$schema" ] && [ -f "$schema" ]; then
	if ! "$py" -c '
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))
' "$out" "$schema" >"$T/.run/py" 2>&1; then
		note "the SARIF report does not validate:"
		note_file "$T/.run/py" python
	fi
	t_result "--format sarif validates against the SARIF 2.1.0 schema"
elif [ "${CI:-}" = true ]; then
	note "no SARIF schema given, and CI=true"
	t_result "--format sarif validates against the SARIF 2.1.0 schema"
else
	echo "# skip: SARIF_SCHEMA not set (see .ci/run for where to get it)"
fi
if ! "$py" -c '
import json, sys
doc = json.load(open(sys.argv[1]))
run = doc["runs"][0]
assert doc["version"] == "2.1.0"
ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
res = run["results"]
assert len(res) == 5 and all(r["ruleId"] in ids for r in res)
r = [x for x in res if x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "tree/compose.yaml"][0]
assert r["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
reps = r["fixes"][0]["artifactChanges"][0]["replacements"]
assert [x["insertedContent"]["text"] for x in reps] == ["127.0.0.1:", "      - \"[::1]:80:80\"\n"], reps
' "$out" >"$T/.run/py" 2>&1; then
	note "the SARIF report lacks its fixes:"
	note_file "$T/.run/py" python
fi
t_result "SARIF results carry rules, locations and exact replacements"

# The replacements of a SARIF report, applied to the file, give what
# --stdout prints. Before: an inserted " 127.0.0.1" (after "host_ip:"
# with no value) lost its space in the report, and the fix broke YAML.
mk "$T/hostip/compose.yaml" 'services:\n  web:\n    image: nginx\n    ports:\n      - target: 80\n        host_ip:\n        published: 8080\n      - "3000:3000"\n'
run "$T" --stdout --bind 127.0.0.1 --bind ::1 hostip/compose.yaml
cp "$out" "$T/.run/hostip-want"
run "$T" --format sarif --bind 127.0.0.1 --bind ::1 hostip/compose.yaml
if ! "$py" -c '
import json, sys
doc = json.load(open(sys.argv[1]))
lines = open(sys.argv[2], encoding="utf-8").read().splitlines(keepends=True)
starts = [0]
for l in lines:
    starts.append(starts[-1] + len(l))
text = "".join(lines)
def off(line, col):
    return starts[line - 1] + col - 1
reps = []
for r in doc["runs"][0]["results"]:
    for f in r.get("fixes", []):
        for c in f["artifactChanges"]:
            for x in c["replacements"]:
                d = x["deletedRegion"]
                reps.append((off(d["startLine"], d["startColumn"]),
                             off(d["endLine"], d["endColumn"]),
                             x["insertedContent"]["text"]))
for a, b, t in sorted(reps, reverse=True):
    text = text[:a] + t + text[b:]
want = open(sys.argv[3], encoding="utf-8").read()
assert text == want, (text, want)
' "$out" "$T/hostip/compose.yaml" "$T/.run/hostip-want" >"$T/.run/py" 2>&1; then
	note "the SARIF replacements do not make the fixed file:"
	note_file "$T/.run/py" python
fi
t_result "SARIF replacements applied to the file give the fixed file"

# -j N equals -j 1, and many files go through the batched in-place path.
many=$T/many
mkdir -p "$many"
i=0
for c in "$srcdir"/testdata/golden/*/; do
	[ -f "$c/args" ] && continue
	[ -f "$c/status" ] && continue
	i=$((i + 1))
	# every kind of input, named so that the walk takes it
	for f in "$c"/input.*; do
		ext=${f##*/input.}
		name=case$i.$ext
		[ "$ext" = yml ] && name=case$i.compose.yml
		cp "$f" "$many/$name"
		cp "$c/expected.$ext" "$T/.run/want$i"
		echo "$name" >"$T/.run/name$i"
	done
done
for mode in "" --diff "--format json" "--format sarif"; do
	run "$T" -j 1 $mode many
	cp "$out" "$T/.run/j1"
	cp "$err" "$T/.run/j1err"
	for j in 2 4; do
		run "$T" -j $j $mode many
		want_same "$T/.run/j1" "$out" "stdout of -j $j $mode"
		want_same "$T/.run/j1err" "$err" "stderr of -j $j $mode"
	done
done
t_result "-j 2 and -j 4 print exactly what -j 1 prints ($i files, text, diff, JSON, SARIF)"

run "$T" -q -j 2 --in-place many
want_rc 0
k=0
while [ "$k" -lt "$i" ]; do
	k=$((k + 1))
	want_same "$T/.run/want$k" "$many/$(cat "$T/.run/name$k")" "case$k"
done
if ls -a "$many" | grep -q '^\.composefix-'; then
	note "temp files left behind"
fi
run "$T" many
want_rc 0
t_result "a batched --in-place of $i files writes what --stdout shows"

# include: and extends: pull files in, each once, even in a cycle.
inc=$T/inc
mkdir -p "$inc/sub"
printf 'include:\n  - sub/db.yaml\n  - path: [sub/db.yaml, sub/extra.yaml]\nservices:\n  web:\n    extends:\n      file: sub/base.yaml\n      service: base\n    ports: ["80:80"]\n' >"$inc/compose.yaml"
printf 'include:\n  - ../compose.yaml\nservices:\n  db:\n    ports:\n      - 5432:5432\n' >"$inc/sub/db.yaml"
printf 'services:\n  base:\n    ports:\n      - 9000\n' >"$inc/sub/base.yaml"
printf 'services: {}\n' >"$inc/sub/extra.yaml"
run "$inc" compose.yaml
want_rc 1
cut -d: -f1 "$out" >"$T/.run/files"
printf '%s\n' compose.yaml sub/db.yaml sub/base.yaml >"$T/.run/want-files"
want_same "$T/.run/want-files" "$T/.run/files" "files reported"
run "$inc" --in-place compose.yaml
want_rc 0
run "$inc" sub/db.yaml
want_rc 0
want_empty "$out" stdout
t_result "include: and extends: files are fixed too, once each, cycles included"

t_done
