import Foundation
import GRDB

/// How large one evidence transaction may grow: a chunk ends at `lines` lines or `bytes` bytes
/// of line text, whichever comes first (a single longer line is a chunk of its own).
public struct EvidenceChunking: Sendable, Equatable {
    public var lines: Int
    public var bytes: Int

    public init(lines: Int = 2_000, bytes: Int = 1 << 20) {
        self.lines = max(1, lines)
        self.bytes = max(1, bytes)
    }

    /// 2,000 lines or 1 MiB: about 30 ms of SQLite and FTS work here.
    public static let standard = EvidenceChunking()

    /// The index ranges of `lines`, chunk by chunk.
    func ranges(of lines: [LogLine]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < lines.count {
            var end = start
            var bytes = 0
            while end < lines.count, end - start < self.lines {
                bytes += lines[end].text.utf8.count
                if end > start, bytes > self.bytes { break }
                end += 1
            }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }
}

extension AppDatabase {
    /// Removes, in one bounded transaction, up to `limit` lines staged by storage attempts that can
    /// no longer finish (their job ended, or another attempt holds it now). Returns the lines removed;
    /// the capture worker calls it between rounds until it returns 0.
    @discardableResult
    public func discardStaleStaging(limit: Int = 2_000) async throws -> Int {
        let stale = """
            SELECT s.evidence_id FROM evidence_staging s
            LEFT JOIN capture_job j ON j.id = s.job_id AND j.state = 'running' AND j.lease_token = s.lease_token
            WHERE j.id IS NULL LIMIT 1
            """
        guard try await writer.read({ db in try String.fetchOne(db, sql: stale) }) != nil else { return 0 }
        return try await writer.write { db in
            guard let evidenceID = try String.fetchOne(db, sql: stale) else { return 0 }
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM evidence_line WHERE evidence_id = ? ORDER BY id LIMIT ?", arguments: [evidenceID, max(1, limit)])
            guard let last = ids.last else {
                try db.execute(sql: "DELETE FROM evidence_staging WHERE evidence_id = ?", arguments: [evidenceID])
                return 0
            }
            try Self.unindexLines(db, evidenceID: evidenceID, upTo: last, by: .id)
            return ids.count
        }
    }

    /// Lines staged and not (yet) part of any item, for tests and `verify`-style checks.
    public func stagedLineCount() async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM evidence_line l JOIN evidence_staging s ON s.evidence_id = l.evidence_id
                """) ?? 0
        }
    }
}
