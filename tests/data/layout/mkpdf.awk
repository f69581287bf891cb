# mkpdf.awk: a page description -> a small PDF with a text layer (Helvetica,
# not embedded, WinAnsi), for the layout tests (tests/unit/test_extract_layout.c).
#
# Usage: LC_ALL=C awk -f mkpdf.awk IN.desc > OUT.pdf
#
#   page W H            a new page, W x H points
#   font NAME SIZE      Helvetica or Helvetica-Bold, SIZE points
#   text X Y TEXT       TEXT (UTF-8: æøåÆØÅé–• are mapped to WinAnsi) with
#                       its baseline at Y points from the top of the page
#   wordspace W         extra width of each space from here on (Tw)
# Lines starting with '#' and blank lines are ignored. The text of a page is
# written in the order of the file, so a file can give a table column by
# column, as slide programs do.

function esc(s) {
  gsub(/\\/, "\\\\", s); gsub(/\(/, "\\(", s); gsub(/\)/, "\\)", s)
  gsub(/\303\246/, "\\346", s); gsub(/\303\270/, "\\370", s); gsub(/\303\245/, "\\345", s)
  gsub(/\303\206/, "\\306", s); gsub(/\303\230/, "\\330", s); gsub(/\303\205/, "\\305", s)
  gsub(/\303\251/, "\\351", s); gsub(/\342\200\223/, "\\226", s); gsub(/\342\200\242/, "\\225", s)
  return s
}

function endpage() {
  if (np > 0) content[np] = content[np] "ET\n"
}

/^#/ || /^[ \t]*$/ { next }
$1 == "page" { endpage(); np++; pw[np] = $2; ph[np] = $3; content[np] = "BT\n"; next }
$1 == "font" { fn = ($2 == "Helvetica-Bold") ? "F2" : "F1"; content[np] = content[np] "/" fn " " $3 " Tf\n"; next }
$1 == "wordspace" { content[np] = content[np] $2 " Tw\n"; next }
$1 == "text" {
  t = $0; sub(/^text[ \t]+[^ \t]+[ \t]+[^ \t]+[ \t]+/, "", t)
  content[np] = content[np] "1 0 0 1 " $2 " " (ph[np] - $3) " Tm (" esc(t) ") Tj\n"
  next
}
{ print "mkpdf.awk: line " NR ": unknown directive " $1 > "/dev/stderr"; exit 1 }

function obj(n, body) { off[n] = pos; s = n " 0 obj\n" body "\nendobj\n"; printf "%s", s; pos += length(s) }

END {
  endpage()
  s = "%PDF-1.4\n"; printf "%s", s; pos = length(s)
  kids = ""
  for (i = 1; i <= np; i++) kids = kids (3 + 2 * i) " 0 R "
  obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
  obj(2, "<< /Type /Pages /Count " np " /Kids [" kids "] >>")
  obj(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
  obj(4, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
  for (i = 1; i <= np; i++) {
    obj(3 + 2 * i, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " pw[i] " " ph[i] "] " \
        "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents " (4 + 2 * i) " 0 R >>")
    obj(4 + 2 * i, "<< /Length " length(content[i]) " >>\nstream\n" content[i] "endstream")
  }
  n = 4 + 2 * np
  xref = pos
  printf "xref\n0 %d\n0000000000 65535 f \n", n + 1
  for (i = 1; i <= n; i++) printf "%010d 00000 n \n", off[i]
  printf "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", n + 1, xref
}
