import AftermathCore
import Foundation
import GRDB

/// What a capture asked for, of whom, over which window, and what came back — one entry per item.
public struct CaptureManifest: Codable, Sendable, Equatable {
    /// One item: its header's fields stand beside `id`, `collector`, `size`, `sha256` and
    /// `redactions` in the same JSON object.
    public struct Entry: HasEvidenceHeader, Codable, Sendable, Equatable {
        public var id: String
        public var collector: String
        public var header: EvidenceHeader
        public var size: Int
        public var sha256: String
        public var redactions: Int
    }

    public struct FailedJob: Codable, Sendable, Equatable {
        public var collector: String
        public var host: String?
        public var error: String
    }

    public var capture: Int64
    public var incident: String?
    public var kind: String
    public var windowStart: String
    public var windowEnd: String
    public var items: [Entry]
    /// Jobs that ended without evidence (abandoned after repeated interruptions).
    public var failedJobs: [FailedJob]

    enum CodingKeys: String, CodingKey {
        case capture, incident, kind, items
        case windowStart = "window_start", windowEnd = "window_end", failedJobs = "failed_jobs"
    }

    static func build(_ db: Database, capture: CaptureRecord) throws -> CaptureManifest {
        let rows = try EvidenceSummary.fetchAll(
            db, sql: "SELECT \(EvidenceSummary.columns) FROM evidence WHERE capture_id = ? ORDER BY seq", arguments: [capture.id])
        let failed = try CaptureJobRecord.fetchAll(
            db, sql: "SELECT * FROM capture_job WHERE capture_id = ? AND state = 'failed' ORDER BY id", arguments: [capture.id])
        return CaptureManifest(
            capture: capture.id, incident: capture.incidentID, kind: capture.kind.rawValue,
            windowStart: Timestamp.format(capture.windowStart), windowEnd: Timestamp.format(capture.windowEnd),
            items: rows.map { row in
                Entry(
                    id: row.id, collector: row.collector,
                    header: EvidenceHeader(
                        kind: row.kind, name: row.name, host: row.host, request: row.requestFields, status: row.status, error: row.error),
                    size: row.size, sha256: row.sha256, redactions: row.redactions)
            },
            failedJobs: failed.map { FailedJob(collector: $0.collector, host: $0.host, error: $0.lastError ?? "failed") })
    }

    func json() throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(self), as: UTF8.self)
    }

    /// One timeline line: `Capture (opening) finished: 9 items, 7 ok, 2 failed [ev-1 … ev-9]`.
    var summaryLine: String {
        let statuses = EvidenceStatus.tally(items.map(\.status))
        var line = "Capture (\(kind)) finished: \(items.count) item(s)"
        if !statuses.isEmpty { line += ", " + statuses.joined(separator: ", ") }
        if !failedJobs.isEmpty { line += ", \(failedJobs.count) job(s) abandoned" }
        if let first = items.first, let last = items.last {
            line += first.id == last.id ? " [\(first.id)]" : " [\(first.id) … \(last.id)]"
        }
        return line
    }
}

extension CaptureManifest.Entry {
    enum CodingKeys: String, CodingKey {
        case id, collector, size, sha256, redactions
    }

    public init(from decoder: any Decoder) throws {
        let entry = try decoder.container(keyedBy: CodingKeys.self)
        id = try entry.decode(String.self, forKey: .id)
        collector = try entry.decode(String.self, forKey: .collector)
        header = try EvidenceHeader(from: decoder)
        size = try entry.decode(Int.self, forKey: .size)
        sha256 = try entry.decode(String.self, forKey: .sha256)
        redactions = try entry.decode(Int.self, forKey: .redactions)
    }

    public func encode(to encoder: any Encoder) throws {
        var entry = encoder.container(keyedBy: CodingKeys.self)
        try entry.encode(id, forKey: .id)
        try entry.encode(collector, forKey: .collector)
        try header.encode(to: encoder)
        try entry.encode(size, forKey: .size)
        try entry.encode(sha256, forKey: .sha256)
        try entry.encode(redactions, forKey: .redactions)
    }
}
