import AftermathCore
import Crypto
import Foundation

/// A backup directory: `aftermath.sqlite` (a consistent copy), `postmortems/` and `BACKUP.json`
/// (what was copied, with each file's SHA-256 and the archive's counts and chain head).
public struct ArchiveBackup: Sendable {
    /// One copied file.
    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var size: Int64
        public var sha256: String
    }

    /// `BACKUP.json`.
    public struct Record: Codable, Sendable, Equatable {
        public var format: String
        public var createdAt: String
        public var facts: ArchiveFacts
        public var files: [File]

        enum CodingKeys: String, CodingKey {
            case format, facts, files
            case createdAt = "created_at"
        }
    }

    /// Why a backup or restore stopped.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    public static let databaseName = "aftermath.sqlite"
    public static let recordName = "BACKUP.json"
    public static let format = "aftermath-backup-v1"

    /// Copies the database (online, see `AppDatabase.backup(toFile:)`) and then the postmortem files
    /// into `destination`, which must not exist or be empty; checks the copy and writes `BACKUP.json`.
    public static func create(
        database: AppDatabase, postmortemsDirectory: String, destination: String, now: Date
    ) async throws -> (record: Record, check: DatabaseFileCheck) {
        let fm = FileManager.default
        if fm.fileExists(atPath: destination) {
            let entries = (try? fm.contentsOfDirectory(atPath: destination)) ?? ["?"]
            guard entries.isEmpty else { throw Failure("\(destination) is not empty; back up into a new or empty directory") }
        }
        try fm.createDirectory(atPath: destination, withIntermediateDirectories: true)
        let dbPath = (destination as NSString).appendingPathComponent(databaseName)
        try await database.backup(toFile: dbPath)
        let check = try AppDatabase.checkFile(path: dbPath)
        guard check.ok else {
            throw Failure("the copy at \(dbPath) failed its check (integrity: \(check.integrity); "
                + "\(check.chain.problems.map(\.description).joined(separator: "; "))); the archive itself may need `aftermath verify`")
        }
        var files = [try describe(dbPath, as: databaseName)]
        let postmortems = (destination as NSString).appendingPathComponent("postmortems")
        for name in (try? fm.contentsOfDirectory(atPath: postmortemsDirectory))?.sorted() ?? [] where name.hasSuffix(".md") {
            try fm.createDirectory(atPath: postmortems, withIntermediateDirectories: true)
            let target = (postmortems as NSString).appendingPathComponent(name)
            try fm.copyItem(atPath: (postmortemsDirectory as NSString).appendingPathComponent(name), toPath: target)
            try FileSync.sync(path: target)
            files.append(try describe(target, as: "postmortems/" + name))
        }
        let record = Record(format: format, createdAt: isoNow(now), facts: check.facts, files: files)
        let recordPath = (destination as NSString).appendingPathComponent(recordName)
        try encoder.encode(record).write(to: URL(fileURLWithPath: recordPath))
        try FileSync.sync(path: recordPath)
        try FileSync.sync(path: destination)
        return (record, check)
    }

    /// Checks a backup directory without changing it: every file against `BACKUP.json`, then the database.
    public static func check(backup: String) throws -> (record: Record, check: DatabaseFileCheck, problems: [String]) {
        let recordPath = (backup as NSString).appendingPathComponent(recordName)
        guard let data = FileManager.default.contents(atPath: recordPath) else {
            throw Failure("\(recordPath) is missing: \(backup) is not a backup made by `aftermath backup`")
        }
        let record: Record
        do {
            record = try JSONDecoder().decode(Record.self, from: data)
        } catch {
            throw Failure("\(recordPath) is not readable: \(error)")
        }
        var problems: [String] = []
        for file in record.files {
            let path = (backup as NSString).appendingPathComponent(file.path)
            guard let found = try? describe(path, as: file.path) else {
                problems.append("\(file.path): missing")
                continue
            }
            if found.sha256 != file.sha256 { problems.append("\(file.path): changed (SHA-256 \(found.sha256), recorded \(file.sha256))") }
        }
        let check = try AppDatabase.checkFile(path: (backup as NSString).appendingPathComponent(databaseName))
        if check.integrity != "ok" { problems.append("\(databaseName): integrity_check says \(check.integrity)") }
        problems += check.chain.problems.map { "\(databaseName): \($0)" }
        return (record, check, problems)
    }

    /// Restores `backup` into `archiveDirectory`, which must hold no database yet: checks the backup,
    /// copies the database under a temporary name, syncs it, renames it into place, copies the
    /// postmortems, then opens the result (migrating it if the backup is older) and verifies it.
    public static func restore(backup: String, archiveDirectory: String) async throws -> (record: Record, report: IntegrityReport) {
        let (record, _, problems) = try check(backup: backup)
        guard problems.isEmpty else {
            throw Failure("the backup at \(backup) failed its check; nothing restored:\n  " + problems.joined(separator: "\n  "))
        }
        let fm = FileManager.default
        let target = (archiveDirectory as NSString).appendingPathComponent(databaseName)
        for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: target + suffix) {
            throw Failure("\(target + suffix) exists; stop `aftermath serve`, move the current archive aside, then restore")
        }
        let postmortems = (archiveDirectory as NSString).appendingPathComponent("postmortems")
        let existing = ((try? fm.contentsOfDirectory(atPath: postmortems)) ?? []).filter { $0.hasSuffix(".md") }
        let incoming = record.files.filter { $0.path.hasPrefix("postmortems/") }
        if let clash = incoming.first(where: { existing.contains(($0.path as NSString).lastPathComponent) }) {
            throw Failure("\(postmortems)/\((clash.path as NSString).lastPathComponent) exists; restore into an empty archive directory")
        }
        try fm.createDirectory(atPath: archiveDirectory, withIntermediateDirectories: true)
        let temporary = target + ".restoring"
        try? fm.removeItem(atPath: temporary)
        try fm.copyItem(atPath: (backup as NSString).appendingPathComponent(databaseName), toPath: temporary)
        try FileSync.sync(path: temporary)
        try fm.moveItem(atPath: temporary, toPath: target)
        for file in incoming {
            try fm.createDirectory(atPath: postmortems, withIntermediateDirectories: true)
            let destination = (postmortems as NSString).appendingPathComponent((file.path as NSString).lastPathComponent)
            try fm.copyItem(atPath: (backup as NSString).appendingPathComponent(file.path), toPath: destination)
            try FileSync.sync(path: destination)
        }
        try FileSync.sync(path: archiveDirectory)
        let database = try AppDatabase(path: target)
        let report = try await database.verify()
        try database.close()
        return (record, report)
    }

    static func describe(_ path: String, as name: String) throws -> File {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure("cannot read \(path)") }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += Int64(chunk.count)
        }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return File(path: name, size: size, sha256: hex)
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func isoNow(_ date: Date) -> String {
        Timestamp.format(date)
    }
}
