import AftermathCore
import Foundation

/// The public JSON shape of an incident (`incident list --json`, `incident show --json`).
/// Times are RFC 3339 UTC strings; absent values are null, so every record has every key.
public struct IncidentReport: Encodable, Sendable {
    public struct Alert: Encodable, Sendable {
        let fingerprint: String
        let name: String
        let status: String
        let starts_at: String
        let ends_at: String?
        let labels: [String: String]
        let annotations: [String: String]
        let generator_url: String?
    }

    public struct Event: Encodable, Sendable {
        let id: Int64
        let at: String
        let kind: String
        let source: String
        let actor: String?
        let text: String
        let delivery_id: Int64?
    }

    /// Set while the incident is flagged for a status page still open after it resolved.
    public struct StatusPage: Encodable, Sendable {
        public struct Link: Encodable, Sendable {
            let kind: String
            let id: String
            let name: String
            let status: String
        }

        let flagged_since: String
        let reminders: Int
        @NullWhenAbsent var last_reminder_at: String?
        let open: [Link]
    }

    let id: String
    let title: String
    let status: String
    let severity: String
    let services: [String]
    let labels: [String: String]
    let source: String
    @NullWhenAbsent var link: String?
    let started_at: String
    @NullWhenAbsent var acknowledged_at: String?
    @NullWhenAbsent var resolved_at: String?
    @NullWhenAbsent var duration_seconds: Int?
    let alerts: [Alert]
    let timeline: [Event]
    let deliveries: [Int64]
    @NullWhenAbsent var statuspage_open_after_resolve: StatusPage?

    /// The record of `detail`; `statusPage` when the incident is flagged for its status page.
    public init(_ detail: IncidentDetail, statusPage: StatusPageFollowUp? = nil) {
        let i = detail.incident
        id = i.id
        title = i.title
        status = i.status.rawValue
        severity = i.severity.rawValue
        services = i.services
        labels = i.labels
        source = i.source.rawValue
        link = i.link
        started_at = Timestamp.format(i.startedAt)
        acknowledged_at = i.acknowledgedAt.map(Timestamp.format)
        resolved_at = i.resolvedAt.map(Timestamp.format)
        duration_seconds = i.resolvedAt.map { Int(saturating: $0.timeIntervalSince(i.startedAt).rounded()) }
        alerts = detail.alerts.map {
            Alert(fingerprint: $0.fingerprint, name: $0.name, status: $0.status.rawValue,
                  starts_at: Timestamp.format($0.startsAt), ends_at: $0.endsAt.map(Timestamp.format),
                  labels: $0.labels, annotations: $0.annotations, generator_url: $0.generatorURL)
        }
        timeline = detail.timeline.map {
            Event(id: $0.id ?? 0, at: Timestamp.format($0.at), kind: $0.kind.rawValue, source: $0.source,
                  actor: $0.actor, text: $0.text, delivery_id: $0.deliveryID)
        }
        deliveries = detail.deliveryIDs
        statuspage_open_after_resolve = statusPage.map { followUp in
            StatusPage(
                flagged_since: Timestamp.format(followUp.flaggedAt), reminders: followUp.reminders,
                last_reminder_at: followUp.lastReminderAt.map(Timestamp.format),
                open: followUp.openLinks.map { StatusPage.Link(kind: $0.kind.rawValue, id: $0.pageID, name: $0.name, status: $0.status) })
        }
    }
}
