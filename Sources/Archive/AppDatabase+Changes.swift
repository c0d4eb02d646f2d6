import AftermathCore
import Foundation
import GRDB

extension AppDatabase {
    /// Stores a change recorded by hand (`change record`); a change with the same (source, dedup
    /// key) already stored is returned as it is, with `duplicate` set.
    public func recordChange(_ change: ChangeEvent, now: Date) async throws -> (record: ChangeRecord, duplicate: Bool) {
        try await writer.write { db in
            let inserted = try Self.insert(change, deliveryID: nil, now: now, in: db)
            guard let record = try ChangeRecord.filter(Column("source") == change.source && Column("dedup_key") == change.dedupKey)
                .fetchOne(db) else { throw DatabaseError(message: "the change just stored cannot be read back") }
            return (record, !inserted)
        }
    }

    /// Inserts `change` unless its (source, dedup key) is stored; true when it was inserted.
    static func insert(_ change: ChangeEvent, deliveryID: Int64?, now: Date, in db: Database) throws -> Bool {
        try db.cachedStatement(sql: """
            INSERT INTO change_event (source, dedup_key, service, kind, version, actor, at, link, status, environment, delivery_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source, dedup_key) DO NOTHING
            """).execute(arguments: [
                change.source, change.dedupKey, change.service, change.kind.rawValue, change.version, change.actor, change.at,
                change.link, change.status, change.environment, deliveryID, now,
            ])
        return db.changesCount > 0
    }

    /// Changes newest first, of one service when `service` is set.
    public func changes(service: String? = nil, limit: Int? = nil) async throws -> [ChangeRecord] {
        try await writer.read { db in
            var request = ChangeRecord.order(Column("at").desc, Column("id").desc)
            if let service { request = request.filter(Column("service") == service) }
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db)
        }
    }

    /// Changes to any of `services` from `from` through `to` (open-ended when nil), oldest first.
    public func changes(services: [String], from: Date, to: Date?) async throws -> [ChangeRecord] {
        guard !services.isEmpty else { return [] }
        return try await writer.read { db in
            var request = ChangeRecord.filter(services.contains(Column("service")) && Column("at") >= from)
            if let to { request = request.filter(Column("at") <= to) }
            return try request.order(Column("at"), Column("id")).fetchAll(db)
        }
    }
}
