import AftermathCore
@testable import Archive
import Crypto
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Settings
import Synchronization
import Testing

/// Secrets in a webhook reach no stored field, derived ones included, in any encoding; dedup and
/// correlation keys and fingerprints come from the raw request, so a secret neither merges
/// deliveries, incidents or alerts nor is stored in a key; a
/// signed PagerDuty body replayed with a fresh delivery header changes nothing.
@Suite("Intake: stored fields come from redacted text, dedup keys from the raw request; replays are duplicates")
struct IntakeRedactionTests {
    @Test("Group key, correlation key, services, labels and the raw body hold no planted secret, in Go's escaped JSON too")
    func derivedFields() async throws {
        let archive = try TestArchive()
        // group_by: ['...'] puts every label into the groupKey; Go writes < > & as \u003c \u003e \u003c.
        let body = #"""
        {"receiver":"r","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"DBDown","instance":"https://svc:Pw9xUrlQ@db.internal","service":"https://svc:Pw9xUrlQ@db.internal","env":"DB_PASSWORD=Xy7;kLTail9Q"},"annotations":{"summary":"\u003cpassword\u003eHidden7XmlQ\u003c/password\u003e","description":"token%3DPct4EncodedQ%26x%3D1"},"startsAt":"2026-11-27T11:42:14Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://p/graph?g0.expr=up\u0026token=Gen5UrlQ","fingerprint":"fp1"}],"groupLabels":{"instance":"https://svc:Pw9xUrlQ@db.internal"},"commonLabels":{"instance":"https://svc:Pw9xUrlQ@db.internal"},"commonAnnotations":{},"externalURL":"http://am","version":"4","groupKey":"{}:{env=\"DB_PASSWORD=Xy7;kLTail9Q\", instance=\"https://svc:Pw9xUrlQ@db.internal\"}","truncatedAlerts":0}
        """#
        try await archive.withClient { client in
            let (status, answer) = try await client.post("/hooks/alertmanager", Array(body.utf8), headers: [HTTPField.Name("X-Note")!: "secret=Hdr6ValueQ"])
            #expect(status == .accepted)
            #expect(answer["status"] as? String == "accepted")
        }
        let secrets = ["Pw9xUrlQ", "kLTail9Q", "Hidden7XmlQ", "Pct4EncodedQ", "Gen5UrlQ", "Hdr6ValueQ"]
        let found = ArchiveGrep.find(secrets, under: [archive.config.archiveDirectory])
        #expect(found.isEmpty, "secrets stored: \(found)")
        // The derived fields exist and were redacted, not dropped.
        let keys = try await archive.database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT key FROM incident_key") + String.fetchAll(db, sql: "SELECT correlation_key FROM alert")
                + String.fetchAll(db, sql: "SELECT services FROM incident")
        }
        #expect(keys.contains { $0.contains("svc:") == false && $0.contains("[REDACTED:url-credentials]@db.internal") }, "\(keys)")
    }

    @Test("Deliveries that differ only inside a redacted value are both stored, and neither secret is")
    func distinctBehindRedaction() async throws {
        let archive = try TestArchive()
        // Generic without event_id (a content key over the body), Alertmanager whose groupKey
        // carries a secret label: redacted, each pair reads the same.
        let generic = ["Gen1TailQ", "Gen2TailQ"].map { #"{"key":"db","status":"firing","text":"login with password=\#($0) failed"}"# }
        let grouped = ["Am1TailQ", "Am2TailQ"].map { secret in
            #"{"receiver":"r","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"DBDown"},"startsAt":"2026-11-27T11:42:14Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"fp1"}],"groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am","version":"4","groupKey":"{}:{env=\"DB_PASSWORD=\#(secret)\"}","truncatedAlerts":0}"#
        }
        try await archive.withClient { client in
            for (path, bodies) in [("/hooks/generic", generic), ("/hooks/alertmanager", grouped)] {
                var delivered: Set<Int> = []
                for body in bodies {
                    let (status, answer) = try await client.post(path, Array(body.utf8))
                    #expect(status == .accepted)
                    #expect(answer["status"] as? String == "accepted", "\(path): \(answer)")
                    if let id = answer["delivery"] as? Int { delivered.insert(id) }
                }
                #expect(delivered.count == 2, "\(path)")
            }
        }
        #expect(try await archive.database.deliveryCounts()[.applied] == 4)
        let found = ArchiveGrep.find(["Gen1TailQ", "Gen2TailQ", "Am1TailQ", "Am2TailQ"], under: [archive.config.archiveDirectory])
        #expect(found.isEmpty, "secrets stored: \(found)")
    }

    @Test("Alert groups whose keys differ only inside a secret open two incidents; each resolves its own; neither secret is stored")
    func correlationBehindRedaction() async throws {
        let archive = try TestArchive()
        // The groupKey (the correlation key) and the fingerprint carry a secret label: redacted,
        // the two groups read the same, yet they are two groups.
        @Sendable func group(_ secret: String, _ status: String) -> [UInt8] {
            let ends = status == "resolved" ? "2026-11-27T11:50:00Z" : "0001-01-01T00:00:00Z"
            return Array(#"{"receiver":"r","status":"\#(status)","alerts":[{"status":"\#(status)","labels":{"alertname":"DBDown"},"startsAt":"2026-11-27T11:42:14Z","endsAt":"\#(ends)","fingerprint":"DB_PASSWORD=\#(secret)"}],"groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am","version":"4","groupKey":"{}:{env=\"DB_PASSWORD=\#(secret)\"}","truncatedAlerts":0}"#.utf8)
        }
        let answers = Mutex<[String: [String]]>([:])
        try await archive.withClient { client in
            for (name, body) in [("first", group("Cor1TailQ", "firing")), ("second", group("Cor2TailQ", "firing")),
                                 ("resolve first", group("Cor1TailQ", "resolved"))] {
                let (status, answer) = try await client.post("/hooks/alertmanager", body)
                #expect(status == .accepted)
                answers.withLock { $0[name] = answer["incidents"] as? [String] ?? [] }
            }
        }
        let seen = answers.withLock { $0 }
        let opened = (seen["first"] ?? []) + (seen["second"] ?? [])
        #expect(Set(opened).count == 2, "one incident per alert group: \(seen)")
        #expect(seen["resolve first"] == seen["first"])
        let statuses = Dictionary(uniqueKeysWithValues: try await archive.database.incidents().map { ($0.id, $0.status) })
        #expect(statuses.count == 2)
        if opened.count == 2 {
            #expect(statuses[opened[0]] == .resolved)
            #expect(statuses[opened[1]] == .triggered)
        }
        let found = ArchiveGrep.find(["Cor1TailQ", "Cor2TailQ"], under: [archive.config.archiveDirectory])
        #expect(found.isEmpty, "secrets stored: \(found)")
    }

    @Test("A sender's dedup key that looks like a secret is stored as its SHA-256; the same body again is a duplicate, also after a restart")
    func secretLookingDedupKey() async throws {
        let archive = try TestArchive()
        let tokens = ["ghp_" + String(repeating: "A1", count: 18), "ghp_" + String(repeating: "B2", count: 18)]
        let alerts = tokens.map { Array(#"{"key":"db","status":"firing","event_id":"\#($0)"}"#.utf8) }
        let changes = tokens.map { Array(#"{"kind":"change","service":"api","version":"v2","event_id":"\#($0)x"}"#.utf8) }
        let plain = Array(#"{"key":"db","status":"firing","event_id":"evt-1"}"#.utf8)
        try await archive.withClient { client in
            var delivered: [Int] = []
            for body in alerts + changes + [plain] {
                let (status, answer) = try await client.post("/hooks/generic", body)
                #expect(status == .accepted)
                #expect(answer["status"] as? String == "accepted", "\(answer)")
                delivered.append(try #require(answer["delivery"] as? Int))
            }
            #expect(Set(delivered).count == 5)
            let (_, again) = try await client.post("/hooks/generic", alerts[0])
            #expect(again["status"] as? String == "duplicate")
            #expect(again["delivery"] as? Int == delivered[0])
            // Answered from the redelivery index, before the committer: five commits, not six.
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(metrics.contains("aftermath_intake_commit_duration_seconds_count 5\n"))
        }
        let firstIDs = try await archive.database.writer.read { db in try Int.fetchAll(db, sql: "SELECT id FROM delivery ORDER BY id") }
        #expect(firstIDs.count == 5)
        // A fresh server has no index: the insert itself finds the stored key.
        try await archive.withClient { client in
            for (index, body) in (alerts + changes + [plain]).enumerated() {
                let (_, again) = try await client.post("/hooks/generic", body)
                #expect(again["status"] as? String == "duplicate")
                #expect(again["delivery"] as? Int == firstIDs.dropFirst(index).first)
            }
        }
        #expect(try await archive.database.changes(service: "api").count == 2)
        let found = ArchiveGrep.find(tokens, under: [archive.config.archiveDirectory])
        #expect(found.isEmpty, "secrets stored: \(found)")
        let keys = try await archive.database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT dedup_key FROM delivery ORDER BY id")
                + String.fetchAll(db, sql: "SELECT dedup_key FROM change_event ORDER BY id")
        }
        let hashed = (tokens + tokens.map { $0 + "x" }).map { "sha256:" + IncomingDelivery.sha256Hex(Array($0.utf8)) }
        #expect(keys == [hashed[0], hashed[1], hashed[2], hashed[3], "evt-1", hashed[2], hashed[3]])
    }

    static func signed(_ body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    @Test("A signed PagerDuty body replayed with a new X-Webhook-Id changes nothing")
    func pagerDutyReplay() async throws {
        let dir = try TemporaryDirectory()
        var config = AftermathConfig()
        config.sources[.pagerduty] = SourceConfig(signingSecret: SecretReference(key: "pd", origin: .file(try dir.write("pd", "whsec-test\n"))))
        let archive = try TestArchive(config: config)
        let triggered = try Fixtures.webhook("pagerduty-v3-incident-triggered.json")
        let note = try Fixtures.webhook("pagerduty-v3-incident-annotated.json")
        let signature = HTTPField.Name("X-PagerDuty-Signature")!
        let webhookID = HTTPField.Name("X-Webhook-Id")!
        try await archive.withClient { client in
            for (index, body) in [triggered, note].enumerated() {
                let (status, answer) = try await client.post("/hooks/pagerduty", body, headers: [signature: Self.signed(body, secret: "whsec-test"), webhookID: "first-\(index)"])
                #expect(status == .accepted)
                #expect(answer["status"] as? String == "accepted")
            }
            let before = try await snapshot(archive.database)
            for (index, body) in [triggered, note].enumerated() {
                let (status, answer) = try await client.post("/hooks/pagerduty", body, headers: [signature: Self.signed(body, secret: "whsec-test"), webhookID: "replayed-\(index)"])
                #expect(status == .accepted)
                #expect(answer["status"] as? String == "duplicate")
            }
            #expect(try await snapshot(archive.database) == before)
        }
    }
}
