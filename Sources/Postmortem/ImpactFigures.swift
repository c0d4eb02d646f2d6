import AftermathCore
import Archive
import Foundation

/// The impact numbers of an incident, from its recorded times and the moments in its evidence.
///
/// First symptom: the earliest of the incident's start and every moment read from the evidence
/// (first error line, error burst, threshold crossing). Detected: the incident's start (the
/// alert). Time to detect = first symptom → detected; to acknowledge and to resolve are measured
/// from detection; the duration runs from the first symptom to resolution.
public struct ImpactFigures: Sendable, Equatable {
    /// The earliest sign of trouble: a moment from the evidence, or the alert.
    public var firstSymptom: Date
    /// The moment that was the first symptom, or nil when it is the alert itself.
    public var firstSymptomMoment: DerivedMoment?
    /// When the alert fired (the incident started).
    public var detected: Date
    /// When someone acknowledged it.
    public var acknowledged: Date?
    /// When it resolved; nil while open.
    public var resolved: Date?
    /// The services involved.
    public var services: [String]
    /// How many alerts the incident had.
    public var alertCount: Int
    /// How many of them resolved.
    public var alertsResolved: Int

    /// The figures of `facts`.
    public init(_ facts: PostmortemFacts) {
        let incident = facts.incident
        let earliest = facts.moments.min { $0.at < $1.at }
        if let earliest, earliest.at < incident.startedAt {
            firstSymptom = earliest.at
            firstSymptomMoment = earliest
        } else {
            firstSymptom = incident.startedAt
            firstSymptomMoment = nil
        }
        detected = incident.startedAt
        acknowledged = incident.acknowledgedAt
        resolved = incident.status == .resolved ? incident.resolvedAt : nil
        services = incident.services
        alertCount = facts.alerts.count
        alertsResolved = facts.alerts.filter { $0.status == .resolved }.count
    }

    /// First symptom → detected.
    public var timeToDetect: TimeInterval { max(0, detected.timeIntervalSince(firstSymptom)) }
    /// Detected → acknowledged.
    public var timeToAcknowledge: TimeInterval? { acknowledged.map { max(0, $0.timeIntervalSince(detected)) } }
    /// Detected → resolved.
    public var timeToResolve: TimeInterval? { resolved.map { max(0, $0.timeIntervalSince(detected)) } }
    /// First symptom → resolved; nil while open.
    public var duration: TimeInterval? { resolved.map { max(0, $0.timeIntervalSince(firstSymptom)) } }
}
