import AftermathCore
import Foundation
import GRDB

/// What kind of moment a timeline row records.
public enum TimelineKind: String, Codable, Sendable, CaseIterable {
    case opened, alertFiring = "alert_firing", alertResolved = "alert_resolved"
    case acknowledged, unacknowledged, resolved, reopened
    case annotation, statusUpdate = "status_update", note, capture
    /// A sender's time was implausible (year 2300, year 1): stored as sent, the receipt time used.
    case senderTime = "sender_time"
    /// The incident resolved but its status page still shows it open (`statuspage.reminder_after`).
    case statuspageReminder = "statuspage_reminder"
    /// An outgoing notification (`notify:`) was delivered, or given up on with the reason.
    case notification
    /// One imported chat message (author, time, text), and the import that brought them (v9).
    case chatMessage = "chat_message", chatImport = "chat_import"
}

/// A row of `timeline_event`: one moment in an incident's life, with where it came from.
public struct TimelineEventRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "timeline_event"

    public var id: Int64?
    public var incidentID: String
    public var at: Date
    public var kind: TimelineKind
    /// The webhook source, or `aftermath` / `cli` / `api` for the archive's own entries.
    public var source: String
    public var actor: String?
    public var text: String
    /// The delivery that caused it, when a webhook did.
    public var deliveryID: Int64?
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, at, kind, source, actor, text
        case incidentID = "incident_id", deliveryID = "delivery_id", createdAt = "created_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
