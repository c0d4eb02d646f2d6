import AftermathCore
import Foundation
import GRDB

// The rows the intake transaction inserts for every new incident, written through cached
// statements instead of GRDB's Codable record encoding (which builds a persistence container and
// a JSON encoder per column for each row). The stored values are the same: dates as GRDB stores
// them (`StoredTime.value`), enums as their raw values, JSON columns through the record's own
// `databaseJSONEncoder`.

extension IncidentRecord {
    /// Inserts this incident (what `insert(db)` stores).
    func insertRow(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO incident (id, title, source, status, severity, services, labels, link, started_at,
                acknowledged_at, resolved_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                id, title, source.rawValue, status.rawValue, severity.rawValue,
                try Self.jsonColumn(services, CodingKeys.services), try Self.jsonColumn(labels, CodingKeys.labels), link,
                StoredTime.value(startedAt), acknowledgedAt.map(StoredTime.value), resolvedAt.map(StoredTime.value),
                StoredTime.value(createdAt), StoredTime.value(updatedAt),
            ])
    }
}

extension AlertRecord {
    /// Inserts this alert and sets its id (what `insert(db)` stores).
    mutating func insertRow(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO alert (id, incident_id, correlation_key, fingerprint, starts_at, ends_at, status, name, labels,
                annotations, generator_url)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                id, incidentID, correlationKey, fingerprint, StoredTime.value(startsAt), endsAt.map(StoredTime.value),
                status.rawValue, name,
                try Self.jsonColumn(labels, CodingKeys.labels), try Self.jsonColumn(annotations, CodingKeys.annotations),
                generatorURL,
            ])
        id = db.lastInsertedRowID
    }
}

extension TimelineEventRecord {
    /// Inserts this event and sets its id (what `insert(db)` stores).
    mutating func insertRow(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO timeline_event (id, incident_id, at, kind, source, actor, text, delivery_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                id, incidentID, StoredTime.value(at), kind.rawValue, source, actor, text, deliveryID, StoredTime.value(createdAt),
            ])
        id = db.lastInsertedRowID
    }
}

extension EncodableRecord {
    /// `value` as the JSON text GRDB's Codable encoding stores in `column`.
    fileprivate static func jsonColumn(_ value: some Encodable, _ column: some CodingKey) throws -> String {
        String(decoding: try databaseJSONEncoder(for: column.stringValue).encode(value), as: UTF8.self)
    }
}
