import AftermathCore
import Archive
import Foundation

/// How early the evidence showed trouble compared with the alert: the earliest signal (a log
/// source's first in-window error line, an error burst, an alert expression crossing its
/// threshold) against the time the first alert fired. Positive seconds: the evidence was earlier.
public struct DetectionLead: Sendable, Equatable {
    /// The alert whose firing is the detection, and when it fired.
    public var alertName: String
    public var alertFiredAt: Date
    /// The earliest signal; nil when the evidence held none.
    public var signal: DerivedMoment?

    /// `alertFiredAt − signal.at`; nil without a signal.
    public var seconds: Double? { signal.map { ((alertFiredAt.timeIntervalSince($0.at)) * 1000).rounded() / 1000 } }

    /// The lead of an incident: the first alert to fire (the incident's start when it has none)
    /// against the earliest of `moments`.
    public init(incident: IncidentRecord, alerts: [AlertRecord], moments: [DerivedMoment]) {
        let first = alerts.min { $0.startsAt == $1.startsAt ? ($0.id ?? 0) < ($1.id ?? 0) : $0.startsAt < $1.startsAt }
        alertName = first?.name ?? incident.title
        alertFiredAt = first?.startsAt ?? incident.startedAt
        signal = moments.enumerated().min { a, b in
            a.element.at == b.element.at ? a.offset < b.offset : a.element.at < b.element.at
        }?.element
    }

    /// The archive row (for insights).
    public func record(incidentID: String, at now: Date) -> IncidentDetectionRecord {
        var kind: String?, source: String?
        switch signal?.kind {
        case .firstError(let s, _): (kind, source) = ("first_error", s)
        case .errorBurst(let s, _, _): (kind, source) = ("error_burst", s)
        case .thresholdCrossed(let alert, _, _): (kind, source) = ("threshold_crossed", alert)
        case nil: break
        }
        return IncidentDetectionRecord(
            incidentID: incidentID, alertName: alertName, alertFiredAt: alertFiredAt, signalAt: signal?.at, leadSeconds: seconds,
            signalKind: kind, signalSource: source, evidenceID: signal?.evidenceID, computedAt: now)
    }

    /// The sentence the Detection section opens with (plain text, no final period: the caller
    /// escapes it and appends the citation). `sourceName` names a log source (its collector, e.g. `api-log`).
    public func sentence(hasEvidence: Bool, sourceName: (String, String) -> String) -> String {
        guard let signal, let seconds else {
            return hasEvidence
                ? "No error line, error burst or threshold crossing was found in the captured evidence: \(alertName) firing at \(PostmortemContext.time(alertFiredAt)) UTC was the first sign"
                : "No evidence was captured, so \(alertName) firing at \(PostmortemContext.time(alertFiredAt)) UTC is the only signal"
        }
        let subject: String
        var verb = "began", own = false
        switch signal.kind {
        case .firstError(let source, _):
            subject = "errors in \(sourceName(source, signal.evidenceID))"
        case .errorBurst(let source, let count, _):
            subject = "a burst of \(count) error lines in \(sourceName(source, signal.evidenceID))"
        case .thresholdCrossed(let alert, let condition, _):
            own = alert == alertName
            subject = own ? "\(alert)'s own expression" : "\(alert)'s expression"
            verb = "crossed its threshold" + (condition.map { " (\($0))" } ?? "")
        }
        let capitalised = subject.prefix(1).uppercased() + subject.dropFirst()
        if seconds > 0 { return "\(capitalised) \(verb) \(DurationText.format(seconds)) before \(own ? "it" : alertName) fired" }
        if seconds == 0 { return "\(capitalised) \(verb) as \(own ? "it" : alertName) fired" }
        return "\(alertName) fired first; \(subject) \(verb) \(DurationText.format(-seconds)) later"
    }
}
