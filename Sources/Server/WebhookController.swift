import AftermathCore
import Archive
import Foundation
import Hummingbird
import Intake
import Logging
import Redaction
import NIOCore
import Settings

/// `POST /hooks/<source>[/<token>]`: authenticate, parse, store durably, then answer.
///
/// 202 only after the delivery and its incident changes have committed; 503 when the commit
/// fails (senders retry); 401/403 for failed authentication; an authenticated body that cannot
/// be read is quarantined and still answered 202, because senders re-send anything they see
/// refused and nothing authenticated may be lost.
struct WebhookController: Sendable {
    /// Writes deliveries with group commit: during a burst, one synced commit answers many.
    let committer: IntakeCommitter
    let config: AftermathConfig
    let authenticators: [WebhookSource: SourceAuthenticator]
    let clock: any WallClock
    let ids: any IncidentIDGenerator
    let hooks: [IntakeHook]
    let redactor: Redactor
    let logger: Logger
    /// Deliveries by source and outcome, commit latency (`/metrics`).
    var metrics = ServerMetrics()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/hooks/:source") { request, context in
            counted(try await receive(request, context: context, pathToken: nil), context: context)
        }
        router.post("/hooks/:source/:token") { request, context in
            counted(try await receive(request, context: context, pathToken: context.parameters.get("token")), context: context)
        }
    }

    /// Counts a refusal by source and what its code means (`answer` counts what was stored).
    private func counted(_ response: Response, context: AppRequestContext) -> Response {
        let source = context.parameters.get("source").flatMap { WebhookSource(rawValue: $0)?.rawValue } ?? "unknown"
        let outcome: String
        switch response.status.code {
        case 202: return response
        case 401: outcome = "unauthorized"
        case 403: outcome = "forbidden"
        case 404: outcome = "unknown_source"
        case 413: outcome = "too_large"
        case 503: outcome = "unavailable"
        default: outcome = "status_\(response.status.code)"
        }
        metrics.delivery(source: source, outcome: outcome)
        return response
    }

    func receive(_ request: Request, context: AppRequestContext, pathToken: String?) async throws -> Response {
        let receivedAt = clock.now()
        guard let name = context.parameters.get("source"), let source = WebhookSource(rawValue: name),
              config.source(source).enabled, let authenticator = authenticators[source] else {
            return JSONResponse.error(.notFound, "no webhook route here; sources: \(WebhookSource.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let cap = config.server.maxBodyBytes
        let body: [UInt8]
        do {
            body = Array(try await request.body.collect(upTo: cap).readableBytesView)
        } catch is NIOTooManyBytesError {
            logger.warning("webhook body over the cap", metadata: ["source": "\(name)", "cap": "\(cap)"])
            return JSONResponse.error(.contentTooLarge, "body is larger than \(cap) bytes (server.max_body_bytes); for Alertmanager set max_alerts on the webhook receiver")
        }
        let webhook = WebhookRequest(
            source: source, headers: request.headers.map { ($0.name.rawName, $0.value) }, body: body,
            pathToken: pathToken, receivedAt: receivedAt)

        switch authenticator.authenticate(webhook, now: receivedAt) {
        case .accepted:
            break
        case .missing(let reason):
            logger.notice("webhook refused: missing credentials", metadata: ["source": "\(name)", "reason": "\(reason)"])
            return JSONResponse.error(.unauthorized, reason, headers: [.wwwAuthenticate: "Bearer realm=\"aftermath\""])
        case .rejected(let reason):
            logger.notice("webhook refused: bad credentials", metadata: ["source": "\(name)", "reason": "\(reason)"])
            return JSONResponse.error(.forbidden, reason)
        }

        var incoming = parse(webhook)
        // Secrets never reach the database: the raw body, headers and parsed fields are redacted first.
        let redactions = redactor.redact(&incoming)
        if redactions > 0 {
            logger.notice("secrets redacted from delivery", metadata: ["source": "\(name)", "count": "\(redactions)"])
        }
        do {
            let committing = ContinuousClock.now
            let outcome = try await committer.record(
                incoming, rules: IntakeRules(reopenWindow: config.intake.reopenWindow), ids: ids, hooks: hooks)
            metrics.commit(ContinuousClock.now - committing)
            return answer(outcome, incoming: incoming, source: name)
        } catch {
            logger.error("delivery not stored; answering 503", metadata: ["source": "\(name)", "error": "\(error)"])
            return JSONResponse.error(.serviceUnavailable, "the archive could not store this delivery; retry later", headers: [.retryAfter: "5"])
        }
    }

    /// Parses the body; anything unreadable becomes a quarantined delivery with a precise reason.
    private func parse(_ webhook: WebhookRequest) -> IncomingDelivery {
        do {
            let parsed = try PayloadParser.parse(webhook, source: config.source(webhook.source), intake: config.intake)
            return IncomingDelivery(
                source: webhook.source, dedupKey: parsed.dedupKey, receivedAt: webhook.receivedAt,
                headers: webhook.headers, body: webhook.body,
                disposition: parsed.opaqueReason == nil ? .applied : .opaque, error: parsed.opaqueReason,
                signals: parsed.signals)
        } catch {
            return IncomingDelivery(
                source: webhook.source, dedupKey: "quarantine:" + IncomingDelivery.sha256Hex(webhook.body),
                receivedAt: webhook.receivedAt, headers: webhook.headers, body: webhook.body,
                disposition: .quarantined, error: error.description, signals: [])
        }
    }

    private func answer(_ outcome: IntakeOutcome, incoming: IncomingDelivery, source: String) -> Response {
        let incidents = outcome.changes.map(\.incidentID)
        metrics.delivery(source: source, outcome: outcome.duplicate ? "duplicate" : incoming.disposition == .applied ? "accepted" : incoming.disposition.rawValue)
        if outcome.duplicate {
            logger.info("duplicate delivery ignored", metadata: ["source": "\(source)", "delivery": "\(outcome.deliveryID)"])
            return JSONResponse.make(.accepted, ["status": "duplicate", "delivery": outcome.deliveryID])
        }
        switch incoming.disposition {
        case .applied:
            logger.info("delivery stored", metadata: ["source": "\(source)", "delivery": "\(outcome.deliveryID)", "incidents": "\(incidents)"])
            return JSONResponse.make(.accepted, ["status": "accepted", "delivery": outcome.deliveryID, "incidents": incidents])
        case .quarantined, .opaque:
            logger.warning("delivery kept unapplied", metadata: [
                "source": "\(source)", "delivery": "\(outcome.deliveryID)", "disposition": "\(incoming.disposition.rawValue)",
                "error": "\(incoming.error ?? "")",
            ])
            return JSONResponse.make(.accepted, [
                "status": incoming.disposition.rawValue, "delivery": outcome.deliveryID, "error": incoming.error ?? "",
            ])
        }
    }
}
