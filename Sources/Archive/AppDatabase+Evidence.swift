import AftermathCore
import Foundation
import GRDB
import GRDBSQLite

extension AppDatabase {
    /// Stores a finished job's evidence, if the job is still this worker's.
    ///
    /// Written in bounded transactions, so intake never waits behind a large capture for more than
    /// one of them: the lines (and their full-text index) go in chunks under ids reserved with the
    /// first chunk, and are invisible until the last chunk's transaction also writes the items
    /// themselves — each with a SHA-256 and a place in the hash chain — marks the job `done` and
    /// finishes the capture (with its manifest) once its last job ends. A store of at most one chunk
    /// is one transaction. Every transaction checks the job's lease first, so a worker whose lease
    /// was taken over stops and stores nothing; what it staged is swept later
    /// (`discardStaleStaging`). The caller keeps renewing the lease until this returns; with
    /// `renewing`, every transaction renews it too, so a long store keeps its job even while the
    /// caller's heartbeat is starved of CPU.
    public func storeEvidence(
        jobID: Int64, leaseToken: String, items: [NewEvidence], now: Date, chunking: EvidenceChunking = .standard,
        renewing renewal: LeaseRenewal? = nil
    ) async throws -> StoreOutcome {
        let chunks = items.indices.flatMap { index in chunking.ranges(of: items[index].lines).map { (item: index, lines: $0) } }
        /// The job and its capture while the lease is still ours, renewed first with `renewing`.
        @Sendable func holdLease(_ db: Database) throws -> (CaptureJobRecord, CaptureRecord)? {
            if let renewal, try !Self.extendLease(db, jobID: jobID, token: leaseToken, until: renewal.until()) { return nil }
            return try Self.leasedJob(db, jobID: jobID, token: leaseToken)
        }
        @Sendable func index(_ db: Database, _ chunk: (item: Int, lines: Range<Int>), ids: [String], incidentID: String?) throws {
            try Self.indexLines(db, evidenceID: ids[chunk.item], incidentID: incidentID, lines: items[chunk.item].lines[chunk.lines])
        }
        /// Renews the lease again once a chunk is written, so it counts from the commit: a chunk
        /// whose index merge outlasts the lease would otherwise leave it expired at commit, and a
        /// worker queued behind the transaction would take the job over.
        @Sendable func renewAfterChunk(_ db: Database) throws {
            if let renewal { _ = try Self.extendLease(db, jobID: jobID, token: leaseToken, until: renewal.until()) }
        }
        let reserved = try await writer.write { db -> (ids: [String], incidentID: String?, outcome: StoreOutcome?)? in
            guard let (job, capture) = try holdLease(db) else { return nil }
            let ids = try Self.reserveEvidenceIDs(db, count: items.count)
            for (id, item) in zip(ids, items) where !item.lines.isEmpty {
                try db.execute(
                    sql: "INSERT INTO evidence_staging (evidence_id, job_id, lease_token) VALUES (?, ?, ?)",
                    arguments: [id, jobID, leaseToken])
            }
            if let first = chunks.first { try index(db, first, ids: ids, incidentID: capture.incidentID) }
            guard chunks.count <= 1 else {
                try renewAfterChunk(db)
                return (ids, capture.incidentID, nil)
            }
            return (ids, capture.incidentID, try Self.finishStore(db, job: job, capture: capture, ids: ids, items: items, now: now))
        }
        guard let reserved else { return .leaseLost }
        if let outcome = reserved.outcome { return outcome }
        for chunk in chunks.dropFirst().dropLast() {
            let stillOurs = try await writer.write { db in
                guard try holdLease(db) != nil else { return false }
                try index(db, chunk, ids: reserved.ids, incidentID: reserved.incidentID)
                try renewAfterChunk(db)
                return true
            }
            guard stillOurs else { return .leaseLost }
        }
        return try await writer.write { db in
            guard let (job, capture) = try holdLease(db), let last = chunks.last else { return .leaseLost }
            try index(db, last, ids: reserved.ids, incidentID: reserved.incidentID)
            return try Self.finishStore(db, job: job, capture: capture, ids: reserved.ids, items: items, now: now)
        }
    }

    /// Makes a store's staged lines items: chains them, unstages them, marks the job `done` and
    /// finishes the capture once its last job ends.
    static func finishStore(
        _ db: Database, job: CaptureJobRecord, capture: CaptureRecord, ids: [String], items: [NewEvidence], now: Date
    ) throws -> StoreOutcome {
        var (seq, previous) = try EvidenceChain.head(db)
        for (ordinal, (id, item)) in zip(ids, items).enumerated() {
            seq += 1
            previous = try insertEvidence(
                db, id: id, seq: seq, job: job, capture: capture, ordinal: ordinal, item: item, previous: previous, now: now)
        }
        if let last = ids.last { try EvidenceChain.setHead(db, seq: seq, hash: previous, lastID: last) }
        try db.execute(sql: "DELETE FROM evidence_staging WHERE job_id = ?", arguments: [job.id])
        let failed = items.filter { $0.status != .ok }.count
        try db.execute(sql: """
            UPDATE capture_job SET state = 'done', finished_at = ?, lease_token = NULL, last_error = ? WHERE id = ?
            """, arguments: [now, failed == 0 ? nil : "\(failed) of \(items.count) item(s) not ok", job.id])
        try finishCaptureIfComplete(db, captureID: capture.id, now: now)
        return .stored(ids)
    }

    /// Inserts one item at chain position `seq` after `previous`; returns its chain hash. Its lines
    /// must already be indexed under `id`; content that is just those lines is not stored again
    /// (`EvidenceContentLayout`), though it is hashed and sized as the content it is.
    static func insertEvidence(
        _ db: Database, id: String, seq: Int64, job: CaptureJobRecord, capture: CaptureRecord, ordinal: Int, item: NewEvidence,
        previous: String, now: Date
    ) throws -> String {
        let sha = IncomingDelivery.sha256Hex(item.content)
        let request = String(decoding: try JSONEncoder.sorted.encode(item.request), as: UTF8.self)
        let metadata = EvidenceChain.metadata(
            id: id, incidentID: capture.incidentID, captureID: capture.id, jobID: job.id, ordinal: ordinal,
            collector: job.collector, kind: item.kind.rawValue, name: item.name, host: item.host, request: request,
            windowStart: capture.windowStart, windowEnd: capture.windowEnd, status: item.status.rawValue, error: item.error,
            exitCode: item.exitCode, size: item.content.count, redactions: item.redactions)
        let chain = EvidenceChain.link(previous: previous, contentSHA256: sha, metadata: metadata)
        let layout = EvidenceContentLayout.of(item.content, lines: item.lines.lazy.map(\.text))
        let insert = try db.cachedStatement(sql: """
            INSERT INTO evidence (id, seq, job_id, ordinal, capture_id, incident_id, collector, kind, name, host, request,
                window_start, window_end, status, error, exit_code, content, content_lines, content_type, size, sha256, redactions,
                line_count, started_at, finished_at, stored_at, prev_hash, chain_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, x''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.execute(arguments: [
            id, seq, job.id, ordinal, capture.id, capture.incidentID, job.collector, item.kind, item.name, item.host,
            request, capture.windowStart, capture.windowEnd, item.status, item.error, item.exitCode,
            layout == .blob ? item.content : nil, layout.rawValue, item.contentType, item.content.count, sha,
            item.redactions, item.lines.count, item.startedAt, item.finishedAt, now, previous, chain,
        ])
        return chain
    }

    /// The job and its capture while `token` still holds the job's lease; nil once it does not.
    static func leasedJob(_ db: Database, jobID: Int64, token: String) throws -> (CaptureJobRecord, CaptureRecord)? {
        guard let job = try CaptureJobRecord.fetchOne(db, key: jobID), job.state == .running, job.leaseToken == token,
              let capture = try CaptureRecord.fetchOne(db, key: job.captureID) else { return nil }
        return (job, capture)
    }

    /// `count` new item ids (`ev-<n>`), never handed out before, in order.
    static func reserveEvidenceIDs(_ db: Database, count: Int) throws -> [String] {
        guard count > 0 else { return [] }
        let first = try nextEvidenceNumber(db)
        try db.execute(sql: "UPDATE evidence_counter SET next = ? WHERE id = 1", arguments: [first + Int64(count)])
        return (0..<Int64(count)).map { "ev-\(first + $0)" }
    }

    /// The number the next reserved item id will carry.
    static func nextEvidenceNumber(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT next FROM evidence_counter WHERE id = 1") ?? 1
    }

    /// Never hands out ids up to `ev-<number>` (an import kept them).
    static func skipEvidenceNumbers(_ db: Database, through number: Int64) throws {
        try db.execute(sql: "UPDATE evidence_counter SET next = max(next, ?) WHERE id = 1", arguments: [number + 1])
    }

    /// Bulk-inserts lines, then indexes them in one `INSERT … SELECT` (per-row FTS triggers are
    /// 3–4× slower: every row becomes its own FTS segment). Lines are bound through SQLite's C API:
    /// at a million lines per capture, per-row argument arrays cost more than SQLite itself.
    /// A chunk's line numbers continue from its position in the item (`lines.startIndex + 1`).
    /// Texts are `StoredText.visible`: the item's content keeps a NUL byte for byte, its indexed
    /// line shows U+FFFD (a text column holding a NUL reads back cut at it).
    static func indexLines(_ db: Database, evidenceID: String, incidentID: String?, lines: ArraySlice<LogLine>) throws {
        guard !lines.isEmpty else { return }
        let first = (try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM evidence_line")) ?? 0) + 1
        let insert = try db.cachedStatement(sql: """
            INSERT INTO evidence_line (id, evidence_id, incident_id, line_no, ts, source, text) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let statement = insert.sqliteStatement
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        func bind(_ index: Int32, _ text: String?) {
            guard var text = text.map(StoredText.visible) else {
                sqlite3_bind_null(statement, index)
                return
            }
            text.withUTF8 { bytes in
                _ = sqlite3_bind_text(statement, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, Int32(clamping: bytes.count), transient)
            }
        }
        for (i, line) in lines.enumerated() {
            sqlite3_reset(statement)
            sqlite3_bind_int64(statement, 1, first + Int64(i))
            bind(2, evidenceID)
            bind(3, incidentID)
            sqlite3_bind_int64(statement, 4, Int64(lines.startIndex + i + 1))
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
        try db.cachedStatement(sql: "INSERT INTO evidence_fts (rowid, text) SELECT id, text FROM evidence_line WHERE id >= ?")
            .execute(arguments: [first])
    }

    /// Which of an item's lines `unindexLines` removes: those whose row id, or whose line number, is at most a bound.
    enum LineBound: String {
        case id
        case lineNumber = "line_no"
    }

    /// Deletes `evidenceID`'s lines whose `bound` is at most `upTo`, with their full-text entries:
    /// external-content FTS5 forgets a row only when told its old text (the 'delete' command).
    static func unindexLines(_ db: Database, evidenceID: String, upTo: some DatabaseValueConvertible, by bound: LineBound) throws {
        try db.execute(sql: """
            INSERT INTO evidence_fts (evidence_fts, rowid, text)
            SELECT 'delete', id, text FROM evidence_line WHERE evidence_id = ? AND \(bound.rawValue) <= ?
            """, arguments: [evidenceID, upTo])
        try db.execute(sql: "DELETE FROM evidence_line WHERE evidence_id = ? AND \(bound.rawValue) <= ?", arguments: [evidenceID, upTo])
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
                  let content = try Self.content(db, evidenceID: id) else {
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
