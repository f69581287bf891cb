#!/usr/bin/env bash
# Hostile neighbours and hostile requests, through real nginx + saksok-fcgi:
# scripts/serve refuses a run directory that is not the caller's alone;
# /papers/ never follows a link; a JSON error always has a body; a search
# past its time limit is a 503; nginx limits requests per client.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

db=$tmp/db
make_index "$db" "$src/corpus"

# --- the run directory: ours alone, or refused
mkdir -m 0777 "$tmp/open-run"
chmod 0777 "$tmp/open-run"
out=$("$serve" start --port 1 --db "$db" --run "$tmp/open-run" --fcgi "$fcgi" 2>&1 || true)
check "run directory others can write to: refused" grep -q "others can write" <<<"$out"
ln -s "$tmp/open-run" "$tmp/link-run"
out=$("$serve" start --port 1 --db "$db" --run "$tmp/link-run" --fcgi "$fcgi" 2>&1 || true)
check "run directory that is a link: refused" grep -q "symbolic link" <<<"$out"
if [ "$(id -u)" -eq 0 ]; then
  mkdir -m 0700 "$tmp/their-run" && chown nobody "$tmp/their-run"
  out=$("$serve" stop --run "$tmp/their-run" 2>&1 || true)
  check "run directory of another user: refused (stop too)" grep -q "another user" <<<"$out"
fi
check "nothing was started in a refused directory" bash -c "! ls '$tmp/open-run' | grep -q ."

# --- the papers: links are not followed, files are served
papers=$tmp/papers
mkdir -p "$papers/nuit"
cp "$src/corpus/nuit/2021/html/sak-13-21.html" "$papers/nuit/sak.html"
echo "hemmelig innhold" >"$tmp/secret.html"
ln -s "$tmp/secret.html" "$papers/nuit/lenke.html"
ln -s sak.html "$papers/nuit/intern.html"
start_server main "$db" "$papers"
check "/papers/: a file is served" [ "$(get "$base/papers/nuit/sak.html")" = 200 ]
st=$(get "$base/papers/nuit/lenke.html")
check "/papers/: a link out of the archive is not followed ($st)" \
  bash -c "[ '$st' != 200 ] && ! grep -q hemmelig '$tmp/body'"
check "/papers/: no link is followed (disable_symlinks)" \
  [ "$(get "$base/papers/nuit/intern.html")" != 200 ]

# --- a JSON error always has a body: 33 x U+FDFA in body= (was an empty 400)
fdfa=$(printf '%%EF%%B7%%BA%.0s' $(seq 33))
st=$(get "$base/?q=helse&body=$fdfa&format=json")
check "body=33xU+FDFA: an answer with a JSON body" \
  bash -c "[ -s '$tmp/body' ] && jq -e '.status == $st and (.message | type == \"string\")' '$tmp/body' >/dev/null"

# --- the time limit: a search past it is a 503 with Retry-After
check_logs
stop_all
start_server slow "$db" "$src/corpus" --search-seconds 0.000001
st=$(get "$base/?q=helse+strategi&format=json")
check "search past its time limit: 503 ($st)" [ "$st" = 503 ]
check "search past its time limit: Retry-After" [ -n "$(header Retry-After)" ]
check "search past its time limit: JSON says so" jq -e '.status == 503' "$tmp/body"

# --- requests per client: past the rate, 429
check_logs
stop_all
start_server limited "$db" "$src/corpus" --rate-limit 2
codes=$(for i in $(seq 20); do curl -s -o /dev/null -w '%{http_code}\n' "$base/?q=helse"; done)
check "rate limit: the first requests pass" [ "$(head -n 1 <<<"$codes")" = 200 ]
check "rate limit: a burst past it gets 429" grep -q 429 <<<"$codes"
check "rate limit: the page itself is not a 5xx" bash -c "! grep -q '^5' <<<'$codes'"

check_logs
stop_all
finish
