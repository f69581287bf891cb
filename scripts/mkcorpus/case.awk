# case.awk: print the text of one case from a source text as HTML body
# markup (for the per-case web pages).
#
# Variables (-v): skiphead (number of non-blank lines to leave out at the
# start: the case number and title, which the page shows as its heading),
# from, to (regular expressions: the case starts at the first
# line matching FROM and ends before the next line matching TO after it, or
# at the end of the source if TO is empty).
# Paragraphs are separated by blank lines; wrapped lines are joined again
# ("e-" + "helse" without a space); "- x" and "• x" lines are list items;
# lines with TABs are table rows; "Forslag til vedtak" / "Vedtak" are
# headings (style b: <h3 class="sak-vedtak">; style c: run in, as
# <p><strong>Innstilling:</strong> text</p> / <strong>Vedtak:</strong>).
# lead: a paragraph printed before the text.  anon=1: the page's own council
# (bodyname) is not named in the text: its names become "utvalget"/"styret"
# ("Utvalget" at the start of a sentence; "NUFA-møtet" -> "utvalgsmøtet").
# Dropped: the "Direktoratet for / e-helse" word mark, the memo
# form (Til / Dato / Saksnummer / Type / Fra / Saksbehandler), bare URL
# lines, inline **bold** markers and <ul ...> fragments.
#
# Truth (truth.awk loaded before this file; -v truth=FILE appends to FILE):
# the page's P row, its C row (role case), mentions ("sak 22/20" in a
# paragraph or list item) and its D row: the paragraphs after a decision
# label up to the next heading, a one-line paragraph that reads as a
# sub-heading (short, no closing punctuation) or two blank lines in a row (a
# slide boundary in the text of a deck).
# Variables: truth, trfile (the page's path in the truth), bodyname (the
# council as the page names it), dato (the meeting date as the page writes
# it), casenr.

function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
function clean(s) { gsub(/<ul[^>]*> ?/, "", s); gsub(/\*\*/, "", s); return s }

function anonymise(t) { return anon ? tr_anon(t) : t }

function flush() {
  if (para == "") return
  para = anonymise(para)
  note(para, plines == 1 && length(para) < 60 && para ~ /^[A-ZÆØÅ]/ && para !~ /[.,:;]$/)
  if (runin != "") { print "<p><strong>" runin ":</strong> " esc(para) "</p>"; runin = "" }
  else print "<p>" esc(para) "</p>"
  para = ""; plines = 0
}
function end_item() { if (item != "") { item = anonymise(item); note(item, 0); print "<li>" esc(item) "</li>"; item = "" } }
function close_list() { end_item(); if (inlist) { print "</ul>"; inlist = 0 } }
function close_table() { if (intable) { print "</tbody></table>"; intable = 0 } }

# Truth: the mentions in a text block; the block is part of the decision
# being read unless it is a sub-heading.
function note(text, heading,    k) {
  if (truth == "") return
  tr_mentions(tr_text(text), body)
  for (k = 1; k <= tr_nm; k++)
    if (tr_mc[k] != casenr || tr_mb[k] != body) { nm++; mrow[nm] = tr_mb[k] "\t" tr_mc[k] "\tmention\tstart\t" tr_md[k] }
  if (heading) tr_cap = ""
  else tr_take(text)
}

# A run-in label followed by a list or table stands alone.
function runin_alone() { if (runin != "") { print "<p><strong>" runin ":</strong></p>"; runin = "" } }

function label(s) {
  sub(/:$/, "", s)
  if (truth != "") tr_label(s)
  if (style == "c") runin = (s ~ /^Vedtak/ ? "Vedtak" : "Innstilling")
  else if (style == "b") print "<h3 class=\"sak-vedtak\">" esc(s) "</h3>"
  else print "<h2>" esc(s) "</h2>"
}

BEGIN {
  state = 0
  body = tr_body_of(bodyname); if (body == "") body = "-"
  meeting = tr_date(dato); if (meeting == "") meeting = "-"
  tr_own(body)
  if (lead != "") { para = lead; plines = 1; flush() }
}

{
  raw = $0; sub(/\r$/, "", raw)
  if (state == 0) { if (raw ~ from) state = 1; else next }
  else if (state == 1 && to != "" && raw ~ to) { state = 2 }
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
  if (s == "") {
    flush(); end_item(); close_table()
    if (++blanks >= 2) tr_cap = ""  # a slide boundary ends a decision
    next
  }
  blanks = 0
  if (index(raw, "\t") > 0) {
    flush(); close_list(); tr_cap = ""
    runin_alone()
    if (!intable) { print "<table class=\"tabell\"><tbody>"; intable = 1 }
    n = split(clean(raw), c, "\t"); row = "<tr>"
    for (k = 1; k <= n; k++) row = row "<td>" esc(anonymise(trim(c[k]))) "</td>"
    print row "</tr>"
    next
  }
  if (s ~ /^(Justert )?[Ff]orslag til vedtak:?$/ || s ~ /^Vedtak:?$/) {
    flush(); close_list(); label(s); next
  }
  if (s ~ /^(- |• |o )/) {
    flush(); end_item()
    runin_alone()
    if (!inlist) { print "<ul>"; inlist = 1 }
    sub(/^[^ ]+ /, "", s); item = s
    next
  }
  if (item != "") {
    if (item ~ /[a-zæøå]-$/ && s ~ /^[a-zæøå]/) item = item s; else item = item " " s
    next
  }
  close_list()
  plines++
  if (para == "") para = s
  else if (para ~ /[a-zæøå]-$/ && s ~ /^[a-zæøå]/) para = para s
  else para = para " " s
}

END {
  flush(); close_list(); close_table(); runin_alone()
  if (truth == "") exit
  printf "P\t%s\t0\t%s\t%s\n", trfile, body, meeting >> truth
  printf "C\t%s\t0\t%s\t%s\tcase\tstart\t%s\n", trfile, body, casenr, meeting >> truth
  for (k = 1; k <= nm; k++) printf "C\t%s\t0\t%s\n", trfile, mrow[k] >> truth
  printf "D\t%s\t%s\t%s\tcase\t%s\t%s\n", trfile, body, casenr, tr_dash(tr_prop), tr_dash(tr_dec) >> truth
}
