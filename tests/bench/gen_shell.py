#!/usr/bin/env python3
"""Benchmark data for the shell and Make front ends.

gen_shell.py --script SIZE_MB FILE   a shell script of SIZE_MB megabytes:
    functions, loops, pipelines, heredocs, echo lines and comments, with a
    docker/podman run command (publishing, some already bound, some -P)
    about every fourth line, the way deploy scripts read.
gen_shell.py --tree N DIR            N files in nested directories, mixed as
    a repository is: Markdown, shell scripts, Makefiles (about a third of
    them with docker run commands) and source code that never mentions a
    container CLI (C, Python, JavaScript, Go).
The output depends only on --seed.
"""
import argparse
import os
import random
import sys

IMAGES = ["nginx:1.27", "postgres:16", "redis:7", "mysql:8", "grafana/grafana",
          "minio/minio", "mongo:7", "traefik:v3", "app:latest"]


def docker_line(r, i):
    p = r.randint(1024, 65000)
    c = r.choice([80, 443, 5432, 6379, 3306, 8080, 9000])
    img = r.choice(IMAGES)
    forms = [
        "docker run -d --name svc%d -p %d:%d %s" % (i, p, c, img),
        "docker run --rm -it -e MODE=dev -v \"$PWD:/src\" -p \"%d:%d\" %s" % (p, c, img),
        "sudo docker run -d \\\n    --name db%d \\\n    -p %d:%d \\\n    --restart unless-stopped \\\n    %s" % (i, p, c, img),
        "podman run --publish=%d:%d %s" % (p, c, img),
        "docker run -d -p 127.0.0.1:%d:%d %s  # already bound" % (p, c, img),
        "docker run -dp ${PORT_%d:-%d}:%d %s" % (i, p, c, img),
        "docker run -d -P %s" % img,
        "id=$(docker run -d -p %d:%d %s)" % (p, c, img),
    ]
    return r.choice(forms)


def other_line(r, i):
    forms = [
        "echo \"step %d: copying files to /srv/app\"" % i,
        "mkdir -p /tmp/build-%d && cd /tmp/build-%d" % (i, i),
        "for f in src/*.txt; do grep -v '^#' \"$f\" >> out-%d.log; done" % i,
        "if [ -n \"${DEBUG:-}\" ]; then set -x; fi",
        "# configure the service before starting it (step %d)" % i,
        "tar -czf backup-%d.tgz /var/lib/data 2>/dev/null || true" % i,
        "curl -fsSL https://example.org/install.sh | sh -s -- --version %d" % i,
        "cat <<EOF > /etc/app-%d.conf\nlisten = 0.0.0.0\nworkers = %d\nEOF" % (i, i % 16),
        "deploy_%d() {\n\tlocal host=$1\n\tssh -p 22 \"$host\" 'systemctl restart app'\n}" % i,
        "docker ps --format '{{.Names}}' | grep -q svc%d || echo missing" % i,
    ]
    return r.choice(forms)


def script(r, limit):
    out = ["#!/usr/bin/env bash", "set -euo pipefail", ""]
    size, i = 0, 0
    while size < limit:
        line = docker_line(r, i) if r.random() < 0.25 else other_line(r, i)
        out.append(line)
        size += len(line) + 1
        i += 1
    return "\n".join(out) + "\n"


def makefile(r, n):
    out = [".PHONY: all run db", "", "IMAGE ?= app", "PORT ?= 8080", ""]
    for i in range(n):
        out.append("target%d:" % i)
        if r.random() < 0.5:
            out.append("\t@docker run --rm -p $(PORT):80 -e N=%d $(IMAGE)" % i)
        out.append("\t$(MAKE) -C sub%d all" % i)
        out.append("")
    return "\n".join(out) + "\n"


def markdown(r, n, docker):
    out = ["# Project %d" % n, "", "Some prose about the project.", ""]
    for i in range(r.randint(2, 8)):
        out.append("## Section %d" % i)
        out.append("")
        out.append("Run the following, then open the page.")
        out.append("")
        out.append("```sh")
        if docker:
            out.append(docker_line(r, i))
        else:
            out.append("make build && ./bin/app --port %d" % r.randint(1024, 9000))
        out.append("```")
        out.append("")
    return "\n".join(out) + "\n"


def source(r, n):
    kind = r.choice(["c", "py", "js", "go"])
    if kind == "c":
        body = "#include <stdio.h>\n\nint f%d(int x)\n{\n\treturn x * %d;\n}\n" % (n, n)
    elif kind == "py":
        body = "def f%d(x):\n    return x * %d\n" % (n, n)
    elif kind == "js":
        body = "export function f%d(x) {\n  return x * %d;\n}\n" % (n, n)
    else:
        body = "package main\n\nfunc f%d(x int) int {\n\treturn x * %d\n}\n" % (n, n)
    return "file%d.%s" % (n, kind), body * r.randint(3, 12)


def tree(r, n, root):
    for i in range(n):
        d = os.path.join(root, "d%02d" % (i % 50), "s%03d" % (i % 997))
        os.makedirs(d, exist_ok=True)
        x = r.random()
        docker = r.random() < 0.33
        if x < 0.25:
            name, text = "README%d.md" % i, markdown(r, i, docker)
        elif x < 0.45:
            name = "run%d.sh" % i
            text = script(r, 400) if docker else "#!/bin/sh\necho %d\n" % i
        elif x < 0.55:
            name = "Makefile" if not os.path.exists(os.path.join(d, "Makefile")) else "rules%d.mk" % i
            text = makefile(r, r.randint(2, 10)) if docker else "all:\n\techo %d\n" % i
        else:
            name, text = source(r, i)
        with open(os.path.join(d, name), "w") as f:
            f.write(text)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seed", type=int, default=1)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--script", type=float, metavar="SIZE_MB")
    g.add_argument("--tree", type=int, metavar="N")
    p.add_argument("out")
    a = p.parse_args(argv[1:])
    r = random.Random(a.seed)
    if a.script is not None:
        with open(a.out, "w") as f:
            f.write(script(r, int(a.script * 1024 * 1024)))
    else:
        tree(r, a.tree, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
