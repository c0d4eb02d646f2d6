-- wrk script: POSTs Alertmanager webhooks, each a new alert group (so none is deduplicated
-- and every request is one durable commit). Set DUPLICATE=1 to send one body over and over
-- (the redelivery path: dedup hit, nothing written).
local template = '{"receiver":"bench","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Bench%d_%d","instance":"host-%d:9100","service":"bench","severity":"warning"},"annotations":{"summary":"bench alert %d/%d"},"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.bench:9090/graph?g0.expr=up%%3D%%3D0\\u0026g0.tab=1","fingerprint":"%08x%08x"}],"groupLabels":{"alertname":"Bench%d_%d"},"commonLabels":{"alertname":"Bench%d_%d","service":"bench","severity":"warning"},"commonAnnotations":{"summary":"bench alert %d/%d"},"externalURL":"http://alertmanager.bench:9093","version":"4","groupKey":"{}:{alertname=\\"Bench%d_%d\\"}","truncatedAlerts":0}\n'

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  duplicate = os.getenv("DUPLICATE") == "1"
  -- Alerts start when the run starts, as a real page's do: a fixed past date would make every
  -- new incident's postmortem already due, and the run would measure postmortem writing too.
  starts_at = os.date("!%Y-%m-%dT%H:%M:%S.000Z")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if not duplicate then counter = counter + 1 end
  local t, n = tid, counter
  local body = string.format(template, t, n, n % 50, t, n, starts_at, t, n, t, n, t, n, t, n, t, n)
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    non2xx, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
