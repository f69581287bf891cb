#!/usr/bin/env bash
# Restricted papers, a leak test through real nginx with auth_basic (users
# made with openssl passwd) and saksok-fcgi, and on the command line.
#
# The archive is corpus/ plus two papers of the test's own; two folders are
# restricted: the signed NUIT minutes (scanned/nuit/, where NUIT 13/21's
# decision "fra referatet" comes from) and unntatt/ (a price assessment that
# teaches an abbreviation whose long form a public page uses). Three indexes:
#   R  the archive with the access file,
#   U  the archive without any restriction,
#   W  the archive without the restricted folders.
# Anonymous and outside-group users of R must get what W gives: every field,
# and the same hits over all pages (the relevance scores, and so at times the
# order of hits that score almost alike, come from statistics of the whole
# index); a user in the group must get exactly what U gives.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need openssl

papers=$tmp/papers
cp -r "$src/corpus" "$papers"
mkdir -p "$papers/unntatt/2021" "$papers/offentlig"
cat >"$papers/unntatt/2021/prisvurdering.html" <<'EOF'
<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Prisvurdering</title></head>
<body><main><h1>Prisvurdering av rammeavtalen</h1>
<p>Kvalitetssikringsgruppen for leverandørpriser (KSGL) har gått gjennom leverandørprisene
i rammeavtalen. Prisvurderingsnotatet viser at rammeavtaleprisene ligger over markedet.</p>
<p>KSGL anbefaler reforhandling.</p></main></body></html>
EOF
cat >"$papers/offentlig/omtale.html" <<'EOF'
<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Omtale</title></head>
<body><main><h1>Arbeidsgrupper</h1>
<p>Kvalitetssikringsgruppen for leverandørpriser møtes fire ganger i året om rammeavtalen.</p>
</main></body></html>
EOF
printf '# restricted papers\nscanned/nuit/\tnuit-sek\nunntatt/\tnuit-sek,ledelse\n' >"$tmp/access"
printf 'nuit-sek: anna\nledelse: per\nandre: ola\n' >"$tmp/groups"
{
  printf 'anna:%s\n' "$(openssl passwd -apr1 anna-pw)"
  printf 'ola:%s\n' "$(openssl passwd -apr1 ola-pw)"
  printf 'per:%s\n' "$(openssl passwd -apr1 per-pw)"
} >"$tmp/htpasswd"

# The three indexes (the OCR cache of the first serves the others).
"$indexer" --quiet --access "$tmp/access" --db "$tmp/R" "$papers" >"$tmp/index.log" 2>&1 \
  || { cat "$tmp/index.log"; echo "FAIL: saksok-index R"; exit 1; }
cp -r "$tmp/R.ocr-cache" "$tmp/U.ocr-cache"
cp -r "$tmp/R.ocr-cache" "$tmp/W.ocr-cache"
make_index "$tmp/U" "$papers"
cp -r "$papers" "$tmp/public"
rm -rf "$tmp/public/scanned/nuit" "$tmp/public/unntatt"
make_index "$tmp/W" "$tmp/public"
check "the index and its OCR cache are not readable by others" \
  bash -c "[ -z \"\$(find '$tmp/R' '$tmp/R.ocr-cache' -perm /o=rwx | head -n 1)\" ]"

start_server auth "$tmp/R" "$papers" --htpasswd "$tmp/htpasswd" --groups "$tmp/groups"
base_auth=$base
start_server anon "$tmp/R" "$papers" --groups "$tmp/groups"
base_anon=$base
start_server unrestricted "$tmp/U" "$papers"; base_u=$base
start_server without "$tmp/W" "$tmp/public"; base_w=$base

# Words that stand only in the restricted papers (asserted below against U and W).
only_restricted=(kontrasignert protokollen budsjettprosessen journalført prisvurderingsnotatet
                 rammeavtaleprisene)
# Queries through every channel: those words, misspellings of them, words in
# both kinds of paper (facets, totals, the timeline), NUIT 13/21 (its decision
# comes from the restricted minutes), an abbreviation learned from a
# restricted paper whose long form a public page holds, filters, paging.
queries=(kontrasignert protokollen prisvurderingsnotatet budsjettprosesen kontrasignet
         "sak 13/21" vedtak nuit rammeavtalen KSGL "dato:2021 prioritering")
enc() { jq -rn --arg s "$1" '$s|@uri'; }
# "added" (when an index first held a hit) is left out: each index was built
# at its own time.
json() { # json BASE Q [curl args]: the search's JSON, one line
  local b=$1 q=$2; shift 2
  curl -s --max-time 10 "$@" "$b/?q=$(enc "$q")&format=json" | jq -cS 'del(.hits[]?.added)'
}
noscore() { jq -cS 'del(.hits[]?.score)'; }
top() { jq -cS 'del(.hits)'; }
all_hits() { # all_hits BASE Q [curl args]: the hits of every page (up to 10), a sorted set
  local b=$1 q=$2 p=1 r total; shift 2
  while :; do
    r=$(curl -s --max-time 10 "$@" "$b/?q=$(enc "$q")&format=json&page=$p")
    jq -c '.hits[] | del(.score, .rank, .added)' <<<"$r"
    total=$(jq .total <<<"$r")
    [ $((p * 10)) -lt "$total" ] && [ $p -lt 10 ] || break
    p=$((p + 1))
  done | sort
}

for w in "${only_restricted[@]}"; do
  check "'$w' stands in the restricted papers (U finds it)" \
    [ "$(json "$base_u" "$w" | jq .total)" -gt 0 ]
  check "'$w' stands only there (W finds nothing)" [ "$(json "$base_w" "$w" | jq .total)" -eq 0 ]
done

for q in "${queries[@]}"; do
  w=$(json "$base_w" "$q")
  u=$(json "$base_u" "$q")
  anon=$(json "$base_anon" "$q")
  ola=$(json "$base_auth" "$q" -u ola:ola-pw)
  anna=$(json "$base_auth" "$q" -u anna:anna-pw)
  check "anonymous '$q': total, facets, suggestion as without the restricted papers" \
    [ "$(top <<<"$anon")" = "$(top <<<"$w")" ]
  check "outside the group '$q': total, facets, suggestion as without them" \
    [ "$(top <<<"$ola")" = "$(top <<<"$w")" ]
  hits_w=$(all_hits "$base_w" "$q")
  check "anonymous '$q': the hits of every page as without them" \
    [ "$(all_hits "$base_anon" "$q")" = "$hits_w" ]
  check "outside the group '$q': the hits of every page as without them" \
    [ "$(all_hits "$base_auth" "$q" -u ola:ola-pw)" = "$hits_w" ]
  check "in the group '$q': exactly as without any restriction" [ "$anna" = "$u" ]
  for r in "$anon" "$ola"; do
    for word in "${only_restricted[@]}"; do
      lw=$(tr '[:upper:]' '[:lower:]' <<<"$word")
      if jq -e --arg w "$lw" '(.suggestion // "" | ascii_downcase | contains($w))' <<<"$r" >/dev/null; then
        not_ok "'$q' suggests the restricted word '$word'"
      fi
    done
  done
done

# The decision "fra referatet" comes from the restricted minutes only.
check "in the group: NUIT 13/21's decision from the minutes" \
  jq_ok '[.hits[] | select(.role == "case") | .decision_from_minutes] | any' \
  <<<"$(json "$base_auth" "sak 13/21" -u anna:anna-pw)"
check "outside: no decision from the restricted minutes" \
  jq_ok '[.hits[] | select(.role == "case") | .decision_from_minutes] | any | not' \
  <<<"$(json "$base_auth" "sak 13/21" -u ola:ola-pw)"
check "in the group: the abbreviation learned from a restricted paper finds its long form" \
  jq_ok '[.hits[].file] | index("offentlig/omtale.html")' <<<"$(json "$base_auth" ksgl -u anna:anna-pw)"
check "outside: the abbreviation is not expanded to the long form in the public page" \
  jq_ok '[.hits[].file] | index("offentlig/omtale.html") | not' \
  <<<"$(json "$base_auth" ksgl -u ola:ola-pw)"
check "per (ledelse) sees unntatt/ but not the NUIT minutes" \
  jq_ok '.total > 0' <<<"$(json "$base_auth" prisvurderingsnotatet -u per:per-pw)"
check "per (ledelse): not the NUIT minutes" \
  jq_ok '.total == 0' <<<"$(json "$base_auth" kontrasignert -u per:per-pw)"

# The page: facets and the timeline as without the restricted papers.
nohits() { sed '/<ol class="hits"/,/<\/ol>/d'; }
for q in nuit vedtak protokollen; do
  a=$(curl -s "$base_auth/?q=$(enc "$q")" -u ola:ola-pw | nohits)
  b=$(curl -s "$base_w/?q=$(enc "$q")" | nohits)
  check "page '$q' outside the group: all but the list of hits as without the restricted papers" \
    [ "$a" = "$b" ]
done
a=$(curl -s "$base_auth/?q=nuit" -u anna:anna-pw)
b=$(curl -s "$base_u/?q=nuit")
check "page 'nuit' in the group: the same HTML as without any restriction" [ "$a" = "$b" ]

# Headers of answers that depend on who asks.
get "$base_auth/?q=vedtak&format=json" -u anna:anna-pw >/dev/null
check "Cache-Control: private, no-store" [ "$(header Cache-Control)" = "private, no-store" ]
check "Vary names Authorization" bash -c "grep -qi '^Vary:.*Authorization' '$tmp/headers'"
check "no user name, no search: 401" [ "$(get "$base_auth/?q=vedtak")" = 401 ]

# The papers themselves.
minutes=/papers/scanned/nuit/2021/2021-05-20-nuit-protokoll-signert.pdf
price=/papers/unntatt/2021/prisvurdering.html
public=/papers/nuit/2021/html/sak-13-21.html
missing=/papers/scanned/nuit/2021/finnes-ikke.pdf
get "$base_auth$missing" -u ola:ola-pw >/dev/null
cp "$tmp/body" "$tmp/missing-body"
for who in "" ola; do
  if [ -z "$who" ]; then b=$base_anon; args=(); else b=$base_auth; args=(-u ola:ola-pw); fi
  for p in "$minutes" "$price" /papers/scanned/nuit/../nuit/2021/2021-05-20-nuit-protokoll-signert.pdf \
           /papers/%73canned/nuit/2021/2021-05-20-nuit-protokoll-signert.pdf \
           "/papers//unntatt/2021/prisvurdering.html" "/papers/unntatt/2021/Prisvurdering.html"; do
    check "${who:-anonymous}: $p is 404" [ "$(get "$b$p" --path-as-is "${args[@]}")" = 404 ]
    check "${who:-anonymous}: $p looks like a missing paper" cmp -s "$tmp/body" "$tmp/missing-body"
    check "${who:-anonymous}: HEAD $p is 404" [ "$(get "$b$p" -I --path-as-is "${args[@]}")" = 404 ]
  done
  check "${who:-anonymous}: a public paper is served" [ "$(get "$b$public" "${args[@]}")" = 200 ]
done
check "anna: the restricted minutes are served" [ "$(get "$base_auth$minutes" -u anna:anna-pw)" = 200 ]
check "anna: the very file" cmp -s "$tmp/body" "$papers/scanned/nuit/2021/2021-05-20-nuit-protokoll-signert.pdf"
check "per: the price assessment is served" [ "$(get "$base_auth$price" -u per:per-pw)" = 200 ]
check "per: not the NUIT minutes" [ "$(get "$base_auth$minutes" -u per:per-pw)" = 404 ]

# The command line: the same groups file; root gets nothing beyond it.
printf 'nuit-sek: nobody-else\n' >"$tmp/groups-cli-out"
printf 'nuit-sek: %s\nledelse: %s\n' "$(id -un)" "$(id -un)" >"$tmp/groups-cli-in"
for q in kontrasignert "sak 13/21" vedtak KSGL prisvurderingsnotatet; do
  cli_set() { jq -cS '{all: del(.hits), hits: ([.hits[] | del(.score, .rank, .added)] | sort)}'; }
  out=$(SAKSOK_GROUPS=$tmp/groups-cli-out "$cli" --db "$tmp/R" --json --limit 1000 "$q" | cli_set)
  w=$("$cli" --db "$tmp/W" --json --limit 1000 "$q" | cli_set)
  check "saksok '$q' outside the group: as without the restricted papers" [ "$out" = "$w" ]
  in=$(SAKSOK_GROUPS=$tmp/groups-cli-in "$cli" --db "$tmp/R" --json "$q" | jq -cS 'del(.hits[]?.added)')
  u=$("$cli" --db "$tmp/U" --json "$q" | jq -cS 'del(.hits[]?.added)')
  check "saksok '$q' in the group: as without any restriction" [ "$in" = "$u" ]
done
stats_of() { jq -cS '{documents, files, case_numbers, sections}'; }
check "saksok --stats outside the group: as without the restricted papers" \
  [ "$(SAKSOK_GROUPS=$tmp/groups-cli-out "$cli" --db "$tmp/R" --stats --json | stats_of)" = \
    "$("$cli" --db "$tmp/W" --stats --json | stats_of)" ]
check "saksok --stats outside the group: no size, no counts of the last run" \
  jq_ok '.bytes == null and (.last_run | keys == ["finished"])' \
  <<<"$(SAKSOK_GROUPS=$tmp/groups-cli-out "$cli" --db "$tmp/R" --stats --json)"
check "saksok --stats in the group: as without any restriction" \
  [ "$(SAKSOK_GROUPS=$tmp/groups-cli-in "$cli" --db "$tmp/R" --stats --json | stats_of)" = \
    "$("$cli" --db "$tmp/U" --stats --json | stats_of)" ]

# A change of the access file takes effect on the next run, with nothing
# extracted again: unntatt/ goes to the caller's own Unix group, which
# the command line counts with no groups file at all.
printf 'scanned/nuit/\tnuit-sek\nunntatt/\t%s\n' "$(id -gn)" >"$tmp/access2"
"$indexer" --access "$tmp/access2" --db "$tmp/R" "$papers" >"$tmp/index2.log" 2>&1 || true
check "the access change re-extracted nothing" \
  grep -q "^saksok-index: 0 new, 0 changed, 0 removed, 17 unchanged" "$tmp/index2.log"
check "the caller's Unix group sees unntatt/ now" \
  jq_ok '.total > 0' <<<"$(SAKSOK_GROUPS= "$cli" --db "$tmp/R" --json prisvurderingsnotatet)"
check "... and not the NUIT minutes" \
  jq_ok '.total == 0' <<<"$(SAKSOK_GROUPS= "$cli" --db "$tmp/R" --json kontrasignert)"
check "per (ledelse) no longer sees unntatt/" \
  jq_ok '.total == 0' <<<"$(json "$base_auth" prisvurderingsnotatet -u per:per-pw)"
check "per: the price assessment is 404 now" [ "$(get "$base_auth$price" -u per:per-pw)" = 404 ]
"$indexer" --quiet --db "$tmp/R" "$papers" >"$tmp/index3.log" 2>&1 || true
check "a run without --access keeps the rules in force" \
  jq_ok '.total == 0' <<<"$(json "$base_anon" kontrasignert)"
printf '' >"$tmp/access3"
"$indexer" --quiet --access "$tmp/access3" --db "$tmp/R" "$papers" >"$tmp/index4.log" 2>&1 || true
check "an empty access file makes every paper public" \
  jq_ok '.total > 0' <<<"$(json "$base_anon" kontrasignert)"

check_logs
finish
