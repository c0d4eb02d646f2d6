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
}

/// A postmortem file's modification time (nanoseconds since 1970) and size, as last read.
public struct PostmortemFileStamp: Sendable, Equatable {
    public var modified: Int64
    public var size: Int64
}
