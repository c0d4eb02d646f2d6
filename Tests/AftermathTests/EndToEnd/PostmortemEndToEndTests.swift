import AftermathCore
import Archive
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Postmortem
import Server
import Settings
import Testing

extension EndToEnd {
    /// The real server (intake, capture worker, postmortem scheduler, notes API) on a socket,
    /// Alertmanager webhooks, a real log file and command, and the real `aftermath` CLI.
    @Suite("Postmortem, end to end")
    struct PostmortemEndToEndTests {
        static let token = "e2e-notes-token"

        /// Alertmanager's firing fixture with both alerts starting at `startsAt` (and resolved at `endsAt`).
        static func alertmanager(startsAt: Date, endsAt: Date?) throws -> [UInt8] {
            var json = try #require(try JSONSerialization.jsonObject(with: Data(try Fixtures.webhook("alertmanager-firing.json"))) as? [String: Any])
            json["status"] = endsAt == nil ? "firing" : "resolved"
            json["alerts"] = try #require(json["alerts"] as? [[String: Any]]).map { alert in
                var a = alert
                a["status"] = endsAt == nil ? "firing" : "resolved"
                a["startsAt"] = Timestamp.format(startsAt)
                a["endsAt"] = endsAt.map(Timestamp.format) ?? "0001-01-01T00:00:00Z"
                return a
            }
            return Array(try JSONSerialization.data(withJSONObject: json))
        }

        @Test("An incident resolves; after the settle time its postmortem holds the alerts, lifecycle, note and captures with citations, and durations from the recorded times")
        func resolvedIncidentGetsPostmortem() async throws {
            let dir = try TemporaryDirectory("postmortem-e2e")
            let now = Date()
            func at(_ offset: TimeInterval) -> String { Timestamp.formatMillis(now + offset) }
            var log = "\(at(-300)) INFO checkout started\n\(at(-200)) ERROR payment gateway timeout FIRST-ERROR\n"
            for i in 0..<11 { log += "\(at(-150 + Double(i) * 3)) ERROR upstream reset \(i)\n" }
            log += "\(at(-60)) INFO recovered\n"
            try dir.write("logs/app.log", log)

            var config = AftermathConfig()
            config.archiveDirectory = dir.file("archive")
            config.templatesDirectory = PostmortemWorld.repositoryTemplates
            config.capture.lookback = 600
            config.capture.lookahead = 0
            config.postmortem = PostmortemConfig(settle: 2, deadline: 86_400)
            var appLog = CollectorConfig(name: "app-log", kind: .file)
            appLog.host = "local"
            appLog.paths = [dir.file("logs/app.log")]
            var diagnostics = CollectorConfig(name: "diagnostics", kind: .command)
            diagnostics.host = "local"
            diagnostics.commands = .templates([CommandTemplate(name: "uname", argv: ["uname", "-s"])])
            config.collectors = [appLog, diagnostics]

            let database = try AppDatabase(directory: config.archiveDirectory)
            var logger = Logger(label: "postmortem-e2e")
            logger.logLevel = .warning
            let pipeline = try Pipeline(config: config, database: database, logger: logger)
            let events = EventLog()
            let scheduler = pipeline.postmortemScheduler(logger: logger, pollInterval: 1, onEvent: { events.append("\($0)") })
            let deps = pipeline.serverDependencies(
                environment: [:], logger: logger, keepSiteCurrent: false, postmortemScheduler: scheduler)
            let archive = config.archiveDirectory
            let client = HTTPClient.shared
            let startsAt = now - 120

            let id = try await Self.withServer(deps, notesToken: Self.token) { port in
                let base = "http://127.0.0.1:\(port)"
                #expect(await client.postStatus("\(base)/hooks/alertmanager", body: try Self.alertmanager(startsAt: startsAt, endsAt: nil)) == 202)
                let incident = try await Wait.until("the incident", timeout: 30) { try await database.incidents().first }
                _ = try await Wait.until("the opening capture", timeout: 60) {
                    try await database.captures(incidentID: incident.id).first { $0.kind == .opening && $0.finishedAt != nil }
                }

                // A note through the authenticated API, an acknowledgement through the CLI.
                let note = Array(#"{"text": "Rolled back to v41 | watching", "author": "carol"}"#.utf8)
                #expect(await client.postStatus("\(base)/api/incidents/\(incident.id)/notes", body: note) == 401)
                #expect(await client.postStatus("\(base)/api/incidents/\(incident.id)/notes", body: note, headers: [("Authorization", "Bearer \(Self.token)")]) == 201)
                let ack = try runAftermath(["incident", "ack", incident.id, "--author", "dave", "--archive", archive])
                #expect(ack.status == 0, "\(ack.stderr)")

                #expect(await client.postStatus("\(base)/hooks/alertmanager", body: try Self.alertmanager(startsAt: startsAt, endsAt: Date())) == 202)
                let resolved = try await Wait.until("the incident to resolve", timeout: 30) {
                    try await database.incident(id: incident.id).flatMap { $0.incident.status == .resolved ? $0 : nil }
                }
                #expect(try await database.postmortem(incidentID: incident.id)?.dueReason == .settled)
                _ = try await Wait.until("the postmortem after the settle time (events: \(events.all))", timeout: 30) {
                    try await database.postmortem(incidentID: incident.id)?.writtenAt
                }
                let written = try #require(try await database.postmortem(incidentID: incident.id))
                let resolvedAt = try #require(resolved.incident.resolvedAt)
                #expect(try #require(written.writtenAt).timeIntervalSince(resolvedAt) >= 2, "not before the settle time")
                _ = try await Wait.until("the closing capture", timeout: 60) {
                    try await database.captures(incidentID: incident.id).first { $0.kind == .closing && $0.finishedAt != nil }
                }
                return incident.id
            }

            // The file, as the scheduler wrote it; then refreshed by the CLI with the closing capture.
            let generate = try runAftermath(["postmortem", "generate", id, "--archive", archive, "--config", try Self.configFile(dir, config)])
            #expect(generate.status == 0, "\(generate.stderr)")
            let detail = try #require(try await database.incident(id: id))
            let incident = detail.incident
            let path = try #require(try await database.postmortem(incidentID: id)?.file).map { (config.postmortemsDirectory as NSString).appendingPathComponent($0) }
            let text = try String(contentsOfFile: try #require(path), encoding: .utf8)
            let rows = text.split(separator: "\n").filter { $0.hasPrefix("| 20") }

            // Front matter and impact from the recorded times.
            let resolvedAt = try #require(incident.resolvedAt)
            let acknowledgedAt = try #require(incident.acknowledgedAt)
            #expect(text.contains("id: \"\(id)\"\n"))
            #expect(text.contains("detected: \"\(Timestamp.format(incident.startedAt))\"\n"))
            #expect(text.contains("acknowledged: \"\(Timestamp.format(acknowledgedAt))\"\n"))
            #expect(text.contains("resolved: \"\(Timestamp.format(resolvedAt))\"\n"))
            #expect(text.contains("| Time to acknowledge (alert → acknowledged) | \(DurationText.format(acknowledgedAt.timeIntervalSince(incident.startedAt))) |"))
            #expect(text.contains("| Time to resolve (alert → resolved) | \(DurationText.format(resolvedAt.timeIntervalSince(incident.startedAt))) |"))
            // The first symptom is the log's first error, 80 s before the alert started.
            #expect(text.contains("| Time to detect (first symptom → alert) | 1m20s |"), "\(text)")
            #expect(text.contains("duration: \"\(DurationText.format(resolvedAt.timeIntervalSince(incident.startedAt) + 80))\"\n"))

            // The timeline: alerts, lifecycle, note, acknowledgement, captures with citations, derived moments.
            func row(_ needle: String) -> Substring? { rows.first { $0.contains(needle) } }
            #expect(rows.filter { $0.contains("Alert firing: HighErrorRate") }.count == 2)
            #expect(rows.filter { $0.contains("Alert resolved: HighErrorRate") }.count == 2)
            #expect(row("Opened by alertmanager") != nil)
            #expect(row("Resolved: all 2 alert(s) resolved") != nil)
            #expect(row("Note (carol): Rolled back to v41 \\| watching | api |") != nil)
            #expect(row("Acknowledged by dave (cli)") != nil)
            #expect(row("First error in \(dir.file("logs/app.log"))")?.contains("FIRST-ERROR") == true)
            #expect(row("Burst: 11 error lines") != nil)
            let evidence = try await database.evidence(incidentID: id)
            for kind in ["opening", "closing"] {
                let captureRow = try #require(row("Capture (\(kind)) finished"), "\(kind) capture row")
                let cited = PostmortemChecker.citedEvidence(in: Array(captureRow.utf8))
                let captured = try #require(try await database.captures(incidentID: id).first { $0.kind.rawValue == kind })
                #expect(cited == Set(evidence.filter { $0.captureID == captured.id }.map(\.id)), "\(captureRow)")
                #expect(!cited.isEmpty)
            }
            #expect(Array(rows.map { $0.prefix(21) }) == Array(rows.map { $0.prefix(21) }).sorted(), "rows in time order")

            // status, check (non-zero: the sections people write are empty), history.
            let status = try runAftermath(["postmortem", "status", "--json", "--archive", archive])
            #expect(status.status == 0, "\(status.stderr)")
            let statuses = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
            #expect(statuses.first?["state"] as? String == "draft")
            #expect(statuses.first?["overdue"] as? Bool == false)
            #expect(statuses.first?["file"] as? String == path)
            let check = try runAftermath(["postmortem", "check", id, "--archive", archive])
            #expect(check.status == 1)
            #expect(check.stdout.contains("\(try #require(path)):"))
            #expect(check.stdout.contains(": empty-section: section 'Summary' is still empty"))
            #expect(!check.stdout.contains("dangling-citation"), "\(check.stdout)")
            #expect(!check.stdout.contains("secret"), "\(check.stdout)")
            let history = try runAftermath(["postmortem", "history", id, "--archive", archive])
            #expect(history.status == 0, "\(history.stderr)")
            #expect(history.stdout.contains("aftermath (generator)  created"))
            #expect(history.stdout.contains("+++ b/"))
        }

        /// The configuration as a file for the CLI (templates directory included).
        static func configFile(_ dir: TemporaryDirectory, _ config: AftermathConfig) throws -> String {
            try dir.write("aftermath.yaml", "archive: \(config.archiveDirectory)\ntemplates: \(config.templatesDirectory ?? "")\n")
        }

        /// The real server (its notes API requires `notesToken`) on a free loopback port, for the duration of `body`.
        static func withServer<T: Sendable>(
            _ deps: ServerDependencies, notesToken: String, _ body: @escaping @Sendable (Int) async throws -> T
        ) async throws -> T {
            var deps = deps
            let tokenFile = (deps.config.archiveDirectory as NSString).appendingPathComponent("../notes.token")
            try notesToken.write(toFile: tokenFile, atomically: true, encoding: .utf8)
            deps.config.api.bearerToken = SecretReference(key: "api.bearer_token_file", origin: .file(tokenFile))
            return try await withLiveServer(deps, body)
        }
    }

    /// Scheduler events, for failure messages.
    final class EventLog: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [String] = []
        func append(_ event: String) { lock.withLock { events.append(event) } }
        var all: [String] { lock.withLock { events } }
    }
}
