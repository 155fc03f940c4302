#!/usr/bin/env python3
"""Generate a Markdown file full of docker-run commands for the composefix
benchmark.

  gen_md.py [--seed S] --big SIZE_MB FILE
      one file of about SIZE_MB megabytes (10^6 bytes), seeded and
      byte-for-byte reproducible.

The file reads like a long README: headings, prose (with URLs, `-p` in
words, `mkdir -p`), inline code spans holding whole commands, fenced
blocks (bash, sh, console with prompts and output lines that look like
ports, yaml, none), tilde fences, indented blocks, numbered lists with
fences inside, block quotes with code, and <!-- composefix: ignore -->
comments. Commands publish with every form composefix reads: -p SPEC,
-pSPEC, -p=SPEC, --publish SPEC, --publish=SPEC, -dp, quoted values,
variables, already-bound addresses, explicit wildcards, -P, continuation
lines. Python 3 standard library only.
"""

import argparse
import random
import sys

IMAGES = [("nginx:1.25", 80), ("postgres:16", 5432), ("mysql:8.0", 3306),
	  ("redis:7", 6379), ("mongo:7", 27017), ("grafana/grafana", 3000),
	  ("node:20-slim", 3000), ("rabbitmq:3-management", 15672),
	  ("ghcr.io/example/api:1.4", 8080), ("minio/minio", 9000)]

CLIS = ["docker", "docker", "docker", "sudo docker", "podman", "nerdctl",
	"docker container"]


def publish(rng, cport):
	host = rng.choice([cport, cport + 1, 8000 + rng.randrange(1000)])
	spec = rng.choice([
		"%d:%d" % (host, cport),
		"%d:%d" % (host, cport),
		"%d:%d/udp" % (host, cport),
		"%d" % cport,
		"127.0.0.1:%d:%d" % (host, cport),
		"0.0.0.0:%d:%d" % (host, cport),
		'"%d:%d"' % (host, cport),
		"'%d:%d'" % (host, cport),
		'"${PORT:-%d}:%d"' % (host, cport),
	])
	form = rng.randrange(6)
	if form == 0:
		return "-p " + spec
	if form == 1:
		return "-p" + spec
	if form == 2:
		return "-p=" + spec
	if form == 3:
		return "--publish " + spec
	if form == 4:
		return "--publish=" + spec
	return "-dp " + spec


def command(rng, multiline):
	image, cport = rng.choice(IMAGES)
	opts = [publish(rng, cport) for _ in range(rng.randrange(1, 3))]
	extra = rng.sample(["-d", "--rm", "-it", "--name app%d" % rng.randrange(99),
			    "-e POSTGRES_PASSWORD=secret",
			    "-v \"$PWD\":/data", "--network host", "-w /app"],
			   rng.randrange(0, 3))
	words = extra + opts
	rng.shuffle(words)
	if rng.random() < 0.05:
		words.append("-P")
	cli = rng.choice(CLIS)
	sub = rng.choice(["run", "run", "run", "create"])
	if not multiline:
		return "%s %s %s %s" % (cli, sub, " ".join(words), image)
	lines = ["%s %s \\" % (cli, sub)]
	for w in words:
		lines.append("  %s \\" % w)
	lines.append("  %s" % image)
	return "\n".join(lines)


PROSE = [
	"The container listens on its port; see https://docs.docker.com/"
	"engine/reference/run/#expose-incoming-ports for -p and --publish.",
	"Use `mkdir -p data` first, then run the image below; ssh -p 2222 "
	"works the same way on the host.",
	"Ports published without an address listen on every interface of the "
	"host, which is rarely what a development database wants.",
	"Stop it with `docker stop app` and remove it with `docker rm app`.",
]


def indent(text, prefix):
	return "\n".join(prefix + l if l else prefix.rstrip() for l in
			 text.split("\n"))


def section(rng, i):
	out = ["## Step %d" % i, "", rng.choice(PROSE), ""]
	k = rng.randrange(9)
	if k == 0:
		out += ["Start it with `%s`." % command(rng, False), ""]
	elif k == 1:
		out += ["```bash", command(rng, True), "```", ""]
	elif k == 2:
		out += ["```console", "$ " + command(rng, True).replace(
			"\n", "\n> "), "0.0.0.0:8080->80/tcp   app",
			"$ docker ps", "```", ""]
	elif k == 3:
		out += ["1. Pull the image.", "2. Run it:", "",
			indent("```sh\n%s\n```" % command(rng, True), "   "),
			"", "3. Open the browser.", ""]
	elif k == 4:
		out += [indent("**Note:** as root:\n\n    %s" %
			       command(rng, False), "> "), ""]
	elif k == 5:
		out += ["<!-- composefix: ignore -->", "```sh",
			command(rng, False), "```", ""]
	elif k == 6:
		out += ["~~~shell", command(rng, False), command(rng, False),
			"~~~", ""]
	elif k == 7:
		out += ["```yaml", "services:", "  web:", "    ports:",
			"      - \"8080:80\"", "```", ""]
	else:
		out += [indent(command(rng, True), "    "), ""]
	return "\n".join(out) + "\n"


def big_text(rng, limit_bytes):
	parts = ["# Running the stack\n\n"]
	size = len(parts[0])
	i = 0
	while size < limit_bytes:
		i += 1
		s = section(rng, i)
		parts.append(s)
		size += len(s.encode("utf-8"))
	return "".join(parts), i


def main(argv):
	p = argparse.ArgumentParser(description="Generate a Markdown file of "
				    "docker-run commands for the benchmark.")
	p.add_argument("out", help="output file")
	p.add_argument("--seed", type=int, default=1,
		       help="random seed (default 1)")
	p.add_argument("--big", type=float, metavar="SIZE_MB", required=True,
		       help="write one file of about SIZE_MB * 10^6 bytes")
	p.add_argument("-q", "--quiet", action="store_true",
		       help="print no summary")
	args = p.parse_args(argv)
	if args.big <= 0:
		p.error("--big needs a positive size")
	text, n = big_text(random.Random(args.seed), int(args.big * 1e6))
	with open(args.out, "wb") as f:
		f.write(text.encode("utf-8"))
	if not args.quiet:
		print("%s: %d sections, %d bytes" % (args.out, n, len(text)))
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
