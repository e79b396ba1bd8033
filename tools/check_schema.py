#!/usr/bin/env python3
"""Validate scenario files against scenarios/schema.json (needs PyYAML and jsonschema from PyPI).

Usage: python3 tools/check_schema.py [FILE.yaml ...]   (default: scenarios/*.yaml)
Exit code 1 if any file does not match. `bonesim check` is the complete check; this one is
what editors see.
"""
import glob, json, sys
import jsonschema, yaml

schema = json.load(open("scenarios/schema.json"))
validator = jsonschema.Draft202012Validator(schema)
files = sys.argv[1:] or sorted(glob.glob("scenarios/*.yaml"))
bad = 0
for f in files:
    errors = list(validator.iter_errors(yaml.safe_load(open(f))))
    for e in errors:
        print(f"{f}: {'.'.join(map(str, e.absolute_path))}: {e.message}")
    bad += bool(errors)
print(f"{len(files) - bad} of {len(files)} files match the schema")
sys.exit(1 if bad else 0)
