#!/usr/bin/env bash
# Intake benchmark: deliveries/s and acknowledgement latency of `aftermath serve` on loopback,
# against the disk's own durable-write rate measured in the same run (the physical ceiling
# for one synced commit per webhook). A benchmark, not a test: it prints numbers.
#
#   bench/intake.sh            (after `make build`; needs wrk: apt-get install wrk)
#   DURATION=10s CONNECTIONS=32 THREADS=2 bench/intake.sh
#   SERVE_ARGS=--no-site bench/intake.sh   (intake alone, without the site rebuilding alongside)
#   FSYNC_DELAY_US=5000 bench/intake.sh    (every fsync/fdatasync of the server 5 ms slower, through
#                                           strace fault injection: a slow disk, to see group commit work)
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
# Stops the server (under strace, its child: strace exits once the server has).
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        pkill -P "$SERVER_PID" 2>/dev/null || true
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
cleanup() { stop_server; rm -rf "$WORK"; }
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
SLOW=()
if [ -n "${FSYNC_DELAY_US:-}" ]; then
    command -v strace >/dev/null || { echo "bench: FSYNC_DELAY_US needs strace (apt-get install strace)" >&2; exit 1; }
    SLOW=(strace -f --seccomp-bpf -e trace=fsync,fdatasync -e "inject=fsync,fdatasync:delay_exit=$FSYNC_DELAY_US" -o /dev/null)
fi
# shellcheck disable=SC2086  # SERVE_ARGS is a list of options
"${SLOW[@]}" "$BIN" serve --archive "$WORK/archive" --listen 127.0.0.1:0 --log-level error ${SERVE_ARGS:-} >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 200); do grep -qs "listening on" "$WORK/serve.log" && break; sleep 0.05; done
PORT=$(sed -nE 's/^aftermath listening on .*:([0-9]+)$/\1/p' "$WORK/serve.log")
[ -n "$PORT" ] || { cat "$WORK/serve.log"; echo "bench: server did not start" >&2; exit 1; }
URL="http://127.0.0.1:$PORT/hooks/alertmanager"
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary '{}' "$URL" || true   # warm up

run_wrk() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s bench/intake.lua "$URL" | grep '^RESULT'; }
NEW=$(run_wrk)
DUP=$(DUPLICATE=1 run_wrk)
stop_server
sync   # let the page cache's write-back finish, or it competes with the second baseline
DISK2=$(dsync_rate 4k 2000)
BIG2=$(dsync_rate 64k 500)

field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
DISK=$(( (DISK1 + DISK2) / 2 ))
BIG=$(( (BIG1 + BIG2) / 2 ))
NEW_RPS=$(field "$NEW" rps)
echo "== disk baseline: dd oflag=dsync writes/s: 4 KiB $DISK1 before, $DISK2 after (mean $DISK); 64 KiB $BIG1 before, $BIG2 after (mean $BIG)"
echo "== new deliveries (each a new incident, durable first):     $NEW"
echo "== redeliveries (dedup hit, nothing written):              $DUP"
awk -v r="$NEW_RPS" -v d="$DISK" -v b="$BIG" 'BEGIN { printf "== ratio: new deliveries/s ÷ synced 4 KiB writes/s = %.2f; ÷ synced 64 KiB writes/s = %.2f\n", r / d, r / b }'
echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION, server $BIN ${SERVE_ARGS:-(site kept current)}${FSYNC_DELAY_US:+, every fsync +${FSYNC_DELAY_US} µs}, archive on $(df -P "$WORK" | awk 'NR==2 {print $1}')"
