import AftermathCore
import Foundation

/// Splunk On-Call (VictorOps) custom outgoing webhooks.
///
/// The body is whatever the operator templates. Two flat shapes are understood: our
/// recommended template (`victorops-template.json`: `incident_number`, `alert_phase`,
/// `incident_phase`, `message_type`, …) and a template that emits every variable under its
/// own name (`STATE.INCIDENT_NAME`, `INCIDENT.CURRENT_PHASE`, `ALERT.message_type`, …).
/// Numbers may arrive quoted or not; unsubstituted `${{…}}` placeholders count as absent.
struct VictorOpsPayload: Sendable {
    let values: [String: LenientString]

    /// The first meaningful value among `names`.
    func value(_ names: String...) -> String? {
        for name in names {
            if let v = values[name]?.meaningful { return v }
        }
        return nil
    }
}

extension VictorOpsPayload {
    /// Parses one Splunk On-Call delivery. Dedup is a hash of the body.
    static func parse(_ request: WebhookRequest) throws(PayloadError) -> ParsedDelivery {
        let values = try JSONInput.decode([String: LenientString].self, from: request.body, source: .victorops)
        let payload = VictorOpsPayload(values: values)
        guard var number = payload.value("incident_number", "STATE.INCIDENT_NAME", "INCIDENT.INCIDENT_ID", "INCIDENT.INCIDENT_NAME") else {
            throw PayloadError(source: .victorops, path: "incident_number",
                               reason: "required field is missing (or still a ${{…}} placeholder)")
        }
        if number.hasPrefix("#") { number.removeFirst() }
        let messageType = payload.value("message_type", "ALERT.message_type")?.uppercased()
        let alertPhase = payload.value("alert_phase", "STATE.CURRENT_ALERT_PHASE")?.uppercased()
        let incidentPhase = payload.value("incident_phase", "INCIDENT.CURRENT_PHASE")?.uppercased()
        guard let effect = effect(alertPhase: alertPhase, incidentPhase: incidentPhase, messageType: messageType) else {
            throw PayloadError(source: .victorops, path: "alert_phase",
                               reason: "no usable phase: alert_phase \(alertPhase ?? "absent"), incident_phase \(incidentPhase ?? "absent"), message_type \(messageType ?? "absent")")
        }
        let occurredAt = payload.value("last_timestamp", "STATE.LAST_TIMESTAMP", "incident_timestamp", "STATE.INCIDENT_TIMESTAMP")
            .flatMap { Int64($0) }.map { Date(unixMilliseconds: $0) }
        let ackUser = payload.value("ack_user", "STATE.ACK_USER")
        let actor = ackUser.flatMap { $0.uppercased() == "SYSTEM" ? nil : $0 }
        let stateMessage = payload.value("state_message", "ALERT.state_message")
        var labels: [String: String] = [:]
        for (label, names) in [("entity_id", ["entity_id", "ALERT.entity_id", "STATE.ENTITY_ID"]),
                               ("host", ["host", "STATE.HOST"]),
                               ("monitoring_tool", ["monitoring_tool", "ALERT.monitoring_tool"])] {
            if let v = names.lazy.compactMap({ values[$0]?.meaningful }).first { labels[label] = v }
        }
        let phase = [messageType, alertPhase].compactMap { $0 }.first ?? "update"
        let signal = Signal(
            source: .victorops,
            correlationKey: "victorops:incident:" + number,
            correlation: .exact,
            effect: effect,
            occurredAt: occurredAt,
            title: SingleLine.optional(payload.value("entity_display_name", "ALERT.entity_display_name", "INCIDENT.ENTITY_DISPLAY_NAME")),
            severity: messageType.flatMap { ["CRITICAL", "WARNING"].contains($0) ? Severity(normalising: $0) : nil },
            services: [payload.value("service", "STATE.SERVICE", "INCIDENT.SERVICE")].compactMap { $0 },
            labels: labels,
            actor: effect == .transition(.triggered) ? nil : actor,
            summary: SingleLine.bounded("Splunk On-Call: incident #\(number) \(phase)" + (stateMessage.map { ": \($0)" } ?? "")))
        return ParsedDelivery(dedupKey: DedupHash.hex(request.body), signals: [signal])
    }

    /// The phase from `alert_phase`/`incident_phase`; when both are set and disagree,
    /// `message_type` decides. An `INFO` alert is always a timeline entry.
    static func effect(alertPhase: String?, incidentPhase: String?, messageType: String?) -> Signal.Effect? {
        let fromMessage: Signal.Effect? = switch messageType {
        case "RECOVERY": .transition(.resolved)
        case "ACKNOWLEDGEMENT": .transition(.acknowledged)
        case "CRITICAL", "WARNING": .transition(.triggered)
        case "INFO": .annotate
        default: nil
        }
        if fromMessage == .annotate { return .annotate }
        let a = alertPhase.flatMap(phase(_:))
        let i = incidentPhase.flatMap(phase(_:))
        switch (a, i) {
        case let (a?, i?) where a == i: return a
        case let (a?, _?): return fromMessage ?? a  // disagree: the alert's own type, else the alert phase (evaluated at the event)
        case let (a?, nil): return a
        case let (nil, i?): return i
        case (nil, nil): return fromMessage
        }
    }

    private static func phase(_ text: String) -> Signal.Effect? {
        switch text {
        case "UNACKED": return .transition(.triggered)
        case "ACKED": return .transition(.acknowledged)
        case "RESOLVED": return .transition(.resolved)
        default: return nil
        }
    }
}
