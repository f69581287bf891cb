#!/bin/sh
# run.sh: index corpus/ into a temporary database, then score tests/relevance/queries.tsv
# against it and against the floors (see score.c). Run by ctest as the test "relevance";
# with SAKSOK_RELEVANCE_SET=casesys (the ctest "relevance_casesys") it indexes layout
# family d (papers printed by a case-handling system) and scores queries-casesys.tsv
# against floors-casesys.tsv instead.
#
# Usage: run.sh INDEX_BIN QUERY_BIN SCORE_BIN SOURCE_DIR [score options...]
set -eu

if [ $# -lt 4 ]; then
    echo "usage: run.sh INDEX_BIN QUERY_BIN SCORE_BIN SOURCE_DIR [score options...]" >&2
    exit 2
fi
index_bin=$1 query_bin=$2 score_bin=$3 src=$4
# "i fjor" and other periods relative to today read against a fixed day.
export SAKSOK_TODAY=2022-06-15
shift 4

tmp=$(mktemp -d "${TMPDIR:-/tmp}/saksok-relevance-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

root=$src/corpus queries=queries.tsv floors=floors.tsv
if [ "${SAKSOK_RELEVANCE_SET:-}" = casesys ]; then
    root=$src/tests/data/layouts/d/papers queries=queries-casesys.tsv floors=floors-casesys.tsv
fi

if ! "$index_bin" --quiet --db "$tmp/db" "$root"; then
    echo "run.sh: indexing $root failed" >&2
    exit 1
fi

rc=0
"$score_bin" --query-bin "$query_bin" --db "$tmp/db" \
    --queries "$src/tests/relevance/$queries" \
    --floors "$src/tests/relevance/$floors" --verbose "$@" || rc=$?
exit $rc
