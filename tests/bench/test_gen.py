#!/usr/bin/env python3
"""Checks of tests/bench/gen.py: valid YAML, counts, sizes, the port forms
it promises, and byte-for-byte reproducibility for a seed.

usage: python3 tests/bench/test_gen.py [-v]
Needs python3-yaml (PyYAML); fy-tool (libfyaml-utils), when installed, also
parses every small file with libfyaml, the parser composefix uses.
"""

import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "gen.py")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Each form gen.py promises, as it appears in the source (CRLF removed).
FORMS = {
	"short double-quoted": r'- "\d+:\d+"',
	"short single-quoted": r"- '\d+:\d+'",
	"short plain": r"- \d+:\d+\s*(#|$)",
	"container only": r'- "?\d+"?\s*(#|$)',
	"range": r'"\d+-\d+:\d+-\d+"',
	"protocol": r':\d+/(udp|tcp|sctp)"',
	"interpolation with default": r'"\$\{\w+:-\d+\}:\d+"',
	"interpolation plain": r'"\$\w+:\d+"',
	"bound IPv4": r'"127\.0\.0\.1:\d+:\d+"',
	"bound IPv6": r'"\[::1\]:\d+:\d+"',
	"long syntax block": r"^\s*- target: \d+\n\s+published:|"
			     r"^\s*- published: \S+\n\s+target:",
	"long syntax flow": r"- \{target: \d+, published: \d+",
	"anchor with ports": r"^x-common: &common\n(.*\n)*?  ports:",
	"merge key": r"<<: \*common",
	"flow sequence of ports": r'ports: \[("|\d)',
	"own-line comment": r"^\s*# ",
	"end-of-line comment": r"\S  # ",
	"blank line": r"\n\n",
}


# A service whose block holds "<<: *common" (%s: the service name).
MERGED = r"^  %s:.*\n(    .*\n)*?    <<: \*common"


def gen(*args):
	subprocess.run([sys.executable, GEN, "-q"] + list(args), check=True)


def service_names(data):
	"""The keys of the first document's services mapping, from the text."""
	names = []
	inside = False
	for line in data.decode("utf-8").replace("\r\n", "\n").split("\n"):
		if line == "---" and names:
			break
		if re.match(r"services:", line):
			inside = True
		elif re.match(r"[^\s#]", line):
			inside = False
		elif inside:
			m = re.match(r"  ([\w-]+):", line)
			if m:
				names.append(m.group(1))
	return names


def tree_digest(path):
	h = hashlib.sha256()
	for p in sorted(glob.glob(os.path.join(path, "*"))):
		h.update(os.path.basename(p).encode())
		with open(p, "rb") as f:
			h.update(f.read())
	return h.hexdigest()


class SmallFiles(unittest.TestCase):
	@classmethod
	def setUpClass(cls):
		cls.tmp = tempfile.mkdtemp(prefix="gen-test.")
		cls.dir = os.path.join(cls.tmp, "a")
		gen(cls.dir)
		cls.paths = sorted(glob.glob(os.path.join(cls.dir, "*.yml")))
		cls.data = {}
		for p in cls.paths:
			with open(p, "rb") as f:
				cls.data[p] = f.read()

	@classmethod
	def tearDownClass(cls):
		shutil.rmtree(cls.tmp)

	def test_count_and_names(self):
		self.assertEqual(len(os.listdir(self.dir)), 2000)
		self.assertEqual(len(self.paths), 2000)
		self.assertEqual(os.path.basename(self.paths[0]),
				 "compose-0001.yml")

	def test_sizes(self):
		total = sum(len(b) for b in self.data.values())
		# About 0.85 KB a file, 1.7 MB for 2,000.
		self.assertGreater(total, 1.6e6)
		self.assertLess(total, 1.8e6)
		self.assertGreater(min(len(b) for b in self.data.values()), 50)

	def test_valid_yaml_with_1_to_5_services(self):
		multi = 0
		per_count = {}
		for p, b in self.data.items():
			docs = list(yaml.load_all(b, Loader=LOADER))
			self.assertTrue(docs, p)
			if len(docs) > 1:
				multi += 1
			n = len(docs[0]["services"])
			self.assertTrue(1 <= n <= 5, p)
			per_count[n] = per_count.get(n, 0) + 1
			# PyYAML keeps the last of duplicate keys silently:
			# count the service lines to catch duplicates.
			names = service_names(b)
			self.assertEqual(len(names), n, p)
		self.assertEqual(sorted(per_count), [1, 2, 3, 4, 5])
		# Multiple documents now and then, not always.
		self.assertTrue(10 <= multi <= 200, multi)

	def test_crlf_in_a_few_files(self):
		crlf = [p for p, b in self.data.items() if b"\r\n" in b]
		self.assertTrue(10 <= len(crlf) <= 200, len(crlf))
		for p in crlf:
			# All line ends of such a file are CRLF.
			lf_only = self.data[p].replace(b"\r\n", b"")
			self.assertNotIn(b"\n", lf_only)

	def test_every_form_is_there(self):
		texts = [b.decode("utf-8").replace("\r\n", "\n")
			 for b in self.data.values()]
		for name, pat in FORMS.items():
			rx = re.compile(pat, re.M)
			n = sum(1 for t in texts if rx.search(t))
			self.assertGreaterEqual(n, 20, "%s in only %d files" %
						(name, n))

	def test_merged_ports_resolve(self):
		# A service with <<: *common and no ports of its own gets the
		# anchor's ports: the merge carries published ports.
		found = 0
		for b in self.data.values():
			doc = next(yaml.load_all(b, Loader=LOADER))
			common = doc.get("x-common") or {}
			if "ports" not in common:
				continue
			text = b.decode("utf-8")
			for name, svc in doc["services"].items():
				if ("ports" in svc and
				    svc["ports"] == doc["x-common"]["ports"] and
				    re.search(MERGED % re.escape(name), text,
					      re.M)):
					found += 1
		self.assertGreater(found, 10)

	def test_same_seed_same_bytes(self):
		again = os.path.join(self.tmp, "b")
		gen(again)
		self.assertEqual(tree_digest(self.dir), tree_digest(again))

	def test_other_seed_other_bytes(self):
		other = os.path.join(self.tmp, "c")
		gen("--seed", "2", "--count", "50", other)
		first = os.path.join(self.dir, "compose-0001.yml")
		with open(os.path.join(other, "compose-0001.yml"), "rb") as f:
			self.assertNotEqual(f.read(), self.data[first])

	@unittest.skipUnless(shutil.which("fy-tool"), "fy-tool not installed")
	def test_libfyaml_parses_all(self):
		bad = []
		for p in self.paths:
			r = subprocess.run(["fy-tool", "--dump", p],
					   stdout=subprocess.DEVNULL,
					   stderr=subprocess.DEVNULL)
			if r.returncode != 0:
				bad.append(p)
		self.assertEqual(bad, [])


class OneFile(unittest.TestCase):
	@classmethod
	def setUpClass(cls):
		cls.tmp = tempfile.mkdtemp(prefix="gen-test.")

	@classmethod
	def tearDownClass(cls):
		shutil.rmtree(cls.tmp)

	def load(self, path):
		with open(path, "rb") as f:
			b = f.read()
		return b, yaml.load(b, Loader=LOADER)

	def test_big_size_and_services(self):
		p = os.path.join(self.tmp, "big.yml")
		gen("--big", "1", p)
		b, doc = self.load(p)
		self.assertTrue(0.98e6 <= len(b) <= 1.02e6, len(b))
		names = re.findall(rb"^  (s\d{6}-[\w-]+):", b, re.M)
		self.assertGreater(len(names), 2000)
		self.assertEqual(len(doc["services"]), len(names))
		self.assertIn(b"<<: *common", b)
		gen("--big", "1", p + ".2")
		with open(p + ".2", "rb") as f:
			self.assertEqual(f.read(), b)

	def test_flat_services_exact_count(self):
		p = os.path.join(self.tmp, "flat.yml")
		gen("--flat-services", "500", p)
		b, doc = self.load(p)
		self.assertEqual(len(doc["services"]), 500)
		self.assertIn(b"- target:", b)

	def test_bad_arguments(self):
		r = subprocess.run([sys.executable, GEN, "--big", "0",
				    os.path.join(self.tmp, "x.yml")],
				   stderr=subprocess.DEVNULL)
		self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
	unittest.main()
