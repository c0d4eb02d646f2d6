import AftermathCore
import Archive
import Foundation
import Redaction
import Settings

/// Records every change to postmortem files: the generator's writes, and people's edits, seen
/// the next time Aftermath reads a file (by comparing it with the last recorded revision).
///
/// The archive keeps each revision's text and diff redacted (a secret a person pasted into the
/// file never reaches SQLite); the SHA-256 is the file's own, so the next comparison still works.
public struct PostmortemRevisions: Sendable {
    /// The author recorded for the generator's own writes.
    public static let generatorAuthor = "aftermath"
    /// The summary of a revision that records the file's disappearance.
    static let deletedSummary = "file deleted"

    let database: AppDatabase
    /// `<archive>/postmortems`.
    let directory: String
    let clock: any WallClock
    let redactor: Redactor

    /// Revisions kept in `database` for files in `directory`, redacted with `redactor`.
    public init(database: AppDatabase, directory: String, clock: any WallClock, redactor: Redactor) {
        self.database = database
        self.directory = directory
        self.clock = clock
        self.redactor = redactor
    }

    /// Revisions for `config`'s postmortems directory, redacted with its `redaction` rules.
    public init(database: AppDatabase, config: AftermathConfig, clock: any WallClock) throws {
        self.init(database: database, directory: config.postmortemsDirectory, clock: clock, redactor: try Redactor(config: config.redaction))
    }

    /// Reads the incident's file; when it differs from the last revision, records a person's
    /// revision by `author`. Returns the file's bytes, or nil when it does not exist.
    @discardableResult
    public func observe(incidentID: String, file: String, author: String) async throws -> [UInt8]? {
        let path = (directory as NSString).appendingPathComponent(file)
        let latest = try await database.latestPostmortemRevision(incidentID: incidentID)
        guard let data = FileManager.default.contents(atPath: path) else {
            if let latest, latest.summary != Self.deletedSummary {
                try await record(incidentID: incidentID, file: file, author: author, origin: .person,
                                 summary: Self.deletedSummary, bytes: nil, previous: latest)
            }
            return nil
        }
        let bytes = [UInt8](data)
        if latest?.sha256 != IncomingDelivery.sha256Hex(bytes) {
            try await record(incidentID: incidentID, file: file, author: author, origin: .person,
                             summary: latest == nil ? "written by a person" : "edited", bytes: bytes, previous: latest)
        }
        return bytes
    }

    /// Records a change the generator made.
    func recordGenerated(incidentID: String, file: String, summary: String, bytes: [UInt8]) async throws {
        let latest = try await database.latestPostmortemRevision(incidentID: incidentID)
        try await record(incidentID: incidentID, file: file, author: Self.generatorAuthor, origin: .generator,
                         summary: summary, bytes: bytes, previous: latest)
    }

    private func record(
        incidentID: String, file: String, author: String, origin: PostmortemRevisionOrigin, summary: String,
        bytes: [UInt8]?, previous: PostmortemRevisionRecord?
    ) async throws {
        let content = bytes.map(redactedText) ?? ""
        let previousFile = previous?.file ?? file
        let diff = UnifiedDiff.make(
            old: previous?.content ?? "", new: content,
            oldName: previous == nil ? "/dev/null" : "a/\(previousFile)", newName: bytes == nil ? "/dev/null" : "b/\(file)")
        try await database.addPostmortemRevision(PostmortemRevisionRecord(
            incidentID: incidentID, file: file, at: clock.now(), author: author, origin: origin, summary: summary,
            sha256: IncomingDelivery.sha256Hex(bytes ?? []), content: content, diff: diff))
    }

    /// The file's text as the archive keeps it: secrets replaced line by line (PEM blocks whole),
    /// a NUL as U+FFFD (`StoredText`: stored text is read up to its first NUL).
    private func redactedText(_ bytes: [UInt8]) -> String {
        let text = StoredText.visible(String(decoding: bytes, as: UTF8.self))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return redactor.redact(lines: lines).lines.joined(separator: "\n")
    }
}
