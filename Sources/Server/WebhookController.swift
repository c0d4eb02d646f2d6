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
    /// Where a redelivery's dedup key is looked up (a reader: it does not wait for commits).
    let database: AppDatabase
    let config: AftermathConfig
    let authenticators: [WebhookSource: SourceAuthenticator]
    let clock: any WallClock
    let ids: any IncidentIDGenerator
    let hooks: [IntakeHook]
    let redactor: Redactor
    let logger: Logger
    /// Deliveries by source and outcome, commit latency (`/metrics`).
    var metrics = ServerMetrics()
    /// Bounds the request bodies held at once (`server.max_buffered_bytes`).
    let bodyBudget: RequestBodyBudget
    /// Recent requests' dedup keys: a redelivery is answered after one lookup, unparsed.
    let redeliveries = RedeliveryIndex()
    /// Called once a delivery's change events are stored.
    var onChangesRecorded: @Sendable () -> Void = {}

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
        let admitted: (source: WebhookSource, authenticator: SourceAuthenticator)
        switch admit(request, context: context, pathToken: pathToken, at: receivedAt) {
        case .success(let value): admitted = value
        case .failure(let refusal): return refusal.response
        }
        let name = admitted.source.rawValue
        let cap = config.server.maxBodyBytes
        do {
            return try await bodyBudget.read(request.body, cap: cap) { body in
                try await handle(body, request: request, source: admitted.source, authenticator: admitted.authenticator,
                                 pathToken: pathToken, receivedAt: receivedAt)
            }
        } catch BodyRefusal.tooLarge(let cap) {
            logger.warning("webhook body over the cap", metadata: ["source": "\(name)", "cap": "\(cap)"])
            return Self.tooLarge(cap)
        } catch BodyRefusal.overBudget {
            logger.warning("webhook body refused: the server holds its limit of request bodies", metadata: [
                "source": "\(name)", "limit": "\(bodyBudget.limit)",
            ])
            return JSONResponse.error(
                .serviceUnavailable, "the server is holding server.max_buffered_bytes of request bodies; retry later",
                headers: [.retryAfter: "5"])
        }
    }

    static func tooLarge(_ cap: Int) -> Response {
        JSONResponse.error(.contentTooLarge, "body is larger than \(cap) bytes (server.max_body_bytes); for Alertmanager set max_alerts on the webhook receiver")
    }

    /// The 202 answer: the delivery's fate, the incidents it touched when applied, and why it was
    /// kept unapplied otherwise.
    struct Answer: Encodable {
        let status: String
        let delivery: Int64
        var incidents: [String]?
        /// Changes recorded, present only when the body carried change events.
        var changes: Int?
        var error: String?
    }

    /// A refusal decided before the body is read.
    struct Refusal: Error {
        var response: Response

        /// The answer, saying `Connection: close`: the unread body ends the connection, and a
        /// keep-alive client that is not told would send its next request into a closing socket.
        init(response: Response) {
            var response = response
            response.headers[.connection] = "close"
            self.response = response
        }
    }

    /// Everything decided from the request line and headers alone, before any body byte is read:
    /// the route and source, and the header credentials (bearer, basic, path token; a signature
    /// header that is missing or malformed, or a stale timestamp). A refused sender's body is
    /// never read, and its connection ends once the answer is written.
    func admit(
        _ request: Request, context: AppRequestContext, pathToken: String?, at receivedAt: Date
    ) -> Result<(source: WebhookSource, authenticator: SourceAuthenticator), Refusal> {
        guard let name = context.parameters.get("source"), let source = WebhookSource(rawValue: name),
              config.source(source).enabled, let authenticator = authenticators[source] else {
            return .failure(Refusal(response: JSONResponse.error(
                .notFound, "no webhook route here; sources: \(WebhookSource.allCases.map(\.rawValue).joined(separator: ", "))")))
        }
        let headersOnly = WebhookRequest(
            source: source, headers: request.headers.map { ($0.name.rawName, $0.value) }, body: [], pathToken: pathToken,
            receivedAt: receivedAt)
        if let refusal = refusal(authenticator.authenticateHeaders(headersOnly, now: receivedAt), source: name) {
            return .failure(Refusal(response: refusal))
        }
        let cap = config.server.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > cap {
            logger.warning("webhook body over the cap", metadata: ["source": "\(name)", "cap": "\(cap)", "declared": "\(declared)"])
            return .failure(Refusal(response: Self.tooLarge(cap)))
        }
        return .success((source, authenticator))
    }

    /// The answer to failed authentication (401 missing, 403 wrong), logged; nil when accepted.
    private func refusal(_ result: AuthenticationResult, source name: String) -> Response? {
        switch result {
        case .accepted:
            return nil
        case .missing(let reason):
            logger.notice("webhook refused: missing credentials", metadata: ["source": "\(name)", "reason": "\(reason)"])
            return JSONResponse.error(.unauthorized, reason, headers: [.wwwAuthenticate: "Bearer realm=\"aftermath\""])
        case .rejected(let reason):
            logger.notice("webhook refused: bad credentials", metadata: ["source": "\(name)", "reason": "\(reason)"])
            return JSONResponse.error(.forbidden, reason)
        }
    }

    /// After the body: signatures over it, then parse, redact and store durably.
    private func handle(
        _ body: [UInt8], request: Request, source: WebhookSource, authenticator: SourceAuthenticator, pathToken: String?,
        receivedAt: Date
    ) async throws -> Response {
        let name = source.rawValue
        let webhook = WebhookRequest(
            source: source, headers: request.headers.map { ($0.name.rawName, $0.value) }, body: body,
            pathToken: pathToken, receivedAt: receivedAt)
        if let refusal = refusal(authenticator.authenticate(webhook, now: receivedAt), source: name) { return refusal }

        // A request seen before whose delivery is still stored is a duplicate: answered after one
        // lookup. Anything else (or a failed lookup) goes the full way, whose insert decides.
        let fingerprint = webhook.fingerprint
        if let known = redeliveries.dedupKey(for: fingerprint),
           let stored = try? await database.storedDeliveryID(source: source, dedupKey: known) {
            return duplicate(stored, source: name)
        }
        // Secrets never reach the database: the body is redacted before it is parsed, then every field.
        let (incoming, redactions) = redactor.redactedDelivery(webhook, parse: parse)
        if redactions > 0 {
            logger.notice("secrets redacted from delivery", metadata: ["source": "\(name)", "count": "\(redactions)"])
        }
        do {
            let committing = ContinuousClock.now
            let outcome = try await committer.record(
                incoming, rules: Self.rules(config.intake), ids: ids, hooks: hooks)
            metrics.commit(ContinuousClock.now - committing)
            redeliveries.remember(fingerprint, dedupKey: incoming.dedupKey)
            if outcome.recordedChanges > 0 { onChangesRecorded() }
            return answer(outcome, incoming: incoming, source: name)
        } catch {
            logger.error("delivery not stored; answering 503", metadata: ["source": "\(name)", "error": "\(error)"])
            return JSONResponse.error(.serviceUnavailable, "the archive could not store this delivery; retry later", headers: [.retryAfter: "5"])
        }
    }

    /// How intake joins incidents and which sender times it believes (`intake.*`).
    static func rules(_ intake: IntakeConfig) -> IntakeRules {
        IntakeRules(
            reopenWindow: intake.reopenWindow,
            senderTimes: SenderTimePolicy(maxAhead: intake.maxTimeAhead, earliest: intake.earliestTime))
    }

    /// Parses the body; anything unreadable becomes a quarantined delivery with a precise reason.
    private func parse(_ webhook: WebhookRequest) -> IncomingDelivery {
        do {
            let parsed = try PayloadParser.parse(webhook, source: config.source(webhook.source), intake: config.intake)
            return IncomingDelivery(
                source: webhook.source, dedupKey: parsed.dedupKey, receivedAt: webhook.receivedAt,
                headers: webhook.headers, body: webhook.body,
                disposition: parsed.opaqueReason == nil ? .applied : .opaque, error: parsed.opaqueReason,
                signals: parsed.signals, changes: parsed.changes)
        } catch {
            return IncomingDelivery(
                source: webhook.source, dedupKey: "quarantine:" + IncomingDelivery.sha256Hex(webhook.body),
                receivedAt: webhook.receivedAt, headers: webhook.headers, body: webhook.body,
                disposition: .quarantined, error: error.description, signals: [])
        }
    }

    /// The answer to a redelivery: the delivery already stored under its dedup key.
    private func duplicate(_ deliveryID: Int64, source: String) -> Response {
        metrics.delivery(source: source, outcome: "duplicate")
        logger.info("duplicate delivery ignored", metadata: ["source": "\(source)", "delivery": "\(deliveryID)"])
        return JSONResponse.make(.accepted, json: Self.duplicateAnswer(deliveryID))
    }

    /// `Answer(status: "duplicate", delivery: id)` as `JSONResponse.make` encodes it (sorted keys),
    /// written directly: on a redelivery the encoder was a noticeable part of the work.
    static func duplicateAnswer(_ deliveryID: Int64) -> String {
        "{\"delivery\":\(deliveryID),\"status\":\"duplicate\"}"
    }

    private func answer(_ outcome: IntakeOutcome, incoming: IncomingDelivery, source: String) -> Response {
        let incidents = outcome.changes.map(\.incidentID)
        if outcome.duplicate { return duplicate(outcome.deliveryID, source: source) }
        metrics.delivery(source: source, outcome: incoming.disposition == .applied ? "accepted" : incoming.disposition.rawValue)
        switch incoming.disposition {
        case .applied:
            logger.info("delivery stored", metadata: [
                "source": "\(source)", "delivery": "\(outcome.deliveryID)", "incidents": "\(incidents)", "changes": "\(outcome.recordedChanges)",
            ])
            var answer = Answer(status: "accepted", delivery: outcome.deliveryID, incidents: incidents)
            if !incoming.changes.isEmpty { answer.changes = outcome.recordedChanges }
            return JSONResponse.make(.accepted, answer)
        case .quarantined, .opaque:
            logger.warning("delivery kept unapplied", metadata: [
                "source": "\(source)", "delivery": "\(outcome.deliveryID)", "disposition": "\(incoming.disposition.rawValue)",
                "error": "\(incoming.error ?? "")",
            ])
            return JSONResponse.make(.accepted, Answer(
                status: incoming.disposition.rawValue, delivery: outcome.deliveryID, error: incoming.error ?? ""))
        }
    }
}
