# tests/web/lib.sh: shared by the web tests (sourced). Each test runs its own
# nginx + saksok-fcgi (scripts/serve) on a free loopback port in a temporary
# directory, and stops them on exit, failure included.
#
# Environment (set by ctest, see tests/CMakeLists.txt): SAKSOK_SOURCE_DIR,
# SAKSOK_BUILD_DIR, SAKSOK_INDEX_BIN, SAKSOK_QUERY_BIN, SAKSOK_FCGI_BIN.
# Exit status: 0 all passed; 1 a check failed; 77 skipped (ctest SKIP_RETURN_CODE).
set -euo pipefail

src=${SAKSOK_SOURCE_DIR:?run me through ctest}
build=${SAKSOK_BUILD_DIR:?run me through ctest}
fcgi=${SAKSOK_FCGI_BIN:-$build/saksok-fcgi}
indexer=${SAKSOK_INDEX_BIN:-$build/saksok-index}
cli=${SAKSOK_QUERY_BIN:-$build/saksok}
serve=$src/scripts/serve

. "$(dirname "${BASH_SOURCE[0]}")/../tap.sh" # ok, not_ok, check, finish, need
jq_ok() { jq -e "$@" >/dev/null; }

need nginx curl jq

tmp=$(mktemp -d "${TMPDIR:-/tmp}/saksok-web-XXXXXX")
runs=()

stop_all() {
  local r
  for r in "${runs[@]}"; do "$serve" stop --run "$r" >/dev/null 2>&1 || true; done
  runs=()
}

# Sanitizer reports from the responder fail the test (the ASan build).
check_logs() {
  local r
  for r in "${runs[@]}"; do
    if grep -q -E "AddressSanitizer|LeakSanitizer|runtime error:" "$r/logs/saksok-fcgi.log" 2>/dev/null; then
      not_ok "no sanitizer report in $r/logs/saksok-fcgi.log"
      sed -n '1,60p' "$r/logs/saksok-fcgi.log"
    fi
  done
}

cleanup() {
  local st=$?
  stop_all
  rm -rf "$tmp"
  exit $st
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# start_server NAME DB PAPERS [SERVE ARGS...]: sets $base (http://127.0.0.1:PORT) and $run.
start_server() {
  local name=$1 db=$2 papers=$3 port i
  shift 3
  run=$tmp/$name
  runs+=("$run")
  for i in 1 2 3 4 5 6 7 8; do
    port=$((20000 + (RANDOM * 7 + $$ + i * 131) % 40000))
    # A rate limit that requests in a tight loop stay under; the template's
    # limits themselves are tested in test_hardening.sh.
    if "$serve" start --port "$port" --db "$db" --papers "$papers" --run "$run" \
         --threads 4 --fcgi "$fcgi" --rate-limit 1000 "$@" >"$tmp/serve-$name.log" 2>&1; then
      base=http://127.0.0.1:$port
      return 0
    fi
  done
  cat "$tmp/serve-$name.log"
  echo "FAIL: could not start nginx + saksok-fcgi"
  exit 1
}

# get URL [curl args...]: body to $tmp/body, headers to $tmp/headers; prints the status.
get() {
  local url=$1; shift
  curl -s --max-time 10 -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' "$@" "$url"
}
header() { # header NAME: its value from $tmp/headers
  grep -i "^$1:" "$tmp/headers" | head -n 1 | cut -d: -f2- | sed 's/^ //; s/\r$//'
}

make_index() { # make_index DB ROOT
  "$indexer" --quiet --db "$1" "$2" >"$tmp/index.log" 2>&1 || {
    local st=$?
    [ "$st" -eq 1 ] || { cat "$tmp/index.log"; echo "FAIL: saksok-index exited $st"; exit 1; }
  }
}
