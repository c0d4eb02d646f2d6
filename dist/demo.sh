#!/usr/bin/env bash
# demo.sh - the whole Aftermath loop in a temporary folder, against the real Debian Prometheus,
# node-exporter and Alertmanager on free loopback ports: an alert fires, Aftermath opens an
# incident and captures evidence (host diagnostics, the journal, the alert's own expression from
# Prometheus), the alert resolves, a provisional postmortem is written, the site is built and its
# file:// URL printed. Stops exactly the processes it started (also on Ctrl-C or failure).
#
# Usage: make demo   (or AFTERMATH_BIN=path/to/aftermath dist/demo.sh [DEMO_DIR])
# Environment: AFTERMATH_BIN (default .build/release/aftermath), DEMO_TIMEOUT (seconds per wait, default 90),
#              QUIET and INCIDENT (seconds of normal traffic before, and of the incident; default 15 and 20).
set -euo pipefail

AFTERMATH_BIN="$(realpath "${AFTERMATH_BIN:-.build/release/aftermath}")"
DEMO_DIR="${1:-$(mktemp -d "${TMPDIR:-/tmp}/aftermath-demo.XXXXXX")}"
mkdir -p "$DEMO_DIR"
DEMO_DIR="$(cd "$DEMO_DIR" && pwd)"
WAIT="${DEMO_TIMEOUT:-90}"
STARTED=$SECONDS
PIDS=()

say() { printf '[%3ss] %s\n' "$((SECONDS - STARTED))" "$*"; }
die() { echo "demo: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || die "$1 not found ($2)"; }

stop_all() {  # exactly the PIDs started here: TERM, then KILL after 5 s
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

free_port() {  # a loopback port nothing answers on, not handed out before in this run
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    [[ " ${PORTS:-} " == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORTS="${PORTS:-} $p"; echo "$p"; return; fi
  done
}

wait_for() {  # wait_for "what" command...: retries the command until it succeeds or WAIT passes
  local what="$1"; shift
  local deadline=$((SECONDS + WAIT))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "timed out after ${WAIT}s waiting for $what (logs in $DEMO_DIR/logs)"
    sleep 0.5
  done
}

start() {  # start NAME command...: runs it in the background with its log under logs/
  local name="$1"; shift
  "$@" >"$DEMO_DIR/logs/$name.log" 2>&1 &
  PIDS+=("$!")
}

need "$AFTERMATH_BIN" "make build"
PROMETHEUS=$(command -v prometheus) || die "prometheus not found (apt-get install prometheus)"
ALERTMANAGER=$(command -v prometheus-alertmanager || command -v alertmanager) || die "alertmanager not found (apt-get install prometheus-alertmanager)"
NODE_EXPORTER=$(command -v prometheus-node-exporter || command -v node_exporter) || die "node-exporter not found (apt-get install prometheus-node-exporter)"
need curl "apt-get install curl"
aftermath() { "$AFTERMATH_BIN" "$@" --config "$DEMO_DIR/aftermath/aftermath.yaml"; }

mkdir -p "$DEMO_DIR/logs" "$DEMO_DIR/textfile" "$DEMO_DIR/prometheus" "$DEMO_DIR/alertmanager"
AFTERMATH_PORT=$(free_port); PROM_PORT=$(free_port); AM_PORT=$(free_port); NODE_PORT=$(free_port)
say "working in $DEMO_DIR"

# 1. A configuration, as a new user writes one: init, then point it at Prometheus and keep the windows short.
"$AFTERMATH_BIN" init "$DEMO_DIR/aftermath" --sources alertmanager --listen "127.0.0.1:$AFTERMATH_PORT" >"$DEMO_DIR/logs/init.log"
cat >>"$DEMO_DIR/aftermath/aftermath.yaml" <<YAML

# ---- added by the demo ----
prometheus: { url: "http://127.0.0.1:$PROM_PORT" }
capture: { lookback: 1m, lookahead: 5s }
postmortem: { settle: 5s }
site_options: { title: "Aftermath demo" }
YAML
aftermath config check --quiet || die "the demo configuration does not check out"
say "aftermath init wrote $DEMO_DIR/aftermath/aftermath.yaml and secrets/alertmanager.token"

# 2. node-exporter exposes a simulated error ratio; Prometheus alerts on it; Alertmanager posts to Aftermath.
write_ratio() {
  printf '# HELP demo_checkout_error_ratio Share of checkout requests failing (simulated by the demo).\n# TYPE demo_checkout_error_ratio gauge\ndemo_checkout_error_ratio{service="checkout"} %s\n' "$1" \
    >"$DEMO_DIR/textfile/demo.prom.tmp"
  mv -f "$DEMO_DIR/textfile/demo.prom.tmp" "$DEMO_DIR/textfile/demo.prom"
}
write_ratio 0.01
start node-exporter "$NODE_EXPORTER" --web.listen-address="127.0.0.1:$NODE_PORT" --collector.textfile.directory="$DEMO_DIR/textfile" \
  --no-collector.systemd --log.level=warn
cat >"$DEMO_DIR/prometheus/rules.yml" <<YAML
groups:
  - name: demo
    rules:
      - alert: CheckoutErrorRatioHigh
        expr: demo_checkout_error_ratio > 0.05
        labels: { severity: critical }
        annotations: { summary: "Checkout is failing {{ \$value | humanizePercentage }} of requests" }
YAML
cat >"$DEMO_DIR/prometheus/prometheus.yml" <<YAML
global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }
rule_files: [rules.yml]
alerting: { alertmanagers: [{ static_configs: [{ targets: ["127.0.0.1:$AM_PORT"] }] }] }
scrape_configs:
  - { job_name: node, static_configs: [{ targets: ["127.0.0.1:$NODE_PORT"] }] }
  - { job_name: aftermath, static_configs: [{ targets: ["127.0.0.1:$AFTERMATH_PORT"] }] }
YAML
start prometheus "$PROMETHEUS" --config.file="$DEMO_DIR/prometheus/prometheus.yml" --storage.tsdb.path="$DEMO_DIR/prometheus/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --web.external-url="http://127.0.0.1:$PROM_PORT/" --log.level=warn
cat >"$DEMO_DIR/alertmanager/alertmanager.yml" <<YAML
route: { receiver: aftermath, group_by: [alertname], group_wait: 1s, group_interval: 1s, repeat_interval: 1h }
receivers:
  - name: aftermath
    webhook_configs:
      - url: "http://127.0.0.1:$AFTERMATH_PORT/hooks/alertmanager"
        send_resolved: true
        http_config: { authorization: { type: Bearer, credentials_file: "$DEMO_DIR/aftermath/secrets/alertmanager.token" } }
YAML
start alertmanager "$ALERTMANAGER" --config.file="$DEMO_DIR/alertmanager/alertmanager.yml" --storage.path="$DEMO_DIR/alertmanager/data" \
  --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= --log.level=warn
start aftermath "$AFTERMATH_BIN" serve --config "$DEMO_DIR/aftermath/aftermath.yaml" --log-level notice

wait_for "node-exporter" curl -fsS "http://127.0.0.1:$NODE_PORT/metrics"
wait_for "Prometheus" curl -fsS "http://127.0.0.1:$PROM_PORT/-/ready"
wait_for "Alertmanager" curl -fsS "http://127.0.0.1:$AM_PORT/-/ready"
wait_for "Aftermath" curl -fsS "http://127.0.0.1:$AFTERMATH_PORT/healthz"
scraped() { curl -fsS "http://127.0.0.1:$PROM_PORT/api/v1/query?query=demo_checkout_error_ratio" | grep -q '"value"'; }
wait_for "Prometheus to scrape node-exporter" scraped
say "running: node-exporter :$NODE_PORT, Prometheus :$PROM_PORT, Alertmanager :$AM_PORT, Aftermath :$AFTERMATH_PORT"

# 3. The incident: after some quiet history, the error ratio jumps to 23 % for a while.
say "recording ${QUIET:-15} s of normal traffic first, so the chart has a before"
sleep "${QUIET:-15}"
write_ratio 0.23
say "fired: demo_checkout_error_ratio = 0.23 (alert CheckoutErrorRatioHigh)"
incident_id() { aftermath incident list --limit 1 | awk 'NR == 2 { print $1 }'; }
has_incident() { [ -n "$(incident_id)" ]; }
wait_for "the webhook to open an incident" has_incident
ID=$(incident_id)
say "incident $ID opened by the Alertmanager webhook"
captured() {
  local items; items=$(aftermath evidence list "$ID" --json)
  grep -Eq '"kind" *: *"metrics"' <<<"$items" && grep -Eq '"kind" *: *"command"' <<<"$items"
}
wait_for "the capture (metrics and host diagnostics)" captured
say "captured: $(aftermath evidence list "$ID" --json | grep -Ec '"id" *: *"ev-') evidence item(s)"

# 4. Recovery: the ratio drops, the alert resolves, the postmortem is written after postmortem.settle.
sleep "${INCIDENT:-20}"
write_ratio 0.01
say "recovered: demo_checkout_error_ratio = 0.01"
resolved() { aftermath incident list --status resolved | grep -q "^$ID "; }
wait_for "the incident to resolve" resolved
say "incident $ID resolved"
written() { aftermath postmortem status | grep "^$ID " | grep -Eq ' (draft|in-review|final) '; }
wait_for "the provisional postmortem" written
say "postmortem written: $(ls "$DEMO_DIR"/aftermath/archive/postmortems/*.md)"
closed() { [ "$(aftermath evidence list "$ID" --json | grep -Ec '"kind" *: *"metrics"')" -ge 2 ]; }
wait_for "the closing capture (resolve + capture.lookahead)" closed
say "closing capture stored: the chart now covers the whole incident"

# 5. The site, as serve keeps it and as `site build` brings it up to date.
aftermath site build --quiet
SITE="$DEMO_DIR/aftermath/site"
[ -f "$SITE/incident/$ID.html" ] || die "no incident page in $SITE"
grep -q '<svg class="chart-svg"' "$SITE/incident/$ID.html" || die "the incident page has no chart"
stop_all
say "done in $((SECONDS - STARTED)) s; everything it started is stopped"
echo
echo "Site:       file://$SITE/index.html"
echo "Incident:   file://$SITE/incident/$ID.html"
echo "Postmortem: $(ls "$DEMO_DIR"/aftermath/archive/postmortems/*.md)"
echo "Archive:    $DEMO_DIR/aftermath/archive (try: $AFTERMATH_BIN evidence list $ID --config $DEMO_DIR/aftermath/aftermath.yaml)"
