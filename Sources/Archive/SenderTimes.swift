import AftermathCore
import Foundation

/// The times one signal's ledger entries use: the sender's own where `SenderTimePolicy` finds them
/// plausible, the receipt time otherwise. Alert episodes keep their sent `startsAt` as identity.
struct SenderTimes {
    let policy: SenderTimePolicy
    let receivedAt: Date
    /// When the signal happened, as used for the timeline.
    let occurredAt: Date
    /// One line naming every sender time that was not used (nil when all were plausible).
    let discrepancy: String?

    /// The most implausible times one timeline line lists; the rest are counted.
    static let listed = 5

    init(_ signal: Signal, policy: SenderTimePolicy, receivedAt: Date) {
        self.policy = policy
        self.receivedAt = receivedAt
        var refused: [String] = []
        func check(_ what: String, _ date: Date) -> Bool {
            guard let problem = policy.problem(with: date, receivedAt: receivedAt) else { return true }
            refused.append("\(what) \(Timestamp.format(date)) (\(problem))")
            return false
        }
        if let sent = signal.occurredAt, check("time", sent) {
            occurredAt = sent
        } else {
            occurredAt = receivedAt
        }
        for alert in signal.alerts {
            let name = IncidentLedger.describe(alert)
            _ = check("startsAt of \(name)", alert.startsAt)
            if let end = alert.endsAt { _ = check("endsAt of \(name)", end) }
        }
        if refused.isEmpty {
            discrepancy = nil
        } else {
            let more = refused.count > Self.listed ? "; and \(refused.count - Self.listed) more" : ""
            discrepancy = "Sender time not used, receipt time \(Timestamp.format(receivedAt)) used instead: "
                + refused.prefix(Self.listed).joined(separator: "; ") + more
        }
    }

    /// When the alert episode started, for the incident and its timeline.
    func startsAt(_ alert: AlertObservation) -> Date {
        plausible(alert.startsAt) ? alert.startsAt : receivedAt
    }

    /// When the alert episode ended, if the sender says it did.
    func endsAt(_ alert: AlertObservation) -> Date? {
        alert.endsAt.map { plausible($0) ? $0 : receivedAt }
    }

    /// A sent time as the archive can store it: SQLite dates are `YYYY-MM-DD HH:MM:SS.SSS` text,
    /// so anything outside years 1–9999 (or rounding past 9999-12-31T23:59:59.999, as
    /// `…59.9999999Z` does) would be written but never read back, poisoning every later read of
    /// its incident. Such a time is kept at the nearest storable one.
    static func storable(_ date: Date) -> Date {
        let t = date.timeIntervalSince1970
        if t.isNaN { return Date(timeIntervalSince1970: 0) }
        return Date(timeIntervalSince1970: min(max(t, earliestStorable), latestStorable))
    }

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z.
    static let earliestStorable: TimeInterval = -62_135_596_800
    static let latestStorable: TimeInterval = 253_402_300_799.999

    private func plausible(_ date: Date) -> Bool {
        policy.problem(with: date, receivedAt: receivedAt) == nil
    }
}
