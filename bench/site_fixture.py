#!/usr/bin/env python3
"""Synthetic archive for the site benchmark: N incidents written straight into a migrated
Aftermath archive (SQLite) plus one postmortem per incident in <archive>/postmortems/.

Usage: site_fixture.py ARCHIVE_DIR N [--evidence-every K] [--seed S]

ARCHIVE_DIR/aftermath.sqlite must exist and be migrated (run any `aftermath` command with
--archive ARCHIVE_DIR first). Postmortem bodies are gen_corpus.py documents (the same Markdown
the libcmark and Hugo baselines render), each under a YAML front matter following the
Postmortem stage's contract. Every K-th incident also gets evidence: a metrics item (two series),
a log item (40 lines) and a command item. The evidence hash chain is not valid (bench only).
Deterministic: same (N, K, seed) -> same archive.
"""
import argparse, json, os, random, sqlite3, sys
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_corpus  # noqa: E402

SEVERITIES = ["critical", "high", "warning", "info"]


def ts(d):
    return d.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.") + f"{d.microsecond // 1000:03d}"


def iso(d):
    return d.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def corpus_doc(i, seed):
    for attempt in range(100):
        r = random.Random((seed * 1_000_003 + i) * 101 + attempt)
        text = gen_corpus.doc(i, r)
        if 3000 <= len(text.encode()) <= 6000:
            return text
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("archive")
    ap.add_argument("n", type=int)
    ap.add_argument("--evidence-every", type=int, default=10)
    ap.add_argument("--seed", type=int, default=20240601)
    a = ap.parse_args()
    db = sqlite3.connect(os.path.join(a.archive, "aftermath.sqlite"))
    db.execute("PRAGMA synchronous = OFF")
    pm_dir = os.path.join(a.archive, "postmortems")
    os.makedirs(pm_dir, exist_ok=True)
    base = datetime(2025, 1, 1, tzinfo=timezone.utc)
    seq = 0
    line_id = 0
    with db:
        for i in range(1, a.n + 1):
            r = random.Random(a.seed * 7919 + i)
            svc = r.choice(gen_corpus.SERVICES)
            alert = r.choice(gen_corpus.ALERTS)
            sev = SEVERITIES[i % 4]
            iid = f"inc{i:06d}"
            start = base + timedelta(minutes=i * 47 + r.randint(0, 40), seconds=r.randint(0, 59))
            status = "resolved" if i % 20 else ("triggered" if i % 40 else "acknowledged")
            ack = start + timedelta(minutes=r.randint(1, 15))
            resolved = start + timedelta(minutes=r.randint(16, 300)) if status == "resolved" else None
            title = f"{alert} on {svc}"
            labels = {"alertname": alert, "service": svc, "severity": sev, "instance": f"{r.choice(gen_corpus.HOSTS)}:9100"}
            db.execute("INSERT INTO incident VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", (
                iid, title, "alertmanager", status, sev, json.dumps([svc]), json.dumps(labels, sort_keys=True), None,
                ts(start), ts(ack) if status != "triggered" else None, ts(resolved) if resolved else None,
                ts(start), ts(resolved or ack)))
            expr = f'sum(rate(http_requests_total{{service="{svc}",code=~"5.."}}[5m])) / sum(rate(http_requests_total{{service="{svc}"}}[5m])) > 0.05'
            db.execute("INSERT INTO alert (incident_id, correlation_key, fingerprint, starts_at, ends_at, status, name, labels, annotations, generator_url) VALUES (?,?,?,?,?,?,?,?,?,?)", (
                iid, f"group:{iid}", f"{r.getrandbits(64):016x}", ts(start), ts(resolved) if resolved else None,
                "resolved" if resolved else "firing", alert, json.dumps(labels, sort_keys=True),
                json.dumps({"summary": f"{alert} firing for {svc}", "runbook_url": f"https://runbooks.example.com/{alert}"}),
                "http://prometheus.example:9090/graph?g0.expr=" + expr.replace(" ", "+")))
            events = [(start, "opened", f"Incident opened: {title}"), (start, "alert_firing", f"{alert} firing")]
            if status != "triggered":
                events.append((ack, "acknowledged", "Acknowledged by on-call"))
            if resolved:
                events.append((resolved, "alert_resolved", f"{alert} resolved"))
                events.append((resolved, "resolved", "Incident resolved"))
            has_evidence = a.evidence_every > 0 and i % a.evidence_every == 0
            if has_evidence:
                window_start, window_end = start - timedelta(minutes=30), (resolved or ack) + timedelta(minutes=10)
                db.execute("INSERT INTO capture (incident_id, kind, window_start, window_end, labels, alerts, requested_by, requested_at, run_after, finished_at) VALUES (?,?,?,?,?,?,?,?,?,?)", (
                    iid, "opening", ts(window_start), ts(window_end), json.dumps(labels), "[]", "intake", ts(start), ts(start), ts(start + timedelta(seconds=20))))
                capture_id = db.execute("SELECT last_insert_rowid()").fetchone()[0]
                items = []
                steps = 60
                t0 = window_start.timestamp()
                span = window_end.timestamp() - t0
                series = []
                for code in ("500", "503"):
                    points = []
                    for k in range(steps + 1):
                        t = t0 + span * k / steps
                        inside = start.timestamp() <= t <= (resolved or ack).timestamp()
                        points.append({"t": t, "v": round((0.12 if inside else 0.01) * (1 + r.random()), 4)})
                    series.append({"labels": {"code": code, "service": svc}, "points": points, "query": expr.split(" > ")[0],
                                   "step": span / steps, "sourceURL": "http://prometheus.example:9090/api/v1/query_range"})
                items.append(("prometheus", "metrics", f"alert {alert}", None, {"query": expr.split(" > ")[0]},
                              json.dumps(series, sort_keys=True).encode(), "application/json", []))
                log_lines = []
                for k in range(40):
                    lt = start - timedelta(minutes=5) + timedelta(seconds=k * 13)
                    word = "deadlock detected on table orders" if k == 17 else " ".join(r.choice(gen_corpus.WORDS) for _ in range(8))
                    log_lines.append((lt, f"{iso(lt)} {svc}[{r.randint(100, 999)}]: {r.choice(gen_corpus.LEVELS)} {word}"))
                items.append(("files", "log", f"/var/log/{svc}.log", "local", {"path": f"/var/log/{svc}.log"},
                              "\n".join(t for _, t in log_lines).encode(), "text/plain; charset=utf-8",
                              [(lt, f"/var/log/{svc}.log", t) for lt, t in log_lines]))
                out = "\n".join(f"{p:>6} {r.randint(0, 99):>3}.{r.randint(0, 9)} {svc}-worker" for p in range(1, 12))
                items.append(("diagnostics", "command", "top processes", "local", {"argv": "ps -eo pid,pcpu,comm"},
                              out.encode(), "text/plain; charset=utf-8",
                              [(None, "command:top processes@local", l) for l in out.split("\n")]))
                first_ev = seq + 1
                for ordinal, (collector, kind, name, host, request, content, ctype, lines) in enumerate(items):
                    db.execute("INSERT INTO capture_job (capture_id, collector, host, state, attempts, max_attempts, run_after, created_at, started_at, finished_at) VALUES (?,?,?,?,?,?,?,?,?,?)", (
                        capture_id, collector, host, "done", 1, 3, ts(start), ts(start), ts(start), ts(start + timedelta(seconds=5))))
                    job_id = db.execute("SELECT last_insert_rowid()").fetchone()[0]
                    seq += 1
                    ev = f"ev-{seq}"
                    db.execute("""INSERT INTO evidence (id, seq, job_id, ordinal, capture_id, incident_id, collector, kind, name, host, request,
                        window_start, window_end, status, error, exit_code, content, content_type, size, sha256, redactions, line_count,
                        started_at, finished_at, stored_at, prev_hash, chain_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", (
                        ev, seq, job_id, 0, capture_id, iid, collector, kind, name, host, json.dumps(request, sort_keys=True),
                        ts(window_start), ts(window_end), "ok", None, 0 if kind == "command" else None, content, ctype, len(content),
                        f"{r.getrandbits(256):064x}", 0, len(lines), ts(start), ts(start + timedelta(seconds=5)),
                        ts(start + timedelta(seconds=6)), "0" * 64, f"{r.getrandbits(256):064x}"))
                    for n, (lt, source, text) in enumerate(lines, 1):
                        line_id += 1
                        db.execute("INSERT INTO evidence_line (id, evidence_id, incident_id, line_no, ts, source, text) VALUES (?,?,?,?,?,?,?)",
                                   (line_id, ev, iid, n, ts(lt) if lt else None, source, text))
                events.append((start + timedelta(seconds=20), "capture", f"Capture (opening) finished: 3 item(s), 3 ok [ev-{first_ev} … ev-{seq}]"))
            for at, kind, text in events:
                db.execute("INSERT INTO timeline_event (incident_id, at, kind, source, actor, text, delivery_id, created_at) VALUES (?,?,?,?,?,?,?,?)",
                           (iid, ts(at), kind, "alertmanager" if kind != "capture" else "aftermath", None, text, None, ts(at)))
            body = corpus_doc(i, a.seed)
            cite = f"\n\nEvidence: [ev-{seq}](aftermath:evidence/ev-{seq})\n" if has_evidence else "\n"
            front = "\n".join([
                "---", f"id: {iid}", f"title: {json.dumps(title)}", f"status: {['draft', 'in-review', 'final'][i % 3]}",
                f"severity: {sev}", f"services: [{svc}]", f"started: {iso(start)}", f"acknowledged: {iso(ack)}",
                f"resolved: {iso(resolved) if resolved else ''}", f"owner: {r.choice(['alice', 'bob', 'carol', 'dave', 'erin'])}", "---", ""])
            with open(os.path.join(pm_dir, f"{start:%Y-%m-%d}-{iid}.md"), "w") as f:
                f.write(front + body + cite)
        if line_id:
            db.execute("INSERT INTO evidence_fts(evidence_fts) VALUES('rebuild')")
        if seq:
            db.execute("INSERT OR REPLACE INTO chain_head (id, seq, hash) VALUES (1, ?, ?)", (seq, "0" * 64))
    db.close()
    print(f"site_fixture: {a.n} incidents, {seq} evidence items, {a.n} postmortems in {a.archive}")


if __name__ == "__main__":
    main()
