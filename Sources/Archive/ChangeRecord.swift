import AftermathCore
import Foundation
import GRDB

/// A row of `change_event`: the stored `ChangeEvent`, with its row id, the delivery it came from
/// and when it was stored. Its fields read as the record's own (`record.service`).
@dynamicMemberLookup
public struct ChangeRecord: Sendable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "change_event"

    public var id: Int64
    /// The change as intake and the CLI describe it.
    public var event: ChangeEvent
    /// The webhook delivery it came from; nil for `change record`.
    public var deliveryID: Int64?
    public var createdAt: Date

    public subscript<Value>(dynamicMember field: KeyPath<ChangeEvent, Value>) -> Value { event[keyPath: field] }

    public init(row: Row) throws {
        id = row["id"]
        let kind: String = row["kind"]
        guard let known = ChangeKind(rawValue: kind) else {
            throw DatabaseError(message: "change_event row \(id): unknown kind '\(kind)'")
        }
        event = ChangeEvent(
            source: row["source"], dedupKey: row["dedup_key"], service: row["service"], kind: known, version: row["version"],
            actor: row["actor"], at: row["at"], link: row["link"], status: row["status"], environment: row["environment"])
        deliveryID = row["delivery_id"]
        createdAt = row["created_at"]
    }
}

/// A bundle's `data/changes.json` rows: the columns of `change_event`, by name.
extension ChangeRecord: Codable {
    enum CodingKeys: String, CodingKey {
        case id, source, service, kind, version, actor, at, link, status, environment
        case dedupKey = "dedup_key", deliveryID = "delivery_id", createdAt = "created_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        event = ChangeEvent(
            source: try c.decode(String.self, forKey: .source), dedupKey: try c.decode(String.self, forKey: .dedupKey),
            service: try c.decode(String.self, forKey: .service), kind: try c.decode(ChangeKind.self, forKey: .kind),
            version: try c.decode(String.self, forKey: .version), actor: try c.decodeIfPresent(String.self, forKey: .actor),
            at: try c.decode(Date.self, forKey: .at), link: try c.decodeIfPresent(String.self, forKey: .link),
            status: try c.decodeIfPresent(String.self, forKey: .status), environment: try c.decodeIfPresent(String.self, forKey: .environment))
        deliveryID = try c.decodeIfPresent(Int64.self, forKey: .deliveryID)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(event.source, forKey: .source)
        try c.encode(event.dedupKey, forKey: .dedupKey)
        try c.encode(event.service, forKey: .service)
        try c.encode(event.kind, forKey: .kind)
        try c.encode(event.version, forKey: .version)
        try c.encode(event.actor, forKey: .actor)
        try c.encode(event.at, forKey: .at)
        try c.encode(event.link, forKey: .link)
        try c.encode(event.status, forKey: .status)
        try c.encode(event.environment, forKey: .environment)
        try c.encode(deliveryID, forKey: .deliveryID)
        try c.encode(createdAt, forKey: .createdAt)
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
