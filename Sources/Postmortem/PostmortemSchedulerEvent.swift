import AftermathCore
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

    /// One line for the log: `postmortem m1e33gpq: created ./archive/postmortems/….md (due: deadline, 3h12m late)`.
    public var message: String {
        switch self {
        case .backfilled(let count):
            return "postmortem schedule given to \(count) incident(s) that had none"
        case .wrote(let result, let reason, let overdueBy):
            let late = overdueBy >= 1 ? ", \(DurationText.format(overdueBy)) late" : ""
            return "postmortem \(result.incidentID): \(result.message) (due: \(reason)\(late))"
        case .failed(let incidentID, let error, let retryAt):
            return "postmortem \(incidentID) not written: \(error); retrying at \(Timestamp.format(retryAt))"
        case .roundFailed(let error):
            return "postmortem schedule not read: \(error); retrying next round"
        }
    }
}
