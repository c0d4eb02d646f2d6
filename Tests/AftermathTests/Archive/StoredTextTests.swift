import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Testing

/// A NUL in stored text: SQLite reads a text value only up to its first NUL, so it is stored as
/// U+FFFD (`StoredText`); content bytes stay exact and verify.
@Suite("Stored text: a NUL becomes U+FFFD, never a cut")
struct StoredTextTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("visible replaces each NUL by one U+FFFD and leaves everything else alone")
    func visible() {
        #expect(StoredText.visible("Bad\u{0}Tail") == "Bad\u{FFFD}Tail")
        #expect(StoredText.visible("\u{0}\u{0}x\u{0}") == "\u{FFFD}\u{FFFD}x\u{FFFD}")
        #expect(StoredText.visible("\u{0}").unicodeScalars.count == 1)
        for plain in ["", "plain", "ünïcødé ✓", "tab\tand\nline", "e\u{301}", "\u{FFFD}"] {
            #expect(StoredText.visible(plain) == plain)
        }
        #expect(StoredText.visible(["alert\u{0}name": "a\u{0}b", "job": "api"]) == ["alert\u{FFFD}name": "a\u{FFFD}b", "job": "api"])
        #expect(StoredText.visible(["job": "api"]) == ["job": "api"])
    }

    /// Stores one command item whose output holds a NUL; returns its id.
    func storeItem(_ db: AppDatabase, content: String) async throws -> String {
        let captureID = try await db.createCapture(PlannedCapture(
            incidentID: nil, kind: .manual, window: DateInterval(start: t0 - 60, end: t0), labels: [:], alertsJSON: "[]",
            requestedBy: "test", requestedAt: t0, runAfter: t0, maxAttempts: 1, jobs: [.init(collector: "c", host: "web-1")]))
        let job = try #require(try await db.claimJobs(now: t0, limit: 1, lease: 60, only: captureID).claimed.first)
        let item = NewEvidence(
            kind: .command, name: "printf", host: "web-1", request: [:], status: .ok, error: nil, exitCode: 0,
            content: Data(content.utf8), contentType: "text/plain; charset=utf-8", redactions: 0,
            lines: EvidenceText.lines(content).map { .init(timestamp: nil, text: String($0), source: "command:printf\u{0}x") },
            startedAt: t0, finishedAt: t0)
        guard case .stored(let ids) = try await db.storeEvidence(
            jobID: job.job.id, leaseToken: try #require(job.job.leaseToken), items: [item], now: t0), let id = ids.first else {
            Issue.record("not stored")
            return ""
        }
        return id
    }

    @Test("Output with a NUL keeps its bytes in content; its line reads whole with U+FFFD, is found, and verifies")
    func evidenceLine() async throws {
        let dir = try TemporaryDirectory("stored-text-lines")
        let archive = dir.file("archive")
        let db = try AppDatabase(directory: archive)
        let content = "before\u{0}after deadlock\nsecond\n"
        let id = try await storeItem(db, content: content)
        #expect(try await db.evidenceContent(id: id) == Data(content.utf8))
        #expect(try await db.evidenceContentAndLines(id: id).content == Data(content.utf8))
        let rows = try await db.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT text, length(text) AS chars, source FROM evidence_line WHERE evidence_id = ? ORDER BY line_no", arguments: [id])
        }
        #expect(rows.map { $0["text"] as String } == ["before\u{FFFD}after deadlock", "second"])
        #expect(rows.first?["chars"] == 21)
        #expect(rows.first?["source"] == "command:printf\u{FFFD}x")
        #expect(try await db.search("deadlock").map(\.evidenceID) == [id])
        #expect(try await db.verify().ok)
        #expect(try await PythonChecker.run([archive, "--json"]).status == 0)
    }

    @Test("An item stored as lines by an older version, a NUL inside a line, still reads its exact content and verifies")
    func olderLineWithNUL() async throws {
        let dir = try TemporaryDirectory("stored-text-old")
        let db = try AppDatabase(directory: dir.file("archive"))
        let content = "before\u{0}after\nsecond\n"
        let id = try await storeItem(db, content: content)
        // What versions before StoredText wrote: the content only in its lines, the NUL inside one.
        try await db.writer.write { db in
            try db.execute(sql: "UPDATE evidence SET content = X'', content_lines = 2 WHERE id = ?", arguments: [id])
            try db.execute(sql: "UPDATE evidence_line SET text = CAST(? AS TEXT) WHERE evidence_id = ? AND line_no = 1",
                           arguments: [Data("before\u{0}after".utf8), id])
        }
        #expect(try await db.evidenceContent(id: id) == Data(content.utf8))
        let report = try await db.verify()
        #expect(report.ok, "\(report.problems)")
    }

    @Test("A note's text and author with a NUL are stored whole, the NUL as U+FFFD")
    func note() async throws {
        let dir = try TemporaryDirectory("stored-text-note")
        let db = try AppDatabase(directory: dir.file("archive"))
        let incident = try await db.record(
            IncomingDelivery(source: .generic, dedupKey: "d1", receivedAt: t0, headers: [], body: Array("{}".utf8), disposition: .applied,
                             signals: [Signal(source: .generic, correlationKey: "generic:k", correlation: .recurring, effect: .transition(.triggered), title: "t", summary: "s")]),
            rules: IntakeRules(), ids: SequentialIncidentIDs())
        let id = try #require(incident.changes.first?.incidentID)
        let outcome = try await db.addNote(incidentID: id, text: "api\u{0}note", author: "ann\u{0}e", source: "api", at: t0)
        #expect(outcome.event?.text == "api\u{FFFD}note")
        let stored = try await db.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT text, actor FROM timeline_event WHERE kind = 'note'")
        }
        #expect(stored?["text"] == "api\u{FFFD}note")
        #expect(stored?["actor"] == "ann\u{FFFD}e")
    }
}
