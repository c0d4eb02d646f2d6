import AftermathCore
import Foundation

/// When an incident's changes happened: from `lookback` (`capture.lookback`) before its first
/// symptom until it resolved (open-ended while it is not). The first symptom is the postmortem's
/// `started` when that is earlier than the incident's start (the evidence can show trouble before
/// the alert). The incident page lists the changes to its services in this window; an incident
/// bundle carries the same changes.
public struct ChangeWindow: Sendable, Equatable {
    public let firstSymptom: Date
    public let from: Date
    /// Nil while the incident is not resolved.
    public let to: Date?

    /// `postmortemStarted` is the front matter's `started` as written (ignored unless it parses).
    public init(startedAt: Date, resolvedAt: Date?, postmortemStarted: String?, lookback: TimeInterval) {
        let started = postmortemStarted.flatMap { (try? Timestamp.parse($0)) ?? nil }
        firstSymptom = started.map { min($0, startedAt) } ?? startedAt
        from = firstSymptom - lookback
        to = resolvedAt
    }

    public func contains(_ date: Date) -> Bool {
        date >= from && (to.map { date <= $0 } ?? true)
    }
}
