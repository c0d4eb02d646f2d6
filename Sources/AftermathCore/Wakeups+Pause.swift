import Foundation

extension Wakeups {
    /// How long a polling loop waits before its next look: until `due` (at least 50 ms, so a time
    /// already past does not spin), at most `poll`; `poll` when nothing is due.
    public static func pause(until due: Date?, now: Date, atMost poll: TimeInterval) -> TimeInterval {
        guard let due else { return poll }
        return min(poll, max(0.05, due.timeIntervalSince(now)))
    }
}
