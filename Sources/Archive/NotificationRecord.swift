import AftermathCore
import Foundation
import GRDB

/// Where one queued notification stands.
public enum NotificationState: String, Codable, Sendable {
    /// Not delivered yet: tried at `next_attempt_at`.
    case pending
    /// The receiver answered 2xx.
    case sent
    /// Given up on after the target's attempts (or its target is no longer configured).
    case failed
}

/// A row of `notification_outbox`: one event for one `notify:` target, kept until delivered or
/// given up on, so a restart resends what was pending.
public struct NotificationRecord: Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var target: String
    public var event: NotificationEvent
    public var eventKey: String
    public var incidentID: String?
    /// The incident's title as stored now (nil without an incident).
    public var incidentTitle: String?
    public var text: String
    public var link: String?
    public var state: NotificationState
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var createdAt: Date
    public var finishedAt: Date?

    public init(row: Row) throws {
        id = row["id"]
        target = row["target"]
        let event: String = row["event"]
        guard let known = NotificationEvent(rawValue: event) else {
            throw DatabaseError(message: "notification_outbox row \(id): unknown event '\(event)'")
        }
        self.event = known
        eventKey = row["event_key"]
        incidentID = row["incident_id"]
        incidentTitle = row["incident_title"]
        text = row["text"]
        link = row["link"]
        state = NotificationState(rawValue: row["state"]) ?? .pending
        attempts = row["attempts"]
        nextAttemptAt = row["next_attempt_at"]
        lastError = row["last_error"]
        createdAt = row["created_at"]
        finishedAt = row["finished_at"]
    }
}
