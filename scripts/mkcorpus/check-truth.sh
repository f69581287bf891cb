#!/usr/bin/env bash
# Cross-check the truth of layout family a against the hand-checked case list
# tests/e2e/cases.tsv: every case listed there must stand in the truth of its
# file with the same council, role, meeting date, first page and last page.
# Also checks that each truth file has one P row per page and well-formed
# C and D rows.  Exit status 1 on any difference (each one printed).
#
# Usage: scripts/mkcorpus/check-truth.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
A=$ROOT/tests/data/layouts/a
export LC_ALL=C.UTF-8

awk -F'\t' '
  FNR == 1 { src++ }
  /^#/ || NF == 0 { next }
  src <= 2 {   # truth files
    if ($1 == "P") { if (NF != 5) bad("P row with " NF " fields: " $0); pages[$2]++ }
    else if ($1 == "C") {
      if (NF != 8 || $7 !~ /^(start|cont)$/ || $6 !~ /^(case|minutes|agenda|mention)$/) bad("bad C row: " $0)
      k = $2 SUBSEP $4 SUBSEP $5 SUBSEP $6
      if (!(k in first) || $3 + 0 < first[k]) first[k] = $3 + 0
      if (!(k in last) || $3 + 0 > last[k]) last[k] = $3 + 0
      date[k] = date[k] (date[k] ~ ("(^| )" $8 "( |$)") ? "" : (date[k] == "" ? "" : " ") $8)
    } else if ($1 == "D") { if (NF != 7) bad("D row with " NF " fields: " $0) }
    else bad("unknown row: " $0)
    next
  }
  {            # cases.tsv: body case role date title file from to
    k = $6 SUBSEP $1 SUBSEP $2 SUBSEP $3
    n++
    if (!(k in first)) { bad("missing: " $1 " " $2 " " $3 " in " $6); next }
    if (date[k] != $4) bad($1 " " $2 ": meeting date " date[k] " in the truth, " $4 " in cases.tsv")
    if (first[k] != $7 + 0) bad($1 " " $2 ": first page " first[k] " in the truth, " $7 " in cases.tsv")
    if (last[k] != $8 + 0) bad($1 " " $2 ": last page " last[k] " in the truth, " $8 " in cases.tsv")
  }
  function bad(m) { print "check-truth: " m; errs++ }
  END {
    print "check-truth: " n " cases of tests/e2e/cases.tsv checked, " errs + 0 " differences"
    exit errs > 0
  }
' "$A/truth-pdf.tsv" "$A/truth-html.tsv" "$ROOT/tests/e2e/cases.tsv"

# one P row per PDF page, pages 1..N in order
for f in $(awk -F'\t' '$1 == "P" && $3 != 0 { print $2 }' "$A/truth-pdf.tsv" | sort -u); do
  n=$(pdfinfo "$ROOT/corpus/$f" | awk '/^Pages:/ { print $2 }')
  got=$(awk -F'\t' -v f="$f" '$1 == "P" && $2 == f { printf "%s ", $3 }' "$A/truth-pdf.tsv")
  want=$(seq -s ' ' 1 "$n")' '
  [ "$got" = "$want" ] || { echo "check-truth: $f: P rows for pages $got, the PDF has $n pages"; exit 1; }
done
echo "check-truth: one P row per page in every PDF"
