import Foundation
import Intake
@testable import Server
import Testing

@Suite("Redelivery index: which requests the server has seen, and the dedup key each got")
struct RedeliveryIndexTests {
    func request(body: String, headers: [(name: String, value: String)] = [], token: String? = nil) -> WebhookRequest {
        WebhookRequest(source: .alertmanager, headers: headers, body: Array(body.utf8), pathToken: token, receivedAt: Date())
    }

    @Test("The same request has the same fingerprint at any time; another body, header, token or source has another")
    func fingerprints() {
        let base = request(body: "{}", headers: [("Content-Type", "application/json")])
        var later = base
        later.receivedAt = base.receivedAt + 60
        #expect(base.fingerprint == later.fingerprint)
        var other = base
        other.source = .grafana
        let variants = [
            request(body: "{ }", headers: [("Content-Type", "application/json")]),
            request(body: "{}", headers: [("Content-Type", "application/json"), ("X-GitHub-Delivery", "1")]),
            request(body: "{}", headers: [("Content-Type", "application/json")], token: "t"),
            // Framed fields: moving bytes from a header name to its value is another request.
            request(body: "{}", headers: [("Content-Typ", "eapplication/json")]),
            other,
        ]
        for variant in variants { #expect(variant.fingerprint != base.fingerprint) }
        #expect(Set(variants.map(\.fingerprint)).count == variants.count)
    }

    @Test("Remembered keys are found; past its capacity the oldest is forgotten first")
    func capacity() {
        let index = RedeliveryIndex(capacity: 3)
        for n in 1...3 { index.remember("r\(n)", dedupKey: "k\(n)") }
        #expect(index.dedupKey(for: "r1") == "k1")
        index.remember("r1", dedupKey: "k1")  // already there: keeps its place
        index.remember("r4", dedupKey: "k4")
        #expect(index.dedupKey(for: "r1") == nil)
        #expect(index.dedupKey(for: "r2") == "k2")
        #expect(index.dedupKey(for: "r4") == "k4")
        index.remember("r5", dedupKey: "k5")
        #expect(index.dedupKey(for: "r2") == nil)
        #expect([3, 4, 5].allSatisfy { index.dedupKey(for: "r\($0)") == "k\($0)" })
        #expect(index.dedupKey(for: "r6") == nil)
    }
}
