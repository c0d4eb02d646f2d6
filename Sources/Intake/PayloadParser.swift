// Intake owns webhook payloads → signals and sender authentication (credentials, signatures in
// constant time). It is pure: it must not touch the archive, the network or the clock.

import AftermathCore
import Settings

/// Turns a webhook's raw bytes into sender-neutral signals and a dedup key.
///
/// Dedup keys are scoped to the source by the archive: the sender's event id where one exists
/// inside the (signed) body (PagerDuty `event.id`, generic `event_id`), otherwise lowercase-hex SHA-256 of
/// the body or of the fields that identify the notification (Alertmanager and Grafana,
/// whose HA peers send the same group with different `externalURL`s).
public enum PayloadParser {
    /// Parses `request` according to `request.source`; never crashes on hostile input.
    public static func parse(_ request: WebhookRequest, source config: SourceConfig, intake: IntakeConfig) throws(PayloadError) -> ParsedDelivery {
        switch request.source {
        case .alertmanager: return try AlertmanagerPayload.parse(request, intake: intake)
        case .grafana: return try GrafanaPayload.parse(request, intake: intake)
        case .pagerduty: return try PagerDutyPayload.parse(request)
        case .opsgenie: return try OpsgeniePayload.parse(request)
        case .victorops: return try VictorOpsPayload.parse(request)
        case .statuspage: return try StatuspagePayload.parse(request, config: config)
        case .healthchecks: return try HealthchecksPayload.parse(request)
        case .generic: return try GenericPayload.parse(request)
        case .github: return try GitHubPayload.parse(request)
        case .argocd: return try ArgoCDPayload.parse(request)
        }
    }
}
