import Foundation
import GRDB

extension AppDatabase {
    /// Stores (or replaces) an incident's detection lead.
    public func recordDetection(_ detection: IncidentDetectionRecord) async throws {
        try await writer.write { db in try detection.upsert(db) }
    }

    /// An incident's detection lead, if computed.
    public func detection(incidentID: String) async throws -> IncidentDetectionRecord? {
        try await writer.read { db in try IncidentDetectionRecord.fetchOne(db, key: incidentID) }
    }
}
