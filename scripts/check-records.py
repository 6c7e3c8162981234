#!/usr/bin/env python3
"""Checks JSON Lines records written by `unspun analyze --format jsonl`.

For every record: it validates against docs/unspun.schema.json (needs the
`jsonschema` package), and checks that sentences lie inside the text and
their paragraph, are sorted, do not overlap, are trimmed, and that only white
space or invisible format characters (zero-width space, byte-order mark) lie
between them. Prints counts of records, error records and each problem.

    unspun analyze DIR --format jsonl -o out.jsonl
    python3 scripts/check-records.py out.jsonl
"""
import json
import sys
import unicodedata
from pathlib import Path

import jsonschema


def blank(s):
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in s)


def main(path):
    schema = json.loads((Path(__file__).parent.parent / "docs" / "unspun.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    records = errors = 0
    problems = {}

    def problem(kind):
        problems[kind] = problems.get(kind, 0) + 1

    for line in open(path, encoding="utf-8"):
        record = json.loads(line)
        records += 1
        for e in validator.iter_errors(record):
            problem("schema: " + e.message[:100])
        if "error" in record:
            errors += 1
            continue
        text = record["document"]["text"]
        paragraphs = record["paragraphs"]
        previous = 0
        for s in record["sentences"]:
            start, end = s["start"], s["end"]
            if not 0 <= start < end <= len(text):
                problem("sentence out of range")
                continue
            if start < previous:
                problem("sentences overlap or are unsorted")
            if not blank(text[previous:start]):
                problem("text between sentences")
            para = paragraphs[s["paragraph"]]
            if not (para["start"] <= start and end <= para["end"]):
                problem("sentence outside its paragraph")
            if blank(text[start]) or blank(text[end - 1]):
                problem("sentence not trimmed")
            previous = end
        if not blank(text[previous:]):
            problem("text after the last sentence")
        if not record["sentences"]:
            problem("no sentences")
    print(f"{records} records, {errors} error records")
    print("problems:", problems or "none")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
