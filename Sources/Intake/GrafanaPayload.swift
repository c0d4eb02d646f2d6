import AftermathCore
import Settings

/// Grafana unified-alerting webhooks: Alertmanager's group shape with `version: "1"` and an
/// `orgId`, which becomes part of the correlation key (`grafana:org<id>:<receiver>:<groupKey>`).
enum GrafanaPayload {
    /// Parses one Grafana contact-point delivery.
    static func parse(_ request: WebhookRequest, intake: IntakeConfig) throws(PayloadError) -> ParsedDelivery {
        try AlertGroupParser(source: .grafana, expectedVersion: "1", displayName: "Grafana").parse(request, intake: intake)
    }
}
