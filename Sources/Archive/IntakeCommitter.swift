import AftermathCore
import Foundation
import GRDB
import ServiceLifecycle

/// Group commit for webhook intake. A delivery that arrives while a commit is being synced waits
/// for the next transaction, which then holds every delivery that queued meanwhile: one synced
/// commit for many webhooks during an alert storm, one for one when traffic is light (no delay
/// is added to wait for company).
///
/// Each delivery runs in its own savepoint, so one that fails is rolled back and reported alone.
/// Every caller is answered only after the commit that holds its delivery has returned; when the
/// commit itself fails, every delivery of that transaction fails.
///
/// Commits run in `run()`, a service in the server's service group (no task of its own): a
/// graceful shutdown commits what is queued, then answers later deliveries "shutting down".
public actor IntakeCommitter: Service {
    /// One delivery and what it needs, as handed to `record`.
    private struct Submission: Sendable {
        var delivery: IncomingDelivery
        var rules: IntakeRules
        var ids: any IncidentIDGenerator
        var hooks: [IntakeHook]
    }

    private let database: AppDatabase
    /// The most deliveries written in one transaction.
    private let maxBatch: Int
    private var queue: [(submission: Submission, answer: CheckedContinuation<IntakeOutcome, any Error>)] = []
    /// Wakes `run()` when a delivery is queued.
    private let queued = Wakeups()
    /// Set once `run()` ended: later deliveries are refused instead of waiting forever.
    private var closed = false
    /// Where the committer says whether its commits go through (`intake` on `/healthz`).
    private let health: HealthBoard?

    /// The committer's name on the health board.
    public static let healthPart = "intake"

    /// A committer writing to `database`, at most `maxBatch` deliveries per transaction.
    public init(database: AppDatabase, maxBatch: Int = 64, health: HealthBoard? = nil) {
        self.database = database
        self.maxBatch = max(1, maxBatch)
        self.health = health
    }

    /// Stores `delivery` and applies its signals; returns once the transaction holding it has
    /// committed (see `AppDatabase.record`, whose outcome this is).
    public func record(
        _ delivery: IncomingDelivery, rules: IntakeRules, ids: any IncidentIDGenerator, hooks: [IntakeHook] = []
    ) async throws -> IntakeOutcome {
        guard !closed else { throw IntakeCommitError.shuttingDown }
        return try await withCheckedThrowingContinuation { answer in
            queue.append((Submission(delivery: delivery, rules: rules, ids: ids, hooks: hooks), answer))
            queued.poke()
        }
    }

    /// Commits what is queued whenever something is; on a graceful shutdown commits the rest and
    /// returns, on cancellation answers what is left with an error (its senders retry).
    public func run() async throws {
        let queued = self.queued
        await withGracefulShutdownHandler {
            while true {
                let outcome = await queued.wait(timeout: .seconds(3600))
                await commitQueued()
                if outcome == .stopped || outcome == .cancelled { break }
            }
        } onGracefulShutdown: {
            queued.stop()
        }
        closed = true
        let left = queue
        queue = []
        for entry in left { entry.answer.resume(throwing: IntakeCommitError.shuttingDown) }
    }

    /// Commits batches until nothing is queued.
    private func commitQueued() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            let submissions = batch.map(\.submission)
            let results: [Result<IntakeOutcome, any Error>]
            do {
                results = try await database.writer.write { db in
                    try submissions.map { submission in try Self.apply(submission, in: db) }
                }
                health?.recovered(Self.healthPart)
            } catch {
                // A full disk, a lock held elsewhere: these deliveries are answered 503 and retried
                // by their senders; the part stays failing until a commit goes through again.
                health?.failed(Self.healthPart, error: "the archive could not commit deliveries: \(error)")
                results = submissions.map { _ in .failure(error) }
            }
            for (entry, result) in zip(batch, results) { entry.answer.resume(with: result) }
        }
    }

    /// One delivery in its own savepoint: its failure is its own, unless it ends the transaction.
    private static func apply(_ submission: Submission, in db: Database) throws -> Result<IntakeOutcome, any Error> {
        var outcome: IntakeOutcome?
        do {
            try db.inSavepoint {
                outcome = try AppDatabase.apply(
                    submission.delivery, rules: submission.rules, ids: submission.ids, hooks: submission.hooks, in: db)
                return .commit
            }
        } catch let error as DatabaseError where endsTransaction(error) {
            throw error
        } catch {
            return .failure(error)
        }
        guard let outcome else { return .failure(IntakeCommitError.noOutcome) }
        return .success(outcome)
    }

    /// Errors after which SQLite has rolled the whole transaction back (a full disk, I/O errors):
    /// the batch cannot go on, and every delivery in it fails.
    private static func endsTransaction(_ error: DatabaseError) -> Bool {
        switch error.resultCode {
        case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_NOMEM, .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_INTERRUPT: true
        default: false
        }
    }
}

/// Why the committer answered a delivery without storing it.
public enum IntakeCommitError: Error, CustomStringConvertible {
    /// A savepoint that committed without producing an outcome (cannot happen; reported, not trapped).
    case noOutcome
    /// The server is shutting down; the sender should retry.
    case shuttingDown

    public var description: String {
        switch self {
        case .noOutcome: "the intake transaction produced no outcome"
        case .shuttingDown: "the server is shutting down; retry"
        }
    }
}
