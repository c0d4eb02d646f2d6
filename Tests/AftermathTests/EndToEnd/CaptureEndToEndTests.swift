import AftermathCore
@testable import Archive
import AsyncHTTPClient
import Capture
import Foundation
import GRDB
import Logging
import Server
import Settings
import Testing

extension EndToEnd {
    /// Prometheus + node-exporter + Alertmanager (Debian packages) → webhook → incident → evidence,
    /// with a real sshd for remote diagnostics.
    @Suite("Capture, end to end with real parts")
    struct CaptureEndToEndTests {
        static let secrets = [
            "hunter2-planted-password", "AKIAQ4EXAMPLEPLANT7Z", "ghp_PLANTEDplantedPLANTEDplanted123456",
            "planted-basic-pass", "planted-annotation-token-9f8e7d",
        ]

        @Test("an alert opens an incident whose capture holds metrics, in-window log lines, local and SSH diagnostics; failures are recorded; secrets never stored")
        func captureEndToEnd() async throws {
            let client = HTTPClient.shared
            let dir = try TemporaryDirectory("capture-e2e")
            let ssh = try await SSHServer.start()
            defer { ssh.stop() }

            // A log file with lines before, inside and after the window, and planted secrets.
            let now = Date()
            func at(_ offset: TimeInterval) -> String { Timestamp.format(now + offset) }
            try dir.write("logs/app.log", """
                \(at(-7200)) INFO OUTSIDE-BEFORE service started
                \(at(-120)) ERROR INSIDE-1 upstream timeout talking to db
                  at db.query(conn.go:42) INSIDE-CONTINUATION
                \(at(-60)) WARN INSIDE-2 retrying with password=\(Self.secrets[0]) and key \(Self.secrets[1])
                \(at(-30)) INFO INSIDE-3 curl -H 'Authorization: token \(Self.secrets[2])' https://api.github.com
                \(at(7200)) INFO OUTSIDE-AFTER far future line

                """)
            let token = try dir.write("secrets/am-token", "capture-e2e-token")

            var config = AftermathConfig()
            config.archiveDirectory = dir.file("archive")
            config.siteDirectory = dir.file("site")
            config.sources[.alertmanager] = SourceConfig(bearerToken: SecretReference(key: "t", origin: .file(token)))
            config.capture.lookback = 600
            config.capture.lease = 5
            config.hosts = [HostConfig(name: "local"), ssh.host(name: "sshtest"),
                            HostConfig(name: "deadhost", address: "127.0.0.1", ssh: SSHConfig(port: try FreePort.pick(), identityFile: ssh.identityFile, knownHostsFile: ssh.knownHostsFile, connectTimeout: 2))]
            var metrics = CollectorConfig(name: "node-load", kind: .prometheus)
            metrics.queries = ["node_load1{job=\"{{labels.job}}\"}"]
            var badQuery = CollectorConfig(name: "bad-query", kind: .prometheus)
            badQuery.queries = ["sum(rate(up[1m])"]
            badQuery.alertExpression = false
            var appLog = CollectorConfig(name: "app-log", kind: .file)
            appLog.host = "local"
            appLog.paths = [dir.file("logs/app.log*")]
            var local = CollectorConfig(name: "local-diagnostics", kind: .command)
            local.host = "local"
            local.commands = .templates([
                CommandTemplate(name: "uptime", argv: ["uptime"]),
                CommandTemplate(name: "env-dump", argv: ["printf", "%s\\n", "DB_PASSWORD=\(Self.secrets[0])", "url=https://admin:\(Self.secrets[3])@db.internal/x"]),
                CommandTemplate(name: "flood", argv: ["yes"], maxBytes: 65_536),
                CommandTemplate(name: "hang", argv: ["sleep", "30"], timeout: 2),
            ])
            var remote = CollectorConfig(name: "remote-diagnostics", kind: .command)
            remote.hostLabel = "host"
            remote.commands = .templates([CommandTemplate(name: "uname", argv: ["uname", "-a"]), CommandTemplate(name: "disks", argv: ["df", "-hP"])])
            var dead = CollectorConfig(name: "dead-host", kind: .command)
            dead.host = "deadhost"
            dead.commands = .templates([CommandTemplate(name: "uptime", argv: ["uptime"])])
            config.collectors = [metrics, badQuery, appLog, local, remote, dead]

            // Prometheus must know Alertmanager's port, and aftermath Prometheus's URL: pick AM's port first.
            let amPort = try FreePort.pick()
            let stack = try await PrometheusStack.start(client: client, rules: """
                groups:
                  - name: capture-e2e
                    interval: 1s
                    rules:
                      - alert: NodeLoadSeen
                        expr: node_load1 >= 0
                        for: 1s
                        labels: { severity: critical, service: api, host: sshtest }
                        annotations:
                          summary: 'node load seen on {{ $labels.instance }}'
                          description: 'debug with token=\(Self.secrets[4])'
                """, alertmanagers: ["127.0.0.1:\(amPort)"], directory: dir)
            defer { stack.stop() }
            config.prometheus.url = stack.url
            let database = try AppDatabase(directory: config.archiveDirectory)
            var logger = Logger(label: "capture-e2e")
            logger.logLevel = .warning

            try await withLiveServer(try Self.dependencies(config: config, database: database, logger: logger)) { port in
                let am = try await AlertmanagerProcess(name: "am", config: """
                    route: { receiver: aftermath, group_by: [alertname], group_wait: 1s, group_interval: 1s, repeat_interval: 1h }
                    receivers:
                      - name: aftermath
                        webhook_configs:
                          - url: http://127.0.0.1:\(port)/hooks/alertmanager
                            http_config: { authorization: { type: Bearer, credentials_file: \(token) } }
                    """, directory: dir, externalURL: "http://am.test:9093/", client: client, port: amPort)
                defer { am.process.stop() }

                // Prometheus needs ~10 s before its first alert: wait for the webhook, not a clock.
                let incident = try await Wait.until("the alert's incident", timeout: 90) {
                    try await database.incidents().first
                }
                let capture = try await Wait.until("the opening capture to finish", timeout: 90) { () -> CaptureRecord? in
                    let captures = try await database.captures(incidentID: incident.id)
                    return captures.first { $0.kind == .opening && $0.finishedAt != nil }
                }
                let items = try await database.evidence(incidentID: incident.id)
                let total = capture.finishedAt!.timeIntervalSince(incident.createdAt)
                let perItem = items.map { $0.finishedAt.timeIntervalSince($0.startedAt) }
                print("capture-e2e: webhook → finished capture \(String(format: "%.2f", total)) s; slowest item \(String(format: "%.2f", perItem.max() ?? 0)) s; sum of items \(String(format: "%.2f", perItem.reduce(0, +))) s; \(items.count) items")
                // Collectors run in parallel: another job's item runs while the 2 s `hang` command does.
                #expect(Self.overlapsAnotherJob(items, collector: "local-diagnostics", name: "hang"), "collectors should run in parallel")

                func item(_ collector: String, _ name: String? = nil) -> EvidenceSummary? {
                    items.first { $0.collector == collector && (name == nil || $0.name == name) }
                }
                func content(_ e: EvidenceSummary?) async throws -> String {
                    guard let e, let stored = try await database.evidenceItem(id: e.id) else { return "" }
                    return String(decoding: stored.content, as: UTF8.self)
                }

                // Metrics: the configured query and the alert's own expression, points inside the window.
                let window = DateInterval(start: capture.windowStart, end: capture.windowEnd)
                let metricItems = items.filter { $0.collector == "node-load" }
                #expect(metricItems.count == 2, "\(metricItems.map(\.name))")
                for m in metricItems {
                    #expect(m.status == .ok, "\(m.name): \(m.error ?? "")")
                    let series = try JSONDecoder().decode([MetricSeries].self, from: Data(try await content(m).utf8))
                    #expect(!series.isEmpty && series.allSatisfy { !$0.points.isEmpty }, "\(m.name)")
                    #expect(series.flatMap(\.points).allSatisfy { window.start.timeIntervalSince1970 - 1 <= $0.t && $0.t <= window.end.timeIntervalSince1970 + 1 })
                }
                #expect(metricItems.contains { $0.request.contains("node_load1 >= 0") }, "the alert's own expression from generatorURL")

                // Logs: exactly the in-window lines (with their continuation).
                let log = try await content(item("app-log"))
                for marker in ["INSIDE-1", "INSIDE-CONTINUATION", "INSIDE-2", "INSIDE-3"] { #expect(log.contains(marker), "\(marker)") }
                for marker in ["OUTSIDE-BEFORE", "OUTSIDE-AFTER"] { #expect(!log.contains(marker), "\(marker)") }

                // Local and remote diagnostics.
                #expect(try await content(item("local-diagnostics", "uptime")).contains("load average"))
                let uname = try #require(item("remote-diagnostics", "uname"))
                #expect(uname.host == "sshtest" && uname.status == .ok, "\(uname.error ?? "")")
                #expect(try await content(uname).contains("Linux"))
                #expect(item("remote-diagnostics", "disks")?.status == .ok)

                // Failures are recorded with their error; the rest completed.
                #expect(item("bad-query")?.status == .failed)
                #expect(item("bad-query")?.error?.contains("parse error") == true)
                #expect(item("local-diagnostics", "hang")?.status == .timeout)
                #expect(item("local-diagnostics", "flood")?.status == .truncated)
                #expect((item("local-diagnostics", "flood")?.size ?? .max) <= 65_536)
                let deadItem = try #require(item("dead-host"))
                #expect(deadItem.status == .failed, "\(deadItem.status): \(deadItem.error ?? "")")
                #expect(deadItem.error?.isEmpty == false)

                // The capture is on the incident's timeline.
                let detail = try #require(try await database.incident(id: incident.id))
                #expect(detail.timeline.contains { $0.kind == .capture && $0.text.contains("ev-") })
            }

            // Close the pool before reading its files: in one process, opening and closing a second
            // descriptor on a SQLite file drops SQLite's POSIX locks on it.
            let victim = try #require(try await database.evidence(incidentID: nil).first { $0.kind == .log })
            try database.close()

            // Secrets planted in logs, command output and labels/annotations appear in no database file.
            let files = try FileManager.default.contentsOfDirectory(atPath: config.archiveDirectory)
                .filter { $0.hasPrefix("aftermath.sqlite") }
            #expect(files.contains("aftermath.sqlite"))
            for file in files {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: (config.archiveDirectory as NSString).appendingPathComponent(file)))
                for secret in Self.secrets {
                    #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found in \(file)")
                }
            }

            // verify: ok untouched, then names the item after one byte changes.
            let verified = try runAftermath(["verify", "--archive", config.archiveDirectory])
            #expect(verified.status == 0, "\(verified.stderr)")
            #expect(verified.stdout.contains("ok:"))
            let tamperer = try AppDatabase(directory: config.archiveDirectory)
            try await tamperer.writer.write { db in
                // A log's content is kept as its lines (v12): change one byte of its first line.
                try db.execute(sql: """
                    UPDATE evidence_line SET text = substr(text, 1, 10) || iif(substr(text, 11, 1) = 'X', 'Y', 'X') || substr(text, 12)
                    WHERE evidence_id = ? AND line_no = 1
                    """, arguments: [victim.id])
                #expect(db.changesCount == 1)
            }
            try tamperer.close()
            let tampered = try runAftermath(["verify", "--archive", config.archiveDirectory])
            #expect(tampered.status != 0)
            #expect(tampered.stderr.contains(victim.id), "\(tampered.stderr)")

            // Search finds a log line with its incident and item.
            let search = try runAftermath(["search", "upstream timeout", "--json", "--archive", config.archiveDirectory])
            #expect(search.status == 0, "\(search.stderr)")
            #expect(search.stdout.contains("INSIDE-1"))
        }

        /// Whether an item of another collector ran while item `name` of `collector` did.
        static func overlapsAnotherJob(_ items: [EvidenceSummary], collector: String, name: String) -> Bool {
            guard let item = items.first(where: { $0.collector == collector && $0.name == name }) else { return false }
            return items.contains { other in
                other.collector != collector && other.startedAt < item.finishedAt && item.startedAt < other.finishedAt
            }
        }

        static func dependencies(config: AftermathConfig, database: AppDatabase, logger: Logger) throws -> ServerDependencies {
            // The Prometheus URL is only known once the stack runs; collectors read it per job.
            try Pipeline(config: config, database: database, logger: logger).serverDependencies(environment: [:], logger: logger)
        }
    }
}
