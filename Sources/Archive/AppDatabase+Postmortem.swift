import AftermathCore
import Foundation
import GRDB

/// Why a postmortem file name could not be assigned.
public struct PostmortemFileError: Error, Equatable, CustomStringConvertible {
    /// The incident it belongs to.
    public let incidentID: String
    /// The names that were taken.
    public let tried: [String]
    public var description: String {
        "no free postmortem file name for incident \(incidentID) (tried \(tried.joined(separator: ", ")))"
    }
}

extension AppDatabase {
    // MARK: Scheduling (inside intake transactions)

    /// The postmortem row of an incident, read inside a transaction.
    static func postmortemRecord(_ db: Database, incidentID: String) throws -> PostmortemRecord? {
        try PostmortemRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM postmortem WHERE incident_id = ?"), arguments: [incidentID])
    }

    /// Sets when an incident's postmortem is next written, creating its row if needed; called inside
    /// a transaction (`IntakeTransaction`) so the schedule commits with the change that caused it.
    static func schedulePostmortem(
        _ db: Database, incidentID: String, dueAt: Date, reason: PostmortemDueReason, now: Date
    ) throws {
        try db.cachedStatement(sql: """
            INSERT INTO postmortem (incident_id, due_at, due_reason, attempts, created_at, updated_at)
            VALUES (?, ?, ?, 0, ?, ?)
            ON CONFLICT (incident_id) DO UPDATE SET
                due_at = excluded.due_at, due_reason = excluded.due_reason, attempts = 0, last_error = NULL,
                updated_at = excluded.updated_at
            """).execute(arguments: [incidentID, dueAt, reason.rawValue, now, now])
    }

    // MARK: Reading

    /// The postmortem row of an incident, if it has one.
    public func postmortem(incidentID: String) async throws -> PostmortemRecord? {
        try await writer.read { db in try Self.postmortemRecord(db, incidentID: incidentID) }
    }

    /// Every postmortem row.
    public func postmortemRecords() async throws -> [PostmortemRecord] {
        try await writer.read { db in try PostmortemRecord.order(PostmortemRecord.Columns.incidentID).fetchAll(db) }
    }

    /// Rows due at `now` (oldest due first), at most `limit`.
    public func duePostmortems(now: Date, limit: Int = 50) async throws -> [PostmortemRecord] {
        try await writer.read { db in
            try PostmortemRecord
                .filter(PostmortemRecord.Columns.dueAt != nil && PostmortemRecord.Columns.dueAt <= now)
                .order(PostmortemRecord.Columns.dueAt, PostmortemRecord.Columns.incidentID)
                .limit(limit)
                .fetchAll(db)
        }
    }

    /// The earliest pending due time, if any.
    public func nextPostmortemDue() async throws -> Date? {
        try await writer.read { db in try Date.fetchOne(db, sql: "SELECT min(due_at) FROM postmortem") }
    }

    /// Incidents that have no postmortem row yet (opened before postmortems were scheduled).
    public func incidentsWithoutPostmortem() async throws -> [IncidentRecord] {
        try await writer.read { db in
            try IncidentRecord.fetchAll(db, sql: """
                SELECT incident.* FROM incident
                LEFT JOIN postmortem ON postmortem.incident_id = incident.id
                WHERE postmortem.incident_id IS NULL
                ORDER BY incident.started_at, incident.id
                """)
        }
    }

    /// The incident's file name: the one already assigned, or the first of `candidates` that no other
    /// incident holds and `isFree` accepts (it checks the disk). Creates the row when needed.
    public func assignPostmortemFile(
        incidentID: String, candidates: [String], now: Date, isFree: @escaping @Sendable (String) -> Bool
    ) async throws -> String {
        try await writer.write { db in
            if let existing = try Self.postmortemRecord(db, incidentID: incidentID), let file = existing.file {
                return file
            }
            for candidate in candidates {
                let taken = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM postmortem WHERE file = ? AND incident_id != ?)",
                    arguments: [candidate, incidentID]) ?? true
                guard !taken, isFree(candidate) else { continue }
                try db.execute(sql: """
                    INSERT INTO postmortem (incident_id, file, attempts, created_at, updated_at) VALUES (?, ?, 0, ?, ?)
                    ON CONFLICT (incident_id) DO UPDATE SET file = excluded.file, updated_at = excluded.updated_at
                    """, arguments: [incidentID, candidate, now, now])
                return candidate
            }
            throw PostmortemFileError(incidentID: incidentID, tried: candidates)
        }
    }

    // MARK: Writing outcomes

    /// Records a successful write (or a final file left alone). With `clearingDue`, the pending due
    /// time is cleared only if it is still that one: a schedule set meanwhile (the incident resolved
    /// while the file was being written) survives. `firstWriteNotifications` are queued in the same
    /// transaction when this is the first write of the incident's postmortem.
    public func recordPostmortemWrite(
        incidentID: String, at: Date, sha256: String, documentStatus: String?, clearingDue: Date?,
        firstWriteNotifications: [OutboxEntry] = []
    ) async throws {
        try await writer.write { db in
            if !firstWriteNotifications.isEmpty, try Self.postmortemRecord(db, incidentID: incidentID)?.writtenAt == nil {
                try Self.enqueue(db, firstWriteNotifications, now: at)
            }
            try db.execute(sql: """
                UPDATE postmortem SET written_at = ?, written_sha256 = ?, document_status = ?, attempts = 0,
                    last_error = NULL, updated_at = ?
                WHERE incident_id = ?
                """, arguments: [at, sha256, documentStatus, at, incidentID])
            if let clearingDue {
                try db.execute(
                    sql: "UPDATE postmortem SET due_at = NULL, due_reason = NULL WHERE incident_id = ? AND due_at = ?",
                    arguments: [incidentID, clearingDue])
            }
        }
    }

    /// Records the document status read from the file (a person may have changed it).
    public func recordPostmortemStatus(incidentID: String, documentStatus: String?) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE postmortem SET document_status = ? WHERE incident_id = ?", arguments: [documentStatus, incidentID])
        }
    }

    /// Records a failed scheduled write and moves its due time to `retryAt` (if it is still `expectedDue`).
    /// `overdueNotifications` are queued in the same transaction when this is the first failure since
    /// the last success (a streak of retries notifies once).
    public func recordPostmortemFailure(
        incidentID: String, error: String, retryAt: Date, expectedDue: Date, now: Date, overdueNotifications: [OutboxEntry] = []
    ) async throws {
        try await writer.write { db in
            if !overdueNotifications.isEmpty, try Self.postmortemRecord(db, incidentID: incidentID)?.attempts == 0 {
                try Self.enqueue(db, overdueNotifications, now: now)
            }
            try db.execute(sql: """
                UPDATE postmortem SET attempts = attempts + 1, last_error = ?, updated_at = ?,
                    due_at = CASE WHEN due_at = ? THEN ? ELSE due_at END
                WHERE incident_id = ?
                """, arguments: [error, now, expectedDue, retryAt, incidentID])
        }
    }

    // MARK: Revisions

    /// Stores one revision of a postmortem file.
    @discardableResult
    public func addPostmortemRevision(_ revision: PostmortemRevisionRecord) async throws -> PostmortemRevisionRecord {
        try await writer.write { db in
            var stored = revision
            try stored.insert(db)
            return stored
        }
    }

    /// An incident's revisions, oldest first.
    public func postmortemRevisions(incidentID: String) async throws -> [PostmortemRevisionRecord] {
        try await writer.read { db in
            try PostmortemRevisionRecord.filter(Column("incident_id") == incidentID).order(Column("id")).fetchAll(db)
        }
    }

    /// An incident's newest revision.
    public func latestPostmortemRevision(incidentID: String) async throws -> PostmortemRevisionRecord? {
        try await writer.read { db in
            try PostmortemRevisionRecord.filter(Column("incident_id") == incidentID).order(Column("id").desc).fetchOne(db)
        }
    }

    // MARK: Evidence the postmortem reads

    /// Which of `ids` name stored evidence items.
    public func existingEvidenceIDs(_ ids: Set<String>) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try await writer.read { db in
            var found: Set<String> = []
            for chunk in Array(ids).sorted().chunked(500) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                let rows = try String.fetchAll(
                    db, sql: "SELECT id FROM evidence WHERE id IN (\(marks))", arguments: StatementArguments(chunk))
                found.formUnion(rows)
            }
            return found
        }
    }

    /// Timestamped lines of an incident's log evidence whose text contains any of `terms`
    /// (ASCII case-insensitive), in storage order.
    public func timestampedLogLines(incidentID: String, containingAny terms: [String]) async throws -> [EvidenceLineRecord] {
        guard !terms.isEmpty else { return [] }
        return try await writer.read { db in
            let likes = terms.map { _ in "evidence_line.text LIKE ? ESCAPE '\\'" }.joined(separator: " OR ")
            let patterns = terms.map { "%" + $0.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%" }
            return try EvidenceLineRecord.fetchAll(db, sql: """
                SELECT evidence_line.* FROM evidence_line
                JOIN evidence ON evidence.id = evidence_line.evidence_id
                WHERE evidence.incident_id = ? AND evidence.kind = 'log' AND evidence_line.ts IS NOT NULL AND (\(likes))
                ORDER BY evidence.seq, evidence_line.line_no
                """, arguments: StatementArguments([incidentID] + patterns))
        }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
