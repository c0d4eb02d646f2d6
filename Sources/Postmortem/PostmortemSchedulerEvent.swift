import Foundation

/// What the scheduler did, for the server's log (the Postmortem module does not log by itself).
public enum PostmortemSchedulerEvent: Sendable, Equatable {
    /// Incidents without a schedule were given one at start-up.
    case backfilled(count: Int)
    /// A due postmortem was written, refreshed, or found final or up to date.
    case wrote(PostmortemWriteResult, reason: String, overdueBy: TimeInterval)
    /// A due postmortem could not be written; it is retried at `retryAt`.
    case failed(incidentID: String, error: String, retryAt: Date)
    /// Reading the schedule failed; the scheduler tries again on its next round.
    case roundFailed(error: String)
}
