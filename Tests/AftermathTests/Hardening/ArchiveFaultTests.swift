import AftermathCore
@testable import Archive
import AsyncHTTPClient
import Foundation
import GRDB
import Logging
import Server
import Settings
import Testing

extension EndToEnd {
    /// Real SQLite errors under the live server: `PRAGMA max_page_count` makes the archive full
    /// (SQLITE_FULL); a second connection holding `BEGIN IMMEDIATE` locks it (SQLITE_BUSY).
    /// While either lasts, senders get 503 with Retry-After and `/healthz` names what fails; once
    /// it ends, the next delivery is stored and nothing acknowledged is missing — no restart.
    @Suite("A full or locked archive")
    struct ArchiveFaultTests {
        let client = HTTPClient.shared

        /// A pipeline with one local command collector (so every incident plans a capture job).
        func pipeline(_ dir: TemporaryDirectory, busyTimeout: TimeInterval = 10) throws -> (Pipeline, AppDatabase) {
            var config = try AftermathConfig.parse(yaml: """
                collectors:
                  - name: uptime
                    kind: command
                    match: {}
                    host: local
                    commands: [{name: echo, argv: [echo, captured]}]
                capture:
                  lease: 3s
                """)
            config.archiveDirectory = dir.file("archive")
            config.siteDirectory = dir.file("site")
            let database = try AppDatabase(directory: config.archiveDirectory, busyTimeout: busyTimeout)
            var logger = Logger(label: "fault")
            logger.logLevel = .critical
            return (try Pipeline(config: config, database: database, logger: logger), database)
        }

        func deps(_ pipeline: Pipeline) -> ServerDependencies {
            var logger = Logger(label: "fault")
            logger.logLevel = .critical
            return pipeline.serverDependencies(logger: logger, keepSiteCurrent: false)
        }

        static func webhook(_ n: Int, padding: Int = 0) -> [UInt8] {
            let text = String(repeating: "x", count: padding)
            return Array(#"{"key":"fault-\#(n)","status":"firing","title":"fault \#(n)","event_id":"ev-\#(n)","text":"\#(text)"}"#.utf8)
        }

        func post(_ port: Int, _ body: [UInt8]) async throws -> HTTPAnswer {
            try await client.answer("http://127.0.0.1:\(port)/hooks/generic", method: .POST, body: body)
        }

        func health(_ port: Int) async throws -> HTTPAnswer {
            try await client.answer("http://127.0.0.1:\(port)/healthz")
        }

        /// Every delivery stored, by its event id.
        func storedEvents(_ database: AppDatabase) async throws -> Set<String> {
            try await database.writer.read { db in
                Set(try String.fetchAll(db, sql: "SELECT dedup_key FROM delivery"))
            }
        }

        @Test("SQLITE_FULL (max_page_count): 503 + Retry-After and /healthz names intake; space returns, the retries are stored")
        func fullArchive() async throws {
            let dir = try TemporaryDirectory("fault-full")
            let (pipeline, database) = try pipeline(dir)
            try await withLiveServer(deps(pipeline)) { port in
                #expect(try await post(port, Self.webhook(1)).status == 202)
                #expect(try await health(port).status == 200)

                // Full: the file may not grow by a single page. Each body needs new pages.
                let pages = try await database.writer.writeWithoutTransaction { db in
                    try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                }
                try await database.writer.writeWithoutTransaction { db in
                    _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages)")
                }
                var refused: [Int] = []
                for n in 2...6 {
                    let answer = try await post(port, Self.webhook(n, padding: 20_000))
                    #expect(answer.status == 503, "\(answer.body)")
                    #expect(answer.headers.first(name: "Retry-After") != nil)
                    refused.append(n)
                }
                let failing = try await health(port)
                #expect(failing.status == 503)
                let parts = failing.json["failing"] as? [String: Any] ?? [:]
                #expect(parts["intake"] != nil, "\(failing.body)")
                #expect(failing.body.contains("full"), "\(failing.body)")

                // Space returns; the senders retry what was refused. No restart.
                try await database.writer.writeWithoutTransaction { db in
                    _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = 1073741823")
                }
                for n in refused {
                    #expect(try await post(port, Self.webhook(n, padding: 20_000)).status == 202)
                }
                _ = try await Wait.until("/healthz to answer 200 again", timeout: 60) {
                    try await health(port).status == 200 ? true : nil
                }
                #expect(try await storedEvents(database) == Set((1...6).map { "ev-\($0)" }))
                // The capture of every incident completes.
                let finished = try await Wait.until("every capture to finish", timeout: 60) {
                    let captures = try await database.incidents().asyncMap { try await database.captures(incidentID: $0.id) }.flatMap { $0 }
                    return captures.count == 6 && captures.allSatisfy { $0.finishedAt != nil } ? captures : nil
                }
                #expect(finished.count == 6)
            }
            #expect(try database.integrityCheck() == "ok")
        }

        @Test("SQLITE_BUSY (another connection holds BEGIN IMMEDIATE): 503s, /healthz names intake and capture; released, all recover")
        func lockedArchive() async throws {
            let dir = try TemporaryDirectory("fault-busy")
            let (pipeline, database) = try pipeline(dir, busyTimeout: 0.5)
            try await withLiveServer(deps(pipeline)) { port in
                #expect(try await post(port, Self.webhook(1)).status == 202)

                var lockConfig = Configuration()
                lockConfig.allowsUnsafeTransactions = true
                // The server may be writing (webhook 1's capture) right now: wait for that, then hold the lock.
                lockConfig.busyMode = .timeout(60)
                let blocker = try DatabaseQueue(path: dir.file("archive/aftermath.sqlite"), configuration: lockConfig)
                try await blocker.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
                var refused: [Int] = []
                for n in 2...4 {
                    let answer = try await post(port, Self.webhook(n))
                    #expect(answer.status == 503, "\(answer.body)")
                    #expect(answer.headers.first(name: "Retry-After") == "5")
                    refused.append(n)
                }
                // The capture worker's next round meets the lock too: it reports itself, and keeps going.
                let failing = try await Wait.until("/healthz to name intake and capture", timeout: 60) {
                    let answer = try await health(port)
                    let parts = answer.json["failing"] as? [String: Any] ?? [:]
                    return answer.status == 503 && parts["intake"] != nil && parts["capture"] != nil ? answer : nil
                }
                #expect(failing.body.contains("locked"), "\(failing.body)")
                try await blocker.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
                try blocker.close()

                for n in refused {
                    #expect(try await post(port, Self.webhook(n)).status == 202)
                }
                _ = try await Wait.until("/healthz to answer 200 again", timeout: 90) {
                    try await health(port).status == 200 ? true : nil
                }
                #expect(try await storedEvents(database) == Set((1...4).map { "ev-\($0)" }))
                _ = try await Wait.until("every capture to finish", timeout: 60) {
                    let captures = try await database.incidents().asyncMap { try await database.captures(incidentID: $0.id) }.flatMap { $0 }
                    return captures.count == 4 && captures.allSatisfy { $0.finishedAt != nil } ? true : nil
                }
            }
            #expect(try database.integrityCheck() == "ok")
        }
    }
}

extension Sequence {
    /// `map` with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
