#!/bin/sh
# Second opinion on the golden cases: second_opinion.sh COMPOSEFIX CASES_DIR
#
# Docker Compose v1 (Debian's docker-compose, `config`, which works offline)
# reads each short-syntax case (no "target:" in input.yml) whose input it
# accepts, and then expected.yml. Every published port of the expected
# configuration must be on a loopback address (127.0.0.1, ::1, or a --bind
# address of the case's args) or on the specific address it already had,
# unless composefix says it leaves that entry alone: `composefix -v ARGS
# input.yml` names each such entry on stderr with its kind (explicit
# wildcard, variable, undecidable, suppressed, allowed), as not selected
# by --only, or by its service (host network, another container's
# network), or calls it no port entry
# Docker accepts (v1 is more lenient than current Docker: it takes
# "8080:8080\n" from "- |"; the oracle suite checks such claims against
# Docker's own parser). No port may be lost: every
# published/target/protocol of the input is still published. Cases that
# exit 2 are not compose files
# composefix accepts and are skipped.
# Prints "ok N - case" / "not ok N - case" (reasons as "#" lines), skipped
# cases as "ok N - case # SKIP why", and a closing
# "second-opinion: N passed, M failed"; exits 1 on any failure, 77 when
# docker-compose is missing (a failure with CI=true).

set -u
LC_ALL=C
export LC_ALL

if [ $# -ne 2 ]; then
	echo "usage: second_opinion.sh COMPOSEFIX CASES_DIR" >&2
	exit 2
fi

abspath() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(pwd)" "$1" ;;
	esac
}

case $1 in
*/*) bin=$(abspath "$1") ;;
*) bin=$(command -v "$1") || bin=$1 ;;
esac
cases=$(abspath "$2")

if [ ! -x "$bin" ]; then
	echo "second_opinion.sh: cannot run '$bin'" >&2
	exit 2
fi
if [ ! -d "$cases" ]; then
	echo "second_opinion.sh: no such directory '$cases'" >&2
	exit 2
fi
if ! command -v docker-compose >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "second_opinion.sh: docker-compose is needed in CI" >&2
		exit 1
	fi
	echo "second_opinion.sh: docker-compose is not installed; skipped"
	exit 77
fi
python=$(command -v python3) || {
	echo "second_opinion.sh: python3 is needed" >&2
	exit 2
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/composefix-second.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' HUP INT PIPE TERM

# Judges one case: check.py INPUT.cfg EXPECTED.cfg MESSAGES ARGS. Prints
# the problems, one a line; exits 1 when there are any.
cat >"$tmp/check.py" <<'EOF'
import ipaddress
import re
import sys

import yaml

in_cfg, ex_cfg, msgs, args = sys.argv[1:5]
LOOPBACK = {'127.0.0.1', '::1'}
words = args.split()
binds = {words[i + 1] for i, w in enumerate(words[:-1]) if w == '--bind'}
bound = {b.strip('[]').lower() for b in binds}
good = LOOPBACK | bound


def load(path):
    with open(path, encoding='utf-8') as f:
        doc = yaml.safe_load(f) or {}
    out = {}
    for name, svc in (doc.get('services') or {}).items():
        out[str(name)] = [port(p) for p in (svc or {}).get('ports') or []]
    return out


def port(p):
    """(ip, published, target, protocol) of one port of config's output."""
    if isinstance(p, dict):
        return (str(p.get('host_ip') or '').strip('[]').lower(),
                str(p.get('published', '')), str(p.get('target', '')),
                str(p.get('protocol') or 'tcp').lower())
    s = str(p)
    s, _, proto = s.partition('/')
    parts = s.rsplit(':', 2)
    while len(parts) < 3:
        parts.insert(0, '')
    return (parts[0].strip('[]').lower(), parts[1], parts[2],
            (proto or 'tcp').lower())


def wildcard(ip):
    if ip in ('', '*'):
        return True
    try:
        return ipaddress.ip_address(ip).is_unspecified
    except ValueError:
        return False


def targets(entry):
    """Container ports an entry names, or None when a variable hides them."""
    flat = entry
    while True:
        # innermost ${...} first, so nested defaults go too
        new = re.sub(r'\$\{[^{}]*\}', 'V', flat)
        if new == flat:
            break
        flat = new
    flat = flat.replace('$$', '').split('/')[0]
    last = flat.rsplit(':', 1)[-1]
    m = re.fullmatch(r'(\d+)(?:-(\d+))?', last)
    if not m:
        return None
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    return {str(t) for t in range(lo, hi + 1)}


ENTRY = re.compile(r'^[^:]*:\d+:\d+: (?:warning|note): "((?:[^"\\]|\\.)*)" '
                   r'in service "((?:[^"\\]|\\.)*)" (?:.*\[(?:explicit-wildcard|'
                   r'variable|undecidable|suppressed|allowed)\]|is not a port '
                   r'entry Docker accepts .*; left alone|'
                   r'.*; left alone \(--only [a-z,]+\) \[[a-z-]+\])$')
SERVICE = re.compile(r'^[^:]*:\d+:\d+: (?:warning|note): service '
                     r'"((?:[^"\\]|\\.)*)" (?:uses network_mode: host.*'
                     r'\[host-network\]|shares another container.*'
                     r'\[shared-network\])$')
left = {}  # service -> set of targets, None in it: any port
with open(msgs, encoding='utf-8', errors='replace') as f:
    for line in f:
        line = line.rstrip('\n')
        m = ENTRY.match(line)
        if m:
            entry = m.group(1).replace('\\"', '"').replace('\\\\', '\\')
            t = targets(entry)
            s = left.setdefault(m.group(2), set())
            if t is None:
                s.add(None)
            else:
                s |= t
            continue
        m = SERVICE.match(line)
        if m:
            left.setdefault(m.group(1), set()).add(None)


def tolerated(svc, p, ex):
    s = left.get(svc, set())
    if None in s or p[2] in s:
        return True
    # an entry shared through an anchor is named for one service only
    for other, o in left.items():
        if other != svc and (None in o or p[2] in o) and p in ex.get(other,
                                                                     []):
            return True
    return False


inp, ex = load(in_cfg), load(ex_cfg)
problems = []
if set(inp) != set(ex):
    problems.append(f'services differ: {sorted(inp)} -> {sorted(ex)}')
for svc, ports in sorted(ex.items()):
    before = inp.get(svc, [])
    for p in ports:
        ip = p[0]
        if wildcard(ip):
            if not tolerated(svc, p, ex):
                problems.append(f'service "{svc}": {p[1] or "(ephemeral)"}'
                                f'->{p[2]}/{p[3]} is on all interfaces '
                                f'("{ip}") and composefix does not say it '
                                f'leaves it alone')
        elif ip not in good and p not in before:
            problems.append(f'service "{svc}": {p[1]}->{p[2]}/{p[3]} moved '
                            f'to "{ip}", which is not loopback')
    for p in before:
        ips = {q[0] for q in ports if q[1:] == p[1:]}
        if not ips:
            problems.append(f'service "{svc}": {p[1]}->{p[2]}/{p[3]} is no '
                            f'longer published')
        elif wildcard(p[0]) and ips & good and len(binds) > 1:
            # dual-stack: a fixed port is there for every --bind address
            for b in sorted(bound - ips):
                problems.append(f'service "{svc}": {p[1]}->{p[2]}/{p[3]} '
                                f'is not published on {b}')
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF

# Runs `docker-compose config` in one prepared case directory (see below):
# input.yml to in.cfg, and expected.yml to ex.cfg when it differs, with the
# statuses in in.rc and ex.rc and stderr in *.err. Nothing of our
# environment is passed: variables come from the directory's .env or the
# case's --env-file, as for composefix.
cat >"$tmp/compose.sh" <<'EOF'
cd "$1" || exit 2
set -f
# shellcheck disable=SC2046 # dcargs is split on purpose
env -i PATH="$PATH" HOME="$1" LC_ALL=C.UTF-8 docker-compose \
	$(cat dcargs) -f input.yml config >in.cfg 2>in.err </dev/null
echo $? >in.rc
if [ "$(cat in.rc)" -eq 0 ] && ! cmp -s input.yml expected.yml; then
	# shellcheck disable=SC2046
	env -i PATH="$PATH" HOME="$1" LC_ALL=C.UTF-8 docker-compose \
		$(cat dcargs) -f expected.yml config >ex.cfg 2>ex.err </dev/null
	echo $? >ex.rc
fi
EOF

# Every case gets a directory: the case's files, dcargs (docker-compose's
# options: the case's --env-file) and skip (why it is not checked).
n=0
: >"$tmp/todo"
for dir in "$cases"/*/; do
	dir=${dir%/}
	[ -f "$dir/input.yml" ] || continue
	n=$((n + 1))
	w=$tmp/c/$n
	mkdir -p "$w" || exit 2
	for f in "$dir"/* "$dir"/.[!.]*; do
		[ -f "$f" ] && cp "$f" "$w/"
	done
	printf '%s\n' "${dir##*/}" >"$w/name"
	[ -f "$w/args" ] || : >"$w/args"
	set -f
	# shellcheck disable=SC2046 # args is split on purpose
	set -- $(cat "$w/args")
	set +f
	: >"$w/dcargs"
	while [ $# -gt 0 ]; do
		if [ "$1" = --env-file ] && [ $# -gt 1 ]; then
			printf -- '--env-file %s\n' "$2" >"$w/dcargs"
			shift
		fi
		shift
	done
	if grep -q 'target:' "$w/input.yml"; then
		echo "long syntax" >"$w/skip"
	elif [ -f "$w/status" ] && [ "$(cat "$w/status")" -eq 2 ]; then
		echo "composefix refuses the input" >"$w/skip"
	elif [ ! -f "$w/expected.yml" ]; then
		echo "no expected.yml" >"$w/skip"
	else
		printf '%s\n' "$w" >>"$tmp/todo"
	fi
done

# docker-compose takes a second to start, mostly waiting: several at once.
jobs=$(nproc 2>/dev/null) || jobs=2
jobs=$((jobs * 2))
if [ -s "$tmp/todo" ]; then
	xargs -d '\n' -n 1 -P "$jobs" sh "$tmp/compose.sh" <"$tmp/todo"
fi

passed=0
failed=0
skipped=0
why=$tmp/why
i=0
while [ "$i" -lt "$n" ]; do
	i=$((i + 1))
	w=$tmp/c/$i
	name=$(cat "$w/name")
	if [ ! -f "$w/skip" ] && [ "$(cat "$w/in.rc")" -ne 0 ]; then
		# the first line says "is invalid because:", the second why
		printf 'docker-compose rejects the input: %s\n' "$(grep -v \
			'variable is not set' "$w/in.err" | head -n 2 |
			tr '\n' ' ' | sed 's/ *$//')" >"$w/skip"
	fi
	if [ -f "$w/skip" ]; then
		skipped=$((skipped + 1))
		echo "ok $i - $name # SKIP $(cat "$w/skip")"
		continue
	fi

	: >"$why"
	if [ ! -f "$w/ex.rc" ]; then
		cp "$w/in.cfg" "$w/ex.cfg" # expected.yml is input.yml
	elif [ "$(cat "$w/ex.rc")" -ne 0 ]; then
		echo "docker-compose rejects expected.yml, which it accepts" \
			"unfixed:" >>"$why"
		sed 's/^/    /' "$w/ex.err" >>"$why"
	fi
	if [ ! -s "$why" ]; then
		set -f
		# -q would silence what is checked: the case's other args
		# shellcheck disable=SC2046 # args is split on purpose
		(cd "$w" && exec "$bin" -v $(sed 's/\(^\| \)\(-q\|--quiet\)\( \|$\)/ /g' args) input.yml) \
			>/dev/null 2>"$w/msgs" </dev/null
		set +f
		"$python" "$tmp/check.py" "$w/in.cfg" "$w/ex.cfg" "$w/msgs" \
			"$(cat "$w/args")" >>"$why" 2>&1
	fi
	if [ -s "$why" ]; then
		failed=$((failed + 1))
		echo "not ok $i - $name"
		sed 's/^/# /' "$why"
	else
		passed=$((passed + 1))
		echo "ok $i - $name"
	fi
done

if [ $((passed + failed)) -eq 0 ]; then
	echo "second_opinion.sh: no case was checked in '$cases'" >&2
	echo "second-opinion: 0 passed, 0 failed"
	exit 1
fi
echo "# $skipped skipped"
echo "second-opinion: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
