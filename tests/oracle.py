#!/usr/bin/env python3
"""Docker's own port parser as the judge of composefix.

oracle.py PORTORACLE COMPOSEFIX GOLDEN_DIR CORPUS_DIR TRICKY_DIR

PORTORACLE (tests/oracle/portoracle.go) reads every port entry of a compose
file the way Docker Compose does: go-yaml v3 types it (the library
compose-go uses), Compose's rules interpolate it, and go-connections'
nat.ParsePortSpec parses it. For every golden input, every file of the
real corpus and the table of tricky entries (TRICKY_DIR), composefix runs
in report mode (--format json --verbose) and with --stdout, and the oracle
reads the old and the new file. Then, entry by entry:

- an entry composefix fixed parses, and its mappings are the old ones with
  an empty host IP (or, under --fix-explicit, a wildcard) replaced by the
  bind address; an entry it did not fix reads exactly as before;
- an entry composefix leaves unreported is bound: every mapping has a
  specific host IP;
- an entry composefix calls unbound or container-only publishes on every
  interface, an explicit wildcard on 0.0.0.0 or ::;
- an entry composefix calls invalid is rejected by Docker.

Debian ships go-connections v0.4.0; current docker compose links v0.7,
and composefix follows v0.7. Where the two disagree (DRIFTS below, also in
the README) a disagreement with v0.4 is counted as documented drift, not a
failure. Prints "ok"/"not ok" lines and "oracle: N passed, M failed".
Without the corpus or the Go toolchain the test skips (exit 77), and fails
when CI=true.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Where nat v0.4 (Debian) and v0.7 (docker compose today) disagree. Each:
# a name, a test on the interpolated entry's parts, and what v0.7 does.
DRIFTS = [
    ("plus-sign", "a port number with a leading '+' (\"+80:+80\")",
     "v0.7 accepts it (strconv.ParseInt), v0.4 rejects it (ParseUint)"),
    ("bare-ipv6", "a bare IPv6 host address (\"::1:6000:6000\")",
     "v0.7 accepts it, v0.4 rejects it (SplitHostPort on every address)"),
    ("proto-slash", "a second '/' after the protocol (\"80:80/udp/x\")",
     "v0.7 rejects it, v0.4 reads \"udp\" and drops the rest"),
    ("range-dash", "a second '-' in a port range (\"8000-8010-9999\")",
     "v0.7 rejects it, v0.4 reads \"8000-8010\" and drops the rest"),
]


def nat_parts(s):
    """The parts nat's splitParts and SplitProtoPort make of s."""
    parts = s.split(":")
    container = parts[-1]
    host = parts[-2] if len(parts) >= 2 else ""
    ip = ":".join(parts[:-2]) if len(parts) >= 3 else ""
    port, _, proto = container.partition("/")
    return ip, host, port, proto


def drifts_of(s):
    """The names of the DRIFTS that apply to an interpolated entry."""
    ip, host, port, proto = nat_parts(s)
    found = []
    if "+" in host or "+" in port:
        found.append("plus-sign")
    if ip and not ip.startswith("[") and ":" in ip:
        found.append("bare-ipv6")
    if "/" in proto:
        found.append("proto-slash")
    if host.count("-") > 1 or port.count("-") > 1:
        found.append("range-dash")
    return found


def unspecified(ip):
    ip = ip.strip("[]")
    if ip in ("0.0.0.0", "::ffff:0.0.0.0"):
        return True
    if ":" in ip:
        try:
            import ipaddress
            return ipaddress.ip_address(ip).is_unspecified
        except ValueError:
            return False
    return False


def bound(reading):
    return not reading.get("err") and reading.get("mappings") and all(
        m["ip"] and not unspecified(m["ip"]) for m in reading["mappings"])


def public(reading, wildcard):
    """Valid, and some mapping on every interface: no address, or (for an
    explicit wildcard) the unspecified one or an address a variable left
    empty ("${IP:-}")."""
    if reading.get("err") or not reading.get("mappings"):
        return False
    return any(m["ip"] == "" or (wildcard and unspecified(m["ip"]))
               for m in reading["mappings"])


def unknown(reading):
    """An entry with a variable the oracle has no value for: Compose would
    read it with the shell's environment, which nobody here knows."""
    return reading["type"] == "string" and reading.get("unset")


def expected_after(reading, bind, fix_explicit):
    out = []
    for m in reading["mappings"]:
        m = dict(m)
        if m["ip"] == "" or (fix_explicit and unspecified(m["ip"])):
            m["ip"] = bind
        out.append(m)
    return out


def run(cmd, cwd=None):
    return subprocess.run(cmd, capture_output=True, cwd=cwd)


class Oracle:
    def __init__(self, portoracle, composefix):
        self.portoracle = portoracle
        self.composefix = composefix
        self.failures = []
        self.entries = 0
        self.files = 0
        self.drifts = {}
        self.kinds = {}
        self.unknowns = 0

    def fail(self, where, msg):
        self.failures.append("%s: %s" % (where, msg))

    def check_file(self, path, args, env_file, label):
        """Runs composefix and the oracle on path (in its directory)."""
        d = os.path.dirname(os.path.abspath(path)) or "."
        name = os.path.basename(path)
        rep = run([self.composefix, "--format", "json", "--verbose"] + args +
                  [name], cwd=d)
        if rep.returncode not in (0, 1, 2):
            self.fail(label, "composefix exited %d" % rep.returncode)
            return
        try:
            report = json.loads(rep.stdout)
        except ValueError:
            self.fail(label, "composefix printed no JSON")
            return
        # a swarm warning sits beside an entry's own finding (or on a
        # bound entry): it says nothing of how the entry reads
        findings = [f for fl in report["files"] for f in fl["findings"]
                    if f["kind"] != "swarm"]
        # a file composefix refuses is not judged entry by entry: what it
        # says about the entries is not a verdict on them
        refused = any(fl["errors"] for fl in report["files"])
        new_path = None
        tmp = None
        if not refused:
            out = run([self.composefix, "--stdout"] + args + [name], cwd=d)
            if out.returncode not in (0, 1):
                self.fail(label, "--stdout exited %d: %s" % (
                    out.returncode, out.stderr.decode(errors="replace")))
                return
            tmp = tempfile.NamedTemporaryFile(suffix=".yml", delete=False)
            tmp.write(out.stdout)
            tmp.close()
            new_path = tmp.name
        cmd = [self.portoracle]
        if env_file:
            cmd += ["-env", env_file]
        cmd.append(path)
        if new_path:
            cmd.append(new_path)
        r = run(cmd)
        if tmp:
            os.unlink(tmp.name)
        if r.returncode != 0:
            # go-yaml refuses the file: Compose could not read it either;
            # composefix must then have refused it or found nothing to fix
            if findings and any(f["level"] == "error" for f in findings):
                self.fail(label, "go-yaml cannot read it, composefix "
                          "fixes it: %s" % r.stderr.decode(errors="replace")
                          .strip())
            return
        self.files += 1
        entries = [json.loads(x) for x in r.stdout.splitlines()]
        self.judge(label, entries, findings, args, refused)

    def judge(self, label, entries, findings, args, refused):
        bind = "127.0.0.1"
        for i, a in enumerate(args):
            if a == "--bind" and i + 1 < len(args):
                bind = args[i + 1]
        fix_explicit = "--fix-explicit" in args
        # every place an entry may be reported: its own, and the merge
        # sources a long-syntax entry is built from
        places = {}
        seen = set()
        uniq = []
        for e in entries:
            key = (e["line"], e["col"])
            if key in seen:
                continue  # one entry reached by several services
            seen.add(key)
            uniq.append(e)
            for p in [key] + [tuple(m) for m in e.get("merged") or []]:
                places.setdefault(p, []).append(e)
        by_line = {}
        for p in places:
            by_line.setdefault(p[0], []).append(p)
        matched = {}
        for f in findings:
            line = by_line.get(f["line"], [])
            if not line:
                continue  # a finding on no entry (a duplicate key, ...)
            # go-yaml places a node at its tag or anchor, composefix at
            # its value; an empty value has no place of its own
            before = [p for p in line if p[1] <= f["column"]]
            p = max(before) if before else min(line)
            for e in places[p]:
                matched[(e["line"], e["col"])] = f
        for e in uniq:
            key = (e["line"], e["col"])
            self.entries += 1
            self.judge_entry("%s:%d:%d" % ((label,) + key), e,
                             matched.get(key), bind, fix_explicit, refused)

    def judge_entry(self, where, e, f, bind, fix_explicit, refused):
        old, new = e["old"], e.get("new")
        kind = f["kind"] if f else "bound"
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        text = old.get("expanded", old["text"])
        drift = drifts_of(text) if old["type"] == "string" else []
        fixed = f is not None and f.get("replacement") is not None and \
            f["level"] == "error"

        def disagree(msg):
            if unknown(old):
                self.unknowns += 1
                return
            if drift:
                for d in drift:
                    self.drifts.setdefault(d, set()).add(where)
                return
            self.fail(where, "%s (%r read as %s)" % (
                msg, old["text"], old.get("err") or old.get("mappings")))

        if kind == "bound":
            if refused:
                pass
            elif not bound(old):
                disagree("unreported, but Docker does not read it as bound")
        elif kind == "invalid":
            if not old.get("err"):
                disagree("called invalid, but Docker accepts it")
        elif kind in ("unbound", "container-only"):
            if not public(old, False):
                disagree("called %s, but Docker does not publish it on "
                         "every interface" % kind)
        elif kind == "explicit-wildcard":
            if not public(old, True):
                disagree("called an explicit wildcard, but Docker does "
                         "not read it so")
        if new is None or refused:
            return
        if not fixed:
            if new["text"] != old["text"] or new["type"] != old["type"]:
                self.fail(where, "changed without a fix: %r -> %r" % (
                    old["text"], new["text"]))
            return
        if unknown(old) or unknown(new):
            self.unknowns += 1
            return
        if old.get("err") or new.get("err"):
            if drift:
                for d in drift:
                    self.drifts.setdefault(d, set()).add(where)
            elif new.get("err"):
                self.fail(where, "the fix %r does not parse: %s" % (
                    new["text"], new["err"]))
            else:
                self.fail(where, "fixed %r, which Docker rejects: %s" % (
                    old["text"], old["err"]))
            return
        want = expected_after(old, bind, fix_explicit)
        key = lambda m: (m["port"], m["host"], m["ip"])
        if sorted(new["mappings"], key=key) != sorted(want, key=key):
            self.fail(where, "the fix %r maps %s, expected %s" % (
                new["text"], new["mappings"], want))


def case_args(case):
    p = os.path.join(case, "args")
    return open(p).read().split() if os.path.exists(p) else []


def env_for(path, args):
    for i, a in enumerate(args):
        if a == "--env-file" and i + 1 < len(args):
            return os.path.join(os.path.dirname(path), args[i + 1])
    p = os.path.join(os.path.dirname(path), ".env")
    return p if os.path.exists(p) else None


def compose_files(root):
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for n in sorted(files):
            if n.endswith((".yml", ".yaml")):
                yield os.path.join(d, n)


def main():
    if len(sys.argv) != 6:
        print("usage: oracle.py PORTORACLE COMPOSEFIX GOLDEN CORPUS TRICKY",
              file=sys.stderr)
        return 2
    portoracle, composefix, golden, corpus, tricky = [
        os.path.abspath(a) for a in sys.argv[1:]]
    ci = os.environ.get("CI") == "true"
    if not os.path.isfile(portoracle):
        msg = "the Go oracle was not built (golang-go and " \
              "golang-github-docker-go-connections-dev, golang-gopkg-yaml" \
              ".v3-dev are needed)"
        print(("not ok - " if ci else "# SKIP ") + msg)
        return 1 if ci else 77
    o = Oracle(portoracle, composefix)
    for name in sorted(os.listdir(golden)):
        case = os.path.join(golden, name)
        path = os.path.join(case, "input.yml")
        args = case_args(case)
        if not os.path.isfile(path) or args.count("--bind") > 1:
            continue  # dual-stack copies change the number of entries
        o.check_file(path, args, env_for(path, args), "golden/" + name)
    for path in compose_files(tricky):
        o.check_file(path, [], env_for(path, []), os.path.relpath(
            path, os.path.dirname(tricky)))
    if os.path.isdir(corpus):
        for path in compose_files(corpus):
            o.check_file(path, [], env_for(path, []),
                         os.path.relpath(path, corpus))
    elif ci:
        o.fail(corpus, "the real corpus is missing (CI=true)")
    else:
        print("# the real corpus %s is absent: not checked" % corpus)
    print("# %d files, %d entries; composefix kinds: %s" % (
        o.files, o.entries, ", ".join("%s %d" % kv for kv in
                                      sorted(o.kinds.items()))))
    print("# %d entries not judged: a variable without a value here" %
          o.unknowns)
    for name, what, how in DRIFTS:
        where = sorted(o.drifts.get(name, ()))
        print("# drift %s (%s: %s): %d entries%s" % (
            name, what, how, len(where),
            (", e.g. " + where[0]) if where else ""))
    for msg in o.failures:
        print("not ok - " + msg)
    passed = o.entries - len(o.failures)
    print("oracle: %d passed, %d failed" % (max(passed, 0),
                                             len(o.failures)))
    return 1 if o.failures else 0


if __name__ == "__main__":
    sys.exit(main())
