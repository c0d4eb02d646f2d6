import AftermathCore
import Foundation
import GRDB

/// A row of `change_event`: one deploy, rollback, config or feature-flag change to a service.
public struct ChangeRecord: Codable, Sendable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "change_event"

    public var id: Int64
    public var source: String
    public var dedupKey: String
    public var service: String
    public var kind: ChangeKind
    public var version: String
    public var actor: String?
    public var at: Date
    public var link: String?
    public var status: String?
    public var environment: String?
    /// The webhook delivery it came from; nil for `change record`.
    public var deliveryID: Int64?
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, source, service, kind, version, actor, at, link, status, environment
        case dedupKey = "dedup_key", deliveryID = "delivery_id", createdAt = "created_at"
    }

    /// The change as intake and the CLI describe it.
    public var event: ChangeEvent {
        ChangeEvent(
            source: source, dedupKey: dedupKey, service: service, kind: kind, version: version, actor: actor, at: at,
            link: link, status: status, environment: environment)
    }
}

/// The public JSON shape of a change (`change list --json`). Times are RFC 3339 UTC.
public struct ChangeReport: Encodable, Sendable {
    let id: Int64
    let service: String
    let kind: String
    let version: String
    let actor: String?
    let at: String
    let link: String?
    let status: String?
    let environment: String?
    let source: String
    let dedup_key: String
    let delivery_id: Int64?

    public init(_ record: ChangeRecord) {
        id = record.id
        service = record.service
        kind = record.kind.rawValue
        version = record.version
        actor = record.actor
        at = Timestamp.format(record.at)
        link = record.link
        status = record.status
        environment = record.environment
        source = record.source
        dedup_key = record.dedupKey
        delivery_id = record.deliveryID
    }
}
