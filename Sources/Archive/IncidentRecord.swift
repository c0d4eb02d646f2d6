import AftermathCore
import Foundation
import GRDB

/// A row of `incident`: one incident, whatever sender opened it.
public struct IncidentRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "incident"

    public var id: String
    public var title: String
    public var source: WebhookSource
    public var status: IncidentStatus
    public var severity: Severity
    public var services: [String]
    public var labels: [String: String]
    public var link: String?
    public var startedAt: Date
    public var acknowledgedAt: Date?
    public var resolvedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, title, source, status, severity, services, labels, link
        case startedAt = "started_at", acknowledgedAt = "acknowledged_at", resolvedAt = "resolved_at"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    /// Column names for queries.
    public enum Columns {
        public static let id = Column("id")
        public static let status = Column("status")
        public static let startedAt = Column("started_at")
        public static let resolvedAt = Column("resolved_at")
    }
}

extension IncidentRecord {
    /// The record as reading its row back would give it: times at the stored millisecond precision.
    var asStored: IncidentRecord {
        let stored = StoredTime.rounded
        var copy = self
        copy.startedAt = stored(startedAt)
        copy.acknowledgedAt = acknowledgedAt.map(stored)
        copy.resolvedAt = resolvedAt.map(stored)
        copy.createdAt = stored(createdAt)
        copy.updatedAt = stored(updatedAt)
        return copy
    }
}
