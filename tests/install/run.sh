#!/bin/sh
# meson install into a scratch DESTDIR: every file in place with the right
# mode, nothing else installed, the installed programs run, the man page
# renders without warnings, and the man page and both completions know
# every option of composefix --help.
# Usage: run.sh BUILDDIR
# Each check prints "ok N - what" or "not ok N - what" (reasons follow as
# "#" lines); the last line is "install: N passed, M failed".

set -u
LC_ALL=C
export LC_ALL

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: $0 BUILDDIR" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
srcdir=$(cd "$(dirname "$0")/../.." && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/composefix-install.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 130' HUP INT PIPE TERM
D=$T/dest
mkdir "$T/.run" || exit 2
why=$T/.run/why
: >"$why"
exec </dev/null

t_n=0
t_pass=0
t_fail=0
t_skip=0

note() {
	printf '%s\n' "$*" >>"$why"
}

note_file() {
	if [ -s "$1" ]; then
		sed "s/^/    $2: /" "$1" >>"$why"
	else
		note "    $2: (empty)"
	fi
}

t_result() {
	t_n=$((t_n + 1))
	if [ -s "$why" ]; then
		t_fail=$((t_fail + 1))
		echo "not ok $t_n - $1"
		sed 's/^/# /' "$why"
	else
		t_pass=$((t_pass + 1))
		echo "ok $t_n - $1"
	fi
	: >"$why"
}

t_skip() {
	t_n=$((t_n + 1))
	t_skip=$((t_skip + 1))
	echo "ok $t_n - $1 # SKIP $2"
	: >"$why"
}

t_done() {
	if [ "$t_skip" -gt 0 ]; then
		echo "install: $t_pass passed, $t_fail failed, $t_skip skipped"
	else
		echo "install: $t_pass passed, $t_fail failed"
	fi
	[ "$t_fail" -eq 0 ]
	exit
}

# want_file PATH MODE [SOURCE]: PATH is a regular file with permission
# bits MODE (octal), and a copy of SOURCE when given.
want_file() {
	if [ ! -f "$1" ]; then
		note "missing: ${1#"$D"}"
		return
	fi
	_mode=$(stat -c %a "$1")
	if [ "$_mode" != "$2" ]; then
		note "${1#"$D"}: mode $_mode, expected $2"
	fi
	if [ $# -ge 3 ] && ! cmp -s "$3" "$1"; then
		note "${1#"$D"}: not a copy of ${3#"$srcdir"/}"
	fi
}

# --- install ----------------------------------------------------------------

meson install -C "$build" --no-rebuild --destdir "$D" \
	>"$T/.run/install" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
	note "meson install exited $rc"
	note_file "$T/.run/install" "meson install"
fi
t_result "meson install --destdir"

# Where meson put things: the configured directories, from the build.
meson introspect --buildoptions "$build" >"$T/.run/options.json" \
	2>"$T/.run/introspect" &&
	meson introspect --projectinfo "$build" >"$T/.run/project.json" \
		2>>"$T/.run/introspect"
rc=$?
python3 - "$T/.run/options.json" "$T/.run/project.json" \
	>"$T/.run/dirs" 2>>"$T/.run/introspect" <<'EOF'
import json
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    opts = {o["name"]: o["value"] for o in json.load(f)}
with open(sys.argv[2], encoding="utf-8") as f:
    version = json.load(f)["version"]
prefix = opts["prefix"]
for name in ("bindir", "mandir", "datadir"):
    value = opts[name]
    if not value.startswith("/"):
        value = prefix.rstrip("/") + "/" + value
    print("%s=%s" % (name, value))
print("version=%s" % version)
EOF
if [ "$rc" -ne 0 ] || [ ! -s "$T/.run/dirs" ]; then
	note "cannot read the build's directories"
	note_file "$T/.run/introspect" introspect
	t_result "meson introspect"
	t_done
fi
bindir=$D$(sed -n 's/^bindir=//p' "$T/.run/dirs")
mandir=$D$(sed -n 's/^mandir=//p' "$T/.run/dirs")
datadir=$D$(sed -n 's/^datadir=//p' "$T/.run/dirs")
version=$(sed -n 's/^version=//p' "$T/.run/dirs")

cf=$bindir/composefix
mig=$bindir/composefix-migrate
man1=$mandir/man1/composefix.1
bashc=$datadir/bash-completion/completions/composefix
bashm=$datadir/bash-completion/completions/composefix-migrate
zshc=$datadir/zsh/vendor-completions/_composefix

# --- the files --------------------------------------------------------------

want_file "$cf" 755
if [ -x "$cf" ]; then
	"$cf" --version >"$T/.run/out" 2>&1
	if [ "$(cat "$T/.run/out")" != "composefix $version" ]; then
		note "composefix --version does not say 'composefix $version'"
		note_file "$T/.run/out" "--version"
	fi
fi
t_result "bin/composefix, mode 755, runs"

want_file "$mig" 755 "$srcdir/src/composefix-migrate"
if [ -x "$mig" ]; then
	"$mig" --help >"$T/.run/out" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] ||
		! grep -q '^usage: composefix-migrate ' "$T/.run/out"; then
		note "composefix-migrate --help: exit $rc"
		note_file "$T/.run/out" "--help"
	fi
fi
t_result "bin/composefix-migrate, mode 755, runs"

want_file "$man1" 644 "$srcdir/src/composefix.1"
t_result "man1/composefix.1"

want_file "$bashc" 644 "$srcdir/src/completion/composefix.bash"
want_file "$bashm" 644 "$srcdir/src/completion/composefix.bash"
t_result "bash completions for composefix and composefix-migrate"

want_file "$zshc" 644 "$srcdir/src/completion/_composefix"
t_result "zsh completion _composefix"

# Nothing else: a test program or a header installed by mistake shows here.
(cd "$D" && find . ! -type d | sed 's|^\.||' | sort) >"$T/.run/installed"
for f in "$cf" "$mig" "$man1" "$bashc" "$bashm" "$zshc"; do
	printf '%s\n' "${f#"$D"}"
done | sort >"$T/.run/expected"
if ! cmp -s "$T/.run/expected" "$T/.run/installed"; then
	note "installed files (diff -u expected actual):"
	diff -u "$T/.run/expected" "$T/.run/installed" | sed 's/^/    /' \
		>>"$why"
fi
t_result "exactly these six files are installed"

# --- the man page renders ---------------------------------------------------

if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man -l "$man1" >"$T/.run/man" 2>"$T/.run/manerr"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		note "man -l exited $rc"
	fi
	if [ -s "$T/.run/manerr" ]; then
		note "man -l warns:"
		note_file "$T/.run/manerr" man
	fi
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS 'EXIT STATUS' FILES \
		EXAMPLES 'SEE ALSO'; do
		if ! grep -qx "$s" "$T/.run/man"; then
			note "no section $s"
		fi
	done
	awk 'length > 80 { print "line " NR " is wider than 80: " $0 }' \
		"$T/.run/man" >>"$why"
	t_result "man -l renders the installed page, 80 columns, every section"
else
	t_skip "man -l renders the installed page" "man not installed"
fi

if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -ww -z "$man1" >"$T/.run/groff" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] || [ -s "$T/.run/groff" ]; then
		note "groff -ww: exit $rc"
		note_file "$T/.run/groff" groff
	fi
	t_result "groff -man -Tutf8 -ww -z: no warning"
else
	t_skip "groff -ww: no warning" "groff not installed"
fi

# --- every option documented and completed ----------------------------------

"$cf" --help >"$T/.run/help" 2>&1
# Option names from lines that start with one, "  -d, --diff  TEXT":
# what stands before the first two spaces.
opt_names() {
	grep -E '^ +-' | sed -E 's/^ +//; s/  .*//' |
		grep -oE -- '(^|[ ,])--?[a-zA-Z][a-z-]*' | sed 's/^[ ,]*//' |
		sort -u
}
opt_names <"$T/.run/help" >"$T/.run/help-opts"
if [ ! -s "$T/.run/help-opts" ]; then
	note "no option found in composefix --help"
	note_file "$T/.run/help" "--help"
fi
# The options the man page describes: the tags (the line after each .TP)
# of its OPTIONS section, read from the roff source, "\-" being "-".
awk '/^\.SH / { on = ($0 == ".SH OPTIONS") }
	on && tag { print }
	{ tag = on && /^\.TP/ }' "$man1" | sed 's/\\-/-/g' |
	grep -oE -- '(^|[ "])--?[a-zA-Z][a-z-]*' | sed 's/^[ "]*//' |
	sort -u >"$T/.run/man-opts"
if [ ! -s "$T/.run/man-opts" ]; then
	note "no option found in the man page's OPTIONS section"
fi
while IFS= read -r o; do
	if ! grep -qxF -e "$o" "$T/.run/man-opts"; then
		note "composefix --help has $o, the man page's OPTIONS do not"
	fi
done <"$T/.run/help-opts"
t_result "the man page documents every option of composefix --help"

sort -u "$T/.run/help-opts" "$T/.run/man-opts" >"$T/.run/all-opts"
while IFS= read -r o; do
	# Whole words: --color must not pass because --colors is there.
	if ! grep -qE -e "(^|[^a-z-])$o([^a-z-]|\$)" "$bashc"; then
		note "bash completion lacks $o"
	fi
	if ! grep -qE -e "(^|[^a-z-])$o([^a-z-]|\$)" "$zshc"; then
		note "zsh completion lacks $o"
	fi
done <"$T/.run/all-opts"
n=$(wc -l <"$T/.run/all-opts")
t_result "both completions offer all $n options of --help and the man page"

# --- the completions work ---------------------------------------------------

if command -v bash >/dev/null 2>&1; then
	# complete_bash WORD...: COMPREPLY for the command line WORD... (the
	# last word is the one being completed), with plain bash.
	complete_bash() {
		bash --norc --noprofile -c '
			. "$1" || exit 1
			shift
			COMP_WORDS=("$@")
			COMP_CWORD=$(($# - 1))
			COMP_LINE="$*"
			COMP_POINT=${#COMP_LINE}
			fn=$(complete -p "$1" | sed "s/.* -F \\([^ ]*\\) .*/\\1/")
			"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" \
				"${COMP_WORDS[COMP_CWORD - 1]}"
			printf "%s\n" "${COMPREPLY[@]}"
		' sh "$bashc" "$@" 2>&1
	}
	# want_bash EXPECTED WORD...: the completions, one line, sorted.
	want_bash() {
		_want=$1
		shift
		_got=$(complete_bash "$@" | sed '/^$/d' | sort | tr '\n' ' ')
		if [ "$_got" != "$_want " ]; then
			note "bash: '$*' completes to '$_got', expected '$_want '"
		fi
	}
	want_bash 'json sarif text' composefix --format ''
	want_bash 'sarif' composefix --format = s
	want_bash 'always auto never' composefix --color = ''
	want_bash '--color' composefix --co
	want_bash '--dry-run' composefix-migrate --dr
	want_bash '--in-place --include' composefix --in
	want_bash 'admin data other web' composefix --only ''
	want_bash 'data,admin' composefix --only data,a
	want_bash 'web' composefix-migrate --only = w
	t_result "bash completion: option names and values"
else
	t_skip "bash completion" "bash not installed"
fi

if command -v zsh >/dev/null 2>&1; then
	zsh -n "$zshc" >"$T/.run/zsh" 2>&1 || note_file "$T/.run/zsh" "zsh -n"
	if [ "$(sed -n 1p "$zshc")" != '#compdef composefix composefix-migrate' ]; then
		note "the first line is not '#compdef composefix composefix-migrate'"
	fi
	t_result "zsh completion parses, #compdef line"
else
	t_skip "zsh completion parses" "zsh not installed"
fi

t_done
