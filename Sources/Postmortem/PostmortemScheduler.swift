import AftermathCore
import Archive
import Foundation
import ServiceLifecycle

/// The long-running service that writes postmortems when they are due.
///
/// Due times live in SQLite (`postmortem.due_at`), set by the intake hook of
/// `PostmortemSchedule`. At start-up the scheduler gives every unscheduled incident a due time and
/// writes everything already overdue, so a server that was down across a deadline catches up at
/// once; then it sleeps until the next due time (at most `pollInterval`), or until poked.
public struct PostmortemScheduler: Service {
    let generator: PostmortemGenerator
    let schedule: PostmortemSchedule
    let clock: any WallClock
    let pollInterval: TimeInterval
    let retryDelay: TimeInterval
    let report: @Sendable (PostmortemSchedulerEvent) -> Void
    /// Poke it when a due time changes (the intake hook's `onScheduled`).
    public let wakeups: Wakeups
    /// Where the scheduler says whether its rounds work (`postmortem` on `/healthz`).
    public var health: HealthBoard?
    /// The scheduler's name on the health board.
    public static let healthPart = "postmortem"

    /// The author recorded for edits the scheduler notices: it cannot know who made them.
    public static let unknownEditor = "unknown (noticed by the scheduler)"

    /// A scheduler writing with `generator` on `clock`; `pollInterval` bounds each sleep (the
    /// clock is read again after it, so tests can move a manual clock), `retryDelay` spaces
    /// attempts after a failed write.
    public init(
        generator: PostmortemGenerator, schedule: PostmortemSchedule, clock: any WallClock,
        pollInterval: TimeInterval = 5, retryDelay: TimeInterval = 300, wakeups: Wakeups = Wakeups(),
        report: @escaping @Sendable (PostmortemSchedulerEvent) -> Void = { _ in }
    ) {
        self.generator = generator
        self.schedule = schedule
        self.clock = clock
        self.pollInterval = pollInterval
        self.retryDelay = retryDelay
        self.wakeups = wakeups
        self.report = report
    }

    /// Catches up, then writes what falls due until cancelled or shut down gracefully. Failures are
    /// reported and retried, never thrown: a broken file must not stop the server.
    public func run() async throws {
        let loop = RoundLoop(
            part: Self.healthPart, activity: "writing due postmortems", health: health, clock: clock, wakeups: wakeups,
            maximumRetry: pollInterval * 12, onFailure: { [report] error in report(.roundFailed(error: "\(error)")) })
        await cancelWhenGracefulShutdown {
            // After a failed round (a full or locked archive) the next comes after a back-off; a
            // catch-up that failed is tried again, since it may have schedules to fill in.
            await loop.run { recovering in
                if recovering { try await catchUp() } else { try await writeDue() }
                return await sleepTime()
            }
        }
    }

    /// Start-up: schedules unscheduled incidents, then writes everything due.
    public func catchUp() async throws {
        let added = try await schedule.backfill(generator.database, now: clock.now())
        if added > 0 { report(.backfilled(count: added)) }
        _ = try await writeDue()
    }

    /// Writes every postmortem due now; returns what was written.
    @discardableResult
    public func writeDue() async throws -> [PostmortemWriteResult] {
        let now = clock.now()
        var written: [PostmortemWriteResult] = []
        for record in try await generator.database.duePostmortems(now: now) {
            guard let due = record.dueAt else { continue }
            do {
                let result = try await generator.generate(incidentID: record.incidentID, editor: Self.unknownEditor, clearingDue: due)
                written.append(result)
                report(.wrote(result, reason: record.dueReason?.rawValue ?? "due", overdueBy: now.timeIntervalSince(due)))
            } catch {
                let retryAt = now + retryDelay
                var overdue: [OutboxEntry] = []
                if let notifications = generator.notifications, notifications.routing.wants(.postmortemOverdue),
                   let incident = try await generator.database.incident(id: record.incidentID)?.incident {
                    overdue = notifications.overdue(incident, due: due, error: "\(error)", retryAt: retryAt)
                }
                try await generator.database.recordPostmortemFailure(
                    incidentID: record.incidentID, error: "\(error)", retryAt: retryAt, expectedDue: due, now: now,
                    overdueNotifications: overdue)
                report(.failed(incidentID: record.incidentID, error: "\(error)", retryAt: retryAt))
            }
        }
        return written
    }

    /// Until the next due time, at most `pollInterval`.
    private func sleepTime() async -> TimeInterval {
        Wakeups.pause(until: try? await generator.database.nextPostmortemDue(), now: clock.now(), atMost: pollInterval)
    }
}
