import AftermathCore
import Archive
import Foundation
import GRDB

/// Everything the site shows from the database, read in one transaction (a consistent view while
/// intake keeps writing), grouped by incident. Evidence content is not loaded here: pages that are
/// rendered fetch what they need.
struct ArchiveSnapshot: Sendable {
    /// Incidents, newest first.
    var incidents: [IncidentSummary]
    /// Each incident's alerts as chart marks (name, start, end).
    var alertMarks: [String: [ChartMarks.Alert]]
    /// Digests of every incident's alert and timeline rows: pages only need the full rows when they
    /// are rendered, and decoding 10,000 incidents' rows costs more than a one-change rebuild may.
    var alertDigest: [String: UInt64]
    var timelineDigest: [String: UInt64]
    /// Evidence of each incident, in storage order; ad-hoc evidence under the key "".
    var evidence: [String: [EvidenceSummary]]
    var captures: [String: [CaptureRecord]]
    /// Every evidence item by id.
    var evidenceByID: [String: EvidenceSummary]

    static let evidenceColumns = """
        id, seq, job_id, capture_id, incident_id, collector, kind, name, host, request, window_start, window_end,
        status, error, exit_code, content_type, size, sha256, redactions, line_count, started_at, finished_at, stored_at,
        content_removed_at, content_removed_by
        """

    /// Reads the whole archive (without evidence content). The five tables are read concurrently
    /// (decoding dominates); each read is its own snapshot, so a change landing in between shows up
    /// in part until the next build, which brings it fully in.
    static func load(_ database: AppDatabase) async throws -> ArchiveSnapshot {
        let pool = database.writer
        async let incidents = pool.read { db in
            var list: [IncidentSummary] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT \(IncidentSummary.columns) FROM incident ORDER BY started_at DESC, created_at DESC, id")
            while let row = try rows.next() {
                if let incident = IncidentSummary(row: row) { list.append(incident) }
            }
            return list
        }
        async let alertRows = pool.read { db in
            var marks: [String: [ChartMarks.Alert]] = [:]
            var digests: [String: ContentHasher] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT incident_id, name, starts_at, ends_at, id || char(31) || status || char(31) || coalesce(ends_at, '') || char(31)
                    || name || char(31) || labels || char(31) || annotations || char(31) || coalesce(generator_url, '') || char(31)
                    || starts_at || char(31) || fingerprint AS digest
                FROM alert ORDER BY starts_at, id
                """)
            while let row = try rows.next() {
                let incident: String = row["incident_id"] ?? ""
                if let start: Date = row["starts_at"] {
                    marks[incident, default: []].append(ChartMarks.Alert(name: row["name"] ?? "", start: start, end: row["ends_at"]))
                }
                digests[incident, default: ContentHasher()].combine(row["digest"] as String? ?? "")
            }
            return (marks, digests.mapValues(\.value))
        }
        async let eventRows = pool.read { db in
            var digests: [String: ContentHasher] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT incident_id, id || char(31) || at || char(31) || kind || char(31) || source || char(31) || coalesce(actor, '')
                    || char(31) || text AS digest
                FROM timeline_event ORDER BY at, id
                """)
            while let row = try rows.next() {
                digests[row["incident_id"] ?? "", default: ContentHasher()].combine(row["digest"] as String? ?? "")
            }
            return digests.mapValues(\.value)
        }
        async let evidenceRows = pool.read { db in
            try EvidenceSummary.fetchAll(db, sql: "SELECT \(evidenceColumns) FROM evidence ORDER BY seq")
        }
        async let captureRows = pool.read { db in try CaptureRecord.order(Column("id")).fetchAll(db) }
        let (alertMarks, alertDigest) = try await alertRows
        let timelineDigest = try await eventRows
        var evidence: [String: [EvidenceSummary]] = [:]
        var byID: [String: EvidenceSummary] = [:]
        for item in try await evidenceRows {
            evidence[item.incidentID ?? "", default: []].append(item)
            byID[item.id] = item
        }
        var captures: [String: [CaptureRecord]] = [:]
        for capture in try await captureRows { captures[capture.incidentID ?? "", default: []].append(capture) }
        return ArchiveSnapshot(
            incidents: try await incidents, alertMarks: alertMarks, alertDigest: alertDigest, timelineDigest: timelineDigest,
            evidence: evidence, captures: captures, evidenceByID: byID)
    }

    /// An item's content and its indexed lines (for its page and the search index).
    static func content(_ database: AppDatabase, evidenceID: String) async throws -> (Data, [EvidenceLineRecord]) {
        try await database.writer.read { db in
            let content = try Data.fetchOne(db, sql: "SELECT content FROM evidence WHERE id = ?", arguments: [evidenceID]) ?? Data()
            let lines = try EvidenceLineRecord.fetchAll(
                db, sql: "SELECT * FROM evidence_line WHERE evidence_id = ? ORDER BY line_no", arguments: [evidenceID])
            return (content, lines)
        }
    }

    /// Alerts and timeline rows of the incidents whose pages are rendered, read in bulk (one query
    /// per 500 incidents instead of three per incident), keyed by incident id.
    static func activity(_ database: AppDatabase, incidentIDs: [String]) async throws -> [String: IncidentActivity] {
        guard !incidentIDs.isEmpty else { return [:] }
        let pool = database.writer
        let chunks = stride(from: 0, to: incidentIDs.count, by: 500).map { Array(incidentIDs[$0..<min($0 + 500, incidentIDs.count)]) }
        async let alerts = pool.read { db in
            var result: [String: [AlertRecord]] = [:]
            for ids in chunks {
                for alert in try AlertRecord.filter(ids.contains(Column("incident_id"))).order(Column("starts_at"), Column("id")).fetchAll(db) {
                    result[alert.incidentID, default: []].append(alert)
                }
            }
            return result
        }
        async let timeline = pool.read { db in
            var result: [String: [TimelineEventRecord]] = [:]
            for ids in chunks {
                for event in try TimelineEventRecord.filter(ids.contains(Column("incident_id"))).order(Column("at"), Column("id")).fetchAll(db) {
                    result[event.incidentID, default: []].append(event)
                }
            }
            return result
        }
        let (alertsByIncident, timelineByIncident) = try await (alerts, timeline)
        var result: [String: IncidentActivity] = [:]
        for id in incidentIDs {
            result[id] = IncidentActivity(alerts: alertsByIncident[id] ?? [], timeline: timelineByIncident[id] ?? [])
        }
        return result
    }

    /// Indexed lines of several items at once, by item id, at most `limit` per item.
    static func lines(_ database: AppDatabase, evidenceIDs: [String], limit: Int) async throws -> [String: [EvidenceLineRecord]] {
        guard !evidenceIDs.isEmpty else { return [:] }
        return try await database.writer.read { db in
            var result: [String: [EvidenceLineRecord]] = [:]
            for chunk in stride(from: 0, to: evidenceIDs.count, by: 500) {
                let ids = Array(evidenceIDs[chunk..<min(chunk + 500, evidenceIDs.count)])
                let marks = ids.map { _ in "?" }.joined(separator: ",")
                var arguments = StatementArguments(ids)
                arguments += [limit]
                let rows = try EvidenceLineRecord.fetchAll(
                    db, sql: "SELECT * FROM evidence_line WHERE evidence_id IN (\(marks)) AND line_no <= ? ORDER BY evidence_id, line_no",
                    arguments: arguments)
                for row in rows { result[row.evidenceID, default: []].append(row) }
            }
            return result
        }
    }
}

/// One incident's alerts and timeline, as its page shows them.
struct IncidentActivity: Sendable {
    var alerts: [AlertRecord]
    var timeline: [TimelineEventRecord]
}
