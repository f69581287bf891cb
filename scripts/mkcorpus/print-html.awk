# print-html.awk: one case of a meeting model -> the case's web page in
# layout family f's site template (held out), with its truth rows.  The
# site: a top bar, a breadcrumb, the article with the facts either as a
# <table> with <th> in the first column or on one line ("Saksnr: 26/20 |
# Møtedato: 26.08.2020 | Utvalg: Fagutvalget"); the council is named in the
# facts on some pages and only in og:site_name, the breadcrumb and <title>
# on others.  The proposal under "Forslag til vedtak", an adopted decision
# (minutes of the meeting) under "Vedtak".
#
# Used as: awk -v rel=FILE -v truth=TSV -v want=NN/YY -v wantdate=YYYY-MM-DD \
#              -v variant=0|1|2 -v alias=NAME -v formal=NAME \
#              [-v lead_text=T -v lead_ref="NN/YY<TAB>BODY<TAB>DATE"] \
#              -f fodt.awk -f print.awk -f print-html.awk X.model > page.html
# (print.awk's END calls web_page() when want is set.)
#   variant 0: facts table with the council; 1: facts on one line with the
#   council; 2: facts table without it (council in <head> and breadcrumb).

function facts(    s, d) {
  d = dot_date(cdate)
  if (variant == 1) return "<p class=\"saksfakta\">Saksnr: " cno " | Møtedato: " d " | Utvalg: " x(alias) "</p>"
  s = "<table class=\"saksfakta\">\n<tr><th scope=\"row\">Saksnummer</th><td>" cno "</td></tr>\n"
  s = s "<tr><th scope=\"row\">Møtedato</th><td>" d "</td></tr>\n"
  if (variant == 0) s = s "<tr><th scope=\"row\">Utvalg</th><td>" x(formal) "</td></tr>\n"
  if (c["type"] != "-") s = s "<tr><th scope=\"row\">Sakstype</th><td>" x(c["type"]) "</td></tr>\n"
  if (c["presenter"] != "-") s = s "<tr><th scope=\"row\">Ansvarlig</th><td>" x(c["presenter"]) "</td></tr>\n"
  return s "</table>"
}

# The body rows from text row i (lists grouped), then the decisions.
function body(i,    inlist) {
  if (lead_text != "") {
    print "<p>" x(lead_text) "</p>"
    split(lead_ref, L, "\t"); mark_mention(L[1], L[2], L[3])
  }
  for (; i <= nm && K[i] !~ /^(prop|dec|end)$/; i++) {
    if (K[i] == "mention") { mark_mention(A[i], B[i], C[i]); continue }
    if (K[i] != "li" && inlist) { print "</ul>"; inlist = 0 }
    if (K[i] == "li" && !inlist) { print "<ul>"; inlist = 1 }
    if (K[i] == "h") print "<h2>" x(A[i]) "</h2>"
    else if (K[i] == "li") print "<li>" x(A[i]) "</li>"
    else print "<p>" x(A[i]) "</p>"
  }
  if (inlist) print "</ul>"
  decisions(i, "prop", "Forslag til vedtak")
  decisions(i, "dec", "Vedtak")
}
function decisions(i, kind, label,    n) {
  for (; i <= nm && K[i] != "end"; i++) {
    if (K[i] != kind) continue
    if (!n++) print "<section class=\"vedtak\"><h2>" label "</h2>"
    print "<p>" x(A[i]) "</p>"
  }
  if (n) print "</section>"
}

function page_html(t,    site, crumb) {
  site = variant == 0 ? "Direktoratet for e-helse" : formal
  crumb = variant == 0 ? "Møter" : x(alias)
  print "<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">"
  print "<title>" x(c["title"]) (variant == 0 ? "" : " – " x(alias)) " – ehelse.no</title>"
  print "<meta property=\"og:site_name\" content=\"" x(site) "\">"
  print "<meta property=\"og:title\" content=\"" x(c["title"]) "\">"
  print "<link rel=\"stylesheet\" href=\"/static/css/main.b91f.css\">\n</head>\n<body class=\"sak\">"
  print "<div class=\"topbar\"><a class=\"logo\" href=\"/\">ehelse.no</a>"
  print "<ul class=\"meny\"><li><a href=\"/styringsmodellen\">Styringsmodellen</a></li><li><a href=\"/moter\">Møter og saker</a></li><li><a href=\"/sok\">Søk</a></li></ul></div>"
  print "<ol class=\"breadcrumb\"><li><a href=\"/\">Forside</a></li><li><a href=\"/styringsmodellen\">Styringsmodellen</a></li><li><a href=\"/moter\">" crumb "</a></li><li>Møte " dot_date(cdate) "</li></ol>"
  print "<main class=\"innhold\">\n<article>\n<h1>" x(c["title"]) "</h1>"
  print facts()
  body(t)
  print "</article>\n</main>"
  print "<footer class=\"bunn\"><p>Sekretariatet for styringsmodellen · Postboks 221 Skøyen, 0213 Oslo</p><p><a href=\"/personvern\">Personvern</a> · <a href=\"/tilgjengelighet\">Tilgjengelighetserklæring</a></p></footer>"
  print "</body>\n</html>"
}

function web_page(    r, t) {
  for (r = 1; r <= nm; r++) if (K[r] == "case" && A[r] == want && C[r] == wantdate) break
  if (r > nm) { print "print-html.awk: no case " want " of " wantdate > "/dev/stderr"; exit 1 }
  t = open_block(r); page = 0
  print "P\t" rel "\t0\t" cbody "\t" cdate > truth
  mark(cno, "case", cbody, cdate)
  page_html(t)
  decision_row(cbody, cno, "case")
}
