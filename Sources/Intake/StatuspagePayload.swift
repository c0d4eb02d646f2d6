import AftermathCore
import Foundation
import Settings

/// Atlassian Statuspage subscriber webhooks: `{meta, page, incident}` for incident updates,
/// `{meta, page, component, component_update}` for component status changes.
struct StatuspagePayload: Decodable, Sendable {
    var incident: Incident?
    var component: Component?
    var component_update: ComponentUpdate?

    struct Incident: Decodable, Sendable {
        var id: String?
        var name: String?
        var status: String?
        var impact: String?
        var impact_override: String?
        var shortlink: String?
        var updated_at: String?
        /// Newest first.
        var incident_updates: [Update]?
        var components: [Component]?
    }

    struct Update: Decodable, Sendable {
        var id: String?
        var status: String?
        var body: String?
        var created_at: String?
        var affected_components: [AffectedComponent]?
    }

    struct AffectedComponent: Decodable, Sendable {
        var code: String?
        var name: String?
        var new_status: String?
    }

    struct Component: Decodable, Sendable {
        var id: String?
        var name: String?
        var status: String?
    }

    struct ComponentUpdate: Decodable, Sendable {
        var id: String?
        var component_id: String?
        var old_status: String?
        var new_status: String?
        var created_at: String?
    }
}

extension StatuspagePayload {
    /// Parses one Statuspage delivery; its signal joins the open incident of a mapped service.
    static func parse(_ request: WebhookRequest, config: SourceConfig) throws(PayloadError) -> ParsedDelivery {
        let payload = try JSONInput.decode(StatuspagePayload.self, from: request.body, source: .statuspage)
        if let incident = payload.incident {
            return try parseIncident(incident, config: config)
        }
        if let update = payload.component_update {
            return try parseComponent(update, component: payload.component, config: config)
        }
        throw PayloadError(source: .statuspage, path: "incident",
                           reason: "required field is missing (neither \"incident\" nor \"component_update\" is present)")
    }

    private static func parseIncident(_ incident: Incident, config: SourceConfig) throws(PayloadError) -> ParsedDelivery {
        let fields = FieldReader(source: .statuspage)
        let id = try fields.required(incident.id, at: "incident.id")
        let status = try fields.required(incident.status, at: "incident.status")
        let newest = incident.incident_updates?.first
        var services = (newest?.affected_components ?? []).compactMap { mapped(name: $0.name, id: $0.code, config: config) }
        if services.isEmpty {
            services = (incident.components ?? []).compactMap { mapped(name: $0.name, id: $0.id, config: config) }
        }
        var occurredAt = try fields.time(newest?.created_at, at: "incident.incident_updates[0].created_at")
        if occurredAt == nil { occurredAt = try fields.time(incident.updated_at, at: "incident.updated_at") }
        let impact = incident.impact_override.nonBlank ?? incident.impact.nonBlank
        let body = newest?.body.nonBlank.map { " — \($0)" } ?? ""
        let signal = Signal(
            source: .statuspage,
            correlationKey: "statuspage:incident:" + id,
            correlation: .exact,
            effect: incidentEffect(status),
            occurredAt: occurredAt,
            title: SingleLine.optional(incident.name),
            severity: impact.map { Severity(normalising: $0) }.flatMap { $0 == .unknown ? nil : $0 },
            services: distinct(services),
            labels: impact.map { ["impact": $0] } ?? [:],
            summary: SingleLine.bounded("Statuspage: \(status)\(body)"),
            link: incident.shortlink.nonBlank,
            joinsServiceIncident: true,
            statusPage: StatusPageReport(kind: .incident, id: id, name: SingleLine.optional(incident.name) ?? id, status: status))
        let dedup = newest?.id.nonBlank.map { DedupHash.hex(fields: ["incident", id, $0]) }
            ?? DedupHash.hex(fields: ["incident", id, status, incident.updated_at ?? ""])
        return ParsedDelivery(dedupKey: dedup, signals: [signal])
    }

    private static func parseComponent(_ update: ComponentUpdate, component: Component?, config: SourceConfig) throws(PayloadError) -> ParsedDelivery {
        let fields = FieldReader(source: .statuspage)
        let componentID = try fields.required(component?.id.nonBlank ?? update.component_id, at: "component.id")
        let newStatus = try fields.required(update.new_status ?? component?.status, at: "component_update.new_status")
        let name = component?.name.nonBlank ?? componentID
        let service = mapped(name: component?.name, id: componentID, config: config) ?? name
        let old = update.old_status.nonBlank.map { "\($0) → " } ?? ""
        let severity = Severity(normalising: newStatus)
        let signal = Signal(
            source: .statuspage,
            correlationKey: "statuspage:component:" + componentID,
            correlation: .recurring,
            effect: componentEffect(newStatus),
            occurredAt: try fields.time(update.created_at, at: "component_update.created_at"),
            title: SingleLine.optional("\(name): \(newStatus.replacingOccurrences(of: "_", with: " "))"),
            severity: severity == .unknown ? nil : severity,
            services: [service],
            summary: SingleLine.bounded("Statuspage: \(name) \(old)\(newStatus)"),
            joinsServiceIncident: true,
            statusPage: StatusPageReport(kind: .component, id: componentID, name: SingleLine.bounded(name), status: newStatus))
        let dedup = update.id.nonBlank.map { DedupHash.hex(fields: ["component_update", $0]) }
            ?? DedupHash.hex(fields: ["component_update", componentID, newStatus, update.created_at ?? ""])
        return ParsedDelivery(dedupKey: dedup, signals: [signal])
    }

    /// investigating → triggered; identified/monitoring → acknowledged;
    /// resolved/postmortem/completed → resolved; maintenance and unknown states → timeline entry.
    static func incidentEffect(_ status: String) -> Signal.Effect {
        switch status.lowercased() {
        case "investigating": return .transition(.triggered)
        case "identified", "monitoring": return .transition(.acknowledged)
        case "resolved", "postmortem", "completed": return .transition(.resolved)
        default: return .annotate  // scheduled, in_progress, verifying, anything new
        }
    }

    /// operational → resolved; degraded/partial/major outage → triggered; maintenance → timeline entry.
    static func componentEffect(_ status: String) -> Signal.Effect {
        switch status.lowercased() {
        case "operational": return .transition(.resolved)
        case "degraded_performance", "partial_outage", "major_outage": return .transition(.triggered)
        default: return .annotate  // under_maintenance, anything new
        }
    }

    /// The service `config.services` maps the component to (by name, then id), else its name.
    static func mapped(name: String?, id: String?, config: SourceConfig) -> String? {
        if let name = name.nonBlank, let service = config.services[name] { return service }
        if let id = id.nonBlank, let service = config.services[id] { return service }
        return name.nonBlank ?? id.nonBlank
    }

    private static func distinct(_ values: [String]) -> [String] {
        var out: [String] = []
        for v in values where !out.contains(v) { out.append(v) }
        return out
    }
}
