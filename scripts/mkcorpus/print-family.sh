# shellcheck shell=bash
# print-family.sh: layout family f (HELD OUT: nobody tunes the structure
# recogniser to it): the meeting models printed by another secretariat's
# template to PDF by headless Chromium (print.awk), and the per-case web
# pages of a fourth site template (print-html.awk), with their truth.
# Sourced by scripts/make-family-f, which sets ROOT, MK, TMP.
#
# print_family MODELS OUT
#   MODELS  folder of the meeting models (tests/data/meeting-models)
#   OUT     the family's folder (tests/data/layouts/f): writes papers/...,
#           truth-pdf.tsv and truth-html.tsv there.
# The page plan is print.awk's: every page is a block of its own in the HTML
# (CSS break-before: page), so the page of every block is known before
# printing; the PDF's page count (pdfinfo) and the "Side N av M" of each page
# (pdftotext) are checked against it, and a mismatch fails.

pf_die() { echo "make-family-f: $*" >&2; exit 1; }

# The papers: model|folder|file|title|council (letterhead)|header name|
#   date in letterhead (long|dot)|header date (long|dot)|agenda|case heading|
#   proposal|created (PDF date)|lead: case<TAB>sentence<TAB>case quoted<TAB>its council<TAB>its date
PF_PAPERS=(
  "nuit-2021-05-20|utvalg-7/2021|Saksdokumenter 20.05.2021.pdf|Saksdokumenter – møte 2/21|Nasjonalt utvalg for IT-prioriteringer (NUIT)|NUIT|long|dot|table|sak0|runin|2021-05-11T15:02:00|"
  "nufa-2020-08-26|utvalg-4/2020|Innkalling og sakspapirer 2020-08-26.pdf|Innkalling og sakspapirer|Fagutvalget for e-helse|Fagutvalget for e-helse|long|dot|list4|saksnummer|label|2020-08-18T10:44:00|28/20	I tråd med vedtaket i sak 19/20, der utvalget sluttet seg til forslaget til videre prosess for planen 2021–2024, legges de foreløpige innsatsområdene nå fram for innspill.	19/20	NUFA	2020-06-12"
  "nasjonalt-e-helsestyre-2020-11-13|utvalg-2/2020|Møtedokumenter 13.11.2020.pdf|Møtedokumenter|Nasjonalt e-helsestyre|e-helsestyret|dot|long|timed|saksnummer|runin|2020-11-10T08:15:00|"
)

# The web pages: model|case|meeting date of the case (the same cases as the
# other families' web pages).
PF_PAGES=(
  "nuit-2021-05-20|12/21|2021-05-20" "nuit-2021-05-20|13/21|2021-05-20"
  "nuit-2021-05-20|14/21|2021-05-20" "nuit-2021-05-20|15/21|2021-05-20"
  "nufa-2020-08-26|19/20|2020-06-12" "nufa-2020-08-26|22/20|2020-06-12"
  "nufa-2020-08-26|26/20|2020-08-26" "nufa-2020-08-26|28/20|2020-08-26"
  "nufa-2020-08-26|31/20|2020-08-26"
  "nasjonalt-e-helsestyre-2020-11-13|30/20|2020-11-13"
  "nasjonalt-e-helsestyre-2020-11-13|31/20|2020-11-13"
  "nasjonalt-e-helsestyre-2020-11-13|32/20|2020-11-13"
)

pf_lead() { [ -z "$1" ] || printf '%s' "$1" | cut -f"$2"; } # pf_lead LEAD FIELDS

pf_model_field() { awk -F'\t' -v k="$2" '$1 == k { print $2; exit }' "$1"; }

pf_alias() { # canonical council -> short and formal names the site uses
  case $1 in
    NUIT) echo "Prioriteringsutvalget|Nasjonalt utvalg for IT-prioriteringer" ;;
    NUFA) echo "Fagutvalget|Nasjonalt fagutvalg for e-helse" ;;
    *) echo "e-helsestyret|Nasjonalt e-helsestyre" ;;
  esac
}

pf_chromium() { # pf_chromium HTML PDF
  local prof
  prof=$(mktemp -d "$TMP/chromium.XXXXXX")
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$prof" \
    --print-to-pdf="$2" --no-pdf-header-footer "file://$1" >"$TMP/chromium.log" 2>&1 ||
    { cat "$TMP/chromium.log" >&2; pf_die "Chromium failed on $1"; }
  [ -s "$2" ] || { cat "$TMP/chromium.log" >&2; pf_die "Chromium wrote no PDF for $1"; }
}

# pf_fix_pdf PDF ISO: the dates Chromium stamps set to the paper's own
# (same length, so the cross-reference table stays valid).
pf_fix_pdf() {
  local d
  d=$(printf '%s' "$2" | tr -d ':T-')
  LC_ALL=C sed -i -e "s|/CreationDate (D:[0-9]\{14\}+00'00')|/CreationDate (D:${d}+00'00')|" \
    -e "s|/ModDate (D:[0-9]\{14\}+00'00')|/ModDate (D:${d}+00'00')|" "$1"
}

# pf_check_pages PDF PLANNED: the page count and every page's footer.
pf_check_pages() {
  local got p
  got=$(pdfinfo "$1" | awk '/^Pages:/ { print $2 }')
  [ "$got" = "$2" ] || pf_die "$1 has $got pages, the page plan has $2 (a page overflowed: lower print.awk's BUDGET)"
  for ((p = 1; p <= got; p++)); do
    pdftotext -f "$p" -l "$p" "$1" - | grep -q "Side $p av $got" ||
      pf_die "$1: page $p does not end with its own footer 'Side $p av $got'"
  done
}

# pf_paper MODELS OUT ROW: one PDF and its truth rows (appended to $TMP/f.rows)
pf_paper() {
  local models=$1 out=$2 id folder file title council hname ldate hdate agenda casehead proposal created lead
  IFS='|' read -r id folder file title council hname ldate hdate agenda casehead proposal created lead <<<"$3"
  local model=$models/$id.model rel=$folder/$file date wd lcase ltext lref
  [ -s "$model" ] || pf_die "no meeting model $model"
  date=$(pf_model_field "$model" date)
  wd=$(date -u -d "$date" +%u)
  lcase=$(pf_lead "$lead" 1); ltext=$(pf_lead "$lead" 2); lref=$(pf_lead "$lead" 3-)
  : >"$TMP/$id.rows"
  awk -v rel="$rel" -v truth="$TMP/$id.rows" -v pagesfile="$TMP/$id.pages" -v title="$title" \
      -v council="$council" -v hname="$hname" -v weekday="$wd" -v datefmt="$ldate" -v hdrfmt="$hdate" \
      -v agenda="$agenda" -v casehead="$casehead" -v proposal="$proposal" \
      -v lead_case="$lcase" -v lead_text="$ltext" -v lead_ref="$lref" \
      -f "$MK/fodt.awk" -f "$MK/print.awk" -f "$MK/print-html.awk" "$model" >"$TMP/$id.html" || pf_die "laying out $id failed"
  pf_chromium "$TMP/$id.html" "$TMP/$id.pdf"
  pf_check_pages "$TMP/$id.pdf" "$(cat "$TMP/$id.pages")"
  pf_fix_pdf "$TMP/$id.pdf" "$created"
  mkdir -p "$out/papers/$folder"
  cp "$TMP/$id.pdf" "$out/papers/$rel"
  # per page its P row and C rows, then the D rows in document order
  awk -F "\t" '$1 == "P" { p[$3] = $0 } $1 == "C" { c[$3] = c[$3] $0 "\n" } $1 == "D" { d = d $0 "\n" }
    END { for (i = 1; i in p; i++) printf "%s\n%s", p[i], c[i]; printf "%s", d }' "$TMP/$id.rows" >>"$TMP/f.rows"
  echo "make-family-f: tests/data/layouts/f/papers/$rel ($(cat "$TMP/$id.pages") pages)" >&2
}

# pf_page MODELS OUT N ROW: the N-th web page and its truth rows
pf_page() {
  local models=$1 out=$2 n=$3 id no date names year rel lead="" lref="" p pid plead
  IFS='|' read -r id no date <<<"$4"
  local model=$models/$id.model body
  body=$(pf_model_field "$model" body)
  names=$(pf_alias "$body")
  year=${date%%-*}
  rel=dokumenter/$year/sak-$(printf '%s %s' "$body" "$no" | cksum | awk '{ print 10000 + $1 % 90000 }').html
  for p in "${PF_PAPERS[@]}"; do # the paper's lead sentence goes on the page too
    IFS='|' read -r pid _ _ _ _ _ _ _ _ _ _ _ plead <<<"$p"
    if [ "$pid" = "$id" ] && [ "$(pf_lead "$plead" 1)" = "$no" ]; then
      lead=$(pf_lead "$plead" 2); lref=$(pf_lead "$plead" 3-)
    fi
  done
  mkdir -p "$out/papers/dokumenter/$year"
  awk -v rel="$rel" -v truth="$TMP/page.rows" -v want="$no" -v wantdate="$date" -v variant=$((n % 3)) \
      -v alias="${names%%|*}" -v formal="${names#*|}" -v lead_text="$lead" -v lead_ref="$lref" \
      -f "$MK/fodt.awk" -f "$MK/print.awk" -f "$MK/print-html.awk" "$model" >"$out/papers/$rel" || pf_die "web page of $no ($id) failed"
  cat "$TMP/page.rows" >>"$TMP/f-html.rows"
  echo "make-family-f: tests/data/layouts/f/papers/$rel" >&2
}

pf_truth_head() { # pf_truth_head KIND
  cat <<EOF
# Truth of layout family f (HELD OUT: a secretariat's template printed by Chromium; $1),
# written by scripts/make-family-f from the meeting models (tests/data/meeting-models/)
# and the generator's own page plan, never from the output's text; format: see the
# layout-family notes (P file page body meeting_date | C file page body case_no role
# start|cont meeting_date | D file body case_no role proposed_decision decision; "-" = null).
EOF
}

print_family() {
  local models=$1 out=$2 p n=0
  command -v chromium >/dev/null || pf_die "chromium not found (apt-get install chromium)"
  command -v pdfinfo >/dev/null || pf_die "pdfinfo not found (apt-get install poppler-utils)"
  fc-list : family | grep -qx "DejaVu Sans" || pf_die "font DejaVu Sans missing (apt-get install fonts-dejavu-core)"
  rm -rf "$out/papers"
  mkdir -p "$out/papers"
  : >"$TMP/f.rows"; : >"$TMP/f-html.rows"
  for p in "${PF_PAPERS[@]}"; do pf_paper "$models" "$out" "$p"; done
  for p in "${PF_PAGES[@]}"; do pf_page "$models" "$out" "$n" "$p"; n=$((n + 1)); done
  { pf_truth_head "PDF papers under papers/"; cat "$TMP/f.rows"; } >"$out/truth-pdf.tsv"
  { pf_truth_head "web pages under papers/dokumenter/, page 0"; cat "$TMP/f-html.rows"; } >"$out/truth-html.tsv"
  echo "make-family-f: truth-pdf.tsv $(grep -vc '^#' "$out/truth-pdf.tsv") rows, truth-html.tsv $(grep -vc '^#' "$out/truth-html.tsv") rows" >&2
}
