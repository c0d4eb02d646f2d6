import Archive
import Foundation

/// Adds a bundle to an archive: only a bundle that checks out, and only once.
public struct BundleImporter: Sendable {
    public let database: AppDatabase
    /// `<archive>/postmortems`, where the bundle's postmortem is written.
    public let postmortemsDirectory: String

    public init(database: AppDatabase, postmortemsDirectory: String) {
        self.database = database
        self.postmortemsDirectory = postmortemsDirectory
    }

    /// Checks `path`, then imports it (see `AppDatabase.importIncident`) and writes its postmortem.
    /// Throws `BundleFailure` naming every problem when the bundle does not check out, and
    /// `ImportRefusal` when it (or its incident) was imported before; then nothing is added.
    public func importBundle(path: String, now: Date) async throws -> (result: ImportResult, check: BundleCheck) {
        let contents = try BundleContents.read(path: path)
        let check = BundleVerifier.check(contents)
        guard check.ok else {
            throw BundleFailure("\(path) does not check out; nothing imported:\n  " + check.problems.map(\.description).joined(separator: "\n  "))
        }
        let (copy, postmortem) = try BundleCodec.copy(from: contents.files)
        let directory = postmortemsDirectory
        let result = try await database.importIncident(copy, digest: check.digest, postmortem: postmortem, now: now) { name in
            !FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(name))
        }
        if let pm = result.postmortem {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try pm.text.write(toFile: (directory as NSString).appendingPathComponent(pm.file), atomically: true, encoding: .utf8)
        }
        return (result, check)
    }
}
