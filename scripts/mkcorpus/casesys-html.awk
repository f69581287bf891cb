# casesys-html.awk: the web page a municipal meeting system's public
# "innsyn" shows for one case (part=html of casesys.awk, loaded after it):
# the case's facts in a table ("Saksnummer", "Utvalg", "Møtedato",
# "Saksbehandler", "Arkivsak"), the proposal, the list of the case's
# documents, inside the site's navigation (menus, breadcrumb, search box,
# footer).  Family d: a responsive portal that also shows the case text
# ("Saksopplysninger"); family e: an older table-layout portal, facts as
# "Label:" cells, the documents as a table with their document numbers.
# Truth rows (page 0): P, C (the case, and the cases its text mentions), A
# (every archive number written on the page), D (the proposal).
# Variables as casesys.awk, plus caseno, site (the site's name), url (the
# site's host), meetid (the meeting's id in the site's links).

function html_text(t,    out) {
  for (; t <= nm && K[t] !~ /^(prop|dec|end)$/; t++) {
    if (K[t] == "mention") { print "C\t" rel "\t0\t" B[t] "\t" A[t] "\tmention\tstart\t" C[t] > truth; continue }
    if (K[t] == "h") out = out "<h3>" x(A[t]) "</h3>\n"
    else if (K[t] == "li") out = out "<ul><li>" x(A[t]) "</li></ul>\n"
    else out = out "<p>" x(A[t]) "</p>\n"
  }
  gsub(/<\/ul>\n<ul>/, "\n", out)
  return out
}
function html_props(t,    j, out) {
  for (j = t; j <= nm && K[j] != "end"; j++) if (K[j] == "prop") out = out "<p>" x(A[j]) "</p>\n"
  return out
}

function html_page(    i, t, an, sak, pd, md) {
  for (i = 1; i <= nm && !(K[i] == "case" && A[i] == caseno && B[i] == "case"); i++) ;
  if (i > nm) { print "casesys-html.awk: no case " caseno " in the model" > "/dev/stderr"; exit 1 }
  t = case_at(i); arch(c["no"], M["body"], c["date"], c["presenter"]); decisions_at(t)
  sak = A_SAK; an = A_SAK == "" ? "" : A_SAK "-" A_DOC
  md = dot_date(M["date"]); pd = dot_date(created)
  print "P\t" rel "\t0\t" M["body"] "\t" M["date"] > truth
  print "C\t" rel "\t0\t" M["body"] "\t" c["no"] "\tcase\tstart\t" M["date"] > truth
  if (variant == "d") html_d(t, sak, an, md, pd); else html_e(t, sak, an, md, pd)
  if (sak != "") print "A\t" rel "\t0\t" sak > truth
  if (an != "") print "A\t" rel "\t0\t" an > truth
  decision_row(M["body"], c["no"], "case")
}

function html_d(t, sak, an, md, pd,    text) {
  print "<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
  print "<title>PS " x(c["no"]) " " x(c["title"]) " - " x(site) "</title>"
  print "<link rel=\"stylesheet\" href=\"/innsyn/assets/app.3f9c1d.css\">\n</head>\n<body class=\"innsyn innsyn--sak\">"
  print "<a class=\"skip\" href=\"#innhold\">Gå til innhold</a>"
  print "<header class=\"topbar\">\n<a class=\"topbar__logo\" href=\"https://" url "/\">" x(org) "</a>"
  print "<nav class=\"topbar__menu\" aria-label=\"Hovedmeny\"><ul>\n<li><a href=\"/innsyn/motekalender\">Møtekalender</a></li>\n<li><a href=\"/innsyn/utvalg\">Utvalg og råd</a></li>\n<li><a href=\"/innsyn/postliste\">Postliste</a></li>\n<li><a href=\"/innsyn/sok\">Søk i saker</a></li>\n</ul></nav>"
  print "<form class=\"topbar__search\" action=\"/innsyn/sok\" role=\"search\"><input type=\"search\" name=\"q\" placeholder=\"Søk etter saker og dokumenter\" aria-label=\"Søk\"><button>Søk</button></form>\n</header>"
  print "<nav class=\"breadcrumb\" aria-label=\"Brødsmulesti\"><ol>\n<li><a href=\"/innsyn\">Innsyn</a></li>\n<li><a href=\"/innsyn/motekalender\">Møtekalender</a></li>"
  print "<li><a href=\"/innsyn/mote/" meetid "\">" x(M["bodylong"]) " " md "</a></li>\n<li aria-current=\"page\">Sak " x(c["no"]) "</li>\n</ol></nav>"
  print "<main id=\"innhold\" class=\"sak\">\n<h1 class=\"sak__tittel\">" x(c["title"]) "</h1>"
  print "<table class=\"sak__fakta\">\n<tr><th scope=\"row\">Saksnummer</th><td>" x(c["no"]) "</td></tr>\n<tr><th scope=\"row\">Utvalg</th><td>" x(M["bodylong"]) "</td></tr>"
  print "<tr><th scope=\"row\">Møtedato</th><td>" md "</td></tr>\n<tr><th scope=\"row\">Saksbehandler</th><td>" x(A_OFF) "</td></tr>"
  if (sak != "") print "<tr><th scope=\"row\">Arkivsak</th><td>" sak "</td></tr>"
  print "</table>"
  if (nprop) print "<section class=\"sak__innstilling\">\n<h2>" x(who) " innstilling</h2>\n" html_props(t) "</section>"
  text = html_text(t)
  if (text != "") print "<section class=\"sak__tekst\">\n<h2>Saksopplysninger</h2>\n" text "</section>"
  print "<section class=\"sak__dokumenter\">\n<h2>Dokumenter</h2>\n<ul>"
  print "<li><a href=\"/innsyn/dokument/" meetid "/" A_DOC "\">Saksframlegg</a>" (an != "" ? " <span class=\"dokid\">(" an ")</span>" : "") "</li>"
  print "<li><a href=\"/innsyn/mote/" meetid "/protokoll\">Møteprotokoll " x(M["bodylong"]) " " md "</a></li>\n</ul>\n</section>\n</main>"
  print "<footer class=\"bunn\">\n<p>" x(org) " · Postmottak: postmottak@" url "</p>\n<p><a href=\"/personvern\">Personvern</a> · <a href=\"/tilgjengelighet\">Tilgjengelighetserklæring</a> · Publisert " pd "</p>\n</footer>\n</body>\n</html>"
}

function html_e(t, sak, an, md, pd) {
  print "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
  print "<title>Møte- og saksinformasjon - " x(site) "</title>\n<link rel=\"stylesheet\" href=\"/eInnsyn/stil.css\" type=\"text/css\">\n</head>\n<body>"
  print "<table width=\"100%\" border=\"0\" cellspacing=\"0\" cellpadding=\"0\">\n<tr><td colspan=\"2\" class=\"topp\"><b>" x(org) "</b> - Politiske møter og saker"
  print "<form action=\"/eInnsyn/Sok.aspx\" method=\"get\" style=\"display:inline\"> Søk: <input type=\"text\" name=\"tekst\" size=\"20\"> <input type=\"submit\" value=\"Søk\"></form></td></tr>"
  print "<tr><td class=\"meny\" valign=\"top\" width=\"180\">\n<a href=\"/eInnsyn/Motekalender.aspx\">Møtekalender</a><br>\n<a href=\"/eInnsyn/Utvalg.aspx\">Utvalg</a><br>\n<a href=\"/eInnsyn/Saker.aspx\">Saker</a><br>\n<a href=\"/eInnsyn/Postjournal.aspx\">Postjournal</a><br>\n<a href=\"/eInnsyn/Hjelp.aspx\">Hjelp</a>\n</td>"
  print "<td valign=\"top\" class=\"innhold\">\n<div class=\"sti\">Du er her: <a href=\"/eInnsyn/\">Forside</a> &gt; <a href=\"/eInnsyn/Motekalender.aspx\">Møtekalender</a> &gt; <a href=\"/eInnsyn/Mote.aspx?id=" meetid "\">Møte " md "</a> &gt; Saksbehandling</div>"
  print "<h3>Saksbehandling</h3>\n<p class=\"tittel\"><b>" x(c["title"]) "</b></p>"
  print "<table class=\"detaljer\" border=\"0\" cellpadding=\"2\">\n<tr><td class=\"ledetekst\">Saksnummer:</td><td>" x(c["no"]) "</td></tr>\n<tr><td class=\"ledetekst\">Utvalg:</td><td>" x(M["bodylong"]) "</td></tr>"
  print "<tr><td class=\"ledetekst\">Møtedato:</td><td>" md "</td></tr>\n<tr><td class=\"ledetekst\">Saksbehandler:</td><td>" x(A_OFF) "</td></tr>"
  if (sak != "") print "<tr><td class=\"ledetekst\">Arkivsak:</td><td>" sak "</td></tr>"
  print "</table>"
  if (nprop) print "<p><b>" x(who) " forslag til vedtak:</b></p>\n" html_props(t)
  print "<p><b>Dokumenter i saken</b></p>\n<table class=\"dokumenter\" border=\"1\" cellpadding=\"3\" cellspacing=\"0\">\n<tr><th>Dok.nr.</th><th>Dato</th><th>Dokument</th></tr>"
  print "<tr><td>" (an != "" ? an : "&nbsp;") "</td><td>" pd "</td><td><a href=\"/eInnsyn/Dokument.aspx?id=" meetid A_DOC "\">Saksframlegg</a></td></tr>\n</table>"
  print "</td></tr>\n<tr><td colspan=\"2\" class=\"bunn\">" x(org) " - postmottak@" url " - <a href=\"/eInnsyn/Personvern.aspx\">Personvern</a></td></tr>\n</table>\n</body>\n</html>"
}
