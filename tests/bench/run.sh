#!/usr/bin/env bash
# Benchmark of composefix against the performance targets.
#
# usage: tests/bench/run.sh [COMPOSEFIX]
#
# COMPOSEFIX is the binary to time: the first argument, else $COMPOSEFIX,
# else build/composefix. Nothing is built here. Everything else is generated
# by tests/bench/gen.py into a temporary directory that is removed at the end
# (KEEP=1 keeps it). Knobs, all from the environment:
#   RUNS=5        timed runs per case (median and min-max are reported)
#   OUT=file      also write the Markdown report to this file
#   SEED=1        generator seed
#   NFILES=2000   number of small files
#   SIZES="1 10 50"  sizes in MB of the single big files (10 must be there
#                 for the throughput targets)
#   FLAT=50000    services in the single-mapping file (0 skips it)
#   MDSIZE=10     size in MB of the Markdown file full of docker-run
#                 commands (tests/bench/gen_md.py; 0 skips it)
#   TIMEOUT=300   seconds one run may take before it is killed
#   CASE_BUDGET=120  seconds after which a case stops repeating its runs
#   STRICT=1      exit 1 when a target fails (default: report only)
#   SHELL_BENCH=1 the shell rows: a 10 MB script (report, --diff) and a walk
#                 over NTREE=20000 mixed files (tests/bench/gen_shell.py)
#                 against cat over the same files; 0 skips them
#
# Exit status: 0 when every case ran (targets may still FAIL, see the
# table), 1 with STRICT=1 and a failed target, 2 when composefix failed
# (exit status 2 or worse, a signal, a timeout) or the setup is incomplete.
# composefix exiting 0 or 1 is success: 1 only says changes are needed.
#
# Wall time comes from bash's $EPOCHREALTIME around each run; peak RSS from
# GNU time (`/usr/bin/time -v`, Debian package `time`). Every run goes
# through `timeout`, so the fork/exec overhead is the same for every row,
# the `cat` floor included. Fresh copies for --in-place are made outside the
# timed region.

# shellcheck disable=SC2317  # fresh_tree, fresh_file run through $prep
set -u -o pipefail
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-${COMPOSEFIX:-}}
if [[ -z $BIN ]]; then
	BIN=build/composefix
	# Run from elsewhere than the top of the tree: use the tree's build/.
	if [[ ! -x $BIN && -x $here/../../build/composefix ]]; then
		BIN=$here/../../build/composefix
	fi
fi
RUNS=${RUNS:-5}
OUT=${OUT:-}
SEED=${SEED:-1}
NFILES=${NFILES:-2000}
SIZES=${SIZES:-1 10 50}
FLAT=${FLAT:-50000}
MDSIZE=${MDSIZE:-10}
TIMEOUT=${TIMEOUT:-300}
CASE_BUDGET=${CASE_BUDGET:-120}
STRICT=${STRICT:-0}
SHELL_BENCH=${SHELL_BENCH:-1}
NTREE=${NTREE:-20000}

say() {
	printf '%s\n' "$*" >&2
}

die() {
	say "run.sh: $*"
	exit 2
}

# --- setup checks -----------------------------------------------------------

if [[ ! -x /usr/bin/time ]]; then
	die "/usr/bin/time (GNU time) is missing: install it with 'apt-get install time'"
fi
if ! /usr/bin/time -v true >/dev/null 2>&1; then
	die "/usr/bin/time does not take -v: GNU time is needed ('apt-get install time')"
fi
command -v timeout >/dev/null || die "timeout (coreutils) is missing"
command -v python3 >/dev/null || die "python3 is missing"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number"
if [[ $BIN != */* ]]; then
	BIN=$(command -v "$BIN") || die "composefix binary '$1' not found"
fi
[[ -x $BIN ]] || die "composefix binary '$BIN' is missing or not executable (build it first, or pass COMPOSEFIX=path)"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

HAVE_J=0
if "$BIN" --help 2>&1 | grep -q -- '-j'; then
	HAVE_J=1
fi
# The parser floor: libfyaml's event parser alone (tests/bench/fyparse.c),
# built here with the system's compiler when libfyaml's headers are there.
FYPARSE=
build_fyparse() {
	local flags
	command -v cc >/dev/null && command -v pkg-config >/dev/null || return 1
	flags=$(pkg-config --cflags --libs libfyaml 2>/dev/null) || return 1
	# shellcheck disable=SC2086  # pkg-config's flags are words
	cc -O2 -std=c11 -o "$WORK/fyparse" "$here/fyparse.c" $flags \
		2>"$WORK/fyparse.err" || return 1
	FYPARSE=$WORK/fyparse
}
# The Markdown parser floor: md4c alone (tests/bench/mdparse.c).
MDPARSE=
build_mdparse() {
	local flags
	command -v cc >/dev/null && command -v pkg-config >/dev/null || return 1
	flags=$(pkg-config --cflags --libs md4c 2>/dev/null) || return 1
	# shellcheck disable=SC2086  # pkg-config's flags are words
	cc -O2 -std=c11 -o "$WORK/mdparse" "$here/mdparse.c" $flags \
		2>"$WORK/mdparse.err" || return 1
	MDPARSE=$WORK/mdparse
}
HAVE_CYAML=0
if python3 -c 'import yaml; yaml.CSafeLoader' >/dev/null 2>&1; then
	HAVE_CYAML=1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/composefix-bench.XXXXXX") ||
	die "cannot create a temporary directory"
cleanup() {
	if [[ ${KEEP:-0} == 1 ]]; then
		say "kept $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

FAILED=0	# a composefix or setup failure happened
NOTES=()	# lines printed under the tables

# --- timing -----------------------------------------------------------------

# Microseconds since the epoch, from $EPOCHREALTIME (bash >= 5).
now_us() {
	local t=$EPOCHREALTIME
	echo $(( ${t%.*} * 1000000 + 10#${t#*.} ))
}

# Runs "$@" once under timeout and GNU time, stdout to /dev/null.
# Sets RUN_US (wall time), RUN_KB (peak RSS) and RUN_RC.
run_once() {
	local t0 t1
	t0=$(now_us)
	/usr/bin/time -v -o "$WORK/time.out" \
		timeout "$TIMEOUT" "$@" >/dev/null 2>"$WORK/stderr"
	RUN_RC=$?
	t1=$(now_us)
	RUN_US=$((t1 - t0))
	RUN_KB=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' \
		"$WORK/time.out")
	RUN_KB=${RUN_KB:-0}
}

# What an exit status means for a composefix run: empty when fine.
rc_problem() {
	local rc=$1
	case $rc in
	0 | 1) ;;
	2) echo "composefix exited 2 (failure)" ;;
	124) echo "timed out after ${TIMEOUT}s" ;;
	*) if ((rc > 128)); then
		echo "killed by signal $((rc - 128))"
	else
		echo "exited $rc"
	fi ;;
	esac
}

# Associative arrays keyed by case name.
declare -A MED MIN MAX RSS NRUN STATUS

# measure KEY OKRC PREP CMD...
# Times CMD RUNS times (fewer once CASE_BUDGET seconds are spent). PREP is
# a command run before each run, outside the timing (":" for none). OKRC
# is "cf" for composefix (0 and 1 are fine) or "zero" (only 0 is fine).
measure() {
	local key=$1 okrc=$2 prep=$3
	shift 3
	local i spent=0 problem times=() kb=0
	say "  $key"
	for ((i = 0; i < RUNS; i++)); do
		if ! $prep; then
			problem="preparation failed"
			break
		fi
		run_once "$@"
		if [[ $okrc == cf ]]; then
			problem=$(rc_problem "$RUN_RC")
		elif ((RUN_RC != 0)); then
			problem="exited $RUN_RC"
		else
			problem=
		fi
		if [[ -n $problem ]]; then
			break
		fi
		times+=("$RUN_US")
		((RUN_KB > kb)) && kb=$RUN_KB
		spent=$((spent + RUN_US))
		((spent > CASE_BUDGET * 1000000)) && break
	done
	if [[ -n ${problem:-} ]]; then
		STATUS[$key]="ERROR: $problem"
		FAILED=1
		say "run.sh: $key: $problem: $(short_cmd "$@")"
		sed -n '1,5s/^/    /p' "$WORK/stderr" >&2
		NOTES+=("**$key failed**: $problem. stderr: \`$(head -c 300 \
			"$WORK/stderr" | tr '\n' ' ')\`")
		return 1
	fi
	STATUS[$key]=ok
	NRUN[$key]=${#times[@]}
	RSS[$key]=$kb
	local sorted
	sorted=$(printf '%s\n' "${times[@]}" | sort -n)
	MIN[$key]=$(head -n1 <<<"$sorted")
	MAX[$key]=$(tail -n1 <<<"$sorted")
	MED[$key]=$(awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2];
		else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }' <<<"$sorted")
	return 0
}

ok() {
	[[ ${STATUS[$1]:-} == ok ]]
}

# A command line cut to its first words, for messages.
short_cmd() {
	local s="${*:1:4}"
	if (($# > 4)); then
		s+=" ... ($# words)"
	fi
	printf '%s' "$s"
}

# --- formatting -------------------------------------------------------------

# Microseconds as a human duration.
fmt_us() {
	awk -v u="$1" 'BEGIN {
		if (u < 1e6) printf "%.1f ms", u / 1e3;
		else printf "%.2f s", u / 1e6 }'
}

fmt_kb() {
	awk -v k="$1" 'BEGIN {
		if (k < 10240) printf "%.1f MB", k / 1024;
		else printf "%.0f MB", k / 1024 }'
}

# calc EXPR: floating-point arithmetic through awk.
calc() {
	awk "BEGIN { printf \"%.10g\", ($1) }" 2>/dev/null
}

ROWS=()

# row KEY LABEL DERIVED
row() {
	local key=$1 label=$2 derived=${3:-}
	if ok "$key"; then
		local spread
		spread="$(fmt_us "${MIN[$key]}")–$(fmt_us "${MAX[$key]}")"
		ROWS+=("| $label | $(fmt_us "${MED[$key]}") | $spread | ${NRUN[$key]} | $(fmt_kb "${RSS[$key]}") | $derived |")
	elif [[ -n ${STATUS[$key]:-} ]]; then
		ROWS+=("| $label | ${STATUS[$key]} | | | | |")
	fi
}

TARGETS=()
NFAIL=0

# target NAME MEASURED_TEXT LIMIT_TEXT PASS(1/0/"") [VERDICT]
# FLOOR, when set, is what the same work costs without composefix on this
# machine (the floor rows); it is used once and cleared.
FLOOR=
target() {
	local verdict
	case $4 in
	1) verdict=PASS ;;
	0) verdict=FAIL; NFAIL=$((NFAIL + 1)) ;;
	*) verdict=${5:-n/a} ;;
	esac
	TARGETS+=("| $1 | $2 | $3 | ${FLOOR:-–} | $verdict |")
	FLOOR=
}

# --- data -------------------------------------------------------------------

say "composefix benchmark: $BIN, RUNS=$RUNS, seed $SEED, work dir $WORK"
if ! build_fyparse; then
	NOTES+=("libfyaml's parser floor is not measured: tests/bench/fyparse.c did not build (needs cc, pkg-config and libfyaml-dev).")
fi
if ((MDSIZE > 0)) && ! build_mdparse; then
	NOTES+=("md4c's parser floor is not measured: tests/bench/mdparse.c did not build (needs cc, pkg-config and libmd4c-dev).")
fi
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
say "generating data"
python3 "$here/gen.py" -q --seed "$SEED" --count "$NFILES" "$WORK/files" ||
	die "gen.py failed"
SMALL_BYTES=$(cat "$WORK"/files/*.yml | wc -c)
if ((MDSIZE > 0)); then
	python3 "$here/gen_md.py" -q --seed "$SEED" --big "$MDSIZE" \
		"$WORK/big$MDSIZE.md" || die "gen_md.py failed"
fi
for s in $SIZES; do
	python3 "$here/gen.py" -q --seed "$SEED" --big "$s" "$WORK/big$s.yml" ||
		die "gen.py --big $s failed"
done
if ((FLAT > 0)); then
	python3 "$here/gen.py" -q --seed "$SEED" --flat-services "$FLAT" \
		"$WORK/flat.yml" || die "gen.py --flat-services failed"
fi

fresh_tree() {
	rm -rf "$WORK/copy" && cp -r "$WORK/files" "$WORK/copy"
}

FRESH_SRC=
fresh_file() {
	cp "$FRESH_SRC" "$WORK/copy.yml"
}

SRC_FILES=("$WORK"/files/*.yml)
# The copy is made before each run; its names follow the source's.
COPY_FILES=("${SRC_FILES[@]/#"$WORK/files/"/"$WORK/copy/"}")

# --- the 2,000 files --------------------------------------------------------

say "timing $NFILES files ($SMALL_BYTES bytes)"
measure harness zero : true
measure cat zero : cat "${SRC_FILES[@]}"
measure report cf : "$BIN" "${SRC_FILES[@]}"
measure diff cf : "$BIN" --diff "${SRC_FILES[@]}"
measure inplace cf fresh_tree "$BIN" --in-place "${COPY_FILES[@]}"
cp -r "$WORK/copy" "$WORK/result-default" 2>/dev/null

JOBS=()
if ((HAVE_J)); then
	JOBS=(1 2)
	for j in "${JOBS[@]}"; do
		measure "diff-j$j" cf : "$BIN" -j "$j" --diff "${SRC_FILES[@]}"
		measure "inplace-j$j" cf fresh_tree \
			"$BIN" -j "$j" --in-place "${COPY_FILES[@]}"
		cp -r "$WORK/copy" "$WORK/result-j$j" 2>/dev/null
	done
else
	NOTES+=("\`-j\` is not in \`composefix --help\`: the -j rows and the -j 2 vs -j 1 target are skipped.")
fi

# What the operating system alone costs for the same work, without any
# YAML: sed -i creates a temp file beside each file and renames it over, as
# --in-place does (but flushes nothing); `true` is a process and no work.
# These are the floors the targets sit on, on this machine.
printf '%s\0' "${COPY_FILES[@]}" >"$WORK/copy.list"
measure sedi zero fresh_tree sed -i -e 's/^//' "${COPY_FILES[@]}"
measure sedi-sync zero fresh_tree sh -c 'sed -i -e "s/^//" "$@" && sync' \
	sh "${COPY_FILES[@]}"
if ((HAVE_J)); then
	half=$(((NFILES + 1) / 2))
	for j in 1 2; do
		measure "sedi-P$j" zero fresh_tree xargs -0 -a "$WORK/copy.list" \
			-P "$j" -n "$half" sed -i -e 's/^//'
	done
fi
measure perproc-true zero : find "$WORK/files" -name '*.yml' -exec true {} \;
measure perproc-sedi zero fresh_tree find "$WORK/copy" -name '*.yml' \
	-exec sed -i -e 's/^//' {} \;

# One process per file. find's own status hides composefix's, so files
# whose run did not exit 0 are listed by -fprint and examined afterwards.
measure perproc zero fresh_tree find "$WORK/copy" -name '*.yml' \
	\( -exec "$BIN" --in-place {} \; -o -fprint "$WORK/perproc-failed" \)
if ok perproc && [[ -s $WORK/perproc-failed ]]; then
	bad=$(head -n1 "$WORK/perproc-failed")
	cp "$WORK/files/$(basename "$bad")" "$WORK/one.yml"
	"$BIN" --in-place "$WORK/one.yml" >/dev/null 2>"$WORK/stderr"
	rc=$?
	n=$(wc -l <"$WORK/perproc-failed")
	if [[ -n $(rc_problem "$rc") ]]; then
		STATUS[perproc]="ERROR: $(rc_problem "$rc") on $n files"
		FAILED=1
		say "run.sh: per-process: $(rc_problem "$rc") on $n files, e.g. $(basename "$bad")"
		sed -n '1,5s/^/    /p' "$WORK/stderr" >&2
		NOTES+=("**perproc failed**: $(rc_problem "$rc") on $n files, e.g. $(basename "$bad"). stderr: \`$(head -c 300 \
			"$WORK/stderr" | tr '\n' ' ')\`")
	else
		NOTES+=("per-process: --in-place exited $rc (not 0) on $n files, e.g. $(basename "$bad").")
	fi
fi
cp -r "$WORK/copy" "$WORK/result-perproc" 2>/dev/null

if ((HAVE_CYAML)); then
	measure pyyaml zero : python3 -c '
import sys, yaml
for p in sys.argv[1:]:
    with open(p, "rb") as f:
        for _ in yaml.load_all(f, Loader=yaml.CSafeLoader):
            pass
' "${SRC_FILES[@]}"
else
	NOTES+=("PyYAML with its C loader is missing (Debian package python3-yaml): its reference row is skipped.")
fi

# --- big files --------------------------------------------------------------

declare -A SIZE
big_cases() {
	local tag=$1 file=$2
	SIZE[$tag]=$(wc -c <"$file")
	say "timing $tag ($(( SIZE[$tag] )) bytes)"
	if [[ -n $FYPARSE ]]; then
		measure "$tag-fyparse" zero : "$FYPARSE" "$file"
	fi
	measure "$tag-report" cf : "$BIN" "$file"
	measure "$tag-diff" cf : "$BIN" --diff "$file"
	FRESH_SRC=$file
	measure "$tag-inplace" cf fresh_file "$BIN" --in-place "$WORK/copy.yml"
}
for s in $SIZES; do
	big_cases "big$s" "$WORK/big$s.yml"
done
if ((FLAT > 0)); then
	big_cases flat "$WORK/flat.yml"
fi
# The Markdown file: report and diff (verification included in both).
if ((MDSIZE > 0)); then
	tag=md$MDSIZE
	SIZE[$tag]=$(wc -c <"$WORK/big$MDSIZE.md")
	say "timing $tag ($(( SIZE[$tag] )) bytes)"
	if [[ -n $MDPARSE ]]; then
		measure "$tag-mdparse" zero : "$MDPARSE" "$WORK/big$MDSIZE.md"
	fi
	measure "$tag-report" cf : "$BIN" "$WORK/big$MDSIZE.md"
	measure "$tag-diff" cf : "$BIN" --diff "$WORK/big$MDSIZE.md"
fi

# --- shell scripts and a mixed tree (the shell and Make front ends) --------

if ((SHELL_BENCH)); then
	say "generating the shell data"
	python3 "$here/gen_shell.py" --seed "$SEED" --script 10 "$WORK/big.sh" ||
		die "gen_shell.py --script failed"
	python3 "$here/gen_shell.py" --seed "$SEED" --tree "$NTREE" \
		"$WORK/tree" || die "gen_shell.py --tree failed"
	SIZE[sh10]=$(wc -c <"$WORK/big.sh")
	say "timing a 10 MB shell script (${SIZE[sh10]} bytes)"
	measure sh10-report cf : "$BIN" -q "$WORK/big.sh"
	measure sh10-diff cf : "$BIN" -q --diff "$WORK/big.sh"
	find "$WORK/tree" -type f -print0 >"$WORK/tree.list"
	TREE_BYTES=$(xargs -0 -a "$WORK/tree.list" cat | wc -c)
	say "timing a walk over $NTREE mixed files ($TREE_BYTES bytes)"
	measure tree-cat zero : xargs -0 -a "$WORK/tree.list" cat
	measure tree-report cf : "$BIN" -q "$WORK/tree"
fi

# --- cross-checks, untimed --------------------------------------------------

if ok inplace; then
	"$BIN" --diff "$WORK"/result-default/*.yml >"$WORK/rediff" \
		2>"$WORK/rediff.err"
	rc=$?
	nerr=$(wc -l <"$WORK/rediff.err")
	if ((rc == 0)) && [[ ! -s $WORK/rediff ]]; then
		NOTES+=("idempotence: --diff over the --in-place result prints no diff and exits 0 ($nerr lines on stderr).")
	else
		NOTES+=("**idempotence broken**: --diff over the --in-place result exits $rc with $(wc -l <"$WORK/rediff") lines of diff.")
	fi
	nfind=$("$BIN" "${SRC_FILES[@]}" 2>/dev/null | wc -l)
	nchanged=0
	for f in "${SRC_FILES[@]}"; do
		cmp -s "$f" "$WORK/result-default/${f##*/}" ||
			nchanged=$((nchanged + 1))
	done
	NOTES+=("report mode prints $nfind lines over the $NFILES files; --in-place changes $nchanged of them.")
	for other in result-j1 result-j2 result-perproc; do
		[[ -d $WORK/$other ]] || continue
		if diff -r -q "$WORK/result-default" "$WORK/$other" >/dev/null; then
			NOTES+=("$other: same bytes as a single --in-place run.")
		else
			NOTES+=("**$other differs** from a single --in-place run.")
		fi
	done
fi

# --- report -----------------------------------------------------------------

mb() {
	calc "$1 / 1e6"
}

# MB/s of SIZE bytes in the median time of KEY.
mbps() {
	calc "$1 / ${MED[$2]}"
}

small_mb=$(mb "$SMALL_BYTES")
row harness "\`true\` (what the harness itself costs per run)" "included in every row"
row cat "cat, $NFILES files (I/O floor)" "$(printf '%.1f MB/s' "$(mbps "$SMALL_BYTES" cat)")"
for key in report diff inplace diff-j1 inplace-j1 diff-j2 inplace-j2; do
	if ! ok cat || ! ok "$key"; then
		row "$key" "$key"
		continue
	fi
	case $key in
	report) label="composefix (report), one invocation" ;;
	diff) label="composefix --diff, one invocation" ;;
	inplace) label="composefix --in-place, one invocation" ;;
	diff-j*) label="composefix -j ${key#diff-j} --diff" ;;
	inplace-j*) label="composefix -j ${key#inplace-j} --in-place" ;;
	esac
	derived=$(printf '%.2f× cat, %.1f MB/s' \
		"$(calc "${MED[$key]} / ${MED[cat]}")" "$(mbps "$SMALL_BYTES" "$key")")
	if [[ $key == inplace* ]] && ok sedi; then
		# shellcheck disable=SC2016  # the backquotes are Markdown
		derived+=$(printf ', %.2f× `sed -i`' "$(calc "${MED[$key]} / ${MED[sedi]}")")
	fi
	row "$key" "$label" "$derived"
done
if ok perproc; then
	fps=$(calc "$NFILES * 1e6 / ${MED[perproc]}")
	row perproc "find -exec composefix --in-place (process per file)" \
		"$(printf '%.0f files/s' "$fps")"
else
	row perproc "find -exec composefix --in-place (process per file)"
fi
# The floors: the same file-system work without YAML.
if ok cat && ok sedi; then
	row sedi "floor: \`sed -i\` over the $NFILES files, one invocation (temp file + rename each, no flush)" \
		"$(printf '%.2f× cat' "$(calc "${MED[sedi]} / ${MED[cat]}")")"
fi
if ok cat && ok sedi-sync; then
	row sedi-sync "floor: \`sed -i\` + \`sync\` (the same, flushed to disk)" \
		"$(printf '%.2f× cat' "$(calc "${MED[sedi-sync]} / ${MED[cat]}")")"
fi
for j in 1 2; do
	ok "sedi-P$j" && row "sedi-P$j" "floor: \`sed -i\` in 2 batches, \`xargs -P $j\`" \
		"$(printf '%.2f× cat' "$(calc "${MED[sedi-P$j]} / ${MED[cat]}")")"
done
for k in true sedi; do
	if ok "perproc-$k"; then
		if [[ $k == true ]]; then
			label="floor: \`find -exec true\` (a process per file, doing nothing)"
		else
			label="floor: \`find -exec sed -i\` (a process per file)"
		fi
		row "perproc-$k" "$label" \
			"$(printf '%.0f files/s' "$(calc "$NFILES * 1e6 / ${MED[perproc-$k]}")")"
	fi
done
if ok pyyaml; then
	row pyyaml "python3 PyYAML CSafeLoader, parse only (reference)" \
		"$(printf '%.1f MB/s' "$(mbps "$SMALL_BYTES" pyyaml)")"
fi
for tag in $(for s in $SIZES; do echo "big$s"; done) $( ((FLAT > 0)) && echo flat); do
	for mode in fyparse report diff inplace; do
		key=$tag-$mode
		[[ $mode == fyparse ]] && ! ok "$key" && continue
		if [[ $mode == fyparse ]]; then
			if [[ $tag == flat ]]; then
				label="floor: libfyaml's event parser alone, $FLAT services"
			else
				label="floor: libfyaml's event parser alone, ${tag#big} MB"
			fi
			row "$key" "$label" "$(printf '%.1f MB/s' "$(mbps "${SIZE[$tag]}" "$key")")"
			continue
		fi
		if [[ $tag == flat ]]; then
			label="$FLAT services in one mapping ($(printf '%.1f' "$(mb "${SIZE[$tag]}")") MB), $mode"
		else
			label="${tag#big} MB file, $mode"
		fi
		if ok "$key"; then
			derived=$(printf '%.1f MB/s, RSS %.1f× file, %.3f s/MB' \
				"$(mbps "${SIZE[$tag]}" "$key")" \
				"$(calc "${RSS[$key]} * 1024 / ${SIZE[$tag]}")" \
				"$(calc "${MED[$key]} / 1e6 / (${SIZE[$tag]} / 1e6)")")
			# composefix parses twice: its time against two bare passes
			if ok "$tag-fyparse"; then
				derived+=$(printf ', %.2f× two parser passes' \
					"$(calc "${MED[$key]} / (2 * ${MED[$tag-fyparse]})")")
			fi
			row "$key" "$label" "$derived"
		else
			row "$key" "$label"
		fi
	done
done
if ((MDSIZE > 0)); then
	tag=md$MDSIZE
	for mode in mdparse report diff; do
		key=$tag-$mode
		[[ $mode == mdparse ]] && ! ok "$key" && continue
		if [[ $mode == mdparse ]]; then
			label="floor: md4c's parser alone, Markdown $MDSIZE MB"
		else
			label="Markdown file of docker-run commands ($(printf '%.1f' "$(mb "${SIZE[$tag]}")") MB), $mode"
		fi
		if ok "$key"; then
			derived=$(printf '%.1f MB/s, RSS %.1f× file' \
				"$(mbps "${SIZE[$tag]}" "$key")" \
				"$(calc "${RSS[$key]} * 1024 / ${SIZE[$tag]}")")
			if [[ $mode != mdparse ]] && ok "$tag-mdparse"; then
				derived+=$(printf ', %.2f× two parser passes' \
					"$(calc "${MED[$key]} / (2 * ${MED[$tag-mdparse]})")")
			fi
			row "$key" "$label" "$derived"
		else
			row "$key" "$label"
		fi
	done
fi

# Targets.
if ok cat && ok sedi; then
	FLOOR="\`sed -i\` $(printf '%.1f×' "$(calc "${MED[sedi]} / ${MED[cat]}")")"
	ok sedi-sync && FLOOR+=", \`sed -i\` + \`sync\` $(printf '%.1f×' "$(calc "${MED[sedi-sync]} / ${MED[cat]}")")"
fi
if ok cat && ok inplace; then
	r=$(calc "${MED[inplace]} / ${MED[cat]}")
	target "--in-place over $NFILES files ≤ 3× cat" "$(printf '%.2f×' "$r")" "≤ 3×" \
		"$(calc "$r <= 3 ? 1 : 0")"
else
	target "--in-place over $NFILES files ≤ 3× cat" "not measured" "≤ 3×" "" ERROR
fi
if ok perproc-true; then
	FLOOR="\`true\` $(printf '%.0f' "$(calc "$NFILES * 1e6 / ${MED[perproc-true]}")")"
	ok perproc-sedi && FLOOR+=", \`sed -i\` $(printf '%.0f' "$(calc "$NFILES * 1e6 / ${MED[perproc-sedi]}")")"
	FLOOR+=" files/s"
fi
if ok perproc; then
	target "process per file ≥ 1,000 files/s" "$(printf '%.0f files/s' "$fps")" \
		"≥ 1,000 files/s" "$(calc "$fps >= 1000 ? 1 : 0")"
else
	target "process per file ≥ 1,000 files/s" "not measured" "≥ 1,000 files/s" "" ERROR
fi
if [[ -n ${SIZE[big10]:-} ]]; then
	for mode in report diff inplace; do
		key=big10-$mode
		if ok big10-fyparse; then
			FLOOR="libfyaml alone $(printf '%.1f MB/s; two passes %.1f' \
				"$(mbps "${SIZE[big10]}" big10-fyparse)" \
				"$(calc "$(mbps "${SIZE[big10]}" big10-fyparse) / 2")")"
		fi
		if ok "$key"; then
			v=$(mbps "${SIZE[big10]}" "$key")
			target "10 MB $mode ≥ 15 MB/s" "$(printf '%.1f MB/s' "$v")" "≥ 15 MB/s" \
				"$(calc "$v >= 15 ? 1 : 0")"
			m=$(calc "${RSS[$key]} * 1024 / ${SIZE[big10]}")
			target "10 MB $mode peak RSS ≤ 10× size" "$(printf '%.1f×' "$m")" "≤ 10×" \
				"$(calc "$m <= 10 ? 1 : 0")"
		else
			target "10 MB $mode ≥ 15 MB/s, RSS ≤ 10×" "${STATUS[$key]:-not measured}" "" "" ERROR
		fi
	done
else
	NOTES+=("SIZES has no 10: the 10 MB targets are not measured.")
fi
if ((SHELL_BENCH)); then
	for key in sh10-report sh10-diff; do
		if ok "$key"; then
			row "$key" "10 MB shell script, composefix ${key#sh10-}" \
				"$(printf '%.1f MB/s' "$(mbps "${SIZE[sh10]}" "$key")")"
		else
			row "$key" "$key"
		fi
	done
	row tree-cat "cat over the $NTREE mixed files (same run)" \
		"$(printf '%.1f MB' "$(mb "${TREE_BYTES:-0}")")"
	row tree-report "composefix over the $NTREE files (walk, report)"
fi
if ((SHELL_BENCH)); then
	for mode in report diff; do
		key=sh10-$mode
		if ok "$key"; then
			v=$(mbps "${SIZE[sh10]}" "$key")
			target "10 MB shell script, $mode ≥ 50 MB/s (verification included)" \
				"$(printf '%.1f MB/s' "$v")" "≥ 50 MB/s" \
				"$(calc "$v >= 50 ? 1 : 0")"
		else
			target "10 MB shell script, $mode ≥ 50 MB/s" \
				"${STATUS[$key]:-not measured}" "" "" ERROR
		fi
	done
	if ok tree-cat && ok tree-report; then
		r=$(calc "${MED[tree-report]} / ${MED[tree-cat]}")
		FLOOR="cat over the same files: $(fmt_us "${MED[tree-cat]}")"
		target "walk over $NTREE mixed files, report ≤ 2.5× cat" \
			"$(printf '%.2f×' "$r")" "≤ 2.5×" "$(calc "$r <= 2.5 ? 1 : 0")"
	else
		target "walk over $NTREE mixed files ≤ 2.5× cat" "not measured" \
			"≤ 2.5×" "" ERROR
	fi
fi
if ((MDSIZE == 10)); then
	for mode in report diff; do
		key=md10-$mode
		if ok md10-mdparse; then
			FLOOR="md4c alone $(printf '%.1f MB/s; two passes %.1f' \
				"$(mbps "${SIZE[md10]}" md10-mdparse)" \
				"$(calc "$(mbps "${SIZE[md10]}" md10-mdparse) / 2")")"
		fi
		if ok "$key"; then
			v=$(mbps "${SIZE[md10]}" "$key")
			target "10 MB Markdown $mode ≥ 50 MB/s" "$(printf '%.1f MB/s' "$v")" "≥ 50 MB/s" \
				"$(calc "$v >= 50 ? 1 : 0")"
		else
			target "10 MB Markdown $mode ≥ 50 MB/s" "${STATUS[$key]:-not measured}" "" "" ERROR
		fi
	done
else
	NOTES+=("MDSIZE is not 10: the 10 MB Markdown targets are not measured.")
fi
if ((HAVE_J)); then
	for mode in diff inplace; do
		if [[ $mode == inplace ]] && ok sedi-P1 && ok sedi-P2; then
			FLOOR="\`sed -i\` -P 2 vs -P 1: $(printf '%.2f×' "$(calc "${MED[sedi-P1]} / ${MED[sedi-P2]}")")"
		fi
		if ok "$mode-j1" && ok "$mode-j2"; then
			s=$(calc "${MED[$mode-j1]} / ${MED[$mode-j2]}")
			target "-j 2 vs -j 1, $mode: ≥ 1.6× faster" "$(printf '%.2f×' "$s")" "≥ 1.6×" \
				"$(calc "$s >= 1.6 ? 1 : 0")"
		else
			target "-j 2 vs -j 1, $mode: ≥ 1.6× faster" "not measured" "≥ 1.6×" "" ERROR
		fi
	done
else
	target "-j 2 vs -j 1: ≥ 1.6× faster" "no -j option" "≥ 1.6×" "" SKIP
fi
if [[ -n ${SIZE[big1]:-} && -n ${SIZE[big50]:-} ]] && ok big1-inplace && ok big50-inplace; then
	g=$(calc "(${MED[big50-inplace]} / ${SIZE[big50]}) / (${MED[big1-inplace]} / ${SIZE[big1]})")
	NOTES+=("growth: --in-place time per byte at 50 MB is $(printf '%.2f' "$g")× that at 1 MB (1.00 is linear).")
fi

version=$("$BIN" --version 2>/dev/null | head -n1)
{
	echo "## composefix benchmark"
	echo
	echo "\`$BIN\`${version:+ ($version)}; $(nproc) CPUs, $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC')."
	echo "$NFILES files of $(printf '%.2f' "$small_mb") MB (seed $SEED); medians of up to $RUNS runs; RSS is the peak over the runs."
	echo "Load average at start: ${LOAD_START:-?}; at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) (other processes skew the times: compare on a quiet machine)."
	echo
	echo "| case | median | min–max | runs | peak RSS | derived |"
	echo "| --- | --- | --- | --- | --- | --- |"
	printf '%s\n' "${ROWS[@]}"
	echo
	echo "| target | measured | limit | floor: the same work without composefix, same run | result |"
	echo "| --- | --- | --- | --- | --- |"
	printf '%s\n' "${TARGETS[@]}"
	if ((${#NOTES[@]})); then
		echo
		printf -- '- %s\n' "${NOTES[@]}"
	fi
} >"$WORK/report.md"
cat "$WORK/report.md"
if [[ -n $OUT ]]; then
	cp "$WORK/report.md" "$OUT" || die "cannot write '$OUT'"
fi

if ((FAILED)); then
	say "run.sh: composefix failed in at least one case (see above)"
	exit 2
fi
if ((STRICT && NFAIL)); then
	exit 1
fi
exit 0
