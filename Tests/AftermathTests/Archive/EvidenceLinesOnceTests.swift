import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Testing

/// Since v12 an item's bytes are stored once: content that is exactly its lines joined by LF lives
/// only in `evidence_line`, and everything that reads or verifies content rebuilds the same bytes.
@Suite("Evidence lines stored once")
struct EvidenceLinesOnceTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    /// Items covering each layout: a log (lines joined), command output (plus a final LF), CRLF
    /// output and a metrics body (kept as they are).
    func items() -> [NewEvidence] {
        func item(_ kind: EvidenceKind, _ name: String, _ content: String, lines: [String]) -> NewEvidence {
            NewEvidence(
                kind: kind, name: name, host: "web-1", request: ["path": name], status: .ok, error: nil, exitCode: nil,
                content: Data(content.utf8), contentType: "text/plain", redactions: 0,
                lines: lines.enumerated().map { .init(timestamp: $0 == 0 ? t0 : nil, text: $1, source: name) },
                startedAt: t0, finishedAt: t0)
        }
        return [
            item(.log, "app.log", "ERROR deadlock on orders\n\nünïcødé ✓ retry ok", lines: ["ERROR deadlock on orders", "", "ünïcødé ✓ retry ok"]),
            item(.command, "uptime", "up 3 days, load 0.42\n", lines: ["up 3 days, load 0.42"]),
            item(.command, "dir", "a\r\nb deadlock\r\n", lines: ["a", "b deadlock"]),
            item(.metrics, "series", "[]", lines: []),
        ]
    }

    /// Stores `items()` as one job; returns their ids.
    func store(_ db: AppDatabase) async throws -> [String] {
        let captureID = try await db.createCapture(PlannedCapture(
            incidentID: nil, kind: .manual, window: DateInterval(start: t0 - 60, end: t0), labels: [:], alertsJSON: "[]",
            requestedBy: "test", requestedAt: t0, runAfter: t0, maxAttempts: 1, jobs: [.init(collector: "c", host: "web-1")]))
        let job = try #require(try await db.claimJobs(now: t0, limit: 1, lease: 60, only: captureID).claimed.first)
        guard case .stored(let ids) = try await db.storeEvidence(
            jobID: job.job.id, leaseToken: try #require(job.job.leaseToken), items: items(), now: t0) else {
            Issue.record("not stored")
            return []
        }
        return ids
    }

    /// (content bytes as stored in the column, content_lines) per item, in storage order.
    func layouts(_ db: AppDatabase) async throws -> [[Int]] {
        try await db.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT length(content), content_lines FROM evidence ORDER BY seq").map { [$0[0], $0[1]] }
        }
    }

    @Test("A log's or a command's text is kept only in its lines; reads, verify and the checker see the same content")
    func storedOnce() async throws {
        let dir = try TemporaryDirectory("lines-once")
        let archive = dir.file("archive")
        let db = try AppDatabase(directory: archive)
        let ids = try await store(db)
        let expected = items().map(\.content)
        #expect(try await layouts(db) == [[0, 1], [0, 2], [expected[2].count, 0], [2, 0]])
        for (id, content) in zip(ids, expected) {
            #expect(try await db.evidenceItem(id: id)?.content == content)
            #expect(try await db.evidenceContent(id: id) == content)
            #expect(try await db.evidenceContentAndLines(id: id).content == content)
        }
        #expect(try await db.verify().ok)
        #expect(try await PythonChecker.run([archive, "--json"]).status == 0)
        #expect(try await db.search("deadlock").map(\.evidenceID) == [ids[2], ids[0]])

        // A changed line is a changed content, for verify and for the independent checker alike.
        try await db.writer.write { db in
            try db.execute(sql: "UPDATE evidence_line SET text = 'up 4 days, load 0.42' WHERE evidence_id = ?", arguments: [ids[1]])
        }
        let report = try await db.verify()
        #expect(report.problems.map(\.evidenceID) == [ids[1]])
        #expect(report.problems.first?.reason.contains("content changed") == true)
        let checked = try await PythonChecker.run([archive, "--json"])
        #expect(checked.status == 1)
        #expect((checked.json?["problems"] as? [[String: Any]] ?? []).map { "\($0["item"] ?? "")" } == [ids[1]])

        // Bytes written into the column of an item kept as lines are flagged too, by both.
        try await db.writer.write { db in
            try db.execute(sql: "UPDATE evidence_line SET text = 'up 3 days, load 0.42' WHERE evidence_id = ?", arguments: [ids[1]])
            try db.execute(sql: "UPDATE evidence SET content = CAST('other' AS BLOB) WHERE id = ?", arguments: [ids[0]])
        }
        #expect(try await db.verify().problems.map(\.evidenceID) == [ids[0]])
        let stray = try await PythonChecker.run([archive, "--json"])
        #expect((stray.json?["problems"] as? [[String: Any]] ?? []).map { "\($0["item"] ?? "")" } == [ids[0]])
    }

    @Test("Retention empties an item kept as lines: its content reads empty, its size is reported, verify passes")
    func retention() async throws {
        let dir = try TemporaryDirectory("lines-once-retention")
        let db = try AppDatabase(directory: dir.path)
        let ids = try await store(db)
        let policy = RetentionPolicy(evidenceContent: 60)
        let report = try await db.applyRetention(policy, clock: ManualClock(t0 + 3600))
        #expect(report.evidenceRemoved == ids)
        #expect(report.bytesRemoved == items().map(\.content.count).reduce(0, +))
        #expect(try await db.evidenceContent(id: ids[0]).isEmpty)
        #expect(try await db.evidenceLines(id: ids[0]).isEmpty)
        #expect(try await db.verify().ok)
    }

    @Test("v12 migrates an existing archive: contents equal to their lines are emptied, the rest kept, search and verify still work")
    func migration() async throws {
        let dir = try TemporaryDirectory("lines-once-migration")
        let archive = dir.file("archive")
        var ids: [String] = []
        do {
            let db = try AppDatabase(directory: archive)
            ids = try await store(db)
            let stored = ids
            // Back to the v9 layout: every content in its column, the index with per-line sizes.
            try await db.writer.writeWithoutTransaction { db in
                for id in stored {
                    let content = try #require(try AppDatabase.content(db, evidenceID: id))
                    try db.execute(sql: "UPDATE evidence SET content = ? WHERE id = ?", arguments: [content, id])
                }
                try db.execute(sql: """
                    ALTER TABLE evidence DROP COLUMN content_lines;
                    DROP TABLE evidence_fts;
                    CREATE VIRTUAL TABLE evidence_fts USING fts5 (text, content = 'evidence_line', content_rowid = 'id');
                    INSERT INTO evidence_fts (evidence_fts) VALUES ('rebuild');
                    DELETE FROM grdb_migrations WHERE identifier = 'v12-evidence-lines-once';
                    """)
            }
            #expect(try await db.verify().ok)
            try db.close()
        }
        let db = try AppDatabase(directory: archive)
        let expected = items().map(\.content)
        #expect(try await layouts(db) == [[0, 1], [0, 2], [expected[2].count, 0], [2, 0]])
        for (id, content) in zip(ids, expected) {
            #expect(try await db.evidenceItem(id: id)?.content == content)
        }
        #expect(try await db.verify().ok)
        #expect(try await PythonChecker.run([archive, "--json"]).status == 0)
        #expect(try await db.search("deadlock").map(\.evidenceID) == [ids[2], ids[0]])
        let options = try await db.writer.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'evidence_fts'")
        }
        #expect(options?.contains("columnsize = 0") == true)
    }
}
