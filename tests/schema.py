#!/usr/bin/env python3
"""Golden outputs against the Compose Specification: schema.py CASES SCHEMA

For every case under CASES whose input.yml validates against the Compose
Specification's JSON schema (SCHEMA, draft 7), expected.yml must validate
too: a fix never turns a valid compose file into an invalid one. Every
mapping document of a file is validated (documents that are not mappings
are not compose files and are passed over). Cases whose input does not
parse or does not validate are skipped and counted. Compose's !reset and
!override tags are read as the node they tag.

Prints "not ok - case: why" for each failure and a closing
"schema: N passed, M failed, K skipped"; exits 1 on any failure (or when no
case was checked), 77 when SCHEMA is absent (1 with CI=true).
"""

import json
import os
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    """safe_load, plus the tags Compose defines for merging files."""


def _tagged(loader, node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    # A scalar typed as it would be untagged ("!reset null": None).
    plain = node.style is None
    tag = loader.resolve(yaml.ScalarNode, node.value, (plain, not plain))
    return loader.construct_object(
        yaml.ScalarNode(tag, node.value, node.start_mark, node.end_mark,
                        node.style))


for _tag in ('!reset', '!override'):
    Loader.add_constructor(_tag, _tagged)


def documents(path):
    """The mapping documents of path; raises on unreadable or invalid YAML."""
    with open(path, 'rb') as f:
        data = f.read()
    return [d for d in yaml.load_all(data, Loader=Loader)
            if isinstance(d, dict)]


def problems(validator, docs):
    """Schema errors of docs, as short strings; empty when valid."""
    out = []
    for i, doc in enumerate(docs):
        try:
            errors = sorted(validator.iter_errors(doc), key=str)
        except (TypeError, ValueError) as e:
            # e.g. a key YAML 1.1 reads as a boolean ("on:")
            out.append(f'document {i + 1}: cannot validate: {e}')
            continue
        for e in errors:
            where = '.'.join(str(p) for p in e.absolute_path) or '(top)'
            out.append(f'document {i + 1}: {where}: {e.message}')
    return out


def main(argv):
    if len(argv) != 3:
        print('usage: schema.py CASES_DIR SCHEMA', file=sys.stderr)
        return 2
    cases, schema_path = argv[1], argv[2]
    if not os.path.isfile(schema_path):
        if os.environ.get('CI') == 'true':
            print(f'schema.py: no schema at {schema_path} (needed in CI)',
                  file=sys.stderr)
            return 1
        print(f'schema.py: no schema at {schema_path}; skipped')
        return 77
    if not os.path.isdir(cases):
        print(f"schema.py: no such directory '{cases}'", file=sys.stderr)
        return 2
    with open(schema_path, encoding='utf-8') as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)

    passed = failed = skipped = 0
    for name in sorted(os.listdir(cases)):
        case = os.path.join(cases, name)
        inp = os.path.join(case, 'input.yml')
        if not os.path.isfile(inp):
            continue
        try:
            docs = documents(inp)
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
            skipped += 1
            continue
        if not docs or problems(validator, docs):
            skipped += 1
            continue
        exp = os.path.join(case, 'expected.yml')
        try:
            why = problems(validator, documents(exp))
        except (OSError, yaml.YAMLError, UnicodeDecodeError) as e:
            why = [f'cannot load expected.yml: {e}']
        if why:
            failed += 1
            print(f'not ok - {name}: input.yml validates, expected.yml does '
                  'not:')
            for w in why:
                print(f'#   {w}')
        else:
            passed += 1
    print(f'schema: {passed} passed, {failed} failed, {skipped} skipped')
    if passed + failed == 0:
        print('schema.py: no case was checked', file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
