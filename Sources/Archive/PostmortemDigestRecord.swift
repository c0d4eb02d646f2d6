import Foundation
import GRDB

/// A row of `postmortem_digest`: what one postmortem file says (status, the first paragraph of its
/// Summary, its action items), read when the file last changed, so insights and "seen before"
/// lists query it instead of re-reading every file on every build.
public struct PostmortemDigestRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "postmortem_digest"

    /// The file name inside `<archive>/postmortems`.
    public var file: String
    /// The incident its front matter names (nil when the front matter cannot be read).
    public var incidentID: String?
    /// Modification time (nanoseconds since 1970) and size when it was read: a file whose stamp
    /// differs is read again.
    public var modified: Int64
    public var size: Int64
    /// `draft`, `in-review` or `final` as the front matter says (normalised); nil when absent or unreadable.
    public var status: String?
    /// The first paragraph of its Summary section, as plain text; nil while only the template's prompt is there.
    public var summary: String?
    /// Task-list items of its Action items sections: `- [ ]` (open) and `- [x]` (done).
    public var actionsOpen: Int
    public var actionsDone: Int
    /// The open items' text, in file order.
    public var openActions: [String]
    /// When it was read.
    public var readAt: Date

    /// A digest of one file.
    public init(
        file: String, incidentID: String?, modified: Int64, size: Int64, status: String?, summary: String?, actionsOpen: Int,
        actionsDone: Int, openActions: [String], readAt: Date
    ) {
        self.file = file
        self.incidentID = incidentID
        self.modified = modified
        self.size = size
        self.status = status
        self.summary = summary
        self.actionsOpen = actionsOpen
        self.actionsDone = actionsDone
        self.openActions = openActions
        self.readAt = readAt
    }

    enum CodingKeys: String, CodingKey {
        case file, modified, size, status, summary
        case incidentID = "incident_id", actionsOpen = "actions_open", actionsDone = "actions_done"
        case openActions = "open_actions", readAt = "read_at"
    }

    /// Read by column, not through `Decodable`: the site reads every digest on every build, and the
    /// generic decoder (a JSONDecoder per row for `open_actions`) cost more than the rest of the read.
    /// `open_actions` is a flat string array: `JSONStrings` parses it, `JSONDecoder` only what has escapes.
    public init(row: Row) throws {
        file = row[CodingKeys.file.stringValue]
        incidentID = row[CodingKeys.incidentID.stringValue]
        modified = row[CodingKeys.modified.stringValue]
        size = row[CodingKeys.size.stringValue]
        status = row[CodingKeys.status.stringValue]
        summary = row[CodingKeys.summary.stringValue]
        actionsOpen = row[CodingKeys.actionsOpen.stringValue]
        actionsDone = row[CodingKeys.actionsDone.stringValue]
        readAt = row[CodingKeys.readAt.stringValue]
        let actions: String = row[CodingKeys.openActions.stringValue] ?? "[]"
        openActions = try JSONStrings.array(actions) ?? JSONDecoder().decode([String].self, from: Data(actions.utf8))
    }
}

/// A postmortem file's modification time (nanoseconds since 1970) and size, as last read.
public struct PostmortemFileStamp: Sendable, Equatable {
    public var modified: Int64
    public var size: Int64
}
