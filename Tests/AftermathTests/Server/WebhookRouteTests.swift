import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Settings
import Testing

@Suite("Webhook routes: durable, deduplicated intake")
struct WebhookRouteTests {
    @Test("Alertmanager firing → partially resolved → resolved: one incident that resolves when all alerts have")
    func alertmanagerLifecycle() async throws {
        let archive = try TestArchive()
        try await archive.withClient { client in
            let (s1, a1) = try await client.post("/hooks/alertmanager", try Fixtures.webhook("alertmanager-firing.json"))
            #expect(s1 == .accepted)
            #expect(a1["status"] as? String == "accepted")
            let (s2, _) = try await client.post("/hooks/alertmanager", try Fixtures.webhook("alertmanager-partially-resolved.json"))
            #expect(s2 == .accepted)
            var incidents = try await archive.database.incidents()
            #expect(incidents.count == 1)
            #expect(incidents.first?.status == .triggered)

            let (s3, _) = try await client.post("/hooks/alertmanager", try Fixtures.webhook("alertmanager-resolved.json"))
            #expect(s3 == .accepted)
            incidents = try await archive.database.incidents()
            #expect(incidents.count == 1)
            let detail = try #require(try await archive.database.incident(id: incidents[0].id))
            #expect(detail.incident.status == .resolved)
            #expect(detail.incident.severity == .critical)
            #expect(detail.incident.services == ["checkout"])
            #expect(detail.alerts.count == 2)
            #expect(detail.alerts.allSatisfy { $0.status == .resolved })
            #expect(detail.incident.resolvedAt != nil)
            let kinds = detail.timeline.map(\.kind)
            #expect(kinds.first == .opened)
            #expect(kinds.filter { $0 == .alertFiring }.count == 2)
            #expect(kinds.filter { $0 == .alertResolved }.count == 2)
            #expect(kinds.last == .resolved)
        }
    }

    @Test("A redelivery and an HA peer's copy (different externalURL) change nothing")
    func redeliveriesChangeNothing() async throws {
        let archive = try TestArchive()
        let firing = try Fixtures.webhookText("alertmanager-firing.json")
        let peerCopy = firing.replacingOccurrences(
            of: "http://alertmanager.example.internal:9093", with: "http://alertmanager-2.example.internal:9093")
        #expect(peerCopy != firing)
        try await archive.withClient { client in
            _ = try await client.post("/hooks/alertmanager", Array(firing.utf8))
            let before = try await snapshot(archive.database)
            let (status, answer) = try await client.post("/hooks/alertmanager", Array(firing.utf8))
            #expect(status == .accepted)
            #expect(answer["status"] as? String == "duplicate")
            let (peerStatus, peerAnswer) = try await client.post("/hooks/alertmanager", Array(peerCopy.utf8))
            #expect(peerStatus == .accepted)
            #expect(peerAnswer["status"] as? String == "duplicate")
            #expect(try await snapshot(archive.database) == before)
        }
    }

    @Test("A redelivery names the stored delivery; once no delivery holds its dedup key, the same request is stored again")
    func redeliveryNeedsTheStoredDelivery() async throws {
        let archive = try TestArchive()
        let body = try Fixtures.webhook("alertmanager-firing.json")
        try await archive.withClient { client in
            let (_, first) = try await client.post("/hooks/alertmanager", body)
            let stored = try #require(first["delivery"] as? Int)
            let (_, again) = try await client.post("/hooks/alertmanager", body)
            #expect(again["status"] as? String == "duplicate")
            #expect(again["delivery"] as? Int == stored)
            // The server remembers the request, but only the archive says whether it is a duplicate.
            try await archive.database.writer.write { db in
                try db.execute(sql: "UPDATE delivery SET dedup_key = 'moved' WHERE id = ?", arguments: [stored])
            }
            let (status, third) = try await client.post("/hooks/alertmanager", body)
            #expect(status == .accepted)
            #expect(third["status"] as? String == "accepted")
            let newID = try #require(third["delivery"] as? Int)
            #expect(newID != stored)
            let (_, fourth) = try await client.post("/hooks/alertmanager", body)
            #expect(fourth["status"] as? String == "duplicate")
            #expect(fourth["delivery"] as? Int == newID)
        }
        #expect(try await archive.database.deliveryCounts()[.applied] == 2)
    }

    @Test("PagerDuty: triggered → acknowledged → resolved, annotations on the timeline, event.id dedup")
    func pagerDutyLifecycle() async throws {
        let archive = try TestArchive()
        // The samples come from four different PagerDuty incidents; make them one incident's life.
        @Sendable func sameIncident(_ name: String) throws -> [UInt8] {
            var text = try Fixtures.webhookText(name)
            for id in ["PFQZPSY", "PQ1K5C8", "Q3B15VLMF3ASBD", "PCPZE64"] { text = text.replacingOccurrences(of: "\"\(id)\"", with: "\"PTEST01\"") }
            return Array(text.utf8)
        }
        try await archive.withClient { client in
            for (i, name) in ["pagerduty-v3-incident-triggered.json", "pagerduty-v3-incident-acknowledged.json",
                              "pagerduty-v3-incident-annotated.json", "pagerduty-v3-incident-resolved.json"].enumerated() {
                let (status, _) = try await client.post("/hooks/pagerduty", try sameIncident(name), headers: [HTTPField.Name("X-Webhook-Id")!: "delivery-\(i)"])
                #expect(status == .accepted, "\(name)")
            }
            // PagerDuty retries the same event: nothing changes.
            let before = try await snapshot(archive.database)
            let (status, answer) = try await client.post("/hooks/pagerduty", try sameIncident("pagerduty-v3-incident-resolved.json"), headers: [HTTPField.Name("X-Webhook-Id")!: "delivery-3"])
            #expect(status == .accepted)
            #expect(answer["status"] as? String == "duplicate")
            #expect(try await snapshot(archive.database) == before)
        }
        let incidents = try await archive.database.incidents()
        #expect(incidents.count == 1)
        let detail = try #require(try await archive.database.incident(id: incidents[0].id))
        #expect(detail.incident.status == .resolved)
        #expect(detail.incident.acknowledgedAt != nil)
        #expect(detail.timeline.contains { $0.kind == .acknowledged })
        #expect(detail.timeline.contains { $0.kind == .annotation })
        #expect(detail.timeline.contains { $0.kind == .resolved })
        // The samples' clocks disagree (the resolve predates the trigger): times never run backwards.
        #expect(detail.incident.resolvedAt! >= detail.incident.startedAt)
        #expect(detail.incident.acknowledgedAt! >= detail.incident.startedAt)
    }

    @Test("Missing or wrong bearer token: 401/403 and nothing stored; the right one is accepted")
    func bearerAuthentication() async throws {
        let dir = try TemporaryDirectory()
        let tokenFile = try dir.write("token", "s3cret-token\n")
        var config = AftermathConfig()
        config.sources[.alertmanager] = SourceConfig(bearerToken: SecretReference(key: "t", origin: .file(tokenFile)))
        let archive = try TestArchive(config: config)
        let body = try Fixtures.webhook("alertmanager-firing.json")
        try await archive.withClient { client in
            let (missing, missingAnswer) = try await client.post("/hooks/alertmanager", body)
            #expect(missing == .unauthorized)
            #expect((missingAnswer["error"] as? String)?.isEmpty == false)
            let (wrong, _) = try await client.post("/hooks/alertmanager", body, headers: [.authorization: "Bearer s3cret-toke"])
            #expect(wrong == .forbidden)
            let (basic, _) = try await client.post("/hooks/alertmanager", body, headers: [.authorization: "Basic czNjcmV0LXRva2Vu"])
            #expect(basic == .forbidden || basic == .unauthorized)
            #expect(try await archive.database.deliveryCounts().isEmpty)
            let (right, _) = try await client.post("/hooks/alertmanager", body, headers: [.authorization: "Bearer s3cret-token"])
            #expect(right == .accepted)
        }
        #expect(try await archive.database.deliveryCounts()[.applied] == 1)
        // The stored headers never hold the credential.
        let stored = try #require(try await archive.database.delivery(id: 1))
        #expect(!stored.headers.contains("s3cret-token"))
        #expect(stored.headers.contains("Bearer [masked]"))
    }

    @Test("PagerDuty signature vectors through the route: valid and rotated accepted, tampered refused and not stored")
    func pagerDutySignatures() async throws {
        let vectors = try JSONSerialization.jsonObject(with: Data(try Fixtures.webhook("signature-test-vectors.json"))) as! [String: Any]
        let pd = vectors["pagerduty_v3"] as! [String: Any]
        let dir = try TemporaryDirectory()
        let secretFile = try dir.write("pd", pd["secret"] as! String)
        var config = AftermathConfig()
        config.sources[.pagerduty] = SourceConfig(signingSecret: SecretReference(key: "pd", origin: .file(secretFile)))
        let archive = try TestArchive(config: config)
        let body = Array((pd["body"] as! String).utf8)
        var flipped = body
        flipped[flipped.count / 2] ^= 0x01
        let tampered = flipped
        let valid = pd["valid_header_value"] as! String
        let rotated = pd["valid_header_value_with_rotation"] as! String
        let signature = HTTPField.Name("X-PagerDuty-Signature")!
        try await archive.withClient { client in
            let (t, _) = try await client.post("/hooks/pagerduty", tampered, headers: [signature: valid])
            #expect(t == .forbidden)
            let (none, _) = try await client.post("/hooks/pagerduty", body)
            #expect(none == .unauthorized)
            #expect(try await archive.database.deliveryCounts().isEmpty)
            let (ok, _) = try await client.post("/hooks/pagerduty", body, headers: [signature: rotated])
            #expect(ok == .accepted)
        }
        // A priority change of an incident never seen triggered is stored but opens nothing.
        #expect(try await archive.database.deliveryCounts()[.applied] == 1)
    }

    @Test("Garbage, truncated JSON, invalid UTF-8, NUL bytes and deep nesting are quarantined with a precise reason")
    func badBodiesAreQuarantined() async throws {
        let archive = try TestArchive()
        let firing = try Fixtures.webhook("alertmanager-firing.json")
        let bodies: [(String, [UInt8])] = [
            ("garbage", Array("this is not json".utf8)),
            ("truncated", Array(firing.prefix(firing.count / 2))),
            ("invalid-utf8", [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
            ("nul", Array("{\"receiver\":\"a\u{0}b\"".utf8)),
            ("deep", Array(String(repeating: "[", count: 100_000).utf8)),
            ("empty", []),
        ]
        try await archive.withClient { client in
            for (name, body) in bodies {
                let (status, answer) = try await client.post("/hooks/alertmanager", body)
                #expect(status == .accepted, "\(name)")
                #expect(answer["status"] as? String == "quarantined", "\(name)")
                let reason = answer["error"] as? String ?? ""
                #expect(reason.contains("alertmanager payload at"), "\(name): \(reason)")
            }
            // The server keeps serving real deliveries afterwards.
            let (ok, answer) = try await client.post("/hooks/alertmanager", firing)
            #expect(ok == .accepted)
            #expect(answer["status"] as? String == "accepted")
        }
        let quarantined = try await archive.database.quarantinedDeliveries()
        #expect(quarantined.count == bodies.count)
        #expect(quarantined.allSatisfy { $0.disposition == .quarantined && $0.error != nil })
        #expect(try await archive.database.incidents().count == 1)
    }

    @Test("A body over the cap gets 413 naming the cap, and is not stored")
    func bodyOverCap() async throws {
        var config = AftermathConfig()
        config.server.maxBodyBytes = 4096
        let archive = try TestArchive(config: config)
        try await archive.withClient { client in
            let (status, answer) = try await client.post("/hooks/generic", [UInt8](repeating: 0x20, count: 4097))
            #expect(status == .contentTooLarge)
            #expect((answer["error"] as? String)?.contains("4096") == true)
        }
        #expect(try await archive.database.deliveryCounts().isEmpty)
    }

    @Test("When the commit fails the sender gets 503 and nothing is half-stored")
    func commitFailureAnswers503() async throws {
        struct DiskFull: Error {}
        let archive = try TestArchive()
        let failing: IntakeHook = { _, _ in throw DiskFull() }
        try await archive.withClient(hooks: [failing]) { client in
            let (status, _) = try await client.post("/hooks/alertmanager", try Fixtures.webhook("alertmanager-firing.json"))
            #expect(status == .serviceUnavailable)
        }
        #expect(try await archive.database.deliveryCounts().isEmpty)
        #expect(try await archive.database.incidents().isEmpty)
    }

    @Test("Unknown and disabled sources answer 404")
    func unknownSource() async throws {
        var config = AftermathConfig()
        config.sources[.opsgenie] = SourceConfig(enabled: false)
        let archive = try TestArchive(config: config)
        try await archive.withClient { client in
            let unknown = try await client.post("/hooks/nagios", Array("{}".utf8)).0
            #expect(unknown == .notFound)
            let disabled = try await client.post("/hooks/opsgenie", try Fixtures.webhook("opsgenie-create.json")).0
            #expect(disabled == .notFound)
        }
    }

    @Test("/healthz answers ok")
    func health() async throws {
        let archive = try TestArchive()
        try await archive.withClient { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"ok\""))
            }
        }
    }
}

/// Row counts and incident states: equal before and after means nothing changed.
func snapshot(_ database: AppDatabase) async throws -> [String] {
    try await database.writer.read { db in
        var out: [String] = []
        for table in ["delivery", "incident", "alert", "timeline_event", "incident_key", "delivery_incident"] {
            out.append("\(table)=\(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1)")
        }
        out += try String.fetchAll(db, sql: "SELECT id || ':' || status || ':' || updated_at FROM incident ORDER BY id")
        return out
    }
}
