#!/usr/bin/env bash
# sk-mkcorpus -i (scripts/mkcorpus/pictures.c), the pictures of the benchmark
# archive (scripts/make-big-corpus): a slide deck and the first pages of an A4
# bundle from tests/data/corpus-desc/, rendered with and without -i. With -i
# every page has a JPEG logo, at least 75 % of the pages a JPEG picture of
# 100-400 kB, every image is a JPEG (DCTDecode) stream; the text (pdftotext) is
# the same as without -i; the same name gives the same bytes, another name
# other pictures. Without -i the PDF has no image.
#
# sk-mkcorpus is SAKSOK_MKCORPUS_BIN (a -DSAKSOK_CORPUS_TOOL=ON build), or built
# here from scripts/mkcorpus/ with cc; skipped (77) where it cannot be built
# (no pango, libhyphen or libjpeg headers: scripts/install-deps --corpus).
set -euo pipefail
src=${SAKSOK_SOURCE_DIR:?run me through ctest}
. "$(dirname "${BASH_SOURCE[0]}")/../tap.sh" # ok, not_ok, check, finish, need
need pdfimages pdftotext pdfinfo

tmp=$(mktemp -d "${TMPDIR:-/tmp}/saksok-images-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tool=${SAKSOK_MKCORPUS_BIN:-}
if [ -z "$tool" ] || ! [ -x "$tool" ]; then
  mk=$src/scripts/mkcorpus
  if ! pkg-config --exists pangocairo libjpeg 2>/dev/null || ! [ -e /usr/include/hyphen.h ]; then
    echo "SKIP: sk-mkcorpus cannot be built here (scripts/install-deps --corpus)"
    exit 77
  fi
  tool=$tmp/sk-mkcorpus
  # shellcheck disable=SC2046 # pkg-config's flags are words
  cc -std=c17 -O1 -D_POSIX_C_SOURCE=200809L -o "$tool" "$mk/mkcorpus.c" "$mk/desc.c" \
    "$mk/pictures.c" $(pkg-config --cflags --libs pangocairo libjpeg) -lhyphen -lm
fi
[ -e /usr/share/hyphen/hyph_nb_NO.dic ] || { echo "SKIP: no hyph_nb_NO.dic (hyphen-no)"; exit 77; }

desc=$src/tests/data/corpus-desc
# the first slides of a deck, the first pages of an A4 bundle (to the Nth page break)
awk '/^@page/ && ++n == 8 {exit} {print}' \
  "$desc/nasjonalt-e-helsestyre/2020/2020-11-13-ehelsestyre-mote-6-20.desc" >"$tmp/slides.desc"
awk '/^@page/ && ++n == 2 {exit} {print}' "$desc/nufa/2020/2020-08-26-nufa-saksdokumenter.desc" \
  >"$tmp/a4.desc"
between() { [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }

# images PDF: "PAGES PAGES_WITH_JPEG PAGES_WITH_PICTURE NOT_JPEG SMALLEST_KB LARGEST_KB"
# (pictures: JPEGs 400 px wide or more; sizes as pdfimages gives them: 812B, 177K, 1.2M)
images() {
  pdfimages -list "$1" | awk -v pages="$(pdfinfo "$1" | awk '/^Pages:/ {print $2}')" '
    NR > 2 { if ($9 != "jpeg") other++; else jpeg[$1] = 1
             if ($9 == "jpeg" && $4 >= 400) {
               pic[$1] = 1; k = $15 + 0; u = substr($15, length($15))
               k = u == "M" ? k * 1024 : u == "B" ? k / 1024 : k
               if (min == "" || k < min) min = k; if (k > max) max = k } }
    END { for (p in jpeg) nj++; for (p in pic) np++
          printf "%d %d %d %d %d %d\n", pages, nj, np, other, min, max }'
}

for kind in slides a4; do
  "$tool" -n "arkiv/$kind.pdf" "$tmp/$kind.desc" "$tmp/$kind.pdf"
  "$tool" -i -n "arkiv/$kind.pdf" "$tmp/$kind.desc" "$tmp/$kind-i.pdf" 2>"$tmp/$kind.log"
  "$tool" -i -n "arkiv/$kind.pdf" "$tmp/$kind.desc" "$tmp/$kind-i2.pdf" 2>/dev/null
  "$tool" -i -n "arkiv/2016/$kind.pdf" "$tmp/$kind.desc" "$tmp/$kind-other.pdf" 2>/dev/null
  read -r pages jpeg pic other min max < <(images "$tmp/$kind-i.pdf")
  echo "# $kind: $pages pages, $jpeg with a JPEG, $pic with a picture ($min-$max kB), $other not JPEG"
  check "$kind: a JPEG on every page" [ "$jpeg" -eq "$pages" ]
  check "$kind: a picture on at least 75 % of the pages" [ $((pic * 100)) -ge $((pages * 75)) ]
  check "$kind: every image is a JPEG stream (DCTDecode)" [ "$other" -eq 0 ]
  check "$kind: the smallest picture has 100-400 kB" between "$min" 100 400
  check "$kind: the largest picture has 100-400 kB" between "$max" 100 400
  check "$kind: the generator counts the pictures as pdfimages does" \
    grep -q ": $pic of $pages pages with a picture" "$tmp/$kind.log"
  check "$kind: without -i, no image" [ -z "$(pdfimages -list "$tmp/$kind.pdf" | sed 1,2d)" ]
  check "$kind: without -i, the same page count" \
    [ "$(pdfinfo "$tmp/$kind.pdf" | grep '^Pages:')" = "$(pdfinfo "$tmp/$kind-i.pdf" | grep '^Pages:')" ]
  pdftotext "$tmp/$kind.pdf" "$tmp/$kind.txt"
  pdftotext "$tmp/$kind-i.pdf" "$tmp/$kind-i.txt"
  pdftotext "$tmp/$kind-other.pdf" "$tmp/$kind-other.txt"
  check "$kind: the same text as without -i" cmp -s "$tmp/$kind.txt" "$tmp/$kind-i.txt"
  check "$kind: the same name, the same bytes" cmp -s "$tmp/$kind-i.pdf" "$tmp/$kind-i2.pdf"
  check "$kind: another name, other pictures, the same text" \
    eval '! cmp -s "$tmp/$kind-i.pdf" "$tmp/$kind-other.pdf" && cmp -s "$tmp/$kind.txt" "$tmp/$kind-other.txt"'
done
finish
