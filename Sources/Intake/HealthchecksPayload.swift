import AftermathCore
import Foundation

/// healthchecks.io webhooks rendered from our template (`healthchecks-template.txt`):
/// `{source, status: $STATUS, now: $NOW, code: $CODE, name: $NAME_JSON, slug, tags, exitstatus, check: $JSON}`.
struct HealthchecksPayload: Decodable, Sendable {
    var status: String?
    var now: String?
    var code: String?
    var name: String?
    var slug: String?
    /// Space-separated.
    var tags: LenientString?
    /// `-1` when the last ping had none; may arrive quoted or not.
    var exitstatus: LenientString?
    var check: Check?

    /// The parts of `$JSON` used when the top-level fields are absent.
    struct Check: Decodable, Sendable {
        var name: String?
        var tags: LenientString?
    }
}

extension HealthchecksPayload {
    /// Parses one healthchecks.io flip: down → triggered, up → resolved.
    static func parse(_ request: WebhookRequest) throws(PayloadError) -> ParsedDelivery {
        let fields = FieldReader(source: .healthchecks)
        let payload = try JSONInput.decode(HealthchecksPayload.self, from: request.body, source: .healthchecks)
        let code = try fields.required(payload.code, at: "code")
        let status = try fields.required(payload.status, at: "status")
        let effect: Signal.Effect
        switch status.lowercased() {
        case "down": effect = .transition(.triggered)
        case "up": effect = .transition(.resolved)
        default: throw fields.unexpected(status, at: "status", expected: ["down", "up"])
        }
        let occurredAt = try fields.time(payload.now, at: "now")
        let name = payload.name.nonBlank ?? payload.check?.name.nonBlank
        let tags = (payload.tags?.meaningful ?? payload.check?.tags?.meaningful ?? "")
            .split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let exit = payload.exitstatus?.meaningful.flatMap { $0 == "-1" ? nil : $0 }
        let signal = Signal(
            source: .healthchecks,
            correlationKey: "healthchecks:check:" + code,
            correlation: .recurring,
            effect: effect,
            occurredAt: occurredAt,
            title: SingleLine.optional(name),
            labels: TagLabels.labels(from: tags),
            summary: SingleLine.bounded("healthchecks.io: \(name ?? code) is \(status.lowercased())" + (exit.map { " (last exit status \($0))" } ?? "")))
        return ParsedDelivery(dedupKey: DedupHash.hex(fields: [code, status, payload.now ?? ""]), signals: [signal])
    }
}
