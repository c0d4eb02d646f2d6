import AftermathCore
import Foundation

/// How signals join incidents.
public struct IntakeRules: Sendable {
    /// A recurring source that fires again within this long of its incident resolving reopens it.
    public var reopenWindow: TimeInterval
    /// Which sender times are believed; the others are kept as sent but not used.
    public var senderTimes: SenderTimePolicy

    public init(reopenWindow: TimeInterval = 600, senderTimes: SenderTimePolicy = SenderTimePolicy()) {
        self.reopenWindow = reopenWindow
        self.senderTimes = senderTimes
    }
}

/// Times in payloads are data, not trust: a sender's clock (or a hostile payload) can say year 2300
/// or year 1. Such a time is stored as sent, but the incident uses the receipt time instead.
public struct SenderTimePolicy: Sendable, Equatable {
    /// A time later than receipt + this is implausible (`intake.max_time_ahead`, default 24h).
    public var maxAhead: TimeInterval
    /// A time before this is implausible (`intake.earliest_time`, default 2000-01-01T00:00:00Z).
    public var earliest: Date

    public init(maxAhead: TimeInterval = 86_400, earliest: Date = Date(timeIntervalSince1970: 946_684_800)) {
        self.maxAhead = maxAhead
        self.earliest = earliest
    }

    /// Nil when `sent` is plausible for a delivery received at `receivedAt`; otherwise why not.
    public func problem(with sent: Date, receivedAt: Date) -> String? {
        let t = sent.timeIntervalSince1970
        if t.isNaN { return "not a time" }
        if sent < earliest { return "before \(Timestamp.format(earliest))" }
        if sent.timeIntervalSince(receivedAt) > maxAhead {
            return "more than \(DurationText.format(maxAhead)) after the receipt time \(Timestamp.format(receivedAt))"
        }
        return nil
    }
}
