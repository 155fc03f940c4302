#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# shellcheck disable=SC2016 # ${...} is compose text, not shell
# Variables as docker compose (compose-go) gives them: .env read by its
# dotenv rules, an included or extended file interpolated with the root
# project's variables, a missing included file an error.
# Usage: project.sh COMPOSEFIX
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# The root's IP wins over the included project's own .env: Docker
# publishes sub's port on every interface.
d=$T/root-wins
mk "$d/.env" 'IP=0.0.0.0\n'
mk "$d/compose.yaml" 'include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: nginx\n    ports:\n      - "127.0.0.1:80:80"\n'
mk "$d/sub/.env" 'IP=127.0.0.1\n'
mk "$d/sub/compose.yaml" 'services:\n  api:\n    image: api\n    ports:\n      - "${IP}:9000:9000"\n'
run "$d" compose.yaml
want_rc 0
want_empty "$out" stdout
want_line 'sub/compose.yaml:5:9: warning: "${IP}:9000:9000" in service "api" publishes on all interfaces on purpose; left alone [explicit-wildcard]' "$err" stderr
t_result "include: the root project's .env wins over the included one's"

run "$d" --strict compose.yaml
want_rc 1
t_result "include: the root's wildcard is a warning --strict fails on"

# The included project's own .env fills in what the root does not set,
# expanded with the root's variables.
d=$T/fills-in
mk "$d/.env" 'BASE=127.0.0\n'
mk "$d/compose.yaml" 'include:\n  - sub/compose.yaml\n'
mk "$d/sub/.env" 'IP=${BASE}.1\nWILD=0.0.0.0\n'
mk "$d/sub/compose.yaml" 'services:\n  api:\n    image: api\n    ports:\n      - "${IP}:9000:9000"\n'
run "$d" compose.yaml
want_rc 0
want_empty "$out" stdout
want_empty "$err" stderr
t_result "include: the included .env adds what the root lacks, expanded with the root's"

# include: env_file: replaces the included .env; the root still wins.
d=$T/env-file
mk "$d/.env" 'OTHER=1\n'
mk "$d/compose.yaml" 'include:\n  - path: sub/compose.yaml\n    env_file: sub/vars.env\n'
mk "$d/sub/.env" 'IP=127.0.0.1\n'
mk "$d/sub/vars.env" 'IP=0.0.0.0\n'
mk "$d/sub/compose.yaml" 'services:\n  api:\n    image: api\n    ports:\n      - "${IP}:9000:9000"\n'
run "$d" compose.yaml
want_rc 0
want_match 'sub/compose.yaml:5:9: warning: .*\[explicit-wildcard\]' "$err" stderr
t_result "include: env_file: is read instead of the included .env"

mk "$d/compose.yaml" 'include:\n  - path: sub/compose.yaml\n    env_file: sub/nope.env\n'
run "$d" compose.yaml
want_rc 2
want_match "nope.env" "$err" stderr
t_result "include: a missing env_file: is an error"

# extends: {file:} is read with the extending file's variables.
d=$T/extends
mk "$d/.env" 'IP=0.0.0.0\n'
mk "$d/compose.yaml" 'services:\n  web:\n    extends:\n      file: base/base.yaml\n      service: base\n'
mk "$d/base/.env" 'IP=127.0.0.1\n'
mk "$d/base/base.yaml" 'services:\n  base:\n    image: nginx\n    ports:\n      - "${IP}:8080:80"\n'
run "$d" compose.yaml
want_rc 0
want_match 'base/base.yaml:5:9: warning: .*\[explicit-wildcard\]' "$err" stderr
t_result "extends: file: is read with the extending project's variables"

# A file that is an input and is included too is judged both ways: by
# its own .env it is bound, in the root project it is not.
d=$T/both
mk "$d/.env" 'IP=\n'
mk "$d/compose.yaml" 'include:\n  - sub/compose.yaml\n'
mk "$d/sub/.env" 'IP=127.0.0.1\n'
mk "$d/sub/compose.yaml" 'services:\n  api:\n    image: api\n    ports:\n      - "${IP}:9000:9000"\n'
run "$d" sub/compose.yaml compose.yaml
want_rc 0
want_match 'sub/compose.yaml:5:9: warning: .*\[explicit-wildcard\]' "$err" stderr
t_result "a file both an input and included is judged under both projects"

run "$d" sub/compose.yaml
want_rc 0
want_empty "$err" stderr
t_result "alone, the same file is judged by its own .env"

# A missing included or extended file is an error, and nothing is
# written, as docker compose refuses the project.
d=$T/missing
mk "$d/compose.yaml" 'include:\n  - gone.yaml\nservices:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n'
cp "$d/compose.yaml" "$T/.run/orig"
run "$d" --in-place compose.yaml
want_rc 2
want_line "compose.yaml:2:5: error: included file 'gone.yaml' does not exist (docker compose fails on it)" "$err" stderr
want_same "$T/.run/orig" "$d/compose.yaml" compose.yaml
t_result "a missing included file is an error; the file is not written"

mk "$d/compose.yaml" 'services:\n  web:\n    extends:\n      file: ${DIR:-base}/gone.yaml\n      service: base\n    ports:\n      - "80:80"\n'
run "$d" compose.yaml
want_rc 2
want_line "compose.yaml:4:13: error: extended file 'base/gone.yaml' does not exist (docker compose fails on it)" "$err" stderr
t_result "a missing extended file is an error (its path interpolated)"

mk "$d/compose.yaml" 'include:\n  - ${UNSET_DIR}/x.yaml\n  - oci://registry/app:1\n  - https://github.com/a/b.git\nservices:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n'
run "$d" compose.yaml
want_rc 1
want_empty "$err" stderr
t_result "an include path set nowhere, or remote, is not checked"

# .env as compose-go reads it.
d=$T/dotenv
mk "$d/compose.yaml" 'services:\n  web:\n    image: nginx\n    ports:\n      - "${IP10}:80:80"\n      - "${YAML}:81:81"\n      - "${EXPORTED}:82:82"\n      - "${QUOTED}:83:83"\n'
mk "$d/.env" '# addresses\nIP1=0.0.0.0\nIP10=${IP1}\nYAML: 0.0.0.0\nexport EXPORTED=0.0.0.0 # the comment goes\nQUOTED="0.0.0.0" # so does this one\n'
run "$d" compose.yaml
want_rc 0
for n in 5 6 7 8; do
	want_match "^compose.yaml:$n:9: warning: .*\\[explicit-wildcard\\]" \
		"$err" stderr
done
t_result ".env: expansion, KEY: value, export, quotes and comments"

mk "$d/.env" 'IP10=${IP1}\n'
run "$d" compose.yaml
want_rc 0
want_match '^compose.yaml:5:9: note: .*\[variable\]' "$err" stderr
t_result ".env: a value built from a variable set nowhere is not known"

mk "$d/.env" 'IP=127.0.0.1\nBAD KEY=1\n'
run "$d" compose.yaml
want_rc 2
want_line '.env:2: error: key cannot contain a space (docker compose refuses this file)' "$err" stderr
t_result ".env: a line compose-go refuses is an error"

t_done
