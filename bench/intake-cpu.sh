#!/usr/bin/env bash
# Server CPU per delivery, two builds alternated: on a shared machine throughput follows the
# neighbours' load, but the CPU the server spends on each delivery (utime + stime from
# /proc/<pid>/stat around one wrk run) hardly does. A benchmark, not a test: it prints numbers.
#
#   bench/intake-cpu.sh BEFORE_BIN AFTER_BIN          (two pairs of each mode)
#   PAIRS=3 SECONDS_PER_RUN=5 bench/intake-cpu.sh A B
# Each run: a fresh archive, `serve --no-site` with no collectors, 1 s of warm-up, then
# wrk -t2 -c32 with bench/intake.lua, new incidents (mode new) or one body over and over (dup).
# CONFIG_EXTRA adds YAML to the config, e.g. CONFIG_EXTRA=$'postmortem:\n  deadline: 8760h'. (The
# alerts start at the run's start, so their postmortems are not due during it.)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: bench/intake-cpu.sh BEFORE_BIN AFTER_BIN" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
PAIRS=${PAIRS:-2}
RUN_SECONDS=${SECONDS_PER_RUN:-5}
TICKS=$(getconf CLK_TCK)

one_run() { # binary, mode
    local work pid port url ticks0 ticks1 result
    work=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-cpu.XXXXXX")
    printf 'collectors: []\n%s\n' "${CONFIG_EXTRA:-}" > "$work/config.yaml"
    "$1" serve --archive "$work/archive" --listen 127.0.0.1:0 --log-level error --no-site --config "$work/config.yaml" \
        >"$work/serve.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do grep -qs "listening on" "$work/serve.log" && break; sleep 0.05; done
    port=$(sed -nE 's/^aftermath listening on .*:([0-9]+)$/\1/p' "$work/serve.log")
    [ -n "$port" ] || { cat "$work/serve.log"; echo "bench: server did not start" >&2; kill "$pid"; exit 1; }
    url="http://127.0.0.1:$port/hooks/alertmanager"
    export DUPLICATE=$([ "$2" = dup ] && echo 1 || echo 0)
    wrk -t2 -c32 -d1s -s bench/intake.lua "$url" >/dev/null
    ticks0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    result=$(wrk -t2 -c32 -d"${RUN_SECONDS}s" --timeout 10s -s bench/intake.lua "$url" | grep '^RESULT')
    ticks1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$work"
    echo "$result" | awk -v t=$((ticks1 - ticks0)) -v hz="$TICKS" -v bin="$(basename "$1")" -v mode="$2" \
        -v load="$(cut -d' ' -f1 /proc/loadavg)" '{
        for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
        printf "%-24s %-3s %7.0f deliveries/s  p99 %6.1f ms  server CPU %6.1f µs/delivery  (load %s)\n",
            bin, mode, f["rps"], f["p99_ms"], t * 1e6 / hz / f["requests"], load }'
}

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"
for mode in new dup; do
    for _ in $(seq 1 "$PAIRS"); do one_run "$1" "$mode"; one_run "$2" "$mode"; done
done
