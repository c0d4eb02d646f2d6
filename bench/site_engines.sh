#!/usr/bin/env bash
# Template engine benchmark (issue 12): the same synthetic site (bench/site_fixture.py) built in full
# with the compiled Mustache subset the site uses (Sources/Site/Templates) and with swift-mustache,
# in the same run, alternating, same templates and data contexts (aftermath-bench site-engines).
#
# Usage: bench/site_engines.sh      (SITE_BENCH_NS="1000 10000", SITE_BENCH_RUNS=3)
# Needs: release builds of both products (`swift build -c release --scratch-path .build-release
# --product aftermath` and `--product aftermath-bench`, or AFTERMATH_BIN / BENCH_BIN), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${AFTERMATH_BIN:-$ROOT/.build-release/release/aftermath}
BENCH=${BENCH_BIN:-$ROOT/.build-release/release/aftermath-bench}
NS=${SITE_BENCH_NS:-"1000 10000"}
RUNS=${SITE_BENCH_RUNS:-3}
for b in "$BIN" "$BENCH"; do
    [ -x "$b" ] || { echo "no release binary at $b (swift build -c release --scratch-path .build-release --product $(basename "$b"))" >&2; exit 1; }
done
WORK=$(mktemp -d /tmp/aftermath-engine-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "machine: $(nproc) cores; $(uname -sr); load average $(cut -d' ' -f1-3 /proc/loadavg); median of $RUNS"
for N in $NS; do
    ARCHIVE="$WORK/archive-$N"
    "$BIN" incident list --archive "$ARCHIVE" > /dev/null          # creates and migrates the archive
    python3 bench/site_fixture.py "$ARCHIVE" "$N" > /dev/null
    "$BENCH" site-engines "$ARCHIVE" "$WORK/out-$N" --runs "$RUNS" --templates templates/site
    rm -rf "$WORK/out-$N" "$ARCHIVE"
done
