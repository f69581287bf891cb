# shellcheck shell=bash
# html-families.sh: the per-case web pages of scripts/make-corpus in two more
# site templates, layout families b and c (tests/data/layouts/{b,c}/papers/
# <council-folder>/<year>/html/), with their structure truth.  Sourced by
# make-corpus, which sets ROOT, MK, TMP and LAY.
#
#   family b: another CMS (<header>/<nav>/<aside>/<footer>, a cookie banner,
#     an aside "Relaterte saker" linking to other cases of the meeting); the
#     facts as a definition list (Møtedato, Saksnummer, Sakstype, Fra); the
#     council named only in the site header, the breadcrumb and <title>, in a
#     short form ("Fagutvalget"), never in the article (case.awk anon=1);
#     decisions under <h3 class="sak-vedtak">; file names are title slugs.
#   family c (held out: never tuned to): an old table-layout portal; the
#     facts as run-in paragraphs (<p><strong>Møtedato:</strong> 26.08.2020</p>,
#     "Sak nr.:", "Utvalg:" with the council's formal name); the decision run
#     in ("Innstilling:", "Vedtak:"); file names start with the meeting date.
#
# family_pages REL BODY BODYNAME MOTE DATO SAK TYPE PRESENTER TITLE SRC FROM TO
#   page()'s arguments (without its CHARSET and EXTRA): writes the case page
#   in each family of FAMILIES (default "b c") and appends its truth rows
#   (case.awk) to $TMP/truth-b.tsv / $TMP/truth-c.tsv.
#   Environment: SKIP (as page()), LEAD_B / LEAD_C (a first paragraph of the
#   text, e.g. a sentence quoting another case), CHARSET_C (utf-8 or
#   iso-8859-1: family c's encoding of the page, declared in <meta>).
# family_agenda DESC...  reads the agenda rows of page descriptions (the
#   "@truth R" directive and the @row after it) into $TMP/agenda.tsv: the
#   cases of each meeting, for the "Relaterte saker" aside.

fam_awk() { # fam_awk EXPR ARG: print EXPR of truth.awk's functions, s = ARG
  awk -v s="$2" -f "$MK/truth.awk" -f /dev/stdin <<<"BEGIN { print $1 }"
}

fam_alias() { # canonical council -> the short form family b's site uses
  case $1 in
    NUIT) echo Prioriteringsutvalget ;;
    NUFA) echo Fagutvalget ;;
    "Nasjonalt e-helsestyre") echo e-helsestyret ;;
    *) echo "$1" ;;
  esac
}

fam_formal() { # canonical council -> the formal name family c's site uses
  case $1 in
    NUIT) echo "Nasjonalt utvalg for IT-prioriteringer" ;;
    NUFA) echo "Nasjonalt fagutvalg" ;;
    "Nasjonalt e-helsestyre") echo "Nasjonalt e-helsestyret" ;;
    *) echo "$1" ;;
  esac
}

fam_slug() { # text -> lower-case ASCII slug of at most 60 bytes, whole words
  printf '%s\n' "$1" | awk '{
    s = tolower($0)
    gsub(/æ|Æ/, "ae", s); gsub(/ø|Ø/, "o", s); gsub(/å|Å/, "a", s); gsub(/ö|Ö|õ/, "o", s)
    gsub(/[^a-z0-9]+/, "-", s); gsub(/^-|-$/, "", s)
    while (length(s) > 60 && index(s, "-")) sub(/-[^-]*$/, "", s)
    print s
  }'
}

family_agenda() {
  awk -F'\t' '
    /^@truth R\t/ { b = $2; c = $3; d = $5; next }
    /^@row / && c != "" { t = $2; gsub(/ +/, " ", t); print b "\t" d "\t" c "\t" t; c = "" }
  ' "$@" >"$TMP/agenda.tsv"
}

# fam_related BODY ISODATE SAK BASE: <li> links to the other cases of the
# meeting (the council's own names left out of their titles)
fam_related() {
  awk -F'\t' -v b="$1" -v d="$2" -v own="$3" -v base="$4" -f "$MK/truth.awk" -f /dev/stdin "$TMP/agenda.tsv" <<'EOF'
BEGIN { tr_own(b) }
$1 == b && $2 == d && $3 != own && n < 5 {
  n++; c = $3; sub("/", "-", c)
  printf "<li class=\"related__item\"><a href=\"%s/sak-%s\">Sak %s %s</a></li>\n", base, c, $3, tr_anon($4)
}
EOF
}

# fam_text FAMILY REL ...: the case text of page()'s arguments via case.awk
fam_text() {
  local fam=$1 rel=$2 bodyname=$3 dato=$4 sak=$5 source=$6 from=$7 to=$8 lead=$9 anon=${10}
  awk -v skiphead="${SKIP:-1}" -v from="$from" -v to="$to" -v style="$fam" -v anon="$anon" \
      -v lead="$lead" -v truth="$TMP/truth-$fam.tsv" -v trfile="$rel" -v bodyname="$bodyname" \
      -v dato="$dato" -v casenr="$sak" -f "$MK/truth.awk" -f "$MK/case.awk" "$source"
}

# The families' folders do not name the council (a site that files pages
# by committee id): the council must come from the page itself.
fam_folder() { # fam_folder FAMILY COUNCIL-FOLDER
  local id
  case $2 in nuit) id=1 ;; nufa) id=2 ;; *) id=3 ;; esac
  if [ "$1" = b ]; then echo "moter/u$id"; else echo "arkiv/100$id"; fi
}

family_pages() {
  local rel=$1 body=$2 bodyname=$3 mote=$4 dato=$5 sak=$6 type=$7 pres=$8 title=$9
  local source=${10} from=${11} to=${12} fam
  local folder=${rel%%/*} year canon iso
  year=${rel#*/}; year=${year%%/*}
  canon=$(fam_awk 'tr_body_of(s)' "$bodyname")
  iso=$(fam_awk 'tr_date(s)' "$dato")
  for fam in ${FAMILIES:-b c}; do
    "family_$fam" "$(fam_folder "$fam" "$folder")" "$year" "$canon" "$iso" "$@"
  done
}

# family_b FOLDER YEAR CANON ISODATE <page()'s arguments>
family_b() {
  local folder=$1 year=$2 canon=$3 iso=$4; shift 4
  local body=$2 bodyname=$3 dato=$5 sak=$6 type=$7 pres=$8 title=$9 source=${10} from=${11} to=${12}
  local alias slug rel f upd
  alias=$(fam_alias "$canon")
  slug=$(fam_slug "$alias")
  rel=$folder/$year/html/$(fam_slug "$title").html
  f=$LAY/b/papers/$rel
  upd=$(date -u -d "$iso -6 days" +%d.%m.%Y)
  mkdir -p "$(dirname "$f")"
  {
    cat <<EOF
<!DOCTYPE html>
<html lang="no" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title | $alias | Direktoratet for e-helse</title>
<meta property="og:site_name" content="Direktoratet for e-helse">
<meta property="og:type" content="article">
<link rel="stylesheet" href="/dist/css/site.7c41e2.css">
<script>document.documentElement.className = "js";</script>
</head>
<body class="template-meetingcase">
<a class="skip-link" href="#main">Hopp til hovedinnhold</a>
<div class="consent" id="consent" role="region" aria-label="Informasjonskapsler">
<p class="consent__text">Vi bruker informasjonskapsler (cookies) for at nettstedet skal fungere og for å lage anonym besøksstatistikk.</p>
<button class="consent__button consent__button--accept" type="button">Jeg forstår</button>
<a class="consent__link" href="/om-nettstedet/informasjonskapsler">Les mer om informasjonskapsler</a>
</div>
<header class="site-header">
<div class="site-header__inner">
<a class="site-header__logo" href="/"><span class="visually-hidden">Direktoratet for e-helse</span></a>
<p class="site-header__section"><a href="/utvalg/$slug">$alias</a></p>
<nav class="main-nav" aria-label="Hovedmeny">
<ul class="main-nav__list">
<li class="main-nav__item"><a href="/tema">Tema</a></li>
<li class="main-nav__item"><a href="/utvalg">Styrer, råd og utvalg</a></li>
<li class="main-nav__item"><a href="/publikasjoner">Publikasjoner</a></li>
<li class="main-nav__item"><a href="/aktuelt">Aktuelt</a></li>
<li class="main-nav__item"><a href="/om-oss">Om oss</a></li>
</ul>
</nav>
<form class="site-search" action="/sok" role="search"><label class="visually-hidden" for="q">Søk</label><input id="q" type="search" name="q" placeholder="Hva leter du etter?"><button type="submit">Søk</button></form>
</div>
</header>
<nav class="breadcrumbs" aria-label="Du er her">
<ol class="breadcrumbs__list">
<li><a href="/">Hjem</a></li>
<li><a href="/utvalg">Styrer, råd og utvalg</a></li>
<li><a href="/utvalg/$slug">$alias</a></li>
<li><a href="/utvalg/$slug/moter/$year">Møter $year</a></li>
<li aria-current="page">$title</li>
</ol>
</nav>
<div class="page-layout page-layout--with-aside">
<main id="main" class="page-layout__main">
<article class="meeting-case">
<header class="meeting-case__header">
<p class="meeting-case__label">Sak til behandling</p>
<h1 class="meeting-case__title">$title</h1>
</header>
<dl class="meeting-case__facts">
<dt>Møtedato</dt><dd>$dato</dd>
<dt>Saksnummer</dt><dd>$sak</dd>
<dt>Sakstype</dt><dd>$type</dd>
<dt>Fra</dt><dd>$pres</dd>
</dl>
<div class="meeting-case__body rich-text">
EOF
    fam_text b "$rel" "$bodyname" "$dato" "$sak" "$source" "$from" "$to" "${LEAD_B:-}" 1
    cat <<EOF
</div>
<p class="meeting-case__updated">Sist oppdatert <time datetime="$(date -u -d "$iso -6 days" +%F)">$upd</time></p>
</article>
</main>
<aside class="page-layout__aside related" aria-labelledby="related-title">
<h2 id="related-title" class="related__title">Relaterte saker</h2>
<ul class="related__list">
EOF
    fam_related "$canon" "$iso" "$sak" "/utvalg/$slug/moter/$year"
    cat <<'EOF'
</ul>
</aside>
</div>
<footer class="site-footer">
<div class="site-footer__col"><h2 class="site-footer__title">Kontakt</h2><p>Postboks 221 Skøyen, 0213 Oslo<br>Telefon 21 49 50 70</p></div>
<div class="site-footer__col"><h2 class="site-footer__title">Om nettstedet</h2><ul><li><a href="/personvern">Personvern</a></li><li><a href="/tilgjengelighetserklaering">Tilgjengelighetserklæring</a></li></ul></div>
</footer>
<script src="/dist/js/site.7c41e2.js" defer></script>
</body>
</html>
EOF
  } >"$f"
  echo "make-corpus: tests/data/layouts/b/papers/$rel" >&2
}

# family_c FOLDER YEAR CANON ISODATE <page()'s arguments>
family_c() {
  local folder=$1 year=$2 canon=$3 iso=$4; shift 4
  local bodyname=$3 mote=$4 dato=$5 sak=$6 type=$7 pres=$8 title=$9 source=${10} from=${11} to=${12}
  local rel f cs=${CHARSET_C:-utf-8} num pub
  rel=$folder/$year/html/${iso//-/}-$(fam_slug "$title").html
  f=$LAY/c/papers/$rel
  num=$(date -u -d "$iso" +%d.%m.%Y)
  pub=$(date -u -d "$iso -9 days" +%d.%m.%Y)
  mkdir -p "$(dirname "$f")"
  {
    cat <<EOF
<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html>
<head>
<meta charset="$cs">
<title>$title - Møtekalender - Direktoratet for e-helse</title>
<link rel="stylesheet" type="text/css" href="/portal/stil/hoved.css">
<script type="text/javascript" src="/portal/js/meny.js"></script>
</head>
<body bgcolor="#ffffff" onload="visMeny('moter')">
<div id="toppramme">
<img src="/portal/bilder/logo_ehelse.gif" alt="Direktoratet for e-helse" width="230" height="52">
<div class="hurtiglenker"><a href="/portal/sok.asp">Søk</a> | <a href="/portal/nettstedskart.asp">Nettstedskart</a> | <a href="/portal/kontakt.asp">Kontakt oss</a> | <a href="/portal/english.asp">English</a></div>
</div>
<table id="hovedramme" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr>
<td id="venstrekolonne" valign="top" width="200">
<div class="menyboks">
<a class="menypunkt" href="/portal/moter.asp">Møtekalender</a>
<a class="menypunkt" href="/portal/dokumenter.asp">Saksdokumenter</a>
<a class="menypunkt" href="/portal/horinger.asp">Høringer</a>
<a class="menypunkt" href="/portal/presse.asp">Presserom</a>
</div>
</td>
<td id="innholdskolonne" valign="top">
<div class="brodsmuler">Du er her: <a href="/portal/">Forside</a> &gt; <a href="/portal/moter.asp">Møtekalender</a> &gt; <a href="/portal/moter.asp?aar=$year">$year</a> &gt; Sak $sak</div>
<div class="saksvisning">
<h2 class="sakstittel">$title</h2>
<p><strong>Møtedato:</strong> $num</p>
<p><strong>Sak nr.:</strong> $sak</p>
<p><strong>Utvalg:</strong> $(fam_formal "$canon")</p>
<p><strong>Sakstype:</strong> $type</p>
<p><strong>Innleder:</strong> $pres</p>
<hr size="1" noshade>
EOF
    fam_text c "$rel" "$bodyname" "$dato" "$sak" "$source" "$from" "$to" "${LEAD_C:-}" 0
    cat <<EOF
<p class="publisert">Publisert $pub</p>
</div>
</td>
</tr>
</table>
<div id="bunnramme">Direktoratet for e-helse - Postboks 221 Skøyen, 0213 Oslo - Telefon 21 49 50 70 - <a href="/portal/personvern.asp">Personvern</a></div>
</body>
</html>
EOF
  } >"$TMP/page-c.html"
  case $cs in
    utf-8) cp "$TMP/page-c.html" "$f" ;;
    *) iconv -f UTF-8 -t "$cs" "$TMP/page-c.html" >"$f" ;;
  esac
  echo "make-corpus: tests/data/layouts/c/papers/$rel ($cs)" >&2
}
