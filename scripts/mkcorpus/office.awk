# office.awk: meeting model -> flat ODT of layout family b ("office"): a
# word-processor template with Heading 1/2 styles, a table agenda
# (Saksnr | Sak | Type | Tid/Ansvar), the council and meeting in the page
# header, "Side N av M" in the footer, a facts table under each case heading
# and "Forslag til vedtak" / "Vedtak" as headings.  Word-processor bundles
# (paper bundle) are A4 portrait with "24/20 – Title" case headings; slide
# decks (paper deck) become A4 landscape documents with "Sak 9/21 Title"
# headings and larger type.  Every case starts on a new page.
#
# Use with fodt.awk (see there); variables: title, subject (PDF metadata).

BEGIN { AUTHOR = "Direktoratet for e-helse" }

function geometry() {
  deck = (M["paper"] == "deck")
  if (deck) {
    PW = "29.7cm"; PH = "21cm"; TWIDTH = "26.7cm"; FS = "14pt"
    BUDGET = 24; CPL = 88; H1CPL = 58; TW = "1.8cm 12cm 2.6cm 10.3cm"; TCPL2 = 60; TCPL4 = 52
  } else {
    PW = "21cm"; PH = "29.7cm"; TWIDTH = "16.6cm"; FS = "11pt"
    BUDGET = 46; CPL = 84; H1CPL = 52; TW = "1.8cm 8.4cm 2.6cm 3.8cm"; TCPL2 = 42; TCPL4 = 17
  }
}

function styles(    big) {
  big = deck ? 1.25 : 1
  print "<office:font-face-decls><style:font-face style:name=\"Carlito\" svg:font-family=\"Carlito\" style:font-family-generic=\"swiss\" style:font-pitch=\"variable\"/></office:font-face-decls>"
  print "<office:styles>"
  print "<style:default-style style:family=\"paragraph\"><style:paragraph-properties fo:orphans=\"2\" fo:widows=\"2\"/><style:text-properties style:font-name=\"Carlito\" fo:font-size=\"" FS "\" fo:language=\"nb\" fo:country=\"NO\" fo:hyphenate=\"false\"/></style:default-style>"
  pstyle("Standard", "Standard", "", "fo:margin-top=\"0cm\" fo:margin-bottom=\"0cm\"", "")
  pstyle("Text_20_body", "Text body", "Standard", "fo:margin-top=\"0cm\" fo:margin-bottom=\"0.2cm\" fo:line-height=\"115%\"", "")
  pstyle("Title", "Title", "Standard", "fo:margin-bottom=\"0.4cm\"", "fo:font-size=\"" 22 * big "pt\" fo:font-weight=\"bold\" fo:color=\"#1f3864\"")
  pstyle("Subtitle", "Subtitle", "Standard", "fo:margin-bottom=\"0.4cm\"", "fo:font-size=\"" 13 * big "pt\" fo:color=\"#404040\"")
  pstyle("Heading_20_1", "Heading 1", "Standard", "fo:margin-top=\"0cm\" fo:margin-bottom=\"0.35cm\" fo:border-bottom=\"0.5pt solid #1f3864\" fo:padding-bottom=\"0.1cm\"", "fo:font-size=\"" 16 * big "pt\" fo:font-weight=\"bold\" fo:color=\"#1f3864\"")
  pstyle("Heading_20_2", "Heading 2", "Standard", "fo:margin-top=\"0.3cm\" fo:margin-bottom=\"0.15cm\"", "fo:font-size=\"" 13 * big "pt\" fo:font-weight=\"bold\" fo:color=\"#2f5496\"")
  pstyle("Heading_20_3", "Heading 3", "Standard", "fo:margin-top=\"0.2cm\" fo:margin-bottom=\"0.1cm\"", "fo:font-weight=\"bold\"")
  pstyle("List_20_Bullet", "List Bullet", "Text_20_body", "fo:margin-left=\"0.8cm\" fo:text-indent=\"-0.5cm\" fo:margin-bottom=\"0.1cm\"", "")
  pstyle("Table_20_Contents", "Table Contents", "Standard", "", "fo:font-size=\"" (deck ? 11 : 10) "pt\"")
  pstyle("Table_20_Heading", "Table Heading", "Table_20_Contents", "", "fo:font-weight=\"bold\" fo:color=\"#ffffff\"")
  pstyle("Header", "Header", "Standard", "", "fo:font-size=\"9pt\" fo:color=\"#404040\"")
  pstyle("Footer", "Footer", "Standard", "fo:text-align=\"end\"", "fo:font-size=\"9pt\" fo:color=\"#404040\"")
  print "<style:style style:name=\"Strong_20_Emphasis\" style:display-name=\"Strong Emphasis\" style:family=\"text\"><style:text-properties fo:font-weight=\"bold\"/></style:style>"
  print "</office:styles>"
  print "<office:automatic-styles>"
  print "<style:style style:name=\"Facts\" style:family=\"table\"><style:table-properties style:width=\"" TWIDTH "\" table:align=\"left\" fo:margin-bottom=\"0.3cm\"/></style:style>"
  print "<style:style style:name=\"Agenda\" style:family=\"table\"><style:table-properties style:width=\"" TWIDTH "\" table:align=\"left\" fo:margin-bottom=\"0.3cm\"/></style:style>"
  print "<style:style style:name=\"Cell\" style:family=\"table-cell\"><style:table-cell-properties fo:padding=\"0.08cm\" fo:border=\"0.5pt solid #8eaadb\"/></style:style>"
  print "<style:style style:name=\"CellHead\" style:family=\"table-cell\"><style:table-cell-properties fo:padding=\"0.08cm\" fo:background-color=\"#1f3864\" fo:border=\"0.5pt solid #8eaadb\"/></style:style>"
  print "<style:style style:name=\"CellKey\" style:family=\"table-cell\"><style:table-cell-properties fo:padding=\"0.08cm\" fo:background-color=\"#d9e2f3\" fo:border=\"0.5pt solid #8eaadb\"/></style:style>"
  print "<style:style style:name=\"Minutes\" style:family=\"table\"><style:table-properties style:width=\"" TWIDTH "\" table:align=\"left\"/></style:style>"
  column_styles("Agenda", TW); column_styles("Facts", deck ? "6cm 20.7cm" : "3.6cm 13cm")
  column_styles("Minutes", deck ? "2cm 19cm 5.7cm" : "1.8cm 11.4cm 3.4cm")
  break_styles("Title Subtitle Heading_20_1 Heading_20_2 Heading_20_3 Text_20_body List_20_Bullet", "Agenda Facts Minutes")
  print "<style:page-layout style:name=\"pm1\"><style:page-layout-properties fo:page-width=\"" PW "\" fo:page-height=\"" PH "\" style:print-orientation=\"" (deck ? "landscape" : "portrait") "\" fo:margin-top=\"1.2cm\" fo:margin-bottom=\"1.2cm\" fo:margin-left=\"" (deck ? "1.5cm" : "2.2cm") "\" fo:margin-right=\"" (deck ? "1.5cm" : "2.2cm") "\"/>"
  print "<style:header-style><style:header-footer-properties fo:min-height=\"0.6cm\" fo:margin-bottom=\"0.5cm\" fo:border-bottom=\"0.5pt solid #8eaadb\"/></style:header-style>"
  print "<style:footer-style><style:header-footer-properties fo:min-height=\"0.6cm\" fo:margin-top=\"0.5cm\"/></style:footer-style></style:page-layout>"
  print "</office:automatic-styles>"
  print "<office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"pm1\">"
  print "<style:header><text:p text:style-name=\"Header\">" x(M["body"] " – møte " long_date(M["date"])) "</text:p></style:header>"
  print "<style:footer><text:p text:style-name=\"Footer\">Side <text:page-number text:select-page=\"current\">1</text:page-number> av <text:page-count>1</text:page-count></text:p></style:footer>"
  print "</style:master-page></office:master-styles>"
}

# Heights in body lines.
function h_para(s) { return lines(s, CPL) * 1.15 + 0.45 }
function h_head1(s) { return lines(s, H1CPL) * 1.5 + 1.3 }
function h_head2(s) { return lines(s, H1CPL * 1.2) * 1.25 + 0.9 }
function h_cells(a, ca, b, cb) { return max(lines(a, ca), lines(b, cb)) * (deck ? 0.8 : 0.9) + (deck ? 0.2 : 0.45) }

# ---- front page ---------------------------------------------------------------
function front(    i, mem) {
  heading("Title", 1, deck ? x(M["body"] " – møte " long_date(M["date"])) : "Innkalling til møte i " x(M["body"]))
  take(deck ? 3 : 2.5)
  para("Subtitle", x(M["bodylong"]) (deck ? " · møte " x(M["number"]) " · " x(M["place"]) " · kl. " x(M["time"]) : ""))
  take(deck ? 2 : 1.5)
  if (!deck) {
    facts_table("Møte\t" M["body"] " " M["number"] "\tDato\t" long_date(M["date"]) "\tTid\tKl. " M["time"] "\tSted\t" M["place"])
  }
  agenda_table(deck ? "Agenda" : "Dagsorden", M["date"], 1)
  if (!deck) {
    mem = ""
    for (i = 1; i <= nm && K[i] != "agenda"; i++) if (K[i] == "member") mem = mem (mem == "" ? "" : "; ") A[i]
    if (mem != "") { need(h_head2("Medlemmer") + h_para(mem)); heading("Heading_20_2", 2, "Medlemmer"); take(h_head2("Medlemmer")); para("Text_20_body", x(mem)); take(h_para(mem)) }
  }
}

# Key/value pairs "k\tv\tk\tv..." as a two-column table.
function facts_table(kv,    f, n, k, h) {
  n = split(kv, f, "\t"); h = 0
  for (k = 1; k < n; k += 2) if (f[k + 1] != "-" && f[k + 1] != "") h += h_cells(f[k + 1], deck ? 90 : 62, "", 1)
  need(h)
  table_begin("Facts", "a b")
  for (k = 1; k < n; k += 2) if (f[k + 1] != "-" && f[k + 1] != "")
    print "<table:table-row><table:table-cell table:style-name=\"CellKey\" office:value-type=\"string\"><text:p text:style-name=\"Table_20_Contents\">" x(f[k]) "</text:p></table:table-cell><table:table-cell table:style-name=\"Cell\" office:value-type=\"string\"><text:p text:style-name=\"Table_20_Contents\">" x(f[k + 1]) "</text:p></table:table-cell></table:table-row>"
  table_end(); take(h + 0.6)
}

# The agenda rows that follow model row `from` (up to the first case) as a
# table on one page; full = 4 columns (Saksnr | Sak | Type | Tid/Ansvar).
function agenda_table(label, date, full,    i, j, h, ta, cells, tstyle) {
  for (i = from_row; i <= nm && K[i] != "agenda"; i++) ;
  h = h_head2(label) + 1.2
  for (j = i; j <= nm && K[j] == "agenda"; j++) h += h_cells(B[j], full ? TCPL2 : TCPL2 + 10, ta_of(j), full ? TCPL4 : 20)
  need(h)
  heading("Heading_20_2", 2, x(label))
  tstyle = full ? "Agenda" : "Minutes"
  table_begin(tstyle, full ? TW : "a b c")
  table_row(full ? "Saksnr\tSak\tType\tTid/Ansvar" : "Saksnr\tSak\tType", "CellHead", "Table_20_Heading", 1)
  for (j = i; j <= nm && K[j] == "agenda"; j++) {
    cells = (A[j] == "-" ? "" : x(A[j])) "\t" x(B[j]) "\t" (D[j] == "-" ? "" : x(D[j]))
    if (full) cells = cells "\t" x(ta_of(j))
    table_row(cells, "Cell", "Table_20_Contents", 0)
    mark_agenda(A[j], M["body"], date)
  }
  table_end(); take(h)
  from_row = j
}
function ta_of(j) { return (C[j] == "-" ? "" : C[j]) (E[j] == "-" || E[j] == "" ? "" : (C[j] == "-" ? "" : " – ") E[j]) }

# ---- case blocks ----------------------------------------------------------------
function h_of(kind, s) {
  if (kind == "h") return h_para(s) + 0.4
  if (kind == "li") return lines(s, CPL - 6) * 1.15 + 0.25
  return h_para(s)
}
function put(kind, s) {
  if (kind == "h") heading("Heading_20_3", 3, x(s))
  else if (kind == "li") para("List_20_Bullet", "•<text:tab/>" x(s))
  else para("Text_20_body", x(s))
}

# Decision block: label heading + paragraphs, kept on one page.
function decision_block(i, key, label,    j, h) {
  h = h_head2(label)
  for (j = i; j <= nm && K[j] != "end"; j++) if (K[j] == key) h += h_para(A[j])
  if (h == h_head2(label)) return
  need(h); mark(cno, crole, cbody, cdate)
  if (key == "prop") heading("Heading_20_2", 2, x(label))
  else para("Text_20_body", span("Strong_20_Emphasis", x(label)))
  for (j = i; j <= nm && K[j] != "end"; j++) if (K[j] == key) para("Text_20_body", x(A[j]))
  take(h)
}

function case_block(i, minutes,    t, hh) {
  t = case_at(i); blockid++
  cno = c["no"]; crole = c["role"]; cdate = c["date"]; cbody = M["body"]
  hh = minutes ? cno " – " c["title"] : (deck ? "Sak " cno " " c["title"] : cno " – " c["title"])
  if (minutes) { need(h_head2(hh) + 3); mark(cno, crole, cbody, cdate); heading("Heading_20_2", 2, x(hh)); take(h_head2(hh)) }
  else {
    new_page(); mark(cno, crole, cbody, cdate)
    heading("Heading_20_1", 1, x(hh)); take(h_head1(hh))
    if (deck) {
      hh = (c["type"] != "-" ? c["type"] : "") (c["presenter"] != "-" ? (c["type"] != "-" ? " · " : "") "Presenterer saken: " c["presenter"] : "")
      if (hh != "") { para("Subtitle", x(hh)); take(h_para(hh) + 0.6) }
    } else
      facts_table("Møte\t" M["body"] " " M["number"] " – " long_date(M["date"]) "\tSaksnr.\t" cno "\tSakstype\t" c["type"] "\tFra\t" c["presenter"] "\tSaksbehandler\t" c["officer"])
  }
  t = body_rows(t, crole)
  decisions_at(t)
  decision_block(t, "prop", "Forslag til vedtak")
  decision_block(t, "dec", "Vedtak:")
  decision_row(cbody, cno, crole)
  return bend
}

function minutes_block(i,    hh) {
  new_page()
  hh = "Vedlegg 1: Referat fra møte i " B[i] " " long_date(C[i])
  heading("Heading_20_1", 1, x(hh)); take(h_head1(hh))
  facts_table("Møte\t" B[i] " " D[i] "\tDato\t" long_date(C[i]) "\tTid\tKl. " G[i] "\tSted\t" E[i])
  from_row = i + 1
  agenda_table("Saker", C[i], 0)
  for (i = from_row; i <= nm && K[i] != "endmeeting"; ) i = case_block(i, 1)
  return i + 1
}

function render(    i) {
  geometry()
  doc_begin(title, subject)
  pg_start(); from_row = 1
  front()
  walk()
  doc_end()
  pages_rows()
}

END { render() }
