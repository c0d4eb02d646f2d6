import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Testing

/// Since v13 the full-text index merges its segments 32 at a time (FTS5's default is 4): each
/// stored chunk of lines is one segment, so an item stored in many chunks exercises the merges.
@Suite("Full-text index merging (v13)")
struct FTSAutomergeTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    /// Stores one log item of `count` lines ("line <n> deadlock") in chunks of `perChunk` lines.
    func storeLog(_ db: AppDatabase, count: Int, perChunk: Int) async throws -> String {
        let captureID = try await db.createCapture(PlannedCapture(
            incidentID: nil, kind: .manual, window: DateInterval(start: t0 - 60, end: t0), labels: [:], alertsJSON: "[]",
            requestedBy: "test", requestedAt: t0, runAfter: t0, maxAttempts: 1, jobs: [.init(collector: "c", host: "web-1")]))
        let job = try #require(try await db.claimJobs(now: t0, limit: 1, lease: 60, only: captureID).claimed.first)
        let texts = (1...count).map { "line \($0) deadlock" }
        let item = NewEvidence(
            kind: .log, name: "app.log", host: "web-1", request: ["path": "app.log"], status: .ok, error: nil, exitCode: nil,
            content: Data(texts.joined(separator: "\n").utf8), contentType: "text/plain", redactions: 0,
            lines: texts.map { LogLine(timestamp: nil, text: $0, source: "app.log") }, startedAt: t0, finishedAt: t0)
        guard case .stored(let ids) = try await db.storeEvidence(
            jobID: job.job.id, leaseToken: try #require(job.job.leaseToken), items: [item], now: t0,
            chunking: EvidenceChunking(lines: perChunk)) else {
            Issue.record("not stored")
            return ""
        }
        return try #require(ids.first)
    }

    /// The index's merge settings as stored: [automerge, crisismerge] (nil: FTS5's default).
    func mergeSettings(_ db: AppDatabase) async throws -> [Int?] {
        try await db.writer.read { db in
            try ["automerge", "crisismerge"].map {
                try Int.fetchOne(db, sql: "SELECT v FROM evidence_fts_config WHERE k = ?", arguments: [$0])
            }
        }
    }

    /// FTS5's own check that the index matches the lines it indexes.
    func indexIsSound(_ db: AppDatabase) async throws {
        try await db.writer.write { db in
            try db.execute(sql: "INSERT INTO evidence_fts (evidence_fts, rank) VALUES ('integrity-check', 1)")
        }
    }

    @Test("A new archive merges 32 segments at a time; an item stored as 100 one-line chunks is found whole, newest line first")
    func newArchive() async throws {
        let dir = try TemporaryDirectory("fts-automerge")
        let db = try AppDatabase(directory: dir.path)
        #expect(try await mergeSettings(db) == [32, 32])
        let id = try await storeLog(db, count: 100, perChunk: 1)
        let hits = try await db.search("deadlock", limit: 200)
        #expect(hits.map(\.lineNo) == Array((1...100).reversed()))
        #expect(Set(hits.map(\.evidenceID)) == [id])
        #expect(try await db.search("line 37").map(\.lineNo) == [37])
        try await indexIsSound(db)
        #expect(try await db.verify().ok)
    }

    @Test("v13 sets the merge widths on an existing archive; what it held and what is stored after are both found")
    func migration() async throws {
        let dir = try TemporaryDirectory("fts-automerge-migration")
        let archive = dir.file("archive")
        var before = ""
        do {
            let db = try AppDatabase(directory: archive)
            before = try await storeLog(db, count: 40, perChunk: 3)
            // Back to v12: FTS5's default merge width, and v13 not yet applied.
            try await db.writer.writeWithoutTransaction { db in
                try db.execute(sql: """
                    DELETE FROM evidence_fts_config WHERE k IN ('automerge', 'crisismerge');
                    DELETE FROM grdb_migrations WHERE identifier = 'v13-fts-automerge';
                    """)
            }
            #expect(try await mergeSettings(db) == [nil, nil])
            try db.close()
        }
        let db = try AppDatabase(directory: archive)
        #expect(try await mergeSettings(db) == [32, 32])
        let after = try await storeLog(db, count: 40, perChunk: 3)
        let hits = try await db.search("deadlock", limit: 100)
        #expect(hits.count == 80)
        #expect(hits.prefix(40).allSatisfy { $0.evidenceID == after })
        #expect(hits.suffix(40).allSatisfy { $0.evidenceID == before })
        try await indexIsSound(db)
        #expect(try await db.verify().ok)
    }
}
