import AftermathCore
import Foundation
import GRDB
import GRDBSQLite

extension AppDatabase {
    /// Stores a finished job's evidence in one transaction, if the job is still this worker's.
    ///
    /// Items get stable ids (`ev-<seq>`), a SHA-256 each, a place in the hash chain, and their
    /// lines in the full-text index. The job becomes `done`, and the capture is finished (with
    /// its manifest) once its last job ends.
    public func storeEvidence(jobID: Int64, leaseToken: String, items: [NewEvidence], now: Date) async throws -> StoreOutcome {
        try await writer.write { db in
            guard let job = try CaptureJobRecord.fetchOne(db, key: jobID), job.state == .running, job.leaseToken == leaseToken,
                  let capture = try CaptureRecord.fetchOne(db, key: job.captureID) else {
                return .leaseLost
            }
            var (seq, previous) = try EvidenceChain.head(db)
            var ids: [String] = []
            for (ordinal, item) in items.enumerated() {
                seq += 1
                let id = "ev-\(seq)"
                let sha = IncomingDelivery.sha256Hex(item.content)
                let request = String(decoding: try JSONEncoder.sorted.encode(item.request), as: UTF8.self)
                let metadata = EvidenceChain.metadata(
                    id: id, incidentID: capture.incidentID, captureID: capture.id, jobID: jobID, ordinal: ordinal,
                    collector: job.collector, kind: item.kind, name: item.name, host: item.host, request: request,
                    windowStart: capture.windowStart, windowEnd: capture.windowEnd, status: item.status, error: item.error,
                    exitCode: item.exitCode, size: item.content.count, redactions: item.redactions)
                let chain = EvidenceChain.link(previous: previous, contentSHA256: sha, metadata: metadata)
                try db.execute(sql: """
                    INSERT INTO evidence (id, seq, job_id, ordinal, capture_id, incident_id, collector, kind, name, host, request,
                        window_start, window_end, status, error, exit_code, content, content_type, size, sha256, redactions,
                        line_count, started_at, finished_at, stored_at, prev_hash, chain_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        id, seq, jobID, ordinal, capture.id, capture.incidentID, job.collector, item.kind, item.name, item.host,
                        request, capture.windowStart, capture.windowEnd, item.status, item.error, item.exitCode, item.content,
                        item.contentType, item.content.count, sha, item.redactions, item.lines.count, item.startedAt,
                        item.finishedAt, now, previous, chain,
                    ])
                try Self.indexLines(db, evidenceID: id, incidentID: capture.incidentID, lines: item.lines)
                previous = chain
                ids.append(id)
            }
            try EvidenceChain.setHead(db, seq: seq, hash: previous)
            let failed = items.filter { $0.status != "ok" }.count
            try db.execute(sql: """
                UPDATE capture_job SET state = 'done', finished_at = ?, lease_token = NULL, last_error = ? WHERE id = ?
                """, arguments: [now, failed == 0 ? nil : "\(failed) of \(items.count) item(s) not ok", jobID])
            try Self.finishCaptureIfComplete(db, captureID: capture.id, now: now)
            return .stored(ids)
        }
    }

    /// Bulk-inserts lines, then indexes them in one `INSERT … SELECT` (per-row FTS triggers are
    /// 3–4× slower: every row becomes its own FTS segment). Lines are bound through SQLite's C API:
    /// at a million lines per capture, per-row argument arrays cost more than SQLite itself.
    static func indexLines(_ db: Database, evidenceID: String, incidentID: String?, lines: [NewEvidence.Line]) throws {
        guard !lines.isEmpty else { return }
        let first = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM evidence_line") ?? 0) + 1
        let insert = try db.cachedStatement(sql: """
            INSERT INTO evidence_line (id, evidence_id, incident_id, line_no, ts, source, text) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let statement = insert.sqliteStatement
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        func bind(_ index: Int32, _ text: String?) {
            guard var text else {
                sqlite3_bind_null(statement, index)
                return
            }
            text.withUTF8 { bytes in
                _ = sqlite3_bind_text(statement, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, Int32(bytes.count), transient)
            }
        }
        for (i, line) in lines.enumerated() {
            sqlite3_reset(statement)
            sqlite3_bind_int64(statement, 1, first + Int64(i))
            bind(2, evidenceID)
            bind(3, incidentID)
            sqlite3_bind_int64(statement, 4, Int64(i + 1))
            if let ts = line.timestamp {
                sqlite3_bind_double(statement, 5, ts.timeIntervalSince1970)
            } else {
                sqlite3_bind_null(statement, 5)
            }
            bind(6, line.source)
            bind(7, line.text)
            let code = sqlite3_step(statement)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        try db.execute(
            sql: "INSERT INTO evidence_fts (rowid, text) SELECT id, text FROM evidence_line WHERE id >= ?",
            arguments: [first])
    }

    /// Evidence of an incident (or of every incident), in storage order, without content.
    public func evidence(incidentID: String?) async throws -> [EvidenceSummary] {
        try await writer.read { db in
            if let incidentID {
                return try EvidenceSummary.fetchAll(
                    db, sql: "SELECT \(EvidenceSummary.columns) FROM evidence WHERE incident_id = ? ORDER BY seq", arguments: [incidentID])
            }
            return try EvidenceSummary.fetchAll(db, sql: "SELECT \(EvidenceSummary.columns) FROM evidence ORDER BY seq")
        }
    }

    /// One item with its content.
    public func evidenceItem(id: String) async throws -> (summary: EvidenceSummary, content: Data)? {
        try await writer.read { db in
            guard let summary = try EvidenceSummary.fetchOne(
                db, sql: "SELECT \(EvidenceSummary.columns) FROM evidence WHERE id = ?", arguments: [id]),
                  let content = try Data.fetchOne(db, sql: "SELECT content FROM evidence WHERE id = ?", arguments: [id]) else {
                return nil
            }
            return (summary, content)
        }
    }

    /// The indexed lines of one item, in order.
    public func evidenceLines(id: String, limit: Int? = nil) async throws -> [EvidenceLineRecord] {
        try await writer.read { db in
            var sql = "SELECT * FROM evidence_line WHERE evidence_id = ? ORDER BY line_no"
            if let limit { sql += " LIMIT \(limit)" }
            return try EvidenceLineRecord.fetchAll(db, sql: sql, arguments: [id])
        }
    }

    /// Captures of an incident, oldest first.
    public func captures(incidentID: String) async throws -> [CaptureRecord] {
        try await writer.read { db in
            try CaptureRecord.filter(Column("incident_id") == incidentID).order(Column("id")).fetchAll(db)
        }
    }

    /// One capture.
    public func capture(id: Int64) async throws -> CaptureRecord? {
        try await writer.read { db in try CaptureRecord.fetchOne(db, key: id) }
    }
}
