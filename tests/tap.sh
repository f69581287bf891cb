# tests/tap.sh: the checks of the shell tests (sourced by tests/web/lib.sh and
# tests/package/lib.sh): "ok - ..." / "not ok - ..." lines and a closing
# "N passed, N failed". Exit status of a test: 0 all passed; 1 a check failed;
# 77 skipped (ctest SKIP_RETURN_CODE).
n_pass=0
n_fail=0
ok() { echo "ok - $1"; n_pass=$((n_pass + 1)); }
not_ok() { echo "not ok - $1"; n_fail=$((n_fail + 1)); }
# check DESCRIPTION COMMAND...: the command's status decides.
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
finish() {
  echo "$n_pass passed, $n_fail failed"
  [ "$n_fail" -eq 0 ]
}

# Skip only when a tool truly cannot run here; CI installs them all
# (scripts/install-deps), so there a missing tool is a failure.
need() {
  local t
  for t in "$@"; do
    if ! command -v "$t" >/dev/null 2>&1 && ! [ -x "/usr/sbin/$t" ]; then
      if [ -n "${CI:-}" ]; then echo "FAIL: $t is not installed (scripts/install-deps)"; exit 1; fi
      echo "SKIP: $t is not installed (scripts/install-deps installs it)"
      exit 77
    fi
  done
}
