import AftermathCore
@testable import Archive
import AsyncHTTPClient
import Foundation
import GRDB
import Testing

extension EndToEnd {
    /// Capture jobs live in SQLite with leases: a worker killed mid-capture loses nothing.
    @Suite("SIGKILL during capture")
    struct CaptureCrashTests {
        @Test("kill -9 while collectors run, restart: every job ends done or failed with one evidence set each")
        func killDuringCapture() async throws {
            let dir = try TemporaryDirectory("capture-crash")
            let archive = dir.file("archive")
            let config = try dir.write("aftermath.yaml", """
                capture: { lease: 2s, max_attempts: 3 }
                collectors:
                  - { name: slow-a, kind: command, match: {}, host: local, commands: [{ name: nap, argv: [sleep, "3"] }, { name: date, argv: [date] }] }
                  - { name: slow-b, kind: command, match: {}, host: local, commands: [{ name: nap, argv: [sleep, "3"] }] }
                  - { name: slow-c, kind: command, match: {}, host: local, commands: [{ name: nap, argv: [sleep, "3"] }] }
                  - { name: quick, kind: command, match: {}, host: local, commands: [{ name: uname, argv: [uname, "-s"] }] }
                """)
            let first = try await AftermathProcess(archive: archive, config: config, logPath: dir.file("serve-1.log"))
            let body = Array(#"{"key":"crash-capture","status":"firing","title":"capture under fire"}"#.utf8)
            #expect(await HTTPClient.shared.postStatus("\(first.baseURL)/hooks/generic", body: body) == 202)

            let database = try AppDatabase(directory: archive)
            // Kill once the slow jobs are running (they sleep 3 s), not after a fixed delay.
            _ = try await Wait.until("slow capture jobs to be running", timeout: 30, interval: 0.05) {
                let running = try await database.writer.read { db in
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM capture_job WHERE state = 'running' AND collector LIKE 'slow-%'") ?? 0
                }
                return running >= 2 ? true : nil
            }
            first.process.kill()
            let interrupted = try await database.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM capture_job WHERE state IN ('queued', 'running')") ?? 0
            }
            #expect(interrupted >= 2, "the kill should leave jobs unfinished")

            let second = try await AftermathProcess(archive: archive, config: config, logPath: dir.file("serve-2.log"))
            defer { second.process.stop() }
            let jobs = try await Wait.until("every job to end after the restart", timeout: 60) { () -> [CaptureJobRecord]? in
                let all = try await database.writer.read { db in try CaptureJobRecord.fetchAll(db) }
                return all.allSatisfy { $0.state == .done || $0.state == .failed } ? all : nil
            }
            #expect(jobs.count == 4)
            #expect(jobs.filter { $0.state == .done }.count == 4, "\(jobs.map { "\($0.collector):\($0.state) \($0.lastError ?? "")" })")
            #expect(jobs.filter { $0.collector.hasPrefix("slow") }.allSatisfy { $0.attempts == 2 }, "interrupted jobs ran again: \(jobs.map { "\($0.collector):\($0.attempts)" })")

            // One evidence set per job: as many items as the collector has commands, never twice.
            let perJob = try await database.writer.read { db in
                try Row.fetchAll(db, sql: "SELECT job_id, collector, count(*) AS n FROM evidence GROUP BY job_id ORDER BY job_id")
            }
            let expected = ["slow-a": 2, "slow-b": 1, "slow-c": 1, "quick": 1]
            #expect(perJob.count == 4)
            for row in perJob {
                #expect((row["n"] as Int) == expected[row["collector"] as String], "\(row)")
            }
            let capture = try #require(try await database.writer.read { db in try CaptureRecord.fetchOne(db) })
            #expect(capture.finishedAt != nil)
            #expect(try await database.verify().ok)
            #expect(try database.integrityCheck() == "ok")
        }
    }
}
