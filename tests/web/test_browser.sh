#!/usr/bin/env bash
# The page in a real browser: headless Chromium loads searches from nginx + saksok-fcgi; the test checks
# the rendered DOM and that the CSP let the stylesheet through, and saves
# screenshots (desktop and phone) under BUILD/tests/web/artifacts/.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  [ -n "${CI:-}" ] && { echo "FAIL: chromium is not installed (scripts/install-deps)"; exit 1; }
  echo "SKIP: chromium is not installed (scripts/install-deps installs it)"
  exit 77
fi
art=$build/tests/web/artifacts
mkdir -p "$art"

db=$tmp/db
make_index "$db" "$src/corpus"
start_server browser "$db" "$src/corpus"

# chrome OUTFILE ARGS...: headless Chromium in a fresh profile, bounded in
# time; its log (console messages, CSP reports) goes to OUTFILE.log.
chrome() {
  local out=$1; shift
  local profile
  profile=$(mktemp -d "$tmp/profile-XXXXXX")
  HOME=$tmp timeout 60 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --hide-scrollbars \
    --enable-logging=stderr --v=0 --user-data-dir="$profile" "$@" >"$out" 2>"$out.log"
}

# Can this Chromium run at all here? (Only then is a skip honest.)
if ! chrome "$tmp/probe.html" --dump-dom "$base/"; then
  cat "$tmp/probe.html.log" | tail -n 20
  [ -n "${CI:-}" ] && { echo "FAIL: chromium cannot run"; exit 1; }
  echo "SKIP: chromium is installed but cannot run headless here"
  exit 77
fi
check "empty search page renders" grep -q '<input type="search" id="q" name="q"' "$tmp/probe.html"

q='digital+hjemmeoppf%C3%B8lging'
chrome "$tmp/dom.html" --dump-dom "$base/?q=$q"
check "DOM: lang=nb" grep -q '<html lang="nb">' "$tmp/dom.html"
check "DOM: the field keeps the query" \
  grep -q 'name="q"[^>]*value="digital hjemmeoppfølging"' "$tmp/dom.html"
check "DOM: a list of hits" grep -q '<ol class="hits"' "$tmp/dom.html"
check "DOM: 10 hits on the first page" \
  [ "$(grep -o '<li class="hit">' "$tmp/dom.html" | wc -l)" -eq 10 ]
check "DOM: hits link to papers at their page" \
  grep -qE '<a href="/papers/[^"]+\.pdf#page=[0-9]+">' "$tmp/dom.html"
check "DOM: highlighted words" grep -q '<mark>' "$tmp/dom.html"
check "DOM: paging" grep -q '<nav class="pages" aria-label="Sider">' "$tmp/dom.html"
check "DOM: no script element" bash -c "! grep -qi '<script' '$tmp/dom.html'"
check "CSP blocked nothing (the inline stylesheet matches its hash)" \
  bash -c "! grep -qi 'Refused to\|Content Security Policy' '$tmp/dom.html.log'"

# Facets and the timeline, when the index has them.
curl -s --max-time 10 "$base/?q=$q&format=json" >"$tmp/res.json"
n_years=$(jq '.facets.year | length' "$tmp/res.json")
n_facets=$(jq '[.facets[] | length] | add' "$tmp/res.json")
if [ "$n_facets" -gt 0 ]; then
  check "DOM: facets" grep -q '<aside aria-labelledby="avgrens">' "$tmp/dom.html"
  check "DOM: facet links keep the query" grep -qE "href=\"\\?q=${q//+/\\+}&amp;(body|year|type)=" "$tmp/dom.html"
else
  echo "# the index has no facets yet: facet checks not run"
fi
if [ "$n_years" -gt 0 ]; then
  check "DOM: the timeline svg" grep -q '<svg class="timeline"' "$tmp/dom.html"
  check "DOM: one bar per year ($n_years)" \
    [ "$(grep -o '<rect class="bar' "$tmp/dom.html" | wc -l)" -eq "$n_years" ]
fi

chrome "$tmp/dom2.html" --dump-dom "$base/?q=helse&page=2"
check "DOM: page 2 is marked current" grep -q 'aria-current="page" href="#treff">2<' "$tmp/dom2.html"
check "DOM: page 2 starts at hit 11" grep -q '<ol class="hits" start="11">' "$tmp/dom2.html"

chrome "$tmp/dom3.html" --dump-dom "$base/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27%3E%3C&body=%3Cscript%3E"
check "DOM: an injected script stays text" \
  bash -c "! grep -qi '<script' '$tmp/dom3.html' && grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' '$tmp/dom3.html'"


rm -f "$art/search.png" "$art/search-phone.png"
# The page has no script and its CSP (default-src 'none') allows none, so
# what Chromium shows is the page without JavaScript. (--blink-settings=
# scriptEnabled=false would say so too, but headless Chromium then neither
# dumps the DOM nor takes screenshots.)
chrome "$tmp/shot1" --screenshot="$art/search.png" \
  --window-size=1280,1600 "$base/?q=$q"
check "screenshot (1280 wide) saved: $art/search.png" [ -s "$art/search.png" ]
chrome "$tmp/shot2" --screenshot="$art/search-phone.png" \
  --window-size=390,1400 "$base/?q=$q"
check "screenshot (390 wide) saved: $art/search-phone.png" [ -s "$art/search-phone.png" ]

check_logs
stop_all
finish
