#!/usr/bin/env python3
"""Round trip of every real compose file in ../shared/corpus/real.

For each file, on a copy: composefix --in-place; then
- a file composefix refuses (exit 2) must stay byte-identical, with a
  "path:line:col: error:" message;
- otherwise the result parses, and libfyaml's own event dump (fy-tool
  --testsuite, not our code) equals the original's except for scalars that
  gained exactly a loopback prefix ("127.0.0.1:", "127.0.0.1::" or, for an
  empty address, "127.0.0.1");
- every changed line is the old line with that prefix inserted once;
- a second run changes nothing and reports nothing (exit 0).
Prints counts and a closing "corpus: N passed, M failed" line.
"""
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

PREFIXES = ("127.0.0.1::", "127.0.0.1:", "127.0.0.1")
# what a line may gain: a short-syntax prefix, a flow-mapping pair, or an
# address for an empty host_ip
INSERTS = PREFIXES + ("host_ip: 127.0.0.1, ", " 127.0.0.1")
PAIR = ["=VAL :host_ip", "=VAL :127.0.0.1"]


def events(path, sloppy):
    cmd = ["fy-tool", "--testsuite"]
    if sloppy:
        cmd.append("--sloppy-flow-indentation")
    r = subprocess.run(cmd + [path], capture_output=True)
    if r.returncode != 0:
        return None
    return r.stdout.decode("utf-8", "surrogateescape").splitlines()


def prefixed(old, new):
    """new is old with one loopback prefix inserted at the value's start."""
    return any(new == old[:2] + p + old[2:] for p in PREFIXES) or any(
        new == old[:1] + p + old[1:] for p in PREFIXES)


def line_ok(old, new):
    for null in ("null", "~", "Null", "NULL"):
        if old.rstrip("\r").endswith("host_ip: " + null) and \
                new == old.replace("host_ip: " + null, "host_ip: 127.0.0.1"):
            return True
    for p in INSERTS:
        for i in range(len(old) + 1):
            if old[:i] + p + old[i:] == new:
                return True
    return False


def pair_inserted(x, y0, y1):
    """A block mapping's line x gained "host_ip: ..." as its first key."""
    m = re.match(r"^([ -]*)host_ip: 127\.0\.0\.1(\r?)$", y0)
    return bool(m) and x.startswith(m.group(1)) and \
        y1 == " " * len(m.group(1)) + x[len(m.group(1)):]


def align(olds, news):
    """Every old line maps to itself with an insertion, or to two lines."""
    i = j = 0
    while i < len(olds):
        if j < len(news) and line_ok(olds[i], news[j]):
            i += 1
            j += 1
        elif j + 1 < len(news) and pair_inserted(olds[i], news[j],
                                                 news[j + 1]):
            i += 1
            j += 2
        else:
            return "line changed otherwise: %r -> %r" % (
                olds[i], news[j:j + 2])
    if j != len(news):
        return "lines added: %r" % news[j:]
    return None


def check_file(exe, src, work, stats):
    name = os.path.basename(src)
    dst = os.path.join(work, name)
    shutil.copyfile(src, dst)
    with open(src, "rb") as f:
        before = f.read()
    r = subprocess.run([exe, "--in-place", name], cwd=work,
                       capture_output=True)
    err = r.stderr.decode("utf-8", "replace")
    with open(dst, "rb") as f:
        after = f.read()
    leftovers = [n for n in os.listdir(work) if n.startswith(".composefix-")]
    if leftovers:
        return "temp file left behind: %s" % leftovers
    if r.returncode == 2:
        if after != before:
            return "refused but changed"
        if not re.search(r"^%s:\d+:\d+: error: " % re.escape(name), err,
                         re.M):
            return "refused without a path:line:col error: %r" % err
        stats["refused"].append((src, err.strip().splitlines()[-1]))
        return None
    if r.returncode != 0:
        return "exit %d: %s" % (r.returncode, err)
    for kind in re.findall(r"\[([a-z-]+)\]", err):
        stats["left"][kind] = stats["left"].get(kind, 0) + 1
    stats["left"]["invalid"] = stats["left"].get("invalid", 0) + len(
        re.findall(r"is not a port entry", err))
    fixed = r.stdout.decode("utf-8", "replace").splitlines()
    for line in fixed:
        m = re.search(r"\[([a-z-]+)\]$", line)
        kind = m.group(1) if m else "?"
        stats["fixed"][kind] = stats["fixed"].get(kind, 0) + 1
    if after == before:
        if fixed:
            return "reported fixes but wrote nothing"
        stats["clean"] += 1
    else:
        stats["changed"] += 1
        sloppy = "accepted as Docker Compose does" in err
        old_ev = events(src, sloppy)
        new_ev = events(dst, sloppy)
        if new_ev is None:
            return "result does not parse with fy-tool"
        if old_ev is None:
            return "original does not parse with fy-tool"
        changed_vals = 0
        i = j = 0
        while i < len(old_ev) or j < len(new_ev):
            a = old_ev[i] if i < len(old_ev) else None
            b = new_ev[j] if j < len(new_ev) else None
            if a == b:
                i += 1
                j += 1
                continue
            if new_ev[j:j + 2] == PAIR and j > 0 and \
                    new_ev[j - 1].startswith("+MAP"):
                changed_vals += 1   # host_ip added as the first key
                j += 2
                continue
            if a is None or b is None or not (
                    a.startswith("=VAL ") and b.startswith("=VAL ")):
                return "event changed: %r -> %r" % (a, b)
            if not prefixed(a[5:], b[5:]) and not (
                    a in ("=VAL :", "=VAL :null", "=VAL :~", "=VAL \"",
                          "=VAL '") and b[5:] in (
                              ":127.0.0.1", '"127.0.0.1', "'127.0.0.1")):
                return "value changed otherwise: %r -> %r" % (a, b)
            changed_vals += 1
            i += 1
            j += 1
        if changed_vals != len(fixed):
            return "%d values changed, %d reported" % (changed_vals,
                                                        len(fixed))
        la = before.split(b"\n")
        lb = after.split(b"\n")
        sm = difflib.SequenceMatcher(a=la, b=lb, autojunk=False)
        for op, a1, a2, b1, b2 in sm.get_opcodes():
            if op == "equal":
                continue
            olds = [x.decode("utf-8", "replace") for x in la[a1:a2]]
            news = [x.decode("utf-8", "replace") for x in lb[b1:b2]]
            why = align(olds, news)
            if why:
                return why
    r2 = subprocess.run([exe, name], cwd=work, capture_output=True)
    if r2.returncode != 0 or r2.stdout:
        return "second run not clean: exit %d %r" % (r2.returncode,
                                                     r2.stdout[:200])
    # every port left on all interfaces is one of the kinds left alone on
    # purpose, never one that composefix failed to fix
    if b"cannot be fixed" in r2.stderr:
        return "an entry left unfixed: %r" % r2.stderr[:300]
    return None


def main():
    exe = os.path.abspath(sys.argv[1])
    corpus = sys.argv[2]
    if not os.path.isdir(corpus):
        msg = "corpus: %s not found (it lives beside the checkout)" % corpus
        if os.environ.get("CI") == "true":
            print(msg + "; CI=true, so this is a failure")
            return 1
        print(msg + "; skipped")
        return 77
    files = []
    for root, _, names in os.walk(corpus):
        for n in names:
            if n != "SOURCES.tsv":
                files.append(os.path.join(root, n))
    files.sort()
    stats = {"changed": 0, "clean": 0, "refused": [], "fixed": {},
             "left": {}}
    failed = 0
    for i, src in enumerate(files, 1):
        with tempfile.TemporaryDirectory() as work:
            why = check_file(exe, src, work, stats)
        rel = os.path.relpath(src, corpus)
        if why:
            failed += 1
            print("not ok %d - %s: %s" % (i, rel, why))
        else:
            print("ok %d - %s" % (i, rel))
    print("# files %d, changed %d, clean %d, refused %d" % (
        len(files), stats["changed"], stats["clean"], len(stats["refused"])))
    print("# fixed by kind: %s" % stats["fixed"])
    print("# left alone by kind: %s" % stats["left"])
    for src, msg in stats["refused"]:
        print("# refused: %s" % msg)
    print("corpus: %d passed, %d failed" % (len(files) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
