#!/usr/bin/env bash
# Retention benchmark: webhook acknowledgement latency while `aftermath retention apply` removes a
# large capture's content (lines, full-text entries) and gives the pages back (incremental vacuum),
# against the same load with nothing else running, measured in the same run. A benchmark, not a
# test: it prints numbers.
#
#   bench/retention.sh                         (after `make build`; needs wrk and python3)
#   LINES=300000 DURATION=15s CONNECTIONS=4 bench/retention.sh
#   AFTERMATH_BIN=.build/debug/aftermath bench/retention.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${AFTERMATH_BIN:-.build/release/aftermath}
LINES=${LINES:-300000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-4}
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "bench: $BIN is missing (make build)" >&2; exit 1; }
BIN=$(realpath "$BIN")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-retention-bench.XXXXXX")
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. A log of LINES timestamped lines (all inside the capture window) and a configuration that captures it.
mkdir -p "$WORK/logs"
python3 - "$WORK/logs/app.log" "$LINES" <<'EOF'
import datetime, sys
path, n = sys.argv[1], int(sys.argv[2])
now = datetime.datetime.now(datetime.timezone.utc)
with open(path, "w") as f:
    for i in range(n):
        t = (now - datetime.timedelta(seconds=(n - i) / 1000)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        f.write(f"{t} api[{i % 64}]: GET /orders/{i} 200 {i % 997} ms upstream=db-{i % 7} trace={i * 7919 % 1000003:07d}\n")
EOF
cat >"$WORK/aftermath.yaml" <<EOF
capture: { lookback: 1h, max_lines: $((LINES + 10)), max_bytes: 1073741824, timeout: 600s }
collectors:
  - { name: app-log, kind: file, match: { service: bench-retention }, host: local, paths: ["$WORK/logs/app.log"] }
retention: { evidence_content: 1s }
EOF

# 2. The server captures it once.
"$BIN" serve --config "$WORK/aftermath.yaml" --archive "$WORK/archive" --listen 127.0.0.1:0 --no-site --log-level error >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 200); do grep -qs "listening on" "$WORK/serve.log" && break; sleep 0.05; done
PORT=$(sed -nE 's/^aftermath listening on .*:([0-9]+)$/\1/p' "$WORK/serve.log")
[ -n "$PORT" ] || { cat "$WORK/serve.log"; echo "bench: server did not start" >&2; exit 1; }
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
  --data '{"key":"bench-retention","status":"firing","title":"retention bench","labels":{"service":"bench-retention"}}' \
  "http://127.0.0.1:$PORT/hooks/generic"
for _ in $(seq 1 1200); do
  "$BIN" evidence list "$("$BIN" incident list --archive "$WORK/archive" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')" \
    --archive "$WORK/archive" 2>/dev/null | grep -q " ok " && break
  sleep 0.5
done
SIZE_BEFORE=$(python3 -c "import sqlite3; c=sqlite3.connect('file:$WORK/archive/aftermath.sqlite?mode=ro', uri=True); print(c.execute('pragma page_count').fetchone()[0] * c.execute('pragma page_size').fetchone()[0])")

# 3. Intake latency alone, then while retention runs from the CLI (a second process, as cron would).
URL="http://127.0.0.1:$PORT/hooks/alertmanager"
run_wrk() { wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 20s -s bench/intake.lua "$URL" | grep '^RESULT'; }
BASE=$(run_wrk)
START=$(date +%s.%N)
( "$BIN" retention apply --config "$WORK/aftermath.yaml" --archive "$WORK/archive" >"$WORK/retention.out" 2>&1; date +%s.%N >"$WORK/retention.end" ) &
RET_PID=$!
DURING=$(run_wrk)
wait "$RET_PID"
RET_SECS=$(awk -v a="$START" -v b="$(cat "$WORK/retention.end")" 'BEGIN { printf "%.1f", b - a }')
SIZE_AFTER=$(python3 -c "import sqlite3; c=sqlite3.connect('file:$WORK/archive/aftermath.sqlite?mode=ro', uri=True); print(c.execute('pragma page_count').fetchone()[0] * c.execute('pragma page_size').fetchone()[0])")

field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
echo "== capture: $LINES lines; database $SIZE_BEFORE bytes before retention, $SIZE_AFTER after"
echo "== retention apply: ${RET_SECS} s wall; $(cat "$WORK/retention.out")"
echo "== intake alone:          $BASE"
echo "== intake during retention: $DURING"
awk -v b="$(field "$BASE" p99_ms)" -v d="$(field "$DURING" p99_ms)" -v bm="$(field "$BASE" max_ms)" -v dm="$(field "$DURING" max_ms)" \
  'BEGIN { printf "== ratio during/alone: p99 %.2f, max %.2f\n", d / b, dm / bm }'
echo "== wrk -t1 -c$CONNECTIONS -d$DURATION, server $BIN (--no-site), archive on $(df -P "$WORK" | awk 'NR==2 {print $1}')"
