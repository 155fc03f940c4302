#!/usr/bin/env python3
"""Round trip of the real files of ../shared/corpus/docker-run.

usage: corpus_docker_run.py COMPOSEFIX CORPUS_DIR KIND...

For every file of SOURCES.tsv whose kind is one of KIND (shell, make,
markdown), on a copy under its own name:
- it is typed by its name or shebang as SOURCES.tsv says (no --kind);
- composefix --in-place exits 0, or 2 leaving the file byte-identical with
  a "path:line:col: error:" message (a refused file: listed with its
  reason);
- the new file has the same number of lines, and every changed line is
  the old one with only an address inserted ("127.0.0.1:", "127.0.0.1::",
  "127.0.0.1" before an empty address);
- --stdout printed exactly what --in-place wrote, and --diff is a patch
  that turns the old file into it (patch -p1);
- a second run reports nothing and exits 0.
Prints the files per kind, the findings per finding kind (from --format
json) and every refused file, then "corpus-docker-run: N passed, M failed".
Skips (exit 77) when the corpus is absent, and fails then when CI=true.
"""
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

INSERTS = ("127.0.0.1::", "127.0.0.1:", "127.0.0.1")


def run(args, cwd):
    r = subprocess.run(args, cwd=cwd, capture_output=True)
    return r.returncode, r.stdout, r.stderr


def stripped(line):
    """A line without the addresses a fix may insert."""
    for s in INSERTS:
        line = line.replace(s.encode(), b"")
    return line


def check(binary, path, kind, tmp, counts, refused):
    """Returns a list of problems (empty: passed)."""
    problems = []
    name = os.path.basename(path)
    work = os.path.join(tmp, "work")
    shutil.rmtree(work, ignore_errors=True)
    os.mkdir(work)
    copy = os.path.join(work, name)
    shutil.copyfile(path, copy)
    with open(path, "rb") as f:
        old = f.read()

    rc, out, err = run([binary, "--format", "json", name], work)
    if rc not in (0, 1, 2):
        return ["report: exit status %d: %s" % (rc, err.decode(errors="replace"))]
    try:
        doc = json.loads(out)
    except ValueError:
        return ["report: --format json printed no JSON"]
    for fl in doc.get("files", []):
        got = fl.get("kind")
        if got is not None and got != kind:
            problems.append("typed as %s, not %s" % (got, kind))
        for fd in fl.get("findings", []):
            counts[fd.get("kind", "?")] += 1

    rc_s, out_s, _ = run([binary, "--stdout", name], work)
    rc_d, out_d, _ = run([binary, "--diff", name], work)
    rc, _, err = run([binary, "--in-place", name], work)
    with open(copy, "rb") as f:
        new = f.read()
    if rc == 2:
        if new != old:
            problems.append("refused, but the file changed")
        m = re.search(rb":\d+:\d+: error: (.*)", err)
        if not m:
            m = re.search(rb"error: (.*)", err)
            problems.append("refused without a line:column")
        refused.append((path, (m.group(1) if m else err).decode(errors="replace")))
        return problems
    if rc != 0:
        return problems + ["--in-place: exit status %d: %s" % (rc, err.decode(errors="replace"))]
    if rc_s in (0, 1) and out_s != new:
        problems.append("--stdout differs from what --in-place wrote")
    if new != old:
        ol, nl = old.split(b"\n"), new.split(b"\n")
        if len(ol) != len(nl):
            problems.append("line count changed")
        else:
            for i, (a, b) in enumerate(zip(ol, nl)):
                if a != b and stripped(a) != stripped(b):
                    problems.append("line %d changed beyond an address:\n  -%r\n  +%r" % (i + 1, a, b))
        p = os.path.join(tmp, "patch")
        shutil.rmtree(p, ignore_errors=True)
        os.mkdir(p)
        shutil.copyfile(path, os.path.join(p, name))
        r = subprocess.run(["patch", "-p1", "-s", "--batch", "--no-backup-if-mismatch"],
                           cwd=p, input=out_d, capture_output=True)
        with open(os.path.join(p, name), "rb") as f:
            if r.returncode != 0 or f.read() != new:
                problems.append("--diff does not patch the file into the fixed one")
    elif out_d:
        problems.append("--diff printed a diff for an unchanged file")
    rc, out, err = run([binary, name], work)
    if rc != 0 or out:
        problems.append("second run: exit %d, printed %r" % (rc, out[:200]))
    return problems


def main(argv):
    if len(argv) < 4:
        print("usage: corpus_docker_run.py COMPOSEFIX CORPUS_DIR KIND...", file=sys.stderr)
        return 2
    binary, corpus, kinds = os.path.abspath(argv[1]), argv[2], set(argv[3:])
    sources = os.path.join(corpus, "SOURCES.tsv")
    if not os.path.isfile(sources):
        msg = "corpus-docker-run: %s absent" % corpus
        if os.environ.get("CI") == "true":
            print(msg + " (CI=true: failing)")
            return 1
        print("1..0 # SKIP " + msg)
        return 77
    files = collections.Counter()
    counts = collections.Counter()
    refused = []
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="composefix-corpus-") as tmp, open(sources) as f:
        next(f)
        for line in f:
            repo, _, path, _, kind = line.rstrip("\n").split("\t")[:5]
            if kind not in kinds:
                continue
            full = os.path.join(corpus, repo.replace("/", "__", 1), path)
            files[kind] += 1
            problems = check(binary, full, kind, tmp, counts, refused)
            if problems:
                failed += 1
                print("not ok - %s" % full)
                for p in problems:
                    print("#   " + p.replace("\n", "\n#   "))
            else:
                passed += 1
    print("# files per kind: " + ", ".join("%s %d" % kv for kv in sorted(files.items())))
    print("# findings per kind: " + ", ".join("%s %d" % kv for kv in sorted(counts.items())))
    for path, why in refused:
        print("# refused: %s: %s" % (os.path.relpath(path, corpus), why))
    print("corpus-docker-run: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
