import AftermathCore
@testable import Archive
import AsyncHTTPClient
import Foundation
import GRDB
import Testing

extension EndToEnd {
    /// Every source's real payloads with their times replaced by year 2300, year 1, Int64 extremes
    /// and NaN-like strings, sent to `aftermath serve` with every collector kind configured (the
    /// server that a Loki collector used to crash on): it keeps serving, and every capture ends.
    @Suite("Hostile times from every source")
    struct HostileTimesTests {
        static let samples: [(source: String, fixture: String)] = [
            ("alertmanager", "alertmanager-firing.json"), ("alertmanager", "alertmanager-resolved.json"),
            ("grafana", "grafana-firing.json"), ("pagerduty", "pagerduty-v3-incident-triggered.json"),
            ("pagerduty", "pagerduty-v3-incident-resolved.json"), ("opsgenie", "opsgenie-create.json"),
            ("opsgenie", "opsgenie-close.json"), ("victorops", "victorops-incident-triggered.json"),
            ("statuspage", "statuspage-incident.json"), ("healthchecks", "healthchecks-down.json"),
            ("healthchecks", "healthchecks-up.json"),
        ]

        /// (RFC 3339 replacement, numeric replacement): what a broken clock or a hostile sender says.
        static let variants: [(text: String, number: String)] = [
            ("2300-01-01T00:00:00Z", "9223372036854775807"),
            ("0001-01-01T00:00:00Z", "-9223372036854775808"),
            ("NaN", "\"NaN\""),
            ("9999-12-31T23:59:59.999999999Z", "1e300"),
            ("1970-01-01T00:00:00Z", "0"),
        ]

        /// PagerDuty deduplicates on the signed `event.id` (the body's first `id`), so each variant
        /// gets its own: otherwise only the first variant would be applied.
        static func distinctEvent(_ text: String, _ index: Int) -> String {
            guard let range = text.range(of: #""id": "[^"]+"#, options: .regularExpression) else { return text }
            return text.replacingCharacters(in: range, with: text[range] + "-hostile-\(index)")
        }

        static func hostile(_ text: String, _ variant: (text: String, number: String)) -> String {
            var out = text
            let rfc3339 = #""\d{4}-\d{2}-\d{2}[Tt ][0-9:.]+(Z|z|[+-]\d{2}:\d{2})""#
            out = out.replacingOccurrences(of: rfc3339, with: "\"\(variant.text)\"", options: .regularExpression)
            let numeric = #"("(createdAt|updatedAt|insertedAt|timestamp)"\s*:\s*)-?\d+"#
            out = out.replacingOccurrences(of: numeric, with: "$1\(variant.number)", options: .regularExpression)
            let quotedNumeric = #"("(incident_timestamp|last_timestamp)"\s*:\s*)"\d+""#
            let quoted = variant.number.hasPrefix("\"") ? variant.number : "\"\(variant.number)\""
            return out.replacingOccurrences(of: quotedNumeric, with: "$1\(quoted)", options: .regularExpression)
        }

        @Test("202 for every payload, the server keeps serving, every capture job ends done or failed, no incident starts in 2300")
        func hostileTimes() async throws {
            let dir = try TemporaryDirectory("hostile-times")
            let closed = try FreePort.pick()
            let log = try dir.write("logs/app.log", "\(Timestamp.format(Date().addingTimeInterval(-60))) INFO hello\n")
            let config = try dir.write("aftermath.yaml", """
                prometheus: { url: "http://127.0.0.1:\(closed)", timeout: 2s }
                loki: { url: "http://127.0.0.1:\(closed)", timeout: 2s }
                capture: { lookahead: 0s, timeout: 10s, lease: 5s }
                collectors:
                  - { name: prom, kind: prometheus, match: {}, query: up }
                  - { name: loki, kind: loki, match: {}, query: '{app="api"}' }
                  - { name: page, kind: http, match: {}, url: "http://127.0.0.1:\(closed)/status" }
                  - { name: file, kind: file, match: {}, host: local, paths: [\(log)] }
                  - { name: journal, kind: journald, match: {}, host: local, unit: aftermath-hostile-none.service }
                  - { name: cmd, kind: command, match: {}, host: local, commands: [{ name: echo, argv: [echo, hostile] }] }
                """)
            let server = try await AftermathProcess(archive: dir.file("archive"), config: config, logPath: dir.file("serve.log"))
            defer { server.process.stop() }
            let client = HTTPClient.shared
            var sent = 0
            for (index, variant) in Self.variants.enumerated() {
                for sample in Self.samples {
                    var body = Self.hostile(try Fixtures.webhookText(sample.fixture), variant)
                    if sample.source == "pagerduty" { body = Self.distinctEvent(body, index) }
                    let answer = try await client.answer(
                        "\(server.baseURL)/hooks/\(sample.source)", method: .POST, body: Array(body.utf8),
                        headers: [("X-Webhook-Id", "hostile-\(index)-\(sample.fixture)")])
                    #expect(answer.status == 202, "\(sample.fixture) with \(variant.text): \(answer.status) \(answer.body) \(server.process.output().suffix(1500))")
                    sent += 1
                }
                let generic = #"{"key":"hostile-\#(index)","status":"firing","time":"\#(variant.text)","event_id":"g\#(index)"}"#
                #expect(try await client.answer("\(server.baseURL)/hooks/generic", method: .POST, body: Array(generic.utf8)).status == 202)
            }
            #expect(server.process.isRunning, "\(server.process.output().suffix(2000))")

            let database = try AppDatabase(directory: dir.file("archive"))
            let jobs = try await Wait.until("every capture job to end", timeout: 240) { () -> [CaptureJobRecord]? in
                let all = try await database.writer.read { db in try CaptureJobRecord.fetchAll(db) }
                return !all.isEmpty && all.allSatisfy { $0.state == .done || $0.state == .failed } ? all : nil
            }
            #expect(Set(jobs.map(\.collector)) == ["prom", "loki", "page", "file", "journal", "cmd"])
            let captures = try await database.writer.read { db in try CaptureRecord.fetchAll(db) }
            #expect(captures.allSatisfy { $0.finishedAt != nil })
            // Every stored status reads back as a known one (an unknown one would fail this read).
            let evidence = try await database.evidence(incidentID: nil)
            #expect(!evidence.isEmpty, "the hostile times still produced evidence")

            let now = Date()
            let incidents = try await database.incidents()
            #expect(!incidents.isEmpty)
            for incident in incidents {
                #expect(incident.startedAt <= now + 86_400 && incident.startedAt >= Date(timeIntervalSince1970: 946_684_800),
                        "\(incident.id) starts at \(Timestamp.format(incident.startedAt))")
            }
            let notes = try await database.writer.read { db in
                try String.fetchAll(db, sql: "SELECT text FROM timeline_event WHERE kind = 'sender_time'")
            }
            #expect(notes.contains { $0.contains("2300-01-01T00:00:00Z") }, "the timeline names the time it did not use")
            let health = try await client.answer("\(server.baseURL)/healthz")
            #expect(health.status == 200, "\(health.body)")
            #expect(server.process.isRunning)
            print("hostile times: \(sent + Self.variants.count) deliveries, \(incidents.count) incidents, \(jobs.count) capture jobs, \(notes.count) sender-time notes")
        }
    }
}
