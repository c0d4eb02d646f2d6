import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Testing

/// ARCHIVE-FORMAT.md against the code: its worked example is what the archive stores, and the
/// independent checker, written from the document alone, agrees with `verify` item by item.
@Suite("Archive format and the independent checker")
struct ArchiveFormatTests {
    static var document: String {
        (try? String(contentsOfFile: (SiteFixture.repositoryRoot as NSString).appendingPathComponent("ARCHIVE-FORMAT.md"), encoding: .utf8)) ?? ""
    }

    /// `key: value` lines of the document's worked example block.
    static func example() -> [String: String] {
        guard let start = document.range(of: "```text worked-example\n"),
              let end = document[start.upperBound...].range(of: "```") else { return [:] }
        var fields: [String: String] = [:]
        for line in document[start.upperBound..<end.lowerBound].split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    @Test("The worked example in ARCHIVE-FORMAT.md is exactly what storing that item produces")
    func workedExample() async throws {
        let fields = Self.example()
        let content = try #require(fields["content"].map { $0.replacingOccurrences(of: "\\n", with: "\n") }, "ARCHIVE-FORMAT.md has a worked example")
        let dir = try TemporaryDirectory("format-example")
        let database = try AppDatabase(directory: dir.file("archive"))
        let startText = (fields["window_start (stored)"] ?? "").replacingOccurrences(of: " ", with: "T") + "Z"
        let endText = (fields["window_end (stored)"] ?? "").replacingOccurrences(of: " ", with: "T") + "Z"
        let start = try #require(try Timestamp.parse(startText))
        let end = try #require(try Timestamp.parse(endText))
        let captureID = try await database.createCapture(PlannedCapture(
            incidentID: nil, kind: .manual, window: DateInterval(start: start, end: end), labels: [:], alertsJSON: "[]",
            requestedBy: "cli", requestedAt: start, runAfter: start, maxAttempts: 1, jobs: [.init(collector: "diagnostics", host: "web-1")]))
        let job = try #require(try await database.claimJobs(now: start, limit: 1, lease: 60, only: captureID).claimed.first)
        let item = NewEvidence(
            kind: .command, name: "uptime", host: "web-1", request: ["argv": "uptime", "host": "web-1"], status: .ok, error: nil,
            exitCode: 0, content: Data(content.utf8), contentType: "text/plain", redactions: 0, lines: [], startedAt: start, finishedAt: end)
        _ = try await database.storeEvidence(jobID: job.job.id, leaseToken: try #require(job.job.leaseToken), items: [item], now: end)
        let stored = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT sha256 || ' ' || prev_hash || ' ' || chain_hash FROM evidence")
        }
        #expect(stored == ["\(fields["sha256"] ?? "") \(fields["prev_hash"] ?? "") \(fields["chain_hash"] ?? "")"])
        let link = EvidenceChain.link(previous: fields["prev_hash"] ?? "", contentSHA256: fields["sha256"] ?? "", metadata: fields["metadata"] ?? "")
        #expect(link == fields["chain_hash"])
    }

    @Test("The checker agrees with verify on an intact archive and names the same items in a changed one")
    func checkerAgrees() async throws {
        let dir = try TemporaryDirectory("format-checker")
        let archive = dir.file("archive")
        let database = try AppDatabase(directory: archive)
        let t0 = Date(timeIntervalSince1970: 1_795_000_000.123)
        var ids: [String] = []
        // Metadata that tests the document's JSON rules: quotes, backslashes, slashes, control characters, non-ASCII, nil fields.
        let awkward = ["plain", "quote \" and \\ backslash", "slash / and tab\t and nul-ish \u{01}\u{1f}", "ünïcødé ✓ 😀", "line\nbreak\r"]
        for (n, text) in awkward.enumerated() {
            let window = DateInterval(start: t0.addingTimeInterval(Double(n) * 0.001), duration: 3600.5)
            let captureID = try await database.createCapture(PlannedCapture(
                incidentID: nil, kind: .manual, window: window, labels: ["k": text], alertsJSON: "[]", requestedBy: "test",
                requestedAt: t0, runAfter: t0, maxAttempts: 1, jobs: [.init(collector: "c/\(n)", host: n % 2 == 0 ? nil : "h\(n)")]))
            let job = try #require(try await database.claimJobs(now: t0, limit: 1, lease: 60, only: captureID).claimed.first)
            let host: String? = n % 2 == 0 ? nil : "h\(n)"
            let ok = NewEvidence(
                kind: .log, name: text, host: host, request: ["argv": text, "url": "http://x/\(n)"], status: .ok, error: nil, exitCode: nil,
                content: Data("\(text) #0\n".utf8), contentType: "text/plain", redactions: n, lines: [], startedAt: t0, finishedAt: t0)
            var failed = ok
            failed.kind = .command
            failed.status = .failed
            failed.error = "error: \(text)"
            failed.exitCode = -Int32(n)
            failed.content = Data("\(text) #1\n".utf8)
            let items = [ok, failed]
            let outcome = try await database.storeEvidence(jobID: job.job.id, leaseToken: try #require(job.job.leaseToken), items: items, now: t0)
            if case .stored(let stored) = outcome { ids += stored }
        }
        #expect(ids.count == 10)
        let verified = try await database.verify()
        #expect(verified.ok)
        let clean = try await PythonChecker.run([archive, "--json"])
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect(clean.json?["items"] as? Int == verified.itemsChecked)
        #expect(clean.json?["captures"] as? Int == verified.capturesChecked)

        // Change content, metadata and delete an item, straight in SQLite.
        let stored = ids
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE evidence SET content = CAST('tampered' AS BLOB), size = 8 WHERE id = ?", arguments: [stored[2]])
            try db.execute(sql: "UPDATE evidence SET name = 'renamed' WHERE id = ?", arguments: [stored[5]])
            try db.execute(sql: "DELETE FROM evidence WHERE id = ?", arguments: [stored[7]])
        }
        let report = try await database.verify()
        let changed = try await PythonChecker.run([archive, "--json"])
        #expect(changed.status == 1)
        let theirs = (changed.json?["problems"] as? [[String: Any]] ?? []).map { "\($0["item"] ?? "")" }
        let ours = report.problems.map(\.evidenceID)
        #expect(Set(theirs) == Set(ours), "checker \(theirs) vs verify \(ours)")
        #expect(Set(ours).isSuperset(of: [ids[2], ids[5], ids[8]]), "\(report.problems)")
        let text = try await PythonChecker.run([archive])
        #expect(text.stdout.contains("CHANGED \(ids[2]): content changed"), "\(text.stdout)")
        let cli = try await aftermath(["verify", "--archive", archive])
        #expect(cli.stderr.contains("CHANGED \(ids[2]): content changed"), "\(cli.stderr)")
    }
}
