import Foundation
import GRDB

extension AppDatabase {
    /// The stamp of every postmortem file as last digested, by file name.
    public func postmortemDigestStamps() async throws -> [String: PostmortemFileStamp] {
        try await writer.read { db in
            var stamps: [String: PostmortemFileStamp] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT file, modified, size FROM postmortem_digest")
            while let row = try rows.next() {
                stamps[row["file"]] = PostmortemFileStamp(modified: row["modified"], size: row["size"])
            }
            return stamps
        }
    }

    /// Stores `digests` (replacing older ones of the same files) and forgets the files in `removing`,
    /// in one transaction.
    public func recordPostmortemDigests(_ digests: [PostmortemDigestRecord], removing: [String]) async throws {
        guard !digests.isEmpty || !removing.isEmpty else { return }
        try await writer.write { db in
            for digest in digests { try digest.upsert(db) }
            for file in removing { try db.execute(sql: "DELETE FROM postmortem_digest WHERE file = ?", arguments: [file]) }
        }
    }

    /// Each incident's digest, by incident id. When two files name the same incident, the first by
    /// file name counts (as on the site).
    public func postmortemDigests() async throws -> [String: PostmortemDigestRecord] {
        try await writer.read { db in
            var byIncident: [String: PostmortemDigestRecord] = [:]
            let rows = try PostmortemDigestRecord.fetchCursor(
                db, sql: "SELECT * FROM postmortem_digest WHERE incident_id IS NOT NULL ORDER BY incident_id, file")
            while let digest = try rows.next() {
                guard let id = digest.incidentID, byIncident[id] == nil else { continue }
                byIncident[id] = digest
            }
            return byIncident
        }
    }

    /// SQL selecting the one digest that counts for each incident (the first file by name).
    static let primaryDigests = """
        SELECT * FROM postmortem_digest AS d
        WHERE d.incident_id IS NOT NULL
          AND d.file = (SELECT min(d2.file) FROM postmortem_digest AS d2 WHERE d2.incident_id = d.incident_id)
        """
}
