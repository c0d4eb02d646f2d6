#!/usr/bin/env bash
# Capture latency: from the webhook's acknowledgement to the capture stored (every job done, the
# last item committed, the capture marked finished), for an incident that selects 10 collectors —
# one of them deliberately the slowest (`sleep 2`) — against an incident that selects that slowest
# collector alone, on the same server, trials alternating. The goal: the whole capture within 1.2×
# the slowest collector alone. Everything runs on loopback. A benchmark, not a test: it prints numbers.
#
#   make bench-capture-latency    (builds release, then runs this; needs sqlite3, python3, curl)
#   TRIALS=5 SLOW_SECONDS=2 LOG_LINES=20000 bench/capture-latency.sh
#   PER_HOST=16 bench/capture-latency.sh   (per_host_concurrency: the default 4 queues the slowest job, listed last)
#   SERVE_ARGS= bench/capture-latency.sh   (with the site rebuilding after each job, as `serve` does by default)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${AFTERMATH_BIN:-.build/release/aftermath}
TRIALS=${TRIALS:-5}
SLOW_SECONDS=${SLOW_SECONDS:-2}
LOG_LINES=${LOG_LINES:-20000}
for tool in sqlite3 python3 curl; do command -v $tool >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }; done
[ -x "$BIN" ] || { echo "bench: $BIN is missing (make build)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-latency.XXXXXX")
SERVER_PID="" HTTP_PID=""
stop() { [ -n "$1" ] && { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; } || true; }
cleanup() { stop "$SERVER_PID"; stop "$HTTP_PID"; rm -rf "$WORK"; }
trap cleanup EXIT
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"

# A log file over the last 10 minutes (inside every capture's window) and two pages to fetch.
python3 - "$WORK" "$LOG_LINES" <<'PY'
import os, random, sys, time, datetime
sys.path.insert(0, "bench")
from gen_logs import line
out, n = sys.argv[1], int(sys.argv[2])
r = random.Random(1)
start = time.time() - 600
with open(os.path.join(out, "app.log"), "w") as h:
    for i in range(n):
        t = datetime.datetime.fromtimestamp(start + i * 590.0 / n, datetime.timezone.utc)
        h.write(t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z " + line(r) + "\n")
os.makedirs(os.path.join(out, "www"))
with open(os.path.join(out, "www", "status"), "w") as h:
    h.write("ok: 12 workers, queue depth 3\n")
with open(os.path.join(out, "www", "metrics"), "w") as h:
    for i in range(4000):
        h.write(f'http_requests_total{{code="{200 + i % 5}",route="/v1/r{i}"}} {r.randint(0, 10**6)}\n')
PY
python3 -m http.server 0 --bind 127.0.0.1 --directory "$WORK/www" >"$WORK/http.log" 2>&1 &
HTTP_PID=$!
for _ in $(seq 1 100); do grep -qs "Serving HTTP" "$WORK/http.log" && break; sleep 0.05; done
HTTP_PORT=$(sed -nE 's/.* port ([0-9]+) .*/\1/p' "$WORK/http.log" | head -1)
[ -n "$HTTP_PORT" ] || { cat "$WORK/http.log"; echo "bench: http.server did not start" >&2; exit 1; }

# `slowest` alone matches {bench: latency}; the nine others also need {all: "yes"}. It is listed
# last, so it is claimed last and waits for a host slot like any other (per_host_concurrency 4).
cmd() { printf '  - { name: %s, kind: command, match: { bench: latency, all: "yes" }, host: local, commands: [{ name: %s, argv: %s }] }\n' "$1" "$1" "$2"; }
{
  echo "capture: { lookback: 30m, timeout: 30s, per_host_concurrency: ${PER_HOST:-4} }"
  echo "collectors:"
  cmd uptime '[uptime]'
  cmd df '[df, -hP]'
  cmd free '[free, -m]'
  cmd ps '[ps, -eo, "pid,ppid,user,%cpu,%mem,rss,etime,args", --sort=-%cpu]'
  cmd ss '[ss, -s]'
  cmd meminfo '[cat, /proc/meminfo]'
  echo "  - { name: app-log, kind: file, match: { bench: latency, all: \"yes\" }, host: local, paths: [$WORK/app.log] }"
  echo "  - { name: status-page, kind: http, match: { bench: latency, all: \"yes\" }, url: 'http://127.0.0.1:$HTTP_PORT/status' }"
  echo "  - { name: metrics-page, kind: http, match: { bench: latency, all: \"yes\" }, url: 'http://127.0.0.1:$HTTP_PORT/metrics' }"
  echo "  - { name: slowest, kind: command, match: { bench: latency }, host: local, commands: [{ name: sleep, argv: [sleep, \"$SLOW_SECONDS\"] }] }"
} >"$WORK/aftermath.yaml"
# shellcheck disable=SC2086  # SERVE_ARGS is a list of options
"$BIN" serve --config "$WORK/aftermath.yaml" --archive "$WORK/archive" --listen 127.0.0.1:0 --log-level error ${SERVE_ARGS---no-site} >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 200); do grep -qs "listening on" "$WORK/serve.log" && break; sleep 0.05; done
PORT=$(sed -nE 's/^aftermath listening on .*:([0-9]+)$/\1/p' "$WORK/serve.log")
[ -n "$PORT" ] || { cat "$WORK/serve.log"; echo "bench: server did not start" >&2; exit 1; }
DB="$WORK/archive/aftermath.sqlite"
q() { sqlite3 -readonly "$DB" "$1" 2>/dev/null || true; }
now() { date +%s.%N; }

# One trial: a new incident's webhook; seconds from its acknowledgement until the capture it opened
# is finished (polled every 10 ms; the archive's own times are checked against it below).
trial() { # key, labels JSON → prints seconds and the capture id
  local body t0 t1 id
  body="{\"key\":\"$1\",\"status\":\"firing\",\"title\":\"capture latency\",\"labels\":$2}"
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary "$body" "http://127.0.0.1:$PORT/hooks/generic"
  t0=$(now)
  # The capture is planned in the webhook's own transaction, so it exists once the answer came.
  id=$(q "SELECT max(id) FROM capture")
  for _ in $(seq 1 6000); do
    [ -n "$(q "SELECT 1 FROM capture WHERE id = $id AND finished_at IS NOT NULL")" ] && break
    sleep 0.01
  done
  t1=$(now)
  [ -n "$(q "SELECT 1 FROM capture WHERE id = $id AND finished_at IS NOT NULL")" ] || { echo "bench: capture of $1 did not finish" >&2; exit 1; }
  awk -v a="$t0" -v b="$t1" -v id="$id" 'BEGIN { printf "%.3f %s\n", b - a, id }'
}

# A warm-up of each (first process starts, first page cache reads), not counted.
trial warm-all '{"bench":"latency","all":"yes"}' >/dev/null
trial warm-one '{"bench":"latency"}' >/dev/null
ALL=() ONE=() ALL_IDS=() ONE_IDS=()
for i in $(seq 1 "$TRIALS"); do
  out=$(trial "one-$i" '{"bench":"latency"}'); read -r s id <<<"$out"; ONE+=("$s"); ONE_IDS+=("$id")
  out=$(trial "all-$i" '{"bench":"latency","all":"yes"}'); read -r s id <<<"$out"; ALL+=("$s"); ALL_IDS+=("$id")
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
worst() { printf '%s\n' "$@" | sort -n | tail -1; }
MA=$(median "${ALL[@]}") WA=$(worst "${ALL[@]}") MO=$(median "${ONE[@]}") WO=$(worst "${ONE[@]}")
ITEMS=$(q "SELECT count(*) FROM evidence WHERE capture_id = ${ALL_IDS[0]}")
STATUSES=$(q "SELECT group_concat(collector || '=' || status, ' ') FROM evidence WHERE capture_id = ${ALL_IDS[0]}")
echo "== items of one 10-collector capture: $ITEMS ($STATUSES)"
echo "== slowest collector alone (sleep $SLOW_SECONDS): ${ONE[*]} s; median $MO s, worst $WO s"
echo "== all 10 collectors:                ${ALL[*]} s; median $MA s, worst $WA s"
awk -v a="$MA" -v b="$MO" -v c="$WA" -v d="$WO" -v s="$SLOW_SECONDS" 'BEGIN {
  printf "== ratio all 10 / slowest alone: median %.3f, worst %.3f (goal <= 1.20: %s); slowest alone / its own sleep: %.2f\n",
    a / b, c / d, (a / b <= 1.2 ? "met" : "NOT met"), b / s }'

# Where the time goes, from the archive's own times (ms), per capture: the webhook's commit to its
# first job claimed, the slowest job's claim to its command starting (a host slot, the process
# start), the command itself, the command's end to its item stored, and the capture's whole span.
ms() { echo "round((julianday($1) - julianday($2)) * 86400000)"; }
breakdown() { # capture ids
  for id in "$@"; do
    q "SELECT $(ms "(SELECT min(started_at) FROM capture_job WHERE capture_id = c.id)" c.requested_at),
              $(ms e.started_at j.started_at), $(ms e.finished_at e.started_at), $(ms e.stored_at e.finished_at),
              $(ms c.finished_at c.requested_at)
       FROM capture c JOIN capture_job j ON j.capture_id = c.id AND j.collector = 'slowest'
       JOIN evidence e ON e.job_id = j.id WHERE c.id = $id" | tr '|' ' ' | sed 's/\.0\b//g; s/^/   /'
  done
}
echo "== archive times (ms): requested→claimed, claimed→sleep started, sleep, sleep ended→stored, requested→finished"
echo "   slowest alone:"; breakdown "${ONE_IDS[@]}"
echo "   all 10:"; breakdown "${ALL_IDS[@]}"
echo "== $TRIALS trials each, alternating, after one warm-up of each; $BIN; serve ${SERVE_ARGS---no-site}; $LOG_LINES log lines; per_host_concurrency ${PER_HOST:-4}"
