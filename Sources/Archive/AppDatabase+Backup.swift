import Foundation
import GRDB

/// Counts and identity of an archive database, as a backup records them.
public struct ArchiveFacts: Codable, Sendable, Equatable {
    public var archiveID: String
    public var incidents: Int
    public var deliveries: Int
    public var evidence: Int
    public var contentRemoved: Int
    public var captures: Int
    public var postmortems: Int
    public var chainHeadSeq: Int64
    public var chainHeadHash: String
    /// Applied migrations, oldest first.
    public var migrations: [String]
    public var autoVacuum: String

    enum CodingKeys: String, CodingKey {
        case incidents, deliveries, evidence, captures, postmortems, migrations
        case archiveID = "archive_id", contentRemoved = "content_removed", chainHeadSeq = "chain_head_seq"
        case chainHeadHash = "chain_head_hash", autoVacuum = "auto_vacuum"
    }
}

/// The checks run on a database file: SQLite's integrity check and the evidence chain.
public struct DatabaseFileCheck: Sendable, Equatable {
    public var integrity: String
    public var chain: IntegrityReport
    public var facts: ArchiveFacts
    public var ok: Bool { integrity == "ok" && chain.ok }
}

extension AppDatabase {
    /// Writes a consistent copy of the whole database to `path` (which must not exist) with
    /// `VACUUM INTO`, from a reader connection: in WAL mode intake keeps committing meanwhile and
    /// the copy holds exactly the transactions committed before it started. The copy is compact,
    /// uses incremental auto-vacuum (converted if the archive predates it, so a restored archive can
    /// shrink after retention) and is synced.
    public func backup(toFile path: String) async throws {
        try await writer.unsafeRead { db in
            // Outside any transaction: VACUUM refuses to run inside one.
            try db.execute(sql: "VACUUM INTO ?", arguments: [path])
        }
        // An archive created before incremental auto-vacuum: convert the copy (nobody else uses it yet).
        let copy = try DatabaseQueue(path: path)
        try await copy.writeWithoutTransaction { db in
            if try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") != 2 {
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
                try db.execute(sql: "VACUUM")
            }
        }
        try copy.close()
        try FileSync.sync(path: path)
        try FileSync.sync(path: (path as NSString).deletingLastPathComponent)
    }

    /// This archive's identity and counts.
    public func facts() async throws -> ArchiveFacts {
        try await writer.read { db in try Self.facts(db) }
    }

    /// Opens the database file at `path` read-only (never migrating or changing it) and checks it.
    public static func checkFile(path: String) throws -> DatabaseFileCheck {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            return DatabaseFileCheck(integrity: integrity, chain: try verify(db), facts: try facts(db))
        }
    }

    static func facts(_ db: Database) throws -> ArchiveFacts {
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
        let head = try EvidenceChain.head(db)
        let hasIdentity = try db.tableExists("archive_identity")
        let archiveID = hasIdentity ? try String.fetchOne(db, sql: "SELECT archive_id FROM archive_identity WHERE id = 1") ?? "" : ""
        let autoVacuum = try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") ?? 0
        return ArchiveFacts(
            archiveID: archiveID,
            incidents: try count("SELECT count(*) FROM incident"),
            deliveries: try count("SELECT count(*) FROM delivery"),
            evidence: try count("SELECT count(*) FROM evidence"),
            contentRemoved: try db.columns(in: "evidence").contains { $0.name == "content_removed_at" }
                ? try count("SELECT count(*) FROM evidence WHERE content_removed_at IS NOT NULL") : 0,
            captures: try count("SELECT count(*) FROM capture"),
            postmortems: try count("SELECT count(*) FROM postmortem WHERE file IS NOT NULL"),
            chainHeadSeq: head.seq, chainHeadHash: head.hash,
            migrations: try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
            autoVacuum: autoVacuum == 2 ? "incremental" : autoVacuum == 1 ? "full" : "none")
    }

    /// Every delivery's (source, dedup key) — what a restore is compared against.
    public func deliveryKeys() async throws -> Set<String> {
        try await writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT source || ' ' || dedup_key FROM delivery"))
        }
    }
}

/// `fsync` for files and directories, so a copy survives a crash right after it is reported.
enum FileSync {
    static func sync(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
}
