// Archive owns the SQLite archive: schema, migrations, the intake transaction, queries, and the
// stored evidence format (kinds, statuses, series and their codec, log lines). It knows nothing of
// HTTP, collectors, Markdown or HTML. It is the only module that imports GRDB: other modules reach
// the database through its methods, intake hooks through an `IntakeTransaction`.

import AftermathCore
import Foundation
import GRDB

/// The archive's SQLite database: one writer for intake, concurrent readers for queries.
///
/// WAL mode with `synchronous = FULL`: a delivery answered 2xx survives a crash or power loss.
public struct AppDatabase: Sendable {
    /// The underlying pool: only Archive runs SQL (tests reach it through `@testable import`).
    let writer: DatabasePool

    /// Opens (creating if needed) `<directory>/aftermath.sqlite` and migrates it.
    /// `busyTimeout`: how long a write waits for a lock another process holds before it fails.
    public init(directory: String, busyTimeout: TimeInterval = 10) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try self.init(path: (directory as NSString).appendingPathComponent("aftermath.sqlite"), busyTimeout: busyTimeout)
    }

    /// Opens the database file at `path` and migrates it.
    public init(path: String, busyTimeout: TimeInterval = 10) throws {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        // Setting auto_vacuum takes the write lock, so it is set only on a new file: opening an
        // existing archive (backup, CLI reads) must not wait for, or starve behind, a busy `serve`.
        let isNew = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0) == 0
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // Takes effect only while the file is new (before WAL and the first table): retention
            // can then give freed pages back to the file system a few at a time.
            if isNew && !db.configuration.readonly { try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL") }
        }
        let pool = try DatabasePool(path: path, configuration: config)
        // GRDB's pool sets synchronous=NORMAL while enabling WAL, after prepareDatabase;
        // set FULL afterwards so every commit is synced before intake answers.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        try Self.migrator.migrate(pool)
        writer = pool
    }

    /// `PRAGMA synchronous` and `journal_mode` as the writer connection sees them.
    public func durabilitySettings() throws -> (synchronous: Int, journalMode: String) {
        try writer.write { db in
            let sync = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?"
            return (sync, mode)
        }
    }

    /// Closes every connection (checkpointing the WAL). Nothing may use this value afterwards.
    public func close() throws {
        try writer.close()
    }

    /// Throws when a reader cannot open a snapshot of the archive (`/healthz`).
    public func checkReadable() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try writer.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
        }
    }
}
