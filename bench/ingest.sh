#!/usr/bin/env bash
# Evidence ingest benchmark: 1M synthetic log lines (gen_logs.py, fixed seed) stored through the
# archive's evidence transaction and made searchable (FTS5), against sqlite3's own `.import` of the
# same lines measured in the same run (with and without building an FTS5 index), plus FTS query
# latency. A benchmark, not a test.
#
#   make bench-ingest            (builds release, then runs this)
#   LINES=200000 bench/ingest.sh
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${LINES:-1000000}
BIN=${BENCH_BIN:-.build/release/aftermath-bench}
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 is missing (apt-get install sqlite3)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "bench: $BIN is missing (swift build -c release --product aftermath-bench)" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-ingest.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $LINES lines"
python3 bench/gen_logs.py "$LINES" "$WORK/logs.csv" --seed 1
ls -l "$WORK/logs.csv" | awk '{printf "== input: %.1f MB\n", $5/1e6}'

# "wall cpu" seconds of a command (cpu = user + system: steadier than wall on a shared machine).
secs() { /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%s %.2f", $1, $2 + $3 }'; }

# Baselines: sqlite3's CSV import (WAL, synchronous=NORMAL), then the same plus an FTS5 rebuild.
cat >"$WORK/plain.sql" <<SQL
PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
CREATE TABLE logs(ts TEXT, source TEXT, host TEXT, line TEXT);
.import --csv $WORK/logs.csv logs
SQL
cat >"$WORK/fts.sql" <<SQL
PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
CREATE TABLE logs(ts TEXT, source TEXT, host TEXT, line TEXT);
CREATE VIRTUAL TABLE logs_fts USING fts5(line, content='logs', content_rowid='rowid');
.import --csv $WORK/logs.csv logs
INSERT INTO logs_fts(logs_fts) VALUES('rebuild');
SQL
read -r PLAIN PLAIN_CPU <<<"$(secs sqlite3 "$WORK/plain.db" ".read $WORK/plain.sql")"
read -r FTS FTS_CPU <<<"$(secs sqlite3 "$WORK/fts.db" ".read $WORK/fts.sql")"
OURS=$("$BIN" ingest "$WORK/logs.csv" "$WORK/ours")
OURS_RAW=$("$BIN" ingest "$WORK/logs.csv" "$WORK/ours-noredact" --no-redact)
rate() { awk -v n="$LINES" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
echo "== sqlite3 .import, no index:            $PLAIN s  $(rate "$PLAIN") lines/s  (CPU $PLAIN_CPU s)"
echo "== sqlite3 .import + FTS5 rebuild:       $FTS s  $(rate "$FTS") lines/s  (CPU $FTS_CPU s)"
echo "== aftermath (redact + store + FTS):     $(field "$OURS" seconds) s  $(field "$OURS" lines_per_s) lines/s  (CPU $(field "$OURS" cpu_seconds) s)"
echo "== aftermath (store + FTS, no redaction): $(field "$OURS_RAW" seconds) s  $(field "$OURS_RAW" lines_per_s) lines/s  (CPU $(field "$OURS_RAW" cpu_seconds) s)"
awk -v a="$(field "$OURS" lines_per_s)" -v b="$(rate "$FTS")" -v c="$(rate "$PLAIN")" \
  'BEGIN { printf "== ratio: aftermath / sqlite3 import+FTS = %.2f; aftermath / sqlite3 plain import = %.2f\n", a / b, a / c }'
# The same ratio in CPU time (sqlite3's CPU, reading the CSV included, over ours, the store only):
# steadier than wall time when other work competes for the cores or the disk.
awk -v a="$(field "$OURS" cpu_seconds)" -v b="$FTS_CPU" \
  'BEGIN { printf "== CPU ratio: sqlite3 import+FTS CPU / aftermath CPU = %.2f\n", b / a }'
echo "== FTS query latency (newest 50, median of 20):"
"$BIN" query "$WORK/ours" deadlock timeout 'conn*' | sed 's/^RESULT /   /'
