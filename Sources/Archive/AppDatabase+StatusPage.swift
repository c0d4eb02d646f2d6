import AftermathCore
import Foundation
import GRDB

extension AppDatabase {
    /// Records what a Statuspage update says about its incident or component on the Aftermath
    /// incident it landed on (inside the intake transaction). An update older than the one stored
    /// changes nothing, so a late redelivery cannot reopen a settled status page.
    static func recordStatusPage(_ db: Database, _ report: StatusPageReport, incidentID: String, at: Date, deliveryID: Int64?, now: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO statuspage_link (incident_id, kind, page_id, name, status, settled, status_at, open_since, delivery_id, updated_at)
            VALUES (:incident, :kind, :page, :name, :status, :settled, :at, CASE WHEN :settled THEN NULL ELSE :at END, :delivery, :now)
            ON CONFLICT (incident_id, kind, page_id) DO UPDATE SET
                name = excluded.name, status = excluded.status, settled = excluded.settled, status_at = excluded.status_at,
                open_since = CASE WHEN excluded.settled THEN NULL
                                  WHEN statuspage_link.settled THEN excluded.status_at
                                  ELSE statuspage_link.open_since END,
                delivery_id = excluded.delivery_id, updated_at = excluded.updated_at
            WHERE excluded.status_at >= statuspage_link.status_at
            """).execute(arguments: [
                "incident": incidentID, "kind": report.kind.rawValue, "page": report.id, "name": report.name,
                "status": report.status, "settled": report.isSettled, "at": at, "delivery": deliveryID, "now": now,
            ])
    }

    /// Every resolved incident whose status page still shows it open, oldest resolve first, with
    /// when it is flagged and when its next reminder is due under `timing`.
    public func statusPageFollowUps(timing: StatusPageTiming) async throws -> [StatusPageFollowUp] {
        try await writer.read { db in try Self.statusPageFollowUps(db, timing: timing) }
    }

    static func statusPageFollowUps(_ db: Database, timing: StatusPageTiming, incidentID: String? = nil) throws -> [StatusPageFollowUp] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT incident.id AS incident_id, incident.title, incident.resolved_at,
                   statuspage_link.kind, statuspage_link.page_id, statuspage_link.name, statuspage_link.status,
                   statuspage_link.open_since
            FROM statuspage_link JOIN incident ON incident.id = statuspage_link.incident_id
            WHERE statuspage_link.settled = 0 AND incident.status = 'resolved' AND incident.resolved_at IS NOT NULL
              AND (:incident IS NULL OR incident.id = :incident)
            ORDER BY incident.resolved_at, incident.id, statuspage_link.kind, statuspage_link.page_id
            """, arguments: ["incident": incidentID])
        var followUps: [StatusPageFollowUp] = []
        for row in rows {
            let id: String = row["incident_id"]
            let link = StatusPageLink(
                kind: StatusPageReport.Kind(rawValue: row["kind"]) ?? .incident, pageID: row["page_id"], name: row["name"],
                status: row["status"], openSince: row["open_since"])
            if followUps.last?.incidentID == id {
                followUps[followUps.count - 1].openLinks.append(link)
                continue
            }
            let resolvedAt: Date = row["resolved_at"]
            followUps.append(StatusPageFollowUp(
                incidentID: id, title: row["title"], resolvedAt: resolvedAt, openLinks: [link], flaggedAt: resolvedAt,
                reminders: 0, lastReminderAt: nil, nextReminderAt: resolvedAt))
        }
        for i in followUps.indices {
            let since = followUps[i].openLinks.compactMap(\.openSince).max().map { max($0, followUps[i].resolvedAt) } ?? followUps[i].resolvedAt
            let flaggedAt = since + timing.after
            let reminders = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) AS n, max(at) AS last FROM timeline_event
                WHERE incident_id = ? AND kind = 'statuspage_reminder' AND at >= ?
                """), arguments: [followUps[i].incidentID, flaggedAt])
            let last: Date? = reminders?["last"]
            followUps[i].flaggedAt = flaggedAt
            followUps[i].reminders = reminders?["n"] ?? 0
            followUps[i].lastReminderAt = last
            followUps[i].nextReminderAt = last.map { $0 + timing.every } ?? flaggedAt
        }
        return followUps
    }

    /// Records a status-page reminder for `incidentID` at `at` — a timeline row with `text` and the
    /// notifications to send — if it is still due then (a webhook may have settled the status page
    /// since it was read). Returns whether it was recorded.
    public func recordStatusPageReminder(
        incidentID: String, at: Date, text: String, timing: StatusPageTiming, notifications: [OutboxEntry]
    ) async throws -> Bool {
        try await writer.write { db in
            guard let followUp = try Self.statusPageFollowUps(db, timing: timing, incidentID: incidentID).first,
                  followUp.nextReminderAt <= at else { return false }
            var event = TimelineEventRecord(
                id: nil, incidentID: incidentID, at: at, kind: .statuspageReminder, source: "aftermath", actor: nil,
                text: IncidentLedger.oneLine(text), deliveryID: nil, createdAt: at)
            try event.insert(db)
            try Self.enqueue(db, notifications, now: at)
            return true
        }
    }
}
