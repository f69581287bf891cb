# tests/package/lib.sh: shared by the packaging tests (sourced).
# Environment (ctest): SAKSOK_SOURCE_DIR, SAKSOK_BUILD_DIR, SAKSOK_FCGI_GET_BIN.
# Exit status: 0 all passed; 1 a check failed; 77 skipped (ctest SKIP_RETURN_CODE).
set -euo pipefail

src=${SAKSOK_SOURCE_DIR:?run me through ctest}
build=${SAKSOK_BUILD_DIR:?run me through ctest}
version=$(sed -n 's/^project(saksok VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")

. "$(dirname "${BASH_SOURCE[0]}")/../tap.sh" # ok, not_ok, check, finish, need

# systemd-analyze verify, clean: status 0 and nothing said (it only warns
# about unknown keys). Arguments: unit files.
verify_units() {
  local out
  out=$(systemd-analyze verify --man=no "$@" 2>&1) || { echo "$out"; return 1; }
  [ -z "$out" ] || { echo "$out"; return 1; }
}
