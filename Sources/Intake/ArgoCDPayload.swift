import AftermathCore
import Foundation

/// The `argocd` route: Argo CD Notifications through a webhook template (README: "Argo CD").
/// Argo CD cannot sign; the template's service sends a bearer token.
///
/// ```json
/// {"source":"argocd","app":"{{.app.metadata.name}}","revision":"{{.app.status.operationState.syncResult.revision}}",
///  "target_revision":"{{.app.spec.source.targetRevision}}","phase":"{{.app.status.operationState.phase}}",
///  "started_at":"…","finished_at":"…","initiated_by":"…","automated":"…","namespace":"…","link":"…"}
/// ```
/// - `phase` `Succeeded` is a successful deploy, `Failed` and `Error` a failed one (kept with
///   status `failure`); `Running` and `Terminating` record nothing.
/// - Service: `service` when the template sets it, else `app`. Version: `target_revision` with the
///   short `revision` (`v1.2.3 (9049f12)`), or the revision alone when the target is `HEAD` or a
///   commit. Actor: `initiated_by`, or `argocd (automated)`. Time: `finished_at`, else
///   `started_at`. `kind` may name another change kind (default `deploy`).
/// - Dedup: app, revision, phase and finish time; Go's `<no value>` counts as absent.
struct ArgoCDPayload: Decodable, Sendable {
    var app: LenientString?
    var service: LenientString?
    var kind: LenientString?
    var revision: LenientString?
    var target_revision: LenientString?
    var phase: LenientString?
    var started_at: LenientString?
    var finished_at: LenientString?
    var initiated_by: LenientString?
    var automated: LenientString?
    var namespace: LenientString?
    var link: LenientString?
}

extension ArgoCDPayload {
    /// Operation phases that end a sync, and the status each records.
    static let endings = ["succeeded": "success", "failed": "failure", "error": "failure"]

    /// Parses one notification.
    static func parse(_ request: WebhookRequest) throws(PayloadError) -> ParsedDelivery {
        let fields = FieldReader(source: .argocd)
        let payload = try JSONInput.decode(ArgoCDPayload.self, from: request.body, source: .argocd)
        let app = try fields.required(value(payload.app), at: "app")
        let phase = try fields.required(value(payload.phase), at: "phase")
        let revision = value(payload.revision) ?? ""
        let finished = value(payload.finished_at)
        let dedup = DedupHash.hex(fields: [app, revision, phase, finished ?? value(payload.started_at) ?? ""])
        guard let status = endings[phase.lowercased()] else { return ParsedDelivery(dedupKey: dedup, signals: []) }
        let kindText = value(payload.kind)?.lowercased() ?? ChangeKind.deploy.rawValue
        guard let kind = ChangeKind(rawValue: kindText) else {
            throw fields.unexpected(kindText, at: "kind", expected: ChangeKind.allCases.map(\.rawValue))
        }
        var at = try fields.time(finished, at: "finished_at")
        if at == nil { at = try fields.time(value(payload.started_at), at: "started_at") }
        let actor = value(payload.initiated_by) ?? (value(payload.automated)?.lowercased() == "true" ? "argocd (automated)" : nil)
        let change = ChangeEvent(
            source: WebhookSource.argocd.rawValue, dedupKey: "sync:" + dedup,
            service: SingleLine.bounded(value(payload.service) ?? app, limit: 200), kind: kind,
            version: SingleLine.bounded(version(target: value(payload.target_revision), revision: revision), limit: 200),
            actor: SingleLine.optional(actor, limit: 200), at: at ?? request.receivedAt,
            link: value(payload.link).map { SingleLine.bounded($0, limit: 2000) }, status: status,
            environment: SingleLine.optional(value(payload.namespace), limit: 200))
        return ParsedDelivery(dedupKey: dedup, signals: [], changes: [change])
    }

    /// A field's text, nil when blank, a template placeholder or Go's `<no value>`.
    static func value(_ field: LenientString?) -> String? {
        guard let text = field?.meaningful, text != "<no value>" else { return nil }
        return text
    }

    /// `v1.2.3 (9049f12)`; the revision alone when the target is absent, `HEAD` or the revision itself.
    static func version(target: String?, revision: String) -> String {
        let short = String(revision.prefix(7))
        guard let target, target != "HEAD", target != revision else { return revision }
        return revision.isEmpty ? target : "\(target) (\(short))"
    }
}
