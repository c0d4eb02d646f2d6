import Foundation
import GRDB

/// Why a postmortem is due when it is.
public enum PostmortemDueReason: String, Codable, Sendable {
    /// `postmortem.settle` after the incident resolved.
    case settled
    /// `postmortem.deadline` after the incident started, resolved or not.
    case deadline
}

/// A row of `postmortem`: where an incident's postmortem file lives and when it is next due.
public struct PostmortemRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "postmortem"

    /// The incident it belongs to.
    public var incidentID: String
    /// The file name inside `<archive>/postmortems`, fixed once assigned; nil until first written.
    public var file: String?
    /// When the scheduler writes (or refreshes) it next; nil when nothing is pending.
    public var dueAt: Date?
    /// Why it is due then.
    public var dueReason: PostmortemDueReason?
    /// The last time the generator wrote the file (or found it final).
    public var writtenAt: Date?
    /// SHA-256 of the file as the generator last left it.
    public var writtenSHA256: String?
    /// The front matter's `status` (`draft`, `in-review`, `final`) as last read.
    public var documentStatus: String?
    /// Failed scheduled writes since the last success.
    public var attempts: Int
    /// Why the last scheduled write failed.
    public var lastError: String?
    /// When the row was created.
    public var createdAt: Date
    /// When the row last changed.
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case file, attempts
        case incidentID = "incident_id", dueAt = "due_at", dueReason = "due_reason", writtenAt = "written_at"
        case writtenSHA256 = "written_sha256", documentStatus = "document_status", lastError = "last_error"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    /// Column names for queries.
    public enum Columns {
        /// `incident_id`.
        public static let incidentID = Column("incident_id")
        /// `file`.
        public static let file = Column("file")
        /// `due_at`.
        public static let dueAt = Column("due_at")
    }
}
