#!/usr/bin/env python3
"""Generate Docker Compose files for the composefix benchmark.

Three modes, all seeded and byte-for-byte reproducible (same seed, same
arguments, same output):

  gen.py [--seed S] [--count N] DIR
      N compose files (default 2000) of 1-5 services each, written as
      DIR/compose-NNNN.yml; about 0.85 KB per file on average.
  gen.py [--seed S] --big SIZE_MB FILE
      one file of about SIZE_MB megabytes (10^6 bytes) holding thousands of
      services in one `services:` mapping.
  gen.py [--seed S] --flat-services N FILE
      one file whose `services:` mapping has exactly N services.

Every mode draws from the same mix: comments on their own line and at the
end of lines, blank lines, and every port form composefix must handle:
short syntax double-quoted, single-quoted and plain, container-only, ranges,
protocols, interpolations, bound IPv4 and IPv6, long syntax in block and
flow style, anchors with merge keys, flow sequences. Directory mode also
writes a multi-document file now and then and a few files with CRLF line
ends. Python 3 standard library only.
"""

import argparse
import os
import random
import sys

# (service name, image, container ports it serves)
IMAGES = [
	("web", "nginx:1.25-alpine", [80, 443]),
	("proxy", "traefik:v2.11", [80, 443, 8080]),
	("db", "postgres:16", [5432]),
	("mysql", "mysql:8.0", [3306]),
	("mariadb", "mariadb:11", [3306]),
	("cache", "redis:7-alpine", [6379]),
	("mongo", "mongo:7", [27017]),
	("queue", "rabbitmq:3-management", [5672, 15672]),
	("api", "ghcr.io/example/api:1.4.2", [3000]),
	("app", "node:20-slim", [3000, 9229]),
	("grafana", "grafana/grafana:10.4.1", [3000]),
	("prometheus", "prom/prometheus:v2.51.0", [9090]),
	("dns", "pihole/pihole:latest", [53, 80]),
	("mail", "axllent/mailpit:v1.15", [1025, 8025]),
	("search", "elasticsearch:8.13.0", [9200, 9300]),
	("minio", "minio/minio:latest", [9000, 9001]),
	("adminer", "adminer:4", [8080]),
	("jupyter", "jupyter/base-notebook", [8888]),
	("keycloak", "quay.io/keycloak/keycloak:24.0", [8080, 8443]),
	("worker", "python:3.12-slim", []),
]

PROJECTS = ["shop", "blog", "wiki", "crm", "erp", "lab", "home", "media",
	    "chat", "ci", "metrics", "auth", "notes", "iot", "game"]

OWN_COMMENTS = [
	"# TODO: move secrets to .env",
	"# exposed for local development only",
	"# see README for the port map",
	"# keep in sync with the staging stack",
	"# ports below are published on the host",
	"# managed by ops, do not edit by hand",
	"# réseau interne — ne pas exposer",
]

EOL_COMMENTS = ["# web", "# admin ui", "# debug", "# metrics", "# api",
		"# legacy", "# tls", "# change me", "# NOTE: host port"]

ENV_VALUES = ["info", "prod", "1000", "Europe/Berlin", "${SECRET:?set it}",
	      "changeme"]

ENV_KEYS = ["TZ", "LOG_LEVEL", "NODE_ENV", "POSTGRES_PASSWORD",
	    "MYSQL_DATABASE", "REDIS_URL", "APP_SECRET", "PUID", "PGID"]


def host_port(rng, cport):
	"""A host port near the container port, sometimes the same."""
	if rng.random() < 0.5:
		return cport
	return rng.choice([cport + 8000, cport + 1, 10000 + cport % 5000,
			   rng.randrange(1024, 65000)]) % 65536 or 8080


def eol(rng, p):
	"""An end-of-line comment with probability p, else nothing."""
	if rng.random() < p:
		return "  " + rng.choice(EOL_COMMENTS)
	return ""


def short_port(rng, cport):
	"""One short-syntax port as written in the source, quotes included."""
	h = host_port(rng, cport)
	form = rng.choices(
		["dq", "sq", "plain", "container", "container_q", "range",
		 "proto", "interp_default", "interp_plain", "interp_braces",
		 "ipv4_lo", "ipv4_any", "ipv4_plain", "ipv6_lo", "ipv6_any",
		 "ephemeral_ip"],
		weights=[30, 8, 8, 5, 3, 4, 5, 4, 2, 2, 6, 2, 2, 2, 2, 1])[0]
	if form == "dq":
		return '"%d:%d"' % (h, cport)
	if form == "sq":
		return "'%d:%d'" % (h, cport)
	if form == "plain":
		return "%d:%d" % (h, cport)
	if form == "container":
		return "%d" % cport
	if form == "container_q":
		return '"%d"' % cport
	if form == "range":
		n = rng.randrange(1, 11)
		return '"%d-%d:%d-%d"' % (h, h + n, cport, cport + n)
	if form == "proto":
		proto = rng.choice(["udp", "tcp", "sctp"])
		return '"%d:%d/%s"' % (h, cport, proto)
	var = rng.choice(["PORT", "WEB_PORT", "HOST_PORT", "APP_PORT"])
	if form == "interp_default":
		return '"${%s:-%d}:%d"' % (var, h, cport)
	if form == "interp_plain":
		return '"$%s:%d"' % (var, cport)
	if form == "interp_braces":
		return '"${%s}:%d"' % (var, cport)
	if form == "ipv4_lo":
		return '"127.0.0.1:%d:%d"' % (h, cport)
	if form == "ipv4_any":
		return '"0.0.0.0:%d:%d"' % (h, cport)
	if form == "ipv4_plain":
		return "127.0.0.1:%d:%d" % (h, cport)
	if form == "ipv6_lo":
		return '"[::1]:%d:%d"' % (h, cport)
	if form == "ipv6_any":
		return '"[::]:%d:%d"' % (h, cport)
	return '"127.0.0.1::%d"' % cport


def long_block_port(rng, cport, ind):
	"""Long syntax in block style: a list of lines, the first with '- '."""
	h = host_port(rng, cport)
	pub = str(h) if rng.random() < 0.6 else '"%d"' % h
	fields = ["target: %d" % cport, "published: %s" % pub]
	if rng.random() < 0.5:
		fields.append("protocol: %s" % rng.choice(["tcp", "udp"]))
	if rng.random() < 0.3:
		fields.append("mode: host")
	if rng.random() < 0.15:
		fields.insert(0, "host_ip: 127.0.0.1")
	if rng.random() < 0.3:
		rng.shuffle(fields)
	lines = [" " * ind + "- " + fields[0] + eol(rng, 0.1)]
	for f in fields[1:]:
		lines.append(" " * (ind + 2) + f)
	return lines


def long_flow_port(rng, cport):
	"""Long syntax in flow style, e.g. {target: 80, published: 8080}."""
	h = host_port(rng, cport)
	parts = ["target: %d" % cport, "published: %d" % h]
	if rng.random() < 0.3:
		parts.append("protocol: tcp")
	if rng.random() < 0.1:
		parts.append('host_ip: "::1"')
	return "{" + ", ".join(parts) + "}"


def flow_item(rng, cport):
	"""One item of a flow sequence: a short port or a bare number."""
	r = rng.random()
	if r < 0.25:
		return "%d" % cport
	if r < 0.35:
		return long_flow_port(rng, cport)
	return short_port(rng, cport)


def container_ports(rng, ports):
	"""1-3 container ports for a ports list, from the image or random."""
	pool = list(ports) or [rng.choice([8000, 8080, 9000, 5000])]
	k = rng.randrange(1, 4)
	cps = rng.sample(pool, min(k, len(pool)))
	while len(cps) < k:
		cps.append(cps[-1] + 1)
	return cps


def ports_lines(rng, ports, ind):
	"""The `ports:` key and its value at indent ind."""
	cps = container_ports(rng, ports)
	sp = " " * ind
	r = rng.random()
	if r < 0.12:
		items = ", ".join(flow_item(rng, c) for c in cps)
		return [sp + "ports: [" + items + "]" + eol(rng, 0.2)]
	if r < 0.15:
		lines = [sp + "ports: ["]
		for i, c in enumerate(cps):
			comma = "," if i + 1 < len(cps) else ""
			lines.append(sp + "  " + flow_item(rng, c) + comma)
		lines.append(sp + "  ]")
		return lines
	lines = [sp + "ports:" + eol(rng, 0.05)]
	# Items at the key's indent ("ports:\n- x") are valid and common.
	iind = ind + 2 if rng.random() < 0.85 else ind
	for c in cps:
		if rng.random() < 0.08:
			lines.append(" " * iind + rng.choice(OWN_COMMENTS))
		r = rng.random()
		if r < 0.12:
			lines.extend(long_block_port(rng, c, iind))
		elif r < 0.17:
			item = long_flow_port(rng, c)
			lines.append(" " * iind + "- " + item + eol(rng, 0.1))
		else:
			lines.append(" " * iind + "- " + short_port(rng, c) +
				     eol(rng, 0.2))
	return lines


def anchor_block(rng, anchor):
	"""An x- extension holding shared settings with ports, anchored."""
	cps = [rng.choice([80, 8080, 9100, 9000])]
	lines = ["x-%s: &%s" % (anchor, anchor),
		 "  restart: unless-stopped"]
	if rng.random() < 0.5:
		lines += ["  logging:", "    driver: json-file",
			  "    options:", '      max-size: "10m"']
	lines += ports_lines(rng, cps, 2)
	return lines


def service_lines(rng, name, image, ports, anchor):
	"""One service at indent 2, as a list of lines."""
	lines = []
	if rng.random() < 0.15:
		lines.append("  " + rng.choice(OWN_COMMENTS))
	lines.append("  %s:%s" % (name, eol(rng, 0.08)))
	merged = anchor is not None and rng.random() < 0.35
	if merged:
		lines.append("    <<: *%s" % anchor)
	lines.append("    image: %s" % image)
	if rng.random() < 0.3:
		lines.append("    container_name: %s" % name)
	if not merged and rng.random() < 0.5:
		lines.append("    restart: %s" % rng.choice(
			["unless-stopped", "always", '"no"', "on-failure"]))
	if rng.random() < 0.1:
		lines.append("")
	# A merged service often takes its ports from the anchor alone.
	if (not merged or rng.random() < 0.4) and rng.random() < 0.88:
		if rng.random() < 0.1:
			lines.append("    " + rng.choice(OWN_COMMENTS))
		lines += ports_lines(rng, ports, 4)
	if ports and rng.random() < 0.1:
		lines.append("    expose:")
		lines.append('      - "%d"' % rng.choice(ports))
	if rng.random() < 0.7:
		lines.append("    environment:")
		as_list = rng.random() < 0.5
		for key in rng.sample(ENV_KEYS, rng.randrange(1, 5)):
			if as_list:
				val = rng.choice(ENV_VALUES)
				lines.append("      - %s=%s" % (key, val))
			else:
				lines.append("      %s: %s" % (key, rng.choice(
					['"info"', "prod", '"1000"', "UTC"])))
	if rng.random() < 0.45:
		lines.append("    volumes:")
		lines.append("      - ./%s-data:/data%s" %
			     (name, eol(rng, 0.1)))
		if rng.random() < 0.3:
			lines.append("      - /etc/localtime:/etc/localtime:ro")
	if rng.random() < 0.2:
		lines.append("    command: [\"--log-level\", \"info\"]")
	if rng.random() < 0.2:
		lines.append("    networks:")
		lines.append("      - %s" % rng.choice(["backend", "frontend"]))
	if rng.random() < 0.15:
		lines.append("    labels:")
		lines.append('      - "traefik.http.services.%s.loadbalancer'
			     '.server.port=%d"' % (name, (ports or [80])[0]))
	if rng.random() < 0.2:
		lines.append("    healthcheck:")
		lines.append('      test: ["CMD", "curl", "-f", '
			     '"http://localhost:%d/"]' % (ports or [80])[0])
		lines.append("      interval: 30s")
	if rng.random() < 0.25:
		dep = rng.choice(["db", "cache"])
		lines.append("    depends_on: [%s]" % dep)
	return lines


def pick_image(rng):
	return IMAGES[rng.randrange(len(IMAGES))]


def header_lines(rng, anchor):
	lines = []
	if rng.random() < 0.4:
		lines.append("# %s stack%s" % (rng.choice(PROJECTS), rng.choice(
			["", " (generated)", " - local dev", ""])))
	if rng.random() < 0.3:
		lines.append('version: "%s"' % rng.choice(["3", "3.8", "3.9"]))
	if rng.random() < 0.3:
		lines.append("name: %s" % rng.choice(PROJECTS))
	if anchor is not None:
		if lines:
			lines.append("")
		lines += anchor_block(rng, anchor)
	if lines and rng.random() < 0.7:
		lines.append("")
	return lines


def footer_lines(rng, names):
	lines = []
	if rng.random() < 0.2:
		lines += ["", "volumes:", "  %s-data: {}" % names[0]]
	if rng.random() < 0.15:
		lines += ["", "networks:", "  default:",
			  "    name: %s-net" % names[0]]
	return lines


def document_lines(rng, nservices, anchor_p):
	"""A whole compose document: header, services, footer."""
	anchor = "common" if rng.random() < anchor_p else None
	lines = header_lines(rng, anchor)
	lines.append("services:" + eol(rng, 0.05))
	used = set()
	names = []
	for _ in range(nservices):
		base, image, ports = pick_image(rng)
		name = base
		i = 2
		while name in used:
			name = "%s%d" % (base, i)
			i += 1
		used.add(name)
		names.append(name)
		if names[:-1] and rng.random() < 0.6:
			lines.append("")
		lines += service_lines(rng, name, image, ports, anchor)
	lines += footer_lines(rng, names)
	return lines


def small_file(rng):
	"""The text of one small compose file."""
	nservices = rng.randrange(1, 6)
	lines = document_lines(rng, nservices, 0.2)
	if rng.random() < 0.03:
		# An override document after the first one.
		lines = ["---"] + lines + ["---", "# override"]
		lines += document_lines(rng, rng.randrange(1, 3), 0.0)
	text = "\n".join(lines) + "\n"
	if rng.random() < 0.03:
		text = text.replace("\n", "\r\n")
	return text


def big_text(rng, limit_bytes=None, nservices=None):
	"""One services mapping, stopped by size or by service count."""
	out = ["# generated by tests/bench/gen.py", 'name: bench', ""]
	out += anchor_block(rng, "common")
	out += ["", "services:"]
	size = sum(len(s) + 1 for s in out)
	n = 0
	while True:
		if nservices is not None and n >= nservices:
			break
		if limit_bytes is not None and size >= limit_bytes:
			break
		base, image, ports = pick_image(rng)
		name = "s%06d-%s" % (n, base)
		lines = service_lines(rng, name, image, ports, "common")
		if rng.random() < 0.5:
			lines.insert(0, "")
		out += lines
		size += sum(len(s) + 1 for s in lines)
		n += 1
	return "\n".join(out) + "\n", n


def write_bytes(path, text):
	with open(path, "wb") as f:
		f.write(text.encode("utf-8"))


def main(argv):
	p = argparse.ArgumentParser(
		description="Generate compose files for the composefix "
		"benchmark.")
	p.add_argument("out", help="output directory (default mode) or file "
		       "(--big, --flat-services)")
	p.add_argument("--seed", type=int, default=1,
		       help="random seed (default 1)")
	p.add_argument("-n", "--count", type=int, default=2000,
		       help="number of files in directory mode (default 2000)")
	g = p.add_mutually_exclusive_group()
	g.add_argument("--big", type=float, metavar="SIZE_MB",
		       help="write one file of about SIZE_MB * 10^6 bytes")
	g.add_argument("--flat-services", type=int, metavar="N",
		       help="write one file with a services mapping of N "
		       "services")
	p.add_argument("-q", "--quiet", action="store_true",
		       help="print no summary")
	args = p.parse_args(argv)
	rng = random.Random(args.seed)

	if args.big is not None or args.flat_services is not None:
		if args.big is not None:
			if args.big <= 0:
				p.error("--big needs a positive size")
			text, n = big_text(rng, limit_bytes=int(args.big * 1e6))
		else:
			if args.flat_services < 1:
				p.error("--flat-services needs a count > 0")
			text, n = big_text(rng, nservices=args.flat_services)
		write_bytes(args.out, text)
		if not args.quiet:
			print("%s: %d services, %d bytes" %
			      (args.out, n, len(text.encode("utf-8"))))
		return 0

	if args.count < 1:
		p.error("--count needs a positive number")
	os.makedirs(args.out, exist_ok=True)
	width = max(4, len(str(args.count)))
	total = 0
	for i in range(1, args.count + 1):
		text = small_file(rng)
		path = os.path.join(args.out, "compose-%0*d.yml" % (width, i))
		write_bytes(path, text)
		total += len(text.encode("utf-8"))
	if not args.quiet:
		print("%s: %d files, %d bytes, %.0f bytes/file" %
		      (args.out, args.count, total, total / args.count))
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
