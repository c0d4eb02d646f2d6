import AftermathCore
import Foundation
import GRDB

/// The rows a site page shows in full (alerts, timeline events, indexed log lines), read by column
/// position: GRDB's Codable decoding (a keyed container per row, a `JSONDecoder` per JSON column)
/// was ~2.5% of a full build. Each gives the record Codable decoding gives, and fails where it fails.
struct SiteRowError: Error, CustomStringConvertible {
    var description: String

    init(_ table: String, _ row: Row) {
        description = "\(table) row \((row[0] as Int64?).map(String.init) ?? "?") does not decode"
    }
}

extension AlertRecord {
    static let siteColumns =
        "id, incident_id, correlation_key, fingerprint, starts_at, ends_at, status, name, labels, annotations, generator_url"

    init(siteRow row: Row) throws {
        guard let incidentID: String = row[1], let correlationKey: String = row[2], let fingerprint: String = row[3],
              let startsAt: Date = row[4], let status = (row[6] as String?).flatMap(AlertStatus.init(rawValue:)), let name: String = row[7],
              let labels = Self.stringMap(row[8]), let annotations = Self.stringMap(row[9])
        else { throw SiteRowError("alert", row) }
        self.init(
            id: row[0], incidentID: incidentID, correlationKey: correlationKey, fingerprint: fingerprint, startsAt: startsAt, endsAt: row[5],
            status: status, name: name, labels: labels, annotations: annotations, generatorURL: row[10])
    }

    /// A `[String: String]` JSON column as GRDB stores it.
    private static func stringMap(_ json: String?) -> [String: String]? {
        guard let json else { return nil }
        return JSONStrings.object(json) ?? (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)))
    }
}

extension TimelineEventRecord {
    static let siteColumns = "id, incident_id, at, kind, source, actor, text, delivery_id, created_at"

    init(siteRow row: Row) throws {
        guard let incidentID: String = row[1], let at: Date = row[2], let kind = (row[3] as String?).flatMap(TimelineKind.init(rawValue:)),
              let source: String = row[4], let text: String = row[6], let createdAt: Date = row[8]
        else { throw SiteRowError("timeline_event", row) }
        self.init(
            id: row[0], incidentID: incidentID, at: at, kind: kind, source: source, actor: row[5], text: text, deliveryID: row[7],
            createdAt: createdAt)
    }
}

extension EvidenceLineRecord {
    static let siteColumns = "id, evidence_id, incident_id, line_no, ts, source, text"

    init(siteRow row: Row) throws {
        guard let id: Int64 = row[0], let evidenceID: String = row[1], let lineNo: Int = row[3], let source: String = row[5],
              let text: String = row[6]
        else { throw SiteRowError("evidence_line", row) }
        self.init(id: id, evidenceID: evidenceID, incidentID: row[2], lineNo: lineNo, ts: row[4], source: source, text: text)
    }
}
