import AftermathCore
import Foundation

/// The `generic` route: a small JSON schema for scripts and tools with templated webhooks.
///
/// ```json
/// {
///   "key": "db-backup-nightly",        // required: the incident key (same key, same incident)
///   "status": "firing",                // required: firing | triggered | acknowledged | resolved | note
///   "title": "Nightly backup failed",  // optional
///   "severity": "critical",            // optional: critical, high, warning, info, P1…P5, …
///   "service": "db",                   // optional; or "services": ["db", "backup"]
///   "labels": {"env": "prod"},         // optional: string → string
///   "time": "2026-11-27T11:42:14Z",    // optional: RFC 3339; the receive time otherwise
///   "text": "exit status 3",           // optional: the timeline line
///   "actor": "cron@db1",               // optional: who or what sent it
///   "link": "https://ci.example/42",   // optional
///   "event_id": "run-42-failed"        // optional: redeliveries with the same id are dropped
/// }
/// ```
/// The correlation key is `generic:<key>` (exact). `firing` and `triggered` both open or reopen
/// the incident; `note` only adds a timeline entry. Without `event_id` the body's SHA-256 is
/// the dedup key. Unknown keys are ignored.
///
/// With `"kind": "change"` the body records a change instead (no incident): `service` required,
/// `change` one of deploy (default), rollback, config, feature-flag, `version` (or `ref`),
/// `actor`, `time`, `link`, `status`, `environment`, `event_id` as above.
struct GenericPayload: Decodable, Sendable {
    var kind: String?
    var change: String?
    var version: LenientString?
    var ref: String?
    var environment: String?
    var key: String?
    var status: String?
    var title: String?
    var severity: LenientString?
    var service: String?
    var services: [String]?
    var labels: [String: String]?
    var time: String?
    var text: String?
    var actor: String?
    var link: String?
    var event_id: LenientString?
}

extension GenericPayload {
    /// The statuses the schema accepts.
    static let statuses = ["firing", "triggered", "acknowledged", "resolved", "note"]

    /// Parses one delivery in the generic schema.
    static func parse(_ request: WebhookRequest) throws(PayloadError) -> ParsedDelivery {
        let fields = FieldReader(source: .generic)
        let payload = try JSONInput.decode(GenericPayload.self, from: request.body, source: .generic)
        if payload.kind?.lowercased() == "change" { return try parseChange(payload, request: request) }
        let key = try fields.required(payload.key, at: "key")
        let status = try fields.required(payload.status, at: "status")
        let effect: Signal.Effect
        switch status.lowercased() {
        case "firing", "triggered": effect = .transition(.triggered)
        case "acknowledged": effect = .transition(.acknowledged)
        case "resolved": effect = .transition(.resolved)
        case "note": effect = .annotate
        default: throw fields.unexpected(status, at: "status", expected: statuses)
        }
        var services: [String] = []
        for service in [payload.service.nonBlank].compactMap({ $0 }) + (payload.services ?? []).compactMap(\.nonBlank)
        where !services.contains(service) {
            services.append(service)
        }
        let severity = payload.severity?.meaningful.map { Severity(normalising: $0) }.flatMap { $0 == .unknown ? nil : $0 }
        let signal = Signal(
            source: .generic,
            correlationKey: "generic:" + key,
            correlation: .exact,
            effect: effect,
            occurredAt: try fields.time(payload.time, at: "time"),
            title: SingleLine.optional(payload.title),
            severity: severity,
            services: services,
            labels: payload.labels ?? [:],
            actor: payload.actor.nonBlank,
            summary: SingleLine.bounded(payload.text.nonBlank ?? "\(status.lowercased())" + (payload.title.nonBlank.map { ": \($0)" } ?? "")),
            link: payload.link.nonBlank)
        let dedup = payload.event_id?.meaningful ?? DedupHash.hex(request.body)
        return ParsedDelivery(dedupKey: dedup, signals: [signal])
    }

    /// A `"kind": "change"` body: one change event, no signal.
    static func parseChange(_ payload: GenericPayload, request: WebhookRequest) throws(PayloadError) -> ParsedDelivery {
        let fields = FieldReader(source: .generic)
        let service = try fields.required(payload.service.nonBlank ?? payload.services?.first, at: "service")
        let kindText = payload.change.nonBlank?.lowercased() ?? ChangeKind.deploy.rawValue
        guard let kind = ChangeKind(rawValue: kindText) else {
            throw fields.unexpected(kindText, at: "change", expected: ChangeKind.allCases.map(\.rawValue))
        }
        let dedup = payload.event_id?.meaningful ?? DedupHash.hex(request.body)
        let change = ChangeEvent(
            source: WebhookSource.generic.rawValue, dedupKey: dedup, service: SingleLine.bounded(service, limit: 200), kind: kind,
            version: SingleLine.bounded(payload.version?.meaningful ?? payload.ref ?? "", limit: 200),
            actor: SingleLine.optional(payload.actor, limit: 200),
            at: try fields.time(payload.time, at: "time") ?? request.receivedAt,
            link: payload.link.nonBlank.map { SingleLine.bounded($0, limit: 2000) },
            status: SingleLine.optional(payload.status, limit: 64), environment: SingleLine.optional(payload.environment, limit: 200))
        return ParsedDelivery(dedupKey: dedup, signals: [], changes: [change])
    }
}
