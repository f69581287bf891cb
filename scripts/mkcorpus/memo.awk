# memo.awk: meeting model -> flat ODT of layout family c ("memo"), the
# held-out family: another secretariat's template.  A4 portrait in a serif
# face; page header with the council's long name and "Møtedato: DD.MM.YYYY";
# "Side N" centred in the footer.  The notice lists "Utvalg:", "Møtedato:",
# "Møtenr.:" as run-in labels and a two-column case list (Saksnr. |
# Sakstittel).  Each case memo ("SAKSFRAMLEGG") opens with a header block
# "Saksnr.: 26/20", "Tittel: ...", "Saksbehandler: ..." and ends with the
# proposal in a bordered single-cell table titled "Innstilling" (word-
# processor bundles) or "Forslag til vedtak" (papers made from decks).
# Minutes ("PROTOKOLL") put the decision run-in, in the same paragraph as
# the last paragraph of the discussion: "... Vedtak: NUFA tar ...".
#
# Use with fodt.awk (see there); variables: title, subject (PDF metadata).

BEGIN { AUTHOR = "Sekretariatet for de nasjonale utvalgene" }

function geometry() {
  TWIDTH = "16cm"; BUDGET = 44; CPL = 80; deck = (M["paper"] == "deck")
  BOXLABEL = deck ? "Forslag til vedtak" : "Innstilling"
}

function styles() {
  print "<office:font-face-decls><style:font-face style:name=\"Liberation Serif\" svg:font-family=\"'Liberation Serif'\" style:font-family-generic=\"roman\" style:font-pitch=\"variable\"/><style:font-face style:name=\"Liberation Sans\" svg:font-family=\"'Liberation Sans'\" style:font-family-generic=\"swiss\" style:font-pitch=\"variable\"/></office:font-face-decls>"
  print "<office:styles>"
  print "<style:default-style style:family=\"paragraph\"><style:paragraph-properties fo:orphans=\"2\" fo:widows=\"2\"/><style:text-properties style:font-name=\"Liberation Serif\" fo:font-size=\"11.5pt\" fo:language=\"nb\" fo:country=\"NO\" fo:hyphenate=\"false\"/></style:default-style>"
  pstyle("Standard", "Standard", "", "fo:margin-top=\"0cm\" fo:margin-bottom=\"0cm\"", "")
  pstyle("Brodtekst", "Brødtekst", "Standard", "fo:margin-bottom=\"0.25cm\" fo:text-align=\"justify\"", "")
  pstyle("Dokumenttype", "Dokumenttype", "Standard", "fo:margin-bottom=\"0.5cm\"", "style:font-name=\"Liberation Sans\" fo:font-size=\"17pt\" fo:letter-spacing=\"0.05cm\"")
  pstyle("Felt", "Felt", "Standard", "fo:margin-bottom=\"0.08cm\"", "")
  pstyle("Felt_20_siste", "Felt siste", "Felt", "fo:margin-bottom=\"0.45cm\" fo:padding-bottom=\"0.15cm\" fo:border-bottom=\"0.6pt solid #000000\"", "")
  pstyle("Mellomtittel", "Mellomtittel", "Standard", "fo:margin-top=\"0.2cm\" fo:margin-bottom=\"0.1cm\"", "style:font-name=\"Liberation Sans\" fo:font-size=\"11pt\" fo:font-weight=\"bold\"")
  pstyle("Saksoverskrift", "Saksoverskrift", "Standard", "fo:margin-top=\"0.35cm\" fo:margin-bottom=\"0.15cm\"", "style:font-name=\"Liberation Sans\" fo:font-size=\"12pt\" fo:font-weight=\"bold\"")
  pstyle("Strekliste", "Strekliste", "Brodtekst", "fo:margin-left=\"0.9cm\" fo:text-indent=\"-0.45cm\" fo:margin-bottom=\"0.1cm\" fo:text-align=\"start\"", "")
  pstyle("Tabelltekst", "Tabelltekst", "Standard", "", "fo:font-size=\"10.5pt\"")
  pstyle("Tabelltittel", "Tabelltittel", "Tabelltekst", "", "fo:font-weight=\"bold\"")
  pstyle("Boks", "Boks", "Standard", "fo:margin-bottom=\"0.15cm\"", "")
  pstyle("Topptekst", "Topptekst", "Standard", "", "style:font-name=\"Liberation Sans\" fo:font-size=\"9pt\"")
  pstyle("Bunntekst", "Bunntekst", "Standard", "fo:text-align=\"center\"", "style:font-name=\"Liberation Sans\" fo:font-size=\"9pt\"")
  print "<style:style style:name=\"Fet\" style:family=\"text\"><style:text-properties fo:font-weight=\"bold\"/></style:style>"
  print "</office:styles>"
  print "<office:automatic-styles>"
  print "<style:style style:name=\"Saksliste\" style:family=\"table\"><style:table-properties style:width=\"" TWIDTH "\" table:align=\"left\" fo:margin-bottom=\"0.4cm\"/></style:style>"
  print "<style:style style:name=\"Boks\" style:family=\"table\"><style:table-properties style:width=\"" TWIDTH "\" table:align=\"left\" fo:margin-top=\"0.3cm\"/></style:style>"
  print "<style:style style:name=\"Rute\" style:family=\"table-cell\"><style:table-cell-properties fo:padding=\"0.07cm\" fo:border=\"0.5pt solid #000000\"/></style:style>"
  print "<style:style style:name=\"Boksrute\" style:family=\"table-cell\"><style:table-cell-properties fo:padding=\"0.25cm\" fo:border=\"1.2pt solid #000000\"/></style:style>"
  column_styles("Saksliste", "2.6cm 13.4cm"); column_styles("Boks", "16cm")
  break_styles("Dokumenttype Felt Felt_20_siste Brodtekst Mellomtittel Saksoverskrift Strekliste", "Saksliste Boks")
  print "<style:style style:name=\"Topp\" style:family=\"paragraph\" style:parent-style-name=\"Topptekst\"><style:paragraph-properties><style:tab-stops><style:tab-stop style:position=\"16cm\" style:type=\"right\"/></style:tab-stops></style:paragraph-properties></style:style>"
  print "<style:page-layout style:name=\"pm1\"><style:page-layout-properties fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" style:print-orientation=\"portrait\" fo:margin-top=\"1.5cm\" fo:margin-bottom=\"1.5cm\" fo:margin-left=\"2.5cm\" fo:margin-right=\"2.5cm\"/>"
  print "<style:header-style><style:header-footer-properties fo:min-height=\"0.5cm\" fo:margin-bottom=\"0.6cm\" fo:padding-bottom=\"0.1cm\" fo:border-bottom=\"0.6pt solid #000000\"/></style:header-style>"
  print "<style:footer-style><style:header-footer-properties fo:min-height=\"0.5cm\" fo:margin-top=\"0.5cm\"/></style:footer-style></style:page-layout>"
  print "</office:automatic-styles>"
  print "<office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"pm1\">"
  print "<style:header><text:p text:style-name=\"Topp\">" x(M["bodylong"]) "<text:tab/>Møtedato: " dot_date(M["date"]) "</text:p></style:header>"
  print "<style:footer><text:p text:style-name=\"Bunntekst\">Side <text:page-number text:select-page=\"current\">1</text:page-number></text:p></style:footer>"
  print "</style:master-page></office:master-styles>"
}

# Heights in body lines.
function h_para(s) { return lines(s, CPL) * 1.15 + 0.55 }
function h_of(kind, s) {
  if (kind == "h") return lines(s, CPL) * 1.2 + 0.6
  if (kind == "li") return lines(s, CPL - 6) * 1.15 + 0.3
  return h_para(s)
}
function put(kind, s) {
  if (kind == "h") para("Mellomtittel", x(s))
  else if (kind == "li") para("Strekliste", "–<text:tab/>" x(s))
  else para("Brodtekst", x(s))
}
function label(k, v) { return span("Fet", x(k) ":") " " x(v) }
# Run-in fields "Label: value" (pairs k\tv...), the last one ruled off.
function fields(kv,    f, n, k, last, h) {
  n = split(kv, f, "\t"); last = 0; h = 0
  for (k = 1; k < n; k += 2) if (f[k + 1] != "-" && f[k + 1] != "") { last = k; h += lines(f[k] f[k + 1], CPL) * 1.15 + 0.2 }
  need(h + 0.8)
  for (k = 1; k < n; k += 2) if (f[k + 1] != "-" && f[k + 1] != "")
    para(k == last ? "Felt_20_siste" : "Felt", label(f[k], f[k + 1]))
  take(h + 0.8)
}

# Two-column case list (Saksnr. | Sakstittel) of the agenda rows after
# model row from_row; pauses are left out.
function case_list(date,    i, j, h) {
  for (i = from_row; i <= nm && K[i] != "agenda"; i++) ;
  h = 1.5
  for (j = i; j <= nm && K[j] == "agenda"; j++) if (A[j] != "-") h += lines(B[j], 68) * 1.05 + 0.4
  need(h + 1.5)
  para("Mellomtittel", "Saksliste"); take(1.5)
  table_begin("Saksliste", "a b")
  table_row("Saksnr.\tSakstittel", "Rute", "Tabelltittel", 1)
  for (j = i; j <= nm && K[j] == "agenda"; j++) {
    if (A[j] == "-") continue
    table_row(x(A[j]) "\t" x(B[j]), "Rute", "Tabelltekst", 0)
    mark_agenda(A[j], M["body"], date)
  }
  table_end(); take(h)
  from_row = j
}

function notice(    i, mem) {
  para("Dokumenttype", deck ? "MØTEINNKALLING" : "INNKALLING OG SAKSDOKUMENTER"); take(2.5)
  fields("Utvalg\t" M["bodylong"] " (" M["body"] ")\tMøtedato\t" dot_date(M["date"]) "\tMøtenr.\t" M["number"] "\tTidspunkt\t" M["time"] "\tMøtested\t" M["place"])
  case_list(M["date"])
  mem = ""
  for (i = 1; i <= nm && K[i] != "agenda"; i++) if (K[i] == "member") mem = mem (mem == "" ? "" : ", ") A[i]
  if (mem != "") { need(h_para(mem) + 1); para("Brodtekst", label("Medlemmer", mem)); take(h_para(mem)) }
  mem = "Eventuelt forfall meldes sekretariatet snarest."
  need(h_para(mem)); para("Brodtekst", x(mem)); take(h_para(mem))
}

# The proposal in a bordered single-cell table.
function box(i,    j, h) {
  if (!nprop) return
  h = 1.6
  for (j = i; j <= nm && K[j] != "end"; j++) if (K[j] == "prop") h += h_para(A[j])
  need(h); mark(cno, crole, cbody, cdate)
  table_begin("Boks", "a")
  printf "<table:table-row><table:table-cell table:style-name=\"Boksrute\" office:value-type=\"string\">"
  printf "<text:p text:style-name=\"Boks\">%s</text:p>", span("Fet", BOXLABEL)
  for (j = i; j <= nm && K[j] != "end"; j++) if (K[j] == "prop") printf "<text:p text:style-name=\"Boks\">%s</text:p>", x(A[j])
  print "</table:table-cell></table:table-row>"
  table_end(); take(h)
}

function case_block(i, minutes,    t) {
  t = case_at(i); blockid++
  cno = c["no"]; crole = c["role"]; cdate = c["date"]; cbody = M["body"]
  decisions_at(t)
  if (minutes) return minutes_item(t)
  new_page(); mark(cno, crole, cbody, cdate)
  para("Dokumenttype", "SAKSFRAMLEGG"); take(2.5)
  fields("Saksnr.\t" cno "\tTittel\t" c["title"] "\tMøtedato\t" dot_date(M["date"]) "\tSaksbehandler\t" c["officer"] "\tAnsvarlig\t" c["presenter"] "\tSakstype\t" c["type"])
  t = body_rows(t, crole)
  box(t)
  decision_row(cbody, cno, crole)
  return bend
}

# A minutes item: heading, discussion, decision run-in after the last
# paragraph (or a paragraph of its own).
function minutes_item(t,    hh, j, last, runin, h) {
  hh = "Sak nr. " cno " – " c["title"]
  need(lines(hh, 70) * 1.3 + 0.7 + 3); mark(cno, crole, cbody, cdate)
  para("Saksoverskrift", x(hh)); take(lines(hh, 70) * 1.3 + 0.7)
  last = 0
  for (j = t; j <= nm && K[j] !~ /^(prop|dec|end)$/; j++) if (K[j] != "mention") last = j
  if (last && K[last] != "p") last = 0
  runin = ndec ? " " span("Fet", "Vedtak:") " " x(decs) : ""
  for (; t <= nm && K[t] !~ /^(prop|dec|end)$/; t++) {
    if (K[t] == "mention") { mark_mention(A[t], B[t], C[t]); continue }
    h = h_of(K[t], A[t] (t == last && ndec ? " Vedtak: " decs : ""))
    need(h); mark(cno, crole, cbody, cdate)
    if (t == last) para("Brodtekst", x(A[t]) runin)
    else put(K[t], A[t])
    take(h)
  }
  if (ndec && !last) { h = h_para("Vedtak: " decs); need(h); mark(cno, crole, cbody, cdate); para("Brodtekst", substr(runin, 2)); take(h) }
  decision_row(cbody, cno, crole)
  return bend
}

function minutes_block(i) {
  new_page()
  para("Dokumenttype", "PROTOKOLL"); take(2.5)
  fields("Utvalg\t" M["bodylong"] " (" B[i] ")\tMøtedato\t" dot_date(C[i]) "\tMøtenr.\t" D[i] "\tTidspunkt\t" G[i] "\tMøtested\t" E[i])
  from_row = i + 1
  case_list(C[i])
  for (i = from_row; i <= nm && K[i] != "endmeeting"; ) i = case_block(i, 1)
  return i + 1
}

function render() {
  geometry()
  doc_begin(title, subject)
  pg_start(); from_row = 1
  notice()
  walk()
  doc_end()
  pages_rows()
}

END { render() }
