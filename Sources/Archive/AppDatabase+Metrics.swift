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
}

extension AppDatabase {
    /// The figures at `now`, in one read transaction.
    public func metrics(now: Date) async throws -> ArchiveMetrics {
        let counts = try await writer.read { db -> (jobs: [JobState: Int], due: Int, overdue: Int) in
            var jobs: [JobState: Int] = [.queued: 0, .running: 0, .done: 0, .failed: 0]
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM capture_job GROUP BY state") {
                if let state = JobState(rawValue: row["state"]) { jobs[state] = row["n"] }
            }
            let due = try Row.fetchOne(db, sql: """
                SELECT count(due_at) AS due, count(CASE WHEN due_at < ? THEN 1 END) AS overdue FROM postmortem
                """, arguments: [now])
            return (jobs, due?["due"] ?? 0, due?["overdue"] ?? 0)
        }
        let path = writer.path
        let bytes = [path, path + "-wal"].reduce(Int64(0)) { sum, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
            return sum + size
        }
        return ArchiveMetrics(jobs: counts.jobs, postmortemsDue: counts.due, postmortemsOverdue: counts.overdue, bytes: bytes)
    }
}
