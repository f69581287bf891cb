# print.awk: meeting model -> HTML for print (layout family f, held out):
# another secretariat's template, printed to PDF by headless Chromium
# (scripts/mkcorpus/print-family.sh).  A letterhead block ("Utvalg: ...",
# the meeting date written out with its weekday or as 26.8.2020), the agenda
# as a numbered list ("Sak 24/2020 – ..."), a table (Nr. | Sak | Ansvarlig)
# or a timed list; every case on a page of its own under "Saksnummer 24/20"
# or "Sak 09/21" with the title on the next line; the proposal run in after
# a bold "Forslag til vedtak:" or under a label "Innstilling:"; minutes of an
# earlier meeting as a section "Protokoll fra møtet 12. juni 2020" with items
# "Ad sak 16/20 ..." and decisions "Vedtak:" (approvals) or "Konklusjon:".
# Every page carries its header (council and date) and footer ("Side N av M")
# in its own content, since Chromium prints no page numbers from CSS.
#
# Used as: awk -v rel=FILE -v truth=TSV -v pagesfile=F -v title=T \
#              -v council=NAME -v hname=TEXT -v weekday=1..7 \
#              -v datefmt=long|dot -v hdrfmt=long|dot \
#              -v agenda=list4|table|timed -v casehead=saksnummer|sak0 \
#              -v proposal=runin|label [-v lead_case=NN/YY -v lead_text=T \
#              -v lead_ref="NN/YY<TAB>BODY<TAB>DATE"] \
#              -f fodt.awk -f print.awk -f print-html.awk X.model > X.html
# (with -v want=NN/YY, print-html.awk's web page of that case instead)
# fodt.awk gives the model reader, the page plan and the truth rows; the
# pages are kept in out[] until the end, when their number is known.

function geometry() { BUDGET = 46; CPL = 84 }
function styles() { }  # fodt.awk's ODT document head, not used here

# Heights in body lines (bytes over characters per line: errs tall).
function h_para(s) { return lines(s, CPL) + 0.5 }
function h_of(kind, s) {
  if (kind == "h") return lines(s, CPL - 10) * 1.2 + 0.9
  if (kind == "li") return lines(s, CPL - 8) + 0.25
  return h_para(s)
}
function emit(html) { out[page] = out[page] html "\n" }
function put(kind, s) {
  if (kind == "h") emit("<h3>" x(s) "</h3>")
  else if (kind == "li") emit("<ul class=\"strek\"><li>" x(s) "</li></ul>")
  else emit("<p>" x(s) "</p>")
}
# One element of height h: a new page if it does not fit, then counted.
function block(h, html) { need(h); emit(html); take(h) }

function weekday_name(n,    w) {
  split("Mandag Tirsdag Onsdag Torsdag Fredag Lørdag Søndag", w, " "); return w[n + 0]
}
function short_date(d,    f) { split(d, f, "-"); return (f[3] + 0) "." (f[2] + 0) "." f[1] }
function meeting_date(d, fmt) { return fmt == "dot" ? short_date(d) : weekday_name(weekday) " " long_date(d) }
# Case numbers as this secretariat writes them: 9/21 -> 09/21 or 09/2021.
function padded(no,    f) { split(no, f, "/"); return (length(f[1]) < 2 ? "0" : "") f[1] "/" f[2] }
function four(no,    f) { split(no, f, "/"); return (length(f[1]) < 2 ? "0" : "") f[1] "/20" f[2] }

function letterhead(    s) {
  block(3, "<div class=\"brevhode\"><div class=\"avsender\">Direktoratet for e-helse<br><span>Sekretariatet for styringsmodellen</span></div><div class=\"doktype\">Møteinnkalling</div></div>")
  s = "<table class=\"fakta\"><tr><td>Utvalg:</td><td>" x(council) "</td></tr>"
  s = s "<tr><td>Møtedato:</td><td>" x(meeting_date(M["date"], datefmt)) "</td></tr>"
  s = s "<tr><td>Tid og sted:</td><td>" x("kl. " M["time"] ", " M["place"]) "</td></tr>"
  s = s "<tr><td>Møte nr.:</td><td>" x(M["number"]) "</td></tr></table>"
  block(6, s)
}

function members(    i, mem) {
  mem = ""
  for (i = 1; i <= nm && K[i] != "agenda"; i++) if (K[i] == "member") mem = mem (mem == "" ? "" : "; ") A[i]
  if (mem != "") block(h_para("Medlemmer: " mem) + 1, "<p class=\"medlemmer\"><b>Medlemmer:</b> " x(mem) "</p>")
}

# The agenda rows after from_row, in the paper's form; pauses left out.
function agenda_block(date,    i, j, h, s, n) {
  for (i = from_row; i <= nm && K[i] != "agenda"; i++) ;
  h = 2.5; s = ""; n = 0
  for (j = i; j <= nm && K[j] == "agenda"; j++) {
    if (A[j] == "-") continue
    n++
    if (agenda == "table") {
      h += lines(B[j], 50) + 0.5
      s = s "<tr><td>Sak " padded(A[j]) "</td><td>" x(B[j]) "</td><td>" x(E[j] == "-" ? "" : E[j]) "</td></tr>\n"
    } else if (agenda == "timed") {
      h += lines(B[j], CPL - 16) + 0.3
      s = s "<li><span class=\"tid\">" x(C[j]) "</span>Sak " A[j] " " x(B[j]) "</li>\n"
    } else {
      h += lines(B[j], CPL - 20) + 0.3
      s = s "<li>Sak " four(A[j]) " – " x(B[j]) (D[j] != "-" ? " <i>(" x(D[j]) ")</i>" : "") "</li>\n"
    }
  }
  need(h)
  emit("<h2 class=\"saksliste\">" (agenda == "timed" ? "Dagsorden" : "Saksliste") "</h2>")
  if (agenda == "table") emit("<table class=\"saker\"><tr><th>Nr.</th><th>Sak</th><th>Ansvarlig</th></tr>\n" s "</table>")
  else if (agenda == "timed") emit("<ul class=\"tider\">\n" s "</ul>")
  else emit("<ol class=\"saker\">\n" s "</ol>")
  take(h)
  for (j = i; j <= nm && K[j] == "agenda"; j++) mark_agenda(A[j], M["body"], date)
  from_row = j
}

# The proposal of the case block after text row i.
function proposal_block(i,    j, h, s, first) {
  if (!nprop) return
  h = 1.5; s = ""; first = 1
  for (j = i; j <= nm && K[j] != "end"; j++) {
    if (K[j] != "prop") continue
    h += h_para("Forslag til vedtak: " A[j])
    if (proposal == "runin" && first) s = s "<p class=\"forslag\"><b>Forslag til vedtak:</b> " x(A[j]) "</p>"
    else s = s "<p class=\"forslag\">" x(A[j]) "</p>"
    first = 0
  }
  if (proposal != "runin") { h += 1; s = "<p class=\"forslag\"><b>Innstilling:</b></p>" s }
  need(h); mark(cno, crole, cbody, cdate); emit("<div class=\"vedtak\">" s "</div>"); take(h)
}

function case_head(    no, s, meta) {
  no = casehead == "sak0" ? "Sak " padded(cno) : "Saksnummer " cno
  s = "<p class=\"saksnr\">" no "</p><h2 class=\"sakstittel\">" x(c["title"]) "</h2>"
  meta = ""
  if (c["type"] != "-") meta = meta "Sakstype: " x(c["type"])
  if (c["presenter"] != "-") meta = meta (meta == "" ? "" : " · ") "Ansvarlig: " x(c["presenter"])
  if (c["officer"] != "-") meta = meta (meta == "" ? "" : " · ") "Saksbehandler: " x(c["officer"])
  if (meta != "") s = s "<p class=\"saksmeta\">" meta "</p>"
  emit(s); take(5 + (meta != "" ? lines(meta, CPL) : 0))
}

# The case block at model row i: its fields (cno crole cdate cbody, c[])
# and decisions; returns its first text row.
function open_block(i,    t) {
  t = case_at(i); blockid++
  cno = c["no"]; crole = c["role"]; cdate = c["date"]; cbody = M["body"]
  decisions_at(t)
  return t
}

function case_block(i, minutes,    t) {
  t = open_block(i)
  if (minutes) return minutes_item(t)
  new_page(); mark(cno, crole, cbody, cdate)
  case_head()
  if (cno == lead_case && lead_text != "") {
    block(h_para(lead_text), "<p>" x(lead_text) "</p>")
    split(lead_ref, L, "\t"); mark_mention(L[1], L[2], L[3])
  }
  t = body_rows(t, crole)
  proposal_block(t)
  decision_row(cbody, cno, crole)
  return bend
}

# A minutes item: "Ad sak NN/YY Title", its text, the decision (if any)
# under "Vedtak:" for approvals and "Konklusjon:" otherwise.
function minutes_item(t,    hh, h, lab, j, s, first) {
  hh = "Ad sak " cno " " c["title"]
  h = lines(hh, CPL - 10) * 1.2 + 1
  need(h + 2.5); mark(cno, crole, cbody, cdate)
  emit("<h3 class=\"adsak\">" x(hh) "</h3>"); take(h)
  t = body_rows(t, crole)
  if (ndec) {
    lab = c["type"] == "Godkjenning" ? "Vedtak:" : "Konklusjon:"
    h = 0.5; s = ""; first = 1
    for (j = t; j <= nm && K[j] != "end"; j++) {
      if (K[j] != "dec") continue
      h += h_para(lab " " A[j])
      s = s "<p class=\"konklusjon\">" (first ? "<b>" lab "</b> " : "") x(A[j]) "</p>"
      first = 0
    }
    need(h); mark(cno, crole, cbody, cdate); emit(s); take(h)
  }
  decision_row(cbody, cno, crole)
  return bend
}

function minutes_block(i) {
  new_page()
  emit("<h2 class=\"protokoll\">Protokoll fra møtet " x(long_date(C[i])) "</h2>")
  emit("<p class=\"saksmeta\">Møte nr. " x(D[i]) " · " x(E[i]) " · kl. " x(G[i]) "</p>")
  take(4)
  for (i++; i <= nm && K[i] != "endmeeting"; ) {
    if (K[i] == "case") i = case_block(i, 1)
    else i++
  }
  return i + 1
}

function render(    p) {
  print "<!DOCTYPE html>"
  print "<html lang=\"nb\"><head><meta charset=\"utf-8\"><title>" x(title) "</title>"
  print "<style>"
  print "@page { size: A4; margin: 14mm 19mm 12mm 23mm; }"
  print "html, body { margin: 0; padding: 0; }"
  print "body { font-family: 'DejaVu Sans'; font-size: 9.5pt; line-height: 1.35; color: #111; }"
  print ".side { min-height: 262mm; display: flex; flex-direction: column; }"
  print ".side + .side { break-before: page; }"
  print ".topp { display: flex; justify-content: space-between; font-size: 8pt; color: #444; border-bottom: 0.4pt solid #888; padding-bottom: 1.5mm; margin-bottom: 6mm; }"
  print ".innhold { flex: 1 0 auto; }"
  print ".bunn { font-size: 8pt; color: #444; text-align: right; border-top: 0.4pt solid #888; padding-top: 1.5mm; }"
  print ".brevhode { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 2pt solid #1f4e79; padding-bottom: 2mm; margin-bottom: 4mm; }"
  print ".avsender { font-size: 12pt; font-weight: bold; color: #1f4e79; } .avsender span { font-size: 8.5pt; font-weight: normal; color: #333; }"
  print ".doktype { font-size: 14pt; letter-spacing: 0.5pt; text-transform: uppercase; }"
  print "table.fakta td { padding: 0.4mm 4mm 0.4mm 0; vertical-align: top; } table.fakta td:first-child { font-weight: bold; }"
  print "table.saker { border-collapse: collapse; width: 100%; } table.saker th, table.saker td { border: 0.5pt solid #999; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }"
  print "table.saker th { background: #dde6f0; } table.saker td:first-child { white-space: nowrap; }"
  print "ol.saker li, ul.tider li { margin-bottom: 0.8mm; } ul.tider { list-style: none; padding-left: 0; } .tid { display: inline-block; width: 14mm; }"
  print "h2 { font-size: 12.5pt; margin: 3mm 0 2mm; } h3 { font-size: 10pt; margin: 3mm 0 1mm; }"
  print ".saksnr { font-size: 9pt; font-weight: bold; color: #1f4e79; margin: 0; }"
  print ".sakstittel { margin-top: 0.5mm; } .saksmeta { font-size: 8.5pt; color: #333; margin: 0 0 3mm; }"
  print "p { margin: 0 0 1.6mm; } ul.strek { margin: 0 0 0.8mm; padding-left: 6mm; }"
  print ".vedtak { margin-top: 3mm; border-left: 2pt solid #1f4e79; padding-left: 3mm; }"
  print "h3.adsak { margin-top: 4mm; }"
  print "</style></head><body>"
  for (p = 1; p <= page; p++) {
    print "<div class=\"side\"><div class=\"topp\"><span>" x(header) "</span><span>" x(title) "</span></div>"
    printf "<div class=\"innhold\">\n%s</div>\n", out[p]
    print "<div class=\"bunn\">Side " p " av " page "</div></div>"
  }
  print "</body></html>"
}

END {
  if (want != "") { web_page(); exit }
  geometry(); pg_start(); from_row = 1
  header = hname " – møte " meeting_date(M["date"], hdrfmt)
  letterhead()
  members()
  agenda_block(M["date"])
  walk()
  render()
  pages_rows()
}
