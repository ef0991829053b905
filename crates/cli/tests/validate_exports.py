"""Validates leakwatch's exports with the real validators.

    validate_exports.py SCHEMA VERIS_JSONL STIX_JSON

Every line of VERIS_JSONL against the VERIS schema SCHEMA (jsonschema, with the
draft the schema declares), and the bundle STIX_JSON with stix2-validator
(STIX 2.1, every check on, custom content allowed only through extension
definitions). Prints every error and warning, then one line per format, and
exits 1 when anything is invalid. Run by crates/cli/tests/export.rs with
.ci/venv/bin/python (.ci/setup installs both validators there).
"""

import json
import sys

import jsonschema
from stix2validator import ValidationOptions, validate_file


def veris(schema_path, records_path):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    records = errors = 0
    with open(records_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            records += 1
            record = json.loads(line)
            for e in sorted(validator.iter_errors(record), key=lambda e: list(e.path)):
                errors += 1
                where = "/".join(str(p) for p in e.path) or "(record)"
                print(f"veris line {n}: {where}: {e.message}")
    print(f"veris: {records} record(s), {errors} error(s) ({cls.__name__})")
    return errors == 0 and records > 0


def stix(bundle_path):
    # Every reference must resolve inside the bundle; warnings are reported, not fatal.
    options = ValidationOptions(version="2.1", strict=False, enforce_refs=True)
    result = validate_file(bundle_path, options)
    errors = warnings = 0
    for obj in result.object_results or []:
        for e in obj.errors or []:
            errors += 1
            print(f"stix error {obj.object_id}: {e}")
        for w in obj.warnings or []:
            warnings += 1
            print(f"stix warning {obj.object_id}: {w}")
    if result.fatal:
        errors += 1
        print(f"stix fatal: {result.fatal}")
    print(f"stix: valid={result.is_valid}, {errors} error(s), {warnings} warning(s)")
    return result.is_valid and errors == 0


def main():
    schema_path, records_path, bundle_path = sys.argv[1:4]
    ok = veris(schema_path, records_path)
    ok = stix(bundle_path) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
