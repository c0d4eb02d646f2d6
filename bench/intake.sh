#!/usr/bin/env bash
# Intake benchmark: deliveries/s and acknowledgement latency of `aftermath serve` on loopback,
# against the disk's own durable-write rate measured in the same run (the physical ceiling
# for one synced commit per webhook). A benchmark, not a test: it prints numbers.
#
#   bench/intake.sh            (after `make build`; needs wrk: apt-get install wrk)
#   DURATION=10s CONNECTIONS=32 THREADS=2 bench/intake.sh
#   SERVE_ARGS=--no-site bench/intake.sh   (intake alone, without the site rebuilding alongside)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${AFTERMATH_BIN:-.build/release/aftermath}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "bench: $BIN is missing (make build)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-bench.XXXXXX")
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"

# 1. Baseline: synchronous writes on the archive's filesystem, each one fsync'd: 4 KiB (one page)
#    and 64 KiB (about what one new incident's commit appends to the WAL: ~20 pages).
dsync_rate() { # block size, count
  local out secs
  out=$(dd if=/dev/urandom of="$WORK/dsync.bin" bs="$1" count="$2" oflag=dsync 2>&1 | tail -1)
  secs=$(echo "$out" | sed -E 's/.* copied, ([0-9.]+) s.*/\1/')
  rm -f "$WORK/dsync.bin"
  awk -v s="$secs" -v n="$2" 'BEGIN { printf "%.0f", n / s }'
}
DISK1=$(dsync_rate 4k 2000)
BIG1=$(dsync_rate 64k 500)

# 2. The server on a fresh archive, on a free port.
# shellcheck disable=SC2086  # SERVE_ARGS is a list of options
"$BIN" serve --archive "$WORK/archive" --listen 127.0.0.1:0 --log-level error ${SERVE_ARGS:-} >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 200); do grep -qs "listening on" "$WORK/serve.log" && break; sleep 0.05; done
PORT=$(sed -nE 's/^aftermath listening on .*:([0-9]+)$/\1/p' "$WORK/serve.log")
[ -n "$PORT" ] || { cat "$WORK/serve.log"; echo "bench: server did not start" >&2; exit 1; }
URL="http://127.0.0.1:$PORT/hooks/alertmanager"
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary '{}' "$URL" || true   # warm up

run_wrk() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s bench/intake.lua "$URL" | grep '^RESULT'; }
NEW=$(run_wrk)
DUP=$(DUPLICATE=1 run_wrk)
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
sync   # let the page cache's write-back finish, or it competes with the second baseline
DISK2=$(dsync_rate 4k 2000)
BIG2=$(dsync_rate 64k 500)

field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
DISK=$(( (DISK1 + DISK2) / 2 ))
BIG=$(( (BIG1 + BIG2) / 2 ))
NEW_RPS=$(field "$NEW" rps)
echo "== disk baseline: dd oflag=dsync writes/s: 4 KiB $DISK1 before, $DISK2 after (mean $DISK); 64 KiB $BIG1 before, $BIG2 after (mean $BIG)"
echo "== new deliveries (each a new incident, one synced commit): $NEW"
echo "== redeliveries (dedup hit, nothing written):              $DUP"
awk -v r="$NEW_RPS" -v d="$DISK" -v b="$BIG" 'BEGIN { printf "== ratio: new deliveries/s ÷ synced 4 KiB writes/s = %.2f; ÷ synced 64 KiB writes/s = %.2f\n", r / d, r / b }'
echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION, server $BIN ${SERVE_ARGS:-(site kept current)}, archive on $(df -P "$WORK" | awk 'NR==2 {print $1}')"
