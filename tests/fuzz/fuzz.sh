#!/bin/sh
# One timed fuzz run: fuzz.sh FUZZER KIND SOURCE_ROOT SECONDS ARTIFACT_DIR
#
# Seeds a scratch corpus with seed.sh, then runs the libFuzzer binary
# FUZZER (KIND: portspec, pipeline or markdown, which picks the dictionary) for
# SECONDS on it. A crash, leak, sanitizer report or slow input fails the
# test; the input is kept as ARTIFACT_DIR/KIND-crash-... (or leak-,
# timeout-) for `FUZZER FILE` to reproduce.
set -u

if [ $# -ne 5 ]; then
	echo "usage: fuzz.sh FUZZER KIND SOURCE_ROOT SECONDS ARTIFACT_DIR" >&2
	exit 2
fi
fuzzer=$1
kind=$2
root=$3
secs=$4
artifacts=$5

here=$root/tests/fuzz
work=$(mktemp -d "${TMPDIR:-/tmp}/composefix-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' HUP INT PIPE TERM

"$here/seed.sh" "$work" || exit 2
mkdir -p "$artifacts"

# Any input above a few seconds is a pathological case worth a look.
# libFuzzer's own exit code for a crash is 77, which meson reads as "skipped"
"$fuzzer" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-error_exitcode=99 -timeout_exitcode=98 \
	-print_final_stats=1 -dict="$here/$kind.dict" \
	-artifact_prefix="$artifacts/$kind-" "$work/$kind"
rc=$?
if [ $rc -ne 0 ]; then
	echo "fuzz.sh: $kind fuzzer failed (status $rc); inputs in" \
		"$artifacts/$kind-*" >&2
fi
exit $rc
