import AftermathCore
@testable import Archive
import AsyncHTTPClient
import Foundation
import GRDB
import Testing

extension EndToEnd {
    /// Evidence is stored in chunks; a worker killed between them leaves staged lines that no item
    /// owns. After a restart the job runs again, stores one evidence set, and the orphans are swept
    /// from the lines and the full-text index.
    @Suite("SIGKILL while evidence is stored in chunks")
    struct StagedEvidenceCrashTests {
        @Test("kill -9 mid-store, restart: one evidence set, every line searchable once, nothing left staged")
        func killMidStore() async throws {
            let dir = try TemporaryDirectory("staged-crash")
            let archive = dir.file("archive")
            let lineCount = 150_000
            let stamp = Timestamp.format(Date().addingTimeInterval(-60))
            var log = ""
            log.reserveCapacity(lineCount * 64)
            for n in 0..<lineCount { log += "\(stamp) worker-\(n % 7) handled request \(n) token=abc\(n)\n" }
            let logFile = try dir.write("big.log", log)
            let config = try dir.write("aftermath.yaml", """
                capture: { lease: 2s, max_attempts: 3 }
                collectors:
                  - { name: big, kind: file, match: {}, host: local, paths: [\(logFile)], max_lines: 1000000, max_bytes: 268435456 }
                """)
            let first = try await AftermathProcess(archive: archive, config: config, logPath: dir.file("serve-1.log"))
            let body = Array(#"{"key":"staged-crash","status":"firing","title":"large capture"}"#.utf8)
            #expect(await HTTPClient.shared.postStatus("\(first.baseURL)/hooks/generic", body: body) == 202)

            let database = try AppDatabase(directory: archive)
            _ = try await Wait.until("lines to be staged", timeout: 120, interval: 0.01) {
                try await database.stagedLineCount() > 0 ? true : nil
            }
            first.process.kill()
            let orphaned = try await database.stagedLineCount()
            #expect(orphaned > 0)
            #expect(try await database.evidence(incidentID: nil).isEmpty, "staged lines are not an item")

            let second = try await AftermathProcess(archive: archive, config: config, logPath: dir.file("serve-2.log"))
            defer { second.process.stop() }
            let jobs = try await Wait.until("the job to end after the restart", timeout: 180) { () -> [CaptureJobRecord]? in
                let all = try await database.writer.read { db in try CaptureJobRecord.fetchAll(db) }
                return all.allSatisfy { $0.state == .done || $0.state == .failed } ? all : nil
            }
            #expect(jobs.map(\.state) == [.done])
            #expect(jobs.first?.attempts == 2)
            _ = try await Wait.until("the orphaned lines to be swept", timeout: 120) {
                try await database.stagedLineCount() == 0 ? true : nil
            }
            let items = try await database.evidence(incidentID: nil)
            #expect(items.count == 1)
            #expect(items.first?.lineCount == lineCount)
            #expect(try await database.search("\"handled request 149999\"").count == 1)
            let indexed = try await database.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM evidence_line") ?? 0
            }
            #expect(indexed == lineCount, "no line of the killed attempt is left")
            #expect(try await database.verify().ok)
            #expect(try database.integrityCheck() == "ok")
        }
    }
}
