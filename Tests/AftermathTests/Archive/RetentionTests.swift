import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Testing

/// `AppDatabase.applyRetention`: what goes, what stays, in bounded steps.
@Suite("Retention")
struct RetentionTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    /// An archive with one incident whose capture stored a big log item (collector `logs`) and a
    /// small command item (collector `diag`), a delivery, and a timeline.
    func archive(lines: Int = 6_000) async throws -> (SiteFixture, log: String, command: String) {
        let fixture = try SiteFixture("retention")
        let incident = fixture.incident(1, start: t0)
        try await fixture.insert([incident])
        let text = (0..<lines).map { "2026-11-18T11:06:\(String(format: "%02d", $0 % 60))Z worker: step \($0) deadlock-free \(String(repeating: "y", count: 80))" }
        let log = NewEvidence(
            kind: .log, name: "app.log", host: "local", request: ["path": "/var/log/app.log"], status: .ok, error: nil, exitCode: nil,
            content: Data(text.joined(separator: "\n").utf8), contentType: "text/plain", redactions: 0,
            lines: text.map { .init(timestamp: t0, text: $0, source: "app.log") }, startedAt: t0, finishedAt: t0)
        let logIDs = try await store(fixture, incident: incident, collector: "logs", items: [log])
        let command = NewEvidence(
            kind: .command, name: "uptime", host: "local", request: ["argv": "uptime"], status: .ok, error: nil, exitCode: 0,
            content: Data("up 3 days\n".utf8), contentType: "text/plain", redactions: 0,
            lines: [.init(timestamp: nil, text: "up 3 days", source: "stdout")], startedAt: t0, finishedAt: t0)
        let commandIDs = try await store(fixture, incident: incident, collector: "diag", items: [command])
        _ = try await fixture.database.record(
            IncomingDelivery(source: .generic, dedupKey: "d1", receivedAt: t0, headers: [("User-Agent", "test")],
                             body: Array(#"{"key":"x","status":"firing"}"#.utf8), disposition: .applied, signals: []),
            rules: IntakeRules(), ids: SequentialIncidentIDs())
        return (fixture, logIDs[0], commandIDs[0])
    }

    /// Stores `items` as one job of `collector`.
    func store(_ fixture: SiteFixture, incident: SiteFixture.Incident, collector: String, items: [NewEvidence]) async throws -> [String] {
        let captureID = try await fixture.database.createCapture(PlannedCapture(
            incidentID: incident.id, kind: .opening, window: DateInterval(start: t0.addingTimeInterval(-1800), end: t0), labels: [:],
            alertsJSON: "[]", requestedBy: "test", requestedAt: t0, runAfter: t0, maxAttempts: 1, jobs: [.init(collector: collector, host: "local")]))
        let job = try #require(try await fixture.database.claimJobs(now: t0, limit: 1, lease: 60, only: captureID).claimed.first)
        let outcome = try await fixture.database.storeEvidence(jobID: job.job.id, leaseToken: try #require(job.job.leaseToken), items: items, now: t0)
        guard case .stored(let ids) = outcome else { throw CancellationError() }
        return ids
    }

    @Test("Expired content and its lines go; hash, size, metadata and chain stay; verify passes; the rest is untouched")
    func removesContentKeepsChain() async throws {
        let (fixture, log, command) = try await archive()
        let db = fixture.database
        let timeline = try await db.incident(id: "inc00001")?.timeline.count
        let before = try #require(try await db.evidenceItem(id: log))
        let policy = RetentionPolicy(evidenceContent: 90 * 86_400, rawDeliveries: 30 * 86_400)
        let early = try await db.applyRetention(policy, clock: ManualClock(t0.addingTimeInterval(29 * 86_400)))
        #expect(early.evidenceRemoved.isEmpty && early.deliveriesRemoved == 0, "nothing is old enough yet")

        let report = try await db.applyRetention(policy, clock: ManualClock(t0.addingTimeInterval(91 * 86_400)))
        #expect(report.evidenceRemoved == [log, command])
        #expect(report.linesRemoved == 6_001)
        #expect(report.deliveriesRemoved == 1)
        let after = try #require(try await db.evidenceItem(id: log))
        #expect(after.content.isEmpty)
        #expect(after.summary.sha256 == before.summary.sha256 && after.summary.size == before.summary.size)
        #expect(after.summary.contentRemovedAt == t0.addingTimeInterval(91 * 86_400))
        #expect(after.summary.contentRemovedBy == "retention.evidence_content 90d")
        #expect(try await db.evidenceLines(id: log).isEmpty)
        #expect(try await db.search("deadlock").isEmpty)
        let indexed = try await db.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM evidence_fts WHERE evidence_fts MATCH 'deadlock'") }
        #expect(indexed == 0, "the full-text index forgot the lines")
        #expect(try await db.incident(id: "inc00001")?.timeline.count == timeline, "the timeline stays")
        let delivery = try #require(try await db.delivery(id: 1))
        #expect(delivery.body.isEmpty && delivery.headers == "[]" && delivery.bodySHA256.count == 64)
        let verify = try await db.verify()
        #expect(verify.ok, "\(verify.problems)")
        #expect(verify.contentRemoved == 2)
        #expect(try db.integrityCheck() == "ok")
        let again = try await db.applyRetention(policy, clock: ManualClock(t0.addingTimeInterval(92 * 86_400)))
        #expect(again.evidenceRemoved.isEmpty && again.linesRemoved == 0 && again.deliveriesRemoved == 0)
        #expect(try await db.retentionRuns().count == 3)
    }

    @Test("A collector's own duration overrides the default")
    func perCollector() async throws {
        let (fixture, log, command) = try await archive(lines: 10)
        let policy = RetentionPolicy(evidenceContent: 365 * 86_400, collectors: ["logs": 14 * 86_400])
        let report = try await fixture.database.applyRetention(policy, clock: ManualClock(t0.addingTimeInterval(15 * 86_400)))
        #expect(report.evidenceRemoved == [log])
        #expect(try await fixture.database.evidenceItem(id: command)?.content.isEmpty == false)
        #expect(try await fixture.database.evidenceItem(id: log)?.summary.contentRemovedBy == "retention.collectors.logs 14d")
    }

    @Test("Each step is its own bounded transaction, and intake commits between steps")
    func boundedSteps() async throws {
        let (fixture, _, _) = try await archive(lines: 5_000)
        let db = fixture.database
        let interleaved = Counter()
        let limits = RetentionLimits(linesPerTransaction: 700, deliveriesPerTransaction: 1, pagesPerVacuumStep: 16)
        let report = try await db.applyRetention(RetentionPolicy(evidenceContent: 1), clock: ManualClock(t0.addingTimeInterval(60)), limits: limits) {
            // A webhook arriving between two steps commits before the next step starts.
            let n = interleaved.next()
            let outcome = try await db.record(
                IncomingDelivery(source: .generic, dedupKey: "between-\(n)", receivedAt: Date(), headers: [], body: Array("{}".utf8),
                                 disposition: .opaque, signals: []),
                rules: IntakeRules(), ids: SequentialIncidentIDs())
            #expect(!outcome.duplicate)
        }
        #expect(report.largestLineBatch <= 700)
        #expect(report.linesRemoved == 5_001)
        #expect(report.pagesFreed > 0)
        #expect(interleaved.value >= 5_001 / 700 + report.pagesFreed / 16, "intake had the writer between every step")
        #expect(try await db.verify().ok)
    }

    @Test("The file shrinks: incremental auto-vacuum on a new archive gives the pages back")
    func fileShrinks() async throws {
        let (fixture, _, _) = try await archive(lines: 20_000)
        let db = fixture.database
        #expect(try await db.autoVacuumMode() == "incremental")
        _ = try await db.writer.writeWithoutTransaction { db in try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let before = db.fileSize()
        let report = try await db.applyRetention(RetentionPolicy(evidenceContent: 1), clock: ManualClock(t0.addingTimeInterval(60)))
        _ = try await db.writer.writeWithoutTransaction { db in try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let after = db.fileSize()
        #expect(report.pagesFreed > 0)
        #expect(after < before / 2, "aftermath.sqlite went from \(before) to \(after) bytes")
        #expect(try await db.writer.read { try Int.fetchOne($0, sql: "PRAGMA freelist_count") } == 0)
    }

    @Test("An archive made before incremental vacuum: content goes, the report says the file cannot shrink, and a backup converts it")
    func oldArchive() async throws {
        let dir = try TemporaryDirectory("retention-old")
        let path = dir.file("old/aftermath.sqlite")
        try FileManager.default.createDirectory(atPath: dir.file("old"), withIntermediateDirectories: true)
        // What an archive created by an earlier Aftermath looks like: auto_vacuum NONE, already in WAL.
        let plain = try DatabaseQueue(path: path)
        try await plain.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL; CREATE TABLE placeholder (x)") }
        try plain.close()
        let db = try AppDatabase(path: path)
        #expect(try await db.autoVacuumMode() == "none")
        let report = try await db.applyRetention(RetentionPolicy(evidenceContent: 1), clock: SystemClock())
        #expect(report.autoVacuum == "none")
        #expect(report.summaryLine.contains("does not shrink"))
        try await db.backup(toFile: dir.file("copy.sqlite"))
        let copy = try AppDatabase.checkFile(path: dir.file("copy.sqlite"))
        #expect(copy.ok && copy.facts.autoVacuum == "incremental")
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
    var value: Int { lock.withLock { count } }
}
