#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# The swarm trap: docker stack deploy ignores every port's host address,
# so a port of a stack file gets a warning of its own kind [swarm] in
# text, JSON and SARIF, beside its fix.
# Usage: swarm.sh COMPOSEFIX
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

STACK='services:\n  web:\n    image: nginx\n    ports:\n      - "127.0.0.1:80:80"\n      - "8080:8080"\n'

for name in docker-stack.yml stack.yaml app-stack.yml docker-stack.prod.yml; do
	d=$T/name-$name
	mk "$d/$name" "$STACK"
	run "$d" "$name"
	want_rc 1
	want_match "^$name:5:9: warning: .*\\(the file is a swarm stack by its name\\).*\\[swarm\\]\$" "$err" stderr
	want_match "^$name:6:9: warning: .*\\[swarm\\]\$" "$err" stderr
	want_line "$name:6:9: \"8080:8080\" in service \"web\" publishes nginx (web) on all interfaces; fix: \"127.0.0.1:8080:8080\" [unbound]" "$out" stdout
	t_result "$name is a stack by its name: a swarm warning per port, the fix kept"
done

for name in compose.yaml docker-compose.yml unstack.yml; do
	d=$T/plain-$name
	mk "$d/$name" "$STACK"
	run "$d" "$name"
	want_rc 1
	if grep -q swarm "$err"; then
		note "a swarm warning for $name"
		note_file "$err" stderr
	fi
	t_result "$name is no stack by its name"
done

d=$T/formats
mk "$d/stack.yml" "$STACK"
run "$d" --format json stack.yml
want_rc 1
if ! python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
fs = d["files"][0]["findings"]
kinds = [(f["line"], f["kind"], f["level"], f["replacement"]) for f in fs]
assert kinds == [(5, "swarm", "warning", None),
                 (6, "unbound", "error", "127.0.0.1:8080:8080"),
                 (6, "swarm", "warning", None)], kinds
' "$out" >"$T/.run/py" 2>&1; then
	note "JSON findings are not as expected:"
	note_file "$T/.run/py" python
	note_file "$out" stdout
fi
t_result "JSON: a swarm finding beside each port, the fix kept"

run "$d" --format sarif stack.yml
want_rc 1
if ! python3 -c '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert "swarm" in rules, rules
res = [(r["ruleId"], r["level"]) for r in run["results"]]
assert res.count(("swarm", "warning")) == 2, res
assert ("unbound", "note") in res, res  # nginx: web, severity 3.1
' "$out" >"$T/.run/py" 2>&1; then
	note "SARIF results are not as expected:"
	note_file "$T/.run/py" python
fi
t_result "SARIF: a swarm rule and a warning result per port"

mk "$d/compose.yaml" 'services:\n  db:\n    image: postgres\n'
run "$d" --strict --in-place stack.yml compose.yaml
want_rc 1
want_match '\[swarm\]' "$err" stderr
want_match '^composefix: 2 files scanned, 1 changed, 1 entry fixed \(1 web\); left alone: 2 swarm$' "$err" stderr
t_result "--strict: the swarm warnings fail the run after the fix"

t_done
