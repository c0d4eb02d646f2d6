import AftermathCore
import Archive
import Foundation
import Testing

/// How signals become incidents, driven through the same transaction intake uses.
@Suite("Correlation and lifecycle")
struct IncidentLedgerTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    func store(_ database: AppDatabase, _ signals: [Signal], at: Date, key: String = UUID().uuidString) async throws -> IntakeOutcome {
        try await database.record(
            IncomingDelivery(source: signals.first?.source ?? .generic, dedupKey: key, receivedAt: at, headers: [],
                             body: Array("{}".utf8), disposition: .applied, signals: signals),
            rules: IntakeRules(reopenWindow: 600), ids: SequentialIncidentIDs.shared)
    }

    func group(_ status: [AlertStatus], startsAt: Date, endsAt: Date? = nil) -> Signal {
        Signal(
            source: .alertmanager, correlationKey: "alertmanager:r:{}:{alertname=\"X\"}", correlation: .recurring,
            effect: .followAlerts,
            alerts: status.enumerated().map { i, s in
                AlertObservation(fingerprint: "fp\(i)", status: s, startsAt: startsAt, endsAt: s == .resolved ? endsAt : nil, name: "X")
            },
            title: "X", severity: .warning, services: ["api"], summary: "group")
    }

    @Test("A group firing again within the reopen window reopens its incident; later it opens a new one")
    func reopenWindow() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        _ = try await store(db, [group([.firing], startsAt: t0)], at: t0)
        _ = try await store(db, [group([.resolved], startsAt: t0, endsAt: t0 + 60)], at: t0 + 61)
        let reopened = try await store(db, [group([.firing], startsAt: t0 + 300)], at: t0 + 300)
        #expect(reopened.changes.first?.reopened == true)
        #expect(try await db.incidents().count == 1)
        _ = try await store(db, [group([.resolved], startsAt: t0 + 300, endsAt: t0 + 400)], at: t0 + 401)
        let fresh = try await store(db, [group([.firing], startsAt: t0 + 5000)], at: t0 + 5000)
        #expect(fresh.changes.first?.opened == true)
        let incidents = try await db.incidents()
        #expect(incidents.count == 2)
        #expect(incidents.map(\.status) == [.triggered, .resolved])
    }

    @Test("A resolution for alerts never seen firing still records a resolved incident")
    func lateResolution() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        _ = try await store(db, [group([.resolved], startsAt: t0, endsAt: t0 + 90)], at: t0 + 100)
        let incidents = try await db.incidents()
        #expect(incidents.count == 1)
        #expect(incidents[0].status == .resolved)
        #expect(incidents[0].resolvedAt == t0 + 90)
    }

    @Test("Statuspage updates join the open incident of a mapped service as status updates")
    func statuspageJoins() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        let opened = try await store(db, [group([.firing], startsAt: t0)], at: t0)
        let update = Signal(
            source: .statuspage, correlationKey: "statuspage:incident:abc", correlation: .exact,
            effect: .transition(.acknowledged), services: ["api"], summary: "Statuspage: identified — we found it",
            joinsServiceIncident: true)
        let joined = try await store(db, [update], at: t0 + 120)
        #expect(joined.changes.map(\.incidentID) == opened.changes.map(\.incidentID))
        var resolvedUpdate = update
        resolvedUpdate.effect = .transition(.resolved)
        _ = try await store(db, [resolvedUpdate], at: t0 + 240)
        let detail = try #require(try await db.incident(id: opened.changes[0].incidentID))
        #expect(detail.incident.status == .triggered, "a status page does not resolve alerts that still fire")
        #expect(detail.timeline.filter { $0.kind == .statusUpdate }.count == 2)
        #expect(try await db.incidents().count == 1)

        // With no open incident for its service, a status-page incident opens its own.
        var other = update
        other.correlationKey = "statuspage:incident:def"
        other.services = ["billing"]
        other.effect = .transition(.triggered)
        let own = try await store(db, [other], at: t0 + 300)
        #expect(own.changes.first?.opened == true)
    }

    @Test("Exact keys: acknowledge, resolve, reopen the same incident")
    func exactLifecycle() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        func pd(_ status: IncidentStatus) -> Signal {
            Signal(source: .pagerduty, correlationKey: "pagerduty:incident:P1", correlation: .exact,
                   effect: .transition(status), title: "DB down", actor: "Ann", summary: "pd \(status)")
        }
        _ = try await store(db, [pd(.triggered)], at: t0)
        _ = try await store(db, [pd(.acknowledged)], at: t0 + 60)
        _ = try await store(db, [pd(.resolved)], at: t0 + 600)
        let reopened = try await store(db, [pd(.triggered)], at: t0 + 4 * 3600)
        #expect(reopened.changes.first?.reopened == true)
        let list = try await db.incidents()
        #expect(list.count == 1)
        let detail = try #require(try await db.incident(id: list[0].id))
        #expect(detail.incident.acknowledgedAt == t0 + 60)
        #expect(detail.incident.status == .triggered)
        #expect(detail.timeline.map(\.kind) == [.opened, .acknowledged, .resolved, .reopened])
        #expect(detail.timeline[1].text == "Acknowledged by Ann")
    }
}

extension SequentialIncidentIDs {
    /// One generator shared by a test's deliveries, so ids stay unique across transactions.
    static let shared = SequentialIncidentIDs()
}
