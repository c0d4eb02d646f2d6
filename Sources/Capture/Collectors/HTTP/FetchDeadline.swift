import AftermathCore
import Foundation

/// When one request must be done by, and how to say why when it is not.
struct FetchDeadline: Sendable {
    var date: Date
    /// Why the request ends at `date`, for the item's error.
    var explanation: String
    /// The clock `date` is read against.
    var clock: any WallClock

    /// The earlier of `timeout` seconds from `now` (configured as `key`) and the end of the
    /// collector run (`runLimit` seconds long, ending at `runEnd`).
    static func earlier(
        timeout: TimeInterval, key: String, runEnd: Date, runLimit: TimeInterval, clock: any WallClock
    ) -> FetchDeadline {
        let own = clock.now().addingTimeInterval(max(timeout, 0))
        if own < runEnd {
            return FetchDeadline(date: own, explanation: "no complete answer within \(seconds(timeout)) (\(key))", clock: clock)
        }
        return FetchDeadline(date: runEnd, explanation: "the collector's time limit of \(seconds(runLimit)) ran out", clock: clock)
    }

    /// Seconds left until the deadline (negative once it passed).
    var remaining: TimeInterval { date.timeIntervalSince(clock.now()) }

    /// Whether the deadline has passed (with a little slack for timer granularity).
    func hasPassed() -> Bool {
        clock.now().addingTimeInterval(0.05) >= date
    }

    /// `15s`, `0.5s`.
    static func seconds(_ value: TimeInterval) -> String {
        RangeStep.format(value) + "s"
    }
}
