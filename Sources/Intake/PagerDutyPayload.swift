import AftermathCore
import Foundation

/// PagerDuty v3 webhook subscriptions: `{"event": {id, event_type, occurred_at, agent, data}}`,
/// one event per request.
struct PagerDutyPayload: Decodable, Sendable {
    var event: Event?

    struct Event: Decodable, Sendable {
        var id: String?
        var event_type: String?
        var resource_type: String?
        var occurred_at: String?
        var agent: Reference?
        var data: EventData?
    }

    /// A `*_reference` object (user, service, priority, incident).
    struct Reference: Decodable, Sendable {
        var id: String?
        var type: String?
        var summary: String?
        var html_url: String?
    }

    /// `event.data`: an incident, or an object that refers to one (`incident_note`, …).
    struct EventData: Decodable, Sendable {
        var id: String?
        var type: String?
        var html_url: String?
        var number: LenientString?
        var status: String?
        var title: String?
        var incident_key: String?
        var created_at: String?
        var urgency: String?
        var service: Reference?
        var priority: Reference?
        var assignees: [Reference]?
        var incident: Reference?
        /// `incident_note`: the note text.
        var content: String?
        /// `incident_status_update` and `pagey.ping`: the message.
        var message: String?
        var resolve_reason: String?
    }
}

extension PagerDutyPayload {
    /// Parses one PagerDuty v3 delivery. `pagey.ping` and service events carry no signal.
    static func parse(_ request: WebhookRequest) throws(PayloadError) -> ParsedDelivery {
        let fields = FieldReader(source: .pagerduty)
        let payload = try JSONInput.decode(PagerDutyPayload.self, from: request.body, source: .pagerduty)
        guard let event = payload.event else {
            throw PayloadError(source: .pagerduty, path: "event", reason: "required field is missing")
        }
        let eventType = try fields.required(event.event_type, at: "event.event_type")
        // The signed event.id, never the unsigned X-Webhook-Id header: a captured body replayed
        // with a fresh header must still be a duplicate.
        let dedupKey = event.id.nonBlank ?? DedupHash.hex(request.body)
        let occurredAt = try fields.time(event.occurred_at, at: "event.occurred_at")
        let data = event.data
        let incidentTyped = data?.type == "incident"
        let incidentID = data?.incident?.id.nonBlank ?? (incidentTyped || data?.type == nil ? data?.id.nonBlank : nil)

        guard eventType.hasPrefix("incident.") else {
            return ParsedDelivery(dedupKey: dedupKey, signals: [])  // pagey.ping, service.*: nothing to archive
        }
        guard let incidentID else {
            throw PayloadError(source: .pagerduty, path: data?.incident != nil ? "event.data.incident.id" : "event.data.id",
                               reason: "required field is missing (the incident id)")
        }
        let effect = effect(of: eventType)
        let actor = event.agent?.summary.nonBlank
        let title = data?.title.nonBlank ?? data?.incident?.summary.nonBlank

        var alerts: [AlertObservation] = []
        if incidentTyped, let data {
            let created = try fields.time(data.created_at, at: "event.data.created_at")
            // Without created_at (older deliveries) only the triggering event knows the start;
            // guessing it from a later event would split one incident into several episodes.
            if let startsAt = created ?? (eventType == "incident.triggered" ? occurredAt : nil) {
                let resolved = data.status == "resolved" || eventType == "incident.resolved"
                var labels: [String: String] = [:]
                if let key = data.incident_key.nonBlank { labels["incident_key"] = key }
                if let urgency = data.urgency.nonBlank { labels["urgency"] = urgency }
                alerts.append(AlertObservation(
                    fingerprint: incidentID, status: resolved ? .resolved : .firing, startsAt: startsAt,
                    endsAt: resolved ? occurredAt : nil, name: title ?? "PagerDuty incident \(incidentID)",
                    labels: labels))
            }
        }

        let signal = Signal(
            source: .pagerduty,
            correlationKey: "pagerduty:incident:" + incidentID,
            correlation: .exact,
            effect: effect,
            alerts: alerts,
            occurredAt: occurredAt,
            title: SingleLine.optional(title),
            severity: severity(data),
            services: [data?.service?.summary.nonBlank].compactMap { $0 },
            labels: [:],
            actor: actor,
            summary: SingleLine.bounded(summary(eventType: eventType, data: data, number: data?.number?.meaningful)),
            link: data?.html_url.nonBlank ?? data?.incident?.html_url.nonBlank)
        return ParsedDelivery(dedupKey: dedupKey, signals: [signal])
    }

    /// triggered / acknowledged / resolved (and unacknowledged or reopened back to triggered);
    /// every other incident event is a timeline entry.
    static func effect(of eventType: String) -> Signal.Effect {
        switch eventType {
        case "incident.triggered", "incident.unacknowledged", "incident.reopened": return .transition(.triggered)
        case "incident.acknowledged": return .transition(.acknowledged)
        case "incident.resolved": return .transition(.resolved)
        default: return .annotate
        }
    }

    /// The priority (`P1`…) when it names a level, else the urgency (high → high, low → warning).
    static func severity(_ data: EventData?) -> Severity? {
        if let priority = data?.priority?.summary.nonBlank {
            let level = Severity(normalising: priority)
            if level != .unknown { return level }
        }
        switch data?.urgency?.lowercased() {
        case "high": return .high
        case "low": return .warning
        default: return nil
        }
    }

    /// What changed, in one line: `PagerDuty: acknowledged #10`, `PagerDuty: note: …`.
    static func summary(eventType: String, data: EventData?, number: String?) -> String {
        let what = String(eventType.dropFirst("incident.".count))
        let incident = number.map { " #\($0)" } ?? ""
        switch eventType {
        case "incident.annotated":
            return "PagerDuty: note: " + (data?.content.nonBlank ?? "(empty)")
        case "incident.priority_updated":
            return "PagerDuty: priority of\(incident) changed to " + (data?.priority?.summary.nonBlank ?? "none")
        case "incident.status_update_published":
            return "PagerDuty: status update: " + (data?.message.nonBlank ?? "(empty)")
        case "incident.reassigned", "incident.escalated", "incident.delegated":
            let to = (data?.assignees ?? []).compactMap { $0.summary.nonBlank }
            return "PagerDuty:\(incident) \(what)" + (to.isEmpty ? "" : " to " + to.joined(separator: ", "))
        case "incident.resolved" where data?.resolve_reason == "merged":
            return "PagerDuty:\(incident) resolved (merged into another incident)"
        case "incident.triggered", "incident.acknowledged", "incident.unacknowledged", "incident.reopened", "incident.resolved":
            return "PagerDuty:\(incident) \(what)" + (data?.title.nonBlank.map { ": \($0)" } ?? "")
        default:
            return "PagerDuty:\(incident) " + what.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: ".", with: " ")
        }
    }
}
