import AftermathCore
import Foundation

/// The `github` route: repository or organisation webhooks, of which `deployment_status` events
/// become change events (GitHub's documented payload: `deployment_status`, `deployment`,
/// `repository`, `sender`).
///
/// - Only the end states `success` and `failure` are changes, kept with their state; `pending`,
///   `queued`, `in_progress`, `error` and `inactive` are stored deliveries that record nothing.
/// - Service: the deployment's `payload.service` when it is set, else the repository's name.
///   Version: the deployment's `ref`. Kind: `rollback` when the task starts with `rollback`,
///   else `deploy`. Actor: the status's creator. Link: the status's `target_url` or
///   `log_url`, else `environment_url`.
/// - Dedup: the delivery on `X-GitHub-Delivery` (a redelivery keeps it); the change on the
///   status id, so the same status sent as two deliveries is still one change.
/// - `ping` is stored and answered like any delivery; other events are kept opaque, naming the
///   event to unsubscribe from.
struct GitHubPayload: Decodable, Sendable {
    struct User: Decodable, Sendable {
        var login: String?
    }

    struct Status: Decodable, Sendable {
        var id: LenientString?
        var state: String?
        var creator: User?
        var target_url: String?
        var log_url: String?
        var environment_url: String?
        var created_at: String?
    }

    struct Deployment: Decodable, Sendable {
        var id: LenientString?
        var sha: String?
        var ref: String?
        var task: String?
        var environment: String?
        var payload: Hint?
        var creator: User?

        /// The `service` named in `payload`, when there is one.
        var service: String? { payload?.service }

        /// `payload` is free-form (an object or a string): only a string `service` inside is read,
        /// and anything else reads as no hint rather than failing the delivery.
        struct Hint: Decodable, Sendable {
            var service: String?

            enum CodingKeys: String, CodingKey { case service }

            init(from decoder: any Decoder) throws {
                service = try? decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .service)
            }
        }
    }

    struct Repository: Decodable, Sendable {
        var name: String?
        var full_name: String?
        var html_url: String?
    }

    var deployment_status: Status?
    var deployment: Deployment?
    var repository: Repository?
    var sender: User?
}

extension GitHubPayload {
    /// The states that end a deployment and are recorded as changes.
    static let changeStates = ["success", "failure"]

    /// Parses one delivery from GitHub.
    static func parse(_ request: WebhookRequest) throws(PayloadError) -> ParsedDelivery {
        let event = request.header("X-GitHub-Event")?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let dedup = request.header("X-GitHub-Delivery").flatMap { SingleLine.optional($0, limit: 128) }
            ?? DedupHash.hex(request.body)
        let payload = try JSONInput.decode(GitHubPayload.self, from: request.body, source: .github)
        switch event {
        case "ping":
            return ParsedDelivery(dedupKey: dedup, signals: [])
        case "deployment_status":
            break
        default:
            return ParsedDelivery(
                dedupKey: dedup, signals: [],
                opaqueReason: "GitHub event '\(SingleLine.bounded(event.isEmpty ? "(no X-GitHub-Event header)" : event, limit: 64))' is not "
                    + "recorded; subscribe the webhook to deployment statuses only")
        }
        let fields = FieldReader(source: .github)
        guard let status = payload.deployment_status else {
            throw PayloadError(source: .github, path: "deployment_status", reason: "required field is missing")
        }
        let state = try fields.required(status.state, at: "deployment_status.state").lowercased()
        guard changeStates.contains(state) else { return ParsedDelivery(dedupKey: dedup, signals: []) }
        guard let deployment = payload.deployment else {
            throw PayloadError(source: .github, path: "deployment", reason: "required field is missing")
        }
        let service = deployment.service.nonBlank ?? payload.repository?.name.nonBlank
        let name = try fields.required(service, at: "deployment.payload.service")
        let statusID = status.id?.meaningful ?? DedupHash.hex(request.body)
        let at = try fields.time(status.created_at, at: "deployment_status.created_at") ?? request.receivedAt
        let task = deployment.task?.lowercased() ?? ""
        let change = ChangeEvent(
            source: WebhookSource.github.rawValue, dedupKey: "deployment_status:" + statusID,
            service: SingleLine.bounded(name, limit: 200), kind: task.hasPrefix("rollback") ? .rollback : .deploy,
            version: SingleLine.bounded(deployment.ref.nonBlank ?? deployment.sha ?? "", limit: 200),
            actor: SingleLine.optional(status.creator?.login ?? deployment.creator?.login ?? payload.sender?.login, limit: 200),
            at: at, link: (status.target_url.nonBlank ?? status.log_url.nonBlank ?? status.environment_url.nonBlank).map { SingleLine.bounded($0, limit: 2000) },
            status: state, environment: SingleLine.optional(deployment.environment, limit: 200))
        return ParsedDelivery(dedupKey: dedup, signals: [], changes: [change])
    }
}
