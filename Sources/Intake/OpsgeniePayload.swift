import AftermathCore
import Foundation

/// Opsgenie's outgoing webhook integration: a fixed `{action, alert{…}, source, integration…}` body.
///
/// `alert.updatedAt` is in nanoseconds and `alert.createdAt` in milliseconds, both decoded as
/// 64-bit integers. `priority` arrives as `"P1"` or as a bare `3`.
struct OpsgeniePayload: Decodable, Sendable {
    var action: String?
    var alert: Alert?
    var escalationName: String?

    struct Alert: Decodable, Sendable {
        var alertId: String?
        var message: String?
        var tags: [String]?
        var tinyId: LenientString?
        var entity: String?
        var alias: String?
        var createdAt: LenientInt64?
        var updatedAt: LenientInt64?
        var username: String?
        var priority: LenientString?
        var oldPriority: LenientString?
        var note: String?
        var details: [String: LenientString]?
        var owner: String?
        var recipient: String?
        var team: String?
        var addedTags: String?
        var removedTags: String?
    }
}

extension OpsgeniePayload {
    /// Parses one Opsgenie delivery. Dedup is a hash of the body (there is no delivery id).
    static func parse(_ request: WebhookRequest) throws(PayloadError) -> ParsedDelivery {
        let fields = FieldReader(source: .opsgenie)
        let payload = try JSONInput.decode(OpsgeniePayload.self, from: request.body, source: .opsgenie)
        let action = try fields.required(payload.action, at: "action")
        guard let alert = payload.alert else {
            throw PayloadError(source: .opsgenie, path: "alert", reason: "required field is missing")
        }
        let alertID = try fields.required(alert.alertId, at: "alert.alertId")
        let occurredAt = alert.updatedAt.map { Date(unixNanoseconds: $0.value) }
            ?? alert.createdAt.map { Date(unixMilliseconds: $0.value) }
        let service = alert.details?["service"]?.meaningful ?? alert.entity.nonBlank

        let signal = Signal(
            source: .opsgenie,
            correlationKey: "opsgenie:alert:" + alertID,
            correlation: .exact,
            effect: effect(of: action),
            occurredAt: occurredAt,
            title: SingleLine.optional(alert.message),
            severity: severity(alert.priority?.meaningful),
            services: [service].compactMap { $0 },
            labels: TagLabels.labels(from: alert.tags ?? []),
            actor: alert.username.nonBlank,
            summary: SingleLine.bounded(summary(action: action, alert: alert, escalation: payload.escalationName)))
        return ParsedDelivery(dedupKey: DedupHash.hex(request.body), signals: [signal])
    }

    /// Create/UnAcknowledge → triggered, Acknowledge → acknowledged, Close/Delete → resolved;
    /// every other action (AddNote, AddTags, Escalate, custom actions …) is a timeline entry.
    static func effect(of action: String) -> Signal.Effect {
        switch action.lowercased() {
        case "create", "unacknowledge": return .transition(.triggered)
        case "acknowledge": return .transition(.acknowledged)
        case "close", "delete": return .transition(.resolved)
        default: return .annotate
        }
    }

    /// `P1`…`P5`, or the integers 1–5 read as `P<n>`.
    static func severity(_ priority: String?) -> Severity? {
        guard var priority else { return nil }
        if let n = Int(priority), (1...5).contains(n) { priority = "P\(n)" }
        let level = Severity(normalising: priority)
        return level == .unknown ? nil : level
    }

    static func summary(action: String, alert: Alert, escalation: String?) -> String {
        let priority = alert.priority?.meaningful
        switch action.lowercased() {
        case "addnote":
            return "Opsgenie: note: " + (alert.note.nonBlank ?? "(empty)")
        case "updatepriority":
            let old = alert.oldPriority?.meaningful.map { " from \($0)" } ?? ""
            return "Opsgenie: priority changed\(old) to \(priority ?? "none")"
        case "addtags":
            return "Opsgenie: tags added: " + (alert.addedTags.nonBlank ?? "")
        case "removetags":
            return "Opsgenie: tags removed: " + (alert.removedTags.nonBlank ?? "")
        case "assignownership", "takeownership":
            return "Opsgenie: owner is now " + (alert.owner.nonBlank ?? alert.username.nonBlank ?? "unknown")
        case "addrecipient":
            return "Opsgenie: recipient added: " + (alert.recipient.nonBlank ?? "")
        case "addteam":
            return "Opsgenie: team added: " + (alert.team.nonBlank ?? "")
        case "escalate":
            return "Opsgenie: escalated" + (escalation.nonBlank.map { " (\($0))" } ?? "")
        case "create":
            return "Opsgenie: created" + (alert.message.nonBlank.map { ": \($0)" } ?? "")
        case "acknowledge": return "Opsgenie: acknowledged"
        case "unacknowledge": return "Opsgenie: unacknowledged"
        case "close": return "Opsgenie: closed"
        case "delete": return "Opsgenie: deleted"
        default: return "Opsgenie: \(action)"
        }
    }
}
