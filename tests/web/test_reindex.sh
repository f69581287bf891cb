#!/usr/bin/env bash
# Searches keep answering while the nightly job runs: requests in a loop
# (bounded: 300 requests or 20 s) through nginx + saksok-fcgi while
# `saksok-index --full` rebuilds the index of a copy of corpus/ over and over
# (at least 3 times), each run with changed files. Any non-200 or malformed JSON fails.
# Each --full run ends in a compaction: the index moves to a new generation
# (DIR/gen-N, named by DIR/XAPIANDB) and the old one is removed under the
# responder's open handles. Afterwards the last run's new word is found (new
# commits are seen at once).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

papers=$tmp/papers
cp -r "$src/corpus" "$papers"
rm -rf "$papers/scanned" # OCR makes each run slow (more so under ASan) and adds nothing here
db=$tmp/db
make_index "$db" "$papers"
generation() { sed -n 's/^auto gen-\([0-9]*\)$/\1/p' "$db/XAPIANDB"; }
gen_before=$(generation)
start_server reindex "$db" "$papers"

runs_min=3
html=$(grep -l '</article>' $(find "$papers" -name '*.html' | sort) | head -n 1)
[ -n "$html" ] || { echo "FAIL: no HTML paper with an <article> to change"; exit 1; }
# Reindex again and again until the requests are done (at least runs_min
# times, at most 20), each run with a changed file and a new word.
reindex() {
  local i=0
  while [ "$i" -lt "$runs_min" ] || { ! [ -e "$tmp/stop" ] && [ "$i" -lt 20 ]; }; do
    i=$((i + 1))
    sed -i "s|</article>|<p>Tilleggsnotat, kjøring $i: zqxwordrun$i.</p></article>|" "$html"
    find "$papers" -type f -exec touch {} +
    "$indexer" --full --quiet --db "$db" "$papers" >>"$tmp/reindex.log" 2>&1 || {
      local st=$?
      [ "$st" -eq 1 ] || { echo "saksok-index exited $st" >>"$tmp/reindex.log"; return 1; }
    }
    echo "run $i done" >>"$tmp/reindex.log"
  done
}
reindex &
indexer_pid=$!

queries=("helse" "digital+hjemmeoppf%C3%B8lging" "e-helsestrategi" "vedtak" "NUIT"
         "legemiddel" "%22nasjonal+e-helsestrategi%22" "strategi+AND+nufa" "kjernejournal"
         "datadeling" "helse&page=2" "zqxwordrun1" "informasjonssikkerhet" "helse&body=NUFA")
n=0 failed=0 during=0
start=$SECONDS
# Bounded: 300 requests or 90 s (a loaded machine answers slower); done early once
# there were 100 requests and runs_min runs.
while [ "$n" -lt 300 ] && [ $((SECONDS - start)) -lt 90 ]; do
  qs=${queries[$((n % ${#queries[@]}))]}
  st=$(curl -s --max-time 10 -o "$tmp/r.json" -w '%{http_code}' "$base/?q=$qs&format=json" || true)
  if [ "$st" != 200 ] || ! jq -e '(.total | type) == "number" and (.hits | type) == "array"' \
       "$tmp/r.json" >/dev/null 2>&1; then
    failed=$((failed + 1))
    echo "# request $n (q=$qs): status $st: $(head -c 200 "$tmp/r.json" 2>/dev/null)"
  fi
  n=$((n + 1))
  kill -0 "$indexer_pid" 2>/dev/null && during=$((during + 1))
  if [ "$n" -ge 100 ] && [ "$(grep -c '^run .* done' "$tmp/reindex.log" 2>/dev/null)" -ge "$runs_min" ]; then
    break
  fi
done
touch "$tmp/stop"
indexer_ok=0
wait "$indexer_pid" || indexer_ok=1
runs_done=$(grep -c '^run .* done' "$tmp/reindex.log" || true)
echo "# $n requests in $((SECONDS - start)) s ($during while indexing), $failed failed; $runs_done reindex runs"
check "the indexer ran without error" [ "$indexer_ok" -eq 0 ]
check "reindex ran at least $runs_min times ($runs_done)" [ "$runs_done" -ge "$runs_min" ]
check "at least 30 requests were made while the indexer ran ($during of $n)" [ "$during" -ge 30 ]
check "no request failed during reindexing ($failed of $n)" [ "$failed" -eq 0 ]
gen_after=$(generation)
check "each run switched to a new generation (gen-$gen_before -> gen-$gen_after)" \
  [ "$gen_after" -ge $((gen_before + runs_done)) ]
check "only the current generation is left" [ "$(ls -d "$db"/gen-* | wc -l)" -eq 1 ]
curl -s --max-time 10 -o "$tmp/r.json" "$base/?q=zqxwordrun$runs_done&format=json"
check "the last run's new word is found at once" jq_ok '.total >= 1' "$tmp/r.json"

check_logs
stop_all
finish
