#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# --in-place: mode and owner kept, nothing left behind, unchanged files not
# touched, symlinks followed and kept, idempotent.
# Usage: in_place.sh COMPOSEFIX
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

mk "$T/want/dirty.yml" "$DIRTY"
mk "$T/want/fixed.yml" "$DIRTY_FIXED"
mk "$T/want/clean.yml" "$CLEAN"

# ------------------------------------------------------------ file mode
for perm in 640 755 600 444; do
	d=$T/mode$perm
	mk "$d/compose.yml" "$DIRTY"
	chmod "$perm" "$d/compose.yml"
	run "$d" --in-place compose.yml
	want_rc 0
	want_same "$T/want/fixed.yml" "$d/compose.yml" compose.yml
	got=$(stat -c %a "$d/compose.yml")
	if [ "$got" != "$perm" ]; then
		note "mode is $got, expected $perm"
	fi
	no_temp "$d" "$d"
	t_result "--in-place keeps mode $perm"
done

# ------------------------------------------------------------------ owner
if [ "$(id -u)" -eq 0 ]; then
	d=$T/owner
	mk "$d/compose.yml" "$DIRTY"
	chown 65534:65534 "$d/compose.yml"
	run "$d" --in-place compose.yml
	want_rc 0
	want_same "$T/want/fixed.yml" "$d/compose.yml" compose.yml
	got=$(stat -c %u:%g "$d/compose.yml")
	if [ "$got" != 65534:65534 ]; then
		note "owner is $got, expected 65534:65534"
	fi
	t_result "--in-place keeps owner and group"
else
	echo "# owner test skipped: not root"
fi

# ---------------------------------------------------- nothing left behind
d=$T/left
mk "$d/compose.yml" "$DIRTY"
mk "$d/sub/compose.yml" "$DIRTY"
run "$d" --in-place compose.yml sub/compose.yml
want_rc 0
want_same "$T/want/fixed.yml" "$d/compose.yml" compose.yml
want_same "$T/want/fixed.yml" "$d/sub/compose.yml" sub/compose.yml
no_temp "$d" "$d"
no_temp "$d/sub" "$d/sub"
t_result "no .composefix-* temp file after success (also in a subdirectory)"

d=$T/left-bad
mk "$d/compose.yml" "$BROKEN"
run "$d" --in-place compose.yml
want_rc 2
no_temp "$d" "$d"
t_result "no temp file after invalid input"

# A name so long that ".composefix-NAME.XXXXXX" cannot be created: the
# write fails (or the tool picks a shorter temp name); either way the
# file is whole and nothing is left behind.
d=$T/left-long
long=$(printf '%0250d' 0 | tr 0 a).yml
mk "$d/$long" "$DIRTY"
run "$d" --in-place "$long"
case $rc in
2)
	want_same "$T/want/dirty.yml" "$d/$long" "long name (failed)"
	want_nonempty "$err" stderr
	;;
0)
	want_same "$T/want/fixed.yml" "$d/$long" "long name (fixed)"
	;;
*)
	note "exit status $rc, expected 2 (or 0 when fixed)"
	note_file "$err" stderr
	;;
esac
no_temp "$d" "$d"
t_result "no temp file when the temp file cannot be created (status $rc)"

# ------------------------------------------------------ unchanged: no write
d=$T/mtime
mk "$d/clean.yml" "$CLEAN"
mk "$d/dirty.yml" "$DIRTY"
touch -d "$old_time" "$d/clean.yml" "$d/dirty.yml"
clean_before=$(mtime "$d/clean.yml")
dirty_before=$(mtime "$d/dirty.yml")
ino_before=$(stat -c %i "$d/clean.yml")
run "$d" --in-place clean.yml
want_rc 0
want_same "$T/want/clean.yml" "$d/clean.yml" clean.yml
if [ "$(mtime "$d/clean.yml")" != "$clean_before" ]; then
	note "mtime changed"
fi
if [ "$(stat -c %i "$d/clean.yml")" != "$ino_before" ]; then
	note "file replaced (inode changed)"
fi
t_result "--in-place leaves a file with nothing to fix untouched (mtime, inode)"

for mode in "" --diff --stdout; do
	# shellcheck disable=SC2086 # an empty mode is no argument
	run "$d" $mode dirty.yml
	if [ "$(mtime "$d/dirty.yml")" != "$dirty_before" ]; then
		note "mtime changed"
	fi
	want_same "$T/want/dirty.yml" "$d/dirty.yml" dirty.yml
	t_result "${mode:-report mode} does not touch the file"
done

# ------------------------------------------------------------ idempotence
d=$T/again
mk "$d/compose.yml" "$DIRTY"
run "$d" --in-place compose.yml
want_rc 0
touch -d "$old_time" "$d/compose.yml"
before=$(mtime "$d/compose.yml")
run "$d" --in-place compose.yml
want_rc 0
want_empty "$out" stdout
want_same "$T/want/fixed.yml" "$d/compose.yml" compose.yml
if [ "$(mtime "$d/compose.yml")" != "$before" ]; then
	note "second run rewrote the file"
fi
run "$d" compose.yml
want_rc 0
want_empty "$out" "report after --in-place"
t_result "a second --in-place changes nothing, exits 0"

d=$T/same-as-stdout
mkdir -p "$d"
cp "$srcdir/testdata/example/docker-compose.yml" "$d/compose.yml"
run "$d" --stdout compose.yml
cp "$out" "$T/.run/stdout"
run "$d" --in-place compose.yml
want_rc 0
want_same "$T/.run/stdout" "$d/compose.yml" "--in-place result vs --stdout"
t_result "--in-place writes the same bytes as --stdout prints"

# ----------------------------------------------------------------- symlinks
d=$T/link
mk "$d/real/target.yml" "$DIRTY"
chmod 640 "$d/real/target.yml"
ln -s real/target.yml "$d/link.yml"
run "$d" --in-place link.yml
want_rc 0
if [ ! -L "$d/link.yml" ]; then
	note "link.yml is no longer a symlink"
elif [ "$(readlink "$d/link.yml")" != real/target.yml ]; then
	note "link.yml now points to $(readlink "$d/link.yml")"
fi
want_same "$T/want/fixed.yml" "$d/real/target.yml" real/target.yml
if [ "$(stat -c %a "$d/real/target.yml")" != 640 ]; then
	note "target mode is $(stat -c %a "$d/real/target.yml")"
fi
no_temp "$d" "$d"
no_temp "$d/real" "$d/real"
t_result "symlink: the link stays, its target is rewritten"

d=$T/link2
mk "$d/a/target.yml" "$DIRTY"
ln -s "$d/a/target.yml" "$d/abs.yml"
ln -s abs.yml "$d/chain.yml"
run "$d" --in-place chain.yml
want_rc 0
if [ ! -L "$d/chain.yml" ] || [ ! -L "$d/abs.yml" ]; then
	note "a link was replaced by a file"
fi
want_same "$T/want/fixed.yml" "$d/a/target.yml" a/target.yml
no_temp "$d" "$d"
no_temp "$d/a" "$d/a"
t_result "symlink chain with an absolute link: links stay, target rewritten"

d=$T/link3
mk "$d/real/target.yml" "$CLEAN"
ln -s real/target.yml "$d/link.yml"
touch -d "$old_time" "$d/real/target.yml"
before=$(mtime "$d/real/target.yml")
run "$d" --in-place link.yml
want_rc 0
if [ "$(mtime "$d/real/target.yml")" != "$before" ]; then
	note "target rewritten although nothing was to fix"
fi
if [ ! -L "$d/link.yml" ]; then
	note "link.yml is no longer a symlink"
fi
t_result "symlink to a clean file: nothing touched"

d=$T/dangling
mkdir -p "$d"
ln -s nowhere.yml "$d/dangling.yml"
run "$d" --in-place dangling.yml
want_rc 2
want_match "dangling\\.yml" "$err" stderr
if [ ! -L "$d/dangling.yml" ] || [ -e "$d/nowhere.yml" ]; then
	note "the dangling link was changed or its target created"
fi
t_result "dangling symlink: exit 2, nothing created"

t_done
