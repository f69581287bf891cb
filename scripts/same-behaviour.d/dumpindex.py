#!/usr/bin/python3
"""Print a Xapian database as text, in an order that does not depend on docids,
so that two indexes of the same papers can be compared with diff.

Usage: dumpindex.py DB

Each document is printed as its data, values and terms (with wdf and positions),
and the documents are sorted by that text. Metadata keys follow. What differs from
one run to the next by nature is masked: "added" stamps (16 digits), run times and
durations in the metadata; and the registry's content hash of each file, whose
algorithm changed once (FNV-1a, then "xxh64:"; what it is for, telling a touched
file from a changed one, is tested by test_nightly). Used by scripts/same-behaviour.
"""
import re
import sys

import xapian

STAMP = re.compile(rb"(?<![0-9.])[0-9]{16}(?![0-9])")
CONTENT_HASH = re.compile(rb"^([0-9]+ [0-9]+ [a-z]+) (xxh64:)?[0-9a-f]{16}\t")
SLOT_NEWEST = 10  # terms.h: a key that starts with the inverse of the added stamp


def mask(b):
    return STAMP.sub(b"<stamp>", b)


def show(b):
    return repr(mask(b))[2:-1]


def doc_text(doc):
    lines = ["data " + show(doc.get_data())]
    for v in doc.values():
        value = v.value
        if v.num == SLOT_NEWEST:
            value = re.sub(rb"^[0-9]{16}", b"<stamp>", value)
        lines.append("value %d %s" % (v.num, show(value)))
    for t in doc.termlist():
        try:
            pos = " ".join(str(p) for p in t.positer)
        except xapian.Error:
            pos = ""
        lines.append("term %s wdf=%d pos=%s" % (show(t.term), t.wdf, pos))
    return "\n".join(lines)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    db = xapian.Database(sys.argv[1])
    docs = []
    for p in db.postlist(""):
        docs.append(doc_text(db.get_document(p.docid)))
    docs.sort()
    print("doccount %d" % db.get_doccount())
    for d in docs:
        print("--- document")
        print(d)
    print("--- metadata")
    for key in db.metadata_keys():
        value = db.get_metadata(key)
        # Run records hold clock times and durations: keep their shape only.
        if key.startswith(b"file:"):
            value = CONTENT_HASH.sub(rb"\1 <content hash>\t", value)
        value = re.sub(rb"[0-9]+(\.[0-9]+)?", b"N", value) if b"run" in key else mask(value)
        print("meta %s %s" % (show(key), show(value)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
