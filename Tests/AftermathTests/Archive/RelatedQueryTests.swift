import AftermathCore
@testable import Archive
import Foundation
import Testing

/// `relatedIncidents(to:)` reads only the incidents sharing a key with the one asked about; its
/// answer must be the one the index over the whole archive gives (which the site uses).
@Suite("Related incidents read through the key indexes")
struct RelatedQueryTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("For every incident, the targeted read lists the same incidents, reasons and counts as the whole-archive index")
    func targetedEqualsWhole() async throws {
        let dir = try TemporaryDirectory()
        let database = try AppDatabase(directory: dir.path)
        let ids = SequentialIncidentIDs()
        let names = ["HighErrorRate", "DiskFull", "Latency", "O'Brien \"quoted\""]
        let services = ["checkout", "payments", "search", "billing"]
        // A deterministic mix: Alertmanager groups (alert names, services, group keys, some groups
        // recurring), and generic senders without alerts (the title stands for the alert name).
        for n in 0..<60 {
            let at = t0 + Double(n) * 900
            let name = names[(n * 7) % names.count]
            let serviceList = n % 5 == 0 ? [] : [services[n % services.count], services[(n / 3) % services.count]]
            let signal: Signal
            if n % 3 == 0 {
                signal = Signal(source: .generic, correlationKey: "generic:\(n)", correlation: .exact,
                                effect: .transition(.triggered), title: n % 2 == 0 ? name : "Backup job \(n % 4)",
                                services: serviceList, summary: "generic \(n)")
            } else {
                let group = "alertmanager:r:{}:{alertname=\"\(name)\",n=\"\(n % 4)\"}"
                signal = Signal(
                    source: .alertmanager, correlationKey: group, correlation: .recurring, effect: .followAlerts,
                    alerts: [AlertObservation(fingerprint: "fp\(n)", status: .firing, startsAt: at, name: name)],
                    title: name, services: serviceList, summary: "am \(n)")
            }
            let outcome = try await database.record(
                IncomingDelivery(source: signal.source, dedupKey: "d\(n)", receivedAt: at, headers: [],
                                 body: Array("{}".utf8), disposition: .applied, signals: [signal]),
                rules: IntakeRules(reopenWindow: 0), ids: ids)
            // Resolve each group so the next delivery of it opens a new incident.
            if n % 3 != 0, outcome.changes.first?.opened == true {
                var resolved = signal
                resolved.alerts[0].status = .resolved
                resolved.alerts[0].endsAt = at + 60
                _ = try await database.record(
                    IncomingDelivery(source: signal.source, dedupKey: "r\(n)", receivedAt: at + 60, headers: [],
                                     body: Array("{}".utf8), disposition: .applied, signals: [resolved]),
                    rules: IntakeRules(reopenWindow: 0), ids: ids)
            }
        }
        let whole = RelatedIndex(try await database.relationKeys())
        #expect(whole.incidentIDs.count >= 40)
        var listed = 0
        for id in whole.incidentIDs {
            let expected = try #require(whole.related(to: id, limit: 5))
            let targeted = try #require(try await database.relatedIncidents(to: id, limit: 5))
            #expect(targeted.incidents.map(\.match) == expected.matches, "\(id)")
            #expect(targeted.counts == expected.counts, "\(id)")
            listed += targeted.incidents.count
        }
        #expect(listed > 100, "the fixture relates incidents: \(listed) listed")
        #expect(try await database.relatedIncidents(to: "nope", limit: 5) == nil)
    }
}
