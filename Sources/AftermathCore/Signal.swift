// AftermathCore owns the domain types every stage shares (signals, statuses, severities, time,
// ids, the clock, wake-ups, the health board) and the text forms they all write: ISO 8601
// timestamps (`Timestamp`), single-line text (`SingleLine`) and JSON output (`JSONText`).
// It depends on nothing and must not grow I/O.

import Foundation

/// What one webhook delivery says happened, in the sender-neutral terms the archive understands.
///
/// Intake turns each delivery into signals; the archive applies them to incidents in the
/// same transaction that stores the delivery.
public struct Signal: Sendable, Equatable, Codable {
    /// How the signal changes the incident it lands on.
    public enum Effect: Sendable, Equatable, Codable {
        /// The incident's status follows its alerts: resolved once every alert has resolved
        /// (Alertmanager and Grafana groups).
        case followAlerts
        /// The sender states the incident's status (PagerDuty, Opsgenie, Splunk On-Call, …).
        case transition(IncidentStatus)
        /// A timeline entry only (a note, a priority change, a status-page update).
        case annotate
    }

    /// How the correlation key relates to incidents.
    public enum Correlation: String, Sendable, Equatable, Codable {
        /// The key names one incident for good (a PagerDuty incident id): later signals always
        /// land on it and may reopen it.
        case exact
        /// The key names a recurring source (an alert group, a health check): it joins the open
        /// incident, reopens one resolved within the reopen window, or opens a new one.
        case recurring
    }

    public var source: WebhookSource
    /// Sender-scoped key, e.g. `alertmanager:<receiver>:<groupKey>` or `pagerduty:incident:PGR0VU2`.
    public var correlationKey: String
    public var correlation: Correlation
    public var effect: Effect
    /// Alerts this signal reports on (per fingerprint + startsAt).
    public var alerts: [AlertObservation]
    /// When the sender says this happened; the receive time is used when absent.
    public var occurredAt: Date?
    public var title: String?
    public var severity: Severity?
    public var services: [String]
    public var labels: [String: String]
    /// Who did it, where the sender says (a PagerDuty user, an Opsgenie username).
    public var actor: String?
    /// One line for the timeline.
    public var summary: String
    /// A link back to the sender's own page for this incident.
    public var link: String?
    /// Statuspage: land on the open incident of one of `services` if there is one.
    public var joinsServiceIncident: Bool
    /// Statuspage: the state of the status page's incident or component this update reports.
    public var statusPage: StatusPageReport?

    public init(
        source: WebhookSource,
        correlationKey: String,
        correlation: Correlation,
        effect: Effect,
        alerts: [AlertObservation] = [],
        occurredAt: Date? = nil,
        title: String? = nil,
        severity: Severity? = nil,
        services: [String] = [],
        labels: [String: String] = [:],
        actor: String? = nil,
        summary: String,
        link: String? = nil,
        joinsServiceIncident: Bool = false,
        statusPage: StatusPageReport? = nil
    ) {
        self.source = source
        self.correlationKey = correlationKey
        self.correlation = correlation
        self.effect = effect
        self.alerts = alerts
        self.occurredAt = occurredAt
        self.title = title
        self.severity = severity
        self.services = services
        self.labels = labels
        self.actor = actor
        self.summary = summary
        self.link = link
        self.joinsServiceIncident = joinsServiceIncident
        self.statusPage = statusPage
    }
}

/// One alert as a delivery reports it. An episode is identified by fingerprint + startsAt.
public struct AlertObservation: Sendable, Equatable, Codable {
    public var fingerprint: String
    public var status: AlertStatus
    public var startsAt: Date
    /// Set once resolved (a Go zero time or a future valid-until is not an end).
    public var endsAt: Date?
    /// `alertname` or the sender's own title.
    public var name: String
    public var labels: [String: String]
    public var annotations: [String: String]
    /// For Prometheus alerts, the graph link holding the rule's expression (`g0.expr`).
    public var generatorURL: String?

    public init(
        fingerprint: String, status: AlertStatus, startsAt: Date, endsAt: Date? = nil, name: String,
        labels: [String: String] = [:], annotations: [String: String] = [:], generatorURL: String? = nil
    ) {
        self.fingerprint = fingerprint
        self.status = status
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.name = name
        self.labels = labels
        self.annotations = annotations
        self.generatorURL = generatorURL
    }
}
