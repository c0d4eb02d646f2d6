#!/usr/bin/env bash
# Load under capture: webhook acknowledgement latency (p50/p99) of `aftermath serve` while a capture
# stores 1M log lines, against the same load with no capture running, in the same run. The goal is
# a p99 under 1 s: evidence is stored in bounded chunks, so a webhook waits for one chunk, not for
# the whole capture. A benchmark, not a test: it prints numbers.
#
#   make bench-capture            (builds release, then runs this; needs wrk, sqlite3, python3)
#   LINES=1000000 FILES=10 DURATION=10s CONNECTIONS=4 bench/capture.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${AFTERMATH_BIN:-.build/release/aftermath}
LINES=${LINES:-1000000}
FILES=${FILES:-10}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-4}
THREADS=${THREADS:-2}
for tool in wrk sqlite3 python3; do command -v $tool >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }; done
[ -x "$BIN" ] || { echo "bench: $BIN is missing (make build)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-capture.XXXXXX")
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; }; rm -rf "$WORK"; }
trap cleanup EXIT
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"

# $LINES log lines in the capture window, over $FILES rotated files (app.log, app.log.1, …).
python3 - "$WORK/logs" "$LINES" "$FILES" <<'PY'
import os, random, sys, time, datetime
sys.path.insert(0, "bench")
from gen_logs import line
out, n, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out)
r = random.Random(1)
start = time.time() - 600
per = n // files
for f in range(files):
    name = os.path.join(out, "app.log" + ("" if f == 0 else f".{f}"))
    with open(name, "w") as h:
        for i in range(per):
            t = datetime.datetime.fromtimestamp(start + (f * per + i) * 500.0 / n, datetime.timezone.utc)
            h.write(t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z " + line(r) + "\n")
PY
du -sh "$WORK/logs" | awk '{print "== input: " $1 " of log files"}'

cat >"$WORK/aftermath.yaml" <<YAML
capture: { lookback: 30m, timeout: 900s, max_bytes: 536870912 }
collectors:
  - name: bulk-logs
    kind: file
    match: { bench: capture }
    host: local
    paths: [$WORK/logs/app.log*]
    max_lines: 100000000
YAML
"$BIN" serve --config "$WORK/aftermath.yaml" --archive "$WORK/archive" --listen 127.0.0.1:0 --log-level error --no-site >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 200); do grep -qs "listening on" "$WORK/serve.log" && break; sleep 0.05; done
PORT=$(sed -nE 's/^aftermath listening on .*:([0-9]+)$/\1/p' "$WORK/serve.log")
[ -n "$PORT" ] || { cat "$WORK/serve.log"; echo "bench: server did not start" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"
DB="$WORK/archive/aftermath.sqlite"
q() { sqlite3 -readonly "$DB" "$1" 2>/dev/null || echo 0; }

run_wrk() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s -s bench/intake.lua "$BASE/hooks/alertmanager" | grep '^RESULT'; }
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary '{}' "$BASE/hooks/alertmanager" || true
IDLE=$(run_wrk)

# The capture: one webhook whose incident selects the bulk collector; wrk starts once it stores.
T0=$(date +%s.%N)
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
  --data-binary '{"key":"bench-capture","status":"firing","title":"bulk capture","labels":{"bench":"capture"}}' "$BASE/hooks/generic"
for _ in $(seq 1 6000); do [ "$(q 'SELECT count(*) FROM evidence_staging')" -gt 0 ] && break; sleep 0.05; done
T1=$(date +%s.%N)
UNDER=$(run_wrk)
STILL=$(q "SELECT count(*) FROM capture_job WHERE state = 'running'")
for _ in $(seq 1 36000); do [ "$(q "SELECT count(*) FROM capture_job WHERE state IN ('queued','running')")" -eq 0 ] && break; sleep 0.05; done
T2=$(date +%s.%N)
STORED=$(q "SELECT coalesce(sum(line_count), 0) FROM evidence WHERE collector = 'bulk-logs'")
ITEMS=$(q "SELECT count(*) FROM evidence WHERE collector = 'bulk-logs'")

field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
echo "== no capture running:            $IDLE"
echo "== while the capture stores:      $UNDER"
echo "== capture: $STORED lines in $ITEMS items; collected in $(awk -v a="$T0" -v b="$T1" 'BEGIN{printf "%.1f", b-a}') s, stored in $(awk -v a="$T1" -v b="$T2" 'BEGIN{printf "%.1f", b-a}') s more; still storing when wrk ended: $([ "$STILL" -gt 0 ] && echo yes || echo no)"
awk -v a="$(field "$UNDER" p99_ms)" -v b="$(field "$IDLE" p99_ms)" -v c="$(field "$UNDER" p50_ms)" -v d="$(field "$IDLE" p50_ms)" \
  'BEGIN { printf "== ratio under capture / idle: p50 %.2f, p99 %.2f; p99 under capture %.0f ms (goal < 1000 ms)\n", c / d, a / b, a }'
echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $BIN, $LINES lines in $FILES files, archive on $(df -P "$WORK" | awk 'NR==2 {print $1}')"
