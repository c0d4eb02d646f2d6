import AftermathCore
@testable import Archive
import Foundation
import Testing

/// The capture manifest's JSON: each entry's header fields stand at the entry's top level.
@Suite("Capture manifest")
struct CaptureManifestTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("A finished capture's manifest lists each item as one flat object, absent host and error left out, and reads back")
    func flatEntries() async throws {
        let dir = try TemporaryDirectory()
        let db = try AppDatabase(directory: dir.path)
        let captureID = try await db.createCapture(PlannedCapture(
            incidentID: nil, kind: .manual, window: DateInterval(start: t0 - 1800, end: t0), labels: [:], alertsJSON: "[]",
            requestedBy: "test", requestedAt: t0, runAfter: t0, maxAttempts: 1, jobs: [.init(collector: "diag", host: "web-1")]))
        let job = try #require(try await db.claimJobs(now: t0, limit: 1, lease: 30).claimed.first)
        let items = [
            NewEvidence(
                kind: .command, name: "uptime", host: "web-1", request: ["argv": "uptime"], status: .ok, error: nil, exitCode: 0,
                content: Data("up 3 days\n".utf8), contentType: "text/plain", redactions: 2, lines: [], startedAt: t0, finishedAt: t0),
            NewEvidence(
                kind: .http, name: "status", host: nil, request: [:], status: .failed, error: "connection refused", exitCode: nil,
                content: Data(), contentType: "text/plain", redactions: 0, lines: [], startedAt: t0, finishedAt: t0),
        ]
        _ = try await db.storeEvidence(jobID: job.job.id, leaseToken: try #require(job.job.leaseToken), items: items, now: t0)
        let json = try #require(try await db.capture(id: captureID)?.manifest)

        let upSHA = IncomingDelivery.sha256Hex(Data("up 3 days\n".utf8)), emptySHA = IncomingDelivery.sha256Hex(Data())
        #expect(json == """
            {"capture":\(captureID),"failed_jobs":[],"items":[\
            {"collector":"diag","host":"web-1","id":"ev-1","kind":"command","name":"uptime","redactions":2,\
            "request":{"argv":"uptime"},"sha256":"\(upSHA)","size":10,"status":"ok"},\
            {"collector":"diag","error":"connection refused","id":"ev-2","kind":"http","name":"status","redactions":0,\
            "request":{},"sha256":"\(emptySHA)","size":0,"status":"failed"}],\
            "kind":"manual","window_end":"\(Timestamp.format(t0))","window_start":"\(Timestamp.format(t0 - 1800))"}
            """)

        let manifest = try JSONDecoder().decode(CaptureManifest.self, from: Data(json.utf8))
        #expect(manifest.items.map(\.header) == items.map(\.header))
        #expect(manifest.items.map(\.host) == ["web-1", nil])
        #expect(try manifest.json() == json)
    }
}
