# casesys-derive.awk: a meeting model (model.awk) turned into the model of a
# fictive municipal council's meeting, for the case-handling-system layout
# families d and e (scripts/mkcorpus/casesys.sh): the same cases, text and
# proposals, renumbered (first case -> first/YY, in model order) and dated
# anew, the council's names and the persons replaced by the substitutions of
# a notes file, members added.
#
# Used as: awk -v body=NAME -v bodylong=NAME -v date=YYYY-MM-DD -v number=N/YY \
#              -v place=.. -v time=.. -v first=N -f casesys-derive.awk NOTES X.model
#   NOTES  tab-separated: "s<TAB>from<TAB>to" (a substitution made in every
#          field of every row, in the order listed) or "member|absent|deputy|
#          staff<TAB>text" (rows added to the model after its "time" row).
# Only one meeting per model is derived: models with embedded minutes of an
# earlier meeting are refused (their cases would need two numberings).

BEGIN { FS = OFS = "\t"; yy = substr(date, 3, 2) }
FNR == NR {
  if ($0 ~ /^#/) next
  if ($1 == "s") { ns++; sf[ns] = $2; st[ns] = $3 }
  else if ($1 ~ /^(member|absent|deputy|staff)$/) members = members $1 "\t" $2 "\n"
  next
}
/^#/ || $0 == "" { next }
$1 == "meeting" { print "casesys-derive: models with minutes of another meeting are not derived" > "/dev/stderr"; exit 2 }
{ row[++n] = $0; if ($1 == "case" && !($2 in renum)) renum[$2] = (first + ncase++) "/" yy }

function subst(s,    k, o) {
  for (k = 1; k <= ns; k++) s = replace(s, sf[k], st[k], 0)
  for (o in renum) s = replace(s, o, renum[o], 1)   # the meeting's case numbers in the text
  return s
}
# Every occurrence of a in s replaced by b; whole = only where a is not
# part of a longer number ("30/20" in "130/20" or "30/2021").
function replace(s, a, b, whole,    out, o, pre, post) {
  out = ""
  while ((o = index(s, a)) > 0) {
    pre = substr(s, o - 1, 1); post = substr(s, o + length(a), 1)
    if (whole && (pre ~ /[0-9\/]/ || post ~ /[0-9\/]/)) { out = out substr(s, 1, o + length(a) - 1) }
    else out = out substr(s, 1, o - 1) b
    s = substr(s, o + length(a))
  }
  return out s
}

END {
  if (ncase == 0) exit 2
  print "# derived by scripts/mkcorpus/casesys-derive.awk: " bodylong ", " date
  for (i = 1; i <= n; i++) {
    split(row[i], f, "\t")
    if (f[1] == "body") { print "body", body; continue }
    if (f[1] == "bodylong") { print "bodylong", bodylong; continue }
    if (f[1] == "date") { print "date", date; continue }
    if (f[1] == "number") { print "number", number; continue }
    if (f[1] == "place") { print "place", place; continue }
    if (f[1] == "time") { print "time", time; printf "%s", members; continue }
    if (f[1] == "case") { print "case", renum[f[2]], f[3], date; continue }
    if (f[1] == "mention" && (f[2] in renum)) { print "mention", renum[f[2]], body, date; continue }
    print subst(row[i])
  }
}
