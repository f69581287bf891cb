# shellcheck shell=bash
# casesys.sh: layout families d and e (issue 24): the papers a municipal
# case-handling / meeting system prints, made from the meeting models
# (tests/data/meeting-models/) as if each council's secretariat had printed
# them from such a system: case papers (SAKSFRAMLEGG) and minutes
# (MØTEPROTOKOLL / Protokoll) as separate PDFs, and the system's public
# "innsyn" web page of each case.  Besides the three councils of the models,
# a fictive municipal council that is not in indexer/data/bodies.tsv
# ("Hovedutvalg for helse og omsorg", HOU, of Fjordvik kommune), derived
# from one model with its cases renumbered (casesys-derive.awk with the
# notes casesys-derive.tsv).  Archive facts: casesys-arkiv.tsv.
#
#   family d: one PDF per case paper (the proposal first, "Sekretariatets /
#     Kommunedirektørens innstilling:"), one protocol per meeting ("PS 24/20
#     Tittel", "NUFA- 24/20 Vedtak:"), archive numbers YY/NNNN; folders
#     politikk/moteplan/<year>/mote-<id>/; web pages of a responsive portal
#     with the case text.
#   family e (HELD OUT: never tuned to): the case papers bundled behind a
#     notice ("Saksdokumenter"), the proposal last ("... forslag til
#     vedtak:"), a "Protokoll" whose items are headed by the bare number and
#     repeat the proposal ("Vedtak i <utvalg> - DD.MM.YYYY:"), archive numbers
#     YYYY/NNNN (the municipality: YY/NNNN); folders innsyn/<year>/<date>-<id>/;
#     web pages of an old table-layout portal.
#
# Sourced by scripts/make-layouts after its models are written; uses its
# ROOT, MK, OUT, TMP, MODELS, die and fix_pdf.  casesys_family FAM writes
# tests/data/layouts/FAM/papers/... and FAM/truth-pdf.tsv, truth-html.tsv
# (P, C, D rows and A rows: A file page archive_no).

# id|model|meeting date|short code|organisation|proposal by|archive code|
#   short archive numbers|meeting id|site host
CS_MEETINGS=(
  "nufa-0612|nufa-2020-08-26|2020-06-12|NUFA|Direktoratet for e-helse|Sekretariatets|060|0|1187|ehelse.no"
  "nufa-0826|nufa-2020-08-26|2020-08-26|NUFA|Direktoratet for e-helse|Sekretariatets|060|0|1204|ehelse.no"
  "nehs-1113|nasjonalt-e-helsestyre-2020-11-13|2020-11-13|NEHS|Direktoratet for e-helse|Sekretariatets|060|0|1236|ehelse.no"
  "nuit-0520|nuit-2021-05-20|2021-05-20|NUIT|Direktoratet for e-helse|Sekretariatets|060|0|1302|ehelse.no"
  "hou-1004|fjordvik-hou-2023-10-04|2023-10-04|HOU|Fjordvik kommune|Kommunedirektørens|G10|1|2291|fjordvik.kommune.no"
)

# The fictive council's model, derived from Nasjonalt e-helsestyre's.
cs_derive() {
  mkdir -p "$TMP/cs-models"
  cp "$MODELS"/*.model "$TMP/cs-models/"
  awk -v body="Hovedutvalg for helse og omsorg" -v bodylong="Hovedutvalg for helse og omsorg" \
      -v date=2023-10-04 -v number=5/23 -v place="Kommunestyresalen, Fjordvik rådhus" \
      -v time="10:00–11:15" -v first=21 -f "$MK/casesys-derive.awk" "$MK/casesys-derive.tsv" \
      "$MODELS/nasjonalt-e-helsestyre-2020-11-13.model" >"$TMP/cs-models/fjordvik-hou-2023-10-04.model" ||
    die "deriving the Fjordvik model failed"
}

# Cases of a model's own meeting that have a case paper (text or proposal).
cs_cases() {
  awk -F'\t' '$1 == "meeting" { skip = 1 } $1 == "endmeeting" { skip = 0 }
    !skip && $1 == "case" && $3 == "case" { no = $2; t = "" }
    !skip && $1 == "title" { t = $2 }
    !skip && no != "" && $1 ~ /^(h|p|li|prop)$/ && !(no in seen) { seen[no] = 1; print no "\t" t }
    $1 == "end" { no = "" }' "$1"
}

cs_jp() { # a journal post id for a case (a deterministic six-digit number)
  echo $(( $(printf '%s' "$1" | cksum | cut -d' ' -f1) % 900000 + 100000 ))
}

# cs_awk FAM PART MODEL REL ROWS CREATED TITLE SUBJECT [awk -v args...] > OUT
cs_awk() {
  local fam=$1 part=$2 model=$3 rel=$4 rows=$5 created=$6 title=$7 subject=$8; shift 8
  awk -v variant="$fam" -v part="$part" -v arkiv="$MK/casesys-arkiv.tsv" -v code="$CS_CODE" \
      -v org="$CS_ORG" -v who="$CS_WHO" -v arkivkode="$CS_AK" -v short="$CS_SHORT" \
      -v meetid="$CS_MID" -v url="$CS_URL" -v site="Innsyn – $CS_ORG" -v rel="$rel" -v truth="$rows" \
      -v pagesfile="$rows.pages" -v created="$created" -v title="$title" -v subject="$subject" "$@" \
      -f "$MK/fodt.awk" -f "$MK/casesys.awk" -f "$MK/casesys-html.awk" "$model"
}

cs_get() { awk -F'\t' -v k="$1" '$1 == k { print $2; exit }' "$2"; } # a model's VALUE of key

# cs_meeting FAM ENTRY: the fodt files of one meeting into $CS_WORK (listed
# in $CS_WORK/list as "name|rel|created|pages-title") and its web pages.
cs_meeting() {
  local fam=$1 id model date mf own long year folder cre pre rel no title jp k
  IFS='|' read -r id model date CS_CODE CS_ORG CS_WHO CS_AK CS_SHORT CS_MID CS_URL <<<"$2"
  mf=$TMP/cs-models/$model.model
  [ -s "$mf" ] || die "family $fam: no model $model"
  own=0; [ "$(cs_get date "$mf")" != "$date" ] || own=1
  long=$(cs_get bodylong "$mf"); year=${date%%-*}
  if [ "$fam" = d ]; then folder=politikk/moteplan/$year/mote-$CS_MID; else folder=innsyn/$year/${date//-/}-$CS_MID; fi
  cre=$(date -u -d "$date -8 days" +%F)
  pre="$long, møte $(date -u -d "$date" +%d.%m.%Y)"
  if [ "$own" = 1 ]; then
    while IFS=$'\t' read -r no title; do
      jp=$(cs_jp "$CS_CODE $no")
      if [ "$fam" = d ]; then
        k=$((++CS_N)); rel=$folder/saksframlegg-$jp.pdf
        cs_awk d sf "$mf" "$rel" "$CS_WORK/f$k.rows" "${cre}T09:15:00" "$title" "$pre" -v caseno="$no" >"$CS_WORK/f$k.fodt" ||
          die "family d: case paper $no of $id failed"
        echo "f$k|$rel|${cre}T09:15:00" >>"$CS_WORK/list"
        rel=$folder/sak-$jp.html
      else
        rel=$folder/behandling-$jp.html
      fi
      mkdir -p "$OUT/$fam/papers/$folder"
      cs_awk "$fam" html "$mf" "$rel" "$CS_WORK/page.rows" "$cre" "$title" "$pre" -v caseno="$no" \
        >"$OUT/$fam/papers/$rel" || die "family $fam: web page of $no of $id failed"
      cat "$CS_WORK/page.rows" >>"$CS_WORK/html.rows"
    done < <(cs_cases "$mf")
    if [ "$fam" = e ]; then
      k=$((++CS_N)); rel=$folder/Saksdokumenter.pdf
      cs_awk e bundle "$mf" "$rel" "$CS_WORK/f$k.rows" "${cre}T09:15:00" "Saksdokumenter" "$pre" >"$CS_WORK/f$k.fodt" ||
        die "family e: the bundle of $id failed"
      echo "f$k|$rel|${cre}T09:15:00" >>"$CS_WORK/list"
    fi
  fi
  cre=$(date -u -d "$date +3 days" +%F)T13:40:00
  k=$((++CS_N)); rel=$folder/$([ "$fam" = d ] && echo moteprotokoll.pdf || echo Protokoll.pdf)
  [ "$own" = 1 ] || long=$(awk -F'\t' -v d="$date" '$1 == "meeting" && $4 == d { print $3 }' "$mf")
  cs_awk "$fam" protocol "$mf" "$rel" "$CS_WORK/f$k.rows" "$cre" "Møteprotokoll" "$long, møte $(date -u -d "$date" +%d.%m.%Y)" \
    -v meeting="$date" >"$CS_WORK/f$k.fodt" || die "family $fam: the protocol of $id failed"
  echo "f$k|$rel|$cre" >>"$CS_WORK/list"
}

cs_truth() { # cs_truth FAM WHAT ROWS > FILE
  cat <<EOF
# Truth of layout family $1 ($2), written by scripts/make-layouts
# (scripts/mkcorpus/casesys.sh) from the meeting models and the archive notes
# (scripts/mkcorpus/casesys-arkiv.tsv), never from the rendered output.
# Rows: P file page body meeting_date | C file page body case_no role start|cont
# meeting_date | D file body case_no role proposed_decision decision | A file page
# archive_no (an archive number as the paper writes it, never a case). "-" = null.
# A case paper lists every council it goes to (behandlingsrekkefølge): its block
# is the case (role case) of each of them, with that council's number and date.
EOF
  cat "$3"
}

casesys_family() { # casesys_family FAM
  local fam=$1 m name rel cre planned got pages=0 files=0
  CS_WORK=$TMP/cs-$fam; CS_N=0
  rm -rf "$OUT/$fam/papers" "$CS_WORK"; mkdir -p "$OUT/$fam/papers" "$CS_WORK"
  : >"$CS_WORK/list"; : >"$CS_WORK/html.rows"; : >"$CS_WORK/pdf.rows"
  for m in "${CS_MEETINGS[@]}"; do cs_meeting "$fam" "$m"; done
  soffice "-env:UserInstallation=file://$TMP/lo" --headless --convert-to pdf \
    --outdir "$CS_WORK" "$CS_WORK"/*.fodt >"$CS_WORK/lo.log" 2>&1 ||
    { cat "$CS_WORK/lo.log" >&2; die "family $fam: LibreOffice failed"; }
  while IFS='|' read -r name rel cre; do
    [ -s "$CS_WORK/$name.pdf" ] || die "family $fam: no PDF for $rel"
    planned=$(cat "$CS_WORK/$name.rows.pages")
    got=$(pdfinfo "$CS_WORK/$name.pdf" | awk '/^Pages:/ { print $2 }')
    [ "$planned" = "$got" ] ||
      die "family $fam: $rel has $got pages, the page plan has $planned (a page overflowed: lower the family's page budget)"
    fix_pdf "$CS_WORK/$name.pdf" "$cre" "$fam $(md5sum <"$CS_WORK/$name.fodt")"
    mkdir -p "$OUT/$fam/papers/$(dirname "$rel")"
    cp "$CS_WORK/$name.pdf" "$OUT/$fam/papers/$rel"
    # per page its P row, C rows and A rows, then the D rows in document order
    awk -F "\t" '$1 == "P" { p[$3] = $0 } $1 == "C" { c[$3] = c[$3] $0 "\n" } $1 == "A" { a[$3] = a[$3] $0 "\n" }
      $1 == "D" { d = d $0 "\n" }
      END { for (i = 1; i in p; i++) printf "%s\n%s%s", p[i], c[i], a[i]; printf "%s", d }' "$CS_WORK/$name.rows" >>"$CS_WORK/pdf.rows"
    pages=$((pages + got)); files=$((files + 1))
    echo "make-layouts: tests/data/layouts/$fam/papers/$rel ($got pages)" >&2
  done <"$CS_WORK/list"
  cs_truth "$fam" "PDF papers under papers/, PDF pages numbered from 1" "$CS_WORK/pdf.rows" >"$OUT/$fam/truth-pdf.tsv"
  cs_truth "$fam" "web pages under papers/, page 0" "$CS_WORK/html.rows" >"$OUT/$fam/truth-html.tsv"
  echo "make-layouts: family $fam: $files PDFs ($pages pages), $(grep -c '^P' "$CS_WORK/html.rows") web pages" >&2
}
