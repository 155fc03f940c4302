#!/usr/bin/env python3
"""One definition of "a compose file name" (issue 11, item 5).

names.py SRCDIR COMPOSEFIX

include/discover_names.def is the list the directory walk is built from.
This test generates the regular expression of its compose rows and checks
that composefix-migrate and every hook of .pre-commit-hooks.yaml use
exactly that text; then that the walk, the generated expression and the
hooks' expression take the same files from a tree of names, hidden
directories included. Prints TAP.
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

ROW = re.compile(r'^(NAME)\((\w+), "([^"\\]*)"\)$|^(DIR)\("([^"\\]*)"\)$')


def read_def(path):
    names, dirs = [], []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        m = ROW.match(line)
        if not m:
            raise SystemExit("names.py: bad row in %s: %s" % (path, line))
        if m.group(1):
            names.append((m.group(2), m.group(3)))
        else:
            dirs.append(m.group(5))
    return names, dirs


def glob_ere(glob):
    if not re.fullmatch(r"[A-Za-z0-9._*-]+", glob):
        raise SystemExit("names.py: unsupported glob %r" % glob)
    return "".join("[^/]*" if c == "*" else "[.]" if c == "." else c
                   for c in glob)


# The kinds composefix-migrate and the pre-commit hooks take by name: those
# a front end reads (src/frontends.c). The Markdown front end adds MARKDOWN
# here when it registers.
HOOK_KINDS = ("COMPOSE", "SHELL", "MAKE")


def generated(names, kinds=("COMPOSE",)):
    alts = [glob_ere(g) for k, g in names if k in kinds]
    return "(^|/)(" + "|".join(alts) + ")$"


n = 0
failed = 0


def result(ok, what, why=()):
    global n, failed
    n += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
    for line in why if not ok else ():
        print("# " + line)
    if not ok:
        failed += 1


def main():
    src, bin_ = sys.argv[1], os.path.abspath(sys.argv[2])
    names, dirs = read_def(os.path.join(src, "include", "discover_names.def"))
    ere = generated(names)
    files_ere = generated(names, HOOK_KINDS)

    with open(os.path.join(src, "src", "composefix-migrate"),
              encoding="utf-8") as f:
        mig = re.findall(r"^files_re='([^']*)'$", f.read(), flags=re.M)
    result(mig == [files_ere], "composefix-migrate's files_re is the list's",
           ["migrate: %r" % mig, "list:    %r" % files_ere])

    with open(os.path.join(src, ".pre-commit-hooks.yaml"),
              encoding="utf-8") as f:
        hooks = yaml.safe_load(f)
    got = [h.get("files") for h in hooks]
    result(bool(got) and all(g == files_ere for g in got),
           "every pre-commit hook's files: is the list's",
           ["hooks: %r" % got, "list:  %r" % files_ere])

    # The same files taken by the walk and by the expression.
    samples = set()
    for k, g in names:
        if k != "COMPOSE":
            continue
        for fill in ("", "prod", "dev", "x.y", "-a"):
            samples.add(g.replace("*", fill))
    samples |= {
        "docker-compose-prod.yml", "docker-compose-dev.yml",
        "docker-compose.override.yml", "compose.yaml.bak", "composer.yml",
        "compose.json", "my-compose.yml.txt", "docker-compose",
        "compose.yamll", "xcompose.yaml", "compose-dev.yaml",
        "Compose.yaml", "stack.yml", "prod.compose.yaml",
        "prod-compose.yml", ".compose.yaml",
    }
    subdirs = ["", "a/b/"] + [d + "/" for d in dirs] + [
        ".github/", ".git/", ".hidden/", "node_modules/", "vendor/"]
    with tempfile.TemporaryDirectory(prefix="composefix-names.") as tmp:
        made = []
        for sub in subdirs:
            for name in sorted(samples):
                path = os.path.join(tmp, sub, name)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as f:
                    f.write('services:\n  web:\n    ports:\n'
                            '      - "80:80"\n')
                made.append(sub + name)
        p = subprocess.run([bin_, "--kind", "compose", "."], cwd=tmp,
                           capture_output=True,
                           text=True)
        walked = {line.split(":", 1)[0][2:] for line in
                  p.stdout.splitlines() if line.startswith("./")}
    skip = re.compile(r"^(\.git|\.hidden|\.github|node_modules|vendor)/")
    want = {m for m in made if re.search(ere, m) and not skip.match(m)}
    result(walked == want,
           "the walk takes exactly the files the expression names "
           "(hidden but listed directories searched, .git never)",
           ["walk only: %s" % sorted(walked - want),
            "list only: %s" % sorted(want - walked)])
    for must in ("docker-compose-prod.yml", "docker-compose-dev.yml",
                 ".devcontainer/docker-compose.yml",
                 ".docker/compose.yaml"):
        result(must in walked, "the walk takes %s" % must)
    result(not any(w.startswith(".git/") for w in walked),
           "the walk never enters .git")

    print("names: %d passed, %d failed" % (n - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
