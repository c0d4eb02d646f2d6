import AftermathCore
import Foundation
import GRDB

/// Filters for listing incidents.
public struct IncidentFilter: Sendable {
    public var status: IncidentStatus?
    public var limit: Int?

    public init(status: IncidentStatus? = nil, limit: Int? = nil) {
        self.status = status
        self.limit = limit
    }
}

/// An incident with everything recorded about it.
public struct IncidentDetail: Sendable, Equatable {
    public var incident: IncidentRecord
    public var alerts: [AlertRecord]
    public var timeline: [TimelineEventRecord]
    public var deliveryIDs: [Int64]
}

extension AppDatabase {
    /// Incidents newest first.
    public func incidents(_ filter: IncidentFilter = IncidentFilter()) async throws -> [IncidentRecord] {
        try await writer.read { db in
            var request = IncidentRecord.order(IncidentRecord.Columns.startedAt.desc, Column("created_at").desc)
            if let status = filter.status { request = request.filter(IncidentRecord.Columns.status == status.rawValue) }
            if let limit = filter.limit { request = request.limit(limit) }
            return try request.fetchAll(db)
        }
    }

    /// One incident with its alerts (oldest first) and timeline (in time order); nil if unknown.
    public func incident(id: String) async throws -> IncidentDetail? {
        try await writer.read { db in try Self.detail(db, id: id) }
    }

    /// Every incident with its alerts and timeline, newest first.
    public func incidentDetails(_ filter: IncidentFilter = IncidentFilter()) async throws -> [IncidentDetail] {
        let list = try await incidents(filter)
        return try await writer.read { db in try list.compactMap { try Self.detail(db, id: $0.id) } }
    }

    static func detail(_ db: Database, id: String) throws -> IncidentDetail? {
        guard let incident = try IncidentRecord.fetchOne(db, key: id) else { return nil }
        let alerts = try AlertRecord.filter(Column("incident_id") == id)
            .order(Column("starts_at"), Column("id")).fetchAll(db)
        let timeline = try TimelineEventRecord.filter(Column("incident_id") == id)
            .order(Column("at"), Column("id")).fetchAll(db)
        let deliveries = try Int64.fetchAll(
            db, sql: "SELECT delivery_id FROM delivery_incident WHERE incident_id = ? ORDER BY delivery_id", arguments: [id])
        return IncidentDetail(incident: incident, alerts: alerts, timeline: timeline, deliveryIDs: deliveries)
    }

    /// Deliveries kept but not applied (quarantined or opaque), newest first.
    public func quarantinedDeliveries(limit: Int? = nil) async throws -> [DeliveryRecord] {
        try await writer.read { db in
            var request = DeliveryRecord
                .filter([DeliveryDisposition.quarantined.rawValue, DeliveryDisposition.opaque.rawValue].contains(Column("disposition")))
                .order(Column("received_at").desc, Column("id").desc)
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db)
        }
    }

    /// One stored delivery.
    public func delivery(id: Int64) async throws -> DeliveryRecord? {
        try await writer.read { db in try DeliveryRecord.fetchOne(db, key: id) }
    }

    /// How many deliveries are stored, by disposition.
    public func deliveryCounts() async throws -> [DeliveryDisposition: Int] {
        try await writer.read { db in
            var counts: [DeliveryDisposition: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT disposition, count(*) AS n FROM delivery GROUP BY disposition") {
                if let d = DeliveryDisposition(rawValue: row["disposition"]) { counts[d] = row["n"] }
            }
            return counts
        }
    }
}
