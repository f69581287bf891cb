#!/usr/bin/env python3
"""csv_check.py CSV JSON: the CSV that `saksok --csv` printed, read back with
Python's csv module (RFC 4180), against the JSON `saksok --json` printed for the
same search: the same hits in the same order, every JSON hit field a column
with the same value (null an empty field; numbers and booleans as the JSON
writes them). Exit 0, or 1 with what differs."""
import csv
import json
import sys


def as_field(v):
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    return json.dumps(v)


def main():
    raw = open(sys.argv[1], "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        sys.exit("no UTF-8 byte order mark")
    text = raw[3:].decode("utf-8")
    if text and not text.endswith("\r\n"):
        sys.exit("the last line does not end in CRLF")
    rows = list(csv.reader(text.splitlines(keepends=True), strict=True))
    header, rows = rows[0], rows[1:]
    hits = json.load(open(sys.argv[2], encoding="utf-8"))["hits"]
    if len(rows) != len(hits):
        sys.exit(f"{len(rows)} rows, {len(hits)} hits")
    for hit, row in zip(hits, rows):
        if set(hit) != set(header) or len(header) != len(set(header)):
            sys.exit(f"columns {header} are not the JSON hit fields {list(hit)}")
        if len(row) != len(header):
            sys.exit(f"row {hit['rank']}: {len(row)} fields, {len(header)} columns")
        for name, value in zip(header, row):
            want = as_field(hit[name])
            if isinstance(hit[name], float):
                if float(value) != hit[name]:
                    sys.exit(f"row {hit['rank']} {name}: {value!r} != {hit[name]!r}")
            elif value != want:
                sys.exit(f"row {hit['rank']} {name}: {value!r} != {want!r}")
    print(f"{len(rows)} rows of {len(header)} columns match the JSON")


main()
