# casesys.awk: meeting model -> flat ODT of a paper printed by a municipal
# case-handling / meeting system (layout families d and e; the genre, not
# any one vendor's template).  Three kinds of paper (variable part):
#   sf        one case paper, SAKSFRAMLEGG: "Saksbehandler:", "Arkiv:",
#             the archive number ("Arkivsaksnr.: 20/1187-3", never a
#             meeting case number), the table "Behandlingsrekkefølge"
#             (one row per council the case goes to, each with its own
#             case number and meeting date), the title, the proposal and
#             "Saksopplysninger" (family d: the proposal first);
#   bundle    "Saksdokumenter": the notice (MØTEINNKALLING, facts, case
#             list) and every case paper of the meeting, each on a new
#             page (family e: the proposal last, "... forslag til vedtak");
#   protocol  the minutes of one meeting (variable meeting: its date, the
#             model's own meeting or an earlier one whose minutes the model
#             holds): facts, members, a case list "Saksnr. | Innhold |
#             Lukket", then per item the heading ("PS 24/20 Tittel" in d,
#             "24/20 Tittel" in e), "Behandling i <utvalg> - DD.MM.YYYY",
#             the discussion, "Votering" and the decision ("NUFA- 24/20
#             Vedtak:" in d, "Vedtak i <utvalg> - DD.MM.YYYY:" in e, which
#             also repeats the proposal).  A meeting the model holds only
#             proposals for is minuted as adopting them unanimously: the
#             decision is the proposal.
# Family d prints archive numbers YY/NNNN, family e YYYY/NNNN (unless
# short=1, as for the fictive municipality).
#
# Use with fodt.awk: awk -v variant=d|e -v part=sf|bundle|protocol|html
#   -v caseno=N/YY (sf) -v meeting=YYYY-MM-DD (protocol) -v arkiv=TSV
#   -v code=SHORT -v org=NAME -v who="Kommunedirektørens" -v arkivkode=K
#   -v short=0|1 -v rel=.. -v truth=.. -v pagesfile=.. -v created=..
#   -v title=.. -v subject=.. -f fodt.awk -f casesys.awk -f casesys-html.awk X.model
# (part=html: the case's web page instead, see casesys-html.awk.)
# Truth rows besides fodt.awk's P, C and D: A file page archive_no, on the
# page where the paper states the archive number.

BEGIN {
  AUTHOR = org
  while ((getline l < arkiv) > 0) {
    if (l ~ /^#/ || l == "") continue
    split(l, f, "\t"); AR[f[1] SUBSEP f[2]] = f[3] "\t" f[4] "\t" f[5] "\t" f[6]
  }
  close(arkiv)
}

function geometry() {
  TWIDTH = "17cm"
  if (variant == "d") { FONT = "Liberation Sans"; FS = "10pt"; BUDGET = 56; CPL = 90; FW = "5.4cm 11.6cm" }
  else { FONT = "Carlito"; FS = "11pt"; BUDGET = 50; CPL = 86; FW = "4.6cm 12.4cm" }
}

function styles() {
  print "<office:font-face-decls><style:font-face style:name=\"" FONT "\" svg:font-family=\"'" FONT "'\" style:font-family-generic=\"swiss\" style:font-pitch=\"variable\"/></office:font-face-decls>"
  print "<office:styles>"
  print "<style:default-style style:family=\"paragraph\"><style:paragraph-properties fo:orphans=\"2\" fo:widows=\"2\"/><style:text-properties style:font-name=\"" FONT "\" fo:font-size=\"" FS "\" fo:language=\"nb\" fo:country=\"NO\" fo:hyphenate=\"false\"/></style:default-style>"
  pstyle("Standard", "Standard", "", "fo:margin-top=\"0cm\" fo:margin-bottom=\"0cm\"", "")
  pstyle("Tekst", "Brødtekst", "Standard", "fo:margin-bottom=\"0.2cm\"", "")
  pstyle("Dokumenttype", "Dokumenttype", "Standard", "fo:margin-bottom=\"0.4cm\"", "fo:font-size=\"" (variant == "d" ? "16pt" : "20pt") "\" fo:font-weight=\"bold\"" (variant == "e" ? " fo:color=\"#1f4e79\"" : ""))
  pstyle("Virksomhet", "Virksomhet", "Standard", "fo:margin-bottom=\"0.2cm\"", "fo:font-size=\"12pt\" fo:font-weight=\"bold\" fo:color=\"#404040\"")
  pstyle("Tittel", "Sakstittel", "Standard", "fo:margin-top=\"0.3cm\" fo:margin-bottom=\"0.3cm\"", "fo:font-size=\"" (variant == "d" ? "12pt" : "14pt") "\" fo:font-weight=\"bold\"")
  pstyle("Ledetekst", "Ledetekst", "Standard", "fo:margin-top=\"0.25cm\" fo:margin-bottom=\"0.1cm\"", "fo:font-weight=\"bold\"")
  pstyle("Liste", "Liste", "Tekst", "fo:margin-left=\"0.8cm\" fo:text-indent=\"-0.4cm\" fo:margin-bottom=\"0.08cm\"", "")
  pstyle("Celle", "Tabelltekst", "Standard", "", "fo:font-size=\"" (variant == "d" ? "9.5pt" : "10pt") "\"")
  pstyle("Cellefet", "Tabelloverskrift", "Celle", "", "fo:font-weight=\"bold\"")
  pstyle("Topp", "Topptekst", "Standard", "", "fo:font-size=\"8.5pt\" fo:color=\"#404040\"")
  pstyle("Bunn", "Bunntekst", "Standard", "fo:text-align=\"" (variant == "d" ? "end" : "center") "\"", "fo:font-size=\"8.5pt\"")
  print "<style:style style:name=\"Fet\" style:family=\"text\"><style:text-properties fo:font-weight=\"bold\"/></style:style>"
  print "</office:styles>"
  print "<office:automatic-styles>"
  tstyle("Fakta"); tstyle("Rekke"); tstyle("Liste3")
  print "<style:style style:name=\"Rute\" style:family=\"table-cell\"><style:table-cell-properties fo:padding=\"0.06cm\" fo:border=\"" (variant == "d" ? "0.5pt solid #000000" : "none") "\"" (variant == "e" ? " fo:border-bottom=\"0.5pt solid #9dc3e6\"" : "") "/></style:style>"
  print "<style:style style:name=\"Hode\" style:family=\"table-cell\"><style:table-cell-properties fo:padding=\"0.06cm\" fo:background-color=\"" (variant == "d" ? "#d9d9d9" : "#deeaf6") "\" fo:border=\"0.5pt solid #000000\"/></style:style>"
  print "<style:style style:name=\"Blank\" style:family=\"table-cell\"><style:table-cell-properties fo:padding=\"0.04cm\" fo:border=\"none\"/></style:style>"
  column_styles("Fakta", FW)
  column_styles("Rekke", variant == "d" ? "2.4cm 10.6cm 4cm" : "10cm 3.5cm 3.5cm")
  column_styles("Liste3", variant == "d" ? "2.6cm 12.6cm 1.8cm" : "2.2cm 12.6cm 2.2cm")
  break_styles("Dokumenttype Virksomhet Tittel Ledetekst Tekst Liste", "Fakta Rekke Liste3")
  print "<style:style style:name=\"ToppTab\" style:family=\"paragraph\" style:parent-style-name=\"Topp\"><style:paragraph-properties><style:tab-stops><style:tab-stop style:position=\"17cm\" style:type=\"right\"/></style:tab-stops></style:paragraph-properties></style:style>"
  print "<style:page-layout style:name=\"pm1\"><style:page-layout-properties fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" style:print-orientation=\"portrait\" fo:margin-top=\"1.3cm\" fo:margin-bottom=\"1.3cm\" fo:margin-left=\"2cm\" fo:margin-right=\"2cm\"/>"
  print "<style:header-style><style:header-footer-properties fo:min-height=\"0.5cm\" fo:margin-bottom=\"0.5cm\"/></style:header-style>"
  print "<style:footer-style><style:header-footer-properties fo:min-height=\"0.5cm\" fo:margin-top=\"0.4cm\"/></style:footer-style></style:page-layout>"
  print "</office:automatic-styles>"
  print "<office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"pm1\">"
  print "<style:header><text:p text:style-name=\"ToppTab\">" x(org) "<text:tab/>" x(HEADR) "</text:p></style:header>"
  print "<style:footer><text:p text:style-name=\"Bunn\">Side <text:page-number text:select-page=\"current\">1</text:page-number>" (variant == "d" ? " av <text:page-count>1</text:page-count>" : "") "</text:p></style:footer>"
  print "</style:master-page></office:master-styles>"
}
function tstyle(n) { print "<style:style style:name=\"" n "\" style:family=\"table\"><style:table-properties style:width=\"" TWIDTH "\" table:align=\"left\" fo:margin-bottom=\"0.3cm\"/></style:style>" }

# ---- heights (body lines) and elements ------------------------------------------
function h_para(s) { return lines(s, CPL) * 1.15 + 0.45 }
function h_of(kind, s) {
  if (kind == "h") return lines(s, CPL) * 1.15 + 0.7
  if (kind == "li") return lines(s, CPL - 6) * 1.15 + 0.25
  return h_para(s)
}
function put(kind, s) {
  if (kind == "h") para("Ledetekst", x(s))
  else if (kind == "li") para("Liste", "•<text:tab/>" x(s))
  else para("Tekst", x(s))
}
function h_lead(s) { return lines(s, CPL) * 1.15 + 0.8 }
function lead(s) { para("Ledetekst", x(s)) }
function h_cell(s, cpl) { return lines(s, cpl) * 1.05 + 0.35 }
function archive_row(no) { print "A\t" rel "\t" page "\t" no > truth }

# Two-column facts "Label:<TAB>value<TAB>..." (values "" or "-" left out);
# labels bold, no borders.
function facts(kv,    f, n, k, h) {
  n = split(kv, f, "\t"); h = 0
  for (k = 1; k < n; k += 2) if (f[k + 1] != "-" && f[k + 1] != "") h += h_cell(f[k + 1], CPL * 0.7)
  need(h + 0.4)
  table_begin("Fakta", FW)
  for (k = 1; k < n; k += 2) if (f[k + 1] != "-" && f[k + 1] != "")
    table_row(span("Fet", x(f[k])) "\t" x(f[k + 1]), "Blank", "Celle", 0)
  table_end(); take(h + 0.4)
}

# ---- archive facts and the councils a case goes to ----------------------------
# arch(no): sets A_SAK (archive case as printed), A_DOC (doc number), A_OFF
# (officer, else the presenter's name) and TR_n rows TR_body/no/date[k] in
# date order, the council itself included.
function arch(no, body, date, presenter,    a, o, n, k, r, j, t) {
  split((body SUBSEP no) in AR ? AR[body SUBSEP no] : "-\t-\t-\t-", a, "\t")
  A_SAK = a[1] == "-" ? "" : (variant == "e" && !short ? "20" a[1] : a[1]); A_DOC = a[2]
  A_OFF = a[3] != "-" ? a[3] : (c["officer"] != "-" ? c["officer"] : presenter)
  sub(/,.*/, "", A_OFF); if (A_OFF == "-" || A_OFF == "") A_OFF = "Sekretariatet"
  TR_n = 1; TR_body[1] = body; TR_no[1] = no; TR_date[1] = date
  n = a[4] == "-" ? 0 : split(a[4], o, ";")
  for (k = 1; k <= n; k++) { split(o[k], r, ","); TR_n++; TR_body[TR_n] = r[1]; TR_no[TR_n] = r[2]; TR_date[TR_n] = r[3] }
  for (k = 2; k <= TR_n; k++) for (j = k; j > 1 && TR_date[j] < TR_date[j - 1]; j--) {
    t = TR_body[j]; TR_body[j] = TR_body[j - 1]; TR_body[j - 1] = t
    t = TR_no[j]; TR_no[j] = TR_no[j - 1]; TR_no[j - 1] = t
    t = TR_date[j]; TR_date[j] = TR_date[j - 1]; TR_date[j - 1] = t
  }
}
# The case paper's block on this page, for every council of its treatment.
# (In minutes, PROTO set: the item only.)
function mark_all(    k) {
  if (PROTO) { mark(cno, "minutes", cbody, cdate); return }
  for (k = 1; k <= TR_n; k++) mark(TR_no[k], "case", TR_body[k], TR_date[k])
}

# The council of treatment row k as the system names it (the paper's own
# council by its long name).
function long_of(k) { return TR_body[k] == M["body"] ? M["bodylong"] : TR_body[k] }

# The "Behandlingsrekkefølge" table.
function treatment(    k, h) {
  h = h_lead("Behandlingsrekkefølge") + 1.2 + TR_n * 1.3
  need(h); mark_all()
  if (variant == "d") {
    lead("Behandlingsrekkefølge")
    table_begin("Rekke", "a b c")
    table_row("Saksnr.\tUtvalg\tMøtedato", "Hode", "Cellefet", 1)
    for (k = 1; k <= TR_n; k++) table_row(x(TR_no[k]) "\t" x(long_of(k)) "\t" dot_date(TR_date[k]), "Rute", "Celle", 0)
  } else {
    table_begin("Rekke", "a b c")
    table_row("Utvalg\tMøtedato\tUtvalgssak", "Hode", "Cellefet", 1)
    for (k = 1; k <= TR_n; k++) table_row(x(long_of(k)) "\t" dot_date(TR_date[k]) "\t" x(TR_no[k]), "Rute", "Celle", 0)
  }
  table_end(); take(h)
}

# ---- the case paper (saksframlegg) --------------------------------------------------
# Model rows from t up to the decisions (body text), marking every council.
function text_rows(t,    h, hn) {
  for (; t <= nm && K[t] !~ /^(prop|dec|end)$/; t++) {
    if (K[t] == "mention") { mark_mention(A[t], B[t], C[t]); continue }
    h = h_of(K[t], A[t])
    hn = (K[t] == "h" && t < nm && K[t + 1] ~ /^(p|li)$/) ? h_of(K[t + 1], A[t + 1]) : 0
    need(h + hn); mark_all(); put(K[t], A[t]); take(h)
  }
  return t
}
function has_text(t) { return K[t] ~ /^(h|p|li)$/ }

# The proposal under its label, kept on one page.
function proposal(t, label,    j, h) {
  if (!nprop) return
  h = h_lead(label)
  for (j = t; j <= nm && K[j] != "end"; j++) if (K[j] == "prop") h += h_para(A[j])
  need(h); mark_all(); lead(label)
  for (j = t; j <= nm && K[j] != "end"; j++) if (K[j] == "prop") para("Tekst", x(A[j]))
  take(h)
}

function sf_head(    an) {
  an = A_SAK == "" ? "" : A_SAK "-" A_DOC
  if (variant == "d") {
    para("Dokumenttype", "SAKSFRAMLEGG"); take(2.2); mark_all()
    facts("Saksbehandler:\t" A_OFF "\tArkiv:\t" arkivkode "\tArkivsaksnr.:\t" an)
  } else {
    para("Virksomhet", x(org)); take(1.4); mark_all()
    para("Dokumenttype", "Saksframlegg"); take(2.4)
    facts("Saksbehandler\t" A_OFF "\tArkivsak/dok.\t" an "\tArkivkode\t" arkivkode)
  }
  if (an != "") archive_row(an)
}

# A case paper for model case row i; first = it opens the file.
function sf_block(i, first,    t) {
  t = case_at(i); blockid++
  arch(c["no"], M["body"], c["date"], c["presenter"])
  decisions_at(t)
  if (!first) new_page()
  sf_head(); treatment()
  need(h_para(c["title"]) + 1.2); mark_all(); para("Tittel", x(c["title"])); take(h_para(c["title"]) + 1.2)
  if (variant == "d") proposal(t, who " innstilling:")
  if (has_text(t)) {
    need(h_lead("Saksopplysninger") + 3); mark_all()
    lead(variant == "d" ? "Saksopplysninger:" : "Saksopplysninger"); take(h_lead("Saksopplysninger"))
    t = text_rows(t)
  }
  if (variant == "e") proposal(t, who " forslag til vedtak:")
  for (i = 1; i <= TR_n; i++) decision_row(TR_body[i], TR_no[i], "case")
  return bend
}
# Does model case row i get a case paper (text or a proposal)?
function has_paper(i,    j) {
  for (j = i + 1; j <= nm && K[j] != "end"; j++) if (K[j] ~ /^(h|p|li|prop)$/) return 1
  return 0
}

# ---- case lists ---------------------------------------------------------------------
# The agenda rows of the meeting whose rows start at lo: the first run of
# agenda rows from there (pauses left out), as a three-column table.
function case_list(lo, body, date,    i, j, h, pre, first) {
  for (i = lo; i <= nm && K[i] != "agenda"; i++) ;
  h = h_lead("Saksliste") + 1.3 + (variant == "d" ? 1.2 : 0)
  for (j = i; j <= nm && K[j] == "agenda"; j++) if (A[j] != "-") h += h_cell(B[j], 70)
  need(h); lead(variant == "d" ? "Saksliste" : "Sakliste")
  table_begin("Liste3", "a b c")
  table_row(variant == "d" ? "Saksnr.\tInnhold\tLukket" : "Sak nr.\tSakstittel\tU.off.", "Hode", "Cellefet", 1)
  if (variant == "d") table_row("\t" span("Fet", "Saker til behandling") "\t", "Rute", "Celle", 0)
  pre = variant == "d" ? "PS " : ""
  for (j = i; j <= nm && K[j] == "agenda"; j++) {
    if (A[j] == "-") continue
    table_row(x(pre A[j]) "\t" x(B[j]) "\t", "Rute", "Celle", 0)
    mark_agenda(A[j], body, date)
  }
  table_end(); take(h)
}

# ---- the notice (front of a bundle) -------------------------------------------------
function notice() {
  para("Virksomhet", x(org)); take(1.4)
  para("Dokumenttype", "Møteinnkalling"); take(2.4)
  facts("Utvalg:\t" M["bodylong"] "\tMøtested:\t" M["place"] "\tMøtedato:\t" dot_date(M["date"]) "\tTid:\t" M["time"])
  para("Tekst", "Eventuelt forfall meldes snarest til utvalgssekretæren. Varamedlemmer møter etter nærmere beskjed."); take(h_para("Eventuelt forfall meldes snarest til utvalgssekretæren. Varamedlemmer møter etter nærmere beskjed."))
  case_list(1, M["body"], M["date"])
}

# ---- the protocol --------------------------------------------------------------------
# Names of the model's rows of kind k, joined with ", " ("" if none).
function names(k,    i, s) {
  for (i = 1; i <= nm && K[i] != "agenda"; i++) if (K[i] == k) s = s (s == "" ? "" : "; ") A[i]
  return s
}
function last_name(k,    s) { s = names(k); sub(/.*; /, "", s); return s }
function proto_head(body, long, date, num, place, time,    mem, own) {
  own = (date == M["date"]); mem = own ? names("member") : ""
  if (mem == "") mem = "Etter vedlagt deltakerliste"
  if (variant == "d") {
    para("Dokumenttype", "MØTEPROTOKOLL"); take(2.2)
    facts("Utvalg:\t" long "\tMøtested:\t" place "\tDato:\t" dot_date(date) "\tTidspunkt:\t" time)
    facts("Faste medlemmer som møtte:\t" mem "\tForfall:\t" (own && names("absent") != "" ? names("absent") : "Ingen") \
      "\tVaramedlemmer som møtte:\t" (own ? names("deputy") : "") "\tFra administrasjonen møtte:\t" (own && names("staff") != "" ? names("staff") : "Sekretariatet") \
      "\tProtokollen godkjennes av:\t" (names("deputy") != "" ? "Leder og ett medlem valgt i møtet" : "Møteleder"))
  } else {
    para("Virksomhet", x(org)); take(1.4)
    para("Dokumenttype", "Protokoll"); take(2.4)
    para("Tittel", x("fra møte i " long " (" num ")")); take(2)
    facts("Møtedato\t" dot_date(date) "\tMøtested\t" place "\tMøtetid\t" time "\tTil stede\t" mem \
      "\tForfall\t" (own ? names("absent") : "") "\tMøtende varamedlemmer\t" (own ? names("deputy") : "") \
      "\tFra administrasjonen\t" (own ? names("staff") : "") "\tProtokollfører\t" (own && names("staff") != "" ? last_name("staff") : "Sekretariatet"))
  }
}

# The text of the item's discussion that the generator writes itself.
function earlier_sentence(date,    k, s, n) {
  for (k = 1; k <= TR_n; k++) if (TR_date[k] < date) s = s (n++ ? ", og i " : "Saken er behandlet i ") TR_body[k] " " dot_date(TR_date[k]) ", sak " TR_no[k]
  return s == "" ? "" : s ". " (n > 1 ? "Rådene" : "Rådet") " sluttet seg til innstillingen."
}
function said(s) { if (s == "") return; need(h_para(s)); mark_all(); para("Tekst", x(s)); take(h_para(s)) }
function said_mentions(date,    k) {
  for (k = 1; k <= TR_n; k++) if (TR_date[k] < date) mark_mention(TR_no[k], TR_body[k], TR_date[k])
}
function vote(s,    h) { h = h_lead("Votering") + h_para(s); need(h); mark_all(); lead("Votering"); para("Tekst", x(s)); take(h) }

# Paragraphs of model rows of kind k from t, under a label, kept together.
function block(t, k, label,    j, h) {
  h = h_lead(label)
  for (j = t; j <= nm && K[j] != "end"; j++) if (K[j] == k) h += h_para(A[j])
  need(h); mark_all(); lead(label)
  for (j = t; j <= nm && K[j] != "end"; j++) if (K[j] == k) para("Tekst", x(A[j]))
  take(h)
}

# A minutes item for model case row i of the meeting (body, long name, date).
function pr_item(i, body, long, date,    t, hh, own, p, dk) {
  t = case_at(i); blockid++
  cno = c["no"]; cbody = body; cdate = date; own = !has_dec(t)
  arch(cno, body, date, c["presenter"]); decisions_at(t)
  hh = (variant == "d" ? "PS " : "") cno " " c["title"]
  need(h_para(hh) + 1.2 + 9); mark_all(); para("Tittel", x(hh)); take(h_para(hh) + 1.2)
  if (A_SAK != "") { said("Arkivsak: " A_SAK); archive_row(A_SAK) }
  if (variant == "e" && nprop) block(t, "prop", "Forslag til vedtak:")
  p = variant == "d" ? "Behandling i " long " - " dot_date(date) : "Behandling:"
  need(h_lead(p) + 2); mark_all(); lead(p); take(h_lead(p))
  said(earlier_sentence(date)); said_mentions(date)
  if (own) {
    p = c["presenter"]; sub(/,.*/, "", p)
    said(p != "-" ? p " la fram saken." : "")
    if (!nprop) said("Ingen saker ble tatt opp.")
  } else t = text_rows(t)
  if (own && nprop) { decs = props; ndec = nprop; dk = "prop" } else dk = "dec"
  if (ndec) {
    vote(variant == "d" ? "Enstemmig vedtatt." : (own ? "Forslaget ble enstemmig vedtatt." : "Enstemmig."))
    block(t, dk, variant == "d" ? code "- " cno " Vedtak:" : "Vedtak i " long " - " dot_date(date) ":")
  }
  if (variant == "d") nprop = 0
  decision_row(body, cno, "minutes")
  return bend
}
function has_dec(t) { for (; t <= nm && K[t] != "end"; t++) if (K[t] == "dec") return 1; return 0 }

# The minutes of the meeting on date: the model's own or an embedded one.
function protocol(    i, lo, hi, long) {
  PROTO = 1
  if (meeting == M["date"]) {
    proto_head(M["body"], M["bodylong"], M["date"], M["number"], M["place"], M["time"])
    case_list(1, M["body"], M["date"])
    for (i = 1; i <= nm; ) {
      if (K[i] == "meeting") { for (; i <= nm && K[i] != "endmeeting"; i++) ; i++; continue }
      if (K[i] == "case") i = pr_item(i, M["body"], M["bodylong"], M["date"]); else i++
    }
    return
  }
  for (lo = 1; lo <= nm && !(K[lo] == "meeting" && C[lo] == meeting); lo++) ;
  if (lo > nm) { print "casesys.awk: no minutes of " meeting " in the model" > "/dev/stderr"; exit 1 }
  long = B[lo] == M["body"] ? M["bodylong"] : B[lo]
  proto_head(B[lo], long, C[lo], D[lo], E[lo], G[lo])
  case_list(lo + 1, B[lo], C[lo])
  for (i = lo + 1; i <= nm && K[i] != "endmeeting"; ) if (K[i] == "case") i = pr_item(i, B[lo], long, C[lo]); else i++
}

# fodt.awk's walk() hooks: this family walks the model itself (render), so
# walk() is not called; a case block would be a case paper, an embedded
# meeting is skipped.
function case_block(i, minutes) { return sf_block(i, 0) }
function minutes_block(i) { for (; i <= nm && K[i] != "endmeeting"; i++) ; return i + 1 }

function render(    i) {
  if (part == "html") { html_page(); return }
  HEADR = part == "protocol" ? (variant == "d" ? "Møteprotokoll" : "Protokoll") : (part == "bundle" ? "Saksdokumenter" : "Saksframlegg")
  geometry()
  doc_begin(title, subject)
  pg_start(); from_row = 1
  if (part == "protocol") { protocol(); if (meeting != M["date"]) M["date"] = meeting }
  else if (part == "bundle") {
    notice()
    for (i = 1; i <= nm; i++) if (K[i] == "case" && B[i] == "case" && has_paper(i)) i = sf_block(i, 0) - 1
  } else {
    for (i = 1; i <= nm && !(K[i] == "case" && A[i] == caseno && B[i] == "case"); i++) ;
    if (i > nm) { print "casesys.awk: no case " caseno " in the model" > "/dev/stderr"; exit 1 }
    sf_block(i, 1)
  }
  doc_end()
  pages_rows()
}

END { render() }
