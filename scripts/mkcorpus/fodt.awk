# fodt.awk: shared part of the layout generators office.awk (family b) and
# memo.awk (family c).  They read a meeting model (model.awk) and write a
# flat OpenDocument text (.fodt) for LibreOffice, with every page break
# chosen here, so that the truth rows written beside it are known from the
# model and the page plan alone (never from the PDF's text).
#
# Used as: awk -v rel=FILE -v truth=TSV -v pagesfile=F -v created=ISO \
#              -f fodt.awk -f office.awk|memo.awk X.model > X.fodt
#   rel        the PDF's path relative to the family's papers/ folder
#   truth      file the P, C and D rows are appended to
#   pagesfile  file the planned page count is written to (checked against
#              pdfinfo by scripts/make-layouts)
#
# Page plan: each element has an estimated height in lines (text length in
# bytes over the family's bytes per line; bytes overestimate Norwegian
# text, so the estimate errs on the tall side).  An element that would not
# fit in the page's budget goes to a new page by an explicit break.  If an
# estimate were too low, LibreOffice would break a page itself and the page
# count would differ: make-layouts fails then.
#
# The family file defines: geometry (BUDGET, CPL), styles() printing the
# office:styles / automatic / master-page parts, and render() in END.

function x(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s); return s }
function lines(s, cpl,    n) { n = int((length(s) + cpl - 1) / cpl); return n < 1 ? 1 : n }
function max(a, b) { return a > b ? a : b }

# ---- the model --------------------------------------------------------------
{
  if ($0 ~ /^#/ || $0 == "") next
  nm++; split($0, F, "\t")
  K[nm] = F[1]; A[nm] = F[2]; B[nm] = F[3]; C[nm] = F[4]; D[nm] = F[5]; E[nm] = F[6]; G[nm] = F[7]
  if (F[1] ~ /^(body|bodylong|date|number|place|time|paper)$/ && !(F[1] in M)) M[F[1]] = F[2]
}

# Case block starting at model row i: fills c[] (no role date title type
# presenter officer) and returns the row of its first text row.
function case_at(i) {
  delete c
  c["no"] = A[i]; c["role"] = B[i]; c["date"] = C[i]
  for (i++; i <= nm && K[i] ~ /^(title|type|presenter|officer)$/; i++) c[K[i]] = A[i]
  return i
}

# Decisions of the block starting at text row i: sets props, decs (joined
# with a space), nprop, ndec, and the row after the block (bend).
function decisions_at(i) {
  props = ""; decs = ""; nprop = 0; ndec = 0
  for (; i <= nm && K[i] != "end"; i++) {
    if (K[i] == "prop") { props = props (nprop++ ? " " : "") A[i] }
    if (K[i] == "dec") { decs = decs (ndec++ ? " " : "") A[i] }
  }
  bend = i + 1
}

# ---- page plan and truth ----------------------------------------------------
function pg_start() { page = 1; used = 0; pending = 0 }
function new_page() { page++; used = 0; pending = 1 }
# Room for h lines; a new page if not (unless the page is still empty).
function need(h) { if (used > 0 && used + h > BUDGET) new_page() }
function take(h) { used += h }
# Style name for the next element: the page-break variant after a break.
function st(s) { if (pending) { pending = 0; return s "_PB" } return s }

# A case block (no, role) with content on this page: one C row per page.
function mark(no, role, body, date,    k) {
  k = no SUBSEP role SUBSEP blockid
  if ((k, page) in marked) return
  marked[k, page] = 1
  print "C\t" rel "\t" page "\t" body "\t" no "\t" role "\t" ((k in started) ? "cont" : "start") "\t" date > truth
  started[k] = 1
}
function mark_agenda(no, body, date) {
  if (no == "-" || no == "") return
  print "C\t" rel "\t" page "\t" body "\t" no "\tagenda\tstart\t" date > truth
}
function mark_mention(no, body, date) {
  print "C\t" rel "\t" page "\t" body "\t" no "\tmention\tstart\t" date > truth
}
function decision_row(body, no, role) {
  print "D\t" rel "\t" body "\t" no "\t" role "\t" (nprop ? props : "-") "\t" (ndec ? decs : "-") > truth
}
function pages_rows(    p) {
  for (p = 1; p <= page; p++) print "P\t" rel "\t" p "\t" M["body"] "\t" M["date"] > truth
  print page > pagesfile
}

# ---- the document -----------------------------------------------------------
function doc_begin(title, subject) {
  print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  print "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" office:version=\"1.3\" office:mimetype=\"application/vnd.oasis.opendocument.text\">"
  print "<office:meta><dc:title>" x(title) "</dc:title><dc:subject>" x(subject) "</dc:subject>"
  print "<meta:initial-creator>" x(AUTHOR) "</meta:initial-creator><dc:creator>" x(AUTHOR) "</dc:creator>"
  print "<meta:creation-date>" created "</meta:creation-date><dc:date>" created "</dc:date><dc:language>nb-NO</dc:language></office:meta>"
  styles()
  print "<office:body><office:text>"
}
function doc_end() { print "</office:text></office:body></office:document>" }

# Page-break variants of the paragraph and table styles named in list.
function break_styles(pstyles, tstyles,    n, s, k) {
  n = split(pstyles, s, " ")
  for (k = 1; k <= n; k++)
    print "<style:style style:name=\"" s[k] "_PB\" style:family=\"paragraph\" style:parent-style-name=\"" s[k] "\"><style:paragraph-properties fo:break-before=\"page\"/></style:style>"
  n = split(tstyles, s, " ")
  for (k = 1; k <= n; k++)
    print "<style:style style:name=\"" s[k] "_PB\" style:family=\"table\"><style:table-properties style:width=\"" TWIDTH "\" table:align=\"left\" fo:break-before=\"page\"/></style:style>"
}

function para(style, xml) { print "<text:p text:style-name=\"" st(style) "\">" xml "</text:p>" }
function heading(style, level, xml) { print "<text:h text:style-name=\"" st(style) "\" text:outline-level=\"" level "\">" xml "</text:h>" }
function span(style, xml) { return "<text:span text:style-name=\"" style "\">" xml "</text:span>" }

# Tables: table_begin(style, widths "3cm 10cm ...") ... table_end().
function table_begin(style, widths,    n, w, k) {
  n = split(widths, w, " ")
  print "<table:table table:name=\"T" (++ntables) "\" table:style-name=\"" st(style) "\">"
  for (k = 1; k <= n; k++) print "<table:table-column table:style-name=\"" style "." k "\"/>"
}
function table_end() { print "</table:table>" }
# One row: cells separated by TABs (already XML), cell and paragraph styles.
function table_row(cells, cstyle, pstyle, head,    n, f, k) {
  n = split(cells, f, "\t")
  if (head) print "<table:table-header-rows>"
  printf "<table:table-row>"
  for (k = 1; k <= n; k++)
    printf "<table:table-cell table:style-name=\"%s\" office:value-type=\"string\"><text:p text:style-name=\"%s\">%s</text:p></table:table-cell>", cstyle, pstyle, f[k]
  print "</table:table-row>"
  if (head) print "</table:table-header-rows>"
}
# Column styles for a table style: widths in cm.
function column_styles(style, widths,    n, w, k) {
  n = split(widths, w, " ")
  for (k = 1; k <= n; k++)
    print "<style:style style:name=\"" style "." k "\" style:family=\"table-column\"><style:table-column-properties style:column-width=\"" w[k] "\"/></style:style>"
}

# Dates: 2020-08-26 -> "26. august 2020" / "26.08.2020".
function long_date(d,    f, mn) {
  split("januar februar mars april mai juni juli august september oktober november desember", mn, " ")
  split(d, f, "-"); return (f[3] + 0) ". " mn[f[2] + 0] " " f[1]
}
function dot_date(d,    f) { split(d, f, "-"); return f[3] "." f[2] "." f[1] }

# Body rows of a case block from model row i: headings (kept with the row
# after them), paragraphs, items; mention rows mark the page of the
# paragraph before them.  The family defines h_of(kind, text) (height) and
# put(kind, text) (XML).  Returns the row after the body.
function body_rows(i, role,    h, hn) {
  for (; i <= nm && K[i] !~ /^(prop|dec|end)$/; i++) {
    if (K[i] == "mention") { mark_mention(A[i], B[i], C[i]); continue }
    h = h_of(K[i], A[i])
    hn = (K[i] == "h" && i < nm && K[i + 1] ~ /^(p|li)$/) ? h_of(K[i + 1], A[i + 1]) : 0
    need(h + hn)
    mark(cno, role, cbody, cdate)
    put(K[i], A[i])
    take(h)
  }
  return i
}

# The paper's cases and minutes, in model order (family hooks case_block,
# minutes_block return the row after the block).
function walk(    i) {
  for (i = from_row; i <= nm; ) {
    if (K[i] == "case") i = case_block(i, 0)
    else if (K[i] == "meeting") i = minutes_block(i)
    else i++
  }
}

function pstyle(name, disp, parent, props, tprops) {
  printf "<style:style style:name=\"%s\" style:display-name=\"%s\" style:family=\"paragraph\" style:parent-style-name=\"%s\">", name, disp, parent
  printf "<style:paragraph-properties %s/><style:text-properties %s/></style:style>\n", props, tprops
}
