#!/usr/bin/env bash
# A case's story on the page (?case=), through real nginx + saksok-fcgi:
# the decision first and where it was made, the dated timeline linking to
# each paper's page, related cases both ways linked to their own pages, the
# JSON equal to `saksok --json --case`, 404/400 for unknown or malformed
# cases, a link to the story from every hit of a case, and sort=date.
# With headless Chromium (when it runs here) the page is loaded as a
# browser renders it.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

db=$tmp/db
make_index "$db" "$src/corpus"
start_server story "$db" "$src/corpus"

line_of() { # line_of PATTERN: the first line of $tmp/body matching it
  grep -n -m1 -- "$1" "$tmp/body" | cut -d: -f1
}

st=$(get "$base/?case=NUIT+13%2F21")
check "case page (200, HTML)" [ "$st" = 200 ]
check "case page is HTML in UTF-8" [ "$(header Content-Type)" = "text/html; charset=utf-8" ]
check "case page has a CSP and no script" bash -c \
  "grep -qi 'default-src' '$tmp/headers' && ! grep -qi '<script' '$tmp/body'"
check "case page is headed by the case and its title" \
  grep -q '<h2 id="sak-h">NUIT 13/21: Legemiddelprogrammet – langsiktig finansiering</h2>' "$tmp/body"
check "the decision comes first, then the timeline, then related cases" bash -c \
  "v=\$(grep -n -m1 'id=\"vedtak-h\"' '$tmp/body' | cut -d: -f1)
   t=\$(grep -n -m1 'id=\"tidslinje-h\"' '$tmp/body' | cut -d: -f1)
   o=\$(grep -n -m1 'id=\"omtalt-h\"' '$tmp/body' | cut -d: -f1)
   [ -n \"\$v\" ] && [ \"\$v\" -lt \"\$t\" ] && [ \"\$t\" -lt \"\$o\" ]"
check "the decision is the minutes'" grep -q 'class="decision"><strong>Vedtak:</strong> NUIT slutter seg til' "$tmp/body"
check "where it was made: the minutes of the meeting, linked at its page" \
  grep -qE 'Vedtatt i referatet fra møtet <time datetime="2021-05-20">20. mai 2021</time>: <a href="/papers/scanned/nuit/2021/2021-05-20-nuit-protokoll-signert.pdf#page=2">' \
  "$tmp/body"
check "the timeline is a dated list" grep -q '<ol class="hits timeline-list">' "$tmp/body"
n_entries=$("$cli" --db "$db" --json --case 'NUIT 13/21' | jq '.timeline | length')
check "one list item per timeline entry ($n_entries)" bash -c \
  "[ \$(sed -n '/timeline-list/,/<\/ol>/p' '$tmp/body' | grep -c '<li class=\"hit\">') -eq $n_entries ]"
check "timeline links to the papers at their pages" \
  grep -q 'href="/papers/nuit/2021/2021-05-20-nuit-saksdokumenter.pdf#page=26">nuit/2021/2021-05-20-nuit-saksdokumenter.pdf, s. 26–43</a>' \
  "$tmp/body"
check "timeline links to an HTML paper" grep -q 'href="/papers/nuit/2021/html/sak-13-21.html"' "$tmp/body"
check "the case links to its search" grep -q 'href="?q=NUIT+13%2F21">Søk etter saken</a>' "$tmp/body"
check "labels are Norwegian" bash -c \
  "grep -q 'Tidslinje' '$tmp/body' && grep -q 'Omtalt i andre saker' '$tmp/body' && grep -q 'Viser til' '$tmp/body'"

# --- related cases both ways, each linked to its own page
get "$base/?case=NUFA+30%2F20" >/dev/null
check "a case links to the case it refers to" \
  grep -q 'href="?case=Nasjonalt+e-helsestyre+51%2F18">Nasjonalt e-helsestyre 51/18' "$tmp/body"
st=$(get "$base/?case=Nasjonalt+e-helsestyre+51%2F18")
check "a case known only by what refers to it (200)" [ "$st" = 200 ]
check "it links back to the case that refers to it" \
  grep -q 'href="?case=NUFA+30%2F20">NUFA 30/20: Strategisk analyse 2019/20</a>' "$tmp/body"

# --- JSON: the same as the CLI's
same_story() { # same_story QUERYSTRING SPEC
  local st
  st=$(get "$base/?$1&format=json")
  [ "$st" = 200 ] || { echo "# status $st for $1"; return 1; }
  [ "$(header Content-Type)" = "application/json; charset=utf-8" ] || return 1
  "$cli" --db "$db" --json --case "$2" >"$tmp/cli.json" || return 1
  diff <(jq -S . "$tmp/body") <(jq -S . "$tmp/cli.json") >"$tmp/json.diff" ||
    { head -n 20 "$tmp/json.diff"; return 1; }
}
check "case JSON equals saksok --json --case (NUIT 13/21)" same_story "case=NUIT+13%2F21" "NUIT 13/21"
check "case JSON equals saksok --json --case (13/21 alone)" same_story "case=13%2F21" "13/21"
get "$base/?case=NUFA+21%2F20&format=json" >/dev/null
check "case JSON has the keys of the interface" jq_ok \
  '(.case | has("body") and has("case") and has("title") and has("type") and has("meeting_date")
    and has("proposed_decision") and has("decision") and has("decision_from"))
   and (.timeline[0] | has("date") and has("role") and has("file") and has("page_from")
    and has("page_to") and has("url") and has("title") and has("meeting_no"))
   and has("mentioned_by") and has("mentions")' "$tmp/body"

# --- unknown, ambiguous, malformed
st=$(get "$base/?case=NUIT+99%2F21")
check "an unknown case is 404 with a Norwegian message" bash -c \
  "[ '$st' = 404 ] && grep -q 'Fant ingen sak NUIT 99/21' '$tmp/body'"
st=$(get "$base/?case=28%2F20")
check "a number several councils have is 404 naming them" bash -c \
  "[ '$st' = 404 ] && grep -q 'flere organer' '$tmp/body' && grep -q 'NUFA' '$tmp/body'"
st=$(get "$base/?case=28%2F20&format=json")
check "... and as JSON" bash -c "[ '$st' = 404 ] && jq -e '.status == 404' '$tmp/body' >/dev/null"
st=$(get "$base/?case=ikke+en+sak")
check "a value that is no case number is 400" [ "$st" = 400 ]
st=$(get "$base/?case=%3Cscript%3E+1%2F21")
check "an echoed case value is escaped" bash -c "! grep -q '<script>' '$tmp/body'"

# --- every hit of a case links to its story
get "$base/?q=legemiddelprogrammet" >/dev/null
n_case_hits=$("$cli" --db "$db" --json --limit 10 legemiddelprogrammet |
  jq '[.hits[] | select(.case != null and .body != null)] | length')
n_links=$(grep -c 'class="story" href="?case=' "$tmp/body" || true)
check "every hit of a case links to its story ($n_case_hits)" \
  bash -c "[ '$n_case_hits' -gt 0 ] && [ '$n_case_hits' = '$n_links' ]"
check "the story link names the case" grep -q 'class="story" href="?case=NUIT+13%2F21">Sakens gang</a>' "$tmp/body"

# --- sort=date
same_json() { # same_json QUERYSTRING CLI-ARGS...
  local qs=$1; shift
  local st
  st=$(get "$base/?$qs&format=json")
  [ "$st" = 200 ] || return 1
  "$cli" --db "$db" --json "$@" >"$tmp/cli.json" || return 1
  diff <(jq -S . "$tmp/body") <(jq -S . "$tmp/cli.json") >/dev/null
}
check "sort=date JSON equals saksok --sort date" \
  same_json "q=strategi&sort=date" --limit 10 --sort date strategi
check "sort=date: newest meeting first" jq_ok \
  '[.hits[].meeting_date | select(. != null)] as $d | $d == ($d | sort | reverse) and ($d | length) > 1' \
  "$tmp/body"
get "$base/?q=strategi&sort=date" >/dev/null
check "the page says it is sorted by date and links back to relevance" bash -c \
  "grep -q 'Sortert etter dato, nyeste møte først' '$tmp/body' &&
   grep -q 'href=\"?q=strategi\">Sorter etter relevans</a>' '$tmp/body'"
check "paging keeps the order" bash -c "! grep -q 'page=2' '$tmp/body' || grep -q 'sort=date&amp;page=2' '$tmp/body'"
get "$base/?q=strategi" >/dev/null
check "by relevance, the page offers the date order" \
  grep -q 'href="?q=strategi&amp;sort=date">Sorter etter dato' "$tmp/body"
st=$(get "$base/?q=strategi&sort=eldst")
check "a bad sort is 400" [ "$st" = 400 ]

# --- in a browser, when one runs here
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$browser" ]; then
  profile=$(mktemp -d "$tmp/profile-XXXXXX")
  if HOME=$tmp timeout 60 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
       --disable-background-networking --disable-component-update --disable-sync \
       --disable-dev-shm-usage --user-data-dir="$profile" --dump-dom \
       "$base/?case=NUIT+13%2F21" >"$tmp/dom.html" 2>"$tmp/dom.log"; then
    check "the browser renders the case page's decision and timeline" bash -c \
      "grep -q 'id=\"vedtak-h\"' '$tmp/dom.html' && grep -q 'timeline-list' '$tmp/dom.html'"
    check "the browser reports no CSP violation" bash -c \
      "! grep -qi 'Content Security Policy' '$tmp/dom.log'"
  else
    echo "# chromium cannot run headless here; the browser checks are left out"
  fi
fi

check_logs
finish
