#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Hostile and odd inputs: each ends, within a generous time limit and a
# memory limit, with the documented outcome, and the file unchanged.
# (Speed itself is measured in tests/bench, not here.)
# Usage: hostile.sh COMPOSEFIX
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

py=/usr/bin/python3
h=$T/h
mkdir -p "$h"

# limited RUN...: at most 20 s and 1 GiB of address space (not in the
# sanitizer build, whose shadow memory alone reserves terabytes)
vlimit=1048576
if grep -q __asan_init "$bin"; then
	vlimit=unlimited
fi
limited() {
	(cd "$h" && ulimit -v "$vlimit" && exec timeout 20 "$bin" "$@") \
		>"$out" 2>"$err"
	rc=$?
}

unchanged() { # FILE COPY
	if ! cmp -s "$1" "$2"; then
		note "$1 was changed"
	fi
}

"$py" - "$h" <<'PY'
import sys
d = sys.argv[1]
# billion laughs: ten levels of ten aliases, reached from a service
lines = ["x-a0: &a0 [\"80:80\",\"81:81\",\"82:82\",\"83:83\",\"84:84\",\"85:85\",\"86:86\",\"87:87\",\"88:88\",\"89:89\"]"]
for i in range(1, 10):
    lines.append("x-a%d: &a%d [%s]" % (i, i, ",".join(["*a%d" % (i - 1)] * 10)))
lines.append("services:\n  s:\n    ports: *a0\n  t:\n    ports: *a9")
open(d + "/bomb.yml", "w").write("\n".join(lines) + "\n")
open(d + "/deep.yml", "w").write("[" * 100000 + "]" * 100000 + "\n")
open(d + "/deepmap.yml", "w").write("a: " + "{a: " * 100000 + "1" + "}" * 100000 + "\n")
with open(d + "/wide.yml", "w") as f:
    f.write("services:\n")
    for i in range(50000):
        f.write("  s%d:\n    ports: [\"%d:80\"]\n" % (i, 1000 + i % 60000))
with open(d + "/widemap.yml", "w") as f:
    for i in range(50000):
        f.write("k%d: %d\n" % (i, i))
open(d + "/dupsvc.yml", "w").write("services:\n  a:\n    image: x\n  b:\n    image: y\n  a:\n    image: z\n")
open(d + "/dupport.yml", "w").write("services:\n  a:\n    ports:\n      - target: 80\n        target: 81\n")
# the first key that repeats an earlier one is named, in small and in large
# mappings alike (they are checked differently); z1 repeats before y2 does
for n in (5, 40):
    keys = ["y%d" % i for i in range(n)]
    keys[n - 2] = "y2"
    keys.insert(n - 3, "z1")
    keys.insert(1, "z1")
    open(d + "/dup%d.yml" % n, "w").write(
        "services:\n" + "".join("  %s:\n    image: x\n" % k for k in keys))
# 40 service names whose hashes collide in composefix's table: the check
# falls back to sorting them, and must still name the first repeat
def fnv(b):
    h = 2166136261
    for c in b:
        h = ((h ^ c) * 16777619) & 0xffffffff
    return h
names, i = [], 0
while len(names) < 40:
    k = "c%d" % i
    if fnv(k.encode()) & 127 == 5:
        names.append(k)
    i += 1
names.insert(30, names[10])
names.insert(35, names[3])
open(d + "/dupcollide.yml", "w").write(
    "services:\n" + "".join("  %s:\n    image: x\n" % k for k in names))
open(d + "/dupfirst.txt", "w").write(names[10])
open(d + "/dupelsewhere.yml", "w").write("x-labels:\n  k: 1\n  k: 2\nservices:\n  a:\n    image: x\n")
open(d + "/unknown.yml", "w").write("services:\n  a:\n    ports: *nope\n")
open(d + "/early.yml", "w").write("services:\n  a:\n    ports: *p\nx-p: &p [\"80:80\"]\n")
open(d + "/utf16.yml", "wb").write("services: {}\n".encode("utf-16"))
open(d + "/binary.yml", "wb").write(b"services:\n  a:\n    image: \x00\x01\x02\n")
open(d + "/badutf8.yml", "wb").write(b"# caf\xe9\nservices:\n  a:\n    ports: [\"80:80\"]\n")
open(d + "/hang.yml", "wb").write(b"%\xed")
PY
for f in "$h"/*.yml; do cp "$f" "$f.orig"; done

limited --in-place bomb.yml
want_rc 0
if ! grep -q '127.0.0.1:80:80' "$h/bomb.yml"; then
	note "the shared list was not fixed where its text is"
fi
if [ "$(grep -o '127\.0\.0\.1' "$h/bomb.yml" | wc -l)" -ne 10 ]; then
	note "each of the ten entries must be fixed exactly once"
fi
t_result "an alias bomb: every node visited once, nothing expanded"

for f in deep deepmap; do
	limited --in-place "$f.yml"
	want_rc 2
	want_match "^$f\\.yml:1:[0-9]+: error: nesting deeper than 1000 levels" \
		"$err" stderr
	unchanged "$h/$f.yml.orig" "$h/$f.yml"
done
t_result "100,000-deep nesting is refused with a location"

limited --quiet wide.yml
want_rc 1
limited widemap.yml
want_rc 0
want_empty "$err" stderr
t_result "50,000 services and a 50,000-key mapping finish (linear check)"

limited dupsvc.yml
want_rc 2
want_match "^dupsvc\\.yml:6:3: error: duplicate key 'a'" "$err" stderr
limited dupport.yml
want_rc 2
want_match "^dupport\\.yml:5:9: error: duplicate key 'target'" "$err" stderr
for n in 5 40; do
	limited dup$n.yml
	want_rc 2
	want_match "^dup$n\\.yml:$((2 * n - 2)):3: error: duplicate key 'z1'" "$err" stderr
done
limited dupcollide.yml
want_rc 2
want_match "^dupcollide\\.yml:62:3: error: duplicate key '$(cat "$h/dupfirst.txt")'" \
	"$err" stderr
limited dupelsewhere.yml
want_rc 0
t_result "duplicate keys Compose rejects are errors; elsewhere they are not"

limited unknown.yml
want_rc 2
want_match "^unknown\\.yml:3:12: error: unknown alias '\\*nope'" "$err" stderr
limited early.yml
want_rc 2
want_match "^early\\.yml:3:12: error: unknown alias '\\*p'" "$err" stderr
unchanged "$h/early.yml.orig" "$h/early.yml"
t_result "an unknown alias and an alias before its anchor are errors"

limited --in-place utf16.yml
want_rc 2
want_match "^utf16\\.yml:1:1: error: file is UTF-16" "$err" stderr
limited --in-place binary.yml
want_rc 2
want_match "^binary\\.yml:3:12: error: NUL byte" "$err" stderr
limited --in-place badutf8.yml
want_rc 2
want_match "^badutf8\\.yml:1:6: error: invalid UTF-8" "$err" stderr
limited --in-place hang.yml
want_rc 2
for f in utf16 binary badutf8 hang; do
	unchanged "$h/$f.yml.orig" "$h/$f.yml"
done
t_result "UTF-16, NUL bytes and invalid UTF-8 are refused, never truncated"

mkfifo "$h/fifo.yml"
limited fifo.yml
want_rc 2
want_match "cannot read 'fifo.yml': not a regular file" "$err" stderr
limited /dev/zero
want_rc 2
t_result "a FIFO or a device given as a file is refused without hanging"

limited --max-size 1K wide.yml
want_rc 2
want_match "cannot read 'wide.yml': larger than --max-size" "$err" stderr
t_result "--max-size refuses a larger file"

(cd "$h" && timeout 20 "$bin" --diff wide.yml >/dev/full 2>"$err")
rc=$?
want_rc 2
want_match "cannot write to standard output" "$err" stderr
t_result "a full standard output is exit 2 with a message"

t_done
