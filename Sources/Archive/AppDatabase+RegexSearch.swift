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
            let statement = try db.makeStatement(sql: "SELECT l.id, l.text " + from + order)
            try statement.setArguments(arguments)
            let raw = statement.sqliteStatement
            let matcher = pattern.matcher()
            var ids: [Int64] = []
            var scanned = 0
            var timedOut = false
            while ids.count < limit {
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
                let bytes = UnsafeBufferPointer(
                    start: sqlite3_column_text(raw, 1), count: Int(sqlite3_column_bytes(raw, 1)))
                if matcher.matches(utf8: bytes) { ids.append(sqlite3_column_int64(raw, 0)) }
            }
            sqlite3_reset(raw)
            let total = timedOut ? try Int.fetchOne(db, sql: "SELECT count(*) " + from, arguments: arguments) ?? 0 : nil
            return RegexSearchOutcome(hits: try Self.searchHits(db, ids: ids), scanned: scanned, prefilter: prefilter, truncatedOf: total)
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

    /// The hits for line ids, in the order given.
    private static func searchHits(_ db: Database, ids: [Int64]) throws -> [SearchHit] {
        var byID: [Int64: SearchHit] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let rows = try Row.fetchAll(db, sql: """
                SELECT l.id, l.evidence_id, l.incident_id, l.line_no, l.ts, l.source, l.text, e.collector, e.name
                FROM evidence_line l JOIN evidence e ON e.id = l.evidence_id WHERE l.id IN (\(marks))
                """, arguments: StatementArguments(chunk))
            for row in rows {
                byID[row[0]] = SearchHit(
                    evidenceID: row[1], incidentID: row[2], lineNo: row[3], timestamp: row[4], source: row[5],
                    text: row[6], collector: row[7], itemName: row[8])
            }
        }
        return ids.compactMap { byID[$0] }
    }
}
