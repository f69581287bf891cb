# case.awk: print the text of one case from a source text as HTML body
# markup (for the per-case web pages).
#
# Variables (-v): skiphead (number of non-blank lines to leave out at the
# start: the case number and title, which the page shows as its heading),
# from, to (regular expressions: the case starts at the first
# line matching FROM and ends before the next line matching TO after it).
# Paragraphs are separated by blank lines; wrapped lines are joined again
# ("e-" + "helse" without a space); "- x" and "• x" lines are list items;
# lines with TABs are table rows; "Forslag til vedtak" / "Vedtak" are
# headings.  Dropped: the "Direktoratet for / e-helse" word mark, the memo
# form (Til / Dato / Saksnummer / Type / Fra / Saksbehandler), bare URL
# lines, inline **bold** markers and <ul ...> fragments.

function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
function clean(s) { gsub(/<ul[^>]*> ?/, "", s); gsub(/\*\*/, "", s); return s }

function flush() {
  if (para != "") { print "<p>" esc(para) "</p>"; para = "" }
}
function end_item() { if (item != "") { print "<li>" esc(item) "</li>"; item = "" } }
function close_list() { end_item(); if (inlist) { print "</ul>"; inlist = 0 } }
function close_table() { if (intable) { print "</tbody></table>"; intable = 0 } }

BEGIN { state = 0 }

{
  raw = $0; sub(/\r$/, "", raw)
  if (state == 0) { if (raw ~ from) state = 1; else next }
  else if (state == 1 && raw ~ to) { state = 2 }
  if (state == 2) next
  if (skiphead > 0) { if (trim(raw) != "") skiphead--; next }
  s = clean(trim(raw))
  if (s == "Direktoratet for" || s == "e-helse") next
  if (s ~ /^https?:\/\/[^ ]+$/) next
  if (s == "Til") { skipform = 1; next }
  if (skipform) {
    if (s == "Saksbehandler") skipform = 2
    else if (skipform == 2 && s != "") skipform = 3
    else if (skipform == 3 && (s == "" || raw ~ /^ [^ ]/)) skipform = 0
    if (skipform) next
  }
  if (s == "") { flush(); end_item(); close_table(); next }
  if (index(raw, "\t") > 0) {
    flush(); close_list()
    if (!intable) { print "<table class=\"tabell\"><tbody>"; intable = 1 }
    n = split(clean(raw), c, "\t"); row = "<tr>"
    for (k = 1; k <= n; k++) row = row "<td>" esc(trim(c[k])) "</td>"
    print row "</tr>"
    next
  }
  if (s ~ /^(Justert )?[Ff]orslag til vedtak:?$/ || s ~ /^Vedtak:?$/) {
    flush(); close_list(); sub(/:$/, "", s); print "<h2>" esc(s) "</h2>"; next
  }
  if (s ~ /^(- |• |o )/) {
    flush(); end_item()
    if (!inlist) { print "<ul>"; inlist = 1 }
    sub(/^[^ ]+ /, "", s); item = s
    next
  }
  if (item != "") {
    if (item ~ /[a-zæøå]-$/ && s ~ /^[a-zæøå]/) item = item s; else item = item " " s
    next
  }
  close_list()
  if (para == "") para = s
  else if (para ~ /[a-zæøå]-$/ && s ~ /^[a-zæøå]/) para = para s
  else para = para " " s
}

END { flush(); close_list(); close_table() }
