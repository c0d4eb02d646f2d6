import AftermathCore
import Foundation
import GRDB

extension AppDatabase {
    private static let notificationColumns = """
        notification_outbox.*, incident.title AS incident_title
        FROM notification_outbox LEFT JOIN incident ON incident.id = notification_outbox.incident_id
        """

    /// Queues `entries` inside a transaction; one already queued for its target (same event key) is kept as it is.
    static func enqueue(_ db: Database, _ entries: [OutboxEntry], now: Date) throws {
        for entry in entries {
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO notification_outbox
                    (target, event, event_key, incident_id, text, link, state, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
                """).execute(arguments: [
                    entry.target, entry.event.rawValue, entry.eventKey, entry.incidentID, entry.text, entry.link, now, now,
                ])
        }
    }

    /// Queues `entries` in their own transaction.
    public func enqueueNotifications(_ entries: [OutboxEntry], now: Date) async throws {
        guard !entries.isEmpty else { return }
        try await writer.write { db in try Self.enqueue(db, entries, now: now) }
    }

    /// Pending notifications due at `now`, oldest first, at most `limit`.
    public func dueNotifications(now: Date, limit: Int = 50) async throws -> [NotificationRecord] {
        try await writer.read { db in
            try NotificationRecord.fetchAll(db, sql: """
                SELECT \(Self.notificationColumns)
                WHERE notification_outbox.state = 'pending' AND notification_outbox.next_attempt_at <= ?
                ORDER BY notification_outbox.next_attempt_at, notification_outbox.id LIMIT ?
                """, arguments: [now, limit])
        }
    }

    /// When the earliest pending notification is due, if any.
    public func nextNotificationAttempt() async throws -> Date? {
        try await writer.read { db in
            try Date.fetchOne(db, sql: "SELECT min(next_attempt_at) FROM notification_outbox WHERE state = 'pending'")
        }
    }

    /// Every queued notification (of one incident, when given), oldest first.
    public func notifications(incidentID: String? = nil) async throws -> [NotificationRecord] {
        try await writer.read { db in
            try NotificationRecord.fetchAll(db, sql: """
                SELECT \(Self.notificationColumns)
                WHERE ? IS NULL OR notification_outbox.incident_id = ?
                ORDER BY notification_outbox.id
                """, arguments: [incidentID, incidentID])
        }
    }

    /// Records a delivered notification, and says so on its incident's timeline.
    public func recordNotificationSent(id: Int64, at: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE notification_outbox SET state = 'sent', attempts = attempts + 1, last_error = NULL,
                    next_attempt_at = NULL, finished_at = ?
                WHERE id = ? AND state = 'pending'
                """, arguments: [at, id])
            guard db.changesCount > 0 else { return }
            try Self.noteOnTimeline(db, id: id, at: at) { record in
                "Notification sent to \(record.target) (\(record.event.rawValue))" + Self.attemptsNote(record.attempts)
            }
        }
    }

    /// Records a failed attempt to be retried at `retryAt`.
    public func recordNotificationRetry(id: Int64, error: String, retryAt: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE notification_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                WHERE id = ? AND state = 'pending'
                """, arguments: [error, retryAt, id])
        }
    }

    /// Records a notification given up on (its last attempt failed with `error`), and says why on its
    /// incident's timeline. `countsAttempt` is false when nothing was sent (its target is gone).
    public func recordNotificationFailed(id: Int64, error: String, at: Date, countsAttempt: Bool = true) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE notification_outbox SET state = 'failed', attempts = attempts + ?, last_error = ?,
                    next_attempt_at = NULL, finished_at = ?
                WHERE id = ? AND state = 'pending'
                """, arguments: [countsAttempt ? 1 : 0, error, at, id])
            guard db.changesCount > 0 else { return }
            try Self.noteOnTimeline(db, id: id, at: at) { record in
                "Notification to \(record.target) (\(record.event.rawValue)) failed" + Self.attemptsNote(record.attempts) + ": \(error)"
            }
        }
    }

    private static func attemptsNote(_ attempts: Int) -> String {
        attempts > 1 ? " after \(attempts) attempts" : ""
    }

    /// A `notification` timeline row on the notification's incident (none without an incident).
    private static func noteOnTimeline(_ db: Database, id: Int64, at: Date, text: (NotificationRecord) -> String) throws {
        guard let record = try NotificationRecord.fetchOne(
            db, sql: "SELECT \(notificationColumns) WHERE notification_outbox.id = ?", arguments: [id]),
            let incidentID = record.incidentID else { return }
        var event = TimelineEventRecord(
            id: nil, incidentID: incidentID, at: at, kind: .notification, source: "aftermath", actor: nil,
            text: IncidentLedger.oneLine(text(record)), deliveryID: nil, createdAt: at)
        try event.insert(db)
    }
}
