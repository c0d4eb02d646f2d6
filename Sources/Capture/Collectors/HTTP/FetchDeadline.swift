import Foundation

/// When one request must be done by, and how to say why when it is not.
struct FetchDeadline: Sendable, Equatable {
    var date: Date
    /// Why the request ends at `date`, for the item's error.
    var explanation: String

    /// The earlier of `timeout` seconds from `now` (configured as `key`) and the end of the
    /// collector run (`runLimit` seconds long, ending at `runEnd`).
    static func earlier(
        timeout: TimeInterval, key: String, runEnd: Date, runLimit: TimeInterval, now: Date = Date()
    ) -> FetchDeadline {
        let own = now.addingTimeInterval(max(timeout, 0))
        if own < runEnd {
            return FetchDeadline(date: own, explanation: "no complete answer within \(seconds(timeout)) (\(key))")
        }
        return FetchDeadline(date: runEnd, explanation: "the collector's time limit of \(seconds(runLimit)) ran out")
    }

    /// Whether the deadline has passed (with a little slack for timer granularity).
    func hasPassed(now: Date = Date()) -> Bool {
        now.addingTimeInterval(0.05) >= date
    }

    /// `15s`, `0.5s`.
    static func seconds(_ value: TimeInterval) -> String {
        RangeStep.format(value) + "s"
    }
}
