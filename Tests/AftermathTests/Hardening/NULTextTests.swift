import AftermathCore
@testable import Archive
import AsyncHTTPClient
import Foundation
import GRDB
import Testing

extension EndToEnd {
    /// A `\u0000` in a webhook's text reaches `aftermath serve` from every kind of sender, a note
    /// and a change: each field is stored whole with U+FFFD where the NUL was (never cut at it),
    /// `incident show --json` and the site page show it (a change's single-line fields show a space,
    /// as for any control character), and command output holding a NUL byte
    /// keeps it in its content and verifies.
    @Suite("A NUL in sent text is shown as U+FFFD, never cut")
    struct NULTextTests {
        /// A fixture's JSON object with `edit` applied, as the sender would write it (`\u0000` escapes).
        static func fixture(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> [UInt8] {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(try Fixtures.webhook(name))) as? [String: Any])
            edit(&object)
            let data = try JSONSerialization.data(withJSONObject: object)
            #expect(String(decoding: data, as: UTF8.self).contains("\\u0000"))
            return Array(data)
        }

        static func set(_ object: inout [String: Any], _ path: [String], _ value: Any) {
            guard let key = path.first else { return }
            if path.count == 1 { object[key] = value; return }
            var inner = object[key] as? [String: Any] ?? [:]
            set(&inner, Array(path.dropFirst()), value)
            object[key] = inner
        }

        @Test("Alertmanager, Grafana, PagerDuty and generic fields, a note, a change and command output keep every character")
        func nulEverywhere() async throws {
            let dir = try TemporaryDirectory("nul-text")
            let config = try dir.write("aftermath.yaml", """
                capture: { lookahead: 0s, timeout: 10s, lease: 5s }
                collectors:
                  - { name: cmd, kind: command, match: { service: checkout }, host: local, commands: [{ name: nul, argv: [printf, 'before\\000after\\nsecond\\n'] }] }
                """)
            let archive = dir.file("archive")
            let server = try await AftermathProcess(archive: archive, config: config, logPath: dir.file("serve.log"))
            defer { server.process.stop() }
            let client = HTTPClient.shared

            let alertmanager = try Self.fixture("alertmanager-firing.json") { body in
                var alerts = body["alerts"] as? [[String: Any]] ?? []
                var labels = alerts[0]["labels"] as? [String: Any] ?? [:]
                labels["alertname"] = "Bad\u{0}Tail"
                labels["zone"] = "eu\u{0}west"
                alerts[0]["labels"] = labels
                var annotations = alerts[0]["annotations"] as? [String: Any] ?? [:]
                annotations["summary"] = "sum\u{0}mary"
                alerts[0]["annotations"] = annotations
                alerts[0]["fingerprint"] = "fp\u{0}1"
                body["alerts"] = alerts
            }
            let grafana = try Self.fixture("grafana-firing.json") { body in
                var alerts = body["alerts"] as? [[String: Any]] ?? []
                var labels = alerts[0]["labels"] as? [String: Any] ?? [:]
                labels["alertname"] = "Graf\u{0}ana"
                alerts[0]["labels"] = labels
                body["alerts"] = alerts
            }
            let pagerduty = try Self.fixture("pagerduty-v3-incident-triggered.json") { body in
                Self.set(&body, ["event", "data", "title"], "PD\u{0}title")
            }
            let generic = Array(#"{"key":"nul-generic","status":"firing","title":"gen","service":"svc\u0000a","labels":{"env":"pr\u0000od"},"actor":"cron\u0000db1"}"#.utf8)
            let change = Array(#"{"kind":"change","service":"pay\u0000ments","version":"v1","event_id":"nul-change"}"#.utf8)
            var incidents: [String: String] = [:]
            for (source, body) in [("alertmanager", alertmanager), ("grafana", grafana), ("pagerduty", pagerduty), ("generic", generic), ("generic", change)] {
                let answer = try await client.answer("\(server.baseURL)/hooks/\(source)", method: .POST, body: body)
                #expect(answer.status == 202, "\(source): \(answer.body)")
                if let id = (answer.json["incidents"] as? [String])?.first { incidents[source] = id }
            }
            let am = try #require(incidents["alertmanager"])
            let note = try await client.answer(
                "\(server.baseURL)/api/incidents/\(am)/notes", method: .POST, body: Array(#"{"text":"api\u0000note","author":"ann\u0000e"}"#.utf8))
            #expect(note.status == 201, "\(note.body)")

            func show(_ id: String?) throws -> [String: Any] {
                let run = try runAftermath(["incident", "show", "--archive", archive, try #require(id), "--json"])
                #expect(run.status == 0, "\(run.stderr)")
                return (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as? [String: Any] ?? [:]
            }
            func alertNames(_ shown: [String: Any]) -> Set<String> {
                Set((shown["alerts"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            }
            let amShown = try show(am)
            #expect(alertNames(amShown).contains("Bad\u{FFFD}Tail"), "\(alertNames(amShown))")
            let amAlert = (amShown["alerts"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "Bad\u{FFFD}Tail" }
            #expect((amAlert?["labels"] as? [String: String])?["zone"] == "eu\u{FFFD}west")
            #expect((amAlert?["annotations"] as? [String: String])?["summary"] == "sum\u{FFFD}mary")
            // A key with a NUL is stored as its hash, like a key with a secret: never cut to "fp".
            #expect((amAlert?["fingerprint"] as? String)?.hasPrefix("sha256:") == true, "\(amAlert ?? [:])")
            let amTimeline = (amShown["timeline"] as? [[String: Any]] ?? [])
            #expect(amTimeline.contains { ($0["text"] as? String)?.contains("Alert firing: Bad\u{FFFD}Tail") == true }, "\(amTimeline)")
            #expect(amTimeline.contains { $0["text"] as? String == "api\u{FFFD}note" && $0["actor"] as? String == "ann\u{FFFD}e" }, "\(amTimeline)")
            #expect(alertNames(try show(incidents["grafana"])).contains("Graf\u{FFFD}ana"))
            #expect(alertNames(try show(incidents["pagerduty"])) == ["PD\u{FFFD}title"])
            let genericShown = try show(incidents["generic"])
            #expect(genericShown["services"] as? [String] == ["svc\u{FFFD}a"])
            #expect((genericShown["labels"] as? [String: String])?["env"] == "pr\u{FFFD}od")
            let changes = try runAftermath(["change", "list", "--archive", archive])
            // A change's fields are single-line text, where every control character is a space.
            #expect(changes.stdout.contains("pay ments"), "\(changes.stdout)")

            // The command's output: its bytes kept, its line shown whole, the archive verified.
            let database = try AppDatabase(directory: archive)
            let item = try await Wait.until("the command's evidence", timeout: 60) { () -> String? in
                try await database.writer.read { db in try String.fetchOne(db, sql: "SELECT id FROM evidence WHERE name = 'nul'") }
            }
            #expect(try await database.evidenceContent(id: item) == Data("before\u{0}after\nsecond\n".utf8))
            let lines = try await database.writer.read { db in
                try String.fetchAll(db, sql: "SELECT text FROM evidence_line WHERE evidence_id = ? ORDER BY line_no", arguments: [item])
            }
            #expect(lines == ["before\u{FFFD}after", "second"])
            let verified = try runAftermath(["verify", "--archive", archive])
            #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")

            // The site shows the character where it was.
            let out = dir.file("site")
            let built = try runAftermath(["site", "build", "--archive", archive, "--out", out])
            #expect(built.status == 0, "\(built.stderr)")
            let page = try String(contentsOfFile: out + "/incident/\(am).html", encoding: .utf8)
            #expect(page.contains("Bad\u{FFFD}Tail"))
            #expect(page.contains("api\u{FFFD}note"))
        }
    }
}
