import Foundation
import GRDB

/// Figures `/metrics` reads at scrape time: work waiting, postmortems falling due, size on disk.
public struct ArchiveMetrics: Sendable, Equatable {
    /// Capture jobs per state (every `JobState`, zero included).
    public var jobs: [JobState: Int]
    /// Postmortems scheduled and not written yet.
    public var postmortemsDue: Int
    /// Of those, the ones whose due time has passed.
    public var postmortemsOverdue: Int
    /// Bytes of `aftermath.sqlite` and its write-ahead log on disk.
    public var bytes: Int64
    /// Resolved incidents whose status page has shown them open for longer than `statuspage.reminder_after`.
    public var statusPageOpenAfterResolve = 0
    /// Outgoing notifications per state (every `NotificationState`, zero included).
    public var notifications: [NotificationState: Int] = [.pending: 0, .sent: 0, .failed: 0]
}

extension AppDatabase {
    /// The figures at `now`, in one read transaction; `statusPage` decides which incidents are flagged.
    public func metrics(now: Date, statusPage: StatusPageTiming = StatusPageTiming(after: 900, every: 3600)) async throws -> ArchiveMetrics {
        let counts = try await writer.read { db -> (jobs: [JobState: Int], due: Int, overdue: Int, flagged: Int, notifications: [NotificationState: Int]) in
            var jobs: [JobState: Int] = [.queued: 0, .running: 0, .done: 0, .failed: 0]
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM capture_job GROUP BY state") {
                if let state = JobState(rawValue: row["state"]) { jobs[state] = row["n"] }
            }
            let due = try Row.fetchOne(db, sql: """
                SELECT count(due_at) AS due, count(CASE WHEN due_at < ? THEN 1 END) AS overdue FROM postmortem
                """, arguments: [now])
            let flagged = try Self.statusPageFollowUps(db, timing: statusPage).filter { $0.isFlagged(at: now) }.count
            var notifications: [NotificationState: Int] = [.pending: 0, .sent: 0, .failed: 0]
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM notification_outbox GROUP BY state") {
                if let state = NotificationState(rawValue: row["state"]) { notifications[state] = row["n"] }
            }
            return (jobs, due?["due"] ?? 0, due?["overdue"] ?? 0, flagged, notifications)
        }
        let path = writer.path
        let bytes = [path, path + "-wal"].reduce(Int64(0)) { sum, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
            return sum + size
        }
        var metrics = ArchiveMetrics(jobs: counts.jobs, postmortemsDue: counts.due, postmortemsOverdue: counts.overdue, bytes: bytes)
        metrics.statusPageOpenAfterResolve = counts.flagged
        metrics.notifications = counts.notifications
        return metrics
    }
}
