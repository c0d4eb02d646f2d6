import AftermathCore
import Foundation
import GRDB

/// A row of `alert`: one alert episode (fingerprint + startsAt) within an incident.
public struct AlertRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "alert"

    public var id: Int64?
    public var incidentID: String
    public var correlationKey: String
    public var fingerprint: String
    public var startsAt: Date
    public var endsAt: Date?
    public var status: AlertStatus
    public var name: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var generatorURL: String?

    enum CodingKeys: String, CodingKey {
        case id, fingerprint, status, name, labels, annotations
        case incidentID = "incident_id", correlationKey = "correlation_key"
        case startsAt = "starts_at", endsAt = "ends_at", generatorURL = "generator_url"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension AlertRecord {
    /// An incident's alerts (one cached statement: intake reads them for every change).
    /// In insertion order, which alerts held in memory keep too.
    static func of(incidentID: String, in db: Database) throws -> [AlertRecord] {
        try AlertRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM alert WHERE incident_id = ? ORDER BY id"), arguments: [incidentID])
    }

    /// The record as reading its row back would give it: times at the stored millisecond precision.
    var asStored: AlertRecord {
        var copy = self
        copy.startsAt = StoredTime.rounded(startsAt)
        copy.endsAt = endsAt.map(StoredTime.rounded)
        return copy
    }

    /// `alerts` (each `asStored`) if reading them back gives them exactly: nil when a text column
    /// holds a NUL, where reading a text stops.
    static func asRead(_ alerts: [AlertRecord]) -> [AlertRecord]? {
        let whole = alerts.allSatisfy { alert in
            ![alert.incidentID, alert.correlationKey, alert.fingerprint, alert.name, alert.generatorURL ?? ""].contains { $0.contains("\u{0}") }
        }
        return whole ? alerts : nil
    }
}
