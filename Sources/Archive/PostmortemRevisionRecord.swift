import Foundation
import GRDB

/// Who changed a postmortem file.
public enum PostmortemRevisionOrigin: String, Codable, Sendable {
    /// The generator wrote it (author `aftermath`).
    case generator
    /// A person edited it; seen the next time Aftermath read the file.
    case person
}

/// A row of `postmortem_revision`: one change to a postmortem file, with the whole text after it
/// and a unified diff from the revision before.
public struct PostmortemRevisionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "postmortem_revision"

    /// The row id (nil before insert).
    public var id: Int64?
    /// The incident it belongs to.
    public var incidentID: String
    /// The file name inside the postmortems directory.
    public var file: String
    /// When the change was made (generator) or noticed (person).
    public var at: Date
    /// `aftermath` for the generator, else who edited (where known).
    public var author: String
    /// The generator or a person.
    public var origin: PostmortemRevisionOrigin
    /// One line: what changed (`created`, `refreshed timeline, evidence`, `edited`, `file deleted`).
    public var summary: String
    /// SHA-256 of `content`.
    public var sha256: String
    /// The file's whole text after the change (empty when the file was deleted).
    public var content: String
    /// Unified diff from the previous revision's content.
    public var diff: String

    /// A revision to insert.
    public init(
        id: Int64? = nil, incidentID: String, file: String, at: Date, author: String, origin: PostmortemRevisionOrigin,
        summary: String, sha256: String, content: String, diff: String
    ) {
        self.id = id
        self.incidentID = incidentID
        self.file = file
        self.at = at
        self.author = author
        self.origin = origin
        self.summary = summary
        self.sha256 = sha256
        self.content = content
        self.diff = diff
    }

    enum CodingKeys: String, CodingKey {
        case id, file, at, author, origin, summary, sha256, content, diff
        case incidentID = "incident_id"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
