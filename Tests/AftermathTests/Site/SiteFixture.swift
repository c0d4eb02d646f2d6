import AftermathCore
@testable import Archive
import Capture
import Foundation
import GRDB
@testable import Site

/// A synthetic archive for site tests: incidents, alerts and timeline rows written straight into
/// SQLite, evidence through the archive's real storage API, postmortems as Markdown files.
struct SiteFixture {
    let directory: TemporaryDirectory
    let database: AppDatabase
    let archive: String
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T11:06:40Z

    init(_ label: String = "site") throws {
        directory = try TemporaryDirectory(label)
        archive = directory.file("archive")
        database = try AppDatabase(directory: archive)
        try FileManager.default.createDirectory(atPath: postmortems, withIntermediateDirectories: true)
    }

    var postmortems: String { (archive as NSString).appendingPathComponent("postmortems") }
    var output: String { directory.file("site") }

    /// The repository's `templates/site`.
    static var templates: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates/site").path
    }

    /// The repository root (for `test-output/`).
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    func options(pageSize: Int = 200) -> SiteOptions {
        var options = SiteOptions(outputDirectory: output, templatesDirectory: Self.templates, postmortemsDirectory: postmortems, title: "Test archive")
        options.pageSize = pageSize
        return options
    }

    func builder(pageSize: Int = 200) -> SiteBuilder {
        SiteBuilder(database: database, options: options(pageSize: pageSize))
    }

    /// One incident with an alert and a timeline.
    struct Incident {
        var id: String
        var title: String
        var status = "resolved"
        var severity = "critical"
        var services = ["checkout"]
        var labels: [String: String] = ["alertname": "HighErrorRate", "service": "checkout"]
        var annotations: [String: String] = ["summary": "5xx above 5%", "runbook_url": "https://runbooks.example.com/high-error-rate"]
        var link: String?
        var generatorURL: String? = "http://prometheus.example:9090/graph?g0.expr=up"
        var alertName = "HighErrorRate"
        var start: Date
        var duration: TimeInterval? = 1800
        var timeline: [(kind: String, text: String)] = []
    }

    func incident(_ n: Int, start: Date? = nil) -> Incident {
        Incident(id: String(format: "inc%05d", n), title: "HighErrorRate on checkout #\(n)", start: start ?? t0.addingTimeInterval(Double(n) * 3600))
    }

    /// Inserts incidents in one transaction.
    func insert(_ incidents: [Incident]) async throws {
        try await database.writer.write { db in
            for i in incidents {
                let end = i.duration.map { i.start.addingTimeInterval($0) }
                let labels = String(decoding: try JSONEncoder().encode(i.labels), as: UTF8.self)
                try db.execute(sql: """
                    INSERT INTO incident (id, title, source, status, severity, services, labels, link, started_at, acknowledged_at,
                        resolved_at, created_at, updated_at) VALUES (?, ?, 'alertmanager', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        i.id, i.title, i.status, i.severity, String(decoding: try JSONEncoder().encode(i.services), as: UTF8.self), labels,
                        i.link, i.start, i.start.addingTimeInterval(120), i.status == "resolved" ? end : nil, i.start, end ?? i.start,
                    ])
                try db.execute(sql: """
                    INSERT INTO alert (incident_id, correlation_key, fingerprint, starts_at, ends_at, status, name, labels, annotations, generator_url)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        i.id, "group:" + i.id, "fp-" + i.id, i.start, i.status == "resolved" ? end : nil,
                        i.status == "resolved" ? "resolved" : "firing", i.alertName, labels,
                        String(decoding: try JSONEncoder().encode(i.annotations), as: UTF8.self), i.generatorURL,
                    ])
                var events: [(Date, String, String)] = [(i.start, "opened", "Incident opened: \(i.title)"), (i.start, "alert_firing", "\(i.alertName) firing")]
                for (k, extra) in i.timeline.enumerated() { events.append((i.start.addingTimeInterval(Double(60 + k)), extra.kind, extra.text)) }
                if i.status == "resolved", let end { events.append((end, "resolved", "Incident resolved")) }
                for (at, kind, text) in events {
                    try db.execute(sql: """
                        INSERT INTO timeline_event (incident_id, at, kind, source, actor, text, delivery_id, created_at)
                        VALUES (?, ?, ?, 'alertmanager', NULL, ?, NULL, ?)
                        """, arguments: [i.id, at, kind, text, at])
                }
            }
        }
    }

    /// Stores evidence items for an incident through the archive's capture API; returns their ids.
    @discardableResult
    func addEvidence(incident: Incident, items: [NewEvidence]) async throws -> [String] {
        let window = DateInterval(start: incident.start.addingTimeInterval(-1800), end: incident.start.addingTimeInterval(3600))
        let captureID = try await database.createCapture(PlannedCapture(
            incidentID: incident.id, kind: .opening, window: window, labels: incident.labels, alertsJSON: "[]", requestedBy: "test",
            requestedAt: incident.start, runAfter: incident.start, maxAttempts: 1, jobs: [.init(collector: "test", host: "local")]))
        let claimed = try await database.claimJobs(now: incident.start, limit: 1, lease: 60, only: captureID)
        guard let job = claimed.claimed.first, let token = job.job.leaseToken else { return [] }
        guard case .stored(let ids) = try await database.storeEvidence(jobID: job.job.id, leaseToken: token, items: items, now: incident.start)
        else { return [] }
        return ids
    }

    /// A metrics item: `series` encoded as the capture runner stores them (NaN/±Inf as strings).
    func metrics(_ series: [MetricSeries], name: String = "alert HighErrorRate") -> NewEvidence {
        NewEvidence(
            kind: .metrics, name: name, host: nil, request: ["query": series.first?.query ?? ""], status: .ok, error: nil, exitCode: nil,
            content: (try? SeriesCodec.encode(series)) ?? Data(), contentType: "application/json", redactions: 0, lines: [], startedAt: t0, finishedAt: t0)
    }

    /// A log item with one indexed line per text line.
    func log(_ lines: [String], path: String = "/var/log/api.log", start: Date? = nil) -> NewEvidence {
        let base = start ?? t0
        return NewEvidence(
            kind: .log, name: path, host: "local", request: ["path": path], status: .ok, error: nil, exitCode: nil,
            content: Data(lines.joined(separator: "\n").utf8), contentType: "text/plain; charset=utf-8", redactions: 0,
            lines: lines.enumerated().map { .init(timestamp: base.addingTimeInterval(Double($0.offset)), text: $0.element, source: path) },
            startedAt: base, finishedAt: base)
    }

    /// Command output (or, with `kind: .http`, a body).
    func output(_ text: String, name: String = "uptime", kind: EvidenceKind = .command, status: EvidenceStatus = .ok, error: String? = nil) -> NewEvidence {
        NewEvidence(
            kind: kind, name: name, host: kind == .http ? nil : "local", request: kind == .http ? ["url": "https://ci.example.com/job/1"] : ["argv": name],
            status: status, error: error, exitCode: kind == .command ? 0 : nil, content: Data(text.utf8), contentType: "text/plain; charset=utf-8",
            redactions: 0, lines: text.split(separator: "\n").map { .init(timestamp: nil, text: String($0), source: "\(kind.rawValue):\(name)") },
            startedAt: t0, finishedAt: t0)
    }

    /// Writes a postmortem following the Postmortem stage's contract.
    @discardableResult
    func writePostmortem(_ incident: Incident, body: String, status: String = "draft", file: String? = nil, title: String? = nil) throws -> String {
        let name = file ?? "2026-11-19-\(incident.id).md"
        let text = """
            ---
            id: \(incident.id)
            title: \(Self.yamlQuoted(title ?? incident.title))
            status: \(status)
            severity: \(incident.severity)
            services: [\(incident.services.map(Self.yamlQuoted).joined(separator: ", "))]
            started: 2026-11-19T08:26:40Z
            owner: alice
            ---
            \(body)
            """
        return try directory.write("archive/postmortems/\(name)", text)
    }

    static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The text of a built page.
    func page(_ path: String) -> String {
        (try? String(contentsOfFile: (output as NSString).appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

    /// Every file the build wrote (relative paths), the manifest and the kept plan excluded.
    func builtFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: output)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (output as NSString).appendingPathComponent(path), isDirectory: &isDirectory)
            if !isDirectory.boolValue, path != SitePaths.manifest, path != SitePaths.keptPlan { files.append(path) }
        }
        return files.sorted()
    }

    /// Three incidents, one with metrics, log and command evidence and a postmortem citing it.
    @discardableResult
    func populateSmall() async throws -> [SiteFixture.Incident] {
        var incidents = (1...3).map { incident($0) }
        incidents[1].services = ["payments", "checkout"]
        incidents[1].severity = "warning"
        incidents[2].status = "triggered"
        incidents[2].duration = nil
        incidents[0].timeline = [("note", "Rolled back the deploy")]
        try await insert(incidents)
        let series = (1...2).map { n in
            MetricSeries(labels: ["__name__": "http_requests_total", "code": "50\(n)"],
                         points: (0..<30).map { MetricPoint(t: incidents[0].start.timeIntervalSince1970 - 900 + Double($0) * 60, v: Double($0 % 7)) },
                         query: "sum by (code) (rate(http_requests_total{code=~\"5..\"}[5m]))", step: 60, sourceURL: "http://prometheus:9090")
        }
        let ids = try await addEvidence(incident: incidents[0], items: [
            metrics(series),
            log(["starting", "ERROR deadlock detected on table orders", "retrying"], start: incidents[0].start),
            output("up 3 days, load average: 9.1", name: "uptime"),
            output("", name: "dmesg", status: .timeout, error: "dmesg did not finish within 10 s; killed"),
        ])
        precondition(ids == ["ev-1", "ev-2", "ev-3", "ev-4"], "evidence ids")
        try writePostmortem(incidents[0], body: "# What happened\n\nThe database deadlocked ([ev-2](aftermath:evidence/ev-2)).\n", status: "final")
        try writePostmortem(incidents[1], body: "Draft.\n")
        return incidents
    }

}
