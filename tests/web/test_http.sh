#!/usr/bin/env bash
# The endpoint through real nginx on loopback, with curl: status codes,
# security headers, JSON equal to `saksok --json`, escaping, bad parameters,
# methods, the papers, and a missing index (503, then found once it exists).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

db=$tmp/db
make_index "$db" "$src/corpus"
start_server main "$db" "$src/corpus"

# --- every response carries the security headers
secure_headers() {
  local csp
  csp=$(header Content-Security-Policy)
  [[ $csp == *"default-src 'none'"* && $csp == *"frame-ancestors 'none'"* &&
     $csp == *"base-uri 'none'"* && $csp == *"form-action 'self'"* &&
     $csp == *"style-src 'sha256-"* ]] &&
    [ "$(header X-Content-Type-Options)" = nosniff ] &&
    [ "$(header Referrer-Policy)" = same-origin ] &&
    [ -n "$(header Cache-Control)" ]
}

st=$(get "$base/")
check "GET / is the search page (200)" [ "$st" = 200 ]
check "search page is HTML in UTF-8" [ "$(header Content-Type)" = "text/html; charset=utf-8" ]
check "search page has the security headers" secure_headers
check "search page has a labelled search field" grep -q '<label for="q">' "$tmp/body"
check "search page says lang=nb and has a viewport" \
  grep -q '<html lang="nb">' "$tmp/body"
check "search page has no script at all" bash -c "! grep -qi '<script' '$tmp/body'"

# The CSP hash is the SHA-256 of the page's one <style> (computed here independently).
style_hash() {
  sed -n '/<style>/,/<\/style>/p' "$tmp/body" | tr '\n' '\001' |
    sed 's/.*<style>//; s/<\/style>.*//' | tr '\001' '\n' |
    openssl dgst -sha256 -binary | base64
}
if command -v openssl >/dev/null; then
  h=$(style_hash)
  check "CSP style hash matches the inline stylesheet" \
    grep -qF "'sha256-$h'" <(header Content-Security-Policy)
fi

# --- JSON: the same as the CLI's, for the same query
same_json() { # same_json QUERYSTRING CLI-ARGS...
  local qs=$1; shift
  local st
  st=$(get "$base/?$qs&format=json")
  [ "$st" = 200 ] || { echo "# status $st for $qs"; return 1; }
  [ "$(header Content-Type)" = "application/json; charset=utf-8" ] || return 1
  "$cli" --db "$db" --json "$@" >"$tmp/cli.json" || return 1
  diff <(jq -S . "$tmp/body") <(jq -S . "$tmp/cli.json") >"$tmp/json.diff" ||
    { head -n 20 "$tmp/json.diff"; return 1; }
}
check "JSON equals saksok --json (helse)" same_json "q=helse" --limit 10 helse
check "JSON equals saksok --json (page 2 = offset 10)" \
  same_json "q=helse&page=2" --limit 10 --offset 10 helse
check "JSON equals saksok --json (æøå, a phrase)" \
  same_json "q=%22digital+hjemmeoppf%C3%B8lging%22" --limit 10 '"digital hjemmeoppfølging"'
check "JSON equals saksok --json (no hits)" same_json "q=xqzzyvw" --limit 10 xqzzyvw
check "JSON equals saksok --json (body filter)" \
  same_json "q=helse&body=NUFA" --limit 10 --body NUFA helse
check "JSON equals saksok --json (type filter)" \
  same_json "q=helse&type=Dr%C3%B8fting" --limit 10 --type Drøfting helse
get "$base/?q=helse&format=json" >/dev/null
check "JSON has the DESIGN.md keys" jq_ok \
  'has("query") and has("total") and has("offset") and has("limit") and has("suggestion")
   and has("hits") and has("facets") and (.facets | has("body") and has("year") and has("type"))' \
  "$tmp/body"

# --- exports: CSV and Atom as the CLI makes them, similar cases
st=$(get "$base/?q=helse&format=csv")
check "format=csv: 200, text/csv" bash -c "[ $st = 200 ] && [[ '$(header Content-Type)' == text/csv* ]]"
check "format=csv is an attachment" bash -c "[[ '$(header Content-Disposition)' == attachment* ]]"
"$cli" --db "$db" --csv --limit 500 helse >"$tmp/cli.csv"
check "format=csv equals saksok --csv --limit 500 (BOM, CRLF and all)" cmp -s "$tmp/body" "$tmp/cli.csv"
st=$(get "$base/?q=helse&body=NUFA&format=atom")
check "format=atom: 200, application/atom+xml" \
  bash -c "[ $st = 200 ] && [[ '$(header Content-Type)' == application/atom+xml* ]]"
check "format=atom validates against RFC 4287's schema" \
  xmllint --noout --relaxng "$src/tests/data/atom/rfc4287.rng" "$tmp/body"
entries() { grep -o '<id>tag:saksok,2026:treff/[0-9a-f]*</id>' "$1"; }
same_entries() { [ "$(entries "$tmp/body" | wc -l)" -gt 0 ] && diff <(entries "$tmp/body") <(entries "$tmp/cli.xml"); }
"$cli" --db "$db" --atom --body NUFA helse >"$tmp/cli.xml"
check "format=atom has the entries of saksok --atom" same_entries
check "format=atom links itself" grep -qF 'rel="self" type="application/atom+xml" href="?q=helse&amp;body=NUFA&amp;format=atom"' "$tmp/body"
"$cli" --db "$db" --json --limit 10 helse >"$tmp/cli.json"
id=$(jq -r '.hits[0].id' "$tmp/cli.json")
check "similar=ID equals saksok --similar ID" same_json "similar=$id" --limit 10 --similar "$id"
st=$(get "$base/?similar=0000000000000000")
check "similar= an id no hit has: 404" [ "$st" = 404 ]
st=$(get "$base/?similar=nope")
check "similar= no id: 400" [ "$st" = 400 ]

# --- the results page
st=$(get "$base/?q=helse")
check "results page (200)" [ "$st" = 200 ]
check "results page has the security headers" secure_headers
check "results page keeps the query in the field" grep -q 'name="q"[^>]*value="helse"' "$tmp/body"
check "results page counts the hits" grep -q 'treff for «helse»' "$tmp/body"
check "results page names its feed in the head" \
  grep -qF '<link rel="alternate" type="application/atom+xml" title="Nye treff for dette søket" href="?q=helse&amp;format=atom">' "$tmp/body"
check "results page links the feed and the CSV" \
  bash -c "grep -qF '>Abonner på nye treff (Atom)</a>' '$tmp/body' && grep -qF 'format=csv\" type=\"text/csv\">' '$tmp/body'"
check "each hit links its similar cases" grep -qE 'href="\?similar=[0-9a-f]{16}">Lignende saker</a>' "$tmp/body"
check "results link to papers at their page" \
  grep -qE 'href="/papers/[^"]+\.pdf#page=[0-9]+"' "$tmp/body"
paper=$(grep -oE 'href="/papers/[^"#]+\.pdf#page=[0-9]+"' "$tmp/body" | head -n 1 |
  sed 's/^href="//; s/#.*//')
st=$(get "$base$paper")
check "the linked paper is served ($paper)" [ "$st" = 200 ]
check "the paper is a PDF" [ "$(header Content-Type)" = application/pdf ]
check "HEAD answers 200 with no body" \
  bash -c "[ \"\$(curl -s -I --max-time 10 -o /dev/null -w '%{http_code} %{size_download}' '$base/?q=helse')\" = '200 0' ]"

# Facets, when the index has them: links that narrow, and one bar per year.
get "$base/?q=helse&format=json" >/dev/null
cp "$tmp/body" "$tmp/helse.json"
n_years=$(jq '.facets.year | length' "$tmp/helse.json")
total=$(jq '.total' "$tmp/helse.json")
get "$base/?q=helse" >/dev/null
if [ "$total" -gt 0 ] && [ "$n_years" -gt 0 ]; then
  check "timeline has one bar per year ($n_years)" \
    [ "$(grep -o '<rect class="bar' "$tmp/body" | wc -l)" -eq "$n_years" ]
  check "each bar has a title" \
    [ "$(grep -o '<title>[0-9]\{4\}: [0-9]* treff</title>' "$tmp/body" | wc -l)" -eq "$n_years" ]
  year=$(jq -r '.facets.year | keys[0]' "$tmp/helse.json")
  check "year facet links narrow the search" grep -q "href=\"?q=helse&amp;year=$year\"" "$tmp/body"
  st=$(get "$base/?q=helse&year=$year&format=json")
  check "year filter answers 200" [ "$st" = 200 ]
else
  echo "# the index has no year facets yet: timeline checks not run"
fi
n_bodies=$(jq '.facets.body | length' "$tmp/helse.json")
get "$base/?q=helse" >/dev/null
if [ "$n_bodies" -gt 0 ]; then
  b=$(jq -r '.facets.body | keys[0]' "$tmp/helse.json")
  benc=$(jq -rn --arg v "$b" '$v | @uri' | sed 's/%20/+/g')
  check "body facet links narrow the search" grep -qF "href=\"?q=helse&amp;body=$benc\"" "$tmp/body"
  get "$base/?q=helse&body=$benc" >/dev/null
  check "an active filter can be removed" grep -q '<a href="?q=helse">Fjern' "$tmp/body"
fi

# --- escaping: nothing echoed is live markup
no_markup() { # the injected tags never appear as markup
  ! grep -qiE '<script|<img|"'"'"'><' "$tmp/body"
}
st=$(get "$base/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
check "q=<script>: 200" [ "$st" = 200 ]
check "q=<script>: escaped" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/body"
check "q=<script>: no live markup" no_markup
st=$(get "$base/?q=%22%27%3E%3C")
check "q=\"'><: answered (200 or 400)" bash -c "[ $st = 200 ] || [ $st = 400 ]"
check "q=\"'><: escaped" grep -qF '&quot;&#39;&gt;&lt;' "$tmp/body"
check "q=\"'><: no live markup" no_markup
st=$(get "$base/?q=helse&body=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
check "body=<script>: 200" [ "$st" = 200 ]
check "body=<script>: escaped" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/body"
check "body=<script>: no live markup" no_markup
st=$(get "$base/?q=helse&body=%22%27%3E%3C%3Cimg+src%3Dx%3E")
check "body=\"'><<img>: escaped, no live markup" \
  bash -c "[ $st = 200 ] && grep -qF '&quot;&#39;&gt;&lt;&lt;img src=x&gt;' '$tmp/body' && ! grep -qiE '<img|\"'\"'\"'><' '$tmp/body'"

# --- bad requests: 400 with a message page, headers still on
bad() { # bad DESCRIPTION QUERYSTRING EXPECTED-MESSAGE
  local st
  st=$(get "$base/?$2")
  check "$1: 400" [ "$st" = 400 ]
  check "$1: message" grep -qF "$3" "$tmp/body"
  check "$1: security headers" secure_headers
}
long=$(head -c 401 /dev/zero | tr '\0' a)
bad "page=0" "q=helse&page=0" "«page» må være et helt tall fra 1 til 100"
bad "page=101" "q=helse&page=101" "«page»"
bad "page=abc" "q=helse&page=abc" "«page»"
bad "q of 401 bytes" "q=$long" "«q» er for langt: 401 byte"
bad "bad %-escape" "q=%ZZhelse" "ugyldig %-koding"
bad "truncated %-escape" "q=helse%E" "ugyldig %-koding"
bad "NUL byte" "q=hel%00se" "NUL-tegn"
bad "invalid UTF-8" "q=hel%C3se" "ikke gyldig UTF-8"
bad "year=20" "q=helse&year=20" "«year»"
bad "format=xml" "q=helse&format=xml" "«format»"
bad "malformed query" "q=%22unclosed" "Søket kunne ikke tolkes"
st=$(get "$base/?q=helse&page=0&format=json")
check "bad request in JSON: 400 with an error object" \
  bash -c "[ $st = 400 ] && jq -e '.error and .status == 400' '$tmp/body' >/dev/null"
st=$(get "$base/?format=json")
check "JSON without q: 400" [ "$st" = 400 ]
st=$(get "$base/?q=helse&utm_source=x&foo=%ZZ&Q=1")
check "unknown parameters are ignored" [ "$st" = 200 ]
words=$(printf 'abcdefghi+%.0s' $(seq 40))
check "q of 400 bytes (40 words) is accepted" [ "$(get "$base/?q=${words%+}+")" = 200 ]

# --- methods
st=$(get "$base/?q=helse" -X POST --data 'q=helse')
check "POST: 405" [ "$st" = 405 ]
check "POST: Allow header" [ "$(header Allow)" = "GET, HEAD" ]
check "POST: security headers" secure_headers
check "PUT: 405" [ "$(get "$base/?q=helse" -X PUT --data x)" = 405 ]
check "DELETE: 405" [ "$(get "$base/" -X DELETE)" = 405 ]
check "other paths: 404" [ "$(get "$base/etc/passwd")" = 404 ]
check "no way out of /papers/" bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' --path-as-is '$base/papers/../../../etc/passwd')\" != 200 ]"
check "no parameter becomes a path" [ "$(get "$base/?q=helse&file=../../etc/passwd")" = 200 ]

# --- a missing index: 503 with a message, and found once it exists
stop_all
db2=$tmp/db-later
start_server noindex "$db2" "$src/corpus"
st=$(get "$base/?q=helse")
check "missing index: 503" [ "$st" = 503 ]
check "missing index: a clear message" grep -qF "Søket er ikke tilgjengelig" "$tmp/body"
check "missing index: no path leaked" bash -c "! grep -qF '$db2' '$tmp/body'"
check "missing index: Retry-After" [ -n "$(header Retry-After)" ]
check "missing index: security headers" secure_headers
st=$(get "$base/?q=helse&format=json")
check "missing index, JSON: 503" bash -c "[ $st = 503 ] && jq -e '.status == 503' '$tmp/body' >/dev/null"
check "missing index: the search page still loads" [ "$(get "$base/")" = 200 ]
make_index "$db2" "$src/corpus"
check "index built later: found on the next request" [ "$(get "$base/?q=helse")" = 200 ]
# An index removed under the responder is not served stale; a new one is found.
rm -rf "$db2"
check "index removed: 503, not stale results" [ "$(get "$base/?q=helse&format=json")" = 503 ]
make_index "$db2" "$src/corpus/nufa"
get "$base/?q=helse&format=json" >/dev/null
check "index rebuilt elsewhere: its documents at once" \
  jq_ok '.total > 0 and all(.hits[]; .file | startswith("nuit") | not)' "$tmp/body"
check "responder still running" "$serve" status --run "$run"

check_logs
stop_all
finish
