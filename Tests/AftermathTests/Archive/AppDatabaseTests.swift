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
}
