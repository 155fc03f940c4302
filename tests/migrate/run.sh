#!/bin/sh
# composefix-migrate over two dozen git repositories in a temp directory:
# branches, commits, commit messages, the summary table, the original
# branch checked out again, a second run that changes nothing, --dry-run
# that changes nothing, options and usage errors.
# Usage: run.sh COMPOSEFIX MIGRATE
# Each check prints "ok N - what" or "not ok N - what" (reasons follow as
# "#" lines); the last line is "migrate: N passed, M failed".

set -u
LC_ALL=C
export LC_ALL

if [ $# -ne 2 ]; then
	echo "usage: $0 COMPOSEFIX MIGRATE" >&2
	exit 2
fi
abs() {
	case $1 in
	/*) printf '%s' "$1" ;;
	*) printf '%s/%s' "$(pwd)" "$1" ;;
	esac
}
bin=$(abs "$1")
migrate=$(abs "$2")
if [ ! -x "$bin" ] || [ ! -f "$migrate" ]; then
	echo "migrate: cannot run '$bin' or read '$migrate'" >&2
	exit 2
fi
srcdir=$(cd "$(dirname "$migrate")/.." && pwd)
# The script is POSIX sh; run it with dash where there is one.
msh='sh'
if command -v dash >/dev/null 2>&1; then
	msh=dash
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/composefix-migrate-test.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 130' HUP INT PIPE TERM
mkdir "$T/.run" "$T/want" "$T/repos" "$T/extra" || exit 2
R=$T/repos
out=$T/.run/out
err=$T/.run/err
why=$T/.run/why
: >"$why"

# Nobody's git configuration counts; the identity is the test's own.
GIT_CEILING_DIRECTORIES=$T
GIT_CONFIG_NOSYSTEM=1
GIT_CONFIG_GLOBAL=/dev/null
GIT_AUTHOR_NAME='Migrate Test'
GIT_AUTHOR_EMAIL=migrate@example.invalid
GIT_COMMITTER_NAME='Migrate Test'
GIT_COMMITTER_EMAIL=migrate@example.invalid
export GIT_CEILING_DIRECTORIES GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL \
	GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
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
		echo "migrate: $t_pass passed, $t_fail failed, $t_skip skipped"
	else
		echo "migrate: $t_pass passed, $t_fail failed"
	fi
	[ "$t_fail" -eq 0 ]
	exit
}

# mig DIR ARG...: runs composefix-migrate in DIR; stdout in $out, stderr
# in $err, exit status in $rc.
mig() {
	_dir=$1
	shift
	(cd "$_dir" && exec "$msh" "$migrate" "$@") >"$out" 2>"$err"
	rc=$?
}

want_rc() {
	if [ "$rc" -ne "$1" ]; then
		note "exit status $rc, expected $1"
		note_file "$err" stderr
	fi
}

want_same() {
	if ! cmp -s "$1" "$2"; then
		note "$3 differs (diff -u expected actual):"
		diff -u "$1" "$2" | sed 's/^/    /' >>"$why"
	fi
}

want_eq() {
	if [ "$1" != "$2" ]; then
		note "$3: '$2', expected '$1'"
	fi
}

# mk FILE TEXT: writes TEXT (a printf format: \n, \r work).
mk() {
	mkdir -p "$(dirname "$1")"
	# shellcheck disable=SC2059 # the text is a format on purpose
	printf "$2" >"$1"
}

g() {
	_d=$1
	shift
	git -C "$_d" "$@"
}

# repo NAME: a new repository $R/NAME on branch main.
repo() {
	git init -q -b main "$R/$1" || exit 2
}

# commit NAME [MESSAGE]: commits everything in $R/NAME.
commit() {
	g "$R/$1" add -A && g "$R/$1" commit -q -m "${2:-fixture}" || exit 2
}

# want NAME PATH TEXT: after the fix, PATH on NAME's branch holds TEXT.
want() {
	mk "$T/want/$1/$2" "$3"
}

# want_entries NAME LINE...: the fixed entries of NAME's commit message.
want_entries() {
	_name=$1
	shift
	printf '%s\n' "$@" >"$T/want/$_name.entries"
}

DIRTY='services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n'
DIRTY_FIXED='services:\n  web:\n    image: nginx\n    ports:\n      - "127.0.0.1:80:80"\n'
CLEAN=$DIRTY_FIXED
BROKEN='services:\n  web:\n    image: nginx\n    ports:\n      - "80:80\n'
B=composefix/bind-loopback

# --- the repositories -------------------------------------------------------

repo fix-one
mk "$R/fix-one/docker-compose.yml" "$DIRTY"
mk "$R/fix-one/README.md" 'hello\n'
commit fix-one
want fix-one docker-compose.yml "$DIRTY_FIXED"
want_entries fix-one '- docker-compose.yml:5 80:80 -> 127.0.0.1:80:80 (nginx)'

repo dirty-modified
mk "$R/dirty-modified/docker-compose.yml" "$DIRTY"
commit dirty-modified
printf '# local edit\n' >>"$R/dirty-modified/docker-compose.yml"

repo dirty-untracked
mk "$R/dirty-untracked/docker-compose.yml" "$DIRTY"
commit dirty-untracked
mk "$R/dirty-untracked/notes.txt" 'not added\n'

mkdir "$R/not-git"
mk "$R/not-git/docker-compose.yml" "$DIRTY"

repo no-compose
mk "$R/no-compose/README.md" 'no compose file here\n'
mk "$R/no-compose/other.yml" "$DIRTY"
commit no-compose

repo already-fixed
mk "$R/already-fixed/compose.yaml" "$CLEAN"
commit already-fixed

repo broken
mk "$R/broken/compose.yaml" "$BROKEN"
mk "$R/broken/docker-compose.yml" "$DIRTY"
commit broken

repo nested
mk "$R/nested/services/api/compose.yaml" "$DIRTY"
mk "$R/nested/deploy/prod/docker-compose.prod.yml" \
	'services:\n  proxy:\n    image: caddy\n    ports:\n      - "8443:443"\n'
commit nested
want nested services/api/compose.yaml "$DIRTY_FIXED"
want nested deploy/prod/docker-compose.prod.yml \
	'services:\n  proxy:\n    image: caddy\n    ports:\n      - "127.0.0.1:8443:443"\n'
want_entries nested \
	'- deploy/prod/docker-compose.prod.yml:5 8443:443 -> 127.0.0.1:8443:443 (Caddy)' \
	'- services/api/compose.yaml:5 80:80 -> 127.0.0.1:80:80 (nginx)'

# Several files, several entries each, of every kind composefix fixes.
repo several
mk "$R/several/compose.yaml" 'services:\n  db:\n    image: mysql\n    ports:\n      - "3306:3306"   # mysql\n      - 6379:6379\n  web:\n    ports: ["8000-8010:8000-8010", "127.0.0.1:1:1"]\n'
mk "$R/several/compose.override.yaml" \
	"services:\n  web:\n    ports:\n      - '53:53/udp'\n"
mk "$R/several/app.compose.yml" \
	'services:\n  cache:\n    ports:\n      - "3000"\n'
mk "$R/several/my-compose.yaml" \
	'x-ports: &p\n  - ":9000:9000"\nservices:\n  s3:\n    ports: *p\n'
mk "$R/several/docker-compose.yml" "$CLEAN"
mk "$R/several/other.yml" "$DIRTY"
commit several
want several compose.yaml 'services:\n  db:\n    image: mysql\n    ports:\n      - "127.0.0.1:3306:3306"   # mysql\n      - 127.0.0.1:6379:6379\n  web:\n    ports: ["127.0.0.1:8000-8010:8000-8010", "127.0.0.1:1:1"]\n'
want several compose.override.yaml \
	"services:\n  web:\n    ports:\n      - '127.0.0.1:53:53/udp'\n"
want several app.compose.yml \
	'services:\n  cache:\n    ports:\n      - "127.0.0.1::3000"\n'
want several my-compose.yaml \
	'x-ports: &p\n  - "127.0.0.1:9000:9000"\nservices:\n  s3:\n    ports: *p\n'
want_entries several \
	'- app.compose.yml:4 3000 -> 127.0.0.1::3000 (HTTP)' \
	'- compose.override.yaml:4 53:53/udp -> 127.0.0.1:53:53/udp (DNS)' \
	'- compose.yaml:5 3306:3306 -> 127.0.0.1:3306:3306 (MySQL)' \
	'- compose.yaml:6 6379:6379 -> 127.0.0.1:6379:6379 (MySQL)' \
	'- compose.yaml:8 8000-8010:8000-8010 -> 127.0.0.1:8000-8010:8000-8010 (HTTP)' \
	'- my-compose.yaml:2 :9000:9000 -> 127.0.0.1:9000:9000'

# Which names are compose files: the same answer as .pre-commit-hooks.yaml.
names_yes='app.compose.yaml compose.override.yml compose.prod.yaml compose.yaml compose.yml docker-compose-dev.yml docker-compose.override.yaml docker-compose.yaml docker-compose.yml sub/dir/compose.yaml web-compose.yml'
names_no='compose compose-dev.yml compose.json compose.yaml.bak composer.yml docker_compose.yml mycompose.yml notes.yml sub/compose.yaml.orig'
repo names
for n in $names_yes; do
	mk "$R/names/$n" "$DIRTY"
	want names "$n" "$DIRTY_FIXED"
	printf '%s\n' "- $n:5 80:80 -> 127.0.0.1:80:80 (nginx)" >>"$T/want/names.entries"
done
for n in $names_no; do
	mk "$R/names/$n" "$DIRTY"
done
commit names

repo crlf
mk "$R/crlf/docker-compose.yml" \
	'services:\r\n  web:\r\n    ports:\r\n      - "80:80"\r\n'
commit crlf
want crlf docker-compose.yml \
	'services:\r\n  web:\r\n    ports:\r\n      - "127.0.0.1:80:80"\r\n'
want_entries crlf '- docker-compose.yml:4 80:80 -> 127.0.0.1:80:80 (HTTP)'

# Detached HEAD at an older commit: the branch starts there, HEAD stays.
repo detached
mk "$R/detached/docker-compose.yml" "$DIRTY"
commit detached one
printf '      - "81:81"\n' >>"$R/detached/docker-compose.yml"
commit detached two
g "$R/detached" checkout -q --detach HEAD^
want detached docker-compose.yml "$DIRTY_FIXED"
want_entries detached '- docker-compose.yml:5 80:80 -> 127.0.0.1:80:80 (nginx)'

# On another branch than main: the fix starts from it, main is not used.
repo develop
mk "$R/develop/compose.yaml" "$CLEAN"
commit develop
g "$R/develop" checkout -q -b develop
mk "$R/develop/compose.yaml" "$DIRTY"
commit develop
want develop compose.yaml "$DIRTY_FIXED"
want_entries develop '- compose.yaml:5 80:80 -> 127.0.0.1:80:80 (nginx)'

# The branch exists from an earlier run (fixed) or by hand (not fixed).
repo branch-exists
mk "$R/branch-exists/docker-compose.yml" "$DIRTY"
commit branch-exists
g "$R/branch-exists" checkout -q -b "$B"
mk "$R/branch-exists/docker-compose.yml" "$DIRTY_FIXED"
commit branch-exists
g "$R/branch-exists" checkout -q main

repo branch-stale
mk "$R/branch-stale/docker-compose.yml" "$DIRTY"
commit branch-stale
g "$R/branch-stale" branch "$B"

# Deliberate 0.0.0.0 is left alone by composefix (a warning, not an error).
repo wildcard
mk "$R/wildcard/compose.yaml" \
	'services:\n  web:\n    ports:\n      - "0.0.0.0:80:80"\n'
commit wildcard

repo empty

# A tracked symlink is not followed: its target is outside the repository.
mk "$T/outside.yml" "$DIRTY"
repo symlink
ln -s ../../outside.yml "$R/symlink/compose.yml"
mk "$R/symlink/docker-compose.yml" "$DIRTY"
commit symlink
want symlink docker-compose.yml "$DIRTY_FIXED"
want_entries symlink '- docker-compose.yml:5 80:80 -> 127.0.0.1:80:80 (nginx)'

repo 'with space'
mk "$R/with space/my app/compose.yml" "$DIRTY"
commit 'with space'
want 'with space' 'my app/compose.yml' "$DIRTY_FIXED"
want_entries 'with space' '- my app/compose.yml:5 80:80 -> 127.0.0.1:80:80 (nginx)'

repo hook-fails
mk "$R/hook-fails/docker-compose.yml" "$DIRTY"
commit hook-fails
mk "$R/hook-fails/.git/hooks/pre-commit" '#!/bin/sh\necho hook says no >&2\nexit 1\n'
chmod +x "$R/hook-fails/.git/hooks/pre-commit"

repo fix-sub
mk "$R/fix-sub/docker-compose.yml" "$DIRTY"
mk "$R/fix-sub/inner/compose.yaml" "$DIRTY"
commit fix-sub

repo ignored
mk "$R/ignored/.gitignore" 'compose.yaml\n'
mk "$R/ignored/docker-compose.yml" "$CLEAN"
commit ignored
mk "$R/ignored/compose.yaml" "$DIRTY"

git init -q --bare "$R/bare.git" || exit 2

# include: and extends: pull in files not named like compose files; they
# are fixed and committed too, long syntax included.
INC_MAIN='include:\n  - sub/db.yml\nservices:\n  web:\n    extends:\n      file: common.yml\n      service: base\n    ports:\n      - "80:80"\n'
INC_MAIN_FIXED='include:\n  - sub/db.yml\nservices:\n  web:\n    extends:\n      file: common.yml\n      service: base\n    ports:\n      - "127.0.0.1:80:80"\n'
INC_DB='services:\n  db:\n    ports:\n      - "5432:5432"\n'
INC_DB_FIXED='services:\n  db:\n    ports:\n      - "127.0.0.1:5432:5432"\n'
INC_COMMON='services:\n  base:\n    ports:\n      - target: 80\n        published: "8080"\n'
INC_COMMON_FIXED='services:\n  base:\n    ports:\n      - host_ip: 127.0.0.1\n        target: 80\n        published: "8080"\n'
repo includes
mk "$R/includes/compose.yaml" "$INC_MAIN"
mk "$R/includes/sub/db.yml" "$INC_DB"
mk "$R/includes/common.yml" "$INC_COMMON"
commit includes
want includes compose.yaml "$INC_MAIN_FIXED"
want includes sub/db.yml "$INC_DB_FIXED"
want includes common.yml "$INC_COMMON_FIXED"
want_entries includes \
	'- common.yml:4 long-syntax port (target 80, published 8080) -> host_ip: 127.0.0.1 (HTTP)' \
	'- compose.yaml:9 80:80 -> 127.0.0.1:80:80 (HTTP)' \
	'- sub/db.yml:4 5432:5432 -> 127.0.0.1:5432:5432 (PostgreSQL)'

# An include from outside the repository would be rewritten there: error.
mk "$T/shared/db.yml" "$INC_DB"
repo include-outside
mk "$R/include-outside/compose.yaml" \
	'include:\n  - ../../shared/db.yml\nservices:\n  web:\n    ports:\n      - "80:80"\n'
commit include-outside

# The branch from an earlier run, with the included files fixed there
# only: they are read from the branch, not from the work tree.
repo branch-include
mk "$R/branch-include/compose.yaml" "$INC_MAIN"
mk "$R/branch-include/sub/db.yml" "$INC_DB"
mk "$R/branch-include/common.yml" "$INC_COMMON"
commit branch-include
g "$R/branch-include" checkout -q -b "$B"
mk "$R/branch-include/compose.yaml" "$INC_MAIN_FIXED"
mk "$R/branch-include/sub/db.yml" "$INC_DB_FIXED"
mk "$R/branch-include/common.yml" "$INC_COMMON_FIXED"
commit branch-include
g "$R/branch-include" checkout -q main

repo -dash
mk "$R/-dash/docker-compose.yml" "$DIRTY"
commit -dash
want -dash docker-compose.yml "$DIRTY_FIXED"
want_entries -dash '- docker-compose.yml:5 80:80 -> 127.0.0.1:80:80 (nginx)'

all='fix-one dirty-modified dirty-untracked not-git no-compose already-fixed broken nested several names crlf detached develop branch-exists branch-stale wildcard empty symlink with?space hook-fails fix-sub/inner missing ignored bare.git includes include-outside branch-include -dash'
fixed_repos='fix-one nested several names crlf detached develop symlink with?space
includes -dash'

# run_all ARG...: composefix-migrate over every repository, in order.
run_all() {
	set -f
	# shellcheck disable=SC2086 # word splitting of $all on purpose
	set -- "$@" -- $all
	set +f
	# "with?space" stands for the name with a space.
	_i=0
	for _a in "$@"; do
		_i=$((_i + 1))
		if [ "$_a" = 'with?space' ]; then
			_a='with space'
		fi
		set -- "$@" "$_a"
	done
	shift "$_i"
	mig "$R" "$@"
}

# The first stderr line composefix gives for the broken file.
(cd "$R/broken" && "$bin" -- compose.yaml) >/dev/null 2>"$T/.run/broken"
broken_err="error: $(sed -n 1p "$T/.run/broken")"

# table ROWS: the summary table of $out as repo|result|branch lines,
# with a check that the columns line up under the header.
table() {
	sed -n '/^REPOSITORY  /,$p' "$out" >"$T/.run/table"
	if [ ! -s "$T/.run/table" ]; then
		note "no summary table on stdout"
		note_file "$out" stdout
		: >"$1"
		return
	fi
	if [ "$(sed -n '$p' "$out")" != "$(sed -n '$p' "$T/.run/table")" ] ||
		! awk 'NR == 1 {
			c2 = index($0, "RESULT"); c3 = index($0, "BRANCH")
			if (!(c2 > 0 && c3 > c2)) { bad = 1 }
			next
		}
		{
			if (substr($0, c2 - 2, 3) !~ /^  [^ ]$/ ||
			    substr($0, c3 - 2, 3) !~ /^  [^ ]$/) { bad = 1 }
		}
		END { exit bad }' "$T/.run/table"; then
		note "the table's columns are not aligned:"
		note_file "$T/.run/table" table
	fi
	sed -e 1d -e 's/   */|/g' "$T/.run/table" >"$1"
}

# snap FILE: everything the runs may change, for every repository.
snap() {
	(
		cd "$R" || exit 2
		for d in * .[!.]*; do
			[ -e "$d" ] || continue
			echo "== $d"
			if git -C "./$d" rev-parse --git-dir >/dev/null 2>&1; then
				git -C "./$d" for-each-ref \
					--format='%(refname) %(objectname)'
				echo "HEAD $(git -C "./$d" rev-parse -q --verify HEAD)"
				echo "sym $(git -C "./$d" symbolic-ref -q HEAD)"
				if [ "$(git -C "./$d" rev-parse \
					--is-bare-repository)" = false ]; then
					git -C "./$d" status --porcelain \
						--ignored
				fi
			fi
			(cd "./$d" && find . -path ./.git -prune -o \
				\( -type f -o -type l \) -print | sort |
				while IFS= read -r f; do
					if [ -L "$f" ]; then
						echo "$f -> $(readlink "$f")"
					else
						cksum "$f"
					fi
				done)
		done
		cksum "$T/outside.yml" "$T/shared/db.yml"
	) >"$1"
}

# --- dry run: diffs, no change ----------------------------------------------

snap "$T/.run/snap0"
run_all --composefix "$bin" --dry-run
want_rc 1
snap "$T/.run/snap1"
want_same "$T/.run/snap0" "$T/.run/snap1" "repositories after --dry-run"
t_result "--dry-run changes no repository, no branch, no file"

table "$T/.run/rows"
cat >"$T/.run/expected" <<EOF
fix-one|would fix 1|-
dirty-modified|skipped: dirty work tree|-
dirty-untracked|skipped: dirty work tree|-
not-git|skipped: not a git repository|-
no-compose|clean|-
already-fixed|clean|-
broken|$broken_err|-
nested|would fix 2|-
several|would fix 6|-
names|would fix 11|-
crlf|would fix 1|-
detached|would fix 1|-
develop|would fix 1|-
branch-exists|clean|$B
branch-stale|skipped: branch exists, 1 left to fix|$B
wildcard|clean|-
empty|skipped: no commits|-
symlink|would fix 1|-
with space|would fix 1|-
hook-fails|would fix 1|-
fix-sub/inner|skipped: not the top of a work tree|-
missing|error: no such directory|-
ignored|clean|-
bare.git|skipped: not a git repository|-
includes|would fix 3|-
include-outside|error: ../../shared/db.yml: not a file tracked in the repository|-
branch-include|clean|$B
-dash|would fix 1|-
EOF
want_same "$T/.run/expected" "$T/.run/rows" "dry-run summary table"
t_result "--dry-run summary table: would fix N, skips and errors"

# The diffs are composefix --diff's, one section per repository.
for r in fix-one several crlf 'with space'; do
	awk -v h="# $r" '$0 == h { on = 1; next }
		on && (/^# / || /^REPOSITORY  /) { exit }
		on { print }' "$out" >"$T/.run/section"
	set --
	while IFS= read -r f; do
		set -- "$@" "$f"
	done <<EOF
$(cd "$R/$r" && git ls-files | grep -E '(^|/)(compose(\.[^/]*)?|docker-compose[^/]*|[^/]*[.-]compose)\.ya?ml$')
EOF
	(cd "$R/$r" && "$bin" --diff -- "$@") >"$T/.run/diff"
	want_nonempty_diff=$(wc -l <"$T/.run/diff")
	if [ "$want_nonempty_diff" -eq 0 ]; then
		note "composefix --diff printed nothing for $r"
	fi
	want_same "$T/.run/diff" "$T/.run/section" "dry-run diff of $r"
	cp "$T/.run/section" "$T/.run/section.patch"
	if ! (cd "$R/$r" && git apply --check "$T/.run/section.patch") \
		>"$T/.run/apply" 2>&1; then
		note "git apply --check refuses the diff of $r:"
		note_file "$T/.run/apply" "git apply"
	fi
	t_result "--dry-run prints the diff of '$r' (composefix --diff, git apply --check accepts it)"
done
if grep -Eq '^# (dirty-modified|already-fixed|broken|branch-exists|not-git)$' "$out"; then
	note "a repository with nothing to apply has a diff section:"
	note_file "$out" stdout
fi
t_result "--dry-run prints no section for repositories it would not change"

# --- the migration ----------------------------------------------------------

for r in $all; do
	if [ "$r" = 'with?space' ]; then
		r='with space'
	fi
	case $r in
	missing | fix-sub/inner) continue ;;
	esac
	if git -C "$R/$r" rev-parse -q --verify HEAD >"$T/.run/h" 2>/dev/null; then
		cp "$T/.run/h" "$T/want/$r.head"
		git -C "$R/$r" symbolic-ref -q --short HEAD \
			>"$T/want/$r.sym" 2>/dev/null
	fi
done
snap "$T/.run/snap-before"
run_all --composefix "$bin"
want_rc 1
t_result "a run with errors exits 1"

table "$T/.run/rows"
cat >"$T/.run/expected" <<EOF
fix-one|fixed 1|$B
dirty-modified|skipped: dirty work tree|-
dirty-untracked|skipped: dirty work tree|-
not-git|skipped: not a git repository|-
no-compose|clean|-
already-fixed|clean|-
broken|$broken_err|-
nested|fixed 2|$B
several|fixed 6|$B
names|fixed 11|$B
crlf|fixed 1|$B
detached|fixed 1|$B
develop|fixed 1|$B
branch-exists|clean|$B
branch-stale|skipped: branch exists, 1 left to fix|$B
wildcard|clean|-
empty|skipped: no commits|-
symlink|fixed 1|$B
with space|fixed 1|$B
hook-fails|error: git commit failed: hook says no|-
fix-sub/inner|skipped: not the top of a work tree|-
missing|error: no such directory|-
ignored|clean|-
bare.git|skipped: not a git repository|-
includes|fixed 3|$B
include-outside|error: ../../shared/db.yml: not a file tracked in the repository|-
branch-include|clean|$B
-dash|fixed 1|$B
EOF
want_same "$T/.run/expected" "$T/.run/rows" "summary table"
t_result "summary table: every repository with its result and branch"
# For the report: the table as the script printed it.
sed -n '/^REPOSITORY  /,$p' "$out" >"$T/.run/first-table"
sed 's/^/# /' "$T/.run/first-table"

msg_body='A port published without an address listens on all interfaces of the
host, and Docker'"'"'s own firewall rules let it through host firewalls such
as ufw or firewalld. Binding it to 127.0.0.1 keeps it reachable from this
machine only.'

for r in $fixed_repos; do
	if [ "$r" = 'with?space' ]; then
		r='with space'
	fi
	d=$R/$r
	head=$(cat "$T/want/$r.head")
	sym=$(cat "$T/want/$r.sym")
	# The original branch (or detached HEAD) is checked out, unchanged.
	want_eq "$sym" "$(g "$d" symbolic-ref -q --short HEAD)" \
		"$r: checked-out branch"
	want_eq "$head" "$(g "$d" rev-parse HEAD)" "$r: HEAD"
	if [ -n "$(g "$d" status --porcelain)" ]; then
		note "$r: work tree not clean:"
		g "$d" status --porcelain >"$T/.run/st"
		note_file "$T/.run/st" status
	fi
	# One commit on the new branch, on top of the original HEAD.
	want_eq 1 "$(g "$d" rev-list --count "$head..$B" 2>&1)" \
		"$r: commits on $B"
	want_eq "$head" "$(g "$d" rev-parse "$B^" 2>&1)" "$r: parent of $B"
	# Exactly the expected files changed, to the expected bytes.
	(cd "$T/want/$r" && find . -type f | sed 's|^\./||' | sort) \
		>"$T/.run/want-files"
	g "$d" -c core.quotepath=off diff --name-only "$head" "$B" |
		sort >"$T/.run/files"
	want_same "$T/.run/want-files" "$T/.run/files" "$r: files changed"
	while IFS= read -r f; do
		g "$d" cat-file blob "$B:$f" >"$T/.run/got" 2>&1
		want_same "$T/want/$r/$f" "$T/.run/got" "$r: $f on $B"
	done <"$T/.run/want-files"
	# The message: subject, why, every entry.
	g "$d" log -1 --format=%B "$B" >"$T/.run/msg"
	want_eq 'Bind published ports to loopback' \
		"$(sed -n 1p "$T/.run/msg")" "$r: subject"
	want_eq '' "$(sed -n 2p "$T/.run/msg")" "$r: line 2"
	want_eq "$msg_body" "$(sed -n 3,6p "$T/.run/msg")" "$r: body"
	# In any order: what comes first is composefix's business.
	grep '^- ' "$T/.run/msg" | sort >"$T/.run/entries"
	sort "$T/want/$r.entries" >"$T/.run/want-entries"
	want_same "$T/.run/want-entries" "$T/.run/entries" "$r: entries"
	t_result "'$r': one commit on $B with its message, original HEAD back"
done

{
	echo 'Bind published ports to loopback'
	echo
	printf '%s\n' "$msg_body"
	echo
	echo 'web: HTTP front doors'
	echo '- docker-compose.yml:5 80:80 -> 127.0.0.1:80:80 (nginx)'
} >"$T/.run/want-msg"
g "$R/fix-one" log -1 --format=%B "$B" >"$T/.run/msg"
# %B ends with the message's own newline and one more.
sed -e '$d' "$T/.run/msg" >"$T/.run/msg1"
want_same "$T/.run/want-msg" "$T/.run/msg1" "fix-one: the whole message"
want_eq "Migrate Test" "$(g "$R/fix-one" log -1 --format=%an "$B")" author
t_result "the commit message in full, by the configured author"

# The entries grouped by what they expose, worst category first; in a
# group, in composefix's order.
{
	echo
	echo 'data: databases, caches, queues, search, stores'
	echo '- compose.yaml:5 3306:3306 -> 127.0.0.1:3306:3306 (MySQL)'
	echo '- compose.yaml:6 6379:6379 -> 127.0.0.1:6379:6379 (MySQL)'
	echo
	echo 'web: HTTP front doors'
	echo '- app.compose.yml:4 3000 -> 127.0.0.1::3000 (HTTP)'
	echo '- compose.yaml:8 8000-8010:8000-8010 -> 127.0.0.1:8000-8010:8000-8010 (HTTP)'
	echo
	echo 'other'
	echo '- compose.override.yaml:4 53:53/udp -> 127.0.0.1:53:53/udp (DNS)'
	echo '- my-compose.yaml:2 :9000:9000 -> 127.0.0.1:9000:9000'
} >"$T/.run/want-groups"
g "$R/several" log -1 --format=%B "$B" | sed -e '1,6d' -e '$d' \
	>"$T/.run/groups"
want_same "$T/.run/want-groups" "$T/.run/groups" "several: the grouped entries"
t_result "the commit message groups the entries by category: data, admin, web, other"

# What was not fixed is exactly as it was.
snap "$T/.run/snap-after"
for r in dirty-modified dirty-untracked not-git no-compose already-fixed \
	broken branch-exists branch-stale wildcard empty hook-fails fix-sub \
	ignored bare.git include-outside branch-include; do
	awk -v h="== $r" '/^== / { on = ($0 == h) } on' \
		"$T/.run/snap-before" >"$T/.run/a"
	awk -v h="== $r" '/^== / { on = ($0 == h) } on' \
		"$T/.run/snap-after" >"$T/.run/b"
	if [ ! -s "$T/.run/a" ]; then
		note "$r: missing from the snapshot"
	fi
	want_same "$T/.run/a" "$T/.run/b" "$r"
	t_result "'$r' left exactly as it was (refs, HEAD, work tree)"
done
if ! grep -qF "$(cksum "$T/outside.yml")" "$T/.run/snap-before"; then
	note "the symlink's target outside the repository changed"
fi
if [ ! -L "$R/symlink/compose.yml" ]; then
	note "the tracked symlink is no longer a symlink"
fi
t_result "a tracked symlink is not followed out of the repository"

# --- a second run changes nothing -------------------------------------------

snap "$T/.run/snap2"
run_all --composefix "$bin"
want_rc 1
snap "$T/.run/snap3"
want_same "$T/.run/snap2" "$T/.run/snap3" "repositories after the second run"
t_result "a second run changes nothing: no new commit, branch or file"

table "$T/.run/rows"
sed -e 's/|fixed [0-9]*|/|clean|/' "$T/.run/expected" >"$T/.run/expected2"
want_same "$T/.run/expected2" "$T/.run/rows" "second summary table"
if grep -q '|fixed ' "$T/.run/rows"; then
	note "the second run fixed something"
fi
t_result "second run: every fixed repository is clean (its branch named)"

mig "$R" --composefix "$bin" fix-one already-fixed dirty-modified \
	branch-exists names
want_rc 0
table "$T/.run/rows"
cat >"$T/.run/expected" <<EOF
fix-one|clean|$B
already-fixed|clean|-
dirty-modified|skipped: dirty work tree|-
branch-exists|clean|$B
names|clean|$B
EOF
want_same "$T/.run/expected" "$T/.run/rows" "summary table"
t_result "no errors: exit 0, only clean and skipped"

# --- the discovery agrees with .pre-commit-hooks.yaml -----------------------

hooks=$srcdir/.pre-commit-hooks.yaml
if ! command -v python3 >/dev/null 2>&1 ||
	! python3 -c 'import yaml' 2>/dev/null; then
	t_skip ".pre-commit-hooks.yaml selects the same files" \
		"python3 with yaml missing"
elif [ ! -f "$hooks" ]; then
	note "no $hooks"
	t_result ".pre-commit-hooks.yaml selects the same files"
else
	# shellcheck disable=SC2086 # the names are words on purpose
	python3 - "$hooks" $names_yes $names_no >"$T/.run/py" 2>&1 <<'EOF'
import re
import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as f:
    hooks = yaml.safe_load(f)
for h in hooks:
    print("hook %s: %s %s" % (h["id"], h["language"],
                              " ".join([h["entry"]] + h.get("args", []))))
for name in sys.argv[2:]:
    if all(re.search(h["files"], name) for h in hooks):
        print(name)
EOF
	{
		echo 'hook composefix: system composefix'
		echo 'hook composefix-fix: system composefix --in-place'
		# shellcheck disable=SC2086 # the names are words on purpose
		printf '%s\n' $names_yes
	} >"$T/.run/want-py"
	want_same "$T/.run/want-py" "$T/.run/py" ".pre-commit-hooks.yaml"
	t_result ".pre-commit-hooks.yaml: two hooks, files: selects the names migrate fixes"
fi

# --- in-place failure: the repository is put back ---------------------------

E=$T/extra
git init -q -b main "$E/inplace" || exit 2
mk "$E/inplace/docker-compose.yml" "$DIRTY"
mk "$E/inplace/compose.yaml" "$DIRTY"
g "$E/inplace" add -A && g "$E/inplace" commit -q -m fixture || exit 2
head=$(g "$E/inplace" rev-parse HEAD)
# A composefix that writes the files, then fails.
# shellcheck disable=SC2016 # $1 and $@ are the fake's own
printf '#!/bin/sh\nif [ "$1" = --in-place ]; then\n\t"%s" "$@"\n\techo "composefix: injected failure" >&2\n\texit 2\nfi\nexec "%s" "$@"\n' \
	"$bin" "$bin" >"$E/fake-composefix"
chmod +x "$E/fake-composefix"
mig "$E" --composefix ./fake-composefix inplace
want_rc 1
table "$T/.run/rows"
want_eq 'inplace|error: composefix: injected failure|-' \
	"$(cat "$T/.run/rows")" "row"
want_eq main "$(g "$E/inplace" symbolic-ref -q --short HEAD)" branch
want_eq "$head" "$(g "$E/inplace" rev-parse HEAD)" HEAD
want_eq '' "$(g "$E/inplace" status --porcelain)" "git status"
want_eq "refs/heads/main" "$(g "$E/inplace" for-each-ref --format='%(refname)')" \
	"branches"
mk "$T/.run/dirty" "$DIRTY"
want_same "$T/.run/dirty" "$E/inplace/docker-compose.yml" docker-compose.yml
want_same "$T/.run/dirty" "$E/inplace/compose.yaml" compose.yaml
t_result "composefix --in-place fails after writing: files, branch, HEAD restored"

# --- options ----------------------------------------------------------------

git init -q -b main "$E/opt one" || exit 2
mk "$E/opt one/compose.yaml" "$DIRTY"
g "$E/opt one" add -A && g "$E/opt one" commit -q -m fixture || exit 2
git init -q -b main "$E/opt2" || exit 2
mk "$E/opt2/compose.yaml" "$DIRTY"
g "$E/opt2" add -A && g "$E/opt2" commit -q -m fixture || exit 2
printf '# repositories\n\nopt one\n   \nopt2\n' >"$E/list"
mig "$E" --branch security/loopback --from list --composefix "$bin"
want_rc 0
table "$T/.run/rows"
printf 'opt one|fixed 1|security/loopback\nopt2|fixed 1|security/loopback\n' \
	>"$T/.run/expected"
want_same "$T/.run/expected" "$T/.run/rows" "summary table"
want_eq 1 "$(g "$E/opt2" rev-list --count main..security/loopback 2>&1)" \
	"commits on security/loopback"
if g "$E/opt2" rev-parse -q --verify "refs/heads/$B" >/dev/null; then
	note "$B was made although --branch was given"
fi
t_result "--branch NAME and --from FILE (comments and blank lines skipped)"

# composefix from PATH, repositories from stdin, options after them.
mkdir "$E/bin" && ln -s "$bin" "$E/bin/composefix"
git init -q -b main "$E/opt3" || exit 2
mk "$E/opt3/docker-compose.yaml" "$DIRTY"
g "$E/opt3" add -A && g "$E/opt3" commit -q -m fixture || exit 2
(cd "$E" && printf 'opt3\n' | PATH="$E/bin:$PATH" "$msh" "$migrate" \
	--from - --dry-run) >"$out" 2>"$err"
rc=$?
want_rc 0
table "$T/.run/rows"
want_eq 'opt3|would fix 1|-' "$(cat "$T/.run/rows")" "row"
(cd "$E" && PATH="$E/bin:$PATH" "$msh" "$migrate" opt3 --branch=b2) \
	>"$out" 2>"$err"
rc=$?
want_rc 0
table "$T/.run/rows"
want_eq 'opt3|fixed 1|b2' "$(cat "$T/.run/rows")" "row"
t_result "composefix found in PATH; --from -; options after the repositories"

# --- --only: one category fixed, the others left and said so --------------

git init -q -b main "$E/only" || exit 2
mk "$E/only/compose.yaml" 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n  debug:\n    build: .\n    ports:\n      - "9229:9229"\n'
g "$E/only" add -A && g "$E/only" commit -q -m fixture || exit 2
mig "$E" --composefix "$bin" --only data only
want_rc 0
table "$T/.run/rows"
want_eq 'only|fixed 1|composefix/bind-loopback' "$(cat "$T/.run/rows")" "row"
mk "$T/.run/want-only" 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "127.0.0.1:5432:5432"\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n  debug:\n    build: .\n    ports:\n      - "9229:9229"\n'
g "$E/only" cat-file blob "$B:compose.yaml" >"$T/.run/got" 2>&1
want_same "$T/.run/want-only" "$T/.run/got" "compose.yaml on $B"
{
	echo
	echo 'Only what exposes data is bound here (composefix --only data);'
	echo 'the other ports are left as they were.'
	echo
	echo 'data: databases, caches, queues, search, stores'
	echo '- compose.yaml:5 5432:5432 -> 127.0.0.1:5432:5432 (PostgreSQL)'
} >"$T/.run/want-msg"
g "$E/only" log -1 --format=%B "$B" | sed -e '1,6d' -e '$d' >"$T/.run/msg"
want_same "$T/.run/want-msg" "$T/.run/msg" "the message after its body"
t_result "--only data: only the database is bound, and the message says so"

# A second run with --only admin,web finds the branch and what is left.
mig "$E" --composefix "$bin" --only=admin --only web only
want_rc 0
table "$T/.run/rows"
want_eq 'only|skipped: branch exists, 2 left to fix|composefix/bind-loopback' \
	"$(cat "$T/.run/rows")" "row"
mig "$E" --composefix "$bin" --only data only
want_rc 0
table "$T/.run/rows"
want_eq 'only|clean|composefix/bind-loopback' "$(cat "$T/.run/rows")" "row"
t_result "--only is passed to every composefix run (an existing branch judged by it)"

# --- usage errors -----------------------------------------------------------

mig "$E"
want_rc 2
if ! grep -q 'no repository' "$err"; then
	note "stderr does not say what is missing"
	note_file "$err" stderr
fi
t_result "no repository: usage error, exit 2"

for args in '--frobnicate opt2' '--branch' '--branch a..b opt2' \
	'--composefix /nonexistent/composefix opt2' '--from /nonexistent opt2' \
	'--only databases opt2' '--only data, opt2' '--only' '--only= opt2'; do
	# shellcheck disable=SC2086 # the arguments are words on purpose
	mig "$E" $args
	want_rc 2
	if [ ! -s "$err" ]; then
		note "nothing on stderr"
	fi
	if [ -s "$out" ]; then
		note "stdout not empty"
		note_file "$out" stdout
	fi
	t_result "usage error, exit 2: $args"
done
mig "$E" --composefix composefix-no-such-program opt2
want_rc 2
if ! grep -q 'not found in PATH' "$err"; then
	note "stderr does not say composefix is not found"
	note_file "$err" stderr
fi
t_result "no such composefix in PATH: exit 2"

mig "$E" --help
want_rc 0
want_eq 'usage: composefix-migrate [--dry-run] [--branch NAME] [--from FILE]' \
	"$(sed -n 1p "$out")" "first line of --help"
t_result "--help: usage on stdout, exit 0"

t_done
