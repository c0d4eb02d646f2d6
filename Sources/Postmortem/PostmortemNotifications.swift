import AftermathCore
import Archive
import Foundation

/// The outgoing notifications postmortems cause (`notify:` targets taking `postmortem_ready` or
/// `postmortem_overdue`), queued in the same transaction that records the write or the failure.
public struct PostmortemNotifications: Sendable {
    /// Which targets take which events.
    public var routing: NotificationRouting
    /// The incident's page on the published site (`site_options.base_url`), nil without one.
    public var incidentLink: @Sendable (String) -> String?

    public init(routing: NotificationRouting, incidentLink: @escaping @Sendable (String) -> String? = { _ in nil }) {
        self.routing = routing
        self.incidentLink = incidentLink
    }

    /// The first provisional postmortem of `incident` was written to `file`.
    func ready(_ incident: IncidentRecord, file: String) -> [OutboxEntry] {
        routing.entries(
            .postmortemReady, key: "postmortem_ready:\(incident.id)", incidentID: incident.id,
            text: "Provisional postmortem ready for \(incident.title) (\(incident.id)): \(file)", link: incidentLink(incident.id))
    }

    /// Writing the postmortem of `incident`, due at `due`, failed with `error`; it is retried at `retryAt`.
    func overdue(_ incident: IncidentRecord, due: Date, error: String, retryAt: Date) -> [OutboxEntry] {
        routing.entries(
            .postmortemOverdue, key: "postmortem_overdue:\(incident.id):\(Timestamp.format(due))", incidentID: incident.id,
            text: "Postmortem for \(incident.title) (\(incident.id)) is overdue (due \(Timestamp.format(due))): writing it failed: "
                + "\(error); retrying at \(Timestamp.format(retryAt))",
            link: incidentLink(incident.id))
    }
}
