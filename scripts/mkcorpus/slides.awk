# slides.awk: text extracted from a slide deck -> sk-mkcorpus description.
#
# Input: plain text as extracted from a presentation (one text box line per
# line).  Slide boundaries: a run of two or more blank lines; with ocr=1 also
# a line starting with a single space (how the OCR tool marks a new page).
# The word mark "Direktoratet for" / "e-helse" on two lines becomes @logo.
#
# Variables (-v): title, footer, date, author, subject, ocr (0/1),
# body (canonical council), meeting (YYYY-MM-DD)
#
# Truth (truth.awk, loaded before this file): "@truth" directives for the
# deck's council and meeting (P), agenda table rows (a row whose first cell
# is a case number), the slides of a case (from a title "Sak 12/21" to the
# next), mentions in paragraphs and list items, and the text after
# "Forslag til vedtak".
#
# Not OCR: "- x" and " - x" are bullets (levels 1 and 2), "1. x" numbered
# items, lines with TABs form tables (first row = header), **bold** kept as
# markup, "<ul ...>" fragments (HTML left over from extraction) are dropped.
# OCR: every line is kept as it is (no markup, no lists), lines of one text
# block are joined with line breaks.

function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }

function out(s) { print s; tr_watch(s) }

function close_para() { inpara = 0 }
function close_table() { intable = 0 }

# The case number of the slide whose text starts at line i ("Sak 12/21" or
# "Sak 30/20: Akson Journal" as its title, after the word mark), or "".
function slide_case(i,    s) {
  for (; i <= n; i++) {
    s = trim(line[i])
    if (s == "" || s == "Direktoratet for" || s == "e-helse") continue
    if (length(s) > 110 || !match(s, /^Sak [0-9]+\/[0-9][0-9]([: ]|$)/)) return ""
    s = substr(s, 5, RLENGTH - 4); sub(/[: ]$/, "", s)
    return s
  }
  return ""
}

function new_slide() {
  close_para(); close_table()
  if (nslides++ > 0) out("@page")
  first = 1
}

function emit_line(raw,    s, m, lvl) {
  s = trim(raw)
  if (!ocr) {
    gsub(/<ul[^>]*> ?/, "", s)
    gsub(/<\/?li>|<\/ul>/, "", s)
  }
  if (s == "") return
  if (!ocr && index(raw, "\t") > 0) {
    close_para()
    if (!intable) { out("@table header"); intable = 1 }
    s = raw; sub(/[ \r]+$/, "", s); gsub(/<ul[^>]*> ?/, "", s)
    m = s; sub(/\t.*/, "", m); m = trim(m)
    if (m ~ /^[0-9]+\/[0-9][0-9]$/) tr_emit("R\t" body "\t" m "\tagenda\t" meeting)
    out("@row " s)
    first = 0
    return
  }
  close_table()
  if (!ocr && match(raw, /^ ?- /)) {
    lvl = (substr(raw, 1, 1) == " ") ? "@item2 \342\200\223\t" : "@item \342\200\242\t"
    sub(/^ ?- /, "", s)
    close_para(); tr_mention_lines(s, body); out(lvl s); first = 0
    return
  }
  if (!ocr && match(raw, /^ ?[0-9]+\. /) && s !~ /^[0-9]+\. (januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)/) {
    m = s; sub(/ .*/, "", m); sub(/^[0-9]+\. /, "", s)
    close_para(); tr_mention_lines(s, body); out((substr(raw, 1, 1) == " " ? "@item2 " : "@item ") m "\t" s); first = 0
    return
  }
  if (!ocr && s ~ /^(Justert )?[Ff]orslag til vedtak:?$/) {
    close_para(); out("@h3 " s); first = 0
    return
  }
  if (first && length(s) <= 110 && s !~ /^[0-9]+$/) {
    out("@title " s); first = 0; inpara = 0
    return
  }
  first = 0
  if (inpara) out("@+ " s)
  else { tr_mention_lines(s, body); out("@p " s); inpara = 1 }
}

{ line[++n] = $0 }

END {
  out("@layout slide")
  out("@meta title=" title)
  if (author != "") out("@meta author=" author)
  if (subject != "") out("@meta subject=" subject)
  out("@meta creator=Microsoft PowerPoint")
  out("@meta date=" date)
  out("@footer " footer)
  if (ocr) out("@markup off")
  tr_emit("P\t" body "\t" meeting)
  # pass 1: cut into segments at slide boundaries
  blank = 0; nseg = 0
  for (i = 1; i <= n; i++) {
    raw = line[i]; sub(/\r$/, "", raw)
    if (raw == "") { blank++; continue }
    if (raw ~ /^[ \t]+$/) continue
    if (nseg == 0 || blank >= 2 || (ocr && raw ~ /^ [^ ]/)) { segstart[++nseg] = i; seglen[nseg] = 0 }
    seglen[nseg] += length(trim(raw))
    blank = 0
  }
  # pass 2: short fragments (diagram labels, lone numbers) stay on the
  # slide before them
  for (k = 1; k <= nseg; k++) {
    keep[k] = (k == 1 || seglen[k] >= 40 || trim(line[segstart[k]]) == "Direktoratet for")
  }
  nslides = 0; k = 1
  for (i = 1; i <= n; i++) {
    if (k <= nseg && i == segstart[k]) {
      if (keep[k]) {
        new_slide()
        if ((c = slide_case(i)) != "") tr_open(body, c, "case", meeting)
      }
      k++
    }
    raw = line[i]; sub(/\r$/, "", raw)
    if (raw == "") { close_para(); continue }
    if (raw ~ /^[ \t]+$/) continue
    if (trim(raw) == "Direktoratet for" && i < n && trim(line[i + 1]) == "e-helse") {
      close_para(); close_table()
      out("@logo Direktoratet for"); out("@+ e-helse")
      i++
      continue
    }
    emit_line(raw)
  }
  tr_close()
}
