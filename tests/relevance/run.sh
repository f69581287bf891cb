#!/bin/sh
# run.sh: index corpus/ into a temporary database, then score tests/relevance/queries.tsv
# against it and against the floors (see score.c). Run by ctest as the test "relevance".
#
# Usage: run.sh INDEX_BIN QUERY_BIN SCORE_BIN SOURCE_DIR [score options...]
set -eu

if [ $# -lt 4 ]; then
    echo "usage: run.sh INDEX_BIN QUERY_BIN SCORE_BIN SOURCE_DIR [score options...]" >&2
    exit 2
fi
index_bin=$1 query_bin=$2 score_bin=$3 src=$4
shift 4

tmp=$(mktemp -d "${TMPDIR:-/tmp}/saksok-relevance-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! "$index_bin" --quiet --db "$tmp/db" "$src/corpus"; then
    echo "run.sh: indexing $src/corpus failed" >&2
    exit 1
fi

rc=0
"$score_bin" --query-bin "$query_bin" --db "$tmp/db" \
    --queries "$src/tests/relevance/queries.tsv" \
    --floors "$src/tests/relevance/floors.tsv" --verbose "$@" || rc=$?
exit $rc
