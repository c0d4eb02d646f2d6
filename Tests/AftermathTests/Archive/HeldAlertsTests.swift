import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Synchronization
import Testing

/// Intake hands hooks each changed incident's alerts as the ledger kept them while writing them,
/// without reading them back: they must be exactly the rows a read gives.
@Suite("Held alerts")
struct HeldAlertsTests {
    /// Sub-millisecond times: the rows hold them rounded to the millisecond.
    let t0 = Date(timeIntervalSince1970: 1_795_000_000.123_456)
    let key = "alertmanager:r:{}:{alertname=\"X\"}"
    let ids = SequentialIncidentIDs()

    struct Seen {
        var incidentID: String
        var given: [AlertRecord]
        var read: [AlertRecord]
    }

    /// Records what every hook call was given next to a fresh read in the same transaction, and
    /// counts the ledger's and intake's own reads of an incident's alerts.
    final class Recorder: Sendable {
        let seen = Mutex<[Seen]>([])
        let alertReads = Mutex(0)

        var hook: IntakeHook {
            { transaction, changed in
                let read = try AlertRecord.fetchAll(
                    transaction.db, sql: "SELECT * FROM alert AS fresh WHERE fresh.incident_id = ? ORDER BY id",
                    arguments: [changed.incident.id])
                self.seen.withLock { $0.append(Seen(incidentID: changed.incident.id, given: changed.alerts, read: read)) }
            }
        }

        /// What the hooks saw and how many reads of an incident's alerts there were since the last call.
        func take() -> (seen: [Seen], reads: Int) {
            (seen.withLock { s in defer { s = [] }; return s }, alertReads.withLock { n in defer { n = 0 }; return n })
        }
    }

    func archive(_ dir: TemporaryDirectory, _ recorder: Recorder) async throws -> AppDatabase {
        let database = try AppDatabase(directory: dir.path)
        try await database.writer.write { db in
            db.trace { event in
                if case .statement(let statement) = event, statement.sql.contains("FROM alert WHERE incident_id") {
                    recorder.alertReads.withLock { $0 += 1 }
                }
            }
        }
        return database
    }

    /// Hooks' view of the delivery's changed incidents, and how many reads of alerts it took.
    func deliver(_ database: AppDatabase, _ signals: [Signal], at: Date, _ recorder: Recorder) async throws -> (seen: [Seen], reads: Int) {
        _ = try await database.record(
            IncomingDelivery(source: .alertmanager, dedupKey: UUID().uuidString, receivedAt: at, headers: [],
                             body: Array("{}".utf8), disposition: .applied, signals: signals),
            rules: IntakeRules(reopenWindow: 600), ids: ids, hooks: [recorder.hook])
        let (seen, reads) = recorder.take()
        for s in seen {
            #expect(s.given == s.read, "incident \(s.incidentID): hooks were given \(s.given), a read gives \(s.read)")
        }
        return (seen, reads)
    }

    func alert(_ fingerprint: String, _ status: AlertStatus, startsAt: Date, endsAt: Date? = nil, name: String = "X") -> AlertObservation {
        AlertObservation(
            fingerprint: fingerprint, status: status, startsAt: startsAt, endsAt: endsAt, name: name,
            labels: ["instance": "web-1", "ключ": "é\"/"], annotations: ["summary": "p99 > 1s\n"], generatorURL: "http://p/?g0.expr=up")
    }

    func group(_ alerts: [AlertObservation], key: String? = nil) -> Signal {
        Signal(
            source: .alertmanager, correlationKey: key ?? self.key, correlation: .recurring, effect: .followAlerts,
            alerts: alerts, title: "X", severity: .warning, services: ["api"], summary: "group")
    }

    @Test("New, joined with a new alert, one resolved, all resolved, reopened: hooks get the alerts a read gives")
    func alertSequence() async throws {
        let dir = try TemporaryDirectory()
        let recorder = Recorder()
        let db = try await archive(dir, recorder)
        let t1 = t0 + 10.000_4, t2 = t0 + 20.000_6

        var (seen, reads) = try await deliver(
            db, [group([alert("a", .firing, startsAt: t0), alert("b", .firing, startsAt: t0)])], at: t0 + 0.2, recorder)
        #expect(seen.map(\.read.count) == [2])
        #expect(reads == 0, "a new incident's alerts are the ones just inserted")

        let all = [alert("a", .firing, startsAt: t0), alert("b", .firing, startsAt: t0), alert("c", .firing, startsAt: t1)]
        (seen, reads) = try await deliver(db, [group(all)], at: t1 + 0.3, recorder)
        #expect(seen.map(\.read.count) == [3])
        #expect(reads == 1, "a joined incident's alerts are read once, before they change")

        (seen, _) = try await deliver(db, [group([alert("a", .resolved, startsAt: t0, endsAt: t2)] + all.dropFirst())], at: t2 + 0.1, recorder)
        #expect(seen.first?.read.map(\.status) == [.resolved, .firing, .firing])

        // No end time sent for "c": it ends at the (sub-millisecond) receipt.
        let resolved = [alert("a", .resolved, startsAt: t0, endsAt: t2), alert("b", .resolved, startsAt: t0, endsAt: t2 + 1),
                        alert("c", .resolved, startsAt: t1)]
        (seen, _) = try await deliver(db, [group(resolved)], at: t2 + 2.000_7, recorder)
        #expect(seen.first?.read.allSatisfy { $0.status == .resolved } == true)

        (seen, _) = try await deliver(db, [group([alert("b", .firing, startsAt: t0)])], at: t2 + 30.000_9, recorder)
        #expect(seen.first?.read.map(\.status) == [.resolved, .firing, .resolved])
        #expect(try await db.incidents().map(\.status) == [.triggered])

        // Two signals for the incident in one delivery: hooks run once, after both.
        (seen, reads) = try await deliver(
            db, [group([alert("d", .firing, startsAt: t2 + 40)]), group([alert("b", .resolved, startsAt: t0)])], at: t2 + 41.000_1, recorder)
        #expect(seen.map(\.read.count) == [4])
        #expect(reads == 2, "one read for each signal")
    }

    @Test("An alert re-sent with a later group updates its earlier incident: that incident's hooks see it updated")
    func alertOfAnotherIncident() async throws {
        let dir = try TemporaryDirectory()
        let recorder = Recorder()
        let db = try await archive(dir, recorder)
        let old = alert("old", .firing, startsAt: t0)
        _ = try await deliver(db, [group([old])], at: t0, recorder)
        _ = try await deliver(db, [group([alert("old", .resolved, startsAt: t0, endsAt: t0 + 5)])], at: t0 + 6, recorder)
        let later = t0 + 5000  // past the reopen window: a second incident on the same key
        _ = try await deliver(db, [group([alert("new", .firing, startsAt: later)])], at: later, recorder)
        // The first signal lands on the old incident; the second, pinned by "new", fires "old" again.
        let (seen, _) = try await deliver(
            db, [group([alert("old", .resolved, startsAt: t0, endsAt: t0 + 5)]), group([alert("new", .firing, startsAt: later), old])],
            at: later + 1, recorder)
        #expect(seen.count == 2)
        #expect(seen.first?.read.map(\.status) == [.firing])
    }

    @Test("Senders that state the status, and text a read stops at a NUL in: hooks still get what a read gives")
    func transitionAndNUL() async throws {
        let dir = try TemporaryDirectory()
        let recorder = Recorder()
        let db = try await archive(dir, recorder)
        let opened = Signal(
            source: .generic, correlationKey: "generic:x", correlation: .exact, effect: .transition(.triggered),
            alerts: [alert("g", .firing, startsAt: t0, name: "disk full")], title: "Disk", summary: "opened")
        var (seen, reads) = try await deliver(db, [opened], at: t0 + 0.000_3, recorder)
        #expect(seen.map(\.read.count) == [1])
        #expect(reads == 0)
        var resolved = opened
        resolved.effect = .transition(.resolved)
        resolved.alerts = [alert("g", .resolved, startsAt: t0, name: "disk full")]
        (seen, reads) = try await deliver(db, [resolved], at: t0 + 60.000_3, recorder)
        #expect(seen.first?.read.map(\.status) == [.resolved])
        #expect(reads == 1)

        var nul = opened
        nul.correlationKey = "generic:nul"
        nul.alerts = [alert("n\u{0}ul", .firing, startsAt: t0, name: "disk\u{0}full")]
        (seen, _) = try await deliver(db, [nul], at: t0 + 70, recorder)
        #expect(seen.first?.read.first?.name == "disk", "a read stops at the NUL")
    }
}
