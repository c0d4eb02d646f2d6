import AftermathCore
import Archive
import Foundation
import Settings
import Testing

/// Sender times are data, not trust: implausible ones are stored as sent, the incident uses the
/// receipt time, and the timeline says which times were not used.
@Suite("Implausible sender times")
struct SenderTimeTests {
    let receivedAt = Date(timeIntervalSince1970: 1_795_000_000)
    let ids = SequentialIncidentIDs()

    func record(_ database: AppDatabase, _ signal: Signal, rules: IntakeRules = IntakeRules()) async throws -> IntakeOutcome {
        try await database.record(
            IncomingDelivery(source: signal.source, dedupKey: UUID().uuidString, receivedAt: receivedAt, headers: [],
                             body: Array("{}".utf8), disposition: .applied, signals: [signal]),
            rules: rules, ids: ids)
    }

    func alertGroup(startsAt: Date, endsAt: Date? = nil, status: AlertStatus = .firing) -> Signal {
        Signal(
            source: .alertmanager, correlationKey: "alertmanager:r:{}", correlation: .recurring, effect: .followAlerts,
            alerts: [AlertObservation(fingerprint: "f1", status: status, startsAt: startsAt, endsAt: endsAt, name: "DiskFull",
                                      labels: ["instance": "db-1"])],
            title: "DiskFull", summary: "group")
    }

    @Test("An alert starting in year 2300 opens an incident at the receipt time; the alert keeps its sent time")
    func farFuture() async throws {
        let dir = try TemporaryDirectory()
        let database = try AppDatabase(directory: dir.path)
        let y2300 = try #require(try Timestamp.parse("2300-01-01T00:00:00Z"))
        let outcome = try await record(database, alertGroup(startsAt: y2300))
        let id = try #require(outcome.changes.first?.incidentID)
        let detail = try #require(try await database.incident(id: id))
        #expect(detail.incident.startedAt == receivedAt)
        #expect(detail.alerts.first?.startsAt == y2300, "the alert episode keeps the time as sent")
        #expect(detail.timeline.allSatisfy { $0.at == receivedAt })
        let note = try #require(detail.timeline.first { $0.kind == .senderTime })
        #expect(note.text.contains("startsAt of DiskFull (instance=db-1) 2300-01-01T00:00:00Z"))
        #expect(note.text.contains("more than 1d after the receipt time"))

        // The resolution names the same episode by its sent startsAt, so it lands on the same alert.
        let resolved = try await record(database, alertGroup(startsAt: y2300, endsAt: y2300 + 60, status: .resolved))
        #expect(resolved.changes.first?.incidentID == id)
        let after = try #require(try await database.incident(id: id))
        #expect(after.incident.status == .resolved)
        #expect(after.incident.resolvedAt == receivedAt)
        #expect(after.alerts.count == 1)
    }

    @Test("A time SQLite cannot store back (…9999-12-31T23:59:59.9999999Z, Int64.max ms) does not poison its incident", arguments: [
        253_402_300_799.9999999, 9.223372036854775807e15, -9.223372036854775808e15,
    ])
    func unstorableTimes(seconds: Double) async throws {
        let dir = try TemporaryDirectory()
        let database = try AppDatabase(directory: dir.path)
        let sent = Date(timeIntervalSince1970: seconds)
        let first = try await record(database, alertGroup(startsAt: sent))
        let id = try #require(first.changes.first?.incidentID)
        // The same episode again, then resolved: every read of the incident still works.
        _ = try await record(database, alertGroup(startsAt: sent))
        let resolved = try await record(database, alertGroup(startsAt: sent, endsAt: sent, status: .resolved))
        #expect(resolved.changes.first?.incidentID == id)
        let detail = try #require(try await database.incident(id: id))
        #expect(detail.alerts.count == 1)
        #expect(detail.incident.status == .resolved)
        #expect(try await database.incidents().count == 1)
    }

    @Test("Times before 2000, from a transition sender, use the receipt time; a plausible time is kept")
    func farPast() async throws {
        let dir = try TemporaryDirectory()
        let database = try AppDatabase(directory: dir.path)
        func generic(_ key: String, at: Date) -> Signal {
            Signal(source: .generic, correlationKey: "generic:\(key)", correlation: .exact, effect: .transition(.triggered),
                   occurredAt: at, title: key, summary: key)
        }
        let old = Date(timeIntervalSince1970: -1e12)
        let stale = try await record(database, generic("old", at: old))
        let oldID = try #require(stale.changes.first?.incidentID)
        let oldIncident = try #require(try await database.incident(id: oldID))
        #expect(oldIncident.incident.startedAt == receivedAt)
        #expect(oldIncident.timeline.contains { $0.kind == .senderTime && $0.text.contains("before 2000-01-01T00:00:00Z") })

        let plausible = receivedAt - 3600
        let fine = try await record(database, generic("fine", at: plausible))
        let fineID = try #require(fine.changes.first?.incidentID)
        let fineIncident = try #require(try await database.incident(id: fineID))
        #expect(fineIncident.incident.startedAt == plausible)
        #expect(!fineIncident.timeline.contains { $0.kind == .senderTime })
    }

    @Test("The limits are configuration: intake.max_time_ahead and intake.earliest_time")
    func configured() async throws {
        let config = try AftermathConfig.parse(yaml: """
            intake:
              max_time_ahead: 10m
              earliest_time: 2020-01-01T00:00:00Z
            """)
        #expect(config.intake.maxTimeAhead == 600)
        #expect(config.intake.earliestTime == (try Timestamp.parse("2020-01-01T00:00:00Z")))
        #expect(throws: ConfigError.self) { try AftermathConfig.parse(yaml: "intake:\n  earliest_time: yesterday\n") }
        let rules = IntakeRules(senderTimes: SenderTimePolicy(maxAhead: config.intake.maxTimeAhead, earliest: config.intake.earliestTime))
        let dir = try TemporaryDirectory()
        let database = try AppDatabase(directory: dir.path)
        let outcome = try await record(database, alertGroup(startsAt: receivedAt + 3600), rules: rules)
        let configuredID = try #require(outcome.changes.first?.incidentID)
        let detail = try #require(try await database.incident(id: configuredID))
        #expect(detail.incident.startedAt == receivedAt, "an hour ahead is more than the configured 10m")
    }
}
