import AftermathCore
import Foundation
import GRDB

/// One full-text hit: the line, and the incident and item it belongs to.
public struct SearchHit: Sendable, Equatable {
    public var evidenceID: String
    public var incidentID: String?
    public var lineNo: Int
    public var timestamp: Date?
    public var source: String
    public var text: String
    public var collector: String
    public var itemName: String
}

extension AppDatabase {
    /// Lines matching `query` (FTS5 syntax: words, "phrases", prefix*, AND/OR/NOT), newest first:
    /// the most recently captured evidence first, and within an item its last lines first. This is
    /// the order FTS5 can walk without sorting every match (common words match ~5% of all lines).
    public func search(_ query: String, incidentID: String? = nil, limit: Int = 50) async throws -> [SearchHit] {
        try await writer.read { db in
            var sql = """
                SELECT l.evidence_id, l.incident_id, l.line_no, l.ts, l.source, l.text, e.collector, e.name
                FROM evidence_fts f
                JOIN evidence_line l ON l.id = f.rowid
                JOIN evidence e ON e.id = l.evidence_id
                WHERE evidence_fts MATCH ?
                """
            var arguments: StatementArguments = [Self.ftsQuery(query)]
            if let incidentID {
                sql += " AND l.incident_id = ?"
                arguments += [incidentID]
            }
            sql += " ORDER BY f.rowid DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                SearchHit(
                    evidenceID: row[0], incidentID: row[1], lineNo: row[2], timestamp: row[3], source: row[4],
                    text: row[5], collector: row[6], itemName: row[7])
            }
        }
    }

    /// Plain words are quoted so punctuation in a user's query (`connection-refused`, `a.b`) is
    /// searched literally; queries that already use FTS syntax (quotes, `*`, AND/OR/NOT) pass through.
    static func ftsQuery(_ query: String) -> String {
        let words = query.split(whereSeparator: \.isWhitespace).map(String.init)
        let usesSyntax = query.contains("\"") || query.contains("*")
            || words.contains { ["AND", "OR", "NOT", "NEAR"].contains($0) }
        if usesSyntax { return query }
        return words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " ")
    }
}
