import Foundation
import GRDB
import GRDBSQLite
import LineRegex

/// What a regex search found, and how: the lines it ran the pattern on, the full-text query that
/// chose them, and whether the time budget cut it short.
public struct RegexSearchOutcome: Sendable {
    /// Matching lines, newest first (as `search`), at most the limit.
    public var hits: [SearchHit]
    /// Lines the pattern was run on.
    public var scanned: Int
    /// The FTS5 query that picked the candidate lines; nil when every line was scanned.
    public var prefilter: String?
    /// Set when the budget ran out first: then `hits` are only those found in the lines scanned,
    /// out of this many candidate lines.
    public var truncatedOf: Int?
}

extension AppDatabase {
    /// Lines matching `pattern` among finished evidence (optionally one incident's, one collector's),
    /// newest first. Candidates come from the full-text index when the pattern has certain tokens
    /// (`RegexPrefilter`), else from every line; either way each candidate is matched by the linear-
    /// time `LineMatcher`, so the result equals a full scan. The scan stops at `limit` hits, or when
    /// `budget` has passed (checked every 256 lines), returning what it found with `truncatedOf` set.
    public func regexSearch(
        _ pattern: LinePattern, incidentID: String? = nil, collector: String? = nil, limit: Int = 50,
        budget: Duration = .seconds(10), usePrefilter: Bool = true
    ) async throws -> RegexSearchOutcome {
        try await writer.read { db in
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: budget)
            let prefilter = usePrefilter ? RegexPrefilter.ftsQuery(pattern.requiredLiterals) : nil
            let (from, arguments) = Self.regexCandidates(prefilter: prefilter, incidentID: incidentID, collector: collector)
            // Newest first, in the order each source walks without sorting (as `search`).
            let order = prefilter == nil ? " ORDER BY l.id DESC" : " ORDER BY f.rowid DESC"
            let statement = try db.makeStatement(sql: "SELECT l.text, l.id " + from + order)
            try statement.setArguments(arguments)
            let raw = statement.sqliteStatement
            // A matching line's other columns, by id: reading them for every candidate would cost more.
            let details = try db.makeStatement(sql: "SELECT evidence_id, incident_id, line_no, ts, source FROM evidence_line WHERE id = ?")
            let line = details.sqliteStatement
            let matcher = pattern.matcher()
            var hits: [SearchHit] = []
            var scanned = 0
            var timedOut = false
            while hits.count < limit {
                if scanned & 255 == 0, clock.now >= deadline {
                    timedOut = true
                    break
                }
                let code = sqlite3_step(raw)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                scanned += 1
                let bytes = UnsafeBufferPointer(start: sqlite3_column_text(raw, 0), count: Int(sqlite3_column_bytes(raw, 0)))
                guard matcher.matches(utf8: bytes) else { continue }
                sqlite3_reset(line)
                sqlite3_bind_int64(line, 1, sqlite3_column_int64(raw, 1))
                guard sqlite3_step(line) == SQLITE_ROW else { continue }
                hits.append(SearchHit(
                    evidenceID: String(sqliteStatement: line, index: 0),
                    incidentID: sqlite3_column_type(line, 1) == SQLITE_NULL ? nil : String(sqliteStatement: line, index: 1),
                    lineNo: Int(sqlite3_column_int64(line, 2)),
                    timestamp: Date.fromDatabaseValue(DatabaseValue(sqliteStatement: line, index: 3)),
                    source: String(sqliteStatement: line, index: 4),
                    text: String(decoding: bytes, as: UTF8.self), collector: "", itemName: ""))
            }
            sqlite3_reset(raw)
            sqlite3_reset(line)
            let total = timedOut ? try Int.fetchOne(db, sql: "SELECT count(*) " + from, arguments: arguments) ?? 0 : nil
            return RegexSearchOutcome(hits: try Self.withItems(db, hits), scanned: scanned, prefilter: prefilter, truncatedOf: total)
        }
    }

    /// `FROM …` choosing candidate lines (as `l`) of finished items in scope: staged lines of an
    /// item not yet stored are left out, as `search` leaves them out. Without a filter that is
    /// "not staged" (a line's item is either stored or still staged: staging is cleared only when
    /// the item is written or its lines are gone), which costs far less per line than "stored".
    private static func regexCandidates(prefilter: String?, incidentID: String?, collector: String?) -> (String, StatementArguments) {
        var items = "SELECT id FROM evidence WHERE 1"
        var arguments: StatementArguments = []
        if let prefilter { arguments += [prefilter] }
        if let incidentID {
            items += " AND incident_id = ?"
            arguments += [incidentID]
        }
        if let collector {
            items += " AND collector = ?"
            arguments += [collector]
        }
        let scope = incidentID == nil && collector == nil
            ? "l.evidence_id NOT IN (SELECT evidence_id FROM evidence_staging)" : "l.evidence_id IN (\(items))"
        let from = prefilter == nil
            ? "FROM evidence_line l WHERE \(scope)"
            : "FROM evidence_fts f JOIN evidence_line l ON l.id = f.rowid WHERE evidence_fts MATCH ? AND \(scope)"
        return (from, arguments)
    }

    /// The hits with their items' collector and name (one query per 500 distinct items).
    private static func withItems(_ db: Database, _ hits: [SearchHit]) throws -> [SearchHit] {
        var items: [String: (collector: String, name: String)] = [:]
        let ids = Array(Set(hits.map(\.evidenceID)))
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: "SELECT id, collector, name FROM evidence WHERE id IN (\(marks))", arguments: StatementArguments(chunk)) {
                items[row[0]] = (row[1], row[2])
            }
        }
        return hits.compactMap { hit in
            guard let item = items[hit.evidenceID] else { return nil }
            var hit = hit
            hit.collector = item.collector
            hit.itemName = item.name
            return hit
        }
    }
}
