import AftermathCore
import Foundation
import GRDB

/// One earlier incident as a "seen before" list shows it.
public struct RelatedIncident: Sendable, Equatable {
    /// Which keys it shares.
    public var match: RelatedMatch
    public var title: String
    public var status: IncidentStatus
    public var startedAt: Date
    public var resolvedAt: Date?
    /// Start → resolution, once resolved.
    public var durationSeconds: Double? { resolvedAt.map { max(0, $0.timeIntervalSince(startedAt)) } }
    /// `none`, `draft`, `in-review` or `final`, from its postmortem file.
    public var postmortemStatus: String
    /// Its postmortem file name, when it has one.
    public var postmortemFile: String?
    /// The first paragraph of its postmortem's Summary.
    public var summary: String?
    /// Its postmortem's open action items.
    public var openActions: [String]
}

/// The earlier incidents related to one incident, newest first, with how many share each key.
public struct RelatedIncidents: Sendable, Equatable {
    public var incidentID: String
    public var incidents: [RelatedIncident]
    public var counts: [RelatedKeyCount]
}

extension AppDatabase {
    /// Every incident's relation keys: alert names (the title when the sender reports no alerts),
    /// services and the alert groups that opened it.
    public func relationKeys() async throws -> [IncidentRelationKeys] {
        try await writer.read { db in try Self.relationKeys(among: nil, in: db) }
    }

    /// The keys of incident `id` and of every incident sharing one of them: all that
    /// `RelatedIndex.related(to: id)` looks at, read through the key indexes instead of the whole
    /// archive, so one incident's list costs what it shows, not what the archive holds.
    func relationKeys(sharingWith id: String) async throws -> [IncidentRelationKeys] {
        try await writer.read { db in
            guard let mine = try Self.relationKeys(among: [id], in: db).first else { return [] }
            let candidates = try String.fetchAll(db, sql: """
                SELECT incident_id FROM alert WHERE name IN (SELECT value FROM json_each(?1))
                UNION SELECT id FROM incident WHERE title IN (SELECT value FROM json_each(?1))
                UNION SELECT incident.id FROM incident, json_each(incident.services) AS s
                    WHERE s.type = 'text' AND s.value IN (SELECT value FROM json_each(?2))
                UNION SELECT incident_id FROM incident_key WHERE role = 'owner' AND key IN (SELECT value FROM json_each(?3))
                """, arguments: [Self.jsonArray(mine.alertNames), Self.jsonArray(mine.services), Self.jsonArray(mine.groupKeys)])
            return try Self.relationKeys(among: candidates + [id], in: db)
        }
    }

    /// The relation keys of the incidents in `ids` (every incident when nil), oldest first.
    private static func relationKeys(among ids: [String]?, in db: Database) throws -> [IncidentRelationKeys] {
        // One bound JSON array restricts every query, whatever the number of ids.
        let only = ids.map(jsonArray)
        func restricted(_ column: String) -> String { only == nil ? "1" : "\(column) IN (SELECT value FROM json_each(?))" }
        let arguments: StatementArguments = only.map { [$0] } ?? []
        var keys: [String: IncidentRelationKeys] = [:]
        var order: [String] = []
        var titles: [String: String] = [:]
        let incidents = try Row.fetchCursor(
            db, sql: "SELECT id, title, started_at FROM incident WHERE \(restricted("id")) ORDER BY started_at, id", arguments: arguments)
        while let row = try incidents.next() {
            let id: String = row["id"]
            keys[id] = IncidentRelationKeys(incidentID: id, startedAt: row["started_at"], alertNames: [], services: [], groupKeys: [])
            titles[id] = row["title"]
            order.append(id)
        }
        let services = try Row.fetchCursor(db, sql: """
            SELECT incident.id AS id, s.value AS service FROM incident, json_each(incident.services) AS s
            WHERE s.type = 'text' AND \(restricted("incident.id"))
            """, arguments: arguments)
        while let row = try services.next() { keys[row["id"] as String]?.services.append(row["service"]) }
        let alerts = try Row.fetchCursor(
            db, sql: "SELECT DISTINCT incident_id, name FROM alert WHERE \(restricted("incident_id")) ORDER BY incident_id, name",
            arguments: arguments)
        while let row = try alerts.next() { keys[row["incident_id"] as String]?.alertNames.append(row["name"]) }
        // Senders that report no alerts (generic, Statuspage): what fired is the incident's title.
        for id in order where keys[id]?.alertNames.isEmpty == true { keys[id]?.alertNames = [titles[id] ?? ""].filter { !$0.isEmpty } }
        let groups = try Row.fetchCursor(db, sql: """
            SELECT incident_id, key FROM incident_key WHERE role = 'owner' AND \(restricted("incident_id")) ORDER BY incident_id, key
            """, arguments: arguments)
        while let row = try groups.next() { keys[row["incident_id"] as String]?.groupKeys.append(row["key"]) }
        return order.compactMap { keys[$0] }
    }

    /// `values` as a JSON array, for `json_each`.
    private static func jsonArray(_ values: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(values), as: UTF8.self)) ?? "[]"
    }

    /// Up to `limit` earlier incidents that share an alert name, a service or the alert group of
    /// incident `id`, newest first, each with its postmortem's status, summary and open action
    /// items (as last digested); nil when the incident is unknown.
    public func relatedIncidents(to id: String, limit: Int) async throws -> RelatedIncidents? {
        let index = RelatedIndex(try await relationKeys(sharingWith: id))
        guard let list = index.related(to: id, limit: limit) else { return nil }
        let ids = list.matches.map(\.incidentID)
        return try await writer.read { db in
            var records: [String: IncidentRecord] = [:]
            for record in try IncidentRecord.filter(ids.contains(IncidentRecord.Columns.id)).fetchAll(db) { records[record.id] = record }
            var digests: [String: PostmortemDigestRecord] = [:]
            if !ids.isEmpty {
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
                for digest in try PostmortemDigestRecord.fetchAll(
                    db, sql: "SELECT * FROM (\(Self.primaryDigests)) WHERE incident_id IN (\(marks))", arguments: StatementArguments(ids)) {
                    if let incident = digest.incidentID { digests[incident] = digest }
                }
            }
            let incidents = list.matches.compactMap { match -> RelatedIncident? in
                guard let record = records[match.incidentID] else { return nil }
                let digest = digests[match.incidentID]
                return RelatedIncident(
                    match: match, title: record.title, status: record.status, startedAt: record.startedAt, resolvedAt: record.resolvedAt,
                    postmortemStatus: digest.map { $0.status ?? "draft" } ?? "none", postmortemFile: digest?.file,
                    summary: digest?.summary, openActions: digest?.openActions ?? [])
            }
            return RelatedIncidents(incidentID: id, incidents: incidents, counts: list.counts)
        }
    }
}
