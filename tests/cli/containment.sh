#!/bin/sh
# --in-place writes only inside the tree it was given (issue 11, items 2
# and 3): files pulled in by include: or extends: and symlink targets that
# lie outside are read and reported but not rewritten without
# --follow-outside; and a file named twice is processed once.
. "$(dirname "$0")/lib.sh"

mk "$T/want/fixed.yml" "$DIRTY_FIXED"
mk "$T/want/dirty.yml" "$DIRTY"

# ------------------------------------------------ include: ../outside
# Regression: --in-place . rewrote ../outside/x.yaml through include:.
d=$T/inc
mk "$d/repo/compose.yaml" 'include:\n  - ../outside/x.yaml\nservices:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n'
mk "$d/outside/x.yaml" "$DIRTY"
run "$d/repo" --in-place .
want_rc 1
want_same "$T/want/dirty.yml" "$d/outside/x.yaml" "outside/x.yaml"
want_match "^composefix: warning: not rewriting '\\./\\.\\./outside/x\\.yaml': it lies outside '$d/repo'.*--follow-outside" "$err" stderr
if ! grep -q '127.0.0.1:80:80' "$d/repo/compose.yaml"; then
	note "repo/compose.yaml was not fixed"
fi
no_temp "$d/outside" "$d/outside"
t_result "--in-place DIR: an include: outside DIR is reported, not rewritten"

run "$d/repo" .
want_rc 1
want_match '^\./\.\./outside/x\.yaml:5:9: "80:80" in service "web"' "$out" stdout
t_result "report mode still reads and reports the outside file"

run "$d/repo" --in-place --follow-outside .
want_rc 0
want_same "$T/want/fixed.yml" "$d/outside/x.yaml" "outside/x.yaml"
t_result "--follow-outside rewrites it"

# ------------------------------------------- extends: an absolute file
d=$T/ext
mk "$d/other/base.yaml" 'services:\n  base:\n    image: nginx\n    ports:\n      - "80:80"\n'
cp "$d/other/base.yaml" "$T/.run/base-before"
mk "$d/tree/compose.yaml" "services:\n  web:\n    extends:\n      file: $d/other/base.yaml\n      service: base\n"
run "$d/tree" --in-place .
want_rc 1
want_same "$T/.run/base-before" "$d/other/base.yaml" "other/base.yaml"
want_match "not rewriting '$d/other/base\\.yaml'" "$err" stderr
t_result "--in-place DIR: an absolute extends: file outside DIR is not rewritten"

# --------------------------------------------- a symlink pointing out
d=$T/link
mk "$d/secret/compose.yaml" "$DIRTY"
mk "$d/tree/compose.yaml" 'include:\n  - shared.yaml\nservices: {}\n'
ln -s ../secret/compose.yaml "$d/tree/shared.yaml"
run "$d/tree" --in-place .
want_rc 1
want_same "$T/want/dirty.yml" "$d/secret/compose.yaml" "secret/compose.yaml"
if [ ! -L "$d/tree/shared.yaml" ]; then
	note "the symlink was replaced"
fi
t_result "--in-place DIR: a symlink inside DIR to a file outside it is not followed for writing"

# A file argument's tree is its directory, outside a git work tree.
run "$d/tree" --in-place shared.yaml
want_rc 1
want_same "$T/want/dirty.yml" "$d/secret/compose.yaml" "secret/compose.yaml"
t_result "--in-place FILE: a symlink out of the file's directory is not written"

# ... and the top of its git work tree inside one.
d=$T/git
mk "$d/repo/app/compose.yaml" 'include:\n  - ../lib/db.yaml\n  - ../../elsewhere.yaml\nservices: {}\n'
mk "$d/repo/lib/db.yaml" "$DIRTY"
mk "$d/elsewhere.yaml" "$DIRTY"
git -C "$d/repo" init -q
run "$d/repo/app" --in-place compose.yaml
want_rc 1
want_same "$T/want/fixed.yml" "$d/repo/lib/db.yaml" "repo/lib/db.yaml"
want_same "$T/want/dirty.yml" "$d/elsewhere.yaml" "elsewhere.yaml"
t_result "--in-place FILE: its tree is the top of its git work tree"

# --------------------------------------------- the same file twice
# Regression: -i . compose.yaml rewrote the file, then failed on it with
# "Stale file handle" and exit 2.
d=$T/twice
mk "$d/compose.yaml" "$DIRTY"
run "$d" --in-place . compose.yaml
want_rc 0
want_text 'composefix: 1 file scanned, 1 changed, 1 entry fixed (1 web)' "$err" stderr
want_same "$T/want/fixed.yml" "$d/compose.yaml" compose.yaml
t_result "--in-place . compose.yaml: the file is rewritten once"

mk "$d/compose.yaml" "$DIRTY"
ln "$d/compose.yaml" "$d/hard.yaml"
ln -s compose.yaml "$d/soft.yaml"
run "$d" soft.yaml compose.yaml ./compose.yaml hard.yaml
want_rc 1
cut -d: -f1 "$out" >"$T/.run/files"
want_text soft.yaml "$T/.run/files" "files reported"
t_result "paths to one inode are one input, the first named"

rm "$d/hard.yaml"
run "$d" --in-place soft.yaml compose.yaml
want_rc 0
want_empty "$err" stderr
want_same "$T/want/fixed.yml" "$d/compose.yaml" compose.yaml
t_result "--in-place through a symlink and by name: rewritten once"

t_done
