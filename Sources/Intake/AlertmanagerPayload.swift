import AftermathCore
import Foundation
import Settings

/// Alertmanager's webhook body (`version: "4"`); Grafana's (`version: "1"`) adds a few fields.
///
/// Every field is optional and unknown keys are ignored, so bodies from newer releases
/// (`notification_reason`, `routeLabels`, Grafana's `values`, `ruleUID`, …) decode too.
struct AlertmanagerPayload: Decodable, Sendable {
    var receiver: String?
    var status: String?
    var alerts: [Alert]?
    var groupLabels: [String: String]?
    var commonLabels: [String: String]?
    var commonAnnotations: [String: String]?
    var externalURL: String?
    var version: String?
    var groupKey: String?
    /// Alerts dropped by `max_alerts`; read leniently, it only feeds the summary.
    var truncatedAlerts: LenientString?
    /// Grafana only: the organisation the rule belongs to.
    var orgId: LenientString?

    /// One alert of the group.
    struct Alert: Decodable, Sendable {
        var status: String?
        var labels: [String: String]?
        var annotations: [String: String]?
        var startsAt: String?
        var endsAt: String?
        var generatorURL: String?
        var fingerprint: String?
    }
}

extension AlertmanagerPayload {
    /// Parses one Alertmanager webhook delivery (`version: "4"`).
    static func parse(_ request: WebhookRequest, intake: IntakeConfig) throws(PayloadError) -> ParsedDelivery {
        try AlertGroupParser(source: .alertmanager, expectedVersion: "4", displayName: "Alertmanager").parse(request, intake: intake)
    }
}
