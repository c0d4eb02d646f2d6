import AftermathCore
import Archive
import Foundation
import GRDB
import Testing

@Suite("Archive database")
struct AppDatabaseTests {
    @Test("The writer runs WAL with synchronous=FULL after opening (GRDB's pool sets NORMAL)")
    func durability() throws {
        let dir = try TemporaryDirectory()
        let database = try AppDatabase(directory: dir.file("archive"))
        let settings = try database.durabilitySettings()
        #expect(settings.synchronous == 2)
        #expect(settings.journalMode == "wal")
        #expect(FileManager.default.fileExists(atPath: dir.file("archive/aftermath.sqlite")))
    }

    @Test("Reopening an existing archive keeps its data and migrations")
    func reopen() async throws {
        let dir = try TemporaryDirectory()
        do {
            let database = try AppDatabase(directory: dir.file("a"))
            _ = try await database.record(
                IncomingDelivery(source: .generic, dedupKey: "k", receivedAt: Date(), headers: [], body: Array("{}".utf8),
                                 disposition: .quarantined, error: "x", signals: []),
                rules: IntakeRules(), ids: SequentialIncidentIDs())
        }
        let again = try AppDatabase(directory: dir.file("a"))
        #expect(try await again.quarantinedDeliveries().count == 1)
        #expect(try again.integrityCheck() == "ok")
    }

    @Test("Opening an existing archive needs no write lock: a CLI opens it while another process holds one (backup under a burst)")
    func opensWhileAnotherWrites() async throws {
        let dir = try TemporaryDirectory()
        let running = try AppDatabase(directory: dir.file("a"))  // as `serve`: open, its WAL in use
        _ = try await running.record(
            IncomingDelivery(source: .generic, dedupKey: "k", receivedAt: Date(), headers: [], body: Array("{}".utf8),
                             disposition: .quarantined, error: "x", signals: []),
            rules: IntakeRules(), ids: SequentialIncidentIDs())
        var lockConfig = Configuration()
        lockConfig.allowsUnsafeTransactions = true
        let blocker = try DatabaseQueue(path: dir.file("a/aftermath.sqlite"), configuration: lockConfig)
        try await blocker.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        let opened = try AppDatabase(directory: dir.file("a"), busyTimeout: 0.2)
        #expect(try opened.integrityCheck() == "ok")
        #expect(try await opened.autoVacuumMode() == "incremental")
        #expect(try await opened.quarantinedDeliveries().count == 1)
        try await blocker.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
    }

    @Test("Stored headers are valid JSON whatever they hold; credentials are masked")
    func headersJSON() async throws {
        let dir = try TemporaryDirectory()
        let database = try AppDatabase(directory: dir.path)
        let odd = "quote \" backslash \\ newline \n tab \t bell \u{7} snow ☃"
        _ = try await database.record(
            IncomingDelivery(source: .generic, dedupKey: "h", receivedAt: Date(), headers: [("X-Odd", odd), ("Authorization", "Bearer s3cret")],
                             body: [], disposition: .quarantined, error: "x", signals: []),
            rules: IntakeRules(), ids: SequentialIncidentIDs())
        let stored = try #require(try await database.delivery(id: 1))
        let pairs = try #require(try JSONSerialization.jsonObject(with: Data(stored.headers.utf8)) as? [[String]])
        #expect(pairs == [["X-Odd", odd], ["Authorization", "Bearer [masked]"]])
        #expect(stored.bodySHA256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
