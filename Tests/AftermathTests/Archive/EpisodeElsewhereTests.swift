import AftermathCore
@testable import Archive
import Foundation
import Testing

/// An alert episode pins the incident it first landed on. When a later group that lands on a newer
/// incident re-sends that episode, the episode's own incident follows it: reopened when it fires
/// again, resolved when its last alert resolves, with the moment on its own timeline.
@Suite("An episode re-sent with a later incident's group")
struct EpisodeElsewhereTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    let ids = SequentialIncidentIDs()

    func alert(_ fingerprint: String, _ status: AlertStatus, startsAt: Date, endsAt: Date? = nil) -> AlertObservation {
        AlertObservation(fingerprint: fingerprint, status: status, startsAt: startsAt, endsAt: endsAt, name: fingerprint.uppercased())
    }

    func deliver(_ db: AppDatabase, _ alerts: [AlertObservation], at: Date) async throws -> IntakeOutcome {
        let signal = Signal(
            source: .alertmanager, correlationKey: "alertmanager:r:{}:{alertname=\"X\"}", correlation: .recurring,
            effect: .followAlerts, alerts: alerts, title: "X", summary: "group")
        return try await db.record(
            IncomingDelivery(source: .alertmanager, dedupKey: UUID().uuidString, receivedAt: at, headers: [],
                             body: Array("{}".utf8), disposition: .applied, signals: [signal]),
            rules: IntakeRules(reopenWindow: 600), ids: ids)
    }

    @Test("The old episode firing again reopens its incident; resolved again, resolves it; the newer incident is untouched")
    func oldEpisodeMovesItsIncident() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        let first = try #require(try await deliver(db, [alert("a", .firing, startsAt: t0)], at: t0).changes.first?.incidentID)
        _ = try await deliver(db, [alert("a", .resolved, startsAt: t0, endsAt: t0 + 5)], at: t0 + 6)
        let later = t0 + 5000  // past the reopen window: a second incident on the same key
        let second = try #require(try await deliver(db, [alert("b", .firing, startsAt: later)], at: later).changes.first?.incidentID)
        #expect(first != second)

        // Pinned to the second incident by "b"; "a" is the first incident's episode, firing again.
        let again = try await deliver(db, [alert("b", .firing, startsAt: later), alert("a", .firing, startsAt: t0)], at: later + 10)
        var old = try #require(try await db.incident(id: first))
        #expect(old.alerts.map(\.status) == [.firing])
        #expect(old.incident.status == .triggered, "its only alert fires again")
        #expect(old.incident.resolvedAt == nil)
        #expect(old.timeline.contains { $0.kind == .alertFiring && $0.text.hasPrefix("Alert firing again: A") })
        #expect(again.changes.first { $0.incidentID == first }?.reopened == true, "hooks hear of the reopening: \(again.changes)")
        #expect(old.deliveryIDs.contains(again.deliveryID), "the delivery that moved it is among its deliveries")
        var new = try #require(try await db.incident(id: second))
        #expect(!new.timeline.contains { $0.text.contains(": A") }, "\(new.timeline.map(\.text))")

        // Both resolve in one group: each incident resolves.
        let resolved = try await deliver(
            db, [alert("b", .resolved, startsAt: later, endsAt: later + 20), alert("a", .resolved, startsAt: t0, endsAt: later + 21)], at: later + 22)
        old = try #require(try await db.incident(id: first))
        new = try #require(try await db.incident(id: second))
        #expect(old.incident.status == .resolved, "its only alert resolved")
        #expect(old.incident.resolvedAt == later + 21)
        #expect(new.incident.status == .resolved)
        #expect(resolved.changes.first { $0.incidentID == first }?.resolved == true, "\(resolved.changes)")
    }
}
