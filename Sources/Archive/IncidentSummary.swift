import AftermathCore
import Foundation
import GRDB

/// An incident row as the site reads it (`AppDatabase.siteIncidents()`): plain columns, `services`
/// parsed on the spot, `labels` kept as JSON until a page needs them (Codable decoding of 10,000
/// rows costs more than a one-change rebuild may take).
public struct IncidentSummary: Sendable {
    public var id: String
    public var title: String
    public var source: String
    public var status: IncidentStatus
    public var severity: Severity
    public var services: [String]
    public var labelsJSON: String
    public var link: String?
    public var startedAt: Date
    public var acknowledgedAt: Date?
    public var resolvedAt: Date?
    public var updatedAt: Date

    /// The incident's labels (decoded when asked).
    public var labels: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(labelsJSON.utf8))) ?? [:]
    }

    static let columns = "id, title, source, status, severity, services, labels, link, started_at, acknowledged_at, resolved_at, updated_at"

    init?(row: Row) {
        guard let id: String = row["id"], let started: Date = row["started_at"] else { return nil }
        self.id = id
        title = row["title"] ?? ""
        source = row["source"] ?? ""
        status = (row["status"] as String?).flatMap(IncidentStatus.init(rawValue:)) ?? .triggered
        severity = (row["severity"] as String?).flatMap(Severity.init(rawValue:)) ?? .unknown
        let servicesJSON: String = row["services"] ?? "[]"
        services = JSONStrings.array(servicesJSON)
            ?? (try? JSONDecoder().decode([String].self, from: Data(servicesJSON.utf8))) ?? []
        labelsJSON = row["labels"] ?? "{}"
        link = row["link"]
        startedAt = started
        acknowledgedAt = row["acknowledged_at"]
        resolvedAt = row["resolved_at"]
        updatedAt = row["updated_at"] ?? started
    }
}

/// A small parser for the flat JSON string arrays the archive writes (`["a","b"]`); nil for
/// anything else, so callers fall back to `JSONDecoder`.
enum JSONStrings {
    static func array(_ text: String) -> [String]? {
        var bytes = Array(text.utf8)[...]
        func skipSpace() { while let b = bytes.first, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { bytes = bytes.dropFirst() } }
        skipSpace()
        guard bytes.first == 0x5B else { return nil }
        bytes = bytes.dropFirst()
        var out: [String] = []
        skipSpace()
        if bytes.first == 0x5D { return out }
        while true {
            skipSpace()
            guard bytes.first == 0x22 else { return nil }
            bytes = bytes.dropFirst()
            var value: [UInt8] = []
            while let b = bytes.first, b != 0x22 {
                if b == 0x5C { return nil }  // escapes: leave to JSONDecoder
                value.append(b)
                bytes = bytes.dropFirst()
            }
            guard bytes.first == 0x22 else { return nil }
            bytes = bytes.dropFirst()
            out.append(String(decoding: value, as: UTF8.self))
            skipSpace()
            if bytes.first == 0x2C { bytes = bytes.dropFirst(); continue }
            guard bytes.first == 0x5D else { return nil }
            return out
        }
    }
}
