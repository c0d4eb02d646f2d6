import AftermathCore
@testable import Archive
import Foundation
import Testing
@testable import IncidentBundle

/// The bundle's JSON and the import, without the CLI: times survive the trip to the millisecond and
/// every imported chain link verifies, whatever the milliseconds are.
@Suite("Bundle codec and import")
struct BundleCodecTests {
    @Test("Windows with every kind of millisecond value survive export and import; the imported chain verifies")
    func millisecondsRoundTrip() async throws {
        let base = Date(timeIntervalSince1970: 1_795_000_000)
        let (fixture, incident) = try await Self.incident("codec001", at: base)
        // 60 captures whose windows carry awkward milliseconds (x.001 … x.999), each with one item.
        for n in 0..<60 {
            let start = Date(timeIntervalSince1970: 1_795_000_000 + Double(n * 16 + 1) / 1000 + Double(n) * 3.0)
            try await Self.capture(fixture.database, incidentID: incident.id, items: n..<n + 1,
                                   window: DateInterval(start: start, duration: 3600.007 + Double(n) / 1000))
        }
        let copy = try #require(try await fixture.database.incidentCopy(id: incident.id))
        let payload = try BundleCodec.payload(copy, postmortem: ("pm.md", "cites [ev-3](aftermath:evidence/ev-3)\n"), redaction: Data("{}".utf8))
        let (decoded, postmortem) = try BundleCodec.copy(from: payload)
        #expect(decoded.captures.map(\.windowStart) == copy.captures.map(\.windowStart))
        #expect(decoded.captures.map(\.windowEnd) == copy.captures.map(\.windowEnd))
        #expect(decoded.evidence.map(\.summary) == copy.evidence.map(\.summary))

        let dir = try TemporaryDirectory("bundle-codec-target")
        let target = try AppDatabase(directory: dir.file("archive"))
        let result = try await target.importIncident(decoded, digest: "d1", postmortem: postmortem, now: base)
        #expect(result.evidenceIDs.isIdentity)
        let report = try await target.verify()
        #expect(report.ok, "\(report.problems.prefix(3))")
        #expect(report.originsChecked == 60)
        #expect(try await target.evidence(incidentID: incident.id).map(\.windowStart) == copy.evidence.map(\.summary.windowStart))

        // A second archive that already has items: renumbered, citations follow, still verifies.
        let busy = try AppDatabase(directory: dir.file("busy"))
        try await SiteFixture.ownEvidence(busy, count: 70)
        let renumbered = try await busy.importIncident(decoded, digest: "d1", postmortem: postmortem, now: base)
        #expect(!renumbered.evidenceIDs.isIdentity)
        #expect(renumbered.postmortem?.text == "cites [ev-73](aftermath:evidence/ev-73)\n")
        #expect(try await busy.verify().ok)
        await #expect(throws: ImportRefusal.self) { try await busy.importIncident(decoded, digest: "d2", postmortem: nil, now: base) }
    }

    @Test("Ids that differ from chain places (reserved by a store that lost its lease) are kept by an import into a fresh archive")
    func idsAheadOfSeqsKept() async throws {
        let base = Date(timeIntervalSince1970: 1_795_000_000)
        let (fixture, incident) = try await Self.incident("ids00001", at: base)
        // A store that lost its lease after reserving: ev-1 and ev-2 are never used, so ids run two ahead of seqs.
        _ = try await fixture.database.writer.write { db in try AppDatabase.reserveEvidenceIDs(db, count: 2) }
        try await Self.capture(fixture.database, incidentID: incident.id, items: 0..<3, window: DateInterval(start: base, duration: 60))
        let copy = try #require(try await fixture.database.incidentCopy(id: incident.id))
        #expect(copy.evidence.map(\.summary.id) == ["ev-3", "ev-4", "ev-5"])
        #expect(copy.evidence.map(\.summary.seq) == [1, 2, 3])

        let dir = try TemporaryDirectory("bundle-ids-target")
        let target = try AppDatabase(directory: dir.file("archive"))
        let result = try await target.importIncident(copy, digest: "d1", postmortem: nil, now: base)
        #expect(result.evidenceIDs.isIdentity)
        #expect(try await target.evidence(incidentID: incident.id).map(\.id) == ["ev-3", "ev-4", "ev-5"])
        #expect(try await target.verify().ok)
        // The next item this archive stores gets a number after the kept ones.
        let next = try await target.writer.write { db in try AppDatabase.reserveEvidenceIDs(db, count: 1) }
        #expect(next == ["ev-6"])
    }

    @Test("Changes travel in data/changes.json and are added once by source and dedup key; a bundle without the file still reads")
    func changesRoundTrip() async throws {
        let base = Date(timeIntervalSince1970: 1_795_000_000)
        let (fixture, incident) = try await Self.incident("chg00001", at: base)
        let event = ChangeEvent(source: "cli", dedupKey: "deploy-1", service: "orders", kind: .rollback, version: "v1.2.3", actor: "ana",
                                at: base - 600, link: "https://ci.example/run/1", status: "success", environment: "production")
        let recorded = try await fixture.database.recordChange(event, now: base).record
        var copy = try #require(try await fixture.database.incidentCopy(id: incident.id))
        copy.changes = [recorded]
        let payload = try BundleCodec.payload(copy, postmortem: nil, redaction: Data("{}".utf8))
        let (decoded, _) = try BundleCodec.copy(from: payload)
        #expect(decoded.changes == [recorded])

        let dir = try TemporaryDirectory("bundle-changes-target")
        let fresh = try AppDatabase(directory: dir.file("fresh"))
        #expect(try await fresh.importIncident(decoded, digest: "d1", postmortem: nil, now: base).changes == 1)
        #expect(try await fresh.changes().map(\.event) == [event])
        let holding = try AppDatabase(directory: dir.file("holding"))
        _ = try await holding.recordChange(event, now: base)
        #expect(try await holding.importIncident(decoded, digest: "d1", postmortem: nil, now: base).changes == 0)
        #expect(try await holding.changes().count == 1)

        var older = payload
        older["data/changes.json"] = nil
        #expect(try BundleCodec.copy(from: older).0.changes.isEmpty)
    }

    /// A fixture archive holding one incident with `id`, started at `start`.
    static func incident(_ id: String, at start: Date) async throws -> (SiteFixture, SiteFixture.Incident) {
        let fixture = try SiteFixture("bundle-\(id)")
        var incident = fixture.incident(1, start: start)
        incident.id = id
        try await fixture.insert([incident])
        return (fixture, incident)
    }

    /// One manual capture over `window` whose single job stores items `n…` (`echo n`, one line each).
    static func capture(_ database: AppDatabase, incidentID: String, items: Range<Int>, window: DateInterval) async throws {
        let start = window.start
        let captureID = try await database.createCapture(PlannedCapture(
            incidentID: incidentID, kind: .manual, window: window, labels: [:], alertsJSON: "[]", requestedBy: "test",
            requestedAt: start, runAfter: start, maxAttempts: 1, jobs: [.init(collector: "c", host: "local")]))
        let job = try #require(try await database.claimJobs(now: start, limit: 1, lease: 60, only: captureID).claimed.first)
        let evidence = items.map { n in
            NewEvidence(kind: .command, name: "n\(n)", host: "local", request: ["argv": "echo \(n)"], status: .ok, error: nil,
                        exitCode: 0, content: Data("\(n)\n".utf8), contentType: "text/plain", redactions: 0,
                        lines: [.init(timestamp: start, text: "\(n)", source: "stdout")], startedAt: start, finishedAt: start)
        }
        _ = try await database.storeEvidence(jobID: job.job.id, leaseToken: try #require(job.job.leaseToken), items: evidence, now: start)
    }

    @Test("Evidence id rewriting replaces whole ids only")
    func rewrite() {
        let map = EvidenceIDMap(["ev-1": "ev-101", "ev-12": "ev-112"])
        #expect(map.rewrite("[ev-1](aftermath:evidence/ev-1), ev-12, ev-123, xev-1, ev-1x, [ev-1 … ev-12]")
            == "[ev-101](aftermath:evidence/ev-101), ev-112, ev-123, xev-1, ev-101x, [ev-101 … ev-112]")
    }
}
