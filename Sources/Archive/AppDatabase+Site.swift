import AftermathCore
import Foundation
import GRDB

/// One alert row as the site reads it: its chart mark and a digest line of every column (the page
/// of an incident changes when any of its alerts does).
public struct SiteAlertRow: Sendable {
    public var incidentID: String
    public var name: String
    public var startsAt: Date?
    public var endsAt: Date?
    public var digest: String
}

/// One timeline row as the site reads it: a digest line of every column.
public struct SiteTimelineRow: Sendable {
    public var incidentID: String
    public var digest: String
}

/// The site's reads. The whole-archive reads stream their rows into `fold` from a cursor (10,000
/// incidents' rows are never held as records), reading columns by position; the per-page reads go
/// in chunks of 500 ids.
extension AppDatabase {
    /// Every incident, newest first.
    public func siteIncidents() async throws -> [IncidentSummary] {
        try await writer.read { db in
            var list: [IncidentSummary] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT \(IncidentSummary.columns) FROM incident ORDER BY started_at DESC, created_at DESC, id")
            while let row = try rows.next() {
                if let incident = IncidentSummary(row: row) { list.append(incident) }
            }
            return list
        }
    }

    /// The incidents of `ids` (those that exist), newest first: the order of `siteIncidents()`.
    public func siteIncidents(ids: [String]) async throws -> [IncidentSummary] {
        try await writer.read { db in
            var list: [(incident: IncidentSummary, created: Date)] = []
            for chunk in ids.chunked(500) {
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT \(IncidentSummary.columns), created_at FROM incident WHERE id IN (\(databaseQuestionMarks(count: chunk.count)))",
                    arguments: StatementArguments(chunk))
                while let row = try rows.next() {
                    if let incident = IncidentSummary(row: row) { list.append((incident, row[12] ?? incident.startedAt)) }
                }
            }
            list.sort { a, b in
                if a.incident.startedAt != b.incident.startedAt { return a.incident.startedAt > b.incident.startedAt }
                if a.created != b.created { return a.created > b.created }
                return a.incident.id < b.incident.id
            }
            return list.map(\.incident)
        }
    }

    /// Evidence of `incidentIDs` and every ad-hoc item, in storage order, without content; and the
    /// id of every item in the archive (pages link any item they cite).
    public func siteEvidence(incidentIDs: [String]) async throws -> (items: [EvidenceSummary], allIDs: Set<String>) {
        try await writer.read { db in
            var items = try EvidenceSummary.fetchAll(
                db, sql: "SELECT \(EvidenceSummary.columns) FROM evidence WHERE incident_id IS NULL ORDER BY seq")
            for chunk in incidentIDs.chunked(500) {
                items += try EvidenceSummary.fetchAll(
                    db, sql: "SELECT \(EvidenceSummary.columns) FROM evidence WHERE incident_id IN (\(databaseQuestionMarks(count: chunk.count))) ORDER BY seq",
                    arguments: StatementArguments(chunk))
            }
            return (items, Set(try String.fetchAll(db, sql: "SELECT id FROM evidence")))
        }
    }

    /// The captures of `incidentIDs`, oldest first, keyed by incident.
    public func captures(incidentIDs: [String]) async throws -> [String: [CaptureRecord]] {
        try await byIncident(CaptureRecord.self, incidentIDs, order: "id", key: { $0.incidentID ?? "" })
    }

    /// The digests of `incidentIDs` (the first file by name, as `postmortemDigests()`), by incident id.
    public func postmortemDigests(incidentIDs: [String]) async throws -> [String: PostmortemDigestRecord] {
        try await writer.read { db in
            var byIncident: [String: PostmortemDigestRecord] = [:]
            for chunk in incidentIDs.chunked(500) {
                let rows = try PostmortemDigestRecord.fetchCursor(
                    db, sql: "SELECT * FROM postmortem_digest WHERE incident_id IN (\(databaseQuestionMarks(count: chunk.count))) ORDER BY incident_id, file",
                    arguments: StatementArguments(chunk))
                while let digest = try rows.next() {
                    guard let id = digest.incidentID, byIncident[id] == nil else { continue }
                    byIncident[id] = digest
                }
            }
            return byIncident
        }
    }

    /// The first postmortem due date from `now` on (when an insights figure turns overdue), if any.
    public func nextPostmortemDue(after now: Date) async throws -> Date? {
        try await writer.read { db in
            try Date.fetchOne(db, sql: "SELECT min(due_at) FROM postmortem WHERE due_at >= ?", arguments: [now])
        }
    }

    /// Folds every alert row into `state`: grouped by incident, by start within one.
    public func siteAlertRows<State: Sendable>(
        into state: State, _ fold: @escaping @Sendable (inout State, SiteAlertRow) -> Void
    ) async throws -> State {
        try await foldRows(sql: """
            SELECT incident_id, name, starts_at, ends_at, id || char(31) || status || char(31) || coalesce(ends_at, '') || char(31)
                || name || char(31) || labels || char(31) || annotations || char(31) || coalesce(generator_url, '') || char(31)
                || starts_at || char(31) || fingerprint AS digest
            FROM alert ORDER BY incident_id, starts_at, id
            """, into: state) { state, row in
            fold(&state, SiteAlertRow(incidentID: row[0] ?? "", name: row[1] ?? "", startsAt: row[2], endsAt: row[3], digest: row[4] ?? ""))
        }
    }

    /// Folds every timeline row into `state`: grouped by incident, by time within one (the order
    /// of the `timeline_incident` index, so no sort).
    public func siteTimelineRows<State: Sendable>(
        into state: State, _ fold: @escaping @Sendable (inout State, SiteTimelineRow) -> Void
    ) async throws -> State {
        try await foldRows(sql: """
            SELECT incident_id, id || char(31) || at || char(31) || kind || char(31) || source || char(31) || coalesce(actor, '')
                || char(31) || text AS digest
            FROM timeline_event ORDER BY incident_id, at, id
            """, into: state) { state, row in
            fold(&state, SiteTimelineRow(incidentID: row[0] ?? "", digest: row[1] ?? ""))
        }
    }

    /// Folds the rows of `sql`, read through a cursor, into `state`.
    private func foldRows<State: Sendable>(
        sql: String, into state: State, _ fold: @escaping @Sendable (inout State, Row) -> Void
    ) async throws -> State {
        try await writer.read { db in
            var state = state
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() { fold(&state, row) }
            return state
        }
    }

    /// Every capture, oldest first.
    public func allCaptures() async throws -> [CaptureRecord] {
        try await writer.read { db in try CaptureRecord.order(Column("id")).fetchAll(db) }
    }

    /// The alerts of `incidentIDs`, by start, keyed by incident.
    public func alerts(incidentIDs: [String]) async throws -> [String: [AlertRecord]] {
        try await byIncident(
            incidentIDs, select: "SELECT \(AlertRecord.siteColumns) FROM alert", order: "starts_at", decode: AlertRecord.init(siteRow:))
    }

    /// The timelines of `incidentIDs`, by time, keyed by incident.
    public func timelines(incidentIDs: [String]) async throws -> [String: [TimelineEventRecord]] {
        try await byIncident(
            incidentIDs, select: "SELECT \(TimelineEventRecord.siteColumns) FROM timeline_event", order: "at",
            decode: TimelineEventRecord.init(siteRow:))
    }

    /// The rows `select` reads of `incidentIDs` (column 1 is the incident id; one query per 500),
    /// by `order` then id, decoded by position and keyed by incident.
    private func byIncident<Record: Sendable>(
        _ incidentIDs: [String], select: String, order: String, decode: @escaping @Sendable (Row) throws -> Record
    ) async throws -> [String: [Record]] {
        try await writer.read { db in
            var result: [String: [Record]] = [:]
            for ids in incidentIDs.chunked(500) {
                let marks = databaseQuestionMarks(count: ids.count)
                let rows = try Row.fetchCursor(
                    db, sql: "\(select) WHERE incident_id IN (\(marks)) ORDER BY \(order), id", arguments: StatementArguments(ids))
                while let row = try rows.next() {
                    let record = try decode(row)
                    result[row[1] ?? "", default: []].append(record)
                }
            }
            return result
        }
    }

    /// Rows of `Record` belonging to `incidentIDs` (one query per 500), by `order` then id, keyed by incident.
    private func byIncident<Record: FetchableRecord & TableRecord & Sendable>(
        _: Record.Type, _ incidentIDs: [String], order: String, key: @escaping @Sendable (Record) -> String
    ) async throws -> [String: [Record]] {
        try await writer.read { db in
            var result: [String: [Record]] = [:]
            for ids in incidentIDs.chunked(500) {
                for row in try Record.filter(ids.contains(Column("incident_id"))).order(Column(order), Column("id")).fetchAll(db) {
                    result[key(row), default: []].append(row)
                }
            }
            return result
        }
    }

    /// An item's content (empty when it has none).
    public func evidenceContent(id: String) async throws -> Data {
        try await writer.read { db in
            try Self.content(db, evidenceID: id) ?? Data()
        }
    }

    /// An item's content and its indexed lines, read together (for its page). Cached statements: a
    /// full build asks this for every evidence page, and preparing them was most of its time.
    public func evidenceContentAndLines(id: String) async throws -> (content: Data, lines: [EvidenceLineRecord]) {
        try await writer.read { db in
            var lines: [EvidenceLineRecord] = []
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT \(EvidenceLineRecord.siteColumns) FROM evidence_line WHERE evidence_id = ? ORDER BY line_no"),
                arguments: [id])
            while let row = try rows.next() { lines.append(try EvidenceLineRecord(siteRow: row)) }
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM evidence WHERE id = ?"), arguments: [id]) else {
                return (Data(), lines)
            }
            return (try Self.content(db, row: row, lines: lines.map(\.text)), lines)
        }
    }
}
