import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Testing

/// The durable job queue, evidence storage, hash chain, verification and search.
@Suite("Evidence store")
struct EvidenceStoreTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    func plan(jobs: [String], incident: String? = nil, maxAttempts: Int = 2) -> PlannedCapture {
        PlannedCapture(
            incidentID: incident, kind: .manual, window: DateInterval(start: t0 - 1800, end: t0), labels: ["service": "api"],
            alertsJSON: "[]", requestedBy: "test", requestedAt: t0, runAfter: t0, maxAttempts: maxAttempts,
            jobs: jobs.map { .init(collector: $0, host: "local") })
    }

    func item(_ name: String, _ text: String, status: EvidenceStatus = .ok, lines: [String]? = nil) -> NewEvidence {
        NewEvidence(
            kind: .log, name: name, host: "local", request: ["path": name], status: status, error: status == .ok ? nil : "boom",
            exitCode: nil, content: Data(text.utf8), contentType: "text/plain", redactions: 0,
            lines: (lines ?? text.split(separator: "\n").map(String.init)).enumerated().map { i, line in
                .init(timestamp: t0 - Double(100 - i), text: line, source: name)
            },
            startedAt: t0, finishedAt: t0)
    }

    /// A clock that moves `step` seconds on every reading, as a store would see it on a machine
    /// so loaded that each chunk takes longer than the whole lease.
    final class SteppingClock: WallClock, Sendable {
        let clock: ManualClock
        let step: TimeInterval
        init(_ start: Date, step: TimeInterval) { clock = ManualClock(start); self.step = step }
        func now() -> Date { clock.advance(by: step); return clock.now() }
    }

    @Test("A store renews its job's lease in every chunk's transaction, so a stalled heartbeat does not lose a long store")
    func chunksRenewTheLease() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        let captureID = try await db.createCapture(plan(jobs: ["a"]))
        let job = try #require(try await db.claimJobs(now: t0, limit: 1, lease: 30).claimed.first)
        let clock = SteppingClock(t0, step: 40)
        let lines = (0..<50).map { "line \($0)" }
        let outcome = try await db.storeEvidence(
            jobID: job.job.id, leaseToken: try #require(job.job.leaseToken), items: [item("a.log", lines.joined(separator: "\n"))],
            now: t0, chunking: EvidenceChunking(lines: 10), renewing: LeaseRenewal(duration: 30, clock: clock))
        #expect(outcome == .stored(["ev-1"]))
        // Every reading was 40 s after the last, beyond the 30 s lease: the job stayed this worker's
        // only because each of the five transactions (the reservation with the first chunk, three
        // chunks, the last chunk with the item) renewed it as it began, and the four that leave the
        // job running renewed it again once their chunk was written: nine readings.
        let stored = try #require(try await db.jobs(ofCapture: captureID).first)
        #expect(stored.state == .done)
        #expect(stored.leaseUntil == t0 + 9 * 40 + 30)

        // A store of one chunk is a single transaction: one renewal, and the job is done.
        let small = try await db.createCapture(plan(jobs: ["c"]))
        let one = try #require(try await db.claimJobs(now: t0, limit: 1, lease: 30, only: small).claimed.first)
        let single = try await db.storeEvidence(
            jobID: one.job.id, leaseToken: try #require(one.job.leaseToken), items: [item("c.log", "x\ny")],
            now: t0, renewing: LeaseRenewal(duration: 30, clock: SteppingClock(t0, step: 40)))
        #expect(single == .stored(["ev-2"]))
        let done = try #require(try await db.jobs(ofCapture: small).first)
        #expect(done.state == .done)
        #expect(done.leaseUntil == t0 + 40 + 30)

        // Once another worker has taken the job over, the next renewal fails and nothing is stored.
        let next = try await db.createCapture(plan(jobs: ["b"]))
        let mine = try #require(try await db.claimJobs(now: t0, limit: 1, lease: 30, only: next).claimed.first)
        let theirs = try #require(try await db.claimJobs(now: t0 + 31, limit: 1, lease: 30, only: next).claimed.first)
        #expect(theirs.job.id == mine.job.id)
        let late = try await db.storeEvidence(
            jobID: mine.job.id, leaseToken: try #require(mine.job.leaseToken), items: [item("b.log", "x\ny")],
            now: t0 + 32, renewing: LeaseRenewal(duration: 30, clock: ManualClock(t0 + 32)))
        #expect(late == .leaseLost)
        #expect(try await db.evidence(incidentID: nil).map(\.name) == ["a.log", "c.log"])
    }

    @Test("Claimed jobs are fenced by their lease; an expired lease is resumed; attempts run out into failed")
    func leases() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        let captureID = try await db.createCapture(plan(jobs: ["a", "b"]))
        let first = try await db.claimJobs(now: t0, limit: 10, lease: 30)
        #expect(first.claimed.count == 2)
        #expect(try await db.claimJobs(now: t0 + 1, limit: 10, lease: 30).claimed.isEmpty, "running jobs with a live lease are not claimed twice")

        let a = try #require(first.claimed.first { $0.job.collector == "a" })
        let stored = try await db.storeEvidence(jobID: a.job.id, leaseToken: a.job.leaseToken!, items: [item("a.log", "one\ntwo")], now: t0 + 2)
        guard case .stored(let ids) = stored else { Issue.record("not stored"); return }
        #expect(ids == ["ev-1"])
        // A second result for the same job (a stale worker) is refused: one evidence set per job.
        #expect(try await db.storeEvidence(jobID: a.job.id, leaseToken: a.job.leaseToken!, items: [item("a.log", "again")], now: t0 + 3) == .leaseLost)

        // Job b's worker died: after the lease it is claimed again (attempt 2), then abandoned.
        let second = try await db.claimJobs(now: t0 + 31, limit: 10, lease: 30)
        #expect(second.claimed.map(\.job.collector) == ["b"])
        #expect(second.claimed.first?.job.attempts == 2)
        let b = try #require(second.claimed.first)
        #expect(try await db.storeEvidence(jobID: b.job.id, leaseToken: first.claimed.first { $0.job.collector == "b" }!.job.leaseToken!, items: [], now: t0 + 32) == .leaseLost, "the old token no longer owns the job")
        let third = try await db.claimJobs(now: t0 + 62, limit: 10, lease: 30)
        #expect(third.claimed.isEmpty)
        #expect(third.abandoned == [b.job.id])

        let jobs = try await db.jobs(ofCapture: captureID)
        #expect(jobs.map(\.state) == [.done, .failed])
        let capture = try #require(try await db.capture(id: captureID))
        #expect(capture.finishedAt != nil)
        let manifest = try JSONDecoder().decode(CaptureManifest.self, from: Data(try #require(capture.manifest).utf8))
        #expect(manifest.items.map(\.id) == ["ev-1"])
        #expect(manifest.failedJobs.first?.error.contains("abandoned after 2 attempt(s)") == true)
        #expect(try await db.evidence(incidentID: nil).count == 1)
    }

    @Test("verify passes untouched and names the item after one byte changes, or an item is deleted")
    func verifyDetectsChanges() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        _ = try await db.createCapture(plan(jobs: ["a"]))
        let job = try #require(try await db.claimJobs(now: t0, limit: 1, lease: 30).claimed.first)
        _ = try await db.storeEvidence(jobID: job.job.id, leaseToken: job.job.leaseToken!, items: [
            item("one.log", "alpha\nbeta"), item("two.log", "gamma"), item("three.log", "delta"),
        ], now: t0)
        #expect(try await db.verify().ok)
        #expect(try await db.verify().itemsChecked == 3)

        try await db.writer.write { db in
            // A log's content is kept as its lines (v12): one changed byte there is a changed content.
            try db.execute(sql: "UPDATE evidence_line SET text = 'gamma!' WHERE evidence_id = 'ev-2'")
        }
        var report = try await db.verify()
        #expect(!report.ok)
        #expect(Set(report.problems.map(\.evidenceID)) == ["ev-2"])
        #expect(report.problems.contains { $0.reason.contains("content changed") })

        try await db.writer.write { db in
            try db.execute(sql: "UPDATE evidence_line SET text = 'gamma' WHERE evidence_id = 'ev-2'")
            try db.execute(sql: "DELETE FROM evidence_line WHERE evidence_id = 'ev-1'")
            try db.execute(sql: "DELETE FROM evidence WHERE id = 'ev-1'")
        }
        report = try await db.verify()
        #expect(report.problems.map(\.evidenceID) == ["ev-2"])
        #expect(report.problems.first?.reason.contains("missing") == true)

        try await db.writer.write { db in
            try db.execute(sql: "DELETE FROM evidence_line WHERE evidence_id = 'ev-3'")
            try db.execute(sql: "DELETE FROM evidence WHERE id = 'ev-3'")
        }
        report = try await db.verify()
        #expect(report.problems.contains { $0.evidenceID == "ev-3" && $0.reason.contains("missing") })
    }

    @Test("search finds lines newest first, with incident and item, and filters by incident")
    func search() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        _ = try await db.createCapture(plan(jobs: ["a"]))
        let job = try #require(try await db.claimJobs(now: t0, limit: 1, lease: 30).claimed.first)
        _ = try await db.storeEvidence(jobID: job.job.id, leaseToken: job.job.leaseToken!, items: [
            item("app.log", "connection-refused to db\nok\nERROR connection-refused again"),
        ], now: t0)
        let hits = try await db.search("connection-refused")
        #expect(hits.map(\.lineNo) == [3, 1])
        #expect(hits.first?.evidenceID == "ev-1")
        #expect(hits.first?.itemName == "app.log")
        #expect(try await db.search("connection-refused", incidentID: "other").isEmpty)
        #expect(try await db.search("conn*").count == 2)
        #expect(try await db.search("nothinglikethis").isEmpty)
    }
}
