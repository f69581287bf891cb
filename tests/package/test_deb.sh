#!/usr/bin/env bash
# The Debian package: cpack -G DEB in the build directory, lintian on it
# (no errors; the warnings kept are listed in the README), and, as root in
# CI (or with SAKSOK_TEST_DPKG=1), the whole life of the package on this
# machine: dpkg -i, saksok-index on corpus/ and saksok from PATH with no
# build directory around, the saksok user and /var/lib/saksok, the units
# verified where they were installed, dpkg -r, then dpkg -P.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
need cpack dpkg-deb dpkg-shlibdeps lintian systemd-analyze

tmp=$(mktemp -d "${TMPDIR:-/tmp}/saksok-deb-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

(cd "$build" && cpack -G DEB -B "$tmp/out") >"$tmp/cpack.log" 2>&1 || { cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/out/saksok_*.deb)
check "cpack made $(basename "$deb")" test -s "$deb"
dpkg-deb -f "$deb" Depends Recommends >"$tmp/control"
cat "$tmp/control"
check "Depends computed from the shared libraries (libxapian, poppler, tesseract, fcgi)" \
  sh -c "grep -q 'libxapian30' '$tmp/control' && grep -q 'libpoppler-glib' '$tmp/control' &&
         grep -q 'libtesseract' '$tmp/control' && grep -q 'libfcgi' '$tmp/control' &&
         grep -q 'adduser' '$tmp/control'"
if [ "${SAKSOK_JEMALLOC:-ON}" = ON ]; then
  check "Depends: libjemalloc2 (saksok-index and saksok-fcgi allocate through it)" \
    grep -q 'libjemalloc2' "$tmp/control"
fi
check "Recommends: nginx, tesseract-ocr-nor" grep -qx 'Recommends: nginx, tesseract-ocr-nor' "$tmp/control"
check "/etc/saksok/saksok.conf is a conffile" \
  sh -c "dpkg-deb -I '$deb' conffiles | grep -qx /etc/saksok/saksok.conf"

# lintian: no errors. Its tags are printed for the log.
lintian --no-tag-display-limit "$deb" >"$tmp/lintian.log" 2>&1 || true
cat "$tmp/lintian.log"
check "lintian: no errors" sh -c "! grep -q '^E:' '$tmp/lintian.log'"

# Installing on this machine: only as root, and only where asked (CI sets
# CI=true): a developer's shared machine keeps its packages.
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: dpkg -i/-r/-P of the package: not root"
  finish; exit $?
fi
if [ -z "${CI:-}" ] && [ "${SAKSOK_TEST_DPKG:-}" != 1 ]; then
  echo "SKIP: dpkg -i/-r/-P of the package: only in CI (CI=true) or with SAKSOK_TEST_DPKG=1"
  finish; exit $?
fi
if dpkg-query -W -f='${Status}' saksok 2>/dev/null | grep -q 'install ok installed'; then
  echo "FAIL: a saksok package is installed already; remove it first (dpkg -P saksok)"
  exit 1
fi
exec 9>/tmp/saksok-test-dpkg.lock # one package test at a time on a machine
flock 9

purge() { dpkg -P saksok >/dev/null 2>&1 || true; }
trap 'purge; rm -rf "$tmp"' EXIT
dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; exit 1; }
ok "dpkg -i"
check "the saksok system user" sh -c "getent passwd saksok | grep -q ':/var/lib/saksok:'"
check "/var/lib/saksok belongs to saksok" sh -c "[ \"\$(stat -c %U /var/lib/saksok)\" = saksok ]"

# From PATH, with no build directory around: a copy of corpus/ in a folder
# the saksok user can read, the index where the installed configuration
# puts it, as the nightly job would make it.
mkdir -p "$tmp/papers" && cp -r "$src/corpus/nuit" "$src/corpus/nufa" "$tmp/papers/"
chmod -R a+rX "$tmp"
clean() { (cd / && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"); }
check "saksok-index and saksok are on PATH" \
  sh -c "[ \"\$(command -v saksok)\" = /usr/bin/saksok ] && [ \"\$(command -v saksok-index)\" = /usr/bin/saksok-index ]"
clean runuser -u saksok -- saksok-index --quiet --no-ocr "$tmp/papers" 2>"$tmp/index.err" || true
cat "$tmp/index.err"
check "saksok-index as saksok into /var/lib/saksok/index (the configuration's)" \
  sh -c "grep -q ' 0 failed;' '$tmp/index.err' && test -f /var/lib/saksok/index/XAPIANDB"
clean runuser -u saksok -- saksok --json --limit 3 NUIT 13/21 >"$tmp/hits.json" || true
check "saksok from PATH finds NUIT 13/21" grep -q '"case": *"13/21"' "$tmp/hits.json"
check "saksok is setgid saksok (dpkg-statoverride)" \
  sh -c "[ \"\$(stat -c %a:%G /usr/bin/saksok)\" = 2755:saksok ]"
check "... so another user searches the index it cannot read itself" \
  sh -c "cd / && runuser -u nobody -- saksok --json --limit 1 NUIT 13/21 | grep -q '\"case\": *\"13/21\"' &&
         ! runuser -u nobody -- ls /var/lib/saksok/index >/dev/null 2>&1"
clean saksok --version >"$tmp/version" || true
check "saksok --version names poppler and Tesseract (the module in /usr/lib/saksok)" \
  sh -c "grep -q '^poppler ' '$tmp/version' && grep -q '^Tesseract ' '$tmp/version'"
# The nightly job as the timer runs it: as saksok, its configuration
# (here a copy of the installed one with the archive set), its log.
sed "s|^#SAKSOK_ARCHIVE=.*|SAKSOK_ARCHIVE=$tmp/papers|" /etc/saksok/saksok.conf >"$tmp/nightly.conf"
chmod a+r "$tmp/nightly.conf"
status=0
clean runuser -u saksok -- saksok-nightly "$tmp/nightly.conf" || status=$?
check "saksok-nightly as saksok: status 0, its last-status and log in /var/log/saksok" \
  sh -c "[ $status -eq 0 ] && [ \"\$(cat /var/log/saksok/last-status)\" = 0 ] &&
         grep -q ' 9 unchanged, 0 failed' /var/log/saksok/saksok-index-*.log"
check "man pages installed" sh -c "test -f /usr/share/man/man8/saksok-fcgi.8.gz && test -f /usr/share/man/man1/saksok.1.gz"
check "systemd-analyze verify: the installed units are clean" \
  verify_units /lib/systemd/system/saksok-fcgi.socket /lib/systemd/system/saksok-fcgi.service \
  /lib/systemd/system/saksok-nightly.service /lib/systemd/system/saksok-nightly.timer

dpkg -r saksok >"$tmp/dpkg.log" 2>&1 || cat "$tmp/dpkg.log"
check "dpkg -r: the programs are gone" sh -c "! test -e /usr/bin/saksok && ! test -e /usr/sbin/saksok-fcgi"
check "... the conffile and the index stay" sh -c "test -f /etc/saksok/saksok.conf && test -d /var/lib/saksok/index"
dpkg -P saksok >"$tmp/dpkg.log" 2>&1 || cat "$tmp/dpkg.log"
check "dpkg -P: nothing of it is left (config, index, logs, package state)" \
  sh -c "! test -e /etc/saksok && ! test -e /var/lib/saksok && ! test -e /var/log/saksok &&
         ! dpkg-query -W saksok >/dev/null 2>&1 && ! dpkg-statoverride --list /usr/bin/saksok"
finish
