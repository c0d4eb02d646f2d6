import AftermathCore
import Archive
import Foundation
import PostmortemFormat

/// Where one incident's postmortem stands (a row of `postmortem status`): written or not, its document status, when it is due.
public struct PostmortemOverview: Sendable, Equatable {
    /// The postmortem's state.
    public enum State: String, Sendable, Codable {
        /// No due time and no file (an incident from before postmortems; the server schedules it at start).
        case unscheduled
        /// Due, not written yet.
        case pending
        /// Written; the front matter's status.
        case draft, inReview = "in-review", final
        /// Written once, but the file is gone.
        case missing
        /// The file's front matter cannot be read.
        case unreadable
    }

    /// The incident.
    public var incident: IncidentRecord
    /// Where the postmortem stands.
    public var state: State
    /// The file's full path, once a name is assigned.
    public var path: String?
    /// When it is next due, if pending.
    public var dueAt: Date?
    /// Why it is due then.
    public var dueReason: PostmortemDueReason?
    /// When the generator last wrote it.
    public var writtenAt: Date?
    /// Why the last scheduled write failed.
    public var lastError: String?

    /// Whether a due time has passed without the write happening.
    public func isOverdue(now: Date) -> Bool {
        guard let dueAt else { return false }
        return dueAt < now
    }

    /// Every incident's postmortem status, newest incident first. Reading each file records the
    /// edits a person made since the last revision, attributed to `editor`.
    public static func all(database: AppDatabase, revisions: PostmortemRevisions, editor: String) async throws -> [PostmortemOverview] {
        let incidents = try await database.incidents()
        var records: [String: PostmortemRecord] = [:]
        for record in try await database.postmortemRecords() { records[record.incidentID] = record }
        var result: [PostmortemOverview] = []
        for incident in incidents {
            result.append(try await status(of: incident, record: records[incident.id], revisions: revisions, editor: editor))
        }
        return result
    }

    /// One incident's status.
    public static func status(
        of incident: IncidentRecord, record: PostmortemRecord?, revisions: PostmortemRevisions, editor: String
    ) async throws -> PostmortemOverview {
        var status = PostmortemOverview(
            incident: incident, state: .unscheduled, path: nil, dueAt: record?.dueAt, dueReason: record?.dueReason,
            writtenAt: record?.writtenAt, lastError: record?.lastError)
        guard let record, let file = record.file, PostmortemFileName.isSafe(file) else {
            status.state = record?.dueAt == nil ? .unscheduled : .pending
            return status
        }
        status.path = (revisions.directory as NSString).appendingPathComponent(file)
        guard let bytes = try await revisions.observe(incidentID: incident.id, file: file, author: editor) else {
            status.state = record.writtenAt == nil ? .pending : .missing
            return status
        }
        let written: (text: String, meaning: PostmortemStatus?)?
        do {
            written = try PostmortemDocument(bytes).status()
        } catch {
            status.state = .unreadable
            return status
        }
        status.state = written?.meaning.flatMap { State(rawValue: $0.rawValue) } ?? .unreadable
        let documentStatus = written.map(PostmortemGenerator.recorded)
        if documentStatus != record.documentStatus {
            try await revisions.database.recordPostmortemStatus(incidentID: incident.id, documentStatus: documentStatus)
        }
        return status
    }
}
