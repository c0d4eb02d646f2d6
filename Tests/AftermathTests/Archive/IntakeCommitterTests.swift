import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Testing

/// Group commit: deliveries queued behind a commit share the next one; each is answered after
/// the commit that holds it; one failing delivery fails alone.
@Suite("Intake group commit")
struct IntakeCommitterTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    func delivery(_ n: Int) -> IncomingDelivery {
        let signal = Signal(
            source: .generic, correlationKey: "generic:check-\(n)", correlation: .recurring, effect: .transition(.triggered),
            occurredAt: t0, title: "check \(n) down", severity: .warning, services: ["api"], summary: "down")
        return IncomingDelivery(
            source: .generic, dedupKey: "d\(n)", receivedAt: t0, headers: [], body: Array("{\"n\":\(n)}".utf8),
            disposition: .applied, signals: [signal])
    }

    /// Occupies the writer for `seconds`, returning once it holds it (so what follows queues behind it).
    /// The wait is long: while the whole suite starts at once, two cores may not schedule the
    /// holding task for many seconds, and how long it takes is not what these tests check.
    func holdWriter(_ database: AppDatabase, seconds: TimeInterval) async throws -> Task<Void, any Error> {
        let holding = Flag()
        let task = Task { try await database.writer.write { _ in holding.set(); Thread.sleep(forTimeInterval: seconds) } }
        _ = try await Wait.until("the writer to be held", timeout: 120, interval: 0.005) { holding.isSet ? true : nil }
        return task
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }

    /// Runs `committer` as the service group would, while `body` runs; then cancels it.
    func running<T: Sendable>(_ committer: IntakeCommitter, _ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await committer.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// Counts the commits of the database it observes.
    final class CommitCounter: TransactionObserver, @unchecked Sendable {
        private let lock = NSLock()
        private var commits = 0
        var count: Int { lock.withLock { commits } }
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { lock.withLock { commits += 1 } }
        func databaseDidRollback(_ db: Database) {}
    }

    @Test("Twenty deliveries queued behind a busy writer commit together; each is stored and answered once")
    func batches() async throws {
        let dir = try TemporaryDirectory()
        let database = try AppDatabase(directory: dir.path)
        let counter = CommitCounter()
        try await database.writer.write { db in db.add(transactionObserver: counter, extent: .databaseLifetime) }
        let before = counter.count
        let committer = IntakeCommitter(database: database)
        try await running(committer) {
            // Hold the writer so the deliveries queue up behind it.
            let busy = try await holdWriter(database, seconds: 0.5)
            let outcomes = try await withThrowingTaskGroup(of: IntakeOutcome.self) { group in
                for n in 0..<20 {
                    group.addTask { try await committer.record(delivery(n), rules: IntakeRules(), ids: RandomIncidentIDs()) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            try await busy.value
            #expect(outcomes.count == 20)
            #expect(Set(outcomes.map(\.deliveryID)).count == 20)
            #expect(outcomes.allSatisfy { !$0.duplicate && $0.changes.count == 1 && $0.changes[0].opened })
            #expect(try await database.incidents().count == 20)
            // The holder's own commit, then the first delivery's batch (taken before the others queued)
            // and one batch for everything that queued behind it.
            #expect(counter.count - before <= 3, "expected the queued deliveries to share commits, got \(counter.count - before)")
        }
    }

    @Test("A delivery whose transaction work fails is rolled back and reported alone; the rest of its batch commits")
    func failureIsolated() async throws {
        struct HookRefused: Error {}
        let dir = try TemporaryDirectory()
        let database = try AppDatabase(directory: dir.path)
        let committer = IntakeCommitter(database: database)
        try await running(committer) {
            let refuse: IntakeHook = { _, _ in throw HookRefused() }
            let busy = try await holdWriter(database, seconds: 0.3)
            let results = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in 0..<6 {
                    group.addTask {
                        do {
                            _ = try await committer.record(delivery(n), rules: IntakeRules(), ids: RandomIncidentIDs(), hooks: n == 3 ? [refuse] : [])
                            return (n, true)
                        } catch {
                            return (n, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            try await busy.value
            #expect(results == [0: true, 1: true, 2: true, 3: false, 4: true, 5: true])
            let titles = Set(try await database.incidents().map(\.title))
            #expect(titles == ["check 0 down", "check 1 down", "check 2 down", "check 4 down", "check 5 down"])
            // Its delivery row went with it: a retry of the same delivery is stored, not a duplicate.
            let retry = try await committer.record(delivery(3), rules: IntakeRules(), ids: RandomIncidentIDs())
            #expect(!retry.duplicate)
        }
    }

    @Test("A redelivery inside the same batch is a duplicate of the first")
    func duplicateInBatch() async throws {
        let dir = try TemporaryDirectory()
        let database = try AppDatabase(directory: dir.path)
        let committer = IntakeCommitter(database: database)
        try await running(committer) {
            let busy = try await holdWriter(database, seconds: 0.3)
            let outcomes = try await withThrowingTaskGroup(of: IntakeOutcome.self) { group in
                for _ in 0..<5 { group.addTask { try await committer.record(delivery(7), rules: IntakeRules(), ids: RandomIncidentIDs()) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            try await busy.value
            #expect(outcomes.filter { !$0.duplicate }.count == 1)
            #expect(Set(outcomes.map(\.deliveryID)).count == 1)
            #expect(try await database.incidents().count == 1)
        }
    }

    @Test("A committer that stopped refuses later deliveries with an error instead of leaving them unanswered")
    func refusesAfterStop() async throws {
        let dir = try TemporaryDirectory()
        let database = try AppDatabase(directory: dir.path)
        let committer = IntakeCommitter(database: database)
        let stored = try await running(committer) {
            try await committer.record(delivery(1), rules: IntakeRules(), ids: RandomIncidentIDs())
        }
        #expect(!stored.duplicate)
        await #expect(throws: IntakeCommitError.self) {
            try await committer.record(delivery(2), rules: IntakeRules(), ids: RandomIncidentIDs())
        }
        #expect(try await database.incidents().map(\.title) == ["check 1 down"])
    }
}
