import AftermathCore
@testable import Archive
import Crypto
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Settings
import Testing

/// Secrets in a webhook reach no stored field, derived ones included, in any encoding; a signed
/// PagerDuty body replayed with a fresh delivery header changes nothing.
@Suite("Intake: every stored field comes from redacted text; PagerDuty replays are duplicates")
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
