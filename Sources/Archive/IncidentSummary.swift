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
        JSONStrings.object(labelsJSON) ?? (try? JSONDecoder().decode([String: String].self, from: Data(labelsJSON.utf8))) ?? [:]
    }

    /// The columns `init(row:)` reads, by position (GRDB's lookup by name costs a scan of the
    /// column names per value, ten times per row).
    static let columns = "id, title, source, status, severity, services, labels, link, started_at, acknowledged_at, resolved_at, updated_at"

    init?(row: Row) {
        guard let id: String = row[0], let started: Date = row[8] else { return nil }
        self.id = id
        title = row[1] ?? ""
        source = row[2] ?? ""
        status = (row[3] as String?).flatMap(IncidentStatus.init(rawValue:)) ?? .triggered
        severity = (row[4] as String?).flatMap(Severity.init(rawValue:)) ?? .unknown
        let servicesJSON: String = row[5] ?? "[]"
        services = JSONStrings.array(servicesJSON)
            ?? (try? JSONDecoder().decode([String].self, from: Data(servicesJSON.utf8))) ?? []
        labelsJSON = row[6] ?? "{}"
        link = row[7]
        startedAt = started
        acknowledgedAt = row[9]
        resolvedAt = row[10]
        updatedAt = row[11] ?? started
    }
}

/// A small parser for the flat JSON string arrays and string-to-string objects the archive writes
/// (`["a","b"]`, `{"k":"v"}`); nil for anything else (escapes included), so callers fall back to `JSONDecoder`.
enum JSONStrings {
    static func object(_ text: String) -> [String: String]? {
        var text = text
        return text.withUTF8 { parseObject($0) }
    }

    /// `{"key":"value",…}` with no escapes, no repeated key and nothing after the closing brace.
    private static func parseObject(_ bytes: UnsafeBufferPointer<UInt8>) -> [String: String]? {
        var i = 0
        let n = bytes.count
        func skipSpace() { while i < n, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 } }
        func string() -> String? {
            guard i < n, bytes[i] == 0x22 else { return nil }
            i += 1
            let start = i
            while i < n, bytes[i] != 0x22 {
                if bytes[i] == 0x5C || bytes[i] < 0x20 { return nil }
                i += 1
            }
            guard i < n else { return nil }
            defer { i += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        }
        func end() -> Bool {
            i += 1
            skipSpace()
            return i == n
        }
        skipSpace()
        guard i < n, bytes[i] == 0x7B else { return nil }
        i += 1
        var out: [String: String] = [:]
        skipSpace()
        if i < n, bytes[i] == 0x7D { return end() ? out : nil }
        while true {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard i < n, bytes[i] == 0x3A else { return nil }
            i += 1
            skipSpace()
            guard let value = string(), out.updateValue(value, forKey: key) == nil else { return nil }
            skipSpace()
            if i < n, bytes[i] == 0x2C { i += 1; continue }
            guard i < n, bytes[i] == 0x7D else { return nil }
            return end() ? out : nil
        }
    }

    static func array(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// One pass over the bytes: each string is sliced out whole (the site parses 10,000 of these per build).
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        var i = 0
        let n = bytes.count
        func skipSpace() { while i < n, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 } }
        skipSpace()
        guard i < n, bytes[i] == 0x5B else { return nil }
        i += 1
        var out: [String] = []
        skipSpace()
        if i < n, bytes[i] == 0x5D { return out }
        while true {
            skipSpace()
            guard i < n, bytes[i] == 0x22 else { return nil }
            i += 1
            let start = i
            while i < n, bytes[i] != 0x22 {
                if bytes[i] == 0x5C { return nil }  // escapes: leave to JSONDecoder
                i += 1
            }
            guard i < n else { return nil }
            out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
            i += 1
            skipSpace()
            if i < n, bytes[i] == 0x2C { i += 1; continue }
            guard i < n, bytes[i] == 0x5D else { return nil }
            return out
        }
    }
}
